/* SPDX-License-Identifier: MIT */
/*
 * Description: the model's invariant checker, callable after any operation.
 *
 * Checks that ring indices are aligned and in range, that the messages from
 * rx_ptr to tx_ptr parse, that waiter and ring counts agree with what is
 * stored and stay within Xen's limits, and conservation: every payload byte
 * sendv accepted is still queued in a ring, or was consumed once, or was
 * dropped with its ring, or left the books when the guest rewrote an index.
 */
#ifndef ARGOLAB_ARGO_INVARIANTS_H
#define ARGOLAB_ARGO_INVARIANTS_H

#include "argo_model.h"

struct argo_violation {
    const char *what;           /* the invariant that failed */
    argo_domid_t dom;           /* where, when it concerns a ring or domain */
    xen_argo_port_t port;
    argo_domid_t partner;
    uint64_t expected;
    uint64_t actual;
};

/*
 * Returns 0 when every invariant holds, or -1 with *v describing the first
 * violation found. Does not modify the model. Cost is linear in the bytes
 * queued in rings.
 */
int argo_check_invariants(const struct argo_model *m, struct argo_violation *v);

#endif
