/* SPDX-License-Identifier: BSD-2-Clause */
/* test_files0.c - unit tests for NUL-separated name lists (files0.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files0.h"

static char path[64];

/* Write LEN bytes of DATA to a fresh temporary file; its name in path. */
static void write_list(const void *data, size_t len)
{
	int fd;

	strcpy(path, "/tmp/fstat-par-files0.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static int teardown(void **state)
{
	(void)state;
	if (path[0])
		unlink(path);
	path[0] = '\0';
	return 0;
}

static void expect_name(struct files0 *f, const char *want, size_t wantlen,
			uint64_t n)
{
	const char *name;
	size_t len;

	assert_int_equal(files0_next(f, &name, &len), 1);
	assert_int_equal(len, wantlen);
	assert_memory_equal(name, want, wantlen);
	assert_int_equal(name[len], '\0');
	assert_int_equal(f->n, n);
}

static void test_basic(void **state)
{
	static const char list[] = "a\0b c\0\0d\nx\0last";
	struct files0 f;
	const char *name;
	size_t len;

	(void)state;
	write_list(list, sizeof(list) - 1);
	assert_int_equal(files0_open(&f, path), 0);
	expect_name(&f, "a", 1, 1);
	expect_name(&f, "b c", 3, 2);
	expect_name(&f, "", 0, 3);     /* reported by the caller */
	expect_name(&f, "d\nx", 3, 4);
	expect_name(&f, "last", 4, 5); /* no NUL after it */
	assert_int_equal(files0_next(&f, &name, &len), 0);
	assert_int_equal(files0_next(&f, &name, &len), 0);
	files0_release(&f);
}

/* A final NUL ends the last name; it does not start an empty one. */
static void test_trailing_nul(void **state)
{
	struct files0 f;
	const char *name;
	size_t len;

	(void)state;
	write_list("a\0", 2);
	assert_int_equal(files0_open(&f, path), 0);
	expect_name(&f, "a", 1, 1);
	assert_int_equal(files0_next(&f, &name, &len), 0);
	files0_release(&f);
	teardown(NULL);

	write_list("", 0);
	assert_int_equal(files0_open(&f, path), 0);
	assert_int_equal(files0_next(&f, &name, &len), 0);
	assert_int_equal(f.n, 0);
	files0_release(&f);
}

/* Names across block boundaries and longer than a block. */
static void test_blocks(void **state)
{
	size_t total = 0, i, n = 0;
	char *list = malloc(8 * FILES0_BLOCK);
	struct files0 f;
	const char *name;
	size_t len;

	(void)state;
	assert_non_null(list);
	for (i = 0; total + 4000 < 5 * FILES0_BLOCK; i++) {
		size_t l = i == 7 ? FILES0_BLOCK + 100 : 1 + (i * 37) % 3000;

		memset(list + total, 'a' + (int)(i % 26), l);
		total += l;
		list[total++] = '\0';
	}
	write_list(list, total);
	assert_int_equal(files0_open(&f, path), 0);
	while (files0_next(&f, &name, &len) == 1) {
		size_t l = n == 7 ? FILES0_BLOCK + 100 : 1 + (n * 37) % 3000;

		assert_int_equal(len, l);
		assert_int_equal(name[0], 'a' + (int)(n % 26));
		assert_int_equal(name[len - 1], 'a' + (int)(n % 26));
		n++;
	}
	assert_int_equal(n, i);
	files0_release(&f);
	free(list);
}

static void test_errors(void **state)
{
	struct files0 f;
	const char *name;
	size_t len;

	(void)state;
	assert_int_equal(files0_open(&f, "/nonexistent/list"), -1);
	assert_int_equal(errno, ENOENT);
	/* A directory opens, but reading it fails. */
	assert_int_equal(files0_open(&f, "/"), 0);
	assert_int_equal(files0_next(&f, &name, &len), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(files0_next(&f, &name, &len), 0);
	files0_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_basic, teardown),
		cmocka_unit_test_teardown(test_trailing_nul, teardown),
		cmocka_unit_test_teardown(test_blocks, teardown),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
