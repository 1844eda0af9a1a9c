/* SPDX-License-Identifier: MIT */
/* Description: the decoder and encoder of the layout in ioreq_input.h. */
#include "ioreq_input.h"

struct byte_reader {
    const uint8_t *p;
    size_t left;
};

static uint8_t take8(struct byte_reader *r)
{
    if (!r->left)
        return 0;
    r->left--;
    return *r->p++;
}

static uint16_t take16(struct byte_reader *r)
{
    uint16_t lo = take8(r);

    return (uint16_t)(lo | (uint16_t)take8(r) << 8);
}

#define WRAP_BITS 0xffffffffffff0000ull

static void decode_op(struct byte_reader *r, struct ioreq_op *op)
{
    uint8_t ctl;

    *op = (struct ioreq_op){ .kind = (enum ioreq_op_kind)(take8(r) % IOREQ_OP_KINDS) };
    switch (op->kind) {
    case IOREQ_OP_CREATE:
        op->caller = take8(r) & 3;
        break;
    case IOREQ_OP_DESTROY:
        op->caller = take8(r) & 3;
        op->id = take8(r) & 15;
        break;
    case IOREQ_OP_MAP:
        op->caller = take8(r) & 3;
        op->map.id = take8(r) & 15;
        op->map.type = take8(r);
        op->map.flags = take8(r);
        op->map.opaque = (uint64_t)take8(r) * 256;
        ctl = take8(r);
        op->chunks_before_preempt = ctl & 15;
        op->map.op_pad = (ctl >> 4) & 1;
        break;
    case IOREQ_OP_SET_TYPE:
        op->set_type.first_pfn = take16(r);
        op->set_type.nr = take16(r);
        op->set_type.mem_type = take8(r);
        ctl = take8(r);
        op->set_type.pad = ctl & 1;
        op->set_type.op_pad = (ctl >> 1) & 1;
        if (ctl & 4)
            op->set_type.first_pfn |= WRAP_BITS;
        break;
    case IOREQ_OP_WRITE:
    case IOREQ_OP_READ:
    case IOREQ_OP_RESOLVE:
        op->gfn = take16(r);
        break;
    case IOREQ_OP_CONTINUE:
        op->chunks_before_preempt = take8(r) & 15;
        break;
    case IOREQ_OP_KINDS:
        break;
    }
}

void ioreq_decode(const uint8_t *data, size_t size, struct ioreq_input *in)
{
    struct byte_reader r = { data, size };
    uint8_t cfg = take8(&r);

    in->cfg = (struct ioreq_model_config){
        .hvm = !(cfg & 1),
        .hap = !(cfg & 2),
        .destroy_resets_pages = (cfg & 4) != 0,
        .nr_pages = 64u * ((uint32_t)(cfg >> 3) + 1),
    };
    in->nops = 0;
    while (r.left && in->nops < IOREQ_INPUT_MAX_OPS)
        decode_op(&r, &in->ops[in->nops++]);
}

struct byte_writer {
    uint8_t *p;
    size_t len, cap;
    bool bad;
};

static void put8(struct byte_writer *w, uint64_t v, uint64_t max)
{
    if (v > max || w->len >= w->cap) {
        w->bad = true;
        return;
    }
    w->p[w->len++] = (uint8_t)v;
}

static void put16(struct byte_writer *w, uint64_t v)
{
    if (v > 0xffff) {
        w->bad = true;
        return;
    }
    put8(w, v & 0xff, 0xff);
    put8(w, v >> 8, 0xff);
}

static void encode_op(struct byte_writer *w, const struct ioreq_op *op)
{
    uint64_t pfn = op->set_type.first_pfn;
    bool wraps = (pfn & WRAP_BITS) == WRAP_BITS;

    put8(w, op->kind, IOREQ_OP_KINDS - 1);
    switch (op->kind) {
    case IOREQ_OP_CREATE:
        put8(w, op->caller, 3);
        break;
    case IOREQ_OP_DESTROY:
        put8(w, op->caller, 3);
        put8(w, op->id, 15);
        break;
    case IOREQ_OP_MAP:
        put8(w, op->caller, 3);
        put8(w, op->map.id, 15);
        put8(w, op->map.type, 0xff);
        put8(w, op->map.flags, 0xff);
        if (op->map.opaque % 256)
            w->bad = true;
        put8(w, op->map.opaque / 256, 0xff);
        put8(w, op->chunks_before_preempt | (uint32_t)op->map.op_pad << 4, 0x1f);
        break;
    case IOREQ_OP_SET_TYPE:
        put16(w, wraps ? pfn & 0xffff : pfn);
        put16(w, op->set_type.nr);
        put8(w, op->set_type.mem_type, 0xff);
        put8(w, op->set_type.pad | (uint32_t)op->set_type.op_pad << 1 |
                (wraps ? 4u : 0u), 7);
        break;
    case IOREQ_OP_WRITE:
    case IOREQ_OP_READ:
    case IOREQ_OP_RESOLVE:
        put16(w, op->gfn);
        break;
    case IOREQ_OP_CONTINUE:
        put8(w, op->chunks_before_preempt, 15);
        break;
    case IOREQ_OP_KINDS:
        w->bad = true;
        break;
    }
}

size_t ioreq_encode(const struct ioreq_input *in, uint8_t *buf, size_t cap)
{
    struct byte_writer w = { buf, 0, cap, false };
    uint32_t pages = in->cfg.nr_pages;

    if (pages < 64 || pages > 2048 || pages % 64)
        return 0;
    put8(&w, (in->cfg.hvm ? 0u : 1u) | (in->cfg.hap ? 0u : 2u) |
             (in->cfg.destroy_resets_pages ? 4u : 0u) | (pages / 64 - 1) << 3,
         0xff);
    for (size_t i = 0; i < in->nops; i++)
        encode_op(&w, &in->ops[i]);
    return w.bad ? 0 : w.len;
}

const char *ioreq_op_name(enum ioreq_op_kind kind)
{
    static const char *const names[IOREQ_OP_KINDS] = {
        "create", "destroy", "map", "set_type", "write", "read", "resolve",
        "continue",
    };

    return (unsigned)kind < IOREQ_OP_KINDS ? names[kind] : "?";
}
