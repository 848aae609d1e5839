#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Counting through the whole pipeline: SPEC.md's cases in the four modes
# (byte and UTF-8 mode, each without and with POSIXLY_CORRECT) as GNU wc
# 9.11 counts them, the mode reaching every path that counts (workers,
# ranges of a split file, archive chunks, standard input), and agreement
# with the system's wc on printable text (where every GNU wc version
# agrees).
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir T

# input (printf format) | LC_ALL=C | LC_ALL=C POSIXLY_CORRECT=1 |
# LC_ALL=C.UTF-8 | LC_ALL=C.UTF-8 POSIXLY_CORRECT=1, each "lines words
# chars bytes maxlen" as GNU wc 9.11 prints them.
cat >cases <<'X'
|0 0 0 0 0|0 0 0 0 0|0 0 0 0 0|0 0 0 0 0
x|0 1 1 1 1|0 1 1 1 1|0 1 1 1 1|0 1 1 1 1
x y\n|1 2 4 4 3|1 2 4 4 3|1 2 4 4 3|1 2 4 4 3
x y\nz|1 3 5 5 3|1 3 5 5 3|1 3 5 5 3|1 3 5 5 3
\n123456|1 1 7 7 6|1 1 7 7 6|1 1 7 7 6|1 1 7 7 6
\001\n|1 1 2 2 0|1 1 2 2 0|1 1 2 2 0|1 1 2 2 0
a b\r\nc\r\n|2 3 8 8 3|2 3 8 8 3|2 3 8 8 3|2 3 8 8 3
ab\tc\td\n|1 3 7 7 17|1 3 7 7 17|1 3 7 7 17|1 3 7 7 17
a\000b c\000|0 2 6 6 4|0 2 6 6 4|0 2 6 6 4|0 2 6 6 4
a\240b|0 2 3 3 2|0 1 3 3 2|0 1 2 3 2|0 1 2 3 2
a\302\240b|0 2 4 4 2|0 1 4 4 2|0 2 3 4 3|0 1 3 4 3
a\342\200\203b|0 1 5 5 2|0 1 5 5 2|0 2 3 5 3|0 2 3 5 3
a\343\200\200b|0 1 5 5 2|0 1 5 5 2|0 2 3 5 4|0 2 3 5 4
a\302\205b|0 1 4 4 2|0 1 4 4 2|0 1 3 4 2|0 1 3 4 2
\344\270\200\344\272\214\n|1 1 7 7 0|1 1 7 7 0|1 1 3 7 4|1 1 3 7 4
\360\237\230\200 ok\n|1 2 8 8 3|1 2 8 8 3|1 2 5 8 5|1 2 5 8 5
\342\200|0 1 2 2 0|0 1 2 2 0|0 1 0 2 0|0 1 0 2 0
\300\200 x|0 2 4 4 2|0 2 4 4 2|0 2 2 4 2|0 2 2 4 2
a\342\200\207b|0 1 5 5 2|0 1 5 5 2|0 2 3 5 3|0 1 3 5 3
a\342\200\257b|0 1 5 5 2|0 1 5 5 2|0 2 3 5 3|0 1 3 5 3
a\342\201\240b|0 2 5 5 2|0 1 5 5 2|0 2 3 5 2|0 1 3 5 2
 \240x\240y\n|1 2 6 6 3|1 1 6 6 3|1 1 4 6 3|1 1 4 6 3
\364\220\200\200 x|0 2 6 6 2|0 2 6 6 2|0 2 2 6 2|0 2 2 6 2
\370\210\200\200\200 x|0 2 7 7 2|0 2 7 7 2|0 2 2 7 2|0 2 2 7 2
\355\240\200 x|0 3 5 5 2|0 2 5 5 2|0 2 2 5 2|0 2 2 5 2
X

i=0
while IFS='|' read -r input c cp u up; do
	i=$((i + 1))
	# shellcheck disable=SC2059
	printf "$input" >"T/case$i"
	for mode in "C|$c" "C posix|$cp" "C.UTF-8|$u" "C.UTF-8 posix|$up"; do
		want=${mode#*|}
		mode=${mode%|*}
		case $mode in
		*posix) set -- env LC_ALL="${mode% posix}" POSIXLY_CORRECT=1 ;;
		*) set -- env LC_ALL="$mode" ;;
		esac
		got=$("$@" "$FSTAT_PAR" -lwmcL "T/case$i" | awk '{ print $1, $2, $3, $4, $5 }')
		is "LC_ALL=$mode: '$input' counts $want" "$got" "$want"
	done
done <cases

# POSIXLY_CORRECT counts when it is set at all, empty too, as in GNU wc.
printf 'a\240b' >T/nbsp
got=$(LC_ALL=C POSIXLY_CORRECT='' "$FSTAT_PAR" -w T/nbsp | awk '{ print $1 }')
is "POSIXLY_CORRECT set but empty: 0xA0 is part of a word" "$got" 1

# The mode reaches every path that counts.  Each line holds a no-break
# space of each kind; the numbers of words differ in all four modes'
# pairs.  W/big is cut into ranges for several workers
# (FSTAT_PAR_SPLIT_MIN), W/big.tar into chunks of an archive entry, and
# standard input is counted by the parent.
mkdir W
awk 'BEGIN { for (i = 0; i < 40000; i++)
	printf "a\240b \302\240x\342\200\207y z\n" }' >W/big
n=40000
if command -v tar >/dev/null 2>&1 &&
   (cd W && tar cf ../big.tar big) 2>/dev/null; then
	tar=big.tar
else
	tar=
fi
# lines words for C, C posix, C.UTF-8, C.UTF-8 posix (as GNU wc 9.11
# counts them): in byte mode 0xA0 separates (a|b, \302|x\342\200\207y, z),
# in UTF-8 mode the no-break spaces do (a\240b, x|y, z).
for mode in "C|$n $((5 * n))" "C posix|$n $((3 * n))" \
	    "C.UTF-8|$n $((4 * n))" "C.UTF-8 posix|$n $((3 * n))"; do
	want=${mode#*|}
	mode=${mode%|*}
	case $mode in
	*posix) set -- env LC_ALL="${mode% posix}" POSIXLY_CORRECT=1 ;;
	*) set -- env LC_ALL="$mode" ;;
	esac
	got=$("$@" FSTAT_PAR_SPLIT_MIN=65536 "$FSTAT_PAR" -j 3 -lw W/big |
	      awk '{ print $1, $2 }')
	is "LC_ALL=$mode: a file in ranges on 3 workers" "$got" "$want"
	got=$("$@" "$FSTAT_PAR" -lw - <W/big | awk '{ print $1, $2 }')
	is "LC_ALL=$mode: standard input" "$got" "$want"
	if [ -n "$tar" ]; then
		got=$("$@" "$FSTAT_PAR" -j 2 -lw "$tar" | awk '{ print $1, $2 }')
		is "LC_ALL=$mode: an archive entry in chunks" "$got" "$want"
	else
		skip "LC_ALL=$mode: an archive entry in chunks" "no tar"
	fi
done

# Printable text, ASCII and UTF-8, with every kind of white space: the
# system's wc (any GNU version) agrees with fstat-par file by file.
mkdir P
awk 'BEGIN {
	srand(42)
	split("alpha beta gamma delta x y z 12 345 6789 :: ,. -- {} ()", w, " ")
	split(" |  |\t| \t |\r\n|\f|\v", sp, "|")
	for (f = 0; f < 40; f++) {
		name = sprintf("P/ascii%02d", f)
		n = int(rand() * 400)
		for (i = 0; i < n; i++) {
			printf "%s", w[int(rand() * 16) + 1] > name
			r = rand()
			if (r < 0.15) printf "\n" > name
			else printf "%s", sp[int(rand() * 7) + 1] > name
		}
		close(name)
	}
}'
printf 'caf\303\251 na\303\257ve \344\270\255\346\226\207 \360\237\230\200 e\314\201\n\t\344\270\255\344\270\255\344\270\255 end' >P/utf8a
printf '\303\251\303\251 \342\202\254 100\n\n\316\261\316\262\316\263 \320\266\n' >P/utf8b

if wc --version 2>/dev/null | grep -q 'GNU coreutils'; then
	for mode in C C.UTF-8; do
		for f in P/*; do
			case $mode$f in C*utf8*) continue ;; esac
			want=$(LC_ALL=$mode wc -lwmcL <"$f" | awk '{ print $1, $2, $3, $4, $5 }')
			got=$(LC_ALL=$mode "$FSTAT_PAR" -lwmcL "$f" | awk '{ print $1, $2, $3, $4, $5 }')
			is "LC_ALL=$mode: $f as wc counts it" "$got" "$want"
		done
	done
else
	skip "comparison with wc" "no GNU wc"
fi

done_testing
