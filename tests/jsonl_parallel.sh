#!/usr/bin/env bash
# fiscx as a stage under GNU parallel --pipe (as under Hadoop Streaming or Spark's pipe):
# chunks of 50 lines through separate processes give, once sorted by doc, exactly the
# records of one process over the whole input.
set -euo pipefail
command -v parallel >/dev/null || { echo "GNU parallel missing (scripts/setup installs it)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$FISCX_SRC"
python3 - corpus > "$tmp/in.jsonl" <<'PY'
import json, os, sys
def decode(raw):
    """the text of a report file, as an archive would export it"""
    if raw.startswith(b"\xef\xbb\xbf"): return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")): return raw.decode("utf-16")
    try: return raw.decode("utf-8")
    except UnicodeDecodeError: return raw.decode("gb18030")
d = sys.argv[1]
names = sorted(n for n in os.listdir(d) if n.endswith(".txt"))
texts = [decode(open(os.path.join(d, n), "rb").read()) for n in names]
for i in range(230):  # several chunks of 50 and a partial one
    t = texts[i % len(texts)]
    if i % 3 == 1: t = t[: len(t) * (i % 7 + 1) // 8]   # documents of other lengths
    print(json.dumps({"id": f"r{i:04d}", "text": t}, ensure_ascii=False))
PY
"$FISCX_BIN" extract --input-format jsonl "$tmp/in.jsonl" > "$tmp/one.jsonl" || [ $? -eq 1 ]
parallel --will-cite --pipe -N 50 "$FISCX_BIN" extract -j1 --input-format jsonl \
  < "$tmp/in.jsonl" > "$tmp/par.jsonl" || [ $? -eq 1 ]
# stable sort by doc: each document's records stay in their order
sortdoc() { python3 -c '
import json, sys
recs = [(json.loads(l)["doc"], i, l) for i, l in enumerate(open(sys.argv[1], encoding="utf-8"))]
sys.stdout.write("".join(l for _, _, l in sorted(recs)))' "$1"; }
sortdoc "$tmp/one.jsonl" > "$tmp/one.sorted"
sortdoc "$tmp/par.jsonl" > "$tmp/par.sorted"
[ "$(grep -c '"type":"document"' "$tmp/one.sorted")" -eq 230 ]
cmp "$tmp/one.sorted" "$tmp/par.sorted" || { echo "parallel --pipe output differs from one process"; exit 1; }
# the chunks really went through different processes: the unsorted stream is
# whole documents too
python3 - "$tmp/par.jsonl" <<'PY'
import json, sys
cur = None
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l)
    if r["type"] == "document": assert cur is None; cur = r["doc"]
    assert r["doc"] == cur
    if r["type"] == "summary": cur = None
PY
echo "jsonl_parallel: ok"
