/* SPDX-License-Identifier: MIT */
/*
 * Description: argolab-capacity: which Argo ring size a workload needs,
 * by simulating the model over candidate sizes (docs/capacity.md).
 *
 * Exit status: 0 answered (even when no ring meets the target: the answer
 * says why), 1 the simulation or the figure failed, 2 bad input. On bad
 * input nothing is printed on stdout and no file is written.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capacity/cap_recommend.h"
#include "capacity/cap_report.h"
#include "capacity/cap_sweep.h"
#include "capacity/cap_workload.h"

#define PROG "argolab-capacity"

static void usage(FILE *f)
{
    fputs("usage: " PROG " [WORKLOAD.ini] [options]\n"
          "\n"
          "Which Argo ring size does a workload need? Simulates the model over ring\n"
          "sizes and recommends the smallest that meets the target. Flags override the\n"
          "workload file's keys of the same name (docs/capacity.md).\n"
          "\n"
          "workload:\n"
          "  --size SPEC           message sizes: N, fixed N, uniform LO HI,\n"
          "                        histogram S:W,S:W,... or trace FILE\n"
          "  --rate RATE           messages/s of all senders together (50000, 50k)\n"
          "  --arrival SPEC        poisson [RATE] (default), constant [RATE],\n"
          "                        onoff RATE ON OFF (RATE while on; mean ON, OFF: 5ms)\n"
          "  --senders N           sender domains, 1 to 32 (default 1)\n"
          "  --policy P            on -EAGAIN: retry (default), drop or block\n"
          "  --drain RATE          the receiver's messages/s (fixed time per message)\n"
          "  --service SPEC        or its time per message: fixed T or exp T (16us)\n"
          "  --batch N             messages the receiver handles between notifies (1)\n"
          "  --wake-latency T      receiver: from a signal to running again (0)\n"
          "  --sender-wake-latency T  a waiting sender: from its signal to the retry (0)\n"
          "run:\n"
          "  --sizes LIST          ring lengths: bytes (a multiple of 16) or pages (16p);\n"
          "                        default 1p, 2p, 3p, 4p, 6p, ... 4096p\n"
          "  --messages N          measured messages per ring (default 1M)\n"
          "  --warmup N            messages before measuring (default messages / 10)\n"
          "  --seed N              the simulation's seed (default 1)\n"
          "  --no-refine           keep to the default sweep; otherwise the rings between\n"
          "                        the recommended one and the next smaller are bisected\n"
          "                        page by page\n"
          "  --target-eagain P     recommend for -EAGAIN probability <= P (default 1e-4)\n"
          "  --target-throughput F or for achieved/offered >= F\n"
          "output:\n"
          "  --json, --csv         machine-readable output instead of the table\n"
          "  --plot                also draw the figure, DIR/NAME.png and .svg\n"
          "  --plot-dir DIR        where (default reports/capacity)\n"
          "  --name NAME           the figure's name (default: the workload file's)\n"
          "  --quiet               no progress or speed on stderr\n"
          "\n"
          "Exit status: 0 answered, 1 the simulation or figure failed, 2 bad input.\n",
          f);
}

/* Flags that set a workload key: --wake-latency sets wake_latency. */
static const struct {
    const char *flag;
    const char *key;
} key_flags[] = {
    { "--size", "size" },
    { "--rate", "rate" },
    { "--arrival", "arrival" },
    { "--senders", "senders" },
    { "--policy", "policy" },
    { "--drain", "drain" },
    { "--service", "service" },
    { "--batch", "batch" },
    { "--wake-latency", "wake_latency" },
    { "--sender-wake-latency", "sender_wake_latency" },
    { "--sizes", "sizes" },
    { "--messages", "messages" },
    { "--warmup", "warmup" },
    { "--seed", "seed" },
    { "--target-eagain", "target_eagain" },
    { "--target-throughput", "target_throughput" },
};

#define MAX_SETTINGS 64

struct options {
    const char *file;
    struct {
        const char *flag, *key, *value;
    } set[MAX_SETTINGS];
    unsigned nset;
    bool json, csv, plot, quiet, no_refine;
    const char *plot_dir, *name;
};

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see " PROG " --help)\n");
    return 2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i], *eq, flag[64];
        const char *value = NULL;
        size_t k;

        if (arg[0] != '-') {
            if (o->file)
                return bad_usage("expected one workload file, got a second: '%s'", arg);
            o->file = arg;
            continue;
        }
        /* --flag=value and --flag value are the same. */
        snprintf(flag, sizeof(flag), "%s", arg);
        eq = strchr(flag, '=');
        if (eq) {
            *eq = '\0';
            value = arg + (eq - flag) + 1;
        }
        if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
            usage(stdout);
            exit(0);
        }
        if (!strcmp(flag, "--json") || !strcmp(flag, "--csv") || !strcmp(flag, "--plot") ||
            !strcmp(flag, "--quiet") || !strcmp(flag, "--no-refine")) {
            if (value)
                return bad_usage("%s takes no value", flag);
            *(flag[2] == 'j' ? &o->json : flag[2] == 'c' ? &o->csv
                              : flag[2] == 'p' ? &o->plot
                              : flag[2] == 'q' ? &o->quiet : &o->no_refine) = true;
            continue;
        }
        for (k = 0; k < sizeof(key_flags) / sizeof(key_flags[0]); k++)
            if (!strcmp(flag, key_flags[k].flag))
                break;
        if (k == sizeof(key_flags) / sizeof(key_flags[0]) && strcmp(flag, "--plot-dir") &&
            strcmp(flag, "--name"))
            return bad_usage("unknown option '%s'", arg);
        if (!value) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a value", flag);
            value = argv[++i];
        }
        if (!strcmp(flag, "--plot-dir")) {
            o->plot_dir = value;
        } else if (!strcmp(flag, "--name")) {
            if (!*value || strchr(value, '/'))
                return bad_usage("--name: expected a file name without '/', got '%s'", value);
            o->name = value;
        } else {
            if (o->nset == MAX_SETTINGS)
                return bad_usage("expected at most 64 settings, got more at '%s'", arg);
            o->set[o->nset].flag = key_flags[k].flag;
            o->set[o->nset].key = key_flags[k].key;
            o->set[o->nset].value = value;
            o->nset++;
        }
    }
    if (o->json && o->csv)
        return bad_usage("%s", "expected at most one of --json and --csv");
    return 0;
}

/* The figure's default name: the workload file's, without directory or .ini. */
static void default_name(const char *file, char *buf, size_t len)
{
    const char *base, *dot;

    if (!file) {
        snprintf(buf, len, "capacity");
        return;
    }
    base = strrchr(file, '/');
    base = base ? base + 1 : file;
    dot = strrchr(base, '.');
    snprintf(buf, len, "%.*s", (int)(dot && dot != base ? dot - base : (long)strlen(base)), base);
}

static void progress(void *ctx, unsigned i, unsigned n, const struct cap_metrics *m)
{
    (void)ctx;
    if (!n)
        fprintf(stderr, "capacity: narrowing down: ring %u B (%u pages): %llu messages, -EAGAIN %.3g\n",
                (unsigned)m->ring_len, (unsigned)m->pages, (unsigned long long)m->simulated,
                m->eagain_p);
    else if (m->reused)
        fprintf(stderr, "capacity: [%u/%u] ring %u B (%u pages): same run as the smaller ring\n",
                i + 1, n, (unsigned)m->ring_len, (unsigned)m->pages);
    else
        fprintf(stderr, "capacity: [%u/%u] ring %u B (%u pages): %llu messages, -EAGAIN %.3g\n",
                i + 1, n, (unsigned)m->ring_len, (unsigned)m->pages,
                (unsigned long long)m->simulated, m->eagain_p);
}

int main(int argc, char **argv)
{
    static struct options o;
    static struct cap_workload w;
    static struct cap_sweep s;
    struct cap_recommendation r;
    struct cap_answer a = { &w, &s, &r };
    char err[1200], name[256];
    int rc;

    if ((rc = parse_args(argc, argv, &o)))
        return rc;
    cap_workload_init(&w);
    if (o.file && cap_workload_load(&w, o.file, err, sizeof(err))) {
        fprintf(stderr, PROG ": %s\n", err);
        cap_workload_free(&w);
        return 2;
    }
    for (unsigned i = 0; i < o.nset; i++) {
        size_t klen = strlen(o.set[i].key);

        if (cap_workload_set(&w, o.set[i].key, o.set[i].value, NULL, err, sizeof(err))) {
            /* Name the flag the user typed, not the file key behind it. */
            const char *msg = !strncmp(err, o.set[i].key, klen) && err[klen] == ':'
                                  ? err + klen + 2 : err;

            fprintf(stderr, PROG ": %s: %s\n", o.set[i].flag, msg);
            cap_workload_free(&w);
            return 2;
        }
    }
    if (cap_workload_check(&w, err, sizeof(err))) {
        fprintf(stderr, PROG ": %s%s%s\n", o.file ? o.file : "", o.file ? ": " : "", err);
        cap_workload_free(&w);
        return 2;
    }

    if (cap_sweep_run(&w, &s, o.quiet ? NULL : progress, NULL, err, sizeof(err))) {
        fprintf(stderr, PROG ": %s\n", err);
        cap_workload_free(&w);
        return 1;
    }
    cap_recommend(&w, &s, &r);
    /* The default sweep is coarse (pages about sqrt 2 apart): narrow it down. */
    if (!w.nrings && !o.no_refine) {
        int added = cap_sweep_refine(&w, &s, &r, o.quiet ? NULL : progress, NULL, err, sizeof(err));

        if (added < 0) {
            fprintf(stderr, PROG ": %s\n", err);
            cap_workload_free(&w);
            return 1;
        }
        if (added)
            cap_recommend(&w, &s, &r);
    }
    if (o.json)
        cap_report_json(stdout, &a);
    else if (o.csv)
        cap_report_csv(stdout, &a);
    else
        cap_report_table(stdout, &a);
    fflush(stdout);
    rc = 0;
    if (o.plot) {
        const char *dir = o.plot_dir ? o.plot_dir : "reports/capacity";

        if (o.name)
            snprintf(name, sizeof(name), "%s", o.name);
        else
            default_name(o.file, name, sizeof(name));
        if (cap_report_plot(dir, name, &a, err, sizeof(err))) {
            fprintf(stderr, PROG ": figure: %s\n", err);
            rc = 1;
        } else if (!o.quiet) {
            fprintf(stderr, "capacity: figure: %s/%s.png and %s/%s.svg\n", dir, name, dir, name);
        }
    }
    if (!o.quiet) {
        /* Wall and CPU time: on a busy machine they differ, and CPU is the simulation's own speed. */
        fprintf(stderr, "capacity: %u ring sizes, %u simulated: %llu messages in %.2f s (%.2f s of CPU): %.3g messages/s, %.3g per CPU second\n",
                s.n, s.n - s.reused, (unsigned long long)s.simulated, s.sim_seconds, s.sim_cpu_seconds,
                s.sim_seconds > 0 ? s.simulated / s.sim_seconds : 0,
                s.sim_cpu_seconds > 0 ? s.simulated / s.sim_cpu_seconds : 0);
    }
    cap_workload_free(&w);
    return rc;
}
