/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for total.c: sums that saturate, and which columns did. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "total.h"

static void test_add(void **state)
{
	struct counts a = { 1, 2, 3, 4, 5, 6 };
	struct counts b = { 10, 20, 30, 40, 3, 60 };

	(void)state;
	assert_int_equal(total_add(&a, &b), 0);
	assert_int_equal(a.lines, 11);
	assert_int_equal(a.words, 22);
	assert_int_equal(a.chars, 33);
	assert_int_equal(a.bytes, 44);
	assert_int_equal(a.maxlen, 5);          /* the larger, not a sum */
	assert_int_equal(a.matches, 66);
	b.maxlen = 9;
	assert_int_equal(total_add(&a, &b), 0);
	assert_int_equal(a.maxlen, 9);
}

/* Eight 2 EiB files: the eighth makes 2^64, one past the top. */
static void test_saturate(void **state)
{
	struct counts t = { 0 }, f = { 0 };
	unsigned over = 0;
	int i;

	(void)state;
	f.bytes = f.chars = UINT64_C(1) << 61;
	for (i = 0; i < 7; i++)
		over |= total_add(&t, &f);
	assert_int_equal(over, 0);
	assert_true(t.bytes == UINT64_MAX - (UINT64_C(1) << 61) + 1);
	over |= total_add(&t, &f);
	assert_int_equal(over, COUNT_WANT_BYTES | COUNT_WANT_CHARS);
	assert_true(t.bytes == UINT64_MAX);
	assert_true(t.chars == UINT64_MAX);
	/* It stays at the top, and says so again. */
	assert_int_equal(total_add(&t, &f), COUNT_WANT_BYTES | COUNT_WANT_CHARS);
	assert_true(t.bytes == UINT64_MAX);
	/* Adding nothing to a saturated sum is no new overflow. */
	memset(&f, 0, sizeof(f));
	assert_int_equal(total_add(&t, &f), 0);
	assert_int_equal(total_saturated(&t),
			 COUNT_WANT_BYTES | COUNT_WANT_CHARS);
}

static void test_every_field(void **state)
{
	struct counts t, one = { 1, 1, 1, 1, 1, 1 };

	(void)state;
	memset(&t, 0xff, sizeof(t));
	assert_int_equal(total_add(&t, &one),
			 COUNT_WANT_LINES | COUNT_WANT_WORDS |
			 COUNT_WANT_CHARS | COUNT_WANT_BYTES |
			 COUNT_WANT_MATCHES);
	assert_true(t.maxlen == UINT64_MAX);
}

static void test_u64(void **state)
{
	uint64_t s = UINT64_MAX - 1;

	(void)state;
	assert_false(total_add_u64(&s, 1));
	assert_true(s == UINT64_MAX);
	assert_true(total_add_u64(&s, 1));
	assert_true(s == UINT64_MAX);
	s = 5;
	assert_false(total_add_u64(&s, 0));
	assert_int_equal(s, 5);
}

/* GNU wc's words, in its order. */
static void test_names(void **state)
{
	(void)state;
	assert_string_equal(total_name(COUNT_WANT_LINES), "lines");
	assert_string_equal(total_name(COUNT_WANT_WORDS), "words");
	assert_string_equal(total_name(COUNT_WANT_CHARS), "characters");
	assert_string_equal(total_name(COUNT_WANT_BYTES), "bytes");
	assert_string_equal(total_name(COUNT_WANT_MATCHES), "matches");
	assert_null(total_name(COUNT_WANT_MAXLEN));
	assert_null(total_name(0));
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_saturate),
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
