"""Shared command line and result protocol for the in-process hosts.

Every host is started as its own subprocess by bench/run.py (so that peak RSS
can be measured per run) and is invoked as

    python3 HOST.py --mode run|compile|instantiate --wasm FILE --result OUT.json
                    [--dir HOST::GUEST ...] [--stdout FILE] [--repeat N]
                    [host specific options] [-- guest args...]

The guest sees argv = [basename(FILE)] + guest args. Unless --stdout is given,
the guest's stdout/stderr are the host process's fd 1 / fd 2 (run.py redirects
those to files and compares them with the expected output). The host itself
never prints to stdout; it reports in OUT.json:

    ok            bool, false if anything failed (then "error" says what)
    error         str or null
    exit_code     WASI exit code (0 if _start returned normally)
    wasm_bytes    size of the module
    compile_ns    time of module creation (validation + compilation)
                  with --mode compile: list of --repeat timings
    instantiate_ns  time of linking (WASI + bench imports) + instantiation
                  with --mode instantiate: list of --repeat timings
    run_ns        time of the call of _start
    bench_ns      sum of the bench.start -> bench.end regions
    bench_regions number of completed regions
"""
import argparse
import json
import os
import sys
import time
import traceback


def parse_args(extra=None):
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["run", "compile", "instantiate"], default="run")
    p.add_argument("--wasm", required=True)
    p.add_argument("--result", required=True)
    p.add_argument("--dir", action="append", default=[],
                   help="HOST[::GUEST] directory to preopen (GUEST defaults to HOST)")
    p.add_argument("--stdout", default=None, help="write the guest's stdout to this file")
    p.add_argument("--repeat", type=int, default=1,
                   help="compile/instantiate modes: repetitions inside this process")
    if extra:
        extra(p)
    p.add_argument("args", nargs="*")
    return p.parse_args()


def split_dir(spec):
    if "::" in spec:
        h, g = spec.split("::", 1)
        return h, g
    return spec, spec


class BenchClock:
    """bench.start / bench.end: sums the measured regions."""

    def __init__(self):
        self.t0 = None
        self.total = 0
        self.regions = 0

    def start(self):
        self.t0 = time.perf_counter_ns()

    def end(self):
        t = time.perf_counter_ns()
        if self.t0 is not None:
            self.total += t - self.t0
            self.regions += 1
            self.t0 = None


def new_result(wasm):
    return {"ok": False, "error": None, "exit_code": None,
            "wasm_bytes": os.path.getsize(wasm) if os.path.exists(wasm) else None,
            "compile_ns": None, "instantiate_ns": None, "run_ns": None,
            "bench_ns": None, "bench_regions": 0}


def write_result(path, res):
    tmp = path + ".part"
    with open(tmp, "w") as f:
        json.dump(res, f)
    os.replace(tmp, path)


def main_wrapper(args, res, body):
    try:
        body()
    except SystemExit:
        raise
    except BaseException as e:  # report, never crash without a result
        res["ok"] = False
        res["error"] = "%s: %s" % (type(e).__name__, e)
        res["traceback"] = traceback.format_exc()
    finally:
        try:
            sys.stdout.flush()
        except Exception:
            pass
        write_result(args.result, res)
