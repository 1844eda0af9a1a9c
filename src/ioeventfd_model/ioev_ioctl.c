/* SPDX-License-Identifier: MIT */
/*
 * Description: IOCTL_PRIVCMD_IOEVENTFD: argument checks, assign (with the
 * kioreq's creation) and deassign (with its release), in the kernel's order.
 */
#include "ioev_internal.h"

static bool valid_addr_len(uint32_t len)
{
    /* privcmd_ioeventfd_assign: "Vhost requires us to support length 1, 2, 4, and 8". */
    return len == 1 || len == 2 || len == 4 || len == 8;
}

/* get_ioreq's lookup, before anything is allocated: which kioreq, if any. */
static bool room_for_registration(const struct ioev_model *m, uint64_t uioreq)
{
    int k = ioev_kioreq_find(m, uioreq);

    if (k >= 0)
        return m->kioreqs[k].nregs < IOEV_MAX_REGS;
    return m->nkioreqs < IOEV_MAX_KIOREQS;
}

/* alloc_ioreq: a new kioreq, its page and its bindings; its index or -errno. */
static int kioreq_create(struct ioev_model *m, const struct ioev_args *a)
{
    const struct ioev_vma *vma;
    struct ioev_kioreq *kq = NULL;
    uint32_t slot = 0;

    if (!ioev_alloc(m, m->nkioreqs < IOEV_MAX_KIOREQS))
        return -IOEV_ENOMEM;
    for (slot = 0; slot < IOEV_MAX_KIOREQS; slot++) {
        if (!m->kioreqs[slot].in_use) {
            kq = &m->kioreqs[slot];
            break;
        }
    }
    if (!kq)
        return -IOEV_ENOMEM;

    /* "The memory for ioreq server must have been mapped earlier". */
    vma = ioev_find_vma(m, a->ioreq);
    if (!vma)
        return -IOEV_EFAULT;

    /* memdup_array_user allocates, then copies. */
    if (!ioev_alloc(m, true))
        return -IOEV_ENOMEM;
    if (!a->ports)
        return -IOEV_EFAULT;

    /*
     * bind_evtchn_to_irqhandler_lateeoi per vCPU; a port with no event
     * channel behind it fails (-ENOMEM from the event-channel core) and the
     * bindings made so far are undone, so nothing is left to undo here.
     */
    for (uint32_t v = 0; v < a->vcpus; v++)
        if (a->ports[v] >= m->nr_ports)
            return -IOEV_ENOMEM;

    memset(kq, 0, sizeof(*kq));
    kq->in_use = true;
    kq->dom = a->dom;
    kq->vcpus = a->vcpus;
    kq->uioreq = a->ioreq;
    /* Always the vma's first page: where in the vma ioreq points is ignored. */
    kq->page = vma->page;
    memcpy(kq->ports, a->ports, (size_t)a->vcpus * sizeof(kq->ports[0]));
    m->order[m->nkioreqs++] = (uint8_t)slot;
    return (int)slot;
}

static int assign(struct ioev_model *m, const struct ioev_args *a)
{
    struct ioev_kioreq *kq;
    uint8_t ctx;
    int k, rc;

    /* "Check for range overflow": of addr + addr_len, in 64 bits. */
    if (a->addr + a->addr_len < a->addr)
        return -IOEV_EINVAL;
    if (!valid_addr_len(a->addr_len))
        return -IOEV_EINVAL;
    if (!a->vcpus || a->vcpus > IOEV_MAX_VCPUS)
        return -IOEV_EINVAL;
    /* The registration's kzalloc. */
    if (!ioev_alloc(m, room_for_registration(m, a->ioreq)))
        return -IOEV_ENOMEM;
    rc = ioev_fd_ctx(m, a->event_fd, &ctx);
    if (rc)
        return rc;

    /* get_ioreq: kioreqs are keyed by the ioreq address alone. */
    k = ioev_kioreq_find(m, a->ioreq);
    if (k >= 0) {
        kq = &m->kioreqs[k];
        if (kq->dom != a->dom || kq->vcpus != a->vcpus)
            return -IOEV_EINVAL;
        /* Duplicates are by eventfd context only: same addr and vq is fine. */
        for (uint32_t i = 0; i < kq->nregs; i++)
            if (kq->regs[i].ctx == ctx)
                return -IOEV_EBUSY;
    } else {
        k = kioreq_create(m, a);
        if (k < 0)
            return k;
        kq = &m->kioreqs[k];
    }

    kq->regs[kq->nregs].ctx = ctx;
    kq->regs[kq->nregs].addr = a->addr;
    kq->regs[kq->nregs].addr_len = a->addr_len;
    kq->regs[kq->nregs].vq = a->vq;
    kq->nregs++;
    m->ctxs[ctx].kernel_refs++;
    return 0;
}

static int deassign(struct ioev_model *m, const struct ioev_args *a)
{
    uint8_t ctx;
    int rc;

    rc = ioev_fd_ctx(m, a->event_fd, &ctx);
    if (rc)
        return rc;

    for (uint32_t o = 0; o < m->nkioreqs; o++) {
        uint32_t k = m->order[o];
        struct ioev_kioreq *kq = &m->kioreqs[k];

        if (kq->dom != a->dom || kq->uioreq != a->ioreq || kq->vcpus != a->vcpus)
            continue;
        for (uint32_t i = 0; i < kq->nregs; i++) {
            if (kq->regs[i].ctx != ctx)
                continue;
            /* list_del keeps the others' order. */
            memmove(&kq->regs[i], &kq->regs[i + 1],
                    (kq->nregs - i - 1) * sizeof(kq->regs[0]));
            kq->nregs--;
            memset(&kq->regs[kq->nregs], 0, sizeof(kq->regs[0]));
            m->ctxs[ctx].kernel_refs--;
            if (!kq->nregs)
                ioev_kioreq_free(m, k);
            return 0;
        }
        /* The one kioreq for this address did not have it. */
        break;
    }
    return -IOEV_ENODEV;
}

int ioev_ioctl(struct ioev_model *m, const struct ioev_args *a)
{
    if (a->flags & ~IOEV_FLAG_DEASSIGN)
        return -IOEV_EINVAL;
    if (m->restrict_domid != IOEV_DOMID_INVALID && m->restrict_domid != a->dom)
        return -IOEV_EPERM;
    if (a->flags & IOEV_FLAG_DEASSIGN)
        return deassign(m, a);
    return assign(m, a);
}

void ioev_kioreq_free(struct ioev_model *m, uint32_t k)
{
    for (uint32_t o = 0; o < m->nkioreqs; o++) {
        if (m->order[o] != k)
            continue;
        memmove(&m->order[o], &m->order[o + 1], m->nkioreqs - o - 1);
        m->nkioreqs--;
        m->order[m->nkioreqs] = 0;
        break;
    }
    /* Only the fields the checks compare need clearing; ports can be 16 KiB. */
    m->kioreqs[k].in_use = false;
    m->kioreqs[k].nregs = 0;
    m->kioreqs[k].vcpus = 0;
    m->kioreqs[k].page = NULL;
}
