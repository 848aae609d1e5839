# SPDX-License-Identifier: BSD-2-Clause
# tests/lib.sh - TAP helpers for the CLI tests.  Source it, then:
#
#   run CMD...           run CMD; stdout, stderr and status land in
#                        $TMP/out, $TMP/err and $status
#   check DESC STATUS    one TAP line: pass when the last run exited with
#                        STATUS and its stdout/stderr equal $TMP/exp_out and
#                        $TMP/exp_err when those exist (they are consumed)
#   is DESC GOT WANT     one TAP line comparing two strings
#   ok DESC / not_ok DESC [diagnostic lines...]
#   skip DESC REASON
#   make_many_files DIR  30000 small files under DIR (40 subdirectories)
#   under_valgrind       true under make check-valgrind (FSTAT_PAR is then
#                        tests/valgrind.sh, the binary FSTAT_PAR_REAL)
#   instrumented         true when $FSTAT_PAR runs under a sanitizer or
#                        valgrind (make check-valgrind), whose allocator
#                        changes memory use and stands in LD_PRELOAD's way
#   config_value NAME    the string configure defined as NAME in the build's
#                        config.h (beside src/, or $CONFIG_H), e.g.
#                        PACKAGE_VERSION; exit 99 when there is none
#   done_testing         print the plan; exit 1 if anything failed
#
# Everything the tests write goes under $TMP, a fresh directory removed on
# exit; the source tree is never written (make distcheck makes it
# read-only).

set -u
: "${FSTAT_PAR:?FSTAT_PAR must name the built binary}"
# POSIXLY_CORRECT changes how words are counted and where options end;
# the tests set it where they mean to, never inherit it.
unset POSIXLY_CORRECT

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fstat-par-test.XXXXXX") || exit 99
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
t_count=0
t_failed=0

ok() {
	t_count=$((t_count + 1))
	printf 'ok %d - %s\n' "$t_count" "$1"
}

not_ok() {
	t_count=$((t_count + 1))
	t_failed=$((t_failed + 1))
	printf 'not ok %d - %s\n' "$t_count" "$1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

skip() {
	t_count=$((t_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$t_count" "$1" "$2"
}

run() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
}

# Show a file in TAP diagnostics, control characters made visible.
show() {
	od -c "$1" | head -20 | sed 's/^/#     /'
}

check() {
	desc=$1
	want_status=$2
	fail=
	if [ "$status" -ne "$want_status" ]; then
		fail="exit status $status, expected $want_status"
	fi
	if [ -z "$fail" ] && [ -e "$TMP/exp_out" ] &&
	   ! cmp -s "$TMP/out" "$TMP/exp_out"; then
		fail="stdout differs"
	fi
	if [ -z "$fail" ] && [ -e "$TMP/exp_err" ] &&
	   ! cmp -s "$TMP/err" "$TMP/exp_err"; then
		fail="stderr differs"
	fi
	if [ -z "$fail" ]; then
		ok "$desc"
	else
		not_ok "$desc" "$fail"
		echo "#   stdout:"; show "$TMP/out"
		[ -e "$TMP/exp_out" ] && { echo "#   expected stdout:"; show "$TMP/exp_out"; }
		echo "#   stderr:"; show "$TMP/err"
		[ -e "$TMP/exp_err" ] && { echo "#   expected stderr:"; show "$TMP/exp_err"; }
	fi
	rm -f "$TMP/exp_out" "$TMP/exp_err"
}

is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "got:      $2" "expected: $3"
	fi
}

# make_many_files DIR: 30000 small files in 40 subdirectories of DIR, a
# run long enough to be interrupted or to find a worker in.
make_many_files() {
	mkdir "$1" || exit 99
	awk -v root="$1" 'BEGIN {
		for (d = 0; d < 40; d++) system("mkdir " root "/d" d)
		for (i = 0; i < 30000; i++) {
			f = sprintf("%s/d%d/f%05d", root, i % 40, i)
			print "file", i > f
			close(f)
		}
	}'
}

config_value() {
	cv_h=${CONFIG_H:-$(dirname "${FSTAT_PAR_REAL:-$FSTAT_PAR}")/../config.h}
	if ! grep -q "^#define $1 \"" "$cv_h" 2>/dev/null; then
		echo "config_value: no $1 in $cv_h" >&2
		exit 99
	fi
	sed -n "s/^#define $1 \"\(.*\)\"\$/\1/p" "$cv_h"
}

done_testing() {
	echo "1..$t_count"
	[ "$t_failed" -eq 0 ]
	exit $?
}

under_valgrind() {
	[ -n "${FSTAT_PAR_REAL:-}" ]
}

instrumented() {
	under_valgrind ||
		{ command -v ldd >/dev/null 2>&1 &&
		  ldd "$FSTAT_PAR" 2>/dev/null |
		  grep -q -e libasan -e libtsan -e libubsan; }
}
