/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * match.c - glob patterns for selecting and excluding files; see match.h.
 *
 * Compiling
 *
 * globset_add() first expands braces the way bash does ("{a,b}" with at
 * least one comma and its closing brace; anything else is literal) into at
 * most MAX_ALTERNATIVES plain patterns.  A bracket expression is one unit
 * for the expansion, so "[{,]" stays a set of two characters, and '\'
 * escapes survive into the alternatives, where the compiler interprets
 * them.  Each alternative is compiled into its own struct glob_pat: a
 * single malloc'd block holding the pattern's segments, tokens, bracket
 * sets and literal bytes, so that matching touches little memory and
 * releasing a pattern is one free().
 *
 * A pattern is split at every '/' into segments.  A pattern of one segment
 * (not anchored by a leading "/" or "./") matches the base name of the
 * path; any other pattern is matched segment by segment against the whole
 * path, where a segment that is exactly "**" matches zero or more path
 * segments.  A trailing "**" segment must match at least one segment
 * ("a/" + "**" is everything below a, not a itself), so it is compiled as
 * a "*" segment followed by a "**" segment.
 *
 * Fast paths
 *
 * Matching runs once per file of trees with millions of files, so each
 * segment is classified into the cheapest shape that implements it: an
 * exact string, "*" alone, a literal prefix ("Makefile*"), a literal
 * suffix ("*.c"), prefix and suffix ("test_*.c"), a contained literal
 * ("*foo*"), and only for everything else a token program of literals,
 * '?', sets and '*'.  "**" + "/x" is the same as the base-name pattern
 * "x" and is compiled as one; a path pattern without metacharacters is a
 * single string compare.  Path patterns check the segments after the last
 * "**" first, walking back from the end, because the base name is usually
 * the most selective part.
 *
 * Complexity
 *
 * Nothing backtracks exponentially.  Inside a segment, '*' is matched by
 * the classic loop that remembers only the most recent '*': when the rest
 * of the pattern fails, that '*' swallows one more character and the rest
 * is retried.  Earlier stars never need to be revisited, because any split
 * they could try is also reachable by moving the later star.  A segment
 * pattern of T tokens is therefore matched against a name of N bytes in
 * O(T * N) steps, and O(|segment pattern| * N) byte compares at most.  The
 * "**" segments are matched by the same loop one level up, with path
 * segments in the role of characters, so a path pattern of K segments
 * makes at most O(K * S) segment matches against a path of S segments:
 * O(|pattern| * |path|) work in all.  "*a*a*a*a*b" against a long run of
 * 'a' is linear, and consecutive "**" segments are merged at compile time.
 *
 * globset_add() takes time linear in the pattern and its expansion, which
 * are bounded: a pattern is at most MAX_PATTERN_LEN bytes and expands into
 * at most MAX_ALTERNATIVES alternatives of at most MAX_EXPANSION_BYTES in
 * all.  Linear takes care where what a byte means depends on what follows.
 * A '[' opens a bracket expression only if a ']' closes it in the same
 * segment, and reading the members from every '[' to find out is
 * quadratic in a run of unclosed '[' (and was cubic in a run of "[:", when
 * each class name was searched for to the end too: 64 KiB took hours).
 * But after the first member, where an expression ends depends only on
 * where its next member starts, and every member ends to the right of
 * where it starts.  So bracket_ends() notes, in one pass from right to
 * left, where reading members from each index ends; bracket_close() reads
 * only the first member of a '[' and looks up the rest.  Reading a member
 * is constant work, because class_at() gives up after the longest class
 * name.  The brace expansion uses the same table over the whole pattern.
 * test_compile_linear counts the steps (globset_add_counted()) to check.
 * The expansion recurses at most
 * 2 * MAX_ALTERNATIVES + 1 frames deep (about 1 MB of stack, reached only
 * by braces nested thousands deep), so call it from a thread with a
 * normal-sized stack.
 *
 * UTF-8 mode
 *
 * '?' and a set consume one character; an invalid or truncated sequence
 * is one character per byte.  Inside sets, an invalid byte B of the
 * pattern or the name stands for the code point 0xDC00 + B (as in
 * Python's surrogateescape; real surrogates are invalid UTF-8, so there is
 * no collision), which makes "[\xff]" match the byte 0xff and nothing
 * else.  A '*' advances one whole character at a time.  Literals are
 * compared as bytes, and a literal that starts with a non-continuation
 * byte can only match where a character starts, which is what lets the
 * suffix and substring fast paths skip decoding entirely.
 */
#include "compat.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "strbuf.h"

/*
 * Limits that bound globset_add() in time and memory whatever the user
 * types.  Each limit fails with a message instead of truncating silently.
 */
#define MAX_ALTERNATIVES 4096
#define MAX_EXPANSION_BYTES ((size_t)4 << 20)
#define MAX_PATTERN_LEN ((size_t)64 << 10)

#define NONE UINT32_MAX

static const char err_too_many[] = "too many alternatives in brace expansion";
static const char err_too_large[] = "brace expansion too large";
static const char err_too_long[] = "pattern too long";
static const char err_nomem[] = "Cannot allocate memory";

enum seg_kind {
	SEG_EXACT,	/* the segment is lit */
	SEG_ANY,	/* "*": any segment */
	SEG_PREFIX,	/* lit "*" */
	SEG_SUFFIX,	/* "*" lit */
	SEG_PRESUF,	/* lit "*" lit2 */
	SEG_CONTAINS,	/* "*" lit "*" */
	SEG_GENERIC,	/* a token program */
	SEG_DSTAR,	/* "**": zero or more whole segments */
};

enum tok_op {
	TOK_LIT,	/* arg: offset in lits, len bytes */
	TOK_ANY,	/* '?' */
	TOK_SET,	/* arg: index in sets */
	TOK_STAR,	/* '*' */
};

struct tok {
	uint8_t op;
	uint32_t arg;
	uint32_t len;
};

struct seg {
	uint8_t kind;
	uint32_t lit, litlen;	/* offset and length in lits */
	uint32_t lit2, lit2len;	/* SEG_PRESUF: the suffix */
	uint32_t tok, ntok;	/* SEG_GENERIC: the program */
	uint32_t minlen;	/* SEG_GENERIC: no shorter name matches */
};

struct cset {
	uint8_t bits[32];	/* byte mode: all bytes; UTF-8 mode: ASCII */
	uint32_t range, nrange;	/* UTF-8 mode: code points >= 128 */
	bool neg;
};

enum pat_mode {
	PAT_BASE,	/* segs[0] against the base name */
	PAT_PATH,	/* segs against the path's segments */
	PAT_EXACT_PATH,	/* segs[0] is the whole path, literally */
};

struct glob_pat {
	uint8_t mode;
	bool dir_only;
	bool utf8;
	uint32_t nsegs;
	uint32_t first_dstar, last_dstar;	/* NONE without "**" */
	const struct seg *segs;
	const struct tok *toks;
	const struct cset *sets;
	const uint32_t *ranges;			/* pairs: lo, hi */
	const char *lits;
};

/* ---------------------------------------------------------------- UTF-8 */

static inline bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Decode one character of S (N > 0 bytes) into *CP and return its length.
 * Only shortest-form scalar values are valid; anything else is one byte,
 * reported as 0xDC00 + byte (see the top of the file).
 */
static size_t u8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0], lo = 0x80, hi = 0xbf;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		if (n >= 2 && is_cont(s[1])) {
			*cp = (c & 0x1f) << 6 | (s[1] & 0x3f);
			return 2;
		}
	} else if (c >= 0xe0 && c <= 0xef) {
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		if (n >= 3 && s[1] >= lo && s[1] <= hi && is_cont(s[2])) {
			*cp = (c & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
			      (s[2] & 0x3f);
			return 3;
		}
	} else if (c >= 0xf0 && c <= 0xf4) {
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (n >= 4 && s[1] >= lo && s[1] <= hi && is_cont(s[2]) &&
		    is_cont(s[3])) {
			*cp = (c & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
			      (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
			return 4;
		}
	}
	*cp = 0xdc00 | c;
	return 1;
}

/* The length of the character at S (N > 0 bytes) in the given mode. */
static inline size_t char_len(const unsigned char *s, size_t n, bool utf8)
{
	uint32_t cp;

	if (!utf8 || s[0] < 0x80)
		return 1;
	return u8_decode(s, n, &cp);
}

/* ------------------------------------------------------------- building */

/*
 * The builder collects one alternative's pieces in growable arrays, which
 * freeze() then packs into one exactly sized block.  It is reused for all
 * alternatives of a globset_add() call.
 */
struct builder {
	bool utf8;
	struct seg *segs;
	size_t nsegs, asegs;
	struct tok *toks;
	size_t ntoks, atoks;
	struct cset *sets;
	size_t nsets, asets;
	uint32_t *ranges;
	size_t nranges, aranges;	/* counted in pairs */
	struct strbuf lits;
	uint32_t *ends;			/* bracket_ends() of one segment */
	size_t aends;
	size_t steps;			/* see globset_add_counted() */
};

/* Make room for NEED elements of SIZE bytes; NULL (ARR kept) on ENOMEM. */
static void *grow(void *arr, size_t *alloc, size_t need, size_t size)
{
	size_t n;
	void *p;

	if (need <= *alloc)
		return arr;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size) {
			errno = ENOMEM;
			return NULL;
		}
		n *= 2;
	}
	p = realloc(arr, n * size);
	if (!p)
		return NULL;
	*alloc = n;
	return p;
}

static int push_seg(struct builder *b, const struct seg *sg)
{
	struct seg *p = grow(b->segs, &b->asegs, b->nsegs + 1, sizeof(*p));

	if (!p)
		return -1;
	b->segs = p;
	b->segs[b->nsegs++] = *sg;
	return 0;
}

static int push_tok(struct builder *b, uint8_t op, uint32_t arg, uint32_t len)
{
	struct tok *p = grow(b->toks, &b->atoks, b->ntoks + 1, sizeof(*p));

	if (!p)
		return -1;
	b->toks = p;
	p += b->ntoks++;
	p->op = op;
	p->arg = arg;
	p->len = len;
	return 0;
}

/*
 * Append one literal byte to the segment whose tokens start at T0.  Offsets
 * fit in 32 bits because patterns are at most MAX_PATTERN_LEN bytes.
 */
static int push_lit(struct builder *b, size_t t0, const unsigned char *c)
{
	struct tok *t = b->ntoks > t0 ? &b->toks[b->ntoks - 1] : NULL;
	uint32_t off = (uint32_t)b->lits.len;

	if (strbuf_addch(&b->lits, *c) < 0)
		return -1;
	if (t && t->op == TOK_LIT && t->arg + t->len == off) {
		t->len++;
		return 0;
	}
	return push_tok(b, TOK_LIT, off, 1);
}

/* Whether S[J] starts a path separator: '/' or an escaped '/'. */
static inline bool is_sep(const unsigned char *s, size_t n, size_t j)
{
	return s[j] == '/' || (s[j] == '\\' && j + 1 < n && s[j + 1] == '/');
}

/* Whether S ends in an odd number of backslashes (the last one escapes). */
static bool odd_backslashes(const unsigned char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[n - 1 - k] == '\\')
		k++;
	return k & 1;
}

/*
 * The POSIX classes with their C-locale (ASCII) meaning, written out so
 * that no locale can leak in: the walk may run with any LC_CTYPE.
 */
static bool is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

static bool is_upper(unsigned c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(unsigned c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_alpha(unsigned c)
{
	return is_upper(c) || is_lower(c);
}

static bool is_alnum(unsigned c)
{
	return is_alpha(c) || is_digit(c);
}

static bool is_blank(unsigned c)
{
	return c == ' ' || c == '\t';
}

static bool is_cntrl(unsigned c)
{
	return c < 0x20 || c == 0x7f;
}

static bool is_graph(unsigned c)
{
	return c > ' ' && c < 0x7f;
}

static bool is_print(unsigned c)
{
	return c >= ' ' && c < 0x7f;
}

static bool is_punct(unsigned c)
{
	return is_graph(c) && !is_alnum(c);
}

static bool is_space(unsigned c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_xdigit(unsigned c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static const struct {
	const char *name;
	bool (*has)(unsigned c);
} classes[] = {
	{ "alnum", is_alnum }, { "alpha", is_alpha }, { "blank", is_blank },
	{ "cntrl", is_cntrl }, { "digit", is_digit }, { "graph", is_graph },
	{ "lower", is_lower }, { "print", is_print }, { "punct", is_punct },
	{ "space", is_space }, { "upper", is_upper }, { "xdigit", is_xdigit },
};

/* The longest name in classes[]: "xdigit". */
#define MAX_CLASS_NAME 6

/*
 * If S[J] starts "[:name:]" with a known name, return the class index and
 * set *END past it; otherwise -1.  The name ends at the first ":]", and
 * the search stops at a '/', because the class could not extend into the
 * next segment.  It also stops after MAX_CLASS_NAME bytes: a ":]" further
 * on could only end a name that is no class.  That makes each call take
 * constant time, where searching on to the end of the pattern made a run
 * of "[:" quadratic to scan, and cubic to compile.
 */
static int class_at(const unsigned char *s, size_t n, size_t j, size_t *end,
		    size_t *steps)
{
	size_t k, i;

	for (k = j + 2; k + 1 < n && k <= j + 2 + MAX_CLASS_NAME &&
	     s[k] != '/'; k++) {
		++*steps;
		if (s[k] != ':' || s[k + 1] != ']')
			continue;
		for (i = 0; i < ARRAY_SIZE(classes); i++) {
			if (strlen(classes[i].name) == k - j - 2 &&
			    !memcmp(classes[i].name, s + j + 2, k - j - 2)) {
				*end = k + 2;
				return (int)i;
			}
		}
		return -1;
	}
	return -1;
}

/* Read one (possibly escaped) set member at S[J]; return the next index. */
static size_t set_char(const unsigned char *s, size_t n, size_t j, bool utf8,
		       uint32_t *c)
{
	if (s[j] == '\\' && j + 1 < n)
		j++;
	if (utf8)
		return j + u8_decode(s + j, n - j, c);
	*c = s[j];
	return j + 1;
}

static int set_add(struct builder *b, struct cset *cs, uint32_t lo, uint32_t hi)
{
	uint32_t lim = b->utf8 ? 128 : 256, c;
	uint32_t *p;

	if (lo > hi)
		return 0;
	for (c = lo; c <= hi && c < lim; c++)
		cs->bits[c >> 3] |= 1u << (c & 7);
	if (hi < lim)
		return 0;
	p = grow(b->ranges, &b->aranges, b->nranges + 1, 2 * sizeof(*p));
	if (!p)
		return -1;
	b->ranges = p;
	p[2 * b->nranges] = lo < lim ? lim : lo;
	p[2 * b->nranges + 1] = hi;
	b->nranges++;
	return 0;
}

/* One member of a bracket expression: a class, or a range of characters. */
struct member {
	int cls;		/* index in classes[], or -1 for the range */
	uint32_t lo, hi;	/* a single character is a range of one */
};

/*
 * Read the member at S[J] (J < N, not a separator) into *M and return the
 * index just past it, or 0 when it runs into a separator (a range that
 * would end in the next segment), which makes the whole expression
 * literal.  A ']' is read as a member too: whether one closes the
 * expression instead is for the caller to say.  This takes constant time,
 * which is what keeps bracket_ends() linear.
 */
static size_t member(const unsigned char *s, size_t n, size_t j, bool utf8,
		     struct member *m, size_t *steps)
{
	size_t k;

	if (s[j] == '[' && j + 1 < n && s[j + 1] == ':' &&
	    (m->cls = class_at(s, n, j, &k, steps)) >= 0)
		return k;
	m->cls = -1;
	j = set_char(s, n, j, utf8, &m->lo);
	m->hi = m->lo;
	if (j + 1 < n && s[j] == '-' && s[j + 1] != ']') {
		if (is_sep(s, n, j + 1))
			return 0;
		j = set_char(s, n, j + 1, utf8, &m->hi);
	}
	return j;
}

/*
 * Fill ENDS[J], for every J < N, with the index of the ']' that closes a
 * bracket expression whose members go on at S[J], or NONE when the end of
 * S or a separator comes first (see "Complexity" at the top).  A member
 * read at J ends further right, so a pass from right to left finds each
 * answer from one already known.
 */
static void bracket_ends(const unsigned char *s, size_t n, bool utf8,
			 uint32_t *ends, size_t *steps)
{
	struct member m;
	size_t j = n, k;

	while (j-- > 0) {
		++*steps;
		if (is_sep(s, n, j)) {
			ends[j] = NONE;
		} else if (s[j] == ']') {
			ends[j] = (uint32_t)j;
		} else {
			k = member(s, n, j, utf8, &m, steps);
			ends[j] = k > 0 && k < n ? ends[k] : NONE;
		}
	}
}

/*
 * If the '[' at S[I] opens a bracket expression, return the index of the
 * ']' that closes it; otherwise NONE: there is no closing ']' in this
 * segment, and the '[' is an ordinary character.  ENDS is what
 * bracket_ends() found for S in the same mode.  Only the first member
 * needs reading here, because a ']' there is a member and does not close.
 */
static uint32_t bracket_close(const unsigned char *s, size_t n, size_t i,
			      bool utf8, const uint32_t *ends, size_t *steps)
{
	struct member m;
	size_t j = i + 1;

	if (j < n && (s[j] == '!' || s[j] == '^'))
		j++;
	if (j < n && s[j] == ']')
		j = member(s, n, j, utf8, &m, steps);
	return j > 0 && j < n ? ends[j] : NONE;
}

/*
 * Compile the bracket expression from the '[' at S[I] to the ']' at
 * S[CLOSE], which bracket_close() found, into *CS; -1 on ENOMEM.
 *
 * The rules follow POSIX and glibc fnmatch(3): '!' or '^' first negates,
 * ']' first is a member, '-' first or last is a member, a range runs from
 * one (possibly escaped) character to the next and is empty when reversed,
 * and "[:name:]" is a class.  Collating symbols "[.x.]" and equivalence
 * classes "[=x=]" are not supported; their characters are plain members.
 */
static int bracket(struct builder *b, struct cset *cs, const unsigned char *s,
		   size_t n, size_t i, size_t close)
{
	size_t j = i + 1;
	struct member m;
	unsigned c;

	memset(cs, 0, sizeof(*cs));
	cs->range = (uint32_t)b->nranges;
	if (s[j] == '!' || s[j] == '^') {
		cs->neg = true;
		j++;
	}
	/* The first member is read even if it is a ']'. */
	do {
		b->steps++;
		j = member(s, n, j, b->utf8, &m, &b->steps);
		if (m.cls >= 0) {
			for (c = 0; c < 128; c++)
				if (classes[m.cls].has(c))
					cs->bits[c >> 3] |= 1u << (c & 7);
		} else if (set_add(b, cs, m.lo, m.hi) < 0) {
			return -1;
		}
	} while (j < close);
	cs->nrange = (uint32_t)(b->nranges - cs->range);
	return 0;
}

static inline bool lit_safe(const struct builder *b, const struct tok *t)
{
	return !b->utf8 || !is_cont((unsigned char)b->lits.buf[t->arg]);
}

/*
 * Compile one segment S of N bytes (no '/') and append it to B->segs.
 * DSTAR says whether "**" alone is the any-depth segment (path patterns)
 * or just a '*' (base-name patterns).
 */
static int compile_seg(struct builder *b, const unsigned char *s, size_t n,
		       bool dstar)
{
	struct seg sg = { .kind = SEG_GENERIC };
	size_t t0 = b->ntoks, i = 0, nt, k;
	bool ends_found = false;
	struct cset *cs;
	uint32_t *ends;
	uint32_t close;
	struct tok *t;

	if (dstar && n == 2 && s[0] == '*' && s[1] == '*') {
		sg.kind = SEG_DSTAR;
		return push_seg(b, &sg);
	}
	while (i < n) {
		b->steps++;
		switch (s[i]) {
		case '*':
			/* "**" inside a segment is just '*'. */
			t = b->ntoks > t0 ? &b->toks[b->ntoks - 1] : NULL;
			if ((!t || t->op != TOK_STAR) &&
			    push_tok(b, TOK_STAR, 0, 0) < 0)
				return -1;
			i++;
			continue;
		case '?':
			if (push_tok(b, TOK_ANY, 0, 0) < 0)
				return -1;
			i++;
			continue;
		case '[':
			/* The first '[' finds where all of them end. */
			if (!ends_found) {
				ends = grow(b->ends, &b->aends, n,
					    sizeof(*ends));
				if (!ends)
					return -1;
				b->ends = ends;
				bracket_ends(s, n, b->utf8, ends, &b->steps);
				ends_found = true;
			}
			close = bracket_close(s, n, i, b->utf8, b->ends,
					      &b->steps);
			/* An unterminated '[' is an ordinary character. */
			if (close == NONE)
				break;
			cs = grow(b->sets, &b->asets, b->nsets + 1,
				  sizeof(*cs));
			if (!cs)
				return -1;
			b->sets = cs;
			if (bracket(b, &cs[b->nsets], s, n, i, close) < 0 ||
			    push_tok(b, TOK_SET, (uint32_t)b->nsets, 0) < 0)
				return -1;
			b->nsets++;
			i = close + 1;
			continue;
		case '\\':
			/* A lone trailing '\' stands for itself. */
			if (i + 1 < n)
				i++;
			break;
		}
		if (push_lit(b, t0, s + i) < 0)
			return -1;
		i++;
	}

	nt = b->ntoks - t0;
	/* No token yet at all leaves toks NULL: no pointer into it then. */
	t = nt ? b->toks + t0 : NULL;
	if (nt == 0) {
		sg.kind = SEG_EXACT;
	} else if (nt == 1 && t[0].op == TOK_LIT) {
		sg.kind = SEG_EXACT;
		sg.lit = t[0].arg;
		sg.litlen = t[0].len;
	} else if (nt == 1 && t[0].op == TOK_STAR) {
		sg.kind = SEG_ANY;
	} else if (nt == 2 && t[0].op == TOK_STAR && t[1].op == TOK_LIT &&
		   lit_safe(b, &t[1])) {
		sg.kind = SEG_SUFFIX;
		sg.lit = t[1].arg;
		sg.litlen = t[1].len;
	} else if (nt == 2 && t[0].op == TOK_LIT && t[1].op == TOK_STAR) {
		sg.kind = SEG_PREFIX;
		sg.lit = t[0].arg;
		sg.litlen = t[0].len;
	} else if (nt == 3 && t[0].op == TOK_LIT && t[1].op == TOK_STAR &&
		   t[2].op == TOK_LIT && lit_safe(b, &t[2])) {
		sg.kind = SEG_PRESUF;
		sg.lit = t[0].arg;
		sg.litlen = t[0].len;
		sg.lit2 = t[2].arg;
		sg.lit2len = t[2].len;
	} else if (nt == 3 && t[0].op == TOK_STAR && t[1].op == TOK_LIT &&
		   t[2].op == TOK_STAR && lit_safe(b, &t[1])) {
		sg.kind = SEG_CONTAINS;
		sg.lit = t[1].arg;
		sg.litlen = t[1].len;
	}
	if (sg.kind != SEG_GENERIC) {
		/* The shape says it all; the tokens are not needed. */
		b->ntoks = t0;
		return push_seg(b, &sg);
	}
	sg.tok = (uint32_t)t0;
	sg.ntok = (uint32_t)nt;
	for (k = 0; k < nt; k++)
		if (t[k].op != TOK_STAR)
			sg.minlen += t[k].op == TOK_LIT ? t[k].len : 1;
	return push_seg(b, &sg);
}

/* Pack the builder into one block; NULL on ENOMEM. */
static struct glob_pat *freeze(const struct builder *b, enum pat_mode mode,
			       bool dir_only)
{
	size_t o_segs, o_toks, o_sets, o_ranges, o_lits, size, i;
	struct glob_pat *p;
	char *base;

#define ALIGN_UP(x, t) (((x) + _Alignof(t) - 1) & ~(_Alignof(t) - 1))
	o_segs = ALIGN_UP(sizeof(*p), struct seg);
	o_toks = ALIGN_UP(o_segs + b->nsegs * sizeof(struct seg), struct tok);
	o_sets = ALIGN_UP(o_toks + b->ntoks * sizeof(struct tok), struct cset);
	o_ranges = ALIGN_UP(o_sets + b->nsets * sizeof(struct cset), uint32_t);
	o_lits = o_ranges + b->nranges * 2 * sizeof(uint32_t);
	size = o_lits + b->lits.len + 1;
#undef ALIGN_UP

	p = malloc(size);
	if (!p)
		return NULL;
	base = (char *)p;
	p->mode = (uint8_t)mode;
	p->dir_only = dir_only;
	p->utf8 = b->utf8;
	p->nsegs = (uint32_t)b->nsegs;
	p->first_dstar = NONE;
	p->last_dstar = NONE;
	for (i = 0; i < b->nsegs; i++) {
		if (b->segs[i].kind != SEG_DSTAR)
			continue;
		if (p->first_dstar == NONE)
			p->first_dstar = (uint32_t)i;
		p->last_dstar = (uint32_t)i;
	}
	if (b->nsegs)
		memcpy(base + o_segs, b->segs, b->nsegs * sizeof(struct seg));
	if (b->ntoks)
		memcpy(base + o_toks, b->toks, b->ntoks * sizeof(struct tok));
	if (b->nsets)
		memcpy(base + o_sets, b->sets, b->nsets * sizeof(struct cset));
	if (b->nranges)
		memcpy(base + o_ranges, b->ranges,
		       b->nranges * 2 * sizeof(uint32_t));
	if (b->lits.len)
		memcpy(base + o_lits, b->lits.buf, b->lits.len);
	base[o_lits + b->lits.len] = '\0';
	p->segs = (const struct seg *)(void *)(base + o_segs);
	p->toks = (const struct tok *)(void *)(base + o_toks);
	p->sets = (const struct cset *)(void *)(base + o_sets);
	p->ranges = (const uint32_t *)(void *)(base + o_ranges);
	p->lits = base + o_lits;
	return p;
}

/* Compile one brace-free alternative PAT of N bytes; NULL on ENOMEM. */
static struct glob_pat *compile(struct builder *b, const char *pat, size_t n)
{
	const unsigned char *s = (const unsigned char *)pat;
	bool anchored = false, dir_only = false, exact = true;
	enum pat_mode mode = PAT_PATH;
	struct seg *sg;
	size_t i, start, len, w;

	b->nsegs = b->ntoks = b->nsets = b->nranges = 0;
	strbuf_setlen(&b->lits, 0);

	/*
	 * A leading "./" or "/" anchors the pattern at ROOT: it then matches
	 * the whole path even if no other '/' follows ("./x" is the top-level
	 * x only, as the pattern has a '/').
	 */
	for (;;) {
		if (n >= 2 && s[0] == '.' && s[1] == '/') {
			s += 2;
			n -= 2;
		} else if (n >= 1 && s[0] == '/') {
			s++;
			n--;
		} else {
			break;
		}
		anchored = true;
	}
	while (n > 0 && s[n - 1] == '/') {
		n--;
		if (odd_backslashes(s, n))
			n--;
		dir_only = true;
	}

	if (!anchored && !memchr(s, '/', n)) {
		if (compile_seg(b, s, n, false) < 0)
			return NULL;
		return freeze(b, PAT_BASE, dir_only);
	}

	/* Split at every '/'; empty segments ("a//b") are dropped. */
	for (start = 0, i = 0; i <= n; i++) {
		b->steps++;
		if (i < n && s[i] != '/')
			continue;
		len = i - start;
		/* In "a\/b" the '\' only escaped the separator. */
		if (i < n && odd_backslashes(s + start, len))
			len--;
		if (len && compile_seg(b, s + start, len, true) < 0)
			return NULL;
		start = i + 1;
	}

	/* Two "**" segments in a row mean the same as one. */
	for (i = 0, w = 0; i < b->nsegs; i++) {
		if (w && b->segs[i].kind == SEG_DSTAR &&
		    b->segs[w - 1].kind == SEG_DSTAR)
			continue;
		b->segs[w++] = b->segs[i];
	}
	b->nsegs = w;

	/* A trailing "**" needs at least one segment: make it "*", "**". */
	if (w && b->segs[w - 1].kind == SEG_DSTAR) {
		struct seg any = { .kind = SEG_ANY };

		b->segs[w - 1] = any;
		any.kind = SEG_DSTAR;
		if (push_seg(b, &any) < 0)
			return NULL;
	}

	if (b->nsegs == 2 && b->segs[0].kind == SEG_DSTAR &&
	    b->segs[1].kind != SEG_DSTAR) {
		b->segs[0] = b->segs[1];
		b->nsegs = 1;
		return freeze(b, PAT_BASE, dir_only);
	}

	for (i = 0; i < b->nsegs; i++)
		exact = exact && b->segs[i].kind == SEG_EXACT;
	if (exact) {
		/* Join the segments into one literal path. */
		struct seg whole = { .kind = SEG_EXACT };

		len = b->nsegs ? b->nsegs - 1 : 0;
		for (i = 0; i < b->nsegs; i++)
			len += b->segs[i].litlen;
		if (strbuf_grow(&b->lits, len) < 0)
			return NULL;
		whole.lit = (uint32_t)b->lits.len;
		whole.litlen = (uint32_t)len;
		for (i = 0; i < b->nsegs; i++) {
			sg = &b->segs[i];
			if (i)
				strbuf_addch(&b->lits, '/');
			/* Room was made above, so the source cannot move. */
			strbuf_add(&b->lits, b->lits.buf + sg->lit, sg->litlen);
		}
		b->nsegs = 0;
		if (push_seg(b, &whole) < 0)
			return NULL;
		mode = PAT_EXACT_PATH;
	}
	return freeze(b, mode, dir_only);
}

/* ------------------------------------------------------- brace expansion */

enum {
	BR_OTHER,
	BR_OPEN,	/* '{' without a top-level comma (literal) */
	BR_OPEN_COMMA,	/* '{' with a comma seen, still open */
	BR_GROUP,	/* '{' of a valid group: closed, with a comma */
	BR_CLOSE,
	BR_COMMA,
};

/* A piece of the pattern still to be expanded after the current one. */
struct span {
	size_t a, e;
	const struct span *next;
};

struct expansion {
	const unsigned char *s;
	unsigned char *kind;	/* BR_*, per byte of s */
	uint32_t *close;	/* per '{': its '}', or NONE */
	uint32_t *ends;		/* bracket_ends(), if s has a '[' */
	struct strbuf out;	/* the alternatives, each NUL-terminated */
	size_t *offs;		/* where each alternative starts in out */
	size_t count, aoffs;
	const char *err;
	size_t steps;		/* see globset_add_counted() */
};

/*
 * Classify the braces of S in one pass: which '{' are valid groups, where
 * each closes, and which commas separate.  Escaped characters and bracket
 * expressions are skipped, so their braces and commas are literal.  Every
 * piece that expand() later looks at starts and ends on these token
 * boundaries, so one pass over the whole pattern serves all of them.
 */
static void brace_scan(struct expansion *x, size_t n)
{
	const unsigned char *s = x->s;
	uint32_t *stack = x->close + n;	/* the second half of close[] */
	size_t i = 0, sp = 0, o;
	uint32_t close;

	memset(x->kind, BR_OTHER, n);
	while (i < n) {
		x->steps++;
		switch (s[i]) {
		case '\\':
			i += i + 1 < n ? 2 : 1;
			continue;
		case '[':
			/* The expansion reads bytes in either mode, as ever. */
			close = bracket_close(s, n, i, false, x->ends,
					      &x->steps);
			if (close != NONE) {
				i = close + 1;
				continue;
			}
			break;
		case '{':
			x->kind[i] = BR_OPEN;
			x->close[i] = NONE;
			stack[sp++] = (uint32_t)i;
			break;
		case '}':
			if (!sp)
				break;
			o = stack[--sp];
			x->close[o] = (uint32_t)i;
			x->kind[i] = BR_CLOSE;
			if (x->kind[o] == BR_OPEN_COMMA)
				x->kind[o] = BR_GROUP;
			break;
		case ',':
			if (!sp)
				break;
			x->kind[i] = BR_COMMA;
			if (x->kind[stack[sp - 1]] == BR_OPEN)
				x->kind[stack[sp - 1]] = BR_OPEN_COMMA;
			break;
		}
		i++;
	}
}

static int emit(struct expansion *x, const struct strbuf *acc)
{
	size_t *p;

	if (x->count >= MAX_ALTERNATIVES) {
		x->err = err_too_many;
		return -1;
	}
	if (x->out.len + acc->len + 1 > MAX_EXPANSION_BYTES) {
		x->err = err_too_large;
		return -1;
	}
	p = grow(x->offs, &x->aoffs, x->count + 1, sizeof(*p));
	if (!p)
		return -1;
	x->offs = p;
	x->offs[x->count] = x->out.len;
	if (strbuf_add(&x->out, acc->buf ? acc->buf : "", acc->len + 1) < 0)
		return -1;
	x->count++;
	return 0;
}

/*
 * Expand S[A..E) followed by the pieces in TAIL, appending to ACC, which
 * is restored before returning.  The output is the preamble, times each
 * alternative, times the expansion of what follows, as in bash.
 *
 * The recursion is at most 2 G + 1 deep when it has entered G groups, and
 * each of those groups has another alternative that yields a distinct
 * result, so a depth beyond 2 * MAX_ALTERNATIVES + 1 implies too many
 * alternatives: that check bounds the stack before the count would.
 */
static int expand(struct expansion *x, struct strbuf *acc, size_t a, size_t e,
		  const struct span *tail, size_t depth)
{
	size_t p, k, start, close, mark = acc->len;
	const struct span *after;
	struct span rest;
	int r = 0;

	x->steps++;
	if (depth > 2 * MAX_ALTERNATIVES + 1) {
		x->err = err_too_many;
		return -1;
	}
	for (p = a; p < e && x->kind[p] != BR_GROUP; p++)
		x->steps++;
	if (strbuf_add(acc, x->s + a, p - a) < 0)
		return -1;
	if (p == e) {
		if (tail)
			r = expand(x, acc, tail->a, tail->e, tail->next,
				   depth + 1);
		else
			r = emit(x, acc);
		strbuf_setlen(acc, mark);
		return r;
	}
	close = x->close[p];
	/*
	 * What follows the group is expanded after each alternative.  An
	 * empty rest stays out of the chain: in braces nested D deep, every
	 * alternative would otherwise walk up to D empty pieces to reach its
	 * end, which is quadratic in D.
	 */
	rest.a = close + 1;
	rest.e = e;
	rest.next = tail;
	after = rest.a < rest.e ? &rest : tail;
	for (start = k = p + 1; r == 0; k++) {
		x->steps++;
		if ((x->kind[k] == BR_GROUP || x->kind[k] == BR_OPEN) &&
		    x->close[k] != NONE) {
			/* A nested brace is one unit here. */
			k = x->close[k];
		} else if (k == close || x->kind[k] == BR_COMMA) {
			r = expand(x, acc, start, k, after, depth + 1);
			start = k + 1;
			if (k == close)
				break;
		}
	}
	strbuf_setlen(acc, mark);
	return r;
}

static int brace_expand(struct expansion *x, const char *pat, size_t n)
{
	struct strbuf acc = STRBUF_INIT;
	int r;

	x->s = (const unsigned char *)pat;
	x->kind = malloc(n);
	x->close = malloc(2 * n * sizeof(*x->close));
	if (!x->kind || !x->close)
		return -1;
	if (memchr(pat, '[', n)) {
		x->ends = malloc(n * sizeof(*x->ends));
		if (!x->ends)
			return -1;
		bracket_ends(x->s, n, false, x->ends, &x->steps);
	}
	brace_scan(x, n);
	r = expand(x, &acc, 0, n, NULL, 0);
	strbuf_release(&acc);
	return r;
}

/* --------------------------------------------------------------- public */

void globset_init(struct globset *gs, bool utf8)
{
	gs->pats = NULL;
	gs->n = 0;
	gs->alloc = 0;
	gs->utf8 = utf8;
}

int globset_add(struct globset *gs, const char *pattern, const char **err)
{
	size_t steps;

	return globset_add_counted(gs, pattern, err, &steps);
}

int globset_add_counted(struct globset *gs, const char *pattern,
			const char **err, size_t *steps)
{
	struct expansion x = { .out = STRBUF_INIT };
	struct builder b = { .utf8 = gs->utf8, .lits = STRBUF_INIT };
	struct glob_pat **pats = NULL, **np;
	size_t len = strlen(pattern), count = 1, done = 0, i;
	const char *msg = err_nomem;
	int ret = -1;

	if (len > MAX_PATTERN_LEN) {
		msg = err_too_long;
		goto out;
	}
	if (memchr(pattern, '{', len)) {
		if (brace_expand(&x, pattern, len) < 0) {
			if (x.err)
				msg = x.err;
			goto out;
		}
		count = x.count;
	}

	pats = malloc(count * sizeof(*pats));
	if (!pats)
		goto out;
	for (done = 0; done < count; done++) {
		const char *alt = pattern;
		size_t alen = len;

		if (x.count) {
			size_t next = done + 1 < count ? x.offs[done + 1] :
							 x.out.len;

			alt = x.out.buf + x.offs[done];
			alen = next - x.offs[done] - 1;
		}
		pats[done] = compile(&b, alt, alen);
		if (!pats[done])
			goto out;
	}

	np = grow(gs->pats, &gs->alloc, gs->n + count, sizeof(*np));
	if (!np)
		goto out;
	gs->pats = np;
	memcpy(gs->pats + gs->n, pats, count * sizeof(*pats));
	gs->n += count;
	done = 0;	/* now owned by the set */
	ret = 0;
out:
	for (i = 0; i < done; i++)
		free(pats[i]);
	free(pats);
	free(x.kind);
	free(x.close);
	free(x.ends);
	free(x.offs);
	strbuf_release(&x.out);
	free(b.segs);
	free(b.toks);
	free(b.sets);
	free(b.ranges);
	free(b.ends);
	strbuf_release(&b.lits);
	*steps = x.steps + b.steps;
	if (ret < 0) {
		errno = msg == err_nomem ? ENOMEM : EINVAL;
		if (err)
			*err = msg;
	}
	return ret;
}

bool globset_has_dir_only(const struct globset *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (gs->pats[i]->dir_only)
			return true;
	return false;
}

void globset_release(struct globset *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		free(gs->pats[i]);
	free(gs->pats);
	gs->pats = NULL;
	gs->n = 0;
	gs->alloc = 0;
}

/* ------------------------------------------------------------- matching */

static bool set_match(const struct glob_pat *p, const struct cset *cs,
		      uint32_t c)
{
	const uint32_t *r;
	bool in = false;
	uint32_t k;

	if (c < (p->utf8 ? 128u : 256u)) {
		in = cs->bits[c >> 3] >> (c & 7) & 1;
	} else {
		r = p->ranges + 2 * (size_t)cs->range;
		for (k = 0; k < cs->nrange && !in; k++)
			in = c >= r[2 * k] && c <= r[2 * k + 1];
	}
	return in != cs->neg;
}

/* The general segment matcher: see "Complexity" at the top. */
static bool run_tokens(const struct glob_pat *p, const struct seg *sg,
		       const unsigned char *s, size_t n)
{
	const struct tok *t = p->toks + sg->tok, *te = t + sg->ntok;
	const struct tok *star_t = NULL;
	const unsigned char *lit, *hit;
	size_t i = 0, star_i = 0, len;
	bool utf8 = p->utf8;
	uint32_t c;

	if (n < sg->minlen)
		return false;
	/* Cheap rejections: a leading or trailing literal is anchored. */
	if (t[0].op == TOK_LIT && memcmp(s, p->lits + t[0].arg, t[0].len))
		return false;
	if (te[-1].op == TOK_LIT &&
	    memcmp(s + n - te[-1].len, p->lits + te[-1].arg, te[-1].len))
		return false;

	for (;;) {
		if (t < te) {
			switch (t->op) {
			case TOK_STAR:
				if (++t == te)
					return true;
				star_t = t;
				star_i = i;
				goto scan;
			case TOK_LIT:
				if (n - i >= t->len &&
				    !memcmp(s + i, p->lits + t->arg, t->len)) {
					i += t->len;
					t++;
					continue;
				}
				break;
			case TOK_ANY:
				if (i < n) {
					i += char_len(s + i, n - i, utf8);
					t++;
					continue;
				}
				break;
			case TOK_SET:
				if (i >= n)
					break;
				if (utf8) {
					len = u8_decode(s + i, n - i, &c);
				} else {
					c = s[i];
					len = 1;
				}
				if (set_match(p, &p->sets[t->arg], c)) {
					i += len;
					t++;
					continue;
				}
				break;
			}
		} else if (i == n) {
			return true;
		}

		/*
		 * A mismatch: the most recent '*' swallows one more character
		 * and the rest is retried from there.
		 */
		if (!star_t || star_i >= n)
			return false;
		star_i += char_len(s + star_i, n - star_i, utf8);
scan:
		/*
		 * When a literal follows the '*', skip straight to the next
		 * place where its first byte occurs.  Such a place starts a
		 * character unless the byte is a continuation byte.
		 */
		if (star_t->op == TOK_LIT) {
			lit = (const unsigned char *)p->lits + star_t->arg;
			if (!utf8 || !is_cont(lit[0])) {
				hit = star_i < n ?
				      memchr(s + star_i, lit[0], n - star_i) :
				      NULL;
				if (!hit)
					return false;
				star_i = (size_t)(hit - s);
			}
		}
		i = star_i;
		t = star_t;
	}
}

static inline bool seg_match(const struct glob_pat *p, const struct seg *sg,
			     const char *s, size_t n)
{
	const char *lit = p->lits + sg->lit;

	switch (sg->kind) {
	case SEG_EXACT:
		return n == sg->litlen && !memcmp(s, lit, n);
	case SEG_ANY:
		return true;
	case SEG_PREFIX:
		return n >= sg->litlen && !memcmp(s, lit, sg->litlen);
	case SEG_SUFFIX:
		return n >= sg->litlen &&
		       !memcmp(s + n - sg->litlen, lit, sg->litlen);
	case SEG_PRESUF:
		return n >= sg->litlen + sg->lit2len &&
		       !memcmp(s, lit, sg->litlen) &&
		       !memcmp(s + n - sg->lit2len, p->lits + sg->lit2,
			       sg->lit2len);
	case SEG_CONTAINS:
		return memmem(s, n, lit, sg->litlen) != NULL;
	case SEG_GENERIC:
		return run_tokens(p, sg, (const unsigned char *)s, n);
	default:
		return false;
	}
}

/*
 * Path segments are walked in place, without splitting the path: the
 * segments not yet matched are PATH[LO..HI), and there are none when
 * LO > HI.  These take the first or the last of them.
 */
static inline size_t seg_end(const char *path, size_t lo, size_t hi)
{
	const char *e = memchr(path + lo, '/', hi - lo);

	return e ? (size_t)(e - path) : hi;
}

static inline size_t seg_start(const char *path, size_t lo, size_t hi)
{
	const char *b = memrchr(path + lo, '/', hi - lo);

	return b ? (size_t)(b - path) + 1 : lo;
}

/*
 * Match segs[F..L], which start and end with "**", against the path
 * segments in PATH[LO..HI): the star loop of run_tokens() with segments
 * for characters.
 */
static bool dstar_match(const struct glob_pat *p, size_t f, size_t l,
			const char *path, size_t lo, size_t hi)
{
	const struct seg *sg = p->segs;
	size_t pi = f, star_pi = f, star_lo = lo, e;

	for (;;) {
		if (sg[pi].kind == SEG_DSTAR) {
			if (pi == l)
				return true;
			star_pi = ++pi;
			star_lo = lo;
			continue;
		}
		if (lo > hi)
			return false;	/* fewer segments will not help */
		e = seg_end(path, lo, hi);
		if (seg_match(p, &sg[pi], path + lo, e - lo)) {
			lo = e + 1;
			pi++;
			continue;
		}
		/* Let the most recent "**" take one more segment. */
		if (star_lo > hi)
			return false;
		star_lo = seg_end(path, star_lo, hi) + 1;
		lo = star_lo;
		pi = star_pi;
	}
}

static bool path_match(const struct glob_pat *p, const char *path, size_t len)
{
	const struct seg *sg = p->segs;
	size_t lo = 0, hi = len, i, e, f = p->first_dstar, l = p->last_dstar;

	/*
	 * LO > HI means that no segments are left.  HI is never decremented
	 * below LO (that could wrap); taking the last segment sets LO instead.
	 */
	if (f == NONE) {
		for (i = 0; i < p->nsegs; i++) {
			if (lo > hi)
				return false;
			e = seg_end(path, lo, hi);
			if (!seg_match(p, &sg[i], path + lo, e - lo))
				return false;
			lo = e + 1;
		}
		return lo > hi;
	}

	/* The segments after the last "**", from the end. */
	for (i = p->nsegs; i-- > l + 1;) {
		if (lo > hi)
			return false;
		e = seg_start(path, lo, hi);
		if (!seg_match(p, &sg[i], path + e, hi - e))
			return false;
		if (e == lo)
			lo = hi + 1;
		else
			hi = e - 1;
	}

	/* The segments before the first "**". */
	for (i = 0; i < f; i++) {
		if (lo > hi)
			return false;
		e = seg_end(path, lo, hi);
		if (!seg_match(p, &sg[i], path + lo, e - lo))
			return false;
		lo = e + 1;
	}
	return dstar_match(p, f, l, path, lo, hi);
}

bool globset_match(const struct globset *gs, const char *path, size_t len,
		   bool is_dir)
{
	const char *base = NULL, *slash;
	const struct glob_pat *p;
	size_t blen = 0, i;

	while (len >= 2 && path[0] == '.' && path[1] == '/') {
		path += 2;
		len -= 2;
	}
	if (len > 1 && path[len - 1] == '/')
		len--;

	for (i = 0; i < gs->n; i++) {
		p = gs->pats[i];
		if (p->dir_only && !is_dir)
			continue;
		switch (p->mode) {
		case PAT_BASE:
			if (!base) {
				slash = memrchr(path, '/', len);
				base = slash ? slash + 1 : path;
				blen = (size_t)(path + len - base);
			}
			if (seg_match(p, p->segs, base, blen))
				return true;
			break;
		case PAT_EXACT_PATH:
			if (len == p->segs[0].litlen &&
			    !memcmp(path, p->lits + p->segs[0].lit, len))
				return true;
			break;
		default:
			if (path_match(p, path, len))
				return true;
			break;
		}
	}
	return false;
}
