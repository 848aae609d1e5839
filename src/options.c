/* SPDX-License-Identifier: BSD-2-Clause */
/* options.c - parse the command line; see options.h. */
#include "compat.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

enum {
	OPT_TOTAL = CHAR_MAX + 1,
	OPT_IO_THREADS,
	OPT_MAX_ENTRIES,
	OPT_MAX_BYTES,
	OPT_REGEX,
	OPT_EXCLUDE_REGEX,
	OPT_COUNT_MATCHES,
	OPT_MAX_DEPTH,
	OPT_FOLLOW,
	OPT_XDEV,
	OPT_FILES0_FROM,
	OPT_FORMAT,
	OPT_SUMMARY,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_TIMEOUT,
	OPT_SHARD,
	OPT_MERGE,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option long_options[] = {
	{ "lines", no_argument, NULL, 'l' },
	{ "words", no_argument, NULL, 'w' },
	{ "chars", no_argument, NULL, 'm' },
	{ "bytes", no_argument, NULL, 'c' },
	{ "max-line-length", no_argument, NULL, 'L' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "io-threads", required_argument, NULL, OPT_IO_THREADS },
	{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
	{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
	{ "total", required_argument, NULL, OPT_TOTAL },
	{ "exclude", required_argument, NULL, 'x' },
	{ "regex", required_argument, NULL, OPT_REGEX },
	{ "exclude-regex", required_argument, NULL, OPT_EXCLUDE_REGEX },
	{ "count-matches", required_argument, NULL, OPT_COUNT_MATCHES },
	{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "xdev", no_argument, NULL, OPT_XDEV },
	{ "files0-from", required_argument, NULL, OPT_FILES0_FROM },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "null", no_argument, NULL, '0' },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

void options_usage(FILE *out, const char *program)
{
	fprintf(out,
"Usage: %s [OPTION]... ROOT [GLOB]...\n"
"  or:  %s [OPTION]... --files0-from=F [GLOB]...\n"
"  or:  %s [OPTION]... --merge [FILE]...\n"
"Print newline, word, and byte counts, like wc, for every regular file under\n"
"the directory ROOT whose name matches a GLOB (every file when no GLOB is\n"
"given), counting the files in parallel, then a total.  ROOT may also be an\n"
"archive (tar, zip, 7z, cpio, iso9660, ar; compressed or not), whose\n"
"entries are counted without extracting them, a single file, or - for\n"
"standard input (an archive or not).\n"
"\n"
"A GLOB without '/' matches the base name; one with '/' matches the path\n"
"relative to ROOT.  * ? [...] never match '/'; ** matches any number of\n"
"directories; {a,b} alternates.  Quote globs to keep the shell off them.\n"
"\n"
"The options below select which counts are printed, always in the order:\n"
"newline, word, character, byte, maximum line length.\n"
"  -c, --bytes            print the byte counts\n"
"  -m, --chars            print the character counts\n"
"  -l, --lines            print the newline counts\n"
"  -L, --max-line-length  print the maximum display width\n"
"  -w, --words            print the word counts\n"
"      --count-matches=RE  also print the number of lines that match the\n"
"                           PCRE2 regular expression RE, as grep -c;\n"
"                           when repeated, lines that match any RE\n"
"      --total=WHEN       when to print a line with total counts;\n"
"                           WHEN can be: auto, always, only, never\n"
"      --format=FORMAT    text (the default, as wc), tsv, csv, json or\n"
"                           jsonl (one JSON object per line)\n"
"  -0, --null             end text and tsv rows with NUL, not newline,\n"
"                           and write names unquoted\n"
"      --summary          after the rows, the counts per file extension\n"
"      --progress         show a progress line on standard error\n"
"      --no-progress      never show it (the default shows it only when\n"
"                           standard error is a terminal)\n"
"\n"
"Selection (a file counts when it matches a GLOB, or every file without\n"
"one, and no exclusion):\n"
"  -x, --exclude=GLOB     skip files that match GLOB, and do not enter\n"
"                           directories that match it\n"
"      --regex=RE         count only files whose path relative to ROOT\n"
"                           matches the PCRE2 regular expression RE\n"
"      --exclude-regex=RE  skip files whose relative path matches RE\n"
"      --max-depth=N      descend at most N levels below ROOT (ROOT's own\n"
"                           entries are level 1)\n"
"      --follow           follow symbolic links (loops are reported once)\n"
"      --xdev             stay on ROOT's file system\n"
"      --files0-from=F    count the files named in F, separated by NUL\n"
"                           characters (- for standard input), in order;\n"
"                           every operand is then a GLOB\n"
"\n"
"  -j, --jobs=N           count with N worker processes\n"
"                           (default: the number of available CPUs)\n"
"      --io-threads=N     in each worker, N threads read the next files\n"
"                           while the current one is counted, when reads\n"
"                           wait for the disk or network (default: as many\n"
"                           as the waits call for, up to 16 across the\n"
"                           workers; 0: none)\n"
"      --timeout=SECONDS  give up on a file that takes longer (a read hung\n"
"                           on a network mount): report it and go on;\n"
"                           SECONDS may have a fraction (default 0, none)\n"
"      --max-entries=N    stop reading an archive after N entries\n"
"                           (default 10000000)\n"
"      --max-bytes=SIZE   stop reading an archive after SIZE bytes of\n"
"                           entry data (default 1T); SIZE may end in\n"
"                           K, M, G, T, P or E (powers of 1024)\n"
"\n"
"Several runs (on several machines: see the man page):\n"
"      --shard=K/N        count only the files of shard K of N (1 <= K <= N),\n"
"                           chosen by a hash of the relative path\n"
"      --merge            read the --format=jsonl outputs of the runs named\n"
"                           by the operands (- or none: standard input) and\n"
"                           print them as one run would, in any --format\n"
"\n"
"      --help             display this help and exit\n"
"      --version          output version information and exit\n"
"\n"
"Files are listed depth first, each directory's entries in byte order of\n"
"their names; the output is the same for every --jobs.  Symbolic links are\n"
"not followed (without --follow); FIFOs, sockets and devices are skipped.\n"
"Counts follow GNU wc 9.11: by UTF-8 characters in a UTF-8 locale, byte by\n"
"byte in any other; with POSIXLY_CORRECT set, no-break spaces are parts of\n"
"words.\n"
"\n"
"Exit status: 0 if every file was counted, 1 if some could not be read,\n"
"2 on a usage or fatal error.\n"
"\n",
		program, program, program);
	/* Only an address configure was given (AC_INIT's third argument,
	 * empty by default): none is invented. */
	if (PACKAGE_BUGREPORT[0] != '\0')
		fprintf(out, "Report bugs to: %s\n", PACKAGE_BUGREPORT);
	fputs("Full documentation: man fstat-par\n", out);
}

/* A decimal number from MIN to MAX, or -1 with a message naming WHAT. */
static int parse_count(struct options *opts, const char *arg, long min,
		       long max, const char *what, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || errno || v < min || v > max) {
		snprintf(opts->error, sizeof(opts->error),
			 "invalid number of %s: '%s' (expected %ld to %ld)",
			 what, arg, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * --timeout: SECONDS, a decimal number that may have a fraction, into
 * milliseconds (0: no timeout; a positive value below a millisecond is
 * one).  Parsed by hand: strtod() would follow the locale's decimal point.
 */
static int parse_timeout(struct options *opts, const char *arg)
{
	const char *q = arg;
	uint64_t ms = 0, scale = 100;
	bool digits = false, nonzero = false;

	for (; *q >= '0' && *q <= '9'; q++) {
		ms = ms * 10 + (uint64_t)(*q - '0') * 1000;
		digits = true;
		nonzero |= *q != '0';
		if (ms > TIMEOUT_MAX_MS)
			goto bad;
	}
	if (*q == '.') {
		for (q++; *q >= '0' && *q <= '9'; q++) {
			ms += (uint64_t)(*q - '0') * scale;
			scale /= 10;
			digits = true;
			nonzero |= *q != '0';
		}
	}
	if (!digits || *q != '\0' || ms > TIMEOUT_MAX_MS)
		goto bad;
	opts->timeout_ms = ms == 0 && nonzero ? 1 : ms;
	return 0;
bad:
	snprintf(opts->error, sizeof(opts->error),
		 "invalid argument '%s' for '--timeout' (expected seconds, "
		 "0 to %u)", arg, (unsigned)(TIMEOUT_MAX_MS / 1000));
	return -1;
}

/* A number with an optional binary suffix (K, M, G, T, P, E, maybe followed
 * by "iB"), at least 1, or -1 with a message naming OPTION. */
static int parse_size(struct options *opts, const char *arg,
		      const char *option, uint64_t *out)
{
	static const char units[] = "KMGTPE";
	unsigned long long v;
	char *end;
	const char *u;

	errno = 0;
	v = arg[0] >= '0' && arg[0] <= '9' ? strtoull(arg, &end, 10) : 0;
	if (v == 0 || errno)
		goto bad;
	if (*end && (u = strchr(units, *end)) != NULL) {
		int shift = 10 * (int)(u - units + 1);

		if (v > UINT64_MAX >> shift)
			goto bad;
		v <<= shift;
		end++;
		if (strcmp(end, "iB") == 0)
			end += 2;
	}
	if (*end != '\0')
		goto bad;
	*out = (uint64_t)v;
	return 0;
bad:
	snprintf(opts->error, sizeof(opts->error),
		 "invalid argument '%s' for '--%s'", arg, option);
	return -1;
}

/*
 * ARG as one of the N NAMES (an index into them, in *OUT), or -1 with
 * GNU's message for OPTION: "invalid argument 'x' for '--total'; valid
 * arguments are 'auto', 'always', ...".
 */
static int parse_choice(struct options *opts, const char *arg,
			const char *option, const char *const *names, size_t n,
			int *out)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	len = (size_t)snprintf(opts->error, sizeof(opts->error),
			       "invalid argument '%s' for '--%s'; valid "
			       "arguments are", arg, option);
	for (i = 0; i < n && len < sizeof(opts->error); i++)
		len += (size_t)snprintf(opts->error + len,
					sizeof(opts->error) - len, "%s '%s'",
					i ? "," : "", names[i]);
	return -1;
}

static int parse_total(struct options *opts, const char *arg)
{
	static const char *const names[] = {
		[TOTAL_AUTO] = "auto",
		[TOTAL_ALWAYS] = "always",
		[TOTAL_ONLY] = "only",
		[TOTAL_NEVER] = "never",
	};
	int v = 0;

	if (parse_choice(opts, arg, "total", names, ARRAY_SIZE(names), &v) < 0)
		return -1;
	opts->total = (enum total_mode)v;
	return 0;
}

static int parse_format(struct options *opts, const char *arg)
{
	static const char *const names[] = {
		[FORMAT_TEXT] = "text",
		[FORMAT_TSV] = "tsv",
		[FORMAT_CSV] = "csv",
		[FORMAT_JSON] = "json",
		[FORMAT_JSONL] = "jsonl",
	};
	int v = 0;

	if (parse_choice(opts, arg, "format", names, ARRAY_SIZE(names),
			 &v) < 0)
		return -1;
	opts->format = (enum output_format)v;
	return 0;
}

/*
 * The long option whose error getopt_long reports, as OPT (the value it
 * put in optopt) and ARG (the argument it stopped at), or NULL when the
 * error is about a short option: optopt does not tell them apart.  ARG
 * may abbreviate the name; messages give it whole, as glibc's do.
 */
static const char *long_option_error(const char *arg, int opt)
{
	const struct option *o;
	size_t len;

	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return NULL;
	len = strcspn(arg + 2, "=");
	for (o = long_options; o->name; o++)
		if (o->val == opt && strncmp(o->name, arg + 2, len) == 0)
			return o->name;
	return NULL;
}

/* Whether getopt_long() takes options A and B for the same one. */
static bool same_option(const struct option *a, const struct option *b)
{
	return a->has_arg == b->has_arg && a->flag == b->flag &&
	       a->val == b->val;
}

/*
 * getopt_long() returns '?' with optopt 0 both for an unknown long option
 * and for an ambiguous abbreviation.  Tell them apart as it decides: ARG
 * ("--NAME" or "--NAME=VALUE") is ambiguous when NAME is no option's
 * whole name but begins several that are not the same option (aliases
 * with one meaning are not ambiguous; the table has none today).  Then
 * write glibc's message, the candidates in the table's order as glibc
 * lists them (the first, and each that differs from it), and return
 * true.
 */
static bool ambiguous_option(struct options *opts, const char *arg)
{
	const struct option *o, *first = NULL;
	const char *name = arg + 2;
	size_t len, n;
	bool ambiguous = false;

	if (strncmp(arg, "--", 2) != 0)
		return false;
	len = strcspn(name, "=");
	for (o = long_options; o->name; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (o->name[len] == '\0')
			return false;   /* an exact match wins */
		if (!first)
			first = o;
		else if (!same_option(o, first))
			ambiguous = true;
	}
	if (!ambiguous)
		return false;
	n = (size_t)snprintf(opts->error, sizeof(opts->error),
			     "option '%s' is ambiguous; possibilities:", arg);
	for (o = first; o->name && n < sizeof(opts->error); o++)
		if (strncmp(o->name, name, len) == 0 &&
		    (o == first || !same_option(o, first)))
			n += (size_t)snprintf(opts->error + n,
					      sizeof(opts->error) - n,
					      " '--%s'", o->name);
	return true;
}

/* Add ARG to a repeatable option's array, which has room for ARGC. */
static int add_arg(struct options *opts, const char ***arr, size_t *n,
		   int argc, const char *arg)
{
	if (!*arr && !(*arr = calloc((size_t)argc, sizeof(**arr)))) {
		snprintf(opts->error, sizeof(opts->error), "%s",
			 strerror(errno));
		return -1;
	}
	(*arr)[(*n)++] = arg;
	return 0;
}

/*
 * --merge: the operands are the outputs to read ("-" when none), and the
 * options that choose what a run counts have no place: the inputs say it.
 */
static int merge_operands(struct options *opts, int argc, char **argv)
{
	static char *dash[] = { "-" };
	const char *bad =
		opts->shard.n ? "--shard" :
		opts->files0_from ? "--files0-from" :
		opts->nexcludes ? "--exclude" :
		opts->nregexes ? "--regex" :
		opts->nexclude_regexes ? "--exclude-regex" :
		opts->ncount_matches ? "--count-matches" :
		opts->max_depth >= 0 ? "--max-depth" :
		opts->follow ? "--follow" :
		opts->xdev ? "--xdev" :
		opts->max_entries != MAX_ENTRIES_DEFAULT ? "--max-entries" :
		opts->max_bytes != MAX_BYTES_DEFAULT ? "--max-bytes" : NULL;

	if (bad) {
		snprintf(opts->error, sizeof(opts->error),
			 "%s cannot be used with --merge", bad);
		return -1;
	}
	if (optind < argc) {
		opts->inputs = argv + optind;
		opts->ninputs = (size_t)(argc - optind);
	} else {
		opts->inputs = dash;
		opts->ninputs = 1;
	}
	return 0;
}

int options_parse(struct options *opts, int argc, char **argv)
{
	const char *name;
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->total = TOTAL_AUTO;
	opts->max_entries = MAX_ENTRIES_DEFAULT;
	opts->max_bytes = MAX_BYTES_DEFAULT;
	opts->max_depth = -1;
	opts->io_threads = -1;
	/* Report errors ourselves, as one line with our own prefix. */
	opterr = 0;
	optind = 0;

	while ((c = getopt_long(argc, argv, ":lwmcLj:x:0", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'l':
			opts->want_given = true;
			opts->want |= COUNT_WANT_LINES;
			break;
		case 'w':
			opts->want_given = true;
			opts->want |= COUNT_WANT_WORDS;
			break;
		case 'm':
			opts->want_given = true;
			opts->want |= COUNT_WANT_CHARS;
			break;
		case 'c':
			opts->want_given = true;
			opts->want |= COUNT_WANT_BYTES;
			break;
		case 'L':
			opts->want_given = true;
			opts->want |= COUNT_WANT_MAXLEN;
			break;
		case 'j':
			if (parse_count(opts, optarg, 1, JOBS_MAX, "jobs",
					&opts->jobs) < 0)
				return -1;
			break;
		case OPT_IO_THREADS:
			if (parse_count(opts, optarg, 0, IO_THREADS_MAX,
					"I/O threads", &opts->io_threads) < 0)
				return -1;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(opts, optarg) < 0)
				return -1;
			break;
		case OPT_MAX_ENTRIES:
			if (parse_size(opts, optarg, "max-entries",
				       &opts->max_entries) < 0)
				return -1;
			break;
		case OPT_MAX_BYTES:
			if (parse_size(opts, optarg, "max-bytes",
				       &opts->max_bytes) < 0)
				return -1;
			break;
		case OPT_TOTAL:
			if (parse_total(opts, optarg) < 0)
				return -1;
			break;
		case 'x':
			if (add_arg(opts, &opts->excludes, &opts->nexcludes,
				    argc, optarg) < 0)
				return -1;
			break;
		case OPT_REGEX:
			if (add_arg(opts, &opts->regexes, &opts->nregexes,
				    argc, optarg) < 0)
				return -1;
			break;
		case OPT_EXCLUDE_REGEX:
			if (add_arg(opts, &opts->exclude_regexes,
				    &opts->nexclude_regexes, argc, optarg) < 0)
				return -1;
			break;
		case OPT_COUNT_MATCHES:
			if (add_arg(opts, &opts->count_matches,
				    &opts->ncount_matches, argc, optarg) < 0)
				return -1;
			break;
		case OPT_MAX_DEPTH:
			if (parse_count(opts, optarg, 0, INT_MAX, "levels",
					&opts->max_depth) < 0)
				return -1;
			break;
		case OPT_FOLLOW:
			opts->follow = true;
			break;
		case OPT_XDEV:
			opts->xdev = true;
			break;
		case OPT_FILES0_FROM:
			opts->files0_from = optarg;
			break;
		case OPT_FORMAT:
			if (parse_format(opts, optarg) < 0)
				return -1;
			break;
		case '0':
			opts->null = true;
			break;
		case OPT_SUMMARY:
			opts->summary = true;
			break;
		case OPT_PROGRESS:
			opts->progress = PROGRESS_ALWAYS;
			break;
		case OPT_NO_PROGRESS:
			opts->progress = PROGRESS_NEVER;
			break;
		case OPT_SHARD:
			if (shard_parse(&opts->shard, optarg) < 0) {
				snprintf(opts->error, sizeof(opts->error),
					 "invalid argument '%s' for '--shard' "
					 "(expected K/N, 1 <= K <= N <= %lu)",
					 optarg, (unsigned long)SHARD_MAX);
				return -1;
			}
			break;
		case OPT_MERGE:
			opts->merge = true;
			break;
		case OPT_HELP:
			opts->action = ACTION_HELP;
			return 1;
		case OPT_VERSION:
			opts->action = ACTION_VERSION;
			return 1;
		case ':':
			name = long_option_error(argv[optind - 1], optopt);
			if (name)
				snprintf(opts->error, sizeof(opts->error),
					 "option '--%s' requires an argument",
					 name);
			else
				snprintf(opts->error, sizeof(opts->error),
					 "option requires an argument -- '%c'",
					 optopt);
			return -1;
		default:
			name = optopt ? long_option_error(argv[optind - 1],
							  optopt) : NULL;
			if (name)
				snprintf(opts->error, sizeof(opts->error),
					 "option '--%s' doesn't allow an "
					 "argument", name);
			else if (optopt)
				snprintf(opts->error, sizeof(opts->error),
					 "invalid option -- '%c'", optopt);
			else if (!ambiguous_option(opts, argv[optind - 1]))
				snprintf(opts->error, sizeof(opts->error),
					 "unrecognized option '%s'",
					 argv[optind - 1]);
			return -1;
		}
	}

	if (!opts->want)
		opts->want = COUNT_WANT_LINES | COUNT_WANT_WORDS |
			     COUNT_WANT_BYTES;
	if (opts->null && opts->format != FORMAT_TEXT &&
	    opts->format != FORMAT_TSV) {
		snprintf(opts->error, sizeof(opts->error),
			 "--null applies to the text and tsv formats only");
		return -1;
	}

	if (opts->merge)
		return merge_operands(opts, argc, argv);

	/* With --files0-from the names come from the list: there is no
	 * ROOT, and every operand is a GLOB. */
	if (!opts->files0_from) {
		if (optind >= argc) {
			snprintf(opts->error, sizeof(opts->error),
				 "missing ROOT operand");
			return -1;
		}
		opts->root = argv[optind++];
	}
	opts->globs = argv + optind;
	opts->nglobs = (size_t)(argc - optind);
	return 0;
}

void options_release(struct options *opts)
{
	free(opts->excludes);
	free(opts->regexes);
	free(opts->exclude_regexes);
	free(opts->count_matches);
	opts->excludes = opts->regexes = NULL;
	opts->exclude_regexes = opts->count_matches = NULL;
	opts->nexcludes = opts->nregexes = 0;
	opts->nexclude_regexes = opts->ncount_matches = 0;
}
