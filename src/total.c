/* SPDX-License-Identifier: BSD-2-Clause */
/* total.c - sums of counts that saturate; see total.h. */
#include "compat.h"

#include "total.h"

/* The summed fields, in the order wc reports them: its own, then ours. */
static const struct {
	unsigned bit;
	const char *name;
} summed[] = {
	{ COUNT_WANT_LINES, "lines" },
	{ COUNT_WANT_WORDS, "words" },
	{ COUNT_WANT_CHARS, "characters" },
	{ COUNT_WANT_BYTES, "bytes" },
	{ COUNT_WANT_MATCHES, "matches" },
};

unsigned total_add(struct counts *a, const struct counts *b)
{
	unsigned over = 0;

	if (total_add_u64(&a->lines, b->lines))
		over |= COUNT_WANT_LINES;
	if (total_add_u64(&a->words, b->words))
		over |= COUNT_WANT_WORDS;
	if (total_add_u64(&a->chars, b->chars))
		over |= COUNT_WANT_CHARS;
	if (total_add_u64(&a->bytes, b->bytes))
		over |= COUNT_WANT_BYTES;
	if (total_add_u64(&a->matches, b->matches))
		over |= COUNT_WANT_MATCHES;
	if (b->maxlen > a->maxlen)
		a->maxlen = b->maxlen;
	return over;
}

unsigned total_saturated(const struct counts *c)
{
	unsigned over = 0;

	if (c->lines == UINT64_MAX)
		over |= COUNT_WANT_LINES;
	if (c->words == UINT64_MAX)
		over |= COUNT_WANT_WORDS;
	if (c->chars == UINT64_MAX)
		over |= COUNT_WANT_CHARS;
	if (c->bytes == UINT64_MAX)
		over |= COUNT_WANT_BYTES;
	if (c->matches == UINT64_MAX)
		over |= COUNT_WANT_MATCHES;
	return over;
}

const char *total_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(summed); i++)
		if (summed[i].bit == bit)
			return summed[i].name;
	return NULL;
}
