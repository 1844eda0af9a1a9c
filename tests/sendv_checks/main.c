/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_ARGO_OP_sendv pinned to Xen 4.17: argument and address
 * checks in Xen's order, ring matching, iov limits, -EMSGSIZE, -EAGAIN and
 * the wait it queues, -EBUSY, -EFAULT, the return value and the signal.
 *
 * Expected values come from xen/common/argo.c: do_argo_op (width check,
 * xsm_argo_enable, niov cap), sendv (pad, source, destination, ring match
 * via find_ring_info_by_match), iov_count, ringbuf_insert and
 * pending_requeue / pending_queue.
 */
#include "check.h"
#include "model_fixture.h"

#define R       1       /* receiver: owns the rings */
#define S       2       /* sender */
#define T       3       /* another sender */
#define NOARGO  5
#define GHOST   77
#define FIRST_BUSY 10   /* 33 senders for the waiter limit */

#define ANY     XEN_ARGO_DOMID_ANY
#define MAXMSG  0xffffe0u

static struct argo_model *setup(void)
{
    struct argo_model *m = fx_init(true);

    fx_domains(m, R, 3);
    fx_domain(m, NOARGO, false);
    return m;
}

static long send_addr(struct argo_model *m, argo_domid_t caller,
                      xen_argo_send_addr_t a)
{
    xen_argo_iov_t iov = fx_iov(fx_pattern_hnd_get(), 4);

    return fx_sendv(m, caller, &a, &iov, 1, 0);
}

static long send_iovs(struct argo_model *m, argo_domid_t dst,
                      xen_argo_port_t port, const xen_argo_iov_t *iovs,
                      uint64_t niov)
{
    xen_argo_send_addr_t a = fx_addr(ANY, 0, dst, port);

    return fx_sendv(m, S, &a, iovs, niov, 0);
}

static xen_argo_ring_message_header_t msg_at(uint8_t *mem, uint32_t off)
{
    xen_argo_ring_message_header_t mh;

    memcpy(&mh, fx_data(mem) + off, sizeof(mh));
    return mh;
}

/*
 * sendv: pads first, then the source (ANY means the caller; anyone else is
 * -EPERM, whether or not it exists), then the destination domain (-ESRCH),
 * its Argo state (-ECONNREFUSED) and a matching ring (-ECONNREFUSED).
 */
static void test_addresses(void)
{
    struct argo_model *m = setup();
    uint8_t *mem = fx_ring_new(m, R, 100, ANY, 256);
    xen_argo_send_addr_t a;
    xen_argo_ring_message_header_t mh;

    fx_signals_reset();
    a = fx_addr(ANY, 0, R, 100);
    a.src.pad = 1;
    CHECK_EQ_I64(send_addr(m, S, a), -ARGO_EINVAL);
    a = fx_addr(ANY, 0, R, 100);
    a.dst.pad = 1;
    CHECK_EQ_I64(send_addr(m, S, a), -ARGO_EINVAL);
    a = fx_addr(ANY, 0, GHOST, 100);
    a.src.pad = 0x8000;
    CHECK_EQ_I64(send_addr(m, S, a), -ARGO_EINVAL);

    CHECK_EQ_I64(send_addr(m, S, fx_addr(T, 0, R, 100)), -ARGO_EPERM);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(R, 0, R, 100)), -ARGO_EPERM);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(GHOST, 0, R, 100)), -ARGO_EPERM);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(T, 0, GHOST, 100)), -ARGO_EPERM);

    CHECK_EQ_I64(send_addr(m, S, fx_addr(ANY, 0, GHOST, 100)), -ARGO_ESRCH);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(ANY, 0, ANY, 100)), -ARGO_ESRCH);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(ANY, 0, 0x7ff0, 100)), -ARGO_ESRCH);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(ANY, 0, NOARGO, 100)),
                 -ARGO_ECONNREFUSED);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(ANY, 0, R, 101)),
                 -ARGO_ECONNREFUSED);
    CHECK_EQ_U64(fx_ring(m, R, 100, ANY)->tx_ptr, 0);
    CHECK_EQ_U64(fx_signals_total(), 0);

    /* ANY and the caller's own id both send as the caller. */
    CHECK_EQ_I64(send_addr(m, S, fx_addr(ANY, 0xabcd, R, 100)), 4);
    mh = msg_at(mem, 0);
    CHECK_EQ_U64(mh.source.domain_id, S);
    CHECK_EQ_U64(mh.source.aport, 0xabcd);
    CHECK_EQ_I64(send_addr(m, S, fx_addr(S, 0x42, R, 100)), 4);
    mh = msg_at(mem, 32);
    CHECK_EQ_U64(mh.source.domain_id, S);
    CHECK_EQ_U64(mh.source.aport, 0x42);
}

/*
 * find_ring_info_by_match: the ring whose partner is the sender, else the
 * wildcard ring; a single-partner ring for someone else never matches.
 */
static void test_ring_match(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 200, ANY, 256);
    fx_ring_new(m, R, 200, S, 256);
    fx_ring_new(m, R, 300, T, 256);

    CHECK_EQ_I64(fx_send_len(m, S, R, 200, 10), 10);
    CHECK_EQ_U64(fx_ring(m, R, 200, S)->tx_ptr, 32);
    CHECK_EQ_U64(fx_ring(m, R, 200, ANY)->tx_ptr, 0);
    CHECK_EQ_I64(fx_send_len(m, T, R, 200, 30), 30);
    CHECK_EQ_U64(fx_ring(m, R, 200, ANY)->tx_ptr, 48);
    CHECK_EQ_U64(fx_ring(m, R, 200, S)->tx_ptr, 32);

    CHECK_EQ_I64(fx_send_len(m, S, R, 300, 10), -ARGO_ECONNREFUSED);
    CHECK_EQ_I64(fx_send_len(m, T, R, 300, 10), 10);
    CHECK_EQ_U64(fx_ring(m, R, 300, T)->tx_ptr, 32);
}

/*
 * do_argo_op: niov and message_type wider than 32 bits are -EINVAL before
 * anything; xsm_argo_enable next; then niov > XEN_ARGO_MAXIOV is -EINVAL
 * before sendv looks at any address.
 */
static void test_raw_args(void)
{
    struct argo_model *m = setup();
    uint8_t *mem = fx_ring_new(m, R, 100, ANY, 512);
    xen_argo_send_addr_t ok = fx_addr(ANY, 0, R, 100);
    xen_argo_send_addr_t ghost = fx_addr(ANY, 0, GHOST, 100);
    xen_argo_send_addr_t other = fx_addr(T, 0, R, 100);
    xen_argo_iov_t iovs[9];
    uint64_t hnd = fx_pattern_hnd_get();

    for (unsigned i = 0; i < 9; i++)
        iovs[i] = fx_iov(hnd + i, 1);
    CHECK_EQ_I64(fx_sendv(m, S, &ok, iovs, 9, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_sendv(m, S, &ghost, iovs, 9, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_sendv(m, S, &other, iovs, 9, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_sendv(m, S, &ok, iovs, (1ull << 32) + 1, 0),
                 -ARGO_EINVAL);
    CHECK_EQ_I64(fx_sendv(m, S, &ok, iovs, 1, 1ull << 32), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_sendv(m, S, &ok, iovs, 1, (1ull << 32) + 5),
                 -ARGO_EINVAL);
    CHECK_EQ_U64(fx_ring(m, R, 100, ANY)->tx_ptr, 0);

    CHECK_EQ_I64(fx_sendv(m, NOARGO, &ok, iovs, 1, 0), -ARGO_EACCES);
    CHECK_EQ_I64(fx_sendv(m, NOARGO, &ok, iovs, 9, 0), -ARGO_EACCES);
    CHECK_EQ_I64(fx_sendv(m, NOARGO, &ghost, iovs, 1, 0), -ARGO_EACCES);
    CHECK_EQ_I64(fx_sendv(m, NOARGO, &ok, iovs, 1, 1ull << 32),
                 -ARGO_EINVAL);
    CHECK_EQ_I64(fx_sendv(m, NOARGO, &ok, iovs, 1ull << 32, 0),
                 -ARGO_EINVAL);
    CHECK_EQ_I64(fx_sendv(m, GHOST, &ok, iovs, 1, 0), -ARGO_ESRCH);

    /* Eight iovs is the limit, not past it; any 32-bit type is carried. */
    CHECK_EQ_I64(fx_sendv(m, S, &ok, iovs, 8, 0xffffffffu), 8);
    CHECK_EQ_U64(msg_at(mem, 0).message_type, 0xffffffffu);
}

/*
 * iov_count runs only once a ring matched, iov by iov: pad, then
 * iov_len > MAX_ARGO_MESSAGE_SIZE (-EINVAL), then the running sum
 * (-EMSGSIZE). Later iovs are not looked at once one fails.
 */
static void test_iov_checks(void)
{
    struct argo_model *m = setup();
    xen_argo_iov_t v[3];

    fx_ring_new(m, R, 100, ANY, 4096 - 64);
    fx_signals_reset();

    v[0] = fx_iov(FX_BAD_HND, 1);
    v[1] = fx_iov(FX_BAD_HND, 1);
    v[1].pad = 1;
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(send_iovs(m, GHOST, 100, v, 2), -ARGO_ESRCH);
    CHECK_EQ_I64(send_iovs(m, NOARGO, 100, v, 2), -ARGO_ECONNREFUSED);
    CHECK_EQ_I64(send_iovs(m, R, 101, v, 2), -ARGO_ECONNREFUSED);
    /* niov bounds what is checked: the bad pad is beyond it. */
    v[0] = fx_iov(fx_pattern_hnd_get(), 1);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 1), 1);

    v[0] = fx_iov(FX_BAD_HND, MAXMSG + 1);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 1), -ARGO_EINVAL);
    v[0] = fx_iov(FX_BAD_HND, 0xffffffffu);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 1), -ARGO_EINVAL);
    /* The largest iov passes iov_count; this ring is what refuses it. */
    v[0] = fx_iov(FX_BAD_HND, MAXMSG);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 1), -ARGO_EMSGSIZE);

    /* A sum of exactly the maximum passes: the pad of the third is seen. */
    v[0] = fx_iov(FX_BAD_HND, 0x800000);
    v[1] = fx_iov(FX_BAD_HND, MAXMSG - 0x800000);
    v[2] = fx_iov(FX_BAD_HND, 0);
    v[2].pad = 1;
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 3), -ARGO_EINVAL);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 2), -ARGO_EMSGSIZE);
    /* One byte more fails on the second iov, before the third's pad. */
    v[1].iov_len++;
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 3), -ARGO_EMSGSIZE);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 2), -ARGO_EMSGSIZE);
    /* Per-iov limit before the sum: {max, max + 1} is -EINVAL. */
    v[0] = fx_iov(FX_BAD_HND, MAXMSG);
    v[1] = fx_iov(FX_BAD_HND, MAXMSG + 1);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 2), -ARGO_EINVAL);
    /* ...but {max, 1, max + 1} overflows the sum on the second. */
    v[1] = fx_iov(FX_BAD_HND, 1);
    v[2] = fx_iov(FX_BAD_HND, MAXMSG + 1);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 3), -ARGO_EMSGSIZE);
    v[1] = fx_iov(FX_BAD_HND, MAXMSG);
    CHECK_EQ_I64(send_iovs(m, R, 100, v, 2), -ARGO_EMSGSIZE);

    CHECK_EQ_U64(fx_ring(m, R, 100, ANY)->tx_ptr, 32);
    CHECK_EQ_I64(fx_nwaiters(m, R, 100, ANY), 0);
    CHECK_EQ_U64(fx_signals_total(), 1);
}

/*
 * ringbuf_insert: ring len <= header + ROUNDUP_MESSAGE(payload) is
 * -EMSGSIZE whatever the ring holds, so the largest payload is len - 32;
 * no wait is queued for it.
 */
static void test_emsgsize_ring(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 400, S, 4032);
    fx_ring_new(m, R, 401, S, 48);
    fx_signals_reset();

    CHECK_EQ_I64(fx_send_len(m, S, R, 400, 4001), -ARGO_EMSGSIZE);
    CHECK_EQ_I64(fx_send_len(m, S, R, 400, 4016), -ARGO_EMSGSIZE);
    CHECK_EQ_I64(fx_send_len(m, S, R, 400, 4000), 4000);
    CHECK_EQ_U64(fx_ring(m, R, 400, S)->tx_ptr, 4016);
    fx_guest_set_rx(m, R, 400, S, 4016);
    CHECK_EQ_I64(fx_send_len(m, S, R, 400, 4001), -ARGO_EMSGSIZE);
    CHECK_EQ_I64(fx_nwaiters(m, R, 400, S), 0);

    /* The smallest ring carries 16 bytes. */
    CHECK_EQ_I64(fx_send_len(m, S, R, 401, 17), -ARGO_EMSGSIZE);
    CHECK_EQ_I64(fx_send_len(m, S, R, 401, 16), 16);
    /* Now full: the size check still comes before the space check. */
    CHECK_EQ_I64(fx_send_len(m, S, R, 401, 17), -ARGO_EMSGSIZE);
    CHECK_EQ_I64(fx_nwaiters(m, R, 401, S), 0);
    CHECK_EQ_I64(fx_send_len(m, S, R, 401, 1), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_nwaiters(m, R, 401, S), 1);
    CHECK_EQ_U64(fx_signals_to(R), 2);
}

/*
 * ringbuf_insert: ROUNDUP_MESSAGE(payload) + header >= free space is
 * -EAGAIN; sendv then pending_requeue()s the sender for the payload length,
 * raising (never lowering) an existing wait. No signal on -EAGAIN.
 */
static void test_eagain(void)
{
    struct argo_model *m = setup();
    struct argo_model_ring *r;

    fx_ring_new(m, R, 500, S, 256);
    r = fx_ring(m, R, 500, S);
    CHECK_EQ_I64(fx_send_len(m, S, R, 500, 100), 100);
    CHECK_EQ_U64(r->tx_ptr, 128);
    fx_signals_reset();

    /* 128 bytes free: 97..112 round to 112, + 16 = 128 >= 128. */
    CHECK_EQ_I64(fx_send_len(m, S, R, 500, 97), -ARGO_EAGAIN);
    CHECK_EQ_U64(r->tx_ptr, 128);
    CHECK_EQ_U64(r->nwaiters, 1);
    CHECK_EQ_I64(fx_waiter_len(m, R, 500, S, S), 97);
    CHECK_EQ_I64(fx_send_len(m, S, R, 500, 112), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 500, S, S), 112);
    CHECK_EQ_I64(fx_send_len(m, S, R, 500, 100), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 500, S, S), 112);
    CHECK_EQ_U64(r->nwaiters, 1);
    CHECK_EQ_U64(fx_signals_total(), 0);

    /* 96 + 16 = 112 < 128 fits; success does not cancel the wait. */
    CHECK_EQ_I64(fx_send_len(m, S, R, 500, 96), 96);
    CHECK_EQ_U64(r->tx_ptr, 240);
    CHECK_EQ_U64(r->nwaiters, 1);
    CHECK_EQ_U64(fx_signals_to(R), 1);
    CHECK_EQ_U64(fx_signals_to(S), 0);

    /* 16 bytes free: even an empty message (header only) must wait. */
    CHECK_EQ_I64(send_iovs(m, R, 500, NULL, 0), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 500, S, S), 112);
    CHECK_EQ_U64(fx_signals_total(), 1);
}

/*
 * pending_queue: MAX_PENDING_PER_RING (32) distinct waiters; the 33rd
 * domain's -EAGAIN becomes -EBUSY. A domain already waiting is requeued.
 */
static void test_ebusy(void)
{
    struct argo_model *m = fx_init(true);
    unsigned eagain = 0;

    fx_domain(m, R, true);
    fx_domains(m, FIRST_BUSY, 33);
    fx_ring_new(m, R, 600, ANY, 64);
    CHECK_EQ_I64(fx_send_len(m, FIRST_BUSY, R, 600, 16), 16);
    fx_signals_reset();

    for (unsigned i = 0; i < 32; i++)
        eagain += fx_send_len(m, FIRST_BUSY + i, R, 600, 1) == -ARGO_EAGAIN;
    CHECK_EQ_U64(eagain, 32);
    CHECK_EQ_I64(fx_nwaiters(m, R, 600, ANY), 32);
    CHECK_EQ_I64(fx_send_len(m, FIRST_BUSY + 32, R, 600, 1), -ARGO_EBUSY);
    CHECK_EQ_I64(fx_nwaiters(m, R, 600, ANY), 32);
    CHECK_EQ_I64(fx_waiter_len(m, R, 600, ANY, FIRST_BUSY + 32), -1);
    CHECK_EQ_I64(fx_send_len(m, FIRST_BUSY, R, 600, 5), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 600, ANY, FIRST_BUSY), 5);
    CHECK_EQ_I64(fx_nwaiters(m, R, 600, ANY), 32);
    CHECK_EQ_U64(fx_signals_total(), 0);
}

/*
 * memcpy_to_guest_ring copies a page of ring memory at a time and stops at
 * the first fault: the zeros of a faulting iov end at the ring page it
 * started in (page offsets count from the 64-byte ring header).
 */
static void test_efault_zeroes_to_page_end(void)
{
    struct argo_model *m = setup();
    uint8_t *mem = fx_ring_new(m, R, 710, S, 8192);
    xen_argo_send_addr_t a = fx_addr(ANY, 1, R, 710);
    xen_argo_iov_t v = fx_iov(FX_BAD_HND, 200);
    uint8_t fill[256];
    static const uint8_t zero[48];

    memset(fill, FX_FILL, sizeof(fill));
    /* tx_ptr to 3968: the next payload starts at data 3984, ring byte 4048. */
    CHECK_EQ_I64(fx_send_len(m, S, R, 710, 3952), 3952);
    fx_paint(mem, 8192);
    CHECK_EQ_I64(fx_sendv(m, S, &a, &v, 1, 0), -ARGO_EFAULT);
    CHECK_EQ_MEM(fx_data(mem) + 3984, zero, 48);
    CHECK_EQ_MEM(fx_data(mem) + 4032, fill, 200 - 48);
    CHECK_EQ_U64(fx_hdr_tx(mem), 3968);
}

/*
 * ringbuf_insert: the header is written before any iov is read, so a fault
 * leaves it (and data of earlier iovs) in ring memory, with tx_ptr not
 * advanced; -EFAULT is neither -EAGAIN (no wait) nor success (no signal).
 */
static void test_efault(void)
{
    static const uint8_t good[8] = "ABCDEFGH";
    struct argo_model *m = setup();
    uint8_t *mem = fx_ring_new(m, R, 700, S, 256);
    struct argo_model_ring *r = fx_ring(m, R, 700, S);
    xen_argo_send_addr_t a = fx_addr(ANY, 0x1234, R, 700);
    xen_argo_iov_t v[2];
    xen_argo_ring_message_header_t mh;
    uint8_t fill[256];
    static const uint8_t zero[8];

    memset(fill, FX_FILL, sizeof(fill));
    v[0] = fx_iov(fx_guest_buf(good, 8), 8);
    v[1] = fx_iov(FX_BAD_HND, 8);
    fx_paint(mem, 256);
    fx_signals_reset();

    CHECK_EQ_I64(fx_sendv(m, S, &a, v, 2, 0x77), -ARGO_EFAULT);
    mh = msg_at(mem, 0);
    CHECK_EQ_U64(mh.len, 32);
    CHECK_EQ_U64(mh.source.aport, 0x1234);
    CHECK_EQ_U64(mh.source.domain_id, S);
    CHECK_EQ_U64(mh.source.pad, 0);
    CHECK_EQ_U64(mh.message_type, 0x77);
    CHECK_EQ_MEM(fx_data(mem) + 16, good, 8);
    /* x86 copy_from_guest zeroes what it could not read: the faulting iov. */
    CHECK_EQ_MEM(fx_data(mem) + 24, zero, 8);
    CHECK_EQ_MEM(fx_data(mem) + 32, fill, 256 - 32);
    CHECK_EQ_U64(r->tx_ptr, 0);
    CHECK_EQ_U64(fx_hdr_tx(mem), 0);
    CHECK_EQ_U64(r->nwaiters, 0);
    CHECK_EQ_U64(fx_signals_total(), 0);

    /* A fault in the first iov: header only. */
    fx_paint(mem, 256);
    v[0] = fx_iov(FX_BAD_HND, 4);
    v[1] = fx_iov(fx_guest_buf(good, 8), 8);
    CHECK_EQ_I64(fx_sendv(m, S, &a, v, 2, 0x78), -ARGO_EFAULT);
    CHECK_EQ_U64(msg_at(mem, 0).len, 28);
    CHECK_EQ_MEM(fx_data(mem) + 16, zero, 4);
    CHECK_EQ_MEM(fx_data(mem) + 20, fill, 256 - 20);
    CHECK_EQ_U64(r->tx_ptr, 0);
    CHECK_EQ_U64(fx_signals_total(), 0);

    /* The next good message overwrites it in place. */
    CHECK_EQ_I64(fx_sendv(m, S, &a, &v[1], 1, 0x79), 8);
    CHECK_EQ_U64(msg_at(mem, 0).len, 24);
    CHECK_EQ_U64(r->tx_ptr, 32);
    CHECK_EQ_U64(fx_signals_to(R), 1);
}

/* sendv returns the payload length (iov_count's sum) and signals dst. */
static void test_return_and_signal(void)
{
    static const uint8_t a5[5] = "12345", b7[7] = "abcdefg";
    struct argo_model *m = setup();
    uint8_t *mem = fx_ring_new(m, R, 800, S, 256);
    xen_argo_iov_t v[3];

    v[0] = fx_iov(fx_guest_buf(a5, 5), 5);
    v[1] = fx_iov(FX_BAD_HND, 0);
    v[2] = fx_iov(fx_guest_buf(b7, 7), 7);
    fx_signals_reset();
    CHECK_EQ_I64(send_iovs(m, R, 800, v, 3), 12);
    CHECK_EQ_U64(msg_at(mem, 0).len, 28);
    CHECK_EQ_U64(fx_signals_to(R), 1);
    CHECK_EQ_U64(fx_signals_total(), 1);

    /* No iovs at all: a header-only message, still a success. */
    CHECK_EQ_I64(send_iovs(m, R, 800, NULL, 0), 0);
    CHECK_EQ_U64(msg_at(mem, 32).len, 16);
    CHECK_EQ_U64(fx_ring(m, R, 800, S)->tx_ptr, 48);
    CHECK_EQ_U64(fx_signals_to(R), 2);
    CHECK_EQ_U64(fx_signals_to(S), 0);
}

int main(void)
{
    test_addresses();
    test_ring_match();
    test_raw_args();
    test_iov_checks();
    test_emsgsize_ring();
    test_eagain();
    test_ebusy();
    test_efault();
    test_efault_zeroes_to_page_end();
    test_return_and_signal();
    fx_teardown();
    return CHECK_DONE();
}
