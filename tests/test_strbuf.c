/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for strbuf.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "strbuf.h"

static void test_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	assert_null(sb.buf);
}

static void test_add(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	(void)state;
	assert_int_equal(strbuf_addstr(&sb, "abc"), 0);
	assert_int_equal(strbuf_addch(&sb, 'd'), 0);
	assert_int_equal(strbuf_add(&sb, "e\0f", 3), 0);
	assert_int_equal(sb.len, 7);
	assert_memory_equal(sb.buf, "abcde\0f", 8);
	for (i = 0; i < 10000; i++)
		assert_int_equal(strbuf_addch(&sb, 'x'), 0);
	assert_int_equal(sb.len, 10007);
	assert_int_equal(sb.buf[sb.len], '\0');
	assert_true(sb.alloc > sb.len);
	strbuf_setlen(&sb, 2);
	assert_string_equal(sb.buf, "ab");
	strbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	assert_int_equal(strbuf_addstr(&sb, "again"), 0);
	assert_string_equal(sb.buf, "again");
	strbuf_release(&sb);
}

static void test_overflow(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(strbuf_addch(&sb, 'a'), 0);
	assert_int_equal(strbuf_grow(&sb, SIZE_MAX), -1);
	assert_int_equal(sb.len, 1);
	assert_string_equal(sb.buf, "a");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
