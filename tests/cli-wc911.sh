#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What GNU wc 9.11 does where it does not read every byte, where a total
# overflows, how wide it makes the columns of standard input, and how it
# words the messages of --files0-from: a table of cases, each with the
# output, messages and exit status of wc 9.11 written in it.
#
# Each case is a shell command that runs $WC: fstat-par, and also GNU wc
# 9.11 when ../shared/tools/wc-9.11.gz is found beside the source tree
# (it is unpacked as "wc", whose messages start "wc: ", read here as
# "fstat-par: "), so the table is checked against the real thing; without
# it, those checks are skipped.  A case where fstat-par parts from 9.11
# on purpose gives both exit statuses (fstat-par/wc) or one row for each,
# with the reason.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
# The cases are ASCII, and the messages' quoting depends on the locale:
# one locale for both programs.
LC_ALL=C.UTF-8
[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || LC_ALL=C
export LC_ALL
unset POSIXLY_CORRECT

wcgz=${SRCDIR:-$(dirname "$0")/..}/../shared/tools/wc-9.11.gz
WC911=
if [ -f "$wcgz" ]; then
	mkdir wc911 && gzip -dc "$wcgz" >wc911/wc && chmod +x wc911/wc
	case $(wc911/wc --version 2>/dev/null | sed -n 1p) in
	'wc (GNU coreutils) 9.11'*) WC911=$TMP/wc911/wc ;;
	*) why911="$wcgz does not unpack to GNU wc 9.11" ;;
	esac
else
	why911="no GNU wc 9.11 at $wcgz"
fi

# t DESC STATUS CMD, the expected output on standard input: the lines of
# stdout, then a line "--stderr" and the lines of stderr.  CMD runs under
# sh -c in $TMP with $WC the program.  STATUS is the exit status of both,
# or FP/WC when they differ.  tfp: fstat-par only (9.11 has no such
# thing, or gives what the comment before it says); twc: 9.11 only,
# for a result fstat-par deliberately does not follow.
t_run() { # WHO DESC STATUS CMD PROG
	WC=$5 run sh -c "$4"
	sed -n '/^--stderr$/q;p' "$TMP/exp" >"$TMP/exp_out"
	sed -n '/^--stderr$/,$p' "$TMP/exp" | sed 1d >"$TMP/exp_err"
	if [ "$1" = wc ]; then
		sed 's/^wc: /fstat-par: /' "$TMP/err" >"$TMP/err.wc"
		mv "$TMP/err.wc" "$TMP/err"
	fi
	check "$2" "$3"
}
t_both() { # WHO DESC STATUS CMD
	cat >"$TMP/exp"
	case $1 in fp|both)
		t_run fp "$2" "${3%/*}" "$4" "$FSTAT_PAR" ;;
	esac
	case $1 in wc|both)
		if [ -n "$WC911" ]; then
			t_run wc "wc 9.11: $2" "${3#*/}" "$4" "$WC911"
		else
			skip "wc 9.11: $2" "$why911"
		fi ;;
	esac
}
t() { t_both both "$@"; }
tfp() { t_both fp "$@"; }
twc() { t_both wc "$@"; }

printf 'one\n' >a
printf 'two words\nand more\n' >b
printf 'from stdin\n' >in
: >empty
mkdir D 'my dir'
# 8 KiB on lines of 64 bytes: a size that is a multiple of the page.
awk 'BEGIN { for (i = 0; i < 128; i++) printf "%063d\n", i }' >p8k
# The same bytes one byte short, and an empty 64-bit offset test file.
head -c 8191 p8k >p8k-1

# Lists of names, NUL-separated.
list() { # FILE NAME...
	out=$1
	shift
	: >"$out"
	for n in "$@"; do
		printf '%s\0' "$n" >>"$out"
	done
}

# ---------------------------------------------------------------------------
# 3. -c alone takes the size, as wc -c does: a size that is not a multiple
# of the page size is the file's; one that is may be a placeholder (/proc
# says 0, /sys 4096), so wc reads the end of such a file, and fstat-par
# does too except on a file system known to keep exact sizes.  Every
# count is the same either way.

list lsizes a b p8k p8k-1 empty
t "-c: sizes of files from a list" 0 '$WC -c --files0-from=lsizes' <<'X'
    4 a
   19 b
 8192 p8k
 8191 p8k-1
    0 empty
16406 total
--stderr
X

t "-c: standard input that is a regular file" 0 '$WC -c - <b' <<'X'
19 -
--stderr
X

# From the current offset, as wc: what is left to read.
t "-c: standard input at an offset" 0 \
	'{ dd bs=5 skip=1 count=0 2>/dev/null; $WC -c -; } <b' <<'X'
14 -
--stderr
X

t "-c: standard input past its end" 0 \
	'{ dd bs=100 skip=1 count=0 2>/dev/null; $WC -c -; } <b' <<'X'
0 -
--stderr
X

# wc 9.11 moves by the end's offset from where it is, not to it, when
# the size is a multiple of the page size and the offset is not 0: it
# skips 100 bytes too many.  fstat-par counts what is there.
tfp "-c: standard input at an offset, size a multiple of the page" 0 \
	'{ dd bs=100 skip=1 count=0 2>/dev/null; $WC -c -; } <p8k' <<'X'
8092 -
--stderr
X
twc "-c: standard input at an offset, size a multiple of the page (9.11 miscounts)" 0 \
	'{ dd bs=100 skip=1 count=0 2>/dev/null; $WC -c -; } <p8k' <<'X'
7992 -
--stderr
X

# Standard input is left at its end, read or not.
t "-c: standard input is left at its end" 0 '{ $WC -c -; cat; } <b' <<'X'
19 -
--stderr
X

# In a single-byte locale -m is -c, and takes the size too.
t "-m in the C locale: the size" 0 \
	'LC_ALL=C $WC -m --files0-from=lsizes' <<'X'
    4 a
   19 b
 8192 p8k
 8191 p8k-1
    0 empty
16406 total
--stderr
X

# A 1 TiB sparse file reads in minutes: the size answers at once.
if truncate -s 1T sp1t 2>/dev/null && truncate -s 1099511627777 sp1t1 2>/dev/null; then
	list lsparse sp1t sp1t1
	t "-c: 1 TiB sparse files, at once" 0 \
		'timeout 20 $WC -c --files0-from=lsparse' <<'X'
1099511627776 sp1t
1099511627777 sp1t1
2199023255553 total
--stderr
X
	t "-c: 1 TiB sparse standard input, at once" 0 \
		'timeout 20 $WC -c - <sp1t' <<'X'
1099511627776 -
--stderr
X
	t "-cm in the C locale: 1 TiB sparse files, at once" 0 \
		'LC_ALL=C timeout 20 $WC -cm --files0-from=lsparse' <<'X'
1099511627776 1099511627776 sp1t
1099511627777 1099511627777 sp1t1
2199023255553 2199023255553 total
--stderr
X
	# A file of 32 MiB or more is split among workers for counting, but
	# not when its size is all there is to know.
	mkdir S && ln sp1t S/x && ln sp1t1 S/y && cp a S/z
	tfp "-c: a tree with 1 TiB sparse files, at once" 0 \
		'timeout 20 $WC -c -j 3 S' <<'X'
1099511627776 S/x
1099511627777 S/y
            4 S/z
2199023255557 total
--stderr
X
	tfp "-c: the same with --io-threads" 0 \
		'timeout 20 $WC -c -j 2 --io-threads 2 S' <<'X'
1099511627776 S/x
1099511627777 S/y
            4 S/z
2199023255557 total
--stderr
X
	# No worker at all: the main process counts the same way.  Root can
	# drop to a user whose process limit allows no fork (cli-damage.sh).
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
	   command -v prlimit >/dev/null 2>&1 && ! under_valgrind; then
		chmod 755 "$TMP" S && chmod 644 S/*
		# LeakSanitizer cannot start its tracer without a fork.
		run env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			timeout 20 setpriv --reuid=64997 --regid=64997 \
			--clear-groups prlimit --nproc=1 "$FSTAT_PAR" -c S
		cat >"$TMP/exp_out" <<'X'
1099511627776 S/x
1099511627777 S/y
            4 S/z
2199023255557 total
X
		echo "fstat-par: warning: cannot start a worker process: Resource temporarily unavailable; counting in the main process" >"$TMP/exp_err"
		check "-c: the same with no worker" 0
	else
		skip "-c: the same with no worker" "not root, or no setpriv and prlimit"
	fi
else
	skip "-c: 1 TiB sparse files" "this file system takes no 1 TiB file"
fi

# Files whose size says nothing: /proc says 0 and /sys 4096, and both
# are read.  /proc/kallsyms is read in pieces shorter than asked for.
for f in /proc/version /proc/kallsyms /sys/kernel/mm/transparent_hugepage/enabled \
	 /sys/devices/system/cpu/online; do
	if [ ! -r "$f" ] || ! cat "$f" >/dev/null 2>&1; then
		skip "-c of $f: as read" "no readable $f"
		continue
	fi
	want=$(cat "$f" | wc -c)
	is "-c of $f: as read" "$("$FSTAT_PAR" -c "$f")" "$want $f"
	want=$(cat "$f" | wc -l)
	is "-l of $f: as read" "$("$FSTAT_PAR" -l "$f")" "$want $f"
done

# fstat-par -c over a tree opens and stats each file, and reads none of
# them, where the file system keeps exact sizes (so not on /proc).
fs_exact() { # DIR: a file system whose st_size is the byte count
	case $(stat -f -c %T "$1" 2>/dev/null) in
	ext2/ext3|ext4|xfs|btrfs|tmpfs|zfs|f2fs|nfs|overlayfs|bcachefs) return 0 ;;
	esac
	return 1
}
# The file descriptors read(2) was called on (strace -y names them), but
# for pipes, sockets and what is not under DIR.
reads_under() { # TRACE DIR
	grep -E '^[0-9]+ +(read|pread64|readv|preadv|preadv2)\([0-9]+<' "$1" |
		sed -n "s|^[0-9]* *[a-z0-9]*([0-9]*<\\($2/[^>]*\\)>.*|\\1|p" | sort -u
}
if ! command -v strace >/dev/null 2>&1; then
	skip "-c reads no file of a tree" "no strace"
	skip "-c reads no file of /usr/include" "no strace"
elif ! strace -f -o /dev/null true 2>/dev/null; then
	skip "-c reads no file of a tree" "strace cannot trace here"
	skip "-c reads no file of /usr/include" "strace cannot trace here"
else
	mkdir R R/sub
	cp a b p8k p8k-1 empty R/
	cp p8k R/sub/x
	head -c 40000000 /dev/zero >R/sub/big40m
	if ! fs_exact R; then
		skip "-c reads no file of a tree" "$(stat -f -c %T R) may not keep exact sizes"
	else
		strace -f -y -qq -o trace -e trace=read,pread64,readv,preadv,preadv2 \
			"$FSTAT_PAR" -c -j 2 R >out 2>err
		got=$(reads_under trace "$TMP/R")
		is "-c reads no file of a tree" "$got" ""
		want=$(find R -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
		is "-c over the tree: the sizes" "$(tail -n 1 out)" "$want total"
		find R -type f -print0 >lR
		strace -f -y -qq -o trace -e trace=read,pread64,readv,preadv,preadv2 \
			"$FSTAT_PAR" -c -j 2 --files0-from=lR >/dev/null 2>&1
		is "-c reads no file of a list" "$(reads_under trace "$TMP/R")" ""
	fi
	if [ ! -d /usr/include ]; then
		skip "-c reads no file of /usr/include" "no /usr/include"
	elif ! fs_exact /usr/include; then
		skip "-c reads no file of /usr/include" "$(stat -f -c %T /usr/include) may not keep exact sizes"
	else
		strace -f -y -qq -o trace -e trace=read,pread64,readv,preadv,preadv2 \
			"$FSTAT_PAR" -c /usr/include >out 2>err
		got=$(reads_under trace /usr/include | head -n 5)
		is "-c reads no file of /usr/include" "$got" ""
		want=$(find /usr/include -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
		is "-c over /usr/include: the sizes" "$(tail -n 1 out)" "$want total"
	fi
	# /proc files are read all the same.
	if [ -r /proc/version ]; then
		strace -f -y -qq -o trace -e trace=read,pread64 \
			"$FSTAT_PAR" -c /proc/version >/dev/null 2>&1
		if [ -n "$(reads_under trace /proc)" ]; then
			ok "-c reads /proc/version"
		else
			not_ok "-c reads /proc/version" "no read(2) of it"
		fi
	fi
fi

# ---------------------------------------------------------------------------
# 4. Totals that overflow: wc saturates a total at the largest value,
# prints it, reports "total bytes: Value too large for defined data type"
# (and lines, words, characters) between the rows and the total, and
# exits 1.  Eight 2 EiB sparse files make 2^64 bytes: where this file
# system takes no such file, a tmpfs (/dev/shm) may.
hugedir=
if truncate -s 2E "$TMP/huge-probe" 2>/dev/null; then
	rm -f "$TMP/huge-probe"
	mkdir "$TMP/huge" && hugedir=$TMP/huge
elif [ -d /dev/shm ] && shm=$(mktemp -d /dev/shm/fstat-par-test.XXXXXX 2>/dev/null); then
	trap 'rm -rf "$shm"; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
	if truncate -s 2E "$shm/probe" 2>/dev/null; then
		rm -f "$shm/probe"
		hugedir=$shm
	fi
fi
if [ -z "$hugedir" ]; then
	skip "overflowing totals" "neither ${TMPDIR:-/tmp} nor /dev/shm takes a 2 EiB sparse file"
else
	ln -s "$hugedir" H
	truncate -s 2E H/big
	mkdir H/T
	for i in 1 2 3 4 5 6 7 8; do ln H/big "H/T/f$i.dat"; done
	list l8 H/big H/big H/big H/big H/big H/big H/big H/big
	list l4 H/big H/big H/big H/big
	t "-c: 4 x 2 EiB, no overflow" 0 'timeout 20 $WC -c --files0-from=l4' <<'X'
2305843009213693952 H/big
2305843009213693952 H/big
2305843009213693952 H/big
2305843009213693952 H/big
9223372036854775808 total
--stderr
X
	t "-c: 8 x 2 EiB: the total saturates, reported" 1 \
		'timeout 20 $WC -c --files0-from=l8' <<'X'
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
18446744073709551615 total
--stderr
fstat-par: total bytes: Value too large for defined data type
X
	# The message comes between the rows and the total.
	t "-c: 8 x 2 EiB: the message before the total" 0 \
		'{ timeout 20 $WC -c --files0-from=l8 2>&1; echo "status $?"; } | sed "s/^wc: /fstat-par: /"' <<'X'
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
fstat-par: total bytes: Value too large for defined data type
18446744073709551615 total
status 1
--stderr
X
	t "-c --total=only: saturated, reported" 1 \
		'timeout 20 $WC -c --total=only --files0-from=l8' <<'X'
18446744073709551615
--stderr
fstat-par: total bytes: Value too large for defined data type
X
	# No total printed: nothing to report.
	t "-c --total=never: no total, no message" 0 \
		'timeout 20 $WC -c --total=never --files0-from=l8' <<'X'
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
 2305843009213693952 H/big
--stderr
X
	t "-cm in the C locale: characters and bytes both" 1 \
		'LC_ALL=C timeout 20 $WC -cm --total=only --files0-from=l8' <<'X'
18446744073709551615 18446744073709551615
--stderr
fstat-par: total characters: Value too large for defined data type
fstat-par: total bytes: Value too large for defined data type
X
	tfp "-c over a tree of 8 x 2 EiB" 1 'timeout 20 $WC -c H/T' <<'X'
 2305843009213693952 H/T/f1.dat
 2305843009213693952 H/T/f2.dat
 2305843009213693952 H/T/f3.dat
 2305843009213693952 H/T/f4.dat
 2305843009213693952 H/T/f5.dat
 2305843009213693952 H/T/f6.dat
 2305843009213693952 H/T/f7.dat
 2305843009213693952 H/T/f8.dat
18446744073709551615 total
--stderr
fstat-par: total bytes: Value too large for defined data type
X
	tfp "json: the total saturates" 1 \
		'timeout 20 $WC -c --format=json --total=only H/T' <<'X'
{
  "total": {"bytes": 18446744073709551615}
}
--stderr
fstat-par: total bytes: Value too large for defined data type
X
	tfp "--summary: the group saturates too" 1 \
		'timeout 20 $WC -c --summary --total=only H/T' <<'X'
18446744073709551615

files                bytes extension
    8 18446744073709551615 .dat
--stderr
fstat-par: total bytes: Value too large for defined data type
X
	for k in 1 2 3; do
		timeout 20 "$FSTAT_PAR" -c --format=jsonl --shard=$k/3 H/T >s$k.jsonl 2>/dev/null
	done
	tfp "--merge: the merged total saturates, reported" 1 \
		'$WC --merge s1.jsonl s2.jsonl s3.jsonl' <<'X'
 2305843009213693952 H/T/f1.dat
 2305843009213693952 H/T/f2.dat
 2305843009213693952 H/T/f3.dat
 2305843009213693952 H/T/f4.dat
 2305843009213693952 H/T/f5.dat
 2305843009213693952 H/T/f6.dat
 2305843009213693952 H/T/f7.dat
 2305843009213693952 H/T/f8.dat
18446744073709551615 total
--stderr
fstat-par: total bytes: Value too large for defined data type
X
	for k in 1 2 3; do
		timeout 20 "$FSTAT_PAR" -c --format=jsonl --total=only --shard=$k/3 H/T >o$k.jsonl 2>/dev/null
	done
	tfp "--merge --total=only: saturated, reported" 1 \
		'$WC --merge --total=only o1.jsonl o2.jsonl o3.jsonl' <<'X'
18446744073709551615
--stderr
fstat-par: total bytes: Value too large for defined data type
X
fi

# ---------------------------------------------------------------------------
# 5. The width of the columns: wc stats its inputs and pads to the digits
# of the sum of the regular files' sizes, at least 7 when one is not a
# regular file; standard input is statted too.

t "- from a regular file: its size's width" 0 '$WC - <b' <<'X'
 2  4 19 -
--stderr
X
t "- from a regular file at an offset: its whole size's width" 0 \
	'{ dd bs=5 skip=1 count=0 2>/dev/null; $WC -; } <b' <<'X'
 2  3 14 -
--stderr
X
t "- from a pipe: 7" 0 'cat b | $WC -' <<'X'
      2       4      19 -
--stderr
X
t "- with one column: no padding" 0 'cat b | $WC -l -' <<'X'
2 -
--stderr
X
t "- from /dev/null: 7" 0 '$WC - </dev/null' <<'X'
      0       0       0 -
--stderr
X
t "/dev/null: 7" 0 '$WC /dev/null' <<'X'
      0       0       0 /dev/null
--stderr
X
if mkfifo F 2>/dev/null; then
	t "a FIFO: 7" 0 '{ printf "fifo data\n" >F & } ; $WC F' <<'X'
      1       2      10 F
--stderr
X
	list laF a F
	t "a FIFO in a list: 7" 0 '{ printf "fifo data\n" >F & } ; $WC --files0-from=laF' <<'X'
      1       1       4 a
      1       2      10 F
      2       3      14 total
--stderr
X
else
	skip "a FIFO: 7" "no mkfifo"
	skip "a FIFO in a list: 7" "no mkfifo"
fi
list ladb a - b
t "- in a list, from a regular file: counted in the width" 0 \
	'$WC --files0-from=ladb <in' <<'X'
 1  1  4 a
 1  2 11 -
 2  4 19 b
 4  7 34 total
--stderr
X
t "- in a list, -c, from a regular file" 0 \
	'$WC -c --files0-from=ladb <in' <<'X'
 4 a
11 -
19 b
34 total
--stderr
X
t "- in a list, from a pipe: 7" 0 'cat in | $WC --files0-from=ladb' <<'X'
      1       1       4 a
      1       2      11 -
      2       4      19 b
      4       7      34 total
--stderr
X
t "- in a list, from /dev/null: 7" 0 '$WC --files0-from=ladb </dev/null' <<'X'
      1       1       4 a
      0       0       0 -
      2       4      19 b
      3       5      23 total
--stderr
X
# A list read from standard input cannot name it: the name adds nothing.
t "- in a list read from standard input" 1 '$WC --files0-from=- <ladb' <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: when reading file names from standard input, no file name of '-' allowed
X
list lanb a nope b
t "a missing name adds nothing to the width" 1 '$WC --files0-from=lanb' <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: nope: No such file or directory
X
# A directory in a list is not a regular file: 7.  wc also prints a row
# of zeros for it, which fstat-par does not (a directory is an error,
# not an input that was counted: SPEC, Errors).
list laDb a D b
tfp "a directory in a list: 7" 1 '$WC --files0-from=laDb' <<'X'
      1       1       4 a
      2       4      19 b
      3       5      23 total
--stderr
fstat-par: D: Is a directory
X
twc "a directory in a list: 7, and a row of zeros" 1 '$WC --files0-from=laDb' <<'X'
      1       1       4 a
      0       0       0 D
      2       4      19 b
      3       5      23 total
--stderr
fstat-par: D: Is a directory
X
# /proc says 0 bytes: width 1, whatever is read.
if [ -r /proc/version ]; then
	set -- $(cat /proc/version | wc -lwc)
	is "/proc/version: the width of its size, 1" \
		"$("$FSTAT_PAR" /proc/version)" "$1 $2 $3 /proc/version"
fi

# ---------------------------------------------------------------------------
# 6. The messages of --files0-from, as 9.11 words them.  Names are quoted
# as wc quotes them in messages: when the shell would need it, and a
# colon too.

t "'-' in a list read from standard input" 1 \
	'printf "a\0-\0" | $WC --files0-from=-' <<'X'
1 1 4 a
1 1 4 total
--stderr
fstat-par: when reading file names from standard input, no file name of '-' allowed
X
t "'-', the only name of a list read from standard input" 1 \
	'printf -- - | $WC --files0-from=-' <<'X'
--stderr
fstat-par: when reading file names from standard input, no file name of '-' allowed
X
printf 'a\0\0b\0' >lz
t "a zero-length name: LIST:N" 1 '$WC --files0-from=lz' <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: lz:2: invalid zero-length file name
X
t "a zero-length name in a list from standard input" 1 \
	'cat lz | $WC --files0-from=-' <<'X'
1 1 4 a
2 4 19 b
3 5 23 total
--stderr
fstat-par: -:2: invalid zero-length file name
X
printf '\0' >lz1
t "a list of one zero-length name" 1 '$WC --files0-from=lz1' <<'X'
--stderr
fstat-par: lz1:1: invalid zero-length file name
X
cp lz 'l z'
t "a zero-length name: the list's name quoted" 1 "\$WC --files0-from='l z'" <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: 'l z':2: invalid zero-length file name
X
cp lz 'l:z'
t "a zero-length name: a colon in the list's name" 1 "\$WC --files0-from='l:z'" <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: 'l:z':2: invalid zero-length file name
X
cp lz 'l
z'
t "a zero-length name: a newline in the list's name" 1 "\$WC --files0-from='l
z'" <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: 'l'$'\n''z':2: invalid zero-length file name
X
# A list that cannot be opened is fatal: wc exits 1, fstat-par 2, as for
# every fatal error (SPEC, Errors).
t "a missing list" 2/1 '$WC --files0-from=nope' <<'X'
--stderr
fstat-par: cannot open 'nope' for reading: No such file or directory
X
t "a missing list: a quote in its name" 2/1 "\$WC --files0-from=\"it's\"" <<'X'
--stderr
fstat-par: cannot open "it's" for reading: No such file or directory
X
t "a missing list: a tab in its name" 2/1 "\$WC --files0-from='a	b'" <<'X'
--stderr
fstat-par: cannot open 'a'$'\t''b' for reading: No such file or directory
X
if [ "$(id -u)" -ne 0 ]; then
	cp lz lu && chmod 0 lu
	t "an unreadable list" 2/1 '$WC --files0-from=lu' <<'X'
--stderr
fstat-par: cannot open 'lu' for reading: Permission denied
X
else
	skip "an unreadable list" "root reads everything"
fi
t "a list that is a directory" 1 '$WC --files0-from=D' <<'X'
--stderr
fstat-par: D: read error: Is a directory
X
t "a list that is a directory: its name quoted" 1 "\$WC --files0-from='my dir'" <<'X'
--stderr
fstat-par: 'my dir': read error: Is a directory
X
t "a list from a closed standard input" 1 '$WC --files0-from=- <&-' <<'X'
--stderr
fstat-par: -: read error: Bad file descriptor
X
list lq a 'no pe' "it's" 'a:b' 'x$y' 'new
line' "it's \$x" '#x' 'y#' '~' '{' 'a{b' 'q"q'
t "missing names, quoted as wc quotes them" 1 '$WC -c --files0-from=lq' <<'X'
4 a
4 total
--stderr
fstat-par: 'no pe': No such file or directory
fstat-par: "it's": No such file or directory
fstat-par: 'a:b': No such file or directory
fstat-par: 'x$y': No such file or directory
fstat-par: 'new'$'\n''line': No such file or directory
fstat-par: 'it'\''s $x': No such file or directory
fstat-par: '#x': No such file or directory
fstat-par: y#: No such file or directory
fstat-par: '~': No such file or directory
fstat-par: '{': No such file or directory
fstat-par: a{b: No such file or directory
fstat-par: 'q"q': No such file or directory
X

done_testing
