/* SPDX-License-Identifier: MIT */
/*
 * Description: xmalloc and friends over the host's malloc, with every live
 * block recorded (size, and whether it was zeroed), leaks counted, and an
 * injectable failure of the nth allocation.
 *
 * Without AddressSanitizer, blocks get a poisoned tail and freed blocks are
 * poisoned before release, so that reads past a block or after its free
 * see non-canonical pointers (and fault when followed) and writes past a
 * block are caught at xfree. Under AddressSanitizer blocks are exact, so
 * that it sees every out-of-bounds access itself.
 */
#include <xen/lib.h>
#include <xen/xmalloc.h>

#include <stdlib.h>

#include "xh_internal.h"
#include "xh_map.h"

#if defined(__SANITIZE_ADDRESS__)
#define XH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XH_ASAN 1
#endif
#endif

#ifdef XH_ASAN
#define XH_TAIL 0u
#else
#define XH_TAIL 32u
#endif

#define XH_POISON_TAIL  0xa5
#define XH_POISON_FREE  0xdb
#define XH_POISON_FRESH 0xc3

static struct xh_map xh_live;           /* block -> size */
static uint64_t xh_attempts, xh_fail_at;

void xh_alloc_fail_nth(uint64_t n)
{
    xh_fail_at = n ? xh_attempts + n : 0;
}

uint64_t xh_alloc_attempts(void)
{
    return xh_attempts;
}

void *xh_xmalloc(size_t size, size_t align, bool zero)
{
    void *p;

    if (!size)
        return ZERO_BLOCK_PTR;
    if (++xh_attempts == xh_fail_at) {
        xh_fail_at = 0;
        xh_printk("argolab xenhost: allocation %llu (%zu bytes) made to fail\n",
                  (unsigned long long)xh_attempts, size);
        return NULL;
    }
    if (align > 16) {
        size_t total = (size + XH_TAIL + align - 1) & ~(align - 1);

        p = aligned_alloc(align, total);
    } else {
        p = malloc(size + XH_TAIL);
    }
    if (!p)
        return NULL;
    memset(p, zero ? 0 : XH_POISON_FRESH, size);
#if XH_TAIL
    memset((char *)p + size, XH_POISON_TAIL, XH_TAIL);
#endif
    xh_map_put(&xh_live, (uint64_t)(uintptr_t)p, size);
    return p;
}

void *xh_xmalloc_array(size_t size, size_t align, unsigned long num, bool zero)
{
    /* Xen refuses arrays whose byte count would not fit an unsigned int. */
    if (size && num > UINT_MAX / size)
        return NULL;
    return xh_xmalloc(size * num, align, zero);
}

/* The live block that contains p, for a diagnosis. */
static bool xh_block_containing(uintptr_t p, uint64_t *base, uint64_t *size)
{
    size_t pos = 0;
    uint64_t b, s;

    while (xh_map_next(&xh_live, &pos, &b, &s)) {
        if (p >= b && p < b + s + XH_TAIL) {
            *base = b;
            *size = s;
            return true;
        }
    }
    return false;
}

static void xh_check_tail(const void *p, uint64_t size)
{
#if XH_TAIL
    const unsigned char *tail = (const unsigned char *)p + size;

    for (unsigned int i = 0; i < XH_TAIL; i++)
        if (tail[i] != XH_POISON_TAIL)
            xh_fatal("heap corruption: %u bytes past the %llu-byte xmalloc "
                     "block at %p were overwritten", i,
                     (unsigned long long)size, p);
#else
    (void)p;
    (void)size;
#endif
}

void xh_xfree(void *p)
{
    uint64_t size, base;

    if (!p || p == ZERO_BLOCK_PTR)
        return;
    if (!xh_map_get(&xh_live, (uint64_t)(uintptr_t)p, &size)) {
        if (xh_block_containing((uintptr_t)p, &base, &size))
            xh_fatal("xfree(%p): not the start of an xmalloc block: it is %llu "
                     "bytes into the live %llu-byte block at %p",
                     p, (unsigned long long)((uintptr_t)p - base),
                     (unsigned long long)size, (void *)(uintptr_t)base);
        xh_fatal("xfree(%p): not a live xmalloc block (freed twice, or "
                 "never allocated)", p);
    }
    xh_check_tail(p, size);
    xh_map_del(&xh_live, (uint64_t)(uintptr_t)p);
    memset(p, XH_POISON_FREE, size + XH_TAIL);
    free(p);
}

void xh_mem_leaks(struct xh_leaks *l)
{
    size_t pos = 0;
    uint64_t size;

    l->allocations = 0;
    l->allocation_bytes = 0;
    while (xh_map_next(&xh_live, &pos, NULL, &size)) {
        l->allocations++;
        l->allocation_bytes += size;
    }
}

void xh_mem_release_all(void)
{
    size_t pos = 0;
    uint64_t p;

    while (xh_map_next(&xh_live, &pos, &p, NULL))
        free((void *)(uintptr_t)p);
    xh_map_clear(&xh_live);
}

void xh_mem_reset(void)
{
    xh_mem_release_all();
    xh_attempts = 0;
    xh_fail_at = 0;
}
