#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: argolab-diff's command line: the model agrees with itself on
# every golden and finding trace; usage errors and malformed traces exit 2.
# With a third argument "xenhost": instead, every golden and finding trace on
# the model and Xen's own argo.c (exit 77, saying why, when not built).
set -u
diff_bin=$1
src=$2
mode=${3:-model}
fails=0 checks=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# check WANT-STATUS ARGS...
check() {
    local want=$1 status=0
    shift
    checks=$((checks + 1))
    "$diff_bin" "$@" >"$out" 2>&1 </dev/null || status=$?
    if [ "$status" != "$want" ]; then
        echo "FAIL: argolab-diff $*: exit $status (want $want):" >&2
        sed 's/^/    /' "$out" >&2
        fails=$((fails + 1))
    fi
}

# Every golden and finding trace: equal, or a divergence the trace declares.
all_traces() {
    local backends=$1 trace name
    for trace in "$src"/tests/traces/*.trace "$src"/tests/findings/*.trace; do
        name=${trace%.trace}
        if [ -f "$name.err" ]; then
            check 2 --backends "$backends" "$trace"
        else
            check 0 --backends "$backends" "$trace"
        fi
    done
}

if [ "$mode" = xenhost ]; then
    "$diff_bin" --backends model,xenhost "$src/tests/traces/basic.trace" >"$out" 2>&1
    if grep -q "xenhost backend was not built" "$out"; then
        echo "SKIP: $(sed -n 's/.*backend xenhost: //p' "$out")"
        exit 77
    fi
    all_traces model,xenhost
    echo "diff_xenhost: $((checks - fails)) of $checks traces agree or diverge as declared"
    [ "$fails" = 0 ]
    exit
fi

all_traces model,model
check 2 --backends model "$src/tests/traces/basic.trace"
check 2 --backends model,nonesuch "$src/tests/traces/basic.trace"
check 2 --bogus "$src/tests/traces/basic.trace"
check 2 --backends model,model
echo "diff_cli: $((checks - fails)) of $checks checks passed"
[ "$fails" = 0 ]
