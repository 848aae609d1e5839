# SPDX-License-Identifier: BSD-2-Clause
# tests/engines-lib.sh - what the tests of README's sharding examples share
# (tests/cli-parallel.sh, cli-slurm.sh, cli-kubernetes.sh).  Source it
# after lib.sh, from inside $TMP:
#
#   readme_block RE      print the README code block whose first line
#                        matches the extended regex RE, unindented (the
#                        first such block; nothing when there is none)
#   make_src_tree DIR    a tree of C files and others, with awkward names
#   put_on_path          make "fstat-par" run $FSTAT_PAR: README's
#                        commands name it so (the bin dir goes first in
#                        PATH, exported: the engines' jobs inherit it)
#   faulty_on_path K N HOW
#                        the same, but the run of --shard=K/N fails:
#                        HOW is "fail" (status 1, no output) or "cut"
#                        (killed after two lines of its output)
#   diag TITLE           TAP diagnostics: TITLE, then standard input
#                        indented (after a not_ok, to show a log)
#   compare_merge DESC ROOT GLOB FILE...
#                        --merge of FILE... equals one plain run of
#                        ROOT GLOB, in every --format (one TAP line each)

top=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
readme=$top/README

readme_block() {
	awk -v re="$1" '
		!found && $0 ~ re { found = 1; inblock = 1 }
		inblock && !/^    / { inblock = 0 }
		inblock { print substr($0, 5) }
	' "$readme"
}

make_src_tree() {
	mkdir -p "$1/a/b" "$1/c" "$1/with space" "$1/dir.c" || exit 99
	i=0
	while [ $i -lt 80 ]; do
		printf 'int f%d(void)\n{\n\treturn %d;\n}\n' $i $i >"$1/a/f$i.c"
		printf '#define G%d %d\n' $i $i >"$1/a/b/g$i.h"
		printf '/* %d */\n' $i >"$1/a/b/g$i.c"
		i=$((i + 1))
	done
	: >"$1/c/empty.c"
	printf 'no newline at the end' >"$1/c/last.c"
	printf '\342\202\254 caf\351 \377\n' >"$1/c/bytes.c"
	printf 'x\n' >"$1/with space/one.c"
	printf 'y\n' >"$1/c/new
line.c"
	printf 'z\n' >"$(printf '%s/c/caf\351.c' "$1")"
	printf 'in a directory named like a C file\n' >"$1/dir.c/in.c"
	printf 'not C\n' >"$1/c/notes.txt"
}

put_on_path() {
	mkdir -p "$TMP/bin" || exit 99
	ln -sf "$FSTAT_PAR" "$TMP/bin/fstat-par" || exit 99
	PATH=$TMP/bin:$PATH
	export PATH
}

faulty_on_path() {
	mkdir -p "$TMP/faulty" || exit 99
	case $3 in
	fail)	how='echo "fstat-par: made to fail by the test" >&2; exit 1' ;;
	cut)	how='"$FSTAT_PAR" "$@" | head -n 2; kill -KILL $$' ;;
	*)	exit 99 ;;
	esac
	{
		echo '#!/bin/sh'
		echo "# fstat-par, but the run of --shard=$1/$2 fails ($3)."
		echo 'for arg; do'
		echo "	if [ \"\$arg\" = \"--shard=$1/$2\" ]; then"
		echo "		$how"
		echo '	fi'
		echo 'done'
		echo 'exec "$FSTAT_PAR" "$@"'
	} >"$TMP/faulty/fstat-par" || exit 99
	chmod +x "$TMP/faulty/fstat-par" || exit 99
	PATH=$TMP/faulty:$PATH
	export PATH FSTAT_PAR
}

diag() {
	printf '#   %s\n' "$1"
	sed 's/^/#     /'
}

compare_merge() {
	cm_desc=$1
	cm_root=$2
	cm_glob=$3
	shift 3
	for fmt in text tsv csv json jsonl; do
		"$FSTAT_PAR" --format=$fmt "$cm_root" "$cm_glob" >"$TMP/exp_out" ||
			exit 99
		: >"$TMP/exp_err"
		run "$FSTAT_PAR" --merge --format=$fmt "$@"
		check "$cm_desc: merged as one run: $fmt" 0
	done
}
