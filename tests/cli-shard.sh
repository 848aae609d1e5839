#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --shard=K/N and --merge: N shards partition the files (disjoint, and
# together everything), and their merged jsonl prints exactly what one
# run prints, in every format, for a tree, an archive and a list; each
# error is reported by one shard only; inconsistent inputs are exit 2.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99

# A tree with depth, awkward names and some empty files.
mkdir -p T/a/b/c T/d 'T/with space' T/z || exit 99
i=0
while [ $i -lt 60 ]; do
	printf 'line %d\nword word %d\n' $i $i >"T/a/f$i.c"
	printf '%d\n' $i >"T/a/b/g$i.h"
	i=$((i + 1))
done
printf 'x\n' >T/a/b/c/deep.txt
: >T/d/empty
: >T/z/empty.c
printf 'name with\nnewline\n' >"T/with space/new
line.c"
printf 'caf\351\n' >"$(printf 'T/d/caf\351.txt')"
printf 'tab\there\n' >"$(printf 'T/d/tab\there')"
printf '\xe2\x82\xac euro\n' >T/d/utf8.txt

# The runs to compare: one whole, and N shards merged.  ARGS are the
# command's arguments; the jsonl of shard K of N goes to N.K.jsonl.
# Every run reads its standard input from $input, and runs as $as_user
# (a command prefix, empty but where root must drop its rights).
input=/dev/null
as_user=
shards() {
	n=$1
	shift
	k=1
	files=
	while [ $k -le "$n" ]; do
		# shellcheck disable=SC2086
		$as_user "$FSTAT_PAR" --shard="$k/$n" --format=jsonl "$@" \
			<"$input" >"$n.$k.jsonl" 2>"$n.$k.err"
		files="$files $n.$k.jsonl"
		k=$((k + 1))
	done
}

# The names of the file records of the jsonl files given, one per line,
# hex-encoded (names may hold newlines), sorted.
names() {
	python3 -c '
import json, sys
for f in sys.argv[1:]:
    for line in open(f, encoding="utf-8", errors="surrogateescape"):
        r = json.loads(line)
        if r["type"] == "file":
            print(r["name"].encode("utf-8", "surrogateescape").hex())
' "$@" | LC_ALL=C sort
}

# For each N: disjoint, complete, and the merge equal to one run in
# every format.  WHAT names the case (not DESC: check() sets that);
# the rest is the command.
compare() {
	what=$1
	shift
	"$FSTAT_PAR" --format=jsonl "$@" <"$input" >one.jsonl 2>/dev/null
	for n in 1 3 8; do
		shards $n "$@"
		names $files >got.names
		names one.jsonl >exp.names
		is "$what: $n shards: together every file" \
			"$(LC_ALL=C sort -u got.names | cmp -s - exp.names &&
			   echo yes)" yes
		is "$what: $n shards: no file twice" \
			"$(LC_ALL=C sort got.names | uniq -d | wc -l |
			   tr -d ' ')" 0
		for fmt in text tsv csv json jsonl; do
			# shellcheck disable=SC2086
			"$FSTAT_PAR" --format=$fmt "$@" <"$input" \
				>"$TMP/exp_out" 2>/dev/null
			# shellcheck disable=SC2086
			run "$FSTAT_PAR" --merge --format=$fmt $files
			if [ "$status" -eq 1 ]; then
				status=0     # the runs' errors: checked below
			fi
			check "$what: $n shards merged as one run: $fmt" 0
		done
	done
}

compare "tree" T
compare "tree, globs and -x" T '*.c' '*.h' -x b
compare "tree, -l -L and --count-matches" T -lL --count-matches=word
tar cf t.tar T || exit 99
compare "archive" t.tar
compare "archive, a glob" t.tar '*.h'
find T -type f -print0 >list || exit 99
compare "list" --files0-from=list
compare "list, a glob" --files0-from=list '*.c'
printf 'stdin text\n' >stdin.txt
printf 'T/a/f1.c\0-\0T/a/f2.c\0' >list2
input=stdin.txt
compare "a list with standard input" --files0-from=list2
input=/dev/null

# --total and --summary apply at the merge, as in one run.
shards 3 T
for opts in "--total=always" "--total=never" "--total=only" "--summary" \
	"--format=json --summary" "-l" "-c -w" "-0" "--format=tsv -0"; do
	# shellcheck disable=SC2086
	"$FSTAT_PAR" $opts T >"$TMP/exp_out"
	# shellcheck disable=SC2086
	run "$FSTAT_PAR" --merge $opts $files
	check "merge $opts" 0
done

# Standard input as one of the inputs.
"$FSTAT_PAR" T >"$TMP/exp_out"
run sh -c '"$1" --merge 3.2.jsonl - 3.3.jsonl <3.1.jsonl' sh "$FSTAT_PAR"
check "an input on standard input" 0

# Runs written with --total=only merge with --total=only.
k=1
while [ $k -le 3 ]; do
	"$FSTAT_PAR" --shard=$k/3 --total=only --format=jsonl T >only.$k.jsonl
	k=$((k + 1))
done
"$FSTAT_PAR" --total=only T >"$TMP/exp_out"
run "$FSTAT_PAR" --merge --total=only only.1.jsonl only.2.jsonl only.3.jsonl
check "--total=only runs merged with --total=only" 0
: >"$TMP/exp_out"
printf '%s\n' "fstat-par: only.1.jsonl: no file records (written with --total=only): merge it with --total=only" >"$TMP/exp_err"
run "$FSTAT_PAR" --merge only.1.jsonl only.2.jsonl only.3.jsonl
check "--total=only runs need --total=only" 2

# Errors: each reported by one shard, and the merge says which runs had
# some, with exit 1.  Root reads everything: it runs them as nobody.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 755 "$TMP"
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
	mkdir -p E/ok E/closed
	printf 'a\n' >E/ok/a
	printf 'b\n' >E/closed/b
	printf 'c\n' >E/ok/unreadable
	chmod 000 E/closed E/ok/unreadable
	# shellcheck disable=SC2086
	$as_user "$FSTAT_PAR" E >single.out 2>single.err
	single_status=$?
	shards 3 E
	cat 3.1.err 3.2.err 3.3.err | LC_ALL=C sort >got.err
	LC_ALL=C sort single.err >exp.err
	is "errors: the single run fails" "$single_status" 1
	is "errors: each reported by one shard" "$(cmp -s got.err exp.err &&
		echo yes)" yes
	cp single.out "$TMP/exp_out"
	run "$FSTAT_PAR" --merge 3.1.jsonl 3.2.jsonl 3.3.jsonl
	check "errors: the merge prints the counted files, exit 1" 1
	is "errors: the merge names the runs that had errors" \
		"$(wc -l <"$TMP/err" | tr -d ' ')" \
		"$(grep -l '"errors": [1-9]' 3.1.jsonl 3.2.jsonl 3.3.jsonl |
		   wc -l | tr -d ' ')"
	chmod 755 E/closed E/ok/unreadable
	as_user=
else
	skip "errors: one shard each" "running as root without setpriv"
fi

# Inconsistent inputs: exit 2, one message, nothing on stdout.
fails() {
	desc=$1
	msg=$2
	shift 2
	: >"$TMP/exp_out"
	printf 'fstat-par: %s\n' "$msg" >"$TMP/exp_err"
	run "$FSTAT_PAR" --merge "$@"
	check "mismatch: $desc" 2
}

shards 3 T
cp 3.1.jsonl a.jsonl
"$FSTAT_PAR" --shard=2/3 -l --format=jsonl T >lines.jsonl
fails "other columns" "lines.jsonl: not a shard of the same run as a.jsonl: other columns (lines, not lines,words,bytes)" \
	a.jsonl lines.jsonl 3.3.jsonl
mkdir U && cp -r T/a U/ || exit 99
"$FSTAT_PAR" --shard=2/3 --format=jsonl U >root.jsonl
fails "another root" "root.jsonl: not a shard of the same run as a.jsonl: another root" \
	a.jsonl root.jsonl 3.3.jsonl
"$FSTAT_PAR" --shard=2/3 --format=jsonl T '*.c' >glob.jsonl
fails "another selection" "glob.jsonl: not a shard of the same run as a.jsonl: another selection" \
	a.jsonl glob.jsonl 3.3.jsonl
LC_ALL=C "$FSTAT_PAR" --shard=2/3 --format=jsonl T >mode.jsonl
if LC_ALL=C.UTF-8 "$FSTAT_PAR" --shard=1/3 --format=jsonl T 2>/dev/null |
	head -n 1 | grep -q '"mode": "utf8"'; then
	LC_ALL=C.UTF-8 "$FSTAT_PAR" --shard=1/3 --format=jsonl T >utf8.jsonl
	fails "another counting mode" "mode.jsonl: not a shard of the same run as utf8.jsonl: another counting mode" \
		utf8.jsonl mode.jsonl 3.3.jsonl
else
	skip "mismatch: another counting mode" "no C.UTF-8 locale"
fi
# POSIXLY_CORRECT is part of the mode: it changes the words.
POSIXLY_CORRECT=1 "$FSTAT_PAR" --shard=2/3 --format=jsonl T >posix.jsonl
fails "another counting mode (POSIXLY_CORRECT)" "posix.jsonl: not a shard of the same run as a.jsonl: another counting mode" \
	a.jsonl posix.jsonl 3.3.jsonl
# The merge's own run record gives its inputs' mode, not its own.
for k in 1 2 3; do
	LC_ALL=C POSIXLY_CORRECT=1 "$FSTAT_PAR" --shard=$k/3 --format=jsonl T \
		>posix.$k.jsonl
done
is "a run's mode with POSIXLY_CORRECT" \
	"$(head -n 1 posix.1.jsonl | grep -o '"mode": "[^"]*"')" \
	'"mode": "bytes-posix"'
is "the merge of such runs keeps their mode" \
	"$(LC_ALL=C "$FSTAT_PAR" --merge --format=jsonl posix.1.jsonl \
	   posix.2.jsonl posix.3.jsonl | head -n 1 | grep -o '"mode": "[^"]*"')" \
	'"mode": "bytes-posix"'
"$FSTAT_PAR" --shard=2/4 --format=jsonl T >four.jsonl
fails "another number of shards" "four.jsonl: not a shard of the same run as a.jsonl: another number of shards" \
	a.jsonl four.jsonl 3.3.jsonl
fails "a shard twice" "3.1.jsonl: shard 1/3 given twice" \
	a.jsonl 3.1.jsonl 3.2.jsonl
fails "a shard missing" "shard 2/3 is missing" a.jsonl 3.3.jsonl
fails "more inputs than shards" "4 inputs for 3 shards" \
	a.jsonl 3.2.jsonl 3.3.jsonl 3.1.jsonl
# The same file in two inputs: shard 1's rows claimed by shard 2 too.
sed '1s|"shard": "1/3"|"shard": "2/3"|' 3.1.jsonl >twice.jsonl
first=$(sed -n '2s/.*"index": \([0-9]*\)}$/\1/p' 3.1.jsonl)
fails "a file counted twice" "3.1.jsonl:2: index $first is in twice.jsonl too: a file counted twice" \
	twice.jsonl 3.1.jsonl 3.3.jsonl
rows=$(grep -c '"type": "file"' 3.2.jsonl)
runs_inputs=$(sed -n '1s/.*"inputs": \([0-9]*\),.*/\1/p' 3.2.jsonl)
head -n 3 3.2.jsonl >cut.jsonl
fails "a file cut short" "cut.jsonl: 2 file records, but its run counted $runs_inputs files with 0 errors: the file is cut short or damaged" \
	3.1.jsonl cut.jsonl 3.3.jsonl
head -c 100 3.2.jsonl >cutline.jsonl
fails "a file cut inside a line" "cutline.jsonl:1: invalid JSON at byte 100: unexpected end of input" \
	3.1.jsonl cutline.jsonl 3.3.jsonl
is "the rows of a shard (sanity)" "$([ "$rows" -gt 2 ] && echo yes)" yes
sed '2s/"lines": [0-9]*/"lines": 123456/' 3.2.jsonl >edited.jsonl
fails "a total that is not the sum of the rows" "edited.jsonl: its total is not the sum of its rows: the file is damaged" \
	3.1.jsonl edited.jsonl 3.3.jsonl
awk 'NR == 3 { l = $0; getline; print; print l; next } { print }' \
	3.2.jsonl >swapped.jsonl
fails "rows out of order" "swapped.jsonl:4: $(sed -n '3s/.*"index": \([0-9]*\)}$/index \1/p' 3.2.jsonl) after $(sed -n '4s/.*"index": \([0-9]*\)}$/\1/p' 3.2.jsonl): the rows are out of order" \
	3.1.jsonl swapped.jsonl 3.3.jsonl
"$FSTAT_PAR" --format=tsv T >tsv.out
fails "not jsonl" "tsv.out:1: invalid JSON at byte 0: invalid literal" tsv.out
printf '{"type": "file"}\n' >norun.jsonl
fails "no run record" "norun.jsonl:1: no \"run\" record: not the output of fstat-par --format=jsonl" norun.jsonl
: >empty.jsonl
fails "an empty input" "empty.jsonl: empty: not the output of fstat-par --format=jsonl" empty.jsonl
sed '1s/"version": 2/"version": 3/' 3.1.jsonl >v3.jsonl
fails "a newer version" "v3.jsonl:1: run record version 3, but this fstat-par reads version 2" v3.jsonl
# Version 1 counted 0xA0 and the UTF-8 forms above U+10FFFF otherwise.
sed '1s/"version": 2/"version": 1/' 3.1.jsonl >v1.jsonl
fails "an older version" "v1.jsonl:1: run record version 1, but this fstat-par reads version 2" v1.jsonl
fails "a missing input" "nosuch.jsonl: No such file or directory" nosuch.jsonl
fails "a directory" "T: read error: Is a directory" T
fails "standard input twice" "standard input (-) given twice" - -
fails "a column the inputs lack" "the inputs have no chars column" \
	-m 3.1.jsonl 3.2.jsonl 3.3.jsonl

# Usage errors.
for arg in 0/3 4/3 1/0 x 1/ /3 01/3 1/3x ' 1/3' 1/4294967296; do
	: >"$TMP/exp_out"
	printf '%s\n' "fstat-par: invalid argument '$arg' for '--shard' (expected K/N, 1 <= K <= N <= 4294967295)" \
		"Try 'fstat-par --help' for more information." >"$TMP/exp_err"
	run "$FSTAT_PAR" --shard="$arg" T
	check "--shard=$arg: usage error" 2
done
for opt in --shard=1/2 -xb --regex=a --exclude-regex=a --count-matches=a \
	--max-depth=1 --follow --xdev --files0-from=list; do
	name=${opt%%=*}
	case $name in -xb) name=--exclude ;; esac
	: >"$TMP/exp_out"
	printf '%s\n' "fstat-par: $name cannot be used with --merge" \
		"Try 'fstat-par --help' for more information." >"$TMP/exp_err"
	run "$FSTAT_PAR" --merge "$opt" 3.1.jsonl
	check "--merge $opt: usage error" 2
done

done_testing
