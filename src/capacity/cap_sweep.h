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

/* Called after each length: i of n done, m its result. */
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

#endif
