# SPDX-License-Identifier: MIT
# Description: `argolab fuzz --seeds` — seed inputs for the fuzz targets made
# from the golden and finding traces, named corpus/<target>/golden-<name>.
#
# Sourced by scripts/lib/fuzz.sh, which provides ROOT, BUILD_DIR, log and
# die (from scripts/argolab); the entry point is fuzz_seeds, which needs
# build/ built (argolab-replay and the plain replay drivers). See
# docs/fuzzing.md, "Seeds from the golden traces".
#
# Per trace tests/traces/<name>.trace and tests/findings/<name>.trace:
#
#   corpus/fuzz_trace/golden-<name>.trace   the text itself (malformed ones too)
#   corpus/fuzz_ops/golden-<name>           its binary form (argolab-replay --to-bytes --remap)
#   corpus/fuzz_invariants/golden-<name>    a 0 byte (no corruption records), then the binary form
#   corpus/fuzz_diff/golden-<name>          the binary form, unless fuzz_diff would fail on it
#
# The binary form is that of the trace with its ports and domain ids
# renamed where only they stand in the way (--remap, src/trace/trace_remap.h):
# the seed means what the trace means. A trace the binary form cannot
# express whole gives, instead of golden-<name>, golden-<name>-prefix: the
# binary form of its longest prefix that has one (--prefix, each prefix
# renamed on its own), when that prefix holds an operation beyond the
# leading option and domain lines; otherwise only its fuzz_trace seed. A
# trace listed in SEEDS_SPLITS (below) also gives
# golden-<name>-without-<line>[-prefix]: the same made from the trace
# without the one operation on that line. Each trace's lines in the log say
# which seeds it gave, what was renamed and kept, or why it has no binary
# form.
#
# A trace declaring a known divergence (# argolab: known-divergence) makes
# a fuzz_diff seed only when build/fuzz/replay_fuzz_diff shows that
# fuzz_diff stops before the divergence (its known-findings gate) or never
# reaches it (a prefix); without that driver (no Xen source) its fuzz_diff
# seed is left as it is. golden-* files that no trace produces any more are
# removed. Finally every golden seed is replayed by
# build/fuzz/replay_<target>, as ctest corpus/<target> does.

# shellcheck shell=bash disable=SC2153 # ROOT, BUILD_DIR come from scripts/argolab

SEEDS_TRACE_DIRS=(tests/traces tests/findings)
SEEDS_TARGETS=(fuzz_trace fuzz_ops fuzz_invariants fuzz_diff)
SEEDS_DIVERGENCE_TAG='# argolab: known-divergence '

# <name>:<line>: a trace whose longest prefix with a binary form stops at
# an operation that fails before Argo reads or writes any state, in Xen's
# xen/common/argo.c (4.17) and in the model alike. Without it every other
# operation returns what it returns in the trace and leaves the same rings
# and domains, so the rest of the trace still means what it means and
# reaches error paths the prefix does not. Only operations argued here
# case by case; fuzz_seeds checks that the line is still a failing
# operation and that the results agree (seeds_split_check).
SEEDS_SPLITS=(
    # sendv by a domain without Argo with niov=0x100000000: -EINVAL from
    # do_argo_op's first check (a raw argument beyond 32 bits), before it
    # looks at the caller or anything else. Without it, the prefix goes on
    # to the domain without Argo's register, notify, consume and set_rx
    # errors, partner refusals, re-creation and a missing domain's calls.
    noargo:7
    # sendv with 9 iovs: -EINVAL from do_argo_op's niov check, which only
    # copies the send address from the guest first; sendv() is never
    # called. Without it, the prefix goes on through sendv's address, pad,
    # permission, length and message size errors.
    sendv-errors:5
    # register of a wildcard ring while mac_permissive is off: -EPERM from
    # register_ring before any lock, allocation or lookup. It is also what
    # keeps the option on line 7 in place; without it the option moves to
    # the front (--remap) and the prefix goes on through sends and notifies
    # that reach the wildcard ring.
    wildcard-match:6
)

# seeds_put FILE TARGET SEED: FILE becomes corpus/TARGET/SEED (rewritten only
# when its bytes change); the seed is recorded as made in this run, and
# SEEDS_PUT_NEW is set when its bytes changed.
seeds_put() {
    local file=$1 target=$2 seed=$3 dest=$ROOT/corpus/$2/$3
    if ! cmp -s "$file" "$dest"; then
        install -m 0644 "$file" "$dest"
        SEEDS_PUT_NEW=1
    fi
    SEEDS_MADE[$target/$seed]=1
}

# seeds_remap_notes ERR TRACE: what --remap renamed, moved or left in the
# way, from argolab-replay's stderr, on one line ("a; b"), or nothing.
seeds_remap_notes() {
    local prefix="$2: remap: "
    awk -v p="$prefix" 'index($0, p) == 1 { s = s (s == "" ? "" : "; ") substr($0, length(p) + 1) }
        END { if (s != "") print s }' "$1"
}

# seeds_refusal ERR TRACE: the encoder's refusal, without the remap notes,
# as "line N: why" (TRACE can be a temporary copy; the log names the trace).
seeds_refusal() {
    grep -vF "$2: remap: " "$1" | sed "s|^$2:|line |"
}

# seeds_prefix_notes ERR TRACE: what --prefix kept and what stopped it, on
# one line, without the path.
seeds_prefix_notes() {
    local prefix="$2: prefix: "
    awk -v p="$prefix" 'index($0, p) == 1 { s = s (s == "" ? "" : "; ") substr($0, length(p) + 1) }
        END { if (s != "") print s }' "$1"
}

# seeds_fuzz_diff_ok BYTES LOG: fuzz_diff's replay driver runs BYTES to the
# end (0), fails on it (1), or is not built (2).
seeds_fuzz_diff_ok() {
    local driver=$BUILD_DIR/fuzz/replay_fuzz_diff
    [ -x "$driver" ] || return 2
    "$driver" "$1" >"$2" 2>&1 </dev/null || return 1
}

# seeds_binary BYTES SEED TRACE REL NOTES: BYTES, a binary form made from
# TRACE (REL: how the log names it; NOTES: what to say of it), become
# corpus/fuzz_ops/SEED, corpus/fuzz_invariants/SEED after a 0 byte, and
# corpus/fuzz_diff/SEED unless TRACE declares a known divergence that
# fuzz_diff reaches with them. Logs one line. Uses fuzz_seeds's locals.
seeds_binary() {
    local bytes=$1 seed=$2 f=$3 rel=$4 notes=$5 status targets="fuzz_ops fuzz_invariants"
    SEEDS_PUT_NEW=0
    seeds_put "$bytes" fuzz_ops "$seed"
    { printf '\0'; cat "$bytes"; } >"$bytes.inv"
    seeds_put "$bytes.inv" fuzz_invariants "$seed"

    if grep -qF "$SEEDS_DIVERGENCE_TAG" "$f"; then
        status=0
        seeds_fuzz_diff_ok "$bytes" "$tmp/diff.log" || status=$?
        case $status in
            0)
                log "fuzz: seeds: $rel: declares a known divergence, but fuzz_diff runs $seed without failing (its known-findings gate stops first, or the divergence is not in it): a fuzz_diff seed too"
                seeds_put "$bytes" fuzz_diff "$seed"
                targets="$targets fuzz_diff"
                ;;
            1)
                log "fuzz: seeds: $rel: declares a known divergence that fuzz_diff reaches with $seed; not a fuzz_diff seed"
                ;;
            2)
                # Cannot tell: keep what a build with Xen decided.
                if [ -f "$ROOT/corpus/fuzz_diff/$seed" ]; then
                    SEEDS_MADE[fuzz_diff/$seed]=1
                    targets="$targets fuzz_diff"
                fi
                log "fuzz: seeds: $rel: declares a known divergence and build/fuzz/replay_fuzz_diff is missing (Xen's source); fuzz_diff/$seed is left as it is"
                ;;
        esac
    else
        seeds_put "$bytes" fuzz_diff "$seed"
        targets="$targets fuzz_diff"
    fi
    log "fuzz: seeds: $rel: $seed ($(wc -c <"$bytes") bytes, $([ "$SEEDS_PUT_NEW" = 1 ] && echo written || echo unchanged)) for ${targets// /, }${notes:+; $notes}"
}

# seeds_encode TRACE SEED REL ORIG: the binary form of TRACE as SEED, or,
# when TRACE has none, of its longest prefix that has one as SEED-prefix;
# ORIG is the trace file whose divergence tag counts. Returns 0 when the
# whole trace was encoded, 1 for a prefix, 2 for neither.
seeds_encode() {
    local f=$1 seed=$2 rel=$3 orig=$4 notes prefix
    if "$replay" --to-bytes "$tmp/$seed" --remap "$f" 2>"$tmp/err"; then
        notes=$(seeds_remap_notes "$tmp/err" "$f")
        seeds_binary "$tmp/$seed" "$seed" "$orig" "$rel" "${notes:+remap: $notes}"
        return 0
    fi
    notes=$(seeds_remap_notes "$tmp/err" "$f")
    log "fuzz: seeds: $rel: no binary form: $(seeds_refusal "$tmp/err" "$f")${notes:+ (remap: $notes)}"
    if ! "$replay" --to-bytes "$tmp/$seed-prefix" --remap --prefix "$f" 2>"$tmp/err"; then
        log "fuzz: seeds: $rel: no prefix seed: $(seeds_prefix_notes "$tmp/err" "$f")"
        return 2
    fi
    notes=$(seeds_remap_notes "$tmp/err" "$f")
    prefix=$(seeds_prefix_notes "$tmp/err" "$f")
    seeds_binary "$tmp/$seed-prefix" "$seed-prefix" "$orig" "$rel" "$prefix${notes:+; remap: $notes}"
    return 1
}

# seeds_split_check TRACE LINE SPLIT: what SEEDS_SPLITS claims of TRACE's
# LINE, checked: the line holds an operation that fails, and SPLIT (TRACE
# with that line commented out) gives every other result line and the
# rings and domains left exactly as TRACE does, on every backend
# argolab-replay has (the model; Xen's code when built with it). Prints
# what disagrees.
seeds_split_check() {
    local f=$1 line=$2 split=$3 backends b
    backends=$("$replay" --help | sed -n 's/.*implementation to run on (\([^;]*\);.*/\1/p')
    for b in ${backends//,/ }; do
        "$replay" --backend "$b" "$f" >"$tmp/orig.out" 2>/dev/null
        "$replay" --backend "$b" "$split" >"$tmp/split.out" 2>/dev/null
        if ! grep -q "^L$line [a-z_]* rc=-E" "$tmp/orig.out"; then
            echo "line $line is not an operation that fails (backend $b)"
            return 1
        fi
        if ! grep -v "^L$line " "$tmp/orig.out" | cmp -s - "$tmp/split.out"; then
            echo "without line $line, the other results differ (backend $b):"
            grep -v "^L$line " "$tmp/orig.out" | diff - "$tmp/split.out" | head -n 10
            return 1
        fi
    done
}

fuzz_seeds() {
    local replay=$BUILD_DIR/argolab-replay tmp dir f name rel t driver split line why
    local expressible=0 prefixed=0 inexpressible=0 malformed=0 total=0 failed=0 splits=0 status
    local -A SEEDS_MADE=() seen=() count=() split_line=()
    local SEEDS_PUT_NEW=0
    local -a seeds
    [ -x "$replay" ] || die "fuzz: --seeds needs ${replay#"$ROOT"/} (scripts/argolab build)"
    for t in "${SEEDS_TARGETS[@]}"; do
        [ -d "$ROOT/corpus/$t" ] || die "fuzz: --seeds: corpus/$t/ is missing"
    done
    for split in "${SEEDS_SPLITS[@]}"; do
        split_line[${split%%:*}]=${split#*:}
    done
    # One namespace for both directories: a clash would overwrite. A name
    # ending in -prefix or -without-<line> could also meet another trace's
    # prefix or split seed.
    for dir in "${SEEDS_TRACE_DIRS[@]}"; do
        for f in "$ROOT/$dir"/*.trace; do
            [ -f "$f" ] || continue
            name=$(basename "$f" .trace)
            [ -z "${seen[$name]:-}" ] ||
                die "fuzz: --seeds: ${seen[$name]} and ${f#"$ROOT"/} would both be golden-$name"
            seen[$name]=${f#"$ROOT"/}
        done
    done
    for name in "${!seen[@]}"; do
        case $name in
            *-prefix | *-without-[0-9]*)
                die "fuzz: --seeds: ${seen[$name]}: golden-$name could be another trace's prefix or split seed; rename the trace"
                ;;
        esac
    done
    for name in "${!split_line[@]}"; do
        [ -n "${seen[$name]:-}" ] || die "fuzz: --seeds: SEEDS_SPLITS names $name, which is no trace"
    done
    tmp=$(mktemp -d)

    for dir in "${SEEDS_TRACE_DIRS[@]}"; do
        for f in "$ROOT/$dir"/*.trace; do
            [ -f "$f" ] || continue
            name=$(basename "$f" .trace)
            rel=${f#"$ROOT"/}
            total=$((total + 1))
            seeds_put "$f" fuzz_trace "golden-$name.trace"

            if [ -f "${f%.trace}.err" ]; then
                malformed=$((malformed + 1))
                log "fuzz: seeds: $rel: malformed on purpose; fuzz_trace only"
                continue
            fi
            status=0
            seeds_encode "$f" "golden-$name" "$rel" "$f" || status=$?
            case $status in
                0) expressible=$((expressible + 1)) ;;
                1) prefixed=$((prefixed + 1)) ;;
                2) inexpressible=$((inexpressible + 1)) ;;
            esac

            line=${split_line[$name]:-}
            [ -n "$line" ] || continue
            # The line commented out rather than deleted, so that every
            # line number the log gives is the trace's own.
            mkdir -p "$tmp/split"
            split=$tmp/split/$name.trace
            sed "${line}s/^/# without: /" "$f" >"$split"
            why=$(seeds_split_check "$f" "$line" "$split") ||
                die "fuzz: seeds: $rel: SEEDS_SPLITS says line $line can go, but $why"
            splits=$((splits + 1))
            seeds_encode "$split" "golden-$name-without-$line" "$rel without line $line" "$f" || true
        done
    done

    # Seeds of traces that are gone or no longer expressible.
    for t in "${SEEDS_TARGETS[@]}"; do
        for f in "$ROOT/corpus/$t"/golden-*; do
            [ -f "$f" ] || continue
            if [ -z "${SEEDS_MADE[$t/$(basename "$f")]:-}" ]; then
                log "fuzz: seeds: removing ${f#"$ROOT"/}: no trace makes it any more"
                rm -f "$f"
            fi
        done
    done

    # What ctest corpus/<target> will do with them, golden seeds only.
    for t in "${SEEDS_TARGETS[@]}"; do
        driver=$BUILD_DIR/fuzz/replay_$t
        seeds=("$ROOT/corpus/$t"/golden-*)
        [ -f "${seeds[0]}" ] || seeds=()
        count[$t]=${#seeds[@]}
        if [ ${#seeds[@]} -eq 0 ]; then
            continue
        elif [ ! -x "$driver" ]; then
            log "fuzz: seeds: ${driver#"$ROOT"/} is not built; corpus/$t/golden-* not replayed"
        elif ! "$driver" "${seeds[@]}" >"$tmp/replay.log" 2>&1 </dev/null; then
            log "fuzz: seeds: ${driver#"$ROOT"/} fails on corpus/$t/golden-*:"
            tail -n 20 "$tmp/replay.log" >&2
            failed=1
        fi
    done
    rm -rf "$tmp"
    log "fuzz: seeds: $total traces: $expressible with a binary form, $prefixed with one for a prefix only, $inexpressible without, $malformed malformed on purpose; $splits split"
    log "fuzz: seeds: golden-* seeds: fuzz_trace ${count[fuzz_trace]}, fuzz_ops ${count[fuzz_ops]}, fuzz_invariants ${count[fuzz_invariants]}, fuzz_diff ${count[fuzz_diff]}"
    [ "$failed" = 0 ] || die "fuzz: seeds: a golden seed fails its target's replay (above)"
}
