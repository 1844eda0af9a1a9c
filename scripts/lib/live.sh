# SPDX-License-Identifier: MIT
# Description: `argolab live` — traces replayed by the live guest (src/live)
# as dom0 of a real Xen with Argo, under QEMU, and compared with the model.
#
# Sourced by scripts/argolab, which provides ROOT, BUILD_DIR, JOBS,
# ARGOLAB_CACHE, XEN_CACHE, log, build_tree and cmd_xen_source; the entry
# point is cmd_live. The live/suite ctest runs this file directly
# (`bash scripts/lib/live.sh --ctest --guest G --replay R`), and it then
# defines what it needs itself (at the end of the file).
#
# What a run keeps, per trace, in <build>/live/runs/<name>/: console.log
# (the whole serial console: Xen and the guest), live.out (the guest's
# result lines), model.out (argolab-replay --backend model).

# shellcheck shell=bash disable=SC2153 # ROOT, BUILD_DIR, ... come from scripts/argolab

LIVE_SUITE_DIR=$ROOT/tests/live
LIVE_DEFAULT_TIMEOUT=120
# Xen refuses a dom0 kernel image larger than its memory: the guest's arena
# is 48 MiB; 512 MiB leaves Xen and dom0 plenty.
LIVE_QEMU_MEM=512
LIVE_EXIT_PASS=0
LIVE_EXIT_DIVERGENT=1
LIVE_EXIT_USAGE=2
LIVE_EXIT_INFRA=3

live_usage() {
    cat <<'EOF'
usage: scripts/argolab live [--timeout S] [--verbose] [--rebuild-xen] [TRACE|DIR...]
       scripts/argolab live --bench [--timeout S]

Boots real Xen (built with Argo, cached in ~/.cache/argolab/live/) in QEMU
(TCG) with the live guest (src/live) as dom0, which replays each TRACE with
real Argo hypercalls and prints the result lines of docs/trace-format.md;
then compares them with `argolab-replay --backend model` on the same trace.
Without TRACE: the live conformance suite, tests/live/*.trace. A DIR means
every *.trace in it.

  --timeout S      seconds one boot may take (default 120)
  --verbose        print the live result lines of every trace
  --rebuild-xen    rebuild the cached Xen even if it exists
  --bench          the live benchmark: sendv+consume timed with rdtsc in the
                   guest, Google-Benchmark-style JSON lines on stdout
                   (emulated under TCG: not representative of hardware)

Per trace: pass (the same lines; a failing sendv's rc may differ as Xen 4.17
returns it as an unsigned 32-bit value, docs/findings.md#7, reported), known
divergence (declared in the trace: `# argolab: known-divergence model,live
<ref>`), skipped (the guest says why: live Xen runs one domain, the guest),
divergent (the first differing line of each side), error (the guest failed,
or Xen crashed or hung; the end of the console is shown).

Exit status: 0 every trace passed or was skipped; 1 a divergence or an
error; 2 bad usage or a malformed trace; 3 infrastructure: Xen could not be
built, QEMU could not run or Xen never started the guest. Run logs:
build/live/runs/<trace>/.
EOF
}

live_usage_error() {
    printf 'argolab: live: %s\n' "$1" >&2
    printf "argolab: live: see 'scripts/argolab live --help'\n" >&2
    exit "$LIVE_EXIT_USAGE"
}

# Infrastructure failure: exit 3, or 77 (skip) under ctest, saying why.
live_infra() {
    printf 'argolab: live: cannot run: %s\n' "$*" >&2
    if [ "${LIVE_CTEST:-0}" = 1 ]; then
        printf 'live/suite: skipped: %s\n' "$*" >&2
        exit 77
    fi
    exit "$LIVE_EXIT_INFRA"
}

# --- Xen with Argo, built once per source tree -------------------------------

# LIVE_XEN_TREE: XEN_SRC, else the cached Debian source (fetched when the
# entry point can, i.e. not under ctest).
live_xen_tree() {
    if [ -n "${XEN_SRC:-}" ]; then
        [ -f "$XEN_SRC/xen/Makefile" ] || live_infra "XEN_SRC=$XEN_SRC is not a Xen tree"
        LIVE_XEN_TREE=$(cd "$XEN_SRC" && pwd -P)
        return
    fi
    if [ ! -f "$XEN_CACHE/current/xen/Makefile" ] && [ "${LIVE_CTEST:-0}" != 1 ] &&
        declare -F cmd_xen_source >/dev/null; then
        (cmd_xen_source >/dev/null) || live_infra "no Xen source (scripts/argolab xen-source failed)"
    fi
    [ -f "$XEN_CACHE/current/xen/Makefile" ] ||
        live_infra "no Xen source in $XEN_CACHE/current (run scripts/argolab xen-source, or set XEN_SRC)"
    LIVE_XEN_TREE=$(cd "$XEN_CACHE/current" && pwd -P)
}

# LIVE_XEN_DIR: where the build of tree $1 is kept, named after the tree,
# plus a hash of its path for trees outside the cache (XEN_SRC), so two
# trees never share one.
live_xen_dir() {
    local tree=$1 name cache
    name=$(basename "$tree")
    case $name in xen-*) ;; *) name=xen-$name ;; esac
    cache=$(cd "$XEN_CACHE" 2>/dev/null && pwd -P) || cache=""
    if [ "$(dirname "$tree")" != "$cache" ]; then
        name+=-$(printf '%s' "$tree" | cksum | cut -d' ' -f1)
    fi
    LIVE_XEN_DIR=$ARGOLAB_CACHE/live/$name
}

# Build Xen from a copy of tree $1 into $2 (xen, xen-syms, config, build.log).
live_xen_build_into() {
    local tree=$1 dir=$2 tmp pid status=0 start tool missing=()
    for tool in make gcc flex bison python3; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] ||
        live_infra "building Xen needs ${missing[*]} (apt-get install flex bison python3 build-essential)"

    tmp=$(mktemp -d "$ARGOLAB_CACHE/live/build.XXXXXX")
    log "live: building Xen with Argo from $tree (one-time; in $tmp, log: $tmp/build.log)"
    # A copy: the tree itself is what the xenhost backend compiles from.
    cp -a "$tree/." "$tmp/src"
    (
        cd "$tmp/src/xen"
        make defconfig
        # Argo is UNSUPPORTED in 4.17, so it takes both options.
        printf 'CONFIG_UNSUPPORTED=y\nCONFIG_ARGO=y\n' >>.config
        make olddefconfig
        grep -qx 'CONFIG_ARGO=y' .config || { echo "CONFIG_ARGO did not stick" >&2; exit 1; }
        make -j"$JOBS"
    ) >"$tmp/build.log" 2>&1 &
    pid=$!
    start=$SECONDS
    while kill -0 "$pid" 2>/dev/null; do
        sleep 15
        if kill -0 "$pid" 2>/dev/null; then
            log "live: building Xen: $((SECONDS - start)) s, $(grep -c '^ *CC ' "$tmp/build.log" || true) files compiled"
        fi
    done
    wait "$pid" || status=$?
    if [ "$status" != 0 ] || [ ! -f "$tmp/src/xen/xen" ]; then
        mkdir -p "$ARGOLAB_CACHE/live"
        cp "$tmp/build.log" "$ARGOLAB_CACHE/live/failed-build.log" 2>/dev/null || true
        tail -n 20 "$tmp/build.log" >&2
        rm -rf "$tmp"
        live_infra "the Xen build failed (log: $ARGOLAB_CACHE/live/failed-build.log)"
    fi
    mkdir -p "$tmp/out"
    cp "$tmp/src/xen/xen" "$tmp/src/xen/xen-syms" "$tmp/out/"
    cp "$tmp/src/xen/.config" "$tmp/out/config"
    cp "$tmp/build.log" "$tmp/out/"
    rm -rf "$dir"
    mv "$tmp/out" "$dir"
    rm -rf "$tmp"
    log "live: Xen built in $((SECONDS - start)) s: $dir/xen"
}

# LIVE_XEN: a Xen built with Argo, built first when missing.
live_xen() {
    local tree dir
    live_xen_tree
    tree=$LIVE_XEN_TREE
    live_xen_dir "$tree"
    dir=$LIVE_XEN_DIR
    mkdir -p "$ARGOLAB_CACHE/live"
    if [ "${LIVE_REBUILD_XEN:-0}" = 1 ] || [ ! -f "$dir/xen" ]; then
        # One build at a time: another run may be building the same tree.
        exec 9>"$ARGOLAB_CACHE/live/.build.lock"
        flock 9
        if [ "${LIVE_REBUILD_XEN:-0}" = 1 ] || [ ! -f "$dir/xen" ]; then
            live_xen_build_into "$tree" "$dir"
        fi
        exec 9>&-
    fi
    LIVE_XEN=$dir/xen
}

# --- the guest and the model ---------------------------------------------------

# Build build/ (the replay tool, the guest) unless given both paths.
live_prepare_tools() {
    if [ -n "${LIVE_GUEST:-}" ] && [ -n "${LIVE_REPLAY:-}" ]; then
        [ -f "$LIVE_GUEST" ] || live_infra "no guest at $LIVE_GUEST (build the argolab-live target)"
        [ -x "$LIVE_REPLAY" ] || live_infra "no argolab-replay at $LIVE_REPLAY"
        return
    fi
    declare -F build_tree >/dev/null ||
        live_infra "run on its own, the script needs --guest and --replay"
    build_tree "$BUILD_DIR" 0 keep >&2 || live_infra "the build of ${BUILD_DIR#"$ROOT"/} failed"
    LIVE_REPLAY=$BUILD_DIR/argolab-replay
    LIVE_GUEST=$BUILD_DIR/live/argolab-live
    if [ ! -f "$LIVE_GUEST" ]; then
        cmake --build "$BUILD_DIR" --target argolab-live >&2 ||
            live_infra "the guest target argolab-live is missing from ${BUILD_DIR#"$ROOT"/} (CMakeLists.txt must include(ArgolabLive); configure output says why it is not built)"
    fi
    [ -x "$LIVE_REPLAY" ] || live_infra "$LIVE_REPLAY was not built"
}

# --- one boot ------------------------------------------------------------------

# Boot Xen ($1) with the guest and trace staged in work dir $2, Xen's
# mac-permissive option $3 and guest command line $4; the console goes to
# $2/console.log. Returns QEMU's status (124: timed out).
live_boot() {
    local xen=$1 work=$2 mac=$3 guest_args=$4 status=0
    (
        cd "$work"
        # -initrd splits on commas: the staged files have plain names.
        timeout --kill-after=5 "$LIVE_TIMEOUT" qemu-system-x86_64 \
            -m "$LIVE_QEMU_MEM" -cpu qemu64 -nographic -no-reboot \
            -kernel "$xen" -initrd "guest,trace" \
            -append "console=com1 argo=1,mac-permissive=$mac noreboot -- $guest_args" \
            </dev/null >console.log 2>qemu.err
    ) || status=$?
    tr -d '\r' <"$work/console.log" >"$work/console.txt"
    return "$status"
}

# The status lines the guest printed (without their prefix).
live_status_lines() {
    sed -n 's/.*argolab-live: //p' "$1/console.txt"
}

# CRC-32 (zlib's) of file $1, from gzip's trailer: 8 hex digits.
live_crc32() {
    gzip -c <"$1" | tail -c 8 | od -An -tx4 -N4 | tr -d ' \n'
}

# --- comparing --------------------------------------------------------------------

# Compare model output $1 with live output $2. Prints "f7 L<n>" for each
# sendv line that differs only as finding 7 predicts, then either "equal"
# or "diverge<TAB>model line<TAB>live line<TAB>hint".
live_compare() {
    awk '
    BEGIN {
        # The errors Argo returns (src/ring_model/argo_errno.h).
        nt = split("EPERM 1 ENOENT 2 ESRCH 3 EAGAIN 11 ENOMEM 12 EACCES 13 EFAULT 14 " \
              "EBUSY 16 EEXIST 17 ENODEV 19 EINVAL 22 ENOSPC 28 ENOMSG 42 " \
              "EBADMSG 74 EMSGSIZE 90 EOPNOTSUPP 95 ECONNREFUSED 111", t, " ")
        for (i = 1; i < nt; i += 2)
            errno[t[i]] = t[i + 1]
    }
    NR == FNR { model[++nm] = $0; next }
    { live[++nl] = $0 }
    # Xen 4.17 returns sendv errors as (unsigned int)-errno (finding 7).
    function finding7(m, l,    a, b, n, i, name) {
        n = split(m, a, " ")
        if (n != split(l, b, " ") || a[2] != "sendv" || b[2] != "sendv")
            return 0
        for (i = 1; i <= n; i++)
            if (i != 3 && a[i] != b[i])
                return 0
        if (a[3] !~ /^rc=-E[A-Z]+$/ || b[3] !~ /^rc=[0-9]+$/)
            return 0
        name = substr(a[3], 5)
        return (name in errno) && substr(b[3], 4) + 0 == 4294967296 - errno[name]
    }
    # The field starting with signal=, or "".
    function signals(s,    a, n, i) {
        n = split(s, a, " ")
        for (i = 1; i <= n; i++)
            if (a[i] ~ /^signal=/)
                return substr(a[i], 8)
        return ""
    }
    function dedup(s,    a, n, i, out) {
        n = split(s, a, ",")
        out = ""
        for (i = 1; i <= n; i++)
            if (i == 1 || a[i] != a[i - 1])
                out = out (out == "" ? "" : ",") a[i]
        return out
    }
    END {
        n = nm > nl ? nm : nl
        for (i = 1; i <= n; i++) {
            m = i <= nm ? model[i] : "(no line)"
            l = i <= nl ? live[i] : "(no line)"
            if (m == l)
                continue
            if (finding7(m, l)) {
                split(m, a, " ")
                print "f7\t" a[1]
                continue
            }
            hint = ""
            ms = signals(m); ls = signals(l)
            if (ms != ls && dedup(ms) == ls) {
                mm = m; ll = l
                sub(/ signal=[^ ]*/, "", mm); sub(/ signal=[^ ]*/, "", ll)
                if (mm == ll)
                    hint = "VIRQ_ARGO raised twice in one operation reads as one pending bit in the guest (docs/live.md, Signals)"
            }
            print "diverge\t" m "\t" l "\t" hint
            exit
        }
        print "equal"
    }' "$1" "$2"
}

# The reference a trace declares for a known model/live divergence, if any.
live_known_divergence() {
    sed -n 's/^# argolab: known-divergence model,live //p' "$1" | head -n 1
}

# Whether the trace asks for mac_permissive=1 anywhere (Xen's boot option).
live_wants_mac_permissive() {
    sed 's/#.*//' "$1" | grep -Eq '^[[:space:]]*option[[:space:]]+mac_permissive=1[[:space:]]*$'
}

# --- one trace -------------------------------------------------------------------

LIVE_COUNT_PASS=0
LIVE_COUNT_KNOWN=0
LIVE_COUNT_SKIP=0
LIVE_COUNT_DIVERGENT=0
LIVE_COUNT_ERROR=0
LIVE_COUNT_BAD=0
LIVE_COUNT_F7=0
LIVE_BOOT_SECONDS=0
LIVE_BOOTS=0

# Show the last lines of the console (Xen's panic, if any) under a verdict.
live_console_tail() {
    printf '    console (last lines, full log %s):\n' "$1/console.log"
    tail -n "${2:-15}" "$1/console.txt" | sed 's/^/    | /'
}

live_run_one() {
    local xen=$1 trace=$2 name work mac=0 status=0 t0 verdict known
    local hello end lines crc want_crc nresults f7_lines="" kind m l hint
    name=$(basename "$trace" .trace)
    work=$LIVE_RUNS_DIR/$name
    rm -rf "$work"
    mkdir -p "$work"

    status=0
    "$LIVE_REPLAY" --backend model "$trace" >"$work/model.out" 2>"$work/model.err" || status=$?
    if [ "$status" = 2 ]; then
        printf '%-32s  bad trace: %s\n' "$name" "$(head -n 1 "$work/model.err")"
        LIVE_COUNT_BAD=$((LIVE_COUNT_BAD + 1))
        return
    elif [ "$status" != 0 ]; then
        printf '%-32s  error: the model run failed: %s\n' "$name" "$(head -n 1 "$work/model.err")"
        LIVE_COUNT_ERROR=$((LIVE_COUNT_ERROR + 1))
        return
    fi

    live_wants_mac_permissive "$trace" && mac=1
    cp "$LIVE_GUEST" "$work/guest"
    cp "$trace" "$work/trace"
    t0=$(date +%s.%N)
    status=0
    live_boot "$xen" "$work" "$mac" "" || status=$?
    LIVE_BOOT_SECONDS=$(awk -v a="$LIVE_BOOT_SECONDS" -v t0="$t0" -v t1="$(date +%s.%N)" \
        'BEGIN { printf "%.3f", a + t1 - t0 }')
    LIVE_BOOTS=$((LIVE_BOOTS + 1))

    hello=$(live_status_lines "$work" | grep -m1 '^hello ' || true)
    end=$(live_status_lines "$work" | grep -m1 -E '^(end |skip )' || true)
    if [ -z "$hello" ] && [ -z "$end" ]; then
        if [ "$status" = 124 ]; then
            printf '%-32s  infrastructure: Xen did not start the guest within %s s\n' "$name" "$LIVE_TIMEOUT"
        else
            printf '%-32s  infrastructure: QEMU exited %s before the guest ran: %s\n' \
                "$name" "$status" "$(head -n 1 "$work/qemu.err")"
        fi
        live_console_tail "$work"
        LIVE_INFRA_REASON="QEMU/Xen did not run the guest (log: $work/console.log)"
        return 1
    fi
    sed -n 's/.*argolab-live| //p' "$work/console.txt" >"$work/live.out"
    if [ "${LIVE_VERBOSE:-0}" = 1 ]; then
        printf '== %s: %s\n' "$name" "$hello"
        sed 's/^/   /' "$work/live.out"
    fi

    case $end in
        skip\ *)
            printf '%-32s  skipped: %s\n' "$name" "${end#skip }"
            LIVE_COUNT_SKIP=$((LIVE_COUNT_SKIP + 1))
            return
            ;;
        end\ error\ *)
            printf '%-32s  ERROR: the guest: %s\n' "$name" "${end#end error }"
            live_console_tail "$work" 8
            LIVE_COUNT_ERROR=$((LIVE_COUNT_ERROR + 1))
            return
            ;;
        end\ ok\ *) ;;
        *)
            if [ "$status" = 124 ]; then
                printf '%-32s  ERROR: no end line within %s s (Xen hung or crashed?)\n' "$name" "$LIVE_TIMEOUT"
            else
                printf '%-32s  ERROR: no end line (QEMU exited %s: Xen crashed?)\n' "$name" "$status"
            fi
            live_console_tail "$work"
            LIVE_COUNT_ERROR=$((LIVE_COUNT_ERROR + 1))
            return
            ;;
    esac

    # The console carried every result byte the guest wrote.
    lines=$(printf '%s\n' "$end" | sed -n 's/.* lines=\([0-9]*\).*/\1/p')
    want_crc=$(printf '%s\n' "$end" | sed -n 's/.* crc=\([0-9a-f]*\).*/\1/p')
    nresults=$(wc -l <"$work/live.out")
    crc=$(live_crc32 "$work/live.out")
    if [ "$lines" != "$nresults" ] || [ "$crc" != "$want_crc" ]; then
        printf '%-32s  ERROR: the console lost result text (%s of %s lines, crc %s, guest says %s)\n' \
            "$name" "$nresults" "$lines" "$crc" "$want_crc"
        LIVE_COUNT_ERROR=$((LIVE_COUNT_ERROR + 1))
        return
    fi

    known=$(live_known_divergence "$trace")
    verdict=equal
    while IFS=$'\t' read -r kind m l hint; do
        case $kind in
            f7) f7_lines+="${f7_lines:+, }$m" ;;
            diverge) verdict=diverge; break ;;
        esac
    done < <(live_compare "$work/model.out" "$work/live.out")

    local f7_note=""
    if [ -n "$f7_lines" ]; then
        f7_note=" (known divergence docs/findings.md#7, sendv errors as unsigned 32-bit: $f7_lines)"
        LIVE_COUNT_F7=$((LIVE_COUNT_F7 + 1))
    fi
    if [ "$verdict" = equal ]; then
        if [ -n "$known" ]; then
            printf '%-32s  DIVERGENT: live Xen and the model agree, but the trace declares a known divergence (%s): has it been fixed?\n' \
                "$name" "$known"
            LIVE_COUNT_DIVERGENT=$((LIVE_COUNT_DIVERGENT + 1))
        else
            printf '%-32s  pass, %s result lines%s\n' "$name" "$nresults" "$f7_note"
            LIVE_COUNT_PASS=$((LIVE_COUNT_PASS + 1))
        fi
        return
    fi
    if [ -n "$known" ]; then
        printf '%-32s  known divergence: %s%s\n' "$name" "$known" "$f7_note"
        LIVE_COUNT_KNOWN=$((LIVE_COUNT_KNOWN + 1))
    else
        printf '%-32s  DIVERGENT%s\n' "$name" "$f7_note"
        LIVE_COUNT_DIVERGENT=$((LIVE_COUNT_DIVERGENT + 1))
    fi
    printf '    model: %s\n    live:  %s\n' "$m" "$l"
    if [ -n "$hint" ]; then
        printf '    note:  %s\n' "$hint"
    fi
}

# --- bench ---------------------------------------------------------------------

# The guest's benchmark: its JSON lines (after "argolab-live-json: ") on
# stdout, and kept in reports/live/<UTC time>-<git sha>.jsonl.
live_bench() {
    local xen=$1 work=$LIVE_RUNS_DIR/bench status=0 end out
    rm -rf "$work"
    mkdir -p "$work"
    cp "$LIVE_GUEST" "$work/guest"
    : >"$work/trace"
    log "live: bench: emulated (TCG), not representative of hardware"
    live_boot "$xen" "$work" 1 "argolab.bench argolab.emulated" || status=$?
    end=$(live_status_lines "$work" | grep -m1 -E '^end ' || true)
    if [ -z "$(live_status_lines "$work")" ]; then
        live_console_tail "$work" >&2
        live_infra "QEMU/Xen did not run the guest (log: $work/console.log)"
    fi
    sed -n 's/.*argolab-live-json: //p' "$work/console.txt" >"$work/bench.jsonl"
    cat "$work/bench.jsonl"
    if [ -s "$work/bench.jsonl" ]; then
        mkdir -p "$ROOT/reports/live"
        out=$ROOT/reports/live/$(date -u +%Y%m%dT%H%M%SZ)-$(bench_git_sha).jsonl
        cp "$work/bench.jsonl" "$out.tmp" && mv "$out.tmp" "$out"
        log "live: bench: wrote ${out#"$ROOT"/}"
    fi
    case $end in
        end\ ok*) return 0 ;;
        *)
            printf 'argolab: live: bench: %s\n' "${end:-no end line (QEMU exited $status)}" >&2
            live_console_tail "$work" >&2
            return "$LIVE_EXIT_DIVERGENT"
            ;;
    esac
}

# --- the command -----------------------------------------------------------------

cmd_live() {
    local traces=() f bench=0 xen
    LIVE_TIMEOUT=$LIVE_DEFAULT_TIMEOUT
    while [ $# -gt 0 ]; do
        case $1 in
            --timeout)
                [ $# -ge 2 ] || live_usage_error "--timeout needs seconds"
                [[ $2 =~ ^[1-9][0-9]*$ ]] || live_usage_error "--timeout takes whole seconds, not '$2'"
                LIVE_TIMEOUT=$2
                shift
                ;;
            --verbose | -v) LIVE_VERBOSE=1 ;;
            --rebuild-xen) LIVE_REBUILD_XEN=1 ;;
            --bench) bench=1 ;;
            --ctest) LIVE_CTEST=1 ;;
            --guest | --replay)
                [ $# -ge 2 ] || live_usage_error "$1 needs a path"
                if [ "$1" = --guest ]; then LIVE_GUEST=$2; else LIVE_REPLAY=$2; fi
                shift
                ;;
            -h | --help)
                live_usage
                return 0
                ;;
            -*) live_usage_error "unknown option '$1'" ;;
            *)
                if [ -d "$1" ]; then
                    for f in "$1"/*.trace; do
                        [ -f "$f" ] && traces+=("$f")
                    done
                elif [ -f "$1" ]; then
                    traces+=("$1")
                else
                    live_usage_error "no such trace or directory: $1"
                fi
                ;;
        esac
        shift
    done
    if [ "$bench" = 1 ] && [ ${#traces[@]} -gt 0 ]; then
        live_usage_error "--bench takes no traces"
    fi
    if [ "$bench" = 0 ] && [ ${#traces[@]} -eq 0 ]; then
        for f in "$LIVE_SUITE_DIR"/*.trace; do
            [ -f "$f" ] && traces+=("$f")
        done
        [ ${#traces[@]} -gt 0 ] || live_usage_error "no traces in ${LIVE_SUITE_DIR#"$ROOT"/}"
    fi

    command -v qemu-system-x86_64 >/dev/null 2>&1 ||
        live_infra "qemu-system-x86_64 not found (apt-get install qemu-system-x86)"
    live_prepare_tools
    live_xen
    xen=$LIVE_XEN
    LIVE_RUNS_DIR=$(dirname "$LIVE_GUEST")/runs
    mkdir -p "$LIVE_RUNS_DIR"

    if [ "$bench" = 1 ]; then
        live_bench "$xen"
        return
    fi

    log "live: ${#traces[@]} trace(s) on $xen, QEMU TCG, timeout ${LIVE_TIMEOUT} s per boot"
    LIVE_INFRA_REASON=""
    for f in "${traces[@]}"; do
        if ! live_run_one "$xen" "$f"; then
            live_infra "$LIVE_INFRA_REASON"
        fi
    done

    local total=${#traces[@]} avg="-"
    if [ "$LIVE_BOOTS" -gt 0 ]; then
        avg=$(awk -v s="$LIVE_BOOT_SECONDS" -v n="$LIVE_BOOTS" 'BEGIN { printf "%.1f", s / n }')
    fi
    printf 'live: %d traces: %d pass, %d known divergences, %d skipped, %d divergent, %d errors, %d malformed; %d with finding-7 sendv lines; %s s per boot\n' \
        "$total" "$LIVE_COUNT_PASS" "$LIVE_COUNT_KNOWN" "$LIVE_COUNT_SKIP" \
        "$LIVE_COUNT_DIVERGENT" "$LIVE_COUNT_ERROR" "$LIVE_COUNT_BAD" "$LIVE_COUNT_F7" "$avg"
    if [ "$LIVE_COUNT_BAD" -gt 0 ]; then
        return "$LIVE_EXIT_USAGE"
    fi
    if [ $((LIVE_COUNT_DIVERGENT + LIVE_COUNT_ERROR)) -gt 0 ]; then
        return "$LIVE_EXIT_DIVERGENT"
    fi
    return "$LIVE_EXIT_PASS"
}

# Run directly (the live/suite ctest): what scripts/argolab would provide.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    BUILD_DIR=$ROOT/build
    JOBS=$(nproc 2>/dev/null || echo 2)
    ARGOLAB_CACHE=${ARGOLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/argolab}
    XEN_CACHE=$ARGOLAB_CACHE/xen
    LIVE_SUITE_DIR=$ROOT/tests/live
    log() { printf 'argolab: %s\n' "$*" >&2; }
    cmd_live "$@"
    exit $?
fi
