/* SPDX-License-Identifier: MIT */
/*
 * Description: the guest-side reader per message size: reader_peek/N
 * (describe the next message), reader_copy_out/N (copy it out, ring
 * unchanged), reader_consume/N (copy it out and consume; when the ring is
 * empty, rx_ptr goes back to its first message, which is still there).
 *
 * The ring holds 64 messages of N bytes, written by the model's sendv
 * before timing starts; the reader touches only the ring memory.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bench_setup.h"
#include "lib/bench_sizes.h"
#include "ring_model/argo_reader.h"

#define MESSAGES 64u

enum reader_step { PEEK, COPY_OUT, CONSUME };

/* rx_ptr = 0: the first message again. */
static void ring_rewind(struct bench_ring *r)
{
    const uint32_t zero = 0;

    memcpy(r->mem + offsetof(xen_argo_ring_t, rx_ptr), &zero, sizeof(zero));
}

static void reader_run(struct bench_state *st, enum reader_step step)
{
    uint32_t size = (uint32_t)bench_arg_at(st, 0);
    uint32_t len = (MESSAGES + 1) * bench_msg_slots(size);
    uint8_t *payload = calloc(1, size), *out = malloc(size);
    xen_argo_iov_t iov = bench_iov(payload, size);
    struct bench_argo a;
    struct bench_ring *r;
    bool broken = false;

    if (!payload || !out) {
        bench_skip(st, "out of memory");
        goto out_free;
    }
    if (bench_open_or_skip(st, &a, "model", 2))
        goto out_free;
    r = bench_ring_or_skip(st, &a, 0, 1, 1, len);
    if (!r)
        goto out;
    for (unsigned i = 0; i < MESSAGES; i++)
        if (bench_argo_sendv(&a, 1, r, &iov, 1) != (long)size) {
            bench_skip(st, "filling the ring failed");
            goto out;
        }

    while (bench_keep_running(st)) {
        struct argo_ring_msg msg;
        xen_argo_addr_t from;
        uint32_t type;
        long rc;

        switch (step) {
        case PEEK:
            broken = argo_ring_peek(r->mem, r->len, &msg) != 0;
            bench_clobber(&msg);
            break;
        case COPY_OUT:
            rc = argo_ring_copy_out(r->mem, r->len, &from, &type, out, size,
                                    false);
            broken = rc != (long)size;
            bench_clobber(out);
            break;
        case CONSUME:
            rc = argo_ring_copy_out(r->mem, r->len, &from, &type, out, size,
                                    true);
            if (rc == -ARGO_ENOMSG) {
                ring_rewind(r);
                rc = argo_ring_copy_out(r->mem, r->len, &from, &type, out,
                                        size, true);
            }
            broken = rc != (long)size;
            bench_clobber(out);
            break;
        }
        if (broken) {
            bench_skip(st, "the reader did not find the message");
            break;
        }
    }
    bench_set_bytes(st, bench_iterations(st) * (int64_t)size);
    bench_set_items(st, bench_iterations(st));
out:
    bench_argo_close(&a);
out_free:
    free(payload);
    free(out);
}

static void reader_peek(struct bench_state *st) { reader_run(st, PEEK); }
static void reader_copy_out(struct bench_state *st) { reader_run(st, COPY_OUT); }
static void reader_consume(struct bench_state *st) { reader_run(st, CONSUME); }

BENCH_REGISTER(register_reader)
{
    bench_range(bench_register("reader_peek", reader_peek), 16, 65536, 16);
    bench_range(bench_register("reader_copy_out", reader_copy_out), 16, 65536, 16);
    bench_range(bench_register("reader_consume", reader_consume), 16, 65536, 16);
}
