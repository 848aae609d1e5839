/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * worker.h - the worker process: take tasks, count files, publish results.
 *
 * worker_main() runs in a child forked by the pool and returns the status
 * the child must _exit() with.  It reads struct task_hdr records (each
 * followed by a path) from CFG->task_fd until end of file, counts each file
 * with the counting kernel, writes the result into the task's slot in the
 * shared ring, and tells the parent through CFG->done_fd how many tasks it
 * has finished.  It opens only regular files: a path that is something
 * else by the time the worker opens it (the tree changed since the walk)
 * is skipped without being read.  A symbolic link counts as something
 * else, unless CFG->follow (--follow), where the link is opened through.
 *
 * With CFG->io_threads, that many threads in the worker open and read the
 * next files of the batch while the worker counts the current one (they
 * are started after the fork, in the worker only).  They get work only
 * while opening and reading a file takes long (not from the page cache),
 * since handing a file over costs more than reading it from memory.
 * With CFG->io_adaptive (the default, no --io-threads), io_threads is a
 * cap: one thread starts, and another each time the worker had to wait
 * for a file a thread was still reading (worker_io_grow()).
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
 * --count-matches, whose matcher needs the lines' bytes.
 *
 * With CFG->nmatches patterns (--count-matches), the worker also counts
 * the lines that match (linematch.h): of a whole file all of them, of a
 * range the lines that start in it (reading past its end to finish the
 * last one), of an archive chunk the lines between its first and last
 * '\n' (the parent matches the lines that cross chunks).  A failed match
 * puts RESULT_ERR_MATCH_BASE - N in err, and the file gets no row.
 *
 * With CFG->stamp (--timeout), the worker stores the time it starts each
 * file or range in its state word (slots.h), for the parent to kill it if
 * a read hangs; archive chunks are in memory and never hang.
 *
 * Errors on a file go into its slot (err = errno) and the worker goes on;
 * only a broken pipe to the parent or an impossible record ends it.
 *
 * For the tests, FSTAT_PAR_FAULT (read once, when the worker starts, and
 * never in a set-ID process; tests/README has its syntax) makes the
 * worker crash or hang on a file, a split file's first range or an
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
#include "linematch.h"
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

/*
 * Count PLEN bytes at PREFIX, then what is left of FD, into *C (exposed
 * for the parent, which counts standard input itself, after what it read
 * to see whether it is an archive).  BUF is a scratch buffer of BUFSIZE
 * bytes.  With LM (or NULL), c->matches counts the lines that match
 * (linematch.h; LM is reset first).  Returns 0, or an errno; *C then
 * holds what was read before the error; or, when matching failed,
 * RESULT_ERR_MATCH_BASE - linematch_error(LM), and C is incomplete.
 * With STOP (or NULL) set, by a signal handler that interrupts read(2),
 * it ends at once with EINTR instead of waiting for more input.  When
 * the byte count is all WANT asks for and FD is a regular file, the
 * bytes from FD's offset that its size vouches for are not read
 * (fsize.h): FD is moved past them, to its end when nothing else must be
 * read, as GNU wc -c leaves standard input.
 */
int worker_count_fd(int fd, const void *prefix, size_t plen,
		    enum count_mode mode, unsigned want, void *buf,
		    size_t bufsize, struct counts *c, struct linematch *lm,
		    const volatile sig_atomic_t *stop);

/*
 * One stream counted as it comes, in pieces of any size, as a worker
 * counts a file: its counts and, with a line matcher LM (reset by
 * begin), its matching lines.  feed() returns false once matching has
 * failed (the rest need not be read); end() gives the counts in *C and
 * returns ERR, or the match error, which outranks it (no row then).
 */
struct count_stream {
	struct count_state st;
	struct linematch *lm;
};

void count_stream_begin(struct count_stream *cs, enum count_mode mode,
			unsigned want, struct linematch *lm);
bool count_stream_feed(struct count_stream *cs, const void *buf,
		       size_t len);
/*
 * N NUL bytes, a hole of a sparse file or entry: counted from N alone
 * (count_update_zeros); with a matcher, which needs the lines, fed as
 * bytes.  Returns as feed() does.
 */
bool count_stream_hole(struct count_stream *cs, uint64_t n);
int count_stream_end(struct count_stream *cs, struct counts *c, int err);

/*
 * Count the file PATH into SLOT (counts, err, flags; not its sequence
 * word) as a worker counts a file it is handed: opened the same way (no
 * link followed but with FOLLOW, paths longer than PATH_MAX too), flags
 * RESULT_SKIPPED when it is no longer a regular file, RESULT_COUNTED with
 * err an errno when a read failed part way, no flag and an err when it
 * could not be opened or matching failed.  For the parent, when no worker
 * could be started.  BUF has WORKER_BUFSIZE bytes; LM and STOP as for
 * worker_count_fd().
 */
void worker_count_path(const char *path, bool follow, enum count_mode mode,
		       unsigned want, void *buf, struct linematch *lm,
		       const volatile sig_atomic_t *stop,
		       struct result_slot *slot);

/* The read buffer size: large enough to amortise each read(2). */
#define WORKER_BUFSIZE (256 * 1024)

/*
 * How long opening and reading LEN bytes waited, given that it took
 * PREP_NS: the time beyond copying LEN bytes out of the page cache, at a
 * rate below any machine's (PAGE_CACHE_BYTES_PER_NS).  Copying a full
 * 256 KiB buffer takes 25 to 60 us by itself; counted as waiting, it made
 * read-ahead start on fast reads of large files, where it only costs.
 */
#define PAGE_CACHE_BYTES_PER_NS 2
uint64_t worker_wait_ns(uint64_t prep_ns, size_t len);

/*
 * Whether reads wait: prep_note() records that opening a file and reading
 * its first LEN bytes took PREP_NS; prep_slow() says whether most of the
 * recent files waited (worker.c says how), which is when read-ahead
 * threads pay.  Zero-initialise.
 */
struct prep_stats {
	uint32_t slow;
	uint64_t n;
};
void prep_note(struct prep_stats *ps, uint64_t prep_ns, size_t len);
bool prep_slow(const struct prep_stats *ps);

/*
 * The default read-ahead depth (CFG->io_adaptive): worker_io_cap() is how
 * many threads each of NWORKERS workers may grow to; worker_io_grow()
 * whether a worker that has THREADS of at most CAP, and just waited
 * WAIT_NS for a file a thread was opening and reading, starts another.
 */
unsigned worker_io_cap(unsigned nworkers);
bool worker_io_grow(unsigned threads, unsigned cap, uint64_t wait_ns);

#endif
