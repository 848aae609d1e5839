/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool.c - the worker pool; see pool.h.
 *
 * How the parent and its workers talk
 * -----------------------------------
 * Each worker has its own task pipe, written only by the parent, so a
 * worker never competes with another for a record and the parent always
 * knows which tasks each worker holds: a FIFO of sequence numbers per
 * worker, in the order the worker will count them.  The parent gives a
 * worker at most CREDIT tasks and CREDIT_BYTES of records at a time; those
 * bounds keep every pipe far from full and spread the work.
 *
 * A worker announces finished tasks on one shared completion pipe with
 * 16-byte records (worker index, number finished); since a worker counts
 * its tasks in order, the parent pops that many from the worker's FIFO.
 * Results themselves live in the shared ring (slots.h), published with a
 * release store of the sequence number, so the announcement is only a
 * wake-up and a credit return; the parent reads results in sequence order
 * by polling the ring slot of the oldest unprinted task.
 *
 * Starting, reaping and replacing the workers, and timeouts, are in
 * pool_proc.c; archive entry data (the data ring) is in pool_data.c.
 * This file schedules: tasks to workers, credits back, retries, splits.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pool.h"
#include "pool_impl.h"

#define CREDIT_BYTES (48 * 1024)
/* Ranges of a split file a worker may hold: the one it counts and the
 * next, so that it never waits for work, while the rest stay with the
 * parent for whichever worker is free first. */
#define RANGE_CREDIT 2

static size_t record_size(uint32_t pathlen)
{
	return sizeof(struct task_hdr) + pathlen + 1;
}

/* The live worker holding the fewest tasks, with room for LEN bytes and,
 * for a range (RANGE), for one more range. */
static struct pool_proc *pick(const struct pool *p, uint32_t len, bool range)
{
	struct pool_proc *best = NULL;
	unsigned i;

	for (i = 0; i < p->nprocs; i++) {
		struct pool_proc *pr = &p->procs[i];

		if (!pr->pid || pr->broken || pr->count == CREDIT)
			continue;
		if (range && pr->ranges >= RANGE_CREDIT)
			continue;
		/* One oversized record may go to an idle worker. */
		if (pr->bytes + record_size(len) > CREDIT_BYTES &&
		    pr->count > 0)
			continue;
		if (!best || pr->count < best->count)
			best = pr;
	}
	return best;
}

static bool has_room(const struct pool *p)
{
	unsigned i;

	for (i = 0; i < p->nprocs; i++) {
		const struct pool_proc *pr = &p->procs[i];

		if (pr->pid && !pr->broken && pr->count < CREDIT &&
		    pr->bytes < CREDIT_BYTES)
			return true;
	}
	return false;
}

bool pool_can_submit(const struct pool *p)
{
	if (p->in_parent)
		return p->issued - p->retired < p->nslots;
	return p->retry_len == 0 && p->issued - p->retired < p->nslots &&
	       has_room(p);
}

/* The sequence number of the file a task entry belongs to. */
uint64_t pool_task_seq(const struct pool *p, uint64_t e)
{
	if (task_ref_kind(e) == TASK_REF_RANGE)
		return p->splits[task_range_job(e)].seq;
	if (task_ref_kind(e) == TASK_REF_DATA)
		return p->dtasks[task_data_seq(e) % DATA_TASKS].seq;
	return task_state_entry(e);
}

/* The bytes of path a task entry's record carries. */
static uint32_t entry_pathlen(const struct pool *p, uint64_t e)
{
	if (task_ref_kind(e) == TASK_REF_DATA)
		return 0;
	return p->tasks[pool_task_seq(p, e) & p->mask].len;
}

/* Give task entry E to a worker; returns 1 if none has room now. */
int pool_assign(struct pool *p, uint64_t e)
{
	uint64_t seq = pool_task_seq(p, e);
	struct pool_task *t = &p->tasks[seq & p->mask];
	uint32_t pathlen = entry_pathlen(p, e);
	struct task_hdr h = { .seq = seq, .kind = TASK_FILE,
			      .pathlen = pathlen };
	struct pool_proc *pr = pick(p, pathlen,
				    task_ref_kind(e) == TASK_REF_RANGE);

	if (!pr)
		return 1;
	if (task_ref_kind(e) == TASK_REF_DATA) {
		const struct pool_dtask *d =
			&p->dtasks[task_data_seq(e) % DATA_TASKS];

		h.kind = TASK_DATA;
		h.seq = task_data_seq(e);
		h.off = d->start % DATA_RING;
		h.len = d->len;
	} else if (task_ref_kind(e) == TASK_REF_RANGE) {
		const struct pool_split *sp = &p->splits[task_range_job(e)];

		h.kind = TASK_RANGE;
		h.job = task_range_job(e);
		h.part = task_range_part(e);
		h.off = (uint64_t)h.part * sp->part_size;
		h.len = h.part + 1 == sp->nparts ? sp->size - h.off :
						   sp->part_size;
	} else if (task_ref_kind(e) == TASK_REF_WHOLE) {
		h.kind = TASK_FILE_WHOLE;
	}
	if (strbuf_add(&pr->out, &h, sizeof(h)) < 0 ||
	    strbuf_add(&pr->out, pathlen ? t->path : "",
		       (size_t)pathlen + 1) < 0)
		return -1;
	pr->fifo[(pr->head + pr->count) % CREDIT] = e;
	pr->count++;
	pr->ranges += task_ref_kind(e) == TASK_REF_RANGE;
	pr->bytes += record_size(pathlen);
	return 0;
}

void pool_queue_first(struct pool *p, uint64_t e)
{
	if (p->retry_len == p->retry_cap) {
		fprintf(stderr, "fstat-par: BUG: retry queue overflow\n");
		abort();
	}
	p->retry[(p->retry_head + p->retry_len) % p->retry_cap] = e;
	p->retry_len++;
}

int pool_dispatch_retries(struct pool *p)
{
	while (p->retry_len > 0) {
		int r = pool_assign(p, p->retry[p->retry_head]);

		if (r < 0)
			return -1;
		if (r > 0)
			break;
		p->retry_head = (p->retry_head + 1) % p->retry_cap;
		p->retry_len--;
	}
	return 0;
}

/*
 * A worker handed back file SEQ of SIZE bytes: queue its ranges.  With
 * every job in use, the file goes back whole instead.
 */
static void start_split(struct pool *p, uint64_t seq, uint64_t size)
{
	uint64_t part_size;
	struct pool_split *sp = NULL;
	unsigned j, i;

	for (j = 0; j < SPLIT_JOBS; j++) {
		if (!p->splits[j].used) {
			sp = &p->splits[j];
			break;
		}
	}
	if (!sp) {
		pool_queue_first(p, task_whole_entry(seq));
		return;
	}
	/* Workers take ranges as they become free (RANGE_CREDIT), so the
	 * last range bounds how unevenly they finish: sixteen per worker
	 * keep that under a few percent, and the ranges stay large enough
	 * that each costs little to start. */
	part_size = (size + 16 * p->nprocs - 1) / (16 * p->nprocs);
	if (part_size < p->split_min / 4)
		part_size = p->split_min / 4;
	if (part_size == 0)
		part_size = 1;
	if ((size + part_size - 1) / part_size > SPLIT_PARTS)
		part_size = (size + SPLIT_PARTS - 1) / SPLIT_PARTS;
	sp->used = true;
	sp->seq = seq;
	sp->size = size;
	sp->part_size = part_size;
	sp->nparts = (uint32_t)((size + part_size - 1) / part_size);
	sp->done = 0;
	for (i = 0; i < sp->nparts; i++)
		pool_queue_first(p, task_range_entry(j, i));
}

/* All ranges of job J are in: join them into the file's result slot. */
static void finish_split(struct pool *p, unsigned j)
{
	struct pool_split *sp = &p->splits[j];
	struct result_slot *s = &p->slots[sp->seq & p->mask];
	struct seg_summary acc = { .empty = 1 };
	struct file_err err = file_err_none();
	uint32_t i;

	for (i = 0; i < sp->nparts; i++) {
		struct part_slot *ps = &p->parts[j * SPLIT_PARTS + i];

		if (!part_is_published(ps, sp->seq)) {
			fprintf(stderr, "fstat-par: BUG: range %u of a split "
				"file is missing\n", i);
			abort();
		}
		seg_join(&acc, &ps->sum);
		if (file_err_outranks(ps->err, err))
			err = ps->err;
	}
	seg_counts(&acc, &s->counts);
	slot_set_result(s, err);
	slot_publish(s, sp->seq);
	sp->used = false;
}

void pool_part_done(struct pool *p, unsigned j)
{
	if (++p->splits[j].done == p->splits[j].nparts)
		finish_split(p, j);
}

/* Record PATH, and MSG (or NULL) after it, for the next sequence number. */
int pool_new_task(struct pool *p, const char *path, size_t len,
		  const char *msg)
{
	struct pool_task *t = &p->tasks[p->issued & p->mask];
	size_t mlen = msg ? strlen(msg) + 1 : 0;

	if (len > UINT32_MAX - sizeof(struct task_hdr) - 1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	t->path = malloc(len + 1 + mlen);
	if (!t->path)
		return -1;
	memcpy(t->path, path, len);
	t->path[len] = '\0';
	if (msg)
		memcpy(t->path + len + 1, msg, mlen);
	t->len = (uint32_t)len;
	t->tag = p->tag;
	t->attempts = 0;
	t->has_msg = msg != NULL;
	t->warning = false;
	return 0;
}

int pool_submit_error(struct pool *p, const char *path, size_t len, int err)
{
	uint64_t seq = p->issued;
	struct result_slot *s = &p->slots[seq & p->mask];

	if (pool_new_task(p, path, len, NULL) < 0)
		return -1;
	slot_set_err(s, file_err_errno(err));
	s->flags = RESULT_SOURCE_ERR;
	memset(&s->counts, 0, sizeof(s->counts));
	slot_publish(s, seq);
	p->issued++;
	return 0;
}

int pool_submit(struct pool *p, const char *path, size_t len)
{
	uint64_t seq = p->issued;
	struct pool_task *t = &p->tasks[seq & p->mask];
	int r;

	if (pool_new_task(p, path, len, NULL) < 0)
		return -1;
	if (p->in_parent) {
		pool_inline_submit(p, seq);
		p->issued++;
		return 0;
	}
	r = pool_assign(p, seq);
	if (r < 0) {
		free(t->path);
		t->path = NULL;
		return -1;
	}
	/* pool_can_submit() cannot know how long this path is: when no
	 * worker has room for its record, it waits with the retries. */
	if (r > 0)
		pool_queue_first(p, seq);
	p->issued++;
	return 0;
}

int pool_submit_message(struct pool *p, const char *path, size_t len,
			const char *msg)
{
	uint64_t seq = p->issued;
	struct result_slot *s = &p->slots[seq & p->mask];

	if (pool_new_task(p, path, len, msg) < 0)
		return -1;
	slot_set_err(s, file_err_none());
	s->flags = RESULT_SOURCE_ERR;
	memset(&s->counts, 0, sizeof(s->counts));
	slot_publish(s, seq);
	p->issued++;
	return 0;
}

int pool_submit_warning(struct pool *p, const char *path, size_t len,
			const char *msg)
{
	struct pool_task *t = &p->tasks[p->issued & p->mask];

	if (pool_submit_message(p, path, len, msg) < 0)
		return -1;
	t->warning = true;
	return 0;
}

int pool_flush(struct pool *p)
{
	unsigned i;

	for (i = 0; i < p->nprocs; i++) {
		struct pool_proc *pr = &p->procs[i];
		size_t off = 0;

		while (pr->pid && !pr->broken && off < pr->out.len) {
			ssize_t n = write(pr->task_fd, pr->out.buf + off,
					  pr->out.len - off);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN)
					break;
				/* EPIPE: the worker is dead; its tasks are
				 * in its FIFO and go back when it is
				 * reaped. */
				pr->broken = true;
				break;
			}
			off += (size_t)n;
		}
		if (pr->broken)
			off = pr->out.len;
		if (off) {
			memmove(pr->out.buf, pr->out.buf + off,
				pr->out.len - off);
			strbuf_setlen(&pr->out, pr->out.len - off);
		}
	}
	return 0;
}

static void finished(struct pool *p, const struct done_msg *m)
{
	struct pool_proc *pr;
	uint32_t k;

	if (m->worker >= p->nprocs || m->n > p->procs[m->worker].count ||
	    (m->split_size && m->n != 1)) {
		fprintf(stderr, "fstat-par: BUG: bad completion record "
			"(worker %u, %u tasks)\n", m->worker, m->n);
		abort();
	}
	pr = &p->procs[m->worker];
	for (k = 0; k < m->n; k++) {
		uint64_t e = pr->fifo[pr->head];

		pr->bytes -= record_size(entry_pathlen(p, e));
		pr->head = (pr->head + 1) % CREDIT;
		pr->count--;
		pr->ranges -= task_ref_kind(e) == TASK_REF_RANGE;
		if (m->split_size)
			start_split(p, pool_task_seq(p, e), m->split_size);
		else if (task_ref_kind(e) == TASK_REF_RANGE)
			pool_part_done(p, task_range_job(e));
	}
}

/* Read every completion record available now. */
int pool_drain(struct pool *p)
{
	for (;;) {
		ssize_t n = read(p->done_rd, p->donebuf + p->donelen,
				 sizeof(p->donebuf) - p->donelen);
		size_t off = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return -1;
		}
		if (n == 0)
			return 0;
		p->donelen += (size_t)n;
		while (p->donelen - off >= sizeof(struct done_msg)) {
			struct done_msg m;

			memcpy(&m, p->donebuf + off, sizeof(m));
			finished(p, &m);
			off += sizeof(m);
		}
		memmove(p->donebuf, p->donebuf + off, p->donelen - off);
		p->donelen -= off;
	}
}

const struct result_slot *pool_peek(struct pool *p)
{
	struct result_slot *s;

	if (p->retired == p->issued)
		return NULL;
	if (p->data)
		pool_data_retire(p);
	s = &p->slots[p->retired & p->mask];
	return slot_is_published(s, p->retired) ? s : NULL;
}

const char *pool_peek_path(const struct pool *p, size_t *len)
{
	const struct pool_task *t = &p->tasks[p->retired & p->mask];

	*len = t->len;
	return t->path;
}

const char *pool_newest_path(const struct pool *p, size_t *len)
{
	const struct pool_task *t;

	if (pool_idle(p)) {
		/* Counting in the parent, the pool is idle between calls:
		 * the name is the last one counted. */
		*len = p->last_len;
		return p->last_path;
	}
	t = &p->tasks[(p->issued - 1) & p->mask];
	*len = t->len;
	return t->path;
}

uint64_t pool_peek_tag(const struct pool *p)
{
	return p->tasks[p->retired & p->mask].tag;
}

const char *pool_peek_msg(const struct pool *p)
{
	const struct pool_task *t = &p->tasks[p->retired & p->mask];

	return t->has_msg ? t->path + t->len + 1 : NULL;
}

bool pool_peek_warning(const struct pool *p)
{
	return p->tasks[p->retired & p->mask].warning;
}

bool pool_idle(const struct pool *p)
{
	return p->issued == p->retired;
}

void pool_set_tag(struct pool *p, uint64_t tag)
{
	p->tag = tag;
}

void pool_retire(struct pool *p)
{
	struct pool_task *t = &p->tasks[p->retired & p->mask];

	if (p->in_parent && p->retired + 1 == p->issued) {
		/* Kept for pool_newest_path(). */
		free(p->last_path);
		p->last_path = t->path;
		p->last_len = t->len;
	} else {
		free(t->path);
	}
	t->path = NULL;
	p->retired++;
}

