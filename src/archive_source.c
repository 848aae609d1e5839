/* SPDX-License-Identifier: BSD-2-Clause */
/* archive_source.c - archive entries as a source; see archive_source.h. */
#include "compat.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arclib.h"
#include "archive_source.h"
#include "platform.h"
#include "sniff.h"
#include "watchdog.h"

/* libarchive's ARCHIVE_ERRNO_FILE_FORMAT, which it keeps private. */
#ifdef EFTYPE
#define FILE_FORMAT_ERRNO EFTYPE
#else
#define FILE_FORMAT_ERRNO EILSEQ
#endif

/* Bytes asked of read(2) at a time. */
#define ARC_BLOCK (64 * 1024)
/* Enough of a stream's first bytes to tell zip and 7z (needs_seek()). */
#define ARC_MAGIC_BYTES 6
/* What a stream may cost in memory before libarchive has decided. */
#define ARC_DECIDE_MAX (16u << 20)

/*
 * libarchive 3.6 stacks at most 25 filters (the input itself is one) and
 * then fails as if no format took the input, which would count a deeply
 * compressed archive as a plain file: past this many, it is an error.
 */
#define ARC_FILTERS_MAX 25
/* RETRY results in a row that a data block may give before it fails. */
#define ARC_RETRY_MAX 100

typedef int support_fn(struct archive *);

/*
 * libarchive converts names between the charsets a format stores and the
 * one of the current locale, and in the C locale it gives no name at all
 * for what is not ASCII ("Pathname cannot be converted"): the entry would
 * be lost.  So it runs in C.UTF-8 (built into glibc since 2.35): UTF-8
 * names come through as they are stored, and byte names (ustar, cpio,
 * ar) are never converted anyway.  enter() and leave() bracket every call
 * into libarchive; without a UTF-8 locale they change nothing.
 */
static locale_t enter(const struct arc *arc)
{
	watchdog_enter();
	return arc->utf8 ? uselocale(arc->utf8) : (locale_t)0;
}

static void leave(const struct arc *arc, locale_t old)
{
	if (arc->utf8)
		uselocale(old);
	watchdog_leave();
}

static void set_msg(struct arc *arc, const char *fmt, ...)
	ATTR_PRINTF(2, 3);

/*
 * Make BUF one line: libarchive's messages may end in a newline, and an
 * entry's name inside one may hold any byte.  Trailing white space goes,
 * other control characters become '?'.
 */
static void one_line(char *buf)
{
	size_t n = strlen(buf);
	char *p;

	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
			 buf[n - 1] == '\r' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	for (p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/* A message of at most 511 bytes into BUF, made one line. */
static void format_line(char buf[512], const char *fmt, va_list ap)
{
	vsnprintf(buf, 512, fmt, ap);
	one_line(buf);
}

static void set_msg(struct arc *arc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	format_line(buf, fmt, ap);
	va_end(ap);
	strbuf_setlen(&arc->msg, 0);
	if (strbuf_addstr(&arc->msg, buf) < 0)
		strbuf_setlen(&arc->msg, 0);
}

/*
 * What libarchive is reading, for a message: the archive format once it
 * is known ("ASCII cpio (SVR4 with no CRC)"), else the compression it
 * undoes ("gzip"), else NULL.
 */
static const char *reading(struct arc *arc)
{
	if (la.archive_format(arc->a) != 0)
		return la.archive_format_name(arc->a);
	if (la.archive_filter_count(arc->a) > 1)
		return la.archive_filter_name(arc->a, 0);
	return NULL;
}

/*
 * libarchive's message, in words a user can act on.  It may have none
 * (cpio data cut short, a gzip stream whose trailer is missing): then the
 * errno it set, or WHAT and what was being read.  liblzma's "No progress
 * is possible" is what a cut xz or lzma stream gives.
 */
static void lib_msg(struct arc *arc, const char *what)
{
	const char *m = la.archive_error_string(arc->a);
	const char *kind = reading(arc);

	if (arc->over_max)
		set_msg(arc, "more than %" PRIu64 " bytes decompressed; see "
			"--max-bytes", arc->max_bytes);
	else if (m && strstr(m, "No progress is possible"))
		set_msg(arc, "truncated or damaged %s data (liblzma: no "
			"progress is possible)", kind ? kind : "xz or lzma");
	else if (m && *m)
		set_msg(arc, "%s", m);
	else if (la.archive_errno(arc->a) > 0)
		set_msg(arc, "%s", strerror(la.archive_errno(arc->a)));
	else if (kind)
		set_msg(arc, "%s: truncated or damaged %s data", what, kind);
	else
		set_msg(arc, "%s: truncated or damaged data", what);
}

/* Note a problem of the current entry; it is still counted. */
static void add_note(struct arc *arc, const char *fmt, ...)
	ATTR_PRINTF(2, 3);

static void add_note(struct arc *arc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	format_line(buf, fmt, ap);
	va_end(ap);
	arc->noted = true;
	/* Without memory for the words, arc_note() still says something. */
	if (arc->note.len && strbuf_addstr(&arc->note, "; ") < 0)
		return;
	(void)strbuf_addstr(&arc->note, buf);
}

/* libarchive's warning about the current entry. */
static void lib_note(struct arc *arc)
{
	const char *m = la.archive_error_string(arc->a);

	add_note(arc, "%s", m && *m ? m : "damaged entry");
}

/*
 * Enable the filters that libarchive implements itself.  A filter it can
 * only run as an external program (when it was built without the
 * library) says ARCHIVE_WARN on a scratch archive: that one stays off.
 */
static int enable(struct archive *a)
{
	support_fn *const formats[] = {
		la.archive_read_support_format_tar,
		la.archive_read_support_format_cpio,
		la.archive_read_support_format_zip,
		la.archive_read_support_format_7zip,
		la.archive_read_support_format_iso9660,
		la.archive_read_support_format_ar,
	};
	support_fn *const filters[] = {
		la.archive_read_support_filter_gzip,
		la.archive_read_support_filter_bzip2,
		la.archive_read_support_filter_xz,
		la.archive_read_support_filter_lzma,
		la.archive_read_support_filter_zstd,
		la.archive_read_support_filter_lz4,
		la.archive_read_support_filter_compress,
		la.archive_read_support_filter_uu,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i](a) != ARCHIVE_OK)
			return -1;
	for (i = 0; i < ARRAY_SIZE(filters); i++) {
		struct archive *probe = la.archive_read_new();
		int r;

		if (!probe)
			return -1;
		r = filters[i](probe);
		la.archive_read_free(probe);
		if (r == ARCHIVE_OK && filters[i](a) != ARCHIVE_OK)
			return -1;
	}
	return 0;
}

/*
 * Called before each read of input: whether libarchive has decompressed
 * more than --max-bytes so far, entries skipped included (they are
 * decompressed too, and a bomb need not be selected to cost the time).
 * Only for compressed input: a plain archive skips by seeking.
 */
static bool over_limit(struct archive *a, struct arc *arc)
{
	int64_t n;

	if (la.archive_filter_count(a) <= 1)
		return false;
	n = la.archive_filter_bytes(a, 0);
	if (n < 0 || (uint64_t)n <= arc->max_bytes)
		return false;
	/* libarchive words the failed read its own way ("Truncated
	 * input"): lib_msg() says this instead. */
	arc->over_max = true;
	la.archive_set_error(a, EFBIG, "%s", "over --max-bytes");
	return true;
}

/* read(2) from the stream, given up when *arc->stop is set. */
static ssize_t read_stream(struct arc *arc, void *buf, size_t len)
{
	ssize_t n;

	do {
		if (arc->stop && *arc->stop) {
			errno = EINTR;
			return -1;
		}
		n = read(arc->fd, buf, len);
	} while (n < 0 && errno == EINTR);
	return n;
}

/*
 * Read from the stream into arc->seen until it holds WANT bytes or the
 * stream ends: 0, or -1 (msg).
 */
static int peek(struct arc *arc, size_t want)
{
	while (arc->seen.len < want && !arc->ended) {
		ssize_t n;

		if (strbuf_grow(&arc->seen, want - arc->seen.len) < 0) {
			set_msg(arc, "%s", strerror(ENOMEM));
			return -1;
		}
		n = read_stream(arc, arc->seen.buf + arc->seen.len,
				want - arc->seen.len);
		if (n < 0) {
			set_msg(arc, "%s", strerror(errno));
			return -1;
		}
		if (n == 0)
			arc->ended = true;
		arc->seen.len += (size_t)n;
		arc->seen.buf[arc->seen.len] = '\0';
	}
	return 0;
}

/*
 * The read callback for streams: first what peek() read, then the rest,
 * keeping every byte while deciding.
 */
static la_ssize_t stream_read(struct archive *a, void *data,
			      const void **out)
{
	struct arc *arc = data;
	ssize_t n;

	watchdog_feed();
	if (over_limit(a, arc))
		return -1;
	if (arc->served < arc->seen.len) {
		*out = arc->seen.buf + arc->served;
		n = (ssize_t)(arc->seen.len - arc->served);
		arc->served = arc->seen.len;
		return n;
	}
	n = arc->ended ? 0 : read_stream(arc, arc->buf, ARC_BLOCK);
	if (n < 0) {
		la.archive_set_error(a, errno, "%s", strerror(errno));
		return -1;
	}
	if (arc->deciding && n > 0) {
		if (arc->seen.len + (size_t)n > ARC_DECIDE_MAX) {
			la.archive_set_error(a, EFBIG, "cannot tell whether "
					  "the input is an archive");
			return -1;
		}
		if (strbuf_add(&arc->seen, arc->buf, (size_t)n) < 0) {
			la.archive_set_error(a, ENOMEM, "%s", strerror(ENOMEM));
			return -1;
		}
		arc->served = arc->seen.len;
	}
	*out = arc->buf;
	return n;
}

/*
 * The callbacks for a file (or a stream held in one): read, skip and
 * seek with the descriptor, as archive_read_open_fd() would, and feed
 * the watchdog, which is why they are ours.
 */
static la_ssize_t file_read(struct archive *a, void *data, const void **out)
{
	struct arc *arc = data;
	ssize_t n;

	watchdog_feed();
	if (over_limit(a, arc))
		return -1;
	do
		n = read(arc->fd, arc->buf, ARC_BLOCK);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		la.archive_set_error(a, errno, "%s", strerror(errno));
		return -1;
	}
	*out = arc->buf;
	return n;
}

static la_int64_t file_seek(struct archive *a, void *data, la_int64_t off,
			    int whence)
{
	struct arc *arc = data;
	off_t r;

	watchdog_feed();
	r = lseek(arc->fd, (off_t)off, whence);
	if (r < 0) {
		la.archive_set_error(a, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	return (la_int64_t)r;
}

static la_int64_t file_skip(struct archive *a, void *data, la_int64_t req)
{
	struct arc *arc = data;
	off_t from, to;

	(void)a;
	watchdog_feed();
	/* Skip no further than the end: libarchive then reads what is
	 * left and finds the file short. */
	from = lseek(arc->fd, 0, SEEK_CUR);
	to = lseek(arc->fd, 0, SEEK_END);
	if (from < 0 || to < 0)
		return 0;
	if (to - from > req)
		to = from + (off_t)req;
	if (lseek(arc->fd, to, SEEK_SET) < 0)
		return 0;
	return (la_int64_t)(to - from);
}

/* Open with our callbacks: STREAM reads only, a file seeks too. */
static int open_callbacks(struct arc *arc)
{
	struct archive *a = arc->a;

	if (la.archive_read_set_callback_data(a, arc) != ARCHIVE_OK)
		return ARCHIVE_FATAL;
	if (arc->stream) {
		la.archive_read_set_read_callback(a, stream_read);
	} else {
		la.archive_read_set_read_callback(a, file_read);
		la.archive_read_set_seek_callback(a, file_seek);
		la.archive_read_set_skip_callback(a, file_skip);
	}
	return la.archive_read_open1(a);
}

/* Whether the bytes at BUF start a format that libarchive can only read
 * by seeking: zip (its central directory, at the end, is what knows the
 * symbolic links and the sizes) and 7z. */
static bool needs_seek(const void *buf, size_t len)
{
	static const unsigned char sevenz[6] = { '7', 'z', 0xbc, 0xaf,
						 0x27, 0x1c };
	const unsigned char *p = buf;

	if (len >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) ||
	     (p[2] == 7 && p[3] == 8) || (p[2] == '0' && p[3] == '0')))
		return true;
	return len >= sizeof(sevenz) && memcmp(p, sevenz, sizeof(sevenz)) == 0;
}

/* Write LEN bytes at BUF to FD: 0, or -1 with errno set. */
static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Copy the whole stream (what peek() read, then the rest) into an
 * unlinked temporary file, and read that from now on, as a file: 0, or
 * -1 (msg).  At most max_bytes are held, as --max-bytes bounds the data
 * an archive may give.
 */
static int spool_stream(struct arc *arc)
{
	uint64_t total = arc->seen.len;
	int fd = platform_temp_fd();

	if (fd < 0) {
		set_msg(arc, "cannot make a temporary file to read it: %s",
			strerror(errno));
		return -1;
	}
	arc->spool_fd = fd;
	if (write_all(fd, arc->seen.buf, arc->seen.len) < 0)
		goto write_error;
	while (!arc->ended) {
		ssize_t n = read_stream(arc, arc->buf, ARC_BLOCK);

		if (n < 0) {
			set_msg(arc, "%s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (total > arc->max_bytes) {
			set_msg(arc, "more than %" PRIu64 " bytes to hold "
				"for an archive that must be read from a "
				"file; see --max-bytes", arc->max_bytes);
			return -1;
		}
		if (write_all(fd, arc->buf, (size_t)n) < 0)
			goto write_error;
	}
	if (lseek(fd, 0, SEEK_SET) < 0)
		goto write_error;
	arc->fd = fd;
	arc->stream = false;
	strbuf_release(&arc->seen);
	arc->served = 0;
	return 0;

write_error:
	set_msg(arc, "cannot hold it in a temporary file: %s",
		strerror(errno));
	return -1;
}

/*
 * A stream that is a regular file read from its start (standard input
 * redirected from a file) can seek: read it as a file, so that it gives
 * exactly what the file gives.
 */
static bool seekable(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	       lseek(fd, 0, SEEK_CUR) == 0;
}

/*
 * arc_open() when libarchive cannot be loaded: only an archive needs it.
 * What does not start like one (sniff.h) is counted as a plain file; an
 * archive is an error that says what is missing, and why.
 */
static int without_libarchive(struct arc *arc, const char *why)
{
	unsigned char *buf = NULL;
	const void *head;
	const char *kind;
	size_t len;
	ssize_t n = 0;

	if (arc->stream) {
		if (peek(arc, SNIFF_BYTES) < 0)
			return -1;
		head = arc->seen.buf;
		len = arc->seen.len;
	} else {
		buf = malloc(SNIFF_BYTES);
		if (!buf) {
			set_msg(arc, "%s", strerror(ENOMEM));
			return -1;
		}
		do
			n = pread(arc->fd, buf, SNIFF_BYTES, 0);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			set_msg(arc, "%s", strerror(errno));
			free(buf);
			return -1;
		}
		head = buf;
		len = (size_t)n;
	}
	kind = sniff_archive(head, len);
	free(buf);
	if (!kind)
		return 0;
	set_msg(arc, "%s data, and reading archives needs %s, which cannot "
		"be loaded: %s", kind, arclib_name(), why);
	return -1;
}

/* arc_open() once libarchive is loaded, in its locale. */
static int open_archive(struct arc *arc)
{
	int r;

	arc->a = la.archive_read_new();
	if (!arc->a || enable(arc->a) < 0)
		goto nomem;
	arc->deciding = arc->stream;
	r = open_callbacks(arc);
	/* libarchive picks the format when it opens, or at the first
	 * header: either way, no format taking it means no archive.  Nor
	 * is what has no entry at all, only an end marker: a first block
	 * of zeros (a sparse file, a disk image) is an empty tar to
	 * libarchive, and what follows it would be lost. */
	if (r == ARCHIVE_OK)
		r = la.archive_read_next_header(arc->a, &arc->entry);
	arc->deciding = false;
	if (r == ARCHIVE_EOF)
		return 0;
	if (r == ARCHIVE_FATAL &&
	    la.archive_errno(arc->a) == FILE_FORMAT_ERRNO &&
	    la.archive_format(arc->a) == 0 &&
	    la.archive_filter_count(arc->a) <= ARC_FILTERS_MAX)
		return 0;
	if (r < ARCHIVE_FAILED) {
		lib_msg(arc, "archive cannot be read");
		return -1;
	}
	/* The first header is in; arc_next() starts from it, whatever
	 * it says (a WARN, RETRY or FAILED is about that entry). */
	arc->pending = r;
	arc->have_pending = true;
	strbuf_release(&arc->seen);
	return 1;

nomem:
	set_msg(arc, "%s", strerror(ENOMEM));
	return -1;
}

int arc_open(struct arc *arc, int fd, bool stream, const char *root,
	     uint64_t max_entries, uint64_t max_bytes)
{
	size_t rlen = strlen(root);
	const char *why;
	locale_t old;
	int r;

	memset(arc, 0, sizeof(*arc));
	arc->fd = fd;
	arc->spool_fd = -1;
	arc->stream = stream;
	arc->max_entries = max_entries;
	arc->max_bytes = max_bytes;
	if (strbuf_add(&arc->path, root, rlen) < 0 ||
	    ((rlen == 0 || root[rlen - 1] != '/') &&
	     strbuf_addch(&arc->path, '/') < 0))
		goto nomem;
	arc->rootlen = arc->path.len;
	if (stream && seekable(fd)) {
		arc->stream = false;
		arc->rewind = true;
	}
	arc->buf = malloc(ARC_BLOCK);
	if (!arc->buf)
		goto nomem;
	if (arclib_load(&why) < 0)
		return without_libarchive(arc, why);
	if (arc->stream) {
		/* Zip and 7z must seek: held in a file, they give the same
		 * entries as from a file. */
		if (peek(arc, ARC_MAGIC_BYTES) < 0)
			return -1;
		if (needs_seek(arc->seen.buf, arc->seen.len) &&
		    spool_stream(arc) < 0)
			return -1;
	}
	arc->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	old = enter(arc);
	r = open_archive(arc);
	leave(arc, old);
	/* Not an archive: counted from the start. */
	if (r == 0 && (arc->rewind || arc->spool_fd >= 0) &&
	    lseek(arc->fd, 0, SEEK_SET) < 0) {
		set_msg(arc, "%s", strerror(errno));
		return -1;
	}
	return r;

nomem:
	set_msg(arc, "%s", strerror(ENOMEM));
	return -1;
}

int arc_fd(const struct arc *arc)
{
	return arc->fd;
}

const void *arc_prefix(const struct arc *arc, size_t *len)
{
	*len = arc->seen.len;
	return arc->seen.buf;
}

/* The entry's path without leading "/" and "./", or NULL if none left. */
static const char *entry_rel(struct archive_entry *entry)
{
	const char *name = la.archive_entry_pathname(entry);

	if (!name)
		name = la.archive_entry_pathname_utf8(entry);
	if (!name)
		return NULL;
	for (;;) {
		while (*name == '/')
			name++;
		if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			break;
	}
	return *name ? name : NULL;
}

/* ROOT/REL into arc->path and E: 0, or -1 without memory. */
static int name_entry(struct arc *arc, struct arc_entry *e, const char *rel)
{
	strbuf_setlen(&arc->path, arc->rootlen);
	if (strbuf_addstr(&arc->path, rel) < 0) {
		set_msg(arc, "%s", strerror(ENOMEM));
		return -1;
	}
	e->path = arc->path.buf;
	e->pathlen = arc->path.len;
	e->rel = arc->path.buf + arc->rootlen;
	e->rellen = arc->path.len - arc->rootlen;
	e->msg = NULL;
	return 0;
}

static int next_entry(struct arc *arc, struct arc_entry *e)
{
	for (;;) {
		struct archive_entry *entry;
		const char *rel;
		int r;

		if (arc->have_pending) {
			r = arc->pending;
			arc->have_pending = false;
		} else {
			r = la.archive_read_next_header(arc->a, &arc->entry);
		}
		if (r == ARCHIVE_EOF)
			return 0;
		/* Every header counts, a damaged one too, so that no
		 * run of them goes on for ever. */
		if (++arc->nentries > arc->max_entries) {
			set_msg(arc, "more than %" PRIu64 " entries; see "
				"--max-entries", arc->max_entries);
			return -1;
		}
		strbuf_setlen(&arc->note, 0);
		arc->noted = false;
		switch (r) {
		case ARCHIVE_OK:
			break;
		case ARCHIVE_WARN:
			/* A header with a message: the entry is there. */
			lib_note(arc);
			break;
		case ARCHIVE_RETRY:
			/* A damaged header, skipped: libarchive looks for
			 * the next one.  Said once for a run of them. */
			if (arc->retrying)
				continue;
			arc->retrying = true;
			lib_msg(arc, "damaged header skipped");
			return 3;
		case ARCHIVE_FAILED:
			/* This entry is lost, the next can be read. */
			arc->retrying = false;
			lib_msg(arc, "entry cannot be read");
			rel = arc->entry ? entry_rel(arc->entry) : NULL;
			if (!rel)
				return 3;
			if (name_entry(arc, e, rel) < 0)
				return -1;
			e->msg = arc->msg.buf;
			return 2;
		default:
			lib_msg(arc, "archive cannot be read further");
			return -1;
		}
		arc->retrying = false;
		/* Input small enough to be read in one go is never checked
		 * by the read callbacks. */
		if (over_limit(arc->a, arc)) {
			lib_msg(arc, "");
			return -1;
		}
		entry = arc->entry;
		if (la.archive_entry_filetype(entry) != AE_IFREG)
			continue;
		/* A hard link to an earlier entry carries no data. */
		if (la.archive_entry_hardlink(entry) &&
		    (!la.archive_entry_size_is_set(entry) ||
		     la.archive_entry_size(entry) == 0))
			continue;
		rel = entry_rel(entry);
		if (!rel) {
			/* No name to give it a row by: never lose it
			 * silently. */
			set_msg(arc, "an entry without a usable name "
				"skipped");
			return 3;
		}
		if (name_entry(arc, e, rel) < 0)
			return -1;
		arc->pos = 0;
		arc->blocklen = 0;
		arc->eof = false;
		arc->endoff_set = false;
		if (la.archive_entry_is_data_encrypted(entry) ||
		    la.archive_entry_is_metadata_encrypted(entry)) {
			e->msg = "encrypted entry skipped";
			return 2;
		}
		return 1;
	}
}

int arc_next(struct arc *arc, struct arc_entry *e)
{
	locale_t old = enter(arc);
	int r = next_entry(arc, e);

	leave(arc, old);
	return r;
}

/*
 * The next block of the entry from libarchive into arc->block, or its end
 * (arc->eof, arc->endoff): 0, or arc_read()'s -1 and -2.
 */
static int next_block(struct arc *arc)
{
	int retries = 0;

	for (;;) {
		const void *block;
		size_t size;
		la_int64_t off;
		int r = la.archive_read_data_block(arc->a, &block, &size,
						   &off);

		switch (r) {
		case ARCHIVE_EOF:
			arc->eof = true;
			if (off >= 0) {
				arc->endoff = (uint64_t)off;
				arc->endoff_set = true;
			}
			return 0;
		case ARCHIVE_WARN:
			/* Data with a message (a bad checksum, say): it is
			 * counted, and the entry noted. */
			lib_note(arc);
			/* fall through */
		case ARCHIVE_OK:
			if (size == 0)
				continue;
			arc->block = block;
			arc->blocklen = size;
			arc->blockoff = off < 0 ? arc->pos : (uint64_t)off;
			return 0;
		case ARCHIVE_RETRY:
			if (++retries < ARC_RETRY_MAX)
				continue;
			lib_msg(arc, "entry data cannot be read");
			return -1;
		case ARCHIVE_FAILED:
			lib_msg(arc, "entry data cannot be read");
			return -1;
		default:
			lib_msg(arc, "archive cannot be read further");
			return -2;
		}
	}
}

static int read_entry(struct arc *arc, const void **buf, size_t *len)
{
	static const unsigned char zeros[64 * 1024];
	uint64_t n, end;
	bool hole = false;
	int r;

	if (arc->blocklen == 0 && !arc->eof && (r = next_block(arc)) < 0)
		return r;
	if (arc->blocklen > 0 && arc->blockoff < arc->pos) {
		/* libarchive went back: the sparse map lies. */
		set_msg(arc, "entry data blocks overlap");
		return -1;
	}
	if (arc->blocklen > 0 && arc->blockoff > arc->pos) {
		/* A hole of a sparse entry reads as NUL bytes. */
		n = arc->blockoff - arc->pos;
		hole = true;
	} else if (arc->blocklen > 0) {
		n = arc->blocklen;
		*buf = arc->block;
		arc->blocklen = 0;
	} else if (arc->endoff_set && arc->endoff > arc->pos) {
		/* A hole at the end, up to where libarchive says the data
		 * ends: never up to what the header claims. */
		n = arc->endoff - arc->pos;
		hole = true;
	} else {
		/* The end.  A size that does not match the header is
		 * damage, counted as it is and noted (unless libarchive
		 * has said so already). */
		end = arc->pos;
		if (!arc->noted &&
		    la.archive_entry_size_is_set(arc->entry) &&
		    la.archive_entry_size(arc->entry) >= 0 &&
		    (uint64_t)la.archive_entry_size(arc->entry) != end)
			add_note(arc, "%" PRIu64 " bytes of data where its "
				 "header says %" PRIu64, end,
				 (uint64_t)la.archive_entry_size(arc->entry));
		return 0;
	}
	/*
	 * A hole is given whole, as its length, when the caller takes holes
	 * (however large), else as NUL bytes, a buffer at a time.  It counts
	 * against --max-bytes like the bytes it stands for, and a hole that
	 * cannot fit is refused before any of it is given: a sparse map
	 * that claims an exbibyte ends in that limit's error at once, even
	 * where its zeros would be fed to a matcher.
	 */
	if (n > arc->max_bytes - arc->nbytes) {
		set_msg(arc, "more than %" PRIu64 " bytes of entry data; "
			"see --max-bytes", arc->max_bytes);
		return -2;
	}
	if (hole && !arc->holes && n > sizeof(zeros))
		n = sizeof(zeros);
	if (hole && n > SIZE_MAX)
		n = SIZE_MAX;
	if (hole)
		*buf = arc->holes ? NULL : zeros;
	arc->nbytes += n;
	arc->pos += n;
	*len = (size_t)n;
	return hole && arc->holes ? 2 : 1;
}

int arc_read(struct arc *arc, const void **buf, size_t *len)
{
	locale_t old = enter(arc);
	int r = read_entry(arc, buf, len);

	leave(arc, old);
	return r;
}

const char *arc_note(const struct arc *arc)
{
	if (!arc->noted)
		return NULL;
	return arc->note.len ? arc->note.buf : "damaged entry";
}

const char *arc_path(const struct arc *arc, size_t *len)
{
	*len = arc->path.len;
	return arc->path.buf;
}

const char *arc_message(const struct arc *arc)
{
	/* Empty only when even the message could not be stored. */
	return arc->msg.len ? arc->msg.buf : "unreadable archive";
}

void arc_close(struct arc *arc)
{
	if (arc->a)
		la.archive_read_free(arc->a);
	arc->a = NULL;
	if (arc->utf8)
		freelocale(arc->utf8);
	arc->utf8 = (locale_t)0;
	free(arc->buf);
	arc->buf = NULL;
	if (arc->spool_fd >= 0)
		close(arc->spool_fd);
	arc->spool_fd = -1;
	strbuf_release(&arc->seen);
	strbuf_release(&arc->path);
	strbuf_release(&arc->msg);
	strbuf_release(&arc->note);
}
