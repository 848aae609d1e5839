/*
 * archive_source.h - the entries of an archive as a source (libarchive).
 *
 * arc_open() looks at what FD holds.  Formats and filters are enabled one
 * by one (tar, cpio, zip, 7z, iso9660, ar; gzip, bzip2, xz, lzma, zstd,
 * lz4, compress, uu), never all of them (libarchive's "all" reads any text
 * as mtree) and never a filter that would run an external program.  What
 * none of them recognises is not an archive: the caller counts it as one
 * plain file.  For a stream, every byte read while deciding is kept, so
 * that it can still be counted (arc_prefix()).
 *
 * arc_next() moves to the next entry and yields the regular files among
 * them; directories, links and special files are skipped.  An entry is
 * named ROOT/ENTRY, ENTRY being its stored path without leading "/" and
 * "./": the archive stands where a directory would.  arc_read() gives an
 * entry's bytes, holes of sparse entries as NUL bytes.  The limits on the
 * number of entries and on the bytes of entry data turn an archive bomb
 * into an error like any other damage.
 *
 * Parent only.  Messages (libarchive's own, or ours) are in arc->msg.
 */
#ifndef FSTAT_PAR_ARCHIVE_SOURCE_H
#define FSTAT_PAR_ARCHIVE_SOURCE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct archive;
struct archive_entry;

struct arc_entry {
	const char *path;       /* ROOT/ENTRY, for the row */
	size_t pathlen;
	const char *rel;        /* ENTRY, for the globs */
	size_t rellen;
	const char *msg;        /* arc_next() == 2: why it is skipped */
};

struct arc {
	struct archive *a;
	struct archive_entry *entry;
	int fd;
	bool stream;            /* FD cannot seek: keep what is read */
	bool deciding;          /* still keeping every byte read */
	struct strbuf seen;     /* the bytes read from a stream so far */
	unsigned char *buf;     /* read buffer for a stream */
	struct strbuf path;     /* ROOT/ then the entry's path */
	size_t rootlen;
	uint64_t max_entries, max_bytes;
	uint64_t nentries, nbytes;
	int pending;            /* arc_open() read the first header... */
	bool have_pending;      /* ... and this is its result */
	/* arc_read(): where the entry's data is, and a block not yet given */
	uint64_t pos;
	const void *block;
	size_t blocklen;
	uint64_t blockoff;
	bool eof;
	struct strbuf msg;
	/* Set by the caller after arc_open(), or NULL: once *stop is set (by
	 * a signal handler that interrupts read(2)), reading a stream fails
	 * with EINTR instead of waiting for more. */
	const volatile sig_atomic_t *stop;
};

/*
 * Look at FD, named ROOT (which is borrowed).  STREAM: FD is a pipe or
 * the like.  Returns 1 for an archive (ready for arc_next()), 0 for
 * something else (arc_prefix() then has what a stream has lost), -1 when
 * it is an archive that cannot be read at all (message in msg).  FD stays
 * the caller's.
 */
int arc_open(struct arc *arc, int fd, bool stream, const char *root,
	     uint64_t max_entries, uint64_t max_bytes);

/* After arc_open() == 0 on a stream: the bytes it consumed. */
const void *arc_prefix(const struct arc *arc, size_t *len);

/*
 * Move to the next regular-file entry: 1 (E filled in), 2 for an entry to
 * report and skip (E->path and E->msg), 0 at the end, -1 on damage or a
 * limit (message in msg).
 */
int arc_next(struct arc *arc, struct arc_entry *e);

/*
 * The next bytes of the current entry: 1 with *BUF and *LEN (valid until
 * the next call), 0 at its end, -1 on damage or a limit (msg).
 */
int arc_read(struct arc *arc, const void **buf, size_t *len);

/* What went wrong, after a -1 from any of the above. */
const char *arc_message(const struct arc *arc);

void arc_close(struct arc *arc);

#endif
