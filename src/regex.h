/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regex.h - PCRE2 patterns, compiled once in the parent before the fork.
 *
 * A struct regex is one pattern compiled and, where the platform allows,
 * JIT-compiled.  The parent compiles every pattern before it forks the
 * workers, so each process inherits the compiled code (copy on write) and
 * no process ever compiles at run time.
 *
 * Mode: in UTF-8 mode the pattern and the subjects are UTF-8, and an
 * invalid sequence in a subject never matches a character (and never
 * errors: PCRE2_MATCH_INVALID_UTF), so a name or a line that is not
 * UTF-8 can still match in its valid parts.  In byte mode every byte is
 * one character.  Either way \w, \d and [[:alpha:]] are ASCII unless the
 * pattern starts with (*UCP), as in grep -P before grep 3.10.
 *
 * Limits: a match that would take more than REGEX_MATCH_LIMIT steps, or
 * more JIT stack than REGEX_JIT_STACK_MAX, is an error for that subject
 * (regex_match() returns -1), never a hang.
 *
 * Memory: regex_compile() allocates; regex_release() frees.  The match
 * data (scratch space) is per struct regex, so one struct must not be
 * used by two threads at once; after a fork each process has its own.
 * Errors: regex_compile() and regex_match() return -1 and leave a
 * one-line message in re->error; they never exit.
 */
#ifndef FSTAT_PAR_REGEX_H
#define FSTAT_PAR_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#define REGEX_MATCH_LIMIT 10000000u
#define REGEX_JIT_STACK_MAX (1024u * 1024u)

struct regex {
	const char *pattern;            /* borrowed: the caller keeps it */
	void *code;                     /* pcre2_code_8 */
	void *match_data;               /* pcre2_match_data_8 */
	void *mcontext;                 /* pcre2_match_context_8 */
	void *jit_stack;                /* pcre2_jit_stack_8, or NULL */
	unsigned char required[2];      /* every match holds one of these */
	unsigned nrequired;             /* 0, 1 or 2 of them are known */
	int errcode;                    /* PCRE2's code for the last error */
	char error[256];
};

/*
 * Compile PATTERN (NUL-terminated; kept by the caller while RE is used)
 * in UTF-8 mode or byte mode.  On error returns -1 with re->error set to
 * "PCRE2's message at offset N"; *RE then needs no release.
 */
int regex_compile(struct regex *re, const char *pattern, bool utf8);

/*
 * Whether the LEN bytes at SUBJECT match anywhere: 1 or 0, or -1 when
 * matching failed (match limit, JIT stack, memory) with re->error set.
 */
int regex_match(struct regex *re, const char *subject, size_t len);

/*
 * re->required holds re->nrequired bytes (none, one, or both cases of an
 * ASCII letter) of which any subject that matches contains at least one:
 * a subject with neither cannot match, and a search for lines that match
 * can skip straight to those that hold one (memchr is far cheaper than a
 * match attempt per line).  Set by regex_compile() from PCRE2's "last
 * code units"; a letter stands for both its cases when the pattern
 * sets options ("(?"), and nothing is kept where case folding could
 * match other bytes.
 */

/*
 * The message of PCRE2 error code ERRCODE (re->errcode) into BUF of SIZE
 * bytes: for a process that reports an error another one met (a worker's
 * failed match, reported by the parent).
 */
void regex_strerror(int errcode, char *buf, size_t size);

void regex_release(struct regex *re);

#endif
