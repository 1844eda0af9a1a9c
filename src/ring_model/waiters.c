/* SPDX-License-Identifier: MIT */
/*
 * Description: senders waiting for space on a ring (Xen's pending list).
 *
 * A domain has at most one wait per ring, so the order of the list is never
 * observable: wake-ups are signals, and signals are reported as a set.
 */
#include "model_internal.h"

static void waiter_delete(struct argo_model_ring *r, unsigned i)
{
    r->waiters[i] = r->waiters[--r->nwaiters];
}

int waiters_requeue(struct argo_model_ring *r, argo_domid_t domid,
                    uint32_t len)
{
    for (unsigned i = 0; i < r->nwaiters; i++) {
        if (r->waiters[i].domid != domid)
            continue;
        /* Wake only when the largest message this sender tried would fit. */
        if (r->waiters[i].len < len)
            r->waiters[i].len = len;
        return 0;
    }
    if (r->nwaiters >= ARGO_MAX_PENDING_PER_RING)
        return -ARGO_EBUSY;
    r->waiters[r->nwaiters].domid = domid;
    r->waiters[r->nwaiters].len = len;
    r->nwaiters++;
    return 0;
}

void waiters_cancel(struct argo_model_ring *r, argo_domid_t domid)
{
    for (unsigned i = r->nwaiters; i-- > 0;)
        if (r->waiters[i].domid == domid)
            waiter_delete(r, i);
}

void waiters_wake(struct argo_model *m, struct argo_model_ring *r,
                  uint32_t space)
{
    for (unsigned i = r->nwaiters; i-- > 0;) {
        argo_domid_t domid = r->waiters[i].domid;

        if (space < r->waiters[i].len)
            continue;
        waiter_delete(r, i);
        model_signal(m, domid);
    }
}
