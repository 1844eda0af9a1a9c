/* SPDX-License-Identifier: MIT */
/*
 * Description: the Argo ABI as a 32-bit x86 guest lays it out, checked at
 * compile time. Build with -m32 -ffreestanding -c; there is nothing to run.
 *
 * A 32-bit guest declares xen_argo_iov with a pointer-sized guest handle
 * (XEN_GUEST_HANDLE(uint8) is a struct around one pointer): that is the
 * layout xen_argo_iov_ilp32_t must match, since Xen's compat_argo_op reads
 * exactly that and widens the handle. Every other struct has no pointer in
 * it and must keep the same size and offsets as in the LP64 view.
 */
#include "ring_model/argo_abi.h"

_Static_assert(sizeof(void *) == 4 && sizeof(unsigned long) == 4,
               "compile this file for an ILP32 target (-m32)");

/* The guest's own view of xen_argo_iov: handle as an unsigned long... */
struct ilp32_guest_iov {
    unsigned long iov_hnd;
    uint32_t iov_len;
    uint32_t pad;
};

/* ...and as Xen's public header spells it, a handle struct with a pointer. */
struct ilp32_guest_handle_uint8 {
    uint8_t *p;
};

struct ilp32_guest_iov_hnd {
    struct ilp32_guest_handle_uint8 iov_hnd;
    uint32_t iov_len;
    uint32_t pad;
};

#define SAME_FIELD(a, b, field) \
    _Static_assert(offsetof(a, field) == offsetof(b, field) && \
                   sizeof(((a *)0)->field) == sizeof(((b *)0)->field), \
                   #a "." #field " matches " #b)

_Static_assert(sizeof(struct ilp32_guest_iov) ==
               sizeof(xen_argo_iov_ilp32_t), "ILP32 iov size");
SAME_FIELD(struct ilp32_guest_iov, xen_argo_iov_ilp32_t, iov_hnd);
SAME_FIELD(struct ilp32_guest_iov, xen_argo_iov_ilp32_t, iov_len);
SAME_FIELD(struct ilp32_guest_iov, xen_argo_iov_ilp32_t, pad);

_Static_assert(sizeof(struct ilp32_guest_iov_hnd) ==
               sizeof(xen_argo_iov_ilp32_t), "ILP32 handle iov size");
SAME_FIELD(struct ilp32_guest_iov_hnd, xen_argo_iov_ilp32_t, iov_hnd);
SAME_FIELD(struct ilp32_guest_iov_hnd, xen_argo_iov_ilp32_t, iov_len);
SAME_FIELD(struct ilp32_guest_iov_hnd, xen_argo_iov_ilp32_t, pad);

_Static_assert(sizeof(xen_argo_iov_ilp32_t) == 12, "ILP32 iov is 12 bytes");
_Static_assert(offsetof(xen_argo_iov_ilp32_t, iov_len) == 4, "iov_len");
_Static_assert(offsetof(xen_argo_iov_ilp32_t, pad) == 8, "pad");

/*
 * The 64-bit view of the iov keeps its layout even where uint64_t is only
 * 4-byte aligned inside structs (i386): what a 64-bit guest passes.
 */
ARGO_ASSERT_SIZE(xen_argo_iov_t, 16);
ARGO_ASSERT_LAYOUT(xen_argo_iov_t, iov_hnd, 0);
ARGO_ASSERT_LAYOUT(xen_argo_iov_t, iov_len, 8);
ARGO_ASSERT_LAYOUT(xen_argo_iov_t, pad, 12);

/* The pointer-free structs: same numbers as LP64. */
ARGO_ASSERT_SIZE(xen_argo_addr_t, 8);
ARGO_ASSERT_LAYOUT(xen_argo_addr_t, aport, 0);
ARGO_ASSERT_LAYOUT(xen_argo_addr_t, domain_id, 4);
ARGO_ASSERT_LAYOUT(xen_argo_addr_t, pad, 6);

ARGO_ASSERT_SIZE(xen_argo_send_addr_t, 16);
ARGO_ASSERT_LAYOUT(xen_argo_send_addr_t, src, 0);
ARGO_ASSERT_LAYOUT(xen_argo_send_addr_t, dst, 8);

ARGO_ASSERT_SIZE(xen_argo_ring_t, 64);
ARGO_ASSERT_LAYOUT(xen_argo_ring_t, rx_ptr, 0);
ARGO_ASSERT_LAYOUT(xen_argo_ring_t, tx_ptr, 4);
ARGO_ASSERT_LAYOUT(xen_argo_ring_t, reserved, 8);

ARGO_ASSERT_SIZE(xen_argo_register_ring_t, 12);
ARGO_ASSERT_LAYOUT(xen_argo_register_ring_t, aport, 0);
ARGO_ASSERT_LAYOUT(xen_argo_register_ring_t, partner_id, 4);
ARGO_ASSERT_LAYOUT(xen_argo_register_ring_t, pad, 6);
ARGO_ASSERT_LAYOUT(xen_argo_register_ring_t, len, 8);

ARGO_ASSERT_SIZE(xen_argo_unregister_ring_t, 8);
ARGO_ASSERT_LAYOUT(xen_argo_unregister_ring_t, aport, 0);
ARGO_ASSERT_LAYOUT(xen_argo_unregister_ring_t, partner_id, 4);
ARGO_ASSERT_LAYOUT(xen_argo_unregister_ring_t, pad, 6);

ARGO_ASSERT_SIZE(xen_argo_ring_data_ent_t, 20);
ARGO_ASSERT_LAYOUT(xen_argo_ring_data_ent_t, ring, 0);
ARGO_ASSERT_LAYOUT(xen_argo_ring_data_ent_t, flags, 8);
ARGO_ASSERT_LAYOUT(xen_argo_ring_data_ent_t, pad, 10);
ARGO_ASSERT_LAYOUT(xen_argo_ring_data_ent_t, space_required, 12);
ARGO_ASSERT_LAYOUT(xen_argo_ring_data_ent_t, max_message_size, 16);

ARGO_ASSERT_SIZE(xen_argo_ring_data_t, 8);
ARGO_ASSERT_LAYOUT(xen_argo_ring_data_t, nent, 0);
ARGO_ASSERT_LAYOUT(xen_argo_ring_data_t, pad, 4);

ARGO_ASSERT_SIZE(xen_argo_ring_message_header_t, 16);
ARGO_ASSERT_LAYOUT(xen_argo_ring_message_header_t, len, 0);
ARGO_ASSERT_LAYOUT(xen_argo_ring_message_header_t, source, 4);
ARGO_ASSERT_LAYOUT(xen_argo_ring_message_header_t, message_type, 12);

/* gfn lists are arrays of 64-bit values for every guest. */
_Static_assert(sizeof(xen_argo_gfn_t) == 8, "gfn is 64-bit");
_Static_assert(sizeof(argo_domid_t) == 2, "domid_t is 16-bit");
_Static_assert(sizeof(xen_argo_port_t) == 4, "port is 32-bit");
