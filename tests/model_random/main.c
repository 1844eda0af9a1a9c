/* SPDX-License-Identifier: MIT */
/*
 * Description: 100,000 pseudo-random operations (fixed seed) straight on the
 * model API, with the invariant checker run after every one of them.
 *
 * The test plays every guest: it owns the ring memory (calloc'd for a new
 * ring, the same pages for a re-registration, freed once the model no
 * longer has the ring), serves sendv's iov data (some of it unreadable),
 * reads and consumes messages as a receiving guest does and reports them
 * with argo_note_consumed, and now and then scribbles on a ring's indices.
 * Domains come and go, some without Argo. At the end it prints what the run
 * did, by operation and return code, and fails unless the run reached the
 * paths that matter (full rings, oversized messages, faults, refusals,
 * wake-ups, wrap-around, destroying a domain that has rings).
 */
#include <stdlib.h>

#include "check.h"
#include "test_rng.h"
#include "ring_model/argo_invariants.h"
#include "ring_model/argo_model.h"
#include "ring_model/argo_reader.h"

#define NOPS            100000u
#define NDOMS           6u
#define NPORTS          4u
#define MISSING_DOM     9u      /* never created */
#define MAX_GUEST_RINGS 512u
#define MAX_IOVS        4u
#define NOTIFY_ENTS     300u
#define IOV_SHIFT       40

enum op_kind {
    K_REGISTER,
    K_UNREGISTER,
    K_SENDV,
    K_NOTIFY,
    K_READ,
    K_SCRIBBLE,
    K_CREATE,
    K_DESTROY,
    K_OPTION,
    K_COUNT
};

static const char *const kind_names[K_COUNT] = {
    "register", "unregister", "sendv", "notify", "read", "scribble",
    "create", "destroy", "option",
};

/* Weights out of 1000, in enum order. */
static const unsigned kind_weights[K_COUNT] = {
    140, 30, 400, 130, 240, 15, 20, 10, 15,
};

#define RC_SLOTS 130u           /* slot 0: success; slot e: -e */

struct stats {
    uint64_t by_rc[K_COUNT][RC_SLOTS];
    uint64_t kinds[K_COUNT];
    uint64_t wraps;             /* tx_ptr went down after a successful send */
    uint64_t iov_splits;        /* a successful send whose payload wrapped */
    uint64_t notify_signals;    /* wake-ups raised by notify */
    uint64_t notify_flags[XEN_ARGO_RING_FLAG_COUNT];
    uint64_t destroys_with_rings;
    uint64_t reregistrations;
    uint64_t msgs_read, bytes_read;
    uint64_t rings_freed;
};

struct guest_ring {
    bool used;
    argo_domid_t dom;
    xen_argo_port_t port;
    argo_domid_t partner;
    uint8_t *mem;
    size_t size;
};

struct iov_source {
    uint32_t len[MAX_IOVS];
    bool fault[MAX_IOVS];
    uint8_t seed;
};

static struct argo_model *m;
static struct guest_ring grings[MAX_GUEST_RINGS];
static struct stats st;
static uint64_t op_signals;
/* ---- helpers --------------------------------------------------------- */

static bool chance(unsigned percent)
{
    return test_rng_below(100) < percent;
}

static void count_rc(enum op_kind k, long rc)
{
    uint64_t slot = rc >= 0 ? 0 : (uint64_t)-rc;

    st.kinds[k]++;
    st.by_rc[k][slot < RC_SLOTS ? slot : RC_SLOTS - 1]++;
}

static void on_signal(void *ctx, argo_domid_t domid)
{
    (void)ctx;
    (void)domid;
    op_signals++;
}

static argo_domid_t pick_dom(void)
{
    return chance(3) ? (argo_domid_t)MISSING_DOM : (argo_domid_t)test_rng_below(NDOMS);
}

static uint8_t iov_byte(const struct iov_source *src, unsigned i, uint64_t off)
{
    return (uint8_t)(src->seed + i * 31u + off * 7u);
}

static int copy_iov(void *ctx, void *dst, uint64_t hnd, uint32_t len)
{
    const struct iov_source *src = ctx;
    uint64_t idx = (hnd >> IOV_SHIFT) - 1;
    uint64_t off = hnd & ((UINT64_C(1) << IOV_SHIFT) - 1);
    uint8_t *out = dst;

    if (idx >= MAX_IOVS || src->fault[idx] || off > src->len[idx] ||
        len > src->len[idx] - off)
        return 1;
    for (uint32_t i = 0; i < len; i++)
        out[i] = iov_byte(src, (unsigned)idx, off + i);
    return 0;
}

static struct guest_ring *guest_find(argo_domid_t dom, xen_argo_port_t port,
                                     argo_domid_t partner)
{
    for (unsigned i = 0; i < MAX_GUEST_RINGS; i++)
        if (grings[i].used && grings[i].dom == dom &&
            grings[i].port == port && grings[i].partner == partner)
            return &grings[i];
    return NULL;
}

static struct guest_ring *guest_random(void)
{
    unsigned start = test_rng_below(MAX_GUEST_RINGS);

    for (unsigned n = 0; n < MAX_GUEST_RINGS; n++) {
        struct guest_ring *g = &grings[(start + n) % MAX_GUEST_RINGS];

        if (g->used)
            return g;
    }
    return NULL;
}

static struct guest_ring *guest_add(argo_domid_t dom, xen_argo_port_t port,
                                    argo_domid_t partner, uint8_t *mem,
                                    size_t size)
{
    for (unsigned i = 0; i < MAX_GUEST_RINGS; i++) {
        struct guest_ring *g = &grings[i];

        if (!g->used) {
            g->used = true;
            g->dom = dom;
            g->port = port;
            g->partner = partner;
            g->mem = mem;
            g->size = size;
            return g;
        }
    }
    fputs("model_random: guest ring table full\n", stderr);
    exit(1);
}

/*
 * Free the pages of every ring the model no longer has; a ring it still
 * has must be on the pages the guest gave it. Returns false on a mismatch.
 */
static bool guest_sync(void)
{
    bool ok = true;

    for (unsigned i = 0; i < MAX_GUEST_RINGS; i++) {
        struct guest_ring *g = &grings[i];
        struct argo_model_ring *r;

        if (!g->used)
            continue;
        r = argo_ring_find(m, g->dom, g->port, g->partner);
        if (r) {
            if (r->mem != g->mem) {
                fprintf(stderr, "ring %u %u %u: model uses other pages\n",
                        g->dom, g->port, g->partner);
                ok = false;
            }
            continue;
        }
        free(g->mem);
        g->used = false;
        g->mem = NULL;
        st.rings_freed++;
    }
    return ok;
}

/* ---- operations ------------------------------------------------------ */

static uint32_t pick_len(void)
{
    static const uint32_t bad[] = {
        0, 16, 32, 47, 63, 1000 + 8, XEN_ARGO_MAX_RING_SIZE + 16, 0xfffffff0u,
    };

    if (chance(88))
        return 48 + 16 * test_rng_below(62);                 /* 48 .. 1024 */
    if (chance(50))
        return bad[test_rng_below(ARGO_ARRAY_SIZE(bad))];
    return (uint32_t)test_rng();
}

static long op_register(void)
{
    argo_domid_t dom = pick_dom();
    xen_argo_port_t port = 1 + test_rng_below(NPORTS);
    argo_domid_t partner = chance(20) ? XEN_ARGO_DOMID_ANY : pick_dom();
    struct guest_ring *g = guest_find(dom, port, partner);
    struct argo_model_ring *r = argo_ring_find(m, dom, port, partner);
    xen_argo_register_ring_t reg;
    uint64_t npages, flags = 0;
    bool bad_frame = chance(3), fresh = false;
    uint8_t *mem = NULL;
    size_t size = 0;
    long rc;

    memset(&reg, 0, sizeof(reg));
    reg.aport = port;
    reg.partner_id = partner;
    reg.len = (r && chance(85)) ? r->len : pick_len();
    if (chance(3))
        reg.pad = (uint16_t)(1 + test_rng_below(0xffff));

    npages = argo_ring_npages(reg.len);
    if (chance(4))
        npages = chance(50) ? test_rng_below(6) : (chance(50) ? 4097 : test_rng());
    if (chance(6))
        flags = XEN_ARGO_REGISTER_FLAG_FAIL_EXIST;
    else if (chance(3))
        flags = chance(50) ? 2 : UINT64_C(1) << 32;

    if (g) {
        mem = g->mem;           /* re-registration: the same pages */
        st.reregistrations++;
    } else if (reg.len >= ARGO_MIN_RING_LEN && reg.len <= 4 * 1024 * 4) {
        size = (size_t)argo_ring_npages(reg.len) * ARGO_PAGE_SIZE;
        mem = calloc(1, size);
        if (!mem)
            exit(1);
        fresh = true;
    }

    rc = argo_register_ring(m, dom, &reg, mem, bad_frame, npages, flags);
    if (fresh) {
        if (rc == 0)
            guest_add(dom, port, partner, mem, size);
        else
            free(mem);
    }
    return rc;
}

static long op_unregister(void)
{
    struct guest_ring *g = chance(85) ? guest_random() : NULL;
    xen_argo_unregister_ring_t unreg;
    argo_domid_t dom;

    memset(&unreg, 0, sizeof(unreg));
    if (g) {
        dom = g->dom;
        unreg.aport = g->port;
        unreg.partner_id = g->partner;
    } else {
        dom = pick_dom();
        unreg.aport = 1 + test_rng_below(NPORTS);
        unreg.partner_id = chance(20) ? XEN_ARGO_DOMID_ANY : pick_dom();
    }
    if (chance(3))
        unreg.pad = 1;
    return argo_unregister_ring(m, dom, &unreg);
}

/* The message a successful sendv just wrote, read back from ring memory. */
static bool verify_sent(const struct argo_model_ring *r, uint32_t at,
                        const xen_argo_addr_t *src, uint32_t type,
                        const struct iov_source *data, unsigned niov,
                        uint32_t total)
{
    const uint8_t *ring = r->mem + ARGO_RING_HEADER_SIZE;
    xen_argo_ring_message_header_t mh;
    uint32_t pos = (at + ARGO_MSG_HEADER_SIZE) % r->len;

    memcpy(&mh, ring + at, sizeof(mh));
    if (mh.len != total + ARGO_MSG_HEADER_SIZE ||
        mh.source.domain_id != src->domain_id ||
        mh.source.aport != src->aport || mh.message_type != type)
        return false;
    for (unsigned i = 0; i < niov; i++) {
        for (uint32_t off = 0; off < data->len[i]; off++) {
            if (ring[pos] != iov_byte(data, i, off))
                return false;
            pos = (pos + 1) % r->len;
        }
    }
    return true;
}

static long op_sendv(uint64_t opno)
{
    struct guest_ring *g = chance(85) ? guest_random() : NULL;
    xen_argo_iov_t iovs[XEN_ARGO_MAXIOV];
    struct iov_source data;
    struct argo_guest_reader guest = { copy_iov, &data };
    xen_argo_send_addr_t addr;
    struct argo_model_ring *r;
    argo_domid_t caller;
    unsigned niov = test_rng_below(MAX_IOVS + 1);
    uint64_t raw_niov = niov, type = (uint32_t)test_rng();
    uint32_t total = 0, tx_before = 0;
    long rc;

    memset(&addr, 0, sizeof(addr));
    memset(iovs, 0, sizeof(iovs));
    memset(&data, 0, sizeof(data));
    data.seed = (uint8_t)opno;

    if (g) {
        addr.dst.domain_id = g->dom;
        addr.dst.aport = g->port;
        caller = (g->partner != XEN_ARGO_DOMID_ANY && chance(85))
                     ? g->partner : pick_dom();
    } else {
        addr.dst.domain_id = chance(3) ? (argo_domid_t)MISSING_DOM
                                       : (argo_domid_t)test_rng_below(NDOMS);
        addr.dst.aport = 1 + test_rng_below(NPORTS + 1);
        caller = pick_dom();
    }
    addr.src.aport = test_rng_below(8);
    if (chance(60))
        addr.src.domain_id = XEN_ARGO_DOMID_ANY;
    else if (chance(90))
        addr.src.domain_id = caller;
    else
        addr.src.domain_id = (argo_domid_t)test_rng_below(NDOMS);
    if (chance(1))
        addr.src.pad = 1;
    if (chance(1))
        addr.dst.pad = 0x8000;

    for (unsigned i = 0; i < niov; i++) {
        uint32_t len = chance(10) ? 0 : test_rng_below(301);

        data.len[i] = len;
        data.fault[i] = chance(3);
        iovs[i].iov_hnd = (uint64_t)(i + 1) << IOV_SHIFT;
        iovs[i].iov_len = len;
        if (chance(1))
            iovs[i].pad = 1;
        total += len;
    }
    if (chance(1))
        raw_niov = 9;
    else if (chance(1))
        raw_niov = (UINT64_C(1) << 32) + niov;
    if (chance(1))
        type |= UINT64_C(1) << 32;

    r = argo_ring_find(m, addr.dst.domain_id, addr.dst.aport, caller);
    if (!r)
        r = argo_ring_find(m, addr.dst.domain_id, addr.dst.aport,
                           XEN_ARGO_DOMID_ANY);
    if (r)
        tx_before = r->tx_ptr;

    rc = argo_sendv(m, caller, &addr, iovs, raw_niov, type, &guest);
    if (rc >= 0) {
        xen_argo_addr_t src = addr.src;

        if (src.domain_id == XEN_ARGO_DOMID_ANY)
            src.domain_id = caller;
        CHECK_EQ_U64(rc, total);
        if (!CHECK(r != NULL))
            return rc;
        if (!CHECK(verify_sent(r, tx_before, &src, (uint32_t)type, &data,
                               niov, total)))
            fprintf(stderr, "    op %" PRIu64 ": message bytes wrong\n",
                    opno);
        if (r->tx_ptr < tx_before)
            st.wraps++;
        if ((tx_before + ARGO_MSG_HEADER_SIZE) % r->len + total > r->len)
            st.iov_splits++;
    }
    return rc;
}

/*
 * Payload space of a ring as Xen computes it (ringbuf_payload_space), from
 * the guest's rx_ptr rounded up and wrapped, and Xen's own tx_ptr.
 */
static uint32_t payload_space(const struct argo_model_ring *r)
{
    uint32_t rx, space;

    memcpy(&rx, r->mem + offsetof(xen_argo_ring_t, rx_ptr), sizeof(rx));
    rx = argo_roundup_slot(rx);
    if (rx >= r->len)
        rx = 0;
    space = rx > r->tx_ptr ? rx - r->tx_ptr : r->len - (r->tx_ptr - rx);
    return space < 32 ? 0 : space - 32;
}

/*
 * After the caller's notify, every wait left on its own rings is for more
 * than the ring has room for: notify wakes all the others.
 */
static void check_woken(argo_domid_t caller)
{
    struct argo_model_domain *d = argo_domain_find(m, caller);

    if (!d || !d->argo_enabled)
        return;
    for (unsigned i = 0; i < d->ring_slots; i++) {
        const struct argo_model_ring *r = &d->rings[i];
        uint32_t space;

        if (!r->in_use)
            continue;
        space = payload_space(r);
        for (unsigned w = 0; w < r->nwaiters; w++)
            if (!CHECK(space == 0 || r->waiters[w].len > space))
                fprintf(stderr, "    ring %u %u %u: waiter %u for %u bytes "
                        "left with %u free\n", caller, r->aport,
                        r->partner_id, r->waiters[w].domid,
                        r->waiters[w].len, space);
    }
}

static long op_notify(void)
{
    static xen_argo_ring_data_ent_t ents[NOTIFY_ENTS];
    xen_argo_ring_data_t rd;
    argo_domid_t caller = pick_dom();
    uint32_t nent;
    long rc;

    if (chance(40)) {
        rc = argo_notify(m, caller, NULL, NULL);
        check_woken(caller);
        return rc;
    }

    nent = chance(4) ? ARGO_MAX_NOTIFY_COUNT + 1 + test_rng_below(40) : 1 + test_rng_below(6);
    memset(&rd, 0, sizeof(rd));
    rd.nent = nent;
    memset(ents, 0, sizeof(ents));
    for (uint32_t i = 0; i < nent && i < NOTIFY_ENTS; i++) {
        struct guest_ring *g = chance(80) ? guest_random() : NULL;

        ents[i].ring.domain_id = g ? g->dom : pick_dom();
        ents[i].ring.aport = g ? g->port : 1 + test_rng_below(NPORTS);
        ents[i].space_required = chance(5) ? (uint32_t)test_rng() : test_rng_below(1100);
        ents[i].max_message_size = 0xabcdu;
    }
    rc = argo_notify(m, caller, &rd, ents);
    check_woken(caller);
    if (rc == 0) {
        for (uint32_t i = 0; i < nent; i++) {
            for (unsigned b = 0; b < XEN_ARGO_RING_FLAG_COUNT; b++)
                if (ents[i].flags & (1u << b))
                    st.notify_flags[b]++;
            /* No ring: flags 0 and the guest's max_message_size kept. */
            if (!(ents[i].flags & XEN_ARGO_RING_EXISTS)) {
                CHECK_EQ_U64(ents[i].flags, 0);
                CHECK_EQ_U64(ents[i].max_message_size, 0xabcdu);
            }
        }
    }
    return rc;
}

/* The receiving guest reads up to four messages from one of its rings. */
static long op_read(void)
{
    static uint8_t buf[1024];
    struct guest_ring *g = guest_random();
    struct argo_model_ring *r;
    unsigned want = 1 + test_rng_below(4);
    long got = 0;

    if (!g)
        return -ARGO_ENOENT;
    r = argo_ring_find(m, g->dom, g->port, g->partner);
    if (!CHECK(r != NULL))
        return -ARGO_ENOENT;
    while ((unsigned)got < want) {
        struct argo_ring_msg msg;
        int rc = argo_ring_peek(g->mem, r->len, &msg);

        if (rc == -ARGO_ENOMSG)
            break;
        if (rc) {
            /* Only a guest that scribbled on its ring may see garbage. */
            CHECK(r->ledger.tampered);
            return got ? got : rc;
        }
        if (CHECK(msg.payload_len <= sizeof(buf)))
            argo_ring_copy_payload(g->mem, r->len, &msg, 0, buf,
                                   msg.payload_len);
        argo_ring_consume(g->mem, &msg);
        argo_note_consumed(m, r, msg.payload_len);
        st.msgs_read++;
        st.bytes_read += msg.payload_len;
        got++;
    }
    return got;
}

/* The guest writes one of its ring's indices by hand. */
static long op_scribble(void)
{
    struct guest_ring *g = guest_random();
    struct argo_model_ring *r;
    size_t off;
    uint32_t v, tx;

    if (!g)
        return -ARGO_ENOENT;
    r = argo_ring_find(m, g->dom, g->port, g->partner);
    if (!CHECK(r != NULL))
        return -ARGO_ENOENT;
    memcpy(&tx, g->mem + offsetof(xen_argo_ring_t, tx_ptr), sizeof(tx));
    off = chance(70) ? offsetof(xen_argo_ring_t, rx_ptr)
                     : offsetof(xen_argo_ring_t, tx_ptr);
    switch (test_rng_below(6)) {
    case 0:
    case 1:
        v = tx;                 /* discard everything: rx = tx */
        off = offsetof(xen_argo_ring_t, rx_ptr);
        break;
    case 2:
        v = test_rng_below(r->len);      /* mostly unaligned */
        break;
    case 3:
        v = chance(50) ? 0xffffffffu : r->len + 16 * test_rng_below(4);
        break;
    default:
        v = 16 * test_rng_below(r->len / 16);
        break;
    }
    memcpy(g->mem + off, &v, sizeof(v));
    argo_note_index_written(m, r);
    return 0;
}

static long op_create(void)
{
    argo_domid_t dom = (argo_domid_t)test_rng_below(NDOMS);

    /* Mostly bring back a missing domain; sometimes one that exists. */
    for (unsigned n = 0; n < NDOMS && !chance(10); n++) {
        if (!argo_domain_find(m, dom))
            break;
        dom = (argo_domid_t)((dom + 1) % NDOMS);
    }
    return argo_domain_create(m, dom, !chance(20));
}

static long op_destroy(void)
{
    argo_domid_t dom = pick_dom();
    struct argo_model_domain *d = argo_domain_find(m, dom);
    long rc;

    if (d && d->ring_count)
        st.destroys_with_rings++;
    rc = argo_domain_destroy(m, dom);
    if (rc == 0)
        CHECK(argo_domain_find(m, dom) == NULL);
    return rc;
}

/* ---- main ------------------------------------------------------------ */

static enum op_kind pick_kind(void)
{
    unsigned w = test_rng_below(1000);

    for (unsigned k = 0; k < K_COUNT; k++) {
        if (w < kind_weights[k])
            return (enum op_kind)k;
        w -= kind_weights[k];
    }
    return K_SENDV;
}

static const char *rc_name(unsigned slot, char *buf, size_t n)
{
    const char *name;

    if (slot == 0)
        return "ok";
    name = argo_errno_name((long)slot);
    if (name) {
        snprintf(buf, n, "-%s", name);
        return buf;
    }
    snprintf(buf, n, "-%u", slot);
    return buf;
}

static void print_summary(void)
{
    static const char *const flag_names[XEN_ARGO_RING_FLAG_COUNT] = {
        "EXISTS", "SHARED", "EMPTY", "SUFFICIENT", "EMSGSIZE", "EBUSY",
    };
    char name[32];

    printf("model_random: %u operations on %u domains\n", NOPS, NDOMS);
    for (unsigned k = 0; k < K_COUNT; k++) {
        printf("  %-10s %6" PRIu64 ":", kind_names[k], st.kinds[k]);
        for (unsigned s = 0; s < RC_SLOTS; s++)
            if (st.by_rc[k][s])
                printf(" %s %" PRIu64, rc_name(s, name, sizeof(name)),
                       st.by_rc[k][s]);
        putchar('\n');
    }
    printf("  sends: %" PRIu64 " wrapped tx_ptr, %" PRIu64
           " payloads split at the ring end\n", st.wraps, st.iov_splits);
    printf("  reads: %" PRIu64 " messages, %" PRIu64 " payload bytes\n",
           st.msgs_read, st.bytes_read);
    printf("  notify: %" PRIu64 " wake-up signals; flags:", st.notify_signals);
    for (unsigned b = 0; b < XEN_ARGO_RING_FLAG_COUNT; b++)
        printf(" %s %" PRIu64, flag_names[b], st.notify_flags[b]);
    putchar('\n');
    printf("  rings: %" PRIu64 " re-registrations attempted, %" PRIu64
           " rings gone and freed, %" PRIu64 " destroys with rings\n",
           st.reregistrations, st.rings_freed, st.destroys_with_rings);
    printf("  ledger: accepted %" PRIu64 " consumed %" PRIu64 " dropped %"
           PRIu64 " tampered %" PRIu64 "\n", m->ledger.accepted_bytes,
           m->ledger.consumed_bytes, m->ledger.dropped_bytes,
           m->ledger.tampered_bytes);
}

int main(void)
{
    test_rng_seed(0x2545f4914f6cdd1dull);
    struct argo_violation v;
    bool stopped = false;

    m = malloc(sizeof(*m));
    if (!m)
        return 1;
    argo_model_init(m);
    m->on_signal = on_signal;
    m->mac_permissive = true;
    for (unsigned d = 0; d < NDOMS; d++)
        CHECK_EQ_I64(argo_domain_create(m, (argo_domid_t)d, d != NDOMS - 1),
                     0);

    for (uint64_t i = 0; i < NOPS; i++) {
        enum op_kind k = pick_kind();
        long rc = 0;

        op_signals = 0;
        switch (k) {
        case K_REGISTER:
            rc = op_register();
            break;
        case K_UNREGISTER:
            rc = op_unregister();
            break;
        case K_SENDV:
            rc = op_sendv(i);
            break;
        case K_NOTIFY:
            rc = op_notify();
            st.notify_signals += op_signals;
            break;
        case K_READ:
            rc = op_read();
            break;
        case K_SCRIBBLE:
            rc = op_scribble();
            break;
        case K_CREATE:
            rc = op_create();
            break;
        case K_DESTROY:
            rc = op_destroy();
            break;
        case K_OPTION:
            m->mac_permissive = !m->mac_permissive;
            break;
        case K_COUNT:
            break;
        }
        count_rc(k, rc);

        if (!CHECK(guest_sync())) {
            fprintf(stderr, "    after op %" PRIu64 " (%s)\n", i,
                    kind_names[k]);
            stopped = true;
            break;
        }
        if (argo_check_invariants(m, &v)) {
            CHECK(!"invariant violated");
            fprintf(stderr, "    op %" PRIu64 " (%s, rc %ld): %s: dom %u "
                    "port %u partner %u expected %" PRIu64 " actual %"
                    PRIu64 "\n", i, kind_names[k], rc, v.what, v.dom, v.port,
                    v.partner, v.expected, v.actual);
            stopped = true;
            break;
        }
        if (check_failures() >= 20) {
            fprintf(stderr, "    stopping after op %" PRIu64 "\n", i);
            stopped = true;
            break;
        }
    }

    print_summary();
    if (!stopped) {
        /* The run reached the paths that matter. */
        CHECK(st.by_rc[K_SENDV][0] > 0);
        CHECK(st.by_rc[K_SENDV][ARGO_EAGAIN] > 0);
        CHECK(st.by_rc[K_SENDV][ARGO_EMSGSIZE] > 0);
        CHECK(st.by_rc[K_SENDV][ARGO_EFAULT] > 0);
        CHECK(st.by_rc[K_SENDV][ARGO_ECONNREFUSED] > 0);
        CHECK(st.notify_flags[3] > 0);          /* SUFFICIENT */
        CHECK(st.notify_signals > 0);
        CHECK(st.wraps > 0);
        CHECK(st.destroys_with_rings > 0);
    }

    for (unsigned i = 0; i < MAX_GUEST_RINGS; i++)
        free(grings[i].mem);
    free(m);
    return CHECK_DONE();
}
