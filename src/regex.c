/* SPDX-License-Identifier: BSD-2-Clause */
/* regex.c - PCRE2 patterns; see regex.h. */
#include "compat.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "regex.h"

/* The JIT stack PCRE2 gives a match by default is 32 KiB; patterns with
 * deep nesting need more, up to REGEX_JIT_STACK_MAX. */
#define JIT_STACK_START (32u * 1024u)

/* Which bytes must be present: see regex.h.  PCRE2 records a code unit
 * every match starts with and one every match contains after it. */
static void find_required(struct regex *re, bool utf8)
{
	uint32_t type = 0, unit = 0;

	re->nrequired = 0;
	/* PCRE2 knows a last unit only when it is not also the first. */
	if (pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODETYPE, &type) == 0 &&
	    type == 1) {
		if (pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODEUNIT,
				       &unit) != 0)
			return;
	} else if (pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE,
				      &type) == 0 && type == 1) {
		if (pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT,
				       &unit) != 0)
			return;
	} else {
		return;
	}
	/*
	 * PCRE2 does not say whether the unit is caseless, so a letter
	 * stands for both of its cases.  A non-ASCII unit may be one byte
	 * of a character whose other case is encoded differently, and in
	 * UTF-8 mode 'k' and 's' fold to U+212A (Kelvin) and U+017F (long
	 * s): none of those can be searched for byte by byte.
	 */
	if (unit >= 0x80)
		return;
	if ((unit >= 'a' && unit <= 'z') || (unit >= 'A' && unit <= 'Z')) {
		unsigned char lower = (unsigned char)(unit | 0x20);

		/*
		 * Only an option setting, always written "(?", makes a
		 * pattern caseless (we compile without PCRE2_CASELESS):
		 * without one, the letter is exactly the byte.  "TODO"
		 * then needs an 'O', not one of the far more common 'o'.
		 */
		if (!strstr(re->pattern, "(?")) {
			re->required[0] = (unsigned char)unit;
			re->nrequired = 1;
			return;
		}

		if (utf8 && (lower == 'k' || lower == 's'))
			return;
		re->required[0] = lower;
		re->required[1] = (unsigned char)(lower & ~0x20);
		re->nrequired = 2;
		return;
	}
	re->required[0] = (unsigned char)unit;
	re->nrequired = 1;
}

int regex_compile(struct regex *re, const char *pattern, bool utf8)
{
	uint32_t flags = utf8 ? PCRE2_UTF | PCRE2_MATCH_INVALID_UTF : 0;
	int errcode;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[160];

	memset(re, 0, sizeof(*re));
	re->pattern = pattern;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				 flags, &errcode, &erroff, NULL);
	if (!re->code) {
		if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", errcode);
		snprintf(re->error, sizeof(re->error), "%s at offset %zu",
			 (const char *)msg, (size_t)erroff);
		errno = EINVAL;
		return -1;
	}
	/* Without JIT support (or memory for it) the interpreter is used:
	 * slower, with the same results. */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->match_data = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mcontext = pcre2_match_context_create(NULL);
	if (!re->match_data || !re->mcontext)
		goto nomem;
	pcre2_set_match_limit(re->mcontext, REGEX_MATCH_LIMIT);
	find_required(re, utf8);
	return 0;
nomem:
	regex_release(re);
	re->pattern = pattern;
	snprintf(re->error, sizeof(re->error), "%s", strerror(ENOMEM));
	errno = ENOMEM;
	return -1;
}

/* Give matches a JIT stack that can grow to the limit, once; -1 when
 * they have one already. */
static int grow_jit_stack(struct regex *re)
{
	pcre2_jit_stack *js;

	if (re->jit_stack)
		return -1;
	js = pcre2_jit_stack_create(JIT_STACK_START, REGEX_JIT_STACK_MAX, NULL);
	if (!js)
		return -1;
	re->jit_stack = js;
	pcre2_jit_stack_assign(re->mcontext, NULL, js);
	return 0;
}

int regex_match(struct regex *re, const char *subject, size_t len)
{
	PCRE2_UCHAR msg[160];
	int rc;

	for (;;) {
		rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, 0, 0,
				 re->match_data, re->mcontext);
		if (rc >= 0)
			return 1;
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc == PCRE2_ERROR_JIT_STACKLIMIT && grow_jit_stack(re) == 0)
			continue;
		break;
	}
	re->errcode = rc;
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", rc);
	snprintf(re->error, sizeof(re->error), "%s", (const char *)msg);
	errno = rc == PCRE2_ERROR_NOMEMORY ? ENOMEM : EINVAL;
	return -1;
}

void regex_strerror(int errcode, char *buf, size_t size)
{
	PCRE2_UCHAR msg[160];

	if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", errcode);
	snprintf(buf, size, "%s", (const char *)msg);
}

void regex_release(struct regex *re)
{
	pcre2_jit_stack_free(re->jit_stack);
	pcre2_match_context_free(re->mcontext);
	pcre2_match_data_free(re->match_data);
	pcre2_code_free(re->code);
	re->jit_stack = re->mcontext = re->match_data = re->code = NULL;
}
