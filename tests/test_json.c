/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for json.c: the grammar of RFC 8259 and its edges, the
 * decoding of strings (surrogate pairs, surrogateescape bytes, NUL), the
 * errors and their offsets, the limits (depth, size), and a round trip
 * through output_json_string() (output.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "json.h"
#include "output.h"
#include "strbuf.h"

/* A string literal and its length, NUL bytes included. */
#define S(lit) lit, sizeof(lit) - 1

static const struct json_value *parse_ok(struct json_doc *doc,
					 const char *text, size_t len)
{
	const struct json_value *v = json_parse(doc, text, len);

	if (!v)
		fail_msg("%.*s: %s at byte %zu", (int)len, text, doc->error,
			 doc->offset);
	return v;
}

static void expect_error(struct json_doc *doc, const char *text, size_t len,
			 const char *error, size_t offset)
{
	errno = 0;
	if (json_parse(doc, text, len))
		fail_msg("%.*s: parsed, expected \"%s\"", (int)len, text,
			 error);
	assert_int_equal(errno, EINVAL);
	if (strcmp(doc->error, error) != 0 || doc->offset != offset)
		fail_msg("%.*s: got \"%s\" at %zu, expected \"%s\" at %zu",
			 (int)len, text, doc->error, doc->offset, error,
			 offset);
}

static void test_literals(void **state)
{
	struct json_doc doc;
	const struct json_value *v;

	(void)state;
	json_doc_init(&doc);
	v = parse_ok(&doc, S("null"));
	assert_int_equal(v->type, JSON_NULL);
	v = parse_ok(&doc, S(" \t\r\ntrue\n"));
	assert_int_equal(v->type, JSON_BOOL);
	assert_true(v->b);
	v = parse_ok(&doc, S("false"));
	assert_int_equal(v->type, JSON_BOOL);
	assert_false(v->b);
	/* Not NUL-terminated: only LEN bytes count. */
	v = parse_ok(&doc, "nullnull", 4);
	assert_int_equal(v->type, JSON_NULL);
	json_doc_release(&doc);
}

static const struct {
	const char *text;
	bool is_uint;
	uint64_t u;
} numbers[] = {
	{ "0", true, 0 },
	{ "1", true, 1 },
	{ " 42 ", true, 42 },
	{ "123456789", true, 123456789 },
	{ "18446744073709551615", true, UINT64_MAX },
	{ "18446744073709551616", false, 0 },
	{ "18446744073709551620", false, 0 },
	{ "99999999999999999999999999", false, 0 },
	{ "-0", false, 0 },
	{ "-1", false, 0 },
	{ "-18446744073709551615", false, 0 },
	{ "1e5", false, 0 },
	{ "1E+2", false, 0 },
	{ "1e-2", false, 0 },
	{ "0e0", false, 0 },
	{ "1.5", false, 0 },
	{ "0.0", false, 0 },
	{ "-0.25e-10", false, 0 },
	{ "10.000", false, 0 },
};

static void test_numbers(void **state)
{
	struct json_doc doc;
	size_t i;

	(void)state;
	json_doc_init(&doc);
	for (i = 0; i < ARRAY_SIZE(numbers); i++) {
		const struct json_value *v =
			parse_ok(&doc, numbers[i].text,
				 strlen(numbers[i].text));

		assert_int_equal(v->type, JSON_NUMBER);
		if (v->is_uint != numbers[i].is_uint)
			fail_msg("%s: is_uint %d", numbers[i].text,
				 v->is_uint);
		if (v->is_uint)
			assert_true(v->u == numbers[i].u);
	}
	json_doc_release(&doc);
}

static const struct {
	const char *text;
	size_t len;
	const char *want;
	size_t wlen;
} strings[] = {
	{ S("\"\""), S("") },
	{ S("\"abc\""), S("abc") },
	{ S("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""), S("\"\\/\b\f\n\r\t") },
	{ S("\"a\\nb\""), S("a\nb") },
	{ S("\"\\u0041\\u00e9\\u20AC\""), S("A\xc3\xa9\xe2\x82\xac") },
	{ S("\"\\u007f\\u0080\\u07ff\\u0800\\uFFFF\""),
	  S("\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf") },
	/* Surrogate pairs, in either case. */
	{ S("\"\\ud83d\\ude00\""), S("\xf0\x9f\x98\x80") },
	{ S("\"\\uD83D\\uDE00\""), S("\xf0\x9f\x98\x80") },
	{ S("\"\\ud800\\udc00\""), S("\xf0\x90\x80\x80") },
	{ S("\"\\udbff\\udfff\""), S("\xf4\x8f\xbf\xbf") },
	/* A high surrogate takes \udc80 as its pair, not as a byte. */
	{ S("\"\\ud800\\udc80\""), S("\xf0\x90\x82\x80") },
	/* surrogateescape: a lone \udcXX, XX >= 80, is that byte. */
	{ S("\"\\udc80\""), S("\x80") },
	{ S("\"\\udcff\""), S("\xff") },
	{ S("\"\\uDCFF\""), S("\xff") },
	{ S("\"caf\\udce9.txt\""), S("caf\xe9.txt") },
	{ S("\"\\udcc3\\udca9\""), S("\xc3\xa9") },
	{ S("\"\\udce9\\udc80\\ud83d\\ude00\""),
	  S("\xe9\x80\xf0\x9f\x98\x80") },
	/* NUL from \u0000, counted in len. */
	{ S("\"\\u0000\""), S("\0") },
	{ S("\"a\\u0000b\""), S("a\0b") },
	/* Raw UTF-8, up to U+10FFFF, and DEL, are taken as they are. */
	{ S("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\""),
	  S("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") },
	{ S("\"\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80\""),
	  S("\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80") },
	{ S("\"\x7f\""), S("\x7f") },
	{ S("  \"x\"\r\n"), S("x") },
};

static void test_strings(void **state)
{
	struct json_doc doc;
	size_t i;

	(void)state;
	json_doc_init(&doc);
	for (i = 0; i < ARRAY_SIZE(strings); i++) {
		const struct json_value *v =
			parse_ok(&doc, strings[i].text, strings[i].len);

		assert_int_equal(v->type, JSON_STRING);
		if (v->len != strings[i].wlen ||
		    memcmp(v->s, strings[i].want, v->len) != 0)
			fail_msg("%s: decoded wrong (%zu bytes)",
				 strings[i].text, v->len);
		assert_int_equal(v->s[v->len], '\0');
	}
	json_doc_release(&doc);
}

static const struct {
	const char *text;
	size_t len;
	const char *error;
	size_t offset;
} bad[] = {
	/* Nothing, or not one value. */
	{ S(""), "unexpected end of input", 0 },
	{ S("   "), "unexpected end of input", 3 },
	{ S("]"), "unexpected character ']'", 0 },
	{ S("\v1"), "unexpected byte 0x0b", 0 },
	{ S("\xef\xbb\xbf{}"), "unexpected byte 0xef", 0 },
	{ S("1 2"), "unexpected character '2' after the value", 2 },
	{ S("{} x"), "unexpected character 'x' after the value", 3 },
	{ S("\"a\"\0"), "unexpected byte 0x00 after the value", 3 },
	{ S("1 // no comments"),
	  "unexpected character '/' after the value", 2 },
	/* Literals. */
	{ S("nul"), "invalid literal", 0 },
	{ S("tru"), "invalid literal", 0 },
	{ S("nullx"), "invalid literal", 0 },
	{ S("True"), "invalid literal", 0 },
	{ S("NaN"), "invalid literal", 0 },
	{ S("[Infinity]"), "invalid literal", 1 },
	/* Numbers. */
	{ S("01"), "invalid number", 0 },
	{ S("00"), "invalid number", 0 },
	{ S("+1"), "invalid number", 0 },
	{ S(".5"), "invalid number", 0 },
	{ S("1."), "invalid number", 0 },
	{ S("1.e5"), "invalid number", 0 },
	{ S("-"), "invalid number", 0 },
	{ S("--1"), "invalid number", 0 },
	{ S("-a"), "invalid number", 0 },
	{ S("1e"), "invalid number", 0 },
	{ S("1e+"), "invalid number", 0 },
	{ S("0x10"), "invalid number", 0 },
	{ S("1.5.3"), "invalid number", 0 },
	{ S("12abc"), "invalid number", 0 },
	{ S("[1, -01]"), "invalid number", 4 },
	/* Arrays and objects. */
	{ S("[1"), "unexpected end of input", 2 },
	{ S("[1,2"), "unexpected end of input", 4 },
	{ S("[1 2]"), "expected ',' or ']'", 3 },
	{ S("[true false]"), "expected ',' or ']'", 6 },
	{ S("[1,]"), "trailing comma", 2 },
	{ S("[1, ]"), "trailing comma", 2 },
	{ S("[,1]"), "unexpected character ','", 1 },
	{ S("[1}"), "expected ',' or ']'", 2 },
	{ S("{"), "unexpected end of input", 1 },
	{ S("{,}"), "expected a member name", 1 },
	{ S("{1:2}"), "expected a member name", 1 },
	{ S("{\"a\" 1}"), "expected ':' after a member name", 5 },
	{ S("{\"a\""), "unexpected end of input", 4 },
	{ S("{\"a\":"), "unexpected end of input", 5 },
	{ S("{\"a\":}"), "unexpected character '}'", 5 },
	{ S("{\"a\":1 \"b\":2}"), "expected ',' or '}'", 7 },
	{ S("{\"a\":1,}"), "trailing comma", 6 },
	{ S("{\"a\":1]"), "expected ',' or '}'", 6 },
	{ S("{\"a\":1,\"a\":2}"), "duplicate member \"a\"", 7 },
	{ S("{\"a\":1,\"b\":{\"a\":2,\"b\":3},\"a\":4}"),
	  "duplicate member \"a\"", 25 },
	{ S("{\"a\":1,\"\\u0061\":2}"), "duplicate member \"a\"", 7 },
	/* Strings. */
	{ S("\"abc"), "unexpected end of input", 4 },
	{ S("\"a\x01\""), "control character in a string", 2 },
	{ S("\"\t\""), "control character in a string", 1 },
	{ S("\"a\nb\""), "control character in a string", 2 },
	{ S("\"\\x\""), "invalid escape", 1 },
	{ S("\"\\U0041\""), "invalid escape", 1 },
	{ S("\"\\'\""), "invalid escape", 1 },
	{ S("\"\\u12G4\""), "invalid escape", 1 },
	{ S("\"\\u12"), "unexpected end of input", 5 },
	{ S("\"\\"), "unexpected end of input", 2 },
	{ S("\"\\ud800\""), "lone surrogate \\ud800", 1 },
	{ S("\"\\ud800"), "lone surrogate \\ud800", 1 },
	{ S("\"\\ud800\\u0041\""), "lone surrogate \\ud800", 1 },
	{ S("\"\\uDBFF\\uD800\""), "lone surrogate \\udbff", 1 },
	{ S("\"\\ud800\\udc0\""), "lone surrogate \\ud800", 1 },
	{ S("\"x\\udc00\""), "lone surrogate \\udc00", 2 },
	{ S("\"\\udc7f\""), "lone surrogate \\udc7f", 1 },
	{ S("\"\\udd00\""), "lone surrogate \\udd00", 1 },
	{ S("\"\\uDFFF\""), "lone surrogate \\udfff", 1 },
	{ S("\"\\ude00\\ud83d\""), "lone surrogate \\ude00", 1 },
	/* Raw text that is not UTF-8. */
	{ S("\"\xc0\x80\""), "invalid UTF-8", 1 },
	{ S("\"\xc1\xbf\""), "invalid UTF-8", 1 },
	{ S("\"\xe0\x80\x80\""), "invalid UTF-8", 1 },
	{ S("\"\xe0\x9f\xbf\""), "invalid UTF-8", 1 },
	{ S("\"\xf0\x80\x80\x80\""), "invalid UTF-8", 1 },
	{ S("\"\xed\xa0\x80\""), "invalid UTF-8", 1 },
	{ S("\"\xed\xbf\xbf\""), "invalid UTF-8", 1 },
	{ S("\"\xf4\x90\x80\x80\""), "invalid UTF-8", 1 },
	{ S("\"\xf5\x80\x80\x80\""), "invalid UTF-8", 1 },
	{ S("\"\xff\""), "invalid UTF-8", 1 },
	{ S("\"\x80\""), "invalid UTF-8", 1 },
	{ S("\"ab\xe2\x82\""), "invalid UTF-8", 3 },
	{ S("\"ab\xf0\x9f\x98\""), "invalid UTF-8", 3 },
	{ S("\"\xe2\x82"), "invalid UTF-8", 1 },
	{ S("\"\xc3\xa9\xc3("), "invalid UTF-8", 3 },
	{ S("{\"\xc3\":1}"), "invalid UTF-8", 2 },
};

static void test_errors(void **state)
{
	struct json_doc doc;
	size_t i;

	(void)state;
	json_doc_init(&doc);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		expect_error(&doc, bad[i].text, bad[i].len, bad[i].error,
			     bad[i].offset);
	json_doc_release(&doc);
}

static void test_containers(void **state)
{
	static const char text[] =
		"{\"name\": \"d/a\", \"lines\": 1, \"words\": [1, 2.5, null,"
		" true, \"x\", [], {}], \"o\": {\"k\": {\"deep\": [[false]]}}}";
	struct json_doc doc;
	const struct json_value *v, *w;

	(void)state;
	json_doc_init(&doc);
	v = parse_ok(&doc, S(text));
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->n, 4);
	assert_string_equal(v->keys[0], "name");
	assert_int_equal(v->keylens[0], 4);
	assert_string_equal(v->keys[3], "o");
	w = json_get(v, "name");
	assert_non_null(w);
	assert_int_equal(w->type, JSON_STRING);
	assert_string_equal(w->s, "d/a");
	w = json_get(v, "lines");
	assert_true(w->is_uint && w->u == 1);
	w = json_get(v, "words");
	assert_int_equal(w->type, JSON_ARRAY);
	assert_int_equal(w->n, 7);
	assert_true(w->items[0].is_uint && w->items[0].u == 1);
	assert_int_equal(w->items[1].type, JSON_NUMBER);
	assert_false(w->items[1].is_uint);
	assert_int_equal(w->items[2].type, JSON_NULL);
	assert_true(w->items[3].type == JSON_BOOL && w->items[3].b);
	assert_string_equal(w->items[4].s, "x");
	assert_int_equal(w->items[5].type, JSON_ARRAY);
	assert_int_equal(w->items[5].n, 0);
	assert_int_equal(w->items[6].type, JSON_OBJECT);
	assert_int_equal(w->items[6].n, 0);
	assert_null(json_get(&w->items[6], "a"));
	w = json_get(json_get(json_get(v, "o"), "k"), "deep");
	assert_non_null(w);
	assert_int_equal(w->type, JSON_ARRAY);
	assert_int_equal(w->items[0].items[0].type, JSON_BOOL);
	assert_false(w->items[0].items[0].b);

	/* Whitespace everywhere it may be. */
	v = parse_ok(&doc, S(" \n{ \"a\" :\t[ 1 ,\r\n2 ] , \"b\" : { } }\n "));
	assert_int_equal(v->n, 2);
	assert_int_equal(json_get(v, "a")->n, 2);
	assert_int_equal(json_get(v, "b")->type, JSON_OBJECT);
	json_doc_release(&doc);
}

static void test_get(void **state)
{
	struct json_doc doc;
	const struct json_value *v;

	(void)state;
	json_doc_init(&doc);
	v = parse_ok(&doc, S("{\"a\": 1, \"ab\": 2, \"\": 3}"));
	assert_null(json_get(v, "b"));
	assert_null(json_get(v, "abc"));
	assert_int_equal(json_get(v, "ab")->u, 2);
	assert_int_equal(json_get(v, "a")->u, 1);
	assert_int_equal(json_get(v, "")->u, 3);
	assert_null(json_get(NULL, "a"));
	v = parse_ok(&doc, S("[\"a\", 1]"));
	assert_null(json_get(v, "a"));
	assert_null(json_get(&v->items[0], "a"));
	v = parse_ok(&doc, S("\"a\""));
	assert_null(json_get(v, "a"));
	json_doc_release(&doc);
}

/* Names and values with NUL bytes: distinct names, even though they
 * look alike as C strings. */
static void test_nul(void **state)
{
	struct json_doc doc;
	const struct json_value *v;

	(void)state;
	json_doc_init(&doc);
	v = parse_ok(&doc, S("{\"a\\u0000b\": \"x\\u0000\", \"a\\u0000c\": 1,"
			     " \"a\": 2, \"a\\u0000\": 3}"));
	assert_int_equal(v->n, 4);
	assert_int_equal(v->keylens[0], 3);
	assert_memory_equal(v->keys[0], "a\0b", 4);
	assert_int_equal(v->items[0].len, 2);
	assert_memory_equal(v->items[0].s, "x\0", 3);
	assert_int_equal(v->keylens[3], 2);
	/* json_get() sees C strings: "a" is the member "a" only. */
	assert_int_equal(json_get(v, "a")->u, 2);
	expect_error(&doc, S("{\"a\\u0000\": 1, \"a\\u0000\": 2}"),
		     "duplicate member \"a\\u0000\"", 15);
	json_doc_release(&doc);
}

static char *brackets(size_t n, const char *open, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close), i;
	char *s = malloc(n * (lo + lc) + 2);

	assert_non_null(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * lo, open, lo);
	s[n * lo] = '1';
	for (i = 0; i < n; i++)
		memcpy(s + n * lo + 1 + i * lc, close, lc);
	s[n * (lo + lc) + 1] = '\0';
	return s;
}

static void test_depth(void **state)
{
	struct json_doc doc;
	const struct json_value *v;
	char *s;
	int i;

	(void)state;
	json_doc_init(&doc);
	s = brackets(JSON_MAX_DEPTH, "[", "]");
	v = parse_ok(&doc, s, strlen(s));
	for (i = 0; i < JSON_MAX_DEPTH; i++) {
		assert_int_equal(v->type, JSON_ARRAY);
		assert_int_equal(v->n, 1);
		v = &v->items[0];
	}
	assert_true(v->is_uint && v->u == 1);
	free(s);
	s = brackets(JSON_MAX_DEPTH + 1, "[", "]");
	expect_error(&doc, s, strlen(s), "nested too deeply", 64);
	free(s);
	s = brackets(JSON_MAX_DEPTH, "{\"k\":", "}");
	v = parse_ok(&doc, s, strlen(s));
	assert_int_equal(json_get(json_get(v, "k"), "k")->type, JSON_OBJECT);
	free(s);
	s = brackets(JSON_MAX_DEPTH + 1, "{\"k\":", "}");
	expect_error(&doc, s, strlen(s), "nested too deeply", 64 * 5);
	free(s);
	json_doc_release(&doc);
}

/* A megabyte of '[' is one error, not a stack overflow. */
static void test_million_brackets(void **state)
{
	size_t n = 1000000;
	struct json_doc doc;
	char *s = malloc(n);

	(void)state;
	assert_non_null(s);
	memset(s, '[', n);
	json_doc_init(&doc);
	expect_error(&doc, s, n, "nested too deeply", 64);
	memset(s, '{', n);
	expect_error(&doc, s, n, "expected a member name", 1);
	json_doc_release(&doc);
	free(s);
}

/* Objects large enough for the sorted check: the duplicate reported is
 * the first in the input's order. */
static void test_many_members(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_doc doc;
	const struct json_value *v;
	size_t first_dup = 0;
	int i;

	(void)state;
	json_doc_init(&doc);
	assert_int_equal(strbuf_addch(&sb, '{'), 0);
	for (i = 0; i < 100000; i++) {
		char m[40];

		snprintf(m, sizeof(m), "%s\"k%d\": %d", i ? ", " : "", i, i);
		assert_int_equal(strbuf_addstr(&sb, m), 0);
	}
	assert_int_equal(strbuf_addch(&sb, '}'), 0);
	v = parse_ok(&doc, sb.buf, sb.len);
	assert_int_equal(v->n, 100000);
	assert_int_equal(json_get(v, "k99999")->u, 99999);
	assert_int_equal(json_get(v, "k0")->u, 0);
	assert_null(json_get(v, "k100000"));

	/* "k70" again, then "k5" again: "k70" is reported. */
	strbuf_setlen(&sb, sb.len - 1);
	first_dup = sb.len + 2;
	assert_int_equal(strbuf_addstr(&sb, ", \"k70\": 1, \"k5\": 2}"), 0);
	expect_error(&doc, sb.buf, sb.len, "duplicate member \"k70\"",
		     first_dup);
	strbuf_release(&sb);
	json_doc_release(&doc);
}

static void test_duplicate_names_quoted(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_doc doc;
	int i, j;

	(void)state;
	json_doc_init(&doc);
	expect_error(&doc, S("{\"a\\nb\":1,\"a\\nb\":2}"),
		     "duplicate member \"a\\u000ab\"", 10);
	expect_error(&doc, S("{\"\\udcff\\\"\":1,\"\\udcff\\\"\":2}"),
		     "duplicate member \"\\udcff\\\"\"", 14);
	expect_error(&doc, S("{\"\\u0085\xc3\xa9\":1,\"\xc2\x85\\u00e9\":2}"),
		     "duplicate member \"\\u0085\xc3\xa9\"", 14);
	/* A long name is cut short, and the message still fits. */
	assert_int_equal(strbuf_addch(&sb, '{'), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(strbuf_addstr(&sb, i ? ",\"" : "\""), 0);
		for (j = 0; j < 300; j++)
			assert_int_equal(strbuf_addstr(&sb, "\xe2\x82\xac"), 0);
		assert_int_equal(strbuf_addstr(&sb, "\":1"), 0);
	}
	assert_int_equal(strbuf_addch(&sb, '}'), 0);
	assert_null(json_parse(&doc, sb.buf, sb.len));
	assert_int_equal(strncmp(doc.error, "duplicate member \"\xe2\x82\xac",
				 21), 0);
	assert_non_null(strstr(doc.error, "...\""));
	assert_true(strlen(doc.error) < sizeof(doc.error) - 1);
	assert_int_equal(doc.offset, 906);
	strbuf_release(&sb);
	json_doc_release(&doc);
}

/* Long lines: a long string, a long array. */
static void test_large(void **state)
{
	size_t n = 4 << 20, i;
	struct json_doc doc;
	const struct json_value *v;
	char *s = malloc(n + 2);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_non_null(s);
	s[0] = '"';
	for (i = 1; i <= n; i++)
		s[i] = (char)('a' + i % 26);
	s[n + 1] = '"';
	json_doc_init(&doc);
	v = parse_ok(&doc, s, n + 2);
	assert_int_equal(v->len, n);
	assert_memory_equal(v->s, s + 1, n);
	free(s);

	assert_int_equal(strbuf_addch(&sb, '['), 0);
	for (i = 0; i < 300000; i++)
		assert_int_equal(strbuf_addstr(&sb, i ? ",[7]" : "[7]"), 0);
	assert_int_equal(strbuf_addch(&sb, ']'), 0);
	v = parse_ok(&doc, sb.buf, sb.len);
	assert_int_equal(v->n, 300000);
	assert_int_equal(v->items[299999].items[0].u, 7);
	strbuf_release(&sb);
	json_doc_release(&doc);
}

/*
 * One doc for many parses: each frees the last, errors do not stick, and
 * after a large line the arena settles in one chunk that later lines
 * reuse (white box: the chunk pointer stays the same).
 */
static void test_reuse(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_doc doc;
	const struct json_value *v;
	const void *chunk;
	int i;

	(void)state;
	json_doc_init(&doc);
	json_doc_release(&doc);         /* releasing an unused doc is fine */
	assert_int_equal(strbuf_addch(&sb, '['), 0);
	for (i = 0; i < 100000; i++)
		assert_int_equal(strbuf_addstr(&sb, "\"abc\","), 0);
	assert_int_equal(strbuf_addstr(&sb, "1]"), 0);
	v = parse_ok(&doc, sb.buf, sb.len);
	assert_int_equal(v->n, 100001);
	v = parse_ok(&doc, S("{\"a\": \"b\"}"));
	chunk = doc.chunks;
	assert_non_null(chunk);
	for (i = 0; i < 10000; i++) {
		char line[64];
		int len = snprintf(line, sizeof(line),
				   "{\"type\": \"file\", \"lines\": %d}", i);

		if (i % 7 == 3) {
			expect_error(&doc, line, (size_t)len - 1,
				     "unexpected end of input",
				     (size_t)len - 1);
			continue;
		}
		v = parse_ok(&doc, line, (size_t)len);
		assert_int_equal(json_get(v, "lines")->u, (uint64_t)i);
		assert_string_equal(json_get(v, "type")->s, "file");
		assert_true(doc.chunks == chunk);
	}
	/* The big line again fits too. */
	v = parse_ok(&doc, sb.buf, sb.len);
	assert_int_equal(v->n, 100001);
	assert_true(doc.chunks == chunk);
	strbuf_release(&sb);
	json_doc_release(&doc);
	assert_null(doc.chunks);
	v = parse_ok(&doc, S("[]"));
	assert_int_equal(v->n, 0);
	json_doc_release(&doc);
}

/* A small deterministic generator, so that a failure can be replayed. */
static uint32_t next_random(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*seed >> 33);
}

/*
 * Any bytes, as output_json_string() writes them, come back the same:
 * valid UTF-8 as it is, controls escaped, and invalid bytes through
 * \udcXX.  The bytes favour what is hard: controls, quotes, backslashes,
 * UTF-8 lead and continuation bytes, and whole valid sequences.
 */
static void test_round_trip(void **state)
{
	static const char *const pieces[] = {
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\x9f\xbf",
		"\xf4\x8f\xbf\xbf", "\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80",
		"\"", "\\", "\\u", "/",
	};
	struct strbuf out = STRBUF_INIT;
	struct json_doc doc;
	const struct json_value *v;
	uint64_t seed = 20240601;
	unsigned char name[80];
	int round;

	(void)state;
	json_doc_init(&doc);
	for (round = 0; round < 20000; round++) {
		size_t len = 0, want = next_random(&seed) % 64;

		while (len < want) {
			uint32_t r = next_random(&seed);
			const char *p;

			switch (r % 4) {
			case 0:
				name[len++] = (unsigned char)(r >> 8);
				break;
			case 1:
				name[len++] = (unsigned char)((r >> 8) % 0x20);
				break;
			case 2:
				name[len++] = (unsigned char)(0x80 +
							      (r >> 8) % 0x80);
				break;
			default:
				p = pieces[(r >> 8) % ARRAY_SIZE(pieces)];
				memcpy(name + len, p, strlen(p));
				len += strlen(p);
				break;
			}
		}
		strbuf_setlen(&out, 0);
		assert_int_equal(strbuf_addstr(&out, "{\"name\": "), 0);
		assert_int_equal(output_json_string(&out, (const char *)name,
						    len), 0);
		assert_int_equal(strbuf_addstr(&out, ", \"n\": 1}"), 0);
		v = json_get(parse_ok(&doc, out.buf, out.len), "name");
		assert_non_null(v);
		if (v->len != len || memcmp(v->s, name, len) != 0)
			fail_msg("round %d: %s came back different", round,
				 out.buf);
	}
	strbuf_release(&out);
	json_doc_release(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_million_brackets),
		cmocka_unit_test(test_many_members),
		cmocka_unit_test(test_duplicate_names_quoted),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
