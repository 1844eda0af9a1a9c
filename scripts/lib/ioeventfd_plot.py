#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Description: the ioeventfd latency figure: CDFs of the direct and relay one-way samples, p50/p99 marked, rendered by gnuplot.
"""Plot the latency samples that argolab-bench writes with
ARGOLAB_IOEVENTFD_SAMPLES=<dir> (bench/ioeventfd.c).

usage:
  ioeventfd_plot.py SAMPLES_DIR [--out DIR]

Reads SAMPLES_DIR/ioeventfd-direct.tsv and ioeventfd-relay.tsv (one latency
in ns per line) and writes ioeventfd-latency.png and .svg into --out
(default SAMPLES_DIR): the CDF of each path on a logarithmic x axis, p50 and
p99 of each marked, and the relay/direct ratios of both in the title.
Exit 0 done, 1 when it cannot (missing or empty samples, no gnuplot:
apt-get install gnuplot-nox, or set GNUPLOT), 2 on bad usage.
"""
import os
import subprocess
import sys
import tempfile

# The gnuplot plumbing the benchmark report uses (same directory).
from benchtool import Failure, find_gnuplot, gp_str, png_terminal

MODES = ("direct", "relay")
# Enough points for a smooth CDF; the tails keep every point.
CDF_POINTS = 2000


def read_samples(path):
    try:
        with open(path, encoding="ascii") as f:
            values = [int(line) for line in f if line.strip()]
    except OSError as e:
        raise Failure("cannot read %s: %s (run argolab-bench with ARGOLAB_IOEVENTFD_SAMPLES set)"
                      % (path, e.strerror))
    except ValueError:
        raise Failure("%s: every line must be one latency in ns" % path)
    if not values:
        raise Failure("%s has no samples" % path)
    return sorted(values)


def quantile(sorted_values, q):
    return sorted_values[int(q * (len(sorted_values) - 1))]


def cdf_rows(sorted_values):
    """(ns, fraction at or below) pairs, thinned in the body, whole in the 1% tails."""
    n = len(sorted_values)
    step = max(1, n // CDF_POINTS)
    rows = []
    for i, v in enumerate(sorted_values):
        if i % step == 0 or i >= n - n // 100 or i == n - 1:
            rows.append((max(v, 1), (i + 1) / n))
    return rows


def script(data, stats, terminal, out):
    d, r = stats["direct"], stats["relay"]
    title = ("ioeventfd notification latency, one-way: relay/direct p50 %.2fx, p99 %.2fx"
             % (r["p50"] / d["p50"], r["p99"] / d["p99"]))
    lines = [
        "set terminal %s" % terminal,
        "set output %s" % gp_str(out),
        "set title %s" % gp_str(title),
        "set logscale x",
        "set xlabel 'one-way latency (ns), notifier to backend wake-up'",
        "set ylabel 'fraction of notifications'",
        "set yrange [0:1.02]",
        "set key bottom right",
        "set grid",
    ]
    colours = {"direct": "#1f77b4", "relay": "#d62728"}
    for mode in MODES:
        for q, dash in (("p50", 2), ("p99", 3)):
            v = stats[mode][q]
            lines.append("set arrow from %d,0 to %d,1 nohead dt %d lc rgb '%s'"
                         % (v, v, dash, colours[mode]))
            lines.append("set label %s at %d,%s rotate by 90 offset -0.8,0 tc rgb '%s'"
                         % (gp_str("%s %s %d ns" % (mode, q, v)), v,
                            "0.05" if q == "p50" else "0.45", colours[mode]))
    plots = ["%s using 1:2 with lines lw 2 lc rgb '%s' title %s"
             % (gp_str(data[m]), colours[m],
                gp_str("%s (n=%d, p50 %d ns, p99 %d ns)"
                       % (m, stats[m]["n"], stats[m]["p50"], stats[m]["p99"])))
             for m in MODES]
    lines.append("plot " + ", ".join(plots))
    return "\n".join(lines) + "\n"


def render(samples_dir, out_dir):
    gnuplot = find_gnuplot("the ioeventfd figure")
    stats, values = {}, {}
    for mode in MODES:
        v = read_samples(os.path.join(samples_dir, "ioeventfd-%s.tsv" % mode))
        values[mode] = v
        stats[mode] = {"n": len(v), "p50": quantile(v, 0.50), "p99": quantile(v, 0.99)}
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ioeventfd-plot.") as tmp:
        data = {}
        for mode in MODES:
            data[mode] = os.path.join(tmp, "%s.dat" % mode)
            with open(data[mode], "w", encoding="ascii") as f:
                for ns, frac in cdf_rows(values[mode]):
                    f.write("%d %.6f\n" % (ns, frac))
        terms = {"png": png_terminal(gnuplot) + " size 1000,600",
                 "svg": "svg size 1000,600 dynamic"}
        for ext, term in terms.items():
            # Written beside the target, then renamed: never a half-drawn figure.
            final = os.path.join(out_dir, "ioeventfd-latency.%s" % ext)
            partial = os.path.join(out_dir, ".ioeventfd-latency.%s.%d" % (ext, os.getpid()))
            gp = os.path.join(tmp, "plot-%s.gp" % ext)
            with open(gp, "w", encoding="utf-8") as f:
                f.write(script(data, stats, term, partial))
            run = subprocess.run([gnuplot, gp], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 timeout=120)
            if run.returncode != 0 or not os.path.exists(partial):
                if os.path.exists(partial):
                    os.unlink(partial)
                raise Failure("gnuplot failed on %s:\n%s" % (final, run.stdout.decode("utf-8", "replace")))
            os.replace(partial, final)
            print(final)
    d, r = stats["direct"], stats["relay"]
    print("direct p50 %d ns p99 %d ns; relay p50 %d ns p99 %d ns; relay/direct p50 %.2fx p99 %.2fx"
          % (d["p50"], d["p99"], r["p50"], r["p99"], r["p50"] / d["p50"], r["p99"] / d["p99"]))


def main(argv):
    args = argv[1:]
    out = None
    if "--out" in args:
        i = args.index("--out")
        if i + 1 >= len(args):
            print(__doc__.strip(), file=sys.stderr)
            return 2
        out = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1 or args[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        render(args[0], out or args[0])
    except Failure as e:
        print("ioeventfd_plot: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
