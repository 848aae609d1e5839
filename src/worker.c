/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * worker.c - the worker loop; see worker.h.
 *
 * A worker blocks in read(2) on its task pipe, and with read-ahead threads
 * also while one finishes the file it needs.  Before it blocks it
 * reports every task it has finished, so the parent, which prints results
 * strictly in order, never waits on a finished task that nobody announced.
 * It also reports before a long count (a large file) and every
 * DONE_BATCH tasks, which bounds how stale the parent's view can get while
 * keeping the number of wake-ups far below one per file.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsize.h"
#include "platform.h"
#include "segment.h"
#include "strbuf.h"
#include "worker.h"

#define DONE_BATCH 64
/* Files at least this large are announced to the parent before counting,
 * so that the parent can hand out work while this one is counted. */
#define LONG_FILE (256 * 1024)
#define TASKBUF_MIN (64 * 1024)

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
 * A file task and what has been done for it before it is counted: opened,
 * checked, and its first bytes read, by a read-ahead thread or by the
 * worker itself.
 */
enum job_state {
	JOB_NEW,                /* nobody has touched it */
	JOB_TAKEN,              /* someone is opening and reading it */
	JOB_READY,              /* opened and read: count it */
};

struct job {
	struct task_hdr h;
	const char *path;       /* in the worker's task buffer */
	enum job_state state;
	int fd;                 /* -1 if the open failed or was not needed;
				 * prepare_file() opens it, run_file_job()
				 * closes it */
	int err;                /* errno of open, fstat or the first read */
	bool skip;              /* not (or no longer) a regular file */
	bool split;             /* large enough to be handed back for ranges */
	uint64_t size;
	uint64_t sized;         /* bytes taken from the size, never read;
				 * the file is read from there (fsize.h) */
	void *buf;              /* the buffer holding the first bytes */
	size_t len;             /* how many */
	bool eof;               /* they are the whole file */
	uint64_t prep_ns;       /* how long opening and reading took */
	bool blocked;           /* and it slept on I/O (prepare()) */
};

/*
 * Read-ahead: io_threads threads that open and read the next files of the
 * batch while the worker counts the current one.  Protected by mu: the
 * jobs' states, next (the first job no thread has looked at), and the
 * free buffers.
 */
struct readahead {
	pthread_mutex_t mu;
	pthread_cond_t work;    /* a job or a buffer became available */
	pthread_cond_t ready;   /* a job became JOB_READY */
	struct job *jobs;
	size_t njobs, next;
	void **free_bufs;       /* room for two per thread of the cap */
	size_t nfree, nbufs;
	bool stop;
	unsigned nidle;         /* threads waiting on work */
	bool waiting;           /* the worker waits on ready */
	pthread_t *threads;     /* room for cap */
	unsigned nthreads;      /* changed by the worker thread only */
	unsigned cap;           /* how many threads it may grow to */
	const struct worker_config *cfg;
};

/*
 * The test-only fault switch, FSTAT_PAR_FAULT (tests/README describes
 * it; never read in a privileged process, see platform_test_env()): the
 * task on which this worker dies, so that the tests can watch
 * the pool recover from a crash at a place they choose.  A marker file
 * makes "once" hold across processes: only the worker that creates it
 * crashes, and the one that counts the task again does not.
 */
enum fault_kind {
	FAULT_NONE,
	FAULT_SEGV,             /* "crash": die of SIGSEGV */
	FAULT_ABORT,            /* "abort": die of SIGABRT */
	FAULT_HANG,             /* "hang": block for ever, as on a dead mount */
};

struct fault {
	enum fault_kind kind;
	char marker[512];       /* "-once": created with O_EXCL, or "" */
	const char *name;       /* a path, or its last components */
	size_t namelen;
	bool chunk;             /* name is "@N": archive data chunk N */
	uint64_t dseq;
};

struct worker {
	const struct worker_config *cfg;
	struct fault fault;     /* FAULT_NONE but in tests */
	void *buf;              /* read buffer, WORKER_BUFSIZE bytes */
	char *tasks;            /* raw bytes read from the task pipe */
	size_t tlen, talloc;
	struct job *jobs;       /* the complete records of the batch */
	size_t jalloc;
	uint32_t ndone;         /* finished but not yet announced */
	struct opener op;       /* the worker thread's own */
	struct readahead *ra;   /* NULL until reads turn out slow */
	bool ra_failed;         /* threads could not be started */
	struct prep_stats prep; /* how often opening and reading waited */
	struct linematch lm;    /* --count-matches, reused file to file */
};

/*
 * Parse FSTAT_PAR_FAULT: "KIND:NAME" or "KIND-once:MARKER:NAME", KIND
 * being crash, abort or hang, NAME a path, its last components, or "@N" for the
 * archive data chunk N (counted from 0).  Anything else leaves it off.
 */
static void fault_init(struct fault *f, const char *v)
{
	const char *colon;
	char *end;

	memset(f, 0, sizeof(*f));
	if (!v || !(colon = strchr(v, ':')))
		return;
	if (strncmp(v, "crash", 5) == 0)
		f->kind = FAULT_SEGV;
	else if (strncmp(v, "abort", 5) == 0)
		f->kind = FAULT_ABORT;
	else if (strncmp(v, "hang", 4) == 0)
		f->kind = FAULT_HANG;
	else
		return;
	v += f->kind == FAULT_HANG ? 4 : 5;
	if (strncmp(v, "-once:", 6) == 0) {
		v += 6;
		colon = strchr(v, ':');
		if (!colon || colon == v ||
		    (size_t)(colon - v) >= sizeof(f->marker)) {
			f->kind = FAULT_NONE;
			return;
		}
		memcpy(f->marker, v, (size_t)(colon - v));
	} else if (v != colon) {
		f->kind = FAULT_NONE;
		return;
	}
	f->name = colon + 1;
	f->namelen = strlen(f->name);
	if (f->name[0] == '@') {
		errno = 0;
		f->dseq = strtoull(f->name + 1, &end, 10);
		f->chunk = errno == 0 && end != f->name + 1 && *end == '\0';
	}
	if (f->namelen == 0 || (f->name[0] == '@' && !f->chunk))
		f->kind = FAULT_NONE;
}

/*
 * Die (or hang) here if the fault switch names PATH (a file or a range of
 * one) or, with PATH NULL, data chunk DSEQ.  With a marker, only the
 * process that creates it does.
 */
static void fault_check(const struct fault *f, const char *path,
			uint64_t dseq)
{
	size_t len;
	int fd;

	if (f->kind == FAULT_NONE)
		return;
	if (!path) {
		if (!f->chunk || dseq != f->dseq)
			return;
	} else {
		len = strlen(path);
		if (f->chunk || len < f->namelen ||
		    strcmp(path + len - f->namelen, f->name) != 0 ||
		    (len > f->namelen && path[len - f->namelen - 1] != '/'))
			return;
	}
	if (f->marker[0]) {
		fd = open(f->marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0600);
		if (fd < 0)
			return;
		/* Whose fault it is, for a test to kill that worker. */
		dprintf(fd, "%ld\n", (long)getpid());
		close(fd);
	}
	if (f->kind == FAULT_HANG) {
		/* Until a signal ends the process, as the parent's kill
		 * does (--timeout, or the parent's own end). */
		for (;;)
			pause();
	}
	if (f->kind == FAULT_SEGV) {
		/* A sanitizer's handler would turn the signal into an
		 * exit: the default action is the crash we want. */
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	abort();
}

/* The worker's line matcher, or NULL without --count-matches. */
static struct linematch *matcher(struct worker *w)
{
	return w->cfg->nmatches ? &w->lm : NULL;
}

/*
 * Read-ahead pays only when opening and reading a file waits on the
 * device or the network; from the page cache it takes a few microseconds,
 * less than handing the file to another thread costs.  So the threads are
 * given work only while most recent files waited (worker.h: prep_note).
 *
 * A file waited when opening and reading its first bytes took
 * SLOW_PREPARE_NS longer than copying them would.  SLOW is a decaying
 * share of such files, out of SLOW_ONE: each file moves it an eighth of
 * the way towards SLOW_ONE or 0, and read-ahead runs while it is at
 * least half.  A wall-clock time also counts the moments the process was
 * not running: on a busy machine a file now and then takes a millisecond
 * to open from the page cache, and an average let a few of those start
 * the threads (bench/run's io case measured 1.19x on fast reads).  A
 * share needs several files in a row to wait.  The first PREPARE_SAMPLES
 * files only count towards it: they pay for cold directory lookups.  And
 * a file counts only if its thread slept meanwhile (prepare()): a thread
 * that was runnable but had no CPU waited for the machine, not the device.
 */
#define SLOW_PREPARE_NS 50000
#define PREPARE_SAMPLES 16
#define SLOW_ONE 1024

uint64_t worker_wait_ns(uint64_t prep_ns, size_t len)
{
	uint64_t copy_ns = (uint64_t)len / PAGE_CACHE_BYTES_PER_NS;

	return prep_ns > copy_ns ? prep_ns - copy_ns : 0;
}

void prep_note(struct prep_stats *ps, uint64_t prep_ns, size_t len)
{
	ps->slow -= ps->slow / 8;
	if (worker_wait_ns(prep_ns, len) >= SLOW_PREPARE_NS)
		ps->slow += SLOW_ONE / 8;
	ps->n++;
}

bool prep_slow(const struct prep_stats *ps)
{
	return ps->n >= PREPARE_SAMPLES && ps->slow >= SLOW_ONE / 2;
}

/*
 * How deep the read-ahead goes by default (worker.h): the threads start
 * one at a time.  Each time the worker has to wait GROW_WAIT_NS or more
 * for a file a thread has in hand, the reads in flight were too few to
 * hide the device's latency, and one more thread starts, up to the cap:
 * IO_DEPTH reads in flight across the pool, shared out among the
 * workers, but never fewer than IO_CAP_MIN threads a worker.
 * bench/README.md ("cold") has the numbers behind IO_DEPTH.
 */
#define GROW_WAIT_NS 20000
#define IO_DEPTH 16
#define IO_CAP_MIN 2

bool worker_io_grow(unsigned threads, unsigned cap, uint64_t wait_ns)
{
	return threads < cap && wait_ns >= GROW_WAIT_NS;
}

unsigned worker_io_cap(unsigned nworkers)
{
	unsigned cap;

	if (nworkers == 0)
		nworkers = 1;
	cap = (IO_DEPTH + nworkers - 1) / nworkers;
	return cap < IO_CAP_MIN ? IO_CAP_MIN : cap;
}

/* Write all of LEN bytes; -1 when the parent is gone. */
static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int announce(struct worker *w)
{
	struct done_msg m = { .worker = w->cfg->index, .n = w->ndone };

	if (w->ndone == 0)
		return 0;
	w->ndone = 0;
	return write_all(w->cfg->done_fd, &m, sizeof(m));
}

/* Hand back the task just received: a file of SIZE bytes to split. */
static int ask_split(struct worker *w, uint64_t size)
{
	struct done_msg m = { .worker = w->cfg->index, .n = 1,
			      .split_size = size };

	/* Tasks are finished in order: announce the earlier ones first. */
	if (announce(w) < 0)
		return -1;
	return write_all(w->cfg->done_fd, &m, sizeof(m));
}

/* read(2), or pread(2) at OFF when OFF >= 0, retried when interrupted. */
static ssize_t read_at(int fd, void *buf, size_t len, off_t off)
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

bool count_stream_hole(struct count_stream *cs, uint64_t n)
{
	static const unsigned char zeros[64 * 1024];

	if (!cs->lm) {
		count_update_zeros(&cs->st, n);
		return true;
	}
	/* The matcher sees lines, so it needs the bytes (a hole is part
	 * of one line): feed them, as a read would have. */
	while (n > 0 && !cs->lm->failed) {
		size_t k = n < sizeof(zeros) ? (size_t)n : sizeof(zeros);

		if (!count_stream_feed(cs, zeros, k))
			return false;
		n -= k;
	}
	return !cs->lm->failed;
}

int count_stream_end(struct count_stream *cs, struct counts *c, int err)
{
	count_finish(&cs->st, c);
	if (!cs->lm)
		return err;
	/* A file whose matches are unknown gets no row. */
	if (linematch_finish(cs->lm) < 0)
		return RESULT_ERR_MATCH_BASE - linematch_error(cs->lm);
	c->matches = cs->lm->matches;
	return err;
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
static bool has_holes(int fd)
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

/* Where the bytes of a file with holes go: a stream, or a range. */
struct sink {
	struct count_stream *cs;
	struct seg_state *seg;
};

static bool sink_feed(const struct sink *k, const void *buf, size_t len)
{
	if (k->seg) {
		seg_update(k->seg, buf, len);
		return true;
	}
	return count_stream_feed(k->cs, buf, len);
}

static bool sink_hole(const struct sink *k, uint64_t n)
{
	if (k->seg) {
		seg_update_zeros(k->seg, n);
		return true;
	}
	return count_stream_hole(k->cs, n);
}

/*
 * Count bytes [*OFF, END) of the file FD, which has holes, into K through
 * BUF: the data read, the holes from their length.  Ends early at the end
 * of the file.  *OFF is left where counting stopped.  Returns 0, or the
 * read's errno (EINTR once STOP, or NULL, is set).
 */
static int count_holes(int fd, const struct sink *k, uint64_t *off,
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
				if (!sink_hole(k, (uint64_t)z))
					break;
				pos += (uint64_t)z;
				continue;
			}
		}
		if (want > dend - pos)
			want = (size_t)(dend - pos);
		if (want > end - pos)
			want = (size_t)(end - pos);
		n = read_at(fd, buf, want, (off_t)pos);
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
static int count_rest(int fd, struct count_stream *cs, void *buf,
		      size_t bufsize, const volatile sig_atomic_t *stop)
{
	off_t start;

	if (!cs->lm && has_holes(fd) &&
	    (start = lseek(fd, 0, SEEK_CUR)) >= 0) {
		struct sink k = { .cs = cs };
		uint64_t off = (uint64_t)start;
		int err = count_holes(fd, &k, &off, UINT64_MAX, buf, bufsize,
				      stop);

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

int worker_count_fd(int fd, const void *prefix, size_t plen,
		    enum count_mode mode, unsigned want, void *buf,
		    size_t bufsize, struct counts *c, struct linematch *lm,
		    const volatile sig_atomic_t *stop)
{
	struct count_stream cs;
	uint64_t sized;
	bool rest;
	int err = 0;

	count_stream_begin(&cs, mode, want, lm);
	sized = skip_sized(fd, mode, want, &rest);
	if ((!plen || count_stream_feed(&cs, prefix, plen)) && rest)
		err = count_rest(fd, &cs, buf, bufsize, stop);
	err = count_stream_end(&cs, c, err);
	fsize_count(c, mode, sized);
	return err;
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

static int open_file(struct opener *w, const char *path, bool follow)
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

void worker_count_path(const char *path, bool follow, enum count_mode mode,
		       unsigned want, void *buf, struct linematch *lm,
		       const volatile sig_atomic_t *stop,
		       struct result_slot *slot)
{
	struct opener op = OPENER_INIT;
	struct stat st;
	int fd, err;

	memset(&slot->counts, 0, sizeof(slot->counts));
	slot->err = 0;
	slot->flags = 0;
	/* One descriptor, not two: the parent may have few to spare (which
	 * can be why no worker started); the opener only for long paths. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC |
		  (follow ? 0 : O_NOFOLLOW));
	if (fd < 0 && errno == ENAMETOOLONG) {
		fd = open_file(&op, path, follow);
		if (op.dirfd >= 0)
			close(op.dirfd);
		strbuf_release(&op.dir);
	}
	if (fd < 0) {
		/* As prepare_file(): a link where a file was is gone. */
		if (errno == ELOOP)
			slot->flags = RESULT_SKIPPED;
		else
			slot->err = errno;
		return;
	}
	if (fstat(fd, &st) < 0) {
		slot->err = errno;
	} else if (!S_ISREG(st.st_mode)) {
		slot->flags = RESULT_SKIPPED;
	} else {
		err = worker_count_fd(fd, NULL, 0, mode, want, buf,
				      WORKER_BUFSIZE, &slot->counts, lm, stop);
		slot->err = err;
		slot->flags = err < 0 ? 0 : RESULT_COUNTED;
	}
	close(fd);
}

/* CLOCK_MONOTONIC in nanoseconds. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void prepare_file(const struct worker_config *cfg, struct opener *op,
			 struct job *j, void *buf);

/*
 * A voluntary context switch is the thread going to sleep: on a read or
 * an open that waits for the device or the network, where read-ahead
 * pays.  A thread that only waited for a CPU (a busy machine) was
 * switched out involuntarily, and threads would only add to the crowd.
 * The count costs a system call, so it is taken only around the files
 * after one that took long by the clock.
 */
static long sleeps(void)
{
#ifdef RUSAGE_THREAD
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru) == 0)
		return ru.ru_nvcsw;
#endif
	return -1;
}

static void prepare(const struct worker_config *cfg, struct opener *op,
		    struct job *j, void *buf)
{
	long s0 = op->suspect ? sleeps() : -1;
	uint64_t t0 = now_ns();
	bool slow;

	prepare_file(cfg, op, j, buf);
	j->prep_ns = now_ns() - t0;
	slow = worker_wait_ns(j->prep_ns, j->len) >= SLOW_PREPARE_NS;
	/* Not checked (the first slow file after fast ones): not blocked;
	 * when the count is not to be had, the clock decides. */
	j->blocked = slow && op->suspect && (s0 < 0 || sleeps() > s0);
	op->suspect = slow;
}

/*
 * Open job J's file, check it, and read its first bytes into BUF (of
 * WORKER_BUFSIZE bytes).  Called by read-ahead threads and by the worker
 * itself, each with its own opener; touches nothing shared but J.
 */
static void prepare_file(const struct worker_config *cfg, struct opener *op,
			 struct job *j, void *buf)
{
	struct stat st;
	ssize_t n;

	j->fd = -1;
	j->err = 0;
	j->skip = j->split = false;
	j->buf = buf;
	j->len = 0;
	j->eof = false;
	j->sized = 0;
	j->fd = open_file(op, j->path, cfg->follow);
	if (j->fd < 0) {
		/* A file replaced by a symbolic link since the walk is not
		 * ours to follow (or, under --follow, by a chain of links
		 * that never ends): treat it as gone. */
		if (errno == ELOOP)
			j->skip = true;
		else
			j->err = errno;
		return;
	}
	if (fstat(j->fd, &st) < 0) {
		j->err = errno;
		goto close;
	}
	if (!S_ISREG(st.st_mode)) {
		j->skip = true;
		goto close;
	}
	j->size = (uint64_t)st.st_size;
	if (fsize_enough(cfg->mode, cfg->want)) {
		/* Only the byte count is asked for: the size gives it,
		 * but for what fsize.h says must still be read (and then
		 * there is no split: nothing to share out). */
		if (!fsize_plan(&op->fs, j->fd, &st, 0, &j->sized)) {
			j->eof = true;
			return;
		}
		if (j->sized > 0 &&
		    lseek(j->fd, (off_t)j->sized, SEEK_SET) < 0)
			j->sized = 0;
		n = read_at(j->fd, buf, WORKER_BUFSIZE, -1);
		if (n < 0) {
			j->err = errno;
			return;
		}
		j->len = (size_t)n;
		j->eof = n == 0;
		return;
	}
	if (j->h.kind == TASK_FILE && cfg->split_min &&
	    j->size >= cfg->split_min) {
		j->split = true;
		goto close;
	}
	n = read_at(j->fd, buf, WORKER_BUFSIZE, -1);
	if (n < 0) {
		j->err = errno;
		return;
	}
	j->len = (size_t)n;
	/*
	 * A short read of a regular file means its end, and when the size
	 * agrees, reading on would only return 0: skip that read, one
	 * system call in four for small files.  (A file that grows now is
	 * counted as it was; one whose size says more is read on, which
	 * covers file systems that return short reads.)  Not where the
	 * size may be a placeholder (fsize.h): /proc/kallsyms says 0 bytes
	 * and gives 4 KiB a read.
	 */
	j->eof = n < WORKER_BUFSIZE && (uint64_t)n >= j->size &&
		 fsize_trusted(&op->fs, j->fd, &st);
	return;
close:
	close(j->fd);
	j->fd = -1;
}

/*
 * Count the prepared job J into its slot, reading the rest of the file
 * through the job's buffer.  Returns -1 only if the parent is gone.  The
 * file stays open: run_file_job() closes it, whatever happens here, since
 * with read-ahead threads opening files a descriptor closed twice may by
 * then be one of theirs.
 */
static int count_job(struct worker *w, struct job *j)
{
	const struct worker_config *cfg = w->cfg;
	struct result_slot *slot = &cfg->slots[j->h.seq & cfg->mask];
	struct count_stream cs;
	int err = j->err;

	slot->err = 0;
	slot->flags = 0;
	memset(&slot->counts, 0, sizeof(slot->counts));
	if (j->split)
		return ask_split(w, j->size);
	if (j->skip) {
		slot->flags = RESULT_SKIPPED;
		goto publish;
	}
	if (j->fd < 0) {
		slot->err = err;
		goto publish;
	}
	if (j->size - j->sized >= LONG_FILE && announce(w) < 0)
		return -1;
	fault_check(&w->fault, j->path, 0);
	count_stream_begin(&cs, cfg->mode, cfg->want, matcher(w));
	if (!err && j->len > 0 && count_stream_feed(&cs, j->buf, j->len) &&
	    !j->eof)
		err = count_rest(j->fd, &cs, j->buf, WORKER_BUFSIZE, NULL);
	err = count_stream_end(&cs, &slot->counts, err);
	fsize_count(&slot->counts, cfg->mode, j->sized);
	slot->err = err;
	slot->flags = err < 0 ? 0 : RESULT_COUNTED;

publish:
	slot_publish(slot, j->h.seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
}

/* Give a read-ahead buffer back and wake a thread that may want it. */
static void ra_release(struct readahead *ra, void *buf)
{
	pthread_mutex_lock(&ra->mu);
	ra->free_bufs[ra->nfree++] = buf;
	if (ra->nidle > 0)
		pthread_cond_signal(&ra->work);
	pthread_mutex_unlock(&ra->mu);
}

/*
 * A read-ahead thread: take the first untouched file job of the batch,
 * prepare it into a free buffer, mark it ready.  It never runs more
 * than the number of buffers ahead of the worker, so memory stays fixed.
 */
static void *ra_thread(void *arg)
{
	struct readahead *ra = arg;
	struct opener op = OPENER_INIT;

	pthread_mutex_lock(&ra->mu);
	for (;;) {
		struct job *j = NULL;
		void *buf;

		while (!ra->stop) {
			while (ra->next < ra->njobs &&
			       (ra->jobs[ra->next].state != JOB_NEW ||
				ra->jobs[ra->next].h.kind == TASK_RANGE ||
				ra->jobs[ra->next].h.kind == TASK_DATA))
				ra->next++;
			if (ra->next < ra->njobs && ra->nfree > 0) {
				j = &ra->jobs[ra->next++];
				break;
			}
			ra->nidle++;
			pthread_cond_wait(&ra->work, &ra->mu);
			ra->nidle--;
		}
		if (ra->stop)
			break;
		j->state = JOB_TAKEN;
		buf = ra->free_bufs[--ra->nfree];
		pthread_mutex_unlock(&ra->mu);

		prepare(ra->cfg, &op, j, buf);

		pthread_mutex_lock(&ra->mu);
		j->state = JOB_READY;
		/* A wake-up is a system call: only for a worker waiting. */
		if (ra->waiting)
			pthread_cond_signal(&ra->ready);
	}
	pthread_mutex_unlock(&ra->mu);
	if (op.dirfd >= 0)
		close(op.dirfd);
	strbuf_release(&op.dir);
	return NULL;
}

static void ra_stop(struct readahead *ra)
{
	unsigned i;

	pthread_mutex_lock(&ra->mu);
	ra->stop = true;
	pthread_cond_broadcast(&ra->work);
	pthread_mutex_unlock(&ra->mu);
	for (i = 0; i < ra->nthreads; i++)
		pthread_join(ra->threads[i], NULL);
	for (i = 0; i < ra->nfree; i++)
		free(ra->free_bufs[i]);
	pthread_mutex_destroy(&ra->mu);
	pthread_cond_destroy(&ra->work);
	pthread_cond_destroy(&ra->ready);
	free(ra->free_bufs);
	free(ra->threads);
	free(ra);
}

/*
 * Add a read-ahead thread and its RA_BUFS buffers.  Returns false when it
 * cannot be had (at the cap, or out of memory or threads); the threads
 * already running go on.  Called by the worker thread only.
 *
 * Files finish out of order: while the worker waits for one that takes
 * long, the threads finish the next ones, each holding a buffer until
 * the worker counts it.  With two buffers a thread they soon all sat
 * idle behind the slow one; with RA_BUFS they keep reading.
 */
#define RA_BUFS 4

static bool ra_grow(struct readahead *ra)
{
	void *b[RA_BUFS] = { NULL };
	int i;

	if (ra->nthreads >= ra->cap)
		return false;
	for (i = 0; i < RA_BUFS; i++) {
		if (posix_memalign(&b[i], 4096, WORKER_BUFSIZE) != 0)
			goto fail;
		platform_prefault(b[i], WORKER_BUFSIZE);
	}
	if (pthread_create(&ra->threads[ra->nthreads], NULL, ra_thread,
			   ra) != 0)
		goto fail;
	pthread_mutex_lock(&ra->mu);
	ra->nthreads++;
	for (i = 0; i < RA_BUFS; i++)
		ra->free_bufs[ra->nfree++] = b[i];
	pthread_cond_broadcast(&ra->work);
	pthread_mutex_unlock(&ra->mu);
	return true;
fail:
	for (i = 0; i < RA_BUFS; i++)
		free(b[i]);
	return false;
}

/*
 * Start N read-ahead threads (RA_BUFS buffers each), with room to grow to
 * CAP.  Returns NULL if not even one can be had; the worker then reads
 * everything itself, which gives the same counts.
 */
static struct readahead *ra_start(const struct worker_config *cfg,
				  unsigned n, unsigned cap)
{
	struct readahead *ra = calloc(1, sizeof(*ra));
	unsigned i;

	if (!ra)
		return NULL;
	ra->cfg = cfg;
	ra->cap = cap < n ? n : cap;
	ra->nbufs = RA_BUFS * (size_t)ra->cap;
	ra->free_bufs = calloc(ra->nbufs, sizeof(*ra->free_bufs));
	ra->threads = calloc(ra->cap, sizeof(*ra->threads));
	pthread_mutex_init(&ra->mu, NULL);
	pthread_cond_init(&ra->work, NULL);
	pthread_cond_init(&ra->ready, NULL);
	if (!ra->free_bufs || !ra->threads)
		goto fail;
	for (i = 0; i < n; i++)
		if (!ra_grow(ra))
			break;
	if (ra->nthreads == 0)
		goto fail;
	return ra;
fail:
	ra_stop(ra);
	return NULL;
}

/*
 * Say that task entry E (slots.h) starts now.  The time goes first: the
 * release store of current publishes it (slots.h).
 */
static void begin_task(const struct worker_config *cfg, uint64_t e)
{
	if (cfg->stamp)
		atomic_store_explicit(&cfg->state->started, task_clock_ns(),
				      memory_order_relaxed);
	atomic_store_explicit(&cfg->state->current, e + 1,
			      memory_order_release);
}

/*
 * Count the batch's file job J: prepared already by a read-ahead thread,
 * or now by the worker itself.  SHARED says whether the threads can see
 * the batch; when they cannot, no lock is needed.
 */
static int run_file_job(struct worker *w, struct job *j, bool shared)
{
	struct readahead *ra = w->ra;
	bool mine = true;
	int r;

	uint64_t t0 = 0;

	begin_task(w->cfg, j->h.seq);
	if (shared) {
		pthread_mutex_lock(&ra->mu);
		if (j->state == JOB_NEW) {
			j->state = JOB_TAKEN;
		} else {
			mine = false;
			if (j->state != JOB_READY) {
				t0 = now_ns();
				ra->waiting = true;
				while (j->state != JOB_READY)
					pthread_cond_wait(&ra->ready, &ra->mu);
				ra->waiting = false;
			}
		}
		pthread_mutex_unlock(&ra->mu);
		/* The threads did not keep ahead: one more read in flight,
		 * if the depth is ours to choose (worker.h). */
		if (t0 && j->blocked && w->cfg->io_adaptive &&
		    worker_io_grow(ra->nthreads, ra->cap, now_ns() - t0))
			(void)ra_grow(ra);
	}
	if (mine)
		prepare(w->cfg, &w->op, j, w->buf);
	/* Only time spent asleep on I/O counts as waiting (prepare()). */
	prep_note(&w->prep, j->blocked ? j->prep_ns : 0, j->len);
	r = count_job(w, j);
	if (j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
	}
	if (!mine)
		ra_release(ra, j->buf);
	return r;
}

/*
 * How far to move a cut at OFF so that it does not split a UTF-8
 * character (segment.h): look at the bytes around it.
 */
static uint64_t align_cut(int fd, uint64_t off)
{
	unsigned char win[16];
	uint64_t from = off >= 5 ? off - 5 : 0;
	ssize_t n;

	if (off == 0)
		return 0;
	n = read_at(fd, win, 11, (off_t)from);
	if (n <= (ssize_t)(off - from))
		return 0;
	return seg_align(win + (off - from), (size_t)(off - from),
			 (size_t)n - (size_t)(off - from));
}

/*
 * --count-matches in a range (linematch.h): a range owns the lines that
 * start in it.  Unless the range starts the file or follows a '\n', its
 * first bytes end a line that an earlier range owns: skip them.
 */
static void range_match_begin(struct linematch *lm, int fd, uint64_t start)
{
	char c;

	linematch_reset(lm);
	if (start > 0 && (read_at(fd, &c, 1, (off_t)(start - 1)) != 1 ||
			  c != '\n'))
		linematch_skip_line(lm);
}

/*
 * The range ended at OFF inside a line it owns: read on to that line's
 * end, through BUF, then end the stream.  Returns 0 or the read's errno.
 */
static int range_match_end(struct linematch *lm, int fd, uint64_t off,
			   void *buf)
{
	while (linematch_in_line(lm)) {
		ssize_t n = read_at(fd, buf, WORKER_BUFSIZE, (off_t)off);
		const char *nl;
		size_t take;

		if (n <= 0) {
			if (n < 0)
				return errno;
			break;
		}
		nl = memchr(buf, '\n', (size_t)n);
		take = nl ? (size_t)(nl - (const char *)buf) + 1 : (size_t)n;
		if (linematch_update(lm, buf, take) < 0)
			return 0;
		off += take;
	}
	(void)linematch_finish(lm);
	return 0;
}

/* Count one range of a file into its part slot. */
static int do_range(struct worker *w, const struct task_hdr *h,
		    const char *path)
{
	const struct worker_config *cfg = w->cfg;
	struct linematch *lm = matcher(w);
	struct part_slot *ps;
	struct seg_state seg;
	uint64_t start = h->off, end = h->off + h->len;
	int fd, err = 0;

	if (h->job >= SPLIT_JOBS || h->part >= SPLIT_PARTS)
		return -1;
	ps = &cfg->parts[h->job * SPLIT_PARTS + h->part];
	begin_task(cfg, task_range_entry(h->job, h->part));
	/* A range takes a while: let the parent hear of what is done. */
	if (announce(w) < 0)
		return -1;
	/* Only the first range: a crash in every range would use up the
	 * pool's replacements for dead workers. */
	if (h->off == 0)
		fault_check(&w->fault, path, 0);
	seg_begin(&seg, cfg->mode, cfg->want);
	if (lm)
		linematch_reset(lm);
	fd = open_file(&w->op, path, cfg->follow);
	if (fd < 0) {
		err = errno;
		goto publish;
	}
	if (cfg->mode == COUNT_UTF8) {
		start += align_cut(fd, start);
		end += align_cut(fd, end);
	}
	if (lm)
		range_match_begin(lm, fd, start);
	if (!lm && has_holes(fd)) {
		struct sink k = { .seg = &seg };

		err = count_holes(fd, &k, &start, end, w->buf, WORKER_BUFSIZE,
				  NULL);
		goto close;
	}
	while (start < end) {
		size_t want = end - start < WORKER_BUFSIZE ?
			      (size_t)(end - start) : WORKER_BUFSIZE;
		ssize_t n = read_at(fd, w->buf, want, (off_t)start);

		if (n <= 0) {
			if (n < 0)
				err = errno;
			break;
		}
		seg_update(&seg, w->buf, (size_t)n);
		if (lm && linematch_update(lm, w->buf, (size_t)n) < 0)
			break;
		start += (uint64_t)n;
	}
	if (lm && !err && !lm->failed)
		err = range_match_end(lm, fd, start, w->buf);
close:
	close(fd);
publish:
	seg_end(&seg, &ps->sum);
	if (lm && lm->failed)
		err = RESULT_ERR_MATCH_BASE - linematch_error(lm);
	else if (lm)
		ps->sum.c.matches = lm->matches;
	ps->err = err;
	part_publish(ps, h->seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
}

/* Count a chunk of archive entry data from the ring (slots.h). */
static int do_data(struct worker *w, const struct task_hdr *h)
{
	const struct worker_config *cfg = w->cfg;
	struct part_slot *ps;
	struct seg_state seg;

	if (!cfg->data || h->off > DATA_RING || h->len > DATA_RING - h->off)
		return -1;
	ps = &cfg->dparts[h->seq % DATA_TASKS];
	atomic_store_explicit(&cfg->state->current,
			      (DATA_TASK_BIT | h->seq) + 1,
			      memory_order_release);
	fault_check(&w->fault, NULL, h->seq);
	seg_begin(&seg, cfg->mode, cfg->want);
	seg_update(&seg, cfg->data + h->off, (size_t)h->len);
	seg_end(&seg, &ps->sum);
	ps->err = 0;
	/* Only the lines wholly inside the chunk: the parent matches those
	 * that cross chunks (pool.c). */
	if (matcher(w)) {
		if (linematch_chunk_inner(&w->lm, cfg->data + h->off,
					  (size_t)h->len) < 0)
			ps->err = RESULT_ERR_MATCH_BASE -
				  linematch_error(&w->lm);
		else
			ps->sum.c.matches = w->lm.matches;
	}
	part_publish(ps, h->seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
}

/* Whether read-ahead threads would pay for the next files. */
static bool reads_are_slow(const struct worker *w)
{
	if (!w->cfg->io_threads)
		return false;
	return w->cfg->readahead_always || prep_slow(&w->prep);
}

/*
 * List the complete records of the task buffer from *OFF as jobs from
 * *N on, moving both past them.  With GROW the job array grows as needed;
 * without, it stops where the array is full (read-ahead threads may be
 * looking at it, so it must not move).  Returns -1 when the parent sent
 * garbage or memory ran out.
 */
static int list_jobs(struct worker *w, size_t *off, size_t *n, bool grow)
{
	while (w->tlen - *off >= sizeof(struct task_hdr)) {
		struct task_hdr h;
		char *path;

		memcpy(&h, w->tasks + *off, sizeof(h));
		if (h.kind != TASK_FILE && h.kind != TASK_FILE_WHOLE &&
		    h.kind != TASK_RANGE && h.kind != TASK_DATA)
			return -1;
		if (w->tlen - *off - sizeof(h) < (size_t)h.pathlen + 1)
			break;
		path = w->tasks + *off + sizeof(h);
		if (path[h.pathlen] != '\0')
			return -1;
		if (*n == w->jalloc) {
			size_t na = w->jalloc ? 2 * w->jalloc : 64;
			struct job *p;

			if (!grow)
				break;
			p = reallocarray(w->jobs, na, sizeof(*p));
			if (!p)
				return -1;
			w->jobs = p;
			w->jalloc = na;
		}
		memset(&w->jobs[*n], 0, sizeof(w->jobs[*n]));
		w->jobs[*n].h = h;
		w->jobs[*n].path = path;
		w->jobs[*n].state = JOB_NEW;
		w->jobs[*n].fd = -1;
		(*n)++;
		*off += sizeof(h) + h.pathlen + 1;
	}
	return 0;
}

/*
 * While read-ahead threads work on a batch, the batch is extended with
 * what the parent has sent since, when it has: otherwise the threads
 * would run dry at every batch's end, and the worker would open the next
 * batch's first files itself, one at a time.  The records go into the
 * room the buffers have (reserved in run_tasks()); neither moves.
 * Returns -1 when the parent sent garbage.
 */
#define EXTEND_ROOM 256         /* jobs kept free for extending a batch */
#define EXTEND_MARGIN 4         /* look this many jobs before the threads
				 * run dry, and this often after that */

static int extend_batch(struct worker *w, size_t *off, size_t *n)
{
	struct pollfd pfd = { .fd = w->cfg->task_fd, .events = POLLIN };
	size_t was = *n;
	ssize_t got;

	if (w->talloc == w->tlen || w->jalloc == *n ||
	    poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLIN))
		return 0;
	got = read(w->cfg->task_fd, w->tasks + w->tlen, w->talloc - w->tlen);
	if (got <= 0)
		return 0;       /* the main loop sees the end, or the error */
	w->tlen += (size_t)got;
	if (list_jobs(w, off, n, false) < 0)
		return -1;
	if (*n > was) {
		pthread_mutex_lock(&w->ra->mu);
		w->ra->njobs = *n;
		if (w->ra->nidle > 0)
			pthread_cond_broadcast(&w->ra->work);
		pthread_mutex_unlock(&w->ra->mu);
	}
	return 0;
}

/*
 * Process every complete record in the task buffer, in order.  The
 * records are first listed as jobs, so that read-ahead threads can open
 * and read the files ahead of the worker; the worker waits for a job only
 * if a thread has it in hand, and otherwise does it itself.  Returns -1
 * when the parent is gone or sent garbage.
 */
static int run_tasks(struct worker *w)
{
	size_t off = 0, n = 0, i, look = 0;
	bool exposed = false;
	int ret = 0;

	/* Room to extend the batch without moving it (extend_batch()),
	 * made before the jobs point into the buffer. */
	if (w->cfg->io_threads && w->talloc - w->tlen < TASKBUF_MIN / 2) {
		char *p = realloc(w->tasks, w->tlen + TASKBUF_MIN / 2);

		if (p) {
			w->tasks = p;
			w->talloc = w->tlen + TASKBUF_MIN / 2;
		}
	}
	if (list_jobs(w, &off, &n, true) < 0)
		return -1;
	if (w->cfg->io_threads && w->jalloc - n < EXTEND_ROOM) {
		struct job *p = reallocarray(w->jobs, n + EXTEND_ROOM,
					     sizeof(*p));

		if (p) {
			w->jobs = p;
			w->jalloc = n + EXTEND_ROOM;
		}
	}
	for (i = 0; i < n && ret == 0; i++) {
		struct job *j = &w->jobs[i];

		/* Hand the rest of the batch to the read-ahead threads
		 * while reads are slow; start them the first time, and
		 * only in the worker (the parent forks with no thread). */
		if (!exposed && reads_are_slow(w)) {
			if (!w->ra && !w->ra_failed) {
				w->ra = ra_start(w->cfg,
						 w->cfg->io_adaptive ? 1 :
						 w->cfg->io_threads,
						 w->cfg->io_threads);
				w->ra_failed = !w->ra;
			}
			if (w->ra) {
				pthread_mutex_lock(&w->ra->mu);
				w->ra->jobs = w->jobs;
				w->ra->njobs = n;
				w->ra->next = i;
				pthread_cond_broadcast(&w->ra->work);
				pthread_mutex_unlock(&w->ra->mu);
				exposed = true;
			}
		}
		if (exposed && i + w->ra->nthreads + EXTEND_MARGIN >= n &&
		    i >= look && reads_are_slow(w)) {
			if (extend_batch(w, &off, &n) < 0)
				ret = -1;
			look = i + EXTEND_MARGIN;
			j = &w->jobs[i];
			if (ret < 0)
				break;
		}
		if (j->h.kind == TASK_RANGE)
			ret = do_range(w, &j->h, j->path);
		else if (j->h.kind == TASK_DATA)
			ret = do_data(w, &j->h);
		else
			ret = run_file_job(w, j, exposed);
	}
	if (exposed) {
		/* Every job is counted, so no thread holds one: detach
		 * them from the buffer that is about to move. */
		pthread_mutex_lock(&w->ra->mu);
		w->ra->njobs = w->ra->next = 0;
		pthread_mutex_unlock(&w->ra->mu);
	}
	if (ret < 0)
		return -1;
	memmove(w->tasks, w->tasks + off, w->tlen - off);
	w->tlen -= off;
	return 0;
}

/* Whether the task buffer starts with a complete record. */
static bool whole_record(const struct worker *w)
{
	struct task_hdr h;

	if (w->tlen < sizeof(h))
		return false;
	memcpy(&h, w->tasks, sizeof(h));
	return w->tlen - sizeof(h) >= (size_t)h.pathlen + 1;
}

/* Make room for at least one more complete record after what we have. */
static int reserve(struct worker *w)
{
	size_t need = TASKBUF_MIN;
	char *p;

	if (w->tlen >= sizeof(struct task_hdr)) {
		struct task_hdr h;

		memcpy(&h, w->tasks, sizeof(h));
		if (sizeof(h) + (size_t)h.pathlen + 1 > need)
			need = sizeof(h) + (size_t)h.pathlen + 1;
	}
	if (need <= w->talloc && w->tlen < w->talloc)
		return 0;
	if (need <= w->talloc)
		need = w->talloc * 2;
	p = realloc(w->tasks, need);
	if (!p)
		return -1;
	w->tasks = p;
	w->talloc = need;
	return 0;
}

int worker_main(const struct worker_config *cfg)
{
	struct worker w = { .cfg = cfg, .op = OPENER_INIT };
	int status = 1;

	if (posix_memalign(&w.buf, 4096, WORKER_BUFSIZE) != 0)
		return 1;
	linematch_init(&w.lm, cfg->matches, cfg->nmatches);
	fault_init(&w.fault, platform_test_env("FSTAT_PAR_FAULT"));
	/* Map the buffer in now, in one call, not a fault per page. */
	platform_prefault(w.buf, WORKER_BUFSIZE);
	for (;;) {
		ssize_t n;

		if (reserve(&w) < 0)
			goto out;
		n = read(cfg->task_fd, w.tasks + w.tlen, w.talloc - w.tlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (n == 0)
			break;
		w.tlen += (size_t)n;
		/* Again while whole records are left: an extended batch
		 * (extend_batch()) can take in more than it has room for. */
		do {
			if (run_tasks(&w) < 0)
				goto out;
		} while (whole_record(&w));
		/* About to block in read(2): say what is finished first.  A
		 * full record may still be waiting in the pipe, but telling
		 * the parent early costs one write and never stalls it. */
		if (announce(&w) < 0)
			goto out;
	}
	status = w.tlen == 0 && announce(&w) == 0 ? 0 : 1;
out:
	if (w.ra)
		ra_stop(w.ra);
	if (w.op.dirfd >= 0)
		close(w.op.dirfd);
	strbuf_release(&w.op.dir);
	linematch_release(&w.lm);
	free(w.jobs);
	free(w.tasks);
	free(w.buf);
	return status;
}
