/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_count.c - libFuzzer target for the counting kernel and the range
 * summaries (count.h, segment.h).
 *
 * The input's first byte picks the mode (bit 0: UTF-8, bit 6: COUNT_POSIX)
 * and the columns (bits 1 to 5); the rest is the stream.  It is counted
 * whole by the portable kernel, then by every vector kernel this CPU
 * runs, fed in pieces cut where the input's own bytes say, and then as
 * two ranges (segment.h) joined at a cut, and with its runs of NUL bytes
 * given as holes (count_update_zeros): every way must give the same
 * counts, or the target aborts.  This is the property the unit tests
 * check on random bytes, driven by coverage.
 */
#include "compat.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "count_impl.h"
#include "segment.h"

static void check(const struct counts *a, const struct counts *b,
		  unsigned want, const char *what)
{
	if (((want & COUNT_WANT_LINES) && a->lines != b->lines) ||
	    ((want & COUNT_WANT_WORDS) && a->words != b->words) ||
	    ((want & COUNT_WANT_CHARS) && a->chars != b->chars) ||
	    ((want & COUNT_WANT_BYTES) && a->bytes != b->bytes) ||
	    ((want & COUNT_WANT_MAXLEN) && a->maxlen != b->maxlen)) {
		fprintf(stderr, "%s: %llu %llu %llu %llu %llu != "
			"%llu %llu %llu %llu %llu (want %#x)\n", what,
			(unsigned long long)a->lines,
			(unsigned long long)a->words,
			(unsigned long long)a->chars,
			(unsigned long long)a->bytes,
			(unsigned long long)a->maxlen,
			(unsigned long long)b->lines,
			(unsigned long long)b->words,
			(unsigned long long)b->chars,
			(unsigned long long)b->bytes,
			(unsigned long long)b->maxlen, want);
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* -L in UTF-8 mode asks wcwidth(3) of the locale. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum count_mode mode;
	unsigned want, k;
	struct count_state st;
	struct counts whole, got;
	struct seg_state seg;
	struct seg_summary a, b;
	size_t cut;

	if (size < 1)
		return 0;
	mode = data[0] & 1 ? COUNT_UTF8 : COUNT_BYTES;
	want = (data[0] >> 1) & COUNT_WANT_ALL;
	if (!want)
		want = COUNT_WANT_ALL;
	if (data[0] & 0x40)
		want |= COUNT_POSIX;
	data++;
	size--;

	count_init(&st, mode, want);
	count_kernel_update(&st, data, size, COUNT_KERNEL_SCALAR);
	count_finish(&st, &whole);

	/* Every kernel, in pieces whose lengths the data itself gives. */
	for (k = 0; k < COUNT_KERNEL_NR; k++) {
		size_t off = 0;

		if (!count_kernel_usable((enum count_kernel)k))
			continue;
		count_init(&st, mode, want);
		while (off < size) {
			size_t n = 1 + (size_t)data[off] * 3;

			if (n > size - off)
				n = size - off;
			count_kernel_update(&st, data + off, n,
					    (enum count_kernel)k);
			off += n;
		}
		count_finish(&st, &got);
		check(&whole, &got, want, count_kernel_name((enum count_kernel)k));
	}

	/* Runs of NUL bytes as holes (count_update_zeros), the rest as
	 * bytes: a hole counts as the zeros it stands for. */
	{
		size_t off = 0;

		count_init(&st, mode, want);
		while (off < size) {
			size_t n = 0;

			while (off + n < size && data[off + n] == 0)
				n++;
			if (n) {
				count_update_zeros(&st, n);
			} else {
				while (off + n < size && data[off + n] != 0)
					n++;
				count_update(&st, data + off, n);
			}
			off += n;
		}
		count_finish(&st, &got);
		check(&whole, &got, want, "holes");
	}

	/* Two ranges joined, the cut where a range worker would put it. */
	cut = size ? (size_t)data[size - 1] * size / 256 : 0;
	if (mode == COUNT_UTF8 && cut > 0 && cut < size)
		cut += seg_align(data + cut, cut, size - cut);
	if (cut > size)
		cut = size;
	seg_begin(&seg, mode, want);
	seg_update(&seg, data, cut);
	seg_end(&seg, &a);
	seg_begin(&seg, mode, want);
	seg_update(&seg, data + cut, size - cut);
	seg_end(&seg, &b);
	seg_join(&a, &b);
	seg_counts(&a, &got);
	check(&whole, &got, want, "two ranges");
	return 0;
}
