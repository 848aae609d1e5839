/*
 * fsize.h - what a regular file's size says about its bytes: where a read
 * that came back short is the end of the file.
 *
 * A regular file's st_size is its length on disk and memory file systems,
 * but not on the kernel's pseudo file systems: a /proc file says 0 bytes
 * and a /sys attribute 4096 (one page), whatever they hold.  GNU wc -c's
 * rule: a size that is not a multiple of the page size is the file's; one
 * that is (0 included) may be such a placeholder.  We keep that rule and
 * add one thing: on a file system known to keep exact sizes
 * (platform_exact_sizes()), a size that is a multiple of the page size is
 * believed too.
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

struct fsize_fs {
	bool known;             /* dev and exact are set */
	bool exact;
	dev_t dev;
};

/*
 * Whether the size in ST (of the regular file open as FD) is the number
 * of bytes reading FD from its start gives (see above).
 */
bool fsize_trusted(struct fsize_fs *fs, int fd, const struct stat *st);

#endif
