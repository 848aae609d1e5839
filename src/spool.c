/* SPDX-License-Identifier: BSD-2-Clause */
/* spool.c - rows kept until the end of the run; see spool.h. */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform.h"
#include "spool.h"

/* The first in-memory block; it doubles as rows come. */
#define SPOOL_MEM_MIN (64 * 1024)

struct rec {
	struct counts c;
	uint64_t index;
	uint64_t len;
};

void spool_init(struct spool *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->mem_max = SPOOL_MEM_MAX;
}

/* An unlinked temporary file: never visible, never left behind. */
static FILE *open_temp(void)
{
	int fd = platform_temp_fd();
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w+");
	if (!f) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return f;
}

/*
 * Make room for EXTRA more bytes in SB.  The rows can fill megabytes, so
 * the memory is mapped in one call per block (platform_prefault) rather
 * than a page fault at a time as the rows are copied in.
 */
static int reserve(struct strbuf *sb, size_t extra)
{
	size_t alloc = sb->alloc < SPOOL_MEM_MIN ? SPOOL_MEM_MIN : sb->alloc;
	char *p;

	if (extra > SIZE_MAX / 4 - sb->len) {
		errno = ENOMEM;
		return -1;
	}
	if (sb->len + extra + 1 <= sb->alloc)
		return 0;
	while (alloc < sb->len + extra + 1)
		alloc *= 2;
	p = malloc(alloc);
	if (!p)
		return -1;
	platform_prefault(p, alloc);
	if (sb->len)
		memcpy(p, sb->buf, sb->len);
	free(sb->buf);
	sb->buf = p;
	sb->alloc = alloc;
	return 0;
}

int spool_add(struct spool *sp, const struct counts *c, uint64_t index,
	      const char *name, size_t len)
{
	struct rec r = { .c = *c, .index = index, .len = len };

	if (!sp->file && sp->mem.len + sizeof(r) + len > sp->mem_max) {
		sp->file = open_temp();
		if (!sp->file)
			return -1;
		if (sp->mem.len &&
		    fwrite(sp->mem.buf, 1, sp->mem.len, sp->file) !=
		    sp->mem.len)
			return -1;
		strbuf_release(&sp->mem);
	}
	if (sp->file) {
		if (fwrite(&r, sizeof(r), 1, sp->file) != 1 ||
		    fwrite(name, 1, len, sp->file) != len)
			return -1;
		return 0;
	}
	if (reserve(&sp->mem, sizeof(r) + len) < 0 ||
	    strbuf_add(&sp->mem, &r, sizeof(r)) < 0 ||
	    strbuf_add(&sp->mem, name, len) < 0)
		return -1;
	return 0;
}

int spool_rewind(struct spool *sp)
{
	sp->pos = 0;
	if (sp->file) {
		if (fflush(sp->file) != 0 || ferror(sp->file))
			return -1;
		rewind(sp->file);
	}
	return 0;
}

int spool_next(struct spool *sp, struct counts *c, uint64_t *index,
	       const char **name, size_t *len)
{
	struct rec r;

	if (!sp->file) {
		if (sp->pos == sp->mem.len)
			return 0;
		memcpy(&r, sp->mem.buf + sp->pos, sizeof(r));
		*c = r.c;
		*index = r.index;
		*name = sp->mem.buf + sp->pos + sizeof(r);
		*len = (size_t)r.len;
		sp->pos += sizeof(r) + (size_t)r.len;
		return 1;
	}
	if (fread(&r, sizeof(r), 1, sp->file) != 1)
		return ferror(sp->file) ? -1 : 0;
	strbuf_setlen(&sp->name, 0);
	if (strbuf_grow(&sp->name, (size_t)r.len) < 0)
		return -1;
	if (fread(sp->name.buf, 1, (size_t)r.len, sp->file) != r.len) {
		errno = EIO;
		return -1;
	}
	sp->name.len = (size_t)r.len;
	sp->name.buf[sp->name.len] = '\0';
	*c = r.c;
	*index = r.index;
	*name = sp->name.buf;
	*len = sp->name.len;
	return 1;
}

void spool_release(struct spool *sp)
{
	if (sp->file)
		fclose(sp->file);
	sp->file = NULL;
	strbuf_release(&sp->mem);
	strbuf_release(&sp->name);
}
