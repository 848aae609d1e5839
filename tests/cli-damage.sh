#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Damaged and hostile archives (testdata/archives/hostile; its README says
# how each is made, what is wrong with it and what it really holds).
# Every input ends in its true counts, or in a message naming it (and the
# entry) with exit status 1, or 2 when nothing of it can be read: never a
# count padded to what a header claims, never an entry missing in
# silence.  Each case runs on the file, on standard input redirected from
# it and on standard input through a pipe, at -j 1 and -j 3, and (as root)
# with no worker at all.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

H=${TESTDATA:-${srcdir:-$(dirname "$0")/..}/testdata}/archives/hostile
if ! H=$(cd "$H" 2>/dev/null && pwd) || [ ! -f "$H/tar-badsum.tar" ]; then
	echo "Bail out! no hostile archives in $H"
	exit 99
fi
cd "$H" || exit 99
LC_ALL=C
export LC_ALL
# What is made here must be readable by the user the no-worker runs drop to.
chmod 755 "$TMP"
umask 022

# No worker at all (the main process counts): root can drop to a user
# whose process limit allows no fork (see cli-env.sh).
serial=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
   command -v prlimit >/dev/null 2>&1 && ! under_valgrind; then
	serial="setpriv --reuid=64997 --regid=64997 --clear-groups prlimit --nproc=1"
fi

# bounded CMD...: CMD within 120 s and 1 GiB of memory (resident under a
# sanitizer, whose shadow memory rules out a limit on address space).
if instrumented; then
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=1024
	export ASAN_OPTIONS
	bounded() { timeout 120 "$@"; }
else
	bounded() { (ulimit -v 1048576 && exec timeout 120 "$@"); }
fi

# Squeeze the column padding (standard input pads differently).
squeeze() {
	sed 's/^ *//; s/  */ /g' "$1"
}

# stderr_matches FILE PATTERNS: each line of FILE matches the shell
# pattern on the same line of PATTERNS, and there are as many.
stderr_matches() {
	[ "$(wc -l <"$1")" -eq "$(wc -l <"$2")" ] || return 1
	i=0
	while IFS= read -r pat; do
		i=$((i + 1))
		line=$(sed -n "${i}p" "$1")
		# shellcheck disable=SC2254
		case $line in
		$pat) ;;
		*) return 1 ;;
		esac
	done <"$2"
}

# expect DESC INPUT STATUS [WAYS [JOBS]]: run fstat-par -lwc on INPUT each
# WAY (file, redirect, pipe; all three by default), at each -j of JOBS (1
# and 3 by default).  $TMP/rows holds the rows expected, $TMP/pats the
# stderr patterns, both with @ for the name the input goes by (INPUT, or -
# on standard input).
expect() {
	what=$1 input=$2 want=$3 ways=${4:-file redirect pipe} jobs=${5:-1 3}
	for way in $ways; do
		case $way in
		file) name=$input ;;
		*) name=- ;;
		esac
		sed "s|@|$name|g" "$TMP/rows" >"$TMP/want_rows"
		sed "s|@|$name|g" "$TMP/pats" >"$TMP/want_pats"
		for j in $jobs; do
			case $way in
			file) run bounded "$FSTAT_PAR" -j $j -lwc "$input" ;;
			redirect) run bounded "$FSTAT_PAR" -j $j -lwc - <"$input" ;;
			pipe)
				cat "$input" | bounded "$FSTAT_PAR" -j $j -lwc - \
					>"$TMP/out" 2>"$TMP/err"
				status=$?
				;;
			esac
			squeeze "$TMP/out" >"$TMP/got_rows"
			if [ "$status" -eq "$want" ] &&
			   cmp -s "$TMP/got_rows" "$TMP/want_rows" &&
			   stderr_matches "$TMP/err" "$TMP/want_pats"; then
				ok "$what ($way, -j $j)"
			else
				not_ok "$what ($way, -j $j)" "status $status, expected $want"
				echo "#   stdout:"; show "$TMP/out"
				echo "#   stderr:"; show "$TMP/err"
			fi
		done
		[ -n "$serial" ] && [ "$way" = file ] || continue
		# The main process alone: the same rows and messages, after
		# its warning (none when the input could not be read at all:
		# no worker was started).
		cp "$TMP/out" "$TMP/exp_out"
		{
			[ "$want" = 2 ] ||
			echo "fstat-par: warning: cannot start a worker process: Resource temporarily unavailable; counting in the main process"
			cat "$TMP/err"
		} >"$TMP/exp_err"
		# shellcheck disable=SC2086
		run env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			timeout 120 $serial "$FSTAT_PAR" -j 3 -lwc "$input"
		check "$what (no worker)" "$want"
	done
}

# rows LINE...: the rows expected; pats LINE...: the stderr patterns.
rows() { printf '%s\n' "$@" >"$TMP/rows"; }
pats() { if [ $# -gt 0 ]; then printf '%s\n' "$@"; fi >"$TMP/pats"; }

## 1. What yields no entry is a plain file ------------------------------

# libarchive takes a first block of zeros for an empty tar: the file, a
# sparse file, a disk image would vanish.
rows "1 1 518 @"
pats
expect "zero512.bin: 512 zero bytes, then text: one plain file" zero512.bin 0
rows "1 5 1051 @"
expect "zero1024.bin: 1024 zero bytes, then text: one plain file" zero1024.bin 0
rows "0 1 10240 @"
expect "empty.tar: no entry at all: counted as the file it is" empty.tar 0
{ head -c 512 /dev/zero; echo hello; } >"$TMP/z"
truncate -s 1048576 "$TMP/sparse" && printf 'tail\n' >>"$TMP/sparse"
cd "$TMP" || exit 99
rows "1 1 518 @"
expect "512 zero bytes then hello, made here" z 0
rows "1 1 1048581 @"
expect "a sparse file (a 1 MiB hole, then a line)" sparse 0
cd "$H" || exit 99

## 2. Never padded to what a header claims ------------------------------

rows "1 1 6 @/hello.txt"
pats "fstat-par: @/hello.txt: *wrong size*100*"
expect "zip-size-100.zip: 6 bytes where the header says 100" zip-size-100.zip 1
expect "zip-size-100-stored.zip: 6 bytes where the header says 100" zip-size-100-stored.zip 1
pats "fstat-par: @/hello.txt: *wrong size*3000000000*"
expect "zip-size-3g.zip: 6 bytes where the header says 3e9" zip-size-3g.zip 1
rows "0 1 5 @/hello.txt"
pats "fstat-par: @/hello.txt: 5 bytes of data where its header says 4294967301"
expect "zip-size-4g.zip: 5 bytes where the header says 4 GiB + 5" zip-size-4g.zip 1

## 3. Damage libarchive reports is reported -----------------------------

rows "1 1 6 @/a.txt" "1 3 24 @/c.txt" "2 4 30 total"
pats "fstat-par: @: Damaged tar archive"
expect "tar-badsum.tar: a broken header checksum is named" tar-badsum.tar 1
rows "1 7 30 @/bad.txt" "1 2 11 @/good.txt" "2 9 41 total"
pats "fstat-par: @/bad.txt: ZIP bad CRC*"
expect "zip-badcrc.zip: a bad CRC, counted and named" zip-badcrc.zip 1
expect "zip-badcrc-stored.zip: a bad CRC, counted and named" zip-badcrc-stored.zip 1
rows "1 3 22 @/first.txt"
pats "fstat-par: @/cut.txt: Truncated tar archive"
expect "tar-short.tar: the entry cut short is named, not printed" tar-short.tar 1
: >"$TMP/rows"
pats "fstat-par: @/README.txt: *truncated or damaged ASCII cpio*"
expect "cpio-cut-data.cpio: the entry cut short is named" cpio-cut-data.cpio 1
rows "6 37 245 @/README.txt"
pats "fstat-par: @: *truncated or damaged ASCII cpio*"
expect "cpio-cut-header.cpio: a header cut short, after the entry before it" cpio-cut-header.cpio 1

## 4. Names the locale cannot spell ----------------------------------

rows "1 2 21 @/привет.txt" "1 1 7 @/мир.txt" "2 3 28 total"
pats
expect "cyrillic.zip: UTF-8 names in the C locale" cyrillic.zip 0
LC_ALL=C.UTF-8
expect "cyrillic.zip: UTF-8 names in C.UTF-8" cyrillic.zip 0 file
LC_ALL=C
rows "1 3 21 @/файл.txt"
expect "cyrillic.7z: a UTF-16 name in the C locale" cyrillic.7z 0

## 5. Loops end -------------------------------------------------------

: >"$TMP/rows"
pats "fstat-par: @: Input requires too many filters*"
expect "gzip-25.tar.gz: 25 layers of gzip: an error, not a plain file" gzip-25.tar.gz 2
expect "gzip-recursive.gz: 40 layers of gzip: an error" gzip-recursive.gz 2
rows "1 2 12 @/deep.txt"
pats
expect "gzip-24.tar.gz: 24 layers of gzip are read" gzip-24.tar.gz 0
if under_valgrind; then
	skip "iso-rr-loop.iso: a Rock Ridge loop ends" "valgrind: 10 s of CPU time take too long"
else
	: >"$TMP/rows"
	pats "fstat-par: @: libarchive used 10 s of CPU time in one step without reading any input: the archive seems to loop"
	# 10 s of CPU time each: once as a file, once through a pipe.
	expect "iso-rr-loop.iso: a Rock Ridge loop ends" iso-rr-loop.iso 2 \
		"file pipe" 1
fi

# A bomb need not be selected to cost the time: what libarchive
# decompresses counts against --max-bytes, skipped entries too.
mkdir "$TMP/bomb" && head -c 50000000 /dev/zero >"$TMP/bomb/zeros" &&
	echo hi >"$TMP/bomb/a.txt" &&
	tar czf "$TMP/bomb.tar.gz" -C "$TMP/bomb" zeros a.txt || exit 99
rm -rf "$TMP/bomb"
cd "$TMP" || exit 99
printf '1 1 3 bomb.tar.gz/a.txt\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
run "$FSTAT_PAR" --max-bytes=100M -lwc bomb.tar.gz '*.txt'
check "a gzip bomb not selected, under --max-bytes: counted" 0
for way in file pipe; do
	if [ $way = file ]; then
		run "$FSTAT_PAR" --max-bytes=10M -lwc bomb.tar.gz '*.txt'
		name=bomb.tar.gz
	else
		cat bomb.tar.gz | "$FSTAT_PAR" --max-bytes=10M -lwc - '*.txt' \
			>"$TMP/out" 2>"$TMP/err"
		status=$?
		name=-
	fi
	: >"$TMP/exp_out"
	printf 'fstat-par: %s: more than 10485760 bytes decompressed; see --max-bytes\n' \
		"$name" >"$TMP/exp_err"
	check "a gzip bomb not selected, over --max-bytes: stopped ($way)" 1
done
cd "$H" || exit 99

## 6. Standard input gives what the file gives ---------------------------

rows "1 2 12 @/target.txt" "1 2 7 @/d/f.txt" "2 4 19 total"
pats
expect "zip-symlink.zip: the links are not files" zip-symlink.zip 0
rows "1 5 22 @/one.txt" "1 2 12 @/two.txt" "2 7 34 total"
expect "sfx.zip: a self-extracting zip" sfx.zip 0 "file redirect"
# Through a pipe, where nothing ahead of the zip says "zip", it is the
# plain file its bytes make (documented).
rows "14 74 616 @"
expect "sfx.zip through a pipe: one plain file" sfx.zip 0 pipe
rows "6 37 245 @/README.txt" "3 9 56 @/binary.dat" "5 16 113 @/dir/sub/utf8.md" \
	"3 15 74 @/dir/tabs-cr.txt" "5 7 27 @/docs/notes.md" \
	"2 9 42 @/docs/with space.txt" "11 28 161 @/hello.c" "0 0 0 @/empty" \
	"35 121 718 total"
cp ../tree.7z "$TMP/tree.7z"
cd "$TMP" || exit 99
expect "tree.7z: 7z needs to seek: held in a temporary file" tree.7z 0
cd "$H" || exit 99
rows "1 3 17 @/top/plain.txt"
pats "fstat-par: @/top/secret1.txt: encrypted entry skipped"
expect "encrypted-dd.zip: data descriptors and encryption" encrypted-dd.zip 1
# At most --max-bytes are held.
cat ../tree.zip | "$FSTAT_PAR" --max-bytes=100 - >"$TMP/out" 2>"$TMP/err"
status=$?
printf '%s\n' "fstat-par: -: more than 100 bytes to hold for an archive that must be read from a file; see --max-bytes" >"$TMP/exp_err"
: >"$TMP/exp_out"
check "a zip through a pipe larger than --max-bytes: one line, exit 2" 2

## 8. Messages a user can act on ---------------------------------------

: >"$TMP/rows"
pats "fstat-par: @: truncated or damaged xz or lzma data (liblzma: no progress is possible)"
expect "lzma-cut.tar.lzma: a cut lzma stream" lzma-cut.tar.lzma 2
expect "xz-cut.tar.xz: a cut xz stream" xz-cut.tar.xz 2
pats "fstat-par: @: archive cannot be read: truncated or damaged*"
expect "truncated-trailer.tar.gz: a gzip trailer cut off" truncated-trailer.tar.gz 2

## 9. One bad entry loses that entry only -------------------------------

rows "1 2 11 @/good.txt"
pats "fstat-par: @/method42.txt: Unsupported ZIP compression method*"
expect "unsupported-method.zip: the next entry is counted" unsupported-method.zip 1
pats "fstat-par: @/aes.txt: Unsupported ZIP compression method*"
expect "aes-noextra.zip: the next entry is counted" aes-noextra.zip 1
rows "1 3 17 @/top/plain.txt"
pats "fstat-par: @/top/secret1.txt: encrypted entry skipped" \
	"fstat-par: @/top/sub/secret2.txt: encrypted entry skipped"
expect "encrypted-dir.zip: each encrypted entry named" encrypted-dir.zip 1

done_testing
