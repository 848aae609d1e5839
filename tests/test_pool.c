/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for pool.c: results come back complete and in order, a
 * worker killed while holding tasks loses none of them, and a file that
 * kills its workers is an error however their deaths are learned of. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"
#include "worker.h"

#define NFILES 3000

static char dir[64];

static int setup(void **state)
{
	char path[128];
	int i;

	(void)state;
	strcpy(dir, "/tmp/fstat-par-pool.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	for (i = 0; i < NFILES; i++) {
		FILE *f;
		int j;

		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		f = fopen(path, "w");
		if (!f)
			return -1;
		/* File i holds i % 50 lines. */
		for (j = 0; j < i % 50; j++)
			fputs("some words here\n", f);
		fclose(f);
	}
	/* Dead workers' task pipes must fail with EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A pool whose workers did start: it does not count in the parent. */
static struct pool *start_workers(const struct pool_config *pc)
{
	struct pool *p = pool_start(pc);

	assert_non_null(p);
	assert_false(pool_in_parent(p));
	return p;
}

/* The default read-ahead depth (worker.h) instead of a fixed one. */
static bool io_adaptive;

/* Submit every file, killing worker 0 after KILL_AT submissions if
 * KILL_AT >= 0; check each result as it is retired, in order. */
static void run_split(unsigned nworkers, int kill_at, uint64_t split_min,
		      unsigned io_threads)
{
	struct pool_config pc = {
		.nworkers = nworkers, .mode = COUNT_BYTES,
		.want = COUNT_WANT_ALL, .split_min = split_min,
		.io_threads = io_threads, .io_adaptive = io_adaptive,
		.wake_fd = -1,
		/* Files in the page cache are fast: make the threads work. */
		.readahead_always = true,
	};
	struct pool *p;
	uint64_t next = 0;
	int submitted = 0;
	char path[128];

	p = start_workers(&pc);
	while (next < NFILES) {
		const struct result_slot *s;

		while (submitted < NFILES && pool_can_submit(p)) {
			int n = snprintf(path, sizeof(path), "%s/f%d", dir,
					 submitted);

			assert_int_equal(pool_submit(p, path, (size_t)n), 0);
			if (submitted++ == kill_at)
				kill(pool_worker_pid(p, 0), SIGKILL);
		}
		assert_int_equal(pool_flush(p), 0);
		while ((s = pool_peek(p))) {
			size_t len;
			const char *got = pool_peek_path(p, &len);
			int n = snprintf(path, sizeof(path), "%s/f%d", dir,
					 (int)next);

			assert_int_equal(len, (size_t)n);
			assert_memory_equal(got, path, len);
			assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
			assert_int_equal(s->flags, RESULT_COUNTED);
			assert_int_equal(s->counts.lines, next % 50);
			assert_int_equal(s->counts.words, 3 * (next % 50));
			assert_int_equal(s->counts.bytes, 16 * (next % 50));
			pool_retire(p);
			next++;
		}
		if (next < NFILES)
			assert_int_equal(pool_wait(p, !pool_can_submit(p) ||
						   submitted == NFILES), 0);
	}
	assert_true(pool_idle(p));
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
}

static void run(unsigned nworkers, int kill_at)
{
	run_split(nworkers, kill_at, 0, 0);
}

static void test_one_worker(void **state)
{
	(void)state;
	run(1, -1);
}

static void test_three_workers(void **state)
{
	(void)state;
	run(3, -1);
}

static void test_worker_killed(void **state)
{
	(void)state;
	/* Killed with tasks in its pipe: they go to the others, and a new
	 * worker takes its place. */
	run(2, 40);
	run(2, 1500);
	run(1, 10);
}

static void test_split(void **state)
{
	(void)state;
	/* Files from 100 bytes on are counted in ranges of 25 bytes or
	 * more by several workers; with 8 jobs at most in progress, the
	 * others wait and some go back whole. */
	run_split(2, -1, 100, 0);
	run_split(3, -1, 17, 0);
	/* A worker killed while it holds ranges: they are counted again. */
	run_split(2, 700, 100, 0);
	run_split(3, 20, 17, 0);
}

static void test_io_threads(void **state)
{
	(void)state;
	run_split(1, -1, 0, 1);
	run_split(2, -1, 0, 3);
	run_split(2, -1, 100, 2);
	/* Killed with read-ahead threads at work: nothing is lost. */
	run_split(2, 900, 0, 2);
	/* The default depth: a cap from the pool, the same results. */
	io_adaptive = true;
	run_split(1, -1, 0, 0);
	run_split(3, -1, 100, 0);
	run_split(2, 900, 0, 0);
	io_adaptive = false;
}

/*
 * The default read-ahead depth: about 16 reads in flight shared out among
 * the workers, at least two threads each; a thread is added only after a
 * wait long enough to be the device's, and never past the cap.
 */
static void test_io_depth(void **state)
{
	unsigned n, t;

	(void)state;
	assert_int_equal(readahead_cap(1), 16);
	assert_int_equal(readahead_cap(2), 8);
	assert_int_equal(readahead_cap(3), 6);
	assert_int_equal(readahead_cap(16), 2);
	assert_int_equal(readahead_cap(64), 2);
	assert_int_equal(readahead_cap(0), 16);
	for (n = 1; n <= 64; n++) {
		unsigned cap = readahead_cap(n);

		/* Rounded up: 16 reads in flight at least, less than one
		 * more a worker, but two threads a worker at least. */
		if (n > 8)
			assert_int_equal(cap, 2);
		else
			assert_true(cap * n >= 16 && cap * n < 16 + n);
		/* Growing on every wait stops at the cap. */
		for (t = 1; readahead_should_grow(t, cap, 1000000); t++)
			assert_true(t < cap);
		assert_int_equal(t, cap);
	}
	/* A hand-over, not a wait for the device: no thread. */
	assert_false(readahead_should_grow(1, 8, 2000));
	assert_true(readahead_should_grow(1, 8, 200000));
	assert_false(readahead_should_grow(8, 8, 200000));
	assert_false(readahead_should_grow(9, 8, 200000));
}

/*
 * -c: only bytes are asked for, so each file's size is taken and nothing
 * is split, with read-ahead threads or without; a 1 TiB sparse file (if
 * this file system takes one) is counted at once, where reading it would
 * take minutes.
 */
static void run_bytes_only(unsigned nworkers, unsigned io_threads)
{
	struct pool_config pc = {
		.nworkers = nworkers, .mode = COUNT_BYTES,
		.want = COUNT_WANT_BYTES, .split_min = 100,
		.io_threads = io_threads, .wake_fd = -1,
		.readahead_always = true,
	};
	struct pool *p;
	char path[128];
	uint64_t next = 0;
	int submitted = 0, fd, n;
	bool sparse;

	snprintf(path, sizeof(path), "%s/sparse", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	sparse = ftruncate(fd, (off_t)1 << 40) == 0;
	close(fd);
	p = start_workers(&pc);
	while (next < NFILES + 1) {
		const struct result_slot *s;

		while (submitted < NFILES + 1 && pool_can_submit(p)) {
			if (submitted == NFILES)
				n = snprintf(path, sizeof(path), "%s/sparse",
					     dir);
			else
				n = snprintf(path, sizeof(path), "%s/f%d",
					     dir, submitted);
			assert_int_equal(pool_submit(p, path, (size_t)n), 0);
			submitted++;
		}
		assert_int_equal(pool_flush(p), 0);
		while ((s = pool_peek(p))) {
			assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
			assert_int_equal(s->flags, RESULT_COUNTED);
			if (next < NFILES)
				assert_int_equal(s->counts.bytes,
						 16 * (next % 50));
			else
				assert_true(s->counts.bytes ==
					    (sparse ? (uint64_t)1 << 40 : 0));
			pool_retire(p);
			next++;
		}
		if (next < NFILES + 1)
			assert_int_equal(pool_wait(p, !pool_can_submit(p) ||
						   submitted == NFILES + 1), 0);
	}
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
	snprintf(path, sizeof(path), "%s/sparse", dir);
	unlink(path);
}

/*
 * Sparse files (worker.c reads only their data, and counts the holes
 * from their length), through read-ahead threads and split into ranges:
 * a 1 GiB hole, then "x y\n"; "a\tb", a hole to 3 MiB, "c\xc3" (a cut
 * character), a hole, "\xa9d\n" and a hole to the end (a third word).
 * The counts are those GNU wc 9.11 gives for the same files, which it
 * reads (cli-sparse.sh compares such files with it).
 */
static void put_at(int fd, const char *s, off_t off)
{
	assert_int_equal(pwrite(fd, s, strlen(s), off), (ssize_t)strlen(s));
}

static void run_sparse(unsigned nworkers, uint64_t split_min,
		       unsigned io_threads)
{
	struct pool_config pc = {
		.nworkers = nworkers, .mode = COUNT_UTF8,
		.want = COUNT_WANT_ALL, .split_min = split_min,
		.io_threads = io_threads, .wake_fd = -1,
		.readahead_always = true,
	};
	/* lines words chars bytes maxlen, for each file */
	static const uint64_t want[2][5] = {
		{ 1, 2, (UINT64_C(1) << 30) + 4, (UINT64_C(1) << 30) + 4, 3 },
		{ 1, 3, (UINT64_C(6) << 20) - 2, UINT64_C(6) << 20, 11 },
	};
	struct pool *p;
	char path[128];
	uint64_t next = 0;
	int i, n, fd;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/sparse%d", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		assert_true(fd >= 0);
		if (i == 0) {
			put_at(fd, "x y\n", (off_t)1 << 30);
		} else {
			put_at(fd, "a\tb", 0);
			put_at(fd, "c\xc3", (off_t)3 << 20);
			put_at(fd, "\xa9" "d\n", ((off_t)4 << 20) + 8192);
			assert_int_equal(ftruncate(fd, (off_t)6 << 20), 0);
		}
		close(fd);
	}
	p = start_workers(&pc);
	for (i = 0; i < 2; i++) {
		n = snprintf(path, sizeof(path), "%s/sparse%d", dir, i);
		assert_int_equal(pool_submit(p, path, (size_t)n), 0);
	}
	assert_int_equal(pool_flush(p), 0);
	while (next < 2) {
		const struct result_slot *s;

		while ((s = pool_peek(p))) {
			assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
			assert_int_equal(s->flags, RESULT_COUNTED);
			assert_int_equal(s->counts.lines, want[next][0]);
			assert_int_equal(s->counts.words, want[next][1]);
			assert_int_equal(s->counts.chars, want[next][2]);
			assert_int_equal(s->counts.bytes, want[next][3]);
			assert_int_equal(s->counts.maxlen, want[next][4]);
			pool_retire(p);
			next++;
		}
		if (next < 2)
			assert_int_equal(pool_wait(p, true), 0);
	}
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/sparse%d", dir, i);
		unlink(path);
	}
}

static void test_sparse(void **state)
{
	(void)state;
	run_sparse(1, 0, 0);
	run_sparse(2, 0, 2);
	run_sparse(3, 1 << 20, 0);
	run_sparse(2, 1 << 20, 2);
}

static void test_bytes_only(void **state)
{
	(void)state;
	run_bytes_only(1, 0);
	run_bytes_only(3, 0);
	run_bytes_only(2, 2);
}

/* Entry I's bytes: sizes from 0 to past two chunks, UTF-8 and tabs. */
static size_t entry_bytes(unsigned i, unsigned char *buf, size_t cap)
{
	static const char piece[] = "w\xe4\xb8\x80 x\t\xc2\xa0y\n";
	size_t n = i % 97 == 0 ? 2 * DATA_CHUNK + 12345 * (i % 7) :
		   i % 13 == 0 ? 0 : (size_t)(i * 37) % 3000;
	size_t k;

	if (n > cap)
		n = cap;
	for (k = 0; k < n; k++)
		buf[k] = (unsigned char)piece[(k + i) % (sizeof(piece) - 1)];
	return n;
}

/* Archive entries through the data ring, fed in uneven pieces. */
static void run_entries(unsigned nworkers, int kill_at)
{
	enum { NENTRIES = 1200 };
	struct pool_config pc = {
		.nworkers = nworkers, .mode = COUNT_UTF8,
		.want = COUNT_WANT_ALL, .wake_fd = -1, .entries = true,
	};
	static unsigned char buf[3 * DATA_CHUNK], check[3 * DATA_CHUNK];
	struct pool *p;
	unsigned next = 0, submitted = 0;
	size_t len = 0, off = 0;
	bool open = false;
	char name[32];

	p = start_workers(&pc);
	while (next < NENTRIES) {
		const struct result_slot *s;
		bool stalled = false;

		while (!stalled && submitted < NENTRIES) {
			if (!open) {
				if (!pool_can_submit(p)) {
					stalled = true;
					break;
				}
				snprintf(name, sizeof(name), "e%u", submitted);
				assert_int_equal(pool_entry_begin(p, name,
						 strlen(name)), 0);
				len = entry_bytes(submitted, buf, sizeof(buf));
				off = 0;
				open = true;
				if ((int)submitted == kill_at)
					kill(pool_worker_pid(p, 0), SIGKILL);
			}
			while (off < len) {
				size_t want = 1 + (off * 7 + len) % 70000;
				ssize_t n;

				if (want > len - off)
					want = len - off;
				n = pool_entry_add(p, buf + off, want);
				assert_true(n >= 0);
				off += (size_t)n;
				if ((size_t)n < want) {
					stalled = true;
					break;
				}
			}
			if (stalled)
				break;
			if (pool_entry_end(p, false) > 0) {
				stalled = true;
				break;
			}
			open = false;
			submitted++;
		}
		assert_int_equal(pool_flush(p), 0);
		while ((s = pool_peek(p))) {
			struct count_state st;
			struct counts exp;
			size_t n = entry_bytes(next, check, sizeof(check));
			size_t plen;
			const char *got = pool_peek_path(p, &plen);

			snprintf(name, sizeof(name), "e%u", next);
			assert_int_equal(plen, strlen(name));
			assert_memory_equal(got, name, plen);
			assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
			assert_int_equal(s->flags, RESULT_COUNTED);
			count_init(&st, COUNT_UTF8, COUNT_WANT_ALL);
			count_update(&st, check, n);
			count_finish(&st, &exp);
			assert_memory_equal(&s->counts, &exp, sizeof(exp));
			pool_retire(p);
			next++;
		}
		if (next < NENTRIES)
			assert_int_equal(pool_wait(p, stalled ||
						   submitted == NENTRIES), 0);
	}
	assert_true(pool_idle(p));
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
}

/*
 * Holes in archive entries (pool_entry_hole): an entry of data pieces
 * with a hole after each, UTF-8 characters cut by the holes, more holes
 * than the pool keeps chunks in flight, so that a hole must wait for
 * room; an entry that is one hole; one that starts with a hole.  Each must
 * count as the same bytes: the NULs of the holes that fit in a chunk fed
 * for real, the larger ones through count_update_zeros (which
 * test_count.c checks against the bytes).
 */
struct hole_piece {
	const char *data;
	size_t hole;
};

static size_t hole_entry(unsigned e, unsigned j, struct hole_piece *hp)
{
	static const char *const data[] = {
		"w\xe4\xb8", "\x80 x\n", "\t", "y\xc2", "\xa0z", "",
		"\xf0\x9f\x98", "\x80\r",
	};

	switch (e) {
	case 0:
		/* Small holes go into the chunk as bytes, large ones (one
		 * in three) as chunks of their own. */
		if (j >= 7000)
			return 0;
		hp->data = data[j % (sizeof(data) / sizeof(data[0]))];
		hp->hole = 1 + (size_t)(j * 7919u) % 5000 +
			   (j % 3 ? 0 : DATA_CHUNK);
		return 1;
	case 1:
		if (j >= 1)
			return 0;
		hp->data = "";
		hp->hole = (size_t)3 << 30;
		return 1;
	default:
		if (j >= 2)
			return 0;
		hp->data = j ? "tail\n" : "";
		hp->hole = j ? 0 : 70000;
		return 1;
	}
}

static void test_entry_holes(void **state)
{
	enum { NENTRIES = 3 };
	struct pool_config pc = {
		.nworkers = 1, .mode = COUNT_UTF8,
		.want = COUNT_WANT_ALL, .wake_fd = -1, .entries = true,
	};
	static const unsigned char zeros[8192];
	struct pool *p;
	unsigned e, j;
	char name[32];

	(void)state;
	p = start_workers(&pc);
	for (e = 0; e < NENTRIES; e++) {
		struct hole_piece hp;
		const struct result_slot *s;
		struct count_state st;
		struct counts exp;

		while (!pool_can_submit(p))
			assert_int_equal(pool_wait(p, true), 0);
		snprintf(name, sizeof(name), "h%u", e);
		assert_int_equal(pool_entry_begin(p, name, strlen(name)), 0);
		count_init(&st, COUNT_UTF8, COUNT_WANT_ALL);
		for (j = 0; hole_entry(e, j, &hp); j++) {
			size_t len = strlen(hp.data), off = 0, z;
			int r;

			while (off < len) {
				ssize_t n = pool_entry_add(p, hp.data + off,
							   len - off);

				assert_true(n >= 0);
				off += (size_t)n;
				if (off < len) {
					assert_int_equal(pool_flush(p), 0);
					assert_int_equal(pool_wait(p, true), 0);
				}
			}
			while ((r = pool_entry_hole(p, hp.hole)) > 0) {
				assert_int_equal(pool_flush(p), 0);
				assert_int_equal(pool_wait(p, true), 0);
			}
			assert_int_equal(r, 0);
			count_update(&st, hp.data, len);
			for (z = hp.hole; z > 0; ) {
				size_t k = z < sizeof(zeros) ? z : sizeof(zeros);

				if (hp.hole > DATA_CHUNK) {
					count_update_zeros(&st, z);
					break;
				}
				count_update(&st, zeros, k);
				z -= k;
			}
		}
		while (pool_entry_end(p, false) > 0) {
			assert_int_equal(pool_flush(p), 0);
			assert_int_equal(pool_wait(p, true), 0);
		}
		count_finish(&st, &exp);
		assert_int_equal(pool_flush(p), 0);
		while (!(s = pool_peek(p)))
			assert_int_equal(pool_wait(p, true), 0);
		assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
		assert_int_equal(s->flags, RESULT_COUNTED);
		assert_int_equal(s->counts.lines, exp.lines);
		assert_int_equal(s->counts.words, exp.words);
		assert_int_equal(s->counts.chars, exp.chars);
		assert_int_equal(s->counts.bytes, exp.bytes);
		assert_int_equal(s->counts.maxlen, exp.maxlen);
		pool_retire(p);
	}
	assert_true(pool_idle(p));
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
}

/*
 * More holes than chunks may be in flight: with the worker stopped, so
 * that the entry's first bytes stay uncounted, the DATA_TASKS-th large
 * hole finds no free chunk and pool_entry_hole() asks the caller to wait;
 * once the worker runs again, everything is counted, holes included.
 */
static void test_entry_hole_waits(void **state)
{
	struct pool_config pc = {
		.nworkers = 1, .mode = COUNT_UTF8,
		.want = COUNT_WANT_ALL, .wake_fd = -1, .entries = true,
	};
	const uint64_t hole = DATA_CHUNK + 1;
	const unsigned nholes = DATA_TASKS + 10;
	const struct result_slot *s;
	struct pool *p;
	unsigned i, waits = 0;
	bool stopped;
	int r;

	(void)state;
	p = start_workers(&pc);
	assert_int_equal(pool_entry_begin(p, "h", 1), 0);
	assert_int_equal(kill(pool_worker_pid(p, 0), SIGSTOP), 0);
	stopped = true;
	assert_int_equal(pool_entry_add(p, "a b\n", 4), 4);
	for (i = 0; i < nholes; i++) {
		while ((r = pool_entry_hole(p, hole)) > 0) {
			waits++;
			if (stopped) {
				/* Every chunk is taken: the first is still
				 * the stopped worker's. */
				assert_int_equal(i, DATA_TASKS - 1);
				assert_int_equal(kill(pool_worker_pid(p, 0),
						      SIGCONT), 0);
				stopped = false;
			}
			assert_int_equal(pool_flush(p), 0);
			assert_int_equal(pool_wait(p, true), 0);
		}
		assert_int_equal(r, 0);
	}
	assert_false(stopped);
	assert_true(waits > 0);
	while (pool_entry_end(p, false) > 0) {
		assert_int_equal(pool_flush(p), 0);
		assert_int_equal(pool_wait(p, true), 0);
	}
	assert_int_equal(pool_flush(p), 0);
	while (!(s = pool_peek(p)))
		assert_int_equal(pool_wait(p, true), 0);
	assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
	assert_int_equal(s->flags, RESULT_COUNTED);
	/* "a b\n", then the holes: NUL bytes, one word, no line end. */
	assert_int_equal(s->counts.lines, 1);
	assert_int_equal(s->counts.words, 3);
	assert_int_equal(s->counts.bytes, 4 + nholes * hole);
	assert_int_equal(s->counts.chars, 4 + nholes * hole);
	assert_int_equal(s->counts.maxlen, 3);
	pool_retire(p);
	assert_true(pool_idle(p));
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
}

static void test_entries(void **state)
{
	(void)state;
	run_entries(1, -1);
	run_entries(3, -1);
}

static void test_entries_worker_killed(void **state)
{
	(void)state;
	run_entries(2, 300);
}

/*
 * Only the time beyond copying the bytes counts as waiting: a full buffer
 * read from the page cache in 60 us is fast (it made read-ahead start on
 * large cached files), 5 us for a tiny file is fast, 200 us is slow.
 */
static void test_wait_ns(void **state)
{
	(void)state;
	assert_true(readahead_wait_ns(60000, WORKER_BUFSIZE) < 50000);
	assert_int_equal(readahead_wait_ns(0, WORKER_BUFSIZE), 0);
	assert_true(readahead_wait_ns(5000, 100) <= 5000);
	assert_true(readahead_wait_ns(5000, 100) >= 4900);
	assert_true(readahead_wait_ns(200000 + 30000, WORKER_BUFSIZE) >= 50000);
	assert_true(readahead_wait_ns(250000, 4096) >= 50000);
}

/*
 * Read-ahead starts when most files wait, not when a few take long: a
 * process descheduled now and then makes a cached file take a
 * millisecond once in a while.
 */
static void test_readahead_pays(void **state)
{
	struct readahead_stats fast = { 0 }, slow = { 0 }, half = { 0 };
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		/* One file in ten takes 1 ms; the others 5 us. */
		readahead_note(&fast, i % 10 == 0 ? 1000000 : 5000, 4096);
		assert_false(readahead_pays(&fast));
		/* Full buffers from the page cache: 60 us each. */
		readahead_note(&fast, 60000, WORKER_BUFSIZE);
		assert_false(readahead_pays(&fast));
	}
	for (i = 0; i < 15; i++) {
		readahead_note(&slow, 250000, 4096);
		assert_false(readahead_pays(&slow));  /* too few yet */
	}
	readahead_note(&slow, 250000, 4096);
	assert_true(readahead_pays(&slow));
	/* Reads turn fast again: read-ahead stops within a few files. */
	for (i = 0; i < 8; i++)
		readahead_note(&slow, 5000, 4096);
	assert_false(readahead_pays(&slow));
	/* Three files in four waiting keep it on throughout. */
	for (i = 0; i < 200; i++) {
		readahead_note(&half, i % 4 ? 250000 : 5000, 4096);
		if (i >= 16)
			assert_true(readahead_pays(&half));
	}
}

static void test_missing_file(void **state)
{
	struct pool_config pc = {
		.nworkers = 2, .mode = COUNT_BYTES, .want = COUNT_WANT_ALL,
		.wake_fd = -1,
	};
	struct pool *p;
	const struct result_slot *s;
	const char *path = "/nonexistent/fstat-par/file";

	(void)state;
	p = start_workers(&pc);
	assert_int_equal(pool_submit(p, path, strlen(path)), 0);
	assert_int_equal(pool_flush(p), 0);
	while (!(s = pool_peek(p)))
		assert_int_equal(pool_wait(p, true), 0);
	assert_int_equal(slot_err(s).kind, FILE_ERR_ERRNO);
	assert_int_equal(slot_err(s).code, ENOENT);
	assert_int_equal(s->flags & RESULT_COUNTED, 0);
	pool_retire(p);
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
}

/*
 * Started with SIGCHLD ignored (inherited: main.c resets it, but the pool
 * must not rely on that), waitpid() fails, as the kernel reaps the workers
 * itself.  A file that kills two workers must still be reported with an
 * error below zero and no counts, whether it is counted whole or in
 * ranges, and never come back as a success.
 */
static void run_sigchld_ignored(uint64_t split_min)
{
	struct pool_config pc = {
		.nworkers = 2, .mode = COUNT_BYTES, .want = COUNT_WANT_ALL,
		.split_min = split_min, .wake_fd = -1,
	};
	struct pool *p;
	char path[128];
	int i, nfiles = 60;

	p = start_workers(&pc);
	for (i = 0; i < nfiles; i++) {
		const struct result_slot *s;
		int n = snprintf(path, sizeof(path), "%s/f%d", dir, i);

		assert_true(pool_can_submit(p));
		assert_int_equal(pool_submit(p, path, (size_t)n), 0);
		assert_int_equal(pool_flush(p), 0);
		while (!(s = pool_peek(p)))
			assert_int_equal(pool_wait(p, true), 0);
		if (i == 7) {
			/* f7: 112 bytes, in ranges with a split_min of 100. */
			assert_true(file_err_is_lost(slot_err(s)));
			assert_int_equal(s->flags & RESULT_COUNTED, 0);
		} else {
			assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
			assert_int_equal(s->flags, RESULT_COUNTED);
			assert_int_equal(s->counts.lines, i % 50);
		}
		pool_retire(p);
	}
	/* How the workers ended cannot be learned: that is no success. */
	assert_int_equal(pool_finish(p), -1);
	assert_true(pool_error(p)[0] != '\0');
	pool_release(p);
}

static void test_sigchld_ignored(void **state)
{
	(void)state;
	signal(SIGCHLD, SIG_IGN);
	/* Workers read it when they start: every one crashes on f7. */
	setenv("FSTAT_PAR_FAULT", "crash:f7", 1);
	run_sigchld_ignored(0);
	run_sigchld_ignored(100);
}

/* The same for an archive entry: its chunk kills two workers. */
static void test_sigchld_ignored_entries(void **state)
{
	struct pool_config pc = {
		.nworkers = 2, .mode = COUNT_BYTES, .want = COUNT_WANT_ALL,
		.wake_fd = -1, .entries = true,
	};
	struct pool *p;
	unsigned i;

	(void)state;
	signal(SIGCHLD, SIG_IGN);
	setenv("FSTAT_PAR_FAULT", "crash:@3", 1);
	p = start_workers(&pc);
	for (i = 0; i < 8; i++) {
		const struct result_slot *s;
		char name[16];
		int n;

		n = snprintf(name, sizeof(name), "e%u", i);
		assert_int_equal(pool_entry_begin(p, name, (size_t)n), 0);
		assert_int_equal(pool_entry_add(p, "a b\nc\n", 6), 6);
		assert_int_equal(pool_entry_end(p, false), 0);
		assert_int_equal(pool_flush(p), 0);
		while (!(s = pool_peek(p)))
			assert_int_equal(pool_wait(p, true), 0);
		if (i == 3) {
			assert_true(file_err_is_lost(slot_err(s)));
			assert_int_equal(s->flags & RESULT_COUNTED, 0);
		} else {
			assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
			assert_int_equal(s->flags, RESULT_COUNTED);
			assert_int_equal(s->counts.lines, 2);
		}
		pool_retire(p);
	}
	assert_int_equal(pool_finish(p), -1);
	pool_release(p);
}

/* The wait status of a child that ends by exit(CODE), or by SIG. */
static int status_of(int code, int sig)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (sig) {
			signal(sig, SIG_DFL);
			raise(sig);
		}
		_exit(code);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/* ERR is KIND with CODE, and loses the file: no row, only a report. */
static void assert_death_err(struct file_err err, int kind, int code)
{
	assert_int_equal(err.kind, kind);
	assert_int_equal(err.code, code);
	assert_true(file_err_is_lost(err));
}

/* Every ending maps to an error, never to 0, and an exit never to a
 * signal's message or the other way round. */
static void test_death_err(void **state)
{
	(void)state;
	assert_death_err(pool_death_err(true, status_of(1, 0)),
			 FILE_ERR_EXIT, 1);
	assert_death_err(pool_death_err(true, status_of(255, 0)),
			 FILE_ERR_EXIT, 255);
	assert_death_err(pool_death_err(true, status_of(0, SIGKILL)),
			 FILE_ERR_SIGNAL, SIGKILL);
	assert_death_err(pool_death_err(true, status_of(0, SIGTERM)),
			 FILE_ERR_SIGNAL, SIGTERM);
	/* Exit status 0 while holding a task, or a failed waitpid(): how it
	 * ended is unknown, which is no success either. */
	assert_death_err(pool_death_err(true, status_of(0, 0)),
			 FILE_ERR_SIGNAL, 0);
	assert_death_err(pool_death_err(false, 0), FILE_ERR_SIGNAL, 0);
	assert_death_err(pool_death_err(false, status_of(3, 0)),
			 FILE_ERR_SIGNAL, 0);
}

/*
 * With no descriptor to spare for a worker, the pool counts in the parent
 * (pool_inline.c): every kind of task gives the result a worker would,
 * ready as soon as it is submitted, in order, with its tag; nothing waits.
 */
static void test_in_parent(void **state)
{
	struct pool_config pc = {
		.nworkers = 2, .mode = COUNT_BYTES, .want = COUNT_WANT_ALL,
		.wake_fd = -1, .entries = true,
	};
	struct rlimit old, rl;
	const struct result_slot *s;
	struct pool *p;
	char path[128];
	size_t len;
	int fd, nfds = 0, i, n;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	/* Seven descriptors free below the limit: room for the files to
	 * count, none for a worker's two beside the parent's four. */
	for (fd = 0; fd - nfds < 7; fd++)
		nfds += fcntl(fd, F_GETFD) >= 0;
	rl = old;
	rl.rlim_cur = (rlim_t)fd;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	p = pool_start(&pc);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_non_null(p);
	assert_true(pool_in_parent(p));
	assert_string_equal(pool_error(p), "cannot start a worker process: "
			    "Too many open files; counting in the main "
			    "process");
	assert_int_equal(pool_worker_pid(p, 0), 0);

	/* Files, more than the ring holds: each ready at once. */
	for (i = 0; i < 5000; i++) {
		n = snprintf(path, sizeof(path), "%s/f%d", dir, i % NFILES);
		assert_true(pool_can_submit(p));
		pool_set_tag(p, 7 + (uint64_t)i);
		assert_int_equal(pool_submit(p, path, (size_t)n), 0);
		assert_int_equal(pool_flush(p), 0);
		assert_int_equal(pool_wait(p, true), 0);
		assert_non_null(s = pool_peek(p));
		assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
		assert_int_equal(s->flags, RESULT_COUNTED);
		assert_int_equal(s->counts.lines, (i % NFILES) % 50);
		assert_int_equal(s->counts.words, 3 * ((i % NFILES) % 50));
		assert_int_equal(s->counts.bytes, 16 * ((i % NFILES) % 50));
		assert_int_equal(pool_peek_tag(p), 7 + (uint64_t)i);
		assert_string_equal(pool_peek_path(p, &len), path);
		assert_int_equal(len, n);
		pool_retire(p);
		/* Idle, but the progress line still names it. */
		assert_true(pool_idle(p));
		assert_string_equal(pool_newest_path(p, &len), path);
		assert_int_equal(len, n);
	}
	/* One that is missing, an error of the source, then an entry with
	 * a hole, and one cut short: ready in order. */
	n = snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(pool_submit(p, path, (size_t)n), 0);
	assert_int_equal(pool_submit_error(p, "d", 1, EACCES), 0);
	assert_int_equal(pool_entry_begin(p, "e", 1), 0);
	assert_int_equal(pool_entry_add(p, "a b\nc\n", 6), 6);
	assert_int_equal(pool_entry_hole(p, (uint64_t)1 << 40), 0);
	assert_int_equal(pool_entry_add(p, "\n", 1), 1);
	assert_int_equal(pool_entry_end(p, false), 0);
	assert_int_equal(pool_entry_begin(p, "cut", 3), 0);
	assert_int_equal(pool_entry_add(p, "x\n", 2), 2);
	assert_int_equal(pool_entry_end(p, true), 0);
	assert_non_null(s = pool_peek(p));
	assert_int_equal(slot_err(s).kind, FILE_ERR_ERRNO);
	assert_int_equal(slot_err(s).code, ENOENT);
	assert_int_equal(s->flags & RESULT_COUNTED, 0);
	pool_retire(p);
	assert_non_null(s = pool_peek(p));
	assert_int_equal(slot_err(s).kind, FILE_ERR_ERRNO);
	assert_int_equal(slot_err(s).code, EACCES);
	assert_int_equal(s->flags, RESULT_SOURCE_ERR);
	pool_retire(p);
	assert_non_null(s = pool_peek(p));
	assert_int_equal(slot_err(s).kind, FILE_ERR_NONE);
	assert_int_equal(s->flags, RESULT_COUNTED);
	assert_int_equal(s->counts.lines, 3);
	assert_int_equal(s->counts.words, 4);
	assert_int_equal(s->counts.bytes, 7 + ((uint64_t)1 << 40));
	pool_retire(p);
	assert_non_null(s = pool_peek(p));
	assert_int_equal(s->flags, RESULT_SKIPPED);
	pool_retire(p);
	assert_true(pool_idle(p));
	assert_null(pool_peek(p));
	assert_int_equal(pool_finish(p), 0);
	pool_release(p);
}

static int restore_sigchld(void **state)
{
	(void)state;
	signal(SIGCHLD, SIG_DFL);
	unsetenv("FSTAT_PAR_FAULT");
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_worker),
		cmocka_unit_test(test_three_workers),
		cmocka_unit_test(test_worker_killed),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_io_threads),
		cmocka_unit_test(test_io_depth),
		cmocka_unit_test(test_bytes_only),
		cmocka_unit_test(test_sparse),
		cmocka_unit_test(test_wait_ns),
		cmocka_unit_test(test_readahead_pays),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_entries_worker_killed),
		cmocka_unit_test(test_entry_holes),
		cmocka_unit_test(test_entry_hole_waits),
		cmocka_unit_test(test_death_err),
		cmocka_unit_test(test_in_parent),
		cmocka_unit_test_teardown(test_sigchld_ignored,
					  restore_sigchld),
		cmocka_unit_test_teardown(test_sigchld_ignored_entries,
					  restore_sigchld),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
