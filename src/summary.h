/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * summary.h - counts grouped by file extension (--summary).
 *
 * summary_add() files each counted file under the extension of its name
 * and adds its counts to that group (sums that saturate, and the larger
 * max line length, as total_add() does), and counts the files of the
 * group.
 *
 * The extension of a name is what follows the last '.' of its base name
 * (the part after the last '/'), when that dot is neither the first nor
 * the last byte of the base name: "a.tar.gz" has "gz", while ".bashrc",
 * "Makefile" and "notes." have none.  Extensions are bytes, compared as
 * they are: case matters, and any encoding is taken as it comes.
 *
 * Each group has a key, a string without NUL: ".EXT" (the extension with
 * its dot), or one of the labels SUMMARY_NONE and SUMMARY_OTHER.  A real
 * extension always starts with '.' and a label never does, so the two
 * cannot be confused in any output format.
 *
 * Memory is bounded whatever the number of files: at most SUMMARY_MAX_EXTS
 * extensions, each of at most SUMMARY_EXT_MAX bytes, have their own group.
 * A longer extension, or a new one once the table is full, is counted in
 * the SUMMARY_OTHER group.  The walk order is deterministic, so which
 * extensions end up there does not depend on --jobs.  The table (about
 * 100 KiB) is allocated by the first summary_add().
 *
 * summary_sort() orders the groups for printing: by the first count that
 * WANT selects, in the order lines, words, chars, bytes, max line length,
 * matches (so by lines with the default columns), largest first, then by
 * key in byte order.  After it, summary_add() must not be called.
 *
 * summary_add() returns 0, or -1 with errno ENOMEM.  summary_release()
 * frees the table and leaves an empty summary, ready for use again.
 * Parent only (nothing here is shared, so any process would do).
 */
#ifndef FSTAT_PAR_SUMMARY_H
#define FSTAT_PAR_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"

#define SUMMARY_MAX_EXTS 1024
#define SUMMARY_EXT_MAX 16
#define SUMMARY_NONE "(none)"
#define SUMMARY_OTHER "(other)"

struct summary_group {
	struct counts c;
	uint64_t files;
	uint64_t sortkey;           /* summary_sort()'s scratch */
	size_t len;                 /* of key */
	char key[SUMMARY_EXT_MAX + 2];  /* ".EXT" or a label, NUL-ended */
};

struct summary {
	struct summary_group *groups;   /* n of them; NULL before use */
	size_t n;
	size_t nexts;               /* of them, real extensions */
	uint16_t *slots;            /* hash of keys: group index + 1, or 0 */
	bool sorted;
};

#define SUMMARY_INIT { NULL, 0, 0, NULL, false }

void summary_init(struct summary *s);

/*
 * The extension of NAME (LEN bytes) as summary_add() sees it: a pointer
 * into NAME, after the dot, and its length in *EXTLEN; NULL for none.
 */
const char *summary_extension(const char *name, size_t len, size_t *extlen);

int summary_add(struct summary *s, const char *name, size_t len,
		const struct counts *c);
void summary_sort(struct summary *s, unsigned want);
void summary_release(struct summary *s);

#endif
