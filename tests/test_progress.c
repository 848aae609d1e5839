/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_progress.c - unit tests for progress.c: the names made safe, the
 * line fitted to a width, and what reaches the descriptor (a pipe here;
 * tests/cli-progress.sh runs the binary in a pseudo-terminal).
 *
 * UTF-8 cases need a UTF-8 LC_CTYPE: main() sets C.UTF-8.
 */
#include "compat.h"

#include <fcntl.h>
#include <locale.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "progress.h"
#include "strbuf.h"

static void check_safe(const char *name, size_t len, bool whole, bool utf8,
		       const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(progress_safe_name(&sb, name, len, whole, utf8), 0);
	assert_string_equal(sb.len ? sb.buf : "", want);
	strbuf_release(&sb);
}

#define SAFE(name, whole, utf8, want) \
	check_safe(name, sizeof(name) - 1, whole, utf8, want)

static void test_safe_name(void **state)
{
	(void)state;
	SAFE("src/a/b.c", false, false, "src/a/");
	SAFE("src/a/b.c", true, false, "src/a/b.c");
	SAFE("b.c", false, false, "b.c");
	SAFE("/x", false, false, "/");
	SAFE("a\nb/c", false, false, "a?b/");
	SAFE("\033[2J/c", false, true, "?[2J/");
	SAFE("a\177b", true, true, "a?b");
	SAFE("\303\251t\303\251/x", false, true, "\303\251t\303\251/");
	SAFE("\303\251t\303\251/x", false, false, "?" "?t?" "?/");
	SAFE("a\377b", true, true, "a?b");
	SAFE("a\302\205b", true, true, "a?b");          /* C1 NEL */
	SAFE("a\342\200", true, true, "a??");           /* truncated */
	SAFE("a\000b", true, true, "a?b");
	SAFE("\344\270\200/", true, true, "\344\270\200/");
}

static void check_format(unsigned cols, uint64_t files, uint64_t bytes,
			 uint64_t ms, bool entries, const char *safe,
			 bool utf8, const char *want)
{
	struct strbuf name = STRBUF_INIT, out = STRBUF_INIT;

	assert_int_equal(strbuf_addstr(&name, safe), 0);
	assert_int_equal(strbuf_addstr(&out, "<"), 0);
	assert_int_equal(progress_format(&out, cols, files, bytes, ms,
					 entries, &name, utf8), 0);
	assert_string_equal(out.buf, want);
	strbuf_release(&name);
	strbuf_release(&out);
}

static void test_format(void **state)
{
	(void)state;
	check_format(80, 3, 1536, 1000, false, "src/", false,
		     "<3 files, 1.5 KiB, 1.5 KiB/s  src/");
	check_format(80, 1, 0, 600, false, "", false,
		     "<1 file, 0 B, 0 B/s");
	check_format(80, 1, 1000, 0, true, "a.tar/x", false,
		     "<1 entry, 1000 B, 0 B/s  a.tar/x");
	check_format(80, 7, UINT64_C(5) << 30, 2000, true, "t", false,
		     "<7 entries, 5.0 GiB, 2.5 GiB/s  t");
	/* Too narrow for the figures: cut to COLUMNS - 1. */
	check_format(10, 3, 1536, 1000, false, "src/", false,
		     "<3 files, ");
	check_format(1, 3, 1536, 1000, false, "src/", false, "<");
	/* The figures take 27 columns, "  " 2 more: at 37 columns 7 are
	 * left for the name, too few; at 38, 8: "..." and 5. */
	check_format(37, 3, 1536, 1000, false, "abcdefghijkl/", false,
		     "<3 files, 1.5 KiB, 1.5 KiB/s");
	check_format(38, 3, 1536, 1000, false, "abcdefghijkl/", false,
		     "<3 files, 1.5 KiB, 1.5 KiB/s  ...ijkl/");
	check_format(42, 3, 1536, 1000, false, "abcdefghijkl/", false,
		     "<3 files, 1.5 KiB, 1.5 KiB/s  ...efghijkl/");
	check_format(43, 3, 1536, 1000, false, "abcdefghijkl/", false,
		     "<3 files, 1.5 KiB, 1.5 KiB/s  abcdefghijkl/");
	/* Wide characters count two columns and are never cut in half:
	 * 10 columns for the name, 3 for "...", 1 for "/", then 3 of 2. */
	check_format(40, 3, 1536, 1000, false,
		     "\344\270\200\344\270\200\344\270\200\344\270\200"
		     "\344\270\200/", true,
		     "<3 files, 1.5 KiB, 1.5 KiB/s  ..."
		     "\344\270\200\344\270\200\344\270\200/");
	/* Two-byte characters of one column: 11 columns, "..." and 8. */
	check_format(41, 3, 1536, 1000, false,
		     "\303\251\303\251\303\251\303\251\303\251\303\251"
		     "\303\251\303\251\303\251\303\251\303\251/", true,
		     "<3 files, 1.5 KiB, 1.5 KiB/s  ..."
		     "\303\251\303\251\303\251\303\251\303\251\303\251"
		     "\303\251/");
}

/* Everything the pipe holds now. */
static void drain_pipe(int fd, struct strbuf *out)
{
	char buf[4096];
	ssize_t n;

	strbuf_setlen(out, 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		assert_int_equal(strbuf_add(out, buf, (size_t)n), 0);
}

static void test_draw(void **state)
{
	struct progress pg;
	struct strbuf got = STRBUF_INIT;
	int fds[2];

	(void)state;
	assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
	setenv("COLUMNS", "60", 1);

	/* Never on when asked not to, or when automatic off a terminal. */
	progress_init(&pg, PROGRESS_NEVER, fds[1], false);
	assert_false(pg.on);
	assert_false(progress_due(&pg));
	progress_draw(&pg, 1, 1, "a/b", 3, false);
	progress_end(&pg);
	progress_release(&pg);
	progress_init(&pg, PROGRESS_AUTO, fds[1], false);
	assert_false(pg.on);
	progress_draw(&pg, 1, 1, "a/b", 3, false);
	progress_release(&pg);
	drain_pipe(fds[0], &got);
	assert_int_equal(got.len, 0);

	/* Forced: not due before the delay; a redraw, then erased. */
	progress_init(&pg, PROGRESS_ALWAYS, fds[1], false);
	assert_true(pg.on);
	assert_false(progress_due(&pg));
	progress_draw(&pg, 2, 2048, "dir/sub/f.c", 11, false);
	drain_pipe(fds[0], &got);
	assert_non_null(got.buf);
	assert_memory_equal(got.buf, "\r2 files, 2.0 KiB, ", 19);
	assert_string_equal(got.buf + got.len - 13, "  dir/sub/\033[K");
	assert_true(got.len - 4 <= 59);
	assert_false(progress_due(&pg));

	/* NULL keeps the last name; clear erases once. */
	progress_draw(&pg, 3, 2048, NULL, 0, false);
	drain_pipe(fds[0], &got);
	assert_memory_equal(got.buf, "\r3 files, ", 10);
	assert_string_equal(got.buf + got.len - 13, "  dir/sub/\033[K");
	progress_clear(&pg);
	progress_clear(&pg);
	drain_pipe(fds[0], &got);
	assert_string_equal(got.buf, "\r\033[K");

	/* After the end: nothing, however often it is asked. */
	progress_draw(&pg, 4, 4096, "x/y", 3, false);
	progress_end(&pg);
	progress_draw(&pg, 5, 4096, "x/y", 3, false);
	progress_clear(&pg);
	assert_false(progress_due(&pg));
	drain_pipe(fds[0], &got);
	assert_string_equal(got.buf + got.len - 4, "\r\033[K");
	/* Not just any '5': the rate after "4 files" depends on the clock. */
	assert_null(memmem(got.buf, got.len, "\r5 files", 8));
	progress_release(&pg);

	strbuf_release(&got);
	close(fds[0]);
	close(fds[1]);
	unsetenv("COLUMNS");
}

/* A descriptor that fails turns the line off instead of retrying. */
static void test_write_error(void **state)
{
	struct progress pg;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	progress_init(&pg, PROGRESS_ALWAYS, fds[1], false);
	progress_draw(&pg, 1, 1, "a/b", 3, false);
	assert_false(pg.on);
	assert_false(pg.shown);
	progress_release(&pg);
	close(fds[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_name),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_write_error),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		printf("Bail out! setlocale(LC_CTYPE, \"C.UTF-8\") failed\n");
		return EXIT_FAILURE;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
