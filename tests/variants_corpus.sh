#!/usr/bin/env bash
# The facts of a clean report survive the forms real input arrives in: re-encoded (GB18030,
# UTF-16LE/BE with BOM, UTF-8 with BOM), CRLF, full-width digits, hard-wrapped lines, page
# numbers and running headers, spaces between Chinese and digits, OCR confusions, and all of
# it at once (pdf). For each variant: >= 95% of the clean report's sections, amounts, percents
# and changes (by value, level and title, not span) and of its canonical lines, and every
# record valid with spans pointing at the variant's own bytes.
set -euo pipefail
cd "$FISCX_SRC"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
scripts/accuracy variants --fiscx "$FISCX_BIN" --out "$out" --min 0.95 \
  corpus/qingsong_wenlv_2026_budget.txt corpus/nanhu_school_2025_unit_budget.txt \
  corpus/donghu_street_2024_final.txt corpus/baishi_nongye_2024_final_annex.txt \
  corpus/qinghe_town_2024_final.txt corpus/004_36ac06e435d94ccd.txt
