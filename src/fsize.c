/* fsize.c - what a regular file's size says about its bytes; see fsize.h. */
#include "compat.h"

#include <unistd.h>

#include "fsize.h"
#include "platform.h"

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
