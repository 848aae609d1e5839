/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * linematch.c - counting lines that match; see linematch.h.
 *
 * Most lines of most files hold none of the bytes a pattern requires
 * ("TODO" needs an 'O'), so the search goes from one required byte to the
 * next with memchr, one pass per byte, each remembering where it found
 * its byte so that no byte is scanned twice by the same search.  Only the
 * line around a required byte is matched; the line ends are found from
 * there (memrchr back, memchr forward).  Lines are matched in place in
 * the caller's buffer; only the line cut by the end of a piece is copied,
 * to be completed by the next piece.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "linematch.h"

void linematch_init(struct linematch *lm, struct regex *re, size_t nre)
{
	size_t i;
	unsigned k, n = 0;
	bool all = nre > 0;

	memset(lm, 0, sizeof(*lm));
	lm->re = re;
	lm->nre = nre;
	/* The union of the patterns' required bytes: a line that holds
	 * none of them matches none of the patterns. */
	for (i = 0; i < nre && all; i++) {
		if (re[i].nrequired == 0) {
			all = false;
			break;
		}
		for (k = 0; k < re[i].nrequired; k++) {
			unsigned char c = re[i].required[k];

			if (memchr(lm->req, c, n))
				continue;
			if (n == LINEMATCH_REQ_MAX) {
				all = false;
				break;
			}
			lm->req[n++] = c;
		}
	}
	lm->nreq = all ? n : 0;
}

void linematch_reset(struct linematch *lm)
{
	strbuf_setlen(&lm->line, 0);
	lm->skipping = false;
	lm->failed = false;
	lm->error = 0;
	lm->matches = 0;
}

void linematch_skip_line(struct linematch *lm)
{
	strbuf_setlen(&lm->line, 0);
	lm->skipping = true;
}

/* Whether the LEN bytes at S hold a required byte (or none is known). */
static bool candidate(const struct linematch *lm, const char *s, size_t len)
{
	unsigned k;

	if (lm->nreq == 0)
		return true;
	for (k = 0; k < lm->nreq; k++)
		if (memchr(s, lm->req[k], len))
			return true;
	return false;
}

/* Match the line of LEN bytes at S against every pattern: 0 or -1. */
static int match_line(struct linematch *lm, const char *s, size_t len)
{
	size_t i;

	/* An empty line may sit at a NULL pointer; PCRE2 wants a string. */
	if (!s)
		s = "";
	for (i = 0; i < lm->nre; i++) {
		int r = regex_match(&lm->re[i], s, len);

		if (r > 0) {
			lm->matches++;
			return 0;
		}
		if (r < 0) {
			int code = lm->re[i].errcode;

			lm->failed = true;
			lm->error = code < 0 && code > -1000 ? -code : 999;
			return -1;
		}
	}
	return 0;
}

/* Carry the LEN bytes at S as the start (or more) of the current line. */
static int carry(struct linematch *lm, const char *s, size_t len)
{
	if (len && strbuf_add(&lm->line, s, len) < 0) {
		lm->failed = true;
		lm->error = 0;
		return -1;
	}
	return 0;
}

/*
 * The lines of [P, END), where P starts a line: match the complete ones
 * that are candidates, and carry the unterminated rest.
 */
static int body(struct linematch *lm, const char *p, const char *end)
{
	const char *next[LINEMATCH_REQ_MAX];
	unsigned k;

	if (lm->nreq == 0) {
		const char *nl;

		while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
			if (match_line(lm, p, (size_t)(nl - p)) < 0)
				return -1;
			p = nl + 1;
		}
		return carry(lm, p, (size_t)(end - p));
	}
	for (k = 0; k < lm->nreq; k++)
		next[k] = memchr(p, lm->req[k], (size_t)(end - p));
	for (;;) {
		const char *q = NULL, *start, *nl;

		for (k = 0; k < lm->nreq; k++)
			if (next[k] && (!q || next[k] < q))
				q = next[k];
		if (!q) {
			/* No candidate left: carry the part after the last
			 * line end, which the next piece may make one. */
			nl = memrchr(p, '\n', (size_t)(end - p));
			if (nl)
				p = nl + 1;
			return carry(lm, p, (size_t)(end - p));
		}
		start = memrchr(p, '\n', (size_t)(q - p));
		start = start ? start + 1 : p;
		nl = memchr(q, '\n', (size_t)(end - q));
		if (!nl)
			return carry(lm, start, (size_t)(end - start));
		if (match_line(lm, start, (size_t)(nl - start)) < 0)
			return -1;
		p = nl + 1;
		for (k = 0; k < lm->nreq; k++)
			if (next[k] && next[k] < p)
				next[k] = memchr(p, lm->req[k],
						 (size_t)(end - p));
	}
}

int linematch_update(struct linematch *lm, const void *buf, size_t len)
{
	const char *p = buf, *end, *nl;

	if (lm->failed)
		return -1;
	if (len == 0)
		return 0;
	end = p + len;
	if (lm->skipping) {
		nl = memchr(p, '\n', len);
		if (!nl)
			return 0;
		lm->skipping = false;
		p = nl + 1;
	}
	if (lm->line.len > 0) {
		/* Finish the line carried from earlier pieces. */
		nl = memchr(p, '\n', (size_t)(end - p));
		if (carry(lm, p, (size_t)((nl ? nl : end) - p)) < 0)
			return -1;
		if (!nl)
			return 0;
		if (candidate(lm, lm->line.buf, lm->line.len) &&
		    match_line(lm, lm->line.buf, lm->line.len) < 0)
			return -1;
		strbuf_setlen(&lm->line, 0);
		p = nl + 1;
	}
	return body(lm, p, end);
}

int linematch_finish(struct linematch *lm)
{
	if (lm->failed)
		return -1;
	if (linematch_in_line(lm) &&
	    candidate(lm, lm->line.buf, lm->line.len) &&
	    match_line(lm, lm->line.buf, lm->line.len) < 0)
		return -1;
	strbuf_setlen(&lm->line, 0);
	lm->skipping = false;
	return 0;
}

int linematch_chunk_inner(struct linematch *lm, const void *buf, size_t len)
{
	const char *first, *last;

	linematch_reset(lm);
	first = len ? memchr(buf, '\n', len) : NULL;
	if (!first)
		return 0;
	last = memrchr(buf, '\n', len);
	/* Complete lines only: the piece ends with a '\n'. */
	return linematch_update(lm, first + 1, (size_t)(last - first));
}

int linematch_chunk_edges(struct linematch *lm, const void *buf, size_t len)
{
	const char *p = buf, *first, *last;

	if (lm->failed)
		return -1;
	first = len ? memchr(p, '\n', len) : NULL;
	if (!first)
		return linematch_update(lm, p, len);
	/* The line in progress ends at FIRST; the inner lines are the
	 * worker's; the bytes after LAST begin the next line. */
	if (linematch_update(lm, p, (size_t)(first - p) + 1) < 0)
		return -1;
	last = memrchr(p, '\n', len);
	return linematch_update(lm, last + 1, len - (size_t)(last + 1 - p));
}

void linematch_strerror(int err, char *buf, size_t size)
{
	if (err == 0)
		snprintf(buf, size, "%s", strerror(ENOMEM));
	else
		regex_strerror(-err, buf, size);
}

void linematch_release(struct linematch *lm)
{
	strbuf_release(&lm->line);
}
