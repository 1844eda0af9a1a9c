/* SPDX-License-Identifier: MIT */
/* Description: loading a trace from a file (text or fuzzer bytes) on a host. */
#include "trace_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int trace_file_read(const char *path, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    size_t cap = 1 << 16, n = 0;
    char *buf;

    if (!f) {
        fprintf(stderr, "argolab: %s: cannot open: %s\n", path,
                strerror(errno));
        return -1;
    }
    buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);

        n += got;
        if (n < cap)
            break;
        cap *= 2;
        char *bigger = realloc(buf, cap);
        if (!bigger)
            free(buf);
        buf = bigger;
    }
    if (!buf || ferror(f)) {
        fprintf(stderr, "argolab: %s: cannot read: %s\n", path,
                buf ? strerror(errno) : "out of memory");
        free(buf);
        if (f != stdin)
            fclose(f);
        return -1;
    }
    if (f != stdin)
        fclose(f);
    *data = buf;
    *len = n;
    return 0;
}

static int trace_alloc(struct trace *t, uint32_t ops, uint32_t bytes,
                       uint32_t ents)
{
    memset(t, 0, sizeof(*t));
    t->ops = calloc(ops ? ops : 1, sizeof(*t->ops));
    t->bytes = malloc(bytes ? bytes : 1);
    t->ents = calloc(ents ? ents : 1, sizeof(*t->ents));
    t->ops_cap = ops;
    t->bytes_cap = bytes;
    t->ents_cap = ents;
    if (t->ops && t->bytes && t->ents)
        return 0;
    trace_file_free(t);
    return -1;
}

int trace_file_parse(const char *path, const char *text, size_t len,
                     struct trace *t)
{
    struct trace_error err;
    uint32_t lines = 1;

    if (len > UINT32_MAX / 2) {
        fprintf(stderr, "%s:0: expected a trace smaller than 2 GiB\n", path);
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (trace_alloc(t, lines, (uint32_t)(len / 2 + 1),
                    (uint32_t)(len / 6 + 1))) {
        fprintf(stderr, "argolab: %s: out of memory\n", path);
        return -1;
    }
    if (trace_parse(text, len, t, &err)) {
        fprintf(stderr, "%s:%u: %s\n", path, err.line, err.msg);
        trace_file_free(t);
        return -1;
    }
    return 0;
}

int trace_file_decode(const uint8_t *data, size_t len, struct trace *t)
{
    if (trace_alloc(t, TRACE_DECODE_OPS_CAP, TRACE_DECODE_BYTES_CAP,
                    TRACE_DECODE_ENTS_CAP))
        return -1;
    trace_decode(data, len, t);
    return 0;
}

void trace_file_free(struct trace *t)
{
    free(t->ops);
    free(t->bytes);
    free(t->ents);
    memset(t, 0, sizeof(*t));
}
