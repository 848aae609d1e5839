/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timeit.c - run one command and print its wall time, CPU time and peak
 * memory on one line.
 *
 *   timeit [-o OUT] [-e ERR] -- COMMAND [ARG]...
 *
 * runs COMMAND (found in PATH) with standard input from /dev/null,
 * standard output to OUT (default /dev/null) and standard error to ERR
 * (default: inherited), waits for it with wait4(2) and prints
 *
 *   WALL_MS USER_MS SYS_MS MAXRSS_KB STATUS
 *
 * WALL_MS comes from CLOCK_MONOTONIC around fork and wait4, with
 * microsecond resolution.  USER_MS and SYS_MS come from wait4's rusage,
 * which adds in every descendant that was waited for (a shell pipeline's
 * members, fstat-par's workers).  MAXRSS_KB is wait4's ru_maxrss: on Linux
 * the LARGEST resident set of the command and of each descendant it waited
 * for (not their sum, and not the command alone), exactly what GNU time's
 * %M reports.  bench/peakrss.c measures the parent process alone.  STATUS
 * is the exit status, or 128 + the signal number.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static int redirect(const char *path, int target, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0 || dup2(fd, target) < 0)
		return -1;
	if (fd != target)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null", *err = NULL;
	struct timespec t0, t1;
	struct rusage ru;
	int opt, status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+o:e:")) != -1) {
		if (opt == 'o')
			out = optarg;
		else if (opt == 'e')
			err = optarg;
		else
			goto usage;
	}
	if (optind >= argc)
		goto usage;
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return 125;
	}
	if (pid == 0) {
		if (redirect("/dev/null", 0, O_RDONLY) < 0 ||
		    redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC) < 0 ||
		    (err && redirect(err, 2, O_WRONLY | O_CREAT | O_TRUNC) < 0)) {
			perror("timeit: redirect");
			_exit(125);
		}
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "timeit: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("timeit: wait4");
			return 125;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %.3f %.3f %ld %d\n",
	       (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
	       ms(ru.ru_utime), ms(ru.ru_stime), ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) :
	       WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125);
	return 0;
usage:
	fprintf(stderr, "usage: timeit [-o OUT] [-e ERR] -- COMMAND [ARG]...\n");
	return 125;
}
