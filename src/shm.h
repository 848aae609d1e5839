/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shm.h - the one place that creates shared memory.
 *
 * shm_region_create() maps SIZE bytes that the parent and every worker it
 * forks afterwards see alike.  It prefers a POSIX shared-memory object:
 * shm_open() of a unique name with O_CREAT|O_EXCL and mode 0600, unlinked
 * at once so that nothing is left behind whatever happens to the process,
 * then ftruncate() and posix_fallocate() so that a /dev/shm too small for
 * the mapping fails here, cleanly, rather than as a SIGBUS later.  When
 * that is not possible (no /dev/shm, full, no permission) it falls back to
 * an anonymous shared mapping, which forked children share as well; r->how
 * says which was used and r->why why the first choice failed.
 *
 * Returns 0, or -1 with errno set when even the fallback failed.  The
 * mapping is zero-filled.  Parent only, before forking the workers.
 */
#ifndef FSTAT_PAR_SHM_H
#define FSTAT_PAR_SHM_H

#include <stddef.h>

enum shm_kind {
	SHM_POSIX,        /* shm_open() object, already unlinked */
	SHM_ANONYMOUS,    /* MAP_SHARED|MAP_ANONYMOUS fallback */
};

struct shm_region {
	void *addr;
	size_t size;
	enum shm_kind how;
	int why;          /* errno of the shm_open path when how is ANONYMOUS */
	char name[64];    /* the object's name, for diagnostics */
};

int shm_region_create(struct shm_region *r, size_t size);
void shm_region_release(struct shm_region *r);

#endif
