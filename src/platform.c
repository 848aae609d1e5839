/* platform.c - system-specific calls; see platform.h. */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "platform.h"
#include "strbuf.h"

#if defined(HAVE_SYS_PRCTL_H) && defined(PR_SET_PDEATHSIG)
void platform_die_with_parent(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}
#else
void platform_die_with_parent(void)
{
}
#endif

#if defined(SYS_pidfd_open)
int platform_pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}
#else
int platform_pidfd_open(pid_t pid)
{
	(void)pid;
	errno = ENOSYS;
	return -1;
}
#endif

long platform_ncpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		n = CPU_COUNT(&set);
		if (n > 0)
			return n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? n : 1;
}

#ifdef MADV_POPULATE_WRITE
void platform_prefault(void *addr, size_t len)
{
	long pagesize = sysconf(_SC_PAGESIZE);
	uintptr_t start, end;

	if (pagesize <= 0)
		return;
	start = ((uintptr_t)addr + (uintptr_t)pagesize - 1) &
		~((uintptr_t)pagesize - 1);
	end = ((uintptr_t)addr + len) & ~((uintptr_t)pagesize - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
}
#else
void platform_prefault(void *addr, size_t len)
{
	(void)addr;
	(void)len;
}
#endif

int platform_temp_fd(void)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	int fd, saved;

	if (!dir || !*dir)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	/* No O_TMPFILE here (or not on this file system): create, then
	 * unlink at once. */
	if (strbuf_addstr(&path, dir) < 0 ||
	    strbuf_addstr(&path, "/fstat-par.XXXXXX") < 0) {
		strbuf_release(&path);
		return -1;
	}
	fd = mkostemp(path.buf, O_CLOEXEC);
	saved = errno;
	if (fd >= 0)
		unlink(path.buf);
	strbuf_release(&path);
	errno = saved;
	return fd;
}
