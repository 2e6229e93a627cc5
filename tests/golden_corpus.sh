#!/usr/bin/env bash
# Our own corpus against its expected facts (corpus/expected/*.facts.json, scripts/accuracy):
# precision and recall in total stay at or above the floors below (measured: 100% for all of
# these; the floors leave no room for a lost fact in sections, amounts, percents, changes).
set -euo pipefail
cd "$FISCX_SRC"
out=$(scripts/accuracy --fiscx "$FISCX_BIN")
echo "$out" | tail -14
python3 - "$out" <<'PY'
import re, sys
floors = {"document": 1.0, "sections": 1.0, "section parents": 1.0, "amounts": 1.0,
          "percents": 1.0, "changes": 1.0, "quantities": 0.97, "terms": 1.0,
          "amounts unit": 0.99, "percents kind": 0.97}
last = {}
for line in sys.argv[1].splitlines():
    m = re.match(r"\s+(\w[\w ]*?)\s+precision\s+([\d.]+)%\s+recall\s+([\d.]+)%", line)
    if m: last[m.group(1)] = (float(m.group(2)) / 100, float(m.group(3)) / 100)
bad = False
for k, f in floors.items():
    if k not in last: print("missing total:", k); bad = True; continue
    p, r = last[k]
    if p < f or r < f: print(f"BELOW FLOOR {k}: precision {p:.3f} recall {r:.3f} < {f}"); bad = True
sys.exit(1 if bad else 0)
PY
