/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * archive_source.h - the entries of an archive as a source (libarchive).
 *
 * arc_open() looks at what FD holds.  Formats and filters are enabled one
 * by one (tar, cpio, zip, 7z, iso9660, ar; gzip, bzip2, xz, lzma, zstd,
 * lz4, compress, uu), never all of them (libarchive's "all" reads any text
 * as mtree) and never a filter that would run an external program.  What
 * none of them recognises is not an archive: the caller counts it as one
 * plain file.  So is what yields no entry at all, only an end-of-archive
 * marker (libarchive takes a first block of 512 zero bytes, as in a
 * sparse file or a disk image, for an empty tar).  For a stream, every
 * byte read while deciding is kept, so that it can still be counted
 * (arc_prefix()).  A stream that is a regular file at its start is read
 * as a file; a stream that starts like a zip or a 7z, which libarchive
 * can only read whole by seeking, is first copied into an unlinked
 * temporary file (at most --max-bytes), so that both give what the file
 * gives.
 *
 * arc_next() moves to the next entry and yields the regular files among
 * them; directories, links and special files are skipped.  An entry is
 * named ROOT/ENTRY, ENTRY being its stored path without leading "/" and
 * "./": the archive stands where a directory would.  Names are the bytes
 * stored in the archive; names that a format stores as Unicode (zip's
 * UTF-8 flag, pax, 7z, Joliet) are given in UTF-8 whatever the locale,
 * so that no entry is lost to a name the locale cannot spell.
 *
 * arc_read() gives an entry's bytes.  Only a gap between the offsets of
 * libarchive's data blocks (or before the end offset it reports) is a
 * hole of a sparse entry, read as NUL bytes, or, when the caller sets
 * arc->holes, given as its length alone; an entry is never padded to
 * the size its header claims.  Data that ends before that size, or goes
 * past it, is counted as it is and noted (arc_note()).
 *
 * libarchive's whole error ladder is followed, as bsdtar does: WARN is a
 * result with a message (the entry is counted, then noted), RETRY a
 * damaged header that libarchive skipped (a note about the archive),
 * FAILED a loss of this entry only (reading goes on with the next), and
 * FATAL the end of the archive.  The limits on the number of headers and
 * on the bytes of entry data turn an archive bomb into an error like any
 * other damage.
 *
 * Parent only, one thread.  Messages (libarchive's own, or ours) are in
 * arc->msg.
 */
#ifndef FSTAT_PAR_ARCHIVE_SOURCE_H
#define FSTAT_PAR_ARCHIVE_SOURCE_H

#include <locale.h>
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
	bool rewind;            /* FD was given as a stream but can seek */
	bool ended;             /* the stream gave its last byte */
	size_t served;          /* bytes of seen given to libarchive */
	int spool_fd;           /* the stream held in a file, or -1 */
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
	uint64_t endoff;        /* where libarchive says the entry ends */
	bool endoff_set;
	bool retrying;          /* the last header was a RETRY */
	bool noted;             /* the current entry has a note */
	bool over_max;          /* more than max_bytes decompressed */
	struct strbuf msg;
	struct strbuf note;     /* the current entry's warnings (arc_note) */
	locale_t utf8;          /* libarchive runs in it, or (locale_t)0 */
	/* Set by the caller after arc_open(), or NULL: once *stop is set (by
	 * a signal handler that interrupts read(2)), reading a stream fails
	 * with EINTR instead of waiting for more. */
	const volatile sig_atomic_t *stop;
	/* Set by the caller after arc_open(): arc_read() gives a hole as
	 * its length (2), not as NUL bytes. */
	bool holes;
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

/*
 * After arc_open() == 0: where to count the input from, which may not be
 * the FD given (a stream held in a temporary file), and the bytes that it
 * has already lost (a stream), to be counted first.
 */
int arc_fd(const struct arc *arc);
const void *arc_prefix(const struct arc *arc, size_t *len);

/*
 * Move to the next regular-file entry:
 *   1  E filled in; its bytes come from arc_read();
 *   2  an entry lost (encrypted, or a header libarchive could read only
 *      in part): report E->path with E->msg, then go on;
 *   3  a header libarchive could not read and skipped: report the archive
 *      with arc_message(), then go on (a run of them is reported once);
 *   0  the end;
 *  -1  the archive cannot be read further (damage or a limit): msg.
 */
int arc_next(struct arc *arc, struct arc_entry *e);

/*
 * The next bytes of the current entry: 1 with *BUF and *LEN (valid until
 * the next call), 2 with arc->holes for a hole of *LEN NUL bytes (*BUF
 * NULL), 0 at its end (then see arc_note()), -1 when this entry is lost
 * but the next can be read (msg), -2 when the archive cannot be read
 * further (damage or a limit: msg).  Holes count against max_bytes as
 * the bytes they stand for.
 */
int arc_read(struct arc *arc, const void **buf, size_t *len);

/*
 * After arc_next() == 1 and arc_read() == 0: NULL, or what was wrong with
 * the entry although it could be counted (libarchive's warnings, a size
 * that does not match its header), to be reported after its row.
 */
const char *arc_note(const struct arc *arc);

/* The current entry's ROOT/ENTRY (after arc_next() gave it). */
const char *arc_path(const struct arc *arc, size_t *len);

/* What went wrong, after a -1 from any of the above. */
const char *arc_message(const struct arc *arc);

void arc_close(struct arc *arc);

#endif
