/* SPDX-License-Identifier: MIT */
/*
 * Description: the trace runner's host callbacks on a hosted C library:
 * ring pages from calloc, released with free, and a writer that discards
 * (for runs whose result lines nobody reads). Header-only, so fuzz targets
 * built without src/host/ can use it too.
 */
#ifndef ARGOLAB_TRACE_HOST_STD_H
#define ARGOLAB_TRACE_HOST_STD_H

#include <stdlib.h>

#include "../trace/trace_run.h"

static inline void *trace_host_calloc(void *ctx, size_t n)
{
    (void)ctx;
    return calloc(1, n);
}

static inline void trace_host_free(void *ctx, void *p, size_t n)
{
    (void)ctx;
    (void)n;
    free(p);
}

static inline int trace_host_discard(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    (void)s;
    (void)n;
    return 0;
}

#endif
