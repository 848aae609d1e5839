#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Hostile trees: sockets, FIFOs and devices never opened; a tree deeper
# than PATH_MAX; long and non-UTF-8 names; files that vanish, grow or
# shrink while they are counted.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
have_python=false
command -v python3 >/dev/null 2>&1 && have_python=true

# A socket and a FIFO: skipped silently, nothing blocks.
mkdir S
printf 'a\n' >S/1
mkfifo S/2-fifo
printf 'b c\n' >S/3
if $have_python &&
   python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("S/4-sock")'
then
	:
fi
run timeout 20 "$FSTAT_PAR" -j 2 S
cat >"$TMP/exp_out" <<'X'
1 1 2 S/1
1 2 4 S/3
2 3 6 total
X
: >"$TMP/exp_err"
check "a FIFO and a socket in the tree: skipped, no wait" 0

# A device: only root can make one.
mkdir V
printf 'a\n' >V/1
if mknod V/null c 1 3 2>/dev/null; then
	run timeout 20 "$FSTAT_PAR" -j 2 V
	printf '1 1 2 V/1\n' >"$TMP/exp_out"
	: >"$TMP/exp_err"
	check "a device in the tree: skipped" 0
else
	skip "a device in the tree" "mknod is not permitted"
fi

# 3000 levels: deeper than PATH_MAX (the paths reach 6000 bytes), so the
# workers must open directories piece by piece, and with ulimit -n 64
# the walk cannot hold a descriptor per level.  A file every 100 levels,
# a side directory every 10 (entered on the way back up).
if $have_python; then
	python3 -c '
import os
os.mkdir("D"); os.chdir("D")
for i in range(3000):
    if i % 100 == 0:
        with open("f", "w") as f: f.write("x y\n")
    if i % 10 == 0:
        os.mkdir("z")
        with open("z/g", "w") as f: f.write("z\n")
    os.mkdir("d"); os.chdir("d")
'
	run "$FSTAT_PAR" -j 2 D
	cp "$TMP/out" "$TMP/deep"
	is "3000 levels: exit status, stderr" "$status $(wc -c <"$TMP/err")" \
	   "0 0"
	is "3000 levels: the total" "$(tail -n 1 "$TMP/deep")" \
	   "330 360 720 total"
	run sh -c 'ulimit -n 64 && exec "$0" -j 2 D' "$FSTAT_PAR"
	cp "$TMP/deep" "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "3000 levels, ulimit -n 64: the same output" 0
	run sh -c 'ulimit -n 64 && exec "$0" -j 1 --io-threads=2 D' \
	    "$FSTAT_PAR"
	cp "$TMP/deep" "$TMP/exp_out"
	check "3000 levels, ulimit -n 64, --io-threads=2" 0
else
	skip "3000 levels" "no python3"
fi

# Names of 255 bytes, a file's and a directory's.
n255=$(awk 'BEGIN { while (n++ < 255) printf "n" }')
mkdir -p "L/$n255"
printf 'one\n' >"L/$n255/$n255"
run "$FSTAT_PAR" -l L
printf '1 L/%s/%s\n' "$n255" "$n255" >"$TMP/exp_out"
: >"$TMP/exp_err"
check "255-byte names" 0

# Names that are not UTF-8: counted; in byte mode printed as they are
# (quote.h: only control characters are quoted there), in UTF-8 mode an
# invalid byte is quoted.
mkdir U
printf 'x\n' >"U/a$(printf '\377')b"
printf 'y\n' >"U/c$(printf '\303\251')"
run env LC_ALL=C "$FSTAT_PAR" -l U
printf '1 U/a\377b\n1 U/c\303\251\n2 total\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "non-UTF-8 name, LC_ALL=C: counted, bytes as they are" 0
run env LC_ALL=C.UTF-8 "$FSTAT_PAR" -l U
printf "1 'U/a'\$'\\\\377''b'\\n1 U/c\\303\\251\\n2 total\\n" >"$TMP/exp_out"
: >"$TMP/exp_err"
check "non-UTF-8 name, LC_ALL=C.UTF-8: counted and quoted" 0

# Files that vanish and come back while the walk runs: exit 0 or 1, any
# message names a file of the tree; never 2, never a signal.
mkdir -p W/sub
i=0
while [ $i -lt 200 ]; do printf 'w\n' >"W/f$i"; i=$((i + 1)); done
(
	end=$(( $(date +%s) + 30 ))
	while [ ! -e "$TMP/stop" ] && [ "$(date +%s)" -lt "$end" ]; do
		i=0
		while [ $i -lt 200 ]; do
			rm -f "W/f$i"; printf 'w\n' >"W/f$i"
			rm -rf W/sub; mkdir W/sub; printf 's\n' >W/sub/s
			[ $((i % 50)) -eq 0 ] && { rm -f W/sub/t;
				ln -s ../f1 W/sub/t 2>/dev/null; }
			i=$((i + 1))
		done
	done
) &
churn=$!
bad=
k=0
while [ $k -lt 20 ]; do
	run timeout 20 "$FSTAT_PAR" -j 3 W
	case $status in
	0|1) ;;
	*) bad="$bad run$k:status=$status" ;;
	esac
	if grep -v '^fstat-par: W/' "$TMP/err" | grep -q .; then
		bad="$bad run$k:$(head -n 1 "$TMP/err")"
	fi
	k=$((k + 1))
done
: >"$TMP/stop"
wait $churn
is "files vanishing during the walk: exit 0 or 1, files named" \
   "${bad:-none}" none

# A file that grows while it is read, then one cut to nothing: no crash,
# the counts are of what was read.
mkdir G
head -c 50000000 /dev/zero | tr '\0' 'a' >G/big
( i=0; while [ $i -lt 200 ]; do printf 'more\n' >>G/big; i=$((i + 1)); done ) &
grower=$!
run "$FSTAT_PAR" -j 4 -c G
wait $grower
bytes=$(awk 'END { print $1 }' "$TMP/out")
if [ "$status" -eq 0 ] && [ "$bytes" -ge 50000000 ] &&
   [ "$bytes" -le $((50000000 + 200 * 5)) ]; then
	ok "a file growing while read: counted"
else
	not_ok "a file growing while read: counted" "status $status, $bytes"
fi
for t in 0 0.01 0.05; do
	head -c 50000000 /dev/zero | tr '\0' 'a' >G/big
	( sleep $t; : >G/big ) &
	cutter=$!
	run "$FSTAT_PAR" -j 4 -c G
	wait $cutter
	bytes=$(awk 'END { print $1 }' "$TMP/out")
	if [ "$status" -eq 0 ] && [ "$bytes" -le 50000000 ] &&
	   [ ! -s "$TMP/err" ]; then
		ok "a file cut to nothing after ${t}s: counted what was read"
	else
		not_ok "a file cut to nothing after ${t}s: counted what was read" \
		       "status $status, $bytes" "$(head -n 3 "$TMP/err")"
	fi
done

# Standard descriptors left closed by the caller: none of ours takes
# their place, so the output is never written into a file of ours; a
# closed stdout is a write error, a closed stderr only loses messages.
mkdir -p C/sub
printf 'one\n' >C/a
printf 'two\n' >C/sub/b
run sh -c '"$1" -j 2 C >&-' sh "$FSTAT_PAR"
printf 'fstat-par: write error: Bad file descriptor\n' >"$TMP/exp_err"
check "stdout closed: a write error, exit 2" 2
run sh -c '"$1" -j 2 --format=jsonl --summary C <&- >&- 2>&-' sh "$FSTAT_PAR"
check "stdin, stdout and stderr closed: exit 2" 2
run sh -c '"$1" -j 2 C 2>&-' sh "$FSTAT_PAR"
printf '1 1 4 C/a\n1 1 4 C/sub/b\n2 2 8 total\n' >"$TMP/exp_out"
check "stderr closed: the same output" 0
printf 'C/a\0-\0' >C.list
run sh -c '"$1" -j 2 --files0-from=C.list <&-' sh "$FSTAT_PAR"
# (As GNU wc, the name that could not be read gets a row of zeros.)
printf '%7d %7d %7d %s\n' 1 1 4 C/a 0 0 0 - 1 1 4 total >"$TMP/exp_out"
printf '%s\n' "fstat-par: -: Bad file descriptor" >"$TMP/exp_err"
check "a list naming a closed stdin: that name reported" 1

done_testing
