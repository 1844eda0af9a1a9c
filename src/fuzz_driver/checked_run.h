/* SPDX-License-Identifier: MIT */
/*
 * Description: running a trace on the model with the invariant checker
 * after every operation, for the fuzz targets that judge the model that way
 * (fuzz_ops, fuzz_v4v_ops). Header-only: every fuzz target is built from
 * its own file plus the model, here and in build.sh.
 */
#ifndef ARGOLAB_FUZZ_CHECKED_RUN_H
#define ARGOLAB_FUZZ_CHECKED_RUN_H

#include <stdio.h>
#include <stdlib.h>

#include "backend/argo_backend.h"
#include "host/trace_host_std.h"
#include "ring_model/argo_invariants.h"
#include "trace/trace_run.h"

/* Abort, saying what broke after which operation, if m breaks an invariant. */
static inline void checked_run_check(struct argo_model *m,
                                     const struct trace_op *op)
{
    struct argo_violation v;

    if (!argo_check_invariants(m, &v))
        return;
    fprintf(stderr, "invariant violated after L%u (%s): %s (ring %u %u %u, "
                    "expected %llu, found %llu)\n",
            op->line, trace_op_name(op->kind), v.what, v.dom, v.port,
            v.partner, (unsigned long long)v.expected,
            (unsigned long long)v.actual);
    abort();
}

/*
 * Run t on a fresh model m with runner, checking after each operation;
 * output is discarded and the final lines (CRCs of every ring) skipped.
 */
static inline void checked_run(struct argo_model *m,
                               struct trace_runner *runner,
                               const struct trace *t)
{
    struct trace_host host = {
        .alloc_zeroed = trace_host_calloc,
        .release = trace_host_free,
        .write = trace_host_discard,
    };
    struct argo_backend be;

    argo_backend_model_init(&be, m);
    trace_run_start(runner, t, &be, &host);
    for (uint32_t i = 0; i < t->nops; i++) {
        trace_run_step(runner, &t->ops[i]);
        checked_run_check(m, &t->ops[i]);
    }
    trace_run_finish(runner, false);
}

#endif
