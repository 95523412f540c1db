//! rust_host: a Rust host using the standard wasm.h through its own
//! `extern "C"` declarations (no crates). Build with plain rustc:
//!   rustc --edition 2021 -L LIBDIR -C link-arg=-Wl,-rpath,LIBDIR rust_host.rs
//! Usage: rust_host path/to/host.wasm
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_void};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

#[repr(C)]
struct wasm_byte_vec_t {
    size: usize,
    data: *mut c_char,
}

#[repr(C)]
#[derive(Clone, Copy)]
union wasm_val_union {
    i32: i32,
    i64: i64,
    f32: f32,
    f64: f64,
    ref_: *mut c_void,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct wasm_val_t {
    kind: u8,
    of: wasm_val_union,
}

#[repr(C)]
struct wasm_val_vec_t {
    size: usize,
    data: *mut wasm_val_t,
}

#[repr(C)]
struct wasm_ptr_vec_t {
    size: usize,
    data: *mut *mut c_void,
}

type wasm_extern_vec_t = wasm_ptr_vec_t;
type wasm_valtype_vec_t = wasm_ptr_vec_t;
type Callback = unsafe extern "C" fn(*const wasm_val_vec_t, *mut wasm_val_vec_t) -> *mut c_void;

const WASM_I32: u8 = 0;

#[link(name = "swasm")]
extern "C" {
    fn wasm_engine_new() -> *mut c_void;
    fn wasm_engine_delete(engine: *mut c_void);
    fn wasm_store_new(engine: *mut c_void) -> *mut c_void;
    fn wasm_store_delete(store: *mut c_void);
    fn wasm_byte_vec_new(out: *mut wasm_byte_vec_t, size: usize, data: *const c_char);
    fn wasm_byte_vec_delete(v: *mut wasm_byte_vec_t);
    fn wasm_module_new(store: *mut c_void, binary: *const wasm_byte_vec_t) -> *mut c_void;
    fn wasm_module_delete(module: *mut c_void);
    fn wasm_valtype_new(kind: u8) -> *mut c_void;
    fn wasm_valtype_vec_new(out: *mut wasm_valtype_vec_t, size: usize, data: *const *mut c_void);
    fn wasm_functype_new(params: *mut wasm_valtype_vec_t, results: *mut wasm_valtype_vec_t) -> *mut c_void;
    fn wasm_functype_delete(ty: *mut c_void);
    fn wasm_func_new(store: *mut c_void, ty: *const c_void, cb: Callback) -> *mut c_void;
    fn wasm_func_delete(func: *mut c_void);
    fn wasm_func_as_extern(func: *mut c_void) -> *mut c_void;
    fn wasm_extern_as_func(ext: *mut c_void) -> *mut c_void;
    fn wasm_instance_new(
        store: *mut c_void,
        module: *const c_void,
        imports: *const wasm_extern_vec_t,
        trap: *mut *mut c_void,
    ) -> *mut c_void;
    fn wasm_instance_delete(instance: *mut c_void);
    fn wasm_instance_exports(instance: *const c_void, out: *mut wasm_extern_vec_t);
    fn wasm_extern_vec_delete(v: *mut wasm_extern_vec_t);
    fn wasm_func_call(func: *const c_void, args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> *mut c_void;
    fn wasm_trap_message(trap: *const c_void, out: *mut wasm_byte_vec_t);
    fn wasm_trap_delete(trap: *mut c_void);
    fn wasm_module_exports(module: *const c_void, out: *mut wasm_ptr_vec_t);
    fn wasm_exporttype_name(ty: *const c_void) -> *const wasm_byte_vec_t;
    fn wasm_exporttype_vec_delete(v: *mut wasm_ptr_vec_t);
}

static CALLS: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn mul(args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> *mut c_void {
    let args = &*args;
    let a = (*args.data).of.i32;
    let b = (*args.data.add(1)).of.i32;
    println!("callback mul({}, {})", a, b);
    CALLS.fetch_add(1, Ordering::SeqCst);
    let out = &mut *(*results).data;
    out.kind = WASM_I32;
    out.of.i32 = a.wrapping_mul(b);
    ptr::null_mut()
}

unsafe fn trap_text(trap: *mut c_void) -> String {
    let mut msg = wasm_byte_vec_t { size: 0, data: ptr::null_mut() };
    wasm_trap_message(trap, &mut msg);
    let bytes = std::slice::from_raw_parts(msg.data as *const u8, msg.size);
    let text = String::from_utf8_lossy(bytes).trim_end_matches('\0').to_string();
    wasm_byte_vec_delete(&mut msg);
    wasm_trap_delete(trap);
    text
}

fn fail(what: &str) -> ! {
    println!("host: FAILED: {}", what);
    std::process::exit(1);
}

fn main() {
    // The layout this file assumes is the standard one.
    assert_eq!(std::mem::size_of::<wasm_val_t>(), 16);
    assert_eq!(std::mem::size_of::<wasm_byte_vec_t>(), 16);

    let path = std::env::args().nth(1).unwrap_or_else(|| "host.wasm".to_string());
    let bytes = std::fs::read(&path).unwrap_or_else(|_| fail(&format!("cannot read {}", path)));

    unsafe {
        let engine = wasm_engine_new();
        let store = if engine.is_null() { ptr::null_mut() } else { wasm_store_new(engine) };
        if store.is_null() {
            fail("engine/store");
        }

        let mut binary = wasm_byte_vec_t { size: 0, data: ptr::null_mut() };
        wasm_byte_vec_new(&mut binary, bytes.len(), bytes.as_ptr() as *const c_char);
        let module = wasm_module_new(store, &binary);
        wasm_byte_vec_delete(&mut binary);
        if module.is_null() {
            fail("compile");
        }

        let params = [wasm_valtype_new(WASM_I32), wasm_valtype_new(WASM_I32)];
        let results = [wasm_valtype_new(WASM_I32)];
        let mut pv = wasm_valtype_vec_t { size: 0, data: ptr::null_mut() };
        let mut rv = wasm_valtype_vec_t { size: 0, data: ptr::null_mut() };
        wasm_valtype_vec_new(&mut pv, 2, params.as_ptr());
        wasm_valtype_vec_new(&mut rv, 1, results.as_ptr());
        let ty = wasm_functype_new(&mut pv, &mut rv);
        let func = wasm_func_new(store, ty, mul);
        wasm_functype_delete(ty);
        if func.is_null() {
            fail("callback");
        }

        let mut import_list = [wasm_func_as_extern(func)];
        let imports = wasm_extern_vec_t { size: 1, data: import_list.as_mut_ptr() };
        let mut trap: *mut c_void = ptr::null_mut();
        let instance = wasm_instance_new(store, module, &imports, &mut trap);
        if instance.is_null() {
            if !trap.is_null() {
                fail(&format!("instantiate: {}", trap_text(trap)));
            }
            fail("instantiate");
        }

        let mut exports = wasm_extern_vec_t { size: 0, data: ptr::null_mut() };
        wasm_instance_exports(instance, &mut exports);
        if exports.size != 2 {
            fail("exports");
        }
        let compute = wasm_extern_as_func(*exports.data.add(1));
        if compute.is_null() || !wasm_extern_as_func(*exports.data).is_null() {
            fail("export kinds");
        }

        for x in [7i32, -3] {
            let mut input = [wasm_val_t { kind: WASM_I32, of: wasm_val_union { i32: x } }];
            let mut output = [wasm_val_t { kind: WASM_I32, of: wasm_val_union { i64: 0 } }];
            let args = wasm_val_vec_t { size: 1, data: input.as_mut_ptr() };
            let mut res = wasm_val_vec_t { size: 1, data: output.as_mut_ptr() };
            let trap = wasm_func_call(compute, &args, &mut res);
            if !trap.is_null() {
                fail(&format!("trap: {}", trap_text(trap)));
            }
            let value = output[0].of.i32;
            println!("compute({}) = {}", x, value);
            if value != x * x + 1 {
                fail("wrong result");
            }
        }
        if CALLS.load(Ordering::SeqCst) != 2 {
            fail("callback count");
        }
        let mut types = wasm_ptr_vec_t { size: 0, data: ptr::null_mut() };
        wasm_module_exports(module, &mut types);
        let mut names = String::new();
        for i in 0..types.size {
            let name = &*wasm_exporttype_name(*types.data.add(i));
            let bytes = std::slice::from_raw_parts(name.data as *const u8, name.size);
            names.push(' ');
            names.push_str(&String::from_utf8_lossy(bytes));
        }
        wasm_exporttype_vec_delete(&mut types);
        println!("exports:{}", names);

        wasm_extern_vec_delete(&mut exports);
        wasm_instance_delete(instance);
        wasm_func_delete(func);
        wasm_module_delete(module);
        wasm_store_delete(store);
        wasm_engine_delete(engine);
    }
    println!("host: ok");
}
