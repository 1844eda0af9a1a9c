/* SPDX-License-Identifier: MIT */
/*
 * Description: random fuzzer-style byte strings, decoded and run end to end
 * through the trace runner on the model, with the invariant checker after
 * every operation; each run twice, the outputs byte-identical.
 *
 * This is the path the fuzzers take, and the one that exercises the runner's
 * guest side (ring memory, iov data, consume) together with the model.
 */
#include <stdlib.h>

#include "backend/argo_backend.h"
#include "check.h"
#include "test_rng.h"
#include "ring_model/argo_invariants.h"
#include "host/trace_host_std.h"
#include "trace/trace_run.h"

#define NINPUTS     3000u
#define MAX_INPUT   512u

struct sink {
    char *data;
    size_t len, cap;
};

struct harness {
    struct sink out;
    struct argo_model *model;
    struct argo_violation violation;
    uint32_t violation_line;
    unsigned long ops_checked;
};

static int sink_write(void *ctx, const char *s, size_t n)
{
    struct sink *o = &((struct harness *)ctx)->out;

    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 4096;

        while (cap < o->len + n)
            cap *= 2;
        o->data = realloc(o->data, cap);
        if (!o->data)
            return -1;
        o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
    return 0;
}

static int after_op(void *ctx, const struct trace_op *op)
{
    struct harness *h = ctx;

    h->ops_checked++;
    if (!argo_check_invariants(h->model, &h->violation))
        return 0;
    h->violation_line = op->line;
    return 3;
}

/* Run t once; returns the runner's status, output left in h->out. */
static int run_once(struct harness *h, struct trace_runner *runner,
                    const struct trace *t)
{
    struct trace_host host = {
        .alloc_zeroed = trace_host_calloc,
        .release = trace_host_free,
        .write = sink_write,
        .ctx = h,
        .after_op = after_op,
    };
    struct argo_backend be;

    h->out.len = 0;
    argo_backend_model_init(&be, h->model);
    return trace_run(runner, t, &be, &host);
}

int main(void)
{
    static struct trace_op ops[TRACE_DECODE_OPS_CAP];
    static uint8_t bytes[TRACE_DECODE_BYTES_CAP];
    static struct trace_notify_ent ents[TRACE_DECODE_ENTS_CAP];
    struct trace_runner *runner = malloc(sizeof(*runner));
    struct harness h = { .model = malloc(sizeof(*h.model)) };
    char *first = NULL;
    unsigned long total_ops = 0;

    test_rng_seed(0x9e3779b97f4a7c15ull);
    if (!CHECK(runner && h.model))
        return 1;

    for (unsigned i = 0; i < NINPUTS; i++) {
        uint8_t input[MAX_INPUT];
        size_t len = test_rng() % MAX_INPUT;
        struct trace t = {
            .ops = ops, .ops_cap = TRACE_DECODE_OPS_CAP,
            .bytes = bytes, .bytes_cap = TRACE_DECODE_BYTES_CAP,
            .ents = ents, .ents_cap = TRACE_DECODE_ENTS_CAP,
        };
        size_t first_len;
        int rc;

        for (size_t k = 0; k < len; k++)
            input[k] = (uint8_t)test_rng();
        trace_decode(input, len, &t);
        total_ops += t.nops;

        rc = run_once(&h, runner, &t);
        if (rc == 3)
            fprintf(stderr,
                    "input %u, op L%u: invariant violated: %s (ring %u %u %u, "
                    "expected %llu, found %llu)\n",
                    i, h.violation_line, h.violation.what, h.violation.dom,
                    h.violation.port, h.violation.partner,
                    (unsigned long long)h.violation.expected,
                    (unsigned long long)h.violation.actual);
        if (!CHECK_EQ_I64(rc, 0))
            break;

        first_len = h.out.len;
        first = realloc(first, first_len ? first_len : 1);
        memcpy(first, h.out.data, first_len);
        CHECK_EQ_I64(run_once(&h, runner, &t), 0);
        CHECK_EQ_U64(h.out.len, first_len);
        if (h.out.len == first_len)
            CHECK_EQ_MEM(h.out.data, first, first_len);
    }

    printf("%u inputs, %lu operations, %lu invariant checks\n", NINPUTS,
           total_ops, h.ops_checked);
    free(first);
    free(h.out.data);
    free(h.model);
    free(runner);
    return CHECK_DONE();
}
