/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spool.h - rows kept until the end of the run.
 *
 * Text output aligns every count in one column width, which depends on the
 * total byte count, known only at the end (GNU wc knows it up front from
 * stat; a walk does not); the other formats are spooled the same way
 * (see output.h).  The spool keeps the rows in memory up to
 * SPOOL_MEM_MAX bytes and beyond that in an unlinked temporary file in
 * $TMPDIR (or /tmp), so memory stays bounded whatever the number of files
 * and nothing is left on disk on any exit.
 *
 * A row is its counts, its index (output.h) and its name.  spool_add()
 * returns 0, or -1 with errno set (ENOMEM, or the temporary file's
 * error).  spool_rewind() prepares reading; spool_next() returns 1 with
 * *C, *INDEX and the name (valid until the next call), 0 at the end, -1
 * on a read error.  Parent only.
 */
#ifndef FSTAT_PAR_SPOOL_H
#define FSTAT_PAR_SPOOL_H

#include <stdint.h>
#include <stdio.h>

#include "count.h"
#include "strbuf.h"

#define SPOOL_MEM_MAX (8u << 20)

struct spool {
	struct strbuf mem;
	FILE *file;             /* NULL until the rows outgrow memory */
	size_t pos;             /* reading: offset in mem */
	struct strbuf name;     /* reading: the current name */
	size_t mem_max;         /* SPOOL_MEM_MAX; lowered by tests */
};

void spool_init(struct spool *sp);
int spool_add(struct spool *sp, const struct counts *c, uint64_t index,
	      const char *name, size_t len);
int spool_rewind(struct spool *sp);
int spool_next(struct spool *sp, struct counts *c, uint64_t *index,
	       const char **name, size_t *len);
void spool_release(struct spool *sp);

#endif
