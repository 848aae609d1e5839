/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for walk.c: order, types, pruning, errors, and the options:
 * depth, following symbolic links (loops, dangling links), one file
 * system.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strbuf.h"
#include "walk.h"

static char root[64];

static void put(const char *rel)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	close(fd);
}

static void dir(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static int setup(void **state)
{
	char path[256];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s;

	(void)state;
	strcpy(root, "/tmp/fstat-par-walk.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	dir("b");
	dir("b/c");
	dir("a");
	dir("empty");
	dir("skipme");
	put("z");
	put("b/c/deep");
	put("b/two");
	put("b-x");
	put("a/one");
	put("B");
	put(".hidden");
	put("skipme/inside");
	snprintf(path, sizeof(path), "%s/link", root);
	if (symlink("z", path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/dirlink", root);
	if (symlink("a", path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/fifo", root);
	if (mkfifo(path, 0644) < 0)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/sock", root);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	close(s);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx %s; rm -rf %s", root, root);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Walk ROOT_ARG with CFG (may be NULL) and join the relative paths of the
 * files with spaces into OUT, those of the loops reported into LOOPS (if
 * not NULL); count the errors in *NERR.
 */
static void collect_cfg(const char *root_arg, const struct walk_config *cfg,
			struct strbuf *out, struct strbuf *loops, int *nerr)
{
	struct walk w;
	struct walk_entry e;
	int r;

	*nerr = 0;
	assert_int_equal(walk_open(&w, root_arg, cfg), 0);
	while ((r = walk_next(&w, &e)) != 0) {
		if (r < 0 && e.loop) {
			assert_true(cfg && cfg->follow);
			assert_int_equal(e.err, ELOOP);
			assert_non_null(loops);
			assert_int_equal(strbuf_add(loops, e.rel, e.rellen), 0);
			assert_int_equal(strbuf_addch(loops, ' '), 0);
			continue;
		}
		if (r < 0) {
			(*nerr)++;
			continue;
		}
		assert_false(e.loop);
		assert_int_equal(e.pathlen, strlen(e.path));
		assert_ptr_equal(e.rel + e.rellen, e.path + e.pathlen);
		assert_int_equal(strbuf_add(out, e.rel, e.rellen), 0);
		assert_int_equal(strbuf_addch(out, ' '), 0);
	}
	walk_release(&w);
}

static void collect(const char *root_arg, walk_prune_fn *prune,
		    struct strbuf *out, int *nerr)
{
	struct walk_config cfg = { .max_depth = -1, .prune = prune };

	collect_cfg(root_arg, &cfg, out, NULL, nerr);
}

static void test_order(void **state)
{
	struct strbuf got = STRBUF_INIT;
	int nerr;

	(void)state;
	collect(root, NULL, &got, &nerr);
	assert_int_equal(nerr, 0);
	/* Byte order per directory; links, FIFO and socket skipped. */
	assert_string_equal(got.buf, ".hidden B a/one b/c/deep b/two b-x "
			    "skipme/inside z ");
	strbuf_release(&got);
}

static void test_display_path(void **state)
{
	struct walk w;
	struct walk_entry e;
	char slash[80];

	(void)state;
	snprintf(slash, sizeof(slash), "%s/", root);
	assert_int_equal(walk_open(&w, slash, NULL), 0);
	assert_int_equal(walk_next(&w, &e), 1);
	assert_string_equal(e.rel, ".hidden");
	/* One '/' between ROOT and the name, as find prints it. */
	assert_int_equal(e.pathlen, strlen(root) + 1 + strlen(".hidden"));
	walk_release(&w);
}

static bool prune_skipme(void *ctx, const char *rel, size_t len)
{
	(void)ctx;
	return len == 6 && memcmp(rel, "skipme", 6) == 0;
}

static void test_prune(void **state)
{
	struct strbuf got = STRBUF_INIT;
	int nerr;

	(void)state;
	collect(root, prune_skipme, &got, &nerr);
	assert_string_equal(got.buf, ".hidden B a/one b/c/deep b/two b-x z ");
	strbuf_release(&got);
}

static void unreadable_dir(void)
{
	struct strbuf got = STRBUF_INIT;
	char path[256];
	int nerr;

	snprintf(path, sizeof(path), "%s/b", root);
	assert_int_equal(chmod(path, 0), 0);
	collect(root, NULL, &got, &nerr);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(nerr, 1);
	assert_string_equal(got.buf, ".hidden B a/one b-x skipme/inside z ");
	strbuf_release(&got);
}

static void test_unreadable_dir(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	if (geteuid() != 0) {
		unreadable_dir();
		return;
	}
	/* Root reads everything: run the walk as nobody, in a child, which
	 * also restores the mode before it exits. */
	assert_int_equal(chmod(root, 0755), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char path[256];
		struct strbuf got = STRBUF_INIT;
		int nerr, ok;

		snprintf(path, sizeof(path), "%s/b", root);
		if (chmod(path, 0) < 0 || setgid(65534) < 0 ||
		    setuid(65534) < 0)
			_exit(2);
		collect(root, NULL, &got, &nerr);
		ok = nerr == 1 && strcmp(got.buf, ".hidden B a/one b-x "
					 "skipme/inside z ") == 0;
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	{
		char path[256];

		snprintf(path, sizeof(path), "%s/b", root);
		assert_int_equal(chmod(path, 0755), 0);
	}
}

static void test_not_a_dir(void **state)
{
	struct walk w;
	char path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/z", root);
	assert_int_equal(walk_open(&w, path, NULL), -1);
	assert_int_equal(errno, ENOTDIR);
	snprintf(path, sizeof(path), "%s/nonexistent", root);
	assert_int_equal(walk_open(&w, path, NULL), -1);
	assert_int_equal(errno, ENOENT);
}

/* The files of ROOT with CFG, as one string; no errors, no loops. */
static void expect_walk(const struct walk_config *cfg, const char *want)
{
	struct strbuf got = STRBUF_INIT;
	int nerr;

	collect_cfg(root, cfg, &got, NULL, &nerr);
	assert_int_equal(nerr, 0);
	assert_string_equal(got.buf ? got.buf : "", want);
	strbuf_release(&got);
}

/* ROOT's entries are at depth 1, as with find -maxdepth. */
static void test_max_depth(void **state)
{
	struct walk_config cfg = { .max_depth = 0 };
	struct walk w;
	struct walk_entry e;

	(void)state;
	/* 0: nothing, but ROOT must still be a directory. */
	expect_walk(&cfg, "");
	assert_int_equal(walk_open(&w, root, &cfg), 0);
	assert_int_equal(walk_next(&w, &e), 0);
	assert_int_equal(walk_next(&w, &e), 0);
	walk_release(&w);
	{
		char path[256];

		snprintf(path, sizeof(path), "%s/z", root);
		assert_int_equal(walk_open(&w, path, &cfg), -1);
		assert_int_equal(errno, ENOTDIR);
	}
	cfg.max_depth = 1;
	expect_walk(&cfg, ".hidden B b-x z ");
	cfg.max_depth = 2;
	expect_walk(&cfg, ".hidden B a/one b/two b-x skipme/inside z ");
	cfg.max_depth = 3;
	expect_walk(&cfg, ".hidden B a/one b/c/deep b/two b-x "
		    "skipme/inside z ");
	cfg.max_depth = 1000000;
	expect_walk(&cfg, ".hidden B a/one b/c/deep b/two b-x "
		    "skipme/inside z ");
	cfg.max_depth = -1;
	expect_walk(&cfg, ".hidden B a/one b/c/deep b/two b-x "
		    "skipme/inside z ");
}

static int pruned;

/* Counts the directories it is asked about; prunes none. */
static bool prune_count(void *ctx, const char *rel, size_t len)
{
	(void)ctx;
	(void)rel;
	(void)len;
	pruned++;
	return false;
}

/* Directories at the depth limit are not even offered to PRUNE. */
static void test_depth_before_prune(void **state)
{
	struct walk_config cfg = { .max_depth = 1, .prune = prune_count };

	(void)state;
	pruned = 0;
	expect_walk(&cfg, ".hidden B b-x z ");
	assert_int_equal(pruned, 0);
	cfg.max_depth = 2;
	expect_walk(&cfg, ".hidden B a/one b/two b-x skipme/inside z ");
	assert_int_equal(pruned, 4);	/* a b empty skipme */
}

/* The fixture's links, followed: link -> z, dirlink -> a. */
static void test_follow_simple(void **state)
{
	struct walk_config cfg = { .max_depth = -1, .follow = true };

	(void)state;
	expect_walk(&cfg, ".hidden B a/one b/c/deep b/two b-x dirlink/one "
		    "link skipme/inside z ");
	cfg.max_depth = 1;
	expect_walk(&cfg, ".hidden B b-x link z ");
}

/* Make a tree of links under a fresh directory of its own. */
static void make_link_tree(char *top, size_t size)
{
	static const char *const links[][2] = {
		{ "d/e/up", ".." },		/* loop to d */
		{ "d/e/self", "../.." },	/* loop to the top */
		{ "lf", "f" },			/* link to a file */
		{ "ld", "d" },			/* link to a directory */
		{ "dang", "nowhere" },		/* dangling */
		{ "selfl", "selfl" },		/* never ends */
		{ "lfifo", "fifo" },		/* to a FIFO */
		{ "chain", "lf" },		/* link to a link to a file */
	};
	char path[300];
	size_t i;
	int fd;

	snprintf(top, size, "%s/links", root);
	assert_int_equal(mkdir(top, 0755), 0);
	snprintf(path, sizeof(path), "%s/d", top);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/d/e", top);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/d/g", top);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/f", top);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/fifo", top);
	assert_int_equal(mkfifo(path, 0644), 0);
	for (i = 0; i < ARRAY_SIZE(links); i++) {
		snprintf(path, sizeof(path), "%s/%s", top, links[i][0]);
		assert_int_equal(symlink(links[i][1], path), 0);
	}
}

static void remove_tree(const char *top)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
}

/*
 * Loops: each link back to an ancestor is reported once, where the walk
 * meets it, and not entered; dangling links, endless chains and links to
 * FIFOs are skipped silently; the walk finishes.
 */
static void test_follow_loops(void **state)
{
	struct walk_config cfg = { .max_depth = -1, .follow = true };
	struct strbuf got = STRBUF_INIT, loops = STRBUF_INIT;
	char top[256];
	int nerr;

	(void)state;
	make_link_tree(top, sizeof(top));
	collect_cfg(top, &cfg, &got, &loops, &nerr);
	assert_int_equal(nerr, 0);
	assert_string_equal(got.buf, "chain d/g f ld/g lf ");
	assert_string_equal(loops.buf, "d/e/self d/e/up ld/e/self ld/e/up ");
	strbuf_release(&got);
	strbuf_release(&loops);

	/* Not following: only the real files, and no loop. */
	cfg.follow = false;
	collect_cfg(top, &cfg, &got, &loops, &nerr);
	assert_int_equal(nerr, 0);
	assert_string_equal(got.buf, "d/g f ");
	assert_null(loops.buf);
	strbuf_release(&got);

	/* A depth limit stops before the loops. */
	cfg.follow = true;
	cfg.max_depth = 2;
	collect_cfg(top, &cfg, &got, &loops, &nerr);
	assert_string_equal(got.buf, "chain d/g f ld/g lf ");
	assert_null(loops.buf);
	strbuf_release(&got);

	/* With xdev too (one file system here): the same loops. */
	cfg.max_depth = -1;
	cfg.xdev = true;
	collect_cfg(top, &cfg, &got, &loops, &nerr);
	assert_string_equal(got.buf, "chain d/g f ld/g lf ");
	assert_string_equal(loops.buf, "d/e/self d/e/up ld/e/self ld/e/up ");
	strbuf_release(&got);
	strbuf_release(&loops);
	remove_tree(top);
}

/*
 * A link as ROOT is followed with or without follow.  Here the loop is
 * closed by a real directory (ROOT itself, reached again through
 * e/self, a link to ROOT's parent): found where the walk comes back, as
 * find -L finds it.
 */
static void test_follow_root_link(void **state)
{
	struct walk_config cfg = { .max_depth = -1, .follow = true };
	struct strbuf got = STRBUF_INIT, loops = STRBUF_INIT;
	char top[256], via[300];
	int nerr;

	(void)state;
	make_link_tree(top, sizeof(top));
	snprintf(via, sizeof(via), "%s/ld", top);
	collect_cfg(via, &cfg, &got, &loops, &nerr);
	assert_int_equal(nerr, 0);
	assert_string_equal(got.buf, "e/self/chain e/self/f e/self/lf g ");
	assert_string_equal(loops.buf, "e/self/d e/self/ld e/up ");
	strbuf_release(&got);
	strbuf_release(&loops);
	remove_tree(top);
}

/*
 * --xdev, where this machine allows a check: "/" and "/proc" on
 * different file systems.  Without xdev, /proc's files at depth 2 show
 * up; with it, none.
 */
static void test_xdev(void **state)
{
	struct walk_config cfg = { .max_depth = 2 };
	struct stat r, p;
	int pass;

	(void)state;
	if (stat("/", &r) < 0 || stat("/proc/self", &p) < 0 ||
	    r.st_dev == p.st_dev || access("/proc/version", R_OK) < 0) {
		skip();
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		struct walk w;
		struct walk_entry e;
		bool in_proc = false;
		int rc;

		cfg.xdev = pass == 1;
		assert_int_equal(walk_open(&w, "/", &cfg), 0);
		while ((rc = walk_next(&w, &e)) != 0)
			if (rc > 0 && strncmp(e.rel, "proc/", 5) == 0)
				in_proc = true;
		walk_release(&w);
		assert_int_equal(in_proc, !cfg.xdev);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_display_path),
		cmocka_unit_test(test_prune),
		cmocka_unit_test(test_unreadable_dir),
		cmocka_unit_test(test_not_a_dir),
		cmocka_unit_test(test_max_depth),
		cmocka_unit_test(test_depth_before_prune),
		cmocka_unit_test(test_follow_simple),
		cmocka_unit_test(test_follow_loops),
		cmocka_unit_test(test_follow_root_link),
		cmocka_unit_test(test_xdev),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
