/*
 * options.h - the command line, parsed into a struct options.
 *
 * options_parse() turns argv into *OPTS.  It prints nothing and never
 * exits: on a usage error it returns -1 and leaves a one-line message in
 * opts->error (a static or opts-owned string); for --help and --version it
 * returns 1 with opts->action set, and main() prints the text.
 * Nothing is allocated: ROOT and the GLOBs point into argv.  Parent only.
 */
#ifndef FSTAT_PAR_OPTIONS_H
#define FSTAT_PAR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "count.h"

enum total_mode {
	TOTAL_AUTO,
	TOTAL_ALWAYS,
	TOTAL_ONLY,
	TOTAL_NEVER,
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

struct options {
	enum options_action action;
	unsigned want;              /* COUNT_WANT_* columns to print */
	enum total_mode total;
	long jobs;                  /* 0 until set; main fills the default */
	long io_threads;            /* read-ahead threads per worker */
	uint64_t max_entries;       /* --max-entries */
	uint64_t max_bytes;         /* --max-bytes */
	const char *root;           /* borrowed from argv */
	char **globs;               /* borrowed from argv */
	size_t nglobs;
	char error[256];
};

int options_parse(struct options *opts, int argc, char **argv);

/* The text of --help, ending in a newline. */
void options_usage(FILE *out, const char *program);

#endif
