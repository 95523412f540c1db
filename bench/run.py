#!/usr/bin/env python3
"""swasm benchmark harness. See bench/README.md.

    python3 bench/run.py [--quick] [--runs N] [--only NAME[,NAME]] [--exclude NAME] [--small]
                         [--runtimes swasm,swasm-cli,wasmtime,wasmkit,native]
                         [--build] [--timeout S] [--no-extras]

Engines of swasm to measure: SWASM_ENGINES (comma separated, default
"interpreter"). Nothing here is a pass/fail test: timings are only reported.
"""
import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HOSTS = os.path.join(HERE, "hosts")
PROGRAMS_DIR = os.path.join(HERE, "programs")
BUILD_DIR = os.path.join(HERE, "build")
RESULTS_DIR = os.path.join(HERE, "results")
PY = sys.executable or "python3"

# Our own C programs: name -> (what it stresses, default args, --small args)
OWN_PROGRAMS = {
    "int_hash": ("integer: sieve + open-addressing hash table", ["2000000"], ["200000"]),
    "nbody": ("floating point: n-body + matrix multiply", ["3000000"], ["300000"]),
    "memshuffle": ("memory: shuffle, pointer chasing, block copies (8 MiB)", ["2097152"], ["262144"]),
    "calls": ("calls: recursive fib, call_indirect, mutual recursion", ["33"], ["27"]),
    "bytecode": ("branchy: switch-dispatch bytecode VM + merge sort", ["60000"], ["6000"]),
}
WASM_CFLAGS = ["-target", "wasm32-wasi", "-O2", "-s"]
NATIVE_CFLAGS = ["-O2"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------
# environment


def sh(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw).stdout.strip()
    except Exception:
        return ""


def machine_info():
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info.setdefault("cpu", platform.processor() or "unknown")
    info["cores"] = os.cpu_count()
    try:
        info["cores_available"] = len(os.sched_getaffinity(0))
    except Exception:
        pass
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    info["memory"] = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    info["kernel"] = "%s %s" % (platform.system(), platform.release())
    info["loadavg"] = " ".join("%.2f" % x for x in os.getloadavg())
    info["python"] = platform.python_version()
    return info


def git_commit(repo):
    c = sh(["git", "-C", repo, "rev-parse", "--short=12", "HEAD"]) or "unknown"
    if c != "unknown" and sh(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"]):
        c += "-dirty"
    return c


def zig_cmd():
    return [PY, "-m", "ziglang"]


def tool_versions(opts):
    v = {}
    try:
        from importlib.metadata import version
        v["wasmtime (pip)"] = version("wasmtime")
    except Exception:
        v["wasmtime (pip)"] = "not installed"
    v["wasmkit"] = sh([opts.wasmkit, "--version"]) if opts.wasmkit else "not found"
    v["zig"] = sh(zig_cmd() + ["version"]) or "not installed"
    v["clang"] = (sh([opts.cc, "--version"]).splitlines() or ["not found"])[0]
    return v


# ----------------------------------------------------------------------------
# building our C programs (cached under bench/build, keyed by content + flags)


def build_key(src, flags, compiler_id):
    h = hashlib.sha256()
    for p in (src, os.path.join(PROGRAMS_DIR, "bench.h"), os.path.join(PROGRAMS_DIR, "native_shim.c")):
        with open(p, "rb") as f:
            h.update(f.read())
    h.update(" ".join(flags).encode())
    h.update(compiler_id.encode())
    return h.hexdigest()[:12]


def build_own(opts, versions):
    """Returns {name: {"wasm": path|None, "wasm_noimp": path|None, "native": path|None}}."""
    os.makedirs(BUILD_DIR, exist_ok=True)
    out = {}
    zig_ok = versions.get("zig") not in (None, "", "not installed")
    cc_ok = shutil.which(opts.cc) is not None
    for name in OWN_PROGRAMS:
        src = os.path.join(PROGRAMS_DIR, name + ".c")
        entry = {"wasm": None, "wasm_noimp": None, "native": None}
        variants = [("wasm", WASM_CFLAGS, ".wasm"), ("wasm_noimp", WASM_CFLAGS + ["-DBENCH_NO_IMPORTS"], ".noimp.wasm")]
        for key, flags, ext in variants:
            target = os.path.join(BUILD_DIR, "%s-%s%s" % (name, build_key(src, flags, versions["zig"]), ext))
            if not os.path.exists(target) and zig_ok:
                cmd = zig_cmd() + ["cc"] + flags + ["-o", target, src]
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode != 0:
                    log("build failed: %s\n%s" % (" ".join(cmd), r.stderr))
            entry[key] = target if os.path.exists(target) else None
        target = os.path.join(BUILD_DIR, "%s-%s.native" % (name, build_key(src, NATIVE_CFLAGS, versions["clang"])))
        if not os.path.exists(target) and cc_ok:
            cmd = [opts.cc] + NATIVE_CFLAGS + ["-o", target, src, os.path.join(PROGRAMS_DIR, "native_shim.c"), "-lm"]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                log("build failed: %s\n%s" % (" ".join(cmd), r.stderr))
        entry["native"] = target if os.path.exists(target) else None
        out[name] = entry
    return out


# ----------------------------------------------------------------------------
# programs


class Program:
    def __init__(self, name, suite, folder, wasm, args, stdout_exp, stderr_exp,
                 wasm_noimp=None, native=None, desc=""):
        self.name, self.suite, self.folder, self.wasm = name, suite, folder, wasm
        self.args, self.stdout_exp, self.stderr_exp = args, stdout_exp, stderr_exp
        self.wasm_noimp, self.native, self.desc = wasm_noimp, native, desc


def read_or_none(p):
    if p and os.path.exists(p):
        with open(p, "rb") as f:
            return f.read()
    return None


def sightglass_programs(sgdir):
    progs = []
    if not sgdir or not os.path.isdir(sgdir):
        return progs
    for d in sorted(os.listdir(sgdir)):
        folder = os.path.join(sgdir, d)
        if not os.path.isdir(folder):
            continue
        for f in sorted(os.listdir(folder)):
            if not f.endswith(".wasm"):
                continue
            stem = f[:-5]
            name = d if stem == "benchmark" else stem
            progs.append(Program(
                name, "sightglass", folder, f, [],
                read_or_none(os.path.join(folder, stem + ".stdout.expected")),
                read_or_none(os.path.join(folder, stem + ".stderr.expected")),
                desc="sightglass %s/%s" % (d, f)))
    return progs


def own_programs(built, small):
    progs = []
    for name, (desc, dargs, sargs) in OWN_PROGRAMS.items():
        b = built.get(name, {})
        args = sargs if small else dargs
        exp = os.path.join(PROGRAMS_DIR, "expected", "%s-%s.stdout" % (name, "_".join(args)))
        p = Program(name, "own", None, b.get("wasm"), args, read_or_none(exp), b"",
                    wasm_noimp=b.get("wasm_noimp"), native=b.get("native"), desc=desc)
        p.expected_path = exp
        progs.append(p)
    return progs


# ----------------------------------------------------------------------------
# running one measurement in a subprocess


RSSWRAP = None  # bench/build/rsswrap-<hash>, see hosts/rsswrap.c


def build_rsswrap(cc):
    global RSSWRAP
    src = os.path.join(HOSTS, "rsswrap.c")
    with open(src, "rb") as f:
        key = hashlib.sha256(f.read()).hexdigest()[:12]
    target = os.path.join(BUILD_DIR, "rsswrap-%s" % key)
    if not os.path.exists(target) and shutil.which(cc):
        os.makedirs(BUILD_DIR, exist_ok=True)
        r = subprocess.run([cc, "-O2", "-o", target, src], capture_output=True, text=True)
        if r.returncode != 0:
            log("could not build rsswrap (peak RSS will include the harness's own): " + r.stderr)
    RSSWRAP = target if os.path.exists(target) else None


def spawn(cmd, cwd, timeout, env=None):
    """Runs cmd with stdout/stderr to files, in its own process group (killed
    as a whole on timeout). Returns dict with wall_ns, rss_kb, status,
    timed_out, stdout, stderr (bytes). Wall time and peak RSS come from
    rsswrap when it could be built (see hosts/rsswrap.c)."""
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    stats = None
    if RSSWRAP:
        fd, stats = tempfile.mkstemp(prefix="swasm-bench-rss-")
        os.close(fd)
        cmd = [RSSWRAP, stats] + list(cmd)
    t0 = time.perf_counter_ns()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=out_f, stderr=err_f, stdin=subprocess.DEVNULL, env=env,
                         start_new_session=True)
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        try:
            os.killpg(p.pid, 9)
        except OSError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, ru = os.wait4(p.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter_ns() - t0
    rss = ru.ru_maxrss
    p.returncode = os.waitstatus_to_exitcode(status)
    if stats:
        try:
            with open(stats) as f:
                w, k = f.read().split()
            wall, rss = int(w), int(k)
        except (OSError, ValueError):
            pass
        os.unlink(stats)
    out_f.seek(0)
    err_f.seek(0)
    r = {"wall_ns": wall, "rss_kb": rss, "status": p.returncode,
         "timed_out": timed_out.is_set(), "stdout": out_f.read(), "stderr": err_f.read()}
    out_f.close()
    err_f.close()
    return r


class Runner:
    """One column: a runtime (and engine) measured on every program it supports."""
    kind = "?"  # "host" (in-process timings) | "cli" (wall only) | "native"

    def __init__(self, label):
        self.label = label
        self.available = True
        self.why = ""

    def command(self, prog, wasm, rundir, result):
        raise NotImplementedError

    def supports(self, prog):
        return True


class HostRunner(Runner):
    kind = "host"

    def __init__(self, label, script, extra):
        super().__init__(label)
        self.script, self.extra = script, extra

    def host_cmd(self, wasm, result, mode="run", repeat=1, args=()):
        return [PY, os.path.join(HOSTS, self.script), "--mode", mode, "--repeat", str(repeat),
                "--wasm", wasm, "--result", result, "--dir", ".::."] + self.extra + ["--"] + list(args)

    def wasm_for(self, prog):
        return prog.wasm

    def command(self, prog, wasm, rundir, result):
        return self.host_cmd(wasm, result, args=prog.args)


class CliRunner(Runner):
    kind = "cli"

    def __init__(self, label, argv_prefix, dir_args, can_link_bench):
        super().__init__(label)
        self.prefix, self.dir_args, self.can_link_bench = argv_prefix, dir_args, can_link_bench

    def wasm_for(self, prog):
        if prog.suite == "own":
            return prog.wasm_noimp
        return prog.wasm if self.can_link_bench else None

    def supports(self, prog):
        return self.wasm_for(prog) is not None

    def command(self, prog, wasm, rundir, result):
        return self.prefix + self.dir_args + [wasm] + list(prog.args)


class NativeRunner(Runner):
    kind = "native"

    def wasm_for(self, prog):
        return prog.native

    def supports(self, prog):
        return prog.native is not None

    def command(self, prog, wasm, rundir, result):
        return [wasm] + list(prog.args)


def measure(runner, prog, timeout):
    """One run of prog under runner in a fresh directory. Returns a result dict."""
    r = {"runner": runner.label, "program": prog.name, "suite": prog.suite, "ok": False, "error": "",
         "wall_ms": None, "region_ms": None, "total_ms": None, "compile_ms": None,
         "instantiate_ms": None, "rss_mb": None}
    tmp = tempfile.mkdtemp(prefix="swasm-bench-")
    try:
        rundir = os.path.join(tmp, "run")
        if prog.folder:
            shutil.copytree(prog.folder, rundir)
        else:
            os.makedirs(rundir)
        src = runner.wasm_for(prog)
        path = os.path.join(rundir, src) if prog.folder else src
        result = os.path.join(tmp, "result.json")
        env = dict(os.environ)
        timing = os.path.join(tmp, "native-timing.txt")
        env["BENCH_TIMING_FILE"] = timing
        s = spawn(runner.command(prog, path, rundir, result), rundir, timeout, env)
        r["wall_ms"] = s["wall_ns"] / 1e6
        r["rss_mb"] = s["rss_kb"] / 1024
        if s["timed_out"]:
            r["error"] = "timeout after %ds" % timeout
            return r
        if runner.kind == "host":
            try:
                with open(result) as f:
                    hr = json.load(f)
            except (OSError, ValueError):
                hr = {"ok": False, "error": "host died (status %s): %s" % (
                    s["status"], s["stderr"].decode(errors="replace")[-500:])}
            ms = lambda k: hr.get(k) / 1e6 if isinstance(hr.get(k), (int, float)) else None
            r["region_ms"], r["compile_ms"] = ms("bench_ns"), ms("compile_ns")
            r["instantiate_ms"] = ms("instantiate_ns")
            if None not in (r["compile_ms"], r["instantiate_ms"], ms("run_ns")):
                r["total_ms"] = r["compile_ms"] + r["instantiate_ms"] + ms("run_ns")
            if not hr.get("ok"):
                r["error"] = " ".join((hr.get("error") or "failed").split())[:400]
                return r
        elif s["status"] != 0:
            r["error"] = "exit status %s: %s" % (s["status"], s["stderr"].decode(errors="replace").strip()[-300:])
            return r
        if runner.kind == "native" and os.path.exists(timing):
            with open(timing) as f:
                r["region_ms"] = sum(int(x) for x in f.read().split()) / 1e6
        if prog.stdout_exp is not None and s["stdout"] != prog.stdout_exp:
            r["error"] = "wrong stdout (%d bytes, expected %d)" % (len(s["stdout"]), len(prog.stdout_exp))
            r["stdout"] = s["stdout"]
            return r
        if prog.stderr_exp is not None and s["stderr"] != prog.stderr_exp:
            r["error"] = "wrong stderr (%d bytes, expected %d): %s" % (
                len(s["stderr"]), len(prog.stderr_exp), s["stderr"][:200].decode(errors="replace"))
            return r
        r["stdout"] = s["stdout"]
        r["ok"] = True
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure_mode(runner, wasm, mode, repeat, timeout):
    """compile / instantiate figure from a host runner; returns list of ms or error str."""
    tmp = tempfile.mkdtemp(prefix="swasm-bench-")
    try:
        result = os.path.join(tmp, "result.json")
        s = spawn(runner.host_cmd(wasm, result, mode=mode, repeat=repeat), tmp, timeout)
        if s["timed_out"]:
            return "timeout"
        try:
            with open(result) as f:
                hr = json.load(f)
        except (OSError, ValueError):
            return "host died: " + s["stderr"].decode(errors="replace")[-200:]
        if not hr.get("ok"):
            return " ".join((hr.get("error") or "failed").split())[:200]
        vals = hr.get("compile_ns" if mode == "compile" else "instantiate_ns")
        return [v / 1e6 for v in vals]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------
# summaries


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt_ms(v):
    if v is None:
        return "n/a"
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def fmt_ratio(v):
    return "n/a" if v is None else ("%.2fx" % v if v < 100 else "%.0fx" % v)


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    for row in rows:
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


class Results:
    def __init__(self):
        self.rows = []          # every measurement
        self.skip = {}          # (runner, program) -> reason (unsupported / first failure)

    def cell(self, runner, prog, key):
        vals = [r[key] for r in self.rows if r["runner"] == runner.label and r["program"] == prog.name and r["ok"]]
        return median(vals)

    def status(self, runner, prog):
        if not runner.available:
            return "unavailable"
        reason = self.skip.get((runner.label, prog.name))
        if reason == "n/a":
            return "n/a"
        if reason:
            return "error" if not reason.startswith("timeout") else "timeout"
        return "n/a"

    def value(self, runner, prog, key):
        v = self.cell(runner, prog, key)
        return (v, fmt_ms(v)) if v is not None else (None, self.status(runner, prog))


def build_markdown(meta, programs, runners, res, extras):
    L = []
    L.append("# swasm benchmarks, %s" % meta["date"])
    L.append("")
    L.append("- commit measured: `%s` (%s)" % (meta["commit"], meta["repo"]))
    L.append("- runs per measurement: %d (median shown), interleaved per iteration; own C programs at %s size"
             % (meta["runs"], "small" if meta["small"] else "default"))
    m = meta["machine"]
    L.append("- machine: %s, %s cores (%s available), %s RAM, %s, load average at start %s, at end %s"
             % (m.get("cpu"), m.get("cores"), m.get("cores_available", "?"), m.get("memory", "?"),
                m.get("kernel"), m.get("loadavg"), meta.get("loadavg_end", "?")))
    L.append("- tools: " + ", ".join("%s %s" % kv for kv in meta["versions"].items()) + ", python " + m.get("python", "?"))
    for r in runners:
        if not r.available:
            L.append("- **%s unavailable**: %s" % (r.label, r.why))
    L.append("")

    hosts = [r for r in runners if r.kind == "host"]
    swasm_hosts = [r for r in hosts if r.label.startswith("swasm")]
    wt = next((r for r in runners if r.label == "wasmtime"), None)
    nat = next((r for r in runners if r.kind == "native"), None)
    clis = [r for r in runners if r.kind == "cli"]

    # Table 1: region
    L.append("## Measured region (bench.start -> bench.end), median ms")
    L.append("")
    cols = hosts + ([nat] if nat else [])
    header = ["program", "suite"] + [c.label for c in cols]
    ratio_pairs = []
    for s in swasm_hosts:
        if wt:
            ratio_pairs.append((s, wt))
        if nat:
            ratio_pairs.append((s, nat))
    if wt and nat:
        ratio_pairs.append((wt, nat))
    header += ["%s / %s" % (a.label, b.label) for a, b in ratio_pairs]
    rows, ratios = [], {i: [] for i in range(len(ratio_pairs))}
    for p in programs:
        row = [p.name, p.suite]
        vals = {}
        for c in cols:
            v, txt = res.value(c, p, "region_ms")
            vals[c.label] = v
            row.append(txt)
        for i, (a, b) in enumerate(ratio_pairs):
            va, vb = vals.get(a.label), vals.get(b.label)
            q = va / vb if va is not None and vb else None
            ratios[i].append(q)
            row.append(fmt_ratio(q))
        rows.append(row)
    geo = ["**geomean**", ""] + [""] * len(cols)
    for i in range(len(ratio_pairs)):
        g = geomean(ratios[i])
        n = len([x for x in ratios[i] if x])
        geo.append("**%s** (n=%d)" % (fmt_ratio(g), n) if g else "n/a")
    rows.append(geo)
    L.append(md_table(header, rows))
    L.append("")

    # Table 2: whole program
    L.append("## Whole program, median ms")
    L.append("")
    L.append("`wall` = wall time of the process (CLI runs); `total` = in-process module compile + instantiate + `_start` "
             "(no Python start-up); `compile` = module creation alone.")
    L.append("")
    header = ["program"]
    colspec = []
    for c in clis:
        colspec.append((c, "wall_ms", c.label + " wall"))
    for h in hosts:
        colspec.append((h, "total_ms", h.label + " total"))
        colspec.append((h, "compile_ms", h.label + " compile"))
    if nat:
        colspec.append((nat, "wall_ms", "native wall"))
    header += [t for _, _, t in colspec]
    wk = next((c for c in clis if c.label == "wasmkit"), None)
    swasm_clis = [c for c in clis if c.label.startswith("swasm")]
    wpairs = []
    for s in swasm_clis:
        if wk:
            wpairs.append((s, "wall_ms", wk, "wall_ms", "%s / wasmkit" % s.label))
        if wt:
            wpairs.append((s, "wall_ms", wt, "total_ms", "%s / wasmtime total" % s.label))
    header += [t for *_, t in wpairs]
    rows, wr = [], {i: [] for i in range(len(wpairs))}
    for p in programs:
        row = [p.name]
        for c, key, _ in colspec:
            row.append(res.value(c, p, key)[1])
        for i, (a, ka, b, kb, _) in enumerate(wpairs):
            va, vb = res.cell(a, p, ka), res.cell(b, p, kb)
            q = va / vb if va is not None and vb else None
            wr[i].append(q)
            row.append(fmt_ratio(q))
        rows.append(row)
    if wpairs:
        geo = ["**geomean**"] + [""] * len(colspec)
        for i in range(len(wpairs)):
            g = geomean(wr[i])
            geo.append("**%s** (n=%d)" % (fmt_ratio(g), len([x for x in wr[i] if x])) if g else "n/a")
        rows.append(geo)
    L.append(md_table(header, rows))
    L.append("")

    # Table 3: RSS
    L.append("## Peak RSS, MB (max over runs; Python hosts include the Python interpreter, ~%s MB)"
             % (fmt_ms(extras.get("python_rss")) if extras.get("python_rss") else "?"))
    L.append("")
    header = ["program"] + [r.label for r in runners]
    rows = []
    for p in programs:
        row = [p.name]
        for r in runners:
            vals = [x["rss_mb"] for x in res.rows if x["runner"] == r.label and x["program"] == p.name and x["ok"]]
            row.append("%.1f" % max(vals) if vals else res.status(r, p))
        rows.append(row)
    L.append(md_table(header, rows))
    L.append("")

    # Extras
    L.append("## Compile and instantiate")
    L.append("")
    if extras.get("compile"):
        c = extras["compile"]
        L.append("Compile (`wasm_module_new` / `wasmtime.Module`) of the largest module, `%s` (%.0f KB), "
                 "median of %d:" % (c["module"], c["bytes"] / 1024, c["n"]))
        L.append("")
        rows = []
        for label, v in c["results"].items():
            if isinstance(v, list):
                med = median(v)
                rows.append([label, fmt_ms(med), "%.2f" % (c["bytes"] / 1e6 / (med / 1e3)) if med else "n/a"])
            else:
                rows.append([label, "error: " + v, "n/a"])
        L.append(md_table(["runtime", "compile ms", "MB of wasm / s"], rows))
        L.append("")
    if extras.get("instantiate"):
        c = extras["instantiate"]
        L.append("Instantiate (WASI + bench imports, `wasm_instance_new` / `linker.instantiate`) of the smallest "
                 "module, `%s` (%.1f KB), median of %d:" % (c["module"], c["bytes"] / 1024, c["n"]))
        L.append("")
        rows = []
        for label, v in c["results"].items():
            rows.append([label, "%.1f" % (median(v) * 1000) if isinstance(v, list) else "error: " + v])
        L.append(md_table(["runtime", "instantiate µs"], rows))
        L.append("")

    # Failures
    fails = [(k, v) for k, v in res.skip.items() if v and v != "n/a"]
    if fails:
        L.append("## Failures (first error per runtime and program)")
        L.append("")
        for (rl, pn), why in sorted(fails):
            L.append("- %s on %s: %s" % (rl, pn, why.replace("\n", " ")[:300]))
        L.append("")
    L.append("Timings are reports, never pass/fail. See bench/README.md for the method.")
    return "\n".join(L) + "\n"


# ----------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one run per measurement")
    ap.add_argument("--runs", type=int, default=None, help="runs per measurement (default 5)")
    ap.add_argument("--only", action="append", default=[], help="program name filter (substring, comma list)")
    ap.add_argument("--exclude", action="append", default=[], help="program names to leave out (substring, comma list)")
    ap.add_argument("--runtimes", default="swasm,swasm-cli,wasmtime,wasmkit,native")
    ap.add_argument("--small", action="store_true", help="small sizes for our C programs")
    ap.add_argument("--build", action="store_true", help="swift build -c release in the repo first")
    ap.add_argument("--repo", default=os.path.dirname(HERE))
    ap.add_argument("--swasm", default=None, help="swasm CLI (default REPO/.build/release/swasm)")
    ap.add_argument("--lib", default=None, help="libswasm.so (default REPO/.build/release/libswasm.so)")
    ap.add_argument("--wasmkit", default=shutil.which("wasmkit") or "/opt/swift/usr/bin/wasmkit")
    ap.add_argument("--cc", default="clang")
    ap.add_argument("--sightglass", default=os.environ.get("SIGHTGLASS_DIR"))
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run")
    ap.add_argument("--no-extras", action="store_true", help="skip compile/instantiate figures")
    ap.add_argument("--no-save", action="store_true", help="do not write bench/results")
    opts = ap.parse_args()
    runs = opts.runs or (1 if opts.quick else 5)
    repo = os.path.abspath(opts.repo)
    want = set(x.strip() for x in opts.runtimes.split(",") if x.strip())
    engines = [e.strip() for e in os.environ.get("SWASM_ENGINES", "interpreter").split(",") if e.strip()]
    swasm_cli = opts.swasm or os.path.join(repo, ".build", "release", "swasm")
    swasm_lib = opts.lib or os.path.join(repo, ".build", "release", "libswasm.so")
    sgdir = opts.sightglass
    if not sgdir:
        for cand in (os.path.join(repo, "..", "shared", "bench", "sightglass"), "/work/shared/bench/sightglass"):
            if os.path.isdir(cand):
                sgdir = os.path.abspath(cand)
                break
    if opts.wasmkit and not os.path.exists(opts.wasmkit):
        opts.wasmkit = None

    if opts.build:
        log("building swasm: swift build -c release (in %s)" % repo)
        r = subprocess.run(["swift", "build", "-c", "release"], cwd=repo)
        if r.returncode != 0:
            log("swift build failed (status %d); continuing with what exists" % r.returncode)

    meta = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"), "repo": repo,
            "commit": git_commit(repo), "runs": runs, "small": opts.small, "machine": machine_info()}
    versions = tool_versions(opts)
    meta["versions"] = versions

    build_rsswrap(opts.cc)
    built = build_own(opts, versions)
    programs = own_programs(built, opts.small) + sightglass_programs(sgdir)
    if opts.only:
        pats = [x.strip() for o in opts.only for x in o.split(",") if x.strip()]
        programs = [p for p in programs if any(pat in p.name for pat in pats)]
    if opts.exclude:
        pats = [x.strip() for o in opts.exclude for x in o.split(",") if x.strip()]
        programs = [p for p in programs if not any(pat in p.name for pat in pats)]
    if not programs:
        log("no programs selected")
        return 2

    # runners
    runners = []
    if "swasm" in want:
        for e in engines:
            r = HostRunner("swasm-" + e, "swasm_host.py", ["--lib", swasm_lib, "--engine", e])
            runners.append(r)
            with tempfile.TemporaryDirectory() as t:
                res_path = os.path.join(t, "r.json")
                probe = programs[0].wasm or __file__
                subprocess.run([PY, os.path.join(HOSTS, "swasm_host.py"), "--check", "--lib", swasm_lib,
                                "--engine", e, "--wasm", probe, "--result", res_path],
                               capture_output=True, timeout=60)
                try:
                    with open(res_path) as f:
                        hr = json.load(f)
                except (OSError, ValueError):
                    hr = {"ok": False, "error": "host check failed"}
            if not hr.get("ok"):
                r.available, r.why = False, hr.get("error") or "check failed"
    if "swasm-cli" in want:
        for e in engines:
            # `swasm run` defines no `bench` imports: CLI runs take the .noimp builds only.
            r = CliRunner("swasm-%s-cli" % e, [swasm_cli, "run", "--engine", e], ["--dir", ".::."],
                          can_link_bench=False)
            runners.append(r)
            if not os.access(swasm_cli, os.X_OK):
                r.available, r.why = False, "CLI not found: %s" % swasm_cli
    if "wasmtime" in want:
        r = HostRunner("wasmtime", "wasmtime_host.py", [])
        runners.append(r)
        if versions["wasmtime (pip)"] == "not installed":
            r.available, r.why = False, "pip package wasmtime not installed"
    if "wasmkit" in want:
        # WasmKit's CLI cannot provide the bench.* imports: sightglass modules are n/a,
        # our programs run in their BENCH_NO_IMPORTS build (whole-program time only).
        r = CliRunner("wasmkit", [opts.wasmkit or "wasmkit", "run"], ["--dir", "."], can_link_bench=False)
        runners.append(r)
        if not opts.wasmkit:
            r.available, r.why = False, "wasmkit not found"
    if "native" in want:
        r = NativeRunner("native")
        runners.append(r)
        if not shutil.which(opts.cc):
            r.available, r.why = False, "%s not found" % opts.cc
    for r in runners:
        if not r.available:
            log("%s: unavailable (%s)" % (r.label, r.why))

    res = Results()
    for p in programs:
        if p.suite == "own" and p.wasm is None:
            log("%s: not built (zig missing?)" % p.name)
        for it in range(runs):
            for r in runners:
                if not r.available:
                    continue
                key = (r.label, p.name)
                if key in res.skip:
                    continue
                if not r.supports(p) or (r.kind == "host" and not p.wasm):
                    res.skip[key] = "n/a"
                    continue
                m = measure(r, p, opts.timeout)
                m["iter"] = it
                res.rows.append(m)
                if not m["ok"]:
                    res.skip[key] = m["error"] or "failed"
                log("%-22s %-22s #%d %s" % (p.name, r.label, it + 1,
                                            ("region %s ms, wall %s ms" % (fmt_ms(m["region_ms"]), fmt_ms(m["wall_ms"])))
                                            if m["ok"] else "FAILED: " + m["error"][:200]))
        if p.suite == "own" and p.stdout_exp is None:
            outs = [x.get("stdout") for x in res.rows if x["program"] == p.name and x["runner"] == "native" and x["ok"]]
            if outs:
                os.makedirs(os.path.dirname(p.expected_path), exist_ok=True)
                with open(p.expected_path, "wb") as f:
                    f.write(outs[0])
                log("%s: wrote expected output %s from the native run" % (p.name, p.expected_path))

    extras = {}
    hosts = [r for r in runners if r.kind == "host" and r.available]
    if not opts.no_extras and hosts and sgdir:
        mods = [os.path.join(sgdir, d, f) for d in os.listdir(sgdir) if os.path.isdir(os.path.join(sgdir, d))
                for f in os.listdir(os.path.join(sgdir, d)) if f.endswith(".wasm")]
        if mods:
            big = max(mods, key=os.path.getsize)
            small = min(mods, key=os.path.getsize)
            n = max(runs, 3)
            comp = {r.label: [] for r in hosts}
            inst = {r.label: [] for r in hosts}
            for it in range(n):
                for r in hosts:
                    if isinstance(comp[r.label], list):
                        v = measure_mode(r, big, "compile", 1, opts.timeout)
                        comp[r.label] = comp[r.label] + v if isinstance(v, list) else v
                    if isinstance(inst[r.label], list):
                        v = measure_mode(r, small, "instantiate", 5, opts.timeout)
                        inst[r.label] = inst[r.label] + v if isinstance(v, list) else v
            extras["compile"] = {"module": os.path.relpath(big, sgdir), "bytes": os.path.getsize(big), "n": n,
                                 "results": comp}
            extras["instantiate"] = {"module": os.path.relpath(small, sgdir), "bytes": os.path.getsize(small),
                                     "n": n * 5, "results": inst}
            for label, v in comp.items():
                log("compile %s %s: %s" % (os.path.basename(big), label, fmt_ms(median(v)) + " ms" if isinstance(v, list) else v))
            for label, v in inst.items():
                log("instantiate %s %s: %s" % (os.path.basename(small), label, fmt_ms(median(v)) + " ms" if isinstance(v, list) else v))
    # Python interpreter baseline RSS (the hosts' floor)
    s = spawn([PY, "-c", "import ctypes, json, wasmtime" if versions["wasmtime (pip)"] != "not installed"
               else "import ctypes, json"], HERE, 60)
    extras["python_rss"] = s["rss_kb"] / 1024

    meta["loadavg_end"] = " ".join("%.2f" % x for x in os.getloadavg())
    md = build_markdown(meta, programs, runners, res, extras)
    print(md)

    if not opts.no_save:
        os.makedirs(RESULTS_DIR, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        base = os.path.join(RESULTS_DIR, "results-%s-%s" % (stamp, meta["commit"]))
        fields = ["date", "commit", "program", "suite", "runner", "iter", "ok", "error", "region_ms",
                  "wall_ms", "total_ms", "compile_ms", "instantiate_ms", "rss_mb"]
        with open(base + ".csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
            w.writeheader()
            for row in res.rows:
                row = dict(row, date=meta["date"], commit=meta["commit"])
                w.writerow({k: ("%.3f" % v if isinstance(v, float) else v) for k, v in row.items() if k in fields})
            for kind, key in (("compile", "compile_ms"), ("instantiate", "instantiate_ms")):
                e = extras.get(kind)
                if not e:
                    continue
                for label, vals in e["results"].items():
                    for i, v in enumerate(vals if isinstance(vals, list) else []):
                        w.writerow({"date": meta["date"], "commit": meta["commit"],
                                    "program": "%s:%s" % (kind, e["module"]), "suite": "extra",
                                    "runner": label, "iter": i, "ok": True, key: "%.3f" % v})
        with open(base + ".md", "w") as f:
            f.write(md)
        with open(os.path.join(RESULTS_DIR, "latest.md"), "w") as f:
            f.write(md)
        log("wrote %s.csv, %s.md and %s" % (base, base, os.path.join(RESULTS_DIR, "latest.md")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
