/* SPDX-License-Identifier: MIT */
/*
 * Description: argolab-diff: run a trace on two backends in lockstep and
 * report whether they agree, or where they first disagree.
 *
 * Exit status: 0 equal (or a divergence the trace declares as known);
 * 1 divergent (including a backend dying, e.g. on one of Xen's assertions,
 * or a declared divergence that did not happen); 2 bad input.
 *
 * A trace declares a known divergence with a comment line
 *     # argolab: known-divergence <backend>,<backend> <reference...>
 * e.g. "# argolab: known-divergence model,xenhost docs/findings.md#1".
 *
 * The comparison runs in a child process, so a backend that aborts or
 * crashes is reported with the operation it died in, not taken for a
 * crash of the tool.
 */
#define _GNU_SOURCE /* strsignal, MAP_ANONYMOUS */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../host/host_backend.h"
#include "../host/trace_diff.h"
#include "../host/trace_file.h"

#define EXIT_EQUAL      0
#define EXIT_DIVERGENT  1
#define EXIT_BAD_INPUT  2

/* What the child leaves for the parent in shared memory. */
struct progress {
    volatile uint32_t op_index;
    volatile int finished;      /* the comparison returned (not died) */
};

struct diff_args {
    const char *path;
    const char *names[2];
    char known[256];            /* the declared divergence, if any */
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: argolab-diff [--backends A,B] FILE|-\n"
            "  --backends A,B   the two implementations to compare "
            "(default model,xenhost; known: %s)\n",
            host_backend_names());
}

static void note_progress(void *ctx, uint32_t op_index)
{
    ((struct progress *)ctx)->op_index = op_index;
}

/* The declared known divergence for this pair of backends, if any. */
static void find_known_divergence(const char *text, size_t len,
                                  struct diff_args *args)
{
    static const char tag[] = "# argolab: known-divergence ";
    char pair[128];

    snprintf(pair, sizeof(pair), "%s,%s", args->names[0], args->names[1]);
    for (size_t i = 0; i < len;) {
        size_t end = i;

        while (end < len && text[end] != '\n')
            end++;
        if (end - i > sizeof(tag) - 1 &&
            !strncmp(text + i, tag, sizeof(tag) - 1)) {
            const char *rest = text + i + sizeof(tag) - 1;
            size_t rest_len = end - i - (sizeof(tag) - 1);
            size_t pair_len = strlen(pair);

            if (rest_len > pair_len && !strncmp(rest, pair, pair_len) &&
                rest[pair_len] == ' ')
                snprintf(args->known, sizeof(args->known), "%.*s",
                         (int)(rest_len - pair_len - 1), rest + pair_len + 1);
        }
        i = end + 1;
    }
}

static int write_stdout(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    return fwrite(s, 1, n, stdout) == n ? 0 : -1;
}

/* "L<line>: <the operation as text>\n", or the final lines. */
static void print_op(const struct trace *t, uint32_t op_index)
{
    struct trace one = *t;

    if (op_index >= t->nops) {
        printf("the final ring and domain lines\n");
        return;
    }
    one.ops = &t->ops[op_index];
    one.nops = 1;
    printf("L%u: ", t->ops[op_index].line);
    fflush(stdout);
    trace_print(&one, write_stdout, NULL);
}

static void print_window(const char *name, const struct diff_report *r,
                         const uint8_t *w)
{
    printf("  %-8s", name);
    for (size_t i = 0; i < r->window_len; i++)
        printf("%s%02x", i && i % 8 == 0 ? "  " : " ", w[i]);
    printf("\n");
}

static void print_ring_name(const struct trace_ring_name *n)
{
    if (n->partner == XEN_ARGO_DOMID_ANY)
        printf("ring %u %u any", n->dom, n->port);
    else
        printf("ring %u %u %u", n->dom, n->port, n->partner);
}

static void print_report(const struct diff_args *args, const struct trace *t,
                         const struct diff_report *r)
{
    printf("%s: %s and %s diverge at ", args->path, args->names[0],
           args->names[1]);
    print_op(t, r->op_index);

    switch (r->kind) {
    case DIFF_RESULT_LINE:
        printf("  %-8s %s\n  %-8s %s\n", args->names[0], r->line_a,
               args->names[1], r->line_b);
        break;
    case DIFF_RING_PRESENCE:
        printf("  ");
        print_ring_name(&r->ring);
        printf(" is registered on %s only\n",
               r->present_a ? args->names[0] : args->names[1]);
        break;
    case DIFF_RING_BYTES:
        printf("  ");
        print_ring_name(&r->ring);
        printf(" differs first at byte %zu of its pages (%s %zu); bytes "
               "%zu..%zu:\n",
               r->offset, r->offset < ARGO_RING_HEADER_SIZE ? "ring header"
                                                            : "data offset",
               r->offset < ARGO_RING_HEADER_SIZE
                   ? r->offset
                   : r->offset - ARGO_RING_HEADER_SIZE,
               r->window_start, r->window_start + r->window_len - 1);
        print_window(args->names[0], r, r->window_a);
        print_window(args->names[1], r, r->window_b);
        break;
    case DIFF_KNOWN_FINDING:
        printf("  stopped: Xen would reach docs/findings.md #%u (%s)\n",
               r->finding, known_finding_title(r->finding));
        break;
    case DIFF_EQUAL:
        break;
    }
}

/* Runs in the child: the comparison itself. Returns the exit status. */
/* What the comparison found, printed on stdout; returns the exit status. */
static int report(const struct diff_args *args, const struct trace *t,
                  int rc, struct diff_report *r)
{
    if (rc < 0) {
        fprintf(stderr, "argolab-diff: %s: run failed (out of memory)\n",
                args->path);
        return EXIT_DIVERGENT;
    }
    if (rc == 0) {
        if (args->known[0]) {
            printf("%s: %s and %s agree, but the trace declares a known "
                   "divergence (%s): has it been fixed?\n",
                   args->path, args->names[0], args->names[1], args->known);
            return EXIT_DIVERGENT;
        }
        printf("%s: %s and %s agree on %u operations\n", args->path,
               args->names[0], args->names[1], t->nops);
        return EXIT_EQUAL;
    }
    print_report(args, t, r);
    if (args->known[0]) {
        printf("known divergence: %s\n", args->known);
        return EXIT_EQUAL;
    }
    return EXIT_DIVERGENT;
}

/* Runs in the child: the comparison itself. Returns the exit status. */
static int compare(const struct diff_args *args, const struct trace *t,
                   struct progress *shared)
{
    struct host_backend a, b;
    struct diff_report r;
    const char *why = NULL;
    int rc, status;

    if (trace_abi(t) == TRACE_OPTION_ABI_V4V) {
        fprintf(stderr, "argolab-diff: %s: option abi=v4v: Xen has no V4V, so "
                "there is nothing to compare with; V4V traces run on the model "
                "(argolab-replay)\n", args->path);
        return EXIT_BAD_INPUT;
    }
    if (host_backend_open(args->names[0], &a, &why)) {
        fprintf(stderr, "argolab-diff: backend %s: %s\n", args->names[0], why);
        return EXIT_BAD_INPUT;
    }
    if (host_backend_open(args->names[1], &b, &why)) {
        fprintf(stderr, "argolab-diff: backend %s: %s\n", args->names[1], why);
        host_backend_close(&a);
        return EXIT_BAD_INPUT;
    }
    rc = trace_diff(t, &a, &b, NULL, note_progress, shared, &r);
    status = report(args, t, rc, &r);
    diff_report_free(&r);
    fflush(stdout);
    host_backend_print_notes(&a, stderr);
    host_backend_print_notes(&b, stderr);
    host_backend_close(&a);
    host_backend_close(&b);
    return status;
}

static int parse_backends(char *spec, struct diff_args *args)
{
    char *comma = strchr(spec, ',');

    if (!comma || strchr(comma + 1, ',') || comma == spec || !comma[1])
        return -1;
    *comma = '\0';
    args->names[0] = spec;
    args->names[1] = comma + 1;
    return 0;
}

int main(int argc, char **argv)
{
    struct diff_args args = { .names = { "model", "xenhost" } };
    struct progress *shared;
    struct trace t;
    char *text;
    size_t len;
    pid_t pid;
    int status;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--backends") && i + 1 < argc) {
            if (parse_backends(argv[++i], &args)) {
                fprintf(stderr, "argolab-diff: --backends expects A,B, got "
                                "'%s'\n", argv[i]);
                return EXIT_BAD_INPUT;
            }
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return EXIT_EQUAL;
        } else if ((argv[i][0] != '-' || !strcmp(argv[i], "-")) &&
                   !args.path) {
            args.path = argv[i];
        } else {
            fprintf(stderr, "argolab-diff: unexpected argument '%s'\n",
                    argv[i]);
            usage(stderr);
            return EXIT_BAD_INPUT;
        }
    }
    if (!args.path) {
        fputs("argolab-diff: expected a trace FILE (or - for stdin)\n", stderr);
        usage(stderr);
        return EXIT_BAD_INPUT;
    }

    if (trace_file_read(args.path, &text, &len))
        return EXIT_BAD_INPUT;
    if (trace_file_parse(args.path, text, len, &t)) {
        free(text);
        return EXIT_BAD_INPUT;
    }
    find_known_divergence(text, len, &args);
    free(text);

    shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        perror("argolab-diff: mmap");
        return EXIT_DIVERGENT;
    }
    shared->op_index = 0;
    shared->finished = 0;
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        perror("argolab-diff: fork");
        return EXIT_DIVERGENT;
    }
    if (pid == 0) {
        status = compare(&args, &t, shared);
        shared->finished = 1;
        fflush(NULL);
        _exit(status);
    }
    if (waitpid(pid, &status, 0) < 0) {
        perror("argolab-diff: waitpid");
        return EXIT_DIVERGENT;
    }
    if (WIFEXITED(status) && shared->finished) {
        trace_file_free(&t);
        return WEXITSTATUS(status);
    }

    /* Killed, or exited from inside a backend (a sanitizer's report). */
    if (WIFSIGNALED(status))
        printf("%s: a backend died (%s) during ", args.path,
               strsignal(WTERMSIG(status)));
    else
        printf("%s: a backend exited (status %d) during ", args.path,
               WEXITSTATUS(status));
    print_op(&t, shared->op_index);
    trace_file_free(&t);
    if (args.known[0]) {
        printf("known divergence: %s\n", args.known);
        return EXIT_EQUAL;
    }
    return EXIT_DIVERGENT;
}
