#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Description: ctest for build.sh — an OSS-Fuzz-style build with clang, ASan, UBSan and libFuzzer into a temporary $OUT, checked artifact by artifact.
#
# Usage: ossfuzz_build.sh [SOURCE_DIR]   (default: two levels above this script)
# Exit status: 0 pass, 1 fail, 77 skip (no clang, or clang without libFuzzer).
#
# For every fuzz/<target>.c: $OUT/<target> exists and is executable, and
# runs one corpus input with the dictionary loaded; $OUT/<target>.dict is
# fuzz/<target>.dict; $OUT/<target>.options names it; and
# $OUT/<target>_seed_corpus.zip holds exactly the files of corpus/<target>/
# (and tests/regressions/<target>/, prefixed regression-), byte for byte.
# fuzz_diff is expected only when Xen's source is there (XEN_SRC, or the
# cache `scripts/argolab xen-source` fills); otherwise the test says it
# skipped it and why.
set -uo pipefail

ROOT=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
ROOT=$(cd "$ROOT" && pwd)
XEN_TARGETS=(fuzz_diff)

FAILURES=0
fail() {
    printf 'FAIL: %s\n' "$*"
    FAILURES=$((FAILURES + 1))
}
skip() {
    printf 'SKIP: %s\n' "$*"
    exit 77
}

command -v clang >/dev/null 2>&1 || skip "clang not found"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/argolab-ossfuzz.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# libFuzzer present? (Debian: libclang-rt-<version>-dev)
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
    >"$TMP/probe.c"
if ! clang -fsanitize=address,undefined,fuzzer "$TMP/probe.c" -o "$TMP/probe" >"$TMP/probe.log" 2>&1; then
    sed 's/^/  /' "$TMP/probe.log"
    skip "clang cannot link a libFuzzer target with ASan and UBSan (libclang-rt-*-dev missing?)"
fi

CXX_FOR_TEST=clang++
command -v clang++ >/dev/null 2>&1 || CXX_FOR_TEST=clang

# Is Xen's source there, by the rules build.sh follows (without $SRC)?
XEN_TREE=""
if [ -n "${XEN_SRC:-}" ]; then
    XEN_TREE=$XEN_SRC
else
    cache=${ARGOLAB_CACHE:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/argolab}
    if [ -f "$cache/xen/current/xen/common/argo.c" ]; then
        XEN_TREE=$cache/xen/current
    fi
fi
case $(uname -m) in
    x86_64 | amd64) ;;
    *) XEN_TREE="" ;;
esac

OUT=$TMP/out
WORK=$TMP/work
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all"
echo "running build.sh: CC=clang CFLAGS=\"$flags\" LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=$OUT WORK=$WORK"
if ! env -u SRC CC=clang CXX="$CXX_FOR_TEST" CFLAGS="$flags" CXXFLAGS="$flags" \
    LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT="$OUT" WORK="$WORK" \
    bash "$ROOT/build.sh" >"$TMP/build.log" 2>&1; then
    cat "$TMP/build.log"
    echo "FAIL: build.sh failed"
    exit 1
fi
cat "$TMP/build.log"

# zip_matches ZIP NAME=PATH...: the archive holds exactly these names with these bytes.
zip_matches() {
    local zip=$1
    shift
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$zip" "$@" <<'PY'
import sys, zipfile
zpath, pairs = sys.argv[1], sys.argv[2:]
want = dict(p.split("=", 1) for p in pairs)
with zipfile.ZipFile(zpath) as z:
    have = set(z.namelist())
    missing = sorted(set(want) - have)
    extra = sorted(have - set(want))
    differ = [n for n in sorted(set(want) & have)
              if z.read(n) != open(want[n], "rb").read()]
for what, names in (("missing", missing), ("unexpected", extra), ("different", differ)):
    if names:
        print(f"  {zpath}: {len(names)} {what}: {' '.join(names[:5])}")
sys.exit(1 if missing or extra or differ else 0)
PY
    elif command -v unzip >/dev/null 2>&1; then
        local p
        diff <(unzip -Z1 "$zip" | LC_ALL=C sort) \
            <(for p in "$@"; do printf '%s\n' "${p%%=*}"; done | LC_ALL=C sort)
    else
        echo "  neither python3 nor unzip to read $zip"
        return 1
    fi
}

checked=0
for src in "$ROOT"/fuzz/*.c; do
    t=$(basename "$src" .c)
    for x in "${XEN_TARGETS[@]}"; do
        if [ "$t" = "$x" ] && [ -z "$XEN_TREE" ]; then
            echo "skipping $t: Xen's source is not available (set XEN_SRC or run scripts/argolab xen-source)"
            continue 2
        fi
    done
    echo "checking $t"
    checked=$((checked + 1))

    [ -x "$OUT/$t" ] || fail "$t: $OUT/$t missing or not executable"
    if [ -f "$OUT/$t.dict" ]; then
        cmp -s "$ROOT/fuzz/$t.dict" "$OUT/$t.dict" || fail "$t: $t.dict differs from fuzz/$t.dict"
    else
        fail "$t: $OUT/$t.dict missing"
    fi
    if [ -f "$OUT/$t.options" ]; then
        grep -qx '\[libfuzzer\]' "$OUT/$t.options" || fail "$t: $t.options has no [libfuzzer] section"
        grep -qx "dict = $t.dict" "$OUT/$t.options" || fail "$t: $t.options does not name $t.dict"
        grep -qE '^max_len = [0-9]+$' "$OUT/$t.options" || fail "$t: $t.options has no max_len"
    else
        fail "$t: $OUT/$t.options missing"
    fi

    pairs=()
    first=""
    for f in "$ROOT/corpus/$t"/*; do
        [ -f "$f" ] || continue
        pairs+=("$(basename "$f")=$f")
        [ -n "$first" ] || first=$f
    done
    if [ -d "$ROOT/tests/regressions/$t" ]; then
        for f in "$ROOT/tests/regressions/$t"/*; do
            [ -f "$f" ] && pairs+=("regression-$(basename "$f")=$f")
        done
    fi
    if [ -f "$OUT/${t}_seed_corpus.zip" ]; then
        zip_matches "$OUT/${t}_seed_corpus.zip" "${pairs[@]}" ||
            fail "$t: ${t}_seed_corpus.zip does not hold corpus/$t/ (${#pairs[@]} files)"
    else
        fail "$t: $OUT/${t}_seed_corpus.zip missing"
    fi

    # One input, with the dictionary parsed as a fuzzing run would.
    if [ -x "$OUT/$t" ] && [ -n "$first" ]; then
        if ! (cd "$OUT" && "./$t" -dict="$t.dict" -runs=1 "$first") >"$TMP/$t.run" 2>&1; then
            sed 's/^/  /' "$TMP/$t.run" | tail -n 30
            fail "$t: ./$t -runs=1 corpus/$t/$(basename "$first") failed"
        fi
    fi
done

if [ -z "$XEN_TREE" ] && [ -e "$OUT/fuzz_diff" ]; then
    fail "fuzz_diff was built although no Xen source was found"
fi
[ "$checked" -gt 0 ] || fail "no fuzz targets in $ROOT/fuzz"

if [ "$FAILURES" -gt 0 ]; then
    echo "FAIL: $FAILURES problem(s)"
    exit 1
fi
echo "PASS: $checked targets built by build.sh, each with its seed corpus, dictionary and options, each running one input"
