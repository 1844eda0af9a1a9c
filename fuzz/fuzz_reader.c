/* SPDX-License-Identifier: MIT */
/*
 * Description: the guest-side reader over arbitrary ring bytes and indices.
 * The ring is allocated at exactly its size, so any read outside it is a
 * sanitizer report; every answer must be a payload length, -ENOMSG or
 * -EBADMSG, and a message it accepts must lie between rx_ptr and tx_ptr.
 *
 * Input: 2 bytes choose the ring length (48..16384, a multiple of 16); one
 * byte the copy buffer (bits 0-6 its size, 0 passing no buffer; bit 7 set:
 * no source or type wanted either); the rest fills the ring header and data
 * (zeros past the end). The reader then consumes until it stops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring_model/argo_reader.h"

static uint32_t distance(uint32_t from, uint32_t to, uint32_t len)
{
    return to >= from ? to - from : len - (from - to);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t len, buflen, rx, tx;
    bool want_meta;
    uint8_t *mem, *buf;
    size_t ring_bytes;

    if (size < 3)
        return 0;
    len = ARGO_MIN_RING_LEN + 16u * ((data[0] | (uint32_t)data[1] << 8) % 1022u);
    buflen = data[2] & 0x7f;
    want_meta = !(data[2] & 0x80);
    data += 3;
    size -= 3;

    ring_bytes = ARGO_RING_HEADER_SIZE + (size_t)len;
    mem = calloc(1, ring_bytes);
    buf = malloc(buflen ? buflen : 1);
    if (!mem || !buf)
        abort();
    memcpy(mem, data, size < ring_bytes ? size : ring_bytes);

    /* At most len/16 messages fit; more reads mean a loop that never ends. */
    for (uint32_t reads = 0; reads <= len / XEN_ARGO_MSG_SLOT_SIZE; reads++) {
        xen_argo_addr_t from;
        uint32_t type;
        long rc;

        memcpy(&rx, mem, sizeof(rx));
        memcpy(&tx, mem + 4, sizeof(tx));
        rc = argo_ring_copy_out(mem, len, want_meta ? &from : NULL,
                                want_meta ? &type : NULL, buflen ? buf : NULL,
                                buflen, true);
        if (rc == -ARGO_ENOMSG || rc == -ARGO_EBADMSG)
            break;
        if (rc < 0 ||
            (uint64_t)rc + ARGO_MSG_HEADER_SIZE > distance(rx, tx, len)) {
            fprintf(stderr, "reader accepted %ld payload bytes between rx %u "
                            "and tx %u of a %u-byte ring\n", rc, rx, tx, len);
            abort();
        }
        memcpy(&rx, mem, sizeof(rx));
        if (rx >= len || rx % XEN_ARGO_MSG_SLOT_SIZE) {
            fprintf(stderr, "reader left rx_ptr %u in a %u-byte ring\n", rx,
                    len);
            abort();
        }
        if (reads == len / XEN_ARGO_MSG_SLOT_SIZE) {
            fprintf(stderr, "reader never reached tx_ptr\n");
            abort();
        }
    }
    free(buf);
    free(mem);
    return 0;
}
