/* SPDX-License-Identifier: MIT */
/*
 * Description: the sendv copy path: one message into a ring, exactly as
 * Xen's ringbuf_insert lays it out.
 */
#include "model_internal.h"

/*
 * What a faulting copy leaves: Xen copies into the ring's pages one page at
 * a time, and x86's copy_from_guest zeroes what it could not read, so the
 * bytes from offset to the end of that ring page (or of the copy, if
 * sooner) become zero and the ring's other bytes stay as they were. The
 * reader fails all or nothing. Out of line: faults are rare and the copy
 * path must stay small.
 */
static __attribute__((noinline, cold)) void
ring_zero_faulted(struct argo_model_ring *r, uint32_t offset, uint32_t len)
{
    /* Page offsets count from the ring header, which shares the first page. */
    uint32_t in_page = ((uint32_t)(r->data - r->mem) + offset) &
                       (ARGO_PAGE_SIZE - 1u);
    uint32_t chunk = ARGO_PAGE_SIZE - in_page;

    memset(ring_data(r) + offset, 0, len < chunk ? len : chunk);
}

/*
 * A copy reaching past the frames V4V was given: Xen copies page by page
 * and fails when it reaches a page with no frame, so what lies on the named
 * pages is written and the rest is not. Only V4V rings get here.
 */
static __attribute__((noinline, cold)) int
ring_copy_unmapped(struct argo_model_ring *r, uint32_t offset,
                   const struct argo_guest_reader *guest, uint64_t hnd)
{
    uint32_t n = offset < r->mapped ? r->mapped - offset : 0;

    if (n && guest->copy(guest->ctx, ring_data(r) + offset, hnd, n))
        ring_zero_faulted(r, offset, n);
    return -ARGO_EFAULT;
}

/*
 * Guest data into ring data at offset; the caller keeps it inside the ring.
 * bounded: the ring's frames may end before ring[] does (a constant in each
 * instance of the copy path below).
 */
static inline __attribute__((always_inline)) int
ring_copy_from_guest(struct argo_model_ring *r, uint32_t offset,
                     const struct argo_guest_reader *guest, uint64_t hnd,
                     uint32_t len, bool bounded)
{
    if (bounded && offset + len > r->mapped)
        return ring_copy_unmapped(r, offset, guest, hnd);
    if (guest->copy(guest->ctx, ring_data(r) + offset, hnd, len)) {
        ring_zero_faulted(r, offset, len);
        return -ARGO_EFAULT;
    }
    return 0;
}

/* A message header at dst, field by field, its pad zero. */
static void header_store(uint8_t *dst, uint32_t len,
                         const xen_argo_addr_t *source, uint32_t message_type)
{
    const uint16_t pad = 0;

    memcpy(dst + offsetof(xen_argo_ring_message_header_t, len), &len,
           sizeof(len));
    memcpy(dst + offsetof(xen_argo_ring_message_header_t, source.aport),
           &source->aport, sizeof(source->aport));
    memcpy(dst + offsetof(xen_argo_ring_message_header_t, source.domain_id),
           &source->domain_id, sizeof(source->domain_id));
    memcpy(dst + offsetof(xen_argo_ring_message_header_t, source.pad), &pad,
           sizeof(pad));
    memcpy(dst + offsetof(xen_argo_ring_message_header_t, message_type),
           &message_type, sizeof(message_type));
}

/* The header of a V4V ring whose frames end inside it: the named part only. */
static __attribute__((noinline, cold)) long
header_store_unmapped(struct argo_model_ring *r, uint32_t tx, uint32_t len,
                      const xen_argo_addr_t *source, uint32_t message_type)
{
    uint8_t mh[ARGO_MSG_HEADER_SIZE];

    header_store(mh, len, source, message_type);
    if (tx < r->mapped)
        memcpy(ring_data(r) + tx, mh, r->mapped - tx);
    return -ARGO_EFAULT;
}

static inline __attribute__((always_inline)) long
ring_insert_copy(struct argo_model_ring *r, const xen_argo_addr_t *source,
                 const xen_argo_iov_t *iovs, unsigned niov,
                 uint32_t message_type, uint32_t len,
                 const struct argo_guest_reader *guest, bool bounded)
{
    uint32_t rx, tx, free_bytes;

    /* The message must leave a slot free even in an empty ring. */
    if (r->len <= ARGO_MSG_HEADER_SIZE + argo_roundup_slot(len))
        return -ARGO_EMSGSIZE;

    rx = ring_sanitized_rx(r);
    tx = r->tx_ptr;
    if (rx == tx)
        free_bytes = r->len;
    else
        free_bytes = rx > tx ? rx - tx : r->len - (tx - rx);
    if (argo_roundup_slot(len) + ARGO_MSG_HEADER_SIZE >= free_bytes)
        return -ARGO_EAGAIN;

    /*
     * tx is slot-aligned and the header is one slot: it never wraps. The
     * fields go straight into the ring: a header assembled on the stack
     * from narrow stores and copied out as one 16-byte load stalls store
     * forwarding, which cost a third of a small sendv.
     */
    if (bounded && tx + ARGO_MSG_HEADER_SIZE > r->mapped)
        return header_store_unmapped(r, tx, len + ARGO_MSG_HEADER_SIZE, source,
                                     message_type);
    header_store(ring_data(r) + tx, len + ARGO_MSG_HEADER_SIZE, source,
                 message_type);
    tx += ARGO_MSG_HEADER_SIZE;
    if (tx == r->len)
        tx = 0;

    for (unsigned i = 0; i < niov; i++) {
        uint64_t hnd = iovs[i].iov_hnd;
        uint32_t iov_len = iovs[i].iov_len;
        uint32_t tail = r->len - tx;

        /* Empty iovs are skipped before their handle is ever looked at. */
        if (!iov_len)
            continue;

        if (iov_len > tail) {
            if (ring_copy_from_guest(r, tx, guest, hnd, tail, bounded))
                return -ARGO_EFAULT;
            tx = 0;
            iov_len -= tail;
            hnd += tail;
        }
        if (ring_copy_from_guest(r, tx, guest, hnd, iov_len, bounded))
            return -ARGO_EFAULT;
        tx += iov_len;
        if (tx == r->len)
            tx = 0;
    }

    tx = argo_roundup_slot(tx);
    if (tx >= r->len)
        tx -= r->len;
    r->tx_ptr = tx;
    ring_header_set_tx(r, tx);
    return 0;
}

/* A V4V ring whose frames end inside ring[]: every copy checks the bound. */
static __attribute__((noinline, cold)) long
ring_insert_bounded(struct argo_model_ring *r, const xen_argo_addr_t *source,
                    const xen_argo_iov_t *iovs, unsigned niov,
                    uint32_t message_type, uint32_t len,
                    const struct argo_guest_reader *guest)
{
    return ring_insert_copy(r, source, iovs, niov, message_type, len, guest,
                            true);
}

long ring_insert(struct argo_model_ring *r, const xen_argo_addr_t *source,
                 const xen_argo_iov_t *iovs, unsigned niov,
                 uint32_t message_type, uint32_t len,
                 const struct argo_guest_reader *guest)
{
    if (r->mapped < r->len)
        return ring_insert_bounded(r, source, iovs, niov, message_type, len,
                                   guest);
    return ring_insert_copy(r, source, iovs, niov, message_type, len, guest,
                            false);
}
