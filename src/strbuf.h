/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strbuf.h - a growable byte buffer.
 *
 * A struct strbuf owns its buffer.  STRBUF_INIT gives an empty buffer that
 * has not allocated yet; buf is then NULL and len 0.  When len > 0 the
 * buffer is always NUL-terminated (buf[len] == '\0'), so it can be handed
 * to functions that take C strings, but it may also hold NUL bytes.
 *
 * Every function that grows the buffer returns 0, or -1 with errno set to
 * ENOMEM (the buffer is then unchanged).  strbuf_release() frees the
 * contents and leaves an empty, reusable buffer.
 *
 * Safe to use anywhere: parent, workers and threads (no shared state).
 */
#ifndef FSTAT_PAR_STRBUF_H
#define FSTAT_PAR_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

/* Make room for at least EXTRA more bytes (plus the terminating NUL). */
int strbuf_grow(struct strbuf *sb, size_t extra);
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
/* Shorten to LEN bytes (LEN <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_release(struct strbuf *sb);

#endif
