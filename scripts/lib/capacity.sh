# SPDX-License-Identifier: MIT
# Description: `argolab capacity` — which Argo ring size a workload needs,
# from the model simulated over candidate sizes (docs/capacity.md), with
# the figure in reports/capacity/; and the main job's example.
#
# Sourced by scripts/argolab, which provides ROOT, BUILD_DIR, log, die and
# build_tree; the entry points here are cmd_capacity and
# capacity_main_job_example.

# shellcheck shell=bash disable=SC2153 # ROOT, BUILD_DIR, ... come from scripts/argolab

CAPACITY_REPORTS_DIR=$ROOT/reports/capacity
CAPACITY_EXAMPLES_DIR=$ROOT/examples/capacity

# The binary, built in build/ if needed; build output goes to stderr.
capacity_binary() {
    build_tree "$BUILD_DIR" 0 keep >&2 || die "capacity: the build failed"
    local bin=$BUILD_DIR/argolab-capacity
    [ -x "$bin" ] || die "capacity: $bin was not built (does CMakeLists.txt call argolab_add_capacity?)"
    printf '%s\n' "$bin"
}

# argolab capacity [WORKLOAD.ini] [options]: argolab-capacity's own options
# (--help lists them). --plot without --plot-dir draws into
# reports/capacity/ of this repository, wherever it is run from.
cmd_capacity() {
    local bin arg plot=0 dir_given=0 args=()
    for arg in "$@"; do
        case $arg in
            --plot) plot=1 ;;
            --plot-dir | --plot-dir=*) dir_given=1 ;;
        esac
    done
    if [ "$plot" = 1 ]; then
        command -v gnuplot >/dev/null 2>&1 ||
            die "capacity: --plot needs gnuplot (apt-get install gnuplot-nox, or scripts/argolab setup as root)"
        if [ "$dir_given" = 0 ]; then
            args=(--plot-dir "$CAPACITY_REPORTS_DIR")
        fi
    fi
    bin=$(capacity_binary) || exit
    exec "$bin" "$@" "${args[@]}"
}

# For the main job: the README's question answered, table and
# recommendation on stdout, the figure in reports/capacity/readme.png.
capacity_main_job_example() {
    local bin example=$CAPACITY_EXAMPLES_DIR/readme.ini
    bin=$(capacity_binary) || return
    log "capacity: the README's question (${example#"$ROOT"/}): 4 KiB messages at 50 000/s, a receiver draining 60 000/s in batches of 32"
    "$bin" "$example" --plot --plot-dir "$CAPACITY_REPORTS_DIR" || return
    log "capacity: figure in ${CAPACITY_REPORTS_DIR#"$ROOT"/}/readme.png and readme.svg"
}
