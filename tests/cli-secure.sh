#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The test hooks (tests/README) are out of reach of a privileged run.  A
# copy of the binary made set-user-ID, set-group-ID or given a file
# capability runs, for an unprivileged user, with AT_SECURE in its
# auxiliary vector: there FSTAT_PAR_FAULT must not make a worker crash,
# while the same environment, the same user and a plain copy do.
# Needs root (to make the copies and drop to another user) and setpriv;
# each kind is skipped, saying why, where the kernel does not grant it
# (a nosuid mount under $TMPDIR, no_new_privs, a capability bounding set
# without the capability).
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
chmod 755 "$TMP"

kinds="setuid setgid setcap"
skip_all() {
	for kind in $kinds; do
		skip "$kind copy: FSTAT_PAR_FAULT ignored" "$1"
	done
	done_testing
}
if under_valgrind; then
	skip_all "valgrind cannot run a set-ID program"
elif [ "$(id -u)" -ne 0 ]; then
	skip_all "needs root to make set-ID copies and run them as another user"
elif ! command -v setpriv >/dev/null 2>&1; then
	skip_all "needs setpriv to run the copies as another user"
fi

# A user and group of their own, not nobody: the copies belong to 65534.
as_user="setpriv --reuid=64997 --regid=64997 --clear-groups"
fault=crash:a

mkdir D bin || exit 99
printf 'one two\n' >D/a
printf 'three\n' >D/b
chmod -R a+rX D bin
ref=' 1  2  8 D/a
 1  1  6 D/b
 2  3 14 total'

# The same bytes, run without privilege by the same user: the fault fires.
cp "$FSTAT_PAR" bin/plain || exit 99
chmod 755 bin/plain
# shellcheck disable=SC2086
run env FSTAT_PAR_FAULT=$fault $as_user ./bin/plain -j 1 D
printf 'fstat-par: D/a: worker killed by signal 11\n' >"$TMP/exp_err"
printf '1 1 6 D/b\n1 1 6 total\n' >"$TMP/exp_out"
check "plain copy, unprivileged: FSTAT_PAR_FAULT=$fault fires" 1

# privilege KIND FILE: make FILE set-user-ID (to 65534), set-group-ID (to
# group 65534) or give it a harmless file capability.
privilege() {
	case $1 in
	setuid) chown 65534:65534 "$2" && chmod 4755 "$2" ;;
	setgid) chown 0:65534 "$2" && chmod 2755 "$2" ;;
	setcap) chmod 755 "$2" && setcap cap_net_bind_service=ep "$2" ;;
	esac
}

# raised PROBE: whether PROBE, a privileged copy of cat run by the user,
# gained privilege, from its own /proc/self/status (readable even when
# /proc/self/auxv is not): an effective user or group ID not the real
# one, or permitted capabilities.  Linux then sets AT_SECURE: that is its
# rule for a secure exec.
raised() {
	# shellcheck disable=SC2086
	$as_user "$1" /proc/self/status | awk '
		$1 == "Uid:" || $1 == "Gid:" { if ($2 != $3) r = 1 }
		$1 == "CapPrm:" { if ($2 !~ /^0+$/) r = 1 }
		END { exit !r }'
}

# Why the kernel would not raise privilege here, for a skip's reason.
why_not() {
	opts=$(findmnt -n -o OPTIONS -T "$TMP" 2>/dev/null)
	case ",$opts," in
	*,nosuid,*) echo "$TMP is on a nosuid mount"; return ;;
	esac
	if grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status 2>/dev/null; then
		echo "no_new_privs is set"
	else
		echo "the kernel did not set AT_SECURE for a $1 copy"
	fi
}

for kind in $kinds; do
	desc="$kind copy: FSTAT_PAR_FAULT ignored"
	if [ "$kind" = setcap ] && ! command -v setcap >/dev/null 2>&1; then
		skip "$desc" "no setcap here"
		continue
	fi
	for f in cat env fstat-par; do
		if [ $f = fstat-par ]; then src=$FSTAT_PAR; else src=$(command -v $f); fi
		cp "$src" "bin/$f-$kind" || exit 99
		if ! privilege "$kind" "bin/$f-$kind" 2>/dev/null; then
			skip "$desc" "cannot make a $kind copy in $TMP"
			continue 2
		fi
	done
	if ! raised "./bin/cat-$kind"; then
		skip "$desc" "$(why_not "$kind")"
		continue
	fi
	# The variable does reach a privileged process (the loader keeps
	# it): what ignores it is fstat-par itself.
	# shellcheck disable=SC2086
	seen=$(env FSTAT_PAR_FAULT=$fault $as_user "./bin/env-$kind" |
		grep -c "^FSTAT_PAR_FAULT=$fault\$")
	is "$kind copy: privileged, and FSTAT_PAR_FAULT reaches it" "$seen" 1
	# shellcheck disable=SC2086
	run env FSTAT_PAR_FAULT=$fault $as_user "./bin/fstat-par-$kind" -j 1 D
	echo "$ref" >"$TMP/exp_out"
	if ! instrumented; then
		: >"$TMP/exp_err"
		check "$desc: every file counted, exit 0" 0
		continue
	fi
	# A sanitizer build's LeakSanitizer fails at exit in a set-ID
	# process (it cannot stop its threads, and cannot read
	# ASAN_OPTIONS from /proc/self/environ to be told not to): the
	# counts, and no worker killed, are what is left to check.
	if cmp -s out exp_out && ! grep -q 'worker killed' err; then
		ok "$desc: every file counted, no worker killed"
	else
		not_ok "$desc: every file counted, no worker killed" \
			"status $status" "$(cat out err)"
	fi
	rm -f exp_out
done

done_testing
