/* SPDX-License-Identifier: MIT */
/*
 * Description: the limit for the copy path: memcpy of the same payloads
 * into the same footprint as sendv/B/N's ring (two message slots,
 * alternately), on one core.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bench_sizes.h"

static void memcpy_payload(struct bench_state *st)
{
    uint32_t size = (uint32_t)bench_arg_at(st, 0);
    uint32_t slots = bench_msg_slots(size);
    uint8_t *src = malloc(size), *dst = aligned_alloc(4096, 2 * (size_t)slots + 4096);
    int64_t n = 0;

    if (!src || !dst) {
        bench_skip(st, "out of memory");
        goto out;
    }
    for (uint32_t i = 0; i < size; i++)
        src[i] = (uint8_t)(i * 7u + 1u);
    memset(dst, 0, 2 * (size_t)slots);
    while (bench_keep_running(st)) {
        /* Where sendv puts the payload: after the header, in turn in each half. */
        memcpy(dst + (n++ & 1) * slots + ARGO_MSG_HEADER_SIZE, src, size);
        bench_clobber(dst);
    }
    bench_set_bytes(st, bench_iterations(st) * (int64_t)size);
    bench_set_items(st, bench_iterations(st));
out:
    free(src);
    free(dst);
}

BENCH_REGISTER(register_memcpy)
{
    bench_payload_sizes(bench_register("memcpy", memcpy_payload));
}
