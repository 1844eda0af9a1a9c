#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Description: writes the bench_tool fixtures (designed numbers with known medians and ratios) and sets of realistic runs for the report.
"""usage:
  make_fixtures.py fixtures DIR     the static fixtures in tests/bench_tool/fixtures/
  make_fixtures.py runs DIR [N]     N (default 4) realistic runs, for the report; the
                                    newest with ioeventfd latency samples beside it

The static fixtures are committed; rerun this only to change them, and update
the expected numbers in bench_tool.sh with them. Runs are deterministic
(seeded) and written to a scratch directory by the test.
"""

import json
import os
import random
import sys

CONTEXT = {
    "host_name": "bench-host",
    "executable": "./build-bench/argolab-bench",
    "num_cpus": 2,
    "mhz_per_cpu": 2000,
    "cpu_scaling_enabled": False,
    "caches": [
        {"type": "Data", "level": 1, "size": 49152, "num_sharing": 1},
        {"type": "Instruction", "level": 1, "size": 32768, "num_sharing": 1},
        {"type": "Unified", "level": 2, "size": 2097152, "num_sharing": 1},
        {"type": "Unified", "level": 3, "size": 110100480, "num_sharing": 2},
    ],
    "load_avg": [0.41, 0.52, 0.60],
    "library_build_type": "release",
}
UNITS = {"ns": 1.0, "us": 1e3, "ms": 1e6}
# Repetition k's time is the median time times SPREAD[k]: the median is the
# middle one, whatever the repetition count.
SPREAD = {1: [1.0], 2: [1.0, 1.0], 3: [1.02, 1.0, 0.97], 5: [1.03, 0.98, 1.0, 1.05, 0.96]}


class Writer:
    def __init__(self, date, sha, reps, extra=None):
        self.context = dict(CONTEXT, date=date, git_sha=sha)
        self.context.update(extra or {})
        self.reps = reps
        self.rows = []
        self.families = {}

    def _indices(self, name):
        fam = name.rsplit("/", 1)[0] if "/" in name else name
        insts = self.families.setdefault(fam, [])
        if name not in insts:
            insts.append(name)
        return list(self.families).index(fam), insts.index(name)

    def bench(self, name, times_ns, nbytes=None, unit="ns", aggregates=False, real=1.05,
              counters=None, label=None):
        """One benchmark: times_ns[k] is repetition k's cpu_time in ns (real_time is
        real times that); counters: user counter -> its value in each repetition."""
        fi, pi = self._indices(name)
        scale = UNITS[unit]
        iters = max(1, int(5e8 / max(times_ns)))
        for k, t in enumerate(times_ns):
            row = {"name": name, "family_index": fi, "per_family_instance_index": pi,
                   "run_name": name, "run_type": "iteration", "repetitions": len(times_ns),
                   "repetition_index": k, "threads": 1, "iterations": iters,
                   "real_time": t * real / scale, "cpu_time": t / scale, "time_unit": unit}
            if nbytes is not None:
                row["bytes_per_second"] = nbytes * 1e9 / t
            row["items_per_second"] = 1e9 / t
            for c, values in sorted((counters or {}).items()):
                row[c] = float(values[k])
            if label is not None:
                row["label"] = label
            self.rows.append(row)
        if aggregates:
            # Deliberately unlike the iteration rows: a reader that used
            # them would print other numbers.
            for agg, f in (("mean", 7.0), ("median", 9.0), ("stddev", 0.5), ("cv", 0.01)):
                row = {"name": "%s_%s" % (name, agg), "family_index": fi,
                       "per_family_instance_index": pi, "run_name": name,
                       "run_type": "aggregate", "repetitions": len(times_ns), "threads": 1,
                       "aggregate_name": agg, "aggregate_unit": "percentage" if agg == "cv"
                       else "time", "iterations": len(times_ns),
                       "real_time": f * times_ns[0] / scale, "cpu_time": f * times_ns[0] / scale,
                       "time_unit": unit}
                if nbytes is not None:
                    row["bytes_per_second"] = 1.0
                self.rows.append(row)

    def designed(self, name, median_ns, nbytes=None, unit="ns", aggregates=False, **kw):
        self.bench(name, [median_ns * f for f in SPREAD[self.reps]], nbytes, unit, aggregates,
                   **kw)

    def skipped(self, name, message):
        fi, pi = self._indices(name)
        for k in range(self.reps):
            self.rows.append({"name": name, "family_index": fi, "per_family_instance_index": pi,
                              "run_name": name, "run_type": "iteration",
                              "repetitions": self.reps, "repetition_index": k, "threads": 1,
                              "error_occurred": True, "error_message": message,
                              "iterations": 0, "real_time": 0, "cpu_time": 0,
                              "time_unit": "ns"})

    def write(self, path):
        body = ",\n".join("    " + json.dumps(r) for r in self.rows)
        text = '{\n  "context": %s,\n  "benchmarks": [\n%s\n  ]\n}\n' % (
            json.dumps(self.context, indent=2).replace("\n", "\n  "), body)
        with open(path, "w") as f:
            f.write(text)


def summary_fixture(path):
    """Medians chosen so that every ratio in bench_tool.sh is exact."""
    w = Writer("2026-11-20T10:00:00+00:00", "f1x7ure", 3,
               {"load_avg": [3.5, 3.1, 2.9]})
    gbps = {16: 4.0, 4096: 80.0, 65536: 40.0}
    for n, bw in gbps.items():
        w.designed("memcpy/%d" % n, n / bw, n)
    model = {16: 1.0, 4096: 60.0, 65536: 38.0}       # 0.250, 0.750, 0.950 of memcpy
    xen = {16: 0.5, 4096: 40.0, 65536: 36.0}         # 0.125, 0.500, 0.900 of memcpy
    for n in gbps:
        w.designed("sendv/model/%d" % n, n / model[n], n, aggregates=(n == 65536))
    for n in gbps:
        w.designed("sendv/xenhost/%d" % n, n / xen[n], n)
    w.designed("sendv_wrap/model/4096", 4096 / 48.0, 4096)     # 0.600; slower than xenhost
    w.designed("sendv_wrap/xenhost/4096", 4096 / 50.0, 4096)
    w.designed("sendv_consume/model/16", 1e9 / 25e6, 16)       # 25 M msg/s
    w.designed("sendv_consume/model/4096", 1e9 / 5e6, 4096)
    w.designed("sendv_consume/xenhost/16", 1e9 / 10e6, 16)
    w.designed("pipe/16", 1e9 / 1.25e6, 16)                    # model/pipe = 20x exactly
    w.designed("pipe/4096", 1e9 / 1e6, 4096)
    w.designed("seqpacket/16", 1e9 / 0.5e6, 16)                # 50x
    w.designed("ck_spsc/16", 1e9 / 50e6, 16)                   # 0.5x
    for kind, (a, b) in enumerate(((100.0, 2.5), (120.0, 4.0))):
        for wt in (0, 8, 16, 32):
            w.designed("notify_waiters/model/%d/%d" % (kind, wt), a + b * wt)
    for kind, (a, b) in enumerate(((150.0, 5.0), (200.0, 6.0))):
        for wt in (0, 8, 16, 32):
            w.designed("notify_waiters/xenhost/%d/%d" % (kind, wt), a + b * wt)
    for r in (1, 16, 128):
        w.designed("notify_rings/model/0/%d" % r, 50.0 + r)
        w.designed("notify_rings/xenhost/0/%d" % r, 60.0 + 1.5 * r)
    for wt in (1, 8, 32):
        w.designed("sendv_eagain/model/%d" % wt, 300.0)        # flat
        w.designed("sendv_eagain/xenhost/%d" % wt, 280.0)      # model 7.1% slower
    for niov in (1, 2, 4, 8):
        w.designed("iov/model/4096/%d" % niov, 100.0 + 10.0 * niov, 4096)
        w.designed("iov/xenhost/4096/%d" % niov, 120.0 + 12.0 * niov, 4096)
    w.designed("reader_peek/16", 8.0, 16)
    w.designed("reader_consume/16", 12.0, 16)
    w.designed("register/model/4064", 1000.0, unit="us")      # 1.0% slower than xenhost
    w.designed("register/xenhost/4064", 990.0, unit="us")
    w.skipped("register/xenhost/16773120", "ring too large for this host")
    w.write(path)


# bench/ioreq_dispatch.c's refusal, as argolab-bench words it.
REFUSED = ("refused: more than MAX_NR_IO_RANGES (256) ranges; scattered pages need one "
           "range each")


def spread(median_value):
    """Three repetitions' values whose median is median_value."""
    return [median_value * 1.1, median_value, median_value * 0.9]


def families_fixture(path):
    """ioreq_dispatch, ioeventfd and abi_sendv_consume with designed medians:
    every ratio exact."""
    w = Writer("2026-11-22T09:00:00+00:00", "fam1l1e", 3, {})
    ns = {"rangeset": {1: 30.0, 4: 45.0, 256: 384.0},
          "p2m_type": {1: 24.0, 4: 25.0, 256: 24.0, 257: 25.0, 1024: 25.0},
          "rangeset_contiguous": {1: 28.0, 4: 27.0, 256: 30.0, 257: 30.0},
          "p2m_type_contiguous": {1: 20.0, 4: 27.0, 256: 24.0, 257: 24.0, 1024: 25.0}}
    for pages in (1, 4, 256, 257, 1024):
        for variant, times in sorted(ns.items()):
            name = "ioreq_dispatch/%s/%d" % (variant, pages)
            if pages in times:
                w.designed(name, times[pages], counters={"ranges": [1.0] * 3})
            elif variant == "rangeset":
                w.skipped(name, REFUSED)
            else:
                # A failure of the benchmark, not a limit of Xen: not "refused".
                w.skipped(name, "out of memory")
    lat = {"direct": (30000.0, {"min_ns": 2000, "p50_ns": 8000, "p90_ns": 9000,
                                "p99_ns": 25000, "p999_ns": 1e6}),
           "relay": (36000.0, {"min_ns": 10000, "p50_ns": 12000, "p90_ns": 13500,
                               "p99_ns": 50000, "p999_ns": 1e5})}
    for mode, (t, quantiles) in sorted(lat.items()):
        w.designed("ioeventfd_latency/%s/real_time" % mode, t, real=1.0, label="pinned 0/1",
                   counters=dict((c, spread(v)) for c, v in quantiles.items()))
    w.designed("ioeventfd_throughput/direct/real_time", 800.0, real=1.0, label="pinned 0/1")
    w.designed("ioeventfd_throughput/relay/real_time", 1000.0, real=1.0, label="pinned 0/1")
    for n, t in ((1, 8.0), (8, 15.0), (64, 71.0)):
        w.designed("ioeventfd_match/%d" % n, t)
    # bench/v4v.c: 16 B 20 M/s against 16 M/s, 4 KiB the same.
    for abi, times in (("argo", {16: 50.0, 4096: 200.0}), ("v4v", {16: 62.5, 4096: 200.0})):
        for n, t in sorted(times.items()):
            w.designed("abi_sendv_consume/%s/%d" % (abi, n), t)
    w.write(path)


def bad_counter_fixture(path):
    w = Writer("2026-11-22T09:00:00+00:00", "bad", 1, {})
    w.bench("ioeventfd_latency/direct/real_time", [30000.0], counters={"p50_ns": [8000]})
    w.rows[0]["p50_ns"] = "fast"
    w.write(path)


def compare_fixtures(base_path, new_path):
    base = Writer("2026-11-20T10:00:00+00:00", "ba5e000", 5)
    new = Writer("2026-11-21T10:00:00+00:00", "0e11000", 5)
    # Fully separated, 5 against 5: exact two-sided p = 2/252.
    base.bench("sendv/model/4096", [60, 61, 62, 63, 64], 4096)       # +9.68%
    new.bench("sendv/model/4096", [66, 67, 68, 69, 70], 4096)
    base.bench("sendv/model/65536", [1000, 1010, 1020, 1030, 1040], 65536)  # -10.78%
    new.bench("sendv/model/65536", [900, 905, 910, 915, 920], 65536)
    base.bench("sendv/model/16", [100, 101, 102, 103, 104], 16)      # +3.43%
    new.bench("sendv/model/16", [104.5, 105, 105.5, 106, 106.5], 16)
    # Interleaved: U = 10 of 25, exact p = 2 * 87/252 = 0.6905.
    base.bench("memcpy/4096", [40, 42, 44, 46, 48], 4096)
    new.bench("memcpy/4096", [41, 43, 45, 47, 49], 4096)
    # Ties: normal approximation with tie and continuity corrections.
    base.bench("reader_peek/16", [10, 10, 11, 11, 12, 12, 13, 13, 14], 16)
    new.bench("reader_peek/16", [12, 12, 13, 13, 14, 14, 15, 15, 16], 16)
    base.bench("notify_waiters/model/0/8", [120, 121, 122])
    new.bench("notify_waiters/model/0/8", [150])                      # too few repetitions
    base.bench("register/xenhost/4064", [990, 991, 992, 993, 994], unit="us")
    new.skipped("register/xenhost/4064", "xenhost backend not built")
    base.bench("pipe/16", [800, 801, 802, 803, 804], 16)               # removed
    new.bench("ck_spsc/16", [20, 21, 22, 23, 24], 16)                  # added
    base.write(base_path)
    new.write(new_path)


# ---------------------------------------------------------------- realistic runs

PAYLOADS = [1 << k for k in range(4, 21)] + [1, 15, 17, 4080, 4097]


def bandwidth(n):
    """Bytes/ns a copy of n bytes streams at: L1, L2, then memory."""
    if n <= 32768:
        return 60.0
    if n <= 1 << 20:
        return 38.0
    return 14.0


def realistic_run(path, date, sha, seed, gain, xenhost=True, reps=3):
    rnd = random.Random(seed)
    w = Writer(date, sha, reps, {"load_avg": [round(rnd.uniform(0.2, 1.2), 2), 0.5, 0.6]})

    def bench(name, t, nbytes=None):
        w.bench(name, [t * rnd.gauss(1.0, 0.015) for _ in range(reps)], nbytes)
    backends = ("model", "xenhost") if xenhost else ("model",)
    for n in PAYLOADS:
        bench("memcpy/%d" % n, 3.0 + n / bandwidth(n), n)
    for be in backends:
        m = be == "model"
        for n in PAYLOADS:
            bw = bandwidth(n) * (0.80 + 0.15 * gain if m else 0.85)
            bench("sendv/%s/%d" % (be, n), (16.0 / (1 + gain) if m else 70.0) + n / bw, n)
        for n in PAYLOADS:
            bw = bandwidth(n) * (0.78 + 0.15 * gain if m else 0.83)
            bench("sendv_wrap/%s/%d" % (be, n), (22.0 / (1 + gain) if m else 78.0) + n / bw, n)
        for n in PAYLOADS:
            bw = bandwidth(n) * (0.9 if m else 0.8)
            bench("sendv_consume/%s/%d" % (be, n), (42.0 / (1 + gain) if m else 110.0)
                  + 2 * n / bw, n)
    for n in PAYLOADS:
        bench("pipe/%d" % n, 900.0 + 2 * n / (bandwidth(n) * 0.4), n)
        bench("seqpacket/%d" % n, 1500.0 + 2 * n / (bandwidth(n) * 0.35), n)
        bench("ck_spsc/%d" % n, 9.0 + 2 * n / bandwidth(n), n)
    for be in backends:
        m = be == "model"
        for total in (64, 4096, 65536):
            for niov in range(1, 9):
                bench("iov/%s/%d/%d" % (be, total, niov),
                      (20.0 if m else 60.0) + total / (bandwidth(total) * (0.9 if m else 0.85))
                      + (6.0 if m else 14.0) * niov, total)
        waiters = [0, 1, 2] + list(range(4, 33, 4))
        for kind, (a, b) in enumerate(((40, 1.2), (55, 1.9)) if m else ((90, 3.1), (120, 4.0))):
            for wt in waiters:
                bench("notify_waiters/%s/%d/%d" % (be, kind, wt), a + b * wt)
        for wt in waiters[1:]:
            bench("notify_wake/%s/%d" % (be, wt), (60 + 25 * wt) if m else (100 + 40 * wt))
        for kind in (0, 1):
            for r in (1, 2, 4, 8, 16, 32, 64, 128):
                bench("notify_rings/%s/%d/%d" % (be, kind, r),
                      (45 + 10 * kind + (0.8 + 0.3 * kind) * r) if m else (80 + 2.4 * r))
        for wt in waiters[1:]:
            bench("sendv_eagain/%s/%d" % (be, wt), (70 + 1.5 * wt) if m else (100 + 1.0 * wt))
    for n in (16, 256, 4096, 65536):
        bench("reader_peek/%d" % n, 8.0 + n / 200.0, n)
        bench("reader_copy_out/%d" % n, 10.0 + n / bandwidth(n), n)
        bench("reader_consume/%d" % n, 12.0 + n / bandwidth(n), n)
    for be in backends:
        for ln in (32, 4064, 65536, 1048576, 16773120):
            pages = (ln + 4095) // 4096 + 1
            bench("register/%s/%d" % (be, ln),
                  (300 + 40 * pages) if be == "model" else (900 + 60 * pages))
    pages = [1, 4, 16, 64, 256, 257] + [4 ** k for k in range(5, 11)]
    for n in pages:
        if n <= 256:
            bench("ioreq_dispatch/rangeset/%d" % n, 28.0 + 1.3 * n)
        else:
            w.skipped("ioreq_dispatch/rangeset/%d" % n, REFUSED)
        cache = 1.0 + (n >= 65536) * 0.6 + (n >= 1 << 20) * 1.2
        bench("ioreq_dispatch/p2m_type/%d" % n, 24.0 * cache)
        bench("ioreq_dispatch/rangeset_contiguous/%d" % n, 28.0 * cache)
        bench("ioreq_dispatch/p2m_type_contiguous/%d" % n, 23.0 * cache)
    for mode, p50 in (("direct", 8000.0), ("relay", 12000.0)):
        q = {"min_ns": 0.4 * p50, "p50_ns": p50, "p90_ns": 1.1 * p50, "p99_ns": 3 * p50,
             "p999_ns": 40 * p50}
        w.bench("ioeventfd_latency/%s/real_time" % mode,
                [3.5 * p50 * rnd.gauss(1.0, 0.02) for _ in range(reps)], real=1.0,
                counters=dict((c, [v * rnd.gauss(1.0, 0.02) for _ in range(reps)])
                              for c, v in q.items()), label="pinned 0/1")
        w.bench("ioeventfd_throughput/%s/real_time" % mode,
                [(800.0 if mode == "direct" else 1000.0) * rnd.gauss(1.0, 0.02)
                 for _ in range(reps)], real=1.0, label="pinned 0/1")
    for n in (1, 8, 64):
        bench("ioeventfd_match/%d" % n, 7.0 + n)
    if not xenhost:
        w.skipped("sendv/xenhost/16", "xenhost backend not built")
    w.write(path)


def latency_samples(out_dir, seed, count=3000):
    """What argolab-bench writes with ARGOLAB_IOEVENTFD_SAMPLES=out_dir."""
    rnd = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    for mode, p50 in (("direct", 8000.0), ("relay", 12000.0)):
        with open(os.path.join(out_dir, "ioeventfd-%s.tsv" % mode), "w") as f:
            for _ in range(count):
                f.write("%d\n" % int(p50 * rnd.lognormvariate(0.0, 0.25)))


def significance_fixture(path):
    """Five repetitions a side: a slower median that is noise, and one that is not."""
    w = Writer("2026-11-20T11:00:00+00:00", "519n1f1", 5, {})
    # Interleaved samples: the model's median is 7.1% slower, U test p = 0.69.
    w.bench("sendv/model/262144", [11e3, 13e3, 15e3, 17e3, 19e3], 262144)
    w.bench("sendv/xenhost/262144", [10e3, 12e3, 14e3, 16e3, 18e3], 262144)
    # Separated samples: 10% slower, p = 2/252.
    w.bench("register/model/4064", [1100, 1101, 1102, 1103, 1104])
    w.bench("register/xenhost/4064", [1000, 1001, 1002, 1003, 1004])
    w.write(path)


def runs(out_dir, count):
    os.makedirs(out_dir, exist_ok=True)
    # Written in an order unlike their dates, and named so that sorting by
    # name differs from sorting by date: the report must go by the date.
    dates = ["2026-11-%02dT%02d:15:00+00:00" % (10 + 3 * i, 8 + i) for i in range(count)]
    for i in reversed(range(count)):
        sha = "%07x" % (0xc0ffee0 + 17 * (count - i))
        name = "%s-%s.json" % (dates[i][:10], sha) if i else "old-%s.json" % sha
        if i == count - 1:
            name = "a-%s.json" % sha
        realistic_run(os.path.join(out_dir, name), dates[i], sha, seed=i,
                      gain=i / max(1, count - 1), xenhost=i > 0)
        if i == count - 1:
            # Only the newest run has samples, beside its JSON, as argolab bench keeps them.
            latency_samples(os.path.join(out_dir, name[:-len(".json")] + ".ioeventfd"), seed=i)


def main(argv):
    if len(argv) >= 2 and argv[0] == "fixtures":
        d = argv[1]
        os.makedirs(d, exist_ok=True)
        summary_fixture(os.path.join(d, "run.json"))
        compare_fixtures(os.path.join(d, "base.json"), os.path.join(d, "new.json"))
        significance_fixture(os.path.join(d, "significance.json"))
        families_fixture(os.path.join(d, "families.json"))
        bad_counter_fixture(os.path.join(d, "bad-counter.json"))
        return 0
    if len(argv) >= 2 and argv[0] == "runs":
        runs(argv[1], int(argv[2]) if len(argv) > 2 else 4)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
