/* SPDX-License-Identifier: MIT */
/*
 * Description: the model against Xen's own argo.c on decoded operation
 * sequences. Any divergence, and any of Xen's assertions, aborts. A trace
 * stops just before an operation that would reach a defect already in
 * docs/findings.md (known_findings.h), so only new behaviour is reported.
 */
#include <stdio.h>
#include <stdlib.h>

#include "host/trace_diff.h"

static struct trace_op ops[TRACE_DECODE_OPS_CAP];
static uint8_t bytes[TRACE_DECODE_BYTES_CAP];
static struct trace_notify_ent ents[TRACE_DECODE_ENTS_CAP];
static struct known_findings findings;

static void print_divergence(const struct trace *t, const struct diff_report *r)
{
    fprintf(stderr, "model and xenhost diverge at op %u (L%u, %s)\n",
            r->op_index, r->op_index < t->nops ? t->ops[r->op_index].line : 0,
            r->op_index < t->nops ? trace_op_name(t->ops[r->op_index].kind)
                                  : "final state");
    if (r->kind == DIFF_RESULT_LINE)
        fprintf(stderr, "  model:   %s\n  xenhost: %s\n", r->line_a, r->line_b);
    else if (r->kind == DIFF_RING_BYTES)
        fprintf(stderr, "  ring %u %u %u differs at byte %zu\n", r->ring.dom,
                r->ring.port, r->ring.partner, r->offset);
    else
        fprintf(stderr, "  ring %u %u %u registered on %s only\n", r->ring.dom,
                r->ring.port, r->ring.partner,
                r->present_a ? "the model" : "xenhost");
    fprintf(stderr, "  replay: argolab-replay --from-bytes <input> "
                    "--print-trace > t.trace && argolab-diff t.trace\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace t = {
        .ops = ops, .ops_cap = TRACE_DECODE_OPS_CAP,
        .bytes = bytes, .bytes_cap = TRACE_DECODE_BYTES_CAP,
        .ents = ents, .ents_cap = TRACE_DECODE_ENTS_CAP,
    };
    struct host_backend model, xen;
    struct diff_report r;
    const char *why;
    int rc;

    trace_decode(data, size, &t);
    if (host_backend_open("model", &model, &why) ||
        host_backend_open("xenhost", &xen, &why)) {
        fprintf(stderr, "fuzz_diff: %s\n", why);
        abort();
    }
    rc = trace_diff(&t, &model, &xen, &findings, NULL, NULL, &r);
    host_backend_close(&model);
    host_backend_close(&xen);
    if (rc == 1) {
        print_divergence(&t, &r);
        abort();
    }
    diff_report_free(&r);
    if (rc < 0)
        abort();
    return 0;
}
