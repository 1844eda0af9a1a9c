#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: `argolab fuzz --coverage` — replays every committed corpus through coverage-instrumented replay drivers and writes reports/coverage/.
#
# Sourced by scripts/argolab, which calls fuzz_coverage [TARGET...]; it can
# also run on its own: scripts/lib/coverage.sh [TARGET...].
#
# fuzz_coverage [TARGET...]   (default: every fuzz/<target>.c in the build)
#   1. configures and builds build-cov/ with clang, ARGOLAB_COVERAGE=ON
#      (cmake/ArgolabCoverage.cmake), no fuzzing engine and no sanitizer
#      (ARGOLAB_FUZZ=OFF, ARGOLAB_FUZZ_ENGINE empty), so each target
#      is the plain replay driver build-cov/fuzz/replay_<target>;
#   2. replays corpus/<target>/ and tests/regressions/<target>/ (when
#      present) through it, one raw profile per target
#      (LLVM_PROFILE_FILE=build-cov/coverage/<target>.profraw);
#   3. merges them with llvm-profdata and writes, for the sources under src/
#      (the replay driver src/fuzz_driver/ excluded; tests and fuzz/ are
#      outside src/):
#        reports/coverage/index.html   llvm-cov show -format=html
#        reports/coverage/summary.txt  llvm-cov report: one line per file, totals
#   4. prints the line and branch coverage of src/ring_model/, and of
#      src/ioreq_model/ and src/ioeventfd_model/.
# Exit status 0, or 1 when a step fails or an input crashed its target (the
# report is still written from the targets that ran).
#
# Environment: ARGOLAB_COV_BUILD_DIR (default build-cov), JOBS (default nproc),
# CC for the clang to use (default clang; llvm-profdata and llvm-cov of the
# same major version are looked for first).

ARGOLAB_COV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)

_cov_log() { printf 'argolab: coverage: %s\n' "$*" >&2; }
_cov_fail() {
    printf 'argolab: coverage: error: %s\n' "$*" >&2
    return 1
}

# _cov_tool NAME MAJOR: the path of NAME-MAJOR, else LLVM's own directory, else NAME.
_cov_tool() {
    local name=$1 major=$2
    if [ -n "$major" ] && command -v "$name-$major" >/dev/null 2>&1; then
        command -v "$name-$major"
    elif [ -n "$major" ] && [ -x "/usr/lib/llvm-$major/bin/$name" ]; then
        printf '%s\n' "/usr/lib/llvm-$major/bin/$name"
    elif command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
    else
        return 1
    fi
}

# _cov_cache DIR KEY: the value of a CMake cache entry, with its type, e.g. BOOL=ON.
_cov_cache() {
    [ -f "$1/CMakeCache.txt" ] || return 0
    sed -n "s/^$2:\(.*\)/\1/p" "$1/CMakeCache.txt"
}

# _cov_totals REPORT_OUTPUT: "lines L% (covered/total), branches B% (covered/total)"
# from the TOTAL line of `llvm-cov report`.
_cov_totals() {
    awk '$1 == "TOTAL" {
        if (NF < 13) { print "unreadable TOTAL line: " $0; exit 1 }
        lt = $8; lm = $9; bt = $11; bm = $12
        printf "lines %s (%d/%d), branches %s (%d/%d)\n", $10, lt - lm, lt, $13, bt - bm, bt
    }' <<<"$1"
}

# _cov_meets REPORT_OUTPUT: whether the TOTAL line has >= 95% lines and >= 90% branches.
_cov_meets() {
    awk '$1 == "TOTAL" {
        l = $10; b = $13; sub(/%/, "", l); sub(/%/, "", b)
        ok = (l + 0 >= 95 && b + 0 >= 90)
    } END { exit ok ? 0 : 1 }' <<<"$1"
}

fuzz_coverage() {
    local root=$ARGOLAB_COV_ROOT
    local dir=${ARGOLAB_COV_BUILD_DIR:-$root/build-cov}
    local out=$root/reports/coverage
    local jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
    local cc=${CC:-clang}
    local major profdata llvmcov gen

    command -v cmake >/dev/null 2>&1 || { _cov_fail "cmake not found"; return 1; }
    command -v "$cc" >/dev/null 2>&1 ||
        { _cov_fail "$cc not found: coverage needs clang (apt-get install clang)"; return 1; }
    major=$("$cc" -dumpversion 2>/dev/null | cut -d. -f1) || major=""
    if ! profdata=$(_cov_tool llvm-profdata "$major") ||
        ! llvmcov=$(_cov_tool llvm-cov "$major"); then
        _cov_fail "llvm-profdata and llvm-cov${major:+ $major} not found (Debian: apt-get install llvm${major:+-$major})"
        return 1
    fi

    # 1. Configure (every time: cheap, and it keeps the options right) and build.
    gen=$(_cov_cache "$dir" CMAKE_GENERATOR)
    gen=${gen#*=}
    if [ -z "$gen" ]; then
        if command -v ninja >/dev/null 2>&1; then gen=Ninja; else gen="Unix Makefiles"; fi
    fi
    _cov_log "configuring ${dir#"$root"/} (clang, ARGOLAB_COVERAGE=ON)"
    mkdir -p "$dir"
    cmake -S "$root" -B "$dir" -G "$gen" -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_BUILD_TYPE=Debug -DARGOLAB_COVERAGE=ON -DARGOLAB_FUZZ=OFF \
        -DARGOLAB_FUZZ_ENGINE= -DARGOLAB_SANITIZE=OFF \
        >"$dir/argolab-configure.log" 2>&1 || {
        cat "$dir/argolab-configure.log" >&2
        _cov_fail "configuring $dir failed"
        return 1
    }
    # option() in cmake/ArgolabCoverage.cmake gives the entry its BOOL type;
    # without the module the -D stays UNINITIALIZED and nothing is instrumented.
    if [ "$(_cov_cache "$dir" ARGOLAB_COVERAGE)" != "BOOL=ON" ]; then
        _cov_fail "$dir is not instrumented: CMakeLists.txt needs include(ArgolabCoverage) after include(ArgolabFlags)"
        return 1
    fi

    local all_targets=() t src
    if [ $# -gt 0 ]; then
        all_targets=("$@")
    else
        for src in "$root"/fuzz/*.c; do
            [ -f "$src" ] && all_targets+=("$(basename "$src" .c)")
        done
    fi
    local known targets=() skipped=()
    known=$(cmake --build "$dir" --target help 2>/dev/null) || known=""
    for t in "${all_targets[@]}"; do
        if grep -qE "(^|[ .:/])replay_$t([: ]|$)" <<<"$known"; then
            targets+=("$t")
        elif [ $# -gt 0 ]; then
            _cov_fail "$t: no target replay_$t in $dir (fuzz_diff needs Xen's source: scripts/argolab xen-source)"
            return 1
        else
            skipped+=("$t")
        fi
    done
    [ ${#targets[@]} -gt 0 ] || { _cov_fail "no replay targets in $dir"; return 1; }
    for t in "${skipped[@]}"; do
        _cov_log "$t: not in this build (replay_$t not defined; fuzz_diff needs Xen's source), skipped"
    done

    local build_targets=()
    for t in "${targets[@]}"; do build_targets+=(--target "replay_$t"); done
    _cov_log "building ${targets[*]/#/replay_} with $jobs jobs"
    # stdout carries the results; build progress goes to stderr.
    cmake --build "$dir" -j "$jobs" "${build_targets[@]}" >&2 ||
        { _cov_fail "building $dir failed"; return 1; }

    # 2. Replay, one profile per target.
    local prof=$dir/coverage status=0 inputs objects=() crashed=()
    rm -rf "$prof"
    mkdir -p "$prof"
    for t in "${targets[@]}"; do
        inputs=("$root/corpus/$t")
        [ -d "$root/tests/regressions/$t" ] && inputs+=("$root/tests/regressions/$t")
        [ -d "$root/corpus/$t" ] || { _cov_fail "$t: corpus/$t/ is missing"; return 1; }
        if LLVM_PROFILE_FILE="$prof/$t.profraw" "$dir/fuzz/replay_$t" "${inputs[@]}" \
            >"$prof/$t.log" 2>&1; then
            _cov_log "$t: $(tail -n 1 "$prof/$t.log" | sed 's/^.*: //')"
        else
            tail -n 20 "$prof/$t.log" >&2
            _cov_log "$t: replay failed (an input crashed it?): its profile is incomplete or missing"
            crashed+=("$t")
            status=1
        fi
        if [ -f "$prof/$t.profraw" ]; then
            if [ ${#objects[@]} -eq 0 ]; then
                objects+=("$dir/fuzz/replay_$t")
            else
                objects+=(-object "$dir/fuzz/replay_$t")
            fi
        fi
    done
    [ ${#objects[@]} -gt 0 ] || { _cov_fail "no target wrote a profile"; return 1; }

    # 3. Merge and report, src/ only.
    "$profdata" merge -sparse "$prof"/*.profraw -o "$prof/merged.profdata" ||
        { _cov_fail "llvm-profdata merge failed"; return 1; }
    local cov_args=("${objects[@]}" -instr-profile="$prof/merged.profdata"
        -ignore-filename-regex='/src/fuzz_driver/')
    rm -rf "$out"
    mkdir -p "$out"
    "$llvmcov" show "${cov_args[@]}" -format=html -output-dir="$out" \
        -show-line-counts-or-regions -show-branches=count \
        -project-title=argolab "$root/src" ||
        { _cov_fail "llvm-cov show failed"; return 1; }

    local report model_report commit
    report=$("$llvmcov" report "${cov_args[@]}" "$root/src") ||
        { _cov_fail "llvm-cov report failed"; return 1; }
    model_report=$("$llvmcov" report "${cov_args[@]}" "$root/src/ring_model") ||
        { _cov_fail "llvm-cov report failed"; return 1; }
    # The other models, each on its own line (their fuzz targets are theirs).
    local other other_report other_reports=()
    for other in ioreq_model ioeventfd_model; do
        [ -d "$root/src/$other" ] || continue
        other_report=$("$llvmcov" report "${cov_args[@]}" "$root/src/$other") ||
            { _cov_fail "llvm-cov report failed"; return 1; }
        other_reports+=("src/$other/: $(_cov_totals "$other_report")")
    done
    commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
    {
        printf 'argolab coverage of src/ (%s, %s)\n' "$commit" "$(date -u +%Y-%m-%dT%H:%MZ)"
        printf 'targets: %s\n' "${targets[*]}"
        printf 'inputs: corpus/<target>/ and tests/regressions/<target>/ through build-cov/fuzz/replay_<target>\n'
        printf 'file names below are relative to src/\n'
        [ ${#crashed[@]} -eq 0 ] || printf 'INCOMPLETE: replay failed for %s\n' "${crashed[*]}"
        printf '\n%s\n\n' "$report"
        printf 'src/ring_model/: %s\n' "$(_cov_totals "$model_report")"
        for other in "${other_reports[@]}"; do
            printf '%s\n' "$other"
        done
    } >"$out/summary.txt"

    # 4. The numbers that matter most.
    _cov_log "report: ${out#"$root"/}/index.html, ${out#"$root"/}/summary.txt"
    printf 'src/: %s\n' "$(_cov_totals "$report")"
    for other in "${other_reports[@]}"; do
        printf '%s\n' "$other"
    done
    printf 'src/ring_model/: %s' "$(_cov_totals "$model_report")"
    if _cov_meets "$model_report"; then
        printf ' (target >= 95%% lines, >= 90%% branches: met)\n'
    else
        printf ' (target >= 95%% lines, >= 90%% branches: NOT met)\n'
    fi
    return "$status"
}

# Run directly: scripts/lib/coverage.sh [TARGET...]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    fuzz_coverage "$@"
fi
