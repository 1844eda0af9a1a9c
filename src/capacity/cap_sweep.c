/* SPDX-License-Identifier: MIT */
/* Description: running the simulation and the analytic model over ring lengths. */
#define _POSIX_C_SOURCE 200809L
#include "cap_sweep.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cap_analytic.h"
#include "cap_recommend.h"
#include "cap_ring.h"

/* Carry a run that never filled its ring over to a larger ring. */
static int reuse(const struct cap_metrics *from, uint32_t len,
                 uint32_t max_payload, struct cap_metrics *to, char *err,
                 size_t errlen)
{
    *to = *from;
    to->ring_len = len;
    to->pages = cap_ring_pages(len);
    to->reused = true;
    to->simulated = 0;
    return cap_ring_count_fit(len, max_payload, 0, &to->fits, err, errlen);
}

/* Simulate (or carry over) ring i of s, whose length is already set. */
static int one_ring(const struct cap_workload *w, struct cap_sweep *s,
                    unsigned i, const struct cap_metrics *smaller, char *err,
                    size_t errlen)
{
    struct cap_metrics *m = &s->m[i];
    uint32_t len = m->ring_len;
    char sub[256];

    if (smaller && !smaller->ever_full) {
        if (reuse(smaller, len, w->sizes.max, m, sub, sizeof(sub))) {
            snprintf(err, errlen, "%s", sub);
            return -1;
        }
        s->reused++;
    } else {
        struct timespec t0, t1, c0, c1;

        clock_gettime(CLOCK_MONOTONIC, &t0);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        if (cap_simulate(w, len, m, err, errlen))
            return -1;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        s->sim_seconds += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
        s->sim_cpu_seconds += (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) * 1e-9;
        s->simulated += m->simulated;
    }
    if (s->analytic) {
        double rho = cap_workload_rho(w);
        enum cap_service_dist d = w->service == CAP_SERVICE_FIXED ? CAP_DIST_DETERMINISTIC
                                                                  : CAP_DIST_EXPONENTIAL;

        /* K from the model itself: sends into an empty ring until -EAGAIN. */
        s->analytic_k[i] = m->fits;
        s->analytic_ok[i] = !cap_mg1k_blocking(d, rho, m->fits, &s->analytic_p[i]);
    }
    return 0;
}

int cap_sweep_run(const struct cap_workload *w, struct cap_sweep *s,
                  cap_progress_fn progress, void *ctx, char *err,
                  size_t errlen)
{
    uint32_t lens[CAP_MAX_SIZES];
    unsigned n;

    memset(s, 0, sizeof(*s));
    if (w->nrings) {
        n = w->nrings;
        memcpy(lens, w->ring_lens, n * sizeof(lens[0]));
    } else {
        n = cap_ring_default_sweep(w->sizes.max, lens, CAP_MAX_SIZES);
    }
    if (!n) {
        snprintf(err, errlen,
                 "no ring Xen registers carries a %u-byte message (the most is %u bytes)",
                 (unsigned)w->sizes.max, (unsigned)CAP_MAX_PAYLOAD);
        return -1;
    }
    s->analytic = cap_analytic_applies(w, &s->analytic_why_not);
    for (unsigned i = 0; i < n; i++) {
        s->m[i].ring_len = lens[i];
        if (one_ring(w, s, i, i ? &s->m[i - 1] : NULL, err, errlen))
            return -1;
        s->n = i + 1;
        if (progress)
            progress(ctx, i, n, &s->m[i]);
    }
    return 0;
}

/* Make room at i and put a ring of len there; returns its index. */
static unsigned insert_at(struct cap_sweep *s, unsigned i, uint32_t len)
{
    memmove(&s->m[i + 1], &s->m[i], (s->n - i) * sizeof(s->m[0]));
    memmove(&s->analytic_ok[i + 1], &s->analytic_ok[i], (s->n - i) * sizeof(s->analytic_ok[0]));
    memmove(&s->analytic_p[i + 1], &s->analytic_p[i], (s->n - i) * sizeof(s->analytic_p[0]));
    memmove(&s->analytic_k[i + 1], &s->analytic_k[i], (s->n - i) * sizeof(s->analytic_k[0]));
    memset(&s->m[i], 0, sizeof(s->m[i]));
    s->m[i].ring_len = len;
    s->n++;
    return i;
}

int cap_sweep_refine(const struct cap_workload *w, struct cap_sweep *s,
                     const struct cap_recommendation *r,
                     cap_progress_fn progress, void *ctx, char *err,
                     size_t errlen)
{
    unsigned lo, hi, added = 0;

    if (r->index <= 0)
        return 0;
    lo = (s->m[r->index - 1].ring_len + ARGO_RING_HEADER_SIZE) / ARGO_PAGE_SIZE;
    hi = (s->m[r->index].ring_len + ARGO_RING_HEADER_SIZE) / ARGO_PAGE_SIZE;
    /* Only whole-page rings are narrowed: what the user gave stays as given. */
    if (s->m[r->index - 1].ring_len != lo * ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE ||
        s->m[r->index].ring_len != hi * ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE)
        return 0;
    while (hi - lo > 1 && s->n < CAP_MAX_SIZES) {
        unsigned mid = lo + (hi - lo) / 2, i;

        for (i = 0; i < s->n && s->m[i].ring_len < mid * ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE; i++)
            ;
        i = insert_at(s, i, mid * ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE);
        if (one_ring(w, s, i, NULL, err, errlen))
            return -1;
        added++;
        if (progress)
            progress(ctx, added - 1, 0, &s->m[i]);
        if (cap_recommend_meets(r, &s->m[i]))
            hi = mid;
        else
            lo = mid;
    }
    return (int)added;
}
