/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compat.h - included first by every source file.
 *
 * Feature macros and the few portability definitions the project needs.
 * Platform-specific calls (shared memory, CPU features) live in their own
 * small files (platform.h says which, and names the one exception).
 */
#ifndef FSTAT_PAR_COMPAT_H
#define FSTAT_PAR_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define ATTR_NORETURN __attribute__((noreturn))
#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define ATTR_NORETURN
#define ATTR_PRINTF(f, a)
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

#endif
