/* SPDX-License-Identifier: MIT */
/* Description: parsing, describing and tabulating message size distributions. */
#define _POSIX_C_SOURCE 200809L
#include "cap_sizes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_trace_sizes.h"
#include "cap_units.h"
#include "ring_model/argo_abi.h"

/* Payloads the largest ring Xen registers (16 MiB - 64) can carry. */
#define SIZES_MAX_PAYLOAD \
    (XEN_ARGO_MAX_RING_SIZE - ARGO_RING_HEADER_SIZE - ARGO_MSG_HEADER_SIZE - XEN_ARGO_MSG_SLOT_SIZE)
#define SIZES_MAX_PAIRS 4096u

static double footprint(uint32_t payload)
{
    return (double)ARGO_MSG_HEADER_SIZE + (double)argo_roundup_slot(payload);
}

/* Quoted token for messages, cut so that a long one cannot flood them. */
static const char *quote(const char *s, char *buf, size_t len)
{
    if (strlen(s) > 40)
        snprintf(buf, len, "\"%.37s...\"", s);
    else
        snprintf(buf, len, "\"%s\"", s);
    return buf;
}

static int size_token(const char *tok, uint32_t *out, const char *what,
                      char *err, size_t errlen)
{
    uint64_t v;
    char q[64];

    if (cap_parse_bytes(tok, SIZES_MAX_PAYLOAD, &v)) {
        snprintf(err, errlen,
                 "expected %s: a byte size from 0 to %u (16 MiB - 96, the most a ring carries) such as 4096 or 4KiB, got %s",
                 what, (unsigned)SIZES_MAX_PAYLOAD, quote(tok, q, sizeof(q)));
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* Vose's alias method over the n weights (all > 0). */
static int build_alias(struct cap_sizes *d)
{
    uint32_t n = d->n, *small, *large, ns = 0, nl = 0;
    double total = 0, *p;

    d->alias_prob = malloc(n * sizeof(double));
    d->alias = malloc(n * sizeof(uint32_t));
    small = malloc(n * sizeof(uint32_t));
    large = malloc(n * sizeof(uint32_t));
    p = malloc(n * sizeof(double));
    if (!d->alias_prob || !d->alias || !small || !large || !p) {
        free(small);
        free(large);
        free(p);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++)
        total += d->weights[i];
    for (uint32_t i = 0; i < n; i++) {
        p[i] = d->weights[i] * n / total;
        if (p[i] < 1.0)
            small[ns++] = i;
        else
            large[nl++] = i;
    }
    while (ns && nl) {
        uint32_t s = small[--ns], l = large[--nl];

        d->alias_prob[s] = p[s];
        d->alias[s] = l;
        p[l] = (p[l] + p[s]) - 1.0;
        if (p[l] < 1.0)
            small[ns++] = l;
        else
            large[nl++] = l;
    }
    /* What is left is 1 up to rounding. */
    while (nl) {
        uint32_t l = large[--nl];

        d->alias_prob[l] = 1.0;
        d->alias[l] = l;
    }
    while (ns) {
        uint32_t s = small[--ns];

        d->alias_prob[s] = 1.0;
        d->alias[s] = s;
    }
    free(small);
    free(large);
    free(p);
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

/*
 * Sorted (size, weight) pairs in, duplicates merged, then the alias table
 * and the moments. Takes ownership of nothing: copies what it keeps.
 */
static int tabulate(struct cap_sizes *d, const uint32_t *sizes,
                    const double *weights, uint32_t n)
{
    struct pair {
        uint32_t size;
        double weight;
    } *pairs = malloc(n * sizeof(*pairs));
    uint32_t m = 0;
    double total = 0, sum = 0, sumfp = 0;

    if (!pairs)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        pairs[i].size = sizes[i];
        pairs[i].weight = weights[i];
    }
    /* By size, so that equal sizes are neighbours and merge. */
    qsort(pairs, n, sizeof(*pairs), cmp_u32);
    for (uint32_t i = 0; i < n; i++) {
        if (m && pairs[m - 1].size == pairs[i].size)
            pairs[m - 1].weight += pairs[i].weight;
        else
            pairs[m++] = pairs[i];
    }
    d->n = m;
    d->values = malloc(m * sizeof(uint32_t));
    d->weights = malloc(m * sizeof(double));
    if (!d->values || !d->weights) {
        free(pairs);
        return -1;
    }
    for (uint32_t i = 0; i < m; i++) {
        d->values[i] = pairs[i].size;
        d->weights[i] = pairs[i].weight;
        total += pairs[i].weight;
        sum += pairs[i].weight * pairs[i].size;
        sumfp += pairs[i].weight * footprint(pairs[i].size);
    }
    free(pairs);
    d->min = d->values[0];
    d->max = d->values[m - 1];
    d->mean = sum / total;
    d->mean_footprint = sumfp / total;
    return build_alias(d);
}

static int parse_histogram(struct cap_sizes *d, char *rest, char *err,
                           size_t errlen)
{
    uint32_t *sizes = malloc(SIZES_MAX_PAIRS * sizeof(uint32_t)), n = 0;
    double *weights = malloc(SIZES_MAX_PAIRS * sizeof(double));
    char *save = NULL, q[64];
    int rc = -1;

    if (!sizes || !weights) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (char *tok = strtok_r(rest, " \t,", &save); tok;
         tok = strtok_r(NULL, " \t,", &save)) {
        char *colon = strchr(tok, ':');
        double w;

        if (n == SIZES_MAX_PAIRS) {
            snprintf(err, errlen, "expected at most %u size:weight pairs in a histogram",
                     SIZES_MAX_PAIRS);
            goto out;
        }
        if (!colon) {
            snprintf(err, errlen,
                     "expected size:weight pairs after histogram (such as 64:70 1500:30), got %s",
                     quote(tok, q, sizeof(q)));
            goto out;
        }
        *colon = '\0';
        if (size_token(tok, &sizes[n], "a histogram size", err, errlen))
            goto out;
        if (cap_parse_real(colon + 1, &w) || !(w > 0)) {
            snprintf(err, errlen,
                     "expected a weight > 0 after \"%s:\" in the histogram, got %s",
                     tok, quote(colon + 1, q, sizeof(q)));
            goto out;
        }
        weights[n++] = w;
    }
    if (!n) {
        snprintf(err, errlen,
                 "expected size:weight pairs after histogram (such as 64:70 1500:30)");
        goto out;
    }
    d->kind = CAP_SIZE_HISTOGRAM;
    if (tabulate(d, sizes, weights, n)) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    rc = 0;
out:
    free(sizes);
    free(weights);
    return rc;
}

static int parse_trace(struct cap_sizes *d, const char *file,
                       const char *base_dir, char *err, size_t errlen)
{
    uint32_t *sizes = NULL;
    uint64_t n = 0;
    double *weights;
    int rc = -1;

    if (file[0] == '/' || !base_dir || !*base_dir)
        snprintf(d->trace_path, sizeof(d->trace_path), "%s", file);
    else
        snprintf(d->trace_path, sizeof(d->trace_path), "%s/%s", base_dir, file);
    if (cap_trace_sizes_load(d->trace_path, &sizes, &n, err, errlen))
        return -1;
    if (n > UINT32_MAX) {
        snprintf(err, errlen, "%s: expected fewer than 2^32 sendv operations",
                 d->trace_path);
        free(sizes);
        return -1;
    }
    weights = malloc(n * sizeof(double));
    if (weights) {
        for (uint64_t i = 0; i < n; i++)
            weights[i] = 1.0;
        d->kind = CAP_SIZE_TRACE;
        d->trace_messages = n;
        rc = tabulate(d, sizes, weights, (uint32_t)n);
    }
    if (rc)
        snprintf(err, errlen, "%s: out of memory", d->trace_path);
    free(weights);
    free(sizes);
    return rc;
}

int cap_sizes_parse(struct cap_sizes *d, const char *spec,
                    const char *base_dir, char *err, size_t errlen)
{
    char *copy = strdup(spec), *save = NULL, *kind, *rest, q[64];
    int rc = -1;

    memset(d, 0, sizeof(*d));
    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    kind = strtok_r(copy, " \t", &save);
    rest = save;
    if (!kind) {
        snprintf(err, errlen,
                 "expected a size distribution: fixed N, uniform LO HI, histogram S:W ... or trace FILE");
        goto out;
    }
    if (kind[0] >= '0' && kind[0] <= '9' && !strtok_r(NULL, " \t", &save)) {
        /* "4096" alone: the common case needs no keyword. */
        d->kind = CAP_SIZE_FIXED;
        rc = size_token(kind, &d->lo, "a message size", err, errlen);
        d->hi = d->lo;
    } else if (!strcmp(kind, "fixed")) {
        char *a = strtok_r(NULL, " \t", &save), *extra = strtok_r(NULL, " \t", &save);

        if (!a || extra) {
            snprintf(err, errlen, "expected one size after fixed, such as fixed 4096");
            goto out;
        }
        d->kind = CAP_SIZE_FIXED;
        rc = size_token(a, &d->lo, "the size after fixed", err, errlen);
        d->hi = d->lo;
    } else if (!strcmp(kind, "uniform")) {
        char *a = strtok_r(NULL, " \t", &save), *b = strtok_r(NULL, " \t", &save);

        if (!a || !b || strtok_r(NULL, " \t", &save)) {
            snprintf(err, errlen, "expected two sizes after uniform, such as uniform 64 1500");
            goto out;
        }
        d->kind = CAP_SIZE_UNIFORM;
        if (size_token(a, &d->lo, "the lower size after uniform", err, errlen) ||
            size_token(b, &d->hi, "the upper size after uniform", err, errlen))
            goto out;
        if (d->lo > d->hi) {
            snprintf(err, errlen, "expected uniform LO HI with LO <= HI, got %u > %u",
                     (unsigned)d->lo, (unsigned)d->hi);
            goto out;
        }
        rc = 0;
    } else if (!strcmp(kind, "histogram")) {
        rc = parse_histogram(d, rest ? rest : (char *)"", err, errlen);
    } else if (!strcmp(kind, "trace")) {
        char *file = strtok_r(NULL, " \t", &save);

        if (!file || strtok_r(NULL, " \t", &save)) {
            snprintf(err, errlen, "expected one file name after trace, such as trace my.trace");
            goto out;
        }
        rc = parse_trace(d, file, base_dir, err, errlen);
    } else {
        snprintf(err, errlen,
                 "unknown size distribution %s; expected fixed N, uniform LO HI, histogram S:W ... or trace FILE",
                 quote(kind, q, sizeof(q)));
    }
    if (!rc && (d->kind == CAP_SIZE_FIXED || d->kind == CAP_SIZE_UNIFORM)) {
        double sumfp = 0;

        d->min = d->lo;
        d->max = d->hi;
        d->mean = ((double)d->lo + d->hi) / 2;
        /* Exact mean footprint of a uniform range, slot by slot. */
        for (uint64_t s = d->lo; s <= d->hi; s++)
            sumfp += footprint((uint32_t)s);
        d->mean_footprint = sumfp / ((double)d->hi - d->lo + 1);
    }
out:
    if (rc)
        cap_sizes_free(d);
    free(copy);
    return rc;
}

void cap_sizes_free(struct cap_sizes *d)
{
    free(d->values);
    free(d->weights);
    free(d->alias_prob);
    free(d->alias);
    d->values = NULL;
    d->weights = NULL;
    d->alias_prob = NULL;
    d->alias = NULL;
    d->n = 0;
}

void cap_sizes_describe(const struct cap_sizes *d, char *buf, size_t len)
{
    switch (d->kind) {
    case CAP_SIZE_FIXED:
        snprintf(buf, len, "fixed %u B", (unsigned)d->lo);
        break;
    case CAP_SIZE_UNIFORM:
        snprintf(buf, len, "uniform %u..%u B", (unsigned)d->lo, (unsigned)d->hi);
        break;
    case CAP_SIZE_HISTOGRAM:
        snprintf(buf, len, "histogram of %u sizes, %u..%u B, mean %.1f B",
                 (unsigned)d->n, (unsigned)d->min, (unsigned)d->max, d->mean);
        break;
    case CAP_SIZE_TRACE:
        snprintf(buf, len, "%llu sendv sizes of %s, %u..%u B, mean %.1f B",
                 (unsigned long long)d->trace_messages, d->trace_path,
                 (unsigned)d->min, (unsigned)d->max, d->mean);
        break;
    }
}
