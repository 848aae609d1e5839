#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Sparse files and sparse archive entries: a hole is counted from its
# length (count_update_zeros), never read, and counts exactly as the NUL
# bytes a read gives.  Small sparse files, with holes at the start, in
# the middle and at the end, words, lines, TABs and UTF-8 characters cut
# by a hole's edge, are compared with GNU wc 9.11 (which reads them) in
# the four counting modes and for several sets of columns: read whole,
# split among workers at awkward places, in the main process, on standard
# input, and as entries of pax and GNU sparse tars.  A 100 GiB file with
# one line at its end is counted in all those ways under a generous
# timeout, which only a missing O(1) path could run into (reading it takes
# minutes); its counts are written down here.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
# shellcheck source=tests/refwc.sh
. "${SRCDIR:-$(dirname "$0")/..}/tests/refwc.sh"

cd "$TMP" || exit 99
chmod 755 "$TMP"

# Holes need a file system that keeps them: truncate a file and see
# whether it got blocks.  (Where it does not, a 100 GiB file would be
# written out in full, so those cases are skipped; the small files still
# count the same, holes or not.)
holes=yes
if ! truncate -s 8388608 probe 2>/dev/null; then
	holes="truncate cannot make a file of 8 MiB here"
elif [ "$(stat -c %b probe)" -ne 0 ]; then
	holes="the file system of $TMP keeps no holes (a truncated file got blocks)"
fi
rm -f probe

# put FILE OFFSET DATA: DATA (printf's format) written at OFFSET of FILE.
put() {
	# shellcheck disable=SC2059
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none ||
		exit 99
}

M=1048576
B=4096
mkdir D
# a: a hole first; a word and a TAB cut by the hole that follows them; a
# UTF-8 character cut in two by a hole (its lead before, its last byte
# after: both invalid); a CR and a line after.
truncate -s $((3 * M)) D/a
put D/a $((M - 5)) 'ab\tcd'
put D/a $((2 * M - 7)) 'efg h\342\202'
put D/a $((2 * M + 3 * B)) '\254xy z\n\r q'
# b: 300 KiB of text (longer than the first read), then holes and single
# bytes between them, the last hole running to the end.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "w%d x\ty\n", i }' >D/b
truncate -s $((2 * M)) D/b
put D/b $M 'x'
put D/b $((M + 8 * B)) ' '
# c: nothing but a hole.
truncate -s $((5 * M)) D/c
# d: a 4 MiB hole, then a TAB and a last line without a newline.
truncate -s $((4 * M)) D/d
put D/d $((4 * M)) '\tz\303\251 \342\200\203end'
# e: many islands, each ending or starting at a hole's edge: no-break
# spaces (which separate words but under POSIXLY_CORRECT), wide
# characters, CRs, form feeds, spaces, an emoji cut by a hole.
truncate -s $((3 * M + 1)) D/e
i=0
for s in '\302\240' '\346\227\245\346\234\254' 'a\r' '\f' ' ' 'w\n' \
	 '\360\237\230' '\200' '\342\200\257' '\t\t' 'x\302' '\240y'; do
	put D/e $((M / 2 + i * 16 * B - 3)) "$s"
	put D/e $((M / 2 + i * 16 * B + 8 * B)) "$s"
	i=$((i + 1))
done
# f: holes between lines of TABs, so that -L's width crosses them.
truncate -s $((2 * M)) D/f
put D/f $((M / 2)) 'a\tb'
put D/f $((M / 2 + 64 * B)) 'c\td\n'
put D/f $((M + 64 * B)) '\tq'

if refwc_find "" "${SRCDIR:-$(dirname "$0")/..}" "$TMP" ||
   { [ -x /tmp/wc911 ] && refwc_find /tmp/wc911 "" ""; }; then
	have_wc=yes
else
	have_wc=
fi

cols_list="-lwmcL -l -w -m -L -lw -wL -mL"
for mode in $refwc_modes; do
	env_mode=$(refwc_env "$mode")
	for cols in $cols_list; do
		if [ -z "$have_wc" ]; then
			skip "$mode $cols: as GNU wc 9.11" "$refwc_why"
			continue
		fi
		# shellcheck disable=SC2086
		env $env_mode "$refwc" $cols D/a D/b D/c D/d D/e D/f \
			>"$TMP/want" 2>&1
		cp "$TMP/want" "$TMP/exp_out"
		# shellcheck disable=SC2086
		run env $env_mode "$FSTAT_PAR" $cols D
		check "$mode $cols: as GNU wc 9.11" 0
		# Split at 1 MiB into ranges that start and end in holes,
		# in data, and inside a character cut by a hole.
		for j in 2 3; do
			cp "$TMP/want" "$TMP/exp_out"
			# shellcheck disable=SC2086
			FSTAT_PAR_SPLIT_MIN=$M run env $env_mode "$FSTAT_PAR" \
				-j $j $cols D
			check "$mode $cols: split, -j $j: as GNU wc 9.11" 0
		done
		# shellcheck disable=SC2086
		FSTAT_PAR_SPLIT_MIN=$((M + 3)) run env $env_mode "$FSTAT_PAR" \
			-j 2 --io-threads=2 $cols D
		cp "$TMP/want" "$TMP/exp_out"
		check "$mode $cols: split at odd offsets, --io-threads=2: as GNU wc 9.11" 0
	done
	# Standard input that is a sparse file, and what it leaves: the
	# offset at its end, as read(2) would.
	if [ -n "$have_wc" ]; then
		# shellcheck disable=SC2086
		env $env_mode "$refwc" -lwmcL - <D/a >"$TMP/exp_out"
		echo 0 >>"$TMP/exp_out"
		run sh -c "{ env $env_mode \"\$1\" -lwmcL -; wc -c; } <D/a" \
			sh "$FSTAT_PAR"
		check "$mode: sparse standard input, left at its end" 0
	fi
done

# Where the file system cannot tell the extents (lseek's SEEK_DATA and
# SEEK_HOLE fail: EINVAL), or knows no holes (data everywhere, as the
# kernel's generic code says), the files are read as they are, with the
# same counts.  A small LD_PRELOAD shim, built with ${CC:-cc}, says so.
cat >noholes.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

off_t lseek(int fd, off_t off, int whence)
{
	static off_t (*real)(int, off_t, int);
	const char *how = getenv("NOHOLES");
	struct stat st;

	if (!real)
		real = (off_t (*)(int, off_t, int))dlsym(RTLD_NEXT, "lseek");
	if (how && (whence == SEEK_DATA || whence == SEEK_HOLE)) {
		if (strcmp(how, "einval") == 0) {
			errno = EINVAL;
			return -1;
		}
		if (fstat(fd, &st) < 0)
			return -1;
		if (off >= st.st_size) {
			errno = ENXIO;
			return -1;
		}
		return real(fd, whence == SEEK_DATA ? off : st.st_size,
			    SEEK_SET);
	}
	return real(fd, off, whence);
}

off_t lseek64(int fd, off_t off, int whence)
{
	return lseek(fd, off, whence);
}
EOF
if ${CC:-cc} -shared -fPIC -o noholes.so noholes.c -ldl 2>cc.err; then
	# A sanitizer's runtime must come first; the shim calls nothing it
	# watches.
	asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	for how in einval data; do
		for loc in C C.UTF-8; do
			LC_ALL=$loc "$FSTAT_PAR" -lwmcL D >"$TMP/want"
			cp "$TMP/want" "$TMP/exp_out"
			run env NOHOLES=$how LD_PRELOAD="$TMP/noholes.so" \
				ASAN_OPTIONS="$asan" LC_ALL=$loc \
				"$FSTAT_PAR" -lwmcL D
			check "extents unknown ($how), LC_ALL=$loc: the same counts" 0
			cp "$TMP/want" "$TMP/exp_out"
			FSTAT_PAR_SPLIT_MIN=$M run env NOHOLES=$how \
				LD_PRELOAD="$TMP/noholes.so" \
				ASAN_OPTIONS="$asan" LC_ALL=$loc \
				"$FSTAT_PAR" -j 3 -lwmcL D
			check "extents unknown ($how), split, LC_ALL=$loc: the same counts" 0
		done
	done
else
	for c in einval data; do
		skip "extents unknown ($c)" "no C compiler (${CC:-cc})"
	done
fi

# The main process counts when no worker can start (cli-env.sh does the
# same): the same holes, through the same code.
if [ -n "$have_wc" ] && [ "$(id -u)" -eq 0 ] &&
   command -v setpriv >/dev/null 2>&1 && command -v prlimit >/dev/null 2>&1 &&
   ! under_valgrind; then
	chmod -R a+rX D
	"$refwc" -lwmcL D/a D/b D/c D/d D/e D/f >"$TMP/exp_out"
	run env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		setpriv --reuid=64997 --regid=64997 --clear-groups \
		prlimit --nproc=1 "$FSTAT_PAR" -lwmcL D
	check "no worker: the main process counts the holes alike" 0
else
	skip "no worker: the main process counts the holes alike" \
		"needs root, setpriv, prlimit, GNU wc 9.11 and no valgrind"
fi

# The same files as entries of sparse tars: pax (each sparse format GNU
# tar writes) and GNU.  Each entry counts as the file does.
if ! command -v tar >/dev/null 2>&1 ||
   ! tar --version 2>/dev/null | grep -q 'GNU tar'; then
	skip "sparse tars" "no GNU tar"
else
	for fmt in pax:0.0 pax:0.1 pax:1.0 gnu; do
		opt=
		[ "$fmt" = gnu ] || opt="--sparse-version=${fmt#*:}"
		# shellcheck disable=SC2086
		(cd D && tar --sparse --format="${fmt%%:*}" $opt \
			-cf ../s.tar a b c d e f) || exit 99
		for loc in C C.UTF-8; do
			LC_ALL=$loc "$FSTAT_PAR" -lwmcL D |
				sed 's| D/\([a-f]\)$| s.tar/\1|' >"$TMP/want"
			cp "$TMP/want" "$TMP/exp_out"
			LC_ALL=$loc run "$FSTAT_PAR" -lwmcL s.tar
			check "$fmt tar, LC_ALL=$loc: entries count as the files" 0
			cp "$TMP/want" "$TMP/exp_out"
			LC_ALL=$loc run "$FSTAT_PAR" -j 1 -lwmcL s.tar
			check "$fmt tar, LC_ALL=$loc, -j 1: entries count as the files" 0
		done
	done
	# An entry of 4500 holes of 24 KiB between blocks of data (holes
	# that fit in the pool's open chunk go there as NUL bytes; larger
	# ones as chunks of their own: test_pool.c).  4500 lines of 32 KiB:
	# "w", a NUL, "x", NULs, a newline; dd makes the all-NUL blocks
	# holes.
	mkdir H
	yes "$(printf 'w x%32764s' '')" | head -n 4500 | tr ' ' '\000' |
		dd of=H/many bs=4096 conv=sparse status=none || exit 99
	(cd H && tar --sparse --format=pax -cf ../many.tar many) || exit 99
	rm -rf H
	for j in 1 2; do
		printf '%9s %9s %9s %9s %9s %s\n' 4500 4500 147456000 \
			147456000 2 many.tar/many >"$TMP/exp_out"
		LC_ALL=C.UTF-8 run "$FSTAT_PAR" -j $j -lwmcL many.tar
		check "4500 holes in one entry, -j $j: exact" 0
	done
	rm -f many.tar
	# --count-matches sees lines: the holes reach it as NUL bytes, and
	# the counts are the files'.
	LC_ALL=C "$FSTAT_PAR" -lwc --count-matches='^.*[xz]' D |
		sed 's| D/\([a-f]\)$| s.tar/\1|' >"$TMP/exp_out"
	LC_ALL=C run "$FSTAT_PAR" -lwc --count-matches='^.*[xz]' s.tar
	check "gnu tar, --count-matches: as the files" 0
fi

# Sparse maps that lie (testdata/archives/hostile/README): a hole of an
# exbibyte is refused at once against --max-bytes, which holes count
# against like the bytes they stand for, also where its zeros would go
# to the matcher of --count-matches; under a limit large enough it is
# counted exactly, at once.  A map that goes back is damage.
H=${TESTDATA:-${SRCDIR:-$(dirname "$0")/..}/testdata}/archives/hostile
cp "$H/sparse-eib.tar" "$H/sparse-back.tar" . || exit 99
for o in -lwmcL --count-matches=x; do
	: >"$TMP/exp_out"
	echo "fstat-par: sparse-eib.tar/eib.txt: more than 1099511627776" \
	     "bytes of entry data; see --max-bytes" >"$TMP/exp_err"
	run timeout 20 "$FSTAT_PAR" "$o" sparse-eib.tar
	check "a hole of 1 EiB, $o: over --max-bytes, at once" 1
done
for j in 1 2; do
	printf '%19s %19s %19s %19s %19s %s\n' 1 1 1152921504606846980 \
		1152921504606846980 3 sparse-eib.tar/eib.txt >"$TMP/exp_out"
	: >"$TMP/exp_err"
	run timeout 20 "$FSTAT_PAR" -j $j --max-bytes=2E -lwmcL sparse-eib.tar
	check "a hole of 1 EiB under --max-bytes=2E, -j $j: exact, at once" 0
	: >"$TMP/exp_out"
	echo "fstat-par: sparse-back.tar/back.txt: entry data blocks overlap" \
		>"$TMP/exp_err"
	run "$FSTAT_PAR" -j $j -lwmcL sparse-back.tar
	check "a sparse map that goes back, -j $j: named, no row" 1
done

# 100 GiB with one line at its end: 1 line, 3 words (the NULs before
# "the" are word bytes), 13 + 100 GiB bytes and chars, and -L 12 (a NUL
# has no width).  Reading it takes minutes; holes take no time, and 60 s
# is only a guard that fails loudly when they are read.
big=$((100 * 1024 * M))
want_big=$(printf '%12s %12s %12s %12s %12s %s' 1 3 $((big + 13)) \
	$((big + 13)) 12 X)
if [ "$holes" != yes ]; then
	for c in "100 GiB sparse file" "100 GiB, split" "100 GiB, pax tar" \
		 "100 GiB, GNU tar"; do
		skip "$c" "$holes"
	done
else
	truncate -s "$big" big && printf 'the end line\n' >>big || exit 99
	for loc in C C.UTF-8; do
		printf '%s\n' "$want_big" | sed 's/X$/big/' >"$TMP/exp_out"
		LC_ALL=$loc run timeout 60 "$FSTAT_PAR" -j 1 -lwmcL big
		check "100 GiB sparse file, LC_ALL=$loc: exact, in time" 0
		printf '%s\n' "$want_big" | sed 's/X$/big/' >"$TMP/exp_out"
		FSTAT_PAR_SPLIT_MIN=$M LC_ALL=$loc run timeout 60 "$FSTAT_PAR" \
			-j 2 -lwmcL big
		check "100 GiB, split, LC_ALL=$loc: exact, in time" 0
	done
	if command -v tar >/dev/null 2>&1 &&
	   tar --version 2>/dev/null | grep -q 'GNU tar'; then
		for fmt in pax gnu; do
			timeout 60 tar --sparse --format=$fmt -cf big.tar big ||
				exit 99
			printf '%s\n' "$want_big" | sed 's|X$|big.tar/big|' \
				>"$TMP/exp_out"
			LC_ALL=C.UTF-8 run timeout 60 "$FSTAT_PAR" -lwmcL big.tar
			check "100 GiB, $fmt tar: exact, in time" 0
		done
	else
		skip "100 GiB, pax tar" "no GNU tar"
		skip "100 GiB, GNU tar" "no GNU tar"
	fi
	rm -f big big.tar
fi

done_testing
