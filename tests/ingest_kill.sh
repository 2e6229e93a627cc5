#!/usr/bin/env bash
# fiscx ingest is crash-safe: an ingest of many documents is killed with SIGKILL at several
# moments (also right at the start); after each kill the archive passes
# `PRAGMA integrity_check` and holds only whole documents, readers query it meanwhile, and
# a re-run completes the rest: in the end the archive holds exactly the JSON Lines stream.
set -euo pipefail
cd "$FISCX_SRC"
T=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sql() { sqlite3 -batch -cmd ".timeout 10000" "$@"; }
COPIES=${FISCX_KILL_COPIES:-40}

# many distinct documents: each report of corpus/ with 1..COPIES trailing newlines
mkdir "$T/c"
i=0 pad=
for k in $(seq 1 "$COPIES"); do
  pad+=$'\n'
  for f in corpus/*.txt; do
    i=$((i + 1))
    printf -v name %05d_%s "$i" "${f##*/}"
    { cat "$f"; printf %s "$pad"; } > "$T/c/$name"
  done
done
total=$i
ext_rc=0; "$FISCX_BIN" extract "$T/c" > "$T/stream.jsonl" 2>/dev/null || ext_rc=$?
[ $ext_rc -le 1 ] || fail "extract exit $ext_rc"

# every stored document is whole: its records are its summary's counts plus the summary
WHOLE="SELECT count(*) FROM documents d WHERE
  (SELECT count(*) FROM records r WHERE r.doc_key = d.doc_key) !=
  coalesce((SELECT 1 + sum(j.value) FROM records s, json_each(s.json, '\$.counts') j
            WHERE s.doc_key = d.doc_key AND s.type = 'summary'), -1)
  OR NOT EXISTS (SELECT 1 FROM sources WHERE sha256 = d.sha256)"
check_archive() { # $1: when
  [ -e "$T/a.db" ] || return 0
  local ic; ic=$(sql "$T/a.db" "PRAGMA integrity_check")
  [ "$ic" = ok ] || fail "$1: integrity_check: $ic"
  [ -z "$(sql "$T/a.db" "PRAGMA foreign_key_check")" ] || fail "$1: foreign keys"
  if [ "$(sql "$T/a.db" "PRAGMA user_version")" = 1 ]; then
    local broken; broken=$(sql "$T/a.db" "$WHOLE")
    [ "$broken" = 0 ] || fail "$1: $broken partial documents"
  fi
}
count() { [ -e "$T/a.db" ] && sql "$T/a.db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0; }

# round 0: killed within milliseconds of starting (schema creation, first document)
"$FISCX_BIN" ingest -q --db "$T/a.db" "$T/c" 2>/dev/null & pid=$!
sleep 0.00$((RANDOM % 9 + 1)); kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; pid=
check_archive "killed at start"

# rounds 1..3: killed mid-run, after more documents each time; a reader queries meanwhile
prev=$(count)
for round in 1 2 3; do
  jobs=$(( round % 2 + 1 ))
  "$FISCX_BIN" ingest -q --jobs $jobs --db "$T/a.db" "$T/c" 2>/dev/null & pid=$!
  target=$(( prev + total / 10 + RANDOM % 10 ))
  while :; do
    n=$(count)
    if [ -e "$T/a.db" ] && [ "$(sql "$T/a.db" "PRAGMA user_version")" = 1 ]; then
      b=$(sql "$T/a.db" "$WHOLE") # a reader while the writer writes
      [ "$b" = 0 ] || fail "round $round: a reader saw $b partial documents"
    fi
    [ "$n" -ge "$target" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  sleep 0.0$((RANDOM % 5))
  kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; pid=
  check_archive "round $round (--jobs $jobs)"
  n=$(count)
  [ "$n" -lt "$total" ] || fail "round $round: the ingest finished before the kill (raise FISCX_KILL_COPIES)"
  [ "$n" -gt "$prev" ] || fail "round $round: no progress ($n documents)"
  echo "round $round: killed with $n of $total documents stored; integrity ok, all whole"
  prev=$n
done

# the re-run completes the rest, and the archive is the stream, record for record
rc=0; "$FISCX_BIN" ingest --db "$T/a.db" "$T/c" 2>"$T/err" || rc=$?
[ $rc -eq $ext_rc ] || { cat "$T/err"; fail "re-run exit $rc, extract $ext_rc"; }
grep -q "$prev unchanged" "$T/err" || { cat "$T/err"; fail "the re-run did not skip the stored documents"; }
check_archive "after the re-run"
[ "$(count)" = "$total" ] || fail "after the re-run: $(count) of $total documents"
sql "$T/a.db" "SELECT json FROM records ORDER BY doc_key, seq" | cmp -s - "$T/stream.jsonl" ||
  fail "after the re-run the records differ from the stream"
sed 's/^/re-run: /' "$T/err"   # throughput proper: scripts/bench-ingest
echo "ok: $total documents, $(wc -l < "$T/stream.jsonl") records"
