/* SPDX-License-Identifier: MIT */
/*
 * Description: the live benchmark: sendv and consume timed with rdtsc on
 * real Argo hypercalls, printed as Google-Benchmark-style JSON lines.
 */
#ifndef ARGOLAB_LIVE_BENCH_H
#define ARGOLAB_LIVE_BENCH_H

/* Run every benchmark and print its lines; status lines on failure. */
void live_bench_run(void);

#endif
