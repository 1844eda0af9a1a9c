/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_ARGO_OP_register_ring and XEN_ARGO_OP_unregister_ring,
 * with every check in the order Xen 4.17 makes it.
 */
#include "model_internal.h"

static bool ring_len_valid(const xen_argo_register_ring_t *reg,
                           uint64_t npages)
{
    return reg->len >= ARGO_MIN_RING_LEN &&
           reg->len <= XEN_ARGO_MAX_RING_SIZE &&
           reg->len == argo_roundup_slot(reg->len) &&
           argo_ring_npages(reg->len) == npages &&
           reg->pad == 0;
}

/*
 * The guest owns tx_ptr's memory. A usable value is kept (a ring survives
 * re-registration, e.g. after resume); anything else flushes the ring by
 * moving tx_ptr to the slot at or after the guest's rx_ptr.
 */
static uint32_t ring_adopt_tx(struct argo_model *m, struct argo_model_ring *r)
{
    uint32_t tx = ring_header_tx(r);

    if (tx < r->len && tx == argo_roundup_slot(tx))
        return tx;

    tx = argo_roundup_slot(ring_header_rx(r));
    if (tx >= r->len)
        tx = 0;
    ring_header_set_tx(r, tx);
    ledger_tamper(m, r);
    return tx;
}

long argo_register_ring(struct argo_model *m, argo_domid_t caller,
                        const xen_argo_register_ring_t *reg, uint8_t *mem,
                        bool bad_frame, uint64_t npages, uint64_t flags)
{
    struct argo_model_domain *d, *partner = NULL;
    struct argo_model_ring *r;
    bool is_new;

    d = argo_domain_find(m, caller);
    if (!d)
        return -ARGO_ESRCH;
    if (npages > UINT32_MAX || flags > UINT32_MAX)
        return -ARGO_EINVAL;
    if (!d->argo_enabled)
        return -ARGO_EACCES;
    if (npages > (XEN_ARGO_MAX_RING_SIZE >> ARGO_PAGE_SHIFT))
        return -ARGO_EINVAL;
    if (flags & ~(uint64_t)XEN_ARGO_REGISTER_FLAG_MASK)
        return -ARGO_EINVAL;
    if (!ring_len_valid(reg, npages))
        return -ARGO_EINVAL;

    if (reg->partner_id == XEN_ARGO_DOMID_ANY) {
        if (!m->mac_permissive)
            return -ARGO_EPERM;
    } else {
        partner = argo_domain_find(m, reg->partner_id);
        if (!partner)
            return -ARGO_ESRCH;
        if (!partner->argo_enabled)
            return -ARGO_ECONNREFUSED;
    }

    /* Xen counts before it looks: a full domain cannot even re-register. */
    if (d->ring_count >= ARGO_MAX_RINGS_PER_DOMAIN)
        return -ARGO_ENOSPC;

    r = ring_lookup(d, reg->aport, reg->partner_id);
    is_new = !r;
    if (r) {
        if (flags & XEN_ARGO_REGISTER_FLAG_FAIL_EXIST)
            return -ARGO_EEXIST;
        /* Pending waits were sized for the old length: no resizing. */
        if (r->len != reg->len)
            return -ARGO_EEXIST;
    }

    /* Xen has already dropped an existing ring's old frames at this point. */
    if (bad_frame || !mem) {
        if (r)
            ring_remove(m, d, r);
        return -ARGO_EINVAL;
    }

    if (is_new) {
        r = ring_slot_alloc(d);
        memset(r, 0, sizeof(*r));
        r->in_use = true;
        r->aport = reg->aport;
        r->partner_id = reg->partner_id;
        d->ring_count++;
    } else if (r->mem != mem) {
        ledger_tamper(m, r);
    }
    ring_attach(r, mem, RING_ABI_ARGO, reg->len);
    r->len = reg->len;
    r->npages = (uint32_t)npages;
    r->tx_ptr = ring_adopt_tx(m, r);
    return 0;
}

long argo_unregister_ring(struct argo_model *m, argo_domid_t caller,
                          const xen_argo_unregister_ring_t *unreg)
{
    struct argo_model_domain *d;
    struct argo_model_ring *r;

    d = argo_domain_find(m, caller);
    if (!d)
        return -ARGO_ESRCH;
    if (!d->argo_enabled)
        return -ARGO_EACCES;
    if (unreg->pad)
        return -ARGO_EINVAL;

    r = ring_lookup(d, unreg->aport, unreg->partner_id);
    if (!r)
        return -ARGO_ENOENT;
    ring_remove(m, d, r);
    return 0;
}
