/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpu.h - which optional instructions this CPU can run.
 *
 * The one place that asks the processor.  A feature is reported only when
 * both the CPU has it and the operating system saves its registers on a
 * context switch (the compiler's run-time support checks XCR0 for the AVX
 * and AVX-512 state), so a reported feature is safe to use.
 *
 * cpu_features reads what the C run-time gathered at start-up: it is cheap,
 * has no side effects, and may be called anywhere (parent, workers,
 * threads).  On other architectures, or with a compiler that cannot tell,
 * it reports nothing, and callers use their portable code.
 */
#ifndef FSTAT_PAR_CPU_H
#define FSTAT_PAR_CPU_H

enum {
	CPU_AVX2 = 1 << 0,	/* AVX2 and POPCNT */
	CPU_AVX512BW = 1 << 1,	/* AVX-512 F and BW, AVX2 and POPCNT */
};

/* The CPU_* features this CPU and OS support, ORed together. */
unsigned cpu_features(void);

#endif
