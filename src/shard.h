/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shard.h - --shard=K/N: which files this run counts of N runs that
 * split the work between them with no coordination.
 *
 * A path belongs to shard shard_of(path, N) (from 1 to N), a function of
 * the path's bytes only: the path relative to ROOT as the selection sees
 * it (select.h), an archive entry's name, or a listed name without its
 * leading "./".  So N runs of the same command on N machines, each with
 * its own K, count every file exactly once, wherever ROOT is mounted.
 *
 * The hash is FNV-1a (64 bits) of the bytes, then MurmurHash3's fmix64
 * finalizer so that the low bits depend on every byte; the shard is that
 * modulo N, plus 1.  It is part of the interface (the man page gives it)
 * and must never change: runs of different versions must still agree.
 *
 * Safe anywhere: no state.
 */
#ifndef FSTAT_PAR_SHARD_H
#define FSTAT_PAR_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest N of --shard=K/N. */
#define SHARD_MAX UINT32_MAX

struct shard {
	uint32_t k, n;          /* n == 0: no sharding, every path counts */
};

uint64_t shard_hash(const char *path, size_t len);

/* The shard (1 to N) of PATH, LEN bytes; N must be at least 1. */
uint32_t shard_of(const char *path, size_t len, uint32_t n);

/* Whether PATH is counted by S. */
static inline bool shard_has(const struct shard *s, const char *path,
			     size_t len)
{
	return s->n <= 1 || shard_of(path, len, s->n) == s->k;
}

/*
 * Parse "K/N" (decimal, 1 <= K <= N <= SHARD_MAX) into *S: 0, or -1 for
 * anything else.
 */
int shard_parse(struct shard *s, const char *arg);

#endif
