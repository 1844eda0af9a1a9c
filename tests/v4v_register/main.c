/* SPDX-License-Identifier: MIT */
/*
 * Description: V4VOP_register_ring and unregister: the magics, the length
 * checks, the domain id and tx_ptr Xen writes into the guest's header,
 * re-registration in place, the pfn list that need not cover the header,
 * and v4v_copy_out's peek and consume.
 */
#include <stdlib.h>

#include "check.h"
#include "model_fixture.h"
#include "ring_model/v4v_model.h"
#include "ring_model/v4v_reader.h"

/* Where the guests keep their rings: page-aligned, as V4V demands. */
#define RING_GVA    0x7f0000000000ull

static uint8_t *v4v_ring(uint32_t len, uint32_t port, uint16_t partner,
                         uint32_t pages)
{
    uint8_t *mem = fx_alloc((size_t)pages * FX_PAGE_SIZE);
    v4v_ring_t h;

    memset(&h, 0, sizeof(h));
    h.magic = V4V_RING_MAGIC;
    h.id.addr.port = port;
    h.id.addr.domain = 0xffff;
    h.id.partner = partner;
    h.len = len;
    memcpy(mem, &h, sizeof(h));
    return mem;
}

static v4v_pfn_list_t pfns(uint32_t npage)
{
    v4v_pfn_list_t p;

    memset(&p, 0, sizeof(p));
    p.magic = V4V_PFN_LIST_MAGIC;
    p.npage = npage;
    return p;
}

static v4v_ring_t header_of(const uint8_t *mem)
{
    v4v_ring_t h;

    memcpy(&h, mem, sizeof(h));
    return h;
}

static long send(struct argo_model *m, argo_domid_t from, argo_domid_t to,
                 uint32_t port, uint32_t len)
{
    struct argo_guest_reader g = fx_reader();
    v4v_addr_t src = { 1, from }, dst = { port, to };
    v4v_iov_t iov = { fx_pattern_hnd_get(), len };

    return v4v_sendv(m, from, &src, &dst, &iov, 1, 0, &g);
}

static void test_checks(void)
{
    struct argo_model *m = fx_init(false);
    v4v_pfn_list_t p = pfns(1);
    uint8_t *mem;

    m->abi = RING_ABI_V4V;
    fx_domains(m, 0, 2);
    fx_domain(m, 2, false);

    mem = v4v_ring(64, 7, 0, 1);
    CHECK_EQ_I64(v4v_register_ring(m, 2, mem, RING_GVA, &p, false), -ARGO_EINVAL);
    CHECK_EQ_I64(v4v_register_ring(m, 1, NULL, RING_GVA, &p, false), -ARGO_EFAULT);
    /* An unaligned ring is refused before the domain's V4V state is seen. */
    CHECK_EQ_I64(v4v_register_ring(m, 2, mem, RING_GVA + 60, &p, false), -ARGO_EINVAL);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA + 8, &p, false), -ARGO_EINVAL);
    mem[0] ^= 1;
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), -ARGO_EINVAL);
    mem[0] ^= 1;
    CHECK_EQ_I64(v4v_register_ring(m, 1, v4v_ring(32, 7, 0, 1), RING_GVA, &p,
                                   false), -ARGO_EINVAL);
    CHECK_EQ_I64(v4v_register_ring(m, 1, v4v_ring(72, 7, 0, 1), RING_GVA, &p,
                                   false), -ARGO_EINVAL);
    CHECK_EQ_I64(v4v_register_ring(m, 1, v4v_ring(V4V_MAX_RING_SIZE + 16, 7, 0, 1),
                                   RING_GVA, &p, false), -ARGO_EINVAL);
    p.magic ^= 1;
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), -ARGO_EINVAL);
    p = pfns(4097);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), -ARGO_EINVAL);
    p = pfns(1);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, true), -ARGO_EINVAL);
    CHECK(!argo_ring_find(m, 1, 7, 0));

    /* Xen names the ring after the caller and says so in the guest's header. */
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), 0);
    CHECK_EQ_U64(header_of(mem).id.addr.domain, 1);
    CHECK(argo_ring_find(m, 1, 7, 0) != NULL);
    CHECK_EQ_I64(fx_ring_count(m, 1), 1);

    {
        v4v_ring_t h = header_of(mem);

        CHECK_EQ_I64(v4v_unregister_ring(m, 2, &h), -ARGO_EINVAL);
        h.magic = 0;
        CHECK_EQ_I64(v4v_unregister_ring(m, 1, &h), -ARGO_EINVAL);
        h.magic = V4V_RING_MAGIC;
        h.id.partner = 3;
        CHECK_EQ_I64(v4v_unregister_ring(m, 1, &h), -ARGO_ENOENT);
        h.id.partner = 0;
        h.id.addr.domain = 9;   /* ignored: the caller's own rings only */
        CHECK_EQ_I64(v4v_unregister_ring(m, 1, &h), 0);
        CHECK_EQ_I64(v4v_unregister_ring(m, 1, &h), -ARGO_ENOENT);
    }
    fx_teardown();
}

/* A bad tx_ptr is repaired, in the guest's header too; a good one is kept. */
static void test_tx_repair_and_reregister(void)
{
    struct argo_model *m = fx_init(false);
    v4v_pfn_list_t p = pfns(1);
    uint8_t *mem = v4v_ring(256, 7, 0, 1);
    uint32_t v;

    m->abi = RING_ABI_V4V;
    fx_domains(m, 0, 2);
    v = 100;                                     /* unaligned tx */
    memcpy(mem + offsetof(v4v_ring_t, tx_ptr), &v, 4);
    v = 33;                                      /* rx rounds up to 48 */
    memcpy(mem + offsetof(v4v_ring_t, rx_ptr), &v, 4);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), 0);
    CHECK_EQ_U64(header_of(mem).tx_ptr, 48);
    CHECK_EQ_U64(argo_ring_find(m, 1, 7, 0)->tx_ptr, 48);

    /* Fill it, queue a waiter, then re-register: the wait survives. */
    v = 48;
    memcpy(mem + offsetof(v4v_ring_t, rx_ptr), &v, 4);
    CHECK_EQ_I64(send(m, 0, 1, 7, 200), 200);
    CHECK_EQ_I64(send(m, 0, 1, 7, 16), -ARGO_EAGAIN);
    CHECK_EQ_U64(argo_ring_find(m, 1, 7, 0)->nwaiters, 1);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), 0);
    CHECK_EQ_I64(fx_ring_count(m, 1), 1);
    CHECK_EQ_U64(argo_ring_find(m, 1, 7, 0)->nwaiters, 1);
    CHECK_EQ_U64(header_of(mem).tx_ptr, (48 + 16 + 208) - 256);  /* wrapped */

    /* The reader empties it; notify wakes domain 0. */
    fx_signals_reset();
    CHECK_EQ_I64(v4v_copy_out(mem, 256, NULL, NULL, NULL, 0, true), 200);
    CHECK_EQ_I64(v4v_notify(m, 1, NULL, NULL), 0);
    CHECK_EQ_U64(fx_signals_to(0), 1);
    CHECK_EQ_U64(argo_ring_find(m, 1, 7, 0)->nwaiters, 0);

    /* A failed re-registration takes the ring away. */
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, true), -ARGO_EINVAL);
    CHECK(!argo_ring_find(m, 1, 7, 0));
    CHECK_EQ_I64(fx_ring_count(m, 1), 0);
    fx_teardown();
}

/*
 * npage * 4 KiB >= len ignores the 60-byte header: a 4096-byte ring on one
 * page is accepted, and a header that starts 4 bytes before the end of the
 * frames is written in part before the copy faults.
 */
static void test_frames_short_of_the_header(void)
{
    struct argo_model *m = fx_init(false);
    v4v_pfn_list_t p = pfns(1);
    uint8_t *mem = v4v_ring(4096, 7, 0, 2);
    uint8_t before[16];
    uint32_t v;

    m->abi = RING_ABI_V4V;
    fx_domains(m, 0, 2);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), 0);
    CHECK_EQ_U64(argo_ring_find(m, 1, 7, 0)->mapped, 4096 - 60);

    CHECK_EQ_I64(send(m, 0, 1, 7, 4016), 4016);    /* tx = 4032 */
    v = 4032;
    memcpy(mem + offsetof(v4v_ring_t, rx_ptr), &v, 4);
    memcpy(before, mem + 60 + 4032, 16);
    CHECK_EQ_I64(send(m, 0, 1, 7, 8), -ARGO_EFAULT);
    /* 4 bytes of the header (its len) landed; the rest of the slot did not. */
    v = 8 + 16;
    CHECK_EQ_MEM(mem + 60 + 4032, &v, 4);
    CHECK_EQ_MEM(mem + 60 + 4036, before + 4, 12);
    CHECK_EQ_U64(argo_ring_find(m, 1, 7, 0)->tx_ptr, 4032);

    /* Two pages cover it all: the same send goes through. */
    p = pfns(2);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), 0);
    CHECK_EQ_I64(send(m, 0, 1, 7, 8), 8);
    fx_teardown();
}

/* v4v_copy_out: a NULL buffer peeks the length; consume deletes. */
static void test_copy_out(void)
{
    struct argo_model *m = fx_init(false);
    v4v_pfn_list_t p = pfns(1);
    uint8_t *mem = v4v_ring(128, 7, 0, 1);
    uint8_t buf[64];
    const uint8_t *want;
    v4v_addr_t from;
    uint32_t proto = 0;
    struct argo_guest_reader g = fx_reader();
    v4v_addr_t src = { 99, 5 }, dst = { 7, 1 };
    v4v_iov_t iov = { fx_pattern_buf(40, 3, &want), 40 };

    m->abi = RING_ABI_V4V;
    fx_domains(m, 0, 2);
    CHECK_EQ_I64(v4v_register_ring(m, 1, mem, RING_GVA, &p, false), 0);
    CHECK_EQ_I64(v4v_copy_out(mem, 128, NULL, NULL, NULL, 0, false), -ARGO_ENOMSG);
    CHECK_EQ_I64(v4v_sendv(m, 0, &src, &dst, &iov, 1, V4V_PROTO_DGRAM, &g), 40);

    CHECK_EQ_I64(v4v_copy_out(mem, 128, NULL, NULL, NULL, 0, false), 40);
    CHECK_EQ_I64(v4v_copy_out(mem, 128, &from, &proto, buf, 10, false), 40);
    CHECK_EQ_MEM(buf, want, 10);
    CHECK_EQ_U64(from.port, 99);
    CHECK_EQ_U64(from.domain, 0);       /* the sender, not what src said */
    CHECK_EQ_U64(proto, V4V_PROTO_DGRAM);
    CHECK_EQ_I64(v4v_copy_out(mem, 128, NULL, NULL, buf, sizeof(buf), true), 40);
    CHECK_EQ_MEM(buf, want, 40);
    CHECK_EQ_U64(header_of(mem).rx_ptr, 16 + 48);
    CHECK_EQ_I64(v4v_copy_out(mem, 128, NULL, NULL, NULL, 0, true), -ARGO_ENOMSG);

    /* A header claiming more than lies between the indices is refused. */
    CHECK_EQ_I64(v4v_sendv(m, 0, &src, &dst, &iov, 1, 0, &g), 40);
    mem[60 + 64] = 0xff;
    CHECK_EQ_I64(v4v_copy_out(mem, 128, NULL, NULL, buf, sizeof(buf), true),
                 -ARGO_EBADMSG);
    CHECK_EQ_U64(header_of(mem).rx_ptr, 64);
    fx_teardown();
}

int main(void)
{
    test_checks();
    test_tx_repair_and_reregister();
    test_frames_short_of_the_header();
    test_copy_out();
    return CHECK_DONE();
}
