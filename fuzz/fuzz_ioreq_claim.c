/* SPDX-License-Identifier: MIT */
/*
 * Description: sequences of ioreq server creation and destruction, claims
 * and disclaims of p2m_ioreq_server (with preemption and continuation),
 * page type changes, guest reads and writes, and lazy recalculation steps,
 * on the ioreq model. After every operation the rules of docs/ioreq.md are
 * checked against the state before it, and the model's invariants against
 * the state after; either failing aborts with the operation and what broke.
 *
 * Input: the layout in src/ioreq_model/ioreq_input.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ioreq_model/ioreq_invariants.h"
#include "ioreq_model/ioreq_run.h"

static struct ioreq_input input;
static struct ioreq_runner runner;

static void fail(size_t i, const struct ioreq_op *op, const char *what,
                 long rc)
{
    const char *name = ioreq_errno_name(-rc);

    fprintf(stderr, "ioreq: after op %zu (%s), rc %ld%s%s: %s\n", i,
            ioreq_op_name(op->kind), rc, name ? " " : "", name ? name : "",
            what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ioreq_outcome out;
    struct ioreq_violation v;

    ioreq_decode(data, size, &input);
    ioreq_runner_init(&runner, &input.cfg);
    for (size_t i = 0; i < input.nops; i++) {
        ioreq_run_op(&runner, &input.ops[i], &out);
        if (out.broken)
            fail(i, &input.ops[i], out.broken, out.rc);
        if (ioreq_check_invariants(&runner.m, &v)) {
            fprintf(stderr, "ioreq: invariant at gfn %llu: expected %llu, "
                            "found %llu\n", (unsigned long long)v.gfn,
                    (unsigned long long)v.expected,
                    (unsigned long long)v.actual);
            fail(i, &input.ops[i], v.what, out.rc);
        }
    }
    return 0;
}
