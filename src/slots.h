/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * slots.h - the result ring in shared memory, and the records that travel
 * between the parent and its workers.
 *
 * The shared mapping holds an array of result slots, a power of two of
 * them, used as a ring indexed by task sequence number: the result of task
 * SEQ goes to slots[SEQ & mask].  The parent never has more than nslots
 * tasks between the oldest one not yet printed and the newest one issued,
 * so a slot is never written for a new task before the parent has consumed
 * the old one.  That bound is the back-pressure of the whole pipeline.
 *
 * Publication: a worker fills in error, flags and counts, then stores SEQ + 1
 * into slot->seq with release order; the parent loads slot->seq with
 * acquire order, and only when it equals SEQ + 1 reads the rest.  The
 * mapping also holds one word per worker, set (relaxed is not enough: it is
 * read after the worker died, so it is a release store too) to SEQ + 1 when
 * the worker starts task SEQ, so that the parent knows which task a dead
 * worker was counting.  With a --timeout, the worker first stores in
 * started the time it began the task (task_clock_ns()), so the parent can
 * tell how long it has been at it; the parent reads current with acquire
 * order and then started, so it may see a later start, never an earlier
 * one: it may wake up late to a hung task, but never kills a worker early.
 *
 * Wake-ups do not spin: workers write a struct done_msg to a pipe the
 * parent polls.
 */
#ifndef FSTAT_PAR_SLOTS_H
#define FSTAT_PAR_SLOTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "count.h"
#include "segment.h"

/*
 * What went wrong with a file, if anything: a tagged value, the kind and
 * its code.  Fixed-size, for it lives in shared memory (a part_slot holds
 * one; a result_slot keeps one in six bytes, slot_err()).  ERRNO is the
 * one kind that still gives the file a row, with what counts were read
 * before the error (unless the file could not even be opened, which
 * leaves flags without RESULT_COUNTED); every other kind means the file
 * is lost: no row, only a report (file_err_is_lost()).
 */
enum file_err_kind {
	FILE_ERR_NONE = 0,         /* no error; code 0 */
	FILE_ERR_ERRNO,            /* code: an errno (> 0) */
	FILE_ERR_EXIT,             /* its worker exited, code: the status */
	FILE_ERR_SIGNAL,           /* its worker was killed by signal code,
				    * or died and how is unknown: code 0 */
	FILE_ERR_MATCH,            /* --count-matches failed, code as
				    * linematch_strerror() takes it */
	FILE_ERR_TIMEOUT,          /* it ran longer than --timeout and its
				    * worker was killed for it; code 0 */
};

struct file_err {
	int32_t kind;              /* enum file_err_kind */
	int32_t code;
};

static inline struct file_err file_err_none(void)
{
	return (struct file_err){ FILE_ERR_NONE, 0 };
}

/* Errno E, or none when E is 0. */
static inline struct file_err file_err_errno(int e)
{
	return (struct file_err){ e ? FILE_ERR_ERRNO : FILE_ERR_NONE, e };
}

static inline struct file_err file_err_exit(int status)
{
	return (struct file_err){ FILE_ERR_EXIT, status };
}

/* Killed by signal SIG; 0: the worker died, and how is unknown. */
static inline struct file_err file_err_signal(int sig)
{
	return (struct file_err){ FILE_ERR_SIGNAL, sig };
}

/* Matching failed with linematch_error() N. */
static inline struct file_err file_err_match(int n)
{
	return (struct file_err){ FILE_ERR_MATCH, n };
}

static inline struct file_err file_err_timeout(void)
{
	return (struct file_err){ FILE_ERR_TIMEOUT, 0 };
}

/* Whether there is an error at all. */
static inline bool file_err_is_set(struct file_err e)
{
	return e.kind != FILE_ERR_NONE;
}

/* Whether the file is lost: no row, only a report. */
static inline bool file_err_is_lost(struct file_err e)
{
	switch ((enum file_err_kind)e.kind) {
	case FILE_ERR_NONE:
	case FILE_ERR_ERRNO:
		return false;
	case FILE_ERR_EXIT:
	case FILE_ERR_SIGNAL:
	case FILE_ERR_MATCH:
	case FILE_ERR_TIMEOUT:
		break;
	}
	return true;
}

/*
 * Whether E, a piece's error (a range, a chunk), replaces ACC, the error
 * of the pieces joined so far: a worker's death outranks a read error,
 * and the first read error stays.
 */
static inline bool file_err_outranks(struct file_err e, struct file_err acc)
{
	return file_err_is_lost(e) ||
	       (file_err_is_set(e) && !file_err_is_set(acc));
}

enum {
	RESULT_COUNTED = 1 << 0,   /* counts are valid (maybe partial: an
				    * errno, see slot_err()) */
	RESULT_SKIPPED = 1 << 1,   /* no longer a regular file: print nothing */
	RESULT_SOURCE_ERR = 1 << 2,/* the source failed here (a directory):
				    * report its error, but it is not an
				    * input */
};

/*
 * The file's struct file_err is kept as two fields, with the flags in
 * the rest of the word (they need 3 bits), so that the slot still fills
 * one cache line: read and write it with slot_err() and slot_set_err().
 */
struct result_slot {
	_Atomic uint64_t seq;      /* task seq + 1 once published, else stale */
	int32_t err_code;          /* struct file_err .code */
	uint16_t err_kind;         /* struct file_err .kind */
	uint16_t flags;
	struct counts counts;      /* six counts fill the line exactly */
};

_Static_assert(sizeof(struct result_slot) == 64, "one slot, one cache line");

static inline struct file_err slot_err(const struct result_slot *s)
{
	return (struct file_err){ s->err_kind, s->err_code };
}

static inline void slot_set_err(struct result_slot *s, struct file_err e)
{
	s->err_kind = (uint16_t)e.kind;
	s->err_code = e.code;
}

/* A count that ended with E: counted (in part, after an errno) unless E
 * loses the file. */
static inline void slot_set_result(struct result_slot *s, struct file_err e)
{
	slot_set_err(s, e);
	s->flags = file_err_is_lost(e) ? 0 : RESULT_COUNTED;
}

struct worker_state {
	_Atomic uint64_t current;  /* seq + 1 of the task being counted */
	_Atomic uint64_t started;  /* with --timeout: when it began, in ns */
	uint8_t pad[48];
};

/* The clock of worker_state.started: CLOCK_MONOTONIC, one clock for all
 * processes (a vDSO call, no system call, on Linux). */
static inline uint64_t task_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * A large file is counted in ranges by several workers (segment.h).  The
 * parent keeps up to SPLIT_JOBS such files in progress; the summary of
 * range PART of job JOB goes to parts[JOB * SPLIT_PARTS + PART], published
 * like a result slot: a release store of the file's seq + 1 into tag.
 */
#define SPLIT_JOBS 8
#define SPLIT_PARTS 64

struct part_slot {
	_Atomic uint64_t tag;      /* the file's seq + 1 once published */
	struct file_err err;
	struct seg_summary sum;
};

/*
 * How a range task is named where a sequence number would be (a worker's
 * state word, the parent's lists): bit 63 set, the job and the part.
 */
#define TASK_RANGE_BIT (UINT64_C(1) << 63)

static inline uint64_t task_range_entry(uint32_t job, uint32_t part)
{
	return TASK_RANGE_BIT | (uint64_t)job << 8 | part;
}

static inline uint32_t task_range_job(uint64_t e)
{
	return (uint32_t)((e >> 8) & 0xff);
}

static inline uint32_t task_range_part(uint64_t e)
{
	return (uint32_t)(e & 0xff);
}

/*
 * In the parent's lists only, a file task that must not be split again:
 * its seq with bit 62 set.  A worker's state word names it without the
 * bit (task_state_entry()).
 */
#define TASK_WHOLE_BIT (UINT64_C(1) << 62)

static inline uint64_t task_whole_entry(uint64_t seq)
{
	return TASK_WHOLE_BIT | seq;
}

/* Task entry E as a worker's state word names it, less one: for a file
 * task, its seq. */
static inline uint64_t task_state_entry(uint64_t e)
{
	return e & ~TASK_WHOLE_BIT;
}

/*
 * Archive entries are not files a worker can open: the parent reads them
 * (libarchive) and copies their bytes into a data ring in the shared
 * mapping, DATA_RING bytes, in chunks of at most DATA_CHUNK bytes that
 * never wrap.  Each chunk is a data task, numbered by its own sequence
 * DSEQ; its summary goes to dparts[DSEQ % DATA_TASKS], published with
 * tag DSEQ + 1, and the parent joins the chunks of an entry in order.
 * A chunk always starts on a character boundary (segment.h), so it can be
 * counted alone.  In the parent's lists and in a worker's state word, a
 * data task is DATA_TASK_BIT | DSEQ.
 */
#define DATA_RING (UINT64_C(4) << 20)
#define DATA_CHUNK (256 * 1024)
#define DATA_TASKS 4096
#define DATA_TASK_BIT (UINT64_C(1) << 61)

static inline uint64_t task_data_entry(uint64_t dseq)
{
	return DATA_TASK_BIT | dseq;
}

/* The DSEQ of data task entry E. */
static inline uint64_t task_data_seq(uint64_t e)
{
	return e & ~DATA_TASK_BIT;
}

/* What a task entry names. */
enum task_ref {
	TASK_REF_FILE,             /* a file: seq */
	TASK_REF_WHOLE,            /* a file not to split: task_whole_entry() */
	TASK_REF_RANGE,            /* a range: task_range_entry() */
	TASK_REF_DATA,             /* an archive chunk: task_data_entry() */
};

static inline enum task_ref task_ref_kind(uint64_t e)
{
	if (e & TASK_RANGE_BIT)
		return TASK_REF_RANGE;
	if (e & DATA_TASK_BIT)
		return TASK_REF_DATA;
	if (e & TASK_WHOLE_BIT)
		return TASK_REF_WHOLE;
	return TASK_REF_FILE;
}

/* Parent -> worker, on the worker's own task pipe: a header, then path. */
enum task_kind {
	TASK_FILE = 1,             /* count a file; ask to split it if large */
	TASK_FILE_WHOLE = 2,       /* count a file, never split */
	TASK_RANGE = 3,            /* count bytes [off, off + len) of a file */
	TASK_DATA = 4,             /* count data ring bytes [off, off + len);
				    * seq is the chunk's DSEQ, no path */
};

struct task_hdr {
	uint64_t seq;              /* the file's sequence number */
	uint64_t off, len;         /* TASK_RANGE: the range before alignment */
	uint32_t kind;
	uint32_t pathlen;          /* bytes of path that follow, then a NUL */
	uint32_t job, part;        /* TASK_RANGE: where the summary goes */
};

/*
 * Worker -> parent, on the shared completion pipe (atomic: < PIPE_BUF).
 * N tasks are finished, in the order the worker received them.  When
 * SPLIT_SIZE is nonzero, N is 1 and that task is a file of SPLIT_SIZE
 * bytes that the worker did not count: it asks for it to be split.
 */
struct done_msg {
	uint32_t worker;
	uint32_t n;
	uint64_t split_size;
};

static inline void slot_publish(struct result_slot *s, uint64_t seq)
{
	atomic_store_explicit(&s->seq, seq + 1, memory_order_release);
}

static inline int slot_is_published(struct result_slot *s, uint64_t seq)
{
	return atomic_load_explicit(&s->seq, memory_order_acquire) == seq + 1;
}

static inline void part_publish(struct part_slot *ps, uint64_t seq)
{
	atomic_store_explicit(&ps->tag, seq + 1, memory_order_release);
}

static inline int part_is_published(struct part_slot *ps, uint64_t seq)
{
	return atomic_load_explicit(&ps->tag, memory_order_acquire) == seq + 1;
}

#endif
