/* SPDX-License-Identifier: MIT */
/*
 * Description: peer on this host: Concurrency Kit's single-producer
 * single-consumer ring, ck_spsc/N: the producer copies N bytes into a free
 * slot and enqueues it, the consumer dequeues it and copies the bytes out,
 * on one core (the same two copies as sendv_consume/B/N and pipe/N, with
 * nothing in between: the lower bound of a shared-memory ring).
 */
#include <ck_ring.h>
#include <string.h>

#include "lib/bench_payload.h"
#include "lib/bench_sizes.h"

#define SLOTS 64u               /* a power of two, as ck_ring requires */

static void ck_spsc_payload(struct bench_state *st)
{
    static struct ck_ring_buffer buffer[SLOTS];
    struct bench_payload p;
    struct ck_ring ring;
    uint8_t *slots;
    unsigned next = 0;

    if (bench_payload_alloc(&p, st))
        return;
    slots = malloc((size_t)SLOTS * p.size);
    if (!slots) {
        bench_skip(st, "out of memory");
        bench_payload_done(&p, st);
        return;
    }
    ck_ring_init(&ring, SLOTS);

    while (bench_keep_running(st)) {
        uint8_t *slot = slots + (size_t)(next++ % SLOTS) * p.size;
        void *got;

        memcpy(slot, p.in, p.size);
        if (!ck_ring_enqueue_spsc(&ring, buffer, slot) ||
            !ck_ring_dequeue_spsc(&ring, buffer, &got)) {
            bench_skip(st, "ck_ring enqueue or dequeue failed");
            break;
        }
        memcpy(p.out, got, p.size);
        bench_clobber(p.out);
    }
    free(slots);
    bench_payload_done(&p, st);
}

BENCH_REGISTER(register_ck_spsc)
{
    bench_payload_sizes(bench_register("ck_spsc", ck_spsc_payload));
}
