/* SPDX-License-Identifier: BSD-2-Clause */
/* fsize.c - what a regular file's size says about its bytes; see fsize.h. */
#include "compat.h"

#include <unistd.h>

#include "fsize.h"
#include "platform.h"

bool fsize_enough(enum count_mode mode, unsigned want)
{
	unsigned sized = COUNT_WANT_BYTES |
			 (mode == COUNT_BYTES ? COUNT_WANT_CHARS : 0);

	return want != 0 && (want & ~sized) == 0;
}

/* The size of a page, which placeholder sizes are multiples of. */
static uint64_t page_size(void)
{
	long n = sysconf(_SC_PAGESIZE);

	return n > 0 ? (uint64_t)n : 4096;
}

bool fsize_trusted(struct fsize_fs *fs, int fd, const struct stat *st)
{
	if (st->st_size < 0)
		return false;
	if ((uint64_t)st->st_size % page_size() != 0)
		return true;
	if (!fs->known || fs->dev != st->st_dev) {
		fs->exact = platform_exact_sizes(fd);
		fs->dev = st->st_dev;
		fs->known = true;
	}
	return fs->exact;
}

bool fsize_plan(struct fsize_fs *fs, int fd, const struct stat *st,
		uint64_t off, uint64_t *skip)
{
	uint64_t size = st->st_size > 0 ? (uint64_t)st->st_size : 0;
	uint64_t end, blk;
	bool rest = false;

	if (fsize_trusted(fs, fd, st)) {
		end = size;
	} else {
		/* Believe all but the last st_blksize + 1 bytes at most, as
		 * GNU wc: nothing of a /proc file (0) or a /sys one (4096
		 * is less than 4097). */
		blk = st->st_blksize > 0 && st->st_blksize <= (1 << 30) ?
		      (uint64_t)st->st_blksize : 512;
		end = size - size % (blk + 1);
		rest = true;
	}
	*skip = end > off ? end - off : 0;
	return rest;
}
