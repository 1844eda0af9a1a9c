#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: scripts/lib/benchtool.py on fixtures: summary numbers (ioreq dispatch and ioeventfd included), Mann-Whitney p-values, compare verdicts and exit codes, bad input, and the gnuplot report.
#
# bench_tool.sh [SRC [stats|report|all]]
#   stats   summary, compare, the U test and bad input (needs python3 only)
#   report  the figures, index.html and summary.md (exit 77 without gnuplot)
# Prints "bench_tool: N passed, M failed"; exit 0, 1, or 77 (report skipped).
set -u
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
mode=${2:-all}
py=${PYTHON:-python3}
tool="$src/scripts/lib/benchtool.py"
fx="$src/tests/bench_tool/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $*" >&2
}

# run NAME WANT-STATUS ARGS...: the tool's stdout and stderr land in
# $tmp/NAME.out and $tmp/NAME.err.
run() {
    local name=$1 want=$2 status=0
    shift 2
    "$py" "$tool" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null || status=$?
    if [ "$status" = "$want" ]; then
        ok
    else
        fail "$name: benchtool.py $*: exit $status, want $want"
        sed 's/^/    /' "$tmp/$name.err" >&2
    fi
}

# has NAME LINE...: each LINE appears in $tmp/NAME.out as a whole line, once
# runs of spaces are squeezed (the tables are aligned with spaces).
has() {
    local name=$1 line
    shift
    for line in "$@"; do
        if sed 's/  */ /g; s/^ //; s/ $//' "$tmp/$name.out" | grep -qxF -- "$line"; then
            ok
        else
            fail "$name: no line \"$line\" in:"
            sed 's/^/    /' "$tmp/$name.out" >&2
        fi
    done
}

# err_has NAME TEXT: stderr holds TEXT.
err_has() {
    if grep -qF -- "$2" "$tmp/$1.err"; then
        ok
    else
        fail "$1: stderr lacks \"$2\":"
        sed 's/^/    /' "$tmp/$1.err" >&2
    fi
}

stats() {
    # --- summary: medians over 3 repetitions, ratios designed to be exact
    # (make_fixtures.py), aggregate rows present but ignored.
    run summary 0 summary "$fx/run.json"
    has summary \
        "ok sendv/model/65536 >= 0.90 x memcpy/65536 (64 KiB) 0.950" \
        "SHORT sendv/model/4096 >= 0.80 x memcpy/4096 (4 KiB) 0.750" \
        "ok sendv_consume/model/16 >= 20.0 M msg/s 25.0 M" \
        "ok sendv_consume/model/16 >= 20x pipe/16 msg/s 20.0x" \
        "SHORT model not slower than xenhost anywhere 5 of 24 slower" \
        "16 B 4.00 1.00 0.250 0.500 0.125 0.500" \
        "4 KiB 80.0 60.0 0.750 40.0 0.500 0.667" \
        "64 KiB 40.0 38.0 0.950 36.0 0.900 0.947" \
        "4 KiB 80.0 48.0 0.600 50.0 0.625 1.042" \
        "16 B 25.0 M 10.0 M 1.25 M 20.0x 0.500 M 50.0x 50.0 M 0.500x" \
        "4 KiB 5.00 M - 1.00 M 5.00x - - - -" \
        "notify_waiters/model single 4 (0..32) 2.50 ns/waiter 100 ns 1.000 linear" \
        "notify_waiters/model wildcard 4 (0..32) 4.00 ns/waiter 120 ns 1.000 linear" \
        "notify_waiters/xenhost single 4 (0..32) 5.00 ns/waiter 150 ns 1.000 linear" \
        "notify_waiters/xenhost wildcard 4 (0..32) 6.00 ns/waiter 200 ns 1.000 linear" \
        "notify_rings/model single 3 (1..128) 1.00 ns/ring 50.0 ns 1.000 linear" \
        "sendv_eagain/model 3 (1..32) 0 ns/waiter 300 ns 1.000 flat" \
        "iov/model 4 KiB total 4 (1..8) 10.0 ns/iovec 100 ns 1.000 linear" \
        "iov/xenhost 4 KiB total 4 (1..8) 12.0 ns/iovec 120 ns 1.000 linear" \
        "sendv_wrap/model/4096 85.3 ns 81.9 ns +4.2% - yes" \
        "sendv_eagain/model/8 300 ns 280 ns +7.1% - yes" \
        "register/model/4064 1.00 us 990 ns +1.0% - yes" \
        "model slower in 5 of 24 benchmarks run on both backends (by median); 5 count (p < 0.05, or too few repetitions to test)" \
        "register/xenhost/16773120 3 of 3 ring too large for this host" \
        "warning: load average 3.50 on 2 CPUs: other work ran beside the benchmarks"

    # The target counts only what is slower than the tolerance.
    run summary_tol 0 summary --tolerance 5 "$fx/run.json"
    has summary_tol "SHORT model not slower than xenhost anywhere 3 of 24 slower"

    # With repetitions enough for the U test, a slower median counts only
    # when it is significant: interleaved samples are noise.
    run summary_sig 0 summary "$fx/significance.json"
    has summary_sig \
        "sendv/model/262144 15.0 us 14.0 us +7.1% 0.690 no (noise)" \
        "register/model/4064 1.10 us 1.00 us +10.0% 0.008 yes" \
        "SHORT model not slower than xenhost anywhere 1 of 2 slower"

    run summary_all 0 summary --all "$fx/run.json"
    has summary_all "sendv/model/65536 3 1.72 us 1.67 us 1.76 us 38.0 0.580 M"

    run summary_md 0 summary --markdown "$fx/run.json"
    has summary_md \
        "# argolab benchmark summary" \
        "## sendv copy path against memcpy" \
        "| ok | sendv/model/65536 >= 0.90 x memcpy/65536 (64 KiB) | 0.950 |" \
        "| 64 KiB | 40.0 | 38.0 | 0.950 | 36.0 | 0.900 | 0.947 |"

    run summary_o 0 summary -o "$tmp/summary.txt" "$fx/run.json"
    if [ -s "$tmp/summary_o.out" ]; then
        fail "summary -o: wrote to stdout too"
    elif cmp -s "$tmp/summary.txt" <("$py" "$tool" summary "$fx/run.json"); then
        ok
    else
        fail "summary -o: the file differs from stdout's summary"
    fi

    # --- ioreq_dispatch and ioeventfd (families.json, make_fixtures.py):
    # ratios of designed medians; rangeset runs refused past 256 ranges are
    # shown as such, another skip as an error, and none of them is dropped.
    run families 0 summary "$fx/families.json"
    has families \
        "ioreq dispatch: rangeset vs p2m type" \
        "pages rangeset ns p2m_type ns rangeset/p2m_type rangeset_contiguous ns p2m_type_contiguous ns contiguous rangeset/p2m_type" \
        "1 30.0 24.0 1.25x 28.0 20.0 1.40x" \
        "4 45.0 25.0 1.80x 27.0 27.0 1.00x" \
        "256 384 24.0 16.0x 30.0 24.0 1.25x" \
        "257 refused (>256 ranges) 25.0 - 30.0 24.0 1.25x" \
        "1024 refused (>256 ranges) 25.0 - error 25.0 -" \
        "error: the benchmark failed (see skipped benchmarks)" \
        "privcmd ioeventfd: direct vs relay" \
        "one-way latency, min 2.00 us 10.0 us 5.00x" \
        "one-way latency, p50 8.00 us 12.0 us 1.50x" \
        "one-way latency, p90 9.00 us 13.5 us 1.50x" \
        "one-way latency, p99 25.0 us 50.0 us 2.00x" \
        "one-way latency, p99.9 1.00 ms 100 us 0.100x" \
        "round trip (time per iteration) 30.0 us 36.0 us 1.20x" \
        "throughput, notifications/s 1.25 M 1.00 M 0.800x" \
        "threads: pinned 0/1" \
        "1 8.00 -" \
        "8 15.0 1.00" \
        "64 71.0 1.00" \
        "ioreq_dispatch/rangeset/257 3 of 3 refused: more than MAX_NR_IO_RANGES (256) ranges; scattered pages need one range each" \
        "ioreq_dispatch/rangeset_contiguous/1024 3 of 3 out of memory" \
        "V4V vs Argo: sendv+consume on the same engine" \
        "16 20.0 M 16.0 M 0.800" \
        "4096 5.00 M 5.00 M 1.000"
    run families_md 0 summary --markdown "$fx/families.json"
    has families_md \
        "## ioreq dispatch: rangeset vs p2m type" \
        "| 257 | refused (>256 ranges) | 25.0 | - | 30.0 | 24.0 | 1.25x |" \
        "| one-way latency, p99 | 25.0 us | 50.0 us | 2.00x |"
    # A run without these families has no such tables.
    if grep -qF "ioreq dispatch" "$tmp/summary.out" || grep -qF "ioeventfd" "$tmp/summary.out"; then
        fail "summary of run.json shows ioreq or ioeventfd tables"
    else
        ok
    fi
    run bad_counter 2 summary "$fx/bad-counter.json"
    err_has bad_counter "argolab: bench: $fx/bad-counter.json: benchmarks[0] (\"ioeventfd_latency/direct/real_time\"): counter \"p50_ns\" is \"fast\"; expected a number"

    # --- Mann-Whitney U, two-sided, against values worked out by hand:
    # exact: P(U = 0) = 1 / C(n+m, n), doubled; 5 and 5 interleaved gives
    # U = 10 and P(U <= 10) = 87/252 (the table's 0.345). Normal: 9 and 9
    # separated, z = (81 - 40.5 - 0.5) / sqrt(9*9*19/12) = 3.5321; with ties
    # (the reader_peek/16 fixture) U = 68, tie term 162,
    # s = sqrt(81/12 * (19 - 162/306)) = 11.166, z = 27/s = 2.4181.
    local out
    out=$(cd "$src/scripts/lib" && "$py" - <<'EOF'
import math
from benchtool import mann_whitney_u as mwu
cases = [
    ("exact 5/5 separated", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 2 / 252.0, "exact"),
    ("exact 5/5 reversed", [6, 7, 8, 9, 10], [1, 2, 3, 4, 5], 2 / 252.0, "exact"),
    ("exact 3/3 separated", [1, 2, 3], [4, 5, 6], 0.1, "exact"),
    ("exact 4/5 separated", [1, 2, 3, 4], [5, 6, 7, 8, 9], 2 / 126.0, "exact"),
    ("exact 5/5 interleaved", [40, 42, 44, 46, 48], [41, 43, 45, 47, 49], 174 / 252.0, "exact"),
    ("exact 2/2 separated", [1, 2], [3, 4], 1 / 3.0, "exact"),
    ("normal 9/9 separated", list(range(1, 10)), list(range(10, 19)),
     math.erfc(40 / math.sqrt(81 * 19 / 12.0) / math.sqrt(2)), "normal"),
    ("normal ties", [10, 10, 11, 11, 12, 12, 13, 13, 14], [12, 12, 13, 13, 14, 14, 15, 15, 16],
     math.erfc(27 / math.sqrt(81 / 12.0 * (19 - 162 / 306.0)) / math.sqrt(2)), "normal"),
    ("all equal", [5, 5, 5], [5, 5, 5], 1.0, "normal"),
]
for name, x, y, want, method in cases:
    u, p, m = mwu(x, y)
    good = abs(p - want) < 1e-12 and m == method
    print("%s %s: p=%.12g (%s) want %.12g (%s)" % ("ok" if good else "FAIL", name, p, m, want, method))
# Independent figures, as printed by tables (p to 4 places).
for x, y, want, tol in (([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0.0079, 5e-5),
                        ([40, 42, 44, 46, 48], [41, 43, 45, 47, 49], 0.6905, 5e-5),
                        (list(range(1, 10)), list(range(10, 19)), 0.000412, 5e-7),
                        ([10, 10, 11, 11, 12, 12, 13, 13, 14],
                         [12, 12, 13, 13, 14, 14, 15, 15, 16], 0.0156, 5e-5)):
    p = mwu(x, y)[1]
    print("%s rounded p=%.6g want %s" % ("ok" if abs(p - want) <= tol else "FAIL", p, want))
EOF
) || fail "U test script failed"
    while IFS= read -r line; do
        case $line in
            ok\ *) ok ;;
            *) fail "U test: $line" ;;
        esac
    done <<<"$out"

    # --- compare: verdicts, repetitions, added/removed/skipped.
    run compare 0 compare "$fx/base.json" "$fx/new.json"
    has compare \
        "sendv/model/4096 62.0 ns 68.0 ns +9.7% 5/5 0.0079 regressed" \
        "sendv/model/65536 1.02 us 910 ns -10.8% 5/5 0.0079 improved" \
        "sendv/model/16 102 ns 106 ns +3.4% 5/5 0.0079 regressed" \
        "memcpy/4096 44.0 ns 45.0 ns +2.3% 5/5 0.6905 noise" \
        "reader_peek/16 12.0 ns 14.0 ns +16.7% 9/9 0.0156 regressed" \
        "notify_waiters/model/0/8 121 ns 150 ns +24.0% 3/1 - noise (too few repetitions)" \
        "1 improved, 3 regressed, 2 noise" \
        "register/xenhost/4064 new xenhost backend not built" \
        "ck_spsc/16 added" \
        "pipe/16 removed"
    run compare_t5 1 compare --threshold 5 "$fx/base.json" "$fx/new.json"
    has compare_t5 "sendv/model/4096 62.0 ns 68.0 ns +9.7% 5/5 0.0079 regressed (over 5%)" \
        "2 regressed by more than 5%: sendv/model/4096, reader_peek/16"
    run compare_t3 1 compare --threshold 3 "$fx/base.json" "$fx/new.json"
    has compare_t3 "3 regressed by more than 3%: sendv/model/4096, sendv/model/16, reader_peek/16"
    # +24% on one repetition is not evidence; +16.7% is under 20.
    run compare_t20 0 compare --threshold 20 "$fx/base.json" "$fx/new.json"
    run compare_alpha 0 compare --threshold 5 --alpha 0.001 "$fx/base.json" "$fx/new.json"
    has compare_alpha "sendv/model/4096 62.0 ns 68.0 ns +9.7% 5/5 0.0079 noise"
    run compare_same 0 compare --threshold 0 "$fx/run.json" "$fx/run.json"
    has compare_same "0 improved, 0 regressed, 58 noise" \
        "warning: with these repetition counts the smallest possible p is 0.100, not below alpha 0.05: nothing can be significant; run with --benchmark_repetitions=9 or more"
    run compare_md 1 compare --markdown --threshold 5 "$fx/base.json" "$fx/new.json"
    has compare_md "| memcpy/4096 | 44.0 ns | 45.0 ns | +2.3% | 5/5 | 0.6905 | noise |"

    # --- bad input: exit 2, the file and what was expected, nothing written.
    run bad_nobench 2 compare "$fx/base.json" "$fx/bad-no-benchmarks.json"
    err_has bad_nobench "argolab: bench: $fx/bad-no-benchmarks.json: not Google Benchmark JSON (no \"benchmarks\" list)"
    run bad_json 2 summary "$fx/bad-truncated.json"
    err_has bad_json "argolab: bench: $fx/bad-truncated.json: not JSON ("
    run bad_key 2 summary "$fx/bad-time.json"
    err_has bad_key "argolab: bench: $fx/bad-time.json: benchmarks[1] (\"memcpy/4096\"): \"cpu_time\" is \"fast\"; expected a number"
    run bad_missing 2 compare "$tmp/nonesuch.json" "$fx/new.json"
    err_has bad_missing "argolab: bench: $tmp/nonesuch.json: cannot read (No such file or directory)"
    run bad_alpha 2 compare --alpha 2 "$fx/base.json" "$fx/new.json"
    run bad_usage 2 compare "$fx/base.json"
    run bad_cmd 2 frobnicate
    echo "previous" >"$tmp/kept.txt"
    run bad_o 2 summary -o "$tmp/kept.txt" "$fx/bad-time.json"
    if [ "$(cat "$tmp/kept.txt")" = previous ] && [ -z "$(find "$tmp" -maxdepth 1 -name '.kept*')" ]; then
        ok
    else
        fail "summary -o on bad input touched the output file"
    fi
}

report() {
    local gp=${GNUPLOT:-gnuplot}
    if ! command -v "$gp" >/dev/null 2>&1; then
        echo "SKIP: report: $gp not found (apt-get install gnuplot-nox)"
        return 77
    fi
    local runs="$tmp/runs" out="$tmp/reports/latest" f
    "$py" "$src/tests/bench_tool/make_fixtures.py" runs "$runs" 4 || fail "make_fixtures.py runs"
    run report 0 report --runs "$runs" --out "$out"
    for f in throughput iov waiters ioreq-dispatch ioeventfd-latency history; do
        if [ "$(head -c 4 "$out/$f.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then
            ok
        else
            fail "report: $f.png missing or not a PNG"
        fi
        if grep -q "<svg" "$out/$f.svg" 2>/dev/null; then ok; else fail "report: $f.svg missing or not SVG"; fi
        if grep -qF "<img src=\"$f.png\"" "$out/index.html" 2>/dev/null; then ok; else fail "report: index.html lacks $f.png"; fi
    done
    # The newest run by its date (not by file name: a-c0ffef1.json) is the one shown.
    if grep -qF "argolab benchmarks: 2026-11-19 11:15 UTC, git c0ffef1" "$out/index.html"; then
        ok
    else
        fail "report: index.html does not show the newest run"
    fi
    for f in "$runs"/*.json; do
        if grep -qF "href=\"../../runs/$(basename "$f")\"" "$out/index.html"; then
            ok
        else
            fail "report: index.html has no link to $(basename "$f")"
        fi
    done
    if grep -qF "machine and run context" "$out/index.html" &&
        grep -qF "sendv copy path against memcpy" "$out/index.html"; then
        ok
    else
        fail "report: index.html lacks the summary or the context"
    fi
    if grep -qF "# argolab benchmark summary" "$out/summary.md" &&
        grep -qF "![throughput](throughput.png)" "$out/summary.md"; then
        ok
    else
        fail "report: summary.md incomplete"
    fi
    if [ -z "$(find "$out" -mindepth 1 -name '.*')" ]; then ok; else fail "report: temporary files left in $out"; fi
    # The refused rangeset runs are drawn, as a labelled row, not left out.
    if grep -qF "refused: MAX_NR_IO_RANGES = 256" "$out/ioreq-dispatch.svg" &&
        grep -qF "rangeset, scattered: refused" "$out/ioreq-dispatch.svg"; then
        ok
    else
        fail "report: ioreq-dispatch.svg lacks the refused row"
    fi
    if grep -qF "## ioreq dispatch: rangeset vs p2m type" "$out/summary.md" &&
        grep -qF "## privcmd ioeventfd: direct vs relay" "$out/summary.md" &&
        grep -qF "![ioreq-dispatch](ioreq-dispatch.png)" "$out/summary.md" &&
        grep -qF "![ioeventfd-latency](ioeventfd-latency.png)" "$out/summary.md" &&
        grep -qF "Samples from $runs/a-c0ffef1.ioeventfd: direct 3000 notifications" "$out/summary.md"; then
        ok
    else
        fail "report: summary.md lacks the ioreq or ioeventfd tables or figures"
    fi

    # Samples only partly there (a run of one latency benchmark): the report
    # says what is missing instead of drawing, and drops the earlier figure.
    mkdir -p "$tmp/partial"
    cp "$runs/a-c0ffef1.ioeventfd/ioeventfd-direct.tsv" "$tmp/partial/"
    run report_partial 0 report --runs "$runs" --out "$out" --ioeventfd-samples "$tmp/partial"
    if grep -qF "no latency figure for this run: $tmp/partial lacks ioeventfd-relay.tsv" "$out/index.html" &&
        ! grep -qF '<img src="ioeventfd-latency.png"' "$out/index.html" &&
        [ ! -e "$out/ioeventfd-latency.png" ] && [ ! -e "$out/ioeventfd-latency.svg" ]; then
        ok
    else
        fail "report with partial samples: no note, or a latency figure drawn or left"
    fi

    # Malformed samples: exit 2 naming the file and line, report untouched.
    run report 0 report --runs "$runs" --out "$out"
    printf '8000\n9000\nfast\n' >"$tmp/partial/ioeventfd-relay.tsv"
    local before_s
    before_s=$(cat "$out"/* | cksum)
    run report_badsamples 2 report --runs "$runs" --out "$out" --ioeventfd-samples "$tmp/partial"
    err_has report_badsamples "$tmp/partial/ioeventfd-relay.tsv: line 3 is 'fast'; expected one latency in ns (a whole number) per line"
    if [ "$before_s" = "$(cat "$out"/* | cksum)" ]; then ok; else fail "report: bad samples changed the previous report"; fi

    # A bad run: exit 2, naming it, and the previous report untouched.
    local before after
    before=$(cat "$out"/* | cksum)
    cp "$fx/bad-no-benchmarks.json" "$runs/2026-12-01-bad.json"
    run report_bad 2 report --runs "$runs" --out "$out"
    err_has report_bad "$runs/2026-12-01-bad.json: not Google Benchmark JSON (no \"benchmarks\" list)"
    after=$(cat "$out"/* | cksum)
    if [ "$before" = "$after" ] && [ -z "$(find "$out" -mindepth 1 -name '.*')" ]; then
        ok
    else
        fail "report: a bad run changed the previous report"
    fi

    # One run, with most benchmark families missing: every file still drawn.
    mkdir -p "$tmp/one"
    cp "$fx/base.json" "$tmp/one/"
    run report_one 0 report --runs "$tmp/one" --out "$tmp/one-out"
    for f in throughput.png throughput.svg iov.png iov.svg waiters.png waiters.svg \
        ioreq-dispatch.png ioreq-dispatch.svg history.png history.svg index.html summary.md; do
        if [ -s "$tmp/one-out/$f" ]; then ok; else fail "report of one run: no $f"; fi
    done
    # No samples directory beside it: said in the report, not a failure.
    if grep -qF "no latency samples for this run: $tmp/one/base.ioeventfd does not exist" \
        "$tmp/one-out/index.html" &&
        grep -qF "**ioeventfd-latency**: no latency samples for this run" "$tmp/one-out/summary.md" &&
        [ ! -e "$tmp/one-out/ioeventfd-latency.png" ]; then
        ok
    else
        fail "report of a run without samples: the report does not say so"
    fi

    run report_empty 2 report --runs "$tmp/one-out" --out "$tmp/x"
    err_has report_empty "no runs (*.json files of Google Benchmark output)"
    GNUPLOT="$tmp/no-gnuplot" run report_nognuplot 1 report --runs "$runs" --out "$tmp/ng"
    err_has report_nognuplot "report needs gnuplot"
    if [ ! -e "$tmp/ng" ]; then ok; else fail "report without gnuplot created its output"; fi
    return 0
}

status=0
case $mode in
    stats) stats ;;
    report) report || status=$? ;;
    all) stats; report || status=$? ;;
    *) echo "usage: bench_tool.sh [SRC [stats|report|all]]" >&2; exit 2 ;;
esac
echo "bench_tool: $passed passed, $failed failed"
if [ "$failed" != 0 ]; then
    exit 1
fi
exit "$status"
