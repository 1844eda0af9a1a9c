/* SPDX-License-Identifier: MIT */
/*
 * Description: the invariant checker can fail. A small valid system (two
 * rings with queued messages, a waiter on each) passes; then each kind of
 * corruption, applied to a copy and undone afterwards, must be reported:
 * ring header and Xen's tx_ptr disagreeing, an unaligned tx_ptr, a message
 * header with a wrong length, the ring's ledger or the system ledger off by
 * one, a wrong ring count, a waiter listed twice, too many waiters, and a
 * waiter whose domain does not exist.
 */
#include <stdlib.h>

#include "check.h"
#include "ring_model/argo_invariants.h"
#include "ring_model/argo_model.h"

#define RING_LEN    256u
#define SENDER      2u
#define OTHER       3u
#define OWNER       1u

static struct argo_model *m, *saved;
static uint8_t *ring_mem, *wild_mem, *saved_ring, *saved_wild;
static size_t ring_size;

static int copy_fill(void *ctx, void *dst, uint64_t hnd, uint32_t len)
{
    (void)ctx;
    memset(dst, (int)(hnd & 0xff), len);
    return 0;
}

static long send(argo_domid_t from, xen_argo_port_t port, uint32_t len)
{
    struct argo_guest_reader guest = { copy_fill, NULL };
    xen_argo_send_addr_t addr;
    xen_argo_iov_t iov;

    memset(&addr, 0, sizeof(addr));
    addr.src.domain_id = XEN_ARGO_DOMID_ANY;
    addr.src.aport = 99;
    addr.dst.domain_id = OWNER;
    addr.dst.aport = port;
    memset(&iov, 0, sizeof(iov));
    iov.iov_hnd = 0x42;
    iov.iov_len = len;
    return argo_sendv(m, from, &addr, &iov, 1, 7, &guest);
}

static long reg(xen_argo_port_t port, argo_domid_t partner, uint8_t *mem)
{
    xen_argo_register_ring_t r;

    memset(&r, 0, sizeof(r));
    r.aport = port;
    r.partner_id = partner;
    r.len = RING_LEN;
    return argo_register_ring(m, OWNER, &r, mem, false,
                              argo_ring_npages(RING_LEN), 0);
}

/* Domains 1..3; ring 1:10 for sender 2 and wildcard ring 1:11, both with
 * queued messages and a waiter (from a send that found the ring full). */
static bool build(void)
{
    bool ok = true;

    argo_model_init(m);
    m->mac_permissive = true;
    ok &= CHECK_EQ_I64(argo_domain_create(m, OWNER, true), 0);
    ok &= CHECK_EQ_I64(argo_domain_create(m, SENDER, true), 0);
    ok &= CHECK_EQ_I64(argo_domain_create(m, OTHER, true), 0);
    ok &= CHECK_EQ_I64(reg(10, SENDER, ring_mem), 0);
    ok &= CHECK_EQ_I64(reg(11, XEN_ARGO_DOMID_ANY, wild_mem), 0);

    /* 256-byte rings: 100 + 16 -> 128 bytes, then 96 -> 112, then full. */
    ok &= CHECK_EQ_I64(send(SENDER, 10, 100), 100);
    ok &= CHECK_EQ_I64(send(SENDER, 10, 80), 80);
    ok &= CHECK_EQ_I64(send(SENDER, 10, 64), -ARGO_EAGAIN);
    ok &= CHECK_EQ_I64(send(OTHER, 11, 30), 30);
    ok &= CHECK_EQ_I64(send(SENDER, 11, 150), 150);
    ok &= CHECK_EQ_I64(send(OTHER, 11, 100), -ARGO_EAGAIN);
    ok &= CHECK_EQ_I64(send(SENDER, 11, 100), -ARGO_EAGAIN);
    return ok;
}

static struct argo_model_domain *owner(void)
{
    return argo_domain_find(m, OWNER);
}

static struct argo_model_ring *ring10(void)
{
    return argo_ring_find(m, OWNER, 10, SENDER);
}

static struct argo_model_ring *ring11(void)
{
    return argo_ring_find(m, OWNER, 11, XEN_ARGO_DOMID_ANY);
}

static void restore(void)
{
    memcpy(m, saved, sizeof(*m));
    memcpy(ring_mem, saved_ring, ring_size);
    memcpy(wild_mem, saved_wild, ring_size);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, sizeof(v));
}

/* The corrupted state must be reported; the restored one must pass. */
static void expect_violation(const char *name)
{
    struct argo_violation v;
    int rc;

    memset(&v, 0, sizeof(v));
    rc = argo_check_invariants(m, &v);
    if (CHECK_EQ_I64(rc, -1)) {
        CHECK(v.what != NULL);
        printf("  %-34s -> %s (dom %u port %u partner %u, expected %" PRIu64
               ", actual %" PRIu64 ")\n", name, v.what ? v.what : "?", v.dom,
               v.port, v.partner, v.expected, v.actual);
    } else {
        fprintf(stderr, "    not detected: %s\n", name);
    }
    restore();
    CHECK_EQ_I64(argo_check_invariants(m, &v), 0);
}

int main(void)
{
    struct argo_violation v;
    struct argo_model_ring *r;
    uint32_t rx;

    m = malloc(sizeof(*m));
    saved = malloc(sizeof(*saved));
    ring_size = (size_t)argo_ring_npages(RING_LEN) * ARGO_PAGE_SIZE;
    ring_mem = calloc(1, ring_size);
    wild_mem = calloc(1, ring_size);
    saved_ring = malloc(ring_size);
    saved_wild = malloc(ring_size);
    if (!m || !saved || !ring_mem || !wild_mem || !saved_ring || !saved_wild)
        return 1;

    if (!build())
        return CHECK_DONE();
    memset(&v, 0, sizeof(v));
    if (!CHECK_EQ_I64(argo_check_invariants(m, &v), 0)) {
        fprintf(stderr, "    valid state rejected: %s\n",
                v.what ? v.what : "?");
        return CHECK_DONE();
    }
    /* The state has what the corruptions below need. */
    CHECK_EQ_U64(ring10()->nwaiters, 1);
    CHECK_EQ_U64(ring11()->nwaiters, 2);
    CHECK_EQ_U64(ring10()->ledger.queued_msgs, 2);
    CHECK_EQ_U64(owner()->ring_count, 2);
    memcpy(saved, m, sizeof(*m));
    memcpy(saved_ring, ring_mem, ring_size);
    memcpy(saved_wild, wild_mem, ring_size);

    printf("invariant_detects: each corruption and what the checker said\n");

    /* The guest-visible tx_ptr differs from Xen's private copy. */
    r = ring10();
    put_u32(ring_mem + offsetof(xen_argo_ring_t, tx_ptr), r->tx_ptr + 16);
    expect_violation("header tx_ptr != model tx_ptr");

    /* An unaligned tx_ptr, in the header and in Xen's copy alike. */
    r = ring10();
    r->tx_ptr += 1;
    put_u32(ring_mem + offsetof(xen_argo_ring_t, tx_ptr), r->tx_ptr);
    expect_violation("tx_ptr unaligned");

    /* tx_ptr at the ring end, both copies. */
    r = ring10();
    r->tx_ptr = RING_LEN;
    put_u32(ring_mem + offsetof(xen_argo_ring_t, tx_ptr), RING_LEN);
    expect_violation("tx_ptr == len");

    /* The first queued message claims one slot more than it has. */
    memcpy(&rx, ring_mem + offsetof(xen_argo_ring_t, rx_ptr), sizeof(rx));
    put_u32(ring_mem + ARGO_RING_HEADER_SIZE + rx, 116 + 16);
    expect_violation("message header len + 16");

    /* ... claims less than a header. */
    put_u32(ring_mem + ARGO_RING_HEADER_SIZE + rx, 15);
    expect_violation("message header len 15");

    /* ... one slot less: the chain still parses but loses bytes. */
    put_u32(wild_mem + ARGO_RING_HEADER_SIZE + 0, 46 - 16);
    expect_violation("message header len - 16 (wildcard)");

    /* ... 0xffffffff. */
    put_u32(ring_mem + ARGO_RING_HEADER_SIZE + rx, 0xffffffffu);
    expect_violation("message header len 0xffffffff");

    /* The guest's rx_ptr unaligned without the ledger knowing. */
    put_u32(ring_mem + offsetof(xen_argo_ring_t, rx_ptr), 8);
    expect_violation("rx_ptr unaligned, untracked");

    /* The ring's ledger is off by one byte, and by one message. */
    ring10()->ledger.queued_bytes += 1;
    expect_violation("ring queued_bytes + 1");
    ring10()->ledger.queued_bytes -= 1;
    expect_violation("ring queued_bytes - 1");
    ring11()->ledger.queued_msgs += 1;
    expect_violation("ring queued_msgs + 1");

    /* The domain's ring count is off by one either way. */
    owner()->ring_count += 1;
    expect_violation("ring_count + 1");
    owner()->ring_count -= 1;
    expect_violation("ring_count - 1");

    /* The same domain waits twice on the wildcard ring. */
    r = ring11();
    r->waiters[r->nwaiters] = r->waiters[0];
    r->nwaiters++;
    expect_violation("duplicated waiter");

    /* 33 waiters on one ring. */
    r = ring11();
    for (unsigned i = r->nwaiters; i < ARGO_MAX_PENDING_PER_RING; i++) {
        r->waiters[i].domid = (argo_domid_t)(100 + i);
        r->waiters[i].len = 1;
    }
    r->nwaiters = ARGO_MAX_PENDING_PER_RING + 1;
    expect_violation("nwaiters 33");

    /* A waiter whose domain does not exist. */
    ring11()->waiters[0].domid = 77;
    expect_violation("waiter domain missing");

    /* A waiter on a single-partner ring that is not the partner. */
    ring10()->waiters[0].domid = OTHER;
    expect_violation("waiter not the partner");

    /* A waiter for more than the ring could ever carry. */
    ring10()->waiters[0].len = RING_LEN;
    expect_violation("waiter len > max message");

    /* The system ledger: one accepted byte more, or less. */
    m->ledger.accepted_bytes += 1;
    expect_violation("accepted_bytes + 1");
    m->ledger.accepted_bytes -= 1;
    expect_violation("accepted_bytes - 1");
    m->ledger.consumed_bytes += 1;
    expect_violation("consumed_bytes + 1");

    /* A ring whose partner domain is gone (not torn down with it). */
    argo_domain_find(m, SENDER)->exists = false;
    expect_violation("partner domain vanished");

    /* A domain without Argo that has a ring. */
    owner()->argo_enabled = false;
    expect_violation("ring on a domain without Argo");

    free(m);
    free(saved);
    free(ring_mem);
    free(wild_mem);
    free(saved_ring);
    free(saved_wild);
    return CHECK_DONE();
}
