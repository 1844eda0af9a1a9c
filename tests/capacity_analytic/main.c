/* SPDX-License-Identifier: MIT */
/*
 * Description: the analytic cross-check of the capacity tool: the M/G/1/K
 * blocking probability against closed forms and a brute-force solution of
 * the departure chain, its behaviour at the extremes, and its agreement
 * with the simulation of the model within the simulation's confidence
 * interval (independent replications, and the tool's own batch means).
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "capacity/cap_analytic.h"
#include "capacity/cap_ring.h"
#include "capacity/cap_sim.h"
#include "capacity/cap_stats.h"

/*
 * Relative tolerance, plus an absolute 1e-14: the brute force and the
 * textbook form compute 1 - 1/x, which loses about 1e-16 absolute, so
 * their tiny probabilities are only that good (the stable form is better).
 */
static bool close_rel(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(fabs(a), fabs(b)) + 1e-14;
}

#define CHECK_CLOSE(a, b, tol)                                               \
    do {                                                                     \
        double a_ = (a), b_ = (b);                                           \
        if (!CHECK(close_rel(a_, b_, tol)))                                  \
            fprintf(stderr, "    %s = %.17g\n    %s = %.17g\n", #a, a_, #b, b_); \
    } while (0)

/* M/M/1/K: p_K = (1 - rho) rho^K / (1 - rho^(K+1)). */
static double mm1k(double rho, unsigned K)
{
    if (rho == 1)
        return 1.0 / (K + 1);
    return (1 - rho) * pow(rho, K) / (1 - pow(rho, K + 1));
}

static void closed_forms(void)
{
    static const double rhos[] = { 0.05, 0.3, 0.9, 1.0, 1.5, 3.0 };
    static const unsigned ks[] = { 1, 2, 5, 10, 50, 200 };
    double p;

    for (size_t i = 0; i < sizeof(rhos) / sizeof(rhos[0]); i++) {
        double rho = rhos[i];

        /* One place: Erlang's loss formula, whatever the service. */
        CHECK(!cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, rho, 1, &p));
        CHECK_CLOSE(p, rho / (1 + rho), 1e-12);
        CHECK(!cap_mg1k_blocking(CAP_DIST_EXPONENTIAL, rho, 1, &p));
        CHECK_CLOSE(p, rho / (1 + rho), 1e-12);
        for (size_t k = 0; k < sizeof(ks) / sizeof(ks[0]); k++) {
            CHECK(!cap_mg1k_blocking(CAP_DIST_EXPONENTIAL, rho, ks[k], &p));
            CHECK_CLOSE(p, mm1k(rho, ks[k]), 1e-9);
        }
    }
}

/*
 * The departure chain of M/D/1/K solved the slow, obvious way: the full
 * transition matrix and power iteration, then 1 - 1/(pi_0 + rho).
 */
static double brute_md1k(double rho, unsigned K)
{
    double a[64], P[32][32], pi[32], next[32];

    for (unsigned k = 0; k < 64; k++)
        a[k] = exp(-rho + k * log(rho) - lgamma(k + 1.0));
    for (unsigned i = 0; i < K; i++) {
        unsigned base = i ? i - 1 : 0;
        double rest = 1;

        for (unsigned j = 0; j < K; j++)
            P[i][j] = 0;
        for (unsigned j = base; j + 1 < K; j++) {
            P[i][j] = a[j - base];
            rest -= a[j - base];
        }
        P[i][K - 1] += rest;
    }
    for (unsigned j = 0; j < K; j++)
        pi[j] = 1.0 / K;
    for (int it = 0; it < 200000; it++) {
        for (unsigned j = 0; j < K; j++) {
            next[j] = 0;
            for (unsigned i = 0; i < K; i++)
                next[j] += pi[i] * P[i][j];
        }
        for (unsigned j = 0; j < K; j++)
            pi[j] = next[j];
    }
    return 1 - 1 / (pi[0] + rho);
}

static void brute_force(void)
{
    static const double rhos[] = { 0.5, 0.83, 1.0, 1.3 };
    static const unsigned ks[] = { 2, 3, 7, 12, 20 };
    double p, q;

    for (size_t i = 0; i < sizeof(rhos) / sizeof(rhos[0]); i++)
        for (size_t k = 0; k < sizeof(ks) / sizeof(ks[0]); k++) {
            CHECK(!cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, rhos[i], ks[k], &p));
            CHECK_CLOSE(p, brute_md1k(rhos[i], ks[k]), 1e-7);
            /* The stable form and the textbook one agree where both can. */
            CHECK(!cap_mg1k_blocking_textbook(CAP_DIST_DETERMINISTIC, rhos[i], ks[k], &q));
            CHECK_CLOSE(p, q, 1e-9);
        }
}

static void extremes(void)
{
    double p, prev = 1;

    /* Large K, light load: tiny but never negative, never garbage. */
    for (unsigned K = 10; K <= 1000000; K *= 10) {
        CHECK(!cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, 0.8, K, &p));
        CHECK(p >= 0 && p <= prev);
        prev = p;
    }
    CHECK(!cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, 0.8, 40, &p));
    CHECK(p > 1e-30 && p < 1e-5);
    /* Overload: the blocking tends to 1 - 1/rho however large K. */
    CHECK(!cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, 1.25, 100000, &p));
    CHECK_CLOSE(p, 1 - 1 / 1.25, 1e-9);
    CHECK(!cap_mg1k_blocking(CAP_DIST_EXPONENTIAL, 4, 20000, &p));
    CHECK_CLOSE(p, 0.75, 1e-9);
    /* Where it cannot be computed it says so: "n/a", not a number. */
    CHECK(cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, 800, 10, &p) == -1);
    CHECK(cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, 0, 10, &p) == -1);
    CHECK(cap_mg1k_blocking(CAP_DIST_DETERMINISTIC, 1, 0, &p) == -1);
}

/* ---- against the simulation ------------------------------------------ */

struct config {
    const char *name;
    const char *size;
    double rate, drain;
    enum cap_service_kind service;
    unsigned senders, batch;
    uint32_t ring;
};

static void workload(struct cap_workload *w, const struct config *c,
                     uint64_t messages, uint64_t seed)
{
    char err[256];

    cap_workload_init(w);
    if (cap_workload_set(w, "size", c->size, NULL, err, sizeof(err)))
        fprintf(stderr, "%s\n", err);
    w->arrival.kind = CAP_ARRIVAL_POISSON;
    w->arrival.rate = c->rate;
    w->have_rate = true;
    w->service = c->service;
    w->service_mean = 1 / c->drain;
    w->have_service = true;
    w->senders = c->senders;
    w->batch = c->batch;
    w->policy = CAP_POLICY_DROP;
    w->messages = messages;
    w->warmup = messages / 10;
    w->have_warmup = true;
    w->seed = seed;
}

static const struct config configs[] = {
    { "4 KiB, load 0.83, K=1", "4096", 50000, 60000, CAP_SERVICE_FIXED, 1, 1, 2 * 4096 - 64 },
    { "4 KiB, load 0.83, K=5", "4096", 50000, 60000, CAP_SERVICE_FIXED, 1, 1, 6 * 4096 - 64 },
    { "4 KiB, load 0.83, K=15", "4096", 50000, 60000, CAP_SERVICE_FIXED, 1, 1, 16 * 4096 - 64 },
    { "64 B, load 0.95, K=12", "64", 95000, 100000, CAP_SERVICE_FIXED, 1, 1, 1024 },
    { "overload 1.2, K=5", "100", 120000, 100000, CAP_SERVICE_FIXED, 1, 1, 5 * 128 + 16 },
    { "exponential service, K=10", "1500", 90000, 100000, CAP_SERVICE_EXP, 1, 1, 10 * 1520 + 16 },
    { "4 senders, wildcard ring", "200", 90000, 100000, CAP_SERVICE_FIXED, 4, 1, 7 * 224 + 16 },
    { "batch 8 (notify timing only)", "4096", 50000, 60000, CAP_SERVICE_FIXED, 1, 8, 6 * 4096 - 64 },
};

/*
 * Independent replications: R runs with different seeds, a Student-t
 * interval of their mean at 99.9%, and the analytic value must lie in it.
 * Then the tool's own 95% batch-means interval of one longer run.
 */
static void agreement(const struct config *c)
{
    enum { R = 10 };
    struct cap_workload w;
    struct cap_metrics m;
    double x[R], mean, half, an;
    char err[256];
    enum cap_service_dist d = c->service == CAP_SERVICE_FIXED ? CAP_DIST_DETERMINISTIC
                                                              : CAP_DIST_EXPONENTIAL;

    for (unsigned r = 0; r < R; r++) {
        workload(&w, c, 100000, 1000 + r);
        if (!CHECK(!cap_simulate(&w, c->ring, &m, err, sizeof(err)))) {
            fprintf(stderr, "    %s: %s\n", c->name, err);
            return;
        }
        x[r] = m.eagain_p;
        cap_workload_free(&w);
    }
    cap_batch_ci(x, R, 0.999, &mean, &half);
    if (!CHECK(!cap_mg1k_blocking(d, c->rate / c->drain, m.fits, &an)))
        return;
    if (!CHECK(fabs(mean - an) <= half))
        fprintf(stderr, "    %s (K=%u): simulated %.6g +- %.3g (99.9%%), analytic %.6g\n",
                c->name, (unsigned)m.fits, mean, half, an);
    else
        printf("%-32s K=%-3u simulated %.5f +- %.5f  analytic %.5f\n", c->name,
               (unsigned)m.fits, mean, half, an);

    workload(&w, c, 1000000, 7);
    CHECK(!cap_simulate(&w, c->ring, &m, err, sizeof(err)));
    if (!CHECK(an >= m.eagain_lo && an <= m.eagain_hi))
        fprintf(stderr, "    %s: batch means [%.6g, %.6g], analytic %.6g\n", c->name,
                m.eagain_lo, m.eagain_hi, an);
    cap_workload_free(&w);
}

int main(void)
{
    closed_forms();
    brute_force();
    extremes();
    for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
        agreement(&configs[i]);
    return CHECK_DONE();
}
