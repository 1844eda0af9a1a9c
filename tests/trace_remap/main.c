/* SPDX-License-Identifier: MIT */
/*
 * Description: trace_remap keeps what a trace means. Every golden and
 * finding trace, and random traces whose names were scrambled, run before
 * and after renaming (on the model, and on Xen's argo.c when it is built)
 * give the same results modulo the renaming; the seed a remapped trace
 * encodes to runs the same way too. Also what is renamed, moved, refused.
 *
 * "Modulo the renaming": the remapped run's result lines with every domain
 * id and port taken back to the original's (signal=, msg=, ring and domain
 * lines) equal the original's, as sets (a moved option reports first; ring
 * lines sort by the new ports). The ring lines' crc= covers message headers,
 * which hold the source's id and port, so instead the ring bytes are
 * compared: equal, except 16-byte slots that are the same message header
 * with the source renamed.
 */
#define _DEFAULT_SOURCE /* strdup */
#include <stdlib.h>

#include "check.h"
#include "trace_fixture.h"
#include "test_rng.h"
#include "host/host_backend.h"
#include "host/trace_file.h"
#include "host/trace_host_std.h"
#include "trace/trace_encode.h"
#include "trace/trace_remap.h"
#include "trace/trace_run.h"

#define RANDOM_TRACES   3000u
#define DIVERGENCE_TAG  "# argolab: known-divergence "

/* What must have a binary form once remapped (before: the first eight). */
static const char *const known_expressible[] = {
    "traces/consume-corrupt.trace", "traces/fault-iov.trace",
    "traces/reregister.trace", "traces/wrap-header-end.trace",
    "traces/wrap-iov-split.trace", "findings/reregister-ring-count.trace",
    "findings/self-partner-destroy.trace", "findings/stale-send-record.trace",
    "traces/bogus-rx.trace", "traces/destroy.trace",
    "traces/doc-example.trace", "traces/full-ring-wake.trace",
    "findings/destroy-wildcard-waiter.trace",
};

/* ---- storage --------------------------------------------------------- */

static void trace_copy(struct trace *dst, const struct trace *src)
{
    trace_fx_alloc(dst, src->nops, src->nbytes, src->nents);
    memcpy(dst->ops, src->ops, src->nops * sizeof(*src->ops));
    memcpy(dst->bytes, src->bytes, src->nbytes);
    memcpy(dst->ents, src->ents, src->nents * sizeof(*src->ents));
    dst->nops = src->nops;
    dst->nbytes = src->nbytes;
    dst->nents = src->nents;
}

/* ---- running --------------------------------------------------------- */

struct ring_snap {
    uint16_t dom, partner;
    uint32_t port, len;
    uint8_t *mem;               /* the header, then len data bytes */
};

struct result {
    struct trace_fx_text out;
    struct ring_snap *rings;
    unsigned nrings;
};

static void result_free(struct result *res)
{
    for (unsigned i = 0; i < res->nrings; i++)
        free(res->rings[i].mem);
    free(res->rings);
    free(res->out.buf);
    memset(res, 0, sizeof(*res));
}

/*
 * Run t on a fresh backend, keeping the result lines and a copy of every
 * registered ring's bytes. False when the backend is not built.
 */
static bool run(const char *backend, const struct trace *t,
                struct result *res)
{
    struct host_backend hb;
    struct trace_runner *runner;
    struct trace_host host = {
        .alloc_zeroed = trace_host_calloc,
        .release = trace_host_free,
        .write = trace_fx_text_write,
    };
    const char *why;

    memset(res, 0, sizeof(*res));
    if (host_backend_open(backend, &hb, &why))
        return false;
    trace_fx_text_write(&res->out, "", 0);
    host.ctx = &res->out;
    runner = trace_fx_xcalloc(sizeof(*runner));
    trace_run_start(runner, t, &hb.be, &host);
    for (uint32_t i = 0; i < t->nops; i++)
        CHECK_EQ_I64(trace_run_step(runner, &t->ops[i]), 0);
    res->rings = trace_fx_xcalloc(runner->nrings * sizeof(*res->rings));
    for (unsigned i = 0; i < runner->nrings; i++) {
        const struct trace_guest_ring *g = &runner->rings[i];
        struct ring_snap *s = &res->rings[res->nrings];

        if (!g->live)
            continue;
        s->dom = g->dom;
        s->port = g->port;
        s->partner = g->partner;
        s->len = g->len;
        s->mem = trace_fx_xcalloc(ARGO_RING_HEADER_SIZE + g->len);
        memcpy(s->mem, g->mem, ARGO_RING_HEADER_SIZE + g->len);
        res->nrings++;
    }
    CHECK_EQ_I64(trace_run_finish(runner, true), 0);
    free(runner);
    host_backend_close(&hb);
    return true;
}

/* ---- comparing modulo the renaming ----------------------------------- */

/* m NULL: the names as they are. */
static uint16_t dom_back(const struct trace_remap *m, unsigned long dom)
{
    return m ? trace_remap_dom_back(m, (uint16_t)dom) : (uint16_t)dom;
}

static uint32_t port_back(const struct trace_remap *m, unsigned long port)
{
    return m ? trace_remap_port_back(m, (uint32_t)port) : (uint32_t)port;
}

/*
 * One result line, its names taken back through m, into out; a ring
 * line's crc= is left out (the ring bytes are compared instead).
 */
static void back_line(const char *line, const struct trace_remap *m,
                      struct trace_fx_text *out)
{
    char copy[8192], tok[8192];
    char *save = NULL, *w;
    unsigned n = 0;
    bool ring = !strncmp(line, "ring ", 5), domain = !strncmp(line, "domain ", 7);

    snprintf(copy, sizeof(copy), "%s", line);
    for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), n++) {
        if (n)
            trace_fx_text_write(out, " ", 1);
        if ((ring && (n == 1 || (n == 3 && strcmp(w, "any")))) ||
            (domain && n == 1)) {
            snprintf(tok, sizeof(tok), "%u",
                     (unsigned)dom_back(m, strtoul(w, NULL, 10)));
        } else if (ring && n == 2) {
            snprintf(tok, sizeof(tok), "%u",
                     (unsigned)port_back(m, strtoul(w, NULL, 10)));
        } else if (ring && !strncmp(w, "crc=", 4)) {
            snprintf(tok, sizeof(tok), "crc=(bytes)");
        } else if (!strncmp(w, "signal=", 7)) {
            size_t len = (size_t)snprintf(tok, sizeof(tok), "signal=");
            char *p = w + 7, *end;

            for (;;) {
                unsigned long v = strtoul(p, &end, 10);

                len += (size_t)snprintf(tok + len, sizeof(tok) - len, "%s%u",
                                        p == w + 7 ? "" : ",",
                                        (unsigned)dom_back(m, v));
                if (*end != ',')
                    break;
                p = end + 1;
            }
        } else if (!strncmp(w, "msg=", 4)) {
            char *end;
            unsigned long d = strtoul(w + 4, &end, 10);
            unsigned long port = strtoul(end + 1, &end, 10);

            snprintf(tok, sizeof(tok), "msg=%u:%u%s", (unsigned)dom_back(m, d),
                     (unsigned)port_back(m, port), end);
        } else {
            snprintf(tok, sizeof(tok), "%s", w);
        }
        trace_fx_text_write(out, tok, strlen(tok));
    }
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* out's lines taken back through m, sorted, one string. */
static char *normalised(const char *out, const struct trace_remap *m)
{
    char *text = strdup(out), *save = NULL, *line, **lines;
    struct trace_fx_text k = { 0 };
    size_t n = 0, cap = 16;

    lines = trace_fx_xcalloc(cap * sizeof(*lines));
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        struct trace_fx_text one = { 0 };

        trace_fx_text_write(&one, "", 0);
        back_line(line, m, &one);
        if (n == cap)
            lines = realloc(lines, (cap *= 2) * sizeof(*lines));
        lines[n++] = one.buf;
    }
    qsort(lines, n, sizeof(*lines), cmp_lines);
    trace_fx_text_write(&k, "", 0);
    for (size_t i = 0; i < n; i++) {
        trace_fx_text_write(&k, lines[i], strlen(lines[i]));
        trace_fx_text_write(&k, "\n", 1);
        free(lines[i]);
    }
    free(lines);
    free(text);
    return k.buf;
}

/*
 * A 16-byte slot of ring data that differs between the runs must be one
 * message header whose source is the renamed one: length, pad and type
 * alike, (domain_id, aport) of b taken back equal to a's.
 */
static bool same_header_renamed(const uint8_t *a, const uint8_t *b,
                                const struct trace_remap *m)
{
    uint32_t pa, pb;
    uint16_t da, db;

    memcpy(&pa, a + 4, 4);
    memcpy(&pb, b + 4, 4);
    memcpy(&da, a + 8, 2);
    memcpy(&db, b + 8, 2);
    return !memcmp(a, b, 4) && !memcmp(a + 10, b + 10, 6) &&
           pa == port_back(m, pb) && da == dom_back(m, db);
}

static const struct ring_snap *find_ring(const struct result *res, uint16_t dom,
                                         uint32_t port, uint16_t partner)
{
    for (unsigned i = 0; i < res->nrings; i++)
        if (res->rings[i].dom == dom && res->rings[i].port == port &&
            res->rings[i].partner == partner)
            return &res->rings[i];
    return NULL;
}

static bool rings_match(const char *what, const struct result *a,
                        const struct result *b, const struct trace_remap *m)
{
    if (!CHECK_EQ_U64(a->nrings, b->nrings))
        return false;
    for (unsigned i = 0; i < b->nrings; i++) {
        const struct ring_snap *rb = &b->rings[i], *ra;
        uint16_t partner = rb->partner == XEN_ARGO_DOMID_ANY
                               ? rb->partner : dom_back(m, rb->partner);

        ra = find_ring(a, dom_back(m, rb->dom), port_back(m, rb->port),
                       partner);
        if (!CHECK(ra) || !CHECK_EQ_U64(ra->len, rb->len)) {
            fprintf(stderr, "    %s: ring %u %u %u has no counterpart\n", what,
                    rb->dom, rb->port, rb->partner);
            return false;
        }
        if (!CHECK_EQ_MEM(ra->mem, rb->mem, ARGO_RING_HEADER_SIZE))
            return false;
        for (uint32_t off = 0; off < ra->len; off += 16) {
            const uint8_t *x = ra->mem + ARGO_RING_HEADER_SIZE + off;
            const uint8_t *y = rb->mem + ARGO_RING_HEADER_SIZE + off;
            uint32_t n = ra->len - off < 16 ? ra->len - off : 16;

            if (!memcmp(x, y, n))
                continue;
            if (!CHECK(n == 16 && same_header_renamed(x, y, m))) {
                fprintf(stderr, "    %s: ring %u %u %u differs at data "
                                "offset %u beyond the renaming\n",
                        what, rb->dom, rb->port, rb->partner, off);
                return false;
            }
        }
    }
    return true;
}

/* The first line where two texts differ, for reports. */
static void report_text_diff(const char *what, const char *a, const char *b)
{
    size_t i = 0, start = 0;

    for (; a[i] && a[i] == b[i]; i++)
        if (a[i] == '\n')
            start = i + 1;
    a += start;
    b += start;
    fprintf(stderr, "    %s: results differ modulo the renaming:\n"
                    "      original: %.*s\n      remapped: %.*s\n",
            what, (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

/* a (the original's run) and b (the remapped one's) agree modulo m. */
static bool same_modulo(const char *what, const struct result *a,
                        const struct result *b, const struct trace_remap *m)
{
    char *x = normalised(a->out.buf, NULL), *y = normalised(b->out.buf, m);
    bool ok = CHECK_EQ_STR(x, y);

    if (!ok)
        report_text_diff(what, x, y);
    ok = rings_match(what, a, b, m) && ok;
    free(x);
    free(y);
    return ok;
}

/* Run original and remapped on backend and compare; false if not built. */
static bool check_backend(const char *what, const char *backend,
                          const struct trace *orig, const struct trace *remapped,
                          const struct trace_remap *m)
{
    struct result a, b;

    if (!run(backend, orig, &a))
        return false;
    CHECK(run(backend, remapped, &b));
    same_modulo(what, &a, &b, m);
    result_free(&a);
    result_free(&b);
    return true;
}

/*
 * The remapped trace's binary form, decoded as a fuzz target decodes it,
 * runs like the original modulo m (line numbers taken from the remapped
 * trace: the decoder numbers its own). Returns whether it has one.
 */
static bool check_seed(const char *what, const struct trace *orig,
                       const struct trace *remapped,
                       const struct trace_remap *m, struct trace_error *err)
{
    size_t cap = TRACE_ENCODE_CAP(remapped->nops), len;
    uint8_t *out = trace_fx_xcalloc(cap);
    struct trace check, decoded;
    struct result a, b;
    bool ok;

    trace_fx_alloc_decode(&check);
    trace_fx_alloc_decode(&decoded);
    ok = trace_encode(remapped, out, cap, &len, &check, err) == 0;
    if (ok) {
        trace_decode(out, len, &decoded);
        if (CHECK_EQ_U64(decoded.nops, remapped->nops)) {
            for (uint32_t i = 0; i < decoded.nops; i++)
                decoded.ops[i].line = remapped->ops[i].line;
            CHECK(run("model", orig, &a));
            CHECK(run("model", &decoded, &b));
            same_modulo(what, &a, &b, m);
            result_free(&a);
            result_free(&b);
        }
    }
    free(out);
    trace_fx_free(&check);
    trace_fx_free(&decoded);
    return ok;
}

/* Remapping again changes nothing. */
static void check_idempotent(const struct trace *remapped)
{
    struct trace again;
    struct trace_remap *m = trace_fx_xcalloc(sizeof(*m));
    char *a, *b;

    trace_copy(&again, remapped);
    CHECK(!trace_remap(&again, m));
    a = trace_fx_printed(remapped);
    b = trace_fx_printed(&again);
    CHECK_EQ_STR(a, b);
    free(a);
    free(b);
    free(m);
    trace_fx_free(&again);
}

/* ---- golden and finding traces --------------------------------------- */

static bool must_express(const char *suite, const char *name)
{
    char key[512];

    snprintf(key, sizeof(key), "%s/%s", suite, name);
    for (size_t i = 0; i < ARGO_ARRAY_SIZE(known_expressible); i++)
        if (!strcmp(known_expressible[i], key))
            return true;
    return false;
}

static unsigned total_expressible, total_xenhost;

static void test_suite(const char *suite)
{
    char dir[64], path[512], *names[TRACE_FX_MAX_NAMES], *text;
    unsigned n, expressible = 0;
    struct trace_remap *m = trace_fx_xcalloc(sizeof(*m));
    struct trace_error err;
    struct trace_fx_text notes;
    struct trace t, r;
    size_t len;

    snprintf(dir, sizeof(dir), "../%s", suite);
    n = trace_fx_list(dir, names);
    CHECK(n > 0);
    for (unsigned i = 0; i < n; i++) {
        size_t base = strlen(names[i]) - strlen(".trace");
        bool divergent, express;

        snprintf(path, sizeof(path), "%s/%.*s.err", dir, (int)base, names[i]);
        if (trace_fx_file_exists(path))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (!CHECK_EQ_I64(trace_file_read(path, &text, &len), 0))
            continue;
        if (!CHECK_EQ_I64(trace_file_parse(path, text, len, &t), 0)) {
            free(text);
            continue;
        }
        /* Xen's defects these reach corrupt its memory: model only. */
        divergent = strstr(text, DIVERGENCE_TAG) != NULL;
        free(text);

        trace_copy(&r, &t);
        trace_remap(&r, m);
        memset(&notes, 0, sizeof(notes));
        trace_fx_text_write(&notes, "", 0);
        CHECK_EQ_I64(trace_remap_print(m, "    ", trace_fx_text_write, &notes), 0);

        CHECK(check_backend(path, "model", &t, &r, m));
        if (!divergent && check_backend(path, "xenhost", &t, &r, m))
            total_xenhost++;
        check_idempotent(&r);
        express = check_seed(path, &t, &r, m, &err);
        expressible += express;
        if (express)
            printf("  %s/%s: expressible\n%s", suite, names[i], notes.buf);
        else
            printf("  %s/%s: line %u: %s\n%s", suite, names[i], err.line,
                   err.msg, notes.buf);
        if (!CHECK(express || !must_express(suite, names[i])))
            fprintf(stderr, "    %s should be expressible once remapped\n",
                    path);
        free(notes.buf);
        trace_fx_free(&r);
        trace_file_free(&t);
    }
    printf("%s: %u expressible once remapped\n", suite, expressible);
    total_expressible += expressible;
    for (unsigned i = 0; i < n; i++)
        free(names[i]);
    free(m);
}

/* ---- written traces -------------------------------------------------- */

static bool parse(const char *text, struct trace *t)
{
    return CHECK_EQ_I64(trace_file_parse("written", text, strlen(text), t), 0);
}

/*
 * text remaps to want (canonical text), with notes (trace_remap_print,
 * prefix "") exactly; and means the same on the model.
 */
static void expect_remap(const char *text, const char *want, const char *notes)
{
    struct trace_remap *m = trace_fx_xcalloc(sizeof(*m));
    struct trace t, r;
    struct trace_fx_text k = { 0 };
    char *got;

    if (!parse(text, &t)) {
        free(m);
        return;
    }
    trace_copy(&r, &t);
    CHECK_EQ_I64(trace_remap(&r, m), strcmp(text, want) != 0);
    got = trace_fx_printed(&r);
    trace_fx_text_write(&k, "", 0);
    trace_remap_print(m, "", trace_fx_text_write, &k);
    if (!CHECK_EQ_STR(got, want) || !CHECK_EQ_STR(k.buf, notes))
        fprintf(stderr, "    for:\n%s", text);
    CHECK(check_backend("written", "model", &t, &r, m));
    free(got);
    free(k.buf);
    free(m);
    trace_fx_free(&r);
    trace_file_free(&t);
}

static void test_written(void)
{
    /* Already expressible: nothing to do, nothing said. */
    expect_remap("domain 0\ndomain 1\nregister 1 3 0 64\ndestroy 200\n",
                 "domain 0\ndomain 1\nregister 1 3 0 64\ndestroy 200\n", "");

    /* Ports by first appearance, sendv's and notify's too. */
    expect_remap("domain 0\ndomain 1\nregister 1 7 0 64\n"
                 "sendv 0 4000000000 1:7 hex:01\nnotify 0 1:9:0 1:2:0\n"
                 "consume 1 7 0\n",
                 "domain 0\ndomain 1\nregister 1 0 0 64\n"
                 "sendv 0 1 1:0 hex:01\nnotify 0 1:2:0 1:3:0\nconsume 1 0 0\n",
                 "ports renamed: 7->0 4000000000->1 9->2 2->3\n");
    /* A fifth port: none renamed. */
    expect_remap("domain 0\nregister 0 5 0 64\nregister 0 6 0 64\n"
                 "register 0 7 0 64\nregister 0 8 0 64\nregister 0 9 0 64\n",
                 "domain 0\nregister 0 5 0 64\nregister 0 6 0 64\n"
                 "register 0 7 0 64\nregister 0 8 0 64\nregister 0 9 0 64\n",
                 "ports kept: more than 4 distinct ports (port 9 on line 6 "
                 "is the fifth)\n");

    /* The option moves when no wildcard register comes before it. */
    expect_remap("domain 0\ndomain 1\nregister 1 1 0 64\n"
                 "option mac_permissive=1\nregister 1 2 any 64\n",
                 "option mac_permissive=1\ndomain 0\ndomain 1\n"
                 "register 1 1 0 64\nregister 1 2 any 64\n",
                 "option mac_permissive=1 of line 4 moved to the front: no "
                 "register before it names partner any, the one thing it "
                 "changes\n");
    /* One that fails anyway (missing caller) still reads the option in
     * principle, and keeps it in place. */
    expect_remap("domain 0\nregister 1 1 any 64\noption mac_permissive=1\n",
                 "domain 0\nregister 1 1 any 64\noption mac_permissive=1\n",
                 "option mac_permissive=1 of line 3 kept in place: the "
                 "register on line 2 names partner any and would see it\n");
    /* mac_permissive=0 has no place in the prologue: left alone. */
    expect_remap("domain 0\noption mac_permissive=0\n",
                 "domain 0\noption mac_permissive=0\n", "");

    /* Domains: the leading ones become 0.., in order; later ones named as
     * actors take n, ids only created and destroyed 6..261; reserved ids,
     * any and 0x7fef stay. */
    expect_remap("domain 3\ndomain 5 noargo\nsendv 3 0 9:0 src_dom=65535\n"
                 "register 3 0 32752 64\nregister 3 1 any 64\n"
                 "domain 300\ndestroy 32751\ndestroy 301\n",
                 "domain 0\ndomain 1 noargo\nsendv 0 0 2:0 src_dom=65535\n"
                 "register 0 0 32752 64\nregister 0 1 any 64\n"
                 "domain 6\ndestroy 32751\ndestroy 7\n",
                 "domains renamed: 3->0 5->1 9->2 300->6 301->7\n");
    /* Ids that fit keep their value: 2 (= n) and 200 (LIFE) here. */
    expect_remap("domain 0\ndomain 1\nnotify 2\ndestroy 5\ndestroy 200\n",
                 "domain 0\ndomain 1\nnotify 2\ndestroy 6\ndestroy 200\n",
                 "domains renamed: 5->6\n");
    /* Two actors beyond the prologue: in order, only one fits. */
    expect_remap("domain 0\nnotify 7\nnotify 8\n",
                 "domain 0\nnotify 7\nnotify 8\n",
                 "domains kept: in order, domain 8 (line 3) finds no id left "
                 "in the 0..1 that ring owners, partners, senders, "
                 "destinations and notify domains reach with 1 prologue "
                 "domain\n");
    /* Keeping the order: the destroyed 4 takes 1, the one id left, and
     * the actor 9 above it finds none. */
    expect_remap("domain 0\ndestroy 4\nnotify 9\n",
                 "domain 0\ndestroy 4\nnotify 9\n",
                 "domains kept: in order, domain 9 (line 3) finds no id left "
                 "in the 0..1 that ring owners, partners, senders, "
                 "destinations and notify domains reach with 1 prologue "
                 "domain\n");
    expect_remap("register 0 0 0 64\n", "register 0 0 0 64\n",
                 "domains kept: the trace does not start by creating its "
                 "lowest domain id, with Argo, as the prologue does\n");
    expect_remap("domain 1\nsendv 1 0 0:0\n", "domain 1\nsendv 1 0 0:0\n",
                 "domains kept: the trace does not start by creating its "
                 "lowest domain id, with Argo, as the prologue does\n");
    /* All three at once, applied in that order (ports count from the
     * moved option's new place, which has none). */
    expect_remap("domain 10\ndomain 11\nregister 11 100 10 64\n"
                 "option mac_permissive=1\nsendv 10 100 11:100 hex:aa\n"
                 "destroy 12\n",
                 "option mac_permissive=1\ndomain 0\ndomain 1\n"
                 "register 1 0 0 64\nsendv 0 0 1:0 hex:aa\ndestroy 12\n",
                 "option mac_permissive=1 of line 4 moved to the front: no "
                 "register before it names partner any, the one thing it "
                 "changes\n"
                 "ports renamed: 100->0\n"
                 "domains renamed: 10->0 11->1\n");
}

/* Line numbers stay; a moved option keeps its own; the lookups invert. */
static void test_lookups(void)
{
    struct trace_remap *m = trace_fx_xcalloc(sizeof(*m));
    struct trace t;

    if (parse("domain 4\n\ndomain 6\nregister 6 70 4 64\n"
              "option mac_permissive=1\n", &t)) {
        CHECK(trace_remap(&t, m));
        CHECK_EQ_U64(t.ops[0].kind, TRACE_OP_OPTION);
        CHECK_EQ_U64(t.ops[0].line, 5);
        CHECK_EQ_U64(t.ops[1].line, 1);
        CHECK_EQ_U64(t.ops[2].line, 3);
        CHECK_EQ_U64(trace_remap_dom(m, 6), 1);
        CHECK_EQ_U64(trace_remap_dom_back(m, 1), 6);
        CHECK_EQ_U64(trace_remap_dom(m, XEN_ARGO_DOMID_ANY),
                     XEN_ARGO_DOMID_ANY);
        CHECK_EQ_U64(trace_remap_dom_back(m, 200), 200);
        CHECK_EQ_U64(trace_remap_port(m, 70), 0);
        CHECK_EQ_U64(trace_remap_port_back(m, 0), 70);
        CHECK_EQ_U64(trace_remap_port_back(m, 3), 3);
        trace_file_free(&t);
    }
    free(m);
}

/* ---- random traces --------------------------------------------------- */

/*
 * The names of a decoded trace scrambled: ports onto distinct large
 * numbers, ordinary ids onto larger ones in the same order, and sometimes
 * the leading option moved later. Fields walked as trace_remap does.
 */
struct scramble {
    uint16_t from[512], to[512];
    unsigned n;
    uint32_t port_to[4];
};

static uint16_t scramble_dom(const struct scramble *s, uint16_t dom)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->from[i] == dom)
            return s->to[i];
    return dom;
}

static void note_dom(struct scramble *s, uint16_t dom)
{
    unsigned i = 0;

    if (dom >= 0x7fef)
        return;
    while (i < s->n && s->from[i] < dom)
        i++;
    if (i < s->n && s->from[i] == dom)
        return;
    memmove(&s->from[i + 1], &s->from[i], (s->n - i) * sizeof(s->from[0]));
    s->from[i] = dom;
    s->n++;
}

/* Every id and port field of t: collected into s, or renamed by it. */
static void walk(struct trace *t, struct scramble *s, int rename)
{
    for (uint32_t i = 0; i < t->nops; i++) {
        struct trace_op *op = &t->ops[i];
        uint16_t *doms[3 + 4] = { NULL };
        uint32_t *ports[2 + 4] = { NULL };
        struct trace_ring_name *ring = NULL;
        unsigned nd = 0, np = 0;

        switch (op->kind) {
        case TRACE_OP_DOMAIN: doms[nd++] = &op->u.domain.dom; break;
        case TRACE_OP_DESTROY: doms[nd++] = &op->u.destroy.dom; break;
        case TRACE_OP_REGISTER: ring = &op->u.reg.ring; break;
        case TRACE_OP_UNREGISTER: ring = &op->u.unreg.ring; break;
        case TRACE_OP_CONSUME: ring = &op->u.consume.ring; break;
        case TRACE_OP_SET_RX:
        case TRACE_OP_SET_TX: ring = &op->u.set_index.ring; break;
        case TRACE_OP_SENDV:
            doms[nd++] = &op->u.sendv.dom;
            doms[nd++] = &op->u.sendv.dst_dom;
            if (op->u.sendv.has_src_dom)
                doms[nd++] = &op->u.sendv.src_dom;
            ports[np++] = &op->u.sendv.src_port;
            ports[np++] = &op->u.sendv.dst_port;
            break;
        case TRACE_OP_NOTIFY:
            doms[nd++] = &op->u.notify.dom;
            if (op->u.notify.mode == TRACE_NOTIFY_LIST)
                for (uint32_t j = 0; j < op->u.notify.nent; j++) {
                    doms[nd++] = &t->ents[op->u.notify.first_ent + j].dom;
                    ports[np++] = &t->ents[op->u.notify.first_ent + j].port;
                }
            break;
        default:
            break;
        }
        if (ring) {
            doms[nd++] = &ring->dom;
            doms[nd++] = &ring->partner;
            ports[np++] = &ring->port;
        }
        for (unsigned j = 0; j < nd; j++) {
            if (rename)
                *doms[j] = scramble_dom(s, *doms[j]);
            else
                note_dom(s, *doms[j]);
        }
        for (unsigned j = 0; rename && j < np; j++)
            *ports[j] = s->port_to[*ports[j] & 3u];
    }
}

static void scramble(struct trace *t)
{
    struct scramble s;
    uint32_t next = test_rng() % 40;
    bool zeroed = false;

    /* Zeroed notify entries name port 0 of domain 0: those stay. */
    for (uint32_t i = 0; i < t->nops; i++)
        zeroed |= t->ops[i].kind == TRACE_OP_NOTIFY &&
                  t->ops[i].u.notify.mode == TRACE_NOTIFY_NENT &&
                  t->ops[i].u.notify.nent > 0;
    memset(&s, 0, sizeof(s));
    walk(t, &s, 0);
    if (zeroed)
        next = 0;
    for (unsigned i = 0; i < s.n; i++) {
        s.to[i] = (uint16_t)next;
        next += 1 + test_rng() % 60;
    }
    for (unsigned i = zeroed ? 1 : 0; i < 4; i++) {
        bool fresh;

        do {
            s.port_to[i] = 4 + (uint32_t)(test_rng() % 0xfffffff0u);
            fresh = true;
            for (unsigned j = 0; j < i; j++)
                fresh &= s.port_to[j] != s.port_to[i];
        } while (!fresh);
    }
    walk(t, &s, 1);
    /* The option somewhere later: remap moves it back only when that is
     * harmless. */
    if (t->nops > 1 && t->ops[0].kind == TRACE_OP_OPTION && test_rng() % 2) {
        uint32_t to = 1 + (uint32_t)(test_rng() % (t->nops - 1));
        struct trace_op option = t->ops[0];

        memmove(&t->ops[0], &t->ops[1], to * sizeof(t->ops[0]));
        t->ops[to] = option;
    }
}

/*
 * A receiver that corrupts its indices can read message headers as
 * payload (trace_remap.h): those operations go, so that what is compared
 * is what the renaming promises.
 */
static void drop_index_writes(struct trace *t)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < t->nops; i++)
        if (t->ops[i].kind != TRACE_OP_SET_RX &&
            t->ops[i].kind != TRACE_OP_SET_TX)
            t->ops[n++] = t->ops[i];
    t->nops = n;
}

/*
 * A sendv of type 1 or 0xffffffff has a binary form only to a recent ring,
 * and before the first register that is ring 0 0 0 from domain 0: values,
 * which ports renamed by first appearance need not give back.
 */
static bool early_recent_send(const struct trace *t)
{
    for (uint32_t i = 0; i < t->nops; i++) {
        const struct trace_op *op = &t->ops[i];

        if (op->kind == TRACE_OP_REGISTER)
            return false;
        if (op->kind == TRACE_OP_SENDV &&
            (op->u.sendv.type == 1 || op->u.sendv.type == 0xffffffffu))
            return true;
    }
    return false;
}

static void test_random(void)
{
    static uint8_t in[512];
    struct trace_remap *m = trace_fx_xcalloc(sizeof(*m));
    struct trace d, s;
    struct trace_error err;
    unsigned moved = 0, refused = 0, expressible = 0, done = 0;

    trace_fx_alloc_decode(&d);
    for (unsigned n = 0; n < RANDOM_TRACES; n++) {
        size_t len = test_rng() % sizeof(in);
        unsigned failures = (unsigned)check_failures();

        for (size_t i = 0; i < len; i++)
            in[i] = (uint8_t)test_rng();
        trace_decode(in, len, &d);

        /* What the decoder yields has a binary form: nothing to rename. */
        trace_copy(&s, &d);
        CHECK(!trace_remap(&s, m));
        CHECK(m->option == TRACE_REMAP_UNNEEDED &&
              m->ports == TRACE_REMAP_UNNEEDED &&
              m->doms == TRACE_REMAP_UNNEEDED);
        trace_fx_free(&s);

        drop_index_writes(&d);
        scramble(&d);
        trace_copy(&s, &d);
        trace_remap(&s, m);
        CHECK(m->ports != TRACE_REMAP_REFUSED &&
              m->doms != TRACE_REMAP_REFUSED);
        moved += m->option == TRACE_REMAP_DONE;
        refused += m->option == TRACE_REMAP_REFUSED;
        check_backend("random", "model", &d, &s, m);
        /* Renaming undoes the scramble: a binary form again, unless the
         * option had to stay where the scramble put it or ring 0 0 0 is
         * needed by value. */
        if (check_seed("random", &d, &s, m, &err))
            expressible++;
        else if (!CHECK(m->option == TRACE_REMAP_REFUSED ||
                        early_recent_send(&d)))
            fprintf(stderr, "    line %u: %s\n", err.line, err.msg);
        if ((unsigned)check_failures() != failures) {
            char *a = trace_fx_printed(&d), *b = trace_fx_printed(&s);

            fprintf(stderr, "    random trace %u (%zu input bytes):\n%s"
                            "    remapped:\n%s", n, len, a, b);
            free(a);
            free(b);
            trace_fx_free(&s);
            break;
        }
        trace_fx_free(&s);
        done++;
    }
    printf("random: %u scrambled traces ran alike once remapped; %u "
           "expressible again; options moved back %u, kept %u\n",
           done, expressible, moved, refused);
    trace_fx_free(&d);
    free(m);
}

int main(void)
{
    test_rng_seed(0x7e3a9c0ffee5eedull);
    test_suite("traces");
    test_suite("findings");
    printf("golden and finding traces: %u expressible once remapped, %u "
           "also compared on xenhost\n", total_expressible, total_xenhost);
    CHECK_EQ_U64(total_expressible, ARGO_ARRAY_SIZE(known_expressible));
    test_written();
    test_lookups();
    test_random();
    return CHECK_DONE();
}
