/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * count_simd.c - the vector kernels (AVX2, AVX-512); see count_impl.h.
 *
 * How they work
 *
 * A kernel turns each 64-byte block into 64-bit masks, bit I standing for
 * byte I: newlines, word bytes, bytes >= 0x80, and for -L printable bytes,
 * tabs and line ends.  AVX-512BW compares straight into mask registers;
 * AVX2 compares the two 32-byte halves and joins their byte masks.  From
 * there on the code is shared, plain integer arithmetic (block_count):
 *
 *   lines  += popcount(newline)
 *   starts  = word & ~(word << 1 | inw)	a word byte after a non-word
 *   words  += popcount(starts)
 *   inw     = bit 63 of word			carried to the next block
 *
 * and -L walks the tabs and line ends of the block lowest first, adding the
 * printable bytes between them with popcount, as count.c does per 8 bytes.
 *
 * ASCII white space takes one table lookup: PSHUFB indexes a 16-byte table
 * with the low 4 bits of each byte (and yields 0 for bytes >= 0x80, which
 * no such byte equals), and the table holds, for each low nibble, the one
 * white-space byte that has it, or 0xff where none does.  A byte is white
 * space exactly when it equals its entry.  Line ends for -L use a second
 * table the same way.  In byte mode without POSIXLY_CORRECT (SIMD_NBSP)
 * the byte 0xA0 separates words too.  AVX2 compares the block with 0xA0
 * once more.  AVX-512 pays an XOR instead, since its compares into mask
 * registers share one port with the lookups on Intel's cores, and that
 * port is what the word loop waits for: XORing both the table and the
 * block with 0xA0 leaves every comparison of an ASCII byte as it was, and
 * turns the 0 PSHUFB gives a byte >= 0x80 into a match for the one such
 * byte that is 0xA0.
 *
 * In UTF-8 mode the blocks are counted in two ways (count_impl.h says
 * which applies when).  SIMD_ASCII stops at the first byte >= 0x80, having
 * counted the bytes before it with all masks cut there, and count.c decodes
 * from that byte.  SIMD_SEPS counts every block: a multibyte character is a
 * word byte sequence unless it is one of the separators, and those are
 * found by their byte patterns, comparing the block and the block loaded
 * one and two bytes further on, which is why it needs two bytes of
 * lookahead.  A separator begun in the last two bytes of a block marks the
 * first bytes of the next one through a two-bit carry.
 *
 * Everything target-specific is in this file, in functions with target
 * attributes, so the file builds with the project's ordinary flags, and
 * count.c calls the vector code only after cpu.h says the CPU has it.
 * Only the intrinsics of <immintrin.h> are used; no assembly.
 */
#include "compat.h"

#include <stddef.h>
#include <stdint.h>

#include "count.h"
#include "count_impl.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))

#include <immintrin.h>

#define TARGET_AVX2 __attribute__((target("avx2,popcnt")))
#define TARGET_AVX512 \
	__attribute__((target("avx2,popcnt,avx512f,avx512bw")))

#define BLOCK 64

/* A byte constant for the intrinsics, which take char. */
#define B(c) ((char)(c))

/* The PSHUFB tables, indexed by the low nibble (see the top). */
#define SPACE_TABLE \
	B(' '), B(0xff), B(0xff), B(0xff), B(0xff), B(0xff), B(0xff), \
	B(0xff), B(0xff), B('\t'), B('\n'), B('\v'), B('\f'), B('\r'), \
	B(0xff), B(0xff)
/* SPACE_TABLE XOR 0xA0, for SIMD_NBSP in byte mode with AVX-512. */
#define NBSP_SPACE_TABLE \
	B(' ' ^ 0xa0), B(0x5f), B(0x5f), B(0x5f), B(0x5f), B(0x5f), \
	B(0x5f), B(0x5f), B(0x5f), B('\t' ^ 0xa0), B('\n' ^ 0xa0), \
	B('\v' ^ 0xa0), B('\f' ^ 0xa0), B('\r' ^ 0xa0), B(0x5f), B(0x5f)
#define EOL_TABLE \
	B(0xff), B(0xff), B(0xff), B(0xff), B(0xff), B(0xff), B(0xff), \
	B(0xff), B(0xff), B(0xff), B('\n'), B(0xff), B('\f'), B('\r'), \
	B(0xff), B(0xff)

/*
 * The masks of one block.  HIGH is computed with SIMD_ASCII or SIMD_SEPS,
 * WORD with SIMD_WORDS, the last three with SIMD_MAXLEN only.
 */
struct masks {
	uint64_t nl;		/* '\n' */
	uint64_t word;		/* part of a word */
	uint64_t high;		/* >= 0x80 */
	uint64_t print;		/* printable ASCII, 0x20 to 0x7e */
	uint64_t tab;		/* '\t' */
	uint64_t eol;		/* '\n', '\f', '\r': ends a line for -L */
};

static inline uint64_t popcount64(uint64_t x)
{
	return (uint64_t)__builtin_popcountll(x);
}

/*
 * Advance the column over a block for -L.  A tab or line end is never
 * printable, so clearing the bits below it from PRINT leaves the rest.
 */
static ALWAYS_INLINE void block_maxlen(struct count_run *r,
				       const struct masks *m)
{
	uint64_t print = m->print;
	uint64_t special = m->tab | m->eol;

	while (special) {
		uint64_t bit = special & -special;
		uint64_t below = bit - 1;

		r->linepos += popcount64(print & below);
		print &= ~below;
		if (m->tab & bit) {
			r->linepos = (r->linepos | 7) + 1;
		} else {
			if (r->linepos > r->maxlen)
				r->maxlen = r->linepos;
			r->linepos = 0;
		}
		special ^= bit;
	}
	r->linepos += popcount64(print);
}

/*
 * Count one classified block into R as HOW says, and return how many of its
 * bytes were counted: all 64, or with SIMD_ASCII those before the first
 * byte >= 0x80.
 */
static ALWAYS_INLINE size_t block_count(struct count_run *r, struct masks *m,
					unsigned how)
{
	size_t n = BLOCK;

	if ((how & SIMD_ASCII) && m->high) {
		uint64_t keep = (m->high & -m->high) - 1;

		n = (size_t)__builtin_ctzll(m->high);
		if (!n)
			return 0;
		m->nl &= keep;
		m->word &= keep;
		m->print &= keep;
		m->tab &= keep;
		m->eol &= keep;
	}
	r->lines += popcount64(m->nl);
	if (how & SIMD_ASCII)
		r->chars += n;
	if (how & SIMD_WORDS) {
		r->words += popcount64(m->word & ~(m->word << 1 | r->inw));
		r->inw = m->word >> (n - 1) & 1;
	}
	if (how & SIMD_MAXLEN)
		block_maxlen(r, m);
	return n;
}

/*
 * The bytes of the separators that start in a block (S2: two-byte ones,
 * S3: three-byte ones), as the mask of the block's bytes they cover, with
 * the bytes they cover in the next block stored in *CARRY (bit 0: its
 * first byte, bit 1: its second) and those the previous block left there
 * included.
 */
static ALWAYS_INLINE uint64_t sep_cover(uint64_t s2, uint64_t s3,
					uint64_t *carry)
{
	uint64_t cover = *carry | s2 | s2 << 1 | s3 | s3 << 1 | s3 << 2;

	*carry = (s2 | s3) >> 63 | (s3 >> 62 & 1) | (s3 >> 63) << 1;
	return cover;
}

/*
 * AVX-512BW.
 */

/*
 * The separators that start in the block V at P (see sep_cover); with
 * NBSP the no-break spaces among them.
 */
static ALWAYS_INLINE TARGET_AVX512 uint64_t
seps_avx512(const unsigned char *p, __m512i v, uint64_t high, uint64_t *carry,
	    bool nbsp)
{
	__mmask64 c2 = 0, e1, e2, e3, k, t;
	uint64_t s2 = 0, s3;
	__m512i v1, v2;

	/* Most blocks of most text hold no lead byte of a separator. */
	if (!high)
		return sep_cover(0, 0, carry);
	if (nbsp)
		c2 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(B(0xc2)));
	e1 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(B(0xe1)));
	e2 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(B(0xe2)));
	e3 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(B(0xe3)));
	if (!(c2 | e1 | e2 | e3))
		return sep_cover(0, 0, carry);

	v1 = _mm512_loadu_si512((const void *)(p + 1));
	v2 = _mm512_loadu_si512((const void *)(p + 2));
	/* C2 A0 */
	if (nbsp)
		s2 = _mm512_mask_cmpeq_epi8_mask(c2, v1,
						 _mm512_set1_epi8(B(0xa0)));
	/* E1 9A 80 and E3 80 80 */
	k = _mm512_mask_cmpeq_epi8_mask(e1, v1, _mm512_set1_epi8(B(0x9a))) |
	    _mm512_mask_cmpeq_epi8_mask(e3, v1, _mm512_set1_epi8(B(0x80)));
	s3 = _mm512_mask_cmpeq_epi8_mask(k, v2, _mm512_set1_epi8(B(0x80)));
	/*
	 * E2 80 80..8A (signed, 0x80..0x8a are the bytes below 0x8b) but for
	 * E2 80 87 under POSIX, E2 80 A8, E2 80 A9 (A8 and A9 are the bytes
	 * that OR 1 makes A9), and E2 80 AF but under POSIX.
	 */
	k = _mm512_mask_cmpeq_epi8_mask(e2, v1, _mm512_set1_epi8(B(0x80)));
	t = _mm512_mask_cmplt_epi8_mask(k, v2, _mm512_set1_epi8(B(0x8b)));
	if (!nbsp)
		t &= ~_mm512_cmpeq_epi8_mask(v2, _mm512_set1_epi8(B(0x87)));
	s3 |= t | _mm512_mask_cmpeq_epi8_mask(k, _mm512_or_si512(v2,
					      _mm512_set1_epi8(1)),
					      _mm512_set1_epi8(B(0xa9)));
	if (nbsp)
		s3 |= _mm512_mask_cmpeq_epi8_mask(k, v2,
						  _mm512_set1_epi8(B(0xaf)));
	/* E2 81 9F, and E2 81 A0 but under POSIX */
	k = _mm512_mask_cmpeq_epi8_mask(e2, v1, _mm512_set1_epi8(B(0x81)));
	s3 |= _mm512_mask_cmpeq_epi8_mask(k, v2, _mm512_set1_epi8(B(0x9f)));
	if (nbsp)
		s3 |= _mm512_mask_cmpeq_epi8_mask(k, v2,
						  _mm512_set1_epi8(B(0xa0)));
	return sep_cover(s2, s3, carry);
}

static ALWAYS_INLINE TARGET_AVX512 void
classify_avx512(const unsigned char *p, unsigned how, struct masks *m,
		uint64_t *carry)
{
	__m512i v = _mm512_loadu_si512((const void *)p);

	m->nl = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
	if ((how & SIMD_WORDS) && (how & SIMD_NBSP) && !(how & SIMD_SEPS)) {
		const __m512i spaces =
			_mm512_broadcast_i32x4(_mm_setr_epi8(NBSP_SPACE_TABLE));

		m->word = ~_mm512_cmpeq_epi8_mask(
			_mm512_xor_si512(v, _mm512_set1_epi8(B(0xa0))),
			_mm512_shuffle_epi8(spaces, v));
	} else if (how & SIMD_WORDS) {
		const __m512i spaces =
			_mm512_broadcast_i32x4(_mm_setr_epi8(SPACE_TABLE));

		m->word = ~_mm512_cmpeq_epi8_mask(
			v, _mm512_shuffle_epi8(spaces, v));
	}
	if (how & (SIMD_ASCII | SIMD_SEPS))
		m->high = _mm512_movepi8_mask(v);
	if (how & SIMD_MAXLEN) {
		const __m512i eols =
			_mm512_broadcast_i32x4(_mm_setr_epi8(EOL_TABLE));

		/* Adding 0x60 maps 0x20..0x7e onto the signed -128..-34. */
		m->print = _mm512_cmplt_epi8_mask(
			_mm512_add_epi8(v, _mm512_set1_epi8(0x60)),
			_mm512_set1_epi8(B(0xdf)));
		m->tab = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\t'));
		m->eol = _mm512_cmpeq_epi8_mask(v,
						_mm512_shuffle_epi8(eols, v));
	}
	if (how & SIMD_SEPS)
		m->word &= ~seps_avx512(p, v, m->high, carry,
					 how & SIMD_NBSP);
}

static ALWAYS_INLINE TARGET_AVX512 size_t
blocks_avx512_how(struct count_run *rp, const unsigned char *p, size_t len,
		  unsigned how)
{
	/* A local copy stays in registers; *RP may alias the input. */
	struct count_run r = *rp;
	size_t need = how & SIMD_SEPS ? BLOCK + 2 : BLOCK;
	size_t done = 0;
	uint64_t carry = 0;

	while (len - done >= need) {
		struct masks m = { 0 };
		size_t n;

		classify_avx512(p + done, how, &m, &carry);
		n = block_count(&r, &m, how);
		done += n;
		if (n < BLOCK)
			break;
	}
	/* The bytes a separator of the last block covers are counted. */
	done += (size_t)popcount64(carry);
	*rp = r;
	return done;
}

/*
 * One case per valid HOW (see count_impl.h), each a loop specialised for
 * it; anything else counts nothing and leaves the work to the caller.
 */
#define HOW_CASES(fn)							\
	case SIMD_WORDS:						\
		return fn(r, p, len, SIMD_WORDS);			\
	case SIMD_MAXLEN:						\
		return fn(r, p, len, SIMD_MAXLEN);			\
	case SIMD_WORDS | SIMD_MAXLEN:					\
		return fn(r, p, len, SIMD_WORDS | SIMD_MAXLEN);		\
	case SIMD_WORDS | SIMD_NBSP:					\
		return fn(r, p, len, SIMD_WORDS | SIMD_NBSP);		\
	case SIMD_WORDS | SIMD_MAXLEN | SIMD_NBSP:			\
		return fn(r, p, len,					\
			  SIMD_WORDS | SIMD_MAXLEN | SIMD_NBSP);	\
	case SIMD_ASCII:						\
		return fn(r, p, len, SIMD_ASCII);			\
	case SIMD_ASCII | SIMD_WORDS:					\
		return fn(r, p, len, SIMD_ASCII | SIMD_WORDS);		\
	case SIMD_ASCII | SIMD_MAXLEN:					\
		return fn(r, p, len, SIMD_ASCII | SIMD_MAXLEN);		\
	case SIMD_ASCII | SIMD_WORDS | SIMD_MAXLEN:			\
		return fn(r, p, len,					\
			  SIMD_ASCII | SIMD_WORDS | SIMD_MAXLEN);	\
	case SIMD_SEPS | SIMD_WORDS:					\
		return fn(r, p, len, SIMD_SEPS | SIMD_WORDS);		\
	case SIMD_SEPS | SIMD_WORDS | SIMD_NBSP:			\
		return fn(r, p, len, SIMD_SEPS | SIMD_WORDS | SIMD_NBSP)

static TARGET_AVX512 size_t blocks_avx512(struct count_run *r,
					  const unsigned char *p, size_t len,
					  unsigned how)
{
	switch (how) {
	HOW_CASES(blocks_avx512_how);
	}
	return 0;
}

static TARGET_AVX512 size_t newlines_avx512(const unsigned char *p,
					    size_t len, uint64_t *count)
{
	const __m512i nl = _mm512_set1_epi8('\n');
	uint64_t lines = 0;
	size_t i = 0;

	/* Four blocks a step keep four compares in flight. */
	for (; len - i >= 4 * BLOCK; i += 4 * BLOCK) {
		__m512i a = _mm512_loadu_si512((const void *)(p + i));
		__m512i b = _mm512_loadu_si512((const void *)(p + i + 64));
		__m512i c = _mm512_loadu_si512((const void *)(p + i + 128));
		__m512i d = _mm512_loadu_si512((const void *)(p + i + 192));

		lines += popcount64(_mm512_cmpeq_epi8_mask(a, nl)) +
			 popcount64(_mm512_cmpeq_epi8_mask(b, nl)) +
			 popcount64(_mm512_cmpeq_epi8_mask(c, nl)) +
			 popcount64(_mm512_cmpeq_epi8_mask(d, nl));
	}
	for (; len - i >= BLOCK; i += BLOCK) {
		__m512i a = _mm512_loadu_si512((const void *)(p + i));

		lines += popcount64(_mm512_cmpeq_epi8_mask(a, nl));
	}
	*count += lines;
	return i;
}

static const struct count_simd simd_avx512 = {
	.newlines = newlines_avx512,
	.blocks = blocks_avx512,
};

/*
 * AVX2.
 */

#define EQ256(v, c) _mm256_cmpeq_epi8((v), _mm256_set1_epi8(B(c)))

/* Join the byte masks of two 32-byte halves, LO the first. */
static ALWAYS_INLINE TARGET_AVX2 uint64_t mask64(__m256i lo, __m256i hi)
{
	return (uint64_t)(uint32_t)_mm256_movemask_epi8(lo) |
	       (uint64_t)(uint32_t)_mm256_movemask_epi8(hi) << 32;
}

/*
 * The separators starting in the 32 bytes at P, as byte masks; with NBSP
 * the no-break spaces among them.
 */
static ALWAYS_INLINE TARGET_AVX2 void
sep_starts_avx2(const unsigned char *p, __m256i *s2, __m256i *s3, bool nbsp)
{
	__m256i v = _mm256_loadu_si256((const __m256i *)p);
	__m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 1));
	__m256i v2 = _mm256_loadu_si256((const __m256i *)(p + 2));
	__m256i e2 = EQ256(v, 0xe2);
	__m256i k, t, u;

	/* The same patterns as seps_avx512, which explains them. */
	*s2 = nbsp ? _mm256_and_si256(EQ256(v, 0xc2), EQ256(v1, 0xa0)) :
		     _mm256_setzero_si256();
	k = _mm256_or_si256(_mm256_and_si256(EQ256(v, 0xe1), EQ256(v1, 0x9a)),
			    _mm256_and_si256(EQ256(v, 0xe3), EQ256(v1, 0x80)));
	t = _mm256_and_si256(k, EQ256(v2, 0x80));
	k = _mm256_and_si256(e2, EQ256(v1, 0x80));
	u = _mm256_cmpgt_epi8(_mm256_set1_epi8(B(0x8b)), v2);
	if (nbsp)
		u = _mm256_or_si256(u, EQ256(v2, 0xaf));
	else
		u = _mm256_andnot_si256(EQ256(v2, 0x87), u);
	t = _mm256_or_si256(t, _mm256_and_si256(k, _mm256_or_si256(u,
		EQ256(_mm256_or_si256(v2, _mm256_set1_epi8(1)), 0xa9))));
	k = _mm256_and_si256(e2, EQ256(v1, 0x81));
	u = EQ256(v2, 0x9f);
	if (nbsp)
		u = _mm256_or_si256(u, EQ256(v2, 0xa0));
	t = _mm256_or_si256(t, _mm256_and_si256(k, u));
	*s3 = t;
}

static ALWAYS_INLINE TARGET_AVX2 uint64_t seps_avx2(const unsigned char *p,
						    uint64_t high,
						    uint64_t *carry,
						    bool nbsp)
{
	__m256i a2, a3, b2, b3;

	if (!high)
		return sep_cover(0, 0, carry);
	sep_starts_avx2(p, &a2, &a3, nbsp);
	sep_starts_avx2(p + 32, &b2, &b3, nbsp);
	return sep_cover(mask64(a2, b2), mask64(a3, b3), carry);
}

static ALWAYS_INLINE TARGET_AVX2 void
classify_avx2(const unsigned char *p, unsigned how, struct masks *m,
	      uint64_t *carry)
{
	__m256i a = _mm256_loadu_si256((const __m256i *)p);
	__m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));

	m->nl = mask64(EQ256(a, '\n'), EQ256(b, '\n'));
	if (how & SIMD_WORDS) {
		const __m256i spaces = _mm256_setr_epi8(SPACE_TABLE,
							SPACE_TABLE);
		__m256i sa = _mm256_cmpeq_epi8(a,
					       _mm256_shuffle_epi8(spaces, a));
		__m256i sb = _mm256_cmpeq_epi8(b,
					       _mm256_shuffle_epi8(spaces, b));

		/*
		 * Here a compare is cheaper than the XOR of the AVX-512
		 * kernel (see the top): AVX2 compares do not wait for the
		 * shuffle port.
		 */
		if ((how & SIMD_NBSP) && !(how & SIMD_SEPS)) {
			sa = _mm256_or_si256(sa, EQ256(a, 0xa0));
			sb = _mm256_or_si256(sb, EQ256(b, 0xa0));
		}
		m->word = ~mask64(sa, sb);
	}
	if (how & (SIMD_ASCII | SIMD_SEPS))
		m->high = mask64(a, b);
	if (how & SIMD_MAXLEN) {
		const __m256i eols = _mm256_setr_epi8(EOL_TABLE, EOL_TABLE);
		const __m256i bias = _mm256_set1_epi8(0x60);
		const __m256i top = _mm256_set1_epi8(B(0xdf));

		/* Adding 0x60 maps 0x20..0x7e onto the signed -128..-34. */
		m->print = mask64(
			_mm256_cmpgt_epi8(top, _mm256_add_epi8(a, bias)),
			_mm256_cmpgt_epi8(top, _mm256_add_epi8(b, bias)));
		m->tab = mask64(EQ256(a, '\t'), EQ256(b, '\t'));
		m->eol = mask64(
			_mm256_cmpeq_epi8(a, _mm256_shuffle_epi8(eols, a)),
			_mm256_cmpeq_epi8(b, _mm256_shuffle_epi8(eols, b)));
	}
	if (how & SIMD_SEPS)
		m->word &= ~seps_avx2(p, m->high, carry, how & SIMD_NBSP);
}

static ALWAYS_INLINE TARGET_AVX2 size_t
blocks_avx2_how(struct count_run *rp, const unsigned char *p, size_t len,
		unsigned how)
{
	/* The same loop as blocks_avx512_how. */
	struct count_run r = *rp;
	size_t need = how & SIMD_SEPS ? BLOCK + 2 : BLOCK;
	size_t done = 0;
	uint64_t carry = 0;

	while (len - done >= need) {
		struct masks m = { 0 };
		size_t n;

		classify_avx2(p + done, how, &m, &carry);
		n = block_count(&r, &m, how);
		done += n;
		if (n < BLOCK)
			break;
	}
	done += (size_t)popcount64(carry);
	*rp = r;
	return done;
}

static TARGET_AVX2 size_t blocks_avx2(struct count_run *r,
				      const unsigned char *p, size_t len,
				      unsigned how)
{
	switch (how) {
	HOW_CASES(blocks_avx2_how);
	}
	return 0;
}

/* The sum of the 32 byte lanes of ACC, each at most 255. */
static ALWAYS_INLINE TARGET_AVX2 uint64_t sum_bytes_avx2(__m256i acc)
{
	uint64_t q[4];

	acc = _mm256_sad_epu8(acc, _mm256_setzero_si256());
	_mm256_storeu_si256((__m256i *)q, acc);
	return q[0] + q[1] + q[2] + q[3];
}

static TARGET_AVX2 size_t newlines_avx2(const unsigned char *p, size_t len,
					uint64_t *count)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	uint64_t lines = 0;
	size_t i = 0;

	/*
	 * A compare gives -1 in each matching lane, so subtracting it counts
	 * per lane; four accumulators take 128 bytes a step and are summed
	 * before any lane could pass 255.
	 */
	while (len - i >= 128) {
		__m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
		size_t steps = (len - i) / 128;

		if (steps > 255)
			steps = 255;
		for (; steps; steps--, i += 128) {
			const __m256i *q = (const __m256i *)(p + i);

			a0 = _mm256_sub_epi8(a0, _mm256_cmpeq_epi8(
				_mm256_loadu_si256(q), nl));
			a1 = _mm256_sub_epi8(a1, _mm256_cmpeq_epi8(
				_mm256_loadu_si256(q + 1), nl));
			a2 = _mm256_sub_epi8(a2, _mm256_cmpeq_epi8(
				_mm256_loadu_si256(q + 2), nl));
			a3 = _mm256_sub_epi8(a3, _mm256_cmpeq_epi8(
				_mm256_loadu_si256(q + 3), nl));
		}
		lines += sum_bytes_avx2(a0) + sum_bytes_avx2(a1) +
			 sum_bytes_avx2(a2) + sum_bytes_avx2(a3);
	}
	for (; len - i >= 32; i += 32) {
		__m256i a = _mm256_loadu_si256((const __m256i *)(p + i));

		lines += popcount64((uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(a, nl)));
	}
	*count += lines;
	return i;
}

static const struct count_simd simd_avx2 = {
	.newlines = newlines_avx2,
	.blocks = blocks_avx2,
};

const struct count_simd *count_simd_get(enum count_kernel k)
{
	switch (k) {
	case COUNT_KERNEL_AVX2:
		return &simd_avx2;
	case COUNT_KERNEL_AVX512:
		return &simd_avx512;
	default:
		return NULL;
	}
}

#else /* no x86 vector code in this build */

const struct count_simd *count_simd_get(enum count_kernel k)
{
	(void)k;
	return NULL;
}

#endif
