/* SPDX-License-Identifier: MIT */
/*
 * Description: a congested ring for the waiter benchmarks: full but for 32
 * bytes of payload space, with senders waiting for more.
 *
 * The ring is BENCH_CONGEST_RING_LEN bytes; its partner (domain 1) fills it
 * with one message so that notify, finding space not zero, looks at every
 * waiter, and wakes none: each waits for BENCH_CONGEST_WAIT_LEN bytes.
 */
#ifndef ARGOLAB_BENCH_CONGEST_H
#define ARGOLAB_BENCH_CONGEST_H

#include "bench_argo.h"

#define BENCH_CONGEST_RING_LEN   4096u
#define BENCH_CONGEST_FILLER_LEN 4016u  /* leaves 64 bytes: 32 of payload */
#define BENCH_CONGEST_WAIT_LEN   1024u

/* Fill r from domain 1. 0, or -1 with a->why. */
int bench_congest(struct bench_argo *a, const struct bench_ring *r);

/*
 * Domains first .. first + n - 1 each send BENCH_CONGEST_WAIT_LEN bytes to
 * r and get -EAGAIN: n more waiters. 0, or -1 with a->why.
 */
int bench_queue_waiters(struct bench_argo *a, const struct bench_ring *r,
                        argo_domid_t first, unsigned n);

/* sendv of len (<= BENCH_CONGEST_FILLER_LEN) bytes from domain from to r. */
long bench_send_len(struct bench_argo *a, argo_domid_t from,
                    const struct bench_ring *r, uint32_t len);

#endif
