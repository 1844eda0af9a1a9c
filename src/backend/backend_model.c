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

static int model_domain_create(void *be, argo_domid_t dom, bool argo_enabled)
{
    return argo_domain_create(be, dom, argo_enabled);
}

static int model_domain_destroy(void *be, argo_domid_t dom)
{
    return argo_domain_destroy(be, dom);
}

static long model_register_ring(void *be, argo_domid_t caller,
                                const xen_argo_register_ring_t *reg,
                                uint8_t *mem, bool bad_frame, uint64_t npages,
                                uint64_t flags)
{
    return argo_register_ring(be, caller, reg, mem, bad_frame, npages, flags);
}

static long model_unregister_ring(void *be, argo_domid_t caller,
                                  const xen_argo_unregister_ring_t *unreg)
{
    return argo_unregister_ring(be, caller, unreg);
}

static long model_sendv(void *be, argo_domid_t caller,
                        const xen_argo_send_addr_t *addr,
                        const xen_argo_iov_t *iovs, uint64_t niov,
                        uint64_t message_type,
                        const struct argo_guest_reader *guest)
{
    return argo_sendv(be, caller, addr, iovs, niov, message_type, guest);
}

static long model_notify(void *be, argo_domid_t caller,
                         const xen_argo_ring_data_t *ring_data,
                         xen_argo_ring_data_ent_t *ents)
{
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
