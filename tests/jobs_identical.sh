#!/usr/bin/env bash
# --jobs N writes exactly the bytes --jobs 1 writes: on corpus/, and on a few hundred
# documents of mixed size and kind (copies, GB18030, truncated, empty, a missing path),
# also with a memory budget so small that documents have to wait for each other.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$FISCX_SRC"
run() { "$FISCX_BIN" extract "$@" 2>/dev/null || { rc=$?; [ $rc -eq 1 ] || exit $rc; }; }

run -j1 corpus/ > "$tmp/c1"
for j in 2 3 8; do
  run -j$j corpus/ > "$tmp/c$j"
  cmp "$tmp/c1" "$tmp/c$j" || { echo "corpus: --jobs $j differs from --jobs 1"; exit 1; }
done
[ "$(grep -c '"type":"document"' "$tmp/c1")" -eq "$(ls corpus/*.txt | wc -l)" ]

# a directory of many documents of different sizes and kinds
mkdir -p "$tmp/many/sub"
i=0
for f in corpus/*.txt; do
  for k in $(seq 1 20); do
    i=$((i + 1))
    cp "$f" "$tmp/many/d$(printf %04d $i).txt"
    head -c $((k * 997)) "$f" > "$tmp/many/sub/t$(printf %04d $i).txt"   # cut mid-character too
  done
  iconv -f UTF-8 -t GB18030 "$f" > "$tmp/many/gbk_$(basename "$f")" 2>/dev/null || rm "$tmp/many/gbk_$(basename "$f")"
done
: > "$tmp/many/empty.txt"
printf 'binary\0\x01\xff\xfe junk' > "$tmp/many/junk.txt"
run -j1 "$tmp/many" "$tmp/missing.txt" > "$tmp/m1"
for j in 2 4; do
  run -j$j "$tmp/many" "$tmp/missing.txt" > "$tmp/m$j"
  cmp "$tmp/m1" "$tmp/m$j" || { echo "many: --jobs $j differs from --jobs 1"; exit 1; }
done
run -j4 --mem-budget 1 "$tmp/many" "$tmp/missing.txt" > "$tmp/mb"
cmp "$tmp/m1" "$tmp/mb" || { echo "many: --jobs 4 --mem-budget 1 differs"; exit 1; }

# every document is whole: its records are contiguous, document first and summary last
python3 - "$tmp/m1" "$(( $(find "$tmp/many" -type f | wc -l) + 1 ))" <<'PY'
import json, sys
docs, cur, want = [], None, int(sys.argv[2])
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["type"] == "document":
        assert cur is None, "document inside another"
        cur = r["doc"]; docs.append(cur)
    else:
        assert r["doc"] == cur, f"record of {r['doc']} inside {cur}"
    if r["type"] == "summary": cur = None
assert cur is None
assert len(docs) == len(set(docs)) == want, (len(docs), want)
PY

# the exit status says an input had an error, whatever the number of jobs
set +e
"$FISCX_BIN" extract -j3 corpus/ "$tmp/missing.txt" > /dev/null 2> "$tmp/err"; rc=$?
set -e
[ $rc -eq 1 ] || { echo "exit status $rc with a missing input"; exit 1; }
grep -q "missing.txt" "$tmp/err"
echo "jobs_identical: ok ($i copies)"
