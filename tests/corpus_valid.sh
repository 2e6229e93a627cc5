#!/usr/bin/env bash
# Every record fiscx emits for corpus/ validates against the JSON Schema, spans point at
# raw bytes containing the record's text, documents are whole and in order.
set -euo pipefail
out=$(mktemp); trap 'rm -f "$out"' EXIT
cd "$FISCX_SRC"
"$FISCX_BIN" extract corpus/ > "$out" || { rc=$?; [ $rc -eq 1 ] || exit $rc; }
scripts/validate "$out"
