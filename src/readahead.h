/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * readahead.h - a worker's read-ahead: the threads that open and read the
 * next files of a batch while the worker counts the current one, the jobs
 * they prepare (struct job), and the measures that decide when the
 * threads pay and how many there are.
 *
 * All of it runs in a worker process, in the worker's threads: the
 * read-ahead threads are started after the fork (worker.h says when), and
 * the worker thread alone starts, grows and stops them and keeps the
 * measures.  readahead_prepare() is also how the worker thread itself
 * opens and reads a file no thread has taken.  The one exception is
 * readahead_cap(), which the parent calls too, to give each worker its
 * cap (pool_proc.c).
 */
#ifndef FSTAT_PAR_READAHEAD_H
#define FSTAT_PAR_READAHEAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count_file.h"
#include "slots.h"

struct worker_config;

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
	bool blocked;           /* and it slept on I/O (readahead_prepare()) */
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
 * How long opening and reading LEN bytes waited, given that it took
 * PREP_NS: the time beyond copying LEN bytes out of the page cache, at a
 * rate below any machine's (PAGE_CACHE_BYTES_PER_NS).  Copying a full
 * 256 KiB buffer takes 25 to 60 us by itself; counted as waiting, it made
 * read-ahead start on fast reads of large files, where it only costs.
 */
#define PAGE_CACHE_BYTES_PER_NS 2
uint64_t readahead_wait_ns(uint64_t prep_ns, size_t len);

/*
 * Whether reads wait: readahead_note() records that opening a file and
 * reading its first LEN bytes took PREP_NS; readahead_pays() says whether
 * most of the recent files waited (readahead.c says how), which is when
 * read-ahead threads pay.  Zero-initialise.
 */
struct readahead_stats {
	uint32_t slow;
	uint64_t n;
};
void readahead_note(struct readahead_stats *ps, uint64_t prep_ns, size_t len);
bool readahead_pays(const struct readahead_stats *ps);

/*
 * The default read-ahead depth (CFG->io_adaptive): readahead_cap() is how
 * many threads each of NWORKERS workers may grow to;
 * readahead_should_grow() whether a worker that has THREADS of at most
 * CAP, and just waited WAIT_NS for a file a thread was opening and
 * reading, should start another (ra_grow() starts it).
 */
unsigned readahead_cap(unsigned nworkers);
bool readahead_should_grow(unsigned threads, unsigned cap, uint64_t wait_ns);


/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t readahead_now_ns(void);

/*
 * Open job J's file, check it, and read its first bytes into BUF (of
 * WORKER_BUFSIZE bytes), with OP (one a thread), timing it in J's prep_ns
 * and noting in blocked whether it slept on I/O.  Touches nothing shared
 * but J.
 */
void readahead_prepare(const struct worker_config *cfg, struct opener *op,
		       struct job *j, void *buf);

/*
 * Start N read-ahead threads with room to grow to CAP; NULL if not even
 * one can be had.  ra_grow() adds one (false at the cap or when it cannot
 * be had), ra_release() gives a job's buffer back, ra_stop() joins the
 * threads and frees everything.
 */
struct readahead *ra_start(const struct worker_config *cfg, unsigned n,
			   unsigned cap);
bool ra_grow(struct readahead *ra);
void ra_release(struct readahead *ra, void *buf);
void ra_stop(struct readahead *ra);

#endif
