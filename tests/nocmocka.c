/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nocmocka.c - what every unit test is built from when configure found no
 * cmocka, or was given --without-cmocka (Makefile.am): a TAP plan that
 * skips the whole test, saying why, which the TAP driver shows as
 * "SKIP: tests/test_x - <reason>", and exit status 77, which means
 * "skipped" to automake's simple test driver and to anyone running it.
 */
#include <config.h>

#include <stdio.h>

int main(void)
{
	printf("1..0 # SKIP %s\n", NOCMOCKA_REASON);
	return 77;
}
