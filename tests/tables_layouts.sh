#!/usr/bin/env bash
# Tables in layouts 3 (PDF text, spaces between cells, empty cells dropped, codes glued to
# names, numbers glued to labels, wrapped labels) and 4 (one cell per line, no tabs).
# corpus/expected/NAME.rows.jsonl lists, for corpus/NAME.txt, every body row a correct reader
# gives, one JSON object a line: {"table": code or title, "code", "name", "side", "kind",
# "values": {column: decimal in the table's unit}, "unplaced": [numbers whose column the
# table cannot tell]} ("unplaced" absent when there are none). A row counts as found only
# when all of these are equal. Prints row recall and precision per report; fails below 100%,
# when a value sits under a column the expected row does not give it, or when a row with
# unplaced numbers has no `table-unplaced` warning.
set -euo pipefail
: "${FISCX_BIN:?}" "${FISCX_SRC:?}"
cd "$FISCX_SRC"
status=0
for exp in corpus/expected/layout*.rows.jsonl; do
  name=$(basename "$exp" .rows.jsonl)
  out=$(mktemp)
  "$FISCX_BIN" extract "corpus/$name.txt" > "$out"
  python3 - "$out" "$exp" "$name" <<'PY' || status=1
import json, sys
out, exp, name = sys.argv[1:4]
recs = [json.loads(l) for l in open(out, encoding="utf-8")]
tabs = {r["id"]: (r.get("code") or r.get("title")) for r in recs if r["type"] == "table"}
def key(o):
    return json.dumps([o["table"], o["code"], o["name"], o["side"], o["kind"], o["values"],
                       o.get("unplaced") or []], ensure_ascii=False, sort_keys=True)
got = []
for r in recs:
    if r["type"] != "row": continue
    got.append({"table": tabs.get(r["table"]), "code": r["code"], "name": r["name"], "side": r["side"],
                "kind": r["kind"], "values": r["values"], "unplaced": r.get("unplaced"), "id": r["id"]})
want = [json.loads(l) for l in open(exp, encoding="utf-8") if l.strip()]
gk = {}
for g in got: gk.setdefault(key(g), []).append(g)
found = 0
bad = []
for w in want:
    if gk.get(key(w)): gk[key(w)].pop(); found += 1
    else: bad.append(w)
extra = sum(len(v) for v in gk.values())
recall = found / len(want) if want else 1.0
precision = found / len(got) if got else 1.0
print(f"{name}: rows {len(want)} expected, {len(got)} read; recall {recall:.1%}, precision {precision:.1%}")
for w in bad: print("  missing or wrong:", json.dumps(w, ensure_ascii=False))
# never a value under a wrong column: every value of a read row is under the expected column
wrong = 0
for g in got:
    for w in want:
        if (w["table"], w["code"], w["name"], w["side"]) == (g["table"], g["code"], g["name"], g["side"]):
            for col, v in g["values"].items():
                if w["values"].get(col) != v: wrong += 1; print("  value under a wrong column:", g["id"], col, v)
# a row with unplaced numbers is warned about
warned = {m for r in recs if r["type"] == "diagnostic" and r["code"] == "table-unplaced"
          for m in [r["message"].split(":")[0].split()[-1]]}
unwarned = [g["id"] for g in got if g["unplaced"] and g["id"] not in warned]
for u in unwarned: print("  unplaced numbers without a warning:", u)
sys.exit(0 if recall == 1.0 and precision == 1.0 and not wrong and not unwarned else 1)
PY
  rm -f "$out"
done
exit $status
