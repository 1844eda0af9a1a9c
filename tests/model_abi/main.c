/* SPDX-License-Identifier: MIT */
/*
 * Description: the Argo ABI as argo_abi.h declares it, re-checked at run
 * time against Xen 4.17's public/argo.h and public/errno.h: struct sizes
 * and offsets, constants, flag bits, error numbers, and the ring arithmetic
 * helpers (NPAGES_RING, ROUNDUP_MESSAGE, max message size).
 */
#include "check.h"
#include "ring_model/argo_model.h"

#define SIZE(type, n)           CHECK_EQ_U64(sizeof(type), n)
#define OFF(type, field, n)     CHECK_EQ_U64(offsetof(type, field), n)

static void test_struct_layout(void)
{
    SIZE(xen_argo_iov_t, 16);
    OFF(xen_argo_iov_t, iov_hnd, 0);
    OFF(xen_argo_iov_t, iov_len, 8);
    OFF(xen_argo_iov_t, pad, 12);

    SIZE(xen_argo_iov_ilp32_t, 12);
    OFF(xen_argo_iov_ilp32_t, iov_hnd, 0);
    OFF(xen_argo_iov_ilp32_t, iov_len, 4);
    OFF(xen_argo_iov_ilp32_t, pad, 8);

    SIZE(xen_argo_addr_t, 8);
    OFF(xen_argo_addr_t, aport, 0);
    OFF(xen_argo_addr_t, domain_id, 4);
    OFF(xen_argo_addr_t, pad, 6);

    SIZE(xen_argo_send_addr_t, 16);
    OFF(xen_argo_send_addr_t, src, 0);
    OFF(xen_argo_send_addr_t, dst, 8);

    SIZE(xen_argo_ring_t, 64);
    OFF(xen_argo_ring_t, rx_ptr, 0);
    OFF(xen_argo_ring_t, tx_ptr, 4);
    OFF(xen_argo_ring_t, reserved, 8);

    SIZE(xen_argo_register_ring_t, 12);
    OFF(xen_argo_register_ring_t, aport, 0);
    OFF(xen_argo_register_ring_t, partner_id, 4);
    OFF(xen_argo_register_ring_t, pad, 6);
    OFF(xen_argo_register_ring_t, len, 8);

    SIZE(xen_argo_unregister_ring_t, 8);
    OFF(xen_argo_unregister_ring_t, aport, 0);
    OFF(xen_argo_unregister_ring_t, partner_id, 4);
    OFF(xen_argo_unregister_ring_t, pad, 6);

    SIZE(xen_argo_ring_data_ent_t, 20);
    OFF(xen_argo_ring_data_ent_t, ring, 0);
    OFF(xen_argo_ring_data_ent_t, flags, 8);
    OFF(xen_argo_ring_data_ent_t, pad, 10);
    OFF(xen_argo_ring_data_ent_t, space_required, 12);
    OFF(xen_argo_ring_data_ent_t, max_message_size, 16);

    SIZE(xen_argo_ring_data_t, 8);
    OFF(xen_argo_ring_data_t, nent, 0);
    OFF(xen_argo_ring_data_t, pad, 4);

    SIZE(xen_argo_ring_message_header_t, 16);
    OFF(xen_argo_ring_message_header_t, len, 0);
    OFF(xen_argo_ring_message_header_t, source, 4);
    OFF(xen_argo_ring_message_header_t, message_type, 12);

    SIZE(argo_domid_t, 2);
    SIZE(xen_argo_port_t, 4);
    SIZE(xen_argo_gfn_t, 8);
    CHECK_EQ_U64(ARGO_RING_HEADER_SIZE, 64);
    CHECK_EQ_U64(ARGO_MSG_HEADER_SIZE, 16);
}

static void test_constants(void)
{
    CHECK_EQ_U64(XEN_ARGO_DOMID_ANY, 0x7ff4);
    CHECK_EQ_U64(ARGO_DOMID_FIRST_RESERVED, 0x7ff0);
    CHECK_EQ_U64(ARGO_PAGE_SIZE, 4096);
    CHECK_EQ_U64(XEN_ARGO_MAX_RING_SIZE, 0x1000000);
    CHECK_EQ_U64(XEN_ARGO_MAXIOV, 8);
    CHECK_EQ_U64(XEN_ARGO_MSG_SLOT_SIZE, 16);
    CHECK_EQ_U64(ARGO_MAX_RINGS_PER_DOMAIN, 128);
    CHECK_EQ_U64(ARGO_MAX_PENDING_PER_RING, 32);
    CHECK_EQ_U64(ARGO_MAX_NOTIFY_COUNT, 256);
    /* MAX_ARGO_MESSAGE_SIZE: max ring - header - ROUNDUP_MESSAGE(1). */
    CHECK_EQ_U64(ARGO_MAX_MESSAGE_SIZE, 0xffffe0);
    CHECK_EQ_U64(ARGO_MIN_RING_LEN, 48);

    CHECK_EQ_U64(XEN_ARGO_REGISTER_FLAG_FAIL_EXIST, 1);
    CHECK_EQ_U64(XEN_ARGO_REGISTER_FLAG_MASK, 1);
    CHECK_EQ_U64(XEN_ARGO_RING_EXISTS, 1u << 0);
    CHECK_EQ_U64(XEN_ARGO_RING_SHARED, 1u << 1);
    CHECK_EQ_U64(XEN_ARGO_RING_EMPTY, 1u << 2);
    CHECK_EQ_U64(XEN_ARGO_RING_SUFFICIENT, 1u << 3);
    CHECK_EQ_U64(XEN_ARGO_RING_EMSGSIZE, 1u << 4);
    CHECK_EQ_U64(XEN_ARGO_RING_EBUSY, 1u << 5);
    CHECK_EQ_U64(XEN_ARGO_RING_FLAG_COUNT, 6);

    CHECK_EQ_U64(XEN_ARGO_OP_register_ring, 1);
    CHECK_EQ_U64(XEN_ARGO_OP_unregister_ring, 2);
    CHECK_EQ_U64(XEN_ARGO_OP_sendv, 3);
    CHECK_EQ_U64(XEN_ARGO_OP_notify, 4);
}

/* public/errno.h numbering (the same as Linux on x86 and Arm). */
static void test_errno(void)
{
    CHECK_EQ_I64(ARGO_EPERM, 1);
    CHECK_EQ_I64(ARGO_ENOENT, 2);
    CHECK_EQ_I64(ARGO_ESRCH, 3);
    CHECK_EQ_I64(ARGO_EAGAIN, 11);
    CHECK_EQ_I64(ARGO_ENOMEM, 12);
    CHECK_EQ_I64(ARGO_EACCES, 13);
    CHECK_EQ_I64(ARGO_EFAULT, 14);
    CHECK_EQ_I64(ARGO_EBUSY, 16);
    CHECK_EQ_I64(ARGO_EEXIST, 17);
    CHECK_EQ_I64(ARGO_ENODEV, 19);
    CHECK_EQ_I64(ARGO_EINVAL, 22);
    CHECK_EQ_I64(ARGO_ENOSPC, 28);
    CHECK_EQ_I64(ARGO_EBADMSG, 74);
    CHECK_EQ_I64(ARGO_EMSGSIZE, 90);
    CHECK_EQ_I64(ARGO_EOPNOTSUPP, 95);
    CHECK_EQ_I64(ARGO_ECONNREFUSED, 111);
    CHECK_EQ_STR(argo_errno_name(ARGO_EAGAIN), "EAGAIN");
    CHECK_EQ_STR(argo_errno_name(ARGO_ECONNREFUSED), "ECONNREFUSED");
}

struct npages_case {
    uint32_t len;
    uint32_t pages;
};

/* NPAGES_RING: ROUNDUP(ROUNDUP_MESSAGE(len) + 64, PAGE_SIZE) >> PAGE_SHIFT. */
static void test_ring_npages(void)
{
    static const struct npages_case cases[] = {
        { 0, 1 },            { 48, 1 },           { 4031, 1 },
        { 4032, 1 },         { 4033, 2 },         { 4048, 2 },
        { 8128, 2 },         { 8129, 3 },         { 8144, 3 },
        { 0xffffc0, 4096 },  { 0xffffc1, 4097 },  { 0xffffd0, 4097 },
        { 0x1000000, 4097 }, { 0x1000010, 4097 }, { 0x1000fc1, 4098 },
    };

    for (unsigned i = 0; i < ARGO_ARRAY_SIZE(cases); i++) {
        uint32_t got = argo_ring_npages(cases[i].len);

        if (!CHECK_EQ_U64(got, cases[i].pages))
            fprintf(stderr, "    for len %u\n", (unsigned)cases[i].len);
    }
}

/* ROUNDUP_MESSAGE on a uint32_t: 0xfffffff1..0xffffffff wrap to 0. */
static void test_roundup_slot(void)
{
    CHECK_EQ_U64(argo_roundup_slot(0), 0);
    CHECK_EQ_U64(argo_roundup_slot(1), 16);
    CHECK_EQ_U64(argo_roundup_slot(15), 16);
    CHECK_EQ_U64(argo_roundup_slot(16), 16);
    CHECK_EQ_U64(argo_roundup_slot(17), 32);
    CHECK_EQ_U64(argo_roundup_slot(0xffffe0), 0xffffe0);
    CHECK_EQ_U64(argo_roundup_slot(0xffffe1), 0xfffff0);
    CHECK_EQ_U64(argo_roundup_slot(0xffffffe1), 0xfffffff0);
    CHECK_EQ_U64(argo_roundup_slot(0xfffffff0), 0xfffffff0);
    CHECK_EQ_U64(argo_roundup_slot(0xfffffff1), 0);
    CHECK_EQ_U64(argo_roundup_slot(0xfffffff8), 0);
    CHECK_EQ_U64(argo_roundup_slot(0xffffffff), 0);
}

/* fill_ring_data's max_message_size: len - header - ROUNDUP_MESSAGE(1). */
static void test_max_message_size(void)
{
    CHECK_EQ_U64(argo_ring_max_message_size(48), 16);
    CHECK_EQ_U64(argo_ring_max_message_size(64), 32);
    CHECK_EQ_U64(argo_ring_max_message_size(256), 224);
    CHECK_EQ_U64(argo_ring_max_message_size(4032), 4000);
    CHECK_EQ_U64(argo_ring_max_message_size(0xffffc0), 0xffffa0);
    CHECK_EQ_U64(argo_ring_max_message_size(0x1000000), 0xffffe0);
}

int main(void)
{
    test_struct_layout();
    test_constants();
    test_errno();
    test_ring_npages();
    test_roundup_slot();
    test_max_message_size();
    return CHECK_DONE();
}
