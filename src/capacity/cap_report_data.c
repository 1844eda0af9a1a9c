/* SPDX-License-Identifier: MIT */
/* Description: the machine-readable reports: JSON and CSV. */
#include <math.h>
#include <string.h>

#include "cap_report.h"
#include "cap_ring.h"
#include "cap_stats.h"

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* JSON has no infinity or NaN: null stands for "none". */
static void json_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
    else
        fputs("null", f);
}

static const char *size_kind(enum cap_size_kind k)
{
    static const char *const names[] = { "fixed", "uniform", "histogram", "trace" };

    return names[k];
}

static const char *arrival_kind(enum cap_arrival_kind k)
{
    static const char *const names[] = { "poisson", "constant", "onoff" };

    return names[k];
}

static void json_workload(FILE *f, const struct cap_workload *w)
{
    fprintf(f, "  \"workload\": {\n");
    fprintf(f, "    \"size\": {\"kind\": \"%s\", \"min\": %u, \"max\": %u, \"mean\": ",
            size_kind(w->sizes.kind), (unsigned)w->sizes.min, (unsigned)w->sizes.max);
    json_num(f, w->sizes.mean);
    fprintf(f, ", \"mean_footprint\": ");
    json_num(f, w->sizes.mean_footprint);
    if (w->sizes.kind == CAP_SIZE_TRACE) {
        fprintf(f, ", \"trace\": ");
        json_str(f, w->sizes.trace_path);
    }
    fprintf(f, "},\n    \"arrival\": {\"kind\": \"%s\", \"rate\": ", arrival_kind(w->arrival.kind));
    json_num(f, w->arrival.rate);
    if (w->arrival.kind == CAP_ARRIVAL_ONOFF) {
        fprintf(f, ", \"on\": ");
        json_num(f, w->arrival.on_mean);
        fprintf(f, ", \"off\": ");
        json_num(f, w->arrival.off_mean);
    }
    fprintf(f, ", \"mean_rate\": ");
    json_num(f, cap_arrival_mean_rate(&w->arrival));
    fprintf(f, "},\n    \"senders\": %u,\n    \"policy\": \"%s\",\n", w->senders,
            cap_policy_name(w->policy));
    fprintf(f, "    \"service\": {\"kind\": \"%s\", \"mean\": ",
            w->service == CAP_SERVICE_FIXED ? "fixed" : "exp");
    json_num(f, w->service_mean);
    fprintf(f, "},\n    \"batch\": %u,\n    \"wake_latency\": ", w->batch);
    json_num(f, w->wake_latency);
    fprintf(f, ",\n    \"sender_wake_latency\": ");
    json_num(f, w->sender_wake_latency);
    fprintf(f, ",\n    \"load\": ");
    json_num(f, cap_workload_rho(w));
    fprintf(f, "\n  },\n");
    fprintf(f, "  \"run\": {\"messages\": %llu, \"warmup\": %llu, \"seed\": %llu, \"confidence\": 0.95, \"batches\": %u},\n",
            (unsigned long long)w->messages, (unsigned long long)cap_sim_warmup(w),
            (unsigned long long)w->seed, CAP_BATCHES);
}

static void json_ring(FILE *f, const struct cap_answer *a, unsigned i)
{
    const struct cap_metrics *m = &a->s->m[i];
    static const struct {
        const char *name;
        size_t off;
    } reals[] = {
#define R(x) { #x, offsetof(struct cap_metrics, x) }
        R(window), R(eagain_p), R(eagain_lo), R(eagain_hi), R(thru), R(thru_lo),
        R(thru_hi), R(offered_rate), R(achieved_rate), R(occ_mean), R(occ_p99),
        R(occ_max), R(delay_mean), R(delay_p99), R(overhead_per_msg),
        R(overhead_fraction), R(stalled),
#undef R
    };
    static const struct {
        const char *name;
        size_t off;
    } counts[] = {
#define C(x) { #x, offsetof(struct cap_metrics, x) }
        C(arrivals), C(first_sends), C(eagain), C(episodes), C(accepted), C(dropped), C(delayed),
        C(sends_ok), C(signals), C(receiver_signals), C(sender_signals),
        C(receiver_wakeups), C(sender_wakeups), C(wasted_wakeups), C(notifies),
#undef C
    };

    fprintf(f, "    {\"ring_len\": %u, \"pages\": %u, \"pinned_bytes\": %u, \"fits\": %u, \"reused\": %s, \"ever_full\": %s",
            (unsigned)m->ring_len, (unsigned)m->pages, (unsigned)m->pages * ARGO_PAGE_SIZE,
            (unsigned)m->fits, m->reused ? "true" : "false", m->ever_full ? "true" : "false");
    for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++)
        fprintf(f, ", \"%s\": %llu", counts[k].name,
                (unsigned long long)*(const uint64_t *)((const char *)m + counts[k].off));
    for (size_t k = 0; k < sizeof(reals) / sizeof(reals[0]); k++) {
        fprintf(f, ", \"%s\": ", reals[k].name);
        json_num(f, *(const double *)((const char *)m + reals[k].off));
    }
    if (a->s->analytic) {
        fprintf(f, ", \"analytic_k\": %u, \"analytic_p\": ", (unsigned)a->s->analytic_k[i]);
        if (a->s->analytic_ok[i])
            json_num(f, a->s->analytic_p[i]);
        else
            fputs("null", f);
    }
    fprintf(f, "}%s\n", i + 1 < a->s->n ? "," : "");
}

void cap_report_json(FILE *f, const struct cap_answer *a)
{
    const struct cap_recommendation *r = a->r;

    fprintf(f, "{\n");
    json_workload(f, a->w);
    fprintf(f, "  \"analytic\": {\"model\": \"%s\", \"applies\": %s, \"why_not\": ",
            cap_analytic_name(a->w), a->s->analytic ? "true" : "false");
    if (a->s->analytic)
        fputs("null", f);
    else
        json_str(f, a->s->analytic_why_not);
    fprintf(f, "},\n  \"rings\": [\n");
    for (unsigned i = 0; i < a->s->n; i++)
        json_ring(f, a, i);
    fprintf(f, "  ],\n  \"recommendation\": {\"target\": \"%s\", \"value\": ",
            r->kind == CAP_TARGET_EAGAIN ? "eagain" : "throughput");
    json_num(f, r->target);
    fprintf(f, ", \"default_target\": %s, \"overloaded\": %s, ", r->default_target ? "true" : "false",
            r->overloaded ? "true" : "false");
    if (r->index >= 0) {
        const struct cap_metrics *m = &a->s->m[r->index];

        fprintf(f, "\"met\": true, \"ring_len\": %u, \"pages\": %u, \"margin\": ",
                (unsigned)m->ring_len, (unsigned)m->pages);
        json_num(f, r->margin);
        fprintf(f, ", \"why\": null}\n");
    } else {
        fprintf(f, "\"met\": false, \"ring_len\": null, \"pages\": null, \"margin\": null, \"why\": ");
        json_str(f, r->why);
        fprintf(f, "}\n");
    }
    fprintf(f, "}\n");
}

void cap_report_csv(FILE *f, const struct cap_answer *a)
{
    fprintf(f, "ring_len,pages,fits,reused,arrivals,first_sends,eagain,eagain_p,eagain_lo,eagain_hi,"
               "analytic_p,thru,thru_lo,thru_hi,offered_rate,achieved_rate,occ_mean,occ_p99,occ_max,"
               "delay_mean,delay_p99,signals,receiver_signals,sender_signals,wasted_wakeups,notifies,"
               "overhead_per_msg,overhead_fraction,recommended\n");
    for (unsigned i = 0; i < a->s->n; i++) {
        const struct cap_metrics *m = &a->s->m[i];
        char an[32] = "";

        if (a->s->analytic && a->s->analytic_ok[i])
            snprintf(an, sizeof(an), "%.10g", a->s->analytic_p[i]);
        fprintf(f, "%u,%u,%u,%d,%llu,%llu,%llu,%.10g,%.10g,%.10g,%s,%.10g,%.10g,%.10g,%.10g,%.10g,"
                   "%.10g,%.10g,%.10g,%.10g,%.10g,%llu,%llu,%llu,%llu,%llu,%.10g,%.10g,%d\n",
                (unsigned)m->ring_len, (unsigned)m->pages, (unsigned)m->fits, m->reused,
                (unsigned long long)m->arrivals, (unsigned long long)m->first_sends,
                (unsigned long long)m->eagain, m->eagain_p, m->eagain_lo, m->eagain_hi, an,
                m->thru, m->thru_lo, m->thru_hi, m->offered_rate, m->achieved_rate,
                m->occ_mean, m->occ_p99, m->occ_max, m->delay_mean, m->delay_p99,
                (unsigned long long)m->signals, (unsigned long long)m->receiver_signals,
                (unsigned long long)m->sender_signals, (unsigned long long)m->wasted_wakeups,
                (unsigned long long)m->notifies, m->overhead_per_msg, m->overhead_fraction,
                a->r->index == (int)i);
    }
}
