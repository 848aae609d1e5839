/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * run.h - one counting run, in the parent: the root given on the command
 * line is opened as what it is (a directory to walk, a file or a stream
 * that may be an archive, a --files0-from list), its entries are selected
 * and handed to the pool (pool.h), and the results are merged in order
 * (merge.h) as they come.  run.c holds the driver loops; main.c sets up
 * struct run from the options and owns signals and the exit status.
 */
#ifndef FSTAT_PAR_RUN_H
#define FSTAT_PAR_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "compat.h"
#include "count.h"
#include "match.h"
#include "linematch.h"
#include "merge.h"
#include "options.h"
#include "output.h"
#include "pool.h"
#include "progress.h"
#include "regex.h"
#include "select.h"

struct run {
	struct options opts;
	struct globset globs;
	struct select sel;      /* GLOBs, -x, --regex... (select.h) */
	bool follow;            /* workers open files through links */
	enum count_mode mode;
	unsigned posix;         /* COUNT_POSIX: POSIXLY_CORRECT is set */
	bool utf8;
	struct pool *pool;      /* while counting, or NULL */
	struct output out;
	struct merge merge;
	const volatile sig_atomic_t *stop;      /* the signal that came */
	int wake_fd;            /* ... written to this self-pipe */
	struct regex *matches;  /* --count-matches, compiled before forking */
	size_t nmatches;
	struct linematch lm;    /* ... for what the parent counts itself */
	struct progress progress;       /* the line on stderr (progress.h) */
	uint64_t seen;          /* paths the source yielded: the next index */
	uint64_t nnames;        /* names of a list selected, or bad */
	uint64_t held_index;    /* the index of run_source()'s held name */
	struct run_info info;   /* jsonl's "run" record (output.h) */
	char **selection;       /* ... its selection, allocated */
};

/*
 * Count everything ROOT holds (r->opts), every row merged into r->merge:
 * a --files0-from list (r->opts.files0_from, ROOT its name), standard
 * input ("-"), a directory, a regular file (an archive, or one file), or
 * a FIFO or a device.  ST is what stat() said of ROOT (not for a list or
 * "-").  Returns with the workers reaped; a fatal error does not return.
 */
void run_root(struct run *r, const char *root, const struct stat *st);

/* Stop the workers at once and release the pool; for die(). */
void run_stop(struct run *r);

/*
 * Provided by main.c, which owns the signals and the exit status: end
 * the run with a message and status 2 (or one naming ROOT, quoted); end
 * it of the signal that came;
 * catch SIGINT, SIGTERM and SIGHUP from now on (r->stop, r->wake_fd), as
 * the pool starts.
 */
ATTR_NORETURN ATTR_PRINTF(2, 3) void die(struct run *r, const char *fmt,
					 ...);
ATTR_NORETURN void die_root(struct run *r, const char *root,
			    const char *what);      /* "ROOT: WHAT" */
ATTR_NORETURN void die_of_signal(struct run *r);
void catch_signals(struct run *r);

#endif
