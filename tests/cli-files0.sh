#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --files0-from: names from a NUL-separated list, as GNU wc reads them.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir -p T/sub T/dir
printf 'one\n' >T/a.c
printf 'two words\nand more\n' >T/b.h
printf 'x\n' >T/sub/c.c
printf 'spaced\n' >'T/with space.c'
printf 'nl\n' >'T/new
line.c'
ln -s a.c T/link.c

# The list's order is kept (not sorted), names appear as given.
printf 'T/b.h\0T/a.c\0T/sub/c.c\0' >list
run "$FSTAT_PAR" --files0-from=list
cat >"$TMP/exp_out" <<'X'
 2  4 19 T/b.h
 1  1  4 T/a.c
 1  1  2 T/sub/c.c
 4  6 25 total
X
: >"$TMP/exp_err"
check "names counted in the list's order" 0

# From a pipe, the list is read as it comes: no padding, as wc.
printf 'T/b.h\0T/a.c\0' >list1
run sh -c 'cat list1 | "$0" --files0-from=-' "$FSTAT_PAR"
cat >"$TMP/exp_out" <<'X'
2 4 19 T/b.h
1 1 4 T/a.c
3 5 23 total
X
: >"$TMP/exp_err"
check "list from standard input" 0

# A last name without its NUL counts; -j does not change anything.
printf 'T/a.c\0T/b.h' >list2
for j in 1 2 3; do
	run "$FSTAT_PAR" -j "$j" --files0-from=list2
	cat >"$TMP/exp_out" <<'X'
 1  1  4 T/a.c
 2  4 19 T/b.h
 3  5 23 total
X
	: >"$TMP/exp_err"
	check "-j $j: last name without a NUL" 0
done

# Spaces and newlines survive; symbolic links named in the list are
# followed, as wc follows its operands.
printf 'T/with space.c\0T/new\nline.c\0T/link.c\0' >list3
run "$FSTAT_PAR" -l --files0-from=list3
cat >"$TMP/exp_out" <<'X'
 1 T/with space.c
 1 'T/new'$'\n''line.c'
 1 T/link.c
 3 total
X
: >"$TMP/exp_err"
check "spaces, newlines, symbolic links" 0

# GNU wc's diagnostics: empty names with their record number, '-' in a
# list read from stdin; the rest is counted, exit 1.
printf 'T/a.c\0\0T/b.h\0' >list4
run "$FSTAT_PAR" --files0-from=list4
cat >"$TMP/exp_out" <<'X'
 1  1  4 T/a.c
 2  4 19 T/b.h
 3  5 23 total
X
echo "fstat-par: list4:2: invalid zero-length file name" >"$TMP/exp_err"
check "zero-length name: reported with its record number" 1

printf 'T/a.c\0-\0' >list1
run "$FSTAT_PAR" --files0-from=- <list1
cat >"$TMP/exp_out" <<'X'
1 1 4 T/a.c
1 1 4 total
X
echo "fstat-par: when reading file names from standard input, no file name of '-' allowed" >"$TMP/exp_err"
check "'-' in a list read from standard input" 1

# '-' in a list from a file is standard input, read in its place; a
# regular file there is sized as one, as wc stats it.
printf 'T/a.c\0-\0T/b.h\0' >list5
printf 'from stdin\n' >in5
run "$FSTAT_PAR" --files0-from=list5 <in5
cat >"$TMP/exp_out" <<'X'
 1  1  4 T/a.c
 1  2 11 -
 2  4 19 T/b.h
 4  7 34 total
X
: >"$TMP/exp_err"
check "'-' in a list file: standard input" 0

# Missing files and directories are errors in order; the rest counts.
# A directory is not a regular file: the width is at least 7, as wc.
printf 'T/a.c\0T/missing\0T/dir\0T/b.h\0' >list6
run "$FSTAT_PAR" --files0-from=list6
cat >"$TMP/exp_out" <<'X'
      1       1       4 T/a.c
      2       4      19 T/b.h
      3       5      23 total
X
cat >"$TMP/exp_err" <<'X'
fstat-par: T/missing: No such file or directory
fstat-par: T/dir: Is a directory
X
check "missing file and directory" 1

# A FIFO named in the list is read by the parent, never by a worker.
if mkfifo T/fifo 2>/dev/null; then
	printf 'T/a.c\0T/fifo\0' >list7
	(printf 'fifo data\n' >T/fifo) &
	run timeout 20 "$FSTAT_PAR" --files0-from=list7
	wait
	cat >"$TMP/exp_out" <<'X'
      1       1       4 T/a.c
      1       2      10 T/fifo
      2       3      14 total
X
	: >"$TMP/exp_err"
	check "FIFO in the list" 0
else
	skip "FIFO in the list" "no mkfifo"
fi

# The list itself: missing is fatal (2); unreadable midway is exit 1.
run "$FSTAT_PAR" --files0-from=nonexistent
: >"$TMP/exp_out"
echo "fstat-par: cannot open 'nonexistent' for reading: No such file or directory" >"$TMP/exp_err"
check "missing list" 2

run "$FSTAT_PAR" --files0-from=T/dir
: >"$TMP/exp_out"
echo "fstat-par: T/dir: read error: Is a directory" >"$TMP/exp_err"
check "list that cannot be read" 1

# An empty list counts nothing; --total=always still prints a total.
run "$FSTAT_PAR" --files0-from=/dev/null
: >"$TMP/exp_out"
: >"$TMP/exp_err"
check "empty list" 0
run "$FSTAT_PAR" --total=always --files0-from=/dev/null
echo "0 0 0 total" >"$TMP/exp_out"
: >"$TMP/exp_err"
check "empty list, --total=always" 0

# Operands are globs: base names without '/', the name as given (less
# a leading ./) with one.
printf './T/a.c\0./T/b.h\0./T/sub/c.c\0' >list8
run "$FSTAT_PAR" -l --files0-from=list8 '*.c'
cat >"$TMP/exp_out" <<'X'
1 ./T/a.c
1 ./T/sub/c.c
2 total
X
: >"$TMP/exp_err"
check "globs on base names" 0
run "$FSTAT_PAR" -l --files0-from=list8 'T/sub/*'
cat >"$TMP/exp_out" <<'X'
1 ./T/sub/c.c
X
: >"$TMP/exp_err"
check "globs on the name as given" 0

# Agreement with the system's GNU wc on printable text, from a file and
# from a pipe, including the column widths.
if wc --version 2>/dev/null | grep -q 'GNU coreutils'; then
	find T -type f -name '*.[ch]' ! -name '*
*' -print0 >list9
	for from in file pipe; do
		for opt in -l -lwc -lwmcL; do
			if [ $from = file ]; then
				LC_ALL=C wc $opt --files0-from=list9 >want 2>&1
				LC_ALL=C "$FSTAT_PAR" $opt --files0-from=list9 >got 2>&1
			else
				LC_ALL=C wc $opt --files0-from=- <list9 >want 2>&1
				LC_ALL=C "$FSTAT_PAR" $opt --files0-from=- <list9 >got 2>&1
			fi
			if cmp -s want got; then
				ok "same as GNU wc $opt, list from a $from"
			else
				not_ok "same as GNU wc $opt, list from a $from" \
					"$(diff want got | head -5)"
			fi
		done
	done
else
	skip "comparison with GNU wc" "no GNU wc"
fi

# A missing list name is a usage error.
run "$FSTAT_PAR" --files0-from
: >"$TMP/exp_out"
printf "fstat-par: option '--files0-from' requires an argument\nTry 'fstat-par --help' for more information.\n" >"$TMP/exp_err"
check "--files0-from without its argument" 2

done_testing
