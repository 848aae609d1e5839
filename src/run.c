/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * run.c - the driver loops of a run, in the parent; see run.h.
 *
 *   root -> source (source.h: walk, file, list; or archive_source.h)
 *        -> selection (select.h, shard.h) -> pool (pool.h) -> merge
 *
 * One loop, feed_pool(), takes what a feed yields while the pool has room
 * (the names of a source, or an archive's entries, whose bytes the parent
 * copies into the pool), sends it, prints whatever is ready in order, and
 * sleeps in pool_wait() when it can do nothing else.  A stream (standard
 * input, a FIFO) is counted here, in order with the rest.  Fatal errors
 * go to die() (main.c).
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_source.h"
#include "count_file.h"
#include "files0.h"
#include "platform.h"
#include "quote.h"
#include "run.h"
#include "shard.h"
#include "source.h"
#include "watchdog.h"

static void run_stream(struct run *r, int fd, const char *name,
		       const void *prefix, size_t plen, uint64_t index);

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
	pool_set_tag(r->pool, r->seen++);
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

	while ((s = pool_peek(r->pool))) {
		size_t len;
		const char *path = pool_peek_path(r->pool, &len);

		if (pool_peek_warning(r->pool))
			warn_in_order(r, path, len, pool_peek_msg(r->pool));
		else if (merge_result(&r->merge, s, path, len,
				      pool_peek_msg(r->pool),
				      pool_peek_tag(r->pool)) < 0)
			die(r, "%s", strerror(errno));
		pool_retire(r->pool);
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
	path = pool_newest_path(r->pool, &len);
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
		.matches = r->matches,
		.nmatches = r->nmatches,
		/* Wake up to redraw the line while the workers are slow. */
		.wait_ms = r->progress.on ? PROGRESS_INTERVAL_MS : 0,
		.timeout_ns = r->opts.timeout_ms * 1000000,
	};

	catch_signals(r);
	pc.stop = r->stop;
	pc.wake_fd = r->wake_fd;
	r->pool = pool_start(&pc);
	if (!r->pool)
		die(r, "%s", strerror(errno));
	/* Fewer workers than asked for, or none (the pool then counts in
	 * this process): slower, but everything is still counted. */
	if (pool_error(r->pool)[0]) {
		progress_clear(&r->progress);
		fprintf(stderr, "fstat-par: warning: %s\n",
			pool_error(r->pool));
	}
}

static void stop_pool(struct run *r)
{
	if (pool_finish(r->pool) < 0) {
		progress_clear(&r->progress);
		fprintf(stderr, "fstat-par: warning: %s\n",
			pool_error(r->pool));
	}
	pool_release(r->pool);
	r->pool = NULL;
}

void run_stop(struct run *r)
{
	if (r->pool) {
		pool_abort(r->pool);
		pool_release(r->pool);
		r->pool = NULL;
	}
}

/* Sleep in pool_wait(); die there on a signal or a fatal error. */
static void wait_pool(struct run *r, bool block)
{
	if (pool_wait(r->pool, block) < 0) {
		if (*r->stop)
			die_of_signal(r);
		die(r, "%s", pool_error(r->pool)[0] ? pool_error(r->pool) :
		    strerror(errno));
	}
}

/*
 * A problem about PATH (LEN bytes): MSG, or the errno ERR; a warning
 * leaves the exit status alone.  Handed to the pool, to be reported in
 * order with the files around it.
 */
static void put_problem(struct run *r, const char *path, size_t len,
			int err, const char *msg, bool warning)
{
	int rc;

	if (warning)
		rc = pool_submit_warning(r->pool, path, len, msg);
	else if (msg)
		rc = pool_submit_message(r->pool, path, len, msg);
	else
		rc = pool_submit_error(r->pool, path, len, err);
	if (rc < 0)
		die(r, "%s", strerror(errno));
}

/* The file PATH (LEN bytes), with the tag selected() set: to the pool
 * (which, with no worker, counts it at once: see the loop's signal
 * check). */
static void put_file(struct run *r, const char *path, size_t len)
{
	if (pool_submit(r->pool, path, len) < 0)
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
 * One entry E (RC from source_next(), not 0): reported, skipped, or
 * handed on to be counted.  A name run_source() must read itself once
 * everything before it is printed goes into HELD.
 */
static void take_entry(struct run *r, const struct entry *e, int rc,
		       struct strbuf *held)
{
	int sel;

	if (rc < 0) {
		/* Reported in order, between the files around it, by the
		 * shard that owns it. */
		if (!owned(r, e->rel ? e->rel : e->path,
			   e->rel ? e->rellen : e->pathlen))
			return;
		if (e->input)
			r->nnames++;
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
	} else if (r->nnames++, submit_named(r, e) > 0) {
		if (strbuf_add(held, e->path, e->pathlen) < 0)
			die(r, "%s", strerror(errno));
		r->held_index = r->seen - 1;
	}
}

/* Where an archive's feed is with the current entry. */
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

	pool_set_tag(r->pool, r->seen++);
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
		if (!pool_can_submit(r->pool))
			return false;
		rc = arc_next(arc, &e);
		if (rc == 0) {
			ar->step = ARC_DONE;
		} else if (rc < 0) {
			ar->step = ARC_FAIL;
		} else if (rc == 3) {
			arc_damage(r, arc, root);
		} else if (arc_take(r, &e, rc)) {
			if (pool_entry_begin(r->pool, e.path, e.pathlen) < 0)
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
			rc = pool_entry_hole(r->pool, ar->hole);
			if (rc < 0)
				die(r, "%s", strerror(errno));
			if (rc > 0)
				return false;
			ar->hole = 0;
			return true;
		}
		n = pool_entry_add(r->pool, ar->buf, ar->len);
		if (n < 0)
			die(r, "%s", strerror(errno));
		ar->buf = (const char *)ar->buf + n;
		ar->len -= (size_t)n;
		return ar->len == 0;
	case ARC_END:
		rc = pool_entry_end(r->pool, ar->rc < 0);
		if (rc < 0)
			die(r, "%s", strerror(errno));
		if (rc > 0)
			return false;
		ar->step = ARC_REPORT;
		return true;
	case ARC_REPORT:
		if (!pool_can_submit(r->pool))
			return false;
		arc_entry_problem(r, arc, ar->rc);
		ar->step = ar->rc == -2 ? ARC_DONE : ARC_HEADER;
		return true;
	case ARC_FAIL:
		if (!pool_can_submit(r->pool))
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
 * What one step of feeding the pool did: handed it something (call
 * again); found no room in it (wait for a result); waits for every
 * result before it (a name read here, in order: go on once the pool is
 * idle); or found nothing more.
 */
enum step { STEP_MORE, STEP_FULL, STEP_DRAIN, STEP_DONE };

/* What feeds the pool: the names of a source, or an archive's entries. */
struct feed {
	enum step (*step)(struct run *r, struct feed *f);
	bool entries;           /* archive entries, with the data ring */
	struct source *src;     /* names: */
	struct strbuf held;     /* ... one read_named() reads */
	bool done;
	struct arc *arc;        /* an archive: */
	const char *root;
	struct arc_run ar;
};

/* One entry of the source, once any name held back is read. */
static enum step names_step(struct run *r, struct feed *f)
{
	struct entry e = { .path = NULL };
	int rc;

	if (f->held.len > 0) {
		if (!pool_idle(r->pool))
			return STEP_DRAIN;
		read_named(r, f->held.buf);
		strbuf_setlen(&f->held, 0);
	}
	if (f->done)
		return STEP_DONE;
	if (!pool_can_submit(r->pool))
		return STEP_FULL;
	rc = source_next(f->src, &e);
	if (rc == 0) {
		f->done = true;
		return STEP_DONE;
	}
	take_entry(r, &e, rc, &f->held);
	return STEP_MORE;
}

static enum step archive_feed_step(struct run *r, struct feed *f)
{
	if (f->ar.step == ARC_DONE)
		return STEP_DONE;
	if (!archive_step(r, f->arc, f->root, &f->ar))
		return STEP_FULL;
	return f->ar.step == ARC_DONE ? STEP_DONE : STEP_MORE;
}

/*
 * The one loop of a run: start the pool, take what F yields while the pool
 * has room, send it, print whatever is ready in order, and sleep in
 * pool_wait() when there is nothing else to do.
 */
static void feed_pool(struct run *r, struct feed *f)
{
	start_pool(r, f->entries);
	for (;;) {
		/* A bounded batch, then the results, so that the source
		 * never runs far ahead of the printing. */
		unsigned budget = 512;
		enum step st;

		do {
			st = f->step(r, f);
			if (*r->stop)
				die_of_signal(r);
		} while (st == STEP_MORE && --budget > 0);
		pool_flush(r->pool);
		drain_results(r);
		if (pool_idle(r->pool)) {
			if (st == STEP_DONE)
				break;
			if (st == STEP_DRAIN)
				continue;
		}
		if (*r->stop)
			die_of_signal(r);
		wait_pool(r, st != STEP_MORE);
		drain_results(r);
		show_progress(r, f->entries);
	}
	stop_pool(r);
}

/* Count everything SRC yields. */
static void run_source(struct run *r, struct source *src)
{
	struct feed f = { .step = names_step, .src = src,
			  .held = STRBUF_INIT };

	feed_pool(r, &f);
	strbuf_release(&f.held);
}

/*
 * Count the entries of an archive: the parent reads them through
 * libarchive and copies their bytes into the pool's data ring, and the
 * workers count the chunks while the next ones are decompressed.
 */
static void run_archive(struct run *r, struct arc *arc, const char *root)
{
	struct feed f = { .step = archive_feed_step, .entries = true,
			  .arc = arc, .root = root,
			  .ar = { .step = ARC_HEADER } };

	/* A signal must not wait for a slow stream's next bytes. */
	arc->stop = r->stop;
	/* Holes of sparse entries as lengths, counted in O(1); the matcher
	 * of --count-matches sees lines, so it gets the NUL bytes. */
	arc->holes = r->nmatches == 0;
	/* Every row is an entry: the structured formats name both parts. */
	output_set_archive(&r->out, root, arc->rootlen);
	r->info.source = "archive";
	feed_pool(r, &f);
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
			    r->stop);
	free(buf);
	/* The read stopped for a signal: the counts are not whole. */
	if (*r->stop)
		die_of_signal(r);
	if (merge_stream(&r->merge, name, &c, err, index) < 0)
		die(r, "%s", strerror(errno));
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
static void run_file_root(struct run *r, const char *root)
{
	struct source src;
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
		source_file(&src, root);
		run_source(r, &src);
		source_release(&src);
	}
}

/* --files0-from=LIST: count the files it names, in its order. */
static void run_files0(struct run *r, const char *list)
{
	struct source src;
	struct stat st;

	/* A signal must not wait for a slow list's next names. */
	if (source_files0(&src, list, r->utf8, r->stop) < 0) {
		int err = errno;
		struct strbuf q = STRBUF_INIT;

		/* As wc: the name always in quotes. */
		quote_arg(&q, list, strlen(list), r->utf8, true);
		die(r, "cannot open %s for reading: %s", q.buf ? q.buf : "",
		    strerror(err));
	}
	/* GNU wc reads a list that is a regular file of up to 10 MiB
	 * whole, and sizes its columns from what stat says of its names
	 * (submit_named()); any other list it reads as it goes, and then
	 * does not pad at all.  So do we. */
	r->out.stat_width = true;
	if (fstat(src.files0.fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > FILES0_PADDED_MAX)
		r->out.unpadded = true;
	run_source(r, &src);
	/* In auto mode wc prints the total when the list held more than
	 * one name, whether or not each could be counted. */
	r->merge.ninputs = r->nnames;
	source_release(&src);
}

/* A directory as ROOT: its walk. */
static void run_dir_root(struct run *r, const char *root)
{
	struct source src;
	struct walk_config wc = {
		.max_depth = r->opts.max_depth,
		.follow = r->opts.follow,
		.xdev = r->opts.xdev,
		.prune = select_prunes(&r->sel) ? select_prune : NULL,
		.prune_ctx = &r->sel,
	};

	if (source_walk(&src, root, &wc) < 0)
		die_root(r, root, strerror(errno));
	run_source(r, &src);
	source_release(&src);
}

/* Named explicitly, a FIFO or a device is read like standard input. */
static void run_device_root(struct run *r, const char *root,
			    const struct stat *st)
{
	int fd = open(root, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		if (owned(r, root, strlen(root)))
			merge_error(&r->merge, root, strlen(root), errno);
		return;
	}
	if (S_ISFIFO(st->st_mode)) {
		run_stream_root(r, fd, root);
	} else if (owned(r, root, strlen(root))) {
		width_of_fd(r, fd);
		run_stream(r, fd, root, NULL, 0, r->seen);
	}
	close(fd);
}

void run_root(struct run *r, const char *root, const struct stat *st)
{
	if (r->opts.files0_from) {
		run_files0(r, root);
	} else if (strcmp(root, "-") == 0) {
		run_stream_root(r, STDIN_FILENO, "-");
	} else if (S_ISDIR(st->st_mode)) {
		run_dir_root(r, root);
	} else if (S_ISREG(st->st_mode)) {
		r->follow = true;
		run_file_root(r, root);
	} else {
		run_device_root(r, root, st);
	}
}
