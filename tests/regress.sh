#!/usr/bin/env bash
# Every input the fuzzers ever crashed on (tests/regress/, kept by scripts/fuzz) goes through
# the whole pipeline again: no crash, no sanitizer report (the suite also runs this with the
# ASan+UBSan build), exit status 0 or 1, and valid output (scripts/validate: JSON, schema,
# order, spans) with each input emitted whole.
set -uo pipefail
: "${FISCX_BIN:?}" "${FISCX_SRC:?}"
cd "$FISCX_SRC"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
inputs=(tests/regress/*)
[ -e "${inputs[0]}" ] || { echo "no regression inputs"; exit 0; }
fails=0
for f in "${inputs[@]}"; do
  # one at a time, so a crash names its input; the names have no extension, pass them as files
  "$FISCX_BIN" extract -j1 "$f" >"$T/out.jsonl" 2>"$T/err"
  status=$?
  if [ $status -gt 1 ]; then
    echo "FAIL: $f: exit status $status"; head -20 "$T/err"; fails=$((fails + 1)); continue
  fi
  if ! v=$(python3 scripts/validate "$T/out.jsonl" 2>&1); then
    echo "FAIL: $f: $v" | head -5; fails=$((fails + 1)); continue
  fi
  n=$(jq -r .type "$T/out.jsonl" | sed -n '1p;$p' | tr '\n' ' ')
  [ "$n" = "document summary " ] || { echo "FAIL: $f: not emitted whole ($n)"; fails=$((fails + 1)); continue; }
  echo "ok: $f"
done
# and all of them in one run, with several jobs: the others go on around a bad one
"$FISCX_BIN" extract -j2 "${inputs[@]}" >"$T/all.jsonl" 2>/dev/null
status=$?
[ $status -le 1 ] || { echo "FAIL: all inputs together: exit status $status"; fails=$((fails + 1)); }
docs=$(jq -r 'select(.type=="summary") | .doc' "$T/all.jsonl" | sort -u | wc -l)
[ "$docs" = "${#inputs[@]}" ] || { echo "FAIL: $docs of ${#inputs[@]} inputs emitted together"; fails=$((fails + 1)); }
[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "regression inputs: ${#inputs[@]} ok"
