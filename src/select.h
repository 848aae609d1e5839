/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * select.h - which files are counted: GLOB operands, -x/--exclude,
 * --regex, --exclude-regex and, for paths that do not come from the walk,
 * --max-depth.
 *
 * A path is relative to ROOT (an archive's entry name, a listed name
 * without its leading "./", or a single file ROOT's base name).  The
 * rules apply in this order, and the first that says no decides:
 *
 *  1. max_depth (SELECT_DEPTH only): skipped when the path has more than
 *     max_depth components (empty and "." ones not counted).  The walk
 *     applies --max-depth to directories itself (walk.h).
 *  2. GLOB operands: with none, every file; otherwise the file counts
 *     when any GLOB matches it (match.h), or when a GLOB that ends in '/'
 *     (directories only) matches one of its leading directories, so that
 *     'docs/' selects every file below a directory named docs.
 *  3. -x GLOB: a file that any of them matches is skipped; a directory
 *     that any matches (as a directory, so 'build/' too) is not entered,
 *     which for a path that does not come from the walk means: skipped
 *     when any leading directory matches (SELECT_DIRS).
 *  4. --regex RE: with any, the file counts only when one of them
 *     matches anywhere in the path (PCRE2 on its bytes; anchor with ^
 *     and $).  They are tried in the order given; the first match decides.
 *  5. --exclude-regex RE: skipped when any matches.
 *
 * Regular expressions see files only: a directory is never matched
 * against them, so --exclude-regex does not stop the walk from entering
 * one (-x does).  A regular expression that cannot finish (PCRE2's match
 * limit, see regex.h) makes the path an error: select_file() returns -1
 * with sel->error set to "--regex: MESSAGE" (or "--exclude-regex: ..."),
 * and the caller reports the path and goes on.
 *
 * Memory: the GLOB operands' set is borrowed (it must outlive SEL); the
 * exclude globs and the compiled regular expressions belong to SEL, and
 * the patterns' strings are borrowed from the caller (argv).
 * select_release() frees what SEL owns.
 * Errors: select_add_*() return -1 with a message in sel->error (for a
 * regular expression, PCRE2's "MESSAGE at offset N"), leaving SEL usable;
 * nothing here exits.
 *
 * Parent only: the regular expressions are compiled and JIT-compiled
 * once, before the workers are forked, and matched by the parent as the
 * source yields paths.  A struct select must not be used by two threads
 * at once (each regex has its own match data).
 */
#ifndef FSTAT_PAR_SELECT_H
#define FSTAT_PAR_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "match.h"
#include "regex.h"

struct select {
	const struct globset *globs;    /* borrowed; NULL or empty: all */
	bool globs_dirs;                /* some GLOB is for directories only */
	struct globset excludes;
	struct regex *regexes;          /* --regex */
	size_t nregexes, aregexes;
	struct regex *xregexes;         /* --exclude-regex */
	size_t nxregexes, axregexes;
	long max_depth;                 /* -1 for no limit (SELECT_DEPTH) */
	bool utf8;
	char error[320];
};

/*
 * Start with GLOBS (borrowed, may be NULL) as the GLOB operands, no
 * exclusions and no depth limit, in UTF-8 mode or byte mode (for the
 * patterns added later).  Add GLOBS' patterns before calling this.
 */
void select_init(struct select *sel, const struct globset *globs, bool utf8);

/* Add -x GLOB: 0, or -1 with sel->error and errno set. */
int select_add_exclude(struct select *sel, const char *glob);

/*
 * Compile PATTERN (borrowed) as a --regex, or an --exclude-regex when
 * EXCLUDE: 0, or -1 with PCRE2's "MESSAGE at offset N" in sel->error.
 */
int select_add_regex(struct select *sel, const char *pattern, bool exclude);

/* Whether any -x GLOB was given: the walk needs select_prune() only then. */
static inline bool select_prunes(const struct select *sel)
{
	return !globset_empty(&sel->excludes);
}

/* Flags of select_file(), for paths that do not come from the walk. */
enum {
	SELECT_DIRS = 1 << 0,   /* -x on each leading directory too */
	SELECT_DEPTH = 1 << 1,  /* apply max_depth to the components */
};

/*
 * Whether the file at REL (LEN bytes, no NUL needed) counts: 1 yes, 0 no,
 * -1 when a regular expression could not be matched (sel->error).
 */
int select_file(struct select *sel, const char *rel, size_t len,
		unsigned flags);

/* Whether the walk may enter the directory REL: no -x GLOB matches it. */
bool select_dir(const struct select *sel, const char *rel, size_t len);

/* select_dir() as a walk_prune_fn (walk.h), CTX being the select. */
bool select_prune(void *ctx, const char *rel, size_t len);

void select_release(struct select *sel);

#endif
