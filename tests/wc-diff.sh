#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# wc-diff.sh - compare the counting kernel (src/count.c) with GNU wc 9.11.
#
# Usage: tests/wc-diff.sh [WC [CASES [SEED]]]
#
# WC is a GNU wc binary of version 9.11 or later (older ones count
# differently, see SPEC.md); without it (or with an empty one), GNU wc
# 9.11 is unpacked from ../shared/tools/wc-9.11.gz beside the source tree
# (tests/refwc.sh), and the test is skipped, with the reason, when there
# is none.  The script builds a small driver from src/count.c (with
# count_simd.c and cpu.c) with $CC (default cc) and $DRIVER_CFLAGS (make
# check passes the sanitizer flags of a --enable-sanitizers build), writes
# CASES random files (default 2000) biased towards the bytes the counting
# rules single out, and checks that the driver prints exactly what
#
#     LC_ALL=C WC -lwmcL                          (bytes)
#     LC_ALL=C POSIXLY_CORRECT=1 WC -lwmcL        (bytes-posix)
#     LC_ALL=C.UTF-8 WC -lwmcL                    (utf8)
#     LC_ALL=C.UTF-8 POSIXLY_CORRECT=1 WC -lwmcL  (utf8-posix)
#
# print for every file, and the same with -lwc, which takes other paths
# through the kernel.  The driver reads each file in pieces of random
# sizes, so the comparison also covers cuts between count_update calls;
# one file in 50 is up to 600 KiB, past the read buffers of both.  It
# counts with the kernel count_update chooses; set FSTAT_PAR_KERNEL
# (scalar, avx2, avx512) to check another.  "make check" runs it (it
# needs that wc and the C.UTF-8 locale).
#
# It speaks TAP: one line per mode and set of columns.  Exit status: 0 no
# difference (or skipped), 1 differences (the files are kept and named),
# 2 usage or setup error.

set -eu

me=${0##*/}
die() {
	printf '%s: %s\n' "$me" "$*" >&2
	exit 2
}

if [ $# -gt 3 ]; then
	die "usage: $me [WC [CASES [SEED]]]"
fi
wc=${1:-}
cases=${2:-2000}
seed=${3:-1}
case $cases$seed in
*[!0-9]*) die "CASES and SEED must be numbers" ;;
esac

srcdir=${SRCDIR:-${srcdir:-$(dirname "$0")/..}}
[ -f "$srcdir/src/count.c" ] || die "cannot find src/count.c under $srcdir"
# shellcheck source=tests/refwc.sh
. "$srcdir/tests/refwc.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wc-diff.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! refwc_find "$wc" "$srcdir" "$tmp"; then
	# Named, a wc that does not do is an error; found, it is a skip.
	[ -n "$wc" ] && die "$refwc_why"
	echo "1..0 # SKIP $refwc_why"
	exit 0
fi
wc=$refwc
echo "# comparing with GNU wc $refwc_version ($wc)"

cat >"$tmp/driver.c" <<'EOF'
/*
 * driver.c - written by wc-diff.sh.
 *   driver gen SEED CASES DIR   write the random files DIR/NNN/NNNNNN
 *   driver count MODE COLUMNS FILE...
 *                               print the COLUMNS (letters of lwmcL) of
 *                               each FILE as wc does, then its name; MODE
 *                               bytes, bytes-posix, utf8 or utf8-posix
 */
#include "compat.h"

#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "count.h"

static uint64_t rng_state;

/* splitmix64, so that a seed gives the same files everywhere. */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static size_t below(size_t n)
{
	return (size_t)(rng() % n);
}

static size_t put_utf8(unsigned char *out, uint32_t c)
{
	if (c < 0x800) {
		out[0] = (unsigned char)(0xc0 | c >> 6);
		out[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (unsigned char)(0xe0 | c >> 12);
		out[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | c >> 18);
	out[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/* One random piece of at most 8 bytes, biased as in tests/test_count.c. */
static size_t piece(unsigned char *out)
{
	static const unsigned char special[] = " \n\r\f\t\v\001\033\177";
	static const uint32_t wide[] = {
		0x00a0, 0x1680, 0x2000, 0x2003, 0x2007, 0x200a, 0x2028,
		0x2029, 0x202f, 0x205f, 0x2060, 0x3000, 0x0085, 0x200b,
		0xfeff, 0x180e, 0x0300, 0x00ad, 0xd7ff, 0xfffd, 0x10ffff,
		0x4e00, 0xac00, 0x1f600,
	};
	static const unsigned char leads[] = {
		0xe0, 0xed, 0xf0, 0xf4, 0xc2, 0xe1, 0xef, 0xf1, 0xf8, 0xfc,
	};
	static const unsigned char never[] = {
		0xc0, 0xc1, 0xf5, 0xf8, 0xfc, 0xfe, 0xff, 0xa0,
	};
	size_t k = below(100), n, i;

	if (k < 25) {
		n = 1 + below(6);
		for (i = 0; i < n; i++)
			out[i] = (unsigned char)(0x21 + below(0x5e));
		return n;
	}
	if (k < 45) {
		/* sizeof includes the NUL, which is wanted here too. */
		out[0] = special[below(sizeof(special))];
		return 1;
	}
	if (k < 50) {
		out[0] = (unsigned char)(0x80 + below(0x40));
		return 1;
	}
	if (k < 62)
		return put_utf8(out, wide[below(sizeof(wide) /
						sizeof(wide[0]))]);
	if (k < 72)
		return put_utf8(out, 0x80 + (uint32_t)below(0xd780));
	if (k < 86) {
		/* Up to 5 tails: the old 5- and 6-byte forms too. */
		out[0] = leads[below(sizeof(leads))];
		n = 1 + below(6);
		for (i = 1; i < n; i++)
			out[i] = below(3) ? (unsigned char)(0x80 + below(0x40)) :
					    (unsigned char)below(256);
		return n;
	}
	if (k < 92) {
		out[0] = never[below(sizeof(never))];
		return 1;
	}
	if (k < 97) {
		/* A three-byte character cut short. */
		put_utf8(out, 0x3000);
		return 1 + below(2);
	}
	out[0] = (unsigned char)below(256);
	return 1;
}

static int gen(const char *dir, size_t cases)
{
	enum { MAX_SIZE = 600 * 1024 };
	static unsigned char buf[MAX_SIZE + 8];
	char path[4096];
	size_t k;

	for (k = 0; k < cases; k++) {
		size_t size = k % 50 == 49 ? below(MAX_SIZE) : below(301);
		size_t n = 0;
		FILE *f;

		while (n < size)
			n += piece(buf + n);
		snprintf(path, sizeof(path), "%s/%03zu", dir, k / 1000);
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			perror(path);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/%03zu/%06zu", dir, k / 1000,
			 k);
		f = fopen(path, "wb");
		if (!f || fwrite(buf, 1, size, f) != size || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

static int count(enum count_mode mode, unsigned posix, const char *columns,
		 char **files, int nfiles)
{
	static unsigned char buf[4096];
	unsigned want = posix;
	int i;

	want |= strchr(columns, 'l') ? COUNT_WANT_LINES : 0;
	want |= strchr(columns, 'w') ? COUNT_WANT_WORDS : 0;
	want |= strchr(columns, 'm') ? COUNT_WANT_CHARS : 0;
	want |= strchr(columns, 'c') ? COUNT_WANT_BYTES : 0;
	want |= strchr(columns, 'L') ? COUNT_WANT_MAXLEN : 0;

	for (i = 0; i < nfiles; i++) {
		struct count_state st;
		struct counts c;
		FILE *f = fopen(files[i], "rb");
		size_t n;

		if (!f) {
			perror(files[i]);
			return 1;
		}
		count_init(&st, mode, want);
		while ((n = fread(buf, 1, 1 + below(sizeof(buf)), f)) > 0)
			count_update(&st, buf, n);
		fclose(f);
		count_finish(&st, &c);
		if (want & COUNT_WANT_LINES)
			printf("%llu ", (unsigned long long)c.lines);
		if (want & COUNT_WANT_WORDS)
			printf("%llu ", (unsigned long long)c.words);
		if (want & COUNT_WANT_CHARS)
			printf("%llu ", (unsigned long long)c.chars);
		if (want & COUNT_WANT_BYTES)
			printf("%llu ", (unsigned long long)c.bytes);
		if (want & COUNT_WANT_MAXLEN)
			printf("%llu ", (unsigned long long)c.maxlen);
		printf("%s\n", files[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "driver: no C.UTF-8 locale\n");
		return 2;
	}
	if (argc == 5 && strcmp(argv[1], "gen") == 0) {
		rng_state = strtoull(argv[2], NULL, 10);
		return gen(argv[4], strtoul(argv[3], NULL, 10));
	}
	if (argc >= 4 && strcmp(argv[1], "count") == 0) {
		rng_state = 42;
		return count(strncmp(argv[2], "utf8", 4) == 0 ? COUNT_UTF8 :
								COUNT_BYTES,
			     strstr(argv[2], "-posix") ? COUNT_POSIX : 0,
			     argv[3], argv + 4, argc - 4);
	}
	fprintf(stderr, "usage: driver gen SEED CASES DIR | "
			"driver count MODE COLUMNS FILE...\n");
	return 2;
}
EOF

# shellcheck disable=SC2086
${CC:-cc} -std=gnu11 -O2 ${DRIVER_CFLAGS:-} -I"$srcdir/src" \
	-o "$tmp/driver" "$tmp/driver.c" "$srcdir/src/count.c" \
	"$srcdir/src/count_simd.c" "$srcdir/src/cpu.c" ||
	die "cannot build the driver"
mkdir "$tmp/cases"
"$tmp/driver" gen "$seed" "$cases" "$tmp/cases" || die "cannot write the cases"

# One batch per directory of at most 1000 files keeps argument lists short.
# awk drops wc's column padding.
status=0
n=0
for cols in lwmcL lwc; do
	for mode in $refwc_modes; do
		# shellcheck disable=SC2046
		for d in "$tmp"/cases/*; do
			env $(refwc_env "$mode") "$wc" --total=never "-$cols" "$d"/*
		done | awk '{ $1 = $1; print }' >"$tmp/wc-$mode-$cols"
		for d in "$tmp"/cases/*; do
			"$tmp/driver" count "$mode" "$cols" "$d"/*
		done >"$tmp/kernel-$mode-$cols"
		n=$((n + 1))
		if cmp -s "$tmp/wc-$mode-$cols" "$tmp/kernel-$mode-$cols"; then
			printf 'ok %d - %s -%s: %s cases, no difference\n' \
				$n "$mode" "$cols" "$cases"
		else
			printf 'not ok %d - %s -%s: differences (< wc, > kernel):\n' \
				$n "$mode" "$cols"
			diff "$tmp/wc-$mode-$cols" "$tmp/kernel-$mode-$cols" |
				sed -n '1,20s/^/#   /p'
			status=1
		fi
	done
done
echo "1..$n"
if [ $status -ne 0 ]; then
	trap - EXIT
	printf '# inputs and outputs kept in %s\n' "$tmp"
fi
exit $status
