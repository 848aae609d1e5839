/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpu.c - run-time CPU feature detection; see cpu.h.
 */
#include "compat.h"

#include "cpu.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))

unsigned cpu_features(void)
{
	unsigned f = 0;

	/*
	 * The run-time support fills in the feature data from a
	 * constructor; initialising it again is harmless and makes this
	 * correct even when called before constructors run (an ifunc
	 * resolver, another constructor).
	 */
	__builtin_cpu_init();

	/* Every CPU with AVX2 has POPCNT, but ask rather than assume. */
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
		f |= CPU_AVX2;
	if ((f & CPU_AVX2) && __builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512bw"))
		f |= CPU_AVX512BW;
	return f;
}

#else

unsigned cpu_features(void)
{
	return 0;
}

#endif
