#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --count-matches=RE: a last column with the number of lines that match,
# as grep -c counts them, whether a file is counted whole, in ranges by
# several workers, as chunks of an archive entry, or from standard input.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99

# A small tree of text: TODO lines here and there, empty lines, a file
# without a final newline, an empty file, accented letters, long lines.
mkdir -p T/sub T/deep/er
awk 'BEGIN {
	srand(11)
	n = split("TODO|todo|FIXME|a|b|ab|x1|42| |\t|caf\303\251|\303\251t\303\251|TOD|ODO", w, "|")
	for (f = 0; f < 12; f++) {
		name = sprintf("T/%s/f%02d.txt", f % 3 == 0 ? "sub" : f % 3 == 1 ? "deep/er" : ".", f)
		lines = f < 2 ? f : int(rand() * 400)
		for (l = 0; l < lines; l++) {
			len = int(rand() * (l % 50 == 7 ? 3000 : 12))
			s = ""
			for (i = 0; i < len; i++)
				s = s w[int(rand() * n) + 1]
			printf "%s\n", s > name
		}
		close(name)
	}
}'
printf 'TODO at the end' >T/noeol.txt
printf 'one\n\nTODO\n\n' >T/blank.txt
: >T/empty.txt

# rows_vs_grep DESC RE...: per-file counts of the run (the last column of
# each row) against grep -c of the same file with the same patterns (given
# to grep in a file, one a line, so that an empty one survives).  The
# patterns hold no white space.
rows_vs_grep() {
	desc=$1
	shift
	args=
	: >"$TMP/pats"
	for re in "$@"; do
		args="$args --count-matches=$re"
		printf '%s\n' "$re" >>"$TMP/pats"
	done
	set -f
	# shellcheck disable=SC2086
	"$FSTAT_PAR" -j 2 -l --total=never $args T >"$TMP/rows" 2>"$TMP/rows_err"
	st=$?
	set +f
	awk '{ print $NF, $2 }' "$TMP/rows" >"$TMP/got"
	: >"$TMP/want"
	while read -r name _; do
		printf '%s %s\n' "$name" "$($GREP -c -f "$TMP/pats" -- "$name")" \
			>>"$TMP/want"
	done <"$TMP/got"
	if [ "$st" -eq 0 ] && [ -s "$TMP/got" ] && [ ! -s "$TMP/rows_err" ] &&
	   cmp -s "$TMP/got" "$TMP/want"; then
		ok "$desc"
	else
		not_ok "$desc" "exit status $st"
		diff "$TMP/want" "$TMP/got" | head -20 | sed 's/^/#     /'
		show "$TMP/rows_err"
	fi
}

for loc in C C.UTF-8; do
	export LC_ALL=$loc
	GREP="grep -E"
	for re in TODO '^$' 'a.*b' '^[0-9]+$' '^.{3}$' 'é' ''; do
		rows_vs_grep "LC_ALL=$loc: --count-matches='$re' as grep -c" "$re"
	done
	rows_vs_grep "LC_ALL=$loc: several patterns, a line counted once" \
		TODO FIXME 'O$'
	if printf 'x1\n' | grep -P -q '\d' 2>/dev/null; then
		GREP="grep -P"
		rows_vs_grep "LC_ALL=$loc: as grep -P -c: (?i)todo" '(?i)todo'
		rows_vs_grep "LC_ALL=$loc: as grep -P -c: \\bx\\d\\b" '\bx\d\b'
	else
		skip "LC_ALL=$loc: as grep -P -c" "grep -P is not available"
	fi
	unset LC_ALL
done

# The column comes after all others, the total sums it.
run "$FSTAT_PAR" -j 1 -L --count-matches=TODO --total=always T/blank.txt
printf ' 4  1 T/blank.txt\n 4  1 total\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "-L then the matches column; the total sums it" 0
run "$FSTAT_PAR" -j 2 -lc --count-matches=TODO --count-matches='^$' \
	--total=only T
want=$(grep -c -e TODO -e '^$' -r T | awk -F: '{ s += $NF } END { print s }')
lines=$(find T -type f -exec cat {} + | wc -l)
bytes=$(find T -type f -exec cat {} + | wc -c)
printf '%s %s %s\n' "$lines" "$bytes" "$want" >"$TMP/exp_out"
check "--total=only: lines, bytes, then matches" 0
run "$FSTAT_PAR" -j 1 --count-matches=TODO T/noeol.txt
printf ' 0  4 15  1 T/noeol.txt\n' >"$TMP/exp_out"
check "default columns, then matches (a last line without newline)" 0

# Standard input, counted by the parent.
for loc in C C.UTF-8; do
	find T -type f -exec cat {} + >"$TMP/all"
	n=$(LC_ALL=$loc grep -c -E 'TODO|^.{3}$' "$TMP/all")
	LC_ALL=$loc run "$FSTAT_PAR" -l --count-matches=TODO \
		--count-matches='^.{3}$' - <"$TMP/all"
	is "LC_ALL=$loc: standard input" "$(awk '{ print $2 }' "$TMP/out")" "$n"
done

# A file split into ranges counted by several workers: the lines that
# cross cuts, and one very long line, are counted once.
mkdir S
cp -R T S/t
awk 'BEGIN {
	for (i = 0; i < 200000; i++) printf "%s", (i % 997 == 0 ? "TODO" : "x")
	printf "\n"
	for (i = 0; i < 3000; i++) printf "%s\n", (i % 7 == 0 ? "TODO " i : i)
	for (i = 0; i < 50000; i++) printf "%s", (i == 49999 ? "TODO" : "y")
}' >S/long.txt
for loc in C C.UTF-8; do
	LC_ALL=$loc "$FSTAT_PAR" -j 1 -lL --count-matches=TODO \
		--count-matches='^$' S >"$TMP/ref"
	for min in 1 3 100 5000 65536; do
		for j in 2 3; do
			FSTAT_PAR_SPLIT_MIN=$min LC_ALL=$loc run "$FSTAT_PAR" \
				-j $j -lL --count-matches=TODO \
				--count-matches='^$' S
			cp "$TMP/ref" "$TMP/exp_out"
			: >"$TMP/exp_err"
			check "LC_ALL=$loc: split from $min bytes, -j $j: as unsplit" 0
		done
	done
done
n=$(grep -c TODO S/long.txt)
FSTAT_PAR_SPLIT_MIN=1000 run "$FSTAT_PAR" -j 3 -l --count-matches=TODO \
	S/long.txt
is "split long file: as grep -c" "$(awk '{ print $2 }' "$TMP/out")" "$n"

# Archive entries: the parent copies chunks of at most 256 KiB, workers
# count them, and lines cross chunks.  Entries larger than a chunk, and
# one line of 600 KiB, must count as the same files on disk.
mkdir -p A/d
cp -R T A/t
cp S/long.txt A/d/
awk 'BEGIN {
	for (i = 0; i < 600 * 1024; i++) printf "%s", (i == 400000 ? "TODO" : "z")
	printf "\n"
}' >A/d/oneline.txt
awk 'BEGIN {
	for (i = 0; i < 40000; i++) printf "%s%s\n", (i % 13 == 0 ? "TODO" : "l"), i
}' >A/d/big.txt
awk 'BEGIN { for (i = 0; i < 600 * 1024; i++) printf "%s", (i % 100000 == 5 ? "TODO" : "q") }' \
	>A/d/oneline-noeol.txt
tar cf arc.tar A
tar czf arc.tar.gz A
# tar stores entries in directory order: compare sorted rows.
for loc in C C.UTF-8; do
	for arc in arc.tar arc.tar.gz; do
		LC_ALL=$loc "$FSTAT_PAR" -lwL --count-matches=TODO \
			--count-matches='^$' A |
			sed "s| A/| $arc/A/|" | LC_ALL=C sort >"$TMP/exp_out"
		LC_ALL=$loc "$FSTAT_PAR" -j 2 -lwL --count-matches=TODO \
			--count-matches='^$' "$arc" >"$TMP/unsorted" 2>"$TMP/err"
		# shellcheck disable=SC2034 # check reads it
		status=$?
		LC_ALL=C sort "$TMP/unsorted" >"$TMP/out"
		: >"$TMP/exp_err"
		check "LC_ALL=$loc: $arc: entries as the files on disk" 0
	done
done
n=$(grep -c TODO A/d/big.txt)
run "$FSTAT_PAR" -l --count-matches=TODO arc.tar '*big.txt'
is "archive entry of $(wc -c <A/d/big.txt) bytes: as grep -c" \
	"$(awk '{ print $2 }' "$TMP/out")" "$n"

# An invalid pattern is a usage error, before anything is counted.
run "$FSTAT_PAR" --count-matches=TODO --count-matches='a(' T
: >"$TMP/exp_out"
echo "fstat-par: invalid regular expression 'a(': missing closing parenthesis at offset 2" >"$TMP/exp_err"
check "invalid pattern: exit 2 with PCRE2's message" 2

# A match that exceeds the match limit is that file's error: no row,
# exit 1, every other file counted -- whole, split, in an archive, and
# from standard input.
mkdir -p B
printf 'ok\n' >B/a.txt
awk 'BEGIN { printf "ok\n"; for (i = 0; i < 3000; i++) printf "a"; printf "b\nok\n" }' \
	>B/bad.txt
printf 'ok\nok\n' >B/c.txt
# The column width comes from the bytes of the files with a row: 9.
printf '1 0 B/a.txt\n2 0 B/c.txt\n3 0 total\n' >"$TMP/want_rows"
echo "fstat-par: B/bad.txt: --count-matches: match limit exceeded" \
	>"$TMP/want_err"
for how in whole split; do
	min=0
	[ $how = split ] && min=1000
	FSTAT_PAR_SPLIT_MIN=$min run "$FSTAT_PAR" -j 3 -l \
		--count-matches='^(a+)+$' B
	cp "$TMP/want_rows" "$TMP/exp_out"
	cp "$TMP/want_err" "$TMP/exp_err"
	check "match limit ($how): that file's error, the others counted" 1
done
# Inside one chunk, a worker meets the line.
tar cf b.tar B/a.txt B/bad.txt B/c.txt
run "$FSTAT_PAR" -j 2 -l --count-matches='^(a+)+$' b.tar
sed 's| B/| b.tar/B/|' "$TMP/want_rows" >"$TMP/exp_out"
sed 's| B/| b.tar/B/|' "$TMP/want_err" >"$TMP/exp_err"
check "match limit in an archive entry: that entry's error" 1
# The same long line across chunks: the parent matches it.
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "a"; printf "b\nok\n" }' >B/bad.txt
tar cf b2.tar B/a.txt B/bad.txt B/c.txt
run "$FSTAT_PAR" -j 2 -l --count-matches='^(a+)+$' b2.tar
sed 's| B/| b2.tar/B/|' "$TMP/want_rows" >"$TMP/exp_out"
sed 's| B/| b2.tar/B/|' "$TMP/want_err" >"$TMP/exp_err"
check "match limit on a line across chunks: that entry's error" 1
run "$FSTAT_PAR" -l --count-matches='^(a+)+$' - <B/bad.txt
: >"$TMP/exp_out"
echo "fstat-par: -: --count-matches: match limit exceeded" >"$TMP/exp_err"
check "match limit on standard input: no row, exit 1" 1

done_testing
