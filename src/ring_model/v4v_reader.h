/* SPDX-License-Identifier: MIT */
/*
 * Description: the guest-side reader of a V4V ring, and the reader of a
 * ring of either ABI.
 *
 * The same contract as argo_reader.h over V4V's 60-byte ring header
 * (rx_ptr at 20, tx_ptr at 24, ring[] at 60): nothing in ring memory is
 * trusted, no byte outside the header and ring[0, len) is touched, and
 * inconsistent contents are -EBADMSG.
 */
#ifndef ARGOLAB_V4V_READER_H
#define ARGOLAB_V4V_READER_H

#include "argo_reader.h"
#include "ring_abi.h"

/* argo_ring_peek for a V4V ring. */
int v4v_ring_peek(const uint8_t *mem, uint32_t len, struct argo_ring_msg *msg);

/* argo_ring_copy_payload for a V4V ring. */
void v4v_ring_copy_payload(const uint8_t *mem, uint32_t len,
                           const struct argo_ring_msg *msg, uint32_t off,
                           void *dst, uint32_t n);

/* argo_ring_consume for a V4V ring: writes rx_ptr at offset 20. */
void v4v_ring_consume(uint8_t *mem, const struct argo_ring_msg *msg);

/*
 * The design's v4v_copy_out(r, from, protocol, buf, t, consume): copy at most
 * buflen bytes of the next message's payload to buf unless buf is NULL (a
 * NULL buffer only peeks the length), report its source and protocol when
 * from/protocol are not NULL, and delete it when consume is true. Returns
 * the message's full payload length; -ENOMSG when the ring is empty and
 * -EBADMSG when it is corrupt (the design's reader returns -1 for both).
 * len is the guest's own ring length, not the header's copy of it.
 */
long v4v_copy_out(uint8_t *mem, uint32_t len, v4v_addr_t *from,
                  uint32_t *protocol, void *buf, uint32_t buflen, bool consume);

/* The reader functions above, or Argo's, by enum ring_abi. */
int ring_abi_peek(uint8_t abi, const uint8_t *mem, uint32_t len,
                  struct argo_ring_msg *msg);
void ring_abi_copy_payload(uint8_t abi, const uint8_t *mem, uint32_t len,
                           const struct argo_ring_msg *msg, uint32_t off,
                           void *dst, uint32_t n);
void ring_abi_consume(uint8_t abi, uint8_t *mem, const struct argo_ring_msg *msg);

#endif
