/* SPDX-License-Identifier: BSD-2-Clause */
/* shard.c - which shard a path belongs to; see shard.h. */
#include "compat.h"

#include "shard.h"

uint64_t shard_hash(const char *path, size_t len)
{
	const unsigned char *p = (const unsigned char *)path;
	uint64_t h = UINT64_C(0xcbf29ce484222325);  /* FNV-1a offset basis */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);        /* FNV-1a 64-bit prime */
	}
	/* fmix64: FNV-1a's low bits are weak, and N is often a power of
	 * two. */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

uint32_t shard_of(const char *path, size_t len, uint32_t n)
{
	return (uint32_t)(shard_hash(path, len) % n) + 1;
}

/* A decimal number from 1 to SHARD_MAX at *P, which moves past it. */
static int parse_part(const char **p, uint32_t *out)
{
	uint64_t v = 0;
	const char *q = *p;

	if (*q < '1' || *q > '9')
		return -1;              /* no sign, no space, no leading 0 */
	for (; *q >= '0' && *q <= '9'; q++) {
		v = v * 10 + (uint64_t)(*q - '0');
		if (v > SHARD_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	*p = q;
	return 0;
}

int shard_parse(struct shard *s, const char *arg)
{
	const char *p = arg;
	uint32_t k, n;

	if (parse_part(&p, &k) < 0 || *p++ != '/' ||
	    parse_part(&p, &n) < 0 || *p != '\0' || k > n)
		return -1;
	s->k = k;
	s->n = n;
	return 0;
}
