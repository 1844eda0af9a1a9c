/* SPDX-License-Identifier: MIT */
/* Description: domains: creation, argo_destroy teardown, lookup, signals. */
#include "model_internal.h"

void argo_model_init(struct argo_model *m)
{
    m->mac_permissive = false;
    m->abi = RING_ABI_ARGO;
    m->on_signal = NULL;
    m->signal_ctx = NULL;
    memset(&m->ledger, 0, sizeof(m->ledger));
    /* Domain records are reset when a slot is first used. */
    m->domain_slots = 0;
}

struct argo_model_domain *argo_domain_find(struct argo_model *m,
                                           argo_domid_t domid)
{
    for (unsigned i = 0; i < m->domain_slots; i++)
        if (m->domains[i].exists && m->domains[i].domid == domid)
            return &m->domains[i];
    return NULL;
}

struct argo_model_domain *model_argo_domain(struct argo_model *m,
                                            argo_domid_t domid)
{
    struct argo_model_domain *d = argo_domain_find(m, domid);

    return (d && d->argo_enabled) ? d : NULL;
}

int argo_domain_create(struct argo_model *m, argo_domid_t domid,
                       bool argo_enabled)
{
    struct argo_model_domain *slot = NULL;

    if (domid >= ARGO_DOMID_FIRST_RESERVED)
        return -ARGO_EINVAL;
    if (argo_domain_find(m, domid))
        return -ARGO_EEXIST;
    for (unsigned i = 0; i < m->domain_slots && !slot; i++)
        if (!m->domains[i].exists)
            slot = &m->domains[i];
    if (!slot && m->domain_slots < ARGO_MODEL_MAX_DOMAINS)
        slot = &m->domains[m->domain_slots++];
    if (!slot)
        return -ARGO_ENOMEM;

    slot->exists = true;
    slot->argo_enabled = argo_enabled;
    slot->domid = domid;
    slot->ring_count = 0;
    slot->signals = 0;
    slot->ring_slots = 0;
    return 0;
}

/*
 * argo_destroy order: the domain's own rings, then rings others registered
 * with it as sole partner, then its waits on others' wildcard rings. Its
 * waits on single-partner rings need no pass of their own: a domain can
 * only wait on a single-partner ring it is the partner of, and those rings
 * have just gone.
 */
int argo_domain_destroy(struct argo_model *m, argo_domid_t domid)
{
    struct argo_model_domain *d = argo_domain_find(m, domid);

    if (!d)
        return -ARGO_ESRCH;

    if (d->argo_enabled) {
        for (unsigned i = 0; i < d->ring_slots; i++)
            if (d->rings[i].in_use)
                ring_remove(m, d, &d->rings[i]);

        for (unsigned j = 0; j < m->domain_slots; j++) {
            struct argo_model_domain *o = &m->domains[j];

            if (!o->exists || o == d || !o->argo_enabled)
                continue;
            for (unsigned i = 0; i < o->ring_slots; i++) {
                struct argo_model_ring *r = &o->rings[i];

                if (!r->in_use)
                    continue;
                if (r->partner_id == domid)
                    ring_remove(m, o, r);
                else if (ring_is_wildcard(r))
                    waiters_cancel(r, domid);
            }
        }
    }
    d->exists = false;
    return 0;
}

void model_signal_domain(struct argo_model *m, struct argo_model_domain *d)
{
    d->signals++;
    if (m->on_signal)
        m->on_signal(m->signal_ctx, d->domid);
}

void model_signal(struct argo_model *m, argo_domid_t domid)
{
    struct argo_model_domain *d = argo_domain_find(m, domid);

    if (d)
        model_signal_domain(m, d);
}
