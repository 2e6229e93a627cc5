#!/usr/bin/env bash
# fiscx ingest: the archive holds exactly what `fiscx extract` emits (record for record, and
# every typed table counts what the stream counts); ingesting again changes nothing; a
# changed file replaces its earlier version; a copy is linked, not stored twice; unreadable
# inputs are reported and not stored; --jobs gives the same archive.
set -euo pipefail
cd "$FISCX_SRC"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sql() { sqlite3 -batch "$@"; }

# ---- usage ----
"$FISCX_BIN" ingest --help | grep -q -- '--db FILE' || fail "--help"
rc=0; "$FISCX_BIN" ingest corpus/ 2>/dev/null || rc=$?; [ $rc -eq 2 ] || fail "no --db: exit $rc, want 2"
rc=0; "$FISCX_BIN" ingest --db "$T/x.db" --jobs 0 corpus/ 2>/dev/null || rc=$?; [ $rc -eq 2 ] || fail "--jobs 0: exit $rc"
rc=0; "$FISCX_BIN" ingest --schema oracle 2>/dev/null || rc=$?; [ $rc -eq 2 ] || fail "--schema oracle: exit $rc"
"$FISCX_BIN" ingest --schema sqlite | sqlite3 -batch "$T/ddl.db" || fail "--schema sqlite does not load"

# ---- the corpus, with distinct contents (a byte-identical copy would be linked, not counted) ----
mkdir "$T/c"
declare -A seen=()
while IFS= read -r f; do
  h=$(sha256sum < "$f" | cut -c1-64)
  [ -n "${seen[$h]:-}" ] && continue
  seen[$h]=1; cp "$f" "$T/c/$(basename "$f")"
done < <(find corpus -type f \( -name '*.txt' -o ! -name '*.*' \) | sort)
n_docs=$(ls "$T/c" | wc -l)
[ "$n_docs" -ge 2 ] || fail "corpus has fewer than 2 documents"

ext_rc=0; "$FISCX_BIN" extract "$T/c" > "$T/stream.jsonl" 2>/dev/null || ext_rc=$?
[ $ext_rc -le 1 ] || fail "extract exit $ext_rc"
ing_rc=0; "$FISCX_BIN" ingest -q --db "$T/a.db" "$T/c" 2>"$T/err" || ing_rc=$?
[ $ing_rc -eq $ext_rc ] || { cat "$T/err"; fail "ingest exit $ing_rc, extract exit $ext_rc"; }

# record for record what extract emits, in the same order
sql "$T/a.db" "SELECT json FROM records ORDER BY doc_key, seq" > "$T/db.jsonl"
cmp -s "$T/stream.jsonl" "$T/db.jsonl" || { diff "$T/stream.jsonl" "$T/db.jsonl" | head -5; fail "records differ from the stream"; }
[ "$(sql "$T/a.db" "SELECT count(*) FROM documents")" = "$n_docs" ] || fail "documents count"

# every typed table counts what the stream counts; cells = the entries of all `values`
counts_stream() { jq -r '.type' "$T/stream.jsonl" | sort | uniq -c | awk '{print $2, $1}'; }
declare -A TABLE=([document]=documents [section]=sections [amount]=amounts [percent]=percents
  [change]=changes [quantity]=quantities [table]=tables [row]=rows [indicator]=indicators
  [term]=terms [check]=checks [diagnostic]=diagnostics)
while read -r type n; do
  [ "$type" = summary ] && { [ "$n" = "$n_docs" ] || fail "summaries"; continue; }
  t=${TABLE[$type]:-}; [ -n "$t" ] || fail "record type '$type' has no table"
  got=$(sql "$T/a.db" "SELECT count(*) FROM $t")
  [ "$got" = "$n" ] || fail "$t: $got rows, the stream has $n $type records"
done < <(counts_stream)
want_cells=$(jq -r 'select(.type == "row" and (.values | type) == "object") | .values | length' "$T/stream.jsonl" \
             | awk '{s += $1} END {print s + 0}')
[ "$(sql "$T/a.db" "SELECT count(*) FROM cells")" = "$want_cells" ] || fail "cells count, want $want_cells"
# the document columns are the document records' fields, the sha256 that of the bytes
while IFS=$'\t' read -r path want; do
  got=$(sql "$T/a.db" "SELECT sha256 || ' ' || ifnull(issuer, '') || ' ' || ifnull(year, '') FROM documents WHERE path = '$path'")
  [ "$got" = "$want" ] || fail "document $path: '$got' != '$want'"
done < <(jq -r 'select(.type == "document") | [.doc, ((.issuer // "") + " " + ((.year // "") | tostring))] | @tsv' "$T/stream.jsonl" |
         while IFS=$'\t' read -r p rest; do printf '%s\t%s %s\n' "$p" "$(sha256sum < "$p" | cut -c1-64)" "$rest"; done)
[ "$(sql "$T/a.db" "PRAGMA integrity_check")" = ok ] || fail "integrity"
[ "$(sql "$T/a.db" "PRAGMA journal_mode")" = wal ] || fail "not WAL"

# ---- ingesting again changes nothing, byte for byte ----
sql "$T/a.db" .dump > "$T/dump1"
"$FISCX_BIN" ingest --db "$T/a.db" "$T/c" 2>"$T/err" || true
grep -q "0 added, 0 replaced, 0 linked, $n_docs unchanged" "$T/err" || { cat "$T/err"; fail "second ingest was not a no-op"; }
sql "$T/a.db" .dump > "$T/dump2"
cmp -s "$T/dump1" "$T/dump2" || fail "second ingest changed the archive"

# ---- --reparse: the same records again, in place; lifts an earlier --max-doc-size refusal ----
"$FISCX_BIN" ingest --reparse --db "$T/a.db" "$T/c" 2>"$T/err" || true
grep -q "$n_docs stored documents read anew" "$T/err" || { cat "$T/err"; fail "--reparse"; }
sql "$T/a.db" "SELECT json FROM records ORDER BY doc_key, seq" | cmp -s - "$T/stream.jsonl" || fail "--reparse changed records"
[ "$(sql "$T/a.db" "SELECT count(*) FROM documents")" = "$n_docs" ] || fail "--reparse: documents count"
one=$(ls "$T/c" | head -1)
rc=0; "$FISCX_BIN" ingest -q --max-doc-size 1K --db "$T/big.db" "$T/c/$one" 2>/dev/null || rc=$?
[ $rc -eq 1 ] && [ "$(sql "$T/big.db" "SELECT error FROM documents")" = 1 ] || fail "a too-large input: exit $rc"
rc=0; "$FISCX_BIN" ingest -q --db "$T/big.db" "$T/c/$one" 2>/dev/null || rc=$?
[ $rc -eq 1 ] || fail "the too-large document is stored with its error: want exit 1 again, got $rc"
"$FISCX_BIN" ingest -q --reparse --db "$T/big.db" "$T/c/$one" 2>/dev/null || true
[ "$(sql "$T/big.db" "SELECT count(*) FROM diagnostics WHERE code = 'too-large'")" = 0 ] || fail "--reparse kept the refusal"
"$FISCX_BIN" extract "$T/c/$one" 2>/dev/null | cmp -s - <(sql "$T/big.db" "SELECT json FROM records ORDER BY seq") ||
  fail "--reparse: records differ from extract"

# ---- --jobs 2: the same records in the same order ----
"$FISCX_BIN" ingest -q --jobs 2 --db "$T/j.db" "$T/c" 2>/dev/null || true
sql "$T/j.db" "SELECT json FROM records ORDER BY doc_key, seq" | cmp -s - "$T/stream.jsonl" || fail "--jobs 2 differs"

# ---- two ingests at once into one archive: they take turns, nothing is stored twice ----
"$FISCX_BIN" ingest -q --db "$T/two.db" "$T/c" 2>/dev/null & p1=$!
"$FISCX_BIN" ingest -q --jobs 2 --db "$T/two.db" "$T/c" 2>/dev/null & p2=$!
r1=0; wait $p1 || r1=$?; r2=0; wait $p2 || r2=$?
[ $r1 -eq $ext_rc ] && [ $r2 -eq $ext_rc ] || fail "concurrent ingests: exit $r1 and $r2"
sql "$T/two.db" "SELECT json FROM records r JOIN documents d USING (doc_key) ORDER BY d.path, r.seq" |
  cmp -s - "$T/stream.jsonl" || fail "concurrent ingests: the archive differs from the stream"

# ---- a changed file replaces its earlier version; a copy is linked ----
mkdir "$T/w"; cp "$T/c/$one" "$T/w/r.txt"
"$FISCX_BIN" ingest -q --db "$T/w.db" "$T/w/r.txt" 2>/dev/null || true
old=$(sha256sum < "$T/w/r.txt" | cut -c1-64)
printf '\n附注：本报告第二版。\n' >> "$T/w/r.txt"
new=$(sha256sum < "$T/w/r.txt" | cut -c1-64)
"$FISCX_BIN" ingest --db "$T/w.db" "$T/w/r.txt" 2>"$T/err" || true
grep -q "0 added, 1 replaced" "$T/err" || { cat "$T/err"; fail "changed file not replaced"; }
[ "$(sql "$T/w.db" "SELECT group_concat(sha256) FROM documents")" = "$new" ] || fail "old version still there"
[ "$(sql "$T/w.db" "SELECT count(*) FROM records WHERE doc_key NOT IN (SELECT doc_key FROM documents)")" = 0 ] ||
  fail "records of the old version left"
"$FISCX_BIN" extract "$T/w/r.txt" 2>/dev/null | cmp -s - <(sql "$T/w.db" "SELECT json FROM records ORDER BY seq") ||
  fail "replaced records differ from the new version's"
cp "$T/w/r.txt" "$T/w/copy.txt"
"$FISCX_BIN" ingest --db "$T/w.db" "$T/w/copy.txt" 2>"$T/err" || true
grep -q "0 added, 0 replaced, 1 linked" "$T/err" || { cat "$T/err"; fail "copy not linked"; }
[ "$(sql "$T/w.db" "SELECT count(*) || ' ' || (SELECT count(*) FROM sources WHERE sha256 = '$new') FROM documents")" = "1 2" ] ||
  fail "copy stored twice"
# stdin: the same content is known; new content is stored under "-"
"$FISCX_BIN" ingest --db "$T/w.db" - < "$T/w/r.txt" 2>"$T/err" || true
grep -q "1 unchanged" "$T/err" || { cat "$T/err"; fail "stdin copy"; }
[ "$old" != "$new" ] || fail "test setup"

# ---- an unreadable input: reported, not stored, the others are; exit 1 ----
rc=0; "$FISCX_BIN" ingest --db "$T/m.db" "$T/c/$one" "$T/nonexistent.txt" 2>"$T/err" || rc=$?
[ $rc -eq 1 ] || fail "missing input: exit $rc, want 1"
grep -q "nonexistent.txt" "$T/err" || fail "missing input not reported"
[ "$(sql "$T/m.db" "SELECT count(*) FROM documents")" = 1 ] || fail "the readable input was not stored"

# ---- not an archive: refused, the file left alone ----
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES(1)"
rc=0; "$FISCX_BIN" ingest --db "$T/other.db" "$T/c" 2>"$T/err" || rc=$?
[ $rc -eq 1 ] && grep -q "not a fiscx archive" "$T/err" || fail "foreign database: exit $rc"
[ "$(sql "$T/other.db" "SELECT count(*) FROM sqlite_master")" = 1 ] || fail "foreign database changed"
echo "ok: $n_docs documents, $(wc -l < "$T/stream.jsonl") records, $want_cells cells"
