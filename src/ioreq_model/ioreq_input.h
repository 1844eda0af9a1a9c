/* SPDX-License-Identifier: MIT */
/*
 * Description: the byte form of an ioreq operation sequence, as the fuzz
 * target consumes it, its decoder and its encoder (for hand-made seeds).
 *
 * Byte 0 configures the domain:
 *   bit 0 set: not an HVM domain; bit 1 set: no HAP;
 *   bit 2 set: destroying the owner resets its pages (else Xen 4.17's way);
 *   bits 3-7 = k: nr_pages = 64 * (k + 1), 64 .. 2048.
 * Then operations, each an opcode byte (kind = byte % IOREQ_OP_KINDS) and
 * fixed argument bytes; missing bytes at the end read as 0, multi-byte
 * fields are little-endian:
 *   0 create      caller             caller = byte & 3 (domain ids 0..3)
 *   1 destroy     caller id          id = byte & 15 (8..15 do not exist)
 *   2 map         caller id type flags opaque ctl
 *                 type, flags: the byte's value; opaque = byte * 256;
 *                 ctl bits 0-3: chunks before preemption (0 never),
 *                 bit 4: dm_op header pad = 1
 *   3 set_type    first_pfn:2 nr:2 mem_type ctl
 *                 ctl bit 0: pad = 1, bit 1: header pad = 1,
 *                 bit 2: first_pfn |= 0xffffffffffff0000 (wraps)
 *   4 write       gfn:2
 *   5 read        gfn:2
 *   6 resolve     gfn:2              the lazy recalculation of gfn's leaf
 *   7 continue    ctl                resume a preempted disclaim; ctl as map's
 */
#ifndef ARGOLAB_IOREQ_INPUT_H
#define ARGOLAB_IOREQ_INPUT_H

#include "ioreq_model.h"

enum ioreq_op_kind {
    IOREQ_OP_CREATE,
    IOREQ_OP_DESTROY,
    IOREQ_OP_MAP,
    IOREQ_OP_SET_TYPE,
    IOREQ_OP_WRITE,
    IOREQ_OP_READ,
    IOREQ_OP_RESOLVE,
    IOREQ_OP_CONTINUE,
    IOREQ_OP_KINDS
};

#define IOREQ_INPUT_MAX_OPS 512

struct ioreq_op {
    enum ioreq_op_kind kind;
    ioreq_domid_t caller;                   /* create, destroy, map */
    ioreq_servid_t id;                      /* destroy */
    struct ioreq_map_mem_type_op map;       /* map */
    uint32_t chunks_before_preempt;         /* map, continue */
    struct ioreq_set_mem_type_op set_type;  /* set_type */
    uint64_t gfn;                           /* write, read, resolve */
};

struct ioreq_input {
    struct ioreq_model_config cfg;
    size_t nops;
    struct ioreq_op ops[IOREQ_INPUT_MAX_OPS];
};

/* Decode size bytes into *in; ops past IOREQ_INPUT_MAX_OPS are dropped. */
void ioreq_decode(const uint8_t *data, size_t size, struct ioreq_input *in);

/*
 * Encode *in into buf (cap bytes). Returns the length, or 0 when it does
 * not fit or a field has no byte form (then decoding would differ).
 */
size_t ioreq_encode(const struct ioreq_input *in, uint8_t *buf, size_t cap);

/* "create", "map", ... */
const char *ioreq_op_name(enum ioreq_op_kind kind);

#endif
