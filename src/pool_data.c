/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool_data.c - archive entries in the worker pool (pool_entry_*), in the
 * parent: the bytes it reads are copied into the data ring in chunks,
 * each a data task for a worker; holes travel as their length; the
 * chunks' summaries are joined in order into the entry's result slot.
 * See pool.h and slots.h; the tasks go out through pool.c.
 *
 * Matching lines across archive chunks
 * ------------------------------------
 * With --count-matches, each line must be matched exactly once, but a
 * line of an archive entry may span any number of chunks, counted by
 * different workers.  The parent has every byte as it copies it, so the
 * work is split by where a line ends: a worker matches the lines of its
 * chunk that begin after the chunk's first '\n' and end at a later '\n'
 * of the chunk (linematch_chunk_inner), and the parent, when it sends a
 * chunk, matches the line that ends at the chunk's first '\n' -- the
 * bytes after the previous chunk's last '\n', whole chunks without one,
 * and this chunk's bytes up to it -- and carries the bytes after the
 * chunk's last '\n' (linematch_chunk_edges); at the entry's end it
 * matches the unterminated last line.  Every line ends at one of those
 * places, so the counts add up.  The parent's count for a chunk travels
 * in its struct pool_dtask and joins the entry with the chunk's summary.
 * The parent holds each crossing line whole, as grep would.
 */
#include "compat.h"

#include <string.h>

#include "pool_impl.h"

/* Publish the result of entry SEQ from the chunks joined in ACC. */
static void entry_publish(struct pool *p, uint64_t seq, bool drop)
{
	struct result_slot *s = &p->slots[seq & p->mask];

	if (drop) {
		s->flags = RESULT_SKIPPED;
		slot_set_err(s, file_err_none());
		memset(&s->counts, 0, sizeof(s->counts));
	} else {
		seg_counts(&p->acc, &s->counts);
		slot_set_result(s, p->acc_err);
	}
	slot_publish(s, seq);
	memset(&p->acc, 0, sizeof(p->acc));
	p->acc.empty = 1;
	p->acc_err = file_err_none();
}

/*
 * Take in the chunks counted so far, oldest first: join each into its
 * entry, free its bytes of the ring, and publish an entry whose last chunk
 * is in.
 */
void pool_data_retire(struct pool *p)
{
	while (p->dretired < p->dissued) {
		uint64_t d = p->dretired;
		struct part_slot *ps = &p->dparts[d % DATA_TASKS];
		const struct pool_dtask *dt = &p->dtasks[d % DATA_TASKS];

		if (!part_is_published(ps, d))
			break;
		seg_join(&p->acc, &ps->sum);
		/* Only an entry's last chunk can be empty, so ACC holds the
		 * entry's summary by now. */
		p->acc.c.matches += dt->matches;
		if (file_err_outranks(ps->err, p->acc_err))
			p->acc_err = ps->err;
		if (file_err_is_set(dt->merr) && !file_err_is_lost(p->acc_err))
			p->acc_err = dt->merr;
		p->dtail = dt->start + dt->len;
		p->dretired++;
		if (dt->last)
			entry_publish(p, dt->seq, dt->drop);
	}
}

/* Whether a chunk starting at HEAD fits in the ring now. */
static bool chunk_fits(const struct pool *p, uint64_t head)
{
	return head + DATA_CHUNK - p->dtail <= DATA_RING &&
	       p->dissued - p->dretired < DATA_TASKS;
}

/* Open a chunk in the ring if there is room: true when one is open. */
static bool chunk_begin(struct pool *p)
{
	uint64_t head = p->dhead;
	uint64_t pos = head % DATA_RING;

	if (p->chunk_open)
		return true;
	/* A chunk never wraps: skip the end of the ring instead. */
	if (pos + DATA_CHUNK > DATA_RING)
		head += DATA_RING - pos;
	if (!chunk_fits(p, head)) {
		pool_data_retire(p);
		if (!chunk_fits(p, head))
			return false;
	}
	p->dhead = head;
	p->chunk_start = head;
	p->chunk_open = true;
	memcpy(p->data + head % DATA_RING, p->carry, p->ncarry);
	p->chunk_len = p->ncarry;
	p->ncarry = 0;
	return true;
}

/*
 * The lines of the open entry that cross chunks (see the top of this
 * file): match those that end in the chunk of LEN bytes at BUF and, when
 * it is the LAST, the entry's unterminated last line, into DT.
 */
static void edge_match(struct pool *p, struct pool_dtask *dt,
		       const unsigned char *buf, size_t len, bool last)
{
	struct linematch *lm = &p->edge;
	uint64_t before = lm->matches;

	if (linematch_chunk_edges(lm, buf, len) == 0 &&
	    (!last || linematch_finish(lm) == 0)) {
		dt->matches = lm->matches - before;
		return;
	}
	dt->merr = file_err_match(linematch_error(lm));
}

/*
 * Hand the open chunk to a worker; LAST for the entry's final one, and
 * WHOLE for one that a hole follows: neither holds back an unfinished
 * character, which is invalid when the entry ends, and when a NUL comes
 * next.
 */
static int chunk_send(struct pool *p, bool last, bool whole, bool drop)
{
	unsigned char *buf = p->data + p->chunk_start % DATA_RING;
	size_t hold = 0;
	uint64_t d = p->dissued;
	struct pool_dtask *dt = &p->dtasks[d % DATA_TASKS];
	uint64_t e = task_data_entry(d);
	int r;

	if (!last && !whole && p->mode == COUNT_UTF8)
		hold = seg_holdback(buf, p->chunk_len);
	memcpy(p->carry, buf + p->chunk_len - hold, hold);
	p->ncarry = hold;
	dt->seq = p->entry_seq;
	dt->start = p->chunk_start;
	dt->len = (uint32_t)(p->chunk_len - hold);
	dt->last = last;
	dt->drop = drop;
	dt->matches = 0;
	dt->merr = file_err_none();
	if (p->nmatches && !drop)
		edge_match(p, dt, buf, dt->len, last);
	p->dhead = p->chunk_start + dt->len;
	p->chunk_open = false;
	p->chunk_len = 0;
	p->dissued++;
	p->entry_sent = true;
	r = pool_assign(p, e);
	if (r < 0)
		return -1;
	if (r > 0)
		pool_queue_first(p, e);
	return 0;
}

int pool_entry_begin(struct pool *p, const char *path, size_t len)
{
	if (pool_new_task(p, path, len, NULL) < 0)
		return -1;
	p->entry_seq = p->issued++;
	p->entry_open = true;
	p->entry_sent = false;
	/* Lines never cross entries. */
	linematch_reset(&p->edge);
	if (p->in_parent)
		pool_inline_entry_begin(p);
	return 0;
}

ssize_t pool_entry_add(struct pool *p, const void *buf, size_t len)
{
	const unsigned char *b = buf;
	size_t taken = 0;

	if (p->in_parent) {
		pool_inline_entry_add(p, buf, len);
		return (ssize_t)len;
	}
	while (taken < len) {
		size_t n;

		if (!chunk_begin(p))
			break;
		if (p->chunk_len == DATA_CHUNK) {
			if (chunk_send(p, false, false, false) < 0)
				return -1;
			continue;
		}
		n = DATA_CHUNK - p->chunk_len;
		if (n > len - taken)
			n = len - taken;
		memcpy(p->data + p->chunk_start % DATA_RING + p->chunk_len,
		       b + taken, n);
		p->chunk_len += n;
		taken += n;
	}
	return (ssize_t)taken;
}

int pool_entry_hole(struct pool *p, uint64_t n)
{
	struct seg_state seg;
	struct part_slot *ps;
	struct pool_dtask *dt;
	uint64_t d;

	if (n == 0)
		return 0;
	if (p->in_parent) {
		pool_inline_entry_hole(p, n);
		return 0;
	}
	/*
	 * A hole that fits in the open chunk is cheaper as NUL bytes there
	 * than as a chunk of its own: a sparse entry of small extents would
	 * otherwise cost two tasks per extent.
	 */
	if (n <= DATA_CHUNK - (p->chunk_open ? p->chunk_len : p->ncarry)) {
		if (!chunk_begin(p))
			return 1;
		memset(p->data + p->chunk_start % DATA_RING + p->chunk_len, 0,
		       (size_t)n);
		p->chunk_len += (size_t)n;
		return 0;
	}
	/* The bytes before the hole go first, to a worker, whole. */
	if ((p->chunk_open && p->chunk_len > 0) || p->ncarry > 0) {
		if (!chunk_begin(p))
			return 1;
		if (chunk_send(p, false, true, false) < 0)
			return -1;
	}
	if (p->dissued - p->dretired >= DATA_TASKS) {
		pool_data_retire(p);
		if (p->dissued - p->dretired >= DATA_TASKS)
			return 1;
	}
	/*
	 * The hole is a chunk with no bytes in the ring, counted here from
	 * its length in O(1) and published at once; pool_data_retire() joins
	 * it in order with the chunks around it.  No worker sees it, so no
	 * death or timeout can touch it.
	 */
	d = p->dissued;
	dt = &p->dtasks[d % DATA_TASKS];
	ps = &p->dparts[d % DATA_TASKS];
	dt->seq = p->entry_seq;
	dt->start = p->dhead;
	dt->len = 0;
	dt->last = false;
	dt->drop = false;
	dt->matches = 0;
	dt->merr = file_err_none();
	seg_begin(&seg, p->mode, p->want);
	seg_update_zeros(&seg, n);
	seg_end(&seg, &ps->sum);
	ps->err = file_err_none();
	part_publish(ps, d);
	p->dissued++;
	p->entry_sent = true;
	return 0;
}

int pool_entry_end(struct pool *p, bool drop)
{
	if (!p->entry_open)
		return 0;
	if (p->in_parent) {
		pool_inline_entry_end(p, drop);
		return 0;
	}
	if (!p->chunk_open && p->ncarry == 0 && !p->entry_sent) {
		/* Not a byte: no chunk needed, and the counts are zero. */
		struct result_slot *s = &p->slots[p->entry_seq & p->mask];

		memset(&s->counts, 0, sizeof(s->counts));
		slot_set_err(s, file_err_none());
		s->flags = drop ? RESULT_SKIPPED : RESULT_COUNTED;
		slot_publish(s, p->entry_seq);
		p->entry_open = false;
		return 0;
	}
	if (!chunk_begin(p))
		return 1;
	if (chunk_send(p, true, false, drop) < 0)
		return -1;
	p->entry_open = false;
	return 0;
}

