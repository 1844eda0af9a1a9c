/* SPDX-License-Identifier: MIT */
/*
 * Description: the capacity simulation's rules and bookkeeping: the same
 * seed gives the same metrics bit for bit, a ring that never filled and a
 * larger one run the same sample path, each policy keeps its books
 * (arrivals, first sends, -EAGAIN, drops, wake-ups), and the
 * recommendation picks the right ring or says why there is none.
 */
#include <math.h>

#include "check.h"
#include "capacity/cap_recommend.h"
#include "capacity/cap_ring.h"
#include "capacity/cap_sim.h"
#include "capacity/cap_sweep.h"

static void base(struct cap_workload *w, const char *size, const char *rate,
                 const char *drain, const char *policy)
{
    char err[512];

    cap_workload_init(w);
    if (cap_workload_set(w, "size", size, NULL, err, sizeof(err)) ||
        cap_workload_set(w, "rate", rate, NULL, err, sizeof(err)) ||
        cap_workload_set(w, "drain", drain, NULL, err, sizeof(err)) ||
        cap_workload_set(w, "policy", policy, NULL, err, sizeof(err)))
        fprintf(stderr, "workload: %s\n", err);
    w->messages = 200000;
}

static void set(struct cap_workload *w, const char *key, const char *value)
{
    char err[512];

    if (!CHECK(!cap_workload_set(w, key, value, NULL, err, sizeof(err))))
        fprintf(stderr, "    %s\n", err);
}

static bool run(const struct cap_workload *w, uint32_t len, struct cap_metrics *m)
{
    char err[512];

    if (!CHECK(!cap_simulate(w, len, m, err, sizeof(err)))) {
        fprintf(stderr, "    %s\n", err);
        return false;
    }
    return true;
}

static void determinism(void)
{
    struct cap_workload w;
    struct cap_metrics a, b;

    base(&w, "histogram 64:5 1500:3 9000:1", "40k", "50k", "retry");
    set(&w, "senders", "3");
    set(&w, "batch", "4");
    set(&w, "wake_latency", "5us");
    set(&w, "arrival", "onoff 120k 2ms 4ms");
    if (run(&w, 8 * 4096 - 64, &a) && run(&w, 8 * 4096 - 64, &b))
        CHECK_EQ_MEM(&a, &b, sizeof(a));
    w.seed = 2;
    if (run(&w, 8 * 4096 - 64, &b))
        CHECK(a.eagain != b.eagain || a.occ_mean != b.occ_mean);
    cap_workload_free(&w);
}

/*
 * A ring that never saw -EAGAIN: any larger ring repeats its sample path,
 * which the sweep relies on to skip simulating it.
 */
static void reuse_is_exact(void)
{
    static struct cap_sweep s;
    struct cap_workload w;
    struct cap_metrics m;
    char err[512];

    base(&w, "1500", "50k", "60k", "retry");
    set(&w, "sizes", "1p,2p,64p,128p");
    if (!CHECK(!cap_sweep_run(&w, &s, NULL, NULL, err, sizeof(err))))
        return;
    CHECK_EQ_U64(s.n, 4);
    CHECK(s.m[0].ever_full);
    for (unsigned i = 1; i < s.n; i++) {
        if (!s.m[i].reused)
            continue;
        if (!run(&w, s.m[i].ring_len, &m))
            break;
        CHECK(!m.ever_full);
        /* Everything but what depends on the ring itself. */
        m.reused = true;
        m.simulated = 0;
        CHECK_EQ_MEM(&m, &s.m[i], sizeof(m));
    }
    CHECK(s.reused >= 1);
    cap_workload_free(&w);
}

static void books_drop(void)
{
    struct cap_workload w;
    struct cap_metrics m;

    base(&w, "4096", "50k", "60k", "drop");
    if (!run(&w, 6 * 4096 - 64, &m))
        return;
    /* A dropping sender never holds a message back. */
    CHECK_EQ_U64(m.first_sends, m.arrivals);
    CHECK_EQ_U64(m.accepted + m.dropped, m.arrivals);
    CHECK_EQ_U64(m.eagain, m.dropped);
    CHECK_EQ_U64(m.delayed, 0);
    CHECK_EQ_U64(m.sender_wakeups, 0);
    CHECK(m.eagain > 0);
    CHECK_EQ_U64(m.receiver_signals, m.sends_ok);
    CHECK_EQ_U64(m.signals, m.receiver_signals + m.sender_signals);
    CHECK(fabs(m.thru - (double)m.accepted / m.arrivals) < 1e-15);
    CHECK(m.thru_lo <= m.thru && m.thru <= m.thru_hi);
    CHECK(m.eagain_lo <= m.eagain_p && m.eagain_p <= m.eagain_hi);
    CHECK(m.occ_max <= 6 * 4096 - 64 - 16);
    CHECK(m.occ_p99 <= m.occ_max && m.occ_mean <= m.occ_max);
    CHECK_EQ_U64(m.fits, 5);
    CHECK_EQ_U64(m.pages, 6);
    /* 16 bytes of header per 4112 bytes of ring, no padding. */
    CHECK(fabs(m.overhead_per_msg - 16) < 1e-12);
    CHECK(fabs(m.overhead_fraction - 16.0 / 4112) < 1e-12);
    cap_workload_free(&w);
}

static void books_retry(void)
{
    struct cap_workload w;
    struct cap_metrics m;

    base(&w, "4096", "50k", "60k", "retry");
    set(&w, "batch", "8");
    if (!run(&w, 4 * 4096 - 64, &m))
        return;
    /* One sender: whatever a notify wakes it for, it gets. */
    CHECK_EQ_U64(m.wasted_wakeups, 0);
    CHECK(m.sender_wakeups > 0);
    CHECK_EQ_U64(m.dropped, 0);
    CHECK(m.delayed >= m.eagain);
    CHECK(m.delay_p99 > 0);
    CHECK(m.first_sends <= m.arrivals && m.accepted <= m.arrivals);
    /* Stable: nearly everything that arrived got through by the end. */
    CHECK(m.thru > 0.999);
    cap_workload_free(&w);

    /* Several senders sharing a wildcard ring can lose races for space. */
    base(&w, "4096", "55k", "60k", "retry");
    set(&w, "senders", "8");
    set(&w, "batch", "32");
    set(&w, "sender_wake_latency", "20us");
    if (!run(&w, 4 * 4096 - 64, &m))
        return;
    CHECK(m.wasted_wakeups > 0);
    CHECK(m.wasted_wakeups < m.sender_wakeups);
    cap_workload_free(&w);
}

static void books_block(void)
{
    struct cap_workload w;
    struct cap_metrics m;

    base(&w, "4096", "50k", "60k", "block");
    set(&w, "batch", "16");
    set(&w, "wake_latency", "50us");
    if (!run(&w, 2 * 4096 - 64, &m))
        return;
    /* A stalled source loses production: throughput below offered. */
    CHECK(m.stalled > 0);
    CHECK(m.thru < 0.99 && m.thru > 0.1);
    CHECK(m.achieved_rate < m.offered_rate);
    CHECK(fabs(m.thru - (1 - m.stalled / m.window)) < 1e-12);
    cap_workload_free(&w);
}

/*
 * Poisson and on/off senders are drawn as one merged stream: whatever the
 * number of senders, the messages arrive at the total rate the workload
 * gives (on/off: RATE x ON / (ON + OFF)).
 */
static void merged_rates(void)
{
    static const struct {
        const char *arrival, *senders;
        double rate, tol;
    } c[] = {
        { "poisson", "1", 50000, 0.01 },
        { "poisson", "8", 50000, 0.01 },
        { "poisson", "32", 50000, 0.01 },
        { "onoff 200k 1ms 3ms", "1", 50000, 0.05 },
        { "onoff 200k 1ms 3ms", "4", 50000, 0.05 },
        { "onoff 200k 1ms 3ms", "16", 50000, 0.05 },
    };

    for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct cap_workload w;
        struct cap_metrics m;
        double got;

        base(&w, "256", "50k", "100k", "retry");
        set(&w, "arrival", c[i].arrival);
        set(&w, "senders", c[i].senders);
        if (!run(&w, 64 * 4096 - 64, &m))
            return;
        got = m.arrivals / m.window;
        if (!CHECK(fabs(got / c[i].rate - 1) < c[i].tol))
            fprintf(stderr, "    %s, %s senders: %.1f/s\n", c[i].arrival, c[i].senders, got);
        cap_workload_free(&w);
    }
}

/* Steady arrivals slower than the receiver: a two-message ring never fills. */
static void deterministic_never_full(void)
{
    struct cap_workload w;
    struct cap_metrics m;

    base(&w, "1024", "50k", "60k", "retry");
    set(&w, "arrival", "constant");
    if (!run(&w, 2 * 1040 + 16, &m))
        return;
    CHECK_EQ_U64(m.fits, 2);
    CHECK(!m.ever_full);
    CHECK_EQ_U64(m.eagain, 0);
    CHECK_EQ_U64(m.occ_max, 1040);
    /* In the ring for 1/60000 s of every 1/50000 s. */
    CHECK(fabs(m.occ_mean - 1040 * 50.0 / 60) < 1);
    cap_workload_free(&w);
}

/* What makes a ring fill sooner does so: bursts, slow wake-ups. */
static void monotone_effects(void)
{
    struct cap_workload w;
    struct cap_metrics plain, bursty, slow;
    uint32_t len = 8 * 4096 - 64;

    base(&w, "1024", "50k", "60k", "drop");
    if (!run(&w, len, &plain))
        return;
    set(&w, "arrival", "onoff 200k 1ms 3ms");
    if (!run(&w, len, &bursty))
        return;
    CHECK(bursty.eagain_p > plain.eagain_p * 10);
    cap_workload_free(&w);
    base(&w, "1024", "50k", "60k", "drop");
    set(&w, "wake_latency", "300us");
    if (!run(&w, len, &slow))
        return;
    CHECK(slow.eagain_p > plain.eagain_p);
    CHECK(slow.receiver_wakeups < plain.receiver_wakeups);
    cap_workload_free(&w);
}

static void largest_message(void)
{
    struct cap_workload w;
    struct cap_metrics m;

    base(&w, "16777120", "10", "20", "drop");
    w.messages = 2000;
    if (!run(&w, CAP_RING_MAX_LEN, &m))
        return;
    CHECK_EQ_U64(m.fits, 1);
    CHECK(m.eagain > 0);
    cap_workload_free(&w);
}

static void recommendations(void)
{
    static struct cap_sweep s;
    struct cap_recommendation r;
    struct cap_workload w;
    char err[512];

    base(&w, "4096", "50k", "60k", "retry");
    set(&w, "batch", "32");
    set(&w, "sizes", "2p,4p,8p,16p,32p,64p");
    set(&w, "target_eagain", "1e-3");
    if (!CHECK(!cap_sweep_run(&w, &s, NULL, NULL, err, sizeof(err))))
        return;
    cap_recommend(&w, &s, &r);
    if (CHECK(r.index >= 0)) {
        for (unsigned i = (unsigned)r.index; i < s.n; i++)
            CHECK(s.m[i].eagain_hi <= 1e-3);
        CHECK(r.index == 0 || s.m[r.index - 1].eagain_hi > 1e-3);
        CHECK(r.margin >= 1);
        CHECK(!r.default_target && !r.overloaded);
    }
    cap_workload_free(&w);

    /* More offered than drained: no ring helps, and the answer says why. */
    base(&w, "4096", "70k", "60k", "drop");
    set(&w, "sizes", "2p,16p,256p");
    CHECK(!cap_sweep_run(&w, &s, NULL, NULL, err, sizeof(err)));
    cap_recommend(&w, &s, &r);
    CHECK(r.index == -1 && r.overloaded);
    CHECK(strstr(r.why, "drains") != NULL);
    /* Drop at load 7/6 loses at least 1 - 6/7 of the messages. */
    CHECK(s.m[2].eagain_p > 1 - 6.0 / 7 - 0.01);
    cap_workload_free(&w);

    /* A target finer than the run resolves. */
    base(&w, "64", "10k", "60k", "retry");
    set(&w, "sizes", "64p");
    set(&w, "target_eagain", "1e-9");
    CHECK(!cap_sweep_run(&w, &s, NULL, NULL, err, sizeof(err)));
    cap_recommend(&w, &s, &r);
    CHECK(r.index == -1 && !r.overloaded);
    CHECK(strstr(r.why, "--messages") != NULL);
    cap_workload_free(&w);

    /* Throughput target under block. */
    base(&w, "4096", "50k", "60k", "block");
    set(&w, "sizes", "2p,4p,8p,16p,32p");
    set(&w, "target_throughput", "0.99");
    CHECK(!cap_sweep_run(&w, &s, NULL, NULL, err, sizeof(err)));
    cap_recommend(&w, &s, &r);
    CHECK(r.kind == CAP_TARGET_THROUGHPUT);
    if (CHECK(r.index > 0))
        CHECK(s.m[r.index].thru_lo >= 0.99 && s.m[r.index - 1].thru_lo < 0.99);
    cap_workload_free(&w);
}

/* Bisecting whole-page rings ends one page above a ring that fails. */
static void refinement(void)
{
    static struct cap_sweep s;
    struct cap_recommendation r;
    struct cap_workload w;
    char err[512];
    int added;

    base(&w, "4096", "50k", "60k", "retry");
    set(&w, "batch", "32");
    set(&w, "sizes", "2p,32p");
    set(&w, "target_eagain", "1e-3");
    if (!CHECK(!cap_sweep_run(&w, &s, NULL, NULL, err, sizeof(err))))
        return;
    cap_recommend(&w, &s, &r);
    CHECK_EQ_U64(r.index, 1);
    added = cap_sweep_refine(&w, &s, &r, NULL, NULL, err, sizeof(err));
    /* 30 pages between: at most 5 bisection steps. */
    CHECK(added >= 3 && added <= 5);
    CHECK_EQ_U64(s.n, 2 + (unsigned)added);
    for (unsigned i = 1; i < s.n; i++)
        CHECK(s.m[i].ring_len > s.m[i - 1].ring_len);
    cap_recommend(&w, &s, &r);
    if (CHECK(r.index > 0)) {
        CHECK_EQ_U64(s.m[r.index].pages, s.m[r.index - 1].pages + 1);
        CHECK(!cap_recommend_meets(&r, &s.m[r.index - 1]));
        CHECK(cap_recommend_meets(&r, &s.m[r.index]));
    }
    /* Nothing to narrow below the smallest ring. */
    r.index = 0;
    CHECK_EQ_U64(cap_sweep_refine(&w, &s, &r, NULL, NULL, err, sizeof(err)), 0);
    cap_workload_free(&w);
}

int main(void)
{
    determinism();
    reuse_is_exact();
    books_drop();
    books_retry();
    books_block();
    merged_rates();
    deterministic_never_full();
    monotone_effects();
    largest_message();
    recommendations();
    refinement();
    return CHECK_DONE();
}
