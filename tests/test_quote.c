/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_quote.c - unit tests for quote.c.
 *
 * Every expected output in cases[] that is quoted was captured from GNU
 * coreutils 9.1 ls on Debian 12 (glibc 2.36): a file with that name was
 * listed with "ls -1 -A --quoting-style=shell-escape", under LC_ALL=C for
 * byte mode and LC_ALL=C.UTF-8 for UTF-8 mode.  The exceptions are the
 * rows marked "Quirk", names that hold a single quote and end with a
 * non-printable character: there ls's form is shown in a comment and we
 * expect the regular form instead, for the reasons given at the top of
 * quote.c.  Names without a control character expect themselves, since
 * quote_name() leaves them alone even where ls would quote them.  Each
 * row runs as a test of its own, so that a failure (or a TAP line, with
 * CMOCKA_MESSAGE_OUTPUT=TAP) names the case.
 *
 * UTF-8 mode asks iswprint(), so main() switches LC_CTYPE to C.UTF-8, the
 * locale the expected outputs were captured in, before any test runs.
 * test_round_trip() needs bash and is skipped where there is none.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include <cmocka.h>

#include "quote.h"
#include "strbuf.h"

struct quote_case {
	const char *desc;
	const char *name;
	size_t len;
	bool utf8;
	bool needed;
	const char *expected;
};

/* sizeof, not strlen, so that names may hold any byte. */
#define CASE(desc, name, utf8, needed, expected) \
	{ desc, name, sizeof(name) - 1, utf8, needed, expected }

static const struct quote_case cases[] = {
	CASE("C: newline in the middle", "a\nb",
	     false, true,
	     "'a'$'\\n''b'"),
	CASE("UTF-8: newline in the middle", "a\nb",
	     true, true,
	     "'a'$'\\n''b'"),
	CASE("C: newline alone", "\n",
	     false, true,
	     "''$'\\n'"),
	CASE("UTF-8: newline alone", "\n",
	     true, true,
	     "''$'\\n'"),
	CASE("C: tab", "a\tb",
	     false, true,
	     "'a'$'\\t''b'"),
	CASE("UTF-8: tab", "a\tb",
	     true, true,
	     "'a'$'\\t''b'"),
	CASE("C: ESC is octal, not \\e", "\033[31mred",
	     false, true,
	     "''$'\\033''[31mred'"),
	CASE("UTF-8: ESC is octal, not \\e", "\033[31mred",
	     true, true,
	     "''$'\\033''[31mred'"),
	CASE("C: DEL", "a\177",
	     false, true,
	     "'a'$'\\177'"),
	CASE("UTF-8: DEL", "a\177",
	     true, true,
	     "'a'$'\\177'"),
	CASE("C: BEL BS VT FF CR have C names", "\007\010\013\014\015",
	     false, true,
	     "''$'\\a\\b\\v\\f\\r'"),
	CASE("UTF-8: BEL BS VT FF CR have C names", "\007\010\013\014\015",
	     true, true,
	     "''$'\\a\\b\\v\\f\\r'"),
	CASE("C: SOH and US are octal", "\001x\037",
	     false, true,
	     "''$'\\001''x'$'\\037'"),
	CASE("UTF-8: SOH and US are octal", "\001x\037",
	     true, true,
	     "''$'\\001''x'$'\\037'"),
	/* Quirk: ls gives '''it'\''s'$'\n' here; see quote.c. */
	CASE("C: single quote before a control", "it's\n",
	     false, true,
	     "'it'\\''s'$'\\n'"),
	/* Quirk: ls gives '''it'\''s'$'\n' here; see quote.c. */
	CASE("UTF-8: single quote before a control", "it's\n",
	     true, true,
	     "'it'\\''s'$'\\n'"),
	CASE("C: single quote after a control", "a\n'b",
	     false, true,
	     "'a'$'\\n'\\''b'"),
	CASE("UTF-8: single quote after a control", "a\n'b",
	     true, true,
	     "'a'$'\\n'\\''b'"),
	CASE("C: single quotes around a control", "a'\n'b",
	     false, true,
	     "'a'\\'''$'\\n'\\''b'"),
	CASE("UTF-8: single quotes around a control", "a'\n'b",
	     true, true,
	     "'a'\\'''$'\\n'\\''b'"),
	/* Quirk: ls gives '''a'\'''$'\001' here; see quote.c. */
	CASE("C: quote, then control at the end", "a'\001",
	     false, true,
	     "'a'\\'''$'\\001'"),
	/* Quirk: ls gives '''a'\'''$'\001' here; see quote.c. */
	CASE("UTF-8: quote, then control at the end", "a'\001",
	     true, true,
	     "'a'\\'''$'\\001'"),
	/* Quirk: ls gives '\001'\''a'\'''$'\001' here; see quote.c. */
	CASE("C: quote, control first and last", "\001'a'\001",
	     false, true,
	     "''$'\\001'\\''a'\\'''$'\\001'"),
	/* Quirk: ls gives '\001'\''a'\'''$'\001' here; see quote.c. */
	CASE("UTF-8: quote, control first and last", "\001'a'\001",
	     true, true,
	     "''$'\\001'\\''a'\\'''$'\\001'"),
	CASE("C: quote, control in the middle", "x'y\001z'w",
	     false, true,
	     "'x'\\''y'$'\\001''z'\\''w'"),
	CASE("UTF-8: quote, control in the middle", "x'y\001z'w",
	     true, true,
	     "'x'\\''y'$'\\001''z'\\''w'"),
	CASE("C: quote, controls, ends printable", "a'\nb",
	     false, true,
	     "'a'\\'''$'\\n''b'"),
	CASE("UTF-8: quote, controls, ends printable", "a'\nb",
	     true, true,
	     "'a'\\'''$'\\n''b'"),
	CASE("C: quote, control, trailing space", "a'\001 ",
	     false, true,
	     "'a'\\'''$'\\001'' '"),
	CASE("UTF-8: quote, control, trailing space", "a'\001 ",
	     true, true,
	     "'a'\\'''$'\\001'' '"),
	CASE("C: leading quote, trailing control", "'a\001",
	     false, true,
	     "''\\''a'$'\\001'"),
	CASE("UTF-8: leading quote, trailing control", "'a\001",
	     true, true,
	     "''\\''a'$'\\001'"),
	CASE("C: only a quote and a control", "'\001",
	     false, true,
	     "''\\'''$'\\001'"),
	CASE("UTF-8: only a quote and a control", "'\001",
	     true, true,
	     "''\\'''$'\\001'"),
	CASE("C: quotes only around controls", "''\001''",
	     false, true,
	     "''\\'''\\'''$'\\001'\\'''\\'''"),
	CASE("UTF-8: quotes only around controls", "''\001''",
	     true, true,
	     "''\\'''\\'''$'\\001'\\'''\\'''"),
	CASE("C: space and a control", "a b\001",
	     false, true,
	     "'a b'$'\\001'"),
	CASE("UTF-8: space and a control", "a b\001",
	     true, true,
	     "'a b'$'\\001'"),
	CASE("C: space before a control", " \001",
	     false, true,
	     "' '$'\\001'"),
	CASE("UTF-8: space before a control", " \001",
	     true, true,
	     "' '$'\\001'"),
	CASE("C: leading control", "\001abc",
	     false, true,
	     "''$'\\001''abc'"),
	CASE("UTF-8: leading control", "\001abc",
	     true, true,
	     "''$'\\001''abc'"),
	CASE("C: trailing control", "abc\001",
	     false, true,
	     "'abc'$'\\001'"),
	CASE("UTF-8: trailing control", "abc\001",
	     true, true,
	     "'abc'$'\\001'"),
	CASE("C: consecutive controls", "a\001\002\003b",
	     false, true,
	     "'a'$'\\001\\002\\003''b'"),
	CASE("UTF-8: consecutive controls", "a\001\002\003b",
	     true, true,
	     "'a'$'\\001\\002\\003''b'"),
	CASE("C: only controls", "\001\002",
	     false, true,
	     "''$'\\001\\002'"),
	CASE("UTF-8: only controls", "\001\002",
	     true, true,
	     "''$'\\001\\002'"),
	CASE("C: only one control", "\033",
	     false, true,
	     "''$'\\033'"),
	CASE("UTF-8: only one control", "\033",
	     true, true,
	     "''$'\\033'"),
	CASE("C: leading tilde and a control", "~\001",
	     false, true,
	     "'~'$'\\001'"),
	CASE("UTF-8: leading tilde and a control", "~\001",
	     true, true,
	     "'~'$'\\001'"),
	CASE("C: leading hash and a control", "#\001",
	     false, true,
	     "'#'$'\\001'"),
	CASE("UTF-8: leading hash and a control", "#\001",
	     true, true,
	     "'#'$'\\001'"),
	/* Quirk: ls gives '''~#'\'''$'\t' here; see quote.c. */
	CASE("C: tilde, hash, quote, control", "~#'\t",
	     false, true,
	     "'~#'\\'''$'\\t'"),
	/* Quirk: ls gives '''~#'\'''$'\t' here; see quote.c. */
	CASE("UTF-8: tilde, hash, quote, control", "~#'\t",
	     true, true,
	     "'~#'\\'''$'\\t'"),
	CASE("C: backslash before a control", "a\\\n",
	     false, true,
	     "'a\\'$'\\n'"),
	CASE("UTF-8: backslash before a control", "a\\\n",
	     true, true,
	     "'a\\'$'\\n'"),
	CASE("C: shell metacharacters", "$`\"*?![]{}=-\n",
	     false, true,
	     "'$`\"*?![]{}=-'$'\\n'"),
	CASE("UTF-8: shell metacharacters", "$`\"*?![]{}=-\n",
	     true, true,
	     "'$`\"*?![]{}=-'$'\\n'"),
	/* Quirk: ls gives '''$'\''\n'\'''$'\n' here; see quote.c. */
	CASE("C: dollar-quote lookalike", "$'\\n'\n",
	     false, true,
	     "'$'\\''\\n'\\'''$'\\n'"),
	/* Quirk: ls gives '''$'\''\n'\'''$'\n' here; see quote.c. */
	CASE("UTF-8: dollar-quote lookalike", "$'\\n'\n",
	     true, true,
	     "'$'\\''\\n'\\'''$'\\n'"),
	CASE("C: lone 0x80 with a control", "a\200\001",
	     false, true,
	     "'a'$'\\200\\001'"),
	CASE("UTF-8: lone 0x80 with a control", "a\200\001",
	     true, true,
	     "'a'$'\\200\\001'"),
	CASE("C: lone 0xff with a control", "\377\001",
	     false, true,
	     "''$'\\377\\001'"),
	CASE("UTF-8: lone 0xff with a control", "\377\001",
	     true, true,
	     "''$'\\377\\001'"),
	CASE("C: high bytes between controls", "\001\376\375\002",
	     false, true,
	     "''$'\\001\\376\\375\\002'"),
	CASE("UTF-8: high bytes between controls", "\001\376\375\002",
	     true, true,
	     "''$'\\001\\376\\375\\002'"),
	CASE("C: valid UTF-8 and a control", "a\303\251\001",
	     false, true,
	     "'a'$'\\303\\251\\001'"),
	CASE("UTF-8: valid UTF-8 and a control", "a\303\251\001",
	     true, true,
	     "'a\303\251'$'\\001'"),
	CASE("C: emoji and a control", "\360\237\230\200\n",
	     false, true,
	     "''$'\\360\\237\\230\\200\\n'"),
	CASE("UTF-8: emoji and a control", "\360\237\230\200\n",
	     true, true,
	     "'\360\237\230\200'$'\\n'"),
	CASE("C: U+0085 NEL", "a\302\205",
	     false, false,
	     "a\302\205"),
	CASE("UTF-8: U+0085 NEL", "a\302\205",
	     true, true,
	     "'a'$'\\302\\205'"),
	CASE("C: U+009B CSI", "a\302\23331m",
	     false, false,
	     "a\302\23331m"),
	CASE("UTF-8: U+009B CSI", "a\302\23331m",
	     true, true,
	     "'a'$'\\302\\233''31m'"),
	CASE("C: U+0085 alone", "\302\205",
	     false, false,
	     "\302\205"),
	CASE("UTF-8: U+0085 alone", "\302\205",
	     true, true,
	     "''$'\\302\\205'"),
	CASE("C: two C1 controls", "\302\205\302\233",
	     false, false,
	     "\302\205\302\233"),
	CASE("UTF-8: two C1 controls", "\302\205\302\233",
	     true, true,
	     "''$'\\302\\205\\302\\233'"),
	CASE("C: C1 between printable UTF-8", "\303\251\302\205\303\251",
	     false, false,
	     "\303\251\302\205\303\251"),
	CASE("UTF-8: C1 between printable UTF-8", "\303\251\302\205\303\251",
	     true, true,
	     "'\303\251'$'\\302\\205''\303\251'"),
	CASE("C: lone continuation byte", "a\200b",
	     false, false,
	     "a\200b"),
	CASE("UTF-8: lone continuation byte", "a\200b",
	     true, true,
	     "'a'$'\\200''b'"),
	CASE("C: lone lead byte at the end", "a\303",
	     false, false,
	     "a\303"),
	CASE("UTF-8: lone lead byte at the end", "a\303",
	     true, true,
	     "'a'$'\\303'"),
	CASE("C: lead byte then ASCII", "a\303b",
	     false, false,
	     "a\303b"),
	CASE("UTF-8: lead byte then ASCII", "a\303b",
	     true, true,
	     "'a'$'\\303''b'"),
	CASE("C: truncated 3-byte sequence", "a\342\202b",
	     false, false,
	     "a\342\202b"),
	CASE("UTF-8: truncated 3-byte sequence", "a\342\202b",
	     true, true,
	     "'a'$'\\342\\202''b'"),
	CASE("C: truncated 4-byte sequence at the end", "\001\360\237\230",
	     false, true,
	     "''$'\\001\\360\\237\\230'"),
	CASE("UTF-8: truncated 4-byte sequence at the end", "\001\360\237\230",
	     true, true,
	     "''$'\\001\\360\\237\\230'"),
	CASE("C: truncated sequence, then valid", "a\342\202\303\251",
	     false, false,
	     "a\342\202\303\251"),
	CASE("UTF-8: truncated sequence, then valid", "a\342\202\303\251",
	     true, true,
	     "'a'$'\\342\\202''\303\251'"),
	CASE("C: invalid byte, then valid", "\377\303\251",
	     false, false,
	     "\377\303\251"),
	CASE("UTF-8: invalid byte, then valid", "\377\303\251",
	     true, true,
	     "''$'\\377''\303\251'"),
	CASE("C: overlong NUL", "a\300\200",
	     false, false,
	     "a\300\200"),
	CASE("UTF-8: overlong NUL", "a\300\200",
	     true, true,
	     "'a'$'\\300\\200'"),
	CASE("C: overlong 3-byte form", "a\340\200\257",
	     false, false,
	     "a\340\200\257"),
	CASE("UTF-8: overlong 3-byte form", "a\340\200\257",
	     true, true,
	     "'a'$'\\340\\200\\257'"),
	CASE("C: UTF-16 surrogate", "a\355\240\200",
	     false, false,
	     "a\355\240\200"),
	CASE("UTF-8: UTF-16 surrogate", "a\355\240\200",
	     true, true,
	     "'a'$'\\355\\240\\200'"),
	CASE("C: above U+10FFFF", "a\364\220\200\200",
	     false, false,
	     "a\364\220\200\200"),
	CASE("UTF-8: above U+10FFFF", "a\364\220\200\200",
	     true, true,
	     "'a'$'\\364\\220\\200\\200'"),
	CASE("C: 5-byte form", "a\370\210\200\200\200",
	     false, false,
	     "a\370\210\200\200\200"),
	CASE("UTF-8: 5-byte form", "a\370\210\200\200\200",
	     true, true,
	     "'a'$'\\370\\210\\200\\200\\200'"),
	CASE("C: quote and trailing invalid byte", "a'\377",
	     false, false,
	     "a'\377"),
	/* Quirk: ls gives '''a'\'''$'\377' here; see quote.c. */
	CASE("UTF-8: quote and trailing invalid byte", "a'\377",
	     true, true,
	     "'a'\\'''$'\\377'"),
	CASE("C: quote and trailing C1", "a'\302\205",
	     false, false,
	     "a'\302\205"),
	/* Quirk: ls gives '''a'\'''$'\302\205' here; see quote.c. */
	CASE("UTF-8: quote and trailing C1", "a'\302\205",
	     true, true,
	     "'a'\\'''$'\\302\\205'"),
	/* Quirk: ls gives '''a'\'''$'\001\303\251' here; see quote.c. */
	CASE("C: quote, control, trailing U+00E9", "a'\001\303\251",
	     false, true,
	     "'a'\\'''$'\\001\\303\\251'"),
	CASE("UTF-8: quote, control, trailing U+00E9", "a'\001\303\251",
	     true, true,
	     "'a'\\'''$'\\001''\303\251'"),
	CASE("C: U+00A0 NBSP and a control", "\302\240\001",
	     false, true,
	     "''$'\\302\\240\\001'"),
	CASE("UTF-8: U+00A0 NBSP and a control", "\302\240\001",
	     true, true,
	     "'\302\240'$'\\001'"),
	CASE("C: U+00AD soft hyphen and a control", "a\302\255\001",
	     false, true,
	     "'a'$'\\302\\255\\001'"),
	CASE("UTF-8: U+00AD soft hyphen and a control", "a\302\255\001",
	     true, true,
	     "'a\302\255'$'\\001'"),
	CASE("C: U+0301 combining accent", "e\314\201\001",
	     false, true,
	     "'e'$'\\314\\201\\001'"),
	CASE("UTF-8: U+0301 combining accent", "e\314\201\001",
	     true, true,
	     "'e\314\201'$'\\001'"),
	CASE("C: U+200B zero width space", "a\342\200\213\001",
	     false, true,
	     "'a'$'\\342\\200\\213\\001'"),
	CASE("UTF-8: U+200B zero width space", "a\342\200\213\001",
	     true, true,
	     "'a\342\200\213'$'\\001'"),
	CASE("C: U+2028 line separator", "a\342\200\250\001",
	     false, true,
	     "'a'$'\\342\\200\\250\\001'"),
	CASE("UTF-8: U+2028 line separator", "a\342\200\250\001",
	     true, true,
	     "'a'$'\\342\\200\\250\\001'"),
	CASE("C: U+FEFF BOM", "\357\273\277\001",
	     false, true,
	     "''$'\\357\\273\\277\\001'"),
	CASE("UTF-8: U+FEFF BOM", "\357\273\277\001",
	     true, true,
	     "'\357\273\277'$'\\001'"),
	CASE("C: U+E000 private use", "a\356\200\200\001",
	     false, true,
	     "'a'$'\\356\\200\\200\\001'"),
	CASE("UTF-8: U+E000 private use", "a\356\200\200\001",
	     true, true,
	     "'a\356\200\200'$'\\001'"),
	CASE("C: U+F0000 private use plane", "a\363\260\200\200\001",
	     false, true,
	     "'a'$'\\363\\260\\200\\200\\001'"),
	CASE("UTF-8: U+F0000 private use plane", "a\363\260\200\200\001",
	     true, true,
	     "'a\363\260\200\200'$'\\001'"),
	CASE("C: U+FFFD replacement char", "a\357\277\275\001",
	     false, true,
	     "'a'$'\\357\\277\\275\\001'"),
	CASE("UTF-8: U+FFFD replacement char", "a\357\277\275\001",
	     true, true,
	     "'a\357\277\275'$'\\001'"),
	CASE("C: U+FFFF noncharacter", "a\357\277\277\001",
	     false, true,
	     "'a'$'\\357\\277\\277\\001'"),
	CASE("UTF-8: U+FFFF noncharacter", "a\357\277\277\001",
	     true, true,
	     "'a'$'\\357\\277\\277\\001'"),
	CASE("C: U+10FFFF noncharacter", "a\364\217\277\277\001",
	     false, true,
	     "'a'$'\\364\\217\\277\\277\\001'"),
	CASE("UTF-8: U+10FFFF noncharacter", "a\364\217\277\277\001",
	     true, true,
	     "'a'$'\\364\\217\\277\\277\\001'"),
	CASE("C: U+10FFFD last private use", "a\364\217\277\275\001",
	     false, true,
	     "'a'$'\\364\\217\\277\\275\\001'"),
	CASE("UTF-8: U+10FFFD last private use", "a\364\217\277\275\001",
	     true, true,
	     "'a\364\217\277\275'$'\\001'"),
	CASE("C: U+0378 unassigned", "a\315\270\001",
	     false, true,
	     "'a'$'\\315\\270\\001'"),
	CASE("UTF-8: U+0378 unassigned", "a\315\270\001",
	     true, true,
	     "'a'$'\\315\\270\\001'"),
	CASE("C: U+2FFFF unassigned", "a\360\257\277\277\001",
	     false, true,
	     "'a'$'\\360\\257\\277\\277\\001'"),
	CASE("UTF-8: U+2FFFF unassigned", "a\360\257\277\277\001",
	     true, true,
	     "'a'$'\\360\\257\\277\\277\\001'"),
	CASE("C: U+3134B unassigned in Unicode 14", "a\360\261\215\213\001",
	     false, true,
	     "'a'$'\\360\\261\\215\\213\\001'"),
	CASE("UTF-8: U+3134B unassigned in Unicode 14", "a\360\261\215\213\001",
	     true, true,
	     "'a'$'\\360\\261\\215\\213\\001'"),
	CASE("C: U+E0000 unassigned tag", "a\363\240\200\200\001",
	     false, true,
	     "'a'$'\\363\\240\\200\\200\\001'"),
	CASE("UTF-8: U+E0000 unassigned tag", "a\363\240\200\200\001",
	     true, true,
	     "'a'$'\\363\\240\\200\\200\\001'"),
	CASE("C: U+E0001 language tag", "a\363\240\200\201\001",
	     false, true,
	     "'a'$'\\363\\240\\200\\201\\001'"),
	CASE("UTF-8: U+E0001 language tag", "a\363\240\200\201\001",
	     true, true,
	     "'a\363\240\200\201'$'\\001'"),
	/* Quirk: ls gives '''a'\'''$'\001\315\270' here; see quote.c. */
	CASE("C: quote and trailing unassigned", "a'\001\315\270",
	     false, true,
	     "'a'\\'''$'\\001\\315\\270'"),
	/* Quirk: ls gives '''a'\'''$'\001\315\270' here; see quote.c. */
	CASE("UTF-8: quote and trailing unassigned", "a'\001\315\270",
	     true, true,
	     "'a'\\'''$'\\001\\315\\270'"),
	CASE("UTF-8: quote and trailing U+2028", "'a\342\200\250",
	     true, false,
	     "'a\342\200\250"),
	CASE("C: plain name", "hello.txt",
	     false, false,
	     "hello.txt"),
	CASE("UTF-8: plain name", "hello.txt",
	     true, false,
	     "hello.txt"),
	CASE("C: spaces", "a b c",
	     false, false,
	     "a b c"),
	CASE("UTF-8: spaces", "a b c",
	     true, false,
	     "a b c"),
	CASE("C: single quote", "it's",
	     false, false,
	     "it's"),
	CASE("UTF-8: single quote", "it's",
	     true, false,
	     "it's"),
	CASE("C: metacharacters, no control", "$(rm -rf ~)*",
	     false, false,
	     "$(rm -rf ~)*"),
	CASE("UTF-8: metacharacters, no control", "$(rm -rf ~)*",
	     true, false,
	     "$(rm -rf ~)*"),
	CASE("C: leading tilde", "~x",
	     false, false,
	     "~x"),
	CASE("UTF-8: leading tilde", "~x",
	     true, false,
	     "~x"),
	CASE("C: leading hash", "#x",
	     false, false,
	     "#x"),
	CASE("UTF-8: leading hash", "#x",
	     true, false,
	     "#x"),
	CASE("C: backslash", "a\\b",
	     false, false,
	     "a\\b"),
	CASE("UTF-8: backslash", "a\\b",
	     true, false,
	     "a\\b"),
	CASE("C: valid UTF-8", "caf\303\251 \360\237\230\200",
	     false, false,
	     "caf\303\251 \360\237\230\200"),
	CASE("UTF-8: valid UTF-8", "caf\303\251 \360\237\230\200",
	     true, false,
	     "caf\303\251 \360\237\230\200"),
	CASE("UTF-8: U+2028 is not a control", "a\342\200\250b",
	     true, false,
	     "a\342\200\250b"),
	CASE("UTF-8: U+00A0 is not a control", "a\302\240b",
	     true, false,
	     "a\302\240b"),
	CASE("C: high bytes", "a\200\377",
	     false, false,
	     "a\200\377"),
	CASE("C: C1 as bytes", "a\302\205",
	     false, false,
	     "a\302\205"),
};

/*
 * Copy NAME into a heap block of exactly LEN bytes, with no terminating
 * NUL, so that AddressSanitizer catches quote.c reading past the end.
 */
static char *exact_copy(const char *name, size_t len)
{
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, name, len);
	return p;
}

/*
 * Quote NAME after PREFIX and compare with PREFIX followed by EXPECTED.
 * Everything is freed before the assertion, because a failing cmocka
 * assertion does not return.
 */
static void check_quote(const char *prefix, const char *name, size_t len,
			bool utf8, const char *expected)
{
	struct strbuf sb = STRBUF_INIT;
	size_t plen = strlen(prefix), elen = strlen(expected);
	char *copy = exact_copy(name, len);
	bool same;
	int ret;

	ret = strbuf_addstr(&sb, prefix);
	if (!ret)
		ret = quote_name(&sb, copy, len, utf8);
	same = !ret && sb.len == plen + elen &&
	       (!sb.len || (!memcmp(sb.buf, prefix, plen) &&
			    !memcmp(sb.buf + plen, expected, elen)));
	if (!same)
		print_error("quote_name() returned %d\n got: %s\nwant: %s%s\n",
			    ret, sb.buf ? sb.buf : "", prefix, expected);
	strbuf_release(&sb);
	free(copy);
	assert_true(same);
}

static bool needed_exact(const char *name, size_t len, bool utf8)
{
	char *copy = exact_copy(name, len);
	bool needed = quote_needed(copy, len, utf8);

	free(copy);
	return needed;
}

static void test_case(void **state)
{
	const struct quote_case *c = *state;

	assert_int_equal(needed_exact(c->name, c->len, c->utf8), c->needed);
	check_quote("", c->name, c->len, c->utf8, c->expected);
}

/*
 * quote_arg(): names in messages.  Each expected form was captured from
 * GNU wc 9.11 ("wc --files0-from=LIST" naming missing files; "cannot
 * open ... for reading" for ALWAYS), under LC_ALL=C or C.UTF-8.
 */
struct arg_case {
	const char *name;
	size_t len;
	bool utf8;
	bool always;
	const char *expected;
};

#define ARG(name, utf8, always, expected) \
	{ name, sizeof(name) - 1, utf8, always, expected }

static const struct arg_case arg_cases[] = {
	ARG("plain", true, false, "plain"),
	ARG("a b", true, false, "'a b'"),
	ARG("a!b", true, false, "'a!b'"),
	ARG("a\"b", true, false, "'a\"b'"),
	ARG("a#b", true, false, "a#b"),
	ARG("#ab", true, false, "'#ab'"),
	ARG("a$b", true, false, "'a$b'"),
	ARG("a%b", true, false, "a%b"),
	ARG("a&b", true, false, "'a&b'"),
	ARG("it's", true, false, "\"it's\""),
	ARG("it's:x", true, false, "\"it's:x\""),
	ARG("it's x", true, false, "\"it's x\""),
	ARG("it's$x", true, false, "'it'\\''s$x'"),
	ARG("a(b", true, false, "'a(b'"),
	ARG("a)b", true, false, "'a)b'"),
	ARG("a*b", true, false, "'a*b'"),
	ARG("a+b", true, false, "a+b"),
	ARG("a,b", true, false, "a,b"),
	ARG("a-b", true, false, "a-b"),
	ARG("a.b", true, false, "a.b"),
	ARG("a:b", true, false, "'a:b'"),
	ARG("a;b", true, false, "'a;b'"),
	ARG("a<b", true, false, "'a<b'"),
	ARG("a=b", true, false, "'a=b'"),
	ARG("a>b", true, false, "'a>b'"),
	ARG("a?b", true, false, "'a?b'"),
	ARG("a@b", true, false, "a@b"),
	ARG("a[b", true, false, "'a[b'"),
	ARG("a\\b", true, false, "'a\\b'"),
	ARG("a]b", true, false, "a]b"),
	ARG("a^b", true, false, "'a^b'"),
	ARG("a_b", true, false, "a_b"),
	ARG("a`b", true, false, "'a`b'"),
	ARG("a{b", true, false, "a{b"),
	ARG("{", true, false, "'{'"),
	ARG("}", true, false, "'}'"),
	ARG("a|b", true, false, "'a|b'"),
	ARG("a}b", true, false, "a}b"),
	ARG("a~b", true, false, "a~b"),
	ARG("~ab", true, false, "'~ab'"),
	ARG("--x", true, false, "--x"),
	ARG("'", true, false, "\"'\""),
	ARG("a'b\"c", true, false, "'a'\\''b\"c'"),
	ARG("a'#", true, false, "'a'\\''#'"),
	ARG("a'~", true, false, "'a'\\''~'"),
	ARG("a'{", true, false, "'a'\\''{'"),
	ARG("a'%+,-./@]_", true, false, "\"a'%+,-./@]_\""),
	ARG("a'=b", true, false, "'a'\\''=b'"),
	ARG("a'?b", true, false, "'a'\\''?b'"),
	ARG("a\tb", true, false, "'a'$'\\t''b'"),
	ARG("a'b\tc", true, false, "'a'\\''b'$'\\t''c'"),
	ARG("l\nz", true, false, "'l'$'\\n''z'"),
	ARG("\xc3\xa9", true, false, "\xc3\xa9"),
	ARG("\xc3\xa9'", true, false, "\"\xc3\xa9'\""),
	ARG("x'\xc3\xa9", true, false, "\"x'\xc3\xa9\""),
	ARG("\xc3\xa9", false, false, "''$'\\303\\251'"),
	ARG("\xc3\xa9'", false, false, "''$'\\303\\251'\\'''"),
	ARG("x'\xc3\xa9", false, false, "'x'\\'''$'\\303\\251'"),
	ARG("it's$x", false, false, "'it'\\''s$x'"),
	ARG("a\\b", false, false, "'a\\b'"),
	ARG("nope", true, true, "'nope'"),
	ARG("no pe", true, true, "'no pe'"),
	ARG("a:b", true, true, "'a:b'"),
	ARG("it's", true, true, "\"it's\""),
	ARG("a\tb", true, true, "'a'$'\\t''b'"),
};

static void test_arg(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	bool ok = true;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(arg_cases); i++) {
		const struct arg_case *c = &arg_cases[i];

		strbuf_setlen(&sb, 0);
		assert_int_equal(quote_arg(&sb, c->name, c->len, c->utf8,
					   c->always), 0);
		if (strcmp(sb.buf ? sb.buf : "", c->expected) != 0) {
			print_error("quote_arg(\"%s\", %s%s): got %s, "
				    "expected %s\n", c->name,
				    c->utf8 ? "UTF-8" : "C",
				    c->always ? ", always" : "",
				    sb.buf ? sb.buf : "", c->expected);
			ok = false;
		}
	}
	strbuf_release(&sb);
	assert_true(ok);
}

/* Output is appended: what the buffer held before must survive. */
static void test_appends(void **state)
{
	(void)state;
	check_quote("3 ", "a\nb", 3, false, "'a'$'\\n''b'");
	check_quote("3 ", "a b", 3, true, "a b");
}

static void test_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_false(quote_needed("", 0, false));
	assert_false(quote_needed("", 0, true));
	assert_int_equal(quote_name(&sb, "", 0, true), 0);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

/* Only LEN bytes count: a NUL or a later byte must not be looked at. */
static void test_len_bounds(void **state)
{
	(void)state;
	assert_false(needed_exact("ab\n", 2, false));
	assert_true(needed_exact("a\nb", 2, false));
	/* A sequence cut short by LEN is invalid, not a character. */
	assert_false(needed_exact("\xc3\xa9", 2, true));
	assert_true(needed_exact("\xc3\xa9", 1, true));
	check_quote("", "\xc3\xa9\n", 1, true, "''$'\\303'");
	check_quote("", "\x01\xe2\x82\xac", 3, true, "''$'\\001\\342\\202'");
	/* A NUL byte is a control character like any other. */
	assert_true(needed_exact("a\0b", 3, false));
}

/* Every single byte, in both modes, against the rule in quote.h. */
static void test_needed_bytes(void **state)
{
	int c;

	(void)state;
	for (c = 1; c < 256; c++) {
		char b = (char)c;
		bool ctrl = c < 0x20 || c == 0x7f;

		assert_int_equal(needed_exact(&b, 1, false), ctrl);
		/* Alone, a byte from 0x80 up is never valid UTF-8. */
		assert_int_equal(needed_exact(&b, 1, true), ctrl || c >= 0x80);
	}
}

/* U+0080..U+009F are controls in UTF-8 mode; U+00A0..U+00FF are not. */
static void test_needed_c1(void **state)
{
	int cp;

	(void)state;
	for (cp = 0x80; cp < 0x100; cp++) {
		char s[2];

		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		assert_int_equal(needed_exact(s, 2, true), cp <= 0x9f);
		assert_false(needed_exact(s, 2, false));
	}
}

/*
 * A long name exercises buffer growth.  "a\n" repeated N times quotes to
 * 'a'$'\n' repeated N times, as ls has it.  With the second byte made a
 * single quote, "a'a\na\n..." starts 'a'\''a'$'\n', where ls would put an
 * extra '' in front (its quirk; see quote.c).
 */
static void test_long(void **state)
{
	enum { N = 5000 };
	static const char unit[] = "'a'$'\\n'";
	static const char head[] = "'a'\\''a'$'\\n'";
	const size_t ulen = sizeof(unit) - 1, hlen = sizeof(head) - 1;
	char *name = malloc(2 * N), *want = malloc(N * ulen + hlen + 1);
	size_t i;

	(void)state;
	assert_non_null(name);
	assert_non_null(want);
	for (i = 0; i < N; i++) {
		memcpy(name + 2 * i, "a\n", 2);
		memcpy(want + i * ulen, unit, ulen);
	}
	want[N * ulen] = '\0';
	check_quote("", name, 2 * N, true, want);

	name[1] = '\'';
	memcpy(want, head, hlen);
	for (i = 0; i < N - 2; i++)
		memcpy(want + hlen + i * ulen, unit, ulen);
	want[hlen + (N - 2) * ulen] = '\0';
	check_quote("", name, 2 * N, false, want);
	free(name);
	free(want);
}

/*
 * One probe for test_decoder_vs_mbrtowc(): S holds 4 bytes.  Counts in
 * *BEYOND the characters glibc decodes above U+10FFFF.
 */
static bool decoder_agrees(const char *s, unsigned *beyond)
{
	mbstate_t ps;
	wchar_t wc;
	size_t n, k, end;
	bool ok = true, valid;

	memset(&ps, 0, sizeof(ps));
	n = mbrtowc(&wc, s, 4, &ps);
	valid = n >= 1 && n <= 4 && wc <= 0x10ffff;
	if (n >= 1 && n <= 4 && !valid) {
		++*beyond;
		ok = !iswprint((wint_t)wc);
	}
	end = valid ? n - 1 : 4;
	for (k = 1; k <= end; k++)
		ok = ok && quote_needed(s, k, true);
	if (valid)
		ok = ok && quote_needed(s, n, true) == (wc <= 0x9f);
	return ok;
}

/*
 * Our decoder must agree with glibc's mbrtowc() in C.UTF-8, which ls
 * uses, on every character up to U+10FFFF.  For every lead byte from 0x80
 * up, every second byte and a spread of third and fourth bytes: when
 * mbrtowc() finds a complete character, quote_needed() on exactly its
 * bytes is true only for a C1 control, and true on every shorter prefix;
 * when mbrtowc() finds none, every prefix needs quoting.  glibc also
 * takes F4 90.. to F7 as characters above U+10FFFF, which we reject as
 * invalid; iswprint() calls none of them printable, so ls escapes their
 * bytes in octal just as we do, and only quote_needed() sees a difference.
 */
static void test_decoder_vs_mbrtowc(void **state)
{
	static const unsigned char tails[] = {
		0x01, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
		0xff,
	};
	enum { NT = ARRAY_SIZE(tails) };
	unsigned lead, t, bad = 0, beyond = 0;

	(void)state;
	for (lead = 0x8001; lead <= 0xffff; lead++) {
		if (!(lead & 0xff))
			continue;	/* no NUL second byte */
		for (t = 0; t < NT * NT; t++) {
			const char s[4] = {
				(char)(lead >> 8), (char)(lead & 0xff),
				(char)tails[t / NT], (char)tails[t % NT],
			};

			if (!decoder_agrees(s, &beyond) && bad++ < 5)
				print_error("disagree on %02x %02x %02x %02x\n",
					    lead >> 8, lead & 0xff,
					    tails[t / NT], tails[t % NT]);
		}
	}
	assert_int_equal(bad, 0);
	/* Proof that the probes reached glibc's extension at all. */
	assert_true(beyond > 0);
}

/* Store the UTF-8 form of CP (any value up to U+10FFFF) in P. */
static size_t put_utf8(unsigned char *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (unsigned char)(0xc0 | (cp >> 6));
		p[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (unsigned char)(0xe0 | (cp >> 12));
		p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		p[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	p[0] = (unsigned char)(0xf0 | (cp >> 18));
	p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	p[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Every code point from U+0080 up, surrogates aside, after a control so
 * that quoting is needed: copied as it is if iswprint() says printable,
 * otherwise written byte by byte in octal.  This checks the decoded
 * value, not just the length.
 */
static void test_every_code_point(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned bad = 0;
	uint32_t cp;

	(void)state;
	for (cp = 0x80; cp <= 0x10ffff; cp++) {
		unsigned char name[5], *c = name + 1;
		char want[32];
		size_t n, k, w;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		name[0] = '\001';
		n = put_utf8(c, cp);
		if (iswprint((wint_t)cp)) {
			w = (size_t)snprintf(want, sizeof(want),
					     "''$'\\001''%.*s'", (int)n,
					     (const char *)c);
		} else {
			w = (size_t)snprintf(want, sizeof(want), "''$'\\001");
			for (k = 0; k < n; k++)
				w += (size_t)snprintf(want + w,
						      sizeof(want) - w,
						      "\\%03o", c[k]);
			w += (size_t)snprintf(want + w, sizeof(want) - w, "'");
		}
		strbuf_setlen(&sb, 0);
		if (quote_name(&sb, (const char *)name, n + 1, true) < 0 ||
		    sb.len != w || memcmp(sb.buf, want, w)) {
			if (bad++ < 5)
				print_error("U+%04X: got %s, want %s\n",
					    (unsigned)cp,
					    sb.buf ? sb.buf : "", want);
		}
	}
	strbuf_release(&sb);
	assert_int_equal(bad, 0);
}

/*
 * The round trip: bash must read every quoted name back as the name.
 *
 * Names are drawn from a fixed-seed generator, so every run tests the
 * same ones.  Pieces are biased towards what quoting has to get right:
 * controls, single quotes, backslashes, spaces, dollars and other shell
 * syntax, '/', valid UTF-8 (C1 controls, non-printable and printable code
 * points), and invalid or truncated sequences; any byte from 1 to 255 can
 * occur.  Only names that need quoting are kept, RT_PER_MODE in each mode.
 * All of them go into one script of "printf '%s\0' WORD" lines, run once
 * under LC_ALL=C and once under LC_ALL=C.UTF-8; names hold no NUL, so
 * the output splits back into names at each NUL.
 */
enum { RT_PER_MODE = 2000, RT_NAME_MAX = 32 };

struct rt_name {
	bool utf8;
	size_t len;
	unsigned char b[RT_NAME_MAX + 8];
};

/* splitmix64, for a fixed sequence of pseudo-random numbers. */
static uint64_t rt_next(uint64_t *seed)
{
	uint64_t z = (*seed += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static unsigned rt_below(uint64_t *seed, unsigned n)
{
	return (unsigned)(rt_next(seed) % n);
}

/* Store one piece of a name at P (at most 5 bytes); return its length. */
static size_t rt_piece(uint64_t *seed, unsigned char *p)
{
	static const char syntax[] = "\"`*?!~#=-/;&|<>(){}[]^%";
	static const char plain[] = "abcXYZ019._";
	static const uint32_t cps[] = {
		0x85, 0x9b, 0xa0, 0xad, 0xe9, 0x301, 0x378, 0x200b, 0x2028,
		0xe000, 0xfeff, 0xfffd, 0xffff, 0x1f600, 0xe0001, 0x10ffff,
	};
	static const char *const broken[] = {
		"\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xc0\x80", "\xe0\x80\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
		"\x80", "\xbf", "\xfe", "\xff",
	};
	unsigned r = rt_below(seed, 100);
	uint32_t cp;

	if (r < 20) {
		unsigned c = rt_below(seed, 32);

		p[0] = (unsigned char)(c == 0 ? 0x7f : c);
	} else if (r < 28) {
		p[0] = '\'';
	} else if (r < 33) {
		p[0] = '\\';
	} else if (r < 38) {
		p[0] = ' ';
	} else if (r < 43) {
		p[0] = '$';
	} else if (r < 50) {
		p[0] = (unsigned char)syntax[rt_below(seed,
						      sizeof(syntax) - 1)];
	} else if (r < 62) {
		p[0] = (unsigned char)plain[rt_below(seed, sizeof(plain) - 1)];
	} else if (r < 70) {
		return put_utf8(p, cps[rt_below(seed, ARRAY_SIZE(cps))]);
	} else if (r < 78) {
		do
			cp = 0x80 + rt_below(seed, 0x110000 - 0x80);
		while (cp >= 0xd800 && cp <= 0xdfff);
		return put_utf8(p, cp);
	} else if (r < 90) {
		const char *b = broken[rt_below(seed, ARRAY_SIZE(broken))];

		memcpy(p, b, strlen(b));
		return strlen(b);
	} else {
		p[0] = (unsigned char)(1 + rt_below(seed, 255));
	}
	return 1;
}

static void rt_make_name(uint64_t *seed, struct rt_name *nm)
{
	size_t want = 1 + rt_below(seed, RT_NAME_MAX);

	nm->len = 0;
	while (nm->len < want)
		nm->len += rt_piece(seed, nm->b + nm->len);
}

/*
 * Print LEN bytes at P after LABEL, bytes outside 0x20..0x7e as \xHH, so
 * that the backslashes of a quoted word stay readable.
 */
static void rt_show(const char *label, const void *p, size_t len)
{
	const unsigned char *s = p;
	struct strbuf sb = STRBUF_INIT;
	char esc[8];
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			strbuf_addch(&sb, s[i]);
		} else {
			snprintf(esc, sizeof(esc), "\\x%02x", s[i]);
			strbuf_addstr(&sb, esc);
		}
	}
	print_error("%s: %s\n", label, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

/*
 * Run "bash PATH" with LC_ALL=LOCALE, stdin from /dev/null, and collect
 * its standard output in OUT.  Returns bash's exit status, or -1 with
 * *EXEC_ERR set to errno when bash could not be run at all, or -1 with
 * *EXEC_ERR 0 on any other failure.  Every descriptor is opened
 * close-on-exec, so bash holds only its own stdout end of the pipe and
 * gets SIGPIPE instead of blocking if this process dies.
 */
static int rt_run_bash(const char *path, const char *locale,
		       struct strbuf *out, int *exec_err)
{
	int outp[2], errp[2], status, err = 0;
	char buf[65536];
	ssize_t got;
	pid_t pid;

	*exec_err = 0;
	if (pipe2(outp, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(errp, O_CLOEXEC) < 0) {
		close(outp[0]);
		close(outp[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (fd < 0 || dup2(fd, 0) < 0 || dup2(outp[1], 1) < 0 ||
		    setenv("LC_ALL", locale, 1) < 0) {
			err = errno ? errno : EINVAL;
		} else {
			/* A non-interactive bash would source $BASH_ENV. */
			unsetenv("BASH_ENV");
			execlp("bash", "bash", path, (char *)NULL);
			err = errno;
		}
		if (write(errp[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(outp[1]);
	close(errp[1]);
	if (pid < 0) {
		close(outp[0]);
		close(errp[0]);
		return -1;
	}
	for (;;) {
		got = read(outp[0], buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || strbuf_add(out, buf, (size_t)got) < 0)
			break;
	}
	close(outp[0]);
	if (read(errp[0], &err, sizeof(err)) != (ssize_t)sizeof(err))
		err = 0;
	close(errp[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (err) {
		*exec_err = err;
		return -1;
	}
	if (WIFSIGNALED(status)) {
		print_error("bash killed by signal %d\n", WTERMSIG(status));
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Split OUT at NULs and compare with the names; report the first miss. */
static bool rt_compare(const struct rt_name *names, size_t count,
		       const struct strbuf *out, const char *locale)
{
	size_t pos = 0, i;

	for (i = 0; i < count; i++) {
		const char *p = out->buf ? out->buf + pos : "", *nul;
		struct strbuf q = STRBUF_INIT;

		nul = pos < out->len ? memchr(p, '\0', out->len - pos) : NULL;
		if (nul && (size_t)(nul - p) == names[i].len &&
		    !memcmp(p, names[i].b, names[i].len)) {
			pos += names[i].len + 1;
			continue;
		}
		print_error("LC_ALL=%s: word %zu of %zu (%s mode) "
			    "read back wrong\n", locale, i, count,
			    names[i].utf8 ? "UTF-8" : "byte");
		rt_show("name", names[i].b, names[i].len);
		quote_name(&q, (const char *)names[i].b, names[i].len,
			   names[i].utf8);
		rt_show("word", q.buf, q.len);
		rt_show("read", p, nul ? (size_t)(nul - p) : out->len - pos);
		strbuf_release(&q);
		return false;
	}
	if (pos != out->len) {
		print_error("LC_ALL=%s: %zu bytes of extra output\n", locale,
			    out->len - pos);
		return false;
	}
	return true;
}

static void test_round_trip(void **state)
{
	static const char *const locales[] = { "C", "C.UTF-8" };
	char path[] = "/tmp/test_quote.XXXXXX";
	struct strbuf script = STRBUF_INIT, out = STRBUF_INIT;
	const size_t count = 2 * RT_PER_MODE;
	struct rt_name *names = calloc(count, sizeof(*names));
	uint64_t seed = 20240601;
	bool ok = names != NULL, no_bash = false;
	size_t i, done = 0;
	int fd = -1;

	(void)state;
	for (i = 0; ok && i < count; ) {
		struct rt_name *nm = &names[i];

		nm->utf8 = i >= RT_PER_MODE;
		rt_make_name(&seed, nm);
		if (!quote_needed((const char *)nm->b, nm->len, nm->utf8))
			continue;
		ok = strbuf_addstr(&script, "printf '%s\\0' ") == 0 &&
		     quote_name(&script, (const char *)nm->b, nm->len,
				nm->utf8) == 0 &&
		     strbuf_addch(&script, '\n') == 0;
		i++;
	}
	if (ok) {
		fd = mkstemp(path);
		ok = fd >= 0;
	}
	while (ok && done < script.len) {
		ssize_t n = write(fd, script.buf + done, script.len - done);

		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		if (ok)
			done += (size_t)n;
	}
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	for (i = 0; ok && i < ARRAY_SIZE(locales); i++) {
		int err, status;

		strbuf_setlen(&out, 0);
		status = rt_run_bash(path, locales[i], &out, &err);
		if (err == ENOENT) {
			no_bash = true;
			break;
		}
		if (status != 0)
			print_error("bash %s exited with %d (errno %d)\n", path,
				    status, err);
		ok = status == 0 && rt_compare(names, count, &out, locales[i]);
	}
	if (fd >= 0)
		unlink(path);
	strbuf_release(&script);
	strbuf_release(&out);
	free(names);
	if (no_bash)
		skip();
	assert_true(ok);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_arg),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_len_bounds),
		cmocka_unit_test(test_needed_bytes),
		cmocka_unit_test(test_needed_c1),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_decoder_vs_mbrtowc),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_round_trip),
	};
	struct CMUnitTest tests[ARRAY_SIZE(cases) + ARRAY_SIZE(fixed)];
	size_t i;

	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		printf("Bail out! setlocale(LC_CTYPE, \"C.UTF-8\") failed\n");
		return EXIT_FAILURE;
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = cases[i].desc;
		tests[i].test_func = test_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		tests[ARRAY_SIZE(cases) + i] = fixed[i];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
