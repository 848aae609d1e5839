/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - the command: options, the signals, and the exit status.
 *
 *   options -> run (run.c: source -> pool -> merge) -> output
 *
 * main() reads the options, builds the selection and the output, and hands
 * the root to run_root(); it catches SIGINT, SIGTERM and SIGHUP so that
 * the workers are stopped before it dies of them, and every fatal error
 * ends here, in die(), with exit status 2 after the workers are stopped.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"
#include "quote.h"
#include "run.h"
#include "runmerge.h"

#define EXIT_TROUBLE 2

/* The only mutable globals: what the signal handler touches. */
static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t signal_pipe = -1;

static void on_signal(int sig)
{
	int saved = errno;
	char c = 0;

	got_signal = sig;
	if (signal_pipe >= 0 && write(signal_pipe, &c, 1) < 0) {
		/* Full pipe: a wake-up is already pending. */
	}
	errno = saved;
}

static void stop_everything(struct run *r)
{
	/* Whatever comes next on stderr starts on a clean line. */
	progress_end(&r->progress);
	run_stop(r);
	output_release(&r->out);
}

void die(struct run *r, const char *fmt, ...)
{
	va_list ap;

	stop_everything(r);
	fflush(stdout);
	fputs("fstat-par: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_TROUBLE);
}

/* Fatal: "ROOT: WHAT", with ROOT quoted as names are. */
void die_root(struct run *r, const char *root, const char *what)
{
	struct strbuf q = STRBUF_INIT;

	quote_arg(&q, root, strlen(root), r->utf8, false);
	die(r, "%s: %s", q.buf ? q.buf : "", what);
}

/* After SIGINT, SIGTERM or SIGHUP: clean up, then die of the signal so
 * the caller sees the right status (130, 143, 129). */
void die_of_signal(struct run *r)
{
	int sig = got_signal;

	stop_everything(r);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

/* stdout failed: a closed pipe ends quietly, as for any filter. */
static ATTR_NORETURN void die_output(struct run *r, int err)
{
	if (err == EPIPE) {
		stop_everything(r);
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	die(r, "write error: %s", strerror(err ? err : EIO));
}

/* As the pool starts: from now on a signal stops the workers first. */
void catch_signals(struct run *r)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;
	int wake[2];

	if (signal_pipe >= 0)
		return;
	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0)
		die(r, "cannot create a pipe: %s", strerror(errno));
	r->wake_fd = wake[0];
	signal_pipe = wake[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal must interrupt poll(2) at once. */
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		struct sigaction old;

		/* Stay ignored if the caller ignored us (nohup, &). */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	/* Writes to a dead worker's pipe must fail with EPIPE, not kill us;
	 * stdout's EPIPE is handled by die_output(). */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * Once the workers are gone there is nothing to clean up: give the
 * signals catch_signals() caught their default action back (those the
 * caller ignored stay ignored).
 */
static void release_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		struct sigaction old;

		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == on_signal)
			signal(sigs[i], SIG_DFL);
	}
}

/*
 * --count-matches: compile every pattern here, before any worker is
 * forked, so that each process inherits the compiled code; the column
 * comes after all others.
 */
static void compile_matches(struct run *r)
{
	size_t n = r->opts.ncount_matches;

	if (n == 0)
		return;
	r->matches = calloc(n, sizeof(*r->matches));
	if (!r->matches)
		die(r, "%s", strerror(ENOMEM));
	for (; r->nmatches < n; r->nmatches++) {
		const char *re = r->opts.count_matches[r->nmatches];

		if (regex_compile(&r->matches[r->nmatches], re, r->utf8) < 0)
			die(r, "invalid regular expression '%s': %s", re,
			    r->matches[r->nmatches].error);
	}
	linematch_init(&r->lm, r->matches, r->nmatches);
	r->opts.want |= COUNT_WANT_MATCHES;
}

/*
 * The selection (select.h): GLOB operands, -x, --regex, --exclude-regex;
 * the regular expressions are compiled (and JIT-compiled) here, once,
 * before any worker is forked.
 */
static void build_selection(struct run *r)
{
	const struct options *o = &r->opts;
	size_t i;

	select_init(&r->sel, &r->globs, r->utf8);
	r->sel.max_depth = o->max_depth;
	for (i = 0; i < o->nexcludes; i++)
		if (select_add_exclude(&r->sel, o->excludes[i]) < 0)
			die(r, "invalid pattern '%s': %s", o->excludes[i],
			    r->sel.error);
	for (i = 0; i < o->nregexes; i++)
		if (select_add_regex(&r->sel, o->regexes[i], false) < 0)
			die(r, "invalid regular expression '%s': %s",
			    o->regexes[i], r->sel.error);
	for (i = 0; i < o->nexclude_regexes; i++)
		if (select_add_regex(&r->sel, o->exclude_regexes[i], true) < 0)
			die(r, "invalid regular expression '%s': %s",
			    o->exclude_regexes[i], r->sel.error);
}

/*
 * The "run" record (output.h) of a jsonl output: which source, and the
 * options that chose its files, each as one string, in a fixed order,
 * then "--" and the GLOBs; runs that --merge puts together must agree on
 * all of it.
 */
static void describe_run(struct run *r, const char *source, const char *root)
{
	const struct options *o = &r->opts;
	size_t n = 0, max = 8 + o->nexcludes + o->nregexes +
		   o->nexclude_regexes + o->ncount_matches + o->nglobs;
	char **sel = calloc(max, sizeof(*sel));
	size_t i;
	int bad = 0;

#define ADD(...) (bad |= asprintf(&sel[n++], __VA_ARGS__) < 0)
	if (!sel)
		die(r, "%s", strerror(ENOMEM));
	for (i = 0; i < o->nexcludes; i++)
		ADD("--exclude=%s", o->excludes[i]);
	for (i = 0; i < o->nregexes; i++)
		ADD("--regex=%s", o->regexes[i]);
	for (i = 0; i < o->nexclude_regexes; i++)
		ADD("--exclude-regex=%s", o->exclude_regexes[i]);
	for (i = 0; i < o->ncount_matches; i++)
		ADD("--count-matches=%s", o->count_matches[i]);
	if (o->max_depth >= 0)
		ADD("--max-depth=%ld", o->max_depth);
	if (o->follow)
		ADD("--follow");
	if (o->xdev)
		ADD("--xdev");
	if (o->max_entries != MAX_ENTRIES_DEFAULT)
		ADD("--max-entries=%llu", (unsigned long long)o->max_entries);
	if (o->max_bytes != MAX_BYTES_DEFAULT)
		ADD("--max-bytes=%llu", (unsigned long long)o->max_bytes);
	if (o->nglobs)
		ADD("--");
	for (i = 0; i < o->nglobs; i++)
		ADD("%s", o->globs[i]);
#undef ADD
	if (bad) {
		/* asprintf() leaves the pointer undefined on failure. */
		die(r, "%s", strerror(ENOMEM));
	}
	r->selection = sel;
	r->info.shard = o->shard;
	r->info.source = source;
	r->info.root = root;
	r->info.selection = (const char *const *)sel;
	r->info.nselection = n;
	r->info.mode = count_mode_name(r->mode, r->posix);
	output_set_run(&r->out, &r->info);
}

static void release_matches(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nmatches; i++)
		regex_release(&r->matches[i]);
	free(r->matches);
	linematch_release(&r->lm);
}

/*
 * A standard descriptor the caller left closed must not become one of
 * ours (a directory, a pipe, the spool's file) that the output or a
 * message would then go into: hold it with /dev/null, opened so that
 * using it fails as it would have (EBADF: reading standard input, or
 * writing the output, which is then a write error as GNU wc reports).
 */
static void hold_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		int held;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		held = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
		if (held >= 0 && held != fd)
			close(held);    /* not the lowest: cannot happen */
	}
}

/*
 * As GNU programs print it: "PROGRAM (PACKAGE) VERSION", the copyright
 * holder, and the licence by its SPDX identifier (COPYING has the text).
 */
static void print_version(void)
{
	printf("fstat-par (%s) %s\n"
	       "Copyright (C) 2026 the fstat-par authors.\n"
	       "License BSD-2-Clause: "
	       "<https://spdx.org/licenses/BSD-2-Clause.html>.\n"
	       "This is free software: you are free to change and "
	       "redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n",
	       PACKAGE_NAME, PACKAGE_VERSION);
}

static void finish_stdout(struct run *r)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		die_output(r, errno);
}

int main(int argc, char **argv)
{
	struct run r;
	struct stat st;
	const char *root;
	size_t i;
	int rc;

	hold_std_fds();
	/* SIGCHLD ignored by whoever started us (it survives exec) would
	 * let the kernel reap the workers, and waitpid() could not tell
	 * how they ended. */
	signal(SIGCHLD, SIG_DFL);
	memset(&r, 0, sizeof(r));
	r.stop = &got_signal;
	r.wake_fd = -1;
	/*
	 * The counting mode, once: UTF-8 or bytes from the locale's
	 * codeset (any other multibyte codeset is counted as bytes), and
	 * POSIXLY_CORRECT's word rule if the variable is set at all, to any
	 * value, in any locale, as GNU wc reads it.
	 */
	setlocale(LC_ALL, "");
	r.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	r.mode = r.utf8 ? COUNT_UTF8 : COUNT_BYTES;
	r.posix = getenv("POSIXLY_CORRECT") ? COUNT_POSIX : 0;
	output_init(&r.out, stdout, 0, TOTAL_AUTO, r.utf8);

	rc = options_parse(&r.opts, argc, argv);
	if (rc < 0) {
		fprintf(stderr, "fstat-par: %s\n"
			"Try 'fstat-par --help' for more information.\n",
			r.opts.error);
		options_release(&r.opts);
		return EXIT_TROUBLE;
	}
	if (rc > 0) {
		if (r.opts.action == ACTION_HELP)
			options_usage(stdout, "fstat-par");
		else
			print_version();
		options_release(&r.opts);
		finish_stdout(&r);
		return 0;
	}
	if (!r.opts.jobs)
		r.opts.jobs = platform_ncpus() < JOBS_MAX ? platform_ncpus()
							    : JOBS_MAX;

	globset_init(&r.globs, r.utf8);
	for (i = 0; i < r.opts.nglobs; i++) {
		const char *err = NULL;

		if (globset_add(&r.globs, r.opts.globs[i], &err) < 0)
			die(&r, "invalid pattern '%s': %s", r.opts.globs[i],
			    err ? err : strerror(errno));
	}
	build_selection(&r);
	/* Files the walk finds are links only under --follow; names the
	 * user gives (a file ROOT, a list) are followed, as wc does. */
	r.follow = r.opts.follow || r.opts.files0_from;
	compile_matches(&r);

	output_init(&r.out, stdout, r.opts.want, r.opts.total, r.utf8);
	output_set_format(&r.out, r.opts.format, r.opts.null, r.opts.summary);
	merge_init(&r.merge, &r.out, r.utf8);
	r.merge.timeout_ms = r.opts.timeout_ms;
	progress_init(&r.progress, r.opts.progress, STDERR_FILENO, r.utf8);
	r.merge.progress = &r.progress;
	root = r.opts.root;

	if (r.opts.merge) {
		/* Read the outputs of other runs: nothing is counted. */
		rc = runmerge(&r.opts, &r.out, r.utf8);
		output_release(&r.out);
		options_release(&r.opts);
		progress_release(&r.progress);
		return rc;
	}
	if (r.opts.files0_from)
		describe_run(&r, "list", r.opts.files0_from);
	else if (strcmp(root, "-") == 0)
		describe_run(&r, "stream", root);
	else if (stat(root, &st) < 0)
		die_root(&r, root, strerror(errno));
	else
		describe_run(&r, S_ISDIR(st.st_mode) ? "directory" :
			     S_ISREG(st.st_mode) ? "file" : "stream", root);

	if (r.opts.files0_from)
		root = r.opts.files0_from;
	run_root(&r, root, &st);

	/* The workers are reaped and the mapping is gone: from here on a
	 * signal may end us at once.  One that came since the pool's last
	 * look must not be lost. */
	release_signals();
	if (got_signal)
		die_of_signal(&r);
	/* The rows may go to the same terminal: no line in their way. */
	progress_end(&r.progress);
	/* Output may hit a closed pipe; that must end us quietly. */
	signal(SIGPIPE, SIG_DFL);
	r.info.errors = r.merge.errors;
	if (output_finish(&r.out, &r.merge.totals, r.merge.overflow,
			  r.merge.ninputs) < 0)
		die_output(&r, errno);
	finish_stdout(&r);
	/* A total that saturated was reported: as GNU wc, exit 1. */
	rc = r.out.overflowed ? 1 : r.merge.status;
	merge_release(&r.merge);
	output_release(&r.out);
	select_release(&r.sel);
	release_matches(&r);
	for (i = 0; i < r.info.nselection; i++)
		free(r.selection[i]);
	free(r.selection);
	globset_release(&r.globs);
	options_release(&r.opts);
	progress_release(&r.progress);
	return rc;
}
