/* SPDX-License-Identifier: MIT */
/*
 * Description: the simulated guest address space behind guest handles.
 *
 * For each hypercall the backend maps the guest's argument structs (host
 * buffers) at kernel-half guest addresses, 16 MiB apart from
 * XH_GUEST_BASE; every other address belongs to the guest's reader (the
 * trace runner serves iov data there). A copy is all or nothing: one that
 * runs off a mapping, reaches the reader when there is none, or that the
 * reader refuses, copies nothing and reports every byte as not copied.
 * Copies to the guest only land in writable mappings.
 */
#include <xen/lib.h>
#include <xen/guest_access.h>

#include "xh_internal.h"

#define XH_GUEST_BASE   UINT64_C(0xffff888000000000)

struct xh_guest_mapping {
    uint64_t gaddr;
    unsigned char *host;
    size_t len;
    bool writable;
};

static struct xh_guest_mapping xh_maps[XH_GUEST_MAPPINGS];
static unsigned int xh_nmaps;
static xh_guest_read_fn xh_reader;
static void *xh_reader_ctx;

void xh_guest_reset(void)
{
    xh_nmaps = 0;
    xh_reader = NULL;
    xh_reader_ctx = NULL;
}

uint64_t xh_guest_map(void *host, size_t len, bool writable)
{
    struct xh_guest_mapping *m;

    if (xh_nmaps == XH_GUEST_MAPPINGS || len > XH_GUEST_MAPPING_MAX)
        xh_fatal("xh_guest_map: %u mappings of up to %llu bytes each "
                 "(asked for a %zu-byte one with %u in place)",
                 XH_GUEST_MAPPINGS,
                 (unsigned long long)XH_GUEST_MAPPING_MAX, len, xh_nmaps);
    m = &xh_maps[xh_nmaps];
    m->gaddr = XH_GUEST_BASE + (uint64_t)xh_nmaps * XH_GUEST_MAPPING_MAX;
    m->host = host;
    m->len = len;
    m->writable = writable;
    xh_nmaps++;
    return m->gaddr;
}

void xh_guest_unmap_all(void)
{
    xh_nmaps = 0;
}

void xh_guest_set_reader(xh_guest_read_fn fn, void *ctx)
{
    xh_reader = fn;
    xh_reader_ctx = ctx;
}

/* The mapping gaddr falls in, or NULL. */
static const struct xh_guest_mapping *xh_guest_find(uint64_t gaddr)
{
    for (unsigned int i = 0; i < xh_nmaps; i++)
        if (gaddr >= xh_maps[i].gaddr &&
            gaddr - xh_maps[i].gaddr < XH_GUEST_MAPPING_MAX)
            return &xh_maps[i];
    return NULL;
}

/*
 * Like x86 Xen's copy_from_guest_ll, a copy that faults leaves zeros in the
 * bytes it did not copy: argo.c copies iov data straight into ring pages,
 * so the zeros are visible in the ring after a failed sendv. The reader
 * and the mappings here fail all or nothing, so all of dst is zeroed.
 */
static unsigned long xh_copy_fault(void *dst, size_t len)
{
    memset(dst, 0, len);
    return len;
}

unsigned long xh_copy_from_guest(void *dst, uint64_t gaddr, size_t len)
{
    const struct xh_guest_mapping *m;

    if (!len)
        return 0;
    m = xh_guest_find(gaddr);
    if (m) {
        uint64_t off = gaddr - m->gaddr;

        if (off > m->len || len > m->len - off)
            return xh_copy_fault(dst, len);
        memcpy(dst, m->host + off, len);
        return 0;
    }
    if (!gaddr || !xh_reader || len > UINT32_MAX)
        return xh_copy_fault(dst, len);
    return xh_reader(xh_reader_ctx, dst, gaddr, (uint32_t)len)
           ? xh_copy_fault(dst, len) : 0;
}

unsigned long xh_copy_to_guest(uint64_t gaddr, const void *src, size_t len)
{
    const struct xh_guest_mapping *m;
    uint64_t off;

    if (!len)
        return 0;
    m = xh_guest_find(gaddr);
    if (!m || !m->writable)
        return len;
    off = gaddr - m->gaddr;
    if (off > m->len || len > m->len - off)
        return len;
    memcpy(m->host + off, src, len);
    return 0;
}
