/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sniff.c - might this input be an archive? See sniff.h.
 *
 * Each rule restates one libarchive bidder, named in its comment (the
 * file is libarchive/archive_read_support_<name>.c): what it reads and
 * what it accepts, in our own words.  A bidder asks libarchive for the
 * bytes it needs and declines when the input ends first; a rule does the
 * same when it has the whole input (struct view's whole).  When the input
 * goes on past what was sniffed, the rule cannot know and says yes: that
 * is the safe answer.
 *
 * libarchive chooses the filters first, then a format from what they
 * give.  Here every rule looks at the raw bytes, in the order of the
 * table at the end, and the first one to accept names the input.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sniff.h"

/* The uu bidder stops looking for a "begin" line 128 KiB in
 * (UUENCODE_BID_MAX_READ). */
#define UU_SCAN (128 * 1024)

/* The ISO 9660 volume descriptors follow a 32 KiB system area, and the
 * bidder wants eight of them, 2048 bytes each, before it bids. */
#define ISO_SYSTEM_AREA (16 * 2048)
#define ISO_BID_BYTES (ISO_SYSTEM_AREA + 8 * 2048)

struct view {
	const unsigned char *p;
	size_t len;
	bool whole;             /* p holds the whole input, not its start */
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static bool starts(const struct view *v, const char *magic, size_t n)
{
	return v->len >= n && memcmp(v->p, magic, n) == 0;
}

/*
 * filter_gzip.c, peek_at_header(): 1F 8B, deflate (8), no reserved flag;
 * then the optional fields that the flags announce must all be there: an
 * extra field's length, a NUL-terminated name and comment, a header CRC
 * (its value is not checked).  The extra field itself is only skipped.
 */
static bool gzip(const struct view *v)
{
	const unsigned char *p = v->p;
	size_t n = 10;
	int flag;

	if (v->len < 10 || memcmp(p, "\x1f\x8b\x08", 3) != 0 || (p[3] & 0xe0))
		return false;
	if (p[3] & 4) {
		if (v->len < n + 2)
			return !v->whole;
		n += 2 + ((size_t)p[n] | (size_t)p[n + 1] << 8);
	}
	for (flag = 8; flag <= 16; flag <<= 1) {
		const unsigned char *nul;

		if (!(p[3] & flag))
			continue;
		nul = n < v->len ? memchr(p + n, 0, v->len - n) : NULL;
		if (!nul)
			return !v->whole;
		n = (size_t)(nul - p) + 1;
	}
	if ((p[3] & 2) && v->len < n + 2)
		return !v->whole;
	return true;
}

/* filter_bzip2.c, bzip2_reader_bid(): "BZh", a block size '1' to '9', and
 * a block (the digits of pi) or the end of the stream (of sqrt(pi)); it
 * wants 14 bytes, the smallest bzip2 file. */
static bool bzip2(const struct view *v)
{
	const unsigned char *p = v->p;

	return v->len >= 14 && memcmp(p, "BZh", 3) == 0 &&
	       p[3] >= '1' && p[3] <= '9' &&
	       (memcmp(p + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 ||
		memcmp(p + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0);
}

/* filter_xz.c, xz_bidder_bid(): the six-byte stream header magic. */
static bool xz(const struct view *v)
{
	return starts(v, "\xfd" "7zXZ\0", 6);
}

/*
 * filter_xz.c, lzma_bidder_bid(): the .lzma header has no magic, only
 * parameters that must make sense in its 14 bytes.  The properties byte
 * is at most (4 * 5 + 4) * 9 + 8 = 224.  The dictionary size must be a
 * power of two from 4 KiB to 128 MiB, or, when the properties byte is
 * xz's (0x5D or 0x5E) and the uncompressed size unknown (all ones), a
 * multiple of 1 MiB from 3 MiB to 63 MiB (what xz falls back to when it
 * is short of memory).
 */
static bool lzma(const struct view *v)
{
	const unsigned char *p = v->p;
	uint32_t dict;
	bool xz_made;

	if (v->len < 14 || p[0] > 224)
		return false;
	dict = le32(p + 1);
	if (dict >= 1u << 12 && dict <= 1u << 27 && (dict & (dict - 1)) == 0)
		return true;
	xz_made = (p[0] == 0x5d || p[0] == 0x5e) && le64(p + 5) == UINT64_MAX;
	return xz_made && dict >= 3u << 20 && dict <= 63u << 20 &&
	       (dict & ((1u << 20) - 1)) == 0;
}

/*
 * filter_zstd.c, zstd_bidder_bid(): 4 bytes, a frame magic 28 B5 2F FD
 * or a skippable frame's (0x184D2A50 to 0x184D2A5F, little-endian).  3.6
 * stops there; later versions step over the skippable frames and want a
 * real frame after them, which is stricter.
 */
static bool zstd(const struct view *v)
{
	uint32_t m;

	if (v->len < 4)
		return false;
	m = le32(v->p);
	return m == 0xfd2fb528 || (m & 0xfffffff0) == 0x184d2a50;
}

/*
 * filter_lz4.c, lz4_reader_bid(), on 11 bytes: the frame magic 04 22 4D
 * 18 with a descriptor of version 01, reserved bits clear and a block
 * size code of 4 to 7; or the legacy magic 02 21 4C 18 alone.
 */
static bool lz4(const struct view *v)
{
	const unsigned char *p = v->p;
	uint32_t m;

	if (v->len < 11)
		return false;
	m = le32(p);
	if (m == 0x184c2102)
		return true;
	return m == 0x184d2204 && (p[4] >> 6) == 1 && !(p[4] & 2) &&
	       ((p[5] >> 4) & 7) >= 4 && !(p[5] & 0x8f);
}

/* filter_compress.c, compress_bidder_bid(): 1F 9D, and the two reserved
 * bits of the third byte clear. */
static bool compress(const struct view *v)
{
	return v->len >= 3 && v->p[0] == 0x1f && v->p[1] == 0x9d &&
	       !(v->p[2] & 0x60);
}

/* The uu bidder's alphabets: uuencoding, and base64 with '='. */
static bool uu_char(unsigned c)
{
	return c >= 0x20 && c <= 0x60;
}

static bool b64_char(unsigned c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

/*
 * One line as the uu bidder reads it: printable ASCII, ended by "\n",
 * "\r\n" or a lone "\r".  1 with its length *LEN (the end included) and
 * the end's length *NL; 0 when another byte comes first (a tab, a NUL,
 * UTF-8); -1 when the view ends first.  A "\r" at the end of a partial
 * view may be the start of "\r\n": that is -1 too.
 */
static int uu_line(const struct view *v, size_t at, size_t *len, size_t *nl)
{
	size_t i;

	for (i = at; i < v->len; i++) {
		unsigned c = v->p[i];

		if (c == '\n' || c == '\r') {
			*nl = 1;
			if (c == '\r' && i + 1 < v->len && v->p[i + 1] == '\n')
				*nl = 2;
			else if (c == '\r' && i + 1 == v->len && !v->whole)
				return -1;
			*len = i + *nl - at;
			return 1;
		}
		if (c < 0x20 || c > 0x7e)
			return 0;
	}
	return -1;
}

/* The "begin" line: "begin " or "begin-base64 ", a three-digit octal
 * mode and a space, with a name after it.  The length of the prefix
 * before the mode, or 0. */
static size_t uu_begin(const unsigned char *s, size_t n)
{
	size_t l;

	if (n >= 11 && memcmp(s, "begin ", 6) == 0)
		l = 6;
	else if (n >= 18 && memcmp(s, "begin-base64 ", 13) == 0)
		l = 13;
	else
		return 0;
	if (s[l] < '0' || s[l] > '7' || s[l + 1] < '0' || s[l + 1] > '7' ||
	    s[l + 2] < '0' || s[l + 2] > '7' || s[l + 3] != ' ')
		return 0;
	return l;
}

/*
 * filter_uu.c, uudecode_bidder_bid(): the line after a "begin" line, and
 * a byte after that line, must look like uuencoding.  For "begin ", the
 * first character gives the line's number of bytes N (at most 45) and N
 * more characters must follow, all of the uu alphabet; one more (a
 * checksum, or MINIX's lowercase padding) may end the line; then the
 * bidder looks one byte further, past the line's end, and wants the uu
 * alphabet there.  (Past a line with more after those N characters it
 * lands inside the line: that byte is what it looks at, and so do we.)
 * For "begin-base64 ", the line must be base64 and the next one start
 * with a base64 character ("====" ends the data).
 */
static bool uu_data(const struct view *v, size_t at, size_t prefix)
{
	const unsigned char *p = v->p;
	size_t len, nl, end, rest, n, i, q;
	int r;

	if (at == v->len)
		return !v->whole;
	r = uu_line(v, at, &len, &nl);
	if (r <= 0)
		return r < 0 && !v->whole;
	end = at + len;
	if (prefix == 13) {
		for (i = at; i < end - nl; i++)
			if (!b64_char(p[i]))
				return false;
		if (end == v->len)
			return !v->whole;
		return b64_char(p[end]);
	}
	if (!uu_char(p[at]))
		return false;
	n = (p[at] - 0x20) & 0x3f;
	rest = len - 1 - nl;
	if (n > 45 || n > rest)
		return false;
	for (i = at + 1; i <= at + n; i++)
		if (!uu_char(p[i]))
			return false;
	q = at + 1 + n;
	if (rest - n == 1 && (uu_char(p[q]) || (p[q] >= 'a' && p[q] <= 'z')))
		q++;
	q += nl;
	if (end == v->len)
		return !v->whole;
	return uu_char(p[q]);
}

/*
 * filter_uu.c, uudecode_bidder_bid(): lines from the start, each of
 * printable ASCII, until a "begin" line that starts within the first
 * 128 KiB; any other byte before it, or a line with no end, and the
 * bidder declines.  (How far it really looks depends on how libarchive's
 * buffer grows; it never looks at a line that starts later.)
 */
static bool uu(const struct view *v)
{
	size_t at = 0, len, nl, prefix;
	int r;

	while (at < UU_SCAN && at < v->len) {
		r = uu_line(v, at, &len, &nl);
		if (r == 0)
			return false;
		if (r < 0)      /* a long line, cut off: is it "begin"? */
			return !v->whole && uu_begin(v->p + at, v->len - at);
		prefix = uu_begin(v->p + at, len - nl);
		at += len;
		if (prefix)
			return uu_data(v, at, prefix);
	}
	return false;
}

/*
 * format_tar.c, checksum(): the checksum field, read as an octal number
 * (leading spaces and tabs skipped, up to the first other character), is
 * the sum of the header's 512 bytes with the field itself counted as
 * spaces, taken as unsigned bytes or, for old tars that got it wrong, as
 * signed ones.  Newer libarchive also refuses a field with anything but
 * spaces, NULs and octal digits; older versions do not, and neither does
 * this rule.
 */
static bool tar_checksum(const unsigned char *h)
{
	const unsigned char *f = h + 148;
	long want = 0, usum = 0, ssum = 0;
	size_t i;

	for (i = 0; i < 8 && (f[i] == ' ' || f[i] == '\t'); i++)
		;
	for (; i < 8 && f[i] >= '0' && f[i] <= '7'; i++)
		want = want * 8 + (f[i] - '0');
	for (i = 0; i < 512; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : h[i];

		usum += c;
		ssum += (signed char)c;
	}
	return want == usum || want == ssum;
}

/*
 * format_tar.c, archive_read_format_tar_bid(), on the first 512 bytes: a
 * valid checksum (above), a type flag that is NUL, a digit or a letter,
 * and a mode that starts as an octal number, a space or a base-256 value
 * (NUL, 0x80, 0xFF; older versions refuse 0x80, newer ones check every
 * number field, which is stricter).  The ustar
 * and GNU magic only raise the bid: a v7 header needs neither.
 * libarchive also takes a block of zeros, as the end of an empty archive;
 * that fails the checksum here, on purpose (sniff.h).
 */
static bool tar(const struct view *v)
{
	const unsigned char *h = v->p;
	unsigned t, m;

	if (v->len < 512 || !tar_checksum(h))
		return false;
	t = h[156];
	m = h[100];
	if (t && !(t >= '0' && t <= '9') && !(t >= 'A' && t <= 'Z') &&
	    !(t >= 'a' && t <= 'z'))
		return false;
	return m == 0 || m == 0x80 || m == 0xff || m == ' ' ||
	       (m >= '0' && m <= '7');
}

/*
 * format_cpio.c, archive_read_format_cpio_bid(), on 6 bytes: the ASCII
 * magic of odc (070707), afio's large odc (070727), newc (070701) or
 * newc with CRC (070702); or the old binary magic, octal 070707, as a
 * 16-bit number in either byte order.
 */
static bool cpio(const struct view *v)
{
	const unsigned char *p = v->p;
	unsigned be;

	if (v->len < 6)
		return false;
	if (memcmp(p, "0707", 4) == 0 &&
	    (memcmp(p + 4, "07", 2) == 0 || memcmp(p + 4, "27", 2) == 0 ||
	     memcmp(p + 4, "01", 2) == 0 || memcmp(p + 4, "02", 2) == 0))
		return true;
	be = (unsigned)p[0] << 8 | p[1];
	return be == 0x71c7 || be == 0xc771;    /* 070707 either way */
}

/*
 * format_zip.c, archive_read_format_zip_streamable_bid(): "PK" and one of
 * the record types a zip can start with: a local file header (3 4), the
 * end of an empty archive (5 6), a spanning marker (7 8, or "00"), a
 * central directory header (1 2) or a Zip64 end record (6 6).
 */
static bool zip(const struct view *v)
{
	static const char *const kinds[] = {
		"\3\4", "\5\6", "\7\10", "00", "\1\2", "\6\6",
	};
	size_t i;

	if (v->len < 4 || v->p[0] != 'P' || v->p[1] != 'K')
		return false;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (memcmp(v->p + 2, kinds[i], 2) == 0)
			return true;
	return false;
}

/* format_7zip.c, archive_read_format_7zip_bid(): the six-byte signature
 * (the self-extracting kind is not looked for: sniff.h). */
static bool sevenzip(const struct view *v)
{
	return starts(v, "7z\xbc\xaf\x27\x1c", 6);
}

/* format_ar.c, archive_read_format_ar_bid(): the global header.  A thin
 * archive ("!<thin>\n") is not one to libarchive. */
static bool ar(const struct view *v)
{
	return starts(v, "!<arch>\n", 8);
}

/*
 * format_iso9660.c, archive_read_format_iso9660_bid(): it wants the
 * system area and eight volume descriptors (48 KiB), and the first
 * descriptor, at 32 KiB, must be of a known type (0 to 3, or 255 for the
 * set terminator) with the identifier "CD001".  It goes on to require a
 * primary volume descriptor and a terminator among the eight; that is not
 * checked here.  A descriptor elsewhere (0x8801, 0x9001, where file(1)
 * also looks) is not enough for it.
 */
static bool iso9660(const struct view *v)
{
	const unsigned char *d;

	if (v->len < ISO_BID_BYTES)
		return false;
	d = v->p + ISO_SYSTEM_AREA;
	return (d[0] <= 3 || d[0] == 255) && memcmp(d + 1, "CD001", 5) == 0;
}

static const struct rule {
	const char *name;
	bool (*match)(const struct view *v);
} rules[] = {
	{ "gzip", gzip },
	{ "bzip2", bzip2 },
	{ "xz", xz },
	{ "zstd", zstd },
	{ "lz4", lz4 },
	{ "compress", compress },
	{ "lzma", lzma },
	{ "uu", uu },
	{ "tar", tar },
	{ "cpio", cpio },
	{ "zip", zip },
	{ "7zip", sevenzip },
	{ "ar", ar },
	{ "iso9660", iso9660 },
};

const char *sniff_archive(const void *buf, size_t len)
{
	struct view v = { buf, len, len < SNIFF_BYTES };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].match(&v))
			return rules[i].name;
	return NULL;
}
