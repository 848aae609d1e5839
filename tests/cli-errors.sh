#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Per-file errors: named on stderr, exit 1, everything else still counted.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
chmod 755 "$TMP"
mkdir -p T/locked T/open
printf 'a\n' >T/1
printf 'secret\n' >T/2-unreadable
printf 'b\nc\n' >T/3
printf 'in\n' >T/locked/x
printf 'd\n' >T/open/y
chmod a+rx T T/open
chmod a+r T/1 T/3 T/open/y
chmod 000 T/2-unreadable
chmod 000 T/locked

# Root reads everything: drop to an unprivileged user for these tests.
as_user=
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		skip "unreadable files" "running as root without setpriv"
		done_testing
	fi
fi

# shellcheck disable=SC2086
run $as_user "$FSTAT_PAR" -l T
cat >"$TMP/exp_out" <<'X'
1 T/1
2 T/3
1 T/open/y
4 total
X
cat >"$TMP/exp_err" <<'X'
fstat-par: T/2-unreadable: Permission denied
fstat-par: T/locked: Permission denied
X
check "unreadable file and directory: named, exit 1, rest counted" 1

# shellcheck disable=SC2086
run $as_user "$FSTAT_PAR" -l -j 1 T/2-unreadable
: >"$TMP/exp_out"
printf 'fstat-par: T/2-unreadable: Permission denied\n' >"$TMP/exp_err"
check "an unreadable file as ROOT: exit 1, no row" 1

# shellcheck disable=SC2086
run $as_user "$FSTAT_PAR" -l --total=always T/locked
: >"$TMP/exp_out"
printf 'fstat-par: T/locked: Permission denied\n' >"$TMP/exp_err"
check "an unreadable directory as ROOT: exit 2" 2

done_testing
