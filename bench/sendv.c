/* SPDX-License-Identifier: MIT */
/*
 * Description: the sendv copy path against payload size, on the model and on
 * Xen's own argo.c, with a receiver that keeps the ring from filling.
 *
 * sendv/B/N: the ring holds exactly two messages, so no message is ever
 * split by the ring end; the receiver drains by moving rx_ptr (pausing the
 * timer for it would cost more than a small sendv). sendv_wrap/B/N: the
 * ring is one message plus one slot long, so tx_ptr walks back a slot per
 * message and nearly every payload is split in two by the ring end.
 * sendv_consume/B/N: the receiver really reads (peek, copy the payload out,
 * consume): one message end to end on one core, what the peers do too.
 */
#include <stdlib.h>

#include "lib/bench_send.h"
#include "lib/bench_sizes.h"

enum sendv_layout { TWO_MESSAGES, SPLIT_BY_END };

static void sendv_run(struct bench_state *st, const char *backend,
                      enum sendv_layout layout, enum bench_receiver receiver)
{
    uint32_t size = (uint32_t)bench_arg_at(st, 0);
    uint32_t slots = bench_msg_slots(size);
    uint8_t *payload = malloc(size);
    xen_argo_iov_t iov;

    if (!payload) {
        bench_skip(st, "out of memory");
        return;
    }
    for (uint32_t i = 0; i < size; i++)
        payload[i] = (uint8_t)(i * 7u + 1u);
    iov = bench_iov(payload, size);
    bench_send_loop(st, backend,
                    layout == SPLIT_BY_END ? slots + XEN_ARGO_MSG_SLOT_SIZE
                                           : 2 * slots,
                    &iov, 1, receiver);
    free(payload);
}

#define SENDV_BENCH(fn, backend, layout, receiver)                          \
    static void fn(struct bench_state *st)                                  \
    {                                                                       \
        sendv_run(st, backend, layout, receiver);                           \
    }

SENDV_BENCH(sendv_model, "model", TWO_MESSAGES, BENCH_DRAIN)
SENDV_BENCH(sendv_wrap_model, "model", SPLIT_BY_END, BENCH_DRAIN)
SENDV_BENCH(sendv_consume_model, "model", TWO_MESSAGES, BENCH_READ)
#ifdef ARGOLAB_HAVE_XENHOST
SENDV_BENCH(sendv_xenhost, "xenhost", TWO_MESSAGES, BENCH_DRAIN)
SENDV_BENCH(sendv_wrap_xenhost, "xenhost", SPLIT_BY_END, BENCH_DRAIN)
SENDV_BENCH(sendv_consume_xenhost, "xenhost", TWO_MESSAGES, BENCH_READ)
#endif

BENCH_REGISTER(register_sendv)
{
    bench_payload_sizes(bench_register("sendv/model", sendv_model));
    bench_payload_sizes(bench_register("sendv_wrap/model", sendv_wrap_model));
    bench_payload_sizes(bench_register("sendv_consume/model", sendv_consume_model));
#ifdef ARGOLAB_HAVE_XENHOST
    bench_payload_sizes(bench_register("sendv/xenhost", sendv_xenhost));
    bench_payload_sizes(bench_register("sendv_wrap/xenhost", sendv_wrap_xenhost));
    bench_payload_sizes(bench_register("sendv_consume/xenhost", sendv_consume_xenhost));
#endif
}
