/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_glob.c - libFuzzer target for the glob matcher (match.h).
 *
 * Input: flags byte, then a pattern, a NUL, and a path.  The pattern is
 * compiled in the mode the flags say and matched against the path as a
 * file and as a directory.  The matcher must never crash, read out of
 * bounds, or take more than linear-ish time (libFuzzer's -timeout
 * catches a blow-up); a compile error must leave the set usable.
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct globset gs;
	const uint8_t *nul;
	char *pattern;
	const char *path;
	size_t plen, pathlen;
	bool utf8;

	if (size < 1)
		return 0;
	utf8 = data[0] & 1;
	data++;
	size--;
	nul = memchr(data, '\0', size);
	plen = nul ? (size_t)(nul - data) : size;
	pattern = malloc(plen + 1);
	if (!pattern)
		return 0;
	memcpy(pattern, data, plen);
	pattern[plen] = '\0';
	path = nul ? (const char *)nul + 1 : "";
	pathlen = nul ? size - plen - 1 : 0;

	globset_init(&gs, utf8);
	if (globset_add(&gs, pattern, NULL) == 0) {
		(void)globset_match(&gs, path, pathlen, false);
		(void)globset_match(&gs, path, pathlen, true);
		/* A second pattern: "any of them" must hold both. */
		if (globset_add(&gs, "*.c", NULL) == 0)
			(void)globset_match(&gs, path, pathlen, false);
	}
	globset_release(&gs);
	free(pattern);
	return 0;
}
