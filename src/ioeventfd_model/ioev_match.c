/* SPDX-License-Identifier: MIT */
/*
 * Description: ioeventfd_interrupt: which ioreqs the kernel consumes, what
 * it writes and whom it signals; and the shared-IRQ dispatch of one event.
 */
#include "ioev_internal.h"

bool ioev_ioreq_claimable(const struct ioev_ioreq *r)
{
    return ioev_ioreq_state(r) == IOEV_STATE_READY &&
           r->type == IOEV_TYPE_COPY && ioev_ioreq_dir(r) == IOEV_DIR_WRITE;
}

int ioev_match(const struct ioev_ioreq *r, const struct ioev_reg *regs,
               uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        /* The sum wraps like the kernel's u64; addr_len is never widened. */
        if (r->addr == regs[i].addr + IOEV_VIRTIO_MMIO_QUEUE_NOTIFY &&
            r->size == regs[i].addr_len &&
            (r->data & IOEV_QUEUE_NOTIFY_VQ_MASK) == regs[i].vq)
            return (int)i;
    }
    return -1;
}

struct ioev_outcome ioev_interrupt(struct ioev_model *m, uint32_t k,
                                   uint32_t vcpu)
{
    struct ioev_outcome out = { .handled = false, .reg = -1, .out_of_page = false };
    struct ioev_kioreq *kq;
    struct ioev_ioreq *r;

    if (k >= IOEV_MAX_KIOREQS || !m->kioreqs[k].in_use ||
        vcpu >= m->kioreqs[k].vcpus)
        return out;
    kq = &m->kioreqs[k];
    if (vcpu >= IOEV_PAGE_SLOTS) {
        /* alloc_ioreq keeps pages[0] only; slot vcpu is past it. */
        out.out_of_page = true;
        m->stats.out_of_page++;
        return out;
    }
    r = &kq->page[vcpu];
    if (!ioev_ioreq_claimable(r)) {
        m->stats.not_handled++;
        return out;
    }
    /*
     * The kernel stores INPROCESS here and READY back on no match; nothing
     * else can run in between in the model, so only the last store shows.
     */
    out.reg = ioev_match(r, kq->regs, kq->nregs);
    if (out.reg < 0) {
        m->stats.not_handled++;
        return out;
    }
    /* Kernel order: eventfd_signal, state store, then the event channel. */
    m->ctxs[kq->regs[out.reg].ctx].signals++;
    ioev_ioreq_set_state(r, IOEV_STATE_RESP_READY);
    if (kq->ports[vcpu] < IOEV_MAX_PORTS)
        m->notified[kq->ports[vcpu]]++;
    out.handled = true;
    m->stats.handled++;
    return out;
}

uint32_t ioev_event(struct ioev_model *m, uint32_t port)
{
    uint32_t handled = 0;
    /* A handler may free nothing, so the list is stable during the walk. */
    for (uint32_t o = 0; o < m->nkioreqs; o++) {
        uint32_t k = m->order[o];

        for (uint32_t v = 0; v < m->kioreqs[k].vcpus; v++)
            if (m->kioreqs[k].ports[v] == port &&
                ioev_interrupt(m, k, v).handled)
                handled++;
    }
    return handled;
}
