/* SPDX-License-Identifier: MIT */
/*
 * Description: bench_argo set-up for Google Benchmark runs: on failure the
 * run is skipped with the reason, so callers only have to return.
 */
#ifndef ARGOLAB_BENCH_SETUP_H
#define ARGOLAB_BENCH_SETUP_H

#include "bench_argo.h"
#include "shim/bench_shim.h"

/* bench_argo_open; on failure the run is skipped with a->why. */
static inline int bench_open_or_skip(struct bench_state *st,
                                     struct bench_argo *a,
                                     const char *backend, unsigned ndomains)
{
    if (bench_argo_open(a, backend, ndomains)) {
        bench_skip(st, a->why);
        return -1;
    }
    return 0;
}

/* bench_argo_ring; on failure the run is skipped with a->why. */
static inline struct bench_ring *bench_ring_or_skip(struct bench_state *st,
                                                    struct bench_argo *a,
                                                    argo_domid_t dom,
                                                    xen_argo_port_t port,
                                                    argo_domid_t partner,
                                                    uint32_t len)
{
    struct bench_ring *r = bench_argo_ring(a, dom, port, partner, len);

    if (!r)
        bench_skip(st, a->why);
    return r;
}

#endif
