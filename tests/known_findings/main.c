/* SPDX-License-Identifier: MIT */
/*
 * Description: the known-findings gate stops a differential run exactly at
 * the operation of each tests/findings/ trace that reaches a Xen defect,
 * and lets traces that reach none run to the end.
 */
#include <stdlib.h>

#include "check.h"
#include "host/trace_diff.h"
#include "host/trace_file.h"

struct expectation {
    const char *trace;
    unsigned finding;           /* 0: runs to the end */
    uint32_t line;              /* where it stops */
};

static const struct expectation expected[] = {
    { "reregister-ring-count.trace", 1, 133 },
    { "failed-reregister-ring-count.trace", 1, 136 },
    { "destroy-wildcard-waiter.trace", 3, 12 },
    { "self-partner-destroy.trace", 5, 8 },
    { "stale-send-record.trace", 6, 11 },
    { "max-ring-size.trace", 0, 0 },
};

static void check_trace(const struct expectation *e)
{
    char path[512], *text;
    struct host_backend a, b;
    struct known_findings *kf = calloc(1, sizeof(*kf));
    struct diff_report r;
    const char *why;
    struct trace t;
    size_t len;
    int rc;

    snprintf(path, sizeof(path), "%s/tests/findings/%s", ARGOLAB_SOURCE_DIR,
             e->trace);
    if (!CHECK(kf) || !CHECK_EQ_I64(trace_file_read(path, &text, &len), 0))
        return;
    rc = trace_file_parse(path, text, len, &t);
    free(text);
    if (!CHECK_EQ_I64(rc, 0))
        return;
    CHECK_EQ_I64(host_backend_open("model", &a, &why), 0);
    CHECK_EQ_I64(host_backend_open("model", &b, &why), 0);

    rc = trace_diff(&t, &a, &b, kf, NULL, NULL, &r);
    printf("%s: %s\n", e->trace,
           rc == 2 ? known_finding_title(r.finding) : "no finding reached");
    if (e->finding) {
        CHECK_EQ_I64(rc, 2);
        CHECK_EQ_I64(r.kind, DIFF_KNOWN_FINDING);
        CHECK_EQ_U64(r.finding, e->finding);
        CHECK_EQ_U64(t.ops[r.op_index].line, e->line);
        CHECK_EQ_U64(kf->hits[e->finding], 1);
    } else {
        CHECK_EQ_I64(rc, 0);
    }
    diff_report_free(&r);
    host_backend_close(&a);
    host_backend_close(&b);
    trace_file_free(&t);
    free(kf);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        check_trace(&expected[i]);
    return CHECK_DONE();
}
