/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * runmerge.h - --merge: the jsonl outputs of several runs, printed as the
 * output of one run.
 *
 * Each input is what "fstat-par --format=jsonl" printed: a "run" record
 * first (output.h: struct run_info), then file records with their index,
 * then maybe a total and summary records.  The inputs must come from the
 * same command, run as shards (--shard=K/N) that partition the files:
 * the same source, ROOT, selection, counting mode and columns, the same
 * N, every K from 1 to N exactly once, and no index twice.  Anything else
 * is an error: a message naming the input (and its line) and exit 2,
 * with nothing on standard output.
 *
 * The rows are put back in the order of one run by their indexes (a heap
 * over the inputs, each of which must be in increasing order), so memory
 * depends on the number of inputs, not of rows; the output module spools
 * them as a run does.  The total is summed from the rows; an input
 * written with --total=only has none, and then its total record counts,
 * which only a merge with --total=only can use.  The summary records of
 * the inputs are not read: --summary makes the merge group the rows
 * again.
 *
 * The merge's own -l -w -m -c -L choose among the inputs' columns (by
 * default all of them); the text format's widths come from the run
 * records, so the result is byte for byte what one run prints.  Exit
 * status: 0, 1 when some input's run could not count some files (its
 * run record says how many; each is reported once, as a warning naming
 * the input), 2 for an error.  Parent only (there are no workers).
 */
#ifndef FSTAT_PAR_RUNMERGE_H
#define FSTAT_PAR_RUNMERGE_H

#include <stdbool.h>

#include "options.h"
#include "output.h"

/* Merge OPTS->inputs into OUT (initialized with OPTS' format, total and
 * -0); returns the exit status, having printed any message. */
int runmerge(const struct options *opts, struct output *out, bool utf8);

#endif
