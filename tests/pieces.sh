#!/usr/bin/env bash
# A document over --piece-size is processed in pieces cut at line breaks (bounded memory):
# the output is still one document (one `document`, one `summary` whose counts are the
# records emitted, ids unique), every span and line points into the WHOLE input (checked by
# scripts/validate, also for GB18030 and UTF-16 input), the in-pieces warning says so, and
# the facts of each report inside it are all found (a cut falls between paragraphs, so no
# amount or percentage is lost). A file (read as it streams: its size is known) and the
# same bytes on stdin (cut after reading) give the same records.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$FISCX_SRC"
one=corpus/qinghe_town_2024_final.txt
for i in 1 2 3 4 5 6 7 8; do cat "$one"; printf '\n\n'; done > "$tmp/big.txt"
iconv -f UTF-8 -t GB18030 "$tmp/big.txt" > "$tmp/big_gb.txt"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$tmp/big.txt"; } > "$tmp/big_u16.txt"
size=$(wc -c < "$one")
piece=$((size * 5 / 2))   # three reports' worth: cuts fall inside reports

"$FISCX_BIN" extract -j1 "$one" > "$tmp/one.jsonl"
count() { python3 -c "import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)['type']==sys.argv[2]))" "$@"; }
for f in big big_gb big_u16; do
  "$FISCX_BIN" extract -j1 --piece-size "$piece" "$tmp/$f.txt" > "$tmp/$f.jsonl"
  scripts/validate "$tmp/$f.jsonl" >/dev/null || { echo "$f: invalid output"; scripts/validate "$tmp/$f.jsonl" | tail -5; exit 1; }
  python3 - "$tmp/$f.jsonl" "$tmp/$f.txt" <<'PY'
import collections, json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
raw = open(sys.argv[2], "rb").read()
nl = b"\n\0" if raw.startswith(b"\xff\xfe") else b"\n"
for r in recs:  # the line of every span, counted in the whole input
    if "span" in r and r["span"][0] >= 0:
        want = raw.count(nl, 0, r["span"][0]) + 1
        assert r["line"] == want, f"{r['id']}: line {r['line']}, its span starts on line {want}"
types = collections.Counter(r["type"] for r in recs)
assert types["document"] == 1 and recs[0]["type"] == "document", "one document record, first"
assert types["summary"] == 1 and recs[-1]["type"] == "summary", "one summary record, last"
ids = [r["id"] for r in recs]
assert len(ids) == len(set(ids)), "ids unique across pieces"
counts = recs[-1]["counts"]
for t, n in counts.items():
    assert n == types.get(t, 0), f"summary counts {n} {t}, emitted {types.get(t, 0)}"
assert any(r["type"] == "diagnostic" and r["code"] == "in-pieces" for r in recs), "in-pieces warning"
assert max(r.get("line", 0) for r in recs) > 7 * raw[:len(raw) // 8].count(nl), "lines run over the whole input"
PY
  for t in amount percent; do
    want=$(( $(count "$tmp/one.jsonl" $t) * 8 )); got=$(count "$tmp/$f.jsonl" $t)
    [ "$got" -eq "$want" ] || { echo "$f: $got ${t}s, want $want (8 x one report)"; exit 1; }
  done
done
# the same bytes without a known size (stdin) are cut after reading: same records
"$FISCX_BIN" extract -j1 --piece-size "$piece" - < "$tmp/big.txt" | sed 's/"doc":"-"/"doc":"X"/' > "$tmp/stdin.jsonl"
sed "s#\"doc\":\"$tmp/big.txt\"#\"doc\":\"X\"#" "$tmp/big.jsonl" | sed "s#$tmp/big.txt#-#" > "$tmp/file.jsonl"
cmp "$tmp/file.jsonl" "$tmp/stdin.jsonl" || { diff "$tmp/file.jsonl" "$tmp/stdin.jsonl" | head; exit 1; }
# --piece-size 0: never cut
"$FISCX_BIN" extract -j1 --piece-size 0 "$tmp/big.txt" > "$tmp/whole.jsonl"
! grep -q '"in-pieces"' "$tmp/whole.jsonl"
echo "pieces: ok"
