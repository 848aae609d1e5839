/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool_proc.c - the worker pool's supervision, in the parent: mapping the
 * shared memory and forking the workers (pool_start), reaping them by pid
 * or pidfd, recovering the tasks of one that died and replacing it,
 * killing one whose task ran out of time (pool_wait), and the end of the
 * pool (pool_finish, pool_abort, pool_release).  See pool.h; the
 * scheduling it calls back into is in pool.c.
 *
 * Deaths
 * ------
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
#include "pool_impl.h"
#include "worker.h"

/* Of the ring, how much each process maps in at the start (a fault per
 * page costs far more than mapping the pages in one call). */
#define PREFAULT_MAX (256 * 1024)

/* Without pidfds, how often pool_wait looks for dead workers. */
#define REAP_POLL_MS 100
/* How many tries a task gets when the worker counting it dies. */
#define MAX_ATTEMPTS 2

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

/* Map the ring and fork the workers: 0, or -1 with a message in error. */
static int start_workers(struct pool *p, const struct pool_config *cfg)
{
	unsigned nworkers = fd_room(cfg->nworkers);
	uint64_t nslots = NSLOTS_MIN;
	size_t size, data_off = 0;
	unsigned i;
	int fds[2];

	/* The default depth: a cap for each worker to grow to. */
	p->io_adaptive = cfg->io_adaptive;
	p->io_threads = cfg->io_adaptive ? readahead_cap(nworkers) :
		cfg->io_threads;
	p->readahead_always = cfg->readahead_always;
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

/* Free what start_workers() made, workers reaped; P itself stays. */
static void teardown(struct pool *p)
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
	free(p->pfd);
	free(p->pfd_who);
	p->tasks = NULL;
	p->retry = NULL;
	p->procs = NULL;
	p->nprocs = 0;
	p->dtasks = NULL;
	p->pfd = NULL;
	p->pfd_who = NULL;
	if (!p->in_parent) {
		shm_region_release(&p->shm);
		p->slots = NULL;
		p->wstate = NULL;
		p->parts = p->dparts = NULL;
		p->data = NULL;
	}
}

struct pool *pool_start(const struct pool_config *cfg)
{
	struct pool *p = calloc(1, sizeof(*p));
	char why[sizeof(p->error)];

	if (!p)
		return NULL;
	p->done_rd = p->done_wr = -1;
	p->wake_fd = cfg->wake_fd;
	p->wait_ms = cfg->wait_ms;
	p->timeout_ns = cfg->timeout_ns;
	p->stop = cfg->stop;
	p->mode = cfg->mode;
	p->want = cfg->want;
	p->follow = cfg->follow;
	p->matches = cfg->matches;
	p->nmatches = cfg->nmatches;
	linematch_init(&p->edge, cfg->matches, cfg->nmatches);
	if (start_workers(p, cfg) == 0)
		return p;
	/* Not one worker (a process limit, no descriptors left): slower,
	 * but everything is still counted (pool_inline.c). */
	snprintf(why, sizeof(why), "%s", p->error);
	pool_abort(p);
	teardown(p);
	if (pool_inline_start(p) < 0) {
		pool_release(p);
		errno = ENOMEM;
		return NULL;
	}
	snprintf(p->error, sizeof(p->error), "%.200s; counting in the main "
		 "process", why);
	return p;
}

const char *pool_error(const struct pool *p)
{
	return p->error;
}

bool pool_in_parent(const struct pool *p)
{
	return p->in_parent;
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
#define DEATH_ERR_UNKNOWN file_err_signal(0)

/*
 * The error that reports a task blamed for the death of its workers, by
 * how the last one ended.  A lost file for every ending: a death is never
 * a success, and the task's counts are not whole, so it must get no row
 * (finish_split() and pool_data_retire() give a row unless
 * file_err_is_lost()).
 */
static struct file_err death_err(const struct ending *end)
{
	switch (end->kind) {
	case END_SIGNALED:
		if (end->code > 0)
			return file_err_signal(end->code);
		break;
	case END_EXITED:
		/* A worker exits 0 only at the end of its task pipe, with
		 * every task done: had it one in hand, it broke the
		 * protocol, and nobody knows how. */
		if (end->code > 0)
			return file_err_exit(end->code);
		break;
	case END_UNKNOWN:
		break;
	}
	return DEATH_ERR_UNKNOWN;
}

struct file_err pool_death_err(bool waited, int status)
{
	struct ending end = ending_of(waited, status);

	return death_err(&end);
}

/*
 * Task entry E, whose summary goes to PS with tag TAG, was held by a worker
 * that died.  Unless its summary is in already, queue it again, or, when
 * it is BLAMED for the death, publish it empty with ERR (death_err(), or
 * file_err_timeout()).  Returns true when it was queued again.
 */
static bool part_lost(struct pool *p, struct part_slot *ps, uint64_t tag,
		      uint64_t e, bool blamed, struct file_err err)
{
	if (part_is_published(ps, tag))
		return false;
	if (!blamed) {
		pool_queue_first(p, e);
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
	struct file_err err = timed ? file_err_timeout() : death_err(end);

	close_fd(&pr->task_fd);
	close_fd(&pr->pidfd);
	pr->pid = 0;
	p->alive--;
	strbuf_setlen(&pr->out, 0);

	/* Everything it announced is in the pipe now. */
	if (pool_drain(p) < 0)
		return -1;
	current = atomic_load_explicit(&p->wstate[self].current,
				       memory_order_acquire);
	while (pr->count > 0) {
		uint64_t e = pr->fifo[pr->head];
		uint64_t seq = pool_task_seq(p, e);
		struct pool_task *t = &p->tasks[seq & p->mask];
		bool blamed;

		pr->head = (pr->head + 1) % CREDIT;
		pr->count--;
		pr->ranges -= task_ref_kind(e) == TASK_REF_RANGE;
		/* A task that timed out would only hang again. */
		if (timed)
			blamed = e == pr->timed_entry;
		else
			blamed = current == task_state_entry(e) + 1 &&
				 ++t->attempts >= MAX_ATTEMPTS;
		if (task_ref_kind(e) == TASK_REF_DATA) {
			uint64_t d = task_data_seq(e);

			part_lost(p, &p->dparts[d % DATA_TASKS], d, e,
				  blamed, err);
			continue;
		}
		if (task_ref_kind(e) == TASK_REF_RANGE) {
			unsigned j = task_range_job(e);
			struct part_slot *ps =
				&p->parts[j * SPLIT_PARTS + task_range_part(e)];

			if (!part_lost(p, ps, seq, e, blamed, err))
				pool_part_done(p, j);
			continue;
		}
		s = &p->slots[seq & p->mask];
		if (slot_is_published(s, seq))
			continue;
		if (blamed) {
			slot_set_err(s, err);
			s->flags = 0;
			memset(&s->counts, 0, sizeof(s->counts));
			slot_publish(s, seq);
			continue;
		}
		pool_queue_first(p, e);
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
	return pool_dispatch_retries(p);
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

	if (cur == 0 || task_ref_kind(cur - 1) == TASK_REF_DATA)
		return false;
	*started = atomic_load_explicit(&ws->started, memory_order_relaxed);
	for (k = 0; k < pr->count; k++) {
		uint64_t f = pr->fifo[(pr->head + k) % CREDIT];
		uint64_t seq = pool_task_seq(p, f);

		if (task_state_entry(f) != cur - 1)
			continue;
		*e = f;
		if (task_ref_kind(f) == TASK_REF_RANGE)
			return !part_is_published(&p->parts[task_range_job(f) *
							    SPLIT_PARTS +
							    task_range_part(f)],
						  seq);
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

	if (p->in_parent) {
		/* Every task was ready as it was submitted. */
		if (p->stop && *p->stop) {
			errno = EINTR;
			return -1;
		}
		return 0;
	}

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
	if (pool_drain(p) < 0)
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
	if (pool_dispatch_retries(p) < 0 || pool_flush(p) < 0)
		return -1;
	return 0;
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
	if (!p)
		return;
	teardown(p);
	if (p->in_parent)
		pool_inline_release(p);
	linematch_release(&p->edge);
	free(p);
}
