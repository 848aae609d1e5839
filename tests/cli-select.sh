#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Path selection: GLOB operands, -x/--exclude, --regex, --exclude-regex,
# --max-depth, --follow and --xdev, checked against find(1) where find
# has the same rule, and on archives against the same tree on disk.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99

# The tree: sources at several depths, a build directory, a file named
# like that directory, hidden files, a name with a space.
mkdir -p T/src/x/y T/build/sub T/lib/gen T/docs T/.git T/3d
printf 'a\n' >T/a.c
printf 'b\nb\n' >T/b.h
printf 'h\n' >T/.hidden.c
printf 'g\n' >T/.git/config
printf 'm\n' >T/src/m.c
printf 'd\n' >T/src/x/y/deep.c
printf 'n\n' >T/src/x/n.h
printf 'o\n' >T/build/out.c
printf 'o\n' >T/build/sub/o.c
printf 'f\n' >T/lib/build
printf 'g\n' >T/lib/gen/g.c
printf 's\n' >'T/docs/with space.md'
printf 'r\n' >T/docs/README
printf '1\n' >T/3d/1.c
printf 'o\n' >T/tmp.o
printf '*\n' >'T/x*'
printf 'y\n' >T/xy

# The names fstat-par counts with ARGS (ROOT among them), one a line,
# sorted, into $TMP/got; its stderr and status are kept by run.
fp_files() {
	run timeout 20 "$FSTAT_PAR" -l --total=never "$@"
	sed 's/^ *[0-9]* //' "$TMP/out" | LC_ALL=C sort >"$TMP/got"
}

# same_as_find DESC FSTAT-PAR-ARGS -- FIND-ARGS: the same set of files,
# exit 0, nothing on stderr.
same_as_find() {
	desc=$1
	shift
	n=0
	for a in "$@"; do
		[ "$a" = -- ] && break
		n=$((n + 1))
	done
	# Split the arguments at "--" without arrays: the first N are ours,
	# quoted for eval (none of them holds a single quote).
	i=0
	fpargs=
	for a in "$@"; do
		i=$((i + 1))
		[ "$i" -le "$n" ] || break
		fpargs="$fpargs '$a'"
	done
	shift $((n + 1))
	find "$@" 2>/dev/null | LC_ALL=C sort >"$TMP/want"
	eval "fp_files $fpargs"
	if [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ] &&
	   cmp -s "$TMP/got" "$TMP/want"; then
		ok "$desc"
	else
		not_ok "$desc" "status $status" \
			"got:      $(tr '\n' ' ' <"$TMP/got")" \
			"expected: $(tr '\n' ' ' <"$TMP/want")" \
			"stderr:   $(cat "$TMP/err")"
	fi
}

# --- GLOB operands (the engine's rules, at the command line) -------------

same_as_find "no GLOB: every file, hidden ones too (find -type f)" \
	T -- T -type f
same_as_find "'*.c' is find -name '*.c'" \
	T '*.c' -- T -type f -name '*.c'
same_as_find "'src/**/*.c': '**' crosses any number of directories, none too" \
	T 'src/**/*.c' -- T -type f -path 'T/src/*.c'
same_as_find "'*/*.c': '*' never crosses '/'" \
	T '*/*.c' -- T -type f -path 'T/*/*.c' ! -path 'T/*/*/*'
same_as_find "'[[:digit:]]*' and a range" \
	T '[[:digit:]]*' '[m-n].?' -- T -type f \( -name '[0-9]*' -o -name '[m-n].?' \)
same_as_find "'[!a-m]*.c' negation" \
	T '[!a-m]*.c' -- T -type f -name '[!a-m]*.c'
same_as_find "nested braces '{src/{x,zz},lib}/**/*.?'" \
	T '{src/{x,zz},lib}/**/*.?' -- T -type f \( -path 'T/src/x/*.?' -o -path 'T/lib/*.?' \)
same_as_find "a leading './' anchors at ROOT" \
	T './*.c' -- T -maxdepth 1 -type f -name '*.c'
same_as_find "several GLOBs: any of them" \
	T '*.h' 'README' -- T -type f \( -name '*.h' -o -name README \)
same_as_find "'x\\*' escapes the star" \
	T 'x\*' -- T -type f -name 'x\*'
same_as_find "'docs/' (directories only) selects the files below docs" \
	T 'docs/' -- T -type f -path 'T/docs/*'

# --- -x, --exclude -------------------------------------------------------

same_as_find "-x build: no file named build, no directory entered" \
	-x build T -- T -name build -prune -o -type f -print
same_as_find "-x 'build/': directories only, the file lib/build stays" \
	-x 'build/' T -- T -type d -name build -prune -o -type f -print
same_as_find "--exclude=GLOB, repeated: any of them" \
	--exclude='*.o' --exclude='.*' T -- T \( -name '*.o' -o -name '.*' \) -prune -o -type f -print
same_as_find "-x with '/' matches the path: 'src/x'" \
	-x src/x T -- T -path T/src/x -prune -o -type f -print
same_as_find "-x 'src/**': everything below src" \
	-x 'src/**' T -- T -path 'T/src/*' -prune -o -type f -print
same_as_find "GLOB and -x together" \
	-x build T '*.c' -- T -name build -prune -o -type f -name '*.c' -print

# A directory that is not entered is never opened: make one unreadable.
mkdir -p U/keep U/secret
printf 'k\n' >U/keep/k
printf 's\n' >U/secret/s
chmod 000 U/secret
fp_files -x secret U
printf 'U/keep/k\n' >"$TMP/want"
if [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$TMP/got" "$TMP/want"; then
	ok "an excluded directory is not opened (no error for an unreadable one)"
else
	not_ok "an excluded directory is not opened" "status $status" "$(cat "$TMP/err")"
fi
chmod 755 U/secret

# --- --regex, --exclude-regex --------------------------------------------

find T -type f | sed 's|^T/||' >"$TMP/rels"
regex_case() {
	desc=$1 fpopt=$2 grepopt=$3 re=$4
	grep ${grepopt:+"$grepopt"} -E "$re" "$TMP/rels" | sed 's|^|T/|' | LC_ALL=C sort >"$TMP/want"
	fp_files "$fpopt=$re" T
	if [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$TMP/got" "$TMP/want"; then
		ok "$desc"
	else
		not_ok "$desc" "status $status" \
			"got:      $(tr '\n' ' ' <"$TMP/got")" \
			"expected: $(tr '\n' ' ' <"$TMP/want")" "$(cat "$TMP/err")"
	fi
}
regex_case "--regex on the path relative to ROOT (grep -E)" --regex "" '^src/.*\.c$'
regex_case "--regex is unanchored" --regex "" 'x/'
regex_case "--exclude-regex" --exclude-regex -v '(^|/)\.|\.o$'

fp_files --regex='\.h$' --regex='^docs/' T
printf '%s\n' T/b.h T/docs/README 'T/docs/with space.md' T/src/x/n.h >"$TMP/want"
is "--regex repeated: a file counts when any matches" \
	"$(cat "$TMP/got")" "$(cat "$TMP/want")"

fp_files --regex='\.c$' --exclude-regex='^src/' -x build T '*.c' '*.h'
printf '%s\n' T/.hidden.c T/3d/1.c T/a.c T/lib/gen/g.c >"$TMP/want"
is "GLOBs, -x, --regex, --exclude-regex together" \
	"$(cat "$TMP/got")" "$(cat "$TMP/want")"

run "$FSTAT_PAR" --regex='a(' T
printf "fstat-par: invalid regular expression 'a(': missing closing parenthesis at offset 2\n" >"$TMP/exp_err"
: >"$TMP/exp_out"
check "a bad --regex: exit 2, PCRE2's message and offset" 2

run "$FSTAT_PAR" --exclude-regex='x[' T
printf "fstat-par: invalid regular expression 'x[': missing terminating ] for character class at offset 2\n" >"$TMP/exp_err"
: >"$TMP/exp_out"
check "a bad --exclude-regex: exit 2" 2

run "$FSTAT_PAR" -x '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}' T
printf "fstat-par: invalid pattern '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}': too many alternatives in brace expansion\n" >"$TMP/exp_err"
check "a bad -x GLOB: exit 2" 2

# Catastrophic backtracking: an error for that path, in order, and the
# run goes on (exit 1).
mkdir R
long=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab
printf 'x\n' >R/$long
printf 'y\n' >R/aaaa
printf 'z\n' >R/b
run timeout 60 "$FSTAT_PAR" -l --regex='^(a+)+$' R
printf '1 R/aaaa\n' >"$TMP/exp_out"
printf 'fstat-par: R/%s: --regex: match limit exceeded\n' "$long" >"$TMP/exp_err"
check "a --regex over the match limit: an error for that file, exit 1" 1

# --- --max-depth ---------------------------------------------------------

for d in 0 1 2 3 10; do
	same_as_find "--max-depth=$d is find -maxdepth $d" \
		--max-depth=$d T -- T -maxdepth $d -type f
done
same_as_find "--max-depth with GLOBs and -x" \
	--max-depth=2 -x x T '*.[ch]' -- T -maxdepth 2 -name x -prune -o -type f -name '*.[ch]' -print

run "$FSTAT_PAR" -l --max-depth=0 T/a.c
printf '1 T/a.c\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "--max-depth=0 does not stop a file ROOT" 0

run "$FSTAT_PAR" --max-depth=-1 T
check "--max-depth=-1 is a usage error" 2

# --- names with spaces and newlines --------------------------------------

mkdir -p N/'a dir'
printf 'x\n' >N/'a dir'/'b c.txt'
printf 'x\n' >"N/new
line.txt"
printf 'x\n' >"N/a dir/skip
me.txt"
run "$FSTAT_PAR" -l N '*.txt' -x '*[[:cntrl:]]me.txt'
cat >"$TMP/exp_out" <<'X'
1 N/a dir/b c.txt
1 'N/new'$'\n''line.txt'
2 total
X
: >"$TMP/exp_err"
check "spaces and newlines: selected, excluded, quoted as GNU wc" 0

run "$FSTAT_PAR" -l --regex='new\nline' N
printf "1 'N/new'\$'\\\\n''line.txt'\n" >"$TMP/exp_out"
check "--regex sees a newline in a name as a character" 0

run "$FSTAT_PAR" -l --regex='^a dir/b' N
printf '1 N/a dir/b c.txt\n' >"$TMP/exp_out"
check "--regex with a space" 0

# --- --follow ------------------------------------------------------------

mkdir -p L/d/e
printf 'g\n' >L/d/g
printf 'f\n' >L/f
ln -s .. L/d/e/up
ln -s ../.. L/d/e/top
ln -s f L/lf
ln -s d L/ld
ln -s nowhere L/dangling
ln -s self L/self

same_as_find "without --follow, links are not followed (find -P)" \
	L -- L -type f
fp_files --follow L
find -L L -type f 2>/dev/null | LC_ALL=C sort >"$TMP/want"
is "--follow counts what find -L -type f finds" \
	"$(cat "$TMP/got")" "$(cat "$TMP/want")"
cat >"$TMP/want_err" <<'X'
fstat-par: warning: L/d/e/top: symbolic link loop
fstat-par: warning: L/d/e/up: symbolic link loop
fstat-par: warning: L/ld/e/top: symbolic link loop
fstat-par: warning: L/ld/e/up: symbolic link loop
X
is "--follow: each loop warned once, in walk order; dangling links silent" \
	"$(cat "$TMP/err")" "$(cat "$TMP/want_err")"
is "--follow: a loop is a warning, exit 0; the run finishes" "$status" 0

run timeout 20 "$FSTAT_PAR" -l --follow L/ld
cat >"$TMP/exp_out" <<'X'
1 L/ld/e/top/f
1 L/ld/e/top/lf
1 L/ld/g
3 total
X
cat >"$TMP/exp_err" <<'X'
fstat-par: warning: L/ld/e/top/d: symbolic link loop
fstat-par: warning: L/ld/e/top/ld: symbolic link loop
fstat-par: warning: L/ld/e/up: symbolic link loop
X
check "--follow from a link ROOT: the loop back to ROOT is found where find -L finds it" 0

for d in 1 2 3; do
	fp_files --follow --max-depth=$d L
	find -L L -maxdepth $d -type f 2>/dev/null | LC_ALL=C sort >"$TMP/want"
	is "--follow --max-depth=$d is find -L -maxdepth $d" \
		"$(cat "$TMP/got")" "$(cat "$TMP/want")"
done

fp_files --follow -x e L
printf '%s\n' L/d/g L/f L/ld/g L/lf >"$TMP/want"
if [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$TMP/got" "$TMP/want"; then
	ok "--follow -x: an excluded directory hides its loops"
else
	not_ok "--follow -x" "status $status" "$(cat "$TMP/err")"
fi

ln -s T/a.c Lfile
run "$FSTAT_PAR" -l Lfile
printf '1 Lfile\n' >"$TMP/exp_out"
: >"$TMP/exp_err"
check "a symbolic link to a file as ROOT is followed" 0

# --- --xdev --------------------------------------------------------------

mkdir -p X/mnt X/here
printf 'h\n' >X/here/h
printf 'm\n' >X/mnt/under
# A tmpfs over X/mnt in a private mount namespace; only the test's
# commands run in it.
cat >"$TMP/xdev.sh" <<X
mount -t tmpfs none "$TMP/X/mnt" || exit 1
: >"$TMP/xdev-mounted"
printf 'o\n' >"$TMP/X/mnt/other"
cd "$TMP" || exit 77
"$FSTAT_PAR" -l --total=never X >"$TMP/xdev-all" 2>&1 || exit 1
"$FSTAT_PAR" -l --total=never --xdev X >"$TMP/xdev-one" 2>&1 || exit 1
"$FSTAT_PAR" -l --total=never --xdev X/mnt >"$TMP/xdev-root" 2>&1 || exit 1
X
unshare -rm sh "$TMP/xdev.sh" 2>/dev/null
xdev_status=$?
if [ ! -e "$TMP/xdev-mounted" ]; then
	skip "--xdev" "cannot mount a tmpfs here (unshare -rm)"
elif [ "$xdev_status" -ne 0 ]; then
	not_ok "--xdev runs" "status $xdev_status" "$(cat "$TMP/xdev-all" "$TMP/xdev-one")"
else
	is "without --xdev the walk enters another file system" \
		"$(cat "$TMP/xdev-all")" "$(printf '1 X/here/h\n1 X/mnt/other')"
	is "--xdev: not into another file system (find -xdev)" \
		"$(cat "$TMP/xdev-one")" "1 X/here/h"
	is "--xdev: ROOT's own file system, wherever ROOT is" \
		"$(cat "$TMP/xdev-root")" "1 X/mnt/other"
fi

# --- archives: the same rules on entry paths -----------------------------

A=${TESTDATA:-${srcdir:-$(dirname "$0")/..}/testdata}/archives
if A=$(cd "$A" 2>/dev/null && pwd) && [ -f "$A/tree-ustar.tar" ]; then
	# The directory run on src with the same options, renamed, is what
	# each archive must print (sorted: archive order differs).
	arc_case() {
		desc=$1
		shift
		(cd "$A" && "$FSTAT_PAR" -lc --total=never src "$@") 2>&1 |
			sed 's| src/| ARC/|' | LC_ALL=C sort >"$TMP/want"
		for arc in tree-ustar.tar tree.zip tree-odc.cpio.gz; do
			(cd "$A" && "$FSTAT_PAR" -lc --total=never "$arc" "$@") 2>&1 |
				sed "s| $arc/| ARC/|" | LC_ALL=C sort >"$TMP/got"
			if ! cmp -s "$TMP/got" "$TMP/want"; then
				not_ok "$desc ($arc)" \
					"got:      $(tr '\n' ' ' <"$TMP/got")" \
					"expected: $(tr '\n' ' ' <"$TMP/want")"
				return
			fi
		done
		ok "$desc"
	}
	arc_case "archive: -x on an entry's directory" -x dir
	arc_case "archive: -x 'sub/' on a deeper directory" -x 'sub/'
	arc_case "archive: -x on a file" -x '*.md'
	arc_case "archive: --regex" --regex '^d.*\.(md|txt)$'
	arc_case "archive: --exclude-regex" --exclude-regex ' '
	arc_case "archive: --max-depth=1" --max-depth=1
	arc_case "archive: --max-depth=2" --max-depth=2
	arc_case "archive: --max-depth=0" --max-depth=0
	arc_case "archive: 'docs/' selects the files below docs" 'docs/'

	run "$FSTAT_PAR" -l --max-depth=1 -x 'R*' "$A/top.a"
	sed "s|^ *||" "$TMP/out" | cut -d' ' -f2- >"$TMP/got"
	printf '%s\n' "$A/top.a/binary.dat" "$A/top.a/empty" "$A/top.a/hello.c" total >"$TMP/want"
	is "archive without directories: depth 1, -x on names" \
		"$(cat "$TMP/got")" "$(cat "$TMP/want")"
else
	skip "archives" "no test archives in $A"
fi

done_testing
