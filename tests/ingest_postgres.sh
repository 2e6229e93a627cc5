#!/usr/bin/env bash
# The PostgreSQL path: a throwaway server (initdb in a temp dir, unix socket only, no TCP)
# loads `fiscx extract` output with scripts/pg-load; every view and the ten queries of
# docs/archive.md give the same rows as the SQLite archive of the same corpus; reloading
# replaces instead of duplicating; NUL escapes, fen and cells behave as documented.
# Skips, saying so, when no PostgreSQL server can be started here.
set -euo pipefail
cd "$FISCX_SRC"
skip() { echo "SKIP: PostgreSQL test not run: $* (FISCX_SETUP_EXTRA=postgresql scripts/setup installs it)"; exit 77; }
fail() { echo "FAIL: $*" >&2; [ -f "$T/pg.log" ] && tail -5 "$T/pg.log" >&2; exit 1; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] || skip "no PostgreSQL server binaries"
command -v psql >/dev/null || skip "no psql"
as=()   # the server refuses to run as root: run it as the postgres account then
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || skip "running as root and there is no postgres account"
  as=(runuser -u postgres --)
fi

T=$(mktemp -d)
started=
cleanup() {
  [ -n "$started" ] && "${as[@]}" "$bindir/pg_ctl" -D "$T/pg" -m immediate stop >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
mkdir "$T/sock"
[ ${#as[@]} -eq 0 ] || { chown postgres "$T" "$T/sock"; chmod 755 "$T"; }
"${as[@]}" "$bindir/initdb" -D "$T/pg" -U fiscx --auth=trust -E UTF8 --locale=C --no-sync >"$T/initdb.log" 2>&1 ||
  { cat "$T/initdb.log"; skip "initdb failed"; }
"${as[@]}" "$bindir/pg_ctl" -D "$T/pg" -w -t 60 -l "$T/pg.log" \
  -o "-k $T/sock -c listen_addresses='' -c fsync=off -p 54329" start >/dev/null || skip "the server did not start"
started=1
export PGHOST=$T/sock PGPORT=54329 PGUSER=fiscx PGDATABASE=postgres
pg() { psql -X -q -At -F '|' -v ON_ERROR_STOP=1 "$@"; }
export FISCX_BIN

# ---- the corpus into both ----
"$FISCX_BIN" extract corpus/ > "$T/stream.jsonl" 2>/dev/null || true
"$FISCX_BIN" ingest -q --db "$T/a.db" corpus/ 2>/dev/null || true
scripts/pg-load < "$T/stream.jsonl" > "$T/load.out" || fail "pg-load"
scripts/pg-load < "$T/stream.jsonl" > /dev/null || fail "pg-load again"   # replaces, not duplicates
lines=$(wc -l < "$T/stream.jsonl")
[ "$(pg -c "SELECT count(*) FROM fiscx_records")" = "$lines" ] || fail "records: want $lines"

lite() { sqlite3 -batch -separator '|' "$T/a.db" "$1"; }
same() { # $1: what, $2: SQL for both
  lite "$2" > "$T/l.out" || fail "$1: sqlite: $2"
  pg -c "$2" > "$T/p.out" || fail "$1: postgresql: $2"
  cmp -s "$T/l.out" "$T/p.out" || { diff "$T/l.out" "$T/p.out" | head -6 >&2; fail "$1 differs between SQLite and PostgreSQL"; }
}
for t in documents records sections amounts percents changes quantities tables rows cells indicators terms checks diagnostics; do
  same "count of $t" "SELECT count(*) FROM $t"
done
same documents "SELECT path, title, issuer, year, kind, scope, encoding, bytes, error, checks_pass, checks_fail,
  checks_skip, diagnostics FROM documents ORDER BY path"
same "record types and spans" "SELECT d.path, r.seq - (SELECT min(seq) FROM records x WHERE x.doc_key = r.doc_key),
  r.type, r.id, r.span_start, r.span_end, r.line FROM records r JOIN documents d ON d.doc_key = r.doc_key
  ORDER BY d.path, r.seq"
same sections "SELECT d.path, s.id, s.line, s.level, s.marker, s.ordinal, s.title, s.parent FROM sections s
  JOIN documents d ON d.doc_key = s.doc_key ORDER BY d.path, s.id"
same doc_amounts "SELECT * FROM doc_amounts ORDER BY path, id"
same doc_percents "SELECT * FROM doc_percents ORDER BY path, id"
same doc_changes "SELECT * FROM doc_changes ORDER BY path, id"
same doc_cells "SELECT * FROM doc_cells ORDER BY path, row_id, col"
same doc_indicators "SELECT * FROM doc_indicators ORDER BY path, id"
same doc_checks "SELECT * FROM doc_checks ORDER BY path, id"
same doc_diagnostics "SELECT * FROM doc_diagnostics ORDER BY path, id"

# ---- the ten queries of docs/archive.md ----
awk '/<!-- queries -->/ {on = 1} /<!-- \/queries -->/ {on = 0}
     on && /^```sql/ {q = ""; inq = 1; next}
     on && inq && /^```/ {gsub(/\n/, " ", q); print q; inq = 0; next}
     on && inq {q = q $0 "\n"}' docs/archive.md > "$T/queries"
[ "$(wc -l < "$T/queries")" -eq 10 ] || fail "docs/archive.md should hold ten queries, found $(wc -l < "$T/queries")"
n=0
while IFS= read -r q; do n=$((n + 1)); same "query $n of docs/archive.md" "$q"; done < "$T/queries"

# ---- hand-written records: fen, cells, NUL, escapes, replacement by document id ----
cat > "$T/hand.jsonl" <<'EOF'
{"type":"document","doc":"hand/a.txt","id":"d1","schema":"fiscx/1","title":"t","issuer":"某局","year":2024,"kind":"预算","scope":"部门","encoding":"GB18030","bytes":10}
{"type":"table","doc":"hand/a.txt","id":"t1","span":[0,5],"line":1,"title":"支出表","code":"公开02表","unit":"万元","issuer":"某局","columns":["项目","合计"],"header_rows":1,"n_rows":1,"empty":false,"note":null,"section":null}
{"type":"row","doc":"hand/a.txt","id":"t1.r1","span":[5,9],"line":2,"table":"t1","index":1,"cells":["201","12.34"],"code":"201","name":"一般公共服务支出","values":{"合计":"12.34","基本支出":"0.000001"},"kind":"data","side":null,"parent":null}
{"type":"diagnostic","doc":"hand/a.txt","id":"x1","span":[1,2],"line":1,"severity":"warning","code":"nul","message":"NUL \u0000 here, a backslash \\u0000 not a NUL, quote \" tab \t"}
{"type":"check","doc":"hand/a.txt","id":"k1","rule":"table-total","status":"fail","expected":"1.00","actual":"1.02","tolerance":"0.01","refs":["t1.r1"],"message":"m"}
{"type":"summary","doc":"hand/a.txt","id":"z1","counts":{"document":1,"table":1,"row":1,"check":1,"diagnostic":1},"checks":{"pass":0,"fail":1,"skip":0},"diagnostics":1}
EOF
scripts/pg-load < "$T/hand.jsonl" >/dev/null || fail "pg-load of hand-written records"
scripts/pg-load < "$T/hand.jsonl" >/dev/null || fail "pg-load of hand-written records, again"
want() { local got; got=$(pg -c "$1"); [ "$got" = "$2" ] || fail "$1: got '$got', want '$2'"; }
want "SELECT count(*) FROM fiscx_records WHERE doc = 'hand/a.txt'" 6
want "SELECT col || '=' || value || ' ' || unit || ' ' || coalesce(fen::text, 'null') FROM cells WHERE doc_key = 'hand/a.txt' ORDER BY col" \
     "合计=12.34 万元 12340000
基本支出=0.000001 万元 1"
want "SELECT issuer || ' ' || year || ' ' || checks_fail || ' ' || error FROM documents WHERE path = 'hand/a.txt'" "某局 2024 1 0"
want "SELECT table_code || ' ' || code || ' ' || fen FROM doc_cells WHERE path = 'hand/a.txt' AND col = '合计'" "公开02表 201 12340000"
want "SELECT message FROM diagnostics WHERE doc_key = 'hand/a.txt'" "$(printf 'NUL \xef\xbf\xbd here, a backslash \\u0000 not a NUL, quote " tab \t')"
want "SELECT empty || ' ' || jsonb_array_length(columns) FROM tables WHERE doc_key = 'hand/a.txt'" "0 2"
want "SELECT rule FROM doc_checks WHERE path = 'hand/a.txt' AND status = 'fail'" "table-total"
want "SELECT fiscx_fen('1336.82', '万元') || ' ' || coalesce(fiscx_fen('0.005', '元')::text, 'null') || ' ' ||
      coalesce(fiscx_fen('120', '元/人')::text, 'null') || ' ' || fiscx_fen('2', '亿元')" "1336820000 null null 20000000000"
echo "ok: $lines records, $(lite "SELECT count(*) FROM cells") cells, 10 queries: SQLite and PostgreSQL agree"
