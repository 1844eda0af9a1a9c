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
    uint32_t in_page = (ARGO_RING_HEADER_SIZE + offset) & (ARGO_PAGE_SIZE - 1u);
    uint32_t chunk = ARGO_PAGE_SIZE - in_page;

    memset(ring_data(r) + offset, 0, len < chunk ? len : chunk);
}

/* Guest data into ring data at offset; the caller keeps it inside the ring. */
static int ring_copy_from_guest(struct argo_model_ring *r, uint32_t offset,
                                const struct argo_guest_reader *guest,
                                uint64_t hnd, uint32_t len)
{
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

long ring_insert(struct argo_model_ring *r, const xen_argo_addr_t *source,
                 const xen_argo_iov_t *iovs, unsigned niov,
                 uint32_t message_type, uint32_t len,
                 const struct argo_guest_reader *guest)
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
            if (ring_copy_from_guest(r, tx, guest, hnd, tail))
                return -ARGO_EFAULT;
            tx = 0;
            iov_len -= tail;
            hnd += tail;
        }
        if (ring_copy_from_guest(r, tx, guest, hnd, iov_len))
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
