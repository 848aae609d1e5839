/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool.h - the worker pool: forked workers, the task pipes, the result
 * ring in shared memory, and recovery from dead workers.
 *
 * The parent submits tasks (paths to count); each gets the next sequence
 * number.  The pool hands tasks to workers, the workers publish results in
 * the ring, and the parent takes them back strictly in sequence order with
 * pool_peek() and pool_retire().  At most a ring's worth of tasks are between
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
 * When not one worker can be started (a process limit, no descriptors
 * left, no shared memory), the pool counts in the parent instead
 * (pool_inline.c): each task is counted as it is submitted and is ready at
 * once, so the caller's loop stays the same, only slower.
 *
 * All functions run in the parent, which must have no threads when it
 * forks (pool_start, and pool_wait when it replaces a worker).  Functions
 * returning int give 0, or -1 with errno set and, for fatal conditions, a
 * message that pool_error() gives.  The pool is opaque: pool_impl.h has
 * its fields, for the pool's own files only.
 */
#ifndef FSTAT_PAR_POOL_H
#define FSTAT_PAR_POOL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "count.h"
#include "regex.h"
#include "slots.h"

struct pool;

/*
 * What pool_start() is given.  WAKE_FD (or -1) is a descriptor that
 * pool_wait() also polls; STOP, when it becomes nonzero, makes pool_wait()
 * return -1 with errno EINTR instead of replacing workers (and, with no
 * worker, ends the count of the file in hand early: the caller must look
 * at STOP before it uses a result).
 */
struct pool_config {
	unsigned nworkers;
	enum count_mode mode;
	unsigned want;                  /* COUNT_WANT_* */
	uint64_t split_min;             /* 0: SPLIT_MIN */
	unsigned io_threads;            /* read-ahead threads per worker */
	bool io_adaptive;               /* instead: as many as reads wait for,
					 * up to readahead_cap() (readahead.h) */
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

/*
 * Map the ring and fork CFG->nworkers workers.  If fewer could be forked,
 * the pool runs with those; if none, it counts in the parent (above).
 * Either way pool_error() then says what happened, for a warning.  NULL
 * (errno set) only when there is not even memory for that.
 */
struct pool *pool_start(const struct pool_config *cfg);

/* The message of the last failure, or of pool_start()'s trouble; "" if
 * none. */
const char *pool_error(const struct pool *p);

/* Whether the pool counts in the parent: no worker could be started. */
bool pool_in_parent(const struct pool *p);

/*
 * The caller's value for the tasks submitted from now on (the row's
 * index in the output, for --merge); the pool only carries it, and
 * pool_peek_tag() gives it back.
 */
void pool_set_tag(struct pool *p, uint64_t tag);

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

/* The path of the newest task not yet retired; when idle, NULL, or in
 * the parent (pool_in_parent()) the last one. */
const char *pool_newest_path(const struct pool *p, size_t *len);

/* The result of the oldest unretired task if it is ready, else NULL. */
const struct result_slot *pool_peek(struct pool *p);
/* The path of the oldest unretired task. */
const char *pool_peek_path(const struct pool *p, size_t *len);
/* Its tag: pool_set_tag()'s value when it was submitted. */
uint64_t pool_peek_tag(const struct pool *p);
/* Its message (pool_submit_message), or NULL. */
const char *pool_peek_msg(const struct pool *p);
/* Whether that message is a warning (pool_submit_warning). */
bool pool_peek_warning(const struct pool *p);
void pool_retire(struct pool *p);

/* Whether every task submitted has been retired. */
bool pool_idle(const struct pool *p);

/*
 * Let the workers finish and reap them: close the task pipes, wait for
 * each pid.  Returns -1 if a worker ended abnormally (pool_error()).
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

/* Unmap and free P (after pool_finish or pool_abort); NULL is fine. */
void pool_release(struct pool *p);

#endif
