/* SPDX-License-Identifier: MIT */
/*
 * Description: lookups over the ioeventfd model and its structural
 * invariants.
 */
#include "ioev_internal.h"

int ioev_kioreq_find(const struct ioev_model *m, uint64_t uioreq)
{
    for (uint32_t o = 0; o < m->nkioreqs; o++)
        if (m->kioreqs[m->order[o]].uioreq == uioreq)
            return m->order[o];
    return -1;
}

uint32_t ioev_reg_count(const struct ioev_model *m)
{
    uint32_t n = 0;

    for (uint32_t o = 0; o < m->nkioreqs; o++)
        n += m->kioreqs[m->order[o]].nregs;
    return n;
}

static const char *check_kioreq(const struct ioev_model *m,
                                const struct ioev_kioreq *kq,
                                uint32_t refs[IOEV_MAX_CTXS])
{
    if (!kq->in_use)
        return "a listed kioreq is not in use";
    if (!kq->nregs)
        return "a live kioreq has no registration (the last deassign must free it)";
    if (kq->nregs > IOEV_MAX_REGS)
        return "a kioreq has more registrations than slots";
    if (!kq->vcpus || kq->vcpus > IOEV_MAX_VCPUS)
        return "a kioreq has vcpus outside 1..4096";
    if (!kq->page)
        return "a kioreq has no ioreq page";
    for (uint32_t v = 0; v < kq->vcpus; v++)
        if (kq->ports[v] >= m->nr_ports)
            return "a kioreq is bound to a port with no event channel";
    for (uint32_t i = 0; i < kq->nregs; i++) {
        const struct ioev_reg *r = &kq->regs[i];

        if (r->ctx >= IOEV_MAX_CTXS)
            return "a registration names no eventfd context";
        if (!(r->addr_len == 1 || r->addr_len == 2 || r->addr_len == 4 ||
              r->addr_len == 8))
            return "a registration has a length other than 1, 2, 4 or 8";
        if (r->addr + r->addr_len < r->addr)
            return "a registration's range wraps";
        for (uint32_t j = 0; j < i; j++)
            if (kq->regs[j].ctx == r->ctx)
                return "an eventfd context is registered twice on one kioreq";
        refs[r->ctx]++;
    }
    return NULL;
}

const char *ioev_check(const struct ioev_model *m)
{
    uint32_t refs[IOEV_MAX_CTXS] = { 0 };
    uint32_t live = 0;

    if (m->nkioreqs > IOEV_MAX_KIOREQS)
        return "more kioreqs listed than slots";
    for (uint32_t o = 0; o < m->nkioreqs; o++) {
        const struct ioev_kioreq *kq = &m->kioreqs[m->order[o]];
        const char *why;

        if (m->order[o] >= IOEV_MAX_KIOREQS)
            return "the kioreq list names no slot";
        for (uint32_t p = 0; p < o; p++) {
            if (m->order[p] == m->order[o])
                return "a kioreq is listed twice";
            if (m->kioreqs[m->order[p]].uioreq == kq->uioreq)
                return "two kioreqs share one ioreq address";
        }
        why = check_kioreq(m, kq, refs);
        if (why)
            return why;
    }
    for (uint32_t k = 0; k < IOEV_MAX_KIOREQS; k++)
        live += m->kioreqs[k].in_use;
    if (live != m->nkioreqs)
        return "a kioreq is in use but not listed";
    for (uint32_t c = 0; c < IOEV_MAX_CTXS; c++)
        if (refs[c] != m->ctxs[c].kernel_refs)
            return "an eventfd context's kernel references differ from its registrations";
    return NULL;
}

static bool same_kioreq(const struct ioev_kioreq *a, const struct ioev_kioreq *b)
{
    if (a->dom != b->dom || a->vcpus != b->vcpus || a->uioreq != b->uioreq ||
        a->page != b->page || a->nregs != b->nregs)
        return false;
    for (uint32_t i = 0; i < a->nregs; i++)
        if (a->regs[i].ctx != b->regs[i].ctx || a->regs[i].addr != b->regs[i].addr ||
            a->regs[i].addr_len != b->regs[i].addr_len || a->regs[i].vq != b->regs[i].vq)
            return false;
    return memcmp(a->ports, b->ports, (size_t)a->vcpus * sizeof(a->ports[0])) == 0;
}

bool ioev_same_registrations(const struct ioev_model *a,
                             const struct ioev_model *b)
{
    if (a->nkioreqs != b->nkioreqs)
        return false;
    for (uint32_t o = 0; o < a->nkioreqs; o++)
        if (!same_kioreq(&a->kioreqs[a->order[o]], &b->kioreqs[b->order[o]]))
            return false;
    for (uint32_t c = 0; c < IOEV_MAX_CTXS; c++)
        if (a->ctxs[c].kernel_refs != b->ctxs[c].kernel_refs)
            return false;
    return true;
}
