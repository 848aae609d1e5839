/* SPDX-License-Identifier: BSD-2-Clause */
/* arclib.c - libarchive loaded on first use; see arclib.h. */
#include "compat.h"

#include <stdbool.h>
#include <stddef.h>

#include "arclib.h"

#ifdef LIBARCHIVE_DLOPEN

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A loaded library is no DT_NEEDED entry, so packaging tools that derive
 * dependencies from those would miss it: say it in a .note.dlopen note
 * instead (the ELF dlopen metadata of systemd.io/ELF_DLOPEN_METADATA,
 * read by dh-dlopenlibdeps and rpm's generators): owner "FDO", type
 * 0x407c0c0a, a JSON array, in a 4-byte aligned read-only note section.
 * Required: every ROOT that is not a directory goes through libarchive.
 */
#define DLOPEN_NOTE_JSON \
	"[{\"feature\":\"archive\"," \
	"\"description\":\"Read archives, and tell them from plain files\"," \
	"\"priority\":\"required\"," \
	"\"soname\":[\"" LIBARCHIVE_SONAME "\"]}]"

__attribute__((used, section(".note.dlopen"), aligned(4)))
static const struct {
	uint32_t namesz, descsz, type;
	char name[4];                           /* "FDO" */
	_Alignas(4) char desc[(sizeof(DLOPEN_NOTE_JSON) + 3) & ~(size_t)3];
} dlopen_note = {
	.namesz = 4,
	.descsz = sizeof(dlopen_note.desc),
	.type = UINT32_C(0x407c0c0a),
	.name = "FDO",
	.desc = DLOPEN_NOTE_JSON,
};

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

const char *arclib_name(void)
{
	return LIBARCHIVE_SONAME;
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

const char *arclib_name(void)
{
	return "libarchive";
}

#endif
