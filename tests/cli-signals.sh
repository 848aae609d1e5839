#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Ending early: SIGINT, SIGTERM and SIGHUP stop the workers, reap them and
# end with 128 + N, leaving no process and nothing in /dev/shm, even when
# the parent is blocked reading a slow stream; a closed pipe on stdout
# ends quietly; a write error on stdout is exit 2 with a message.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99

# Many small files: a walk that lasts long enough to be interrupted.
make_many_files S
(cd S/d0 && tar cf ../../small.tar f00000 f00040 f00080) || exit 99
# An archive larger than a pipe holds, so that its first part alone
# leaves the parent waiting for the rest.
tar cf big.tar S/d1 S/d2 || exit 99

shm_count() {
	ls /dev/shm 2>/dev/null | grep -c '^fstat-par' || true
}
shm_before=$(shm_count)

# A background job of a script ignores SIGINT, and fstat-par keeps an
# ignored signal ignored (as nohup wants): undo that for the SIGINT tests.
if env --default-signal=INT true 2>/dev/null; then
	defsig="env --default-signal=INT"
else
	defsig=
fi

signum() {
	case $1 in
	INT) echo 2 ;;
	TERM) echo 15 ;;
	HUP) echo 1 ;;
	esac
}

# Wait (at most 5 s) until process $1 has a child: its workers are up.
wait_workers() {
	n=0
	while [ $n -lt 500 ]; do
		pgrep -P "$1" >/dev/null 2>&1 && return 0
		n=$((n + 1))
		sleep 0.01
	done
	return 1
}

# Whether process $1 is still running (not gone, not a zombie).
running() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	'' | Z*) return 1 ;;
	esac
	return 0
}

# Send SIG to $pid, wait for it (killing it after 10 s if it hangs), then
# check its status, that its workers are gone, that stderr is empty and
# that /dev/shm is as it was.  DESC names the case.
stop_and_check() {
	sig=$1
	desc=$2
	kids=$(pgrep -P "$pid" | tr '\n' ' ')
	kill -"$sig" "$pid" 2>/dev/null
	n=0
	while running "$pid" && [ $n -lt 1000 ]; do
		n=$((n + 1))
		sleep 0.01
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"
	status=$?
	is "$desc: SIG$sig: exit status" "$status" $((128 + $(signum "$sig")))
	left=
	for k in $kids; do
		kill -0 "$k" 2>/dev/null && left="$left $k"
	done
	is "$desc: SIG$sig: no worker left (had: $kids)" "$left" ""
	is "$desc: SIG$sig: nothing on stderr" "$(cat "$TMP/err")" ""
	is "$desc: SIG$sig: nothing left in /dev/shm" "$(shm_count)" \
		"$shm_before"
}

# A walk of many files, interrupted while the workers count.  One worker
# hangs on a file (the test-only fault switch) so that the run cannot end
# before the signal comes, however fast the machine: the parent is then
# waiting on it, with the other worker's rows spooled behind it.
for sig in INT TERM HUP; do
	if [ "$sig" = INT ] && [ -z "$defsig" ]; then
		skip "walk: SIGINT" "no env --default-signal"
		continue
	fi
	FSTAT_PAR_FAULT=hang:S/d3/f00123 $defsig "$FSTAT_PAR" -j 2 \
		--io-threads 0 S >"$TMP/out" 2>"$TMP/err" &
	pid=$!
	wait_workers "$pid"
	sleep 0.2
	stop_and_check "$sig" "walk"
done

# An archive on standard input that stops coming: the parent is blocked
# in read(2), and must still end at once.
for sig in INT TERM HUP; do
	if [ "$sig" = INT ] && [ -z "$defsig" ]; then
		skip "slow archive: SIGINT" "no env --default-signal"
		continue
	fi
	rm -f fifo
	mkfifo fifo || exit 99
	$defsig "$FSTAT_PAR" -j 2 - <fifo >"$TMP/out" 2>"$TMP/err" &
	pid=$!
	exec 3>fifo
	head -c 300000 big.tar >&3
	wait_workers "$pid"
	sleep 0.2
	stop_and_check "$sig" "slow archive"
	exec 3>&-
done

# A --files0-from list that stops coming.
rm -f fifo
mkfifo fifo || exit 99
"$FSTAT_PAR" -j 2 --files0-from=fifo >"$TMP/out" 2>"$TMP/err" &
pid=$!
exec 3>fifo
printf 'S/d0/f00000\0S/d0/f00040\0' >&3
wait_workers "$pid"
sleep 0.2
stop_and_check TERM "slow list"
exec 3>&-

# "-" in a list: the parent reads standard input itself, after the files
# before it, while the workers wait.
printf 'S/d0/f00000\0-\0S/d0/f00040\0' >list
rm -f fifo
mkfifo fifo || exit 99
"$FSTAT_PAR" -j 2 --files0-from=list <fifo >"$TMP/out" 2>"$TMP/err" &
pid=$!
exec 3>fifo
printf 'some input\n' >&3
wait_workers "$pid"
sleep 0.2
stop_and_check TERM "slow standard input in a list"
exec 3>&-

# Standard input that is no archive is counted before any worker starts.
rm -f fifo
mkfifo fifo || exit 99
"$FSTAT_PAR" -j 2 - <fifo >"$TMP/out" 2>"$TMP/err" &
pid=$!
exec 3>fifo
printf 'plain text, not an archive\n' >&3
sleep 0.3
stop_and_check TERM "slow plain standard input"
exec 3>&-

# Piped into head: ends quietly once head has gone.
for args in "S" "--format=json S" "--format=jsonl S" "big.tar"; do
	# shellcheck disable=SC2086
	{ "$FSTAT_PAR" -j 2 $args 2>"$TMP/err"; echo $? >"$TMP/st"; } |
		head -n 1 >/dev/null
	st=$(cat "$TMP/st")
	if [ "$st" -eq 141 ] || [ "$st" -eq 0 ]; then
		ok "$args | head: exit status $st"
	else
		not_ok "$args | head: exit status $st"
	fi
	is "$args | head: nothing on stderr" "$(cat "$TMP/err")" ""
done

# A write error on stdout: exit 2 with one message, whatever the format.
for fmt in text tsv csv json jsonl; do
	for extra in "" --summary; do
		if [ -w /dev/full ]; then
			run sh -c '"$1" -j 2 --format="$2" $3 S >/dev/full' sh \
				"$FSTAT_PAR" "$fmt" "$extra"
			printf 'fstat-par: write error: %s\n' \
				'No space left on device' >"$TMP/exp_err"
			check "--format=$fmt $extra to a full device: exit 2" 2
		else
			skip "--format=$fmt $extra to a full device" \
				"no /dev/full"
		fi
		run sh -c '"$1" -j 2 --format="$2" $3 S >&-' sh \
			"$FSTAT_PAR" "$fmt" "$extra"
		printf 'fstat-par: write error: %s\n' 'Bad file descriptor' \
			>"$TMP/exp_err"
		check "--format=$fmt $extra to a closed stdout: exit 2" 2
	done
done
# The same from an archive, and from a list on standard input whose rows
# outgrow memory (the spool's temporary file must not become stdout).
run sh -c '"$1" -j 2 big.tar >&-' sh "$FSTAT_PAR"
printf 'fstat-par: write error: Bad file descriptor\n' >"$TMP/exp_err"
check "an archive to a closed stdout: exit 2" 2
awk 'BEGIN {
	for (i = 0; i < 300000; i++)
		printf "./././././././././././././S/d0/f00000%c", 0
}' >biglist
run sh -c '"$1" -j 2 --files0-from=- <biglist >&-' sh "$FSTAT_PAR"
printf 'fstat-par: write error: Bad file descriptor\n' >"$TMP/exp_err"
check "spooled rows to a closed stdout: exit 2" 2

is "nothing left in /dev/shm at the end" "$(shm_count)" "$shm_before"
is "no fstat-par process left" \
	"$(pgrep -f "$TMP" | grep -v "^$$\$" | wc -l)" 0

done_testing
