/* SPDX-License-Identifier: MIT */
/*
 * Description: Xen's own argo.c behind the backend interface: each
 * operation is laid out in the shim's guest address space and issued as
 * the guest's hypercall (do_argo_op) by the calling domain.
 *
 * Whether a ring is registered is not asked of argo.c (its ring hash is
 * private) but read off the frames: Xen holds a writable type reference on
 * every page of a ring exactly while the ring is registered, and drops them
 * all when it goes (unregister, a failed re-registration, a destroy). The
 * backend remembers which memory each (domain, port, partner) last
 * registered, and a ring is registered when the first frame of that memory
 * is one Xen holds writable. Records whose frames Xen let go are forgotten
 * before the operation returns, so the runner freeing that memory (and the
 * allocator reusing it) cannot confuse them.
 *
 * Compiled to nothing unless the build found Xen's source.
 */
#ifdef ARGOLAB_HAVE_XENHOST

#include "argo_backend_xenhost.h"
#include "../xen_host/xh_map.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef ARGOLAB_XEN_VERSION
#define ARGOLAB_XEN_VERSION "unknown"
#endif

#define XH_GFN_LIMIT    (XEN_ARGO_MAX_RING_SIZE >> ARGO_PAGE_SHIFT)

struct xenhost {
    argo_signal_fn sink;
    void *sink_ctx;
    struct xh_map rings;        /* (dom, port, partner) -> ring memory */
    bool raw_returns;
    uint64_t sendv_unsigned_errors;
};

static struct xenhost xenhost;
static bool xenhost_active;

static uint64_t ring_key(argo_domid_t dom, xen_argo_port_t port,
                         argo_domid_t partner)
{
    return (uint64_t)dom << 48 | (uint64_t)partner << 32 | port;
}

static argo_domid_t ring_key_dom(uint64_t key)
{
    return (argo_domid_t)(key >> 48);
}

/* Forget rings whose frames Xen no longer holds. */
static void rings_sweep(struct xenhost *x)
{
    uint64_t stale[64];
    bool more = true;

    while (more) {
        size_t pos = 0, n = 0;
        uint64_t key, mem;

        more = false;
        while (xh_map_next(&x->rings, &pos, &key, &mem)) {
            if (xh_frame_writable_held(ring_key_dom(key),
                                       (const uint8_t *)(uintptr_t)mem))
                continue;
            if (n == ARGO_ARRAY_SIZE(stale)) {
                more = true;
                break;
            }
            stale[n++] = key;
        }
        for (size_t i = 0; i < n; i++)
            xh_map_del(&x->rings, stale[i]);
    }
}

/* After an operation that can release rings. */
static void after_release(struct xenhost *x)
{
    xh_guest_unmap_all();
    xh_frames_gc();
    rings_sweep(x);
}

static void xenhost_virq(void *ctx, uint16_t domid)
{
    struct xenhost *x = ctx;

    if (x->sink)
        x->sink(x->sink_ctx, domid);
}

static void xenhost_set_signal_sink(void *be, argo_signal_fn fn, void *ctx)
{
    struct xenhost *x = be;

    x->sink = fn;
    x->sink_ctx = ctx;
}

static void xenhost_set_mac_permissive(void *be, bool on)
{
    int rc = xh_param_parse("argo", on ? "1,mac-permissive=1"
                                       : "1,mac-permissive=0");

    (void)be;
    if (rc) {
        fprintf(stderr, "argolab xenhost: Xen's argo= parser refused "
                        "mac-permissive=%d (%d)\n", on, rc);
        abort();
    }
}

static int xenhost_domain_create(void *be, argo_domid_t dom, bool argo_enabled)
{
    (void)be;
    return xh_domain_create(dom, argo_enabled);
}

static int xenhost_domain_destroy(void *be, argo_domid_t dom)
{
    int rc = xh_domain_destroy(dom);

    after_release(be);
    return rc;
}

static long xenhost_register_ring(void *be, argo_domid_t caller,
                                  const xen_argo_register_ring_t *reg,
                                  uint8_t *mem, bool bad_frame,
                                  uint64_t npages, uint64_t flags)
{
    struct xenhost *x = be;
    xen_argo_register_ring_t guest_reg = *reg;
    uint32_t ngfns = npages <= XH_GFN_LIMIT ? (uint32_t)npages : 0;
    uint32_t nframes = 0;
    uint64_t gfn_none, *gfns;
    long rc;

    if (!xh_domain_exists(caller))
        return -ARGO_ESRCH;
    gfns = ngfns ? malloc(ngfns * sizeof(*gfns)) : &gfn_none;
    if (!gfns)
        return -ARGO_ENOMEM;

    /*
     * The runner's memory holds what reg->len needs (when the length is one
     * Xen accepts); those pages are the ring's frames. Every other gfn, and
     * all of them without memory, names no page.
     */
    if (mem && reg->len >= ARGO_MIN_RING_LEN &&
        reg->len <= XEN_ARGO_MAX_RING_SIZE &&
        reg->len % XEN_ARGO_MSG_SLOT_SIZE == 0) {
        nframes = argo_ring_npages(reg->len);
        if (nframes > ngfns)
            nframes = ngfns;
        xh_frames_for(caller, mem, nframes, gfns);
    }
    for (uint32_t i = nframes; i < ngfns; i++)
        gfns[i] = xh_gfn_invalid(i);
    if (bad_frame && ngfns)
        gfns[ngfns - 1] = xh_gfn_invalid(ngfns - 1);

    if (nframes) {
        uint64_t key = ring_key(caller, reg->aport, reg->partner_id), old;

        if (!xh_map_get(&x->rings, key, &old) ||
            !xh_frame_writable_held(caller, (const uint8_t *)(uintptr_t)old))
            xh_map_put(&x->rings, key, (uint64_t)(uintptr_t)mem);
    }

    rc = xh_argo_op(caller, XEN_ARGO_OP_register_ring,
                    xh_guest_map(&guest_reg, sizeof(guest_reg), false),
                    xh_guest_map(gfns, ngfns * sizeof(*gfns), false),
                    npages, flags);
    if (gfns != &gfn_none)
        free(gfns);
    after_release(x);
    return rc;
}

static long xenhost_unregister_ring(void *be, argo_domid_t caller,
                                    const xen_argo_unregister_ring_t *unreg)
{
    xen_argo_unregister_ring_t guest_unreg = *unreg;
    long rc;

    rc = xh_argo_op(caller, XEN_ARGO_OP_unregister_ring,
                    xh_guest_map(&guest_unreg, sizeof(guest_unreg), false),
                    0, 0, 0);
    after_release(be);
    return rc;
}

static long xenhost_sendv(void *be, argo_domid_t caller,
                          const xen_argo_send_addr_t *addr,
                          const xen_argo_iov_t *iovs, uint64_t niov,
                          uint64_t message_type,
                          const struct argo_guest_reader *guest)
{
    struct xenhost *x = be;
    xen_argo_send_addr_t guest_addr = *addr;
    xen_argo_iov_t guest_iovs[XEN_ARGO_MAXIOV];
    /* The guest's array: the niov entries Xen reads (none beyond 8: Xen
     * refuses those counts before reading any). */
    size_t n = niov <= XEN_ARGO_MAXIOV ? (size_t)niov : 0;
    long rc;

    if (n)
        memcpy(guest_iovs, iovs, n * sizeof(*iovs));
    xh_guest_set_reader(guest ? guest->copy : NULL, guest ? guest->ctx : NULL);
    rc = xh_argo_op(caller, XEN_ARGO_OP_sendv,
                    xh_guest_map(&guest_addr, sizeof(guest_addr), false),
                    xh_guest_map(guest_iovs, n * sizeof(*iovs), false),
                    niov, message_type);
    xh_guest_set_reader(NULL, NULL);
    xh_guest_unmap_all();

    /* See argo_xenhost_set_raw_returns. */
    if (rc > INT32_MAX && rc <= UINT32_MAX && (int32_t)(uint32_t)rc < 0) {
        x->sendv_unsigned_errors++;
        if (!x->raw_returns)
            rc = (int32_t)(uint32_t)rc;
    }
    return rc;
}

static long xenhost_notify(void *be, argo_domid_t caller,
                           const xen_argo_ring_data_t *ring_data,
                           xen_argo_ring_data_ent_t *ents)
{
    uint32_t nent = 0;
    uint8_t *buf = NULL;
    uint64_t arg1 = 0;
    size_t size;
    long rc;

    (void)be;
    if (ring_data) {
        /* The header, then its entries, contiguous in guest memory. */
        nent = ring_data->nent <= ARGO_MAX_NOTIFY_COUNT ? ring_data->nent : 0;
        if (!ents)
            nent = 0;
        size = sizeof(*ring_data) + (size_t)nent * sizeof(*ents);
        buf = malloc(size);
        if (!buf)
            return -ARGO_ENOMEM;
        memcpy(buf, ring_data, sizeof(*ring_data));
        if (nent)
            memcpy(buf + sizeof(*ring_data), ents, nent * sizeof(*ents));
        arg1 = xh_guest_map(buf, size, true);
    }
    rc = xh_argo_op(caller, XEN_ARGO_OP_notify, arg1, 0, 0, 0);
    xh_guest_unmap_all();

    /* Xen writes flags and max_message_size of each entry it looked at. */
    for (uint32_t i = 0; i < nent; i++) {
        xen_argo_ring_data_ent_t e;

        memcpy(&e, buf + sizeof(*ring_data) + i * sizeof(e), sizeof(e));
        ents[i].flags = e.flags;
        ents[i].max_message_size = e.max_message_size;
    }
    free(buf);
    return rc;
}

static bool xenhost_ring_registered(void *be, argo_domid_t dom,
                                    xen_argo_port_t port, argo_domid_t partner)
{
    struct xenhost *x = be;
    uint64_t mem;

    return xh_map_get(&x->rings, ring_key(dom, port, partner), &mem) &&
           xh_frame_writable_held(dom, (const uint8_t *)(uintptr_t)mem);
}

static const struct argo_backend_ops xenhost_ops = {
    .name = "xenhost",
    .set_signal_sink = xenhost_set_signal_sink,
    .set_mac_permissive = xenhost_set_mac_permissive,
    .domain_create = xenhost_domain_create,
    .domain_destroy = xenhost_domain_destroy,
    .register_ring = xenhost_register_ring,
    .unregister_ring = xenhost_unregister_ring,
    .sendv = xenhost_sendv,
    .notify = xenhost_notify,
    .ring_registered = xenhost_ring_registered,
    .guest_consumed = NULL,
    .guest_index_written = NULL,
};

int argo_backend_xenhost_init(struct argo_backend *be)
{
    if (xenhost_active || xh_system_init())
        return -1;
    memset(&xenhost, 0, sizeof(xenhost));
    /* argo.c's options are its own statics: set both, every time. */
    if (xh_param_parse("argo", "1,mac-permissive=0")) {
        fputs("argolab xenhost: Xen's argo= boot parameter parser is not "
              "registered\n", stderr);
        return -1;
    }
    xh_set_virq_sink(xenhost_virq, &xenhost);
    {
        const char *raw = getenv("ARGOLAB_XEN_RAW_RETURNS");

        xenhost.raw_returns = raw && !strcmp(raw, "1");
    }
    xenhost_active = true;
    be->ops = &xenhost_ops;
    be->be = &xenhost;
    return 0;
}

long argo_backend_xenhost_fini(struct argo_backend *be)
{
    struct xh_leaks l;
    uint64_t total;

    if (!xenhost_active)
        return 0;
    total = xh_system_fini(&l);
    xh_map_clear(&xenhost.rings);
    xenhost_active = false;
    if (be) {
        be->ops = NULL;
        be->be = NULL;
    }
    if (l.allocations)
        fprintf(stderr, "argolab xenhost: leak: %llu xmalloc block(s), %llu "
                        "bytes, not freed by argo.c\n",
                (unsigned long long)l.allocations,
                (unsigned long long)l.allocation_bytes);
    if (l.page_refs || l.type_refs || l.mappings)
        fprintf(stderr, "argolab xenhost: leak: %llu page reference(s), %llu "
                        "type reference(s), %llu mapping(s) still held\n",
                (unsigned long long)l.page_refs,
                (unsigned long long)l.type_refs,
                (unsigned long long)l.mappings);
    if (l.locks_held || l.rcu_locks_held)
        fprintf(stderr, "argolab xenhost: leak: %llu lock(s), %llu RCU domain "
                        "reference(s) still held\n",
                (unsigned long long)l.locks_held,
                (unsigned long long)l.rcu_locks_held);
    return total > LONG_MAX ? LONG_MAX : (long)total;
}

void argo_backend_xenhost_discard(struct argo_backend *be)
{
    if (!xenhost_active)
        return;
    xh_system_discard();
    xh_map_clear(&xenhost.rings);
    xenhost_active = false;
    if (be) {
        be->ops = NULL;
        be->be = NULL;
    }
}

uint64_t argo_xenhost_leaks(struct xh_leaks *out)
{
    return xh_leaks(out);
}

void argo_xenhost_fail_nth_alloc(uint64_t n)
{
    xh_alloc_fail_nth(n);
}

uint64_t argo_xenhost_alloc_attempts(void)
{
    return xh_alloc_attempts();
}

const char *argo_xenhost_printk(size_t *len)
{
    return xh_printk_buffer(len);
}

void argo_xenhost_printk_clear(void)
{
    xh_printk_clear();
}

void argo_xenhost_set_assert_fatal(bool fatal)
{
    xh_set_assert_fatal(fatal);
}

uint64_t argo_xenhost_assert_failures(void)
{
    return xh_assert_failures();
}

void argo_xenhost_set_raw_returns(bool raw)
{
    xenhost.raw_returns = raw;
}

uint64_t argo_xenhost_sendv_unsigned_errors(void)
{
    return xenhost.sendv_unsigned_errors;
}

const char *argo_xenhost_xen_version(void)
{
    return ARGOLAB_XEN_VERSION;
}

#else

/* Without Xen's source there is nothing to build here. */
typedef int argolab_no_xenhost_backend;

#endif
