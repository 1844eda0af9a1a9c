/* SPDX-License-Identifier: MIT */
/*
 * Description: the C face of Google Benchmark, so that every benchmark in
 * bench/ is written in C.
 *
 * A benchmark is a function taking a bench_state. It registers itself from a
 * constructor (BENCH_REGISTER), names its argument values, and times its
 * work in a `while (bench_keep_running(st))` loop. Everything outside that
 * loop (set-up, tear-down) is not timed. One main (bench_shim.cc) runs them
 * all and takes Google Benchmark's flags (--benchmark_filter,
 * --benchmark_repetitions, --benchmark_out, ...).
 */
#ifndef ARGOLAB_BENCH_SHIM_H
#define ARGOLAB_BENCH_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bench_state;             /* one run of a benchmark: its timer and counters */
struct bench;                   /* a registered benchmark: its runs' arguments */

typedef void (*bench_fn)(struct bench_state *st);

/*
 * Register fn under name (copied). Runs are then added with the functions
 * below; a benchmark with none runs once without arguments. Each run is
 * reported as name/arg0/arg1/... Returns the handle, never NULL (aborts on
 * allocation failure: registration happens before main).
 */
struct bench *bench_register(const char *name, bench_fn fn);

/* One run per value, one argument each: name/value. */
struct bench *bench_arg(struct bench *b, int64_t value);

/* One run with n arguments: name/v[0]/v[1]/... */
struct bench *bench_args(struct bench *b, const int64_t *v, size_t n);

/*
 * Runs for lo, then lo * mult, lo * mult^2, ... up to and including hi (hi
 * itself is always included), one argument each.
 */
struct bench *bench_range(struct bench *b, int64_t lo, int64_t hi, int mult);

/* Runs for lo, lo + step, ... up to hi inclusive, one argument each. */
struct bench *bench_dense_range(struct bench *b, int64_t lo, int64_t hi,
                                int64_t step);

/*
 * Time the runs by the wall clock rather than the calling thread's CPU
 * time: for benchmarks whose timed thread sleeps while others work (a
 * notifier blocked until its backend answers). Returns b.
 */
struct bench *bench_use_real_time(struct bench *b);

/*
 * Register fn as a constructor, so a benchmark file needs no main and no
 * list anywhere else: BENCH_REGISTER(register_sendv) { bench_range(...); }
 */
#define BENCH_REGISTER(fn)                                              \
    static void fn(void);                                               \
    __attribute__((constructor)) static void fn##_ctor(void) { fn(); }  \
    static void fn(void)

/*
 * Run one more iteration? True until the timed part has run long enough.
 * Every timed iteration is one call; work done after it returns false is
 * not timed.
 */
int bench_keep_running(struct bench_state *st);

/* The run's argument i (0 for the first). */
int64_t bench_arg_at(const struct bench_state *st, size_t i);

/* Iterations run so far (all of them once bench_keep_running is false). */
int64_t bench_iterations(const struct bench_state *st);

/*
 * Stop and restart the timer inside the loop, for work that must not be
 * counted. Each pair costs far more than a small operation (hundreds of
 * nanoseconds): batch untimed work instead where possible.
 */
void bench_pause(struct bench_state *st);
void bench_resume(struct bench_state *st);

/* Totals for the whole run (not per iteration): reported as rates. */
void bench_set_bytes(struct bench_state *st, int64_t bytes);
void bench_set_items(struct bench_state *st, int64_t items);

enum bench_counter_kind {
    BENCH_COUNTER_VALUE,        /* reported as given */
    BENCH_COUNTER_RATE,         /* divided by the run's time: per second */
    BENCH_COUNTER_PER_ITERATION /* divided by the iterations */
};

/* Add a named counter (name copied) to the run's report. */
void bench_counter(struct bench_state *st, const char *name, double value,
                   enum bench_counter_kind kind);

/* A short text shown beside the run's result (copied). */
void bench_label(struct bench_state *st, const char *label);

/*
 * Give up on this run: it is reported with msg as an error and no timing,
 * and bench_keep_running returns false from then on.
 */
void bench_skip(struct bench_state *st, const char *msg);

/*
 * Make the compiler assume p's memory was read and written here, so work
 * whose result is never used is not optimised away.
 */
static inline void bench_clobber(const void *p)
{
    __asm__ volatile("" : : "r"(p) : "memory");
}

#ifdef __cplusplus
}
#endif

#endif
