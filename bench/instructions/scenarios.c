/* SPDX-License-Identifier: MIT */
/* Description: the instruction-count scenarios and their set-up. */
#include "scenarios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bench_congest.h"
#include "lib/bench_sizes.h"
#include "ring_model/argo_reader.h"

static int fail(struct scenario_ctx *c, const char *what, long rc)
{
    snprintf(c->a.why, sizeof(c->a.why), "%s: %ld", what, rc);
    return -1;
}

/* Payload and out buffers of s->size bytes; iovs cutting it in n pieces. */
static int buffers(struct scenario_ctx *c, uint32_t size, unsigned niov)
{
    uint32_t off = 0;

    c->total = size;
    c->payload = calloc(1, size);
    c->out = calloc(1, size);
    if (!c->payload || !c->out)
        return fail(c, "out of memory", 0);
    c->niov = niov;
    for (unsigned i = 0; i < niov; i++) {
        uint32_t n = i + 1 == niov ? size - off : size / niov;

        c->iovs[i] = bench_iov(c->payload + off, n);
        off += n;
    }
    return 0;
}

/* sendv/B/N and iov/B/N/NIOV: a two-message ring, domain 1 sending. */
static int setup_send(struct scenario_ctx *c, const struct scenario *s)
{
    if (buffers(c, s->size, s->n ? s->n : 1))
        return -1;
    c->sender = 1;
    c->ring = bench_argo_ring(&c->a, 0, 1, 1, 2 * bench_msg_slots(s->size));
    return c->ring ? 0 : -1;
}

/* sendv_wrap/B/N: one message plus a slot, so messages split at the end. */
static int setup_send_wrap(struct scenario_ctx *c, const struct scenario *s)
{
    if (buffers(c, s->size, 1))
        return -1;
    c->sender = 1;
    c->ring = bench_argo_ring(&c->a, 0, 1, 1,
                              bench_msg_slots(s->size) + XEN_ARGO_MSG_SLOT_SIZE);
    return c->ring ? 0 : -1;
}

static int op_sendv_drain(struct scenario_ctx *c)
{
    long rc = bench_argo_sendv(&c->a, c->sender, c->ring, c->iovs, c->niov);

    if (rc != (long)c->total)
        return fail(c, "sendv", rc);
    bench_ring_drain(c->ring);
    return 0;
}

static int op_sendv_consume(struct scenario_ctx *c)
{
    long rc = bench_argo_sendv(&c->a, c->sender, c->ring, c->iovs, c->niov);
    struct argo_ring_msg msg;

    if (rc != (long)c->total)
        return fail(c, "sendv", rc);
    rc = argo_ring_peek(c->ring->mem, c->ring->len, &msg);
    if (rc)
        return fail(c, "peek", rc);
    argo_ring_copy_payload(c->ring->mem, c->ring->len, &msg, 0, c->out,
                           msg.payload_len);
    argo_ring_consume(c->ring->mem, &msg);
    return 0;
}

/* notify_waiters/B/W and sendv_eagain/B/W: a congested wildcard ring. */
static int setup_waiters(struct scenario_ctx *c, const struct scenario *s)
{
    c->ring = bench_argo_ring(&c->a, 0, 1, XEN_ARGO_DOMID_ANY,
                              BENCH_CONGEST_RING_LEN);
    if (!c->ring || bench_congest(&c->a, c->ring) ||
        bench_queue_waiters(&c->a, c->ring, 2, s->n))
        return -1;
    c->sender = (argo_domid_t)(2 + s->n - 1);
    return 0;
}

/* notify_rings/B/1/R: R congested wildcard rings, domain 1 waiting on each. */
static int setup_rings(struct scenario_ctx *c, const struct scenario *s)
{
    for (unsigned i = 0; i < s->n; i++) {
        struct bench_ring *r = bench_argo_ring(&c->a, 0,
                                               (xen_argo_port_t)(i + 1),
                                               XEN_ARGO_DOMID_ANY,
                                               BENCH_CONGEST_RING_LEN);

        if (!r || bench_congest(&c->a, r) || bench_queue_waiters(&c->a, r, 1, 1))
            return -1;
    }
    return 0;
}

static int op_notify(struct scenario_ctx *c)
{
    long rc = c->a.be->ops->notify(c->a.be->be, 0, NULL, NULL);

    return rc ? fail(c, "notify", rc) : 0;
}

static int op_sendv_eagain(struct scenario_ctx *c)
{
    long rc = bench_send_len(&c->a, c->sender, c->ring, BENCH_CONGEST_WAIT_LEN);

    return rc != -ARGO_EAGAIN ? fail(c, "sendv", rc) : 0;
}

/* reader_copy_out/N: a ring of 64 messages read, without consuming. */
static int setup_reader(struct scenario_ctx *c, const struct scenario *s)
{
    if (buffers(c, s->size, 1))
        return -1;
    c->ring = bench_argo_ring(&c->a, 0, 1, 1, 65 * bench_msg_slots(s->size));
    if (!c->ring)
        return -1;
    for (unsigned i = 0; i < 64; i++) {
        long rc = bench_argo_sendv(&c->a, 1, c->ring, c->iovs, 1);

        if (rc != (long)s->size)
            return fail(c, "filling the ring", rc);
    }
    return 0;
}

static int op_reader_copy_out(struct scenario_ctx *c)
{
    long rc = argo_ring_copy_out(c->ring->mem, c->ring->len, NULL, NULL,
                                 c->out, c->total, false);

    return rc != (long)c->total ? fail(c, "copy_out", rc) : 0;
}

/* register/B/LEN: register and unregister one ring in the same pages. */
static int setup_register(struct scenario_ctx *c, const struct scenario *s)
{
    size_t bytes = (size_t)argo_ring_npages(s->size) * ARGO_PAGE_SIZE;

    c->total = s->size;
    c->payload = aligned_alloc(ARGO_PAGE_SIZE, bytes);
    if (!c->payload)
        return fail(c, "out of memory", 0);
    memset(c->payload, 0, bytes);
    return 0;
}

static int op_register(struct scenario_ctx *c)
{
    xen_argo_register_ring_t reg = { .aport = 1, .partner_id = 1,
                                     .len = c->total };
    xen_argo_unregister_ring_t unreg = { .aport = 1, .partner_id = 1 };
    long rc;

    rc = c->a.be->ops->register_ring(c->a.be->be, 0, &reg, c->payload, false,
                                     argo_ring_npages(c->total), 0);
    if (rc)
        return fail(c, "register_ring", rc);
    rc = c->a.be->ops->unregister_ring(c->a.be->be, 0, &unreg);
    return rc ? fail(c, "unregister_ring", rc) : 0;
}

#define BACKEND_SCENARIOS(B)                                                 \
    { B "/sendv_16", B, setup_send, op_sendv_drain, 16, 1 },                 \
    { B "/sendv_4096", B, setup_send, op_sendv_drain, 4096, 1 },             \
    { B "/sendv_65536", B, setup_send, op_sendv_drain, 65536, 1 },           \
    { B "/sendv_wrap_4096", B, setup_send_wrap, op_sendv_drain, 4096, 1 },   \
    { B "/sendv_consume_16", B, setup_send, op_sendv_consume, 16, 1 },       \
    { B "/iov8_4096", B, setup_send, op_sendv_drain, 4096, 8 },              \
    { B "/notify_waiters_0", B, setup_waiters, op_notify, 0, 0 },            \
    { B "/notify_waiters_32", B, setup_waiters, op_notify, 0, 32 },          \
    { B "/notify_rings_128", B, setup_rings, op_notify, 0, 128 },            \
    { B "/sendv_eagain_32", B, setup_waiters, op_sendv_eagain, 0, 32 },      \
    { B "/register_4032", B, setup_register, op_register, 4032, 0 },         \
    { B "/register_1048576", B, setup_register, op_register, 1048576, 0 }

const struct scenario scenarios[] = {
    BACKEND_SCENARIOS("model"),
    { "model/reader_copy_out_256", "model", setup_reader, op_reader_copy_out,
      256, 0 },
#ifdef ARGOLAB_HAVE_XENHOST
    BACKEND_SCENARIOS("xenhost"),
#endif
    { NULL, NULL, NULL, NULL, 0, 0 }
};

int scenario_setup(struct scenario_ctx *c, const struct scenario *s)
{
    /* Waiting domains are 2 .. n + 1; other scenarios need 0 and 1. */
    unsigned ndomains = s->setup == setup_waiters ? 2 + s->n : 2;

    memset(c, 0, sizeof(*c));
    if (bench_argo_open(&c->a, s->backend, ndomains))
        return -1;
    return s->setup(c, s);
}

void scenario_teardown(struct scenario_ctx *c)
{
    bench_argo_close(&c->a);
    free(c->payload);
    free(c->out);
    c->payload = c->out = NULL;
}
