/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * worker.h - the worker process: take tasks, count files, publish results.
 *
 * worker_main() runs in a child forked by the pool and returns the status
 * the child must _exit() with.  It reads struct task_hdr records (each
 * followed by a path) from CFG->task_fd until end of file, counts each file
 * with the counting kernel (a whole file as count_file.h counts one),
 * writes the result into the task's slot in the shared ring, and tells the
 * parent through CFG->done_fd how many tasks it has finished.  It opens
 * only regular files: a path that is something else by the time the
 * worker opens it (the tree changed since the walk) is skipped without
 * being read.  A symbolic link counts as something else, unless
 * CFG->follow (--follow), where the link is opened through.
 *
 * With CFG->io_threads, that many threads in the worker open and read the
 * next files of the batch while the worker counts the current one (they
 * are started after the fork, in the worker only).  They get work only
 * while opening and reading a file takes long (not from the page cache),
 * since handing a file over costs more than reading it from memory.
 * With CFG->io_adaptive (the default, no --io-threads), io_threads is a
 * cap: one thread starts, and another each time the worker had to wait
 * for a file a thread was still reading (readahead_should_grow()).  The
 * threads and those measures are readahead.h's.
 *
 * A TASK_FILE of at least CFG->split_min bytes is not counted: the worker
 * hands it back with a split request (struct done_msg), and the parent
 * sends its ranges to the workers as TASK_RANGE tasks, whose summaries go
 * to the part slots (segment.h explains the exact join).
 *
 * When the byte count is all CFG->want asks for (-c; fsize.h), a file is
 * not read where its size can be believed: the worker opens it, stats it
 * and takes its size, reading only what fsize.h says the size cannot
 * vouch for (all of a /proc file); such a file is never split.
 *
 * A regular file with holes (fewer blocks than its size needs), whole or
 * a range of it, is read only where it has data (platform_next_data:
 * lseek's SEEK_DATA and SEEK_HOLE); each hole is counted from its length
 * (count_update_zeros), exactly as the NUL bytes it reads as.  Not with
 * --count-matches, whose matcher needs the lines' bytes (count_file.h).
 *
 * With CFG->nmatches patterns (--count-matches), the worker also counts
 * the lines that match (linematch.h): of a whole file all of them, of a
 * range the lines that start in it (reading past its end to finish the
 * last one), of an archive chunk the lines between its first and last
 * '\n' (the parent matches the lines that cross chunks).  A failed match
 * puts file_err_match(N) in its error, and the file gets no row.
 *
 * With CFG->stamp (--timeout), the worker stores the time it starts each
 * file or range in its state word (slots.h), for the parent to kill it if
 * a read hangs; archive chunks are in memory and never hang.
 *
 * Errors on a file go into its slot (file_err_errno()) and the worker goes on;
 * only a broken pipe to the parent or an impossible record ends it.
 *
 * For the tests, FSTAT_PAR_FAULT (fault.h; read once, when the worker
 * starts, and never in a set-ID process; tests/README has its syntax)
 * makes the worker crash or hang on a file, a split file's first range or an
 * archive data chunk, to show that the pool recovers; unset, it costs a
 * branch per task.
 */
#ifndef FSTAT_PAR_WORKER_H
#define FSTAT_PAR_WORKER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"
#include "count_file.h"
#include "linematch.h"
#include "readahead.h"
#include "regex.h"
#include "slots.h"

struct worker_config {
	unsigned index;
	int task_fd;                    /* read end of this worker's pipe */
	int done_fd;                    /* write end of the completion pipe */
	struct result_slot *slots;
	uint64_t mask;                  /* nslots - 1 */
	struct worker_state *state;     /* this worker's word in the mapping */
	struct part_slot *parts;        /* SPLIT_JOBS * SPLIT_PARTS summaries */
	struct part_slot *dparts;       /* DATA_TASKS chunk summaries, or NULL */
	const unsigned char *data;      /* the data ring, or NULL */
	uint64_t split_min;             /* ask to split files this large; 0 never */
	unsigned io_threads;            /* read-ahead threads; 0 for none */
	bool io_adaptive;               /* io_threads is a cap to grow to */
	bool readahead_always;          /* tests: even when reads are fast */
	bool follow;                    /* --follow: a file may be a link */
	bool stamp;                     /* --timeout: set state->started */
	enum count_mode mode;
	unsigned want;
	struct regex *matches;          /* --count-matches, compiled by the */
	size_t nmatches;                /* parent before the fork; or none */
};

int worker_main(const struct worker_config *cfg);

#endif
