/* SPDX-License-Identifier: MIT */
/*
 * Description: the Argo wire ABI (Xen 4.17 public/argo.h) as the model sees it.
 *
 * Every struct a guest exchanges with Xen through the argo_op hypercall, with
 * its size and field offsets pinned by static assertions. Two views exist:
 * LP64 (x86_64 and Arm guests, and the host) is the native layout here; the
 * only struct that differs for an ILP32 x86 guest is the iov, whose handle is
 * a 32-bit pointer there (Xen translates it in compat_argo_op), so its ILP32
 * layout is spelled out separately and asserted arithmetically.
 */
#ifndef ARGOLAB_ARGO_ABI_H
#define ARGOLAB_ARGO_ABI_H

#include "model_compat.h"

typedef uint16_t argo_domid_t;
typedef uint32_t xen_argo_port_t;
typedef uint64_t xen_argo_gfn_t;

/* DOMID_INVALID doubles as the wildcard in Argo addresses. */
#define XEN_ARGO_DOMID_ANY          ((argo_domid_t)0x7ff4)
/* Domain ids at or above this are reserved and never name a real domain. */
#define ARGO_DOMID_FIRST_RESERVED   ((argo_domid_t)0x7ff0)

#define ARGO_PAGE_SHIFT             12
#define ARGO_PAGE_SIZE              (1u << ARGO_PAGE_SHIFT)

#define XEN_ARGO_MAX_RING_SIZE      0x1000000u
#define XEN_ARGO_MAXIOV             8u
#define XEN_ARGO_MSG_SLOT_SIZE      0x10u

/* Limits argo.c keeps private; guests observe them as -ENOSPC/-EBUSY/-EACCES. */
#define ARGO_MAX_RINGS_PER_DOMAIN   128u
#define ARGO_MAX_PENDING_PER_RING   32u
#define ARGO_MAX_NOTIFY_COUNT       256u

#define XEN_ARGO_REGISTER_FLAG_FAIL_EXIST   0x1u
#define XEN_ARGO_REGISTER_FLAG_MASK         XEN_ARGO_REGISTER_FLAG_FAIL_EXIST

/* ring_data_ent flags, in bit order */
#define XEN_ARGO_RING_EXISTS        (1u << 0)
#define XEN_ARGO_RING_SHARED        (1u << 1)
#define XEN_ARGO_RING_EMPTY         (1u << 2)
#define XEN_ARGO_RING_SUFFICIENT    (1u << 3)
#define XEN_ARGO_RING_EMSGSIZE      (1u << 4)
#define XEN_ARGO_RING_EBUSY         (1u << 5)
#define XEN_ARGO_RING_FLAG_COUNT    6u

#define XEN_ARGO_OP_register_ring   1u
#define XEN_ARGO_OP_unregister_ring 2u
#define XEN_ARGO_OP_sendv           3u
#define XEN_ARGO_OP_notify          4u

typedef struct xen_argo_iov {
    uint64_t iov_hnd;           /* guest virtual address of the data */
    uint32_t iov_len;
    uint32_t pad;               /* must be zero */
} xen_argo_iov_t;

/* What a 32-bit x86 guest passes; Xen widens iov_hnd before use. */
typedef struct xen_argo_iov_ilp32 {
    uint32_t iov_hnd;
    uint32_t iov_len;
    uint32_t pad;
} xen_argo_iov_ilp32_t;

typedef struct xen_argo_addr {
    xen_argo_port_t aport;
    argo_domid_t domain_id;
    uint16_t pad;               /* must be zero */
} xen_argo_addr_t;

typedef struct xen_argo_send_addr {
    xen_argo_addr_t src;
    xen_argo_addr_t dst;
} xen_argo_send_addr_t;

/* Head of the first ring page; message slots start right after it. */
typedef struct xen_argo_ring {
    uint32_t rx_ptr;            /* written by the receiving guest */
    uint32_t tx_ptr;            /* written by Xen */
    uint8_t reserved[56];
} xen_argo_ring_t;

typedef struct xen_argo_register_ring {
    xen_argo_port_t aport;
    argo_domid_t partner_id;
    uint16_t pad;
    uint32_t len;
} xen_argo_register_ring_t;

typedef struct xen_argo_unregister_ring {
    xen_argo_port_t aport;
    argo_domid_t partner_id;
    uint16_t pad;
} xen_argo_unregister_ring_t;

typedef struct xen_argo_ring_data_ent {
    xen_argo_addr_t ring;
    uint16_t flags;
    uint16_t pad;
    uint32_t space_required;
    uint32_t max_message_size;
} xen_argo_ring_data_ent_t;

/* Followed in guest memory by nent xen_argo_ring_data_ent_t. */
typedef struct xen_argo_ring_data {
    uint32_t nent;
    uint32_t pad;
} xen_argo_ring_data_t;

/* Written by Xen in front of every message; len includes this header. */
typedef struct xen_argo_ring_message_header {
    uint32_t len;
    xen_argo_addr_t source;
    uint32_t message_type;
} xen_argo_ring_message_header_t;

#define ARGO_RING_HEADER_SIZE   ((uint32_t)sizeof(xen_argo_ring_t))
#define ARGO_MSG_HEADER_SIZE    ((uint32_t)sizeof(xen_argo_ring_message_header_t))

/* Round up to the message slot; 32-bit wrap-around is what Xen computes too. */
static inline uint32_t argo_roundup_slot(uint32_t x)
{
    return (x + (XEN_ARGO_MSG_SLOT_SIZE - 1u)) & ~(XEN_ARGO_MSG_SLOT_SIZE - 1u);
}

/* Largest payload the largest ring accepts: one header and one spare slot. */
#define ARGO_MAX_MESSAGE_SIZE \
    (XEN_ARGO_MAX_RING_SIZE - ARGO_MSG_HEADER_SIZE - XEN_ARGO_MSG_SLOT_SIZE)

/* Smallest ring: a header, one payload slot and the slot that is never filled. */
#define ARGO_MIN_RING_LEN \
    (ARGO_MSG_HEADER_SIZE + 2u * XEN_ARGO_MSG_SLOT_SIZE)

/* Pages a ring of len data bytes occupies, ring header included. */
static inline uint32_t argo_ring_npages(uint32_t len)
{
    uint64_t bytes = (uint64_t)argo_roundup_slot(len) + ARGO_RING_HEADER_SIZE;

    return (uint32_t)((bytes + ARGO_PAGE_SIZE - 1u) >> ARGO_PAGE_SHIFT);
}

/* Payload a ring of len bytes can ever carry in one message. */
static inline uint32_t argo_ring_max_message_size(uint32_t len)
{
    return len - ARGO_MSG_HEADER_SIZE - XEN_ARGO_MSG_SLOT_SIZE;
}

#define ARGO_ASSERT_LAYOUT(type, field, off) \
    _Static_assert(offsetof(type, field) == (off), #type "." #field " offset")
#define ARGO_ASSERT_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), #type " size")

ARGO_ASSERT_SIZE(xen_argo_iov_t, 16);
ARGO_ASSERT_LAYOUT(xen_argo_iov_t, iov_hnd, 0);
ARGO_ASSERT_LAYOUT(xen_argo_iov_t, iov_len, 8);
ARGO_ASSERT_LAYOUT(xen_argo_iov_t, pad, 12);
ARGO_ASSERT_SIZE(xen_argo_iov_ilp32_t, 12);
ARGO_ASSERT_LAYOUT(xen_argo_iov_ilp32_t, iov_hnd, 0);
ARGO_ASSERT_LAYOUT(xen_argo_iov_ilp32_t, iov_len, 4);
ARGO_ASSERT_LAYOUT(xen_argo_iov_ilp32_t, pad, 8);
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

/* The header is exactly one slot, so a header never straddles the ring end. */
_Static_assert(sizeof(xen_argo_ring_message_header_t) == XEN_ARGO_MSG_SLOT_SIZE,
               "message header is one slot");
_Static_assert(sizeof(xen_argo_ring_t) % XEN_ARGO_MSG_SLOT_SIZE == 0,
               "ring data starts slot-aligned");
_Static_assert(XEN_ARGO_MAX_RING_SIZE % ARGO_PAGE_SIZE == 0,
               "max ring is whole pages");
_Static_assert(ARGO_MAX_MESSAGE_SIZE == 0xffffe0u, "max message size");
_Static_assert(ARGO_MIN_RING_LEN == 48u, "min ring length");

#endif
