/* SPDX-License-Identifier: BSD-2-Clause */
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
#ifdef HAVE_SYS_AUXV_H
#include <sys/auxv.h>
#endif
#ifdef HAVE_SYS_VFS_H
#include <sys/vfs.h>
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

/*
 * Whether this process runs with more privilege than whoever started it:
 * the kernel's AT_SECURE (set-user-ID, set-group-ID, file capabilities,
 * a security module's transition), which also puts glibc in its secure
 * mode; where the auxiliary vector cannot tell, real and effective IDs
 * that differ (file capabilities then go unseen).
 */
static bool secure_exec(void)
{
#if defined(HAVE_GETAUXVAL) && defined(AT_SECURE)
	unsigned long v;

	errno = 0;
	v = getauxval(AT_SECURE);
	if (v != 0)
		return true;
	if (errno == 0)
		return false;
	/* ENOENT: no such entry in the vector.  Ask the IDs. */
#endif
	return getuid() != geteuid() || getgid() != getegid();
}

const char *platform_test_env(const char *name)
{
	return secure_exec() ? NULL : getenv(name);
}

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

#ifdef HAVE_SYS_VFS_H
/*
 * The f_type of file systems that keep a regular file's exact length in
 * st_size, from the kernel's include/uapi/linux/magic.h (and ZFS's own).
 * A short list on purpose: what is not in it gets GNU wc's caution.
 */
static const uint32_t exact_fs[] = {
	0xEF53,         /* ext2, ext3, ext4 */
	0x58465342,     /* xfs */
	0x9123683E,     /* btrfs */
	0x01021994,     /* tmpfs */
	0x858458F6,     /* ramfs */
	0xF2F52010,     /* f2fs */
	0x2FC12FC1,     /* zfs */
	0xCA451A4E,     /* bcachefs */
	0x794C7630,     /* overlayfs */
	0x6969,         /* nfs */
	0x73717368,     /* squashfs */
	0xE0F5E1E2,     /* erofs */
	0x9660,         /* iso9660 */
	0x4D44,         /* vfat, msdos */
	0x2011BAB0,     /* exfat */
	0x3153464A,     /* jfs */
	0x52654973,     /* reiserfs */
};

bool platform_exact_sizes(int fd)
{
	struct statfs sfs;
	size_t i;

	if (fstatfs(fd, &sfs) < 0)
		return false;
	for (i = 0; i < ARRAY_SIZE(exact_fs); i++)
		/* f_type is 32 bits wide on some systems: compare those. */
		if ((uint32_t)sfs.f_type == exact_fs[i])
			return true;
	return false;
}
#else
bool platform_exact_sizes(int fd)
{
	(void)fd;
	return false;
}
#endif

#if defined(SEEK_DATA) && defined(SEEK_HOLE)
int platform_next_data(int fd, off_t off, off_t *data, off_t *hole)
{
	off_t d = lseek(fd, off, SEEK_DATA), h;

	/* ENXIO: no data at or after OFF, only a hole up to the end (or
	 * OFF is past the end). */
	if (d < 0)
		return errno == ENXIO ? 0 : -1;
	h = lseek(fd, d, SEEK_HOLE);
	if (h < 0)
		/* The file shrank below D since the first call. */
		return errno == ENXIO ? 0 : -1;
	*data = d;
	*hole = h;
	return 1;
}
#else
int platform_next_data(int fd, off_t off, off_t *data, off_t *hole)
{
	(void)fd;
	(void)off;
	(void)data;
	(void)hole;
	errno = ENOSYS;
	return -1;
}
#endif
