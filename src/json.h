/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * json.h - a small, strict JSON parser for one line of jsonl at a time.
 *
 * fstat-par --merge reads back the jsonl of earlier runs, and those files
 * come from the user, so the parser trusts nothing: it accepts exactly
 * RFC 8259 (no comments, no trailing commas, no leading zeros, no NaN),
 * insists that the raw text of strings is valid UTF-8 (RFC 3629), rejects
 * a duplicate member name in an object, and nests at most JSON_MAX_DEPTH
 * arrays and objects.  It never recurses: nesting is kept on an explicit
 * stack of that size, so a line of a million '[' is a plain error.
 *
 * Strings are decoded: the escapes become the bytes they stand for, a
 * surrogate pair becomes one 4-byte UTF-8 sequence, and \u0000 a NUL byte
 * (counted in len; the string is NUL-terminated as well).  One rule goes
 * beyond RFC 8259: a lone low surrogate \udc80 to \udcff decodes to the
 * single byte 0x80 to 0xff.  That is the inverse of Python's
 * "surrogateescape", which output_json_string() (output.h) uses to write
 * names that are not valid UTF-8, so that every name fstat-par wrote
 * comes back byte for byte.  Every other lone surrogate is an error.
 *
 * Numbers are checked against the JSON grammar but not converted, except
 * that a non-negative integer literal (no '-', fraction or exponent) that
 * fits in uint64_t has is_uint set and its value in u: the counts of
 * fstat-par are exactly that, and a count is never worth a double.
 *
 * Memory: a struct json_doc owns everything one parse returns, in an
 * arena.  The next json_parse() on the same doc frees (reuses) it, so the
 * values are valid until then or until json_doc_release().  The doc keeps
 * its memory from parse to parse, at most what the largest line needed,
 * so one doc can serve millions of lines; the cost of a parse is linear
 * in the length of the line.
 *
 * Errors: json_parse() returns NULL with errno EINVAL for invalid input,
 * or ENOMEM, and doc->error holds a short lowercase phrase ("expected ':'
 * after a member name") and doc->offset the byte offset it refers to,
 * from 0 (the length of the input for "unexpected end of input").  The
 * phrase holds no control characters: a member name quoted in it is
 * escaped.  A duplicate member is found when its object ends, so an
 * error further inside that object is reported before it.
 *
 * Safe to use anywhere (no shared state); a doc must not be used by two
 * threads at once.
 */
#ifndef FSTAT_PAR_JSON_H
#define FSTAT_PAR_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Arrays and objects nested deeper than this are an error. */
#define JSON_MAX_DEPTH 64

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_value {
	enum json_type type;
	bool b;                     /* JSON_BOOL */
	bool is_uint;               /* JSON_NUMBER: an integer in uint64_t */
	uint64_t u;                 /* ... its value when is_uint */
	const char *s;              /* JSON_STRING: decoded, NUL-terminated */
	size_t len;                 /* ... its length (NULs from \u0000 too) */
	struct json_value *items;   /* JSON_ARRAY: the elements; JSON_OBJECT:
	                             * the member values (NULL when n is 0) */
	const char **keys;          /* JSON_OBJECT: the member names, decoded,
	                             * NUL-terminated, in the order given */
	size_t *keylens;            /* ... their lengths */
	size_t n;                   /* number of elements or members */
};

struct json_chunk;
struct json_member;

struct json_doc {
	/* The arena: what the last parse returned, newest chunk first. */
	struct json_chunk *chunks;
	size_t next_chunk;          /* size of the next chunk, 0 for default */
	/* Scratch of the parse: the values and member names of the arrays
	 * and objects still open, kept for the next parse. */
	struct json_value *values;
	size_t nvalues, avalues;
	struct json_member *members;
	size_t nmembers, amembers;
	char error[160];            /* after a failed parse: what was wrong */
	size_t offset;              /* ... and the byte offset where, from 0 */
};

void json_doc_init(struct json_doc *doc);

/*
 * Parse TEXT (LEN bytes, need not be NUL-terminated): exactly one JSON
 * value, optionally surrounded by JSON whitespace (space, tab, CR, LF).
 * Frees what the previous parse of DOC returned.  Returns the root value
 * (valid until the next parse or release), or NULL with doc->error and
 * doc->offset set (errno EINVAL for bad input, ENOMEM for memory).
 */
const struct json_value *json_parse(struct json_doc *doc, const char *text,
				    size_t len);

/* The member KEY of object OBJ, or NULL (also NULL if OBJ is not an
 * object, or is NULL).  A name with a NUL byte cannot be asked for. */
const struct json_value *json_get(const struct json_value *obj,
				  const char *key);

/* Free all DOC owns; DOC is then as after json_doc_init(). */
void json_doc_release(struct json_doc *doc);

#endif
