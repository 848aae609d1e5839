#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# README's four shards under GNU parallel, the commands taken from README
# itself and run as written there (on a tree made here): the merge of the
# shards prints exactly what one run prints, in every --format.  A shard
# that fails, is killed half way, or never writes its file makes the
# merge name it and exit 2, whatever parallel's exit status.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "${TESTLIB:-$0}")/engines-lib.sh"

cd "$TMP" || exit 99

if ! command -v parallel >/dev/null 2>&1; then
	skip "README's GNU parallel example" "GNU parallel is not installed"
	done_testing
fi
# moreutils has a parallel too, with other options.
if ! parallel --version </dev/null 2>/dev/null | grep -q '^GNU parallel'; then
	skip "README's GNU parallel example" \
		"the parallel installed is not GNU parallel"
	done_testing
fi
# parallel's own state (and options a user may have set) stay out.
PARALLEL_HOME=$TMP/parallel-home
export PARALLEL_HOME
unset PARALLEL

# README's block: the parallel line, then the merge.
readme_block '^    parallel "fstat-par ' >block
par_line=$(sed -n 1p block)
merge_line=$(sed -n 2p block)
# ROOT and GLOB of the command parallel runs, to make the tree there.
root=$(printf '%s\n' "$par_line" |
	sed -n "s/.* --format=jsonl \([^ ']*\) '\([^']*\)' >shard{}\.jsonl\" ::: 1 2 3 4\$/\1/p")
glob=$(printf '%s\n' "$par_line" |
	sed -n "s/.* --format=jsonl \([^ ']*\) '\([^']*\)' >shard{}\.jsonl\" ::: 1 2 3 4\$/\2/p")
case $par_line in
*--shard={}/4*) shape=yes ;;
*) shape=no ;;
esac
if [ "$shape" = yes ] && [ -n "$root" ] && [ -n "$glob" ] &&
   [ "$merge_line" = "fstat-par --merge shard1.jsonl shard2.jsonl shard3.jsonl shard4.jsonl" ]; then
	ok "README's parallel example found: $root '$glob', 4 shards"
else
	not_ok "README's parallel example found" \
		"the block in README: $(tr '\n' '|' <block)" \
		"expected a parallel line with --shard={}/4 --format=jsonl ROOT 'GLOB' >shard{}.jsonl ::: 1 2 3 4," \
		"then fstat-par --merge shard1.jsonl ... shard4.jsonl"
	done_testing
fi

mkdir w || exit 99
cd w || exit 99
make_src_tree "$root"
put_on_path
saved_path=$PATH

# As written: nothing on the terminal, every shard's output in its file.
: >"$TMP/exp_out"
: >"$TMP/exp_err"
run sh -c "$par_line"
check "README's parallel line runs the four shards" 0
for k in 1 2 3 4; do
	is "shard$k.jsonl is shard $k/4 and counted some files" \
		"$(head -n 1 shard$k.jsonl | grep -o '"shard": "[^"]*"'):$(
		   grep -c '"type": "file"' shard$k.jsonl | sed 's/^[1-9][0-9]*$/some/')" \
		"\"shard\": \"$k/4\":some"
done

"$FSTAT_PAR" "$root" "$glob" >"$TMP/exp_out" || exit 99
: >"$TMP/exp_err"
run sh -c "$merge_line"
check "README's merge line prints one run's output" 0
compare_merge "parallel" "$root" "$glob" \
	shard1.jsonl shard2.jsonl shard3.jsonl shard4.jsonl

# A shard that fails: parallel says so, and so does the merge.
rm -f shard*.jsonl
faulty_on_path 3 4 fail
run sh -c "$par_line"
is "a shard that fails: parallel exits 1" "$status" 1
: >"$TMP/exp_out"
echo "fstat-par: shard3.jsonl: empty: not the output of fstat-par --format=jsonl" >"$TMP/exp_err"
run sh -c "$merge_line"
check "a shard that fails: the merge names it, exit 2" 2
PATH=$saved_path

# A shard killed half way through its output.
rm -f shard*.jsonl
faulty_on_path 3 4 cut
run sh -c "$par_line"
is "a shard killed half way: parallel exits 1" "$status" 1
rows=$(grep -c '"type": "file"' shard3.jsonl)
counted=$(sed -n '1s/.*"inputs": \([0-9]*\),.*/\1/p' shard3.jsonl)
: >"$TMP/exp_out"
echo "fstat-par: shard3.jsonl: $rows file records, but its run counted $counted files with 0 errors: the file is cut short or damaged" >"$TMP/exp_err"
run sh -c "$merge_line"
check "a shard killed half way: the merge names it, exit 2" 2
PATH=$saved_path

# A shard that never writes its file: its redirection fails (the name
# leads nowhere), so fstat-par never starts.
rm -f shard*.jsonl
ln -s nowhere/shard3.jsonl shard3.jsonl || exit 99
run sh -c "$par_line"
is "a shard that cannot write its file: parallel exits 1" "$status" 1
: >"$TMP/exp_out"
echo "fstat-par: shard3.jsonl: No such file or directory" >"$TMP/exp_err"
run sh -c "$merge_line"
check "a shard that never wrote its file: the merge names it, exit 2" 2
rm -f shard3.jsonl
: >"$TMP/exp_out"
echo "fstat-par: shard 3/4 is missing" >"$TMP/exp_err"
run sh -c 'fstat-par --merge shard*.jsonl'
check "a shard that never wrote its file: merged by a glob, exit 2" 2

done_testing
