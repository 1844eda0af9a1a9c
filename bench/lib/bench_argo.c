/* SPDX-License-Identifier: MIT */
/* Description: set-up and tear-down of Argo systems for benchmarks. */
#include "bench_argo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void count_signal(void *ctx, argo_domid_t domid)
{
    struct bench_argo *a = ctx;

    (void)domid;
    a->signals++;
}

/* The guest's iov handles are host pointers (bench_iov). */
static int copy_host_pointer(void *ctx, void *dst, uint64_t hnd, uint32_t len)
{
    (void)ctx;
    memcpy(dst, (const void *)(uintptr_t)hnd, len);
    return 0;
}

int bench_argo_open(struct bench_argo *a, const char *backend,
                    unsigned ndomains)
{
    const char *why = NULL;

    memset(a, 0, sizeof(*a));
    if (host_backend_open(backend, &a->hb, &why)) {
        snprintf(a->why, sizeof(a->why), "%s: %s", backend, why);
        return -1;
    }
    a->be = &a->hb.be;
    a->be->ops->set_signal_sink(a->be->be, count_signal, a);
    a->be->ops->set_mac_permissive(a->be->be, true);
    a->guest.copy = copy_host_pointer;
    a->guest.ctx = a;
    for (unsigned d = 0; d < ndomains; d++) {
        int rc = a->be->ops->domain_create(a->be->be, (argo_domid_t)d, true);

        if (rc) {
            bench_argo_close(a);
            snprintf(a->why, sizeof(a->why), "creating domain %u: error %d",
                     d, rc);
            return -1;
        }
    }
    return 0;
}

struct bench_ring *bench_argo_ring(struct bench_argo *a, argo_domid_t dom,
                                   xen_argo_port_t port, argo_domid_t partner,
                                   uint32_t len)
{
    size_t size = (size_t)argo_ring_npages(len) * ARGO_PAGE_SIZE;
    xen_argo_register_ring_t reg = {
        .aport = port, .partner_id = partner, .len = len,
    };
    struct bench_ring *r;
    long rc;

    if (a->nrings == BENCH_ARGO_MAX_RINGS) {
        snprintf(a->why, sizeof(a->why), "more than %u rings",
                 BENCH_ARGO_MAX_RINGS);
        return NULL;
    }
    r = &a->rings[a->nrings];
    r->mem = aligned_alloc(ARGO_PAGE_SIZE, size);
    if (!r->mem) {
        snprintf(a->why, sizeof(a->why), "out of memory for a ring");
        return NULL;
    }
    memset(r->mem, 0, size);
    rc = a->be->ops->register_ring(a->be->be, dom, &reg, r->mem, false,
                                   argo_ring_npages(len), 0);
    if (rc) {
        snprintf(a->why, sizeof(a->why),
                 "register_ring dom %u port %u len %u: %ld", (unsigned)dom,
                 (unsigned)port, (unsigned)len, rc);
        free(r->mem);
        r->mem = NULL;
        return NULL;
    }
    r->dom = dom;
    r->port = port;
    r->partner = partner;
    r->len = len;
    a->nrings++;
    return r;
}

void bench_argo_close(struct bench_argo *a)
{
    if (a->be)
        host_backend_close(&a->hb);
    for (unsigned i = 0; i < a->nrings; i++)
        free(a->rings[i].mem);
    memset(a, 0, sizeof(*a));
}
