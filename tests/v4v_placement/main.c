/* SPDX-License-Identifier: MIT */
/*
 * Description: the same sends on an Argo ring and a V4V ring. Where the two
 * ABIs agree, ring[] ends up byte for byte the same, tx_ptr too; only the
 * ring header in front differs (64 bytes against 60). Where they differ,
 * each documented difference (docs/abi.md) is pinned here.
 */
#include <stdlib.h>

#include "check.h"
#include "model_fixture.h"
#include "test_rng.h"
#include "ring_model/v4v_model.h"
#include "ring_model/v4v_reader.h"

/* Where the guests keep their rings: page-aligned, as V4V demands. */
#define RING_GVA    0x7f0000000000ull

#define RING_LEN    512u
#define PAGES       1u

static struct argo_model v4v_store;

struct pair {
    struct argo_model *argo, *v4v;
    uint8_t *argo_mem, *v4v_mem;
};

static void pair_init(struct pair *p)
{
    xen_argo_register_ring_t reg = fx_reg(7, 0, RING_LEN);
    v4v_pfn_list_t pfns;
    v4v_ring_t h;

    p->argo = fx_init(false);
    fx_domains(p->argo, 0, 2);
    p->v4v = &v4v_store;
    argo_model_init(p->v4v);
    p->v4v->abi = RING_ABI_V4V;
    FX_MUST(argo_domain_create(p->v4v, 0, true) == 0);
    FX_MUST(argo_domain_create(p->v4v, 1, true) == 0);

    p->argo_mem = fx_alloc(PAGES * FX_PAGE_SIZE);
    p->v4v_mem = fx_alloc(PAGES * FX_PAGE_SIZE);
    FX_MUST(argo_register_ring(p->argo, 1, &reg, p->argo_mem, false, PAGES, 0) == 0);
    memset(&h, 0, sizeof(h));
    h.magic = V4V_RING_MAGIC;
    h.id.addr.port = 7;
    h.id.partner = 0;
    h.len = RING_LEN;
    memcpy(p->v4v_mem, &h, sizeof(h));
    memset(&pfns, 0, sizeof(pfns));
    pfns.magic = V4V_PFN_LIST_MAGIC;
    pfns.npage = PAGES;
    FX_MUST(v4v_register_ring(p->v4v, 1, p->v4v_mem, RING_GVA, &pfns, false) == 0);
}

/* Send niov pieces of one message to both; returns 1 when the answers agree. */
static int send_both(struct pair *p, const uint32_t *lens, unsigned niov,
                     uint32_t type)
{
    struct argo_guest_reader g = fx_reader();
    xen_argo_send_addr_t addr = { { 3, 0, 0 }, { 7, 1, 0 } };
    xen_argo_iov_t iovs[8];
    v4v_iov_t v4v_iovs[8];
    v4v_addr_t src = { 3, 0 }, dst = { 7, 1 };
    long a, v;

    for (unsigned i = 0; i < niov; i++) {
        uint64_t hnd = fx_pattern_hnd_get() + i * 977u;

        iovs[i] = fx_iov(hnd, lens[i]);
        v4v_iovs[i].iov_base = hnd;
        v4v_iovs[i].iov_len = lens[i];
    }
    a = argo_sendv(p->argo, 0, &addr, iovs, niov, type, &g);
    v = v4v_sendv(p->v4v, 0, &src, &dst, v4v_iovs, niov, type, &g);
    /* The one renamed error: too large for the ring. */
    if (a == -ARGO_EMSGSIZE)
        return CHECK_EQ_I64(v, -ARGO_ENOBUFS);
    return CHECK_EQ_I64(v, a);
}

static void same_ring(struct pair *p)
{
    const struct argo_model_ring *ra = argo_ring_find(p->argo, 1, 7, 0);
    const struct argo_model_ring *rv = argo_ring_find(p->v4v, 1, 7, 0);

    CHECK_EQ_U64(rv->tx_ptr, ra->tx_ptr);
    CHECK_EQ_MEM(p->v4v_mem + V4V_RING_HEADER_SIZE,
                 p->argo_mem + ARGO_RING_HEADER_SIZE, RING_LEN);
}

/* Random sends and reads: every byte of ring[] agrees at every step. */
static void test_same_placement(void)
{
    struct pair p;

    pair_init(&p);
    for (unsigned step = 0; step < 4000; step++) {
        uint32_t lens[8];
        unsigned niov = 1 + test_rng() % 3;

        for (unsigned i = 0; i < niov; i++)
            lens[i] = test_rng() % (step % 7 == 0 ? 400 : 90);
        if (!send_both(&p, lens, niov, (uint32_t)test_rng()))
            break;
        if (test_rng() % 3 == 0) {
            long a = argo_ring_copy_out(p.argo_mem, RING_LEN, NULL, NULL,
                                        NULL, 0, true);
            long v = v4v_copy_out(p.v4v_mem, RING_LEN, NULL, NULL, NULL, 0,
                                  true);

            CHECK_EQ_I64(v, a);
        }
        same_ring(&p);
    }
    fx_teardown();
}

/* The headers in front of ring[] are where the two ABIs part. */
static void test_ring_headers(void)
{
    struct pair p;
    v4v_ring_t h;
    xen_argo_ring_t a;

    pair_init(&p);
    memcpy(&h, p.v4v_mem, sizeof(h));
    memcpy(&a, p.argo_mem, sizeof(a));
    CHECK_EQ_U64(h.magic, V4V_RING_MAGIC);
    CHECK_EQ_U64(h.id.addr.domain, 1);
    CHECK_EQ_U64(h.len, RING_LEN);
    CHECK_EQ_U64(ring_abi_header_size(RING_ABI_V4V), 60);
    CHECK_EQ_U64(ring_abi_header_size(RING_ABI_ARGO), 64);
    /* A page holds 4 bytes more of a V4V ring's data. */
    CHECK_EQ_U64(v4v_ring_npages(4036), 1);
    CHECK_EQ_U64(argo_ring_npages(4036), 2);
    fx_teardown();
}

/* Argo's answers and V4V's where they differ. */
static void test_differences(void)
{
    struct pair p;
    struct argo_guest_reader g = fx_reader();
    xen_argo_send_addr_t addr = { { 3, 0, 0 }, { 9, 1, 0 } };
    xen_argo_iov_t iov = fx_iov(fx_pattern_hnd_get(), 1);
    v4v_iov_t v4v_iov = { fx_pattern_hnd_get(), 1 };
    v4v_addr_t src = { 3, 0 }, dst = { 9, 1 };
    xen_argo_ring_data_t rd = { 2, 0 };
    xen_argo_ring_data_ent_t ents[2];
    v4v_ring_data_t vrd;
    v4v_ring_data_ent_t vents[2];

    pair_init(&p);
    /* No ring: -ECONNREFUSED against -ENOTCONN. */
    CHECK_EQ_I64(argo_sendv(p.argo, 0, &addr, &iov, 1, 0, &g), -ARGO_ECONNREFUSED);
    CHECK_EQ_I64(v4v_sendv(p.v4v, 0, &src, &dst, &v4v_iov, 1, 0, &g), -ARGO_ENOTCONN);
    /* No domain: -ESRCH against -ENOTCONN. */
    addr.dst.domain_id = 5;
    dst.domain = 5;
    CHECK_EQ_I64(argo_sendv(p.argo, 0, &addr, &iov, 1, 0, &g), -ARGO_ESRCH);
    CHECK_EQ_I64(v4v_sendv(p.v4v, 0, &src, &dst, &v4v_iov, 1, 0, &g), -ARGO_ENOTCONN);

    /*
     * An empty ring: Argo says EMPTY. V4V counts its free space a slot
     * larger than its largest message, so it never says EMPTY, and calls
     * one byte more than the largest message sufficient where Argo says
     * EMSGSIZE.
     */
    memset(ents, 0, sizeof(ents));
    ents[0].ring.aport = 7;
    ents[0].ring.domain_id = 1;
    ents[1] = ents[0];
    ents[1].space_required = RING_LEN - 31;
    CHECK_EQ_I64(argo_notify(p.argo, 0, &rd, ents), 0);
    CHECK_EQ_U64(ents[0].flags, XEN_ARGO_RING_EXISTS | XEN_ARGO_RING_EMPTY |
                                XEN_ARGO_RING_SUFFICIENT);
    CHECK_EQ_U64(ents[0].max_message_size, RING_LEN - 32);
    CHECK_EQ_U64(ents[1].flags, XEN_ARGO_RING_EXISTS | XEN_ARGO_RING_EMPTY |
                                XEN_ARGO_RING_EMSGSIZE);

    memset(&vrd, 0, sizeof(vrd));
    vrd.magic = V4V_RING_DATA_MAGIC;
    vrd.nent = 2;
    memset(vents, 0, sizeof(vents));
    vents[0].ring.port = 7;
    vents[0].ring.domain = 1;
    vents[0].max_message_size = 12345;
    vents[1] = vents[0];
    vents[1].space_required = RING_LEN - 31;
    CHECK_EQ_I64(v4v_notify(p.v4v, 0, &vrd, vents), 0);
    CHECK_EQ_U64(vents[0].flags, V4V_RING_DATA_F_EXISTS | V4V_RING_DATA_F_SUFFICIENT);
    CHECK_EQ_U64(vents[0].max_message_size, 12345);     /* never written */
    CHECK_EQ_U64(vents[1].flags, V4V_RING_DATA_F_EXISTS | V4V_RING_DATA_F_SUFFICIENT);
    vrd.magic = 0;
    CHECK_EQ_I64(v4v_notify(p.v4v, 0, &vrd, vents), -ARGO_EINVAL);

    /* A wildcard ring: Argo wants mac_permissive, V4V registers it anyway. */
    {
        xen_argo_register_ring_t reg = fx_reg(8, XEN_ARGO_DOMID_ANY, 64);
        v4v_pfn_list_t pfns = { V4V_PFN_LIST_MAGIC, 1, 0, { 0, 0, 0 } };
        uint8_t *mem = fx_alloc(FX_PAGE_SIZE);
        v4v_ring_t h;

        CHECK_EQ_I64(argo_register_ring(p.argo, 1, &reg, fx_alloc(FX_PAGE_SIZE),
                                        false, 1, 0), -ARGO_EPERM);
        memset(&h, 0, sizeof(h));
        h.magic = V4V_RING_MAGIC;
        h.id.addr.port = 8;
        h.id.partner = V4V_DOMID_ANY;
        h.len = 64;
        memcpy(mem, &h, sizeof(h));
        CHECK_EQ_I64(v4v_register_ring(p.v4v, 1, mem, RING_GVA, &pfns, false), 0);
    }
    fx_teardown();
}

int main(void)
{
    test_same_placement();
    test_ring_headers();
    test_differences();
    return CHECK_DONE();
}
