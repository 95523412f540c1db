/* multi: functions with several parameters and results, including a
 * host callback and a wasm function with 300 results. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "example.h"
#include "wasm.h"

#define MANY 300

/* Returns its four arguments in reverse order. */
static wasm_trap_t* swap_callback(const wasm_val_vec_t* args,
                                  wasm_val_vec_t* results) {
  printf("Calling back...\n");
  printf("> %" PRId32 " %" PRId64 " %" PRId64 " %" PRId32 "\n",
         args->data[0].of.i32, args->data[1].of.i64, args->data[2].of.i64,
         args->data[3].of.i32);
  for (size_t i = 0; i < 4; i++) results->data[i] = args->data[3 - i];
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "multi.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Creating callback...\n");
  wasm_valtype_t* params[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                               wasm_valtype_new_i64(), wasm_valtype_new_i32()};
  wasm_valtype_t* result_types[4] = {
      wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
      wasm_valtype_new_i32()};
  wasm_valtype_vec_t param_vec, result_vec;
  wasm_valtype_vec_new(&param_vec, 4, params);
  wasm_valtype_vec_new(&result_vec, 4, result_types);
  wasm_functype_t* swap_type = wasm_functype_new(&param_vec, &result_vec);
  wasm_func_t* swap = wasm_func_new(store, swap_type, swap_callback);
  wasm_functype_delete(swap_type);
  if (!swap) { printf("> Error creating callback!\n"); return 1; }
  printf("Callback arity: %zu -> %zu\n", wasm_func_param_arity(swap),
         wasm_func_result_arity(swap));

  printf("Instantiating module...\n");
  wasm_extern_t* externs[] = {wasm_func_as_extern(swap)};
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
  if (exports.size != 2) { printf("> Error accessing exports!\n"); return 1; }
  const wasm_func_t* roundtrip = wasm_extern_as_func(exports.data[0]);
  const wasm_func_t* many = wasm_extern_as_func(exports.data[1]);
  if (!roundtrip || !many) { printf("> Error accessing exports!\n"); return 1; }

  printf("Calling roundtrip...\n");
  wasm_val_t in[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3),
                      WASM_I32_VAL(4)};
  wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL,
                       WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in);
  wasm_val_vec_t results = WASM_ARRAY_VEC(out);
  trap = wasm_func_call(roundtrip, &args, &results);
  if (trap) { print_and_delete_trap("> trap: ", trap); return 1; }
  printf("Results: %" PRId32 " %" PRId64 " %" PRId64 " %" PRId32 "\n",
         out[0].of.i32, out[1].of.i64, out[2].of.i64, out[3].of.i32);
  printf("Result kinds: %d %d %d %d\n", out[0].kind, out[1].kind, out[2].kind,
         out[3].kind);

  printf("Calling the same function from the host directly...\n");
  trap = wasm_func_call(swap, &args, &results);
  if (trap) { print_and_delete_trap("> trap: ", trap); return 1; }
  printf("Results: %" PRId32 " %" PRId64 " %" PRId64 " %" PRId32 "\n",
         out[0].of.i32, out[1].of.i64, out[2].of.i64, out[3].of.i32);
  wasm_func_delete(swap);

  printf("Calling many...\n");
  printf("Arity: %zu -> %zu\n", wasm_func_param_arity(many),
         wasm_func_result_arity(many));
  wasm_val_vec_t many_results;
  wasm_val_vec_new_uninitialized(&many_results, MANY);
  wasm_val_vec_t no_args = WASM_EMPTY_VEC;
  trap = wasm_func_call(many, &no_args, &many_results);
  if (trap) { print_and_delete_trap("> trap: ", trap); return 1; }
  bool in_order = true;
  int64_t sum = 0;
  for (size_t i = 0; i < many_results.size; i++) {
    if (many_results.data[i].kind != WASM_I32 ||
        many_results.data[i].of.i32 != (int32_t)i)
      in_order = false;
    sum += many_results.data[i].of.i32;
  }
  printf("%zu results, in order: %s, sum %" PRId64 "\n", many_results.size,
         in_order ? "yes" : "no", sum);
  wasm_val_vec_delete(&many_results);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
