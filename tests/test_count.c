/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_count.c - unit tests for the counting kernel (src/count.c and the
 * vector kernels of src/count_simd.c).
 *
 * Six kinds of check, each with every kernel this CPU runs (scalar, AVX2,
 * AVX-512) and in all four modes (byte and UTF-8, each without and with
 * COUNT_POSIX) unless it says otherwise:
 *   - every case of SPEC.md's table;
 *   - edge cases with known answers (UTF-8 validity boundaries, tabs, long
 *     runs that cross the kernel's block and accumulator boundaries);
 *   - "counts never depend on how a file is split": each of those inputs
 *     counted whole, cut in two at every offset, and byte by byte;
 *   - a property test of the scalar kernel: deterministic random inputs,
 *     biased towards the bytes that matter, cut at random points into
 *     random numbers of pieces and compared with a deliberately simple
 *     reference counter below, for each set of wanted columns that selects
 *     a different path;
 *   - count_update_zeros (the holes of sparse files) against feeding
 *     the NUL bytes themselves, from random states, in every mode and for
 *     every set of wanted columns;
 *   - the vector kernels against the reference and the scalar kernel, on
 *     inputs aimed at their blocks, lookahead and carries (see "The vector
 *     kernels" below).
 *
 * The kernel follows GNU wc 9.11 (see count.h); the tables hold what wc 9.11
 * prints, and the reference here is written from the rules, one character
 * at a time, sharing no code with the kernel.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "count.h"
#include "count_impl.h"

/* A byte string with an explicit length, so that NUL bytes survive. */
#define S(lit) { (const unsigned char *)(lit), sizeof(lit) - 1 }

struct bytes {
	const unsigned char *p;
	size_t len;
};

/* The want sets that select different paths in the kernel. */
static const unsigned wants[] = {
	COUNT_WANT_ALL,
	COUNT_WANT_LINES,
	COUNT_WANT_LINES | COUNT_WANT_BYTES,
	COUNT_WANT_BYTES,
	COUNT_WANT_WORDS,
	COUNT_WANT_CHARS,
	COUNT_WANT_MAXLEN,
	COUNT_WANT_LINES | COUNT_WANT_WORDS | COUNT_WANT_BYTES,
	COUNT_WANT_CHARS | COUNT_WANT_MAXLEN,
	COUNT_WANT_WORDS | COUNT_WANT_MAXLEN,
	COUNT_WANT_LINES | COUNT_WANT_WORDS | COUNT_WANT_CHARS,
};

/*
 * A counting mode: the encoding, and 0 or COUNT_POSIX, which the helpers
 * below add to every want set they pass to count_init.
 */
struct mode {
	enum count_mode enc;
	unsigned posix;
};

static const struct mode all_modes[] = {
	{ COUNT_BYTES, 0 },
	{ COUNT_BYTES, COUNT_POSIX },
	{ COUNT_UTF8, 0 },
	{ COUNT_UTF8, COUNT_POSIX },
};

static const struct mode bytes_mode = { COUNT_BYTES, 0 };
static const struct mode utf8_mode = { COUNT_UTF8, 0 };

static const char *mode_name(struct mode mode)
{
	return count_mode_name(mode.enc, mode.posix);
}

/* Print a byte string as a C literal, for failure messages. */
static void print_input(const unsigned char *p, size_t len)
{
	size_t i;

	print_error("input (%zu bytes): \"", len);
	for (i = 0; i < len && i < 400; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			print_error("%c", p[i]);
		else
			print_error("\\x%02x", p[i]);
	}
	print_error("%s\"\n", i < len ? "..." : "");
}

/*
 * Compare the wanted fields of GOT with EXP; on a difference print
 * everything needed to reproduce it and fail the test.
 */
static void check_counts(const struct counts *got, const struct counts *exp,
			 unsigned want, struct mode mode, const char *what,
			 const unsigned char *p, size_t len)
{
	bool ok = true;

	if ((want & COUNT_WANT_LINES) && got->lines != exp->lines)
		ok = false;
	if ((want & COUNT_WANT_WORDS) && got->words != exp->words)
		ok = false;
	if ((want & COUNT_WANT_CHARS) && got->chars != exp->chars)
		ok = false;
	if ((want & COUNT_WANT_BYTES) && got->bytes != exp->bytes)
		ok = false;
	if ((want & COUNT_WANT_MAXLEN) && got->maxlen != exp->maxlen)
		ok = false;
	if (ok)
		return;
	print_error("%s, mode %s, want 0x%x:\n", what, mode_name(mode), want);
	print_error("  got      %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		    " %" PRIu64 "\n", got->lines, got->words, got->chars,
		    got->bytes, got->maxlen);
	print_error("  expected %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		    " %" PRIu64 "\n", exp->lines, exp->words, exp->chars,
		    exp->bytes, exp->maxlen);
	print_input(p, len);
	fail();
}

/*
 * The kernel a helper counts with: one of enum count_kernel, or
 * KERNEL_DEFAULT for count_update's own choice, or KERNEL_MIXED for each
 * usable kernel in turn, a different one for each piece.
 */
enum {
	KERNEL_DEFAULT = -1,
	KERNEL_MIXED = -2,
};

static const char *kernel_label(int kernel)
{
	if (kernel == KERNEL_DEFAULT)
		return "default kernel";
	if (kernel == KERNEL_MIXED)
		return "mixed kernels";
	return count_kernel_name((enum count_kernel)kernel);
}

/* Count the piece numbered I with KERNEL. */
static void update_with(int kernel, size_t i, struct count_state *st,
			const unsigned char *p, size_t len)
{
	if (kernel == KERNEL_DEFAULT) {
		count_update(st, p, len);
		return;
	}
	if (kernel == KERNEL_MIXED) {
		/* Kernel I mod NR, or the scalar one if that is not usable. */
		kernel = (int)(i % COUNT_KERNEL_NR);
		if (!count_kernel_usable((enum count_kernel)kernel))
			kernel = COUNT_KERNEL_SCALAR;
	}
	count_kernel_update(st, p, len, (enum count_kernel)kernel);
}

/* Count P in the pieces that end at CUTS[0], CUTS[1], ..., and LEN. */
static void count_pieces(int kernel, struct mode mode, unsigned want,
			 const unsigned char *p, size_t len,
			 const size_t *cuts, size_t ncuts, struct counts *out)
{
	struct count_state st;
	size_t i, at = 0;

	count_init(&st, mode.enc, want | mode.posix);
	for (i = 0; i < ncuts; i++) {
		update_with(kernel, i, &st, p + at, cuts[i] - at);
		at = cuts[i];
	}
	update_with(kernel, i, &st, p + at, len - at);
	count_finish(&st, out);
}

static void count_whole(int kernel, struct mode mode, unsigned want,
			const unsigned char *p, size_t len, struct counts *out)
{
	count_pieces(kernel, mode, want, p, len, NULL, 0, out);
}

/* Count P one byte per count_update call. */
static void count_bytewise(int kernel, struct mode mode, unsigned want,
			   const unsigned char *p, size_t len,
			   struct counts *out)
{
	struct count_state st;
	size_t i;

	count_init(&st, mode.enc, want | mode.posix);
	for (i = 0; i < len; i++)
		update_with(kernel, i, &st, p + i, 1);
	count_finish(&st, out);
}

/*
 * The reference counter.  It decodes UTF-8 the long way round (length from
 * the lead byte's bit pattern, then rejects overlong forms, surrogates and
 * values above U+10FFFF by value, as RFC 3629 and GNU wc 9.11 do) and
 * applies the rules of count.h to one character at a time over the whole
 * buffer.
 */
static size_t ref_decode(const unsigned char *s, size_t n, uint32_t *out)
{
	static const uint32_t min_value[7] = { 0, 0, 0x80, 0x800, 0x10000,
					       0x200000, 0x4000000 };
	size_t len, i;
	uint32_t c;

	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
	} else if ((s[0] & 0xfc) == 0xf8) {
		len = 5;
		c = s[0] & 0x03;
	} else if ((s[0] & 0xfe) == 0xfc) {
		len = 6;
		c = s[0] & 0x01;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* RFC 3629: no overlong forms, no surrogates, nothing above
	 * U+10FFFF (which also rules out every 5- and 6-byte form). */
	if (c < min_value[len] || (c >= 0xd800 && c <= 0xdfff) ||
	    c > 0x10ffff)
		return 0;
	*out = c;
	return len;
}

/*
 * Separators beyond ASCII white space: the byte C in byte mode, else the
 * character C.  The no-break spaces are word characters under POSIX.
 */
static bool ref_is_wide_space(struct mode mode, uint32_t c)
{
	static const uint32_t seps[] = {
		0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
		0x2006, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x205f,
		0x3000,
	};
	static const uint32_t nbsp[] = { 0x00a0, 0x2007, 0x202f, 0x2060 };
	size_t i;

	if (mode.enc == COUNT_BYTES)
		return c == 0xa0 && !mode.posix;
	for (i = 0; i < ARRAY_SIZE(seps); i++)
		if (seps[i] == c)
			return true;
	for (i = 0; i < ARRAY_SIZE(nbsp) && !mode.posix; i++)
		if (nbsp[i] == c)
			return true;
	return false;
}

static void ref_count(struct mode mode, const unsigned char *s, size_t n,
		      struct counts *out)
{
	uint64_t linepos = 0;
	bool in_word = false;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	out->bytes = n;
	while (i < n) {
		uint32_t c = s[i];
		size_t len = 1;
		bool sep;
		int width;

		if (mode.enc == COUNT_UTF8 && c >= 0x80) {
			len = ref_decode(s + i, n - i, &c);
			if (!len) {
				/* One invalid byte: part of a word, width 0. */
				if (!in_word)
					out->words++;
				in_word = true;
				i++;
				continue;
			}
		}
		i += len;
		out->chars++;
		switch (c) {
		case '\n':
			out->lines++;
			/* fall through */
		case '\r':
		case '\f':
			if (linepos > out->maxlen)
				out->maxlen = linepos;
			linepos = 0;
			in_word = false;
			continue;
		case '\t':
			linepos += 8 - linepos % 8;
			in_word = false;
			continue;
		case ' ':
			linepos++;
			in_word = false;
			continue;
		case '\v':
			in_word = false;
			continue;
		}
		sep = ref_is_wide_space(mode, c);
		if (mode.enc == COUNT_BYTES || c < 0x80)
			width = c >= 0x20 && c < 0x7f;
		else
			width = wcwidth((wchar_t)c);
		if (width > 0)
			linepos += (uint64_t)width;
		if (!sep && !in_word)
			out->words++;
		in_word = !sep;
	}
	if (linepos > out->maxlen)
		out->maxlen = linepos;
}

/*
 * The tables give wc's five counts; struct counts also holds matches
 * (--count-matches), which the kernel leaves at 0, so the tables leave
 * it out.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/*
 * SPEC.md, "Columns and counting": the table of cases, with what GNU wc
 * 9.11 prints for each in the four modes (lines words chars bytes maxlen):
 * LC_ALL=C, LC_ALL=C POSIXLY_CORRECT=1, LC_ALL=C.UTF-8 and LC_ALL=C.UTF-8
 * POSIXLY_CORRECT=1.  (Where the first two differ, in the rows with the
 * byte 0xA0, SPEC.md's byte-mode column is the second.)
 */
struct spec_case {
	struct bytes in;
	struct counts c[4];	/* in the order of all_modes[] */
};

static const struct spec_case spec_cases[] = {
	{ S(""),
	  { { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 },
	    { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 } } },
	{ S("x"),
	  { { 0, 1, 1, 1, 1 }, { 0, 1, 1, 1, 1 },
	    { 0, 1, 1, 1, 1 }, { 0, 1, 1, 1, 1 } } },
	{ S("x y\n"),
	  { { 1, 2, 4, 4, 3 }, { 1, 2, 4, 4, 3 },
	    { 1, 2, 4, 4, 3 }, { 1, 2, 4, 4, 3 } } },
	{ S("x y\nz"),
	  { { 1, 3, 5, 5, 3 }, { 1, 3, 5, 5, 3 },
	    { 1, 3, 5, 5, 3 }, { 1, 3, 5, 5, 3 } } },
	{ S("x y"),
	  { { 0, 2, 3, 3, 3 }, { 0, 2, 3, 3, 3 },
	    { 0, 2, 3, 3, 3 }, { 0, 2, 3, 3, 3 } } },
	{ S("\n"),
	  { { 1, 0, 1, 1, 0 }, { 1, 0, 1, 1, 0 },
	    { 1, 0, 1, 1, 0 }, { 1, 0, 1, 1, 0 } } },
	{ S("1\n12\n"),
	  { { 2, 2, 5, 5, 2 }, { 2, 2, 5, 5, 2 },
	    { 2, 2, 5, 5, 2 }, { 2, 2, 5, 5, 2 } } },
	{ S("\n123456"),
	  { { 1, 1, 7, 7, 6 }, { 1, 1, 7, 7, 6 },
	    { 1, 1, 7, 7, 6 }, { 1, 1, 7, 7, 6 } } },
	{ S("\001\n"),
	  { { 1, 1, 2, 2, 0 }, { 1, 1, 2, 2, 0 },
	    { 1, 1, 2, 2, 0 }, { 1, 1, 2, 2, 0 } } },
	{ S("a b\r\nc\r\n"),
	  { { 2, 3, 8, 8, 3 }, { 2, 3, 8, 8, 3 },
	    { 2, 3, 8, 8, 3 }, { 2, 3, 8, 8, 3 } } },
	{ S("ab\tc\td\n"),
	  { { 1, 3, 7, 7, 17 }, { 1, 3, 7, 7, 17 },
	    { 1, 3, 7, 7, 17 }, { 1, 3, 7, 7, 17 } } },
	{ S("a\000b c\000"),
	  { { 0, 2, 6, 6, 4 }, { 0, 2, 6, 6, 4 },
	    { 0, 2, 6, 6, 4 }, { 0, 2, 6, 6, 4 } } },
	{ S("\177\n"),
	  { { 1, 1, 2, 2, 0 }, { 1, 1, 2, 2, 0 },
	    { 1, 1, 2, 2, 0 }, { 1, 1, 2, 2, 0 } } },
	{ S("a\240b"),
	  { { 0, 2, 3, 3, 2 }, { 0, 1, 3, 3, 2 },
	    { 0, 1, 2, 3, 2 }, { 0, 1, 2, 3, 2 } } },
	{ S("a\302\240b"),
	  { { 0, 2, 4, 4, 2 }, { 0, 1, 4, 4, 2 },
	    { 0, 2, 3, 4, 3 }, { 0, 1, 3, 4, 3 } } },
	{ S("a\342\200\203b"),
	  { { 0, 1, 5, 5, 2 }, { 0, 1, 5, 5, 2 },
	    { 0, 2, 3, 5, 3 }, { 0, 2, 3, 5, 3 } } },
	{ S("a\343\200\200b"),
	  { { 0, 1, 5, 5, 2 }, { 0, 1, 5, 5, 2 },
	    { 0, 2, 3, 5, 4 }, { 0, 2, 3, 5, 4 } } },
	{ S("a\302\205b"),
	  { { 0, 1, 4, 4, 2 }, { 0, 1, 4, 4, 2 },
	    { 0, 1, 3, 4, 2 }, { 0, 1, 3, 4, 2 } } },
	{ S("a\342\200\213b"),
	  { { 0, 1, 5, 5, 2 }, { 0, 1, 5, 5, 2 },
	    { 0, 1, 3, 5, 2 }, { 0, 1, 3, 5, 2 } } },
	{ S("\344\270\200\344\272\214\n"),
	  { { 1, 1, 7, 7, 0 }, { 1, 1, 7, 7, 0 },
	    { 1, 1, 3, 7, 4 }, { 1, 1, 3, 7, 4 } } },
	{ S("\360\237\230\200 ok\n"),
	  { { 1, 2, 8, 8, 3 }, { 1, 2, 8, 8, 3 },
	    { 1, 2, 5, 8, 5 }, { 1, 2, 5, 8, 5 } } },
	{ S("a\377b c"),
	  { { 0, 2, 5, 5, 4 }, { 0, 2, 5, 5, 4 },
	    { 0, 2, 4, 5, 4 }, { 0, 2, 4, 5, 4 } } },
	{ S("\342\200"),
	  { { 0, 1, 2, 2, 0 }, { 0, 1, 2, 2, 0 },
	    { 0, 1, 0, 2, 0 }, { 0, 1, 0, 2, 0 } } },
	{ S("\300\200 x"),
	  { { 0, 2, 4, 4, 2 }, { 0, 2, 4, 4, 2 },
	    { 0, 2, 2, 4, 2 }, { 0, 2, 2, 4, 2 } } },
};

/*
 * More cases with known answers, each checked against GNU wc 9.11: the
 * edges of UTF-8 validity,
 * separators that are and are not, prefixes cut short by other bytes, line
 * ends and tabs for -L, and multibyte characters around the 8-byte blocks
 * the kernel works in.  Display widths are those of glibc's C.UTF-8.
 */
static const struct spec_case edge_cases[] = {
	/* Validity boundaries: one char, or one invalid byte per byte. */
	{ S("\302\200"),
	  { { 0, 1, 2, 2, 0 }, { 0, 1, 2, 2, 0 },
	    { 0, 1, 1, 2, 0 }, { 0, 1, 1, 2, 0 } } },
	{ S("\337\277"),
	  { { 0, 1, 2, 2, 0 }, { 0, 1, 2, 2, 0 },
	    { 0, 1, 1, 2, 1 }, { 0, 1, 1, 2, 1 } } },
	{ S("\301\277"),
	  { { 0, 1, 2, 2, 0 }, { 0, 1, 2, 2, 0 },
	    { 0, 1, 0, 2, 0 }, { 0, 1, 0, 2, 0 } } },
	{ S("\340\240\200"),
	  { { 0, 2, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 1, 1, 3, 1 }, { 0, 1, 1, 3, 1 } } },
	{ S("\340\237\277"),
	  { { 0, 1, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 1, 0, 3, 0 }, { 0, 1, 0, 3, 0 } } },
	{ S("\355\237\277"),
	  { { 0, 1, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 1, 1, 3, 0 }, { 0, 1, 1, 3, 0 } } },
	{ S("\355\240\200"),
	  { { 0, 2, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 1, 0, 3, 0 }, { 0, 1, 0, 3, 0 } } },
	{ S("\355\277\277"),
	  { { 0, 1, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 1, 0, 3, 0 }, { 0, 1, 0, 3, 0 } } },
	{ S("\357\277\277"),
	  { { 0, 1, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 1, 1, 3, 0 }, { 0, 1, 1, 3, 0 } } },
	{ S("\360\220\200\200"),
	  { { 0, 1, 4, 4, 0 }, { 0, 1, 4, 4, 0 },
	    { 0, 1, 1, 4, 1 }, { 0, 1, 1, 4, 1 } } },
	{ S("\360\217\277\277"),
	  { { 0, 1, 4, 4, 0 }, { 0, 1, 4, 4, 0 },
	    { 0, 1, 0, 4, 0 }, { 0, 1, 0, 4, 0 } } },
	{ S("\364\217\277\277"),
	  { { 0, 1, 4, 4, 0 }, { 0, 1, 4, 4, 0 },
	    { 0, 1, 1, 4, 0 }, { 0, 1, 1, 4, 0 } } },
	/*
	 * Beyond U+10FFFF: the 4-byte forms from F4 90 and the old 5- and
	 * 6-byte forms (RFC 2279) are invalid, one byte at a time, in wc
	 * 9.11 (9.5 to 9.10 on glibc counted them as characters).
	 */
	{ S("\364\220\200\200"),
	  { { 0, 1, 4, 4, 0 }, { 0, 1, 4, 4, 0 },
	    { 0, 1, 0, 4, 0 }, { 0, 1, 0, 4, 0 } } },
	{ S("\365\200\200\200"),
	  { { 0, 1, 4, 4, 0 }, { 0, 1, 4, 4, 0 },
	    { 0, 1, 0, 4, 0 }, { 0, 1, 0, 4, 0 } } },
	{ S("\367\277\277\277 x"),
	  { { 0, 2, 6, 6, 2 }, { 0, 2, 6, 6, 2 },
	    { 0, 2, 2, 6, 2 }, { 0, 2, 2, 6, 2 } } },
	{ S("\370\210\200\200\200"),
	  { { 0, 1, 5, 5, 0 }, { 0, 1, 5, 5, 0 },
	    { 0, 1, 0, 5, 0 }, { 0, 1, 0, 5, 0 } } },
	{ S("\370\207\277\277\277"),
	  { { 0, 1, 5, 5, 0 }, { 0, 1, 5, 5, 0 },
	    { 0, 1, 0, 5, 0 }, { 0, 1, 0, 5, 0 } } },
	{ S("\373\277\277\277\277"),
	  { { 0, 1, 5, 5, 0 }, { 0, 1, 5, 5, 0 },
	    { 0, 1, 0, 5, 0 }, { 0, 1, 0, 5, 0 } } },
	{ S("\374\204\200\200\200\200"),
	  { { 0, 1, 6, 6, 0 }, { 0, 1, 6, 6, 0 },
	    { 0, 1, 0, 6, 0 }, { 0, 1, 0, 6, 0 } } },
	{ S("\374\203\277\277\277\277"),
	  { { 0, 1, 6, 6, 0 }, { 0, 1, 6, 6, 0 },
	    { 0, 1, 0, 6, 0 }, { 0, 1, 0, 6, 0 } } },
	{ S("\375\277\277\277\277\277\n"),
	  { { 1, 1, 7, 7, 0 }, { 1, 1, 7, 7, 0 },
	    { 1, 1, 1, 7, 0 }, { 1, 1, 1, 7, 0 } } },
	/* An invalid byte ends no character before it: U+10FFFF stays. */
	{ S("\364\217\277\277\364\220x"),
	  { { 0, 1, 7, 7, 1 }, { 0, 1, 7, 7, 1 },
	    { 0, 1, 2, 7, 1 }, { 0, 1, 2, 7, 1 } } },
	{ S("\364\220\200\360\237\230\200"),
	  { { 0, 1, 7, 7, 0 }, { 0, 1, 7, 7, 0 },
	    { 0, 1, 1, 7, 2 }, { 0, 1, 1, 7, 2 } } },
	{ S("\370\210\200\200 x"),
	  { { 0, 2, 6, 6, 2 }, { 0, 2, 6, 6, 2 },
	    { 0, 2, 2, 6, 2 }, { 0, 2, 2, 6, 2 } } },
	{ S("\376\377"),
	  { { 0, 1, 2, 2, 0 }, { 0, 1, 2, 2, 0 },
	    { 0, 1, 0, 2, 0 }, { 0, 1, 0, 2, 0 } } },
	/* Lone continuation bytes, and prefixes cut by ASCII or a lead. */
	{ S("\200\277 x"),
	  { { 0, 2, 4, 4, 2 }, { 0, 2, 4, 4, 2 },
	    { 0, 2, 2, 4, 2 }, { 0, 2, 2, 4, 2 } } },
	{ S("\342\200x \342"),
	  { { 0, 2, 5, 5, 2 }, { 0, 2, 5, 5, 2 },
	    { 0, 2, 2, 5, 2 }, { 0, 2, 2, 5, 2 } } },
	{ S("\360\237\230\360\237\230\200"),
	  { { 0, 1, 7, 7, 0 }, { 0, 1, 7, 7, 0 },
	    { 0, 1, 1, 7, 2 }, { 0, 1, 1, 7, 2 } } },
	{ S("\360\237\230 "),
	  { { 0, 1, 4, 4, 1 }, { 0, 1, 4, 4, 1 },
	    { 0, 1, 1, 4, 1 }, { 0, 1, 1, 4, 1 } } },
	{ S("\342\200\n"),
	  { { 1, 1, 3, 3, 0 }, { 1, 1, 3, 3, 0 },
	    { 1, 1, 1, 3, 0 }, { 1, 1, 1, 3, 0 } } },
	/* A separator alone, between separators, and at either end. */
	{ S("\343\200\200"),
	  { { 0, 1, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 0, 1, 3, 2 }, { 0, 0, 1, 3, 2 } } },
	{ S(" \302\240 "),
	  { { 0, 1, 4, 4, 2 }, { 0, 1, 4, 4, 2 },
	    { 0, 0, 3, 4, 3 }, { 0, 1, 3, 4, 3 } } },
	{ S("\342\201\240x\341\232\200"),
	  { { 0, 2, 7, 7, 1 }, { 0, 1, 7, 7, 1 },
	    { 0, 1, 3, 7, 2 }, { 0, 1, 3, 7, 2 } } },
	{ S("x\342\200\250y\342\200\251z"),
	  { { 0, 1, 9, 9, 3 }, { 0, 1, 9, 9, 3 },
	    { 0, 3, 5, 9, 3 }, { 0, 3, 5, 9, 3 } } },
	{ S("x\342\200\257y\342\201\237z"),
	  { { 0, 1, 9, 9, 3 }, { 0, 1, 9, 9, 3 },
	    { 0, 3, 5, 9, 5 }, { 0, 2, 5, 9, 5 } } },
	{ S("x\342\200\207y"),
	  { { 0, 1, 5, 5, 2 }, { 0, 1, 5, 5, 2 },
	    { 0, 2, 3, 5, 3 }, { 0, 1, 3, 5, 3 } } },
	/*
	 * The no-break spaces, which separate words unless POSIXLY_CORRECT
	 * is set: the byte 0xA0 in byte mode, U+00A0, U+2007, U+202F and
	 * U+2060 in UTF-8 mode; U+2006 and U+2008 always separate.
	 */
	{ S("\240"),
	  { { 0, 0, 1, 1, 0 }, { 0, 1, 1, 1, 0 },
	    { 0, 1, 0, 1, 0 }, { 0, 1, 0, 1, 0 } } },
	{ S("a \240 b\240"),
	  { { 0, 2, 6, 6, 4 }, { 0, 3, 6, 6, 4 },
	    { 0, 3, 4, 6, 4 }, { 0, 3, 4, 6, 4 } } },
	{ S("x\240\n\240y\240"),
	  { { 1, 2, 6, 6, 1 }, { 1, 2, 6, 6, 1 },
	    { 1, 2, 3, 6, 1 }, { 1, 2, 3, 6, 1 } } },
	{ S("\302\240\342\200\207\342\200\257\342\201\240"),
	  { { 0, 2, 11, 11, 0 }, { 0, 1, 11, 11, 0 },
	    { 0, 0, 4, 11, 3 }, { 0, 1, 4, 11, 3 } } },
	{ S("a\342\201\240b"),
	  { { 0, 2, 5, 5, 2 }, { 0, 1, 5, 5, 2 },
	    { 0, 2, 3, 5, 2 }, { 0, 1, 3, 5, 2 } } },
	{ S("\342\200\207"),
	  { { 0, 1, 3, 3, 0 }, { 0, 1, 3, 3, 0 },
	    { 0, 0, 1, 3, 1 }, { 0, 1, 1, 3, 1 } } },
	{ S("a\342\200\206b\342\200\210c"),
	  { { 0, 1, 9, 9, 3 }, { 0, 1, 9, 9, 3 },
	    { 0, 3, 5, 9, 5 }, { 0, 3, 5, 9, 5 } } },
	{ S("\240\302\240\240"),
	  { { 0, 1, 4, 4, 0 }, { 0, 1, 4, 4, 0 },
	    { 0, 2, 1, 4, 1 }, { 0, 1, 1, 4, 1 } } },
	/* Not separators: NEL, ZWSP, BOM, Mongolian vowel separator. */
	{ S("x\357\273\277y\341\240\216z"),
	  { { 0, 2, 9, 9, 3 }, { 0, 1, 9, 9, 3 },
	    { 0, 1, 5, 9, 3 }, { 0, 1, 5, 9, 3 } } },
	/* \v is white space of width 0; \r and \f end a line for -L. */
	{ S("ab\vcd"),
	  { { 0, 2, 5, 5, 4 }, { 0, 2, 5, 5, 4 },
	    { 0, 2, 5, 5, 4 }, { 0, 2, 5, 5, 4 } } },
	{ S("abc\rd\fef"),
	  { { 0, 3, 8, 8, 3 }, { 0, 3, 8, 8, 3 },
	    { 0, 3, 8, 8, 3 }, { 0, 3, 8, 8, 3 } } },
	{ S("\t\t"),
	  { { 0, 0, 2, 2, 16 }, { 0, 0, 2, 2, 16 },
	    { 0, 0, 2, 2, 16 }, { 0, 0, 2, 2, 16 } } },
	{ S("1234567\t8\t"),
	  { { 0, 2, 10, 10, 16 }, { 0, 2, 10, 10, 16 },
	    { 0, 2, 10, 10, 16 }, { 0, 2, 10, 10, 16 } } },
	{ S("12345678\tx"),
	  { { 0, 2, 10, 10, 17 }, { 0, 2, 10, 10, 17 },
	    { 0, 2, 10, 10, 17 }, { 0, 2, 10, 10, 17 } } },
	{ S("\344\270\200\t|"),
	  { { 0, 2, 5, 5, 9 }, { 0, 2, 5, 5, 9 },
	    { 0, 2, 3, 5, 9 }, { 0, 2, 3, 5, 9 } } },
	/* Combining marks are zero wide; C1 controls are not printable. */
	{ S("e\314\201"),
	  { { 0, 1, 3, 3, 1 }, { 0, 1, 3, 3, 1 },
	    { 0, 1, 2, 3, 1 }, { 0, 1, 2, 3, 1 } } },
	{ S("\302\205\302\237x"),
	  { { 0, 1, 5, 5, 1 }, { 0, 1, 5, 5, 1 },
	    { 0, 1, 3, 5, 1 }, { 0, 1, 3, 5, 1 } } },
	/* Block edges: a multibyte character at offsets 5 to 8. */
	{ S("abcde\344\270\200 x"),
	  { { 0, 2, 10, 10, 7 }, { 0, 2, 10, 10, 7 },
	    { 0, 2, 8, 10, 9 }, { 0, 2, 8, 10, 9 } } },
	{ S("abcdef\344\270\200 x"),
	  { { 0, 2, 11, 11, 8 }, { 0, 2, 11, 11, 8 },
	    { 0, 2, 9, 11, 10 }, { 0, 2, 9, 11, 10 } } },
	{ S("abcdefg\344\270\200 x"),
	  { { 0, 2, 12, 12, 9 }, { 0, 2, 12, 12, 9 },
	    { 0, 2, 10, 12, 11 }, { 0, 2, 10, 12, 11 } } },
	{ S("abcdefgh\344\270\200 x"),
	  { { 0, 2, 13, 13, 10 }, { 0, 2, 13, 13, 10 },
	    { 0, 2, 11, 13, 12 }, { 0, 2, 11, 13, 12 } } },
	{ S("abcdefg\360\237\230\200\360\237\230\200\n"),
	  { { 1, 1, 16, 16, 7 }, { 1, 1, 16, 16, 7 },
	    { 1, 1, 10, 16, 11 }, { 1, 1, 10, 16, 11 } } },
	{ S("abcdefg \343\200\200 hijklmn\343\200\200op"),
	  { { 0, 3, 24, 24, 18 }, { 0, 3, 24, 24, 18 },
	    { 0, 3, 20, 24, 22 }, { 0, 3, 20, 24, 22 } } },
};

#pragma GCC diagnostic pop

static void check_table(const struct spec_case *cases, size_t ncases)
{
	size_t i, m, w;
	int k;

	for (i = 0; i < ncases; i++) {
		const struct spec_case *c = &cases[i];
		struct counts got, ref;

		for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
			struct mode mode = all_modes[m];

			for (k = 0; k < COUNT_KERNEL_NR; k++) {
				if (!count_kernel_usable((enum count_kernel)k))
					continue;
				for (w = 0; w < ARRAY_SIZE(wants); w++) {
					count_whole(k, mode, wants[w], c->in.p,
						    c->in.len, &got);
					check_counts(&got, &c->c[m], wants[w],
						     mode, kernel_label(k),
						     c->in.p, c->in.len);
				}
			}

			/* The reference must agree too, or it proves
			 * nothing. */
			ref_count(mode, c->in.p, c->in.len, &ref);
			check_counts(&ref, &c->c[m], COUNT_WANT_ALL, mode,
				     "reference vs table", c->in.p, c->in.len);
		}
	}
}

static void test_spec_table(void **state)
{
	(void)state;
	check_table(spec_cases, ARRAY_SIZE(spec_cases));
}

static void test_edge_cases(void **state)
{
	(void)state;
	check_table(edge_cases, ARRAY_SIZE(edge_cases));
}

/*
 * Count P with KERNEL whole, in two pieces cut at every STRIDE-th offset,
 * and byte by byte, in all four modes and for every want set; all must agree
 * with the whole count under COUNT_WANT_ALL, which must agree with the
 * reference.
 */
static void check_splits(int kernel, const unsigned char *p, size_t len,
			 size_t stride)
{
	char whole_vs_ref[64], bytewise[64], pieces[64];
	size_t m, w, cut;

	snprintf(whole_vs_ref, sizeof(whole_vs_ref), "%s: whole vs reference",
		 kernel_label(kernel));
	snprintf(bytewise, sizeof(bytewise), "%s: byte by byte vs whole",
		 kernel_label(kernel));
	snprintf(pieces, sizeof(pieces), "%s: two pieces vs whole",
		 kernel_label(kernel));
	for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
		struct mode mode = all_modes[m];
		struct counts whole, ref, got;

		ref_count(mode, p, len, &ref);
		count_whole(kernel, mode, COUNT_WANT_ALL, p, len, &whole);
		check_counts(&whole, &ref, COUNT_WANT_ALL, mode, whole_vs_ref,
			     p, len);
		for (w = 0; w < ARRAY_SIZE(wants); w++) {
			count_bytewise(kernel, mode, wants[w], p, len, &got);
			check_counts(&got, &whole, wants[w], mode, bytewise, p,
				     len);
			for (cut = 0; cut <= len; cut += stride) {
				count_pieces(kernel, mode, wants[w], p, len,
					     &cut, 1, &got);
				check_counts(&got, &whole, wants[w], mode,
					     pieces, p, len);
			}
		}
	}
}

/*
 * Whether KERNEL (as for count_pieces) can run here; the tests loop over
 * every kernel from KERNEL_MIXED up and skip those that cannot.
 */
static bool kernel_runs(int kernel)
{
	return kernel < 0 || count_kernel_usable((enum count_kernel)kernel);
}

static void test_splits_table(void **state)
{
	size_t i;
	int k;

	(void)state;
	for (k = KERNEL_MIXED; k < COUNT_KERNEL_NR; k++) {
		if (!kernel_runs(k))
			continue;
		for (i = 0; i < ARRAY_SIZE(spec_cases); i++)
			check_splits(k, spec_cases[i].in.p,
				     spec_cases[i].in.len, 1);
		for (i = 0; i < ARRAY_SIZE(edge_cases); i++)
			check_splits(k, edge_cases[i].in.p,
				     edge_cases[i].in.len, 1);
	}
}

/* Fill BUF with LEN bytes repeating PATTERN. */
static void fill_pattern(unsigned char *buf, size_t len, const char *pattern)
{
	size_t plen = strlen(pattern), i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)pattern[i % plen];
}

/*
 * Long inputs: the kernel folds its per-lane counters every 255 blocks of
 * 8 bytes, so runs of newlines, word starts and multibyte characters well
 * beyond 2040 bytes must still count exactly, whole and split.
 */
static void test_long_runs(void **state)
{
	static const char *const patterns[] = {
		"\n",
		"a ",
		"a\tb\n",
		"word \344\270\200\343\200\200x\302\240\n",
		"\360\237\230\200",
		"\377",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\t",
	};
	enum { LEN = 5003 };
	unsigned char *buf = malloc(LEN);
	struct counts got;
	size_t i;
	int k;

	(void)state;
	assert_non_null(buf);
	for (k = 0; k < COUNT_KERNEL_NR; k++) {
		if (!kernel_runs(k))
			continue;
		for (i = 0; i < ARRAY_SIZE(patterns); i++) {
			/*
			 * Every 7th offset: 7 is coprime with the block
			 * sizes, so the cuts still fall at every position
			 * within a block, at a seventh of the run time of
			 * all offsets.  The vector kernels, which have
			 * tests of their own, take every 61st.
			 */
			fill_pattern(buf, LEN, patterns[i]);
			check_splits(k, buf, LEN,
				     k == COUNT_KERNEL_SCALAR ? 7 : 61);
		}
	}

	/* Exact values for two of them, independent of the reference. */
	for (k = KERNEL_MIXED; k < COUNT_KERNEL_NR; k++) {
		if (!kernel_runs(k))
			continue;
		fill_pattern(buf, LEN, "\n");
		count_whole(k, bytes_mode, COUNT_WANT_LINES, buf, LEN, &got);
		assert_int_equal(got.lines, LEN);
		count_whole(k, utf8_mode, COUNT_WANT_ALL, buf, LEN, &got);
		assert_int_equal(got.lines, LEN);
		assert_int_equal(got.words, 0);
		fill_pattern(buf, LEN, "a ");
		count_whole(k, utf8_mode, COUNT_WANT_WORDS, buf, LEN, &got);
		assert_int_equal(got.words, (LEN + 1) / 2);
		count_whole(k, bytes_mode, COUNT_WANT_ALL, buf, LEN, &got);
		assert_int_equal(got.words, (LEN + 1) / 2);
		assert_int_equal(got.maxlen, LEN);
	}
	free(buf);
}

/* Updates of length 0 anywhere in the stream change nothing. */
static void test_empty_updates(void **state)
{
	static const unsigned char in[] = "a\360\237\230\200 b\n";
	struct count_state st;
	struct counts got, whole;
	size_t i;

	(void)state;
	count_whole(KERNEL_DEFAULT, utf8_mode, COUNT_WANT_ALL, in,
		    sizeof(in) - 1, &whole);
	count_init(&st, COUNT_UTF8, COUNT_WANT_ALL);
	for (i = 0; i < sizeof(in) - 1; i++) {
		count_update(&st, in + i, 0);
		count_update(&st, in + i, 1);
		count_update(&st, NULL, 0);
	}
	count_finish(&st, &got);
	check_counts(&got, &whole, COUNT_WANT_ALL, utf8_mode,
		     "empty updates", in, sizeof(in) - 1);
}

static void test_counts_add(void **state)
{
	struct counts a = { 1, 2, 3, 4, 50, 5 };
	const struct counts b = { 10, 20, 30, 40, 7, 6 };
	const struct counts c = { 0, 0, 0, 0, 99, 0 };

	(void)state;
	counts_add(&a, &b);
	assert_int_equal(a.lines, 11);
	assert_int_equal(a.words, 22);
	assert_int_equal(a.chars, 33);
	assert_int_equal(a.bytes, 44);
	assert_int_equal(a.maxlen, 50);
	assert_int_equal(a.matches, 11);
	counts_add(&a, &c);
	assert_int_equal(a.lines, 11);
	assert_int_equal(a.maxlen, 99);
}

/* splitmix64: a small, well-mixed deterministic generator. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *s, size_t n)
{
	return (size_t)(rng_next(s) % n);
}

static size_t put_utf8(unsigned char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (unsigned char)(0xc0 | c >> 6);
		out[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (unsigned char)(0xe0 | c >> 12);
		out[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | c >> 18);
	out[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * Append one random "piece" at OUT (at most 8 bytes) and return its
 * length.  The mix favours what the rules single out: white space and line
 * ends, control bytes, the UTF-8 separators and near misses, valid
 * characters of every length, the lead bytes with restricted second bytes,
 * never-valid bytes, lone continuation bytes and truncated sequences.
 */
static size_t random_piece(uint64_t *s, unsigned char *out)
{
	static const unsigned char ascii_special[] = {
		' ', ' ', ' ', '\n', '\n', '\r', '\f', '\t', '\t', '\v',
		'\0', 0x01, 0x1b, 0x7f,
	};
	static const uint32_t wide[] = {
		/* separators */
		0x00a0, 0x1680, 0x2000, 0x2003, 0x2007, 0x200a, 0x2028,
		0x2029, 0x202f, 0x205f, 0x2060, 0x3000,
		/* near misses and other interesting characters */
		0x0085, 0x200b, 0xfeff, 0x180e, 0x200d, 0x0300, 0x00ad,
		0x0080, 0x009f, 0x07ff, 0x0800, 0xd7ff, 0xe000, 0xfffd,
		0xffff, 0x10000, 0x10ffff, 0x4e00, 0xac00, 0x1f600, 0x1100,
	};
	static const unsigned char leads[] = {
		0xe0, 0xed, 0xf0, 0xf4, 0xc2, 0xdf, 0xe1, 0xef, 0xf1, 0xf3,
		/* the old forms beyond U+10FFFF, invalid in wc 9.11 */
		0xf4, 0xf5, 0xf7, 0xf8, 0xfc,
	};
	static const unsigned char tails[] = {
		0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0x41, 0x20, 0x0a,
	};
	static const unsigned char never[] = {
		0xc0, 0xc1, 0xf5, 0xf7, 0xf8, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
	};
	size_t k = rng_below(s, 100), n, i;
	uint32_t c;

	if (k < 25) {
		n = 1 + rng_below(s, 6);
		for (i = 0; i < n; i++)
			out[i] = (unsigned char)(0x21 + rng_below(s, 0x5e));
		return n;
	}
	if (k < 45) {
		out[0] = ascii_special[rng_below(s, sizeof(ascii_special))];
		return 1;
	}
	if (k < 50) {
		/* A lone continuation byte, often 0xA0, which separates
		 * words in byte mode unless POSIXLY_CORRECT is set. */
		out[0] = rng_below(s, 2) ? 0xa0 :
			 (unsigned char)(0x80 + rng_below(s, 0x40));
		return 1;
	}
	if (k < 62)
		return put_utf8(out, wide[rng_below(s, ARRAY_SIZE(wide))]);
	if (k < 72) {
		switch (rng_below(s, 4)) {
		case 0:
			c = 0x80 + (uint32_t)rng_below(s, 0x780);
			break;
		case 1:
			c = 0x800 + (uint32_t)rng_below(s, 0xf800);
			if (c >= 0xd800 && c <= 0xdfff)
				c = 0x3042;
			break;
		case 2:
			c = 0x10000 + (uint32_t)rng_below(s, 0x100000);
			break;
		default:
			c = 0x4e00 + (uint32_t)rng_below(s, 0x5000);
			break;
		}
		return put_utf8(out, c);
	}
	if (k < 86) {
		/* A restricted lead byte with 0 to 5 arbitrary tails. */
		out[0] = leads[rng_below(s, sizeof(leads))];
		n = 1 + rng_below(s, 6);
		for (i = 1; i < n; i++)
			out[i] = rng_below(s, 3) ?
				 tails[rng_below(s, sizeof(tails))] :
				 (unsigned char)rng_below(s, 256);
		return n;
	}
	if (k < 92) {
		out[0] = never[rng_below(s, sizeof(never))];
		return 1;
	}
	if (k < 97) {
		/* A valid character cut short. */
		unsigned char tmp[4];
		size_t len = put_utf8(tmp, wide[rng_below(s,
							  ARRAY_SIZE(wide))]);

		n = len > 1 ? 1 + rng_below(s, len - 1) : 1;
		memcpy(out, tmp, n);
		return n;
	}
	out[0] = (unsigned char)rng_below(s, 256);
	return 1;
}

static size_t random_input(uint64_t *s, unsigned char *buf, size_t len)
{
	unsigned char piece[8];
	size_t n = 0;

	while (n < len) {
		size_t k = random_piece(s, piece);

		if (k > len - n)
			k = len - n;
		memcpy(buf + n, piece, k);
		n += k;
	}
	return n;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/*
 * The property test of the scalar kernel (the vector kernels have their
 * own, test_kernel_*, below).  Each input is counted by the reference once
 * per mode and by the kernel for every want set, each time cut into 1 to
 * 16 pieces at random offsets (repeated offsets give empty pieces).
 */
static void test_random_vs_reference(void **state)
{
	enum { ROUNDS = 3000, MAX_LEN = 6000, MAX_CUTS = 15 };
	unsigned char *buf = malloc(MAX_LEN);
	uint64_t seed = UINT64_C(20240601);
	size_t round, m, w;

	(void)state;
	assert_non_null(buf);
	for (round = 0; round < ROUNDS; round++) {
		/* Mostly short inputs, some past the 2040-byte fold. */
		size_t len = rng_below(&seed, 20) ? rng_below(&seed, 301) :
						    rng_below(&seed, MAX_LEN);

		random_input(&seed, buf, len);
		for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
			struct mode mode = all_modes[m];
			struct counts ref, got;

			ref_count(mode, buf, len, &ref);
			for (w = 0; w < ARRAY_SIZE(wants); w++) {
				size_t cuts[MAX_CUTS], ncuts, i;

				ncuts = len ? rng_below(&seed, MAX_CUTS + 1) :
					      0;
				for (i = 0; i < ncuts; i++)
					cuts[i] = rng_below(&seed, len + 1);
				qsort(cuts, ncuts, sizeof(cuts[0]), cmp_size);
				count_pieces(COUNT_KERNEL_SCALAR, mode,
					     wants[w], buf, len, cuts, ncuts,
					     &got);
				check_counts(&got, &ref, wants[w], mode,
					     "random pieces vs reference", buf,
					     len);
			}
			if (len <= 300) {
				count_bytewise(COUNT_KERNEL_SCALAR, mode,
					       COUNT_WANT_ALL, buf, len, &got);
				check_counts(&got, &ref, COUNT_WANT_ALL, mode,
					     "byte by byte vs reference", buf,
					     len);
			}
		}
	}
	free(buf);
}

/*
 * count_update_zeros against feeding the NUL bytes themselves: a random
 * prefix (any bytes: words, white space, tabs, CRs, wide characters,
 * invalid and unfinished UTF-8), N zeros, a random suffix, in all four
 * modes and for every set of wanted columns, both with the default
 * kernel.  The state right after the zeros is compared too, for the
 * fields the wanted columns depend on: whether the stream is in a word,
 * the -L column, and the pending bytes of an unfinished character.  The
 * prefix sometimes ends in a cut character, so that the zeros must settle
 * it.  The hole is sometimes given in two calls, as a reader meeting it in
 * two ranges would.
 */
static void check_zeros_once(struct mode mode, unsigned want,
			     const unsigned char *pre, size_t npre,
			     const unsigned char *zeros, uint64_t n,
			     const unsigned char *suf, size_t nsuf, bool split)
{
	struct count_state a, b;
	struct counts ca, cb;
	uint64_t left = n;

	count_init(&a, mode.enc, want | mode.posix);
	count_init(&b, mode.enc, want | mode.posix);
	count_update(&a, pre, npre);
	count_update(&b, pre, npre);
	while (left > 0) {
		size_t k = left < (1u << 16) ? (size_t)left : 1u << 16;

		count_update(&a, zeros, k);
		left -= k;
	}
	if (split && n > 1) {
		count_update_zeros(&b, n / 2);
		count_update_zeros(&b, n - n / 2);
	} else {
		count_update_zeros(&b, n);
	}
	if (((want & COUNT_WANT_WORDS) &&
	     count_in_word(&a) != count_in_word(&b)) ||
	    ((want & COUNT_WANT_MAXLEN) &&
	     (count_linepos(&a) != count_linepos(&b) ||
	      count_ended_maxlen(&a) != count_ended_maxlen(&b))) ||
	    count_pending(&a) != count_pending(&b)) {
		print_error("state after %" PRIu64 " zeros differs, mode %s, "
			    "want 0x%x: in_word %d/%d linepos %" PRIu64
			    "/%" PRIu64 " pending %u/%u\n", n,
			    mode_name(mode), want, count_in_word(&a),
			    count_in_word(&b), count_linepos(&a),
			    count_linepos(&b), count_pending(&a),
			    count_pending(&b));
		print_input(pre, npre);
		fail();
	}
	count_update(&a, suf, nsuf);
	count_update(&b, suf, nsuf);
	count_finish(&a, &ca);
	count_finish(&b, &cb);
	check_counts(&cb, &ca, want, mode, "zeros vs NUL bytes (prefix)", pre,
		     npre);
}

static void test_zeros_vs_nul_bytes(void **state)
{
	enum { ROUNDS = 500, MAX_FIX = 200 };
	static const uint64_t ns[] = { 0, 1, 2, 7, 4096, (1u << 20) + 3 };
	unsigned char *zeros = calloc(1, 1u << 16);
	unsigned char pre[MAX_FIX + 8], suf[MAX_FIX + 8];
	uint64_t seed = UINT64_C(20261205);
	size_t round, m;
	unsigned want;

	(void)state;
	assert_non_null(zeros);
	for (round = 0; round < ROUNDS; round++) {
		size_t npre = random_input(&seed, pre,
					   rng_below(&seed, MAX_FIX + 1));
		size_t nsuf = random_input(&seed, suf,
					   rng_below(&seed, MAX_FIX + 1));
		uint64_t n = ns[rng_below(&seed, ARRAY_SIZE(ns))];
		bool split = rng_below(&seed, 2);

		/* A third of the prefixes end in a cut character. */
		if (npre >= 2 && rng_below(&seed, 3) == 0) {
			static const unsigned char cut[][3] = {
				{ 0xe2, 0x80 }, { 0xf0, 0x9f, 0x98 },
				{ 0xc3 }, { 0xe3, 0x80 }, { 0xf4, 0x8f },
			};
			size_t c = rng_below(&seed, ARRAY_SIZE(cut));
			size_t k = cut[c][2] ? 3 : cut[c][1] ? 2 : 1;

			memcpy(pre + npre, cut[c], k);
			npre += k;
		}
		for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
			/* Every want set on small holes; on the 1 MiB ones
			 * those that select a different path. */
			if (n <= 4096) {
				for (want = 1; want <= COUNT_WANT_ALL; want++)
					check_zeros_once(all_modes[m], want,
							 pre, npre, zeros, n,
							 suf, nsuf, split);
			} else {
				size_t w;

				for (w = 0; w < ARRAY_SIZE(wants); w++)
					check_zeros_once(all_modes[m],
							 wants[w], pre, npre,
							 zeros, n, suf, nsuf,
							 split);
			}
		}
	}
	free(zeros);
}

/*
 * Holes far larger than memory: 2^40 zeros, and 2^20 holes of 2^40 (an
 * exbibyte), count what 7 zeros count but for bytes and chars, which grow
 * by the hole's length without overflow.
 */
static void test_zeros_huge(void **state)
{
	static const unsigned char pre[] = "x \t\xe2\x80";
	static const unsigned char suf[] = "y\n z";
	static const unsigned char seven[7] = { 0 };
	const uint64_t big = UINT64_C(1) << 40;
	size_t m, i;

	(void)state;
	for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
		struct mode mode = all_modes[m];
		struct count_state a, b;
		struct counts ca, cb;

		count_init(&a, mode.enc, COUNT_WANT_ALL | mode.posix);
		count_init(&b, mode.enc, COUNT_WANT_ALL | mode.posix);
		count_update(&a, pre, sizeof(pre) - 1);
		count_update(&b, pre, sizeof(pre) - 1);
		count_update(&a, seven, sizeof(seven));
		count_update_zeros(&b, big);
		count_update(&a, suf, sizeof(suf) - 1);
		count_update(&b, suf, sizeof(suf) - 1);
		count_finish(&a, &ca);
		count_finish(&b, &cb);
		assert_int_equal(cb.lines, ca.lines);
		assert_int_equal(cb.words, ca.words);
		assert_int_equal(cb.maxlen, ca.maxlen);
		assert_true(cb.bytes == ca.bytes - 7 + big);
		assert_true(cb.chars == ca.chars - 7 + big);

		count_init(&b, mode.enc, COUNT_WANT_ALL | mode.posix);
		for (i = 0; i < (1u << 20); i++)
			count_update_zeros(&b, big);
		count_finish(&b, &cb);
		assert_true(cb.bytes == UINT64_C(1) << 60);
		assert_true(cb.chars == UINT64_C(1) << 60);
		assert_int_equal(cb.words, 1);
		assert_int_equal(cb.lines, 0);
		assert_int_equal(cb.maxlen, 0);
	}
}

/*
 * The vector kernels.  Each is checked against the reference and against
 * the scalar kernel (itself checked against the reference above) on inputs
 * chosen for the ways a vector kernel can go wrong: every length around
 * the 64-byte block at every alignment, each multibyte separator and near
 * miss at every offset of a block and cut at every byte around it, random
 * inputs from pure ASCII text (where the vector loops run longest) to
 * dense random bytes, cut at random and counted with the kernels mixed, and
 * inputs of megabytes, past every fold of a per-lane counter.
 *
 * A kernel this CPU cannot run is not checked; its test says so in a TAP
 * diagnostic and passes.
 */

/*
 * Random text: words of letters between spaces, tabs and newlines, where
 * each word is replaced with a random_piece with probability 1/RARITY
 * (never when RARITY is 0), so that runs of ASCII of every length alternate
 * with the bytes that matter.
 */
static void random_text(uint64_t *s, unsigned char *buf, size_t len,
			size_t rarity)
{
	static const unsigned char seps[] = " \n \t  \n ";
	unsigned char piece[16];
	size_t n = 0;

	while (n < len) {
		size_t k, i;

		if (rarity && rng_below(s, rarity) == 0) {
			k = random_piece(s, piece);
		} else {
			k = 1 + rng_below(s, 12);
			for (i = 0; i < k; i++)
				piece[i] = (unsigned char)('a' +
							   rng_below(s, 26));
			piece[k++] = seps[rng_below(s, sizeof(seps) - 1)];
		}
		if (k > len - n)
			k = len - n;
		memcpy(buf + n, piece, k);
		n += k;
	}
}

/* The densities random_text is used at, from pure ASCII to random_input. */
static const size_t rarities[] = { 0, 500, 40, 6, 2, 1 };

/*
 * Count P with kernel K whole and cut at CUT, and with the scalar kernel
 * whole, for every want set, and check all against REF (the reference
 * count in MODE).
 */
static void check_kernel_once(enum count_kernel k, struct mode mode,
			      const unsigned char *p, size_t len, size_t cut,
			      const struct counts *ref)
{
	size_t w;

	for (w = 0; w < ARRAY_SIZE(wants); w++) {
		struct counts got, scalar;

		count_whole(COUNT_KERNEL_SCALAR, mode, wants[w], p, len,
			    &scalar);
		check_counts(&scalar, ref, wants[w], mode,
			     "scalar vs reference", p, len);
		count_whole((int)k, mode, wants[w], p, len, &got);
		check_counts(&got, &scalar, wants[w], mode,
			     count_kernel_name(k), p, len);
		count_pieces((int)k, mode, wants[w], p, len, &cut, 1, &got);
		check_counts(&got, ref, wants[w], mode, count_kernel_name(k),
			     p, len);
	}
}

/*
 * Every length from 0 to 200 at every offset from a 64-byte boundary,
 * each input in a buffer of its own size, so that the sanitizers catch a
 * read past either end.
 */
static void check_kernel_alignment(enum count_kernel k)
{
	enum { MAX_LEN = 200, ALIGN = 64 };
	uint64_t seed = UINT64_C(20250101);
	size_t off, len, m;

	for (off = 0; off < ALIGN; off++) {
		for (len = 0; len <= MAX_LEN; len++) {
			void *mem = NULL;
			unsigned char *p;
			size_t cut = rng_below(&seed, len + 1);

			assert_int_equal(posix_memalign(&mem, ALIGN,
							off + len ? off + len :
								    1), 0);
			p = (unsigned char *)mem + off;
			random_text(&seed, p, len,
				    rarities[(off + len) %
					     ARRAY_SIZE(rarities)]);
			for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
				struct counts ref;

				ref_count(all_modes[m], p, len, &ref);
				check_kernel_once(k, all_modes[m], p, len,
						  cut, &ref);
			}
			free(mem);
		}
	}
}

/*
 * Count P with kernel K whole for every want set, and cut at each byte from
 * just before the N bytes at POS to just after them for words, against the
 * reference.
 */
static void check_kernel_around(enum count_kernel k, struct mode mode,
				const unsigned char *p, size_t len, size_t pos,
				size_t n)
{
	const char *name = count_kernel_name(k);
	struct counts ref, got;
	size_t w, cut;

	ref_count(mode, p, len, &ref);
	for (w = 0; w < ARRAY_SIZE(wants); w++) {
		count_whole((int)k, mode, wants[w], p, len, &got);
		check_counts(&got, &ref, wants[w], mode, name, p, len);
	}
	for (cut = pos ? pos - 1 : 0; cut <= pos + n + 2 && cut <= len;
	     cut++) {
		count_pieces((int)k, mode, COUNT_WANT_WORDS, p, len, &cut, 1,
			     &got);
		check_counts(&got, &ref, COUNT_WANT_WORDS, mode, name, p,
			     len);
	}
}

/*
 * The multibyte separators (the no-break spaces among them, which depend
 * on the mode), the byte 0xA0, near misses that must stay word bytes, and
 * separators cut short, each at every offset of a 150-byte buffer of word
 * bytes and of white space (so across two block boundaries and up to the
 * end, where the vector kernel has no lookahead), counted whole and cut at
 * each byte around it.
 */
static void check_kernel_separators(enum count_kernel k)
{
	static const struct bytes seqs[] = {
		S("\302\240"), S("\341\232\200"), S("\342\200\200"),
		S("\342\200\212"), S("\342\200\250"), S("\342\200\251"),
		S("\342\200\257"), S("\342\201\237"), S("\342\201\240"),
		S("\343\200\200"), S("\342\200\207"), S("\342\200\206"),
		S("\342\200\210"),
		/* the byte 0xA0, a separator in byte mode but for POSIX */
		S("\240"), S("\240\240"), S("x\240"),
		/* near misses */
		S("\302\205"), S("\341\232\201"), S("\342\200\213"),
		S("\342\200\252"), S("\342\200\256"), S("\342\201\241"),
		S("\343\200\201"), S("\343\201\200"), S("\342\202\200"),
		/* cut short, or doubled up */
		S("\342\200"), S("\302"), S("\343\343\200\200"),
		S("\302\302\240"), S("\342\200\200\342\200\200"),
	};
	static const unsigned char background[] = { 'x', ' ', '\n' };
	enum { LEN = 150 };
	unsigned char buf[LEN];
	size_t i, b, pos, m;

	for (i = 0; i < ARRAY_SIZE(seqs); i++) {
		for (b = 0; b < ARRAY_SIZE(background); b++) {
			for (pos = 0; pos + seqs[i].len <= LEN; pos++) {
				memset(buf, background[b], LEN);
				memcpy(buf + pos, seqs[i].p, seqs[i].len);
				for (m = 0; m < ARRAY_SIZE(all_modes); m++)
					check_kernel_around(k, all_modes[m],
							    buf, LEN, pos,
							    seqs[i].len);
			}
		}
	}
}

/*
 * Random inputs at every density, counted with kernel K and with the
 * kernels mixed, each cut into 1 to 16 random pieces, against the
 * reference; and whole against the scalar kernel.
 */
static void check_kernel_random(enum count_kernel k)
{
	enum { ROUNDS = 300, MAX_LEN = 9000, MAX_CUTS = 15 };
	unsigned char *buf = malloc(MAX_LEN);
	uint64_t seed = UINT64_C(77) + (uint64_t)k;
	size_t round, m, w, i;

	assert_non_null(buf);
	for (round = 0; round < ROUNDS; round++) {
		size_t len = rng_below(&seed, 4) ? rng_below(&seed, 700) :
						   rng_below(&seed, MAX_LEN);

		random_text(&seed, buf, len,
			    rarities[rng_below(&seed, ARRAY_SIZE(rarities))]);
		for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
			struct mode mode = all_modes[m];
			struct counts ref, got, scalar;

			ref_count(mode, buf, len, &ref);
			for (w = 0; w < ARRAY_SIZE(wants); w++) {
				size_t cuts[MAX_CUTS], ncuts;
				int kernel = w % 2 ? KERNEL_MIXED : (int)k;

				ncuts = len ? rng_below(&seed, MAX_CUTS + 1) :
					      0;
				for (i = 0; i < ncuts; i++)
					cuts[i] = rng_below(&seed, len + 1);
				qsort(cuts, ncuts, sizeof(cuts[0]), cmp_size);
				count_pieces(kernel, mode, wants[w], buf, len,
					     cuts, ncuts, &got);
				check_counts(&got, &ref, wants[w], mode,
					     kernel_label(kernel), buf, len);
				count_whole((int)k, mode, wants[w], buf, len,
					    &got);
				count_whole(COUNT_KERNEL_SCALAR, mode,
					    wants[w], buf, len, &scalar);
				check_counts(&got, &scalar, wants[w], mode,
					     count_kernel_name(k), buf, len);
			}
		}
	}
	free(buf);
}

/*
 * Megabytes: text with some of everything (between 1 and 4 MiB, in pieces
 * of up to 256 KiB as a reader would give them), a dense random input, and
 * 100000 newlines, which no per-lane counter can hold without a fold.
 */
static void check_kernel_large(enum count_kernel k)
{
	enum { MIB = 1024 * 1024, DENSE = 256 * 1024, NEWLINES = 100000 };
	uint64_t seed = UINT64_C(4242) + (uint64_t)k;
	size_t len = MIB + rng_below(&seed, 3 * MIB + 1);
	unsigned char *buf = malloc(len);
	size_t m, w;

	assert_non_null(buf);
	random_text(&seed, buf, len, 60);
	for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
		struct mode mode = all_modes[m];
		struct counts ref, got;

		ref_count(mode, buf, len, &ref);
		for (w = 0; w < ARRAY_SIZE(wants); w++) {
			size_t cuts[64], ncuts = 0, at = 0;

			while (ncuts < ARRAY_SIZE(cuts) && at < len) {
				at += rng_below(&seed, 256 * 1024);
				cuts[ncuts++] = at < len ? at : len;
			}
			count_pieces((int)k, mode, wants[w], buf, len, cuts,
				     ncuts, &got);
			check_counts(&got, &ref, wants[w], mode,
				     count_kernel_name(k), buf, len);
		}
	}

	random_input(&seed, buf, DENSE);
	for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
		struct counts ref, got;

		ref_count(all_modes[m], buf, DENSE, &ref);
		for (w = 0; w < ARRAY_SIZE(wants); w++) {
			count_whole((int)k, all_modes[m], wants[w], buf,
				    DENSE, &got);
			check_counts(&got, &ref, wants[w], all_modes[m],
				     count_kernel_name(k), buf, DENSE);
		}
	}

	memset(buf, '\n', NEWLINES);
	for (m = 0; m < ARRAY_SIZE(all_modes); m++) {
		for (w = 0; w < ARRAY_SIZE(wants); w++) {
			struct counts got;

			count_whole((int)k, all_modes[m], wants[w], buf,
				    NEWLINES, &got);
			if (wants[w] & COUNT_WANT_LINES)
				assert_int_equal(got.lines, NEWLINES);
			if (wants[w] & COUNT_WANT_WORDS)
				assert_int_equal(got.words, 0);
		}
	}
	free(buf);
}

static void check_kernel(enum count_kernel k)
{
	if (!count_kernel_usable(k)) {
		/* A TAP diagnostic: the test passes, having nothing to do. */
		printf("# the %s kernel is not available on this CPU or in "
		       "this build; not checked\n", count_kernel_name(k));
		return;
	}
	check_kernel_alignment(k);
	check_kernel_separators(k);
	check_kernel_random(k);
	check_kernel_large(k);
}

/* Say which kernels run here, for the test log. */
static void test_kernel_choice(void **state)
{
	int k;

	(void)state;
	assert_true(count_kernel_usable(COUNT_KERNEL_SCALAR));
	assert_true(count_kernel_usable(count_kernel_default()));
	printf("# kernels usable here:");
	for (k = 0; k < COUNT_KERNEL_NR; k++)
		if (count_kernel_usable((enum count_kernel)k))
			printf(" %s", count_kernel_name((enum count_kernel)k));
	printf("; count_update uses %s\n",
	       count_kernel_name(count_kernel_default()));
}

static void test_kernel_avx2(void **state)
{
	(void)state;
	check_kernel(COUNT_KERNEL_AVX2);
}

static void test_kernel_avx512(void **state)
{
	(void)state;
	check_kernel(COUNT_KERNEL_AVX512);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_table),
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_splits_table),
		cmocka_unit_test(test_long_runs),
		cmocka_unit_test(test_empty_updates),
		cmocka_unit_test(test_counts_add),
		cmocka_unit_test(test_random_vs_reference),
		cmocka_unit_test(test_zeros_vs_nul_bytes),
		cmocka_unit_test(test_zeros_huge),
		cmocka_unit_test(test_kernel_choice),
		cmocka_unit_test(test_kernel_avx2),
		cmocka_unit_test(test_kernel_avx512),
	};

	/*
	 * -L in UTF-8 mode uses wcwidth(3), which needs a UTF-8 LC_CTYPE;
	 * without one every width check below would be meaningless.
	 */
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "test_count: cannot set locale C.UTF-8\n");
		printf("Bail out! locale C.UTF-8 is not available\n");
		return 99;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
