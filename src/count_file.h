/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * count_file.h - counting one file or stream, whole: opening it as the
 * pool opens files (the opener), reading it, sparse files' holes counted
 * from their length, the byte count taken from the size where it can be
 * believed (fsize.h), and --count-matches' lines.
 *
 * Its code runs in a worker process (worker.h) and in the parent, which
 * counts standard input itself and every file when no worker could be
 * started; the opener also in the worker's read-ahead threads
 * (readahead.h), one opener a thread.
 */
#ifndef FSTAT_PAR_COUNT_FILE_H
#define FSTAT_PAR_COUNT_FILE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "count.h"
#include "fsize.h"
#include "linematch.h"
#include "segment.h"
#include "slots.h"
#include "strbuf.h"

/*
 * Count PLEN bytes at PREFIX, then what is left of FD, into *C (exposed
 * for the parent, which counts standard input itself, after what it read
 * to see whether it is an archive).  BUF is a scratch buffer of BUFSIZE
 * bytes.  With LM (or NULL), c->matches counts the lines that match
 * (linematch.h; LM is reset first).  Returns no error, or an errno; *C
 * then holds what was read before the error; or, when matching failed,
 * file_err_match(linematch_error(LM)), and C is incomplete.
 * With STOP (or NULL) set, by a signal handler that interrupts read(2),
 * it ends at once with EINTR instead of waiting for more input.  When
 * the byte count is all WANT asks for and FD is a regular file, the
 * bytes from FD's offset that its size vouches for are not read
 * (fsize.h): FD is moved past them, to its end when nothing else must be
 * read, as GNU wc -c leaves standard input.
 */
struct file_err count_file_fd(int fd, const void *prefix, size_t plen,
			      enum count_mode mode, unsigned want, void *buf,
			      size_t bufsize, struct counts *c,
			      struct linematch *lm,
			      const volatile sig_atomic_t *stop);

/*
 * One stream counted as it comes, in pieces of any size, as a worker
 * counts a file: its counts and, with a line matcher LM (reset by
 * begin), its matching lines.  feed() returns false once matching has
 * failed (the rest need not be read); end() gives the counts in *C and
 * returns the errno ERR (or none, for 0), or the match error, which
 * outranks it (no row then).
 */
struct count_stream {
	struct count_state st;
	struct linematch *lm;
};

void count_stream_begin(struct count_stream *cs, enum count_mode mode,
			unsigned want, struct linematch *lm);
bool count_stream_feed(struct count_stream *cs, const void *buf,
		       size_t len);
/*
 * N NUL bytes, a hole of a sparse file or entry: counted from N alone
 * (count_update_zeros).  Only for a stream without a matcher: one that
 * matches lines is given the bytes instead (count_rest() reads such a
 * file whole, and arc_read() gives such a run NUL bytes, arc->holes).
 */
void count_stream_hole(struct count_stream *cs, uint64_t n);
struct file_err count_stream_end(struct count_stream *cs, struct counts *c,
				 int err);

/*
 * Count the file PATH into SLOT (counts, error, flags; not its sequence
 * word) as a worker counts a file it is handed: opened the same way (no
 * link followed but with FOLLOW, paths longer than PATH_MAX too), flags
 * RESULT_SKIPPED when it is no longer a regular file, RESULT_COUNTED with
 * an errno when a read failed part way, no flag and an error when it
 * could not be opened or matching failed.  For the parent, when no worker
 * could be started.  BUF has WORKER_BUFSIZE bytes; LM and STOP as for
 * count_file_fd().
 */
void count_file_path(const char *path, bool follow, enum count_mode mode,
		     unsigned want, void *buf, struct linematch *lm,
		     const volatile sig_atomic_t *stop,
		     struct result_slot *slot);

/* The read buffer size: large enough to amortise each read(2). */
#define WORKER_BUFSIZE (256 * 1024)

/* Opening files; one per thread, since it caches a directory. */
struct opener {
	bool noatime;           /* O_NOATIME still worth trying */
	struct strbuf dir;      /* the directory open as dirfd */
	int dirfd;              /* -1 when none is open */
	struct fsize_fs fs;     /* whether its sizes are exact (fsize.h) */
	bool suspect;           /* the last file took long: check the next */
};

#define OPENER_INIT { true, STRBUF_INIT, -1, { false, false, 0 }, false }

/*
 * Open PATH for reading with W, as a worker opens a file it is handed:
 * through W's cached directory (paths longer than PATH_MAX too), no link
 * followed but with FOLLOW, O_NOATIME while it is allowed.  Returns the
 * descriptor, or -1 with errno set.
 */
int count_file_open(struct opener *w, const char *path, bool follow);

/* read(2), or pread(2) at OFF when OFF >= 0, retried when interrupted. */
ssize_t count_file_read_at(int fd, void *buf, size_t len, off_t off);

/*
 * Whether FD is a regular file with holes (fewer blocks than its size
 * needs), on a file system whose sizes can be believed (fsize.h).
 */
bool count_file_has_holes(int fd);

/* Where the bytes of a file with holes go: a stream, or a range. */
struct count_sink {
	struct count_stream *cs;
	struct seg_state *seg;
};

/*
 * Count bytes [*OFF, END) of the file FD, which has holes, into K (whose
 * stream has no matcher: count_stream_hole()) through BUF: the data read,
 * the holes from their length.  Ends early at the end of the file.  *OFF
 * is left where counting stopped.  Returns 0, or the read's errno (EINTR
 * once STOP, or NULL, is set).
 */
int count_file_holes(int fd, const struct count_sink *k, uint64_t *off,
		     uint64_t end, void *buf, size_t bufsize,
		     const volatile sig_atomic_t *stop);

/*
 * Feed what is left of FD to CS through BUF: 0, or the read's errno.  A
 * failed match ends it early (CS's matcher says so).  STOP (or NULL) set
 * ends it with EINTR.  A file with holes is read where it has data only.
 */
int count_file_rest(int fd, struct count_stream *cs, void *buf,
		    size_t bufsize, const volatile sig_atomic_t *stop);

#endif
