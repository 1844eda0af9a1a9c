/* SPDX-License-Identifier: MIT */
/* Description: the terminal report: workload, table of rings, recommendation. */
#include <math.h>
#include <string.h>

#include "cap_analytic.h"
#include "cap_report.h"
#include "cap_ring.h"
#include "cap_stats.h"

static void prob(double p, char *buf, size_t len)
{
    if (p == 0)
        snprintf(buf, len, "0");
    else
        snprintf(buf, len, "%.2e", p);
}

static const char *policy_rule(enum cap_policy p)
{
    switch (p) {
    case CAP_POLICY_RETRY:
        return "retry: the sender waits for its wake-up signal and sends again; its later messages queue behind";
    case CAP_POLICY_DROP:
        return "drop: the message is discarded";
    case CAP_POLICY_BLOCK:
        return "block: the source stalls (closed loop) until the wake-up signal lets the message through";
    }
    return "?";
}

static void header(FILE *f, const struct cap_answer *a)
{
    const struct cap_workload *w = a->w;
    char sizes[700], arrival[200], t1[32], t2[32], t3[32];

    cap_sizes_describe(&w->sizes, sizes, sizeof(sizes));
    cap_arrival_describe(&w->arrival, arrival, sizeof(arrival));
    cap_format_seconds(w->service_mean, t1, sizeof(t1));
    cap_format_seconds(w->wake_latency, t2, sizeof(t2));
    cap_format_seconds(w->sender_wake_latency, t3, sizeof(t3));

    fprintf(f, "argolab capacity: the Argo ring for this workload\n");
    fprintf(f, "  messages    %s\n", sizes);
    if (w->sizes.min == w->sizes.max)
        fprintf(f, "              each takes %u B of ring: 16 B header + %u B payload + %u B padding\n",
                (unsigned)cap_msg_footprint(w->sizes.max), (unsigned)w->sizes.max,
                (unsigned)(argo_roundup_slot(w->sizes.max) - w->sizes.max));
    else
        fprintf(f, "              each takes %.1f B of ring on average: 16 B header + payload padded to 16 B\n",
                w->sizes.mean_footprint);
    fprintf(f, "  arrivals    %s from %u sender domain%s%s\n", arrival, w->senders,
            w->senders == 1 ? "" : "s",
            w->senders > 1 ? " sharing one wildcard ring" : "");
    fprintf(f, "  receiver    %.6g msg/s (%s %s per message); notify after %u message%s or an empty ring; up %s after a signal\n",
            1 / w->service_mean, w->service == CAP_SERVICE_FIXED ? "fixed" : "exponential, mean",
            t1, w->batch, w->batch == 1 ? "" : "s", t2);
    fprintf(f, "  on -EAGAIN  %s", policy_rule(w->policy));
    if (w->policy != CAP_POLICY_DROP)
        fprintf(f, " (retry %s after the signal)", t3);
    fprintf(f, "\n  load        %.4g (offered / drained)\n", cap_workload_rho(w));
    fprintf(f, "  run         %llu measured messages per ring after %llu of warm-up, seed %llu; 95%% intervals from %u batch means\n",
            (unsigned long long)w->messages, (unsigned long long)cap_sim_warmup(w),
            (unsigned long long)w->seed, CAP_BATCHES);
}

static void table(FILE *f, const struct cap_answer *a)
{
    const struct cap_sweep *s = a->s;
    bool any_reused = false;

    fprintf(f, "\n%10s %5s %6s %9s %9s", "ring", "pages", "fits", "-EAGAIN", "95% upper");
    if (s->analytic)
        fprintf(f, " %9s", cap_analytic_name(a->w));
    fprintf(f, " %8s %11s %11s %10s %8s %8s %5s\n", "thru", "occ mean", "occ p99",
            "delay p99", "sig/msg", "wasted", "ovh");
    fprintf(f, "%10s %5s %6s %9s %9s", "bytes", "", "msgs", "", "");
    if (s->analytic)
        fprintf(f, " %9s", "");
    fprintf(f, " %8s %11s %11s %10s %8s %8s %5s\n", "got/off", "", "", "", "", "wake-ups", "");

    for (unsigned i = 0; i < s->n; i++) {
        const struct cap_metrics *m = &s->m[i];
        char p[16], hi[16], an[16], om[24], op[24], dl[24];
        bool rec = a->r->index == (int)i;

        prob(m->eagain_p, p, sizeof(p));
        prob(m->eagain_hi, hi, sizeof(hi));
        cap_format_bytes(m->occ_mean, om, sizeof(om));
        cap_format_bytes(m->occ_p99, op, sizeof(op));
        cap_format_seconds(m->delay_p99, dl, sizeof(dl));
        fprintf(f, "%10u %5u %6u %9s %9s", (unsigned)m->ring_len, (unsigned)m->pages,
                (unsigned)m->fits, p, hi);
        if (s->analytic) {
            if (s->analytic_ok[i])
                prob(s->analytic_p[i], an, sizeof(an));
            else
                snprintf(an, sizeof(an), "n/a");
            fprintf(f, " %9s", an);
        }
        fprintf(f, " %8.5f %11s %11s %10s %8.3f %8llu %4.1f%%%s%s\n", m->thru, om, op, dl,
                m->arrivals ? (double)m->signals / m->arrivals : 0,
                (unsigned long long)m->wasted_wakeups, 100 * m->overhead_fraction,
                m->reused ? " *" : "", rec ? "  <- recommended" : "");
        any_reused |= m->reused;
    }
    fprintf(f, "\n  fits: messages of the largest size an empty ring takes (the model, sending until -EAGAIN)\n");
    fprintf(f, "  -EAGAIN: share of messages whose first sendv returned -EAGAIN; thru: achieved / offered;\n");
    fprintf(f, "  occ: ring bytes in use, time-weighted; delay: arrival to acceptance; ovh: header + padding share\n");
    if (any_reused)
        fprintf(f, "  *: the smaller ring never filled, so this one runs the very same sample path\n");
    if (s->analytic)
        fprintf(f, "  %s: the analytic blocking probability for K = fits (docs/capacity.md)\n",
                cap_analytic_name(a->w));
    else
        fprintf(f, "  analytic cross-check: not applicable, %s\n", s->analytic_why_not);
}

static void recommendation(FILE *f, const struct cap_answer *a)
{
    const struct cap_recommendation *r = a->r;
    const struct cap_sweep *s = a->s;
    bool eagain = r->kind == CAP_TARGET_EAGAIN;
    char tgt[128];

    if (eagain)
        snprintf(tgt, sizeof(tgt), "-EAGAIN probability <= %.3g%s", r->target,
                 r->default_target ? " (the default; set --target-eagain)" : "");
    else
        snprintf(tgt, sizeof(tgt), "throughput >= %.6g of offered", r->target);

    fprintf(f, "\ntarget: %s\n", tgt);
    if (r->index < 0) {
        fprintf(f, "warning: no ring size meets the target: %s\n", r->why);
        return;
    }
    const struct cap_metrics *m = &s->m[r->index];
    char pinned[32];

    cap_format_bytes(m->pages * 4096.0, pinned, sizeof(pinned));
    fprintf(f, "recommendation: a ring of %u bytes (%u pages, %s of guest memory pinned)\n",
            (unsigned)m->ring_len, (unsigned)m->pages, pinned);
    if (eagain)
        fprintf(f, "  -EAGAIN %.3g (95%% upper bound %.3g) against the target %.3g: margin %.3gx\n",
                m->eagain_p, m->eagain_hi, r->target, r->margin);
    else
        fprintf(f, "  throughput %.6g of offered (95%% lower bound %.6g) against the target %.6g: margin %.3gx\n",
                m->thru, m->thru_lo, r->target, r->margin);
    if (r->smaller >= 0) {
        const struct cap_metrics *p = &s->m[r->smaller];

        if (eagain)
            fprintf(f, "  the next smaller ring tried, %u bytes (%u pages), gives %.3g (upper bound %.3g)\n",
                    (unsigned)p->ring_len, (unsigned)p->pages, p->eagain_p, p->eagain_hi);
        else
            fprintf(f, "  the next smaller ring tried, %u bytes (%u pages), gives %.6g (lower bound %.6g)\n",
                    (unsigned)p->ring_len, (unsigned)p->pages, p->thru, p->thru_lo);
    } else {
        fprintf(f, "  it is the smallest ring tried that carries these messages\n");
    }
    fprintf(f, "  register it with len = %u and %u pages\n", (unsigned)m->ring_len,
            (unsigned)m->pages);
    if (r->overloaded)
        fprintf(f, "warning: the offered load is at or above what the receiver drains (load %.3f): the ring is full most of the time\n",
                cap_workload_rho(a->w));
}

void cap_report_table(FILE *f, const struct cap_answer *a)
{
    header(f, a);
    table(f, a);
    recommendation(f, a);
}
