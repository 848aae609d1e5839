/* hello.c - a tiny C file for the archive tests. */
#include <stdio.h>

int
main(void)
{
	const char *who = "world";

	printf("hello, %s\n", who);
	return 0;
}
