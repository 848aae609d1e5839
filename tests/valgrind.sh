#!/bin/sh
# tests/valgrind.sh - run fstat-par under valgrind, for make check-valgrind.
#
# The CLI tests run $FSTAT_PAR; check-valgrind points it here, with the
# real binary in $FSTAT_PAR_REAL and valgrind's options in $VALGRIND_FLAGS
# (Makefile.am).  Valgrind follows the forked workers by itself; an error
# in any process makes it exit 99, which no test expects, so the test
# fails.  Valgrind's own output goes to a file per process in
# $VALGRIND_LOG_DIR, not to stderr, which the tests compare: it warns
# there about system calls it does not know (pidfd_open), which the
# program handles by falling back.
: "${FSTAT_PAR_REAL:?FSTAT_PAR_REAL must name the built binary}"
log=
if [ -n "${VALGRIND_LOG_DIR:-}" ]; then
	mkdir -p "$VALGRIND_LOG_DIR" || exit 99
	log=--log-file=$VALGRIND_LOG_DIR/fstat-par.%p.log
fi
# shellcheck disable=SC2086 # VALGRIND_FLAGS is a list of options
exec ${VALGRIND:-valgrind} ${VALGRIND_FLAGS:-} $log "$FSTAT_PAR_REAL" "$@"
