#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tests/valgrind.sh - run fstat-par under valgrind, for make check-valgrind.
#
# The CLI tests run $FSTAT_PAR; check-valgrind points it here, with the
# real binary in $FSTAT_PAR_REAL and valgrind's options in $VALGRIND_FLAGS
# (Makefile.am).  Valgrind follows the forked workers by itself; an error
# in any process makes it exit 99, which no test expects, so the test
# fails.  Valgrind's own output goes to a file per run in
# $VALGRIND_LOG_DIR (the workers' reports too, each line marked with its
# process id), not to stderr, which the tests compare: it warns there
# about system calls it does not know (pidfd_open), which the program
# handles by falling back.
#
# The file is opened here, on descriptor 9, and named by --log-fd, not by
# --log-file: valgrind 3.19 leaves the descriptor it opens a --log-file on
# to the program, the lowest free one, so with stdout closed (as some
# tests leave it) the program's output would land in the log instead of
# failing.  Descriptor 9 stays open in the program, as that one did.
# mktemp gives each run its own file, whoever the user (tests run the
# binary as another user too, and process ids are reused).
: "${FSTAT_PAR_REAL:?FSTAT_PAR_REAL must name the built binary}"
log=
if [ -n "${VALGRIND_LOG_DIR:-}" ]; then
	mkdir -p "$VALGRIND_LOG_DIR" || exit 99
	file=$(mktemp "$VALGRIND_LOG_DIR/fstat-par.$$.XXXXXX") || exit 99
	exec 9>>"$file" || exit 99
	log=--log-fd=9
fi
# shellcheck disable=SC2086 # VALGRIND_FLAGS is a list of options
exec ${VALGRIND:-valgrind} ${VALGRIND_FLAGS:-} $log "$FSTAT_PAR_REAL" "$@"
