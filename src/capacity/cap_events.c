/* SPDX-License-Identifier: MIT */
/*
 * Description: the indexed binary heap behind the event queue of many actors.
 *
 * The usual step of the simulation pops an actor's event and schedules
 * that actor's next one. A pop therefore leaves its entry at the root and
 * only notes it as popped: if the next call reschedules the same slot, one
 * sift down moves it into place; any other call first removes it properly.
 */
#include "cap_events.h"

#include <string.h>

static inline bool before(const struct cap_events *q, unsigned a, unsigned b)
{
    return q->time[a] < q->time[b] || (q->time[a] == q->time[b] && a < b);
}

static inline void place(struct cap_events *q, unsigned i, unsigned slot)
{
    q->heap[i] = (uint8_t)slot;
    q->pos[slot] = (uint8_t)i;
}

static void sift_up(struct cap_events *q, unsigned i)
{
    unsigned slot = q->heap[i];

    while (i > 0) {
        unsigned parent = (i - 1) / 2;

        if (!before(q, slot, q->heap[parent]))
            break;
        place(q, i, q->heap[parent]);
        i = parent;
    }
    place(q, i, slot);
}

static void sift_down(struct cap_events *q, unsigned i)
{
    unsigned slot = q->heap[i];

    for (;;) {
        unsigned child = 2 * i + 1;

        if (child >= q->n)
            break;
        if (child + 1 < q->n && before(q, q->heap[child + 1], q->heap[child]))
            child++;
        if (!before(q, q->heap[child], slot))
            break;
        place(q, i, q->heap[child]);
        i = child;
    }
    place(q, i, slot);
}

static void remove_at(struct cap_events *q, unsigned i)
{
    unsigned moved;

    q->pos[q->heap[i]] = CAP_EVENTS_NONE;
    if (--q->n == i)
        return;
    moved = q->heap[q->n];
    place(q, i, moved);
    sift_down(q, i);
    /* The last entry may also belong above the hole it filled. */
    if (q->pos[moved] == i)
        sift_up(q, i);
}

/* Finish the last pop: take its entry off the root. */
static inline void settle(struct cap_events *q)
{
    if (q->popped != CAP_EVENTS_NONE) {
        q->popped = CAP_EVENTS_NONE;
        remove_at(q, 0);
    }
}

void cap_events_init(struct cap_events *q, unsigned nslots, bool heap)
{
    q->nslots = nslots;
    q->heap_mode = heap || nslots > CAP_EVENTS_SCAN_MAX;
    q->n = 0;
    q->popped = CAP_EVENTS_NONE;
    memset(q->pos, CAP_EVENTS_NONE, sizeof(q->pos));
    for (unsigned i = 0; i < CAP_EVENTS_MAX; i++)
        q->time[i] = INFINITY;
}

void cap_events_heap_set(struct cap_events *q, unsigned slot, double t)
{
    unsigned i;

    if (q->popped == slot) {
        /* Rescheduled right after its pop: at the root, and no earlier. */
        q->popped = CAP_EVENTS_NONE;
        q->time[slot] = t;
        sift_down(q, 0);
        return;
    }
    settle(q);
    i = q->pos[slot];
    q->time[slot] = t;
    if (i == CAP_EVENTS_NONE) {
        i = q->n++;
        place(q, i, slot);
        sift_up(q, i);
        return;
    }
    sift_up(q, i);
    sift_down(q, q->pos[slot]);
}

void cap_events_heap_cancel(struct cap_events *q, unsigned slot)
{
    settle(q);
    if (q->pos[slot] != CAP_EVENTS_NONE)
        remove_at(q, q->pos[slot]);
}

unsigned cap_events_heap_pop(struct cap_events *q, double *t)
{
    unsigned slot;

    settle(q);
    if (!q->n)
        return CAP_EVENTS_NONE;
    slot = q->heap[0];
    *t = q->time[slot];
    q->popped = slot;
    return slot;
}
