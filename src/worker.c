/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * worker.c - the worker loop; see worker.h.
 *
 * A worker blocks in read(2) on its task pipe, and with read-ahead threads
 * also while one finishes the file it needs.  Before it blocks it
 * reports every task it has finished, so the parent, which prints results
 * strictly in order, never waits on a finished task that nobody announced.
 * It also reports before a long count (a large file) and every
 * DONE_BATCH tasks, which bounds how stale the parent's view can get while
 * keeping the number of wake-ups far below one per file.
 */
#include "compat.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "fsize.h"
#include "platform.h"
#include "segment.h"
#include "strbuf.h"
#include "worker.h"

#define DONE_BATCH 64
/* Files at least this large are announced to the parent before counting,
 * so that the parent can hand out work while this one is counted. */
#define LONG_FILE (256 * 1024)
#define TASKBUF_MIN (64 * 1024)

struct worker {
	const struct worker_config *cfg;
	struct fault fault;     /* FAULT_NONE but in tests */
	void *buf;              /* read buffer, WORKER_BUFSIZE bytes */
	char *tasks;            /* raw bytes read from the task pipe */
	size_t tlen, talloc;
	struct job *jobs;       /* the complete records of the batch */
	size_t jalloc;
	uint32_t ndone;         /* finished but not yet announced */
	struct opener op;       /* the worker thread's own */
	struct readahead *ra;   /* NULL until reads turn out slow */
	bool ra_failed;         /* threads could not be started */
	struct readahead_stats prep; /* how often opening and reading waited */
	struct linematch lm;    /* --count-matches, reused file to file */
};

/* The worker's line matcher, or NULL without --count-matches. */
static struct linematch *matcher(struct worker *w)
{
	return w->cfg->nmatches ? &w->lm : NULL;
}

/* Write all of LEN bytes; -1 when the parent is gone. */
static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int announce(struct worker *w)
{
	struct done_msg m = { .worker = w->cfg->index, .n = w->ndone };

	if (w->ndone == 0)
		return 0;
	w->ndone = 0;
	return write_all(w->cfg->done_fd, &m, sizeof(m));
}

/* Hand back the task just received: a file of SIZE bytes to split. */
static int ask_split(struct worker *w, uint64_t size)
{
	struct done_msg m = { .worker = w->cfg->index, .n = 1,
			      .split_size = size };

	/* Tasks are finished in order: announce the earlier ones first. */
	if (announce(w) < 0)
		return -1;
	return write_all(w->cfg->done_fd, &m, sizeof(m));
}

/*
 * Count the prepared job J into its slot, reading the rest of the file
 * through the job's buffer.  Returns -1 only if the parent is gone.  The
 * file stays open: run_file_job() closes it, whatever happens here, since
 * with read-ahead threads opening files a descriptor closed twice may by
 * then be one of theirs.
 */
static int count_job(struct worker *w, struct job *j)
{
	const struct worker_config *cfg = w->cfg;
	struct result_slot *slot = &cfg->slots[j->h.seq & cfg->mask];
	struct count_stream cs;
	struct file_err ferr;
	int err = j->err;

	slot_set_err(slot, file_err_none());
	slot->flags = 0;
	memset(&slot->counts, 0, sizeof(slot->counts));
	if (j->split)
		return ask_split(w, j->size);
	if (j->skip) {
		slot->flags = RESULT_SKIPPED;
		goto publish;
	}
	if (j->fd < 0) {
		slot_set_err(slot, file_err_errno(err));
		goto publish;
	}
	if (j->size - j->sized >= LONG_FILE && announce(w) < 0)
		return -1;
	fault_check(&w->fault, j->path, 0);
	count_stream_begin(&cs, cfg->mode, cfg->want, matcher(w));
	if (!err && j->len > 0 && count_stream_feed(&cs, j->buf, j->len) &&
	    !j->eof)
		err = count_file_rest(j->fd, &cs, j->buf, WORKER_BUFSIZE, NULL);
	ferr = count_stream_end(&cs, &slot->counts, err);
	fsize_count(&slot->counts, cfg->mode, j->sized);
	slot_set_result(slot, ferr);

publish:
	slot_publish(slot, j->h.seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
}

/*
 * Say that task entry E (slots.h) starts now.  The time goes first: the
 * release store of current publishes it (slots.h).
 */
static void begin_task(const struct worker_config *cfg, uint64_t e)
{
	if (cfg->stamp)
		atomic_store_explicit(&cfg->state->started, task_clock_ns(),
				      memory_order_relaxed);
	atomic_store_explicit(&cfg->state->current, e + 1,
			      memory_order_release);
}

/*
 * Count the batch's file job J: prepared already by a read-ahead thread,
 * or now by the worker itself.  SHARED says whether the threads can see
 * the batch; when they cannot, no lock is needed.
 */
static int run_file_job(struct worker *w, struct job *j, bool shared)
{
	struct readahead *ra = w->ra;
	bool mine = true;
	int r;

	uint64_t t0 = 0;

	begin_task(w->cfg, j->h.seq);
	if (shared) {
		pthread_mutex_lock(&ra->mu);
		if (j->state == JOB_NEW) {
			j->state = JOB_TAKEN;
		} else {
			mine = false;
			if (j->state != JOB_READY) {
				t0 = readahead_now_ns();
				ra->waiting = true;
				while (j->state != JOB_READY)
					pthread_cond_wait(&ra->ready, &ra->mu);
				ra->waiting = false;
			}
		}
		pthread_mutex_unlock(&ra->mu);
		/* The threads did not keep ahead: one more read in flight,
		 * if the depth is ours to choose (worker.h). */
		if (t0 && j->blocked && w->cfg->io_adaptive &&
		    readahead_should_grow(ra->nthreads, ra->cap,
					  readahead_now_ns() - t0))
			(void)ra_grow(ra);
	}
	if (mine)
		readahead_prepare(w->cfg, &w->op, j, w->buf);
	/* Only time spent asleep on I/O counts as waiting
	 * (readahead_prepare()). */
	readahead_note(&w->prep, j->blocked ? j->prep_ns : 0, j->len);
	r = count_job(w, j);
	if (j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
	}
	if (!mine)
		ra_release(ra, j->buf);
	return r;
}

/*
 * How far to move a cut at OFF so that it does not split a UTF-8
 * character (segment.h): look at the bytes around it.
 */
static uint64_t align_cut(int fd, uint64_t off)
{
	unsigned char win[16];
	uint64_t from = off >= 5 ? off - 5 : 0;
	ssize_t n;

	if (off == 0)
		return 0;
	n = count_file_read_at(fd, win, 11, (off_t)from);
	if (n <= (ssize_t)(off - from))
		return 0;
	return seg_align(win + (off - from), (size_t)(off - from),
			 (size_t)n - (size_t)(off - from));
}

/*
 * --count-matches in a range (linematch.h): a range owns the lines that
 * start in it.  Unless the range starts the file or follows a '\n', its
 * first bytes end a line that an earlier range owns: skip them.
 */
static void range_match_begin(struct linematch *lm, int fd, uint64_t start)
{
	char c;

	linematch_reset(lm);
	if (start > 0 &&
	    (count_file_read_at(fd, &c, 1, (off_t)(start - 1)) != 1 ||
	     c != '\n'))
		linematch_skip_line(lm);
}

/*
 * The range ended at OFF inside a line it owns: read on to that line's
 * end, through BUF, then end the stream.  Returns 0 or the read's errno.
 */
static int range_match_end(struct linematch *lm, int fd, uint64_t off,
			   void *buf)
{
	while (linematch_in_line(lm)) {
		ssize_t n = count_file_read_at(fd, buf, WORKER_BUFSIZE,
					       (off_t)off);
		const char *nl;
		size_t take;

		if (n <= 0) {
			if (n < 0)
				return errno;
			break;
		}
		nl = memchr(buf, '\n', (size_t)n);
		take = nl ? (size_t)(nl - (const char *)buf) + 1 : (size_t)n;
		if (linematch_update(lm, buf, take) < 0)
			return 0;
		off += take;
	}
	(void)linematch_finish(lm);
	return 0;
}

/* Count one range of a file into its part slot. */
static int do_range(struct worker *w, const struct task_hdr *h,
		    const char *path)
{
	const struct worker_config *cfg = w->cfg;
	struct linematch *lm = matcher(w);
	struct part_slot *ps;
	struct seg_state seg;
	uint64_t start = h->off, end = h->off + h->len;
	int fd, err = 0;

	if (h->job >= SPLIT_JOBS || h->part >= SPLIT_PARTS)
		return -1;
	ps = &cfg->parts[h->job * SPLIT_PARTS + h->part];
	begin_task(cfg, task_range_entry(h->job, h->part));
	/* A range takes a while: let the parent hear of what is done. */
	if (announce(w) < 0)
		return -1;
	/* Only the first range: a crash in every range would use up the
	 * pool's replacements for dead workers. */
	if (h->off == 0)
		fault_check(&w->fault, path, 0);
	seg_begin(&seg, cfg->mode, cfg->want);
	if (lm)
		linematch_reset(lm);
	fd = count_file_open(&w->op, path, cfg->follow);
	if (fd < 0) {
		err = errno;
		goto publish;
	}
	if (cfg->mode == COUNT_UTF8) {
		start += align_cut(fd, start);
		end += align_cut(fd, end);
	}
	if (lm)
		range_match_begin(lm, fd, start);
	if (!lm && count_file_has_holes(fd)) {
		struct count_sink k = { .seg = &seg };

		err = count_file_holes(fd, &k, &start, end, w->buf,
				       WORKER_BUFSIZE, NULL);
		goto close;
	}
	while (start < end) {
		size_t want = end - start < WORKER_BUFSIZE ?
			      (size_t)(end - start) : WORKER_BUFSIZE;
		ssize_t n = count_file_read_at(fd, w->buf, want, (off_t)start);

		if (n <= 0) {
			if (n < 0)
				err = errno;
			break;
		}
		seg_update(&seg, w->buf, (size_t)n);
		if (lm && linematch_update(lm, w->buf, (size_t)n) < 0)
			break;
		start += (uint64_t)n;
	}
	if (lm && !err && !lm->failed)
		err = range_match_end(lm, fd, start, w->buf);
close:
	close(fd);
publish:
	seg_end(&seg, &ps->sum);
	ps->err = file_err_errno(err);
	if (lm && lm->failed)
		ps->err = file_err_match(linematch_error(lm));
	else if (lm)
		ps->sum.c.matches = lm->matches;
	part_publish(ps, h->seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
}

/* Count a chunk of archive entry data from the ring (slots.h). */
static int do_data(struct worker *w, const struct task_hdr *h)
{
	const struct worker_config *cfg = w->cfg;
	struct part_slot *ps;
	struct seg_state seg;

	if (!cfg->data || h->off > DATA_RING || h->len > DATA_RING - h->off)
		return -1;
	ps = &cfg->dparts[h->seq % DATA_TASKS];
	atomic_store_explicit(&cfg->state->current,
			      task_data_entry(h->seq) + 1,
			      memory_order_release);
	fault_check(&w->fault, NULL, h->seq);
	seg_begin(&seg, cfg->mode, cfg->want);
	seg_update(&seg, cfg->data + h->off, (size_t)h->len);
	seg_end(&seg, &ps->sum);
	ps->err = file_err_none();
	/* Only the lines wholly inside the chunk: the parent matches those
	 * that cross chunks (pool_data.c). */
	if (matcher(w)) {
		if (linematch_chunk_inner(&w->lm, cfg->data + h->off,
					  (size_t)h->len) < 0)
			ps->err = file_err_match(linematch_error(&w->lm));
		else
			ps->sum.c.matches = w->lm.matches;
	}
	part_publish(ps, h->seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
}

/* Whether read-ahead threads would pay for the next files. */
static bool reads_are_slow(const struct worker *w)
{
	if (!w->cfg->io_threads)
		return false;
	return w->cfg->readahead_always || readahead_pays(&w->prep);
}

/*
 * List the complete records of the task buffer from *OFF as jobs from
 * *N on, moving both past them.  With GROW the job array grows as needed;
 * without, it stops where the array is full (read-ahead threads may be
 * looking at it, so it must not move).  Returns -1 when the parent sent
 * garbage or memory ran out.
 */
static int list_jobs(struct worker *w, size_t *off, size_t *n, bool grow)
{
	while (w->tlen - *off >= sizeof(struct task_hdr)) {
		struct task_hdr h;
		char *path;

		memcpy(&h, w->tasks + *off, sizeof(h));
		if (h.kind != TASK_FILE && h.kind != TASK_FILE_WHOLE &&
		    h.kind != TASK_RANGE && h.kind != TASK_DATA)
			return -1;
		if (w->tlen - *off - sizeof(h) < (size_t)h.pathlen + 1)
			break;
		path = w->tasks + *off + sizeof(h);
		if (path[h.pathlen] != '\0')
			return -1;
		if (*n == w->jalloc) {
			size_t na = w->jalloc ? 2 * w->jalloc : 64;
			struct job *p;

			if (!grow)
				break;
			p = reallocarray(w->jobs, na, sizeof(*p));
			if (!p)
				return -1;
			w->jobs = p;
			w->jalloc = na;
		}
		memset(&w->jobs[*n], 0, sizeof(w->jobs[*n]));
		w->jobs[*n].h = h;
		w->jobs[*n].path = path;
		w->jobs[*n].state = JOB_NEW;
		w->jobs[*n].fd = -1;
		(*n)++;
		*off += sizeof(h) + h.pathlen + 1;
	}
	return 0;
}

/*
 * While read-ahead threads work on a batch, the batch is extended with
 * what the parent has sent since, when it has: otherwise the threads
 * would run dry at every batch's end, and the worker would open the next
 * batch's first files itself, one at a time.  The records go into the
 * room the buffers have (reserved in run_tasks()); neither moves.
 * Returns -1 when the parent sent garbage.
 */
#define EXTEND_ROOM 256         /* jobs kept free for extending a batch */
#define EXTEND_MARGIN 4         /* look this many jobs before the threads
				 * run dry, and this often after that */

static int extend_batch(struct worker *w, size_t *off, size_t *n)
{
	struct pollfd pfd = { .fd = w->cfg->task_fd, .events = POLLIN };
	size_t was = *n;
	ssize_t got;

	if (w->talloc == w->tlen || w->jalloc == *n ||
	    poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLIN))
		return 0;
	got = read(w->cfg->task_fd, w->tasks + w->tlen, w->talloc - w->tlen);
	if (got <= 0)
		return 0;       /* the main loop sees the end, or the error */
	w->tlen += (size_t)got;
	if (list_jobs(w, off, n, false) < 0)
		return -1;
	if (*n > was) {
		pthread_mutex_lock(&w->ra->mu);
		w->ra->njobs = *n;
		if (w->ra->nidle > 0)
			pthread_cond_broadcast(&w->ra->work);
		pthread_mutex_unlock(&w->ra->mu);
	}
	return 0;
}

/*
 * Process every complete record in the task buffer, in order.  The
 * records are first listed as jobs, so that read-ahead threads can open
 * and read the files ahead of the worker; the worker waits for a job only
 * if a thread has it in hand, and otherwise does it itself.  Returns -1
 * when the parent is gone or sent garbage.
 */
static int run_tasks(struct worker *w)
{
	size_t off = 0, n = 0, i, look = 0;
	bool exposed = false;
	int ret = 0;

	/* Room to extend the batch without moving it (extend_batch()),
	 * made before the jobs point into the buffer. */
	if (w->cfg->io_threads && w->talloc - w->tlen < TASKBUF_MIN / 2) {
		char *p = realloc(w->tasks, w->tlen + TASKBUF_MIN / 2);

		if (p) {
			w->tasks = p;
			w->talloc = w->tlen + TASKBUF_MIN / 2;
		}
	}
	if (list_jobs(w, &off, &n, true) < 0)
		return -1;
	if (w->cfg->io_threads && w->jalloc - n < EXTEND_ROOM) {
		struct job *p = reallocarray(w->jobs, n + EXTEND_ROOM,
					     sizeof(*p));

		if (p) {
			w->jobs = p;
			w->jalloc = n + EXTEND_ROOM;
		}
	}
	for (i = 0; i < n && ret == 0; i++) {
		struct job *j = &w->jobs[i];

		/* Hand the rest of the batch to the read-ahead threads
		 * while reads are slow; start them the first time, and
		 * only in the worker (the parent forks with no thread). */
		if (!exposed && reads_are_slow(w)) {
			if (!w->ra && !w->ra_failed) {
				w->ra = ra_start(w->cfg,
						 w->cfg->io_adaptive ? 1 :
						 w->cfg->io_threads,
						 w->cfg->io_threads);
				w->ra_failed = !w->ra;
			}
			if (w->ra) {
				pthread_mutex_lock(&w->ra->mu);
				w->ra->jobs = w->jobs;
				w->ra->njobs = n;
				w->ra->next = i;
				pthread_cond_broadcast(&w->ra->work);
				pthread_mutex_unlock(&w->ra->mu);
				exposed = true;
			}
		}
		if (exposed && i + w->ra->nthreads + EXTEND_MARGIN >= n &&
		    i >= look && reads_are_slow(w)) {
			if (extend_batch(w, &off, &n) < 0)
				ret = -1;
			look = i + EXTEND_MARGIN;
			j = &w->jobs[i];
			if (ret < 0)
				break;
		}
		if (j->h.kind == TASK_RANGE)
			ret = do_range(w, &j->h, j->path);
		else if (j->h.kind == TASK_DATA)
			ret = do_data(w, &j->h);
		else
			ret = run_file_job(w, j, exposed);
	}
	if (exposed) {
		/* Every job is counted, so no thread holds one: detach
		 * them from the buffer that is about to move. */
		pthread_mutex_lock(&w->ra->mu);
		w->ra->njobs = w->ra->next = 0;
		pthread_mutex_unlock(&w->ra->mu);
	}
	if (ret < 0)
		return -1;
	memmove(w->tasks, w->tasks + off, w->tlen - off);
	w->tlen -= off;
	return 0;
}

/* Whether the task buffer starts with a complete record. */
static bool whole_record(const struct worker *w)
{
	struct task_hdr h;

	if (w->tlen < sizeof(h))
		return false;
	memcpy(&h, w->tasks, sizeof(h));
	return w->tlen - sizeof(h) >= (size_t)h.pathlen + 1;
}

/* Make room for at least one more complete record after what we have. */
static int reserve(struct worker *w)
{
	size_t need = TASKBUF_MIN;
	char *p;

	if (w->tlen >= sizeof(struct task_hdr)) {
		struct task_hdr h;

		memcpy(&h, w->tasks, sizeof(h));
		if (sizeof(h) + (size_t)h.pathlen + 1 > need)
			need = sizeof(h) + (size_t)h.pathlen + 1;
	}
	if (need <= w->talloc && w->tlen < w->talloc)
		return 0;
	if (need <= w->talloc)
		need = w->talloc * 2;
	p = realloc(w->tasks, need);
	if (!p)
		return -1;
	w->tasks = p;
	w->talloc = need;
	return 0;
}

int worker_main(const struct worker_config *cfg)
{
	struct worker w = { .cfg = cfg, .op = OPENER_INIT };
	int status = 1;

	if (posix_memalign(&w.buf, 4096, WORKER_BUFSIZE) != 0)
		return 1;
	linematch_init(&w.lm, cfg->matches, cfg->nmatches);
	fault_init(&w.fault, platform_test_env("FSTAT_PAR_FAULT"));
	/* Map the buffer in now, in one call, not a fault per page. */
	platform_prefault(w.buf, WORKER_BUFSIZE);
	for (;;) {
		ssize_t n;

		if (reserve(&w) < 0)
			goto out;
		n = read(cfg->task_fd, w.tasks + w.tlen, w.talloc - w.tlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (n == 0)
			break;
		w.tlen += (size_t)n;
		/* Again while whole records are left: an extended batch
		 * (extend_batch()) can take in more than it has room for. */
		do {
			if (run_tasks(&w) < 0)
				goto out;
		} while (whole_record(&w));
		/* About to block in read(2): say what is finished first.  A
		 * full record may still be waiting in the pipe, but telling
		 * the parent early costs one write and never stalls it. */
		if (announce(&w) < 0)
			goto out;
	}
	status = w.tlen == 0 && announce(&w) == 0 ? 0 : 1;
out:
	if (w.ra)
		ra_stop(w.ra);
	if (w.op.dirfd >= 0)
		close(w.op.dirfd);
	strbuf_release(&w.op.dir);
	linematch_release(&w.lm);
	free(w.jobs);
	free(w.tasks);
	free(w.buf);
	return status;
}
