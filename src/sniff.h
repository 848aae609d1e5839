/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sniff.h - whether an input might be an archive, from its first bytes
 * alone, for when libarchive cannot be loaded to ask it.
 *
 * fstat-par counts a plain file or stream itself and needs libarchive only
 * for an archive (arclib.h loads it when the first one comes).  Without
 * it, sniff_archive() looks at the start of an input and says whether
 * libarchive, with the formats and filters that archive_source.c enables
 * (tar, cpio, zip, 7-Zip, ISO 9660, ar; gzip, bzip2, xz, lzma, zstd, lz4,
 * compress, uu), might take it: if so, the input needs libarchive; if
 * not, it is counted as one plain file, as it would be with libarchive.
 *
 * The rules restate libarchive's own bidders, version 3.6 and later (where
 * versions differ, the rule that accepts more), so a mistake falls on the
 * safe side: what libarchive would take is reported, and so is some input
 * that it would count as a plain file after all.  Chiefly a compressed
 * stream that holds no archive (a gzipped text): libarchive learns that
 * only by decompressing it, which cannot be done here.  Text is not
 * reported unless it holds a uuencoded block (a "begin 644 NAME" line and
 * a line of uuencoding) in its first 128 KiB, which libarchive's uu
 * filter takes too.
 *
 * What this cannot see: libarchive's zip reader finds the central
 * directory at the end of a seekable file, so a zip after a prefix (a
 * self-extracting zip, a zip appended to a script) is one to it but not
 * here; likewise a 7-Zip archive inside an ELF or PE program, which
 * libarchive looks for between 156 KiB and 384 KiB.  And one deliberate
 * difference: a first tar block of zeros is an empty tar archive to
 * libarchive, but it is not an archive here, so such input is counted as
 * a plain file.
 *
 * sniff_archive() is given the first LEN bytes of an input: SNIFF_BYTES
 * of them, or fewer only when the input is that short (then BUF is the
 * whole input; the caller reads until it has SNIFF_BYTES or meets the
 * end).  A longer BUF is fine, and BUF may be NULL when LEN is 0.  It
 * returns the name of the format or
 * filter the input looks like ("gzip", "tar", ...: a static string), or
 * NULL when libarchive would not take it for an archive.
 *
 * A pure function: no state, no allocation, no I/O, nothing that fails.
 * The parent calls it, where inputs are opened.
 */
#ifndef FSTAT_PAR_SNIFF_H
#define FSTAT_PAR_SNIFF_H

#include <stddef.h>

/*
 * Enough for every rule: the uu filter looks for its "begin" line in the
 * first 128 KiB, and this leaves room for that line and the one after
 * it (the ISO 9660 bidder reads 48 KiB, the rest much less).
 */
#define SNIFF_BYTES (128 * 1024 + 4096)

const char *sniff_archive(const void *buf, size_t len);

#endif
