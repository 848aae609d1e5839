#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The command line: --help, --version, usage errors and exit status 2.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

run "$FSTAT_PAR" --help
if [ "$status" -eq 0 ] && grep -q '^Usage: fstat-par \[OPTION\]\.\.\. ROOT \[GLOB\]\.\.\.$' "$TMP/out" &&
   [ ! -s "$TMP/err" ]; then
	ok "--help prints usage on stdout, exit 0"
else
	not_ok "--help prints usage on stdout, exit 0" "status $status"
fi

# Every long option the help lists is one the parser accepts.
for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$TMP/out" | sort -u); do
	case $opt in
	--help|--version) continue ;;
	--jobs) arg="=1" ;;
	--io-threads) arg="=2" ;;
	--timeout) arg="=10" ;;
	--total) arg="=auto" ;;
	--max-entries) arg="=10" ;;
	--max-bytes) arg="=1M" ;;
	--max-depth) arg="=3" ;;
	--exclude|--regex|--exclude-regex|--count-matches) arg="=x" ;;
	--files0-from) arg="=/dev/null" ;;
	--format) arg="=json" ;;
	--shard) arg="=1/1" ;;
	--merge)
		mkdir -p "$TMP/empty"
		"$FSTAT_PAR" --format=jsonl "$TMP/empty" >"$TMP/run.jsonl"
		run "$FSTAT_PAR" --merge "$TMP/run.jsonl"
		if [ "$status" -eq 0 ]; then ok "help's $opt is accepted"; else not_ok "help's $opt is accepted" "$(cat "$TMP/err")"; fi
		continue ;;
	*) arg= ;;
	esac
	run "$FSTAT_PAR" "$opt$arg" "$TMP" "no-such-file"
	if [ "$status" -eq 0 ]; then ok "help's $opt is accepted"; else not_ok "help's $opt is accepted" "$(cat "$TMP/err")"; fi
done

# --version as GNU programs print it, "PROGRAM (PACKAGE) VERSION" with
# configure's name and version, then the holder and the licence.
package=$(config_value PACKAGE_NAME) || exit 99
version=$(config_value PACKAGE_VERSION) || exit 99
run "$FSTAT_PAR" --version
cat >"$TMP/exp_out" <<EOF
fstat-par ($package) $version
Copyright (C) 2026 the fstat-par authors.
License BSD-2-Clause: <https://spdx.org/licenses/BSD-2-Clause.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
EOF
: >"$TMP/exp_err"
check "--version: GNU's form, version $version, exit 0" 0
run "$FSTAT_PAR" --version
if grep -q '^License BSD-2-Clause: ' "$TMP/out"; then
	ok "--version names the licence, BSD-2-Clause"
else
	not_ok "--version names the licence, BSD-2-Clause" "$(cat "$TMP/out")"
fi
# The first of --help and --version ends the parse, as in GNU programs.
run "$FSTAT_PAR" --version --help
if [ "$status" -eq 0 ] &&
   [ "$(head -n 1 "$TMP/out")" = "fstat-par ($package) $version" ]; then
	ok "--version --help: the version"
else
	not_ok "--version --help: the version" "$(head -n 1 "$TMP/out")"
fi

run "$FSTAT_PAR"
printf 'fstat-par: missing ROOT operand\nTry '\''fstat-par --help'\'' for more information.\n' >"$TMP/exp_err"
: >"$TMP/exp_out"
check "no ROOT: usage error, exit 2" 2

run "$FSTAT_PAR" --frobnicate .
printf 'fstat-par: unrecognized option '\''--frobnicate'\''\nTry '\''fstat-par --help'\'' for more information.\n' >"$TMP/exp_err"
check "unknown long option: exit 2" 2

run "$FSTAT_PAR" -q .
printf 'fstat-par: invalid option -- '\''q'\''\nTry '\''fstat-par --help'\'' for more information.\n' >"$TMP/exp_err"
check "unknown short option: exit 2" 2

# Long options name themselves in full in their errors, as with glibc
# (getopt's optopt alone once gave "-- '<garbage>'" for --total).
for args in "--total" "--tot" "--jobs" "--files0-from"; do
	run "$FSTAT_PAR" $args
	name=--total
	case $args in --jobs) name=--jobs ;; --files0-from) name=--files0-from ;; esac
	printf 'fstat-par: option '\''%s'\'' requires an argument\nTry '\''fstat-par --help'\'' for more information.\n' "$name" >"$TMP/exp_err"
	: >"$TMP/exp_out"
	check "$args without its argument: exit 2" 2
done
run "$FSTAT_PAR" -j
printf 'fstat-par: option requires an argument -- '\''j'\''\nTry '\''fstat-par --help'\'' for more information.\n' >"$TMP/exp_err"
: >"$TMP/exp_out"
check "-j without its argument: exit 2" 2
run "$FSTAT_PAR" --help=x
printf 'fstat-par: option '\''--help'\'' doesn'\''t allow an argument\nTry '\''fstat-par --help'\'' for more information.\n' >"$TMP/exp_err"
: >"$TMP/exp_out"
check "--help=x: exit 2" 2

for bad in 0 -1 x 1x 99999 ''; do
	run "$FSTAT_PAR" --jobs="$bad" .
	if [ "$status" -eq 2 ] && grep -q "invalid number of jobs" "$TMP/err"; then
		ok "--jobs='$bad' is refused"
	else
		not_ok "--jobs='$bad' is refused" "status $status"
	fi
done

for bad in -1 x 65; do
	run "$FSTAT_PAR" --io-threads="$bad" .
	if [ "$status" -eq 2 ] && grep -q "invalid number of I/O threads" "$TMP/err"; then
		ok "--io-threads='$bad' is refused"
	else
		not_ok "--io-threads='$bad' is refused" "status $status"
	fi
done

for opt in max-entries max-bytes; do
	for bad in 0 -1 x 1X 1KB 99999999999999999999 16E; do
		run "$FSTAT_PAR" --$opt="$bad" .
		if [ "$status" -eq 2 ] &&
		   [ "$(head -n 1 "$TMP/err")" = "fstat-par: invalid argument '$bad' for '--$opt'" ]; then
			ok "--$opt='$bad' is refused"
		else
			not_ok "--$opt='$bad' is refused" "status $status" "$(cat "$TMP/err")"
		fi
	done
	for good in 1 7 1K 2MiB 3G 1T 15E; do
		run "$FSTAT_PAR" --$opt="$good" "$TMP"
		if [ "$status" -eq 0 ]; then ok "--$opt='$good' is accepted"; else not_ok "--$opt='$good' is accepted" "$(cat "$TMP/err")"; fi
	done
done

run "$FSTAT_PAR" -j
if [ "$status" -eq 2 ] && grep -q "requires an argument -- 'j'" "$TMP/err"; then
	ok "-j without a number: exit 2"
else
	not_ok "-j without a number: exit 2"
fi

run "$FSTAT_PAR" --total=sometimes .
if [ "$status" -eq 2 ] && grep -q "invalid argument 'sometimes' for '--total'" "$TMP/err"; then
	ok "--total=sometimes is refused"
else
	not_ok "--total=sometimes is refused"
fi

run "$FSTAT_PAR" "$TMP/does-not-exist"
printf 'fstat-par: %s: No such file or directory\n' "$TMP/does-not-exist" >"$TMP/exp_err"
: >"$TMP/exp_out"
check "missing ROOT: one-line message, exit 2" 2

if [ -w /dev/full ]; then
	run sh -c '"$1" --help >/dev/full' sh "$FSTAT_PAR"
	if [ "$status" -eq 2 ] && grep -q 'write error: No space left on device' "$TMP/err"; then
		ok "--help to a full device: write error, exit 2"
	else
		not_ok "--help to a full device: write error, exit 2" "status $status"
	fi
	mkdir "$TMP/t" && echo hi >"$TMP/t/a"
	run sh -c '"$1" "$2" >/dev/full' sh "$FSTAT_PAR" "$TMP/t"
	if [ "$status" -eq 2 ] && grep -q 'write error: No space left on device' "$TMP/err"; then
		ok "counts to a full device: write error, exit 2"
	else
		not_ok "counts to a full device: write error, exit 2" "status $status"
	fi
else
	skip "--help to a full device" "no /dev/full"
	skip "counts to a full device" "no /dev/full"
fi

# Repeatable options allocate: every way out frees them (the sanitizer
# build's leak checker fails the run otherwise).
run "$FSTAT_PAR" -x a --regex=b --help
if [ "$status" -eq 0 ]; then ok "-x and --regex, then --help: exit 0"; else not_ok "-x and --regex, then --help: exit 0" "$(head -3 "$TMP/err")"; fi
run "$FSTAT_PAR" -x a --count-matches=b --jobs=0 .
if [ "$status" -eq 2 ]; then ok "-x, then a usage error: exit 2"; else not_ok "-x, then a usage error: exit 2" "status $status"; fi

done_testing
