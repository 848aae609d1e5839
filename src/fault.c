/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fault.c - the test-only fault switch; see fault.h.  Runs in a worker
 * process.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"

/*
 * Parse FSTAT_PAR_FAULT: "KIND:NAME" or "KIND-once:MARKER:NAME", KIND
 * being crash, abort or hang, NAME a path, its last components, or "@N" for the
 * archive data chunk N (counted from 0).  Anything else leaves it off.
 */
void fault_init(struct fault *f, const char *v)
{
	const char *colon;
	char *end;

	memset(f, 0, sizeof(*f));
	if (!v || !(colon = strchr(v, ':')))
		return;
	if (strncmp(v, "crash", 5) == 0)
		f->kind = FAULT_SEGV;
	else if (strncmp(v, "abort", 5) == 0)
		f->kind = FAULT_ABORT;
	else if (strncmp(v, "hang", 4) == 0)
		f->kind = FAULT_HANG;
	else
		return;
	v += f->kind == FAULT_HANG ? 4 : 5;
	if (strncmp(v, "-once:", 6) == 0) {
		v += 6;
		colon = strchr(v, ':');
		if (!colon || colon == v ||
		    (size_t)(colon - v) >= sizeof(f->marker)) {
			f->kind = FAULT_NONE;
			return;
		}
		memcpy(f->marker, v, (size_t)(colon - v));
	} else if (v != colon) {
		f->kind = FAULT_NONE;
		return;
	}
	f->name = colon + 1;
	f->namelen = strlen(f->name);
	if (f->name[0] == '@') {
		errno = 0;
		f->dseq = strtoull(f->name + 1, &end, 10);
		f->chunk = errno == 0 && end != f->name + 1 && *end == '\0';
	}
	if (f->namelen == 0 || (f->name[0] == '@' && !f->chunk))
		f->kind = FAULT_NONE;
}

/*
 * Die (or hang) here if the fault switch names PATH (a file or a range of
 * one) or, with PATH NULL, data chunk DSEQ.  With a marker, only the
 * process that creates it does.
 */
void fault_check(const struct fault *f, const char *path,
			uint64_t dseq)
{
	size_t len;
	int fd;

	if (f->kind == FAULT_NONE)
		return;
	if (!path) {
		if (!f->chunk || dseq != f->dseq)
			return;
	} else {
		len = strlen(path);
		if (f->chunk || len < f->namelen ||
		    strcmp(path + len - f->namelen, f->name) != 0 ||
		    (len > f->namelen && path[len - f->namelen - 1] != '/'))
			return;
	}
	if (f->marker[0]) {
		fd = open(f->marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0600);
		if (fd < 0)
			return;
		/* Whose fault it is, for a test to kill that worker. */
		dprintf(fd, "%ld\n", (long)getpid());
		close(fd);
	}
	if (f->kind == FAULT_HANG) {
		/* Until a signal ends the process, as the parent's kill
		 * does (--timeout, or the parent's own end). */
		for (;;)
			pause();
	}
	if (f->kind == FAULT_SEGV) {
		/* A sanitizer's handler would turn the signal into an
		 * exit: the default action is the crash we want. */
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	abort();
}
