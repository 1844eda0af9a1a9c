/* SPDX-License-Identifier: MIT */
/*
 * Description: renames a trace's ports and domain ids, and moves its first
 * option to the front, so that the binary form can express a trace in which
 * only names stand in its way; the renamed trace means the same.
 *
 * Freestanding like the rest of src/trace: no allocation, no stdio.
 */
#ifndef ARGOLAB_TRACE_REMAP_H
#define ARGOLAB_TRACE_REMAP_H

#include "trace.h"

/* The ports the binary form has: 0..3. */
#define TRACE_REMAP_PORTS       4u
/*
 * The most ordinary domain ids a renaming can place: what the domain
 * selectors reach with 4 prologue domains, 0..4 and 6..261.
 */
#define TRACE_REMAP_MAX_DOMS    261u

/* What became of one part of the renaming. */
enum trace_remap_status {
    TRACE_REMAP_UNNEEDED,       /* this part already has a binary form; untouched */
    TRACE_REMAP_DONE,           /* renamed (or moved) */
    TRACE_REMAP_REFUSED,        /* in the way, but no harmless renaming exists; untouched */
};

/* Why the domain ids were not renamed (status TRACE_REMAP_REFUSED). */
enum trace_remap_doms_why {
    TRACE_REMAP_NO_PROLOGUE,    /* no leading "domain" of the lowest id, with Argo */
    TRACE_REMAP_TOO_MANY_DOMS,  /* more than TRACE_REMAP_MAX_DOMS ordinary ids */
    TRACE_REMAP_NO_ROOM_DOM,    /* blocker is named where only 0..n reach, none left */
    TRACE_REMAP_NO_ROOM_LIFE,   /* blocker only lives and dies, but 6..261 are used up */
};

/*
 * What trace_remap did. The maps are meaningful only when their part is
 * TRACE_REMAP_DONE; the lookup functions below are the identity otherwise.
 */
struct trace_remap {
    uint8_t option, ports, doms;        /* enum trace_remap_status each */

    /* option: its line; REFUSED: the line of the register that sees it. */
    uint32_t option_line;
    uint32_t option_blocker_line;

    /* ports: DONE: port_from[i] became i, for i < nports. REFUSED: the
     * first port beyond four distinct ones, and its line. */
    uint32_t nports;
    uint32_t port_from[TRACE_REMAP_PORTS];
    uint32_t port_blocker;
    uint32_t port_blocker_line;

    /* domains: DONE: dom_from[i] became dom_to[i], ascending in both, for
     * i < ndoms (ids that kept their value included). REFUSED: doms_why,
     * the id in the way and the line first naming it, and n, the number of
     * prologue domains the renaming would have had. */
    uint32_t ndoms;
    uint16_t dom_from[TRACE_REMAP_MAX_DOMS];
    uint16_t dom_to[TRACE_REMAP_MAX_DOMS];
    uint8_t doms_why;
    uint16_t dom_blocker;
    uint32_t dom_blocker_line;
    uint16_t prologue_doms;
};

/*
 * Rewrite t, a trace as trace_parse or trace_decode yields it, so that
 * trace_encode can express it when only names stand in the way, keeping
 * what it means. Three independent parts, each applied only when what it
 * renames has no binary form as it is, and only when a harmless renaming
 * exists (all or nothing per part):
 *
 *  - option: the first option, when it is "mac_permissive=1" and not the
 *    first operation, moves to the front, unless an operation before it
 *    registers a ring with partner any. The runner applies an option where
 *    it stands, and mac_permissive is read by nothing but the registration
 *    of a wildcard ring (the model's ring_register.c, Xen's register_ring).
 *  - ports: when some port is above 3 and the trace names at most 4
 *    distinct ports (ring ports, sendv's source and destination ports,
 *    notify entries' ports: one namespace), they become 0..3 in the order
 *    of first appearance.
 *  - domains: when some ordinary id has no selector, the ordinary ids
 *    (below 0x7fef) are renamed onto ids the selectors reach, keeping their
 *    order: the leading "domain" lines become the prologue's 0..n-1, an id
 *    named as a ring owner, partner, sender, destination, src_dom= or
 *    notify domain one of 0..n, an id only created and destroyed one of
 *    0..n or 6..261; an id keeps its value when that value fits. 0x7fef
 *    (the largest domain id: its value is the point where it appears) and
 *    the reserved ids from 0x7ff0 up (XEN_ARGO_DOMID_ANY among them) are
 *    never renamed nor used as new names.
 *
 * "notify <dom> nent=<n>" names port 0 of domain 0 by value (its entries
 * are zeroed), so with one in the trace port 0 keeps its value and the
 * other ports follow; domain 0, the lowest id, keeps its value anyway.
 *
 * Argo gives ports and domain ids no meaning beyond identity, and the
 * renamed ids keep their order, so a renamed trace's results are the
 * original's with the numbers renamed: the same rc, signals, notify flags
 * and messages, ring lines re-sorted by the new ports. Ring bytes differ
 * only in the source fields of message headers. A receiver that corrupts
 * its ring indices (set_rx, set_tx) could read such a header as payload;
 * its msg= fields would then show the new numbers. tests/trace_remap runs
 * every golden and finding trace both ways to check that none does.
 *
 * Line numbers stay the operations' own: a moved option keeps its line.
 * Fills *r. Returns true when t changed.
 */
bool trace_remap(struct trace *t, struct trace_remap *r);

/* An original id or port as the remapped trace names it, and back. Values
 * the renaming does not cover are returned as they are. */
uint16_t trace_remap_dom(const struct trace_remap *r, uint16_t dom);
uint16_t trace_remap_dom_back(const struct trace_remap *r, uint16_t dom);
uint32_t trace_remap_port(const struct trace_remap *r, uint32_t port);
uint32_t trace_remap_port_back(const struct trace_remap *r, uint32_t port);

/*
 * Describe what was renamed or moved, and what was in the way but had to
 * stay, one line per part ("<prefix>ports renamed: 7->0 1->1\n"); nothing
 * for parts that were not needed. Lines name the operations' own line
 * numbers. Returns 0 or the writer's non-zero result.
 */
int trace_remap_print(const struct trace_remap *r, const char *prefix,
                      trace_write_fn write, void *ctx);

#endif
