/* SPDX-License-Identifier: MIT */
/*
 * Description: the discrete-event simulation of one ring size: senders and
 * a receiver driving the Argo model itself.
 *
 * Every message goes through the model's argo_sendv into real ring memory;
 * the receiver reads it with the guest reader (argo_ring_peek, then
 * argo_ring_consume) and calls argo_notify, whose waiter list and VIRQs
 * (delivered through on_signal) wake the senders. The rules each actor
 * follows are in docs/capacity.md, "The simulation".
 */
#ifndef ARGOLAB_CAP_SIM_H
#define ARGOLAB_CAP_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cap_workload.h"

/* What one ring size did; counts cover the measured window only. */
struct cap_metrics {
    uint32_t ring_len;
    uint32_t pages;             /* guest pages pinned, ring header included */
    uint32_t fits;              /* messages of the largest size an empty ring holds */
    bool ever_full;             /* a sendv returned -EAGAIN, warm-up included */
    bool reused;                /* the run of a smaller ring that never filled, whose
                                   sample path any larger ring repeats exactly */

    double window;              /* simulated seconds measured */
    uint64_t arrivals;          /* messages that arrived in the window */
    uint64_t first_sends;       /* ... whose first sendv was made */
    uint64_t eagain;            /* ... and returned -EAGAIN */
    uint64_t episodes;          /* runs of such -EAGAIN in a row: full-ring spells */
    uint64_t accepted;          /* ... that the ring accepted by the end */
    uint64_t dropped;           /* ... discarded (policy drop) */
    uint64_t delayed;           /* ... accepted later than they arrived */
    uint64_t sends_ok;          /* successful sendv calls in the window */
    uint64_t signals;           /* VIRQs raised in the window */
    uint64_t receiver_signals;  /* ... to the receiver (one per accepted message) */
    uint64_t sender_signals;    /* ... to senders, by notify waking a waiter */
    uint64_t receiver_wakeups;  /* signals that woke an idle receiver */
    uint64_t sender_wakeups;    /* signals a waiting sender retried after */
    uint64_t wasted_wakeups;    /* ... whose retry still got -EAGAIN */
    uint64_t notifies;          /* argo_notify calls by the receiver */
    double stalled;             /* block: seconds sources stood stalled, summed */

    double eagain_p, eagain_lo, eagain_hi;  /* -EAGAIN probability, 95% interval (cap_stats.h) */
    double thru, thru_lo, thru_hi;          /* achieved / offered, 95% interval */
    double offered_rate;        /* messages/s the workload offers (mean) */
    double achieved_rate;       /* messages/s accepted */
    double occ_mean, occ_p99, occ_max;      /* ring bytes in use, time-weighted */
    double delay_mean, delay_p99;           /* arrival to acceptance, seconds */
    double overhead_per_msg;    /* header + padding bytes per accepted message */
    double overhead_fraction;   /* ... as a share of the ring bytes they took */
    uint64_t simulated;         /* messages simulated, warm-up included */
};

/*
 * Simulate w on a ring of ring_len bytes (at least cap_ring_min_len of the
 * largest message) for w->warmup arrivals and then w->messages measured
 * arrivals, with w->seed. Deterministic: the same arguments give the same
 * metrics, bit for bit. Returns 0, or -1 with err saying what failed
 * (out of memory, or a model call that should not fail).
 */
int cap_simulate(const struct cap_workload *w, uint32_t ring_len,
                 struct cap_metrics *out, char *err, size_t errlen);

/* The warm-up w implies: w->warmup if set, else a tenth of w->messages. */
uint64_t cap_sim_warmup(const struct cap_workload *w);

#endif
