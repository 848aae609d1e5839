/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * merge.h - the in-order end of the pipeline.
 *
 * The parent hands every result to merge_result() strictly in sequence
 * order (the order of the walk).  The merge adds the counts into the
 * totals, gives the row to the output, and reports per-file errors on
 * stderr as "fstat-par: NAME: reason", remembering exit status 1; a file
 * whose read failed part way is reported and its partial counts still
 * printed, as GNU wc does; one whose --count-matches failed is reported
 * without a row, as is one that timed out (m->timeout_ms, set by the
 * caller, says after how long).  merge_error() reports a problem that is not a
 * counted file (a directory that could not be read).  With a progress
 * line (progress.h; m->progress, set by the caller, borrowed), each report
 * erases it first so that the message stands on its own line.
 *
 * merge_result() returns 0, or -1 with errno set when the output failed
 * (fatal for the caller).  Parent only.
 */
#ifndef FSTAT_PAR_MERGE_H
#define FSTAT_PAR_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include "count.h"
#include "output.h"
#include "progress.h"
#include "slots.h"
#include "strbuf.h"

struct merge {
	struct output *out;
	struct counts totals;       /* saturating sums (total.h) */
	unsigned overflow;          /* COUNT_WANT_* bits of totals that
				     * saturated, for output_finish() */
	uint64_t ninputs;           /* files selected, readable or not */
	int status;                 /* 0, or 1 once a file failed */
	uint64_t errors;            /* how many were reported */
	bool utf8;
	struct strbuf name;         /* scratch: a quoted name */
	struct progress *progress;  /* NULL, or the line to erase first */
	uint64_t timeout_ms;        /* --timeout, for its message */
};

void merge_init(struct merge *m, struct output *out, bool utf8);
/* MSG, when not NULL, is what to report for a RESULT_SOURCE_ERR; INDEX
 * is the row's (output_row()). */
int merge_result(struct merge *m, const struct result_slot *s,
		 const char *path, size_t len, const char *msg,
		 uint64_t index);
/* Count C for an input that is not a regular file (standard input);
 * ERR is none, an errno, or a FILE_ERR_MATCH (no row). */
int merge_stream(struct merge *m, const char *name, const struct counts *c,
		 struct file_err err, uint64_t index);
void merge_error(struct merge *m, const char *path, size_t len, int err);
void merge_release(struct merge *m);

#endif
