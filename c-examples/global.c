/* global: read and write globals from the host and from wasm. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "example.h"
#include "wasm.h"

static int failures = 0;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      printf("> check failed (line %d): %s\n", __LINE__, #cond);      \
      failures++;                                                     \
    }                                                                 \
  } while (0)

/* Calls a function with up to one argument and up to one result. */
static wasm_val_t call(const wasm_func_t* func, const wasm_val_t* arg) {
  wasm_val_t result = WASM_INIT_VAL;
  wasm_val_t arg_copy;
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  if (arg) {
    arg_copy = *arg;
    args.size = 1;
    args.data = &arg_copy;
  }
  wasm_val_vec_t results = {wasm_func_result_arity(func), &result};
  wasm_trap_t* trap = wasm_func_call(func, &args, &results);
  if (trap) {
    print_and_delete_trap("> unexpected trap: ", trap);
    failures++;
  }
  return result;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "global.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Creating globals...\n");
  wasm_globaltype_t* const_f32_type =
      wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_globaltype_t* var_i64_type =
      wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t f32_init = WASM_F32_VAL(1.5f);
  wasm_val_t i64_init = WASM_I64_VAL(2);
  wasm_global_t* const_f32 = wasm_global_new(store, const_f32_type, &f32_init);
  wasm_global_t* var_i64 = wasm_global_new(store, var_i64_type, &i64_init);
  wasm_globaltype_delete(const_f32_type);
  wasm_globaltype_delete(var_i64_type);
  if (!const_f32 || !var_i64) { printf("> Error creating globals!\n"); return 1; }

  /* A global type reports what it was created with. */
  wasm_globaltype_t* t = wasm_global_type(var_i64);
  CHECK(wasm_globaltype_mutability(t) == WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == WASM_I64);
  wasm_globaltype_delete(t);

  printf("Instantiating module...\n");
  wasm_extern_t* externs[] = {wasm_global_as_extern(const_f32),
                              wasm_global_as_extern(var_i64)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    if (trap) print_and_delete_trap("> trap: ", trap);
    printf("> Error instantiating module!\n");
    return 1;
  }

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  if (exports.size != 7) { printf("> Error accessing exports!\n"); return 1; }
  wasm_global_t* own_i32 = wasm_extern_as_global(exports.data[0]);
  wasm_global_t* const_f64 = wasm_extern_as_global(exports.data[1]);
  wasm_func_t* get_const_f32 = wasm_extern_as_func(exports.data[2]);
  wasm_func_t* get_var_i64 = wasm_extern_as_func(exports.data[3]);
  wasm_func_t* set_var_i64 = wasm_extern_as_func(exports.data[4]);
  wasm_func_t* get_own_i32 = wasm_extern_as_func(exports.data[5]);
  wasm_func_t* set_own_i32 = wasm_extern_as_func(exports.data[6]);
  if (!own_i32 || !const_f64 || !get_const_f32 || !get_var_i64 ||
      !set_var_i64 || !get_own_i32 || !set_own_i32) {
    printf("> Error accessing exports!\n");
    return 1;
  }

  printf("Reading globals...\n");
  wasm_val_t v;
  wasm_global_get(const_f32, &v);
  CHECK(v.kind == WASM_F32);
  printf("const_f32 (host) = %.2f\n", v.of.f32);
  v = call(get_const_f32, NULL);
  printf("const_f32 (wasm) = %.2f\n", v.of.f32);
  wasm_global_get(const_f64, &v);
  CHECK(v.kind == WASM_F64);
  printf("const_f64 (host) = %.2f\n", v.of.f64);
  wasm_global_get(own_i32, &v);
  CHECK(v.kind == WASM_I32);
  printf("own_i32 (host) = %" PRId32 "\n", v.of.i32);

  printf("Modifying globals...\n");
  wasm_val_t i64_new = WASM_I64_VAL(-40);
  wasm_global_set(var_i64, &i64_new);
  v = call(get_var_i64, NULL);
  printf("var_i64 after host set (wasm) = %" PRId64 "\n", v.of.i64);

  wasm_val_t i64_arg = WASM_I64_VAL(INT64_C(1) << 40);
  call(set_var_i64, &i64_arg);
  wasm_global_get(var_i64, &v);
  printf("var_i64 after wasm set (host) = %" PRId64 "\n", v.of.i64);

  wasm_val_t i32_new = WASM_I32_VAL(123);
  wasm_global_set(own_i32, &i32_new);
  v = call(get_own_i32, NULL);
  printf("own_i32 after host set (wasm) = %" PRId32 "\n", v.of.i32);

  wasm_val_t i32_arg = WASM_I32_VAL(-9);
  call(set_own_i32, &i32_arg);
  wasm_global_get(own_i32, &v);
  printf("own_i32 after wasm set (host) = %" PRId32 "\n", v.of.i32);

  /* Exported globals keep their types. */
  wasm_globaltype_t* ct = wasm_global_type(const_f64);
  printf("const_f64 mutability = %s\n",
         wasm_globaltype_mutability(ct) == WASM_CONST ? "const" : "var");
  wasm_globaltype_delete(ct);

  /* Two handles to one global are the same object. */
  wasm_global_t* again = wasm_global_copy(own_i32);
  CHECK(again && wasm_global_same(again, own_i32));
  CHECK(!wasm_global_same(own_i32, var_i64));
  if (again) wasm_global_delete(again);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(const_f32);
  wasm_global_delete(var_i64);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  if (failures) { printf("> %d checks failed\n", failures); return 1; }
  printf("Done.\n");
  return 0;
}
