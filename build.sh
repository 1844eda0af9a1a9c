#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: OSS-Fuzz/ClusterFuzzLite build of every fuzz target into $OUT, with seed corpora, dictionaries and options files.
#
# Follows the OSS-Fuzz build conventions: sources are compiled with
# $CC $CFLAGS, fuzz targets are linked with $CXX $CXXFLAGS ... $LIB_FUZZING_ENGINE,
# and everything a fuzzing run needs lands in $OUT:
#
#   $OUT/<target>                  the fuzz target
#   $OUT/<target>_seed_corpus.zip  corpus/<target>/ plus tests/regressions/<target>/
#   $OUT/<target>.dict             fuzz/<target>.dict
#   $OUT/<target>.options          [libfuzzer] dict= and max_len=
#
# No CMake: the fuzzing infrastructure chooses the sanitizers and the engine,
# and passes them in the variables above. Outside OSS-Fuzz the defaults
# build libFuzzer targets with AddressSanitizer into build-oss-fuzz/:
#
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#     LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out ./build.sh
#
# Environment:
#   CC, CXX, CFLAGS, CXXFLAGS   compilers and flags (CXXFLAGS defaults to CFLAGS)
#   LIB_FUZZING_ENGINE          what every target links for its engine
#   OUT                         artifacts (default build-oss-fuzz/out)
#   WORK                        objects and staging (default build-oss-fuzz/work)
#   SRC                         where the OSS-Fuzz image keeps sources; $SRC/xen
#                               is a Xen tree the Dockerfile put there
#   XEN_SRC                     a Xen tree to use instead (for fuzz_diff)
#   ARGOLAB_CACHE               where `scripts/argolab xen-source` keeps Xen
#   ARGOLAB_JOBS                parallel compiles (default: nproc)
#
# fuzz_diff compiles Xen's own xen/common/argo.c, so it is built only when a
# Xen tree is found: $XEN_SRC, else $SRC/xen, else the argolab cache
# (${ARGOLAB_CACHE:-${XDG_CACHE_HOME:-~/.cache}/argolab}/xen/current). An
# explicit tree ($XEN_SRC or $SRC/xen) that lacks argo.c is an error; an
# empty cache only skips fuzz_diff, with a message.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

CC=${CC:-clang}
CXX=${CXX:-clang++}
CFLAGS=${CFLAGS:--O1 -g -fno-omit-frame-pointer -fsanitize=address,fuzzer-no-link}
CXXFLAGS=${CXXFLAGS:-$CFLAGS}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
OUT=${OUT:-$ROOT/build-oss-fuzz/out}
WORK=${WORK:-$ROOT/build-oss-fuzz/work}
JOBS=${ARGOLAB_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Targets that run Xen's argo.c next to the model: they also link src/host
# and the xenhost backend, and are built only when a Xen tree is found.
XEN_TARGETS=(fuzz_diff)

# Longest input libFuzzer generates, per target (default 4096). fuzz_reader
# needs 3 selector bytes, the 64-byte ring header and up to 16384 ring bytes.
declare -A MAX_LEN=(
    [fuzz_trace]=8192
    [fuzz_reader]=16451
)

log() { printf 'build.sh: %s\n' "$*" >&2; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

# --- where Xen's source is ------------------------------------------------

XEN_TREE=""
XEN_REASON=""

xen_tree_ok() {
    [ -f "$1/xen/common/argo.c" ] && [ -f "$1/xen/include/public/argo.h" ]
}

find_xen_tree() {
    local tree from cache
    if [ -n "${XEN_SRC:-}" ]; then
        tree=$XEN_SRC from="XEN_SRC"
    elif [ -n "${SRC:-}" ] && [ -e "$SRC/xen" ]; then
        tree=$SRC/xen from="\$SRC/xen"
    else
        cache=${ARGOLAB_CACHE:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/argolab}
        tree=$cache/xen/current from="the argolab cache"
        if ! xen_tree_ok "$tree"; then
            XEN_REASON="no Xen source: $tree/xen/common/argo.c does not exist (run scripts/argolab xen-source, or set XEN_SRC)"
            return 0
        fi
    fi
    xen_tree_ok "$tree" ||
        die "$from=$tree has no xen/common/argo.c and xen/include/public/argo.h"
    case $(uname -m) in
        x86_64 | amd64) ;;
        *)
            XEN_REASON="the host shim builds argo.c for x86_64 hosts only (this is $(uname -m))"
            return 0
            ;;
    esac
    case " $CFLAGS " in
        *" -m32 "*)
            XEN_REASON="a 32-bit build (-m32): the host shim builds argo.c for x86_64 only"
            return 0
            ;;
    esac
    XEN_TREE=$(cd "$tree" && pwd -P)
}

# The tree's version as the xenhost backend reports it (as cmake/ArgolabXenHost.cmake).
xen_version() {
    local tree=$1 first major minor
    if [ -f "$tree/debian/changelog" ]; then
        first=$(head -n 1 "$tree/debian/changelog")
        if [[ $first =~ ^[^\ ]+\ \(([^\)]+)\) ]]; then
            printf 'Debian xen %s' "${BASH_REMATCH[1]}"
            return
        fi
    fi
    if [ -f "$tree/xen/Makefile" ]; then
        major=$(sed -n 's/^export XEN_VERSION *= *\([0-9]*\).*/\1/p' "$tree/xen/Makefile")
        minor=$(sed -n 's/^export XEN_SUBVERSION *= *\([0-9]*\).*/\1/p' "$tree/xen/Makefile")
        if [ -n "$major" ] && [ -n "$minor" ]; then
            printf 'Xen %s.%s' "$major" "$minor"
            return
        fi
    fi
    printf 'unknown version'
}

# --- compiling ------------------------------------------------------------

OBJ=$WORK/argolab
PIDS=()
FAILED=0

# compile SRC OBJ FLAGS...: one object, in the background, at most $JOBS at once.
compile() {
    local src=$1 obj=$2
    shift 2
    # shellcheck disable=SC2086 # CFLAGS is a list of words, as in OSS-Fuzz
    $CC $CFLAGS "$@" -c "$src" -o "$obj" &
    PIDS+=("$!")
    if [ ${#PIDS[@]} -ge "$JOBS" ]; then
        wait "${PIDS[0]}" || FAILED=1
        PIDS=("${PIDS[@]:1}")
    fi
}

wait_compiles() {
    local pid
    for pid in "${PIDS[@]}"; do
        wait "$pid" || FAILED=1
    done
    PIDS=()
    [ "$FAILED" = 0 ] || die "compilation failed"
}

# Object path for a source: its path with / turned into _, under $OBJ.
obj_of() {
    local rel=${1#"$ROOT"/}
    rel=${rel#/}
    printf '%s/%s.o' "$OBJ" "${rel//\//_}"
}

# --- seed corpora -----------------------------------------------------------

# make_zip ZIP DIR: every file of DIR, without directory names.
make_zip() {
    local zip=$1 dir=$2
    rm -f "$zip"
    if command -v zip >/dev/null 2>&1; then
        (cd "$dir" && find . -maxdepth 1 -type f -printf '%P\n' | LC_ALL=C sort |
            zip -q -X "$zip" -@)
    elif command -v python3 >/dev/null 2>&1; then
        python3 - "$zip" "$dir" <<'PY'
import os, sys, zipfile
zpath, d = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.isfile(p):
            z.write(p, name)
PY
    else
        die "neither zip nor python3 is available to write $zip"
    fi
}

# seed_corpus TARGET: corpus/<target>/ and tests/regressions/<target>/
# (prefixed regression-) into $OUT/<target>_seed_corpus.zip; SEEDS is set
# to the number of inputs.
SEEDS=0
seed_corpus() {
    local t=$1 stage=$WORK/seeds/$1 f n=0
    rm -rf "$stage"
    mkdir -p "$stage"
    for f in "$ROOT/corpus/$t"/*; do
        [ -f "$f" ] || continue
        cp "$f" "$stage/"
        n=$((n + 1))
    done
    if [ -d "$ROOT/tests/regressions/$t" ]; then
        for f in "$ROOT/tests/regressions/$t"/*; do
            [ -f "$f" ] || continue
            cp "$f" "$stage/regression-$(basename "$f")"
            n=$((n + 1))
        done
    fi
    [ "$n" -gt 0 ] || die "$t: no seed inputs in corpus/$t/"
    make_zip "$OUT/${t}_seed_corpus.zip" "$stage"
    [ -s "$OUT/${t}_seed_corpus.zip" ] || die "$t: ${t}_seed_corpus.zip was not written"
    SEEDS=$n
}

write_options() {
    local t=$1 dict=$2
    {
        printf '[libfuzzer]\n'
        [ -z "$dict" ] || printf 'dict = %s\n' "$dict"
        printf 'max_len = %s\n' "${MAX_LEN[$t]:-4096}"
    } >"$OUT/$t.options"
}

# --- main -------------------------------------------------------------------

main() {
    local first_cc=${CC%% *} first_cxx=${CXX%% *}
    command -v "$first_cc" >/dev/null 2>&1 || die "C compiler '$CC' not found"
    if ! command -v "$first_cxx" >/dev/null 2>&1; then
        log "C++ compiler '$CXX' not found; linking with $CC"
        CXX=$CC
    fi

    find_xen_tree
    mkdir -p "$OUT" "$WORK"
    OUT=$(cd "$OUT" && pwd)
    WORK=$(cd "$WORK" && pwd)
    OBJ=$WORK/argolab
    rm -rf "$OBJ"
    mkdir -p "$OBJ"

    local common=(-std=c11 -Wall -Wextra -I "$ROOT/src")
    local base_srcs=() host_srcs=() xen_objs=() f

    shopt -s nullglob
    # The models every target may use: Argo/V4V, the ioreq memory-type
    # claim, privcmd ioeventfd.
    base_srcs=("$ROOT"/src/ring_model/*.c "$ROOT"/src/trace/*.c
               "$ROOT"/src/ioreq_model/*.c "$ROOT"/src/ioeventfd_model/*.c)
    for f in "$ROOT"/src/backend/*.c; do
        [ "$(basename "$f")" = backend_xenhost.c ] || base_srcs+=("$f")
    done
    host_srcs=("$ROOT"/src/host/*.c)
    local fuzz_srcs=("$ROOT"/fuzz/*.c)
    shopt -u nullglob
    [ ${#fuzz_srcs[@]} -gt 0 ] || die "no fuzz targets in fuzz/"

    log "compiling with $CC $CFLAGS ($JOBS jobs)"
    for f in "${base_srcs[@]}"; do
        compile "$f" "$(obj_of "$f")" "${common[@]}"
    done

    if [ -n "$XEN_TREE" ]; then
        local version shim=$ROOT/src/xen_host pub=$WORK/argolab/xen_public
        version=$(xen_version "$XEN_TREE")
        log "Xen source: $XEN_TREE ($version)"
        # Xen's public headers alone, under the name argo.c includes them by.
        mkdir -p "$pub"
        ln -sfn "$XEN_TREE/xen/include/public" "$pub/public"
        local xen_flags=(-std=gnu11 -Wall -Wextra -DARGOLAB_HAVE_XENHOST=1
            -I "$shim/include" -I "$pub" -I "$ROOT/src"
            -include "$shim/include/xen/config.h" -fno-strict-aliasing)
        for f in "${host_srcs[@]}"; do
            compile "$f" "$(obj_of "$f")" "${common[@]}" -DARGOLAB_HAVE_XENHOST=1
        done
        compile "$XEN_TREE/xen/common/argo.c" "$OBJ/xen_argo.o" "${xen_flags[@]}" -Wno-sign-compare
        xen_objs+=("$OBJ/xen_argo.o")
        for f in "$shim"/*.c; do
            compile "$f" "$(obj_of "$f")" "${xen_flags[@]}"
            xen_objs+=("$(obj_of "$f")")
        done
        f=$ROOT/src/backend/backend_xenhost.c
        compile "$f" "$(obj_of "$f")" -std=gnu11 -Wall -Wextra -I "$ROOT/src" \
            -DARGOLAB_HAVE_XENHOST=1 "-DARGOLAB_XEN_VERSION=\"$version\""
        xen_objs+=("$(obj_of "$f")")
    else
        log "fuzz_diff not built: $XEN_REASON"
    fi

    local targets=() t needs_xen x
    for f in "${fuzz_srcs[@]}"; do
        t=$(basename "$f" .c)
        needs_xen=0
        for x in "${XEN_TARGETS[@]}"; do
            [ "$t" = "$x" ] && needs_xen=1
        done
        if [ "$needs_xen" = 1 ]; then
            [ -n "$XEN_TREE" ] || continue
            compile "$f" "$(obj_of "$f")" "${common[@]}" -DARGOLAB_HAVE_XENHOST=1
        else
            compile "$f" "$(obj_of "$f")" "${common[@]}"
        fi
        targets+=("$t")
    done
    wait_compiles

    local base_objs=() host_objs=()
    for f in "${base_srcs[@]}"; do base_objs+=("$(obj_of "$f")"); done
    for f in "${host_srcs[@]}"; do host_objs+=("$(obj_of "$f")"); done

    log "linking with $CXX $CXXFLAGS ... $LIB_FUZZING_ENGINE"
    for t in "${targets[@]}"; do
        local objs=("$(obj_of "$ROOT/fuzz/$t.c")" "${base_objs[@]}")
        for x in "${XEN_TARGETS[@]}"; do
            [ "$t" = "$x" ] && objs+=("${host_objs[@]}" "${xen_objs[@]}")
        done
        # shellcheck disable=SC2086 # flag lists, as in OSS-Fuzz
        $CXX $CXXFLAGS "${objs[@]}" -o "$OUT/$t" $LIB_FUZZING_ENGINE &
        PIDS+=("$!")
        if [ ${#PIDS[@]} -ge "$JOBS" ]; then
            wait "${PIDS[0]}" || FAILED=1
            PIDS=("${PIDS[@]:1}")
        fi
    done
    wait_compiles

    local dict
    for t in "${targets[@]}"; do
        dict=""
        if [ -f "$ROOT/fuzz/$t.dict" ]; then
            cp "$ROOT/fuzz/$t.dict" "$OUT/$t.dict"
            dict=$t.dict
        fi
        write_options "$t" "$dict"
        [ -d "$ROOT/corpus/$t" ] || die "$t: corpus/$t/ is missing"
        seed_corpus "$t"
        log "$t: $OUT/$t, ${t}_seed_corpus.zip ($SEEDS inputs)${dict:+, $dict}, $t.options"
    done
    [ -n "$XEN_TREE" ] || log "skipped fuzz_diff: $XEN_REASON"
}

main "$@"
