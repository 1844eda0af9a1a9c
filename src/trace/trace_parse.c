/* SPDX-License-Identifier: MIT */
/* Description: parser for the trace text format (docs/trace-format.md). */
#include "trace.h"
#include "text_buf.h"
#include "../ring_model/ring_abi.h"

/* A word of the line: never NUL-terminated, it points into the input. */
struct token {
    const char *s;
    size_t n;
};

struct parser {
    struct trace *t;
    struct trace_error *err;
    uint32_t line;
    const char *p;              /* unread part of the line, comment cut off */
    const char *end;
    uint8_t abi;                /* enum ring_abi, from option abi= */
    bool seen_op;               /* an operation other than an option */
};

/*
 * A numeric field: how the error message names it and its range. alt is a
 * word accepted instead of a number ("any", "all"), or NULL.
 */
struct field {
    const char *what;
    uint64_t max;
    const char *alt;
};

static const struct field f_dom = { "a domain id", 0xffffu, NULL };
static const struct field f_new_dom = {
    "a domain id", ARGO_DOMID_FIRST_RESERVED - 1u, NULL
};
static const struct field f_partner = { "a partner domain id", 0xffffu, "any" };
static const struct field f_port = { "a port", UINT32_MAX, NULL };
static const struct field f_src_port = { "a source port", UINT32_MAX, NULL };
static const struct field f_dst_dom = {
    "a destination domain id", 0xffffu, NULL
};
static const struct field f_dst_port = {
    "a destination port", UINT32_MAX, NULL
};
static const struct field f_ring_len = { "a ring length", UINT32_MAX, NULL };
static const struct field f_npages = { "a page count", UINT64_MAX, NULL };
static const struct field f_flags = { "register flags", UINT64_MAX, NULL };
static const struct field f_pad16 = { "a pad value", 0xffffu, NULL };
static const struct field f_pad32 = { "a pad value", UINT32_MAX, NULL };
static const struct field f_type = { "a message type", UINT32_MAX, NULL };
static const struct field f_src_dom = { "a source domain id", 0xffffu, "any" };
static const struct field f_niov = { "an iov count", UINT64_MAX, NULL };
static const struct field f_iov_len = { "an iov length", UINT32_MAX, NULL };
static const struct field f_fill_byte = { "a fill byte", 0xffu, NULL };
static const struct field f_count = { "a message count", UINT32_MAX, "all" };
static const struct field f_index = { "an index value", UINT32_MAX, NULL };
static const struct field f_nent = { "an entry count", UINT32_MAX, NULL };
static const struct field f_space = {
    "a space_required value", UINT32_MAX, NULL
};
static const struct field f_mac = { "a mac_permissive value", 1u, NULL };

static const char ent_shape[] = "\"<dst_dom>:<port>:<space_required>\"";
static const char dst_shape[] = "\"<dst_dom>:<dst_port>\"";

/* ---- tokens ---------------------------------------------------------- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Next word of the line; false (and an empty token) at the line's end. */
static bool next_token(struct parser *ps, struct token *tok)
{
    while (ps->p < ps->end && is_blank(*ps->p))
        ps->p++;
    tok->s = ps->p;
    while (ps->p < ps->end && !is_blank(*ps->p))
        ps->p++;
    tok->n = (size_t)(ps->p - tok->s);
    return tok->n != 0;
}

static bool token_is(struct token tok, const char *word)
{
    size_t i;

    for (i = 0; i < tok.n; i++)
        if (word[i] != tok.s[i])
            return false;
    return word[i] == '\0';
}

static bool token_starts(struct token tok, const char *prefix)
{
    for (size_t i = 0; prefix[i]; i++)
        if (i >= tok.n || tok.s[i] != prefix[i])
            return false;
    return true;
}

static struct token token_tail(struct token tok, size_t from)
{
    struct token rest = { tok.s + from, tok.n - from };

    return rest;
}

/* Split tok at its first sep: head before it, tail after; false if absent. */
static bool token_split(struct token tok, char sep, struct token *head,
                        struct token *tail)
{
    for (size_t i = 0; i < tok.n; i++) {
        if (tok.s[i] == sep) {
            head->s = tok.s;
            head->n = i;
            *tail = token_tail(tok, i + 1);
            return true;
        }
    }
    *head = tok;
    tail->s = tok.s + tok.n;
    tail->n = 0;
    return false;
}

/* ---- numbers --------------------------------------------------------- */

static int digit_value(char c, unsigned base)
{
    int v;

    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    else
        return -1;
    return v < (int)base ? v : -1;
}

/* Decimal, or hex after 0x; false on anything else or past UINT64_MAX. */
static bool token_to_u64(struct token tok, uint64_t *out)
{
    unsigned base = 10;
    size_t i = 0;
    uint64_t v = 0;

    if (tok.n > 2 && tok.s[0] == '0' && (tok.s[1] == 'x' || tok.s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == tok.n)
        return false;
    for (; i < tok.n; i++) {
        int d = digit_value(tok.s[i], base);

        if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / base)
            return false;
        v = v * base + (uint64_t)d;
    }
    *out = v;
    return true;
}

/* ---- errors ---------------------------------------------------------- */

static struct text_buf error_begin(struct parser *ps)
{
    struct text_buf tb;

    ps->err->line = ps->line;
    tb_init(&tb, ps->err->msg, sizeof(ps->err->msg));
    return tb;
}

/* Long tokens are cut so the message keeps its "expected" part. */
static void tb_got(struct text_buf *tb, struct token got)
{
    const size_t shown = 40;

    if (!got.n) {
        tb_str(tb, ", got the end of the line");
        return;
    }
    tb_str(tb, ", got \"");
    if (got.n > shown) {
        tb_mem(tb, got.s, shown - 3);
        tb_str(tb, "...");
    } else {
        tb_mem(tb, got.s, got.n);
    }
    tb_char(tb, '"');
}

static int fail(struct parser *ps, const char *msg)
{
    struct text_buf tb = error_begin(ps);

    tb_str(&tb, msg);
    return -1;
}

/* "expected <what>, got "<tok>"" */
static int fail_expected(struct parser *ps, const char *what, struct token got)
{
    struct text_buf tb = error_begin(ps);

    tb_str(&tb, "expected ");
    tb_str(&tb, what);
    tb_got(&tb, got);
    return -1;
}

/* "expected <field> (0..<max>)[ or <alt>] <where><where_name>, got ..." */
static int fail_field(struct parser *ps, const struct field *f,
                      const char *where, const char *where_name,
                      struct token got)
{
    struct text_buf tb = error_begin(ps);

    tb_str(&tb, "expected ");
    tb_str(&tb, f->what);
    tb_str(&tb, " (0..");
    tb_u64(&tb, f->max);
    tb_char(&tb, ')');
    if (f->alt) {
        tb_str(&tb, " or ");
        tb_str(&tb, f->alt);
    }
    tb_char(&tb, ' ');
    tb_str(&tb, where);
    tb_str(&tb, where_name);
    tb_got(&tb, got);
    return -1;
}

static int fail_unknown_option(struct parser *ps, struct token key,
                               uint8_t kind)
{
    struct text_buf tb = error_begin(ps);

    tb_str(&tb, "unknown option \"");
    tb_mem(&tb, key.s, key.n < 40 ? key.n : 40);
    tb_str(&tb, "\" for ");
    tb_str(&tb, trace_op_name(kind));
    return -1;
}

static int fail_repeated_option(struct parser *ps, const char *spelling)
{
    struct text_buf tb = error_begin(ps);

    tb_str(&tb, "expected ");
    tb_str(&tb, spelling);
    tb_str(&tb, " at most once");
    return -1;
}

static int fail_too_large(struct parser *ps)
{
    return fail(ps, "trace too large");
}

/* ---- fields ---------------------------------------------------------- */

/*
 * Parse tok as field f. Returns 1 when tok is f's alternative word, 0 for
 * a number in range (in *out), -1 with the error set. got is what the
 * message quotes: the whole word, even when tok is only a part of it.
 */
static int parse_field(struct parser *ps, struct token tok, struct token got,
                       const struct field *f, const char *where,
                       const char *where_name, uint64_t *out)
{
    if (f->alt && token_is(tok, f->alt))
        return 1;
    if (!token_to_u64(tok, out) || *out > f->max)
        return fail_field(ps, f, where, where_name, got);
    return 0;
}

/* The next word as field f, found "after <after>". */
static int expect_field(struct parser *ps, const struct field *f,
                        const char *after, uint64_t *out)
{
    struct token tok;

    next_token(ps, &tok);
    return parse_field(ps, tok, tok, f, "after ", after, out);
}

/* A domain id field, with "any" standing for XEN_ARGO_DOMID_ANY. */
static int expect_domid(struct parser *ps, const struct field *f,
                        const char *after, uint16_t *out)
{
    uint64_t v = 0;
    int rc = expect_field(ps, f, after, &v);

    if (rc < 0)
        return -1;
    *out = rc ? XEN_ARGO_DOMID_ANY : (uint16_t)v;
    return 0;
}

static int expect_u32(struct parser *ps, const struct field *f,
                      const char *after, uint32_t *out)
{
    uint64_t v = 0;

    if (expect_field(ps, f, after, &v))
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int expect_end(struct parser *ps, const char *after)
{
    struct token tok;
    struct text_buf tb;

    if (!next_token(ps, &tok))
        return 0;
    tb = error_begin(ps);
    tb_str(&tb, "expected the end of the line after ");
    tb_str(&tb, after);
    tb_got(&tb, tok);
    return -1;
}

/* <dom> <port> <partner>, the first words after the operation's name. */
static int expect_ring_name(struct parser *ps, uint8_t kind,
                            struct trace_ring_name *ring)
{
    if (expect_domid(ps, &f_dom, trace_op_name(kind), &ring->dom) ||
        expect_u32(ps, &f_port, "the domain id", &ring->port) ||
        expect_domid(ps, &f_partner, "the port", &ring->partner))
        return -1;
    return 0;
}

/* ---- key=value options ----------------------------------------------- */

struct option_spec {
    const char *key;
    bool takes_value;
    const char *spelling;       /* for "expected <spelling> at most once" */
};

struct option_word {
    struct token key;
    struct token value;
    bool has_value;
};

static struct option_word split_option(struct token tok)
{
    struct option_word w;

    w.has_value = token_split(tok, '=', &w.key, &w.value);
    return w;
}

/*
 * Look tok up in specs, refusing unknown keys, repeats (seen is a bit per
 * spec) and a value on a flag word. Returns the spec index or -1.
 */
static int match_option(struct parser *ps, uint8_t kind,
                        const struct option_spec *specs, size_t nspecs,
                        struct token tok, uint32_t *seen,
                        struct option_word *w)
{
    *w = split_option(tok);
    for (size_t i = 0; i < nspecs; i++) {
        if (!token_is(w->key, specs[i].key))
            continue;
        if (*seen & (1u << i))
            return fail_repeated_option(ps, specs[i].spelling);
        if (w->has_value && !specs[i].takes_value)
            return fail_expected(ps, specs[i].spelling, tok);
        *seen |= 1u << i;
        return (int)i;
    }
    return fail_unknown_option(ps, w->key, kind);
}

/* The value of key=<value>; got quotes the whole word. */
static int option_value(struct parser *ps, const struct option_word *w,
                        struct token got, const struct field *f,
                        const char *spelling, uint64_t *out)
{
    return parse_field(ps, w->value, got, f, "after ", spelling, out);
}

/* ---- operations ------------------------------------------------------ */

static int parse_abi_value(struct parser *ps, const struct option_word *w,
                           struct token tok, struct trace_op *op)
{
    if (token_is(w->value, "argo"))
        op->u.option.abi = RING_ABI_ARGO;
    else if (token_is(w->value, "v4v"))
        op->u.option.abi = RING_ABI_V4V;
    else
        return fail_expected(ps, "argo or v4v after abi=", tok);
    /* Domains and rings exist in one ABI: it is chosen before any of them. */
    if (ps->seen_op)
        return fail(ps, "expected option abi= before the first operation");
    ps->abi = op->u.option.abi;
    return 0;
}

static int parse_option_op(struct parser *ps, struct trace_op *op)
{
    static const struct option_spec specs[] = {
        { "mac_permissive", true, "mac_permissive=" },
        { "abi", true, "abi=" },
    };
    struct token tok;
    struct option_word w;
    uint32_t seen = 0;
    uint64_t v = 0;
    int which;

    if (!next_token(ps, &tok))
        return fail_expected(ps, "mac_permissive=<0|1> or abi=<argo|v4v> after option", tok);
    which = match_option(ps, op->kind, specs, 2, tok, &seen, &w);
    if (which < 0)
        return -1;
    if (which == 1) {
        op->u.option.key = TRACE_OPTION_ABI;
        if (!w.has_value)
            return fail_expected(ps, "abi=<argo|v4v>", tok);
        if (parse_abi_value(ps, &w, tok, op))
            return -1;
        return expect_end(ps, "the option");
    }
    if (option_value(ps, &w, tok, &f_mac, "mac_permissive=", &v))
        return -1;
    op->u.option.mac_permissive = v != 0;
    return expect_end(ps, "the option");
}

/*
 * Arguments V4V's hypercall does not have: a V4V trace that sets one is
 * asking for something that cannot be said, so it is refused, not ignored.
 */
static int check_v4v_arguments(struct parser *ps, const struct trace_op *op)
{
    const char *word = NULL;

    if (op->kind == TRACE_OP_REGISTER) {
        if (op->u.reg.fail_exist)
            word = "fail_exist";
        else if (op->u.reg.flags)
            word = "flags=";
        else if (op->u.reg.pad)
            word = "pad=";
    } else if (op->kind == TRACE_OP_UNREGISTER && op->u.unreg.pad) {
        word = "pad=";
    } else if (op->kind == TRACE_OP_SENDV) {
        if (op->u.sendv.src_pad)
            word = "src_pad=";
        else if (op->u.sendv.dst_pad)
            word = "dst_pad=";
    }
    if (!word)
        return 0;
    {
        struct text_buf tb = error_begin(ps);

        tb_str(&tb, word);
        tb_str(&tb, " is an Argo argument; V4V's ");
        tb_str(&tb, trace_op_name(op->kind));
        tb_str(&tb, " has none (this trace is option abi=v4v)");
    }
    return -1;
}

static int parse_domain(struct parser *ps, struct trace_op *op)
{
    static const struct option_spec specs[] = {
        { "noargo", false, "noargo" },
    };
    struct token tok;
    struct option_word w;
    uint32_t seen = 0;
    uint64_t v = 0;

    if (expect_field(ps, &f_new_dom, "domain", &v))
        return -1;
    op->u.domain.dom = (uint16_t)v;
    while (next_token(ps, &tok)) {
        if (match_option(ps, op->kind, specs, 1, tok, &seen, &w) < 0)
            return -1;
        op->u.domain.noargo = true;
    }
    return 0;
}

static int parse_destroy(struct parser *ps, struct trace_op *op)
{
    uint64_t v = 0;

    if (expect_field(ps, &f_new_dom, "destroy", &v))
        return -1;
    op->u.destroy.dom = (uint16_t)v;
    return expect_end(ps, "the domain id");
}

enum register_option {
    REG_FAIL_EXIST, REG_NPAGES, REG_FLAGS, REG_PAD, REG_GFN
};

static const struct option_spec register_options[] = {
    [REG_FAIL_EXIST] = { "fail_exist", false, "fail_exist" },
    [REG_NPAGES] = { "npages", true, "npages=" },
    [REG_FLAGS] = { "flags", true, "flags=" },
    [REG_PAD] = { "pad", true, "pad=" },
    [REG_GFN] = { "gfn", true, "gfn=bad" },
};

static int parse_register_option(struct parser *ps, struct trace_op *op,
                                 struct token tok, uint32_t *seen)
{
    struct option_word w;
    uint64_t v = 0;

    switch (match_option(ps, op->kind, register_options,
                         ARGO_ARRAY_SIZE(register_options), tok, seen, &w)) {
    case REG_FAIL_EXIST:
        op->u.reg.fail_exist = true;
        return 0;
    case REG_NPAGES:
        op->u.reg.has_npages = true;
        return option_value(ps, &w, tok, &f_npages, "npages=",
                            &op->u.reg.npages);
    case REG_FLAGS:
        return option_value(ps, &w, tok, &f_flags, "flags=", &op->u.reg.flags);
    case REG_PAD:
        if (option_value(ps, &w, tok, &f_pad16, "pad=", &v))
            return -1;
        op->u.reg.pad = (uint16_t)v;
        return 0;
    case REG_GFN:
        if (!token_is(w.value, "bad"))
            return fail_expected(ps, "gfn=bad", tok);
        op->u.reg.bad_gfn = true;
        return 0;
    default:
        return -1;
    }
}

static int parse_register(struct parser *ps, struct trace_op *op)
{
    const uint64_t fail_exist_bit = XEN_ARGO_REGISTER_FLAG_FAIL_EXIST;
    struct token tok;
    uint32_t seen = 0;

    if (expect_ring_name(ps, op->kind, &op->u.reg.ring) ||
        expect_u32(ps, &f_ring_len, "the partner", &op->u.reg.len))
        return -1;
    while (next_token(ps, &tok))
        if (parse_register_option(ps, op, tok, &seen))
            return -1;
    /*
     * "fail_exist" and "flags=0x1" are the same hypercall argument; one
     * representation of it keeps equal traces equal field by field.
     */
    if (op->u.reg.fail_exist)
        op->u.reg.flags |= fail_exist_bit;
    op->u.reg.fail_exist = (op->u.reg.flags & fail_exist_bit) != 0;
    return 0;
}

static int parse_unregister(struct parser *ps, struct trace_op *op)
{
    static const struct option_spec specs[] = {
        { "pad", true, "pad=" },
    };
    struct token tok;
    struct option_word w;
    uint32_t seen = 0;
    uint64_t v = 0;

    if (expect_ring_name(ps, op->kind, &op->u.unreg.ring))
        return -1;
    while (next_token(ps, &tok)) {
        if (match_option(ps, op->kind, specs, 1, tok, &seen, &w) < 0 ||
            option_value(ps, &w, tok, &f_pad16, "pad=", &v))
            return -1;
        op->u.unreg.pad = (uint16_t)v;
    }
    return 0;
}

/* Append the bytes of hex digits to the trace; digits were checked. */
static int append_hex_bytes(struct parser *ps, struct token digits)
{
    struct trace *t = ps->t;
    size_t n = digits.n / 2;

    if (n > t->bytes_cap - t->nbytes)
        return fail_too_large(ps);
    for (size_t i = 0; i < n; i++) {
        int hi = digit_value(digits.s[2 * i], 16);
        int lo = digit_value(digits.s[2 * i + 1], 16);

        t->bytes[t->nbytes++] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

static int parse_hex_iov(struct parser *ps, struct token body, struct token got,
                         struct trace_iov *iov)
{
    struct token digits = token_tail(body, 4);

    for (size_t i = 0; i < digits.n; i++)
        if (digit_value(digits.s[i], 16) < 0)
            return fail_expected(ps, "hex digits (0-9, a-f) after hex:", got);
    if (digits.n % 2)
        return fail_expected(ps, "an even number of hex digits after hex:",
                             got);
    iov->kind = TRACE_IOV_HEX;
    iov->len = (uint32_t)(digits.n / 2);
    iov->hex_offset = ps->t->nbytes;
    return append_hex_bytes(ps, digits);
}

static int parse_fill_iov(struct parser *ps, struct token body,
                          struct token got, struct trace_iov *iov)
{
    struct token len_tok, byte_tok;
    uint64_t v = 0;

    iov->kind = TRACE_IOV_FILL;
    iov->has_fill_byte = token_split(token_tail(body, 5), ':', &len_tok,
                                     &byte_tok);
    if (parse_field(ps, len_tok, got, &f_iov_len, "after ", "fill:", &v))
        return -1;
    iov->len = (uint32_t)v;
    if (!iov->has_fill_byte)
        return 0;
    if (parse_field(ps, byte_tok, got, &f_fill_byte, "after ",
                    "the fill length", &v))
        return -1;
    iov->fill_byte = (uint8_t)v;
    return 0;
}

static int parse_fault_iov(struct parser *ps, struct token body,
                           struct token got, struct trace_iov *iov)
{
    uint64_t v = 0;

    iov->kind = TRACE_IOV_FAULT;
    if (parse_field(ps, token_tail(body, 6), got, &f_iov_len, "after ",
                    "fault:", &v))
        return -1;
    iov->len = (uint32_t)v;
    return 0;
}

static bool is_iov_word(struct token tok)
{
    return token_starts(tok, "hex:") || token_starts(tok, "fill:") ||
           token_starts(tok, "fault:");
}

/* The ",pad=<x>" after an iov's body; suffix is what follows the comma. */
static int parse_iov_pad(struct parser *ps, struct token tok,
                         struct token suffix, struct trace_iov *iov)
{
    struct token pad_tok = { suffix.s - 1, suffix.n + 1 };
    uint64_t pad = 0;

    if (!token_starts(pad_tok, ",pad="))
        return fail_expected(ps, "\",pad=<x>\" after the iov", tok);
    if (parse_field(ps, token_tail(pad_tok, 5), tok, &f_pad32, "after ",
                    ",pad=", &pad))
        return -1;
    iov->pad = (uint32_t)pad;
    return 0;
}

/* <kind>:<...>[,pad=<x>] */
static int parse_iov(struct parser *ps, struct token tok, struct trace_iov *iov)
{
    struct token body, suffix;
    bool has_pad = token_split(tok, ',', &body, &suffix);
    int rc;

    memset(iov, 0, sizeof(*iov));
    if (token_starts(body, "hex:"))
        rc = parse_hex_iov(ps, body, tok, iov);
    else if (token_starts(body, "fill:"))
        rc = parse_fill_iov(ps, body, tok, iov);
    else
        rc = parse_fault_iov(ps, body, tok, iov);
    if (rc || !has_pad)
        return rc;
    return parse_iov_pad(ps, tok, suffix, iov);
}

/* <dst_dom>:<dst_port> */
static int parse_sendv_dst(struct parser *ps, struct trace_op *op)
{
    struct token tok, dom_tok, port_tok;
    uint64_t v = 0;

    next_token(ps, &tok);
    if (!token_split(tok, ':', &dom_tok, &port_tok)) {
        struct text_buf tb = error_begin(ps);

        tb_str(&tb, "expected ");
        tb_str(&tb, dst_shape);
        tb_str(&tb, " after the source port");
        tb_got(&tb, tok);
        return -1;
    }
    if (parse_field(ps, dom_tok, tok, &f_dst_dom, "in ", dst_shape, &v))
        return -1;
    op->u.sendv.dst_dom = (uint16_t)v;
    if (parse_field(ps, port_tok, tok, &f_dst_port, "in ", dst_shape, &v))
        return -1;
    op->u.sendv.dst_port = (uint32_t)v;
    return 0;
}

enum sendv_option { SV_TYPE, SV_SRC_DOM, SV_SRC_PAD, SV_DST_PAD, SV_NIOV };

static int parse_sendv_option(struct parser *ps, struct trace_op *op,
                              struct token tok, uint32_t *seen)
{
    static const struct option_spec specs[] = {
        [SV_TYPE] = { "type", true, "type=" },
        [SV_SRC_DOM] = { "src_dom", true, "src_dom=" },
        [SV_SRC_PAD] = { "src_pad", true, "src_pad=" },
        [SV_DST_PAD] = { "dst_pad", true, "dst_pad=" },
        [SV_NIOV] = { "niov", true, "niov=" },
    };
    struct option_word w;
    uint64_t v = 0;
    int rc;

    switch (match_option(ps, op->kind, specs, ARGO_ARRAY_SIZE(specs), tok,
                         seen, &w)) {
    case SV_TYPE:
        rc = option_value(ps, &w, tok, &f_type, "type=", &v);
        op->u.sendv.type = (uint32_t)v;
        return rc;
    case SV_SRC_DOM:
        rc = option_value(ps, &w, tok, &f_src_dom, "src_dom=", &v);
        op->u.sendv.has_src_dom = true;
        op->u.sendv.src_dom = rc == 1 ? XEN_ARGO_DOMID_ANY : (uint16_t)v;
        return rc < 0 ? -1 : 0;
    case SV_SRC_PAD:
        rc = option_value(ps, &w, tok, &f_pad16, "src_pad=", &v);
        op->u.sendv.src_pad = (uint16_t)v;
        return rc;
    case SV_DST_PAD:
        rc = option_value(ps, &w, tok, &f_pad16, "dst_pad=", &v);
        op->u.sendv.dst_pad = (uint16_t)v;
        return rc;
    case SV_NIOV:
        op->u.sendv.has_niov = true;
        return option_value(ps, &w, tok, &f_niov, "niov=", &op->u.sendv.niov);
    default:
        return -1;
    }
}

/* A word after the iovs that is not one; options must precede the iovs. */
static int fail_after_iovs(struct parser *ps, struct token tok)
{
    struct text_buf tb = error_begin(ps);

    tb_str(&tb, "expected an iov (hex:, fill: or fault:) after the iovs");
    tb_got(&tb, tok);
    if (split_option(tok).has_value)
        tb_str(&tb, " (options come before the iovs)");
    return -1;
}

static int parse_sendv(struct parser *ps, struct trace_op *op)
{
    struct token tok;
    uint32_t seen = 0;

    if (expect_domid(ps, &f_dom, "sendv", &op->u.sendv.dom) ||
        expect_u32(ps, &f_src_port, "the domain id", &op->u.sendv.src_port) ||
        parse_sendv_dst(ps, op))
        return -1;
    while (next_token(ps, &tok)) {
        if (is_iov_word(tok)) {
            if (op->u.sendv.iov_count == TRACE_MAX_IOVS)
                return fail(ps, "expected at most 16 iovs");
            if (parse_iov(ps, tok, &op->u.sendv.iovs[op->u.sendv.iov_count++]))
                return -1;
        } else if (op->u.sendv.iov_count) {
            return fail_after_iovs(ps, tok);
        } else if (split_option(tok).has_value) {
            if (parse_sendv_option(ps, op, tok, &seen))
                return -1;
        } else {
            return fail_expected(ps, "an option or an iov (hex:, fill: or "
                                 "fault:)", tok);
        }
    }
    return 0;
}

static int parse_consume(struct parser *ps, struct trace_op *op)
{
    uint64_t v = 0;
    struct token tok;
    int rc;

    if (expect_ring_name(ps, op->kind, &op->u.consume.ring))
        return -1;
    op->u.consume.count = 1;
    if (!next_token(ps, &tok))
        return 0;
    rc = parse_field(ps, tok, tok, &f_count, "after ", "the partner", &v);
    if (rc < 0)
        return -1;
    op->u.consume.all = rc == 1;
    /* "all" has no count; zero keeps equal traces bytewise equal. */
    op->u.consume.count = rc == 1 ? 0 : (uint32_t)v;
    return expect_end(ps, "the count");
}

static int parse_set_index(struct parser *ps, struct trace_op *op)
{
    if (expect_ring_name(ps, op->kind, &op->u.set_index.ring) ||
        expect_u32(ps, &f_index, "the partner", &op->u.set_index.value))
        return -1;
    return expect_end(ps, "the value");
}

/* <dst_dom>:<port>:<space_required>, appended to t->ents. */
static int parse_notify_ent(struct parser *ps, struct token tok)
{
    struct trace *t = ps->t;
    struct token dom_tok, port_tok, space_tok, rest;
    struct trace_notify_ent *ent;
    uint64_t v = 0;

    if (!token_split(tok, ':', &dom_tok, &rest) ||
        !token_split(rest, ':', &port_tok, &space_tok))
        return fail_expected(ps, ent_shape, tok);
    if (t->nents == t->ents_cap)
        return fail_too_large(ps);
    ent = &t->ents[t->nents];
    if (parse_field(ps, dom_tok, tok, &f_dst_dom, "in ", ent_shape, &v))
        return -1;
    ent->dom = (uint16_t)v;
    if (parse_field(ps, port_tok, tok, &f_port, "in ", ent_shape, &v))
        return -1;
    ent->port = (uint32_t)v;
    if (parse_field(ps, space_tok, tok, &f_space, "in ", ent_shape, &v))
        return -1;
    ent->space_required = (uint32_t)v;
    t->nents++;
    return 0;
}

static int parse_notify_list(struct parser *ps, struct trace_op *op,
                             struct token first)
{
    struct token tok = first;

    op->u.notify.mode = TRACE_NOTIFY_LIST;
    op->u.notify.first_ent = ps->t->nents;
    do {
        if (token_is(tok, "null") || token_starts(tok, "nent="))
            return fail_expected(ps, "only entries after an entry (null and "
                                 "nent= stand alone)", tok);
        if (parse_notify_ent(ps, tok))
            return -1;
        op->u.notify.nent++;
    } while (next_token(ps, &tok));
    return 0;
}

static int parse_notify(struct parser *ps, struct trace_op *op)
{
    struct token tok;
    uint64_t v = 0;

    if (expect_domid(ps, &f_dom, "notify", &op->u.notify.dom))
        return -1;
    op->u.notify.mode = TRACE_NOTIFY_NULL;
    if (!next_token(ps, &tok))
        return 0;
    if (token_is(tok, "null"))
        return expect_end(ps, "null");
    if (token_starts(tok, "nent=")) {
        if (parse_field(ps, token_tail(tok, 5), tok, &f_nent, "after ",
                        "nent=", &v))
            return -1;
        op->u.notify.mode = TRACE_NOTIFY_NENT;
        op->u.notify.nent = (uint32_t)v;
        return expect_end(ps, "nent=<n>");
    }
    return parse_notify_list(ps, op, tok);
}

/* ---- lines ----------------------------------------------------------- */

typedef int (*op_parser_fn)(struct parser *ps, struct trace_op *op);

static const op_parser_fn op_parsers[TRACE_OP_KIND_COUNT] = {
    [TRACE_OP_OPTION] = parse_option_op,
    [TRACE_OP_DOMAIN] = parse_domain,
    [TRACE_OP_DESTROY] = parse_destroy,
    [TRACE_OP_REGISTER] = parse_register,
    [TRACE_OP_UNREGISTER] = parse_unregister,
    [TRACE_OP_SENDV] = parse_sendv,
    [TRACE_OP_CONSUME] = parse_consume,
    [TRACE_OP_SET_RX] = parse_set_index,
    [TRACE_OP_SET_TX] = parse_set_index,
    [TRACE_OP_NOTIFY] = parse_notify,
};

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t avail)
{
    uint32_t cp, min;
    size_t n;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2, cp = s[0] & 0x1fu, min = 0x80;
    } else if ((s[0] & 0xf0) == 0xe0) {
        n = 3, cp = s[0] & 0x0fu, min = 0x800;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4, cp = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3fu);
    }
    /* Overlong forms, surrogates and code points past Unicode are not text. */
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

static int fail_byte(struct parser *ps, const char *what, unsigned char c)
{
    struct text_buf tb = error_begin(ps);

    tb_str(&tb, what);
    tb_str(&tb, " 0x");
    tb_hex_fixed(&tb, c, 2);
    return -1;
}

static int check_control(struct parser *ps, unsigned char c)
{
    if (c == '\0')
        return fail(ps, "expected text, got a NUL byte");
    if (c == '\r')
        return fail(ps, "expected a line feed after the carriage return");
    return fail_byte(ps, "expected text, got control character", c);
}

/*
 * Check the line is text: printable ASCII and tabs before any '#', valid
 * UTF-8 without control characters after it. Sets *code_len to the length
 * before the comment.
 */
static int check_line_text(struct parser *ps, const unsigned char *s,
                           size_t n, size_t *code_len)
{
    bool in_comment = false;
    size_t i = 0;

    *code_len = n;
    while (i < n) {
        unsigned char c = s[i];

        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return check_control(ps, c);
        if (c == '#' && !in_comment) {
            in_comment = true;
            *code_len = i;
        }
        if (c < 0x80) {
            i++;
        } else if (!in_comment) {
            return fail_byte(ps, "expected ASCII outside comments, got byte",
                             c);
        } else {
            size_t seq = utf8_sequence(s + i, n - i);

            if (!seq)
                return fail_byte(ps, "expected UTF-8 text, got byte", c);
            i += seq;
        }
    }
    return 0;
}

static int lookup_op(struct token word)
{
    for (uint8_t k = 0; k < TRACE_OP_KIND_COUNT; k++)
        if (token_is(word, trace_op_name(k)))
            return k;
    return -1;
}

static int parse_line(struct parser *ps, const char *s, size_t n)
{
    struct trace *t = ps->t;
    struct trace_op *op;
    struct token word;
    size_t code_len;
    int kind;

    if (n > TRACE_MAX_LINE) {
        struct text_buf tb = error_begin(ps);

        tb_str(&tb, "expected a line of at most ");
        tb_u64(&tb, TRACE_MAX_LINE);
        tb_str(&tb, " bytes");
        return -1;
    }
    if (check_line_text(ps, (const unsigned char *)s, n, &code_len))
        return -1;
    ps->p = s;
    ps->end = s + code_len;
    if (!next_token(ps, &word))
        return 0;
    kind = lookup_op(word);
    if (kind < 0)
        return fail_expected(ps, "an operation (option, domain, destroy, "
                             "register, unregister, sendv, consume, set_rx, "
                             "set_tx or notify)", word);
    if (t->nops == t->ops_cap)
        return fail_too_large(ps);
    op = &t->ops[t->nops];
    memset(op, 0, sizeof(*op));
    op->kind = (uint8_t)kind;
    op->line = ps->line;
    if (op_parsers[kind](ps, op))
        return -1;
    if (kind != TRACE_OP_OPTION)
        ps->seen_op = true;
    if (ps->abi == RING_ABI_V4V && check_v4v_arguments(ps, op))
        return -1;
    t->nops++;
    return 0;
}

static size_t find_line_end(const char *text, size_t pos, size_t len)
{
    while (pos < len && text[pos] != '\n')
        pos++;
    return pos;
}

int trace_parse(const char *text, size_t len, struct trace *t,
                struct trace_error *err)
{
    struct parser ps = { .t = t, .err = err };
    size_t pos = 0;

    t->nops = t->nbytes = t->nents = 0;
    err->line = 0;
    err->msg[0] = '\0';
    while (pos < len) {
        size_t eol = find_line_end(text, pos, len);
        size_t end = eol;

        ps.line++;
        /* CRLF: the CR belongs to the line ending, not to the line. */
        if (end > pos && text[end - 1] == '\r')
            end--;
        if (parse_line(&ps, text + pos, end - pos))
            return -1;
        pos = eol + 1;
    }
    return 0;
}
_Static_assert(RING_ABI_V4V == TRACE_OPTION_ABI_V4V && RING_ABI_ARGO == TRACE_OPTION_ABI_ARGO, "option abi values are enum ring_abi");
