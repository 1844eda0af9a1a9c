#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Description: reads argolab-bench's Google Benchmark JSON: summary and targets, run comparison (Mann-Whitney U), gnuplot/HTML report.
"""Read the Google Benchmark JSON that argolab-bench writes.

usage:
  benchtool.py summary RUN.json [--markdown] [--all] [--tolerance PCT] [--alpha A] [-o FILE]
  benchtool.py compare BASE.json NEW.json [--threshold PCT] [--alpha A] [--markdown]
  benchtool.py report [--runs DIR] [--out DIR] [--ioeventfd-samples DIR]

summary   The run as tables: sendv throughput against memcpy per payload
          size (model and, when built, Xen's own argo.c "xenhost"), the
          model/xenhost time ratio; send+consume messages/s against the
          peers (pipe, seqpacket, ck_spsc); the cost per waiter, ring or iovec
          of notify, sendv -EAGAIN and iov (least-squares slope and R^2);
          every benchmark where the model is slower than xenhost; skipped
          benchmarks; ioreq dispatch through a rangeset against through the
          p2m type per tracked-page count, with "refused (>256 ranges)" where
          Xen's MAX_NR_IO_RANGES stops the rangeset; privcmd ioeventfd direct
          against relay (one-way latency quantiles, round trip, throughput,
          relay/direct ratios) and the matcher's cost per registration
          count; and the project's targets marked "ok" or "SHORT"
          ("n/a" when the run lacks the benchmark). --markdown prints
          Markdown, --all adds every benchmark's median time, -o writes to
          FILE instead of stdout. --tolerance PCT lets the model be up to PCT
          percent slower than xenhost before the target counts it (default 0);
          a slower median counts only when the Mann-Whitney U test over the
          repetitions also says so (p < --alpha, default 0.05).

compare   Every benchmark present in both runs: median time, change in
          percent, two-sided Mann-Whitney U p-value over the repetitions and
          a verdict: "improved" or "regressed" (p < alpha, default 0.05), or
          "noise" (p >= alpha, or fewer than 2 repetitions on a side). Exit 1
          when --threshold PCT is given and a benchmark regressed by more than
          PCT percent; never otherwise. Benchmarks only in one run are listed
          as added or removed. Run with --benchmark_repetitions=9 or more: with
          3 repetitions a side no difference can reach p < 0.05.

report    Renders, with gnuplot, PNG and SVG figures of the newest run in
          --runs (default reports/runs): throughput.{png,svg} (bytes/s against
          payload size, memcpy, sendv, send+consume and the peers),
          iov.{png,svg}, waiters.{png,svg}, ioreq-dispatch.{png,svg} (ns per
          dispatch against tracked pages, refused runs as a marked row),
          ioeventfd-latency.{png,svg} (drawn by ioeventfd_plot.py from the
          newest run's samples, <run>.ioeventfd/ beside its JSON or
          --ioeventfd-samples DIR; when there are none the report says so),
          and history.{png,svg} over every
          run in DIR sorted by the run's date; with index.html (figures,
          summary, machine, links to the JSON) and summary.md, into --out
          (default reports/latest). Exit 1 when gnuplot is missing (set
          GNUPLOT to use another binary).

Times are medians over the repetitions' iteration rows (aggregate rows are
ignored): cpu_time, or real_time for benchmarks named .../real_time or
.../manual_time (--time cpu|real overrides). Throughputs are medians of the
bytes_per_second and items_per_second Google Benchmark reports, user
counters (p50_ns, ...) medians of their values. Repetitions skipped with an
error are not timed; a benchmark whose every repetition was skipped with a
message starting "refused" hit a limit of the code it measures.

Bad input (missing file, not JSON, not Google Benchmark output) exits 2 with
the file and what was expected; outputs are written to temporary files and
renamed, so a failed run leaves nothing half-written.
"""

import argparse
import datetime
import fractions
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROG = "argolab: bench"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TIME_UNITS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
# Name components Google Benchmark appends for a benchmark's options, not its
# arguments: they must not split one benchmark's identity in summary lookups.
ATTR_RE = re.compile(r"^(real_time|manual_time|process_time|[a-z_]+:.+)$")
INT_RE = re.compile(r"^-?[0-9]+$")
# Keys of a Google Benchmark row that are not user counters.
ROW_KEYS = frozenset((
    "name", "run_name", "run_type", "family_index", "per_family_instance_index",
    "repetitions", "repetition_index", "threads", "iterations", "real_time", "cpu_time",
    "time_unit", "bytes_per_second", "items_per_second", "label", "error_occurred",
    "error_message", "skipped", "skip_message", "aggregate_name", "aggregate_unit",
    "big_o", "rms", "complexity"))
# User counters the summary reads: present but not a number is bad input,
# not a silently empty cell.
KNOWN_COUNTERS = ("min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "ranges")

# The project's targets (README roadmap): checked by summary and report.
TARGET_RATIO = ((65536, 0.90), (4096, 0.80))
TARGET_CONSUME_MSGS = 20e6
TARGET_CONSUME_PIPE = 20.0
PEERS = ("pipe", "seqpacket", "ck_spsc")


class BadInput(Exception):
    """Input the tool cannot use: exit 2."""


class Failure(Exception):
    """The tool cannot do its job here (e.g. no gnuplot): exit 1."""


# ---------------------------------------------------------------- loading

class Bench:
    """One benchmark's iteration rows in one run."""

    def __init__(self, name, order):
        self.name = name
        self.order = order
        parts = name.split("/")
        family, args, attrs = [parts[0]], [], []
        for p in parts[1:]:
            if ATTR_RE.match(p):
                attrs.append(p)
            elif INT_RE.match(p):
                args.append(int(p))
            elif args:
                args.append(p)
            else:
                family.append(p)
        self.family = "/".join(family)
        self.args = tuple(args)
        self.attrs = tuple(attrs)
        self.key = "/".join([self.family] + [str(a) for a in self.args])
        self.real = []
        self.cpu = []
        self.bps = []
        self.ips = []
        self.errors = []
        self.counters = {}              # user counter -> one value per repetition
        self.labels = []

    def counter(self, name):
        """Median over the repetitions of a user counter, or None."""
        return median(self.counters.get(name, []))

    def refused(self):
        """Every repetition skipped with a "refused..." message (a limit the
        benchmarked code enforces, e.g. Xen's MAX_NR_IO_RANGES), none timed."""
        return (not self.cpu and bool(self.errors) and
                all(e.startswith("refused") for e in self.errors))

    def real_timed(self):
        return "real_time" in self.attrs or "manual_time" in self.attrs

    def times(self, kind="auto"):
        if kind == "real" or (kind == "auto" and self.real_timed()):
            return self.real
        return self.cpu

    def ok(self):
        return bool(self.cpu)


class Run:
    def __init__(self, path, context, benches):
        self.path = path
        self.context = context
        self.benches = benches          # name -> Bench, in file order
        self.by_key = {}
        for b in benches.values():
            self.by_key.setdefault(b.key, b)

    def get(self, key):
        b = self.by_key.get(key)
        return b if b is not None and b.ok() else None

    def date(self):
        return str(self.context.get("date", ""))

    def sha(self):
        sha = self.context.get("git_sha")
        if sha:
            return str(sha)
        # reports/runs/<UTC time>-<git sha>.json, e.g. 20261121T215441Z-abc123.json
        m = re.match(r"^\d{4}-?\d\d-?\d\d[^-]*-(.+)\.json$", os.path.basename(self.path))
        return m.group(1) if m else ""

    def sort_key(self):
        return (parse_date(self.date()), os.path.basename(self.path))

    def repetitions(self):
        counts = [len(b.cpu) for b in self.benches.values() if b.ok()]
        if not counts:
            return (0, 0)
        return (min(counts), max(counts))


def parse_date(s):
    """A sortable UTC timestamp for a context date; unparsable dates sort first."""
    try:
        d = datetime.datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        # Google Benchmark before 1.5 wrote local "YYYY-MM-DD HH:MM:SS"; compare as text.
        return (0, s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return (1, d.astimezone(datetime.timezone.utc).isoformat())


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def load_run(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise BadInput("%s: cannot read (%s)" % (path, e.strerror or e))
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput("%s: not JSON (not UTF-8 text); expected Google Benchmark "
                       "JSON (--benchmark_out_format=json)" % path)
    except ValueError as e:
        raise BadInput("%s: not JSON (%s); expected Google Benchmark JSON "
                       "(--benchmark_out_format=json)" % (path, e))
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list):
        raise BadInput('%s: not Google Benchmark JSON (no "benchmarks" list)' % path)
    context = doc.get("context", {})
    if not isinstance(context, dict):
        raise BadInput('%s: not Google Benchmark JSON ("context" is not an object)' % path)
    benches = {}
    for i, row in enumerate(doc["benchmarks"]):
        where = "%s: benchmarks[%d]" % (path, i)
        if not isinstance(row, dict):
            raise BadInput("%s: expected an object" % where)
        name = row.get("run_name", row.get("name"))
        if not isinstance(name, str) or not name:
            raise BadInput('%s: no "name" string' % where)
        where = '%s ("%s")' % (where, name)
        run_type = row.get("run_type", "iteration")
        if run_type == "aggregate" or "aggregate_name" in row:
            continue
        if run_type != "iteration":
            raise BadInput('%s: "run_type" is %r; expected "iteration" or "aggregate"'
                           % (where, run_type))
        b = benches.get(name)
        if b is None:
            b = benches[name] = Bench(name, len(benches))
        if row.get("error_occurred") is True or row.get("skipped"):
            msg = row.get("error_message", row.get("skip_message", ""))
            b.errors.append(str(msg) if msg else "skipped")
            continue
        unit = row.get("time_unit")
        if unit not in TIME_UNITS:
            raise BadInput('%s: "time_unit" is %r; expected one of ns, us, ms, s'
                           % (where, unit))
        for key in ("real_time", "cpu_time"):
            if not is_number(row.get(key)):
                raise BadInput('%s: "%s" is %s; expected a number'
                               % (where, key, json.dumps(row.get(key))))
        for key in ("bytes_per_second", "items_per_second"):
            if key in row and not is_number(row[key]):
                raise BadInput('%s: "%s" is %s; expected a number'
                               % (where, key, json.dumps(row[key])))
        for key in KNOWN_COUNTERS:
            if key in row and not is_number(row[key]):
                raise BadInput('%s: counter "%s" is %s; expected a number'
                               % (where, key, json.dumps(row[key])))
        scale = TIME_UNITS[unit]
        for key, v in row.items():
            if key not in ROW_KEYS and is_number(v):
                b.counters.setdefault(key, []).append(float(v))
        if isinstance(row.get("label"), str) and row["label"] not in b.labels:
            b.labels.append(row["label"])
        b.real.append(row["real_time"] * scale)
        b.cpu.append(row["cpu_time"] * scale)
        if "bytes_per_second" in row:
            b.bps.append(float(row["bytes_per_second"]))
        if "items_per_second" in row:
            b.ips.append(float(row["items_per_second"]))
    return Run(path, context, benches)


# ---------------------------------------------------------------- statistics

def median(xs):
    xs = sorted(xs)
    n = len(xs)
    if n == 0:
        return None
    if n % 2:
        return xs[n // 2]
    return (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def linear_fit(xs, ys):
    """Least squares y = a + b x: (slope b, intercept a, R^2)."""
    n = len(xs)
    mx = sum(xs) / float(n)
    my = sum(ys) / float(n)
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx if sxx else 0.0
    icpt = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys))
    r2 = 1.0 - ss_res / ss_tot if ss_tot else 1.0
    return slope, icpt, r2


def _rankdata(values):
    """Average ranks (1-based) and the sizes of the groups of tied values."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    ties = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        avg = (i + j) / 2.0 + 1.0
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        ties.append(j - i + 1)
        i = j + 1
    return ranks, ties


def _u_counts(m, n):
    """How many of the C(m+n, m) orderings give each U = 0 .. m*n.

    These are the coefficients of the Gaussian binomial [m+n choose m]_q,
    built as prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), exactly in integers.
    """
    poly = [1]
    for i in range(1, m + 1):
        grown = poly + [0] * (n + i)
        for k in range(len(grown) - 1, n + i - 1, -1):
            grown[k] -= grown[k - n - i]
        for k in range(i, len(grown)):
            grown[k] += grown[k - i]
        poly = grown[: m * n + 1]
    return poly


def mann_whitney_u(x, y):
    """Two-sided Mann-Whitney U test: (U of x, p-value, "exact" | "normal").

    As scipy.stats.mannwhitneyu(x, y, alternative="two-sided") with its
    default method, which Google Benchmark's tools/compare.py calls: the
    exact distribution when either sample has at most 8 values and there are
    no ties; otherwise the normal approximation with tie correction and
    continuity correction.
    """
    n1, n2 = len(x), len(y)
    if n1 == 0 or n2 == 0:
        raise ValueError("Mann-Whitney U needs values on both sides")
    ranks, ties = _rankdata(list(x) + list(y))
    u1 = sum(ranks[:n1]) - n1 * (n1 + 1) / 2.0
    u = max(u1, n1 * n2 - u1)
    if min(n1, n2) <= 8 and all(t == 1 for t in ties):
        counts = _u_counts(min(n1, n2), max(n1, n2))
        tail = sum(counts[int(round(u)):])
        p = fractions.Fraction(2 * tail, sum(counts))
        return u1, float(min(p, 1)), "exact"
    n = n1 + n2
    tie_term = sum(t ** 3 - t for t in ties)
    s = math.sqrt(n1 * n2 / 12.0 * ((n + 1) - tie_term / float(n * (n - 1))))
    if s == 0:
        return u1, 1.0, "normal"
    z = (u - n1 * n2 / 2.0 - 0.5) / s
    p = math.erfc(z / math.sqrt(2.0))
    return u1, min(max(p, 0.0), 1.0), "normal"


def smallest_p(n1, n2):
    """The smallest two-sided p the exact test can give for these sizes."""
    if min(n1, n2) > 8:
        return 0.0
    total = math.factorial(n1 + n2) // (math.factorial(n1) * math.factorial(n2))
    return min(1.0, 2.0 / total)


# ---------------------------------------------------------------- formatting

def fmt_time(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if abs(ns) >= scale:
            return "%s %s" % (fmt_sig(ns / scale), unit)
    if abs(ns) < 0.0005:
        return "0 ns"
    return "%s ns" % fmt_sig(ns)


def fmt_sig(v, digits=3):
    if v is None:
        return "-"
    if v != 0 and abs(v) >= 10 ** digits:
        return "%.0f" % v
    if v == 0:
        return "0"
    # Keep trailing zeros so that a column reads at one precision.
    return ("%#.*g" % (digits, v)).rstrip(".")


def fmt_gbps(bps):
    return "-" if bps is None else fmt_sig(bps / 1e9)


def fmt_msgs(ips):
    return "-" if ips is None else fmt_sig(ips / 1e6) + " M"


def fmt_ratio(r):
    return "-" if r is None else "%.3f" % r


def fmt_times_x(r):
    return "-" if r is None else fmt_sig(r) + "x"


def fmt_pct(p):
    return "-" if p is None else "%+.1f%%" % p


def fmt_p(p):
    if p is None:
        return "-"
    return "%.4f" % p if p >= 1e-4 else "%.1e" % p


def fmt_bytes(n):
    if not isinstance(n, int):
        return str(n)
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale and n % scale == 0:
            return "%d %s" % (n // scale, unit)
    return "%d B" % n


class Table:
    """A titled table every renderer (text, Markdown, HTML) shares."""

    def __init__(self, title, columns, align=None, notes=None):
        self.title = title
        self.columns = columns
        self.align = align or ("l" + "r" * (len(columns) - 1))
        self.rows = []
        self.notes = list(notes or [])

    def add(self, *cells):
        self.rows.append([str(c) for c in cells])


def render_text(tables, head):
    out = list(head)
    for t in tables:
        out.append("")
        out.append(t.title)
        if t.rows:
            widths = [len(c) for c in t.columns]
            for r in t.rows:
                widths = [max(w, len(c)) for w, c in zip(widths, r)]

            def line(cells):
                parts = []
                for c, w, a in zip(cells, widths, t.align):
                    parts.append(c.rjust(w) if a == "r" else c.ljust(w))
                return ("  " + "  ".join(parts)).rstrip()
            out.append(line(t.columns))
            out.append("  " + "  ".join("-" * w for w in widths))
            out.extend(line(r) for r in t.rows)
        for n in t.notes:
            out.append("  " + n)
    return "\n".join(out) + "\n"


def _md_cell(c):
    return c.replace("|", "\\|")


def render_markdown(tables, head, title):
    out = ["# " + title, ""]
    out.extend(h + "  " for h in head)
    for t in tables:
        out += ["", "## " + t.title, ""]
        if t.rows:
            out.append("| " + " | ".join(_md_cell(c) for c in t.columns) + " |")
            out.append("|" + "|".join("---:" if a == "r" else "---" for a in t.align) + "|")
            for r in t.rows:
                out.append("| " + " | ".join(_md_cell(c) for c in r) + " |")
            if t.notes:
                out.append("")
        for n in t.notes:
            out.append(n + "  ")
    return "\n".join(out) + "\n"


def render_html_tables(tables):
    out = []
    for t in tables:
        out.append("<h2>%s</h2>" % html.escape(t.title))
        if t.rows:
            out.append("<table>")
            out.append("<tr>" + "".join(
                '<th class="%s">%s</th>' % (a, html.escape(c))
                for c, a in zip(t.columns, t.align)) + "</tr>")
            for r in t.rows:
                cells = []
                for c, a in zip(r, t.align):
                    cls = a
                    if c in ("ok", "SHORT", "n/a"):
                        cls += " st-" + {"ok": "ok", "SHORT": "short", "n/a": "na"}[c]
                    cells.append('<td class="%s">%s</td>' % (cls, html.escape(c)))
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
        for n in t.notes:
            out.append('<p class="note">%s</p>' % html.escape(n))
    return "\n".join(out)


# ---------------------------------------------------------------- summary

def throughput(b):
    """Median bytes/s, or payload bytes over the median time without the counter."""
    if b is None:
        return None
    if b.bps:
        return median(b.bps)
    if b.args and isinstance(b.args[0], int):
        return b.args[0] * 1e9 / median(b.times())
    return None


def msg_rate(b):
    if b is None:
        return None
    if b.ips:
        return median(b.ips)
    return 1e9 / median(b.times())


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def sizes_of(run, families):
    sizes = set()
    for b in run.benches.values():
        if b.family in families and b.ok() and len(b.args) == 1 and isinstance(b.args[0], int):
            sizes.add(b.args[0])
    return sorted(sizes)


def model_xenhost_pairs(run):
    """(model bench, xenhost bench) for every benchmark run on both backends."""
    pairs = []
    for b in run.benches.values():
        comps = b.family.split("/")
        if "model" not in comps or not b.ok():
            continue
        other = "/".join("xenhost" if c == "model" else c for c in comps)
        x = run.get("/".join([other] + [str(a) for a in b.args]))
        if x is not None:
            pairs.append((b, x))
    return pairs


SCALING = (
    # family suffix, what the last argument counts, labels of the first argument
    ("notify_waiters", "waiter", {0: "single", 1: "wildcard"}),
    ("notify_wake", "waiter", None),
    ("notify_rings", "ring", {0: "single", 1: "wildcard"}),
    ("sendv_eagain", "waiter", None),
    ("iov", "iovec", "bytes"),
)


def scaling_series(run, kind="auto"):
    """Per benchmark family that scales with a count: [(label, unit, [(x, median ns)])]."""
    series = []
    for base, unit, labels in SCALING:
        for backend in ("model", "xenhost"):
            fam = "%s/%s" % (base, backend)
            groups = {}
            for b in run.benches.values():
                if b.family != fam or not b.ok() or not b.args:
                    continue
                if not all(isinstance(a, int) for a in b.args):
                    continue
                groups.setdefault(b.args[:-1], []).append((b.args[-1], median(b.times(kind))))
            for g in sorted(groups):
                pts = sorted(groups[g])
                name = fam + "".join("/%d" % a for a in g)
                if g and labels == "bytes":
                    glabel = "%s total" % fmt_bytes(g[0])
                elif g and isinstance(labels, dict) and g[0] in labels:
                    glabel = labels[g[0]]
                else:
                    glabel = "/".join(str(a) for a in g)
                series.append({"family": base, "backend": backend, "group": g,
                               "name": name, "label": (fam + " " + glabel).strip(),
                               "glabel": glabel, "unit": unit, "points": pts})
    return series


def shape_of(pts, slope, r2):
    ys = [y for _, y in pts]
    span = max(x for x, _ in pts) - min(x for x, _ in pts)
    mean = sum(ys) / len(ys)
    if mean > 0 and abs(slope) * span < 0.05 * mean:
        return "flat"
    return "linear" if r2 >= 0.9 else "not linear"


# bench/ioreq_dispatch.c: a guest write dispatched to an ioreq server through
# its rangeset or through the page's p2m type, scattered or contiguous pages.
IOREQ_VARIANTS = ("rangeset", "p2m_type", "rangeset_contiguous", "p2m_type_contiguous")
# Xen's cap on the ranges of one ioreq server's rangeset (xen/include/xen/ioreq.h).
MAX_NR_IO_RANGES = 256
IOREQ_REFUSED = "refused (>%d ranges)" % MAX_NR_IO_RANGES


def ioreq_pages(run):
    """Every tracked-page count of the ioreq_dispatch family, timed or not."""
    pages = set()
    for b in run.benches.values():
        if (b.family.startswith("ioreq_dispatch/") and
                b.family.split("/", 1)[1] in IOREQ_VARIANTS and
                len(b.args) == 1 and isinstance(b.args[0], int)):
            pages.add(b.args[0])
    return sorted(pages)


def ioreq_cell(run, variant, pages, kind):
    """(median ns per dispatch or None, what to print)."""
    b = run.by_key.get("ioreq_dispatch/%s/%d" % (variant, pages))
    if b is None:
        return None, "-"
    if b.ok():
        t = median(b.times(kind))
        return t, fmt_sig(t)
    # A refusal is the result (Xen cannot track these pages that way), not
    # missing data; any other skip is a failure of the benchmark itself.
    return None, IOREQ_REFUSED if b.refused() else "error"


def ioreq_tables(run, kind="auto"):
    pages = ioreq_pages(run)
    if not pages:
        return []
    t = Table("ioreq dispatch: rangeset vs p2m type",
              ["pages", "rangeset ns", "p2m_type ns", "rangeset/p2m_type",
               "rangeset_contiguous ns", "p2m_type_contiguous ns",
               "contiguous rangeset/p2m_type"])
    errors = 0
    for n in pages:
        cells = dict((v, ioreq_cell(run, v, n, kind)) for v in IOREQ_VARIANTS)
        errors += sum(1 for _, c in cells.values() if c == "error")
        t.add(n, cells["rangeset"][1], cells["p2m_type"][1],
              fmt_times_x(ratio(cells["rangeset"][0], cells["p2m_type"][0])),
              cells["rangeset_contiguous"][1], cells["p2m_type_contiguous"][1],
              fmt_times_x(ratio(cells["rangeset_contiguous"][0],
                                cells["p2m_type_contiguous"][0])))
    t.notes.append("ns per dispatch (a guest write to a random tracked page, p2m lookup to the "
                   "chosen server), median over repetitions; rangeset/p2m_type above 1x: the "
                   "rangeset is slower")
    t.notes.append("%s: scattered pages need one range each, and Xen caps an ioreq server's "
                   "rangeset at MAX_NR_IO_RANGES = %d ranges, so the rangeset cannot track them"
                   % (IOREQ_REFUSED, MAX_NR_IO_RANGES))
    if errors:
        t.notes.append("error: the benchmark failed (see skipped benchmarks)")
    return [t]


# bench/ioeventfd.c: a QueueNotify delivered to a virtio backend directly by
# the kernel's ioeventfd (privcmd) or through a user-space relay.
IOEVENTFD_QUANTILES = (("min_ns", "one-way latency, min"), ("p50_ns", "one-way latency, p50"),
                       ("p90_ns", "one-way latency, p90"), ("p99_ns", "one-way latency, p99"),
                       ("p999_ns", "one-way latency, p99.9"))


def ioeventfd_tables(run, kind="auto"):
    lat = dict((m, run.get("ioeventfd_latency/%s" % m)) for m in ("direct", "relay"))
    thr = dict((m, run.get("ioeventfd_throughput/%s" % m)) for m in ("direct", "relay"))
    matches = sorted((b.args[0], b) for b in run.benches.values()
                     if b.family == "ioeventfd_match" and b.ok() and len(b.args) == 1
                     and isinstance(b.args[0], int))
    tables = []
    if any(lat.values()) or any(thr.values()):
        t = Table("privcmd ioeventfd: direct vs relay",
                  ["measure", "direct", "relay", "relay/direct"], "lrrr")
        for counter, label in IOEVENTFD_QUANTILES:
            d, r = [lat[m].counter(counter) if lat[m] else None for m in ("direct", "relay")]
            if d is None and r is None:
                continue
            t.add(label, fmt_time(d), fmt_time(r), fmt_times_x(ratio(r, d)))
        d, r = [median(lat[m].times(kind)) if lat[m] else None for m in ("direct", "relay")]
        if d is not None or r is not None:
            t.add("round trip (time per iteration)", fmt_time(d), fmt_time(r),
                  fmt_times_x(ratio(r, d)))
        d, r = [msg_rate(thr[m]) for m in ("direct", "relay")]
        if d is not None or r is not None:
            t.add("throughput, notifications/s", fmt_msgs(d), fmt_msgs(r),
                  fmt_times_x(ratio(r, d)))
        t.notes.append("one-way latency: the notifier's clock before delivering to the "
                       "backend's wake-up in read(), per repetition a quantile of every "
                       "notification, then the median over repetitions; relay/direct above "
                       "1x: the relay is slower (throughput: above 1x, the relay is faster)")
        labels = sorted(set(x for m in ("direct", "relay") for b in (lat[m], thr[m]) if b
                            for x in b.labels))
        if labels:
            t.notes.append("threads: %s" % ", ".join(labels))
        tables.append(t)
    if matches:
        t = Table("privcmd ioeventfd: matcher cost per registration count",
                  ["registrations", "ns per match", "extra ns per registration"])
        n0, ns0 = matches[0][0], median(matches[0][1].times(kind))
        for n, b in matches:
            ns = median(b.times(kind))
            # Against the fewest registrations, so the fixed cost (claiming
            # the ioreq, decoding it) does not count as a registration's.
            t.add(n, fmt_sig(ns), fmt_sig((ns - ns0) / (n - n0)) if n > n0 else "-")
        t.notes.append("ioeventfd_match/N: an ioreq matched against N registrations, the "
                       "match being the last; both paths run this matcher once per "
                       "notification")
        tables.append(t)
    return tables


def abi_tables(run, kind="auto"):
    """bench/v4v.c: the same engine on Argo and V4V rings, per message size."""
    sizes = sorted(set(b.args[0] for b in run.benches.values()
                       if b.family in ("abi_sendv_consume/argo", "abi_sendv_consume/v4v")
                       and b.ok() and len(b.args) == 1 and isinstance(b.args[0], int)))
    if not sizes:
        return []
    t = Table("V4V vs Argo: sendv+consume on the same engine",
              ["bytes", "argo msgs/s", "v4v msgs/s", "v4v/argo"])
    for n in sizes:
        a = run.by_key.get("abi_sendv_consume/argo/%d" % n)
        v = run.by_key.get("abi_sendv_consume/v4v/%d" % n)
        ra = msg_rate(a) if a and a.ok() else None
        rv = msg_rate(v) if v and v.ok() else None
        t.add(n, fmt_msgs(ra), fmt_msgs(rv), fmt_ratio(ratio(rv, ra)))
    t.notes.append("one message sent and read back per iteration, through each ABI's "
                   "hypercall and reader; v4v/argo below 1: V4V is slower")
    return [t]


def build_summary(run, tolerance=0.0, kind="auto", show_all=False, alpha=0.05):
    """(head lines, tables, targets table) for one run."""
    ctx = run.context
    lo, hi = run.repetitions()
    reps = "%d" % lo if lo == hi else "%d-%d" % (lo, hi)
    head = ["run: %s" % run.path]
    bits = []
    if run.date():
        bits.append("date %s" % run.date())
    if ctx.get("host_name"):
        bits.append("host %s" % ctx["host_name"])
    if run.sha():
        bits.append("git %s" % run.sha())
    if ctx.get("num_cpus"):
        cpu = "%s CPUs" % ctx["num_cpus"]
        if ctx.get("mhz_per_cpu"):
            cpu += " @ %s MHz" % ctx["mhz_per_cpu"]
        bits.append(cpu)
    bits.append("%s repetitions" % reps)
    head.append(", ".join(bits))
    timing = {"auto": "cpu_time (real_time for .../real_time benchmarks)",
              "cpu": "cpu_time", "real": "real_time"}[kind]
    head.append("medians over repetitions; times are %s; GB/s = 10^9 bytes/s; "
                "M = 10^6 messages/s" % timing)
    if ctx.get("cpu_scaling_enabled") is True:
        head.append("warning: CPU frequency scaling is enabled: timings are noisy")
    load = ctx.get("load_avg")
    ncpu = ctx.get("num_cpus")
    if isinstance(load, list) and load and is_number(load[0]) and is_number(ncpu) \
            and ncpu > 0 and load[0] > 0.75 * ncpu:
        head.append("warning: load average %.2f on %d CPUs: other work ran beside the "
                    "benchmarks" % (load[0], ncpu))

    tables = []
    targets = Table("targets", ["status", "target", "measured"], "llr")

    # sendv copy path against memcpy, per payload size.
    for fam, title in (("sendv", "sendv copy path against memcpy"),
                       ("sendv_wrap", "sendv split by the ring end (sendv_wrap) against memcpy")):
        sizes = sizes_of(run, ("%s/model" % fam, "%s/xenhost" % fam))
        if not sizes:
            continue
        has_x = any(run.get("%s/xenhost/%d" % (fam, n)) for n in sizes)
        cols = ["payload", "memcpy GB/s", "model GB/s", "model/memcpy"]
        if has_x:
            cols += ["xenhost GB/s", "xenhost/memcpy", "model/xenhost time"]
        t = Table(title, cols)
        for n in sizes:
            mem = run.get("memcpy/%d" % n)
            mod = run.get("%s/model/%d" % (fam, n))
            row = [fmt_bytes(n), fmt_gbps(throughput(mem)), fmt_gbps(throughput(mod)),
                   fmt_ratio(ratio(throughput(mod), throughput(mem)))]
            if has_x:
                xen = run.get("%s/xenhost/%d" % (fam, n))
                tr = None
                if mod is not None and xen is not None:
                    tr = ratio(median(mod.times(kind)), median(xen.times(kind)))
                row += [fmt_gbps(throughput(xen)),
                        fmt_ratio(ratio(throughput(xen), throughput(mem))), fmt_ratio(tr)]
            t.add(*row)
        if has_x:
            t.notes.append("model/xenhost time below 1: the model is faster")
        tables.append(t)

    for size, want in TARGET_RATIO:
        r = ratio(throughput(run.get("sendv/model/%d" % size)),
                  throughput(run.get("memcpy/%d" % size)))
        targets.add("n/a" if r is None else ("ok" if r >= want else "SHORT"),
                    "sendv/model/%d >= %.2f x memcpy/%d (%s)" % (size, want, size,
                                                                 fmt_bytes(size)),
                    fmt_ratio(r))

    # send + consume against the peers on this host, in messages/s.
    sizes = sizes_of(run, ("sendv_consume/model", "sendv_consume/xenhost"))
    if sizes:
        has_x = any(run.get("sendv_consume/xenhost/%d" % n) for n in sizes)
        peers = [p for p in PEERS if any(run.get("%s/%d" % (p, n)) for n in sizes)]
        cols = ["payload", "model msg/s"]
        if has_x:
            cols.append("xenhost msg/s")
        for p in peers:
            cols += ["%s msg/s" % p, "model/%s" % p]
        t = Table("sendv + consume (sendv_consume) against peers on this host", cols)
        for n in sizes:
            mod = msg_rate(run.get("sendv_consume/model/%d" % n))
            row = [fmt_bytes(n), fmt_msgs(mod)]
            if has_x:
                row.append(fmt_msgs(msg_rate(run.get("sendv_consume/xenhost/%d" % n))))
            for p in peers:
                pr = msg_rate(run.get("%s/%d" % (p, n)))
                row += [fmt_msgs(pr), fmt_times_x(ratio(mod, pr))]
            t.add(*row)
        tables.append(t)
    mod16 = msg_rate(run.get("sendv_consume/model/16"))
    pipe16 = msg_rate(run.get("pipe/16"))
    targets.add("n/a" if mod16 is None else ("ok" if mod16 >= TARGET_CONSUME_MSGS else "SHORT"),
                "sendv_consume/model/16 >= %s msg/s" % fmt_msgs(TARGET_CONSUME_MSGS),
                fmt_msgs(mod16))
    r = ratio(mod16, pipe16)
    targets.add("n/a" if r is None else ("ok" if r >= TARGET_CONSUME_PIPE else "SHORT"),
                "sendv_consume/model/16 >= %gx pipe/16 msg/s" % TARGET_CONSUME_PIPE,
                fmt_times_x(r))

    # Cost per waiter, ring or iovec: least squares over the medians.
    series = scaling_series(run, kind)
    if series:
        t = Table("cost per waiter, ring and iovec (least-squares fit of time against the count)",
                  ["benchmark", "points", "per unit", "at 0", "R^2", "shape"], "lrrrrl")
        for s in series:
            pts = s["points"]
            if len(pts) < 2:
                continue
            slope, icpt, r2 = linear_fit([float(x) for x, _ in pts], [y for _, y in pts])
            t.add(s["label"], "%d (%d..%d)" % (len(pts), pts[0][0], pts[-1][0]),
                  "%s/%s" % (fmt_time(slope), s["unit"]), fmt_time(icpt), "%.3f" % r2,
                  shape_of(pts, slope, r2))
        t.notes.append("shape: flat when the fitted growth over the range is under 5% of "
                       "the mean time, linear when R^2 >= 0.9")
        if t.rows:
            tables.append(t)

    # Model against xenhost, everywhere both ran. Where both copy the same
    # bytes at memory speed their medians differ by noise alone, so a
    # benchmark counts against the target only when the difference is also
    # significant (two-sided Mann-Whitney U over the repetitions, p < alpha).
    # With too few repetitions for any p below alpha (3 a side: p >= 0.1)
    # there is no test, and the medians decide.
    pairs = model_xenhost_pairs(run)
    if pairs:
        t = Table("where the model is slower than xenhost",
                  ["benchmark", "model", "xenhost", "model slower by", "p", "counts"])
        slower = 0
        for m, x in pairs:
            sm, sx = m.times(kind), x.times(kind)
            tm, tx = median(sm), median(sx)
            if tm > tx:
                pct = (tm / tx - 1.0) * 100.0
                testable = (len(sm) >= 2 and len(sx) >= 2 and
                            2.0 / math.comb(len(sm) + len(sx), len(sm)) < alpha)
                p = mann_whitney_u(sm, sx)[1] if testable else None
                counts = pct > tolerance and (p is None or p < alpha)
                t.add(m.key, fmt_time(tm), fmt_time(tx), fmt_pct(pct),
                      "-" if p is None else "%.3f" % p, "yes" if counts else "no (noise)"
                      if pct > tolerance else "no (tolerance)")
                if counts:
                    slower += 1
        t.notes.append("model slower in %d of %d benchmarks run on both backends "
                       "(by median); %d count (p < %g, or too few repetitions to test)"
                       % (len(t.rows), len(pairs), slower, alpha))
        if tolerance:
            t.notes.append("the target allows the model up to %g%% slower" % tolerance)
        tables.append(t)
        targets.add("ok" if slower == 0 else "SHORT", "model not slower than xenhost anywhere",
                    "%d of %d slower" % (slower, len(pairs)))
    else:
        targets.add("n/a", "model not slower than xenhost anywhere", "no xenhost benchmarks")

    tables.extend(abi_tables(run, kind))
    tables.extend(ioreq_tables(run, kind))
    tables.extend(ioeventfd_tables(run, kind))

    skipped = [b for b in run.benches.values() if b.errors]
    if skipped:
        t = Table("skipped benchmarks", ["benchmark", "skipped", "message"], "lrl")
        for b in skipped:
            t.add(b.name, "%d of %d" % (len(b.errors), len(b.errors) + len(b.cpu)),
                  "; ".join(sorted(set(b.errors))))
        tables.append(t)

    if show_all:
        t = Table("every benchmark", ["benchmark", "reps", "median time", "min", "max",
                                      "GB/s", "items/s"])
        for b in run.benches.values():
            if not b.ok():
                continue
            ts = b.times(kind)
            t.add(b.name, len(ts), fmt_time(median(ts)), fmt_time(min(ts)), fmt_time(max(ts)),
                  fmt_gbps(median(b.bps)) if b.bps else "-",
                  fmt_msgs(median(b.ips)) if b.ips else "-")
        tables.append(t)

    return head, [targets] + tables


# ---------------------------------------------------------------- outputs

def write_atomic(path, data):
    """Write data (str or bytes) to path through a temporary file and rename."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def emit(text, output):
    if output:
        try:
            write_atomic(output, text)
        except OSError as e:
            raise BadInput("%s: cannot write (%s)" % (output, e.strerror or e))
    else:
        sys.stdout.write(text)


def cmd_summary(a):
    run = load_run(a.run)
    head, tables = build_summary(run, a.tolerance, a.time, a.all, a.alpha)
    if a.markdown:
        text = render_markdown(tables, head, "argolab benchmark summary")
    else:
        text = render_text(tables, ["argolab benchmark summary"] + head)
    emit(text, a.output)
    return 0


# ---------------------------------------------------------------- compare

def build_compare(base, new, alpha, threshold, kind):
    """(head, tables, exit status)."""
    t = Table("median time per benchmark (%s)" % {"auto": "cpu_time, or real_time where the "
                                                  "benchmark is real-timed",
                                                  "cpu": "cpu_time", "real": "real_time"}[kind],
              ["benchmark", "base", "new", "change", "reps", "p", "verdict"], "lrrrrrl")
    failed = []
    counts = {"improved": 0, "regressed": 0, "noise": 0}
    min_p = []
    added, removed, skipped = [], [], []
    for b in base.benches.values():
        n = new.benches.get(b.name)
        if n is None:
            removed.append(b.name)
            continue
        if not b.ok() or not n.ok():
            where = " and ".join(w for w, x in (("base", b), ("new", n)) if not x.ok())
            skipped.append((b.name, where, "; ".join(sorted(set(b.errors + n.errors)))))
            continue
        xb, xn = b.times(kind), n.times(kind)
        mb, mn = median(xb), median(xn)
        change = (mn / mb - 1.0) * 100.0 if mb else 0.0
        reps = "%d/%d" % (len(xb), len(xn))
        if len(xb) < 2 or len(xn) < 2:
            t.add(b.name, fmt_time(mb), fmt_time(mn), fmt_pct(change), reps, "-",
                  "noise (too few repetitions)")
            counts["noise"] += 1
            continue
        _, p, _ = mann_whitney_u(xb, xn)
        min_p.append(smallest_p(len(xb), len(xn)))
        if p < alpha and mn > mb:
            verdict = "regressed"
            if threshold is not None and change > threshold:
                failed.append(b.name)
                verdict = "regressed (over %g%%)" % threshold
        elif p < alpha and mn < mb:
            verdict = "improved"
        else:
            verdict = "noise"
        counts[verdict.split(" ")[0]] += 1
        t.add(b.name, fmt_time(mb), fmt_time(mn), fmt_pct(change), reps, fmt_p(p), verdict)
    for n in new.benches.values():
        if n.name not in base.benches:
            added.append(n.name)

    head = ["base: %s (%s %s)" % (base.path, base.date() or "no date", base.sha()),
            "new:  %s (%s %s)" % (new.path, new.date() or "no date", new.sha()),
            "change = new median / base median - 1 (positive: slower); p: two-sided "
            "Mann-Whitney U over the repetitions; alpha %g" % alpha]
    if min_p and min(min_p) >= alpha:
        head.append("warning: with these repetition counts the smallest possible p is %.3f, "
                    "not below alpha %g: nothing can be significant; run with "
                    "--benchmark_repetitions=9 or more" % (min(min_p), alpha))
    elif any(len(b.cpu) < 9 for b in base.benches.values() if b.ok()):
        head.append("note: fewer than 9 repetitions: the test has little power")
    t.notes.append("%d improved, %d regressed, %d noise" % (
        counts["improved"], counts["regressed"], counts["noise"]))
    if threshold is not None:
        t.notes.append("%d regressed by more than %g%%%s" % (
            len(failed), threshold, (": " + ", ".join(failed)) if failed else ""))
    tables = [t]
    if skipped:
        s = Table("skipped in one run or both", ["benchmark", "skipped in", "message"], "lll")
        for row in skipped:
            s.add(*row)
        tables.append(s)
    if added or removed:
        s = Table("added or removed", ["benchmark", "status"], "ll")
        for name in added:
            s.add(name, "added")
        for name in removed:
            s.add(name, "removed")
        tables.append(s)
    return head, tables, (1 if failed else 0)


def cmd_compare(a):
    if not (0 < a.alpha < 1):
        raise BadInput("--alpha %g: expected a number between 0 and 1" % a.alpha)
    if a.threshold is not None and a.threshold < 0:
        raise BadInput("--threshold %g: expected a percentage >= 0" % a.threshold)
    base = load_run(a.base)
    new = load_run(a.new)
    head, tables, status = build_compare(base, new, a.alpha, a.threshold, a.time)
    if a.markdown:
        text = render_markdown(tables, head, "argolab benchmark comparison")
    else:
        text = render_text(tables, ["argolab benchmark comparison"] + head)
    emit(text, a.output)
    return status


# ---------------------------------------------------------------- report

# Colours safe for colour-blind readers (Okabe-Ito), with dash types and
# point types so that lines stay distinct in greyscale too.
STYLE = {
    "memcpy": ('"black"', 1, 3.0, 0),
    "sendv/model": ('"#0072B2"', 1, 2.0, 7),
    "sendv/xenhost": ('"#D55E00"', 2, 2.0, 5),
    "sendv_consume/model": ('"#009E73"', 1, 2.0, 9),
    "sendv_consume/xenhost": ('"#CC79A7"', 2, 2.0, 11),
    "pipe": ('"#E69F00"', 4, 1.5, 4),
    "seqpacket": ('"#56B4E9"', 5, 1.5, 6),
    "ck_spsc": ('"#777777"', 3, 1.5, 12),
}
PALETTE = ['"#0072B2"', '"#D55E00"', '"#009E73"', '"#CC79A7"', '"#E69F00"', '"#56B4E9"',
           '"#000000"', '"#777777"']
PTS = [7, 5, 9, 11, 13, 4, 6, 12]


def open_pt(pt):
    """The hollow twin of a filled gnuplot point type, for the xenhost series."""
    return pt - 1 if pt in (5, 7, 9, 11, 13) else pt


def find_gnuplot(what="report"):
    """gnuplot's path ($GNUPLOT or gnuplot); Failure naming what needs it."""
    exe = os.environ.get("GNUPLOT", "gnuplot")
    path = shutil.which(exe)
    if path is None:
        raise Failure("%s needs gnuplot, and %s was not found: apt-get install gnuplot-nox"
                      " (or set GNUPLOT to its path)" % (what, exe))
    return path


def png_terminal(gnuplot):
    try:
        out = subprocess.run([gnuplot, "-e", "set terminal"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=60).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError) as e:
        raise Failure("cannot run %s: %s" % (gnuplot, e))
    if re.search(r"^\s*pngcairo\s", out, re.M):
        return "pngcairo"
    if re.search(r"^\s*png\s", out, re.M):
        return "png"
    raise Failure("%s has neither the pngcairo nor the png terminal" % gnuplot)


def gp_str(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


class Figure:
    """A gnuplot figure: data blocks and a plotting body, rendered to PNG and SVG."""

    def __init__(self, name, width, height):
        self.name = name
        self.width = width
        self.height = height
        self.blocks = []
        self.body = []

    def data(self, rows):
        """Inline the rows as a named data block; returns its name."""
        name = "$d%d" % len(self.blocks)
        self.blocks.append("%s << EOD\n%s\nEOD" % (
            name, "\n".join(" ".join(repr(float(v)) if isinstance(v, float) else str(v)
                                     for v in r) for r in rows)))
        return name

    def script(self, terminal, output):
        if terminal == "svg":
            term = "set terminal svg size %d,%d dynamic font 'DejaVu Sans,13' linewidth 1.2" % (
                self.width, self.height)
        elif terminal == "pngcairo":
            term = "set terminal pngcairo size %d,%d font 'DejaVu Sans,13' linewidth 1.2" % (
                self.width, self.height)
        else:
            term = "set terminal png size %d,%d font 'DejaVuSans,11'" % (self.width, self.height)
        return "\n".join([
            "set encoding utf8", term, "set termoption noenhanced",
            "set output %s" % gp_str(output)] + self.blocks + [
            "set grid xtics ytics mxtics mytics lt 1 lc rgb '#c4c4c4' lw 0.8, lt 1 lc rgb '#ececec' lw 0.8",
            "set key box opaque samplen 3 spacing 1.2 font ',11'",
            "set border lw 1.2"] + self.body + ["unset multiplot", "set output"]) + "\n"


def bytes_tics(lo, hi):
    tics = []
    v = 1
    while v <= hi * 1.01:
        if v >= lo / 1.01:
            tics.append('"%s" %d' % (fmt_bytes(v), v))
        v *= 4
    return "set xtics (%s)" % ", ".join(tics)


def run_label(run):
    """'2026-11-21 21:54 UTC, git abc123' for titles."""
    date = run.date()
    key = parse_date(date)
    if key[0]:
        date = key[1][:16].replace("T", " ") + " UTC"
    sha = run.sha()
    return ", ".join(x for x in (date or os.path.basename(run.path),
                                 ("git " + sha) if sha else "") if x)


def placeholder(fig, title, msg):
    fig.body += ["set title %s" % gp_str(title), "unset key", "unset xtics", "unset ytics",
                 "set xrange [0:1]", "set yrange [0:1]",
                 "set label 99 %s at 0.5,0.5 center font ',14'" % gp_str(msg),
                 "plot NaN notitle", "unset label 99", "set xtics", "set ytics", "set key"]


def fig_throughput(run):
    fig = Figure("throughput", 1200, 760)
    fams = ["memcpy", "sendv/model", "sendv/xenhost", "sendv_consume/model",
            "sendv_consume/xenhost"] + list(PEERS)
    series = []
    for fam in fams:
        pts = []
        for b in run.benches.values():
            if b.family == fam and b.ok() and len(b.args) == 1 and isinstance(b.args[0], int):
                v = throughput(b)
                if v:
                    pts.append((b.args[0], v / 1e9))
        if pts:
            series.append((fam, sorted(pts)))
    if not series:
        placeholder(fig, "throughput against payload size (%s)" % run_label(run),
                    "no memcpy, sendv or peer benchmarks in this run")
        return fig
    xs = [x for _, pts in series for x, _ in pts]
    fig.body += [
        "set title %s" % gp_str("throughput against payload size (%s)" % run_label(run)),
        "set logscale xy", "set mxtics default",
        "set xlabel 'payload per message (bytes, log scale)'",
        "set ylabel 'throughput (GB/s = 10^9 bytes/s, log scale)'",
        bytes_tics(min(xs), max(xs)), "set format y '%g'",
        "set xrange [%g:%g]" % (min(xs) / 1.3, max(xs) * 1.3),
        "set key outside right top vertical Left reverse",
        "set rmargin 32"]
    plots = []
    labels = {"memcpy": "memcpy (the limit)", "sendv/model": "sendv, model",
              "sendv/xenhost": "sendv, xenhost (Xen's argo.c)", "sendv_consume/model":
              "sendv + consume, model", "sendv_consume/xenhost": "sendv + consume, xenhost",
              "pipe": "pipe write + read", "seqpacket": "AF_UNIX seqpacket", "ck_spsc":
              "Concurrency Kit SPSC ring"}
    for fam, pts in series:
        color, dt, lw, pt = STYLE[fam]
        d = fig.data(pts)
        plots.append("%s using 1:2 with linespoints lc rgb %s dt %d lw %g pt %d ps 0.9 title %s"
                     % (d, color, dt, lw, pt, gp_str(labels[fam])))
    fig.body.append("plot " + ", \\\n     ".join(plots))
    return fig


def fig_iov(run):
    fig = Figure("iov", 1300, 700)
    series = [s for s in scaling_series(run) if s["family"] == "iov"]
    title = "iov: sendv of one message in NIOV pieces (%s)" % run_label(run)
    if not series:
        placeholder(fig, title, "no iov benchmarks in this run")
        return fig
    # Room at the bottom for one key under both panels, which share styles.
    fig.body.append("set multiplot layout 1,2 title %s margins 0.085,0.98,0.25,0.88 "
                    "spacing 0.09" % gp_str(title))
    totals = sorted(set(s["group"][0] for s in series))
    # By total, then backend: the key fills column by column, one total each.
    series.sort(key=lambda s: (s["group"][0], s["backend"] != "model"))
    plots_abs, plots_rel = [], []
    for s in series:
        i = totals.index(s["group"][0]) % len(PALETTE)
        dt = 1 if s["backend"] == "model" else 2
        label = "%s, %s total" % ("model" if s["backend"] == "model" else "xenhost",
                                  fmt_bytes(s["group"][0]))
        pts = s["points"]
        # Log axis: a zero time (a run too fast to time) cannot be drawn.
        d = fig.data([(x, y) for x, y in pts if y > 0] or [(pts[0][0], float("nan"))])
        pt = PTS[i] if s["backend"] == "model" else open_pt(PTS[i])
        style = "with linespoints lc rgb %s dt %d lw 2 pt %d ps 1" % (PALETTE[i], dt, pt)
        plots_abs.append("%s using 1:2 %s title %s" % (d, style, gp_str(label)))
        y0 = pts[0][1]
        r = fig.data([(x, y - y0) for x, y in pts])
        plots_rel.append("%s using 1:2 %s title %s" % (r, style, gp_str(label)))
    xs = [x for s in series for x, _ in s["points"]]
    common = ["set xrange [%g:%g]" % (min(xs) - 0.3, max(xs) + 0.3), "set xtics 1",
              "set xlabel 'iovecs per message (NIOV)'", "set mxtics 1"]
    fig.body += common + ["set title 'time per sendv'", "set logscale y",
                          "set ylabel 'time (ns, log scale)'",
                          "set key at screen 0.5,0.08 center center vertical maxrows 2 "
                          "Left reverse width 2", "set format y '%g'",
                          "plot " + ", \\\n     ".join(plots_abs)]
    fig.body += ["unset logscale y", "unset key", "set title 'extra time over the fewest iovecs'",
                 "set ylabel 'time - time at NIOV=%d (ns)'" % min(xs),
                 "plot " + ", \\\n     ".join(plots_rel)]
    return fig


def fig_waiters(run):
    series = [s for s in scaling_series(run) if s["family"] != "iov"]
    panels = []
    for fam, title, xlabel in (
            ("notify_waiters", "notify against pending waiters", "pending waiters (W)"),
            ("notify_rings", "notify against rings per domain", "rings per domain (R)"),
            ("notify_wake", "notify waking waiters", "waiters woken (W)"),
            ("sendv_eagain", "sendv returning -EAGAIN", "pending waiters (W)")):
        ss = [s for s in series if s["family"] == fam and len(s["points"]) >= 1]
        if ss or fam in ("notify_waiters", "notify_rings"):
            panels.append((fam, title, xlabel, ss))
    cols = 2
    rows = (len(panels) + 1) // 2
    fig = Figure("waiters", 1300, 520 * rows)
    fig.body.append("set multiplot layout %d,%d title %s margins 0.08,0.98,%g,%g spacing 0.09,%g"
                    % (rows, cols, gp_str(
        "waiter scaling: median time against the count, with least-squares lines (%s)"
        % run_label(run)), 75.0 / fig.height, 1 - 80.0 / fig.height, 140.0 / fig.height))
    for fam, title, xlabel, ss in panels:
        if not ss:
            placeholder(fig, title, "no %s benchmarks in this run" % fam)
            continue
        plots = []
        for k, s in enumerate(ss):
            i = k % len(PALETTE)
            dt = 1 if s["backend"] == "model" else 2
            pts = s["points"]
            label = "model" if s["backend"] == "model" else "xenhost"
            if s["glabel"]:
                label += ", " + s["glabel"]
            if len(pts) >= 2:
                slope, icpt, r2 = linear_fit([float(x) for x, _ in pts], [y for _, y in pts])
                label += " (%s/%s, R²=%.2f)" % (fmt_time(slope), s["unit"], r2)
            pt = PTS[i] if s["backend"] == "model" else open_pt(PTS[i])
            d = fig.data(pts)
            # The key shows marker and line together, as the plot does.
            plots.append("NaN with linespoints lc rgb %s dt %d lw 1.8 pt %d ps 1.1 title %s"
                         % (PALETTE[i], dt, pt, gp_str(label)))
            plots.append("%s using 1:2 with points lc rgb %s pt %d ps 1.1 notitle"
                         % (d, PALETTE[i], pt))
            if len(pts) >= 2:
                f = fig.data([(pts[0][0], icpt + slope * pts[0][0]),
                              (pts[-1][0], icpt + slope * pts[-1][0])])
                plots.append("%s using 1:2 with lines lc rgb %s dt %d lw 1.8 notitle"
                             % (f, PALETTE[i], dt))
        xs = [x for s in ss for x, _ in s["points"]]
        ys = [y for s in ss for _, y in s["points"]]
        fig.body += ["set title %s" % gp_str(title), "set xlabel %s" % gp_str(xlabel),
                     "set ylabel 'time (ns)'", "set key top left Left reverse",
                     "set xrange [%g:%g]" % (min(xs) - 0.5 - 0.02 * max(xs),
                                             max(xs) + 0.5 + 0.02 * max(xs)),
                     "set yrange [0:%g]" % (max(max(ys), 1.0) * 1.35), "set xtics autofreq",
                     "plot " + ", \\\n     ".join(plots)]
    return fig


def page_tics(values):
    tics = []
    for v in values:
        if v == MAX_NR_IO_RANGES + 1:
            continue                     # 257 sits on 256: its tic would overprint
        label = "%d" % v
        for unit, scale in (("Mi", 1 << 20), ("Ki", 1 << 10)):
            if v >= scale and v % scale == 0:
                label = "%d %s" % (v // scale, unit)
                break
        tics.append('"%s" %d' % (label, v))
    return "set xtics (%s)" % ", ".join(tics)


def fig_ioreq_dispatch(run, kind="auto"):
    fig = Figure("ioreq-dispatch", 1200, 720)
    title = "ioreq dispatch: time per guest write (%s)" % run_label(run)
    series = dict((v, []) for v in IOREQ_VARIANTS)
    refused = dict((v, []) for v in IOREQ_VARIANTS)
    for b in run.benches.values():
        if not b.family.startswith("ioreq_dispatch/") or len(b.args) != 1 \
                or not isinstance(b.args[0], int):
            continue
        v = b.family.split("/", 1)[1]
        if v not in series:
            continue
        if b.ok():
            t = median(b.times(kind))
            if t > 0:                    # log axis: a zero time cannot be drawn
                series[v].append((b.args[0], t))
        elif b.refused():
            refused[v].append(b.args[0])
    if not any(series.values()) and not any(refused.values()):
        placeholder(fig, title, "no ioreq_dispatch benchmarks in this run")
        return fig
    xs = sorted(set([x for pts in series.values() for x, _ in pts] +
                    [x for r in refused.values() for x in r]))
    ys = [y for pts in series.values() for _, y in pts] or [10.0, 100.0]
    lo, hi = min(ys), max(ys)
    # The refused runs are a result, so they get a row of their own above the
    # data rather than a gap in the line.
    row = hi * 2.0
    fig.body += [
        "set title %s" % gp_str(title), "set logscale xy", "set mxtics default",
        "set xlabel 'tracked pages (log scale)'",
        "set ylabel 'ns per dispatch (log scale)'", page_tics(xs), "set format y '%g'",
        # 1-2-5 tics: a decade or two of range gets more than its powers of ten.
        "set ytics (%s)" % ", ".join(
            "%g" % (m * 10 ** k) for k in range(-1, 10) for m in (1, 2, 5)
            if lo / 1.4 <= m * 10 ** k <= row * 1.9),
        "set xrange [%g:%g]" % (min(xs) / 1.6, max(xs) * 1.6),
        "set yrange [%g:%g]" % (lo / 1.4, row * 1.9),
        # The key beside the plot at a fixed place: gnuplot's own outside
        # placement overlaps the right border with these key labels.
        "set rmargin at screen 0.7", "set key at screen 0.715,0.915 left top vertical Left reverse"]
    style = {"rangeset": (PALETTE[1], 1, PTS[1]), "p2m_type": (PALETTE[0], 1, PTS[0]),
             "rangeset_contiguous": (PALETTE[1], 2, open_pt(PTS[1])),
             "p2m_type_contiguous": (PALETTE[0], 2, open_pt(PTS[0]))}
    labels = {"rangeset": "rangeset, scattered", "p2m_type": "p2m type, scattered",
              "rangeset_contiguous": "rangeset, contiguous",
              "p2m_type_contiguous": "p2m type, contiguous"}
    plots = []
    for v in IOREQ_VARIANTS:
        color, dt, pt = style[v]
        if series[v]:
            plots.append("%s using 1:2 with linespoints lc rgb %s dt %d lw 2 pt %d ps 1.1 "
                         "title %s" % (fig.data(sorted(series[v])), color, dt, pt,
                                       gp_str(labels[v])))
    refused_at = sorted(x for r in refused.values() for x in r)
    if refused_at:
        fig.body += [
            "set arrow 1 from %d,%g to %d,%g nohead dt 3 lw 1.2 lc rgb '#777777'"
            % (MAX_NR_IO_RANGES, lo / 1.4, MAX_NR_IO_RANGES, row * 1.9),
            "set label 1 %s at %g,%g left offset 0,1.1"
            % (gp_str("refused: MAX_NR_IO_RANGES = %d" % MAX_NR_IO_RANGES),
               refused_at[0], row)]
        for v in IOREQ_VARIANTS:
            if refused[v]:
                plots.append("%s using 1:(%g) with points lc rgb %s pt 2 ps 1.8 lw 2 title %s"
                             % (fig.data([(x,) for x in sorted(refused[v])]), row,
                                style[v][0], gp_str("%s: refused" % labels[v])))
    fig.body.append("plot " + ", \\\n     ".join(plots))
    if refused_at:
        fig.body += ["unset arrow 1", "unset label 1"]
    return fig


# bench/ioeventfd.c with ARGOLAB_IOEVENTFD_SAMPLES=<dir>: the latency samples
# of the last repetition of each path, drawn by ioeventfd_plot.py.
IOEVENTFD_PLOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ioeventfd_plot.py")
IOEVENTFD_MODES = ("direct", "relay")


def samples_dir_of(run):
    """Where argolab bench keeps a run's latency samples: beside its JSON."""
    base = run.path[:-5] if run.path.endswith(".json") else run.path
    return base + ".ioeventfd"


def read_latency_samples(path):
    """(count, p50, p99) of one samples file, quantiles as ioeventfd_plot.py takes them."""
    values = []
    try:
        with open(path, "rb") as f:
            for i, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                if not line.isdigit():
                    raise BadInput("%s: line %d is %r; expected one latency in ns (a whole "
                                   "number) per line" % (path, i, line.decode("utf-8", "replace")))
                values.append(int(line))
    except OSError as e:
        raise BadInput("%s: cannot read (%s)" % (path, e.strerror or e))
    if not values:
        raise BadInput("%s: no samples; expected one latency in ns per line" % path)
    values.sort()
    n = len(values)
    return n, values[int(0.50 * (n - 1))], values[int(0.99 * (n - 1))]


def ioeventfd_samples(samples_dir):
    """({mode: (count, p50, p99)}, None) when both files are there, else (None, why not)."""
    how = ("argolab bench keeps them beside the run's JSON, as <run>.ioeventfd/; "
           "argolab-bench writes them with ARGOLAB_IOEVENTFD_SAMPLES=<dir>")
    if not os.path.isdir(samples_dir):
        return None, "no latency samples for this run: %s does not exist (%s)" % (
            samples_dir, how)
    files = dict((m, os.path.join(samples_dir, "ioeventfd-%s.tsv" % m))
                 for m in IOEVENTFD_MODES)
    absent = [os.path.basename(f) for f in files.values() if not os.path.isfile(f)]
    if absent:
        return None, "no latency figure for this run: %s lacks %s (did the run include " \
            "ioeventfd_latency/direct and /relay?)" % (samples_dir, " and ".join(absent))
    return dict((m, read_latency_samples(f)) for m, f in files.items()), None


def render_ioeventfd_latency(samples_dir, gnuplot, stage):
    env = dict(os.environ, GNUPLOT=gnuplot)
    try:
        res = subprocess.run([sys.executable, IOEVENTFD_PLOT, samples_dir, "--out", stage],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             timeout=600)
    except (OSError, subprocess.SubprocessError) as e:
        raise Failure("%s failed: %s" % (IOEVENTFD_PLOT, e))
    for ext in ("png", "svg"):
        out = os.path.join(stage, "ioeventfd-latency.%s" % ext)
        if res.returncode != 0 or not os.path.exists(out) or os.path.getsize(out) == 0:
            raise Failure("%s %s failed (exit %d): %s" % (
                IOEVENTFD_PLOT, samples_dir, res.returncode,
                res.stderr.decode("utf-8", "replace").strip()))


def history_points(runs):
    pts = []
    for i, run in enumerate(runs):
        r4 = ratio(throughput(run.get("sendv/model/4096")), throughput(run.get("memcpy/4096")))
        r64 = ratio(throughput(run.get("sendv/model/65536")), throughput(run.get("memcpy/65536")))
        m16 = msg_rate(run.get("sendv_consume/model/16"))
        pipe = msg_rate(run.get("pipe/16"))
        pts.append((i, r4, r64, m16, ratio(m16, pipe)))
    return pts


def fig_history(runs):
    fig = Figure("history", 1300, 1150)
    n = len(runs)
    step = max(1, (n + 9) // 10)
    labels = []
    for i, run in enumerate(runs):
        if i % step == 0 or i == n - 1:
            key = parse_date(run.date())
            date = key[1][:16].replace("T", " ") if key[0] else (run.date()[:16] or
                                                                 os.path.basename(run.path))
            labels.append('"%s\\n%s" %d' % (date, (run.sha() or "")[:10], i))
    # Fixed margins, so that the panels' x axes line up whatever their labels.
    fig.body += [
        "set multiplot layout 3,1 title %s margins 0.08,0.70,0.06,0.92 spacing 0.1,0.1"
        % gp_str("history over %d run%s, oldest first (run date UTC and git sha)"
                 % (n, "" if n == 1 else "s")),
        "set xrange [-0.5:%g]" % (n - 0.5), "set xtics (%s)" % ", ".join(labels),
        "set xtics font ',10'", "unset mxtics", "set key outside right top Left reverse"]
    pts = history_points(runs)

    def series(col):
        return [(p[0], p[col]) for p in pts if p[col] is not None]

    def panel(title, ylabel, lines, targets, ymin_top):
        plots = []
        ys = list(ymin_top)
        for col, label, k, scale in lines:
            s = [(x, y / scale) for x, y in series(col)]
            ys += [y for _, y in s]
            if s:
                d = fig.data(s)
                plots.append("%s using 1:2 with linespoints lc rgb %s lw 2 pt %d ps 1.4 title %s"
                             % (d, PALETTE[k], PTS[k], gp_str(label)))
            else:
                plots.append("NaN with linespoints lc rgb %s lw 2 pt %d title %s"
                             % (PALETTE[k], PTS[k], gp_str(label + " (no data)")))
        for value, label, k in targets:
            plots.append("%g with lines lc rgb %s dt 2 lw 1.5 title %s"
                         % (value, PALETTE[k], gp_str(label)))
        fig.body.extend(["set title %s" % gp_str(title), "set ylabel %s" % gp_str(ylabel),
                         "set yrange [0:%g]" % (max(max(ys), 1e-9) * 1.15),
                         "plot " + ", \\\n     ".join(plots)])

    panel("sendv throughput as a fraction of memcpy of the same payload",
          "sendv / memcpy throughput",
          [(1, "sendv/model/4096 / memcpy/4096", 0, 1.0),
           (2, "sendv/model/65536 / memcpy/65536", 1, 1.0)],
          [(TARGET_RATIO[1][1], "target %.2f at 4 KiB" % TARGET_RATIO[1][1], 0),
           (TARGET_RATIO[0][1], "target %.2f at 64 KiB" % TARGET_RATIO[0][1], 1)], [1.0])
    panel("16-byte messages sent and consumed per second (model)",
          "messages/s (millions)",
          [(3, "sendv_consume/model/16", 2, 1e6)],
          [(TARGET_CONSUME_MSGS / 1e6, "target %g M msg/s" % (TARGET_CONSUME_MSGS / 1e6), 2)],
          [TARGET_CONSUME_MSGS / 1e6])
    panel("16-byte send + consume against a pipe write + read",
          "model / pipe (messages/s)",
          [(4, "sendv_consume/model/16 / pipe/16", 3, 1.0)],
          [(TARGET_CONSUME_PIPE, "target %gx" % TARGET_CONSUME_PIPE, 3)], [TARGET_CONSUME_PIPE])
    return fig


def render_figure(fig, gnuplot, png_term, stage):
    for term, ext in ((png_term, "png"), ("svg", "svg")):
        out = os.path.join(stage, "%s.%s" % (fig.name, ext))
        script = os.path.join(stage, "%s.%s.gp" % (fig.name, ext))
        with open(script, "w", encoding="utf-8") as f:
            f.write(fig.script(term, out))
        try:
            res = subprocess.run([gnuplot, script], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, timeout=300)
        except (OSError, subprocess.SubprocessError) as e:
            raise Failure("gnuplot failed on %s.%s: %s" % (fig.name, ext, e))
        err = res.stderr.decode("utf-8", "replace").strip()
        if res.returncode != 0 or not os.path.exists(out) or os.path.getsize(out) == 0:
            raise Failure("gnuplot failed on %s.%s (exit %d): %s" % (fig.name, ext,
                                                                   res.returncode, err))
        os.unlink(script)


HTML_STYLE = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto;
       max-width: 1320px; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
th { background: #f2f2f2; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
td.l, th.l { text-align: left; }
td.st-ok { color: #0a6b2a; font-weight: bold; }
td.st-short { color: #b00020; font-weight: bold; }
td.st-na { color: #777; }
p.note { color: #555; font-size: 0.9em; margin: 0.2em 0; }
p.head { margin: 0.1em 0; }
figure { margin: 1em 0 2em 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { color: #444; font-size: 0.92em; }
code { background: #f4f4f4; padding: 0 0.2em; }
details { margin: 1em 0; }
"""

FIGURES = (
    ("throughput", "Throughput against payload size: sendv on the model and on xenhost (Xen's "
                   "own argo.c) against memcpy of the same bytes, and sendv + consume against "
                   "the peers on this host (pipe, AF_UNIX seqpacket, Concurrency Kit ring)."),
    ("iov", "sendv of one message split into NIOV iovecs, for each total size: time, and "
            "the extra time over the fewest iovecs (model solid, xenhost dashed)."),
    ("waiters", "Notify and -EAGAIN costs against the number of pending waiters or rings, "
                "with least-squares lines (model solid, xenhost dashed)."),
    ("ioreq-dispatch", "ioreq dispatch: ns per guest write against the number of tracked "
                       "pages, through an ioreq server's rangeset or through the p2m type "
                       "p2m_ioreq_server (scattered pages solid, contiguous dashed). Crosses "
                       "in the top row: the rangeset refused the pages (one range per "
                       "scattered page, at most MAX_NR_IO_RANGES = 256), not missing data."),
    ("ioeventfd-latency", "privcmd ioeventfd: one-way notification latency, direct against "
                          "through a relay, as CDFs of every notification of the last "
                          "repetition of each (p50 and p99 marked, relay/direct ratios in the "
                          "title); the summary's table gives the medians over repetitions."),
    ("history", "The targets across every run, oldest first."),
)


def context_rows(ctx):
    rows = []
    for k in sorted(ctx):
        v = ctx[k]
        if k == "caches" and isinstance(v, list):
            parts = []
            for c in v:
                if isinstance(c, dict):
                    parts.append("L%s %s %s (shared by %s)" % (
                        c.get("level", "?"), str(c.get("type", "")).lower(),
                        fmt_bytes(c.get("size")) if isinstance(c.get("size"), int)
                        else c.get("size"), c.get("num_sharing", "?")))
            v = ", ".join(parts)
        elif isinstance(v, (list, dict, bool)) or v is None:
            v = json.dumps(v)
        rows.append((k, str(v)))
    return rows


def build_index(newest, runs, head, tables, out_dir, notes=None):
    """notes: figure name -> a line added to its caption, or, when the
    figure could not be drawn, said in its place."""
    notes = notes or {}
    e = html.escape
    title = "argolab benchmarks: %s" % run_label(newest)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>%s</title>" % e(title), "<style>%s</style></head><body>" % HTML_STYLE,
             "<h1>%s</h1>" % e(title)]
    for h in head:
        parts.append('<p class="head">%s</p>' % e(h))
    targets, rest = tables[0], tables[1:]
    parts.append(render_html_tables([targets]))
    for name, caption in FIGURES:
        note, drawn = notes.get(name, ("", True))
        if not drawn:
            parts.append('<figure><p class="note"><strong>%s</strong>: %s</p>'
                         '<figcaption>%s</figcaption></figure>' % (e(name), e(note), e(caption)))
            continue
        parts.append('<figure><a href="%s.svg"><img src="%s.png" alt="%s"></a>'
                     '<figcaption>%s%s (<a href="%s.svg">SVG</a>)</figcaption></figure>'
                     % (name, name, e(name), e(caption), e(" " + note if note else ""), name))
    everything = [t for t in rest if t.title == "every benchmark"]
    parts.append(render_html_tables([t for t in rest if t.title != "every benchmark"]))
    parts.append("<h2>machine and run context</h2><table>")
    for k, v in context_rows(newest.context):
        parts.append('<tr><th class="l">%s</th><td class="l">%s</td></tr>' % (e(k), e(v)))
    parts.append("</table>")
    if everything:
        parts.append("<details><summary>every benchmark of this run</summary>%s</details>"
                     % render_html_tables(everything))
    parts.append("<h2>runs</h2><table><tr><th class=\"l\">date</th><th class=\"l\">git</th>"
                 "<th class=\"l\">JSON</th></tr>")
    for run in reversed(runs):
        href = os.path.relpath(os.path.abspath(run.path), os.path.abspath(out_dir))
        parts.append('<tr><td class="l">%s</td><td class="l">%s</td>'
                     '<td class="l"><a href="%s">%s</a></td></tr>'
                     % (e(run.date()), e(run.sha()), e(href.replace(os.sep, "/")),
                        e(os.path.basename(run.path))))
    parts.append("</table>")
    parts.append('<p class="note">summary as Markdown: <a href="summary.md">summary.md</a></p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def load_runs(runs_dir):
    if not os.path.isdir(runs_dir):
        raise BadInput("%s: not a directory; expected the benchmark runs (*.json)" % runs_dir)
    names = sorted(n for n in os.listdir(runs_dir) if n.endswith(".json"))
    if not names:
        raise BadInput("%s: no runs (*.json files of Google Benchmark output)" % runs_dir)
    runs = [load_run(os.path.join(runs_dir, n)) for n in names]
    runs.sort(key=Run.sort_key)
    return runs


def cmd_report(a):
    gnuplot = find_gnuplot()
    runs = load_runs(a.runs)
    newest = runs[-1]
    png_term = png_terminal(gnuplot)
    out_dir = a.out
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise BadInput("%s: cannot create the output directory (%s)" % (out_dir, e.strerror or e))
    # Read before anything is drawn: malformed samples are bad input (exit 2);
    # absent ones are only said in the report, as a run may not include them.
    samples_dir = a.ioeventfd_samples or samples_dir_of(newest)
    samples, absent = ioeventfd_samples(samples_dir)
    notes = {}
    if samples:
        d, r = samples["direct"], samples["relay"]
        notes["ioeventfd-latency"] = (
            "Samples from %s: direct %d notifications, p50 %s, p99 %s; relay %d, p50 %s, "
            "p99 %s." % (samples_dir, d[0], fmt_time(d[1]), fmt_time(d[2]), r[0],
                         fmt_time(r[1]), fmt_time(r[2])), True)
    else:
        notes["ioeventfd-latency"] = (absent, False)
    stage = tempfile.mkdtemp(prefix=".report-", dir=out_dir)
    try:
        for fig in (fig_throughput(newest), fig_iov(newest), fig_waiters(newest),
                    fig_ioreq_dispatch(newest, a.time), fig_history(runs)):
            render_figure(fig, gnuplot, png_term, stage)
        if samples:
            render_ioeventfd_latency(samples_dir, gnuplot, stage)
        head, tables = build_summary(newest, a.tolerance, a.time, show_all=True)
        md_tables = [t for t in tables if t.title != "every benchmark"]
        md = render_markdown(md_tables, head, "argolab benchmark summary")
        figs = []
        for name, caption in FIGURES:
            note, drawn = notes.get(name, ("", True))
            if drawn:
                figs.append("![%s](%s.png)\n\n%s%s\n" % (name, name, caption,
                                                          " " + note if note else ""))
            else:
                figs.append("**%s**: %s\n\n%s\n" % (name, note, caption))
        md += "\n## figures\n\n" + "\n".join(figs)
        with open(os.path.join(stage, "summary.md"), "w", encoding="utf-8") as f:
            f.write(md)
        with open(os.path.join(stage, "index.html"), "w", encoding="utf-8") as f:
            f.write(build_index(newest, runs, head, tables, out_dir, notes))
        # Everything rendered: only now replace the previous report, file by file.
        produced = sorted(os.listdir(stage))
        for name in produced:
            os.chmod(os.path.join(stage, name), 0o644)
            os.replace(os.path.join(stage, name), os.path.join(out_dir, name))
        # A latency figure left from an earlier report would show another
        # run's samples beside this run's numbers.
        for name in ("ioeventfd-latency.png", "ioeventfd-latency.svg"):
            if name not in produced and os.path.exists(os.path.join(out_dir, name)):
                os.unlink(os.path.join(out_dir, name))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    sys.stdout.write("report of %s (%d run%s) in %s: %s\n" % (
        os.path.basename(newest.path), len(runs), "" if len(runs) == 1 else "s", out_dir,
        ", ".join(produced)))
    return 0


# ---------------------------------------------------------------- main

class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("%s: %s\n" % (PROG, message))
        sys.exit(2)


def main(argv=None):
    p = Parser(prog="benchtool.py", description=__doc__.split("\n\n", 1)[0],
               epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", metavar="{summary,compare,report}")
    sub.required = True
    timing = dict(choices=("auto", "cpu", "real"), default="auto",
                  help="which time to use: cpu_time, real_time, or auto (cpu_time unless "
                       "the benchmark is named .../real_time or .../manual_time)")

    s = sub.add_parser("summary", help="tables and targets of one run",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("run", metavar="RUN.json")
    s.add_argument("--markdown", action="store_true", help="print Markdown")
    s.add_argument("--all", action="store_true", help="add every benchmark's median time")
    s.add_argument("--tolerance", type=float, default=0.0, metavar="PCT",
                   help="how many percent slower than xenhost the model may be before the "
                        "target counts it (default 0)")
    s.add_argument("--alpha", type=float, default=0.05,
                   help="a slower model counts only when the U test gives p below this "
                        "(default 0.05)")
    s.add_argument("--time", **timing)
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    s.set_defaults(fn=cmd_summary)

    c = sub.add_parser("compare", help="two runs, benchmark by benchmark, with a U test")
    c.add_argument("base", metavar="BASE.json")
    c.add_argument("new", metavar="NEW.json")
    c.add_argument("--threshold", type=float, default=None, metavar="PCT",
                   help="exit 1 when a benchmark regressed (p < alpha) by more than PCT "
                        "percent (default: never exit 1)")
    c.add_argument("--alpha", type=float, default=0.05,
                   help="significance level of the two-sided test (default 0.05)")
    c.add_argument("--markdown", action="store_true", help="print Markdown")
    c.add_argument("--time", **timing)
    c.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    c.set_defaults(fn=cmd_compare)

    r = sub.add_parser("report", help="figures, index.html and summary.md")
    r.add_argument("--runs", default=os.path.join(REPO, "reports", "runs"), metavar="DIR",
                   help="the runs (*.json; default reports/runs)")
    r.add_argument("--out", default=os.path.join(REPO, "reports", "latest"), metavar="DIR",
                   help="where to write (default reports/latest)")
    r.add_argument("--tolerance", type=float, default=0.0, metavar="PCT",
                   help="as for summary")
    r.add_argument("--ioeventfd-samples", metavar="DIR", default=None,
                   help="the newest run's ioeventfd latency samples (default: beside its "
                        "JSON, <run>.ioeventfd/)")
    r.add_argument("--time", **timing)
    r.set_defaults(fn=cmd_report)

    a = p.parse_args(argv)
    try:
        return a.fn(a)
    except BadInput as e:
        sys.stderr.write("%s: %s\n" % (PROG, e))
        return 2
    except Failure as e:
        sys.stderr.write("%s: %s\n" % (PROG, e))
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
