/* SPDX-License-Identifier: MIT */
/*
 * Description: the invariant checker on corrupted model states: it must
 * report or accept any state without reading outside the model or the
 * rings, and must report a ring whose books no longer match its messages.
 *
 * Input: byte C, then C records of 6 bytes, then a trace in the binary
 * form. The trace builds a valid state; each record then corrupts one
 * field or ring byte (record: field selector, domain slot, ring slot, and
 * a 24-bit value, little-endian). The checker runs once on the valid
 * state (it must pass) and once after the corruption. Fields that size an
 * array or name guest memory stay within what the model allocated; the
 * checker is allowed to trust those, nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/argo_backend.h"
#include "ring_model/argo_invariants.h"
#include "host/trace_host_std.h"
#include "trace/trace_run.h"

#define RECORD_BYTES 6u

static struct argo_model model;
static struct trace_runner runner;
static struct trace_op ops[TRACE_DECODE_OPS_CAP];
static uint8_t bytes[TRACE_DECODE_BYTES_CAP];
static struct trace_notify_ent ents[TRACE_DECODE_ENTS_CAP];

/* The guest pages behind ring r, as the runner allocated them. */
static size_t ring_bytes(const struct argo_model_ring *r)
{
    for (unsigned i = 0; i < runner.nrings; i++)
        if (runner.rings[i].live && runner.rings[i].mem == r->mem)
            return runner.rings[i].size;
    return 0;
}

/*
 * Corrupt one thing; returns true when the result must be reported: the
 * books of a ring the checker audits no longer match its messages.
 */
static bool corrupt(const uint8_t *rec)
{
    struct argo_model_domain *d;
    struct argo_model_ring *r;
    uint32_t v = rec[3] | (uint32_t)rec[4] << 8 | (uint32_t)rec[5] << 16;
    size_t size;

    if (!model.domain_slots)
        return false;
    d = &model.domains[rec[1] % model.domain_slots];
    r = d->ring_slots ? &d->rings[rec[2] % d->ring_slots] : NULL;

    switch (rec[0] % 20) {
    case 0: d->exists = v & 1; break;
    case 1: d->argo_enabled = v & 1; break;
    case 2: d->domid = (argo_domid_t)v; break;
    case 3: d->ring_count = v % 256; break;
    case 4: model.ledger.accepted_bytes += v; break;
    case 5: model.ledger.consumed_bytes += v; break;
    case 6: model.ledger.dropped_bytes += v; break;
    default:
        if (!r)
            return false;
        switch (rec[0] % 20) {
        case 7: r->in_use = v & 1; break;
        case 8: r->aport = v; break;
        case 9: r->partner_id = (argo_domid_t)v; break;
        case 10: r->tx_ptr = v; break;
        case 11: r->nwaiters = v % (ARGO_MAX_PENDING_PER_RING + 8); break;
        case 12: r->waiters[v % ARGO_MAX_PENDING_PER_RING].domid =
                     (argo_domid_t)(v >> 8); break;
        case 13: r->waiters[v % ARGO_MAX_PENDING_PER_RING].len = v >> 5; break;
        case 14:
            r->ledger.queued_bytes += v;
            return v && d->exists && d->argo_enabled && r->in_use &&
                   !r->ledger.tampered;
        case 15: r->ledger.queued_msgs += v; break;
        case 16: r->ledger.tampered = v & 1; break;
        case 17: r->npages = v; break;
        /*
         * Not len and npages together: a consistent pair larger than the
         * pages would have the checker walk past them, and it may trust it.
         */
        case 18: r->len = v; break;
        default:
            /* A byte of the ring's guest pages, header included. */
            size = r->in_use && r->mem ? ring_bytes(r) : 0;
            if (size)
                r->mem[v % size] ^= (uint8_t)(v >> 16 | 1);
            break;
        }
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace t = {
        .ops = ops, .ops_cap = TRACE_DECODE_OPS_CAP,
        .bytes = bytes, .bytes_cap = TRACE_DECODE_BYTES_CAP,
        .ents = ents, .ents_cap = TRACE_DECODE_ENTS_CAP,
    };
    struct trace_host host = {
        .alloc_zeroed = trace_host_calloc,
        .release = trace_host_free,
        .write = trace_host_discard,
    };
    const uint8_t *records;
    struct argo_violation v;
    struct argo_backend be;
    size_t nrecords;
    bool must_fail = false;

    if (!size)
        return 0;
    nrecords = data[0] % 8;
    if (size < 1 + nrecords * RECORD_BYTES)
        return 0;
    records = data + 1;
    data += 1 + nrecords * RECORD_BYTES;
    size -= 1 + nrecords * RECORD_BYTES;

    trace_decode(data, size, &t);
    argo_backend_model_init(&be, &model);
    trace_run_start(&runner, &t, &be, &host);
    for (uint32_t i = 0; i < t.nops; i++)
        trace_run_step(&runner, &t.ops[i]);

    if (argo_check_invariants(&model, &v)) {
        fprintf(stderr, "valid state rejected: %s\n", v.what);
        abort();
    }
    for (size_t i = 0; i < nrecords; i++)
        must_fail = corrupt(records + i * RECORD_BYTES);
    /* Later records can hide an earlier one (a ring marked tampered...). */
    must_fail &= nrecords == 1;
    /* Otherwise either verdict is fine; reading out of bounds is not. */
    if (!argo_check_invariants(&model, &v) && must_fail) {
        fprintf(stderr, "corrupted ring books went unnoticed\n");
        abort();
    }

    trace_run_finish(&runner, false);
    return 0;
}
