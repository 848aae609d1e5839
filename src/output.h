/*
 * output.h - formatting rows and totals.
 *
 * The text format is GNU wc's: the selected counts right-aligned in
 * columns of one common width, one space apart, then a space and the name;
 * names with control characters are shell-quoted (quote.h).  The width is
 * GNU wc's: the number of digits of the total byte count of the regular
 * files counted, at least 7 when standard input or another non-regular
 * input was counted; 1 (no padding) when a single input is printed with a
 * single column, for --total=only, and when o->unpadded is set (GNU wc
 * with a --files0-from list it reads as it goes).  Since the total is known only at
 * the end, rows are spooled (spool.h) and printed by output_finish().
 *
 * output_row() and output_finish() return 0, or -1 with errno set: ENOMEM
 * or a spool error from output_row(), the write error of OUT from
 * output_finish() (which flushes OUT).  Parent only.
 */
#ifndef FSTAT_PAR_OUTPUT_H
#define FSTAT_PAR_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "count.h"
#include "options.h"
#include "spool.h"
#include "strbuf.h"

struct output {
	FILE *out;
	unsigned want;
	enum total_mode total;
	bool utf8;
	struct spool spool;
	uint64_t regular_bytes;     /* bytes of regular files counted */
	bool stream_input;          /* a non-regular input was counted */
	bool unpadded;              /* width 1 whatever the counts */
	struct strbuf line;
};

void output_init(struct output *o, FILE *out, unsigned want,
		 enum total_mode total, bool utf8);

/* A counted input; REGULAR is false for standard input, pipes, devices. */
int output_row(struct output *o, const char *name, size_t len,
	       const struct counts *c, bool regular);

/*
 * Print the spooled rows and, as the total mode says, the total line.
 * NINPUTS is the number of inputs, including those that could not be read
 * (GNU wc prints the total in auto mode when there is more than one).
 */
int output_finish(struct output *o, const struct counts *totals,
		  uint64_t ninputs);

void output_release(struct output *o);

#endif
