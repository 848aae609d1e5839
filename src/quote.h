/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * quote.h - make file names safe to print on a terminal.
 *
 * quote_name() appends NAME to OUT as it should appear in fstat-par's text
 * output (the rows): unchanged when it holds no control character, otherwise
 * shell-quoted as GNU ls --quoting-style=shell-escape shows it in the same
 * locale (the form GNU wc uses), e.g. 'a'$'\n''b' -- except that names on
 * which ls's output would not read back in a shell are quoted by the same
 * rules as all others (see quote.c).  The result always reads back in
 * bash as exactly NAME.
 *
 * "Control character" means a byte below 0x20 or 0x7f; in UTF-8 mode also
 * a C1 control (U+0080..U+009F) or a byte that is not part of a valid
 * UTF-8 sequence, since either can drive a terminal.
 *
 * In UTF-8 mode quote_name() asks iswprint() of the current LC_CTYPE
 * locale whether each character from U+0080 up is printable, so it must be
 * called in UTF-8 mode only while LC_CTYPE is a UTF-8 locale; byte mode and
 * quote_needed() do not depend on the locale.
 *
 * Returns 0, or -1 with errno ENOMEM (OUT then holds a partial result the
 * caller should discard).  Callable from any process or thread.
 */
#ifndef FSTAT_PAR_QUOTE_H
#define FSTAT_PAR_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

bool quote_needed(const char *name, size_t len, bool utf8);

/*
 * Decode one UTF-8 character from S (LEN > 0 bytes): its length, with
 * the code point in *CP, or 0 when S does not start with a complete,
 * valid sequence (RFC 3629: no stray continuation byte, no overlong
 * form, no surrogate, nothing above U+10FFFF, which glibc accepts).  Our
 * own decoder, so that what is valid does not depend on the locale;
 * output.c and json.c use it too.
 */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
int quote_name(struct strbuf *out, const char *name, size_t len, bool utf8);

/*
 * quote_arg() appends NAME as GNU wc names a file in a message (its
 * quotef(); with ALWAYS, its quoteaf(), which always quotes): as it is
 * when a shell would read it back as one word meaning NAME, and when it
 * holds no colon; otherwise in single quotes, or in double quotes when
 * it holds a single quote and nothing a shell treats specially between
 * double quotes (quote.c gives the rules).  The result reads back in bash
 * as exactly NAME.  The same conditions on UTF-8 mode as quote_name().
 * Row names use quote_name(), messages quote_arg().
 */
int quote_arg(struct strbuf *out, const char *name, size_t len, bool utf8,
	      bool always);

#endif
