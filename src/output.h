/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * output.h - formatting rows, totals and the --summary table.
 *
 * The text format is GNU wc's: the selected counts right-aligned in
 * columns of one common width, one space apart, then a space and the name;
 * names with control characters are shell-quoted (quote.h).  The width is
 * GNU wc's: the number of digits of the total byte count of the regular
 * files, at least 7 when standard input or another input that is not a
 * regular file was counted; 1 (no padding) when a single input is printed
 * with a single column, for --total=only, and when o->unpadded is set (GNU
 * wc with a --files0-from list it reads as it goes).  The byte count is
 * the one counted, or, once output_width_stat() has been called (or
 * o->stat_width set), what stat says of the inputs, as GNU wc sizes its
 * columns from its operands: standard input that is a regular file then
 * counts with its size, and a /proc file with 0.  Since the total is
 * known only at the end, rows are spooled (spool.h) and printed by
 * output_finish().  With -0 (o->null) names are written as they are and
 * every line ends with NUL instead of a newline.
 *
 * The other formats (tsv, csv, json, jsonl; output_set_format()) need no
 * width, but their rows are spooled and written at the end all the same:
 * that keeps memory bounded, keeps standard output quiet while standard
 * error may carry a progress line, and leaves every write, and so a
 * closed pipe, to output_finish(), where the caller expects them.  Their
 * layout and escaping rules are in the man page (OUTPUT); the escaping
 * functions are below so that they can be tested on their own.
 *
 * With --summary the counts are also grouped by extension (summary.h) and
 * printed after the total, in every format.
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
#include "shard.h"
#include "spool.h"
#include "strbuf.h"
#include "summary.h"

/*
 * What a jsonl output says about its run in its first line, the "run"
 * record, so that --merge (runmerge.h) can check that its inputs belong
 * together and print them as one run would.  The columns come from the
 * output itself, and so does what sizes text's columns (regular_bytes,
 * stream_input, unpadded).  Borrowed by the output.
 *
 * Version 2: the counts are GNU wc 9.11's, in four modes (count.h).
 * Version 1's "bytes" counted the byte 0xA0 as a word byte and its "utf8"
 * took the UTF-8 forms above U+10FFFF for characters, so --merge refuses
 * those records rather than add up counts made by other rules.
 */
#define RUN_RECORD_VERSION 2

struct run_info {
	struct shard shard;         /* n == 0: the whole run, "1/1" */
	const char *source;         /* "directory", "archive", "file",
				     * "stream" or "list" */
	const char *root;           /* ROOT, or the list's name */
	const char *const *selection;   /* the options that chose the
					 * files, as one string each */
	size_t nselection;
	const char *mode;           /* count_mode_name(): "bytes", "utf8",
				     * "bytes-posix" or "utf8-posix" */
	uint64_t errors;            /* files and entries reported */
};

struct output {
	FILE *out;
	unsigned want;
	enum total_mode total;
	bool utf8;
	enum output_format format;
	bool null;                  /* -0: NUL-ended rows, raw names */
	bool summary_on;            /* --summary */
	struct summary summary;
	const char *archive;        /* output_set_archive(), or NULL */
	size_t archive_prefix;
	struct spool spool;
	uint64_t regular_bytes;     /* bytes of regular files counted
				     * (saturating: total.h) */
	bool stream_input;          /* a non-regular input was counted */
	bool unpadded;              /* width 1 whatever the counts */
	bool stat_width;            /* sized by output_width_stat() alone */
	const struct run_info *run; /* jsonl's first line, or NULL */
	FILE *diag;                 /* where a total that saturated is
				     * reported: stderr */
	bool overflowed;            /* output_finish() reported one */
	struct strbuf line;
};

void output_init(struct output *o, FILE *out, unsigned want,
		 enum total_mode total, bool utf8);

/* The format and -0 (text and tsv only), and whether to print --summary.
 * The default is text, no -0, no summary. */
void output_set_format(struct output *o, enum output_format format,
		       bool null, bool summary);

/*
 * Every row from now on is an entry of the archive ROOT (borrowed: it must
 * live until output_finish()): its name is ROOT/ENTRY, ENTRY starting
 * PREFIX bytes in.  The structured formats then give the archive and the
 * entry as fields of their own.
 */
void output_set_archive(struct output *o, const char *root, size_t prefix);

/* Start jsonl output with a "run" record made of RUN (borrowed; read by
 * output_finish()).  Without it, jsonl has no such line. */
void output_set_run(struct output *o, const struct run_info *run);

/*
 * An input as stat(2) describes it, for the width (GNU wc stats each
 * operand): a regular file of SIZE bytes, or (REGULAR false) anything
 * else.  From the first call on, rows no longer count towards the width:
 * call it for every input before its row.
 */
void output_width_stat(struct output *o, bool regular, uint64_t size);

/*
 * A counted input; REGULAR is false for standard input, pipes, devices.
 * INDEX is its place among every path the source yielded, selected or
 * not (main.c): jsonl gives it, so that --merge can put the rows of
 * several shards back in the order of one run.
 */
int output_row(struct output *o, const char *name, size_t len,
	       const struct counts *c, bool regular, uint64_t index);

/*
 * Print the spooled rows and, as the total mode says, the total line,
 * then the summary (--summary), in the format chosen.
 * NINPUTS is the number of inputs, including those that could not be read
 * (GNU wc prints the total in auto mode when there is more than one).
 * OVERFLOW has the COUNT_WANT_* bits of the columns of TOTALS that
 * saturated (total.h).  When the total is printed, each of them that is
 * printed is reported on o->diag as GNU wc reports it, in column order,
 * after the rows (flushed first) and before the total line:
 * "fstat-par: total bytes: Value too large for defined data type"; then
 * o->overflowed is set, and the exit status must be 1.
 */
int output_finish(struct output *o, const struct counts *totals,
		  unsigned overflow, uint64_t ninputs);

void output_release(struct output *o);

/*
 * The escaping of the structured formats, each appending one field, NAME
 * of LEN bytes, to OUT; 0, or -1 with errno ENOMEM.  None depends on the
 * locale.
 *
 * output_json_string(): a JSON string with its quotes.  Valid UTF-8 (RFC
 * 3629: no overlong forms, no surrogates, nothing above U+10FFFF) is
 * copied, except the double quote and the backslash (escaped with a
 * backslash) and the controls below 0x20 (\b \f \n \r \t, the others
 * \u00XX); each byte of an invalid sequence becomes \udcXX, XX its value
 * in lowercase hex, as Python's "surrogateescape" error handler decodes
 * it.
 *
 * output_csv_field(): RFC 4180: quoted when it holds a comma, a double
 * quote, CR or LF, with its double quotes doubled; otherwise as it is.
 *
 * output_tsv_field(): tab, newline, carriage return and backslash as \t
 * \n \r and \\; every other byte as it is.
 */
int output_json_string(struct strbuf *out, const char *name, size_t len);
int output_csv_field(struct strbuf *out, const char *name, size_t len);
int output_tsv_field(struct strbuf *out, const char *name, size_t len);

#endif
