/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * output.c - formatting rows, totals and the --summary table; see
 * output.h.
 *
 * Text is GNU wc's format and has its own code (emit(), text_summary()).
 * The structured formats share one model: a record is a set of fields
 * drawn from a fixed list of columns (enum col), in that order.  JSON
 * writes the fields a record has; tsv and csv write every column of the
 * run, empty where a record has no such field, so that every row has as
 * many cells as the header.  The columns of a run are known before the
 * first row is written, since everything is written by output_finish().
 */
#include "compat.h"

#include <errno.h>
#include <string.h>

#include "output.h"
#include "quote.h"
#include "total.h"

enum col {
	COL_TYPE,
	COL_NAME,
	COL_ARCHIVE,
	COL_ENTRY,
	COL_EXTENSION,
	COL_FILES,              /* this one and all after it are numbers */
	COL_LINES,              /* COL_LINES + i is count_fields[i] */
	COL_WORDS,
	COL_CHARS,
	COL_BYTES,
	COL_MAXLEN,
	COL_MATCHES,
	COL_INDEX,              /* jsonl only: the file's place in the run */
	NCOLS
};

/* The counts' names are in count_fields[]: use name_of(). */
static const char *const col_name[NCOLS] = {
	[COL_TYPE] = "type",
	[COL_NAME] = "name",
	[COL_ARCHIVE] = "archive",
	[COL_ENTRY] = "entry",
	[COL_EXTENSION] = "extension",
	[COL_FILES] = "files",
	[COL_INDEX] = "index",
};

_Static_assert(COL_MATCHES - COL_LINES + 1 == COUNT_NFIELDS,
	       "one count column for each of count_fields[]");

/* Count column I, in count_fields[] order. */
static enum col count_col(size_t i)
{
	return (enum col)(COL_LINES + i);
}

/* The field of count column COL. */
static const struct count_field *col_field(enum col col)
{
	return &count_fields[col - COL_LINES];
}

/* The name of column COL, as a header or a JSON key. */
static const char *name_of(enum col col)
{
	if (col >= COL_LINES && col <= COL_MATCHES)
		return col_field(col)->name;
	return col_name[col];
}

struct record {
	unsigned set;           /* 1 << col for each field it has */
	const char *str[NCOLS];
	size_t len[NCOLS];
	uint64_t num[NCOLS];
};

/* The columns of a tsv or csv run, in order. */
struct layout {
	enum col col[NCOLS];
	size_t n;
};

void output_init(struct output *o, FILE *out, unsigned want,
		 enum total_mode total, bool utf8)
{
	memset(o, 0, sizeof(*o));
	o->out = out;
	o->want = want;
	o->total = total;
	o->utf8 = utf8;
	o->format = FORMAT_TEXT;
	o->diag = stderr;
	summary_init(&o->summary);
	spool_init(&o->spool);
}

void output_set_format(struct output *o, enum output_format format,
		       bool null, bool summary)
{
	o->format = format;
	o->null = null;
	o->summary_on = summary;
}

void output_set_archive(struct output *o, const char *root, size_t prefix)
{
	o->archive = root;
	o->archive_prefix = prefix;
}

void output_set_run(struct output *o, const struct run_info *run)
{
	o->run = run;
}

void output_width_stat(struct output *o, bool regular, uint64_t size)
{
	o->stat_width = true;
	if (regular)
		(void)total_add_u64(&o->regular_bytes, size);
	else
		o->stream_input = true;
}

int output_row(struct output *o, const char *name, size_t len,
	       const struct counts *c, bool regular, uint64_t index)
{
	/* What was counted sizes the columns, unless stat says. */
	if (!o->stat_width && regular)
		(void)total_add_u64(&o->regular_bytes, c->bytes);
	else if (!o->stat_width)
		o->stream_input = true;
	/* --total=only drops the rows, not what the summary is made of. */
	if (o->summary_on && summary_add(&o->summary, name, len, c) < 0)
		return -1;
	if (o->total == TOTAL_ONLY)
		return 0;
	return spool_add(&o->spool, c, index, name, len);
}

/* ---- escaping ---- */

int output_json_string(struct strbuf *out, const char *name, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)name;
	size_t i = 0, n;
	uint32_t cp;
	char esc[7];

	if (strbuf_addch(out, '"') < 0)
		return -1;
	while (i < len) {
		const char *e = esc;
		size_t elen = 2;

		n = utf8_decode(p + i, len - i, &cp);
		if (n > 1 || (n == 1 && p[i] >= 0x20 && p[i] != '"' &&
			      p[i] != '\\')) {
			if (strbuf_add(out, p + i, n) < 0)
				return -1;
			i += n;
			continue;
		}
		esc[0] = '\\';
		switch (p[i]) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			/* A control is \u00XX; an invalid byte (always 0x80
			 * or above) is the lone surrogate U+DCXX, which
			 * Python's surrogateescape turns back into it. */
			memcpy(esc, n ? "\\u00" : "\\udc", 4);
			esc[4] = hex[p[i] >> 4];
			esc[5] = hex[p[i] & 0xf];
			elen = 6;
			break;
		}
		if (strbuf_add(out, e, elen) < 0)
			return -1;
		i++;
	}
	return strbuf_addch(out, '"');
}

int output_csv_field(struct strbuf *out, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] == ',' || name[i] == '"' || name[i] == '\r' ||
		    name[i] == '\n')
			break;
	if (i == len)
		return strbuf_add(out, name, len);
	if (strbuf_addch(out, '"') < 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (name[i] == '"' && strbuf_addch(out, '"') < 0)
			return -1;
		if (strbuf_addch(out, name[i]) < 0)
			return -1;
	}
	return strbuf_addch(out, '"');
}

int output_tsv_field(struct strbuf *out, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		const char *e;

		switch (name[i]) {
		case '\t': e = "\\t"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\\': e = "\\\\"; break;
		default:
			if (strbuf_addch(out, name[i]) < 0)
				return -1;
			continue;
		}
		if (strbuf_add(out, e, 2) < 0)
			return -1;
	}
	return 0;
}

/* ---- text ---- */

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
	bool first = true;
	size_t i;

	for (i = 0; i < COUNT_NFIELDS; i++) {
		const struct count_field *f = &count_fields[i];

		if (!(o->want & f->want))
			continue;
		if ((!first && strbuf_addch(&o->line, ' ') < 0) ||
		    add_number(&o->line, count_field_get(c, f), width) < 0)
			return -1;
		first = false;
	}
	return 0;
}

/* A name in text: quoted for a terminal, or as it is with -0. */
static int add_text_name(struct output *o, const char *name, size_t len)
{
	if (o->null)
		return strbuf_add(&o->line, name, len);
	return quote_name(&o->line, name, len, o->utf8);
}

/* Write o->line, ended by a newline (a NUL with -0). */
static int put_line(struct output *o)
{
	if (strbuf_addch(&o->line, o->null ? '\0' : '\n') < 0)
		return -1;
	if (fwrite(o->line.buf, 1, o->line.len, o->out) != o->line.len)
		return -1;
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
		    add_text_name(o, name, len) < 0)
			return -1;
	}
	return put_line(o);
}

/* Append S right-aligned in WIDTH columns. */
static int add_padded(struct strbuf *sb, const char *s, int width)
{
	int n = (int)strlen(s);

	while (width-- > n)
		if (strbuf_addch(sb, ' ') < 0)
			return -1;
	return strbuf_addstr(sb, s);
}

/* Column COL (files or a count) of a --summary group. */
static uint64_t group_value(const struct summary_group *g, enum col col)
{
	if (col == COL_FILES)
		return g->files;
	return count_field_get(&g->c, col_field(col));
}

/*
 * The --summary table of the text format: a header line naming the
 * columns, then one line per extension, each column as wide as its
 * header or its widest number, the extension last, as names are.
 */
static int text_summary(struct output *o)
{
	const struct summary *s = &o->summary;
	enum col cols[NCOLS];
	int width[NCOLS] = { 0 };
	size_t ncols = 0, i, j;

	cols[ncols++] = COL_FILES;
	for (i = 0; i < COUNT_NFIELDS; i++)
		if (o->want & count_fields[i].want)
			cols[ncols++] = count_col(i);
	for (j = 0; j < ncols; j++)
		width[j] = (int)strlen(name_of(cols[j]));
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < ncols; j++) {
			uint64_t v = group_value(&s->groups[i], cols[j]);

			if (digits(v) > width[j])
				width[j] = digits(v);
		}
	}

	strbuf_setlen(&o->line, 0);
	for (j = 0; j < ncols; j++)
		if (add_padded(&o->line, name_of(cols[j]), width[j]) < 0 ||
		    strbuf_addch(&o->line, ' ') < 0)
			return -1;
	if (strbuf_addstr(&o->line, name_of(COL_EXTENSION)) < 0 ||
	    put_line(o) < 0)
		return -1;
	for (i = 0; i < s->n; i++) {
		const struct summary_group *g = &s->groups[i];

		strbuf_setlen(&o->line, 0);
		for (j = 0; j < ncols; j++)
			if (add_number(&o->line, group_value(g, cols[j]),
				       width[j]) < 0 ||
			    strbuf_addch(&o->line, ' ') < 0)
				return -1;
		if (add_text_name(o, g->key, g->len) < 0 || put_line(o) < 0)
			return -1;
	}
	return 0;
}

/*
 * Just before the total line: report each printed column in OVERFLOW, as
 * GNU wc does, after the rows written so far (so they come first where
 * both streams go to one place).  0, or -1 when the output failed.
 */
static int report_overflow(struct output *o, unsigned overflow)
{
	unsigned bit;

	overflow &= o->want;
	if (!overflow)
		return 0;
	if (fflush(o->out) != 0)
		return -1;
	for (bit = 1; bit <= overflow; bit <<= 1)
		if ((overflow & bit) && total_name(bit))
			fprintf(o->diag, "fstat-par: total %s: %s\n",
				total_name(bit), strerror(EOVERFLOW));
	fflush(o->diag);
	o->overflowed = true;
	return 0;
}

static int finish_text(struct output *o, const struct counts *totals,
		       unsigned overflow, uint64_t ninputs, bool print_total)
{
	struct counts c;
	const char *name;
	size_t len;
	uint64_t index;
	int width, r;
	bool printed = false;

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
	while ((r = spool_next(&o->spool, &c, &index, &name, &len)) > 0) {
		if (emit(o, &c, name, len, width) < 0)
			return -1;
		printed = true;
	}
	if (r < 0)
		return -1;
	if (print_total) {
		if (report_overflow(o, overflow) < 0)
			return -1;
		if (emit(o, totals, o->total == TOTAL_ONLY ? NULL : "total",
			 strlen("total"), width) < 0)
			return -1;
		printed = true;
	}
	if (o->summary_on) {
		/* An empty line keeps the table apart from wc's lines. */
		strbuf_setlen(&o->line, 0);
		if (printed && put_line(o) < 0)
			return -1;
		if (text_summary(o) < 0)
			return -1;
	}
	return 0;
}

/* ---- tsv, csv, json, jsonl ---- */

static void set_str(struct record *rec, enum col col, const char *s,
		    size_t len)
{
	rec->set |= 1u << col;
	rec->str[col] = s;
	rec->len[col] = len;
}

static void set_num(struct record *rec, enum col col, uint64_t v)
{
	rec->set |= 1u << col;
	rec->num[col] = v;
}

static void set_counts(struct record *rec, unsigned want,
		       const struct counts *c)
{
	size_t i;

	for (i = 0; i < COUNT_NFIELDS; i++)
		if (want & count_fields[i].want)
			set_num(rec, count_col(i),
				count_field_get(c, &count_fields[i]));
}

static void file_record(const struct output *o, struct record *rec,
			const char *name, size_t len, const struct counts *c,
			uint64_t index)
{
	memset(rec, 0, sizeof(*rec));
	set_str(rec, COL_TYPE, "file", 4);
	set_str(rec, COL_NAME, name, len);
	if (o->archive && len >= o->archive_prefix) {
		set_str(rec, COL_ARCHIVE, o->archive, strlen(o->archive));
		set_str(rec, COL_ENTRY, name + o->archive_prefix,
			len - o->archive_prefix);
	}
	set_counts(rec, o->want, c);
	if (o->format == FORMAT_JSONL)
		set_num(rec, COL_INDEX, index);
}

/*
 * The columns of tsv and csv: type, name, archive and entry (in an
 * archive's run), extension and files (with --summary), the counts.  With
 * -0 the name, written raw, moves to the end, so that a reader can split
 * a row at its first tabs and take the rest, tabs and all, as the name.
 */
static void make_layout(const struct output *o, struct layout *l)
{
	size_t i;

	l->n = 0;
	l->col[l->n++] = COL_TYPE;
	if (!o->null)
		l->col[l->n++] = COL_NAME;
	if (o->archive) {
		l->col[l->n++] = COL_ARCHIVE;
		l->col[l->n++] = COL_ENTRY;
	}
	if (o->summary_on) {
		l->col[l->n++] = COL_EXTENSION;
		l->col[l->n++] = COL_FILES;
	}
	for (i = 0; i < COUNT_NFIELDS; i++)
		if (o->want & count_fields[i].want)
			l->col[l->n++] = count_col(i);
	if (o->null)
		l->col[l->n++] = COL_NAME;
}

static int add_field(struct output *o, const struct record *rec,
		     enum col col)
{
	struct strbuf *sb = &o->line;

	if (!(rec->set & (1u << col)))
		return 0;
	if (col >= COL_FILES)
		return add_number(sb, rec->num[col], 0);
	switch (o->format) {
	case FORMAT_TSV:
		if (o->null && col == COL_NAME)
			return strbuf_add(sb, rec->str[col], rec->len[col]);
		return output_tsv_field(sb, rec->str[col], rec->len[col]);
	case FORMAT_CSV:
		return output_csv_field(sb, rec->str[col], rec->len[col]);
	default:
		return output_json_string(sb, rec->str[col], rec->len[col]);
	}
}

/* A tsv or csv row (the header when REC is NULL), into o->line. */
static int add_delimited(struct output *o, const struct layout *l,
			 const struct record *rec)
{
	bool csv = o->format == FORMAT_CSV;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i > 0 && strbuf_addch(&o->line, csv ? ',' : '\t') < 0)
			return -1;
		if (rec ? add_field(o, rec, l->col[i]) < 0 :
		    strbuf_addstr(&o->line, name_of(l->col[i])) < 0)
			return -1;
	}
	if (csv)
		return strbuf_add(&o->line, "\r\n", 2);
	return strbuf_addch(&o->line, o->null ? '\0' : '\n');
}

/* A JSON object of REC's fields, in column order, into o->line; the
 * type only in jsonl, where it tells the records apart. */
static int add_object(struct output *o, const struct record *rec)
{
	bool first = true;
	int col;

	if (strbuf_addch(&o->line, '{') < 0)
		return -1;
	for (col = 0; col < NCOLS; col++) {
		if (!(rec->set & (1u << col)) ||
		    (col == COL_TYPE && o->format == FORMAT_JSON))
			continue;
		if ((!first && strbuf_add(&o->line, ", ", 2) < 0) ||
		    strbuf_addch(&o->line, '"') < 0 ||
		    strbuf_addstr(&o->line, name_of((enum col)col)) < 0 ||
		    strbuf_add(&o->line, "\": ", 3) < 0 ||
		    add_field(o, rec, (enum col)col) < 0)
			return -1;
		first = false;
	}
	return strbuf_addch(&o->line, '}');
}

static int write_line(struct output *o)
{
	if (fwrite(o->line.buf, 1, o->line.len, o->out) != o->line.len)
		return -1;
	strbuf_setlen(&o->line, 0);
	return 0;
}

/*
 * Write one record.  In json, records are the elements of an array,
 * one a line: *FIRST says whether one came before in this array (and
 * is cleared); the caller closes the array.
 */
static int put_record(struct output *o, const struct layout *l,
		      const struct record *rec, bool *first)
{
	strbuf_setlen(&o->line, 0);
	switch (o->format) {
	case FORMAT_JSON:
		if (strbuf_addstr(&o->line,
				  *first ? "\n    " : ",\n    ") < 0 ||
		    add_object(o, rec) < 0)
			return -1;
		*first = false;
		break;
	case FORMAT_JSONL:
		if (add_object(o, rec) < 0 || strbuf_addch(&o->line, '\n') < 0)
			return -1;
		break;
	default:
		if (add_delimited(o, l, rec) < 0)
			return -1;
		break;
	}
	return write_line(o);
}

/* In json: open the member KEY of the top object; *MEMBERS counts them. */
static int json_member(struct output *o, const char *key, int *members)
{
	strbuf_setlen(&o->line, 0);
	if (strbuf_addstr(&o->line, (*members)++ ? ",\n  \"" : "{\n  \"") < 0 ||
	    strbuf_addstr(&o->line, key) < 0 ||
	    strbuf_add(&o->line, "\": ", 3) < 0)
		return -1;
	return 0;
}

/* In json: close an array opened by json_member() + "[". */
static int json_close_array(struct output *o, bool empty)
{
	strbuf_setlen(&o->line, 0);
	if (strbuf_addstr(&o->line, empty ? "]" : "\n  ]") < 0)
		return -1;
	return write_line(o);
}

/* JSON's true or false. */
static int add_bool(struct strbuf *sb, bool v)
{
	return strbuf_addstr(sb, v ? "true" : "false");
}

/* ", \"KEY\": " */
static int add_key(struct strbuf *sb, const char *key)
{
	if (strbuf_add(sb, ", \"", 3) < 0 || strbuf_addstr(sb, key) < 0)
		return -1;
	return strbuf_add(sb, "\": ", 3);
}

/*
 * jsonl's first line: what --merge needs to know about the run
 * (struct run_info), into o->line.  The man page lists the members.
 */
static int run_record(struct output *o, uint64_t ninputs)
{
	const struct run_info *run = o->run;
	struct strbuf *sb = &o->line;
	char shard[32];
	bool first = true;
	size_t i;

	snprintf(shard, sizeof(shard), "%lu/%lu",
		 (unsigned long)(run->shard.n ? run->shard.k : 1),
		 (unsigned long)(run->shard.n ? run->shard.n : 1));
	strbuf_setlen(sb, 0);
	if (strbuf_addstr(sb, "{\"type\": \"run\", \"version\": ") < 0 ||
	    add_number(sb, RUN_RECORD_VERSION, 0) < 0 ||
	    add_key(sb, "shard") < 0 ||
	    output_json_string(sb, shard, strlen(shard)) < 0 ||
	    add_key(sb, "source") < 0 ||
	    output_json_string(sb, run->source, strlen(run->source)) < 0 ||
	    add_key(sb, "root") < 0 ||
	    output_json_string(sb, run->root, strlen(run->root)) < 0 ||
	    add_key(sb, "selection") < 0 || strbuf_addch(sb, '[') < 0)
		return -1;
	for (i = 0; i < run->nselection; i++)
		if ((i && strbuf_add(sb, ", ", 2) < 0) ||
		    output_json_string(sb, run->selection[i],
				       strlen(run->selection[i])) < 0)
			return -1;
	if (strbuf_addch(sb, ']') < 0 || add_key(sb, "mode") < 0 ||
	    output_json_string(sb, run->mode, strlen(run->mode)) < 0 ||
	    add_key(sb, "columns") < 0 || strbuf_addch(sb, '[') < 0)
		return -1;
	for (i = 0; i < COUNT_NFIELDS; i++) {
		if (!(o->want & count_fields[i].want))
			continue;
		if ((!first && strbuf_add(sb, ", ", 2) < 0) ||
		    strbuf_addch(sb, '"') < 0 ||
		    strbuf_addstr(sb, count_fields[i].name) < 0 ||
		    strbuf_addch(sb, '"') < 0)
			return -1;
		first = false;
	}
	if (strbuf_addch(sb, ']') < 0 ||
	    add_key(sb, "inputs") < 0 || add_number(sb, ninputs, 0) < 0 ||
	    add_key(sb, "errors") < 0 || add_number(sb, run->errors, 0) < 0 ||
	    add_key(sb, "regular_bytes") < 0 ||
	    add_number(sb, o->regular_bytes, 0) < 0 ||
	    add_key(sb, "stream_input") < 0 ||
	    add_bool(sb, o->stream_input) < 0 ||
	    add_key(sb, "unpadded") < 0 || add_bool(sb, o->unpadded) < 0)
		return -1;
	return strbuf_add(sb, "}\n", 2);
}

static int finish_structured(struct output *o, const struct counts *totals,
			     unsigned overflow, uint64_t ninputs,
			     bool print_total)
{
	bool json = o->format == FORMAT_JSON;
	struct layout l;
	struct record rec;
	struct counts c;
	const char *name;
	size_t len, i;
	uint64_t index;
	int members = 0, r;
	bool first = true;

	make_layout(o, &l);
	if (o->format == FORMAT_JSONL && o->run &&
	    (run_record(o, ninputs) < 0 || write_line(o) < 0))
		return -1;
	if (o->format == FORMAT_TSV || o->format == FORMAT_CSV) {
		strbuf_setlen(&o->line, 0);
		if (add_delimited(o, &l, NULL) < 0 || write_line(o) < 0)
			return -1;
	}

	/* --total=only: no rows, and in json no "files" member at all. */
	if (o->total != TOTAL_ONLY) {
		if (json && (json_member(o, "files", &members) < 0 ||
			     strbuf_addch(&o->line, '[') < 0 ||
			     write_line(o) < 0))
			return -1;
		if (spool_rewind(&o->spool) < 0)
			return -1;
		first = true;
		while ((r = spool_next(&o->spool, &c, &index, &name,
				       &len)) > 0) {
			file_record(o, &rec, name, len, &c, index);
			if (put_record(o, &l, &rec, &first) < 0)
				return -1;
		}
		if (r < 0 || (json && json_close_array(o, first) < 0))
			return -1;
	}

	if (print_total) {
		if (report_overflow(o, overflow) < 0)
			return -1;
		memset(&rec, 0, sizeof(rec));
		set_str(&rec, COL_TYPE, "total", 5);
		set_counts(&rec, o->want, totals);
		if (json) {
			if (json_member(o, "total", &members) < 0 ||
			    add_object(o, &rec) < 0 || write_line(o) < 0)
				return -1;
		} else if (put_record(o, &l, &rec, &first) < 0) {
			return -1;
		}
	}

	if (o->summary_on) {
		if (json && (json_member(o, "summary", &members) < 0 ||
			     strbuf_addch(&o->line, '[') < 0 ||
			     write_line(o) < 0))
			return -1;
		first = true;
		for (i = 0; i < o->summary.n; i++) {
			const struct summary_group *g = &o->summary.groups[i];

			memset(&rec, 0, sizeof(rec));
			set_str(&rec, COL_TYPE, "summary", 7);
			set_str(&rec, COL_EXTENSION, g->key, g->len);
			set_num(&rec, COL_FILES, g->files);
			set_counts(&rec, o->want, &g->c);
			if (put_record(o, &l, &rec, &first) < 0)
				return -1;
		}
		if (json && json_close_array(o, first) < 0)
			return -1;
	}

	if (json) {
		/* Every run has files or a total, so the object is open. */
		strbuf_setlen(&o->line, 0);
		if (strbuf_addstr(&o->line, "\n}\n") < 0 || write_line(o) < 0)
			return -1;
	}
	return 0;
}

int output_finish(struct output *o, const struct counts *totals,
		  unsigned overflow, uint64_t ninputs)
{
	bool print_total;
	int r;

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
	if (o->summary_on)
		summary_sort(&o->summary, o->want);
	if (o->format == FORMAT_TEXT)
		r = finish_text(o, totals, overflow, ninputs, print_total);
	else
		r = finish_structured(o, totals, overflow, ninputs,
				      print_total);
	if (r < 0)
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
	summary_release(&o->summary);
	strbuf_release(&o->line);
}
