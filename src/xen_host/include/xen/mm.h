/* SPDX-License-Identifier: MIT */
/*
 * Description: frames, their type-safe numbers, and the guest physical
 * map, over the shim's simulated guest pages.
 *
 * A frame is one 4 KiB page of host memory that a guest owns (the trace
 * runner's ring buffers). It carries a general reference count and a
 * writable-type count, both checked: dropping a reference nobody holds
 * aborts, and whatever is still held when the system ends is a leak. The
 * p2m maps each frame's gfn to it for its owner only; any other gfn has no
 * page (p2m_invalid).
 */
#ifndef ARGOLAB_XH_MM_H
#define ARGOLAB_XH_MM_H

#include <xen/types.h>

struct domain;
struct page_info;

#define PAGE_SHIFT  12
#define PAGE_SIZE   (1L << PAGE_SHIFT)
#define PAGE_MASK   (~(PAGE_SIZE - 1))

/* Type-safe frame numbers, as a debug build of Xen has them: structs. */
typedef struct { unsigned long mfn; } mfn_t;
typedef struct { unsigned long gfn; } gfn_t;

static inline mfn_t _mfn(unsigned long m) { return (mfn_t){ m }; }
static inline unsigned long mfn_x(mfn_t m) { return m.mfn; }
static inline gfn_t _gfn(unsigned long g) { return (gfn_t){ g }; }
static inline unsigned long gfn_x(gfn_t g) { return g.gfn; }

#define INVALID_MFN_RAW     (~0UL)
#define INVALID_GFN_RAW     (~0UL)
#define INVALID_MFN         _mfn(INVALID_MFN_RAW)
#define INVALID_GFN         _gfn(INVALID_GFN_RAW)
#define PRI_mfn             "05lx"
#define PRI_gfn             "05lx"

static inline bool mfn_eq(mfn_t a, mfn_t b) { return mfn_x(a) == mfn_x(b); }
static inline bool gfn_eq(gfn_t a, gfn_t b) { return gfn_x(a) == gfn_x(b); }

/* Page types: only writable pages exist on the host. */
#define PGT_none            0UL
#define PGT_writable_page   1UL

bool mfn_valid(mfn_t mfn);
struct page_info *mfn_to_page(mfn_t mfn);
mfn_t page_to_mfn(const struct page_info *pg);

/* A general reference: only for a page domain d owns. */
bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);
/* A general and a type reference; false when d does not own the page or
 * it has another type. */
bool get_page_and_type(struct page_info *pg, struct domain *d,
                       unsigned long type);
void put_page_and_type(struct page_info *pg);

typedef enum {
    p2m_ram_rw,
    p2m_invalid,
    p2m_ram_logdirty,
    p2m_ram_ro,
    p2m_mmio_direct,
} p2m_type_t;

typedef enum {
    P2M_ALLOC = 1,
    P2M_UNSHARE = 2,
} p2m_query_t;

/* The page at gfn in d's p2m with a general reference, or NULL. */
struct page_info *get_page_from_gfn(struct domain *d, unsigned long gfn,
                                    p2m_type_t *t, p2m_query_t q);
/* As Xen's: 0 with *page_p referenced, or -EINVAL when there is no page. */
int check_get_page_from_gfn(struct domain *d, gfn_t gfn, bool readonly,
                            p2m_type_t *p2mt_p, struct page_info **page_p);

#endif
