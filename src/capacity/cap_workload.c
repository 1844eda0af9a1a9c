/* SPDX-License-Identifier: MIT */
/* Description: the workload's keys, their defaults and their checks. */
#define _POSIX_C_SOURCE 200809L
#include "cap_workload.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_ring.h"
#include "cap_units.h"

void cap_workload_init(struct cap_workload *w)
{
    memset(w, 0, sizeof(*w));
    w->arrival.kind = CAP_ARRIVAL_POISSON;
    w->senders = 1;
    w->policy = CAP_POLICY_RETRY;
    w->service = CAP_SERVICE_FIXED;
    w->batch = 1;
    w->messages = 1000000;
    w->seed = 1;
}

void cap_workload_free(struct cap_workload *w)
{
    cap_sizes_free(&w->sizes);
    w->have_sizes = false;
}

const char *cap_policy_name(enum cap_policy p)
{
    switch (p) {
    case CAP_POLICY_RETRY:
        return "retry";
    case CAP_POLICY_DROP:
        return "drop";
    case CAP_POLICY_BLOCK:
        return "block";
    }
    return "?";
}

double cap_workload_rho(const struct cap_workload *w)
{
    return cap_arrival_mean_rate(&w->arrival) * w->service_mean;
}

/* "KEY: expected WHAT, got "VALUE"" */
static int bad(char *err, size_t errlen, const char *key, const char *what,
               const char *value)
{
    if (strlen(value) > 40)
        snprintf(err, errlen, "%s: expected %s, got \"%.37s...\"", key, what, value);
    else
        snprintf(err, errlen, "%s: expected %s, got \"%s\"", key, what, value);
    return -1;
}

static int set_ring_lens(struct cap_workload *w, const char *value, char *err,
                         size_t errlen)
{
    uint32_t lens[CAP_MAX_SIZES];
    unsigned n = 0;
    char *copy = strdup(value), *save = NULL;
    int rc = 0;

    if (!copy) {
        snprintf(err, errlen, "sizes: out of memory");
        return -1;
    }
    for (char *tok = strtok_r(copy, " \t,", &save); tok && !rc;
         tok = strtok_r(NULL, " \t,", &save)) {
        const char *why;

        if (n == CAP_MAX_SIZES) {
            snprintf(err, errlen, "sizes: expected at most %u ring lengths", CAP_MAX_SIZES);
            rc = -1;
        } else if ((why = cap_ring_parse_len(tok, &lens[n]))) {
            rc = bad(err, errlen, "sizes", why, tok);
        } else {
            n++;
        }
    }
    if (!rc && !n)
        rc = bad(err, errlen, "sizes", "a comma-separated list of ring lengths such as 8128,16p,1MiB", value);
    if (!rc) {
        /* Ascending and distinct: the sweep and the recommendation rely on it. */
        for (unsigned i = 1; i < n; i++)
            for (unsigned j = i; j > 0 && lens[j - 1] > lens[j]; j--) {
                uint32_t t = lens[j];

                lens[j] = lens[j - 1];
                lens[j - 1] = t;
            }
        w->nrings = 0;
        for (unsigned i = 0; i < n; i++)
            if (!w->nrings || w->ring_lens[w->nrings - 1] != lens[i])
                w->ring_lens[w->nrings++] = lens[i];
    }
    free(copy);
    return rc;
}

static int set_service(struct cap_workload *w, const char *value, char *err,
                       size_t errlen)
{
    static const char what[] =
        "fixed DURATION or exp DURATION (the receiver's time per message), such as fixed 16us";
    char kind[16], dur[64], extra[2];
    double s;
    int n = sscanf(value, "%15s %63s %1s", kind, dur, extra);

    if (n != 2 || (strcmp(kind, "fixed") && strcmp(kind, "exp")))
        return bad(err, errlen, "service", what, value);
    if (cap_parse_duration(dur, &s) || !(s > 0))
        return bad(err, errlen, "service",
                   "a service time > 0 such as 16us (units s, ms, us, ns) after fixed or exp", dur);
    w->service = kind[0] == 'f' ? CAP_SERVICE_FIXED : CAP_SERVICE_EXP;
    w->service_mean = s;
    w->have_service = true;
    return 0;
}

static int set_seed(struct cap_workload *w, const char *value, char *err,
                    size_t errlen)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(value, &end, 10);
    if (!*value || *end || errno || value[0] == '-' || value[0] == '+' ||
        value[0] == ' ')
        return bad(err, errlen, "seed", "a whole number from 0 to 18446744073709551615", value);
    w->seed = v;
    return 0;
}

int cap_workload_set(struct cap_workload *w, const char *key,
                     const char *value, const char *base_dir, char *err,
                     size_t errlen)
{
    const char *why;
    uint64_t n;
    double d;
    char sub[400];

    if (!strcmp(key, "size")) {
        struct cap_sizes s;

        if (cap_sizes_parse(&s, value, base_dir, sub, sizeof(sub))) {
            snprintf(err, errlen, "size: %s", sub);
            return -1;
        }
        cap_sizes_free(&w->sizes);
        w->sizes = s;
        w->have_sizes = true;
    } else if (!strcmp(key, "arrival")) {
        if (cap_arrival_parse(&w->arrival, value, sub, sizeof(sub))) {
            snprintf(err, errlen, "arrival: %s", sub);
            return -1;
        }
        if (w->arrival.rate > 0)
            w->have_rate = true;
    } else if (!strcmp(key, "rate")) {
        if ((why = cap_parse_rate(value, &d)))
            return bad(err, errlen, key, why, value);
        w->arrival.rate = d;
        w->have_rate = true;
    } else if (!strcmp(key, "senders")) {
        if (cap_parse_count(value, CAP_MAX_SENDERS, &n) || !n)
            return bad(err, errlen, key,
                       "a number of sender domains from 1 to 32 (a ring's waiter list holds 32)", value);
        w->senders = (unsigned)n;
    } else if (!strcmp(key, "policy")) {
        if (!strcmp(value, "retry"))
            w->policy = CAP_POLICY_RETRY;
        else if (!strcmp(value, "drop"))
            w->policy = CAP_POLICY_DROP;
        else if (!strcmp(value, "block"))
            w->policy = CAP_POLICY_BLOCK;
        else
            return bad(err, errlen, key, "retry, drop or block", value);
    } else if (!strcmp(key, "drain")) {
        if ((why = cap_parse_rate(value, &d)))
            return bad(err, errlen, key, why, value);
        w->service = CAP_SERVICE_FIXED;
        w->service_mean = 1.0 / d;
        w->have_service = true;
    } else if (!strcmp(key, "service")) {
        return set_service(w, value, err, errlen);
    } else if (!strcmp(key, "batch")) {
        if (cap_parse_count(value, UINT32_MAX, &n) || !n)
            return bad(err, errlen, key, "a batch size from 1 to 4294967295 messages", value);
        w->batch = (unsigned)n;
    } else if (!strcmp(key, "wake_latency") || !strcmp(key, "sender_wake_latency")) {
        if ((why = cap_parse_duration(value, &d)))
            return bad(err, errlen, key, why, value);
        *(key[0] == 'w' ? &w->wake_latency : &w->sender_wake_latency) = d;
    } else if (!strcmp(key, "messages")) {
        if (cap_parse_count(value, 1ull << 40, &n) || n < 1000)
            return bad(err, errlen, key, "a number of messages from 1000 to 2^40 such as 1M", value);
        w->messages = n;
    } else if (!strcmp(key, "warmup")) {
        if (cap_parse_count(value, 1ull << 40, &n))
            return bad(err, errlen, key, "a number of messages from 0 to 2^40", value);
        w->warmup = n;
        w->have_warmup = true;
    } else if (!strcmp(key, "seed")) {
        return set_seed(w, value, err, errlen);
    } else if (!strcmp(key, "sizes")) {
        return set_ring_lens(w, value, err, errlen);
    } else if (!strcmp(key, "target_eagain") || !strcmp(key, "target_throughput")) {
        if ((why = cap_parse_fraction(value, &d)))
            return bad(err, errlen, key, why, value);
        *(key[7] == 'e' ? &w->target_eagain : &w->target_throughput) = d;
    } else {
        snprintf(err, errlen,
                 "unknown key \"%.40s\"; expected size, arrival, rate, senders, policy, drain, service, batch, wake_latency, sender_wake_latency, messages, warmup, seed, sizes, target_eagain or target_throughput",
                 key);
        return -1;
    }
    return 0;
}

int cap_workload_check(const struct cap_workload *w, char *err, size_t errlen)
{
    if (!w->have_sizes) {
        snprintf(err, errlen,
                 "expected a message size: size = fixed 4096 in the workload file, or --size 4096");
        return -1;
    }
    if (!w->have_rate || !(w->arrival.rate > 0)) {
        snprintf(err, errlen,
                 "expected an arrival rate: rate = 50000 (or arrival = poisson 50000) in the workload file, or --rate 50000");
        return -1;
    }
    if (!w->have_service) {
        snprintf(err, errlen,
                 "expected the receiver's speed: drain = 60000 (messages/s) or service = fixed 16us in the workload file, or --drain 60000");
        return -1;
    }
    if (w->target_eagain > 0 && w->target_throughput > 0) {
        snprintf(err, errlen,
                 "expected one target, not both target_eagain and target_throughput");
        return -1;
    }
    for (unsigned i = 0; i < w->nrings; i++)
        if (w->ring_lens[i] < cap_ring_min_len(w->sizes.max)) {
            snprintf(err, errlen,
                     "sizes: ring length %u cannot carry the largest message, %u bytes (it needs at least %u)",
                     (unsigned)w->ring_lens[i], (unsigned)w->sizes.max,
                     (unsigned)cap_ring_min_len(w->sizes.max));
            return -1;
        }
    /* Every gap and service time must be representable next to the clock. */
    if (!isfinite(w->senders / w->arrival.rate) || !isfinite(1.0 / w->service_mean)) {
        snprintf(err, errlen, "expected rates and times within double range");
        return -1;
    }
    return 0;
}
