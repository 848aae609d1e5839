/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for output.c: GNU wc's column width and total rules, the
 * structured formats and their escaping, -0, and the --summary grouping
 * (summary.c) and tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "output.h"
#include "total.h"
#include "summary.h"

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
					    !stream, i), 0);
		counts_add(&tot, &rows[i].c);
	}
	assert_int_equal(output_finish(&o, &tot, 0, n), 0);
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
	assert_int_equal(output_row(&o, "a\nb", 3, &c, true, 0), 0);
	assert_int_equal(output_finish(&o, &c, 0, 1), 0);
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
	assert_int_equal(output_row(&o, "x", 1, &c, true, 0), 0);
	assert_int_equal(output_finish(&o, &c, 0, 2), 0);
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
	assert_int_equal(output_row(&o, "a", 1, &c, true, 0), 0);
	assert_int_equal(output_finish(&o, &c, 0, 1), -1);
	output_release(&o);
	fclose(f);
}

/* ---- escaping ---- */

typedef int (*escape_fn)(struct strbuf *, const char *, size_t);

/* IN and WANT are string literals that may hold NUL bytes. */
static void expect_escape(escape_fn fn, const char *in, size_t len,
			  const char *want, size_t want_len)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(fn(&sb, in, len), 0);
	assert_int_equal(sb.len, want_len);
	if (want_len)
		assert_memory_equal(sb.buf, want, want_len);
	strbuf_release(&sb);
}

#define ESCAPE(fn, in, want) \
	expect_escape(fn, in, sizeof(in) - 1, want, sizeof(want) - 1)
#define JSON(in, want) ESCAPE(output_json_string, in, want)
#define CSV(in, want) ESCAPE(output_csv_field, in, want)
#define TSV(in, want) ESCAPE(output_tsv_field, in, want)

static void test_json_escaping(void **state)
{
	(void)state;
	JSON("", "\"\"");
	JSON("src/a.c", "\"src/a.c\"");
	JSON("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	JSON("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	/* Other controls as \u00XX, NUL included; DEL needs nothing. */
	JSON("a\001b\037\000\177", "\"a\\u0001b\\u001f\\u0000\177\"");
	/* Valid UTF-8 of every length is copied. */
	JSON("caf\303\251 \344\270\200 \360\237\230\200",
	     "\"caf\303\251 \344\270\200 \360\237\230\200\"");
	JSON("\302\200\355\237\277\356\200\200\364\217\277\277",
	     "\"\302\200\355\237\277\356\200\200\364\217\277\277\"");
}

static void test_json_invalid_utf8(void **state)
{
	(void)state;
	JSON("bad\377name", "\"bad\\udcffname\"");
	/* A lone continuation byte, an overlong NUL, C0/C1 leads. */
	JSON("\200", "\"\\udc80\"");
	JSON("\300\200", "\"\\udcc0\\udc80\"");
	JSON("\301\277", "\"\\udcc1\\udcbf\"");
	/* Overlong three- and four-byte forms. */
	JSON("\340\237\277", "\"\\udce0\\udc9f\\udcbf\"");
	JSON("\360\217\277\277", "\"\\udcf0\\udc8f\\udcbf\\udcbf\"");
	/* A surrogate, U+D800, is not valid UTF-8. */
	JSON("\355\240\200", "\"\\udced\\udca0\\udc80\"");
	/* Beyond U+10FFFF, and leads that never start a sequence. */
	JSON("\364\220\200\200", "\"\\udcf4\\udc90\\udc80\\udc80\"");
	JSON("\365\200\370\376", "\"\\udcf5\\udc80\\udcf8\\udcfe\"");
	/* Truncated at the end, and cut short by an ASCII byte. */
	JSON("a\342\202", "\"a\\udce2\\udc82\"");
	JSON("\342\202x\342\202\254", "\"\\udce2\\udc82x\342\202\254\"");
	/* A valid character right after an invalid byte survives. */
	JSON("\377\303\251", "\"\\udcff\303\251\"");
}

static void test_csv_quoting(void **state)
{
	(void)state;
	CSV("", "");
	CSV("plain name.c", "plain name.c");
	CSV("tab\there\\ 'q'", "tab\there\\ 'q'");
	CSV("a,b", "\"a,b\"");
	CSV("say \"hi\"", "\"say \"\"hi\"\"\"");
	CSV("\"", "\"\"\"\"");
	CSV("line\nbreak", "\"line\nbreak\"");
	CSV("cr\r", "\"cr\r\"");
	/* Bytes are bytes: invalid UTF-8 and NUL pass as they are. */
	CSV("bad\377", "bad\377");
	CSV("n\000,", "\"n\000,\"");
}

static void test_tsv_escaping(void **state)
{
	(void)state;
	TSV("", "");
	TSV("a b,\"c\"", "a b,\"c\"");
	TSV("a\tb", "a\\tb");
	TSV("a\nb\rc", "a\\nb\\rc");
	TSV("back\\slash\\n", "back\\\\slash\\\\n");
	/* Nothing else is touched: other controls, invalid UTF-8. */
	TSV("\001\013\377", "\001\013\377");
}

/* ---- structured formats ---- */

/* Render ROWS with a format; return malloc'd text (with its length). */
static char *render_fmt(enum output_format fmt, bool null, bool summary,
			unsigned want, enum total_mode total, size_t n,
			size_t *size)
{
	struct output o;
	struct counts tot = { 0 };
	char *text = NULL;
	FILE *f = open_memstream(&text, size);
	size_t i;

	assert_non_null(f);
	output_init(&o, f, want, total, true);
	output_set_format(&o, fmt, null, summary);
	for (i = 0; i < n; i++) {
		assert_int_equal(output_row(&o, rows[i].name,
					    strlen(rows[i].name), &rows[i].c,
					    true, i), 0);
		counts_add(&tot, &rows[i].c);
	}
	assert_int_equal(output_finish(&o, &tot, 0, n), 0);
	output_release(&o);
	fclose(f);
	return text;
}

static void expect_fmt(enum output_format fmt, bool null, unsigned want,
		       enum total_mode total, size_t n, const char *want_text,
		       size_t want_len)
{
	size_t size = 0;
	char *got = render_fmt(fmt, null, false, want, total, n, &size);

	assert_int_equal(size, want_len);
	assert_memory_equal(got, want_text, want_len);
	free(got);
}

#define EXPECT_FMT(fmt, null, want, total, n, text) \
	expect_fmt(fmt, null, want, total, n, text, sizeof(text) - 1)

static void test_tsv_and_csv(void **state)
{
	(void)state;
	EXPECT_FMT(FORMAT_TSV, false, LWC, TOTAL_AUTO, 2,
		   "type\tname\tlines\twords\tbytes\n"
		   "file\td/a\t1\t2\t12\n"
		   "file\td/b\t30\t200\t1004\n"
		   "total\t\t31\t202\t1016\n");
	EXPECT_FMT(FORMAT_CSV, false,
		   COUNT_WANT_CHARS | COUNT_WANT_MAXLEN | COUNT_WANT_MATCHES,
		   TOTAL_NEVER, 2,
		   "type,name,chars,max_line_length,matches\r\n"
		   "file,d/a,12,11,0\r\n"
		   "file,d/b,1000,70,5\r\n");
	/* The header always, even with nothing to print. */
	EXPECT_FMT(FORMAT_CSV, false, COUNT_WANT_LINES, TOTAL_AUTO, 0,
		   "type,name,lines\r\n");
	EXPECT_FMT(FORMAT_TSV, false, COUNT_WANT_LINES, TOTAL_ONLY, 2,
		   "type\tname\tlines\ntotal\t\t31\n");
	/* -0: NUL-ended rows, the name last. */
	EXPECT_FMT(FORMAT_TSV, true, COUNT_WANT_LINES, TOTAL_ALWAYS, 1,
		   "type\tlines\tname\0"
		   "file\t1\td/a\0"
		   "total\t1\t\0");
}

static void test_json_and_jsonl(void **state)
{
	(void)state;
	EXPECT_FMT(FORMAT_JSON, false, LWC, TOTAL_AUTO, 2,
		   "{\n"
		   "  \"files\": [\n"
		   "    {\"name\": \"d/a\", \"lines\": 1, \"words\": 2, "
		   "\"bytes\": 12},\n"
		   "    {\"name\": \"d/b\", \"lines\": 30, \"words\": 200, "
		   "\"bytes\": 1004}\n"
		   "  ],\n"
		   "  \"total\": {\"lines\": 31, \"words\": 202, "
		   "\"bytes\": 1016}\n"
		   "}\n");
	EXPECT_FMT(FORMAT_JSON, false, COUNT_WANT_BYTES, TOTAL_AUTO, 0,
		   "{\n  \"files\": []\n}\n");
	EXPECT_FMT(FORMAT_JSON, false, COUNT_WANT_BYTES, TOTAL_ONLY, 2,
		   "{\n  \"total\": {\"bytes\": 1016}\n}\n");
	EXPECT_FMT(FORMAT_JSON, false, COUNT_WANT_BYTES, TOTAL_ALWAYS, 0,
		   "{\n  \"files\": [],\n  \"total\": {\"bytes\": 0}\n}\n");
	EXPECT_FMT(FORMAT_JSONL, false,
		   COUNT_WANT_MAXLEN | COUNT_WANT_MATCHES, TOTAL_ALWAYS, 1,
		   "{\"type\": \"file\", \"name\": \"d/a\", "
		   "\"max_line_length\": 11, \"matches\": 0, \"index\": 0}\n"
		   "{\"type\": \"total\", \"max_line_length\": 11, "
		   "\"matches\": 0}\n");
	EXPECT_FMT(FORMAT_JSONL, false, COUNT_WANT_LINES, TOTAL_NEVER, 0, "");
}

/* jsonl's first line, the run record --merge reads (runmerge.h): every
 * member, with the selection's strings escaped as names are. */
static void test_jsonl_run_record(void **state)
{
	static const char *const sel[] = { "--exclude=b\"s", "--", "*.c" };
	struct run_info info = {
		.shard = { 2, 3 },
		.source = "directory",
		.root = "src\n",
		.selection = sel,
		.nselection = 3,
		.mode = "bytes-posix",
		.errors = 4,
	};
	struct output o;
	struct counts c = { 1, 2, 3, 4, 5, 6 }, tot = { 0 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	(void)state;
	assert_non_null(f);
	output_init(&o, f, COUNT_WANT_LINES | COUNT_WANT_CHARS, TOTAL_AUTO,
		    false);
	output_set_format(&o, FORMAT_JSONL, false, false);
	output_set_run(&o, &info);
	assert_int_equal(output_row(&o, "src\n/a", 6, &c, true, 7), 0);
	assert_int_equal(output_row(&o, "-", 1, &c, false, 9), 0);
	counts_add(&tot, &c);
	counts_add(&tot, &c);
	assert_int_equal(output_finish(&o, &tot, 0, 3), 0);
	output_release(&o);
	fclose(f);
	assert_string_equal(text,
		"{\"type\": \"run\", \"version\": 2, \"shard\": \"2/3\", "
		"\"source\": \"directory\", \"root\": \"src\\n\", "
		"\"selection\": [\"--exclude=b\\\"s\", \"--\", \"*.c\"], "
		"\"mode\": \"bytes-posix\", "
		"\"columns\": [\"lines\", \"chars\"], "
		"\"inputs\": 3, \"errors\": 4, \"regular_bytes\": 4, "
		"\"stream_input\": true, \"unpadded\": false}\n"
		"{\"type\": \"file\", \"name\": \"src\\n/a\", \"lines\": 1, "
		"\"chars\": 3, \"index\": 7}\n"
		"{\"type\": \"file\", \"name\": \"-\", \"lines\": 1, "
		"\"chars\": 3, \"index\": 9}\n"
		"{\"type\": \"total\", \"lines\": 2, \"chars\": 6}\n");
	free(text);
}

/*
 * A total that saturated (total.h) is reported, as GNU wc does, between
 * the rows and the total, for the printed columns only, and only when the
 * total is printed; both streams go to one memstream to see the order.
 */
static char *render_overflow(unsigned want, enum total_mode total,
			     enum output_format format, bool *reported)
{
	struct output o;
	struct counts c = { 0, 0, 1, UINT64_C(1) << 63, 0, 0 };
	struct counts tot = { 0 };
	unsigned over = 0;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	assert_non_null(f);
	output_init(&o, f, want, total, false);
	output_set_format(&o, format, false, false);
	o.diag = f;
	assert_int_equal(output_row(&o, "a", 1, &c, true, 0), 0);
	over |= total_add(&tot, &c);
	assert_int_equal(output_row(&o, "b", 1, &c, true, 1), 0);
	over |= total_add(&tot, &c);
	assert_int_equal(over, COUNT_WANT_BYTES);
	assert_int_equal(tot.bytes, UINT64_MAX);
	assert_int_equal(output_finish(&o, &tot, over, 2), 0);
	*reported = o.overflowed;
	output_release(&o);
	fclose(f);
	return text;
}

static void test_overflow(void **state)
{
	bool reported;
	char *text;

	(void)state;
	text = render_overflow(COUNT_WANT_BYTES, TOTAL_AUTO, FORMAT_TEXT,
			       &reported);
	assert_true(reported);
	/* The width of the saturated sum of sizes: 20 digits. */
	assert_string_equal(text,
		" 9223372036854775808 a\n"
		" 9223372036854775808 b\n"
		"fstat-par: total bytes: Value too large for defined data "
		"type\n"
		"18446744073709551615 total\n");
	free(text);

	text = render_overflow(COUNT_WANT_BYTES, TOTAL_NEVER, FORMAT_TEXT,
			       &reported);
	assert_false(reported);
	assert_string_equal(text,
		" 9223372036854775808 a\n"
		" 9223372036854775808 b\n");
	free(text);

	/* Chars did not saturate, and a column not printed is not
	 * reported. */
	text = render_overflow(COUNT_WANT_CHARS, TOTAL_ONLY, FORMAT_TEXT,
			       &reported);
	assert_false(reported);
	assert_string_equal(text, "2\n");
	free(text);

	text = render_overflow(COUNT_WANT_BYTES, TOTAL_ONLY, FORMAT_JSON,
			       &reported);
	assert_true(reported);
	assert_string_equal(text,
		"fstat-par: total bytes: Value too large for defined data "
		"type\n"
		"{\n  \"total\": {\"bytes\": 18446744073709551615}\n}\n");
	free(text);
}

/* -0 in text: names as they are, rows ended by NUL. */
static void test_text_null(void **state)
{
	struct output o;
	struct counts c = { 1, 1, 2, 2, 1, 0 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	(void)state;
	output_init(&o, f, COUNT_WANT_LINES, TOTAL_ALWAYS, false);
	output_set_format(&o, FORMAT_TEXT, true, false);
	assert_int_equal(output_row(&o, "a\nb\377", 4, &c, true, 0), 0);
	assert_int_equal(output_finish(&o, &c, 0, 1), 0);
	output_release(&o);
	fclose(f);
	assert_int_equal(size, 15);
	assert_memory_equal(text, "1 a\nb\377\0" "1 total\0", 15);
	free(text);
}

static void test_archive_fields(void **state)
{
	struct output o;
	struct counts c = { 3, 0, 0, 0, 0, 0 };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	(void)state;
	output_init(&o, f, COUNT_WANT_LINES, TOTAL_NEVER, false);
	output_set_format(&o, FORMAT_CSV, false, false);
	output_set_archive(&o, "x.tar", 6);
	assert_int_equal(output_row(&o, "x.tar/d/e,f", 11, &c, true, 0), 0);
	assert_int_equal(output_finish(&o, &c, 0, 1), 0);
	output_release(&o);
	fclose(f);
	assert_string_equal(text, "type,name,archive,entry,lines\r\n"
			    "file,\"x.tar/d/e,f\",x.tar,\"d/e,f\",3\r\n");
	free(text);
}

/* ---- --summary ---- */

static void expect_ext(const char *name, const char *want)
{
	size_t len = 0;
	const char *ext = summary_extension(name, strlen(name), &len);

	if (!want) {
		assert_null(ext);
		return;
	}
	assert_non_null(ext);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(ext, want, len);
}

static void test_extension_rule(void **state)
{
	(void)state;
	expect_ext("a.c", "c");
	expect_ext("dir/x.tar.gz", "gz");
	expect_ext("dir.d/Makefile", NULL);
	expect_ext("src/.bashrc", NULL);
	expect_ext(".bashrc", NULL);
	expect_ext("notes.", NULL);
	expect_ext("a/..x", "x");
	expect_ext("..", NULL);
	expect_ext("-", NULL);
	expect_ext("a.C", "C");
	expect_ext("arc.tar/.hidden.md", "md");
}

static void test_summary_groups(void **state)
{
	static const struct row in[] = {
		{ "t/a.c", { 10, 20, 0, 100, 7, 1 } },
		{ "t/b.h", { 50, 1, 0, 5, 9, 0 } },
		{ "t/c.c", { 5, 5, 0, 50, 30, 2 } },
		{ "t/Makefile", { 1, 1, 0, 1, 1, 0 } },
		{ "t/.bashrc", { 1, 1, 0, 1, 1, 0 } },
		{ "t/A.C", { 15, 0, 0, 0, 0, 0 } },
	};
	struct summary s = SUMMARY_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(in); i++)
		assert_int_equal(summary_add(&s, in[i].name,
					     strlen(in[i].name), &in[i].c), 0);
	summary_sort(&s, COUNT_WANT_LINES | COUNT_WANT_BYTES);
	assert_int_equal(s.n, 4);
	/* By lines, largest first; ties (.C and .c) in byte order. */
	assert_string_equal(s.groups[0].key, ".h");
	assert_string_equal(s.groups[1].key, ".C");
	assert_string_equal(s.groups[2].key, ".c");
	assert_int_equal(s.groups[2].files, 2);
	assert_int_equal(s.groups[2].c.lines, 15);
	assert_int_equal(s.groups[2].c.bytes, 150);
	assert_int_equal(s.groups[2].c.maxlen, 30);
	assert_int_equal(s.groups[2].c.matches, 3);
	assert_string_equal(s.groups[3].key, SUMMARY_NONE);
	assert_int_equal(s.groups[3].files, 2);
	summary_release(&s);

	/* Without lines, the first column selected sorts. */
	for (i = 0; i < ARRAY_SIZE(in); i++)
		assert_int_equal(summary_add(&s, in[i].name,
					     strlen(in[i].name), &in[i].c), 0);
	summary_sort(&s, COUNT_WANT_BYTES | COUNT_WANT_MAXLEN);
	assert_string_equal(s.groups[0].key, ".c");
	assert_string_equal(s.groups[1].key, ".h");
	assert_string_equal(s.groups[2].key, SUMMARY_NONE);
	assert_string_equal(s.groups[3].key, ".C");
	summary_release(&s);
}

/* Bounded: long extensions and those beyond the cap go to (other). */
static void test_summary_bounded(void **state)
{
	struct summary s = SUMMARY_INIT;
	struct counts c = { 1, 0, 0, 0, 0, 0 };
	char name[64];
	size_t i;

	(void)state;
	assert_int_equal(summary_add(&s, "f.0123456789abcdef", 18, &c), 0);
	assert_int_equal(summary_add(&s, "f.0123456789abcdefg", 19, &c), 0);
	for (i = 0; i < SUMMARY_MAX_EXTS + 10; i++) {
		int n = snprintf(name, sizeof(name), "d/f.e%zu", i);

		assert_int_equal(summary_add(&s, name, (size_t)n, &c), 0);
	}
	/* Those already in keep counting once the table is full. */
	assert_int_equal(summary_add(&s, "x.e5", 4, &c), 0);
	assert_int_equal(summary_add(&s, "x", 1, &c), 0);
	summary_sort(&s, COUNT_WANT_LINES);
	assert_int_equal(s.n, SUMMARY_MAX_EXTS + 2);
	assert_string_equal(s.groups[0].key, SUMMARY_OTHER);
	/* The 17-byte extension, and the 11 that found the table full. */
	assert_int_equal(s.groups[0].files, 12);
	assert_string_equal(s.groups[1].key, ".e5");
	assert_int_equal(s.groups[1].files, 2);
	summary_release(&s);
}

static void test_summary_text_table(void **state)
{
	size_t size = 0;
	char *got = render_fmt(FORMAT_TEXT, false, true, LWC, TOTAL_AUTO, 2,
			       &size);

	(void)state;
	assert_string_equal(got,
			    "   1    2   12 d/a\n"
			    "  30  200 1004 d/b\n"
			    "  31  202 1016 total\n"
			    "\n"
			    "files lines words bytes extension\n"
			    "    2    31   202  1016 (none)\n");
	free(got);
	got = render_fmt(FORMAT_TEXT, false, true, COUNT_WANT_MAXLEN,
			 TOTAL_ONLY, 2, &size);
	assert_string_equal(got,
			    "70\n"
			    "\n"
			    "files max_line_length extension\n"
			    "    2              70 (none)\n");
	free(got);
}

static void test_summary_structured(void **state)
{
	size_t size = 0;
	char *got = render_fmt(FORMAT_CSV, false, true, COUNT_WANT_LINES,
			       TOTAL_AUTO, 2, &size);

	(void)state;
	assert_string_equal(got,
			    "type,name,extension,files,lines\r\n"
			    "file,d/a,,,1\r\n"
			    "file,d/b,,,30\r\n"
			    "total,,,,31\r\n"
			    "summary,,(none),2,31\r\n");
	free(got);
	got = render_fmt(FORMAT_JSON, false, true, COUNT_WANT_LINES,
			 TOTAL_NEVER, 1, &size);
	assert_string_equal(got,
			    "{\n"
			    "  \"files\": [\n"
			    "    {\"name\": \"d/a\", \"lines\": 1}\n"
			    "  ],\n"
			    "  \"summary\": [\n"
			    "    {\"extension\": \"(none)\", \"files\": 1, "
			    "\"lines\": 1}\n"
			    "  ]\n"
			    "}\n");
	free(got);
	got = render_fmt(FORMAT_JSONL, false, true, COUNT_WANT_LINES,
			 TOTAL_ONLY, 0, &size);
	assert_string_equal(got, "{\"type\": \"total\", \"lines\": 0}\n");
	free(got);
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
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_json_invalid_utf8),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_tsv_escaping),
		cmocka_unit_test(test_tsv_and_csv),
		cmocka_unit_test(test_json_and_jsonl),
		cmocka_unit_test(test_jsonl_run_record),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_text_null),
		cmocka_unit_test(test_archive_fields),
		cmocka_unit_test(test_extension_rule),
		cmocka_unit_test(test_summary_groups),
		cmocka_unit_test(test_summary_bounded),
		cmocka_unit_test(test_summary_text_table),
		cmocka_unit_test(test_summary_structured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
