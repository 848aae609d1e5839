/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_linematch.c - unit tests for counting matching lines (linematch.h).
 *
 * The reference is the definition itself: cut the whole buffer at every
 * '\n', drop an empty remainder after the last one, and match each line
 * on its own.  Random buffers (with empty and long lines, NULs, invalid
 * UTF-8) are then fed in random pieces, cut into ranges that follow the
 * ownership rule, and cut into chunks split between workers and parent;
 * every way must give the reference's count.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "linematch.h"
#include "regex.h"

#define MAXRE 3

struct set {
	const char *pat[MAXRE];
	bool utf8;
};

static const struct set sets[] = {
	{ { "TODO" }, false },
	{ { "TODO" }, true },
	{ { "(?i)todo" }, false },
	{ { "" }, false },
	{ { "^$" }, true },
	{ { "O$", "^a" }, false },
	{ { "T.?D", "\\x00", "a{3}" }, false },
	{ { "\\xff" }, false },
	{ { "\xc3\xa9" }, true },
	{ { "^.{3}$" }, true },
	{ { "[^a]" }, false },
	{ { "\\n" }, false },
};

struct compiled {
	struct regex re[MAXRE];
	size_t n;
};

static void compile(struct compiled *c, const struct set *s)
{
	c->n = 0;
	while (c->n < MAXRE && s->pat[c->n]) {
		assert_int_equal(regex_compile(&c->re[c->n], s->pat[c->n],
					       s->utf8), 0);
		c->n++;
	}
}

static void release(struct compiled *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		regex_release(&c->re[i]);
}

/* A small deterministic generator: xorshift64. */
static uint64_t rnd_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static size_t rnd_below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* LEN random bytes, many of them line ends, some lines very long. */
static void fill(unsigned char *buf, size_t len)
{
	static const char *const pieces[] = {
		"a", "T", "O", "D", "TODO", "todo", "\n", "\n", "\n\n", "\0",
		"\xff", "\xc3\xa9", "\xc3", "aaa", " ", "\xe2\x80",
	};
	size_t i = 0;
	bool longline = rnd_below(4) == 0;

	while (i < len) {
		const char *p = pieces[rnd_below(ARRAY_SIZE(pieces))];
		size_t n = strcmp(p, "") == 0 ? 1 : strlen(p);

		/* In a long-line buffer, line ends are rare. */
		if (longline && p[0] == '\n' && rnd_below(50) != 0)
			continue;
		while (n-- > 0 && i < len)
			buf[i++] = (unsigned char)*p++;
	}
}

/* The definition: split at '\n', match every line alone. */
static uint64_t reference(struct compiled *c, const unsigned char *buf,
			  size_t len)
{
	uint64_t count = 0;
	size_t start = 0, i, k;

	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		for (k = 0; k < c->n; k++) {
			int r = regex_match(&c->re[k],
					    (const char *)buf + start,
					    i - start);

			assert_int_not_equal(r, -1);
			if (r == 1) {
				count++;
				break;
			}
		}
		start = i + 1;
	}
	return count;
}

/* Feed BUF to LM in random pieces, some empty. */
static void feed(struct linematch *lm, const unsigned char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		size_t n = rnd_below(4) == 0 ? 0 :
			   1 + rnd_below(rnd_below(2) ? 8 : len - off);

		if (n > len - off)
			n = len - off;
		assert_int_equal(linematch_update(lm, buf + off, n), 0);
		off += n;
	}
}

static uint64_t streamed(struct compiled *c, const unsigned char *buf,
			 size_t len)
{
	struct linematch lm;
	uint64_t m;

	linematch_init(&lm, c->re, c->n);
	feed(&lm, buf, len);
	assert_int_equal(linematch_finish(&lm), 0);
	m = lm.matches;
	linematch_release(&lm);
	return m;
}

/* The range [S, E) of BUF, as a worker counts it (worker.c: do_range). */
static uint64_t range(struct linematch *lm, const unsigned char *buf,
		      size_t len, size_t s, size_t e)
{
	linematch_reset(lm);
	if (s > 0 && buf[s - 1] != '\n')
		linematch_skip_line(lm);
	feed(lm, buf + s, e - s);
	/* Read on, in pieces, to the end of the last line it owns. */
	while (linematch_in_line(lm) && e < len) {
		size_t n = 1 + rnd_below(16);
		const unsigned char *nl;

		if (n > len - e)
			n = len - e;
		nl = memchr(buf + e, '\n', n);
		if (nl)
			n = (size_t)(nl - (buf + e)) + 1;
		assert_int_equal(linematch_update(lm, buf + e, n), 0);
		e += n;
	}
	assert_int_equal(linematch_finish(lm), 0);
	return lm->matches;
}

/* NCUT random sorted cut positions in [0, LEN], duplicates allowed. */
static size_t cuts(size_t *cut, size_t ncut, size_t len)
{
	size_t i, j;

	for (i = 0; i < ncut; i++)
		cut[i] = rnd_below(len + 1);
	for (i = 1; i < ncut; i++)
		for (j = i; j > 0 && cut[j - 1] > cut[j]; j--) {
			size_t t = cut[j];

			cut[j] = cut[j - 1];
			cut[j - 1] = t;
		}
	return ncut;
}

static uint64_t ranged(struct compiled *c, const unsigned char *buf,
		       size_t len)
{
	struct linematch lm;
	size_t cut[10], n = cuts(cut, rnd_below(10), len), i, s = 0;
	uint64_t total = 0;

	linematch_init(&lm, c->re, c->n);
	for (i = 0; i <= n; i++) {
		size_t e = i < n ? cut[i] : len;

		total += range(&lm, buf, len, s, e);
		s = e;
	}
	linematch_release(&lm);
	return total;
}

/* Chunks: inner lines by "workers", the lines across by the "parent". */
static uint64_t chunked(struct compiled *c, const unsigned char *buf,
			size_t len)
{
	struct linematch worker, parent;
	size_t cut[10], n = cuts(cut, rnd_below(10), len), i, s = 0;
	uint64_t total = 0;

	linematch_init(&worker, c->re, c->n);
	linematch_init(&parent, c->re, c->n);
	for (i = 0; i <= n; i++) {
		size_t e = i < n ? cut[i] : len;

		assert_int_equal(linematch_chunk_inner(&worker, buf + s,
						       e - s), 0);
		total += worker.matches;
		assert_int_equal(linematch_chunk_edges(&parent, buf + s,
						       e - s), 0);
		s = e;
	}
	assert_int_equal(linematch_finish(&parent), 0);
	total += parent.matches;
	linematch_release(&worker);
	linematch_release(&parent);
	return total;
}

#define BUFMAX 3000

static void test_random(void **state)
{
	static unsigned char buf[BUFMAX];
	size_t k;
	int round;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(sets); k++) {
		struct compiled c;

		compile(&c, &sets[k]);
		for (round = 0; round < 300; round++) {
			size_t len = round < 4 ? (size_t)round :
				     rnd_below(BUFMAX + 1);
			uint64_t want;

			fill(buf, len);
			want = reference(&c, buf, len);
			assert_int_equal(streamed(&c, buf, len), want);
			assert_int_equal(ranged(&c, buf, len), want);
			assert_int_equal(chunked(&c, buf, len), want);
		}
		release(&c);
	}
}

static uint64_t count_of(const char *pat, const char *s, size_t len)
{
	struct set set = { { pat }, false };
	struct compiled c;
	uint64_t m;

	compile(&c, &set);
	m = streamed(&c, (const unsigned char *)s, len);
	release(&c);
	return m;
}

#define C(p, s) count_of(p, s, sizeof(s) - 1)

/* What grep -c prints for the same input. */
static void test_grep_lines(void **state)
{
	(void)state;
	assert_int_equal(C("a", "a"), 1);
	assert_int_equal(C("", ""), 0);
	assert_int_equal(C("", "a\n"), 1);
	assert_int_equal(C("", "a\nb"), 2);
	assert_int_equal(C("", "\n\n"), 2);
	assert_int_equal(C("^$", "a\nb\n\n"), 1);
	assert_int_equal(C("^$", "a\n"), 0);
	assert_int_equal(C("a$", "a\r\n"), 0);
	assert_int_equal(C("^b", "a\nb"), 1);
	/* A line is matched once however often the pattern occurs. */
	assert_int_equal(C("x", "xxx\nx x\n"), 2);
}

static void test_multiple(void **state)
{
	struct set set = { { "^a", "b$", "c" }, false };
	struct compiled c;
	const char *in = "a\nb\nab\nc\nd\nabc\n";

	(void)state;
	compile(&c, &set);
	assert_int_equal(streamed(&c, (const unsigned char *)in, strlen(in)),
			 5);
	release(&c);
}

/* The memchr skip: which bytes a line must hold. */
static void test_required(void **state)
{
	static const struct set with = { { "TODO", "(?i)fixme" }, false };
	static const struct set without = { { "TODO", "." }, false };
	static const struct set many = { { "(?i)ab", "(?i)cd", "ef" },
					 false };
	struct compiled c;
	struct linematch lm;

	(void)state;
	/* 'O', and both cases of 'e' under (?i). */
	compile(&c, &with);
	linematch_init(&lm, c.re, c.n);
	assert_int_equal(lm.nreq, 3);
	linematch_release(&lm);
	release(&c);
	compile(&c, &without);
	linematch_init(&lm, c.re, c.n);
	assert_int_equal(lm.nreq, 0);
	linematch_release(&lm);
	release(&c);
	compile(&c, &many);
	linematch_init(&lm, c.re, c.n);
	assert_int_equal(lm.nreq, 0);
	linematch_release(&lm);
	release(&c);
}

/* A line cut by pieces is held whole, however long. */
static void test_long_line(void **state)
{
	struct set set = { { "^x.*y$" }, false };
	struct compiled c;
	size_t len = 3 * 1024 * 1024, i;
	unsigned char *buf = malloc(len);

	(void)state;
	assert_non_null(buf);
	memset(buf, 'a', len);
	buf[0] = 'x';
	buf[len - 2] = 'y';
	buf[len - 1] = '\n';
	compile(&c, &set);
	assert_int_equal(reference(&c, buf, len), 1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(streamed(&c, buf, len), 1);
		assert_int_equal(ranged(&c, buf, len), 1);
		assert_int_equal(chunked(&c, buf, len), 1);
	}
	release(&c);
	free(buf);
}

/* A match that hits the limit fails the state, on every path. */
static void test_match_limit(void **state)
{
	struct set set = { { "^(a+)+$" }, false };
	struct compiled c;
	struct linematch lm;
	size_t n = 5000, len = 3 + n + 1;
	char *buf = malloc(len + 1), msg[160];

	(void)state;
	assert_non_null(buf);
	/* "ok", then a line of N 'a' and a 'b', first unterminated. */
	memcpy(buf, "ok\n", 3);
	memset(buf + 3, 'a', n);
	buf[len - 1] = 'b';
	compile(&c, &set);
	linematch_init(&lm, c.re, c.n);

	/* Streaming: fails when the line is complete, at the end. */
	assert_int_equal(linematch_update(&lm, buf, len), 0);
	assert_int_equal(linematch_finish(&lm), -1);
	assert_int_not_equal(linematch_error(&lm), 0);
	linematch_strerror(linematch_error(&lm), msg, sizeof(msg));
	assert_string_equal(msg, "match limit exceeded");
	/* Sticky until reset. */
	assert_int_equal(linematch_update(&lm, "a\n", 2), -1);
	linematch_reset(&lm);
	assert_int_equal(linematch_update(&lm, "a\n", 2), 0);
	assert_int_equal(lm.matches, 1);

	/* A chunk's inner lines, and the lines across chunks. */
	buf[len] = '\n';
	assert_int_equal(linematch_chunk_inner(&lm, buf, len + 1), -1);
	linematch_reset(&lm);
	assert_int_equal(linematch_chunk_edges(&lm, buf + 3, 100), 0);
	assert_int_equal(linematch_chunk_edges(&lm, buf + 103,
					       len + 1 - 103), -1);

	/* Memory, and unknown codes, have messages too. */
	linematch_strerror(0, msg, sizeof(msg));
	assert_true(strlen(msg) > 0);
	linematch_release(&lm);
	release(&c);
	free(buf);
}

/* A range that holds no line start owns nothing. */
static void test_range_edges(void **state)
{
	struct set set = { { "" }, false };
	struct compiled c;
	struct linematch lm;
	const char *in = "abc\ndef";

	(void)state;
	compile(&c, &set);
	linematch_init(&lm, c.re, c.n);
	linematch_skip_line(&lm);
	assert_int_equal(linematch_update(&lm, in + 1, 2), 0);
	assert_false(linematch_in_line(&lm));
	assert_int_equal(linematch_finish(&lm), 0);
	assert_int_equal(lm.matches, 0);
	/* A range from just after a '\n' owns the line starting there. */
	linematch_reset(&lm);
	assert_int_equal(linematch_update(&lm, in + 4, 1), 0);
	assert_true(linematch_in_line(&lm));
	assert_int_equal(linematch_update(&lm, in + 5, 2), 0);
	assert_int_equal(linematch_finish(&lm), 0);
	assert_int_equal(lm.matches, 1);
	linematch_release(&lm);
	release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grep_lines),
		cmocka_unit_test(test_multiple),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_range_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
