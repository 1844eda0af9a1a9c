/* SPDX-License-Identifier: MIT */
/* Description: a domain's registered rings: lookup, matching, removal. */
#include "model_internal.h"

struct argo_model_ring *ring_lookup(struct argo_model_domain *d,
                                    xen_argo_port_t aport,
                                    argo_domid_t partner)
{
    for (unsigned i = 0; i < d->ring_slots; i++) {
        struct argo_model_ring *r = &d->rings[i];

        if (r->in_use && r->aport == aport && r->partner_id == partner)
            return r;
    }
    return NULL;
}

struct argo_model_ring *ring_match(struct argo_model_domain *dst,
                                   xen_argo_port_t aport, argo_domid_t sender)
{
    struct argo_model_ring *r = ring_lookup(dst, aport, sender);

    return r ? r : ring_lookup(dst, aport, XEN_ARGO_DOMID_ANY);
}

struct argo_model_ring *argo_ring_find(struct argo_model *m, argo_domid_t dom,
                                       xen_argo_port_t aport,
                                       argo_domid_t partner)
{
    struct argo_model_domain *d = model_argo_domain(m, dom);

    return d ? ring_lookup(d, aport, partner) : NULL;
}

struct argo_model_ring *ring_slot_alloc(struct argo_model_domain *d)
{
    for (unsigned i = 0; i < d->ring_slots; i++)
        if (!d->rings[i].in_use)
            return &d->rings[i];
    /* All slots below ring_slots are in use, so ring_count < 128 leaves room. */
    return &d->rings[d->ring_slots++];
}

void ring_remove(struct argo_model *m, struct argo_model_domain *d,
                 struct argo_model_ring *r)
{
    ledger_ring_gone(m, r);
    r->nwaiters = 0;
    r->in_use = false;
    r->mem = NULL;
    d->ring_count--;
}
