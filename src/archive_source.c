/* archive_source.c - archive entries as a source; see archive_source.h. */
#include "compat.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arclib.h"
#include "archive_source.h"

/* libarchive's ARCHIVE_ERRNO_FILE_FORMAT, which it keeps private. */
#ifdef EFTYPE
#define FILE_FORMAT_ERRNO EFTYPE
#else
#define FILE_FORMAT_ERRNO EILSEQ
#endif

/* Bytes asked of read(2) at a time. */
#define ARC_BLOCK (64 * 1024)
/* What a stream may cost in memory before libarchive has decided. */
#define ARC_DECIDE_MAX (16u << 20)

typedef int support_fn(struct archive *);

static void set_msg(struct arc *arc, const char *fmt, ...)
	ATTR_PRINTF(2, 3);

static void set_msg(struct arc *arc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	strbuf_setlen(&arc->msg, 0);
	if (strbuf_addstr(&arc->msg, buf) < 0)
		strbuf_setlen(&arc->msg, 0);
}

/* libarchive's message, which may be missing. */
static void lib_msg(struct arc *arc)
{
	const char *m = la.archive_error_string(arc->a);

	if (m && *m)
		set_msg(arc, "%s", m);
	else if (la.archive_errno(arc->a) > 0)
		set_msg(arc, "%s", strerror(la.archive_errno(arc->a)));
	else
		set_msg(arc, "unreadable archive data");
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

/* The read callback for streams: keep the bytes while deciding. */
static la_ssize_t stream_read(struct archive *a, void *data,
			      const void **out)
{
	struct arc *arc = data;
	ssize_t n;

	do {
		if (arc->stop && *arc->stop) {
			errno = EINTR;
			n = -1;
			break;
		}
		n = read(arc->fd, arc->buf, ARC_BLOCK);
	} while (n < 0 && errno == EINTR);
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
	}
	*out = arc->buf;
	return n;
}

int arc_open(struct arc *arc, int fd, bool stream, const char *root,
	     uint64_t max_entries, uint64_t max_bytes)
{
	size_t rlen = strlen(root);
	const char *why;
	int r;

	memset(arc, 0, sizeof(*arc));
	arc->fd = fd;
	arc->stream = stream;
	arc->max_entries = max_entries;
	arc->max_bytes = max_bytes;
	if (strbuf_add(&arc->path, root, rlen) < 0 ||
	    ((rlen == 0 || root[rlen - 1] != '/') &&
	     strbuf_addch(&arc->path, '/') < 0))
		goto nomem;
	arc->rootlen = arc->path.len;
	if (arclib_load(&why) < 0) {
		set_msg(arc, "cannot load libarchive: %s", why);
		return -1;
	}
	arc->a = la.archive_read_new();
	if (!arc->a || enable(arc->a) < 0)
		goto nomem;
	if (stream) {
		arc->buf = malloc(ARC_BLOCK);
		if (!arc->buf)
			goto nomem;
		arc->deciding = true;
		r = la.archive_read_open(arc->a, arc, NULL, stream_read, NULL);
	} else {
		r = la.archive_read_open_fd(arc->a, fd, ARC_BLOCK);
	}
	/* libarchive picks the format when it opens, or at the first
	 * header: either way, no format taking it means no archive. */
	if (r == ARCHIVE_OK)
		r = la.archive_read_next_header(arc->a, &arc->entry);
	arc->deciding = false;
	if (r == ARCHIVE_FATAL &&
	    la.archive_errno(arc->a) == FILE_FORMAT_ERRNO &&
	    la.archive_format(arc->a) == 0)
		return 0;
	if (r < ARCHIVE_WARN) {
		lib_msg(arc);
		return -1;
	}
	/* The first header is in; arc_next() starts from it. */
	arc->pending = r;
	arc->have_pending = true;
	strbuf_release(&arc->seen);
	return 1;

nomem:
	set_msg(arc, "%s", strerror(ENOMEM));
	return -1;
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

int arc_next(struct arc *arc, struct arc_entry *e)
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
		if (r < ARCHIVE_WARN) {
			lib_msg(arc);
			return -1;
		}
		if (++arc->nentries > arc->max_entries) {
			set_msg(arc, "more than %" PRIu64 " entries; see "
				"--max-entries", arc->max_entries);
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
		if (!rel)
			continue;
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
		arc->pos = 0;
		arc->blocklen = 0;
		arc->eof = false;
		if (la.archive_entry_is_data_encrypted(entry) ||
		    la.archive_entry_is_metadata_encrypted(entry)) {
			e->msg = "encrypted entry skipped";
			return 2;
		}
		return 1;
	}
}

int arc_read(struct arc *arc, const void **buf, size_t *len)
{
	static const unsigned char zeros[64 * 1024];
	uint64_t n;

	if (arc->blocklen == 0 && !arc->eof) {
		const void *block;
		size_t size;
		la_int64_t off;
		int r = la.archive_read_data_block(arc->a, &block, &size,
						   &off);

		if (r == ARCHIVE_EOF) {
			arc->eof = true;
		} else if (r < ARCHIVE_WARN) {
			lib_msg(arc);
			return -1;
		} else {
			arc->block = block;
			arc->blocklen = size;
			arc->blockoff = off < 0 ? arc->pos : (uint64_t)off;
		}
	}
	if (arc->blocklen > 0 && arc->blockoff > arc->pos) {
		/* A hole of a sparse entry reads as NUL bytes. */
		n = arc->blockoff - arc->pos;
		*buf = zeros;
	} else if (arc->blocklen > 0) {
		n = arc->blocklen;
		*buf = arc->block;
		arc->blocklen = 0;
	} else if (la.archive_entry_size_is_set(arc->entry) &&
		   (uint64_t)la.archive_entry_size(arc->entry) > arc->pos) {
		/* A hole at the end. */
		n = (uint64_t)la.archive_entry_size(arc->entry) - arc->pos;
		*buf = zeros;
	} else {
		return 0;
	}
	if (*buf == zeros && n > sizeof(zeros))
		n = sizeof(zeros);
	if (n > arc->max_bytes - arc->nbytes) {
		set_msg(arc, "more than %" PRIu64 " bytes of entry data; "
			"see --max-bytes", arc->max_bytes);
		return -1;
	}
	arc->nbytes += n;
	arc->pos += n;
	*len = (size_t)n;
	return 1;
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
	free(arc->buf);
	arc->buf = NULL;
	strbuf_release(&arc->seen);
	strbuf_release(&arc->path);
	strbuf_release(&arc->msg);
}
