#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# probe-all.sh - run probe.c, and optionally fstat-par, on every input here.
#
#     sh testdata/archives/hostile/probe-all.sh >PROBE.txt
#     sh testdata/archives/hostile/probe-all.sh /path/to/fstat-par [LABEL] >FSTATPAR-COMMIT.txt
#
# Without an argument: compiles probe.c (cc ... -larchive) into a
# temporary directory and prints, for each input, the probe's output on
# the file (archive_read_open_filename) and on a pipe (cat FILE | probe -,
# archive_read_open_fd(0): libarchive's streaming readers).  The ISO whose
# Rock Ridge CE loops is run with a 3-second limit, also with the probe's
# own counted callbacks (-c: read+skip+seek on the file; -s: read only,
# as fstat-par reads standard input).
# With an fstat-par: its stdout, stderr and exit status for each input
# as a file and on standard input (a pipe), under timeout 20 and
# prlimit --as=2000000000.  Always LC_ALL=C.
set -u
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
inputs=$(ls | grep -v -e '\.sh$' -e '\.py$' -e '\.c$' -e '^README$' -e '\.txt$')

if [ $# -eq 0 ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/probe-all.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	cc -O2 -o "$work/probe" probe.c -larchive || exit 1
	p=$work/probe
	echo "# probe.c on every input, LC_ALL=C, $(bsdtar --version)"
	echo "# (the == lines' times and RSS vary from run to run)"
	for f in $inputs ../tree.7z; do
		t=
		[ "$f" = iso-rr-loop.iso ] && t="-t 3"
		echo
		echo "######## $f ($(wc -c <"$f" | tr -d ' ') bytes)"
		echo "#### file: probe $t $f"
		$p $t "$f"
		echo "#### pipe: cat $f | probe $t -"
		cat "$f" | $p $t -
		if [ "$f" = iso-rr-loop.iso ]; then
			echo "#### own callbacks: probe -c $t $f"
			$p -c $t "$f"
			echo "#### own read callback only: cat $f | probe -s $t -"
			cat "$f" | $p -s $t -
			echo "#### Rock Ridge off: probe -o 'iso9660:!rockridge' $t $f"
			$p -o 'iso9660:!rockridge' $t "$f"
		fi
		if [ "$f" = ../tree.7z ]; then
			echo "#### own read callback only: cat $f | probe -s -"
			cat "$f" | $p -s -
		fi
		if [ "$f" = gzip-24.tar.gz ]; then
			echo "#### own read callback only: cat $f | probe -s -"
			cat "$f" | $p -s -
		fi
	done
	exit 0
fi

fp=$1
run() {
	timeout 20 prlimit --as=2000000000 "$fp" "$@" >"$out" 2>"$err"
	rc=$?
	sed 's/^/  stdout: /' "$out"
	sed 's/^/  stderr: /' "$err"
	echo "  exit: $rc"
}
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
echo "# ${2:-$fp} on every input, LC_ALL=C, timeout 20, prlimit --as=2000000000"
for f in $inputs ../tree.7z; do
	echo
	echo "######## $f"
	echo "#### fstat-par $f"
	run "$f"
	echo "#### cat $f | fstat-par -"
	cat "$f" | run -
done
