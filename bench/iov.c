/* SPDX-License-Identifier: MIT */
/*
 * Description: sendv against the number of iovs at fixed totals:
 * iov/B/TOTAL/NIOV, the payload cut into NIOV nearly equal pieces (the last
 * takes the remainder), ring and receiver as in sendv/B/N.
 */
#include <stdlib.h>

#include "lib/bench_send.h"
#include "lib/bench_sizes.h"

static void iov_run(struct bench_state *st, const char *backend)
{
    uint32_t total = (uint32_t)bench_arg_at(st, 0);
    unsigned niov = (unsigned)bench_arg_at(st, 1);
    uint8_t *payload = malloc(total);
    xen_argo_iov_t iovs[XEN_ARGO_MAXIOV];
    uint32_t piece = total / niov, off = 0;

    if (!payload) {
        bench_skip(st, "out of memory");
        return;
    }
    for (uint32_t i = 0; i < total; i++)
        payload[i] = (uint8_t)(i * 7u + 1u);
    for (unsigned i = 0; i < niov; i++) {
        uint32_t n = i + 1 == niov ? total - off : piece;

        iovs[i] = bench_iov(payload + off, n);
        off += n;
    }
    bench_send_loop(st, backend, 2 * bench_msg_slots(total), iovs, niov,
                    BENCH_DRAIN);
    free(payload);
}

static void iov_model(struct bench_state *st) { iov_run(st, "model"); }
#ifdef ARGOLAB_HAVE_XENHOST
static void iov_xenhost(struct bench_state *st) { iov_run(st, "xenhost"); }
#endif

static void iov_args(struct bench *b)
{
    static const int64_t totals[] = { 64, 4096, 65536 };

    for (unsigned t = 0; t < 3; t++)
        for (int64_t n = 1; n <= XEN_ARGO_MAXIOV; n++) {
            int64_t args[2] = { totals[t], n };

            bench_args(b, args, 2);
        }
}

BENCH_REGISTER(register_iov)
{
    iov_args(bench_register("iov/model", iov_model));
#ifdef ARGOLAB_HAVE_XENHOST
    iov_args(bench_register("iov/xenhost", iov_xenhost));
#endif
}
