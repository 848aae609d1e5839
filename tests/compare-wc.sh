#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# compare-wc.sh [WC FSTAT_PAR ROOT...] - compare fstat-par with GNU wc 9.11
# file by file on whole trees, in the four counting modes: byte mode
# (LC_ALL=C) and UTF-8 mode (LC_ALL=C.UTF-8), each without and with
# POSIXLY_CORRECT=1.
#
# With arguments it compares on the trees given, e.g.
#   tests/compare-wc.sh /opt/coreutils-9.11/bin/wc src/fstat-par /usr/include
# Without, as "make check" runs it: WC is GNU wc 9.11 unpacked from
# ../shared/tools/wc-9.11.gz beside the source tree (tests/refwc.sh; the
# test is skipped, with the reason, when there is none), FSTAT_PAR comes
# from the environment, and the trees are testdata and a generated one:
# files of the bytes the counting rules single out (separators, no-break
# spaces, invalid and truncated UTF-8, the forms above U+10FFFF), a few of
# them large enough to be counted in ranges by several workers
# (FSTAT_PAR_SPLIT_MIN is lowered) and past the read buffers of both; and
# the same tree as a tar archive, whose large entries are counted in
# chunks (when tar(1) is there).
#
# It speaks TAP: one line per tree and mode, with the differing rows if
# any; exit status 1 on any difference, 2 on a usage or setup error.
# Names with control characters are left out (GNU wc quotes only
# newlines, fstat-par quotes every control character).
set -u
me=${0##*/}
srcdir=${SRCDIR:-$(dirname "$0")/..}
# shellcheck source=tests/refwc.sh
. "$srcdir/tests/refwc.sh"

if [ $# -eq 0 ]; then
	wc=
	fp=${FSTAT_PAR:-}
	[ -n "$fp" ] || { echo "$me: FSTAT_PAR must name the binary" >&2; exit 2; }
	generate=yes
elif [ $# -ge 3 ]; then
	wc=$1
	fp=$2
	shift 2
	generate=
else
	echo "usage: $me [WC FSTAT_PAR ROOT...]" >&2
	exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/compare-wc.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! refwc_find "$wc" "$srcdir" "$tmp"; then
	if [ -n "$wc" ]; then
		echo "$me: $refwc_why" >&2
		exit 2
	fi
	echo "1..0 # SKIP $refwc_why"
	exit 0
fi
wc=$refwc
echo "# comparing with GNU wc $refwc_version ($wc)"

# The generated tree: 300 small files and 4 of 300 to 700 KiB, from a
# fixed seed, each a run of pieces chosen at random (LC_ALL=C: awk writes
# bytes, whatever the locale).
if [ -n "$generate" ]; then
	mkdir "$tmp/gen" || exit 2
	LC_ALL=C awk -v dir="$tmp/gen" 'BEGIN {
		srand(20261124)
		n = split("a|bc|xyz|word|12|.|;| | |\t|\n|\n|\r|\f|\v|\001|" \
			  "\177|\240|\302\240|\342\200\207|\342\200\257|" \
			  "\342\201\240|\342\200\203|\343\200\200|\341\232\200|" \
			  "\342\200\250|\302\205|\342\200\213|\357\273\277|" \
			  "\303\251|\344\270\200|\360\237\230\200|\314\201|" \
			  "\364\217\277\277|\364\220\200\200|\367\277\277\277|" \
			  "\370\210\200\200\200|\374\204\200\200\200\200|" \
			  "\300\200|\340\237\277|\355\240\200|\342\200|\360\237|" \
			  "\200|\277|\376|\377", piece, "|")
		for (f = 0; f < 304; f++) {
			name = sprintf("%s/f%03d", dir, f)
			if (f < 300)
				size = int(rand() * 400)
			else
				size = 300 * 1024 + int(rand() * 400 * 1024)
			len = 0
			while (len < size) {
				# NUL apart: not every awk keeps it in a
				# string.
				if (rand() < 0.02) {
					printf "%c", 0 > name
					len++
					continue
				}
				p = piece[int(rand() * n) + 1]
				printf "%s", p > name
				len += length(p)
			}
			close(name)
		}
	}' || exit 2
	set -- "$tmp/gen" ${TESTDATA:+"$TESTDATA"}
	if command -v tar >/dev/null 2>&1 &&
	   (cd "$tmp" && tar cf gen.tar gen) 2>/dev/null; then
		set -- "$@" "$tmp/gen.tar"
	else
		echo "# no tar: the archive is not compared"
	fi
fi

norm() {
	# "  1  2 3 4 5 name" -> "name 1 2 3 4 5", then sort by name.
	sed -n 's/^ *\([0-9][0-9]*\)  *\([0-9][0-9]*\)  *\([0-9][0-9]*\)  *\([0-9][0-9]*\)  *\([0-9][0-9]*\) \(.*\)$/\6 \1 \2 \3 \4 \5/p' |
		grep -v "^'" | LC_ALL=C sort
}

status=0
n=0
for root in "$@"; do
	# The generated archive holds the generated tree: wc counts that.
	tree=$root
	rename=
	if [ -n "$generate" ] && [ "$root" = "$tmp/gen.tar" ]; then
		tree=$tmp/gen
		rename="s| $tmp/gen.tar/gen/| $tmp/gen/|"
	fi
	for mode in $refwc_modes; do
		# shellcheck disable=SC2046
		find "$tree" -type f -print0 |
			env $(refwc_env "$mode") "$wc" -lwmcL --total=never \
				--files0-from=- 2>/dev/null |
			norm >"$tmp/wc"
		# Several workers, and files from 64 KiB on in ranges.
		# shellcheck disable=SC2046
		env $(refwc_env "$mode") FSTAT_PAR_SPLIT_MIN=65536 "$fp" -j 3 \
			-lwmcL --total=never "$root" 2>/dev/null |
			sed "$rename" | norm >"$tmp/fp"
		files=$(wc -l <"$tmp/wc" | tr -d ' ')
		n=$((n + 1))
		if [ "$files" -gt 0 ] && cmp -s "$tmp/wc" "$tmp/fp"; then
			echo "ok $n - $root ($mode): $files files, identical"
		else
			echo "not ok $n - $root ($mode): $files files, DIFFERENT:"
			diff "$tmp/wc" "$tmp/fp" | head -20 | sed 's/^/#   /'
			status=1
		fi
	done
done
echo "1..$n"
exit $status
