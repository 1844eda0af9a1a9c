/* SPDX-License-Identifier: MIT */
/*
 * Description: argolab-replay: run a trace on a backend and print the
 * result lines of docs/trace-format.md; convert between the text and the
 * binary form of a trace, renaming ports and domain ids on request where
 * only they stand in the binary form's way, or cutting the trace to its
 * longest prefix that has a binary form.
 *
 * Exit status: 0 done; 1 the run failed (out of memory, output error);
 * 2 bad input (usage, unreadable file, malformed trace, a trace the binary
 * form cannot express); 3 an invariant of the model was violated (--check).
 */
#define _DEFAULT_SOURCE /* mkstemp, fchmod, fsync */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../host/host_backend.h"
#include "../host/trace_host_std.h"
#include "../ring_model/argo_invariants.h"
#include "../trace/trace_encode.h"
#include "../trace/trace_remap.h"
#include "../trace/trace_run.h"
#include "../host/trace_file.h"

#define EXIT_RUN_FAILED     1
#define EXIT_BAD_INPUT      2
#define EXIT_INVARIANT      3

/* Results are held until the run ends, so a failed run prints no results. */
struct out_buf {
    char *data;
    size_t len, cap;
};

struct replay {
    const char *path;
    const char *backend;
    struct out_buf out;
    struct argo_model *model;   /* the model's state, when it is the backend */
    bool check;
    struct argo_violation violation;
    uint32_t violation_line;
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: argolab-replay [--backend NAME] [--check] [--remap] FILE|-\n"
            "       argolab-replay --from-bytes FILE [--print-trace] [--check]\n"
            "       argolab-replay --to-bytes OUT [--remap] [--prefix] FILE|-\n"
            "       argolab-replay --print-trace --remap FILE|-\n"
            "\n"
            "Runs a trace (docs/trace-format.md) and prints one result line per\n"
            "operation, then the rings and domains left; or converts a trace\n"
            "between its text and its binary form (the fuzz targets' input).\n"
            "\n"
            "  --backend NAME   implementation to run on (%s; default model)\n"
            "  --check          check the model's invariants after every operation\n"
            "  --from-bytes     FILE holds fuzzer bytes, decoded into a trace\n"
            "  --print-trace    print the decoded (or remapped) trace as text instead\n"
            "                   of running it\n"
            "  --to-bytes OUT   write the text trace FILE in the binary form to OUT\n"
            "                   (- is stdout), which --from-bytes decodes into the\n"
            "                   same operations; OUT is replaced atomically and left\n"
            "                   alone on error. A trace the binary form cannot\n"
            "                   express is reported as FILE:LINE: <why>, exit 2\n"
            "  --remap          first rename ports (to 0..3) and domain ids (onto ids\n"
            "                   the binary form has, in order) and move the first\n"
            "                   option to the front, where that changes nothing but\n"
            "                   names; what was renamed goes to stderr as\n"
            "                   FILE: remap: ..., or with --print-trace as # comments\n"
            "  --prefix         with --to-bytes, write the longest prefix of the trace\n"
            "                   that has a binary form (with --remap, each prefix\n"
            "                   renamed on its own); FILE: prefix: on stderr says how\n"
            "                   many operations were kept and the line that stops\n"
            "                   the next one. Exit 2 when the prefix would hold no\n"
            "                   more than the leading option and domain lines\n"
            "\n"
            "Exit status: 0 done; 1 the run failed; 2 bad input (usage, unreadable\n"
            "file, malformed or inexpressible trace); 3 an invariant was violated.\n",
            host_backend_names());
}

static int out_write(void *ctx, const char *s, size_t n)
{
    struct out_buf *o = ctx;

    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 1 << 16;
        char *bigger;

        while (cap < o->len + n)
            cap *= 2;
        bigger = realloc(o->data, cap);
        if (!bigger)
            return -1;
        o->data = bigger;
        o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
    return 0;
}

static int host_write(void *ctx, const char *s, size_t n)
{
    return out_write(&((struct replay *)ctx)->out, s, n);
}

static int host_after_op(void *ctx, const struct trace_op *op)
{
    struct replay *r = ctx;

    if (!r->check || !argo_check_invariants(r->model, &r->violation))
        return 0;
    r->violation_line = op->line;
    return EXIT_INVARIANT;
}

static int flush_stdout(const struct out_buf *o)
{
    if (fwrite(o->data, 1, o->len, stdout) != o->len || fflush(stdout)) {
        perror("argolab-replay: stdout");
        return EXIT_RUN_FAILED;
    }
    return 0;
}

/* The remap notes, if any, come first as comments: the text says what it
 * is a renaming of. */
static int print_trace(struct replay *r, const struct trace *t,
                       const struct trace_remap *remap)
{
    if ((remap && trace_remap_print(remap, "# remap: ", host_write, r)) ||
        trace_print(t, host_write, r)) {
        fputs("argolab-replay: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    return flush_stdout(&r->out);
}

static int run_trace(struct replay *r, const struct trace *t)
{
    struct trace_host host = {
        .alloc_zeroed = trace_host_calloc,
        .release = trace_host_free,
        .write = host_write,
        .ctx = r,
        .after_op = host_after_op,
    };
    struct trace_runner *runner = malloc(sizeof(*runner));
    struct host_backend hb;
    const char *why = NULL;
    int rc;

    if (!runner) {
        fputs("argolab-replay: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    if (host_backend_open(r->backend, &hb, &why)) {
        fprintf(stderr, "argolab-replay: backend %s: %s\n", r->backend, why);
        free(runner);
        return EXIT_BAD_INPUT;
    }
    r->model = hb.model;
    if (trace_abi(t) == TRACE_OPTION_ABI_V4V && !r->model) {
        fprintf(stderr, "argolab-replay: %s: option abi=v4v: backend %s speaks "
                "Argo only (Xen has no V4V); V4V traces run on the model\n",
                r->path, r->backend);
        host_backend_close(&hb);
        free(runner);
        return EXIT_BAD_INPUT;
    }
    if (r->check && !r->model) {
        fprintf(stderr, "argolab-replay: --check needs the model backend\n");
        host_backend_close(&hb);
        free(runner);
        return EXIT_BAD_INPUT;
    }
    rc = trace_run(runner, t, &hb.be, &host);
    free(runner);
    host_backend_print_notes(&hb, stderr);
    host_backend_close(&hb);

    if (rc == EXIT_INVARIANT) {
        const struct argo_violation *v = &r->violation;

        fprintf(stderr,
                "%s:%u: invariant violated: %s (ring %u %u %u, expected %llu, "
                "found %llu)\n",
                r->path, r->violation_line, v->what, v->dom, v->port,
                v->partner, (unsigned long long)v->expected,
                (unsigned long long)v->actual);
        return EXIT_INVARIANT;
    }
    if (rc) {
        fprintf(stderr, "argolab-replay: %s: run failed (%s)\n", r->path,
                rc == -ARGO_ENOMEM ? "out of memory for ring pages"
                                   : "output error");
        return EXIT_RUN_FAILED;
    }
    return flush_stdout(&r->out);
}

static int stderr_write(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    return fwrite(s, 1, n, stderr) == n ? 0 : -1;
}

/* "FILE: remap: ..." per part renamed, moved or left in the way. */
static void print_remap_notes(const char *path, const struct trace_remap *r)
{
    size_t n = strlen(path) + sizeof(": remap: ");
    char *prefix = malloc(n);

    if (!prefix)
        return;
    snprintf(prefix, n, "%s: remap: ", path);
    trace_remap_print(r, prefix, stderr_write, NULL);
    free(prefix);
}

/*
 * Write n bytes to path through a temporary file beside it and rename(2),
 * so that path holds either its old contents or all of the new ones.
 */
static int write_atomically(const char *path, const uint8_t *data, size_t n)
{
    static const char suffix[] = ".tmp.XXXXXX";
    size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof(suffix));
    bool ok;
    int fd, why = 0;
    mode_t mask;
    FILE *f;

    if (!tmp) {
        fputs("argolab-replay: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, suffix, sizeof(suffix));
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "argolab-replay: %s: cannot create: %s\n", tmp,
                strerror(errno));
        free(tmp);
        return EXIT_RUN_FAILED;
    }
    /* mkstemp makes the file 0600; give it what a plain create would. */
    mask = umask(0);
    umask(mask);
    f = fdopen(fd, "wb");
    if (!f) {
        why = errno;
        close(fd);
    }
    ok = f && !fchmod(fd, 0666 & ~mask) && fwrite(data, 1, n, f) == n &&
         !fflush(f) && !fsync(fd);
    if (!ok && !why)
        why = errno;
    if (f && fclose(f) && ok)
        ok = false, why = errno;
    if (ok && rename(tmp, path))
        ok = false, why = errno;
    if (!ok) {
        fprintf(stderr, "argolab-replay: %s: cannot write: %s\n", path,
                strerror(why));
        unlink(tmp);
    }
    free(tmp);
    return ok ? 0 : EXIT_RUN_FAILED;
}

/* Where trace_encode writes, and the trace its bytes decode to (checked). */
struct encoding {
    uint8_t *out;
    size_t cap, len;
    struct trace check;
    struct trace_error err;
};

static void encoding_free(struct encoding *e)
{
    free(e->out);
    free(e->check.ops);
    free(e->check.bytes);
    free(e->check.ents);
}

/* Buffers that suffice for any trace of at most nops operations. */
static int encoding_init(struct encoding *e, uint32_t nops)
{
    *e = (struct encoding){
        .cap = TRACE_ENCODE_CAP(nops),
        .check = {
            .ops = calloc(TRACE_DECODE_OPS_CAP, sizeof(struct trace_op)),
            .ops_cap = TRACE_DECODE_OPS_CAP,
            .bytes = malloc(TRACE_DECODE_BYTES_CAP),
            .bytes_cap = TRACE_DECODE_BYTES_CAP,
            .ents = calloc(TRACE_DECODE_ENTS_CAP,
                           sizeof(struct trace_notify_ent)),
            .ents_cap = TRACE_DECODE_ENTS_CAP,
        },
    };
    e->out = malloc(e->cap);
    if (!e->out || !e->check.ops || !e->check.bytes || !e->check.ents) {
        encoding_free(e);
        *e = (struct encoding){ 0 };
        fputs("argolab-replay: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    return 0;
}

static int encode(const struct trace *t, struct encoding *e)
{
    return trace_encode(t, e->out, e->cap, &e->len, &e->check, &e->err);
}

/* The encoded bytes to out_path ("-": stdout). */
static int write_bytes(const char *out_path, const struct encoding *e)
{
    if (strcmp(out_path, "-"))
        return write_atomically(out_path, e->out, e->len);
    if (fwrite(e->out, 1, e->len, stdout) != e->len || fflush(stdout)) {
        perror("argolab-replay: stdout");
        return EXIT_RUN_FAILED;
    }
    return 0;
}

/* --to-bytes: the binary form of t, checked by decoding it, to out_path. */
static int to_bytes(const char *path, const char *out_path,
                    const struct trace *t)
{
    struct encoding e;
    int rc = encoding_init(&e, t->nops);

    if (rc)
        return rc;
    if (encode(t, &e)) {
        fprintf(stderr, "%s:%u: %s\n", path, e.err.line, e.err.msg);
        rc = EXIT_BAD_INPUT;
    } else {
        rc = write_bytes(out_path, &e);
    }
    encoding_free(&e);
    return rc;
}

/* The notify entries the first n operations of t list: a prefix of t's. */
static uint32_t ents_used(const struct trace *t, uint32_t n)
{
    uint32_t used = 0;

    for (uint32_t i = 0; i < n; i++) {
        const struct trace_op *op = &t->ops[i];

        if (op->kind == TRACE_OP_NOTIFY &&
            op->u.notify.mode == TRACE_NOTIFY_LIST &&
            op->u.notify.first_ent + op->u.notify.nent > used)
            used = op->u.notify.first_ent + op->u.notify.nent;
    }
    return used;
}

/*
 * The leading option and domain lines: a prefix that keeps no more says
 * nothing about Argo, so --prefix refuses it.
 */
static uint32_t setup_ops(const struct trace *t)
{
    uint32_t i = 0;

    while (i < t->nops && (t->ops[i].kind == TRACE_OP_OPTION ||
                           t->ops[i].kind == TRACE_OP_DOMAIN))
        i++;
    return i;
}

/*
 * --to-bytes --prefix: the binary form of the longest prefix of t that has
 * one, each prefix renamed on its own (--remap) rather than cut from the
 * renamed trace: a port or an id that only later operations name can keep
 * an earlier one from being renamed (a fifth port, a domain too many),
 * and a prefix without them may be renamed. That is also why every length
 * is tried, from the longest down, instead of cutting at the line the
 * whole trace stops on: a prefix longer than that cut can have a binary
 * form once the later names are gone. No prefix beyond
 * TRACE_DECODE_OPS_CAP operations has one, so no longer one is tried.
 *
 * Says on stderr how many operations were kept and which line stops the
 * next prefix, with the encoder's reason; when that reason names an
 * earlier line, the stopping operation got in the way of the renaming,
 * and what the renaming of that prefix left in the way is said too.
 */
static int to_bytes_prefix(const char *path, const char *out_path,
                           const struct trace *t, bool remap)
{
    struct trace work = *t;
    struct trace_remap *rm = malloc(sizeof(*rm));
    struct trace_remap *stop_rm = malloc(sizeof(*stop_rm));
    struct trace_error stop_err = { 0 };
    uint32_t setup = setup_ops(t), stop_line = 0, n;
    struct encoding e;
    int rc;

    /* Nothing to cut: the encoder's own refusal says so. */
    if (!t->nops) {
        free(rm);
        free(stop_rm);
        return to_bytes(path, out_path, t);
    }
    rc = encoding_init(&e, t->nops);
    work.ops = malloc(t->nops * sizeof(*work.ops));
    work.ents = malloc((t->nents ? t->nents : 1) * sizeof(*work.ents));
    if (!rc && (!rm || !stop_rm || !work.ops || !work.ents)) {
        fputs("argolab-replay: out of memory\n", stderr);
        rc = EXIT_RUN_FAILED;
    }
    /* One operation beyond the cap, so that what stops it is said. */
    n = t->nops > TRACE_DECODE_OPS_CAP ? TRACE_DECODE_OPS_CAP + 1 : t->nops;
    for (; !rc && n > 0; n--) {
        /* Renaming rewrites ops and ents in place: start from the text. */
        memcpy(work.ops, t->ops, n * sizeof(*work.ops));
        work.nents = ents_used(t, n);
        memcpy(work.ents, t->ents, work.nents * sizeof(*work.ents));
        work.nops = n;
        if (remap)
            trace_remap(&work, rm);
        if (!encode(&work, &e))
            break;
        /* Kept for the shortest prefix that fails: the one just too long. */
        stop_err = e.err;
        stop_line = t->ops[n - 1].line;
        if (remap)
            *stop_rm = *rm;
    }
    if (rc)
        goto out;

    if (n == t->nops) {
        if (remap)
            print_remap_notes(path, rm);
        fprintf(stderr, "%s: prefix: kept %u of %u operations: the whole "
                "trace\n", path, n, t->nops);
        rc = write_bytes(out_path, &e);
        goto out;
    }
    if (n <= setup) {
        fprintf(stderr, "%s: prefix: no operation beyond the leading option "
                "and domain lines has a binary form (%u of %u operations "
                "would be kept); ", path, n, t->nops);
        rc = EXIT_BAD_INPUT;
    } else {
        if (remap)
            print_remap_notes(path, rm);
        fprintf(stderr, "%s: prefix: kept %u of %u operations; ", path, n,
                t->nops);
        rc = write_bytes(out_path, &e);
    }
    if (stop_err.line == stop_line) {
        fprintf(stderr, "line %u stops it: %s\n", stop_line, stop_err.msg);
    } else {
        fprintf(stderr, "line %u stops it: with it, line %u: %s\n",
                stop_line, stop_err.line, stop_err.msg);
        if (remap) {
            size_t len = strlen(path) + 64;
            char *prefix = malloc(len);

            if (prefix) {
                snprintf(prefix, len, "%s: prefix: with line %u, remap: ",
                         path, stop_line);
                trace_remap_print(stop_rm, prefix, stderr_write, NULL);
                free(prefix);
            }
        }
    }
out:
    encoding_free(&e);
    free(work.ops);
    free(work.ents);
    free(rm);
    free(stop_rm);
    return rc;
}

int main(int argc, char **argv)
{
    struct replay r = { .backend = "model" };
    bool from_bytes = false, print = false, remap = false, prefix = false;
    const char *to_bytes_path = NULL;
    struct trace_remap *renamed = NULL;
    struct trace t;
    char *data;
    size_t len;
    int rc;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--backend") && i + 1 < argc) {
            r.backend = argv[++i];
        } else if (!strcmp(a, "--check")) {
            r.check = true;
        } else if (!strcmp(a, "--from-bytes")) {
            from_bytes = true;
        } else if (!strcmp(a, "--print-trace")) {
            print = true;
        } else if (!strcmp(a, "--remap")) {
            remap = true;
        } else if (!strcmp(a, "--prefix")) {
            prefix = true;
        } else if (!strcmp(a, "--to-bytes") && i + 1 < argc) {
            to_bytes_path = argv[++i];
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if ((a[0] != '-' || !strcmp(a, "-")) && !r.path) {
            r.path = a;
        } else {
            fprintf(stderr, "argolab-replay: unexpected argument '%s'\n", a);
            usage(stderr);
            return EXIT_BAD_INPUT;
        }
    }
    if (!r.path) {
        fputs("argolab-replay: expected a trace FILE (or - for stdin)\n",
              stderr);
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    if (print && !from_bytes && !remap) {
        fputs("argolab-replay: --print-trace needs --from-bytes or --remap\n",
              stderr);
        return EXIT_BAD_INPUT;
    }
    if (print && to_bytes_path) {
        fputs("argolab-replay: --print-trace and --to-bytes do not go "
              "together\n", stderr);
        return EXIT_BAD_INPUT;
    }
    if (to_bytes_path && (from_bytes || r.check)) {
        fputs("argolab-replay: --to-bytes takes a text trace and runs "
              "nothing (no --from-bytes, no --check)\n", stderr);
        return EXIT_BAD_INPUT;
    }

    if (prefix && !to_bytes_path) {
        fputs("argolab-replay: --prefix needs --to-bytes\n", stderr);
        return EXIT_BAD_INPUT;
    }

    if (trace_file_read(r.path, &data, &len))
        return EXIT_BAD_INPUT;
    if (from_bytes)
        rc = trace_file_decode((const uint8_t *)data, len, &t);
    else
        rc = trace_file_parse(r.path, data, len, &t);
    free(data);
    if (rc)
        return from_bytes ? EXIT_RUN_FAILED : EXIT_BAD_INPUT;

    if (prefix) {
        /* Each prefix is renamed on its own. */
        rc = to_bytes_prefix(r.path, to_bytes_path, &t, remap);
        trace_file_free(&t);
        return rc;
    }
    if (remap) {
        renamed = malloc(sizeof(*renamed));
        if (!renamed) {
            fputs("argolab-replay: out of memory\n", stderr);
            trace_file_free(&t);
            return EXIT_RUN_FAILED;
        }
        trace_remap(&t, renamed);
        if (!print)
            print_remap_notes(r.path, renamed);
    }
    if (to_bytes_path)
        rc = to_bytes(r.path, to_bytes_path, &t);
    else
        rc = print ? print_trace(&r, &t, renamed) : run_trace(&r, &t);
    trace_file_free(&t);
    free(renamed);
    free(r.out.data);
    return rc;
}
