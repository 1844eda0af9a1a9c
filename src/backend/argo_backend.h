/* SPDX-License-Identifier: MIT */
/*
 * Description: one interface in front of every implementation of Argo that
 * a trace can run on (the model; later Xen's own argo.c on the host, and
 * live Xen).
 *
 * The trace runner owns the guests' side: their ring memory, their iov data
 * and what they read. A backend owns the hypervisor side and reports every
 * VIRQ_ARGO it raises to the signal sink. Argument and return conventions of
 * the hypercalls are those of the model (argo_model.h), errors negative.
 */
#ifndef ARGOLAB_ARGO_BACKEND_H
#define ARGOLAB_ARGO_BACKEND_H

#include "../ring_model/argo_model.h"
#include "../ring_model/v4v_model.h"

struct argo_backend_ops {
    const char *name;

    /* Route every VIRQ_ARGO raised from now on to fn(ctx, domid). */
    void (*set_signal_sink)(void *be, argo_signal_fn fn, void *ctx);
    /* Xen's argo=mac-permissive boot option. */
    void (*set_mac_permissive)(void *be, bool on);
    /*
     * Speak ring ABI abi (enum ring_abi) from now on; called before any
     * domain exists. NULL when the backend speaks Argo only. With V4V the
     * calls below keep their Argo-shaped arguments and the backend
     * translates: register_ring finds the V4V ring header (magic, id, len)
     * already in mem and uses npages as the pfn list's npage; an iov's pad
     * is the high half of V4V's 64-bit length; notify's entries get V4V's
     * flags (V4V_RING_DATA_F_*) and nothing else.
     */
    int (*set_abi)(void *be, uint8_t abi);

    /*
     * The runner calls these only for a free id below 0x7ff0 and an existing
     * domain respectively; 0 or a negative errno.
     */
    int (*domain_create)(void *be, argo_domid_t dom, bool argo_enabled);
    int (*domain_destroy)(void *be, argo_domid_t dom);

    long (*register_ring)(void *be, argo_domid_t caller,
                          const xen_argo_register_ring_t *reg, uint8_t *mem,
                          bool bad_frame, uint64_t npages, uint64_t flags);
    long (*unregister_ring)(void *be, argo_domid_t caller,
                            const xen_argo_unregister_ring_t *unreg);
    long (*sendv)(void *be, argo_domid_t caller,
                  const xen_argo_send_addr_t *addr, const xen_argo_iov_t *iovs,
                  uint64_t niov, uint64_t message_type,
                  const struct argo_guest_reader *guest);
    long (*notify)(void *be, argo_domid_t caller,
                   const xen_argo_ring_data_t *ring_data,
                   xen_argo_ring_data_ent_t *ents);

    /* Whether the ring is registered now (it may vanish as a side effect). */
    bool (*ring_registered)(void *be, argo_domid_t dom, xen_argo_port_t port,
                            argo_domid_t partner);

    /*
     * The receiving guest consumed a message / rewrote an index in the ring
     * header. Optional (NULL): only backends that audit themselves care.
     */
    void (*guest_consumed)(void *be, argo_domid_t dom, xen_argo_port_t port,
                           argo_domid_t partner, uint32_t payload);
    void (*guest_index_written)(void *be, argo_domid_t dom,
                                xen_argo_port_t port, argo_domid_t partner);
};

struct argo_backend {
    const struct argo_backend_ops *ops;
    void *be;
};

/* The model as a backend; m must outlive be and is reset here. */
void argo_backend_model_init(struct argo_backend *be, struct argo_model *m);

#endif
