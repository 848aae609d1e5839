/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * count.h - the counting kernel: lines, words, chars, bytes and the
 * maximum line length of a byte stream, exactly as GNU wc 9.11 counts them.
 *
 * The kernel is a pure function of its input and a small carry state, so a
 * stream may be fed in pieces of any size and the result never depends on
 * where the pieces were cut.  Four modes: byte or UTF-8 (enum count_mode),
 * each with or without COUNT_POSIX, as GNU wc counts without and with
 * POSIXLY_CORRECT in the environment:
 *
 *   COUNT_BYTES  GNU wc under LC_ALL=C: a line is a '\n'; a word is a
 *                maximal run of bytes that are not separators: ASCII white
 *                space (\t \n \v \f \r and space) and, without
 *                COUNT_POSIX, the byte 0xA0 (wc takes it for NO-BREAK
 *                SPACE in every locale); chars = bytes; -L counts
 *                printable ASCII as 1, TAB to the next multiple of 8,
 *                \n \r \f end a line, every other byte 0.
 *
 *   COUNT_UTF8   GNU wc under LC_ALL=C.UTF-8: the stream is decoded as
 *                UTF-8 strictly (RFC 3629: no overlong forms, surrogates
 *                or values above U+10FFFF, so at most four bytes); an
 *                invalid or truncated sequence consumes one byte, which is
 *                not a char, is part of a word and has width 0.
 *                Separators are the ASCII white space plus U+1680,
 *                U+2000..U+2006, U+2008..U+200A, U+2028, U+2029, U+205F
 *                and U+3000, and, without COUNT_POSIX, the no-break
 *                spaces U+00A0, U+2007, U+202F and U+2060.  -L uses wcwidth(3) of the current locale, so the
 *                caller must have set a UTF-8 LC_CTYPE when it asks for
 *                COUNT_WANT_MAXLEN in this mode.
 *
 * WANT flags say which columns the caller needs; the kernel may take faster
 * paths when some are not wanted, and the fields not wanted are then
 * unspecified.  Wanted fields are always exact.  COUNT_POSIX travels in the
 * same word although it is not a column (see below).
 *
 * No allocation.  The one piece of global state is the choice of vector
 * kernel (AVX2, AVX-512 or portable), made once per process on first use
 * from the CPU and the environment variable FSTAT_PAR_KERNEL (see
 * count_impl.h); all kernels give the same counts.  Safe in the parent,
 * workers and threads.
 */
#ifndef FSTAT_PAR_COUNT_H
#define FSTAT_PAR_COUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum count_mode {
	COUNT_BYTES,
	COUNT_UTF8,
};

enum {
	COUNT_WANT_LINES = 1 << 0,
	COUNT_WANT_WORDS = 1 << 1,
	COUNT_WANT_CHARS = 1 << 2,
	COUNT_WANT_BYTES = 1 << 3,
	COUNT_WANT_MAXLEN = 1 << 4,
	COUNT_WANT_ALL = (1 << 5) - 1,
	/*
	 * Lines matching --count-matches: a column, but not the kernel's
	 * (linematch.h counts it and leaves it out of COUNT_WANT_ALL); the
	 * kernel ignores the bit and leaves matches at 0.
	 */
	COUNT_WANT_MATCHES = 1 << 5,
	/*
	 * Not a column but the word rule of POSIXLY_CORRECT: the no-break
	 * spaces (0xA0 in byte mode; U+00A0, U+2007, U+202F and U+2060 in
	 * UTF-8 mode) are word characters, not separators.  main.c chooses
	 * it once, at startup.  It rides with the columns because every path
	 * that starts a count (a worker's file, a range, an archive chunk,
	 * the parent's stream) is handed the WANT word and passes it on
	 * untouched; output and --merge look at the column bits only.
	 */
	COUNT_POSIX = 1 << 6,
};

/*
 * The name of a mode, as the jsonl "run" record gives it: "bytes",
 * "utf8", "bytes-posix" or "utf8-posix" (COUNT_POSIX in WANT).
 */
const char *count_mode_name(enum count_mode mode, unsigned want);

struct counts {
	uint64_t lines;
	uint64_t words;
	uint64_t chars;
	uint64_t bytes;
	uint64_t maxlen;
	uint64_t matches;         /* linematch.h; added like lines */
};

/*
 * The fields of struct counts as columns, in output order: the one list
 * that output.c (every format) and runmerge.c (reading jsonl back) share,
 * so that a column added here is printed and merged alike.
 */
#define COUNT_NFIELDS 6

struct count_field {
	const char *name;         /* as json, jsonl, tsv and csv print it */
	unsigned want;            /* its COUNT_WANT_* bit */
	size_t offset;            /* of its uint64_t in struct counts */
};

/* COUNT_NFIELDS entries; count.c checks the number. */
extern const struct count_field count_fields[];

/* A field added to struct counts needs an entry in count_fields[]. */
_Static_assert(sizeof(struct counts) == COUNT_NFIELDS * sizeof(uint64_t),
	       "count_fields[] lists every field of struct counts");

/* Field F of C: its value, or where to store one. */
static inline uint64_t count_field_get(const struct counts *c,
				       const struct count_field *f)
{
	return *(const uint64_t *)((const char *)c + f->offset);
}

static inline uint64_t *count_field_ptr(struct counts *c,
					const struct count_field *f)
{
	return (uint64_t *)((char *)c + f->offset);
}

/* Carry state between pieces of one stream.  Treat as opaque. */
struct count_state {
	struct counts c;          /* totals so far; c.maxlen covers ended lines */
	enum count_mode mode;
	unsigned want;            /* COUNT_WANT_* and COUNT_POSIX */
	bool in_word;             /* the last byte seen was part of a word */
	uint64_t linepos;         /* display width of the current line so far */
	unsigned char pend[8];    /* an incomplete UTF-8 sequence at a cut */
	unsigned npend;
};

void count_init(struct count_state *st, enum count_mode mode, unsigned want);

/* Count LEN more bytes of the stream. */
void count_update(struct count_state *st, const void *buf, size_t len);

/*
 * Count N more bytes of the stream that are all NUL (a hole of a sparse
 * file), in time independent of N: the state and every wanted count
 * after it are those count_update() gives for N NUL bytes, in every mode
 * and from any state.  A NUL is one char, a word byte of width 0, and no
 * line end; it ends a pending UTF-8 sequence as invalid.  So a hole adds
 * N bytes (and chars), no line, and a word only if the stream was not in
 * one, and leaves the -L column where it was.
 */
void count_update_zeros(struct count_state *st, uint64_t n);

/*
 * End the stream: settle a pending partial sequence and the last line, and
 * store the result in *OUT.  The state must be re-initialised before reuse.
 */
void count_finish(struct count_state *st, struct counts *out);

/* Add B into A (totals): sums, and the larger maxlen. */
void counts_add(struct counts *a, const struct counts *b);

/*
 * Accessors for segment.c, which counts a file in pieces and needs the
 * carry state itself: whether the last byte was part of a word, the width
 * of the current line, and the widest line ended so far.
 */
static inline bool count_in_word(const struct count_state *st)
{
	return st->in_word;
}

static inline void count_set_in_word(struct count_state *st, bool in_word)
{
	st->in_word = in_word;
}

static inline uint64_t count_linepos(const struct count_state *st)
{
	return st->linepos;
}

static inline uint64_t count_ended_maxlen(const struct count_state *st)
{
	return st->c.maxlen;
}

/*
 * How many bytes at the end of what was fed are an unfinished but valid
 * UTF-8 sequence, which the next piece may complete: 0 to 3, always 0 in
 * byte mode.
 */
static inline unsigned count_pending(const struct count_state *st)
{
	return st->npend;
}

#endif
