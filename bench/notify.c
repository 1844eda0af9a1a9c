/* SPDX-License-Identifier: MIT */
/*
 * Description: the waiter lists: notify against pending waiters and rings,
 * and sendv's -EAGAIN with requeue.
 *
 * Every ring is congested (lib/bench_congest.h): notify looks at every
 * waiter and wakes none, the steady state of a ring its senders outpace.
 *
 * notify_waiters/B/W: W sender domains wait on one wildcard ring; domain 0
 * calls notify. notify_wake/B/W: the same W waiters are all woken (the
 * receiver has emptied the ring); re-arming them is not timed.
 * notify_rings/B/K/R: domain 0 has R rings, K = 0 single-partner, 1
 * wildcard, each with domain 1 waiting. sendv_eagain/B/W: the last of W
 * waiters sends again into the full wildcard ring.
 */
#include "lib/bench_congest.h"
#include "lib/bench_setup.h"

#define RING_LEN        BENCH_CONGEST_RING_LEN
#define WAIT_LEN        BENCH_CONGEST_WAIT_LEN
#define FIRST_WAITER    2u      /* waiting domains are 2, 3, ... */

/* bench_congest, skipping the run on failure. */
static int ring_congest(struct bench_argo *a, struct bench_state *st,
                        const struct bench_ring *r)
{
    if (bench_congest(a, r)) {
        bench_skip(st, a->why);
        return -1;
    }
    return 0;
}

/* bench_queue_waiters, skipping the run on failure. */
static int queue_waiters(struct bench_argo *a, struct bench_state *st,
                         const struct bench_ring *r, argo_domid_t first,
                         unsigned n)
{
    if (bench_queue_waiters(a, r, first, n)) {
        bench_skip(st, a->why);
        return -1;
    }
    return 0;
}

static long notify_null(struct bench_argo *a, argo_domid_t caller)
{
    return a->be->ops->notify(a->be->be, caller, NULL, NULL);
}

/*
 * Open backend with w waiting domains on domain 0's congested wildcard ring
 * (port 1). The ring, or NULL with the run skipped (a is then closed).
 */
static struct bench_ring *congested_wildcard(struct bench_state *st,
                                             struct bench_argo *a,
                                             const char *backend, unsigned w)
{
    struct bench_ring *r;

    if (bench_open_or_skip(st, a, backend, FIRST_WAITER + w))
        return NULL;
    r = bench_ring_or_skip(st, a, 0, 1, XEN_ARGO_DOMID_ANY, RING_LEN);
    if (r && !ring_congest(a, st, r) &&
        !queue_waiters(a, st, r, FIRST_WAITER, w))
        return r;
    bench_argo_close(a);
    return NULL;
}

/* The timed loop: domain 0 calls notify with no ring data. */
static void notify_loop(struct bench_state *st, struct bench_argo *a)
{
    while (bench_keep_running(st))
        if (notify_null(a, 0)) {
            bench_skip(st, "notify failed");
            break;
        }
}

static void notify_waiters_run(struct bench_state *st, const char *backend)
{
    unsigned w = (unsigned)bench_arg_at(st, 0);
    struct bench_argo a;

    if (!congested_wildcard(st, &a, backend, w))
        return;
    notify_loop(st, &a);
    bench_counter(st, "waiters", w, BENCH_COUNTER_VALUE);
    bench_argo_close(&a);
}

static void notify_wake_run(struct bench_state *st, const char *backend)
{
    unsigned w = (unsigned)bench_arg_at(st, 0);
    uint64_t woken = 0;
    struct bench_argo a;
    struct bench_ring *r;

    if (bench_open_or_skip(st, &a, backend, FIRST_WAITER + w))
        return;
    r = bench_ring_or_skip(st, &a, 0, 1, XEN_ARGO_DOMID_ANY, RING_LEN);
    if (!r)
        goto out;
    while (bench_keep_running(st)) {
        uint64_t before;

        bench_pause(st);
        if (ring_congest(&a, st, r) ||
            queue_waiters(&a, st, r, FIRST_WAITER, w))
            break;
        bench_ring_drain(r);
        before = a.signals;
        bench_resume(st);
        if (notify_null(&a, 0)) {
            bench_skip(st, "notify failed");
            break;
        }
        woken += a.signals - before;
    }
    if (bench_iterations(st) && woken != (uint64_t)w * (uint64_t)bench_iterations(st))
        bench_skip(st, "notify did not wake every waiter");
    bench_counter(st, "waiters", w, BENCH_COUNTER_VALUE);
out:
    bench_argo_close(&a);
}

static void notify_rings_run(struct bench_state *st, const char *backend)
{
    bool wildcard = bench_arg_at(st, 0) != 0;
    unsigned nrings = (unsigned)bench_arg_at(st, 1);
    struct bench_argo a;

    if (bench_open_or_skip(st, &a, backend, 2))
        return;
    for (unsigned i = 0; i < nrings; i++) {
        argo_domid_t partner = wildcard ? XEN_ARGO_DOMID_ANY : 1;
        struct bench_ring *r = bench_ring_or_skip(st, &a, 0,
                                                  (xen_argo_port_t)(i + 1),
                                                  partner, RING_LEN);

        if (!r || ring_congest(&a, st, r) || queue_waiters(&a, st, r, 1, 1))
            goto out;
    }
    notify_loop(st, &a);
    bench_counter(st, "rings", nrings, BENCH_COUNTER_VALUE);
out:
    bench_argo_close(&a);
}

static void sendv_eagain_run(struct bench_state *st, const char *backend)
{
    unsigned w = (unsigned)bench_arg_at(st, 0);
    argo_domid_t last = (argo_domid_t)(FIRST_WAITER + w - 1);
    struct bench_argo a;
    struct bench_ring *r = congested_wildcard(st, &a, backend, w);

    if (!r)
        return;
    while (bench_keep_running(st))
        if (bench_send_len(&a, last, r, WAIT_LEN) != -ARGO_EAGAIN) {
            bench_skip(st, "sendv did not return -EAGAIN");
            break;
        }
    bench_counter(st, "waiters", w, BENCH_COUNTER_VALUE);
    bench_argo_close(&a);
}

#define NOTIFY_BENCH(fn, run, backend) \
    static void fn(struct bench_state *st) { run(st, backend); }

NOTIFY_BENCH(notify_waiters_model, notify_waiters_run, "model")
NOTIFY_BENCH(notify_wake_model, notify_wake_run, "model")
NOTIFY_BENCH(notify_rings_model, notify_rings_run, "model")
NOTIFY_BENCH(sendv_eagain_model, sendv_eagain_run, "model")
#ifdef ARGOLAB_HAVE_XENHOST
NOTIFY_BENCH(notify_waiters_xenhost, notify_waiters_run, "xenhost")
NOTIFY_BENCH(notify_wake_xenhost, notify_wake_run, "xenhost")
NOTIFY_BENCH(notify_rings_xenhost, notify_rings_run, "xenhost")
NOTIFY_BENCH(sendv_eagain_xenhost, sendv_eagain_run, "xenhost")
#endif

/* 0..32 waiters: every fourth, plus 1 and 2 where lists are shortest. */
static struct bench *waiter_counts(struct bench *b, int64_t from)
{
    for (int64_t w = from; w <= 2; w++)
        bench_arg(b, w);
    return bench_dense_range(b, 4, ARGO_MAX_PENDING_PER_RING, 4);
}

static void ring_counts(struct bench *b)
{
    for (int64_t kind = 0; kind <= 1; kind++)
        for (int64_t n = 1; n <= ARGO_MAX_RINGS_PER_DOMAIN; n *= 2) {
            int64_t args[2] = { kind, n };

            bench_args(b, args, 2);
        }
}

BENCH_REGISTER(register_notify)
{
    waiter_counts(bench_register("notify_waiters/model", notify_waiters_model), 0);
    waiter_counts(bench_register("notify_wake/model", notify_wake_model), 1);
    ring_counts(bench_register("notify_rings/model", notify_rings_model));
    waiter_counts(bench_register("sendv_eagain/model", sendv_eagain_model), 1);
#ifdef ARGOLAB_HAVE_XENHOST
    waiter_counts(bench_register("notify_waiters/xenhost", notify_waiters_xenhost), 0);
    waiter_counts(bench_register("notify_wake/xenhost", notify_wake_xenhost), 1);
    ring_counts(bench_register("notify_rings/xenhost", notify_rings_xenhost));
    waiter_counts(bench_register("sendv_eagain/xenhost", sendv_eagain_xenhost), 1);
#endif
}
