#!/usr/bin/env python3
"""Decode + validate (and compile) time of a large generated module.

Writes a module of about SIZE MB (default 10) of ordinary code: many
functions with locals, arithmetic, loads and stores, nested blocks and
loops, branches, direct calls to earlier functions and calls through a
table. Then times, best of --runs:

    swasm validate                       decode + validate
    swasm compile --engine interpreter   decode + validate + interpreter code
    swasm compile --engine compiler      decode + validate + machine code
    wasmtime (pip) Module(...)           for comparison, when installed

Usage: python3 bench/large_module.py [--size MB] [--runs N] [--swasm PATH] [--keep FILE]
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def uleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def section(sid, content):
    return bytes([sid]) + uleb(len(content)) + content


def body(rng, index):
    """One function (i32, i32) -> i32 with 4 i32 locals and 2 f64 locals."""
    code = bytearray()
    for _ in range(rng.randint(6, 40)):
        k = rng.randrange(7)
        if k == 0:  # local = (local op const) op local
            code += bytes([0x20, rng.randrange(6), 0x41]) + sleb(rng.randint(-1000, 1000))
            code += bytes([rng.choice([0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73]), 0x20, rng.randrange(6)])
            code += bytes([rng.choice([0x6A, 0x73, 0x74, 0x76]), 0x21, rng.randrange(2, 6)])
        elif k == 1:  # load, add, store
            code += bytes([0x20, rng.randrange(6), 0x41, 0xFF, 0xFF, 0x03, 0x71, 0x28, 2]) + uleb(rng.randrange(64))
            code += bytes([0x21, rng.randrange(2, 6), 0x20, rng.randrange(6), 0x41, 0xFF, 0xFF, 0x03, 0x71])
            code += bytes([0x20, rng.randrange(6), 0x36, 2]) + uleb(rng.randrange(64))
        elif k == 2:  # if/else on a comparison
            code += bytes([0x20, rng.randrange(6), 0x20, rng.randrange(6), rng.choice(range(0x46, 0x50)), 0x04, 0x7F])
            code += bytes([0x20, rng.randrange(6), 0x41, 3, 0x6C, 0x05, 0x20, rng.randrange(6), 0x41, 7, 0x6A, 0x0B])
            code += bytes([0x21, rng.randrange(2, 6)])
        elif k == 3:  # counted loop
            local = rng.randrange(2, 6)
            code += bytes([0x41, rng.randint(1, 9), 0x21, local, 0x03, 0x40])
            code += bytes([0x20, 6, 0x20, local, 0xB7, 0xA0, 0x21, 6])
            code += bytes([0x20, local, 0x41, 1, 0x6B, 0x22, local, 0x0D, 0, 0x0B])
        elif k == 4 and index > 0:  # direct call to an earlier function
            code += bytes([0x20, rng.randrange(6), 0x20, rng.randrange(6), 0x10]) + uleb(rng.randrange(index))
            code += bytes([0x21, rng.randrange(2, 6)])
        elif k == 5:  # call through the table
            code += bytes([0x20, 0, 0x20, 1, 0x20, rng.randrange(6), 0x41, 15, 0x71, 0x11, 0, 0, 0x21, rng.randrange(2, 6)])
        else:  # float arithmetic
            code += bytes([0x20, 6, 0x20, 7, 0xA2, 0x20, rng.randrange(6), 0xB8, 0xA0, 0x21, 7])
    code += bytes([0x20, 2, 0x20, 3, 0x6A, 0x20, 7, 0xAA, 0x6A])
    b = vec([uleb(4) + b"\x7F", uleb(2) + b"\x7C"]) + bytes(code) + b"\x0B"
    return uleb(len(b)) + b


def generate(size_mb, seed=1):
    rng = random.Random(seed)
    bodies = []
    total = 0
    while total < size_mb * 1_000_000:
        b = body(rng, len(bodies))
        bodies.append(b)
        total += len(b)
    n = len(bodies)
    types = vec([bytes([0x60, 2, 0x7F, 0x7F, 1, 0x7F])])
    funcs = vec([b"\x00"] * n)
    table = vec([bytes([0x70, 0x00, 16])])
    memory = vec([bytes([0x00, 1])])
    exports = vec([b"\x04main\x00" + uleb(n - 1)])
    elems = vec([bytes([0x00, 0x41, 0x00, 0x0B]) + vec([uleb(i) for i in range(16)])])
    code = vec(bodies)
    module = b"\x00asm\x01\x00\x00\x00"
    for sid, content in [(1, types), (3, funcs), (4, table), (5, memory), (7, exports), (9, elems), (10, code)]:
        module += section(sid, content)
    return module, n


def best(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            return None, (r.stderr or r.stdout).strip()
    return min(times), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=10.0, help="module size in MB")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--swasm", default=os.path.join(REPO, ".build/release/swasm"))
    ap.add_argument("--keep", help="also write the module here")
    args = ap.parse_args()
    module, functions = generate(args.size)
    tmp = tempfile.mkdtemp()
    path = args.keep or os.path.join(tmp, "large.wasm")
    with open(path, "wb") as f:
        f.write(module)
    print(f"module: {len(module) / 1e6:.1f} MB, {functions} functions")
    rows = [("swasm validate", [args.swasm, "validate", path])]
    for engine in ["interpreter", "compiler"]:
        rows.append((f"swasm compile --engine {engine}",
                     [args.swasm, "compile", "--engine", engine, path, "-o", os.path.join(tmp, f"{engine}.cwasm")]))
    for name, cmd in rows:
        t, err = best(cmd, args.runs)
        print(f"{name}: " + (f"{t * 1000:.0f} ms (best of {args.runs}, whole process)" if t is not None else f"failed: {err}"))
    try:
        import wasmtime
        engine = wasmtime.Engine()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            wasmtime.Module(engine, module)
            times.append(time.perf_counter() - t)
        print(f"wasmtime {wasmtime.__version__ if hasattr(wasmtime, '__version__') else ''} Module(): {min(times) * 1000:.0f} ms (best of {args.runs})")
    except ImportError:
        print("wasmtime: unavailable (pip install wasmtime)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
