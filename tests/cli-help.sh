#!/bin/sh
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

done_testing
