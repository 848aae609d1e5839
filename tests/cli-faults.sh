#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Dead workers: a worker that crashes (the test-only FSTAT_PAR_FAULT
# switch) or is killed from outside loses nothing.  A task that kills one
# worker is counted again by another; one that kills two is reported as
# "worker killed by signal N" (exit 1) and everything else is counted,
# also when fstat-par is started with SIGCHLD ignored.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

# The crashes are deliberate: no core files.
ulimit -c 0 2>/dev/null
unset FSTAT_PAR_FAULT FSTAT_PAR_SPLIT_MIN
cd "$TMP" || exit 99

mkdir -p T/a T/b
for i in 1 2 3 4 5 6 7 8; do
	seq "$i" 200 >"T/a/f$i"
	seq 1 "$i" >"T/b/g$i"
done
# 40000 lines, about 1 MB: split into many ranges with a low SPLIT_MIN.
awk 'BEGIN { for (i = 0; i < 40000; i++) print "line", i, "of the big one" }' \
	>T/big

# The rows of the clean run $TMP/ref (tsv: lines, words and bytes last)
# without NAME's, and a total of what is left.
without() {
	awk -F '\t' -v OFS='\t' -v name="$1" '
		$1 == "total" { $(NF - 2) = l; $(NF - 1) = w; $NF = b }
		$2 == name { next }
		$1 == "file" { l += $(NF - 2); w += $(NF - 1); b += $NF }
		{ print }' "$TMP/ref"
}

# stdout: ref without NAME; stderr: NAME killed by SIG; exit 1.
check_killed() {
	without "$2" >"$TMP/exp_out"
	printf 'fstat-par: %s: worker killed by signal %s\n' "$2" "$3" \
		>"$TMP/exp_err"
	check "$1" 1
}

# stdout the clean run's, nothing on stderr, exit 0.
check_clean() {
	cp "$TMP/ref" "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "$1" 0
}

shm_count() {
	ls /dev/shm 2>/dev/null | grep -c '^fstat-par' || true
}
shm_before=$(shm_count)

run "$FSTAT_PAR" -j 1 --format=tsv T
cp "$TMP/out" "$TMP/ref"
if [ "$status" -eq 0 ] && [ "$(wc -l <"$TMP/ref")" -eq 19 ]; then
	ok "clean run: 17 files"
else
	not_ok "clean run: 17 files" "status $status"
fi

for j in 1 2 3; do
	rm -f mark
	run env FSTAT_PAR_FAULT=crash-once:$TMP/mark:a/f3 \
		"$FSTAT_PAR" -j $j --format=tsv T
	check_clean "-j $j: a worker crashing once on a file loses nothing"
	if [ -e mark ]; then
		ok "-j $j: the crash did happen"
	else
		not_ok "-j $j: the crash did happen"
	fi

	run env FSTAT_PAR_FAULT=crash:f3 "$FSTAT_PAR" -j $j --format=tsv T
	check_killed "-j $j: a file that always crashes is reported, exit 1" \
		T/a/f3 11

	run env FSTAT_PAR_FAULT=abort:T/b/g8 "$FSTAT_PAR" -j $j --format=tsv T
	check_killed "-j $j: abort on a file: signal 6" T/b/g8 6
done

# The name matches whole components only: "3" is no file's name.
run env FSTAT_PAR_FAULT=crash:3 "$FSTAT_PAR" -j 2 --format=tsv T
check_clean "a name matches whole components only"
# Anything malformed leaves the switch off.
for v in explode:f3 crash crash-once:f3 crash-once::f3 crash: crash:@x \
	 crashing:f3; do
	run env FSTAT_PAR_FAULT=$v "$FSTAT_PAR" -j 2 --format=tsv T
	check_clean "FSTAT_PAR_FAULT=$v is inert"
done

# The text format too: the row goes, the others and the total stay.
run env FSTAT_PAR_FAULT=crash:T/a/f1 "$FSTAT_PAR" -j 2 T
if [ "$status" -eq 1 ] && ! grep -q 'T/a/f1$' "$TMP/out" &&
   grep -q 'T/a/f2$' "$TMP/out" && grep -q 'total$' "$TMP/out" &&
   [ "$(wc -l <"$TMP/out")" -eq 17 ]; then
	ok "text: every other row and the total"
else
	not_ok "text: every other row and the total" "status $status"
fi

# A file counted in ranges: the crash comes in its first range.
for j in 2 3; do
	rm -f mark
	run env FSTAT_PAR_SPLIT_MIN=65536 FSTAT_PAR_FAULT=crash-once:$TMP/mark:big \
		"$FSTAT_PAR" -j $j --format=tsv T
	check_clean "-j $j: a crash in a range of a split file loses nothing"
	run env FSTAT_PAR_SPLIT_MIN=65536 FSTAT_PAR_FAULT=crash:T/big \
		"$FSTAT_PAR" -j $j --format=tsv T
	check_killed "-j $j: a split file that always crashes is reported" \
		T/big 11
done

# Archive entries: chunk N of the data the parent hands out (@N).  The
# eight small entries are a chunk each, the big one four.
(cd T && tar cf ../t.tar a/f1 a/f2 a/f3 a/f4 a/f5 a/f6 a/f7 a/f8 big) ||
	exit 99
run "$FSTAT_PAR" -j 1 --format=tsv t.tar
cp "$TMP/out" "$TMP/ref"
if [ "$status" -eq 0 ] && [ "$(wc -l <"$TMP/ref")" -eq 11 ]; then
	ok "archive: clean run"
else
	not_ok "archive: clean run" "status $status"
fi
for j in 1 2 3; do
	for c in 2 9; do
		rm -f mark
		run env FSTAT_PAR_FAULT=crash-once:$TMP/mark:@$c \
			"$FSTAT_PAR" -j $j --format=tsv t.tar
		check_clean "-j $j: a crash on archive chunk $c loses nothing"
	done
	run env FSTAT_PAR_FAULT=crash:@2 "$FSTAT_PAR" -j $j --format=tsv t.tar
	check_killed "-j $j: an archive entry that always crashes is reported" \
		t.tar/a/f3 11
	run env FSTAT_PAR_FAULT=abort:@10 "$FSTAT_PAR" -j $j --format=tsv t.tar
	check_killed "-j $j: a crash in a big entry's third chunk" \
		t.tar/big 6
done
# Read from standard input the same.
run env FSTAT_PAR_FAULT=crash:@0 sh -c '"$1" -j 2 --format=tsv - <t.tar' sh \
	"$FSTAT_PAR"
if [ "$status" -eq 1 ] && ! grep -q '	-/a/f1	' "$TMP/out" &&
   grep -q '	-/big	' "$TMP/out" &&
   grep -q 'fstat-par: -/a/f1: worker killed by signal 11' "$TMP/err"; then
	ok "an archive on standard input: the entry reported"
else
	not_ok "an archive on standard input: the entry reported" \
		"status $status" "$(cat "$TMP/err")"
fi

# Started with SIGCHLD ignored (a disposition that survives exec: some
# daemons, CI runners and shells leave it so), waitpid() fails.  That
# once made a file that killed two workers vanish from the rows and the
# total with exit status 0, and a split file or an archive entry print
# short counts.  fstat-par sets SIGCHLD back to its default, so every
# case comes out as above.
if env --ignore-signal=CHLD true 2>/dev/null; then
	nochld() { env --ignore-signal=CHLD "$@"; }
elif command -v perl >/dev/null 2>&1; then
	nochld() {
		perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die "$ARGV[0]: $!\n"' \
			"$@"
	}
else
	nochld() { return 127; }
fi
if ! nochld true; then
	skip "SIGCHLD ignored" "neither env --ignore-signal nor perl"
else
	# Where /proc says, see that the wrapper does ignore something.
	if [ -r /proc/self/status ] &&
	   [ "$(nochld grep '^SigIgn:' /proc/self/status)" = \
	     "$(grep '^SigIgn:' /proc/self/status)" ]; then
		not_ok "SIGCHLD ignored: the wrapper ignores it"
	else
		ok "SIGCHLD ignored: the wrapper ignores it"
	fi
	run "$FSTAT_PAR" -j 1 --format=tsv T
	cp "$TMP/out" "$TMP/ref"
	run nochld "$FSTAT_PAR" -j 2 --format=tsv T
	check_clean "SIGCHLD ignored: a clean run is clean"
	rm -f mark
	run nochld env FSTAT_PAR_FAULT=crash-once:$TMP/mark:a/f3 \
		"$FSTAT_PAR" -j 2 --format=tsv T
	check_clean "SIGCHLD ignored: a crash once loses nothing"
	for j in 1 2 3; do
		run nochld env FSTAT_PAR_FAULT=crash:f3 \
			"$FSTAT_PAR" -j $j --format=tsv T
		check_killed "SIGCHLD ignored, -j $j: a file that always crashes is reported" \
			T/a/f3 11
	done
	run nochld env FSTAT_PAR_SPLIT_MIN=65536 FSTAT_PAR_FAULT=crash:T/big \
		"$FSTAT_PAR" -j 2 --format=tsv T
	check_killed "SIGCHLD ignored: a split file that always crashes is reported" \
		T/big 11
	without T/a/f3 >"$TMP/exp_out"
	echo 'fstat-par: T/a/f3: timed out after 0.5 seconds' >"$TMP/exp_err"
	run nochld env FSTAT_PAR_FAULT=hang:f3 \
		"$FSTAT_PAR" -j 2 --timeout=0.5 --format=tsv T
	check "SIGCHLD ignored: a file that hangs times out" 1
	run "$FSTAT_PAR" -j 1 --format=tsv t.tar
	cp "$TMP/out" "$TMP/ref"
	run nochld env FSTAT_PAR_FAULT=crash:@10 \
		"$FSTAT_PAR" -j 2 --format=tsv t.tar
	check_killed "SIGCHLD ignored: a crash in a big entry's chunk is reported" \
		t.tar/big 11
fi

# SIGKILL from outside, mid-file: the output is the same as a clean
# run's.  The worker that takes S/d7/f00287 hangs there (once: it writes
# its process ID to the marker), so the kill always finds it mid-file;
# the new worker counts the file again.
make_many_files S
run "$FSTAT_PAR" -j 2 --io-threads 0 --format=tsv S
cp "$TMP/out" "$TMP/ref"
rm -f "$TMP/hung"
FSTAT_PAR_FAULT=hang-once:$TMP/hung:S/d7/f00287 "$FSTAT_PAR" -j 2 \
	--io-threads 0 --format=tsv S >"$TMP/out" 2>"$TMP/err" &
pid=$!
victim=
n=0
while [ -z "$victim" ] && [ $n -lt 1000 ]; do
	victim=$(cat "$TMP/hung" 2>/dev/null)
	n=$((n + 1))
	[ -n "$victim" ] || sleep 0.01
done
if [ -n "$victim" ]; then
	kill -KILL "$victim"
else
	kill -KILL "$pid"
fi
wait "$pid"
status=$?
check_clean "a worker killed with SIGKILL mid-file loses nothing"
is "no process left behind" "$(pgrep -P "$pid" | wc -l)" 0

is "nothing left in /dev/shm" "$(shm_count)" "$shm_before"

done_testing
