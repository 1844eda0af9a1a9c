/* SPDX-License-Identifier: MIT */
/*
 * Description: the argolab trace — operations on an Argo system, as parsed
 * from the text format (docs/trace-format.md), decoded from fuzzer bytes, or
 * printed back as text.
 *
 * Freestanding like the model: no allocation (callers provide the arrays of
 * struct trace), no stdio. A struct trace never points into the input text.
 */
#ifndef ARGOLAB_TRACE_H
#define ARGOLAB_TRACE_H

#include "../ring_model/model_compat.h"

/* More iovs than Xen accepts can be listed, to reach its -EINVAL. */
#define TRACE_MAX_IOVS          16u
/* A text line longer than this is malformed. */
#define TRACE_MAX_LINE          65536u

/*
 * Capacities every decoder of fuzzer bytes uses: decoding stops at capacity,
 * so one input decodes to the same trace in a fuzzer and in replay.
 */
#define TRACE_DECODE_OPS_CAP    1024u
#define TRACE_DECODE_BYTES_CAP  (1u << 16)
#define TRACE_DECODE_ENTS_CAP   1024u

enum trace_op_kind {
    TRACE_OP_OPTION,
    TRACE_OP_DOMAIN,
    TRACE_OP_DESTROY,
    TRACE_OP_REGISTER,
    TRACE_OP_UNREGISTER,
    TRACE_OP_SENDV,
    TRACE_OP_CONSUME,
    TRACE_OP_SET_RX,
    TRACE_OP_SET_TX,
    TRACE_OP_NOTIFY,
    TRACE_OP_KIND_COUNT
};

/*
 * What an option line sets. A zeroed option op is mac_permissive=0, the
 * only kind the binary form encodes.
 */
enum trace_option_key {
    TRACE_OPTION_MAC_PERMISSIVE = 0,    /* option mac_permissive=<0|1> */
    TRACE_OPTION_ABI = 1,               /* option abi=<argo|v4v> */
};

/* Values of option abi=, the same numbers as enum ring_abi. */
#define TRACE_OPTION_ABI_ARGO   0u
#define TRACE_OPTION_ABI_V4V    1u

/* A ring as the trace names it: <dom> <port> <partner>. */
struct trace_ring_name {
    uint16_t dom;
    uint32_t port;
    uint16_t partner;           /* 0x7ff4 (XEN_ARGO_DOMID_ANY) prints as "any" */
};

enum trace_iov_kind {
    TRACE_IOV_HEX,              /* hex:<bytes>: len bytes at trace->bytes[hex_offset] */
    TRACE_IOV_FILL,             /* fill:<len>[:<byte>] */
    TRACE_IOV_FAULT,            /* fault:<len>: memory the guest cannot read */
};

struct trace_iov {
    uint8_t kind;               /* enum trace_iov_kind */
    bool has_fill_byte;         /* fill:<len>:<byte>; else the fixed pattern */
    uint8_t fill_byte;
    uint32_t len;
    uint32_t pad;               /* ,pad=<x> */
    uint32_t hex_offset;
};

enum trace_notify_mode {
    TRACE_NOTIFY_NULL,          /* "notify <dom>" or "notify <dom> null" */
    TRACE_NOTIFY_NENT,          /* nent=<n>: header claims n zeroed entries */
    TRACE_NOTIFY_LIST,          /* explicit <dst_dom>:<port>:<space_required>... */
};

struct trace_notify_ent {
    uint16_t dom;
    uint32_t port;
    uint32_t space_required;
};

struct trace_op {
    uint8_t kind;               /* enum trace_op_kind */
    uint32_t line;              /* 1-based source line; decoder numbers ops 1.. */
    union {
        struct {
            uint8_t key;        /* enum trace_option_key */
            bool mac_permissive;
            uint8_t abi;        /* enum ring_abi */
        } option;
        struct {
            uint16_t dom;       /* < 0x7ff0 */
            bool noargo;
        } domain;
        struct {
            uint16_t dom;
        } destroy;
        struct {
            struct trace_ring_name ring;
            uint32_t len;
            bool fail_exist;
            bool has_npages;    /* else the runner passes what len needs */
            uint64_t npages;
            uint64_t flags;     /* flags=<x>; fail_exist ORs in bit 0 */
            uint16_t pad;
            bool bad_gfn;
        } reg;
        struct {
            struct trace_ring_name ring;
            uint16_t pad;
        } unreg;
        struct {
            uint16_t dom;
            uint32_t src_port;
            uint16_t dst_dom;
            uint32_t dst_port;
            uint32_t type;
            bool has_src_dom;   /* else the source domain is the sender itself */
            uint16_t src_dom;   /* 0x7ff4 prints as "any" */
            uint16_t src_pad;
            uint16_t dst_pad;
            bool has_niov;      /* else niov = iov_count */
            uint64_t niov;
            uint8_t iov_count;
            struct trace_iov iovs[TRACE_MAX_IOVS];
        } sendv;
        struct {
            struct trace_ring_name ring;
            bool all;
            uint32_t count;     /* default 1 */
        } consume;
        struct {
            struct trace_ring_name ring;
            uint32_t value;
        } set_index;            /* TRACE_OP_SET_RX and TRACE_OP_SET_TX */
        struct {
            uint16_t dom;
            uint8_t mode;       /* enum trace_notify_mode */
            uint32_t nent;      /* NENT: claimed count; LIST: entries listed */
            uint32_t first_ent; /* LIST: index into trace->ents */
        } notify;
    } u;
};

/*
 * Storage for a parsed trace. The caller points ops/bytes/ents at arrays of
 * the given capacities; parse and decode fill them and set the counts.
 */
struct trace {
    struct trace_op *ops;
    uint32_t nops, ops_cap;
    uint8_t *bytes;             /* hex iov payloads */
    uint32_t nbytes, bytes_cap;
    struct trace_notify_ent *ents;
    uint32_t nents, ents_cap;
};

struct trace_error {
    uint32_t line;              /* 1-based; 0 when not tied to a line */
    char msg[192];              /* "<what was expected>", NUL-terminated */
};

/* First word of each kind as the text format spells it ("sendv"); "unknown"
 * for a kind out of range. */
const char *trace_op_name(uint8_t kind);

/*
 * Parse the text format into canonical structs: fail_exist equals bit 0 of
 * flags, "all" consumes store count 0, fields that do not apply are zero.
 * Returns 0 with t filled, or -1 with err set to the
 * first malformed line and what was expected there; t is then unspecified.
 * Running out of t's capacity is reported the same way ("trace too large").
 * Capacities that can never run out: ops_cap >= number of lines,
 * bytes_cap >= len / 2, ents_cap >= len / 6.
 */
/*
 * The ring ABI t selects with option abi= (only options precede it, the
 * parser sees to that): TRACE_OPTION_ABI_ARGO or TRACE_OPTION_ABI_V4V.
 */
uint8_t trace_abi(const struct trace *t);

int trace_parse(const char *text, size_t len, struct trace *t,
                struct trace_error *err);

/*
 * Decode an arbitrary byte string into a valid trace (never fails; stops
 * at the input's end or the capacity of t; callers use the TRACE_DECODE_*
 * capacities). Layout: docs/trace-format.md, "Binary form". Deterministic.
 * The decoder remembers recently registered rings and destroyed domains so
 * that later operations name them; the struct it yields is canonical (see
 * trace_parse).
 */
void trace_decode(const uint8_t *data, size_t len, struct trace *t);

/* Sink for text output; returns 0, or non-zero to stop the producer. */
typedef int (*trace_write_fn)(void *ctx, const char *s, size_t n);

/*
 * Print t as text that trace_parse reads back into the same operations
 * (line numbers aside). One operation per line, canonical spelling.
 * Returns 0 or the writer's non-zero result.
 */
int trace_print(const struct trace *t, trace_write_fn write, void *ctx);

/* The byte fill:<len> puts at offset i when no byte is given. */
static inline uint8_t trace_fill_pattern(uint32_t i)
{
    return (uint8_t)(i % 251u);
}

#endif
