/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * segment.c - counting one file in pieces; see segment.h.
 *
 * A range is counted in up to three phases, each with a fresh count state:
 * the first line up to its first TAB, the rest of the first line, and
 * everything from the first line end on.  Each phase after the first
 * starts with a TAB or a line end, which is white space of known effect,
 * so the phases' counts simply add up, and each phase's -L numbers are
 * what the summary needs: the width of the head, the width of the rest
 * (measured after a TAB at column 0, so minus 8), and the widest inner
 * line and the tail of the body.  A UTF-8 sequence left unfinished before
 * a TAB or a line end is invalid in the whole stream too, so ending a
 * phase there counts it exactly as the whole stream would.
 */
#include "compat.h"

#include <string.h>

#include "segment.h"

/* The longest UTF-8 character, in bytes (RFC 3629, as count.h decodes). */
#define SEG_UTF8_MAX 4

/* The column after a TAB in column X. */
static uint64_t tab_stop(uint64_t x)
{
	return x - x % 8 + 8;
}

/* The column at which a first line described by S ends, from column C. */
static uint64_t first_line_end(const struct seg_summary *s, uint64_t c)
{
	return s->has_tab ? tab_stop(c + s->head) + s->rest : c + s->head;
}

static void add_counts(struct counts *a, const struct counts *b)
{
	a->lines += b->lines;
	a->words += b->words;
	a->chars += b->chars;
	a->bytes += b->bytes;
	a->matches += b->matches;
}

void seg_begin(struct seg_state *s, enum count_mode mode, unsigned want)
{
	memset(s, 0, sizeof(*s));
	s->mode = mode;
	s->want = want;
	s->phase = SEG_HEAD;
	s->out.empty = 1;
	count_init(&s->st, mode, want);
}

/* The first byte in [P, P + LEN) that ends the current phase, or NULL. */
static const unsigned char *phase_stop(enum seg_phase phase,
				       const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c == '\n' || c == '\r' || c == '\f' ||
		    (c == '\t' && phase == SEG_HEAD))
			return p + i;
	}
	return NULL;
}

/* End the current phase, which the byte STOP ends. */
static void next_phase(struct seg_state *s, unsigned char stop)
{
	struct counts c;

	count_finish(&s->st, &c);
	add_counts(&s->sum, &c);
	if (s->phase == SEG_HEAD) {
		s->out.head = c.maxlen;
		if (stop == '\t') {
			s->out.has_tab = 1;
			s->phase = SEG_REST;
		} else {
			s->phase = SEG_BODY;
		}
	} else {
		/* The rest was measured from the TAB at column 0. */
		s->out.rest = c.maxlen - 8;
		s->phase = SEG_BODY;
	}
	count_init(&s->st, s->mode, s->want);
}

void seg_update(struct seg_state *s, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (len == 0)
		return;
	s->out.empty = 0;
	if (s->nprobe < 6) {
		size_t take = 6 - s->nprobe < len ? 6 - s->nprobe : len;

		memcpy(s->probe + s->nprobe, p, take);
		s->nprobe += (unsigned)take;
	}
	/* The phases exist for -L alone; without it, count straight. */
	if (!(s->want & COUNT_WANT_MAXLEN)) {
		count_update(&s->st, p, len);
		return;
	}
	while (len > 0) {
		const unsigned char *stop;
		size_t k;

		if (s->phase == SEG_BODY) {
			count_update(&s->st, p, len);
			return;
		}
		/* The byte that ends a phase is counted in the next one,
		 * which does not stop at a TAB: SEG_REST starts with it. */
		stop = phase_stop(s->phase, p, len);
		if (!stop) {
			count_update(&s->st, p, len);
			return;
		}
		k = (size_t)(stop - p);
		count_update(&s->st, p, k);
		next_phase(s, *stop);
		p += k;
		len -= k;
	}
}

void seg_update_zeros(struct seg_state *s, uint64_t n)
{
	static const unsigned char nul[8];

	if (n == 0)
		return;
	/*
	 * A NUL neither ends a phase (it is no TAB or line end) nor starts
	 * a character with more bytes, so the zeros only go into the probe
	 * (for starts_word) and the current phase's count.
	 */
	if (s->nprobe < 6) {
		uint64_t take = 6 - s->nprobe < n ? 6 - s->nprobe : n;

		seg_update(s, nul, (size_t)take);
		n -= take;
	}
	s->out.empty = 0;
	count_update_zeros(&s->st, n);
}

/* Whether the first character of the range is a word character: count
 * its first bytes once from outside a word and once from inside one; the
 * first count is one higher exactly when the first character starts a
 * word, and everything after it counts alike in both.  COUNT_POSIX goes
 * along: it decides whether a no-break space is a word character. */
static bool starts_word(const struct seg_state *s)
{
	unsigned want = COUNT_WANT_WORDS | (s->want & COUNT_POSIX);
	struct count_state a, b;
	struct counts ca, cb;

	count_init(&a, s->mode, want);
	count_init(&b, s->mode, want);
	count_set_in_word(&b, true);
	count_update(&a, s->probe, s->nprobe);
	count_update(&b, s->probe, s->nprobe);
	count_finish(&a, &ca);
	count_finish(&b, &cb);
	return ca.words > cb.words;
}

void seg_end(struct seg_state *s, struct seg_summary *out)
{
	struct counts c;

	if (s->out.empty) {
		memset(out, 0, sizeof(*out));
		out->empty = 1;
		return;
	}
	if (s->phase == SEG_BODY) {
		s->out.has_eol = 1;
		s->out.inner = count_ended_maxlen(&s->st);
		s->out.tail = count_linepos(&s->st);
	}
	count_finish(&s->st, &c);
	/* count_finish() settles a pending partial sequence as word bytes,
	 * so the state now says how the range really ends. */
	s->out.ends_word = count_in_word(&s->st);
	add_counts(&s->sum, &c);
	if (s->phase == SEG_HEAD)
		s->out.head = c.maxlen;
	else if (s->phase == SEG_REST)
		s->out.rest = c.maxlen - 8;
	if (!(s->want & COUNT_WANT_MAXLEN))
		s->out.head = s->out.rest = 0;
	s->out.c = s->sum;
	s->out.c.maxlen = 0;
	s->out.starts_word = (s->want & COUNT_WANT_WORDS) && starts_word(s);
	*out = s->out;
}

void seg_join(struct seg_summary *a, const struct seg_summary *b)
{
	if (b->empty)
		return;
	if (a->empty) {
		*a = *b;
		return;
	}
	add_counts(&a->c, &b->c);
	a->c.words -= a->ends_word && b->starts_word;
	a->ends_word = b->ends_word;

	if (a->has_eol) {
		if (b->has_eol) {
			uint64_t joined = first_line_end(b, a->tail);

			if (joined > a->inner)
				a->inner = joined;
			if (b->inner > a->inner)
				a->inner = b->inner;
			a->tail = b->tail;
		} else {
			a->tail = first_line_end(b, a->tail);
		}
		return;
	}
	/* A's whole range is the start of B's first line: compose. */
	if (!a->has_tab) {
		a->head += b->head;
		a->has_tab = b->has_tab;
		a->rest = b->rest;
	} else if (b->has_tab) {
		/* From A's TAB on, columns are 8-aligned plus a->rest. */
		a->rest = tab_stop(a->rest + b->head) + b->rest;
	} else {
		a->rest += b->head;
	}
	if (b->has_eol) {
		a->has_eol = 1;
		a->inner = b->inner;
		a->tail = b->tail;
	}
}

void seg_counts(const struct seg_summary *s, struct counts *out)
{
	uint64_t first = first_line_end(s, 0);

	*out = s->c;
	out->maxlen = first;
	if (s->has_eol) {
		if (s->inner > out->maxlen)
			out->maxlen = s->inner;
		if (s->tail > out->maxlen)
			out->maxlen = s->tail;
	}
}

size_t seg_align(const unsigned char *cut, size_t before, size_t after)
{
	const unsigned char *lead;
	size_t k, len, limit;

	/* A character has at most SEG_UTF8_MAX bytes: a lead and up to
	 * three continuation bytes. */
	if (after == 0 || (cut[0] & 0xc0) != 0x80)
		return 0;
	for (k = 1; k < SEG_UTF8_MAX && k <= before; k++)
		if ((cut[-(ptrdiff_t)k] & 0xc0) != 0x80)
			break;
	if (k >= SEG_UTF8_MAX || k > before)
		return 0;
	lead = cut - k;
	limit = k + (after < SEG_UTF8_MAX ? after : SEG_UTF8_MAX);
	if (limit > SEG_UTF8_MAX)
		limit = SEG_UTF8_MAX;
	/*
	 * Ask the kernel, which owns the validity rules, for the shortest
	 * prefix of lead + continuation bytes that is one character.  Only
	 * continuation bytes can complete it: stop at any other byte.
	 */
	for (len = 2; len <= limit; len++) {
		struct count_state st;
		struct counts c;

		if ((lead[len - 1] & 0xc0) != 0x80)
			return 0;
		count_init(&st, COUNT_UTF8, COUNT_WANT_CHARS);
		count_update(&st, lead, len);
		count_finish(&st, &c);
		if (c.chars > 0)
			return len > k ? len - k : 0;
	}
	return 0;
}

size_t seg_holdback(const unsigned char *buf, size_t len)
{
	size_t k = len < SEG_UTF8_MAX - 1 ? len : SEG_UTF8_MAX - 1;
	struct count_state st;

	/*
	 * Only the last SEG_UTF8_MAX - 1 bytes can be an unfinished
	 * character.  The kernel, which owns the validity rules, leaves
	 * exactly such a prefix pending; entering the stream there is safe,
	 * since a byte that can start a character is never a continuation
	 * byte of an earlier one.
	 */
	count_init(&st, COUNT_UTF8, COUNT_WANT_CHARS);
	count_update(&st, buf + len - k, k);
	return count_pending(&st);
}
