/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_select.c - unit tests for select.c: GLOB operands, -x, --regex,
 * --exclude-regex, depth, and their order.
 *
 * Most checks are tables of (path, flags, expected) rows run against one
 * selection built from a list of options, in both byte and UTF-8 mode.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "match.h"
#include "select.h"
#include "strbuf.h"

/* What to build a selection from; each list ends with NULL. */
struct spec {
	const char *globs[6];
	const char *excludes[6];
	const char *regexes[6];
	const char *xregexes[6];
	long max_depth;
};

struct row {
	const char *path;
	unsigned flags;         /* SELECT_DIRS, SELECT_DEPTH */
	int want;               /* 1, 0 or -1 */
};

struct built {
	struct globset globs;
	struct select sel;
};

static void build(struct built *b, const struct spec *sp, bool utf8)
{
	const char *err = NULL;
	size_t i;

	globset_init(&b->globs, utf8);
	for (i = 0; sp->globs[i]; i++)
		assert_int_equal(globset_add(&b->globs, sp->globs[i], &err), 0);
	select_init(&b->sel, &b->globs, utf8);
	b->sel.max_depth = sp->max_depth;
	for (i = 0; sp->excludes[i]; i++)
		assert_int_equal(select_add_exclude(&b->sel, sp->excludes[i]),
				 0);
	for (i = 0; sp->regexes[i]; i++)
		assert_int_equal(select_add_regex(&b->sel, sp->regexes[i],
						  false), 0);
	for (i = 0; sp->xregexes[i]; i++)
		assert_int_equal(select_add_regex(&b->sel, sp->xregexes[i],
						  true), 0);
}

static void unbuild(struct built *b)
{
	select_release(&b->sel);
	globset_release(&b->globs);
}

static void run_rows(const struct spec *sp, const struct row *rows, size_t n)
{
	int failures = 0, mode;
	size_t i;

	for (mode = 0; mode < 2; mode++) {
		struct built b;

		build(&b, sp, mode == 1);
		for (i = 0; i < n; i++) {
			int got = select_file(&b.sel, rows[i].path,
					      strlen(rows[i].path),
					      rows[i].flags);

			if (got != rows[i].want) {
				print_error("row %zu: '%s' (flags %u, %s): "
					    "got %d, want %d\n", i,
					    rows[i].path, rows[i].flags,
					    mode ? "UTF-8" : "bytes", got,
					    rows[i].want);
				failures++;
			}
		}
		unbuild(&b);
	}
	assert_int_equal(failures, 0);
}

#define RUN(sp, rows) run_rows(sp, rows, ARRAY_SIZE(rows))
#define L(...) { __VA_ARGS__, NULL }
#define D SELECT_DIRS
#define DEPTH SELECT_DEPTH

static void test_nothing_given(void **state)
{
	static const struct spec sp = { .max_depth = -1 };
	static const struct row rows[] = {
		{ "a", 0, 1 },
		{ "a/b/c.c", 0, 1 },
		{ ".hidden", 0, 1 },
		{ "a/b/c.c", D | DEPTH, 1 },
		{ "", 0, 1 },
	};
	struct built b;

	(void)state;
	RUN(&sp, rows);
	/* No exclusion: the walk needs no prune callback. */
	build(&b, &sp, false);
	assert_false(select_prunes(&b.sel));
	assert_true(select_dir(&b.sel, "a", 1));
	unbuild(&b);
	/* A NULL set of GLOBs is no GLOB at all. */
	select_init(&b.sel, NULL, false);
	assert_int_equal(select_file(&b.sel, "x", 1, 0), 1);
	select_release(&b.sel);
}

static void test_globs(void **state)
{
	static const struct spec sp = {
		.globs = L("*.c", "docs/*.md"), .max_depth = -1,
	};
	static const struct row rows[] = {
		{ "x.c", 0, 1 },
		{ "a/b/x.c", 0, 1 },
		{ "a/.x.c", 0, 1 },
		{ "docs/a.md", 0, 1 },
		{ "x/docs/a.md", 0, 0 },
		{ "a.md", 0, 0 },
		{ "x.h", 0, 0 },
		/* A leading "./" is ignored. */
		{ "./docs/a.md", 0, 1 },
	};

	(void)state;
	RUN(&sp, rows);
}

/* A GLOB ending in '/' selects the files below a matching directory. */
static void test_glob_dir_only(void **state)
{
	static const struct spec sp = {
		.globs = L("docs/", "*.c"), .max_depth = -1,
	};
	static const struct row rows[] = {
		{ "docs/a.md", 0, 1 },
		{ "x/docs/sub/a.md", 0, 1 },
		{ "docs", 0, 0 },		/* a file named docs */
		{ "mydocs/a.md", 0, 0 },
		{ "x.c", 0, 1 },
		{ "x.h", 0, 0 },
	};

	(void)state;
	RUN(&sp, rows);
}

static void test_excludes(void **state)
{
	static const struct spec sp = {
		.excludes = L("*.o", "build", "gen/", "lib/old/*"),
		.max_depth = -1,
	};
	static const struct row rows[] = {
		{ "x.c", 0, 1 },
		{ "x.o", 0, 0 },
		{ "a/b/x.o", 0, 0 },
		{ "build", 0, 0 },		/* a file named build */
		{ "a/build", 0, 0 },
		{ "gen", 0, 1 },		/* 'gen/': directories only */
		{ "lib/old/x", 0, 0 },
		{ "lib/old/a/x", 0, 1 },	/* '*' does not cross '/' */
		/* The walk prunes directories; a path from elsewhere is
		 * checked directory by directory with SELECT_DIRS. */
		{ "build/x.c", 0, 1 },
		{ "build/x.c", D, 0 },
		{ "a/build/b/x.c", D, 0 },
		{ "gen/x.c", D, 0 },
		{ "a/gen/x.c", D, 0 },
		{ "gen.c", D, 1 },
		{ "lib/old/a/x", D, 0 },	/* lib/old/a is excluded */
		{ "lib/x", D, 1 },
		{ "./a/x.c", D, 1 },
		{ "a//x.c", D, 1 },
	};
	struct built b;

	(void)state;
	RUN(&sp, rows);

	build(&b, &sp, false);
	assert_true(select_prunes(&b.sel));
	assert_false(select_dir(&b.sel, "build", 5));
	assert_false(select_dir(&b.sel, "a/build", 7));
	assert_false(select_dir(&b.sel, "gen", 3));
	assert_false(select_dir(&b.sel, "x/gen", 5));
	assert_false(select_dir(&b.sel, "x.o", 3));
	assert_false(select_dir(&b.sel, "lib/old/a", 9));
	assert_true(select_dir(&b.sel, "lib/old", 7));
	assert_true(select_dir(&b.sel, "src", 3));
	assert_true(select_prune(&b.sel, "build", 5));
	assert_false(select_prune(&b.sel, "src", 3));
	unbuild(&b);
}

static void test_bad_exclude(void **state)
{
	struct strbuf pat = STRBUF_INIT;
	struct select sel;
	int i;

	(void)state;
	for (i = 0; i < 13; i++)
		assert_int_equal(strbuf_addstr(&pat, "{a,b}"), 0);
	select_init(&sel, NULL, false);
	assert_int_equal(select_add_exclude(&sel, pat.buf), -1);
	assert_string_equal(sel.error,
			    "too many alternatives in brace expansion");
	/* Still usable. */
	assert_int_equal(select_add_exclude(&sel, "*.o"), 0);
	assert_int_equal(select_file(&sel, "x.o", 3, 0), 0);
	select_release(&sel);
	strbuf_release(&pat);
}

static void test_regex(void **state)
{
	static const struct spec sp = {
		.regexes = L("\\.c$", "^docs/"), .max_depth = -1,
	};
	static const struct row rows[] = {
		{ "x.c", 0, 1 },
		{ "a/x.c", 0, 1 },
		{ "x.cc", 0, 0 },
		{ "docs/x", 0, 1 },		/* any of them */
		{ "a/docs/x", 0, 0 },
		/* On the path's bytes: a newline is a character. */
		{ "a\nb.c", 0, 1 },
		{ "x.c\nd", 0, 0 },
	};

	(void)state;
	RUN(&sp, rows);
}

static void test_exclude_regex(void **state)
{
	static const struct spec sp = {
		.xregexes = L("(^|/)test_", "\\.tmp$"), .max_depth = -1,
	};
	static const struct row rows[] = {
		{ "x.c", 0, 1 },
		{ "test_x.c", 0, 0 },
		{ "a/test_x.c", 0, 0 },
		{ "a/mytest_x.c", 0, 1 },
		{ "a.tmp", 0, 0 },		/* any of them */
		{ "a.tmpl", 0, 1 },
	};

	(void)state;
	RUN(&sp, rows);
}

/* GLOBs, then -x, then --regex, then --exclude-regex: all must agree. */
static void test_order(void **state)
{
	static const struct spec sp = {
		.globs = L("*.c"),
		.excludes = L("skip*"),
		.regexes = L("^src/"),
		.xregexes = L("_test"),
		.max_depth = -1,
	};
	static const struct row rows[] = {
		{ "src/a.c", 0, 1 },
		{ "src/a.h", 0, 0 },		/* GLOB */
		{ "src/skip.c", 0, 0 },		/* -x */
		{ "lib/a.c", 0, 0 },		/* --regex */
		{ "src/a_test.c", 0, 0 },	/* --exclude-regex */
		{ "src/skip/a.c", D, 0 },	/* -x on a directory */
	};

	(void)state;
	RUN(&sp, rows);
}

/*
 * A regular expression that exceeds the match limit is an error for the
 * path, at once, with a message naming the option; the selection stays
 * usable.  Paths that an earlier rule rejects never reach it.
 */
static void test_match_limit(void **state)
{
	static const struct spec sp = {
		.globs = L("a*"), .regexes = L("^(a+)+$"), .max_depth = -1,
	};
	static const struct spec xsp = {
		.xregexes = L("^(a+)+$"), .max_depth = -1,
	};
	char path[200];
	struct built b;
	struct timespec t0, t1;

	(void)state;
	memset(path, 'a', sizeof(path));
	path[sizeof(path) - 1] = 'b';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	build(&b, &sp, false);
	assert_int_equal(select_file(&b.sel, path, sizeof(path), 0), -1);
	assert_string_equal(b.sel.error, "--regex: match limit exceeded");
	assert_int_equal(select_file(&b.sel, "aaa", 3, 0), 1);
	assert_int_equal(select_file(&b.sel, "aab", 3, 0), 0);
	/* Not an "a*" file: the regex is never tried. */
	path[0] = 'x';
	assert_int_equal(select_file(&b.sel, path, sizeof(path), 0), 0);
	unbuild(&b);

	path[0] = 'a';
	build(&b, &xsp, true);
	assert_int_equal(select_file(&b.sel, path, sizeof(path), 0), -1);
	assert_string_equal(b.sel.error,
			    "--exclude-regex: match limit exceeded");
	assert_int_equal(select_file(&b.sel, "aaa", 3, 0), 0);
	assert_int_equal(select_file(&b.sel, "b", 1, 0), 1);
	unbuild(&b);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Loose, for sanitizer builds: the point is that it ends. */
	assert_true(t1.tv_sec - t0.tv_sec < 20);
}

static void test_bad_regex(void **state)
{
	struct select sel;

	(void)state;
	select_init(&sel, NULL, false);
	assert_int_equal(select_add_regex(&sel, "a(b", false), -1);
	assert_string_equal(sel.error,
			    "missing closing parenthesis at offset 3");
	assert_int_equal(select_add_regex(&sel, "x[", true), -1);
	assert_non_null(strstr(sel.error, "at offset 2"));
	/* Nothing was added: every file still counts. */
	assert_int_equal(sel.nregexes, 0);
	assert_int_equal(sel.nxregexes, 0);
	assert_int_equal(select_file(&sel, "x", 1, 0), 1);
	select_release(&sel);

	/* Invalid UTF-8 is a bad pattern in UTF-8 mode only. */
	select_init(&sel, NULL, true);
	assert_int_equal(select_add_regex(&sel, "\xff", false), -1);
	select_release(&sel);
	select_init(&sel, NULL, false);
	assert_int_equal(select_add_regex(&sel, "\xff", false), 0);
	assert_int_equal(select_file(&sel, "a\xff", 2, 0), 1);
	assert_int_equal(select_file(&sel, "a", 1, 0), 0);
	select_release(&sel);
}

/* Many regular expressions: the arrays grow. */
static void test_many_regexes(void **state)
{
	struct select sel;
	char re[16], path[16];
	int i;

	(void)state;
	select_init(&sel, NULL, false);
	for (i = 0; i < 40; i++) {
		snprintf(re, sizeof(re), "^f%d$", i);
		assert_int_equal(select_add_regex(&sel, re, i % 2), 0);
	}
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "f%d", i);
		/* Even: an included name; odd: an excluded one, which no
		 * --regex matches either. */
		assert_int_equal(select_file(&sel, path, strlen(path), 0),
				 i % 2 ? 0 : 1);
	}
	select_release(&sel);
}

/* SELECT_DEPTH: components, as find -maxdepth counts them. */
static void test_depth(void **state)
{
	static const struct spec sp0 = { .max_depth = 0 };
	static const struct spec sp2 = { .max_depth = 2 };
	static const struct row rows0[] = {
		{ "a", DEPTH, 0 },
		{ "a", 0, 1 },			/* not asked for */
	};
	static const struct row rows2[] = {
		{ "a", DEPTH, 1 },
		{ "a/b", DEPTH, 1 },
		{ "a/b/c", DEPTH, 0 },
		{ "a/b/c", 0, 1 },
		{ "./a/b", DEPTH, 1 },		/* "." is not a level */
		{ "a//b", DEPTH, 1 },
		{ "a/./b", DEPTH, 1 },
		{ "a/b/", DEPTH, 1 },
	};

	(void)state;
	RUN(&sp0, rows0);
	RUN(&sp2, rows2);
}

/* Paths are LEN bytes, not NUL-terminated. */
static void test_length(void **state)
{
	static const struct spec sp = {
		.globs = L("*.c"), .excludes = L("x/"),
		.regexes = L("c$"), .max_depth = 1,
	};
	struct built b;

	(void)state;
	build(&b, &sp, false);
	assert_int_equal(select_file(&b.sel, "a.cXX", 3, 0), 1);
	assert_int_equal(select_file(&b.sel, "a.cXX", 4, 0), 0);
	assert_int_equal(select_file(&b.sel, "x/a.c", 5, D), 0);
	assert_int_equal(select_file(&b.sel, "a.c/b", 3, DEPTH), 1);
	unbuild(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_given),
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_glob_dir_only),
		cmocka_unit_test(test_excludes),
		cmocka_unit_test(test_bad_exclude),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_exclude_regex),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_many_regexes),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
