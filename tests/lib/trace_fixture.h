/* SPDX-License-Identifier: MIT */
/*
 * Description: what tests of the trace tools share: exactly-sized trace
 * storage, a trace as canonical text, and the golden trace files.
 *
 * Header-only, like check.h; include check.h first.
 */
#ifndef ARGOLAB_TRACE_FIXTURE_H
#define ARGOLAB_TRACE_FIXTURE_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

/* Golden trace files a directory may hold before the list is cut short. */
#define TRACE_FX_MAX_NAMES 256u

static inline void *trace_fx_xcalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* Heap arrays of exactly the given capacities, so a sanitizer sees any overrun. */
static inline void trace_fx_alloc(struct trace *t, uint32_t ops_cap,
                                  uint32_t bytes_cap, uint32_t ents_cap)
{
    memset(t, 0, sizeof(*t));
    t->ops = trace_fx_xcalloc(ops_cap * sizeof(*t->ops));
    t->bytes = trace_fx_xcalloc(bytes_cap);
    t->ents = trace_fx_xcalloc(ents_cap * sizeof(*t->ents));
    t->ops_cap = ops_cap;
    t->bytes_cap = bytes_cap;
    t->ents_cap = ents_cap;
}

/* The capacities trace_decode promises to stay within. */
static inline void trace_fx_alloc_decode(struct trace *t)
{
    trace_fx_alloc(t, TRACE_DECODE_OPS_CAP, TRACE_DECODE_BYTES_CAP,
                   TRACE_DECODE_ENTS_CAP);
}

static inline void trace_fx_free(struct trace *t)
{
    free(t->ops);
    free(t->bytes);
    free(t->ents);
}

/* A growing NUL-terminated text, as a trace_print writer. */
struct trace_fx_text {
    char *buf;
    size_t len, cap;
};

static inline int trace_fx_text_write(void *ctx, const char *s, size_t n)
{
    struct trace_fx_text *k = ctx;

    if (k->len + n + 1 > k->cap) {
        k->cap = (k->len + n + 1) * 2;
        k->buf = realloc(k->buf, k->cap);
        if (!k->buf) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    k->buf[k->len] = '\0';
    return 0;
}

/* t as canonical text, malloc'd; a failing trace_print fails a check. */
static inline char *trace_fx_printed(const struct trace *t)
{
    struct trace_fx_text k = { 0 };

    trace_fx_text_write(&k, "", 0);
    CHECK_EQ_I64(trace_print(t, trace_fx_text_write, &k), 0);
    return k.buf;
}

static inline int trace_fx_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The NAME.trace files of dir (relative to the test's directory, where
 * ctest runs it), sorted, at most TRACE_FX_MAX_NAMES; malloc'd into names.
 * Returns how many; a missing directory fails a check.
 */
static inline unsigned trace_fx_list(const char *dir, char **names)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    unsigned n = 0;

    if (!CHECK(d)) {
        fprintf(stderr, "    cannot open %s (ctest runs this test in its "
                        "tests/<name> directory)\n", dir);
        return 0;
    }
    while ((de = readdir(d)) && n < TRACE_FX_MAX_NAMES) {
        size_t len = strlen(de->d_name);

        if (len > 6 && !strcmp(de->d_name + len - 6, ".trace")) {
            names[n] = trace_fx_xcalloc(len + 1);
            memcpy(names[n++], de->d_name, len);
        }
    }
    closedir(d);
    qsort(names, n, sizeof(*names), trace_fx_cmp_names);
    return n;
}

static inline bool trace_fx_file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");

    if (f)
        fclose(f);
    return f != NULL;
}

#endif
