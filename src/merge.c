/* SPDX-License-Identifier: BSD-2-Clause */
/* merge.c - the in-order end of the pipeline; see merge.h. */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "linematch.h"
#include "merge.h"
#include "quote.h"
#include "total.h"

void merge_init(struct merge *m, struct output *out, bool utf8)
{
	memset(m, 0, sizeof(*m));
	m->out = out;
	m->utf8 = utf8;
}

/* Print "fstat-par: NAME: what" with NAME quoted as GNU wc quotes names in
 * its messages (quote.h). */
static void report(struct merge *m, const char *path, size_t len,
		   const char *what)
{
	strbuf_setlen(&m->name, 0);
	if (m->progress)
		progress_clear(m->progress);
	/* A message about no file in particular has no name. */
	if (len == 0 || quote_arg(&m->name, path, len, m->utf8, false) < 0)
		fprintf(stderr, "fstat-par: %s\n", what);
	else
		fprintf(stderr, "fstat-par: %s: %s\n", m->name.buf, what);
	m->status = 1;
	m->errors++;
}

/* Report ERR, which is set (FILE_ERR_NONE, which no caller gives, would
 * read as errno 0: a source error is never dropped). */
static void report_err(struct merge *m, const char *path, size_t len,
		       struct file_err err)
{
	char what[256], msg[160];

	switch ((enum file_err_kind)err.kind) {
	case FILE_ERR_NONE:
	case FILE_ERR_ERRNO:
		report(m, path, len, strerror(err.code));
		return;
	case FILE_ERR_TIMEOUT: {
		/* Seconds as the user wrote them: 1, 0.5, 2.25. */
		uint64_t ms = m->timeout_ms;
		unsigned frac = (unsigned)(ms % 1000);
		int digits = 3;

		while (frac && frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		if (frac)
			snprintf(what, sizeof(what),
				 "timed out after %llu.%0*u seconds",
				 (unsigned long long)(ms / 1000), digits, frac);
		else
			snprintf(what, sizeof(what),
				 "timed out after %llu second%s",
				 (unsigned long long)(ms / 1000),
				 ms == 1000 ? "" : "s");
		break;
	}
	case FILE_ERR_MATCH:
		linematch_strerror((int)err.code, msg, sizeof(msg));
		snprintf(what, sizeof(what), "--count-matches: %s", msg);
		break;
	case FILE_ERR_SIGNAL:
		snprintf(what, sizeof(what), "worker killed by signal %d",
			 (int)err.code);
		break;
	case FILE_ERR_EXIT:
		snprintf(what, sizeof(what), "worker exited with status %d",
			 (int)err.code);
		break;
	}
	report(m, path, len, what);
}

int merge_result(struct merge *m, const struct result_slot *s,
		 const char *path, size_t len, const char *msg,
		 uint64_t index)
{
	if (s->flags & RESULT_SKIPPED)
		return 0;
	if (s->flags & RESULT_SOURCE_ERR) {
		if (msg)
			report(m, path, len, msg);
		else
			report_err(m, path, len, slot_err(s));
		return 0;
	}
	m->ninputs++;
	if (s->flags & RESULT_COUNTED) {
		m->overflow |= total_add(&m->totals, &s->counts);
		if (output_row(m->out, path, len, &s->counts, true,
			       index) < 0)
			return -1;
	}
	if (file_err_is_set(slot_err(s)))
		report_err(m, path, len, slot_err(s));
	return 0;
}

int merge_stream(struct merge *m, const char *name, const struct counts *c,
		 struct file_err err, uint64_t index)
{
	m->ninputs++;
	if (file_err_is_lost(err)) {
		/* Matching failed: the counts are not whole, so no row. */
		report_err(m, name, strlen(name), err);
		return 0;
	}
	m->overflow |= total_add(&m->totals, c);
	if (output_row(m->out, name, strlen(name), c, false, index) < 0)
		return -1;
	if (file_err_is_set(err))
		report_err(m, name, strlen(name), err);
	return 0;
}

void merge_error(struct merge *m, const char *path, size_t len, int err)
{
	report(m, path, len, strerror(err));
}

void merge_release(struct merge *m)
{
	strbuf_release(&m->name);
}
