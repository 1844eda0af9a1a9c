# SPDX-License-Identifier: MIT
# Description: `argolab fuzz` — fuzzing campaigns with libFuzzer and AFL++:
# builds, runs with a live status line, merges new inputs into corpus/,
# triages crashes into tests/regressions/ and logs every run.
#
# Sourced by scripts/argolab, which provides ROOT, BUILD_DIR, SAN_BUILD_DIR,
# FUZZ_BUILD_DIR, ARGOLAB_CACHE, JOBS, log, die, cache_value and build_tree;
# the entry point here is cmd_fuzz. Nothing is written into the repository
# while a fuzzer runs: working corpora, logs and raw artifacts live in
# $ARGOLAB_CACHE/fuzz/<target>/<engine>/. Afterwards the merge adds to
# corpus/<target>/, triage to tests/regressions/<target>/ and
# reports/fuzz/crashes.md, and every run appends a line to
# reports/fuzz/runs.tsv. See docs/fuzzing.md.
#
# corpus/<target>/ is only ever added to: merging copies in what the
# committed corpus lacks and removes nothing, so the seeds made from the
# golden traces (golden-*, `fuzz --seeds`, scripts/lib/seeds.sh) stay
# however little coverage a minimisation would credit them with.

# shellcheck shell=bash disable=SC2153 # JOBS, ROOT, ... come from scripts/argolab

FUZZ_AFL_BUILD_DIR=$ROOT/build-afl
FUZZ_AFLCMPLOG_BUILD_DIR=$ROOT/build-afl-cmplog
FUZZ_MSAN_BUILD_DIR=$ROOT/build-fuzz-msan
FUZZ_ENGINES=(libfuzzer afl libfuzzer-msan)
FUZZ_REPORTS=$ROOT/reports/fuzz
FUZZ_REGRESSIONS=$ROOT/tests/regressions
# Targets whose input decodes to an operation trace (--print-trace works).
FUZZ_TRACE_TARGETS=" fuzz_ops fuzz_diff "
# Seconds one input may run before it counts as a hang (libFuzzer -timeout,
# and the limit when triage replays a hang).
FUZZ_TIMEOUT=${ARGOLAB_FUZZ_TIMEOUT:-10}

fuzz_usage() {
    cat <<'EOF'
usage: scripts/argolab fuzz TARGET|all [--engine ENGINE] [--time DURATION] [--jobs N]
       scripts/argolab fuzz --continuous [--engine ENGINE] [--time DURATION] [--jobs N]
       scripts/argolab fuzz TARGET --triage [--engine ENGINE] FILE|DIR...
       scripts/argolab fuzz --coverage [TARGET...]
       scripts/argolab fuzz --seeds

  TARGET             a fuzz target (fuzz/TARGET.c with seeds in corpus/TARGET/),
                     or all: every target, one after the other
  --engine ENGINE    libfuzzer (default; ASan+UBSan, build-fuzz/), afl (AFL++,
                     build-afl/, CMPLOG from build-afl-cmplog/) or
                     libfuzzer-msan (MemorySanitizer, build-fuzz-msan/)
  --time DURATION    how long per target: 90s, 10m, 1h, 1h30m or plain seconds
                     (default 10m)
  --jobs N           parallel fuzzing processes per target (default 1): libFuzzer
                     -fork=N; AFL++ one -M main and N-1 -S secondaries
  --continuous       every target in turn, alternating engines (libfuzzer and,
                     when installed, afl; or only --engine), each for --time,
                     until SIGINT/SIGTERM; the run in progress is stopped, merged
                     and triaged, then exit 0
  --triage           reproduce, deduplicate, minimise and save crash inputs
                     found elsewhere (FILEs, or every file of DIRs)
  --coverage         coverage report of the committed corpora in
                     reports/coverage/ (scripts/lib/coverage.sh)
  --seeds            regenerate corpus/TARGET/golden-* from tests/traces/ and
                     tests/findings/: the text for fuzz_trace, the binary form
                     (argolab-replay --to-bytes) for fuzz_ops, fuzz_invariants
                     and fuzz_diff (scripts/lib/seeds.sh)

Builds what is missing first. Working state lives in
${ARGOLAB_CACHE:-~/.cache/argolab}/fuzz/TARGET/ENGINE/. After each run, new
inputs are merged (minimised) into corpus/TARGET/, reproducible crashes are
saved under tests/regressions/TARGET/ and listed in reports/fuzz/crashes.md,
and a line is appended to reports/fuzz/runs.tsv. Merging only adds to
corpus/TARGET/: the golden-* seeds are never removed.
EOF
}

# Bad usage: the message, what is valid, exit 2.
fuzz_usage_error() {
    printf 'argolab: fuzz: %s\n' "$1" >&2
    if [ -n "${2:-}" ]; then
        printf 'argolab: fuzz: %s\n' "$2" >&2
    fi
    printf "argolab: fuzz: see 'scripts/argolab fuzz --help'\n" >&2
    exit 2
}

# --- small helpers ------------------------------------------------------------

# Seconds in a duration: 90, 90s, 10m, 1h, 1h30m, 2m30s.
fuzz_parse_time() {
    local s=$1 total=0 n
    if [[ $s =~ ^[0-9]+$ ]]; then
        printf '%d\n' "$((10#$s))"
        return 0
    fi
    [[ $s =~ ^([0-9]+h)?([0-9]+m)?([0-9]+s)?$ ]] && [ -n "$s" ] || return 1
    for n in "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"; do
        case $n in
            *h) total=$((total + 3600 * 10#${n%h})) ;;
            *m) total=$((total + 60 * 10#${n%m})) ;;
            *s) total=$((total + 10#${n%s})) ;;
        esac
    done
    printf '%d\n' "$total"
}

# 75 -> 1:15, 3725 -> 1:02:05.
fuzz_fmt_secs() {
    local s=$1
    if [ "$s" -ge 3600 ]; then
        printf '%d:%02d:%02d' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
    else
        printf '%d:%02d' $((s / 60)) $((s % 60))
    fi
}

# 123456 -> 123k, 1234567 -> 1.2M.
fuzz_fmt_num() {
    awk -v n="$1" 'BEGIN {
        if (n !~ /^[0-9.]+$/) { print "-"; exit }
        if (n >= 1e6) printf "%.1fM\n", n / 1e6
        else if (n >= 1e4) printf "%.0fk\n", n / 1e3
        else printf "%.0f\n", n }'
}

fuzz_count_files() {
    local dir=$1
    if [ -d "$dir" ]; then
        find "$dir" -maxdepth 1 -type f ! -name '.*' | wc -l
    else
        echo 0
    fi
}

fuzz_sha1() {
    sha1sum "$1" | cut -d' ' -f1
}

# Valid targets: fuzz/<t>.c with a corpus/<t>/ directory.
fuzz_all_targets() {
    local src t
    for src in "$ROOT"/fuzz/*.c; do
        [ -f "$src" ] || continue
        t=$(basename "$src" .c)
        [ -d "$ROOT/corpus/$t" ] && printf '%s\n' "$t"
    done
}

fuzz_have_afl() {
    command -v afl-fuzz >/dev/null 2>&1 && command -v afl-clang-fast >/dev/null 2>&1
}

# --- building -----------------------------------------------------------------

# AFL++'s compiler: afl-clang-lto when it links a program here (collision-
# free edge IDs, automatic dictionary), else afl-clang-fast.
fuzz_afl_cc() {
    if [ -n "${ARGOLAB_AFL_CC:-}" ]; then
        printf '%s\n' "$ARGOLAB_AFL_CC"
        return
    fi
    local tmp
    tmp=$(mktemp -d)
    printf 'int main(void) { return 0; }\n' >"$tmp/probe.c"
    if command -v afl-clang-lto >/dev/null 2>&1 &&
        AFL_QUIET=1 afl-clang-lto -o "$tmp/probe" "$tmp/probe.c" >/dev/null 2>&1 &&
        "$tmp/probe"; then
        echo afl-clang-lto
    else
        echo afl-clang-fast
    fi
    rm -rf "$tmp"
}

# fuzz_build_engine_dir DIR ENGINE SANITIZE CC [WERROR]: configure DIR for a
# fuzzing engine when it is new or its options differ, then build it. CC
# (empty: AFL++'s best compiler) counts only when DIR is first configured;
# WERROR is ON, OFF or keep (the default: the directory's setting, else OFF).
fuzz_build_engine_dir() {
    local dir=$1 engine=$2 san=$3 cc=$4 werror=${5:-keep}
    local cache=$dir/CMakeCache.txt gen cc_arg=()
    if [ "$werror" = keep ]; then
        werror=$(cache_value "$cache" ARGOLAB_WERROR)
        werror=${werror:-OFF}
    fi
    if [ ! -f "$cache" ] ||
        { [ ! -f "$dir/build.ninja" ] && [ ! -f "$dir/Makefile" ]; } ||
        [ "$(cache_value "$cache" ARGOLAB_FUZZ_ENGINE)" != "$engine" ] ||
        [ "$(cache_value "$cache" ARGOLAB_FUZZ_SANITIZE)" != "$san" ] ||
        [ "$(cache_value "$cache" ARGOLAB_WERROR)" != "$werror" ]; then
        gen=$(cache_value "$cache" CMAKE_GENERATOR)
        if [ -z "$gen" ]; then
            if command -v ninja >/dev/null 2>&1; then
                gen=Ninja
            else
                gen="Unix Makefiles"
            fi
        fi
        # The compiler is fixed when a directory is first configured.
        if [ -z "$(cache_value "$cache" CMAKE_C_COMPILER)" ]; then
            [ -n "$cc" ] || cc=$(fuzz_afl_cc)
            cc_arg=(-DCMAKE_C_COMPILER="$cc")
        fi
        log "fuzz: configuring ${dir#"$ROOT"/} ($gen, engine=$engine, sanitize=${san:-default}${cc:+, $cc})"
        cmake -S "$ROOT" -B "$dir" -G "$gen" "${cc_arg[@]}" \
            -DARGOLAB_FUZZ=OFF -DARGOLAB_FUZZ_ENGINE="$engine" \
            -DARGOLAB_FUZZ_SANITIZE="$san" -DARGOLAB_SANITIZE=OFF \
            -DARGOLAB_WERROR="$werror" >&2 || return
    fi
    log "fuzz: building ${dir#"$ROOT"/} with $JOBS jobs"
    cmake --build "$dir" -j "$JOBS" >&2 || return
}

# Build what ENGINE needs, and the plain (build/) and, when configured,
# sanitizer (build-san/) trees that triage replays with. Idempotent.
fuzz_build() {
    local engine=$1
    build_tree "$BUILD_DIR" 0 keep >&2 || die "fuzz: building ${BUILD_DIR#"$ROOT"/} failed"
    if [ -f "$SAN_BUILD_DIR/CMakeCache.txt" ]; then
        build_tree "$SAN_BUILD_DIR" 1 keep >&2 ||
            log "fuzz: building ${SAN_BUILD_DIR#"$ROOT"/} failed; triage goes without it"
    fi
    case $engine in
        libfuzzer)
            build_tree "$FUZZ_BUILD_DIR" fuzz keep >&2 ||
                die "fuzz: building ${FUZZ_BUILD_DIR#"$ROOT"/} failed"
            ;;
        libfuzzer-msan)
            fuzz_build_engine_dir "$FUZZ_MSAN_BUILD_DIR" libfuzzer memory clang ||
                die "fuzz: building ${FUZZ_MSAN_BUILD_DIR#"$ROOT"/} failed"
            ;;
        afl)
            fuzz_have_afl ||
                die "fuzz: --engine afl needs AFL++ (afl-fuzz, afl-clang-fast): apt-get install afl++"
            fuzz_build_engine_dir "$FUZZ_AFL_BUILD_DIR" afl "" "" ||
                die "fuzz: building ${FUZZ_AFL_BUILD_DIR#"$ROOT"/} failed"
            fuzz_build_engine_dir "$FUZZ_AFLCMPLOG_BUILD_DIR" aflcmplog "" "" ||
                log "fuzz: building ${FUZZ_AFLCMPLOG_BUILD_DIR#"$ROOT"/} failed; fuzzing without CMPLOG"
            ;;
    esac
    # Triage minimises crashes and signs hangs with the libFuzzer build.
    if [ "$engine" != libfuzzer ]; then
        build_tree "$FUZZ_BUILD_DIR" fuzz keep >&2 ||
            log "fuzz: building ${FUZZ_BUILD_DIR#"$ROOT"/} failed; triage minimises with afl-tmin"
    fi
}

fuzz_engine_dir() {
    case $1 in
        libfuzzer) printf '%s\n' "$FUZZ_BUILD_DIR" ;;
        libfuzzer-msan) printf '%s\n' "$FUZZ_MSAN_BUILD_DIR" ;;
        afl) printf '%s\n' "$FUZZ_AFL_BUILD_DIR" ;;
    esac
}

fuzz_engine_sanitizer() {
    case $1 in
        libfuzzer) echo address,undefined ;;
        libfuzzer-msan) echo memory ;;
        afl) echo none ;;
    esac
}

# --- stopping -----------------------------------------------------------------

FUZZ_STOP=0
FUZZ_PIDS=()

# SIGINT/SIGTERM while fuzzing: stop the fuzzers (each leads its own process
# group) and let the caller merge and triage. While merging and triaging,
# SIGINT is ignored (so a terminal's Ctrl-C cannot kill a helper half-way)
# and a second SIGTERM stops them too, leaving the rest to the next run.
FUZZ_PHASE=fuzzing
fuzz_on_signal() {
    FUZZ_STOP=$((FUZZ_STOP + 1))
    if [ "$FUZZ_STOP" -ge 2 ]; then
        log "fuzz: stopping now; what is not merged or triaged yet will be at the next run"
        fuzz_kill_all TERM
    elif [ "$FUZZ_PHASE" = fuzzing ]; then
        printf '\n' >&2
        log "fuzz: stopping; merging and triaging what was found (SIGTERM again to leave that to the next run)"
        fuzz_kill_all TERM
    else
        log "fuzz: stopping once this merge and triage are done (SIGTERM again to leave them to the next run)"
    fi
}

# Signal handling while fuzzers run, and while their results are handled.
fuzz_traps_fuzzing() {
    FUZZ_PHASE=fuzzing
    trap fuzz_on_signal INT TERM
}
fuzz_traps_finishing() {
    FUZZ_PHASE=finishing
    trap '' INT
    trap fuzz_on_signal TERM
}

fuzz_kill_all() {
    local pid
    for pid in "${FUZZ_PIDS[@]}"; do
        kill -"$1" -- "-$pid" 2>/dev/null || true
    done
}

fuzz_any_alive() {
    local pid
    for pid in "${FUZZ_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            return 0
        fi
    done
    return 1
}

# Sleep that a trapped signal cuts short.
fuzz_sleep() {
    sleep "$1" &
    wait $! 2>/dev/null || true
}

# Run "$@" in its own session (so a terminal's Ctrl-C reaches only us) in
# directory $FUZZ_CWD with output to $FUZZ_LOG; its pid (= process group)
# is appended to FUZZ_PIDS.
fuzz_spawn() {
    (cd "$FUZZ_CWD" && exec setsid "$@" >"$FUZZ_LOG" 2>&1 </dev/null) &
    FUZZ_PIDS+=("$!")
}

# A helper (merge, minimise) in its own session, waited for; its status is
# returned. A second stop signal ends it.
fuzz_run_shielded() {
    local status pid
    FUZZ_PIDS=()
    [ "$FUZZ_STOP" -lt 2 ] || return 1
    fuzz_spawn "$@"
    pid=${FUZZ_PIDS[0]}
    while :; do
        status=0
        wait "$pid" 2>/dev/null || status=$?
        if [ "$status" -gt 128 ] && kill -0 "$pid" 2>/dev/null; then
            # wait was cut short by a trapped signal
            [ "$FUZZ_STOP" -lt 2 ] || kill -TERM -- "-$pid" 2>/dev/null || true
            continue
        fi
        break
    done
    FUZZ_PIDS=()
    return "$status"
}

# --- status ---------------------------------------------------------------------

# Globals a stats reader fills: execs, execs/s, coverage, corpus, crashes.
FZ_EXECS=0 FZ_EPS=- FZ_COV=- FZ_COV_TEXT=- FZ_CORPUS=- FZ_CRASHES=0

fuzz_stats_libfuzzer() {
    local work=$1 line
    line=$(grep -a '^#[0-9]*: cov:' "$work/logs/fuzz.log" 2>/dev/null | tail -n 1 || true)
    if [ -n "$line" ]; then
        read -r FZ_EXECS FZ_COV FZ_CORPUS FZ_EPS < <(awk '{
            n = substr($1, 2); sub(/:$/, "", n)
            for (i = 2; i < NF; i++) {
                if ($i == "cov:") c = $(i + 1)
                if ($i == "corp:") k = $(i + 1)
                if ($i == "exec/s") e = $(i + 1)
            }
            print n, c, k, e }' <<<"$line")
        FZ_COV_TEXT="cov $FZ_COV"
    fi
    FZ_CRASHES=$(find "$work/artifacts" -maxdepth 1 -type f \
        \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null | wc -l)
}

# AFL++ writes fuzzer_stats once a minute and plot_data every 5 s after the
# first minute: take the newer of the two for each instance.
fuzz_stats_afl() {
    local out=$1/out inst execs=0 eps=0 edges=-1 cvg="" corpus=0 have=0 vals
    for inst in "$out"/*/; do
        [ -f "$inst/fuzzer_stats" ] || continue
        local files=("$inst/fuzzer_stats")
        [ ! -f "$inst/plot_data" ] || files+=("$inst/plot_data")
        vals=$(awk -F': *' '
            FILENAME ~ /fuzzer_stats$/ {
                gsub(/ +$/, "", $1)
                s[$1] = $2
                next
            }
            /^#/ { next }
            { split($0, p, /, */); last = 1 }
            END {
                t = s["run_time"] + 0; x = s["execs_done"]; e = s["execs_per_sec"]
                g = s["edges_found"]; c = s["bitmap_cvg"]; k = s["corpus_count"]
                # plot_data: relative_time, cycles_done, cur_item, corpus_count,
                # pending_total, pending_favs, map_size, saved_crashes,
                # saved_hangs, max_depth, execs_per_sec, total_execs, edges_found
                if (last && p[1] + 0 >= t) {
                    t = p[1] + 0; x = p[12]; e = p[11]; g = p[13]
                    c = p[7]; k = p[4]
                }
                if (t <= 0) e = "-"
                print x + 0, e, g + 0, c, k + 0 }' \
            "${files[@]}" 2>/dev/null || true)
        [ -n "$vals" ] || continue
        local x e g c k
        read -r x e g c k <<<"$vals"
        have=1
        execs=$((execs + x))
        if [ "$e" != - ] && [ "$eps" != - ]; then
            eps=$(awk -v a="$eps" -v b="$e" 'BEGIN { printf "%.0f", a + b }')
        else
            eps=-
        fi
        if [ "$g" -gt "$edges" ]; then
            edges=$g
            cvg=$c
        fi
        [ "$k" -gt "$corpus" ] && corpus=$k
    done
    if [ "$have" = 1 ]; then
        FZ_EXECS=$execs FZ_EPS=$eps FZ_COV=$edges FZ_CORPUS=$corpus
        FZ_COV_TEXT="edges $edges${cvg:+ ($cvg)}"
    fi
    FZ_CRASHES=$(find "$out" -mindepth 3 -maxdepth 3 -type f -name 'id:*' \
        \( -path '*/crashes/*' -o -path '*/hangs/*' \) 2>/dev/null | wc -l)
}

# The status line: one line rewritten in place on a terminal, a line every
# ARGOLAB_FUZZ_STATUS_EVERY (30) seconds otherwise.
fuzz_status_line() {
    local target=$1 engine=$2 jobs=$3 start=$4 secs=$5 final=${6:-0}
    local now elapsed left text
    now=$EPOCHSECONDS
    elapsed=$((now - start))
    left=$((secs - elapsed))
    [ "$left" -ge 0 ] || left=0
    text=$(printf '%s %s x%s  %s/%s (%s left)  %s exec/s  %s  corpus %s  crashes %s' \
        "$target" "$engine" "$jobs" "$(fuzz_fmt_secs "$elapsed")" "$(fuzz_fmt_secs "$secs")" \
        "$(fuzz_fmt_secs "$left")" "$(fuzz_fmt_num "$FZ_EPS")" "$FZ_COV_TEXT" \
        "$FZ_CORPUS" "$FZ_CRASHES")
    if [ -t 1 ]; then
        printf '\r%s\033[K' "$text"
        [ "$final" = 0 ] || printf '\n'
    else
        printf '%s\n' "$text"
    fi
}

# Wait for the fuzzers in FUZZ_PIDS, showing status, stopping them at the
# deadline plus a grace period (the engines stop themselves first).
fuzz_watch() {
    local target=$1 engine=$2 jobs=$3 work=$4 start=$5 secs=$6
    local every last=0 now grace=$((60 + secs / 20)) stopped=0
    if [ -t 1 ]; then
        every=${ARGOLAB_FUZZ_STATUS_EVERY:-3}
    else
        every=${ARGOLAB_FUZZ_STATUS_EVERY:-30}
    fi
    while fuzz_any_alive; do
        now=$EPOCHSECONDS
        if [ "$stopped" = 0 ] && [ $((now - start)) -gt $((secs + grace)) ]; then
            log "fuzz: $target $engine still running ${grace}s after its time; stopping it"
            fuzz_kill_all TERM
            stopped=$now
        elif [ "$stopped" != 0 ] && [ $((now - stopped)) -gt 30 ]; then
            fuzz_kill_all KILL
        fi
        if [ $((now - last)) -ge "$every" ]; then
            # A helper killed by a terminal's Ctrl-C must not end the script.
            "fuzz_stats_${engine%-msan}" "$work" || true
            fuzz_status_line "$target" "$engine" "$jobs" "$start" "$secs" || true
            last=$now
        fi
        fuzz_sleep 1
    done
    "fuzz_stats_${engine%-msan}" "$work" || true
    fuzz_status_line "$target" "$engine" "$jobs" "$start" "$secs" 1 || true
    # What the leaders left behind in their groups (a stopped persistent-mode
    # child of AFL++'s CMPLOG fork server, say).
    fuzz_kill_all KILL
    FUZZ_PIDS=()
}

# --- running --------------------------------------------------------------------

# fuzz_run_libfuzzer TARGET ENGINE JOBS SECS WORK: -fork=JOBS, which keeps
# going after crashes, timeouts and OOMs (each saved in WORK/artifacts/).
fuzz_run_libfuzzer() {
    local target=$1 engine=$2 jobs=$3 secs=$4 work=$5
    local bin dict=$ROOT/fuzz/$target.dict start args
    bin=$(fuzz_engine_dir "$engine")/fuzz/$target
    mkdir -p "$work/corpus" "$work/artifacts" "$work/logs"
    args=(-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
        -max_total_time="$secs" -timeout="$FUZZ_TIMEOUT" -print_final_stats=1
        -artifact_prefix="$work/artifacts/")
    if [ -f "$dict" ]; then
        args+=(-dict="$dict")
    fi
    start=$EPOCHSECONDS
    FUZZ_CWD=$work FUZZ_LOG=$work/logs/fuzz.log
    fuzz_spawn "$bin" "${args[@]}" "$work/corpus" "$ROOT/corpus/$target"
    fuzz_watch "$target" "$engine" "$jobs" "$work" "$start" "$secs"
    FZ_SECONDS=$((EPOCHSECONDS - start))
    if ! grep -aq '^#[0-9]*: cov:\|^INFO: -fork=' "$work/logs/fuzz.log"; then
        log "fuzz: $target: libFuzzer did not start; the end of $work/logs/fuzz.log:"
        tail -n 15 "$work/logs/fuzz.log" >&2 || true
        return 1
    fi
}

# fuzz_run_afl TARGET JOBS SECS WORK: afl-fuzz -M main and JOBS-1 -S
# secondaries, the first secondary (the main one when alone) with CMPLOG.
fuzz_run_afl() {
    local target=$1 jobs=$2 secs=$3 work=$4
    local bin=$FUZZ_AFL_BUILD_DIR/fuzz/$target cmplog=$FUZZ_AFLCMPLOG_BUILD_DIR/fuzz/$target
    local dict=$ROOT/fuzz/$target.dict start i name args cmplog_at=1
    local schedules=(explore coe rare exploit)
    [ "$jobs" -gt 1 ] || cmplog_at=0
    [ -x "$cmplog" ] || cmplog_at=-1
    rm -rf "$work/out"
    mkdir -p "$work/out" "$work/logs"
    local env=(env -u ASAN_OPTIONS -u UBSAN_OPTIONS -u MSAN_OPTIONS
        AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
        AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1)
    # No CPU pinning unless asked for: a core pinned by anything else
    # (another campaign) would make afl-fuzz refuse to start.
    if [ "${ARGOLAB_AFL_AFFINITY:-0}" = 0 ]; then
        env+=(AFL_NO_AFFINITY=1)
    fi
    start=$EPOCHSECONDS
    for ((i = 0; i < jobs; i++)); do
        if [ "$i" = 0 ]; then
            name=main
            args=(-M main)
        else
            name=sec$i
            args=(-S "$name")
            if [ "$i" -ge 2 ]; then
                args+=(-p "${schedules[$(((i - 2) % ${#schedules[@]}))]}")
            fi
        fi
        args+=(-i "$ROOT/corpus/$target" -o "$work/out" -V "$secs")
        if [ -f "$dict" ]; then
            args+=(-x "$dict")
        fi
        if [ "$i" = "$cmplog_at" ]; then
            args+=(-c "$cmplog")
        fi
        FUZZ_CWD=$work FUZZ_LOG=$work/logs/$name.log
        fuzz_spawn "${env[@]}" afl-fuzz "${args[@]}" -- "$bin"
    done
    fuzz_watch "$target" afl "$jobs" "$work" "$start" "$secs"
    FZ_SECONDS=$((EPOCHSECONDS - start))
    # AFL++ 4.04c leaves the stopped persistent-mode child of its CMPLOG
    # fork server behind (in a session of its own).
    fuzz_reap_strays "$cmplog" "$work"
    fuzz_reap_strays "$bin" "$work"
    if [ ! -f "$work/out/main/fuzzer_stats" ]; then
        log "fuzz: $target: afl-fuzz did not start; the end of $work/logs/main.log:"
        tail -n 15 "$work/logs/main.log" >&2 || true
        return 1
    fi
}

# Kill what still runs BIN in directory DIR: only this run's leftovers.
fuzz_reap_strays() {
    local bin proc
    bin=$(readlink -f "$1" 2>/dev/null) || return 0
    for proc in /proc/[0-9]*; do
        if [ "$(readlink "$proc/exe" 2>/dev/null)" = "$bin" ] &&
            [ "$(readlink "$proc/cwd" 2>/dev/null)" = "$2" ]; then
            kill -KILL "${proc#/proc/}" 2>/dev/null || true
        fi
    done
}

# --- merging ----------------------------------------------------------------------

# Copy each file of DIR whose content is not yet in corpus/TARGET into it,
# named by its SHA-1 as libFuzzer names corpus files; FZ_ADDED says how many.
# The only way a merge changes corpus/: it adds, never removes or renames, so
# golden-* seeds survive however a minimisation ranks them.
fuzz_add_to_corpus() {
    local target=$1 dir=$2 corpus=$ROOT/corpus/$1 f sha
    local -A have=()
    FZ_ADDED=0
    for f in "$corpus"/*; do
        [ -f "$f" ] && have[$(fuzz_sha1 "$f")]=1
    done
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        sha=$(fuzz_sha1 "$f")
        if [ -z "${have[$sha]:-}" ]; then
            install -m 0644 "$f" "$corpus/$sha"
            have[$sha]=1
            FZ_ADDED=$((FZ_ADDED + 1))
        fi
    done
}

# libFuzzer: -merge=1 of the working corpus into a copy of the seeds keeps
# only inputs with coverage the seeds lack; those are added (FZ_ADDED). The
# copy holds every seed, golden-* included, so their coverage counts as had.
fuzz_merge_libfuzzer() {
    local target=$1 engine=$2 work=$3 bin tmp
    bin=$(fuzz_engine_dir "$engine")/fuzz/$target
    FZ_ADDED=0
    [ "$(fuzz_count_files "$work/corpus")" -gt 0 ] || return 0
    tmp=$work/merge
    rm -rf "$tmp"
    mkdir -p "$tmp/into"
    cp "$ROOT/corpus/$target"/* "$tmp/into/" 2>/dev/null || true
    FUZZ_CWD=$tmp FUZZ_LOG=$work/logs/merge.log
    if ! fuzz_run_shielded "$bin" -merge=1 -timeout="$FUZZ_TIMEOUT" \
        -merge_control_file="$tmp/control" "$tmp/into" "$work/corpus"; then
        log "fuzz: $target: merge failed or was stopped; $work/corpus is kept for the next run (log: $work/logs/merge.log)"
        return 0
    fi
    fuzz_add_to_corpus "$target" "$tmp/into"
    rm -rf "$tmp"
}

# AFL++: afl-cmin over the seeds and every instance's queue; of what it keeps
# beyond the seeds, only inputs that reach an edge no seed reaches
# (afl-showmap) are added (FZ_ADDED). Seeds afl-cmin drops (golden-* among
# them) are dropped from its output only, never from corpus/. Edges, not AFL's hit-count buckets: a
# bucket-level merge adds about a hundred inputs per minute to corpus/.
fuzz_merge_afl() {
    local target=$1 work=$2 bin tmp f sha n=0 keep
    local -A seen=()
    bin=$FUZZ_AFL_BUILD_DIR/fuzz/$target
    FZ_ADDED=0
    tmp=$work/merge
    rm -rf "$tmp"
    mkdir -p "$tmp/pool" "$tmp/seeds" "$tmp/new" "$tmp/maps-seeds" "$tmp/maps-new" "$tmp/keep"
    for f in "$ROOT/corpus/$target"/*; do
        [ -f "$f" ] || continue
        sha=$(fuzz_sha1 "$f")
        seen[$sha]=seed
        cp "$f" "$tmp/pool/$sha"
        cp "$f" "$tmp/seeds/$sha"
    done
    for f in "$work"/out/*/queue/id:*; do
        [ -f "$f" ] || continue
        sha=$(fuzz_sha1 "$f")
        [ -z "${seen[$sha]:-}" ] || continue
        seen[$sha]=new
        cp "$f" "$tmp/pool/$sha"
        n=$((n + 1))
    done
    if [ "$n" = 0 ]; then
        rm -rf "$tmp"
        return 0
    fi
    local env=(env -u ASAN_OPTIONS -u UBSAN_OPTIONS -u MSAN_OPTIONS AFL_ALLOW_TMP=1 AFL_NO_UI=1)
    FUZZ_CWD=$tmp FUZZ_LOG=$work/logs/merge.log
    if ! fuzz_run_shielded "${env[@]}" afl-cmin -e -i "$tmp/pool" -o "$tmp/min" -- "$bin"; then
        log "fuzz: $target: afl-cmin failed or was stopped (log: $work/logs/merge.log)"
        return 0
    fi
    for f in "$tmp/min"/*; do
        [ -f "$f" ] || continue
        sha=$(fuzz_sha1 "$f")
        if [ "${seen[$sha]:-}" = new ]; then
            cp "$f" "$tmp/new/$sha"
        fi
    done
    if [ "$(fuzz_count_files "$tmp/new")" -gt 0 ]; then
        FUZZ_LOG=$work/logs/showmap-seeds.log
        fuzz_run_shielded "${env[@]}" afl-showmap -q -e -i "$tmp/seeds" -o "$tmp/maps-seeds" -- "$bin" || true
        FUZZ_LOG=$work/logs/showmap-new.log
        fuzz_run_shielded "${env[@]}" afl-showmap -q -e -i "$tmp/new" -o "$tmp/maps-new" -- "$bin" || true
        # Smallest first; what an input keeps counts as covered for the next.
        # shellcheck disable=SC2012 # the names are SHA-1s
        keep=$(cd "$tmp/new" && ls -S -r | awk -v seeds="$tmp/maps-seeds" -v maps="$tmp/maps-new" '
            BEGIN {
                cmd = "cat " seeds "/* 2>/dev/null"
                while ((cmd | getline t) > 0) have[t] = 1
                close(cmd)
            }
            {
                f = maps "/" $0; fresh = 0; n = 0
                while ((getline t < f) > 0) { tup[++n] = t; if (!(t in have)) fresh = 1 }
                close(f)
                if (fresh) { print $0; for (i = 1; i <= n; i++) have[tup[i]] = 1 }
            }')
        for f in $keep; do
            cp "$tmp/new/$f" "$tmp/keep/$f"
        done
    fi
    fuzz_add_to_corpus "$target" "$tmp/keep"
    rm -rf "$tmp"
}

# --- triage -----------------------------------------------------------------------

# Sanitizer settings for replaying crashes (a symbolised stack for aborts
# too), as an env(1) command prefix: FUZZ_TRIAGE_ENV.
fuzz_triage_env() {
    FUZZ_TRIAGE_ENV=(env ASAN_OPTIONS=handle_abort=1:detect_leaks=1:symbolize=1:abort_on_error=0
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:symbolize=1
        MSAN_OPTIONS=handle_abort=1:symbolize=1)
    # Function names and lines need llvm-symbolizer (Debian: llvm-14).
    local sym="" cand
    if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
        for cand in llvm-symbolizer llvm-symbolizer-14 /usr/lib/llvm-*/bin/llvm-symbolizer; do
            if command -v "$cand" >/dev/null 2>&1; then
                sym=$(command -v "$cand")
                break
            fi
        done
        if [ -n "$sym" ]; then
            FUZZ_TRIAGE_ENV+=(ASAN_SYMBOLIZER_PATH="$sym" MSAN_SYMBOLIZER_PATH="$sym")
        elif [ -z "${FUZZ_WARNED_SYMBOLIZER:-}" ]; then
            FUZZ_WARNED_SYMBOLIZER=1
            log "fuzz: triage: no llvm-symbolizer (apt-get install llvm-14): stacks without function names; signatures fall back to the target's message"
        fi
    fi
}

# fuzz_try KIND BIN FILE OUT: run FILE once through BIN (KIND replay: a
# replay driver; libfuzzer: a libFuzzer binary) with its output in OUT;
# prints crash, hang, none or error.
fuzz_try() {
    local kind=$1 bin=$2 file=$3 out=$4 status=0
    [ -x "$bin" ] || { echo error; return; }
    if [ "$kind" = libfuzzer ]; then
        "${FUZZ_TRIAGE_ENV[@]}" timeout -k 5 $((FUZZ_TIMEOUT * 2 + 30)) "$bin" \
            -timeout="$FUZZ_TIMEOUT" "$file" >"$out" 2>&1 </dev/null || status=$?
        if grep -aq 'ERROR: libFuzzer: timeout' "$out"; then
            echo hang
            return
        fi
    else
        "${FUZZ_TRIAGE_ENV[@]}" timeout -k 5 "$FUZZ_TIMEOUT" "$bin" "$file" \
            >"$out" 2>&1 </dev/null || status=$?
        case $status in
            124 | 137) echo hang; return ;;
            2) echo error; return ;;
        esac
    fi
    if [ "$status" = 0 ]; then
        echo none
    else
        echo crash
    fi
}

# The kind of failure OUT reports: heap-buffer-overflow, SEGV, abort, leak,
# use-of-uninitialized-value, "ubsan <check>", ...; DEFAULT when none shows.
fuzz_failure_kind() {
    local out=$1 default=$2 k
    k=$(grep -aoE 'runtime error: [a-z -]+' "$out" | head -n 1 | sed 's/runtime error: /ubsan /; s/ *$//' || true)
    if [ -z "$k" ]; then
        k=$(grep -aoE 'ERROR: (AddressSanitizer|MemorySanitizer|LeakSanitizer|libFuzzer): [A-Za-z_-]+( [a-z-]+)?' "$out" |
            head -n 1 | sed -E 's/^ERROR: [A-Za-z]+: //; s/ (on|after)$//; s/ (unknown|address)$//' || true)
    fi
    case $k in
        ABRT* | "deadly signal") k=abort ;;
        detected*) k=leak ;;
        "") k=$default ;;
    esac
    printf '%s\n' "$k"
}

# Top 3 frames of the first stack in OUT that lie in argolab's or Xen's code
# (drivers and runtimes left out), as func@file:line joined by " < ".
fuzz_top_frames() {
    awk -v root="$ROOT/" '
        /^ *#[0-9]+ 0x[0-9a-f]+ in / {
            started = 1
            f = $4; loc = $5
            if (loc !~ /^\//) next
            if (loc ~ /\/src\/fuzz_driver\//) next
            if (index(loc, root) != 1 && loc !~ /\/xen\/(common|include|arch)\//) next
            if (loc ~ /:[0-9]+:[0-9]+$/) sub(/:[0-9]+$/, "", loc)    # the column
            if (loc !~ /:[0-9]+$/) next
            n = split(loc, parts, "/")
            frames[++k] = f "@" parts[n]
            if (k == 3) exit
            next
        }
        started && /^ *$/ { exit }
        END { s = ""; for (i = 1; i <= k; i++) s = s (i > 1 ? " < " : "") frames[i]; print s }' "$1"
}

# The target's own message before the report (first line that is neither a
# sanitizer's nor libFuzzer's), numbers blanked: tells apart aborts from the
# same place (fuzz_ops' invariants, fuzz_diff's divergences).
fuzz_abort_message() {
    awk '
        /^==[0-9]+==|ERROR: |runtime error:|^ *#[0-9]+ |^(AddressSanitizer|MemorySanitizer|UndefinedBehaviorSanitizer)/ { exit }
        /^(INFO|MS|Running|Executed|NOTE|WARNING):|^Running: |^ *$|^\*\*\*|inputs ran$/ { next }
        { gsub(/0x[0-9a-fA-F]+/, "N"); gsub(/[0-9]+/, "N"); print substr($0, 1, 100); exit }' "$1"
}

# fuzz_reproduce TARGET ENGINE FILE TMP: sets FZ_OUTCOME (crash, hang or
# none) and FZ_SIG ("kind: frames", and ": message" for aborts). The plain
# replay driver tries first, then the sanitizer builds (memory errors a plain
# build cannot see); the first run that shows project frames signs it.
fuzz_reproduce() {
    local target=$1 engine=$2 file=$3 tmp=$4
    local tries=("replay $BUILD_DIR/fuzz/replay_$target"
        "replay $SAN_BUILD_DIR/fuzz/replay_$target"
        "libfuzzer $FUZZ_BUILD_DIR/fuzz/$target")
    local try kind bin r outcome=none sig_out="" default msg n=0
    if [ "$engine" = libfuzzer-msan ]; then
        tries+=("libfuzzer $FUZZ_MSAN_BUILD_DIR/fuzz/$target")
    fi
    FZ_OUTCOME=none FZ_SIG=""
    for try in "${tries[@]}"; do
        kind=${try%% *} bin=${try#* }
        n=$((n + 1))
        r=$(fuzz_try "$kind" "$bin" "$file" "$tmp/out.$n")
        case $r in
            crash | hang)
                [ "$outcome" != none ] || outcome=$r
                if [ -z "$sig_out" ] && [ -n "$(fuzz_top_frames "$tmp/out.$n")" ]; then
                    sig_out=$tmp/out.$n
                    break
                fi
                ;;
        esac
    done
    FZ_OUTCOME=$outcome
    [ "$outcome" != none ] || return 0
    default=crash
    [ "$outcome" != hang ] || default=timeout
    if [ -z "$sig_out" ]; then
        # No symbolised stack anywhere: the kind and the target's message.
        for sig_out in "$tmp"/out.*; do
            msg=$(fuzz_abort_message "$sig_out")
            [ -z "$msg" ] || break
        done
        FZ_SIG="$default: ${msg:-no stack}"
        return 0
    fi
    kind=$(fuzz_failure_kind "$sig_out" "$default")
    [ "$outcome" != hang ] || kind=timeout
    FZ_SIG="$kind: $(fuzz_top_frames "$sig_out")"
    if [ "$kind" = abort ]; then
        msg=$(fuzz_abort_message "$sig_out")
        [ -z "$msg" ] || FZ_SIG="$FZ_SIG: $msg"
    fi
}

# fuzz_minimise TARGET ENGINE FILE SIG TMP: sets FZ_MIN to the smallest input
# found that still fails with signature SIG (FILE itself when none does).
# libFuzzer's -minimize_crash (the engine's build, or build-fuzz/ for AFL++
# crashes), afl-tmin when there is no libFuzzer build.
fuzz_minimise() {
    local target=$1 engine=$2 file=$3 sig=$4 tmp=$5 bin min=$5/minimised
    FZ_MIN=$file
    bin=$(fuzz_engine_dir "$engine")/fuzz/$target
    if [ "$engine" = afl ] || [ ! -x "$bin" ]; then
        bin=$FUZZ_BUILD_DIR/fuzz/$target
    fi
    rm -f "$min"
    FUZZ_CWD=$tmp FUZZ_LOG=$tmp/minimise.log
    if [ -x "$bin" ]; then
        fuzz_run_shielded timeout -k 10 300 "$bin" -minimize_crash=1 -runs=10000 \
            -timeout="$FUZZ_TIMEOUT" -artifact_prefix="$tmp/" \
            -exact_artifact_path="$min" "$file" || true
    elif [ -x "$FUZZ_AFL_BUILD_DIR/fuzz/$target" ] && command -v afl-tmin >/dev/null 2>&1; then
        fuzz_run_shielded env -u ASAN_OPTIONS AFL_ALLOW_TMP=1 afl-tmin -i "$file" -o "$min" \
            -- "$FUZZ_AFL_BUILD_DIR/fuzz/$target" || true
    fi
    if [ -s "$min" ] && [ "$(stat -c %s "$min")" -lt "$(stat -c %s "$file")" ]; then
        mkdir -p "$tmp/check"
        fuzz_reproduce "$target" "$engine" "$min" "$tmp/check"
        if [ "$FZ_SIG" = "$sig" ]; then
            FZ_MIN=$min
            return 0
        fi
        log "fuzz: triage: the minimised input fails differently ($FZ_SIG); keeping the original"
    fi
}

fuzz_crashes_md_init() {
    local md=$FUZZ_REPORTS/crashes.md
    [ ! -f "$md" ] || return 0
    mkdir -p "$FUZZ_REPORTS"
    cat >"$md" <<'MD'
# Fuzzing crashes

One line per distinct crash that `scripts/argolab fuzz` reproduced and saved,
newest last. The saved input is minimised; ctest replays it (`corpus/<target>`
and `fuzz/<target>`) from then on, so it fails until the bug is fixed. A
signature is the failure kind and the top three stack frames in argolab's or
Xen's code (see docs/fuzzing.md).

| date (UTC) | target | engine | signature | file |
| --- | --- | --- | --- | --- |
MD
}

# fuzz_triage TARGET ENGINE FILE...: reproduce, deduplicate, minimise, save.
# Sets FZ_NEW (saved), FZ_DUP, FZ_NOREPRO, and FZ_JUDGED (the files judged;
# each artifact is judged once: its SHA-1 is remembered).
fuzz_triage() {
    local target=$1 engine=$2
    shift 2
    local seen_list=$ARGOLAB_CACHE/fuzz/$target/triaged.sha1 f sha hash dest tmp sig saved new_dir
    local -A judged=() sigs=()
    FZ_NEW=0 FZ_DUP=0 FZ_NOREPRO=0 FZ_JUDGED=()
    [ $# -gt 0 ] || return 0
    mkdir -p "$(dirname "$seen_list")"
    touch "$seen_list"
    while read -r sha; do
        judged[$sha]=1
    done <"$seen_list"
    fuzz_triage_env
    tmp=$(mktemp -d "$ARGOLAB_CACHE/fuzz/$target/triage.XXXXXX")
    for f in "$@"; do
        [ "$FUZZ_STOP" -lt 2 ] || break
        [ -f "$f" ] || continue
        sha=$(fuzz_sha1 "$f")
        if [ -n "${judged[$sha]:-}" ]; then
            FZ_JUDGED+=("$f")
            continue
        fi
        rm -rf "${tmp:?}"/*
        fuzz_reproduce "$target" "$engine" "$f" "$tmp"
        if [ "$FZ_OUTCOME" = none ]; then
            log "fuzz: triage: $(basename "$f"): does not reproduce outside the fuzzer; dropped"
            FZ_NOREPRO=$((FZ_NOREPRO + 1))
        else
            sig=$FZ_SIG
            hash=$(printf '%s\n%s\n' "$target" "$sig" | sha1sum | cut -c1-12)
            dest=$FUZZ_REGRESSIONS/$target/$hash
            if [ -e "$dest" ] || [ -n "${sigs[$hash]:-}" ]; then
                log "fuzz: triage: $(basename "$f"): duplicate of ${dest#"$ROOT"/} ($sig)"
                FZ_DUP=$((FZ_DUP + 1))
            else
                sigs[$hash]=1
                FZ_MIN=$f
                if [ "$FZ_OUTCOME" = crash ]; then
                    fuzz_minimise "$target" "$engine" "$f" "$sig" "$tmp"
                fi
                new_dir=0
                [ -d "$FUZZ_REGRESSIONS/$target" ] || new_dir=1
                mkdir -p "$FUZZ_REGRESSIONS/$target"
                install -m 0644 "$FZ_MIN" "$dest"
                saved=${dest#"$ROOT"/}
                if [[ $FUZZ_TRACE_TARGETS == *" $target "* ]] && [ -x "$BUILD_DIR/argolab-replay" ]; then
                    if "$BUILD_DIR/argolab-replay" --from-bytes "$dest" --print-trace >"$dest.trace" 2>/dev/null; then
                        saved="$saved (+ .trace)"
                    else
                        rm -f "$dest.trace"
                    fi
                fi
                fuzz_crashes_md_init
                # shellcheck disable=SC2016 # the backquotes are Markdown
                printf '| %s | %s | %s | `%s` | %s |\n' "$(date -u +%Y-%m-%d)" "$target" \
                    "$engine" "${sig//|/\\|}" "$saved" >>"$FUZZ_REPORTS/crashes.md"
                log "fuzz: triage: NEW $FZ_OUTCOME $(basename "$f") ($(stat -c %s "$f") -> $(stat -c %s "$FZ_MIN") bytes): $saved"
                log "fuzz: triage:   $sig"
                FZ_NEW=$((FZ_NEW + 1))
                [ "$new_dir" = 0 ] || fuzz_reconfigure_for_regressions
            fi
        fi
        judged[$sha]=1
        printf '%s\n' "$sha" >>"$seen_list"
        FZ_JUDGED+=("$f")
    done
    rm -rf "$tmp"
}

# ctest learns of a new tests/regressions/<target>/ at configure time:
# configure every existing build directory again.
fuzz_reconfigure_for_regressions() {
    local dir
    for dir in "$ROOT"/build*/; do
        dir=${dir%/}
        [ -f "$dir/CMakeCache.txt" ] || continue
        cmake -S "$ROOT" -B "$dir" >/dev/null 2>&1 ||
            log "fuzz: configuring ${dir#"$ROOT"/} again failed; do so before running ctest there"
    done
}

# The crash and hang artifacts a run left in WORK.
fuzz_artifacts() {
    local engine=$1 work=$2
    if [ "$engine" = afl ]; then
        find "$work/out" -mindepth 3 -maxdepth 3 -type f -name 'id:*' \
            \( -path '*/crashes/*' -o -path '*/hangs/*' \) 2>/dev/null | sort
    else
        find "$work/artifacts" -maxdepth 1 -type f \
            \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null | sort
    fi
}

# --- one run ----------------------------------------------------------------------

fuzz_runs_tsv() {
    local tsv=$FUZZ_REPORTS/runs.tsv
    mkdir -p "$FUZZ_REPORTS"
    if [ ! -f "$tsv" ]; then
        printf 'date\ttarget\tengine\tsanitizer\tjobs\tseconds\texecs\texecs_per_sec\tcoverage\tcoverage_unit\tcorpus_before\tcorpus_after\tcrashes\tnew_regressions\tstatus\n' >"$tsv"
    fi
    (
        IFS=$'\t'
        printf '%s\n' "$*"
    ) >>"$tsv"
}

# Merge and triage what WORK holds (FZ_ADDED, FZ_ARTIFACTS, FZ_NEW, ...).
fuzz_finish() {
    local target=$1 engine=$2 work=$3 artifacts=()
    if [ "$engine" = afl ]; then
        fuzz_merge_afl "$target" "$work"
    else
        fuzz_merge_libfuzzer "$target" "$engine" "$work"
    fi
    mapfile -t artifacts < <(fuzz_artifacts "$engine" "$work")
    FZ_ARTIFACTS=${#artifacts[@]}
    fuzz_triage "$target" "$engine" "${artifacts[@]}"
    if [ "$engine" != afl ] && [ ${#FZ_JUDGED[@]} -gt 0 ]; then
        mkdir -p "$work/artifacts/triaged"
        mv -f "${FZ_JUDGED[@]}" "$work/artifacts/triaged/"
    fi
    if [ "$engine" = afl ] && [ "$FUZZ_STOP" -lt 2 ] && [ -d "$work/out" ]; then
        touch "$work/out/.argolab-done"
    fi
}

# fuzz_one TARGET ENGINE SECS JOBS: run, merge, triage, record. Needs
# fuzz_build ENGINE first.
fuzz_one() {
    local target=$1 engine=$2 secs=$3 jobs=$4
    local work=$ARGOLAB_CACHE/fuzz/$1/$2 bin before after status=ok lock sanitizer
    bin=$(fuzz_engine_dir "$engine")/fuzz/$target
    if [ ! -x "$bin" ]; then
        if [ "$target" = fuzz_diff ]; then
            log "fuzz: $bin was not built: fuzz_diff needs Xen's source (scripts/argolab xen-source); skipped"
        else
            log "fuzz: $bin was not built; skipped"
        fi
        return 1
    fi
    mkdir -p "$work"
    exec {lock}>"$work/.lock"
    if ! flock -n "$lock"; then
        log "fuzz: another 'argolab fuzz' is running $target with $engine ($work); skipped"
        exec {lock}>&-
        return 1
    fi

    # An earlier run that ended before its merge (killed): finish it first.
    if [ "$engine" = afl ] && [ -d "$work/out/main" ] && [ ! -f "$work/out/.argolab-done" ]; then
        log "fuzz: $target afl: merging and triaging an unfinished earlier run first"
        fuzz_traps_finishing
        fuzz_finish "$target" "$engine" "$work"
        log "fuzz: $target afl: earlier run: +$FZ_ADDED inputs in corpus/$target, $FZ_NEW new crashes"
    fi
    if [ "$FUZZ_STOP" != 0 ]; then
        exec {lock}>&-
        return 0
    fi

    before=$(fuzz_count_files "$ROOT/corpus/$target")
    log "fuzz: $target with $engine, $jobs job(s), $(fuzz_fmt_secs "$secs"); work dir $work"
    FZ_EXECS=0 FZ_EPS=- FZ_COV=- FZ_COV_TEXT=- FZ_CORPUS=- FZ_CRASHES=0 FZ_SECONDS=0
    fuzz_traps_fuzzing
    if [ "$engine" = afl ]; then
        fuzz_run_afl "$target" "$jobs" "$secs" "$work" || status=failed
    else
        fuzz_run_libfuzzer "$target" "$engine" "$jobs" "$secs" "$work" || status=failed
    fi
    fuzz_traps_finishing
    [ "$FUZZ_STOP" = 0 ] || [ "$status" = failed ] || status=interrupted
    local execs=$FZ_EXECS cov=$FZ_COV seconds=$FZ_SECONDS eps unit=cov
    [ "$engine" != afl ] || unit=edges
    eps=$(awk -v x="$execs" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? x / s : 0) }')

    FZ_ADDED=0 FZ_NEW=0 FZ_DUP=0 FZ_NOREPRO=0 FZ_ARTIFACTS=$FZ_CRASHES
    if [ "$FUZZ_STOP" -ge 2 ]; then
        log "fuzz: $target: merge and triage left to the next run"
    else
        log "fuzz: $target: merging new inputs into corpus/$target and triaging crashes"
        fuzz_finish "$target" "$engine" "$work"
    fi
    after=$(fuzz_count_files "$ROOT/corpus/$target")
    sanitizer=$(fuzz_engine_sanitizer "$engine")
    if [ "$engine" = afl ] && [ -x "$FUZZ_AFLCMPLOG_BUILD_DIR/fuzz/$target" ]; then
        sanitizer=$sanitizer+cmplog
    fi
    fuzz_runs_tsv "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$target" "$engine" "$sanitizer" \
        "$jobs" "$seconds" "$execs" "$eps" "$cov" "$unit" "$before" "$after" \
        "$FZ_ARTIFACTS" "$FZ_NEW" "$status"
    log "fuzz: $target $engine: $status after ${seconds}s: $execs execs ($eps/s), $unit $cov; corpus/$target $before -> $after (+$FZ_ADDED); crashes: $FZ_ARTIFACTS artifacts, $FZ_NEW new, $FZ_DUP duplicate, $FZ_NOREPRO not reproducible"
    FUZZ_SUMMARY+=("$target $engine: $status, ${seconds}s, $eps exec/s, +$FZ_ADDED corpus, $FZ_NEW new crashes")
    exec {lock}>&-
    [ "$status" != failed ]
}

# --- command ----------------------------------------------------------------------

cmd_fuzz() {
    local targets=() engine="" time=10m secs jobs=1 continuous=0 triage=0 coverage=0 seeds=0 files=()
    local valid t e
    valid=$(fuzz_all_targets | paste -sd' ' -)
    while [ $# -gt 0 ]; do
        case $1 in
            -h | --help | help)
                fuzz_usage
                return 0
                ;;
            --engine | --time | --jobs)
                [ $# -ge 2 ] || fuzz_usage_error "$1 needs a value"
                case $1 in
                    --engine) engine=$2 ;;
                    --time) time=$2 ;;
                    --jobs) jobs=$2 ;;
                esac
                shift
                ;;
            --engine=*) engine=${1#*=} ;;
            --time=*) time=${1#*=} ;;
            --jobs=*) jobs=${1#*=} ;;
            --continuous) continuous=1 ;;
            --triage) triage=1 ;;
            --coverage) coverage=1 ;;
            --seeds) seeds=1 ;;
            -*) fuzz_usage_error "unknown option '$1'" \
                "options: --engine ENGINE, --time DURATION, --jobs N, --continuous, --triage, --coverage, --seeds, --help" ;;
            *)
                if [ "$triage" = 1 ] && [ ${#targets[@]} -gt 0 ]; then
                    files+=("$1")
                else
                    targets+=("$1")
                fi
                ;;
        esac
        shift
    done

    # Everything is checked before anything is built.
    if [ -n "$engine" ] && [[ " ${FUZZ_ENGINES[*]} " != *" $engine "* ]]; then
        fuzz_usage_error "unknown engine '$engine'" "engines: ${FUZZ_ENGINES[*]}"
    fi
    if ! secs=$(fuzz_parse_time "$time") || [ "$secs" -le 0 ]; then
        fuzz_usage_error "bad --time '$time'" "use seconds or a duration such as 90s, 10m, 1h, 1h30m"
    fi
    [[ $jobs =~ ^[1-9][0-9]*$ ]] ||
        fuzz_usage_error "bad --jobs '$jobs'" "use a whole number of processes, 1 or more"
    if [ "$seeds" = 1 ]; then
        if [ "$continuous" = 1 ] || [ "$triage" = 1 ] || [ "$coverage" = 1 ] ||
            [ ${#targets[@]} -gt 0 ]; then
            fuzz_usage_error "--seeds takes no target and no other mode (it makes seeds for every target)"
        fi
        if ! declare -F fuzz_seeds >/dev/null; then
            # shellcheck source=scripts/lib/seeds.sh
            . "$ROOT/scripts/lib/seeds.sh"
        fi
        build_tree "$BUILD_DIR" 0 keep >&2 || die "fuzz: building ${BUILD_DIR#"$ROOT"/} failed"
        fuzz_seeds
        return
    fi
    if [ "$coverage" = 1 ]; then
        if [ "$continuous" = 1 ] || [ "$triage" = 1 ]; then
            fuzz_usage_error "--coverage takes only target names"
        fi
        for t in "${targets[@]}"; do
            [[ " $valid " == *" $t "* ]] || fuzz_usage_error "unknown target '$t'" "targets: $valid"
        done
        if ! declare -F fuzz_coverage >/dev/null; then
            # shellcheck source=scripts/lib/coverage.sh
            . "$ROOT/scripts/lib/coverage.sh"
        fi
        fuzz_coverage "${targets[@]}"
        return
    fi
    if [ "$continuous" = 1 ]; then
        [ "$triage" = 0 ] || fuzz_usage_error "--continuous and --triage do not go together"
        [ ${#targets[@]} -eq 0 ] ||
            fuzz_usage_error "--continuous takes no target (it runs them all): '${targets[0]}'"
        targets=(all)
    fi
    [ ${#targets[@]} -gt 0 ] || fuzz_usage_error "which target?" "targets: $valid all"
    for t in "${targets[@]}"; do
        [ "$t" = all ] || [[ " $valid " == *" $t "* ]] ||
            fuzz_usage_error "unknown target '$t'" "targets: $valid all"
    done
    local all=0
    if [ "${targets[*]}" = all ]; then
        all=1
        mapfile -t targets < <(fuzz_all_targets)
    elif [[ " ${targets[*]} " == *" all "* ]]; then
        fuzz_usage_error "'all' cannot be combined with other targets"
    fi
    if [ "$triage" = 1 ]; then
        [ ${#targets[@]} -eq 1 ] || fuzz_usage_error "--triage takes one target"
        [ ${#files[@]} -gt 0 ] || fuzz_usage_error "--triage needs crash files or directories"
        fuzz_triage_cmd "${targets[0]}" "${engine:-libfuzzer}" "${files[@]}"
        return
    fi

    local engines=()
    if [ -n "$engine" ]; then
        engines=("$engine")
    elif [ "$continuous" = 1 ] && fuzz_have_afl; then
        engines=(libfuzzer afl)
    else
        engines=(libfuzzer)
        [ "$continuous" = 0 ] ||
            log "fuzz: AFL++ is not installed (apt-get install afl++): libFuzzer only"
    fi
    for e in "${engines[@]}"; do
        fuzz_build "$e"
    done
    if [ "$continuous" = 1 ] || [ "$all" = 1 ]; then
        # all: the targets this build has (fuzz_diff needs Xen's source).
        local built=()
        for t in "${targets[@]}"; do
            if [ -x "$(fuzz_engine_dir "${engines[0]}")/fuzz/$t" ]; then
                built+=("$t")
            else
                log "fuzz: $t is not built$([ "$t" != fuzz_diff ] || echo " (it needs Xen's source: scripts/argolab xen-source)"); left out"
            fi
        done
        [ ${#built[@]} -gt 0 ] || die "fuzz: no fuzz target was built"
        targets=("${built[@]}")
    fi

    FUZZ_SUMMARY=()
    FUZZ_STOP=0
    local failed=0
    if [ "$continuous" = 1 ]; then
        # Slot k runs target k mod n; each round shifts the engines by one,
        # so every target meets every engine in turn.
        local slot=0 n=${#targets[@]} ne=${#engines[@]} round_failed=0
        log "fuzz: continuous: ${targets[*]} with ${engines[*]}, $(fuzz_fmt_secs "$secs") each, until SIGINT/SIGTERM"
        while [ "$FUZZ_STOP" = 0 ]; do
            if [ $((slot % n)) = 0 ]; then
                if [ "$slot" -gt 0 ]; then
                    [ "$round_failed" -lt "$n" ] || die "fuzz: continuous: every run of round $((slot / n)) failed; stopping"
                    # Pick up changed sources and dictionaries.
                    for e in "${engines[@]}"; do
                        fuzz_build "$e"
                    done
                fi
                round_failed=0
                log "fuzz: continuous: round $((slot / n + 1))"
            fi
            t=${targets[$((slot % n))]}
            e=${engines[$(((slot % n + slot / n) % ne))]}
            fuzz_one "$t" "$e" "$secs" "$jobs" || round_failed=$((round_failed + 1))
            slot=$((slot + 1))
        done
    else
        for t in "${targets[@]}"; do
            [ "$FUZZ_STOP" = 0 ] || break
            fuzz_one "$t" "${engines[0]}" "$secs" "$jobs" || failed=1
        done
    fi
    trap - INT TERM
    local line
    for line in "${FUZZ_SUMMARY[@]}"; do
        log "fuzz: summary: $line"
    done
    if [ "$FUZZ_STOP" != 0 ]; then
        log "fuzz: stopped by a signal after merging and triaging"
        return 0
    fi
    return "$failed"
}

# scripts/argolab fuzz TARGET --triage FILE|DIR...: judge every file again,
# even one judged before.
fuzz_triage_cmd() {
    local target=$1 engine=$2 f x files=() keep seen_list
    shift 2
    for f in "$@"; do
        if [ -d "$f" ]; then
            while IFS= read -r -d '' x; do
                files+=("$x")
            done < <(find "$(cd "$f" && pwd)" -maxdepth 1 -type f ! -name '.*' ! -name README.txt -print0 | sort -z)
        elif [ -f "$f" ]; then
            files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
        else
            fuzz_usage_error "--triage: no such file or directory: '$f'"
        fi
    done
    [ ${#files[@]} -gt 0 ] || fuzz_usage_error "--triage: no files in $*"
    fuzz_build "$engine"
    FUZZ_STOP=0
    seen_list=$ARGOLAB_CACHE/fuzz/$target/triaged.sha1
    if [ -f "$seen_list" ]; then
        keep=$(mktemp)
        for f in "${files[@]}"; do fuzz_sha1 "$f"; done | grep -vxFf - "$seen_list" >"$keep" || true
        mv "$keep" "$seen_list"
    fi
    fuzz_triage "$target" "$engine" "${files[@]}"
    log "fuzz: triage: ${#files[@]} inputs: $FZ_NEW new, $FZ_DUP duplicate, $FZ_NOREPRO not reproducible"
}
