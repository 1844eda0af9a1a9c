/* SPDX-License-Identifier: MIT */
/*
 * Description: ring arithmetic for capacity planning: what a message costs
 * in a ring, how many fit, which ring lengths Xen accepts, and the default
 * sweep of candidate lengths.
 *
 * The closed forms here restate Xen's accounting (16-byte header per
 * message, payload padded to 16-byte slots, one slot always left free);
 * cap_ring_count_fit asks the model itself, and the tests hold the two to
 * each other.
 */
#ifndef ARGOLAB_CAP_RING_H
#define ARGOLAB_CAP_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ring_model/argo_abi.h"

/*
 * The largest ring Xen registers: its pages also hold the 64-byte ring
 * header and do_argo_op refuses more than 4096 pages (docs/findings.md,
 * finding 4).
 */
#define CAP_RING_MAX_LEN (XEN_ARGO_MAX_RING_SIZE - ARGO_RING_HEADER_SIZE)
/* The largest payload any registrable ring carries. */
#define CAP_MAX_PAYLOAD (CAP_RING_MAX_LEN - ARGO_MSG_HEADER_SIZE - XEN_ARGO_MSG_SLOT_SIZE)

/*
 * The guest reader of a capacity run: payload bytes are never copied. The
 * simulation is about ring accounting, and the model still writes every
 * message header, which is all the reader needs, so a 64 KiB message costs
 * what a 16-byte one does. Always succeeds.
 */
int cap_copy_nothing(void *ctx, void *dst, uint64_t hnd, uint32_t len);

/* Ring bytes one message of payload bytes occupies: header + padded payload. */
static inline uint32_t cap_msg_footprint(uint32_t payload)
{
    return ARGO_MSG_HEADER_SIZE + argo_roundup_slot(payload);
}

/* Bytes of that footprint that carry no payload: header and padding. */
static inline uint32_t cap_msg_overhead(uint32_t payload)
{
    return cap_msg_footprint(payload) - payload;
}

/* The smallest ring that carries a payload of max_payload bytes. */
static inline uint32_t cap_ring_min_len(uint32_t max_payload)
{
    return argo_roundup_slot(max_payload) + ARGO_MSG_HEADER_SIZE +
           XEN_ARGO_MSG_SLOT_SIZE;
}

/*
 * Messages of payload bytes an empty ring of len bytes accepts before
 * -EAGAIN, by Xen's rule that an insert must leave free space behind it:
 * k messages fit while k * footprint < len.
 */
static inline uint32_t cap_ring_fit_closed_form(uint32_t len, uint32_t payload)
{
    return (len - 1u) / cap_msg_footprint(payload);
}

/*
 * The same count from the model: register a ring of len bytes, move its
 * indices to byte offset start (a multiple of 16 below len) by sending and
 * consuming, then sendv payload-byte messages until -EAGAIN. Returns 0 with
 * *count set, or -1 with err saying which call failed (a ring Xen would
 * refuse, a payload too large for the ring: -EMSGSIZE).
 */
int cap_ring_count_fit(uint32_t len, uint32_t payload, uint32_t start,
                       uint32_t *count, char *err, size_t errlen);

/* "-EAGAIN" for a negative errno rc, or "error -N" when it has no name. */
const char *cap_errno_text(long rc, char *buf, size_t len);

/* Guest pages a ring of len bytes pins: its data and the 64-byte header. */
static inline uint32_t cap_ring_pages(uint32_t len)
{
    return argo_ring_npages(len);
}

/*
 * Parse a ring length: bytes ("65472", "64KiB" - a multiple of 16 from 48
 * to 16 MiB - 64) or whole pages ("16p": 16 * 4096 - 64, the longest ring
 * 16 pages hold; 1p to 4096p). Returns NULL or what was expected.
 */
const char *cap_ring_parse_len(const char *tok, uint32_t *len);

/*
 * The default sweep: rings filling 1, 2, 3, 4, 6, 8, 11, 16, ... 4096 pages
 * (about sqrt(2) apart), each n * 4096 - 64 bytes, keeping those that carry
 * max_payload. Writes at most cap lengths to out, ascending; returns how
 * many.
 */
unsigned cap_ring_default_sweep(uint32_t max_payload, uint32_t *out,
                                unsigned cap);

#endif
