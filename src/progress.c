/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * progress.c - the progress line on standard error; see progress.h.
 *
 * The line costs the run nothing measurable: the main loop asks
 * progress_due() once per round of up to 512 files (a vDSO clock read),
 * and the figures it shows are the totals the merge keeps anyway.  Only a
 * redraw, a few times a second, formats text and makes system calls (the
 * window size, the foreground check, one write).
 */
#include "compat.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "progress.h"

#define NS_PER_MS UINT64_C(1000000)
/* The width assumed where the descriptor cannot tell its own. */
#define DEFAULT_COLUMNS 80
/* Fewer columns than this left for the name, and it is left out. */
#define NAME_MIN_COLUMNS 8

/* Back to the start of the line; erase from the cursor to its end. */
static const char erase_line[] = "\r\033[K";
static const char erase_eol[] = "\033[K";

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 * NS_PER_MS + (uint64_t)ts.tv_nsec;
}

void progress_init(struct progress *pg, enum progress_mode mode, int fd,
		   bool utf8)
{
	const char *term = getenv("TERM");

	memset(pg, 0, sizeof(*pg));
	pg->fd = fd;
	pg->utf8 = utf8;
	pg->tty = isatty(fd);
	switch (mode) {
	case PROGRESS_AUTO:
		/* A dumb terminal (an editor's shell buffer) would show the
		 * escape sequences instead of obeying them. */
		pg->on = pg->tty && !(term && strcmp(term, "dumb") == 0);
		break;
	case PROGRESS_ALWAYS:
		pg->on = true;
		break;
	case PROGRESS_NEVER:
		break;
	}
	if (pg->on) {
		pg->start_ns = now_ns();
		pg->next_ns = pg->start_ns + PROGRESS_DELAY_MS * NS_PER_MS;
	}
}

bool progress_due(struct progress *pg)
{
	return pg->on && now_ns() >= pg->next_ns;
}

/* Write all of LEN bytes; on any failure, stop drawing for good. */
static void put(struct progress *pg, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(pg->fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* Whatever reached the screen stays; better a stale
			 * line than more writes to a broken descriptor. */
			pg->on = false;
			pg->shown = false;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

/*
 * A terminal whose foreground process group is not ours belongs to the
 * shell or another job: writing would scribble over it, or stop us with
 * SIGTTOU under "stty tostop".  No controlling terminal: nobody to mind.
 */
static bool in_foreground(const struct progress *pg)
{
	pid_t fg;

	if (!pg->tty)
		return true;
	fg = tcgetpgrp(pg->fd);
	return fg < 0 || fg == getpgrp();
}

static unsigned columns(const struct progress *pg)
{
	struct winsize ws;
	const char *env;
	char *end;
	unsigned long n;

	if (pg->tty && ioctl(pg->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	env = getenv("COLUMNS");
	if (env && *env) {
		errno = 0;
		n = strtoul(env, &end, 10);
		if (!errno && !*end && n > 0 && n <= 10000)
			return (unsigned)n;
	}
	return DEFAULT_COLUMNS;
}

void progress_draw(struct progress *pg, uint64_t files, uint64_t bytes,
		   const char *name, size_t len, bool entry)
{
	uint64_t now;

	if (!pg->on)
		return;
	now = now_ns();
	pg->next_ns = now + PROGRESS_INTERVAL_MS * NS_PER_MS;
	/* What is counted is known even when nothing is in flight (no
	 * NAME): an archive's line says "entries" from its first draw. */
	pg->entries = entry;
	if (name) {
		strbuf_setlen(&pg->name, 0);
		if (progress_safe_name(&pg->name, name, len, entry,
				       pg->utf8) < 0)
			strbuf_setlen(&pg->name, 0);
	}
	if (!in_foreground(pg))
		return;
	strbuf_setlen(&pg->line, 0);
	if (strbuf_addch(&pg->line, '\r') < 0 ||
	    progress_format(&pg->line, columns(pg), files, bytes,
			    (now - pg->start_ns) / NS_PER_MS, pg->entries,
			    &pg->name, pg->utf8) < 0 ||
	    strbuf_addstr(&pg->line, erase_eol) < 0)
		return;
	pg->shown = true;
	put(pg, pg->line.buf, pg->line.len);
}

void progress_clear(struct progress *pg)
{
	if (!pg->shown)
		return;
	pg->shown = false;
	put(pg, erase_line, sizeof(erase_line) - 1);
}

void progress_end(struct progress *pg)
{
	progress_clear(pg);
	pg->on = false;
}

void progress_release(struct progress *pg)
{
	strbuf_release(&pg->name);
	strbuf_release(&pg->line);
}

/*
 * The UTF-8 character at S (N bytes, N > 0): its length, and in *WIDTH its
 * width, or -1 when it is not printable (a control, a NUL); 0 when the
 * bytes there are not a character (invalid or truncated).
 */
static size_t utf8_char(const char *s, size_t n, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;

	memset(&st, 0, sizeof(st));
	k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2)
		return 0;
	*width = k && iswprint(wc) ? wcwidth(wc) : -1;
	return k ? k : 1;
}

int progress_safe_name(struct strbuf *out, const char *name, size_t len,
		       bool whole, bool utf8)
{
	if (!whole) {
		const char *slash = memrchr(name, '/', len);

		/* A name without a directory (from a list) stays whole. */
		if (slash)
			len = (size_t)(slash - name) + 1;
	}
	while (len > 0) {
		unsigned char c = (unsigned char)*name;
		size_t k = 1;
		int w = -1;

		if (c >= 0x20 && c < 0x7f)
			w = 1;
		else if (utf8 && c >= 0x80 && (k = utf8_char(name, len, &w)) == 0)
			k = 1;
		/* One '?' for each character (or stray byte) not shown. */
		if ((w < 0 ? strbuf_addch(out, '?') :
		     strbuf_add(out, name, k)) < 0)
			return -1;
		name += k;
		len -= k;
	}
	return 0;
}

/* The length of the character of SAFE that starts at S, and its width. */
static size_t safe_char(const char *s, size_t n, bool utf8, unsigned *width)
{
	size_t k;
	int w = 1;

	*width = 1;
	if (!utf8 || (unsigned char)*s < 0x80)
		return 1;
	/* SAFE holds printable characters only; be robust anyway. */
	k = utf8_char(s, n, &w);
	*width = w < 0 ? 1 : (unsigned)w;
	return k ? k : 1;
}

static size_t text_width(const char *s, size_t len, bool utf8)
{
	size_t total = 0;

	while (len > 0) {
		unsigned w;
		size_t k = safe_char(s, len, utf8, &w);

		total += w;
		s += k;
		len -= k;
	}
	return total;
}

/*
 * Where the tail of S (LEN bytes) that is at most ROOM columns wide
 * starts.  Characters are stepped back over by their UTF-8 lead bytes.
 */
static size_t tail_start(const char *s, size_t len, size_t room, bool utf8)
{
	size_t start = len, used = 0;

	while (start > 0) {
		size_t prev = start - 1;
		unsigned w;

		while (utf8 && prev > 0 &&
		       ((unsigned char)s[prev] & 0xc0) == 0x80)
			prev--;
		safe_char(s + prev, start - prev, utf8, &w);
		if (used + w > room)
			break;
		used += w;
		start = prev;
	}
	return start;
}

/* N bytes in binary units: "512 B", "1.5 KiB", "3.2 GiB". */
static void human(char *buf, size_t size, double n)
{
	static const char *const units[] = {
		"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
	};
	size_t u = 0;

	while (n >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		n /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%.0f B", n);
	else
		snprintf(buf, size, "%.1f %s", n, units[u]);
}

int progress_format(struct strbuf *out, unsigned cols, uint64_t files,
		    uint64_t bytes, uint64_t elapsed_ms, bool entries,
		    const struct strbuf *safe, bool utf8)
{
	char size[32], rate[32], head[160];
	size_t room = cols > 1 ? cols - 1 : 0;
	size_t n, start;
	int k;

	human(size, sizeof(size), (double)bytes);
	human(rate, sizeof(rate),
	      elapsed_ms ? (double)bytes * 1000 / (double)elapsed_ms : 0);
	k = snprintf(head, sizeof(head), "%" PRIu64 " %s, %s, %s/s", files,
		     entries ? (files == 1 ? "entry" : "entries") :
			       (files == 1 ? "file" : "files"),
		     size, rate);
	n = k < 0 ? 0 : (size_t)k < sizeof(head) ? (size_t)k : sizeof(head) - 1;
	/* The figures are ASCII: one column a byte. */
	if (n >= room)
		return strbuf_add(out, head, room);
	if (strbuf_add(out, head, n) < 0)
		return -1;
	room -= n;
	if (!safe->len || room < 2 + NAME_MIN_COLUMNS)
		return 0;
	room -= 2;
	if (strbuf_add(out, "  ", 2) < 0)
		return -1;
	if (text_width(safe->buf, safe->len, utf8) <= room)
		return strbuf_add(out, safe->buf, safe->len);
	start = tail_start(safe->buf, safe->len, room - 3, utf8);
	if (strbuf_add(out, "...", 3) < 0)
		return -1;
	return strbuf_add(out, safe->buf + start, safe->len - start);
}
