/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * select.c - which files are counted; see select.h.
 *
 * The cheap tests come first: the depth is a count of slashes, the globs
 * never backtrack (match.c), and only a path that every glob lets
 * through is given to the regular expressions, which cost the most and
 * are the only test that can fail.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"

void select_init(struct select *sel, const struct globset *globs, bool utf8)
{
	memset(sel, 0, sizeof(*sel));
	sel->globs = globs;
	sel->globs_dirs = globs && globset_has_dir_only(globs);
	globset_init(&sel->excludes, utf8);
	sel->max_depth = -1;
	sel->utf8 = utf8;
}

int select_add_exclude(struct select *sel, const char *glob)
{
	const char *err = NULL;

	if (globset_add(&sel->excludes, glob, &err) < 0) {
		snprintf(sel->error, sizeof(sel->error), "%s",
			 err ? err : strerror(errno));
		return -1;
	}
	return 0;
}

int select_add_regex(struct select *sel, const char *pattern, bool exclude)
{
	struct regex **arr = exclude ? &sel->xregexes : &sel->regexes;
	size_t *n = exclude ? &sel->nxregexes : &sel->nregexes;
	size_t *alloc = exclude ? &sel->axregexes : &sel->aregexes;

	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 4;
		struct regex *p = reallocarray(*arr, na, sizeof(*p));

		if (!p) {
			snprintf(sel->error, sizeof(sel->error), "%s",
				 strerror(errno));
			return -1;
		}
		*arr = p;
		*alloc = na;
	}
	if (regex_compile(&(*arr)[*n], pattern, sel->utf8) < 0) {
		snprintf(sel->error, sizeof(sel->error), "%s",
			 (*arr)[*n].error);
		return -1;
	}
	(*n)++;
	return 0;
}

/*
 * Whether a leading directory of PATH (the LEN bytes before one of its
 * '/') matches GS as a directory.  Empty and "." components are not
 * directories of their own ("a//b", "./a").
 */
static bool leading_dir_match(const struct globset *gs, const char *path,
			      size_t len)
{
	const char *p = path, *end = path + len, *slash;

	while (p < end && (slash = memchr(p, '/', (size_t)(end - p)))) {
		size_t clen = (size_t)(slash - p);

		if (clen > 0 && !(clen == 1 && p[0] == '.') &&
		    globset_match(gs, path, (size_t)(slash - path), true))
			return true;
		p = slash + 1;
	}
	return false;
}

/* The number of non-empty components of PATH, "." not counted. */
static size_t depth_of(const char *path, size_t len)
{
	const char *p = path, *end = path + len;
	size_t n = 0;

	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t clen = slash ? (size_t)(slash - p) : (size_t)(end - p);

		if (clen > 0 && !(clen == 1 && p[0] == '.'))
			n++;
		if (!slash)
			break;
		p = slash + 1;
	}
	return n;
}

static int match_error(struct select *sel, const char *opt,
		       const struct regex *re)
{
	snprintf(sel->error, sizeof(sel->error), "%s: %s", opt, re->error);
	return -1;
}

int select_file(struct select *sel, const char *rel, size_t len,
		unsigned flags)
{
	size_t i;
	int rc;

	if ((flags & SELECT_DEPTH) && sel->max_depth >= 0 &&
	    depth_of(rel, len) > (size_t)sel->max_depth)
		return 0;
	if (sel->globs && !globset_empty(sel->globs) &&
	    !globset_match(sel->globs, rel, len, false) &&
	    !(sel->globs_dirs && leading_dir_match(sel->globs, rel, len)))
		return 0;
	if (!globset_empty(&sel->excludes) &&
	    (globset_match(&sel->excludes, rel, len, false) ||
	     ((flags & SELECT_DIRS) &&
	      leading_dir_match(&sel->excludes, rel, len))))
		return 0;
	if (sel->nregexes > 0) {
		for (i = 0;; i++) {
			if (i == sel->nregexes)
				return 0;
			rc = regex_match(&sel->regexes[i], rel, len);
			if (rc < 0)
				return match_error(sel, "--regex",
						   &sel->regexes[i]);
			if (rc > 0)
				break;
		}
	}
	for (i = 0; i < sel->nxregexes; i++) {
		rc = regex_match(&sel->xregexes[i], rel, len);
		if (rc < 0)
			return match_error(sel, "--exclude-regex",
					   &sel->xregexes[i]);
		if (rc > 0)
			return 0;
	}
	return 1;
}

bool select_dir(const struct select *sel, const char *rel, size_t len)
{
	return !globset_match(&sel->excludes, rel, len, true);
}

bool select_prune(void *ctx, const char *rel, size_t len)
{
	return !select_dir(ctx, rel, len);
}

void select_release(struct select *sel)
{
	size_t i;

	for (i = 0; i < sel->nregexes; i++)
		regex_release(&sel->regexes[i]);
	for (i = 0; i < sel->nxregexes; i++)
		regex_release(&sel->xregexes[i]);
	free(sel->regexes);
	free(sel->xregexes);
	sel->regexes = sel->xregexes = NULL;
	sel->nregexes = sel->nxregexes = 0;
	sel->aregexes = sel->axregexes = 0;
	globset_release(&sel->excludes);
}
