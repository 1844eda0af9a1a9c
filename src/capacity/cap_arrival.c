/* SPDX-License-Identifier: MIT */
/* Description: parsing and generating the senders' arrival processes. */
#define _POSIX_C_SOURCE 200809L
#include "cap_arrival.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_units.h"

int cap_arrival_parse(struct cap_arrival_spec *spec, const char *text,
                      char *err, size_t errlen)
{
    struct cap_arrival_spec s = *spec;
    char *copy = strdup(text), *save = NULL, *tok[5] = { 0 };
    const char *why;
    int n = 0, rc = -1;

    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
        if (n < 5)
            tok[n++] = t;
        else
            n++;
    if (!n) {
        snprintf(err, errlen,
                 "expected an arrival process: poisson RATE, constant RATE or onoff RATE ON OFF");
        goto out;
    }
    if (!strcmp(tok[0], "poisson") || !strcmp(tok[0], "constant")) {
        s.kind = tok[0][0] == 'p' ? CAP_ARRIVAL_POISSON : CAP_ARRIVAL_CONSTANT;
        if (n > 2) {
            snprintf(err, errlen, "expected at most a rate after %s, got \"%s\"",
                     tok[0], tok[2]);
            goto out;
        }
        if (n == 2 && (why = cap_parse_rate(tok[1], &s.rate))) {
            snprintf(err, errlen, "expected %s after %s, got \"%.40s\"", why,
                     tok[0], tok[1]);
            goto out;
        }
    } else if (!strcmp(tok[0], "onoff")) {
        if (n != 4) {
            snprintf(err, errlen,
                     "expected onoff RATE ON OFF (the rate during a burst, mean burst and gap lengths), such as onoff 200k 5ms 15ms");
            goto out;
        }
        s.kind = CAP_ARRIVAL_ONOFF;
        if ((why = cap_parse_rate(tok[1], &s.rate))) {
            snprintf(err, errlen, "expected %s after onoff, got \"%.40s\"", why, tok[1]);
            goto out;
        }
        if ((why = cap_parse_duration(tok[2], &s.on_mean)) || !(s.on_mean > 0)) {
            snprintf(err, errlen, "expected the mean burst length after the rate: %s, > 0, got \"%.40s\"",
                     why ? why : "a duration", tok[2]);
            goto out;
        }
        if ((why = cap_parse_duration(tok[3], &s.off_mean)) || !(s.off_mean > 0)) {
            snprintf(err, errlen, "expected the mean gap length after the burst length: %s, > 0, got \"%.40s\"",
                     why ? why : "a duration", tok[3]);
            goto out;
        }
    } else {
        snprintf(err, errlen,
                 "unknown arrival process \"%.40s\"; expected poisson RATE, constant RATE or onoff RATE ON OFF",
                 tok[0]);
        goto out;
    }
    *spec = s;
    rc = 0;
out:
    free(copy);
    return rc;
}

double cap_arrival_mean_rate(const struct cap_arrival_spec *spec)
{
    if (spec->kind == CAP_ARRIVAL_ONOFF)
        return spec->rate * spec->on_mean / (spec->on_mean + spec->off_mean);
    return spec->rate;
}

double cap_arrival_start(struct cap_arrival_gen *g,
                         const struct cap_arrival_spec *spec,
                         unsigned senders, unsigned index, struct cap_rng *r)
{
    g->gap = senders / spec->rate;
    g->on = true;
    g->phase_end = 0;
    switch (spec->kind) {
    case CAP_ARRIVAL_CONSTANT:
        /* Staggered so that the aggregate is evenly spaced too. */
        return g->gap * (index + 1u) / senders;
    case CAP_ARRIVAL_POISSON:
        return cap_rng_exp(r, g->gap);
    case CAP_ARRIVAL_ONOFF: {
        double share = spec->on_mean / (spec->on_mean + spec->off_mean);

        g->on = cap_rng_uniform(r) < share;
        /* Exponential phases are memoryless: a fresh draw is the residual. */
        g->phase_end = cap_rng_exp(r, g->on ? spec->on_mean : spec->off_mean);
        return cap_arrival_next(g, spec, r, 0);
    }
    }
    return 0;
}

double cap_arrival_next_onoff(struct cap_arrival_gen *g,
                              const struct cap_arrival_spec *spec,
                              struct cap_rng *r, double from)
{
    double t = from;

    /* Phases that ended while the source was stalled are skipped. */
    while (g->phase_end <= t) {
        g->on = !g->on;
        g->phase_end += cap_rng_exp(r, g->on ? spec->on_mean : spec->off_mean);
    }
    for (;;) {
        if (g->on) {
            double next = t + cap_rng_exp(r, g->gap);

            if (next < g->phase_end)
                return next;
        }
        t = g->phase_end;
        g->on = !g->on;
        g->phase_end = t + cap_rng_exp(r, g->on ? spec->on_mean : spec->off_mean);
    }
}

void cap_arrival_describe(const struct cap_arrival_spec *spec, char *buf,
                          size_t len)
{
    switch (spec->kind) {
    case CAP_ARRIVAL_POISSON:
        snprintf(buf, len, "poisson %.6g msg/s", spec->rate);
        break;
    case CAP_ARRIVAL_CONSTANT:
        snprintf(buf, len, "constant %.6g msg/s", spec->rate);
        break;
    case CAP_ARRIVAL_ONOFF:
        snprintf(buf, len,
                 "onoff: %.6g msg/s during bursts (mean %.3g ms on, %.3g ms off): mean %.6g msg/s",
                 spec->rate, spec->on_mean * 1e3, spec->off_mean * 1e3,
                 cap_arrival_mean_rate(spec));
        break;
    }
}
