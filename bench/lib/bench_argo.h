/* SPDX-License-Identifier: MIT */
/*
 * Description: an Argo system for benchmarks: one backend (the model, or
 * Xen's own argo.c as "xenhost"), domains, rings in page-aligned guest
 * memory, and a guest whose iov handles are plain host pointers.
 *
 * Everything here is set-up and tear-down, called outside the timed loop;
 * the timed work calls the backend's ops directly (bench_argo_sendv is an
 * inline wrapper with nothing of its own to measure). Plain C with no
 * benchmark library, so the instruction-count scenarios use it too.
 */
#ifndef ARGOLAB_BENCH_ARGO_H
#define ARGOLAB_BENCH_ARGO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "host/host_backend.h"

#define BENCH_ARGO_MAX_RINGS 160u

struct bench_ring {
    argo_domid_t dom;
    xen_argo_port_t port;
    argo_domid_t partner;
    uint32_t len;               /* ring data bytes */
    uint8_t *mem;               /* xen_argo_ring_t then len bytes, page aligned */
};

struct bench_argo {
    struct host_backend hb;
    const struct argo_backend *be;
    struct argo_guest_reader guest;
    uint64_t signals;           /* VIRQ_ARGO raised since open */
    unsigned nrings;
    struct bench_ring rings[BENCH_ARGO_MAX_RINGS];
    char why[128];              /* what went wrong, after a failure */
};

/*
 * Open backend ("model" or "xenhost") with argo=1,mac-permissive=1 (so
 * wildcard rings may be registered, as on the live Xen argolab boots) and
 * create domains 0..ndomains-1, all with Argo. Returns 0, or -1 after bench_skip(st, why) so that the
 * caller only has to return.
 */
int bench_argo_open(struct bench_argo *a, const char *backend,
                    unsigned ndomains);

/*
 * Register a ring of len data bytes for dom on port with partner (an id or
 * XEN_ARGO_DOMID_ANY) in fresh zeroed pages. Returns the ring, or NULL with
 * a->why naming the error.
 */
struct bench_ring *bench_argo_ring(struct bench_argo *a, argo_domid_t dom,
                                   xen_argo_port_t port, argo_domid_t partner,
                                   uint32_t len);

/* Tear everything down, ring memory included. */
void bench_argo_close(struct bench_argo *a);

/* One iov naming host memory. */
static inline xen_argo_iov_t bench_iov(const void *p, uint32_t len)
{
    xen_argo_iov_t iov = { .iov_hnd = (uint64_t)(uintptr_t)p, .iov_len = len };

    return iov;
}

/* sendv from (from, port 7) to the ring (r->dom, r->port). */
static inline long bench_argo_sendv(struct bench_argo *a, argo_domid_t from,
                                    const struct bench_ring *r,
                                    const xen_argo_iov_t *iovs, unsigned niov)
{
    xen_argo_send_addr_t addr = {
        .src = { .aport = 7, .domain_id = from },
        .dst = { .aport = r->port, .domain_id = r->dom },
    };

    return a->be->ops->sendv(a->be->be, from, &addr, iovs, niov, 0, &a->guest);
}

/* The ring's tx_ptr as the guest sees it in the ring header. */
static inline uint32_t bench_ring_tx(const struct bench_ring *r)
{
    uint32_t tx;

    memcpy(&tx, r->mem + offsetof(xen_argo_ring_t, tx_ptr), sizeof(tx));
    return tx;
}

/*
 * The receiver that keeps up without looking: rx_ptr = tx_ptr, as a guest
 * that consumed every message would leave it. Inline: it sits in timed
 * loops.
 */
static inline void bench_ring_drain(struct bench_ring *r)
{
    uint32_t tx = bench_ring_tx(r);

    memcpy(r->mem + offsetof(xen_argo_ring_t, rx_ptr), &tx, sizeof(tx));
}

#endif
