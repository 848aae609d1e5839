#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Out of memory: with an allocator that fails (an LD_PRELOAD shim built
# here), every run ends with its normal output, or with exit status 1 or
# 2 and messages of ours, never with a crash and never with debris in
# /dev/shm.  Each run fails one allocation, the Nth, or every one from
# the Nth on, for every N up to the run's last allocation, in the main
# process and in the workers alike.
#
# Archives are left out: libarchive ends the process itself when memory
# runs out inside it ("Fatal Internal Error in libarchive", exit 1), and
# 3.6.2 (Debian 12) can even crash while it opens one; the man page says
# so (ARCHIVES).
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

cd "$TMP" || exit 99
# Loading another locale allocates, and failing that is no error (wc
# falls back to C as well): keep the locale out of the way.
LC_ALL=C
export LC_ALL

# A sanitizer's or valgrind's allocator would stand in the way.
if instrumented; then
	skip "out of memory" "instrumented build"
	done_testing
	exit 0
fi

cat >oom.c <<'X'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

/* glibc's own entry points: no dlsym(), which allocates. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static long count, at = -2;
static int from;

/* Whether this allocation fails: OOM_AT=N (the Nth), OOM_FROM set (and
 * every one after it); OOM_MARK names a file created when one does. */
static int fail(void)
{
	if (at == -2) {
		const char *v = getenv("OOM_AT");

		at = v ? atol(v) : -1;
		from = getenv("OOM_FROM") != NULL;
	}
	if (at < 0 || !(from ? ++count >= at : ++count == at))
		return 0;
	if (getenv("OOM_MARK"))
		close(open(getenv("OOM_MARK"), O_WRONLY | O_CREAT, 0600));
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n) { return fail() ? NULL : __libc_malloc(n); }
void *calloc(size_t a, size_t b) { return fail() ? NULL : __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { return fail() ? NULL : __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { return fail() ? NULL : __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { return memalign(a, n); }
void *valloc(size_t n) { return memalign(4096, n); }
void *reallocarray(void *p, size_t a, size_t b)
{
	if (b && a > (size_t)-1 / b) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, a * b);
}
int posix_memalign(void **p, size_t a, size_t n)
{
	void *q = memalign(a, n);

	if (!q)
		return ENOMEM;
	*p = q;
	return 0;
}
X
if ! ${CC:-cc} -shared -fPIC -o oom.so oom.c 2>cc.err; then
	skip "out of memory" "no C compiler (${CC:-cc})"
	done_testing
	exit 0
fi

mkdir -p T/a T/b
printf 'a b\nc TODO\n' >T/a/x.c
printf 'zz\n' >T/b/y.h
printf 'q\nTODO\n' >T/c
printf 'T/a/x.c\0T/c\0-\0' >list
printf 'from stdin\n' >stdin.txt
"$FSTAT_PAR" --format=jsonl --shard=1/2 T >s1.jsonl
"$FSTAT_PAR" --format=jsonl --shard=2/2 T >s2.jsonl

shm_count() {
	ls /dev/shm 2>/dev/null | grep -c '^fstat-par' || true
}
shm_before=$(shm_count)

# sweep MODE ARGS: fail allocation N (MODE "one") or all from N ("from")
# for N = 1, 2, ... until a run makes no allocation fail; check each.
sweep() {
	mode=$1
	shift
	"$FSTAT_PAR" "$@" <stdin.txt >ref 2>/dev/null
	n=1
	bad=
	runs=0
	while [ $n -le 5000 ]; do
		rm -f mark
		if [ "$mode" = from ]; then
			OOM_FROM=1
			export OOM_FROM
		else
			unset OOM_FROM
		fi
		OOM_AT=$n OOM_MARK=$TMP/mark LD_PRELOAD=$TMP/oom.so \
			"$FSTAT_PAR" "$@" <stdin.txt >out 2>err
		st=$?
		unset OOM_FROM
		[ -e mark ] || break
		runs=$((runs + 1))
		if [ $st -gt 2 ]; then
			bad="$bad n=$n:status=$st"
		elif [ $st -eq 0 ] && ! cmp -s out ref; then
			bad="$bad n=$n:output"
		elif [ $st -ne 0 ] && { [ ! -s err ] ||
		     grep -v -q -e '^fstat-par: ' \
			-e "^Try 'fstat-par --help' for more information.\$" \
			err; }; then
			bad="$bad n=$n:message"
		fi
		n=$((n + 1))
	done
	is "allocation $mode N fails, for each of $runs: $*" "${bad:-none}" none
}

for mode in one from; do
	sweep $mode -j 2 T
	sweep $mode -j 2 --format=jsonl --summary --count-matches=TODO -L T
	sweep $mode -j 2 --files0-from=list
	sweep $mode -j 1 --format=csv --shard=2/3 T '*.c' '*.h'
	sweep $mode --merge --format=json s1.jsonl s2.jsonl
done
is "nothing left in /dev/shm" "$(shm_count)" "$shm_before"

done_testing
