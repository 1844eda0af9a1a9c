/* SPDX-License-Identifier: MIT */
/*
 * Description: why p2m_ioreq_server exists: dispatching a guest write to a
 * tracked page through an ioreq server's rangeset against through the
 * page's p2m type, as the number of tracked pages grows from 1 to 1 Mi.
 *
 * Both paths start where Xen's emulation does (emulate.c: hvmemul_do_io):
 * a p2m lookup of the written gfn, here a four-level radix of 512-entry
 * tables of 8-byte entries indexed by gfn, as EPT is.
 *   rangeset: the page is p2m_mmio_dm, so ioreq_server_select looks at
 *     every server slot and asks its memory rangeset
 *     (rangeset.c: rangeset_contains_singleton -> find_range, a walk of the
 *     sorted list of ranges from its head, under the rangeset's read lock).
 *     Each server's rangeset is capped at MAX_NR_IO_RANGES = 256 ranges
 *     (ioreq.c: ioreq_server_alloc_rangesets -> rangeset_limit; the 257th
 *     range fails in rangeset.c: alloc_range, -ENOMEM from
 *     rangeset_add_range). Scattered pages need a range each, so past 256
 *     the run is skipped: the rangeset cannot track them at all.
 *   p2m_type: the page is p2m_ioreq_server, and the one owner is read
 *     under the p2m's ioreq lock (p2m.c: p2m_get_ioreq_server).
 * Sending the request to the server is the same for both and not timed.
 *
 * Scattered pages: page i is 4i + r, r random in 0..2, so no two are
 * adjacent and none coalesce; the rangeset gets them one by one in random
 * order. Contiguous pages: one block, one range, added in one call. Each
 * iteration writes a random tracked page. Building the structures (up to
 * 4 Mi gfns of p2m) is done once per configuration, outside the timing.
 */
#include <stdlib.h>
#include <string.h>

#include "ioreq_model/ioreq_abi.h"
#include "shim/bench_shim.h"

#define P2M_ORDER       9
#define P2M_ENTRIES     (1u << P2M_ORDER)
#define P2M_LEVELS      4
#define TYPE_SHIFT      52             /* where the entry keeps its p2m type */
#define TYPE_MASK       0x7full
#define PATTERN_LEN     (1u << 16)     /* random tracked pages, cycled */

enum page_type { TYPE_RAM_RW = 0, TYPE_MMIO_DM = 4, TYPE_IOREQ_SERVER = 15 };

struct p2m_table {
    uint64_t entry[P2M_ENTRIES];       /* leaf: type and frame; else a table */
};

struct range {
    struct range *next;
    uint64_t s, e;
};

struct rangeset {
    struct range *head;                /* sorted by start, disjoint */
    long ranges_left;                  /* rangeset_limit; 0 refuses more */
    uint32_t lock;
};

struct server {
    bool enabled;
    struct rangeset *mmio;
};

struct fixture {
    bool contiguous;
    uint64_t pages;
    bool refused;                      /* the rangeset could not take them */
    long ranges;
    struct p2m_table *root_mmio;       /* tracked pages p2m_mmio_dm */
    struct p2m_table *root_ioreq;      /* tracked pages p2m_ioreq_server */
    struct server *servers[IOREQ_MAX_SERVERS];
    struct rangeset set;
    struct server owner;
    uint32_t p2m_ioreq_lock;
    struct server *p2m_owner;
    uint64_t *pattern;
};

static struct fixture cached;

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static struct p2m_table *new_table(void)
{
    struct p2m_table *t = aligned_alloc(4096, sizeof(*t));

    if (t)
        memset(t, 0, sizeof(*t));
    return t;
}

static void free_tables(struct p2m_table *t, int level)
{
    if (!t)
        return;
    if (level > 1)
        for (unsigned i = 0; i < P2M_ENTRIES; i++)
            free_tables((struct p2m_table *)(uintptr_t)t->entry[i], level - 1);
    free(t);
}

/* The leaf entry of gfn, creating tables on the way. */
static uint64_t *p2m_slot(struct p2m_table *root, uint64_t gfn)
{
    struct p2m_table *t = root;

    for (int level = P2M_LEVELS; level > 1; level--) {
        unsigned i = (gfn >> ((level - 1) * P2M_ORDER)) & (P2M_ENTRIES - 1);

        if (!t->entry[i]) {
            struct p2m_table *n = new_table();

            if (!n)
                return NULL;
            t->entry[i] = (uint64_t)(uintptr_t)n;
        }
        t = (struct p2m_table *)(uintptr_t)t->entry[i];
    }
    return &t->entry[gfn & (P2M_ENTRIES - 1)];
}

static bool p2m_set(struct p2m_table *root, uint64_t gfn, enum page_type type)
{
    uint64_t *e = p2m_slot(root, gfn);

    if (!e)
        return false;
    *e = (uint64_t)type << TYPE_SHIFT | gfn << 12 | 1;
    return true;
}

static inline enum page_type p2m_lookup(const struct p2m_table *t,
                                        uint64_t gfn)
{
    for (int level = P2M_LEVELS; level > 1; level--) {
        unsigned i = (gfn >> ((level - 1) * P2M_ORDER)) & (P2M_ENTRIES - 1);

        t = (const struct p2m_table *)(uintptr_t)t->entry[i];
    }
    return (enum page_type)((t->entry[gfn & (P2M_ENTRIES - 1)] >> TYPE_SHIFT) &
                            TYPE_MASK);
}

/* rangeset_add_range for our cases: merges with a touching neighbour. */
static int rangeset_add(struct rangeset *r, uint64_t s, uint64_t e)
{
    struct range **link = &r->head, *prev = NULL, *n;

    while (*link && (*link)->s <= s) {
        prev = *link;
        link = &(*link)->next;
    }
    if (prev && prev->e + 1 >= s) {
        if (e > prev->e)
            prev->e = e;
        return 0;
    }
    if (*link && (*link)->s <= e + 1) {
        (*link)->s = s;
        return 0;
    }
    if (r->ranges_left == 0)
        return -1;                     /* Xen: -ENOMEM */
    n = malloc(sizeof(*n));
    if (!n)
        return -1;
    r->ranges_left--;
    n->s = s;
    n->e = e;
    n->next = *link;
    *link = n;
    return 0;
}

static inline bool rangeset_contains(struct rangeset *r, uint64_t gfn)
{
    const struct range *x = NULL;
    bool found;

    __atomic_fetch_add(&r->lock, 1, __ATOMIC_ACQUIRE);
    for (const struct range *y = r->head; y && y->s <= gfn; y = y->next)
        x = y;
    found = x && x->e >= gfn;
    __atomic_fetch_sub(&r->lock, 1, __ATOMIC_RELEASE);
    return found;
}

static void fixture_free(struct fixture *f)
{
    while (f->set.head) {
        struct range *n = f->set.head->next;

        free(f->set.head);
        f->set.head = n;
    }
    free_tables(f->root_mmio, P2M_LEVELS);
    free_tables(f->root_ioreq, P2M_LEVELS);
    free(f->pattern);
    memset(f, 0, sizeof(*f));
}

static uint64_t tracked_gfn(const struct fixture *f, uint64_t i, uint64_t *rng)
{
    return f->contiguous ? (1u << 20) + i : 4 * i + next_random(rng) % 3;
}

static bool fixture_build(struct fixture *f, uint64_t pages, bool contiguous)
{
    uint64_t rng = 0x9e3779b97f4a7c15ull, span;
    uint64_t *gfns;

    if (pages == 0)
        return false;
    gfns = malloc(pages * sizeof(*gfns));
    f->contiguous = contiguous;
    f->pages = pages;
    f->root_mmio = new_table();
    f->root_ioreq = new_table();
    f->pattern = malloc(PATTERN_LEN * sizeof(*f->pattern));
    if (!gfns || !f->root_mmio || !f->root_ioreq || !f->pattern)
        goto fail;
    for (uint64_t i = 0; i < pages; i++)
        gfns[i] = tracked_gfn(f, i, &rng);
    /* Guest RAM around the tracked pages, as a guest has it. */
    span = gfns[pages - 1] + P2M_ENTRIES;
    for (uint64_t g = 0; g < span; g++)
        if (!p2m_set(f->root_mmio, g, TYPE_RAM_RW) ||
            !p2m_set(f->root_ioreq, g, TYPE_RAM_RW))
            goto fail;
    for (uint64_t i = 0; i < pages; i++)
        if (!p2m_set(f->root_mmio, gfns[i], TYPE_MMIO_DM) ||
            !p2m_set(f->root_ioreq, gfns[i], TYPE_IOREQ_SERVER))
            goto fail;
    for (uint32_t i = 0; i < PATTERN_LEN; i++)
        f->pattern[i] = gfns[next_random(&rng) % pages];

    f->set.ranges_left = IOREQ_MAX_NR_IO_RANGES;
    f->owner = (struct server){ .enabled = true, .mmio = &f->set };
    f->servers[0] = &f->owner;
    f->p2m_owner = &f->owner;
    if (contiguous) {
        f->refused = rangeset_add(&f->set, gfns[0], gfns[pages - 1]) != 0;
    } else {
        /* A device model tracks pages as it finds them: in no order. */
        for (uint64_t i = pages - 1; i > 0; i--) {
            uint64_t j = next_random(&rng) % (i + 1), t = gfns[i];

            gfns[i] = gfns[j];
            gfns[j] = t;
        }
        for (uint64_t i = 0; i < pages && !f->refused; i++)
            f->refused = rangeset_add(&f->set, gfns[i], gfns[i]) != 0;
    }
    f->ranges = IOREQ_MAX_NR_IO_RANGES - f->set.ranges_left;
    free(gfns);
    return true;
fail:
    free(gfns);
    fixture_free(f);
    return false;
}

static struct fixture *fixture_get(uint64_t pages, bool contiguous)
{
    if (cached.pattern && cached.pages == pages &&
        cached.contiguous == contiguous)
        return &cached;
    fixture_free(&cached);
    return fixture_build(&cached, pages, contiguous) ? &cached : NULL;
}

/* ioreq_server_select for an MMIO write, after the p2m said p2m_mmio_dm. */
static inline struct server *select_by_range(struct fixture *f, uint64_t gfn)
{
    if (p2m_lookup(f->root_mmio, gfn) != TYPE_MMIO_DM)
        return NULL;
    for (unsigned id = IOREQ_MAX_SERVERS; id-- > 0;) {
        struct server *s = f->servers[id];

        if (s && s->enabled && rangeset_contains(s->mmio, gfn))
            return s;
    }
    return NULL;
}

/* The p2m_ioreq_server path: the type, then the one owner. */
static inline struct server *select_by_type(struct fixture *f, uint64_t gfn)
{
    struct server *s;

    if (p2m_lookup(f->root_ioreq, gfn) != TYPE_IOREQ_SERVER)
        return NULL;
    __atomic_fetch_add(&f->p2m_ioreq_lock, 1, __ATOMIC_ACQUIRE);
    s = f->p2m_owner;
    __atomic_fetch_sub(&f->p2m_ioreq_lock, 1, __ATOMIC_RELEASE);
    return s;
}

static void dispatch(struct bench_state *st, bool by_range, bool contiguous)
{
    uint64_t pages = (uint64_t)bench_arg_at(st, 0);
    struct fixture *f = fixture_get(pages, contiguous);
    uint32_t i = 0;
    int64_t missed = 0;

    if (!f) {
        bench_skip(st, "out of memory");
        return;
    }
    if (by_range && f->refused) {
        bench_skip(st, "refused: more than MAX_NR_IO_RANGES (256) ranges; "
                       "scattered pages need one range each");
        return;
    }
    while (bench_keep_running(st)) {
        uint64_t gfn = f->pattern[i++ & (PATTERN_LEN - 1)];
        struct server *s = by_range ? select_by_range(f, gfn)
                                    : select_by_type(f, gfn);

        missed += s != &f->owner;
        bench_clobber(s);
    }
    if (missed)
        bench_skip(st, "a tracked page was not dispatched to its server");
    bench_set_items(st, bench_iterations(st));
    bench_counter(st, "ranges", by_range ? (double)f->ranges : 0,
                  BENCH_COUNTER_VALUE);
}

static void rangeset_scattered(struct bench_state *st) { dispatch(st, true, false); }
static void p2m_type_scattered(struct bench_state *st) { dispatch(st, false, false); }
static void rangeset_contiguous(struct bench_state *st) { dispatch(st, true, true); }
static void p2m_type_contiguous(struct bench_state *st) { dispatch(st, false, true); }

static struct bench *tracked_pages(struct bench *b)
{
    for (int64_t n = 1; n <= 1 << 20; n *= 4) {
        bench_arg(b, n);
        if (n == 256)
            bench_arg(b, 257);
    }
    return b;
}

BENCH_REGISTER(register_ioreq_dispatch)
{
    tracked_pages(bench_register("ioreq_dispatch/rangeset", rangeset_scattered));
    tracked_pages(bench_register("ioreq_dispatch/p2m_type", p2m_type_scattered));
    tracked_pages(bench_register("ioreq_dispatch/rangeset_contiguous",
                                 rangeset_contiguous));
    tracked_pages(bench_register("ioreq_dispatch/p2m_type_contiguous",
                                 p2m_type_contiguous));
}
