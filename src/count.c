/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * count.c - the counting kernel; see count.h.
 *
 * How it is fast
 *
 * The per-byte rules of GNU wc are simple, but a byte-at-a-time switch
 * spends most of its time on branches.  The kernel therefore works on
 * 8-byte blocks held in a uint64_t ("SWAR": SIMD within a register).  For
 * each block a handful of carry-free arithmetic tricks yield masks with bit
 * 7 of a lane set where the byte is a newline, white space, a tab, and so
 * on.  Newlines and word starts (a word byte whose predecessor is not one)
 * are then added lane-wise into accumulators, one byte counter per lane,
 * which are folded into the 64-bit totals at least every 255 blocks, before
 * a lane could overflow.
 *
 * The maximum line length is inherently sequential because a TAB's width
 * depends on the column it starts in.  A block without TAB, '\n', '\r' or
 * '\f' only adds its number of printable bytes to the column; otherwise the
 * kernel isolates the special bytes one at a time (lowest set bit first)
 * and counts the printable bytes between them.  All of this is skipped when
 * the caller does not want -L.
 *
 * In byte mode every block goes through this path.  In UTF-8 mode only
 * blocks that are pure ASCII do (ASCII text is the common case, and ASCII
 * bytes have the same meaning in both modes); a block with a byte >= 0x80
 * has its ASCII prefix handled byte by byte from a 256-entry class table,
 * and then the multibyte characters are decoded one at a time until the
 * next ASCII byte.  When only lines and bytes are wanted, neither words nor
 * characters are examined: newlines are counted with the SWAR compare
 * alone, which is valid in both modes because 0x0a never occurs inside a
 * UTF-8 multibyte sequence.
 *
 * Vector kernels
 *
 * Where the CPU has AVX2 or AVX-512 (cpu.h), count_simd.c takes over the
 * bulk of the work in 64-byte blocks, with one bit per byte instead of one
 * lane per byte, and leaves the last few bytes, and in UTF-8 mode anything
 * that needs decoding, to the code here: the 8-byte blocks, the byte table
 * and the decoder.  Lines alone are counted by the vector code entirely.
 * In UTF-8 mode, when words are wanted but neither chars nor -L, nothing
 * needs decoding at all, since the multibyte separators can be recognised
 * by their bytes (count_impl.h explains why that is exact), so the vector
 * code counts UTF-8 text of any script at the speed of ASCII.  The vector
 * code keeps the same state in the same struct count_run, so the result is
 * the same whichever kernel counts which piece.  count_kernel_default picks
 * the kernel once per process.
 *
 * The four modes
 *
 * POSIXLY_CORRECT (COUNT_POSIX) changes only which bytes or characters
 * separate words, so it is a compile-time parameter of the word paths
 * ("nbsp": the no-break spaces separate) like the choice of columns: byte
 * mode builds a loop for each value, and the loop for POSIX is exactly the
 * loop that existed before the no-break space was a separator; without
 * POSIX the 8-byte blocks take the byte 0xA0 out of the words with the
 * same number of operations (its low 7 bits are a space's), and the
 * vector kernels with one more operation per 64 bytes (count_simd.c).  In
 * UTF-8 mode the choice is made per character, where a character is
 * decoded anyway, and the vector kernels match the byte patterns of the
 * separators of the mode.
 *
 * Splitting a stream
 *
 * Everything that crosses a cut between two count_update calls lives in
 * struct count_state: whether the last byte was part of a word, the current
 * column, and the bytes of a UTF-8 sequence that was still incomplete at the
 * end of a piece.  Those pending bytes are always a valid prefix of some
 * character (an invalid byte is settled at once), so the next piece either
 * completes the character or shows that the prefix is invalid, in which
 * case its bytes are invalid bytes and decoding restarts after them,
 * exactly as if the whole stream had been seen at once.
 */
#include "compat.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "count.h"
#include "count_impl.h"
#include "cpu.h"

/*
 * Byte classes for the byte-at-a-time paths.  ASCII bytes mean the same in
 * both modes; bytes >= 0x80 are only looked up in byte mode, where they are
 * word bytes of width 0 (they are not printable in the C locale), 0xA0
 * too: step_byte makes it a separator when the no-break spaces are.
 */
enum {
	CL_WORD = 1 << 0,	/* part of a word (not white space) */
	CL_PRINT = 1 << 1,	/* one column wide for -L */
	CL_TAB = 1 << 2,	/* advances to the next multiple of 8 */
	CL_EOL = 1 << 3,	/* '\n', '\r', '\f': ends a line for -L */
};

#define C_W CL_WORD			/* control, DEL, byte >= 0x80 */
#define C_P (CL_WORD | CL_PRINT)	/* printable, not a space */
#define C_S CL_PRINT			/* space */
#define C_T CL_TAB			/* '\t' */
#define C_E CL_EOL			/* '\n' '\r' '\f' */
#define C_V 0				/* '\v': white space of width 0 */
#define ROW(c) c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c

static const unsigned char byte_class[256] = {
	/* 0x00 - 0x0f: NUL .. BS are word bytes; \t \n \v \f \r are not. */
	C_W, C_W, C_W, C_W, C_W, C_W, C_W, C_W,
	C_W, C_T, C_E, C_V, C_E, C_E, C_W, C_W,
	ROW(C_W),			/* 0x10 - 0x1f */
	C_S, C_P, C_P, C_P, C_P, C_P, C_P, C_P,	/* 0x20 - 0x2f */
	C_P, C_P, C_P, C_P, C_P, C_P, C_P, C_P,
	ROW(C_P),			/* 0x30 - 0x3f */
	ROW(C_P),			/* 0x40 - 0x4f */
	ROW(C_P),			/* 0x50 - 0x5f */
	ROW(C_P),			/* 0x60 - 0x6f */
	C_P, C_P, C_P, C_P, C_P, C_P, C_P, C_P,	/* 0x70 - 0x7f */
	C_P, C_P, C_P, C_P, C_P, C_P, C_P, C_W,
	ROW(C_W), ROW(C_W), ROW(C_W), ROW(C_W),	/* 0x80 - 0xbf */
	ROW(C_W), ROW(C_W), ROW(C_W), ROW(C_W),	/* 0xc0 - 0xff */
};

#undef C_W
#undef C_P
#undef C_S
#undef C_T
#undef C_E
#undef C_V
#undef ROW

/* SWAR constants: every lane 0x01, 0x7f and 0x80. */
#define ONES UINT64_C(0x0101010101010101)
#define LOW7 UINT64_C(0x7f7f7f7f7f7f7f7f)
#define HIGHS UINT64_C(0x8080808080808080)

/*
 * At most this many blocks are added into the per-lane byte accumulators
 * before they are folded, so that no lane exceeds 255.
 */
#define MAX_BLOCKS 255

/*
 * Load 8 bytes with the first byte in the least significant lane, whatever
 * the host byte order, so that "the previous byte" is always the next lower
 * lane.  GCC and Clang compile this to a single load on little-endian hosts.
 */
static inline uint64_t load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 |
	       (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/*
 * Lanes of LO (bytes already masked to 7 bits) equal to C, as bit 7 of
 * each lane.  Adding 0x7f to a 7-bit value sets bit 7 exactly when the
 * value is non-zero and never carries into the next lane, which is what
 * makes this exact, unlike the usual "has a zero byte" trick.
 */
static inline uint64_t lanes_eq7(uint64_t lo, unsigned char c)
{
	return ~((lo ^ (ONES * c)) + LOW7) & HIGHS;
}

/* Lanes of LO (7-bit) that are >= C, as bit 7 of each lane (C <= 0x80). */
static inline uint64_t lanes_ge7(uint64_t lo, unsigned char c)
{
	return (lo + ONES * (unsigned char)(0x80 - c)) & HIGHS;
}

/* The number of lanes set in a mask of bit-7 lane flags. */
static inline uint64_t lanes_count(uint64_t m)
{
	return ((m >> 7) * ONES) >> 56;
}

/* Fold per-lane byte counters (each <= 255) into one number. */
static inline uint64_t lanes_sum(uint64_t acc)
{
	acc = (acc & UINT64_C(0x00ff00ff00ff00ff)) +
	      ((acc >> 8) & UINT64_C(0x00ff00ff00ff00ff));
	return (acc * UINT64_C(0x0001000100010001)) >> 48;
}

/* Lanes of block X that hold '\n'. */
static inline uint64_t block_newlines(uint64_t x)
{
	return lanes_eq7(x & LOW7, '\n') & ~x;
}

/* Count the newlines of BUF: the whole job when only -l and -c are wanted. */
static uint64_t count_newlines(const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	uint64_t lines = 0;

	/*
	 * Four independent accumulators let the four blocks of each step
	 * proceed in parallel; each lane gains at most one per step.
	 */
	while (end - p >= 32) {
		uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
		size_t steps = (size_t)(end - p) / 32;

		if (steps > MAX_BLOCKS)
			steps = MAX_BLOCKS;
		for (; steps; steps--, p += 32) {
			a0 += block_newlines(load_le64(p)) >> 7;
			a1 += block_newlines(load_le64(p + 8)) >> 7;
			a2 += block_newlines(load_le64(p + 16)) >> 7;
			a3 += block_newlines(load_le64(p + 24)) >> 7;
		}
		lines += lanes_sum(a0) + lanes_sum(a1) + lanes_sum(a2) +
			 lanes_sum(a3);
	}
	for (; p < end; p++)
		lines += *p == '\n';
	return lines;
}

/*
 * Advance the column over the block X for -L.  The bytes >= 0x80 of a
 * byte-mode block are neither printable nor special, so they add nothing.
 */
static ALWAYS_INLINE void block_maxlen(struct count_run *r, uint64_t x,
					uint64_t lo)
{
	uint64_t ascii = ~x & HIGHS;
	uint64_t print = lanes_ge7(lo, 0x20) & ~lanes_eq7(lo, 0x7f) & ascii;
	uint64_t tab = lanes_eq7(lo, '\t') & ascii;
	uint64_t eol = lanes_ge7(lo, '\n') & ~lanes_ge7(lo, '\r' + 1) &
		       ~lanes_eq7(lo, '\v') & ascii;
	uint64_t special = tab | eol;

	/*
	 * Between two special bytes the column grows by the number of
	 * printable bytes; each special byte then either rounds the column
	 * up to a tab stop or ends the line.  A special byte is never
	 * printable, so clearing the bits below it leaves the rest intact.
	 */
	while (special) {
		uint64_t bit = special & -special;
		uint64_t below = bit - 1;

		r->linepos += lanes_count(print & below);
		print &= ~below;
		if (tab & bit) {
			r->linepos = (r->linepos | 7) + 1;
		} else {
			if (r->linepos > r->maxlen)
				r->maxlen = r->linepos;
			r->linepos = 0;
		}
		special ^= bit;
	}
	r->linepos += lanes_count(print);
}

/*
 * Count whole blocks from P on and return where it stopped: at the last
 * whole block, or, when ASCII_ONLY (UTF-8 mode), at the first block that
 * holds a byte >= 0x80.  In UTF-8 mode every byte of an ASCII block is a
 * character.  NBSP (byte mode): the byte 0xA0 separates words.
 */
static ALWAYS_INLINE const unsigned char *
run_blocks(struct count_run *r, const unsigned char *p,
	   const unsigned char *end, bool ascii_only, bool words, bool maxlen,
	   bool nbsp)
{
	while (end - p >= 8) {
		const unsigned char *start = p;
		const unsigned char *stop;
		uint64_t acc_lines = 0, acc_words = 0;
		size_t blocks = (size_t)(end - p) / 8;
		bool stopped = false;

		if (blocks > MAX_BLOCKS)
			blocks = MAX_BLOCKS;
		stop = p + 8 * blocks;
		for (; p < stop; p += 8) {
			uint64_t x = load_le64(p);
			uint64_t lo = x & LOW7;

			if (ascii_only && (x & HIGHS)) {
				stopped = true;
				break;
			}
			acc_lines += block_newlines(x) >> 7;
			if (words) {
				/*
				 * White space is \t \n \v \f \r (0x09 to
				 * 0x0d) and space; a byte >= 0x80 never is,
				 * but for 0xA0 (0x20 in the low 7 bits) with
				 * NBSP.
				 */
				uint64_t ctl = lanes_ge7(lo, '\t') &
					       ~lanes_ge7(lo, '\r' + 1);
				uint64_t sp = lanes_eq7(lo, ' ');
				uint64_t space = nbsp ? (ctl & ~x) | sp :
							(ctl | sp) & ~x;
				uint64_t word = ~space & HIGHS;
				uint64_t prev = word << 8 | r->inw << 7;

				acc_words += (word & ~prev) >> 7;
				r->inw = word >> 63;
			}
			if (maxlen)
				block_maxlen(r, x, lo);
		}
		r->lines += lanes_sum(acc_lines);
		if (words)
			r->words += lanes_sum(acc_words);
		if (ascii_only)
			r->chars += (uint64_t)(p - start);
		if (stopped)
			break;
	}
	return p;
}

/*
 * Count one byte from the class table: any byte in byte mode, ASCII else.
 * NBSP (byte mode): the byte 0xA0 separates words.
 */
static ALWAYS_INLINE void step_byte(struct count_run *r, unsigned char b,
				    bool words, bool maxlen, bool nbsp)
{
	unsigned cls = byte_class[b];

	r->lines += b == '\n';
	if (words) {
		uint64_t w = cls & CL_WORD;

		if (nbsp)
			w &= b != 0xa0;
		r->words += w & ~r->inw;
		r->inw = w;
	}
	if (maxlen) {
		if (cls & (CL_TAB | CL_EOL)) {
			if (cls & CL_TAB) {
				r->linepos = (r->linepos | 7) + 1;
			} else {
				if (r->linepos > r->maxlen)
					r->maxlen = r->linepos;
				r->linepos = 0;
			}
		} else {
			r->linepos += (cls & CL_PRINT) != 0;
		}
	}
}

/*
 * The UTF-8 separators beyond ASCII white space: what iswspace accepts in
 * C.UTF-8, and with NBSP the no-break spaces GNU wc adds unless
 * POSIXLY_CORRECT is set (U+00A0, U+2007, U+202F, U+2060).
 */
static inline bool is_wide_space(uint32_t c, bool nbsp)
{
	if (c < 0x2000)
		return (c == 0x00a0 && nbsp) || c == 0x1680;
	if (c <= 0x200a)
		return c != 0x2007 || nbsp;
	return c == 0x2028 || c == 0x2029 || c == 0x205f || c == 0x3000 ||
	       ((c == 0x202f || c == 0x2060) && nbsp);
}

/* Count one decoded character >= U+0080. */
static ALWAYS_INLINE void step_wide(struct count_run *r, uint32_t c,
				    bool words, bool maxlen, bool nbsp)
{
	r->chars++;
	if (words) {
		uint64_t w = !is_wide_space(c, nbsp);

		r->words += w & ~r->inw;
		r->inw = w;
	}
	if (maxlen) {
		int width = wcwidth((wchar_t)c);

		if (width > 0)
			r->linepos += (uint64_t)width;
	}
}

/* Count one byte that does not start a valid UTF-8 character. */
static ALWAYS_INLINE void step_invalid(struct count_run *r, bool words)
{
	if (words) {
		r->words += !r->inw;
		r->inw = 1;
	}
}

/* The longest valid sequence (see utf8_char_at). */
#define UTF8_MAX 4

enum {
	DECODE_INVALID = 0,
	DECODE_INCOMPLETE = -1,
};

/*
 * Decode the UTF-8 character at S (S[0] >= 0x80) from the AVAIL bytes
 * there.  Return its length and store it in *C; or DECODE_INVALID when S[0]
 * does not start a valid character (the caller consumes exactly one byte);
 * or DECODE_INCOMPLETE when the AVAIL bytes are a valid but unfinished
 * prefix.
 *
 * Validity is RFC 3629's, which is what GNU wc 9.11 decodes with: no
 * overlong forms (C0, C1; E0 needs A0..BF; F0 needs 90..BF), no surrogates
 * (ED needs 80..9F) and nothing above U+10FFFF (F4 needs 80..8F; F5..FF
 * never start a character, so neither do the old 5- and 6-byte forms of
 * RFC 2279).  GNU wc 9.5 to 9.10 on glibc took glibc's decoder, which
 * still accepts those long forms up to 0x7FFFFFFF; they only ever change
 * -m, since such a character is a word byte of width 0 just as its bytes
 * are when invalid.
 */
static ALWAYS_INLINE int utf8_char_at(const unsigned char *s, size_t avail,
				      uint32_t *c)
{
	unsigned b = s[0], lo = 0x80, hi = 0xbf;
	uint32_t v;
	int len, i;

	if (b < 0xc2) {
		return DECODE_INVALID;
	} else if (b < 0xe0) {
		len = 2;
		v = b & 0x1f;
	} else if (b < 0xf0) {
		len = 3;
		v = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0;
		else if (b == 0xed)
			hi = 0x9f;
	} else if (b < 0xf5) {
		len = 4;
		v = b & 0x07;
		if (b == 0xf0)
			lo = 0x90;
		else if (b == 0xf4)
			hi = 0x8f;
	} else {
		return DECODE_INVALID;
	}
	for (i = 1; i < len; i++) {
		if ((size_t)i >= avail)
			return DECODE_INCOMPLETE;
		b = s[i];
		if (b < lo || b > hi)
			return DECODE_INVALID;
		lo = 0x80;
		hi = 0xbf;
		v = v << 6 | (b & 0x3f);
	}
	*c = v;
	return len;
}

/*
 * Count the multibyte character (or invalid byte) at P and any that follow
 * it directly, and return where the next ASCII byte is.  An unfinished
 * sequence at the end of the piece goes to st->pend and END is returned.
 */
static ALWAYS_INLINE const unsigned char *
step_multibyte(struct count_state *st, struct count_run *r,
	       const unsigned char *p, const unsigned char *end, bool words,
	       bool maxlen, bool nbsp)
{
	do {
		uint32_t c;
		int n = utf8_char_at(p, (size_t)(end - p), &c);

		if (n > 0) {
			step_wide(r, c, words, maxlen, nbsp);
			p += n;
		} else if (n == DECODE_INVALID) {
			step_invalid(r, words);
			p++;
		} else {
			st->npend = (unsigned)(end - p);
			memcpy(st->pend, p, st->npend);
			return end;
		}
	} while (p < end && *p >= 0x80);
	return p;
}

/*
 * Settle the bytes pending from the previous piece against the start of
 * this one, and return where counting continues.  The pending bytes are a
 * valid prefix: a lead byte and continuation bytes.  Together with up to
 * UTF8_MAX new bytes they either complete the character, or turn out invalid;
 * then the lead is an invalid byte, and so is each continuation byte after
 * it (none can start a character), so the whole prefix counts as invalid
 * bytes and decoding restarts at the first new byte.  Or the piece is too
 * short to tell, and its bytes join the prefix.
 */
static const unsigned char *resume_pending(struct count_state *st,
					   struct count_run *r,
					   const unsigned char *p,
					   const unsigned char *end,
					   bool words, bool maxlen, bool nbsp)
{
	unsigned char tmp[UTF8_MAX];
	size_t take = UTF8_MAX - st->npend;
	uint32_t c;
	int n;

	if (take > (size_t)(end - p))
		take = (size_t)(end - p);
	memcpy(tmp, st->pend, st->npend);
	memcpy(tmp + st->npend, p, take);
	n = utf8_char_at(tmp, st->npend + take, &c);
	if (n > 0) {
		step_wide(r, c, words, maxlen, nbsp);
		p += (unsigned)n - st->npend;
		st->npend = 0;
	} else if (n == DECODE_INVALID) {
		step_invalid(r, words);
		st->npend = 0;
	} else {
		memcpy(st->pend + st->npend, p, take);
		st->npend += (unsigned)take;
		p += take;
	}
	return p;
}

static ALWAYS_INLINE void run_load(struct count_run *r,
				   const struct count_state *st)
{
	r->lines = st->c.lines;
	r->words = st->c.words;
	r->chars = st->c.chars;
	r->linepos = st->linepos;
	r->maxlen = st->c.maxlen;
	r->inw = st->in_word;
}

static ALWAYS_INLINE void run_store(const struct count_run *r,
				    struct count_state *st)
{
	st->c.lines = r->lines;
	st->c.words = r->words;
	st->c.chars = r->chars;
	st->linepos = r->linepos;
	st->c.maxlen = r->maxlen;
	st->in_word = r->inw != 0;
}

/*
 * Count the newlines of BUF with the vector kernel SIMD, if any, and the
 * scalar code for what it leaves.
 */
static uint64_t newlines(const struct count_simd *simd,
			 const unsigned char *p, size_t len)
{
	uint64_t lines = 0;
	size_t done;

	if (simd) {
		done = simd->newlines(p, len, &lines);
		p += done;
		len -= done;
	}
	return lines + count_newlines(p, len);
}

/*
 * Count whole blocks with the vector kernel SIMD, if any, as HOW says, and
 * return where it stopped.  The run is copied so that R, whose address
 * never escapes otherwise, stays in registers in the caller's loops.
 */
static ALWAYS_INLINE const unsigned char *
run_simd(const struct count_simd *simd, struct count_run *r,
	 const unsigned char *p, const unsigned char *end, unsigned how)
{
	struct count_run tmp;

	if (!simd)
		return p;
	tmp = *r;
	p += simd->blocks(&tmp, p, (size_t)(end - p), how);
	*r = tmp;
	return p;
}

/*
 * What run_simd should do for byte mode (NBSP: 0xA0 separates words) or
 * the ASCII runs of UTF-8 mode.
 */
static ALWAYS_INLINE unsigned simd_how(bool ascii_only, bool words,
				       bool maxlen, bool nbsp)
{
	return (ascii_only ? SIMD_ASCII : 0) | (words ? SIMD_WORDS : 0) |
	       (maxlen ? SIMD_MAXLEN : 0) | (words && nbsp ? SIMD_NBSP : 0);
}

/*
 * Byte mode, some of -w and -L wanted: vector blocks, 8-byte blocks, then
 * the tail by table.  NBSP: the byte 0xA0 separates words.
 */
static ALWAYS_INLINE void update_bytes(struct count_state *st,
				       const unsigned char *p,
				       const unsigned char *end, bool words,
				       bool maxlen, bool nbsp,
				       const struct count_simd *simd)
{
	struct count_run r;

	run_load(&r, st);
	p = run_simd(simd, &r, p, end, simd_how(false, words, maxlen, nbsp));
	p = run_blocks(&r, p, end, false, words, maxlen, nbsp);
	for (; p < end; p++)
		step_byte(&r, *p, words, maxlen, nbsp);
	run_store(&r, st);
}

/*
 * UTF-8 mode, some of -w -m -L wanted.  With SEPS (words wanted, chars and
 * -L not), the vector kernel counts words without decoding up to the last
 * few bytes, and only those are decoded here.  Otherwise the vector kernel
 * counts runs of ASCII and everything from a byte >= 0x80 up to the next
 * ASCII byte is decoded here.  NBSP: the no-break spaces separate words;
 * it is looked at per multibyte character only, so it need not be a
 * constant.
 */
static ALWAYS_INLINE void update_utf8(struct count_state *st,
				      const unsigned char *p,
				      const unsigned char *end, bool words,
				      bool maxlen, bool seps, bool nbsp,
				      const struct count_simd *simd)
{
	struct count_run r;

	run_load(&r, st);
	if (UNLIKELY(st->npend))
		p = resume_pending(st, &r, p, end, words, maxlen, nbsp);
	if (seps)
		p = run_simd(simd, &r, p, end, SIMD_SEPS | SIMD_WORDS |
			     (nbsp ? SIMD_NBSP : 0));
	while (p < end) {
		const unsigned char *stop;

		if (!seps)
			p = run_simd(simd, &r, p, end,
				     simd_how(true, words, maxlen, false));
		p = run_blocks(&r, p, end, true, words, maxlen, false);
		if (p == end)
			break;

		/*
		 * Either a block with a byte >= 0x80 starts at P, or fewer
		 * than 8 bytes are left: count the ASCII bytes up to the
		 * first multibyte byte (or the end) from the table.
		 */
		if (end - p >= 8) {
			uint64_t high = load_le64(p) & HIGHS;

			/* The lanes below the lowest high bit are ASCII. */
			stop = p + lanes_count(((high & -high) - 1) & HIGHS);
		} else {
			stop = p;
			while (stop < end && *stop < 0x80)
				stop++;
		}
		r.chars += (uint64_t)(stop - p);
		for (; p < stop; p++)
			step_byte(&r, *p, words, maxlen, false);
		if (p < end)
			p = step_multibyte(st, &r, p, end, words, maxlen,
					   nbsp);
	}
	run_store(&r, st);
}

static const char *const kernel_names[COUNT_KERNEL_NR] = {
	[COUNT_KERNEL_SCALAR] = "scalar",
	[COUNT_KERNEL_AVX2] = "avx2",
	[COUNT_KERNEL_AVX512] = "avx512",
};

const char *count_kernel_name(enum count_kernel k)
{
	return (unsigned)k < COUNT_KERNEL_NR ? kernel_names[k] : "?";
}

bool count_kernel_usable(enum count_kernel k)
{
	unsigned need;

	switch (k) {
	case COUNT_KERNEL_SCALAR:
		return true;
	case COUNT_KERNEL_AVX2:
		need = CPU_AVX2;
		break;
	case COUNT_KERNEL_AVX512:
		need = CPU_AVX512BW;
		break;
	default:
		return false;
	}
	return count_simd_get(k) && (cpu_features() & need) == need;
}

/* The best usable kernel not above LIMIT. */
static enum count_kernel best_kernel(enum count_kernel limit)
{
	enum count_kernel k = limit;

	while (k > COUNT_KERNEL_SCALAR && !count_kernel_usable(k))
		k--;
	return k;
}

enum count_kernel count_kernel_default(void)
{
	/*
	 * The one piece of global state in the kernel: a cache of a fact
	 * about the machine and the environment, so that count_update need
	 * not ask the CPU for every piece.  Racing threads all compute the
	 * same value, so a relaxed atomic is enough, and a forked worker
	 * inherits the value or computes it again.  -1 means not yet known.
	 */
	static atomic_int cached = -1;
	int k = atomic_load_explicit(&cached, memory_order_relaxed);
	const char *env;
	size_t i;

	if (LIKELY(k >= 0))
		return (enum count_kernel)k;
	k = best_kernel(COUNT_KERNEL_NR - 1);
	/*
	 * A user's setting (the man page documents it), read even in a
	 * set-ID process: it only picks among kernels that give the same
	 * counts, and never one the CPU cannot run (best_kernel()).
	 */
	env = getenv("FSTAT_PAR_KERNEL");
	for (i = 0; env && i < ARRAY_SIZE(kernel_names); i++)
		if (strcmp(env, kernel_names[i]) == 0)
			k = best_kernel((enum count_kernel)i);
	atomic_store_explicit(&cached, k, memory_order_relaxed);
	return (enum count_kernel)k;
}

const struct count_field count_fields[] = {
	{ "lines", COUNT_WANT_LINES, offsetof(struct counts, lines) },
	{ "words", COUNT_WANT_WORDS, offsetof(struct counts, words) },
	{ "chars", COUNT_WANT_CHARS, offsetof(struct counts, chars) },
	{ "bytes", COUNT_WANT_BYTES, offsetof(struct counts, bytes) },
	{ "max_line_length", COUNT_WANT_MAXLEN,
	  offsetof(struct counts, maxlen) },
	{ "matches", COUNT_WANT_MATCHES, offsetof(struct counts, matches) },
};

_Static_assert(ARRAY_SIZE(count_fields) == COUNT_NFIELDS,
	       "COUNT_NFIELDS is the number of count_fields[]");

const char *count_mode_name(enum count_mode mode, unsigned want)
{
	if (mode == COUNT_UTF8)
		return want & COUNT_POSIX ? "utf8-posix" : "utf8";
	return want & COUNT_POSIX ? "bytes-posix" : "bytes";
}

void count_init(struct count_state *st, enum count_mode mode, unsigned want)
{
	memset(st, 0, sizeof(*st));
	st->mode = mode;
	st->want = want;
}

/* count_update with the vector kernel SIMD, or the scalar one if NULL. */
static void update(struct count_state *st, const void *buf, size_t len,
		   const struct count_simd *simd)
{
	const unsigned char *p = buf;
	const unsigned char *end;
	bool words = st->want & COUNT_WANT_WORDS;
	bool maxlen = st->want & COUNT_WANT_MAXLEN;
	bool chars = st->want & COUNT_WANT_CHARS;
	bool nbsp = !(st->want & COUNT_POSIX);

	/* An empty piece may come with a null BUF; do no arithmetic on it. */
	if (!len)
		return;
	end = p + len;
	st->c.bytes += len;

	if (st->mode == COUNT_BYTES) {
		st->c.chars += len;
		if (words && maxlen && nbsp)
			update_bytes(st, p, end, true, true, true, simd);
		else if (words && maxlen)
			update_bytes(st, p, end, true, true, false, simd);
		else if (words && nbsp)
			update_bytes(st, p, end, true, false, true, simd);
		else if (words)
			update_bytes(st, p, end, true, false, false, simd);
		else if (maxlen)
			update_bytes(st, p, end, false, true, false, simd);
		else if (st->want & COUNT_WANT_LINES)
			st->c.lines += newlines(simd, p, len);
		return;
	}

	/*
	 * Characters need decoding even when neither -w nor -L is wanted;
	 * words alone need none (see update_utf8).
	 */
	if (words && maxlen)
		update_utf8(st, p, end, true, true, false, nbsp, simd);
	else if (words && chars)
		update_utf8(st, p, end, true, false, false, nbsp, simd);
	else if (words)
		update_utf8(st, p, end, true, false, true, nbsp, simd);
	else if (maxlen)
		update_utf8(st, p, end, false, true, false, false, simd);
	else if (chars)
		update_utf8(st, p, end, false, false, false, false, simd);
	else if (st->want & COUNT_WANT_LINES)
		st->c.lines += newlines(simd, p, len);
}

void count_kernel_update(struct count_state *st, const void *buf, size_t len,
			 enum count_kernel k)
{
	update(st, buf, len, count_kernel_usable(k) ? count_simd_get(k) : NULL);
}

void count_update(struct count_state *st, const void *buf, size_t len)
{
	update(st, buf, len, count_simd_get(count_kernel_default()));
}

void count_update_zeros(struct count_state *st, uint64_t n)
{
	unsigned want = st->want;

	if (!n)
		return;
	/*
	 * What count_update does with N NUL bytes, as the tables above say:
	 * a NUL is neither a newline nor white space, so no line ends and
	 * the run is one word byte after another; it is not printable in
	 * either mode (byte_class: width 0), so the column stays; it is one
	 * character in both.  A UTF-8 sequence left pending is not
	 * completed by a NUL, which is no continuation byte: resume_pending
	 * settles it as invalid bytes, which are word bytes too.  So at
	 * most one word starts, at the first NUL or at the pending bytes,
	 * whichever comes first, and only if the stream was not in a word.
	 * Only the columns whose paths count them are touched; the others
	 * are unspecified anyway (count.h).
	 */
	st->c.bytes += n;
	if (st->mode == COUNT_BYTES ||
	    (want & (COUNT_WANT_CHARS | COUNT_WANT_MAXLEN)))
		st->c.chars += n;
	if (want & COUNT_WANT_WORDS) {
		st->c.words += !st->in_word;
		st->in_word = true;
	}
	st->npend = 0;
}

void count_finish(struct count_state *st, struct counts *out)
{
	/*
	 * A sequence still unfinished at the end of the stream is invalid;
	 * its bytes are word bytes of width 0 that are not characters.
	 */
	if (st->npend) {
		st->c.words += !st->in_word;
		st->in_word = true;
		st->npend = 0;
	}
	if (st->linepos > st->c.maxlen)
		st->c.maxlen = st->linepos;
	*out = st->c;
}

void counts_add(struct counts *a, const struct counts *b)
{
	a->lines += b->lines;
	a->words += b->words;
	a->chars += b->chars;
	a->bytes += b->bytes;
	a->matches += b->matches;
	if (b->maxlen > a->maxlen)
		a->maxlen = b->maxlen;
}
