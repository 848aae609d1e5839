/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - wires the pipeline and owns the exit status.
 *
 *   options -> source (walk, or an archive) -> pool (forked workers,
 *   shared-memory result ring) -> merge (strictly in order) -> output
 *
 * The parent runs one loop: it takes entries from the source while the
 * pool has room, sends them, prints whatever is ready in order, and sleeps
 * in pool_wait() when it can do nothing else.  Fatal errors end here, and
 * only here, with exit status 2, after the workers are stopped.
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

#include "archive_source.h"
#include "count.h"
#include "count_file.h"
#include "files0.h"
#include "linematch.h"
#include "match.h"
#include "merge.h"
#include "options.h"
#include "output.h"
#include "platform.h"
#include "pool.h"
#include "progress.h"
#include "quote.h"
#include "regex.h"
#include "runmerge.h"
#include "select.h"
#include "shard.h"
#include "walk.h"
#include "watchdog.h"
#include "worker.h"

#define EXIT_TROUBLE 2

/* The only mutable globals: what the signal handler touches. */
static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t signal_pipe = -1;

struct run {
	struct options opts;
	struct globset globs;
	struct select sel;      /* GLOBs, -x, --regex... (select.h) */
	bool follow;            /* workers open files through links */
	enum count_mode mode;
	unsigned posix;         /* COUNT_POSIX: POSIXLY_CORRECT is set */
	bool utf8;
	struct pool pool;
	bool pool_started;
	struct output out;
	struct merge merge;
	int wake[2];            /* self-pipe written by the signal handler */
	struct regex *matches;  /* --count-matches, compiled before forking */
	size_t nmatches;
	struct linematch lm;    /* ... for what the parent counts itself */
	struct progress progress;       /* the line on stderr (progress.h) */
	bool serial;            /* no worker could start: count right here */
	void *sbuf;             /* ... through this, WORKER_BUFSIZE bytes */
	uint64_t seen;          /* paths the source yielded: the next index */
	uint64_t held_index;    /* the index of run_pool()'s held name */
	struct run_info info;   /* jsonl's "run" record (output.h) */
	char **selection;       /* ... its selection, allocated */
};

/* One entry from a source: what to count, and the path globs match. */
struct entry {
	const char *path;
	size_t pathlen;
	const char *rel;
	size_t rellen;
	int err;
	const char *msg;        /* for an error: the message, if not err's */
	bool named;             /* a name from a list: see run_named() */
	bool warning;           /* for an error: only a warning (a loop) */
	bool input;             /* for an error: it stands for an input (a
				 * bad name in a list), for --total=auto */
};

/* A source yields entries: 1, 0 at the end, -1 for a reported error. */
struct source {
	int (*next)(struct source *src, struct entry *e);
	struct walk walk;
	const char *file;       /* the single-file source */
	bool file_done;
	struct files0 files0;   /* the --files0-from source */
	const char *list;       /* its name, as given */
	bool utf8;              /* UTF-8 mode, to quote its name */
	struct strbuf label;    /* a message, for its errors */
	uint64_t nnames;        /* its names selected, or reported as bad */
};

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
	if (r->pool_started) {
		pool_abort(&r->pool);
		pool_release(&r->pool);
		r->pool_started = false;
	}
	output_release(&r->out);
}

static ATTR_NORETURN ATTR_PRINTF(2, 3)
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

/* After SIGINT, SIGTERM or SIGHUP: clean up, then die of the signal so
 * the caller sees the right status (130, 143, 129). */
static ATTR_NORETURN void die_of_signal(struct run *r)
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

static void install_signals(struct run *r)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	if (pipe2(r->wake, O_CLOEXEC | O_NONBLOCK) < 0)
		die(r, "cannot create a pipe: %s", strerror(errno));
	signal_pipe = r->wake[1];
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
 * signals install_signals() caught their default action back (those the
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

static int walk_source_next(struct source *src, struct entry *e)
{
	struct walk_entry we;
	int r = walk_next(&src->walk, &we);

	if (r != 0) {
		e->path = we.path;
		e->pathlen = we.pathlen;
		e->rel = we.rel;
		e->rellen = we.rellen;
		e->err = we.err;
		if (r < 0 && we.loop) {
			e->msg = "symbolic link loop";
			e->warning = true;
		}
	}
	return r;
}

static int file_source_next(struct source *src, struct entry *e)
{
	const char *base;
	size_t len;

	if (src->file_done)
		return 0;
	src->file_done = true;
	len = strlen(src->file);
	/* Globs see the file's base name. */
	while (len > 1 && src->file[len - 1] == '/')
		len--;
	base = memrchr(src->file, '/', len);
	base = base ? base + 1 : src->file;
	e->path = src->file;
	e->pathlen = strlen(src->file);
	e->rel = base;
	e->rellen = len - (size_t)(base - src->file);
	e->err = 0;
	/* Counted as a name the user gave, as wc counts its operand. */
	e->named = true;
	return 1;
}

/*
 * The --files0-from source: the names of the list, in its order, with
 * GNU wc's diagnostics for empty names and for "-" in a list read from
 * standard input.  Each name is counted as a file, as wc counts it: the
 * caller stats it once it is selected (run_named()).
 */
static int files0_source_next(struct source *src, struct entry *e)
{
	const char *name;
	size_t len;
	int rc = files0_next(&src->files0, &name, &len);
	char num[32];

	memset(e, 0, sizeof(*e));
	strbuf_setlen(&src->label, 0);
	if (rc == 0)
		return 0;
	if (rc < 0) {
		e->path = src->list;
		e->pathlen = strlen(src->list);
		if (strbuf_addstr(&src->label, "read error: ") < 0 ||
		    strbuf_addstr(&src->label, strerror(errno)) < 0)
			e->err = ENOMEM;
		else
			e->msg = src->label.buf;
		return -1;
	}
	if (len == 0) {
		/* "LIST:N: ...", the list's name quoted but not the
		 * number: the message has no name of its own. */
		snprintf(num, sizeof(num), ":%llu: ",
			 (unsigned long long)src->files0.n);
		e->path = "";
		if (quote_arg(&src->label, src->list, strlen(src->list),
			      src->utf8, false) < 0 ||
		    strbuf_addstr(&src->label, num) < 0 ||
		    strbuf_addstr(&src->label,
				  "invalid zero-length file name") < 0) {
			e->err = ENOMEM;
		} else {
			e->msg = src->label.buf;
			/* The shard that owns it, by its message. */
			e->rel = src->label.buf;
			e->rellen = src->label.len;
		}
		e->input = true;
		return -1;
	}
	if (src->files0.fd == STDIN_FILENO && strcmp(name, "-") == 0) {
		/* GNU wc 9.11's words (9.5 to 9.7 said "from stdin"). */
		e->path = "";
		e->msg = "when reading file names from standard input, "
			 "no file name of '-' allowed";
		e->input = true;
		return -1;
	}
	e->path = name;
	e->pathlen = len;
	/* Globs and filters see the name as given, without a leading "./"
	 * (find . -print0 writes ./a/b). */
	while (len > 2 && name[0] == '.' && name[1] == '/') {
		name += 2;
		len -= 2;
		while (len > 1 && name[0] == '/') {
			name++;
			len--;
		}
	}
	e->rel = name;
	e->rellen = len;
	e->named = true;
	return 1;
}

/*
 * Whether this run's shard (--shard) owns PATH: counts it, or reports
 * it.  Every run of the N sees every path, so each problem is reported
 * by one of them only.
 */
static bool owned(const struct run *r, const char *path, size_t len)
{
	return shard_has(&r->opts.shard, path, len);
}

/*
 * Whether E counts: 1, 0, or -1 when a regular expression could not be
 * matched on it (the message is in r->sel.error).  E gets the next
 * index first, selected or not, so that every shard numbers the paths
 * alike; the shard is the first test, since it is the cheapest.  The
 * walk has not seen the directories of a name from a list, so -x looks
 * at them here.
 */
static int selected(struct run *r, const struct entry *e)
{
	r->pool.tag = r->seen++;
	if (!owned(r, e->rel, e->rellen))
		return 0;
	return select_file(&r->sel, e->rel, e->rellen,
			   e->named ? SELECT_DIRS : 0);
}

/* A warning in its place among the errors; the exit status stays. */
static void warn_in_order(struct run *r, const char *path, size_t len,
			  const char *msg)
{
	struct strbuf q = STRBUF_INIT;

	if (quote_arg(&q, path, len, r->utf8, false) < 0)
		die(r, "%s", strerror(errno));
	progress_clear(&r->progress);
	fprintf(stderr, "fstat-par: warning: %s: %s\n", q.buf ? q.buf : "",
		msg ? msg : "");
	strbuf_release(&q);
}

static void drain_results(struct run *r)
{
	const struct result_slot *s;

	while ((s = pool_peek(&r->pool))) {
		size_t len;
		const char *path = pool_peek_path(&r->pool, &len);

		if (pool_peek_warning(&r->pool))
			warn_in_order(r, path, len, pool_peek_msg(&r->pool));
		else if (merge_result(&r->merge, s, path, len,
				      pool_peek_msg(&r->pool),
				      pool_peek_tag(&r->pool)) < 0)
			die(r, "%s", strerror(errno));
		pool_retire(&r->pool);
	}
}

/*
 * Redraw the progress line when it is due: the files merged so far, their
 * bytes, and the newest task handed out (an archive entry with ENTRIES).
 * merge.c's byte total is exact whatever columns are asked for, as the
 * kernel always counts bytes.
 */
static void show_progress(struct run *r, bool entries)
{
	const char *path;
	size_t len = 0;

	if (!progress_due(&r->progress))
		return;
	path = pool_newest_path(&r->pool, &len);
	progress_draw(&r->progress, r->merge.ninputs, r->merge.totals.bytes,
		      path, len, entries);
}

/*
 * FSTAT_PAR_SPLIT_MIN=BYTES lowers the size from which one file is counted
 * by several workers, so that the tests can split small files; 0 (or an
 * invalid value) keeps the default.  A test hook (tests/README): ignored
 * in a set-ID process, as platform_test_env() decides.
 */
static uint64_t split_min(void)
{
	const char *v = platform_test_env("FSTAT_PAR_SPLIT_MIN");
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return 0;
	errno = 0;
	n = strtoull(v, &end, 10);
	return errno || *end ? 0 : (uint64_t)n;
}

/*
 * What every count is asked for: the columns, and POSIXLY_CORRECT's word
 * rule, which rides with them (count.h).  opts.want stays the columns
 * alone, as the output and --merge know them.
 */
static unsigned count_want(const struct run *r)
{
	return r->opts.want | r->posix;
}

/* Fork the workers; ENTRIES: with the data ring for archive entries. */
static void start_pool(struct run *r, bool entries)
{
	struct pool_config pc = {
		.nworkers = (unsigned)r->opts.jobs,
		.mode = r->mode,
		.want = count_want(r),
		.split_min = split_min(),
		.io_threads = r->opts.io_threads < 0 ? 0 :
			      (unsigned)r->opts.io_threads,
		.io_adaptive = r->opts.io_threads < 0,
		.entries = entries,
		.follow = r->follow,
		.stop = &got_signal,
		.matches = r->matches,
		.nmatches = r->nmatches,
		/* Wake up to redraw the line while the workers are slow. */
		.wait_ms = r->progress.on ? PROGRESS_INTERVAL_MS : 0,
		.timeout_ns = r->opts.timeout_ms * 1000000,
	};

	install_signals(r);
	pc.wake_fd = r->wake[0];
	if (pool_start(&r->pool, &pc) < 0) {
		/* Not one worker (a process limit, no descriptors left):
		 * slower, but everything is still counted. */
		progress_clear(&r->progress);
		fprintf(stderr, "fstat-par: warning: %s; counting in the main "
			"process\n", r->pool.error);
		pool_abort(&r->pool);
		pool_release(&r->pool);
		r->serial = true;
		if (!r->sbuf && !(r->sbuf = malloc(WORKER_BUFSIZE)))
			die(r, "%s", strerror(ENOMEM));
		return;
	}
	r->pool_started = true;
	if (r->pool.error[0])
		fprintf(stderr, "fstat-par: warning: %s\n", r->pool.error);
}

static void stop_pool(struct run *r)
{
	if (r->serial)
		return;
	if (pool_finish(&r->pool) < 0) {
		progress_clear(&r->progress);
		fprintf(stderr, "fstat-par: warning: %s\n", r->pool.error);
	}
	pool_release(&r->pool);
	r->pool_started = false;
}

/* Sleep in pool_wait(); die there on a signal or a fatal error. */
static void wait_pool(struct run *r, bool block)
{
	if (pool_wait(&r->pool, block) < 0) {
		if (got_signal)
			die_of_signal(r);
		die(r, "%s", r->pool.error[0] ? r->pool.error :
		    strerror(errno));
	}
}

/*
 * A problem about PATH (LEN bytes): MSG, or the errno ERR; a warning
 * leaves the exit status alone.  Handed to the pool, to be reported in
 * order with the files around it, or reported now when the parent
 * counts by itself (which is in order too).
 */
static void put_problem(struct run *r, const char *path, size_t len,
			int err, const char *msg, bool warning)
{
	int rc;

	if (r->serial) {
		struct result_slot s;

		if (warning) {
			warn_in_order(r, path, len, msg);
			return;
		}
		memset(&s, 0, sizeof(s));
		s.flags = RESULT_SOURCE_ERR;
		slot_set_err(&s, file_err_errno(err));
		if (merge_result(&r->merge, &s, path, len, msg, 0) < 0)
			die(r, "%s", strerror(errno));
		return;
	}
	if (warning)
		rc = pool_submit_warning(&r->pool, path, len, msg);
	else if (msg)
		rc = pool_submit_message(&r->pool, path, len, msg);
	else
		rc = pool_submit_error(&r->pool, path, len, err);
	if (rc < 0)
		die(r, "%s", strerror(errno));
}

/* The file PATH (LEN bytes) with index r->pool.tag: to the pool, or
 * counted here and merged at once. */
static void put_file(struct run *r, const char *path, size_t len)
{
	struct result_slot s;

	if (!r->serial) {
		if (pool_submit(&r->pool, path, len) < 0)
			die(r, "%s", strerror(errno));
		return;
	}
	count_file_path(path, r->follow, r->mode, count_want(r), r->sbuf,
			r->nmatches ? &r->lm : NULL, &got_signal, &s);
	if (got_signal)
		die_of_signal(r);
	if (merge_result(&r->merge, &s, path, len, NULL, r->pool.tag) < 0)
		die(r, "%s", strerror(errno));
}

/*
 * A name given by the user (from a --files0-from list, or a file ROOT),
 * selected: counted as GNU wc counts its operands.  A regular file goes
 * to the pool; a directory, or a name that cannot be reached, is an error
 * in order.  Returns 1 for standard input ("-"), a FIFO or a device:
 * those are read by the parent, once every file before it is printed
 * (read_named()), and workers never open what could block.  Returns 0
 * otherwise.  What stat says sizes the columns, as in wc (output.h).
 */
static int submit_named(struct run *r, const struct entry *e)
{
	struct stat st;
	int err = 0;

	if (strcmp(e->path, "-") == 0) {
		if (fstat(STDIN_FILENO, &st) == 0)
			output_width_stat(&r->out, S_ISREG(st.st_mode),
					  (uint64_t)st.st_size);
		return 1;
	}
	if (stat(e->path, &st) < 0) {
		err = errno;
	} else {
		output_width_stat(&r->out, S_ISREG(st.st_mode),
				  (uint64_t)st.st_size);
		if (S_ISDIR(st.st_mode))
			err = EISDIR;
		else if (!S_ISREG(st.st_mode))
			return 1;
	}
	if (err)
		put_problem(r, e->path, e->pathlen, err, NULL, false);
	else
		put_file(r, e->path, e->pathlen);
	return 0;
}

static void run_stream(struct run *r, int fd, const char *name,
		       const void *prefix, size_t plen, uint64_t index);

/* Count NAME, held back by submit_named(), here in the parent. */
static void read_named(struct run *r, const char *name)
{
	int fd;

	if (strcmp(name, "-") == 0) {
		run_stream(r, STDIN_FILENO, name, NULL, 0, r->held_index);
		return;
	}
	fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		merge_error(&r->merge, name, strlen(name), errno);
		return;
	}
	run_stream(r, fd, name, NULL, 0, r->held_index);
	close(fd);
}

/*
 * One entry E of SRC (RC from src->next(), not 0): reported, skipped,
 * or handed on to be counted.  A name run_pool() must read itself once
 * everything before it is printed goes into HELD.
 */
static void take_entry(struct run *r, struct source *src,
		       const struct entry *e, int rc, struct strbuf *held)
{
	int sel;

	if (rc < 0) {
		/* Reported in order, between the files around it, by the
		 * shard that owns it. */
		if (!owned(r, e->rel ? e->rel : e->path,
			   e->rel ? e->rellen : e->pathlen))
			return;
		if (e->input)
			src->nnames++;
		put_problem(r, e->path, e->pathlen, e->err, e->msg,
			    e->warning);
	} else if ((sel = selected(r, e)) < 0) {
		/* A --regex that could not finish: an error for this
		 * file, in order. */
		put_problem(r, e->path, e->pathlen, 0, r->sel.error, false);
	} else if (!sel) {
		/* Not counted. */
	} else if (!e->named) {
		put_file(r, e->path, e->pathlen);
	} else if (src->nnames++, submit_named(r, e) > 0) {
		if (strbuf_add(held, e->path, e->pathlen) < 0)
			die(r, "%s", strerror(errno));
		r->held_index = r->pool.tag;
	}
}

/* Without workers: each entry counted as it comes. */
static void run_serial(struct run *r, struct source *src)
{
	struct strbuf held = STRBUF_INIT;

	for (;;) {
		struct entry e = { .path = NULL };
		int rc = src->next(src, &e);

		if (rc == 0)
			break;
		take_entry(r, src, &e, rc, &held);
		if (held.len > 0) {
			read_named(r, held.buf);
			strbuf_setlen(&held, 0);
		}
		if (got_signal)
			die_of_signal(r);
		if (rc > 0 && progress_due(&r->progress))
			progress_draw(&r->progress, r->merge.ninputs,
				      r->merge.totals.bytes, e.path, e.pathlen,
				      false);
	}
	strbuf_release(&held);
}

/* Count everything SRC yields with the worker pool. */
static void run_pool(struct run *r, struct source *src)
{
	struct strbuf held = STRBUF_INIT;   /* a name read_named() reads */
	bool src_done = false;

	start_pool(r, false);
	if (r->serial) {
		run_serial(r, src);
		return;
	}

	for (;;) {
		/* Hand out a bounded batch, then look at results, so the
		 * walk never runs far ahead of the printing. */
		unsigned budget = 512;

		while (!src_done && held.len == 0 && budget-- > 0 &&
		       pool_can_submit(&r->pool)) {
			struct entry e = { .path = NULL };
			int rc = src->next(src, &e);

			if (rc == 0)
				src_done = true;
			else
				take_entry(r, src, &e, rc, &held);
			if (got_signal)
				die_of_signal(r);
		}
		pool_flush(&r->pool);
		drain_results(r);
		if (held.len > 0 && pool_idle(&r->pool)) {
			read_named(r, held.buf);
			strbuf_setlen(&held, 0);
			continue;
		}
		if (src_done && pool_idle(&r->pool))
			break;
		if (got_signal)
			die_of_signal(r);
		wait_pool(r, src_done || held.len > 0 ||
			  !pool_can_submit(&r->pool));
		drain_results(r);
		show_progress(r, false);
	}
	strbuf_release(&held);
	stop_pool(r);
}

/* Where run_archive() is with the current entry. */
struct arc_run {
	enum {
		ARC_HEADER,     /* next: the next entry */
		ARC_DATA,       /* next: the entry's bytes */
		ARC_END,        /* next: close the entry */
		ARC_REPORT,     /* next: report what was wrong with it */
		ARC_FAIL,       /* next: report the archive's damage */
		ARC_DONE,
	} step;
	int rc;                 /* how its data ended: arc_read() */
	const void *buf;        /* its bytes not yet in the pool */
	size_t len;
	uint64_t hole;          /* or a hole not yet in the pool */
};

/*
 * Whether to count the data of E, the archive entry arc_next() just gave
 * (with RC 1 or 2): it gets the next index, and then may be another
 * shard's, not selected (libarchive skips its data at the next header),
 * or reported in order (a --regex that could not finish, an entry that
 * cannot be read, RC 2).
 */
static bool arc_take(struct run *r, const struct arc_entry *e, int rc)
{
	int sel;

	r->pool.tag = r->seen++;
	if (!owned(r, e->rel, e->rellen))
		return false;
	sel = select_file(&r->sel, e->rel, e->rellen,
			  SELECT_DIRS | SELECT_DEPTH);
	if (sel < 0)
		put_problem(r, e->path, e->pathlen, 0, r->sel.error, false);
	else if (sel && rc == 2)
		put_problem(r, e->path, e->pathlen, 0, e->msg, false);
	return sel > 0 && rc != 2;
}

/* What is wrong with the whole archive, in order, by one shard. */
static void arc_damage(struct run *r, struct arc *arc, const char *root)
{
	if (owned(r, root, strlen(root)))
		put_problem(r, root, strlen(root), 0, arc_message(arc), false);
}

/*
 * What is wrong with the entry just read, taken by arc_take() (so by
 * this shard), after its row if it has one: RC from arc_read(), 0 for a
 * note on an entry that was counted, -1 or -2 for one that is lost.
 */
static void arc_entry_problem(struct run *r, struct arc *arc, int rc)
{
	const char *why = rc < 0 ? arc_message(arc) : arc_note(arc);
	size_t len;
	const char *path = arc_path(arc, &len);

	if (why)
		put_problem(r, path, len, 0, why, false);
}

/*
 * Without workers: count each entry's data here as libarchive gives it,
 * with the counting kernel and, for --count-matches, the line matcher.
 */
static void run_archive_serial(struct run *r, struct arc *arc,
			       const char *root)
{
	struct linematch *lm = r->nmatches ? &r->lm : NULL;
	struct arc_entry e;
	int rc;

	while ((rc = arc_next(arc, &e)) != 0) {
		struct count_stream cs;
		struct result_slot s;
		const void *buf;
		size_t len;

		if (rc < 0)
			break;
		if (rc == 3) {
			arc_damage(r, arc, root);
			continue;
		}
		if (!arc_take(r, &e, rc))
			continue;
		memset(&s, 0, sizeof(s));
		count_stream_begin(&cs, r->mode, count_want(r), lm);
		while ((rc = arc_read(arc, &buf, &len)) > 0) {
			if (rc == 2)
				count_stream_hole(&cs, len);
			else
				(void)count_stream_feed(&cs, buf, len);
			if (got_signal)
				die_of_signal(r);
		}
		if (rc == 0) {
			slot_set_err(&s, count_stream_end(&cs, &s.counts, 0));
			s.flags = file_err_is_lost(slot_err(&s)) ?
				  0 : RESULT_COUNTED;
			if (merge_result(&r->merge, &s, e.path, e.pathlen,
					 NULL, r->pool.tag) < 0)
				die(r, "%s", strerror(errno));
		} else {
			/* Cut short: no row, as with workers. */
			(void)count_stream_end(&cs, &s.counts, 0);
		}
		arc_entry_problem(r, arc, rc);
		if (rc == -2)
			return;
		if (progress_due(&r->progress))
			progress_draw(&r->progress, r->merge.ninputs,
				      r->merge.totals.bytes, e.path, e.pathlen,
				      true);
	}
	if (rc < 0)
		arc_damage(r, arc, root);
}

/*
 * One step of reading the archive into the pool.  Returns false when the
 * pool has no room for it now (the caller waits and calls again).
 */
static bool archive_step(struct run *r, struct arc *arc, const char *root,
			 struct arc_run *ar)
{
	struct arc_entry e;
	ssize_t n;
	int rc;

	switch (ar->step) {
	case ARC_HEADER:
		if (!pool_can_submit(&r->pool))
			return false;
		rc = arc_next(arc, &e);
		if (rc == 0) {
			ar->step = ARC_DONE;
		} else if (rc < 0) {
			ar->step = ARC_FAIL;
		} else if (rc == 3) {
			arc_damage(r, arc, root);
		} else if (arc_take(r, &e, rc)) {
			if (pool_entry_begin(&r->pool, e.path, e.pathlen) < 0)
				die(r, "%s", strerror(errno));
			ar->buf = NULL;
			ar->len = 0;
			ar->hole = 0;
			ar->step = ARC_DATA;
		}
		return true;
	case ARC_DATA:
		if (ar->len == 0 && ar->hole == 0) {
			rc = arc_read(arc, &ar->buf, &ar->len);
			if (rc <= 0) {
				ar->rc = rc;
				ar->step = ARC_END;
				return true;
			}
			if (rc == 2) {
				ar->hole = ar->len;
				ar->len = 0;
			}
		}
		if (ar->hole > 0) {
			rc = pool_entry_hole(&r->pool, ar->hole);
			if (rc < 0)
				die(r, "%s", strerror(errno));
			if (rc > 0)
				return false;
			ar->hole = 0;
			return true;
		}
		n = pool_entry_add(&r->pool, ar->buf, ar->len);
		if (n < 0)
			die(r, "%s", strerror(errno));
		ar->buf = (const char *)ar->buf + n;
		ar->len -= (size_t)n;
		return ar->len == 0;
	case ARC_END:
		rc = pool_entry_end(&r->pool, ar->rc < 0);
		if (rc < 0)
			die(r, "%s", strerror(errno));
		if (rc > 0)
			return false;
		ar->step = ARC_REPORT;
		return true;
	case ARC_REPORT:
		if (!pool_can_submit(&r->pool))
			return false;
		arc_entry_problem(r, arc, ar->rc);
		ar->step = ar->rc == -2 ? ARC_DONE : ARC_HEADER;
		return true;
	case ARC_FAIL:
		if (!pool_can_submit(&r->pool))
			return false;
		arc_damage(r, arc, root);
		ar->step = ARC_DONE;
		return true;
	case ARC_DONE:
		break;
	}
	return true;
}

/*
 * Count the entries of an archive: the parent reads them through
 * libarchive and copies their bytes into the pool's data ring, and the
 * workers count the chunks while the next ones are decompressed.
 */
static void run_archive(struct run *r, struct arc *arc, const char *root)
{
	struct arc_run ar = { .step = ARC_HEADER };

	/* A signal must not wait for a slow stream's next bytes. */
	arc->stop = &got_signal;
	/* Holes of sparse entries as lengths, counted in O(1); the matcher
	 * of --count-matches sees lines, so it gets the NUL bytes. */
	arc->holes = r->nmatches == 0;
	/* Every row is an entry: the structured formats name both parts. */
	output_set_archive(&r->out, root, arc->rootlen);
	r->info.source = "archive";
	start_pool(r, true);
	if (r->serial) {
		run_archive_serial(r, arc, root);
		return;
	}
	for (;;) {
		unsigned budget = 512;
		bool stalled = false;

		while (ar.step != ARC_DONE && budget-- > 0 && !stalled) {
			stalled = !archive_step(r, arc, root, &ar);
			if (got_signal)
				die_of_signal(r);
		}
		pool_flush(&r->pool);
		drain_results(r);
		if (ar.step == ARC_DONE && pool_idle(&r->pool))
			break;
		if (got_signal)
			die_of_signal(r);
		wait_pool(r, ar.step == ARC_DONE || stalled);
		drain_results(r);
		show_progress(r, true);
	}
	stop_pool(r);
}

/*
 * Standard input, a FIFO or a device given as ROOT, when not an archive:
 * counted right here, starting with the PLEN bytes at PREFIX already read.
 */
static void run_stream(struct run *r, int fd, const char *name,
		       const void *prefix, size_t plen, uint64_t index)
{
	struct counts c;
	void *buf = malloc(WORKER_BUFSIZE);
	struct file_err err;

	if (!buf)
		die(r, "%s", strerror(ENOMEM));
	err = count_file_fd(fd, prefix, plen, r->mode, count_want(r), buf,
			    WORKER_BUFSIZE, &c, r->nmatches ? &r->lm : NULL,
			    &got_signal);
	free(buf);
	/* The read stopped for a signal: the counts are not whole. */
	if (got_signal)
		die_of_signal(r);
	if (merge_stream(&r->merge, name, &c, err, index) < 0)
		die(r, "%s", strerror(errno));
}

/* Fatal: "ROOT: WHAT", with ROOT quoted as names are. */
static ATTR_NORETURN void die_root(struct run *r, const char *root,
				   const char *what)
{
	struct strbuf q = STRBUF_INIT;

	quote_arg(&q, root, strlen(root), r->utf8, false);
	die(r, "%s: %s", q.buf ? q.buf : "", what);
}

/*
 * While ROOT may be an archive: end the run, with a message naming it,
 * if libarchive loops inside one call (watchdog.h).
 */
static void arm_watchdog(struct run *r, const char *root)
{
	struct strbuf q = STRBUF_INIT;
	char msg[1024];

	quote_arg(&q, root, strlen(root), r->utf8, false);
	snprintf(msg, sizeof(msg), "%s: %s: libarchive used %d s of CPU "
		 "time in one step without reading any input: the archive "
		 "seems to loop\n", "fstat-par", q.buf ? q.buf : "",
		 WATCHDOG_SECONDS);
	strbuf_release(&q);
	if (watchdog_arm(msg, WATCHDOG_SECONDS) < 0)
		die(r, "cannot watch libarchive: %s", strerror(errno));
}

/* The input open as FD sizes the columns as wc sizes them (output.h). */
static void width_of_fd(struct run *r, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0)
		output_width_stat(&r->out, S_ISREG(st.st_mode),
				  (uint64_t)st.st_size);
}

/* A stream (standard input, a FIFO) as ROOT: an archive, or counted. */
static void run_stream_root(struct run *r, int fd, const char *root)
{
	struct arc arc;
	const void *prefix;
	size_t plen;

	arm_watchdog(r, root);
	switch (arc_open(&arc, fd, true, root, r->opts.max_entries,
			 r->opts.max_bytes)) {
	case 1:
		run_archive(r, &arc, root);
		break;
	case 0:
		prefix = arc_prefix(&arc, &plen);
		if (owned(r, root, strlen(root))) {
			width_of_fd(r, fd);
			run_stream(r, arc_fd(&arc), root, prefix, plen,
				   r->seen);
		}
		r->seen++;
		break;
	default:
		die_root(r, root, arc_message(&arc));
	}
	arc_close(&arc);
	watchdog_disarm();
}

/* A regular file as ROOT: an archive, or one file to count. */
static void run_file_root(struct run *r, struct source *src, const char *root)
{
	struct arc arc;
	int fd = open(root, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int rc = 0;

	/* If it cannot be opened, the worker reports why, as for any file. */
	if (fd >= 0) {
		arm_watchdog(r, root);
		rc = arc_open(&arc, fd, false, root, r->opts.max_entries,
			      r->opts.max_bytes);
		if (rc < 0)
			die_root(r, root, arc_message(&arc));
		if (rc > 0)
			run_archive(r, &arc, root);
		arc_close(&arc);
		watchdog_disarm();
		close(fd);
	}
	if (rc == 0) {
		src->file = root;
		src->next = file_source_next;
		run_pool(r, src);
	}
}

/* --files0-from=LIST: count the files it names, in its order. */
static void run_files0(struct run *r, struct source *src, const char *list)
{
	struct stat st;

	if (files0_open(&src->files0, list) < 0) {
		int err = errno;
		struct strbuf q = STRBUF_INIT;

		/* As wc: the name always in quotes. */
		quote_arg(&q, list, strlen(list), r->utf8, true);
		die(r, "cannot open %s for reading: %s", q.buf ? q.buf : "",
		    strerror(err));
	}
	src->list = list;
	src->utf8 = r->utf8;
	src->next = files0_source_next;
	/* A signal must not wait for a slow list's next names. */
	src->files0.stop = &got_signal;
	/* GNU wc reads a list that is a regular file of up to 10 MiB
	 * whole, and sizes its columns from what stat says of its names
	 * (submit_named()); any other list it reads as it goes, and then
	 * does not pad at all.  So do we. */
	r->out.stat_width = true;
	if (fstat(src->files0.fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > FILES0_PADDED_MAX)
		r->out.unpadded = true;
	run_pool(r, src);
	/* In auto mode wc prints the total when the list held more than
	 * one name, whether or not each could be counted. */
	r->merge.ninputs = src->nnames;
	files0_release(&src->files0);
	strbuf_release(&src->label);
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
	struct source src;
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
	memset(&src, 0, sizeof(src));
	r.wake[0] = r.wake[1] = -1;
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

	if (r.opts.files0_from) {
		run_files0(&r, &src, r.opts.files0_from);
	} else if (strcmp(root, "-") == 0) {
		run_stream_root(&r, STDIN_FILENO, "-");
	} else if (S_ISDIR(st.st_mode)) {
		struct walk_config wc = {
			.max_depth = r.opts.max_depth,
			.follow = r.opts.follow,
			.xdev = r.opts.xdev,
			.prune = select_prunes(&r.sel) ? select_prune : NULL,
			.prune_ctx = &r.sel,
		};

		if (walk_open(&src.walk, root, &wc) < 0)
			die_root(&r, root, strerror(errno));
		src.next = walk_source_next;
		run_pool(&r, &src);
		walk_release(&src.walk);
	} else if (S_ISREG(st.st_mode)) {
		r.follow = true;
		run_file_root(&r, &src, root);
	} else {
		/* Named explicitly, a FIFO or a device is read like stdin. */
		int fd = open(root, O_RDONLY | O_CLOEXEC | O_NOCTTY);

		if (fd < 0) {
			if (owned(&r, root, strlen(root)))
				merge_error(&r.merge, root, strlen(root),
					    errno);
		} else {
			if (S_ISFIFO(st.st_mode)) {
				run_stream_root(&r, fd, root);
			} else if (owned(&r, root, strlen(root))) {
				width_of_fd(&r, fd);
				run_stream(&r, fd, root, NULL, 0, r.seen);
			}
			close(fd);
		}
	}

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
	free(r.sbuf);
	for (i = 0; i < r.info.nselection; i++)
		free(r.selection[i]);
	free(r.selection);
	globset_release(&r.globs);
	options_release(&r.opts);
	progress_release(&r.progress);
	return rc;
}
