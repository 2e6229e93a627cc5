#!/usr/bin/env bash
# Tables in layouts 3 (PDF text, spaces between cells, empty cells dropped, codes glued to
# names, numbers glued to labels, wrapped labels; with or without the page layout kept) and
# 4 (one cell per line, no tabs).
# corpus/expected/NAME.rows.jsonl lists, for corpus/NAME.txt, every body row of its tables as
# the printed report means it, one JSON object a line: {"table": code or title, "code",
# "name", "side", "kind", "values": {column: decimal in the table's unit}}: ALL its values,
# also those whose column the text does not show. A read row is matched by table, code, name,
# side and kind. For each report this prints row recall and precision and how many numbers
# were placed in a column or left `unplaced`, and fails when
#   - a row is missing or extra;
#   - a value sits under a column the expected row does not give it (a misplaced number);
#   - a row's placed and unplaced numbers together are not its expected values (lost or
#     invented numbers);
#   - a row with unplaced numbers has no `table-unplaced` warning;
#   - fewer numbers are placed than MIN_PLACED below records (a regression).
set -euo pipefail
: "${FISCX_BIN:?}" "${FISCX_SRC:?}"
cd "$FISCX_SRC"
# numbers placed today: layout3_tieshan has no page layout kept (rules only), qingxi keeps it
declare -A MIN_PLACED=([layout3_tieshan_stats_2024_final]=24 [layout3_qingxi_market_2024_final]=63
                       [layout4_baiyun_audit_2025_budget]=13)
status=0
for exp in corpus/expected/layout*.rows.jsonl; do
  name=$(basename "$exp" .rows.jsonl)
  out=$(mktemp)
  "$FISCX_BIN" extract "corpus/$name.txt" > "$out"
  python3 - "$out" "$exp" "$name" "${MIN_PLACED[$name]:-0}" <<'PY' || status=1
import collections, json, sys
out, exp, name, floor = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
recs = [json.loads(l) for l in open(out, encoding="utf-8")]
tabs = {r["id"]: (r.get("code") or r.get("title")) for r in recs if r["type"] == "table"}
def ident(o): return json.dumps([o["table"], o["code"], o["name"], o["side"], o["kind"]], ensure_ascii=False)
got = [{"table": tabs.get(r["table"]), "code": r["code"], "name": r["name"], "side": r["side"], "kind": r["kind"],
        "values": r["values"], "unplaced": r.get("unplaced") or [], "id": r["id"]}
       for r in recs if r["type"] == "row"]
want = [json.loads(l) for l in open(exp, encoding="utf-8") if l.strip()]
pool = collections.defaultdict(list)
for w in want: pool[ident(w)].append(w)
found, extra, wrong, lost, placed, unplaced = 0, [], 0, 0, 0, 0
for g in got:
    if not pool.get(ident(g)): extra.append(g); continue
    w = pool[ident(g)].pop(0)
    found += 1
    for col, v in g["values"].items():
        if w["values"].get(col) != v:
            wrong += 1; print("  value under a wrong column:", g["id"], col, v)
    placed += len(g["values"]); unplaced += len(g["unplaced"])
    have = collections.Counter(list(g["values"].values()) + g["unplaced"])
    if have != collections.Counter(w["values"].values()):
        lost += 1; print("  numbers lost or invented:", g["id"], dict(have), "expected", w["values"])
missing = [w for v in pool.values() for w in v]
recall = found / len(want) if want else 1.0
precision = found / len(got) if got else 1.0
print(f"{name}: rows {len(want)} expected, {len(got)} read; recall {recall:.1%}, precision {precision:.1%}; "
      f"numbers placed {placed}, unplaced {unplaced}, misplaced {wrong}")
for w in missing: print("  missing:", json.dumps(w, ensure_ascii=False))
for g in extra: print("  extra:", json.dumps(g, ensure_ascii=False))
warned = {m for r in recs if r["type"] == "diagnostic" and r["code"] == "table-unplaced"
          for m in [r["message"].split(":")[0].split()[-1]]}
unwarned = [g["id"] for g in got if g["unplaced"] and g["id"] not in warned]
for u in unwarned: print("  unplaced numbers without a warning:", u)
if placed < floor: print(f"  placed {placed} numbers, fewer than the {floor} recorded")
sys.exit(0 if not missing and not extra and not wrong and not lost and not unwarned and placed >= floor else 1)
PY
  rm -f "$out"
done
exit $status
