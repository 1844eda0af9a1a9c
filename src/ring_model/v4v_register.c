/* SPDX-License-Identifier: MIT */
/*
 * Description: V4VOP_register_ring and V4VOP_unregister_ring: the ring
 * header's checks, the domain id and tx_ptr Xen writes back, the pfn list's
 * checks, and re-registration that replaces a ring in place.
 */
#include "model_internal.h"
#include "v4v_model.h"

static uint32_t load_u32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static bool v4v_len_valid(uint32_t len)
{
    return len >= V4V_MIN_RING_LEN && len % V4V_MSG_SLOT_SIZE == 0 &&
           len <= V4V_MAX_RING_SIZE;
}

/*
 * v4v_ring_add keeps a guest's tx_ptr when it is a slot inside the ring (a
 * ring survives hibernation that way) and otherwise flushes the ring to the
 * slot at or after rx_ptr, writing the repair into the guest's header.
 */
static uint32_t v4v_adopt_tx(uint8_t *ring, uint32_t len, bool *repaired)
{
    uint32_t tx = load_u32(ring + offsetof(v4v_ring_t, tx_ptr));
    uint32_t rx = load_u32(ring + offsetof(v4v_ring_t, rx_ptr));

    *repaired = false;
    if (tx < len && tx % V4V_MSG_SLOT_SIZE == 0)
        return tx;
    tx = (uint32_t)(((uint64_t)rx + 15u) & ~(uint64_t)15u);
    if (tx >= len)
        tx = 0;
    memcpy(ring + offsetof(v4v_ring_t, tx_ptr), &tx, sizeof(tx));
    *repaired = true;
    return tx;
}

/* v4v_find_ring_mfns' checks, all -EINVAL; the header is not counted. */
static bool v4v_pfns_valid(const v4v_pfn_list_t *pfns, uint32_t len,
                           bool bad_frame)
{
    return pfns->magic == V4V_PFN_LIST_MAGIC &&
           (uint64_t)pfns->npage * ARGO_PAGE_SIZE >= len &&
           pfns->npage <= (V4V_MAX_RING_SIZE >> ARGO_PAGE_SHIFT) &&
           !bad_frame;
}

long v4v_register_ring(struct argo_model *m, argo_domid_t caller,
                       uint8_t *ring, uint64_t ring_gva,
                       const v4v_pfn_list_t *pfns, bool bad_frame)
{
    struct argo_model_domain *d;
    struct argo_model_ring *r;
    uint16_t partner;
    uint32_t len, port, tx, mapped;
    bool repaired;

    d = argo_domain_find(m, caller);
    if (!d)
        return -ARGO_ESRCH;
    /* "Rings must be page aligned": checked before anything is looked up. */
    if (ring_gva & (ARGO_PAGE_SIZE - 1u))
        return -ARGO_EINVAL;
    if (!d->argo_enabled)
        return -ARGO_EINVAL;
    if (!ring)
        return -ARGO_EFAULT;

    {
        uint64_t magic;

        memcpy(&magic, ring + offsetof(v4v_ring_t, magic), sizeof(magic));
        if (magic != V4V_RING_MAGIC)
            return -ARGO_EINVAL;
    }
    len = load_u32(ring + offsetof(v4v_ring_t, len));
    if (!v4v_len_valid(len))
        return -ARGO_EINVAL;

    /* Xen names the ring after the caller, whatever the guest wrote there. */
    memcpy(ring + offsetof(v4v_ring_t, id.addr.domain), &caller,
           sizeof(caller));
    tx = v4v_adopt_tx(ring, len, &repaired);

    port = load_u32(ring + offsetof(v4v_ring_t, id.addr.port));
    memcpy(&partner, ring + offsetof(v4v_ring_t, id.partner), sizeof(partner));

    r = ring_lookup(d, port, partner);
    /* A new ring's record is allocated before the frames are looked at. */
    if (!r && d->ring_count >= ARGO_MAX_RINGS_PER_DOMAIN)
        return -ARGO_ENOMEM;
    if (!v4v_pfns_valid(pfns, len, bad_frame)) {
        /*
         * The reference code has dropped an existing ring's frames by now
         * and leaves it registered without any: the model removes it, as
         * Argo does (docs/abi.md).
         */
        if (r)
            ring_remove(m, d, r);
        return -ARGO_EINVAL;
    }
    if (!r) {
        r = ring_slot_alloc(d);
        memset(r, 0, sizeof(*r));
        r->in_use = true;
        r->aport = port;
        r->partner_id = partner;
        d->ring_count++;
    } else if (r->mem != ring || r->len != len || repaired) {
        ledger_tamper(m, r);
    }
    mapped = pfns->npage * ARGO_PAGE_SIZE - V4V_RING_HEADER_SIZE;
    ring_attach(r, ring, RING_ABI_V4V, mapped < len ? mapped : len);
    r->len = len;
    r->npages = pfns->npage;
    r->tx_ptr = tx;
    if (repaired)
        ledger_tamper(m, r);
    return 0;
}

long v4v_unregister_ring(struct argo_model *m, argo_domid_t caller,
                         const v4v_ring_t *ring)
{
    struct argo_model_domain *d;
    struct argo_model_ring *r;

    d = argo_domain_find(m, caller);
    if (!d)
        return -ARGO_ESRCH;
    if (!d->argo_enabled)
        return -ARGO_EINVAL;
    if (ring->magic != V4V_RING_MAGIC)
        return -ARGO_EINVAL;
    r = ring_lookup(d, ring->id.addr.port, ring->id.partner);
    if (!r)
        return -ARGO_ENOENT;
    ring_remove(m, d, r);
    return 0;
}
