/*
 * worker.c - the worker loop; see worker.h.
 *
 * A worker blocks only in read(2) on its task pipe.  Before it blocks it
 * reports every task it has finished, so the parent, which prints results
 * strictly in order, never waits on a finished task that nobody announced.
 * It also reports before a long count (a large file) and every
 * DONE_BATCH tasks, which bounds how stale the parent's view can get while
 * keeping the number of wake-ups far below one per file.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "worker.h"

#define DONE_BATCH 32
/* Files at least this large are announced to the parent before counting,
 * so that the parent can hand out work while this one is counted. */
#define LONG_FILE (256 * 1024)
#define TASKBUF_MIN (64 * 1024)

struct worker {
	const struct worker_config *cfg;
	void *buf;              /* read buffer, WORKER_BUFSIZE bytes */
	char *tasks;            /* raw bytes read from the task pipe */
	size_t tlen, talloc;
	uint32_t ndone;         /* finished but not yet announced */
	bool noatime;           /* O_NOATIME still worth trying */
	struct strbuf dir;      /* the directory open as dirfd */
	int dirfd;              /* -1 when none is open */
};

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

int worker_count_fd(int fd, enum count_mode mode, unsigned want, void *buf,
		    size_t bufsize, struct counts *c)
{
	struct count_state st;
	int err = 0;

	count_init(&st, mode, want);
	for (;;) {
		ssize_t n = read(fd, buf, bufsize);

		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		count_update(&st, buf, (size_t)n);
	}
	count_finish(&st, c);
	return err;
}

/*
 * The directory of PATH as a descriptor, and the name within it.  The walk
 * hands out the files of one directory together, so keeping the last
 * directory open spares the kernel resolving every component of every
 * path again.  Returns AT_FDCWD with *BASE = PATH when no directory could
 * be opened: the plain open() then reports the right error.
 */
static int dir_of(struct worker *w, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	*base = path;
	if (!slash || slash == path)
		return AT_FDCWD;
	len = (size_t)(slash - path);
	if (w->dirfd >= 0 && w->dir.len == len &&
	    memcmp(w->dir.buf, path, len) == 0) {
		*base = slash + 1;
		return w->dirfd;
	}
	if (w->dirfd >= 0)
		close(w->dirfd);
	w->dirfd = -1;
	strbuf_setlen(&w->dir, 0);
	if (strbuf_add(&w->dir, path, len) < 0)
		return AT_FDCWD;
	/* O_PATH: only a handle for openat(), so a directory we may search
	 * but not list still works, and nothing is read. */
	w->dirfd = open(w->dir.buf, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0)
		return AT_FDCWD;
	*base = slash + 1;
	return w->dirfd;
}

static int open_file(struct worker *w, const char *path)
{
	/* O_NONBLOCK: should the path have become a FIFO since the walk,
	 * opening it must not wait for a writer.  It changes nothing for
	 * regular files. */
	int flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC;
	const char *base;
	int dirfd = dir_of(w, path, &base);
	int fd;

	if (w->noatime) {
		fd = openat(dirfd, base, flags | O_NOATIME);
		if (fd >= 0 || errno != EPERM)
			return fd;
		/* Only the owner may ask for O_NOATIME; stop trying. */
		w->noatime = false;
	}
	return openat(dirfd, base, flags);
}

/* Count one file into SLOT; returns -1 only if the parent is gone. */
static int do_file(struct worker *w, const struct task_hdr *h,
		   const char *path)
{
	uint64_t seq = h->seq;
	const struct worker_config *cfg = w->cfg;
	struct result_slot *slot = &cfg->slots[seq & cfg->mask];
	struct stat st;
	int fd;

	atomic_store_explicit(&cfg->state->current, seq + 1,
			      memory_order_release);
	slot->err = 0;
	slot->flags = 0;
	memset(&slot->counts, 0, sizeof(slot->counts));

	fd = open_file(w, path);
	if (fd < 0) {
		/* A file replaced by a symbolic link since the walk is not
		 * ours to follow: treat it as gone. */
		slot->err = errno == ELOOP ? 0 : errno;
		if (errno == ELOOP)
			slot->flags = RESULT_SKIPPED;
		goto publish;
	}
	if (fstat(fd, &st) < 0) {
		slot->err = errno;
		close(fd);
		goto publish;
	}
	if (!S_ISREG(st.st_mode)) {
		slot->flags = RESULT_SKIPPED;
		close(fd);
		goto publish;
	}
	if (h->kind == TASK_FILE && cfg->split_min &&
	    (uint64_t)st.st_size >= cfg->split_min) {
		close(fd);
		return ask_split(w, (uint64_t)st.st_size);
	}
	if (st.st_size >= LONG_FILE && announce(w) < 0) {
		close(fd);
		return -1;
	}
	slot->err = worker_count_fd(fd, cfg->mode, cfg->want, w->buf,
				    WORKER_BUFSIZE, &slot->counts);
	slot->flags = RESULT_COUNTED;
	close(fd);

publish:
	slot_publish(slot, seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
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
	do
		n = pread(fd, win, 11, (off_t)from);
	while (n < 0 && errno == EINTR);
	if (n <= (ssize_t)(off - from))
		return 0;
	return seg_align(win + (off - from), (size_t)(off - from),
			 (size_t)n - (size_t)(off - from));
}

/* Count one range of a file into its part slot. */
static int do_range(struct worker *w, const struct task_hdr *h,
		    const char *path)
{
	const struct worker_config *cfg = w->cfg;
	struct part_slot *ps;
	struct seg_state seg;
	uint64_t start = h->off, end = h->off + h->len;
	int fd, err = 0;

	if (h->job >= SPLIT_JOBS || h->part >= SPLIT_PARTS)
		return -1;
	ps = &cfg->parts[h->job * SPLIT_PARTS + h->part];
	atomic_store_explicit(&cfg->state->current,
			      task_range_entry(h->job, h->part) + 1,
			      memory_order_release);
	/* A range takes a while: let the parent hear of what is done. */
	if (announce(w) < 0)
		return -1;
	seg_begin(&seg, cfg->mode, cfg->want);
	fd = open_file(w, path);
	if (fd < 0) {
		err = errno;
		goto publish;
	}
	if (cfg->mode == COUNT_UTF8) {
		start += align_cut(fd, start);
		end += align_cut(fd, end);
	}
	while (start < end) {
		size_t want = end - start < WORKER_BUFSIZE ?
			      (size_t)(end - start) : WORKER_BUFSIZE;
		ssize_t n = pread(fd, w->buf, want, (off_t)start);

		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		seg_update(&seg, w->buf, (size_t)n);
		start += (uint64_t)n;
	}
	close(fd);
publish:
	seg_end(&seg, &ps->sum);
	ps->err = err;
	part_publish(ps, h->seq);
	w->ndone++;
	if (w->ndone >= DONE_BATCH)
		return announce(w);
	return 0;
}

/*
 * Process every complete record in the task buffer.  Returns -1 when the
 * parent is gone or sent garbage.
 */
static int run_tasks(struct worker *w)
{
	size_t off = 0;

	while (w->tlen - off >= sizeof(struct task_hdr)) {
		struct task_hdr h;
		char *path;

		memcpy(&h, w->tasks + off, sizeof(h));
		if (h.kind != TASK_FILE && h.kind != TASK_FILE_WHOLE &&
		    h.kind != TASK_RANGE)
			return -1;
		if (w->tlen - off - sizeof(h) < (size_t)h.pathlen + 1)
			break;
		path = w->tasks + off + sizeof(h);
		if (path[h.pathlen] != '\0')
			return -1;
		if (h.kind == TASK_RANGE ? do_range(w, &h, path) < 0 :
		    do_file(w, &h, path) < 0)
			return -1;
		off += sizeof(h) + h.pathlen + 1;
	}
	memmove(w->tasks, w->tasks + off, w->tlen - off);
	w->tlen -= off;
	return 0;
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
	struct worker w = { .cfg = cfg, .noatime = true, .dirfd = -1,
			    .dir = STRBUF_INIT };
	int status = 1;

	if (posix_memalign(&w.buf, 4096, WORKER_BUFSIZE) != 0)
		return 1;
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
		if (run_tasks(&w) < 0)
			goto out;
		/* About to block in read(2): say what is finished first.  A
		 * full record may still be waiting in the pipe, but telling
		 * the parent early costs one write and never stalls it. */
		if (announce(&w) < 0)
			goto out;
	}
	status = w.tlen == 0 && announce(&w) == 0 ? 0 : 1;
out:
	if (w.dirfd >= 0)
		close(w.dirfd);
	strbuf_release(&w.dir);
	free(w.tasks);
	free(w.buf);
	return status;
}
