/* SPDX-License-Identifier: MIT */
/*
 * Description: the timed send loop every copy-path benchmark shares:
 * domain 1 sends one message per iteration to domain 0's ring, and a
 * receiver empties the ring behind it.
 */
#ifndef ARGOLAB_BENCH_SEND_H
#define ARGOLAB_BENCH_SEND_H

#include "bench_setup.h"

enum bench_receiver {
    BENCH_DRAIN,                /* moves rx_ptr to tx_ptr without reading */
    BENCH_READ                  /* peeks, copies the payload out, consumes */
};

/*
 * On backend, register a ring of ring_len bytes for domain 0 (port 1,
 * partner domain 1), then time sendv of iovs (their total is the payload)
 * followed by the receiver, once per iteration. Reports bytes (payload),
 * items (messages) and signals per message. A send that does not return
 * the whole payload, or a message the receiver cannot find, skips the run.
 */
void bench_send_loop(struct bench_state *st, const char *backend,
                     uint32_t ring_len, const xen_argo_iov_t *iovs,
                     unsigned niov, enum bench_receiver receiver);

#endif
