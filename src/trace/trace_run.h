/* SPDX-License-Identifier: MIT */
/*
 * Description: runs a trace on a backend and prints the result lines of the
 * trace-format contract (docs/trace-format.md).
 *
 * The runner plays every guest: it owns their ring memory and iov data,
 * reads and consumes messages as a receiving guest would, and keeps the
 * harness-level facts (which domains exist, signal totals). Freestanding:
 * memory comes from the host callbacks, text goes to the writer.
 */
#ifndef ARGOLAB_TRACE_RUN_H
#define ARGOLAB_TRACE_RUN_H

#include "../backend/argo_backend.h"
#include "trace.h"

/* Domains a trace may have at once, on every backend alike. */
#define TRACE_DOMAIN_CAPACITY   40u
/* One spare: a registration that will fail with -ENOSPC still gets its pages. */
#define TRACE_RING_CAPACITY     (TRACE_DOMAIN_CAPACITY * ARGO_MAX_RINGS_PER_DOMAIN + 1u)
/* More signals than one operation can raise: every waiter plus the sender. */
#define TRACE_MAX_OP_SIGNALS \
    (ARGO_MAX_RINGS_PER_DOMAIN * ARGO_MAX_PENDING_PER_RING + 1u)

_Static_assert(ARGO_MODEL_MAX_DOMAINS >= TRACE_DOMAIN_CAPACITY,
               "the model holds every domain a trace may create");

struct trace_host {
    /* Zeroed memory for a guest ring; NULL when it cannot be had. */
    void *(*alloc_zeroed)(void *ctx, size_t n);
    void (*release)(void *ctx, void *p, size_t n);
    trace_write_fn write;
    void *ctx;
    /*
     * Optional: called after each operation has run and printed; a non-zero
     * return stops the run with that value (e.g. an invariant violation).
     */
    int (*after_op)(void *ctx, const struct trace_op *op);
};

struct trace_guest_ring {
    bool live;
    argo_domid_t dom;
    xen_argo_port_t port;
    argo_domid_t partner;
    uint32_t len;
    uint8_t *mem;
    size_t size;
};

struct trace_domain {
    bool exists;
    argo_domid_t dom;
    uint64_t signals;
};

/* Runner state: large, so callers allocate it (statically in a guest). */
struct trace_runner {
    const struct argo_backend *be;
    const struct trace_host *host;
    const struct trace *trace;
    struct trace_domain domains[TRACE_DOMAIN_CAPACITY];
    struct trace_guest_ring rings[TRACE_RING_CAPACITY];
    uint32_t nrings;            /* rings[] beyond this were never used */
    argo_domid_t op_signals[TRACE_MAX_OP_SIGNALS];
    uint32_t nop_signals;
    const struct trace_op *sendv_op;    /* the iovs the guest reader serves */
    xen_argo_ring_data_ent_t ents[ARGO_MAX_NOTIFY_COUNT];
    uint8_t scratch[4096];
    int write_status;
    long last_rc;                       /* rc of the last operation run */
    uint8_t abi;                        /* enum ring_abi of the guests' rings */
};

/*
 * Run every operation of t on be, from an empty system, writing one result
 * line per operation and then the final ring and domain lines. Returns 0,
 * the writer's or after_op's non-zero result, or -ENOMEM if ring memory
 * could not be allocated. All ring memory is released before returning.
 */
int trace_run(struct trace_runner *run, const struct trace *t,
              const struct argo_backend *be, const struct trace_host *host);

/*
 * The same, one step at a time (argolab diff runs backends in lockstep):
 * start, then step through t's operations in order, then finish, which
 * prints the final ring and domain lines when asked and releases all ring
 * memory. step and finish return the writer's status (0, or its non-zero
 * result; output stops at the first failure).
 */
void trace_run_start(struct trace_runner *run, const struct trace *t,
                     const struct argo_backend *be,
                     const struct trace_host *host);
int trace_run_step(struct trace_runner *run, const struct trace_op *op);
int trace_run_finish(struct trace_runner *run, bool print_final_state);

#endif
