/* SPDX-License-Identifier: MIT */
/*
 * Description: the capacity simulation's speed, in simulated messages per
 * second (items_per_second), on the workloads of examples/capacity/.
 *
 * capacity/readme: 4 KiB messages, Poisson 50 000/s, a receiver draining
 * 60 000/s in batches of 32, retry on -EAGAIN, the recommended 23-page
 * ring (-EAGAIN about 1e-4: the ring is busy but rarely full).
 * capacity/drop_md1k: fixed 1500 B, drop on -EAGAIN, a 4-page ring that
 * refuses a few percent. capacity/senders8: 8 senders on a wildcard ring,
 * retry, a small ring where wake-ups race. capacity/bursty: mixed sizes in
 * on/off bursts from 4 senders that block, exponential service.
 * Each iteration simulates BENCH_CAPACITY_MESSAGES messages (warm-up
 * included) from scratch: model set-up is part of the cost, as in a sweep.
 */
#include <stdio.h>

#include "capacity/cap_sim.h"
#include "capacity/cap_workload.h"
#include "shim/bench_shim.h"

#define BENCH_CAPACITY_MESSAGES 200000u

struct scenario {
    const char *settings[12][2];
    uint32_t ring_len;
};

static const struct scenario readme = {
    { { "size", "4096" }, { "rate", "50k" }, { "drain", "60k" }, { "batch", "32" },
      { "policy", "retry" } },
    23 * 4096 - 64,
};
static const struct scenario drop_md1k = {
    { { "size", "1500" }, { "rate", "90k" }, { "drain", "100k" }, { "policy", "drop" } },
    4 * 4096 - 64,
};
static const struct scenario senders8 = {
    { { "size", "512" }, { "rate", "90k" }, { "drain", "100k" }, { "senders", "8" },
      { "batch", "16" }, { "sender_wake_latency", "5us" } },
    2 * 4096 - 64,
};
static const struct scenario bursty = {
    { { "size", "histogram 64:60 512:25 1500:12 9000:3" },
      { "arrival", "onoff 160k 2ms 6ms" }, { "senders", "4" }, { "policy", "block" },
      { "service", "exp 12us" }, { "batch", "16" }, { "wake_latency", "40us" } },
    32 * 4096 - 64,
};

static void capacity_run(struct bench_state *st, const struct scenario *sc)
{
    struct cap_workload w;
    struct cap_metrics m;
    char err[512];
    int64_t items = 0;

    cap_workload_init(&w);
    for (unsigned i = 0; i < 12 && sc->settings[i][0]; i++)
        if (cap_workload_set(&w, sc->settings[i][0], sc->settings[i][1], NULL, err,
                             sizeof(err))) {
            bench_skip(st, err);
            cap_workload_free(&w);
            return;
        }
    w.messages = BENCH_CAPACITY_MESSAGES - BENCH_CAPACITY_MESSAGES / 10;
    w.warmup = BENCH_CAPACITY_MESSAGES / 10;
    w.have_warmup = true;
    while (bench_keep_running(st)) {
        if (cap_simulate(&w, sc->ring_len, &m, err, sizeof(err))) {
            bench_skip(st, err);
            break;
        }
        bench_clobber(&m);
        items += (int64_t)m.simulated;
        /* A new seed each time: no two iterations replay one sample path. */
        w.seed++;
    }
    bench_set_items(st, items);
    bench_counter(st, "eagain_p", m.eagain_p, BENCH_COUNTER_VALUE);
    cap_workload_free(&w);
}

#define CAPACITY_BENCH(name)                                                \
    static void capacity_##name(struct bench_state *st)                     \
    {                                                                       \
        capacity_run(st, &name);                                            \
    }

CAPACITY_BENCH(readme)
CAPACITY_BENCH(drop_md1k)
CAPACITY_BENCH(senders8)
CAPACITY_BENCH(bursty)

BENCH_REGISTER(register_capacity)
{
    bench_register("capacity/readme", capacity_readme);
    bench_register("capacity/drop_md1k", capacity_drop_md1k);
    bench_register("capacity/senders8", capacity_senders8);
    bench_register("capacity/bursty", capacity_bursty);
}
