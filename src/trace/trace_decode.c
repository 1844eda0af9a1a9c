/* SPDX-License-Identifier: MIT */
/* Description: decodes any byte string into a valid trace, for fuzzers. */
#include "trace.h"
#include "trace_binary.h"
#include "../ring_model/argo_abi.h"

/*
 * Binary form. The same layout is documented in docs/trace-format.md,
 * "Binary form"; change both together.
 *
 * Every byte string is a valid trace. Bytes are read in order through one
 * reader; multi-byte values are little-endian. A read past the end yields 0:
 * the operation being decoded is still emitted with those zeros and decoding
 * stops after it. Decoding also stops, without emitting the operation at
 * hand, when t->ops, t->bytes or t->ents has no room for it. Operation i
 * (from 0) gets line i + 1.
 *
 * Random bytes should mostly make operations that reach deep into the ring
 * code: options that only provoke errors sit behind rare bit patterns, and
 * operations can name a recently registered ring instead of guessing one.
 *
 * n is the number of domains the prologue creates (1..4). Selectors:
 *
 *   DOM(v)      0-13: v % n   14: n        15: 0x7ff4
 *   PARTNER(v)  0-9:  v % n   10-13: any   14: n        15: 0x7ff0
 *   SRCDOM(v)   0-7:  v % n   8-11: any    12: n        13: 0x7fef
 *               14: 0x7ff0    15: 0xffff
 *   LIFE(v)     0-11: v % (n + 1)   12-13: n   14: 0x7fef
 *               15: 6 + the next byte (6..261, enough ids to fill the model)
 *   RECENT(s)   the ring named by the (s % 4 % h)-th most recent register
 *               operation (0: the latest), h = min(4, register operations
 *               decoded so far); ring "0 0 0" before the first
 *
 * (v is a nibble; "v % n" names a domain the prologue created.)
 *
 * Prologue, one byte P:
 *   bit 0     1: "option mac_permissive=1" first
 *   bits 1-2  n - 1: "domain 0" .. "domain n-1"
 *   bits 3-4  d; bit 5: domain d is noargo if 0 < d < n (0 keeps Argo)
 *   bits 6-7  ignored
 *
 * Then operations until the input ends. Each starts with byte K: bits 0-3
 * choose the kind, bits 4-7 are V. "RING" is, when V < 8, byte A (DOM
 * owner in bits 0-3, PARTNER in bits 4-7) with the port in bits 0-1 of byte
 * B; when V >= 8 it is RECENT(V), byte A is not read and B's port bits are
 * ignored. Byte B is read in both cases.
 *
 *   K 0-2 register    k = V; byte A: DOM owner (bits 0-3), PARTNER (4-7)
 *                     byte B: bits 0-1 port, bits 2-4 length class c,
 *                       bits 5-7 o: fail_exist if o is 5 or 7; extras
 *                       byte X follows if o is 6 or 7
 *                     len by c: 0-4 48+16k   5 48+256k   6 LEN_EDGE[k]
 *                       7 4096(k+1)-64 (whole pages)
 *                     X: bits 0-2 npages: 0-3 default, 4 needed,
 *                       5 needed-1, 6-7 NPAGES_ODD[bits 6-7];
 *                       bits 3-5: 5 bad flags, 6 pad, 7 gfn=bad, else
 *                       nothing; bit 7 picks bad flags 1<<63 (else 0x2)
 *                       and pad 0x8000 (else 1)
 *   K 3-6,15 sendv    V: bits 0-2 IOV_COUNT index, bit 3 extras byte X
 *                     byte A: DOM sender (bits 0-3), DOM dst_dom (4-7)
 *                     byte B: bits 0-1 src_port, bits 2-3 dst_port,
 *                       bits 4-7 t: type=TYPE[t]; if t < 8 the message
 *                       goes to RECENT(t): its dom:port replace dst_dom
 *                       and dst_port, and its partner, unless any,
 *                       replaces the sender
 *                     X: bits 0-1 both set: src_dom=SRCDOM(next byte);
 *                       bits 2-3 both set: niov=NIOV[next byte % 8]
 *                       (read after src_dom's byte);
 *                       bits 4-6: 6 src_pad=1, 7 dst_pad=1; bit 7 ignored
 *                     then per iov bytes D and L: D bits 0-2 class,
 *                       bits 3-6 all set: ,pad=(D bit 7 ? 0xffffffff : 1)
 *                       class 0-2 fill:<L%201>   3 fill:<L%201>:<next byte>
 *                       4 hex: L%64 bytes copied from the input (fewer if
 *                       it ends)   5 fill:<IOV_EDGE[L%8]>
 *                       6 fault:<L%201>   7 fill:<201+16L>
 *   K 7-8 consume     RING; byte B bits 2-4 class, bits 5-7 m:
 *                       class 0-2 count 1 (the default), 3 count 2+m,
 *                       4-5 all, 6 count 0, 7 count 0xffffffff
 *   K 9-10 notify     byte A: DOM caller (bits 0-3), mode m (bits 4-7):
 *                       0-3 null; 4-13 1+(m%4) entries;
 *                       14 nent=NENT_EDGE[next byte % 4]; 15 nent=<next byte>
 *                     entry: byte E: DOM dst (bits 0-3), port (bits 4-5),
 *                       space class s (bits 6-7), or with V bit 3 set the
 *                       dom and port of RECENT(E bits 0-3); byte F:
 *                       s 0: F   1: 16F   2: SPACE_EDGE[F%8]   3: 257F
 *   K 11 unregister   RING; byte B bits 2-4 all set: pad=(bit 5 ? 0xffff : 1)
 *   K 12 set_rx       RING; byte B bits 2-4 class, bits 5-7 m; byte C;
 *   K 13 set_tx         value by class: 0-3 16(C%32)   4 16(C%32)+1+m
 *                       5 C   6 INDEX_EDGE[m]   7 the next 4 bytes
 *   K 14 domain       V bits 0-2: 0 destroy, else domain (create)
 *        / destroy    byte A: LIFE id (bits 0-3); bits 4-5 both set:
 *                       noargo (create only). A create with V bit 3 set
 *                       after some destroy takes the id of the latest
 *                       destroy instead (A's bits 0-3 are then ignored
 *                       and LIFE reads no byte)
 *
 *   LEN_EDGE    47 48 49 0 16 56 4032 4048 4049 8128 8144 0xffff0
 *               0x1000000 0x1000010 0xfffffff0 0xffffffff
 *   NPAGES_ODD  0, needed+1, needed+2^32, 2^64-1
 *               (needed: the pages len takes, the text format's default)
 *   IOV_COUNT   1 1 2 2 3 4 0 1
 *   TYPE        0 0 0 0 0 0 1 0xffffffff 0 0 0 0 0 2 0x7fffffff 0x80000000
 *   NIOV        9, count, count+1, 8, 0, 16, 2^32+1, 2^64-1
 *   IOV_EDGE    4032 4033 0xffff 0x10000 0xffffe0 0xffffe1 0x1000000
 *               0xffffffff
 *   SPACE_EDGE  0 1 4000 4001 0xffffe0 0xffffe1 0x1000000 0xffffffff
 *   NENT_EDGE   257 256 0 1
 *   INDEX_EDGE  0xffffffff 0x1000000 0xfffffff0 0x1000010 4032 4048 8
 *               0x80000000
 */

/* ---- the reader ------------------------------------------------------ */

struct reader {
    const uint8_t *data;
    size_t len;
    size_t pos;
    bool past_end;              /* a read found no byte: stop after this op */
};

static uint8_t read_u8(struct reader *r)
{
    if (r->pos >= r->len) {
        r->past_end = true;
        return 0;
    }
    return r->data[r->pos++];
}

static uint32_t read_u32(struct reader *r)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < 4; i++)
        v |= (uint32_t)read_u8(r) << (8 * i);
    return v;
}

/* Copy up to n bytes of input into dst; fewer if the input ends first. */
static uint32_t read_bytes(struct reader *r, uint8_t *dst, uint32_t n)
{
    size_t left = r->len - r->pos;

    if (n > left)
        n = (uint32_t)left;
    memcpy(dst, r->data + r->pos, n);
    r->pos += n;
    return n;
}

/* ---- the decoder ----------------------------------------------------- */

struct decoder {
    struct reader r;
    struct trace *t;
    uint16_t ndoms;             /* domains the prologue created, 1..4 */
    bool full;                  /* t had no room: stop */
    /* Rings of the latest register operations, latest first. */
    struct trace_ring_name recent[TRACE_BIN_RECENT_RINGS];
    uint32_t nrecent;
    bool has_destroyed;
    uint16_t last_destroyed;    /* id of the latest destroy operation */
};

static uint16_t select_dom(const struct decoder *d, uint8_t v)
{
    v &= 0xf;
    if (v < 14)
        return (uint16_t)(v % d->ndoms);
    return v == 14 ? d->ndoms : XEN_ARGO_DOMID_ANY;
}

static uint16_t select_partner(const struct decoder *d, uint8_t v)
{
    v &= 0xf;
    if (v < 10)
        return (uint16_t)(v % d->ndoms);
    if (v < 14)
        return XEN_ARGO_DOMID_ANY;
    return v == 14 ? d->ndoms : ARGO_DOMID_FIRST_RESERVED;
}

static uint16_t select_src_dom(const struct decoder *d, uint8_t v)
{
    static const uint16_t high[3] = { 0x7fef, 0x7ff0, 0xffff };

    v &= 0xf;
    if (v < 8)
        return (uint16_t)(v % d->ndoms);
    if (v < 12)
        return XEN_ARGO_DOMID_ANY;
    return v == 12 ? d->ndoms : high[v - 13];
}

/* Ids for domain/destroy: the prologue's, the next one, or many more. */
static uint16_t select_life_dom(struct decoder *d, uint8_t v)
{
    v &= 0xf;
    if (v < 12)
        return (uint16_t)(v % (d->ndoms + 1));
    if (v < 14)
        return d->ndoms;
    if (v == 14)
        return ARGO_DOMID_FIRST_RESERVED - 1;
    return (uint16_t)(6 + read_u8(&d->r));
}

/*
 * Guessed ring names rarely meet: naming a ring registered just before
 * lets sendv, consume and the rest reach a ring that exists.
 */
static struct trace_ring_name recent_ring(const struct decoder *d, uint8_t s)
{
    struct trace_ring_name none = { 0, 0, 0 };

    if (!d->nrecent)
        return none;
    return d->recent[(s % TRACE_BIN_RECENT_RINGS) % d->nrecent];
}

static void remember_ring(struct decoder *d, const struct trace_ring_name *ring)
{
    for (uint32_t i = TRACE_BIN_RECENT_RINGS - 1; i > 0; i--)
        d->recent[i] = d->recent[i - 1];
    d->recent[0] = *ring;
    if (d->nrecent < TRACE_BIN_RECENT_RINGS)
        d->nrecent++;
}

/* Byte A: DOM owner in the low nibble, PARTNER in the high; then byte B. */
static void read_ring_name(struct decoder *d, struct trace_ring_name *ring,
                           uint8_t *b)
{
    uint8_t a = read_u8(&d->r);

    ring->dom = select_dom(d, a);
    ring->partner = select_partner(d, (uint8_t)(a >> 4));
    *b = read_u8(&d->r);
    ring->port = *b & 3u;
}

/* RING in the layout: a recent ring when V >= 8, else bytes A and B. */
static void read_ring(struct decoder *d, uint8_t v,
                      struct trace_ring_name *ring, uint8_t *b)
{
    if (v < 8) {
        read_ring_name(d, ring, b);
        return;
    }
    *ring = recent_ring(d, v);
    *b = read_u8(&d->r);
}

/* Append op (its kind and fields set) if t has room; else stop decoding. */
static void emit(struct decoder *d, struct trace_op *op)
{
    struct trace *t = d->t;

    if (t->nops >= t->ops_cap) {
        d->full = true;
        return;
    }
    op->line = t->nops + 1;
    t->ops[t->nops++] = *op;
}

static void new_op(struct trace_op *op, uint8_t kind)
{
    memset(op, 0, sizeof(*op));
    op->kind = kind;
}

static void decode_prologue(struct decoder *d)
{
    uint8_t p = read_u8(&d->r);
    uint16_t noargo_dom = (p >> 3) & 3u;
    struct trace_op op;

    d->ndoms = (uint16_t)(((p >> 1) & 3u) + 1);
    if (p & 1u) {
        new_op(&op, TRACE_OP_OPTION);
        op.u.option.mac_permissive = true;
        emit(d, &op);
    }
    for (uint16_t i = 0; i < d->ndoms && !d->full; i++) {
        new_op(&op, TRACE_OP_DOMAIN);
        op.u.domain.dom = i;
        op.u.domain.noargo = (p & 0x20u) && i == noargo_dom && i != 0;
        emit(d, &op);
    }
}

static uint32_t register_len(uint8_t class, uint32_t k)
{
    switch (class) {
    case 5:
        return 48 + 256 * k;
    case 6:
        return trace_bin_len_edge[k % 16];
    case 7:
        return 4096 * (k + 1) - ARGO_RING_HEADER_SIZE;
    default:
        return 48 + 16 * k;
    }
}

static uint64_t register_npages(uint8_t x, uint32_t len)
{
    uint64_t needed = argo_ring_npages(len);
    const uint64_t odd[4] = {
        0, needed + 1, needed + (1ull << 32), UINT64_MAX,
    };

    switch (x & 7u) {
    case 4:
        return needed;
    case 5:
        return needed - 1;
    default:
        return odd[x >> 6];
    }
}

/* Byte X: maybe a page count, and at most one kind of damage. */
static void decode_register_extras(struct decoder *d, struct trace_op *op)
{
    uint8_t x = read_u8(&d->r);
    uint8_t damage = (x >> 3) & 7u;
    bool alt = (x & 0x80u) != 0;

    op->u.reg.has_npages = (x & 7u) >= 4;
    if (op->u.reg.has_npages)
        op->u.reg.npages = register_npages(x, op->u.reg.len);
    if (damage == 5)
        op->u.reg.flags |= alt ? 1ull << 63 : 0x2u;
    if (damage == 6)
        op->u.reg.pad = alt ? 0x8000u : 1u;
    op->u.reg.bad_gfn = damage == 7;
}

static void decode_register(struct decoder *d, uint8_t k)
{
    struct trace_op op;
    uint8_t b, o;

    new_op(&op, TRACE_OP_REGISTER);
    read_ring_name(d, &op.u.reg.ring, &b);
    op.u.reg.len = register_len((b >> 2) & 7u, k);
    o = b >> 5;
    /* The parser's canonical form: fail_exist and flags bit 0 agree. */
    op.u.reg.fail_exist = o == 5 || o == 7;
    if (op.u.reg.fail_exist)
        op.u.reg.flags = XEN_ARGO_REGISTER_FLAG_FAIL_EXIST;
    if (o >= 6)
        decode_register_extras(d, &op);
    remember_ring(d, &op.u.reg.ring);
    emit(d, &op);
}

static void decode_unregister(struct decoder *d, uint8_t v)
{
    struct trace_op op;
    uint8_t b;

    new_op(&op, TRACE_OP_UNREGISTER);
    read_ring(d, v, &op.u.unreg.ring, &b);
    if ((b & 0x1cu) == 0x1cu)
        op.u.unreg.pad = (b & 0x20u) ? 0xffffu : 1u;
    emit(d, &op);
}

static void decode_sendv_extras(struct decoder *d, struct trace_op *op)
{
    uint8_t x = read_u8(&d->r);
    uint64_t count = op->u.sendv.iov_count;
    const uint64_t niov[8] = {
        9, count, count + 1, 8, 0, 16, (1ull << 32) + 1, UINT64_MAX,
    };

    if ((x & 0x03u) == 0x03u) {
        op->u.sendv.has_src_dom = true;
        op->u.sendv.src_dom = select_src_dom(d, read_u8(&d->r));
    }
    if ((x & 0x0cu) == 0x0cu) {
        op->u.sendv.has_niov = true;
        op->u.sendv.niov = niov[read_u8(&d->r) % 8u];
    }
    op->u.sendv.src_pad = ((x >> 4) & 7u) == 6 ? 1u : 0u;
    op->u.sendv.dst_pad = ((x >> 4) & 7u) == 7 ? 1u : 0u;
}

/*
 * One iov. A hex payload goes straight into t->bytes; false when it has no
 * room (the caller then drops the op and stops).
 */
static bool decode_iov(struct decoder *d, struct trace_iov *iov)
{
    struct trace *t = d->t;
    uint8_t desc = read_u8(&d->r);
    uint8_t class = desc & 7u;
    uint8_t l = read_u8(&d->r);

    memset(iov, 0, sizeof(*iov));
    iov->kind = TRACE_IOV_FILL;
    iov->len = l % TRACE_BIN_SMALL_LEN_MOD;
    if (class == 3) {
        iov->has_fill_byte = true;
        iov->fill_byte = read_u8(&d->r);
    } else if (class == 4) {
        uint32_t want = l % TRACE_BIN_HEX_LEN_MOD;

        if (want > t->bytes_cap - t->nbytes)
            return false;
        iov->kind = TRACE_IOV_HEX;
        iov->hex_offset = t->nbytes;
        /* No pointer arithmetic on a NULL bytes array of capacity 0. */
        iov->len = want ? read_bytes(&d->r, t->bytes + t->nbytes, want) : 0;
        t->nbytes += iov->len;
    } else if (class == 5) {
        iov->len = trace_bin_iov_edge[l % 8u];
    } else if (class == 6) {
        iov->kind = TRACE_IOV_FAULT;
    } else if (class == 7) {
        iov->len = TRACE_BIN_SMALL_LEN_MOD + 16u * l;
    }
    if ((desc & 0x78u) == 0x78u)
        iov->pad = (desc & 0x80u) ? 0xffffffffu : 1u;
    return true;
}

/* Address a recent ring: its owner and port, sent by its partner. */
static void send_to_recent(struct decoder *d, struct trace_op *op, uint8_t s)
{
    struct trace_ring_name ring = recent_ring(d, s);

    op->u.sendv.dst_dom = ring.dom;
    op->u.sendv.dst_port = ring.port;
    if (ring.partner != XEN_ARGO_DOMID_ANY)
        op->u.sendv.dom = ring.partner;
}

static void decode_sendv(struct decoder *d, uint8_t v)
{
    struct trace_op op;
    uint8_t a, b;

    new_op(&op, TRACE_OP_SENDV);
    a = read_u8(&d->r);
    b = read_u8(&d->r);
    op.u.sendv.dom = select_dom(d, a);
    op.u.sendv.dst_dom = select_dom(d, (uint8_t)(a >> 4));
    op.u.sendv.src_port = b & 3u;
    op.u.sendv.dst_port = (b >> 2) & 3u;
    op.u.sendv.type = trace_bin_type[b >> 4];
    if ((b >> 4) < 8)
        send_to_recent(d, &op, b >> 4);
    op.u.sendv.iov_count = trace_bin_iov_count[v & 7u];
    if (v & 8u)
        decode_sendv_extras(d, &op);
    for (uint8_t i = 0; i < op.u.sendv.iov_count; i++) {
        if (!decode_iov(d, &op.u.sendv.iovs[i])) {
            d->full = true;
            return;
        }
    }
    emit(d, &op);
}

static void decode_consume(struct decoder *d, uint8_t v)
{
    struct trace_op op;
    uint8_t b, class, m;

    new_op(&op, TRACE_OP_CONSUME);
    read_ring(d, v, &op.u.consume.ring, &b);
    class = (b >> 2) & 7u;
    m = b >> 5;
    op.u.consume.count = 1;
    if (class == 3)
        op.u.consume.count = 2u + m;
    else if (class == 4 || class == 5)
        op.u.consume.all = true, op.u.consume.count = 0;
    else if (class == 6)
        op.u.consume.count = 0;
    else if (class == 7)
        op.u.consume.count = 0xffffffffu;
    emit(d, &op);
}

static uint32_t index_value(struct decoder *d, uint8_t class, uint8_t m,
                            uint8_t c)
{
    switch (class) {
    case 4:
        return 16u * (c % 32u) + 1u + m;
    case 5:
        return c;
    case 6:
        return trace_bin_index_edge[m];
    case 7:
        return read_u32(&d->r);
    default:
        return 16u * (c % 32u);
    }
}

static void decode_set_index(struct decoder *d, uint8_t kind, uint8_t v)
{
    struct trace_op op;
    uint8_t b, c;

    new_op(&op, kind);
    read_ring(d, v, &op.u.set_index.ring, &b);
    c = read_u8(&d->r);
    op.u.set_index.value = index_value(d, (b >> 2) & 7u, b >> 5, c);
    emit(d, &op);
}

static uint32_t space_value(uint8_t class, uint8_t f)
{
    switch (class) {
    case 1:
        return 16u * f;
    case 2:
        return trace_bin_space_edge[f % 8u];
    case 3:
        return 257u * f;
    default:
        return f;
    }
}

static void decode_notify_entries(struct decoder *d, struct trace_op *op,
                                  uint32_t count, bool recent)
{
    struct trace *t = d->t;

    op->u.notify.mode = TRACE_NOTIFY_LIST;
    op->u.notify.nent = count;
    op->u.notify.first_ent = t->nents;
    for (uint32_t i = 0; i < count; i++) {
        struct trace_notify_ent *ent = &t->ents[t->nents++];
        uint8_t e = read_u8(&d->r);
        uint8_t f = read_u8(&d->r);

        if (recent) {
            struct trace_ring_name ring = recent_ring(d, e);

            ent->dom = ring.dom;
            ent->port = ring.port;
        } else {
            ent->dom = select_dom(d, e);
            ent->port = (e >> 4) & 3u;
        }
        ent->space_required = space_value(e >> 6, f);
    }
}

static void decode_notify(struct decoder *d, uint8_t v)
{
    struct trace_op op;
    uint8_t a = read_u8(&d->r);
    uint8_t m = a >> 4;

    new_op(&op, TRACE_OP_NOTIFY);
    op.u.notify.dom = select_dom(d, a);
    op.u.notify.mode = TRACE_NOTIFY_NULL;
    if (m >= 4 && m < 14) {
        uint32_t count = 1u + m % 4u;

        if (count > d->t->ents_cap - d->t->nents) {
            d->full = true;
            return;
        }
        decode_notify_entries(d, &op, count, (v & 8u) != 0);
    } else if (m >= 14) {
        op.u.notify.mode = TRACE_NOTIFY_NENT;
        op.u.notify.nent = m == 14 ? trace_bin_nent_edge[read_u8(&d->r) % 4u]
                                   : read_u8(&d->r);
    }
    emit(d, &op);
}

/*
 * Destroying is rare, and creating often brings back the domain destroyed
 * last: a trace that lost its domains has little left to do.
 */
static void decode_lifecycle(struct decoder *d, uint8_t v)
{
    struct trace_op op;
    uint8_t a = read_u8(&d->r);
    bool recreate = (v & 8u) && d->has_destroyed;
    uint16_t dom = recreate ? d->last_destroyed : select_life_dom(d, a);

    if (v & 7u) {
        new_op(&op, TRACE_OP_DOMAIN);
        op.u.domain.dom = dom;
        op.u.domain.noargo = (a & 0x30u) == 0x30u;
    } else {
        new_op(&op, TRACE_OP_DESTROY);
        op.u.destroy.dom = dom;
        d->has_destroyed = true;
        d->last_destroyed = dom;
    }
    emit(d, &op);
}

static void decode_op(struct decoder *d)
{
    uint8_t k = read_u8(&d->r);
    uint8_t v = k >> 4;

    switch (k & 0xfu) {
    case 0: case 1: case 2:
        decode_register(d, v);
        break;
    case 3: case 4: case 5: case 6: case 15:
        decode_sendv(d, v);
        break;
    case 7: case 8:
        decode_consume(d, v);
        break;
    case 9: case 10:
        decode_notify(d, v);
        break;
    case 11:
        decode_unregister(d, v);
        break;
    case 12:
        decode_set_index(d, TRACE_OP_SET_RX, v);
        break;
    case 13:
        decode_set_index(d, TRACE_OP_SET_TX, v);
        break;
    default:
        decode_lifecycle(d, v);
        break;
    }
}

void trace_decode(const uint8_t *data, size_t len, struct trace *t)
{
    struct decoder d;

    memset(&d, 0, sizeof(d));
    d.r.data = data;
    d.r.len = data ? len : 0;
    d.t = t;
    t->nops = t->nbytes = t->nents = 0;
    decode_prologue(&d);
    while (!d.full && !d.r.past_end && d.r.pos < d.r.len) {
        uint32_t nbytes = t->nbytes, nents = t->nents;

        if (t->nops >= t->ops_cap)
            break;
        decode_op(&d);
        if (d.full) {
            /* The op was dropped: so are the payload bytes it stored. */
            t->nbytes = nbytes;
            t->nents = nents;
        }
    }
}
