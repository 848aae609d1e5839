#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A hostile environment: /dev/shm tiny or read-only, few file descriptors,
# fork failing.  The output must be the same as in a normal run.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
chmod 755 "$TMP"
mkdir -p T/a T/b
awk 'BEGIN { for (i = 0; i < 300; i++) print "line", i > "T/a/f" }'
printf 'x y\n' >T/b/g
printf 'one\ntwo\n' >T/c
chmod -R a+rX T

# Under valgrind (make check-valgrind) the
# descriptor and process limits cannot be tested: valgrind takes
# descriptors of its own below the limit (at ulimit -n 16 the loader
# cannot even open valgrind's preloaded libraries), and valgrind 3.19
# dies of SIGSEGV, with no report, once a fork fails for RLIMIT_NPROC.
vg=
under_valgrind && vg="under valgrind, which needs descriptors and processes of its own"

run "$FSTAT_PAR" -j 4 T
cp "$TMP/out" "$TMP/ref"
is "reference run" "$status" 0

# The ring is far larger than 64 KiB: posix_fallocate fails with ENOSPC and
# shm.c must fall back to an anonymous mapping, never SIGBUS later.
if unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs /dev/shm' \
   >/dev/null 2>&1; then
	run unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs /dev/shm &&
		exec "$0" -j 4 T' "$FSTAT_PAR"
	cp "$TMP/ref" "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "/dev/shm of 64 KiB: the same output" 0
	run unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs /dev/shm &&
		head -c 60000 /dev/zero >/dev/shm/fill &&
		exec "$0" -j 4 T' "$FSTAT_PAR"
	cp "$TMP/ref" "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "/dev/shm full: the same output" 0
	run unshare -rm sh -c 'mount -t tmpfs -o ro tmpfs /dev/shm &&
		exec "$0" -j 4 T' "$FSTAT_PAR"
	cp "$TMP/ref" "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "/dev/shm read-only: the same output" 0
else
	skip "/dev/shm of 64 KiB" "unshare -rm is not permitted here"
	skip "/dev/shm full" "unshare -rm is not permitted here"
	skip "/dev/shm read-only" "unshare -rm is not permitted here"
fi

# ulimit -n 16: fewer workers (a warning), the same output.
if [ -n "$vg" ]; then
	skip "ulimit -n 16, -j 4: the same output" "$vg"
else
	run sh -c 'ulimit -n 16 && exec "$0" -j 4 T' "$FSTAT_PAR"
	cp "$TMP/ref" "$TMP/exp_out"
	check "ulimit -n 16, -j 4: the same output" 0
fi

# A 100-level tree with a side directory at every level: the walk runs out
# of descriptors on the way down and must reopen directories on the way
# up to enter the side ones.
python_ok=false
command -v python3 >/dev/null 2>&1 && python_ok=true
if $python_ok; then
	python3 -c '
import os
os.mkdir("Deep"); os.chdir("Deep")
for i in range(100):
    os.mkdir("a"); os.mkdir("z")
    with open("z/f", "w") as f: f.write("%d\n" % i)
    os.chdir("a")
with open("f", "w") as f: f.write("end\n")
'
	run "$FSTAT_PAR" -j 2 -l Deep
	cp "$TMP/out" "$TMP/deepref"
	is "deep tree: reference" "$status $(tail -n 1 "$TMP/deepref")" \
	   "0 101 total"
	for n in 16 20; do
		if [ -n "$vg" ]; then
			skip "deep tree, ulimit -n $n: the same output" "$vg"
			continue
		fi
		run sh -c "ulimit -n $n && exec \"\$0\" -j 2 -l Deep" \
		    "$FSTAT_PAR"
		cp "$TMP/deepref" "$TMP/exp_out"
		check "deep tree, ulimit -n $n: the same output" 0
	done
else
	skip "deep tree, ulimit -n 16" "no python3"
fi

# Lower and lower limits: the same output while it works, then exit 2 with
# a one-line message; never a hang, a signal, or another status.
works=yes
bad=
n=16
[ -n "$vg" ] && n=0
while [ $n -ge 4 ]; do
	# LeakSanitizer needs descriptors of its own at exit.
	run env ASAN_OPTIONS=detect_leaks=0 timeout 20 \
	    sh -c "ulimit -n $n && exec \"\$0\" -j 2 T" "$FSTAT_PAR"
	# Below some limit the dynamic loader cannot even open the binary's
	# libraries (127, from the loader, not from fstat-par): the end of
	# the range, whatever descriptors the harness leaves open.
	if [ "$status" -eq 127 ] && grep -q 'shared libraries' "$TMP/err"; then
		break
	fi
	if [ "$status" -eq 0 ] && cmp -s "$TMP/out" "$TMP/ref"; then
		[ "$works" = yes ] || bad="$bad works-again-at-$n"
		min=$n
	elif [ "$status" -eq 2 ] && [ ! -s "$TMP/out" ] &&
	     [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
	     grep -q '^fstat-par: ' "$TMP/err"; then
		works=no
	elif [ "$status" -eq 1 ] &&
	     ! grep -v -e '^fstat-par: warning: .*; counting in the main process$' \
		-e '^fstat-par: .*: Too many open files$' "$TMP/err" |
		grep -q .; then
		# No worker, and the main process has too few descriptors
		# to open every file: each one it missed is named.
		works=no
	else
		bad="$bad n=$n:status=$status"
	fi
	n=$((n - 1))
done
if [ -n "$vg" ]; then
	skip "ulimit -n 16 down to 4" "$vg"
else
	is "ulimit -n 16 down to 4: output, or each file missed named, or exit 2" "${bad:-none}" none
	echo "# lowest ulimit -n that works: ${min:-none}"
fi

# Fork failing: a real RLIMIT_NPROC for an unprivileged user (root is not
# bound by it).  A uid of its own, so that other processes do not count.
if [ -n "$vg" ]; then
	skip "fork failing" "$vg"
	skip "fork failing: a warning" "$vg"
	skip "no worker can start" "$vg"
elif [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
   command -v prlimit >/dev/null 2>&1; then
	as_user="setpriv --reuid=64997 --regid=64997 --clear-groups"
	# shellcheck disable=SC2086
	run $as_user prlimit --nproc=3 "$FSTAT_PAR" -j 4 T
	cp "$TMP/ref" "$TMP/exp_out"
	check "fork failing: fewer workers, the same output" 0
	if grep -q '^fstat-par: warning: could start only 2 of 4' \
	   "$TMP/err"; then
		ok "fork failing: a warning"
	else
		not_ok "fork failing: a warning" "$(cat "$TMP/err")"
	fi
	# No worker at all: the main process counts everything itself,
	# with the same output and errors as the workers, and one warning.
	# (LeakSanitizer cannot start its tracer under RLIMIT_NPROC 1.)
	saved_asan=${ASAN_OPTIONS-}
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	export ASAN_OPTIONS
	warning="fstat-par: warning: cannot start a worker process: Resource temporarily unavailable; counting in the main process"
	printf 'unreadable\n' >T/b/closed
	chmod 000 T/b/closed
	printf 'stdin line\n' >stdin.txt
	printf 'T/a/f\0-\0T/nosuch\0T/b/g\0' >list
	tar cf t.tar T/a T/b/g || exit 99
	printf 'T/a/f\0T/b/g\0' >list0
	for args in "-j 4 T" "-j 4 -lwmcL --count-matches=1 T" \
		"-j 2 --format=jsonl --shard=2/3 T" "-j 2 -x g T" \
		"-j 2 --files0-from=list" "-j 2 t.tar" \
		"-j 2 --count-matches=[02] -L t.tar" "-j 2 t.tar '*/g'" \
		"-j 2 --summary T"; do
		# shellcheck disable=SC2086
		run sh -c "exec $as_user \"\$0\" $args <stdin.txt" \
			"$FSTAT_PAR"
		cp "$TMP/out" "$TMP/exp_out"
		{ echo "$warning"; cat "$TMP/err"; } >"$TMP/exp_err"
		want=$status
		# shellcheck disable=SC2086
		run sh -c "exec $as_user prlimit --nproc=1 \"\$0\" $args \
			<stdin.txt" "$FSTAT_PAR"
		check "no worker can start, $args: counted all the same" $want
	done
	ASAN_OPTIONS=$saved_asan
	chmod 644 T/b/closed
	rm -f T/b/closed
else
	skip "fork failing" "needs root, setpriv and prlimit"
	skip "fork failing: a warning" "needs root, setpriv and prlimit"
	skip "no worker can start" "needs root, setpriv and prlimit"
fi

# Descriptors for the main process but none to spare for a worker: the
# same, whoever runs it.  (The limit at which that happens depends on the
# descriptors the harness leaves open: look for it.)
found=
n=12
[ -n "$vg" ] && n=0
while [ $n -ge 6 ] && [ -z "$found" ]; do
	run env ASAN_OPTIONS=detect_leaks=0 sh -c "ulimit -n $n && exec \"\$0\" -j 2 T" \
		"$FSTAT_PAR"
	if grep -q 'counting in the main process' "$TMP/err"; then
		found=$n
		cp "$TMP/ref" "$TMP/exp_out"
		printf '%s\n' "fstat-par: warning: cannot start a worker process: Too many open files; counting in the main process" >"$TMP/exp_err"
		check "ulimit -n $n: no worker, counted in the main process" 0
	fi
	n=$((n - 1))
done
if [ -n "$vg" ]; then
	skip "ulimit -n: no worker" "$vg"
elif [ -z "$found" ]; then
	skip "ulimit -n: no worker" "no limit left the main process room alone"
fi

done_testing
