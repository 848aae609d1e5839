/* SPDX-License-Identifier: BSD-2-Clause */
/* strbuf.c - a growable byte buffer; see strbuf.h. */
#include "compat.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need, alloc;
	char *p;

	if (extra > SIZE_MAX - 1 - sb->len) {
		errno = ENOMEM;
		return -1;
	}
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return 0;
	alloc = sb->alloc ? sb->alloc : 64;
	while (alloc < need)
		alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
	p = realloc(sb->buf, alloc);
	if (!p)
		return -1;
	sb->buf = p;
	sb->alloc = alloc;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (strbuf_grow(sb, len) < 0)
		return -1;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	return strbuf_add(sb, &ch, 1);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len > sb->len)
		abort();
	sb->len = len;
	if (sb->buf)
		sb->buf[len] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
}
