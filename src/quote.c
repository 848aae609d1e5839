/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * quote.c - make file names safe to print on a terminal; see quote.h.
 *
 * How GNU ls --quoting-style=shell-escape renders a name that needs
 * quoting, as observed from coreutils 9.1 (the rules below were derived by
 * listing files with chosen names, not from its source):
 *
 * - The whole name is wrapped in single quotes.  Printable characters are
 *   copied as they are, backslashes, spaces and shell metacharacters
 *   included, since nothing but a single quote is special inside '...'.
 * - A single quote becomes '\'' (close, escaped quote, reopen).
 * - Each run of non-printable characters goes into a $'...' part: the
 *   single-quoted part is closed, $' opens the run, and the next printable
 *   character closes it and reopens a plain single-quoted part.  So
 *   "a\nb" gives 'a'$'\n''b', and a name that starts with a control
 *   character starts with an empty '' pair.  \a \b \t \n \v \f \r have
 *   their C names; every other byte is three octal digits, ESC included
 *   (\033, not \e).  A non-printable multibyte character or an invalid
 *   UTF-8 sequence is written byte by byte in octal.
 *
 * Our output must always be a shell word that reads back as exactly the
 * name: given it as one word, as in printf '%s' WORD, a shell with $'...'
 * quoting prints the bytes of the name and nothing else, whatever its
 * locale.  Bash is the reference.  A shell without $'...' cannot read
 * back any name that holds a control character: dash 0.5.12, /bin/sh on
 * Debian 12, reads $'\001' as a dollar sign followed by the four
 * characters \001.  That is as true of ls's output as of ours.
 *
 * We follow ls's form byte for byte except where it would not read back.
 * That happens in one quirk of ls: when a name holds a single quote and
 * its last character is non-printable, ls starts as if a $'...' part were
 * already open.  When such a name starts with a non-printable character,
 * ls writes that first run without its $ opener: "\001'a'\001" gives
 * '\001'\''a'\'''$'\001', which a shell reads as a backslash and three
 * digits, not as the byte 001.  We do not emulate the quirk at all, so
 * such names are rendered by the same rules as every other name, here as
 * ''$'\001'\''a'\'''$'\001'.  That includes the names on which the quirk
 * is harmless: when the name starts with a printable character other than
 * a quote, ls merely adds a redundant '' in front ("a'\001" gives
 * '''a'\'''$'\001' where we write 'a'\'''$'\001'), and copying only that
 * half of the quirk would keep its extra state for nothing but byte
 * equality on a class of names where we already part ways with ls.  When
 * the name starts with a single quote, the quirk changes nothing and we
 * agree with ls.
 *
 * In byte mode (LC_ALL=C) only 0x20..0x7e are printable, whatever the
 * locale.  In UTF-8 mode (LC_ALL=C.UTF-8) ls decodes characters with
 * mbrtowc() and asks iswprint().  We decode UTF-8 ourselves and ask
 * iswprint() about every code point from U+0080 up, so that what counts
 * as printable follows the C library's Unicode tables exactly as it does
 * for ls.  Up to U+10FFFF our decoder accepts exactly what glibc's does:
 * no overlong forms and no surrogates.  glibc 2.36 also decodes the old
 * 4- to 6-byte forms of values from 0x110000 to 0x7FFFFFFF, which we
 * take as invalid bytes instead.  Since iswprint() calls none of those
 * values printable, ls writes every byte of such a sequence in octal just
 * as we do; only quote_needed() tells them apart, and rightly so, since a
 * terminal sees invalid UTF-8 there.  The decoder is our own so that
 * quote_needed(), which looks only for controls and invalid sequences,
 * does not depend on the locale, and so that the way an invalid sequence
 * is cut into non-printable bytes is written down here rather than left
 * to mbrtowc()'s state handling.
 *
 * Precondition: quote_name() may be called in UTF-8 mode only while the
 * LC_CTYPE locale is a UTF-8 locale.  iswprint() takes a wchar_t, and only
 * in a UTF-8 locale is a wchar_t the Unicode code point we decoded.
 * fstat-par's main() meets this: it sets the locale from the environment
 * and chooses UTF-8 mode only when nl_langinfo(CODESET) is "UTF-8".  In
 * another locale the output would still read back as the name, since
 * every byte but the single quote is literal inside '...', but it could
 * differ from ls's.  Byte mode and quote_needed() never look at the
 * locale.
 */
#include "compat.h"

#include <stdint.h>
#include <string.h>
#include <wctype.h>

#include "quote.h"

/* CP is a decoded code point; see the precondition at the top. */
static bool cp_printable(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 0x20 && cp < 0x7f;
	return iswprint((wint_t)cp) != 0;
}

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return n;
}

/*
 * Measure the character at S (LEN > 0 bytes): return its length in bytes
 * and say whether ls would print it as it is.  A byte that does not start
 * a valid sequence counts as a non-printable character of its own, so the
 * next call looks at the byte after it, as ls does.
 */
static size_t char_scan(const unsigned char *s, size_t len, bool utf8,
			bool *printable)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80 || !utf8) {
		*printable = s[0] >= 0x20 && s[0] < 0x7f;
		return 1;
	}
	n = utf8_decode(s, len, &cp);
	if (!n) {
		*printable = false;
		return 1;
	}
	*printable = cp_printable(cp);
	return n;
}

bool quote_needed(const char *name, size_t len, bool utf8)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n;

		if (s[i] < 0x20 || s[i] == 0x7f)
			return true;
		if (s[i] < 0x80 || !utf8) {
			i++;
			continue;
		}
		/*
		 * Invalid bytes and C1 controls matter only in UTF-8 mode:
		 * a terminal decoding UTF-8 may act on them, while in byte
		 * mode the caller has promised nothing about the encoding.
		 */
		n = utf8_decode(s + i, len - i, &cp);
		if (!n || cp <= 0x9f)
			return true;
		i += n;
	}
	return false;
}

static int add_escape(struct strbuf *out, unsigned char c)
{
	static const char named[] = "abtnvfr";
	char esc[4];

	esc[0] = '\\';
	if (c >= '\a' && c <= '\r') {
		esc[1] = named[c - '\a'];
		return strbuf_add(out, esc, 2);
	}
	esc[1] = (char)('0' + (c >> 6));
	esc[2] = (char)('0' + ((c >> 3) & 7));
	esc[3] = (char)('0' + (c & 7));
	return strbuf_add(out, esc, 4);
}

/* NAME in single quotes, with $'...' parts for what is not printable. */
static int quote_shell(struct strbuf *out, const char *name, size_t len,
		       bool utf8)
{
	const unsigned char *s = (const unsigned char *)name;
	bool in_dollar = false, printable;
	size_t i = 0, j, n;

	if (strbuf_addch(out, '\'') < 0)
		return -1;
	while (i < len) {
		n = char_scan(s + i, len - i, utf8, &printable);
		if (s[i] == '\'') {
			/*
			 * Same bytes whether a '...' or a $'...' part is
			 * open.
			 */
			if (strbuf_add(out, "'\\''", 4) < 0)
				return -1;
			in_dollar = false;
		} else if (printable) {
			if (in_dollar && strbuf_add(out, "''", 2) < 0)
				return -1;
			in_dollar = false;
			if (strbuf_add(out, s + i, n) < 0)
				return -1;
		} else {
			if (!in_dollar && strbuf_add(out, "'$'", 3) < 0)
				return -1;
			in_dollar = true;
			for (j = 0; j < n; j++)
				if (add_escape(out, s[i + j]) < 0)
					return -1;
		}
		i += n;
	}
	return strbuf_addch(out, '\'');
}

int quote_name(struct strbuf *out, const char *name, size_t len, bool utf8)
{
	if (!quote_needed(name, len, utf8))
		return strbuf_add(out, name, len);
	return quote_shell(out, name, len, utf8);
}

/*
 * Names in messages, as GNU wc 9.11 writes them (gnulib's quotef() and
 * quoteaf(): the shell-escape style, a colon quoted too).  The rules were
 * derived by making wc 9.11 report missing files of chosen names, under
 * LC_ALL=C and LC_ALL=C.UTF-8:
 *
 * - A name is quoted when it holds a character that is not printable, a
 *   space or one of ! " $ & ' ( ) * ; < = > ? [ \ ^ ` | :, or starts with
 *   # or ~, or is a lone { or }.  Other punctuation (% + , - . / @ ] _,
 *   and # ~ { } elsewhere) and printable non-ASCII characters in UTF-8
 *   mode are left as they are.
 * - A quoted name that holds a single quote, and otherwise only letters,
 *   digits, spaces, printable non-ASCII characters, % + , - . / : @ ] _
 *   and a leading # or ~, is put in double quotes as it is: "it's".
 * - Any other quoted name is put in single quotes, as quote_name() does
 *   with a name that holds a control character: 'no pe', 'it'\''s $x',
 *   'a'$'\t''b'.
 */

/* Whether C, at index I of a name of LEN bytes, makes wc quote it. */
static bool arg_special(unsigned char c, size_t i, size_t len)
{
	if (c == '#' || c == '~')
		return i == 0;
	if (c == '{' || c == '}')
		return len == 1;
	return strchr(" !\"$&'()*;<=>?[\\^`|:", c) != NULL;
}

/* Whether the printable C, at index I, may stand inside "..." as it is. */
static bool arg_plain(unsigned char c, size_t i)
{
	if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	if (c == '#' || c == '~')
		return i == 0;
	return strchr(" '%+,-./:@]_", c) != NULL;
}

int quote_arg(struct strbuf *out, const char *name, size_t len, bool utf8,
	      bool always)
{
	const unsigned char *s = (const unsigned char *)name;
	bool quote = always || len == 0, apostrophe = false, plain = true;
	bool printable;
	size_t i = 0, n;

	while (i < len) {
		n = char_scan(s + i, len - i, utf8, &printable);
		if (!printable || arg_special(s[i], i, len))
			quote = true;
		if (s[i] == '\'')
			apostrophe = true;
		if (!printable || !arg_plain(s[i], i))
			plain = false;
		i += n;
	}
	if (!quote)
		return strbuf_add(out, name, len);
	if (!apostrophe || !plain)
		return quote_shell(out, name, len, utf8);
	if (strbuf_addch(out, '"') < 0 || strbuf_add(out, name, len) < 0)
		return -1;
	return strbuf_addch(out, '"');
}
