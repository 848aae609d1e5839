#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Text output: byte-identical to GNU wc given the same files, for every
# column selection and total mode; names with control characters quoted.
# The files hold printable ASCII only, where every GNU wc version agrees.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir -p T/d
printf 'hello world\n' >T/a
printf 'one two three\nfour\tfive\n\nsix' >T/b
: >T/c
awk 'BEGIN { for (i = 0; i < 3000; i++) print "line", i, "of some text" }' >T/d/big
printf 'a\tb\tc\n\f x \r y\n' >T/d/e
files="T/a T/b T/c T/d/big T/d/e"

if ! wc --version >/dev/null 2>&1; then
	skip "comparison with wc" "no wc"
	done_testing
fi

# wc learned --total only in coreutils 9.2, so derive every total mode
# from wc's default (auto) output, which has a total for five files.
for cols in "" -l -w -c -m -L -lw -lc -wm -lwmcL -Lc; do
	# shellcheck disable=SC2086
	LC_ALL=C wc $cols $files >"$TMP/wc_auto"
	for total in auto always only never; do
		case $total in
		auto|always) cp "$TMP/wc_auto" "$TMP/exp_out" ;;
		never) sed '$d' "$TMP/wc_auto" >"$TMP/exp_out" ;;
		only) tail -1 "$TMP/wc_auto" |
			awk '{ for (i = 1; i < NF; i++) printf "%s%s", $i, (i < NF - 1 ? " " : "\n") }' >"$TMP/exp_out" ;;
		esac
		# shellcheck disable=SC2086
		LC_ALL=C run "$FSTAT_PAR" $cols --total=$total T
		check "same as wc $cols --total=$total" 0
	done
done

for f in T/a T/d/big; do
	for cols in "" -l -c -lw; do
		# shellcheck disable=SC2086
		LC_ALL=C wc $cols $f >"$TMP/exp_out"
		# shellcheck disable=SC2086
		LC_ALL=C run "$FSTAT_PAR" $cols $f
		check "single file $f, '$cols': same as wc" 0
	done
done

# Option order never changes the column order.
LC_ALL=C run "$FSTAT_PAR" -c -L -l T
LC_ALL=C wc -lcL $files >"$TMP/exp_out"
check "columns in wc's order whatever the option order" 0

# Standard input has no size: GNU wc pads to at least 7.
printf 'a b\nc\n' | LC_ALL=C wc -lw - >"$TMP/exp_out"
printf 'a b\nc\n' | LC_ALL=C "$FSTAT_PAR" -lw - >"$TMP/out" 2>"$TMP/err"
status=$?
check "standard input: padded like wc" 0

# Names with a newline are quoted as wc quotes them; with another control
# character too (GNU wc 9.x leaves those raw; SPEC.md asks for quoting).
mkdir N
printf 'x\n' >"N/a
b"
printf 'y\n' >"$(printf 'N/t\tab')"
printf 'z\n' >"N/sp ace"
LC_ALL=C run "$FSTAT_PAR" -l N
cat >"$TMP/exp_out" <<'X'
1 'N/a'$'\n''b'
1 N/sp ace
1 'N/t'$'\t''ab'
3 total
X
check "control characters in names are shell-quoted" 0

done_testing
