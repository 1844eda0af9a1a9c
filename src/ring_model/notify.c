/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_ARGO_OP_notify: wake satisfied waiters on the caller's
 * rings, then answer each ring-data entry.
 */
#include "model_internal.h"

static void wake_waiters_on_own_rings(struct argo_model *m,
                                      struct argo_model_domain *d)
{
    for (unsigned i = 0; i < d->ring_slots; i++) {
        struct argo_model_ring *r = &d->rings[i];
        uint32_t space;

        if (!r->in_use)
            continue;
        space = ring_payload_space(r);
        /* No space wakes nobody, not even a waiter for an empty message. */
        if (space)
            waiters_wake(m, r, space);
    }
}

/*
 * One entry: flags are rebuilt from zero; max_message_size is only written
 * when the ring exists, so otherwise the guest gets its own value back.
 */
static void fill_ring_data(struct argo_model *m, argo_domid_t caller,
                           xen_argo_ring_data_ent_t *ent)
{
    struct argo_model_domain *dst;
    struct argo_model_ring *r;
    uint32_t space, max_size;
    uint16_t flags = 0;

    dst = model_argo_domain(m, ent->ring.domain_id);
    r = dst ? ring_match(dst, ent->ring.aport, caller) : NULL;
    if (!r) {
        ent->flags = 0;
        return;
    }

    flags |= XEN_ARGO_RING_EXISTS;
    max_size = argo_ring_max_message_size(r->len);
    if (ring_is_wildcard(r))
        flags |= XEN_ARGO_RING_SHARED;

    space = ring_payload_space(r);
    if (ent->space_required > max_size) {
        /* A wait for an impossible size would never end: none is queued. */
        flags |= XEN_ARGO_RING_EMSGSIZE;
    } else if (space >= ent->space_required) {
        waiters_cancel(r, caller);
        flags |= XEN_ARGO_RING_SUFFICIENT;
    } else if (waiters_requeue(r, caller, ent->space_required)) {
        flags |= XEN_ARGO_RING_EBUSY;
    }
    if (space == max_size)
        flags |= XEN_ARGO_RING_EMPTY;

    ent->flags = flags;
    ent->max_message_size = max_size;
}

long argo_notify(struct argo_model *m, argo_domid_t caller,
                 const xen_argo_ring_data_t *ring_data,
                 xen_argo_ring_data_ent_t *ents)
{
    struct argo_model_domain *d = argo_domain_find(m, caller);

    if (!d)
        return -ARGO_ESRCH;
    if (!d->argo_enabled)
        return -ARGO_EACCES;

    wake_waiters_on_own_rings(m, d);
    if (!ring_data)
        return 0;
    /* The waiters above are woken even when the entry count is refused. */
    if (ring_data->nent > ARGO_MAX_NOTIFY_COUNT)
        return -ARGO_EACCES;
    for (uint32_t i = 0; i < ring_data->nent; i++)
        fill_ring_data(m, caller, &ents[i]);
    return 0;
}
