#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The parent's peak memory stays under 32 MiB on 200k files, all in one
# directory (the worst case: the walk holds a directory's names while it
# sorts them, and every row waits in the spool until the end).  The peak
# is the largest resident set of the run's processes (ru_maxrss of the
# waited-for children, workers included), so it bounds the parent's.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

if ! command -v python3 >/dev/null 2>&1; then
	skip "peak memory" "no python3"
	done_testing
	exit 0
fi
# A sanitizer or valgrind multiplies the memory of every allocation.
if instrumented; then
	skip "peak memory" "instrumented build"
	done_testing
	exit 0
fi

cd "$TMP" || exit 99
mkdir flat || exit 99
python3 -c '
import os
for i in range(200000):
    os.close(os.open("flat/f%06d.c" % i, os.O_CREAT | os.O_WRONLY, 0o644))
' || exit 99

# peak ARGS...: run fstat-par, print its exit status and its peak in KiB.
peak() {
	python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$FSTAT_PAR" "$@"
}

limit=32768
for args in "-j 2" "-j 8 --format=jsonl" "-j 64 -lwmcL --summary"; do
	# shellcheck disable=SC2086
	set -- $(peak $args flat)
	if [ "$1" -eq 0 ] && [ "$2" -lt $limit ]; then
		ok "200k files in one directory, $args: peak $2 KiB"
	else
		not_ok "200k files in one directory, $args: peak $2 KiB" \
			"exit status $1; the limit is $limit KiB"
	fi
done

done_testing
