/* SPDX-License-Identifier: BSD-2-Clause */
/* summary.c - counts grouped by file extension; see summary.h. */
#include "compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "total.h"

/* The extensions, (none) and (other). */
#define MAX_GROUPS (SUMMARY_MAX_EXTS + 2)
/* A power of two at least twice MAX_GROUPS: probes stay short. */
#define NSLOTS 4096

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
}

const char *summary_extension(const char *name, size_t len, size_t *extlen)
{
	const char *base = memrchr(name, '/', len);
	const char *dot;
	size_t blen;

	base = base ? base + 1 : name;
	blen = len - (size_t)(base - name);
	dot = memrchr(base, '.', blen);
	if (!dot || dot == base || dot == base + blen - 1)
		return NULL;
	*extlen = blen - (size_t)(dot + 1 - base);
	return dot + 1;
}

/* FNV-1a: the keys are short, and any spread will do at this load. */
static uint32_t hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--) {
		h ^= (unsigned char)*key++;
		h *= 16777619u;
	}
	return h;
}

/*
 * The group of KEY, made if need be.  NULL when it is not there and the
 * table is full, which only a real extension can meet: the labels'
 * groups always have room (MAX_GROUPS).
 */
static struct summary_group *find(struct summary *s, const char *key,
				  size_t len, bool label)
{
	uint32_t i = hash(key, len) & (NSLOTS - 1);
	struct summary_group *g;

	for (;; i = (i + 1) & (NSLOTS - 1)) {
		if (!s->slots[i])
			break;
		g = &s->groups[s->slots[i] - 1];
		if (g->len == len && memcmp(g->key, key, len) == 0)
			return g;
	}
	if (!label && s->nexts >= SUMMARY_MAX_EXTS)
		return NULL;
	if (!label)
		s->nexts++;
	g = &s->groups[s->n++];
	memcpy(g->key, key, len);
	g->key[len] = '\0';
	g->len = len;
	s->slots[i] = (uint16_t)s->n;
	return g;
}

int summary_add(struct summary *s, const char *name, size_t len,
		const struct counts *c)
{
	struct summary_group *g = NULL;
	char key[SUMMARY_EXT_MAX + 2];
	const char *ext;
	size_t extlen;

	if (s->sorted)
		abort();        /* BUG: summary_add() after summary_sort() */
	if (!s->groups) {
		s->groups = calloc(MAX_GROUPS, sizeof(*s->groups));
		s->slots = calloc(NSLOTS, sizeof(*s->slots));
		if (!s->groups || !s->slots) {
			summary_release(s);
			errno = ENOMEM;
			return -1;
		}
	}
	ext = summary_extension(name, len, &extlen);
	if (!ext) {
		g = find(s, SUMMARY_NONE, strlen(SUMMARY_NONE), true);
	} else if (extlen <= SUMMARY_EXT_MAX) {
		key[0] = '.';
		memcpy(key + 1, ext, extlen);
		g = find(s, key, extlen + 1, false);
	}
	if (!g)
		g = find(s, SUMMARY_OTHER, strlen(SUMMARY_OTHER), true);
	(void)total_add(&g->c, c);
	g->files++;
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct summary_group *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r;

	if (x->sortkey != y->sortkey)
		return x->sortkey > y->sortkey ? -1 : 1;
	r = memcmp(x->key, y->key, n);
	if (r)
		return r;
	return x->len < y->len ? -1 : x->len > y->len;
}

void summary_sort(struct summary *s, unsigned want)
{
	size_t i;

	s->sorted = true;
	for (i = 0; i < s->n; i++) {
		const struct counts *c = &s->groups[i].c;
		uint64_t *k = &s->groups[i].sortkey;

		if (want & COUNT_WANT_LINES)
			*k = c->lines;
		else if (want & COUNT_WANT_WORDS)
			*k = c->words;
		else if (want & COUNT_WANT_CHARS)
			*k = c->chars;
		else if (want & COUNT_WANT_BYTES)
			*k = c->bytes;
		else if (want & COUNT_WANT_MAXLEN)
			*k = c->maxlen;
		else
			*k = c->matches;
	}
	if (s->n > 1)
		qsort(s->groups, s->n, sizeof(*s->groups), by_key);
}

void summary_release(struct summary *s)
{
	free(s->groups);
	free(s->slots);
	summary_init(s);
}
