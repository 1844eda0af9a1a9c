/* SPDX-License-Identifier: MIT */
/*
 * Description: decoded operation sequences on the model across several
 * domains; the invariant checker runs after every operation and any
 * violation aborts with what was violated and where.
 */
#include "fuzz_driver/checked_run.h"

static struct argo_model model;
static struct trace_runner runner;
static struct trace_op ops[TRACE_DECODE_OPS_CAP];
static uint8_t bytes[TRACE_DECODE_BYTES_CAP];
static struct trace_notify_ent ents[TRACE_DECODE_ENTS_CAP];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace t = {
        .ops = ops, .ops_cap = TRACE_DECODE_OPS_CAP,
        .bytes = bytes, .bytes_cap = TRACE_DECODE_BYTES_CAP,
        .ents = ents, .ents_cap = TRACE_DECODE_ENTS_CAP,
    };

    trace_decode(data, size, &t);
    checked_run(&model, &runner, &t);
    return 0;
}
