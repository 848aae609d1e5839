/* SPDX-License-Identifier: BSD-2-Clause */
/* watchdog.c - ends the run when libarchive loops; see watchdog.h. */
#include "compat.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "watchdog.h"

static char message[1024];
static size_t message_len;
static volatile sig_atomic_t limit;     /* ticks allowed, 0: disarmed */
static volatile sig_atomic_t inside;    /* in a libarchive call */
static volatile sig_atomic_t ticks;     /* CPU seconds since fed */
static struct sigaction saved;
static int armed;

static void on_tick(int sig)
{
	(void)sig;
	if (!inside || !limit)
		return;
	if (++ticks < limit)
		return;
	/* Nothing else is safe here: say why, and end. */
	if (write(STDERR_FILENO, message, message_len) < 0) {
		/* Nowhere left to say it. */
	}
	_exit(2);
}

static int set_timer(long seconds)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_interval.tv_sec = seconds;
	it.it_value.tv_sec = seconds;
	return setitimer(ITIMER_PROF, &it, NULL);
}

int watchdog_arm(const char *msg, unsigned seconds)
{
	struct sigaction sa;
	size_t n = strlen(msg);

	if (n > sizeof(message) - 1)
		n = sizeof(message) - 1;
	memcpy(message, msg, n);
	message_len = n;
	ticks = 0;
	inside = 0;
	limit = (sig_atomic_t)seconds;
	if (armed)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tick;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPROF, &sa, &saved) < 0)
		return -1;
	if (set_timer(1) < 0) {
		int err = errno;

		sigaction(SIGPROF, &saved, NULL);
		errno = err;
		return -1;
	}
	armed = 1;
	return 0;
}

void watchdog_enter(void)
{
	ticks = 0;
	inside = 1;
}

void watchdog_feed(void)
{
	ticks = 0;
}

void watchdog_leave(void)
{
	inside = 0;
}

void watchdog_disarm(void)
{
	limit = 0;
	inside = 0;
	if (!armed)
		return;
	(void)set_timer(0);
	sigaction(SIGPROF, &saved, NULL);
	armed = 0;
}
