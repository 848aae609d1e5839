/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool.h - the worker pool: forked workers, the task pipes, the result
 * ring in shared memory, and recovery from dead workers.
 *
 * The parent submits tasks (paths to count); each gets the next sequence
 * number.  The pool hands tasks to workers, the workers publish results in
 * the ring, and the parent takes them back strictly in sequence order with
 * pool_peek() and pool_retire().  At most pool->nslots tasks are between
 * the oldest unretired one and the newest, and each worker holds at most a
 * fixed number of tasks: pool_can_submit() says when the source must wait.
 *
 * A file of at least SPLIT_MIN bytes (with more than one worker) is
 * counted in ranges by several workers at once: the worker that opens it
 * hands it back, the pool queues its ranges ahead of new work, and when
 * the last range is in it joins their summaries into the file's slot.
 *
 * With --count-matches patterns in the config, the workers count matching
 * lines too, and for archive entries the parent matches the lines that
 * cross chunks itself (pool_data.c says how), holding each such line
 * whole.
 *
 * A worker that dies (a crash, a signal, the OOM killer) is reaped by its
 * pid, never by waitpid(-1), and replaced.  Its unfinished tasks go to the
 * other workers again; the task it was counting when it died is retried
 * once, and if it kills a second worker its slot is filled by the parent
 * with file_err_signal(signal) (or file_err_exit(status)), so the file
 * is reported and nothing else is lost.  When waitpid() fails (the
 * process was started with SIGCHLD ignored, and the kernel reaped the
 * worker), the worker is gone all the same, but how it ended is unknown:
 * the task then gets file_err_signal(0), as for an exit with status 0
 * while holding it, and pool_finish() fails.  Every ending gives a
 * blamed task an error that loses it (file_err_is_lost(),
 * pool_death_err()).
 *
 * With a timeout (cfg->timeout_ns), a file or range that a worker has
 * been counting for longer (a read hung on a dead network mount) is given
 * up: pool_wait() kills the worker with SIGKILL and, once it is reaped,
 * fills the file's slot with file_err_timeout() (a range: its part,
 * so the file is reported once) without retrying it, and replaces the
 * worker as after any death.  Archive chunks are never timed.
 *
 * All functions run in the parent, which must have no threads when it
 * forks (pool_start, and pool_wait when it replaces a worker).  Functions
 * returning int give 0, or -1 with errno set and, for fatal conditions, a
 * message in pool->error.
 */
#ifndef FSTAT_PAR_POOL_H
#define FSTAT_PAR_POOL_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "count.h"
#include "linematch.h"
#include "regex.h"
#include "segment.h"
#include "shm.h"
#include "slots.h"
#include "strbuf.h"

struct pool_task;
struct pool_proc;
struct pool_dtask;

/* A large file being counted in ranges (segment.h). */
struct pool_split {
	bool used;
	uint64_t seq;
	uint64_t size, part_size;
	uint32_t nparts, done;
};

struct pool {
	struct shm_region shm;
	struct result_slot *slots;
	struct worker_state *wstate;
	struct part_slot *parts;        /* SPLIT_JOBS * SPLIT_PARTS */
	struct pool_split splits[SPLIT_JOBS];
	uint64_t split_min;             /* 0: never split */
	uint64_t nslots, mask;
	uint64_t issued;                /* next sequence number */
	uint64_t retired;               /* oldest sequence not yet retired */
	uint64_t tag;                   /* the caller's, for new tasks */
	struct pool_task *tasks;        /* nslots entries, by seq & mask */
	struct pool_proc *procs;
	unsigned nprocs;
	unsigned alive;
	unsigned respawns_left;
	int done_rd, done_wr;           /* the completion pipe */
	int wake_fd;                    /* polled too: a signal's self-pipe */
	unsigned wait_ms;               /* pool_wait's longest sleep; 0: none */
	uint64_t timeout_ns;            /* --timeout; 0: none */
	const volatile sig_atomic_t *stop;
	uint64_t *retry;                /* tasks to hand out first, FIFO */
	size_t retry_head, retry_len, retry_cap;
	struct pollfd *pfd;             /* pool_wait's poll set, reused */
	unsigned *pfd_who;              /* the worker of each entry */
	unsigned char donebuf[4096];
	size_t donelen;
	enum count_mode mode;
	unsigned want;
	unsigned io_threads;
	bool io_adaptive;
	bool readahead_always;
	bool follow;
	struct regex *matches;          /* --count-matches, or none */
	size_t nmatches;
	char error[256];

	/* Archive entries (pool_entry_*); data is NULL unless enabled. */
	unsigned char *data;            /* the data ring, DATA_RING bytes */
	struct part_slot *dparts;       /* DATA_TASKS chunk summaries */
	struct pool_dtask *dtasks;      /* the parent's record of each */
	uint64_t dissued, dretired;     /* chunk numbers (DSEQ) */
	uint64_t dhead, dtail;          /* data ring bytes, ever growing */
	uint64_t chunk_start;           /* dhead of the open chunk */
	size_t chunk_len;
	bool chunk_open;
	bool entry_open, entry_sent;    /* an entry; some chunk of it sent */
	uint64_t entry_seq;
	unsigned char carry[8];         /* bytes held back for the next chunk */
	size_t ncarry;
	struct seg_summary acc;         /* the oldest unfinished entry so far */
	struct file_err acc_err;
	struct linematch edge;          /* with matches: the lines that cross
					 * the open entry's chunks */
};

/*
 * Map the ring and fork CFG->nworkers workers.  WAKE_FD (or -1) is a
 * descriptor that pool_wait() also polls; STOP, when it becomes nonzero, makes
 * pool_wait() return -1 with errno EINTR instead of replacing workers.
 * If fewer workers could be forked, the pool runs with those and says so
 * in pool->error (with a return of 0); none at all is an error.
 */
struct pool_config {
	unsigned nworkers;
	enum count_mode mode;
	unsigned want;                  /* COUNT_WANT_* */
	uint64_t split_min;             /* 0: SPLIT_MIN */
	unsigned io_threads;            /* read-ahead threads per worker */
	bool io_adaptive;               /* instead: as many as reads wait for,
					 * up to worker_io_cap() (readahead.h) */
	bool readahead_always;          /* tests: read ahead even when fast */
	bool follow;                    /* workers open files through links */
	struct regex *matches;          /* --count-matches patterns, compiled */
	size_t nmatches;                /* (borrowed; 0 for none) */
	bool entries;                   /* map the data ring (pool_entry_*) */
	int wake_fd;                    /* -1 for none */
	unsigned wait_ms;               /* 0, or pool_wait's longest sleep */
	uint64_t timeout_ns;            /* 0, or how long a file may take */
	const volatile sig_atomic_t *stop;      /* NULL for none */
};

int pool_start(struct pool *p, const struct pool_config *cfg);

/*
 * With more than one worker, files of at least SPLIT_MIN bytes (or the
 * SPLIT_MIN given to pool_start(), if not 0) are split into ranges of at
 * least a quarter of that.
 */
#define SPLIT_MIN (UINT64_C(32) << 20)

bool pool_can_submit(const struct pool *p);

/* Queue PATH (LEN bytes) as the next task; requires pool_can_submit(). */
int pool_submit(struct pool *p, const char *path, size_t len);

/*
 * Queue an error of the source (a directory that could not be read) as the
 * next task, so that it is reported in order with the files around it.
 * No worker sees it: its result is ready at once, with flags
 * RESULT_SOURCE_ERR and the errno ERR.  Requires pool_can_submit().
 */
int pool_submit_error(struct pool *p, const char *path, size_t len, int err);

/*
 * Queue MSG about PATH (LEN bytes) as the next task, like
 * pool_submit_error(): reported in order, flags RESULT_SOURCE_ERR, no error;
 * pool_peek_msg() gives MSG back.  Requires pool_can_submit().
 */
int pool_submit_message(struct pool *p, const char *path, size_t len,
			const char *msg);

/*
 * Like pool_submit_message(), for a warning (a symbolic link loop):
 * pool_peek_warning() says so, and the caller reports it without
 * changing the exit status.
 */
int pool_submit_warning(struct pool *p, const char *path, size_t len,
			const char *msg);

/*
 * Archive entries, with cfg->entries: the parent has the bytes, and copies
 * them into the data ring for the workers.  pool_entry_begin() queues PATH
 * as the next task (requires pool_can_submit()); pool_entry_add() takes
 * as many of the LEN bytes at BUF as there is room for now and returns how
 * many (fewer than LEN: pool_wait(), then offer the rest again), or -1;
 * pool_entry_end() closes the entry: 0, 1 when it must wait for room
 * (pool_wait(), then call it again), or -1.  With DROP, the entry is
 * finished without a row (its data was cut short).  One entry at a time.
 */
int pool_entry_begin(struct pool *p, const char *path, size_t len);
ssize_t pool_entry_add(struct pool *p, const void *buf, size_t len);
int pool_entry_end(struct pool *p, bool drop);

/*
 * A hole of N NUL bytes in the open entry (a sparse entry), after the
 * bytes added so far: it travels as its length, not through the ring,
 * and costs the same whatever N (but one that fits in the open chunk,
 * which is cheaper as bytes).  0, 1 when it must wait for room
 * (pool_wait(), then call it again), or -1.  Not with --count-matches,
 * whose matcher needs the bytes (pool_entry_add() them).
 */
int pool_entry_hole(struct pool *p, uint64_t n);

/* Send queued tasks to the workers, without blocking. */
int pool_flush(struct pool *p);

/*
 * Take in finished tasks and handle dead workers.  With BLOCK, sleep until
 * something happens (a finished task, a death, WAKE_FD readable), or at
 * most cfg->wait_ms when that is not 0 (so that the caller can redraw a
 * progress line while the workers are slow), and, with a timeout, no
 * longer than until the next task could run out of time.
 */
int pool_wait(struct pool *p, bool block);

/* The path of the newest task not yet retired, or NULL when idle. */
const char *pool_newest_path(const struct pool *p, size_t *len);

/* The result of the oldest unretired task if it is ready, else NULL. */
const struct result_slot *pool_peek(struct pool *p);
/* The path of the oldest unretired task. */
const char *pool_peek_path(const struct pool *p, size_t *len);
/* Its tag: the value of pool->tag when it was submitted.  The caller
 * sets pool->tag (the row's index in the output, for --merge) before
 * submitting; the pool only carries it. */
uint64_t pool_peek_tag(const struct pool *p);
/* Its message (pool_submit_message), or NULL. */
const char *pool_peek_msg(const struct pool *p);
/* Whether that message is a warning (pool_submit_warning). */
bool pool_peek_warning(const struct pool *p);
void pool_retire(struct pool *p);

static inline bool pool_idle(const struct pool *p)
{
	return p->issued == p->retired;
}

/*
 * Let the workers finish and reap them: close the task pipes, wait for
 * each pid.  Returns -1 if a worker ended abnormally (message in error).
 */
int pool_finish(struct pool *p);

/* Stop everything now: SIGKILL the workers and reap them. */
void pool_abort(struct pool *p);

/* The pid of worker I, 0 if none: for diagnostics and tests. */
pid_t pool_worker_pid(const struct pool *p, unsigned i);

/*
 * The error of a task blamed for the death of its workers, by how the
 * last one ended: STATUS as waitpid() gave it when WAITED, else (waitpid()
 * failed) unknown.  Always one that loses the file (file_err_is_lost():
 * no row, and a report).  For the tests.
 */
struct file_err pool_death_err(bool waited, int status);

/* Unmap and free (after pool_finish or pool_abort). */
void pool_release(struct pool *p);

#endif
