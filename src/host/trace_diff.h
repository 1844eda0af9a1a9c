/* SPDX-License-Identifier: MIT */
/*
 * Description: runs one trace on two backends in lockstep and finds the
 * first place they disagree: a result line, or the bytes of a ring.
 */
#ifndef ARGOLAB_TRACE_DIFF_H
#define ARGOLAB_TRACE_DIFF_H

#include <stddef.h>

#include "host_backend.h"
#include "known_findings.h"
#include "../trace/trace.h"

#define DIFF_WINDOW 32u

enum diff_kind {
    DIFF_EQUAL,
    DIFF_RESULT_LINE,           /* an operation's line (or a final line) */
    DIFF_RING_BYTES,            /* the same ring holds different bytes */
    DIFF_RING_PRESENCE,         /* a ring is registered on one side only */
    DIFF_KNOWN_FINDING,         /* stopped before an op reaching a finding */
};

struct diff_report {
    enum diff_kind kind;
    uint32_t op_index;          /* index into t->ops; t->nops for the final lines */
    char *line_a, *line_b;      /* malloc'd, no newline; "(none)" when missing */
    struct trace_ring_name ring;
    size_t offset;              /* first differing byte of the ring's pages */
    size_t window_start;        /* bytes shown around it */
    size_t window_len;
    uint8_t window_a[DIFF_WINDOW], window_b[DIFF_WINDOW];
    bool present_a;             /* DIFF_RING_PRESENCE: which side has it */
    unsigned finding;           /* DIFF_KNOWN_FINDING: its number */
};

/*
 * Called before each operation runs (index into t->ops), so a caller can
 * tell where a backend stopped if it dies.
 */
typedef void (*diff_progress_fn)(void *ctx, uint32_t op_index);

/*
 * Run t on a and b side by side. Returns 0 when every result line and every
 * ring's bytes agree after every operation, 1 with *r describing the first
 * disagreement, -1 when a run failed (out of memory). Free r with
 * diff_report_free.
 *
 * With kf (and a being the model), the run stops before an operation that
 * would reach a known Xen defect (known_findings.h): returns 2 with r->kind
 * DIFF_KNOWN_FINDING, everything before it having agreed.
 */
int trace_diff(const struct trace *t, struct host_backend *a,
               struct host_backend *b, struct known_findings *kf,
               diff_progress_fn progress, void *ctx, struct diff_report *r);

void diff_report_free(struct diff_report *r);

#endif
