# SPDX-License-Identifier: MIT
# Description: `argolab bench` and `argolab report` — benchmark runs stored as
# Google Benchmark JSON in reports/runs/, comparisons between runs, the
# instruction-count gate, perf counters, and the figures in reports/latest/.
#
# Sourced by scripts/argolab, which provides ROOT, BUILD_DIR, JOBS, log, die,
# cache_value, ensure_packages and build_tree; the entry points here are
# cmd_bench and cmd_report. Reading and plotting the JSON is
# scripts/lib/benchtool.py; instruction counting is scripts/lib/instructions.py.

# shellcheck shell=bash disable=SC2153 # ROOT, JOBS, ... come from scripts/argolab

BENCH_BUILD_DIR=$ROOT/build-bench
BENCH_RUNS_DIR=$ROOT/reports/runs
BENCH_LATEST_DIR=$ROOT/reports/latest
BENCH_PERF_DIR=$ROOT/reports/perf
BENCH_BASELINE=$ROOT/reports/baseline/instructions.json
BENCH_TOOL=$ROOT/scripts/lib/benchtool.py
BENCH_INSTRUCTIONS_TOOL=$ROOT/scripts/lib/instructions.py
# The quick set (`bench --quick`, and the main job): the copy path at the
# sizes the figures are quoted at, its limit and the peers; V4V beside Argo;
# the ioreq dispatch at the rangeset's limit and at 1 Mi pages; ioeventfd.
BENCH_QUICK_FILTER='^(memcpy|sendv/model|sendv/xenhost|sendv_consume/model|pipe|seqpacket|ck_spsc|abi_sendv_consume/argo|abi_sendv_consume/v4v)/(16|4096|65536)$|^notify_waiters/model/|^ioreq_dispatch/(rangeset|p2m_type)/(1|256|257|1048576)$|^ioeventfd_(latency|throughput)/'

bench_usage() {
    cat <<'EOF'
usage: scripts/argolab bench [--filter RE] [--repetitions N] [--min-time S] [--quick]
       scripts/argolab bench --compare BASE.json [NEW.json] [--threshold PCT]
       scripts/argolab bench --instructions [--update-baseline] [--filter RE]
       scripts/argolab bench --perf [--filter RE]
       scripts/argolab report [--runs DIR] [--out DIR]

  (no mode)          build build-bench/ (Release, link-time optimisation), run
                     the benchmarks matching RE (default: all) N times each
                     (default 5), write Google Benchmark JSON with the machine
                     context to reports/runs/<UTC time>-<git sha>.json (and the
                     ioeventfd latency samples, when the run has them, to
                     <UTC time>-<git sha>.ioeventfd/) and print the summary:
                     sendv against memcpy, the peers, Xen's argo.c, ioreq
                     dispatch, privcmd ioeventfd
  --min-time S       minimum seconds per repetition (default 0.1)
  --quick            the copy path at 16 B, 4 KiB and 64 KiB, its limit and
                     peers, and notify scaling; 3 repetitions (about a minute)
  --compare BASE [NEW]
                     per benchmark: median time change, Mann-Whitney U test
                     across repetitions, verdict improved/regressed/noise;
                     NEW defaults to the newest run in reports/runs/
  --threshold PCT    with --compare: exit 1 when a benchmark regressed by
                     more than PCT percent (and the test says it is real)
  --instructions     instructions per operation of the key scenarios under
                     callgrind (stable on noisy machines), compared with
                     reports/baseline/instructions.json; --update-baseline
                     records the counts as the new baseline instead
  --perf             perf stat around the benchmarks matching RE (hardware
                     counters when this machine has them), and a perf record
                     profile, into reports/perf/
  report             figures (PNG and SVG), index.html and summary.md in
                     reports/latest/ from every run in reports/runs/; the
                     ioeventfd latency figure from the newest run's samples

Exit 0; 1 when a benchmark fails, a regression exceeds --threshold or the
instruction gate fails; 2 on bad usage or input.
EOF
}

bench_usage_error() {
    printf 'argolab: bench: %s\n' "$1" >&2
    printf "argolab: bench: see 'scripts/argolab bench --help'\n" >&2
    exit 2
}

# build-bench/: Release with link-time optimisation, the benchmarks on.
# Configured when new or when its options are not these.
bench_build() {
    local cache=$BENCH_BUILD_DIR/CMakeCache.txt gen
    if [ ! -f "$cache" ] ||
        { [ ! -f "$BENCH_BUILD_DIR/build.ninja" ] && [ ! -f "$BENCH_BUILD_DIR/Makefile" ]; } ||
        [ "$(cache_value "$cache" ARGOLAB_BENCH)" != ON ] ||
        [ "$(cache_value "$cache" CMAKE_BUILD_TYPE)" != Release ] ||
        [ "$(cache_value "$cache" CMAKE_INTERPROCEDURAL_OPTIMIZATION)" != ON ]; then
        gen=$(cache_value "$cache" CMAKE_GENERATOR)
        if [ -z "$gen" ]; then
            gen="Unix Makefiles"
            command -v ninja >/dev/null 2>&1 && gen=Ninja
        fi
        log "bench: configuring build-bench ($gen, Release, link-time optimisation)"
        cmake -S "$ROOT" -B "$BENCH_BUILD_DIR" -G "$gen" -DCMAKE_BUILD_TYPE=Release \
            -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON -DARGOLAB_BENCH=ON \
            -DARGOLAB_SANITIZE=OFF -DARGOLAB_FUZZ=OFF >&2 || return
    fi
    log "bench: building build-bench with $JOBS jobs"
    cmake --build "$BENCH_BUILD_DIR" -j "$JOBS" --target argolab-bench >&2
}

# The git commit of the tree, with -dirty when it has uncommitted changes.
bench_git_sha() {
    local sha
    sha=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null) || {
        printf 'nogit\n'
        return
    }
    if ! git -C "$ROOT" diff --quiet HEAD -- src bench 2>/dev/null; then
        sha+=-dirty
    fi
    printf '%s\n' "$sha"
}

# Google Benchmark context entries (k=v,k=v): what produced the numbers.
bench_context() {
    local cc xen="none" governor="unknown"
    cc=$(cache_value "$BENCH_BUILD_DIR/CMakeCache.txt" CMAKE_C_COMPILER)
    cc=$("${cc:-cc}" --version 2>/dev/null | head -n 1 | tr ',' ' ')
    if [ -d "$XEN_CACHE/current" ]; then
        xen=$(basename "$(readlink -f "$XEN_CACHE/current")")
    fi
    if [ -r /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor ]; then
        governor=$(cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor)
    fi
    printf 'git_sha=%s,compiler=%s,build=Release+LTO,xen_source=%s,cpu_model=%s,kernel=%s,governor=%s\n' \
        "$(bench_git_sha)" "$cc" "$xen" \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1 | tr ',' ' ')" \
        "$(uname -r)" "$governor"
}

bench_run() {
    local filter=$1 reps=$2 min_time=$3
    local stamp sha out tmp samples samples_tmp status=0
    bench_build || die "bench: building build-bench failed"
    mkdir -p "$BENCH_RUNS_DIR"
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    sha=$(bench_git_sha)
    out=$BENCH_RUNS_DIR/$stamp-$sha.json
    # bench/ioeventfd.c's latency samples, for `argolab report`'s figure:
    # kept beside the run as <run>.ioeventfd/. Written under a temporary
    # name and renamed with the JSON, so a failed or interrupted run leaves
    # no samples that belong to no run.
    samples=$BENCH_RUNS_DIR/$stamp-$sha.ioeventfd
    tmp=$(mktemp "$BENCH_RUNS_DIR/.run.XXXXXX")
    samples_tmp=$(mktemp -d "$BENCH_RUNS_DIR/.run-ioeventfd.XXXXXX") || {
        rm -f "$tmp"
        die "bench: cannot create a samples directory in ${BENCH_RUNS_DIR#"$ROOT"/}"
    }
    # shellcheck disable=SC2064 # the names are fixed now
    trap "rm -rf '$tmp' '$samples_tmp'; exit 130" INT TERM HUP
    # Repetitions of all benchmarks run in random order, so a slow spell of
    # a shared machine (another tenant, a frequency drop) spreads over every
    # benchmark instead of landing on a few and skewing their ratios.
    log "bench: running${filter:+ benchmarks matching '$filter'}, $reps repetitions of at least ${min_time}s, interleaved at random; results in ${out#"$ROOT"/}"
    ARGOLAB_IOEVENTFD_SAMPLES=$samples_tmp "$BENCH_BUILD_DIR/argolab-bench" \
        ${filter:+"--benchmark_filter=$filter"} \
        "--benchmark_repetitions=$reps" "--benchmark_min_time=$min_time" \
        --benchmark_enable_random_interleaving=true \
        --benchmark_out="$tmp" --benchmark_out_format=json \
        --benchmark_context="$(bench_context)" || status=$?
    if [ "$status" != 0 ] || [ ! -s "$tmp" ]; then
        rm -rf "$tmp" "$samples_tmp"
        trap - INT TERM HUP
        die "bench: argolab-bench failed (exit $status); no run written"
    fi
    if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d.get("benchmarks") else 1)' "$tmp"; then
        rm -rf "$tmp" "$samples_tmp"
        trap - INT TERM HUP
        die "bench: no benchmark matched '${filter:-}' (see build-bench/argolab-bench --benchmark_list_tests)"
    fi
    # The samples first: the JSON's arrival is what makes the run visible
    # to `argolab report`. A run without ioeventfd_latency keeps no directory.
    if [ -n "$(ls -A "$samples_tmp")" ]; then
        chmod 755 "$samples_tmp"
        mv "$samples_tmp" "$samples"
    else
        rmdir "$samples_tmp"
    fi
    mv "$tmp" "$out"
    trap - INT TERM HUP
    if [ -d "$samples" ]; then
        log "bench: wrote ${out#"$ROOT"/} and ${samples#"$ROOT"/}/"
    else
        log "bench: wrote ${out#"$ROOT"/}"
    fi
    python3 "$BENCH_TOOL" summary "$out"
}

# The newest run in reports/runs/ other than $1.
bench_newest_run() {
    local f newest=""
    for f in "$BENCH_RUNS_DIR"/*.json; do
        [ -e "$f" ] || continue
        [ "$(readlink -f "$f")" = "$(readlink -f "$1")" ] && continue
        newest=$f
    done
    printf '%s\n' "$newest"
}

bench_compare() {
    local base=$1 new=$2 threshold=$3
    [ -f "$base" ] || bench_usage_error "--compare: no such file '$base'"
    if [ -z "$new" ]; then
        new=$(bench_newest_run "$base")
        [ -n "$new" ] || bench_usage_error "--compare: no other run in ${BENCH_RUNS_DIR#"$ROOT"/} to compare '$base' with"
        log "bench: comparing with the newest run, ${new#"$ROOT"/}"
    fi
    [ -f "$new" ] || bench_usage_error "--compare: no such file '$new'"
    python3 "$BENCH_TOOL" compare "$base" "$new" ${threshold:+--threshold "$threshold"}
}

# The code generation instruction counts belong to (bench/instructions).
bench_instructions_build() {
    local f=$BUILD_DIR/instructions-build.txt
    [ -f "$f" ] || die "bench: $f is missing (build build/ first)"
    cat "$f"
}

bench_instructions() {
    local update=$1 filter=$2
    command -v valgrind >/dev/null 2>&1 || die "bench: --instructions needs valgrind (apt-get install valgrind)"
    build_tree "$BUILD_DIR" 0 keep >&2 || die "bench: building build/ failed"
    local bin=$BUILD_DIR/argolab-instructions build
    build=$(bench_instructions_build)
    if [ "$update" = 1 ]; then
        [ -z "$filter" ] || bench_usage_error "--update-baseline counts every scenario; drop --filter"
        python3 "$BENCH_INSTRUCTIONS_TOOL" update --binary "$bin" --build "$build" --baseline "$BENCH_BASELINE"
    elif [ -n "$filter" ]; then
        python3 "$BENCH_INSTRUCTIONS_TOOL" measure --binary "$bin" --build "$build" --filter "$filter"
    else
        python3 "$BENCH_INSTRUCTIONS_TOOL" check --binary "$bin" --build "$build" --baseline "$BENCH_BASELINE"
    fi
}

# perf stat with hardware counters when the machine has them; perf record
# with the software clock otherwise.
bench_perf() {
    local filter=$1 stamp stat data events status=0
    command -v perf >/dev/null 2>&1 || die "bench: --perf needs perf (apt-get install linux-perf)"
    bench_build || die "bench: building build-bench failed"
    mkdir -p "$BENCH_PERF_DIR"
    stamp=$(date -u +%Y%m%dT%H%M%SZ)-$(bench_git_sha)
    stat=$BENCH_PERF_DIR/$stamp-stat.txt
    data=$BENCH_PERF_DIR/$stamp.data
    events=task-clock,context-switches,page-faults
    if perf stat -e cycles,instructions -x, -- true 2>&1 | grep -qE 'not supported|not counted|<not'; then
        log "bench: perf: this machine exposes no hardware counters (cycles, instructions: not supported; usual in virtual machines): software counters only"
    else
        events+=,cycles,instructions,branches,branch-misses,cache-references,cache-misses
    fi
    log "bench: perf stat -e $events around argolab-bench${filter:+ --benchmark_filter=$filter}"
    perf stat -e "$events" -o "$stat.tmp" -- "$BENCH_BUILD_DIR/argolab-bench" \
        ${filter:+"--benchmark_filter=$filter"} --benchmark_min_time=0.2 || status=$?
    [ "$status" = 0 ] || { rm -f "$stat.tmp"; die "bench: argolab-bench failed under perf stat (exit $status)"; }
    mv "$stat.tmp" "$stat"
    cat "$stat"
    log "bench: perf record (software clock, call graphs) into ${data#"$ROOT"/}"
    perf record -e cpu-clock -g -o "$data.tmp" -- "$BENCH_BUILD_DIR/argolab-bench" \
        ${filter:+"--benchmark_filter=$filter"} --benchmark_min_time=0.2 >/dev/null 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        rm -f "$data.tmp"
        log "bench: perf record failed (exit $status; perf_event_paranoid?): no profile written"
        return 0
    fi
    mv "$data.tmp" "$data"
    perf report -i "$data" --stdio --no-children 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n 25
    log "bench: wrote ${stat#"$ROOT"/} and ${data#"$ROOT"/} (perf report -i ${data#"$ROOT"/})"
}

cmd_bench() {
    local filter="" reps=5 min_time=0.1 mode=run quick=0 threshold="" update=0
    local compare=()
    while [ $# -gt 0 ]; do
        case $1 in
            -h | --help)
                bench_usage
                return 0
                ;;
            --filter | --repetitions | --min-time | --threshold)
                [ $# -ge 2 ] || bench_usage_error "$1 needs a value"
                case $1 in
                    --filter) filter=$2 ;;
                    --repetitions) reps=$2 ;;
                    --min-time) min_time=$2 ;;
                    --threshold) threshold=$2 ;;
                esac
                shift
                ;;
            --quick) quick=1 ;;
            --compare)
                mode=compare
                [ $# -ge 2 ] && [[ $2 != --* ]] || bench_usage_error "--compare needs BASE.json"
                compare+=("$2")
                shift
                if [ $# -ge 2 ] && [[ $2 != --* ]]; then
                    compare+=("$2")
                    shift
                fi
                ;;
            --instructions) mode=instructions ;;
            --update-baseline) update=1 ;;
            --perf) mode=perf ;;
            *) bench_usage_error "unknown option '$1'" ;;
        esac
        shift
    done
    [[ $reps =~ ^[1-9][0-9]*$ ]] || bench_usage_error "bad --repetitions '$reps': a whole number, 1 or more"
    [[ $min_time =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] && [ "$min_time" != 0 ] ||
        bench_usage_error "bad --min-time '$min_time': seconds, e.g. 0.1"
    if [ -n "$threshold" ]; then
        [ "$mode" = compare ] || bench_usage_error "--threshold goes with --compare"
        [[ $threshold =~ ^[0-9]+\.?[0-9]*$ ]] || bench_usage_error "bad --threshold '$threshold': a percentage, e.g. 5"
    fi
    [ "$update" = 0 ] || [ "$mode" = instructions ] || bench_usage_error "--update-baseline goes with --instructions"
    if [ -n "$filter" ]; then
        # grep exits 1 for no match and 2 for a bad expression.
        local grep_status=0
        printf '' | grep -E -- "$filter" >/dev/null 2>&1 || grep_status=$?
        [ "$grep_status" -le 1 ] || bench_usage_error "bad --filter '$filter': not an extended regular expression"
    fi
    if [ "$quick" = 1 ]; then
        [ "$mode" = run ] || bench_usage_error "--quick goes with a benchmark run"
        [ -z "$filter" ] || bench_usage_error "--quick has its own filter; drop --filter"
        filter=$BENCH_QUICK_FILTER
        reps=3
    fi

    ensure_packages
    case $mode in
        run) bench_run "$filter" "$reps" "$min_time" ;;
        compare) bench_compare "${compare[0]}" "${compare[1]:-}" "$threshold" ;;
        instructions) bench_instructions "$update" "$filter" ;;
        perf) bench_perf "$filter" ;;
    esac
}

cmd_report() {
    local runs=$BENCH_RUNS_DIR out=$BENCH_LATEST_DIR
    while [ $# -gt 0 ]; do
        case $1 in
            -h | --help)
                bench_usage
                return 0
                ;;
            --runs | --out)
                [ $# -ge 2 ] || bench_usage_error "$1 needs a directory"
                case $1 in
                    --runs) runs=$2 ;;
                    --out) out=$2 ;;
                esac
                shift
                ;;
            *) bench_usage_error "report: unknown option '$1'" ;;
        esac
        shift
    done
    [ -d "$runs" ] && compgen -G "$runs/*.json" >/dev/null ||
        die "report: no runs in ${runs#"$ROOT"/} (run scripts/argolab bench first)"
    python3 "$BENCH_TOOL" report --runs "$runs" --out "$out"
}
