#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --format=tsv|csv|json|jsonl, -0 and --total in every format.  Each
# format is read back with a real parser (python3's csv and json modules;
# tsv unescaped by its documented rules) on names with a newline, a tab,
# quotes, a comma, a backslash, a leading '-', spaces, invalid UTF-8 and a
# file named "total", and every record must give back the name byte for
# byte and the counts of the text format.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

if ! command -v python3 >/dev/null 2>&1; then
	skip "structured formats read back by python3" "no python3"
	done_testing
fi

A=${TESTDATA:-${srcdir:-$(dirname "$0")/..}/testdata}/archives
if ! A=$(cd "$A" 2>/dev/null && pwd) || [ ! -f "$A/tree-ustar.tar" ]; then
	echo "Bail out! no test archives in $A"
	exit 99
fi

# fmt.py turns any output into canonical records, one a line:
#   TYPE key=value ...
# in the fixed order of the fields (strings as hex, numbers in decimal),
# so that every format can be compared with every other and with what
# the directory holds.
#
#   fmt.py FORMAT FILE          parse FILE (tsv0 and text0: with -0)
#   fmt.py expect ROOT TEXT COLS [ARCHIVE]
#                               the records a run must give: names from a
#                               walk of ROOT (or, for an archive, from the
#                               text rows), counts from TEXT, the text
#                               run with --total=always and columns COLS
#   fmt.py members FILE         the members of a json document
cat >"$TMP/fmt.py" <<'PY'
import csv, io, json, os, re, sys

COUNTS = ["lines", "words", "chars", "bytes", "max_line_length", "matches"]
ORDER = ["name", "archive", "entry", "extension", "files"] + COUNTS
STRS = {"name", "archive", "entry", "extension"}
TYPES = ["file", "total", "summary"]
RUN_KEYS = ["type", "version", "shard", "source", "root", "selection",
            "mode", "columns", "inputs", "errors", "regular_bytes",
            "stream_input", "unpadded"]

def die(msg):
    print("ERROR: " + msg)
    sys.exit(1)

def canon(rtype, rec):
    out = [rtype]
    for k in ORDER:
        if k in rec:
            v = rec[k]
            out.append(k + "=" + (v.hex() if k in STRS else str(v)))
    print(" ".join(out))

def check_order(kind, keys):
    if keys != sorted(keys, key=ORDER.index):
        die("%s fields out of order: %s" % (kind, keys))

def check_types(types):
    # files, then at most one total, then the summary
    if [TYPES.index(t) for t in types] != sorted(TYPES.index(t) for t in types) \
       or types.count("total") > 1:
        die("records out of order: %s" % types)

UNESC = {b"t": b"\t", b"n": b"\n", b"r": b"\r", b"\\": b"\\"}

def tsv_unescape(cell):
    if b"\r" in cell:
        die("raw CR in a tsv cell")
    return re.sub(rb"\\(.)", lambda m: UNESC[m.group(1)], cell, flags=re.S)

def parse_tsv(data, null):
    term = b"\0" if null else b"\n"
    if not data.endswith(term):
        die("tsv output does not end with its row terminator")
    rows = data[:-1].split(term)
    header = rows[0].decode("ascii").split("\t")
    if header[0] != "type" or (null and header[-1] != "name"):
        die("bad tsv header %s" % header)
    check_order("tsv", [h for h in header if h != "type" and not (null and h == "name")])
    types = []
    for row in rows[1:]:
        cells = row.split(b"\t", len(header) - 1) if null else row.split(b"\t")
        if len(cells) != len(header):
            die("tsv row with %d cells: %r" % (len(cells), row))
        rec = {}
        for k, c in zip(header[1:], cells[1:]):
            if c == b"":
                continue
            if k in STRS:
                rec[k] = c if (null and k == "name") else tsv_unescape(c)
            else:
                rec[k] = int(c)
        types.append(cells[0].decode())
        canon(types[-1], rec)
    check_types(types)

def parse_csv(data):
    text = data.decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    # RFC 4180: Python's writer quotes exactly what must be quoted and
    # ends rows with CRLF; writing the rows back must give the same bytes.
    again = io.StringIO(newline="")
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    if again.getvalue() != text:
        die("csv output is not minimal RFC 4180 with CRLF line ends")
    header = rows[0]
    if header[0] != "type":
        die("bad csv header %s" % header)
    check_order("csv", header[1:])
    types = []
    for row in rows[1:]:
        if len(row) != len(header):
            die("csv row with %d cells" % len(row))
        rec = {}
        for k, c in zip(header[1:], row[1:]):
            if c == "":
                continue
            rec[k] = c.encode("utf-8", "surrogateescape") if k in STRS else int(c)
        types.append(row[0])
        canon(row[0], rec)
    check_types(types)

def json_rec(rtype, obj):
    keys = [k for k in obj if k != "type"]
    check_order(rtype, keys)
    rec = {}
    for k in keys:
        v = obj[k]
        if k in STRS:
            if not isinstance(v, str):
                die("%s is not a string" % k)
            rec[k] = v.encode("utf-8", "surrogateescape")
        else:
            if type(v) is not int:
                die("%s is not an integer" % k)
            rec[k] = v
    canon(rtype, rec)

def parse_json(data):
    doc = json.loads(data.decode("utf-8"))     # strict UTF-8
    keys = list(doc)
    if keys != sorted(keys, key=["files", "total", "summary"].index):
        die("json members %s" % keys)
    for obj in doc.get("files", []):
        json_rec("file", obj)
    if "total" in doc:
        json_rec("total", doc["total"])
    for obj in doc.get("summary", []):
        json_rec("summary", obj)

def parse_jsonl(data):
    text = data.decode("utf-8")
    if text and not text.endswith("\n"):
        die("jsonl does not end with a newline")
    types = []
    last = -1
    for i, line in enumerate(text.splitlines()):
        obj = json.loads(line)
        if list(obj)[0] != "type":
            die("type is not the first field")
        if i == 0:
            # The run record, for --merge (cli-shard.sh tests it).
            if list(obj) != RUN_KEYS or obj["version"] != 2:
                die("bad run record %s" % list(obj))
            continue
        if obj["type"] == "file":
            # Its place in the run, for --merge: increasing.
            index = obj.pop("index")
            if type(index) is not int or index <= last:
                die("file index %r after %d" % (index, last))
            last = index
        types.append(obj["type"])
        json_rec(obj["type"], obj)
    if not text:
        die("jsonl without its run record")
    check_types(types)

def text_rows(data, null, ncols):
    term = b"\0" if null else b"\n"
    if not data:
        return []
    if not data.endswith(term):
        die("text output does not end with its row terminator")
    pat = re.compile(rb" *" + rb" +".join([rb"(\d+)"] * ncols) + rb"(?: (.*))?",
                     re.S)
    rows = []
    for row in data[:-1].split(term):
        m = pat.fullmatch(row)
        if not m:
            die("bad text row %r" % row)
        rows.append(([int(x) for x in m.groups()[:ncols]], m.group(ncols + 1)))
    return rows

def walk(root):
    names = []
    for e in sorted(os.scandir(root), key=lambda e: e.name):
        if e.is_dir(follow_symlinks=False):
            names += walk(e.path)
        elif e.is_file(follow_symlinks=False):
            names.append(e.path)
    return names

def expect(root, textfile, cols, archive=None):
    cols = cols.split(",")
    rows = text_rows(open(textfile, "rb").read(), False, len(cols))
    if archive is None:
        names = walk(os.fsencode(root))
    else:
        names = [n for _, n in rows[:-1]]
    if len(names) != len(rows) - 1 or rows[-1][1] != b"total":
        die("%d names for %d text rows" % (len(names), len(rows)))
    for name, (counts, _) in zip(names, rows):
        rec = dict(zip(cols, counts))
        rec["name"] = name
        if archive is not None:
            a = os.fsencode(archive)
            if not name.startswith(a + b"/"):
                die("entry %r not in %r" % (name, a))
            rec["archive"] = a
            rec["entry"] = name[len(a) + 1:]
        canon("file", rec)
    canon("total", dict(zip(cols, rows[-1][0])))

what = sys.argv[1]
if what == "expect":
    expect(*sys.argv[2:])
    sys.exit(0)
data = open(sys.argv[2], "rb").read()
if what == "members":
    print(",".join(json.loads(data.decode("utf-8"))))
elif what in ("tsv", "tsv0"):
    parse_tsv(data, what == "tsv0")
elif what == "csv":
    parse_csv(data)
elif what == "json":
    parse_json(data)
elif what == "jsonl":
    parse_jsonl(data)
elif what == "text0":
    # text with -0 and --total=always: the counts, then the name as it
    # is; the last row is the total
    cols = sys.argv[3].split(",")
    rows = text_rows(data, True, len(cols))
    for i, (counts, name) in enumerate(rows):
        rec = dict(zip(cols, counts))
        if i < len(rows) - 1:
            rec["name"] = name
        elif name != b"total":
            die("the last row is not the total")
        canon("file" if i < len(rows) - 1 else "total", rec)
PY

fmt() {
	python3 "$TMP/fmt.py" "$@" 2>&1
}

# same DESC FILE: FILE against $TMP/want, with a diff when they differ.
same() {
	if cmp -s "$2" "$TMP/want"; then
		ok "$1"
	else
		not_ok "$1" "records differ (- expected, + got):"
		diff "$TMP/want" "$2" | head -20 | sed 's/^/#     /'
	fi
}

cd "$TMP" || exit 99
mkdir -p T/sub T/x.d
printf 'one two\nTODO three\n' >"T/new
line.txt"
printf 'a\tb\tc\n' >"T/tab	here.c"
printf 'say "hi"\n' >'T/q"uote".c'
printf 'a,b\nc\n' >'T/com,ma.csv'
printf '\\ back\n' >'T/back\slash\n.h'
printf 'dash\n' >'T/-lead'
printf 'spaced out words here\n' >'T/with  two spaces.txt'
printf 'bad name\nTODO\n' >"T/$(printf 'bad\377name')"
printf 'valid\n' >"T/$(printf 'caf\303\251.md')"
printf 'cr\n' >"T/$(printf 'cr\rname')"
printf 'total\nrows\n' >T/total
printf 'deep TODO\n\n' >T/sub/total
printf 'x' >T/sub/no-newline
: >T/x.d/empty
printf 'h\n' >T/.hidden

COLS=lines,words,chars,bytes,max_line_length,matches
ALL="-lwmcL --count-matches=TODO"

# The reference: the text format's counts, the names of a walk.
# shellcheck disable=SC2086
LC_ALL=C "$FSTAT_PAR" $ALL --total=always T >"$TMP/text" 2>"$TMP/text_err"
fmt expect T "$TMP/text" "$COLS" >"$TMP/want"
if [ "$(wc -l <"$TMP/want")" -eq 16 ] && [ ! -s "$TMP/text_err" ]; then
	ok "reference: 15 files and the total from the text format"
else
	not_ok "reference: 15 files and the total from the text format"
	show "$TMP/want"
	show "$TMP/text_err"
fi

## Every format gives back every name and every count --------------------

for f in tsv csv json jsonl; do
	# shellcheck disable=SC2086
	run env LC_ALL=C "$FSTAT_PAR" --format=$f $ALL --total=always T
	cp "$TMP/out" "$TMP/out.$f"
	fmt "$f" "$TMP/out" >"$TMP/got"
	same "$f: names byte-exact, counts as text" "$TMP/got"
	is "$f: exit 0, nothing on stderr" "$status:$(cat "$TMP/err")" "0:"
done

# shellcheck disable=SC2086
run env LC_ALL=C "$FSTAT_PAR" --format=tsv -0 $ALL --total=always T
fmt tsv0 "$TMP/out" >"$TMP/got"
same "tsv -0: rows end in NUL, raw names last, round trip" "$TMP/got"

# shellcheck disable=SC2086
run env LC_ALL=C "$FSTAT_PAR" -0 $ALL --total=always T
fmt text0 "$TMP/out" "$COLS" >"$TMP/got"
same "text -0: the counts of text, then the raw name, NUL-ended" "$TMP/got"

# The exact header rows, and a sample of the escaping.
is "csv header" "$(head -1 "$TMP/out.csv")" \
	"$(printf 'type,name,lines,words,chars,bytes,max_line_length,matches\r')"
is "tsv header" "$(head -1 "$TMP/out.tsv")" \
	"$(printf 'type\tname\tlines\twords\tchars\tbytes\tmax_line_length\tmatches')"
is "csv: a comma and quotes are quoted, quotes doubled" \
	"$(grep -a -c '^file,"T/com,ma.csv",' "$TMP/out.csv"):$(grep -a -c '^file,"T/q""uote"".c",' "$TMP/out.csv")" "1:1"
is "tsv: tab, newline and backslash escaped" \
	"$(grep -a -c -F -e 'T/tab\there.c' -e 'T/new\nline.txt' -e 'T/back\\slash\\n.h' "$TMP/out.tsv")" 3
is "json: invalid UTF-8 as \\udcXX, valid UTF-8 as is" \
	"$(grep -a -c -F -e '"T/bad\udcffname"' -e "\"T/$(printf 'caf\303\251.md')\"" "$TMP/out.json")" 2
is "tsv and csv: the file named total is a file row" \
	"$(grep -a -c '^file.T/total.' "$TMP/out.tsv"):$(grep -a -c '^file,T/total,' "$TMP/out.csv")" "1:1"

## -0 and xargs -0 ---------------------------------------------------------

if printf 'a\tb\0' | cut -z -f2 >/dev/null 2>&1 &&
   printf 'a\0b\0' | tail -z -n +2 >/dev/null 2>&1; then
	# The name is the last column: everything after the second tab.
	"$FSTAT_PAR" -0 --format=tsv --total=never -l T | tail -z -n +2 |
		cut -z -f3- >"$TMP/names0"
	# shellcheck disable=SC2016
	xargs -0 sh -c 'for f do [ -f "$f" ] && printf "%s\0" "$f"; done' sh \
		<"$TMP/names0" >"$TMP/back0"
	n=$(tr -cd '\0' <"$TMP/back0" | wc -c)
	if [ "$n" -eq 15 ] && cmp -s "$TMP/names0" "$TMP/back0"; then
		ok "tsv -0 | cut -z | xargs -0: every name reaches a command whole"
	else
		not_ok "tsv -0 | cut -z | xargs -0: every name reaches a command whole" "$n names back"
		show "$TMP/back0"
	fi
else
	skip "tsv -0 | cut -z | xargs -0" "no cut -z or tail -z"
fi
"$FSTAT_PAR" -0 --total=never -c T | python3 -c '
import sys
for r in sys.stdin.buffer.read().split(b"\0")[:-1]:
    sys.stdout.buffer.write(r.lstrip(b" ").split(b" ", 1)[1] + b"\0")' >"$TMP/names0"
xargs -0 printf '%s\0' <"$TMP/names0" >"$TMP/back0"
n=$(tr -cd '\0' <"$TMP/names0" | wc -c)
if [ "$n" -eq 15 ] && cmp -s "$TMP/names0" "$TMP/back0"; then
	ok "text -0 | xargs -0 printf: the names come back unchanged"
else
	not_ok "text -0 | xargs -0 printf: the names come back unchanged" "$n names"
	show "$TMP/names0"
fi

run "$FSTAT_PAR" -0 --format=csv T
is "-0 with csv is a usage error" "$status" 2
run "$FSTAT_PAR" --null --format=json T
is "-0 with json is a usage error" "$status" 2

## --total in every format -----------------------------------------------

# records FILE FORMAT: "F files, total" as the canonical records say.
records() {
	fmt "$2" "$1" >"$TMP/rec"
	printf '%s files, %s total' "$(grep -c '^file' "$TMP/rec")" \
		"$(grep -c '^total' "$TMP/rec")"
}

for f in tsv tsv0 csv json jsonl; do
	case $f in
	tsv0) opt="--format=tsv -0" ;;
	*) opt="--format=$f" ;;
	esac
	for mode in auto always only never; do
		case $mode in
		auto|always) exp="15 files, 1 total" ;;
		only) exp="0 files, 1 total" ;;
		never) exp="15 files, 0 total" ;;
		esac
		# shellcheck disable=SC2086
		"$FSTAT_PAR" $opt -l --total=$mode T >"$TMP/out" 2>"$TMP/err"
		is "$f --total=$mode: $exp" "$(records "$TMP/out" "$f")" "$exp"
	done
	# One file: auto prints no total, always does (as GNU wc).
	# shellcheck disable=SC2086
	"$FSTAT_PAR" $opt -l T/total >"$TMP/out"
	is "$f: one file, --total=auto: no total" "$(records "$TMP/out" "$f")" "1 files, 0 total"
	# shellcheck disable=SC2086
	"$FSTAT_PAR" $opt -l --total=always T/x.d >"$TMP/out"
	is "$f: one empty file, --total=always: a total" "$(records "$TMP/out" "$f")" "1 files, 1 total"
done

"$FSTAT_PAR" --format=json --total=only T >"$TMP/out"
is "json --total=only: no files member" "$(fmt members "$TMP/out")" "total"
"$FSTAT_PAR" --format=json --total=never T >"$TMP/out"
is "json --total=never: no total member" "$(fmt members "$TMP/out")" "files"
"$FSTAT_PAR" --format=json --total=auto T/x.d/empty >"$TMP/out"
is "json, one file: files only" "$(fmt members "$TMP/out")" "files"
"$FSTAT_PAR" --format=json -x '*' T >"$TMP/out"
is "json, nothing selected: an empty files array" "$(tr -d '\n ' <"$TMP/out")" '{"files":[]}'
"$FSTAT_PAR" --format=csv -l -x '*' T >"$TMP/out"
is "csv, nothing selected: the header alone" "$(cat "$TMP/out")" "$(printf 'type,name,lines\r')"

## Archives: archive and entry fields ------------------------------------

for a in tree-ustar.tar tree.zip; do
	(cd "$A" && LC_ALL=C "$FSTAT_PAR" -lwmcL --total=always "$a") >"$TMP/text"
	fmt expect "$A" "$TMP/text" lines,words,chars,bytes,max_line_length "$a" >"$TMP/want"
	for f in tsv csv json jsonl; do
		(cd "$A" && LC_ALL=C "$FSTAT_PAR" --format=$f -lwmcL --total=always "$a") >"$TMP/out"
		fmt "$f" "$TMP/out" >"$TMP/got"
		same "$a, $f: archive, entry and name of every entry" "$TMP/got"
	done
	(cd "$A" && LC_ALL=C "$FSTAT_PAR" --format=tsv -0 -lwmcL --total=always "$a") >"$TMP/out"
	fmt tsv0 "$TMP/out" >"$TMP/got"
	same "$a, tsv -0: archive, entry and name of every entry" "$TMP/got"
done
# On standard input the archive is "-".
(cd "$A" && LC_ALL=C "$FSTAT_PAR" -lwmcL --total=always - <tree-ustar.tar) >"$TMP/text"
fmt expect "$A" "$TMP/text" lines,words,chars,bytes,max_line_length - >"$TMP/want"
(cd "$A" && LC_ALL=C "$FSTAT_PAR" --format=jsonl -lwmcL --total=always - <tree-ustar.tar) >"$TMP/out"
fmt jsonl "$TMP/out" >"$TMP/got"
same "archive on standard input, jsonl: archive \"-\"" "$TMP/got"
(cd "$A" && "$FSTAT_PAR" --format=csv -l latin1.tar) >"$TMP/out"
is "csv: an entry with a Latin-1 name keeps its byte" \
	"$(fmt csv "$TMP/out" | sed -n 1p)" \
	"file name=$(printf 'latin1.tar/caf\351.txt' | od -An -tx1 | tr -d ' \n') archive=6c6174696e312e746172 entry=$(printf 'caf\351.txt' | od -An -tx1 | tr -d ' \n') lines=1"

## Same output for any --jobs, and in any locale -------------------------

for f in text tsv csv json jsonl; do
	# shellcheck disable=SC2086
	"$FSTAT_PAR" -j 1 --format=$f $ALL T >"$TMP/j1"
	# shellcheck disable=SC2086
	"$FSTAT_PAR" -j 3 --format=$f $ALL T >"$TMP/j3"
	if cmp -s "$TMP/j1" "$TMP/j3"; then
		ok "$f: -j 1 and -j 3 give the same bytes"
	else
		not_ok "$f: -j 1 and -j 3 give the same bytes"
	fi
done
"$FSTAT_PAR" -j 1 -0 --format=tsv T >"$TMP/j1"
"$FSTAT_PAR" -j 3 -0 --format=tsv T >"$TMP/j3"
if cmp -s "$TMP/j1" "$TMP/j3"; then ok "tsv -0: -j 1 and -j 3 agree"; else not_ok "tsv -0: -j 1 and -j 3 agree"; fi

# The names are escaped the same whatever the locale; the counts are
# equal too since every file here is ASCII.
for f in json jsonl csv tsv; do
	LC_ALL=C "$FSTAT_PAR" --format=$f -lwc T >"$TMP/c"
	LC_ALL=C.UTF-8 "$FSTAT_PAR" --format=$f -lwc T >"$TMP/u"
	if [ $f = jsonl ]; then
		# The run record says which mode counted.
		sed -i '1s/"mode": "bytes"/"mode": "utf8"/' "$TMP/c"
	fi
	if cmp -s "$TMP/c" "$TMP/u"; then
		ok "$f: C and C.UTF-8 give the same bytes"
	else
		not_ok "$f: C and C.UTF-8 give the same bytes"
		diff "$TMP/c" "$TMP/u" | head | sed 's/^/#     /'
	fi
done

## Errors stay on stderr; stdout stays well-formed -------------------------

chmod 755 "$TMP"
mkdir E
printf 'a\n' >E/a
printf 'b\n' >E/b
chmod a+rx E
chmod a+r E/a
chmod 000 E/b
# Root reads everything: drop to an unprivileged user, as cli-errors.sh.
as_user=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ "$(id -u)" -eq 0 ] && [ -z "$as_user" ]; then
	skip "an unreadable file in json output" "running as root without setpriv"
else
	# shellcheck disable=SC2086
	run $as_user "$FSTAT_PAR" --format=json -l E
	printf 'fstat-par: E/b: Permission denied\n' >"$TMP/exp_err"
	check "json: an unreadable file is a line on stderr, exit 1" 1
	is "json: the document is still valid, the file left out" \
		"$(fmt json "$TMP/out")" "$(printf 'file name=452f61 lines=1\ntotal lines=1')"
fi
chmod 644 E/b

done_testing
