/* SPDX-License-Identifier: MIT */
/* Description: setting up the event queue (cap_events.h). */
#include "cap_events.h"

void cap_events_init(struct cap_events *q, unsigned nslots, unsigned hot,
                     bool tree)
{
    q->nslots = nslots;
    q->tree_mode = tree || nslots > CAP_EVENTS_SCAN_MAX || hot != CAP_EVENTS_NONE;
    q->hot = hot == CAP_EVENTS_NONE ? CAP_EVENTS_LEAVES : hot;
    q->popped = CAP_EVENTS_NONE;
    q->leaves = 2;
    while (q->leaves < nslots - 1u)
        q->leaves *= 2;
    for (unsigned i = 0; i <= CAP_EVENTS_LEAVES; i++)
        q->time[i] = CAP_EVENTS_NEVER;
    /*
     * Every slot's leaf, spare leaves included (their times stay NEVER),
     * hot's a stand-in that never runs; every subtree empty, won by its
     * leftmost leaf.
     */
    for (unsigned i = 0; i < q->leaves; i++)
        q->win[q->leaves + i] = (uint8_t)(i + 1u == hot ? CAP_EVENTS_LEAVES : i + 1u);
    for (unsigned i = q->leaves; i-- > 1;)
        q->win[i] = q->win[2 * i];
}
