/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fault.h - the test-only fault switch, FSTAT_PAR_FAULT: a worker that
 * crashes or hangs on a file, a split file's first range or an archive
 * data chunk, at a place the tests choose (tests/README has its syntax).
 *
 * Runs in a worker process; read once, when the worker starts, and never
 * in a set-ID process (platform_test_env()).  Unset, it costs a branch
 * per task.
 */
#ifndef FSTAT_PAR_FAULT_H
#define FSTAT_PAR_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The test-only fault switch, FSTAT_PAR_FAULT (tests/README describes
 * it; never read in a privileged process, see platform_test_env()): the
 * task on which this worker dies, so that the tests can watch
 * the pool recover from a crash at a place they choose.  A marker file
 * makes "once" hold across processes: only the worker that creates it
 * crashes, and the one that counts the task again does not.
 */
enum fault_kind {
	FAULT_NONE,
	FAULT_SEGV,             /* "crash": die of SIGSEGV */
	FAULT_ABORT,            /* "abort": die of SIGABRT */
	FAULT_HANG,             /* "hang": block for ever, as on a dead mount */
};

struct fault {
	enum fault_kind kind;
	char marker[512];       /* "-once": created with O_EXCL, or "" */
	const char *name;       /* a path, or its last components */
	size_t namelen;
	bool chunk;             /* name is "@N": archive data chunk N */
	uint64_t dseq;
};

/* Parse the switch's value V (NULL: off) into F. */
void fault_init(struct fault *f, const char *v);

/*
 * Die (or hang) here if F names PATH (a file or a range of one) or, with
 * PATH NULL, data chunk DSEQ.
 */
void fault_check(const struct fault *f, const char *path, uint64_t dseq);

#endif
