/* SPDX-License-Identifier: MIT */
/*
 * Description: running decoded operations on the model, each checked
 * against the rules of docs/ioreq.md written as a table of outcomes: the
 * expected return code of every claim, disclaim, create and destroy, where
 * every guest access must go, and what each operation may change.
 *
 * The rules are evaluated on the state before the operation, independently
 * of how the model reached its answer; a disagreement is reported as text.
 */
#ifndef ARGOLAB_IOREQ_RUN_H
#define ARGOLAB_IOREQ_RUN_H

#include "ioreq_input.h"

struct ioreq_runner {
    struct ioreq_model m;
    /* A disclaim preempted with -ERESTART, resumed by IOREQ_OP_CONTINUE. */
    bool continuation;
    ioreq_domid_t continuation_caller;
    struct ioreq_map_mem_type_op continuation_op;
};

struct ioreq_outcome {
    long rc;                            /* 0 or -errno; accesses: 0 */
    enum ioreq_access_result access;    /* write, read */
    uint16_t server;                    /* the server a write went to */
    const char *broken;                 /* NULL, or the rule the model broke */
};

void ioreq_runner_init(struct ioreq_runner *r,
                       const struct ioreq_model_config *cfg);

/* Run op on r->m and check it; out->broken says whether a rule failed. */
void ioreq_run_op(struct ioreq_runner *r, const struct ioreq_op *op,
                  struct ioreq_outcome *out);

#endif
