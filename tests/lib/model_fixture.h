/* SPDX-License-Identifier: MIT */
/*
 * Description: shared setup for the ring model unit tests: one model per
 * test program, domains, zeroed ring memory, a guest reader over a table of
 * buffers, a VIRQ_ARGO recorder, and accessors for the ring header.
 *
 * Setup steps that must work for a test to mean anything abort the program
 * (exit 1) instead of counting as checks, so a test's check count is the
 * number of behaviours it pins. Everything here is static to the including
 * test program; call fx_teardown() before CHECK_DONE() so the leak checker
 * stays quiet.
 */
#ifndef ARGOLAB_MODEL_FIXTURE_H
#define ARGOLAB_MODEL_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring_model/argo_model.h"

#define FX_PAGE_SIZE        4096u
#define FX_MAX_ALLOCS       1024u
#define FX_GUEST_BUFS       64u
#define FX_SIG_DOMS         256u
/* Guest buffers sit 32 MiB apart, so no handle + offset reaches the next. */
#define FX_HND_BASE         0x100000000ull
#define FX_HND_STRIDE       0x2000000ull
/* A handle no guest buffer covers: reading it faults. */
#define FX_BAD_HND          0xbad000000000ull
/* The pattern buffer is large enough for the biggest message ever sent. */
#define FX_PATTERN_LEN      0x1000000u
/* What tests paint over ring data, to show which bytes Xen leaves alone. */
#define FX_FILL             0xaau

static struct argo_model fx_model_store;

/* ---- fatal setup failures ---------------------------------------------- */

static inline void fx_fail(const char *file, int line, const char *what)
{
    fflush(stdout);
    fprintf(stderr, "%s:%d: test setup failed: %s\n", file, line, what);
    exit(1);
}

#define FX_MUST(cond) \
    do { if (!(cond)) fx_fail(__FILE__, __LINE__, #cond); } while (0)

/* ---- memory that lives until fx_teardown -------------------------------- */

static void *fx_allocs[FX_MAX_ALLOCS];
static unsigned fx_nallocs;

static inline void *fx_alloc(size_t n)
{
    void *p;

    FX_MUST(fx_nallocs < FX_MAX_ALLOCS);
    p = calloc(1, n ? n : 1);
    FX_MUST(p != NULL);
    fx_allocs[fx_nallocs++] = p;
    return p;
}

/* ---- signals ------------------------------------------------------------ */

struct fx_signals {
    unsigned long total;
    unsigned long per_dom[FX_SIG_DOMS];
};

static struct fx_signals fx_sig;

static inline void fx_on_signal(void *ctx, argo_domid_t domid)
{
    struct fx_signals *s = ctx;

    s->total++;
    FX_MUST(domid < FX_SIG_DOMS);
    s->per_dom[domid]++;
}

static inline void fx_signals_reset(void)
{
    memset(&fx_sig, 0, sizeof(fx_sig));
}

static inline unsigned long fx_signals_total(void)
{
    return fx_sig.total;
}

static inline unsigned long fx_signals_to(argo_domid_t domid)
{
    return domid < FX_SIG_DOMS ? fx_sig.per_dom[domid] : 0;
}

/* ---- guest memory reader ------------------------------------------------ */

struct fx_gbuf {
    uint64_t hnd;
    const uint8_t *data;
    uint64_t len;
};

struct fx_guest {
    struct fx_gbuf buf[FX_GUEST_BUFS];
    unsigned n;
    unsigned long reads;        /* successful copies */
    unsigned long faults;       /* refused copies */
};

static struct fx_guest fx_guest_store;
static uint8_t *fx_pattern_data;
static uint64_t fx_pattern_hnd;

/*
 * argo_copy_from_guest_fn over the buffer table. A read is served only when
 * [hnd, hnd + len) lies inside one buffer; Xen advances a handle by adding
 * to it when it splits an iov at the ring end, so any hnd inside a buffer
 * is valid.
 */
static inline int fx_guest_copy(void *ctx, void *dst, uint64_t hnd,
                                uint32_t len)
{
    struct fx_guest *g = ctx;

    for (unsigned i = 0; i < g->n; i++) {
        const struct fx_gbuf *b = &g->buf[i];

        if (hnd < b->hnd || hnd - b->hnd > b->len ||
            len > b->len - (hnd - b->hnd))
            continue;
        memcpy(dst, b->data + (hnd - b->hnd), len);
        g->reads++;
        return 0;
    }
    g->faults++;
    return -1;
}

/* Make len bytes at data readable by the guest; returns their handle. */
static inline uint64_t fx_guest_buf(const void *data, uint64_t len)
{
    struct fx_guest *g = &fx_guest_store;

    FX_MUST(g->n < FX_GUEST_BUFS);
    g->buf[g->n].hnd = FX_HND_BASE + g->n * FX_HND_STRIDE;
    g->buf[g->n].data = data;
    g->buf[g->n].len = len;
    return g->buf[g->n++].hnd;
}

static inline struct argo_guest_reader fx_reader(void)
{
    struct argo_guest_reader r = { fx_guest_copy, &fx_guest_store };

    return r;
}

/* Byte i of the payload pattern that starts at seed. */
static inline uint8_t fx_pat(uint32_t i, uint8_t seed)
{
    return (uint8_t)(seed + i * 7u + (i >> 8) * 3u + 1u);
}

/* A fresh guest buffer of len pattern bytes; *data gets its contents. */
static inline uint64_t fx_pattern_buf(uint32_t len, uint8_t seed,
                                      const uint8_t **data)
{
    uint8_t *p = fx_alloc(len);

    for (uint32_t i = 0; i < len; i++)
        p[i] = fx_pat(i, seed);
    if (data)
        *data = p;
    return fx_guest_buf(p, len);
}

/* The shared 16 MiB pattern buffer (seed 0), allocated on first use. */
static inline uint64_t fx_pattern_hnd_get(void)
{
    if (!fx_pattern_data)
        fx_pattern_hnd = fx_pattern_buf(FX_PATTERN_LEN, 0,
                                        (const uint8_t **)&fx_pattern_data);
    return fx_pattern_hnd;
}

static inline xen_argo_iov_t fx_iov(uint64_t hnd, uint32_t len)
{
    xen_argo_iov_t iov = { .iov_hnd = hnd, .iov_len = len, .pad = 0 };

    return iov;
}

/* ---- model and domains -------------------------------------------------- */

/* A fresh system with no domains; signals recorded, counters cleared. */
static inline struct argo_model *fx_init(bool mac_permissive)
{
    struct argo_model *m = &fx_model_store;

    argo_model_init(m);
    m->mac_permissive = mac_permissive;
    m->on_signal = fx_on_signal;
    m->signal_ctx = &fx_sig;
    fx_signals_reset();
    return m;
}

static inline void fx_domain(struct argo_model *m, argo_domid_t domid,
                             bool argo_enabled)
{
    FX_MUST(argo_domain_create(m, domid, argo_enabled) == 0);
}

/* Argo-enabled domains first .. first + count - 1. */
static inline void fx_domains(struct argo_model *m, argo_domid_t first,
                              unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        fx_domain(m, (argo_domid_t)(first + i), true);
}

/* Ring count of domid, or -1 when it does not exist. */
static inline int64_t fx_ring_count(struct argo_model *m, argo_domid_t domid)
{
    struct argo_model_domain *d = argo_domain_find(m, domid);

    return d ? (int64_t)d->ring_count : -1;
}

static inline void fx_teardown(void)
{
    while (fx_nallocs)
        free(fx_allocs[--fx_nallocs]);
    memset(&fx_guest_store, 0, sizeof(fx_guest_store));
    fx_pattern_data = NULL;
    fx_pattern_hnd = 0;
}

/* ---- rings -------------------------------------------------------------- */

/* Pages a ring of len bytes needs: Xen's NPAGES_RING, header included. */
static inline uint32_t fx_npages(uint32_t len)
{
    uint64_t bytes = (((uint64_t)len + 15u) & ~(uint64_t)15u) + 64u;

    return (uint32_t)((bytes + FX_PAGE_SIZE - 1u) / FX_PAGE_SIZE);
}

/* Zeroed guest pages for a ring of len bytes. */
static inline uint8_t *fx_ring_mem(uint32_t len)
{
    return fx_alloc((size_t)fx_npages(len) * FX_PAGE_SIZE);
}

static inline xen_argo_register_ring_t fx_reg(xen_argo_port_t aport,
                                              argo_domid_t partner,
                                              uint32_t len)
{
    xen_argo_register_ring_t reg = {
        .aport = aport, .partner_id = partner, .pad = 0, .len = len,
    };

    return reg;
}

static inline xen_argo_unregister_ring_t fx_unreg(xen_argo_port_t aport,
                                                  argo_domid_t partner)
{
    xen_argo_unregister_ring_t u = {
        .aport = aport, .partner_id = partner, .pad = 0,
    };

    return u;
}

/* Register a ring on fresh zeroed memory with the exact page count. */
static inline long fx_register(struct argo_model *m, argo_domid_t dom,
                               xen_argo_port_t aport, argo_domid_t partner,
                               uint32_t len, uint8_t **memp)
{
    xen_argo_register_ring_t reg = fx_reg(aport, partner, len);
    uint8_t *mem = fx_ring_mem(len);

    if (memp)
        *memp = mem;
    return argo_register_ring(m, dom, &reg, mem, false, fx_npages(len), 0);
}

/* As fx_register, for rings the test needs: aborts unless it succeeds. */
static inline uint8_t *fx_ring_new(struct argo_model *m, argo_domid_t dom,
                                   xen_argo_port_t aport,
                                   argo_domid_t partner, uint32_t len)
{
    uint8_t *mem = NULL;

    FX_MUST(fx_register(m, dom, aport, partner, len, &mem) == 0);
    return mem;
}

static inline struct argo_model_ring *fx_ring(struct argo_model *m,
                                              argo_domid_t dom,
                                              xen_argo_port_t aport,
                                              argo_domid_t partner)
{
    return argo_ring_find(m, dom, aport, partner);
}

/* Waiters on a ring, or -1 when the ring is not registered. */
static inline int64_t fx_nwaiters(struct argo_model *m, argo_domid_t dom,
                                  xen_argo_port_t aport, argo_domid_t partner)
{
    struct argo_model_ring *r = fx_ring(m, dom, aport, partner);

    return r ? (int64_t)r->nwaiters : -1;
}

/* The length waiter is waiting for on a ring, or -1 when it is not waiting. */
static inline int64_t fx_waiter_len(struct argo_model *m, argo_domid_t dom,
                                    xen_argo_port_t aport,
                                    argo_domid_t partner, argo_domid_t waiter)
{
    struct argo_model_ring *r = fx_ring(m, dom, aport, partner);

    if (!r)
        return -1;
    for (uint32_t i = 0; i < r->nwaiters; i++)
        if (r->waiters[i].domid == waiter)
            return r->waiters[i].len;
    return -1;
}

/* ---- the ring header in guest memory ------------------------------------ */

static inline uint32_t fx_load32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static inline void fx_store32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, sizeof(v));
}

static inline uint32_t fx_hdr_rx(const uint8_t *mem)
{
    return fx_load32(mem + offsetof(xen_argo_ring_t, rx_ptr));
}

static inline uint32_t fx_hdr_tx(const uint8_t *mem)
{
    return fx_load32(mem + offsetof(xen_argo_ring_t, tx_ptr));
}

static inline void fx_hdr_set_tx(uint8_t *mem, uint32_t tx)
{
    fx_store32(mem + offsetof(xen_argo_ring_t, tx_ptr), tx);
}

static inline void fx_hdr_set_rx(uint8_t *mem, uint32_t rx)
{
    fx_store32(mem + offsetof(xen_argo_ring_t, rx_ptr), rx);
}

/* The receiving guest writes rx_ptr of a registered ring (and says so). */
static inline void fx_guest_set_rx(struct argo_model *m, argo_domid_t dom,
                                   xen_argo_port_t aport,
                                   argo_domid_t partner, uint32_t rx)
{
    struct argo_model_ring *r = fx_ring(m, dom, aport, partner);

    FX_MUST(r != NULL);
    fx_hdr_set_rx(r->mem, rx);
    argo_note_index_written(m, r);
}

/* Ring data starts right after the 64-byte xen_argo_ring_t. */
static inline uint8_t *fx_data(uint8_t *mem)
{
    return mem + sizeof(xen_argo_ring_t);
}

/* The guest paints ring data so untouched bytes can be recognised. */
static inline void fx_paint(uint8_t *mem, uint32_t len)
{
    memset(fx_data(mem), FX_FILL, len);
}

/* ---- sending ------------------------------------------------------------ */

static inline xen_argo_send_addr_t fx_addr(argo_domid_t src_dom,
                                           xen_argo_port_t src_port,
                                           argo_domid_t dst_dom,
                                           xen_argo_port_t dst_port)
{
    xen_argo_send_addr_t a;

    memset(&a, 0, sizeof(a));
    a.src.aport = src_port;
    a.src.domain_id = src_dom;
    a.dst.aport = dst_port;
    a.dst.domain_id = dst_dom;
    return a;
}

static inline long fx_sendv(struct argo_model *m, argo_domid_t caller,
                            const xen_argo_send_addr_t *addr,
                            const xen_argo_iov_t *iovs, uint64_t niov,
                            uint64_t message_type)
{
    struct argo_guest_reader g = fx_reader();

    return argo_sendv(m, caller, addr, iovs, niov, message_type, &g);
}

/*
 * One message of len pattern bytes from caller (source port 0, any domain)
 * to (dst, dport), type 0.
 */
static inline long fx_send_len(struct argo_model *m, argo_domid_t caller,
                               argo_domid_t dst, xen_argo_port_t dport,
                               uint32_t len)
{
    xen_argo_send_addr_t a = fx_addr(XEN_ARGO_DOMID_ANY, 0, dst, dport);
    xen_argo_iov_t iov = fx_iov(fx_pattern_hnd_get(), len);

    return fx_sendv(m, caller, &a, &iov, 1, 0);
}

/* ---- notify ------------------------------------------------------------- */

static inline xen_argo_ring_data_ent_t fx_ent(argo_domid_t dom,
                                              xen_argo_port_t aport,
                                              uint32_t space_required)
{
    xen_argo_ring_data_ent_t e;

    memset(&e, 0, sizeof(e));
    e.ring.aport = aport;
    e.ring.domain_id = dom;
    e.space_required = space_required;
    return e;
}

/* notify with one entry; the entry gets Xen's answer. */
static inline long fx_notify1(struct argo_model *m, argo_domid_t caller,
                              xen_argo_ring_data_ent_t *ent)
{
    xen_argo_ring_data_t rd = { .nent = 1, .pad = 0 };

    return argo_notify(m, caller, &rd, ent);
}

#endif
