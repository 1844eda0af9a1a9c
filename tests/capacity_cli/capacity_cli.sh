#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: argolab-capacity's command line: bad input (exit 2, the file
# and line or the flag named, nothing on stdout, no file written), the same
# seed giving byte-identical output, JSON and CSV, the README's question,
# an overloaded receiver, and the figure.
set -u
cap=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 checks=0
fast=(--messages 20k --quiet)

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# expect STATUS STDERR-SUBSTRING -- ARGS...: exit status, message, and no
# output on stdout or in the plot directory when it fails.
expect() {
    local want=$1 pattern=$2 status=0
    shift 3
    checks=$((checks + 1))
    rm -rf "$tmp/plots"
    "$cap" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
    if [ "$status" != "$want" ] || { [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$tmp/err"; }; then
        fail "argolab-capacity $*: exit $status (want $want), stderr:"
        sed 's/^/    /' "$tmp/err" >&2
        echo "    (wanted it to contain: $pattern)" >&2
    fi
    if [ "$want" = 2 ] && { [ -s "$tmp/out" ] || [ -e "$tmp/plots" ]; }; then
        fail "argolab-capacity $*: wrote output although the input was bad"
    fi
}

readme=("$src/examples/capacity/readme.ini")

# ---- bad input -------------------------------------------------------------
expect 2 "unknown option '--bogus'" -- --bogus "${readme[@]}"
expect 2 "--drain: expected a rate in messages per second" -- "${readme[@]}" --drain -5 --plot --plot-dir "$tmp/plots"
expect 2 "--size: unknown size distribution \"gauss\"" -- --size "gauss 3" --rate 1k --drain 2k
expect 2 "--size: expected a weight > 0 after \"64:\"" -- --size "histogram 64:x" --rate 1k --drain 2k
expect 2 "--rate: expected a rate" -- --size 64 --rate -1 --drain 2k
expect 2 "--policy: expected retry, drop or block" -- "${readme[@]}" --policy spin
expect 2 "--senders: expected a number of sender domains from 1 to 32" -- "${readme[@]}" --senders 40
expect 2 "--wake-latency: expected a duration" -- "${readme[@]}" --wake-latency 20
expect 2 "--sizes: expected a ring length" -- "${readme[@]}" --sizes 8128,1000
expect 2 "cannot carry the largest message" -- "${readme[@]}" --sizes 4032
expect 2 "--drain needs a value" -- "${readme[@]}" --drain
expect 2 "expected a message size" -- --rate 1k --drain 2k
expect 2 "expected an arrival rate" -- --size 64 --drain 2k
expect 2 "expected the receiver's speed" -- --size 64 --rate 2k
expect 2 "expected at most one of --json and --csv" -- "${readme[@]}" --json --csv
expect 2 "expected one workload file, got a second" -- "${readme[@]}" "${readme[@]}"
expect 2 "$tmp/none.ini: cannot open" -- "$tmp/none.ini"
expect 2 "expected one target" -- "${readme[@]}" --target-throughput 0.99

printf 'size = 4096\nrate = 50k\n\ndrain = 60k\nbatch = 0\n' >"$tmp/bad-batch.ini"
expect 2 "$tmp/bad-batch.ini:5: batch: expected a batch size" -- "$tmp/bad-batch.ini"
printf '# sizes\nsize = histogram 64:1 1500\nrate = 1k\ndrain = 2k\n' >"$tmp/bad-hist.ini"
expect 2 "$tmp/bad-hist.ini:2: size: expected size:weight pairs" -- "$tmp/bad-hist.ini" --plot --plot-dir "$tmp/plots"
printf 'size = lognormal 5 2\n' >"$tmp/bad-dist.ini"
expect 2 "$tmp/bad-dist.ini:1: size: unknown size distribution \"lognormal\"" -- "$tmp/bad-dist.ini"
printf 'size = 64\nrate = -50000\n' >"$tmp/neg.ini"
expect 2 "$tmp/neg.ini:2: rate: expected a rate" -- "$tmp/neg.ini"
printf 'size = trace missing.trace\n' >"$tmp/trace.ini"
expect 2 "$tmp/trace.ini:1: size: $tmp/missing.trace: cannot open" -- "$tmp/trace.ini"
printf 'domain 0\nsendv 0 1 1:7 hex:abc\n' >"$tmp/bad.trace"
printf 'size = trace bad.trace\n' >"$tmp/trace.ini"
expect 2 "$tmp/trace.ini:1: size: $tmp/bad.trace:2: " -- "$tmp/trace.ini"
printf '[receiver]\ndrain = 5\n' >"$tmp/section.ini"
expect 2 "$tmp/section.ini:1: expected key = value (this format has no [sections])" -- "$tmp/section.ini"

checks=$((checks + 1))
if ! "$cap" --help >"$tmp/out" 2>&1 || ! grep -q "^usage: argolab-capacity" "$tmp/out"; then
    fail "--help"
fi

# ---- the same seed, the same bytes -----------------------------------------
# (a target of 1e-2 is met, so the page-by-page narrowing runs too)
for fmt in "" --json --csv; do
    checks=$((checks + 1))
    "$cap" "${readme[@]}" "${fast[@]}" --target-eagain 1e-2 $fmt >"$tmp/a" 2>/dev/null &&
        "$cap" "${readme[@]}" "${fast[@]}" --target-eagain 1e-2 $fmt >"$tmp/b" 2>/dev/null
    cmp -s "$tmp/a" "$tmp/b" || fail "two runs with the same seed differ (${fmt:-table})"
    grep -q "1e-02\|0.01" "$tmp/a" || fail "the target did not reach the output (${fmt:-table})"
done
checks=$((checks + 1))
"$cap" "${readme[@]}" "${fast[@]}" --seed 2 >"$tmp/c" 2>/dev/null
"$cap" "${readme[@]}" "${fast[@]}" >"$tmp/a" 2>/dev/null
cmp -s "$tmp/a" "$tmp/c" && fail "seeds 1 and 2 gave the same table"

# ---- JSON and CSV ------------------------------------------------------------
checks=$((checks + 1))
if command -v python3 >/dev/null 2>&1; then
    if ! "$cap" "${readme[@]}" "${fast[@]}" --json --target-eagain 1e-2 >"$tmp/j" 2>/dev/null ||
        ! python3 - "$tmp/j" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1]))
assert d["workload"]["size"]["max"] == 4096
assert d["run"]["seed"] == 1
rings = d["rings"]
assert rings[0]["ring_len"] == 8128 and rings[-1]["ring_len"] == 16777152
assert all(r["eagain_lo"] <= r["eagain_p"] <= r["eagain_hi"] for r in rings)
rec = d["recommendation"]
assert rec["met"] and rec["target"] == "eagain" and rec["value"] == 1e-2
assert any(r["ring_len"] == rec["ring_len"] for r in rings)
PY
        fail "--json is not the JSON docs/capacity.md describes"
    fi
fi
checks=$((checks + 1))
"$cap" "${readme[@]}" "${fast[@]}" --csv --sizes 2p,4p,8p >"$tmp/csv" 2>/dev/null
if [ "$(wc -l <"$tmp/csv")" != 4 ] || ! head -1 "$tmp/csv" | grep -q '^ring_len,pages,fits,'; then
    fail "--csv: expected a header and 3 rows"
fi

# ---- the README's question -------------------------------------------------
checks=$((checks + 1))
"$cap" "${readme[@]}" --messages 200k >"$tmp/readme" 2>"$tmp/readme.err" ||
    fail "the README example failed"
grep -q "^recommendation: a ring of [0-9]* bytes ([0-9]* pages" "$tmp/readme" ||
    fail "the README example gave no recommendation"
grep -q "messages/s" "$tmp/readme.err" || fail "no speed on stderr"

# ---- more offered than drained ---------------------------------------------
expect 0 "" -- --size 4096 --rate 70k --drain 60k --policy drop --sizes 2p,16p "${fast[@]}"
checks=$((checks + 1))
grep -q "warning: no ring size meets the target: the offered load, 70000 msg/s, is above the 60000 msg/s the receiver drains" "$tmp/out" ||
    fail "overload: no warning saying why"

# ---- the analytic column ---------------------------------------------------
checks=$((checks + 1))
if ! "$cap" "$src/examples/capacity/drop-md1k.ini" "${fast[@]}" >"$tmp/mdk" 2>/dev/null ||
    ! grep -q "M/D/1/K" "$tmp/mdk"; then
    fail "drop-md1k.ini: no M/D/1/K column"
fi

# ---- the figure --------------------------------------------------------------
if command -v gnuplot >/dev/null 2>&1; then
    checks=$((checks + 1))
    "$cap" "${readme[@]}" "${fast[@]}" --plot --plot-dir "$tmp/plots" >/dev/null 2>"$tmp/err" ||
        fail "--plot failed: $(cat "$tmp/err")"
    for f in readme.png readme.svg readme.dat readme.gp; do
        [ -s "$tmp/plots/$f" ] || fail "--plot: $f missing"
    done
    head -c 8 "$tmp/plots/readme.png" | od -An -tx1 | grep -q "89 50 4e 47" || fail "--plot: readme.png is no PNG"
    for f in "$tmp"/plots/*tmp*; do
        [ -e "$f" ] && fail "--plot left a temporary file: $f"
    done
else
    echo "capacity_cli: gnuplot not installed; the figure is not checked" >&2
fi

echo "capacity_cli: $checks checks, $fails failed"
[ "$fails" = 0 ]
