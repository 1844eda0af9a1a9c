/* SPDX-License-Identifier: MIT */
/*
 * Description: which ioreqs ioeventfd_interrupt looks at (state READY, type
 * COPY, direction write) and which registration it picks: addr + 0x50,
 * size == addr_len, low 16 bits of data == vq; nothing else.
 */
#include "check.h"
#include "../ioeventfd_lib/ioev_fixture.h"

static const struct ioev_reg regs[] = {
    { .ctx = 0, .addr = FX_DEV, .addr_len = 4, .vq = 0 },
    { .ctx = 1, .addr = FX_DEV, .addr_len = 4, .vq = 1 },
    { .ctx = 2, .addr = FX_DEV, .addr_len = 2, .vq = 1 },
    { .ctx = 3, .addr = FX_DEV, .addr_len = 4, .vq = 1 },     /* shadowed by regs[1] */
    { .ctx = 4, .addr = FX_DEV, .addr_len = 4, .vq = 0x10000 },/* can never match */
    { .ctx = 5, .addr = UINT64_MAX - 0x2f, .addr_len = 1, .vq = 7 }, /* + 0x50 wraps to 0x20 */
};
#define NREGS ((uint32_t)(sizeof(regs) / sizeof(regs[0])))

static void claimable_rules(void)
{
    struct ioev_ioreq r = fx_notify(FX_DEV, 4, 0);

    CHECK(ioev_ioreq_claimable(&r));
    for (unsigned s = 0; s < 16; s++) {
        ioev_ioreq_set_state(&r, s);
        CHECK_EQ_U64(ioev_ioreq_claimable(&r), s == IOEV_STATE_READY);
    }
    r = fx_notify(FX_DEV, 4, 0);
    for (unsigned t = 0; t < 256; t++) {
        r.type = (uint8_t)t;
        CHECK_EQ_U64(ioev_ioreq_claimable(&r), t == IOEV_TYPE_COPY);
    }
    r = fx_notify(FX_DEV, 4, 0);
    r.bits |= IOEV_BITS_DIR;
    CHECK(!ioev_ioreq_claimable(&r));
    /* Not looked at: data_is_ptr, df, the spare bit, count, vp_eport. */
    r = fx_notify(FX_DEV, 4, 0);
    r.bits |= IOEV_BITS_DATA_IS_PTR | IOEV_BITS_DF | IOEV_BITS_PAD1;
    r.count = 0;
    r.vp_eport = 0xffffffff;
    r.pad0 = 0xffff;
    CHECK(ioev_ioreq_claimable(&r));
}

static void match_rules(void)
{
    struct ioev_ioreq r = fx_notify(FX_DEV, 4, 0);

    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), 0);
    /* Only the low 16 bits of data name the queue. */
    r.data = 0xdeadbeef00010001ull;
    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), 1);
    /* First in list order wins: regs[3] is the same key as regs[1]. */
    CHECK_EQ_I64(ioev_match(&r, regs + 2, NREGS - 2), 1);
    r.size = 2;
    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), 2);
    r.size = 8;
    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), -1);
    /* The device base itself, or any other register, is not QueueNotify. */
    r = fx_notify(FX_DEV, 4, 0);
    r.addr = FX_DEV;
    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), -1);
    r.addr = FX_DEV + IOEV_VIRTIO_MMIO_QUEUE_NOTIFY + 4;
    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), -1);
    /* vq 0x10000 is accepted at assign but no 16-bit queue number equals it. */
    r = fx_notify(FX_DEV, 4, 0x10000);
    CHECK_EQ_I64(ioev_match(&r, regs + 4, 1), -1);
    /* A base near the top of the address space matches a wrapped address. */
    r = fx_notify(0, 1, 7);
    r.addr = 0x20;
    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), 5);
    /* data_is_ptr does not stop a match: data is then a guest address. */
    r = fx_notify(FX_DEV, 4, 0x00000000fee10001ull);
    r.bits |= IOEV_BITS_DATA_IS_PTR;
    CHECK_EQ_I64(ioev_match(&r, regs, NREGS), 1);
    CHECK_EQ_I64(ioev_match(&r, regs, 0), -1);
}

int main(void)
{
    claimable_rules();
    match_rules();
    return CHECK_DONE();
}
