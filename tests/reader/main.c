/* SPDX-License-Identifier: MIT */
/*
 * Description: the guest-side ring reader (argo_reader.h) over ring memory
 * built by hand: empty rings, single messages, payloads and headers at the
 * ring end, partial copy-out, consume and rx wrap-around, every kind of
 * corruption, and a brute-force sweep of hostile indices and headers.
 *
 * Every ring is a malloc of exactly 64 + len bytes, so under ASan any read
 * or write outside the ring header and data is caught where it happens.
 */
#include <stdlib.h>

#include "check.h"
#include "test_rng.h"
#include "ring_model/argo_reader.h"

#define HDR ARGO_RING_HEADER_SIZE
#define MSG ARGO_MSG_HEADER_SIZE

/* ---- hand-built rings ------------------------------------------------ */

static uint8_t *ring_alloc(uint32_t len)
{
    uint8_t *mem = malloc((size_t)HDR + len);

    if (!mem) {
        fputs("reader: out of memory\n", stderr);
        exit(1);
    }
    /* Not zero: nothing may depend on a clean ring. */
    memset(mem, 0xa5, (size_t)HDR + len);
    return mem;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, sizeof(v));
}

static uint32_t get_u32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static void set_rx(uint8_t *mem, uint32_t rx)
{
    put_u32(mem + offsetof(xen_argo_ring_t, rx_ptr), rx);
}

static void set_tx(uint8_t *mem, uint32_t tx)
{
    put_u32(mem + offsetof(xen_argo_ring_t, tx_ptr), tx);
}

static uint32_t get_rx(const uint8_t *mem)
{
    return get_u32(mem + offsetof(xen_argo_ring_t, rx_ptr));
}

/* A message header at data offset off (slot-aligned, so it never wraps). */
static void put_msg_header(uint8_t *mem, uint32_t off, uint32_t mlen,
                           uint16_t dom, uint32_t port, uint32_t type)
{
    uint8_t *h = mem + HDR + off;

    put_u32(h + offsetof(xen_argo_ring_message_header_t, len), mlen);
    put_u32(h + offsetof(xen_argo_ring_message_header_t, source.aport), port);
    memcpy(h + offsetof(xen_argo_ring_message_header_t, source.domain_id),
           &dom, sizeof(dom));
    memset(h + offsetof(xen_argo_ring_message_header_t, source.pad), 0, 2);
    put_u32(h + offsetof(xen_argo_ring_message_header_t, message_type), type);
}

/* n bytes at data offset off, continuing at 0 past the ring end. */
static void put_data(uint8_t *mem, uint32_t len, uint32_t off,
                     const uint8_t *src, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        mem[HDR + (off + i) % len] = src[i];
}

static void pattern(uint8_t *buf, uint32_t n, uint8_t seed)
{
    for (uint32_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(seed + i * 7u);
}

/* ---- fixed cases ----------------------------------------------------- */

static void test_empty(void)
{
    uint32_t len = 64;
    uint8_t *mem = ring_alloc(len);
    struct argo_ring_msg msg;
    uint8_t buf[8];

    set_rx(mem, 0);
    set_tx(mem, 0);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_ENOMSG);
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, buf, sizeof(buf),
                                    true), -ARGO_ENOMSG);
    CHECK_EQ_U64(get_rx(mem), 0);

    /* Empty anywhere, including the last slot. */
    set_rx(mem, 48);
    set_tx(mem, 48);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_ENOMSG);
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 0, true),
                 -ARGO_ENOMSG);
    CHECK_EQ_U64(get_rx(mem), 48);
    free(mem);
}

static void test_one_message(void)
{
    uint32_t len = 256;
    uint8_t *mem = ring_alloc(len);
    struct argo_ring_msg msg;
    xen_argo_addr_t from;
    uint32_t type = 0;
    uint8_t buf[64];

    put_msg_header(mem, 0, MSG + 5, 7, 0x12345678u, 0xdeadbeefu);
    put_data(mem, len, MSG, (const uint8_t *)"hello", 5);
    set_rx(mem, 0);
    set_tx(mem, 32);

    if (CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0)) {
        CHECK_EQ_U64(msg.rx, 0);
        CHECK_EQ_U64(msg.next_rx, 32);
        CHECK_EQ_U64(msg.data_off, 16);
        CHECK_EQ_U64(msg.payload_len, 5);
        CHECK_EQ_U64(msg.src_dom, 7);
        CHECK_EQ_U64(msg.src_port, 0x12345678u);
        CHECK_EQ_U64(msg.message_type, 0xdeadbeefu);
    }
    /* Peeking does not consume. */
    CHECK_EQ_U64(get_rx(mem), 0);

    memset(&from, 0xff, sizeof(from));
    memset(buf, 0, sizeof(buf));
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, &from, &type, buf, sizeof(buf),
                                    false), 5);
    CHECK_EQ_MEM(buf, "hello", 5);
    CHECK_EQ_U64(buf[5], 0);
    CHECK_EQ_U64(from.domain_id, 7);
    CHECK_EQ_U64(from.aport, 0x12345678u);
    CHECK_EQ_U64(from.pad, 0);
    CHECK_EQ_U64(type, 0xdeadbeefu);
    CHECK_EQ_U64(get_rx(mem), 0);

    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, buf, sizeof(buf),
                                    true), 5);
    /* 16 + 5 bytes round up to two slots. */
    CHECK_EQ_U64(get_rx(mem), 32);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_ENOMSG);
    free(mem);
}

/* Header in the middle, payload running off the end and on from offset 0. */
static void test_payload_wraps(void)
{
    uint32_t len = 128;
    uint8_t *mem = ring_alloc(len);
    struct argo_ring_msg msg;
    uint8_t payload[40], *buf, part[20];

    pattern(payload, sizeof(payload), 3);
    put_msg_header(mem, 96, MSG + 40, 1, 2, 3);
    put_data(mem, len, 112, payload, 40);   /* 16 at the end, 24 from 0 */
    set_rx(mem, 96);
    set_tx(mem, 32);                        /* 96 + 64 wraps to 32 */

    if (CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0)) {
        CHECK_EQ_U64(msg.rx, 96);
        CHECK_EQ_U64(msg.data_off, 112);
        CHECK_EQ_U64(msg.payload_len, 40);
        CHECK_EQ_U64(msg.next_rx, 32);

        /* A window straddling the ring end. */
        argo_ring_copy_payload(mem, len, &msg, 10, part, 20);
        CHECK_EQ_MEM(part, payload + 10, 20);
        /* A window entirely after the wrap. */
        argo_ring_copy_payload(mem, len, &msg, 16, part, 20);
        CHECK_EQ_MEM(part, payload + 16, 20);
    }

    buf = malloc(sizeof(payload));
    if (buf) {
        CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, buf,
                                        sizeof(payload), true), 40);
        CHECK_EQ_MEM(buf, payload, sizeof(payload));
        free(buf);
    }
    CHECK_EQ_U64(get_rx(mem), 32);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_ENOMSG);
    free(mem);
}

/* Header in the last slot: the payload starts at data offset 0. */
static void test_header_last_slot(void)
{
    uint32_t len = 128;
    uint8_t *mem = ring_alloc(len);
    struct argo_ring_msg msg;
    uint8_t payload[20], buf[20];
    xen_argo_addr_t from;

    pattern(payload, sizeof(payload), 9);
    put_msg_header(mem, 112, MSG + 20, 4, 5, 6);
    put_data(mem, len, 0, payload, 20);
    set_rx(mem, 112);
    set_tx(mem, 32);                        /* 112 + 48 wraps to 32 */

    if (CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0)) {
        CHECK_EQ_U64(msg.data_off, 0);
        CHECK_EQ_U64(msg.payload_len, 20);
        CHECK_EQ_U64(msg.next_rx, 32);
    }
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, &from, NULL, buf, sizeof(buf),
                                    true), 20);
    CHECK_EQ_MEM(buf, payload, sizeof(payload));
    CHECK_EQ_U64(from.domain_id, 4);
    CHECK_EQ_U64(from.aport, 5);
    CHECK_EQ_U64(get_rx(mem), 32);
    free(mem);
}

/* A header-only message (empty payload) in the last slot, then wrap. */
static void test_empty_payload_last_slot(void)
{
    uint32_t len = 64;
    uint8_t *mem = ring_alloc(len);
    struct argo_ring_msg msg;

    put_msg_header(mem, 48, MSG, 1, 1, 0);
    set_rx(mem, 48);
    set_tx(mem, 0);
    if (CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0)) {
        CHECK_EQ_U64(msg.payload_len, 0);
        CHECK_EQ_U64(msg.next_rx, 0);
    }
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 0, true), 0);
    CHECK_EQ_U64(get_rx(mem), 0);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_ENOMSG);
    free(mem);
}

static void test_copy_out_short_buffer(void)
{
    uint32_t len = 256;
    uint8_t *mem = ring_alloc(len);
    uint8_t payload[100], *small;
    uint32_t type = 0;

    pattern(payload, sizeof(payload), 1);
    put_msg_header(mem, 32, MSG + 100, 2, 3, 44);
    put_data(mem, len, 48, payload, 100);
    set_rx(mem, 32);
    set_tx(mem, 160);                       /* 32 + roundup(116) = 160 */

    /* Exactly 10 bytes: ASan catches a copy of more. */
    small = malloc(10);
    if (small) {
        CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, &type, small, 10,
                                        false), 100);
        CHECK_EQ_MEM(small, payload, 10);
        CHECK_EQ_U64(type, 44);
        CHECK_EQ_U64(get_rx(mem), 32);
        free(small);
    }

    /* buflen 0 with a buffer: nothing copied, full length reported. */
    {
        uint8_t guard = 0x5a;

        CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, &guard, 0,
                                        false), 100);
        CHECK_EQ_U64(guard, 0x5a);
    }

    /* NULL buffer: peek the length; the ring is unchanged. */
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 0, false),
                 100);
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 4096, false),
                 100);
    CHECK_EQ_U64(get_rx(mem), 32);

    /* Short buffer with consume: the rest of the message is discarded. */
    small = malloc(3);
    if (small) {
        CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, small, 3, true),
                     100);
        CHECK_EQ_MEM(small, payload, 3);
        free(small);
    }
    CHECK_EQ_U64(get_rx(mem), 160);
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 0, true),
                 -ARGO_ENOMSG);
    free(mem);
}

/* Several messages: rx advances by each rounded length and wraps to 0. */
static void test_consume_sequence(void)
{
    uint32_t len = 128;
    uint8_t *mem = ring_alloc(len);
    struct argo_ring_msg msg;
    /* payload lengths: spans 32, 16, 48, 32 from rx 0 -> 32, 48, 96, 0 */
    static const uint32_t plen[] = { 1, 0, 17, 16 };
    static const uint32_t next[] = { 32, 48, 96, 0 };
    uint32_t off = 0;

    for (unsigned i = 0; i < ARGO_ARRAY_SIZE(plen); i++) {
        uint8_t data[32];

        pattern(data, plen[i], (uint8_t)i);
        put_msg_header(mem, off, MSG + plen[i], (uint16_t)i, i, i);
        put_data(mem, len, off + MSG, data, plen[i]);
        off = (off + argo_roundup_slot(MSG + plen[i])) % len;
    }
    CHECK_EQ_U64(off, 0);
    /* The last message ends exactly at the ring end: tx is back at 0. */
    set_rx(mem, 0);
    set_tx(mem, 96);                        /* first three only */
    for (unsigned i = 0; i < 3; i++) {
        if (!CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0))
            break;
        CHECK_EQ_U64(msg.payload_len, plen[i]);
        CHECK_EQ_U64(msg.src_dom, i);
        CHECK_EQ_U64(msg.next_rx, next[i]);
        argo_ring_consume(mem, &msg);
        CHECK_EQ_U64(get_rx(mem), next[i]);
    }
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_ENOMSG);

    set_tx(mem, 0);                         /* publish the fourth */
    if (CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0)) {
        CHECK_EQ_U64(msg.payload_len, 16);
        CHECK_EQ_U64(msg.next_rx, 0);
    }
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 0, true), 16);
    CHECK_EQ_U64(get_rx(mem), 0);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_ENOMSG);
    free(mem);
}

/* A message whose span is exactly the distance rx -> tx is fine; one more
 * byte of claimed length is not. */
static void test_exact_distance(void)
{
    uint32_t len = 64;
    uint8_t *mem = ring_alloc(len);
    struct argo_ring_msg msg;

    /* rx 16, tx 0: 48 bytes to the end; a 48-byte span ends exactly there. */
    put_msg_header(mem, 16, 48, 1, 1, 1);
    set_rx(mem, 16);
    set_tx(mem, 0);
    if (CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0)) {
        CHECK_EQ_U64(msg.payload_len, 32);
        CHECK_EQ_U64(msg.next_rx, 0);
    }
    put_msg_header(mem, 16, 49, 1, 1, 1);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_EBADMSG);
    /* The whole ring but one slot: rx 16, tx 0 is 48 bytes; rx 0, tx 48 too. */
    put_msg_header(mem, 0, 48, 1, 1, 1);
    set_rx(mem, 0);
    set_tx(mem, 48);
    CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), 0);
    free(mem);
}

/*
 * A corrupt ring: peek and copy_out say -EBADMSG, nothing is copied or
 * consumed, and no byte of the ring changes.
 */
static void expect_badmsg(const char *what, uint8_t *mem, uint32_t len)
{
    struct argo_ring_msg msg;
    uint8_t *before = malloc((size_t)HDR + len);
    uint8_t buf[32];
    xen_argo_addr_t from;
    uint32_t type = 0x77777777u;

    if (!before)
        exit(1);
    memcpy(before, mem, (size_t)HDR + len);
    memset(buf, 0x3c, sizeof(buf));
    memset(&from, 0x3c, sizeof(from));

    if (!CHECK_EQ_I64(argo_ring_peek(mem, len, &msg), -ARGO_EBADMSG))
        fprintf(stderr, "    case: %s\n", what);
    if (!CHECK_EQ_I64(argo_ring_copy_out(mem, len, &from, &type, buf,
                                         sizeof(buf), true), -ARGO_EBADMSG))
        fprintf(stderr, "    case: %s\n", what);
    CHECK_EQ_MEM(mem, before, (size_t)HDR + len);
    CHECK_EQ_U64(buf[0], 0x3c);
    CHECK_EQ_U64(buf[sizeof(buf) - 1], 0x3c);
    CHECK_EQ_U64(from.domain_id, 0x3c3c);
    CHECK_EQ_U64(type, 0x77777777u);
    free(before);
}

static void test_corruption(void)
{
    uint32_t len = 128;
    uint8_t *mem = ring_alloc(len);

    /* A valid message at 0, payload 5, as the base of every case. */
#define RESET()                                                         \
    do {                                                                \
        memset(mem, 0xa5, (size_t)HDR + len);                           \
        put_msg_header(mem, 0, MSG + 5, 1, 2, 3);                       \
        set_rx(mem, 0);                                                 \
        set_tx(mem, 32);                                                \
    } while (0)

    RESET();
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 0, false), 5);

    RESET();
    set_rx(mem, 8);
    expect_badmsg("rx unaligned", mem, len);
    RESET();
    set_rx(mem, 1);
    expect_badmsg("rx unaligned by one", mem, len);
    RESET();
    set_tx(mem, 40);
    expect_badmsg("tx unaligned", mem, len);
    RESET();
    set_tx(mem, 33);
    expect_badmsg("tx unaligned by one", mem, len);
    RESET();
    set_rx(mem, len);
    expect_badmsg("rx == len", mem, len);
    RESET();
    set_rx(mem, len + 16);
    expect_badmsg("rx beyond len", mem, len);
    RESET();
    set_rx(mem, 0xffffffffu);
    expect_badmsg("rx 0xffffffff", mem, len);
    RESET();
    set_rx(mem, 0xfffffff0u);
    expect_badmsg("rx 0xfffffff0 (aligned, far out)", mem, len);
    RESET();
    set_tx(mem, len);
    expect_badmsg("tx == len", mem, len);
    RESET();
    set_tx(mem, 0xfffffff0u);
    expect_badmsg("tx 0xfffffff0", mem, len);
    RESET();
    put_msg_header(mem, 0, 0, 1, 2, 3);
    expect_badmsg("header len 0", mem, len);
    RESET();
    put_msg_header(mem, 0, 15, 1, 2, 3);
    expect_badmsg("header len 15", mem, len);
    RESET();
    put_msg_header(mem, 0, 33, 1, 2, 3);
    expect_badmsg("header len 33 with 32 bytes to tx", mem, len);
    RESET();
    set_tx(mem, 16);
    expect_badmsg("header len 21 with 16 bytes to tx", mem, len);
    RESET();
    put_msg_header(mem, 0, 200, 1, 2, 3);
    set_tx(mem, 112);
    expect_badmsg("header len beyond the ring", mem, len);
    RESET();
    put_msg_header(mem, 0, 0xffffffffu, 1, 2, 3);
    expect_badmsg("header len 0xffffffff", mem, len);
    RESET();
    /* 0xfffffff1 + 15 is 2^32: a 32-bit round-up would make it 0. */
    put_msg_header(mem, 0, 0xfffffff1u, 1, 2, 3);
    expect_badmsg("header len 0xfffffff1", mem, len);
    RESET();
    put_msg_header(mem, 0, 0xfffffff0u, 1, 2, 3);
    expect_badmsg("header len 0xfffffff0", mem, len);
    RESET();
    /* Distance computed across the wrap: rx 96, tx 16 is 48 bytes. */
    set_rx(mem, 96);
    set_tx(mem, 16);
    put_msg_header(mem, 96, 49, 1, 2, 3);
    expect_badmsg("header len past tx across the wrap", mem, len);
    put_msg_header(mem, 96, 48, 1, 2, 3);
    CHECK_EQ_I64(argo_ring_copy_out(mem, len, NULL, NULL, NULL, 0, false),
                 32);
#undef RESET
    free(mem);
}

/* ---- brute force ----------------------------------------------------- */

/* An index: mostly valid, sometimes unaligned, out of range, or anything. */
static uint32_t pick_index(uint32_t len)
{
    switch (test_rng_below(10)) {
    case 0:
        return (uint32_t)test_rng();
    case 1:
        return test_rng_below(len + 64);             /* often unaligned */
    case 2:
        return len + 16 * test_rng_below(4);         /* aligned, out of range */
    case 3:
        return 0xfffffff0u + test_rng_below(16);
    default:
        return 16 * test_rng_below(len / 16);
    }
}

/* The distance from rx forward to tx (0 < d <= len), both valid, rx != tx. */
static uint32_t distance(uint32_t rx, uint32_t tx, uint32_t len)
{
    return tx > rx ? tx - rx : len - (rx - tx);
}

static uint32_t pick_header_len(uint32_t rx, uint32_t tx, uint32_t len)
{
    bool ok = rx < len && tx < len && !(rx % 16) && !(tx % 16) && rx != tx;
    uint32_t d = ok ? distance(rx, tx, len) : 64;

    switch (test_rng_below(12)) {
    case 0:
        return (uint32_t)test_rng();
    case 1:
        return test_rng_below(16);
    case 2:
        return d;
    case 3:
        return d - 15;                          /* rounds up to d */
    case 4:
        return d + 1;
    case 5:
        return 0xffffffffu - test_rng_below(32);
    case 6:
        return 0x80000000u + test_rng_below(64);
    default:
        return 16 + test_rng_below(d > 16 ? d - 15 : 1);
    }
}

static const uint32_t sweep_lens[] = {
    48, 64, 80, 96, 128, 160, 256, 512, 1024, 4096 - 64, 4096,
};

struct sweep_stats {
    uint64_t ok, enomsg, ebadmsg, wrapped_payload, next_rx_zero, bad;
};

/* The reader's contract, stated independently of its code. */
static int expected_rc(const uint8_t *mem, uint32_t len, bool *either)
{
    uint32_t rx = get_rx(mem), tx = get_u32(mem + 4);
    bool rx_ok = rx < len && !(rx % 16), tx_ok = tx < len && !(tx % 16);
    uint32_t hlen;
    uint64_t span;

    *either = false;
    if (rx == tx) {
        /* Equal but invalid indices: the contract allows either answer. */
        *either = !rx_ok;
        return rx_ok ? -ARGO_ENOMSG : -ARGO_EBADMSG;
    }
    if (!rx_ok || !tx_ok)
        return -ARGO_EBADMSG;
    hlen = get_u32(mem + HDR + rx);
    span = ((uint64_t)hlen + 15) / 16 * 16;
    if (hlen < MSG || span > distance(rx, tx, len))
        return -ARGO_EBADMSG;
    return 0;
}

static bool sweep_one(uint8_t *mem, uint32_t len, uint8_t *snapshot,
                      uint8_t *buf, struct sweep_stats *st, uint64_t iter)
{
    struct argo_ring_msg msg;
    uint32_t rx, tx;
    bool either;
    int want, rc;
    long n;

    /* Fresh garbage in part of the ring, then indices and a header. */
    switch (test_rng_below(4)) {
    case 0:
        for (uint32_t i = 0; i < HDR + len; i += 8) {
            uint64_t r = test_rng();
            uint32_t k = HDR + len - i < 8 ? HDR + len - i : 8;

            memcpy(mem + i, &r, k);
        }
        break;
    default:
        break;
    }
    rx = pick_index(len);
    tx = pick_index(len);
    if (test_rng_below(8) == 0)
        tx = rx;
    set_rx(mem, rx);
    set_tx(mem, tx);
    if (rx < len && !(rx % 16) && test_rng_below(4))
        put_u32(mem + HDR + rx, pick_header_len(rx, tx, len));

    memcpy(snapshot, mem, HDR + len);
    want = expected_rc(mem, len, &either);
    rc = argo_ring_peek(mem, len, &msg);

    if (rc != 0 && rc != -ARGO_ENOMSG && rc != -ARGO_EBADMSG) {
        fprintf(stderr, "iter %" PRIu64 ": rc %d not 0/-ENOMSG/-EBADMSG\n",
                iter, rc);
        return false;
    }
    if (rc != want &&
        !(either && (rc == -ARGO_ENOMSG || rc == -ARGO_EBADMSG))) {
        fprintf(stderr, "iter %" PRIu64 ": len %u rx %u tx %u hlen %u: "
                "rc %d, expected %d\n", iter, len, rx, tx,
                rx < len && !(rx % 16) ? get_u32(mem + HDR + rx) : 0, rc,
                want);
        return false;
    }
    if (memcmp(snapshot, mem, HDR + len)) {
        fprintf(stderr, "iter %" PRIu64 ": peek wrote to the ring\n", iter);
        return false;
    }

    if (rc == 0) {
        uint32_t d = distance(rx, tx, len);

        if (msg.next_rx % 16 || msg.next_rx >= len || msg.rx != rx ||
            (uint64_t)msg.payload_len + MSG > d ||
            argo_roundup_slot(msg.payload_len + MSG) > d ||
            msg.next_rx != (rx + argo_roundup_slot(msg.payload_len + MSG)) %
                               len ||
            msg.data_off != (rx + MSG) % len) {
            fprintf(stderr, "iter %" PRIu64 ": len %u rx %u tx %u: next_rx %u "
                    "payload %u data_off %u inconsistent\n", iter, len, rx,
                    tx, msg.next_rx, msg.payload_len, msg.data_off);
            return false;
        }
        st->ok++;
        if (msg.data_off + msg.payload_len > len)
            st->wrapped_payload++;
        if (msg.next_rx == 0)
            st->next_rx_zero++;

        /* copy_out agrees, copies the same bytes, consumes to next_rx. */
        n = argo_ring_copy_out(mem, len, NULL, NULL, buf, msg.payload_len,
                               true);
        if (n != (long)msg.payload_len || get_rx(mem) != msg.next_rx) {
            fprintf(stderr, "iter %" PRIu64 ": copy_out %ld, rx %u; peek "
                    "said %u, %u\n", iter, n, get_rx(mem), msg.payload_len,
                    msg.next_rx);
            return false;
        }
        for (uint32_t i = 0; i < msg.payload_len; i++) {
            if (buf[i] != snapshot[HDR + (msg.data_off + i) % len]) {
                fprintf(stderr, "iter %" PRIu64 ": payload byte %u wrong\n",
                        iter, i);
                return false;
            }
        }
        if (memcmp(snapshot + 4, mem + 4, HDR + len - 4)) {
            fprintf(stderr, "iter %" PRIu64 ": consume wrote beyond rx_ptr\n",
                    iter);
            return false;
        }
    } else {
        if (rc == -ARGO_ENOMSG)
            st->enomsg++;
        else
            st->ebadmsg++;
        n = argo_ring_copy_out(mem, len, NULL, NULL, buf, len, true);
        if (n != rc || memcmp(snapshot, mem, HDR + len)) {
            fprintf(stderr, "iter %" PRIu64 ": copy_out %ld after peek %d, "
                    "or the ring changed\n", iter, n, rc);
            return false;
        }
    }
    return true;
}

static void test_brute_force(void)
{
    enum { NLENS = ARGO_ARRAY_SIZE(sweep_lens), ITERATIONS = 240000 };
    uint8_t *rings[NLENS], *snapshot, *buf;
    struct sweep_stats st = { 0 };

    for (unsigned i = 0; i < NLENS; i++)
        rings[i] = ring_alloc(sweep_lens[i]);
    snapshot = malloc(HDR + 4096);
    buf = malloc(4096);
    if (!snapshot || !buf)
        exit(1);

    for (uint64_t iter = 0; iter < ITERATIONS; iter++) {
        unsigned k = test_rng_below(NLENS);

        if (!sweep_one(rings[k], sweep_lens[k], snapshot, buf, &st, iter) &&
            ++st.bad >= 10)
            break;
    }

    printf("brute force: %u iterations: %" PRIu64 " messages (%" PRIu64
           " wrapped payloads, %" PRIu64 " rx wraps to 0), %" PRIu64
           " -ENOMSG, %" PRIu64 " -EBADMSG\n", (unsigned)ITERATIONS, st.ok,
           st.wrapped_payload, st.next_rx_zero, st.enomsg, st.ebadmsg);
    CHECK_EQ_U64(st.bad, 0);
    /* The sweep reached every outcome, often. */
    CHECK(st.ok > 10000);
    CHECK(st.enomsg > 1000);
    CHECK(st.ebadmsg > 10000);
    CHECK(st.wrapped_payload > 100);
    CHECK(st.next_rx_zero > 100);

    for (unsigned i = 0; i < NLENS; i++)
        free(rings[i]);
    free(snapshot);
    free(buf);
}

int main(void)
{
    test_rng_seed(0x9e3779b97f4a7c15ull);
    test_empty();
    test_one_message();
    test_payload_wraps();
    test_header_last_slot();
    test_empty_payload_last_slot();
    test_copy_out_short_buffer();
    test_consume_sequence();
    test_exact_distance();
    test_corruption();
    test_brute_force();
    return CHECK_DONE();
}
