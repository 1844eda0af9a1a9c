/* SPDX-License-Identifier: MIT */
/*
 * Description: V4VOP_sendv on the shared copy path: V4V's checks in the
 * order v4v_sendv makes them, its error codes, and the wait on -EAGAIN.
 */
#include "model_internal.h"
#include "v4v_model.h"

/*
 * v4v_iov_count: 64-bit lengths summed with a check after each, so a
 * length of 2^32 or more is refused rather than truncated.
 */
static int v4v_iov_total(const v4v_iov_t *iovs, uint64_t niov, uint32_t *total)
{
    uint64_t sum = 0;

    if (niov > V4V_MAXIOV)
        return -ARGO_EINVAL;
    for (unsigned i = 0; i < niov; i++) {
        if (iovs[i].iov_len > V4V_MAX_MSG_SIZE)
            return -ARGO_EINVAL;
        sum += iovs[i].iov_len;
        if (sum > V4V_MAX_MSG_SIZE)
            return -ARGO_EINVAL;
    }
    *total = (uint32_t)sum;
    return 0;
}

long v4v_sendv(struct argo_model *m, argo_domid_t caller,
               const v4v_addr_t *src, const v4v_addr_t *dst,
               const v4v_iov_t *iovs, uint64_t niov, uint32_t protocol,
               const struct argo_guest_reader *guest)
{
    xen_argo_iov_t copy[V4V_MAXIOV];
    struct argo_model_domain *s, *d;
    struct argo_model_ring *r;
    xen_argo_addr_t source;
    uint32_t len = 0;
    long ret;

    s = argo_domain_find(m, caller);
    if (!s)
        return -ARGO_ESRCH;
    if (!s->argo_enabled)
        return -ARGO_EINVAL;
    d = argo_domain_find(m, dst->domain);
    if (!d || !d->argo_enabled)
        return -ARGO_ENOTCONN;
    /* The design: the partner matched is the caller, whatever src says. */
    r = ring_match(d, dst->port, caller);
    if (!r)
        return -ARGO_ENOTCONN;

    ret = v4v_iov_total(iovs, niov, &len);
    if (ret)
        return ret;
    for (unsigned i = 0; i < niov; i++) {
        copy[i].iov_hnd = iovs[i].iov_base;
        copy[i].iov_len = (uint32_t)iovs[i].iov_len;
        copy[i].pad = 0;
    }
    memset(&source, 0, sizeof(source));
    source.aport = src->port;
    source.domain_id = caller;

    ledger_refresh(r);
    ret = ring_insert(r, &source, copy, (unsigned)niov, protocol, len, guest);
    if (ret == -ARGO_EMSGSIZE)
        return -ARGO_ENOBUFS;
    if (ret == -ARGO_EAGAIN) {
        /* The reference's only failure here is its allocation. */
        if (waiters_requeue(r, caller, len))
            return -ARGO_ENOMEM;
        return ret;
    }
    if (ret < 0)
        return ret;

    ledger_accepted(m, r, len);
    model_signal_domain(m, d);
    return len;
}
