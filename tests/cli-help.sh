#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --help and the man page's OPTIONS list the same options, with the same
# short forms, each taking an argument in both or in neither.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
man=${BUILDDIR:-$top}/man/fstat-par.1
cd "$TMP" || exit 99

# Each option as "-c,--bytes", "--total=" (an argument, its name left out)
# or "--follow", one a line, sorted.
run "$FSTAT_PAR" --help
is "--help exits 0 and writes nothing on stderr" "$status:$(cat err)" "0:"
grep -E '^ {2,6}-' out |
	sed -E 's/^ +//; s/  .*//; s/ //g; s/=.*/=/' | LC_ALL=C sort >help
# In the man page: the tag line after each .TP of the OPTIONS section,
# with fonts, escapes, quotes and spaces removed (troff joins the
# arguments of .BR and .BI without spaces).
awk '/^\.SH / { sec = $2 } sec == "OPTIONS" && prev == ".TP" { print }
     { prev = $0 }' "$man" |
	sed -E 's/^\.[BIR]+ //; s/\\f[BIRP]//g; s/\\-/-/g; s/\\&//g;
		s/"//g; s/ //g; s/=.*/=/' | LC_ALL=C sort >man

if [ "$(wc -l <help)" -ge 20 ] && [ "$(wc -l <man)" -ge 20 ]; then
	ok "options found in --help ($(wc -l <help)) and the man page ($(wc -l <man))"
else
	not_ok "options found in --help ($(wc -l <help)) and the man page ($(wc -l <man))"
fi

missing=$(LC_ALL=C comm -23 help man | tr '\n' ' ')
is "every option of --help is in the man page's OPTIONS" "$missing" ""
missing=$(LC_ALL=C comm -13 help man | tr '\n' ' ')
is "every option of the man page's OPTIONS is in --help" "$missing" ""

# --help and --version close the list in a block of their own, as in GNU
# programs, not under the last heading ("Several runs"); in the man page
# too they are the last two options.
last=$(grep -n -E '^ {2,6}-' out | tail -n 2 | sed -E 's/: +/:/; s/ .*//')
help_line=${last%%:*}
is "--help: the last two options are --help and --version" \
	"$(echo "$last" | sed 's/^[0-9]*://' | tr '\n' ' ')" "--help --version "
is "--help: a blank line before --help, its block of its own" \
	"$(sed -n "$((help_line - 1))p" out)" ""
is "man page: the last two options are --help and --version" \
	"$(awk '/^\.SH / { sec = $2 } sec == "OPTIONS" && prev == ".TP" { print }
		{ prev = $0 }' "$man" | tail -n 2 | tr '\n' ' ')" \
	'.B \-\-help .B \-\-version '

# The bug-report address is configure's (AC_INIT), printed only when there
# is one: nothing invented.
bugs=$(config_value PACKAGE_BUGREPORT) || exit 99
if [ -n "$bugs" ]; then
	is "--help: 'Report bugs to:' names PACKAGE_BUGREPORT ($bugs)" \
		"$(grep '^Report bugs' out)" "Report bugs to: $bugs"
else
	is "--help: no 'Report bugs' line, PACKAGE_BUGREPORT is empty" \
		"$(grep -c '^Report bugs' out)" 0
fi
is "--help: ends with where the full documentation is" \
	"$(tail -n 1 out)" "Full documentation: man fstat-par"

done_testing
