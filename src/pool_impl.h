/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool_impl.h - what the three files of the worker pool share, and nothing
 * exported: pool.c (scheduling: tasks, credits, retries, range splits,
 * the completion pipe), pool_proc.c (supervision: starting, reaping and
 * replacing the workers, timeouts, the end of the pool) and pool_data.c
 * (the archive data ring: pool_entry_*).  All of it runs in the parent.
 * Callers use pool.h.
 */
#ifndef FSTAT_PAR_POOL_IMPL_H
#define FSTAT_PAR_POOL_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "pool.h"
#include "strbuf.h"

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

#endif
