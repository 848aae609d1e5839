#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make-archives.sh - regenerate the test archives in this directory.
#
# Run by a developer after changing src/ (never by the tests, which only
# read the committed archives):
#
#     sh testdata/archives/make-archives.sh
#
# Needs bsdtar (libarchive >= 3.6), GNU tar, zip, gzip, awk and truncate.
# README describes every archive and what tests/cli-archive.sh expects of it.
#
# Most archives are written by bsdtar from an mtree(5) description of src/
# (made below), not from the files themselves: that fixes owner, mode and
# time of every entry and keeps atime/ctime out of the pax headers, so a
# re-run gives the same entries.  The entries are in byte order of their
# paths (LC_ALL=C sort), directories included, names relative ("dir/sub/x");
# tree.zip is written in the reverse order on purpose, and
# tree-odc.cpio.gz and tree-abs.tar.xz prefix every name with "./" and "/".
# (gzip output carries no time stamp; encrypted.zip and tree.iso still
# differ from run to run: random encryption header, volume dates.)

set -eu
LC_ALL=C
export LC_ALL
umask 022

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d src ] || { echo "make-archives.sh: no src/ in $here" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/make-archives.XXXXXX")
trap 'rm -rf "$work"' EXIT

STAMP=1704067200                        # 2024-01-01 00:00:00 UTC
DATE='2024-01-01 00:00:00 UTC'

die() { echo "make-archives.sh: $*" >&2; exit 1; }

# The entry list: every file and directory of src/, relative, sorted.
(cd src && find . -mindepth 1 \( -type f -o -type d \) -print) |
	sed 's|^\./||' | sort >"$work/list"
if (cd src && find . -mindepth 1 ! -type f ! -type d -print) | grep -q .; then
	die "src/ may hold only regular files and directories"
fi

# mtree(5) description of the list, in the list's order.  $1 is a prefix
# put before every name, $2 a fraction put after every time stamp, $3 the
# sort order ("" or "-r").
mkmtree() {
	echo '#mtree'
	echo '/set uid=0 gid=0 uname=root gname=root'
	sort ${3:+"$3"} "$work/list" | while IFS= read -r p; do
		# mtree escapes white space and backslashes as \ooo
		e=$(printf '%s' "$p" | sed 's/\\/\\134/g; s/ /\\040/g; s/	/\\011/g')
		if [ -d "src/$p" ]; then
			printf '%s%s type=dir mode=0755 time=%s%s\n' \
				"$1" "$e" "$STAMP" "$2"
			# a name without "/" is relative and a directory
			# entry enters it: ".." leaves it again
			case $1$p in */*) ;; *) echo '..' ;; esac
		else
			printf '%s%s type=file mode=0644 time=%s%s contents=%s\n' \
				"$1" "$e" "$STAMP" "$2" "$here/src/$e"
		fi
	done
}
mkmtree '' '' '' >"$work/tree.mtree"
mkmtree '' '.5' '' >"$work/frac.mtree"       # subsecond times: pax headers
mkmtree '' '' -r >"$work/reverse.mtree"
mkmtree './' '' '' >"$work/dotslash.mtree"

# A top-level-only description for ar, which has no directories.
{
	echo '#mtree'
	echo '/set uid=0 gid=0 uname=root gname=root'
	grep -v / "$work/list" | while IFS= read -r p; do
		[ -f "src/$p" ] || continue
		printf '%s type=file mode=0644 time=%s contents=%s\n' \
			"$p" "$STAMP" "$here/src/$p"
	done
} >"$work/top.mtree"

NOGZTIME='gzip:!timestamp'

rm -f tree* top.a truncated.tar.gz encrypted.zip sparse.tar latin1.tar \
	notarchive.txt.gz

# 1. tar in every format and compression
bsdtar -cf tree-ustar.tar -b 1 --format ustar @"$work/tree.mtree"
bsdtar -czf tree-pax.tar.gz --format pax --options "$NOGZTIME" @"$work/frac.mtree"
bsdtar -cjf tree-gnu.tar.bz2 --format gnutar @"$work/tree.mtree"
bsdtar -cf tree.tar.lzma --lzma --format ustar @"$work/tree.mtree"
bsdtar -cf tree.tar.zst --zstd --format ustar @"$work/tree.mtree"
bsdtar -cf tree.tar.lz4 --lz4 --format ustar @"$work/tree.mtree"
bsdtar -cZf tree.tar.Z --format ustar @"$work/tree.mtree"
# xz: written by GNU tar, since bsdtar cannot write a leading "/" from
# mtree input (GNU tar -P keeps it).  It also holds what must be skipped:
# a symbolic link, a hard link (to hello.c, named so that it comes after
# it) and a FIFO.
rm -rf "$work/stage"
cp -R src "$work/stage"
ln -s hello.c "$work/stage/a-symlink.c"
ln "$work/stage/hello.c" "$work/stage/z-hardlink.c"
mkfifo "$work/stage/fifo"
{ cat "$work/list"; printf '%s\n' a-symlink.c z-hardlink.c fifo; } |
	sort >"$work/abslist"
tar -cPJf tree-abs.tar.xz --format=ustar -C "$work/stage" --no-recursion \
	--transform 's,^,/,S' --mtime="$DATE" --owner=0 --group=0 \
	--numeric-owner --mode='u=rwX,go=rX' -T "$work/abslist"

# 2. the other formats
bsdtar -cf tree.zip --format zip @"$work/reverse.mtree"
bsdtar -cf tree.7z --format 7zip @"$work/tree.mtree"
bsdtar -cf tree-newc.cpio --format newc @"$work/tree.mtree"
bsdtar -czf tree-odc.cpio.gz --format odc --options "$NOGZTIME" @"$work/dotslash.mtree"
# Rock Ridge is on by default; "!pad" drops the 300 KiB of trailing zeros
# and "!joliet" the second directory tree (70 KiB instead of 400 KiB).
bsdtar -cf tree.iso --format iso9660 \
	--options 'iso9660:!pad,iso9660:!joliet,iso9660:volume-id=FSTATPAR' \
	@"$work/tree.mtree"
bsdtar -cf top.a --format arsvr4 @"$work/top.mtree"

# 3. truncated.tar.gz: three generated text files (~30, ~30 and ~210 KB),
# the gzip stream cut so that what decompresses ends about 120 KB into
# part3.txt's data.  libarchive's gzip reader works in 64 KiB blocks and
# reports a truncated stream only at the block that hits the end, before
# handing out any of it; so the cut has to be more than 64 KiB past the end
# of part2.txt (else opening the archive fails at once) and before the end
# of part3.txt.
mkdir "$work/trunc"
for n in 1 2 3; do
	lines=500
	[ "$n" -eq 3 ] && lines=3500
	awk -v n="$n" -v lines="$lines" 'BEGIN {
		x = n * 7919
		for (i = 1; i <= lines; i++) {
			x = (x * 1103 + 12345) % 65521
			printf "part %d line %d: the quick brown fox %d jumps\n", n, i, x % 10
		}
	}' >"$work/trunc/part$n.txt"
done
(cd "$work/trunc" && touch -d "$DATE" part1.txt part2.txt part3.txt &&
	bsdtar -cf "$work/full.tar" --format ustar --uid 0 --gid 0 \
		--uname root --gname root part1.txt part2.txt part3.txt)
gzip -9n <"$work/full.tar" >"$work/full.tar.gz"
size() { wc -c <"$1" | tr -d ' '; }
s1=$(size "$work/trunc/part1.txt")
s2=$(size "$work/trunc/part2.txt")
s3=$(size "$work/trunc/part3.txt")
blocks() { echo $(( ($1 + 511) / 512 * 512 )); }
start3=$((512 + $(blocks "$s1") + 512 + $(blocks "$s2") + 512))
want=$((start3 + 120000))
# the shortest cut whose decompressed prefix reaches $want
cut=$(size "$work/full.tar.gz")
while :; do
	got=$(head -c $((cut - 64)) "$work/full.tar.gz" | gzip -dc 2>/dev/null | wc -c)
	[ "$got" -ge "$want" ] || break
	cut=$((cut - 64))
done
head -c "$cut" "$work/full.tar.gz" >truncated.tar.gz
got=$(gzip -dc <truncated.tar.gz 2>/dev/null | wc -c)
if [ "$got" -le $((start3 + 65536 + 4096)) ] || [ "$got" -ge $((start3 + s3 - 4096)) ]; then
	die "truncated.tar.gz: cut at $got, not well inside part3.txt ($start3 + $s3)"
fi
for n in 1 2; do
	bsdtar -xOf truncated.tar.gz "part$n.txt" 2>/dev/null |
		cmp -s - "$work/trunc/part$n.txt" ||
		die "truncated.tar.gz: part$n.txt does not read back intact"
done
if bsdtar -xOf truncated.tar.gz part3.txt >/dev/null 2>&1; then
	die "truncated.tar.gz: part3.txt reads without error"
fi
echo "truncated.tar.gz: decompresses to $got bytes; part3.txt data at $start3..$((start3 + s3))"
echo "truncated.tar.gz: counts of the two intact entries (LC_ALL=C wc -lwc):"
(cd "$work/trunc" && wc -lwc part1.txt part2.txt)

# 4. encrypted.zip: plain.txt stored in clear, then secret.txt with
# traditional PKWARE encryption (zip -P).
mkdir "$work/enc"
printf 'plain text\n' >"$work/enc/plain.txt"
printf 'the secret words\n' >"$work/enc/secret.txt"
touch -d "$DATE" "$work/enc/plain.txt" "$work/enc/secret.txt"
(cd "$work/enc" && zip -qX out.zip plain.txt &&
	zip -qX -P password out.zip secret.txt)
cp "$work/enc/out.zip" encrypted.zip

# 5. sparse.tar: GNU sparse member; the holes read back as NUL bytes.
# tests/cli-archive.sh makes the same file with the same three commands.
mkdir "$work/sparse"
(cd "$work/sparse" &&
	printf 'head\n' >holes.bin &&
	truncate -s 200000 holes.bin &&
	printf 'tail words\n' >>holes.bin &&
	touch -d "$DATE" holes.bin &&
	tar -cSf "$work/sparse.tar" -b 1 --format=gnu --owner=0 --group=0 \
		--numeric-owner holes.bin)
cp "$work/sparse.tar" sparse.tar
[ "$(size sparse.tar)" -lt 10240 ] ||
	die "sparse.tar is $(size sparse.tar) bytes: $work has no holes?"

# 6. latin1.tar: one entry named "caf\351.txt" (ISO 8859-1 e-acute: not UTF-8).
mkdir "$work/latin1"
name=$(printf 'caf\351.txt')
(cd "$work/latin1" &&
	printf 'caf\351 au lait\n' >"$name" &&
	tar -cf "$work/latin1.tar" -b 1 --format=gnu --owner=0 --group=0 \
		--numeric-owner --mtime="$DATE" "$name")
cp "$work/latin1.tar" latin1.tar

# 7. notarchive.txt.gz: gzip of plain text, no archive inside.
printf 'This is plain text, compressed with gzip.\nIt is not an archive.\n' |
	gzip -9n >notarchive.txt.gz

# Check: every archive lists, and stays small.
for a in tree* top.a sparse.tar latin1.tar encrypted.zip; do
	bsdtar -tf "$a" >/dev/null || die "bsdtar cannot list $a"
	[ "$(size "$a")" -lt 102400 ] || die "$a is larger than 100 KiB"
done
ls -l tree* top.a truncated.tar.gz encrypted.zip sparse.tar latin1.tar \
	notarchive.txt.gz
