#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# One file counted by several workers: whatever the cuts, the counts are
# those of the whole file, in both modes and for every column.
# FSTAT_PAR_SPLIT_MIN lowers the size from which a file is split, so that
# small files are cut into many ranges at awkward places.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir T
# Text with tabs, line ends of every kind, multibyte characters
# (separators among them), a 5-byte form, invalid and truncated bytes.
awk 'BEGIN {
	srand(7)
	n = split("a|bc|  |\t|\n|\r|\f|\v|xy\t\t|\303\251|\342\200\203|\343\200\200|\344\270\200|\360\237\230\200|\302\240|\342\200|\200|\377|\370\210\200\200\200|\314\201|\001", p, "|")
	for (f = 0; f < 24; f++) {
		name = sprintf("T/f%02d", f)
		len = f < 4 ? f : int(rand() * 3000)
		for (i = 0; i < len; i++)
			printf "%s", p[int(rand() * n) + 1] > name
		close(name)
	}
}'
for mode in C C.UTF-8; do
	LC_ALL=$mode "$FSTAT_PAR" -j 1 -lwmcL T >"$TMP/ref" 2>&1
	for min in 1 2 7 100 4096; do
		for j in 2 3; do
			FSTAT_PAR_SPLIT_MIN=$min LC_ALL=$mode run "$FSTAT_PAR" -j $j -lwmcL T
			cp "$TMP/ref" "$TMP/exp_out"
			: >"$TMP/exp_err"
			check "LC_ALL=$mode, split from $min bytes, -j $j: same as unsplit" 0
		done
	done
	FSTAT_PAR_SPLIT_MIN=3 LC_ALL=$mode run "$FSTAT_PAR" -j 3 --io-threads=2 -lwmcL T
	cp "$TMP/ref" "$TMP/exp_out"
	check "LC_ALL=$mode, split, with read-ahead threads: same as unsplit" 0
	for cols in -l -w -m -c -L -lw; do
		LC_ALL=$mode "$FSTAT_PAR" -j 1 $cols T >"$TMP/exp_out"
		FSTAT_PAR_SPLIT_MIN=5 LC_ALL=$mode run "$FSTAT_PAR" -j 2 $cols T
		check "LC_ALL=$mode, split, $cols alone: same as unsplit" 0
	done
done

done_testing
