/* output.c - formatting rows and totals; see output.h. */
#include "compat.h"

#include <errno.h>
#include <string.h>

#include "output.h"
#include "quote.h"

void output_init(struct output *o, FILE *out, unsigned want,
		 enum total_mode total, bool utf8)
{
	memset(o, 0, sizeof(*o));
	o->out = out;
	o->want = want;
	o->total = total;
	o->utf8 = utf8;
	spool_init(&o->spool);
}

int output_row(struct output *o, const char *name, size_t len,
	       const struct counts *c, bool regular)
{
	if (regular)
		o->regular_bytes += c->bytes;
	else
		o->stream_input = true;
	if (o->total == TOTAL_ONLY)
		return 0;
	return spool_add(&o->spool, c, name, len);
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static int ncolumns(unsigned want)
{
	return __builtin_popcount(want & (COUNT_WANT_ALL | COUNT_WANT_MATCHES));
}

/*
 * Append V in decimal, right-aligned in WIDTH columns, to SB.  This is
 * the parent's inner loop for text output, so no printf.
 */
static int add_number(struct strbuf *sb, uint64_t v, int width)
{
	char digits[24];
	int n = 0;

	do {
		digits[sizeof(digits) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (strbuf_grow(sb, (size_t)(width > n ? width : n)) < 0)
		return -1;
	while (width-- > n)
		sb->buf[sb->len++] = ' ';
	memcpy(sb->buf + sb->len, digits + sizeof(digits) - n, (size_t)n);
	sb->len += (size_t)n;
	sb->buf[sb->len] = '\0';
	return 0;
}

/* Append the selected counts of C to o->line, each WIDTH wide. */
static int add_counts(struct output *o, const struct counts *c, int width)
{
	/* --count-matches comes last, after wc's own columns. */
	const uint64_t v[] = { c->lines, c->words, c->chars, c->bytes,
			       c->maxlen, c->matches };
	static const unsigned bit[] = { COUNT_WANT_LINES, COUNT_WANT_WORDS,
					COUNT_WANT_CHARS, COUNT_WANT_BYTES,
					COUNT_WANT_MAXLEN, COUNT_WANT_MATCHES };
	bool first = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		if (!(o->want & bit[i]))
			continue;
		if ((!first && strbuf_addch(&o->line, ' ') < 0) ||
		    add_number(&o->line, v[i], width) < 0)
			return -1;
		first = false;
	}
	return 0;
}

static int emit(struct output *o, const struct counts *c, const char *name,
		size_t len, int width)
{
	strbuf_setlen(&o->line, 0);
	if (add_counts(o, c, width) < 0)
		return -1;
	if (name) {
		if (strbuf_addch(&o->line, ' ') < 0 ||
		    quote_name(&o->line, name, len, o->utf8) < 0)
			return -1;
	}
	if (strbuf_addch(&o->line, '\n') < 0)
		return -1;
	if (fwrite(o->line.buf, 1, o->line.len, o->out) != o->line.len)
		return -1;
	return 0;
}

int output_finish(struct output *o, const struct counts *totals,
		  uint64_t ninputs)
{
	struct counts c;
	const char *name;
	size_t len;
	int width, r;
	bool print_total;

	if (o->total == TOTAL_ONLY || o->unpadded ||
	    (ninputs == 1 && ncolumns(o->want) == 1)) {
		width = 1;
	} else {
		width = digits(o->regular_bytes);
		if (o->stream_input && width < 7)
			width = 7;
	}

	if (spool_rewind(&o->spool) < 0)
		return -1;
	while ((r = spool_next(&o->spool, &c, &name, &len)) > 0)
		if (emit(o, &c, name, len, width) < 0)
			return -1;
	if (r < 0)
		return -1;

	switch (o->total) {
	case TOTAL_ALWAYS:
	case TOTAL_ONLY:
		print_total = true;
		break;
	case TOTAL_NEVER:
		print_total = false;
		break;
	default:
		print_total = ninputs > 1;
		break;
	}
	if (print_total &&
	    emit(o, totals, o->total == TOTAL_ONLY ? NULL : "total",
		 strlen("total"), width) < 0)
		return -1;
	if (fflush(o->out) != 0 || ferror(o->out)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

void output_release(struct output *o)
{
	spool_release(&o->spool);
	strbuf_release(&o->line);
}
