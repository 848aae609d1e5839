# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=sh
# tests/refwc.sh - the reference GNU wc for compare-wc.sh and wc-diff.sh.
# Source it, then:
#
#   refwc_find WC TOP DIR   set $refwc to the wc to compare with: WC if it
#                           is not empty, else GNU wc 9.11 unpacked into
#                           DIR from ../shared/tools/wc-9.11.gz beside the
#                           source tree TOP (CI has shared/ next to the
#                           clone); return 1, with the reason in
#                           $refwc_why, when there is none or it is not
#                           GNU wc 9.11 or later
#   refwc_env MODE          the environment of a counting mode, as env(1)
#                           arguments: bytes (LC_ALL=C), bytes-posix (and
#                           POSIXLY_CORRECT=1), utf8 (LC_ALL=C.UTF-8) and
#                           utf8-posix
#
# Sourcing it unsets POSIXLY_CORRECT, which only refwc_env's modes set.
#
# The four modes are count.h's, named as count_mode_name() names them.  An
# older wc is refused: 9.5 to 9.10 count UTF-8 forms above U+10FFFF as
# characters, and before 9.5 words skip non-printable bytes.

# The callers read refwc_modes, refwc_why and refwc_version.
# shellcheck disable=SC2034
refwc_modes="bytes bytes-posix utf8 utf8-posix"
unset POSIXLY_CORRECT

# shellcheck disable=SC2034
refwc_find() {
	refwc=$1
	refwc_why=
	if [ -z "$refwc" ]; then
		gz=$2/../shared/tools/wc-9.11.gz
		if [ ! -f "$gz" ]; then
			refwc_why="no GNU wc 9.11 to compare with: $gz not found"
			return 1
		fi
		refwc=$3/wc-9.11
		if ! gzip -dc "$gz" >"$refwc" || ! chmod +x "$refwc"; then
			refwc_why="cannot unpack $gz"
			return 1
		fi
	fi
	refwc_version=$("$refwc" --version 2>/dev/null |
		sed -n '1s/^wc (GNU coreutils) //p')
	case $refwc_version in
	'')
		refwc_why="$refwc is not GNU wc"
		return 1 ;;
	[0-8].* | 9.[0-9] | 9.[0-9][!0-9]* | 9.10 | 9.10[!0-9]*)
		refwc_why="$refwc is GNU wc $refwc_version; need 9.11 or later"
		return 1 ;;
	esac
	if [ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" != UTF-8 ]; then
		refwc_why="the C.UTF-8 locale is not available"
		return 1
	fi
	return 0
}

refwc_env() {
	case $1 in
	bytes) echo "LC_ALL=C" ;;
	bytes-posix) echo "LC_ALL=C POSIXLY_CORRECT=1" ;;
	utf8) echo "LC_ALL=C.UTF-8" ;;
	utf8-posix) echo "LC_ALL=C.UTF-8 POSIXLY_CORRECT=1" ;;
	esac
}
