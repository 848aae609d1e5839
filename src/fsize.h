/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsize.h - what a regular file's size says about its bytes: where -c
 * can take the size instead of reading, and where a read that came back
 * short is the end of the file.
 *
 * A regular file's st_size is its length on disk and memory file systems,
 * but not on the kernel's pseudo file systems: a /proc file says 0 bytes
 * and a /sys attribute 4096 (one page), whatever they hold.  GNU wc -c's
 * rule: a size that is not a multiple of the page size is the file's; one
 * that is (0 included) may be such a placeholder, so wc believes it only
 * up to the last multiple of st_blksize + 1 below it, and reads the rest
 * (all of a /proc or /sys file, the last block or so of any other).  We
 * keep that rule and add one thing: on a file system known to keep exact
 * sizes (platform_exact_sizes()), a size that is a multiple of the page
 * size is believed whole too, so an empty file, or one of 8 KiB, is not
 * read at all.  The counts are the same either way; only the reads differ.
 *
 * fsize_enough() says when the byte count is all that is asked for; the
 * caller then counts a regular file with fsize_plan(): the bytes its size
 * vouches for are added without being read (fsize_count()), the rest is
 * read and counted as usual.  Archive entries have no st_size to believe.
 *
 * struct fsize_fs remembers the answer for the last file system asked
 * about (by device number), so that a tree costs one fstatfs(2) per file
 * system; zero-initialise it, one per thread.  Callable anywhere.
 */
#ifndef FSTAT_PAR_FSIZE_H
#define FSTAT_PAR_FSIZE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "count.h"

struct fsize_fs {
	bool known;             /* dev and exact are set */
	bool exact;
	dev_t dev;
};

/*
 * Whether the counts WANT asks for in MODE follow from the number of
 * bytes: -c, and in byte mode -m too (a char is a byte there), as GNU wc
 * takes them; not with any other column, --count-matches included.
 */
bool fsize_enough(enum count_mode mode, unsigned want);

/*
 * Whether the size in ST (of the regular file open as FD) is the number
 * of bytes reading FD from its start gives (see above).
 */
bool fsize_trusted(struct fsize_fs *fs, int fd, const struct stat *st);

/*
 * For the regular file open as FD, with status ST, read from offset OFF:
 * how many bytes from OFF its size vouches for, in *SKIP (0 when OFF is
 * past them), and whether what follows them, up to the end, must still
 * be read (true) or there is nothing more (false).
 */
bool fsize_plan(struct fsize_fs *fs, int fd, const struct stat *st,
		uint64_t off, uint64_t *skip);

/* N bytes taken from the size, into the counts C (of MODE). */
static inline void fsize_count(struct counts *c, enum count_mode mode,
			       uint64_t n)
{
	c->bytes += n;
	if (mode == COUNT_BYTES)
		c->chars += n;
}

#endif
