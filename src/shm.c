/* SPDX-License-Identifier: BSD-2-Clause */
/* shm.c - shared memory for the result slots; see shm.h. */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shm.h"

/*
 * Create, unlink and size a POSIX shared-memory object.  Returns the mapped
 * address or MAP_FAILED with errno set.
 */
static void *map_posix(struct shm_region *r, size_t size)
{
	struct timespec ts;
	void *addr;
	int fd, err, tries;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	for (tries = 0; ; tries++) {
		snprintf(r->name, sizeof(r->name), "/fstat-par.%ld.%lx",
			 (long)getpid(),
			 (unsigned long)(ts.tv_nsec + tries * 7919L));
		fd = shm_open(r->name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			      0600);
		if (fd >= 0 || errno != EEXIST || tries == 16)
			break;
	}
	if (fd < 0)
		return MAP_FAILED;
	/* Nobody else needs the name: unlink it before anything can fail,
	 * so no exit path, not even SIGKILL, leaves it in /dev/shm. */
	shm_unlink(r->name);

	if (ftruncate(fd, (off_t)size) < 0)
		goto fail;
	/* Reserve the pages now: on a full tmpfs, fail here rather than
	 * with SIGBUS on first touch. */
	err = posix_fallocate(fd, 0, (off_t)size);
	if (err) {
		errno = err;
		goto fail;
	}
	addr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED)
		goto fail;
	close(fd);
	return addr;

fail:
	err = errno;
	close(fd);
	errno = err;
	return MAP_FAILED;
}

int shm_region_create(struct shm_region *r, size_t size)
{
	memset(r, 0, sizeof(*r));
	r->size = size;
	r->addr = map_posix(r, size);
	if (r->addr != MAP_FAILED) {
		r->how = SHM_POSIX;
		return 0;
	}
	r->why = errno;
	r->how = SHM_ANONYMOUS;
	r->addr = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r->addr == MAP_FAILED) {
		r->addr = NULL;
		return -1;
	}
	return 0;
}

void shm_region_release(struct shm_region *r)
{
	if (r->addr)
		munmap(r->addr, r->size);
	r->addr = NULL;
}
