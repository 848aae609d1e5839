/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * walk.c - the directory source; see walk.h.
 *
 * The walk keeps a stack of frames, one per directory on the current path.
 * A frame holds the directory's open descriptor and all of its entry names,
 * read at once and sorted, so the output order is a function of the names
 * alone and never of the file system's readdir order.
 *
 * Frames are reused as the walk goes up and down, buffers and all, and on
 * Linux the entries come straight from getdents64(2) into one buffer of
 * the walk's: no DIR object, hence no allocation and no fcntl(2) per
 * directory, which on a tree of small directories is most of the walk's
 * own cost.
 *
 * The options must not add to that cost when they are not used, and add
 * little when they are.  The depth limit is a compare per directory.
 * --xdev needs each directory's st_dev: one fstat(2) of the descriptor
 * just opened.  --follow stats symbolic links only (d_type says which
 * entries are links), and loop detection needs the identity (st_dev,
 * st_ino) of the directories on the current path.  A tree of real
 * directories has no cycles, so a cycle holds a link, and when the walk
 * comes back to a directory on its path, the link that closed the
 * cycle is on the path too, or is the directory itself.  So directories
 * are checked only while the path holds a link to a directory (or when
 * opening one): the identity of the new one with fstat(2), and those of
 * the frames above it not yet known, from the descriptors the frames
 * hold anyway.  A tree without links to directories pays nothing for
 * loop detection.
 */
#include "compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk.h"

enum entry_kind {
	KIND_FILE,
	KIND_DIR,
	KIND_LINKDIR,           /* a symbolic link to a directory (follow) */
};

/* Eight bytes an entry: a directory of 200k files needs 1.6 MB here
 * (and as much again for qsort's scratch), not 4.8 MB. */
struct dent {
	uint32_t off;           /* offset of the name in the frame's arena */
	uint16_t len;           /* at most NAME_MAX */
	uint8_t kind;           /* enum entry_kind */
};

struct walk_frame {
#ifndef HAVE_GETDENTS64
	DIR *dir;               /* owns the descriptor */
#endif
	int fd;                 /* -1 when the frame is not in use */
	struct strbuf names;    /* NUL-separated entry names */
	struct dent *ents;
	size_t n, alloc, next;
	size_t pathlen;         /* length of w->path up to this directory's '/' */
	bool via_link;          /* entered through a symbolic link */
	bool id_known;          /* dev and ino are set (see the top) */
	dev_t dev;
	ino_t ino;
};

static int cmp_dent(const void *a, const void *b, void *arg)
{
	const char *arena = arg;
	const struct dent *x = a, *y = b;

	return strcmp(arena + x->off, arena + y->off);
}

/* Close F's directory; its buffers stay for the next directory. */
static void frame_close(struct walk_frame *f)
{
#ifdef HAVE_GETDENTS64
	if (f->fd >= 0)
		close(f->fd);
#else
	if (f->dir)
		closedir(f->dir);
	else if (f->fd >= 0)
		close(f->fd);   /* reopened by unpark(): no DIR */
	f->dir = NULL;
#endif
	f->fd = -1;
	strbuf_setlen(&f->names, 0);
	f->n = f->next = 0;
}

/*
 * Classify the entry NAME of DIRFD, of type TYPE (a DT_ value).  Returns 1
 * to keep it with *KIND set, 0 to skip it (FIFOs, sockets, devices,
 * entries that vanished, and symbolic links unless FOLLOW, then those
 * that lead nowhere).
 */
static int classify(int dirfd, const char *name, unsigned char type,
		    bool follow, enum entry_kind *kind)
{
	struct stat st;

	switch (type) {
	case DT_REG:
		*kind = KIND_FILE;
		return 1;
	case DT_DIR:
		*kind = KIND_DIR;
		return 1;
	case DT_LNK:
		if (!follow)
			return 0;
		goto target;
	case DT_UNKNOWN:
		break;
	default:
		return 0;
	}
	/* Some file systems do not fill in d_type; only then do we stat. */
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	if (S_ISREG(st.st_mode)) {
		*kind = KIND_FILE;
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		*kind = KIND_DIR;
		return 1;
	}
	if (!S_ISLNK(st.st_mode) || !follow)
		return 0;
target:
	/* Dangling links, and chains of links that never end (ELOOP), are
	 * skipped like anything else that is not a file or a directory. */
	if (fstatat(dirfd, name, &st, 0) < 0)
		return 0;
	if (S_ISREG(st.st_mode)) {
		*kind = KIND_FILE;
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		*kind = KIND_LINKDIR;
		return 1;
	}
	return 0;
}

/* Add entry NAME of type TYPE to F, unless it is "." or ".." or skipped. */
static int frame_add(struct walk_frame *f, const char *name,
		     unsigned char type, bool follow)
{
	enum entry_kind kind;
	size_t len;

	if (name[0] == '.' && (name[1] == '\0' ||
	    (name[1] == '.' && name[2] == '\0')))
		return 0;
	if (!classify(f->fd, name, type, follow, &kind))
		return 0;
	if (f->n == f->alloc) {
		size_t na = f->alloc ? f->alloc * 2 : 64;
		struct dent *p = reallocarray(f->ents, na, sizeof(*p));

		if (!p)
			return -1;
		f->ents = p;
		f->alloc = na;
	}
	len = strlen(name);
	if (len > UINT16_MAX || f->names.len > UINT32_MAX - len - 1) {
		/* Names of 4 GiB in one directory: not a real one. */
		errno = EOVERFLOW;
		return -1;
	}
	f->ents[f->n].off = (uint32_t)f->names.len;
	f->ents[f->n].len = (uint16_t)len;
	f->ents[f->n].kind = (uint8_t)kind;
	if (strbuf_add(&f->names, name, len + 1) < 0)
		return -1;
	f->n++;
	return 0;
}

/*
 * Read every entry of F's directory and sort them.  On a read error the
 * entries read so far are kept and -1 is returned with errno set.
 */
static int frame_fill(struct walk *w, struct walk_frame *f)
{
	int ret = 0;

#ifdef HAVE_GETDENTS64
	if (!w->dbuf && !(w->dbuf = malloc(WALK_DBUF)))
		return -1;
	for (;;) {
		ssize_t n = getdents64(f->fd, w->dbuf, WALK_DBUF);
		size_t off = 0;

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				ret = -1;
			break;
		}
		while (off < (size_t)n) {
			const struct dirent64 *de =
				(const void *)((char *)w->dbuf + off);

			if (frame_add(f, de->d_name, de->d_type,
				      w->follow) < 0)
				return -1;
			off += de->d_reclen;
		}
	}
#else
	for (;;) {
		struct dirent *de;

		errno = 0;
		de = readdir(f->dir);
		if (!de) {
			if (errno)
				ret = -1;
			break;
		}
		if (frame_add(f, de->d_name, de->d_type, w->follow) < 0)
			return -1;
	}
#endif
	if (f->n > 1)
		qsort_r(f->ents, f->n, sizeof(*f->ents), cmp_dent, f->names.buf);
	return ret;
}

/*
 * Push a frame for the directory open as FD, whose path is w->path; ST,
 * when not NULL, is its fstat(2); LINK: reached through a symbolic link.
 */
static int push_frame(struct walk *w, int fd, const struct stat *st,
		      bool link)
{
	struct walk_frame *f;

	if (w->depth == w->alloc) {
		size_t na = w->alloc ? w->alloc * 2 : 16;
		struct walk_frame *p = reallocarray(w->stack, na, sizeof(*p));

		if (!p) {
			close(fd);
			return -1;
		}
		memset(p + w->alloc, 0, (na - w->alloc) * sizeof(*p));
		w->stack = p;
		w->alloc = na;
	}
	f = &w->stack[w->depth];
	f->via_link = link;
	f->id_known = st != NULL;
	if (st) {
		f->dev = st->st_dev;
		f->ino = st->st_ino;
	}
#ifdef HAVE_GETDENTS64
	f->fd = fd;
#else
	f->dir = fdopendir(fd);
	if (!f->dir) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	f->fd = fd;
#endif
	if (w->path.len > w->rootlen && w->path.buf[w->path.len - 1] != '/') {
		if (strbuf_addch(&w->path, '/') < 0) {
			frame_close(f);
			return -1;
		}
	}
	f->pathlen = w->path.len;
	w->depth++;
	w->nlinks += link;
	if (frame_fill(w, f) < 0)
		return -1;
	return 0;
}

int walk_open(struct walk *w, const char *root, const struct walk_config *cfg)
{
	size_t len = strlen(root);
	struct stat st;
	int fd, saved;

	memset(w, 0, sizeof(*w));
	w->max_depth = SIZE_MAX;
	w->dir_flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (cfg) {
		if (cfg->max_depth >= 0)
			w->max_depth = (size_t)cfg->max_depth;
		w->follow = cfg->follow;
		w->xdev = cfg->xdev;
		w->prune = cfg->prune;
		w->prune_ctx = cfg->prune_ctx;
		if (w->follow)
			w->dir_flags &= ~O_NOFOLLOW;
	}
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (w->xdev) {
		if (fstat(fd, &st) < 0)
			goto fail_fd;
		w->root_dev = st.st_dev;
	}
	/* Join names to ROOT as find(1) does: no second '/' after one. */
	if (strbuf_add(&w->path, root, len) < 0 ||
	    ((len == 0 || root[len - 1] != '/') &&
	     strbuf_addch(&w->path, '/') < 0))
		goto fail_fd;
	w->rootlen = w->path.len;
	/* With --max-depth=0 nothing below ROOT is wanted: ROOT had to be a
	 * directory that opens, nothing more. */
	if (w->max_depth == 0) {
		close(fd);
		return 0;
	}
	if (push_frame(w, fd, w->xdev ? &st : NULL, false) < 0)
		goto fail;
	return 0;

fail_fd:
	saved = errno;
	close(fd);
	errno = saved;
fail:
	saved = errno;
	walk_release(w);
	errno = saved;
	return -1;
}

/*
 * Whether the directory just opened as FD, a symbolic link to a directory
 * when LINK, may be entered: 1 (with *HAVE_ST set when *ST is its fstat),
 * 0 when it is on another file system (xdev), -1 with errno when fstat
 * failed, -2 when it is a loop: one of the directories on the current
 * path (see the top of the file for when that can be).
 */
static int check_dir(struct walk *w, int fd, bool link, struct stat *st,
		     bool *have_st)
{
	bool loops = link || w->nlinks > 0;
	size_t i;

	*have_st = false;
	if (!w->xdev && !loops)
		return 1;
	if (fstat(fd, st) < 0)
		return -1;
	*have_st = true;
	if (w->xdev && st->st_dev != w->root_dev)
		return 0;
	if (!loops)
		return 1;
	for (i = 0; i < w->depth; i++) {
		struct walk_frame *f = &w->stack[i];

		if (!f->id_known) {
			struct stat fst;

			if (fstat(f->fd, &fst) < 0)
				return -1;
			f->dev = fst.st_dev;
			f->ino = fst.st_ino;
			f->id_known = true;
		}
		if (f->dev == st->st_dev && f->ino == st->st_ino)
			return -2;
	}
	return 1;
}

/*
 * Out of descriptors (EMFILE, ENFILE): a frame's entries are all read when
 * it is pushed, so its descriptor is needed again only to open the
 * directories below it.  Close the one of the frame nearest ROOT that
 * still has one, but never ROOT's (every reopen starts from an open frame)
 * nor TOP's (the directory being read from now), after noting its
 * identity so that unpark() reopens the same directory.  Returns 0, or -1
 * with errno EMFILE when no frame can give its descriptor up.
 */
static int park(struct walk *w, size_t top)
{
	size_t i;

	for (i = 1; i < top; i++) {
		struct walk_frame *f = &w->stack[i];
		struct stat st;

		if (f->fd < 0)
			continue;
		if (!f->id_known) {
			if (fstat(f->fd, &st) < 0)
				return -1;
			f->dev = st.st_dev;
			f->ino = st.st_ino;
			f->id_known = true;
		}
#ifdef HAVE_GETDENTS64
		close(f->fd);
#else
		if (f->dir)
			closedir(f->dir);
		else
			close(f->fd);
		f->dir = NULL;
#endif
		f->fd = -1;
		return 0;
	}
	errno = EMFILE;
	return -1;
}

/*
 * Give frame K back its descriptor: reopen each parked frame from the
 * nearest open one above it, by the name in w->path, keeping each
 * descriptor (parking others when they run out).  A directory that is not
 * the one the walk read (renamed or replaced since) is an error, ENOENT:
 * its entries are no longer where the walk found them.  Returns 0, or -1
 * with errno set.
 */
static int unpark(struct walk *w, size_t k)
{
	size_t j = k;

	while (w->stack[j].fd < 0)
		j--;            /* stack[0] is never parked */
	while (j < k) {
		struct walk_frame *up = &w->stack[j], *f = &w->stack[j + 1];
		size_t len = f->pathlen - 1 - up->pathlen;
		char name[NAME_MAX + 1];
		struct stat st;
		int fd;

		if (len > NAME_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, w->path.buf + up->pathlen, len);
		name[len] = '\0';
		for (;;) {
			fd = openat(up->fd, name, w->dir_flags);
			if (fd >= 0 || (errno != EMFILE && errno != ENFILE))
				break;
			if (park(w, j) < 0)
				return -1;
		}
		if (fd < 0)
			return -1;
		if (fstat(fd, &st) < 0 || st.st_dev != f->dev ||
		    st.st_ino != f->ino) {
			close(fd);
			errno = ENOENT;
			return -1;
		}
		f->fd = fd;
		j++;
	}
	return 0;
}

int walk_next(struct walk *w, struct walk_entry *e)
{
	while (w->depth > 0) {
		struct walk_frame *f = &w->stack[w->depth - 1];
		const struct dent *d;
		const char *name;
		struct stat st;
		bool have_st;
		int fd, rc;

		if (f->next == f->n) {
			w->nlinks -= f->via_link;
			frame_close(f);
			w->depth--;
			continue;
		}
		d = &f->ents[f->next++];
		name = f->names.buf + d->off;
		strbuf_setlen(&w->path, f->pathlen);
		if (strbuf_add(&w->path, name, d->len) < 0)
			goto fail;

		if (d->kind == KIND_FILE) {
			e->path = w->path.buf;
			e->pathlen = w->path.len;
			e->rel = w->path.buf + w->rootlen;
			e->rellen = w->path.len - w->rootlen;
			e->err = 0;
			e->loop = false;
			return 1;
		}

		/* Its entries would be at depth w->depth + 1. */
		if (w->depth >= w->max_depth)
			continue;
		if (w->prune && w->prune(w->prune_ctx, w->path.buf + w->rootlen,
					 w->path.len - w->rootlen))
			continue;
		if (f->fd < 0 && unpark(w, w->depth - 1) < 0) {
			/* Report the directory once, and leave it. */
			f->next = f->n;
			strbuf_setlen(&w->path, f->pathlen);
			goto fail;
		}
		/* A deep tree may need more descriptors than we may
		 * have: give up those of the directories above. */
		while ((fd = openat(f->fd, name, w->dir_flags)) < 0 &&
		       (errno == EMFILE || errno == ENFILE)) {
			int saved = errno;

			if (park(w, w->depth - 1) < 0) {
				errno = saved;
				break;
			}
		}
		if (fd < 0) {
			/* A directory replaced by something else since
			 * readdir is no longer ours to enter. */
			if (errno == ENOTDIR || errno == ELOOP ||
			    errno == ENOENT)
				continue;
			goto fail;
		}
		rc = check_dir(w, fd, d->kind == KIND_LINKDIR, &st, &have_st);
		if (rc != 1) {
			int saved = errno;

			close(fd);
			if (rc == 0)
				continue;
			if (rc == -1) {
				errno = saved;
				goto fail;
			}
			e->path = w->path.buf;
			e->pathlen = w->path.len;
			e->rel = w->path.buf + w->rootlen;
			e->rellen = w->path.len - w->rootlen;
			e->err = ELOOP;
			e->loop = true;
			return -1;
		}
		if (push_frame(w, fd, have_st ? &st : NULL,
			       d->kind == KIND_LINKDIR) < 0)
			goto fail;
	}
	return 0;

fail:
	e->err = errno;
	e->loop = false;
	/* Name the directory itself, not "dir/", but leave w->path as it
	 * is: a frame pushed before its read failed keeps the entries it
	 * read, and its pathlen counts the '/'. */
	e->path = w->path.buf;
	e->pathlen = w->path.len;
	if (e->pathlen > w->rootlen && e->path[e->pathlen - 1] == '/')
		e->pathlen--;
	e->rel = w->path.buf + w->rootlen;
	e->rellen = e->pathlen - w->rootlen;
	return -1;
}

void walk_release(struct walk *w)
{
	size_t i;

	while (w->depth > 0)
		frame_close(&w->stack[--w->depth]);
	for (i = 0; i < w->alloc; i++) {
		strbuf_release(&w->stack[i].names);
		free(w->stack[i].ents);
	}
	free(w->stack);
	w->stack = NULL;
	w->alloc = 0;
	free(w->dbuf);
	w->dbuf = NULL;
	strbuf_release(&w->path);
}
