#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The bash completion (completion/fstat-par): options, the values of
# --format and --total, file names; and it knows every option of --help.
# Each case sources the script in a fresh bash and calls its function as
# bash would, with COMP_WORDS and COMP_CWORD set.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

top=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
script=$top/completion/fstat-par
cd "$TMP" || exit 99

if ! command -v bash >/dev/null 2>&1; then
	skip "completion" "no bash here"
	done_testing
fi

# complete WORD...: the completions for the command line WORD... (the
# last word is the one under the cursor), one a line, sorted.
complete_words() {
	bash -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_fstat_par
		printf "%s\n" "${COMPREPLY[@]}"' sh "$script" "$@" |
		grep -v '^$' | LC_ALL=C sort | tr '\n' ' '
}

is "completion: registered for fstat-par" \
	"$(bash -c '. "$1"; complete -p fstat-par' sh "$script")" \
	"complete -F _fstat_par fstat-par"
is "completion: --for" "$(complete_words fstat-par --for)" "--format= "
# Bash splits "--format=" at the '=' (COMP_WORDBREAKS): the word under the
# cursor is "=" right after it, then what follows.
is "completion: --format =" "$(complete_words fstat-par --format =)" \
	"csv json jsonl text tsv "
is "completion: --format = js" "$(complete_words fstat-par -l --format = js)" \
	"json jsonl "
is "completion: --format= as one word" \
	"$(complete_words fstat-par --format=t)" "--format=text --format=tsv "
is "completion: --format js (separate argument)" \
	"$(complete_words fstat-par --format js)" "json jsonl "
is "completion: --total =" "$(complete_words fstat-par --total =)" \
	"always auto never only "
case " $(complete_words fstat-par -) " in
*" --jobs= "*" -j "*) ok "completion: - offers -j and the long options" ;;
*) not_ok "completion: - offers -j and the long options" \
	"$(complete_words fstat-par -)" ;;
esac
is "completion: -j takes a number: nothing offered" \
	"$(complete_words fstat-par -j '')" ""

mkdir -p dir/sub
: >list0
: >'l st1'
is "completion: --files0-from = completes files" \
	"$(complete_words fstat-par --files0-from = l)" "l st1 list0 "
is "completion: ROOT completes directories and files" \
	"$(complete_words fstat-par -l d)" "dir "
is "completion: after --, operands only" \
	"$(complete_words fstat-par -- -)" ""

# Against --help: every long option, with '=' when it takes an argument,
# and every short one.
"$FSTAT_PAR" --help >help
grep -E '^ {2,6}-' help | sed -E 's/^ +//; s/  .*//; s/=.*/=/' |
	tr ', ' '\n\n' | grep -- '^--' | LC_ALL=C sort >help-long
complete_words fstat-par - | tr ' ' '\n' | grep -- '^--' |
	LC_ALL=C sort >comp-long
missing=$(LC_ALL=C comm -23 help-long comp-long | tr '\n' ' ')
if [ "$(wc -l <help-long)" -ge 20 ] && [ -z "$missing" ]; then
	ok "completion: every long option of --help ($(wc -l <help-long))"
else
	not_ok "completion: every long option of --help" "missing: $missing"
fi
grep -E '^ {2,6}-[^-]' help | sed -E 's/^ +(-.),.*/\1/' |
	LC_ALL=C sort >help-short
complete_words fstat-par - | tr ' ' '\n' | grep -E -- '^-[^-]' |
	LC_ALL=C sort >comp-short
missing=$(LC_ALL=C comm -23 help-short comp-short | tr '\n' ' ')
if [ "$(wc -l <help-short)" -ge 5 ] && [ -z "$missing" ]; then
	ok "completion: every short option of --help ($(wc -l <help-short))"
else
	not_ok "completion: every short option of --help" "missing: $missing"
fi
# And the other way: nothing offered that --help does not list.
extra=$(LC_ALL=C comm -13 help-long comp-long | tr '\n' ' ')
is "completion: no long option that --help lacks" "$extra" ""
extra=$(LC_ALL=C comm -13 help-short comp-short | tr '\n' ' ')
is "completion: no short option that --help lacks" "$extra" ""
is "completion: --he" "$(complete_words fstat-par --he)" "--help "
is "completion: --ver" "$(complete_words fstat-par -l --ver)" "--version "

done_testing
