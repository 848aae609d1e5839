/*
 * walk.h - the directory source: every regular file under ROOT, depth
 * first, the entries of each directory in byte order of their names.
 *
 * walk_open() opens ROOT (which must be a directory; a symbolic link given
 * as ROOT is followed, as du and wc follow their operands).  Each
 * walk_next() then yields one regular file.  Below ROOT, symbolic links are
 * not followed, and FIFOs, sockets and devices are skipped without being
 * opened: the walk learns each entry's type from the entry's d_type, and only
 * calls fstatat() on file systems that do not fill it in.
 *
 * A directory is read whole and sorted before the walk goes on, so memory
 * is the names of the directories on the current path, nothing more; one
 * file descriptor is held per level.
 *
 * walk_next() returns 1 with *E describing a file, 0 at the end, or -1
 * when a directory below ROOT could not be opened or read: E->path names
 * it and E->err holds the errno; the walk itself goes on with the next
 * entry, so the caller reports the error and calls walk_next() again.
 * E's strings belong to the walk and stay valid until the next call.
 *
 * Parent only (it is the parent that owns the source).
 */
#ifndef FSTAT_PAR_WALK_H
#define FSTAT_PAR_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

struct walk_entry {
	const char *path;   /* ROOT joined with the relative path, as find prints */
	size_t pathlen;
	const char *rel;    /* the path relative to ROOT (a suffix of path) */
	size_t rellen;
	int err;            /* errno, when walk_next() returned -1 */
};

struct walk_frame;

/* Bytes asked of getdents64(2) at a time. */
#define WALK_DBUF (32 * 1024)

/*
 * PRUNE, when set, is asked about every directory below ROOT before it is
 * entered, with its path relative to ROOT; returning true skips it.
 */
typedef bool walk_prune_fn(void *ctx, const char *rel, size_t rellen);

struct walk {
	struct strbuf path;         /* display path of the current entry */
	size_t rootlen;             /* bytes of path before the relative part */
	struct walk_frame *stack;   /* frames in use, then spare ones */
	size_t depth, alloc;
	void *dbuf;                 /* getdents64 buffer, WALK_DBUF bytes */
	walk_prune_fn *prune;
	void *prune_ctx;
};

int walk_open(struct walk *w, const char *root);
int walk_next(struct walk *w, struct walk_entry *e);
void walk_release(struct walk *w);

#endif
