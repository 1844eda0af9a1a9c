/* SPDX-License-Identifier: MIT */
/*
 * Description: a sweep: the simulation (and, where it applies, the
 * analytic model) over every candidate ring length.
 */
#ifndef ARGOLAB_CAP_SWEEP_H
#define ARGOLAB_CAP_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cap_sim.h"
#include "cap_workload.h"

struct cap_sweep {
    unsigned n;
    struct cap_metrics m[CAP_MAX_SIZES];
    bool analytic;              /* the closed form applies to this workload */
    const char *analytic_why_not;
    bool analytic_ok[CAP_MAX_SIZES];    /* false: "n/a" for this length */
    double analytic_p[CAP_MAX_SIZES];   /* blocking probability */
    uint32_t analytic_k[CAP_MAX_SIZES]; /* K the model counted */
    uint64_t simulated;         /* messages simulated, all lengths */
    unsigned reused;            /* lengths that took a smaller ring's run */
    double sim_seconds;         /* wall time spent simulating (never printed on stdout) */
    double sim_cpu_seconds;     /* ... and this process's CPU time for it */
};

/*
 * Called after each length: i of n done, m its result; while narrowing
 * down (cap_sweep_refine) n is 0 and i counts the rings added.
 */
typedef void (*cap_progress_fn)(void *ctx, unsigned i, unsigned n,
                                const struct cap_metrics *m);

/*
 * Simulate w on its ring lengths (w->ring_lens, or the default sweep for
 * its largest message), ascending. Once a length has run without a single
 * -EAGAIN, every larger length would repeat the same sample path (same
 * arrivals, sizes and service times, never a full ring), so its metrics
 * are carried over instead of simulated again; only the ring-dependent
 * fields change. Returns 0, or -1 with err set.
 */
int cap_sweep_run(const struct cap_workload *w, struct cap_sweep *s,
                  cap_progress_fn progress, void *ctx, char *err,
                  size_t errlen);

struct cap_recommendation;

/*
 * Narrow the recommendation down to the page: when the ring r recommends
 * and the next smaller ring in s are more than a page apart, bisect the
 * whole-page rings between them (n * 4096 - 64 bytes), simulating each and
 * adding it to s in order. The caller recommends again afterwards. Returns
 * the number of rings added (0 when there is nothing to narrow), or -1
 * with err set.
 */
int cap_sweep_refine(const struct cap_workload *w, struct cap_sweep *s,
                     const struct cap_recommendation *r,
                     cap_progress_fn progress, void *ctx, char *err,
                     size_t errlen);

#endif
