/* SPDX-License-Identifier: MIT */
/* Description: the renaming pass that lets the binary form express more traces. */
#include "trace_remap.h"
#include "text_buf.h"
#include "../ring_model/argo_abi.h"

/*
 * Why renaming is harmless at all: neither Argo nor the model gives a port
 * or a domain id any meaning beyond identity. The model compares ports and
 * ids only for equality (ring_table.c, waiters.c, domain.c) and ids against
 * the reserved range and XEN_ARGO_DOMID_ANY (domain.c, sendv.c,
 * ring_register.c); Xen's argo.c does the same, and also hashes both into
 * its ring and send-record buckets, which only changes the order in which
 * it visits rings whose handling is independent (their signals are reported
 * sorted). The only place the numbers themselves surface is the source
 * field of the message headers Xen writes into a ring. The trace runner
 * itself only looks ids up.
 */

/* The largest domain id; traces use it for its value, as a boundary. */
#define DOM_LAST_ORDINARY       0x7fefu
/* What the selectors reach beyond the prologue: LIFE's 6 + byte. */
#define LIFE_FIRST              6u
#define LIFE_LAST               (LIFE_FIRST + 255u)
#define MAX_PROLOGUE_DOMS       4u

static bool ordinary(uint16_t dom)
{
    return dom < DOM_LAST_ORDINARY;
}

static uint32_t dom_index(const struct trace_remap *r, uint16_t dom);

/* dom through r's domain map, whatever its status. */
static uint16_t map_dom(const struct trace_remap *r, uint16_t dom)
{
    uint32_t i = dom_index(r, dom);

    return i < r->ndoms && r->dom_from[i] == dom ? r->dom_to[i] : dom;
}

/* ---- visiting the names ---------------------------------------------- */

/*
 * Every domain id field of an operation, with whether it is named as an
 * actor or a ring (owner, partner, sender, destination, src_dom=, notify
 * caller or entry: selectors that reach 0..n only) or only created and
 * destroyed ("life": LIFE reaches 6..261 too).
 *
 * "notify <dom> nent=<n>" passes n zeroed entries, which name port 0 of
 * domain 0 by value: those are visited too, as values that must keep
 * theirs (implicit; what the callback writes there is dropped).
 */
typedef void (*dom_fn)(void *ctx, uint16_t *dom, bool life,
                       const struct trace_op *op);
typedef void (*port_fn)(void *ctx, uint32_t *port, bool implicit,
                        const struct trace_op *op);

static bool zeroed_ents(const struct trace_op *op)
{
    return op->kind == TRACE_OP_NOTIFY &&
           op->u.notify.mode == TRACE_NOTIFY_NENT && op->u.notify.nent > 0;
}

static struct trace_ring_name *op_ring(struct trace_op *op)
{
    switch (op->kind) {
    case TRACE_OP_REGISTER:
        return &op->u.reg.ring;
    case TRACE_OP_UNREGISTER:
        return &op->u.unreg.ring;
    case TRACE_OP_CONSUME:
        return &op->u.consume.ring;
    case TRACE_OP_SET_RX:
    case TRACE_OP_SET_TX:
        return &op->u.set_index.ring;
    default:
        return NULL;
    }
}

/* The notify entries of op, or NULL when it lists none (or they lie
 * outside the trace's entries, which no parsed trace does). */
static struct trace_notify_ent *op_ents(struct trace *t, struct trace_op *op,
                                        uint32_t *n)
{
    *n = 0;
    if (op->kind != TRACE_OP_NOTIFY || op->u.notify.mode != TRACE_NOTIFY_LIST ||
        (uint64_t)op->u.notify.first_ent + op->u.notify.nent > t->nents)
        return NULL;
    *n = op->u.notify.nent;
    return &t->ents[op->u.notify.first_ent];
}

static void each_dom(struct trace *t, uint32_t from, dom_fn fn, void *ctx)
{
    for (uint32_t i = from; i < t->nops; i++) {
        struct trace_op *op = &t->ops[i];
        struct trace_ring_name *ring = op_ring(op);
        struct trace_notify_ent *ents;
        uint32_t n;

        if (ring) {
            fn(ctx, &ring->dom, false, op);
            fn(ctx, &ring->partner, false, op);
            continue;
        }
        switch (op->kind) {
        case TRACE_OP_DOMAIN:
            fn(ctx, &op->u.domain.dom, true, op);
            break;
        case TRACE_OP_DESTROY:
            fn(ctx, &op->u.destroy.dom, true, op);
            break;
        case TRACE_OP_SENDV:
            fn(ctx, &op->u.sendv.dom, false, op);
            fn(ctx, &op->u.sendv.dst_dom, false, op);
            if (op->u.sendv.has_src_dom)
                fn(ctx, &op->u.sendv.src_dom, false, op);
            break;
        case TRACE_OP_NOTIFY:
            fn(ctx, &op->u.notify.dom, false, op);
            ents = op_ents(t, op, &n);
            for (uint32_t j = 0; j < n; j++)
                fn(ctx, &ents[j].dom, false, op);
            if (zeroed_ents(op)) {
                /* Domain 0 is the prologue's first whenever the trace
                 * has a renaming: it keeps its value by itself. */
                uint16_t zero = 0;

                fn(ctx, &zero, false, op);
            }
            break;
        default:
            break;
        }
    }
}

static void each_port(struct trace *t, port_fn fn, void *ctx)
{
    for (uint32_t i = 0; i < t->nops; i++) {
        struct trace_op *op = &t->ops[i];
        struct trace_ring_name *ring = op_ring(op);
        struct trace_notify_ent *ents;
        uint32_t n;

        if (ring) {
            fn(ctx, &ring->port, false, op);
        } else if (op->kind == TRACE_OP_SENDV) {
            fn(ctx, &op->u.sendv.src_port, false, op);
            fn(ctx, &op->u.sendv.dst_port, false, op);
        } else if (zeroed_ents(op)) {
            uint32_t zero = 0;

            fn(ctx, &zero, true, op);
        } else {
            ents = op_ents(t, op, &n);
            for (uint32_t j = 0; j < n; j++)
                fn(ctx, &ents[j].port, false, op);
        }
    }
}

/* ---- option ---------------------------------------------------------- */

/*
 * The runner applies an option where it stands (trace_run.c), so moving it
 * earlier changes what every operation in between runs under. Of those,
 * only a registration with partner any reads mac_permissive, in the model
 * and in Xen; any such register before the option, whatever else would
 * make it fail, keeps the option where it is.
 */
static bool remap_option(struct trace *t, struct trace_remap *r)
{
    uint32_t at = 0;
    struct trace_op option;

    while (at < t->nops && t->ops[at].kind != TRACE_OP_OPTION)
        at++;
    /* Only mac_permissive=1 has a place in the prologue. */
    if (at == 0 || at == t->nops || !t->ops[at].u.option.mac_permissive)
        return false;
    r->option_line = t->ops[at].line;
    for (uint32_t i = 0; i < at; i++) {
        if (t->ops[i].kind == TRACE_OP_REGISTER &&
            t->ops[i].u.reg.ring.partner == XEN_ARGO_DOMID_ANY) {
            r->option = TRACE_REMAP_REFUSED;
            r->option_blocker_line = t->ops[i].line;
            return false;
        }
    }
    option = t->ops[at];
    for (uint32_t i = at; i > 0; i--)
        t->ops[i] = t->ops[i - 1];
    t->ops[0] = option;
    r->option = TRACE_REMAP_DONE;
    return true;
}

/* ---- ports ----------------------------------------------------------- */

struct port_scan {
    struct trace_remap *r;
    bool above_3;
    bool too_many;
    bool zero_pinned;           /* zeroed notify entries name port 0 */
};

static void port_collect(void *ctx, uint32_t *port, bool implicit,
                         const struct trace_op *op)
{
    struct port_scan *s = ctx;
    struct trace_remap *r = s->r;

    if (*port > 3)
        s->above_3 = true;
    if (implicit)
        s->zero_pinned = true;
    for (uint32_t i = 0; i < r->nports; i++)
        if (r->port_from[i] == *port)
            return;
    if (r->nports < TRACE_REMAP_PORTS) {
        r->port_from[r->nports++] = *port;
    } else if (!s->too_many) {
        s->too_many = true;
        r->port_blocker = *port;
        r->port_blocker_line = op->line;
    }
}

static void port_rename(void *ctx, uint32_t *port, bool implicit,
                        const struct trace_op *op)
{
    (void)implicit;
    (void)op;
    *port = trace_remap_port(ctx, *port);
}

/*
 * First appearance rather than the ports' order: ports are compared for
 * equality only, and the results list rings sorted, so any order will do;
 * this one reads naturally (the first ring on 0). Port 0 stays 0 when
 * zeroed notify entries name it; the rest follow in their order.
 */
static bool remap_ports(struct trace *t, struct trace_remap *r)
{
    struct port_scan s = { r, false, false, false };

    each_port(t, port_collect, &s);
    if (!s.above_3)
        return false;
    if (s.too_many) {
        r->ports = TRACE_REMAP_REFUSED;
        return false;
    }
    for (uint32_t i = 0; s.zero_pinned && i < r->nports; i++) {
        if (r->port_from[i] != 0)
            continue;
        for (; i > 0; i--)
            r->port_from[i] = r->port_from[i - 1];
        r->port_from[0] = 0;
        break;
    }
    r->ports = TRACE_REMAP_DONE;
    each_port(t, port_rename, r);
    return true;
}

/* ---- domains --------------------------------------------------------- */

/*
 * The order of ids is kept on purpose. The results list ids in order
 * (signal= lists ascending, the final ring and domain lines sorted), so a
 * renaming that keeps it gives results that differ from the original's in
 * the numbers alone, line for line; and nothing can then depend on which
 * of two ids is the smaller, should a backend ever look. It costs little:
 * the leading domains are the lowest ids in nearly every trace, and they
 * keep their values.
 */

/* The prologue trace_encode takes: leading "domain" lines 0, 1, ... (at
 * most 4, the first with Argo, at most one other without), each id as
 * renamed by map (NULL: as it is). Returns n. */
static uint16_t encoder_prologue(const struct trace *t, uint32_t start,
                                 const struct trace_remap *map)
{
    uint16_t n = 0;
    bool noargo = false;

    while (n < MAX_PROLOGUE_DOMS && start + n < t->nops) {
        const struct trace_op *op = &t->ops[start + n];
        uint16_t dom;

        if (op->kind != TRACE_OP_DOMAIN)
            break;
        dom = map ? map_dom(map, op->u.domain.dom) : op->u.domain.dom;
        if (dom != n)
            break;
        if (op->u.domain.noargo) {
            if (n == 0 || noargo)
                break;
            noargo = true;
        }
        n++;
    }
    return n;
}

static bool reachable(uint16_t dom, bool life, uint16_t n)
{
    if (!ordinary(dom) || dom <= n)
        return true;
    return life && dom >= LIFE_FIRST && dom <= LIFE_LAST;
}

/* Whether every ordinary id after the prologue, renamed by map (NULL: as
 * it is), has a selector; the first that has none otherwise. */
struct dom_check {
    const struct trace_remap *map;
    uint16_t n;
    bool ok;
    uint16_t bad;
    uint32_t bad_line;
};

static void dom_check_one(void *ctx, uint16_t *dom, bool life,
                          const struct trace_op *op)
{
    struct dom_check *c = ctx;
    uint16_t d = c->map ? map_dom(c->map, *dom) : *dom;

    if (c->ok && !reachable(d, life, c->n)) {
        c->ok = false;
        c->bad = *dom;
        c->bad_line = op->line;
    }
}

static bool doms_expressible(struct trace *t, uint32_t start,
                             const struct trace_remap *map,
                             struct dom_check *c)
{
    c->map = map;
    c->n = encoder_prologue(t, start, map);
    c->ok = c->n > 0;
    c->bad = 0;
    c->bad_line = start < t->nops ? t->ops[start].line : 0;
    if (c->ok)
        each_dom(t, start + c->n, dom_check_one, c);
    return c->ok;
}

/*
 * The distinct ordinary ids, ascending, in r->dom_from; r->dom_to[i] is 1
 * while collecting when dom_from[i] is ever named as more than a life.
 */
struct dom_scan {
    struct trace_remap *r;
    bool too_many;
};

static uint32_t dom_index(const struct trace_remap *r, uint16_t dom)
{
    uint32_t lo = 0, hi = r->ndoms;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;

        if (r->dom_from[mid] < dom)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void dom_collect(void *ctx, uint16_t *dom, bool life,
                        const struct trace_op *op)
{
    struct dom_scan *s = ctx;
    struct trace_remap *r = s->r;
    uint32_t i;

    if (!ordinary(*dom))
        return;
    i = dom_index(r, *dom);
    if (i == r->ndoms || r->dom_from[i] != *dom) {
        if (r->ndoms == TRACE_REMAP_MAX_DOMS) {
            if (!s->too_many) {
                s->too_many = true;
                r->dom_blocker = *dom;
                r->dom_blocker_line = op->line;
            }
            return;
        }
        for (uint32_t j = r->ndoms; j > i; j--) {
            r->dom_from[j] = r->dom_from[j - 1];
            r->dom_to[j] = r->dom_to[j - 1];
        }
        r->dom_from[i] = *dom;
        r->dom_to[i] = 0;
        r->ndoms++;
    }
    if (!life)
        r->dom_to[i] = 1;
}

static void dom_rename(void *ctx, uint16_t *dom, bool life,
                       const struct trace_op *op)
{
    (void)life;
    (void)op;
    *dom = map_dom(ctx, *dom);
}

/* The line of the first operation naming dom. */
struct dom_find {
    uint16_t dom;
    uint32_t line;
};

static void dom_find_one(void *ctx, uint16_t *dom, bool life,
                         const struct trace_op *op)
{
    struct dom_find *f = ctx;

    (void)life;
    if (!f->line && *dom == f->dom)
        f->line = op->line;
}

/* line 0: the first line naming blocker. */
static void doms_refuse(struct trace *t, struct trace_remap *r, uint8_t why,
                        uint16_t blocker, uint32_t line)
{
    struct dom_find f = { blocker, line };

    if (!line)
        each_dom(t, 0, dom_find_one, &f);
    r->doms = TRACE_REMAP_REFUSED;
    r->doms_why = why;
    r->dom_blocker = blocker;
    r->dom_blocker_line = f.line;
    r->ndoms = 0;
}

/*
 * The leading "domain" lines that can be the prologue: the lowest ids in
 * ascending order, the first with Argo, at most one other without, at
 * most 4. Their count is n.
 */
static uint16_t prologue_of(const struct trace *t, uint32_t start,
                            const struct trace_remap *r)
{
    uint16_t k = 0;
    bool noargo = false;

    while (k < MAX_PROLOGUE_DOMS && k < r->ndoms && start + k < t->nops) {
        const struct trace_op *op = &t->ops[start + k];

        if (op->kind != TRACE_OP_DOMAIN || op->u.domain.dom != r->dom_from[k])
            break;
        if (op->u.domain.noargo) {
            if (k == 0 || noargo)
                break;
            noargo = true;
        }
        k++;
    }
    return k;
}

static bool remap_doms(struct trace *t, struct trace_remap *r)
{
    uint32_t start = t->nops && t->ops[0].kind == TRACE_OP_OPTION ? 1 : 0;
    struct dom_scan s = { r, false };
    struct dom_check c;
    uint16_t k, prev;

    if (!t->nops || doms_expressible(t, start, NULL, &c))
        return false;
    r->ndoms = 0;
    each_dom(t, 0, dom_collect, &s);
    if (s.too_many) {
        doms_refuse(t, r, TRACE_REMAP_TOO_MANY_DOMS, r->dom_blocker,
                    r->dom_blocker_line);
        return false;
    }
    k = prologue_of(t, start, r);
    r->prologue_doms = k;
    if (k == 0) {
        doms_refuse(t, r, TRACE_REMAP_NO_PROLOGUE, 0,
                    start < t->nops ? t->ops[start].line : 1);
        return false;
    }

    /*
     * Each id in turn keeps its value when that fits above the previous
     * one's, else takes the least that does. Keeping costs no later id its
     * place: only an id that merely lives keeps a value above n, and a
     * later id named as an actor would need one of 0..n above it either
     * way.
     */
    prev = 0;
    for (uint32_t i = 0; i < r->ndoms; i++) {
        uint16_t dom = r->dom_from[i], to;
        bool life = r->dom_to[i] == 0;

        if (i < k)
            to = (uint16_t)i;
        else if (dom > prev && reachable(dom, life, k))
            to = dom;
        else if (prev < k)
            to = k;
        else if (!life) {
            doms_refuse(t, r, TRACE_REMAP_NO_ROOM_DOM, dom, 0);
            return false;
        } else if (prev + 1u <= LIFE_LAST)
            to = (uint16_t)(prev + 1u < LIFE_FIRST ? LIFE_FIRST : prev + 1u);
        else {
            doms_refuse(t, r, TRACE_REMAP_NO_ROOM_LIFE, dom, 0);
            return false;
        }
        r->dom_to[i] = to;
        prev = to;
    }
    /* What the encoder will see, checked rather than assumed. */
    if (!doms_expressible(t, start, r, &c)) {
        doms_refuse(t, r, TRACE_REMAP_NO_ROOM_DOM, c.bad, c.bad_line);
        return false;
    }
    r->doms = TRACE_REMAP_DONE;
    each_dom(t, 0, dom_rename, r);
    return true;
}

/* ---- the pass -------------------------------------------------------- */

bool trace_remap(struct trace *t, struct trace_remap *r)
{
    bool changed = false;

    memset(r, 0, sizeof(*r));
    changed |= remap_option(t, r);
    changed |= remap_ports(t, r);
    changed |= remap_doms(t, r);
    if (r->ports != TRACE_REMAP_DONE)
        r->nports = 0;
    return changed;
}

uint16_t trace_remap_dom(const struct trace_remap *r, uint16_t dom)
{
    return r->doms == TRACE_REMAP_DONE ? map_dom(r, dom) : dom;
}

uint16_t trace_remap_dom_back(const struct trace_remap *r, uint16_t dom)
{
    if (r->doms != TRACE_REMAP_DONE)
        return dom;
    /* dom_to ascends too. */
    for (uint32_t i = 0; i < r->ndoms; i++)
        if (r->dom_to[i] == dom)
            return r->dom_from[i];
    return dom;
}

uint32_t trace_remap_port(const struct trace_remap *r, uint32_t port)
{
    if (r->ports != TRACE_REMAP_DONE)
        return port;
    for (uint32_t i = 0; i < r->nports; i++)
        if (r->port_from[i] == port)
            return i;
    return port;
}

uint32_t trace_remap_port_back(const struct trace_remap *r, uint32_t port)
{
    if (r->ports != TRACE_REMAP_DONE || port >= r->nports)
        return port;
    return r->port_from[port];
}

/* ---- description ----------------------------------------------------- */

struct out {
    trace_write_fn write;
    void *ctx;
    int status;
    struct text_buf tb;
    char buf[256];
};

static void out_flush(struct out *o)
{
    if (!o->status && o->tb.len)
        o->status = o->write(o->ctx, o->tb.buf, o->tb.len);
    tb_reset(&o->tb);
}

/* Long lists go out in pieces rather than being cut. */
static void out_room(struct out *o)
{
    if (o->tb.len > sizeof(o->buf) - 64)
        out_flush(o);
}

static void out_line_begin(struct out *o, const char *prefix)
{
    size_t n = 0;

    out_flush(o);
    while (prefix && prefix[n])
        n++;
    if (n && !o->status)
        o->status = o->write(o->ctx, prefix, n);
}

static void out_line_end(struct out *o)
{
    tb_char(&o->tb, '\n');
    out_flush(o);
}

static void print_doms_refused(struct out *o, const struct trace_remap *r)
{
    tb_str(&o->tb, "domains kept: ");
    switch (r->doms_why) {
    case TRACE_REMAP_NO_PROLOGUE:
        tb_str(&o->tb, "the trace does not start by creating its lowest "
                       "domain id, with Argo, as the prologue does");
        return;
    case TRACE_REMAP_TOO_MANY_DOMS:
        tb_str(&o->tb, "more than 261 ordinary domain ids (");
        tb_u64(&o->tb, r->dom_blocker);
        tb_str(&o->tb, " on line ");
        tb_u64(&o->tb, r->dom_blocker_line);
        tb_str(&o->tb, " is one too many)");
        return;
    default:
        break;
    }
    tb_str(&o->tb, "in order, domain ");
    tb_u64(&o->tb, r->dom_blocker);
    tb_str(&o->tb, " (line ");
    tb_u64(&o->tb, r->dom_blocker_line);
    if (r->doms_why == TRACE_REMAP_NO_ROOM_LIFE) {
        tb_str(&o->tb, ") finds no id left in 0..");
        tb_u64(&o->tb, r->prologue_doms);
        tb_str(&o->tb, " and 6..261");
        return;
    }
    tb_str(&o->tb, ") finds no id left in the 0..");
    tb_u64(&o->tb, r->prologue_doms);
    tb_str(&o->tb, " that ring owners, partners, senders, destinations and "
                   "notify domains reach with ");
    tb_u64(&o->tb, r->prologue_doms);
    tb_str(&o->tb, r->prologue_doms == 1 ? " prologue domain"
                                         : " prologue domains");
}

int trace_remap_print(const struct trace_remap *r, const char *prefix,
                      trace_write_fn write, void *ctx)
{
    struct out o;

    o.write = write;
    o.ctx = ctx;
    o.status = 0;
    tb_init(&o.tb, o.buf, sizeof(o.buf));

    if (r->option != TRACE_REMAP_UNNEEDED) {
        out_line_begin(&o, prefix);
        tb_str(&o.tb, "option mac_permissive=1 of line ");
        tb_u64(&o.tb, r->option_line);
        if (r->option == TRACE_REMAP_DONE) {
            tb_str(&o.tb, " moved to the front: no register before it names "
                          "partner any, the one thing it changes");
        } else {
            tb_str(&o.tb, " kept in place: the register on line ");
            tb_u64(&o.tb, r->option_blocker_line);
            tb_str(&o.tb, " names partner any and would see it");
        }
        out_line_end(&o);
    }
    if (r->ports == TRACE_REMAP_DONE) {
        out_line_begin(&o, prefix);
        tb_str(&o.tb, "ports renamed:");
        for (uint32_t i = 0; i < r->nports; i++) {
            tb_char(&o.tb, ' ');
            tb_u64(&o.tb, r->port_from[i]);
            tb_str(&o.tb, "->");
            tb_u64(&o.tb, i);
        }
        out_line_end(&o);
    } else if (r->ports == TRACE_REMAP_REFUSED) {
        out_line_begin(&o, prefix);
        tb_str(&o.tb, "ports kept: more than 4 distinct ports (port ");
        tb_u64(&o.tb, r->port_blocker);
        tb_str(&o.tb, " on line ");
        tb_u64(&o.tb, r->port_blocker_line);
        tb_str(&o.tb, " is the fifth)");
        out_line_end(&o);
    }
    if (r->doms == TRACE_REMAP_DONE) {
        out_line_begin(&o, prefix);
        tb_str(&o.tb, "domains renamed:");
        for (uint32_t i = 0; i < r->ndoms; i++) {
            if (r->dom_from[i] == r->dom_to[i])
                continue;
            tb_char(&o.tb, ' ');
            tb_u64(&o.tb, r->dom_from[i]);
            tb_str(&o.tb, "->");
            tb_u64(&o.tb, r->dom_to[i]);
            out_room(&o);
        }
        out_line_end(&o);
    } else if (r->doms == TRACE_REMAP_REFUSED) {
        out_line_begin(&o, prefix);
        print_doms_refused(&o, r);
        out_line_end(&o);
    }
    return o.status;
}
