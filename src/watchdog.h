/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * watchdog.h - ends the run when libarchive loops without end.
 *
 * Some damage sends libarchive round a loop that never calls back for
 * input and never returns: an ISO 9660 image whose Rock Ridge
 * continuation entries point back at themselves keeps the parent busy in
 * archive_read_next_header() for ever, its memory growing.  --max-entries
 * and --max-bytes never fire, as no entry comes out.  Nothing can unwind
 * libarchive from the outside, so the watchdog counts the CPU time the
 * process spends inside one libarchive call (ITIMER_PROF, a tick a
 * second) with no call back for input in between; at WATCHDOG_SECONDS it
 * writes its message and ends the process with status 2, as any fatal
 * error does (the workers die with it: platform_die_with_parent(); the
 * shared memory and temporary files were unlinked when made).
 *
 * Work that is slow but moves (a big entry being decompressed, an entry
 * skipped) reads input every 64 KiB and so feeds the watchdog; a stream
 * that waits for its writer uses no CPU time.
 *
 * watchdog_arm() sets the message (copied; at most 1 KiB is kept) and
 * installs the handler, once per archive; watchdog_enter() and
 * watchdog_leave() bracket each call into libarchive; watchdog_feed() is
 * called from the read callbacks; watchdog_disarm() restores what was.
 * Parent only, one thread.  The handler's state is the module's own
 * (static, touched only with sig_atomic_t stores), the one kind of global
 * the project allows.
 */
#ifndef FSTAT_PAR_WATCHDOG_H
#define FSTAT_PAR_WATCHDOG_H

/* CPU seconds one libarchive call may use without reading input. */
#define WATCHDOG_SECONDS 10

/* 0, or -1 with errno set (the handler could not be installed). */
int watchdog_arm(const char *msg, unsigned seconds);
void watchdog_enter(void);
void watchdog_feed(void);
void watchdog_leave(void);
void watchdog_disarm(void);

#endif
