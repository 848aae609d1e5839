#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tests/cli-license.sh - every source, test, script and build file that
# the tarball ships names its licence in an SPDX line near its top, and
# COPYING holds the licence that line names.
. "$TESTLIB"
: "${SRCDIR:?SRCDIR must name the source tree}"
TAG='SPDX-License-Identifier: BSD-2-Clause'

if [ -f "$SRCDIR/COPYING" ] &&
   grep -q '^Redistribution and use in source and binary forms' "$SRCDIR/COPYING" &&
   ! grep -q 'Neither the name' "$SRCDIR/COPYING"; then
	ok "COPYING holds the BSD 2-Clause licence"
else
	not_ok "COPYING holds the BSD 2-Clause licence"
fi

# The files that carry the line: C, shell, Python, roff and the build and
# script files without a suffix.  Data packed into the test archives and
# the fuzz corpora are inputs, not sources, and stay as they are.
(cd "$SRCDIR" && find . \( -path ./testdata/archives/src -o \
	-path ./fuzz/corpus -o -path ./fuzz/regressions -o -name .git -o \
	-name autom4te.cache -o -name '_*' -o -name 'fstat-par-*' \) -prune -o \
	-type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o \
	-name '*.py' -o -name '*.yaml' -o -name '*.1.in' -o -name Makefile.am -o \
	-name configure.ac -o -path ./bench/run -o -path ./fuzz/build -o \
	-path ./completion/fstat-par -o -name valgrind.supp \) -print) |
	sed 's|^\./||' | LC_ALL=C sort >"$TMP/files"
# Files that configure or autotools generate carry no line of ours.
grep -v -e '^config\.h$' -e '^build-aux/' "$TMP/files" >"$TMP/sources"
n=$(wc -l <"$TMP/sources")
missing=
while IFS= read -r f; do
	head -n 3 "$SRCDIR/$f" | grep -q "$TAG" || missing="$missing $f"
done <"$TMP/sources"
if [ "$n" -gt 100 ] && [ -z "$missing" ]; then
	ok "all $n sources start with the SPDX line"
else
	not_ok "all $n sources start with the SPDX line" "missing in:$missing"
fi

done_testing
