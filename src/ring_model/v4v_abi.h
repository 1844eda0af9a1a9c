/* SPDX-License-Identifier: MIT */
/*
 * Description: the V4V wire ABI (the 2012 design posted to xen-devel) as the
 * model sees it.
 *
 * V4V is Argo's ancestor. Its structs are declared packed, which is what
 * makes its message header 16 bytes (a packed 6-byte address) and keeps one
 * layout for every guest: LP64 and ILP32 agree field for field, which the
 * assertions below check in both builds (cmake's ILP32 check compiles this
 * header with -m32). The ring header is 60 bytes, so, unlike Argo's 64,
 * ring[] does not start on a 16-byte boundary of its page; offsets inside
 * ring[] are still multiples of 16. docs/abi.md has both ABIs side by side.
 *
 * Constants the design leaves private to the hypervisor (the iov and notify
 * entry limits, the largest message) take Argo's values here.
 */
#ifndef ARGOLAB_V4V_ABI_H
#define ARGOLAB_V4V_ABI_H

#include "model_compat.h"

#define V4V_PACKED __attribute__((packed))

#define V4V_RING_MAGIC          0xdf6977f231abd910ull
#define V4V_PFN_LIST_MAGIC      0x91dd6159045b302dull
#define V4V_RING_DATA_MAGIC     0x4ce4d30fbc82e92aull

/* The design's protocol numbers for datagrams and streams. */
#define V4V_PROTO_DGRAM         0x3c2c1db8u
#define V4V_PROTO_STREAM        0x70f6a8e5u

/* The wildcard partner, DOMID_INVALID as in Argo. */
#define V4V_DOMID_ANY           ((uint16_t)0x7ff4)

#define V4V_MAX_RING_SIZE       0x1000000u
#define V4V_MAXIOV              8u
#define V4V_MAXENT              256u
#define V4V_MSG_SLOT_SIZE       16u

/* ring data flags: a different order from Argo's, and no SHARED/EMSGSIZE/EBUSY */
#define V4V_RING_DATA_F_EMPTY       (1u << 0)
#define V4V_RING_DATA_F_EXISTS      (1u << 1)
#define V4V_RING_DATA_F_PENDING     (1u << 2)
#define V4V_RING_DATA_F_SUFFICIENT  (1u << 3)
#define V4V_RING_DATA_F_COUNT       4u

#define V4VOP_register_ring     1u
#define V4VOP_unregister_ring   2u
#define V4VOP_send              3u
#define V4VOP_notify            4u
#define V4VOP_sendv             5u

typedef struct v4v_addr {
    uint32_t port;
    uint16_t domain;
} V4V_PACKED v4v_addr_t;

typedef struct v4v_ring_id {
    v4v_addr_t addr;
    uint16_t partner;
} V4V_PACKED v4v_ring_id_t;

/* An iov's length is 64 bits wide: there is no pad field to check. */
typedef struct v4v_iov {
    uint64_t iov_base;
    uint64_t iov_len;
} V4V_PACKED v4v_iov_t;

/* Head of the first ring page; ring[] follows at offset 60. */
typedef struct v4v_ring {
    uint64_t magic;
    v4v_ring_id_t id;           /* Xen fills in id.addr.domain */
    uint32_t len;               /* of ring[], a multiple of 16 */
    uint32_t rx_ptr;            /* written by the receiving guest */
    uint32_t tx_ptr;            /* written by Xen */
    uint64_t reserved[4];
} V4V_PACKED v4v_ring_t;

/* Followed in guest memory by npage 64-bit frame numbers. */
typedef struct v4v_pfn_list {
    uint64_t magic;
    uint32_t npage;
    uint32_t pad;
    uint64_t reserved[3];
} V4V_PACKED v4v_pfn_list_t;

typedef struct v4v_ring_data_ent {
    v4v_addr_t ring;
    uint16_t flags;
    uint32_t space_required;
    uint32_t max_message_size;
} V4V_PACKED v4v_ring_data_ent_t;

/* Followed in guest memory by nent v4v_ring_data_ent_t. */
typedef struct v4v_ring_data {
    uint64_t magic;
    uint32_t nent;
    uint32_t pad;
    uint64_t reserved[4];
} V4V_PACKED v4v_ring_data_t;

/* Written by Xen in front of every message; len includes this header. */
typedef struct v4v_ring_message_header {
    uint32_t len;
    v4v_addr_t source;
    uint16_t pad;
    uint32_t protocol;
} V4V_PACKED v4v_ring_message_header_t;

#define V4V_RING_HEADER_SIZE    ((uint32_t)sizeof(v4v_ring_t))
#define V4V_MSG_HEADER_SIZE     ((uint32_t)sizeof(v4v_ring_message_header_t))
/* Smallest ring: a header and two slots, as the registration check demands. */
#define V4V_MIN_RING_LEN        (V4V_MSG_HEADER_SIZE + 2u * V4V_MSG_SLOT_SIZE)
/* Largest payload the largest ring accepts. */
#define V4V_MAX_MSG_SIZE \
    (V4V_MAX_RING_SIZE - V4V_MSG_HEADER_SIZE - V4V_MSG_SLOT_SIZE)

/* Pages a ring of len data bytes occupies, its 60-byte header included. */
static inline uint32_t v4v_ring_npages(uint32_t len)
{
    uint64_t bytes = (uint64_t)len + V4V_RING_HEADER_SIZE;

    return (uint32_t)((bytes + 4095u) >> 12);
}

#define V4V_ASSERT_LAYOUT(type, field, off) \
    _Static_assert(offsetof(type, field) == (off), #type "." #field " offset")
#define V4V_ASSERT_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), #type " size")

V4V_ASSERT_SIZE(v4v_addr_t, 6);
V4V_ASSERT_LAYOUT(v4v_addr_t, port, 0);
V4V_ASSERT_LAYOUT(v4v_addr_t, domain, 4);
V4V_ASSERT_SIZE(v4v_ring_id_t, 8);
V4V_ASSERT_LAYOUT(v4v_ring_id_t, addr, 0);
V4V_ASSERT_LAYOUT(v4v_ring_id_t, partner, 6);
V4V_ASSERT_SIZE(v4v_iov_t, 16);
V4V_ASSERT_LAYOUT(v4v_iov_t, iov_base, 0);
V4V_ASSERT_LAYOUT(v4v_iov_t, iov_len, 8);
V4V_ASSERT_SIZE(v4v_ring_t, 60);
V4V_ASSERT_LAYOUT(v4v_ring_t, magic, 0);
V4V_ASSERT_LAYOUT(v4v_ring_t, id, 8);
V4V_ASSERT_LAYOUT(v4v_ring_t, len, 16);
V4V_ASSERT_LAYOUT(v4v_ring_t, rx_ptr, 20);
V4V_ASSERT_LAYOUT(v4v_ring_t, tx_ptr, 24);
V4V_ASSERT_LAYOUT(v4v_ring_t, reserved, 28);
V4V_ASSERT_SIZE(v4v_pfn_list_t, 40);
V4V_ASSERT_LAYOUT(v4v_pfn_list_t, magic, 0);
V4V_ASSERT_LAYOUT(v4v_pfn_list_t, npage, 8);
V4V_ASSERT_LAYOUT(v4v_pfn_list_t, pad, 12);
V4V_ASSERT_LAYOUT(v4v_pfn_list_t, reserved, 16);
V4V_ASSERT_SIZE(v4v_ring_data_ent_t, 16);
V4V_ASSERT_LAYOUT(v4v_ring_data_ent_t, ring, 0);
V4V_ASSERT_LAYOUT(v4v_ring_data_ent_t, flags, 6);
V4V_ASSERT_LAYOUT(v4v_ring_data_ent_t, space_required, 8);
V4V_ASSERT_LAYOUT(v4v_ring_data_ent_t, max_message_size, 12);
V4V_ASSERT_SIZE(v4v_ring_data_t, 48);
V4V_ASSERT_LAYOUT(v4v_ring_data_t, magic, 0);
V4V_ASSERT_LAYOUT(v4v_ring_data_t, nent, 8);
V4V_ASSERT_LAYOUT(v4v_ring_data_t, pad, 12);
V4V_ASSERT_LAYOUT(v4v_ring_data_t, reserved, 16);
V4V_ASSERT_SIZE(v4v_ring_message_header_t, 16);
V4V_ASSERT_LAYOUT(v4v_ring_message_header_t, len, 0);
V4V_ASSERT_LAYOUT(v4v_ring_message_header_t, source, 4);
V4V_ASSERT_LAYOUT(v4v_ring_message_header_t, pad, 10);
V4V_ASSERT_LAYOUT(v4v_ring_message_header_t, protocol, 12);

/* The header is one slot and ring[] offsets are slot-aligned: no header wraps. */
_Static_assert(V4V_MSG_HEADER_SIZE == V4V_MSG_SLOT_SIZE, "message header is one slot");
_Static_assert(V4V_MIN_RING_LEN == 48u, "min ring length");
_Static_assert(V4V_MAX_MSG_SIZE == 0xffffe0u, "max message size");

#endif
