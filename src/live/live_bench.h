/* SPDX-License-Identifier: MIT */
/*
 * Description: the live benchmark: sendv and consume timed with rdtsc on
 * real Argo hypercalls, printed as Google-Benchmark-style JSON lines.
 */
#ifndef ARGOLAB_LIVE_BENCH_H
#define ARGOLAB_LIVE_BENCH_H

#include <stdbool.h>

/*
 * Run every benchmark and print its lines, then an end status line.
 * emulated: the numbers come from QEMU's TCG, and every line says so.
 */
void live_bench_run(bool emulated);

#endif
