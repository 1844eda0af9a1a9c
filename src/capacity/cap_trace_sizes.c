/* SPDX-License-Identifier: MIT */
/* Description: payload sizes of the sendv operations of a text trace. */
#include "cap_trace_sizes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring_model/argo_abi.h"
#include "trace/trace.h"

/* The largest payload the largest ring Xen registers can carry. */
#define TRACE_SIZES_MAX_PAYLOAD \
    (XEN_ARGO_MAX_RING_SIZE - ARGO_RING_HEADER_SIZE - ARGO_MSG_HEADER_SIZE - XEN_ARGO_MSG_SLOT_SIZE)

static int read_all(const char *path, char **text, size_t *len, char *err,
                    size_t errlen)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, n = 0;
    char *buf;

    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);

        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    if (!buf || ferror(f)) {
        snprintf(err, errlen, "%s: cannot read: %s", path,
                 buf ? strerror(errno) : "out of memory");
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    *text = buf;
    *len = n;
    return 0;
}

int cap_trace_sizes_load(const char *path, uint32_t **sizes, uint64_t *n,
                         char *err, size_t errlen)
{
    struct trace t = { 0 };
    struct trace_error terr;
    char *text = NULL;
    size_t len = 0;
    uint32_t lines = 1, *out = NULL;
    uint64_t count = 0;
    int rc = -1;

    if (read_all(path, &text, &len, err, errlen))
        return -1;
    if (len > UINT32_MAX / 2) {
        snprintf(err, errlen, "%s: expected a trace smaller than 2 GiB", path);
        goto out;
    }
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    /* The capacities trace.h says can never run out for this text. */
    t.ops_cap = lines;
    t.bytes_cap = (uint32_t)(len / 2 + 1);
    t.ents_cap = (uint32_t)(len / 6 + 1);
    t.ops = calloc(t.ops_cap, sizeof(*t.ops));
    t.bytes = malloc(t.bytes_cap);
    t.ents = calloc(t.ents_cap, sizeof(*t.ents));
    out = malloc((size_t)lines * sizeof(*out));
    if (!t.ops || !t.bytes || !t.ents || !out) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    if (trace_parse(text, len, &t, &terr)) {
        snprintf(err, errlen, "%s:%u: %s", path, (unsigned)terr.line, terr.msg);
        goto out;
    }
    for (uint32_t i = 0; i < t.nops; i++) {
        const struct trace_op *op = &t.ops[i];
        uint64_t total = 0;

        if (op->kind != TRACE_OP_SENDV)
            continue;
        for (unsigned j = 0; j < op->u.sendv.iov_count; j++)
            total += op->u.sendv.iovs[j].len;
        if (total <= TRACE_SIZES_MAX_PAYLOAD)
            out[count++] = (uint32_t)total;
    }
    if (!count) {
        snprintf(err, errlen,
                 "%s: expected at least one sendv of at most %u bytes in the trace",
                 path, (unsigned)TRACE_SIZES_MAX_PAYLOAD);
        goto out;
    }
    *sizes = out;
    *n = count;
    out = NULL;
    rc = 0;
out:
    free(out);
    free(t.ops);
    free(t.bytes);
    free(t.ents);
    free(text);
    return rc;
}
