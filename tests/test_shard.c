/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for shard.c: the hash is pinned (runs of different versions
 * must agree on every path's shard), shards partition any set of paths
 * evenly, and K/N is parsed strictly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "shard.h"

/* Values computed with an independent implementation (Python) of
 * FNV-1a 64 followed by MurmurHash3's fmix64. */
static void test_hash_pinned(void **state)
{
	static const struct {
		const char *path;
		size_t len;
		uint64_t hash;
		uint32_t of2, of3, of4, of8;
	} cases[] = {
		{ "", 0, UINT64_C(0xefd01f60ba992926), 1, 3, 3, 7 },
		{ "a", 1, UINT64_C(0x82a2a958a9bece5b), 2, 3, 4, 4 },
		{ "src/main.c", 10, UINT64_C(0x1ab7cc6cf265aeed), 2, 1, 2, 6 },
		{ "d\377/\n x", 6, UINT64_C(0xc95f3a13766be9d8), 1, 1, 1, 1 },
		{ "docs/README.md", 14, UINT64_C(0x85d9c20d122d0df2),
		  1, 3, 3, 3 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(shard_hash(cases[i].path, cases[i].len),
				 cases[i].hash);
		assert_int_equal(shard_of(cases[i].path, cases[i].len, 1), 1);
		assert_int_equal(shard_of(cases[i].path, cases[i].len, 2),
				 cases[i].of2);
		assert_int_equal(shard_of(cases[i].path, cases[i].len, 3),
				 cases[i].of3);
		assert_int_equal(shard_of(cases[i].path, cases[i].len, 4),
				 cases[i].of4);
		assert_int_equal(shard_of(cases[i].path, cases[i].len, 8),
				 cases[i].of8);
	}
}

/* Every path in exactly one shard, and the shards near equal in size on
 * paths that differ in one digit only (a tree's typical names). */
static void test_partition(void **state)
{
	static const uint32_t ns[] = { 1, 2, 3, 7, 8, 16, 100 };
	enum { NPATHS = 100000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		uint32_t n = ns[i], k, counts[100] = { 0 };
		double expect = (double)NPATHS / n;
		int p;

		for (p = 0; p < NPATHS; p++) {
			char path[64];
			int len = snprintf(path, sizeof(path),
					   "src/dir%d/file%05d.c", p % 37, p);
			uint32_t s = shard_of(path, (size_t)len, n);
			struct shard sh = { 0, n };
			uint32_t owners = 0;

			assert_true(s >= 1 && s <= n);
			counts[s - 1]++;
			for (k = 1; k <= n; k++) {
				sh.k = k;
				owners += shard_has(&sh, path, (size_t)len);
			}
			assert_int_equal(owners, 1);
		}
		/* Within 5 standard deviations of even, as a binomial
		 * count: a fair hash fails that once in millions. */
		for (k = 0; k < n; k++) {
			double sd = sqrt(expect * (1.0 - 1.0 / n));

			assert_true(counts[k] >= expect - 5 * sd);
			assert_true(counts[k] <= expect + 5 * sd);
		}
	}
}

static void test_no_sharding(void **state)
{
	struct shard none = { 0, 0 }, one = { 1, 1 };

	(void)state;
	assert_true(shard_has(&none, "x", 1));
	assert_true(shard_has(&one, "x", 1));
	assert_true(shard_has(&one, "", 0));
}

static void test_parse(void **state)
{
	static const struct {
		const char *arg;
		int ok;
		uint32_t k, n;
	} cases[] = {
		{ "1/1", 1, 1, 1 },
		{ "3/8", 1, 3, 8 },
		{ "8/8", 1, 8, 8 },
		{ "1/4294967295", 1, 1, UINT32_MAX },
		{ "4294967295/4294967295", 1, UINT32_MAX, UINT32_MAX },
		{ "0/3", 0, 0, 0 },
		{ "4/3", 0, 0, 0 },
		{ "1/0", 0, 0, 0 },
		{ "1/4294967296", 0, 0, 0 },
		{ "01/3", 0, 0, 0 },
		{ "1/03", 0, 0, 0 },
		{ "+1/3", 0, 0, 0 },
		{ "-1/3", 0, 0, 0 },
		{ " 1/3", 0, 0, 0 },
		{ "1/3 ", 0, 0, 0 },
		{ "1 /3", 0, 0, 0 },
		{ "1/", 0, 0, 0 },
		{ "/3", 0, 0, 0 },
		{ "1", 0, 0, 0 },
		{ "1/2/3", 0, 0, 0 },
		{ "1:3", 0, 0, 0 },
		{ "", 0, 0, 0 },
		{ "99999999999999999999/1", 0, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct shard s = { 77, 77 };
		int rc = shard_parse(&s, cases[i].arg);

		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(s.k, cases[i].k);
			assert_int_equal(s.n, cases[i].n);
		} else {
			if (rc != -1)
				fail_msg("'%s' was accepted", cases[i].arg);
			/* Left as it was. */
			assert_int_equal(s.k, 77);
			assert_int_equal(s.n, 77);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_pinned),
		cmocka_unit_test(test_partition),
		cmocka_unit_test(test_no_sharding),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
