/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool_inline.c - the pool without workers, in the parent: when not one
 * worker process could be started (pool_start() in pool_proc.c falls back
 * here), each task is counted as it is submitted, exactly as a worker
 * would count it (count_file.h), and its result is ready at once.  The
 * ring, the tasks and the order are the pool's as ever, so the caller's
 * loop, its messages and its output do not change: a run is only slower.
 *
 * A file is counted whole (no ranges: there is nobody to share them
 * with), read-ahead threads are not started, and --timeout does not
 * apply: with no process to kill, a read that hangs would hang the run
 * either way.  A signal (cfg->stop) ends the count of the file in hand
 * early, and the caller then stops without using it.
 */
#include "compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pool_impl.h"

/* The ring and the task table on the heap: nothing is shared. */
int pool_inline_start(struct pool *p)
{
	p->in_parent = true;
	p->nslots = NSLOTS_MIN;
	p->mask = p->nslots - 1;
	p->split_min = 0;
	p->slots = calloc(p->nslots, sizeof(*p->slots));
	p->tasks = calloc(p->nslots, sizeof(*p->tasks));
	p->ibuf = malloc(WORKER_BUFSIZE);
	if (!p->slots || !p->tasks || !p->ibuf) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* The lines to match, with --count-matches; the matcher is the one the
 * data ring uses for lines that cross chunks, idle here. */
static struct linematch *matcher(struct pool *p)
{
	return p->nmatches ? &p->edge : NULL;
}

/* Count task SEQ, recorded by pool_new_task(), into its slot. */
void pool_inline_submit(struct pool *p, uint64_t seq)
{
	struct result_slot *s = &p->slots[seq & p->mask];

	count_file_path(p->tasks[seq & p->mask].path, p->follow, p->mode,
			p->want, p->ibuf, matcher(p), p->stop, s);
	slot_publish(s, seq);
}

/* pool_entry_begin() has recorded the entry (p->entry_seq). */
void pool_inline_entry_begin(struct pool *p)
{
	count_stream_begin(&p->ics, p->mode, p->want, matcher(p));
}

void pool_inline_entry_add(struct pool *p, const void *buf, size_t len)
{
	/* After a match error the rest need not be matched: the entry has
	 * no row, and its bytes are only read to reach the next one. */
	(void)count_stream_feed(&p->ics, buf, len);
}

void pool_inline_entry_hole(struct pool *p, uint64_t n)
{
	count_stream_hole(&p->ics, n);
}

/* As entry_publish() in pool_data.c: DROP for an entry cut short. */
void pool_inline_entry_end(struct pool *p, bool drop)
{
	struct result_slot *s = &p->slots[p->entry_seq & p->mask];
	struct file_err err;

	err = count_stream_end(&p->ics, &s->counts, 0);
	if (drop) {
		memset(&s->counts, 0, sizeof(s->counts));
		slot_set_err(s, file_err_none());
		s->flags = RESULT_SKIPPED;
	} else {
		slot_set_result(s, err);
	}
	slot_publish(s, p->entry_seq);
	p->entry_open = false;
}

void pool_inline_release(struct pool *p)
{
	free(p->slots);
	p->slots = NULL;
	free(p->ibuf);
	p->ibuf = NULL;
	free(p->last_path);
	p->last_path = NULL;
}
