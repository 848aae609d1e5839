#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --summary: the counts grouped by extension after the rows and the total,
# in every format.  The text table is checked byte for byte on a small
# tree; the structured formats are read back with python3 and each
# group checked against the sum of its rows, and the groups against the
# total.
# shellcheck source=tests/lib.sh
. "${TESTLIB:-$(dirname "$0")/lib.sh}"

A=${TESTDATA:-${srcdir:-$(dirname "$0")/..}/testdata}/archives
if ! A=$(cd "$A" 2>/dev/null && pwd) || [ ! -f "$A/tree-ustar.tar" ]; then
	echo "Bail out! no test archives in $A"
	exit 99
fi

cd "$TMP" || exit 99
mkdir -p S/lib S/pkg S/dot.in.dir
printf '1\n2\n3\n' >S/a.c
printf '1\n2\n3\n4\n5\n' >S/b.c
printf '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n' >S/lib/x.h
printf 'all:\n\ttrue\n' >S/Makefile
printf 'x\n' >S/.bashrc
printf 'n\n' >S/notes.
printf '# T\n\nsome words here\nend\n' >S/README.md
printf '\037\213\010\000' >S/pkg/y.tar.gz
printf 'a\nb\nc\nd\ne\n' >S/Upper.C
printf 'f\n' >S/dot.in.dir/file
printf 'o\n' >S/long.0123456789abcdefg
printf 'h\nh\n' >S/hash.0123456789abcdef
printf 'odd\n' >"S/odd.a
b"

## The text table --------------------------------------------------------

# By lines, most first; ties in byte order ("(" before "."); the labels
# (none) (Makefile, .bashrc, notes., a dot only in a directory's name)
# and (other) (an extension of 17 bytes); a 16-byte extension is its own.
run env LC_ALL=C "$FSTAT_PAR" -l --summary S
cat >"$TMP/exp_out" <<'X'
  1 S/.bashrc
  2 S/Makefile
  4 S/README.md
  5 S/Upper.C
  3 S/a.c
  5 S/b.c
  1 S/dot.in.dir/file
  2 S/hash.0123456789abcdef
 10 S/lib/x.h
  1 S/long.0123456789abcdefg
  1 S/notes.
  1 'S/odd.a'$'\n''b'
  0 S/pkg/y.tar.gz
 36 total

files lines extension
    1    10 .h
    2     8 .c
    4     5 (none)
    1     5 .C
    1     4 .md
    1     2 .0123456789abcdef
    1     1 (other)
    1     1 '.a'$'\n''b'
    1     0 .gz
X
: >"$TMP/exp_err"
check "text: the table after the total, sorted by lines" 0

run env LC_ALL=C "$FSTAT_PAR" -c --summary --total=only S
cat >"$TMP/exp_out" <<'X'
103

files bytes extension
    1    25 .md
    1    21 .h
    4    17 (none)
    2    16 .c
    1    10 .C
    1     4 .0123456789abcdef
    1     4 '.a'$'\n''b'
    1     4 .gz
    1     2 (other)
X
check "text, -c --total=only: no rows, the total, the table sorted by bytes" 0

run env LC_ALL=C "$FSTAT_PAR" -l --summary --total=never S/lib
printf '10 S/lib/x.h\n\nfiles lines extension\n    1    10 .h\n' >"$TMP/exp_out"
check "text, --total=never: the rows, then the table" 0

run env LC_ALL=C "$FSTAT_PAR" -l -0 --summary S/lib
printf '10 S/lib/x.h\0\0files lines extension\0    1    10 .h\0' >"$TMP/exp_out"
check "text -0: every line of the table ends in NUL, too" 0

run env LC_ALL=C "$FSTAT_PAR" -lwc --summary --total=never -x '*' S
printf 'files lines words bytes extension\n' >"$TMP/exp_out"
check "text, nothing counted: the header alone" 0

if ! command -v python3 >/dev/null 2>&1; then
	skip "summaries of the structured formats" "no python3"
	done_testing
fi

## The structured formats ------------------------------------------------

# sum.py FORMAT FILE: the summary records of FILE, one a line, after a
# first line that says whether each group is the sum of the file rows
# with its extension (when there are rows), in the documented order, and
# whether the groups add up to the total (when there is one).
cat >"$TMP/sum.py" <<'PY'
import csv, io, json, re, sys

COUNTS = ["lines", "words", "chars", "bytes", "max_line_length", "matches"]
STRS = {"name", "archive", "entry", "extension"}
UNESC = {b"t": b"\t", b"n": b"\n", b"r": b"\r", b"\\": b"\\"}

def from_json(obj):
    return {k: (v.encode("utf-8", "surrogateescape") if k in STRS else v)
            for k, v in obj.items() if k != "type"}

def load(fmt, data):
    recs = []
    if fmt in ("tsv", "tsv0"):
        term = b"\0" if fmt == "tsv0" else b"\n"
        rows = data[:-1].split(term)
        header = rows[0].decode().split("\t")
        for row in rows[1:]:
            cells = row.split(b"\t", len(header) - 1)
            rec = {}
            for k, c in zip(header[1:], cells[1:]):
                if c == b"":
                    continue
                if k not in STRS:
                    rec[k] = int(c)
                elif fmt == "tsv0" and k == "name":
                    rec[k] = c
                else:
                    rec[k] = re.sub(rb"\\(.)", lambda m: UNESC[m.group(1)], c, flags=re.S)
            recs.append((cells[0].decode(), rec))
    elif fmt == "csv":
        text = data.decode("utf-8", "surrogateescape")
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        for row in rows[1:]:
            rec = {}
            for k, c in zip(rows[0][1:], row[1:]):
                if c != "":
                    rec[k] = c.encode("utf-8", "surrogateescape") if k in STRS else int(c)
            recs.append((row[0], rec))
    elif fmt == "json":
        doc = json.loads(data.decode("utf-8"))
        recs += [("file", from_json(o)) for o in doc.get("files", [])]
        if "total" in doc:
            recs.append(("total", from_json(doc["total"])))
        recs += [("summary", from_json(o)) for o in doc.get("summary", [])]
    else:
        for i, line in enumerate(data.decode("utf-8").splitlines()):
            obj = json.loads(line)
            if i == 0 and obj["type"] == "run":
                continue        # what --merge needs, not a record
            recs.append((obj["type"], from_json(obj)))
    return recs

def extension(name):
    base = name.rsplit(b"/", 1)[-1]
    i = base.rfind(b".")
    if i <= 0 or i == len(base) - 1:
        return b"(none)"
    return b"(other)" if len(base) - i - 1 > 16 else base[i:]

def add(group, rec):
    for k in COUNTS:
        if k in rec:
            if k == "max_line_length":
                group[k] = max(group.get(k, 0), rec[k])
            else:
                group[k] = group.get(k, 0) + rec[k]

def show(g):
    return " ".join([g["extension"].hex(), str(g["files"])] +
                    ["%s=%d" % (k, g[k]) for k in COUNTS if k in g])

recs = load(sys.argv[1], open(sys.argv[2], "rb").read())
files = [r for t, r in recs if t == "file"]
totals = [r for t, r in recs if t == "total"]
summary = [r for t, r in recs if t == "summary"]
if [t for t, _ in recs] != sorted((t for t, _ in recs), key=["file", "total", "summary"].index):
    print("check: records out of order")
problems = []
cols = [k for k in COUNTS if summary and k in summary[0]]
if files:
    groups = {}
    for r in files:
        e = extension(r["name"])
        g = groups.setdefault(e, {"extension": e, "files": 0})
        g["files"] += 1
        add(g, r)
    key = cols[0] if cols else "lines"
    want = sorted(groups.values(), key=lambda g: (-g.get(key, 0), g["extension"]))
    if [show(g) for g in want] != [show(g) for g in summary]:
        problems.append("groups are not the sum of their rows")
if totals:
    t = {}
    for g in summary:
        add(t, g)
    if any(t.get(k, 0) != totals[0][k] for k in cols):
        problems.append("groups do not add up to the total")
print("check: " + (", ".join(problems) or "OK"))
for g in summary:
    print(show(g))
PY

summ() {
	python3 "$TMP/sum.py" "$@" 2>&1
}

ALL="-lwmcL --count-matches=[0-9]"
# shellcheck disable=SC2086
LC_ALL=C "$FSTAT_PAR" --format=json $ALL --summary S >"$TMP/json"
summ json "$TMP/json" >"$TMP/want"
is "json: each group is the sum of its rows; the groups add up to the total" \
	"$(head -1 "$TMP/want")" "check: OK"
is "json: nine groups" "$(($(wc -l <"$TMP/want") - 1))" 9
is "json: the groups and their keys" \
	"$(python3 -c 'import json,sys; print(" ".join(o["extension"] for o in json.load(open(sys.argv[1]))["summary"]))' "$TMP/json")" \
	"$(printf '.h .c (none) .C .md .0123456789abcdef (other) .a\nb .gz')"

for f in tsv tsv0 csv jsonl; do
	case $f in
	tsv0) opt="--format=tsv -0" ;;
	*) opt="--format=$f" ;;
	esac
	# shellcheck disable=SC2086
	run env LC_ALL=C "$FSTAT_PAR" $opt $ALL --summary S
	summ "$f" "$TMP/out" >"$TMP/got"
	if [ "$status" -eq 0 ] && cmp -s "$TMP/got" "$TMP/want"; then
		ok "$f: the same groups as json, each the sum of its rows"
	else
		not_ok "$f: the same groups as json, each the sum of its rows"
		diff "$TMP/want" "$TMP/got" | sed 's/^/#     /'
	fi
done

is "csv: the summary columns come after the name" \
	"$(LC_ALL=C "$FSTAT_PAR" --format=csv -l --summary S/lib | tr -d '\r')" \
	"$(printf 'type,name,extension,files,lines\nfile,S/lib/x.h,,,10\nsummary,,.h,1,10')"
is "tsv -0: the name stays last" \
	"$(LC_ALL=C "$FSTAT_PAR" --format=tsv -0 -l --summary S/lib | tr '\0' '|')" \
	"$(printf 'type\textension\tfiles\tlines\tname|file\t\t\t10\tS/lib/x.h|summary\t.h\t1\t10\t|')"
is "jsonl: summary objects after the total" \
	"$(LC_ALL=C "$FSTAT_PAR" --format=jsonl -w --total=always --summary S/lib |
	   sed 1d)" \
	"$(printf '%s\n' '{"type": "file", "name": "S/lib/x.h", "words": 10, "index": 0}' \
		'{"type": "total", "words": 10}' \
		'{"type": "summary", "extension": ".h", "files": 1, "words": 10}')"

# --total=only: no rows, but the total and the same summary.
for f in tsv csv json jsonl; do
	# shellcheck disable=SC2086
	LC_ALL=C "$FSTAT_PAR" --format=$f $ALL --summary --total=only S >"$TMP/out"
	summ "$f" "$TMP/out" | sed 1d >"$TMP/got"
	sed 1d "$TMP/want" >"$TMP/want.groups"
	n=$(python3 "$TMP/sum.py" "$f" "$TMP/out" | sed -n 1p)
	if cmp -s "$TMP/got" "$TMP/want.groups" && [ "$n" = "check: OK" ] &&
	   ! grep -q -a 'S/a\.c' "$TMP/out"; then
		ok "$f --total=only: no rows, the total, the same groups"
	else
		not_ok "$f --total=only: no rows, the total, the same groups" "$n"
	fi
	# shellcheck disable=SC2086
	LC_ALL=C "$FSTAT_PAR" --format=$f $ALL --summary --total=never S >"$TMP/out"
	summ "$f" "$TMP/out" >"$TMP/got"
	sed 1d "$TMP/got" >"$TMP/got.groups"
	if cmp -s "$TMP/got.groups" "$TMP/want.groups" && [ "$(head -1 "$TMP/got")" = "check: OK" ]; then
		ok "$f --total=never: the rows and the same groups"
	else
		not_ok "$f --total=never: the rows and the same groups"
	fi
done

# Without lines, the first column selected sorts the groups.
LC_ALL=C "$FSTAT_PAR" --format=json -wc --summary S >"$TMP/out"
is "json -wc: sorted by words" "$(summ json "$TMP/out" | sed -n 1p)" "check: OK"

## Archives: entries by the extension of the entry -------------------

(cd "$A" && LC_ALL=C "$FSTAT_PAR" --format=json -lwc --summary tree-ustar.tar) >"$TMP/arc"
(cd "$A" && LC_ALL=C "$FSTAT_PAR" --format=json -lwc --summary src) >"$TMP/dir"
is "archive: each group the sum of its entries" "$(summ json "$TMP/arc" | sed -n 1p)" "check: OK"
is "archive: the same groups as the directory it holds" \
	"$(summ json "$TMP/arc")" "$(summ json "$TMP/dir")"
is "archive: .c and .txt (11 lines each) in byte order, then .md .dat (none)" \
	"$(python3 -c 'import json,sys; print(" ".join("%s:%d" % (o["extension"], o["files"]) for o in json.load(open(sys.argv[1]))["summary"]))' "$TMP/arc")" \
	".c:1 .txt:3 .md:2 .dat:1 (none):1"

## Same output for any --jobs -----------------------------------------

for f in text json; do
	# shellcheck disable=SC2086
	"$FSTAT_PAR" -j 1 --format=$f $ALL --summary S >"$TMP/j1"
	# shellcheck disable=SC2086
	"$FSTAT_PAR" -j 3 --format=$f $ALL --summary S >"$TMP/j3"
	if cmp -s "$TMP/j1" "$TMP/j3"; then
		ok "$f --summary: -j 1 and -j 3 give the same bytes"
	else
		not_ok "$f --summary: -j 1 and -j 3 give the same bytes"
	fi
done

done_testing
