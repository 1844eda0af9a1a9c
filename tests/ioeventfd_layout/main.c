/* SPDX-License-Identifier: MIT */
/*
 * Description: the ioreq slot is Xen's 32-byte struct ioreq, field for field,
 * and the flag byte's accessors put state, data_is_ptr, dir and df where a
 * little-endian compiler puts Xen's bit-fields.
 */
#include "check.h"

#include "ioeventfd_model/ioev_abi.h"

/* Xen's declaration, compiled here to compare against. */
struct xen_ioreq {
    uint64_t addr;
    uint64_t data;
    uint32_t count;
    uint32_t size;
    uint32_t vp_eport;
    uint16_t _pad0;
    uint8_t state:4;
    uint8_t data_is_ptr:1;
    uint8_t dir:1;
    uint8_t df:1;
    uint8_t _pad1:1;
    uint8_t type;
};

int main(void)
{
    struct xen_ioreq x;
    struct ioev_ioreq r;

    CHECK_EQ_U64(sizeof(struct ioev_ioreq), sizeof(struct xen_ioreq));
    CHECK_EQ_U64(offsetof(struct ioev_ioreq, addr), offsetof(struct xen_ioreq, addr));
    CHECK_EQ_U64(offsetof(struct ioev_ioreq, data), offsetof(struct xen_ioreq, data));
    CHECK_EQ_U64(offsetof(struct ioev_ioreq, count), offsetof(struct xen_ioreq, count));
    CHECK_EQ_U64(offsetof(struct ioev_ioreq, size), offsetof(struct xen_ioreq, size));
    CHECK_EQ_U64(offsetof(struct ioev_ioreq, vp_eport), offsetof(struct xen_ioreq, vp_eport));
    CHECK_EQ_U64(offsetof(struct ioev_ioreq, type), offsetof(struct xen_ioreq, type));
    CHECK_EQ_U64(IOEV_PAGE_SLOTS, 128);

    /* Each bit-field, set alone, lands on the bit its accessor reads. */
    memset(&x, 0, sizeof(x));
    x.state = IOEV_STATE_RESP_READY;
    memcpy(&r, &x, sizeof(r));
    CHECK_EQ_U64(ioev_ioreq_state(&r), IOEV_STATE_RESP_READY);
    CHECK_EQ_U64(r.bits, IOEV_STATE_RESP_READY);

    memset(&x, 0, sizeof(x));
    x.data_is_ptr = 1;
    memcpy(&r, &x, sizeof(r));
    CHECK(ioev_ioreq_data_is_ptr(&r));
    CHECK_EQ_U64(r.bits, IOEV_BITS_DATA_IS_PTR);

    memset(&x, 0, sizeof(x));
    x.dir = 1;
    memcpy(&r, &x, sizeof(r));
    CHECK_EQ_U64(ioev_ioreq_dir(&r), IOEV_DIR_READ);
    CHECK_EQ_U64(r.bits, IOEV_BITS_DIR);

    memset(&x, 0, sizeof(x));
    x.df = 1;
    memcpy(&r, &x, sizeof(r));
    CHECK_EQ_U64(r.bits, IOEV_BITS_DF);

    /* Setting the state keeps the other bits. */
    r.bits = 0xf0;
    ioev_ioreq_set_state(&r, IOEV_STATE_READY);
    CHECK_EQ_U64(r.bits, 0xf1);
    return CHECK_DONE();
}
