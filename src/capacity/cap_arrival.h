/* SPDX-License-Identifier: MIT */
/*
 * Description: arrival processes of the senders: constant rate, Poisson,
 * and on/off bursts.
 *
 * Rates are totals over all senders: with N senders each runs the process
 * at rate/N, independently, so that the aggregate matches what the user
 * measured at the receiver.
 *
 * The generators below are one sender's. The simulation uses them for
 * constant senders; Poisson and on/off senders it draws as one merged
 * stream, the same process in law (cap_sim.c, docs/capacity.md), which
 * with one sender draws exactly what cap_arrival_start and
 * cap_arrival_next would.
 */
#ifndef ARGOLAB_CAP_ARRIVAL_H
#define ARGOLAB_CAP_ARRIVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cap_rng.h"

enum cap_arrival_kind {
    CAP_ARRIVAL_POISSON,        /* exponential gaps */
    CAP_ARRIVAL_CONSTANT,       /* equal gaps; senders evenly staggered */
    CAP_ARRIVAL_ONOFF,          /* Poisson at `rate` while on, silent while off */
};

struct cap_arrival_spec {
    enum cap_arrival_kind kind;
    double rate;                /* messages/s, all senders together (ONOFF: while on) */
    double on_mean, off_mean;   /* ONOFF: mean burst and gap lengths, seconds */
};

/*
 * Parse "poisson [RATE]", "constant [RATE]" or "onoff RATE ON OFF" (ON and
 * OFF durations such as 5ms). A missing RATE keeps spec->rate (so a rate
 * given elsewhere stays). Returns 0, or -1 with err holding "expected ...";
 * spec is unchanged on failure.
 */
int cap_arrival_parse(struct cap_arrival_spec *spec, const char *text,
                      char *err, size_t errlen);

/* The long-run mean arrival rate of all senders, messages/s. */
double cap_arrival_mean_rate(const struct cap_arrival_spec *spec);

/* One sender's generator state. */
struct cap_arrival_gen {
    double gap;                 /* CONSTANT: the sender's period; else its mean gap */
    bool on;                    /* ONOFF: in a burst */
    double phase_end;           /* ONOFF: when the current burst or gap ends */
};

/*
 * Start sender `index` of `senders`; returns the time of its first arrival.
 * ONOFF senders start in a burst with probability on/(on+off), the
 * long-run share, so that no warm-up is needed for the phase.
 */
double cap_arrival_start(struct cap_arrival_gen *g,
                         const struct cap_arrival_spec *spec,
                         unsigned senders, unsigned index, struct cap_rng *r);

/* ONOFF's cap_arrival_next: phases are walked out of line. */
double cap_arrival_next_onoff(struct cap_arrival_gen *g,
                              const struct cap_arrival_spec *spec,
                              struct cap_rng *r, double from);

/*
 * The next arrival after `from`, the time of the sender's previous arrival,
 * or, for a source that stalled (policy block), the time it resumed: the
 * gap is drawn afresh from there. ONOFF phases that ended before `from`
 * are skipped (a stalled source does not catch up on missed bursts).
 */
static inline double cap_arrival_next(struct cap_arrival_gen *g,
                                      const struct cap_arrival_spec *spec,
                                      struct cap_rng *r, double from)
{
    switch (spec->kind) {
    case CAP_ARRIVAL_CONSTANT:
        return from + g->gap;
    case CAP_ARRIVAL_POISSON:
        return from + cap_rng_exp(r, g->gap);
    case CAP_ARRIVAL_ONOFF:
        break;
    }
    return cap_arrival_next_onoff(g, spec, r, from);
}

void cap_arrival_describe(const struct cap_arrival_spec *spec, char *buf,
                          size_t len);

#endif
