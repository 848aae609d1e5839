#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The .note.dlopen ELF note (src/arclib.c) through which packaging tools
# learn that the binary loads libarchive: one FDO note of type 0x407c0c0a
# in an allocated, read-only, 4-byte aligned section, whose JSON
# (systemd.io/ELF_DLOPEN_METADATA) is an array of objects with a feature,
# a description, a priority and the sonames, here the one configure found
# (config.h's LIBARCHIVE_SONAME).  With libarchive linked instead
# (--disable-libarchive-dlopen), a DT_NEEDED entry says it.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
config=${BUILDDIR:-$top}/config.h
bin=${FSTAT_PAR_REAL:-$FSTAT_PAR}
cd "$TMP" || exit 99

if ! command -v readelf >/dev/null 2>&1 || ! command -v objcopy >/dev/null 2>&1; then
	skip ".note.dlopen" "readelf and objcopy (binutils) are needed to read it"
	done_testing
fi
[ -r "$config" ] || { echo "# no $config" >&2; exit 99; }

if ! grep -q '^#define LIBARCHIVE_DLOPEN 1$' "$config"; then
	skip ".note.dlopen" "libarchive is linked (configure --disable-libarchive-dlopen)"
	if LC_ALL=C readelf -dW "$bin" | grep -q '(NEEDED).*\[libarchive\.'; then
		ok "linked libarchive is a DT_NEEDED entry"
	else
		not_ok "linked libarchive is a DT_NEEDED entry"
	fi
	done_testing
fi
soname=$(sed -n 's/^#define LIBARCHIVE_SONAME "\(.*\)"$/\1/p' "$config")
case $soname in
libarchive.so.*) ok "configure found libarchive's soname ($soname)" ;;
*) not_ok "configure found libarchive's soname" "config.h: '$soname'" ;;
esac

# Name Type Address Off Size ES Flg Lk Inf Al, with "[Nr] " taken off.
sect=$(LC_ALL=C readelf -SW "$bin" | sed -n 's/^ *\[ *[0-9]*\] *\.note\.dlopen  */.note.dlopen /p')
# shellcheck disable=SC2086 # split into readelf's fields
set -- $sect
if [ $# -eq 10 ] && [ "$2" = NOTE ]; then
	ok "the binary has a .note.dlopen section of type NOTE"
	size=$((0x$5))
	case $7 in
	*W*) not_ok "the section is allocated and read-only" "flags $7" ;;
	*A*) ok "the section is allocated and read-only" ;;
	*) not_ok "the section is allocated and read-only" "flags $7" ;;
	esac
	is "the section is 4-byte aligned" "$((${10} % 4))" 0
else
	not_ok "the binary has a .note.dlopen section of type NOTE" "readelf: $sect"
	done_testing
fi

# The section's bytes: namesz descsz type (in the host's byte order, as
# the binary was built here), name, then the JSON padded with NULs.
objcopy -O binary -j .note.dlopen "$bin" note || exit 99
is "objcopy gives the section's bytes" "$(wc -c <note | tr -d ' ')" "$size"
# shellcheck disable=SC2046 # three numbers
set -- $(od -An -tu4 -N12 note)
namesz=$1 descsz=$2 type=$3
is "note: name FDO, type 0x407c0c0a" \
	"$namesz $(dd if=note bs=1 skip=12 count=4 2>/dev/null | tr '\0' '@') $type" \
	"4 FDO@ $((0x407c0c0a))"
is "note: one note, its descriptor 4-byte aligned, fills the section" \
	"$((descsz % 4)) $((16 + descsz))" "0 $size"
dd if=note bs=1 skip=16 count="$descsz" 2>/dev/null >desc
# The JSON, then at least one NUL and nothing but NULs to the end.
tr -d '\000' <desc >json
pad=$(($(wc -c <desc) - $(wc -c <json)))
if [ "$pad" -ge 1 ] && [ "$pad" -le 4 ] &&
   [ "$(dd if=desc bs=1 count=$((descsz - pad)) 2>/dev/null | wc -c)" -eq "$(wc -c <json)" ] &&
   [ -z "$(dd if=desc bs=1 skip=$((descsz - pad)) 2>/dev/null | tr -d '\000')" ]; then
	ok "note: the JSON is NUL-terminated and padded with NULs"
else
	not_ok "note: the JSON is NUL-terminated and padded with NULs" "$pad padding bytes"
	show desc
fi

# A JSON array of objects whose members are strings or arrays of
# strings, as the specification has it, flattened to "NAME<TAB>VALUE"
# lines ("NAME[]" for an array's elements) and "{" at each object.
if awk '
function fail(m) { print "error: " m " at byte " pos; exit 1 }
function ws() { while (substr(s, pos, 1) ~ /^[ \t\r\n]$/) pos++ }
function next_char(  c) { ws(); c = substr(s, pos, 1); pos++; return c }
function expect(c) { if (next_char() != c) fail("\"" c "\" expected") }
function str(  c, v) {
	if (next_char() != "\"") fail("string expected")
	v = ""
	for (;;) {
		c = substr(s, pos++, 1)
		if (c == "") fail("unterminated string")
		if (c == "\"") return v
		if (c == "\\") {
			c = substr(s, pos++, 1)
			if (c !~ /^["\\\/]$/) fail("escape \\" c)
		}
		v = v c
	}
}
{ s = s $0 "\n" }
END {
	pos = 1
	expect("[")
	do {
		expect("{")
		print "{"
		do {
			k = str()
			expect(":")
			ws()
			if (substr(s, pos, 1) == "[") {
				pos++
				do print k "[]\t" str(); while ((c = next_char()) == ",")
				if (c != "]") fail("\"]\" expected")
			} else {
				print k "\t" str()
			}
		} while ((c = next_char()) == ",")
		if (c != "}") fail("\"}\" expected")
	} while ((c = next_char()) == ",")
	if (c != "]") fail("\"]\" expected")
	ws()
	if (pos <= length(s)) fail("bytes after the array")
}' json >fields; then
	ok "note: the JSON is an array of objects of strings and string arrays"
else
	not_ok "note: the JSON is an array of objects of strings and string arrays" \
		"$(grep '^error: ' fields)" "$(cat json)"
fi

# The values of member $1, space-separated.
field() { sed -n "s/^$1	//p" fields | awk '{ printf "%s%s", (NR > 1 ? " " : ""), $0 }'; }
is "note: one object (libarchive is the only library loaded)" \
	"$(grep -c '^{$' fields)" 1
feature=$(field feature)
is "note: feature archive" "$feature" archive
description=$(field description)
if [ "${#description}" -gt 10 ]; then
	ok "note: a description ($description)"
else
	not_ok "note: a description" "got: '$description'"
fi
priority=$(field priority)
case $priority in
required) ok "note: priority required (every ROOT not a directory needs libarchive)" ;;
*) not_ok "note: priority required (every ROOT not a directory needs libarchive)" \
	"got: '$priority' (required, recommended or suggested)" ;;
esac
is "note: soname as configure found it" "$(field 'soname\[\]')" "$soname"
is "note: no other member" \
	"$(grep -v -e '^{$' -e '^feature	' -e '^description	' -e '^priority	' \
		-e '^soname\[\]	' fields)" ""

done_testing
