/* SPDX-License-Identifier: MIT */
/* Description: Xen's broken bookkeeping, shadowed next to the model. */
#include "known_findings.h"

static const char *const titles[KNOWN_FINDINGS_COUNT] = {
    [1] = "Xen's ring count drifted above the domain's rings (findings 1 "
          "and 2): -ENOSPC early",
    [3] = "destroying a domain waiting on a wildcard ring corrupts memory",
    [5] = "destroying a domain with a self-partner ring: ASSERT_UNREACHABLE",
    [6] = "a stale send record meets its partner's destruction: "
          "ASSERT_UNREACHABLE",
};

const char *known_finding_title(unsigned finding)
{
    return finding < KNOWN_FINDINGS_COUNT && titles[finding]
           ? titles[finding] : "unknown finding";
}

void known_findings_reset(struct known_findings *kf)
{
    memset(kf->counts, 0, sizeof(kf->counts));
    kf->nrecords = 0;
}

static struct xen_ring_count *count_of(struct known_findings *kf,
                                       argo_domid_t domid, bool create)
{
    struct xen_ring_count *free_slot = NULL;

    for (unsigned i = 0; i < ARGO_MODEL_MAX_DOMAINS; i++) {
        struct xen_ring_count *c = &kf->counts[i];

        if (c->live && c->domid == domid)
            return c;
        if (!c->live && !free_slot)
            free_slot = c;
    }
    if (!create || !free_slot)
        return NULL;
    free_slot->live = true;
    free_slot->domid = domid;
    free_slot->count = 0;
    return free_slot;
}

static void record_add(struct known_findings *kf, argo_domid_t owner,
                       xen_argo_port_t port, argo_domid_t partner)
{
    if (kf->nrecords < KNOWN_SEND_RECORDS) {
        kf->records[kf->nrecords].owner = owner;
        kf->records[kf->nrecords].port = port;
        kf->records[kf->nrecords].partner = partner;
        kf->nrecords++;
    }
}

static void record_delete(struct known_findings *kf, uint32_t i)
{
    kf->records[i] = kf->records[--kf->nrecords];
}

/* Xen's unregister_ring drops the first matching record. */
static void record_remove_one(struct known_findings *kf, argo_domid_t owner,
                              xen_argo_port_t port, argo_domid_t partner)
{
    for (uint32_t i = 0; i < kf->nrecords; i++) {
        const struct send_record *r = &kf->records[i];

        if (r->owner == owner && r->port == port && r->partner == partner) {
            record_delete(kf, i);
            return;
        }
    }
}

static bool waits_on_wildcard_ring(struct argo_model *m, argo_domid_t domid)
{
    for (unsigned i = 0; i < m->domain_slots; i++) {
        const struct argo_model_domain *d = &m->domains[i];

        if (!d->exists || !d->argo_enabled || d->domid == domid)
            continue;
        for (unsigned k = 0; k < d->ring_slots; k++) {
            const struct argo_model_ring *r = &d->rings[k];

            if (!r->in_use || r->partner_id != XEN_ARGO_DOMID_ANY)
                continue;
            for (unsigned w = 0; w < r->nwaiters; w++)
                if (r->waiters[w].domid == domid)
                    return true;
        }
    }
    return false;
}

/*
 * Xen's partner_rings_remove walks the dying domain's send records; each
 * must find its ring, once. A record whose owner is the dying domain itself
 * finds its ring already removed (finding 5); one whose ring is gone or was
 * taken by an earlier duplicate record, while the owner id names a live
 * domain with Argo, reaches the same assertion (finding 6).
 */
static unsigned destroy_finding(struct known_findings *kf, struct argo_model *m,
                                argo_domid_t dying)
{
    struct send_record seen[KNOWN_SEND_RECORDS];
    uint32_t nseen = 0;

    if (waits_on_wildcard_ring(m, dying))
        return 3;
    for (uint32_t i = 0; i < kf->nrecords; i++) {
        const struct send_record *r = &kf->records[i];
        const struct argo_model_domain *owner;
        bool taken = false;

        if (r->partner != dying)
            continue;
        if (r->owner == dying)
            return 5;
        owner = argo_domain_find(m, r->owner);
        if (!owner || !owner->argo_enabled)
            continue;
        for (uint32_t j = 0; j < nseen; j++)
            taken |= seen[j].owner == r->owner && seen[j].port == r->port;
        if (taken || !argo_ring_find(m, r->owner, r->port, dying))
            return 6;
        seen[nseen++] = *r;
    }
    return 0;
}

static unsigned register_finding(struct known_findings *kf,
                                 struct argo_model *m,
                                 const struct trace_op *op)
{
    struct argo_model_domain *d = argo_domain_find(m, op->u.reg.ring.dom);
    struct xen_ring_count *c = count_of(kf, op->u.reg.ring.dom, false);

    /* Xen refuses at 128 by its own count; the model counts rings. */
    if (d && c && c->count >= ARGO_MAX_RINGS_PER_DOMAIN &&
        d->ring_count < ARGO_MAX_RINGS_PER_DOMAIN)
        return 1;
    return 0;
}

unsigned known_findings_check(struct known_findings *kf, struct argo_model *m,
                              const struct trace_op *op)
{
    unsigned finding = 0;

    if (op->kind == TRACE_OP_DESTROY) {
        const struct argo_model_domain *d =
            argo_domain_find(m, op->u.destroy.dom);

        if (d && d->argo_enabled)
            finding = destroy_finding(kf, m, op->u.destroy.dom);
    } else if (op->kind == TRACE_OP_REGISTER) {
        finding = register_finding(kf, m, op);
    }
    /* A full shadow cannot predict any more: only record spam fills it. */
    if (!finding && kf->nrecords >= KNOWN_SEND_RECORDS)
        finding = 1;
    if (finding)
        kf->hits[finding]++;
    return finding;
}

void known_findings_update(struct known_findings *kf, const struct trace_op *op,
                           long rc)
{
    const struct trace_ring_name *n;
    struct xen_ring_count *c;

    switch (op->kind) {
    case TRACE_OP_DOMAIN:
        if (rc == 0)
            count_of(kf, op->u.domain.dom, true);
        break;
    case TRACE_OP_DESTROY:
        if (rc != 0)
            break;
        c = count_of(kf, op->u.destroy.dom, false);
        if (c)
            c->live = false;
        /* Its records go; records it filed with others stay, stale. */
        for (uint32_t i = kf->nrecords; i-- > 0;)
            if (kf->records[i].partner == op->u.destroy.dom) {
                const struct send_record *r = &kf->records[i];

                c = count_of(kf, r->owner, false);
                if (c && c->count && r->owner != op->u.destroy.dom)
                    c->count--;
                record_delete(kf, i);
            }
        break;
    case TRACE_OP_REGISTER:
        n = &op->u.reg.ring;
        c = count_of(kf, n->dom, false);
        if (rc == 0 && c) {
            c->count++;         /* new or re-registered alike */
            if (n->partner != XEN_ARGO_DOMID_ANY)
                record_add(kf, n->dom, n->port, n->partner);
        }
        /* A failed re-registration took the ring but not its count. */
        break;
    case TRACE_OP_UNREGISTER:
        n = &op->u.unreg.ring;
        c = count_of(kf, n->dom, false);
        if (rc == 0 && c) {
            c->count--;
            if (n->partner != XEN_ARGO_DOMID_ANY)
                record_remove_one(kf, n->dom, n->port, n->partner);
        }
        break;
    default:
        break;
    }
}
