/* SPDX-License-Identifier: MIT */
/*
 * Description: the capacity tool's inputs and building blocks: numbers
 * with units, size distributions (a trace's sizes through the trace
 * parser), arrival processes, workload keys and files with their errors,
 * the PRNG and its exponential ziggurat, and the event queue's two modes.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "test_rng.h"
#include "capacity/cap_arrival.h"
#include "capacity/cap_events.h"
#include "capacity/cap_rng.h"
#include "capacity/cap_sizes.h"
#include "capacity/cap_units.h"
#include "capacity/cap_workload.h"

static void units(void)
{
    uint64_t n = 0;
    double d = 0;

    CHECK(!cap_parse_count("1000000", 1ull << 40, &n) && n == 1000000);
    CHECK(!cap_parse_count("1e6", 1ull << 40, &n) && n == 1000000);
    CHECK(!cap_parse_count("2M", 1ull << 40, &n) && n == 2000000);
    CHECK(!cap_parse_count("5k", 1ull << 40, &n) && n == 5000);
    CHECK(cap_parse_count("1.5", 100, &n) != NULL);
    CHECK(cap_parse_count("-3", 100, &n) != NULL);
    CHECK(cap_parse_count("101", 100, &n) != NULL);
    CHECK(cap_parse_count("0x10", 100, &n) != NULL);
    CHECK(cap_parse_count("inf", 100, &n) != NULL);
    CHECK(cap_parse_count("", 100, &n) != NULL);

    CHECK(!cap_parse_bytes("4KiB", 1 << 30, &n) && n == 4096);
    CHECK(!cap_parse_bytes("1500B", 1 << 30, &n) && n == 1500);
    CHECK(!cap_parse_bytes("1MiB", 1 << 30, &n) && n == 1048576);
    CHECK(cap_parse_bytes("1.5", 1 << 30, &n) != NULL);
    CHECK(cap_parse_bytes("4kb", 1 << 30, &n) != NULL);

    CHECK(!cap_parse_duration("20us", &d) && fabs(d - 20e-6) < 1e-18);
    CHECK(!cap_parse_duration("1.5ms", &d) && fabs(d - 1.5e-3) < 1e-15);
    CHECK(!cap_parse_duration("100ns", &d) && fabs(d - 1e-7) < 1e-20);
    CHECK(!cap_parse_duration("2s", &d) && d == 2);
    CHECK(!cap_parse_duration("0", &d) && d == 0);
    CHECK(cap_parse_duration("20", &d) != NULL);        /* a unit is required */
    CHECK(cap_parse_duration("-1us", &d) != NULL);
    CHECK(cap_parse_duration("1h", &d) != NULL);

    CHECK(!cap_parse_rate("50000", &d) && d == 50000);
    CHECK(!cap_parse_rate("50k", &d) && d == 50000);
    CHECK(!cap_parse_rate("1.2M/s", &d) && d == 1.2e6);
    CHECK(!cap_parse_rate("60000/s", &d) && d == 60000);
    CHECK(cap_parse_rate("-5", &d) != NULL);
    CHECK(cap_parse_rate("0", &d) != NULL);
    CHECK(cap_parse_rate("fast", &d) != NULL);
    CHECK(cap_parse_rate("nan", &d) != NULL);

    CHECK(!cap_parse_fraction("1e-4", &d) && d == 1e-4);
    CHECK(cap_parse_fraction("1", &d) != NULL);
    CHECK(cap_parse_fraction("0", &d) != NULL);
}

static void sizes(void)
{
    struct cap_sizes s;
    struct cap_rng r;
    char err[512];
    uint64_t count[3] = { 0 };

    CHECK(!cap_sizes_parse(&s, "4096", NULL, err, sizeof(err)));
    CHECK(s.kind == CAP_SIZE_FIXED && s.min == 4096 && s.max == 4096);
    CHECK(s.mean_footprint == 4112);
    cap_sizes_free(&s);

    CHECK(!cap_sizes_parse(&s, "uniform 1 32", NULL, err, sizeof(err)));
    CHECK(s.min == 1 && s.max == 32 && s.mean == 16.5);
    /* 1..16 take 32 bytes, 17..32 take 48. */
    CHECK(s.mean_footprint == 40);
    cap_rng_seed(&r, 1, 1);
    for (int i = 0; i < 10000; i++) {
        uint32_t v = cap_sizes_sample(&s, &r);

        if (!CHECK(v >= 1 && v <= 32))
            break;
    }
    cap_sizes_free(&s);

    CHECK(!cap_sizes_parse(&s, "histogram 64:70, 1500:25 4096:5", NULL, err, sizeof(err)));
    CHECK(s.kind == CAP_SIZE_HISTOGRAM && s.n == 3 && s.min == 64 && s.max == 4096);
    CHECK(fabs(s.mean - (64 * 0.7 + 1500 * 0.25 + 4096 * 0.05)) < 1e-9);
    cap_rng_seed(&r, 1, 2);
    for (int i = 0; i < 200000; i++) {
        uint32_t v = cap_sizes_sample(&s, &r);

        count[v == 64 ? 0 : v == 1500 ? 1 : 2]++;
    }
    /* The alias table keeps the weights (within 5 sigma). */
    CHECK(fabs(count[0] / 200000.0 - 0.70) < 0.006);
    CHECK(fabs(count[1] / 200000.0 - 0.25) < 0.006);
    CHECK(fabs(count[2] / 200000.0 - 0.05) < 0.003);
    cap_sizes_free(&s);

    /* Duplicates merge. */
    CHECK(!cap_sizes_parse(&s, "histogram 64:1 64:1 128:2", NULL, err, sizeof(err)));
    CHECK(s.n == 2 && s.weights[0] == 2 && s.weights[1] == 2);
    cap_sizes_free(&s);

    CHECK(cap_sizes_parse(&s, "gauss 100 10", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "unknown size distribution \"gauss\"") != NULL);
    CHECK(cap_sizes_parse(&s, "histogram 64", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "size:weight") != NULL);
    CHECK(cap_sizes_parse(&s, "histogram 64:-1", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "weight > 0") != NULL);
    CHECK(cap_sizes_parse(&s, "histogram", NULL, err, sizeof(err)) == -1);
    CHECK(cap_sizes_parse(&s, "uniform 100 10", NULL, err, sizeof(err)) == -1);
    CHECK(cap_sizes_parse(&s, "fixed 16777121", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "16 MiB - 96") != NULL);
    CHECK(cap_sizes_parse(&s, "fixed 16777120", NULL, err, sizeof(err)) == 0);
    cap_sizes_free(&s);
    CHECK(cap_sizes_parse(&s, "fixed", NULL, err, sizeof(err)) == -1);
}

/* A trace's sendv payloads, through the trace parser. */
static void trace_sizes(void)
{
    char dir[] = "/tmp/argolab-capacity-parse-XXXXXX", path[128], err[512];
    struct cap_sizes s;
    FILE *f;

    if (!CHECK(mkdtemp(dir)))
        return;
    snprintf(path, sizeof(path), "%s/t.trace", dir);
    f = fopen(path, "w");
    fputs("domain 0\ndomain 1\nregister 1 7 0 4096\n"
          "sendv 0 1 1:7 fill:100\n"
          "sendv 0 1 1:7 fill:100 hex:0102\n"
          "sendv 0 1 1:7 fill:300\n"
          "sendv 0 1 1:7 fill:4294967295\n"      /* no ring carries it: left out */
          "consume 1 7 0 all\n", f);
    fclose(f);
    CHECK(!cap_sizes_parse(&s, "trace t.trace", dir, err, sizeof(err)));
    CHECK(s.kind == CAP_SIZE_TRACE && s.trace_messages == 3 && s.n == 3);
    CHECK(s.min == 100 && s.max == 300);
    cap_sizes_free(&s);

    f = fopen(path, "w");
    fputs("domain 0\nsendv 0 1 1:7 hex:abc\n", f);
    fclose(f);
    CHECK(cap_sizes_parse(&s, "trace t.trace", dir, err, sizeof(err)) == -1);
    /* The trace parser's own message, with the trace's file and line. */
    CHECK(strstr(err, "t.trace:2: ") != NULL);

    f = fopen(path, "w");
    fputs("domain 0\n", f);
    fclose(f);
    CHECK(cap_sizes_parse(&s, "trace t.trace", dir, err, sizeof(err)) == -1);
    CHECK(strstr(err, "at least one sendv") != NULL);
    CHECK(cap_sizes_parse(&s, "trace missing.trace", dir, err, sizeof(err)) == -1);
    CHECK(strstr(err, "missing.trace: cannot open") != NULL);
    unlink(path);
    rmdir(dir);
}

static void arrivals(void)
{
    struct cap_arrival_spec a = { .kind = CAP_ARRIVAL_POISSON, .rate = 7 };
    struct cap_arrival_gen g;
    struct cap_rng r;
    char err[256];
    double t, prev;
    int n;

    CHECK(!cap_arrival_parse(&a, "constant", err, sizeof(err)));
    CHECK(a.kind == CAP_ARRIVAL_CONSTANT && a.rate == 7);
    CHECK(!cap_arrival_parse(&a, "poisson 50k", err, sizeof(err)));
    CHECK(a.kind == CAP_ARRIVAL_POISSON && a.rate == 50000);
    CHECK(!cap_arrival_parse(&a, "onoff 200k 5ms 15ms", err, sizeof(err)));
    CHECK(a.kind == CAP_ARRIVAL_ONOFF && a.rate == 200000);
    CHECK(fabs(cap_arrival_mean_rate(&a) - 50000) < 1e-6);
    CHECK(cap_arrival_parse(&a, "bursty 5", err, sizeof(err)) == -1);
    CHECK(strstr(err, "unknown arrival process") != NULL);
    CHECK(cap_arrival_parse(&a, "poisson -5", err, sizeof(err)) == -1);
    CHECK(cap_arrival_parse(&a, "onoff 1k 5ms", err, sizeof(err)) == -1);
    CHECK(a.kind == CAP_ARRIVAL_ONOFF);      /* unchanged on failure */

    /* Every process's long-run rate is what it claims. */
    const char *specs[] = { "constant 1000", "poisson 1000", "onoff 4000 5ms 15ms" };

    for (int k = 0; k < 3; k++) {
        CHECK(!cap_arrival_parse(&a, specs[k], err, sizeof(err)));
        cap_rng_seed(&r, 3, k);
        t = cap_arrival_start(&g, &a, 2, 1, &r);
        for (n = 1, prev = t; n < 200000; n++) {
            t = cap_arrival_next(&g, &a, &r, t);
            if (!CHECK(t > prev))
                break;
            prev = t;
        }
        /* One of two senders: half the rate. */
        if (!CHECK(fabs(n / t - 500) < 500 * 0.02))
            fprintf(stderr, "    %s: %.1f/s\n", specs[k], n / t);
    }
}

static void workload_keys(void)
{
    struct cap_workload w;
    char err[512];

    cap_workload_init(&w);
    CHECK(cap_workload_check(&w, err, sizeof(err)) == -1);
    CHECK(strstr(err, "message size") != NULL);
    CHECK(!cap_workload_set(&w, "size", "4096", NULL, err, sizeof(err)));
    CHECK(cap_workload_check(&w, err, sizeof(err)) == -1);
    CHECK(strstr(err, "arrival rate") != NULL);
    CHECK(!cap_workload_set(&w, "rate", "50k", NULL, err, sizeof(err)));
    CHECK(cap_workload_check(&w, err, sizeof(err)) == -1);
    CHECK(strstr(err, "drain") != NULL);
    CHECK(!cap_workload_set(&w, "drain", "60000", NULL, err, sizeof(err)));
    CHECK(!cap_workload_check(&w, err, sizeof(err)));
    CHECK(fabs(cap_workload_rho(&w) - 50.0 / 60) < 1e-12);

    CHECK(cap_workload_set(&w, "drain", "-60000", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "drain: expected a rate") != NULL);
    CHECK(cap_workload_set(&w, "senders", "33", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "waiter list holds 32") != NULL);
    CHECK(cap_workload_set(&w, "policy", "spin", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "retry, drop or block") != NULL);
    CHECK(cap_workload_set(&w, "colour", "blue", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "unknown key \"colour\"") != NULL);
    CHECK(cap_workload_set(&w, "sizes", "8128,1000", NULL, err, sizeof(err)) == -1);
    CHECK(strstr(err, "\"1000\"") != NULL);
    CHECK(cap_workload_set(&w, "service", "gamma 2us", NULL, err, sizeof(err)) == -1);
    CHECK(cap_workload_set(&w, "seed", "-1", NULL, err, sizeof(err)) == -1);
    CHECK(cap_workload_set(&w, "messages", "10", NULL, err, sizeof(err)) == -1);

    /* Ring lengths come out sorted and distinct. */
    CHECK(!cap_workload_set(&w, "sizes", "16p, 8128,2p", NULL, err, sizeof(err)));
    CHECK(w.nrings == 2 && w.ring_lens[0] == 8128 && w.ring_lens[1] == 65472);
    /* A ring too small for the largest message is refused by the check. */
    CHECK(!cap_workload_set(&w, "sizes", "4032", NULL, err, sizeof(err)));
    CHECK(cap_workload_check(&w, err, sizeof(err)) == -1);
    CHECK(strstr(err, "cannot carry the largest message") != NULL);
    CHECK(!cap_workload_set(&w, "service", "exp 16us", NULL, err, sizeof(err)));
    CHECK(w.service == CAP_SERVICE_EXP && fabs(w.service_mean - 16e-6) < 1e-18);
    CHECK(!cap_workload_set(&w, "seed", "18446744073709551615", NULL, err, sizeof(err)));
    CHECK(w.seed == UINT64_MAX);
    cap_workload_free(&w);
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void workload_files(void)
{
    char dir[] = "/tmp/argolab-capacity-wl-XXXXXX", path[128], err[700];
    struct cap_workload w;

    if (!CHECK(mkdtemp(dir)))
        return;
    snprintf(path, sizeof(path), "%s/w.ini", dir);
    CHECK(!write_file(path, "# the README question\nsize = fixed 4096   # bytes\n\n"
                            "rate = 50000\ndrain = 60000\nbatch = 32\n"));
    cap_workload_init(&w);
    CHECK(!cap_workload_load(&w, path, err, sizeof(err)));
    CHECK(w.batch == 32 && w.sizes.max == 4096 && w.arrival.rate == 50000);
    cap_workload_free(&w);

    static const struct {
        const char *text;
        const char *want;
    } bad[] = {
        { "size = 4096\nsize = gauss 1\n", "w.ini:2: size: unknown size distribution \"gauss\"" },
        { "\n\nrate = -5\n", "w.ini:3: rate: expected a rate" },
        { "size = histogram 64:x\n", "w.ini:1: size: expected a weight > 0" },
        { "[receiver]\n", "w.ini:1: expected key = value (this format has no [sections])" },
        { "size 4096\n", "w.ini:1: expected key = value" },
        { "size =\n", "w.ini:1: expected key = value with both present" },
        { "speed = 3\n", "w.ini:1: unknown key \"speed\"" },
        { "arrival = onoff 10k 5ms\n", "w.ini:1: arrival: expected onoff RATE ON OFF" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK(!write_file(path, bad[i].text));
        cap_workload_init(&w);
        CHECK(cap_workload_load(&w, path, err, sizeof(err)) == -1);
        if (!CHECK(strstr(err, bad[i].want) != NULL))
            fprintf(stderr, "    got: %s\n    want: %s\n", err, bad[i].want);
        cap_workload_free(&w);
    }
    cap_workload_init(&w);
    snprintf(path, sizeof(path), "%s/none.ini", dir);
    CHECK(cap_workload_load(&w, path, err, sizeof(err)) == -1);
    CHECK(strstr(err, "none.ini: cannot open") != NULL);
    snprintf(path, sizeof(path), "%s/w.ini", dir);
    unlink(path);
    rmdir(dir);
}

static void rng(void)
{
    struct cap_rng a, b;
    double sum = 0, sum2 = 0, tail = 0;
    const int n = 1000000;

    cap_rng_seed(&a, 42, 7);
    cap_rng_seed(&b, 42, 7);
    for (int i = 0; i < 1000; i++)
        CHECK_EQ_U64(cap_rng_next(&a), cap_rng_next(&b));
    cap_rng_seed(&b, 42, 8);
    CHECK(cap_rng_next(&a) != cap_rng_next(&b));
    /* xoshiro256** by hand: rotl(5 * s[1], 7) * 9 from state 1, 2, 3, 4. */
    a.s[0] = 1; a.s[1] = 2; a.s[2] = 3; a.s[3] = 4;
    CHECK_EQ_U64(cap_rng_next(&a), 11520);

    /* The ziggurat's exponential: mean 1, variance 1, P(X > 3) = e^-3. */
    cap_rng_seed(&a, 9, 9);
    for (int i = 0; i < n; i++) {
        double x = cap_rng_exp1(&a);

        sum += x;
        sum2 += x * x;
        tail += x > 3;
    }
    CHECK(fabs(sum / n - 1) < 0.005);
    CHECK(fabs(sum2 / n - sum / n * (sum / n) - 1) < 0.01);
    CHECK(fabs(tail / n - exp(-3)) < 0.001);
    for (int i = 0; i < 1000; i++)
        CHECK(cap_rng_below(&a, 3) < 3);
}

/*
 * Scan and tree give the same order as the plain rule (earliest first, the
 * lower slot on a tie), kept here by hand over the same operations.
 */
static void events_order(unsigned nslots, unsigned hot)
{
    struct cap_events scan, tree;
    double want[CAP_EVENTS_MAX];
    bool ok = true;

    cap_events_init(&scan, nslots, hot, false);
    cap_events_init(&tree, nslots, hot, true);
    CHECK(scan.tree_mode == (nslots > CAP_EVENTS_SCAN_MAX || hot != CAP_EVENTS_NONE) &&
          tree.tree_mode);
    for (unsigned s = 0; s < nslots; s++)
        want[s] = INFINITY;
    test_rng_seed(77 + nslots + hot);
    for (int i = 0; i < 100000 && ok; i++) {
        unsigned op = (unsigned)(test_rng() % 4), slot = (unsigned)(test_rng() % nslots);
        /* Coarse times: plenty of ties. */
        double t = (double)(test_rng() % 16);

        if (op < 2) {
            cap_events_set(&scan, slot, t);
            /* Slot 0 and the hot slot have a shortcut; either must do. */
            if (op == 1 && (slot == 0 || slot == hot))
                cap_events_set_beside(&tree, slot, t);
            else
                cap_events_set(&tree, slot, t);
            want[slot] = t;
        } else if (op == 2) {
            cap_events_cancel(&scan, slot);
            cap_events_cancel(&tree, slot);
            want[slot] = INFINITY;
        } else {
            double ta = -1, tb = -1;
            unsigned a = cap_events_pop(&scan, &ta), b = cap_events_pop(&tree, &tb);
            unsigned best = 0;

            for (unsigned s = 1; s < nslots; s++)
                if (want[s] < want[best])
                    best = s;
            if (want[best] == INFINITY)
                best = CAP_EVENTS_NONE;
            ok = CHECK(a == best && b == best &&
                       (best == CAP_EVENTS_NONE || (ta == want[best] && tb == want[best])));
            if (best != CAP_EVENTS_NONE)
                want[best] = INFINITY;
        }
        for (unsigned s = 0; s < nslots; s++)
            ok &= CHECK(cap_events_pending(&scan, s) == (want[s] != INFINITY) &&
                        cap_events_pending(&tree, s) == (want[s] != INFINITY));
    }
}

static void events(void)
{
    struct cap_events tree;

    /*
     * Full trees and trees with spare leaves past the last slot, up to the
     * most a simulation has (32 senders); above 8 slots, or with a hot
     * slot, both are trees.
     * With and without a hot slot beside slot 0, first, last or between.
     */
    static const unsigned n[] = { 1, 2, 3, 5, 8, 9, 17, CAP_EVENTS_MAX };

    for (unsigned i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
        events_order(n[i], CAP_EVENTS_NONE);
        if (n[i] > 1) {
            events_order(n[i], 1);
            events_order(n[i], n[i] - 1);
            events_order(n[i], (n[i] + 1) / 2);
        }
    }
    cap_events_init(&tree, 3, CAP_EVENTS_NONE, true);
    cap_events_set(&tree, 2, 1.0);
    cap_events_set(&tree, 1, 1.0);
    cap_events_set(&tree, 0, 2.0);
    double t;

    CHECK_EQ_U64(cap_events_pop(&tree, &t), 1);
    CHECK_EQ_U64(cap_events_pop(&tree, &t), 2);
    CHECK_EQ_U64(cap_events_pop(&tree, &t), 0);
    CHECK_EQ_U64(cap_events_pop(&tree, &t), CAP_EVENTS_NONE);
}

int main(void)
{
    units();
    sizes();
    trace_sizes();
    arrivals();
    workload_keys();
    workload_files();
    rng();
    events();
    return CHECK_DONE();
}
