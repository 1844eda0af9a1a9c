/* SPDX-License-Identifier: MIT */
/* Description: trace_parse reads every documented line and rejects bad ones. */
#include <stdlib.h>

#include "check.h"
#include "trace/trace.h"

#define OPS_CAP     256u
#define BYTES_CAP   65536u
#define ENTS_CAP    256u

static struct trace_op ops[OPS_CAP];
static uint8_t bytes[BYTES_CAP];
static struct trace_notify_ent ents[ENTS_CAP];
static struct trace trace;
static struct trace_error err;

static int parse_n(const char *text, size_t len, uint32_t ops_cap,
                   uint32_t bytes_cap, uint32_t ents_cap)
{
    memset(&trace, 0, sizeof(trace));
    trace.ops = ops;
    trace.ops_cap = ops_cap;
    trace.bytes = bytes;
    trace.bytes_cap = bytes_cap;
    trace.ents = ents;
    trace.ents_cap = ents_cap;
    return trace_parse(text, len, &trace, &err);
}

static int parse(const char *text)
{
    return parse_n(text, strlen(text), OPS_CAP, BYTES_CAP, ENTS_CAP);
}

/* Parse a one-operation text; NULL (after reporting) if it did not parse. */
static const struct trace_op *parse_one(const char *text, int line)
{
    int rc = parse(text);

    if (rc != 0 || trace.nops != 1) {
        fprintf(stderr, "%s:%d: parsing \"%s\": rc=%d nops=%u line=%u msg=%s\n",
                __FILE__, line, text, rc, trace.nops, err.line, err.msg);
        CHECK(!"a line that should parse");
        return NULL;
    }
    return &ops[0];
}

#define PARSE_ONE(text) parse_one((text), __LINE__)

/* ---- good lines ------------------------------------------------------ */

static void test_option_domain_destroy(void)
{
    const struct trace_op *op;

    if ((op = PARSE_ONE("option mac_permissive=1"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_OPTION);
        CHECK_EQ_U64(op->line, 1);
        CHECK(op->u.option.mac_permissive);
    }
    if ((op = PARSE_ONE("option mac_permissive=0x0")))
        CHECK(!op->u.option.mac_permissive);
    if ((op = PARSE_ONE("domain 0"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_DOMAIN);
        CHECK_EQ_U64(op->u.domain.dom, 0);
        CHECK(!op->u.domain.noargo);
    }
    if ((op = PARSE_ONE("domain 0x7fef noargo"))) {
        CHECK_EQ_U64(op->u.domain.dom, 0x7fef);
        CHECK(op->u.domain.noargo);
    }
    if ((op = PARSE_ONE("domain 32751")))
        CHECK_EQ_U64(op->u.domain.dom, 32751);
    if ((op = PARSE_ONE("destroy 0x7FEF"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_DESTROY);
        CHECK_EQ_U64(op->u.destroy.dom, 0x7fef);
    }
}

static void test_register(void)
{
    const struct trace_op *op;

    if ((op = PARSE_ONE("register 1 2 3 64"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_REGISTER);
        CHECK_EQ_U64(op->u.reg.ring.dom, 1);
        CHECK_EQ_U64(op->u.reg.ring.port, 2);
        CHECK_EQ_U64(op->u.reg.ring.partner, 3);
        CHECK_EQ_U64(op->u.reg.len, 64);
        CHECK(!op->u.reg.fail_exist);
        CHECK(!op->u.reg.has_npages);
        CHECK_EQ_U64(op->u.reg.npages, 0);
        CHECK_EQ_U64(op->u.reg.flags, 0);
        CHECK_EQ_U64(op->u.reg.pad, 0);
        CHECK(!op->u.reg.bad_gfn);
    }
    if ((op = PARSE_ONE("register 1 2 any 64 fail_exist npages=3 flags=0x6 "
                        "pad=0xffff gfn=bad"))) {
        CHECK_EQ_U64(op->u.reg.ring.partner, 0x7ff4);
        CHECK(op->u.reg.fail_exist);
        CHECK(op->u.reg.has_npages);
        CHECK_EQ_U64(op->u.reg.npages, 3);
        CHECK_EQ_U64(op->u.reg.flags, 7);
        CHECK_EQ_U64(op->u.reg.pad, 0xffff);
        CHECK(op->u.reg.bad_gfn);
    }
    /* Options in any order. */
    if ((op = PARSE_ONE("register 1 2 3 64 gfn=bad pad=1 flags=2 npages=0 "
                        "fail_exist"))) {
        CHECK(op->u.reg.has_npages);
        CHECK_EQ_U64(op->u.reg.npages, 0);
        CHECK_EQ_U64(op->u.reg.flags, 3);
        CHECK(op->u.reg.fail_exist);
        CHECK_EQ_U64(op->u.reg.pad, 1);
        CHECK(op->u.reg.bad_gfn);
    }
    /* flags=0x1 and fail_exist are one argument: the struct says both. */
    if ((op = PARSE_ONE("register 1 2 3 64 flags=1"))) {
        CHECK(op->u.reg.fail_exist);
        CHECK_EQ_U64(op->u.reg.flags, 1);
    }
    if ((op = PARSE_ONE("register 1 2 3 64 fail_exist"))) {
        CHECK(op->u.reg.fail_exist);
        CHECK_EQ_U64(op->u.reg.flags, 1);
    }
    /* Every field at its maximum. */
    if ((op = PARSE_ONE("register 65535 4294967295 65535 4294967295 "
                        "npages=18446744073709551615 "
                        "flags=0xffffffffffffffff pad=65535"))) {
        CHECK_EQ_U64(op->u.reg.ring.dom, 65535);
        CHECK_EQ_U64(op->u.reg.ring.port, UINT32_MAX);
        CHECK_EQ_U64(op->u.reg.ring.partner, 65535);
        CHECK_EQ_U64(op->u.reg.len, UINT32_MAX);
        CHECK_EQ_U64(op->u.reg.npages, UINT64_MAX);
        CHECK_EQ_U64(op->u.reg.flags, UINT64_MAX);
        CHECK(op->u.reg.fail_exist);
        CHECK_EQ_U64(op->u.reg.pad, 0xffff);
    }
    if ((op = PARSE_ONE("register 0 0 32756 48")))
        CHECK_EQ_U64(op->u.reg.ring.partner, 0x7ff4);
}

static void test_unregister(void)
{
    const struct trace_op *op;

    if ((op = PARSE_ONE("unregister 4 5 any"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_UNREGISTER);
        CHECK_EQ_U64(op->u.unreg.ring.dom, 4);
        CHECK_EQ_U64(op->u.unreg.ring.port, 5);
        CHECK_EQ_U64(op->u.unreg.ring.partner, 0x7ff4);
        CHECK_EQ_U64(op->u.unreg.pad, 0);
    }
    if ((op = PARSE_ONE("unregister 4 5 6 pad=0x8000")))
        CHECK_EQ_U64(op->u.unreg.pad, 0x8000);
    if ((op = PARSE_ONE("unregister 65535 4294967295 65535 pad=65535"))) {
        CHECK_EQ_U64(op->u.unreg.ring.dom, 65535);
        CHECK_EQ_U64(op->u.unreg.ring.port, UINT32_MAX);
        CHECK_EQ_U64(op->u.unreg.ring.partner, 65535);
        CHECK_EQ_U64(op->u.unreg.pad, 0xffff);
    }
}

static void test_sendv(void)
{
    const struct trace_op *op;

    if ((op = PARSE_ONE("sendv 1 2 3:4"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_SENDV);
        CHECK_EQ_U64(op->u.sendv.dom, 1);
        CHECK_EQ_U64(op->u.sendv.src_port, 2);
        CHECK_EQ_U64(op->u.sendv.dst_dom, 3);
        CHECK_EQ_U64(op->u.sendv.dst_port, 4);
        CHECK_EQ_U64(op->u.sendv.type, 0);
        CHECK(!op->u.sendv.has_src_dom);
        CHECK(!op->u.sendv.has_niov);
        CHECK_EQ_U64(op->u.sendv.iov_count, 0);
    }
    op = PARSE_ONE("sendv 1 2 3:4 type=4294967295 src_dom=any src_pad=0xffff "
                   "dst_pad=65535 niov=18446744073709551615 hex:00FFab "
                   "fill:10 fill:4294967295:255 fault:7,pad=0xffffffff hex: "
                   "hex:01,pad=1 fault:0");
    if (op) {
        const struct trace_iov *iov = op->u.sendv.iovs;

        CHECK_EQ_U64(op->u.sendv.type, UINT32_MAX);
        CHECK(op->u.sendv.has_src_dom);
        CHECK_EQ_U64(op->u.sendv.src_dom, 0x7ff4);
        CHECK_EQ_U64(op->u.sendv.src_pad, 0xffff);
        CHECK_EQ_U64(op->u.sendv.dst_pad, 0xffff);
        CHECK(op->u.sendv.has_niov);
        CHECK_EQ_U64(op->u.sendv.niov, UINT64_MAX);
        CHECK_EQ_U64(op->u.sendv.iov_count, 7);
        CHECK_EQ_U64(iov[0].kind, TRACE_IOV_HEX);
        CHECK_EQ_U64(iov[0].len, 3);
        CHECK_EQ_U64(iov[0].hex_offset, 0);
        CHECK_EQ_U64(iov[0].pad, 0);
        CHECK_EQ_MEM(bytes, "\x00\xff\xab", 3);
        CHECK_EQ_U64(iov[1].kind, TRACE_IOV_FILL);
        CHECK_EQ_U64(iov[1].len, 10);
        CHECK(!iov[1].has_fill_byte);
        CHECK_EQ_U64(iov[2].kind, TRACE_IOV_FILL);
        CHECK_EQ_U64(iov[2].len, UINT32_MAX);
        CHECK(iov[2].has_fill_byte);
        CHECK_EQ_U64(iov[2].fill_byte, 255);
        CHECK_EQ_U64(iov[3].kind, TRACE_IOV_FAULT);
        CHECK_EQ_U64(iov[3].len, 7);
        CHECK_EQ_U64(iov[3].pad, UINT32_MAX);
        CHECK_EQ_U64(iov[4].kind, TRACE_IOV_HEX);
        CHECK_EQ_U64(iov[4].len, 0);
        CHECK_EQ_U64(iov[4].hex_offset, 3);
        CHECK_EQ_U64(iov[5].kind, TRACE_IOV_HEX);
        CHECK_EQ_U64(iov[5].len, 1);
        CHECK_EQ_U64(iov[5].hex_offset, 3);
        CHECK_EQ_U64(iov[5].pad, 1);
        CHECK_EQ_U64(bytes[3], 1);
        CHECK_EQ_U64(iov[6].kind, TRACE_IOV_FAULT);
        CHECK_EQ_U64(iov[6].len, 0);
        CHECK_EQ_U64(trace.nbytes, 4);
    }
    if ((op = PARSE_ONE("sendv 1 2 3:4 fault:4294967295 fill:0:255"))) {
        CHECK_EQ_U64(op->u.sendv.iovs[0].kind, TRACE_IOV_FAULT);
        CHECK_EQ_U64(op->u.sendv.iovs[0].len, UINT32_MAX);
        CHECK_EQ_U64(op->u.sendv.iovs[1].fill_byte, 255);
    }
    if ((op = PARSE_ONE("sendv 1 2 3:4 src_dom=7 niov=9 fill:1:0"))) {
        CHECK_EQ_U64(op->u.sendv.src_dom, 7);
        CHECK_EQ_U64(op->u.sendv.niov, 9);
        CHECK_EQ_U64(op->u.sendv.iov_count, 1);
        CHECK_EQ_U64(op->u.sendv.iovs[0].fill_byte, 0);
        CHECK(op->u.sendv.iovs[0].has_fill_byte);
    }
    if ((op = PARSE_ONE("sendv 65535 4294967295 65535:4294967295 "
                        "src_dom=65535"))) {
        CHECK_EQ_U64(op->u.sendv.dom, 65535);
        CHECK_EQ_U64(op->u.sendv.src_port, UINT32_MAX);
        CHECK_EQ_U64(op->u.sendv.dst_dom, 65535);
        CHECK_EQ_U64(op->u.sendv.dst_port, UINT32_MAX);
        CHECK_EQ_U64(op->u.sendv.src_dom, 65535);
    }
    /* Exactly 16 iovs is the limit. */
    op = PARSE_ONE("sendv 0 0 0:0 fill:0 fill:1 fill:2 fill:3 fill:4 fill:5 "
                   "fill:6 fill:7 fill:8 fill:9 fill:10 fill:11 fill:12 "
                   "fill:13 fill:14 fill:15");
    if (op) {
        CHECK_EQ_U64(op->u.sendv.iov_count, 16);
        CHECK_EQ_U64(op->u.sendv.iovs[15].len, 15);
    }
}

static void test_consume_and_indexes(void)
{
    const struct trace_op *op;

    if ((op = PARSE_ONE("consume 1 2 3"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_CONSUME);
        CHECK_EQ_U64(op->u.consume.ring.dom, 1);
        CHECK_EQ_U64(op->u.consume.ring.port, 2);
        CHECK_EQ_U64(op->u.consume.ring.partner, 3);
        CHECK(!op->u.consume.all);
        CHECK_EQ_U64(op->u.consume.count, 1);
    }
    if ((op = PARSE_ONE("consume 1 2 any all"))) {
        CHECK(op->u.consume.all);
        CHECK_EQ_U64(op->u.consume.count, 0);
        CHECK_EQ_U64(op->u.consume.ring.partner, 0x7ff4);
    }
    if ((op = PARSE_ONE("consume 1 2 3 0"))) {
        CHECK(!op->u.consume.all);
        CHECK_EQ_U64(op->u.consume.count, 0);
    }
    if ((op = PARSE_ONE("consume 1 2 3 4294967295")))
        CHECK_EQ_U64(op->u.consume.count, UINT32_MAX);
    if ((op = PARSE_ONE("set_rx 1 2 3 0xffffffff"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_SET_RX);
        CHECK_EQ_U64(op->u.set_index.ring.dom, 1);
        CHECK_EQ_U64(op->u.set_index.value, UINT32_MAX);
    }
    if ((op = PARSE_ONE("set_tx 1 2 any 16"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_SET_TX);
        CHECK_EQ_U64(op->u.set_index.ring.partner, 0x7ff4);
        CHECK_EQ_U64(op->u.set_index.value, 16);
    }
}

static void test_notify(void)
{
    const struct trace_op *op;

    if ((op = PARSE_ONE("notify 3"))) {
        CHECK_EQ_U64(op->kind, TRACE_OP_NOTIFY);
        CHECK_EQ_U64(op->u.notify.dom, 3);
        CHECK_EQ_U64(op->u.notify.mode, TRACE_NOTIFY_NULL);
        CHECK_EQ_U64(op->u.notify.nent, 0);
    }
    if ((op = PARSE_ONE("notify 3 null")))
        CHECK_EQ_U64(op->u.notify.mode, TRACE_NOTIFY_NULL);
    if ((op = PARSE_ONE("notify 3 nent=257"))) {
        CHECK_EQ_U64(op->u.notify.mode, TRACE_NOTIFY_NENT);
        CHECK_EQ_U64(op->u.notify.nent, 257);
    }
    if ((op = PARSE_ONE("notify 3 nent=0")))
        CHECK_EQ_U64(op->u.notify.mode, TRACE_NOTIFY_NENT);
    if ((op = PARSE_ONE("notify 3 nent=4294967295")))
        CHECK_EQ_U64(op->u.notify.nent, UINT32_MAX);
    if ((op = PARSE_ONE("notify 3 1:2:3 65535:4294967295:4294967295 0:0:0"))) {
        CHECK_EQ_U64(op->u.notify.mode, TRACE_NOTIFY_LIST);
        CHECK_EQ_U64(op->u.notify.nent, 3);
        CHECK_EQ_U64(op->u.notify.first_ent, 0);
        CHECK_EQ_U64(trace.nents, 3);
        CHECK_EQ_U64(ents[0].dom, 1);
        CHECK_EQ_U64(ents[0].port, 2);
        CHECK_EQ_U64(ents[0].space_required, 3);
        CHECK_EQ_U64(ents[1].dom, 65535);
        CHECK_EQ_U64(ents[1].port, UINT32_MAX);
        CHECK_EQ_U64(ents[1].space_required, UINT32_MAX);
        CHECK_EQ_U64(ents[2].space_required, 0);
    }
    /* A second list starts where the first ended. */
    if (CHECK_EQ_I64(parse("notify 0 1:1:1\nnotify 1 2:2:2 3:3:3\n"), 0)) {
        CHECK_EQ_U64(ops[1].u.notify.first_ent, 1);
        CHECK_EQ_U64(ops[1].u.notify.nent, 2);
        CHECK_EQ_U64(ents[2].dom, 3);
    }
}

/* Comments, blank lines, tabs, CRLF, line numbers. */
static void test_layout(void)
{
    static const char text[] =
        "# a comment: non-ASCII is fine here, \xc3\xa9 \xe2\x82\xac "
        "\xf0\x9f\x98\x80\n"
        "\n"
        "   \t  \n"
        "domain\t1 # trailing comment\r\n"
        "domain 2#no space before the comment\n"
        "\r\n"
        "  register 1 0 2 64  \t\n"
        "sendv 1 0 2:0 hex:aB#cd";
    const struct trace_op *op;

    if (CHECK_EQ_I64(parse(text), 0) && CHECK_EQ_U64(trace.nops, 4)) {
        CHECK_EQ_U64(ops[0].line, 4);
        CHECK_EQ_U64(ops[0].u.domain.dom, 1);
        CHECK_EQ_U64(ops[1].line, 5);
        CHECK_EQ_U64(ops[1].u.domain.dom, 2);
        CHECK_EQ_U64(ops[2].line, 7);
        CHECK_EQ_U64(ops[3].line, 8);
        CHECK_EQ_U64(ops[3].u.sendv.iov_count, 1);
        CHECK_EQ_U64(ops[3].u.sendv.iovs[0].len, 1);
        CHECK_EQ_U64(bytes[0], 0xab);
    }
    CHECK_EQ_I64(parse(""), 0);
    CHECK_EQ_U64(trace.nops, 0);
    CHECK_EQ_I64(parse("# only\n\n   # comments\n"), 0);
    CHECK_EQ_U64(trace.nops, 0);
    CHECK_EQ_I64(parse_n(NULL, 0, OPS_CAP, BYTES_CAP, ENTS_CAP), 0);
    if ((op = PARSE_ONE("domain 007")))
        CHECK_EQ_U64(op->u.domain.dom, 7);
    if ((op = PARSE_ONE("domain 0X1f")))
        CHECK_EQ_U64(op->u.domain.dom, 31);
}

/* A line of exactly TRACE_MAX_LINE bytes is fine; one more is not. */
static void test_line_length(void)
{
    size_t n = TRACE_MAX_LINE + 2;
    char *text = malloc(n + 1);

    if (!CHECK(text))
        return;
    memset(text, ' ', n);
    memcpy(text, "domain 1 #", 10);
    text[TRACE_MAX_LINE] = '\n';
    text[TRACE_MAX_LINE + 1] = '\0';
    CHECK_EQ_I64(parse(text), 0);
    CHECK_EQ_U64(trace.nops, 1);
    /* CRLF does not count towards the length. */
    text[TRACE_MAX_LINE] = '\r';
    text[TRACE_MAX_LINE + 1] = '\n';
    text[TRACE_MAX_LINE + 2] = '\0';
    CHECK_EQ_I64(parse(text), 0);
    text[TRACE_MAX_LINE] = ' ';
    text[TRACE_MAX_LINE + 1] = '\n';
    CHECK_EQ_I64(parse(text), -1);
    CHECK_EQ_U64(err.line, 1);
    CHECK(strstr(err.msg, "expected a line of at most 65536 bytes"));
    free(text);
}

/* ---- malformed input ------------------------------------------------- */

struct bad_case {
    const char *text;
    uint32_t line;
    const char *msg;            /* a substring of err.msg */
};

static const struct bad_case bad_cases[] = {
    { "frob 1", 1, "expected an operation (option, domain, destroy, "
                   "register, unregister, sendv, consume, set_rx, set_tx or "
                   "notify), got \"frob\"" },
    { "DOMAIN 1", 1, "expected an operation" },
    { "domain 0\n\n# c\ndomain 1\nbogus\n", 5, "got \"bogus\"" },
    { "domain 0\r\nfrob\r\n", 2, "expected an operation" },
    /* option */
    { "option", 1, "expected mac_permissive=<0|1> or abi=<argo|v4v> after "
                   "option, got the end of the line" },
    { "option abi=x", 1, "expected argo or v4v after abi=, got \"abi=x\"" },
    { "option abi", 1, "expected abi=<argo|v4v>, got \"abi\"" },
    { "domain 0\noption abi=v4v", 2, "expected option abi= before the first "
                                    "operation" },
    { "option abi=v4v\ndomain 1\nregister 1 7 0 64 flags=2", 3,
      "flags= is an Argo argument; V4V's register has none" },
    { "option abi=v4v\ndomain 1\nunregister 1 7 0 pad=1", 3,
      "pad= is an Argo argument; V4V's unregister has none" },
    { "option abi=v4v\nsendv 0 1 1:7 dst_pad=1 fill:1", 2,
      "dst_pad= is an Argo argument; V4V's sendv has none" },
    { "option mac_permissive=2", 1, "expected a mac_permissive value (0..1) "
                                    "after mac_permissive=" },
    { "option mac_permissive", 1, "after mac_permissive=" },
    { "option foo=1", 1, "unknown option \"foo\" for option" },
    { "option mac_permissive=1 mac_permissive=0", 1,
      "expected the end of the line after the option" },
    /* domain, destroy */
    { "domain", 1, "expected a domain id (0..32751) after domain, got the "
                   "end of the line" },
    { "domain 0x7ff0", 1, "expected a domain id (0..32751) after domain, got "
                          "\"0x7ff0\"" },
    { "domain 32752", 1, "expected a domain id (0..32751)" },
    { "domain -1", 1, "expected a domain id (0..32751)" },
    { "domain 0x", 1, "expected a domain id (0..32751)" },
    { "domain 1a", 1, "expected a domain id (0..32751)" },
    { "domain 0x1g", 1, "expected a domain id (0..32751)" },
    { "domain 99999999999999999999999", 1, "expected a domain id" },
    { "domain 1 noargo noargo", 1, "expected noargo at most once" },
    { "domain 1 argo", 1, "unknown option \"argo\" for domain" },
    { "domain 1 noargo=1", 1, "expected noargo, got \"noargo=1\"" },
    { "destroy 0x7ff0", 1, "expected a domain id (0..32751) after destroy" },
    { "destroy 1 2", 1, "expected the end of the line after the domain id, "
                        "got \"2\"" },
    /* register */
    { "register 0 1 2", 1, "expected a ring length (0..4294967295) after "
                           "the partner" },
    { "register 0 1 2 4294967296", 1, "expected a ring length "
                                      "(0..4294967295) after the partner" },
    { "register 65536 1 2 64", 1, "expected a domain id (0..65535) after "
                                  "register" },
    { "register 0 4294967296 2 64", 1, "expected a port (0..4294967295) "
                                       "after the domain id" },
    { "register 0 1 65536 64", 1, "expected a partner domain id (0..65535) "
                                  "or any after the port" },
    { "register 0 1 ANY 64", 1, "expected a partner domain id" },
    { "register 0 1 2 64 foo", 1, "unknown option \"foo\" for register" },
    { "register 0 1 2 64 foo=3", 1, "unknown option \"foo\" for register" },
    { "register 0 1 2 64 npages=1 npages=2", 1,
      "expected npages= at most once" },
    { "register 0 1 2 64 fail_exist fail_exist", 1,
      "expected fail_exist at most once" },
    { "register 0 1 2 64 fail_exist=1", 1, "expected fail_exist, got" },
    { "register 0 1 2 64 pad=0x10000", 1, "expected a pad value (0..65535) "
                                          "after pad=" },
    { "register 0 1 2 64 gfn=good", 1, "expected gfn=bad" },
    { "register 0 1 2 64 gfn", 1, "expected gfn=bad" },
    { "register 0 1 2 64 flags=18446744073709551616", 1,
      "expected register flags (0..18446744073709551615) after flags=" },
    { "register 0 1 2 64 npages=18446744073709551616", 1,
      "expected a page count (0..18446744073709551615) after npages=" },
    { "register 0 1 2 64 npages=", 1, "expected a page count "
                                      "(0..18446744073709551615) after "
                                      "npages=" },
    /* unregister */
    { "unregister 0 1", 1, "expected a partner domain id (0..65535) or any "
                           "after the port, got the end of the line" },
    { "unregister 0 1 2 pad=1 pad=2", 1, "expected pad= at most once" },
    { "unregister 0 1 2 64", 1, "unknown option \"64\" for unregister" },
    { "unregister 0 1 2 pad=65536", 1, "expected a pad value (0..65535)" },
    /* sendv */
    { "sendv 0 1 2", 1, "expected \"<dst_dom>:<dst_port>\" after the source "
                        "port, got \"2\"" },
    { "sendv 0 1", 1, "expected \"<dst_dom>:<dst_port>\"" },
    { "sendv 0 4294967296 1:2", 1, "expected a source port (0..4294967295)" },
    { "sendv 0 1 65536:2", 1, "expected a destination domain id (0..65535) "
                              "in \"<dst_dom>:<dst_port>\"" },
    { "sendv 0 1 :2", 1, "expected a destination domain id" },
    { "sendv 0 1 any:2", 1, "expected a destination domain id" },
    { "sendv 0 1 2:4294967296", 1, "expected a destination port "
                                   "(0..4294967295)" },
    { "sendv 0 1 2:3:4", 1, "expected a destination port" },
    { "sendv 0 1 2:3 hex:abc", 1, "expected an even number of hex digits "
                                  "after hex:, got \"hex:abc\"" },
    { "sendv 0 1 2:3 hex:zz", 1, "expected hex digits (0-9, a-f) after hex:" },
    { "sendv 0 1 2:3 hex:0x00", 1, "expected hex digits" },
    { "sendv 0 1 2:3 fill:4294967296", 1, "expected an iov length "
                                          "(0..4294967295) after fill:" },
    { "sendv 0 1 2:3 fill:", 1, "expected an iov length" },
    { "sendv 0 1 2:3 fill:1:256", 1, "expected a fill byte (0..255) after "
                                     "the fill length" },
    { "sendv 0 1 2:3 fill:1:2:3", 1, "expected a fill byte" },
    { "sendv 0 1 2:3 fault:4294967296", 1, "expected an iov length "
                                           "(0..4294967295) after fault:" },
    { "sendv 0 1 2:3 fault:x", 1, "expected an iov length (0..4294967295) "
                                  "after fault:" },
    { "sendv 0 1 2:3 hex:00,pad=4294967296", 1, "expected a pad value "
                                                "(0..4294967295) after "
                                                ",pad=" },
    { "sendv 0 1 2:3 hex:00,pad=1,pad=2", 1, "expected a pad value" },
    { "sendv 0 1 2:3 hex:00,foo=1", 1, "expected \",pad=<x>\" after the iov" },
    { "sendv 0 1 2:3 hex:00 type=1", 1, "expected an iov (hex:, fill: or "
                                        "fault:) after the iovs, got "
                                        "\"type=1\" (options come before "
                                        "the iovs)" },
    { "sendv 0 1 2:3 hex:00 bogus", 1, "expected an iov (hex:, fill: or "
                                       "fault:) after the iovs" },
    { "sendv 0 1 2:3 bogus", 1, "expected an option or an iov" },
    { "sendv 0 1 2:3 hx:00", 1, "expected an option or an iov" },
    { "sendv 0 1 2:3 type=1 type=2", 1, "expected type= at most once" },
    { "sendv 0 1 2:3 src_dom=1 src_dom=any", 1,
      "expected src_dom= at most once" },
    { "sendv 0 1 2:3 type=4294967296", 1, "expected a message type "
                                          "(0..4294967295) after type=" },
    { "sendv 0 1 2:3 src_dom=65536", 1, "expected a source domain id "
                                        "(0..65535) or any after src_dom=" },
    { "sendv 0 1 2:3 src_pad=65536", 1, "expected a pad value (0..65535) "
                                        "after src_pad=" },
    { "sendv 0 1 2:3 dst_pad=65536", 1, "expected a pad value (0..65535) "
                                        "after dst_pad=" },
    { "sendv 0 1 2:3 niov=18446744073709551616", 1,
      "expected an iov count (0..18446744073709551615) after niov=" },
    { "sendv 0 1 2:3 foo=1", 1, "unknown option \"foo\" for sendv" },
    { "sendv 0 0 0:0 fill:0 fill:1 fill:2 fill:3 fill:4 fill:5 fill:6 "
      "fill:7 fill:8 fill:9 fill:10 fill:11 fill:12 fill:13 fill:14 "
      "fill:15 fill:16", 1, "expected at most 16 iovs" },
    /* consume, set_rx, set_tx */
    { "consume 0 1 2 3 4", 1, "expected the end of the line after the count" },
    { "consume 0 1 2 some", 1, "expected a message count (0..4294967295) "
                               "or all after the partner" },
    { "consume 0 1 2 4294967296", 1, "expected a message count" },
    { "set_rx 0 1 2", 1, "expected an index value (0..4294967295) after the "
                         "partner" },
    { "set_tx 0 1 2 4294967296", 1, "expected an index value" },
    { "set_rx 0 1 2 3 4", 1, "expected the end of the line after the value" },
    /* notify */
    { "notify", 1, "expected a domain id (0..65535) after notify" },
    { "notify 65536", 1, "expected a domain id (0..65535) after notify" },
    { "notify 0 null 1:2:3", 1, "expected the end of the line after null" },
    { "notify 0 null null", 1, "expected the end of the line after null" },
    { "notify 0 nent=1 1:2:3", 1, "expected the end of the line after "
                                  "nent=<n>" },
    { "notify 0 1:2:3 null", 1, "null and nent= stand alone" },
    { "notify 0 1:2:3 nent=4", 1, "null and nent= stand alone" },
    { "notify 0 1:2", 1, "expected \"<dst_dom>:<port>:<space_required>\", "
                         "got \"1:2\"" },
    { "notify 0 nothing", 1, "expected \"<dst_dom>:<port>:<space_required>\"" },
    { "notify 0 65536:2:3", 1, "expected a destination domain id (0..65535) "
                               "in \"<dst_dom>:<port>:<space_required>\"" },
    { "notify 0 1:4294967296:3", 1, "expected a port (0..4294967295) in" },
    { "notify 0 1:2:4294967296", 1, "expected a space_required value "
                                    "(0..4294967295)" },
    { "notify 0 1:2:3:4", 1, "expected a space_required value" },
    { "notify 0 nent=4294967296", 1, "expected an entry count "
                                     "(0..4294967295) after nent=" },
    { "notify 0 nent=", 1, "expected an entry count" },
    /* text */
    { "domain 0\rdomain 1\n", 1, "expected a line feed after the carriage "
                                 "return" },
    { "domain 0\n# \r comment\n", 2, "expected a line feed after the "
                                     "carriage return" },
    { "domain\x01 0", 1, "expected text, got control character 0x01" },
    { "domain 0 \x7f", 1, "expected text, got control character 0x7f" },
    { "domain 0 # \x1b[0m", 1, "control character 0x1b" },
    { "domain 0 \xc3\xa9", 1, "expected ASCII outside comments, got byte "
                              "0xc3" },
    { "domain 0 # \xff", 1, "expected UTF-8 text, got byte 0xff" },
    { "# \xc0\xaf overlong", 1, "expected UTF-8 text" },
    { "# \xed\xa0\x80 surrogate", 1, "expected UTF-8 text" },
    { "# \xf4\x90\x80\x80 past U+10FFFF", 1, "expected UTF-8 text" },
    { "domain 0\n# \xe2\x82\ndomain 1\n", 2, "expected UTF-8 text" },
    { "domain 0\n# \xe2\x82", 2, "expected UTF-8 text" },
    { "# \x80", 1, "expected UTF-8 text" },
};

static void check_bad_case(const struct bad_case *c)
{
    int rc = parse(c->text);
    bool ok = rc == -1 && err.line == c->line && strstr(err.msg, c->msg);

    if (!CHECK(ok))
        fprintf(stderr, "    input %s\n    got rc=%d line %u \"%s\"\n"
                "    want rc=-1 line %u, a message containing \"%s\"\n",
                c->text, rc, err.line, err.msg, c->line, c->msg);
}

static void test_malformed(void)
{
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
        check_bad_case(&bad_cases[i]);
}

static void test_nul_byte(void)
{
    static const char text[] = "domain 0\ndomain\0 1\n";

    CHECK_EQ_I64(parse_n(text, sizeof(text) - 1, OPS_CAP, BYTES_CAP,
                         ENTS_CAP), -1);
    CHECK_EQ_U64(err.line, 2);
    CHECK(strstr(err.msg, "expected text, got a NUL byte"));
}

/* Every capacity runs out with "trace too large" on the line that needed it. */
static void test_capacity(void)
{
    static const char three_ops[] = "domain 0\ndomain 1\n\ndomain 2\n";
    static const char hex[] = "domain 0\nsendv 0 0 0:0 hex:0102 hex:03\n";
    static const char list[] = "notify 0 1:1:1\nnotify 0 1:1:1 2:2:2\n";

    CHECK_EQ_I64(parse_n(three_ops, strlen(three_ops), 3, 0, 0), 0);
    CHECK_EQ_I64(parse_n(three_ops, strlen(three_ops), 2, 0, 0), -1);
    CHECK_EQ_U64(err.line, 4);
    CHECK_EQ_STR(err.msg, "trace too large");
    CHECK_EQ_I64(parse_n(hex, strlen(hex), 2, 3, 0), 0);
    CHECK_EQ_I64(parse_n(hex, strlen(hex), 2, 2, 0), -1);
    CHECK_EQ_U64(err.line, 2);
    CHECK_EQ_STR(err.msg, "trace too large");
    CHECK_EQ_I64(parse_n(list, strlen(list), 2, 0, 3), 0);
    CHECK_EQ_I64(parse_n(list, strlen(list), 2, 0, 2), -1);
    CHECK_EQ_U64(err.line, 2);
    CHECK_EQ_STR(err.msg, "trace too large");
}

/* Messages keep their "expected" part even for absurdly long tokens. */
static void test_long_token_message(void)
{
    char text[400];

    strcpy(text, "register 0 1 2 ");
    memset(text + strlen(text), '9', 300);
    text[15 + 300] = '\0';
    CHECK_EQ_I64(parse(text), -1);
    CHECK(strstr(err.msg, "expected a ring length (0..4294967295) after "
                          "the partner, got \"999"));
    CHECK(strstr(err.msg, "...\""));
    CHECK(strlen(err.msg) < sizeof(err.msg));
}

int main(void)
{
    test_option_domain_destroy();
    test_register();
    test_unregister();
    test_sendv();
    test_consume_and_indexes();
    test_notify();
    test_layout();
    test_line_length();
    test_malformed();
    test_nul_byte();
    test_capacity();
    test_long_token_message();
    return CHECK_DONE();
}
