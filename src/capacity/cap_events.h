/* SPDX-License-Identifier: MIT */
/*
 * Description: the simulation's event queue: a fixed set of actors, each
 * with at most one pending event.
 *
 * Every actor (the receiver, each sender's next arrival, each sender's
 * retry) owns one slot, so scheduling is "set the slot's time" and the
 * queue never holds more entries than there are actors. The earliest event
 * goes first, and among equal times the lowest slot, which makes the order
 * of simultaneous events fixed and the simulation deterministic.
 *
 * With few slots (one or two senders: 3 to 5) a scan of the times beats any
 * heap, and that is the common case the simulation's speed rests on; with
 * more, an indexed binary heap. Both give the very same order.
 */
#ifndef ARGOLAB_CAP_EVENTS_H
#define ARGOLAB_CAP_EVENTS_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define CAP_EVENTS_MAX 72u
/* Up to this many slots the queue scans instead of keeping a heap. */
#define CAP_EVENTS_SCAN_MAX 8u
#define CAP_EVENTS_NONE 0xffu

struct cap_events {
    unsigned nslots;
    bool heap_mode;
    unsigned n;                         /* heap entries (heap mode) */
    unsigned popped;                    /* heap mode: the slot popped last, still at
                                           the root until the next call (see .c) */
    uint8_t heap[CAP_EVENTS_MAX];       /* slots, heap-ordered */
    uint8_t pos[CAP_EVENTS_MAX];        /* slot -> heap index, or CAP_EVENTS_NONE */
    double time[CAP_EVENTS_MAX];        /* slot -> its event time; scan mode: INFINITY if none */
};

/*
 * An empty queue for slots 0..nslots-1 (nslots <= CAP_EVENTS_MAX); heap
 * forces the heap whatever nslots is (for tests that compare the two).
 */
void cap_events_init(struct cap_events *q, unsigned nslots, bool heap);

/* Heap mode's operations; use the cap_events_* wrappers below. */
void cap_events_heap_set(struct cap_events *q, unsigned slot, double t);
void cap_events_heap_cancel(struct cap_events *q, unsigned slot);
unsigned cap_events_heap_pop(struct cap_events *q, double *t);

static inline bool cap_events_pending(const struct cap_events *q,
                                      unsigned slot)
{
    if (q->heap_mode)
        return q->pos[slot] != CAP_EVENTS_NONE && slot != q->popped;
    return q->time[slot] != INFINITY;
}

/* Schedule slot at time t (finite), replacing its pending event if any. */
static inline void cap_events_set(struct cap_events *q, unsigned slot, double t)
{
    if (q->heap_mode)
        cap_events_heap_set(q, slot, t);
    else
        q->time[slot] = t;
}

/* Drop slot's pending event, if any. */
static inline void cap_events_cancel(struct cap_events *q, unsigned slot)
{
    if (q->heap_mode)
        cap_events_heap_cancel(q, slot);
    else
        q->time[slot] = INFINITY;
}

/*
 * Remove the earliest event (lowest slot among equal times); returns its
 * slot and stores its time in *t, or returns CAP_EVENTS_NONE when empty.
 */
static inline unsigned cap_events_pop(struct cap_events *q, double *t)
{
    unsigned best = 0;

    if (q->heap_mode)
        return cap_events_heap_pop(q, t);
    for (unsigned i = 1; i < q->nslots; i++)
        if (q->time[i] < q->time[best])
            best = i;
    if (q->time[best] == INFINITY)
        return CAP_EVENTS_NONE;
    *t = q->time[best];
    q->time[best] = INFINITY;
    return best;
}

#endif
