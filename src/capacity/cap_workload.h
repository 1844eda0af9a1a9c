/* SPDX-License-Identifier: MIT */
/*
 * Description: a capacity question: the workload (message sizes, arrivals,
 * senders, receiver, policy on -EAGAIN) and how to answer it (ring sizes,
 * messages simulated, seed, target).
 *
 * Filled from a workload file (cap_workload_load) and then from command
 * line flags (cap_workload_set with the flag's key), later settings
 * overriding earlier ones; cap_workload_check then says what is missing or
 * inconsistent. docs/capacity.md describes every key.
 */
#ifndef ARGOLAB_CAP_WORKLOAD_H
#define ARGOLAB_CAP_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cap_arrival.h"
#include "cap_sizes.h"

/* What a sender does when sendv returns -EAGAIN (docs/capacity.md). */
enum cap_policy {
    CAP_POLICY_RETRY,           /* wait for the wake-up signal, send again; later messages queue behind */
    CAP_POLICY_DROP,            /* discard the message */
    CAP_POLICY_BLOCK,           /* like retry, but the source itself stalls: closed loop */
};

enum cap_service_kind {
    CAP_SERVICE_FIXED,          /* every message takes service_mean */
    CAP_SERVICE_EXP,            /* exponential with mean service_mean */
};

/* A sender waits on the ring's waiter list, which holds 32 (Xen's limit). */
#define CAP_MAX_SENDERS 32u
#define CAP_MAX_SIZES 256u

struct cap_workload {
    struct cap_sizes sizes;
    bool have_sizes;
    struct cap_arrival_spec arrival;
    bool have_rate;
    unsigned senders;
    enum cap_policy policy;
    enum cap_service_kind service;
    double service_mean;        /* seconds per message */
    bool have_service;
    unsigned batch;             /* messages the receiver handles between notifies */
    double wake_latency;        /* receiver: signal to running, seconds */
    double sender_wake_latency; /* a waiting sender: signal to its retry */

    uint64_t messages;          /* measured arrivals per ring size */
    uint64_t warmup;            /* arrivals before measuring */
    bool have_warmup;
    uint64_t seed;
    uint32_t ring_lens[CAP_MAX_SIZES];  /* --sizes; none: the default sweep */
    unsigned nrings;
    double target_eagain;       /* 0: not set */
    double target_throughput;   /* 0: not set */
};

/* Defaults: poisson arrivals, 1 sender, retry, batch 1, no latency, 1M messages, seed 1. */
void cap_workload_init(struct cap_workload *w);

void cap_workload_free(struct cap_workload *w);

/*
 * Set key (as the workload file spells it: "size", "drain", "wake_latency",
 * ...) to value. base_dir resolves relative file names (trace FILE); NULL
 * is the current directory. Returns 0, or -1 with err holding "KEY:
 * expected ..., got ..." (or "unknown key ..."); w is unchanged on failure.
 */
int cap_workload_set(struct cap_workload *w, const char *key,
                     const char *value, const char *base_dir, char *err,
                     size_t errlen);

/*
 * Read a workload file: "key = value" lines, '#' comments, blank lines.
 * Returns 0, or -1 with err holding "PATH:LINE: ..." (or "PATH: cannot
 * open: ..."); settings from lines before the bad one may have been applied.
 */
int cap_workload_load(struct cap_workload *w, const char *path, char *err,
                      size_t errlen);

/*
 * Is the question complete and answerable? Returns 0, or -1 with err
 * saying what is missing or contradictory and how to give it.
 */
int cap_workload_check(const struct cap_workload *w, char *err,
                       size_t errlen);

/* Offered load: mean arrival rate times mean service time. */
double cap_workload_rho(const struct cap_workload *w);

const char *cap_policy_name(enum cap_policy p);

#endif
