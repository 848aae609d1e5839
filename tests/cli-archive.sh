#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Archives as ROOT: one row per regular-file entry, counted like the same
# file on disk.  The archives are in testdata/archives (see its README);
# each tree* archive holds testdata/archives/src, so the directory run on
# src, its names "src/REL" turned into "ARCHIVE/REL", is what the archive
# run must print.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

A=${TESTDATA:-${srcdir:-$(dirname "$0")/..}/testdata}/archives
if ! A=$(cd "$A" 2>/dev/null && pwd) || [ ! -f "$A/tree-ustar.tar" ]; then
	echo "Bail out! no test archives in $A"
	exit 99
fi
# Every run below is made in the (read-only) archive directory, so that
# the archives are named as they will be printed; output goes to $TMP.
cd "$A" || exit 99

TREES="tree-ustar.tar tree-pax.tar.gz tree-gnu.tar.bz2 tree-abs.tar.xz
tree.tar.lzma tree.tar.zst tree.tar.lz4 tree.tar.Z tree.zip tree.7z
tree-newc.cpio tree-odc.cpio.gz tree.iso"
TOP_FILES="README.txt binary.dat empty hello.c"       # top.a holds these
LOCALES="C C.UTF-8"

# want NAME [GLOB...]: the directory run on src (with GLOBs)
# in locale $loc, renamed to entries of NAME, into $TMP/want; expected
# stderr (empty) into $TMP/want_err.
want() {
	name=$1
	shift
	if ! LC_ALL="$loc" "$FSTAT_PAR" -lwmcL src "$@" >"$TMP/dir" 2>"$TMP/dir_err" ||
	   [ -s "$TMP/dir_err" ]; then
		echo "# the directory run on src failed:"
		show "$TMP/dir_err"
	fi
	sed "s| src/| $name/|" "$TMP/dir" >"$TMP/want"
	: >"$TMP/want_err"
}

# Squeeze the column padding: for runs whose width may differ from the
# directory run's (standard input, partial results).  No name in the
# test data holds two spaces in a row.
squeeze() {
	sed 's/^  *//; s/   */ /g'
}

# same DESC STATUS [sorted] [loose]: the last run's stdout against
# $TMP/want (both sorted by name, or both squeezed, as asked), its stderr
# against $TMP/want_err and its exit status against STATUS.
same() {
	desc=$1
	want_status=$2
	shift 2
	cp "$TMP/out" "$TMP/got.n"
	cp "$TMP/want" "$TMP/want.n"
	for how in "$@"; do
		case $how in
		sorted)
			LC_ALL=C sort "$TMP/got.n" >"$TMP/tmp.n" && mv "$TMP/tmp.n" "$TMP/got.n"
			LC_ALL=C sort "$TMP/want.n" >"$TMP/tmp.n" && mv "$TMP/tmp.n" "$TMP/want.n" ;;
		loose)
			squeeze <"$TMP/got.n" >"$TMP/tmp.n" && mv "$TMP/tmp.n" "$TMP/got.n"
			squeeze <"$TMP/want.n" >"$TMP/tmp.n" && mv "$TMP/tmp.n" "$TMP/want.n" ;;
		esac
	done
	fail=
	if [ "$status" -ne "$want_status" ]; then
		fail="exit status $status, expected $want_status"
	elif ! cmp -s "$TMP/got.n" "$TMP/want.n"; then
		fail="stdout differs"
	elif ! cmp -s "$TMP/err" "$TMP/want_err"; then
		fail="stderr differs"
	fi
	if [ -z "$fail" ]; then
		ok "$desc"
	else
		not_ok "$desc" "$fail"
		echo "#   stdout (- expected, + got):"
		diff "$TMP/want.n" "$TMP/got.n" | head -30 | sed 's/^/#     /'
		echo "#   stderr:"; show "$TMP/err"
		echo "#   expected stderr:"; show "$TMP/want_err"
	fi
}

# names: the names of the rows of the last run, one per line, the counts
# (a single column) stripped.
names() {
	sed 's/^ *[0-9][0-9]* //' "$TMP/out"
}

## Every format holds the same tree: same counts as the directory --------

for loc in $LOCALES; do
	for a in $TREES; do
		want "$a"
		run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL "$a"
		same "$loc: $a: every entry as on disk" 0 sorted
	done

	# shellcheck disable=SC2086
	want top.a $TOP_FILES
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL top.a
	same "$loc: top.a (ar): its four members as on disk" 0 sorted

	want ./tree-ustar.tar
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL ./tree-ustar.tar
	same "$loc: ROOT './tree-ustar.tar': rows named after ROOT as given" 0

	# Standard input: rows named "-/ENTRY".  Counts read from a stream
	# may be padded wider (GNU wc pads them to 7), so compare squeezed.
	for a in tree-ustar.tar tree-pax.tar.gz tree.tar.zst tree-newc.cpio tree.zip; do
		want -
		run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL - <"$a"
		same "$loc: $a on standard input: rows named '-/ENTRY'" 0 sorted loose
	done
done

## Archive order ---------------------------------------------------------

order_case() {
	a=$1
	shift
	run env LC_ALL=C "$FSTAT_PAR" -l --total=never "$a"
	got=$(names | tr '\n' '|')
	exp=
	for n in "$@"; do
		exp="$exp$a/$n|"
	done
	if [ "$status" -eq 0 ] && [ "$got" = "$exp" ]; then
		ok "$a: rows in archive order"
	else
		not_ok "$a: rows in archive order" "got:      $got" \
			"expected: $exp" "status $status"
	fi
}

# as bsdtar -tf lists them, directories left out
order_case tree-ustar.tar README.txt binary.dat dir/sub/utf8.md \
	dir/tabs-cr.txt docs/notes.md 'docs/with space.txt' empty hello.c
order_case tree.zip hello.c empty 'docs/with space.txt' docs/notes.md \
	dir/tabs-cr.txt dir/sub/utf8.md binary.dat README.txt
order_case tree.7z README.txt binary.dat dir/sub/utf8.md dir/tabs-cr.txt \
	docs/notes.md 'docs/with space.txt' hello.c empty
order_case tree-odc.cpio.gz README.txt binary.dat dir/sub/utf8.md \
	dir/tabs-cr.txt docs/notes.md 'docs/with space.txt' empty hello.c
order_case tree-abs.tar.xz README.txt binary.dat dir/sub/utf8.md \
	dir/tabs-cr.txt docs/notes.md 'docs/with space.txt' empty hello.c

## GLOBs match the entry's path as they match the path under a directory -

loc=C
for a in tree-ustar.tar tree.zip tree-odc.cpio.gz tree-abs.tar.xz; do
	for g in '*.c' 'docs/*' 'dir/*' '**/*.md' '*.{c,md}' 'dir/**' \
		'[bh]*' '*.none'; do
		want "$a" "$g"
		run env LC_ALL=C "$FSTAT_PAR" -lwmcL "$a" "$g"
		same "$a '$g': the entries the directory run counts" 0 sorted
	done
done

## Same output for every --jobs ------------------------------------------

for a in tree-ustar.tar tree.zip tree.7z tree-pax.tar.gz tree.iso \
	truncated.tar.gz encrypted.zip; do
	for loc in $LOCALES; do
		LC_ALL="$loc" "$FSTAT_PAR" -lwmcL -j 1 "$a" >"$TMP/j1" 2>"$TMP/j1_err"
		s1=$?
		res=
		for j in 2 3; do
			LC_ALL="$loc" "$FSTAT_PAR" -lwmcL -j $j "$a" >"$TMP/jn" 2>"$TMP/jn_err"
			sn=$?
			if [ "$sn" -ne "$s1" ] || ! cmp -s "$TMP/j1" "$TMP/jn" ||
			   ! cmp -s "$TMP/j1_err" "$TMP/jn_err"; then
				res="-j $j differs from -j 1"
			fi
		done
		if [ -z "$res" ] && [ -s "$TMP/j1" ]; then
			ok "$loc: $a: same output for -j 1, 2 and 3"
		else
			not_ok "$loc: $a: same output for -j 1, 2 and 3" "${res:-no output}"
		fi
	done
done
LC_ALL=C "$FSTAT_PAR" -j 1 - <tree.tar.lz4 >"$TMP/j1" 2>&1
LC_ALL=C "$FSTAT_PAR" -j 3 - <tree.tar.lz4 >"$TMP/jn" 2>&1
if [ -s "$TMP/j1" ] && cmp -s "$TMP/j1" "$TMP/jn"; then
	ok "standard input: same output for -j 1 and 3"
else
	not_ok "standard input: same output for -j 1 and 3"
fi

## Files that are not archives -------------------------------------------

mkdir "$TMP/N" && cp notarchive.txt.gz "$TMP/N/" || echo "# cannot copy notarchive.txt.gz"
for loc in $LOCALES; do
	# A file ROOT: the row the directory run gives for it (no total).
	for f in hello.c binary.dat empty; do
		LC_ALL="$loc" "$FSTAT_PAR" -lwmcL src "$f" >"$TMP/want" 2>/dev/null
		: >"$TMP/want_err"
		run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL "src/$f"
		same "$loc: plain file src/$f: one row, as in the directory run" 0
	done

	# notarchive.txt.gz: gzip of plain text, counted as a file.  The
	# directory run on a copy gives the expected row.
	(cd "$TMP" && LC_ALL="$loc" "$FSTAT_PAR" -lwmcL N) >"$TMP/want"
	sed 's| N/| |' "$TMP/want" >"$TMP/want.tmp" && mv "$TMP/want.tmp" "$TMP/want"
	: >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL notarchive.txt.gz
	same "$loc: notarchive.txt.gz: one plain file, its compressed bytes" 0
	lines=$(tr -dc '\n' <notarchive.txt.gz | wc -c | tr -d ' ')
	bytes=$(wc -c <notarchive.txt.gz | tr -d ' ')
	printf '%s %s notarchive.txt.gz\n' "$lines" "$bytes" >"$TMP/want"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lc notarchive.txt.gz
	same "$loc: notarchive.txt.gz: lines and bytes as wc counts them" 0 loose

	# Standard input that is no archive: one row named "-".
	printf '1 2 4 -\n' >"$TMP/want"
	printf 'a b\n' | LC_ALL="$loc" "$FSTAT_PAR" - >"$TMP/out" 2>"$TMP/err"
	status=$?
	same "$loc: plain text on standard input: one row named '-'" 0 loose

	printf '0 0 0 -\n' >"$TMP/want"
	run env LC_ALL="$loc" "$FSTAT_PAR" - </dev/null
	same "$loc: empty standard input: one row named '-'" 0 loose

	printf '%s %s -\n' "$lines" "$bytes" >"$TMP/want"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lc - <notarchive.txt.gz
	same "$loc: notarchive.txt.gz on standard input: one row named '-'" 0 loose

	for f in binary.dat hello.c; do
		LC_ALL="$loc" "$FSTAT_PAR" -lwmcL src "$f" 2>/dev/null |
			sed "s| src/$f\$| -|" >"$TMP/want"
		run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL - <"src/$f"
		same "$loc: src/$f on standard input: every byte counted" 0 loose
	done
done

## Damaged, encrypted, sparse, odd names ---------------------------------

# truncated.tar.gz: part1.txt and part2.txt are intact, part3.txt is cut
# in its data (counts of the intact ones from make-archives.sh's wc).
for loc in $LOCALES; do
	for root in truncated.tar.gz -; do
		cat >"$TMP/want" <<X
500 5000 22392 $root/part1.txt
500 5000 22392 $root/part2.txt
1000 10000 44784 total
X
		if [ "$root" = - ]; then
			LC_ALL="$loc" "$FSTAT_PAR" - <truncated.tar.gz >"$TMP/out" 2>"$TMP/err"
			status=$?
		else
			run env LC_ALL="$loc" "$FSTAT_PAR" truncated.tar.gz
		fi
		cp "$TMP/err" "$TMP/want_err"  # checked below
		same "$loc: truncated.tar.gz as '$root': intact entries and total, exit 1" 1 loose
		nl=$(wc -l <"$TMP/err" | tr -d ' ')
		first=$(head -n 1 "$TMP/err")
		# The entry being read when the data ended is the one lost.
		case $first in
		"fstat-par: $root/part3.txt: "?*) good=yes ;;
		*) good= ;;
		esac
		if [ "$nl" = 1 ] && [ -n "$good" ]; then
			ok "$loc: truncated.tar.gz as '$root': one error line naming the entry lost"
		else
			not_ok "$loc: truncated.tar.gz as '$root': one error line naming the entry lost" \
				"$nl lines, first: $first"
		fi
	done
done

# encrypted.zip: plain.txt (stored in clear) is counted as it would be in
# a directory named encrypted.zip; secret.txt is named on stderr.
mkdir -p "$TMP/E/encrypted.zip"
printf 'plain text\n' >"$TMP/E/encrypted.zip/plain.txt"
for loc in $LOCALES; do
	(cd "$TMP/E" && LC_ALL="$loc" "$FSTAT_PAR" encrypted.zip) >"$TMP/want"
	printf 'fstat-par: encrypted.zip/secret.txt: encrypted entry skipped\n' >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" encrypted.zip
	same "$loc: encrypted.zip: plain.txt counted, secret.txt named, exit 1" 1
done

# sparse.tar holds holes.bin, made by these same commands: the holes read
# as NUL bytes.  A directory named sparse.tar holding the file gives the
# expected output.
mkdir -p "$TMP/S/sparse.tar"
(cd "$TMP/S/sparse.tar" &&
	printf 'head\n' >holes.bin &&
	truncate -s 200000 holes.bin &&
	printf 'tail words\n' >>holes.bin) || echo "# could not make holes.bin"
for loc in $LOCALES; do
	(cd "$TMP/S" && LC_ALL="$loc" "$FSTAT_PAR" -lwmcL sparse.tar) >"$TMP/want"
	: >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL sparse.tar
	same "$loc: sparse.tar: holes.bin counted with its holes as NUL bytes" 0
done

# latin1.tar holds "caf\351.txt": the same name, quoted the same way, as a
# file of that name under a directory named latin1.tar (in C.UTF-8 too,
# where the byte \351 alone is invalid UTF-8).
name=$(printf 'caf\351.txt')
mkdir -p "$TMP/L/latin1.tar"
printf 'caf\351 au lait\n' >"$TMP/L/latin1.tar/$name"
for loc in $LOCALES; do
	(cd "$TMP/L" && LC_ALL="$loc" "$FSTAT_PAR" -lwmcL latin1.tar) >"$TMP/want"
	: >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL latin1.tar
	same "$loc: latin1.tar: a non-UTF-8 entry name printed as for a file" 0
done

## --max-entries and --max-bytes -----------------------------------------

# tree-ustar.tar has 11 entries (8 files, 3 directories) and 718 bytes of
# file data: README.txt 245, binary.dat 56, dir/sub/utf8.md 113,
# dir/tabs-cr.txt 74, docs/notes.md 27, docs/with space.txt 42, empty 0,
# hello.c 161, in this order, with the directories dir/ and dir/sub/
# after binary.dat and docs/ after dir/tabs-cr.txt.
a=tree-ustar.tar
for loc in $LOCALES; do
	want "$a"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL --max-entries=11 "$a"
	same "$loc: --max-entries=11 with 11 entries: everything, exit 0" 0

	want "$a" README.txt binary.dat
	printf 'fstat-par: %s: more than 3 entries; see --max-entries\n' "$a" >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL --max-entries=3 "$a"
	same "$loc: --max-entries=3: the files among the first 3 entries, exit 1" 1 loose

	want "$a" README.txt binary.dat utf8.md tabs-cr.txt notes.md \
		'with space.txt' empty
	printf 'fstat-par: %s: more than 10 entries; see --max-entries\n' "$a" >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL --max-entries=10 "$a"
	same "$loc: --max-entries=10: all but the 11th entry, exit 1" 1 loose

	want tree.zip hello.c empty
	printf 'fstat-par: tree.zip: more than 2 entries; see --max-entries\n' >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL --max-entries=2 tree.zip
	same "$loc: --max-entries=2 on tree.zip: its first two entries, exit 1" 1 sorted loose

	want "$a"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL --max-bytes=718 "$a"
	same "$loc: --max-bytes=718 with 718 bytes: everything, exit 0" 0

	want "$a" README.txt binary.dat utf8.md tabs-cr.txt notes.md \
		'with space.txt' empty
	printf 'fstat-par: %s/hello.c: more than 717 bytes of entry data; see --max-bytes\n' "$a" >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL --max-bytes=717 "$a"
	same "$loc: --max-bytes=717: all but hello.c, exit 1" 1 loose

	want "$a" README.txt binary.dat
	printf 'fstat-par: %s/dir/sub/utf8.md: more than 301 bytes of entry data; see --max-bytes\n' "$a" >"$TMP/want_err"
	run env LC_ALL="$loc" "$FSTAT_PAR" -lwmcL --max-bytes=301 "$a"
	same "$loc: --max-bytes=301: README.txt and binary.dat (301 bytes), exit 1" 1 loose
done

# libarchive is loaded only when a root may be an archive (src/arclib.h):
# with a broken libarchive first on the search path (not a library; a
# library without libarchive's functions), a directory run works, and an
# archive run fails with one line naming the root and the library, exit
# 2.  Not for a build that links libarchive.
bin=${FSTAT_PAR_REAL:-$FSTAT_PAR}
soname=$(grep -ao 'libarchive\.so[.0-9]*' "$bin" 2>/dev/null | sed 1q)
other=$(ldd "$bin" 2>/dev/null | sed -n 's/.*libpcre2-8[^ ]* => \([^ ]*\) .*/\1/p')
if ldd "$bin" 2>/dev/null | grep -q 'libarchive\.so'; then
	skip "broken libarchive" "libarchive is linked"
elif [ -z "$soname" ] || [ ! -f "$other" ]; then
	not_ok "broken libarchive: the binary names the library it loads" \
		"soname '$soname', PCRE2 at '$other'"
else
	# Packaging tools learn of it from the ELF dlopen metadata note.
	if ! command -v readelf >/dev/null 2>&1; then
		skip "libarchive named in a .note.dlopen note" "no readelf"
	elif readelf -p .note.dlopen "$bin" 2>/dev/null |
	     grep -F "\"priority\":\"required\",\"soname\":[\"$soname\"]" >/dev/null; then
		ok "libarchive named in a .note.dlopen note"
	else
		not_ok "libarchive named in a .note.dlopen note"
		readelf -p .note.dlopen "$bin" 2>&1 | sed 's/^/#   /'
	fi
	mkdir "$TMP/badlib" || exit 99
	"$FSTAT_PAR" src >"$TMP/dir_out" 2>/dev/null
	for kind in "not a library" "PCRE2 under its name"; do
		if [ "$kind" = "not a library" ]; then
			echo "not a library" >"$TMP/badlib/$soname"
		else
			cp "$other" "$TMP/badlib/$soname" || exit 99
		fi
		cp "$TMP/dir_out" "$TMP/exp_out"
		: >"$TMP/exp_err"
		run env LD_LIBRARY_PATH="$TMP/badlib" "$FSTAT_PAR" src
		check "libarchive $kind: directory root: never loaded, exit 0" 0
		for root in tree-ustar.tar -; do
			if [ "$root" = - ]; then
				d="archive on standard input"
				run env LD_LIBRARY_PATH="$TMP/badlib" "$FSTAT_PAR" - <tree-ustar.tar
			else
				d="archive root"
				run env LD_LIBRARY_PATH="$TMP/badlib" "$FSTAT_PAR" "$root"
			fi
			want="fstat-par: $root: tar data, and reading archives needs $soname, which cannot be loaded: $TMP/badlib/$soname: "
			if [ "$status" -eq 2 ] && [ ! -s "$TMP/out" ] &&
			   [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
			   [ "$(head -c ${#want} "$TMP/err")" = "$want" ]; then
				ok "libarchive $kind: $d: one line naming it, exit 2"
			else
				not_ok "libarchive $kind: $d: one line naming it, exit 2" \
					"status $status"
				show "$TMP/err"
			fi
		done
		# Only an archive needs libarchive: a plain file, and
		# standard input that is not an archive, are counted (with
		# the counts of a run that has libarchive).
		"$FSTAT_PAR" -lwmcL src/hello.c >"$TMP/exp_out" 2>/dev/null
		: >"$TMP/exp_err"
		run env LD_LIBRARY_PATH="$TMP/badlib" "$FSTAT_PAR" -lwmcL src/hello.c
		check "libarchive $kind: plain file root: counted, exit 0" 0
		printf 'x y\n' | "$FSTAT_PAR" -lwmcL - >"$TMP/exp_out" 2>/dev/null
		: >"$TMP/exp_err"
		printf 'x y\n' | LD_LIBRARY_PATH="$TMP/badlib" "$FSTAT_PAR" -lwmcL - \
			>"$TMP/out" 2>"$TMP/err"
		status=$?
		check "libarchive $kind: plain standard input: counted, exit 0" 0
		"$FSTAT_PAR" -lwmcL - <src/hello.c >"$TMP/exp_out" 2>/dev/null
		: >"$TMP/exp_err"
		run env LD_LIBRARY_PATH="$TMP/badlib" "$FSTAT_PAR" -lwmcL - <src/hello.c
		check "libarchive $kind: plain file on standard input: counted, exit 0" 0
	done
fi

LC_ALL=C
export LC_ALL
for opt in --max-entries=abc --max-entries= --max-entries=-1 --max-entries=5x \
	--max-bytes=abc --max-bytes= --max-bytes=-1 --max-bytes=5x; do
	run "$FSTAT_PAR" "$opt" tree-ustar.tar
	last=$(tail -n 1 "$TMP/err")
	if [ "$status" -eq 2 ] && [ ! -s "$TMP/out" ] &&
	   [ "$last" = "Try 'fstat-par --help' for more information." ]; then
		ok "$opt: usage error, exit 2"
	else
		not_ok "$opt: usage error, exit 2" "status $status" "stderr: $last"
	fi
done

done_testing
