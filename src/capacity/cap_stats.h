/* SPDX-License-Identifier: MIT */
/*
 * Description: confidence intervals for the simulation's estimates: batch
 * means with Student's t, and a Poisson bound for rare events.
 *
 * Successive messages in a queue are strongly correlated (a full ring stays
 * full for a while), so a binomial interval over messages would be far too
 * narrow. The run is cut into CAP_BATCHES batches of consecutive messages,
 * long enough to be nearly independent, and the interval is built from the
 * spread of the batch estimates. When events are too rare for that (zero
 * or a few -EAGAIN in the whole run), a Poisson bound on the count is the
 * floor; the simulation counts spells of -EAGAIN rather than single ones,
 * since they come in bunches, and even so a run that saw only a spell or
 * two of what should have been a dozen gives an interval too narrow: rare
 * events need long runs (docs/capacity.md).
 */
#ifndef ARGOLAB_CAP_STATS_H
#define ARGOLAB_CAP_STATS_H

#include <stdint.h>

#define CAP_BATCHES 20u

/* The standard normal quantile: P(Z <= z) = p, 0 < p < 1 (Acklam). */
double cap_normal_quantile(double p);

/*
 * Student's t quantile with df degrees of freedom for a two-sided interval
 * of the given level (0.95: 2.093 at 19 df), from the normal quantile by
 * the Cornish-Fisher expansion (within 0.1% for df >= 5).
 */
double cap_t_quantile(unsigned df, double level);

/*
 * Mean of the n batch values and the half-width of its two-sided interval
 * at level (Student t with n - 1 df). n >= 2.
 */
void cap_batch_ci(const double *x, unsigned n, double level, double *mean,
                  double *half);

/*
 * One-sided upper 95% bound on the mean of a Poisson count k, by
 * Wilson-Hilferty (k = 0: 3.0, the rule of three).
 */
double cap_poisson_upper95(uint64_t k);

#endif
