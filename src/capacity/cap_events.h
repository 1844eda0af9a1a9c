/* SPDX-License-Identifier: MIT */
/*
 * Description: the simulation's event queue: a fixed set of actors, each
 * with at most one pending event.
 *
 * Every actor (the receiver, each sender's retry, the senders' merged
 * arrivals or each constant sender's next one) owns one slot, so
 * scheduling is "set the slot's time" and the queue never holds more
 * entries than there are actors. The earliest event goes first, and among
 * equal times the lowest slot, which makes the order of simultaneous
 * events fixed and the simulation deterministic.
 *
 * With few slots a scan of the times beats anything cleverer. With more,
 * or with a hot slot, the busiest slots stay out: slot 0 (the receiver,
 * which reschedules itself for every message) and optionally one "hot"
 * slot (the senders' merged arrivals), both compared at each pop with the
 * root of a tournament tree over the others: a complete binary tree over
 * the slots (a power of two of leaves, in slot order) whose every node
 * holds the earliest event of its subtree. Changing a slot's time replays
 * its matches on the way to the root, one per level, without a
 * data-dependent branch (a binary heap's sift mispredicts about every
 * other level, and cost a quarter of the run with eight senders). Every
 * layout gives the very same order: a tie goes to the left subtree, which
 * holds the lower slots, and the pop breaks ties between the three by
 * slot.
 */
#ifndef ARGOLAB_CAP_EVENTS_H
#define ARGOLAB_CAP_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define CAP_EVENTS_MAX 72u
/* Up to this many slots the queue scans instead of keeping a tree. */
#define CAP_EVENTS_SCAN_MAX 8u
/* Leaves of the largest tree: the power of two at or above CAP_EVENTS_MAX. */
#define CAP_EVENTS_LEAVES 128u
#define CAP_EVENTS_NONE 0xffu

/*
 * Times are kept as the bits of the double: for times >= 0 (the only ones
 * a simulation clock has) and +INFINITY, "none", the unsigned integers
 * order as the doubles do, and integer compares turn into conditional
 * moves where double ones become branches.
 */
#define CAP_EVENTS_NEVER UINT64_C(0x7ff0000000000000)   /* +INFINITY */

struct cap_events {
    unsigned nslots;
    bool tree_mode;
    unsigned hot;                       /* the slot kept beside slot 0, or (none) the
                                           stand-in index CAP_EVENTS_LEAVES, never due */
    unsigned leaves;                    /* tree mode: a power of two >= nslots - 1 */
    unsigned popped;                    /* tree mode: the slot popped last, still in the
                                           tree until the next call (see below) */
    /*
     * slot -> its event time, NEVER if none; the entries past the slots
     * stay NEVER (the tree's spare leaves, and the stand-in for hot).
     */
    uint64_t time[CAP_EVENTS_LEAVES + 1];
    /*
     * Tree mode: win[1] is the root, node i's children are 2i and 2i + 1,
     * each node holds the slot of its subtree's earliest event, and leaf
     * win[leaves + slot - 1] is slot (>= 1) itself (hot's is a stand-in
     * whose time is NEVER).
     */
    uint8_t win[2 * CAP_EVENTS_LEAVES];
};

static inline uint64_t cap_events_key(double t)
{
    uint64_t k;

    memcpy(&k, &t, sizeof(k));
    return k;
}

static inline double cap_events_time(uint64_t k)
{
    double t;

    memcpy(&t, &k, sizeof(t));
    return t;
}

/*
 * An empty queue for slots 0..nslots-1 (nslots <= CAP_EVENTS_MAX). hot is
 * a slot from 1 up that is rescheduled about as often as slot 0 and kept
 * beside it, or CAP_EVENTS_NONE. The queue scans when nslots is at most
 * CAP_EVENTS_SCAN_MAX and there is no hot slot, unless tree forces the
 * tree (for tests that compare the two); a hot slot means a tree, whose
 * pop then costs three compares whatever the number of slots.
 */
void cap_events_init(struct cap_events *q, unsigned nslots, unsigned hot,
                     bool tree);

/* Is slot in the tree (tree mode only)? */
static inline bool cap_events_in_tree(const struct cap_events *q, unsigned slot)
{
    return slot != 0 && slot != q->hot;
}

/* Tree mode: store the time of a slot in the tree and replay its matches up to the root. */
static inline void cap_events_tree_update(struct cap_events *q, unsigned slot,
                                          uint64_t t)
{
    const uint64_t *time = q->time;
    uint8_t *win = q->win;
    uint64_t w = slot;

    q->time[slot] = t;
    for (unsigned i = q->leaves + slot - 1u; i > 1; i >>= 1) {
        uint64_t os = win[i ^ 1u], ot = time[os];
        /*
         * The sibling wins if earlier, or as the left one (lower slots) on
         * a tie: t + 1 cannot overflow, t being at most NEVER. keep is all
         * ones when it does not; selecting by mask keeps the compiler from
         * branching on a coin toss.
         */
        uint64_t keep = (uint64_t)(ot < t + (i & 1u)) - 1u;

        t = ot ^ ((ot ^ t) & keep);
        w = os ^ ((os ^ w) & keep);
        win[i >> 1] = (uint8_t)w;
    }
}

/*
 * The usual step of the simulation pops an actor's event and schedules
 * that actor's next one. A pop in tree mode therefore leaves the entry in
 * place and only notes it as popped: if the next call reschedules the same
 * slot, one pass up the tree does; any other call first removes it.
 */
static inline void cap_events_tree_settle(struct cap_events *q)
{
    if (q->popped != CAP_EVENTS_NONE) {
        unsigned slot = q->popped;

        q->popped = CAP_EVENTS_NONE;
        cap_events_tree_update(q, slot, CAP_EVENTS_NEVER);
    }
}

static inline bool cap_events_pending(const struct cap_events *q,
                                      unsigned slot)
{
    return q->time[slot] != CAP_EVENTS_NEVER && slot != q->popped;
}

/* Schedule slot at time t (finite, >= 0), replacing its pending event if any. */
static inline void cap_events_set(struct cap_events *q, unsigned slot, double t)
{
    if (q->tree_mode && cap_events_in_tree(q, slot)) {
        if (q->popped != slot)
            cap_events_tree_settle(q);
        q->popped = CAP_EVENTS_NONE;
        cap_events_tree_update(q, slot, cap_events_key(t));
    } else {
        q->time[slot] = cap_events_key(t);
    }
}

/*
 * cap_events_set for slot 0 or the hot slot, which are never in the tree:
 * a store, for the calls made once per simulated message.
 */
static inline void cap_events_set_beside(struct cap_events *q, unsigned slot,
                                         double t)
{
    q->time[slot] = cap_events_key(t);
}

/* Drop slot's pending event, if any. */
static inline void cap_events_cancel(struct cap_events *q, unsigned slot)
{
    if (q->tree_mode && cap_events_in_tree(q, slot)) {
        cap_events_tree_settle(q);
        if (q->time[slot] != CAP_EVENTS_NEVER)
            cap_events_tree_update(q, slot, CAP_EVENTS_NEVER);
    } else {
        q->time[slot] = CAP_EVENTS_NEVER;
    }
}

/*
 * Remove the earliest event (lowest slot among equal times); returns its
 * slot and stores its time in *t, or returns CAP_EVENTS_NONE when empty.
 */
static inline unsigned cap_events_pop(struct cap_events *q, double *t)
{
    uint64_t best = 0, bt;

    if (q->tree_mode) {
        unsigned root, hot = q->hot;
        uint64_t t0, th, tr;

        cap_events_tree_settle(q);
        root = q->win[1];
        t0 = q->time[0];
        th = q->time[hot];
        tr = q->time[root];
        if (t0 <= th && t0 <= tr) {
            if (t0 == CAP_EVENTS_NEVER)
                return CAP_EVENTS_NONE;
            *t = cap_events_time(t0);
            q->time[0] = CAP_EVENTS_NEVER;
            return 0;
        }
        /* Earlier than slot 0, so due: the hot slot or the tree's winner. */
        if (th < tr || (th == tr && hot < root)) {
            *t = cap_events_time(th);
            q->time[hot] = CAP_EVENTS_NEVER;
            return hot;
        }
        *t = cap_events_time(tr);
        q->popped = root;
        return root;
    }
    bt = q->time[0];
    for (unsigned i = 1; i < q->nslots; i++) {
        uint64_t m = -(uint64_t)(q->time[i] < bt);

        bt = (q->time[i] & m) | (bt & ~m);
        best = (i & m) | (best & ~m);
    }
    if (bt == CAP_EVENTS_NEVER)
        return CAP_EVENTS_NONE;
    *t = cap_events_time(bt);
    q->time[best] = CAP_EVENTS_NEVER;
    return (unsigned)best;
}

#endif
