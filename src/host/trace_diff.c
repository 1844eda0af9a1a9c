/* SPDX-License-Identifier: MIT */
/* Description: two backends, one trace, in lockstep; the first disagreement. */
#include "trace_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_host_std.h"

/* One side of the comparison: a runner and the text it has printed. */
struct side {
    struct trace_runner *run;
    struct trace_host host;
    char *text;
    size_t len, cap;
    size_t compared;            /* text up to here already matched */
};

static int side_write(void *ctx, const char *s, size_t n)
{
    struct side *sd = ctx;

    if (sd->len + n > sd->cap) {
        size_t cap = sd->cap ? sd->cap : 4096;
        char *bigger;

        while (cap < sd->len + n)
            cap *= 2;
        bigger = realloc(sd->text, cap);
        if (!bigger)
            return -1;
        sd->text = bigger;
        sd->cap = cap;
    }
    memcpy(sd->text + sd->len, s, n);
    sd->len += n;
    return 0;
}

static int side_open(struct side *sd)
{
    memset(sd, 0, sizeof(*sd));
    sd->run = malloc(sizeof(*sd->run));
    sd->host.alloc_zeroed = trace_host_calloc;
    sd->host.release = trace_host_free;
    sd->host.write = side_write;
    sd->host.ctx = sd;
    return sd->run ? 0 : -1;
}

static void side_close(struct side *sd)
{
    free(sd->run);
    free(sd->text);
}

static char *dup_line(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Length of the next line of new text, or of what is left. */
static size_t line_len(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);

    return nl ? (size_t)(nl - s) : n;
}

/* Compare the text both sides printed since the last call, line by line. */
static bool new_text_differs(struct side *a, struct side *b,
                             struct diff_report *r)
{
    while (a->compared < a->len || b->compared < b->len) {
        const char *pa = a->text + a->compared, *pb = b->text + b->compared;
        size_t la = line_len(pa, a->len - a->compared);
        size_t lb = line_len(pb, b->len - b->compared);

        if (a->compared >= a->len)
            pa = "(none)", la = 6;
        if (b->compared >= b->len)
            pb = "(none)", lb = 6;
        if (la != lb || memcmp(pa, pb, la)) {
            r->kind = DIFF_RESULT_LINE;
            r->line_a = dup_line(pa, la);
            r->line_b = dup_line(pb, lb);
            return true;
        }
        a->compared += la + 1;
        b->compared += lb + 1;
    }
    return false;
}

static const struct trace_guest_ring *ring_named(const struct trace_runner *run,
                                                 const struct trace_guest_ring *g)
{
    for (unsigned i = 0; i < run->nrings; i++) {
        const struct trace_guest_ring *o = &run->rings[i];

        if (o->live && o->dom == g->dom && o->port == g->port &&
            o->partner == g->partner)
            return o;
    }
    return NULL;
}

static void report_ring(struct diff_report *r, const struct trace_guest_ring *g)
{
    r->ring.dom = g->dom;
    r->ring.port = g->port;
    r->ring.partner = g->partner;
}

/* Rings of `from` missing on `to`, or differing from it in any byte. */
static bool rings_differ(const struct side *from, const struct side *to,
                         bool from_is_a, struct diff_report *r)
{
    for (unsigned i = 0; i < from->run->nrings; i++) {
        const struct trace_guest_ring *g = &from->run->rings[i];
        const struct trace_guest_ring *o;
        size_t n, off;

        if (!g->live)
            continue;
        o = ring_named(to->run, g);
        if (!o) {
            r->kind = DIFF_RING_PRESENCE;
            r->present_a = from_is_a;
            report_ring(r, g);
            return true;
        }
        n = ARGO_RING_HEADER_SIZE + (size_t)g->len;
        if (!memcmp(g->mem, o->mem, n))
            continue;
        for (off = 0; g->mem[off] == o->mem[off]; off++)
            ;
        r->kind = DIFF_RING_BYTES;
        report_ring(r, g);
        r->offset = off;
        r->window_start = off >= DIFF_WINDOW / 2 ? off - DIFF_WINDOW / 2 : 0;
        r->window_len = n - r->window_start < DIFF_WINDOW ? n - r->window_start
                                                          : DIFF_WINDOW;
        memcpy(from_is_a ? r->window_a : r->window_b, g->mem + r->window_start,
               r->window_len);
        memcpy(from_is_a ? r->window_b : r->window_a, o->mem + r->window_start,
               r->window_len);
        return true;
    }
    return false;
}

static bool signal_totals_differ(const struct side *a, const struct side *b,
                                 struct diff_report *r)
{
    for (unsigned i = 0; i < TRACE_DOMAIN_CAPACITY; i++) {
        const struct trace_domain *da = &a->run->domains[i];
        const struct trace_domain *db = &b->run->domains[i];
        char la[64], lb[64];

        if (da->exists == db->exists && da->dom == db->dom &&
            da->signals == db->signals)
            continue;
        snprintf(la, sizeof(la), "domain %u signals=%llu", da->dom,
                 (unsigned long long)da->signals);
        snprintf(lb, sizeof(lb), "domain %u signals=%llu", db->dom,
                 (unsigned long long)db->signals);
        r->kind = DIFF_RESULT_LINE;
        r->line_a = dup_line(la, strlen(la));
        r->line_b = dup_line(lb, strlen(lb));
        return true;
    }
    return false;
}

int trace_diff(const struct trace *t, struct host_backend *a,
               struct host_backend *b, struct known_findings *kf,
               diff_progress_fn progress, void *ctx, struct diff_report *r)
{
    struct side sa, sb;
    int rc = 0;

    memset(r, 0, sizeof(*r));
    if (side_open(&sa) | side_open(&sb)) {
        side_close(&sa);
        side_close(&sb);
        return -1;
    }
    if (!a->model)
        kf = NULL;
    if (kf)
        known_findings_reset(kf);
    trace_run_start(sa.run, t, &a->be, &sa.host);
    trace_run_start(sb.run, t, &b->be, &sb.host);

    for (uint32_t i = 0; i < t->nops && !rc; i++) {
        if (progress)
            progress(ctx, i);
        r->op_index = i;
        if (kf && (r->finding = known_findings_check(kf, a->model,
                                                     &t->ops[i]))) {
            r->kind = DIFF_KNOWN_FINDING;
            rc = 2;
        } else if (trace_run_step(sa.run, &t->ops[i]) ||
            trace_run_step(sb.run, &t->ops[i]))
            rc = -1;
        else if (new_text_differs(&sa, &sb, r) ||
                 rings_differ(&sa, &sb, true, r) ||
                 rings_differ(&sb, &sa, false, r))
            rc = 1;
        else if (kf)
            known_findings_update(kf, &t->ops[i], sa.run->last_rc);
    }
    if (progress)
        progress(ctx, t->nops);
    /*
     * The final lines add nothing to compare: every ring's bytes were
     * compared after each operation, and every signal shows on the line of
     * the operation that raised it; so they are not printed (their CRCs
     * over every ring were a fifth of a fuzzing run). Only the signal
     * totals are checked, as a guard on the runner itself.
     */
    if (!rc) {
        r->op_index = t->nops;
        rc = signal_totals_differ(&sa, &sb, r) ? 1 : 0;
    }
    trace_run_finish(sa.run, false);
    trace_run_finish(sb.run, false);
    side_close(&sa);
    side_close(&sb);
    if (rc == 1 && r->kind == DIFF_RESULT_LINE && (!r->line_a || !r->line_b))
        rc = -1;
    return rc;
}

void diff_report_free(struct diff_report *r)
{
    free(r->line_a);
    free(r->line_b);
    r->line_a = r->line_b = NULL;
}
