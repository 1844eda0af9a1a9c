/* SPDX-License-Identifier: MIT */
/* Description: the backend operations as this guest's real argo_op hypercalls. */
#include "backend_live.h"

#include "hypercall.h"
#include "layout.h"
#include "pages.h"
#include "platform.h"
#include "virq.h"
#include "xen_if.h"


/* Xen refuses more frames than the largest ring needs before reading any. */
#define GFN_LIMIT           (XEN_ARGO_MAX_RING_SIZE >> ARGO_PAGE_SHIFT)

/* A frame number past any machine's memory: Xen finds no page there. */
#define BOGUS_FRAME(i)      ((UINT64_C(1) << 40) + (i))

static uint64_t gfns[GFN_LIMIT];
static struct {
    xen_argo_ring_data_t hdr;
    xen_argo_ring_data_ent_t ents[ARGO_MAX_NOTIFY_COUNT];
} notify_buf;

static long argo_op(struct live_backend *lb, unsigned int cmd, const void *a1,
                    const void *a2, uint64_t a3, uint64_t a4)
{
    long rc;

    if (lb->trace_mac_permissive != lb->xen_mac_permissive && !lb->failure)
        lb->failure = "the trace changed mac_permissive away from Xen's boot option";
    rc = live_hypercall5(__HYPERVISOR_argo_op, cmd, (uint64_t)(uintptr_t)a1,
                         (uint64_t)(uintptr_t)a2, a3, a4);
    lb->hypercalls++;
    /* Xen raises VIRQ_ARGO synchronously, inside the hypercall. */
    if (live_virq_argo_take() && lb->sink)
        lb->sink(lb->sink_ctx, lb->self);
    return rc;
}

static struct live_ring *ring_find(struct live_backend *lb,
                                   xen_argo_port_t port, argo_domid_t partner)
{
    for (unsigned i = 0; i < LIVE_MAX_RINGS; i++)
        if (lb->rings[i].live && lb->rings[i].port == port &&
            lb->rings[i].partner == partner)
            return &lb->rings[i];
    return NULL;
}

static void ring_note(struct live_backend *lb, xen_argo_port_t port,
                      argo_domid_t partner, bool registered)
{
    struct live_ring *r = ring_find(lb, port, partner);

    if (!registered) {
        if (r)
            r->live = false;
        return;
    }
    for (unsigned i = 0; !r && i < LIVE_MAX_RINGS; i++)
        if (!lb->rings[i].live)
            r = &lb->rings[i];
    if (!r) {
        lb->failure = "more rings registered than Xen allows a domain";
        return;
    }
    r->live = true;
    r->port = port;
    r->partner = partner;
}

/*
 * Whether register_ring gets as far as the ring's frames: the checks Xen
 * makes on the arguments alone, in do_argo_op and at the top of
 * register_ring. Past them, a failure with one of the frame errors means
 * Xen dropped the ring, new or existing (find_ring_mfns, ring_map_page).
 */
static bool reaches_frames(const xen_argo_register_ring_t *reg, uint64_t npages,
                           uint64_t flags)
{
    return npages <= GFN_LIMIT && flags <= UINT32_MAX &&
           !(flags & ~(uint64_t)XEN_ARGO_REGISTER_FLAG_MASK) &&
           reg->len >= ARGO_MIN_RING_LEN &&
           reg->len <= XEN_ARGO_MAX_RING_SIZE &&
           reg->len % XEN_ARGO_MSG_SLOT_SIZE == 0 &&
           argo_ring_npages(reg->len) == npages && reg->pad == 0;
}

static bool frame_error(long rc)
{
    return rc == -ARGO_EINVAL || rc == -ARGO_EFAULT || rc == -ARGO_EAGAIN ||
           rc == -ARGO_ENOMEM;
}

static void live_set_signal_sink(void *be, argo_signal_fn fn, void *ctx)
{
    struct live_backend *lb = be;

    lb->sink = fn;
    lb->sink_ctx = ctx;
}

static void live_set_mac_permissive(void *be, bool on)
{
    ((struct live_backend *)be)->trace_mac_permissive = on;
}

static int live_domain_create(void *be, argo_domid_t dom, bool argo_enabled)
{
    struct live_backend *lb = be;

    if (dom != lb->self || !argo_enabled || lb->self_created) {
        if (!lb->failure)
            lb->failure = "a domain other than this guest was created";
        return -ARGO_EINVAL;
    }
    lb->self_created = true;
    return 0;
}

static int live_domain_destroy(void *be, argo_domid_t dom)
{
    struct live_backend *lb = be;

    (void)dom;
    if (!lb->failure)
        lb->failure = "a domain was destroyed";
    return -ARGO_EINVAL;
}

static long live_register_ring(void *be, argo_domid_t caller,
                               const xen_argo_register_ring_t *reg,
                               uint8_t *mem, bool bad_frame, uint64_t npages,
                               uint64_t flags)
{
    struct live_backend *lb = be;
    xen_argo_register_ring_t guest_reg = *reg;
    uint32_t ngfns = npages <= GFN_LIMIT ? (uint32_t)npages : 0, nframes = 0;
    long rc;

    (void)caller;
    /* The runner's memory holds the pages len needs: those are the ring's. */
    if (mem && reg->len >= ARGO_MIN_RING_LEN &&
        reg->len <= XEN_ARGO_MAX_RING_SIZE &&
        reg->len % XEN_ARGO_MSG_SLOT_SIZE == 0) {
        nframes = argo_ring_npages(reg->len);
        if (nframes > ngfns)
            nframes = ngfns;
    }
    for (uint32_t i = 0; i < ngfns; i++)
        gfns[i] = i < nframes ? live_frame_of(mem + (size_t)i * ARGO_PAGE_SIZE)
                              : BOGUS_FRAME(i);
    if (bad_frame && ngfns)
        gfns[ngfns - 1] = BOGUS_FRAME(ngfns - 1);

    rc = argo_op(lb, XEN_ARGO_OP_register_ring, &guest_reg, gfns, npages, flags);
    if (rc == 0)
        ring_note(lb, reg->aport, reg->partner_id, true);
    else if (reaches_frames(reg, npages, flags) && frame_error(rc))
        ring_note(lb, reg->aport, reg->partner_id, false);
    return rc;
}

static long live_unregister_ring(void *be, argo_domid_t caller,
                                 const xen_argo_unregister_ring_t *unreg)
{
    struct live_backend *lb = be;
    xen_argo_unregister_ring_t guest_unreg = *unreg;
    long rc;

    (void)caller;
    rc = argo_op(lb, XEN_ARGO_OP_unregister_ring, &guest_unreg, NULL, 0, 0);
    if (rc == 0)
        ring_note(lb, unreg->aport, unreg->partner_id, false);
    return rc;
}

static long live_sendv(void *be, argo_domid_t caller,
                       const xen_argo_send_addr_t *addr,
                       const xen_argo_iov_t *iovs, uint64_t niov,
                       uint64_t message_type,
                       const struct argo_guest_reader *guest)
{
    struct live_backend *lb = be;
    xen_argo_send_addr_t guest_addr = *addr;
    xen_argo_iov_t guest_iovs[XEN_ARGO_MAXIOV] = { { 0, 0, 0 } };
    /* Xen refuses more than 8 before reading the array. */
    unsigned n = niov <= XEN_ARGO_MAXIOV ? (unsigned)niov : 0;
    uint64_t total = 0, off = 0;
    uint8_t *data = NULL;
    long rc;

    (void)caller;
    for (unsigned i = 0; i < n; i++)
        total += iovs[i].iov_len;
    /*
     * Xen reads iov data only for a message it can take, at most
     * ARGO_MAX_MESSAGE_SIZE bytes in all; past that it refuses from the
     * lengths alone, and the handles need not point anywhere.
     */
    if (total && total <= ARGO_MAX_MESSAGE_SIZE) {
        data = pages_alloc(total);
        if (!data && !lb->failure)
            lb->failure = "out of guest pages for sendv data";
    }
    for (unsigned i = 0; i < n; i++) {
        guest_iovs[i] = iovs[i];
        guest_iovs[i].iov_hnd = LIVE_UNMAPPED_VA;
        if (data && !guest->copy(guest->ctx, data + off, iovs[i].iov_hnd,
                                 iovs[i].iov_len)) {
            guest_iovs[i].iov_hnd = (uint64_t)(uintptr_t)(data + off);
            off += iovs[i].iov_len;
        }
    }
    rc = argo_op(lb, XEN_ARGO_OP_sendv, &guest_addr, guest_iovs, niov,
                 message_type);
    if (data)
        pages_free(data, total);
    return rc;
}

static long live_notify(void *be, argo_domid_t caller,
                        const xen_argo_ring_data_t *ring_data,
                        xen_argo_ring_data_ent_t *ents)
{
    struct live_backend *lb = be;
    uint32_t nent = 0;
    long rc;

    (void)caller;
    if (!ring_data)
        return argo_op(lb, XEN_ARGO_OP_notify, NULL, NULL, 0, 0);
    /* Beyond 256 entries Xen refuses after reading the header alone. */
    if (ents && ring_data->nent <= ARGO_MAX_NOTIFY_COUNT)
        nent = ring_data->nent;
    notify_buf.hdr = *ring_data;
    if (nent)
        memcpy(notify_buf.ents, ents, nent * sizeof(*ents));
    rc = argo_op(lb, XEN_ARGO_OP_notify, &notify_buf, NULL, 0, 0);
    if (nent)
        memcpy(ents, notify_buf.ents, nent * sizeof(*ents));
    return rc;
}

static bool live_ring_registered(void *be, argo_domid_t dom,
                                 xen_argo_port_t port, argo_domid_t partner)
{
    struct live_backend *lb = be;

    return dom == lb->self && ring_find(lb, port, partner);
}

static const struct argo_backend_ops live_ops = {
    .name = "live",
    .set_signal_sink = live_set_signal_sink,
    .set_mac_permissive = live_set_mac_permissive,
    .domain_create = live_domain_create,
    .domain_destroy = live_domain_destroy,
    .register_ring = live_register_ring,
    .unregister_ring = live_unregister_ring,
    .sendv = live_sendv,
    .notify = live_notify,
    .ring_registered = live_ring_registered,
};

void live_backend_init(struct argo_backend *be, struct live_backend *lb,
                       argo_domid_t self, bool xen_mac_permissive)
{
    memset(lb, 0, sizeof(*lb));
    lb->self = self;
    lb->xen_mac_permissive = xen_mac_permissive;
    be->ops = &live_ops;
    be->be = lb;
}

long live_probe_mac_permissive(bool *on)
{
    xen_argo_register_ring_t reg = {
        .aport = 0xffffffffu,
        .partner_id = XEN_ARGO_DOMID_ANY,
        .len = ARGO_MIN_RING_LEN,
    };
    xen_argo_unregister_ring_t unreg = {
        .aport = reg.aport,
        .partner_id = reg.partner_id,
    };
    uint8_t *mem = pages_alloc(ARGO_PAGE_SIZE);
    uint64_t frame;
    long rc;

    if (!mem)
        return -ARGO_ENOMEM;
    frame = live_frame_of(mem);
    rc = live_hypercall5(__HYPERVISOR_argo_op, XEN_ARGO_OP_register_ring,
                         (uint64_t)(uintptr_t)&reg, (uint64_t)(uintptr_t)&frame,
                         1, 0);
    if (rc == 0) {
        *on = true;
        rc = live_hypercall5(__HYPERVISOR_argo_op, XEN_ARGO_OP_unregister_ring,
                             (uint64_t)(uintptr_t)&unreg, 0, 0, 0);
    } else if (rc == -ARGO_EPERM) {
        *on = false;
        rc = 0;
    }
    pages_free(mem, ARGO_PAGE_SIZE);
    return rc;
}
