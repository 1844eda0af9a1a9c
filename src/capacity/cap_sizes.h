/* SPDX-License-Identifier: MIT */
/*
 * Description: message size distributions: fixed, uniform, a weighted
 * histogram, or the payload sizes of a recorded trace.
 *
 * Histograms and traces become one table of distinct sizes with weights,
 * sampled in O(1) by Walker's alias method, so a size costs one random
 * number whatever the distribution.
 */
#ifndef ARGOLAB_CAP_SIZES_H
#define ARGOLAB_CAP_SIZES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cap_rng.h"

enum cap_size_kind {
    CAP_SIZE_FIXED,
    CAP_SIZE_UNIFORM,           /* every whole size in [lo, hi] equally likely */
    CAP_SIZE_HISTOGRAM,         /* size:weight pairs */
    CAP_SIZE_TRACE,             /* the sendv payloads of a trace, equally weighted */
};

struct cap_sizes {
    enum cap_size_kind kind;
    uint32_t lo, hi;            /* FIXED: lo == hi; UNIFORM: the range */
    uint32_t n;                 /* HISTOGRAM, TRACE: distinct sizes */
    uint32_t *values;           /* n sizes, ascending */
    double *weights;            /* n weights as given (TRACE: occurrences) */
    double *alias_prob;         /* the alias table */
    uint32_t *alias;
    uint32_t min, max;          /* smallest and largest size that can occur */
    double mean;                /* mean payload, bytes */
    double mean_footprint;      /* mean ring bytes per message: header + padded payload */
    char trace_path[512];       /* TRACE: the file, as resolved */
    uint64_t trace_messages;    /* TRACE: sendv operations used */
};

/*
 * Parse a distribution: "fixed N", "uniform LO HI", "histogram S:W S:W ..."
 * (pairs separated by spaces or commas, weights > 0) or "trace FILE" (FILE
 * relative to base_dir unless absolute; base_dir may be NULL for the
 * current directory). A plain size "N" means "fixed N". Sizes are at most
 * the largest payload Xen can ever carry, 16 MiB - 96 bytes. Returns 0, or
 * -1 with err holding "expected ..., got ..." (or the trace file's own
 * "FILE:LINE: ..." error); d is then empty and needs no cap_sizes_free.
 */
int cap_sizes_parse(struct cap_sizes *d, const char *spec,
                    const char *base_dir, char *err, size_t errlen);

/* Free what cap_sizes_parse allocated; d may be zeroed or freed already. */
void cap_sizes_free(struct cap_sizes *d);

/* One payload size. */
static inline uint32_t cap_sizes_sample(const struct cap_sizes *d,
                                        struct cap_rng *r)
{
    switch (d->kind) {
    case CAP_SIZE_FIXED:
        return d->lo;
    case CAP_SIZE_UNIFORM:
        return d->lo + (uint32_t)cap_rng_below(r, (uint64_t)d->hi - d->lo + 1u);
    default: {
        uint64_t x = cap_rng_next(r);
        /* The high 32 bits pick the column, the low 32 toss its coin. */
        uint32_t i = (uint32_t)(((x >> 32) * d->n) >> 32);
        double u = (double)(x & ((1ull << 32) - 1u)) * 0x1.0p-32;

        /* Pick the index by mask, then load: no branch on a coin toss. */
        uint32_t keep = -(uint32_t)(u < d->alias_prob[i]);

        return d->values[(i & keep) | (d->alias[i] & ~keep)];
    }
    }
}

/* A short description for reports: "fixed 4096 B", "histogram (3 sizes, 64..4096 B)". */
void cap_sizes_describe(const struct cap_sizes *d, char *buf, size_t len);

#endif
