/* SPDX-License-Identifier: MIT */
/*
 * Description: decoded operation sequences on the model across several
 * domains; the invariant checker runs after every operation and any
 * violation aborts with what was violated and where.
 */
#include <stdio.h>
#include <stdlib.h>

#include "backend/argo_backend.h"
#include "ring_model/argo_invariants.h"
#include "host/trace_host_std.h"
#include "trace/trace_run.h"

static struct argo_model model;
static struct trace_runner runner;
static struct trace_op ops[TRACE_DECODE_OPS_CAP];
static uint8_t bytes[TRACE_DECODE_BYTES_CAP];
static struct trace_notify_ent ents[TRACE_DECODE_ENTS_CAP];

static void check_after(const struct trace_op *op)
{
    struct argo_violation v;

    if (!argo_check_invariants(&model, &v))
        return;
    fprintf(stderr, "invariant violated after L%u (%s): %s (ring %u %u %u, "
                    "expected %llu, found %llu)\n",
            op->line, trace_op_name(op->kind), v.what, v.dom, v.port,
            v.partner, (unsigned long long)v.expected,
            (unsigned long long)v.actual);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace t = {
        .ops = ops, .ops_cap = TRACE_DECODE_OPS_CAP,
        .bytes = bytes, .bytes_cap = TRACE_DECODE_BYTES_CAP,
        .ents = ents, .ents_cap = TRACE_DECODE_ENTS_CAP,
    };
    struct trace_host host = {
        .alloc_zeroed = trace_host_calloc,
        .release = trace_host_free,
        .write = trace_host_discard,
    };
    struct argo_backend be;

    trace_decode(data, size, &t);
    argo_backend_model_init(&be, &model);
    /* Step by step: the final lines (CRCs of every ring) are not needed. */
    trace_run_start(&runner, &t, &be, &host);
    for (uint32_t i = 0; i < t.nops; i++) {
        trace_run_step(&runner, &t.ops[i]);
        check_after(&t.ops[i]);
    }
    trace_run_finish(&runner, false);
    return 0;
}
