/* SPDX-License-Identifier: MIT */
/*
 * Description: the analytic cross-check: an M/G/1/K queue solved through
 * its embedded Markov chain at departures.
 *
 * It applies when the simulation is one: Poisson arrivals, one message
 * size, a receiver that starts on a message the moment it arrives (no
 * wake-up latency) and frees its slots when done with it, and senders that
 * drop on -EAGAIN. The ring then is the queue, the message in service
 * included, and K is the number of messages an empty ring accepts.
 */
#ifndef ARGOLAB_CAP_ANALYTIC_H
#define ARGOLAB_CAP_ANALYTIC_H

#include <stdbool.h>
#include <stdint.h>

#include "cap_workload.h"

/*
 * Does the closed form describe w? If not, *why_not (when not NULL) gets
 * the first condition that fails, as a phrase ("arrivals are not Poisson").
 * The batch size does not matter: it only times notify, and a dropping
 * sender ignores the wake-ups notify sends.
 */
bool cap_analytic_applies(const struct cap_workload *w, const char **why_not);

enum cap_service_dist {
    CAP_DIST_DETERMINISTIC,     /* M/D/1/K */
    CAP_DIST_EXPONENTIAL,       /* M/M/1/K */
};

/*
 * Blocking probability of an M/G/1/K queue with offered load rho (arrival
 * rate times mean service time) and room for K >= 1 customers, the one in
 * service included: the share of arrivals that find it full, which for
 * Poisson arrivals is the time-average p_K.
 *
 * Solved at departures: pi_j (j < K) from the level-crossing form of the
 * balance equations, pi_{j+1} a_0 = pi_0 A_j + sum_{i=1..j} pi_i A_{j+1-i}
 * with A_k = P(more than k arrivals in a service), a sum of positive terms
 * that stays accurate for large K where the textbook recursion's
 * subtractions do not. Then the expected arrivals blocked per service,
 * B = sum_j pi_j E[(A - room_j)^+], gives P = B / (1 + B); this equals
 * 1 - 1/(pi_0 + rho) but does not cancel when P is tiny.
 *
 * Returns 0 with *p set, or -1 ("n/a") when the answer cannot be computed
 * reliably here: rho > 700 (e^-rho underflows), or K times the support of
 * the arrival count is too much work.
 */
int cap_mg1k_blocking(enum cap_service_dist dist, double rho, uint32_t K,
                      double *p);

/* The textbook form 1 - 1/(pi_0 + rho), for checking the stable one. */
int cap_mg1k_blocking_textbook(enum cap_service_dist dist, double rho,
                               uint32_t K, double *p);

#endif
