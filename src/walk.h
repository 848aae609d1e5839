/* SPDX-License-Identifier: BSD-2-Clause */
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
 * struct walk_config (NULL for the defaults: none of these) changes that:
 *
 *  - max_depth N >= 0: ROOT's entries are at depth 1, as with find
 *    -maxdepth; files at depth <= N are yielded, directories at depth N are
 *    not opened, and N = 0 yields nothing.
 *  - follow: symbolic links are followed: a link to a regular file is a
 *    file (named by the link), a link to a directory is entered.  A
 *    directory that is one of its own ancestors (same st_dev and st_ino)
 *    is a loop: it is not entered, and walk_next() reports it once, as
 *    -1 with E->loop set (a warning for the caller, not an error).  A
 *    link that leads nowhere (dangling, or a chain of links that never
 *    ends) is skipped silently, like a FIFO.  Each symbolic link costs one
 *    stat, and each directory opened at or below a link to a directory
 *    one fstat; elsewhere loops cannot happen and cost nothing.
 *  - xdev: directories on another file system than ROOT's (st_dev) are
 *    not entered, as with find -xdev; one fstat per directory.
 *  - prune: asked about every directory below ROOT, with its path
 *    relative to ROOT, before it is opened (after the depth check);
 *    returning true skips it.
 *
 * A directory is read whole and sorted before the walk goes on, so memory
 * is the names of the directories on the current path, nothing more.
 * One file descriptor is held per level while descriptors last; when
 * opening a directory fails with EMFILE or ENFILE, the walk closes the
 * descriptor of the level nearest ROOT (after noting its device and
 * inode) and opens it again by name, from the nearest open level, when
 * it needs it; a directory that is no longer the same one is reported
 * once as ENOENT.  So a tree of any depth is walked under any descriptor
 * limit that leaves a few free.
 *
 * walk_next() returns 1 with *E describing a file, 0 at the end, or -1
 * when a directory below ROOT could not be opened or read: E->path names
 * it and E->err holds the errno; the walk itself goes on with the next
 * entry, so the caller reports the error and calls walk_next() again.
 * With follow, -1 with E->loop set (E->err ELOOP) names a symbolic link
 * that leads back to one of its ancestors.
 * E's strings belong to the walk and stay valid until the next call.
 * walk_open() returns 0, or -1 with errno set (ROOT is not a directory,
 * cannot be opened, or memory ran out).
 *
 * Parent only (it is the parent that owns the source).
 */
#ifndef FSTAT_PAR_WALK_H
#define FSTAT_PAR_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "strbuf.h"

struct walk_entry {
	const char *path;   /* ROOT joined with the relative path, as find prints */
	size_t pathlen;     /* (for an error, not always followed by a NUL) */
	const char *rel;    /* the path relative to ROOT (a suffix of path) */
	size_t rellen;
	int err;            /* errno, when walk_next() returned -1 */
	bool loop;          /* -1 for a symbolic link loop (follow only) */
};

struct walk_frame;

/* Bytes asked of getdents64(2) at a time. */
#define WALK_DBUF (32 * 1024)

/* Whether to skip the directory REL (relative to ROOT); see above. */
typedef bool walk_prune_fn(void *ctx, const char *rel, size_t rellen);

struct walk_config {
	long max_depth;             /* -1 for no limit */
	bool follow;                /* follow symbolic links */
	bool xdev;                  /* stay on ROOT's file system */
	walk_prune_fn *prune;       /* NULL: enter every directory */
	void *prune_ctx;
};

struct walk {
	struct strbuf path;         /* display path of the current entry */
	size_t rootlen;             /* bytes of path before the relative part */
	struct walk_frame *stack;   /* frames in use, then spare ones */
	size_t depth, alloc;
	void *dbuf;                 /* getdents64 buffer, WALK_DBUF bytes */
	walk_prune_fn *prune;       /* may also be set after walk_open() */
	void *prune_ctx;
	size_t max_depth;           /* SIZE_MAX for no limit */
	int dir_flags;              /* openat() flags for a directory */
	bool follow;
	bool xdev;
	dev_t root_dev;             /* with xdev */
	size_t nlinks;              /* frames entered through a link */
};

int walk_open(struct walk *w, const char *root, const struct walk_config *cfg);
int walk_next(struct walk *w, struct walk_entry *e);
void walk_release(struct walk *w);

#endif
