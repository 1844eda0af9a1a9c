/* SPDX-License-Identifier: MIT */
/*
 * Description: trace_encode against trace_decode: every golden and finding
 * trace the binary form can express, and many random decoded traces, come
 * back as the same operations; what it cannot express is refused with the
 * line and the reason.
 *
 * "Same operations" is judged here independently of the encoder's own
 * check: both traces are printed as canonical text (which parses back into
 * the same operations, tests/trace_roundtrip) and the texts compared.
 */
#define _DEFAULT_SOURCE /* strdup */
#include <stdlib.h>

#include "check.h"
#include "trace_fixture.h"
#include "test_rng.h"
#include "host/trace_file.h"
#include "trace/trace_encode.h"

#define RANDOM_INPUTS   20000u

/* The golden and finding traces known to be expressible; a change in the
 * encoder that loses one of them fails here. */
static const char *const known_expressible[] = {
    "traces/consume-corrupt.trace", "traces/fault-iov.trace",
    "traces/reregister.trace", "traces/wrap-header-end.trace",
    "traces/wrap-iov-split.trace", "findings/reregister-ring-count.trace",
    "findings/self-partner-destroy.trace", "findings/stale-send-record.trace",
};

/* ---- storage --------------------------------------------------------- */

/* What one encoding needs besides the trace: output and the check trace. */
struct enc {
    uint8_t *out;
    size_t cap, len;
    struct trace check, again;
    struct trace_error err;
};

static void enc_init(struct enc *x, size_t cap)
{
    x->out = malloc(cap);
    if (!x->out) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    x->cap = cap;
    trace_fx_alloc_decode(&x->check);
    trace_fx_alloc_decode(&x->again);
}

static void enc_free(struct enc *x)
{
    free(x->out);
    trace_fx_free(&x->check);
    trace_fx_free(&x->again);
}

/* ---- text ------------------------------------------------------------ */

/* The first line where two texts differ, for reports. */
static void report_text_diff(const char *what, const char *a, const char *b)
{
    size_t i = 0, start = 0;
    unsigned line = 1;

    for (; a[i] && a[i] == b[i]; i++) {
        if (a[i] == '\n') {
            line++;
            start = i + 1;
        }
    }
    a += start;
    b += start;
    fprintf(stderr, "    %s: printed texts differ at line %u:\n"
                    "      original: %.*s\n      decoded:  %.*s\n",
            what, line, (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

/* ---- the round trip -------------------------------------------------- */

/*
 * Encode t; on success decode the bytes afresh and compare the printed
 * texts, and check that encoding is a fixed point (the decoded trace
 * encodes to the same bytes). Returns trace_encode's result; x->err holds
 * the error.
 */
static int round_trip(const char *what, const struct trace *t, struct enc *x)
{
    char *a, *b, *c;
    uint8_t *first;
    size_t first_len;
    int rc = trace_encode(t, x->out, x->cap, &x->len, &x->check, &x->err);

    if (rc)
        return rc;
    CHECK(x->len <= x->cap);
    trace_decode(x->out, x->len, &x->again);
    a = trace_fx_printed(t);
    b = trace_fx_printed(&x->again);
    c = trace_fx_printed(&x->check);
    if (!CHECK_EQ_STR(a, b) || !CHECK_EQ_U64(x->again.nops, t->nops))
        report_text_diff(what, a, b);
    CHECK_EQ_STR(b, c);

    first = malloc(x->len ? x->len : 1);
    if (!CHECK(first))
        exit(1);
    memcpy(first, x->out, x->len);
    first_len = x->len;
    if (CHECK_EQ_I64(trace_encode(&x->again, x->out, x->cap, &x->len,
                                  &x->check, &x->err), 0) &&
        CHECK_EQ_U64(x->len, first_len))
        CHECK_EQ_MEM(x->out, first, first_len);
    free(first);
    free(a);
    free(b);
    free(c);
    return 0;
}

/*
 * The error names a line holding an operation, whose first word begins
 * the message: "<op>: no binary form for ...".
 */
static void check_error_names_op(const char *what, const struct trace *t,
                                 const struct trace_error *err)
{
    const struct trace_op *op = NULL;
    char prefix[64];

    for (uint32_t i = 0; i < t->nops; i++)
        if (t->ops[i].line == err->line)
            op = &t->ops[i];
    if (!CHECK(op)) {
        fprintf(stderr, "    %s: error on line %u, no operation there: %s\n",
                what, err->line, err->msg);
        return;
    }
    snprintf(prefix, sizeof(prefix), "%s: no binary form for ",
             trace_op_name(op->kind));
    if (!CHECK(!strncmp(err->msg, prefix, strlen(prefix))))
        fprintf(stderr, "    %s:%u: %s\n", what, err->line, err->msg);
}

/* ---- golden and finding traces --------------------------------------- */

static bool is_known_expressible(const char *suite, const char *name)
{
    char key[512];

    snprintf(key, sizeof(key), "%s/%s", suite, name);
    for (size_t i = 0; i < ARGO_ARRAY_SIZE(known_expressible); i++)
        if (!strcmp(known_expressible[i], key))
            return true;
    return false;
}

/* Every trace of ../SUITE: expressible ones round-trip, the rest name why. */
static void test_suite(const char *suite)
{
    char dir[64], path[512], *names[TRACE_FX_MAX_NAMES], *text;
    unsigned n, malformed = 0, expressible = 0, known = 0;
    struct enc x;
    struct trace t;
    size_t len;

    snprintf(dir, sizeof(dir), "../%s", suite);
    n = trace_fx_list(dir, names);
    CHECK(n > 0);
    for (unsigned i = 0; i < n; i++) {
        size_t base = strlen(names[i]) - strlen(".trace");
        bool must = is_known_expressible(suite, names[i]);

        known += must;
        /* NAME.err: malformed on purpose, no trace to encode. */
        snprintf(path, sizeof(path), "%s/%.*s.err", dir, (int)base, names[i]);
        if (trace_fx_file_exists(path)) {
            malformed++;
            printf("  %s/%s: malformed (%.*s.err)\n", suite, names[i],
                   (int)base, names[i]);
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (!CHECK_EQ_I64(trace_file_read(path, &text, &len), 0))
            continue;
        if (!CHECK_EQ_I64(trace_file_parse(path, text, len, &t), 0)) {
            free(text);
            continue;
        }
        free(text);
        enc_init(&x, TRACE_ENCODE_CAP(t.nops));
        if (round_trip(path, &t, &x) == 0) {
            expressible++;
            printf("  %s/%s: %zu bytes\n", suite, names[i], x.len);
        } else {
            check_error_names_op(path, &t, &x.err);
            printf("  %s/%s: line %u: %s\n", suite, names[i], x.err.line,
                   x.err.msg);
            if (!CHECK(!must))
                fprintf(stderr, "    %s/%s was expressible\n", suite,
                        names[i]);
        }
        enc_free(&x);
        trace_file_free(&t);
    }
    /* Every trace the list names is still there. */
    CHECK_EQ_U64(known, suite[0] == 't' ? 5 : 3);
    printf("%s: %u of %u traces expressible (%u malformed)\n", suite,
           expressible, n, malformed);
    for (unsigned i = 0; i < n; i++)
        free(names[i]);
}

/* ---- random decoded traces ------------------------------------------- */

/* Mostly short inputs, as a fuzzer's are; sometimes long ones. */
static size_t random_input(uint8_t *buf, size_t cap)
{
    size_t len = test_rng() % 8 ? test_rng() % 257 : test_rng() % cap;

    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)test_rng();
    return len;
}

static void report_input(const uint8_t *in, size_t len, unsigned n)
{
    fprintf(stderr, "    random input %u, %zu bytes:", n, len);
    for (size_t i = 0; i < len && i < 64; i++)
        fprintf(stderr, " %02x", in[i]);
    fprintf(stderr, len > 64 ? " ...\n" : "\n");
}

/* Every trace trace_decode yields is expressible, and comes back intact. */
static void test_random(void)
{
    static uint8_t in[4096];
    struct trace t;
    struct enc x;
    unsigned long ops = 0;
    unsigned done = 0;

    trace_fx_alloc_decode(&t);
    enc_init(&x, TRACE_ENCODE_CAP(TRACE_DECODE_OPS_CAP));
    for (unsigned n = 0; n < RANDOM_INPUTS; n++) {
        size_t len = random_input(in, sizeof(in));
        unsigned failures = (unsigned)check_failures();

        trace_decode(in, len, &t);
        if (!CHECK_EQ_I64(round_trip("random", &t, &x), 0))
            fprintf(stderr, "    line %u: %s\n", x.err.line, x.err.msg);
        if ((unsigned)check_failures() != failures) {
            report_input(in, len, n);
            break;
        }
        ops += t.nops;
        done++;
    }
    printf("random: %u decoded traces (%lu operations) round-tripped\n", done,
           ops);
    enc_free(&x);
    trace_fx_free(&t);
}

/* ---- written traces: forms and refusals ------------------------------ */

/* Parse text (which must be valid) into t, sized for it. */
static bool parse(const char *text, struct trace *t)
{
    return CHECK_EQ_I64(trace_file_parse("written", text, strlen(text), t), 0);
}

/* text is expressible and round-trips. */
static void expect_ok(const char *text)
{
    struct trace t;
    struct enc x;

    if (!parse(text, &t))
        return;
    enc_init(&x, TRACE_ENCODE_CAP(t.nops));
    if (!CHECK_EQ_I64(round_trip(text, &t, &x), 0))
        fprintf(stderr, "    %s    -> line %u: %s\n", text, x.err.line,
                x.err.msg);
    enc_free(&x);
    trace_file_free(&t);
}

/* text is refused on line with exactly msg. */
static void expect_error(const char *text, uint32_t line, const char *msg)
{
    struct trace t;
    struct enc x;

    if (!parse(text, &t))
        return;
    enc_init(&x, TRACE_ENCODE_CAP(t.nops));
    if (CHECK_EQ_I64(round_trip(text, &t, &x), -1)) {
        bool ok = CHECK_EQ_U64(x.err.line, line);

        if (!CHECK_EQ_STR(x.err.msg, msg) || !ok)
            fprintf(stderr, "    for:\n%s", text);
    }
    enc_free(&x);
    trace_file_free(&t);
}

static void test_forms(void)
{
    /* The prologue: option, up to 4 domains, one of them noargo. */
    expect_ok("domain 0\n");
    expect_ok("option mac_permissive=1\ndomain 0\ndomain 1\ndomain 2 noargo\n"
              "domain 3\ndomain 4 noargo\ndomain 2 noargo\n");
    /* Two noargo domains: the second is created after the prologue. */
    expect_ok("domain 0\ndomain 1 noargo\ndomain 2 noargo\n");
    /* LIFE ids: 0..n, 6..261, 32751. */
    expect_ok("domain 0\ndomain 1\ndestroy 2\ndomain 6\ndomain 261 noargo\n"
              "destroy 32751\ndomain 32751\n");
    /* Every length class, page counts and damage. */
    expect_ok("domain 0\ndomain 1\n"
              "register 0 0 1 48\nregister 0 1 1 288 fail_exist\n"
              "register 0 2 1 3888\nregister 0 3 1 4032\n"
              "register 1 3 any 65472\nregister 1 0 32752 47\n"
              "register 1 1 2 0xffffffff npages=1\n"
              "register 0 0 0 64 npages=0 flags=0x2\n"
              "register 0 0 0 64 npages=0x100000001 pad=0x8000\n"
              "register 0 0 0 64 npages=18446744073709551615 flags=0x8000000000000001\n"
              "register 0 0 0 4032 npages=1 pad=1\n"
              "register 0 0 0 4049 npages=2 gfn=bad fail_exist\n");
    /* sendv: types through RECENT, a sender only a partner names. */
    expect_ok("domain 0\ndomain 1\nregister 1 2 0 64\n"
              "sendv 0 3 1:2 type=1 hex:00\n"
              "sendv 0 0 1:2 type=4294967295 fill:0\n"
              "register 0 0 32752 64\nsendv 32752 1 0:0 fault:3\n"
              "register 0 1 any 64\nsendv 1 1 0:1 type=4294967295\n"
              "sendv 32756 3 32756:3 type=2147483648 src_dom=65535 niov=16\n"
              "sendv 2 0 2:0 type=2 src_dom=any src_pad=1 niov=5 "
              "hex:00112233,pad=0xffffffff fill:200:255 fill:4281 "
              "fill:16777216,pad=1\n"
              "sendv 0 0 1:0 dst_pad=1 niov=18446744073709551615\n");
    /* The RING operations, every count and index class. */
    expect_ok("domain 0\ndomain 1\n"
              "consume 1 0 any\nconsume 1 1 0 0\nconsume 1 2 1 9\n"
              "consume 1 3 2 all\nconsume 32756 0 32752 4294967295\n"
              "unregister 0 0 1 pad=0x1\nunregister 0 0 1 pad=0xffff\n"
              "set_rx 0 0 1 255\nset_rx 0 0 1 496\nset_rx 0 0 1 505\n"
              "set_tx 0 0 1 0x80000000\nset_tx 0 0 1 0x12345678\n");
    expect_ok("domain 0\ndomain 1\nnotify 0\nnotify 1 nent=0\n"
              "notify 1 nent=255\nnotify 1 nent=256\nnotify 1 nent=257\n"
              "notify 0 1:0:255 2:3:4080 32756:1:65535 0:0:4001\n");
}

static void test_refusals(void)
{
    char *many;
    size_t off = 0;

    expect_error("register 0 0 0 48\n", 1,
                 "register: no binary form for a trace that does not start "
                 "with domain 0 (the prologue is an optional option "
                 "mac_permissive=1, then domain 0 .. domain n-1, n <= 4)");
    expect_error("domain 0 noargo\n", 1,
                 "domain: no binary form for domain 0 noargo (the prologue's "
                 "domain 0 always has Argo)");
    expect_error("option mac_permissive=0\ndomain 0\n", 1,
                 "option: no binary form for mac_permissive=0 (the prologue "
                 "can only turn mac_permissive on)");
    expect_error("domain 0\noption mac_permissive=1\n", 2,
                 "option: no binary form for an option after the first "
                 "operation (only the prologue sets an option, "
                 "mac_permissive=1, before the domains)");
    expect_error("domain 0\ndomain 1\ndomain 2\ndomain 3\ndomain 4\n"
                 "# five prologue domains are one too many\ndomain 5\n", 7,
                 "domain: no binary form for domain 5 (with 4 prologue "
                 "domains: 0..4, 6..261 and 32751)");
    /* The second noargo domain ends the prologue at n = 2, so 3 is out. */
    expect_error("domain 0\ndomain 1 noargo\ndomain 2 noargo\ndomain 3\n", 4,
                 "domain: no binary form for domain 3 (with 2 prologue "
                 "domains: 0..2, 6..261 and 32751)");
    expect_error("domain 0\ndestroy 262\n", 2,
                 "destroy: no binary form for domain 262 (with 1 prologue "
                 "domain: 0..1, 6..261 and 32751)");
    expect_error("domain 0\nregister 0 4 0 64\n", 2,
                 "register: no binary form for port 4 (ports are 0..3)");
    expect_error("domain 0\nregister 3 0 0 64\n", 2,
                 "register: no binary form for ring owner 3 (with 1 prologue "
                 "domain: 0..1 and 32756)");
    expect_error("domain 0\nregister 0 0 2 64\n", 2,
                 "register: no binary form for partner 2 (with 1 prologue "
                 "domain: 0..1, any and 32752)");
    expect_error("domain 0\nregister 0 0 0 72\n", 2,
                 "register: no binary form for length 72 (lengths are "
                 "48 + 16k or 48 + 256k (k < 16), 4096k - 64 (k <= 16) and "
                 "LEN_EDGE)");
    expect_error("domain 0\nregister 0 0 0 64 flags=0x4\n", 2,
                 "register: no binary form for flags=0x4 (flags are "
                 "fail_exist plus 0x2 or 0x8000000000000000)");
    expect_error("domain 0\nregister 0 0 0 64 pad=0x1 gfn=bad\n", 2,
                 "register: no binary form for more than one of flags=, pad= "
                 "and gfn=bad (a register has at most one of flags=0x2 or "
                 "0x8000000000000000, pad=0x1 or 0x8000, gfn=bad)");
    expect_error("domain 0\nregister 0 0 0 64 npages=3\n", 2,
                 "register: no binary form for npages=3 (npages= is what len "
                 "needs, one less, one more, 2^32 more, 0 or 2^64-1)");
    /* NPAGES_ODD's bit 7 is also pad's: 2^32 more wants it set, pad=1 clear. */
    expect_error("domain 0\nregister 0 0 0 64 npages=0x100000001 pad=1\n", 2,
                 "register: no binary form for npages=4294967297 (with this "
                 "flags= or pad=, npages= is what len needs, one less, or one "
                 "that shares their bit 7)");
    expect_error("domain 0\nsendv 0 4 0:0\n", 2,
                 "sendv: no binary form for src_port 4 (ports are 0..3)");
    expect_error("domain 0\nsendv 0 0 0:4\n", 2,
                 "sendv: no binary form for dst_port 4 (ports are 0..3)");
    expect_error("domain 0\nsendv 0 0 0:0 type=9\n", 2,
                 "sendv: no binary form for type=9 (types are 0, 1, 2, "
                 "2147483647, 2147483648 and 4294967295)");
    expect_error("domain 0\ndomain 1\nregister 1 0 0 64\nsendv 1 0 1:0 type=1\n",
                 4,
                 "sendv: no binary form for type=1 (types 1 and 4294967295 go "
                 "only to a recent ring (RECENT(6) or RECENT(7)), from its "
                 "partner unless it is any)");
    expect_error("domain 0\nsendv 0 0 5:0\n", 2,
                 "sendv: no binary form for dst_dom 5 (with 1 prologue "
                 "domain: 0..1 and 32756)");
    expect_error("domain 0\nsendv 0 0 0:0 fill:1 fill:1 fill:1 fill:1 fill:1\n",
                 2, "sendv: no binary form for 5 iovs (a sendv lists 0 to 4)");
    expect_error("domain 0\nsendv 0 0 0:0 fill:300\n", 2,
                 "sendv: no binary form for fill:300 (fill: lengths are "
                 "0..200, 201 + 16k (k < 256) and IOV_EDGE)");
    expect_error("domain 0\nsendv 0 0 0:0 fill:201:1\n", 2,
                 "sendv: no binary form for fill:<len>:<byte> with len 201 "
                 "(with a byte, lengths are 0..200)");
    expect_error("domain 0\nsendv 0 0 0:0 hex:"
                 "00000000000000000000000000000000"
                 "00000000000000000000000000000000"
                 "00000000000000000000000000000000"
                 "00000000000000000000000000000000\n", 2,
                 "sendv: no binary form for a hex: iov of 64 (hex: iovs have "
                 "at most 63 bytes)");
    expect_error("domain 0\nsendv 0 0 0:0 fault:201\n", 2,
                 "sendv: no binary form for fault:201 (fault: lengths are "
                 "0..200)");
    expect_error("domain 0\nsendv 0 0 0:0 fill:1,pad=2\n", 2,
                 "sendv: no binary form for an iov ,pad=0x2 (,pad= is 0x1 or "
                 "0xffffffff)");
    expect_error("domain 0\nsendv 0 0 0:0 src_pad=1 dst_pad=1\n", 2,
                 "sendv: no binary form for both src_pad= and dst_pad= (a "
                 "sendv has at most one of src_pad=0x1 and dst_pad=0x1)");
    expect_error("domain 0\nsendv 0 0 0:0 src_dom=7\n", 2,
                 "sendv: no binary form for src_dom=7 (with 1 prologue "
                 "domain: 0..1, any, 32751, 32752 and 65535)");
    expect_error("domain 0\nsendv 0 0 0:0 niov=0x100000000\n", 2,
                 "sendv: no binary form for niov=4294967296 (niov= is the "
                 "iovs listed, one more, 0, 8, 9, 16, 2^32+1 or 2^64-1)");
    expect_error("domain 0\nconsume 0 0 0 10\n", 2,
                 "consume: no binary form for count 10 (counts are 0..9, "
                 "4294967295 and all)");
    expect_error("domain 0\nunregister 0 0 0 pad=2\n", 2,
                 "unregister: no binary form for pad=0x2 (pad= is 0x1 or "
                 "0xffff)");
    expect_error("domain 0\nnotify 0 0:0:0 0:0:0 0:0:0 0:0:0 0:0:0\n", 2,
                 "notify: no binary form for 5 entries (a notify lists 1 to "
                 "4)");
    expect_error("domain 0\nnotify 0 nent=258\n", 2,
                 "notify: no binary form for nent=258 (nent= is 0..257)");
    expect_error("domain 0\nnotify 0 0:0:4097\n", 2,
                 "notify: no binary form for space_required 4097 "
                 "(space_required is 0..255, 16k or 257k (k < 256) and "
                 "SPACE_EDGE)");
    expect_error("domain 0\nnotify 0 0:4:0\n", 2,
                 "notify: no binary form for entry port 4 (ports are 0..3)");
    expect_error("domain 0\nnotify 5\n", 2,
                 "notify: no binary form for caller 5 (with 1 prologue "
                 "domain: 0..1 and 32756)");

    /* The decoder keeps 1024 operations: 1024 are fine, 1025 are not. */
    many = malloc(16 * (TRACE_DECODE_OPS_CAP + 2));
    if (!CHECK(many))
        return;
    off += (size_t)sprintf(many, "domain 0\n");
    for (uint32_t i = 1; i < TRACE_DECODE_OPS_CAP; i++)
        off += (size_t)sprintf(many + off, "notify 0\n");
    expect_ok(many);
    sprintf(many + off, "notify 0\n");
    expect_error(many, TRACE_DECODE_OPS_CAP + 1,
                 "notify: no binary form for operation number 1025 (the "
                 "decoder keeps at most TRACE_DECODE_OPS_CAP = 1024)");
    free(many);
}

/* The errors not tied to an operation: empty trace, small buffers. */
static void test_api_errors(void)
{
    struct trace t, small;
    struct enc x;
    uint8_t one[1];
    size_t len = 99;

    memset(&t, 0, sizeof(t));
    enc_init(&x, 16);
    CHECK_EQ_I64(trace_encode(&t, x.out, x.cap, &x.len, &x.check, &x.err), -1);
    CHECK_EQ_U64(x.err.line, 0);
    CHECK_EQ_STR(x.err.msg, "no binary form for an empty trace (the prologue "
                            "always creates domain 0)");

    if (parse("domain 0\ndomain 1\nregister 1 0 0 64\n", &t)) {
        /* Too small an output: refused, with the length it needs. */
        CHECK_EQ_I64(trace_encode(&t, one, sizeof(one), &len, &x.check,
                                  &x.err), -1);
        CHECK_EQ_U64(len, 4);
        CHECK_EQ_U64(x.err.line, 0);
        CHECK_EQ_STR(x.err.msg, "the binary form takes 4 bytes, more than "
                                "the 1 given");
        CHECK_EQ_I64(trace_encode(&t, x.out, 4, &len, &x.check, &x.err), 0);
        CHECK_EQ_U64(len, 4);
        /* P 02: n = 2. K 10: register, k = 1 (48 + 16). A 01: owner 1,
         * partner 0. B 00: port 0, length class 0, no options. */
        CHECK_EQ_MEM(x.out, "\x02\x10\x01\x00", 4);

        /* A check trace smaller than the fuzzers' capacities. */
        trace_fx_alloc(&small, TRACE_DECODE_OPS_CAP - 1, TRACE_DECODE_BYTES_CAP,
                    TRACE_DECODE_ENTS_CAP);
        CHECK_EQ_I64(trace_encode(&t, x.out, x.cap, &len, &small, &x.err), -1);
        CHECK_EQ_U64(x.err.line, 0);
        CHECK_EQ_STR(x.err.msg,
                     "the check trace needs the TRACE_DECODE_* capacities");
        trace_fx_free(&small);
        trace_file_free(&t);
    }
    enc_free(&x);
}

int main(void)
{
    test_rng_seed(0x5eed5eedc0ffee11ull);
    test_suite("traces");
    test_suite("findings");
    test_forms();
    test_refusals();
    test_api_errors();
    test_random();
    return CHECK_DONE();
}
