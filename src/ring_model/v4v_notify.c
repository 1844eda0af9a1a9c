/* SPDX-License-Identifier: MIT */
/*
 * Description: V4VOP_notify: wake satisfied waiters on the caller's rings,
 * then answer each ring-data entry with V4V's flags.
 */
#include "model_internal.h"
#include "v4v_model.h"

uint32_t v4v_payload_space(const struct argo_model_ring *r)
{
    uint32_t rx;
    int64_t space;

    memcpy(&rx, r->rx_at, sizeof(rx));
    if (rx == r->tx_ptr)
        return r->len - V4V_MSG_HEADER_SIZE;
    /* 32-bit signed arithmetic as in the reference, widened to stay defined. */
    space = (int64_t)(int32_t)(rx - r->tx_ptr);
    if (space < 0)
        space += r->len;
    space -= V4V_MSG_HEADER_SIZE + V4V_MSG_SLOT_SIZE;
    if (space < 0)
        return 0;
    return space > INT32_MAX ? (uint32_t)INT32_MAX : (uint32_t)space;
}

/*
 * One entry. Only flags go back to the guest; the reference computes the
 * largest message but never writes it. An empty ring has len - 16 free and
 * its largest message is len - 32, so a well-formed ring never reports
 * EMPTY (docs/abi.md).
 */
static void v4v_fill_ring_data(struct argo_model *m, argo_domid_t caller,
                               v4v_ring_data_ent_t *ent)
{
    struct argo_model_domain *dst = model_argo_domain(m, ent->ring.domain);
    struct argo_model_ring *r;
    uint32_t space, max_size;
    uint16_t flags = 0;

    r = dst ? ring_match(dst, ent->ring.port, caller) : NULL;
    if (r) {
        flags |= V4V_RING_DATA_F_EXISTS;
        max_size = r->len - V4V_MSG_HEADER_SIZE - V4V_MSG_SLOT_SIZE;
        space = v4v_payload_space(r);
        if (space >= ent->space_required) {
            waiters_cancel(r, caller);
            flags |= V4V_RING_DATA_F_SUFFICIENT;
        } else {
            /* A failed requeue is not reported. */
            (void)waiters_requeue(r, caller, ent->space_required);
            flags |= V4V_RING_DATA_F_PENDING;
        }
        if (space == max_size)
            flags |= V4V_RING_DATA_F_EMPTY;
    }
    ent->flags = flags;
}

long v4v_notify(struct argo_model *m, argo_domid_t caller,
                const v4v_ring_data_t *ring_data, v4v_ring_data_ent_t *ents)
{
    struct argo_model_domain *d = argo_domain_find(m, caller);

    if (!d)
        return -ARGO_ESRCH;
    if (!d->argo_enabled)
        return -ARGO_ENODEV;

    /* Unlike Argo, a ring with no space still wakes waiters for nothing. */
    for (unsigned i = 0; i < d->ring_slots; i++)
        if (d->rings[i].in_use)
            waiters_wake(m, &d->rings[i], v4v_payload_space(&d->rings[i]));

    if (!ring_data)
        return 0;
    if (ring_data->magic != V4V_RING_DATA_MAGIC)
        return -ARGO_EINVAL;
    if (ring_data->nent > V4V_MAXENT)
        return -ARGO_EINVAL;
    for (uint32_t i = 0; i < ring_data->nent; i++)
        v4v_fill_ring_data(m, caller, &ents[i]);
    return 0;
}
