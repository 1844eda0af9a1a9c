/* SPDX-License-Identifier: MIT */
/*
 * Description: the bytes sendv writes into a ring, pinned to Xen 4.17's
 * ringbuf_insert: message header, payload across the ring end, iov splits,
 * tx_ptr rounding and wrap, bogus rx_ptr values, and the exact-fit limit.
 *
 * Every expected ring image is built here from a snapshot of the ring
 * memory, following ringbuf_insert: the 16-byte header at tx_ptr, tx_ptr
 * wrapped to 0 if the header ends at the ring end, the payload bytes in
 * order wrapping at the ring end, then tx_ptr rounded up to a slot and
 * wrapped, written to the ring header. Bytes past the payload (padding to
 * the slot) are never written. Free space follows get_sanitized_ring.
 */
#include "check.h"
#include "model_fixture.h"

#define R       1       /* receiver */
#define S       2       /* sender */

struct ring {
    struct argo_model *m;
    xen_argo_port_t port;
    uint32_t len;
    uint8_t *mem;
    uint8_t *want;          /* expected image of mem */
    struct argo_model_ring *r;
};

static struct argo_model *setup(void)
{
    struct argo_model *m = fx_init(false);

    fx_domains(m, R, 2);
    return m;
}

/*
 * A ring for S whose next message goes to offset tx, empty (rx_ptr == tx),
 * data painted. A filler message of tx - 16 payload bytes moves tx there.
 */
static struct ring ring_at(struct argo_model *m, xen_argo_port_t port,
                           uint32_t len, uint32_t tx)
{
    struct ring g = { .m = m, .port = port, .len = len };

    g.mem = fx_ring_new(m, R, port, S, len);
    g.r = fx_ring(m, R, port, S);
    g.want = fx_alloc(sizeof(xen_argo_ring_t) + len);
    FX_MUST(tx % 16 == 0 && tx < len);
    if (tx) {
        FX_MUST(fx_send_len(m, S, R, port, tx - 16) == (long)(tx - 16));
        FX_MUST(g.r->tx_ptr == tx);
        fx_guest_set_rx(m, R, port, S, tx);
    }
    fx_paint(g.mem, len);
    return g;
}

static uint32_t roundup16(uint32_t x)
{
    return (x + 15u) & ~15u;
}

/* ringbuf_insert's layout of one message into want, from tx; new tx. */
static uint32_t put_msg(struct ring *g, uint32_t tx, xen_argo_port_t sport,
                        uint32_t type, const uint8_t *payload, uint32_t n)
{
    uint8_t *data = g->want + sizeof(xen_argo_ring_t);
    xen_argo_ring_message_header_t mh;

    memset(&mh, 0, sizeof(mh));
    mh.len = n + 16;
    mh.source.aport = sport;
    mh.source.domain_id = S;
    mh.message_type = type;
    memcpy(data + tx, &mh, sizeof(mh));
    tx += 16;
    if (tx == g->len)
        tx = 0;
    for (uint32_t i = 0; i < n; i++) {
        data[tx++] = payload[i];
        if (tx == g->len)
            tx = 0;
    }
    tx = roundup16(tx);
    if (tx >= g->len)
        tx -= g->len;
    fx_store32(g->want + offsetof(xen_argo_ring_t, tx_ptr), tx);
    return tx;
}

/*
 * Send iovs (whose bytes, concatenated, are payload[0..n)) from S:sport and
 * check the return value, the whole ring memory and tx_ptr.
 */
static void send_check(struct ring *g, uint32_t tx, xen_argo_port_t sport,
                       uint32_t type, const xen_argo_iov_t *iovs,
                       unsigned niov, const uint8_t *payload, uint32_t n)
{
    xen_argo_send_addr_t a = fx_addr(XEN_ARGO_DOMID_ANY, sport, R, g->port);
    uint32_t want_tx;

    memcpy(g->want, g->mem, sizeof(xen_argo_ring_t) + g->len);
    want_tx = put_msg(g, tx, sport, type, payload, n);
    CHECK_EQ_I64(fx_sendv(g->m, S, &a, iovs, niov, type), n);
    CHECK_EQ_MEM(g->mem, g->want, sizeof(xen_argo_ring_t) + g->len);
    CHECK_EQ_U64(g->r->tx_ptr, want_tx);
}

/* One iov over a fresh pattern buffer of n bytes. */
static void send_one(struct ring *g, uint32_t tx, uint32_t n, uint8_t seed)
{
    const uint8_t *p;
    xen_argo_iov_t iov = fx_iov(fx_pattern_buf(n, seed, &p), n);

    send_check(g, tx, 0x10 + seed, seed, &iov, 1, p, n);
}

/* The header's fields and byte layout; padding after the payload untouched. */
static void test_basic_message(void)
{
    static const uint8_t hello[5] = "hello";
    static const uint8_t hdr[16] = {
        21, 0, 0, 0,                    /* len: payload + header */
        0x01, 0xef, 0xcd, 0xab,         /* source.aport */
        S, 0,                           /* source.domain_id */
        0, 0,                           /* source.pad */
        0x78, 0x56, 0x34, 0x12,         /* message_type */
    };
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 256, 0);
    xen_argo_iov_t iov = fx_iov(fx_guest_buf(hello, 5), 5);
    uint8_t fill[16];

    memset(fill, FX_FILL, sizeof(fill));
    send_check(&g, 0, 0xabcdef01, 0x12345678, &iov, 1, hello, 5);
    CHECK_EQ_MEM(fx_data(g.mem), hdr, 16);
    CHECK_EQ_MEM(fx_data(g.mem) + 16, hello, 5);
    CHECK_EQ_MEM(fx_data(g.mem) + 21, fill, 11);
    CHECK_EQ_U64(fx_hdr_tx(g.mem), 32);
    CHECK_EQ_U64(fx_hdr_rx(g.mem), 0);
}

/* tx_ptr advances by the header plus the payload rounded up to 16. */
static void test_tx_rounding(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 512, 0);

    send_one(&g, 0, 16, 1);
    CHECK_EQ_U64(g.r->tx_ptr, 32);
    send_one(&g, 32, 17, 2);
    CHECK_EQ_U64(g.r->tx_ptr, 80);
    send_one(&g, 80, 0, 3);
    CHECK_EQ_U64(g.r->tx_ptr, 96);
    send_one(&g, 96, 1, 4);
    CHECK_EQ_U64(g.r->tx_ptr, 128);
    send_one(&g, 128, 15, 5);
    CHECK_EQ_U64(g.r->tx_ptr, 160);
}

/* A header that ends at the ring end wraps tx to 0 before the payload. */
static void test_header_at_end(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 128, 112);

    send_one(&g, 112, 20, 6);
    CHECK_EQ_U64(g.r->tx_ptr, 32);
    CHECK_EQ_U64(fx_load32(fx_data(g.mem) + 112), 36);
}

/*
 * An iov longer than the tail is split: the tail is filled, the handle
 * advanced by what was written, the rest written from offset 0. The guest
 * buffer is exactly the payload, so a wrong handle would fault.
 */
static void test_iov_split(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 128, 64);

    send_one(&g, 64, 80, 7);
    CHECK_EQ_U64(g.r->tx_ptr, 32);
}

/* Several iovs, the middle one split at the ring end. */
static void test_split_middle_iov(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 128, 64);
    const uint8_t *p;
    uint64_t h = fx_pattern_buf(77, 8, &p);
    xen_argo_iov_t v[3] = {
        fx_iov(h, 10), fx_iov(h + 10, 60), fx_iov(h + 70, 7),
    };

    send_check(&g, 64, 5, 9, v, 3, p, 77);
    CHECK_EQ_U64(g.r->tx_ptr, 32);
}

/* An iov ending exactly at the ring end is not split; the next starts at 0. */
static void test_iov_ends_at_ring_end(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 128, 64);
    const uint8_t *p;
    uint64_t h = fx_pattern_buf(64, 9, &p);
    xen_argo_iov_t v[3] = {
        fx_iov(h, 48), fx_iov(FX_BAD_HND, 0), fx_iov(h + 48, 16),
    };

    send_check(&g, 64, 5, 9, v, 3, p, 64);
    CHECK_EQ_U64(g.r->tx_ptr, 16);
}

/*
 * ringbuf_insert skips an iov with no data before it checks the handle:
 * zero-length iovs with unreadable handles do not fault.
 */
static void test_zero_length_iovs(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 256, 0);
    const uint8_t *p;
    uint64_t h = fx_pattern_buf(8, 10, &p);
    xen_argo_iov_t v[5] = {
        fx_iov(FX_BAD_HND, 0), fx_iov(h, 5), fx_iov(FX_BAD_HND, 0),
        fx_iov(0, 0), fx_iov(h + 5, 3),
    };

    send_check(&g, 0, 1, 2, v, 5, p, 8);
    CHECK_EQ_U64(g.r->tx_ptr, 32);
    /* Only empty iovs: a header-only message. */
    send_check(&g, 32, 1, 3, v, 1, p, 0);
    CHECK_EQ_U64(g.r->tx_ptr, 48);
}

/* A payload ending exactly at the ring end leaves tx at 0. */
static void test_payload_ends_at_ring_end(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 128, 64);

    send_one(&g, 64, 48, 11);
    CHECK_EQ_U64(g.r->tx_ptr, 0);
    CHECK_EQ_U64(fx_hdr_tx(g.mem), 0);
}

/* The final round-up can reach the ring end: tx -= len gives 0. */
static void test_final_roundup_wrap(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 128, 64);

    send_one(&g, 64, 40, 12);
    CHECK_EQ_U64(g.r->tx_ptr, 0);
    CHECK_EQ_U64(fx_hdr_tx(g.mem), 0);
}

struct rx_case {
    uint32_t rx;            /* what the guest wrote */
    uint32_t max_fit;       /* largest payload that fits with tx at 32 */
};

/*
 * get_sanitized_ring: rx_ptr is rounded up to a slot (32-bit, so
 * 0xfffffff1.. wraps to 0) and replaced by 0 when >= len. With tx at 32 in
 * a 256-byte ring, free space is rx - 32 (mod 256, 0 meaning 256) and a
 * payload fits when ROUNDUP(payload) + 16 < free.
 */
static void test_bogus_rx(void)
{
    static const struct rx_case cases[] = {
        { 0x1000, 192 },     { 256, 192 },        { 255, 192 },
        { 241, 192 },        { 0x7fffffff, 192 }, { 0xfffffff0, 192 },
        { 0xfffffff1, 192 }, { 0xfffffff9, 192 }, { 0xffffffff, 192 },
        { 240, 176 },        { 1, 208 },          { 100, 48 },
        { 97, 48 },          { 113, 64 },
    };
    struct argo_model *m = setup();

    for (unsigned i = 0; i < ARGO_ARRAY_SIZE(cases); i++) {
        const struct rx_case *c = &cases[i];
        struct ring g = ring_at(m, 100 + i, 256, 0);

        FX_MUST(fx_send_len(m, S, R, g.port, 16) == 16);
        fx_guest_set_rx(m, R, g.port, S, c->rx);
        CHECK_EQ_I64(fx_send_len(m, S, R, g.port, c->max_fit + 1),
                     -ARGO_EAGAIN);
        CHECK_EQ_U64(g.r->tx_ptr, 32);
        send_one(&g, 32, c->max_fit, (uint8_t)i);
        CHECK_EQ_U64(fx_hdr_rx(g.mem), c->rx);
    }
}

/*
 * An unaligned rx_ptr that rounds up to tx_ptr means an empty ring: the
 * whole ring is free and the message wraps around it.
 */
static void test_rx_rounds_to_tx(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 256, 0);

    FX_MUST(fx_send_len(m, S, R, 1, 16) == 16);
    fx_guest_set_rx(m, R, 1, S, 17);
    send_one(&g, 32, 224, 13);
    CHECK_EQ_U64(g.r->tx_ptr, 16);

    /* rx 33 and 47 round to 48: 32 bytes free from tx 16, 1 byte is -EAGAIN. */
    fx_guest_set_rx(m, R, 1, S, 33);
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 1), -ARGO_EAGAIN);
    fx_guest_set_rx(m, R, 1, S, 47);
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 1), -ARGO_EAGAIN);
    /* rx 49 rounds to 64: 48 free, 16 bytes fit and 17 do not. */
    fx_guest_set_rx(m, R, 1, S, 49);
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 17), -ARGO_EAGAIN);
    send_one(&g, 16, 16, 14);
    CHECK_EQ_U64(g.r->tx_ptr, 48);
}

/*
 * ringbuf_insert: one slot always stays free. With free == ROUNDUP + 32 the
 * message fits and leaves exactly one slot; free == ROUNDUP + 16 is -EAGAIN.
 */
static void test_exact_fit(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 256, 0);

    FX_MUST(fx_send_len(m, S, R, 1, 16) == 16);       /* tx 32, rx 0 */
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 208), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 193), -ARGO_EAGAIN);
    send_one(&g, 32, 192, 15);
    CHECK_EQ_U64(g.r->tx_ptr, 240);
    /* One slot left: not even a header fits. */
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 0), -ARGO_EAGAIN);

    /* rx ahead of tx: free = rx - tx + len = 144 from tx 240. */
    fx_guest_set_rx(m, R, 1, S, 128);
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 113), -ARGO_EAGAIN);
    send_one(&g, 240, 112, 16);
    CHECK_EQ_U64(g.r->tx_ptr, 112);
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 0), -ARGO_EAGAIN);

    /* rx > tx without wrap: free = 224 - 112 = 112. */
    fx_guest_set_rx(m, R, 1, S, 224);
    CHECK_EQ_I64(fx_send_len(m, S, R, 1, 81), -ARGO_EAGAIN);
    send_one(&g, 112, 80, 17);
    CHECK_EQ_U64(g.r->tx_ptr, 208);
}

/*
 * ringbuf_insert starts from ring_info->tx_ptr, Xen's private copy: a
 * tx_ptr the guest writes into the header is ignored, and overwritten by
 * update_tx_ptr after the message.
 */
static void test_private_tx(void)
{
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, 256, 0);

    send_one(&g, 0, 20, 18);
    fx_hdr_set_tx(g.mem, 128);
    send_one(&g, 48, 20, 19);
    CHECK_EQ_U64(g.r->tx_ptr, 96);
    CHECK_EQ_U64(fx_hdr_tx(g.mem), 96);
}

/*
 * The largest ring Xen registers (16 MiB - 64) takes its largest message,
 * len - 32 bytes, from slot 0 and wrapped from the middle; one byte more is
 * -EMSGSIZE. memcpy_to_guest_ring's 16 MiB bound is never reached: a write
 * ends at most at byte 64 + len of the ring pages.
 */
static void test_largest_ring(void)
{
    const uint32_t len = 0xffffc0, max = 0xffffa0;
    struct argo_model *m = setup();
    struct ring g = ring_at(m, 1, len, 0);
    struct ring h = ring_at(m, 2, len, 0x800000);

    CHECK_EQ_I64(fx_send_len(m, S, R, 1, max + 1), -ARGO_EMSGSIZE);
    send_one(&g, 0, max, 20);
    CHECK_EQ_U64(g.r->tx_ptr, 0xffffb0);
    fx_guest_set_rx(m, R, 1, S, 0xffffb0);
    send_one(&g, 0xffffb0, max, 21);
    CHECK_EQ_U64(g.r->tx_ptr, max);

    send_one(&h, 0x800000, max, 22);
    CHECK_EQ_U64(h.r->tx_ptr, 0x7ffff0);
}

int main(void)
{
    test_basic_message();
    test_tx_rounding();
    test_header_at_end();
    test_iov_split();
    test_split_middle_iov();
    test_iov_ends_at_ring_end();
    test_zero_length_iovs();
    test_payload_ends_at_ring_end();
    test_final_roundup_wrap();
    test_bogus_rx();
    test_rx_rounds_to_tx();
    test_exact_fit();
    test_private_tx();
    test_largest_ring();
    fx_teardown();
    return CHECK_DONE();
}
