/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for spool.c: rows survive the trip through memory and
 * through the temporary file, and the file leaves nothing behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void roundtrip(size_t mem_max, int nrows)
{
	struct spool sp;
	struct counts c;
	const char *name;
	size_t len;
	uint64_t index;
	char buf[64];
	int i;

	spool_init(&sp);
	sp.mem_max = mem_max;
	for (i = 0; i < nrows; i++) {
		struct counts in = { i, i * 2, i * 3, i * 4, i * 5, i * 6 };
		int n = snprintf(buf, sizeof(buf), "dir/file-%d%s", i,
				 i % 3 ? "" : "\n\t");

		assert_int_equal(spool_add(&sp, &in, (uint64_t)i * 7, buf, (size_t)n), 0);
	}
	if (mem_max < 1000)
		assert_non_null(sp.file);
	else
		assert_null(sp.file);
	assert_int_equal(spool_rewind(&sp), 0);
	for (i = 0; i < nrows; i++) {
		int n = snprintf(buf, sizeof(buf), "dir/file-%d%s", i,
				 i % 3 ? "" : "\n\t");

		assert_int_equal(spool_next(&sp, &c, &index, &name, &len), 1);
		assert_int_equal(len, (size_t)n);
		assert_memory_equal(name, buf, len);
		assert_int_equal(index, (uint64_t)i * 7);
		assert_int_equal(c.lines, (uint64_t)i);
		assert_int_equal(c.maxlen, (uint64_t)i * 5);
		assert_int_equal(c.matches, (uint64_t)i * 6);
	}
	assert_int_equal(spool_next(&sp, &c, &index, &name, &len), 0);
	spool_release(&sp);
}

static void test_memory(void **state)
{
	(void)state;
	roundtrip(SPOOL_MEM_MAX, 5000);
}

static void test_file(void **state)
{
	char dir[] = "/tmp/fstat-par-spool.XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	roundtrip(100, 5000);
	roundtrip(1, 1);
	/* The temporary file was never visible in TMPDIR. */
	assert_int_equal(count_entries(dir), 0);
	unsetenv("TMPDIR");
	rmdir(dir);
}

static void test_empty(void **state)
{
	struct spool sp;
	struct counts c;
	const char *name;
	size_t len;
	uint64_t index;

	(void)state;
	spool_init(&sp);
	assert_int_equal(spool_rewind(&sp), 0);
	assert_int_equal(spool_next(&sp, &c, &index, &name, &len), 0);
	spool_release(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
