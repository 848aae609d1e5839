#!/bin/sh
# compare-wc.sh WC FSTAT_PAR ROOT... - compare fstat-par with a GNU wc
# (9.5 or later) file by file on real trees, in byte mode and UTF-8 mode.
#
# Not part of make check (it needs a recent wc and big trees); used to
# check the counting rules against the reference, e.g.
#   tests/compare-wc.sh /opt/coreutils-9.7/bin/wc src/fstat-par /usr/include
# Prints one line per tree and mode, and the differing rows if any; exits
# 1 on any difference.  Names with control characters are left out (GNU
# wc quotes only newlines, fstat-par quotes every control character).
set -u
[ $# -ge 3 ] || { echo "usage: $0 WC FSTAT_PAR ROOT..." >&2; exit 2; }
wc=$1
fp=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/compare-wc.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

norm() {
	# "  1  2 3 4 5 name" -> "1 2 3 4 5 name", then sort by name.
	sed -n 's/^ *\([0-9][0-9]*\)  *\([0-9][0-9]*\)  *\([0-9][0-9]*\)  *\([0-9][0-9]*\)  *\([0-9][0-9]*\) \(.*\)$/\6 \1 \2 \3 \4 \5/p' |
		grep -v "^'" | LC_ALL=C sort
}

for root in "$@"; do
	for mode in C C.UTF-8; do
		if [ "$mode" = C ]; then
			set -- env LC_ALL=C POSIXLY_CORRECT=1
		else
			set -- env LC_ALL=C.UTF-8
		fi
		find "$root" -type f -print0 |
			"$@" "$wc" -lwmcL --total=never --files0-from=- 2>/dev/null |
			norm >"$tmp/wc"
		"$@" "$fp" -lwmcL --total=never "$root" 2>/dev/null | norm >"$tmp/fp"
		n=$(wc -l <"$tmp/wc")
		if cmp -s "$tmp/wc" "$tmp/fp"; then
			echo "$root ($mode): $n files, identical"
		else
			echo "$root ($mode): $n files, DIFFERENT:"
			diff "$tmp/wc" "$tmp/fp" | head -20
			status=1
		fi
	done
done
exit $status
