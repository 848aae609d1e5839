/* arclib.c - libarchive loaded on first use; see arclib.h. */
#include "compat.h"

#include <stdbool.h>
#include <stddef.h>

#include "arclib.h"

#ifdef LIBARCHIVE_DLOPEN

#include <dlfcn.h>
#include <stdio.h>

struct arclib la;

/* The loader's message, kept: the next dl call may overwrite its own. */
static const char *loader_msg(void)
{
	static char why[512];
	const char *m = dlerror();

	snprintf(why, sizeof(why), "%s", m ? m : "cannot load "
		 LIBARCHIVE_SONAME);
	return why;
}

int arclib_load(const char **msg)
{
	static bool loaded;
	struct arclib fns;
	void *lib, *sym;

	if (loaded)
		return 0;
	/* RTLD_NOW: a library that lacks something fails here, with a
	 * message, and not in the middle of an archive. */
	lib = dlopen(LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		*msg = loader_msg();
		return -1;
	}
#define ARCLIB_LOAD(name) \
	if (!(sym = dlsym(lib, #name))) \
		goto missing; \
	fns.name = (__typeof__(fns.name))sym;
	ARCLIB_FUNCS(ARCLIB_LOAD)
#undef ARCLIB_LOAD
	la = fns;
	loaded = true;
	return 0;

missing:
	*msg = loader_msg();
	dlclose(lib);
	return -1;
}

#else /* !LIBARCHIVE_DLOPEN: linked */

struct arclib la = {
#define ARCLIB_INIT(name) .name = name,
	ARCLIB_FUNCS(ARCLIB_INIT)
#undef ARCLIB_INIT
};

int arclib_load(const char **msg)
{
	(void)msg;
	return 0;
}

#endif
