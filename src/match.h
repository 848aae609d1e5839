/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * match.h - glob patterns for selecting and excluding files.
 *
 * A globset holds any number of patterns; a path matches the set when it
 * matches any of them.  Pattern rules (fstat-par(1), SPEC.md):
 *
 *  - A pattern without '/' (a trailing '/' aside) matches the base name of
 *    the path, like find -name; a pattern with '/' matches the whole path
 *    relative to ROOT.  A leading "./" or "/" anchors the pattern at ROOT:
 *    it is removed and the pattern matches the whole path ("./x.c" matches
 *    x.c, not a/x.c).  A leading "./" on the path is ignored.
 *  - '*' matches any run of characters, '?' one character, "[...]" one
 *    character of a set (ranges a-z, negation with '!' or '^', POSIX
 *    classes such as [[:digit:]]); none of them ever matches '/'.
 *  - A path segment that is exactly "**" matches zero or more whole
 *    segments: "src/ ** / *.c" (written here with spaces, which a C
 *    comment needs) matches src/m.c and src/a/b/m.c; a pattern that ends
 *    in a "**" segment matches everything below that directory.
 *  - "{a,b}" alternates and nests ("*.{c,h}", "{src,lib/{x,y}}" + "/m.c");
 *    a brace without a comma or without its closing brace is literal, as
 *    in bash.
 *  - '\' makes the next character literal; an escaped '/' still separates
 *    segments.  A "**" that is not a whole segment acts as '*'.
 *  - Not supported: collating symbols [.x.] and equivalence classes [=x=];
 *    an unknown [:name:] is ordinary characters.  Braces inside a bracket
 *    expression are literal.
 *  - A pattern ending in '/' matches directories only.
 *  - Matching is on bytes, except that in UTF-8 mode '?' and "[...]"
 *    consume one whole valid UTF-8 character (an invalid byte counts as
 *    one character) and ranges compare code points.
 *
 * Memory: globset_add copies what it needs; globset_release frees it all.
 * Errors: globset_add returns -1 with *ERR (when ERR is not NULL) pointing
 * at a static message and errno EINVAL or ENOMEM, and leaves the set as it
 * was; it never exits.  Limits: 4096 brace alternatives, 4 MiB of expanded
 * text, 64 KiB per pattern.  globset_add() takes time linear in the
 * pattern plus its brace expansion, whatever the pattern (long runs of
 * unclosed '[' or "[:" and deeply nested braces included), so these limits
 * bound its time too: where each '[' ends is looked up in a table built in
 * one pass, not found by reading on from every '[' (match.c, "Complexity").
 * gs->utf8 must not change once patterns have been added: each is compiled
 * in the mode of its time.
 * Matching allocates nothing and is safe in any process or thread once the
 * set is built.
 */
#ifndef FSTAT_PAR_MATCH_H
#define FSTAT_PAR_MATCH_H

#include <stdbool.h>
#include <stddef.h>

struct glob_pat;

struct globset {
	struct glob_pat **pats;
	size_t n, alloc;
	bool utf8;
};

#define GLOBSET_INIT { NULL, 0, 0, false }

void globset_init(struct globset *gs, bool utf8);
int globset_add(struct globset *gs, const char *pattern, const char **err);
/*
 * globset_add() that also sets *STEPS to the work the compilation did: one
 * step per pass of the loops that walk the pattern or its alternatives.
 * It exists for the tests, which check how compilation time grows by
 * counting instead of timing; globset_add() counts the same way, into a
 * variable it ignores, because one increment per step costs nothing next
 * to the step.
 */
int globset_add_counted(struct globset *gs, const char *pattern,
			const char **err, size_t *steps);
/* PATH is relative to ROOT, LEN bytes, no NUL needed; IS_DIR for directories. */
bool globset_match(const struct globset *gs, const char *path, size_t len,
		   bool is_dir);
static inline bool globset_empty(const struct globset *gs) { return gs->n == 0; }
/* Whether some pattern ends in '/' (matches directories only). */
bool globset_has_dir_only(const struct globset *gs);
void globset_release(struct globset *gs);

#endif
