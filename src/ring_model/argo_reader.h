/* SPDX-License-Identifier: MIT */
/*
 * Description: the guest-side reader of an Argo ring.
 *
 * Works on the ring memory alone (xen_argo_ring_t followed by len data
 * bytes), as a receiving guest does. Nothing in that memory is trusted:
 * whatever rx_ptr, tx_ptr and the message headers say, no byte outside
 * ring[0, len) of data or the 64-byte header is read or written, and
 * inconsistent contents are reported as -EBADMSG.
 */
#ifndef ARGOLAB_ARGO_READER_H
#define ARGOLAB_ARGO_READER_H

#include "argo_abi.h"
#include "argo_errno.h"

/* The message at rx_ptr, as its header describes it. */
struct argo_ring_msg {
    uint32_t rx;                /* ring offset of its header */
    uint32_t next_rx;           /* rx_ptr after consuming it */
    uint32_t data_off;          /* ring offset of the payload (may wrap) */
    uint32_t payload_len;
    argo_domid_t src_dom;
    xen_argo_port_t src_port;
    uint32_t message_type;
};

/*
 * Describe the next message of the ring at mem (len data bytes, a multiple
 * of 16 and at least 48). Returns 0, -ENOMSG when rx_ptr == tx_ptr, or
 * -EBADMSG when an index is unaligned or out of range, or the header claims
 * less than a header or more than lies between rx_ptr and tx_ptr.
 */
int argo_ring_peek(const uint8_t *mem, uint32_t len, struct argo_ring_msg *msg);

/*
 * Copy n payload bytes of msg starting at payload offset off into dst,
 * across the ring end if needed. Requires off + n <= msg->payload_len.
 */
void argo_ring_copy_payload(const uint8_t *mem, uint32_t len,
                            const struct argo_ring_msg *msg, uint32_t off,
                            void *dst, uint32_t n);

/* Consume msg: write msg->next_rx to the ring's rx_ptr. */
void argo_ring_consume(uint8_t *mem, const struct argo_ring_msg *msg);

/*
 * The V4V copy-out contract: read the next message, copy at most buflen of
 * its payload to buf (buf may be NULL), report its source and type when
 * from/type are not NULL, and consume it when consume is true. Returns the
 * message's full payload length, which may exceed what was copied;
 * -ENOMSG when the ring is empty; -EBADMSG when it is corrupt (nothing
 * copied or consumed).
 */
long argo_ring_copy_out(uint8_t *mem, uint32_t len, xen_argo_addr_t *from,
                        uint32_t *type, void *buf, uint32_t buflen,
                        bool consume);

#endif
