#!/usr/bin/env bash
# Inputs that could make time grow faster than linearly stay linear: for each shape, the time
# for 4N bytes over the time for N bytes must stay under 8 (linear gives 4, quadratic 16).
# A complexity test, not a speed test: N grows until one run takes long enough to measure, and
# each time is the best CPU time of three, less the start-up time. Lines are matched whole (--max-line
# raised above the input size) and documents are not cut in pieces (--piece-size 0), so the patterns
# and the stages themselves are what is measured.
set -euo pipefail
: "${FISCX_BIN:?}"
exec python3 - "$FISCX_BIN" "$@" <<'EOF'
import os, subprocess, sys, tempfile, time

fiscx = sys.argv[1]
only = sys.argv[2:]
MAX_RATIO = 8.0

def han(i):  # a varied Chinese word, so no line repeats (repeats are read as running headers)
    return "收支预算决算项目资金基本经费人员公用"[i % 16] + "部门单位财政拨款合计"[i * 7 % 10]

# name -> function(n) giving about n bytes of input
SHAPES = {
    "digit run": lambda n: b"9" * n + b"\n",
    "1,1,1,...": lambda n: b"1," * (n // 2) + "万元。\n".encode(),
    "amount run": lambda n: "".join(f"支出{i},{i % 1000:03d}.{i % 100:02d}万元," for i in range(n // 24)).encode() + b"\n",
    "nested headings": lambda n: "".join(
        f"第{i + 1}部分 标题{han(i)}\n一、{han(i)}\n(一){han(i + 1)}\n1.{han(i + 2)}\n(1){han(i + 3)}\n①{han(i + 4)}\n"
        for i in range(n // 80)).encode(),
    "long prose line": lambda n: "".join(
        f"{han(i)}收入{i}.5万元,较上年增长{i % 97}.1%,占总支出的{i % 89}.2%;" for i in range(n // 70)).encode() + b"\n",
    "tabs line": lambda n: b"\t" * n + b"\n",
    "tab table": lambda n: ("科目编码\t科目名称\t本年收入\t本年支出\n".encode() + "".join(
        f"{201 + i % 9}{i % 100:02d}{i % 97:02d}\t{han(i)}{han(i + 3)}\t{i}.00\t{i * 3}.50\n" for i in range(n // 40)).encode()),
    "headerless tab table": lambda n: "".join(  # no header row: untitled grids are probed
        f"{201 + i % 9}{i % 100:02d}{i % 97:02d}\t{han(i)}{han(i + 3)}\t{i}.00\t{i * 3}.50\n" for i in range(n // 40)).encode(),
    # the facts scanners' match starts (extract/facts_scan.c): runs of what may start a match
    "1,,1,,...": lambda n: b"1,," * (n // 3) + "万元。\n".encode(),
    "digits then unit": lambda n: b"1" * n + "人。\n".encode(),
    "1千1千...": lambda n: "1千".encode() * (n // 4) + "人。\n".encode(),
    "1、1、...%": lambda n: "1、".encode() * (n // 4) + b"%\n",
    "-1-1...%": lambda n: b"-1" * (n // 2) + b"%\n",
    "与与...": lambda n: "与".encode() * (n // 3) + "上年相比增加1万元。\n".encode(),
    "每每...1": lambda n: "每".encode() * (n // 3) + "1元。\n".encode(),
    "dollars": lambda n: b"$" * n + b"\n",
    "latex": lambda n: "$\\leq 5\\%$增长".encode() * (n // 16) + b"\n",
    "bookmarks": lambda n: b"[bookmark:" * (n // 10) + b"\n",
    "closed bookmarks": lambda n: b"[bookmark: _Toc1]x" * (n // 17) + b"\n",
    "stars": lambda n: b"*" * n + b"\n",
    "parens": lambda n: ("（" * (n // 6) + "）" * (n // 6)).encode() + b"\n",
    "short lines": lambda n: "".join(f"{han(i)}{i}万元\n" for i in range(n // 14)).encode(),
    "page numbers": lambda n: "".join(f"{han(i)}正文{i}\n- {i} -\n\f" for i in range(n // 24)).encode(),
}

def run(path):
    """CPU time (user + system) of one extract, best of three: other load on the machine
    does not count"""
    best = None
    for _ in range(3):
        p = subprocess.Popen([fiscx, "extract", "-j1", "--max-doc-size", "256M", "--max-line", "256M", "--piece-size", "0", path],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in (0, 1):
            sys.exit(f"FAIL: {path}: exit status {p.returncode}")
        dt = ru.ru_utime + ru.ru_stime
        best = dt if best is None else min(best, dt)
    return best

def measure(make, n, t0):
    a, b = os.path.join(tmp, "a.txt"), os.path.join(tmp, "b.txt")
    open(a, "wb").write(make(n))
    open(b, "wb").write(make(4 * n))
    ta, tb = run(a) - t0, run(b) - t0
    return os.path.getsize(a), ta, os.path.getsize(b), tb, max(tb, 0) / max(ta, 0.02)

fails = 0
with tempfile.TemporaryDirectory() as tmp:
    # start-up (ICU, pattern compilation) is a constant: measure it and take it off
    empty = os.path.join(tmp, "empty.txt")
    open(empty, "wb").write(b"\n")
    t0 = run(empty)
    for name, make in SHAPES.items():
        if only and name not in only: continue
        n = 1 << 17
        while True:  # big enough that one run takes a measurable time
            open(os.path.join(tmp, "a.txt"), "wb").write(make(n))
            if run(os.path.join(tmp, "a.txt")) - t0 >= 0.15 or n >= 4 << 20: break
            n *= 2
        sa, ta, sb, tb, ratio = measure(make, n, t0)
        if ratio >= MAX_RATIO:  # measure again, twice as big: noise passes, a square stays
            sa, ta, sb, tb, ratio = measure(make, 2 * n, t0)
        ok = ratio < MAX_RATIO
        fails += not ok
        print(f"{'ok' if ok else 'FAIL'}: {name}: {sa} bytes {ta:.3f}s, {sb} bytes {tb:.3f}s, ratio {ratio:.1f}")
sys.exit(1 if fails else 0)
EOF
