/* SPDX-License-Identifier: BSD-2-Clause */
/* test_regex.c - unit tests for the PCRE2 wrapper (regex.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "regex.h"

static int matches(const char *pattern, bool utf8, const char *subject,
		   size_t len)
{
	struct regex re;
	int rc;

	assert_int_equal(regex_compile(&re, pattern, utf8), 0);
	rc = regex_match(&re, subject, len);
	regex_release(&re);
	return rc;
}

#define M(p, u, s) matches(p, u, s, sizeof(s) - 1)

static void test_basic(void **state)
{
	(void)state;
	assert_int_equal(M("TODO", false, "x TODO y"), 1);
	assert_int_equal(M("TODO", false, "x todo y"), 0);
	assert_int_equal(M("(?i)TODO", false, "x todo y"), 1);
	assert_int_equal(M("^src/.*\\.c$", false, "src/a/m.c"), 1);
	assert_int_equal(M("^src/.*\\.c$", false, "lib/m.c"), 0);
	assert_int_equal(M("", false, ""), 1);
	/* The subject is bytes with a length: a NUL inside is a byte. */
	assert_int_equal(M("a\\x00b", false, "a\0b"), 1);
	assert_int_equal(M("^a$", false, "a\0"), 0);
}

static void test_modes(void **state)
{
	(void)state;
	/* One character: a byte in byte mode, a code point in UTF-8. */
	assert_int_equal(M("^.$", false, "\xc3\xa9"), 0);
	assert_int_equal(M("^..$", false, "\xc3\xa9"), 1);
	assert_int_equal(M("^.$", true, "\xc3\xa9"), 1);
	/* Invalid UTF-8 in a subject never errors; its valid parts match. */
	assert_int_equal(M("abc", true, "\xff" "abc\xc3"), 1);
	assert_int_equal(M("^abc$", true, "\xff" "abc"), 0);
	assert_int_equal(M("\\xff", false, "a\xff"), 1);
	/* \d is ASCII unless (*UCP). */
	assert_int_equal(M("^\\d$", true, "\xd9\xa3"), 0);
	assert_int_equal(M("(*UCP)^\\d$", true, "\xd9\xa3"), 1);
}

static void test_compile_error(void **state)
{
	struct regex re;

	(void)state;
	assert_int_equal(regex_compile(&re, "a(b", false), -1);
	assert_non_null(strstr(re.error, "missing closing parenthesis"));
	assert_non_null(strstr(re.error, "at offset 3"));
	assert_int_equal(regex_compile(&re, "[z-a]", false), -1);
	assert_non_null(strstr(re.error, "at offset"));
	/* An invalid UTF-8 pattern in UTF-8 mode. */
	assert_int_equal(regex_compile(&re, "a\xff", true), -1);
	assert_int_equal(regex_compile(&re, "a\xff", false), 0);
	regex_release(&re);
}

/* Catastrophic backtracking ends with an error, not a hang. */
static void test_match_limit(void **state)
{
	struct regex re;
	char subject[64];

	(void)state;
	memset(subject, 'a', sizeof(subject));
	subject[sizeof(subject) - 1] = 'b';
	assert_int_equal(regex_compile(&re, "^(a+)+$", false), 0);
	assert_int_equal(regex_match(&re, subject, sizeof(subject)), -1);
	assert_non_null(strstr(re.error, "limit"));
	/* It stays usable. */
	assert_int_equal(regex_match(&re, "aaa", 3), 1);
	regex_release(&re);
}

/* Deep recursion needs more than the default 32 KiB of JIT stack. */
static void test_jit_stack(void **state)
{
	static char subject[20000];
	struct regex re;

	(void)state;
	memset(subject, 'a', sizeof(subject));
	assert_int_equal(regex_compile(&re, "^(a|b)*$", false), 0);
	assert_int_equal(regex_match(&re, subject, sizeof(subject)), 1);
	regex_release(&re);
}

static void check_required(const char *pattern, bool utf8, const char *want)
{
	struct regex re;

	assert_int_equal(regex_compile(&re, pattern, utf8), 0);
	assert_int_equal(re.nrequired, strlen(want));
	assert_memory_equal(re.required, want, strlen(want));
	regex_release(&re);
}

static void test_required(void **state)
{
	(void)state;
	/* Without an option setting ("(?"), a letter is exactly itself. */
	check_required("TODO", false, "O");
	check_required("(?i)todo", false, "oO");
	check_required("x=1", false, "1");
	check_required("foo|bar", false, "");
	check_required("a.*", false, "a");
	check_required("ab", false, "b");
	check_required("a(?i)b", false, "bB");
	check_required("sk", true, "k");
	/* Case folding in UTF-8 mode: (?i)k matches U+212A, s U+017F, so
	 * neither may stand for its matches. */
	check_required("(?i)sk", true, "");
	check_required("(?i)ask", true, "aA");
	check_required("(?i)mask", false, "kK");
	check_required("caf\xc3\xa9", true, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_compile_error),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_jit_stack),
		cmocka_unit_test(test_required),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
