/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * linematch.h - counting the lines that match --count-matches patterns,
 * fed a stream in pieces of any size.
 *
 * A line is a maximal run of bytes that ends at a '\n' (not part of the
 * line) or at the end of the stream; a final run without '\n' is a line
 * only when it is not empty.  A line counts once when any of the patterns
 * matches its bytes (PCRE2, regex.h).  This is what grep -c -e RE1 -e RE2
 * prints: "a\nb" has two lines, "a\n" one, "" none.
 *
 * The state carries the bytes of the current line from one piece to the
 * next, so counts never depend on where pieces are cut.  A line is held
 * whole while it is unfinished: memory grows with the longest line that
 * crosses a piece boundary (grep, too, holds a whole line).
 *
 * Speed: the patterns' required bytes (regex.h) are searched with memchr
 * and only lines that hold one are matched; a pattern that requires no
 * particular byte (or more than LINEMATCH_REQ_MAX of them together) makes
 * every line a candidate.
 *
 * Pieces of one file counted by different processes (segment.h) need an
 * ownership rule so that each line is matched exactly once:
 *
 *  - A byte range of a file owns the lines that start in it.  The worker
 *    calls linematch_skip_line() unless the range starts the file or
 *    follows a '\n', feeds the range, and then, while linematch_in_line()
 *    says a line is unfinished, the bytes after the range up to its next
 *    '\n' (or the end of the file).
 *  - A chunk of an archive entry (the parent has every byte, the workers
 *    one chunk each): linematch_chunk_inner() counts the lines that begin
 *    after the chunk's first '\n' and end at a later '\n' of the chunk;
 *    the parent feeds each chunk to one long-lived state with
 *    linematch_chunk_edges(), which matches the lines that end at a
 *    chunk's first '\n' (begun in this chunk or in earlier ones), and
 *    linematch_finish() at the entry's end matches its unterminated last
 *    line.  Every line ends at some chunk's first '\n', at a later '\n' of
 *    a chunk, or at the end: the two sides never count a line twice.
 *
 * Errors: a match that fails (regex_match() returns -1: match limit, JIT
 * stack, memory) or a line that cannot be held fails the state; every
 * later call returns -1 at once.  linematch_error() then names the error
 * as a small number that fits a result slot (slots.h), and
 * linematch_strerror() turns it into a message in any process.
 *
 * Memory: the state owns its line buffer; linematch_release() frees it.
 * The patterns are borrowed and their match data is used, so one set of
 * struct regex serves one state at a time (one per process after fork).
 * Safe in the parent and in workers; not shared between threads.
 */
#ifndef FSTAT_PAR_LINEMATCH_H
#define FSTAT_PAR_LINEMATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regex.h"
#include "strbuf.h"

/* At most this many distinct required bytes are searched for. */
#define LINEMATCH_REQ_MAX 4

struct linematch {
	struct regex *re;               /* borrowed: count lines matching any */
	size_t nre;
	unsigned char req[LINEMATCH_REQ_MAX];   /* a candidate holds one */
	unsigned nreq;                  /* 0: every line is a candidate */
	bool skipping;                  /* dropping bytes up to a '\n' */
	bool failed;
	int error;                      /* see linematch_error() */
	struct strbuf line;             /* the unfinished line's bytes */
	uint64_t matches;               /* lines matched so far */
};

/* Prepare to count lines matching any of the NRE patterns at RE. */
void linematch_init(struct linematch *lm, struct regex *re, size_t nre);

/* Start a new stream: no line in progress, no error, matches 0. */
void linematch_reset(struct linematch *lm);

/* Drop the bytes up to and including the next '\n' fed. */
void linematch_skip_line(struct linematch *lm);

/* Feed LEN more bytes.  Returns 0, or -1 once the state has failed. */
int linematch_update(struct linematch *lm, const void *buf, size_t len);

/* Whether a line is begun (at least one byte) and not ended. */
static inline bool linematch_in_line(const struct linematch *lm)
{
	return !lm->skipping && lm->line.len > 0;
}

/*
 * End the stream: match an unterminated last line.  Returns 0 or -1.
 * lm->matches is then the stream's count; reset before reuse.
 */
int linematch_finish(struct linematch *lm);

/*
 * A chunk of LEN bytes, counted alone: match the lines that begin after
 * its first '\n' and end at a later '\n'.  Starts from a reset state and
 * leaves no line in progress.  Returns 0 or -1.
 */
int linematch_chunk_inner(struct linematch *lm, const void *buf, size_t len);

/*
 * The next chunk of a stream whose chunks are also counted with
 * linematch_chunk_inner(): match the line that ends at the chunk's first
 * '\n' (with the bytes carried from earlier chunks), and carry the bytes
 * after its last '\n'.  Returns 0 or -1.
 */
int linematch_chunk_edges(struct linematch *lm, const void *buf, size_t len);

/*
 * After a failure: the error as a number from 0 to 999, 0 for memory to
 * hold a line, otherwise the magnitude of PCRE2's error code.
 */
static inline int linematch_error(const struct linematch *lm)
{
	return lm->error;
}

/* The message for linematch_error()'s number ERR, in BUF of SIZE bytes. */
void linematch_strerror(int err, char *buf, size_t size);

void linematch_release(struct linematch *lm);

#endif
