/* SPDX-License-Identifier: MIT */
/*
 * Description: 10 000 decoded random traces (fixed seed) run on the model
 * and on Xen's own argo.c in lockstep; every result line and every ring
 * byte must agree. A trace stops just before an operation that would reach
 * a defect listed in docs/findings.md; the stops are counted and printed.
 * Skipped (77) when the xenhost backend was not built, saying why.
 */
#include <stdlib.h>

#include "check.h"
#include "test_rng.h"
#include "host/trace_diff.h"

#define NTRACES     10000u
#define MAX_INPUT   600u

static void print_input(const uint8_t *input, size_t len)
{
    fprintf(stderr, "input (%zu bytes):", len);
    for (size_t i = 0; i < len; i++)
        fprintf(stderr, "%s%02x", i % 32 ? "" : "\n  ", input[i]);
    fprintf(stderr, "\n");
}

int main(void)
{
    static struct trace_op ops[TRACE_DECODE_OPS_CAP];
    static uint8_t bytes[TRACE_DECODE_BYTES_CAP];
    static struct trace_notify_ent ents[TRACE_DECODE_ENTS_CAP];
    struct known_findings *kf = calloc(1, sizeof(*kf));
    unsigned long ops_compared = 0, stopped = 0;
    struct host_backend probe;
    const char *why;

    test_rng_seed(0x2545f4914f6cdd1dull);
    if (host_backend_open("xenhost", &probe, &why)) {
        printf("SKIP: %s\n", why);
        free(kf);
        return CHECK_SKIP;
    }
    host_backend_close(&probe);
    if (!CHECK(kf))
        return 1;

    for (unsigned i = 0; i < NTRACES; i++) {
        uint8_t input[MAX_INPUT];
        size_t len = test_rng() % MAX_INPUT;
        struct trace t = {
            .ops = ops, .ops_cap = TRACE_DECODE_OPS_CAP,
            .bytes = bytes, .bytes_cap = TRACE_DECODE_BYTES_CAP,
            .ents = ents, .ents_cap = TRACE_DECODE_ENTS_CAP,
        };
        struct host_backend model, xen;
        struct diff_report r;
        int rc;

        for (size_t k = 0; k < len; k++)
            input[k] = (uint8_t)test_rng();
        trace_decode(input, len, &t);
        if (!CHECK_EQ_I64(host_backend_open("model", &model, &why), 0) ||
            !CHECK_EQ_I64(host_backend_open("xenhost", &xen, &why), 0))
            break;
        rc = trace_diff(&t, &model, &xen, kf, NULL, NULL, &r);
        ops_compared += rc == 0 ? t.nops : r.op_index;
        stopped += rc == 2;
        host_backend_close(&model);
        host_backend_close(&xen);
        if (rc == 1) {
            fprintf(stderr, "trace %u diverges at L%u: %s | %s\n", i,
                    r.op_index < t.nops ? t.ops[r.op_index].line : 0,
                    r.line_a ? r.line_a : "(ring bytes or presence)",
                    r.line_b ? r.line_b : "");
            print_input(input, len);
        }
        diff_report_free(&r);
        if (!CHECK(rc == 0 || rc == 2))
            break;
    }

    printf("%u traces, %lu operations compared, %lu stopped at a known "
           "finding\n", NTRACES, ops_compared, stopped);
    for (unsigned f = 1; f < KNOWN_FINDINGS_COUNT; f++)
        if (kf->hits[f])
            printf("  finding %u: %lu (%s)\n", f, kf->hits[f],
                   known_finding_title(f));
    free(kf);
    return CHECK_DONE();
}
