/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * source.h - where the names to count come from, one interface for each
 * kind: the walk of a directory (walk.h), a single file named as the root,
 * and a --files0-from list (files0.h), each yielding entries in order.
 * Runs in the parent; run.c takes the entries.  An archive's entries come
 * with their bytes, through archive_source.h, and standard input or a
 * FIFO is one stream that run.c counts itself.
 */
#ifndef FSTAT_PAR_SOURCE_H
#define FSTAT_PAR_SOURCE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "files0.h"
#include "strbuf.h"
#include "walk.h"

/* One entry from a source: what to count, and the path globs match. */
struct entry {
	const char *path;
	size_t pathlen;
	const char *rel;
	size_t rellen;
	int err;
	const char *msg;        /* for an error: the message, if not err's */
	bool named;             /* a name the user gave: counted as wc
				 * counts its operands (run.c) */
	bool warning;           /* for an error: only a warning (a loop) */
	bool input;             /* for an error: it stands for an input (a
				 * bad name in a list), for --total=auto */
};

/*
 * A source: source_next() gives 1 and an entry, 0 at the end, or -1 and
 * an entry that is an error to report in order (its path, and err or
 * msg).  An entry stays valid until the next call.
 */
struct source {
	int (*next)(struct source *src, struct entry *e);
	struct walk walk;
	const char *file;       /* the single-file source */
	bool file_done;
	struct files0 files0;   /* the --files0-from source */
	const char *list;       /* its name, as given */
	bool utf8;              /* UTF-8 mode, to quote its name */
	struct strbuf label;    /* a message, for its errors */
};

static inline int source_next(struct source *src, struct entry *e)
{
	return src->next(src, e);
}

/* The walk of directory ROOT (walk.h): 0, or -1 with errno set. */
int source_walk(struct source *src, const char *root,
		const struct walk_config *cfg);

/* The one file PATH, a name the user gave; globs see its base name. */
void source_file(struct source *src, const char *path);

/*
 * The names of the --files0-from list LIST, in its order, with GNU wc's
 * diagnostics for empty names and for "-" in a list read from standard
 * input (UTF8: how to quote the list's name in them).  STOP ends a wait
 * for a slow list's next names.  0, or -1 with errno set when LIST cannot
 * be opened.  src->files0.fd is the list, open.
 */
int source_files0(struct source *src, const char *list, bool utf8,
		  const volatile sig_atomic_t *stop);

/* Free what the source holds; a zeroed source is fine. */
void source_release(struct source *src);

#endif
