/* SPDX-License-Identifier: MIT */
/*
 * Description: the lockstep diff finds each kind of disagreement at the
 * operation where it happens: a result line, a ring byte, a ring that one
 * side no longer has; and finds none between two models.
 *
 * The second backend is the model behind a wrapper that misbehaves once,
 * in a chosen way.
 */
#include <stdlib.h>

#include "check.h"
#include "host/trace_diff.h"

enum fault {
    FAULT_NONE,
    FAULT_SENDV_RC,             /* the 2nd sendv reports one byte less */
    FAULT_RING_BYTE,            /* the 2nd sendv also scribbles past tx */
    FAULT_RING_GONE,            /* after the 2nd sendv the ring "vanishes" */
};

static const char trace_text[] =
    "domain 0\n"
    "domain 1\n"
    "register 1 7 0 256\n"
    "sendv 0 1 1:7 hex:0102030405\n"
    "sendv 0 1 1:7 fill:40\n"
    "consume 1 7 0 all\n";

struct wrapper {
    struct argo_model model;
    struct argo_backend inner;
    enum fault fault;
    unsigned sends;
    uint8_t *ring_mem;
    bool ring_gone;
};

static struct wrapper wrapped;

static void w_set_signal_sink(void *be, argo_signal_fn fn, void *ctx)
{
    (void)be;
    wrapped.inner.ops->set_signal_sink(wrapped.inner.be, fn, ctx);
}

static void w_set_mac_permissive(void *be, bool on)
{
    (void)be;
    wrapped.inner.ops->set_mac_permissive(wrapped.inner.be, on);
}

static int w_domain_create(void *be, argo_domid_t dom, bool argo)
{
    (void)be;
    return wrapped.inner.ops->domain_create(wrapped.inner.be, dom, argo);
}

static int w_domain_destroy(void *be, argo_domid_t dom)
{
    (void)be;
    return wrapped.inner.ops->domain_destroy(wrapped.inner.be, dom);
}

static long w_register_ring(void *be, argo_domid_t caller,
                            const xen_argo_register_ring_t *reg, uint8_t *mem,
                            bool bad_frame, uint64_t npages, uint64_t flags)
{
    (void)be;
    wrapped.ring_mem = mem;
    return wrapped.inner.ops->register_ring(wrapped.inner.be, caller, reg, mem,
                                            bad_frame, npages, flags);
}

static long w_unregister_ring(void *be, argo_domid_t caller,
                              const xen_argo_unregister_ring_t *unreg)
{
    (void)be;
    return wrapped.inner.ops->unregister_ring(wrapped.inner.be, caller, unreg);
}

static long w_sendv(void *be, argo_domid_t caller,
                    const xen_argo_send_addr_t *addr,
                    const xen_argo_iov_t *iovs, uint64_t niov, uint64_t type,
                    const struct argo_guest_reader *guest)
{
    long rc = wrapped.inner.ops->sendv(wrapped.inner.be, caller, addr, iovs,
                                       niov, type, guest);

    (void)be;
    if (++wrapped.sends != 2)
        return rc;
    switch (wrapped.fault) {
    case FAULT_SENDV_RC:
        return rc - 1;
    case FAULT_RING_BYTE:
        /* Data offset 200 is beyond both messages: no result line shows it. */
        wrapped.ring_mem[ARGO_RING_HEADER_SIZE + 200] ^= 0x5a;
        return rc;
    case FAULT_RING_GONE:
        wrapped.ring_gone = true;
        return rc;
    case FAULT_NONE:
        break;
    }
    return rc;
}

static long w_notify(void *be, argo_domid_t caller,
                     const xen_argo_ring_data_t *rd,
                     xen_argo_ring_data_ent_t *ents)
{
    (void)be;
    return wrapped.inner.ops->notify(wrapped.inner.be, caller, rd, ents);
}

static bool w_ring_registered(void *be, argo_domid_t dom, xen_argo_port_t port,
                              argo_domid_t partner)
{
    (void)be;
    if (wrapped.ring_gone)
        return false;
    return wrapped.inner.ops->ring_registered(wrapped.inner.be, dom, port,
                                              partner);
}

static const struct argo_backend_ops wrapper_ops = {
    .name = "wrapped",
    .set_signal_sink = w_set_signal_sink,
    .set_mac_permissive = w_set_mac_permissive,
    .domain_create = w_domain_create,
    .domain_destroy = w_domain_destroy,
    .register_ring = w_register_ring,
    .unregister_ring = w_unregister_ring,
    .sendv = w_sendv,
    .notify = w_notify,
    .ring_registered = w_ring_registered,
};

/* Diff trace_text between a plain model and the wrapper set to fault. */
static int diff_with(enum fault fault, struct diff_report *r)
{
    static struct trace_op ops[16];
    static uint8_t bytes[256];
    static struct trace_notify_ent ents[16];
    struct trace t = {
        .ops = ops, .ops_cap = 16, .bytes = bytes, .bytes_cap = 256,
        .ents = ents, .ents_cap = 16,
    };
    struct trace_error err;
    struct host_backend a, b;
    const char *why;
    int rc;

    if (trace_parse(trace_text, sizeof(trace_text) - 1, &t, &err))
        return -2;
    if (host_backend_open("model", &a, &why))
        return -2;
    memset(&b, 0, sizeof(b));
    memset(&wrapped, 0, sizeof(wrapped));
    argo_backend_model_init(&wrapped.inner, &wrapped.model);
    wrapped.fault = fault;
    b.name = "wrapped";
    b.be.ops = &wrapper_ops;
    rc = trace_diff(&t, &a, &b, NULL, NULL, NULL, r);
    host_backend_close(&a);
    return rc;
}

int main(void)
{
    struct diff_report r;

    CHECK_EQ_I64(diff_with(FAULT_NONE, &r), 0);
    CHECK_EQ_I64(r.kind, DIFF_EQUAL);

    /* Op index 4 is the second sendv (line 5). */
    CHECK_EQ_I64(diff_with(FAULT_SENDV_RC, &r), 1);
    CHECK_EQ_I64(r.kind, DIFF_RESULT_LINE);
    CHECK_EQ_U64(r.op_index, 4);
    if (CHECK(r.line_a && r.line_b)) {
        CHECK_EQ_STR(r.line_a, "L5 sendv rc=40 signal=1");
        CHECK_EQ_STR(r.line_b, "L5 sendv rc=39 signal=1");
    }
    diff_report_free(&r);

    CHECK_EQ_I64(diff_with(FAULT_RING_BYTE, &r), 1);
    CHECK_EQ_I64(r.kind, DIFF_RING_BYTES);
    CHECK_EQ_U64(r.op_index, 4);
    CHECK_EQ_U64(r.offset, ARGO_RING_HEADER_SIZE + 200);
    CHECK_EQ_U64(r.ring.dom, 1);
    CHECK_EQ_U64(r.ring.port, 7);
    CHECK_EQ_U64(r.ring.partner, 0);
    CHECK(r.window_start <= r.offset &&
          r.offset < r.window_start + r.window_len);
    CHECK_EQ_U64(r.window_a[r.offset - r.window_start] ^
                     r.window_b[r.offset - r.window_start],
                 0x5a);
    diff_report_free(&r);

    CHECK_EQ_I64(diff_with(FAULT_RING_GONE, &r), 1);
    CHECK_EQ_I64(r.kind, DIFF_RING_PRESENCE);
    CHECK_EQ_U64(r.op_index, 4);
    CHECK(r.present_a);
    diff_report_free(&r);

    return CHECK_DONE();
}
