/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * count_impl.h - what the files of the counting kernel share, and the hooks
 * its tests use to run one kernel against another.  The rest of the program
 * uses count.h only.
 *
 * count.c holds the portable kernel and the choice of a vector kernel;
 * count_simd.c holds the vector code for each instruction set, built with
 * function target attributes so that no file needs special compiler flags.
 *
 * Which kernel count_update uses is decided once per process, on first use:
 * the best one this build has and this CPU runs (see cpu.h), unless the
 * environment variable FSTAT_PAR_KERNEL names one ("scalar", "avx2",
 * "avx512"); a kernel the CPU cannot run is never chosen, the best one below
 * it is taken instead, and any other value means the default.  All kernels
 * give the same counts and keep the same carry state, so they may even be
 * mixed within one stream.  Everything here is safe in the parent, workers
 * and threads.
 */
#ifndef FSTAT_PAR_COUNT_IMPL_H
#define FSTAT_PAR_COUNT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"

/*
 * The hot loops are written once with flag parameters saying which columns
 * are wanted, and are called with constants.  Forcing them inline makes the
 * compiler build one specialised loop per combination instead of testing
 * the flags for every block.  (This belongs in compat.h if a file outside
 * the kernel ever needs it.)
 */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/*
 * The running totals of one count_update call, kept in locals and written
 * back to the state at the end.  INW is 1 when the last byte counted was
 * part of a word.
 */
struct count_run {
	uint64_t lines;
	uint64_t words;
	uint64_t chars;
	uint64_t linepos;
	uint64_t maxlen;
	uint64_t inw;
};

/* The kernels, in order of preference: a later one is faster. */
enum count_kernel {
	COUNT_KERNEL_SCALAR,
	COUNT_KERNEL_AVX2,
	COUNT_KERNEL_AVX512,
	COUNT_KERNEL_NR,
};

/* The kernel's name as FSTAT_PAR_KERNEL spells it. */
const char *count_kernel_name(enum count_kernel k);

/* Whether K is built in and this CPU can run it.  The scalar one always is. */
bool count_kernel_usable(enum count_kernel k);

/* The kernel count_update uses (chosen once, see above). */
enum count_kernel count_kernel_default(void);

/*
 * count_update with kernel K.  K must be usable; one that is not counts
 * with the scalar kernel rather than crash on an illegal instruction.
 */
void count_kernel_update(struct count_state *st, const void *buf, size_t len,
			 enum count_kernel k);

/*
 * What count_simd.blocks does with each 64-byte block; it always counts
 * newlines.  Valid sets: SIMD_WORDS and SIMD_MAXLEN in any combination,
 * and SIMD_NBSP with SIMD_WORDS (byte mode); SIMD_ASCII with SIMD_WORDS or
 * SIMD_MAXLEN or both (UTF-8 mode); SIMD_WORDS | SIMD_SEPS, with or
 * without SIMD_NBSP (UTF-8 mode when neither chars nor -L are wanted).
 */
enum {
	SIMD_WORDS = 1 << 0,	/* count word starts, carry inw */
	SIMD_MAXLEN = 1 << 1,	/* advance linepos and maxlen as for ASCII */
	SIMD_ASCII = 1 << 2,	/* stop at the first byte >= 0x80; add chars */
	SIMD_SEPS = 1 << 3,	/* UTF-8 words without decoding, see below */
	SIMD_NBSP = 1 << 4,	/* no-break spaces separate words (not POSIX):
				 * the byte 0xA0, or with SIMD_SEPS U+00A0,
				 * U+2007, U+202F and U+2060 */
};

/*
 * The vector kernel for one instruction set.
 *
 * newlines: add the number of '\n' bytes of P[0..LEN) to *COUNT, except in
 * the last few (fewer than 64) bytes, and return how many bytes it
 * counted; the caller counts the rest.  (No vector function has a
 * byte-at-a-time loop: compilers like to vectorise those, and clang 14
 * fails to build them for AVX-512.)
 *
 * blocks: count whole 64-byte blocks from P on into *R, as HOW says, and
 * return how many bytes it counted; the caller counts the rest.  It leaves
 * fewer than 64 bytes, or with SIMD_SEPS, which looks two bytes ahead,
 * fewer than 66; with SIMD_ASCII it stops at the first byte >= 0x80.
 * Chars are counted with SIMD_ASCII only (every byte counted is one).
 *
 * SIMD_SEPS counts UTF-8 words exactly without decoding: every byte outside
 * 0x80..0xbf starts a decoding attempt wherever the stream is entered, so
 * the byte patterns of the multibyte separators (E1 9A 80, E2 80 80 to
 * E2 80 86, E2 80 88 to E2 80 8A, E2 80 A8, E2 80 A9, E2 81 9F, E3 80 80,
 * and with SIMD_NBSP C2 A0, E2 80 87, E2 80 AF and E2 81 A0) always are
 * those characters, and every other byte >= 0x80, valid or not, is a word
 * byte.  P must be where no character is unfinished (the pending
 * bytes of the state settled).  When a separator straddles the end of what
 * it counted, its last bytes are counted too, so the caller again starts
 * where no separator is unfinished; a character other than a separator may
 * still be cut there, and the byte-wise decoder counting the rest takes its
 * remaining bytes for invalid bytes, which are word bytes just the same.
 */
struct count_simd {
	size_t (*newlines)(const unsigned char *p, size_t len,
			   uint64_t *count);
	size_t (*blocks)(struct count_run *r, const unsigned char *p,
			 size_t len, unsigned how);
};

/* K's vector kernel, or NULL for the scalar one and those not built in. */
const struct count_simd *count_simd_get(enum count_kernel k);

#endif
