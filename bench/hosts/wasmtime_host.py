#!/usr/bin/env python3
"""wasmtime host (the `wasmtime` pip package), same protocol as swasm_host.py.

See _common.py for the command line and the result file. The engine uses
wasmtime's defaults (Cranelift, speed optimisation, parallel compilation, no
compilation cache), i.e. what `wasmtime run` does.
"""
import os
import time

import _common


def main():
    args = _common.parse_args()
    res = _common.new_result(args.wasm)

    def body():
        import wasmtime
        try:
            from importlib.metadata import version
            res["runtime_version"] = version("wasmtime")
        except Exception:
            res["runtime_version"] = None
        engine = wasmtime.Engine()
        with open(args.wasm, "rb") as f:
            wasm = f.read()

        def compile_once():
            t0 = time.perf_counter_ns()
            m = wasmtime.Module(engine, wasm)
            return m, time.perf_counter_ns() - t0

        if args.mode == "compile":
            times = []
            for _ in range(args.repeat):
                _, dt = compile_once()
                times.append(dt)
            res["compile_ns"] = times
            res["ok"] = True
            return

        module, res["compile_ns"] = compile_once()
        clock = _common.BenchClock()

        def instantiate():
            t0 = time.perf_counter_ns()
            cfg = wasmtime.WasiConfig()
            cfg.argv = [os.path.basename(args.wasm)] + list(args.args)
            if args.stdout:
                cfg.stdout_file = args.stdout
            else:
                cfg.inherit_stdout()
            cfg.inherit_stderr()
            for spec in args.dir:
                host, guest = _common.split_dir(spec)
                cfg.preopen_dir(host, guest)
            store = wasmtime.Store(engine)
            store.set_wasi(cfg)
            linker = wasmtime.Linker(engine)
            linker.define_wasi()
            empty = wasmtime.FuncType([], [])
            linker.define_func("bench", "start", empty, clock.start)
            linker.define_func("bench", "end", empty, clock.end)
            inst = linker.instantiate(store, module)
            return store, inst, time.perf_counter_ns() - t0

        if args.mode == "instantiate":
            times = []
            for _ in range(args.repeat):
                _, _, dt = instantiate()
                times.append(dt)
            res["instantiate_ns"] = times
            res["ok"] = True
            return

        store, inst, res["instantiate_ns"] = instantiate()
        start = inst.exports(store)["_start"]
        code = 0
        t0 = time.perf_counter_ns()
        try:
            start(store)
        except wasmtime.ExitTrap as e:
            code = e.code
        finally:
            res["run_ns"] = time.perf_counter_ns() - t0
        res["exit_code"] = code
        res["bench_ns"] = clock.total if clock.regions else None
        res["bench_regions"] = clock.regions
        res["ok"] = code == 0
        if code != 0:
            res["error"] = "exit code %d" % code

    _common.main_wrapper(args, res, body)


if __name__ == "__main__":
    main()
