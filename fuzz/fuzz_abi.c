/* SPDX-License-Identifier: MIT */
/*
 * Description: every Argo wire struct through bytes -> struct -> bytes,
 * which must give the same bytes; the compiler's own layout (memcpy) must
 * agree with the field-by-field encoding; and a 32-bit guest's iov must
 * widen to the LP64 view and narrow back unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring_model/argo_wire.h"

/* Input bytes for one struct: the next n, zeros once the input runs out. */
static const uint8_t *take(const uint8_t **data, size_t *size, size_t n,
                           uint8_t *buf)
{
    size_t have = *size < n ? *size : n;

    memset(buf, 0, n);
    memcpy(buf, *data, have);
    *data += have;
    *size -= have;
    return buf;
}

#define ROUND_TRIP(type, name)                                              \
    do {                                                                    \
        uint8_t in[sizeof(type)], out[sizeof(type)];                        \
        type decoded, native;                                               \
                                                                            \
        take(&data, &size, sizeof(type), in);                               \
        argo_wire_get_##name(&decoded, in);                                 \
        argo_wire_put_##name(out, &decoded);                                \
        memcpy(&native, in, sizeof(type));                                  \
        if (memcmp(in, out, sizeof(type)) ||                                \
            memcmp(&native, &decoded, sizeof(type))) {                      \
            fprintf(stderr, #type ": bytes do not round-trip\n");           \
            abort();                                                        \
        }                                                                   \
    } while (0);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t bytes[sizeof(xen_argo_iov_ilp32_t)], again[sizeof(bytes)];
    xen_argo_iov_ilp32_t narrow, back;
    xen_argo_iov_t wide;

    while (size) {
#define ROUND_TRIP_ONE(type, name) ROUND_TRIP(type, name)
        ARGO_WIRE_STRUCTS(ROUND_TRIP_ONE)
#undef ROUND_TRIP_ONE

        take(&data, &size, sizeof(bytes), bytes);
        argo_wire_get_iov_ilp32(&narrow, bytes);
        argo_iov_from_ilp32(&wide, &narrow);
        if (wide.iov_hnd != narrow.iov_hnd || wide.iov_len != narrow.iov_len ||
            wide.pad != narrow.pad || argo_iov_to_ilp32(&back, &wide))
            abort();
        argo_wire_put_iov_ilp32(again, &back);
        if (memcmp(bytes, again, sizeof(bytes)))
            abort();
        /* A handle above 4 GiB has no 32-bit form. */
        wide.iov_hnd |= UINT64_C(1) << 32;
        if (!argo_iov_to_ilp32(&back, &wide))
            abort();
    }
    return 0;
}
