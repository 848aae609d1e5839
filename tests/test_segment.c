/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for segment.c: a file cut into ranges at random places, each
 * range counted in random pieces, joined back, gives exactly the counts of
 * the whole file, in all four modes (byte and UTF-8, each with and without
 * COUNT_POSIX) and for every column. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	/* xorshift64*: deterministic, good enough to place cuts. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}

static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* Bytes that matter at cuts: tabs, line ends, spaces, multibyte
 * characters (separators among them), and invalid bytes. */
static size_t piece(unsigned char *out)
{
	static const char *const pieces[] = {
		"a", "bc", " ", "\t", "\n", "\r", "\f", "\v", "xyz\t\t",
		"\xc3\xa9", "\xe2\x80\x83", "\xe3\x80\x80", "\xe4\xb8\x80",
		"\xf0\x9f\x98\x80", "\xc2\xa0", "\xe2\x80", "\x80", "\xff",
		"\xf8\x88\x80\x80\x80", "\xcc\x81", "\0", "\x01",
		"\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf0\x9f",
		"\xed\xa0\x80", "\xe0\x9f\xbf",
		/* the no-break spaces, whose meaning depends on COUNT_POSIX */
		"\xa0", "\xa0\xa0", "\xe2\x80\x87", "\xe2\x80\xaf",
		"\xe2\x81\xa0",
	};
	const char *p = pieces[below(ARRAY_SIZE(pieces))];
	size_t n = strlen(p);

	if (n == 0)
		n = 1;  /* the NUL piece */
	memcpy(out, p, n);
	return n;
}

static void whole(enum count_mode mode, unsigned want, const unsigned char *b,
		  size_t n, struct counts *out)
{
	struct count_state st;

	count_init(&st, mode, want);
	count_update(&st, b, n);
	count_finish(&st, out);
}

/* Whether range() gives runs of NUL bytes as holes (seg_update_zeros). */
static bool holes;

/* Count [lo, hi) as one range, fed in random pieces. */
static void range(enum count_mode mode, unsigned want, const unsigned char *b,
		  size_t lo, size_t hi, struct seg_summary *out)
{
	struct seg_state s;

	seg_begin(&s, mode, want);
	while (lo < hi) {
		size_t k = 1 + below(hi - lo < 40 ? hi - lo : 40);

		if (holes && b[lo] == 0) {
			/* The whole run of zeros (up to the range's end),
			 * sometimes as two holes. */
			for (k = 1; lo + k < hi && b[lo + k] == 0; k++)
				;
			if (k > 1 && below(2)) {
				seg_update_zeros(&s, k / 2);
				seg_update_zeros(&s, k - k / 2);
			} else {
				seg_update_zeros(&s, k);
			}
		} else {
			seg_update(&s, b + lo, k);
		}
		lo += k;
	}
	seg_end(&s, out);
}

static void check_wanted(unsigned want, const struct counts *got,
			 const struct counts *exp)
{
	if (want & COUNT_WANT_LINES)
		assert_int_equal(got->lines, exp->lines);
	if (want & COUNT_WANT_WORDS)
		assert_int_equal(got->words, exp->words);
	if (want & COUNT_WANT_CHARS)
		assert_int_equal(got->chars, exp->chars);
	if (want & COUNT_WANT_BYTES)
		assert_int_equal(got->bytes, exp->bytes);
	if (want & COUNT_WANT_MAXLEN)
		assert_int_equal(got->maxlen, exp->maxlen);
}

/* Cut B into ranges at NCUTS random places and compare with the whole. */
static void check_cuts(enum count_mode mode, unsigned want,
		       const unsigned char *b, size_t n, size_t ncuts)
{
	struct seg_summary acc, part;
	struct counts exp, got;
	size_t cuts[64], i, prev = 0;

	assert_true(ncuts < ARRAY_SIZE(cuts));
	for (i = 0; i < ncuts; i++)
		cuts[i] = below(n + 1);
	/* Sort; a few cuts are enough that insertion sort is fine. */
	for (i = 1; i < ncuts; i++) {
		size_t v = cuts[i], j = i;

		while (j > 0 && cuts[j - 1] > v) {
			cuts[j] = cuts[j - 1];
			j--;
		}
		cuts[j] = v;
	}
	whole(mode, want, b, n, &exp);
	memset(&acc, 0, sizeof(acc));
	acc.empty = 1;
	for (i = 0; i <= ncuts; i++) {
		size_t end = i < ncuts ? cuts[i] : n;

		if (mode == COUNT_UTF8 && end < n)
			end += seg_align(b + end, end, n - end);
		if (end < prev)
			end = prev;
		range(mode, want, b, prev, end, &part);
		seg_join(&acc, &part);
		prev = end;
	}
	seg_counts(&acc, &got);
	check_wanted(want, &got, &exp);
}

/* The four modes: an encoding, and COUNT_POSIX or not, which goes into
 * every want set passed to the kernel. */
static const struct {
	enum count_mode enc;
	unsigned posix;
} modes[] = {
	{ COUNT_BYTES, 0 },
	{ COUNT_BYTES, COUNT_POSIX },
	{ COUNT_UTF8, 0 },
	{ COUNT_UTF8, COUNT_POSIX },
};

static const unsigned wants[] = {
	COUNT_WANT_ALL,
	COUNT_WANT_LINES | COUNT_WANT_WORDS | COUNT_WANT_BYTES,
	COUNT_WANT_MAXLEN,
	COUNT_WANT_WORDS,
	COUNT_WANT_CHARS,
	COUNT_WANT_LINES,
};

/* check_cuts() for B in every mode and every set of columns wanted. */
static void check_all_cuts(const unsigned char *b, size_t n)
{
	size_t w, m;

	for (w = 0; w < ARRAY_SIZE(wants); w++)
		for (m = 0; m < ARRAY_SIZE(modes); m++)
			check_cuts(modes[m].enc, wants[w] | modes[m].posix,
				   b, n, below(8));
}

static void test_random(void **state)
{
	static unsigned char buf[4096];
	int round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		size_t n = 0, target = below(round % 10 == 9 ? 4000 : 120);

		while (n + 8 < sizeof(buf) && n < target)
			n += piece(buf + n);
		check_all_cuts(buf, n);
	}
}

/*
 * Ranges with holes in them (sparse files, seg_update_zeros): runs of 1 to
 * 80 NUL bytes among the pieces, at the start and the end of ranges too,
 * counted as holes must give what the bytes give.
 */
static void test_holes(void **state)
{
	static unsigned char buf[4096];
	int round;

	(void)state;
	holes = true;
	for (round = 0; round < 2000; round++) {
		size_t n = 0, target = below(round % 10 == 9 ? 3000 : 160);

		while (n + 90 < sizeof(buf) && n < target) {
			if (below(4) == 0) {
				size_t z = 1 + below(80);

				memset(buf + n, 0, z);
				n += z;
			} else {
				n += piece(buf + n);
			}
		}
		check_all_cuts(buf, n);
	}
	holes = false;
}

/*
 * A stream cut where its bytes arrive (archive entries): each chunk starts
 * with the bytes the previous one held back (seg_holdback) and is counted
 * alone; the joined summaries must give the counts of the whole.
 */
static void chunked(enum count_mode m, unsigned want, const unsigned char *b,
		    size_t n, const size_t *cuts, size_t ncuts)
{
	unsigned char chunk[4096 + 8], held[8];
	struct seg_summary acc = { .empty = 1 }, p;
	struct counts exp, got;
	size_t carry = 0, prev = 0, i;

	for (i = 0; i <= ncuts; i++) {
		size_t end = i < ncuts ? cuts[i] : n;
		size_t len, hold = 0;

		memcpy(chunk, held, carry);
		memcpy(chunk + carry, b + prev, end - prev);
		len = carry + end - prev;
		if (i < ncuts && m == COUNT_UTF8)
			hold = seg_holdback(chunk, len);
		assert_true(hold <= 3 && hold <= len);
		range(m, want, chunk, 0, len - hold, &p);
		seg_join(&acc, &p);
		memcpy(held, chunk + len - hold, hold);
		carry = hold;
		prev = end;
	}
	whole(m, want, b, n, &exp);
	seg_counts(&acc, &got);
	check_wanted(want, &got, &exp);
}

static void test_holdback(void **state)
{
	static unsigned char buf[4096];
	size_t cuts[16];
	int round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		size_t n = 0, target = below(round % 10 == 9 ? 4000 : 120);
		size_t ncuts = below(16), i, w, m;

		while (n + 8 < sizeof(buf) && n < target)
			n += piece(buf + n);
		for (i = 0; i < ncuts; i++)
			cuts[i] = n ? below(n + 1) : 0;
		/* In order, as a stream arrives. */
		for (i = 1; i < ncuts; i++) {
			size_t k = i, v = cuts[i];

			while (k > 0 && cuts[k - 1] > v) {
				cuts[k] = cuts[k - 1];
				k--;
			}
			cuts[k] = v;
		}
		for (w = 0; w < ARRAY_SIZE(wants); w++)
			for (m = 0; m < ARRAY_SIZE(modes); m++)
				chunked(modes[m].enc,
					wants[w] | modes[m].posix, buf, n,
					cuts, ncuts);
	}
}

static void test_every_cut(void **state)
{
	/* Tabs and wide characters across every possible cut. */
	static const char text[] = "ab\tc\xe4\xb8\x80\t d\n\t\xe3\x80\x80x"
				   "\t\tyy\rz\xf0\x9f\x98\x80\tq\xa0r"
				   "\xc2\xa0s";
	const unsigned char *b = (const unsigned char *)text;
	size_t n = sizeof(text) - 1, cut, cut2;
	size_t w, i;

	(void)state;
	for (w = 0; w < ARRAY_SIZE(wants); w++) {
		for (cut = 0; cut <= n; cut++) {
			for (cut2 = cut; cut2 <= n; cut2++) {
				for (i = 0; i < ARRAY_SIZE(modes); i++) {
					enum count_mode m = modes[i].enc;
					unsigned want = wants[w] |
							modes[i].posix;
					struct seg_summary acc, p;
					struct counts exp, got;
					size_t c1 = cut, c2 = cut2;

					if (m == COUNT_UTF8) {
						c1 += seg_align(b + c1, c1, n - c1);
						c2 += seg_align(b + c2, c2, n - c2);
						if (c2 < c1)
							c2 = c1;
					}
					whole(m, want, b, n, &exp);
					range(m, want, b, 0, c1, &acc);
					range(m, want, b, c1, c2, &p);
					seg_join(&acc, &p);
					range(m, want, b, c2, n, &p);
					seg_join(&acc, &p);
					seg_counts(&acc, &got);
					check_wanted(want, &got, &exp);
				}
			}
		}
	}
}

static void test_align(void **state)
{
	static const unsigned char s[] = "a\xe2\x82\xac" "b\xe2\x82" "A"
					  "\xc3\xa9\xa9" "\xf8\x88\x80\x80\x80"
					  "\xf4\x8f\xbf\xbf" "\xf4\x90\x80\x80";

	(void)state;
	/* Inside a valid character: move to its end. */
	assert_int_equal(seg_align(s + 2, 2, sizeof(s) - 3), 2);
	assert_int_equal(seg_align(s + 3, 3, sizeof(s) - 4), 1);
	/* At a character's start, or after it: stay. */
	assert_int_equal(seg_align(s + 1, 1, sizeof(s) - 2), 0);
	assert_int_equal(seg_align(s + 4, 4, sizeof(s) - 5), 0);
	/* Inside an invalid prefix (E2 82 then 'A'): each byte is a unit. */
	assert_int_equal(seg_align(s + 6, 6, sizeof(s) - 7), 0);
	/* A stray continuation byte after a complete character. */
	assert_int_equal(seg_align(s + 10, 10, sizeof(s) - 11), 0);
	/* Inside an old 5-byte form: invalid bytes, one unit each. */
	assert_int_equal(seg_align(s + 12, 12, sizeof(s) - 13), 0);
	/* Inside U+10FFFF, the last character: move to its end. */
	assert_int_equal(seg_align(s + 17, 17, sizeof(s) - 18), 3);
	assert_int_equal(seg_align(s + 19, 19, sizeof(s) - 20), 1);
	/* Inside F4 90 80 80, beyond U+10FFFF: invalid bytes. */
	assert_int_equal(seg_align(s + 21, 21, sizeof(s) - 22), 0);
	/* Nothing after the cut. */
	assert_int_equal(seg_align(s + 3, 3, 0), 0);
}

/* What a stream must carry over at a cut: an unfinished valid prefix. */
static void test_holdback_exact(void **state)
{
	static const struct {
		const char *s;
		size_t hold;
	} cases[] = {
		{ "ab", 0 }, { "a\xc3", 1 }, { "a\xc3\xa9", 0 },
		{ "\xe4\xb8", 2 }, { "\xe4\xb8\x80", 0 },
		{ "x\xf0\x9f\x98", 3 }, { "\xf0\x9f\x98\x80", 0 },
		{ "\xf4\x8f\xbf", 3 },
		/* Invalid already: nothing to wait for. */
		{ "\xf4\x90", 0 }, { "\xf5", 0 }, { "\xf8\x88\x80\x80", 0 },
		{ "\xfc", 0 }, { "\xc0", 0 }, { "\xe0\x9f", 0 },
		{ "\xed\xa0", 0 }, { "\xf0\x8f", 0 }, { "\x80\x80\x80", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const unsigned char *b = (const unsigned char *)cases[i].s;

		if (seg_holdback(b, strlen(cases[i].s)) != cases[i].hold)
			fail_msg("seg_holdback, case %zu: %zu, expected %zu", i,
				 seg_holdback(b, strlen(cases[i].s)),
				 cases[i].hold);
	}
}

static void test_empty(void **state)
{
	struct seg_summary a, e;
	struct counts c;

	(void)state;
	range(COUNT_UTF8, COUNT_WANT_ALL, (const unsigned char *)"", 0, 0, &e);
	assert_true(e.empty);
	range(COUNT_UTF8, COUNT_WANT_ALL, (const unsigned char *)"ab c", 0, 4,
	      &a);
	seg_join(&a, &e);
	seg_join(&e, &a);
	seg_counts(&e, &c);
	assert_int_equal(c.words, 2);
	assert_int_equal(c.maxlen, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_every_cut),
		cmocka_unit_test(test_holdback),
		cmocka_unit_test(test_holdback_exact),
		cmocka_unit_test(test_holes),
		cmocka_unit_test(test_random),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("Bail out! no C.UTF-8 locale\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
