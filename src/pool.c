/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool.c - the worker pool; see pool.h.
 *
 * How the parent and its workers talk
 * -----------------------------------
 * Each worker has its own task pipe, written only by the parent, so a
 * worker never competes with another for a record and the parent always
 * knows which tasks each worker holds: a FIFO of sequence numbers per
 * worker, in the order the worker will count them.  The parent gives a
 * worker at most CREDIT tasks and CREDIT_BYTES of records at a time; those
 * bounds keep every pipe far from full and spread the work.
 *
 * A worker announces finished tasks on one shared completion pipe with
 * 16-byte records (worker index, number finished); since a worker counts
 * its tasks in order, the parent pops that many from the worker's FIFO.
 * Results themselves live in the shared ring (slots.h), published with a
 * release store of the sequence number, so the announcement is only a
 * wake-up and a credit return; the parent reads results in sequence order
 * by polling the ring slot of the oldest unprinted task.
 *
 * When a worker dies, the parent reaps it by pid, then drains the
 * completion pipe (everything the dead worker announced is there by then),
 * then walks the worker's FIFO: tasks already published are done, the one
 * named in the worker's shared state word was being counted and is blamed,
 * the others never started.  Unfinished tasks are queued for retry ahead
 * of new work, and a new worker takes the dead one's place.
 *
 * Timeouts
 * --------
 * With --timeout, a worker stamps each file or range it starts (slots.h),
 * with no system call.  At each wake-up the parent looks at what every
 * worker is counting: a task still in the worker's FIFO and not yet
 * published, started longer ago than the timeout, gets the worker killed
 * (SIGKILL; a read on a network mount waits killably).  The death is then
 * handled as any other, except that the killed task is filled in as timed
 * out instead of being retried (it would hang again), no other task is
 * blamed, and the replacement does not count against the respawn limit
 * (the parent, not a crash, ended the worker).  While a worker holds
 * tasks, pool_wait() sleeps no longer than until the earliest deadline
 * (or the timeout itself, for tasks not yet started: the parent is not
 * woken when a task starts).
 *
 * Matching lines across archive chunks
 * ------------------------------------
 * With --count-matches, each line must be matched exactly once, but a
 * line of an archive entry may span any number of chunks, counted by
 * different workers.  The parent has every byte as it copies it, so the
 * work is split by where a line ends: a worker matches the lines of its
 * chunk that begin after the chunk's first '\n' and end at a later '\n'
 * of the chunk (linematch_chunk_inner), and the parent, when it sends a
 * chunk, matches the line that ends at the chunk's first '\n' -- the
 * bytes after the previous chunk's last '\n', whole chunks without one,
 * and this chunk's bytes up to it -- and carries the bytes after the
 * chunk's last '\n' (linematch_chunk_edges); at the entry's end it
 * matches the unterminated last line.  Every line ends at one of those
 * places, so the counts add up.  The parent's count for a chunk travels
 * in its struct pool_dtask and joins the entry with the chunk's summary.
 * The parent holds each crossing line whole, as grep would.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform.h"
#include "pool.h"
#include "worker.h"

#define CREDIT 256
#define CREDIT_BYTES (48 * 1024)
/* Ranges of a split file a worker may hold: the one it counts and the
 * next, so that it never waits for work, while the rest stay with the
 * parent for whichever worker is free first. */
#define RANGE_CREDIT 2
#define NSLOTS_MIN 4096
/* Of the ring, how much each process maps in at the start (a fault per
 * page costs far more than mapping the pages in one call). */
#define PREFAULT_MAX (256 * 1024)
/* How many tries a task gets when the worker counting it dies. */
#define MAX_ATTEMPTS 2
/* Without pidfds, how often pool_wait looks for dead workers. */
#define REAP_POLL_MS 100
/* In the parent's lists, a file task that must not be split again. */
#define WHOLE_BIT (UINT64_C(1) << 62)

struct pool_task {
	char *path;             /* then, with has_msg, a NUL and a message */
	uint64_t tag;           /* pool->tag when it was submitted */
	uint32_t len;
	uint8_t attempts;
	bool has_msg;
	bool warning;           /* a warning: pool_submit_warning() */
};

/* A chunk of archive entry data, as the parent remembers it. */
struct pool_dtask {
	uint64_t seq;           /* the entry it belongs to */
	uint64_t start;         /* its first byte, as a dhead value */
	uint32_t len;
	bool last;              /* the entry's final chunk */
	bool drop;              /* ... and the entry gets no row */
	uint64_t matches;       /* lines the parent matched at its edges */
	int32_t merr;           /* ... or RESULT_ERR_MATCH_BASE - N, or 0 */
};

struct pool_proc {
	pid_t pid;              /* 0 when there is no live worker here */
	int task_fd;            /* write end, non-blocking */
	int pidfd;              /* -1 if the system has none */
	uint64_t fifo[CREDIT];  /* task entries held, oldest first */
	unsigned head, count;
	unsigned ranges;        /* how many of them are ranges */
	size_t bytes;           /* record bytes of the tasks held */
	struct strbuf out;      /* records not yet written to the pipe */
	bool broken;            /* the pipe is gone; death is pending */
	bool timed_out;         /* killed for timed_entry; death pending */
	uint64_t timed_entry;
};

static size_t record_size(uint32_t pathlen)
{
	return sizeof(struct task_hdr) + pathlen + 1;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Map in the first PREFAULT_MAX bytes of the ring, in one call. */
static void prefault_ring(const struct pool *p)
{
	size_t len = p->nslots * sizeof(struct result_slot);

	platform_prefault(p->slots, len < PREFAULT_MAX ? len : PREFAULT_MAX);
}

/* The data ring and the chunk summaries are used all over at once. */
static void prefault_data(const struct pool *p)
{
	if (!p->data)
		return;
	platform_prefault(p->dparts, DATA_TASKS * sizeof(struct part_slot));
	platform_prefault(p->data, DATA_RING);
}

static void child_setup(struct pool *p)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT };
	int fd;
	unsigned i;
	size_t k;

	/* The parent's handlers only set its flags: workers just die. */
	for (k = 0; k < ARRAY_SIZE(sigs); k++)
		signal(sigs[k], SIG_DFL);
	platform_die_with_parent();

	/* Hold no write end of any task pipe, or EOF would never reach
	 * the worker that reads it. */
	for (i = 0; i < p->nprocs; i++) {
		close_fd(&p->procs[i].task_fd);
		close_fd(&p->procs[i].pidfd);
	}
	close_fd(&p->done_rd);
	close_fd(&p->wake_fd);

	/* A worker reads no terminal input. */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
}

/* Fork worker SELF.  Returns 0 or -1 with errno set. */
static int spawn(struct pool *p, unsigned self)
{
	struct pool_proc *pr = &p->procs[self];
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	atomic_store_explicit(&p->wstate[self].current, 0,
			      memory_order_relaxed);
	atomic_store_explicit(&p->wstate[self].started, 0,
			      memory_order_relaxed);
	/* Nothing buffered may be written twice, by parent and child. */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		int saved = errno;

		close(fds[0]);
		close(fds[1]);
		errno = saved;
		return -1;
	}
	if (pid == 0) {
		struct worker_config cfg = {
			.index = self,
			.task_fd = fds[0],
			.done_fd = p->done_wr,
			.slots = p->slots,
			.mask = p->mask,
			.state = &p->wstate[self],
			.parts = p->parts,
			.dparts = p->dparts,
			.data = p->data,
			.split_min = p->split_min,
			.io_threads = p->io_threads,
			.io_adaptive = p->io_adaptive,
			.readahead_always = p->readahead_always,
			.follow = p->follow,
			.stamp = p->timeout_ns != 0,
			.mode = p->mode,
			.want = p->want,
			.matches = p->matches,
			.nmatches = p->nmatches,
		};

		close(fds[1]);
		child_setup(p);
		/* A shared mapping's pages are not inherited mapped. */
		prefault_ring(p);
		prefault_data(p);
		_exit(worker_main(&cfg));
	}
	close(fds[0]);
	/* Writes must never block the parent: a worker that is slow to
	 * read keeps its records in pr->out until the pipe drains.  (This
	 * cannot fail on a pipe we own.) */
	(void)fcntl(fds[1], F_SETFL, O_NONBLOCK);
	pr->pid = pid;
	pr->task_fd = fds[1];
	pr->pidfd = platform_pidfd_open(pid);
	pr->head = pr->count = pr->ranges = 0;
	pr->bytes = 0;
	pr->broken = false;
	pr->timed_out = false;
	strbuf_setlen(&pr->out, 0);
	p->alive++;
	return 0;
}

/*
 * Descriptors the parent keeps for itself beyond the pool's: the walk
 * needs three at least (ROOT's, the directory it reads, the one it opens;
 * walk.c gives up the others when they run out), and a file it reads
 * itself one more.
 */
#define PARENT_FDS 4

/*
 * How many of WANT workers the descriptor limit leaves room for: each
 * costs the parent two (its task pipe and its pidfd), the completion pipe
 * two, and PARENT_FDS must stay free, or a low RLIMIT_NOFILE (ulimit -n)
 * would go to workers that then get nothing from a walk that cannot open
 * a directory.  Under a generous limit, nobody counts.
 */
static unsigned fd_room(unsigned want)
{
	struct rlimit rl;
	long open_fds = 0, fd, room;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > 4096)
		return want;
	for (fd = 0; fd < (long)rl.rlim_cur; fd++)
		open_fds += fcntl((int)fd, F_GETFD) >= 0;
	room = ((long)rl.rlim_cur - open_fds - 2 - PARENT_FDS) / 2;
	if (room < 0)
		room = 0;
	return (unsigned long)room < want ? (unsigned)room : want;
}

int pool_start(struct pool *p, const struct pool_config *cfg)
{
	unsigned nworkers = fd_room(cfg->nworkers);
	uint64_t nslots = NSLOTS_MIN;
	size_t size, data_off = 0;
	unsigned i;
	int fds[2];

	memset(p, 0, sizeof(*p));
	p->done_rd = p->done_wr = -1;
	p->wake_fd = cfg->wake_fd;
	p->wait_ms = cfg->wait_ms;
	p->timeout_ns = cfg->timeout_ns;
	p->stop = cfg->stop;
	p->mode = cfg->mode;
	p->want = cfg->want;
	/* The default depth: a cap for each worker to grow to. */
	p->io_adaptive = cfg->io_adaptive;
	p->io_threads = cfg->io_adaptive ? worker_io_cap(nworkers) :
		cfg->io_threads;
	p->readahead_always = cfg->readahead_always;
	p->follow = cfg->follow;
	p->matches = cfg->matches;
	p->nmatches = cfg->nmatches;
	linematch_init(&p->edge, cfg->matches, cfg->nmatches);
	while (nslots < (uint64_t)nworkers * CREDIT * 2)
		nslots *= 2;
	p->nslots = nslots;
	p->mask = nslots - 1;

	size = nslots * sizeof(struct result_slot) +
	       nworkers * sizeof(struct worker_state) +
	       SPLIT_JOBS * SPLIT_PARTS * sizeof(struct part_slot);
	if (cfg->entries) {
		size += DATA_TASKS * sizeof(struct part_slot);
		data_off = (size + 4095) & ~(size_t)4095;
		size = data_off + DATA_RING;
	}
	if (shm_region_create(&p->shm, size) < 0) {
		snprintf(p->error, sizeof(p->error),
			 "cannot map shared memory: %s", strerror(errno));
		return -1;
	}
	p->slots = p->shm.addr;
	prefault_ring(p);
	p->wstate = (struct worker_state *)(p->slots + nslots);
	p->parts = (struct part_slot *)(p->wstate + nworkers);
	if (cfg->entries) {
		p->dparts = p->parts + SPLIT_JOBS * SPLIT_PARTS;
		p->data = (unsigned char *)p->shm.addr + data_off;
		p->dtasks = calloc(DATA_TASKS, sizeof(*p->dtasks));
		if (!p->dtasks)
			goto nomem;
		prefault_data(p);
		p->acc.empty = 1;
	}
	p->split_min = nworkers < 2 ? 0 :
		       cfg->split_min ? cfg->split_min : SPLIT_MIN;

	p->tasks = calloc(nslots, sizeof(*p->tasks));
	p->retry_cap = nslots + SPLIT_JOBS * SPLIT_PARTS +
		       (cfg->entries ? DATA_TASKS : 0);
	p->retry = calloc(p->retry_cap, sizeof(*p->retry));
	p->procs = calloc(nworkers, sizeof(*p->procs));
	p->pfd = calloc(2 * (size_t)nworkers + 2, sizeof(*p->pfd));
	p->pfd_who = calloc(2 * (size_t)nworkers + 2, sizeof(*p->pfd_who));
	if (!p->tasks || !p->retry || !p->procs || !p->pfd || !p->pfd_who)
		goto nomem;
	p->nprocs = nworkers;
	for (i = 0; i < nworkers; i++) {
		p->procs[i].task_fd = -1;
		p->procs[i].pidfd = -1;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(p->error, sizeof(p->error), "cannot create a pipe: %s",
			 strerror(errno));
		return -1;
	}
	p->done_rd = fds[0];
	p->done_wr = fds[1];
	if (fcntl(p->done_rd, F_SETFL, O_NONBLOCK) < 0) {
		snprintf(p->error, sizeof(p->error), "fcntl: %s",
			 strerror(errno));
		return -1;
	}
	p->respawns_left = 4 * nworkers + 8;

	for (i = 0; i < nworkers; i++) {
		if (spawn(p, i) < 0)
			break;
	}
	if (i == nworkers && nworkers < cfg->nworkers) {
		/* Held back by fd_room(): say so as for a failed fork. */
		errno = EMFILE;
		nworkers = cfg->nworkers;
	}
	if (i == 0) {
		snprintf(p->error, sizeof(p->error),
			 "cannot start a worker process: %s", strerror(errno));
		return -1;
	}
	if (i < nworkers) {
		snprintf(p->error, sizeof(p->error),
			 "could start only %u of %u worker processes: %s",
			 i, nworkers, strerror(errno));
		p->nprocs = i;
	}
	return 0;

nomem:
	snprintf(p->error, sizeof(p->error), "%s", strerror(ENOMEM));
	errno = ENOMEM;
	return -1;
}

/* The live worker holding the fewest tasks, with room for LEN bytes and,
 * for a range (RANGE), for one more range. */
static struct pool_proc *pick(const struct pool *p, uint32_t len, bool range)
{
	struct pool_proc *best = NULL;
	unsigned i;

	for (i = 0; i < p->nprocs; i++) {
		struct pool_proc *pr = &p->procs[i];

		if (!pr->pid || pr->broken || pr->count == CREDIT)
			continue;
		if (range && pr->ranges >= RANGE_CREDIT)
			continue;
		/* One oversized record may go to an idle worker. */
		if (pr->bytes + record_size(len) > CREDIT_BYTES &&
		    pr->count > 0)
			continue;
		if (!best || pr->count < best->count)
			best = pr;
	}
	return best;
}

static bool has_room(const struct pool *p)
{
	unsigned i;

	for (i = 0; i < p->nprocs; i++) {
		const struct pool_proc *pr = &p->procs[i];

		if (pr->pid && !pr->broken && pr->count < CREDIT &&
		    pr->bytes < CREDIT_BYTES)
			return true;
	}
	return false;
}

bool pool_can_submit(const struct pool *p)
{
	return p->retry_len == 0 && p->issued - p->retired < p->nslots &&
	       has_room(p);
}

/* The sequence number of the file a task entry belongs to. */
static uint64_t entry_seq(const struct pool *p, uint64_t e)
{
	if (e & TASK_RANGE_BIT)
		return p->splits[(e >> 8) & 0xff].seq;
	if (e & DATA_TASK_BIT)
		return p->dtasks[(e & ~DATA_TASK_BIT) % DATA_TASKS].seq;
	return e & ~WHOLE_BIT;
}

/* The bytes of path a task entry's record carries. */
static uint32_t entry_pathlen(const struct pool *p, uint64_t e)
{
	if (e & DATA_TASK_BIT)
		return 0;
	return p->tasks[entry_seq(p, e) & p->mask].len;
}

/* Give task entry E to a worker; returns 1 if none has room now. */
static int assign(struct pool *p, uint64_t e)
{
	uint64_t seq = entry_seq(p, e);
	struct pool_task *t = &p->tasks[seq & p->mask];
	uint32_t pathlen = entry_pathlen(p, e);
	struct task_hdr h = { .seq = seq, .kind = TASK_FILE,
			      .pathlen = pathlen };
	struct pool_proc *pr = pick(p, pathlen, (e & TASK_RANGE_BIT) != 0);

	if (!pr)
		return 1;
	if (e & DATA_TASK_BIT) {
		const struct pool_dtask *d =
			&p->dtasks[(e & ~DATA_TASK_BIT) % DATA_TASKS];

		h.kind = TASK_DATA;
		h.seq = e & ~DATA_TASK_BIT;
		h.off = d->start % DATA_RING;
		h.len = d->len;
	} else if (e & TASK_RANGE_BIT) {
		const struct pool_split *sp = &p->splits[(e >> 8) & 0xff];

		h.kind = TASK_RANGE;
		h.job = (uint32_t)((e >> 8) & 0xff);
		h.part = (uint32_t)(e & 0xff);
		h.off = (uint64_t)h.part * sp->part_size;
		h.len = h.part + 1 == sp->nparts ? sp->size - h.off :
						   sp->part_size;
	} else if (e & WHOLE_BIT) {
		h.kind = TASK_FILE_WHOLE;
	}
	if (strbuf_add(&pr->out, &h, sizeof(h)) < 0 ||
	    strbuf_add(&pr->out, pathlen ? t->path : "",
		       (size_t)pathlen + 1) < 0)
		return -1;
	pr->fifo[(pr->head + pr->count) % CREDIT] = e;
	pr->count++;
	pr->ranges += (e & TASK_RANGE_BIT) != 0;
	pr->bytes += record_size(pathlen);
	return 0;
}

static void queue_first(struct pool *p, uint64_t e)
{
	if (p->retry_len == p->retry_cap) {
		fprintf(stderr, "fstat-par: BUG: retry queue overflow\n");
		abort();
	}
	p->retry[(p->retry_head + p->retry_len) % p->retry_cap] = e;
	p->retry_len++;
}

static int dispatch_retries(struct pool *p)
{
	while (p->retry_len > 0) {
		int r = assign(p, p->retry[p->retry_head]);

		if (r < 0)
			return -1;
		if (r > 0)
			break;
		p->retry_head = (p->retry_head + 1) % p->retry_cap;
		p->retry_len--;
	}
	return 0;
}

/*
 * A worker handed back file SEQ of SIZE bytes: queue its ranges.  With
 * every job in use, the file goes back whole instead.
 */
static void start_split(struct pool *p, uint64_t seq, uint64_t size)
{
	uint64_t part_size;
	struct pool_split *sp = NULL;
	unsigned j, i;

	for (j = 0; j < SPLIT_JOBS; j++) {
		if (!p->splits[j].used) {
			sp = &p->splits[j];
			break;
		}
	}
	if (!sp) {
		queue_first(p, WHOLE_BIT | seq);
		return;
	}
	/* Workers take ranges as they become free (RANGE_CREDIT), so the
	 * last range bounds how unevenly they finish: sixteen per worker
	 * keep that under a few percent, and the ranges stay large enough
	 * that each costs little to start. */
	part_size = (size + 16 * p->nprocs - 1) / (16 * p->nprocs);
	if (part_size < p->split_min / 4)
		part_size = p->split_min / 4;
	if (part_size == 0)
		part_size = 1;
	if ((size + part_size - 1) / part_size > SPLIT_PARTS)
		part_size = (size + SPLIT_PARTS - 1) / SPLIT_PARTS;
	sp->used = true;
	sp->seq = seq;
	sp->size = size;
	sp->part_size = part_size;
	sp->nparts = (uint32_t)((size + part_size - 1) / part_size);
	sp->done = 0;
	for (i = 0; i < sp->nparts; i++)
		queue_first(p, task_range_entry(j, i));
}

/* All ranges of job J are in: join them into the file's result slot. */
static void finish_split(struct pool *p, unsigned j)
{
	struct pool_split *sp = &p->splits[j];
	struct result_slot *s = &p->slots[sp->seq & p->mask];
	struct seg_summary acc = { .empty = 1 };
	int32_t err = 0;
	uint32_t i;

	for (i = 0; i < sp->nparts; i++) {
		struct part_slot *ps = &p->parts[j * SPLIT_PARTS + i];

		if (!part_is_published(ps, sp->seq)) {
			fprintf(stderr, "fstat-par: BUG: range %u of a split "
				"file is missing\n", i);
			abort();
		}
		seg_join(&acc, &ps->sum);
		/* A worker's death outranks a read error. */
		if (ps->err < 0 || (ps->err > 0 && err == 0))
			err = ps->err;
	}
	seg_counts(&acc, &s->counts);
	s->err = err;
	s->flags = err < 0 ? 0 : RESULT_COUNTED;
	slot_publish(s, sp->seq);
	sp->used = false;
}

static void part_done(struct pool *p, unsigned j)
{
	if (++p->splits[j].done == p->splits[j].nparts)
		finish_split(p, j);
}

/* Record PATH, and MSG (or NULL) after it, for the next sequence number. */
static int new_task(struct pool *p, const char *path, size_t len,
		    const char *msg)
{
	struct pool_task *t = &p->tasks[p->issued & p->mask];
	size_t mlen = msg ? strlen(msg) + 1 : 0;

	if (len > UINT32_MAX - sizeof(struct task_hdr) - 1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	t->path = malloc(len + 1 + mlen);
	if (!t->path)
		return -1;
	memcpy(t->path, path, len);
	t->path[len] = '\0';
	if (msg)
		memcpy(t->path + len + 1, msg, mlen);
	t->len = (uint32_t)len;
	t->tag = p->tag;
	t->attempts = 0;
	t->has_msg = msg != NULL;
	t->warning = false;
	return 0;
}

int pool_submit_error(struct pool *p, const char *path, size_t len, int err)
{
	uint64_t seq = p->issued;
	struct result_slot *s = &p->slots[seq & p->mask];

	if (new_task(p, path, len, NULL) < 0)
		return -1;
	s->err = err;
	s->flags = RESULT_SOURCE_ERR;
	memset(&s->counts, 0, sizeof(s->counts));
	slot_publish(s, seq);
	p->issued++;
	return 0;
}

int pool_submit(struct pool *p, const char *path, size_t len)
{
	uint64_t seq = p->issued;
	struct pool_task *t = &p->tasks[seq & p->mask];
	int r;

	if (new_task(p, path, len, NULL) < 0)
		return -1;
	r = assign(p, seq);
	if (r < 0) {
		free(t->path);
		t->path = NULL;
		return -1;
	}
	/* pool_can_submit() cannot know how long this path is: when no
	 * worker has room for its record, it waits with the retries. */
	if (r > 0)
		queue_first(p, seq);
	p->issued++;
	return 0;
}

int pool_submit_message(struct pool *p, const char *path, size_t len,
			const char *msg)
{
	uint64_t seq = p->issued;
	struct result_slot *s = &p->slots[seq & p->mask];

	if (new_task(p, path, len, msg) < 0)
		return -1;
	s->err = 0;
	s->flags = RESULT_SOURCE_ERR;
	memset(&s->counts, 0, sizeof(s->counts));
	slot_publish(s, seq);
	p->issued++;
	return 0;
}

int pool_submit_warning(struct pool *p, const char *path, size_t len,
			const char *msg)
{
	struct pool_task *t = &p->tasks[p->issued & p->mask];

	if (pool_submit_message(p, path, len, msg) < 0)
		return -1;
	t->warning = true;
	return 0;
}

/* Publish the result of entry SEQ from the chunks joined in ACC. */
static void entry_publish(struct pool *p, uint64_t seq, bool drop)
{
	struct result_slot *s = &p->slots[seq & p->mask];

	if (drop) {
		s->flags = RESULT_SKIPPED;
		s->err = 0;
		memset(&s->counts, 0, sizeof(s->counts));
	} else {
		seg_counts(&p->acc, &s->counts);
		s->err = p->acc_err;
		s->flags = p->acc_err < 0 ? 0 : RESULT_COUNTED;
	}
	slot_publish(s, seq);
	memset(&p->acc, 0, sizeof(p->acc));
	p->acc.empty = 1;
	p->acc_err = 0;
}

/*
 * Take in the chunks counted so far, oldest first: join each into its
 * entry, free its bytes of the ring, and publish an entry whose last chunk
 * is in.
 */
static void data_retire(struct pool *p)
{
	while (p->dretired < p->dissued) {
		uint64_t d = p->dretired;
		struct part_slot *ps = &p->dparts[d % DATA_TASKS];
		const struct pool_dtask *dt = &p->dtasks[d % DATA_TASKS];

		if (!part_is_published(ps, d))
			break;
		seg_join(&p->acc, &ps->sum);
		/* Only an entry's last chunk can be empty, so ACC holds the
		 * entry's summary by now. */
		p->acc.c.matches += dt->matches;
		/* A worker's death outranks a read error. */
		if (ps->err < 0 || (ps->err > 0 && p->acc_err == 0))
			p->acc_err = ps->err;
		if (dt->merr && p->acc_err >= 0)
			p->acc_err = dt->merr;
		p->dtail = dt->start + dt->len;
		p->dretired++;
		if (dt->last)
			entry_publish(p, dt->seq, dt->drop);
	}
}

/* Whether a chunk starting at HEAD fits in the ring now. */
static bool chunk_fits(const struct pool *p, uint64_t head)
{
	return head + DATA_CHUNK - p->dtail <= DATA_RING &&
	       p->dissued - p->dretired < DATA_TASKS;
}

/* Open a chunk in the ring if there is room: true when one is open. */
static bool chunk_begin(struct pool *p)
{
	uint64_t head = p->dhead;
	uint64_t pos = head % DATA_RING;

	if (p->chunk_open)
		return true;
	/* A chunk never wraps: skip the end of the ring instead. */
	if (pos + DATA_CHUNK > DATA_RING)
		head += DATA_RING - pos;
	if (!chunk_fits(p, head)) {
		data_retire(p);
		if (!chunk_fits(p, head))
			return false;
	}
	p->dhead = head;
	p->chunk_start = head;
	p->chunk_open = true;
	memcpy(p->data + head % DATA_RING, p->carry, p->ncarry);
	p->chunk_len = p->ncarry;
	p->ncarry = 0;
	return true;
}

/*
 * The lines of the open entry that cross chunks (see the top of this
 * file): match those that end in the chunk of LEN bytes at BUF and, when
 * it is the LAST, the entry's unterminated last line, into DT.
 */
static void edge_match(struct pool *p, struct pool_dtask *dt,
		       const unsigned char *buf, size_t len, bool last)
{
	struct linematch *lm = &p->edge;
	uint64_t before = lm->matches;

	if (linematch_chunk_edges(lm, buf, len) == 0 &&
	    (!last || linematch_finish(lm) == 0)) {
		dt->matches = lm->matches - before;
		return;
	}
	dt->merr = RESULT_ERR_MATCH_BASE - linematch_error(lm);
}

/*
 * Hand the open chunk to a worker; LAST for the entry's final one, and
 * WHOLE for one that a hole follows: neither holds back an unfinished
 * character, which is invalid when the entry ends, and when a NUL comes
 * next.
 */
static int chunk_send(struct pool *p, bool last, bool whole, bool drop)
{
	unsigned char *buf = p->data + p->chunk_start % DATA_RING;
	size_t hold = 0;
	uint64_t d = p->dissued;
	struct pool_dtask *dt = &p->dtasks[d % DATA_TASKS];
	uint64_t e = DATA_TASK_BIT | d;
	int r;

	if (!last && !whole && p->mode == COUNT_UTF8)
		hold = seg_holdback(buf, p->chunk_len);
	memcpy(p->carry, buf + p->chunk_len - hold, hold);
	p->ncarry = hold;
	dt->seq = p->entry_seq;
	dt->start = p->chunk_start;
	dt->len = (uint32_t)(p->chunk_len - hold);
	dt->last = last;
	dt->drop = drop;
	dt->matches = 0;
	dt->merr = 0;
	if (p->nmatches && !drop)
		edge_match(p, dt, buf, dt->len, last);
	p->dhead = p->chunk_start + dt->len;
	p->chunk_open = false;
	p->chunk_len = 0;
	p->dissued++;
	p->entry_sent = true;
	r = assign(p, e);
	if (r < 0)
		return -1;
	if (r > 0)
		queue_first(p, e);
	return 0;
}

int pool_entry_begin(struct pool *p, const char *path, size_t len)
{
	if (new_task(p, path, len, NULL) < 0)
		return -1;
	p->entry_seq = p->issued++;
	p->entry_open = true;
	p->entry_sent = false;
	/* Lines never cross entries. */
	linematch_reset(&p->edge);
	return 0;
}

ssize_t pool_entry_add(struct pool *p, const void *buf, size_t len)
{
	const unsigned char *b = buf;
	size_t taken = 0;

	while (taken < len) {
		size_t n;

		if (!chunk_begin(p))
			break;
		if (p->chunk_len == DATA_CHUNK) {
			if (chunk_send(p, false, false, false) < 0)
				return -1;
			continue;
		}
		n = DATA_CHUNK - p->chunk_len;
		if (n > len - taken)
			n = len - taken;
		memcpy(p->data + p->chunk_start % DATA_RING + p->chunk_len,
		       b + taken, n);
		p->chunk_len += n;
		taken += n;
	}
	return (ssize_t)taken;
}

int pool_entry_hole(struct pool *p, uint64_t n)
{
	struct seg_state seg;
	struct part_slot *ps;
	struct pool_dtask *dt;
	uint64_t d;

	if (n == 0)
		return 0;
	/*
	 * A hole that fits in the open chunk is cheaper as NUL bytes there
	 * than as a chunk of its own: a sparse entry of small extents would
	 * otherwise cost two tasks per extent.
	 */
	if (n <= DATA_CHUNK - (p->chunk_open ? p->chunk_len : p->ncarry)) {
		if (!chunk_begin(p))
			return 1;
		memset(p->data + p->chunk_start % DATA_RING + p->chunk_len, 0,
		       (size_t)n);
		p->chunk_len += (size_t)n;
		return 0;
	}
	/* The bytes before the hole go first, to a worker, whole. */
	if ((p->chunk_open && p->chunk_len > 0) || p->ncarry > 0) {
		if (!chunk_begin(p))
			return 1;
		if (chunk_send(p, false, true, false) < 0)
			return -1;
	}
	if (p->dissued - p->dretired >= DATA_TASKS) {
		data_retire(p);
		if (p->dissued - p->dretired >= DATA_TASKS)
			return 1;
	}
	/*
	 * The hole is a chunk with no bytes in the ring, counted here from
	 * its length in O(1) and published at once; data_retire() joins it
	 * in order with the chunks around it.  No worker sees it, so no
	 * death or timeout can touch it.
	 */
	d = p->dissued;
	dt = &p->dtasks[d % DATA_TASKS];
	ps = &p->dparts[d % DATA_TASKS];
	dt->seq = p->entry_seq;
	dt->start = p->dhead;
	dt->len = 0;
	dt->last = false;
	dt->drop = false;
	dt->matches = 0;
	dt->merr = 0;
	seg_begin(&seg, p->mode, p->want);
	seg_update_zeros(&seg, n);
	seg_end(&seg, &ps->sum);
	ps->err = 0;
	part_publish(ps, d);
	p->dissued++;
	p->entry_sent = true;
	return 0;
}

int pool_entry_end(struct pool *p, bool drop)
{
	if (!p->entry_open)
		return 0;
	if (!p->chunk_open && p->ncarry == 0 && !p->entry_sent) {
		/* Not a byte: no chunk needed, and the counts are zero. */
		struct result_slot *s = &p->slots[p->entry_seq & p->mask];

		memset(&s->counts, 0, sizeof(s->counts));
		s->err = 0;
		s->flags = drop ? RESULT_SKIPPED : RESULT_COUNTED;
		slot_publish(s, p->entry_seq);
		p->entry_open = false;
		return 0;
	}
	if (!chunk_begin(p))
		return 1;
	if (chunk_send(p, true, false, drop) < 0)
		return -1;
	p->entry_open = false;
	return 0;
}

int pool_flush(struct pool *p)
{
	unsigned i;

	for (i = 0; i < p->nprocs; i++) {
		struct pool_proc *pr = &p->procs[i];
		size_t off = 0;

		while (pr->pid && !pr->broken && off < pr->out.len) {
			ssize_t n = write(pr->task_fd, pr->out.buf + off,
					  pr->out.len - off);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN)
					break;
				/* EPIPE: the worker is dead; its tasks are
				 * in its FIFO and go back when it is
				 * reaped. */
				pr->broken = true;
				break;
			}
			off += (size_t)n;
		}
		if (pr->broken)
			off = pr->out.len;
		if (off) {
			memmove(pr->out.buf, pr->out.buf + off,
				pr->out.len - off);
			strbuf_setlen(&pr->out, pr->out.len - off);
		}
	}
	return 0;
}

static void finished(struct pool *p, const struct done_msg *m)
{
	struct pool_proc *pr;
	uint32_t k;

	if (m->worker >= p->nprocs || m->n > p->procs[m->worker].count ||
	    (m->split_size && m->n != 1)) {
		fprintf(stderr, "fstat-par: BUG: bad completion record "
			"(worker %u, %u tasks)\n", m->worker, m->n);
		abort();
	}
	pr = &p->procs[m->worker];
	for (k = 0; k < m->n; k++) {
		uint64_t e = pr->fifo[pr->head];

		pr->bytes -= record_size(entry_pathlen(p, e));
		pr->head = (pr->head + 1) % CREDIT;
		pr->count--;
		pr->ranges -= (e & TASK_RANGE_BIT) != 0;
		if (m->split_size)
			start_split(p, entry_seq(p, e), m->split_size);
		else if (e & TASK_RANGE_BIT)
			part_done(p, (unsigned)((e >> 8) & 0xff));
	}
}

/* Read every completion record available now. */
static int drain(struct pool *p)
{
	for (;;) {
		ssize_t n = read(p->done_rd, p->donebuf + p->donelen,
				 sizeof(p->donebuf) - p->donelen);
		size_t off = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return -1;
		}
		if (n == 0)
			return 0;
		p->donelen += (size_t)n;
		while (p->donelen - off >= sizeof(struct done_msg)) {
			struct done_msg m;

			memcpy(&m, p->donebuf + off, sizeof(m));
			finished(p, &m);
			off += sizeof(m);
		}
		memmove(p->donebuf, p->donebuf + off, p->donelen - off);
		p->donelen -= off;
	}
}

/*
 * How a worker ended, as far as the parent could learn.  waitpid() can
 * fail: started with SIGCHLD ignored (main.c resets it, but the pool does
 * not count on that), the kernel reaps the workers itself and waitpid()
 * says ECHILD.  The worker is gone then, and how it ended is unknown: that
 * is END_UNKNOWN, never an exit with status 0.
 */
enum end_kind {
	END_EXITED,             /* code: its exit status */
	END_SIGNALED,           /* code: the signal that killed it */
	END_UNKNOWN,            /* waitpid() failed, or a status of neither */
};

struct ending {
	enum end_kind kind;
	int code;
};

/* How a worker ended: STATUS from waitpid(), if WAITED (it succeeded). */
static struct ending ending_of(bool waited, int status)
{
	struct ending end = { END_UNKNOWN, 0 };

	if (waited && WIFSIGNALED(status)) {
		end.kind = END_SIGNALED;
		end.code = WTERMSIG(status);
	} else if (waited && WIFEXITED(status)) {
		end.kind = END_EXITED;
		end.code = WEXITSTATUS(status);
	}
	return end;
}

/*
 * What reports a task blamed for the death of a worker that ended so
 * unknowably: merge.c words it "worker killed by signal 0", as the pool
 * has always reported a status that was neither an exit nor a signal.
 */
#define DEATH_ERR_UNKNOWN RESULT_ERR_SIGNAL_BASE

/*
 * The err that reports a task blamed for the death of its workers, by how
 * the last one ended.  Below zero for every ending: a death is never a
 * success, and the task's counts are not whole, so it must get no row
 * (finish_split() and data_retire() give a row to an err of 0 or above).
 */
static int32_t death_err(const struct ending *end)
{
	switch (end->kind) {
	case END_SIGNALED:
		if (end->code > 0 && end->code < 1000)
			return RESULT_ERR_SIGNAL_BASE - end->code;
		break;
	case END_EXITED:
		/* A worker exits 0 only at the end of its task pipe, with
		 * every task done: had it one in hand, it broke the
		 * protocol, and nobody knows how. */
		if (end->code > 0 && end->code < 1000)
			return -end->code;
		break;
	case END_UNKNOWN:
		break;
	}
	return DEATH_ERR_UNKNOWN;
}

int32_t pool_death_err(bool waited, int status)
{
	struct ending end = ending_of(waited, status);

	return death_err(&end);
}

/*
 * Task entry E, whose summary goes to PS with tag TAG, was held by a worker
 * that died.  Unless its summary is in already, queue it again, or, when
 * it is BLAMED for the death, publish it empty with ERR (death_err(), or
 * RESULT_ERR_TIMEOUT).  Returns true when it was queued again.
 */
static bool part_lost(struct pool *p, struct part_slot *ps, uint64_t tag,
		      uint64_t e, bool blamed, int32_t err)
{
	if (part_is_published(ps, tag))
		return false;
	if (!blamed) {
		queue_first(p, e);
		return true;
	}
	memset(&ps->sum, 0, sizeof(ps->sum));
	ps->sum.empty = 1;
	ps->err = err;
	part_publish(ps, tag);
	return false;
}

/* Worker SELF has ended as END says (and is reaped): recover. */
static int buried(struct pool *p, unsigned self, const struct ending *end)
{
	struct pool_proc *pr = &p->procs[self];
	struct result_slot *s;
	uint64_t current;
	bool timed = pr->timed_out;
	int32_t err = timed ? RESULT_ERR_TIMEOUT : death_err(end);

	close_fd(&pr->task_fd);
	close_fd(&pr->pidfd);
	pr->pid = 0;
	p->alive--;
	strbuf_setlen(&pr->out, 0);

	/* Everything it announced is in the pipe now. */
	if (drain(p) < 0)
		return -1;
	current = atomic_load_explicit(&p->wstate[self].current,
				       memory_order_acquire);
	while (pr->count > 0) {
		uint64_t e = pr->fifo[pr->head];
		uint64_t seq = entry_seq(p, e);
		struct pool_task *t = &p->tasks[seq & p->mask];
		bool blamed;

		pr->head = (pr->head + 1) % CREDIT;
		pr->count--;
		pr->ranges -= (e & TASK_RANGE_BIT) != 0;
		/* A task that timed out would only hang again. */
		if (timed)
			blamed = e == pr->timed_entry;
		else
			blamed = current == (e & ~WHOLE_BIT) + 1 &&
				 ++t->attempts >= MAX_ATTEMPTS;
		if (e & DATA_TASK_BIT) {
			uint64_t d = e & ~DATA_TASK_BIT;

			part_lost(p, &p->dparts[d % DATA_TASKS], d, e,
				  blamed, err);
			continue;
		}
		if (e & TASK_RANGE_BIT) {
			unsigned j = (unsigned)((e >> 8) & 0xff);
			struct part_slot *ps =
				&p->parts[j * SPLIT_PARTS + (e & 0xff)];

			if (!part_lost(p, ps, seq, e, blamed, err))
				part_done(p, j);
			continue;
		}
		s = &p->slots[seq & p->mask];
		if (slot_is_published(s, seq))
			continue;
		if (blamed) {
			s->err = err;
			s->flags = 0;
			memset(&s->counts, 0, sizeof(s->counts));
			slot_publish(s, seq);
			continue;
		}
		queue_first(p, e);
	}
	pr->bytes = 0;
	pr->head = 0;

	if (p->stop && *p->stop) {
		errno = EINTR;
		return -1;
	}
	if ((!timed && p->respawns_left == 0) || spawn(p, self) < 0) {
		if (p->alive == 0) {
			snprintf(p->error, sizeof(p->error),
				 "worker processes keep dying; giving up");
			errno = ECHILD;
			return -1;
		}
	} else if (!timed) {
		p->respawns_left--;
	}
	return dispatch_retries(p);
}

/*
 * The timed task (a file or a range) worker PR, number SELF, is counting,
 * as its FIFO entry in *E, with its start time in *STARTED; false when it
 * counts none (idle, an archive chunk, or one finished but not yet
 * announced).
 */
static bool timed_task(const struct pool *p, const struct pool_proc *pr,
		       unsigned self, uint64_t *e, uint64_t *started)
{
	const struct worker_state *ws = &p->wstate[self];
	uint64_t cur = atomic_load_explicit(&ws->current,
					    memory_order_acquire);
	unsigned k;

	if (cur == 0 || ((cur - 1) & DATA_TASK_BIT))
		return false;
	*started = atomic_load_explicit(&ws->started, memory_order_relaxed);
	for (k = 0; k < pr->count; k++) {
		uint64_t f = pr->fifo[(pr->head + k) % CREDIT];
		uint64_t seq = entry_seq(p, f);

		if ((f & ~WHOLE_BIT) != cur - 1)
			continue;
		*e = f;
		if (f & TASK_RANGE_BIT)
			return !part_is_published(&p->parts[((f >> 8) & 0xff) *
							    SPLIT_PARTS +
							    (f & 0xff)], seq);
		return !slot_is_published(&p->slots[seq & p->mask], seq);
	}
	return false;
}

/*
 * With a timeout: kill each worker whose task has run out of time (its
 * death is handled when it is reaped), and return how many milliseconds
 * pool_wait() may sleep before the next task could, or -1 for as long as
 * it likes (no worker holds a task).
 */
static int expire(struct pool *p)
{
	uint64_t now = task_clock_ns();
	uint64_t wait = UINT64_MAX;
	unsigned i;

	for (i = 0; i < p->nprocs; i++) {
		struct pool_proc *pr = &p->procs[i];
		uint64_t e, started, left = p->timeout_ns;

		if (!pr->pid || pr->timed_out || pr->count == 0)
			continue;
		if (timed_task(p, pr, i, &e, &started)) {
			if (now - started >= p->timeout_ns) {
				kill(pr->pid, SIGKILL);
				pr->timed_out = true;
				pr->timed_entry = e;
				continue;
			}
			left = started + p->timeout_ns - now;
		}
		if (left < wait)
			wait = left;
	}
	if (wait == UINT64_MAX)
		return -1;
	/* Round up, so as not to wake up just before the deadline. */
	wait = (wait + 999999) / 1000000;
	return wait > INT32_MAX ? INT32_MAX : (int)wait;
}

/* Reap worker I if it has exited.  Returns 1 if it had, 0, or -1. */
static int check_one(struct pool *p, unsigned i)
{
	struct pool_proc *pr = &p->procs[i];
	struct ending end;
	int status = 0;
	pid_t r;

	if (!pr->pid)
		return 0;
	r = waitpid(pr->pid, &status, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return 0;
	/* Any other failure (ECHILD: the kernel reaped it, SIGCHLD being
	 * ignored) says the worker is gone, but not how it ended. */
	end = ending_of(r > 0, status);
	return buried(p, i, &end) < 0 ? -1 : 1;
}

int pool_wait(struct pool *p, bool block)
{
	struct pollfd *pfd;
	unsigned *who;
	unsigned i, n = 0;
	int timeout = !block ? 0 : p->wait_ms ? (int)p->wait_ms : -1;
	int r;
	bool any_nopidfd = false;

	/* Entries: the completion pipe, the wake-up fd, and per worker its
	 * pidfd and, while records wait to be written, its task pipe. */
	pfd = p->pfd;
	who = p->pfd_who;

	pfd[n].fd = p->done_rd;
	pfd[n++].events = POLLIN;
	if (p->wake_fd >= 0) {
		pfd[n].fd = p->wake_fd;
		pfd[n++].events = POLLIN;
	}
	for (i = 0; i < p->nprocs; i++) {
		struct pool_proc *pr = &p->procs[i];

		if (!pr->pid)
			continue;
		if (pr->pidfd < 0) {
			any_nopidfd = true;
		} else {
			who[n] = i;
			pfd[n].fd = pr->pidfd;
			pfd[n++].events = POLLIN;
		}
		if (pr->out.len && !pr->broken) {
			who[n] = i;
			pfd[n].fd = pr->task_fd;
			pfd[n++].events = POLLOUT;
		}
	}
	if (any_nopidfd && block && (timeout < 0 || timeout > REAP_POLL_MS))
		timeout = REAP_POLL_MS;
	if (p->timeout_ns) {
		int t = expire(p);

		if (block && t >= 0 && (timeout < 0 || t < timeout))
			timeout = t;
	}

	r = poll(pfd, n, timeout);
	if (r < 0 && errno != EINTR)
		return -1;
	if (p->stop && *p->stop) {
		errno = EINTR;
		return -1;
	}
	if (drain(p) < 0)
		return -1;
	for (i = 0; r > 0 && i < n; i++) {
		if (!pfd[i].revents || pfd[i].fd == p->done_rd ||
		    pfd[i].fd == p->wake_fd || pfd[i].events == POLLOUT)
			continue;
		if (check_one(p, who[i]) < 0)
			return -1;
	}
	if (any_nopidfd) {
		for (i = 0; i < p->nprocs; i++)
			if (p->procs[i].pidfd < 0 && check_one(p, i) < 0)
				return -1;
	}
	if (dispatch_retries(p) < 0 || pool_flush(p) < 0)
		return -1;
	return 0;
}

const struct result_slot *pool_peek(struct pool *p)
{
	struct result_slot *s;

	if (p->retired == p->issued)
		return NULL;
	if (p->data)
		data_retire(p);
	s = &p->slots[p->retired & p->mask];
	return slot_is_published(s, p->retired) ? s : NULL;
}

const char *pool_peek_path(const struct pool *p, size_t *len)
{
	const struct pool_task *t = &p->tasks[p->retired & p->mask];

	*len = t->len;
	return t->path;
}

const char *pool_newest_path(const struct pool *p, size_t *len)
{
	const struct pool_task *t;

	if (pool_idle(p))
		return NULL;
	t = &p->tasks[(p->issued - 1) & p->mask];
	*len = t->len;
	return t->path;
}

uint64_t pool_peek_tag(const struct pool *p)
{
	return p->tasks[p->retired & p->mask].tag;
}

const char *pool_peek_msg(const struct pool *p)
{
	const struct pool_task *t = &p->tasks[p->retired & p->mask];

	return t->has_msg ? t->path + t->len + 1 : NULL;
}

bool pool_peek_warning(const struct pool *p)
{
	return p->tasks[p->retired & p->mask].warning;
}

void pool_retire(struct pool *p)
{
	struct pool_task *t = &p->tasks[p->retired & p->mask];

	free(t->path);
	t->path = NULL;
	p->retired++;
}

static int reap(struct pool_proc *pr, int *status)
{
	pid_t r;
	int err;

	do
		r = waitpid(pr->pid, status, 0);
	while (r < 0 && errno == EINTR);
	err = errno;
	pr->pid = 0;
	close_fd(&pr->pidfd);
	errno = err;
	return r < 0 ? -1 : 0;
}

int pool_finish(struct pool *p)
{
	unsigned i;
	int ret = 0;

	for (i = 0; i < p->nprocs; i++)
		close_fd(&p->procs[i].task_fd);
	for (i = 0; i < p->nprocs; i++) {
		struct pool_proc *pr = &p->procs[i];
		int status;

		if (!pr->pid)
			continue;
		if (reap(pr, &status) < 0) {
			/* Not a clean exit: one nobody could see. */
			snprintf(p->error, sizeof(p->error),
				 "cannot learn how a worker process ended: %s",
				 strerror(errno));
			ret = -1;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			snprintf(p->error, sizeof(p->error),
				 "a worker process ended abnormally");
			ret = -1;
		}
	}
	p->alive = 0;
	return ret;
}

void pool_abort(struct pool *p)
{
	unsigned i;

	for (i = 0; i < p->nprocs; i++)
		if (p->procs[i].pid)
			kill(p->procs[i].pid, SIGKILL);
	for (i = 0; i < p->nprocs; i++) {
		int status;

		close_fd(&p->procs[i].task_fd);
		if (p->procs[i].pid)
			reap(&p->procs[i], &status);
	}
	p->alive = 0;
}

pid_t pool_worker_pid(const struct pool *p, unsigned i)
{
	return i < p->nprocs ? p->procs[i].pid : 0;
}

void pool_release(struct pool *p)
{
	unsigned i;

	if (p->tasks) {
		while (p->retired != p->issued)
			pool_retire(p);
	}
	for (i = 0; p->procs && i < p->nprocs; i++)
		strbuf_release(&p->procs[i].out);
	close_fd(&p->done_rd);
	close_fd(&p->done_wr);
	free(p->tasks);
	free(p->retry);
	free(p->procs);
	free(p->dtasks);
	p->dtasks = NULL;
	free(p->pfd);
	free(p->pfd_who);
	linematch_release(&p->edge);
	p->pfd = NULL;
	p->pfd_who = NULL;
	p->tasks = NULL;
	p->retry = NULL;
	p->procs = NULL;
	shm_region_release(&p->shm);
}
