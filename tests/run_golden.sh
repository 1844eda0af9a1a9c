#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: run one golden trace through argolab-replay and compare.
#
#   run_golden.sh REPLAY TRACES_DIR NAME
#
# Runs `REPLAY NAME.trace` inside TRACES_DIR, so paths in messages are the
# bare file name. With NAME.err present the replay must exit 2 and print
# exactly NAME.err on stderr; otherwise it must exit 0. With NAME.out present
# stdout must equal it byte for byte.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: run_golden.sh REPLAY TRACES_DIR NAME" >&2
    exit 2
fi
replay=$1 dir=$2 name=$3
trace=$name.trace

if [ ! -x "$replay" ]; then
    echo "golden/$name: replay binary $replay not found (is src/replay built?)" >&2
    exit 1
fi
cd "$dir"
if [ ! -f "$trace" ]; then
    echo "golden/$name: $dir/$trace not found" >&2
    exit 1
fi
if [ ! -f "$name.out" ] && [ ! -f "$name.err" ]; then
    echo "golden/$name: neither $name.out nor $name.err exists" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
"$replay" --check "$trace" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null || status=$?

fail=0
if [ -f "$name.err" ]; then
    want_status=2
else
    want_status=0
fi
if [ "$status" -ne "$want_status" ]; then
    echo "golden/$name: exit status $status, expected $want_status" >&2
    fail=1
fi
if [ -f "$name.out" ] && ! cmp -s "$name.out" "$tmp/stdout"; then
    echo "golden/$name: stdout differs from $name.out:" >&2
    diff -u --label "$name.out (expected)" --label "stdout (actual)" \
        "$name.out" "$tmp/stdout" >&2 || true
    fail=1
fi
if [ -f "$name.err" ] && ! cmp -s "$name.err" "$tmp/stderr"; then
    echo "golden/$name: stderr differs from $name.err:" >&2
    diff -u --label "$name.err (expected)" --label "stderr (actual)" \
        "$name.err" "$tmp/stderr" >&2 || true
    fail=1
fi
if [ "$fail" -ne 0 ]; then
    if [ ! -f "$name.err" ] && [ -s "$tmp/stderr" ]; then
        echo "golden/$name: replay stderr:" >&2
        cat "$tmp/stderr" >&2
    fi
    exit 1
fi
echo "golden/$name: ok"
