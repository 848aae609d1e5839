/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * options.h - the command line, parsed into a struct options.
 *
 * options_parse() turns argv into *OPTS.  It prints nothing and never
 * exits: on a usage error it returns -1 and leaves a one-line message in
 * opts->error (a static or opts-owned string); for --help and --version it
 * returns 1 with opts->action set, and main() prints the text.
 * Every string points into argv; the arrays of repeatable options are
 * allocated, and options_release() frees them (after any return).
 * Parent only.
 */
#ifndef FSTAT_PAR_OPTIONS_H
#define FSTAT_PAR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "count.h"
#include "shard.h"

enum total_mode {
	TOTAL_AUTO,
	TOTAL_ALWAYS,
	TOTAL_ONLY,
	TOTAL_NEVER,
};

enum output_format {
	FORMAT_TEXT,
	FORMAT_TSV,
	FORMAT_CSV,
	FORMAT_JSON,
	FORMAT_JSONL,
};

enum progress_mode {
	PROGRESS_AUTO,              /* only when stderr is a terminal */
	PROGRESS_ALWAYS,            /* --progress */
	PROGRESS_NEVER,             /* --no-progress */
};

enum options_action {
	ACTION_RUN,
	ACTION_HELP,
	ACTION_VERSION,
};

/* Upper bound for --jobs: far above any useful value, low enough that the
 * result ring and the parent's per-worker tables stay small. */
#define JOBS_MAX 1024
#define IO_THREADS_MAX 64

/* Archive limits: enough for any real archive, not for a bomb. */
#define MAX_ENTRIES_DEFAULT UINT64_C(10000000)
#define MAX_BYTES_DEFAULT (UINT64_C(1) << 40)

/* --timeout: up to a million seconds (eleven days and a half). */
#define TIMEOUT_MAX_MS (UINT64_C(1000000) * 1000)

struct options {
	enum options_action action;
	unsigned want;              /* COUNT_WANT_* columns to print */
	bool want_given;            /* some of -l -w -m -c -L was given */
	enum total_mode total;
	long jobs;                  /* 0 until set; main fills the default */
	long io_threads;            /* read-ahead threads per worker; -1
				     * (the default): as many as reads wait
				     * for (worker.h: io_adaptive) */
	uint64_t timeout_ms;        /* --timeout per file; 0 for none */
	uint64_t max_entries;       /* --max-entries */
	uint64_t max_bytes;         /* --max-bytes */
	const char *root;           /* borrowed from argv; NULL with files0 */
	char **globs;               /* borrowed from argv */
	size_t nglobs;
	/* Selection (issue 5); the arrays hold pointers into argv. */
	const char **excludes;      /* -x, --exclude=GLOB */
	size_t nexcludes;
	const char **regexes;       /* --regex=RE */
	size_t nregexes;
	const char **exclude_regexes; /* --exclude-regex=RE */
	size_t nexclude_regexes;
	const char **count_matches; /* --count-matches=RE: any of them */
	size_t ncount_matches;
	long max_depth;             /* --max-depth; -1 for no limit */
	bool follow;                /* --follow */
	bool xdev;                  /* --xdev */
	const char *files0_from;    /* --files0-from=FILE, or NULL */
	/* Output (issue 6). */
	enum output_format format;  /* --format */
	bool null;                  /* -0, --null: text and tsv only */
	bool summary;               /* --summary */
	enum progress_mode progress;
	/* Several runs (issue 8). */
	struct shard shard;         /* --shard=K/N; n == 0 without */
	bool merge;                 /* --merge: the operands are jsonl
				     * outputs (inputs), not ROOT and GLOBs */
	char **inputs;              /* borrowed from argv; "-" when none */
	size_t ninputs;
	char error[1024];           /* room for every option's name: an
				     * ambiguous "--=x" lists them all */
};

int options_parse(struct options *opts, int argc, char **argv);
void options_release(struct options *opts);

/* The text of --help, ending in a newline. */
void options_usage(FILE *out, const char *program);

#endif
