/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_archive.c - libFuzzer target for the archive reader
 * (archive_source.h): the bytes are shown to it as a file (memfd) and as
 * a stream, and every entry is read to its end, as fstat-par would.
 *
 * Small limits keep a decompression bomb from turning into a timeout:
 * the limits themselves are part of what is tested.
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "archive_source.h"

#define MAX_ENTRIES 256
#define MAX_BYTES (8u << 20)

static void read_all(int fd, bool stream)
{
	struct arc arc;
	struct arc_entry e;
	const void *buf;
	size_t len;
	int rc;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return;
	rc = arc_open(&arc, fd, stream, "fuzz", MAX_ENTRIES, MAX_BYTES);
	/* Holes as lengths (as fstat-par reads) in one pass, as NUL bytes
	 * (with --count-matches) in the other. */
	arc.holes = !stream;
	if (rc == 0 && stream)
		(void)arc_prefix(&arc, &len);
	if (rc > 0) {
		while ((rc = arc_next(&arc, &e)) > 0) {
			if (rc == 2)
				continue;
			while (arc_read(&arc, &buf, &len) > 0)
				;
		}
	}
	(void)arc_message(&arc);
	arc_close(&arc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		read_all(fd, false);
		read_all(fd, true);
	}
	close(fd);
	return 0;
}
