/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * segment.h - counting one file in pieces, on different workers, exactly.
 *
 * A large file is cut into byte ranges that different workers count at
 * the same time.  Each range gives a struct seg_summary, which holds
 * enough about the range's edges to be joined with its neighbours without
 * seeing their bytes:
 *
 *  - lines, chars and bytes simply add up, and so do matches, which
 *    the workers count with linematch.h's ownership rule (the lines that
 *    start in a range);
 *  - words are counted as if the range started outside a word; joining
 *    two ranges subtracts one when the left one ends inside a word and the
 *    right one starts with a word character;
 *  - for -L, a range's first line continues the line its left neighbour
 *    ended with, and its width depends on the column it starts in (TAB
 *    stops).  Until its first TAB that width is the start column plus a
 *    constant; from the first TAB on, the line sits on an 8-aligned
 *    column, so the rest adds a constant again.  Three numbers (width
 *    before the first TAB, whether there is one, width after it) describe
 *    the first line for any start column, and such descriptions compose.
 *
 * In UTF-8 mode a cut must not split a character: seg_align() moves a cut
 * forward past the rest of a valid multibyte character that straddles it.
 * Every worker applies it to both ends of its range, so the ranges still
 * tile the file.  Invalid bytes need no care: each is one unit anyway.
 *
 * seg_begin/seg_update/seg_end count one range fed in pieces of any size;
 * seg_join() folds the summary of the next range into an accumulated one,
 * and seg_counts() gives the counts of the whole once every range is in.
 * Nothing allocates; safe in any process or thread.  The summary is a
 * plain struct, so it can live in shared memory.
 */
#ifndef FSTAT_PAR_SEGMENT_H
#define FSTAT_PAR_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"

struct seg_summary {
	struct counts c;        /* maxlen unused: see the fields below */
	uint64_t head;          /* first line: width before its first TAB */
	uint64_t rest;          /* first line: width after that TAB */
	uint64_t inner;         /* widest line begun and ended in the range */
	uint64_t tail;          /* width of the last line so far */
	uint8_t has_tab;        /* the first line has a TAB */
	uint8_t has_eol;        /* the range holds a line end (\n \r \f) */
	uint8_t starts_word;    /* the first character is a word character */
	uint8_t ends_word;      /* the last one is */
	uint8_t empty;
	uint8_t pad[3];
};

enum seg_phase {
	SEG_HEAD,               /* in the first line, before any TAB */
	SEG_REST,               /* in the first line, after its first TAB */
	SEG_BODY,               /* from the first line end on */
};

struct seg_state {
	enum count_mode mode;
	unsigned want;
	enum seg_phase phase;
	struct count_state st;  /* the current phase's count */
	struct counts sum;      /* the finished phases' counts */
	struct seg_summary out;
	unsigned char probe[8]; /* the first bytes, for starts_word */
	unsigned nprobe;
};

/* Start a range; MODE and WANT as for count_init(), COUNT_POSIX included. */
void seg_begin(struct seg_state *s, enum count_mode mode, unsigned want);
void seg_update(struct seg_state *s, const void *buf, size_t len);
/* N NUL bytes (a hole), in O(1), as seg_update() would count them. */
void seg_update_zeros(struct seg_state *s, uint64_t n);
void seg_end(struct seg_state *s, struct seg_summary *out);

/* Fold B, the range right after A's, into A. */
void seg_join(struct seg_summary *a, const struct seg_summary *b);

/* The counts of a whole file from the summary of all its ranges. */
void seg_counts(const struct seg_summary *s, struct counts *out);

/*
 * How many bytes to move a cut forward so that it does not split a UTF-8
 * character: CUT points at the first byte after the cut, with BEFORE bytes
 * readable before it and AFTER bytes from it on (at most 3 of each are
 * looked at).  Returns 0 to 3.  Byte mode needs no alignment.
 */
size_t seg_align(const unsigned char *cut, size_t before, size_t after);

/*
 * For a cut right after BUF's LEN bytes where the bytes after the cut are
 * not known yet (a stream): how many of the last bytes to carry over to
 * the next range, so that the cut falls on a character boundary whatever
 * follows.  That is a trailing lead byte and the continuation bytes after
 * it, when they are a valid but unfinished character (count.h's rules); 0
 * to 3.  (Carrying over a sequence that turns out invalid would change
 * nothing, since a lead byte always starts a unit, but there is no need.)
 * Byte mode needs no carry.
 */
size_t seg_holdback(const unsigned char *buf, size_t len);

#endif
