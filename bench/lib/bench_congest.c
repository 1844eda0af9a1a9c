/* SPDX-License-Identifier: MIT */
/* Description: congested rings and their waiters, for the waiter benchmarks. */
#include "bench_congest.h"

#include <stdio.h>

static uint8_t payload[BENCH_CONGEST_FILLER_LEN];

long bench_send_len(struct bench_argo *a, argo_domid_t from,
                    const struct bench_ring *r, uint32_t len)
{
    xen_argo_iov_t iov = bench_iov(payload, len);

    return bench_argo_sendv(a, from, r, &iov, 1);
}

int bench_congest(struct bench_argo *a, const struct bench_ring *r)
{
    long rc = bench_send_len(a, 1, r, BENCH_CONGEST_FILLER_LEN);

    if (rc != BENCH_CONGEST_FILLER_LEN) {
        snprintf(a->why, sizeof(a->why), "filling the ring: sendv %ld", rc);
        return -1;
    }
    return 0;
}

int bench_queue_waiters(struct bench_argo *a, const struct bench_ring *r,
                        argo_domid_t first, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        argo_domid_t dom = (argo_domid_t)(first + i);
        long rc = bench_send_len(a, dom, r, BENCH_CONGEST_WAIT_LEN);

        if (rc != -ARGO_EAGAIN) {
            snprintf(a->why, sizeof(a->why),
                     "waiter domain %u: sendv %ld, not -EAGAIN",
                     (unsigned)dom, rc);
            return -1;
        }
    }
    return 0;
}
