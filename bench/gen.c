/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen.c - generate the benchmark corpora, deterministically and fast.
 *
 *   gen text  FILE BYTES SEED   one text file of exactly BYTES bytes
 *   gen tree  DIR  NFILES SEED  NFILES text files of mixed sizes in nested
 *                               directories (a synthetic source tree)
 *   gen empty DIR  NFILES       NFILES empty files, 1000 per directory
 *   gen small DIR  NFILES SEED  NFILES small text files (0-2 KiB), 1000 per
 *                               directory (the scaling corpora)
 *
 * The same arguments give the same bytes on every machine: all choices come
 * from a seeded xoshiro256** generator, never from the clock.  Content is
 * cut from a 16 MiB pool of source-like text (indented lines of identifiers,
 * keywords, punctuation and comments, blank lines, rare long lines, and
 * about one line in 200 with UTF-8 text), always starting at a line start
 * and ending with a newline, so writing a corpus costs little more than the
 * write(2) calls.
 *
 * Sizes in "tree" are log-uniform within three bands: 92% 1-20 KiB, 7.5%
 * 20-100 KiB, 0.5% 100 KiB-1 MiB (mean about 12 KiB).  Directories form
 * an 8-ary tree with about 40 files each, so 100k files sit in about 2500
 * directories up to 5 levels deep.
 *
 * DIR must not exist yet (bench/run removes a stale corpus first); a
 * failure ends the program with a message and exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define POOL_SIZE ((size_t)16 << 20)
#define FILES_PER_DIR 40
#define FANOUT 8

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform in [0, n). */
static uint64_t rng_below(struct rng *r, uint64_t n)
{
	return n ? rng_next(r) % n : 0;
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Log-uniform in [lo, hi). */
static size_t rng_logu(struct rng *r, double lo, double hi)
{
	return (size_t)exp(log(lo) + rng_unit(r) * (log(hi) - log(lo)));
}

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "gen: %s%s%s: %s\n", what, arg ? " " : "",
		arg ? arg : "", strerror(errno));
	exit(1);
}

static const char *const words[] = {
	"int", "char", "void", "return", "if", "else", "for", "while",
	"static", "const", "struct", "unsigned", "size_t", "NULL", "break",
	"buf", "len", "ptr", "count", "state", "node", "next", "prev", "data",
	"value", "result", "error", "flags", "index", "offset", "table",
	"read_block", "write_all", "hash_insert", "list_free", "strbuf_add",
	"the", "a", "of", "to", "and", "is", "in", "that", "this", "when",
	"file", "line", "word", "byte", "count", "worker", "parent", "slot",
	"=", "==", "!=", "+=", "->", "&&", "||", "(", ")", "{", "}", ";",
	"0", "1", "42", "0x7f", "4096", "i", "j", "n", "x", "y",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static const char *const utf8_words[] = {
	"caf\xc3\xa9", "na\xc3\xafve", "\xc3\xbc" "ber", "gr\xc3\xb6\xc3\x9f" "e",
	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x82",
	"\xe2\x9c\x93", "\xe2\x80\x94", "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
	"\xf0\x9f\x99\x82",
};
#define NUTF8 (sizeof(utf8_words) / sizeof(utf8_words[0]))

struct pool {
	char *buf;
	size_t len;
};

static size_t put(char *dst, size_t at, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (at + n > cap)
		n = cap - at;
	memcpy(dst + at, s, n);
	return at + n;
}

/* Fill the pool with source-like lines; it always ends with '\n'. */
static void pool_fill(struct pool *p, uint64_t seed)
{
	struct rng r;
	size_t at = 0, cap = POOL_SIZE;
	int depth = 0;

	rng_seed(&r, seed ^ 0x706f6f6cu);
	p->buf = malloc(cap);
	if (!p->buf)
		die("malloc", NULL);
	while (at + 2048 < cap) {
		uint64_t kind = rng_below(&r, 1000);
		size_t target, start = at;

		if (kind < 150) {               /* blank line */
			p->buf[at++] = '\n';
			continue;
		}
		/* Indentation follows a random walk, as in code. */
		if (rng_below(&r, 4) == 0 && depth > 0)
			depth--;
		else if (rng_below(&r, 5) == 0 && depth < 5)
			depth++;
		for (int d = 0; d < depth; d++)
			at = put(p->buf, at, cap, rng_below(&r, 3) ? "\t" : "    ");
		if (kind < 250)
			at = put(p->buf, at, cap, "/* ");
		else if (kind < 280)
			at = put(p->buf, at, cap, " * ");
		target = kind < 998 ? 8 + rng_below(&r, 72) : 200 + rng_below(&r, 800);
		while (at - start < target) {
			const char *w = words[rng_below(&r, NWORDS)];

			if (rng_below(&r, 200) == 0)
				w = utf8_words[rng_below(&r, NUTF8)];
			at = put(p->buf, at, cap, w);
			p->buf[at++] = ' ';
		}
		if (kind < 250)
			at = put(p->buf, at, cap, "*/");
		p->buf[at++] = '\n';
	}
	p->len = at;
}

/* Write LEN bytes of pool text to FD in pieces that each start at a random
 * line start; unless EXACT, the last piece runs on to its end of line, so
 * the text ends with a newline and LEN is a lower bound. */
static void write_text(int fd, const struct pool *p, struct rng *r, size_t len,
		       int exact, const char *name)
{
	while (len > 0) {
		size_t off = rng_below(r, p->len);
		char *nl = memchr(p->buf + off, '\n', p->len - off);
		size_t n;

		off = nl ? (size_t)(nl - p->buf) + 1 : 0;
		if (off >= p->len)
			off = 0;
		n = p->len - off;
		if (n >= len) {
			n = len;
			if (!exact) {   /* the pool ends with '\n' */
				char *e = memchr(p->buf + off + n - 1, '\n',
						 p->len - (off + n - 1));
				n = (size_t)(e - (p->buf + off)) + 1;
			}
		}
		for (size_t done = 0; done < n;) {
			ssize_t w = write(fd, p->buf + off + done, n - done);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				die("write", name);
			}
			done += (size_t)w;
		}
		len = n >= len ? 0 : len - n;
	}
}

static void mkdir_or_die(const char *path)
{
	if (mkdir(path, 0755) < 0)
		die("mkdir", path);
}

static int create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		die("create", path);
	return fd;
}

static void close_or_die(int fd, const char *path)
{
	if (close(fd) < 0)
		die("close", path);
}

static const char *const exts[] = { "c", "h", "c", "h", "txt", "md", "py",
				    "rs", "json", "sh" };
static const char *const dirnames[] = { "core", "net", "util", "fs", "io",
					"lib", "drivers", "include", "test",
					"doc", "kernel", "mm", "crypto", "sound" };

static char **make_dirs(const char *root, size_t ndirs)
{
	char **dirs = calloc(ndirs, sizeof(*dirs));

	if (!dirs)
		die("calloc", NULL);
	mkdir_or_die(root);
	dirs[0] = strdup(root);
	for (size_t k = 1; k < ndirs; k++) {
		size_t parent = (k - 1) / FANOUT;

		if (asprintf(&dirs[k], "%s/%s%zu", dirs[parent],
			     dirnames[k % (sizeof(dirnames) / sizeof(dirnames[0]))],
			     k) < 0)
			die("asprintf", NULL);
		mkdir_or_die(dirs[k]);
	}
	return dirs;
}

static size_t tree_size(struct rng *r)
{
	uint64_t band = rng_below(r, 1000);

	if (band < 920)
		return rng_logu(r, 1024, 20 * 1024);
	if (band < 995)
		return rng_logu(r, 20 * 1024, 100 * 1024);
	return rng_logu(r, 100 * 1024, 1024 * 1024);
}

static void gen_tree(const char *root, size_t nfiles, uint64_t seed, int small)
{
	struct pool p;
	struct rng r;
	size_t ndirs = small ? (nfiles + 999) / 1000 :
		       (nfiles + FILES_PER_DIR - 1) / FILES_PER_DIR;
	char **dirs;
	char *path = NULL;

	if (ndirs == 0)
		ndirs = 1;
	pool_fill(&p, seed);
	rng_seed(&r, seed);
	if (small) {
		/* Flat: ROOT/sSEED_K/ holds files K*1000 .. K*1000+999.  The
		 * seed in the name lets several calls share one ROOT. */
		struct stat st;

		if (stat(root, &st) < 0)
			mkdir_or_die(root);
		dirs = calloc(ndirs, sizeof(*dirs));
		if (!dirs)
			die("calloc", NULL);
		for (size_t k = 0; k < ndirs; k++) {
			if (asprintf(&dirs[k], "%s/s%llu_%zu", root,
				     (unsigned long long)seed, k) < 0)
				die("asprintf", NULL);
			mkdir_or_die(dirs[k]);
		}
	} else {
		dirs = make_dirs(root, ndirs);
	}
	for (size_t i = 0; i < nfiles; i++) {
		size_t d = small ? i / 1000 : rng_below(&r, ndirs);
		size_t len = small ? rng_below(&r, 2048) : tree_size(&r);
		const char *ext = exts[rng_below(&r, sizeof(exts) / sizeof(exts[0]))];
		int fd;

		free(path);
		if (asprintf(&path, "%s/%s_%zu.%s", dirs[d],
			     words[15 + rng_below(&r, 21)], i, ext) < 0)
			die("asprintf", NULL);
		fd = create(path);
		if (len > 0)
			write_text(fd, &p, &r, len, 0, path);
		close_or_die(fd, path);
	}
	free(path);
	for (size_t k = 0; k < ndirs; k++)
		free(dirs[k]);
	free(dirs);
	free(p.buf);
}

static void gen_empty(const char *root, size_t nfiles)
{
	char *dir = NULL, *path = NULL;

	mkdir_or_die(root);
	for (size_t i = 0; i < nfiles; i++) {
		if (i % 1000 == 0) {
			free(dir);
			if (asprintf(&dir, "%s/e%zu", root, i / 1000) < 0)
				die("asprintf", NULL);
			mkdir_or_die(dir);
		}
		free(path);
		if (asprintf(&path, "%s/empty_%zu", dir, i) < 0)
			die("asprintf", NULL);
		close_or_die(create(path), path);
	}
	free(dir);
	free(path);
}

static void gen_text(const char *file, size_t bytes, uint64_t seed)
{
	struct pool p;
	struct rng r;
	int fd;

	pool_fill(&p, seed);
	rng_seed(&r, seed);
	fd = create(file);
	/* 1 MiB pieces from random line starts, so the file is not periodic;
	 * the last piece is cut to make the size exact. */
	while (bytes > 0) {
		size_t n = bytes < ((size_t)1 << 20) ? bytes : (size_t)1 << 20;

		write_text(fd, &p, &r, n, 1, file);
		bytes -= n;
	}
	close_or_die(fd, file);
	free(p.buf);
}

static size_t num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end) {
		fprintf(stderr, "gen: not a number: %s\n", s);
		exit(2);
	}
	return (size_t)v;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "text"))
		gen_text(argv[2], num(argv[3]), num(argv[4]));
	else if (argc == 5 && !strcmp(argv[1], "tree"))
		gen_tree(argv[2], num(argv[3]), num(argv[4]), 0);
	else if (argc == 5 && !strcmp(argv[1], "small"))
		gen_tree(argv[2], num(argv[3]), num(argv[4]), 1);
	else if (argc == 4 && !strcmp(argv[1], "empty"))
		gen_empty(argv[2], num(argv[3]));
	else {
		fprintf(stderr,
			"usage: gen text FILE BYTES SEED\n"
			"       gen tree DIR NFILES SEED\n"
			"       gen small DIR NFILES SEED\n"
			"       gen empty DIR NFILES\n");
		return 2;
	}
	return 0;
}
