#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: argolab-replay's command line: exit statuses, error messages
# naming the file and line, stdin, and --from-bytes round trips.
set -u
replay=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 checks=0

# expect STATUS STDERR-SUBSTRING -- ARGS...
expect() {
    local want=$1 pattern=$2 status=0
    shift 3
    checks=$((checks + 1))
    "$replay" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
    if [ "$status" != "$want" ] || ! grep -qF -- "$pattern" "$tmp/err"; then
        echo "FAIL: argolab-replay $*: exit $status (want $want), stderr:" >&2
        sed 's/^/    /' "$tmp/err" >&2
        echo "    (wanted it to contain: $pattern)" >&2
        fails=$((fails + 1))
    fi
    if [ "$want" != 0 ] && [ -s "$tmp/out" ]; then
        echo "FAIL: argolab-replay $*: printed results although it failed" >&2
        fails=$((fails + 1))
    fi
}

expect 2 "unexpected argument '--bogus'" -- --bogus "$src/tests/traces/basic.trace"
expect 2 "expected a trace FILE" --
expect 2 "$tmp/missing.trace: cannot open" -- "$tmp/missing.trace"
expect 2 "backend xen: unknown backend" -- --backend xen "$src/tests/traces/basic.trace"
expect 2 "--print-trace needs --from-bytes" -- --print-trace "$src/tests/traces/basic.trace"

# A malformed line late in a trace: error names file and line, nothing runs.
printf 'domain 0\nregister 0 1 0 64\nsendv 0 1 0:1 hex:abc\n' >"$tmp/late.trace"
expect 2 "$tmp/late.trace:3: " -- "$tmp/late.trace"

# stdin gives the same result as the file.
checks=$((checks + 1))
if ! "$replay" - <"$src/tests/traces/basic.trace" | cmp -s - "$src/tests/traces/basic.out"; then
    echo "FAIL: replay from stdin differs from basic.out" >&2
    fails=$((fails + 1))
fi

# Fuzzer bytes (seeded, so reruns see the same inputs): the printed trace
# replays exactly like the bytes themselves.
for seed in 1 2 3 4 5 6 7 8; do
    checks=$((checks + 1))
    LC_ALL=C awk -v seed="$seed" 'BEGIN { srand(seed)
        for (i = 0; i < seed * 97; i++) printf "%c", int(rand() * 256) }' >"$tmp/in.bin"
    "$replay" --from-bytes "$tmp/in.bin" --print-trace >"$tmp/printed.trace" &&
        "$replay" --check "$tmp/printed.trace" >"$tmp/a" &&
        "$replay" --check --from-bytes "$tmp/in.bin" >"$tmp/b"
    status=$?
    if [ "$status" != 0 ] || ! cmp -s "$tmp/a" "$tmp/b"; then
        cp "$tmp/in.bin" "/tmp/argolab-replay-cli-$seed.bin"
        echo "FAIL: --from-bytes round trip (input kept in /tmp/argolab-replay-cli-$seed.bin)" >&2
        fails=$((fails + 1))
    fi
done

echo "replay_cli: $((checks - fails)) of $checks checks passed"
[ "$fails" = 0 ]
