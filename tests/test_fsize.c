/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for fsize.c: which counts follow from the size, and how much
 * of a file its size vouches for.  The file system's answer is cached in
 * struct fsize_fs, which the tests fill in themselves, so that no real
 * file system decides.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/stat.h>

#include "fsize.h"

static void test_enough(void **state)
{
	(void)state;
	assert_true(fsize_enough(COUNT_BYTES, COUNT_WANT_BYTES));
	assert_true(fsize_enough(COUNT_UTF8, COUNT_WANT_BYTES));
	/* -m is -c where a char is a byte, as in GNU wc. */
	assert_true(fsize_enough(COUNT_BYTES, COUNT_WANT_CHARS));
	assert_true(fsize_enough(COUNT_BYTES,
				 COUNT_WANT_CHARS | COUNT_WANT_BYTES));
	assert_false(fsize_enough(COUNT_UTF8, COUNT_WANT_CHARS));
	assert_false(fsize_enough(COUNT_UTF8,
				  COUNT_WANT_CHARS | COUNT_WANT_BYTES));
	assert_false(fsize_enough(COUNT_BYTES,
				  COUNT_WANT_LINES | COUNT_WANT_BYTES));
	assert_false(fsize_enough(COUNT_BYTES,
				  COUNT_WANT_WORDS | COUNT_WANT_BYTES));
	assert_false(fsize_enough(COUNT_BYTES,
				  COUNT_WANT_MAXLEN | COUNT_WANT_BYTES));
	/* --count-matches reads every line. */
	assert_false(fsize_enough(COUNT_BYTES,
				  COUNT_WANT_MATCHES | COUNT_WANT_BYTES));
	assert_false(fsize_enough(COUNT_BYTES, 0));
}

/* A regular file of SIZE bytes on device 1, blocks of BLK bytes. */
static struct stat file(long long size, long blk)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_mode = S_IFREG | 0644;
	st.st_size = (off_t)size;
	st.st_blksize = (blksize_t)blk;
	st.st_dev = 1;
	return st;
}

/* The file system of device 1, exact or not. */
static struct fsize_fs fs_of(bool exact)
{
	struct fsize_fs fs = { .known = true, .exact = exact, .dev = 1 };

	return fs;
}

static void test_trusted(void **state)
{
	struct fsize_fs placeholder = fs_of(false), exact = fs_of(true);
	struct stat st;

	(void)state;
	/* Not a multiple of the page: the size is the file's, anywhere. */
	st = file(19, 4096);
	assert_true(fsize_trusted(&placeholder, -1, &st));
	st = file(4097, 4096);
	assert_true(fsize_trusted(&placeholder, -1, &st));
	/* A multiple (0 too) may be a placeholder, but for exact sizes. */
	st = file(0, 4096);
	assert_false(fsize_trusted(&placeholder, -1, &st));
	assert_true(fsize_trusted(&exact, -1, &st));
	st = file(4096, 4096);
	assert_false(fsize_trusted(&placeholder, -1, &st));
	assert_true(fsize_trusted(&exact, -1, &st));
	st = file(1LL << 40, 4096);
	assert_false(fsize_trusted(&placeholder, -1, &st));
	assert_true(fsize_trusted(&exact, -1, &st));
	/* Another device: asked again (of no descriptor: not exact). */
	st = file(8192, 4096);
	st.st_dev = 2;
	assert_false(fsize_trusted(&exact, -1, &st));
	assert_true(exact.known);
	assert_true(exact.dev == 2);
	assert_false(exact.exact);
}

static void expect_plan(struct fsize_fs fs, long long size, long blk,
			uint64_t off, uint64_t skip, bool rest)
{
	struct stat st = file(size, blk);
	uint64_t got = 12345;

	assert_int_equal(fsize_plan(&fs, -1, &st, off, &got), rest);
	assert_true(got == skip);
}

static void test_plan(void **state)
{
	struct fsize_fs placeholder = fs_of(false), exact = fs_of(true);

	(void)state;
	/* Trusted sizes: all from the size, nothing to read. */
	expect_plan(placeholder, 19, 4096, 0, 19, false);
	expect_plan(placeholder, 19, 4096, 5, 14, false);
	expect_plan(placeholder, 19, 4096, 100, 0, false);
	expect_plan(exact, 0, 4096, 0, 0, false);
	expect_plan(exact, 8192, 4096, 0, 8192, false);
	expect_plan(exact, 8192, 4096, 100, 8092, false);
	expect_plan(exact, 1LL << 40, 4096, 0, 1ULL << 40, false);
	/* /proc (0) and /sys (4096): all of it is read. */
	expect_plan(placeholder, 0, 4096, 0, 0, true);
	expect_plan(placeholder, 4096, 4096, 0, 0, true);
	/* Larger: believed up to the last multiple of 4097, then read. */
	expect_plan(placeholder, 8192, 4096, 0, 4097, true);
	/* From an offset: what is left of that, not wc 9.11's 100 bytes
	 * too few (it moves by the end's offset from where it is). */
	expect_plan(placeholder, 8192, 4096, 100, 3997, true);
	expect_plan(placeholder, 8192, 4096, 5000, 0, true);
	expect_plan(placeholder, 1LL << 40, 4096, 0,
		    (1ULL << 40) - (1ULL << 40) % 4097, true);
	/* No usable block size: 512, as wc. */
	expect_plan(placeholder, 4096, 0, 0, 4096 - 4096 % 513, true);
}

static void test_count(void **state)
{
	struct counts c = { 1, 2, 3, 4, 5, 6 };

	(void)state;
	fsize_count(&c, COUNT_BYTES, 10);
	assert_int_equal(c.bytes, 14);
	assert_int_equal(c.chars, 13);
	fsize_count(&c, COUNT_UTF8, 10);
	assert_int_equal(c.bytes, 24);
	assert_int_equal(c.chars, 13);
	assert_int_equal(c.lines, 1);
	assert_int_equal(c.words, 2);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enough),
		cmocka_unit_test(test_trusted),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
