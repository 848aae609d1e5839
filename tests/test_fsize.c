/*
 * Unit tests for fsize.c: when a file's size is its length.  The file system's answer is cached in
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

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trusted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
