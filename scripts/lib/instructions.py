#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Description: instructions per operation of the benchmark scenarios under
# callgrind, and the regression gate against reports/baseline/instructions.json.
"""Count instructions per operation with callgrind, and gate on them.

Timings on a shared machine wander by tens of percent; the instructions a
scenario executes per operation do not move unless the code does. Each
scenario of argolab-instructions (bench/instructions/) runs COUNT operations
under `valgrind --tool=callgrind --toggle-collect=instructions_measured`, so
set-up is never counted, and the total is divided by COUNT.

  instructions.py measure --binary B --build STR [--out FILE] [--filter RE]
      count every scenario (or those matching RE), print a table with the
      model/xenhost ratio, and write the JSON to FILE
  instructions.py check --binary B --build STR --baseline FILE [--tolerance PCT]
      count the baseline's scenarios and compare: exit 1 when one costs more
      than PCT percent (default 2) above its baseline, 77 when the baseline
      was recorded with another compiler or build type (counts are only
      comparable for the same code generation), 2 on bad input
  instructions.py update --binary B --build STR --baseline FILE
      count and write FILE (atomically)

STR names the code generation, e.g. "GNU 12.2.0 RelWithDebInfo".
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

COUNT = 200
DEFAULT_TOLERANCE = 2.0


def die(msg, status=2):
    print(f"argolab: instructions: {msg}", file=sys.stderr)
    sys.exit(status)


def valgrind_version():
    try:
        out = subprocess.run(["valgrind", "--version"], capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out


def scenarios(binary):
    try:
        out = subprocess.run([binary, "--list"], capture_output=True, text=True,
                             check=True).stdout
    except OSError as e:
        die(f"{binary}: cannot run: {e.strerror}")
    except subprocess.CalledProcessError as e:
        die(f"{binary} --list: exit {e.returncode}: {e.stderr.strip()}")
    return [line for line in out.splitlines() if line]


def count_one(binary, scenario, count):
    """Instructions per operation of one scenario (float)."""
    with tempfile.TemporaryDirectory(prefix="argolab-cg-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--toggle-collect=instructions_measured",
             f"--callgrind-out-file={out}", binary, scenario, str(count)],
            capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{scenario}: exit {proc.returncode}: "
                               + proc.stderr.strip().splitlines()[-1:][0]
                               if proc.stderr.strip() else f"{scenario}: exit {proc.returncode}")
        total = None
        with open(out, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"(?:totals|summary):\s+(\d+)", line)
                if m:
                    total = int(m.group(1))
        if total is None:
            raise RuntimeError(f"{scenario}: no totals in callgrind's output")
        return total / count


def measure(binary, names, count=COUNT):
    jobs = max(1, os.cpu_count() or 1)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(count_one, binary, n, count): n for n in names}
        for fut in concurrent.futures.as_completed(futures):
            name = futures[fut]
            try:
                results[name] = round(fut.result(), 1)
            except RuntimeError as e:
                die(f"callgrind run failed: {e}", 1)
            print(f"  counted {name}", file=sys.stderr)
    return {n: results[n] for n in sorted(results)}


def print_table(counts, baseline=None):
    work = sorted({n.split("/", 1)[1] for n in counts})
    head = f"{'scenario':<24} {'model':>12} {'xenhost':>12} {'xen/model':>10}"
    if baseline:
        head += f" {'model base':>12} {'change':>8}"
    print(head)
    for w in work:
        m = counts.get(f"model/{w}")
        x = counts.get(f"xenhost/{w}")
        row = f"{w:<24} {m if m is not None else '-':>12} {x if x is not None else '-':>12}"
        row += f" {x / m:>10.2f}" if m and x else f" {'-':>10}"
        if baseline:
            b = baseline.get(f"model/{w}")
            row += f" {b if b is not None else '-':>12}"
            row += f" {(m - b) / b * 100:>+7.2f}%" if m and b else f" {'-':>8}"
        print(row)
    print("(instructions per operation; xen/model > 1: Xen's argo.c executes more)")


def write_atomic(path, data):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".instructions-", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, sort_keys=True)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_baseline(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        die(f"{path}: no such baseline (make one with "
            "`scripts/argolab bench --instructions --update-baseline`)")
    except json.JSONDecodeError as e:
        die(f"{path}:{e.lineno}: not JSON: {e.msg}")
    if (not isinstance(data, dict) or not isinstance(data.get("instructions_per_op"), dict)
            or not isinstance(data.get("build"), str)):
        die(f"{path}: expected an object with \"build\" (a string) and "
            "\"instructions_per_op\" (scenario -> number)")
    for k, v in data["instructions_per_op"].items():
        if not isinstance(v, (int, float)) or v <= 0:
            die(f"{path}: instructions_per_op[\"{k}\"]: expected a positive number")
    return data


def need_tools(binary):
    if not shutil.which("valgrind"):
        print("argolab: instructions: valgrind is not installed "
              "(apt-get install valgrind): not counted", file=sys.stderr)
        sys.exit(77)
    if not os.access(binary, os.X_OK):
        die(f"{binary}: not an executable (build argolab-instructions first)")


def main(argv):
    ap = argparse.ArgumentParser(prog="instructions.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["measure", "check", "update"])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--out")
    ap.add_argument("--filter")
    ap.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = ap.parse_args(argv)
    # A bare name would be looked up on PATH, not in the current directory.
    args.binary = os.path.abspath(args.binary)
    if args.tolerance < 0:
        die("--tolerance must not be negative")
    need_tools(args.binary)
    names = scenarios(args.binary)

    if args.command == "measure":
        if args.filter:
            try:
                rx = re.compile(args.filter)
            except re.error as e:
                die(f"--filter '{args.filter}': not a regular expression: {e}")
            names = [n for n in names if rx.search(n)]
            if not names:
                die(f"--filter '{args.filter}' matches no scenario")
        counts = measure(args.binary, names)
        print_table(counts)
        if args.out:
            write_atomic(args.out, {"build": args.build, "valgrind": valgrind_version(),
                                    "count": COUNT, "instructions_per_op": counts})
        return 0

    if not args.baseline:
        die(f"{args.command} needs --baseline FILE")
    if args.command == "update":
        counts = measure(args.binary, names)
        print_table(counts)
        write_atomic(args.baseline, {"build": args.build, "valgrind": valgrind_version(),
                                     "count": COUNT, "instructions_per_op": counts})
        print(f"argolab: instructions: baseline written to {args.baseline}", file=sys.stderr)
        return 0

    base = load_baseline(args.baseline)
    if base["build"] != args.build:
        print(f"argolab: instructions: {args.baseline} was recorded for "
              f"\"{base['build']}\", this build is \"{args.build}\": instruction "
              "counts are only comparable for the same code generation; not compared",
              file=sys.stderr)
        return 77
    missing = sorted(set(base["instructions_per_op"]) - set(names))
    if missing:
        die(f"{args.baseline}: scenarios this binary does not have: {', '.join(missing)} "
            "(renamed or removed? update the baseline)", 1)
    counts = measure(args.binary, sorted(base["instructions_per_op"]))
    print_table(counts, base["instructions_per_op"])
    worse, better = [], []
    for name, now in counts.items():
        was = base["instructions_per_op"][name]
        change = (now - was) / was * 100
        if change > args.tolerance:
            worse.append(f"{name}: {was} -> {now} instructions/op ({change:+.2f}%)")
        elif change < -args.tolerance:
            better.append(f"{name}: {was} -> {now} ({change:+.2f}%)")
    for b in better:
        print(f"argolab: instructions: improved beyond {args.tolerance}%: {b}", file=sys.stderr)
    if better and not worse:
        print("argolab: instructions: record the improvement with "
              "`scripts/argolab bench --instructions --update-baseline`", file=sys.stderr)
    if worse:
        for w in worse:
            print(f"argolab: instructions: REGRESSED beyond {args.tolerance}%: {w}",
                  file=sys.stderr)
        return 1
    print(f"argolab: instructions: {len(counts)} scenarios within {args.tolerance}% "
          "of the baseline", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
