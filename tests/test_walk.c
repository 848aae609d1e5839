/* Unit tests for walk.c: order, types, pruning, errors. */
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

/* Walk ROOT_ARG and join the relative paths of the files with spaces. */
static void collect(const char *root_arg, walk_prune_fn *prune,
		    struct strbuf *out, int *nerr)
{
	struct walk w;
	struct walk_entry e;
	int r;

	*nerr = 0;
	assert_int_equal(walk_open(&w, root_arg), 0);
	w.prune = prune;
	while ((r = walk_next(&w, &e)) != 0) {
		if (r < 0) {
			(*nerr)++;
			continue;
		}
		assert_int_equal(e.pathlen, strlen(e.path));
		assert_ptr_equal(e.rel + e.rellen, e.path + e.pathlen);
		assert_int_equal(strbuf_add(out, e.rel, e.rellen), 0);
		assert_int_equal(strbuf_addch(out, ' '), 0);
	}
	walk_release(&w);
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
	assert_int_equal(walk_open(&w, slash), 0);
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
	assert_int_equal(walk_open(&w, path), -1);
	assert_int_equal(errno, ENOTDIR);
	snprintf(path, sizeof(path), "%s/nonexistent", root);
	assert_int_equal(walk_open(&w, path), -1);
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_display_path),
		cmocka_unit_test(test_prune),
		cmocka_unit_test(test_unreadable_dir),
		cmocka_unit_test(test_not_a_dir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
