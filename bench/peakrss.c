/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * peakrss.c - an LD_PRELOAD shim that reports the peak resident set of the
 * process it is loaded into, and of no other.
 *
 *   PEAKRSS_OUT=FILE LD_PRELOAD=/path/peakrss.so COMMAND...
 *
 * appends "VMHWM_KB" (the VmHWM line of /proc/self/status) to FILE when
 * COMMAND's first process calls exit() or returns from main.  Children it
 * forks inherit the shim but are not the first process (their pid differs
 * from the one recorded at load time), so they write nothing; fstat-par's
 * workers leave with _exit() anyway.  This is the parent's own peak: GNU
 * time's %M and wait4's ru_maxrss are the largest of the parent and every
 * child it reaped, so a worker can hide the parent (see bench/timeit.c).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pid_t first_pid;

__attribute__((constructor)) static void peakrss_init(void)
{
	first_pid = getpid();
}

__attribute__((destructor)) static void peakrss_fini(void)
{
	const char *out = getenv("PEAKRSS_OUT");
	char line[256];
	long hwm = -1;
	FILE *f;

	if (!out || getpid() != first_pid)
		return;
	f = fopen("/proc/self/status", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &hwm) == 1)
			break;
	fclose(f);
	f = fopen(out, "ae");
	if (!f)
		return;
	fprintf(f, "%ld\n", hwm);
	fclose(f);
}
