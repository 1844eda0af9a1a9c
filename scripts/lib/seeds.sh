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
# the seed means what the trace means. Each trace's line in the log says
# which seeds it gave and what was renamed, or why it still has no binary
# form. A trace the binary form cannot express gets only its fuzz_trace seed. A
# trace declaring a known divergence (# argolab: known-divergence) is a
# fuzz_diff seed only when build/fuzz/replay_fuzz_diff shows that fuzz_diff
# stops before the divergence (its known-findings gate); without that
# driver (no Xen source) its fuzz_diff seed is left as it is. golden-* files
# that no trace produces any more are removed. Finally every golden seed is
# replayed by build/fuzz/replay_<target>, as ctest corpus/<target> does.

# shellcheck shell=bash disable=SC2153 # ROOT, BUILD_DIR come from scripts/argolab

SEEDS_TRACE_DIRS=(tests/traces tests/findings)
SEEDS_TARGETS=(fuzz_trace fuzz_ops fuzz_invariants fuzz_diff)
SEEDS_DIVERGENCE_TAG='# argolab: known-divergence '

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
# with paths relative to ROOT.
seeds_refusal() {
    grep -vF "$2: remap: " "$1" | sed "s|^$ROOT/||"
}

# seeds_fuzz_diff_ok BYTES LOG: fuzz_diff's replay driver runs BYTES to the
# end (0), fails on it (1), or is not built (2).
seeds_fuzz_diff_ok() {
    local driver=$BUILD_DIR/fuzz/replay_fuzz_diff
    [ -x "$driver" ] || return 2
    "$driver" "$1" >"$2" 2>&1 </dev/null || return 1
}

fuzz_seeds() {
    local replay=$BUILD_DIR/argolab-replay tmp dir f name rel t status driver notes targets
    local expressible=0 inexpressible=0 malformed=0 total=0 failed=0
    local -A SEEDS_MADE=() seen=() count=()
    local SEEDS_PUT_NEW=0
    local -a seeds
    [ -x "$replay" ] || die "fuzz: --seeds needs ${replay#"$ROOT"/} (scripts/argolab build)"
    for t in "${SEEDS_TARGETS[@]}"; do
        [ -d "$ROOT/corpus/$t" ] || die "fuzz: --seeds: corpus/$t/ is missing"
    done
    # One namespace for both directories: a clash would overwrite.
    for dir in "${SEEDS_TRACE_DIRS[@]}"; do
        for f in "$ROOT/$dir"/*.trace; do
            [ -f "$f" ] || continue
            name=$(basename "$f" .trace)
            [ -z "${seen[$name]:-}" ] ||
                die "fuzz: --seeds: ${seen[$name]} and ${f#"$ROOT"/} would both be golden-$name"
            seen[$name]=${f#"$ROOT"/}
        done
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
            if ! "$replay" --to-bytes "$tmp/$name" --remap "$f" 2>"$tmp/err"; then
                inexpressible=$((inexpressible + 1))
                notes=$(seeds_remap_notes "$tmp/err" "$f")
                log "fuzz: seeds: $rel: no binary form, fuzz_trace only: $(seeds_refusal "$tmp/err" "$f")${notes:+ (remap: $notes)}"
                continue
            fi
            expressible=$((expressible + 1))
            notes=$(seeds_remap_notes "$tmp/err" "$f")
            SEEDS_PUT_NEW=0
            targets="fuzz_ops fuzz_invariants"
            seeds_put "$tmp/$name" fuzz_ops "golden-$name"
            { printf '\0'; cat "$tmp/$name"; } >"$tmp/$name.inv"
            seeds_put "$tmp/$name.inv" fuzz_invariants "golden-$name"

            if grep -qF "$SEEDS_DIVERGENCE_TAG" "$f"; then
                status=0
                seeds_fuzz_diff_ok "$tmp/$name" "$tmp/diff.log" || status=$?
                case $status in
                    0)
                        log "fuzz: seeds: $rel: declares a known divergence, but fuzz_diff runs it without failing (its known-findings gate stops first): a fuzz_diff seed too"
                        seeds_put "$tmp/$name" fuzz_diff "golden-$name"
                        targets="$targets fuzz_diff"
                        ;;
                    1)
                        log "fuzz: seeds: $rel: declares a known divergence that fuzz_diff reaches; not a fuzz_diff seed"
                        ;;
                    2)
                        # Cannot tell: keep what a build with Xen decided.
                        if [ -f "$ROOT/corpus/fuzz_diff/golden-$name" ]; then
                            SEEDS_MADE[fuzz_diff/golden-$name]=1
                            targets="$targets fuzz_diff"
                        fi
                        log "fuzz: seeds: $rel: declares a known divergence and build/fuzz/replay_fuzz_diff is missing (Xen's source); its fuzz_diff seed is left as it is"
                        ;;
                esac
            else
                seeds_put "$tmp/$name" fuzz_diff "golden-$name"
                targets="$targets fuzz_diff"
            fi
            log "fuzz: seeds: $rel: golden-$name ($(wc -c <"$tmp/$name") bytes, $([ "$SEEDS_PUT_NEW" = 1 ] && echo written || echo unchanged)) for ${targets// /, }${notes:+; remap: $notes}"
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
    log "fuzz: seeds: $total traces: $expressible with a binary form, $inexpressible without, $malformed malformed on purpose"
    log "fuzz: seeds: golden-* seeds: fuzz_trace ${count[fuzz_trace]}, fuzz_ops ${count[fuzz_ops]}, fuzz_invariants ${count[fuzz_invariants]}, fuzz_diff ${count[fuzz_diff]}"
    [ "$failed" = 0 ] || die "fuzz: seeds: a golden seed fails its target's replay (above)"
}
