/* SPDX-License-Identifier: MIT */
/*
 * Description: the text trace parser on any input: it either parses, and
 * then printing and parsing again gives the same operations, or it reports
 * a line within the input and a message; never a crash, a leak or a read
 * outside the arrays (each allocated at exactly the documented capacity).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

struct text {
    char *data;
    size_t len, cap;
};

static int text_write(void *ctx, const char *s, size_t n)
{
    struct text *t = ctx;

    if (t->len + n > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;

        while (cap < t->len + n)
            cap *= 2;
        t->data = realloc(t->data, cap);
        if (!t->data)
            abort();
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    return 0;
}

/* Capacities trace.h promises can never run out for an input of len bytes. */
static void trace_alloc(struct trace *t, const char *text, size_t len)
{
    uint32_t lines = 1;

    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    memset(t, 0, sizeof(*t));
    t->ops_cap = lines;
    t->bytes_cap = (uint32_t)(len / 2 + 1);
    t->ents_cap = (uint32_t)(len / 6 + 1);
    t->ops = malloc(t->ops_cap * sizeof(*t->ops));
    t->bytes = malloc(t->bytes_cap);
    t->ents = malloc(t->ents_cap * sizeof(*t->ents));
    if (!t->ops || !t->bytes || !t->ents)
        abort();
}

static void trace_free(struct trace *t)
{
    free(t->ops);
    free(t->bytes);
    free(t->ents);
}

static bool same_op(const struct trace *a, const struct trace_op *x,
                    const struct trace *b, const struct trace_op *y)
{
    struct trace_op xx, yy;

    /* memcpy, not assignment: padding must come along for memcmp below. */
    memcpy(&xx, x, sizeof(xx));
    memcpy(&yy, y, sizeof(yy));
    xx.line = yy.line = 0;
    if (x->kind == TRACE_OP_SENDV)
        for (unsigned i = 0; i < x->u.sendv.iov_count; i++) {
            const struct trace_iov *p = &x->u.sendv.iovs[i];
            const struct trace_iov *q = &y->u.sendv.iovs[i];

            if (p->kind == TRACE_IOV_HEX &&
                memcmp(a->bytes + p->hex_offset, b->bytes + q->hex_offset,
                       p->len))
                return false;
            xx.u.sendv.iovs[i].hex_offset = yy.u.sendv.iovs[i].hex_offset = 0;
        }
    if (x->kind == TRACE_OP_NOTIFY && x->u.notify.mode == TRACE_NOTIFY_LIST) {
        if (x->u.notify.nent != y->u.notify.nent)
            return false;
        /* Field by field: the entries have padding the parser never writes. */
        for (uint32_t i = 0; i < x->u.notify.nent; i++) {
            const struct trace_notify_ent *p = &a->ents[x->u.notify.first_ent + i];
            const struct trace_notify_ent *q = &b->ents[y->u.notify.first_ent + i];

            if (p->dom != q->dom || p->port != q->port ||
                p->space_required != q->space_required)
                return false;
        }
        xx.u.notify.first_ent = yy.u.notify.first_ent = 0;
    }
    return !memcmp(&xx, &yy, sizeof(xx));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct trace t, again;
    struct trace_error err;
    struct text printed = { 0 };

    trace_alloc(&t, text, size);
    memset(&err, 0xa5, sizeof(err));
    if (trace_parse(text, size, &t, &err)) {
        uint32_t lines = t.ops_cap;

        if (err.line < 1 || err.line > lines || !memchr(err.msg, 0, sizeof(err.msg)) ||
            !err.msg[0]) {
            fprintf(stderr, "parse error without a line or message\n");
            abort();
        }
        trace_free(&t);
        return 0;
    }

    trace_print(&t, text_write, &printed);
    trace_alloc(&again, printed.data ? printed.data : "", printed.len);
    if (trace_parse(printed.data ? printed.data : "", printed.len, &again,
                    &err)) {
        fprintf(stderr, "printed trace does not parse: line %u: %s\n",
                err.line, err.msg);
        abort();
    }
    if (again.nops != t.nops)
        abort();
    for (uint32_t i = 0; i < t.nops; i++)
        if (!same_op(&t, &t.ops[i], &again, &again.ops[i])) {
            fprintf(stderr, "op %u changed in print and parse\n", i);
            abort();
        }
    trace_free(&again);
    trace_free(&t);
    free(printed.data);
    return 0;
}
