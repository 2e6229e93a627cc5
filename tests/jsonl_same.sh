#!/usr/bin/env bash
# --input-format jsonl: a document given as {"id", "text"} gives the same records as the
# same text given as a file. What differs, and only that: `doc` (the id instead of the
# path); for a file that was not UTF-8 also `encoding`, `bytes` and `span` (the JSON text
# is the decoded text, so offsets count its UTF-8 bytes). `line` and every `text` agree.
# Bad lines become documents with an error diagnostic and the run goes on.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$FISCX_SRC"
mkdir "$tmp/files"
for f in corpus/*.txt; do
  cp "$f" "$tmp/files/"
  iconv -f UTF-8 -t GB18030 "$f" > "$tmp/files/gbk_$(basename "$f")" 2>/dev/null || rm "$tmp/files/gbk_$(basename "$f")"
done
"$FISCX_BIN" extract -j2 "$tmp/files" > "$tmp/from_files.jsonl" || [ $? -eq 1 ]
python3 - "$tmp/files" > "$tmp/in.jsonl" <<'PY'
import json, os, sys
def decode(raw):
    """the text of a report file, as an archive would export it"""
    if raw.startswith(b"\xef\xbb\xbf"): return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")): return raw.decode("utf-16")
    try: return raw.decode("utf-8")
    except UnicodeDecodeError: return raw.decode("gb18030")
d = sys.argv[1]
for i, name in enumerate(sorted(os.listdir(d))):
    text = decode(open(os.path.join(d, name), "rb").read())
    # both escapings archives use: \uXXXX for everything, and raw UTF-8
    print(json.dumps({"id": "doc/" + name, "text": text}, ensure_ascii=(i % 2 == 0)))
    if i == 0:
        print("{not json")
        print('{"id": "no-text"}')
        print("   ")
PY
"$FISCX_BIN" extract -j2 --input-format jsonl "$tmp/in.jsonl" > "$tmp/from_jsonl.jsonl" 2> "$tmp/err" || [ $? -eq 1 ]
# the same through stdin
"$FISCX_BIN" extract -j1 --input-format jsonl < "$tmp/in.jsonl" > "$tmp/stdin.jsonl" 2>/dev/null || [ $? -eq 1 ]
python3 - "$tmp/from_files.jsonl" "$tmp/from_jsonl.jsonl" "$tmp/stdin.jsonl" "$tmp/in.jsonl" <<'PY'
import json, sys
def decode(raw):
    """the text of a report file, as an archive would export it"""
    if raw.startswith(b"\xef\xbb\xbf"): return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")): return raw.decode("utf-16")
    try: return raw.decode("utf-8")
    except UnicodeDecodeError: return raw.decode("gb18030")
def docs(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        out.setdefault(r["doc"], []).append(r)
    return out
files, jl, stdin = docs(sys.argv[1]), docs(sys.argv[2]), docs(sys.argv[3])
n = 0
for path, recs in files.items():
    name = path.rsplit("/", 1)[1]
    other = jl["doc/" + name]
    assert len(recs) == len(other), (name, len(recs), len(other))
    raw = open(path, "rb").read()
    gbk = decode(raw).encode("utf-8") != raw  # not the same bytes: offsets differ
    for a, b in zip(recs, other):
        a, b = dict(a), dict(b)
        assert b["doc"] == "doc/" + name
        for r in (a, b):
            del r["doc"]
            if gbk:
                r.pop("span", None)
                if r["type"] == "document":
                    r.pop("encoding"); r.pop("bytes")
        assert a == b, (name, a, b)
        n += 1
# the bad lines: one document each, with an error diagnostic naming the line
bad = {d: r for d, r in jl.items() if not d.startswith("doc/")}
assert sorted(bad) == [sys.argv[4] + ":2", "no-text"], sorted(bad)
for d, recs in bad.items():
    assert recs[0]["type"] == "document" and recs[-1]["type"] == "summary"
    diags = [r for r in recs if r["type"] == "diagnostic"]
    assert len(diags) == 1 and diags[0]["severity"] == "error", diags
assert 'no \\"text\\"' in json.dumps(bad["no-text"]), bad["no-text"]
# stdin gives the same, apart from the names of bad lines (`-:2`)
assert sorted(k for k in stdin if k.startswith("doc/")) == sorted(k for k in jl if k.startswith("doc/"))
for k in jl:
    if k.startswith("doc/"): assert stdin[k] == jl[k]
print(f"jsonl_same: {n} records agree")
PY
grep -q "in.jsonl:2" "$tmp/err"
# a JSON Lines document over the size limit is refused with a diagnostic, not read
printf '{"id":"big","text":"%s"}\n{"id":"small","text":"x"}\n' "$(head -c 5000 /dev/zero | tr '\0' a)" |
  "$FISCX_BIN" extract --input-format jsonl --max-doc-size 1K > "$tmp/big.jsonl" 2>/dev/null || [ $? -eq 1 ]
jq -e -s '[.[] | select(.doc=="big" and .type=="diagnostic" and .severity=="error")] | length == 1' "$tmp/big.jsonl" >/dev/null
jq -e -s '[.[] | select(.doc=="small" and .type=="summary")] | length == 1' "$tmp/big.jsonl" >/dev/null
