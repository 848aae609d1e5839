#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What a release tarball must say of itself: the version and release date
# of configure.ac in the built man page's .TH line and in --version, NEWS
# headed by that release (or by the placeholder of the one in the
# making), the licence in COPYING, and a man page that mandoc -Tlint
# finds no fault with.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
man=${BUILDDIR:-$top}/man/fstat-par.1
cd "$TMP" || exit 99

# configure.ac: AC_INIT([fstat-par], [VERSION], ...) and
# m4_define([fp_release_date], [YYYY-MM-DD]).
version=$(sed -n 's/^AC_INIT(\[fstat-par\], *\[\([^]]*\)\].*/\1/p' "$top/configure.ac")
date=$(sed -n 's/^m4_define(\[fp_release_date\], *\[\([^]]*\)\]).*/\1/p' "$top/configure.ac")
case $version in
[0-9]*.[0-9]*.[0-9]*) ok "configure.ac: version $version" ;;
*) not_ok "configure.ac: a version" "got: '$version'" ;;
esac
case $date in
[2-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9])
	if [ "$(date -d "$date" +%F 2>/dev/null || echo "$date")" = "$date" ]; then
		ok "configure.ac: release date $date"
	else
		not_ok "configure.ac: release date" "not a date: '$date'"
	fi ;;
*) not_ok "configure.ac: release date (YYYY-MM-DD)" "got: '$date'" ;;
esac

# The man page, as configure made it.
if [ -r "$man" ]; then
	is "man page: .TH names the version and date of configure.ac" \
		"$(sed -n '/^\.TH /p' "$man")" \
		".TH FSTAT-PAR 1 \"$date\" \"fstat-par $version\" \"User Commands\""
	is "man page: no @VARIABLE@ left unsubstituted" \
		"$(grep -n '@[A-Za-z_]*@' "$man")" ""
else
	not_ok "man page: built as $man"
fi
# --version's first line: "fstat-par VERSION", or GNU's
# "fstat-par (fstat-par) VERSION".
run "$FSTAT_PAR" --version
first=$(sed 1q out)
is "--version: the version of configure.ac" "${first%% *} ${first##* }" \
	"fstat-par $version"

# mandoc's warnings (and worse); its style hints are not asked for.
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint -Wwarning "$man" >lint 2>&1
	lint_status=$?
	is "mandoc -Tlint -Wwarning: no warning" "$lint_status:$(cat lint)" "0:"
else
	skip "mandoc -Tlint -Wwarning: no warning" "mandoc is not installed"
fi

# NEWS (GNU style): its first heading is this version's, with the
# release date, or the placeholder under which the next one's changes
# gather until configure.ac names it.
[ -r "$top/NEWS" ] || { not_ok "NEWS is there"; done_testing; }
heading=$(grep -m1 '^\* ' "$top/NEWS")
case $heading in
"* Noteworthy changes in release ?.? (????-??-??) [?]")
	ok "NEWS: headed by the placeholder of the release in the making" ;;
*)
	is "NEWS: headed by release $version of $date" \
		"$(printf '%s\n' "$heading" | sed 's/ \[[a-z]*\]$//')" \
		"* Noteworthy changes in release $version ($date)" ;;
esac
if [ "$(grep -c "^\* Noteworthy changes in release $version " "$top/NEWS")" -le 1 ]; then
	ok "NEWS: release $version has one section at most"
else
	not_ok "NEWS: release $version has one section at most"
fi

# COPYING: the BSD 2-Clause licence, the authors' copyright, nothing more.
licence=$(tr -s ' \n' '  ' <"$top/COPYING")
fails=
for sentence in \
	"Copyright (c) 2026 the fstat-par authors Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:" \
	"1. Redistributions of source code must retain the above copyright notice, this list of conditions and the following disclaimer." \
	"2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided with the distribution." \
	"THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND ANY EXPRESS OR IMPLIED WARRANTIES," \
	"IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES" \
	"EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE. "; do
	case $licence in
	*"$sentence"*) ;;
	*) fails="$fails [${sentence%"${sentence#?????????????????????????????}"}...]" ;;
	esac
done
case $licence in
*"3. "*|*"Neither the name"*) fails="$fails [a third clause]" ;;
esac
is "COPYING: the BSD-2-Clause licence of the fstat-par authors" "$fails" ""
if [ -s "$top/AUTHORS" ]; then ok "AUTHORS is there"; else not_ok "AUTHORS is there"; fi

done_testing
