#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The worker pool: the same output for every --jobs, more files than the
# result ring holds, and nothing left in /dev/shm.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir T
for d in 0 1 2 3 4 5 6 7 8 9; do mkdir "T/d$d"; done
# 6000 files, more than the 4096 result slots, so the ring wraps and the
# walk has to wait for the printing (back-pressure).
awk 'BEGIN {
	for (i = 0; i < 6000; i++) {
		f = sprintf("T/d%d/f%04d", i % 10, i)
		for (j = 0; j <= i % 7; j++) print "word", i, j > f
		close(f)
	}
}'
shm_before=$(ls /dev/shm 2>/dev/null | grep -c '^fstat-par' || true)

run "$FSTAT_PAR" -j 1 -lwc T
cp "$TMP/out" "$TMP/ref"
if [ "$status" -eq 0 ] && [ "$(wc -l <"$TMP/ref")" -eq 6001 ]; then
	ok "-j 1: 6000 rows and a total"
else
	not_ok "-j 1: 6000 rows and a total" "status $status"
fi
lines=$(awk 'END { print $1 }' "$TMP/ref")
is "-j 1: total lines" "$lines" 23997

for j in 2 3 5 7 16; do
	run "$FSTAT_PAR" -j $j -lwc T
	cp "$TMP/ref" "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "-j $j: byte-identical to -j 1" 0
done

for t in 1 3; do
	run "$FSTAT_PAR" -j 2 --io-threads=$t -lwc T
	cp "$TMP/ref" "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "-j 2 --io-threads=$t: byte-identical to -j 1" 0
done

# The order is the walk's, not the order of completion.
find T -type f | LC_ALL=C sort >"$TMP/names"
sed -n 's/^ *[0-9]* *[0-9]* *[0-9]* //p' "$TMP/ref" | sed '$d' >"$TMP/got"
if cmp -s "$TMP/names" "$TMP/got"; then ok "rows in walk order"; else not_ok "rows in walk order"; fi

shm_after=$(ls /dev/shm 2>/dev/null | grep -c '^fstat-par' || true)
is "no shared-memory object left in /dev/shm" "$shm_after" "$shm_before"

# The same with a single file, many workers.
run "$FSTAT_PAR" -j 8 -l T/d3/f0003
printf '4 T/d3/f0003\n' >"$TMP/exp_out"
check "one file, eight workers" 0

# Long paths: 100 records of about 3000 bytes are more than a worker's
# share of its task pipe, so the walk must wait for room, not give up.
long=$(awk 'BEGIN { while (n++ < 250) printf "d" }')
d=L
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do d=$d/$long; done
if mkdir -p "$d" 2>/dev/null; then
	i=0
	while [ $i -lt 100 ]; do echo "x y" >"$d/f$i"; i=$((i + 1)); done
	for j in 1 2; do
		run "$FSTAT_PAR" -j $j L
		tail -n 1 "$TMP/out" >"$TMP/last"
		if [ "$status" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 101 ] &&
		   [ "$(cat "$TMP/last")" = "100 200 400 total" ] &&
		   [ ! -s "$TMP/err" ]; then
			ok "-j $j: 100 files with 3000-byte paths"
		else
			not_ok "-j $j: 100 files with 3000-byte paths" \
			       "status $status, last: $(cat "$TMP/last")"
		fi
	done
else
	not_ok "cannot make a 3000-byte path under $TMP"
fi

done_testing
