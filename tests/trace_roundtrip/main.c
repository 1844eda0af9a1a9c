/* SPDX-License-Identifier: MIT */
/* Description: parse(print(t)) == t, for written and for decoded traces. */
#include <inttypes.h>
#include <stdlib.h>

#include "check.h"
#include "trace_fixture.h"
#include "test_rng.h"
#include "trace/trace.h"

#define RANDOM_INPUTS   20000u
#define OPS_CAP         4096u
#define BYTES_CAP       (1u << 20)
#define ENTS_CAP        16384u

/* ---- storage --------------------------------------------------------- */

/* ---- text output ----------------------------------------------------- */

struct sink {
    char *buf;
    size_t len, cap;
    unsigned calls;
};

static int sink_write(void *ctx, const char *s, size_t n)
{
    struct sink *k = ctx;

    k->calls++;
    if (k->len + n + 1 > k->cap) {
        k->cap = (k->len + n + 1) * 2;
        k->buf = realloc(k->buf, k->cap);
        if (!k->buf) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    k->buf[k->len] = '\0';
    return 0;
}

static void sink_reset(struct sink *k)
{
    k->len = 0;
    k->calls = 0;
    if (k->buf)
        k->buf[0] = '\0';
}

/* print(t) into k; false (reported) if the printer failed. */
static bool print_to(const struct trace *t, struct sink *k)
{
    sink_reset(k);
    if (!CHECK_EQ_I64(trace_print(t, sink_write, k), 0))
        return false;
    if (!k->buf)
        sink_write(k, "", 0);
    return true;
}

/* One op of t as text, for failure reports. */
static void report_op(const char *label, const struct trace *t, uint32_t i)
{
    struct trace one = *t;
    struct sink k = { 0 };

    one.ops = &t->ops[i];
    one.nops = 1;
    trace_print(&one, sink_write, &k);
    fprintf(stderr, "    %s op %u (line %u): %s", label, i, t->ops[i].line,
            k.buf ? k.buf : "(nothing)\n");
    free(k.buf);
}

/* ---- field-by-field comparison --------------------------------------- */

/* Names the first differing field and both values in why. */
#define SAME(field)                                                          \
    do {                                                                     \
        uint64_t va_ = (uint64_t)(a->field), vb_ = (uint64_t)(b->field);     \
        if (va_ != vb_) {                                                    \
            snprintf(why, why_len, "%s: %" PRIu64 " != %" PRIu64, #field,    \
                     va_, vb_);                                              \
            return false;                                                    \
        }                                                                    \
    } while (0)

static bool ring_equal(const struct trace_ring_name *a,
                       const struct trace_ring_name *b, char *why,
                       size_t why_len)
{
    SAME(dom);
    SAME(port);
    SAME(partner);
    return true;
}

static bool iov_equal(const struct trace *ta, const struct trace_iov *a,
                      const struct trace *tb, const struct trace_iov *b,
                      char *why, size_t why_len)
{
    SAME(kind);
    SAME(has_fill_byte);
    SAME(fill_byte);
    SAME(len);
    SAME(pad);
    SAME(hex_offset);
    if (a->kind != TRACE_IOV_HEX)
        return true;
    if ((uint64_t)a->hex_offset + a->len > ta->nbytes ||
        (uint64_t)b->hex_offset + b->len > tb->nbytes) {
        snprintf(why, why_len, "hex payload outside the trace's bytes");
        return false;
    }
    if (memcmp(ta->bytes + a->hex_offset, tb->bytes + b->hex_offset,
               a->len)) {
        snprintf(why, why_len, "hex payload bytes differ");
        return false;
    }
    return true;
}

static bool ent_equal(const struct trace_notify_ent *a,
                      const struct trace_notify_ent *b, char *why,
                      size_t why_len)
{
    SAME(dom);
    SAME(port);
    SAME(space_required);
    return true;
}

static bool sendv_equal(const struct trace *ta, const struct trace_op *a,
                        const struct trace *tb, const struct trace_op *b,
                        char *why, size_t why_len)
{
    SAME(u.sendv.dom);
    SAME(u.sendv.src_port);
    SAME(u.sendv.dst_dom);
    SAME(u.sendv.dst_port);
    SAME(u.sendv.type);
    SAME(u.sendv.has_src_dom);
    SAME(u.sendv.src_dom);
    SAME(u.sendv.src_pad);
    SAME(u.sendv.dst_pad);
    SAME(u.sendv.has_niov);
    SAME(u.sendv.niov);
    SAME(u.sendv.iov_count);
    for (unsigned i = 0; i < a->u.sendv.iov_count && i < TRACE_MAX_IOVS; i++) {
        if (!iov_equal(ta, &a->u.sendv.iovs[i], tb, &b->u.sendv.iovs[i], why,
                       why_len))
            return false;
    }
    return true;
}

static bool notify_equal(const struct trace *ta, const struct trace_op *a,
                         const struct trace *tb, const struct trace_op *b,
                         char *why, size_t why_len)
{
    SAME(u.notify.dom);
    SAME(u.notify.mode);
    SAME(u.notify.nent);
    SAME(u.notify.first_ent);
    if (a->u.notify.mode != TRACE_NOTIFY_LIST)
        return true;
    if ((uint64_t)a->u.notify.first_ent + a->u.notify.nent > ta->nents ||
        (uint64_t)b->u.notify.first_ent + b->u.notify.nent > tb->nents) {
        snprintf(why, why_len, "notify entries outside the trace's ents");
        return false;
    }
    for (uint32_t i = 0; i < a->u.notify.nent; i++) {
        if (!ent_equal(&ta->ents[a->u.notify.first_ent + i],
                       &tb->ents[b->u.notify.first_ent + i], why, why_len))
            return false;
    }
    return true;
}

/* Every field of the two ops but line. */
static bool op_equal(const struct trace *ta, const struct trace_op *a,
                     const struct trace *tb, const struct trace_op *b,
                     char *why, size_t why_len)
{
    SAME(kind);
    switch (a->kind) {
    case TRACE_OP_OPTION:
        SAME(u.option.mac_permissive);
        return true;
    case TRACE_OP_DOMAIN:
        SAME(u.domain.dom);
        SAME(u.domain.noargo);
        return true;
    case TRACE_OP_DESTROY:
        SAME(u.destroy.dom);
        return true;
    case TRACE_OP_REGISTER:
        SAME(u.reg.len);
        SAME(u.reg.fail_exist);
        SAME(u.reg.has_npages);
        SAME(u.reg.npages);
        SAME(u.reg.flags);
        SAME(u.reg.pad);
        SAME(u.reg.bad_gfn);
        return ring_equal(&a->u.reg.ring, &b->u.reg.ring, why, why_len);
    case TRACE_OP_UNREGISTER:
        SAME(u.unreg.pad);
        return ring_equal(&a->u.unreg.ring, &b->u.unreg.ring, why, why_len);
    case TRACE_OP_SENDV:
        return sendv_equal(ta, a, tb, b, why, why_len);
    case TRACE_OP_CONSUME:
        SAME(u.consume.all);
        SAME(u.consume.count);
        return ring_equal(&a->u.consume.ring, &b->u.consume.ring, why,
                          why_len);
    case TRACE_OP_SET_RX:
    case TRACE_OP_SET_TX:
        SAME(u.set_index.value);
        return ring_equal(&a->u.set_index.ring, &b->u.set_index.ring, why,
                          why_len);
    case TRACE_OP_NOTIFY:
        return notify_equal(ta, a, tb, b, why, why_len);
    default:
        snprintf(why, why_len, "unknown kind %u", a->kind);
        return false;
    }
}

/* CHECKs a and b hold the same ops, lines aside; reports the first change. */
static bool traces_equal(const char *what, const struct trace *a,
                         const struct trace *b)
{
    char why[160];

    if (!CHECK_EQ_U64(a->nops, b->nops)) {
        fprintf(stderr, "    in %s\n", what);
        return false;
    }
    for (uint32_t i = 0; i < a->nops; i++) {
        if (!op_equal(a, &a->ops[i], b, &b->ops[i], why, sizeof(why))) {
            CHECK(!"ops equal");
            fprintf(stderr, "    in %s: op %u differs in %s\n", what, i, why);
            report_op("first ", a, i);
            report_op("second", b, i);
            return false;
        }
    }
    return true;
}

/* ---- parse -> print -> parse ----------------------------------------- */

static const char handwritten[] =
    "# every kind and every option, spelled loosely\n"
    "option mac_permissive=0x1\n"
    "option mac_permissive=0\n"
    "domain 0\n"
    "domain 0x7fef noargo   # the largest id\n"
    "destroy 32751\r\n"
    "\n"
    "register 0 0 any 64\n"
    "register 1 4294967295 2 0x40 gfn=bad pad=7 flags=0x3 npages=2\n"
    "register 1 1 1 48 fail_exist flags=0x10\n"
    "register 65535 0 32756 4032 npages=0 pad=0xffff\n"
    "register 2 3 4 49 flags=0x8000000000000001\n"
    "unregister 1 1 1 pad=0x10\n"
    "unregister 0 0 any\n"
    "sendv 0 1 1:2\n"
    "sendv 0 1 1:2 type=7 src_dom=any src_pad=1 dst_pad=2 niov=9 "
    "hex:DEADbeef fill:300 fill:5:0x41 fault:16,pad=0x8 hex:\n"
    "sendv 1 2 0:0 niov=18446744073709551615 src_dom=32756 hex:00,pad=0\n"
    "sendv\t3\t4\t5:6\tsrc_dom=3\tfill:0,pad=4294967295\n"
    "consume 0 0 any\n"
    "consume 0 0 any 1\n"
    "consume 0 0 any 0\n"
    "consume 0 0 any all\n"
    "consume 0 0 any 4294967295\n"
    "set_rx 0 0 any 0x10\n"
    "set_tx 0 0 any 4294967295\n"
    "notify 0\n"
    "notify 0 null\n"
    "notify 0 nent=257\n"
    "notify 0 nent=0\n"
    "notify 0 1:0:16 0:0:0 65535:4294967295:4294967295\n";

static const char canonical[] =
    "option mac_permissive=1\n"
    "option mac_permissive=0\n"
    "domain 0\n"
    "domain 32751 noargo\n"
    "destroy 32751\n"
    "register 0 0 any 64\n"
    "register 1 4294967295 2 64 fail_exist npages=2 flags=0x2 pad=0x7 "
    "gfn=bad\n"
    "register 1 1 1 48 fail_exist flags=0x10\n"
    "register 65535 0 any 4032 npages=0 pad=0xffff\n"
    "register 2 3 4 49 fail_exist flags=0x8000000000000000\n"
    "unregister 1 1 1 pad=0x10\n"
    "unregister 0 0 any\n"
    "sendv 0 1 1:2\n"
    "sendv 0 1 1:2 type=7 src_dom=any src_pad=0x1 dst_pad=0x2 niov=9 "
    "hex:deadbeef fill:300 fill:5:65 fault:16,pad=0x8 hex:\n"
    "sendv 1 2 0:0 src_dom=any niov=18446744073709551615 hex:00\n"
    "sendv 3 4 5:6 src_dom=3 fill:0,pad=0xffffffff\n"
    "consume 0 0 any\n"
    "consume 0 0 any\n"
    "consume 0 0 any 0\n"
    "consume 0 0 any all\n"
    "consume 0 0 any 4294967295\n"
    "set_rx 0 0 any 16\n"
    "set_tx 0 0 any 4294967295\n"
    "notify 0\n"
    "notify 0\n"
    "notify 0 nent=257\n"
    "notify 0 nent=0\n"
    "notify 0 1:0:16 0:0:0 65535:4294967295:4294967295\n";

static bool parse_text(const char *what, const char *text, size_t len,
                       struct trace *t)
{
    struct trace_error err;

    if (!CHECK_EQ_I64(trace_parse(text, len, t, &err), 0)) {
        fprintf(stderr, "    %s: line %u: %s\n", what, err.line, err.msg);
        return false;
    }
    return true;
}

static void test_handwritten(void)
{
    struct trace first, second;
    struct sink k = { 0 };

    trace_fx_alloc(&first, 64, 256, 64);
    trace_fx_alloc(&second, 64, 256, 64);
    if (parse_text("handwritten", handwritten, strlen(handwritten), &first) &&
        print_to(&first, &k) && CHECK_EQ_STR(k.buf, canonical) &&
        parse_text("printed", k.buf, k.len, &second)) {
        traces_equal("handwritten vs printed", &first, &second);
        /* Canonical text is a fixed point. */
        if (print_to(&second, &k))
            CHECK_EQ_STR(k.buf, canonical);
    }
    free(k.buf);
    trace_fx_free(&first);
    trace_fx_free(&second);
}

/* A writer that refuses stops the printer, which returns its result. */
static int refusing_write(void *ctx, const char *s, size_t n)
{
    (void)s;
    (void)n;
    ++*(unsigned *)ctx;
    return 7;
}

static void test_writer_refusal(void)
{
    struct trace t;
    unsigned calls = 0;

    trace_fx_alloc(&t, 64, 256, 64);
    if (parse_text("handwritten", handwritten, strlen(handwritten), &t)) {
        CHECK_EQ_I64(trace_print(&t, refusing_write, &calls), 7);
        CHECK_EQ_U64(calls, 1);
    }
    trace_fx_free(&t);
}

/* ---- decode ---------------------------------------------------------- */

/* Mostly short inputs, as a fuzzer's are; sometimes long ones. */
static size_t random_input(uint8_t *buf, size_t cap)
{
    size_t len = test_rng() % 8 ? test_rng() % 257 : test_rng() % cap;

    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)test_rng();
    return len;
}

/* What the text format would refuse; NULL if op is fine. */
static const char *decoded_op_problem(const struct trace_op *op, uint32_t i)
{
    if (op->line != i + 1)
        return "line is not the op's 1-based index";
    if (op->kind >= TRACE_OP_KIND_COUNT)
        return "unknown kind";
    if (op->kind == TRACE_OP_DOMAIN && op->u.domain.dom >= 0x7ff0)
        return "domain id >= 0x7ff0";
    if (op->kind == TRACE_OP_DESTROY && op->u.destroy.dom >= 0x7ff0)
        return "destroy id >= 0x7ff0";
    if (op->kind == TRACE_OP_REGISTER &&
        op->u.reg.fail_exist != ((op->u.reg.flags & 1) != 0))
        return "fail_exist disagrees with flags bit 0";
    if (op->kind == TRACE_OP_SENDV && op->u.sendv.iov_count > TRACE_MAX_IOVS)
        return "more than 16 iovs";
    if (op->kind == TRACE_OP_NOTIFY &&
        op->u.notify.mode == TRACE_NOTIFY_LIST && op->u.notify.nent == 0)
        return "an empty notify list";
    return NULL;
}

/* A decoder must never produce what the text format refuses. */
static bool decoded_trace_valid(const struct trace *t)
{
    for (uint32_t i = 0; i < t->nops; i++) {
        const char *problem = decoded_op_problem(&t->ops[i], i);

        if (problem) {
            CHECK(!"decoded ops are valid");
            fprintf(stderr, "    op %u: %s\n", i, problem);
            report_op("decoded", t, i);
            return false;
        }
    }
    return true;
}

/* Which kinds and options the random inputs reached. */
struct coverage {
    bool kind[TRACE_OP_KIND_COUNT];
    bool iov_kind[3];
    bool mac_permissive, noargo, destroy_then_domain;
    bool reg_fail_exist, reg_npages, reg_npages_wrong, reg_flags, reg_pad;
    bool reg_gfn, reg_any, reg_len_47, reg_len_max, reg_len_unaligned;
    bool sv_type, sv_src_dom, sv_src_any, sv_src_pad, sv_dst_pad, sv_niov;
    bool sv_niov_9, sv_iov_pad, sv_fill_byte, sv_no_iov, sv_four_iovs;
    bool sv_large, sv_to_any;
    bool unreg_pad, consume_all, consume_zero, consume_many;
    bool index_unaligned, index_max;
    bool notify_null, notify_nent, notify_257, notify_list, notify_four;
    bool nonexistent_dom;
};

static void cover_sendv(struct coverage *c, const struct trace_op *op)
{
    c->sv_type |= op->u.sendv.type != 0;
    c->sv_src_dom |= op->u.sendv.has_src_dom;
    c->sv_src_any |= op->u.sendv.has_src_dom &&
                     op->u.sendv.src_dom == 0x7ff4;
    c->sv_src_pad |= op->u.sendv.src_pad != 0;
    c->sv_dst_pad |= op->u.sendv.dst_pad != 0;
    c->sv_niov |= op->u.sendv.has_niov;
    c->sv_niov_9 |= op->u.sendv.has_niov && op->u.sendv.niov == 9;
    c->sv_no_iov |= op->u.sendv.iov_count == 0;
    c->sv_four_iovs |= op->u.sendv.iov_count == 4;
    c->sv_to_any |= op->u.sendv.dst_dom == 0x7ff4;
    for (unsigned i = 0; i < op->u.sendv.iov_count; i++) {
        const struct trace_iov *iov = &op->u.sendv.iovs[i];

        c->iov_kind[iov->kind] = true;
        c->sv_iov_pad |= iov->pad != 0;
        c->sv_fill_byte |= iov->has_fill_byte;
        c->sv_large |= iov->len > 200;
    }
}

static void cover_register(struct coverage *c, const struct trace_op *op)
{
    uint32_t len = op->u.reg.len;

    c->reg_fail_exist |= op->u.reg.fail_exist;
    c->reg_npages |= op->u.reg.has_npages;
    c->reg_npages_wrong |= op->u.reg.has_npages && op->u.reg.npages == 0;
    c->reg_flags |= (op->u.reg.flags & ~1ull) != 0;
    c->reg_pad |= op->u.reg.pad != 0;
    c->reg_gfn |= op->u.reg.bad_gfn;
    c->reg_any |= op->u.reg.ring.partner == 0x7ff4;
    c->reg_len_47 |= len == 47;
    c->reg_len_max |= len == 0x1000000;
    c->reg_len_unaligned |= len % 16 != 0;
}

static void cover_op(struct coverage *c, const struct trace_op *op,
                     bool *destroyed)
{
    c->kind[op->kind] = true;
    switch (op->kind) {
    case TRACE_OP_OPTION:
        c->mac_permissive |= op->u.option.mac_permissive;
        break;
    case TRACE_OP_DOMAIN:
        c->noargo |= op->u.domain.noargo;
        c->destroy_then_domain |= *destroyed;
        break;
    case TRACE_OP_DESTROY:
        *destroyed = true;
        break;
    case TRACE_OP_REGISTER:
        cover_register(c, op);
        c->nonexistent_dom |= op->u.reg.ring.dom >= 0x7ff0;
        break;
    case TRACE_OP_UNREGISTER:
        c->unreg_pad |= op->u.unreg.pad != 0;
        break;
    case TRACE_OP_SENDV:
        cover_sendv(c, op);
        break;
    case TRACE_OP_CONSUME:
        c->consume_all |= op->u.consume.all;
        c->consume_zero |= !op->u.consume.all && op->u.consume.count == 0;
        c->consume_many |= op->u.consume.count > 1;
        break;
    case TRACE_OP_SET_RX:
    case TRACE_OP_SET_TX:
        c->index_unaligned |= op->u.set_index.value % 16 != 0;
        c->index_max |= op->u.set_index.value == 0xffffffffu;
        break;
    case TRACE_OP_NOTIFY:
        c->notify_null |= op->u.notify.mode == TRACE_NOTIFY_NULL;
        c->notify_nent |= op->u.notify.mode == TRACE_NOTIFY_NENT;
        c->notify_257 |= op->u.notify.mode == TRACE_NOTIFY_NENT &&
                         op->u.notify.nent == 257;
        c->notify_list |= op->u.notify.mode == TRACE_NOTIFY_LIST;
        c->notify_four |= op->u.notify.mode == TRACE_NOTIFY_LIST &&
                          op->u.notify.nent == 4;
        break;
    }
}

static void check_coverage(const struct coverage *c)
{
    for (unsigned k = 0; k < TRACE_OP_KIND_COUNT; k++)
        if (!CHECK(c->kind[k]))
            fprintf(stderr, "    no decoded %s\n", trace_op_name((uint8_t)k));
    for (unsigned k = 0; k < 3; k++)
        if (!CHECK(c->iov_kind[k]))
            fprintf(stderr, "    no decoded iov of kind %u\n", k);
#define COVERED(flag) CHECK(c->flag)
    COVERED(mac_permissive), COVERED(noargo), COVERED(destroy_then_domain);
    COVERED(reg_fail_exist), COVERED(reg_npages), COVERED(reg_npages_wrong);
    COVERED(reg_flags), COVERED(reg_pad), COVERED(reg_gfn), COVERED(reg_any);
    COVERED(reg_len_47), COVERED(reg_len_max), COVERED(reg_len_unaligned);
    COVERED(sv_type), COVERED(sv_src_dom), COVERED(sv_src_any);
    COVERED(sv_src_pad), COVERED(sv_dst_pad), COVERED(sv_niov);
    COVERED(sv_niov_9), COVERED(sv_iov_pad), COVERED(sv_fill_byte);
    COVERED(sv_no_iov), COVERED(sv_four_iovs), COVERED(sv_large);
    COVERED(sv_to_any), COVERED(unreg_pad), COVERED(consume_all);
    COVERED(consume_zero), COVERED(consume_many), COVERED(index_unaligned);
    COVERED(index_max), COVERED(notify_null), COVERED(notify_nent);
    COVERED(notify_257), COVERED(notify_list), COVERED(notify_four);
    COVERED(nonexistent_dom);
#undef COVERED
}

/* decode twice (same result), print, parse back (same ops). */
static bool check_decoded(const uint8_t *in, size_t len, struct trace *a,
                          struct trace *b, struct trace *c, struct sink *k)
{
    trace_decode(in, len, a);
    trace_decode(in, len, b);
    if (!CHECK_EQ_U64(a->nbytes, b->nbytes) ||
        !CHECK_EQ_U64(a->nents, b->nents) ||
        !traces_equal("decode twice", a, b) || !decoded_trace_valid(a))
        return false;
    if (!print_to(a, k) || !parse_text("decoded then printed", k->buf, k->len,
                                       c))
        return false;
    return CHECK_EQ_U64(c->nbytes, a->nbytes) &&
           CHECK_EQ_U64(c->nents, a->nents) &&
           traces_equal("decoded vs printed and parsed", a, c);
}

static void report_input(const uint8_t *in, size_t len, unsigned n)
{
    fprintf(stderr, "    random input %u, %zu bytes:", n, len);
    for (size_t i = 0; i < len && i < 64; i++)
        fprintf(stderr, " %02x", in[i]);
    fprintf(stderr, len > 64 ? " ...\n" : "\n");
}

static void test_random_decode(void)
{
    static uint8_t in[4096];
    struct trace a, b, c;
    struct sink k = { 0 };
    struct coverage cov = { 0 };

    trace_fx_alloc(&a, OPS_CAP, BYTES_CAP, ENTS_CAP);
    trace_fx_alloc(&b, OPS_CAP, BYTES_CAP, ENTS_CAP);
    trace_fx_alloc(&c, OPS_CAP, BYTES_CAP, ENTS_CAP);
    for (unsigned n = 0; n < RANDOM_INPUTS; n++) {
        size_t len = random_input(in, sizeof(in));
        bool destroyed = false;

        if (!check_decoded(in, len, &a, &b, &c, &k)) {
            report_input(in, len, n);
            break;
        }
        for (uint32_t i = 0; i < a.nops; i++)
            cover_op(&cov, &a.ops[i], &destroyed);
    }
    /* Coverage of a run cut short by a failure would only add noise. */
    if (!check_failures())
        check_coverage(&cov);
    free(k.buf);
    trace_fx_free(&a);
    trace_fx_free(&b);
    trace_fx_free(&c);
}

static void test_decode_edges(void)
{
    static uint8_t ones[4096], zeros[4096];
    struct trace a, b, c;
    struct sink k = { 0 };

    trace_fx_alloc(&a, OPS_CAP, BYTES_CAP, ENTS_CAP);
    trace_fx_alloc(&b, OPS_CAP, BYTES_CAP, ENTS_CAP);
    trace_fx_alloc(&c, OPS_CAP, BYTES_CAP, ENTS_CAP);
    memset(ones, 0xff, sizeof(ones));

    /* Empty input: the prologue's zero byte, one argo-enabled domain 0. */
    if (check_decoded(NULL, 0, &a, &b, &c, &k) && print_to(&a, &k))
        CHECK_EQ_STR(k.buf, "domain 0\n");
    if (check_decoded(zeros, 1, &a, &b, &c, &k) && print_to(&a, &k))
        CHECK_EQ_STR(k.buf, "domain 0\n");
    if (check_decoded(zeros, 3, &a, &b, &c, &k) && print_to(&a, &k))
        CHECK_EQ_STR(k.buf, "domain 0\nregister 0 0 0 48\n");
    if (check_decoded(ones, sizeof(ones), &a, &b, &c, &k)) {
        CHECK(a.nops > 4);
        CHECK_EQ_U64(a.ops[0].kind, TRACE_OP_OPTION);
        CHECK_EQ_U64(a.ops[4].kind, TRACE_OP_DOMAIN);
        CHECK(!a.ops[1].u.domain.noargo);
        CHECK(a.ops[4].u.domain.noargo);
    }
    check_decoded(zeros, sizeof(zeros), &a, &b, &c, &k);
    free(k.buf);
    trace_fx_free(&a);
    trace_fx_free(&b);
    trace_fx_free(&c);
}

/*
 * Small capacities: decoding stops cleanly with a prefix of what ample
 * capacity gives, and never writes past an array (the sanitizer checks).
 */
static void test_decode_capacity(void)
{
    static const uint32_t caps[][3] = {
        { 0, 0, 0 }, { 1, 0, 0 }, { 3, 0, 0 }, { 8, 0, 0 }, { 64, 8, 2 },
        { 64, 64, 4 }, { 4096, 0, 0 }, { 4096, 16, 1 }, { 5, 1000, 1000 },
    };
    static uint8_t in[1024];
    struct trace full;

    trace_fx_alloc(&full, OPS_CAP, BYTES_CAP, ENTS_CAP);
    for (unsigned round = 0; round < 200; round++) {
        size_t len = 64 + test_rng() % (sizeof(in) - 64);

        for (size_t i = 0; i < len; i++)
            in[i] = (uint8_t)test_rng();
        trace_decode(in, len, &full);
        for (size_t j = 0; j < sizeof(caps) / sizeof(caps[0]); j++) {
            struct trace small, prefix = full;

            trace_fx_alloc(&small, caps[j][0], caps[j][1], caps[j][2]);
            trace_decode(in, len, &small);
            CHECK(small.nops <= small.ops_cap);
            CHECK(small.nbytes <= small.bytes_cap);
            CHECK(small.nents <= small.ents_cap);
            prefix.nops = small.nops < full.nops ? small.nops : full.nops;
            if (!traces_equal("small capacity vs prefix", &small, &prefix))
                report_input(in, len, round);
            trace_fx_free(&small);
        }
    }
    trace_fx_free(&full);
}

int main(void)
{
    test_rng_seed(0x9e3779b97f4a7c15ull);
    test_handwritten();
    test_writer_refusal();
    test_random_decode();
    test_decode_edges();
    test_decode_capacity();
    return CHECK_DONE();
}
