#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Read-ahead threads: by default as many as slow reads call for, up to a
# cap; --io-threads N a fixed N; none while reads are fast; the same rows
# and order whatever the threads do.  Reads are made slow by bench's
# slowread.c (each read of a regular file sleeps SLOWREAD_US), built here
# with ${CC:-cc}; without a compiler the tests are skipped.  The number of
# threads is read from /proc/PID/status of each worker while it runs.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99

run "$FSTAT_PAR" --help
if grep -q -- '--io-threads=N' "$TMP/out" &&
   grep -q 'default: as many' "$TMP/out"; then
	ok "--help gives --io-threads and its default"
else
	not_ok "--help gives --io-threads and its default"
fi

shim_src=${SRCDIR:-$(dirname "$0")/..}/bench/slowread.c
if ! [ -r "$shim_src" ] ||
   ! ${CC:-cc} -O2 -shared -fPIC -o slowread.so "$shim_src" -ldl 2>cc.err; then
	skip "slow reads" "no C compiler (${CC:-cc}) or no $shim_src"
	done_testing
fi
SHIM=$TMP/slowread.so
# A sanitizer's runtime wants to come first; the shim calls nothing it
# watches, so the order does not matter here.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

# 480 small files in 12 directories.
awk 'BEGIN {
	for (d = 0; d < 12; d++) system("mkdir -p T/d" d)
	for (i = 0; i < 480; i++) {
		f = sprintf("T/d%d/f%03d", i % 12, i)
		for (j = 0; j <= i % 5; j++) print "line", i, j > f
		close(f)
	}
}'
run "$FSTAT_PAR" -j 1 --io-threads 0 -lwc T
cp "$TMP/out" ref
if [ "$status" -eq 0 ] && [ "$(wc -l <ref)" -eq 481 ]; then
	ok "reference: -j 1 --io-threads 0"
else
	not_ok "reference: -j 1 --io-threads 0" "status $status"
fi

# run_watched ARGS...: run fstat-par (with the environment given before
# it) in the background, and set $threads to the most threads any of its
# workers had while it ran.
run_watched() {
	"$@" >"$TMP/out" 2>"$TMP/err" &
	pid=$!
	threads=0
	while [ -r "/proc/$pid/status" ] &&
	      ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; do
		for c in $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do
			n=$(awk '/^Threads:/ { print $2 }' "/proc/$c/status" 2>/dev/null)
			case $n in ''|*[!0-9]*) continue ;; esac
			[ "$n" -gt "$threads" ] && threads=$n
		done
		sleep 0.01
	done
	wait "$pid"
	status=$?
}

# Under valgrind the workers are valgrind's processes; the shim and the
# counting of threads are for the plain binary.
if under_valgrind; then
	skip "thread counts" "under valgrind"
	done_testing
fi
if ! [ -r "/proc/$$/task/$$/children" ]; then
	skip "thread counts" "no /proc/PID/task/PID/children"
	done_testing
fi

slow() { run_watched env LD_PRELOAD="$SHIM" SLOWREAD_US=2000 "$@"; }

# One TAP line: the worker looked at had from LO to HI threads (itself
# included).
threads_within() { # DESC LO HI
	if [ "$threads" -ge "$2" ] && [ "$threads" -le "$3" ]; then
		ok "$1 ($threads threads)"
	else
		not_ok "$1" "a worker had $threads threads, expected $2 to $3"
	fi
}

# The default: the threads grow while the worker waits for them, to at
# most 8 each for two workers (16 reads in flight; readahead.h).
slow "$FSTAT_PAR" -j 2 -lwc T
cp ref "$TMP/exp_out"
: >"$TMP/exp_err"
check "slow reads, default: the same rows, in order" 0
threads_within "slow reads, -j 2: the read-ahead grew, within its cap" 3 9

slow "$FSTAT_PAR" -j 1 -lwc T
cp ref "$TMP/exp_out"
: >"$TMP/exp_err"
check "slow reads, -j 1: the same rows" 0
threads_within "slow reads, -j 1: within its cap of 16" 3 17

# --io-threads N: N threads, no more, no fewer, once reads are slow.
for t in 1 3; do
	slow "$FSTAT_PAR" -j 2 --io-threads $t -lwc T
	cp ref "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "slow reads, --io-threads $t: the same rows" 0
	is "slow reads, --io-threads $t: a worker and $t threads" \
		"$threads" $((t + 1))
done

slow "$FSTAT_PAR" -j 2 --io-threads 0 -lwc T
cp ref "$TMP/exp_out"
: >"$TMP/exp_err"
check "slow reads, --io-threads 0: the same rows" 0
is "slow reads, --io-threads 0: no thread" "$threads" 1

# Fast reads (the files are in the page cache): no thread starts.  The
# names come through a FIFO held open for a second after the last, so
# that the workers, done counting, are still there to be looked at.
# Read the files first: a virtual machine may page out idle page cache.
find T -type f -print0 >names0
# (From a pipe as well: the column widths depend on what the list is.)
# shellcheck disable=SC2002
cat names0 | "$FSTAT_PAR" -j 1 --io-threads 0 -lwc --files0-from=- >ref0
if mkfifo fifo 2>/dev/null; then
	cat T/*/* >/dev/null
	{ cat names0; sleep 1; } >fifo &
	run_watched "$FSTAT_PAR" -j 2 -lwc --files0-from=fifo
	wait
	cp ref0 "$TMP/exp_out"
	: >"$TMP/exp_err"
	check "fast reads, default: the same rows" 0
	is "fast reads, default: no thread" "$threads" 1

	# Reads that take long by the clock but never sleep (a busy CPU, as
	# on a loaded machine): the thread was not waiting for the device,
	# so no read-ahead starts.  A shim spins 500 us in each read of a
	# regular file.
	cat >spin.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void spin(int fd)
{
	struct timespec a, b;
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return;
	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec <
	       500000L);
}

ssize_t read(int fd, void *buf, size_t len)
{
	static ssize_t (*real)(int, void *, size_t);

	if (!real)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	spin(fd);
	return real(fd, buf, len);
}
EOF
	if ${CC:-cc} -O2 -shared -fPIC -o spin.so spin.c -ldl 2>>cc.err; then
		{ cat names0; sleep 1; } >fifo &
		run_watched env LD_PRELOAD="$TMP/spin.so" "$FSTAT_PAR" -j 2 \
			-lwc --files0-from=fifo
		wait
		cp ref0 "$TMP/exp_out"
		: >"$TMP/exp_err"
		check "reads slow on the CPU: the same rows" 0
		is "reads slow on the CPU, not asleep: no thread" "$threads" 1
	else
		skip "reads slow on the CPU" "the spin shim did not build"
	fi
else
	skip "fast reads" "mkfifo failed"
fi

done_testing
