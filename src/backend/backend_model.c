/* SPDX-License-Identifier: MIT */
/* Description: the ring model behind the backend interface. */
#include "argo_backend.h"

static void model_set_signal_sink(void *be, argo_signal_fn fn, void *ctx)
{
    struct argo_model *m = be;

    m->on_signal = fn;
    m->signal_ctx = ctx;
}

static void model_set_mac_permissive(void *be, bool on)
{
    ((struct argo_model *)be)->mac_permissive = on;
}

static int model_set_abi(void *be, uint8_t abi)
{
    if (abi != RING_ABI_ARGO && abi != RING_ABI_V4V)
        return -ARGO_EINVAL;
    ((struct argo_model *)be)->abi = abi;
    return 0;
}

static bool model_speaks_v4v(const void *be)
{
    return ((const struct argo_model *)be)->abi == RING_ABI_V4V;
}

static int model_domain_create(void *be, argo_domid_t dom, bool argo_enabled)
{
    return argo_domain_create(be, dom, argo_enabled);
}

static int model_domain_destroy(void *be, argo_domid_t dom)
{
    return argo_domain_destroy(be, dom);
}

/*
 * The V4V translations live out of line, so the Argo calls stay a single
 * jump: the instruction-count gate measures through this backend.
 */
static __attribute__((noinline)) long
v4v_register_from_argo(void *be, argo_domid_t caller, uint8_t *mem,
                       bool bad_frame, uint64_t npages)
{
    v4v_pfn_list_t pfns;

    memset(&pfns, 0, sizeof(pfns));
    pfns.magic = V4V_PFN_LIST_MAGIC;
    pfns.npage = (uint32_t)npages;      /* the guest's field is 32 bits */
    /* The runner's guests keep every ring on page boundaries. */
    return v4v_register_ring(be, caller, mem, 0x10000000u, &pfns, bad_frame);
}

static long model_register_ring(void *be, argo_domid_t caller,
                                const xen_argo_register_ring_t *reg,
                                uint8_t *mem, bool bad_frame, uint64_t npages,
                                uint64_t flags)
{
    if (model_speaks_v4v(be))
        return v4v_register_from_argo(be, caller, mem, bad_frame, npages);
    return argo_register_ring(be, caller, reg, mem, bad_frame, npages, flags);
}

static __attribute__((noinline)) long
v4v_unregister_from_argo(void *be, argo_domid_t caller,
                         const xen_argo_unregister_ring_t *unreg)
{
    v4v_ring_t ring;

    memset(&ring, 0, sizeof(ring));
    ring.magic = V4V_RING_MAGIC;
    ring.id.addr.port = unreg->aport;
    ring.id.addr.domain = caller;
    ring.id.partner = unreg->partner_id;
    return v4v_unregister_ring(be, caller, &ring);
}

static long model_unregister_ring(void *be, argo_domid_t caller,
                                  const xen_argo_unregister_ring_t *unreg)
{
    if (model_speaks_v4v(be))
        return v4v_unregister_from_argo(be, caller, unreg);
    return argo_unregister_ring(be, caller, unreg);
}

static __attribute__((noinline)) long
v4v_sendv_from_argo(void *be, argo_domid_t caller,
                    const xen_argo_send_addr_t *addr,
                    const xen_argo_iov_t *iovs, uint64_t niov,
                    uint64_t message_type,
                    const struct argo_guest_reader *guest)
{
    v4v_iov_t v4v_iovs[V4V_MAXIOV];
    v4v_addr_t src, dst;

    for (unsigned i = 0; i < niov && i < V4V_MAXIOV; i++) {
        v4v_iovs[i].iov_base = iovs[i].iov_hnd;
        v4v_iovs[i].iov_len = iovs[i].iov_len | (uint64_t)iovs[i].pad << 32;
    }
    src.port = addr->src.aport;
    src.domain = addr->src.domain_id;
    dst.port = addr->dst.aport;
    dst.domain = addr->dst.domain_id;
    /* The hypercall's protocol argument is 32 bits. */
    return v4v_sendv(be, caller, &src, &dst, v4v_iovs, niov,
                     (uint32_t)message_type, guest);
}

static long model_sendv(void *be, argo_domid_t caller,
                        const xen_argo_send_addr_t *addr,
                        const xen_argo_iov_t *iovs, uint64_t niov,
                        uint64_t message_type,
                        const struct argo_guest_reader *guest)
{
    if (model_speaks_v4v(be))
        return v4v_sendv_from_argo(be, caller, addr, iovs, niov, message_type,
                                   guest);
    return argo_sendv(be, caller, addr, iovs, niov, message_type, guest);
}

static __attribute__((noinline)) long
v4v_notify_from_argo(void *be, argo_domid_t caller,
                     const xen_argo_ring_data_t *ring_data,
                     xen_argo_ring_data_ent_t *ents)
{
    v4v_ring_data_ent_t v4v_ents[V4V_MAXENT];
    v4v_ring_data_t rd;
    uint32_t n;
    long rc;

    if (!ring_data)
        return v4v_notify(be, caller, NULL, NULL);
    memset(&rd, 0, sizeof(rd));
    rd.magic = V4V_RING_DATA_MAGIC;
    rd.nent = ring_data->nent;
    n = rd.nent <= V4V_MAXENT ? rd.nent : 0;
    for (uint32_t i = 0; i < n; i++) {
        memset(&v4v_ents[i], 0, sizeof(v4v_ents[i]));
        v4v_ents[i].ring.port = ents[i].ring.aport;
        v4v_ents[i].ring.domain = ents[i].ring.domain_id;
        v4v_ents[i].space_required = ents[i].space_required;
    }
    rc = v4v_notify(be, caller, &rd, v4v_ents);
    for (uint32_t i = 0; i < n; i++)
        ents[i].flags = v4v_ents[i].flags;
    return rc;
}

static long model_notify(void *be, argo_domid_t caller,
                         const xen_argo_ring_data_t *ring_data,
                         xen_argo_ring_data_ent_t *ents)
{
    if (model_speaks_v4v(be))
        return v4v_notify_from_argo(be, caller, ring_data, ents);
    return argo_notify(be, caller, ring_data, ents);
}

static bool model_ring_registered(void *be, argo_domid_t dom,
                                  xen_argo_port_t port, argo_domid_t partner)
{
    return argo_ring_find(be, dom, port, partner) != NULL;
}

static void model_guest_consumed(void *be, argo_domid_t dom,
                                 xen_argo_port_t port, argo_domid_t partner,
                                 uint32_t payload)
{
    struct argo_model_ring *r = argo_ring_find(be, dom, port, partner);

    if (r)
        argo_note_consumed(be, r, payload);
}

static void model_guest_index_written(void *be, argo_domid_t dom,
                                      xen_argo_port_t port,
                                      argo_domid_t partner)
{
    struct argo_model_ring *r = argo_ring_find(be, dom, port, partner);

    if (r)
        argo_note_index_written(be, r);
}

static const struct argo_backend_ops model_ops = {
    .name = "model",
    .set_signal_sink = model_set_signal_sink,
    .set_mac_permissive = model_set_mac_permissive,
    .set_abi = model_set_abi,
    .domain_create = model_domain_create,
    .domain_destroy = model_domain_destroy,
    .register_ring = model_register_ring,
    .unregister_ring = model_unregister_ring,
    .sendv = model_sendv,
    .notify = model_notify,
    .ring_registered = model_ring_registered,
    .guest_consumed = model_guest_consumed,
    .guest_index_written = model_guest_index_written,
};

void argo_backend_model_init(struct argo_backend *be, struct argo_model *m)
{
    argo_model_init(m);
    be->ops = &model_ops;
    be->be = m;
}
