/* SPDX-License-Identifier: MIT */
/* Description: writes a trace in the binary form, the inverse of decoding. */
#include "trace_encode.h"
#include "trace_binary.h"
#include "text_buf.h"
#include "../ring_model/argo_abi.h"

/*
 * Each operation is written as the fields of the layout in
 * src/trace/trace_decode.c (and docs/trace-format.md, "Binary form") that
 * decode to it. The decoder is stateful in two ways the encoder mirrors:
 * the ring names of the latest register operations (RECENT) and the
 * domain count n the prologue sets, which every selector depends on. Its
 * third piece of state, the latest destroyed id, is never used: every id
 * a re-create can take has a LIFE selector of its own.
 *
 * The tables are the decoder's own (trace_binary.h), and every encoding is
 * decoded again and compared before it is returned.
 */

#define MAX_PROLOGUE_DOMS 4u
/* Ids LIFE reads from a byte: 6 + the byte. */
#define LIFE_BYTE_FIRST 6u
#define LIFE_BYTE_LAST  (LIFE_BYTE_FIRST + 255u)
#define MAX_LISTED_ENTS 4u

/* Operation kinds as byte K's low nibble; the first of each range. */
enum {
    K_REGISTER = 0,
    K_SENDV = 3,
    K_CONSUME = 7,
    K_NOTIFY = 9,
    K_UNREGISTER = 11,
    K_SET_RX = 12,
    K_SET_TX = 13,
    K_LIFECYCLE = 14,
};

struct encoder {
    const struct trace *t;
    uint8_t *out;
    size_t cap;
    size_t len;                 /* bytes produced, also past cap */
    uint16_t ndoms;             /* n, the domains the prologue creates */
    /* Rings of the latest register operations, latest first, as decoded. */
    struct trace_ring_name recent[TRACE_BIN_RECENT_RINGS];
    uint32_t nrecent;
    /* What the decoder will have stored so far, against its capacities. */
    uint32_t nbytes, nents;
    const struct trace_op *op;  /* the operation being written */
    struct trace_error *err;
};

static void put(struct encoder *e, uint8_t b)
{
    if (e->len < e->cap)
        e->out[e->len] = b;
    e->len++;
}

/* ---- errors ---------------------------------------------------------- */

/* "<op>: " for the operation at hand, with its line. */
static struct text_buf fail_begin(struct encoder *e)
{
    struct text_buf tb;

    e->err->line = e->op ? e->op->line : 0;
    tb_init(&tb, e->err->msg, sizeof(e->err->msg));
    if (e->op) {
        tb_str(&tb, trace_op_name(e->op->kind));
        tb_str(&tb, ": ");
    }
    return tb;
}

/* "<op>: no binary form for <what> (<has>)" */
static int no_form(struct encoder *e, const char *what, const char *has)
{
    struct text_buf tb = fail_begin(e);

    tb_str(&tb, "no binary form for ");
    tb_str(&tb, what);
    tb_str(&tb, " (");
    tb_str(&tb, has);
    tb_char(&tb, ')');
    return -1;
}

/* "<op>: no binary form for <what><v> (<has>)", v decimal or 0x hex. */
static int no_form_value(struct encoder *e, const char *what, uint64_t v,
                         bool hex, const char *has)
{
    struct text_buf tb = fail_begin(e);

    tb_str(&tb, "no binary form for ");
    tb_str(&tb, what);
    if (hex)
        tb_hex(&tb, v);
    else
        tb_u64(&tb, v);
    tb_str(&tb, " (");
    tb_str(&tb, has);
    tb_char(&tb, ')');
    return -1;
}

/* "<op>: no binary form for <v> <noun> (<has>)" */
static int no_form_count(struct encoder *e, uint64_t v, const char *noun,
                         const char *has)
{
    struct text_buf tb = fail_begin(e);

    tb_str(&tb, "no binary form for ");
    tb_u64(&tb, v);
    tb_char(&tb, ' ');
    tb_str(&tb, noun);
    tb_str(&tb, " (");
    tb_str(&tb, has);
    tb_char(&tb, ')');
    return -1;
}

/* The domain selectors depend on n, so their messages spell out the set. */
enum dom_set { SET_DOM, SET_PARTNER, SET_SRC_DOM, SET_LIFE };

static int no_form_dom(struct encoder *e, const char *what, uint16_t dom,
                       enum dom_set set)
{
    struct text_buf tb = fail_begin(e);

    tb_str(&tb, "no binary form for ");
    tb_str(&tb, what);
    tb_u64(&tb, dom);
    tb_str(&tb, " (with ");
    tb_u64(&tb, e->ndoms);
    tb_str(&tb, e->ndoms == 1 ? " prologue domain: 0.."
                              : " prologue domains: 0..");
    tb_u64(&tb, e->ndoms);
    switch (set) {
    case SET_DOM:
        tb_str(&tb, " and 32756");
        break;
    case SET_PARTNER:
        tb_str(&tb, ", any and 32752");
        break;
    case SET_SRC_DOM:
        tb_str(&tb, ", any, 32751, 32752 and 65535");
        break;
    case SET_LIFE:
        tb_str(&tb, ", 6..261 and 32751");
        break;
    }
    tb_char(&tb, ')');
    return -1;
}

#define PORTS_HAVE "ports are 0..3"

/* ---- selectors ------------------------------------------------------- */

/* The nibble DOM(v) decodes to dom, or -1. */
static int dom_sel(const struct encoder *e, uint16_t dom)
{
    if (dom < e->ndoms)
        return dom;
    if (dom == e->ndoms)
        return 14;
    if (dom == XEN_ARGO_DOMID_ANY)
        return 15;
    return -1;
}

static int partner_sel(const struct encoder *e, uint16_t dom)
{
    if (dom < e->ndoms)
        return dom;
    if (dom == XEN_ARGO_DOMID_ANY)
        return 10;
    if (dom == e->ndoms)
        return 14;
    if (dom == ARGO_DOMID_FIRST_RESERVED)
        return 15;
    return -1;
}

static int src_dom_sel(const struct encoder *e, uint16_t dom)
{
    if (dom < e->ndoms)
        return dom;
    if (dom == XEN_ARGO_DOMID_ANY)
        return 8;
    if (dom == e->ndoms)
        return 12;
    if (dom == 0x7fef)
        return 13;
    if (dom == ARGO_DOMID_FIRST_RESERVED)
        return 14;
    if (dom == 0xffff)
        return 15;
    return -1;
}

/* The ring RECENT(s) names, as trace_decode computes it. */
static struct trace_ring_name recent_ring(const struct encoder *e, uint8_t s)
{
    struct trace_ring_name none = { 0, 0, 0 };

    if (!e->nrecent)
        return none;
    return e->recent[(s % TRACE_BIN_RECENT_RINGS) % e->nrecent];
}

static void remember_ring(struct encoder *e, const struct trace_ring_name *r)
{
    for (uint32_t i = TRACE_BIN_RECENT_RINGS - 1; i > 0; i--)
        e->recent[i] = e->recent[i - 1];
    e->recent[0] = *r;
    if (e->nrecent < TRACE_BIN_RECENT_RINGS)
        e->nrecent++;
}

static bool same_ring(const struct trace_ring_name *a,
                      const struct trace_ring_name *b)
{
    return a->dom == b->dom && a->port == b->port && a->partner == b->partner;
}

/*
 * A ring named explicitly: byte A (DOM owner, PARTNER) and the port for
 * byte B's bits 0-1. Never a RECENT selector: a recent ring was registered
 * under an explicit name from these same selectors, so every ring RECENT
 * can name has an explicit form too.
 */
static int ring_fields(struct encoder *e, const struct trace_ring_name *r,
                       uint8_t *a, uint8_t *port)
{
    int owner = dom_sel(e, r->dom);
    int partner = partner_sel(e, r->partner);

    if (r->port > 3)
        return no_form_value(e, "port ", r->port, false, PORTS_HAVE);
    if (owner < 0)
        return no_form_dom(e, "ring owner ", r->dom, SET_DOM);
    if (partner < 0)
        return no_form_dom(e, "partner ", r->partner, SET_PARTNER);
    *a = (uint8_t)(owner | partner << 4);
    *port = (uint8_t)r->port;
    return 0;
}

/* ---- the prologue ---------------------------------------------------- */

/*
 * Byte P. n is as many domains as the trace starts with (up to 4): a
 * larger n only widens what every selector names, so no smaller n can
 * express a trace the largest cannot. *next is the first op after it.
 */
static int encode_prologue(struct encoder *e, uint32_t *next)
{
    const struct trace *t = e->t;
    uint32_t i = 0, n = 0, noargo = 0;
    uint8_t p = 0;

    e->op = &t->ops[0];
    if (e->op->kind == TRACE_OP_OPTION &&
        e->op->u.option.key == TRACE_OPTION_ABI)
        return no_form(e, "option abi=",
                       "the binary form is Argo's; V4V traces are text only");
    if (e->op->kind == TRACE_OP_OPTION) {
        if (!e->op->u.option.mac_permissive)
            return no_form(e, "mac_permissive=0",
                           "the prologue can only turn mac_permissive on");
        p |= 1u;
        i = 1;
    }
    while (n < MAX_PROLOGUE_DOMS && i + n < t->nops) {
        const struct trace_op *op = &t->ops[i + n];

        if (op->kind != TRACE_OP_DOMAIN || op->u.domain.dom != n)
            break;
        if (op->u.domain.noargo) {
            /* Domain 0 always has Argo; at most one other lacks it. */
            if (n == 0 || noargo)
                break;
            noargo = n;
        }
        n++;
    }
    if (n == 0) {
        e->op = &t->ops[i < t->nops ? i : i - 1];
        if (e->op->kind == TRACE_OP_DOMAIN && e->op->u.domain.dom == 0)
            return no_form(e, "domain 0 noargo",
                           "the prologue's domain 0 always has Argo");
        return no_form(e, "a trace that does not start with domain 0",
                       "the prologue is an optional option mac_permissive=1,"
                       " then domain 0 .. domain n-1, n <= 4");
    }
    p |= (uint8_t)((n - 1) << 1);
    if (noargo)
        p |= (uint8_t)(noargo << 3 | 0x20u);
    put(e, p);
    e->ndoms = (uint16_t)n;
    *next = i + n;
    return 0;
}

/* ---- register -------------------------------------------------------- */

/* Length class c and k (byte K's V) that give len. */
static bool register_len(uint32_t len, uint8_t *c, uint8_t *k)
{
    uint64_t pages = ((uint64_t)len + ARGO_RING_HEADER_SIZE) / 4096u;

    if (len >= 48 && (len - 48) % 16 == 0 && (len - 48) / 16 < 16) {
        *c = 0;
        *k = (uint8_t)((len - 48) / 16);
        return true;
    }
    if (len >= 48 && (len - 48) % 256 == 0 && (len - 48) / 256 < 16) {
        *c = 5;
        *k = (uint8_t)((len - 48) / 256);
        return true;
    }
    for (uint8_t i = 0; i < 16; i++) {
        if (trace_bin_len_edge[i] == len) {
            *c = 6;
            *k = i;
            return true;
        }
    }
    if (((uint64_t)len + ARGO_RING_HEADER_SIZE) % 4096u == 0 && pages >= 1 &&
        pages <= 16) {
        *c = 7;
        *k = (uint8_t)(pages - 1);
        return true;
    }
    return false;
}

/*
 * Byte X's page count: bits 0-2, and bits 6-7 when they index NPAGES_ODD
 * (*odd_bits is then 0..3, else -1: those bits are free).
 */
static bool register_npages(const struct trace_op *op, uint8_t *sel,
                            int *odd_bits)
{
    uint64_t needed = argo_ring_npages(op->u.reg.len);
    const uint64_t odd[4] = {
        0, needed + 1, needed + (1ull << 32), UINT64_MAX,
    };
    uint64_t npages = op->u.reg.npages;

    *odd_bits = -1;
    if (!op->u.reg.has_npages) {
        *sel = 0;
        return true;
    }
    /* Forms that leave bits 6-7 free come first. */
    if (npages == needed) {
        *sel = 4;
        return true;
    }
    if (npages == needed - 1) {
        *sel = 5;
        return true;
    }
    for (int j = 0; j < 4; j++) {
        if (odd[j] == npages) {
            *sel = 6;
            *odd_bits = j;
            return true;
        }
    }
    return false;
}

/* Flags bit 0 is fail_exist, which byte B carries; the rest needs byte X. */
static uint64_t flags_beyond_fail_exist(const struct trace_op *op)
{
    return op->u.reg.flags & ~(uint64_t)XEN_ARGO_REGISTER_FLAG_FAIL_EXIST;
}

#define NPAGES_HAVE "npages= is what len needs, one less, one more, " \
    "2^32 more, 0 or 2^64-1"
#define DAMAGE_HAVE "a register has at most one of flags=0x2 or " \
    "0x8000000000000000, pad=0x1 or 0x8000, gfn=bad"

/* Byte X: page count and damage; -1 once what has no form is reported. */
static int register_extras(struct encoder *e, uint8_t *x)
{
    const struct trace_op *op = e->op;
    uint64_t flags = flags_beyond_fail_exist(op);
    unsigned kinds = (flags != 0) + (op->u.reg.pad != 0) + op->u.reg.bad_gfn;
    uint8_t sel, damage = 0;
    int odd_bits, alt = -1;

    if (!register_npages(op, &sel, &odd_bits))
        return no_form_value(e, "npages=", op->u.reg.npages, false,
                             NPAGES_HAVE);
    if (kinds > 1)
        return no_form(e, "more than one of flags=, pad= and gfn=bad",
                       DAMAGE_HAVE);
    if (flags) {
        damage = 5;
        if (flags == 0x2u)
            alt = 0;
        else if (flags == 1ull << 63)
            alt = 1;
        else
            return no_form_value(e, "flags=", op->u.reg.flags, true,
                                 "flags are fail_exist plus 0x2 or "
                                 "0x8000000000000000");
    } else if (op->u.reg.pad) {
        damage = 6;
        if (op->u.reg.pad == 1)
            alt = 0;
        else if (op->u.reg.pad == 0x8000u)
            alt = 1;
        else
            return no_form_value(e, "pad=", op->u.reg.pad, true,
                                 "pad= is 0x1 or 0x8000");
    } else if (op->u.reg.bad_gfn) {
        damage = 7;
    }
    /* Bit 7 both picks the damage's value and indexes NPAGES_ODD. */
    if (alt >= 0 && odd_bits >= 0 && (odd_bits >> 1) != alt)
        return no_form_value(e, "npages=", op->u.reg.npages, false,
                             "with this flags= or pad=, npages= is what "
                             "len needs, one less, or one that shares "
                             "their bit 7");
    *x = (uint8_t)(sel | damage << 3);
    if (odd_bits >= 0)
        *x |= (uint8_t)(odd_bits << 6);
    else if (alt > 0)
        *x |= 0x80u;
    return 0;
}

static int encode_register(struct encoder *e)
{
    const struct trace_op *op = e->op;
    bool fail_exist = op->u.reg.fail_exist;
    bool extras = op->u.reg.has_npages || op->u.reg.bad_gfn ||
                  op->u.reg.pad || flags_beyond_fail_exist(op);
    uint8_t a, port, c, k, x = 0, o;

    if (fail_exist != ((op->u.reg.flags & 1u) != 0))
        return no_form(e, "fail_exist unlike bit 0 of flags",
                       "a parsed trace has them equal");
    if (ring_fields(e, &op->u.reg.ring, &a, &port))
        return -1;
    if (!register_len(op->u.reg.len, &c, &k))
        return no_form_value(e, "length ", op->u.reg.len, false,
                             "lengths are 48 + 16k or 48 + 256k (k < 16), "
                             "4096k - 64 (k <= 16) and LEN_EDGE");
    if (extras && register_extras(e, &x))
        return -1;
    o = extras ? (fail_exist ? 7 : 6) : (fail_exist ? 5 : 0);
    put(e, (uint8_t)(K_REGISTER | k << 4));
    put(e, a);
    put(e, (uint8_t)(port | c << 2 | o << 5));
    if (extras)
        put(e, x);
    remember_ring(e, &op->u.reg.ring);
    return 0;
}

/* ---- sendv ----------------------------------------------------------- */

#define FILL_HAVE "fill: lengths are 0..200, 201 + 16k (k < 256) and IOV_EDGE"

/* Bytes D and L (and what follows) of one iov. */
static int encode_iov(struct encoder *e, const struct trace_iov *iov)
{
    const struct trace *t = e->t;
    uint8_t class, l = 0, desc;
    int edge = -1;

    for (int i = 0; i < 8; i++)
        if (trace_bin_iov_edge[i] == iov->len)
            edge = i;
    switch (iov->kind) {
    case TRACE_IOV_HEX:
        if (iov->len >= TRACE_BIN_HEX_LEN_MOD)
            return no_form_value(e, "a hex: iov of ", iov->len, false,
                                 "hex: iovs have at most 63 bytes");
        if ((uint64_t)iov->hex_offset + iov->len > t->nbytes)
            return no_form(e, "a hex: iov outside the trace's bytes",
                           "not a parsed trace");
        if (iov->len > TRACE_DECODE_BYTES_CAP - e->nbytes)
            return no_form(e, "more hex bytes than the decoder keeps",
                           "at most TRACE_DECODE_BYTES_CAP in all");
        class = 4;
        l = (uint8_t)iov->len;
        break;
    case TRACE_IOV_FAULT:
        if (iov->len >= TRACE_BIN_SMALL_LEN_MOD)
            return no_form_value(e, "fault:", iov->len, false,
                                 "fault: lengths are 0..200");
        class = 6;
        l = (uint8_t)iov->len;
        break;
    case TRACE_IOV_FILL:
        if (iov->has_fill_byte) {
            if (iov->len >= TRACE_BIN_SMALL_LEN_MOD)
                return no_form_value(e, "fill:<len>:<byte> with len ",
                                     iov->len, false,
                                     "with a byte, lengths are 0..200");
            class = 3;
            l = (uint8_t)iov->len;
        } else if (iov->len < TRACE_BIN_SMALL_LEN_MOD) {
            class = 0;
            l = (uint8_t)iov->len;
        } else if ((iov->len - TRACE_BIN_SMALL_LEN_MOD) % 16 == 0 &&
                   (iov->len - TRACE_BIN_SMALL_LEN_MOD) / 16 < 256) {
            class = 7;
            l = (uint8_t)((iov->len - TRACE_BIN_SMALL_LEN_MOD) / 16);
        } else if (edge >= 0) {
            class = 5;
            l = (uint8_t)edge;
        } else {
            return no_form_value(e, "fill:", iov->len, false, FILL_HAVE);
        }
        break;
    default:
        return no_form(e, "an iov of unknown kind", "hex:, fill:, fault:");
    }
    desc = class;
    if (iov->pad == 1)
        desc |= 0x78u;
    else if (iov->pad == 0xffffffffu)
        desc |= 0xf8u;
    else if (iov->pad)
        return no_form_value(e, "an iov ,pad=", iov->pad, true,
                             ",pad= is 0x1 or 0xffffffff");
    put(e, desc);
    put(e, l);
    if (class == 3)
        put(e, iov->fill_byte);
    if (class == 4) {
        for (uint32_t i = 0; i < iov->len; i++)
            put(e, t->bytes[iov->hex_offset + i]);
        e->nbytes += iov->len;
    }
    return 0;
}

/*
 * Bytes A and B's bits 4-7 (t) and 2-3 for the sender and destination.
 * Explicit names (t 8-15) first; a recent ring (t 0-7) for the types only
 * it has, and for a sender only a ring's partner names (32752).
 */
static int sendv_address(struct encoder *e, uint8_t *a, uint8_t *b)
{
    const struct trace_op *op = e->op;
    uint32_t type = op->u.sendv.type;
    int sender = dom_sel(e, op->u.sendv.dom);
    int dst = dom_sel(e, op->u.sendv.dst_dom);
    bool typed = false;

    for (uint8_t t = 8; t < 16; t++) {
        if (trace_bin_type[t] != type)
            continue;
        typed = true;
        if (sender >= 0 && dst >= 0 && op->u.sendv.dst_port <= 3) {
            *a = (uint8_t)(sender | dst << 4);
            *b = (uint8_t)(op->u.sendv.dst_port << 2 | t << 4);
            return 0;
        }
    }
    for (uint8_t t = 0; t < 8; t++) {
        struct trace_ring_name r = recent_ring(e, t);

        if (trace_bin_type[t] != type)
            continue;
        typed = true;
        if (r.dom != op->u.sendv.dst_dom || r.port != op->u.sendv.dst_port)
            continue;
        if (r.partner != XEN_ARGO_DOMID_ANY) {
            if (r.partner != op->u.sendv.dom)
                continue;
            *a = 0;
        } else if (sender >= 0) {
            *a = (uint8_t)sender;
        } else {
            continue;
        }
        *b = (uint8_t)(t << 4);
        return 0;
    }
    if (!typed)
        return no_form_value(e, "type=", type, false,
                             "types are 0, 1, 2, 2147483647, 2147483648 "
                             "and 4294967295");
    if (type == 1 || type == 0xffffffffu)
        return no_form_value(e, "type=", type, false,
                             "types 1 and 4294967295 go only to a recent "
                             "ring (RECENT(6) or RECENT(7)), from its "
                             "partner unless it is any");
    if (op->u.sendv.dst_port > 3)
        return no_form_value(e, "dst_port ", op->u.sendv.dst_port, false,
                             PORTS_HAVE);
    if (dst < 0)
        return no_form_dom(e, "dst_dom ", op->u.sendv.dst_dom, SET_DOM);
    return no_form_dom(e, "sender ", op->u.sendv.dom, SET_DOM);
}

/* Byte X of a sendv and the bytes it announces; *need says if it is due. */
static int sendv_extras(struct encoder *e, bool *need, uint8_t x[3],
                        unsigned *nx)
{
    const struct trace_op *op = e->op;
    uint64_t count = op->u.sendv.iov_count;
    const uint64_t niov[8] = {
        9, count, count + 1, 8, 0, 16, (1ull << 32) + 1, UINT64_MAX,
    };
    uint8_t pads = 0;

    *nx = 1;
    x[0] = 0;
    if (op->u.sendv.src_pad && op->u.sendv.dst_pad)
        return no_form(e, "both src_pad= and dst_pad=",
                       "a sendv has at most one of src_pad=0x1 and "
                       "dst_pad=0x1");
    if (op->u.sendv.src_pad) {
        if (op->u.sendv.src_pad != 1)
            return no_form_value(e, "src_pad=", op->u.sendv.src_pad, true,
                                 "src_pad= is 0x1");
        pads = 6;
    }
    if (op->u.sendv.dst_pad) {
        if (op->u.sendv.dst_pad != 1)
            return no_form_value(e, "dst_pad=", op->u.sendv.dst_pad, true,
                                 "dst_pad= is 0x1");
        pads = 7;
    }
    x[0] = (uint8_t)(pads << 4);
    if (op->u.sendv.has_src_dom) {
        int s = src_dom_sel(e, op->u.sendv.src_dom);

        if (s < 0)
            return no_form_dom(e, "src_dom=", op->u.sendv.src_dom,
                               SET_SRC_DOM);
        x[0] |= 0x03u;
        x[(*nx)++] = (uint8_t)s;
    }
    if (op->u.sendv.has_niov) {
        int j = -1;

        for (int i = 7; i >= 0; i--)
            if (niov[i] == op->u.sendv.niov)
                j = i;
        if (j < 0)
            return no_form_value(e, "niov=", op->u.sendv.niov, false,
                                 "niov= is the iovs listed, one more, 0, 8, "
                                 "9, 16, 2^32+1 or 2^64-1");
        x[0] |= 0x0cu;
        x[(*nx)++] = (uint8_t)j;
    }
    *need = x[0] != 0;
    return 0;
}

static int encode_sendv(struct encoder *e)
{
    const struct trace_op *op = e->op;
    uint8_t a = 0, b = 0, x[3], v;
    unsigned nx = 0;
    bool extras = false;
    int idx = -1;

    if (op->u.sendv.src_port > 3)
        return no_form_value(e, "src_port ", op->u.sendv.src_port, false,
                             PORTS_HAVE);
    for (int i = 7; i >= 0; i--)
        if (trace_bin_iov_count[i] == op->u.sendv.iov_count)
            idx = i;
    if (idx < 0)
        return no_form_count(e, op->u.sendv.iov_count, "iovs",
                             "a sendv lists 0 to 4");
    if (sendv_address(e, &a, &b) || sendv_extras(e, &extras, x, &nx))
        return -1;
    v = (uint8_t)(idx | (extras ? 8 : 0));
    put(e, (uint8_t)(K_SENDV | v << 4));
    put(e, a);
    put(e, (uint8_t)(b | op->u.sendv.src_port));
    for (unsigned i = 0; extras && i < nx; i++)
        put(e, x[i]);
    for (uint8_t i = 0; i < op->u.sendv.iov_count; i++)
        if (encode_iov(e, &op->u.sendv.iovs[i]))
            return -1;
    return 0;
}

/* ---- consume, unregister, set_rx, set_tx ----------------------------- */

static int encode_consume(struct encoder *e)
{
    const struct trace_op *op = e->op;
    uint32_t count = op->u.consume.count;
    uint8_t a, port, class, m = 0;

    if (ring_fields(e, &op->u.consume.ring, &a, &port))
        return -1;
    if (op->u.consume.all)
        class = 4;
    else if (count == 1)
        class = 0;
    else if (count == 0)
        class = 6;
    else if (count == 0xffffffffu)
        class = 7;
    else if (count >= 2 && count <= 9)
        class = 3, m = (uint8_t)(count - 2);
    else
        return no_form_value(e, "count ", count, false,
                             "counts are 0..9, 4294967295 and all");
    put(e, K_CONSUME);
    put(e, a);
    put(e, (uint8_t)(port | class << 2 | m << 5));
    return 0;
}

static int encode_unregister(struct encoder *e)
{
    const struct trace_op *op = e->op;
    uint8_t a, port, b;

    if (ring_fields(e, &op->u.unreg.ring, &a, &port))
        return -1;
    b = port;
    if (op->u.unreg.pad == 1)
        b |= 0x1cu;
    else if (op->u.unreg.pad == 0xffffu)
        b |= 0x3cu;
    else if (op->u.unreg.pad)
        return no_form_value(e, "pad=", op->u.unreg.pad, true,
                             "pad= is 0x1 or 0xffff");
    put(e, K_UNREGISTER);
    put(e, a);
    put(e, b);
    return 0;
}

/* Every 32-bit value has a form: class 7 carries it whole. */
static int encode_set_index(struct encoder *e)
{
    const struct trace_op *op = e->op;
    uint32_t value = op->u.set_index.value;
    uint8_t a, port, class = 7, m = 0, c = 0;

    if (ring_fields(e, &op->u.set_index.ring, &a, &port))
        return -1;
    if (value < 256) {
        class = 5;
        c = (uint8_t)value;
    } else if (value % 16 == 0 && value / 16 < 32) {
        class = 0;
        c = (uint8_t)(value / 16);
    } else if (value % 16 >= 1 && value % 16 <= 8 && value / 16 < 32) {
        class = 4;
        c = (uint8_t)(value / 16);
        m = (uint8_t)(value % 16 - 1);
    } else {
        for (uint8_t i = 0; i < 8; i++)
            if (trace_bin_index_edge[i] == value)
                class = 6, m = i;
    }
    put(e, op->kind == TRACE_OP_SET_RX ? K_SET_RX : K_SET_TX);
    put(e, a);
    put(e, (uint8_t)(port | class << 2 | m << 5));
    put(e, c);
    if (class == 7)
        for (unsigned i = 0; i < 4; i++)
            put(e, (uint8_t)(value >> (8 * i)));
    return 0;
}

/* ---- notify ---------------------------------------------------------- */

#define SPACE_HAVE "space_required is 0..255, 16k or 257k (k < 256) " \
    "and SPACE_EDGE"

/* Bytes E and F of one entry, named explicitly (V bit 3 clear). */
static int encode_notify_ent(struct encoder *e,
                             const struct trace_notify_ent *ent)
{
    uint32_t space = ent->space_required;
    int dom = dom_sel(e, ent->dom);
    uint8_t s, f = 0;

    if (ent->port > 3)
        return no_form_value(e, "entry port ", ent->port, false, PORTS_HAVE);
    if (dom < 0)
        return no_form_dom(e, "entry domain ", ent->dom, SET_DOM);
    if (space < 256) {
        s = 0;
        f = (uint8_t)space;
    } else if (space % 16 == 0 && space / 16 < 256) {
        s = 1;
        f = (uint8_t)(space / 16);
    } else if (space % 257 == 0 && space / 257 < 256) {
        s = 3;
        f = (uint8_t)(space / 257);
    } else {
        s = 4;
        for (uint8_t i = 0; i < 8; i++)
            if (trace_bin_space_edge[i] == space)
                s = 2, f = i;
        if (s == 4)
            return no_form_value(e, "space_required ", space, false,
                                 SPACE_HAVE);
    }
    put(e, (uint8_t)(dom | ent->port << 4 | s << 6));
    put(e, f);
    return 0;
}

static int encode_notify(struct encoder *e)
{
    const struct trace_op *op = e->op;
    const struct trace *t = e->t;
    int caller = dom_sel(e, op->u.notify.dom);
    uint32_t nent = op->u.notify.nent;
    uint8_t m, more = 0;
    bool has_more = false;

    if (caller < 0)
        return no_form_dom(e, "caller ", op->u.notify.dom, SET_DOM);
    switch (op->u.notify.mode) {
    case TRACE_NOTIFY_NULL:
        m = 0;
        break;
    case TRACE_NOTIFY_NENT:
        has_more = true;
        if (nent < 256) {
            m = 15;
            more = (uint8_t)nent;
        } else if (nent == trace_bin_nent_edge[0] || nent == trace_bin_nent_edge[1]) {
            m = 14;
            more = nent == trace_bin_nent_edge[0] ? 0 : 1;
        } else {
            return no_form_value(e, "nent=", nent, false,
                                 "nent= is 0..257");
        }
        break;
    case TRACE_NOTIFY_LIST:
        if (nent < 1 || nent > MAX_LISTED_ENTS)
            return no_form_count(e, nent, "entries",
                                 "a notify lists 1 to 4");
        if ((uint64_t)op->u.notify.first_ent + nent > t->nents)
            return no_form(e, "entries outside the trace's entries",
                           "not a parsed trace");
        if (nent > TRACE_DECODE_ENTS_CAP - e->nents)
            return no_form(e, "more notify entries than the decoder keeps",
                           "at most TRACE_DECODE_ENTS_CAP in all");
        m = (uint8_t)(4 + nent - 1);
        break;
    default:
        return no_form(e, "an unknown notify mode", "null, nent=, entries");
    }
    put(e, K_NOTIFY);
    put(e, (uint8_t)(caller | m << 4));
    if (has_more)
        put(e, more);
    if (op->u.notify.mode == TRACE_NOTIFY_LIST) {
        for (uint32_t i = 0; i < nent; i++)
            if (encode_notify_ent(e, &t->ents[op->u.notify.first_ent + i]))
                return -1;
        e->nents += nent;
    }
    return 0;
}

/* ---- domain, destroy ------------------------------------------------- */

/* V bit 3 stays clear: an explicit LIFE id is never the re-create form. */
static int encode_lifecycle(struct encoder *e)
{
    const struct trace_op *op = e->op;
    bool create = op->kind == TRACE_OP_DOMAIN;
    uint16_t dom = create ? op->u.domain.dom : op->u.destroy.dom;
    uint8_t a;

    if (dom <= e->ndoms)
        a = (uint8_t)dom;
    else if (dom == 0x7fef)
        a = 14;
    else if (dom >= LIFE_BYTE_FIRST && dom <= LIFE_BYTE_LAST)
        a = 15;
    else
        return no_form_dom(e, "domain ", dom, SET_LIFE);
    if (create && op->u.domain.noargo)
        a |= 0x30u;
    put(e, (uint8_t)(K_LIFECYCLE | (create ? 1u : 0u) << 4));
    put(e, a);
    if ((a & 0xfu) == 15)
        put(e, (uint8_t)(dom - LIFE_BYTE_FIRST));
    return 0;
}

static int encode_op(struct encoder *e)
{
    switch (e->op->kind) {
    case TRACE_OP_OPTION:
        return no_form(e, "an option after the first operation",
                       "only the prologue sets an option, "
                       "mac_permissive=1, before the domains");
    case TRACE_OP_DOMAIN:
    case TRACE_OP_DESTROY:
        return encode_lifecycle(e);
    case TRACE_OP_REGISTER:
        return encode_register(e);
    case TRACE_OP_UNREGISTER:
        return encode_unregister(e);
    case TRACE_OP_SENDV:
        return encode_sendv(e);
    case TRACE_OP_CONSUME:
        return encode_consume(e);
    case TRACE_OP_SET_RX:
    case TRACE_OP_SET_TX:
        return encode_set_index(e);
    case TRACE_OP_NOTIFY:
        return encode_notify(e);
    default:
        return no_form(e, "an operation of unknown kind",
                       "not a parsed trace");
    }
}

/* ---- the round trip -------------------------------------------------- */

/* The first field in which a and b differ, or NULL. */
static const char *ring_diff(const struct trace_ring_name *a,
                             const struct trace_ring_name *b)
{
    return same_ring(a, b) ? NULL : "ring";
}

static const char *iov_diff(const struct trace *ta, const struct trace_iov *a,
                            const struct trace *tb, const struct trace_iov *b)
{
    if (a->kind != b->kind || a->len != b->len || a->pad != b->pad ||
        a->has_fill_byte != b->has_fill_byte || a->fill_byte != b->fill_byte)
        return "iov";
    if (a->kind != TRACE_IOV_HEX)
        return NULL;
    if ((uint64_t)a->hex_offset + a->len > ta->nbytes ||
        (uint64_t)b->hex_offset + b->len > tb->nbytes)
        return "hex payload";
    /* No pointer arithmetic on a NULL bytes array of capacity 0. */
    if (a->len && memcmp(ta->bytes + a->hex_offset, tb->bytes + b->hex_offset,
                         a->len))
        return "hex payload";
    return NULL;
}

static const char *sendv_diff(const struct trace *ta, const struct trace_op *a,
                              const struct trace *tb, const struct trace_op *b)
{
    if (a->u.sendv.dom != b->u.sendv.dom ||
        a->u.sendv.src_port != b->u.sendv.src_port ||
        a->u.sendv.dst_dom != b->u.sendv.dst_dom ||
        a->u.sendv.dst_port != b->u.sendv.dst_port)
        return "address";
    if (a->u.sendv.type != b->u.sendv.type)
        return "type";
    if (a->u.sendv.has_src_dom != b->u.sendv.has_src_dom ||
        a->u.sendv.src_dom != b->u.sendv.src_dom)
        return "src_dom";
    if (a->u.sendv.src_pad != b->u.sendv.src_pad ||
        a->u.sendv.dst_pad != b->u.sendv.dst_pad)
        return "pads";
    if (a->u.sendv.has_niov != b->u.sendv.has_niov ||
        a->u.sendv.niov != b->u.sendv.niov)
        return "niov";
    if (a->u.sendv.iov_count != b->u.sendv.iov_count ||
        a->u.sendv.iov_count > TRACE_MAX_IOVS)
        return "iov count";
    for (uint8_t i = 0; i < a->u.sendv.iov_count; i++) {
        const char *d = iov_diff(ta, &a->u.sendv.iovs[i], tb,
                                 &b->u.sendv.iovs[i]);
        if (d)
            return d;
    }
    return NULL;
}

static const char *notify_diff(const struct trace *ta, const struct trace_op *a,
                               const struct trace *tb, const struct trace_op *b)
{
    if (a->u.notify.dom != b->u.notify.dom ||
        a->u.notify.mode != b->u.notify.mode ||
        a->u.notify.nent != b->u.notify.nent)
        return "notify";
    if (a->u.notify.mode != TRACE_NOTIFY_LIST)
        return NULL;
    if ((uint64_t)a->u.notify.first_ent + a->u.notify.nent > ta->nents ||
        (uint64_t)b->u.notify.first_ent + b->u.notify.nent > tb->nents)
        return "notify entries";
    for (uint32_t i = 0; i < a->u.notify.nent; i++) {
        const struct trace_notify_ent *x = &ta->ents[a->u.notify.first_ent + i];
        const struct trace_notify_ent *y = &tb->ents[b->u.notify.first_ent + i];

        if (x->dom != y->dom || x->port != y->port ||
            x->space_required != y->space_required)
            return "notify entry";
    }
    return NULL;
}

static const char *op_diff(const struct trace *ta, const struct trace_op *a,
                           const struct trace *tb, const struct trace_op *b)
{
    if (a->kind != b->kind)
        return "kind";
    switch (a->kind) {
    case TRACE_OP_OPTION:
        return a->u.option.key == b->u.option.key &&
               a->u.option.mac_permissive == b->u.option.mac_permissive &&
               a->u.option.abi == b->u.option.abi ? NULL : "option";
    case TRACE_OP_DOMAIN:
        return a->u.domain.dom == b->u.domain.dom &&
               a->u.domain.noargo == b->u.domain.noargo ? NULL : "domain";
    case TRACE_OP_DESTROY:
        return a->u.destroy.dom == b->u.destroy.dom ? NULL : "domain";
    case TRACE_OP_REGISTER:
        if (a->u.reg.len != b->u.reg.len ||
            a->u.reg.fail_exist != b->u.reg.fail_exist ||
            a->u.reg.has_npages != b->u.reg.has_npages ||
            a->u.reg.npages != b->u.reg.npages ||
            a->u.reg.flags != b->u.reg.flags || a->u.reg.pad != b->u.reg.pad ||
            a->u.reg.bad_gfn != b->u.reg.bad_gfn)
            return "register arguments";
        return ring_diff(&a->u.reg.ring, &b->u.reg.ring);
    case TRACE_OP_UNREGISTER:
        if (a->u.unreg.pad != b->u.unreg.pad)
            return "pad";
        return ring_diff(&a->u.unreg.ring, &b->u.unreg.ring);
    case TRACE_OP_SENDV:
        return sendv_diff(ta, a, tb, b);
    case TRACE_OP_CONSUME:
        if (a->u.consume.all != b->u.consume.all ||
            a->u.consume.count != b->u.consume.count)
            return "count";
        return ring_diff(&a->u.consume.ring, &b->u.consume.ring);
    case TRACE_OP_SET_RX:
    case TRACE_OP_SET_TX:
        if (a->u.set_index.value != b->u.set_index.value)
            return "value";
        return ring_diff(&a->u.set_index.ring, &b->u.set_index.ring);
    case TRACE_OP_NOTIFY:
        return notify_diff(ta, a, tb, b);
    default:
        return "kind";
    }
}

/* Decode the bytes as a fuzz target would and insist on t's operations. */
static int verify(struct encoder *e, struct trace *check)
{
    const struct trace *t = e->t;
    struct trace d = *check;
    struct text_buf tb;
    uint32_t i;

    d.ops_cap = TRACE_DECODE_OPS_CAP;
    d.bytes_cap = TRACE_DECODE_BYTES_CAP;
    d.ents_cap = TRACE_DECODE_ENTS_CAP;
    trace_decode(e->out, e->len, &d);
    check->nops = d.nops;
    check->nbytes = d.nbytes;
    check->nents = d.nents;
    for (i = 0; i < t->nops && i < d.nops; i++) {
        const char *what = op_diff(t, &t->ops[i], &d, &d.ops[i]);

        if (what) {
            e->op = &t->ops[i];
            tb = fail_begin(e);
            tb_str(&tb, "the encoding decodes differently (");
            tb_str(&tb, what);
            tb_str(&tb, "); trace_encode disagrees with trace_decode");
            return -1;
        }
    }
    if (d.nops != t->nops) {
        e->op = i < t->nops ? &t->ops[i] : NULL;
        tb = fail_begin(e);
        tb_str(&tb, "the encoding decodes to ");
        tb_u64(&tb, d.nops);
        tb_str(&tb, " operations instead of ");
        tb_u64(&tb, t->nops);
        tb_str(&tb, "; trace_encode disagrees with trace_decode");
        return -1;
    }
    return 0;
}

int trace_encode(const struct trace *t, uint8_t *out, size_t cap, size_t *len,
                 struct trace *check, struct trace_error *err)
{
    struct encoder e;
    struct text_buf tb;
    uint32_t i = 0;

    memset(&e, 0, sizeof(e));
    e.t = t;
    e.out = out;
    e.cap = out ? cap : 0;
    e.err = err;
    err->line = 0;
    err->msg[0] = '\0';
    *len = 0;

    if (check->ops_cap < TRACE_DECODE_OPS_CAP ||
        check->bytes_cap < TRACE_DECODE_BYTES_CAP ||
        check->ents_cap < TRACE_DECODE_ENTS_CAP) {
        tb = fail_begin(&e);
        tb_str(&tb, "the check trace needs the TRACE_DECODE_* capacities");
        return -1;
    }
    if (!t->nops)
        return no_form(&e, "an empty trace",
                       "the prologue always creates domain 0");
    if (encode_prologue(&e, &i))
        return -1;
    for (; i < t->nops; i++) {
        e.op = &t->ops[i];
        if (i >= TRACE_DECODE_OPS_CAP)
            return no_form_value(&e, "operation number ", i + 1, false,
                                 "the decoder keeps at most "
                                 "TRACE_DECODE_OPS_CAP = 1024");
        if (encode_op(&e))
            return -1;
    }
    *len = e.len;
    if (e.len > e.cap) {
        e.op = NULL;
        tb = fail_begin(&e);
        tb_str(&tb, "the binary form takes ");
        tb_u64(&tb, e.len);
        tb_str(&tb, " bytes, more than the ");
        tb_u64(&tb, e.cap);
        tb_str(&tb, " given");
        return -1;
    }
    return verify(&e, check);
}
