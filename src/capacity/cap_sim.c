/* SPDX-License-Identifier: MIT */
/*
 * Description: the capacity simulation: one event loop over the senders'
 * arrivals and retries and the receiver, with every ring operation done by
 * the model on real ring memory.
 */
#include "cap_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_events.h"
#include "cap_ring.h"
#include "cap_rng.h"
#include "cap_stats.h"
#include "ring_model/argo_model.h"
#include "ring_model/argo_reader.h"

#define RECEIVER_DOM 0u
#define RING_PORT 1u
#define SENDER_PORT 2u

/*
 * Receiver first among simultaneous events: space freed at t is there at t.
 * Then the senders' retries, then arrivals: each constant sender's own
 * slot, or the one slot of the Poisson and on/off senders merged.
 */
#define SLOT_RECEIVER 0u
#define SLOT_WAKE(i) (1u + (i))
#define SLOT_ARRIVAL(n, i) (1u + (n) + (i))
#define SLOT_MERGED(n) (1u + (n))
#define NOT_LIVE 0xffu

/* One PRNG stream per purpose and actor (cap_rng.h). */
#define STREAM_SERVICE 1u
#define STREAM_ARRIVALS 1000u
#define STREAM_SIZES 2000u

/*
 * A retrying sender's own queue is bounded, as a socket buffer would be;
 * arrivals beyond it are lost (counted as not accepted).
 */
#define SENDER_BACKLOG_MAX (1u << 18)

/* Delays in 1/32-octave buckets from 2^-40 s (about 1 ps) up; bucket 0 is zero. */
#define DELAY_SUB 32
#define DELAY_MIN_EXP (-40)
#define DELAY_OCTAVES 64
#define DELAY_BUCKETS (1 + DELAY_SUB * DELAY_OCTAVES)

struct pending {
    double arrival;
    bool measured;              /* arrived in the window */
    uint32_t batch;             /* if measured: its batch */
};

enum sender_state { SENDER_READY, SENDER_WAITING, SENDER_WAKING };
enum receiver_state { RECEIVER_IDLE, RECEIVER_WAKING, RECEIVER_BUSY };

struct sender {
    argo_domid_t dom;
    enum sender_state state;
    bool stalled;               /* block: the source makes nothing until the
                                   message that got -EAGAIN goes through */
    struct cap_rng arrivals, sizes;
    struct cap_arrival_gen gen; /* merged: gen.on and gen.phase_end only */
    xen_argo_send_addr_t addr;  /* its sendv's arguments, but for the length */
    xen_argo_iov_t iov;
    struct pending *q;          /* FIFO ring buffer of messages not yet accepted;
                                   q_cap is a power of two, so indices wrap by mask */
    size_t q_head, q_len, q_cap;
    bool head_tried;            /* the head's first sendv was made */
    uint32_t head_size;
    double stall_start;         /* block: when the source stalled */
};

struct sim {
    const struct cap_workload *w;
    struct argo_model *m;
    struct argo_model_ring *ring;
    uint8_t *mem;
    uint32_t len;
    struct argo_guest_reader guest;
    struct cap_events ev;
    double now;
    unsigned n;                 /* senders */
    struct sender s[CAP_MAX_SENDERS];

    /*
     * Poisson and on/off senders' arrivals as one stream (see
     * merged_schedule): the senders that make messages now ("live": in a
     * burst, not stalled), in a list with each one's place in it.
     */
    bool merged;
    bool onoff;
    double sender_gap;          /* one sender's mean gap while it makes messages */
    double merged_gap[CAP_MAX_SENDERS + 1]; /* ... over k: the mean gap of k such senders */
    struct cap_rng *merged_rng; /* the gaps and the choice of sender */
    unsigned nlive;
    uint8_t live[CAP_MAX_SENDERS], live_pos[CAP_MAX_SENDERS];
    double next_phase;          /* onoff: the earliest end of a sender's burst or gap */
    unsigned next_phase_sender;
    bool phase_due;             /* the merged slot's event is that phase change */

    enum receiver_state rstate;
    uint32_t in_batch;
    struct argo_ring_msg cur;
    struct cap_rng service;

    uint64_t next_idx, warmup, total;
    bool measuring, stop;
    bool last_first_failed;     /* the latest first sendv returned -EAGAIN */
    double t_start;
    unsigned batch;             /* the batch the latest arrival belongs to */
    uint64_t batch_end;         /* the first arrival of the next batch */
    double b_start[CAP_BATCHES + 1];
    uint64_t b_first[CAP_BATCHES], b_eagain[CAP_BATCHES];
    uint64_t b_arrivals[CAP_BATCHES], b_accepted[CAP_BATCHES];
    double b_stall[CAP_BATCHES];

    double last_t;
    uint32_t occ;               /* ring bytes in use, from the ring's indices */
    uint32_t occ_max;
    double occ_area;
    double *hist;               /* seconds spent at each occupancy, per slot */

    double delay_sum;
    uint64_t delay_hist[DELAY_BUCKETS];
    uint64_t overhead_bytes, footprint_bytes;

    struct cap_metrics o;       /* the results, kept here while running (one
                                   load fewer per count than through a pointer)
                                   and handed over at the end */
    char *err;
    size_t errlen;
    bool failed;
};

static void fail(struct sim *S, const char *what, long rc)
{
    char e[32];

    if (!S->failed)
        snprintf(S->err, S->errlen, "ring %u: %s: %s", (unsigned)S->len, what,
                 cap_errno_text(rc, e, sizeof(e)));
    S->failed = true;
    S->stop = true;
}

/* ---- measurement ------------------------------------------------------ */

/* The first arrival of batch b + 1: batches split the measured arrivals evenly. */
static uint64_t batch_end(const struct sim *S, unsigned b)
{
    return S->warmup + ((b + 1u) * S->w->messages + CAP_BATCHES - 1) / CAP_BATCHES;
}

static inline void occ_account(struct sim *S)
{
    if (S->measuring) {
        double dt = S->now - S->last_t;

        S->hist[S->occ / XEN_ARGO_MSG_SLOT_SIZE] += dt;
        S->occ_area += dt * S->occ;
    }
    S->last_t = S->now;
}

/* Occupancy as the ring's own indices say, after a send or a consume. */
static inline void occ_update(struct sim *S)
{
    uint32_t rx, tx;

    occ_account(S);
    memcpy(&rx, S->mem + offsetof(xen_argo_ring_t, rx_ptr), sizeof(rx));
    memcpy(&tx, S->mem + offsetof(xen_argo_ring_t, tx_ptr), sizeof(tx));
    /* Selects rather than branches: which way it goes is a coin toss. */
    S->occ = tx - rx + (tx < rx ? S->len : 0u);
    if (S->measuring)
        S->occ_max = S->occ > S->occ_max ? S->occ : S->occ_max;
}

static unsigned delay_bucket(double d)
{
    int e, oct;
    double m;

    if (!(d > 0))
        return 0;
    m = frexp(d, &e);           /* d = m * 2^e, m in [0.5, 1) */
    oct = e - 1 - DELAY_MIN_EXP;
    if (oct < 0)
        return 1;
    if (oct >= DELAY_OCTAVES)
        return DELAY_BUCKETS - 1;
    return 1u + (unsigned)oct * DELAY_SUB + (unsigned)((m * 2 - 1) * DELAY_SUB);
}

static double delay_bucket_top(unsigned b)
{
    unsigned oct, sub;

    if (!b)
        return 0;
    oct = (b - 1) / DELAY_SUB;
    sub = (b - 1) % DELAY_SUB;
    return ldexp(1.0 + (sub + 1.0) / DELAY_SUB, (int)oct + DELAY_MIN_EXP);
}

/* Stall [from, S->now] of a blocked source, clipped to the window, by batch. */
static void stall_account(struct sim *S, double from)
{
    if (!S->measuring)
        return;
    if (from < S->t_start)
        from = S->t_start;
    S->o.stalled += S->now - from;
    for (unsigned b = S->batch + 1; b-- > 0;) {
        double lo = from > S->b_start[b] ? from : S->b_start[b];
        double hi = b == S->batch ? S->now
                    : (S->now < S->b_start[b + 1] ? S->now : S->b_start[b + 1]);

        if (hi > lo)
            S->b_stall[b] += hi - lo;
        if (from >= S->b_start[b])
            break;
    }
}

/* ---- model calls ------------------------------------------------------ */

static void on_signal(void *ctx, argo_domid_t dom);

static int model_setup(struct sim *S)
{
    const bool wildcard = S->n > 1;
    xen_argo_register_ring_t reg = {
        .aport = RING_PORT,
        .partner_id = wildcard ? XEN_ARGO_DOMID_ANY : 1,
        .len = S->len,
    };
    uint32_t npages = argo_ring_npages(S->len);
    long rc;

    argo_model_init(S->m);
    /* Several senders share one wildcard ring, which needs mac-permissive. */
    S->m->mac_permissive = wildcard;
    S->m->on_signal = on_signal;
    S->m->signal_ctx = S;
    for (unsigned d = 0; d <= S->n; d++) {
        rc = argo_domain_create(S->m, (argo_domid_t)d, true);
        if (rc) {
            fail(S, "domain_create", rc);
            return -1;
        }
    }
    rc = argo_register_ring(S->m, RECEIVER_DOM, &reg, S->mem, false, npages, 0);
    if (rc) {
        fail(S, "register_ring", rc);
        return -1;
    }
    S->ring = argo_ring_find(S->m, RECEIVER_DOM, RING_PORT, reg.partner_id);
    S->guest.copy = cap_copy_nothing;
    S->guest.ctx = NULL;
    return 0;
}

static inline long send_head(struct sim *S, struct sender *s)
{
    s->iov.iov_len = s->head_size;
    return argo_sendv(S->m, s->dom, &s->addr, &s->iov, 1, 0, &S->guest);
}

static void notify(struct sim *S)
{
    long rc = argo_notify(S->m, RECEIVER_DOM, NULL, NULL);

    if (rc)
        fail(S, "notify", rc);
    if (S->measuring)
        S->o.notifies++;
}

/* ---- the receiver ----------------------------------------------------- */

static inline double service_time(struct sim *S)
{
    if (S->w->service == CAP_SERVICE_FIXED)
        return S->w->service_mean;
    return cap_rng_exp(&S->service, S->w->service_mean);
}

/* Start on the next message, or notify and sleep when the ring is empty. */
static void receiver_next(struct sim *S)
{
    int rc = argo_ring_peek(S->mem, S->len, &S->cur);

    if (rc == -ARGO_ENOMSG) {
        if (S->in_batch) {
            notify(S);
            S->in_batch = 0;
        }
        S->rstate = RECEIVER_IDLE;
        return;
    }
    if (rc) {
        fail(S, "the receiver's peek", rc);
        return;
    }
    S->rstate = RECEIVER_BUSY;
    cap_events_set_beside(&S->ev, SLOT_RECEIVER, S->now + service_time(S));
}

static void receiver_event(struct sim *S)
{
    if (S->rstate == RECEIVER_BUSY) {
        /* Done with the message: its slots go back to the ring. */
        argo_ring_consume(S->mem, &S->cur);
        argo_note_consumed(S->m, S->ring, S->cur.payload_len);
        occ_update(S);
        if (++S->in_batch == S->w->batch) {
            notify(S);
            S->in_batch = 0;
        }
    } else {
        S->in_batch = 0;
    }
    receiver_next(S);
}

/* ---- the senders ------------------------------------------------------ */

static inline struct pending *head(struct sender *s)
{
    return &s->q[s->q_head];
}

static int push(struct sim *S, struct sender *s, bool measured, unsigned batch)
{
    if (s->q_len == s->q_cap) {
        size_t cap = s->q_cap ? s->q_cap * 2 : 64;
        struct pending *q = malloc(cap * sizeof(*q));

        if (!q) {
            snprintf(S->err, S->errlen, "out of memory");
            S->failed = S->stop = true;
            return -1;
        }
        for (size_t i = 0; i < s->q_len; i++)
            q[i] = s->q[(s->q_head + i) & (s->q_cap - 1)];
        free(s->q);
        s->q = q;
        s->q_cap = cap;
        s->q_head = 0;
    }
    s->q[(s->q_head + s->q_len) & (s->q_cap - 1)] = (struct pending){ S->now, measured, batch };
    s->q_len++;
    return 0;
}

static void pop(struct sender *s)
{
    s->q_head = (s->q_head + 1) & (s->q_cap - 1);
    s->q_len--;
    s->head_tried = false;
}

/* A sendv went through: the ring's books. */
static inline void sent(struct sim *S, uint32_t size)
{
    occ_update(S);
    if (S->measuring) {
        S->o.sends_ok++;
        S->overhead_bytes += cap_msg_overhead(size);
        S->footprint_bytes += cap_msg_footprint(size);
    }
}

/* ... and the first sendv of a message: its own books. */
static inline void first_send(struct sim *S, bool measured, unsigned batch, long rc)
{
    if (measured) {
        S->o.first_sends++;
        S->b_first[batch]++;
        if (rc == -ARGO_EAGAIN) {
            S->o.eagain++;
            S->b_eagain[batch]++;
            S->o.episodes += !S->last_first_failed;
        }
        S->last_first_failed = rc == -ARGO_EAGAIN;
    }
}

/* The message at the head of the sender's queue went through. */
static void accepted(struct sim *S, struct sender *s)
{
    const struct pending *p = head(s);

    sent(S, s->head_size);
    if (p->measured) {
        double delay = S->now - p->arrival;

        S->o.accepted++;
        S->b_accepted[p->batch]++;
        S->delay_sum += delay;
        S->delay_hist[delay_bucket(delay)]++;
        if (delay > 0)
            S->o.delayed++;
    }
    pop(s);
}

/* Send what the sender holds, oldest first, until the ring refuses one. */
static void drain(struct sim *S, struct sender *s)
{
    while (s->q_len && !S->failed) {
        const struct pending *p = head(s);
        bool first = !s->head_tried;
        long rc;

        if (first) {
            s->head_size = cap_sizes_sample(&S->w->sizes, &s->sizes);
            s->head_tried = true;
        }
        rc = send_head(S, s);
        if (first)
            first_send(S, p->measured, p->batch, rc);
        if (rc >= 0) {
            accepted(S, s);
            continue;
        }
        if (rc != -ARGO_EAGAIN) {
            fail(S, "sendv", rc);
            return;
        }
        S->o.ever_full = true;
        if (S->w->policy == CAP_POLICY_DROP) {
            if (p->measured)
                S->o.dropped++;
            pop(s);
            continue;
        }
        /* sendv queued this sender on the ring's waiter list. */
        s->state = SENDER_WAITING;
        if (S->w->policy == CAP_POLICY_BLOCK)
            s->stall_start = S->now;
        return;
    }
    s->state = SENDER_READY;
}

static void schedule_arrival(struct sim *S, unsigned i)
{
    struct sender *s = &S->s[i];

    cap_events_set(&S->ev, SLOT_ARRIVAL(S->n, i),
                   cap_arrival_next(&s->gen, &S->w->arrival, &s->arrivals, S->now));
}

/* ---- merged arrivals ---------------------------------------------------- */

/*
 * N independent Poisson senders of rate r each are, together, one Poisson
 * stream of rate N r whose every message comes from one of them, chosen
 * uniformly and independently of everything before: the law of the whole
 * is the same, and one event slot replaces N. The same holds at every
 * moment for the senders that make messages then (k of them: on/off
 * senders in a burst, minus blocked senders that stand stalled), and the
 * gaps being memoryless, the next arrival is drawn afresh, at rate k r,
 * whenever k changes. On/off phases stay each sender's own: the merged
 * slot's event is the next arrival or, if sooner, the next end of a
 * sender's burst or gap.
 *
 * With one sender this draws what that sender's own generator would, in
 * the same order from the same stream, so one-sender runs are unchanged.
 */
static void live_add(struct sim *S, unsigned i)
{
    if (S->live_pos[i] != NOT_LIVE)
        return;
    S->live_pos[i] = (uint8_t)S->nlive;
    S->live[S->nlive++] = (uint8_t)i;
}

static void live_remove(struct sim *S, unsigned i)
{
    unsigned p = S->live_pos[i], last;

    if (p == NOT_LIVE)
        return;
    last = S->live[--S->nlive];
    S->live[p] = (uint8_t)last;
    S->live_pos[last] = (uint8_t)p;
    S->live_pos[i] = NOT_LIVE;
}

/* Does sender i make messages now? */
static void live_update(struct sim *S, unsigned i)
{
    const struct sender *s = &S->s[i];

    if ((!S->onoff || s->gen.on) && !s->stalled)
        live_add(S, i);
    else
        live_remove(S, i);
}

static void next_phase_find(struct sim *S)
{
    unsigned best = 0;

    for (unsigned i = 1; i < S->n; i++)
        if (S->s[i].gen.phase_end < S->s[best].gen.phase_end)
            best = i;
    S->next_phase = S->s[best].gen.phase_end;
    S->next_phase_sender = best;
}

/*
 * The merged slot's next event, drawn from S->now. Inlined, as is
 * arrival(), into the one call per message that matters: the calls cost
 * more than their bodies' bookkeeping.
 */
static inline __attribute__((always_inline)) void merged_schedule(struct sim *S)
{
    double next = INFINITY;

    if (S->nlive)
        next = S->now + cap_rng_exp(S->merged_rng, S->merged_gap[S->nlive]);
    S->phase_due = S->onoff && S->next_phase <= next;
    if (S->phase_due)
        next = S->next_phase;
    else if (!S->nlive) {
        /* Poisson senders, all stalled: nothing comes until one resumes. */
        cap_events_cancel(&S->ev, SLOT_MERGED(S->n));
        return;
    }
    cap_events_set_beside(&S->ev, SLOT_MERGED(S->n), next);
}

/* A sender's burst or gap ends: it starts the other. */
static void phase_event(struct sim *S)
{
    unsigned i = S->next_phase_sender;
    struct sender *s = &S->s[i];
    const struct cap_arrival_spec *a = &S->w->arrival;

    s->gen.on = !s->gen.on;
    s->gen.phase_end = S->now + cap_rng_exp(&s->arrivals, s->gen.on ? a->on_mean : a->off_mean);
    live_update(S, i);
    next_phase_find(S);
    merged_schedule(S);
}

static void merged_start(struct sim *S)
{
    const struct cap_arrival_spec *a = &S->w->arrival;
    double share = a->on_mean / (a->on_mean + a->off_mean);

    S->sender_gap = S->n / a->rate;
    /* Divided once here, not for every message. */
    for (unsigned k = 1; k <= S->n; k++)
        S->merged_gap[k] = S->sender_gap / k;
    S->merged_rng = &S->s[0].arrivals;
    for (unsigned i = 0; i < S->n; i++) {
        struct sender *s = &S->s[i];

        S->live_pos[i] = NOT_LIVE;
        s->gen.on = true;
        if (S->onoff) {
            /* In a burst with its long-run share; a fresh draw is the residual. */
            s->gen.on = cap_rng_uniform(&s->arrivals) < share;
            s->gen.phase_end = cap_rng_exp(&s->arrivals, s->gen.on ? a->on_mean : a->off_mean);
        }
        live_update(S, i);
    }
    if (S->onoff)
        next_phase_find(S);
    merged_schedule(S);
}

/* ---- arrivals ----------------------------------------------------------- */

/*
 * A message of sender i arrives: count it, queue it, send what the sender
 * holds. Returns false when the simulation failed.
 */
static inline __attribute__((always_inline)) bool arrival(struct sim *S, unsigned i)
{
    struct sender *s = &S->s[i];
    uint64_t idx = S->next_idx++;

    bool measured = idx >= S->warmup;

    if (idx == S->warmup) {
        /* The window opens: from here on everything is counted. */
        S->measuring = true;
        S->t_start = S->last_t = S->now;
        S->b_start[0] = S->now;
        S->batch = 0;
        S->batch_end = batch_end(S, 0);
    }
    if (measured) {
        if (idx >= S->batch_end) {
            S->batch++;
            S->batch_end = batch_end(S, S->batch);
            S->b_start[S->batch] = S->now;
        }
        S->o.arrivals++;
        S->b_arrivals[S->batch]++;
    }
    if (s->state == SENDER_READY) {
        /* A ready sender holds nothing: this message goes at once. */
        long rc;

        s->head_size = cap_sizes_sample(&S->w->sizes, &s->sizes);
        rc = send_head(S, s);
        first_send(S, measured, S->batch, rc);
        if (rc >= 0) {
            sent(S, s->head_size);
            if (measured) {
                /* Accepted as it arrived: no delay. */
                S->o.accepted++;
                S->b_accepted[S->batch]++;
                S->delay_hist[0]++;
            }
        } else if (rc != -ARGO_EAGAIN) {
            fail(S, "sendv", rc);
            return false;
        } else {
            S->o.ever_full = true;
            if (S->w->policy == CAP_POLICY_DROP) {
                if (measured)
                    S->o.dropped++;
            } else {
                /* Held, at the head of the queue, until a retry gets it through. */
                if (push(S, s, measured, S->batch))
                    return false;
                s->head_tried = true;
                /* sendv queued this sender on the ring's waiter list. */
                s->state = SENDER_WAITING;
                if (S->w->policy == CAP_POLICY_BLOCK)
                    s->stall_start = S->now;
            }
        }
    } else if (s->q_len >= SENDER_BACKLOG_MAX) {
        /* Lost at the sender: neither sent nor accepted. */
    } else if (push(S, s, measured, S->batch)) {
        return false;
    }
    /* A blocked source makes nothing until its message goes through. */
    s->stalled = S->w->policy == CAP_POLICY_BLOCK && s->state != SENDER_READY;
    /* The last arrival was sent (or queued); the window closes with it. */
    if (idx + 1 == S->total)
        S->stop = true;
    return true;
}

/* A constant sender's own arrival. */
static void arrival_event(struct sim *S, unsigned i)
{
    if (arrival(S, i) && !S->s[i].stalled)
        schedule_arrival(S, i);
}

/* The merged stream's arrival: one of the live senders, chosen uniformly. */
static void merged_arrival_event(struct sim *S)
{
    unsigned i = S->nlive == 1 ? S->live[0]
                 : S->live[cap_rng_below(S->merged_rng, S->nlive)];

    if (!arrival(S, i))
        return;
    if (S->s[i].stalled)
        live_remove(S, i);
    merged_schedule(S);
}

static void wake_event(struct sim *S, unsigned i)
{
    struct sender *s = &S->s[i];
    long rc;

    if (S->measuring)
        S->o.sender_wakeups++;
    rc = send_head(S, s);
    if (rc == -ARGO_EAGAIN) {
        /* Someone else took the space first: back on the waiter list. */
        if (S->measuring)
            S->o.wasted_wakeups++;
        s->state = SENDER_WAITING;
        return;
    }
    if (rc < 0) {
        fail(S, "sendv", rc);
        return;
    }
    accepted(S, s);
    if (s->stalled) {
        stall_account(S, s->stall_start);
        s->stalled = false;
        if (S->merged) {
            live_update(S, i);
            merged_schedule(S);
        } else {
            schedule_arrival(S, i);
        }
    }
    drain(S, s);
}

static void on_signal(void *ctx, argo_domid_t dom)
{
    struct sim *S = ctx;

    if (S->measuring)
        S->o.signals++;
    if (dom == RECEIVER_DOM) {
        if (S->measuring)
            S->o.receiver_signals++;
        /* Signals to a receiver that is up already change nothing. */
        if (S->rstate == RECEIVER_IDLE) {
            S->rstate = RECEIVER_WAKING;
            if (S->measuring)
                S->o.receiver_wakeups++;
            cap_events_set_beside(&S->ev, SLOT_RECEIVER, S->now + S->w->wake_latency);
        }
        return;
    }
    if (S->measuring)
        S->o.sender_signals++;
    struct sender *s = &S->s[dom - 1u];

    /* A dropping sender is on the waiter list too, but ignores the signal. */
    if (s->state == SENDER_WAITING) {
        s->state = SENDER_WAKING;
        cap_events_set(&S->ev, SLOT_WAKE(dom - 1u), S->now + S->w->sender_wake_latency);
    }
}

/* ---- results ---------------------------------------------------------- */

static void finish(struct sim *S)
{
    struct cap_metrics *o = &S->o;
    const double level = 0.95;
    double x[CAP_BATCHES], mean, half;
    double window, cum, need, rare;
    uint64_t n;

    occ_account(S);
    if (S->w->policy == CAP_POLICY_BLOCK)
        for (unsigned i = 0; i < S->n; i++)
            if (S->s[i].state != SENDER_READY)
                stall_account(S, S->s[i].stall_start);
    window = S->now - S->t_start;
    o->window = window;
    o->simulated = S->next_idx;
    S->b_start[CAP_BATCHES] = S->now;

    o->eagain_p = o->first_sends ? (double)o->eagain / o->first_sends : 0;
    for (unsigned b = 0; b < CAP_BATCHES; b++)
        x[b] = S->b_first[b] ? (double)S->b_eagain[b] / S->b_first[b] : 0;
    cap_batch_ci(x, CAP_BATCHES, level, &mean, &half);
    o->eagain_lo = fmax(0, o->eagain_p - half);
    /*
     * -EAGAIN come in spells (a full ring stays full for a while), so the
     * count floor is on spells, each as long as the spells seen.
     */
    rare = o->first_sends ? cap_poisson_upper95(o->episodes) / o->first_sends : 1;
    if (o->episodes)
        rare *= (double)o->eagain / o->episodes;
    o->eagain_hi = fmin(1, fmax(o->eagain_p + half, rare));

    if (S->w->policy == CAP_POLICY_BLOCK) {
        o->thru = window > 0 ? 1 - o->stalled / (S->n * window) : 1;
        for (unsigned b = 0; b < CAP_BATCHES; b++) {
            double span = S->b_start[b + 1] - S->b_start[b];

            x[b] = span > 0 ? 1 - S->b_stall[b] / (S->n * span) : 1;
        }
        cap_batch_ci(x, CAP_BATCHES, level, &mean, &half);
        o->thru_lo = fmax(0, o->thru - half);
    } else {
        uint64_t lost = o->arrivals - o->accepted;

        o->thru = o->arrivals ? (double)o->accepted / o->arrivals : 1;
        for (unsigned b = 0; b < CAP_BATCHES; b++)
            x[b] = S->b_arrivals[b] ? (double)S->b_accepted[b] / S->b_arrivals[b] : 1;
        cap_batch_ci(x, CAP_BATCHES, level, &mean, &half);
        o->thru_lo = fmax(0, fmin(o->thru - half,
                                  1 - cap_poisson_upper95(lost) / (double)o->arrivals));
    }
    o->thru_hi = fmin(1, o->thru + half);

    o->offered_rate = cap_arrival_mean_rate(&S->w->arrival);
    o->achieved_rate = window > 0 ? o->sends_ok / window : 0;

    o->occ_mean = window > 0 ? S->occ_area / window : 0;
    o->occ_max = S->occ_max;
    cum = 0;
    need = 0.99 * window;
    o->occ_p99 = 0;
    for (uint32_t i = 0; i <= S->len / XEN_ARGO_MSG_SLOT_SIZE; i++) {
        cum += S->hist[i];
        if (cum >= need) {
            o->occ_p99 = (double)i * XEN_ARGO_MSG_SLOT_SIZE;
            break;
        }
    }

    o->delay_mean = o->accepted ? S->delay_sum / o->accepted : 0;
    n = 0;
    o->delay_p99 = 0;
    for (unsigned b = 0; b < DELAY_BUCKETS && o->accepted; b++) {
        n += S->delay_hist[b];
        if ((double)n >= 0.99 * o->accepted) {
            o->delay_p99 = delay_bucket_top(b);
            break;
        }
    }
    o->overhead_per_msg = o->sends_ok ? (double)S->overhead_bytes / o->sends_ok : 0;
    o->overhead_fraction = S->footprint_bytes
                           ? (double)S->overhead_bytes / (double)S->footprint_bytes : 0;
}

uint64_t cap_sim_warmup(const struct cap_workload *w)
{
    return w->have_warmup ? w->warmup : w->messages / 10;
}

int cap_simulate(const struct cap_workload *w, uint32_t ring_len,
                 struct cap_metrics *out, char *err, size_t errlen)
{
    struct sim *S = calloc(1, sizeof(*S));
    char sub[256];
    int rc = -1;

    memset(out, 0, sizeof(*out));
    if (!S) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    S->w = w;
    S->err = err;
    S->errlen = errlen;
    S->len = ring_len;
    S->n = w->senders;
    S->warmup = cap_sim_warmup(w);
    S->total = S->warmup + w->messages;
    S->o.ring_len = ring_len;
    S->o.pages = cap_ring_pages(ring_len);
    if (cap_ring_count_fit(ring_len, w->sizes.max, 0, &S->o.fits, sub, sizeof(sub))) {
        snprintf(err, errlen, "ring %u: %s", (unsigned)ring_len, sub);
        memcpy(out, &S->o, sizeof(*out));
        free(S);
        return -1;
    }
    S->m = malloc(sizeof(*S->m));
    S->mem = calloc(S->o.pages, ARGO_PAGE_SIZE);
    S->hist = calloc(ring_len / XEN_ARGO_MSG_SLOT_SIZE + 1, sizeof(double));
    if (!S->m || !S->mem || !S->hist) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (model_setup(S))
        goto out;

    S->merged = w->arrival.kind != CAP_ARRIVAL_CONSTANT;
    S->onoff = w->arrival.kind == CAP_ARRIVAL_ONOFF;
    if (S->merged)
        cap_events_init(&S->ev, 2 + S->n, SLOT_MERGED(S->n), false);
    else
        cap_events_init(&S->ev, 1 + 2 * S->n,
                        S->n == 1 ? SLOT_ARRIVAL(1, 0) : CAP_EVENTS_NONE, false);
    cap_rng_seed(&S->service, w->seed, STREAM_SERVICE);
    for (unsigned i = 0; i < S->n; i++) {
        struct sender *s = &S->s[i];

        s->dom = (argo_domid_t)(i + 1);
        s->addr = (xen_argo_send_addr_t){
            .src = { .aport = SENDER_PORT, .domain_id = s->dom },
            .dst = { .aport = RING_PORT, .domain_id = RECEIVER_DOM },
        };
        s->iov = (xen_argo_iov_t){ .iov_hnd = 1 };
        cap_rng_seed(&s->arrivals, w->seed, STREAM_ARRIVALS + i);
        cap_rng_seed(&s->sizes, w->seed, STREAM_SIZES + i);
        if (!S->merged)
            cap_events_set(&S->ev, SLOT_ARRIVAL(S->n, i),
                           cap_arrival_start(&s->gen, &w->arrival, S->n, i, &s->arrivals));
    }
    if (S->merged)
        merged_start(S);

    while (!S->stop) {
        double t;
        unsigned slot = cap_events_pop(&S->ev, &t);

        if (slot == CAP_EVENTS_NONE)
            break;
        S->now = t;
        if (slot == SLOT_RECEIVER)
            receiver_event(S);
        else if (slot <= S->n)
            wake_event(S, slot - 1);
        else if (!S->merged)
            arrival_event(S, slot - 1 - S->n);
        else if (S->phase_due)
            phase_event(S);
        else
            merged_arrival_event(S);
    }
    if (S->failed)
        goto out;
    finish(S);
    rc = 0;
out:
    memcpy(out, &S->o, sizeof(*out));
    for (unsigned i = 0; i < S->n; i++)
        free(S->s[i].q);
    free(S->hist);
    free(S->mem);
    free(S->m);
    free(S);
    return rc;
}
