/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * count_file.c - counting one file or stream; see count_file.h.
 *
 * Runs in a worker process (its main thread, and the opener in its
 * read-ahead threads too) and in the parent, which counts standard input
 * itself and every file when no worker could be started.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "count_file.h"
#include "fsize.h"
#include "platform.h"

/* read(2), or pread(2) at OFF when OFF >= 0, retried when interrupted. */
ssize_t count_file_read_at(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n;

	do
		n = off < 0 ? read(fd, buf, len) : pread(fd, buf, len, off);
	while (n < 0 && errno == EINTR);
	return n;
}

/*
 * read(2), retried when interrupted, unless STOP (or NULL) is set: then
 * -1 with EINTR, so that a parent blocked on a slow stream hears a signal.
 */
static ssize_t read_stop(int fd, void *buf, size_t len,
			 const volatile sig_atomic_t *stop)
{
	ssize_t n;

	for (;;) {
		if (stop && *stop) {
			errno = EINTR;
			return -1;
		}
		n = read(fd, buf, len);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

void count_stream_begin(struct count_stream *cs, enum count_mode mode,
			unsigned want, struct linematch *lm)
{
	count_init(&cs->st, mode, want);
	cs->lm = lm;
	if (lm)
		linematch_reset(lm);
}

bool count_stream_feed(struct count_stream *cs, const void *buf, size_t len)
{
	count_update(&cs->st, buf, len);
	if (!cs->lm)
		return true;
	if (!cs->lm->failed)
		(void)linematch_update(cs->lm, buf, len);
	return !cs->lm->failed;
}

void count_stream_hole(struct count_stream *cs, uint64_t n)
{
	count_update_zeros(&cs->st, n);
}

struct file_err count_stream_end(struct count_stream *cs, struct counts *c,
				 int err)
{
	count_finish(&cs->st, c);
	if (!cs->lm)
		return file_err_errno(err);
	/* A file whose matches are unknown gets no row. */
	if (linematch_finish(cs->lm) < 0)
		return file_err_match(linematch_error(cs->lm));
	c->matches = cs->lm->matches;
	return file_err_errno(err);
}

/*
 * Sparse files
 *
 * A hole reads as NUL bytes, whose counts follow from their number
 * (count_update_zeros), so a file with holes is read only where it has
 * data: lseek's SEEK_DATA and SEEK_HOLE (platform_next_data) give each
 * data extent, the bytes between two extents are counted as a hole.  Only
 * a regular file that has fewer blocks than its size needs can have
 * holes, so an ordinary file costs one fstat() and is read as before.
 * Not on a file system whose sizes may be placeholders (fsize.h): there
 * the size says nothing about where the bytes end.
 *
 * The file may change while it is read: the extents are asked for as the
 * reading gets to them, a read that gives 0 bytes is the end wherever it
 * comes, and a hole that runs to the end is taken as long as the file is
 * when it is met, then a read there confirms the end (or finds what was
 * added since).  Where the system cannot tell the extents, the rest is
 * read as it would be without holes.  The matcher of --count-matches sees
 * lines, so with it files are read whole as before.
 */
bool count_file_has_holes(int fd)
{
	struct fsize_fs fs = { .known = false };
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	       st.st_size > 0 && st.st_blocks >= 0 &&
	       (uint64_t)st.st_blocks * 512 < (uint64_t)st.st_size &&
	       fsize_trusted(&fs, fd, &st);
}

/*
 * What is at OFF of the file FD with holes: the length of the hole that
 * starts there, at most LIMIT - OFF, or 0 when data does; *DEND is then
 * where that hole's next data ends (UINT64_MAX: read to the end).  -1
 * when the file system cannot tell: read the rest.
 */
static int64_t hole_at(int fd, uint64_t off, uint64_t limit, uint64_t *dend)
{
	off_t data, hole;
	struct stat st;
	int r = platform_next_data(fd, (off_t)off, &data, &hole);

	if (r < 0)
		return -1;
	if (r == 0) {
		/* A hole up to the end, as long as the file is now; a read
		 * there then finds the end, or what was added since. */
		if (fstat(fd, &st) < 0)
			return -1;
		*dend = UINT64_MAX;
		if (st.st_size < 0 || (uint64_t)st.st_size <= off)
			return 0;
		data = st.st_size;
	} else {
		*dend = (uint64_t)hole;
	}
	if ((uint64_t)data <= off)
		return 0;
	return (int64_t)(((uint64_t)data < limit ? (uint64_t)data : limit) -
			 off);
}

static bool sink_feed(const struct count_sink *k, const void *buf, size_t len)
{
	if (k->seg) {
		seg_update(k->seg, buf, len);
		return true;
	}
	return count_stream_feed(k->cs, buf, len);
}

static void sink_hole(const struct count_sink *k, uint64_t n)
{
	if (k->seg)
		seg_update_zeros(k->seg, n);
	else
		count_stream_hole(k->cs, n);
}

/*
 * Count bytes [*OFF, END) of the file FD, which has holes, into K through
 * BUF: the data read, the holes from their length.  Ends early at the end
 * of the file.  *OFF is left where counting stopped.  Returns 0, or the
 * read's errno (EINTR once STOP, or NULL, is set).
 */
int count_file_holes(int fd, const struct count_sink *k, uint64_t *off,
		     uint64_t end, void *buf, size_t bufsize,
		     const volatile sig_atomic_t *stop)
{
	uint64_t pos = *off, dend = 0;
	int err = 0;

	while (pos < end) {
		size_t want = bufsize;
		ssize_t n;

		if (stop && *stop) {
			err = EINTR;
			break;
		}
		if (pos >= dend) {
			int64_t z = hole_at(fd, pos, end, &dend);

			/* Where the system cannot tell, or a file that
			 * changes says data ends where it starts: read on. */
			if (z < 0 || (z == 0 && dend <= pos)) {
				dend = UINT64_MAX;
			} else if (z > 0) {
				sink_hole(k, (uint64_t)z);
				pos += (uint64_t)z;
				continue;
			}
		}
		if (want > dend - pos)
			want = (size_t)(dend - pos);
		if (want > end - pos)
			want = (size_t)(end - pos);
		n = count_file_read_at(fd, buf, want, (off_t)pos);
		if (n <= 0) {
			if (n < 0)
				err = errno;
			break;
		}
		pos += (uint64_t)n;
		if (!sink_feed(k, buf, (size_t)n))
			break;
	}
	*off = pos;
	return err;
}

/*
 * Feed what is left of FD to CS through BUF: 0, or the read's errno.  A
 * failed match ends it early (CS's matcher says so).  STOP as for
 * read_stop().  A file with holes is read where it has data only, and
 * left at the offset where reading ended, as read(2) would leave it.
 */
int count_file_rest(int fd, struct count_stream *cs, void *buf,
		    size_t bufsize, const volatile sig_atomic_t *stop)
{
	off_t start;

	if (!cs->lm && count_file_has_holes(fd) &&
	    (start = lseek(fd, 0, SEEK_CUR)) >= 0) {
		struct count_sink k = { .cs = cs };
		uint64_t off = (uint64_t)start;
		int err = count_file_holes(fd, &k, &off, UINT64_MAX, buf,
					   bufsize, stop);

		(void)lseek(fd, (off_t)off, SEEK_SET);
		return err;
	}
	for (;;) {
		ssize_t n = read_stop(fd, buf, bufsize, stop);

		if (n <= 0)
			return n < 0 ? errno : 0;
		if (!count_stream_feed(cs, buf, (size_t)n))
			return 0;
	}
}

/*
 * When only the byte count is asked for and FD is a regular file: the
 * bytes from its offset that its size vouches for (fsize.h), and FD moved
 * past them, to where the rest is to be read, as GNU wc leaves standard
 * input at the end of what it counted.  0 otherwise.  *REST says whether
 * anything is left to read.
 */
static uint64_t skip_sized(int fd, enum count_mode mode, unsigned want,
			   bool *rest)
{
	struct fsize_fs fs = { .known = false };
	struct stat st;
	uint64_t skip;
	off_t off;

	*rest = true;
	if (!fsize_enough(mode, want) || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode) || (off = lseek(fd, 0, SEEK_CUR)) < 0)
		return 0;
	*rest = fsize_plan(&fs, fd, &st, (uint64_t)off, &skip);
	if (skip > 0 && lseek(fd, off + (off_t)skip, SEEK_SET) < 0) {
		*rest = true;
		return 0;
	}
	return skip;
}

struct file_err count_file_fd(int fd, const void *prefix, size_t plen,
			      enum count_mode mode, unsigned want, void *buf,
			      size_t bufsize, struct counts *c,
			      struct linematch *lm,
			      const volatile sig_atomic_t *stop)
{
	struct count_stream cs;
	struct file_err ferr;
	uint64_t sized;
	bool rest;
	int err = 0;

	count_stream_begin(&cs, mode, want, lm);
	sized = skip_sized(fd, mode, want, &rest);
	if ((!plen || count_stream_feed(&cs, prefix, plen)) && rest)
		err = count_file_rest(fd, &cs, buf, bufsize, stop);
	ferr = count_stream_end(&cs, c, err);
	fsize_count(c, mode, sized);
	return ferr;
}

/*
 * Open the directory PATH (LEN bytes, NUL-terminated, in a buffer we may
 * write to) as an O_PATH handle when it is longer than the kernel takes in
 * one call (ENAMETOOLONG, past PATH_MAX): one piece of whole components at
 * a time, each relative to the last.  Intermediate components resolve as
 * they would in one call; only the length differs.  Returns the descriptor,
 * or -1 with errno set.
 */
static int open_long_dir(char *path, size_t len)
{
	const size_t piece = 2048;      /* well below any PATH_MAX */
	size_t start = 0;
	int dfd = AT_FDCWD;

	while (start < len) {
		size_t end = len;
		char saved;
		int fd, err;

		if (len - start > piece) {
			end = start + piece;
			while (end > start && path[end] != '/')
				end--;
		}
		if (end == start) {
			/* A name longer than the piece: no file system has
			 * one, so it is not ours to open. */
			fd = -1;
			errno = ENAMETOOLONG;
		} else {
			saved = path[end];
			path[end] = '\0';
			fd = openat(dfd, path + start,
				    O_PATH | O_DIRECTORY | O_CLOEXEC);
			path[end] = saved;
		}
		err = errno;
		if (dfd != AT_FDCWD)
			close(dfd);
		if (fd < 0) {
			errno = err;
			return -1;
		}
		dfd = fd;
		start = end;
		while (start < len && path[start] == '/')
			start++;
	}
	return dfd;
}

/*
 * The directory of PATH as a descriptor, and the name within it.  The walk
 * hands out the files of one directory together, so keeping the last
 * directory open spares the kernel resolving every component of every
 * path again.  Returns AT_FDCWD with *BASE = PATH when no directory could
 * be opened: the plain open() then reports the right error.
 */
static int dir_of(struct opener *w, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	*base = path;
	if (!slash || slash == path)
		return AT_FDCWD;
	len = (size_t)(slash - path);
	if (w->dirfd >= 0 && w->dir.len == len &&
	    memcmp(w->dir.buf, path, len) == 0) {
		*base = slash + 1;
		return w->dirfd;
	}
	if (w->dirfd >= 0)
		close(w->dirfd);
	w->dirfd = -1;
	strbuf_setlen(&w->dir, 0);
	if (strbuf_add(&w->dir, path, len) < 0)
		return AT_FDCWD;
	/* O_PATH: only a handle for openat(), so a directory we may search
	 * but not list still works, and nothing is read. */
	w->dirfd = open(w->dir.buf, O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* A tree deeper than PATH_MAX: its files are still ours to count. */
	if (w->dirfd < 0 && errno == ENAMETOOLONG)
		w->dirfd = open_long_dir(w->dir.buf, w->dir.len);
	if (w->dirfd < 0)
		return AT_FDCWD;
	*base = slash + 1;
	return w->dirfd;
}

int count_file_open(struct opener *w, const char *path, bool follow)
{
	/* O_NONBLOCK: should the path have become a FIFO since the walk,
	 * opening it must not wait for a writer.  It changes nothing for
	 * regular files.  Under --follow the walk has already followed the
	 * links it yields, so the open must too. */
	int flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC |
		    (follow ? 0 : O_NOFOLLOW);
	const char *base;
	int dirfd = dir_of(w, path, &base);
	int fd;

	if (w->noatime) {
		fd = openat(dirfd, base, flags | O_NOATIME);
		if (fd >= 0 || errno != EPERM)
			return fd;
		/* Only the owner may ask for O_NOATIME; stop trying. */
		w->noatime = false;
	}
	return openat(dirfd, base, flags);
}

void count_file_path(const char *path, bool follow, enum count_mode mode,
		     unsigned want, void *buf, struct linematch *lm,
		     const volatile sig_atomic_t *stop,
		     struct result_slot *slot)
{
	struct opener op = OPENER_INIT;
	struct stat st;
	struct file_err err;
	int fd;

	memset(&slot->counts, 0, sizeof(slot->counts));
	slot_set_err(slot, file_err_none());
	slot->flags = 0;
	/* One descriptor, not two: the parent may have few to spare (which
	 * can be why no worker started); the opener only for long paths. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC |
		  (follow ? 0 : O_NOFOLLOW));
	if (fd < 0 && errno == ENAMETOOLONG) {
		fd = count_file_open(&op, path, follow);
		if (op.dirfd >= 0)
			close(op.dirfd);
		strbuf_release(&op.dir);
	}
	if (fd < 0) {
		/* As prepare_file(): a link where a file was is gone. */
		if (errno == ELOOP)
			slot->flags = RESULT_SKIPPED;
		else
			slot_set_err(slot, file_err_errno(errno));
		return;
	}
	if (fstat(fd, &st) < 0) {
		slot_set_err(slot, file_err_errno(errno));
	} else if (!S_ISREG(st.st_mode)) {
		slot->flags = RESULT_SKIPPED;
	} else {
		err = count_file_fd(fd, NULL, 0, mode, want, buf,
				    WORKER_BUFSIZE, &slot->counts, lm, stop);
		slot_set_result(slot, err);
	}
	close(fd);
}
