#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: the instruction-count gate fails on a regression, skips on a
# baseline of another build, and rejects a broken baseline: each checked
# against a baseline doctored from a real count.
# usage: gate_detects.sh INSTRUCTIONS_PY ARGOLAB_INSTRUCTIONS BUILD
set -u
tool=$1 bin=$2 build=$3
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

expect() { # expect STATUS WHAT -- command...
    local want=$1 what=$2 got
    shift 3
    "$@" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want"
        sed 's/^/    /' "$tmp/out"
        fail=1
    else
        echo "ok: $what (exit $got)"
    fi
}

# One real count to doctor.
python3 "$tool" measure --binary "$bin" --build "$build" --filter '^model/sendv_16$' \
    --out "$tmp/now.json" >/dev/null 2>&1 || { echo "FAIL: measuring model/sendv_16"; exit 1; }
count=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["instructions_per_op"]["model/sendv_16"])' "$tmp/now.json")

baseline() { # baseline BUILD FACTOR -> $tmp/base.json
    python3 - "$1" "$2" "$count" "$tmp/base.json" <<'PY'
import json, sys
build, factor, count, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
json.dump({"build": build, "instructions_per_op": {"model/sendv_16": round(count * factor, 1)}},
          open(out, "w"))
PY
}

baseline "$build" 1.0
expect 0 "the same count passes" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json"
baseline "$build" 0.9
expect 1 "10% more instructions than the baseline fails" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json"
grep -q "REGRESSED.*model/sendv_16" "$tmp/out" || { echo "FAIL: the regression is not named"; fail=1; }
baseline "$build" 1.015
expect 0 "1.5% fewer stays within the 2% tolerance" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json"
baseline "$build" 0.9
expect 0 "--tolerance 20 lets 10% through" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json" --tolerance 20
baseline "Clang 99 Debug" 1.0
expect 77 "a baseline of another build is not compared" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json"
printf '{"build": "%s", "instructions_per_op": {"model/sendv_16": -3}}' "$build" >"$tmp/base.json"
expect 2 "a negative count is bad input" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json"
grep -q 'base.json: instructions_per_op\["model/sendv_16"\]: expected a positive number' "$tmp/out" ||
    { echo "FAIL: the bad entry is not named"; fail=1; }
printf '{"build": ' >"$tmp/base.json"
expect 2 "truncated JSON is bad input" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json"
printf '{"build": "%s", "instructions_per_op": {"model/no_such": 5}}' "$build" >"$tmp/base.json"
expect 1 "a scenario the binary lacks fails" -- python3 "$tool" check --binary "$bin" --build "$build" --baseline "$tmp/base.json"
exit "$fail"
