/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * source.c - the sources of names to count: a directory's walk, a single
 * file, a --files0-from list; see source.h.  Runs in the parent.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "quote.h"
#include "source.h"

static int walk_next_entry(struct source *src, struct entry *e)
{
	struct walk_entry we;
	int r = walk_next(&src->walk, &we);

	if (r != 0) {
		e->path = we.path;
		e->pathlen = we.pathlen;
		e->rel = we.rel;
		e->rellen = we.rellen;
		e->err = we.err;
		if (r < 0 && we.loop) {
			e->msg = "symbolic link loop";
			e->warning = true;
		}
	}
	return r;
}

static int file_next_entry(struct source *src, struct entry *e)
{
	const char *base;
	size_t len;

	if (src->file_done)
		return 0;
	src->file_done = true;
	len = strlen(src->file);
	/* Globs see the file's base name. */
	while (len > 1 && src->file[len - 1] == '/')
		len--;
	base = memrchr(src->file, '/', len);
	base = base ? base + 1 : src->file;
	e->path = src->file;
	e->pathlen = strlen(src->file);
	e->rel = base;
	e->rellen = len - (size_t)(base - src->file);
	e->err = 0;
	/* Counted as a name the user gave, as wc counts its operand. */
	e->named = true;
	return 1;
}

/*
 * The --files0-from source: the names of the list, in its order, with
 * GNU wc's diagnostics for empty names and for "-" in a list read from
 * standard input.  Each name is counted as a file, as wc counts it: the
 * caller (run.c) stats it once it is selected.
 */
static int files0_next_entry(struct source *src, struct entry *e)
{
	const char *name;
	size_t len;
	int rc = files0_next(&src->files0, &name, &len);
	char num[32];

	memset(e, 0, sizeof(*e));
	strbuf_setlen(&src->label, 0);
	if (rc == 0)
		return 0;
	if (rc < 0) {
		e->path = src->list;
		e->pathlen = strlen(src->list);
		if (strbuf_addstr(&src->label, "read error: ") < 0 ||
		    strbuf_addstr(&src->label, strerror(errno)) < 0)
			e->err = ENOMEM;
		else
			e->msg = src->label.buf;
		return -1;
	}
	if (len == 0) {
		/* "LIST:N: ...", the list's name quoted but not the
		 * number: the message has no name of its own. */
		snprintf(num, sizeof(num), ":%llu: ",
			 (unsigned long long)src->files0.n);
		e->path = "";
		if (quote_arg(&src->label, src->list, strlen(src->list),
			      src->utf8, false) < 0 ||
		    strbuf_addstr(&src->label, num) < 0 ||
		    strbuf_addstr(&src->label,
				  "invalid zero-length file name") < 0) {
			e->err = ENOMEM;
		} else {
			e->msg = src->label.buf;
			/* The shard that owns it, by its message. */
			e->rel = src->label.buf;
			e->rellen = src->label.len;
		}
		e->input = true;
		return -1;
	}
	if (src->files0.fd == STDIN_FILENO && strcmp(name, "-") == 0) {
		/* GNU wc 9.11's words (9.5 to 9.7 said "from stdin"). */
		e->path = "";
		e->msg = "when reading file names from standard input, "
			 "no file name of '-' allowed";
		e->input = true;
		return -1;
	}
	e->path = name;
	e->pathlen = len;
	/* Globs and filters see the name as given, without a leading "./"
	 * (find . -print0 writes ./a/b). */
	while (len > 2 && name[0] == '.' && name[1] == '/') {
		name += 2;
		len -= 2;
		while (len > 1 && name[0] == '/') {
			name++;
			len--;
		}
	}
	e->rel = name;
	e->rellen = len;
	e->named = true;
	return 1;
}

int source_walk(struct source *src, const char *root,
		const struct walk_config *cfg)
{
	memset(src, 0, sizeof(*src));
	if (walk_open(&src->walk, root, cfg) < 0)
		return -1;
	src->next = walk_next_entry;
	return 0;
}

void source_file(struct source *src, const char *path)
{
	memset(src, 0, sizeof(*src));
	src->file = path;
	src->next = file_next_entry;
}

int source_files0(struct source *src, const char *list, bool utf8,
		  const volatile sig_atomic_t *stop)
{
	memset(src, 0, sizeof(*src));
	if (files0_open(&src->files0, list) < 0)
		return -1;
	src->list = list;
	src->utf8 = utf8;
	src->files0.stop = stop;
	src->next = files0_next_entry;
	return 0;
}

void source_release(struct source *src)
{
	/* Each is fine zeroed, as the source_*() calls leave the others. */
	walk_release(&src->walk);
	files0_release(&src->files0);
	strbuf_release(&src->label);
	src->next = NULL;
}
