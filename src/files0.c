/* SPDX-License-Identifier: BSD-2-Clause */
/* files0.c - NUL-separated lists of file names; see files0.h. */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files0.h"

int files0_open(struct files0 *f, const char *list)
{
	memset(f, 0, sizeof(*f));
	if (strcmp(list, "-") == 0) {
		f->fd = STDIN_FILENO;
		return 0;
	}
	f->fd = open(list, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (f->fd < 0)
		return -1;
	f->own_fd = true;
	return 0;
}

/* Read one more block after what is left unread; 0, or -1 with errno. */
static int fill(struct files0 *f)
{
	ssize_t n;

	/* Drop what was given out already, then make room for a block and
	 * the NUL that ends a last name that has none. */
	if (f->pos > 0) {
		memmove(f->buf, f->buf + f->pos, f->len - f->pos);
		f->len -= f->pos;
		f->pos = 0;
	}
	if (f->alloc - f->len < FILES0_BLOCK + 1) {
		size_t na = f->len + FILES0_BLOCK + 1;
		char *p;

		if (na < 2 * f->alloc)
			na = 2 * f->alloc;
		p = realloc(f->buf, na);
		if (!p)
			return -1;
		f->buf = p;
		f->alloc = na;
	}
	do {
		if (f->stop && *f->stop) {
			errno = EINTR;
			return -1;
		}
		n = read(f->fd, f->buf + f->len, FILES0_BLOCK);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0)
		f->eof = true;
	f->len += (size_t)n;
	return 0;
}

int files0_next(struct files0 *f, const char **name, size_t *len)
{
	for (;;) {
		size_t avail = f->len - f->pos;
		char *start = avail ? f->buf + f->pos : NULL;
		char *end = avail ? memchr(start, '\0', avail) : NULL;

		if (end || (f->eof && avail > 0)) {
			/* A last name without its NUL gets one: fill()
			 * always leaves room for it. */
			*len = end ? (size_t)(end - start) : avail;
			start[*len] = '\0';
			*name = start;
			f->pos += *len + (end ? 1 : 0);
			f->n++;
			return 1;
		}
		if (f->eof)
			return 0;
		if (fill(f) < 0) {
			f->eof = true;
			return -1;
		}
	}
}

void files0_release(struct files0 *f)
{
	if (f->own_fd && f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	free(f->buf);
	f->buf = NULL;
	f->pos = f->len = f->alloc = 0;
}
