/* SPDX-License-Identifier: MIT */
/*
 * Description: senders waiting for ring space, pinned to Xen 4.17: who is
 * woken by a ring owner's notify (NULL ring data), when, how often, and
 * what is left waiting.
 *
 * Expected values come from xen/common/argo.c: notify ->
 * notify_check_pending -> notify_ring (payload space, nothing when it is 0)
 * -> pending_find (every waiter with len <= space, removed) ->
 * pending_notify (one signal per removed waiter), and pending_requeue /
 * pending_queue for how waits are recorded by sendv.
 */
#include "check.h"
#include "model_fixture.h"

#define R       1       /* owns the rings, calls notify */
#define W1      2       /* waiting senders */
#define W2      3
#define W3      4
#define F       5       /* fills rings */
#define W4      6
#define O       7       /* an unrelated domain */
#define FIRST_BUSY 10

#define ANY     XEN_ARGO_DOMID_ANY

static struct argo_model *setup(void)
{
    struct argo_model *m = fx_init(true);

    fx_domains(m, R, 7);
    return m;
}

static long notify_null(struct argo_model *m, argo_domid_t caller)
{
    return argo_notify(m, caller, NULL, NULL);
}

static long send_empty(struct argo_model *m, argo_domid_t from,
                       argo_domid_t to, xen_argo_port_t port)
{
    xen_argo_send_addr_t a = fx_addr(ANY, 0, to, port);

    return fx_sendv(m, from, &a, NULL, 0, 0);
}

/*
 * pending_find wakes each waiter whose len <= ringbuf_payload_space (free
 * bytes less a header and the spare slot) and leaves the others queued.
 */
static void test_wake_by_space(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 1, ANY, 256);
    /* tx 208, rx 0: 48 bytes free, payload space 16. */
    CHECK_EQ_I64(fx_send_len(m, F, R, 1, 192), 192);
    CHECK_EQ_I64(fx_send_len(m, W1, R, 1, 50), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, W2, R, 1, 128), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, W3, R, 1, 129), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, W4, R, 1, 224), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_nwaiters(m, R, 1, ANY), 4);
    fx_signals_reset();

    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 1, ANY), 4);
    CHECK_EQ_U64(fx_signals_total(), 0);

    /* rx 112: 160 bytes free, payload space 128. */
    fx_guest_set_rx(m, R, 1, ANY, 112);
    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 1, ANY), 2);
    CHECK_EQ_I64(fx_waiter_len(m, R, 1, ANY, W1), -1);
    CHECK_EQ_I64(fx_waiter_len(m, R, 1, ANY, W2), -1);
    CHECK_EQ_I64(fx_waiter_len(m, R, 1, ANY, W3), 129);
    CHECK_EQ_I64(fx_waiter_len(m, R, 1, ANY, W4), 224);
    CHECK_EQ_U64(fx_signals_to(W1), 1);
    CHECK_EQ_U64(fx_signals_to(W2), 1);
    CHECK_EQ_U64(fx_signals_total(), 2);

    /* Empty: payload space 224, the ring's largest message. */
    fx_guest_set_rx(m, R, 1, ANY, 208);
    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 1, ANY), 0);
    CHECK_EQ_U64(fx_signals_to(W3), 1);
    CHECK_EQ_U64(fx_signals_to(W4), 1);
    CHECK_EQ_U64(fx_signals_to(R), 0);
    CHECK_EQ_U64(fx_signals_total(), 4);

    /* Woken waiters are gone: a second notify signals nobody. */
    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_U64(fx_signals_total(), 4);
}

/*
 * notify_ring calls pending_find only when the payload space is non-zero,
 * so a sender waiting to fit an empty message is not woken by a ring with
 * just 16 bytes free.
 */
static void test_no_space_wakes_nobody(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 2, ANY, 64);
    CHECK_EQ_I64(fx_send_len(m, F, R, 2, 16), 16);      /* tx 32 */
    fx_guest_set_rx(m, R, 2, ANY, 48);                   /* 16 free */
    CHECK_EQ_I64(send_empty(m, W1, R, 2), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 2, ANY, W1), 0);
    fx_signals_reset();

    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 2, ANY), 1);
    CHECK_EQ_U64(fx_signals_total(), 0);

    fx_guest_set_rx(m, R, 2, ANY, 32);                   /* empty */
    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 2, ANY), 0);
    CHECK_EQ_U64(fx_signals_to(W1), 1);
}

/*
 * Every ring of the caller is walked and pending_notify signals once per
 * waiter woken: a domain waiting on two rings gets two signals.
 */
static void test_one_signal_per_wait(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 3, ANY, 64);
    fx_ring_new(m, R, 4, W1, 64);
    CHECK_EQ_I64(fx_send_len(m, F, R, 3, 16), 16);
    CHECK_EQ_I64(fx_send_len(m, W1, R, 4, 16), 16);
    CHECK_EQ_I64(fx_send_len(m, W1, R, 3, 16), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, W2, R, 3, 1), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, W1, R, 4, 16), -ARGO_EAGAIN);
    fx_guest_set_rx(m, R, 3, ANY, 32);
    fx_guest_set_rx(m, R, 4, W1, 32);
    fx_signals_reset();

    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_U64(fx_signals_to(W1), 2);
    CHECK_EQ_U64(fx_signals_to(W2), 1);
    CHECK_EQ_U64(fx_signals_total(), 3);
    CHECK_EQ_I64(fx_nwaiters(m, R, 3, ANY), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 4, W1), 0);
}

/* notify_check_pending walks the caller's own rings only. */
static void test_only_callers_rings(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 5, ANY, 64);
    fx_ring_new(m, O, 5, ANY, 64);
    CHECK_EQ_I64(fx_send_len(m, F, R, 5, 16), 16);
    CHECK_EQ_I64(fx_send_len(m, F, O, 5, 16), 16);
    CHECK_EQ_I64(fx_send_len(m, W1, R, 5, 16), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, W2, O, 5, 16), -ARGO_EAGAIN);
    fx_guest_set_rx(m, R, 5, ANY, 32);
    fx_guest_set_rx(m, O, 5, ANY, 32);
    fx_signals_reset();

    /* Neither the waiter nor a bystander can wake it. */
    CHECK_EQ_I64(notify_null(m, W1), 0);
    CHECK_EQ_I64(notify_null(m, F), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 5, ANY), 1);
    CHECK_EQ_U64(fx_signals_total(), 0);

    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_U64(fx_signals_to(W1), 1);
    CHECK_EQ_I64(fx_nwaiters(m, O, 5, ANY), 1);
    CHECK_EQ_U64(fx_signals_to(W2), 0);

    CHECK_EQ_I64(notify_null(m, O), 0);
    CHECK_EQ_U64(fx_signals_to(W2), 1);
    CHECK_EQ_U64(fx_signals_total(), 2);
}

/* A woken wait is gone: the next -EAGAIN queues afresh, at its own size. */
static void test_requeue_after_wake(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 6, ANY, 256);
    CHECK_EQ_I64(fx_send_len(m, F, R, 6, 192), 192);    /* tx 208 */
    CHECK_EQ_I64(fx_send_len(m, W1, R, 6, 100), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, W1, R, 6, 30), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 6, ANY, W1), 100);
    fx_guest_set_rx(m, R, 6, ANY, 208);
    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 6, ANY), 0);

    CHECK_EQ_I64(fx_send_len(m, F, R, 6, 192), 192);    /* tx 160 */
    CHECK_EQ_I64(fx_send_len(m, W1, R, 6, 30), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 6, ANY, W1), 30);
}

/* pending_find decrements npending: woken waiters free places. */
static void test_wake_frees_places(void)
{
    struct argo_model *m = fx_init(true);
    unsigned eagain = 0;

    fx_domain(m, R, true);
    fx_domains(m, FIRST_BUSY, 33);
    fx_ring_new(m, R, 7, ANY, 256);
    CHECK_EQ_I64(fx_send_len(m, FIRST_BUSY, R, 7, 192), 192);  /* tx 208 */
    /* 32 waiters: the first 16 want 100 bytes, the rest 200. */
    for (unsigned i = 0; i < 32; i++)
        eagain += fx_send_len(m, FIRST_BUSY + i, R, 7,
                              i < 16 ? 100 : 200) == -ARGO_EAGAIN;
    CHECK_EQ_U64(eagain, 32);
    CHECK_EQ_I64(fx_send_len(m, FIRST_BUSY + 32, R, 7, 100), -ARGO_EBUSY);
    fx_signals_reset();

    fx_guest_set_rx(m, R, 7, ANY, 112);     /* payload space 128 */
    CHECK_EQ_I64(notify_null(m, R), 0);
    CHECK_EQ_I64(fx_nwaiters(m, R, 7, ANY), 16);
    CHECK_EQ_U64(fx_signals_total(), 16);
    CHECK_EQ_U64(fx_signals_to(FIRST_BUSY), 1);
    CHECK_EQ_U64(fx_signals_to(FIRST_BUSY + 16), 0);
    CHECK_EQ_I64(fx_send_len(m, FIRST_BUSY + 32, R, 7, 200), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_nwaiters(m, R, 7, ANY), 17);
}

int main(void)
{
    test_wake_by_space();
    test_no_space_wakes_nobody();
    test_one_signal_per_wait();
    test_only_callers_rings();
    test_requeue_after_wake();
    test_wake_frees_places();
    fx_teardown();
    return CHECK_DONE();
}
