#!/usr/bin/env bash
# fiscx check as users run it: a readable line per failed check (rule, numbers, record ids with
# raw line numbers) and a count; exit 0 when nothing fails, 1 when a check fails, 2 on usage.
set -euo pipefail
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
printf '%s\n' '2023年度部门决算' '' \
  '一、一般公共预算财政拨款支出决算情况说明' '' \
  '2023年度一般公共预算财政拨款支出年初预算7,007.37万元，支出决算9,815.11万元，完成年初预算的140.07%。' '' \
  '1.抚恤（款）死亡抚恤（项）。年初预算0万元，支出决算127.05万元，完成年初预算的127.05%。' > "$dir/bad.txt"
printf '%s\n' '2023年度部门决算' '' \
  '2023年度一般公共预算财政拨款支出年初预算7,007.37万元，支出决算9,815.11万元，完成年初预算的140.07%。' > "$dir/good.txt"

set +e
"$FISCX_BIN" check "$dir/bad.txt" > "$dir/out.txt"; rc=$?
set -e
cat "$dir/out.txt"
[ $rc -eq 1 ] || { echo "want exit 1 on a failing check, got $rc"; exit 1; }
grep -q 'fail text.completion' "$dir/out.txt"
grep -q '127.05' "$dir/out.txt"
grep -q 'base of 0' "$dir/out.txt"
grep -q 'line 7' "$dir/out.txt"                       # where: the raw line of the sentence
tail -1 "$dir/out.txt" | grep -q '^1 check failed, [1-9]'

"$FISCX_BIN" check "$dir/good.txt" > "$dir/out.txt"
tail -1 "$dir/out.txt" | grep -q '^0 checks failed, [1-9]'
"$FISCX_BIN" check --all "$dir/good.txt" | grep -q 'pass text.completion'

set +e
"$FISCX_BIN" check --no-such-option "$dir/good.txt" 2>/dev/null; rc=$?
set -e
[ $rc -eq 2 ] || { echo "want exit 2 on a bad option, got $rc"; exit 1; }
echo ok
