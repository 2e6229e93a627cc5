#!/bin/sh
# Prose facts on unfamiliar phrasing: tests/data/facts_probe.txt holds sentences written in
# the ways 部门决算/预算 reports of other provinces and levels state amounts, percents,
# comparisons and counts, with the records expected from each (written before fiscx was run
# on them). Each probe is one document (JSON Lines input). Per record type the fraction of
# expected records that came out fully right (every listed field) and the precision must
# stay at or above the floors below, which are what fiscx reached when they were last
# raised: a floor, not a goal. `FACTS_PROBE_VERBOSE=1` lists every miss and extra.
set -eu
: "${FISCX_SRC:=$(dirname "$0")/..}"
: "${FISCX_BIN:=$FISCX_SRC/build/fiscx}"
exec python3 - "$FISCX_BIN" "$FISCX_SRC/tests/data/facts_probe.txt" <<'PY'
import decimal, json, os, subprocess, sys, unicodedata

# floors: (fully right / expected, right / emitted) per type
FLOORS = {
    "amount":   (1.0, 1.0),
    "percent":  (1.0, 1.0),
    "change":   (0.987, 1.0),
    "quantity": (1.0, 1.0),
}
NUMERIC = {"value", "yuan", "amount", "percent", "points"}

fiscx, data = sys.argv[1], sys.argv[2]
verbose = os.environ.get("FACTS_PROBE_VERBOSE")

def nk(s):
    return unicodedata.normalize("NFKC", s).replace(" ", "").rstrip("。")

probes = []
for ln in open(data, encoding="utf-8"):
    ln = ln.rstrip("\n")
    if not ln.strip() or ln.startswith("#"): continue
    if ln.startswith("> "):
        probes.append({"text": ln[2:].replace("\\n", "\n"), "want": []})
        continue
    typ, *fields = ln.split()
    conds = []
    for f in fields:
        op = "~" if "~" in f and ("=" not in f or f.index("~") < f.index("=")) else "="
        k, v = f.split(op, 1)
        conds.append((k, op, None if v == "null" else v))
    probes[-1]["want"].append((typ, conds, ln))

feed = "".join(json.dumps({"id": str(i), "text": p["text"]}, ensure_ascii=False) + "\n"
               for i, p in enumerate(probes))
out = subprocess.run([fiscx, "extract", "--input-format", "jsonl", "-"], input=feed.encode(),
                     capture_output=True)
got = {}
for l in out.stdout.decode().splitlines():
    r = json.loads(l)
    if r["type"] in FLOORS: got.setdefault(r["doc"], []).append(r)

def same(r, k, op, v):
    g = r.get(k)
    if v is None or g is None: return v is None and g is None
    if op == "=" and k in NUMERIC:
        try: return decimal.Decimal(str(g)) == decimal.Decimal(v)
        except decimal.InvalidOperation: return False
    return nk(v) == nk(str(g)) if op == "=" else nk(v) in nk(str(g))

tally = {t: [0, 0, 0] for t in FLOORS}   # right, expected, emitted
for i, p in enumerate(probes):
    recs = got.get(str(i), [])
    used = set()
    for typ, conds, src in p["want"]:
        tally[typ][1] += 1
        hit = next((j for j, r in enumerate(recs) if j not in used and r["type"] == typ
                    and all(same(r, *c) for c in conds)), None)
        if hit is None:
            if verbose:
                near = [r for r in recs if r["type"] == typ]
                print(f"MISS [{i}] {p['text'][:40]}\n   want {src}")
                for r in near:
                    print("   got  " + json.dumps({k: r.get(k) for k in [c[0] for c in conds]}, ensure_ascii=False))
        else:
            used.add(hit); tally[typ][0] += 1
    for j, r in enumerate(recs):
        tally[r["type"]][2] += 1
        if j not in used and verbose:
            print(f"EXTRA [{i}] {p['text'][:40]}\n   {r['type']} {r.get('text')} " + json.dumps(
                {k: r.get(k) for k in ("value", "unit", "label", "kind", "subject", "baseline",
                 "direction", "amount", "percent", "points", "approx") if k in r}, ensure_ascii=False))

bad = 0
print(f"{len(probes)} probes")
for t, (right, exp, emitted) in tally.items():
    rec = right / exp if exp else 1.0
    prec = right / emitted if emitted else 1.0
    fr, fp = FLOORS[t]
    flag = ""
    if rec < fr or prec < fp:
        flag = f"   BELOW FLOOR ({fr:.3f}, {fp:.3f})"; bad = 1
    print(f"{t:9s} fully right {right:3d}/{exp:3d} = {rec:6.1%}   precision {right:3d}/{emitted:3d} = {prec:6.1%}{flag}")
sys.exit(bad)
PY
