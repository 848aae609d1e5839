/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * readfloor.c - the read floor: the least work any tool that counts the
 * lines and words of every file under a tree must do.
 *
 *   readfloor [-j N] ROOT...
 *
 * prints "LINES WORDS BYTES FILES" for the regular files under each ROOT
 * (a directory, walked recursively, or a single file), so that bench/run
 * can check its line total against the other contenders'.
 *
 * Fairness.  fstat-par walks the tree itself, so the floor walks too: the
 * main thread walks with openat/fdopendir, learning types from d_type
 * (fstatat only for DT_UNKNOWN, symbolic links not followed), and queues
 * (directory handle, name) pairs; N counting threads open each file
 * relative to its directory's descriptor (O_NOFOLLOW, O_NOATIME where
 * allowed), fstat it, read it with a 128 KiB buffer, count '\n' and ASCII
 * words, and close it.  There is no sorting, no per-file output and no
 * ordering: only what cannot be avoided.  A file of at least SPLIT bytes
 * (8 MiB) is cut into 4 MiB chunks that all threads count with pread, as
 * fstat-par's split of big files across workers would.
 *
 * Words are runs of bytes other than ' ', '\t', '\n', '\v', '\f', '\r' (GNU
 * wc in the C locale), counted 64 bytes at a time from AVX-512, AVX2 or
 * SSE2 masks, the widest the compiler targets (bench/run builds it with
 * -march=native), else one byte at a time.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__AVX512BW__) || defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#define BUFSIZE (128 * 1024)
#define SPLIT ((off_t)8 << 20)
#define CHUNK ((off_t)4 << 20)
#define BATCH 32                /* files handed over at once */
#define QCAP 128                /* queued batches: bounds the open dirs */

struct dirref {
	int fd;
	atomic_int refs;
};

struct item {
	struct dirref *dir;     /* NULL: name is relative to the cwd */
	const char *name;       /* in the batch's arena */
};

/* Files travel in batches, so the locks are taken once per BATCH files;
 * the arena holds their names (NAME_MAX + 1 each at most). */
struct batch {
	int n;
	size_t used;
	struct item it[BATCH];
	char arena[BATCH * 256];
};

struct bigfile {
	int fd;
	off_t size;
	atomic_int left;        /* chunks not yet counted */
};

struct chunk {
	struct bigfile *file;
	off_t off, len;
	struct chunk *next;
};

struct totals {
	uint64_t lines, words, bytes, files;
};

struct floor {
	pthread_mutex_t lock;
	pthread_cond_t nonempty, nonfull;
	struct batch *q[QCAP];
	size_t head, len;
	struct chunk *chunks;   /* counted before any queued file */
	int done;               /* the walk has finished */
	int nthreads;
	struct batch *cur;      /* the walker's batch being filled */
	struct totals sum;      /* each thread adds its own once, at its end */
	int errors;
};

/* Whitespace of the C locale, as GNU wc sees it. */
static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

struct count {
	uint64_t lines, words;
	int prev_space;         /* the byte before was space (or none) */
};

static void count_scalar(struct count *c, const unsigned char *p, size_t n)
{
	int prev = c->prev_space;

	for (size_t i = 0; i < n; i++) {
		int sp = is_space(p[i]);

		c->lines += p[i] == '\n';
		c->words += (uint64_t)(prev & !sp);
		prev = sp;
	}
	c->prev_space = prev;
}

#if defined(__AVX512BW__)
/* The space and newline masks of the 64 bytes at P. */
static void masks64(const unsigned char *p, uint64_t *sp, uint64_t *nl)
{
	__m512i v = _mm512_loadu_si512((const void *)p);
	/* v - '\t' <= 4 unsigned: '\t' .. '\r' */
	__m512i t = _mm512_sub_epi8(v, _mm512_set1_epi8('\t'));

	*sp = _mm512_cmple_epu8_mask(t, _mm512_set1_epi8(4)) |
	      _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(' '));
	*nl = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
}
#elif defined(__AVX2__)
static void masks64(const unsigned char *p, uint64_t *sp, uint64_t *nl)
{
	*sp = *nl = 0;
	for (int k = 0; k < 2; k++) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(p + 32 * k));
		__m256i t = _mm256_sub_epi8(v, _mm256_set1_epi8('\t'));
		__m256i ctl = _mm256_cmpeq_epi8(_mm256_min_epu8(t,
					_mm256_set1_epi8(4)), t);
		__m256i s = _mm256_or_si256(ctl, _mm256_cmpeq_epi8(v,
					_mm256_set1_epi8(' ')));
		__m256i l = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'));

		*sp |= (uint64_t)(uint32_t)_mm256_movemask_epi8(s) << (32 * k);
		*nl |= (uint64_t)(uint32_t)_mm256_movemask_epi8(l) << (32 * k);
	}
}
#elif defined(__SSE2__)
static void masks64(const unsigned char *p, uint64_t *sp, uint64_t *nl)
{
	*sp = *nl = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
		__m128i t = _mm_sub_epi8(v, _mm_set1_epi8('\t'));
		__m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(t,
					_mm_set1_epi8(4)), t);
		__m128i s = _mm_or_si128(ctl, _mm_cmpeq_epi8(v,
					_mm_set1_epi8(' ')));
		__m128i l = _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));

		*sp |= (uint64_t)(unsigned)_mm_movemask_epi8(s) << (16 * k);
		*nl |= (uint64_t)(unsigned)_mm_movemask_epi8(l) << (16 * k);
	}
}
#endif

#if defined(__AVX512BW__) || defined(__AVX2__) || defined(__SSE2__)
static void count_buf(struct count *c, const unsigned char *p, size_t n)
{
	uint64_t prev = (uint64_t)c->prev_space;
	size_t i = 0;

	for (; i + 64 <= n; i += 64) {
		uint64_t sp, nl;

		masks64(p + i, &sp, &nl);
		/* A word starts at a non-space byte after a space. */
		c->words += (uint64_t)__builtin_popcountll(~sp & ((sp << 1) | prev));
		c->lines += (uint64_t)__builtin_popcountll(nl);
		prev = sp >> 63;
	}
	c->prev_space = (int)prev;
	count_scalar(c, p + i, n - i);
}
#else
static void count_buf(struct count *c, const unsigned char *p, size_t n)
{
	count_scalar(c, p, n);
}
#endif

static void add(struct totals *t, const struct count *c, uint64_t bytes,
		uint64_t files)
{
	t->lines += c->lines;
	t->words += c->words;
	t->bytes += bytes;
	t->files += files;
}

static void dir_put(struct dirref *d)
{
	if (d && atomic_fetch_sub(&d->refs, 1) == 1) {
		close(d->fd);
		free(d);
	}
}

static void warn(struct floor *f, const char *what, const char *name)
{
	fprintf(stderr, "readfloor: %s %s: %s\n", what, name, strerror(errno));
	pthread_mutex_lock(&f->lock);
	f->errors = 1;
	pthread_mutex_unlock(&f->lock);
}

static void count_chunk(struct totals *t, struct chunk *ch, unsigned char *buf)
{
	struct bigfile *b = ch->file;
	struct count c = { 0, 0, 1 };
	off_t off = ch->off, end = ch->off + ch->len;
	unsigned char before;

	/* The byte before the chunk says whether it starts inside a word. */
	if (off > 0 && pread(b->fd, &before, 1, off - 1) == 1)
		c.prev_space = is_space(before);
	while (off < end) {
		size_t want = end - off < BUFSIZE ? (size_t)(end - off) : BUFSIZE;
		ssize_t n = pread(b->fd, buf, want, off);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break;
		}
		count_buf(&c, buf, (size_t)n);
		off += n;
	}
	add(t, &c, (uint64_t)(off - ch->off), 0);
	if (atomic_fetch_sub(&b->left, 1) == 1) {
		close(b->fd);
		free(b);
	}
	free(ch);
}

/* Queue the chunks of a big file ahead of every queued file. */
static void split(struct floor *f, struct totals *t, int fd, off_t size)
{
	struct bigfile *b = malloc(sizeof(*b));
	int n = (int)((size + CHUNK - 1) / CHUNK);

	if (!b)
		abort();
	b->fd = fd;
	b->size = size;
	atomic_init(&b->left, n);
	pthread_mutex_lock(&f->lock);
	for (int k = n - 1; k >= 0; k--) {
		struct chunk *ch = malloc(sizeof(*ch));

		if (!ch)
			abort();
		ch->file = b;
		ch->off = (off_t)k * CHUNK;
		ch->len = size - ch->off < CHUNK ? size - ch->off : CHUNK;
		ch->next = f->chunks;
		f->chunks = ch;
	}
	t->files++;
	pthread_cond_broadcast(&f->nonempty);
	pthread_mutex_unlock(&f->lock);
}

static void count_file(struct floor *f, struct totals *t, struct item *it,
		       unsigned char *buf)
{
	int dfd = it->dir ? it->dir->fd : AT_FDCWD;
	int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
	struct count c = { 0, 0, 1 };
	uint64_t bytes = 0;
	struct stat st;
	int fd = openat(dfd, it->name, flags | O_NOATIME);

	if (fd < 0 && errno == EPERM)
		fd = openat(dfd, it->name, flags);
	if (fd < 0) {
		warn(f, "open", it->name);
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		goto out;
	}
	if (f->nthreads > 1 && st.st_size >= SPLIT) {
		split(f, t, fd, st.st_size);
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, buf, BUFSIZE);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				warn(f, "read", it->name);
			break;
		}
		count_buf(&c, buf, (size_t)n);
		bytes += (uint64_t)n;
	}
	close(fd);
	add(t, &c, bytes, 1);
out:
	dir_put(it->dir);
}

static void *counter(void *arg)
{
	struct floor *f = arg;
	unsigned char *buf = aligned_alloc(4096, BUFSIZE);
	struct totals t = { 0, 0, 0, 0 };

	if (!buf)
		abort();
	for (;;) {
		struct batch *b;
		struct chunk *ch;

		pthread_mutex_lock(&f->lock);
		while (!f->chunks && f->len == 0 && !f->done)
			pthread_cond_wait(&f->nonempty, &f->lock);
		if ((ch = f->chunks) != NULL) {
			f->chunks = ch->next;
			pthread_mutex_unlock(&f->lock);
			count_chunk(&t, ch, buf);
			continue;
		}
		if (f->len == 0) {      /* done, and nothing left */
			pthread_mutex_unlock(&f->lock);
			break;
		}
		b = f->q[f->head];
		f->head = (f->head + 1) % QCAP;
		if (f->len-- == QCAP)
			pthread_cond_signal(&f->nonfull);
		pthread_mutex_unlock(&f->lock);
		for (int i = 0; i < b->n; i++)
			count_file(f, &t, &b->it[i], buf);
		free(b);
	}
	pthread_mutex_lock(&f->lock);
	f->sum.lines += t.lines;
	f->sum.words += t.words;
	f->sum.bytes += t.bytes;
	f->sum.files += t.files;
	pthread_mutex_unlock(&f->lock);
	free(buf);
	return NULL;
}

/* Hand the walker's batch to the counting threads. */
static void flush(struct floor *f)
{
	struct batch *b = f->cur;

	if (!b || b->n == 0)
		return;
	f->cur = NULL;
	pthread_mutex_lock(&f->lock);
	while (f->len == QCAP)
		pthread_cond_wait(&f->nonfull, &f->lock);
	f->q[(f->head + f->len) % QCAP] = b;
	f->len++;
	/* Every time: a waiter that another push did not wake must not sleep
	 * on while there is work (cheap when nobody waits). */
	pthread_cond_signal(&f->nonempty);
	pthread_mutex_unlock(&f->lock);
}

static void push(struct floor *f, struct dirref *d, const char *name)
{
	size_t len = strlen(name) + 1;
	struct batch *b = f->cur;

	if (!b) {
		b = f->cur = malloc(sizeof(*b));
		if (!b)
			abort();
		b->n = 0;
		b->used = 0;
	}
	if (d)
		atomic_fetch_add(&d->refs, 1);
	memcpy(b->arena + b->used, name, len);
	b->it[b->n++] = (struct item){ d, b->arena + b->used };
	b->used += len;
	if (b->n == BATCH || b->used + 256 > sizeof(b->arena))
		flush(f);
}

/* Walk the directory FD (which this takes over), named PATH for messages. */
static void walk(struct floor *f, int fd, const char *path)
{
	struct dirref *d = malloc(sizeof(*d));
	int dupfd = dup(fd);
	DIR *dir = dupfd < 0 ? NULL : fdopendir(dupfd);
	struct dirent *e;

	if (!d)
		abort();
	d->fd = fd;
	atomic_init(&d->refs, 1);
	if (!dir) {
		warn(f, "opendir", path);
		if (dupfd >= 0)
			close(dupfd);
		dir_put(d);
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		unsigned char type = e->d_type;

		if (e->d_name[0] == '.' && (!e->d_name[1] ||
		    (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		if (type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR :
			       S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type == DT_REG) {
			push(f, d, e->d_name);
		} else if (type == DT_DIR) {
			int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY |
					 O_NOFOLLOW | O_CLOEXEC);

			if (sub < 0)
				warn(f, "open", e->d_name);
			else
				walk(f, sub, e->d_name);
		}
	}
	closedir(dir);
	dir_put(d);
}

int main(int argc, char **argv)
{
	static struct floor f;  /* the queue is large: not on the stack */
	struct rlimit rl;
	pthread_t *tids;
	int opt, n = 1;

	while ((opt = getopt(argc, argv, "j:")) != -1) {
		if (opt == 'j' && atoi(optarg) > 0) {
			n = atoi(optarg);
		} else {
			fprintf(stderr, "usage: readfloor [-j N] ROOT...\n");
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "usage: readfloor [-j N] ROOT...\n");
		return 2;
	}
	/* Queued files hold their directory open: allow enough descriptors. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	pthread_mutex_init(&f.lock, NULL);
	pthread_cond_init(&f.nonempty, NULL);
	pthread_cond_init(&f.nonfull, NULL);
	f.nthreads = n;
	tids = calloc((size_t)n, sizeof(*tids));
	if (!tids)
		abort();
	for (int i = 0; i < n; i++)
		if (pthread_create(&tids[i], NULL, counter, &f) != 0) {
			fprintf(stderr, "readfloor: cannot start threads\n");
			return 2;
		}
	for (int i = optind; i < argc; i++) {
		struct stat st;
		int fd;

		if (lstat(argv[i], &st) < 0) {
			warn(&f, "stat", argv[i]);
		} else if (S_ISREG(st.st_mode)) {
			push(&f, NULL, argv[i]);
		} else if (S_ISDIR(st.st_mode)) {
			fd = open(argv[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0)
				warn(&f, "open", argv[i]);
			else
				walk(&f, fd, argv[i]);
		}
	}
	flush(&f);
	pthread_mutex_lock(&f.lock);
	f.done = 1;
	pthread_cond_broadcast(&f.nonempty);
	pthread_mutex_unlock(&f.lock);
	for (int i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	printf("%llu %llu %llu %llu\n", (unsigned long long)f.sum.lines,
	       (unsigned long long)f.sum.words, (unsigned long long)f.sum.bytes,
	       (unsigned long long)f.sum.files);
	free(tids);
	return f.errors ? 1 : 0;
}
