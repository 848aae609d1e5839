/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * total.h - sums of counts that saturate, as GNU wc's totals do.
 *
 * One file's counts never overflow 64 bits (a file holds fewer than 2^63
 * bytes), but their sum can once -c takes sizes without reading: eight
 * sparse files of 2 EiB make 2^64 bytes.  GNU wc then keeps the total at
 * the largest value, prints it (18446744073709551615), reports "total
 * bytes: Value too large for defined data type" (or lines, words,
 * characters) and exits with status 1.  total_add() sums the same way and
 * says which columns stopped at the top, for the caller to report
 * (output.h); every sum of counts goes through it (totals, --summary
 * groups, --merge), so they all agree.
 *
 * Pure functions, callable anywhere.
 */
#ifndef FSTAT_PAR_TOTAL_H
#define FSTAT_PAR_TOTAL_H

#include <stdbool.h>
#include <stdint.h>

#include "count.h"

/* *SUM += V, stopping at UINT64_MAX; true when it had to stop. */
static inline bool total_add_u64(uint64_t *sum, uint64_t v)
{
	if (__builtin_add_overflow(*sum, v, sum)) {
		*sum = UINT64_MAX;
		return true;
	}
	return false;
}

/*
 * Add B into A: each count is summed, saturating at UINT64_MAX, and maxlen
 * becomes the larger of the two.  Returns the COUNT_WANT_* bits of the
 * fields whose sum saturated (COUNT_WANT_MATCHES for matches), 0 if none.
 */
unsigned total_add(struct counts *a, const struct counts *b);

/*
 * The COUNT_WANT_* bits of C's summed fields that are at UINT64_MAX: a
 * total read back (--merge of runs written with --total=only) that
 * saturated in its own run, since no count reaches that value otherwise.
 */
unsigned total_saturated(const struct counts *c);

/*
 * How GNU wc names column BIT (one COUNT_WANT_* bit of a summed field) in
 * its message, "total NAME: Value too large for defined data type":
 * "lines", "words", "characters", "bytes"; ours, "matches", for
 * --count-matches.  NULL for any other bit.
 */
const char *total_name(unsigned bit);

#endif
