/* SPDX-License-Identifier: MIT */
/* Description: choosing the ring to recommend, and explaining a failure to. */
#include "cap_recommend.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cap_ring.h"
#include "cap_stats.h"

bool cap_recommend_meets(const struct cap_recommendation *r,
                         const struct cap_metrics *m)
{
    if (r->kind == CAP_TARGET_EAGAIN)
        return m->eagain_hi <= r->target;
    return m->thru_lo >= r->target;
}

static void explain(const struct cap_workload *w, const struct cap_sweep *s,
                    struct cap_recommendation *r)
{
    const struct cap_metrics *big = &s->m[s->n - 1];
    double rho = cap_workload_rho(w), rate = cap_arrival_mean_rate(&w->arrival);
    double drained = 1 / w->service_mean;
    bool eagain = r->kind == CAP_TARGET_EAGAIN;
    /* The rate a run of this length can still tell from zero. */
    double need = eagain ? r->target : 1 - r->target;
    double resolution = cap_poisson_upper95(0) / (double)w->messages;

    if (r->overloaded) {
        if (w->policy == CAP_POLICY_DROP)
            snprintf(r->why, sizeof(r->why),
                     "the offered load, %.6g msg/s, is %s the %.6g msg/s the receiver drains (load %.3f): "
                     "whatever its size the ring fills and stays full, and at least %.3g of the messages "
                     "(1 - 1/load) find it full. Make the receiver faster, spread the load over more rings, or send less.",
                     rate, rho > 1 ? "above" : "equal to", drained, rho,
                     rho > 1 ? 1 - 1 / rho : 0.0);
        else
            snprintf(r->why, sizeof(r->why),
                     "the offered load, %.6g msg/s, is %s the %.6g msg/s the receiver drains (load %.3f): "
                     "whatever its size the ring fills and stays full, senders spend their time waiting, and "
                     "at most %.3g of the offered messages get through. Make the receiver faster, spread the "
                     "load over more rings, or send less.",
                     rate, rho > 1 ? "above" : "equal to", drained, rho,
                     rho > 1 ? 1 / rho : 1.0);
        return;
    }
    if (need < resolution &&
        ((eagain && big->eagain_p <= r->target) || (!eagain && big->thru >= r->target))) {
        snprintf(r->why, sizeof(r->why),
                 "the target %.3g is finer than %llu measured messages can resolve (with no event at all "
                 "the 95%% bound is %.3g): run about %.3g messages (--messages)",
                 need, (unsigned long long)w->messages, resolution, ceil(10 / need));
        return;
    }
    if (big->ring_len < CAP_RING_MAX_LEN && w->nrings) {
        snprintf(r->why, sizeof(r->why),
                 "even the largest ring tried, %u bytes, %s; try larger --sizes (Xen registers up to %u bytes)",
                 (unsigned)big->ring_len,
                 eagain ? "has too many -EAGAIN" : "loses too much throughput",
                 (unsigned)CAP_RING_MAX_LEN);
        return;
    }
    snprintf(r->why, sizeof(r->why),
             "even the largest ring tried, %u bytes (%u pages), %s: %s",
             (unsigned)big->ring_len, (unsigned)big->pages,
             eagain ? "has too many -EAGAIN" : "loses too much throughput",
             w->arrival.kind == CAP_ARRIVAL_ONOFF
                 ? "the bursts bring more than any ring holds before the receiver catches up; "
                   "lower the burst rate or make the receiver faster"
                 : "the load is too close to what the receiver drains for any ring to absorb its swings; "
                   "make the receiver faster or spread the load");
}

void cap_recommend(const struct cap_workload *w, const struct cap_sweep *s,
                   struct cap_recommendation *r)
{
    memset(r, 0, sizeof(*r));
    if (w->target_throughput > 0) {
        r->kind = CAP_TARGET_THROUGHPUT;
        r->target = w->target_throughput;
    } else {
        r->kind = CAP_TARGET_EAGAIN;
        r->target = w->target_eagain > 0 ? w->target_eagain : CAP_DEFAULT_TARGET_EAGAIN;
        r->default_target = !(w->target_eagain > 0);
    }
    r->overloaded = cap_workload_rho(w) >= 1;
    r->index = -1;
    r->smaller = -1;
    for (int i = (int)s->n - 1; i >= 0; i--) {
        if (!cap_recommend_meets(r, &s->m[i]))
            break;
        r->index = i;
    }
    if (r->index < 0) {
        explain(w, s, r);
        return;
    }
    r->smaller = r->index - 1;
    if (r->kind == CAP_TARGET_EAGAIN) {
        const struct cap_metrics *m = &s->m[r->index];

        r->margin = m->eagain_hi > 0 ? r->target / m->eagain_hi : INFINITY;
    } else {
        const struct cap_metrics *m = &s->m[r->index];

        r->margin = m->thru_lo < 1 ? (1 - r->target) / (1 - m->thru_lo) : INFINITY;
    }
}
