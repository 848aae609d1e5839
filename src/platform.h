/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * platform.h - the few calls that differ between systems, each behind one
 * function so that no other file carries #ifdef.  The one exception is
 * walk.c's directory reading: getdents64() where configure found it,
 * readdir() (and a DIR that owns the descriptor) elsewhere.
 *
 * platform_die_with_parent(): ask the kernel to kill the calling process
 *   when its parent dies (Linux prctl PR_SET_PDEATHSIG); a no-op where
 *   there is no such thing.  Workers call it right after fork.
 * platform_pidfd_open(): a descriptor that polls readable when process
 *   PID exits, or -1 where the system has none (the caller then polls
 *   with a timeout and waitpid(WNOHANG)).
 * platform_ncpus(): the CPUs this process may run on, as nproc(1) reports
 *   them (the scheduler affinity mask), at least 1.
 * platform_prefault(): map in, writable, the whole pages inside [ADDR,
 *   ADDR + LEN) of memory the caller owns, in one call (Linux 5.14
 *   MADV_POPULATE_WRITE), instead of one page fault per page later; where
 *   that is not possible it does nothing and the pages fault in as used.
 *   A fault costs 0.5 to 1 us on bare metal and 13 us on some virtual
 *   machines, against about 0.6 us a page here.
 * platform_temp_fd(): an unlinked temporary file in $TMPDIR (or /tmp),
 *   open for reading and writing: never visible, never left behind
 *   (O_TMPFILE, or mkostemp() and unlink() at once where there is no
 *   such flag).  -1 with errno set when it cannot be made.
 * platform_test_env(): getenv(NAME) for a variable that only the tests
 *   set (tests/README: FSTAT_PAR_FAULT, FSTAT_PAR_SPLIT_MIN), or NULL
 *   whenever the process runs with more privilege than its caller
 *   (set-user-ID or set-group-ID, file capabilities: the kernel's
 *   AT_SECURE; where getauxval() is missing, real and effective IDs that
 *   differ), so that no one can crash, hang or steer a privileged run
 *   through its environment.
 * platform_exact_sizes(): whether the file system of FD is one whose
 *   regular files' st_size is exactly the number of bytes read(2) gives
 *   (disk and memory file systems: ext4, xfs, btrfs, tmpfs...).  False for
 *   the kernel's pseudo file systems (/proc says 0, /sys 4096, whatever
 *   the file holds), for any file system not known here, and where the
 *   system cannot tell (fsize.h says what it is for).
 * platform_next_data(): where the next data of the file open as FD is, at
 *   or after OFF (Linux, the BSDs and Solaris: lseek SEEK_DATA and
 *   SEEK_HOLE): 1 with the extent [*DATA, *HOLE), *HOLE being the next
 *   hole or the end of the file; 0 when nothing but a hole follows OFF up
 *   to the end (or OFF is at or past it); -1 with errno where the system
 *   or the file system cannot tell (read it all then).  Moves FD's file
 *   offset.  A file system without holes says the file is one extent.
 */
#ifndef FSTAT_PAR_PLATFORM_H
#define FSTAT_PAR_PLATFORM_H

#include <stdbool.h>
#include <sys/types.h>

void platform_die_with_parent(void);
int platform_pidfd_open(pid_t pid);
long platform_ncpus(void);
void platform_prefault(void *addr, size_t len);
int platform_temp_fd(void);
bool platform_exact_sizes(int fd);
const char *platform_test_env(const char *name);
int platform_next_data(int fd, off_t off, off_t *data, off_t *hole);

#endif
