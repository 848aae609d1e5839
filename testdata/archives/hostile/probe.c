/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * probe.c - print what libarchive returns for an input, call by call.
 *
 * A developer tool, not part of fstat-par (nothing builds or installs it):
 *
 *     cc -O2 -o probe testdata/archives/hostile/probe.c -larchive
 *     LC_ALL=C ./probe FILE          archive_read_open_filename(FILE, 10240)
 *     LC_ALL=C ./probe - <FILE       archive_read_open_fd(0, 10240)
 *     LC_ALL=C ./probe -c FILE       own callbacks: read, skip and seek on
 *                                    the file, each counted
 *     LC_ALL=C ./probe -s FILE|-     own read callback only (what fstat-par
 *                                    does on standard input), counted
 *
 * Enables what fstat-par enables: formats tar, cpio, zip, 7zip, iso9660,
 * ar; filters gzip, bzip2, xz, lzma, zstd, lz4, compress, uu.  Prints
 * every archive_read_next_header() and archive_read_data_block() return
 * code by name with archive_errno() and archive_error_string(), each
 * entry's names, type and size, each block's offset and size (the first
 * -b N blocks of an entry, 8 by default; then a summary), the bytes,
 * lines and words (as LC_ALL=C wc) an entry gave, and at the end the
 * filter stack with archive_filter_bytes().  -t SEC stops the run after
 * SEC seconds (SIGALRM), -h N after N headers (-o OPTS passes OPTS to
 * archive_read_set_options(), e.g. -o 'iso9660:!rockridge'); both print the counters
 * (callback calls, filter bytes, CPU time, max RSS) first, so a loop can
 * be measured.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct archive *A;
static int fd = -1;
static unsigned char rbuf[65536];
static unsigned long n_read, n_skip, n_seek, n_open, n_close;
static long long read_bytes, skip_bytes;
static int mode;                        /* 0 filename/fd, 'c', 's' */
static struct timespec t0;

static const char *rname(int r)
{
	switch (r) {
	case ARCHIVE_EOF: return "EOF";
	case ARCHIVE_OK: return "OK";
	case ARCHIVE_RETRY: return "RETRY";
	case ARCHIVE_WARN: return "WARN";
	case ARCHIVE_FAILED: return "FAILED";
	case ARCHIVE_FATAL: return "FATAL";
	}
	return "?";
}

/* S in double quotes, control bytes and '"' '\\' escaped; or (null). */
static void pstr(const char *s)
{
	if (!s) {
		fputs("(null)", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void err(int r)
{
	printf("%s errno=%d (%s) msg=", rname(r), archive_errno(A),
	       archive_errno(A) > 0 ? strerror(archive_errno(A)) : "-");
	pstr(archive_error_string(A));
	printf("\n");
}

static void counters(const char *why)
{
	struct rusage ru;
	struct timespec t;
	int i, n;

	getrusage(RUSAGE_SELF, &ru);
	clock_gettime(CLOCK_MONOTONIC, &t);
	printf("== %s: %.2f s wall, %.2f s cpu, max rss %ld KiB\n", why,
	       (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9,
	       ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss);
	if (mode)
		printf("== callbacks: open %lu, read %lu (%lld bytes), "
		       "skip %lu (%lld bytes), seek %lu, close %lu\n", n_open,
		       n_read, read_bytes, n_skip, skip_bytes, n_seek, n_close);
	n = archive_filter_count(A);
	printf("== filters %d:", n);
	for (i = 0; i < n; i++)
		printf(" [%d] %s code=%d bytes=%lld", i,
		       archive_filter_name(A, i) ? archive_filter_name(A, i) : "?",
		       archive_filter_code(A, i),
		       (long long)archive_filter_bytes(A, i));
	printf("\n== filter_bytes(-1)=%lld filter_bytes(0)=%lld format=%d (%s)\n",
	       (long long)archive_filter_bytes(A, -1),
	       (long long)archive_filter_bytes(A, 0), archive_format(A),
	       archive_format_name(A) ? archive_format_name(A) : "-");
	fflush(stdout);
}

static void on_alarm(int sig)
{
	(void)sig;
	printf("\n");
	counters("stopped by the time limit (-t)");
	_exit(3);
}

static int cb_open(struct archive *a, void *d)
{
	(void)a; (void)d;
	n_open++;
	return ARCHIVE_OK;
}

static int cb_close(struct archive *a, void *d)
{
	(void)a; (void)d;
	n_close++;
	return ARCHIVE_OK;
}

static la_ssize_t cb_read(struct archive *a, void *d, const void **out)
{
	ssize_t n;

	(void)d;
	n_read++;
	n = read(fd, rbuf, sizeof(rbuf));
	if (n < 0) {
		archive_set_error(a, errno, "read: %s", strerror(errno));
		return -1;
	}
	read_bytes += n;
	*out = rbuf;
	return n;
}

static la_int64_t cb_skip(struct archive *a, void *d, la_int64_t req)
{
	off_t old = lseek(fd, 0, SEEK_CUR), now;

	(void)a; (void)d;
	n_skip++;
	if (old < 0)
		return 0;
	now = lseek(fd, req, SEEK_CUR);
	if (now < 0)
		return 0;
	skip_bytes += now - old;
	return now - old;
}

static la_int64_t cb_seek(struct archive *a, void *d, la_int64_t off,
			  int whence)
{
	off_t r;

	(void)d;
	n_seek++;
	r = lseek(fd, off, whence);
	if (r < 0) {
		archive_set_error(a, errno, "seek: %s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	return r;
}

static void entry_line(struct archive_entry *e)
{
	const char *p = archive_entry_pathname(e);
	const char *u = archive_entry_pathname_utf8(e);
	const char *h = archive_entry_hardlink(e);
	const char *s = archive_entry_symlink(e);
	const char *t;

	switch (archive_entry_filetype(e)) {
	case AE_IFREG: t = "file"; break;
	case AE_IFDIR: t = "dir"; break;
	case AE_IFLNK: t = "symlink"; break;
	case AE_IFIFO: t = "fifo"; break;
	case AE_IFCHR: t = "chr"; break;
	case AE_IFBLK: t = "blk"; break;
	case AE_IFSOCK: t = "sock"; break;
	case 0: t = "none(0)"; break;
	default: t = "other"; break;
	}
	printf("  pathname=");
	pstr(p);
	printf(" utf8=");
	pstr(u);
	printf(" type=%s size=%lld size_is_set=%d", t,
	       (long long)archive_entry_size(e),
	       archive_entry_size_is_set(e) != 0);
	if (h) {
		printf(" hardlink=");
		pstr(h);
	}
	if (s) {
		printf(" symlink=");
		pstr(s);
	}
	if (archive_entry_is_encrypted(e))
		printf(" encrypted(data=%d,meta=%d)",
		       archive_entry_is_data_encrypted(e),
		       archive_entry_is_metadata_encrypted(e));
	printf("\n");
}

int main(int argc, char **argv)
{
	struct archive_entry *e;
	const char *name;
	const char *options = NULL;
	long maxblocks = 8, maxheaders = 0, secs = 0, nheaders = 0, nretry = 0;
	int r, opt;

	while ((opt = getopt(argc, argv, "csb:h:t:o:")) != -1) {
		switch (opt) {
		case 'c': mode = 'c'; break;
		case 's': mode = 's'; break;
		case 'b': maxblocks = atol(optarg); break;
		case 'h': maxheaders = atol(optarg); break;
		case 't': secs = atol(optarg); break;
		case 'o': options = optarg; break;
		default:
			fprintf(stderr, "usage: probe [-c|-s] [-b N] [-h N] "
				"[-t SEC] [-o OPTIONS] FILE|-\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: probe [-c|-s] [-b N] [-h N] [-t SEC] [-o OPTIONS] FILE|-\n");
		return 2;
	}
	name = argv[optind];
	/* as fstat-par: libarchive converts names to this locale */
	setlocale(LC_ALL, "");
	setvbuf(stdout, NULL, _IOLBF, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (secs > 0) {
		signal(SIGALRM, on_alarm);
		alarm((unsigned)secs);
	}
	A = archive_read_new();
	archive_read_support_format_tar(A);
	archive_read_support_format_cpio(A);
	archive_read_support_format_zip(A);
	archive_read_support_format_7zip(A);
	archive_read_support_format_iso9660(A);
	archive_read_support_format_ar(A);
	archive_read_support_filter_gzip(A);
	archive_read_support_filter_bzip2(A);
	archive_read_support_filter_xz(A);
	archive_read_support_filter_lzma(A);
	archive_read_support_filter_zstd(A);
	archive_read_support_filter_lz4(A);
	archive_read_support_filter_compress(A);
	archive_read_support_filter_uu(A);
	if (options) {
		printf("set_options(\"%s\"): ", options);
		err(archive_read_set_options(A, options));
	}

	if (mode) {
		fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
		if (fd < 0) {
			perror(name);
			return 2;
		}
		archive_read_set_open_callback(A, cb_open);
		archive_read_set_read_callback(A, cb_read);
		archive_read_set_close_callback(A, cb_close);
		if (mode == 'c') {
			archive_read_set_skip_callback(A, cb_skip);
			archive_read_set_seek_callback(A, cb_seek);
		}
		archive_read_set_callback_data(A, NULL);
		printf("open(%s callbacks%s): ", mode == 'c' ?
		       "read+skip+seek" : "read-only",
		       fd == 0 ? ", stdin" : "");
		r = archive_read_open1(A);
	} else if (strcmp(name, "-") == 0) {
		printf("open_fd(0): ");
		r = archive_read_open_fd(A, 0, 10240);
	} else {
		printf("open_filename: ");
		r = archive_read_open_filename(A, name, 10240);
	}
	err(r);
	if (r < ARCHIVE_WARN)
		goto done;
	for (;;) {
		long nb = 0;
		long long bytes = 0, lines = 0, words = 0, lastoff = -1;
		int inword = 0;

		if (maxheaders && nheaders >= maxheaders) {
			counters("stopped by the header limit (-h)");
			return 3;
		}
		nheaders++;
		/* printed first: a loop inside shows as a line without a code */
		printf("next_header: ");
		fflush(stdout);
		r = archive_read_next_header(A, &e);
		err(r);
		if (r == ARCHIVE_EOF || r == ARCHIVE_FATAL)
			break;
		if (r == ARCHIVE_RETRY || r == ARCHIVE_FAILED) {
			/* no entry to read: ask for the next header */
			if (++nretry > 100) {
				counters("stopped after 100 RETRY/FAILED headers");
				return 3;
			}
			continue;
		}
		nretry = 0;
		entry_line(e);
		for (;;) {
			const void *buf;
			size_t size;
			la_int64_t off;

			r = archive_read_data_block(A, &buf, &size, &off);
			if (r == ARCHIVE_OK && nb < maxblocks) {
				printf("  data_block: OK offset=%lld size=%zu\n",
				       (long long)off, size);
			} else if (r != ARCHIVE_OK) {
				if (nb > maxblocks)
					printf("  ... %ld more OK blocks, "
					       "last offset=%lld\n",
					       nb - maxblocks, lastoff);
				printf("  data_block: ");
				if (r == ARCHIVE_WARN)
					printf("(offset=%lld size=%zu) ",
					       (long long)off, size);
				err(r);
			}
			if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
				break;
			nb++;
			lastoff = off;
			if (buf && size) {
				const unsigned char *c = buf;
				size_t i;

				bytes += size;
				for (i = 0; i < size; i++) {
					int sp = c[i] == ' ' || (c[i] >= 9 && c[i] <= 13);

					if (c[i] == '\n')
						lines++;
					if (!sp && !inword)
						words++;
					inword = !sp;
				}
			}
		}
		printf("  got: %lld lines, %lld words, %lld bytes in %ld blocks\n",
		       lines, words, bytes, nb);
		if (r == ARCHIVE_FATAL)
			break;
	}
done:
	counters("end");
	printf("free: %s\n", rname(archive_read_free(A)));
	return 0;
}
