/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_sniff.c - unit tests for sniff.c.
 *
 * Every input is built here from bytes: the start of each kind of archive
 * and compressed stream that libarchive takes, each beside a near miss
 * that it does not; inputs that must not be taken for archives (text,
 * UTF-8, nothing at all, zeros then text, random bytes, an ELF program, a
 * PNG image); every signature cut short at the end of a short input; and
 * a check that SNIFF_BYTES reaches as far as the rules look.
 *
 * Each expectation agrees with what libarchive 3.6.2 makes of the same
 * bytes, read with the formats and filters that archive_source.c enables
 * (an archive, a filter that it then decodes, or neither), except where a
 * comment says why not: zeros, and an input that goes on past the bytes
 * sniffed, which libarchive would read further.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sniff.h"

/* A buffer of SIZE bytes, zeroed, for a test to fill. */
static unsigned char *zeros(size_t size)
{
	unsigned char *b = calloc(1, size ? size : 1);

	assert_non_null(b);
	return b;
}

/* What sniff_archive() makes of the first N bytes of S. */
static const char *sniff_n(const char *s, size_t n)
{
	return sniff_archive(s, n);
}

#define SNIFF_LIT(lit) sniff_n(lit, sizeof(lit) - 1)

static void expect(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

/*
 * A tar header for a 5-byte file "a.txt": ustar, GNU or v7 (no magic),
 * with its checksum as tar writes it: six octal digits, NUL, space.
 */
enum tar_kind { USTAR, GNU, V7 };

static void tar_checksum(unsigned char *h, bool sign)
{
	long sum = 0;
	size_t i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += sign ? (signed char)h[i] : h[i];
	snprintf((char *)h + 148, 8, "%06lo", sum);
	h[155] = ' ';
}

static unsigned char *tar_header(enum tar_kind kind)
{
	unsigned char *h = zeros(1536);

	memcpy(h, "a.txt", 5);
	memcpy(h + 100, "0000644", 8);
	memcpy(h + 108, "0001750", 8);
	memcpy(h + 116, "0001750", 8);
	memcpy(h + 124, "00000000005", 12);
	memcpy(h + 136, "14000000000", 12);
	h[156] = '0';
	if (kind == USTAR)
		memcpy(h + 257, "ustar\0" "00", 8);
	else if (kind == GNU)
		memcpy(h + 257, "ustar  ", 8);
	tar_checksum(h, false);
	memcpy(h + 512, "hello", 5);
	return h;
}

static void test_tar(void **state)
{
	unsigned char *h;

	(void)state;
	h = tar_header(USTAR);
	expect(sniff_archive(h, 1536), "tar");
	free(h);
	h = tar_header(GNU);
	expect(sniff_archive(h, 1536), "tar");
	free(h);
	/* A v7 header has no magic: the checksum is what tells. */
	h = tar_header(V7);
	expect(sniff_archive(h, 1536), "tar");
	/* A header that ends the input is enough. */
	expect(sniff_archive(h, 512), "tar");
	/* A checksum summed over signed bytes, as old tars did. */
	h[1] = 0xe9;
	tar_checksum(h, true);
	expect(sniff_archive(h, 1536), "tar");
	/* A base-256 mode; a mode with leading spaces. */
	h[1] = 'x';
	memcpy(h + 100, "\x80\0\0\0\0\0\x01\xa4", 8);
	tar_checksum(h, false);
	expect(sniff_archive(h, 1536), "tar");
	memcpy(h + 100, "   644 ", 8);
	tar_checksum(h, false);
	expect(sniff_archive(h, 1536), "tar");
	free(h);
}

static void test_tar_near_misses(void **state)
{
	unsigned char *h = tar_header(USTAR);

	(void)state;
	h[0] = 'b';             /* the checksum no longer adds up */
	expect(sniff_archive(h, 1536), NULL);
	h[0] = 'a';
	h[156] = '!';           /* a type flag that is no letter or digit */
	tar_checksum(h, false);
	expect(sniff_archive(h, 1536), NULL);
	h[156] = '0';
	memcpy(h + 100, "x000644", 8);  /* a mode that is no number */
	tar_checksum(h, false);
	expect(sniff_archive(h, 1536), NULL);
	free(h);
}

/* Zeros are the end of an empty tar archive to libarchive, but not an
 * archive here (sniff.h); and text after them does not make one. */
static void test_zeros(void **state)
{
	unsigned char *b = zeros(10240 + 64);

	(void)state;
	expect(sniff_archive(b, 512), NULL);
	expect(sniff_archive(b, 10240), NULL);
	memcpy(b + 512, "just some text after the zeros\n", 31);
	expect(sniff_archive(b, 512 + 31), NULL);
	free(b);
}

static void test_cpio(void **state)
{
	static const char *const magics[] = {
		"070707", "070727", "070701", "070702",
	};
	char h[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(magics); i++) {
		memset(h, '0', sizeof(h));
		memcpy(h, magics[i], 6);
		expect(sniff_n(h, sizeof(h)), "cpio");
		/* the magic alone, as the whole input */
		expect(sniff_n(h, 6), "cpio");
	}
	/* Old binary cpio: octal 070707 as a 16-bit number, both orders. */
	memset(h, 0, sizeof(h));
	memcpy(h, "\x71\xc7", 2);
	expect(sniff_n(h, 26), "cpio");
	memcpy(h, "\xc7\x71", 2);
	expect(sniff_n(h, 26), "cpio");
	memcpy(h, "070708", 6);
	expect(sniff_n(h, 26), NULL);
}

static void test_zip(void **state)
{
	static const char *const heads[] = {
		"PK\3\4", "PK\5\6", "PK\7\10", "PK00", "PK\1\2", "PK\6\6",
	};
	char b[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(heads); i++) {
		memset(b, 0, sizeof(b));
		memcpy(b, heads[i], 4);
		expect(sniff_n(b, sizeof(b)), "zip");
	}
	/* An empty archive is its end record alone, 22 bytes. */
	expect(sniff_n(b, 22), "zip");
	memcpy(b, "PK\3\5", 4);
	expect(sniff_n(b, sizeof(b)), NULL);
}

static void test_7zip_ar(void **state)
{
	(void)state;
	expect(SNIFF_LIT("7z\xbc\xaf\x27\x1c\0\4" "0123456789abcdef"), "7zip");
	expect(SNIFF_LIT("!<arch>\n/               0           0     0     "
			 "0       4         `\n"), "ar");
	expect(SNIFF_LIT("!<arch>\n"), "ar");
	/* libarchive does not read a thin archive, only its name list */
	expect(SNIFF_LIT("!<thin>\nx.o/           0           0     0     "
			 "644     816       `\n"), NULL);
}

/* A 32-bit number both ways, as ISO 9660 stores them. */
static void both32(unsigned char *p, uint32_t v)
{
	p[0] = p[7] = v & 0xff;
	p[1] = p[6] = v >> 8 & 0xff;
	p[2] = p[5] = v >> 16 & 0xff;
	p[3] = p[4] = v >> 24;
}

/*
 * The start of an ISO 9660 volume: a system area (here 0xFF, as if a boot
 * loader were there, so that it cannot pass for zeros), then a boot
 * record, a primary volume descriptor of 200 blocks of 2048 bytes whose
 * root directory is at block 20, and the set terminator.
 */
static unsigned char *iso_volume(size_t size)
{
	unsigned char *b = zeros(size);
	unsigned char *d = b + 32768;

	memset(b, 0xff, 32768);
	memcpy(d, "\0CD001\1", 7);
	d += 2048;
	memcpy(d, "\1CD001\1", 7);
	memset(d + 8, ' ', 64);                 /* system and volume ids */
	both32(d + 80, 200);                    /* volume space size */
	d[120] = d[123] = 1;                    /* volume set size */
	d[124] = d[127] = 1;                    /* volume sequence number */
	d[129] = d[130] = 8;                    /* block size 2048, LE and BE */
	both32(d + 132, 10);                    /* path table size */
	d[140] = 19;                            /* type L path table */
	d[151] = 21;                            /* type M path table */
	d[156] = 34;                            /* root directory record */
	both32(d + 158, 20);
	both32(d + 166, 2048);
	d[181] = 2;                             /* a directory */
	d[184] = d[187] = 1;
	d[188] = 1;                             /* name length, name 0 */
	d[881] = 1;                             /* file structure version */
	d += 2048;
	memcpy(d, "\377CD001\1", 7);
	return b;
}

static void test_iso9660(void **state)
{
	unsigned char *b = iso_volume(64 * 1024);

	(void)state;
	expect(sniff_archive(b, 64 * 1024), "iso9660");
	expect(sniff_archive(b, 49152), "iso9660");
	/* The bidder wants eight descriptors: a shorter whole input is not
	 * one, however it starts. */
	expect(sniff_archive(b, 49151), NULL);
	/* The first descriptor must be of a known type (0 to 3, 255). */
	b[32768] = 4;
	expect(sniff_archive(b, 64 * 1024), NULL);
	/* and start at 32 KiB: not at 0x8801 or 0x9001, where file(1) also
	 * looks for one */
	memset(b + 32768, 0, 6);
	expect(sniff_archive(b, 64 * 1024), NULL);
	free(b);
}

static void test_gzip(void **state)
{
	char b[64];

	(void)state;
	expect(SNIFF_LIT("\x1f\x8b\x08\0\0\0\0\0\0\3" "\3\0\0\0\0\0\0\0\0\0"),
	       "gzip");
	/* an original name, NUL-terminated */
	expect(SNIFF_LIT("\x1f\x8b\x08\x08\0\0\0\0\0\3" "a.tar\0" "\3\0"),
	       "gzip");
	/* an extra field, a comment and a header CRC */
	expect(SNIFF_LIT("\x1f\x8b\x08\x16\0\0\0\0\0\3" "\2\0xy" "hi\0" "\0\0"),
	       "gzip");
	/* not deflate; a reserved flag */
	expect(SNIFF_LIT("\x1f\x8b\x07\0\0\0\0\0\0\3" "\3\0\0\0\0\0\0\0\0\0"),
	       NULL);
	expect(SNIFF_LIT("\x1f\x8b\x08\x20\0\0\0\0\0\3" "\3\0\0\0\0\0\0\0\0\0"),
	       NULL);
	/* A name with no end, or no room for the header CRC, in the whole
	 * input: the bidder runs out of input and declines. */
	expect(SNIFF_LIT("\x1f\x8b\x08\x08\0\0\0\0\0\3" "a.tar"), NULL);
	expect(SNIFF_LIT("\x1f\x8b\x08\x02\0\0\0\0\0\3" "\0"), NULL);
	/* a gzip header with nothing after it is still one */
	memcpy(b, "\x1f\x8b\x08\0\0\0\0\0\0\3", 10);
	expect(sniff_n(b, 10), "gzip");
}

/* A name that goes on past the sniffed bytes may end later: say yes.
 * (As the whole input, libarchive would run out and decline.) */
static void test_gzip_long_name(void **state)
{
	unsigned char *b = zeros(SNIFF_BYTES);

	(void)state;
	memcpy(b, "\x1f\x8b\x08\x08\0\0\0\0\0\3", 10);
	memset(b + 10, 'n', SNIFF_BYTES - 10);
	expect(sniff_archive(b, SNIFF_BYTES), "gzip");
	expect(sniff_archive(b, SNIFF_BYTES - 1), NULL);
	free(b);
}

static void test_bzip2(void **state)
{
	(void)state;
	expect(SNIFF_LIT("BZh91AY&SY\x12\x34\x56\x78\0\0"), "bzip2");
	/* the 14 bytes of an empty stream: its end at once */
	expect(SNIFF_LIT("BZh9\x17\x72\x45\x38\x50\x90\0\0\0\0"), "bzip2");
	expect(SNIFF_LIT("BZh01AY&SY\x12\x34\x56\x78\0\0"), NULL);
	expect(SNIFF_LIT("BZh9 is not a bzip2 file\n"), NULL);
}

static void test_xz_zstd_lz4_compress(void **state)
{
	(void)state;
	expect(SNIFF_LIT("\xfd" "7zXZ\0\0\4\xe6\xd6\xb4\x46"), "xz");
	expect(SNIFF_LIT("\x28\xb5\x2f\xfd\x24\x0c\x61\0\0"), "zstd");
	/* a skippable frame first (3.6 takes its magic alone) */
	expect(SNIFF_LIT("\x50\x2a\x4d\x18\4\0\0\0abcd"), "zstd");
	expect(SNIFF_LIT("\x5f\x2a\x4d\x18"), "zstd");
	expect(SNIFF_LIT("\x60\x2a\x4d\x18\4\0\0\0abcd"), NULL);
	/* lz4: a frame (version 01, 64 KiB blocks), a legacy stream */
	expect(SNIFF_LIT("\x04\x22\x4d\x18\x64\x40\xa7\0\0\0\0"), "lz4");
	expect(SNIFF_LIT("\x02\x21\x4c\x18\x09\0\0\0\x90\0\0"), "lz4");
	expect(SNIFF_LIT("\x04\x22\x4d\x18\x24\x40\xa7\0\0\0\0"), NULL);
	expect(SNIFF_LIT("\x04\x22\x4d\x18\x64\x30\xa7\0\0\0\0"), NULL);
	expect(SNIFF_LIT("\x04\x22\x4d\x18\x64\x41\xa7\0\0\0\0"), NULL);
	/* compress: 16 bits, block mode; a reserved bit set */
	expect(SNIFF_LIT("\x1f\x9d\x90\x68\0"), "compress");
	expect(SNIFF_LIT("\x1f\x9d\xb0\x68\0"), NULL);
}

static void test_lzma(void **state)
{
	(void)state;
	/* xz --format=lzma -6: 0x5D, 8 MiB, size unknown */
	expect(SNIFF_LIT("\x5d\0\0\x80\0\xff\xff\xff\xff\xff\xff\xff\xff\0"),
	       "lzma");
	/* LZMA SDK: other properties, 4 KiB, a known size */
	expect(SNIFF_LIT("\0\0\x10\0\0\5\0\0\0\0\0\0\0\0"), "lzma");
	/* xz short of memory: 3 MiB, only with its own properties */
	expect(SNIFF_LIT("\x5e\0\0\x30\0\xff\xff\xff\xff\xff\xff\xff\xff\0"),
	       "lzma");
	expect(SNIFF_LIT("\x5e\0\0\x30\0\5\0\0\0\0\0\0\0\0"), NULL);
	/* 225 is past the largest properties byte; an odd dictionary */
	expect(SNIFF_LIT("\xe1\0\0\x80\0\xff\xff\xff\xff\xff\xff\xff\xff\0"),
	       NULL);
	expect(SNIFF_LIT("\x5d\1\0\x80\0\xff\xff\xff\xff\xff\xff\xff\xff\0"),
	       NULL);
}

/* "hello world\n", uuencoded and in base64. */
#define UU_LINE ",:&5L;&\\@=V]R;&0*"
#define B64_LINE "aGVsbG8gd29ybGQK"

static void test_uu(void **state)
{
	(void)state;
	expect(SNIFF_LIT("begin 644 hello.txt\n" UU_LINE "\n`\nend\n"), "uu");
	/* after a mail's header lines, with CRLF */
	expect(SNIFF_LIT("From: someone\r\nSubject: files\r\n\r\n"
			 "begin 600 a.tar\r\n" UU_LINE "\r\n`\r\nend\r\n"), "uu");
	expect(SNIFF_LIT("begin-base64 644 hello.txt\n" B64_LINE "\n====\n"),
	       "uu");
	/* MINIX pads a line with a lowercase letter after its data */
	expect(SNIFF_LIT("begin 644 x\n#86)z\n`\nend\n"), "uu");
}

static void test_uu_near_misses(void **state)
{
	(void)state;
	/* prose about uuencode, not uuencoding */
	expect(SNIFF_LIT("begin 644 is how a uuencoded file starts\n"
			 "and then come the lines of data.\nend\n"), NULL);
	/* a tab, or UTF-8, before the begin line: not a line it reads */
	expect(SNIFF_LIT("Subject:\tfiles\nbegin 644 a\n" UU_LINE "\n`\n"),
	       NULL);
	expect(SNIFF_LIT("caf\xc3\xa9\nbegin 644 a\n" UU_LINE "\n`\n"), NULL);
	/* no octal mode; a begin line too short to name a file */
	expect(SNIFF_LIT("begin 6x4 hello.txt\n" UU_LINE "\n`\nend\n"), NULL);
	expect(SNIFF_LIT("begin 644 \n" UU_LINE "\n`\nend\n"), NULL);
	/* more than 45 bytes in a line ('N' says 46) */
	expect(SNIFF_LIT("begin 644 x\nN" "0123456789012345678901234567890123"
			 "456789012345678901234567890\n`\n"), NULL);
	/* base64 that is not */
	expect(SNIFF_LIT("begin-base64 644 hello.txt\nnot base64!\n====\n"),
	       NULL);
}

/* Fill B with lines of printable text up to AT, ending in a newline. */
static void text_lines(unsigned char *b, size_t at)
{
	size_t i;

	for (i = 0; i < at; i++)
		b[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
	b[at - 1] = '\n';
}

/* The uu bidder reads lines that start in the first 128 KiB only. */
static void test_uu_window(void **state)
{
	static const char block[] = "begin 644 a\n" UU_LINE "\n`\nend\n";
	size_t n = sizeof(block) - 1;
	unsigned char *b = zeros(SNIFF_BYTES);

	(void)state;
	text_lines(b, 128 * 1024 - 64);
	memcpy(b + 128 * 1024 - 64, block, n);
	expect(sniff_archive(b, 128 * 1024 - 64 + n), "uu");
	text_lines(b, 128 * 1024);
	memcpy(b + 128 * 1024, block, n);
	expect(sniff_archive(b, 128 * 1024 + n), NULL);
	/* A begin line cut off at the end of what was sniffed: the rest
	 * may follow, so it may be uuencoding. */
	text_lines(b, 128 * 1024 - 64);
	memcpy(b + 128 * 1024 - 64, "begin 644 ", 10);
	memset(b + 128 * 1024 - 54, 'n', SNIFF_BYTES - (128 * 1024 - 54));
	expect(sniff_archive(b, SNIFF_BYTES), "uu");
	/* but not a line of text cut off the same way */
	memcpy(b + 128 * 1024 - 64, "beguine", 7);
	expect(sniff_archive(b, SNIFF_BYTES), NULL);
	free(b);
}

static void test_text(void **state)
{
	static const char ascii[] =
		"The quick brown fox jumps over the lazy dog.\n"
		"\tIndented with a tab, 0123456789 and punctuation!?\n";
	static const char utf8[] =
		"Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln \xe2\x80\x94 "
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e, \xf0\x9f\x98\x80\n";
	unsigned char *b = zeros(2 * SNIFF_BYTES);
	size_t i;

	(void)state;
	expect(SNIFF_LIT(ascii), NULL);
	expect(SNIFF_LIT(utf8), NULL);
	/* many lines of it, more than is sniffed, and all of it at once */
	for (i = 0; i + sizeof(ascii) < 2 * SNIFF_BYTES; i += sizeof(ascii) - 1)
		memcpy(b + i, ascii, sizeof(ascii) - 1);
	expect(sniff_archive(b, SNIFF_BYTES), NULL);
	expect(sniff_archive(b, 2 * SNIFF_BYTES), NULL);
	free(b);
}

static void test_empty_and_short(void **state)
{
	(void)state;
	expect(sniff_archive(NULL, 0), NULL);
	expect(sniff_archive("", 0), NULL);
	expect(SNIFF_LIT("x"), NULL);
	expect(SNIFF_LIT("hi\n"), NULL);
	expect(SNIFF_LIT("PK"), NULL);
	expect(SNIFF_LIT("\n"), NULL);
}

/* Random bytes, from a fixed xorshift seed so that the run repeats. */
static void test_random(void **state)
{
	unsigned char *b = zeros(64 * 1024);
	uint64_t x = 0x9e3779b97f4a7c15u;
	size_t i;

	(void)state;
	for (i = 0; i < 64 * 1024; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		b[i] = (unsigned char)(x >> 24);
	}
	expect(sniff_archive(b, 64 * 1024), NULL);
	expect(sniff_archive(b, 600), NULL);
	expect(sniff_archive(b, 13), NULL);
	free(b);
}

/* The start of an x86-64 ELF executable: its header and a program
 * header, then the code. */
static void test_elf(void **state)
{
	static const unsigned char head[] = {
		0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		3, 0, 0x3e, 0, 1, 0, 0, 0, 0x60, 0x10, 0, 0, 0, 0, 0, 0,
		0x40, 0, 0, 0, 0, 0, 0, 0, 0x58, 0x31, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0x40, 0, 0x38, 0, 0x0d, 0, 0x40, 0, 0x1f, 0x1e, 0,
		/* program header 0: PT_PHDR */
		6, 0, 0, 0, 4, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0,
	};
	unsigned char *b = zeros(8192);
	size_t i;

	(void)state;
	memcpy(b, head, sizeof(head));
	for (i = 0x1060; i < 8192; i++)
		b[i] = (unsigned char)(0x48 + i * 7);
	expect(sniff_archive(b, 8192), NULL);
	expect(sniff_archive(b, sizeof(head)), NULL);
	free(b);
}

static void test_png(void **state)
{
	static const char png[] =
		"\x89PNG\r\n\x1a\n"
		"\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xff\x61"
		"\0\0\0\x0cIDATx\x9c\x63\x60\x18\x05\0\0\x10\0\x01\x8b\x7d\x2a\x55"
		"\0\0\0\0IEND\xae\x42\x60\x82";

	(void)state;
	expect(SNIFF_LIT(png), NULL);
}

/*
 * Each signature cut short at the end of the whole input: the bidder
 * asks for more than there is and declines, and so must the rule.
 */
static void test_truncated(void **state)
{
	static const struct { const char *bytes; size_t len; } cut[] = {
#define CUT(lit) { lit, sizeof(lit) - 1 }
		CUT("\x1f\x8b\x08\0\0\0\0\0\0"),        /* gzip wants 10 */
		CUT("BZh91AY&SY\0\0\0"),                /* bzip2 wants 14 */
		CUT("\xfd" "7zXZ"),                     /* xz wants 6 */
		CUT("\x5d\0\0\x80\0\xff\xff\xff\xff\xff\xff\xff\xff"), /* 14 */
		CUT("\x28\xb5\x2f"),                    /* zstd wants 4 */
		CUT("\x04\x22\x4d\x18\x64\x40\xa7\0\0\0"), /* lz4 wants 11 */
		CUT("\x02\x21\x4c\x18\x09\0\0\0\x90\0"),
		CUT("\x1f\x9d"),                        /* compress wants 3 */
		CUT("07070"),                           /* cpio wants 6 */
		CUT("\x71\xc7\0\0\0"),
		CUT("PK\3"),                            /* zip wants 4 */
		CUT("7z\xbc\xaf\x27"),                  /* 7-Zip wants 6 */
		CUT("!<arch>"),                         /* ar wants 8 */
		CUT("begin 644 a\n" UU_LINE "\n"),      /* uu: a byte after */
		CUT("begin 644 a\n" UU_LINE),           /* a line with no end */
		CUT("begin-base64 644 a\n" B64_LINE "\n"),
#undef CUT
	};
	unsigned char *h = tar_header(USTAR);
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cut); i++) {
		const char *got = sniff_n(cut[i].bytes, cut[i].len);

		if (got)
			fail_msg("cut[%zu] taken for %s", i, got);
	}
	expect(sniff_archive(h, 511), NULL);    /* tar wants 512 */
	free(h);
}

/* SNIFF_BYTES reaches as far as the rules look. */
static void test_sniff_bytes(void **state)
{
	(void)state;
	/* ISO 9660: "CD001" at 32769, and eight descriptors in all */
	assert_true(SNIFF_BYTES >= 32769 + 5);
	assert_true(SNIFF_BYTES >= 32768 + 8 * 2048);
	/* uu: a begin line that starts just short of 128 KiB, the line
	 * after it, and a byte */
	assert_true(SNIFF_BYTES > 128 * 1024 + 2 * 64);
	/* tar's first header */
	assert_true(SNIFF_BYTES >= 512);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tar),
		cmocka_unit_test(test_tar_near_misses),
		cmocka_unit_test(test_zeros),
		cmocka_unit_test(test_cpio),
		cmocka_unit_test(test_zip),
		cmocka_unit_test(test_7zip_ar),
		cmocka_unit_test(test_iso9660),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_long_name),
		cmocka_unit_test(test_bzip2),
		cmocka_unit_test(test_xz_zstd_lz4_compress),
		cmocka_unit_test(test_lzma),
		cmocka_unit_test(test_uu),
		cmocka_unit_test(test_uu_near_misses),
		cmocka_unit_test(test_uu_window),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_empty_and_short),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_elf),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_sniff_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
