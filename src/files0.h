/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * files0.h - read a list of file names separated by NUL characters, as
 * for GNU wc --files0-from=FILE (find -print0 writes them).
 *
 * files0_open() opens the list FILE, or takes standard input for "-";
 * each files0_next() then gives the next name, in the list's order.  A
 * last name not followed by a NUL still counts; the empty piece after a
 * final NUL does not.  Empty names are given too (GNU wc reports them as
 * "invalid zero-length file name" with their record number, f->n), so the
 * caller decides.  The list is read as it comes, a block at a time, so a
 * list from a pipe is used while find is still writing it, and memory is
 * one block plus the longest name.
 *
 * files0_next() returns 1 with *NAME (NUL-terminated, LEN bytes, valid
 * until the next call), 0 at the end of the list, or -1 on a read error
 * (errno set; the list then ends).  f->n is the record number of the last
 * name given, from 1.  Parent only; allocates its buffer, freed by
 * files0_release().  With f->stop set by the caller (or NULL), a read
 * ends with EINTR once *stop is set, instead of waiting for more.
 */
#ifndef FSTAT_PAR_FILES0_H
#define FSTAT_PAR_FILES0_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest list GNU wc reads whole, and pads its output for. */
#define FILES0_PADDED_MAX (10 * 1024 * 1024)

/* Bytes asked of read(2) at a time. */
#define FILES0_BLOCK (64 * 1024)

struct files0 {
	int fd;
	bool own_fd;            /* opened by files0_open, closed by release */
	char *buf;              /* bytes read: [pos, len) not given out yet */
	size_t pos, len, alloc;
	bool eof;
	uint64_t n;             /* record number of the last name given */
	const volatile sig_atomic_t *stop;      /* a signal came: stop */
};

/* Open LIST ("-" for standard input); -1 with errno if it cannot be. */
int files0_open(struct files0 *f, const char *list);
int files0_next(struct files0 *f, const char **name, size_t *len);
void files0_release(struct files0 *f);

#endif
