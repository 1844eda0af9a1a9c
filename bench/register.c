/* SPDX-License-Identifier: MIT */
/*
 * Description: register_ring + unregister_ring of one ring against its
 * length, register/B/LEN: the cost is in naming and mapping its pages (one
 * frame per 4 KiB, 4096 for the largest ring).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bench_setup.h"

static void register_run(struct bench_state *st, const char *backend)
{
    uint32_t len = (uint32_t)bench_arg_at(st, 0);
    uint32_t npages = argo_ring_npages(len);
    xen_argo_register_ring_t reg = { .aport = 1, .partner_id = 1, .len = len };
    xen_argo_unregister_ring_t unreg = { .aport = 1, .partner_id = 1 };
    uint8_t *mem = aligned_alloc(ARGO_PAGE_SIZE, (size_t)npages * ARGO_PAGE_SIZE);
    struct bench_argo a;

    if (!mem) {
        bench_skip(st, "out of memory");
        return;
    }
    memset(mem, 0, (size_t)npages * ARGO_PAGE_SIZE);
    if (bench_open_or_skip(st, &a, backend, 2))
        goto out_free;
    while (bench_keep_running(st)) {
        if (a.be->ops->register_ring(a.be->be, 0, &reg, mem, false, npages, 0) ||
            a.be->ops->unregister_ring(a.be->be, 0, &unreg)) {
            bench_skip(st, "register or unregister failed");
            break;
        }
    }
    bench_counter(st, "pages", npages, BENCH_COUNTER_VALUE);
    bench_argo_close(&a);
out_free:
    free(mem);
}

static void register_model(struct bench_state *st) { register_run(st, "model"); }
#ifdef ARGOLAB_HAVE_XENHOST
static void register_xenhost(struct bench_state *st) { register_run(st, "xenhost"); }
#endif

static void ring_lengths(struct bench *b)
{
    /*
     * The smallest ring, one page with its header, then up to the largest
     * ring Xen accepts: 16 MiB less the ring header, since the header's page
     * counts against the 16 MiB of frames (docs/findings.md, finding 4).
     */
    bench_arg(b, ARGO_MIN_RING_LEN);
    bench_arg(b, ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE);
    for (int64_t len = 64 * 1024; len < XEN_ARGO_MAX_RING_SIZE; len *= 16)
        bench_arg(b, len);
    bench_arg(b, XEN_ARGO_MAX_RING_SIZE - ARGO_RING_HEADER_SIZE);
}

BENCH_REGISTER(register_register)
{
    ring_lengths(bench_register("register/model", register_model));
#ifdef ARGOLAB_HAVE_XENHOST
    ring_lengths(bench_register("register/xenhost", register_xenhost));
#endif
}
