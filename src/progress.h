/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * progress.h - the progress line on standard error.
 *
 * While a run lasts, the parent may show one self-updating line on stderr:
 * the files (or archive entries) done, the bytes counted, the rate since
 * the start, and where the run is (the directory of the newest file handed
 * out, or the archive entry).  It appears only once the run has lasted
 * PROGRESS_DELAY_MS, so short runs print nothing, and is redrawn at most
 * every PROGRESS_INTERVAL_MS: each redraw is "\r", the text, and "\033[K"
 * (erase to the end of the line), with no newline, in one write(2).  The
 * text fits in the terminal's width less one column (TIOCGWINSZ, asked at
 * each redraw so that a resize is followed; $COLUMNS or 80 when the
 * descriptor is no terminal); a long name loses its left end.  Names are
 * made safe for a terminal: every byte or character that is not printable
 * becomes '?'.
 *
 * The caller polls: progress_due() is a clock read (CLOCK_MONOTONIC, in
 * the vDSO) and says whether a redraw is due; only then does the caller
 * gather what progress_draw() shows.  Nothing is done per file.  Whoever
 * writes to stderr (or to the same terminal) while the line may be shown
 * calls progress_clear() first, which erases it; the next redraw brings
 * it back.  progress_end() erases it for good.
 *
 * Modes (options.h): PROGRESS_AUTO draws only when FD is a terminal whose
 * TERM is not "dumb"; PROGRESS_ALWAYS draws whatever FD is; PROGRESS_NEVER
 * never does.  On a terminal, nothing is drawn while the process is not in
 * the terminal's foreground process group, so a run in the background
 * neither scribbles over the shell nor stops on SIGTTOU.
 *
 * Write errors are ignored (the line is a courtesy) but stop the drawing.
 * No function fails.  Parent only; not async-signal-safe.
 */
#ifndef FSTAT_PAR_PROGRESS_H
#define FSTAT_PAR_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "strbuf.h"

/* How long a run goes before the line appears, and between redraws. */
#define PROGRESS_DELAY_MS 500
#define PROGRESS_INTERVAL_MS 125

struct progress {
	bool on;                /* drawing allowed (mode, terminal, no error) */
	bool shown;             /* the line is on the screen now */
	bool tty;               /* fd is a terminal */
	bool utf8;              /* names are UTF-8 (the locale's codeset) */
	int fd;
	uint64_t start_ns;      /* CLOCK_MONOTONIC at progress_init() */
	uint64_t next_ns;       /* when the next redraw is due */
	struct strbuf name;     /* the last name drawn, made safe */
	bool entries;           /* ... which is an archive entry */
	struct strbuf line;     /* scratch: the bytes of one redraw */
};

/* Decide from MODE and FD (STDERR_FILENO but in tests) and start the clock. */
void progress_init(struct progress *pg, enum progress_mode mode, int fd,
		   bool utf8);

/* Whether a redraw is due now (false whenever drawing is off). */
bool progress_due(struct progress *pg);

/*
 * Redraw the line with FILES done and BYTES counted.  NAME (LEN bytes) is
 * where the run is: with ENTRY an archive entry, shown whole, otherwise a
 * file, of which the directory is shown; NULL keeps the last name.
 */
void progress_draw(struct progress *pg, uint64_t files, uint64_t bytes,
		   const char *name, size_t len, bool entry);

/* Erase the line if it is shown; it comes back at the next redraw. */
void progress_clear(struct progress *pg);

/* Erase the line and draw no more. */
void progress_end(struct progress *pg);

/* Free the buffers (after progress_end(), or instead of it at exit). */
void progress_release(struct progress *pg);

/*
 * The pieces of progress_draw(), for the tests.  progress_safe_name()
 * appends NAME (LEN bytes, only its directory with a trailing '/' unless
 * WHOLE) to OUT with every unprintable byte or character replaced by '?'.
 * progress_format() appends the text of the line (no "\r", no escape
 * sequence) to OUT, for a terminal of COLUMNS columns: at most
 * COLUMNS - 1 of them, SAFE (from progress_safe_name) cut on the left
 * with "..." to fit, or left out when fewer than 8 columns remain for it.
 * Both return 0, or -1 with errno ENOMEM.
 */
int progress_safe_name(struct strbuf *out, const char *name, size_t len,
		       bool whole, bool utf8);
int progress_format(struct strbuf *out, unsigned columns, uint64_t files,
		    uint64_t bytes, uint64_t elapsed_ms, bool entries,
		    const struct strbuf *safe, bool utf8);

#endif
