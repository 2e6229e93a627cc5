#!/usr/bin/env bash
# Consistency checks on generated reports (scripts/gen-synthetic, fixed seed): no check fails
# on a consistent report (rounding 尾差 is not an error), every report gets the standard
# checks, and every report with one figure changed by >= 0.02 has a failing check.
# COUNT and SEED may be set to run bigger samples (scripts: COUNT=1000 tests/check_synthetic.sh).
set -euo pipefail
count=${COUNT:-30}
seed=${SEED:-20240601}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
python3 "$FISCX_SRC/scripts/gen-synthetic" --seed "$seed" --count "$count" --perturb "$dir/r"

# consistent reports: nothing fails, and the checks ran (pass counts per report)
"$FISCX_BIN" extract "$dir"/r/syn*[0-9].txt > "$dir/out.jsonl"
python3 - "$dir/out.jsonl" "$count" <<'PY'
import json, sys, collections
path, count = sys.argv[1], int(sys.argv[2])
fails, passes, rules = [], collections.Counter(), collections.Counter()
for line in open(path, encoding="utf-8"):
    r = json.loads(line)
    if r["type"] != "check":
        continue
    if r["status"] == "fail":
        fails.append(r)
    elif r["status"] == "pass":
        passes[r["doc"]] += 1
        rules[r["rule"]] += 1
for r in fails[:20]:
    print("FALSE ALARM", r["doc"], r["rule"], r["message"])
docs = len(passes)
print(f"consistent reports: {count}, with passing checks: {docs}, failed checks: {len(fails)}, "
      f"passed checks: {sum(passes.values())}, rules that passed: {len(rules)}")
bad = False
if fails:
    bad = True
if docs != count or min(passes.values()) < 40:
    print("too few checks ran on some report"); bad = True
for need in ("table.row_sum", "table.code_sum", "table.total_row", "summary.balance", "across.income",
             "across.expense", "across.gpb", "text.share", "text.change", "text.completion", "perf.rate"):
    if rules[need] == 0:
        print("rule never passed:", need); bad = True
sys.exit(1 if bad else 0)
PY

# perturbed reports: each has at least one failing check
# (a percentage moved within the range the rounded figures allow is not an error: counted apart)
missed=0; n=0; within=0; within_caught=0
while IFS=$'\t' read -r file line kind old new detectable; do
  [ "$file" = file ] && continue
  caught=1
  "$FISCX_BIN" check "$dir/r/$file" > "$dir/check.txt" && caught=0
  if [ "$detectable" = no ]; then
    within=$((within + 1)); within_caught=$((within_caught + caught))
    continue
  fi
  n=$((n + 1))
  if [ $caught -eq 0 ]; then
    missed=$((missed + 1))
    echo "NOT CAUGHT: $file line $line $kind $old -> $new"
  fi
done < "$dir/r/perturb.tsv"
echo "perturbed reports: $n detectable, caught: $((n - missed)), missed: $missed;" \
     "$within more within rounding of their figures ($within_caught of them flagged)"
[ "$missed" -eq 0 ]
