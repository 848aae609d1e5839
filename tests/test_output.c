/* Unit tests for output.c: GNU wc's column width and total rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

struct row {
	const char *name;
	struct counts c;
};

static const struct row rows[] = {
	{ "d/a", { 1, 2, 12, 12, 11, 0 } },
	{ "d/b", { 30, 200, 1000, 1004, 70, 5 } },
};

/* Render ROWS (the first N) with WANT and TOTAL; return malloc'd text. */
static char *render(unsigned want, enum total_mode total, size_t n,
		    bool stream)
{
	struct output o;
	struct counts tot = { 0 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	size_t i;

	assert_non_null(f);
	output_init(&o, f, want, total, true);
	for (i = 0; i < n; i++) {
		assert_int_equal(output_row(&o, rows[i].name,
					    strlen(rows[i].name), &rows[i].c,
					    !stream), 0);
		counts_add(&tot, &rows[i].c);
	}
	assert_int_equal(output_finish(&o, &tot, n), 0);
	output_release(&o);
	fclose(f);
	return text;
}

static void expect(unsigned want, enum total_mode total, size_t n,
		   bool stream, const char *want_text)
{
	char *got = render(want, total, n, stream);

	assert_string_equal(got, want_text);
	free(got);
}

#define LWC (COUNT_WANT_LINES | COUNT_WANT_WORDS | COUNT_WANT_BYTES)

static void test_width_from_total_bytes(void **state)
{
	(void)state;
	/* 1016 bytes in all: four digits. */
	expect(LWC, TOTAL_AUTO, 2, false,
	       "   1    2   12 d/a\n"
	       "  30  200 1004 d/b\n"
	       "  31  202 1016 total\n");
}

static void test_all_columns_in_order(void **state)
{
	(void)state;
	expect(COUNT_WANT_ALL, TOTAL_NEVER, 2, false,
	       "   1    2   12   12   11 d/a\n"
	       "  30  200 1000 1004   70 d/b\n");
}

/* --count-matches: a column after all of wc's, summed in the total. */
static void test_matches_column_last(void **state)
{
	(void)state;
	expect(COUNT_WANT_MAXLEN | COUNT_WANT_MATCHES | COUNT_WANT_LINES,
	       TOTAL_AUTO, 2, false,
	       "   1   11    0 d/a\n"
	       "  30   70    5 d/b\n"
	       "  31   70    5 total\n");
	expect(COUNT_WANT_MATCHES, TOTAL_ONLY, 2, false, "5\n");
	/* One input, two columns: padded. */
	expect(COUNT_WANT_BYTES | COUNT_WANT_MATCHES, TOTAL_AUTO, 1, false,
	       "12  0 d/a\n");
}

static void test_single_input_single_column(void **state)
{
	(void)state;
	/* GNU wc: one input, one column: no padding at all. */
	expect(COUNT_WANT_BYTES, TOTAL_AUTO, 1, false, "12 d/a\n");
	/* One input, several columns: the width of its byte count. */
	expect(LWC, TOTAL_AUTO, 1, false, " 1  2 12 d/a\n");
}

static void test_total_modes(void **state)
{
	(void)state;
	expect(COUNT_WANT_LINES, TOTAL_ALWAYS, 1, false,
	       "1 d/a\n1 total\n");
	expect(COUNT_WANT_LINES, TOTAL_NEVER, 2, false,
	       "   1 d/a\n  30 d/b\n");
	expect(LWC, TOTAL_ONLY, 2, false, "31 202 1016\n");
	/* auto: a total only for more than one input. */
	expect(COUNT_WANT_LINES, TOTAL_AUTO, 0, false, "");
	expect(COUNT_WANT_LINES, TOTAL_ALWAYS, 0, false, "0 total\n");
}

static void test_stream_min_width(void **state)
{
	(void)state;
	/* A non-regular input has no size: at least 7, as GNU wc. */
	expect(LWC, TOTAL_NEVER, 1, true, "      1       2      12 d/a\n");
}

static void test_quoted_name(void **state)
{
	struct output o;
	struct counts c = { 1, 1, 2, 2, 1, 0 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	(void)state;
	output_init(&o, f, COUNT_WANT_LINES, TOTAL_NEVER, false);
	assert_int_equal(output_row(&o, "a\nb", 3, &c, true), 0);
	assert_int_equal(output_finish(&o, &c, 1), 0);
	output_release(&o);
	fclose(f);
	assert_string_equal(text, "1 'a'$'\\n''b'\n");
	free(text);
}

static void test_large_numbers(void **state)
{
	struct output o;
	struct counts c = { UINT64_MAX, 0, 10, 1000000007, 9, 0 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	(void)state;
	output_init(&o, f, COUNT_WANT_ALL, TOTAL_NEVER, false);
	assert_int_equal(output_row(&o, "x", 1, &c, true), 0);
	assert_int_equal(output_finish(&o, &c, 2), 0);
	output_release(&o);
	fclose(f);
	/* Ten digits wide (the byte count); wider numbers overflow it. */
	assert_string_equal(text, "18446744073709551615          0         10 "
			    "1000000007          9 x\n");
	free(text);
}

static void test_write_error(void **state)
{
	struct output o;
	struct counts c = { 1, 1, 2, 2, 1, 0 };
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(f);
	output_init(&o, f, COUNT_WANT_LINES, TOTAL_NEVER, false);
	assert_int_equal(output_row(&o, "a", 1, &c, true), 0);
	assert_int_equal(output_finish(&o, &c, 1), -1);
	output_release(&o);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_from_total_bytes),
		cmocka_unit_test(test_all_columns_in_order),
		cmocka_unit_test(test_matches_column_last),
		cmocka_unit_test(test_single_input_single_column),
		cmocka_unit_test(test_total_modes),
		cmocka_unit_test(test_stream_min_width),
		cmocka_unit_test(test_quoted_name),
		cmocka_unit_test(test_large_numbers),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
