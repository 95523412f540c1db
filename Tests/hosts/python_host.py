#!/usr/bin/env python3
"""python_host: a ctypes host using the standard wasm.h ABI of libswasm.so.

Usage: SWASM_LIB=/path/to/libswasm.so python3 python_host.py path/to/host.wasm
"""
import ctypes
import os
import sys
from ctypes import (CFUNCTYPE, POINTER, Structure, Union, byref, c_char,
                    c_double, c_float, c_int32, c_int64, c_size_t, c_uint8,
                    c_void_p)


class ByteVec(Structure):
    _fields_ = [("size", c_size_t), ("data", POINTER(c_char))]


class ValUnion(Union):
    _fields_ = [("i32", c_int32), ("i64", c_int64), ("f32", c_float),
                ("f64", c_double), ("ref", c_void_p)]


class Val(Structure):
    _fields_ = [("kind", c_uint8), ("of", ValUnion)]


class ValVec(Structure):
    _fields_ = [("size", c_size_t), ("data", POINTER(Val))]


class PtrVec(Structure):
    _fields_ = [("size", c_size_t), ("data", POINTER(c_void_p))]


WASM_I32 = 0
CALLBACK = CFUNCTYPE(c_void_p, POINTER(ValVec), POINTER(ValVec))


def fail(what):
    print(f"host: FAILED: {what}")
    sys.exit(1)


def load_library():
    path = os.environ.get("SWASM_LIB")
    if not path:
        fail("set SWASM_LIB to the path of libswasm.so")
    lib = ctypes.CDLL(path)

    def sig(name, restype, *argtypes):
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = list(argtypes)

    sig("wasm_engine_new", c_void_p)
    sig("wasm_engine_delete", None, c_void_p)
    sig("wasm_store_new", c_void_p, c_void_p)
    sig("wasm_store_delete", None, c_void_p)
    sig("wasm_byte_vec_new", None, POINTER(ByteVec), c_size_t, c_void_p)
    sig("wasm_byte_vec_delete", None, POINTER(ByteVec))
    sig("wasm_module_new", c_void_p, c_void_p, POINTER(ByteVec))
    sig("wasm_module_delete", None, c_void_p)
    sig("wasm_module_exports", None, c_void_p, POINTER(PtrVec))
    sig("wasm_exporttype_name", POINTER(ByteVec), c_void_p)
    sig("wasm_exporttype_vec_delete", None, POINTER(PtrVec))
    sig("wasm_valtype_new", c_void_p, c_uint8)
    sig("wasm_valtype_vec_new", None, POINTER(PtrVec), c_size_t, POINTER(c_void_p))
    sig("wasm_functype_new", c_void_p, POINTER(PtrVec), POINTER(PtrVec))
    sig("wasm_functype_delete", None, c_void_p)
    sig("wasm_func_new", c_void_p, c_void_p, c_void_p, CALLBACK)
    sig("wasm_func_delete", None, c_void_p)
    sig("wasm_func_as_extern", c_void_p, c_void_p)
    sig("wasm_extern_as_func", c_void_p, c_void_p)
    sig("wasm_instance_new", c_void_p, c_void_p, c_void_p, POINTER(PtrVec),
        POINTER(c_void_p))
    sig("wasm_instance_delete", None, c_void_p)
    sig("wasm_instance_exports", None, c_void_p, POINTER(PtrVec))
    sig("wasm_extern_vec_delete", None, POINTER(PtrVec))
    sig("wasm_func_call", c_void_p, c_void_p, POINTER(ValVec), POINTER(ValVec))
    sig("wasm_trap_message", None, c_void_p, POINTER(ByteVec))
    sig("wasm_trap_delete", None, c_void_p)
    return lib


def main():
    assert ctypes.sizeof(Val) == 16 and Val.of.offset == 8
    lib = load_library()
    path = sys.argv[1] if len(sys.argv) > 1 else "host.wasm"
    with open(path, "rb") as f:
        wasm = f.read()

    def trap_text(trap):
        msg = ByteVec()
        lib.wasm_trap_message(trap, byref(msg))
        text = ctypes.string_at(msg.data, msg.size).rstrip(b"\0").decode()
        lib.wasm_byte_vec_delete(byref(msg))
        lib.wasm_trap_delete(trap)
        return text

    calls = []

    def mul(args, results):
        a = args.contents.data[0].of.i32
        b = args.contents.data[1].of.i32
        print(f"callback mul({a}, {b})")
        calls.append((a, b))
        out = results.contents.data[0]
        out.kind = WASM_I32
        out.of.i32 = ctypes.c_int32(a * b).value
        return None

    callback = CALLBACK(mul)  # kept alive until the end of main

    engine = lib.wasm_engine_new()
    store = lib.wasm_store_new(engine) if engine else None
    if not store:
        fail("engine/store")

    binary = ByteVec()
    buf = ctypes.create_string_buffer(wasm, len(wasm))
    lib.wasm_byte_vec_new(byref(binary), len(wasm), buf)
    module = lib.wasm_module_new(store, byref(binary))
    lib.wasm_byte_vec_delete(byref(binary))
    if not module:
        fail("compile")

    params = (c_void_p * 2)(lib.wasm_valtype_new(WASM_I32),
                            lib.wasm_valtype_new(WASM_I32))
    results = (c_void_p * 1)(lib.wasm_valtype_new(WASM_I32))
    pv, rv = PtrVec(), PtrVec()
    lib.wasm_valtype_vec_new(byref(pv), 2, params)
    lib.wasm_valtype_vec_new(byref(rv), 1, results)
    functype = lib.wasm_functype_new(byref(pv), byref(rv))
    func = lib.wasm_func_new(store, functype, callback)
    lib.wasm_functype_delete(functype)
    if not func:
        fail("callback")

    import_list = (c_void_p * 1)(lib.wasm_func_as_extern(func))
    imports = PtrVec(1, import_list)
    trap = c_void_p()
    instance = lib.wasm_instance_new(store, module, byref(imports), byref(trap))
    if not instance:
        fail("instantiate" + (f": {trap_text(trap)}" if trap.value else ""))

    exports = PtrVec()
    lib.wasm_instance_exports(instance, byref(exports))
    if exports.size != 2:
        fail("exports")
    compute = lib.wasm_extern_as_func(exports.data[1])
    if not compute or lib.wasm_extern_as_func(exports.data[0]):
        fail("export kinds")

    for x in (7, -3):
        args_arr = (Val * 1)()
        args_arr[0].kind = WASM_I32
        args_arr[0].of.i32 = x
        out_arr = (Val * 1)()
        args = ValVec(1, args_arr)
        res = ValVec(1, out_arr)
        t = lib.wasm_func_call(compute, byref(args), byref(res))
        if t:
            fail(f"trap: {trap_text(t)}")
        value = out_arr[0].of.i32
        print(f"compute({x}) = {value}")
        if value != x * x + 1:
            fail("wrong result")
    if len(calls) != 2:
        fail("callback count")

    types = PtrVec()
    lib.wasm_module_exports(module, byref(types))
    names = []
    for i in range(types.size):
        name = lib.wasm_exporttype_name(types.data[i]).contents
        names.append(ctypes.string_at(name.data, name.size).decode())
    lib.wasm_exporttype_vec_delete(byref(types))
    print("exports: " + " ".join(names))

    lib.wasm_extern_vec_delete(byref(exports))
    lib.wasm_instance_delete(instance)
    lib.wasm_func_delete(func)
    lib.wasm_module_delete(module)
    lib.wasm_store_delete(store)
    lib.wasm_engine_delete(engine)
    print("host: ok")


if __name__ == "__main__":
    main()
