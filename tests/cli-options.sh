#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# How the command line is taken apart, as getopt_long does it with glibc's
# wording: abbreviations of long options (unique, ambiguous, exact), the
# errors (unknown option, missing or unexpected argument), each one line
# then "Try 'fstat-par --help'", exit 2; and "--", after which everything
# is an operand.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir D || exit 99
printf 'one two\n' >D/a
printf 'x\n' >D/-l
printf 'y y y\n' >D/x

try="Try 'fstat-par --help' for more information."

# usage_error DESC MESSAGE ARG...: fstat-par ARG... fails with MESSAGE.
usage_error() {
	desc=$1 msg=$2
	shift 2
	run "$FSTAT_PAR" "$@"
	printf 'fstat-par: %s\n%s\n' "$msg" "$try" >"$TMP/exp_err"
	: >"$TMP/exp_out"
	check "$desc" 2
}

# Ambiguous: the candidates in the order of the option table, as glibc
# lists them (not sorted: --null comes before --no-progress).
usage_error "--fo=json is ambiguous" \
	"option '--fo=json' is ambiguous; possibilities: '--follow' '--format'" \
	--fo=json D
usage_error "--fo json (separate argument) is ambiguous" \
	"option '--fo' is ambiguous; possibilities: '--follow' '--format'" \
	--fo json D
usage_error "--n: candidates in table order, not sorted" \
	"option '--n' is ambiguous; possibilities: '--null' '--no-progress'" \
	--n D
usage_error "--m: five candidates" \
	"option '--m' is ambiguous; possibilities: '--max-line-length' '--max-entries' '--max-bytes' '--max-depth' '--merge'" \
	-l --m D
usage_error "--excl=x: a whole name is one candidate among others" \
	"option '--excl=x' is ambiguous; possibilities: '--exclude' '--exclude-regex'" \
	--excl=x D
usage_error "ambiguous after an operand (options are permuted)" \
	"option '--fo=json' is ambiguous; possibilities: '--follow' '--format'" \
	D --fo=json
usage_error "ambiguous before a missing argument is noticed" \
	"option '--fo' is ambiguous; possibilities: '--follow' '--format'" \
	--fo

# "--=x" abbreviates every option: all of --help's long options, once
# each, in one line.
"$FSTAT_PAR" --help | grep -E '^ {2,6}-' | sed -E 's/^ +//; s/  .*//; s/=.*//' |
	tr ', ' '\n\n' | grep -- '^--' | LC_ALL=C sort >help-long
run "$FSTAT_PAR" --=x D
head -n 1 err | sed "s/.*possibilities: //" | tr ' ' '\n' | tr -d "'" |
	LC_ALL=C sort >listed
if [ "$status" -eq 2 ] && [ "$(wc -l <err)" -eq 2 ] &&
   [ "$(wc -l <help-long)" -ge 20 ] && cmp -s help-long listed; then
	ok "--=x: every long option is a candidate ($(wc -l <listed))"
else
	not_ok "--=x: every long option is a candidate" "status $status" \
		"$(LC_ALL=C comm -3 help-long listed | tr '\n' ' ')"
fi

# Unknown options.
usage_error "unknown long option" "unrecognized option '--frob'" --frob D
usage_error "longer than an option's name: unknown" \
	"unrecognized option '--follows'" --follows D
usage_error "--formats=json: unknown, not --format" \
	"unrecognized option '--formats=json'" --formats=json D
usage_error "---x: unknown" "unrecognized option '---x'" ---x D
usage_error "unknown short option" "invalid option -- 'q'" -lq D

# A missing argument: the option named in full, even abbreviated.
usage_error "--form without its argument" \
	"option '--format' requires an argument" --form
usage_error "--files0 without its argument" \
	"option '--files0-from' requires an argument" --files0
usage_error "-x without its argument" \
	"option requires an argument -- 'x'" -x

# An unexpected argument.
usage_error "--fol=x: --follow takes no argument" \
	"option '--follow' doesn't allow an argument" --fol=x D
usage_error "--xdev= (empty): no argument allowed" \
	"option '--xdev' doesn't allow an argument" --xdev= D
usage_error "--vers=1: no argument allowed" \
	"option '--version' doesn't allow an argument" --vers=1

# Unique abbreviations are accepted, and a whole name wins over the
# longer names it begins (--exclude, not --exclude-regex).
run "$FSTAT_PAR" --form=tsv --tot=only D
printf 'type\tname\tlines\twords\tbytes\ntotal\t\t3\t6\t16\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "--form=tsv --tot=only: unique abbreviations" 0
run "$FSTAT_PAR" --form tsv --tot only D
printf 'type\tname\tlines\twords\tbytes\ntotal\t\t3\t6\t16\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "--form tsv --tot only: abbreviations, separate arguments" 0
for form in --exclude=x "--exclude x" --exclude-r=x; do
	# shellcheck disable=SC2086
	run "$FSTAT_PAR" --format=tsv --total=never $form D
	printf 'type\tname\tlines\twords\tbytes\nfile\tD/-l\t1\t1\t2\nfile\tD/a\t1\t2\t8\n' >"$TMP/exp_out"
	: >"$TMP/exp_err"
	check "$form: D/x is excluded" 0
done
run "$FSTAT_PAR" --vers
if [ "$status" -eq 0 ] && head -n 1 out | grep -q '^fstat-par (.*) [0-9]'; then
	ok "--vers: the version"
else
	not_ok "--vers: the version" "status $status" "$(head -n 1 out)"
fi
run "$FSTAT_PAR" --h
if [ "$status" -eq 0 ] && head -n 1 out | grep -q '^Usage: fstat-par '; then
	ok "--h: the help"
else
	not_ok "--h: the help" "status $status" "$(head -n 1 out)"
fi

# "--" ends the options: what follows is an operand, even "-l" or an
# ambiguous abbreviation; before it, options may follow operands.
run "$FSTAT_PAR" D -- -l
printf '1 1 2 D/-l\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "D -- -l: -l is a GLOB" 0
run "$FSTAT_PAR" --total=never D -l
printf ' 1 D/-l\n 1 D/a\n 1 D/x\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "D -l: an option after the operand" 0
run "$FSTAT_PAR" -- --fo=json
printf "fstat-par: '--fo=json': No such file or directory\n" >"$TMP/exp_err"
: >"$TMP/exp_out"
check "-- --fo=json: ROOT, not an option" 2
run "$FSTAT_PAR" --total=never -l -- D a
printf '1 D/a\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "-l -- D a: options, then ROOT and a GLOB" 0
run "$FSTAT_PAR" --
printf 'fstat-par: missing ROOT operand\n%s\n' "$try" >"$TMP/exp_err"
: >"$TMP/exp_out"
check "-- alone: still no ROOT" 2

done_testing
