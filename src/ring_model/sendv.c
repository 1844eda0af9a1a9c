/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_ARGO_OP_sendv: argument checks in Xen's order, ring
 * matching, the insert, and the wait queued on -EAGAIN.
 */
#include "model_internal.h"

/*
 * Total payload of the iovs. Each length is bounded before it is added, so
 * the 32-bit sum cannot wrap before the total check catches it.
 */
static int iov_total(const xen_argo_iov_t *iovs, unsigned niov,
                     uint32_t *total)
{
    uint32_t sum = 0;

    for (unsigned i = 0; i < niov; i++) {
        if (iovs[i].pad)
            return -ARGO_EINVAL;
        if (iovs[i].iov_len > ARGO_MAX_MESSAGE_SIZE)
            return -ARGO_EINVAL;
        sum += iovs[i].iov_len;
        if (sum > ARGO_MAX_MESSAGE_SIZE)
            return -ARGO_EMSGSIZE;
    }
    *total = sum;
    return 0;
}

long argo_sendv(struct argo_model *m, argo_domid_t caller,
                const xen_argo_send_addr_t *addr, const xen_argo_iov_t *iovs,
                uint64_t niov, uint64_t message_type,
                const struct argo_guest_reader *guest)
{
    struct argo_model_domain *src, *dst;
    struct argo_model_ring *r;
    xen_argo_addr_t source;
    uint32_t len = 0;
    long ret;

    src = argo_domain_find(m, caller);
    if (!src)
        return -ARGO_ESRCH;
    /* do_argo_op rejects arguments wider than 32 bits before anything else. */
    if (niov > UINT32_MAX || message_type > UINT32_MAX)
        return -ARGO_EINVAL;
    if (!src->argo_enabled)
        return -ARGO_EACCES;
    if (niov > XEN_ARGO_MAXIOV)
        return -ARGO_EINVAL;

    if (addr->src.pad || addr->dst.pad)
        return -ARGO_EINVAL;
    source = addr->src;
    if (source.domain_id == XEN_ARGO_DOMID_ANY)
        source.domain_id = caller;
    /* No domain may send on behalf of another. */
    if (source.domain_id != caller)
        return -ARGO_EPERM;

    dst = argo_domain_find(m, addr->dst.domain_id);
    if (!dst)
        return -ARGO_ESRCH;
    if (!dst->argo_enabled)
        return -ARGO_ECONNREFUSED;

    r = ring_match(dst, addr->dst.aport, caller);
    if (!r)
        return -ARGO_ECONNREFUSED;

    ret = iov_total(iovs, (unsigned)niov, &len);
    if (!ret) {
        ledger_refresh(r);
        ret = ring_insert(r, &source, iovs, (unsigned)niov,
                          (uint32_t)message_type, len, guest);
        if (ret == -ARGO_EAGAIN) {
            int rc = waiters_requeue(r, caller, len);

            if (rc)
                ret = rc;
        }
    }
    if (ret < 0)
        return ret;

    ledger_accepted(m, r, len);
    model_signal_domain(m, dst);
    return len;
}
