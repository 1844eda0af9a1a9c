/* SPDX-License-Identifier: MIT */
/* Description: free space in a ring as Xen computes it from a guest rx_ptr. */
#include "model_internal.h"

uint32_t ring_sanitized_rx(const struct argo_model_ring *r)
{
    uint32_t rx = argo_roundup_slot(ring_header_rx(r));

    return rx >= r->len ? 0 : rx;
}

/*
 * Both indices are below len here, so the distance from tx forward to rx is
 * in (0, len]; equal indices mean empty, never full, because an insert always
 * leaves one slot unused.
 */
uint32_t ring_payload_space(const struct argo_model_ring *r)
{
    uint32_t rx, tx, free_bytes;

    /* A registered ring is at least ARGO_MIN_RING_LEN: no empty-ring case. */
    rx = ring_sanitized_rx(r);
    tx = r->tx_ptr;
    free_bytes = rx > tx ? rx - tx : r->len - (tx - rx);
    if (free_bytes < ARGO_MSG_HEADER_SIZE + XEN_ARGO_MSG_SLOT_SIZE)
        return 0;
    return free_bytes - ARGO_MSG_HEADER_SIZE - XEN_ARGO_MSG_SLOT_SIZE;
}
