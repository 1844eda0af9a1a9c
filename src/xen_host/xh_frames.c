/* SPDX-License-Identifier: MIT */
/*
 * Description: simulated guest frames, the p2m, page references and
 * global mappings.
 *
 * Each 4 KiB page of guest memory the backend names becomes a frame with
 * an owner, a general reference count, a writable-type count and a
 * mapping count. Frame numbers only grow (a dropped frame's number is never
 * reused, so a stale one is invalid rather than aliased). The p2m is the
 * identity for a frame's owner and empty otherwise: gfn == mfn for pages
 * of the domain asking, no page for anything else.
 */
#include <xen/lib.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>

#include <stdlib.h>

#include "xh_internal.h"
#include "xh_map.h"

/* First frame number; below it, and from XH_GFN_INVALID up, nothing. */
#define XH_MFN_BASE         0x100000UL
#define XH_GFN_INVALID      (UINT64_C(0xbad) << 40)

struct page_info {
    unsigned char *host;        /* the page's memory; NULL once dropped */
    domid_t owner;
    unsigned long count;        /* general references */
    unsigned long type_count;   /* references on its type */
    unsigned long type;         /* PGT_*, while type_count > 0 */
    unsigned long maps;         /* global mappings */
    size_t live_pos;            /* its index in xh_live_frames */
};

static struct page_info *xh_frames;     /* by mfn - XH_MFN_BASE */
static size_t xh_nframes, xh_frames_cap;
static size_t *xh_live_frames;          /* indices of frames not dropped */
static size_t xh_nlive;
static struct xh_map xh_frame_by_addr;  /* page address -> index */

void xh_frames_reset(void)
{
    free(xh_frames);
    free(xh_live_frames);
    xh_frames = NULL;
    xh_live_frames = NULL;
    xh_nframes = xh_frames_cap = xh_nlive = 0;
    xh_map_clear(&xh_frame_by_addr);
}

static void xh_frames_grow(void)
{
    size_t cap = xh_frames_cap ? xh_frames_cap * 2 : 256;
    struct page_info *f = realloc(xh_frames, cap * sizeof(*f));
    size_t *live = f ? realloc(xh_live_frames, cap * sizeof(*live)) : NULL;

    if (!f || !live)
        xh_fatal("out of memory for %zu frames", cap);
    xh_frames = f;
    xh_live_frames = live;
    xh_frames_cap = cap;
}

static size_t xh_frame_index(const struct page_info *pg)
{
    size_t i = (size_t)(pg - xh_frames);

    if (!xh_frames || pg < xh_frames || i >= xh_nframes || !pg->host)
        xh_fatal("%p is not a live frame's page_info", (const void *)pg);
    return i;
}

void xh_frames_for(uint16_t owner, uint8_t *mem, uint32_t npages,
                   uint64_t *gfns)
{
    for (uint32_t p = 0; p < npages; p++) {
        unsigned char *host = mem + (size_t)p * PAGE_SIZE;
        uint64_t i;
        struct page_info *pg;

        if (xh_map_get(&xh_frame_by_addr, (uint64_t)(uintptr_t)host, &i)) {
            if (xh_frames[i].owner != owner)
                xh_fatal("page %p is d%u's frame; d%u names it too",
                         (void *)host, xh_frames[i].owner, owner);
            gfns[p] = XH_MFN_BASE + i;
            continue;
        }
        if (xh_nframes == xh_frames_cap)
            xh_frames_grow();
        i = xh_nframes++;
        pg = &xh_frames[i];
        memset(pg, 0, sizeof(*pg));
        pg->host = host;
        pg->owner = owner;
        pg->live_pos = xh_nlive;
        xh_live_frames[xh_nlive++] = i;
        xh_map_put(&xh_frame_by_addr, (uint64_t)(uintptr_t)host, i);
        gfns[p] = XH_MFN_BASE + i;
    }
}

uint64_t xh_gfn_invalid(uint32_t i)
{
    return XH_GFN_INVALID + i;
}

uint32_t xh_frames_gc(void)
{
    uint32_t dropped = 0;

    for (size_t k = 0; k < xh_nlive;) {
        struct page_info *pg = &xh_frames[xh_live_frames[k]];

        if (pg->count || pg->type_count || pg->maps) {
            k++;
            continue;
        }
        xh_map_del(&xh_frame_by_addr, (uint64_t)(uintptr_t)pg->host);
        pg->host = NULL;
        /* Swap the last live frame into slot k. */
        xh_live_frames[k] = xh_live_frames[--xh_nlive];
        xh_frames[xh_live_frames[k]].live_pos = k;
        dropped++;
    }
    return dropped;
}

bool xh_frame_writable_held(uint16_t owner, const uint8_t *mem)
{
    uint64_t i;

    if (!xh_map_get(&xh_frame_by_addr, (uint64_t)(uintptr_t)mem, &i))
        return false;
    return xh_frames[i].owner == owner && xh_frames[i].type_count &&
           xh_frames[i].type == PGT_writable_page;
}

void xh_frames_leaks(struct xh_leaks *l)
{
    l->page_refs = l->type_refs = l->mappings = 0;
    for (size_t k = 0; k < xh_nlive; k++) {
        const struct page_info *pg = &xh_frames[xh_live_frames[k]];

        l->page_refs += pg->count;
        l->type_refs += pg->type_count;
        l->mappings += pg->maps;
    }
}

/* ---- what argo.c calls ---------------------------------------------------- */

bool mfn_valid(mfn_t mfn)
{
    unsigned long m = mfn_x(mfn);

    return m >= XH_MFN_BASE && m - XH_MFN_BASE < xh_nframes &&
           xh_frames[m - XH_MFN_BASE].host;
}

struct page_info *mfn_to_page(mfn_t mfn)
{
    if (!mfn_valid(mfn))
        xh_fatal("mfn_to_page(%#lx): no such frame", mfn_x(mfn));
    return &xh_frames[mfn_x(mfn) - XH_MFN_BASE];
}

mfn_t page_to_mfn(const struct page_info *pg)
{
    return _mfn(XH_MFN_BASE + xh_frame_index(pg));
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    xh_frame_index(pg);
    if (!d || pg->owner != d->domain_id)
        return false;
    pg->count++;
    return true;
}

void put_page(struct page_info *pg)
{
    size_t i = xh_frame_index(pg);

    if (!pg->count)
        xh_fatal("put_page(mfn %#lx): no reference is held",
                 XH_MFN_BASE + i);
    if (pg->count == pg->type_count)
        xh_fatal("put_page(mfn %#lx): the last general reference would go "
                 "while %lu type reference(s) remain", XH_MFN_BASE + i,
                 pg->type_count);
    pg->count--;
}

bool get_page_and_type(struct page_info *pg, struct domain *d,
                       unsigned long type)
{
    xh_frame_index(pg);
    if (!d || pg->owner != d->domain_id)
        return false;
    if (pg->type_count && pg->type != type)
        return false;
    pg->count++;
    pg->type_count++;
    pg->type = type;
    return true;
}

void put_page_and_type(struct page_info *pg)
{
    size_t i = xh_frame_index(pg);

    if (!pg->type_count)
        xh_fatal("put_page_and_type(mfn %#lx): no type reference is held",
                 XH_MFN_BASE + i);
    if (!pg->count)
        xh_fatal("put_page_and_type(mfn %#lx): no general reference is held",
                 XH_MFN_BASE + i);
    pg->type_count--;
    pg->count--;
    if (!pg->type_count)
        pg->type = PGT_none;
}

struct page_info *get_page_from_gfn(struct domain *d, unsigned long gfn,
                                    p2m_type_t *t, p2m_query_t q)
{
    struct page_info *pg;

    (void)q;
    *t = p2m_invalid;
    if (!mfn_valid(_mfn(gfn)))
        return NULL;
    pg = &xh_frames[gfn - XH_MFN_BASE];
    if (pg->owner != d->domain_id || !get_page(pg, d))
        return NULL;
    *t = p2m_ram_rw;
    return pg;
}

int check_get_page_from_gfn(struct domain *d, gfn_t gfn, bool readonly,
                            p2m_type_t *p2mt_p, struct page_info **page_p)
{
    p2m_type_t t;
    struct page_info *pg = get_page_from_gfn(d, gfn_x(gfn), &t,
                                             readonly ? P2M_ALLOC
                                                      : P2M_UNSHARE);

    if (!pg)
        return -EINVAL;
    *p2mt_p = t;
    *page_p = pg;
    return 0;
}

void *map_domain_page_global(mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (!pg->count)
        xh_fatal("map_domain_page_global(mfn %#lx): nobody holds a reference",
                 mfn_x(mfn));
    pg->maps++;
    return pg->host;
}

/* The live frame whose page holds va (guest pages need not be aligned in
 * host memory: a frame is wherever the runner's buffer put it). */
static bool xh_frame_at(const void *va, uint64_t *index)
{
    uintptr_t a = (uintptr_t)va;

    if (xh_map_get(&xh_frame_by_addr, (uint64_t)a, index))
        return true;
    for (size_t k = 0; k < xh_nlive; k++) {
        uintptr_t base = (uintptr_t)xh_frames[xh_live_frames[k]].host;

        if (a >= base && a - base < (uintptr_t)PAGE_SIZE) {
            *index = xh_live_frames[k];
            return true;
        }
    }
    return false;
}

void unmap_domain_page_global(const void *va)
{
    uint64_t i;

    if (!xh_frame_at(va, &i) || !xh_frames[i].maps)
        xh_fatal("unmap_domain_page_global(%p): not mapped", va);
    xh_frames[i].maps--;
}

void *map_domain_page(mfn_t mfn)
{
    return map_domain_page_global(mfn);
}

void unmap_domain_page(const void *va)
{
    unmap_domain_page_global(va);
}
