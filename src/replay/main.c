/* SPDX-License-Identifier: MIT */
/*
 * Description: argolab-replay: run a trace on a backend and print the
 * result lines of docs/trace-format.md; convert between the text and the
 * binary form of a trace, renaming ports and domain ids on request where
 * only they stand in the binary form's way.
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
            "       argolab-replay --to-bytes OUT [--remap] FILE|-\n"
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

/* --to-bytes: the binary form of t, checked by decoding it, to out_path. */
static int to_bytes(const char *path, const char *out_path,
                    const struct trace *t)
{
    size_t cap = TRACE_ENCODE_CAP(t->nops), len = 0;
    uint8_t *out = malloc(cap);
    struct trace check = {
        .ops = calloc(TRACE_DECODE_OPS_CAP, sizeof(struct trace_op)),
        .ops_cap = TRACE_DECODE_OPS_CAP,
        .bytes = malloc(TRACE_DECODE_BYTES_CAP),
        .bytes_cap = TRACE_DECODE_BYTES_CAP,
        .ents = calloc(TRACE_DECODE_ENTS_CAP, sizeof(struct trace_notify_ent)),
        .ents_cap = TRACE_DECODE_ENTS_CAP,
    };
    struct trace_error err;
    int rc;

    if (!out || !check.ops || !check.bytes || !check.ents) {
        fputs("argolab-replay: out of memory\n", stderr);
        rc = EXIT_RUN_FAILED;
    } else if (trace_encode(t, out, cap, &len, &check, &err)) {
        fprintf(stderr, "%s:%u: %s\n", path, err.line, err.msg);
        rc = EXIT_BAD_INPUT;
    } else if (!strcmp(out_path, "-")) {
        rc = 0;
        if (fwrite(out, 1, len, stdout) != len || fflush(stdout)) {
            perror("argolab-replay: stdout");
            rc = EXIT_RUN_FAILED;
        }
    } else {
        rc = write_atomically(out_path, out, len);
    }
    free(out);
    free(check.ops);
    free(check.bytes);
    free(check.ents);
    return rc;
}

int main(int argc, char **argv)
{
    struct replay r = { .backend = "model" };
    bool from_bytes = false, print = false, remap = false;
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

    if (trace_file_read(r.path, &data, &len))
        return EXIT_BAD_INPUT;
    if (from_bytes)
        rc = trace_file_decode((const uint8_t *)data, len, &t);
    else
        rc = trace_file_parse(r.path, data, len, &t);
    free(data);
    if (rc)
        return from_bytes ? EXIT_RUN_FAILED : EXIT_BAD_INPUT;

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
