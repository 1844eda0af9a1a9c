/* SPDX-License-Identifier: MIT */
/*
 * Description: the guest-side V4V reader (v4v_copy_out) over arbitrary ring
 * bytes and indices, checked against the Argo reader on the same ring[].
 * The ring is allocated at exactly its size (60-byte header, then ring[]),
 * so any read outside it is a sanitizer report. Every answer must be a
 * payload length, -ENOMSG or -EBADMSG; an accepted message must lie between
 * rx_ptr and tx_ptr; and since the two ABIs share the message format, the
 * Argo reader on a copy of ring[] behind an Argo header with the same
 * indices must give the same answer, bytes and next rx_ptr every time.
 *
 * Input: 2 bytes choose the ring length (48..16384, a multiple of 16); one
 * byte the copy buffer (bits 0-6 its size, 0 passing no buffer; bit 7 set:
 * no source or protocol wanted either); the rest fills the V4V ring header
 * and ring[] (zeros past the end). Both readers then consume until they stop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring_model/v4v_reader.h"

static uint32_t load_u32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static uint32_t distance(uint32_t from, uint32_t to, uint32_t len)
{
    return to >= from ? to - from : len - (from - to);
}

static void die(const char *what, long a, long b)
{
    fprintf(stderr, "fuzz_v4v_reader: %s (%ld, %ld)\n", what, a, b);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t vbuf[128], abuf[128];
    uint32_t len, buflen;
    bool want_meta;
    uint8_t *v4v, *argo;
    size_t v4v_bytes;

    if (size < 3)
        return 0;
    len = V4V_MIN_RING_LEN + 16u * ((data[0] | (uint32_t)data[1] << 8) % 1022u);
    buflen = data[2] & 0x7f;
    want_meta = !(data[2] & 0x80);
    data += 3;
    size -= 3;

    v4v_bytes = V4V_RING_HEADER_SIZE + (size_t)len;
    v4v = calloc(1, v4v_bytes);
    argo = calloc(1, ARGO_RING_HEADER_SIZE + (size_t)len);
    if (!v4v || !argo)
        abort();
    memcpy(v4v, data, size < v4v_bytes ? size : v4v_bytes);
    memcpy(argo + offsetof(xen_argo_ring_t, rx_ptr),
           v4v + offsetof(v4v_ring_t, rx_ptr), 4);
    memcpy(argo + offsetof(xen_argo_ring_t, tx_ptr),
           v4v + offsetof(v4v_ring_t, tx_ptr), 4);
    memcpy(argo + ARGO_RING_HEADER_SIZE, v4v + V4V_RING_HEADER_SIZE, len);

    /* At most len/16 messages fit; more reads mean a loop that never ends. */
    for (uint32_t reads = 0; reads <= len / V4V_MSG_SLOT_SIZE; reads++) {
        uint32_t rx = load_u32(v4v + offsetof(v4v_ring_t, rx_ptr));
        uint32_t tx = load_u32(v4v + offsetof(v4v_ring_t, tx_ptr));
        v4v_addr_t vfrom = { 0, 0 };
        xen_argo_addr_t afrom;
        uint32_t vproto = 0, atype = 0;
        long rv, ra;

        memset(&afrom, 0, sizeof(afrom));
        rv = v4v_copy_out(v4v, len, want_meta ? &vfrom : NULL,
                          want_meta ? &vproto : NULL, buflen ? vbuf : NULL,
                          buflen, true);
        ra = argo_ring_copy_out(argo, len, want_meta ? &afrom : NULL,
                                want_meta ? &atype : NULL,
                                buflen ? abuf : NULL, buflen, true);
        if (rv != ra)
            die("the V4V and Argo readers disagree", rv, ra);
        if (rv == -ARGO_ENOMSG || rv == -ARGO_EBADMSG)
            break;
        if (rv < 0 || (uint64_t)rv + V4V_MSG_HEADER_SIZE > distance(rx, tx, len))
            die("reader accepted more payload than lies between rx and tx",
                rv, (long)distance(rx, tx, len));
        if (buflen && memcmp(vbuf, abuf, buflen < (uint64_t)rv ? buflen : (size_t)rv))
            die("the readers copied different payload bytes", rv, buflen);
        if (want_meta && (vfrom.port != afrom.aport ||
                          vfrom.domain != afrom.domain_id || vproto != atype))
            die("the readers report different sources or types", vfrom.port,
                afrom.aport);
        rx = load_u32(v4v + offsetof(v4v_ring_t, rx_ptr));
        if (rx != load_u32(argo + offsetof(xen_argo_ring_t, rx_ptr)))
            die("the readers consumed to different rx_ptr", rx,
                load_u32(argo + offsetof(xen_argo_ring_t, rx_ptr)));
        if (rx >= len || rx % V4V_MSG_SLOT_SIZE)
            die("reader left rx_ptr out of the ring", rx, len);
        if (reads == len / V4V_MSG_SLOT_SIZE)
            die("reader never reached tx_ptr", rx, tx);
    }
    free(argo);
    free(v4v);
    return 0;
}
