#!/usr/bin/env python3
"""A/B of two or more swasm command-line builds on our own C programs.

    python3 bench/ab.py OLD_SWASM NEW_SWASM [--copies 3] [--rounds 2] [--only int_hash,calls] [--small]

Identical binaries read from different files can differ by several percent
(the file's place in memory changes how its code shares the caches), so a
single copy of each build cannot show a change of a few percent. Each build
is copied --copies times; each copy runs every program once unmeasured, then
--rounds times, interleaved with the other builds, and keeps its fastest wall
time; a build's figure is the median over its copies. Programs come from
`bench/run.py`'s cache (run it once first). Timings only report; nothing
passes or fails.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import OWN_PROGRAMS, BUILD_DIR  # noqa: E402


def wall_ms(cmd):
    """Wall time of one run of `cmd` in ms (stdout discarded), or None if it failed."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000 if done.returncode == 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("builds", nargs="+", help="swasm executables to compare")
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--engine", default="interpreter")
    ap.add_argument("--only", default="", help="comma-separated program names")
    ap.add_argument("--small", action="store_true", help="the --small sizes")
    opts = ap.parse_args()
    names = [n for n in OWN_PROGRAMS if not opts.only or n in opts.only.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        copies = {}
        for b, build in enumerate(opts.builds):
            copies[build] = []
            for c in range(opts.copies):
                path = os.path.join(tmp, "swasm-%d-%d" % (b, c))
                shutil.copy2(build, path)
                copies[build].append(path)
        print("| program | " + " | ".join(os.path.basename(os.path.dirname(b)) + "/" + os.path.basename(b)
                                         for b in opts.builds) + " |")
        print("|---" * (len(opts.builds) + 1) + "|")
        for name in names:
            wasm = sorted(glob.glob(os.path.join(BUILD_DIR, name + "-*.noimp.wasm")), key=os.path.getmtime)
            if not wasm:
                print("| %s | not built: run bench/run.py first |" % name)
                continue
            args = OWN_PROGRAMS[name][2 if opts.small else 1]
            best = {path: None for paths in copies.values() for path in paths}
            for path in best:  # a first run of each copy, not counted: it warms caches and the CPU's clock
                wall_ms([path, "run", "--engine", opts.engine, wasm[-1]] + args)
            for _ in range(opts.rounds):
                for path in best:
                    t = wall_ms([path, "run", "--engine", opts.engine, wasm[-1]] + args)
                    if t is not None and (best[path] is None or t < best[path]):
                        best[path] = t
            cells = []
            for build in opts.builds:
                times = [best[p] for p in copies[build] if best[p] is not None]
                cells.append("%.0f (%s)" % (statistics.median(times), " ".join("%.0f" % t for t in times)) if times else "failed")
            print("| %s | %s |" % (name, " | ".join(cells)), flush=True)


if __name__ == "__main__":
    main()
