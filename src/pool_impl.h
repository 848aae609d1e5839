/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool_impl.h - what the four files of the worker pool share, and nothing
 * exported: struct pool itself, and pool.c (scheduling: tasks, credits,
 * retries, range splits, the completion pipe), pool_proc.c (supervision:
 * starting, reaping and replacing the workers, timeouts, the end of the
 * pool), pool_data.c (the archive data ring: pool_entry_*) and
 * pool_inline.c (the pool without workers: counting in the parent).  All
 * of it runs in the parent.  Callers use pool.h.
 */
#ifndef FSTAT_PAR_POOL_IMPL_H
#define FSTAT_PAR_POOL_IMPL_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "count_file.h"
#include "linematch.h"
#include "pool.h"
#include "segment.h"
#include "shm.h"
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
	bool in_parent;                 /* no workers: pool_inline.c counts */
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
					 * the open entry's chunks; in the
					 * parent, the lines of every file */

	/* Counting in the parent (pool_inline.c). */
	void *ibuf;                     /* WORKER_BUFSIZE bytes */
	char *last_path;                /* the newest task, once retired */
	size_t last_len;
	struct count_stream ics;        /* the open entry's count */
};

/* The fewest slots of the result ring (more with many workers). */
#define NSLOTS_MIN 4096

/* Tasks a worker may hold (its FIFO in struct pool_proc). */
#define CREDIT 256

struct pool_task {
	char *path;             /* then, with has_msg, a NUL and a message */
	uint64_t tag;           /* pool->tag when it was submitted */
	uint32_t len;
	uint8_t attempts;
	bool has_msg;
	bool warning;           /* a warning: pool_submit_warning() */
};

/* A chunk of archive entry data, as the parent remembers it. */
struct pool_dtask {
	uint64_t seq;           /* the entry it belongs to */
	uint64_t start;         /* its first byte, as a dhead value */
	uint32_t len;
	bool last;              /* the entry's final chunk */
	bool drop;              /* ... and the entry gets no row */
	uint64_t matches;       /* lines the parent matched at its edges */
	struct file_err merr;   /* ... or a FILE_ERR_MATCH, or none */
};

struct pool_proc {
	pid_t pid;              /* 0 when there is no live worker here */
	int task_fd;            /* write end, non-blocking */
	int pidfd;              /* -1 if the system has none */
	uint64_t fifo[CREDIT];  /* task entries held, oldest first */
	unsigned head, count;
	unsigned ranges;        /* how many of them are ranges */
	size_t bytes;           /* record bytes of the tasks held */
	struct strbuf out;      /* records not yet written to the pipe */
	bool broken;            /* the pipe is gone; death is pending */
	bool timed_out;         /* killed for timed_entry; death pending */
	uint64_t timed_entry;
};

/* pool.c */
int pool_new_task(struct pool *p, const char *path, size_t len,
		  const char *msg);
uint64_t pool_task_seq(const struct pool *p, uint64_t e);
int pool_assign(struct pool *p, uint64_t e);
void pool_queue_first(struct pool *p, uint64_t e);
int pool_dispatch_retries(struct pool *p);
void pool_part_done(struct pool *p, unsigned j);
int pool_drain(struct pool *p);

/* pool_data.c */
void pool_data_retire(struct pool *p);

/* pool_inline.c: the same calls, for a pool that counts in the parent. */
int pool_inline_start(struct pool *p);
void pool_inline_submit(struct pool *p, uint64_t seq);
void pool_inline_entry_begin(struct pool *p);
void pool_inline_entry_add(struct pool *p, const void *buf, size_t len);
void pool_inline_entry_hole(struct pool *p, uint64_t n);
void pool_inline_entry_end(struct pool *p, bool drop);
void pool_inline_release(struct pool *p);

#endif
