#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: argolab-replay's command line: exit statuses, error messages
# naming the file and line, stdin, --from-bytes round trips, and --to-bytes
# (text to the binary form: atomic output, refusals naming the line),
# --remap (renaming so the binary form can express more traces), and
# --prefix (the longest prefix that has a binary form).
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

# succeed ARGS...: exit 0, nothing on stderr or stdout.
succeed() {
    local status=0
    checks=$((checks + 1))
    "$replay" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
    if [ "$status" != 0 ] || [ -s "$tmp/err" ] || [ -s "$tmp/out" ]; then
        echo "FAIL: argolab-replay $*: exit $status (want 0, quietly), stderr:" >&2
        sed 's/^/    /' "$tmp/err" >&2
        fails=$((fails + 1))
    fi
}

expect 2 "unexpected argument '--bogus'" -- --bogus "$src/tests/traces/basic.trace"
expect 2 "expected a trace FILE" --
expect 2 "$tmp/missing.trace: cannot open" -- "$tmp/missing.trace"
expect 2 "backend xen: unknown backend" -- --backend xen "$src/tests/traces/basic.trace"
expect 2 "--print-trace needs --from-bytes or --remap" -- --print-trace "$src/tests/traces/basic.trace"

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
    # Every decoded trace has a binary form, which decodes to the same text.
    checks=$((checks + 1))
    "$replay" --to-bytes "$tmp/re.bin" "$tmp/printed.trace" &&
        "$replay" --from-bytes "$tmp/re.bin" --print-trace >"$tmp/reprinted.trace"
    status=$?
    if [ "$status" != 0 ] || ! cmp -s "$tmp/printed.trace" "$tmp/reprinted.trace"; then
        cp "$tmp/in.bin" "/tmp/argolab-replay-cli-$seed.bin"
        echo "FAIL: --to-bytes of a decoded trace (input kept in /tmp/argolab-replay-cli-$seed.bin)" >&2
        fails=$((fails + 1))
    fi
done

# --to-bytes: the binary form of a text trace runs exactly like the text
# (result lines compared without their line numbers, which the comments of
# the text shift), from a file and from stdin, to a file and to stdout.
strip_lines() { sed -E 's/^L[0-9]+ //' "$1"; }
for name in wrap-header-end fault-iov reregister; do
    trace=$src/tests/traces/$name.trace
    succeed --to-bytes "$tmp/$name.bin" "$trace"
    checks=$((checks + 1))
    if ! "$replay" --check --from-bytes "$tmp/$name.bin" >"$tmp/b" ||
        ! cmp -s <(strip_lines "$tmp/b") <(strip_lines "$src/tests/traces/$name.out"); then
        echo "FAIL: --to-bytes $name: the bytes do not run like $name.trace" >&2
        fails=$((fails + 1))
    fi
    checks=$((checks + 1))
    if ! "$replay" --to-bytes - - <"$trace" | cmp -s - "$tmp/$name.bin"; then
        echo "FAIL: --to-bytes - - (stdin to stdout) differs from --to-bytes FILE for $name" >&2
        fails=$((fails + 1))
    fi
done

# Refusals: exit 2 naming the file and the line of the first operation the
# binary form cannot express; the output file keeps what it held, and no
# temporary file is left beside it.
mkdir "$tmp/dest"
printf 'kept\n' >"$tmp/dest/seed"
printf 'domain 0\n# a comment\nregister 0 5 0 64\n' >"$tmp/port.trace"
expect 2 "$tmp/port.trace:3: register: no binary form for port 5 (ports are 0..3)" -- \
    --to-bytes "$tmp/dest/seed" "$tmp/port.trace"
printf 'domain 0\noption mac_permissive=1\n' >"$tmp/option.trace"
expect 2 "$tmp/option.trace:2: option: no binary form for an option after the first operation" -- \
    --to-bytes "$tmp/dest/seed" "$tmp/option.trace"
printf 'domain 0\nsendv 0 0 0:0 type=9\n' >"$tmp/type.trace"
expect 2 "$tmp/type.trace:2: sendv: no binary form for type=9" -- \
    --to-bytes "$tmp/dest/seed" "$tmp/type.trace"
expect 2 "$tmp/late.trace:3: expected an even number of hex digits" -- \
    --to-bytes "$tmp/dest/seed" "$tmp/late.trace"
expect 2 "basic.trace:4: register: no binary form for port 5" -- \
    --to-bytes "$tmp/dest/seed" "$src/tests/traces/basic.trace"
: >"$tmp/empty.trace"
expect 2 "$tmp/empty.trace:0: no binary form for an empty trace" -- \
    --to-bytes "$tmp/dest/seed" "$tmp/empty.trace"
checks=$((checks + 1))
if [ "$(cat "$tmp/dest/seed")" != kept ] || [ "$(ls -A "$tmp/dest")" != seed ]; then
    echo "FAIL: a refused --to-bytes touched its output directory: $(ls -A "$tmp/dest" | tr '\n' ' ')" >&2
    fails=$((fails + 1))
fi
expect 2 "--to-bytes takes a text trace" -- --to-bytes "$tmp/x.bin" --from-bytes "$tmp/x"
expect 2 "--to-bytes takes a text trace" -- --to-bytes "$tmp/x.bin" --check "$src/tests/traces/fault-iov.trace"
expect 2 "unexpected argument '--to-bytes'" -- "$src/tests/traces/fault-iov.trace" --to-bytes
expect 1 "$tmp/missing/x.bin.tmp." -- --to-bytes "$tmp/missing/x.bin" "$src/tests/traces/fault-iov.trace"
# Success replaces the file whole, with an ordinary file's permissions.
succeed --to-bytes "$tmp/dest/seed" "$src/tests/traces/fault-iov.trace"
checks=$((checks + 1))
if ! cmp -s "$tmp/dest/seed" "$tmp/fault-iov.bin" || [ "$(ls -A "$tmp/dest")" != seed ] ||
    [ "$(stat -c %a "$tmp/dest/seed")" != "$(printf '%o' $((0666 & ~$(umask))))" ]; then
    echo "FAIL: --to-bytes over an existing file: $(ls -l "$tmp/dest")" >&2
    fails=$((fails + 1))
fi

# --remap: what was renamed goes to stderr; the bytes run like the renamed
# trace, which --print-trace --remap shows with the renaming as comments.
for name in doc-example full-ring-wake; do
    trace=$src/tests/traces/$name.trace
    checks=$((checks + 1))
    status=0
    "$replay" --to-bytes "$tmp/$name.remapped" --remap "$trace" 2>"$tmp/err" || status=$?
    if [ "$status" != 0 ] || ! grep -qF "$trace: remap: ports renamed: " "$tmp/err"; then
        echo "FAIL: --to-bytes --remap $name: exit $status, stderr:" >&2
        sed 's/^/    /' "$tmp/err" >&2
        fails=$((fails + 1))
    fi
    checks=$((checks + 1))
    if ! "$replay" --print-trace --remap "$trace" >"$tmp/remapped.trace" ||
        ! grep -q '^# remap: ports renamed: ' "$tmp/remapped.trace" ||
        ! "$replay" --from-bytes "$tmp/$name.remapped" --print-trace >"$tmp/decoded.trace" ||
        ! cmp -s <(grep -v '^#' "$tmp/remapped.trace") "$tmp/decoded.trace"; then
        echo "FAIL: --print-trace --remap $name is not what the bytes decode to" >&2
        fails=$((fails + 1))
    fi
    checks=$((checks + 1))
    if ! "$replay" --check --remap "$trace" >"$tmp/a" 2>/dev/null ||
        ! "$replay" --check "$tmp/remapped.trace" >"$tmp/b" ||
        ! "$replay" --check --from-bytes "$tmp/$name.remapped" >"$tmp/c" ||
        ! cmp -s <(strip_lines "$tmp/a") <(strip_lines "$tmp/b") ||
        ! cmp -s <(strip_lines "$tmp/a") <(strip_lines "$tmp/c"); then
        echo "FAIL: --remap $name: the remapped text, its printed form and its bytes run differently" >&2
        fails=$((fails + 1))
    fi
done
# The option moved to the front keeps its own line in the results.
checks=$((checks + 1))
if [ "$(sed -n 1p "$tmp/a")" != "L12 option rc=0" ]; then
    echo "FAIL: --remap full-ring-wake: first result line $(sed -n 1p "$tmp/a")" >&2
    fails=$((fails + 1))
fi
# A trace with a binary form already: nothing renamed, nothing said, same bytes.
succeed --to-bytes "$tmp/fault-iov.remapped" --remap "$src/tests/traces/fault-iov.trace"
checks=$((checks + 1))
if ! cmp -s "$tmp/fault-iov.remapped" "$tmp/fault-iov.bin"; then
    echo "FAIL: --remap changed the bytes of fault-iov, which needs no renaming" >&2
    fails=$((fails + 1))
fi
checks=$((checks + 1))
if "$replay" --print-trace --remap "$src/tests/traces/fault-iov.trace" | grep -q '^#'; then
    echo "FAIL: --print-trace --remap fault-iov printed remap comments" >&2
    fails=$((fails + 1))
fi
# What stays in the way is said, then the encoder's refusal on the original line.
expect 2 "register-errors.trace: remap: domains kept: in order, domain 7 (line 5) finds no id left" -- \
    --to-bytes "$tmp/dest/seed" --remap "$src/tests/traces/register-errors.trace"
expect 2 "register-errors.trace:5: register: no binary form for ring owner 7" -- \
    --to-bytes "$tmp/dest/seed" --remap "$src/tests/traces/register-errors.trace"
expect 2 "wildcard-match.trace: remap: option mac_permissive=1 of line 7 kept in place: the register on line 6 names partner any" -- \
    --to-bytes "$tmp/dest/seed" --remap "$src/tests/traces/wildcard-match.trace"
expect 2 "ring-limit.trace: remap: ports kept: more than 4 distinct ports (port 5 on line 8 is the fifth)" -- \
    --to-bytes "$tmp/dest/seed" --remap "$src/tests/traces/ring-limit.trace"
expect 2 "basic.trace:6: sendv: no binary form for type=9" -- \
    --to-bytes "$tmp/dest/seed" --remap "$src/tests/traces/basic.trace"
checks=$((checks + 1))
if ! cmp -s "$tmp/dest/seed" "$tmp/fault-iov.bin"; then
    echo "FAIL: a refused --to-bytes --remap touched its output" >&2
    fails=$((fails + 1))
fi
expect 2 "--print-trace and --to-bytes do not go together" -- \
    --print-trace --remap --to-bytes "$tmp/x.bin" "$src/tests/traces/basic.trace"

# --prefix: the longest prefix with a binary form, each prefix renamed on
# its own. basic.trace stops at its type=9 on line 6; its first four
# operations (lines 2-5) are kept, with ports 5 and 7 renamed and not 8,
# which only line 7 names.
expect 2 "--prefix needs --to-bytes" -- --prefix --remap "$src/tests/traces/basic.trace"
basic=$src/tests/traces/basic.trace
expect 0 "basic.trace: prefix: kept 4 of 11 operations; line 6 stops it: sendv: no binary form for type=9" -- \
    --to-bytes "$tmp/basic.prefix" --remap --prefix "$basic"
checks=$((checks + 1))
if ! grep -qFx "$basic: remap: ports renamed: 5->0 7->1" "$tmp/err"; then
    echo "FAIL: --prefix basic: the renaming is not that of the prefix alone:" >&2
    sed 's/^/    /' "$tmp/err" >&2
    fails=$((fails + 1))
fi
# The bytes are the first five lines renamed, and run like them.
head -n 5 "$basic" >"$tmp/basic-head.trace"
checks=$((checks + 1))
if ! "$replay" --print-trace --remap "$tmp/basic-head.trace" >"$tmp/remapped.trace" ||
    ! "$replay" --from-bytes "$tmp/basic.prefix" --print-trace >"$tmp/decoded.trace" ||
    ! cmp -s <(grep -v '^#' "$tmp/remapped.trace") "$tmp/decoded.trace"; then
    echo "FAIL: --prefix basic: the bytes are not lines 1-5 of basic.trace renamed" >&2
    fails=$((fails + 1))
fi
checks=$((checks + 1))
if ! "$replay" --check --remap "$tmp/basic-head.trace" >"$tmp/a" 2>/dev/null ||
    ! "$replay" --check --from-bytes "$tmp/basic.prefix" >"$tmp/b" ||
    ! cmp -s <(strip_lines "$tmp/a") <(strip_lines "$tmp/b"); then
    echo "FAIL: --prefix basic: the bytes run differently from lines 1-5" >&2
    fails=$((fails + 1))
fi
# From stdin to stdout, the same bytes.
checks=$((checks + 1))
if ! "$replay" --to-bytes - --remap --prefix - <"$basic" 2>/dev/null | cmp -s - "$tmp/basic.prefix"; then
    echo "FAIL: --to-bytes - --remap --prefix - differs from the file form for basic" >&2
    fails=$((fails + 1))
fi
# ring-limit names a fifth port on line 8, so the whole trace renames no
# port and stops on line 7's port 4; the prefix up to line 7 has four ports
# and renames them, so line 7 is kept, and line 8 stops it by getting in the
# way of the renaming.
expect 0 "ring-limit.trace: prefix: kept 6 of 139 operations; line 8 stops it: with it, line 7: register: no binary form for port 4" -- \
    --to-bytes "$tmp/ring-limit.prefix" --remap --prefix "$src/tests/traces/ring-limit.trace"
checks=$((checks + 1))
if ! grep -qF "ring-limit.trace: prefix: with line 8, remap: ports kept: more than 4 distinct ports" "$tmp/err" ||
    ! grep -qF "ring-limit.trace: remap: ports renamed: 1->0 2->1 3->2 4->3" "$tmp/err" ||
    [ "$("$replay" --from-bytes "$tmp/ring-limit.prefix" | grep -c '^L[0-9]* register rc=0$')" != 4 ]; then
    echo "FAIL: --prefix ring-limit: stderr or the four registers kept:" >&2
    sed 's/^/    /' "$tmp/err" >&2
    fails=$((fails + 1))
fi
# Without --remap nothing is renamed: the prefix stops at the first port
# above 3; with it, the whole trace is kept and says so.
printf 'domain 0\nregister 0 1 0 64\nregister 0 5 0 64\nregister 0 6 0 64\n' >"$tmp/ports.trace"
expect 0 "ports.trace: prefix: kept 2 of 4 operations; line 3 stops it: register: no binary form for port 5" -- \
    --to-bytes "$tmp/ports.prefix" --prefix "$tmp/ports.trace"
expect 0 "ports.trace: prefix: kept 4 of 4 operations: the whole trace" -- \
    --to-bytes "$tmp/ports.whole" --remap --prefix "$tmp/ports.trace"
expect 0 "ports.trace: remap: ports renamed: 1->0 5->1 6->2" -- \
    --to-bytes "$tmp/ports.bin" --remap "$tmp/ports.trace"
# A trace with a binary form: --prefix writes the same bytes.
expect 0 "fault-iov.trace: prefix: kept 14 of 14 operations: the whole trace" -- \
    --to-bytes "$tmp/fault-iov.prefix" --remap --prefix "$src/tests/traces/fault-iov.trace"
checks=$((checks + 1))
if ! cmp -s "$tmp/ports.whole" "$tmp/ports.bin" || ! cmp -s "$tmp/fault-iov.prefix" "$tmp/fault-iov.bin"; then
    echo "FAIL: --prefix of a whole trace is not its --to-bytes form" >&2
    fails=$((fails + 1))
fi
# Nothing beyond the leading option and domain lines: refused, the output
# left as it was; an empty trace gets the encoder's own refusal.
printf 'option mac_permissive=1\ndomain 0\ndomain 1\nsendv 0 0 1:1 type=9 hex:00\nconsume 1 1 0\n' >"$tmp/setup.trace"
expect 2 "setup.trace: prefix: no operation beyond the leading option and domain lines has a binary form (3 of 5 operations would be kept); line 4 stops it: sendv: no binary form for type=9" -- \
    --to-bytes "$tmp/dest/seed" --remap --prefix "$tmp/setup.trace"
expect 2 "$tmp/empty.trace:0: no binary form for an empty trace" -- \
    --to-bytes "$tmp/dest/seed" --remap --prefix "$tmp/empty.trace"
expect 2 "late.trace:3: expected an even number of hex digits" -- \
    --to-bytes "$tmp/dest/seed" --remap --prefix "$tmp/late.trace"
checks=$((checks + 1))
if ! cmp -s "$tmp/dest/seed" "$tmp/fault-iov.bin" || [ "$(ls -A "$tmp/dest")" != seed ]; then
    echo "FAIL: a refused --prefix touched its output directory: $(ls -A "$tmp/dest" | tr '\n' ' ')" >&2
    fails=$((fails + 1))
fi

echo "replay_cli: $((checks - fails)) of $checks checks passed"
[ "$fails" = 0 ]
