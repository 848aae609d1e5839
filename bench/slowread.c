/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * slowread.c - an LD_PRELOAD shim that makes reads of regular files slow,
 * to emulate a network file system on a warm local one.
 *
 *   SLOWREAD_US=200 LD_PRELOAD=/path/slowread.so COMMAND...
 *
 * Every read(2), pread(2), readv(2) and preadv(2) call (and their _chk and
 * 64 variants) on a descriptor that fstat(2) says is a regular file sleeps
 * SLOWREAD_US microseconds (default 200) before doing the read, the way a
 * request to a file server costs a round trip however little it asks for.
 * Reads of pipes, sockets and terminals are left alone, so fstat-par's task
 * and completion pipes keep their speed.  The check is one fstat per call,
 * not a per-descriptor cache, because descriptors are reused.  Each thread
 * sleeps on its own, so reads issued by several threads at once overlap,
 * as they would on the wire.  The timer slack is set to 1 ns so that a
 * sleep lasts what it says rather than 50 us more.
 *
 * io_uring and mmap bypass the shim; fstat-par uses neither today.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static long delay_ns = 200000;

__attribute__((constructor)) static void slowread_init(void)
{
	const char *us = getenv("SLOWREAD_US");

	if (us && *us)
		delay_ns = atol(us) * 1000;
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}

static void slow(int fd)
{
	struct stat st;
	struct timespec ts;

	if (delay_ns <= 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return;
	ts.tv_sec = delay_ns / 1000000000;
	ts.tv_nsec = delay_ns % 1000000000;
	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) != 0)
		;
}

#define NEXT(name) \
	static __typeof__(name) *next; \
	if (!next) \
		next = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t read(int fd, void *buf, size_t n)
{
	NEXT(read);
	slow(fd);
	return next(fd, buf, n);
}

ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	(void)buflen;
	return read(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	NEXT(pread);
	slow(fd);
	return next(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
	NEXT(pread64);
	slow(fd);
	return next(fd, buf, n, off);
}

ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen);
ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
	(void)buflen;
	return pread(fd, buf, n, off);
}

ssize_t __pread64_chk(int fd, void *buf, size_t n, off_t off, size_t buflen);
ssize_t __pread64_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
	(void)buflen;
	return pread64(fd, buf, n, off);
}

ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	NEXT(readv);
	slow(fd);
	return next(fd, iov, cnt);
}

ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	NEXT(preadv);
	slow(fd);
	return next(fd, iov, cnt, off);
}

ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off_t off)
{
	NEXT(preadv64);
	slow(fd);
	return next(fd, iov, cnt, off);
}

ssize_t preadv2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
	NEXT(preadv2);
	slow(fd);
	return next(fd, iov, cnt, off, flags);
}
