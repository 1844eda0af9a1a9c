/* SPDX-License-Identifier: MIT */
/*
 * Description: live Xen behind the backend interface (backend/argo_backend.h):
 * every Argo operation is this guest's own argo_op hypercall.
 *
 * Only one domain exists for a trace here: the guest itself. Ring memory
 * is the runner's (the guest's pages, named to Xen by their frames), iov
 * data is copied from the runner into guest buffers, VIRQ_ARGO is read off
 * its event channel after every hypercall. Return values are rax as the
 * guest receives it, never reinterpreted (Xen 4.17's sendv returns its
 * errors as unsigned 32-bit values: docs/findings.md#7).
 */
#ifndef ARGOLAB_LIVE_BACKEND_LIVE_H
#define ARGOLAB_LIVE_BACKEND_LIVE_H

#include "../backend/argo_backend.h"

/* Xen allows 128 rings per domain; the spare keeps a table full of stale
 * entries impossible to overflow. */
#define LIVE_MAX_RINGS  256u

struct live_ring {
    bool live;
    xen_argo_port_t port;
    argo_domid_t partner;
};

struct live_backend {
    argo_signal_fn sink;
    void *sink_ctx;
    argo_domid_t self;
    bool xen_mac_permissive;        /* what Xen was booted with */
    bool trace_mac_permissive;      /* what the trace asks for now */
    bool self_created;
    /* Rings Xen has registered for this domain, as its rules predict. */
    struct live_ring rings[LIVE_MAX_RINGS];
    uint64_t hypercalls;
    /* The first thing that made the run unlike a real guest's, or NULL. */
    const char *failure;
};

/*
 * be speaks for lb: domain self (this guest), on a Xen booted with
 * argo=...,mac-permissive=xen_mac_permissive.
 */
void live_backend_init(struct argo_backend *be, struct live_backend *lb,
                       argo_domid_t self, bool xen_mac_permissive);

/*
 * Whether Xen was booted with mac-permissive: registers a wildcard ring on
 * a port no trace is expected to use and removes it again (-EPERM means
 * no). Returns 0 with *on set, or the unexpected result of the register.
 */
long live_probe_mac_permissive(bool *on);

#endif
