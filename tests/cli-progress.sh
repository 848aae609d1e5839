#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The progress line: on a terminal only (or with --progress), only after
# half a second, erased at the end and before every message, and never a
# byte of difference on stdout.
#
# A run is made slow with a --files0-from list fed through a pipe: one
# name, a pause longer than the delay, then 600 names.  The main loop takes
# at most 512 names a round and looks at the clock between rounds, so a
# round ends after the pause and the line is drawn.  The terminal is a
# pseudo-terminal made by script(1) (util-linux); without it those tests
# are skipped.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
mkdir T
printf 'a\nb\n' >T/a.txt
printf 'x y z\n' >T/b.txt
esc=$(printf '\033')
cr=$(printf '\r')
erase="$cr${esc}[K"

i=0
: >names
while [ "$i" -lt 600 ]; do
	printf 'T/b.txt\0' >>names
	i=$((i + 1))
done
# Under valgrind (make check-valgrind) the binary takes about a second
# to start, longer on a busy machine: a pause that long could be over
# before it reads the first name, so there it is longer.
PAUSE=1
under_valgrind && PAUSE=4
export PAUSE
cat >slow.sh <<'X'
#!/bin/sh
# slow.sh [NAME]: a list with a pause; NAME, if given, near its end.
printf 'T/a.txt\0'
sleep "$PAUSE"
cat names
[ $# -gt 0 ] && printf '%s\0' "$1"
printf 'T/a.txt\0'
X
chmod +x slow.sh

# The same lists without the pause: what stdout must be.
{ printf 'T/a.txt\0'; cat names; printf 'T/a.txt\0'; } >fast
{ printf 'T/a.txt\0'; cat names; printf 'T/nosuch\0T/a.txt\0'; } >fast-err
# (Through a pipe: a list in a regular file pads the columns, as wc.)
cat fast | "$FSTAT_PAR" --files0-from=- >want 2>/dev/null
cat fast-err | "$FSTAT_PAR" --files0-from=- >want-err 2>/dev/null

# Off a terminal: never a byte on stderr, however long the run.
./slow.sh | "$FSTAT_PAR" --files0-from=- >out 2>err
status=$?
cp want exp_out
: >exp_err
check "stderr not a terminal: no progress output on a slow run" 0

# --progress forces the line, even into a file; the format.  The name
# (the newest file in flight) is missing from a line drawn while none is.
./slow.sh | COLUMNS=200 "$FSTAT_PAR" --progress --files0-from=- >out 2>err
status=$?
cp want exp_out
check "--progress: stdout unchanged" 0
if [ "$(head -c 1 err)" = "$cr" ] &&
   [ "$(tail -c 4 err)" = "$erase" ] &&
   tr '\r' '\n' <err | grep -q \
	"^[0-9][0-9]* files\{0,1\}, [0-9.]* [KMG]\{0,1\}i\{0,1\}B, [0-9.]* [KMG]\{0,1\}i\{0,1\}B/s\(  T/\)\{0,1\}${esc}\[K\$" &&
   ! tr '\r' '\n' <err | grep "^[0-9]* files\{0,1\}, .*  " |
     grep -vq "  T/${esc}\[K\$"; then
	ok "--progress: \\r, figures, directory, erase to end of line; erased at the end"
else
	not_ok "--progress: \\r, figures, directory, erase to end of line; erased at the end"
	show err
fi
if [ "$(wc -l <err)" -ne 0 ]; then
	not_ok "--progress: no newline ever"
	show err
else
	ok "--progress: no newline ever"
fi

# The width: COLUMNS when stderr is not a terminal, one column spare.
./slow.sh | COLUMNS=20 "$FSTAT_PAR" --progress --files0-from=- >out 2>err
long=$(tr '\r' '\n' <err | sed "s/${esc}\\[K//" | awk 'length > 19')
if [ -z "$long" ] && tr '\r' '\n' <err | grep -q '^[0-9]* file'; then
	ok "--progress: the line fits in COLUMNS - 1"
else
	not_ok "--progress: the line fits in COLUMNS - 1" "$long"
	show err
fi

# Of --progress and --no-progress, the last one counts.
./slow.sh | "$FSTAT_PAR" --progress --no-progress --files0-from=- >out 2>err
status=$?
cp want exp_out
: >exp_err
check "--progress --no-progress: the last one wins" 0

# An archive on standard input, fed slowly: the line counts its entries
# (even when drawn while no entry is in flight, which once said "files"
# under a slow sanitizer build) and shows an entry's whole name when it
# shows one.
if command -v tar >/dev/null 2>&1; then
	mkdir A
	i=0
	while [ "$i" -lt 300 ]; do
		printf 'line %d\n' "$i" >"A/f$i.txt"
		i=$((i + 1))
	done
	tar -cf a.tar A 2>/dev/null
	{ head -c 20480 a.tar; sleep "$PAUSE"; tail -c +20481 a.tar; } |
		"$FSTAT_PAR" --progress - >out 2>err
	status=$?
	"$FSTAT_PAR" - <a.tar >exp_out
	check "--progress, archive: stdout unchanged" 0
	if tr '\r' '\n' <err | grep -q "^[0-9]* entr[a-z]*, " &&
	   ! tr '\r' '\n' <err | grep -q "^[0-9]* files*, " &&
	   ! tr '\r' '\n' <err | grep "^[0-9]* entr[a-z]*, .*  " |
	     grep -vq "  -/A/f[0-9]*\.txt${esc}\[K\$"; then
		ok "--progress, archive: entries and the entry's name"
	else
		not_ok "--progress, archive: entries and the entry's name"
		show err
	fi
else
	skip "--progress, archive: stdout unchanged" "no tar here"
	skip "--progress, archive: entries and the entry's name" "no tar here"
fi

# In a pseudo-terminal: script -q (quiet) -e (its status is the
# command's) -f (flush) -c CMD; the capture is what reached the terminal.
in_pty() {
	SHELL=/bin/sh TERM=xterm COLUMNS=100 \
		script -qefc "$1" /dev/null </dev/null >cap 2>&1
	status=$?
}

have_pty=
if command -v script >/dev/null 2>&1; then
	in_pty 'echo ok >&2'
	[ "$status" -eq 0 ] && grep -q ok cap && have_pty=yes
fi

if [ -z "$have_pty" ]; then
	for d in "terminal: the line on a slow run, erased at the end" \
		 "terminal: stdout unchanged" \
		 "terminal: --no-progress shows nothing" \
		 "terminal: a short run shows nothing" \
		 "terminal: TERM=dumb shows nothing" \
		 "terminal: an error erases the line and stands on its own line" \
		 "terminal: after the error only the line, erased at the end" \
		 "terminal: stdout unchanged with an error"; do
		skip "$d" "no script(1) here"
	done
	done_testing
fi

# The line names the newest file in flight; drawn at a moment when none
# is (a busy machine, a sanitizer build) it has no name, which is fine.
in_pty "./slow.sh | '$FSTAT_PAR' --files0-from=- >out"
if [ "$status" -eq 0 ] && grep -q "^${cr}[0-9]* files\{0,1\}, " cap &&
   ! tr '\r' '\n' <cap | grep "^[0-9]* files\{0,1\}, .*  " |
     grep -vq "  T/${esc}\\[K" &&
   [ "$(tail -c 4 cap)" = "$erase" ]; then
	ok "terminal: the line on a slow run, erased at the end"
else
	not_ok "terminal: the line on a slow run, erased at the end" \
		"status $status"
	show cap
fi
if cmp -s out want; then
	ok "terminal: stdout unchanged"
else
	not_ok "terminal: stdout unchanged"
fi

in_pty "./slow.sh | '$FSTAT_PAR' --no-progress --files0-from=- >out"
if [ "$status" -eq 0 ] && [ ! -s cap ] && cmp -s out want; then
	ok "terminal: --no-progress shows nothing"
else
	not_ok "terminal: --no-progress shows nothing" "status $status"
	show cap
fi

in_pty "'$FSTAT_PAR' -j1 T >out"
if [ "$status" -eq 0 ] && [ ! -s cap ]; then
	ok "terminal: a short run shows nothing"
else
	not_ok "terminal: a short run shows nothing" "status $status"
	show cap
fi

# A dumb terminal would print the escape sequences literally.
in_pty "./slow.sh | TERM=dumb '$FSTAT_PAR' --files0-from=- >out"
if [ "$status" -eq 0 ] && [ ! -s cap ]; then
	ok "terminal: TERM=dumb shows nothing"
else
	not_ok "terminal: TERM=dumb shows nothing" "status $status"
	show cap
fi

# An error after the line is shown: the line is erased first, so the
# message starts its own line; the line comes back and is erased again.
in_pty "./slow.sh T/nosuch | '$FSTAT_PAR' --files0-from=- >out"
msg="fstat-par: T/nosuch: No such file or directory"
if [ "$status" -eq 1 ] && grep -q "[0-9] files\{0,1\}, " cap &&
   grep -q "${cr}${esc}\\[K$msg${cr}\$" cap; then
	ok "terminal: an error erases the line and stands on its own line"
else
	not_ok "terminal: an error erases the line and stands on its own line" \
		"status $status"
	show cap
fi
# After the message (and its "\r\n" from the terminal driver), nothing
# but redraws and erasures; if the line came back, it is erased at the end.
after=$(awk -v m="$msg" 'f { print } i = index($0, m) {
		f = 1; print substr($0, i + length(m)) }' cap | tr '\r' '\n')
rest=$(printf '%s\n' "$after" | grep -v "^\$" | grep -v "^${esc}\\[K\$" |
	grep -v "^[0-9]* files\{0,1\}, .*${esc}\\[K\$")
if [ -z "$rest" ] &&
   { [ "$(tail -c 4 cap)" = "$erase" ] ||
     ! printf '%s\n' "$after" | grep -q "^[0-9]"; }; then
	ok "terminal: after the error only the line, erased at the end"
else
	not_ok "terminal: after the error only the line, erased at the end" \
		"$rest"
	show cap
fi
if cmp -s out want-err; then
	ok "terminal: stdout unchanged with an error"
else
	not_ok "terminal: stdout unchanged with an error"
fi

done_testing
