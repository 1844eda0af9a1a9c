/* SPDX-License-Identifier: MIT */
/*
 * Description: the payload buffers of the peer benchmarks: what the sender
 * hands over and where the receiver puts it, N bytes each.
 */
#ifndef ARGOLAB_BENCH_PAYLOAD_H
#define ARGOLAB_BENCH_PAYLOAD_H

#include <stdint.h>
#include <stdlib.h>

#include "shim/bench_shim.h"

struct bench_payload {
    uint32_t size;
    uint8_t *in;                /* filled with a pattern */
    uint8_t *out;
};

/* Both buffers of bench_arg_at(st, 0) bytes; 0, or -1 after skipping. */
static inline int bench_payload_alloc(struct bench_payload *p,
                                      struct bench_state *st)
{
    p->size = (uint32_t)bench_arg_at(st, 0);
    p->in = malloc(p->size);
    p->out = malloc(p->size);
    if (!p->in || !p->out) {
        free(p->in);
        free(p->out);
        bench_skip(st, "out of memory");
        return -1;
    }
    for (uint32_t i = 0; i < p->size; i++)
        p->in[i] = (uint8_t)(i * 7u + 1u);
    return 0;
}

/* Report the run's bytes and messages, then free the buffers. */
static inline void bench_payload_done(struct bench_payload *p,
                                      struct bench_state *st)
{
    bench_set_bytes(st, bench_iterations(st) * (int64_t)p->size);
    bench_set_items(st, bench_iterations(st));
    free(p->in);
    free(p->out);
}

#endif
