/* SPDX-License-Identifier: MIT */
/* Description: prints a trace as canonical text that trace_parse reads back. */
#include "trace.h"
#include "text_buf.h"
#include "../ring_model/argo_abi.h"

/*
 * Output is gathered in a small buffer and handed to the writer in chunks,
 * so a long hex iov costs a few writer calls, not one per byte. Once the
 * writer refuses, nothing more is written and its result is kept.
 */
struct out {
    trace_write_fn write;
    void *ctx;
    int rc;
    struct text_buf tb;
    char buf[512];
};

/* Room for the longest item appended at once: a u64, hex or decimal. */
#define OUT_ITEM_MAX 24u

static void out_flush(struct out *o)
{
    if (o->tb.len && !o->rc)
        o->rc = o->write(o->ctx, o->tb.buf, o->tb.len);
    tb_reset(&o->tb);
}

static void out_room(struct out *o, size_t n)
{
    if (o->tb.len + n >= o->tb.cap)
        out_flush(o);
}

static void out_str(struct out *o, const char *s)
{
    while (*s) {
        out_room(o, 1);
        tb_char(&o->tb, *s++);
    }
}

static void out_u64(struct out *o, uint64_t v)
{
    out_room(o, OUT_ITEM_MAX);
    tb_u64(&o->tb, v);
}

static void out_hex(struct out *o, uint64_t v)
{
    out_room(o, OUT_ITEM_MAX);
    tb_hex(&o->tb, v);
}

/* " <number>" */
static void out_arg(struct out *o, uint64_t v)
{
    out_str(o, " ");
    out_u64(o, v);
}

/* A domain id where the format accepts "any" for XEN_ARGO_DOMID_ANY. */
static void out_domid_or_any(struct out *o, uint16_t dom)
{
    if (dom == XEN_ARGO_DOMID_ANY)
        out_str(o, "any");
    else
        out_u64(o, dom);
}

/* " <key><hex>" when v is not zero; zero is every such option's default. */
static void out_hex_option(struct out *o, const char *key, uint64_t v)
{
    if (!v)
        return;
    out_str(o, key);
    out_hex(o, v);
}

static void out_ring_name(struct out *o, const struct trace_ring_name *ring)
{
    out_arg(o, ring->dom);
    out_arg(o, ring->port);
    out_str(o, " ");
    out_domid_or_any(o, ring->partner);
}

static void print_option(struct out *o, const struct trace_op *op)
{
    if (op->u.option.key == TRACE_OPTION_ABI) {
        out_str(o, " abi=");
        out_str(o, op->u.option.abi == TRACE_OPTION_ABI_V4V ? "v4v" : "argo");
        return;
    }
    out_str(o, " mac_permissive=");
    out_str(o, op->u.option.mac_permissive ? "1" : "0");
}

static void print_domain(struct out *o, const struct trace_op *op)
{
    out_arg(o, op->u.domain.dom);
    if (op->u.domain.noargo)
        out_str(o, " noargo");
}

static void print_destroy(struct out *o, const struct trace_op *op)
{
    out_arg(o, op->u.destroy.dom);
}

/* fail_exist stands for bit 0 of flags; flags= prints the other bits. */
static void print_register(struct out *o, const struct trace_op *op)
{
    const uint64_t fail_exist_bit = XEN_ARGO_REGISTER_FLAG_FAIL_EXIST;

    out_ring_name(o, &op->u.reg.ring);
    out_arg(o, op->u.reg.len);
    if (op->u.reg.fail_exist || (op->u.reg.flags & fail_exist_bit))
        out_str(o, " fail_exist");
    if (op->u.reg.has_npages) {
        out_str(o, " npages=");
        out_u64(o, op->u.reg.npages);
    }
    out_hex_option(o, " flags=", op->u.reg.flags & ~fail_exist_bit);
    out_hex_option(o, " pad=", op->u.reg.pad);
    if (op->u.reg.bad_gfn)
        out_str(o, " gfn=bad");
}

static void print_unregister(struct out *o, const struct trace_op *op)
{
    out_ring_name(o, &op->u.unreg.ring);
    out_hex_option(o, " pad=", op->u.unreg.pad);
}

/* hex:<bytes>, reading only bytes the trace holds. */
static void print_hex_iov(struct out *o, const struct trace *t,
                          const struct trace_iov *iov)
{
    uint32_t n = iov->len;

    out_str(o, "hex:");
    if (iov->hex_offset > t->nbytes)
        return;
    if (n > t->nbytes - iov->hex_offset)
        n = t->nbytes - iov->hex_offset;
    for (uint32_t i = 0; i < n; i++) {
        out_room(o, 2);
        tb_hex_fixed(&o->tb, t->bytes[iov->hex_offset + i], 2);
    }
}

static void print_iov(struct out *o, const struct trace *t,
                      const struct trace_iov *iov)
{
    out_str(o, " ");
    switch (iov->kind) {
    case TRACE_IOV_HEX:
        print_hex_iov(o, t, iov);
        break;
    case TRACE_IOV_FAULT:
        out_str(o, "fault:");
        out_u64(o, iov->len);
        break;
    default:
        out_str(o, "fill:");
        out_u64(o, iov->len);
        if (iov->has_fill_byte) {
            out_str(o, ":");
            out_u64(o, iov->fill_byte);
        }
        break;
    }
    out_hex_option(o, ",pad=", iov->pad);
}

static void print_sendv(struct out *o, const struct trace *t,
                        const struct trace_op *op)
{
    uint32_t niovs = op->u.sendv.iov_count;

    out_arg(o, op->u.sendv.dom);
    out_arg(o, op->u.sendv.src_port);
    out_arg(o, op->u.sendv.dst_dom);
    out_str(o, ":");
    out_u64(o, op->u.sendv.dst_port);
    if (op->u.sendv.type) {
        out_str(o, " type=");
        out_u64(o, op->u.sendv.type);
    }
    if (op->u.sendv.has_src_dom) {
        out_str(o, " src_dom=");
        out_domid_or_any(o, op->u.sendv.src_dom);
    }
    out_hex_option(o, " src_pad=", op->u.sendv.src_pad);
    out_hex_option(o, " dst_pad=", op->u.sendv.dst_pad);
    if (op->u.sendv.has_niov) {
        out_str(o, " niov=");
        out_u64(o, op->u.sendv.niov);
    }
    if (niovs > TRACE_MAX_IOVS)
        niovs = TRACE_MAX_IOVS;
    for (uint32_t i = 0; i < niovs; i++)
        print_iov(o, t, &op->u.sendv.iovs[i]);
}

static void print_consume(struct out *o, const struct trace_op *op)
{
    out_ring_name(o, &op->u.consume.ring);
    if (op->u.consume.all)
        out_str(o, " all");
    else if (op->u.consume.count != 1)
        out_arg(o, op->u.consume.count);
}

static void print_set_index(struct out *o, const struct trace_op *op)
{
    out_ring_name(o, &op->u.set_index.ring);
    out_arg(o, op->u.set_index.value);
}

/*
 * The NULL handle is the bare "notify <dom>". Entries past t->nents are
 * not printed.
 */
static void print_notify(struct out *o, const struct trace *t,
                         const struct trace_op *op)
{
    uint32_t first = op->u.notify.first_ent;
    uint32_t n = op->u.notify.nent;

    out_arg(o, op->u.notify.dom);
    if (op->u.notify.mode == TRACE_NOTIFY_NENT) {
        out_str(o, " nent=");
        out_u64(o, n);
        return;
    }
    if (op->u.notify.mode != TRACE_NOTIFY_LIST || first > t->nents)
        return;
    if (n > t->nents - first)
        n = t->nents - first;
    for (uint32_t i = first; i < first + n; i++) {
        out_arg(o, t->ents[i].dom);
        out_str(o, ":");
        out_u64(o, t->ents[i].port);
        out_str(o, ":");
        out_u64(o, t->ents[i].space_required);
    }
}

static void print_op(struct out *o, const struct trace *t,
                     const struct trace_op *op)
{
    if (op->kind >= TRACE_OP_KIND_COUNT) {
        /* A comment, so the damage is visible but the text still parses. */
        out_str(o, "# unknown operation kind ");
        out_u64(o, op->kind);
        out_str(o, "\n");
        return;
    }
    out_str(o, trace_op_name(op->kind));
    switch (op->kind) {
    case TRACE_OP_OPTION:
        print_option(o, op);
        break;
    case TRACE_OP_DOMAIN:
        print_domain(o, op);
        break;
    case TRACE_OP_DESTROY:
        print_destroy(o, op);
        break;
    case TRACE_OP_REGISTER:
        print_register(o, op);
        break;
    case TRACE_OP_UNREGISTER:
        print_unregister(o, op);
        break;
    case TRACE_OP_SENDV:
        print_sendv(o, t, op);
        break;
    case TRACE_OP_CONSUME:
        print_consume(o, op);
        break;
    case TRACE_OP_SET_RX:
    case TRACE_OP_SET_TX:
        print_set_index(o, op);
        break;
    case TRACE_OP_NOTIFY:
        print_notify(o, t, op);
        break;
    }
    out_str(o, "\n");
}

int trace_print(const struct trace *t, trace_write_fn write, void *ctx)
{
    struct out o;

    o.write = write;
    o.ctx = ctx;
    o.rc = 0;
    tb_init(&o.tb, o.buf, sizeof(o.buf));
    for (uint32_t i = 0; i < t->nops && !o.rc; i++)
        print_op(&o, t, &t->ops[i]);
    out_flush(&o);
    return o.rc;
}
