#!/usr/bin/env bash
# Hostile and broken input through `fiscx extract`, as an archive hands it over: random bytes,
# invalid UTF-8, NULs, an empty file, a 50 MB file without a newline, an unreadable directory,
# a missing path, a FIFO and a file deleted between listing and reading, a closed output pipe,
# a full disk. For each: the documented exit status (0 clean, 1 an input had an error, 2
# usage), a `diagnostic` naming the input and the problem, every other input still processed,
# and every output line valid JSON (scripts/validate: schema, order, spans).
set -uo pipefail
: "${FISCX_BIN:?}" "${FISCX_SRC:?}"
T=$(mktemp -d); trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0 seen=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { if [ $fails = $seen ]; then echo "ok: $* (${SECONDS}s)"; else echo "not ok: $*"; fi; seen=$fails; }
# found JQ-ARGS... FILE: the filter selects at least one record (jq 1.6's -e looks only at
# the last input, so count instead)
found() { [ -n "$(jq -c "$@" 2>/dev/null | head -1)" ]; }

# a small report every run carries along: it must come out whole whatever else happens
good=$T/good.txt
cat > "$good" <<'EOF'
某县水务局2024年度部门决算
第一部分 部门概况
一、主要职能
负责全县水资源管理和水利工程建设。
第二部分 2024年度部门决算情况说明
一、收入支出决算总体情况说明
2024年度收入总计1,234.56万元，与上年决算相比，增加12.30万元，增长1.01%。
EOF

# run NAME EXPECTED_STATUS ARGS...: extract, keep stdout/stderr, check status and JSON
run() {
  local name=$1 want=$2; shift 2
  out=$T/$name.jsonl; err=$T/$name.err
  "$FISCX_BIN" extract "$@" >"$out" 2>"$err"
  status=$?
  [ "$status" = "$want" ] || fail "$name: exit status $status, want $want ($(head -c 300 "$err"))"
  if ! v=$(python3 "$FISCX_SRC/scripts/validate" "$out" 2>&1); then fail "$name: invalid output: $v"; fi
}
# has_diag DOC CODE [SEVERITY]: a diagnostic record for that input with that code
has_diag() {
  found --arg d "$1" --arg c "$2" --arg s "${3:-}" \
    'select(.type=="diagnostic" and .doc==$d and .code==$c and ($s=="" or .severity==$s))' \
    "$out" || fail "$name: no diagnostic $2 ${3:-} for $1: $(grep -c . "$out") lines: $(grep '"diagnostic"' "$out" | head -3)"
}
# whole DOC: the document's records are all there (document first ... summary)
whole() {
  local n
  n=$(jq -r --arg d "$1" 'select(.doc==$d) | .type' "$out" | sed -n '1p;$p' | tr '\n' ' ')
  [ "$n" = "document summary " ] || fail "$name: $1 not emitted whole (got: $n)"
}
# no_error DOC: no error diagnostic for a clean input
no_error() {
  ! found --arg d "$1" 'select(.type=="diagnostic" and .doc==$d and .severity=="error")' "$out" ||
    fail "$name: unexpected error diagnostic for $1"
}

# ---- random bytes: a binary file misnamed .txt (fixed seeds: reproducible) ----
python3 -c 'import random,sys; r=random.Random(7); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(200000)))' >"$T/random.txt"
python3 -c 'import random,sys; r=random.Random(8); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(3000)))' >"$T/random2.txt"
run random 1 "$T/random.txt" "$good" "$T/random2.txt"
for f in random random2; do
  found --arg d "$T/$f.txt" 'select(.type=="diagnostic" and .doc==$d and .severity=="error" and
     (.code=="binary" or .code=="undecodable"))' "$out" || fail "random: $f not reported as binary"
  whole "$T/$f.txt"
done
whole "$good"; no_error "$good"
grep -q "$T/random.txt" "$err" || fail "random: the error is not named on stderr"
ok "random bytes"

# ---- random bytes on stdin ----
out=$T/stdin.jsonl
"$FISCX_BIN" extract - <"$T/random2.txt" >"$out" 2>/dev/null; status=$?
[ $status = 1 ] || fail "stdin: status $status"
python3 "$FISCX_SRC/scripts/validate" "$out" >/dev/null || fail "stdin: invalid output"
name=stdin; whole "-"
ok "random bytes on stdin"

# ---- invalid UTF-8 in a UTF-8 report: replaced, located, the rest read normally ----
python3 - "$good" "$T/badutf8.txt" <<'EOF'
import sys
t = open(sys.argv[1], "rb").read()
# a lone continuation byte, a truncated 3-byte sequence, an overlong '/'
t = t.replace("部门概况".encode(), b"\x80" + "部门概况".encode(), 1)
t = t.replace("水利".encode(), "水".encode()[:2] + "利".encode(), 1)
t = t + b"\xc0\xaf\n"
open(sys.argv[2], "wb").write(t)
EOF
run badutf8 0 "$T/badutf8.txt" "$good"
has_diag "$T/badutf8.txt" invalid-bytes warning
found --arg d "$T/badutf8.txt" 'select(.type=="document" and .doc==$d and .encoding=="UTF-8")' "$out" ||
  fail "badutf8: a damaged UTF-8 file is no longer read as UTF-8"
first_bad=$(python3 -c 'import sys; print(open(sys.argv[1],"rb").read().index("部门概况".encode()) - 1)' "$T/badutf8.txt")
found --arg d "$T/badutf8.txt" --argjson b "$first_bad" \
  'select(.type=="diagnostic" and .doc==$d and .code=="invalid-bytes" and .span==[$b,$b+1] and .line==2)' "$out" ||
  fail "badutf8: no diagnostic at the bad byte (offset $first_bad, line 2)"
found --arg d "$T/badutf8.txt" 'select(.type=="section" and .doc==$d)' "$out" ||
  [ "$(jq -r --arg d "$good" 'select(.type=="section" and .doc==$d) | .id' "$out" | head -1)" = "" ] ||
  fail "badutf8: the readable text around the bad bytes lost its sections"
whole "$T/badutf8.txt"; whole "$good"
ok "invalid UTF-8"

# ---- NUL and other control bytes inside text ----
python3 - "$good" "$T/nul.txt" <<'EOF'
import sys
t = open(sys.argv[1], "rb").read()
t = t.replace("主要职能".encode(), b"\x00\x00" + "主要".encode() + b"\x01\x1b" + "职能".encode(), 1)
open(sys.argv[2], "wb").write(b"\x00" * 3 + t + b"\x00" * 100)
EOF
run nul 0 "$T/nul.txt" "$good"
has_diag "$T/nul.txt" control-characters warning
! grep -q '\\u0000' "$out" || fail "nul: a NUL reached the output"
found --arg d "$T/nul.txt" 'select(.type=="diagnostic" and .doc==$d and .code=="control-characters" and .span==[0,1])' \
  "$out" || fail "nul: the control-characters diagnostic does not point at the first NUL"
whole "$T/nul.txt"; whole "$good"
ok "NUL bytes"

# ---- empty file ----
: >"$T/empty.txt"
run empty 0 "$T/empty.txt" "$good"
has_diag "$T/empty.txt" empty
whole "$T/empty.txt"; whole "$good"
ok "empty file"

# ---- a path that does not exist ----
run missing 1 "$T/no/such/file.txt" "$good" "$T/nosuch.txt"
has_diag "$T/no/such/file.txt" read-error error
has_diag "$T/nosuch.txt" read-error error
found --arg d "$T/nosuch.txt" 'select(.type=="diagnostic" and .doc==$d and (.message|test("No such file")))' \
  "$out" || fail "missing: the message does not say what is wrong"
whole "$T/nosuch.txt"; whole "$good"
grep -q "nosuch.txt" "$err" || fail "missing: not named on stderr"
ok "missing path"

# ---- a directory that cannot be read ----
mkdir -p "$T/tree/locked" "$T/tree/open"
cp "$good" "$T/tree/open/a.txt"; cp "$good" "$T/tree/locked/b.txt"
chmod 000 "$T/tree/locked"
as=()
if [ "$(id -u)" = 0 ]; then
  # root reads through chmod 000: run as nobody instead, or skip visibly
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
     setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$FISCX_BIN"; then
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 755 "$T"; chmod -R a+rX "$T/tree/open" "$T/good.txt"; chmod 755 "$T/tree"
  else
    as=(skip)
  fi
fi
if [ "${as[0]:-}" = skip ]; then
  echo "SKIP: unreadable directory (running as root and cannot switch to an unprivileged user)"
else
  out=$T/locked.jsonl; name=locked
  "${as[@]}" "$FISCX_BIN" extract "$T/tree" "$good" >"$out" 2>"$T/locked.err"; status=$?
  [ $status = 1 ] || fail "locked: status $status"
  python3 "$FISCX_SRC/scripts/validate" "$out" >/dev/null || fail "locked: invalid output"
  has_diag "$T/tree/locked" read-error error
  found --arg d "$T/tree/locked" 'select(.doc==$d and (.message|test("ermission")))' "$out" ||
    fail "locked: the message does not say permission denied"
  whole "$T/tree/open/a.txt"; whole "$good"; whole "$T/tree/locked"
  # and an unreadable file given by name
  cp "$good" "$T/secret.txt"; chmod 000 "$T/secret.txt"
  "${as[@]}" "$FISCX_BIN" extract "$T/secret.txt" "$good" >"$out" 2>/dev/null; status=$?
  [ $status = 1 ] || fail "locked file: status $status"
  has_diag "$T/secret.txt" read-error error; whole "$good"
  ok "unreadable directory and file${as[0]:+ (as nobody)}"
fi
chmod -R u+rwx "$T/tree"

# ---- a FIFO, and a file deleted between listing and reading ----
mkfifo "$T/pipe.txt"
cp "$good" "$T/gone.txt"
# with one job fiscx lists all inputs first, then blocks opening the FIFO; meanwhile
# gone.txt disappears (the writer gives up if fiscx never opens the FIFO)
( sleep 1; rm -f "$T/gone.txt"; timeout 60 sh -c 'cat "$1" > "$2"' sh "$good" "$T/pipe.txt" ) &
writer=$!
out=$T/vanish.jsonl; name=vanish
"$FISCX_BIN" extract -j1 "$T/pipe.txt" "$T/gone.txt" "$good" >"$out" 2>/dev/null; status=$?
wait $writer || fail "vanish: fiscx never read the FIFO"
[ $status = 1 ] || fail "vanish: status $status, want 1"
# the validator reads the raw inputs back: give it the FIFO's bytes as a file
rm -f "$T/pipe.txt"; cp "$good" "$T/pipe.txt"
python3 "$FISCX_SRC/scripts/validate" "$out" >/dev/null || fail "vanish: invalid output"
has_diag "$T/gone.txt" read-error error
whole "$T/pipe.txt"; whole "$T/gone.txt"; whole "$good"; no_error "$T/pipe.txt"
ok "FIFO and a file deleted before it was read"

# ---- a 50 MB file with no newline (within the default size limit), and over a lower limit ----
python3 -c '
import sys
unit = "本年支出合计1,234.56万元,占比12.5%,与上年相比增长3.2%;".encode()
n = 50 * 1024 * 1024 // len(unit) + 1
sys.stdout.buffer.write(unit * n)' >"$T/huge.txt"
start=$(date +%s)
run huge 0 --max-doc-size 64M "$T/huge.txt" "$good"
secs=$(( $(date +%s) - start ))
whole "$T/huge.txt"; whole "$good"
has_diag "$T/huge.txt" line-too-long
echo "   (50 MB single line: ${secs}s)"
run huge_limit 1 --max-doc-size 10M "$T/huge.txt" "$good"
has_diag "$T/huge.txt" too-large error
whole "$T/huge.txt"; whole "$good"
ok "50 MB file without a newline"

# ---- output to a closed pipe: quiet, status 0 ----
many=(); for _ in $(seq 40); do many+=("$FISCX_SRC/corpus" "$good"); done
"$FISCX_BIN" extract "${many[@]}" 2>"$T/pipe.err" | head -1 >"$T/head.out"
st=("${PIPESTATUS[@]}")
[ "${st[0]}" = 0 ] || fail "closed pipe: status ${st[0]}"
[ ! -s "$T/pipe.err" ] || fail "closed pipe: said something: $(head -c 300 "$T/pipe.err")"
found 'select(.type=="document")' "$T/head.out" || fail "closed pipe: first line is not a document record"
ok "closed output pipe"

# ---- a full disk on -o ----
if [ -w /dev/full ]; then
  "$FISCX_BIN" extract -o /dev/full "$good" "$FISCX_SRC/corpus" >"$T/full.out" 2>"$T/full.err"; status=$?
  [ $status = 1 ] || fail "full disk: status $status, want 1"
  grep -q "/dev/full" "$T/full.err" && grep -qi "no space" "$T/full.err" || fail "full disk: no message naming the output and the problem: $(cat "$T/full.err")"
  [ "$(grep -c . "$T/full.err")" -le 2 ] || fail "full disk: more than one complaint: $(head -5 "$T/full.err")"
  ok "full disk on -o"
else
  echo "SKIP: /dev/full not writable"
fi

# ---- usage errors: status 2, nothing on stdout ----
"$FISCX_BIN" extract --max-doc-size banana "$good" >"$T/usage.out" 2>/dev/null; status=$?
[ $status = 2 ] && [ ! -s "$T/usage.out" ] || fail "usage: bad option value gave status $status"
"$FISCX_BIN" extract --no-such-option "$good" >"$T/usage.out" 2>/dev/null; status=$?
[ $status = 2 ] && [ ! -s "$T/usage.out" ] || fail "usage: unknown option gave status $status"
ok "usage errors"

# ---- the limits are options, documented with their defaults ----
"$FISCX_BIN" extract --help >"$T/help.out" 2>&1 || fail "help: status $?"
for o in --max-doc-size --max-line --match-limit; do
  grep -E -- "$o N .*default" "$T/help.out" >/dev/null || grep -A1 -E -- "$o N" "$T/help.out" | grep -q default ||
    fail "help: $o is not documented with its default"
done
ok "limits documented in --help"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "bad input: all ok"
