/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * readahead.c - a worker's read-ahead threads and when they pay; see
 * readahead.h.
 *
 * Runs in a worker process: the threads, and readahead_prepare() in the
 * worker thread too; readahead_cap() also in the parent.
 */
#include "compat.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsize.h"
#include "platform.h"
#include "readahead.h"
#include "worker.h"

/*
 * Read-ahead pays only when opening and reading a file waits on the
 * device or the network; from the page cache it takes a few microseconds,
 * less than handing the file to another thread costs.  So the threads are
 * given work only while most recent files waited (readahead.h:
 * readahead_note(), readahead_pays()).
 *
 * A file waited when opening and reading its first bytes took
 * SLOW_PREPARE_NS longer than copying them would.  SLOW is a decaying
 * share of such files, out of SLOW_ONE: each file moves it an eighth of
 * the way towards SLOW_ONE or 0, and read-ahead runs while it is at
 * least half.  A wall-clock time also counts the moments the process was
 * not running: on a busy machine a file now and then takes a millisecond
 * to open from the page cache, and an average let a few of those start
 * the threads (bench/run's io case measured 1.19x on fast reads).  A
 * share needs several files in a row to wait.  The first PREPARE_SAMPLES
 * files only count towards it: they pay for cold directory lookups.  And
 * a file counts only if its thread slept meanwhile (readahead_prepare()):
 * a thread that was runnable but had no CPU waited for the machine, not
 * the device.
 */
#define SLOW_PREPARE_NS 50000
#define PREPARE_SAMPLES 16
#define SLOW_ONE 1024

uint64_t readahead_wait_ns(uint64_t prep_ns, size_t len)
{
	uint64_t copy_ns = (uint64_t)len / PAGE_CACHE_BYTES_PER_NS;

	return prep_ns > copy_ns ? prep_ns - copy_ns : 0;
}

void readahead_note(struct readahead_stats *ps, uint64_t prep_ns, size_t len)
{
	ps->slow -= ps->slow / 8;
	if (readahead_wait_ns(prep_ns, len) >= SLOW_PREPARE_NS)
		ps->slow += SLOW_ONE / 8;
	ps->n++;
}

bool readahead_pays(const struct readahead_stats *ps)
{
	return ps->n >= PREPARE_SAMPLES && ps->slow >= SLOW_ONE / 2;
}

/*
 * How deep the read-ahead goes by default (worker.h): the threads start
 * one at a time.  Each time the worker has to wait GROW_WAIT_NS or more
 * for a file a thread has in hand, the reads in flight were too few to
 * hide the device's latency, and one more thread starts, up to the cap:
 * IO_DEPTH reads in flight across the pool, shared out among the
 * workers, but never fewer than IO_CAP_MIN threads a worker.
 * bench/README.md ("cold") has the numbers behind IO_DEPTH.
 */
#define GROW_WAIT_NS 20000
#define IO_DEPTH 16
#define IO_CAP_MIN 2

bool readahead_should_grow(unsigned threads, unsigned cap, uint64_t wait_ns)
{
	return threads < cap && wait_ns >= GROW_WAIT_NS;
}

unsigned readahead_cap(unsigned nworkers)
{
	unsigned cap;

	if (nworkers == 0)
		nworkers = 1;
	cap = (IO_DEPTH + nworkers - 1) / nworkers;
	return cap < IO_CAP_MIN ? IO_CAP_MIN : cap;
}

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t readahead_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void prepare_file(const struct worker_config *cfg, struct opener *op,
			 struct job *j, void *buf);

/*
 * A voluntary context switch is the thread going to sleep: on a read or
 * an open that waits for the device or the network, where read-ahead
 * pays.  A thread that only waited for a CPU (a busy machine) was
 * switched out involuntarily, and threads would only add to the crowd.
 * The count costs a system call, so it is taken only around the files
 * after one that took long by the clock.
 */
static long sleeps(void)
{
#ifdef RUSAGE_THREAD
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru) == 0)
		return ru.ru_nvcsw;
#endif
	return -1;
}

void readahead_prepare(const struct worker_config *cfg, struct opener *op,
		       struct job *j, void *buf)
{
	long s0 = op->suspect ? sleeps() : -1;
	uint64_t t0 = readahead_now_ns();
	bool slow;

	prepare_file(cfg, op, j, buf);
	j->prep_ns = readahead_now_ns() - t0;
	slow = readahead_wait_ns(j->prep_ns, j->len) >= SLOW_PREPARE_NS;
	/* Not checked (the first slow file after fast ones): not blocked;
	 * when the count is not to be had, the clock decides. */
	j->blocked = slow && op->suspect && (s0 < 0 || sleeps() > s0);
	op->suspect = slow;
}

/*
 * Open job J's file, check it, and read its first bytes into BUF (of
 * WORKER_BUFSIZE bytes).  Called by read-ahead threads and by the worker
 * itself, each with its own opener; touches nothing shared but J.
 */
static void prepare_file(const struct worker_config *cfg, struct opener *op,
			 struct job *j, void *buf)
{
	struct stat st;
	ssize_t n;

	j->fd = -1;
	j->err = 0;
	j->skip = j->split = false;
	j->buf = buf;
	j->len = 0;
	j->eof = false;
	j->sized = 0;
	j->fd = count_file_open(op, j->path, cfg->follow);
	if (j->fd < 0) {
		/* A file replaced by a symbolic link since the walk is not
		 * ours to follow (or, under --follow, by a chain of links
		 * that never ends): treat it as gone. */
		if (errno == ELOOP)
			j->skip = true;
		else
			j->err = errno;
		return;
	}
	if (fstat(j->fd, &st) < 0) {
		j->err = errno;
		goto close;
	}
	if (!S_ISREG(st.st_mode)) {
		j->skip = true;
		goto close;
	}
	j->size = (uint64_t)st.st_size;
	if (fsize_enough(cfg->mode, cfg->want)) {
		/* Only the byte count is asked for: the size gives it,
		 * but for what fsize.h says must still be read (and then
		 * there is no split: nothing to share out). */
		if (!fsize_plan(&op->fs, j->fd, &st, 0, &j->sized)) {
			j->eof = true;
			return;
		}
		if (j->sized > 0 &&
		    lseek(j->fd, (off_t)j->sized, SEEK_SET) < 0)
			j->sized = 0;
		n = count_file_read_at(j->fd, buf, WORKER_BUFSIZE, -1);
		if (n < 0) {
			j->err = errno;
			return;
		}
		j->len = (size_t)n;
		j->eof = n == 0;
		return;
	}
	if (j->h.kind == TASK_FILE && cfg->split_min &&
	    j->size >= cfg->split_min) {
		j->split = true;
		goto close;
	}
	n = count_file_read_at(j->fd, buf, WORKER_BUFSIZE, -1);
	if (n < 0) {
		j->err = errno;
		return;
	}
	j->len = (size_t)n;
	/*
	 * A short read of a regular file means its end, and when the size
	 * agrees, reading on would only return 0: skip that read, one
	 * system call in four for small files.  (A file that grows now is
	 * counted as it was; one whose size says more is read on, which
	 * covers file systems that return short reads.)  Not where the
	 * size may be a placeholder (fsize.h): /proc/kallsyms says 0 bytes
	 * and gives 4 KiB a read.
	 */
	j->eof = n < WORKER_BUFSIZE && (uint64_t)n >= j->size &&
		 fsize_trusted(&op->fs, j->fd, &st);
	return;
close:
	close(j->fd);
	j->fd = -1;
}

/* Give a read-ahead buffer back and wake a thread that may want it. */
void ra_release(struct readahead *ra, void *buf)
{
	pthread_mutex_lock(&ra->mu);
	ra->free_bufs[ra->nfree++] = buf;
	if (ra->nidle > 0)
		pthread_cond_signal(&ra->work);
	pthread_mutex_unlock(&ra->mu);
}

/*
 * A read-ahead thread: take the first untouched file job of the batch,
 * prepare it into a free buffer, mark it ready.  It never runs more
 * than the number of buffers ahead of the worker, so memory stays fixed.
 */
static void *ra_thread(void *arg)
{
	struct readahead *ra = arg;
	struct opener op = OPENER_INIT;

	pthread_mutex_lock(&ra->mu);
	for (;;) {
		struct job *j = NULL;
		void *buf;

		while (!ra->stop) {
			while (ra->next < ra->njobs &&
			       (ra->jobs[ra->next].state != JOB_NEW ||
				ra->jobs[ra->next].h.kind == TASK_RANGE ||
				ra->jobs[ra->next].h.kind == TASK_DATA))
				ra->next++;
			if (ra->next < ra->njobs && ra->nfree > 0) {
				j = &ra->jobs[ra->next++];
				break;
			}
			ra->nidle++;
			pthread_cond_wait(&ra->work, &ra->mu);
			ra->nidle--;
		}
		if (ra->stop)
			break;
		j->state = JOB_TAKEN;
		buf = ra->free_bufs[--ra->nfree];
		pthread_mutex_unlock(&ra->mu);

		readahead_prepare(ra->cfg, &op, j, buf);

		pthread_mutex_lock(&ra->mu);
		j->state = JOB_READY;
		/* A wake-up is a system call: only for a worker waiting. */
		if (ra->waiting)
			pthread_cond_signal(&ra->ready);
	}
	pthread_mutex_unlock(&ra->mu);
	if (op.dirfd >= 0)
		close(op.dirfd);
	strbuf_release(&op.dir);
	return NULL;
}

void ra_stop(struct readahead *ra)
{
	unsigned i;

	pthread_mutex_lock(&ra->mu);
	ra->stop = true;
	pthread_cond_broadcast(&ra->work);
	pthread_mutex_unlock(&ra->mu);
	for (i = 0; i < ra->nthreads; i++)
		pthread_join(ra->threads[i], NULL);
	for (i = 0; i < ra->nfree; i++)
		free(ra->free_bufs[i]);
	pthread_mutex_destroy(&ra->mu);
	pthread_cond_destroy(&ra->work);
	pthread_cond_destroy(&ra->ready);
	free(ra->free_bufs);
	free(ra->threads);
	free(ra);
}

/*
 * Add a read-ahead thread and its RA_BUFS buffers.  Returns false when it
 * cannot be had (at the cap, or out of memory or threads); the threads
 * already running go on.  Called by the worker thread only.
 *
 * Files finish out of order: while the worker waits for one that takes
 * long, the threads finish the next ones, each holding a buffer until
 * the worker counts it.  With two buffers a thread they soon all sat
 * idle behind the slow one; with RA_BUFS they keep reading.
 */
#define RA_BUFS 4

bool ra_grow(struct readahead *ra)
{
	void *b[RA_BUFS] = { NULL };
	int i;

	if (ra->nthreads >= ra->cap)
		return false;
	for (i = 0; i < RA_BUFS; i++) {
		if (posix_memalign(&b[i], 4096, WORKER_BUFSIZE) != 0)
			goto fail;
		platform_prefault(b[i], WORKER_BUFSIZE);
	}
	if (pthread_create(&ra->threads[ra->nthreads], NULL, ra_thread,
			   ra) != 0)
		goto fail;
	pthread_mutex_lock(&ra->mu);
	ra->nthreads++;
	for (i = 0; i < RA_BUFS; i++)
		ra->free_bufs[ra->nfree++] = b[i];
	pthread_cond_broadcast(&ra->work);
	pthread_mutex_unlock(&ra->mu);
	return true;
fail:
	for (i = 0; i < RA_BUFS; i++)
		free(b[i]);
	return false;
}

/*
 * Start N read-ahead threads (RA_BUFS buffers each), with room to grow to
 * CAP.  Returns NULL if not even one can be had; the worker then reads
 * everything itself, which gives the same counts.
 */
struct readahead *ra_start(const struct worker_config *cfg,
				  unsigned n, unsigned cap)
{
	struct readahead *ra = calloc(1, sizeof(*ra));
	unsigned i;

	if (!ra)
		return NULL;
	ra->cfg = cfg;
	ra->cap = cap < n ? n : cap;
	ra->nbufs = RA_BUFS * (size_t)ra->cap;
	ra->free_bufs = calloc(ra->nbufs, sizeof(*ra->free_bufs));
	ra->threads = calloc(ra->cap, sizeof(*ra->threads));
	pthread_mutex_init(&ra->mu, NULL);
	pthread_cond_init(&ra->work, NULL);
	pthread_cond_init(&ra->ready, NULL);
	if (!ra->free_bufs || !ra->threads)
		goto fail;
	for (i = 0; i < n; i++)
		if (!ra_grow(ra))
			break;
	if (ra->nthreads == 0)
		goto fail;
	return ra;
fail:
	ra_stop(ra);
	return NULL;
}
