#!/usr/bin/env bash
# `fiscx tables --csv DIR`: one CSV per table, named by code or title, UTF-8 with BOM,
# RFC 4180; a side-by-side table laid out as printed. `fiscx tables` prints them readably.
set -euo pipefail
: "${FISCX_BIN:?}" "${FISCX_SRC:?}"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$FISCX_SRC"
"$FISCX_BIN" tables --csv "$T/csv" corpus/004_36ac06e435d94ccd.txt
python3 - "$T/csv" <<'PY'
import csv, os, sys
d = sys.argv[1]
names = sorted(os.listdir(d))
assert "公开01表.csv" in names and "公开06表.csv" in names, names
raw = open(os.path.join(d, "公开01表.csv"), "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
rows = list(csv.reader(open(os.path.join(d, "公开01表.csv"), encoding="utf-8-sig", newline="")))
assert rows[0] == ["收入/项目", "收入/行次", "收入/决算数", "支出/项目", "支出/行次", "支出/决算数"], rows[0]
assert rows[1] == ["一、一般公共预算财政拨款收入", "1", "9,815.11", "一、一般公共服务支出", "31", "9,815.11"], rows[1]
rows = list(csv.reader(open(os.path.join(d, "公开06表.csv"), encoding="utf-8-sig", newline="")))
assert ["303", "对个人和家庭的补助", "204.84", "30215", "会议费", "", "31012", "拆迁补偿", ""] in rows
# quoting: a cell with a comma is quoted and reads back whole
cells = [c for f in names for r in csv.reader(open(os.path.join(d, f), encoding="utf-8-sig", newline="")) for c in r]
assert any("," in c for c in cells), "expected a cell with a comma among the 绩效 tables"
print(f"ok: {len(names)} CSV files")
PY
# five tables with one title get distinct names
"$FISCX_BIN" tables --csv "$T/docx" corpus/000_b295fe0f7c816c3e.txt
n=$(ls "$T/docx" | grep -c '项目支出绩效自评表')
[ "$n" = 5 ] || { echo "FAIL: want 5 项目支出绩效自评表 CSV files, got $n"; exit 1; }
"$FISCX_BIN" tables corpus/004_36ac06e435d94ccd.txt > "$T/print.txt"
grep -q '^== t9 公开01表 收入支出决算总表' "$T/print.txt" ||
  { echo "FAIL: readable output lacks the 公开01表 heading"; exit 1; }
echo ok
