#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The walk and the globs: order, what is counted, what is skipped.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir -p T/a T/sub/deep T/empty
printf 'x\n' >T/b.c
printf 'a\nb\n' >T/a/x.c
: >T/a/y.h
printf '1\n2\n3\n' >T/a-b.c
printf 'h\n' >T/.hidden.c
printf '\n' >T/B.txt
printf 'z\n' >T/sub/deep/z.c
ln -s b.c T/link.c
ln -s a T/dirlink
mkfifo T/fifo.c 2>/dev/null || echo "# no mkfifo here"

# Depth first, each directory's names in byte order: "a" (a directory)
# before "a-b.c", upper case before lower case, hidden files included;
# the symbolic links and the FIFO are not counted, and the FIFO is never
# opened (timeout would fire if it were).
run timeout 20 "$FSTAT_PAR" -l T
cat >"$TMP/exp_out" <<'X'
 1 T/.hidden.c
 1 T/B.txt
 2 T/a/x.c
 0 T/a/y.h
 3 T/a-b.c
 1 T/b.c
 1 T/sub/deep/z.c
 9 total
X
: >"$TMP/exp_err"
check "walk order, hidden files, links and FIFOs skipped" 0

run timeout 20 "$FSTAT_PAR" -l T/
sed 's|T/|T/|' >"$TMP/exp_out" <<'X'
 1 T/.hidden.c
 1 T/B.txt
 2 T/a/x.c
 0 T/a/y.h
 3 T/a-b.c
 1 T/b.c
 1 T/sub/deep/z.c
 9 total
X
check "ROOT with a trailing slash: no doubled slash (as find)" 0

(cd T && timeout 20 "$FSTAT_PAR" -l . >"$TMP/out" 2>"$TMP/err"); status=$?
cat >"$TMP/exp_out" <<'X'
 1 ./.hidden.c
 1 ./B.txt
 2 ./a/x.c
 0 ./a/y.h
 3 ./a-b.c
 1 ./b.c
 1 ./sub/deep/z.c
 9 total
X
check "ROOT '.': names as find prints them" 0

ln -s T Tlink
run timeout 20 "$FSTAT_PAR" -l Tlink '*.h'
printf '0 Tlink/a/y.h\n' >"$TMP/exp_out"
check "a symbolic link given as ROOT is followed" 0

glob_case() {
	desc=$1
	shift
	want=$1
	shift
	run timeout 20 "$FSTAT_PAR" -l --total=never T "$@"
	got=$(sed 's/^ *[0-9]* //' "$TMP/out" | tr '\n' ' ')
	if [ "$status" -eq 0 ] && [ "$got" = "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc" "got:      $got" "expected: $want" "status $status"
	fi
}

glob_case "'*.c' matches base names at any depth" \
	"T/.hidden.c T/a/x.c T/a-b.c T/b.c T/sub/deep/z.c " '*.c'
glob_case "'a/*' matches the path relative to ROOT" \
	"T/a/x.c T/a/y.h " 'a/*'
glob_case "'*' in a path pattern does not cross '/'" \
	"" 'sub/*.c'
glob_case "'**' crosses directories" \
	"T/sub/deep/z.c " 'sub/**/*.c'
glob_case "'**/' matches at the top too" \
	"T/b.c " '**/b.c'
glob_case "'{c,h}' alternates" \
	"T/a/x.c T/a/y.h " 'a/*.{c,h}'
glob_case "several GLOBs: a file counts when any matches" \
	"T/B.txt T/a/y.h " '*.h' '*.txt'
glob_case "'?' and '[...]'" \
	"T/a/x.c T/b.c " '[bx].?'
glob_case "no match: nothing printed" \
	"" '*.none'

run timeout 20 "$FSTAT_PAR" -l T/b.c
printf '1 T/b.c\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "ROOT that is a file: one row, no total" 0

run timeout 20 "$FSTAT_PAR" -l T/b.c '*.h'
: >"$TMP/exp_out"
check "ROOT that is a file not matching GLOB: nothing" 0

run timeout 20 "$FSTAT_PAR" T/empty
: >"$TMP/exp_out"
: >"$TMP/exp_err"
check "an empty directory: no output, exit 0" 0

printf 'one\ntwo\n' | "$FSTAT_PAR" -l - >"$TMP/out" 2>"$TMP/err"
status=$?
printf '2 -\n' >"$TMP/exp_out"
check "ROOT '-' counts standard input, named '-'" 0

done_testing
