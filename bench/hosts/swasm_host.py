#!/usr/bin/env python3
"""swasm host: runs a WASI command module through libswasm.so with ctypes.

Same command line and result file as the other hosts (see _common.py), plus
    --lib PATH       libswasm.so (default: <repo>/.build/release/libswasm.so)
    --engine E       auto | interpreter | compiler  (swasm_config_set_strategy)
    --check          only load the library and check the symbols; the result
                     says ok/error (used by run.py to decide "unavailable")
    --thread-stack-mb N  run on a thread with an N MiB stack (default 256; 0 = main thread)

What this host assumes about libswasm.so (the standard wasm.h of
WebAssembly/wasm-c-api plus swasm's wasi.h and swasm.h):

  wasm.h (all standard, exported as real symbols, not only as inline helpers):
    wasm_config_new, wasm_engine_new_with_config (takes ownership of the
    config), wasm_engine_delete, wasm_store_new, wasm_store_delete,
    wasm_byte_vec_new, wasm_byte_vec_delete, wasm_module_new(store, const
    wasm_byte_vec_t*), wasm_module_delete, wasm_module_imports/exports,
    wasm_importtype_vec_delete, wasm_exporttype_vec_delete,
    wasm_importtype_module/name/type, wasm_exporttype_name,
    wasm_externtype_as_functype_const, wasm_func_new(store, const
    wasm_functype_t*, wasm_func_callback_t), wasm_func_as_extern,
    wasm_instance_new(store, module, const wasm_extern_vec_t* imports,
    wasm_trap_t** trap) (the current wasm-c-api signature taking a vec),
    wasm_instance_exports, wasm_instance_delete, wasm_extern_as_func,
    wasm_func_call(func, const wasm_val_vec_t*, wasm_val_vec_t*) -> trap,
    wasm_trap_message, wasm_trap_delete, wasm_extern_vec_delete.
    Vectors are {size_t size; T* data}; names (wasm_name_t) are byte vectors
    that are not necessarily NUL-terminated.

  wasi.h:
    wasi_config_t* wasi_config_new(void)
    bool wasi_config_set_argv(wasi_config_t*, size_t argc, const char* argv[])
    void wasi_config_inherit_stdout(wasi_config_t*)
    void wasi_config_inherit_stderr(wasi_config_t*)
    bool wasi_config_set_stdout_file(wasi_config_t*, const char* path)   (only with --stdout)
    bool wasi_config_preopen_dir(wasi_config_t*, const char* host, const char* guest,
                                 size_t dir_perms, size_t file_perms)   (we pass 3, 3 = read|write)
    wasi_env_t* wasi_env_new(wasm_store_t*, wasi_config_t* /*own*/)
    wasm_extern_t* wasi_env_get_import(wasi_env_t*, const wasm_importtype_t*)
    bool wasi_env_exit_code(wasi_env_t*, int32_t* code)  (true once proc_exit ran)
    void wasi_env_delete(wasi_env_t*)                     (optional; not called)

  Imports are resolved one by one: `bench.start` / `bench.end` with host
  functions of this host (wasm_func_new with the import's own functype),
  everything else with wasi_env_get_import(env, importtype).

  swasm.h:
    bool swasm_config_set_strategy(wasm_config_t*, int strategy)
        0 = auto, 1 = interpreter, 2 = compiler.
    Called before wasm_engine_new_with_config. If it is missing, only
    --engine auto works.

  Exit: `_start` is called with wasm_func_call. A returned trap is a normal
  exit if wasi_env_exit_code(env, &code) returns true (proc_exit was called);
  the exit code is then `code`. No trap means exit code 0.
"""
import ctypes as C
import os
import sys
import time

import _common

STRATEGIES = {"auto": 0, "interpreter": 1, "compiler": 2}


class ByteVec(C.Structure):  # wasm_byte_vec_t / wasm_name_t / wasm_message_t
    _fields_ = [("size", C.c_size_t), ("data", C.POINTER(C.c_char))]


class PtrVec(C.Structure):  # wasm_*_vec_t of pointers (externs, importtypes, exporttypes)
    _fields_ = [("size", C.c_size_t), ("data", C.POINTER(C.c_void_p))]


class ValVec(C.Structure):  # wasm_val_vec_t; only used empty here
    _fields_ = [("size", C.c_size_t), ("data", C.c_void_p)]


# own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args, wasm_val_vec_t* results)
CALLBACK = C.CFUNCTYPE(C.c_void_p, C.c_void_p, C.c_void_p)

P = C.c_void_p
SIGNATURES = {
    # name: (restype, argtypes, required)
    "wasm_config_new": (P, [], True),
    "wasm_engine_new_with_config": (P, [P], True),
    "wasm_store_new": (P, [P], True),
    "wasm_byte_vec_new": (None, [C.POINTER(ByteVec), C.c_size_t, C.c_char_p], True),
    "wasm_byte_vec_delete": (None, [C.POINTER(ByteVec)], True),
    "wasm_module_new": (P, [P, C.POINTER(ByteVec)], True),
    "wasm_module_delete": (None, [P], True),
    "wasm_module_imports": (None, [P, C.POINTER(PtrVec)], True),
    "wasm_module_exports": (None, [P, C.POINTER(PtrVec)], True),
    "wasm_importtype_vec_delete": (None, [C.POINTER(PtrVec)], True),
    "wasm_exporttype_vec_delete": (None, [C.POINTER(PtrVec)], True),
    "wasm_importtype_module": (C.POINTER(ByteVec), [P], True),
    "wasm_importtype_name": (C.POINTER(ByteVec), [P], True),
    "wasm_importtype_type": (P, [P], True),
    "wasm_exporttype_name": (C.POINTER(ByteVec), [P], True),
    "wasm_externtype_as_functype_const": (P, [P], True),
    "wasm_func_new": (P, [P, P, CALLBACK], True),
    "wasm_func_as_extern": (P, [P], True),
    "wasm_instance_new": (P, [P, P, C.POINTER(PtrVec), C.POINTER(P)], True),
    "wasm_instance_exports": (None, [P, C.POINTER(PtrVec)], True),
    "wasm_instance_delete": (None, [P], True),
    "wasm_extern_vec_delete": (None, [C.POINTER(PtrVec)], True),
    "wasm_extern_as_func": (P, [P], True),
    "wasm_func_call": (P, [P, C.POINTER(ValVec), C.POINTER(ValVec)], True),
    "wasm_trap_message": (None, [P, C.POINTER(ByteVec)], True),
    "wasm_trap_delete": (None, [P], True),
    "wasi_config_new": (P, [], True),
    "wasi_config_set_argv": (C.c_bool, [P, C.c_size_t, C.POINTER(C.c_char_p)], True),
    "wasi_config_inherit_stdout": (None, [P], True),
    "wasi_config_inherit_stderr": (None, [P], True),
    "wasi_config_set_stdout_file": (C.c_bool, [P, C.c_char_p], False),
    "wasi_config_preopen_dir": (C.c_bool, [P, C.c_char_p, C.c_char_p, C.c_size_t, C.c_size_t], True),
    "wasi_env_new": (P, [P, P], True),
    "wasi_env_get_import": (P, [P, P], True),
    "wasi_env_exit_code": (C.c_bool, [P, C.POINTER(C.c_int32)], True),
    "swasm_config_set_strategy": (C.c_bool, [P, C.c_int], False),
}


class Lib:
    def __init__(self, path):
        if not os.path.exists(path):
            raise RuntimeError("library not found: %s" % path)
        self.dll = C.CDLL(os.path.abspath(path))
        self.missing_required = []
        self.missing_optional = []
        for name, (res, argt, required) in SIGNATURES.items():
            try:
                fn = getattr(self.dll, name)
            except AttributeError:
                (self.missing_required if required else self.missing_optional).append(name)
                setattr(self, name, None)
                continue
            fn.restype = res
            fn.argtypes = argt
            setattr(self, name, fn)


def name_of(bv_ptr):
    if not bv_ptr:
        return ""
    bv = bv_ptr.contents
    raw = C.string_at(bv.data, bv.size) if bv.size else b""
    return raw.rstrip(b"\0").decode("utf-8", "replace")


def trap_message(lib, trap):
    msg = ByteVec(0, None)
    lib.wasm_trap_message(trap, C.byref(msg))
    text = C.string_at(msg.data, msg.size).rstrip(b"\0").decode("utf-8", "replace") if msg.size else ""
    lib.wasm_byte_vec_delete(C.byref(msg))
    return text


def default_lib():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(repo, ".build", "release", "libswasm.so")


def main():
    def extra(p):
        p.add_argument("--lib", default=None)
        p.add_argument("--engine", choices=sorted(STRATEGIES), default="auto")
        p.add_argument("--check", action="store_true")
        p.add_argument("--thread-stack-mb", type=int, default=256,
                       help="run everything on a thread with this stack size (0: main thread)")

    args = _common.parse_args(extra)
    res = _common.new_result(args.wasm)
    res["engine"] = args.engine

    def body():
        lib = Lib(args.lib or default_lib())
        if lib.missing_required:
            raise RuntimeError("libswasm lacks symbols: " + ", ".join(lib.missing_required))
        if args.engine != "auto" and lib.swasm_config_set_strategy is None:
            raise RuntimeError("libswasm lacks swasm_config_set_strategy (needed for --engine %s)"
                               % args.engine)
        if args.check:
            res["ok"] = True
            res["missing_optional"] = lib.missing_optional
            return

        def new_engine():
            cfg = lib.wasm_config_new()
            if not cfg:
                raise RuntimeError("wasm_config_new failed")
            if lib.swasm_config_set_strategy is not None:
                if not lib.swasm_config_set_strategy(cfg, STRATEGIES[args.engine]):
                    raise RuntimeError("swasm_config_set_strategy(%s) returned false" % args.engine)
            eng = lib.wasm_engine_new_with_config(cfg)  # takes ownership of cfg
            if not eng:
                raise RuntimeError("wasm_engine_new_with_config failed")
            return eng

        engine = new_engine()
        store = lib.wasm_store_new(engine)
        if not store:
            raise RuntimeError("wasm_store_new failed")
        with open(args.wasm, "rb") as f:
            data = f.read()
        binary = ByteVec(0, None)
        lib.wasm_byte_vec_new(C.byref(binary), len(data), data)

        def compile_once():
            t0 = time.perf_counter_ns()
            m = lib.wasm_module_new(store, C.byref(binary))
            dt = time.perf_counter_ns() - t0
            if not m:
                raise RuntimeError("wasm_module_new failed (invalid module or unsupported feature)")
            return m, dt

        if args.mode == "compile":
            times = []
            for _ in range(args.repeat):
                m, dt = compile_once()
                times.append(dt)
                lib.wasm_module_delete(m)
            res["compile_ns"] = times
            res["ok"] = True
            return

        module, res["compile_ns"] = compile_once()

        # Import descriptors, in order.
        imports = PtrVec(0, None)
        lib.wasm_module_imports(module, C.byref(imports))
        import_list = []
        for i in range(imports.size):
            it = imports.data[i]
            import_list.append((name_of(lib.wasm_importtype_module(it)),
                                name_of(lib.wasm_importtype_name(it)), it))

        clock = _common.BenchClock()
        keep = []  # ctypes callbacks and buffers must outlive the instance

        def cb_start(_args, _results):
            clock.start()
            return None

        def cb_end(_args, _results):
            clock.end()
            return None

        cb_objs = {"start": CALLBACK(cb_start), "end": CALLBACK(cb_end)}
        keep.append(cb_objs)

        def instantiate():
            t0 = time.perf_counter_ns()
            wcfg = lib.wasi_config_new()
            if not wcfg:
                raise RuntimeError("wasi_config_new failed")
            argv = [os.path.basename(args.wasm)] + list(args.args)
            argv_c = (C.c_char_p * len(argv))(*[a.encode() for a in argv])
            keep.append(argv_c)
            if not lib.wasi_config_set_argv(wcfg, len(argv), argv_c):
                raise RuntimeError("wasi_config_set_argv failed")
            if args.stdout:
                if lib.wasi_config_set_stdout_file is None:
                    raise RuntimeError("libswasm lacks wasi_config_set_stdout_file")
                if not lib.wasi_config_set_stdout_file(wcfg, args.stdout.encode()):
                    raise RuntimeError("wasi_config_set_stdout_file failed")
            else:
                lib.wasi_config_inherit_stdout(wcfg)
            lib.wasi_config_inherit_stderr(wcfg)
            for spec in args.dir:
                host, guest = _common.split_dir(spec)
                if not lib.wasi_config_preopen_dir(wcfg, os.path.abspath(host).encode(),
                                                   guest.encode(), 3, 3):
                    raise RuntimeError("wasi_config_preopen_dir(%s, %s) failed" % (host, guest))
            env = lib.wasi_env_new(store, wcfg)  # takes ownership of wcfg
            if not env:
                raise RuntimeError("wasi_env_new failed")

            # Resolve each import: bench.* with our own host functions, the
            # rest with wasi_env_get_import (wasi_get_imports is for modules
            # whose imports are all WASI).
            n = len(import_list)
            items = (C.c_void_p * max(n, 1))()
            keep.append(items)
            for i, (mod, name, it) in enumerate(import_list):
                if mod == "bench" and name in cb_objs:
                    ft = lib.wasm_externtype_as_functype_const(lib.wasm_importtype_type(it))
                    if not ft:
                        raise RuntimeError("import bench.%s is not a function" % name)
                    fn = lib.wasm_func_new(store, ft, cb_objs[name])
                    if not fn:
                        raise RuntimeError("wasm_func_new failed for bench.%s" % name)
                    items[i] = lib.wasm_func_as_extern(fn)
                else:
                    e = lib.wasi_env_get_import(env, it)
                    if not e:
                        raise RuntimeError("no extern for import %s.%s" % (mod, name))
                    items[i] = e
            ext = PtrVec(n, C.cast(items, C.POINTER(C.c_void_p)))
            trap = C.c_void_p(None)
            inst = lib.wasm_instance_new(store, module, C.byref(ext), C.byref(trap))
            dt = time.perf_counter_ns() - t0
            if trap.value:
                raise RuntimeError("instantiation trapped: " + trap_message(lib, trap))
            if not inst:
                raise RuntimeError("wasm_instance_new failed")
            return env, inst, ext, dt

        if args.mode == "instantiate":
            times = []
            for _ in range(args.repeat):
                _, _, _, dt = instantiate()
                times.append(dt)
            res["instantiate_ns"] = times
            res["ok"] = True
            return

        env, inst, ext, res["instantiate_ns"] = instantiate()

        # Find _start by export name (module exports and instance exports share order).
        mexports = PtrVec(0, None)
        lib.wasm_module_exports(module, C.byref(mexports))
        start_index = None
        for i in range(mexports.size):
            if name_of(lib.wasm_exporttype_name(mexports.data[i])) == "_start":
                start_index = i
                break
        if start_index is None:
            raise RuntimeError("module has no _start export")
        iexports = PtrVec(0, None)
        lib.wasm_instance_exports(inst, C.byref(iexports))
        if iexports.size <= start_index:
            raise RuntimeError("instance has %d exports, module %d" % (iexports.size, mexports.size))
        start = lib.wasm_extern_as_func(iexports.data[start_index])
        if not start:
            raise RuntimeError("_start is not a function")

        no_args, no_results = ValVec(0, None), ValVec(0, None)
        sys.stdout.flush()
        t0 = time.perf_counter_ns()
        trap = lib.wasm_func_call(start, C.byref(no_args), C.byref(no_results))
        res["run_ns"] = time.perf_counter_ns() - t0
        code = 0
        if trap:
            c = C.c_int32(0)
            if lib.wasi_env_exit_code(env, C.byref(c)):
                code = c.value
            else:
                msg = trap_message(lib, trap)
                res["exit_code"] = None
                res["bench_regions"] = clock.regions
                raise RuntimeError("trap: " + msg)
        res["exit_code"] = code
        res["bench_ns"] = clock.total if clock.regions else None
        res["bench_regions"] = clock.regions
        res["ok"] = code == 0
        if code != 0:
            res["error"] = "exit code %d" % code
        # The process exits right after; nothing is deleted on purpose (run
        # time only, and a teardown bug must not turn a good run into a crash).

    if args.thread_stack_mb > 0:
        # A big native stack, like a CLI could set up for deep guest recursion;
        # virtual only, it does not count in RSS until touched.
        import threading
        threading.stack_size(args.thread_stack_mb * 1024 * 1024)
        t = threading.Thread(target=_common.main_wrapper, args=(args, res, body))
        t.start()
        t.join()
    else:
        _common.main_wrapper(args, res, body)


if __name__ == "__main__":
    main()
