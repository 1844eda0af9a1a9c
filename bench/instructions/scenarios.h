/* SPDX-License-Identifier: MIT */
/*
 * Description: the instruction-count scenarios: a set-up and one operation
 * each, the same work as the benchmark of the same name in bench/.
 */
#ifndef ARGOLAB_INSTRUCTIONS_SCENARIOS_H
#define ARGOLAB_INSTRUCTIONS_SCENARIOS_H

#include "lib/bench_argo.h"

struct scenario_ctx {
    struct bench_argo a;
    struct bench_ring *ring;
    xen_argo_iov_t iovs[XEN_ARGO_MAXIOV];
    unsigned niov;
    uint32_t total;             /* payload bytes per message */
    uint8_t *payload, *out;
    argo_domid_t sender;
};

struct scenario {
    const char *name;           /* BACKEND/WORK, e.g. model/sendv_4096 */
    const char *backend;
    int (*setup)(struct scenario_ctx *c, const struct scenario *s);
    int (*op)(struct scenario_ctx *c);   /* 0, or -1 with c->a.why */
    uint32_t size;              /* the scenario's payload or ring size */
    unsigned n;                 /* its count: iovs, waiters or rings */
};

/* Every scenario this build has; the list ends with a NULL name. */
extern const struct scenario scenarios[];

/* Set up s in c: 0, or -1 with c->a.why. */
int scenario_setup(struct scenario_ctx *c, const struct scenario *s);

/* Free what the set-up made (also after a failed set-up). */
void scenario_teardown(struct scenario_ctx *c);

#endif
