#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make-hostile.sh - regenerate the hostile inputs in this directory.
#
# Run by a developer (never by the tests, which read the committed files):
#
#     sh testdata/archives/hostile/make-hostile.sh
#
# Needs python3 (standard library only: craft.py makes the zips and tars
# whose fields lie), bsdtar (libarchive 3.6 or later), GNU tar, gzip, zip
# (Info-ZIP 3.0, for zip -y and zip -A), head, cmp.  Debian:
#     apt-get install -y python3 libarchive-tools tar gzip zip
# README describes every file: how it is made, what is wrong with it,
# its true content and what libarchive 3.6.2 returns; PROBE.txt holds
# probe.c's output for each (written by probe-all.sh).
#
# Every file comes out the same on every run: fixed times (TZ=UTC),
# gzip -n, no random bytes (craft.py even fixes the PKWARE encryption
# header); the ISO's run-time stamps are overwritten by craft.py.

set -eu
LC_ALL=C
TZ=UTC
export LC_ALL TZ
umask 022

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
up=$here/..
[ -f "$up/tree-newc.cpio" ] && [ -f "$up/tree.tar.lzma" ] &&
	[ -f "$up/tree-abs.tar.xz" ] ||
	{ echo "make-hostile.sh: run make-archives.sh first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/make-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
die() { echo "make-hostile.sh: $*" >&2; exit 1; }
DATE='2024-01-01 00:00:00'
size() { wc -c <"$1" | tr -d ' '; }

# Everything but the scripts, probe.c and the notes.
find . -maxdepth 1 -type f ! -name '*.sh' ! -name '*.py' ! -name '*.c' \
	! -name README ! -name PROBE.txt ! -name "FSTATPAR*.txt" -exec rm -f {} +

# 1. crafted byte by byte: zero512.bin zero1024.bin empty.zip
# zip-size-100.zip zip-size-100-stored.zip zip-size-3g.zip zip-size-4g.zip
# zip-badcrc.zip zip-badcrc-stored.zip zip-long.zip cyrillic.zip
# unsupported-method.zip aes-noextra.zip encrypted-dir.zip
# encrypted-dd.zip tar-badsum.tar tar-short.tar sparse-eib.tar
# sparse-back.tar
python3 craft.py

# 2. empty archives made by the tools
tar -cf empty.tar -T /dev/null                  # 10240 zero bytes
printf '#mtree\n' >"$work/empty.mtree"
bsdtar -cf empty.7z --format 7zip @"$work/empty.mtree"

# 3. gzip inside gzip.  libarchive stacks at most 25 filters.
printf 'hello\n' >"$work/g"
i=0
while [ $i -lt 40 ]; do
	gzip -n <"$work/g" >"$work/g.gz"
	mv "$work/g.gz" "$work/g"
	i=$((i + 1))
done
cp "$work/g" gzip-recursive.gz                  # 40 levels of "hello\n"
mkdir "$work/deep"
printf 'deep inside\n' >"$work/deep/deep.txt"
touch -d "$DATE" "$work/deep/deep.txt"
(cd "$work/deep" && tar -cf ../deep.tar -b 1 --format=ustar --owner=0 \
	--group=0 --numeric-owner deep.txt)
cp "$work/deep.tar" "$work/t"
i=0
while [ $i -lt 25 ]; do
	gzip -n <"$work/t" >"$work/t.gz"
	mv "$work/t.gz" "$work/t"
	i=$((i + 1))
	[ $i -eq 24 ] && cp "$work/t" gzip-24.tar.gz
done
cp "$work/t" gzip-25.tar.gz

# 4. gzip with its 8-byte trailer (CRC32, ISIZE) cut off: the tar above,
# and plain text
gzip -n <"$work/deep.tar" >"$work/deep.tar.gz"
head -c $(($(size "$work/deep.tar.gz") - 8)) "$work/deep.tar.gz" \
	>truncated-trailer.tar.gz
printf 'plain text, not an archive\n' | gzip -n >"$work/plain.gz"
head -c $(($(size "$work/plain.gz") - 8)) "$work/plain.gz" \
	>truncated-trailer.txt.gz

# 5. cut copies of the committed archives
head -c 300 "$up/tree-newc.cpio" >cpio-cut-data.cpio      # in README.txt's data
head -c 400 "$up/tree-newc.cpio" >cpio-cut-header.cpio    # in binary.dat's header
head -c 400 "$up/tree.tar.lzma" >lzma-cut.tar.lzma
head -c 400 "$up/tree-abs.tar.xz" >xz-cut.tar.xz

# 6. a 7z with a Cyrillic name (mtree wants the UTF-8 bytes as \ooo;
# bsdtar converts the name to UTF-16 for 7z, so it needs a UTF-8 locale)
printf 'привет из 7z\n' >"$work/c7.txt"
touch -d "$DATE" "$work/c7.txt"
esc=$(printf 'файл.txt' | od -An -v -to1 | tr -s ' \n' ' ' |
	awk '{ for (i = 1; i <= NF; i++) printf "\\%s", $i }')
printf '#mtree\n/set uid=0 gid=0 uname=root gname=root\n%s type=file mode=0644 time=1704067200 contents=%s\n' \
	"$esc" "$work/c7.txt" >"$work/c7.mtree"
LC_ALL=C.UTF-8 bsdtar -cf cyrillic.7z --format 7zip @"$work/c7.mtree"

# 7. Info-ZIP: symbolic links stored as links (zip -y), and a
# self-extracting zip: a 380-byte shell stub, then a zip, offsets
# adjusted (zip -A) or not
mkdir "$work/sym" "$work/sym/d"
(cd "$work/sym" &&
	printf 'target file\n' >target.txt &&
	printf 'in dir\n' >d/f.txt &&
	ln -s target.txt link.txt &&
	ln -s ../outside link-out &&
	ln -s ../target.txt d/up.txt &&
	touch -h -d "$DATE" target.txt link.txt link-out d/f.txt d/up.txt d &&
	zip -qXy ../sym.zip target.txt link.txt link-out d d/f.txt d/up.txt)
cp "$work/sym.zip" zip-symlink.zip
mkdir "$work/sfx"
(cd "$work/sfx" &&
	printf 'first file in the sfx\n' >one.txt &&
	printf 'second file\n' >two.txt &&
	touch -d "$DATE" one.txt two.txt &&
	zip -qX ../inner.zip one.txt two.txt)
{
	printf '#!/bin/sh\n# a self-extracting zip: this shell stub, then the zip\n'
	printf 'echo "sfx stub: run unzip on this file" >&2\nexit 0\n'
	i=0
	while [ $i -lt 4 ]; do
		printf '# padding padding padding padding padding padding padding padding\n'
		i=$((i + 1))
	done
} >"$work/stub.sh"
[ "$(size "$work/stub.sh")" -eq 380 ] || die "stub is not 380 bytes"
cat "$work/stub.sh" "$work/inner.zip" >sfx-noadjust.zip
cp sfx-noadjust.zip sfx.zip
zip -qA sfx.zip

# 8. ISO 9660 + Rock Ridge whose "CE" continuation points at itself.
# bsdtar's image (26 blocks, 53248 bytes): the root's "." record has a
# CE to block 24 (the "ER" entry); craft.py makes both a CE to block 24,
# offset 0, length 28, and fixes the run's time stamps.
printf 'inside the iso\n' >"$work/a.txt"
printf '#mtree\n/set uid=0 gid=0 uname=root gname=root\na.txt type=file mode=0644 time=1704067200 contents=%s\n' \
	"$work/a.txt" >"$work/iso.mtree"
t0=$(date +%s)
bsdtar -cf "$work/rr.iso" --format iso9660 \
	--options 'iso9660:!pad,iso9660:!joliet,iso9660:volume-id=RRLOOP' \
	@"$work/iso.mtree"
t1=$(date +%s)
python3 craft.py iso-loop "$work/rr.iso" iso-rr-loop.iso "$t0" "$t1"

# Check: everything small, and the intact parts read back.
for f in *; do
	case $f in *.sh|*.py|*.c|README|*.txt) continue ;; esac
	[ "$(size "$f")" -lt 65536 ] || die "$f is 64 KiB or more"
done
bsdtar -xOf gzip-24.tar.gz deep.txt | cmp -s - "$work/deep/deep.txt" ||
	die "gzip-24.tar.gz does not read back"
gzip -dc <truncated-trailer.tar.gz 2>/dev/null | cmp -s - "$work/deep.tar" ||
	die "truncated-trailer.tar.gz: gzip does not give the tar back"
ls -l
