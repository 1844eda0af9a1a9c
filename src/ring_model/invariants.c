/* SPDX-License-Identifier: MIT */
/* Description: the invariant checker over the whole model state. */
#include "argo_invariants.h"
#include "model_internal.h"

static int fail(struct argo_violation *v, const char *what,
                const struct argo_model_domain *d,
                const struct argo_model_ring *r, uint64_t expected,
                uint64_t actual)
{
    v->what = what;
    v->dom = d ? d->domid : 0;
    v->port = r ? r->aport : 0;
    v->partner = r ? r->partner_id : 0;
    v->expected = expected;
    v->actual = actual;
    return -1;
}

static const struct argo_model_domain *
domain_lookup(const struct argo_model *m, argo_domid_t domid)
{
    for (unsigned i = 0; i < m->domain_slots; i++)
        if (m->domains[i].exists && m->domains[i].domid == domid)
            return &m->domains[i];
    return NULL;
}

static int check_waiters(const struct argo_model *m,
                         const struct argo_model_domain *d,
                         const struct argo_model_ring *r,
                         struct argo_violation *v)
{
    uint32_t max_size = argo_ring_max_message_size(r->len);

    if (r->nwaiters > ARGO_MAX_PENDING_PER_RING)
        return fail(v, "more waiters than a ring allows", d, r,
                    ARGO_MAX_PENDING_PER_RING, r->nwaiters);
    for (unsigned i = 0; i < r->nwaiters; i++) {
        const struct argo_waiter *w = &r->waiters[i];
        const struct argo_model_domain *wd = domain_lookup(m, w->domid);

        if (!wd || !wd->argo_enabled)
            return fail(v, "waiter domain has no Argo state", d, r, 0,
                        w->domid);
        if (!ring_is_wildcard(r) && w->domid != r->partner_id)
            return fail(v, "waiter on a single-partner ring is not the partner",
                        d, r, r->partner_id, w->domid);
        /* V4V queues whatever notify asks for, even sizes no message has. */
        if (r->abi == RING_ABI_ARGO && w->len > max_size)
            return fail(v, "waiter wants more than the ring's max message",
                        d, r, max_size, w->len);
        for (unsigned j = 0; j < i; j++)
            if (r->waiters[j].domid == w->domid)
                return fail(v, "domain waits twice on one ring", d, r, 1, 2);
    }
    return 0;
}

/* Walk the messages between the guest's rx_ptr and Xen's tx_ptr. */
static int check_message_chain(const struct argo_model_domain *d,
                               const struct argo_model_ring *r,
                               struct argo_violation *v)
{
    const uint8_t *data = ring_data(r);
    uint32_t rx = ring_header_rx(r), tx = r->tx_ptr;
    uint64_t payload = 0;
    uint32_t msgs = 0;

    if (ring_header_tx(r) != tx)
        return fail(v, "ring header tx_ptr differs from Xen's", d, r, tx,
                    ring_header_tx(r));
    if (rx >= r->len || rx % XEN_ARGO_MSG_SLOT_SIZE)
        return fail(v, "rx_ptr unaligned or out of range", d, r, r->len, rx);

    while (rx != tx) {
        xen_argo_ring_message_header_t mh;
        uint32_t left = tx > rx ? tx - rx : r->len - (rx - tx);
        uint64_t span;

        memcpy(&mh, data + rx, sizeof(mh));
        span = ((uint64_t)mh.len + 15u) & ~(uint64_t)15u;
        if (mh.len < ARGO_MSG_HEADER_SIZE || span > left)
            return fail(v, "message chain does not parse", d, r, left,
                        mh.len);
        payload += mh.len - ARGO_MSG_HEADER_SIZE;
        msgs++;
        rx = (uint32_t)((rx + span) % r->len);
    }
    if (payload != r->ledger.queued_bytes)
        return fail(v, "queued payload bytes lost or duplicated", d, r,
                    r->ledger.queued_bytes, payload);
    if (msgs != r->ledger.queued_msgs)
        return fail(v, "queued messages lost or duplicated", d, r,
                    r->ledger.queued_msgs, msgs);
    return 0;
}

/* V4V's frames cover len bytes, not always the header too (docs/abi.md). */
static int check_v4v_frames(const struct argo_model_domain *d,
                            const struct argo_model_ring *r,
                            struct argo_violation *v)
{
    uint64_t bytes = (uint64_t)r->npages * ARGO_PAGE_SIZE;
    uint64_t mapped = bytes - V4V_RING_HEADER_SIZE;

    if (bytes < r->len || r->npages > (V4V_MAX_RING_SIZE >> ARGO_PAGE_SHIFT))
        return fail(v, "V4V frames do not cover the ring", d, r, r->len,
                    (uint32_t)bytes);
    if (r->mapped != (mapped < r->len ? mapped : r->len))
        return fail(v, "V4V ring's mapped bytes do not match its frames", d,
                    r, (uint32_t)mapped, r->mapped);
    return 0;
}

static int check_ring(const struct argo_model *m,
                      const struct argo_model_domain *d,
                      const struct argo_model_ring *r, struct argo_violation *v)
{
    if (r->len < ARGO_MIN_RING_LEN || r->len > XEN_ARGO_MAX_RING_SIZE ||
        r->len % XEN_ARGO_MSG_SLOT_SIZE)
        return fail(v, "ring length invalid", d, r, 0, r->len);
    if (r->abi == RING_ABI_ARGO && r->npages != argo_ring_npages(r->len))
        return fail(v, "ring page count does not match its length", d, r,
                    argo_ring_npages(r->len), r->npages);
    if (r->abi == RING_ABI_V4V && check_v4v_frames(d, r, v))
        return -1;
    if (!r->mem)
        return fail(v, "registered ring has no memory", d, r, 1, 0);
    if (r->tx_ptr >= r->len || r->tx_ptr % XEN_ARGO_MSG_SLOT_SIZE)
        return fail(v, "tx_ptr unaligned or out of range", d, r, r->len,
                    r->tx_ptr);
    /* Argo refuses a partner without Argo; V4V never looks. */
    if (r->abi == RING_ABI_ARGO && !ring_is_wildcard(r)) {
        const struct argo_model_domain *p = domain_lookup(m, r->partner_id);

        if (!p || !p->argo_enabled)
            return fail(v, "ring partner has no Argo state", d, r, 0,
                        r->partner_id);
    }
    for (const struct argo_model_ring *o = d->rings; o < r; o++)
        if (o->in_use && o->aport == r->aport && o->partner_id == r->partner_id)
            return fail(v, "ring registered twice", d, r, 1, 2);
    if (check_waiters(m, d, r, v))
        return -1;
    return r->ledger.tampered ? 0 : check_message_chain(d, r, v);
}

int argo_check_invariants(const struct argo_model *m, struct argo_violation *v)
{
    uint64_t queued = 0;
    const struct argo_ledger *l = &m->ledger;

    for (unsigned i = 0; i < m->domain_slots; i++) {
        const struct argo_model_domain *d = &m->domains[i];
        uint32_t rings = 0;

        if (!d->exists)
            continue;
        for (unsigned j = 0; j < i; j++)
            if (m->domains[j].exists && m->domains[j].domid == d->domid)
                return fail(v, "domain id exists twice", d, NULL, 1, 2);
        for (unsigned k = 0; k < d->ring_slots; k++) {
            const struct argo_model_ring *r = &d->rings[k];

            if (!r->in_use)
                continue;
            if (!d->argo_enabled)
                return fail(v, "domain without Argo has a ring", d, r, 0, 1);
            if (check_ring(m, d, r, v))
                return -1;
            rings++;
            if (!r->ledger.tampered)
                queued += r->ledger.queued_bytes;
        }
        if (rings != d->ring_count)
            return fail(v, "ring count differs from rings registered", d, NULL,
                        rings, d->ring_count);
        if (d->ring_count > ARGO_MAX_RINGS_PER_DOMAIN)
            return fail(v, "more rings than a domain allows", d, NULL,
                        ARGO_MAX_RINGS_PER_DOMAIN, d->ring_count);
    }
    if (l->accepted_bytes !=
        l->consumed_bytes + l->dropped_bytes + l->tampered_bytes + queued)
        return fail(v, "accepted bytes not conserved", NULL, NULL,
                    l->accepted_bytes,
                    l->consumed_bytes + l->dropped_bytes + l->tampered_bytes +
                        queued);
    return 0;
}
