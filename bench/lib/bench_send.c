/* SPDX-License-Identifier: MIT */
/* Description: the timed send loop shared by the copy-path benchmarks. */
#include "bench_send.h"

#include <stdlib.h>

#include "ring_model/argo_reader.h"

void bench_send_loop(struct bench_state *st, const char *backend,
                     uint32_t ring_len, const xen_argo_iov_t *iovs,
                     unsigned niov, enum bench_receiver receiver)
{
    uint32_t total = 0;
    struct bench_argo a;
    struct bench_ring *r;
    uint8_t *out = NULL;

    for (unsigned i = 0; i < niov; i++)
        total += iovs[i].iov_len;
    if (bench_open_or_skip(st, &a, backend, 2))
        return;
    r = bench_ring_or_skip(st, &a, 0, 1, 1, ring_len);
    if (!r)
        goto out;
    out = malloc(total ? total : 1);
    if (!out) {
        bench_skip(st, "out of memory");
        goto out;
    }

    while (bench_keep_running(st)) {
        struct argo_ring_msg msg;

        if (bench_argo_sendv(&a, 1, r, iovs, niov) != (long)total) {
            bench_skip(st, "sendv did not send the whole payload");
            break;
        }
        if (receiver == BENCH_DRAIN) {
            bench_ring_drain(r);
            continue;
        }
        if (argo_ring_peek(r->mem, r->len, &msg)) {
            bench_skip(st, "the message sent is not in the ring");
            break;
        }
        argo_ring_copy_payload(r->mem, r->len, &msg, 0, out, msg.payload_len);
        bench_clobber(out);
        argo_ring_consume(r->mem, &msg);
    }
    bench_set_bytes(st, bench_iterations(st) * (int64_t)total);
    bench_set_items(st, bench_iterations(st));
    if (bench_iterations(st))
        bench_counter(st, "signals", (double)a.signals,
                      BENCH_COUNTER_PER_ITERATION);
out:
    free(out);
    bench_argo_close(&a);
}
