/* SPDX-License-Identifier: BSD-2-Clause */
/* runmerge.c - --merge: several runs' jsonl printed as one run; see
 * runmerge.h. */
#include "compat.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "quote.h"
#include "runmerge.h"
#include "strbuf.h"
#include "total.h"

/* What an input's "run" record says (output.h), in memory it owns. */
struct header {
	uint32_t k, n;
	char *source, *root, *mode;
	char **selection;
	size_t nselection;
	unsigned want;
	uint64_t inputs, errors, regular_bytes;
	bool stream_input, unpadded;
};

struct input {
	const char *name;       /* as given: "-" is standard input */
	FILE *f;
	uint64_t lineno;
	char *line;
	size_t alloc;
	struct json_doc doc;
	struct header h;
	/* The current file record, valid until the next read. */
	bool has_row;
	uint64_t index;
	const char *rname;
	size_t rlen;
	struct counts c;
	/* Seen so far. */
	uint64_t rows;
	bool has_total;
	struct counts rows_sum, total;
};

struct merger {
	const struct options *opts;
	struct output *out;
	bool utf8;
	struct input *in;
	size_t nin;
	size_t *heap;           /* inputs with a row, smallest index first */
	size_t nheap;
	unsigned want;          /* the inputs' columns */
	struct strbuf msg;      /* scratch for quoting */
};

/* "fstat-par: [NAME[:LINE]: ]MESSAGE" on stderr, the line with LINE and
 * when IN has read one; returns -1. */
static int vfail(struct merger *m, const struct input *in, bool line,
		 const char *fmt, va_list ap)
{
	fputs("fstat-par: ", stderr);
	if (in) {
		strbuf_setlen(&m->msg, 0);
		if (quote_arg(&m->msg, in->name, strlen(in->name), m->utf8,
			      false) < 0)
			fputs(in->name, stderr);
		else
			fputs(m->msg.buf, stderr);
		if (line && in->lineno)
			fprintf(stderr, ":%llu", (unsigned long long)in->lineno);
		fputs(": ", stderr);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return -1;
}

/* An error at IN's current line (or about no input, IN NULL). */
static ATTR_PRINTF(3, 4)
int fail(struct merger *m, const struct input *in, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(m, in, true, fmt, ap);
	va_end(ap);
	return rc;
}

/* An error about IN as a whole. */
static ATTR_PRINTF(3, 4)
int fail_input(struct merger *m, const struct input *in, const char *fmt,
	       ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(m, in, false, fmt, ap);
	va_end(ap);
	return rc;
}

/* The next line of IN as a JSON object: 1, 0 at the end, -1 (reported). */
static int next_object(struct merger *m, struct input *in,
		       const struct json_value **obj)
{
	ssize_t n;

	errno = 0;
	n = getline(&in->line, &in->alloc, in->f);
	if (n < 0) {
		/* getline() sets errno but not the error flag when it
		 * cannot grow its buffer: at the end errno stays 0. */
		if (ferror(in->f) || errno)
			return fail(m, in, "read error: %s",
				    strerror(errno ? errno : EIO));
		return 0;
	}
	in->lineno++;
	*obj = json_parse(&in->doc, in->line, (size_t)n);
	if (!*obj) {
		if (errno == ENOMEM)
			return fail(m, in, "%s", strerror(ENOMEM));
		return fail(m, in, "invalid JSON at byte %zu: %s",
			    in->doc.offset, in->doc.error);
	}
	if ((*obj)->type != JSON_OBJECT)
		return fail(m, in, "not a JSON object");
	return 1;
}

/* The member KEY of OBJ as a number, a string or a boolean: 0, or -1
 * (reported) when it is missing or of another type. */
static int get_uint(struct merger *m, struct input *in,
		    const struct json_value *obj, const char *key,
		    uint64_t *out)
{
	const struct json_value *v = json_get(obj, key);

	*out = 0;
	if (!v || v->type != JSON_NUMBER || !v->is_uint)
		return fail(m, in, "\"%s\" is missing or not a count", key);
	*out = v->u;
	return 0;
}

static int get_str(struct merger *m, struct input *in,
		   const struct json_value *obj, const char *key,
		   const struct json_value **out)
{
	const struct json_value *v = json_get(obj, key);

	*out = NULL;
	if (!v || v->type != JSON_STRING)
		return fail(m, in, "\"%s\" is missing or not a string", key);
	*out = v;
	return 0;
}

static int get_bool(struct merger *m, struct input *in,
		    const struct json_value *obj, const char *key, bool *out)
{
	const struct json_value *v = json_get(obj, key);

	*out = false;
	if (!v || v->type != JSON_BOOL)
		return fail(m, in, "\"%s\" is missing or not true or false",
			    key);
	*out = v->b;
	return 0;
}

/* A string member copied (names may hold NUL: the header's never do). */
static int dup_str(struct merger *m, struct input *in,
		   const struct json_value *obj, const char *key, char **out)
{
	const struct json_value *v;

	*out = NULL;
	if (get_str(m, in, obj, key, &v) < 0 || !v)
		return -1;
	if (memchr(v->s, '\0', v->len))
		return fail(m, in, "\"%s\" holds a NUL character", key);
	*out = strdup(v->s);
	if (!*out)
		return fail(m, in, "%s", strerror(ENOMEM));
	return 0;
}

/* The run record, the first line of every input. */
static int read_header(struct merger *m, struct input *in)
{
	const struct json_value *obj, *type, *v;
	struct header *h = &in->h;
	uint64_t version;
	size_t i, j;
	int rc = next_object(m, in, &obj);

	if (rc == 0)
		return fail(m, in, "empty: not the output of "
			    "fstat-par --format=jsonl");
	if (rc < 0)
		return -1;
	type = json_get(obj, "type");
	if (!type || type->type != JSON_STRING || strcmp(type->s, "run") != 0)
		return fail(m, in, "no \"run\" record: not the output of "
			    "fstat-par --format=jsonl");
	if (get_uint(m, in, obj, "version", &version) < 0)
		return -1;
	if (version != RUN_RECORD_VERSION)
		return fail(m, in, "run record version %llu, but this "
			    "fstat-par reads version %d",
			    (unsigned long long)version, RUN_RECORD_VERSION);
	if (get_str(m, in, obj, "shard", &v) < 0)
		return -1;
	{
		struct shard s;

		if (shard_parse(&s, v->s) < 0 || strlen(v->s) != v->len)
			return fail(m, in, "invalid \"shard\"");
		h->k = s.k;
		h->n = s.n;
	}
	if (dup_str(m, in, obj, "source", &h->source) < 0 ||
	    dup_str(m, in, obj, "root", &h->root) < 0 ||
	    dup_str(m, in, obj, "mode", &h->mode) < 0 ||
	    get_uint(m, in, obj, "inputs", &h->inputs) < 0 ||
	    get_uint(m, in, obj, "errors", &h->errors) < 0 ||
	    get_uint(m, in, obj, "regular_bytes", &h->regular_bytes) < 0 ||
	    get_bool(m, in, obj, "stream_input", &h->stream_input) < 0 ||
	    get_bool(m, in, obj, "unpadded", &h->unpadded) < 0)
		return -1;

	v = json_get(obj, "selection");
	if (!v || v->type != JSON_ARRAY)
		return fail(m, in, "\"selection\" is missing or not a list");
	h->selection = calloc(v->n + 1, sizeof(*h->selection));
	if (!h->selection)
		return fail(m, in, "%s", strerror(ENOMEM));
	for (i = 0; i < v->n; i++) {
		const struct json_value *s = &v->items[i];

		if (s->type != JSON_STRING || memchr(s->s, '\0', s->len))
			return fail(m, in, "invalid \"selection\"");
		h->selection[i] = strdup(s->s);
		if (!h->selection[i])
			return fail(m, in, "%s", strerror(ENOMEM));
		h->nselection++;
	}

	v = json_get(obj, "columns");
	if (!v || v->type != JSON_ARRAY)
		return fail(m, in, "\"columns\" is missing or not a list");
	for (i = 0; i < v->n; i++) {
		const struct json_value *s = &v->items[i];

		for (j = 0; j < COUNT_NFIELDS; j++)
			if (s->type == JSON_STRING &&
			    strcmp(s->s, count_fields[j].name) == 0)
				break;
		if (j == COUNT_NFIELDS || (h->want & count_fields[j].want))
			return fail(m, in, "invalid \"columns\"");
		h->want |= count_fields[j].want;
	}
	if (!h->want)
		return fail(m, in, "invalid \"columns\": none");
	return 0;
}

/* The columns of WANT, as a list for a message. */
static const char *column_list(unsigned want, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < COUNT_NFIELDS; i++)
		if ((want & count_fields[i].want) && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "," : "",
						count_fields[i].name);
	return buf;
}

static bool same_selection(const struct header *a, const struct header *b)
{
	size_t i;

	if (a->nselection != b->nselection)
		return false;
	for (i = 0; i < a->nselection; i++)
		if (strcmp(a->selection[i], b->selection[i]) != 0)
			return false;
	return true;
}

/* Whether the runs of the inputs belong together (runmerge.h). */
static int check_headers(struct merger *m)
{
	const struct header *h0 = &m->in[0].h;
	struct input *first = &m->in[0];
	uint32_t n = h0->n;
	unsigned char *seen;
	size_t i;
	char a[128], b[128];

	for (i = 1; i < m->nin; i++) {
		struct input *in = &m->in[i];
		const struct header *h = &in->h;
		const char *what = NULL;

		if (strcmp(h->source, h0->source) != 0)
			what = "source";
		else if (strcmp(h->root, h0->root) != 0)
			what = "root";
		else if (!same_selection(h, h0))
			what = "selection";
		else if (strcmp(h->mode, h0->mode) != 0)
			what = "counting mode";
		else if (h->n != n)
			what = "number of shards";
		if (what)
			return fail_input(m, in, "not a shard of the same run as %s: "
				    "another %s", first->name, what);
		if (h->want != h0->want)
			return fail_input(m, in, "not a shard of the same run as %s: "
				    "other columns (%s, not %s)", first->name,
				    column_list(h->want, a, sizeof(a)),
				    column_list(h0->want, b, sizeof(b)));
	}
	if (m->nin > n)
		return fail(m, NULL, "%zu inputs for %lu shards", m->nin,
			    (unsigned long)n);
	seen = calloc(n, 1);
	if (!seen)
		return fail(m, NULL, "%s", strerror(ENOMEM));
	for (i = 0; i < m->nin; i++) {
		uint32_t k = m->in[i].h.k;

		if (seen[k - 1]) {
			free(seen);
			return fail_input(m, &m->in[i],
					  "shard %lu/%lu given twice",
				    (unsigned long)k, (unsigned long)n);
		}
		seen[k - 1] = 1;
	}
	/* n > nin, so some shard is missing: name the first. */
	for (i = 0; i < n; i++)
		if (!seen[i])
			break;
	free(seen);
	if (i < n)
		return fail(m, NULL, "shard %lu/%lu is missing",
			    (unsigned long)(i + 1), (unsigned long)n);
	return 0;
}

/*
 * Read IN up to its next file record (in->has_row), or to its end, taking
 * in the total record on the way; 0, or -1 (reported).
 */
static int advance(struct merger *m, struct input *in)
{
	const struct json_value *obj, *type, *name;
	uint64_t index;
	size_t i;
	int rc;

	in->has_row = false;
	while ((rc = next_object(m, in, &obj)) > 0) {
		type = json_get(obj, "type");
		if (!type || type->type != JSON_STRING)
			return fail(m, in, "\"type\" is missing or not a "
				    "string");
		if (strcmp(type->s, "summary") == 0)
			continue;       /* grouped again if asked for */
		if (strcmp(type->s, "file") == 0 && in->has_total)
			return fail(m, in, "a file record after the total");
		if (strcmp(type->s, "total") == 0) {
			if (in->has_total)
				return fail(m, in, "a second total");
			in->has_total = true;
			for (i = 0; i < COUNT_NFIELDS; i++) {
				const struct count_field *f = &count_fields[i];
				uint64_t *v = count_field_ptr(&in->total, f);

				if ((m->want & f->want) &&
				    get_uint(m, in, obj, f->name, v) < 0)
					return -1;
			}
			continue;
		}
		if (strcmp(type->s, "file") != 0)
			return fail(m, in, "unknown record type");
		if (get_str(m, in, obj, "name", &name) < 0 ||
		    get_uint(m, in, obj, "index", &index) < 0)
			return -1;
		if (in->rows && index <= in->index)
			return fail(m, in, "index %llu after %llu: the rows are "
				    "out of order", (unsigned long long)index,
				    (unsigned long long)in->index);
		memset(&in->c, 0, sizeof(in->c));
		for (i = 0; i < COUNT_NFIELDS; i++) {
			const struct count_field *f = &count_fields[i];
			uint64_t *v = count_field_ptr(&in->c, f);

			if ((m->want & f->want) &&
			    get_uint(m, in, obj, f->name, v) < 0)
				return -1;
		}
		in->index = index;
		in->rname = name->s;
		in->rlen = name->len;
		in->rows++;
		(void)total_add(&in->rows_sum, &in->c);
		in->has_row = true;
		return 0;
	}
	return rc;
}

/* ---- a binary heap of inputs, by the index of their current row ---- */

static bool heap_less(const struct merger *m, size_t a, size_t b)
{
	return m->in[m->heap[a]].index < m->in[m->heap[b]].index;
}

static void heap_swap(struct merger *m, size_t a, size_t b)
{
	size_t t = m->heap[a];

	m->heap[a] = m->heap[b];
	m->heap[b] = t;
}

static void heap_down(struct merger *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, min = i;

		if (l < m->nheap && heap_less(m, l, min))
			min = l;
		if (r < m->nheap && heap_less(m, r, min))
			min = r;
		if (min == i)
			return;
		heap_swap(m, i, min);
		i = min;
	}
}

static void heap_up(struct merger *m, size_t i)
{
	while (i > 0 && heap_less(m, i, (i - 1) / 2)) {
		heap_swap(m, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

/*
 * The rows of every input, in index order, to the output; the totals
 * into *TOTALS, the columns that saturated into *OVERFLOW.  0, or -1
 * (reported).
 */
static int merge_rows(struct merger *m, struct counts *totals,
		      unsigned *overflow)
{
	size_t i;
	bool have_prev = false;
	uint64_t prev = 0;
	size_t prev_in = 0;

	for (i = 0; i < m->nin; i++) {
		if (advance(m, &m->in[i]) < 0)
			return -1;
		if (m->in[i].has_row) {
			m->heap[m->nheap++] = i;
			heap_up(m, m->nheap - 1);
		}
	}
	while (m->nheap > 0) {
		struct input *in = &m->in[m->heap[0]];

		if (have_prev && in->index == prev) {
			/* The same file in two shards: a hash that
			 * disagrees, or trees that differ. */
			return fail(m, in, "index %llu is in %s too: a file "
				    "counted twice", (unsigned long long)prev,
				    m->in[prev_in].name);
		}
		have_prev = true;
		prev = in->index;
		prev_in = m->heap[0];
		*overflow |= total_add(totals, &in->c);
		if (output_row(m->out, in->rname, in->rlen, &in->c, true,
			       in->index) < 0)
			return fail(m, NULL, "%s", strerror(errno));
		if (advance(m, in) < 0)
			return -1;
		if (!in->has_row)
			m->heap[0] = m->heap[--m->nheap];
		heap_down(m, 0);
	}
	return 0;
}

/*
 * After the rows: each input must have a row for every file its run
 * counted but those that failed, and its total, where it has one, must
 * be the sum of its rows (a cut or edited file is caught here), unless
 * it was written with --total=only and has no rows; then its total is
 * what it adds, and only a merge with --total=only can use it (a column
 * of it at the top saturated in its run: *OVERFLOW says so again).
 */
static int check_totals(struct merger *m, struct counts *totals,
			unsigned *overflow)
{
	size_t i;

	for (i = 0; i < m->nin; i++) {
		struct input *in = &m->in[i];

		if (in->has_total && in->rows == 0 &&
		    in->h.inputs > in->h.errors) {
			if (m->opts->total != TOTAL_ONLY)
				return fail_input(m, in, "no file records (written "
					    "with --total=only): merge it "
					    "with --total=only");
			*overflow |= total_add(totals, &in->total) |
				     total_saturated(&in->total);
			continue;
		}
		/* Every input the run counted has a row, but those that
		 * failed (each an error); fewer rows: the file is cut. */
		if (in->rows > in->h.inputs ||
		    in->rows + in->h.errors < in->h.inputs)
			return fail_input(m, in, "%llu file records, but its run "
				    "counted %llu files with %llu errors: the "
				    "file is cut short or damaged",
				    (unsigned long long)in->rows,
				    (unsigned long long)in->h.inputs,
				    (unsigned long long)in->h.errors);
		if (in->has_total &&
		    memcmp(&in->total, &in->rows_sum, sizeof(in->total)))
			return fail_input(m, in, "its total is not the sum of its "
				    "rows: the file is damaged");
	}
	return 0;
}

static void release_input(struct input *in)
{
	size_t i;

	if (in->f && in->f != stdin)
		fclose(in->f);
	free(in->line);
	json_doc_release(&in->doc);
	free(in->h.source);
	free(in->h.root);
	free(in->h.mode);
	for (i = 0; i < in->h.nselection; i++)
		free(in->h.selection[i]);
	free(in->h.selection);
}

/* Open the inputs and read their run records; 0, or -1 (reported). */
static int open_inputs(struct merger *m)
{
	bool dash = false;
	size_t i;

	for (i = 0; i < m->nin; i++) {
		m->in[i].name = m->opts->inputs[i];
		json_doc_init(&m->in[i].doc);
		if (strcmp(m->in[i].name, "-") == 0) {
			if (dash)
				return fail(m, NULL, "standard input (-) "
					    "given twice");
			dash = true;
		}
	}
	for (i = 0; i < m->nin; i++) {
		struct input *in = &m->in[i];

		if (strcmp(in->name, "-") == 0) {
			in->f = stdin;
		} else {
			in->f = fopen(in->name, "re");
			if (!in->f)
				return fail_input(m, in, "%s",
						  strerror(errno));
		}
		if (read_header(m, in) < 0)
			return -1;
	}
	return 0;
}

int runmerge(const struct options *opts, struct output *out, bool utf8)
{
	struct merger m = { .opts = opts, .out = out, .utf8 = utf8 };
	struct run_info info = { .shard = { 0, 0 } };
	struct counts totals = { 0 };
	unsigned overflow = 0;
	const struct header *h0;
	uint64_t ninputs = 0, errors = 0, regular = 0;
	bool stream = false, unpadded = false;
	int status = 2;
	size_t i;

	m.nin = opts->ninputs;
	m.in = calloc(m.nin, sizeof(*m.in));
	m.heap = calloc(m.nin, sizeof(*m.heap));
	if (!m.in || !m.heap) {
		fail(&m, NULL, "%s", strerror(ENOMEM));
		goto out;
	}
	if (open_inputs(&m) < 0 || check_headers(&m) < 0)
		goto out;
	h0 = &m.in[0].h;
	m.want = h0->want;
	if (opts->want_given) {
		char a[128];

		if (opts->want & ~h0->want) {
			fail(&m, NULL, "the inputs have no %s column",
			     column_list(opts->want & ~h0->want, a,
					 sizeof(a)));
			goto out;
		}
		/* --count-matches cannot be given, so its column stays. */
		out->want = opts->want | (h0->want & COUNT_WANT_MATCHES);
	} else {
		out->want = h0->want;
	}
	if (strcmp(h0->source, "archive") == 0) {
		size_t len = strlen(h0->root);

		output_set_archive(out, h0->root, len +
				   (len == 0 || h0->root[len - 1] != '/'));
	}

	if (merge_rows(&m, &totals, &overflow) < 0 ||
	    check_totals(&m, &totals, &overflow) < 0)
		goto out;

	for (i = 0; i < m.nin; i++) {
		const struct header *h = &m.in[i].h;

		ninputs += h->inputs;
		errors += h->errors;
		(void)total_add_u64(&regular, h->regular_bytes);
		stream |= h->stream_input;
		unpadded |= h->unpadded;
	}
	/* What one run would have sized text's columns with. */
	out->regular_bytes = regular;
	out->stream_input = stream;
	out->unpadded = unpadded;
	info.source = h0->source;
	info.root = h0->root;
	info.selection = (const char *const *)h0->selection;
	info.nselection = h0->nselection;
	/* The inputs' mode, which they share, whatever our locale is. */
	info.mode = h0->mode;
	info.errors = errors;
	output_set_run(out, &info);

	if (output_finish(out, &totals, overflow, ninputs) < 0) {
		if (errno == EPIPE) {
			/* A closed pipe ends us quietly, as a run. */
			signal(SIGPIPE, SIG_DFL);
			raise(SIGPIPE);
		}
		fail(&m, NULL, "write error: %s",
		     strerror(errno ? errno : EIO));
		goto out;
	}
	/* A total that saturated, reported with it (output.h). */
	status = out->overflowed ? 1 : 0;
	for (i = 0; i < m.nin; i++) {
		const struct input *in = &m.in[i];

		if (in->h.errors == 0)
			continue;
		fail_input(&m, in, "its run could not count %llu file%s",
		     (unsigned long long)in->h.errors,
		     in->h.errors == 1 ? "" : "s");
		status = 1;
	}
out:
	for (i = 0; i < m.nin && m.in; i++)
		release_input(&m.in[i]);
	free(m.in);
	free(m.heap);
	strbuf_release(&m.msg);
	return status;
}
