#!/bin/sh
# What GNU wc 9.11 does where it does not read every byte, where a total
# overflows, how wide it makes the columns of standard input, and how it
# words the messages of --files0-from: a table of cases, each with the
# output, messages and exit status of wc 9.11 written in it.
#
# Each case is a shell command that runs $WC: fstat-par, and also GNU wc
# 9.11 when ../shared/tools/wc-9.11.gz is found beside the source tree
# (it is unpacked as "wc", whose messages start "wc: ", read here as
# "fstat-par: "), so the table is checked against the real thing; without
# it, those checks are skipped.  A case where fstat-par parts from 9.11
# on purpose gives both exit statuses (fstat-par/wc) or one row for each,
# with the reason.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
# The cases are ASCII, and the messages' quoting depends on the locale:
# one locale for both programs.
LC_ALL=C.UTF-8
[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || LC_ALL=C
export LC_ALL
unset POSIXLY_CORRECT

wcgz=${SRCDIR:-$(dirname "$0")/..}/../shared/tools/wc-9.11.gz
WC911=
if [ -f "$wcgz" ]; then
	mkdir wc911 && gzip -dc "$wcgz" >wc911/wc && chmod +x wc911/wc
	case $(wc911/wc --version 2>/dev/null | sed -n 1p) in
	'wc (GNU coreutils) 9.11'*) WC911=$TMP/wc911/wc ;;
	*) why911="$wcgz does not unpack to GNU wc 9.11" ;;
	esac
else
	why911="no GNU wc 9.11 at $wcgz"
fi

# t DESC STATUS CMD, the expected output on standard input: the lines of
# stdout, then a line "--stderr" and the lines of stderr.  CMD runs under
# sh -c in $TMP with $WC the program.  STATUS is the exit status of both,
# or FP/WC when they differ.  tfp: fstat-par only (9.11 has no such
# thing, or gives what the comment before it says); twc: 9.11 only,
# for a result fstat-par deliberately does not follow.
t_run() { # WHO DESC STATUS CMD PROG
	WC=$5 run sh -c "$4"
	sed -n '/^--stderr$/q;p' "$TMP/exp" >"$TMP/exp_out"
	sed -n '/^--stderr$/,$p' "$TMP/exp" | sed 1d >"$TMP/exp_err"
	if [ "$1" = wc ]; then
		sed 's/^wc: /fstat-par: /' "$TMP/err" >"$TMP/err.wc"
		mv "$TMP/err.wc" "$TMP/err"
	fi
	check "$2" "$3"
}
t_both() { # WHO DESC STATUS CMD
	cat >"$TMP/exp"
	case $1 in fp|both)
		t_run fp "$2" "${3%/*}" "$4" "$FSTAT_PAR" ;;
	esac
	case $1 in wc|both)
		if [ -n "$WC911" ]; then
			t_run wc "wc 9.11: $2" "${3#*/}" "$4" "$WC911"
		else
			skip "wc 9.11: $2" "$why911"
		fi ;;
	esac
}
t() { t_both both "$@"; }
tfp() { t_both fp "$@"; }
twc() { t_both wc "$@"; }

printf 'one\n' >a
printf 'two words\nand more\n' >b
printf 'from stdin\n' >in
: >empty
mkdir D 'my dir'
# 8 KiB on lines of 64 bytes: a size that is a multiple of the page.
awk 'BEGIN { for (i = 0; i < 128; i++) printf "%063d\n", i }' >p8k
# The same bytes one byte short, and an empty 64-bit offset test file.
head -c 8191 p8k >p8k-1

# Lists of names, NUL-separated.
list() { # FILE NAME...
	out=$1
	shift
	: >"$out"
	for n in "$@"; do
		printf '%s\0' "$n" >>"$out"
	done
}

# Files whose size says nothing: /proc says 0 and /sys 4096, and both
# are read.  /proc/kallsyms is read in pieces shorter than asked for.
for f in /proc/version /proc/kallsyms /sys/kernel/mm/transparent_hugepage/enabled \
	 /sys/devices/system/cpu/online; do
	if [ ! -r "$f" ] || ! cat "$f" >/dev/null 2>&1; then
		skip "-c of $f: as read" "no readable $f"
		continue
	fi
	want=$(cat "$f" | wc -c)
	is "-c of $f: as read" "$("$FSTAT_PAR" -c "$f")" "$want $f"
	want=$(cat "$f" | wc -l)
	is "-l of $f: as read" "$("$FSTAT_PAR" -l "$f")" "$want $f"
done

# ---------------------------------------------------------------------------
# 6. The messages of --files0-from, as 9.11 words them.  Names are quoted
# as wc quotes them in messages: when the shell would need it, and a
# colon too.

t "'-' in a list read from standard input" 1 \
	'printf "a\0-\0" | $WC --files0-from=-' <<'X'
1 1 4 a
1 1 4 total
--stderr
fstat-par: when reading file names from standard input, no file name of '-' allowed
X
t "'-', the only name of a list read from standard input" 1 \
	'printf -- - | $WC --files0-from=-' <<'X'
--stderr
fstat-par: when reading file names from standard input, no file name of '-' allowed
X
printf 'a\0\0b\0' >lz
t "a zero-length name: LIST:N" 1 '$WC --files0-from=lz' <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: lz:2: invalid zero-length file name
X
t "a zero-length name in a list from standard input" 1 \
	'cat lz | $WC --files0-from=-' <<'X'
1 1 4 a
2 4 19 b
3 5 23 total
--stderr
fstat-par: -:2: invalid zero-length file name
X
printf '\0' >lz1
t "a list of one zero-length name" 1 '$WC --files0-from=lz1' <<'X'
--stderr
fstat-par: lz1:1: invalid zero-length file name
X
cp lz 'l z'
t "a zero-length name: the list's name quoted" 1 "\$WC --files0-from='l z'" <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: 'l z':2: invalid zero-length file name
X
cp lz 'l:z'
t "a zero-length name: a colon in the list's name" 1 "\$WC --files0-from='l:z'" <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: 'l:z':2: invalid zero-length file name
X
cp lz 'l
z'
t "a zero-length name: a newline in the list's name" 1 "\$WC --files0-from='l
z'" <<'X'
 1  1  4 a
 2  4 19 b
 3  5 23 total
--stderr
fstat-par: 'l'$'\n''z':2: invalid zero-length file name
X
# A list that cannot be opened is fatal: wc exits 1, fstat-par 2, as for
# every fatal error (SPEC, Errors).
t "a missing list" 2/1 '$WC --files0-from=nope' <<'X'
--stderr
fstat-par: cannot open 'nope' for reading: No such file or directory
X
t "a missing list: a quote in its name" 2/1 "\$WC --files0-from=\"it's\"" <<'X'
--stderr
fstat-par: cannot open "it's" for reading: No such file or directory
X
t "a missing list: a tab in its name" 2/1 "\$WC --files0-from='a	b'" <<'X'
--stderr
fstat-par: cannot open 'a'$'\t''b' for reading: No such file or directory
X
if [ "$(id -u)" -ne 0 ]; then
	cp lz lu && chmod 0 lu
	t "an unreadable list" 2/1 '$WC --files0-from=lu' <<'X'
--stderr
fstat-par: cannot open 'lu' for reading: Permission denied
X
else
	skip "an unreadable list" "root reads everything"
fi
t "a list that is a directory" 1 '$WC --files0-from=D' <<'X'
--stderr
fstat-par: D: read error: Is a directory
X
t "a list that is a directory: its name quoted" 1 "\$WC --files0-from='my dir'" <<'X'
--stderr
fstat-par: 'my dir': read error: Is a directory
X
t "a list from a closed standard input" 1 '$WC --files0-from=- <&-' <<'X'
--stderr
fstat-par: -: read error: Bad file descriptor
X
list lq a 'no pe' "it's" 'a:b' 'x$y' 'new
line' "it's \$x" '#x' 'y#' '~' '{' 'a{b' 'q"q'
t "missing names, quoted as wc quotes them" 1 '$WC -c --files0-from=lq' <<'X'
4 a
4 total
--stderr
fstat-par: 'no pe': No such file or directory
fstat-par: "it's": No such file or directory
fstat-par: 'a:b': No such file or directory
fstat-par: 'x$y': No such file or directory
fstat-par: 'new'$'\n''line': No such file or directory
fstat-par: 'it'\''s $x': No such file or directory
fstat-par: '#x': No such file or directory
fstat-par: y#: No such file or directory
fstat-par: '~': No such file or directory
fstat-par: '{': No such file or directory
fstat-par: a{b: No such file or directory
fstat-par: 'q"q': No such file or directory
X

done_testing
