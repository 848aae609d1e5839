/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * json.c - a small, strict JSON parser; see json.h.
 *
 * The parser is a loop, not a recursive descent: an open array or object
 * is a frame on a fixed stack of JSON_MAX_DEPTH, and the values already
 * parsed inside the open containers wait on one growable scratch stack
 * (doc->values; member names on doc->members).  When a container ends,
 * its values are the top N of that stack: they are copied once into one
 * array in the arena and popped, and the container becomes a value of
 * its parent in turn.  Each value is thus copied a bounded number of
 * times, and nothing is reallocated but the scratch stacks, which grow
 * by doubling; the parse is linear in the input.
 *
 * A string is decoded straight into the arena: a first scan finds where
 * it ends, and since no escape decodes to more bytes than it takes, its
 * raw length is enough room.
 */
#include "compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "quote.h"

struct json_chunk {
	struct json_chunk *next;
	size_t size;                /* bytes in data */
	size_t used;
	max_align_t data[];
};

/* A member name of an open object, and where it was, for the error about
 * a duplicate. */
struct json_member {
	const char *s;
	size_t len;
	size_t offset;
};

/* An open array or object. */
struct frame {
	bool object;
	size_t vbase;               /* its first value in doc->values */
	size_t mbase;               /* its first name in doc->members */
};

struct parser {
	struct json_doc *doc;
	const unsigned char *p;
	size_t len;
	size_t pos;
};

#define CHUNK_MIN 4096
/* Objects with more members than this are checked for duplicates by
 * sorting their names, not by comparing every pair. */
#define PAIRWISE_MAX 16

static int fail(struct parser *ps, size_t offset, const char *fmt, ...)
	ATTR_PRINTF(3, 4);

static int fail(struct parser *ps, size_t offset, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->doc->error, sizeof(ps->doc->error), fmt, ap);
	va_end(ap);
	ps->doc->offset = offset;
	errno = EINVAL;
	return -1;
}

static int fail_nomem(struct parser *ps)
{
	snprintf(ps->doc->error, sizeof(ps->doc->error), "out of memory");
	ps->doc->offset = ps->pos;
	errno = ENOMEM;
	return -1;
}

/*
 * Make the arena empty for a new parse.  When the last parse needed more
 * than one chunk, they are replaced by one as large as all of them, made
 * on the first allocation: so a doc settles on a single chunk of what its
 * largest line needed, instead of collecting chunks.
 */
static void arena_reset(struct json_doc *doc)
{
	struct json_chunk *c, *next;
	size_t total = 0;

	if (doc->chunks && !doc->chunks->next) {
		doc->chunks->used = 0;
		return;
	}
	for (c = doc->chunks; c; c = next) {
		next = c->next;
		total = total > SIZE_MAX - c->size ? SIZE_MAX : total + c->size;
		free(c);
	}
	doc->chunks = NULL;
	if (total > doc->next_chunk)
		doc->next_chunk = total;
}

/* SIZE bytes aligned to ALIGN (a power of two), or NULL.  A new chunk is
 * at least twice the last, so that a long line needs few of them. */
static void *arena_alloc(struct json_doc *doc, size_t size, size_t align)
{
	struct json_chunk *c = doc->chunks;
	size_t at, want;

	if (c) {
		at = (c->used + align - 1) & ~(align - 1);
		if (at <= c->size && size <= c->size - at) {
			c->used = at + size;
			return (char *)c->data + at;
		}
	}
	want = doc->next_chunk ? doc->next_chunk : CHUNK_MIN;
	if (c && want / 2 < c->size)
		want = c->size > SIZE_MAX / 2 ? SIZE_MAX : c->size * 2;
	if (want < size)
		want = size;
	if (want > SIZE_MAX - sizeof(*c))
		return NULL;
	c = malloc(sizeof(*c) + want);
	if (!c)
		return NULL;
	c->next = doc->chunks;
	c->size = want;
	c->used = size;
	doc->chunks = c;
	doc->next_chunk = 0;
	return c->data;
}

/* An array of N elements of SIZE bytes each in the arena, in *OUT (NULL
 * when N is 0): 0, or -1 when out of memory. */
static int arena_array(struct json_doc *doc, size_t n, size_t size,
		       size_t align, void **out)
{
	*out = NULL;
	if (!n)
		return 0;
	if (n > SIZE_MAX / size)
		return -1;
	*out = arena_alloc(doc, n * size, align);
	return *out ? 0 : -1;
}

/* Grow the array *P of *ALLOC elements of SIZE bytes to hold one more
 * than N. */
static int grow(void **p, size_t *alloc, size_t n, size_t size)
{
	size_t want;
	void *q;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc : 64;
	while (want <= n) {
		if (want > SIZE_MAX / 2 / size)
			return -1;
		want *= 2;
	}
	q = realloc(*p, want * size);
	if (!q)
		return -1;
	*p = q;
	*alloc = want;
	return 0;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void skip_ws(struct parser *ps)
{
	while (ps->pos < ps->len) {
		unsigned char c = ps->p[ps->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		ps->pos++;
	}
}

/* "character 'x'" or, for what would not print, "byte 0xNN". */
static const char *describe(unsigned char c, char *buf, size_t size)
{
	if (c > ' ' && c < 0x7f)
		snprintf(buf, size, "character '%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
	return buf;
}

static size_t put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The four hex digits at AT into *CP: 1, 0 when one is not a hex digit,
 * -1 when the input ends first. */
static int hex4(const struct parser *ps, size_t at, unsigned long *cp)
{
	size_t i;

	*cp = 0;
	for (i = 0; i < 4; i++) {
		unsigned char c;

		if (at + i >= ps->len)
			return -1;
		c = ps->p[at + i];
		if (is_digit(c))
			*cp = *cp << 4 | (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp = *cp << 4 | (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp = *cp << 4 | (unsigned long)(c - 'A' + 10);
		else
			return 0;
	}
	return 1;
}

/*
 * Decode the \u escape at I (its backslash) into OUT: the number of bytes
 * written, with *I moved past it, or -1 on error.
 */
static int unicode_escape(struct parser *ps, size_t *i, char *out)
{
	unsigned long cp, lo;
	int r = hex4(ps, *i + 2, &cp);

	if (r <= 0)
		return r ? fail(ps, ps->len, "unexpected end of input") :
			   fail(ps, *i, "invalid escape");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		/* A high surrogate must be followed by a low one. */
		if (*i + 7 < ps->len && ps->p[*i + 6] == '\\' &&
		    ps->p[*i + 7] == 'u' && hex4(ps, *i + 8, &lo) == 1 &&
		    lo >= 0xdc00 && lo <= 0xdfff) {
			*i += 12;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			return (int)put_utf8(out, cp);
		}
		return fail(ps, *i, "lone surrogate \\u%04lx", cp);
	}
	if (cp >= 0xdc80 && cp <= 0xdcff) {
		/* surrogateescape: the byte output_json_string() saw. */
		*i += 6;
		*out = (char)(cp & 0xff);
		return 1;
	}
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(ps, *i, "lone surrogate \\u%04lx", cp);
	*i += 6;
	return (int)put_utf8(out, cp);
}

/*
 * The string that starts (its opening quote) at ps->pos, decoded into the
 * arena: *S and *LEN, and ps->pos past its closing quote.  0 or -1.
 */
static int parse_string(struct parser *ps, const char **s, size_t *len)
{
	const unsigned char *p = ps->p;
	size_t i = ps->pos + 1, end, n = 0;
	uint32_t cp;
	char *out;

	/* Where it ends, to know how much room the decoded bytes need. */
	for (end = i; end < ps->len && p[end] != '"'; end++)
		if (p[end] == '\\')
			end++;
	if (end > ps->len)
		end = ps->len;
	out = arena_alloc(ps->doc, end - i + 1, 1);
	if (!out)
		return fail_nomem(ps);
	for (;;) {
		unsigned char c;
		size_t k;
		int r;

		if (i >= ps->len)
			return fail(ps, ps->len, "unexpected end of input");
		c = p[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			out[n++] = (char)c;
			i++;
			continue;
		}
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(ps, i, "control character in a string");
		if (c != '\\') {
			k = utf8_decode(p + i, ps->len - i, &cp);
			if (!k)
				return fail(ps, i, "invalid UTF-8");
			memcpy(out + n, p + i, k);
			n += k;
			i += k;
			continue;
		}
		if (i + 1 >= ps->len)
			return fail(ps, ps->len, "unexpected end of input");
		switch (p[i + 1]) {
		case '"': out[n++] = '"'; break;
		case '\\': out[n++] = '\\'; break;
		case '/': out[n++] = '/'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u':
			r = unicode_escape(ps, &i, out + n);
			if (r < 0)
				return -1;
			n += (size_t)r;
			continue;
		default:
			return fail(ps, i, "invalid escape");
		}
		i += 2;
	}
	out[n] = '\0';
	*s = out;
	*len = n;
	ps->pos = i + 1;
	return 0;
}

/*
 * A number by the JSON grammar.  Whatever letter, digit, '.', '+' or '-'
 * follows it is taken as part of a malformed number ("01", "0x1f",
 * "1.2.3"), which says more than "expected ','" would.
 */
static int parse_number(struct parser *ps, struct json_value *v)
{
	const unsigned char *p = ps->p;
	size_t start = ps->pos, i = start, len = ps->len;
	bool uint = true;
	uint64_t u = 0;

	if (i < len && p[i] == '-') {
		uint = false;
		i++;
	}
	if (i < len && p[i] == '0') {
		i++;
	} else if (i < len && is_digit(p[i])) {
		for (; i < len && is_digit(p[i]); i++) {
			unsigned d = p[i] - '0';

			if (u > (UINT64_MAX - d) / 10)
				uint = false;
			else
				u = u * 10 + d;
		}
	} else {
		return fail(ps, start, "invalid number");
	}
	if (i < len && p[i] == '.') {
		uint = false;
		if (++i >= len || !is_digit(p[i]))
			return fail(ps, start, "invalid number");
		while (i < len && is_digit(p[i]))
			i++;
	}
	if (i < len && (p[i] == 'e' || p[i] == 'E')) {
		uint = false;
		i++;
		if (i < len && (p[i] == '+' || p[i] == '-'))
			i++;
		if (i >= len || !is_digit(p[i]))
			return fail(ps, start, "invalid number");
		while (i < len && is_digit(p[i]))
			i++;
	}
	if (i < len && (is_alnum(p[i]) || p[i] == '.' || p[i] == '+' ||
			p[i] == '-'))
		return fail(ps, start, "invalid number");
	v->type = JSON_NUMBER;
	v->is_uint = uint;
	v->u = uint ? u : 0;
	ps->pos = i;
	return 0;
}

/* true, false or null; any other word (NaN, True) is an invalid literal. */
static int parse_literal(struct parser *ps, struct json_value *v)
{
	static const struct {
		const char *word;
		enum json_type type;
		bool b;
	} lit[] = {
		{ "true", JSON_BOOL, true },
		{ "false", JSON_BOOL, false },
		{ "null", JSON_NULL, false },
	};
	size_t i, n, end = ps->pos;

	while (end < ps->len && is_alnum(ps->p[end]))
		end++;
	n = end - ps->pos;
	for (i = 0; i < ARRAY_SIZE(lit); i++) {
		if (strlen(lit[i].word) == n &&
		    !memcmp(ps->p + ps->pos, lit[i].word, n)) {
			v->type = lit[i].type;
			v->b = lit[i].b;
			ps->pos = end;
			return 0;
		}
	}
	return fail(ps, ps->pos, "invalid literal");
}

/* A value that is neither an array nor an object, at ps->pos. */
static int parse_scalar(struct parser *ps, struct json_value *v)
{
	unsigned char c;
	char what[24];

	memset(v, 0, sizeof(*v));
	if (ps->pos >= ps->len)
		return fail(ps, ps->len, "unexpected end of input");
	c = ps->p[ps->pos];
	if (c == '"') {
		v->type = JSON_STRING;
		return parse_string(ps, &v->s, &v->len);
	}
	if (c == '-' || c == '+' || c == '.' || is_digit(c))
		return parse_number(ps, v);
	if (is_alnum(c))
		return parse_literal(ps, v);
	return fail(ps, ps->pos, "unexpected %s",
		    describe(c, what, sizeof(what)));
}

/* A member name and its colon, leaving ps->pos at the value. */
static int member_name(struct parser *ps)
{
	struct json_doc *doc = ps->doc;
	struct json_member *m;
	size_t at = ps->pos;
	const char *s;
	size_t len;

	if (at >= ps->len)
		return fail(ps, ps->len, "unexpected end of input");
	if (ps->p[at] != '"')
		return fail(ps, at, "expected a member name");
	if (parse_string(ps, &s, &len) < 0)
		return -1;
	if (grow((void **)&doc->members, &doc->amembers, doc->nmembers,
		 sizeof(*doc->members)) < 0)
		return fail_nomem(ps);
	m = &doc->members[doc->nmembers++];
	m->s = s;
	m->len = len;
	m->offset = at;
	skip_ws(ps);
	if (ps->pos >= ps->len)
		return fail(ps, ps->len, "unexpected end of input");
	if (ps->p[ps->pos] != ':')
		return fail(ps, ps->pos, "expected ':' after a member name");
	ps->pos++;
	skip_ws(ps);
	return 0;
}

static bool same_name(const struct json_member *a,
		      const struct json_member *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/* By name, then by place, so that equal names sit in the input's order. */
static int cmp_member(const void *pa, const void *pb)
{
	const struct json_member *a = pa, *b = pb;
	int r = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

	if (r)
		return r;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->offset < b->offset ? -1 : a->offset > b->offset;
}

/*
 * NAME, quoted for an error message: no control characters (not even C1
 * ones) and nothing that is not UTF-8 may reach a terminal, and a long
 * name is cut short.
 */
static void quote_member(char *buf, size_t size, const char *name,
			 size_t len)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t i = 0, n = 0, k;
	uint32_t cp;

	buf[n++] = '"';
	while (i < len) {
		if (n + 12 > size) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		k = utf8_decode(p + i, len - i, &cp);
		if (k > 1 && !(p[i] == 0xc2 && p[i + 1] < 0xa0)) {
			memcpy(buf + n, p + i, k);
			n += k;
			i += k;
			continue;
		}
		if (k == 1 && p[i] >= 0x20 && p[i] < 0x7f) {
			if (p[i] == '"' || p[i] == '\\')
				buf[n++] = '\\';
			buf[n++] = (char)p[i++];
			continue;
		}
		if (k)  /* a control character, C0 or C1 */
			n += (size_t)sprintf(buf + n, "\\u%04x",
					     (unsigned)p[i + k - 1]);
		else
			n += (size_t)sprintf(buf + n, "\\udc%02x",
					     (unsigned)p[i]);
		i += k ? k : 1;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

/*
 * Check that no name occurs twice among the N members at M; the error
 * names the first member, in the input's order, whose name came before.
 * M is scratch, to be dropped: sorting it is allowed.
 */
static int check_duplicates(struct parser *ps, struct json_member *m,
			    size_t n)
{
	const struct json_member *dup = NULL;
	char name[100];
	size_t i, j;

	if (n <= PAIRWISE_MAX) {
		for (j = 1; j < n && !dup; j++)
			for (i = 0; i < j; i++)
				if (same_name(&m[i], &m[j])) {
					dup = &m[j];
					break;
				}
	} else {
		qsort(m, n, sizeof(*m), cmp_member);
		for (i = 1; i < n; i++)
			if (same_name(&m[i - 1], &m[i]) &&
			    (!dup || m[i].offset < dup->offset))
				dup = &m[i];
	}
	if (!dup)
		return 0;
	quote_member(name, sizeof(name), dup->s, dup->len);
	return fail(ps, dup->offset, "duplicate member %s", name);
}

/* End the container of frame F: its values (and names) leave the scratch
 * stacks for arrays of their own in the arena, and *V becomes it. */
static int close_container(struct parser *ps, const struct frame *f,
			   struct json_value *v)
{
	struct json_doc *doc = ps->doc;
	size_t n = doc->nvalues - f->vbase, i;
	struct json_member *m;
	void *items, *keys, *keylens;

	memset(v, 0, sizeof(*v));
	v->type = f->object ? JSON_OBJECT : JSON_ARRAY;
	v->n = n;
	if (arena_array(doc, n, sizeof(*v->items), _Alignof(struct json_value),
			&items) < 0)
		return fail_nomem(ps);
	if (n)
		memcpy(items, doc->values + f->vbase, n * sizeof(*v->items));
	v->items = items;
	doc->nvalues = f->vbase;
	if (!f->object)
		return 0;
	if (arena_array(doc, n, sizeof(*v->keys), _Alignof(const char *),
			&keys) < 0 ||
	    arena_array(doc, n, sizeof(*v->keylens), _Alignof(size_t),
			&keylens) < 0)
		return fail_nomem(ps);
	v->keys = keys;
	v->keylens = keylens;
	doc->nmembers = f->mbase;
	if (!n)
		return 0;
	m = doc->members + f->mbase;
	for (i = 0; i < n; i++) {
		v->keys[i] = m[i].s;
		v->keylens[i] = m[i].len;
	}
	return check_duplicates(ps, m, n);
}

/* The root value V is complete: only whitespace may follow it. */
static const struct json_value *finish(struct parser *ps,
				       const struct json_value *v)
{
	struct json_value *root;
	char what[24];

	skip_ws(ps);
	if (ps->pos < ps->len) {
		fail(ps, ps->pos, "unexpected %s after the value",
		     describe(ps->p[ps->pos], what, sizeof(what)));
		return NULL;
	}
	root = arena_alloc(ps->doc, sizeof(*root), _Alignof(struct json_value));
	if (!root) {
		fail_nomem(ps);
		return NULL;
	}
	*root = *v;
	return root;
}

void json_doc_init(struct json_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
}

const struct json_value *json_parse(struct json_doc *doc, const char *text,
				    size_t len)
{
	struct parser ps = { doc, (const unsigned char *)text, len, 0 };
	struct frame frames[JSON_MAX_DEPTH];
	size_t depth = 0;
	struct json_value v;

	arena_reset(doc);
	doc->nvalues = 0;
	doc->nmembers = 0;
	doc->error[0] = '\0';
	doc->offset = 0;
	skip_ws(&ps);
	for (;;) {
		unsigned char c = ps.pos < len ? ps.p[ps.pos] : 0;
		struct frame *f;

		/* A value starts at ps.pos. */
		if (ps.pos < len && (c == '[' || c == '{')) {
			if (depth == JSON_MAX_DEPTH) {
				fail(&ps, ps.pos, "nested too deeply");
				return NULL;
			}
			f = &frames[depth++];
			f->object = c == '{';
			f->vbase = doc->nvalues;
			f->mbase = doc->nmembers;
			ps.pos++;
			skip_ws(&ps);
			if (ps.pos >= len ||
			    ps.p[ps.pos] != (f->object ? '}' : ']')) {
				if (f->object && member_name(&ps) < 0)
					return NULL;
				continue;
			}
			ps.pos++;
			depth--;
			if (close_container(&ps, f, &v) < 0)
				return NULL;
		} else if (parse_scalar(&ps, &v) < 0) {
			return NULL;
		}

		/* V is complete: it joins its container, and that may end
		 * here, and then its own container... */
		for (;;) {
			unsigned char close;
			size_t comma;

			if (depth == 0)
				return finish(&ps, &v);
			f = &frames[depth - 1];
			close = f->object ? '}' : ']';
			if (grow((void **)&doc->values, &doc->avalues,
				 doc->nvalues, sizeof(*doc->values)) < 0) {
				fail_nomem(&ps);
				return NULL;
			}
			doc->values[doc->nvalues++] = v;
			skip_ws(&ps);
			if (ps.pos >= len) {
				fail(&ps, len, "unexpected end of input");
				return NULL;
			}
			c = ps.p[ps.pos];
			if (c == close) {
				ps.pos++;
				depth--;
				if (close_container(&ps, f, &v) < 0)
					return NULL;
				continue;
			}
			if (c != ',') {
				fail(&ps, ps.pos, "expected ',' or '%c'",
				     close);
				return NULL;
			}
			comma = ps.pos++;
			skip_ws(&ps);
			if (ps.pos < len && ps.p[ps.pos] == close) {
				fail(&ps, comma, "trailing comma");
				return NULL;
			}
			if (f->object && member_name(&ps) < 0)
				return NULL;
			break;
		}
	}
}

const struct json_value *json_get(const struct json_value *obj,
				  const char *key)
{
	size_t len, i;

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	len = strlen(key);
	for (i = 0; i < obj->n; i++)
		if (obj->keylens[i] == len && !memcmp(obj->keys[i], key, len))
			return &obj->items[i];
	return NULL;
}

void json_doc_release(struct json_doc *doc)
{
	struct json_chunk *c, *next;

	for (c = doc->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc->values);
	free(doc->members);
	json_doc_init(doc);
}
