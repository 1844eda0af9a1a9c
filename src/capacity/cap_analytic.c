/* SPDX-License-Identifier: MIT */
/* Description: M/D/1/K and M/M/1/K blocking through the embedded Markov chain. */
#include "cap_analytic.h"

#include <math.h>
#include <stdlib.h>

#define MAX_RHO 700.0
#define MAX_WORK 4e8
#define RESCALE_ABOVE 1e250

bool cap_analytic_applies(const struct cap_workload *w, const char **why_not)
{
    const char *why = NULL;

    if (w->sizes.kind != CAP_SIZE_FIXED && w->sizes.min != w->sizes.max)
        why = "message sizes vary";
    else if (w->arrival.kind != CAP_ARRIVAL_POISSON)
        why = "arrivals are not Poisson";
    else if (w->policy != CAP_POLICY_DROP)
        why = "the policy on -EAGAIN is not drop";
    else if (w->wake_latency > 0)
        why = "the receiver has a wake-up latency";
    if (why_not)
        *why_not = why;
    return !why;
}

/*
 * a[k] = P(k arrivals in one service) and abar[k] = P(more than k), for k
 * up to *T, where the rest is below anything a double holds next to 1.
 */
static int arrival_counts(enum cap_service_dist dist, double rho, double **a,
                          double **abar, uint32_t *T)
{
    uint32_t n;

    if (dist == CAP_DIST_DETERMINISTIC)
        /* Poisson(rho): its tail past rho + 40 sqrt(rho) + 800 is < 1e-320. */
        n = (uint32_t)(rho + 40 * sqrt(rho) + 800);
    else
        /* Geometric with ratio q = rho/(1+rho): q^n < 1e-320. */
        n = (uint32_t)fmin(1e7, 740 / -log(rho / (1 + rho)) + 2);
    *a = malloc((n + 1) * sizeof(double));
    *abar = malloc((n + 2) * sizeof(double));
    if (!*a || !*abar) {
        free(*a);
        free(*abar);
        return -1;
    }
    for (uint32_t k = 0; k <= n; k++) {
        if (dist == CAP_DIST_DETERMINISTIC)
            (*a)[k] = exp(-rho + k * log(rho) - lgamma(k + 1.0));
        else
            (*a)[k] = exp(-log1p(rho) + k * log(rho / (1 + rho)));
    }
    /* Terms that underflowed add nothing but work. */
    while (n > 0 && (*a)[n] == 0)
        n--;
    /* Tails summed from the far end: no 1 - CDF cancellation. */
    (*abar)[n] = 0;
    for (uint32_t k = n; k-- > 0;)
        (*abar)[k] = (*abar)[k + 1] + (*a)[k + 1];
    *T = n;
    return 0;
}

/* Unnormalised departure-epoch probabilities, folded as they are made. */
struct chain {
    double pi0;                 /* pi_0, rescaled with the rest */
    double total;               /* sum of pi_j */
    double blocked;             /* sum of pi_j E[(A - room_j)^+] */
};

static int solve(enum cap_service_dist dist, double rho, uint32_t K,
                 struct chain *c)
{
    double *a, *abar, *abar2, *win;
    uint32_t T;

    if (!(rho > 0) || rho > MAX_RHO || K < 1)
        return -1;
    if (arrival_counts(dist, rho, &a, &abar, &T))
        return -1;
    if ((double)K * fmin(T, K) > MAX_WORK) {
        free(a);
        free(abar);
        return -1;
    }
    /* abar2[r] = E[(A - r)^+] = sum over m >= r of abar[m]. */
    abar2 = malloc((T + 2) * sizeof(double));
    /* pi_1..pi_{K-1}, only the last T of which the sum ever reads. */
    win = malloc(((size_t)K + 1) * sizeof(double));
    if (!abar2 || !win) {
        free(a);
        free(abar);
        free(abar2);
        free(win);
        return -1;
    }
    abar2[T + 1] = 0;
    for (uint32_t r = T + 1; r-- > 0;)
        abar2[r] = abar2[r + 1] + abar[r];

#define ABAR(k) ((k) <= T ? abar[k] : 0.0)
#define ABAR2(r) ((r) <= T ? abar2[r] : 0.0)
    /* State 0: the next service starts with the one arrival, room K - 1. */
    c->pi0 = 1;
    c->total = 1;
    c->blocked = ABAR2(K - 1);
    win[0] = 1;
    for (uint32_t j = 0; j + 1 < K; j++) {
        double num = c->pi0 * ABAR(j), pij;
        uint32_t lo = j + 1 > T ? j + 1 - T : 1;

        for (uint32_t i = lo; i <= j; i++)
            num += win[i] * abar[j + 1 - i];
        pij = num / a[0];
        win[j + 1] = pij;
        c->total += pij;
        /* State j+1: service starts with j+1 in the ring, room K-j-1. */
        c->blocked += pij * ABAR2(K - j - 1);
        if (pij > RESCALE_ABOVE) {
            /* Only the ratios matter; keep everything finite. */
            uint32_t from = j + 1 > T ? j + 1 - T : 0;

            for (uint32_t i = from; i <= j + 1; i++)
                win[i] /= RESCALE_ABOVE;
            c->pi0 /= RESCALE_ABOVE;
            c->total /= RESCALE_ABOVE;
            c->blocked /= RESCALE_ABOVE;
        }
    }
#undef ABAR
#undef ABAR2
    free(a);
    free(abar);
    free(abar2);
    free(win);
    return isfinite(c->total) && c->total > 0 ? 0 : -1;
}

int cap_mg1k_blocking(enum cap_service_dist dist, double rho, uint32_t K,
                      double *p)
{
    struct chain c;
    double b;

    if (solve(dist, rho, K, &c))
        return -1;
    b = c.blocked / c.total;
    *p = b / (1 + b);
    return isfinite(*p) ? 0 : -1;
}

int cap_mg1k_blocking_textbook(enum cap_service_dist dist, double rho,
                               uint32_t K, double *p)
{
    struct chain c;

    if (solve(dist, rho, K, &c))
        return -1;
    *p = 1 - 1 / (c.pi0 / c.total + rho);
    return 0;
}
