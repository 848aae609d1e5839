#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --timeout: a file whose reads hang is given up after the timeout and
# reported, its worker replaced, and the rest still counted.  Reads are
# made to hang by a small LD_PRELOAD shim built here with ${CC:-cc}; the
# tests that need it are skipped when there is no compiler.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99

# Option parsing needs no shim.
for bad in abc -1 . 1.2.3 '' 1e3 0x10 1s 1000001; do
	run "$FSTAT_PAR" --timeout="$bad" .
	if [ "$status" -eq 2 ] && grep -q "invalid argument" "$TMP/err"; then
		ok "--timeout='$bad' is a usage error"
	else
		not_ok "--timeout='$bad' is a usage error" "status $status"
	fi
done
mkdir E
printf 'a b\n' >E/f
printf '1 2 4 E/f\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
run "$FSTAT_PAR" --timeout=0 E
check "--timeout=0 is no timeout" 0
for good in 5 0.5 .25 2. 1000000; do
	printf '1 2 4 E/f\n' >"$TMP/exp_out"
	: >"$TMP/exp_err"
	run "$FSTAT_PAR" --timeout=$good E
	check "--timeout=$good is accepted" 0
done
run "$FSTAT_PAR" --help
if grep -q -- '--timeout=SECONDS' "$TMP/out"; then
	ok "--help lists --timeout"
else
	not_ok "--help lists --timeout"
fi

# The shim: read(2) and pread(2) of a regular file whose name starts
# with "hang" never return (until the process is killed).
cat >hang.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void maybe_hang(int fd)
{
	char link[64], path[PATH_MAX];
	const char *base;
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return;
	path[n] = '\0';
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strncmp(base, "hang", 4) == 0)
		for (;;)
			pause();
}

ssize_t read(int fd, void *buf, size_t len)
{
	static ssize_t (*real)(int, void *, size_t);

	if (!real)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	maybe_hang(fd);
	return real(fd, buf, len);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	static ssize_t (*real)(int, void *, size_t, off_t);

	if (!real)
		real = (ssize_t (*)(int, void *, size_t, off_t))
			dlsym(RTLD_NEXT, "pread");
	maybe_hang(fd);
	return real(fd, buf, len, off);
}

ssize_t pread64(int fd, void *buf, size_t len, off_t off)
{
	return pread(fd, buf, len, off);
}
EOF
if ! ${CC:-cc} -shared -fPIC -o hang.so hang.c -ldl 2>cc.err; then
	skip "hung reads" "no C compiler (${CC:-cc})"
	done_testing
fi
SHIM=$TMP/hang.so
# A sanitizer's runtime must come first; this shim calls nothing it
# watches, so the order does not matter here.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

mkdir -p T/a T/b
printf 'one two\n' >T/a/1
printf 'never\nread\n' >T/a/hang
printf 'three\nfour five\n' >T/b/2
exp_rows=' 1  2  8 T/a/1
 2  3 16 T/b/2
 3  5 24 total'

# Run the command with the shim, and how long it took, in whole seconds.
run_timed() {
	t0=$(date +%s)
	run env LD_PRELOAD="$SHIM" "$@"
	elapsed=$(($(date +%s) - t0))
}

for j in 1 2 4; do
	printf '%s\n' "$exp_rows" >"$TMP/exp_out"
	printf 'fstat-par: T/a/hang: timed out after 1 second\n' >"$TMP/exp_err"
	run_timed "$FSTAT_PAR" -j $j --timeout=1 T
	check "-j $j --timeout=1: hung file reported, the rest counted" 1
	if [ "$elapsed" -le 5 ]; then
		ok "-j $j: done in ${elapsed}s"
	else
		not_ok "-j $j: done in ${elapsed}s, expected a few"
	fi
done

printf '%s\n' "$exp_rows" >"$TMP/exp_out"
printf 'fstat-par: T/a/hang: timed out after 0.5 seconds\n' >"$TMP/exp_err"
run_timed "$FSTAT_PAR" -j 2 --io-threads=2 --timeout=0.5 T
check "--io-threads=2 --timeout=0.5" 1

# Several hung files, one worker: each is a worker killed and replaced,
# and none of them counts against the limit on worker deaths.
mkdir -p M
i=0
while [ $i -lt 12 ]; do
	printf 'x\n' >"M/hang$i"
	printf 'y y\n' >"M/ok$i"
	i=$((i + 1))
done
run_timed "$FSTAT_PAR" -j 1 --timeout=0.2 --total=only M
n=$(grep -c 'timed out after 0.2 seconds' "$TMP/err")
is "12 hung files: each reported" "$n" 12
is "12 hung files: the others counted" "$(cat "$TMP/out")" "12 24 48"
is "12 hung files: exit status" "$status" 1

# A file counted in ranges by several workers is reported once.
mkdir -p S
awk 'BEGIN { for (i = 0; i < 4000; i++) print "a few words on a line" }' \
	>S/hang-big
printf 'z\n' >S/small
printf '1 1 2 S/small\n1 1 2 total\n' >"$TMP/exp_out"
printf 'fstat-par: S/hang-big: timed out after 1 second\n' >"$TMP/exp_err"
run_timed env FSTAT_PAR_SPLIT_MIN=8192 "$FSTAT_PAR" -j 3 --timeout=1 S
check "a split file that hangs is reported once" 1

# JSON: the timed-out file has no row and the total leaves it out.
run_timed "$FSTAT_PAR" -j 2 --timeout=1 --format=jsonl T
if [ "$status" -eq 1 ] && ! grep -q hang "$TMP/out" &&
   grep -q 'T/a/1' "$TMP/out" && grep -q 'T/b/2' "$TMP/out"; then
	ok "jsonl: no row for the hung file"
else
	not_ok "jsonl: no row for the hung file" "status $status"
fi

# Without --timeout the run would wait for ever: the shim really hangs.
if command -v timeout >/dev/null 2>&1; then
	run env LD_PRELOAD="$SHIM" timeout 2 "$FSTAT_PAR" -j 2 T
	is "without --timeout the hung read blocks the run" "$status" 124
else
	skip "without --timeout the hung read blocks the run" "no timeout(1)"
fi

done_testing
