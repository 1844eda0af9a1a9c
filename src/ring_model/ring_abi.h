/* SPDX-License-Identifier: MIT */
/*
 * Description: the two ring ABIs the model's ring engine writes, Argo and
 * V4V, and where each keeps its indices and data in the ring's pages.
 *
 * The message header is byte-for-byte the same in both (len, a 6-byte
 * source address, 2 bytes of zero, a 32-bit type/protocol), so one copy path
 * serves both; what differs is the ring header in front of ring[].
 */
#ifndef ARGOLAB_RING_ABI_H
#define ARGOLAB_RING_ABI_H

#include "argo_abi.h"
#include "v4v_abi.h"

enum ring_abi {
    RING_ABI_ARGO = 0,
    RING_ABI_V4V = 1,
};

/* Bytes in front of ring[] in the first page: 64 for Argo, 60 for V4V. */
static inline uint32_t ring_abi_header_size(uint8_t abi)
{
    return abi == RING_ABI_V4V ? V4V_RING_HEADER_SIZE : ARGO_RING_HEADER_SIZE;
}

/* Offset of rx_ptr in the ring header. */
static inline uint32_t ring_abi_rx_offset(uint8_t abi)
{
    return abi == RING_ABI_V4V ? (uint32_t)offsetof(v4v_ring_t, rx_ptr)
                               : (uint32_t)offsetof(xen_argo_ring_t, rx_ptr);
}

/* Offset of tx_ptr in the ring header. */
static inline uint32_t ring_abi_tx_offset(uint8_t abi)
{
    return abi == RING_ABI_V4V ? (uint32_t)offsetof(v4v_ring_t, tx_ptr)
                               : (uint32_t)offsetof(xen_argo_ring_t, tx_ptr);
}

/* Pages a ring of len data bytes needs in this ABI, header included. */
static inline uint32_t ring_abi_npages(uint8_t abi, uint32_t len)
{
    return abi == RING_ABI_V4V ? v4v_ring_npages(len) : argo_ring_npages(len);
}

/* "argo" or "v4v". */
static inline const char *ring_abi_name(uint8_t abi)
{
    return abi == RING_ABI_V4V ? "v4v" : "argo";
}

/* The message headers agree byte for byte. */
_Static_assert(sizeof(v4v_ring_message_header_t) ==
               sizeof(xen_argo_ring_message_header_t), "header size");
_Static_assert(offsetof(v4v_ring_message_header_t, source) ==
               offsetof(xen_argo_ring_message_header_t, source), "source");
_Static_assert(offsetof(v4v_ring_message_header_t, pad) ==
               offsetof(xen_argo_ring_message_header_t, source.pad), "pad");
_Static_assert(offsetof(v4v_ring_message_header_t, protocol) ==
               offsetof(xen_argo_ring_message_header_t, message_type), "type");

#endif
