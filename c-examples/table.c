/* table: read, write and grow a funcref table from the host. */
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

static wasm_trap_t* triple_callback(const wasm_val_vec_t* args,
                                    wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 3 * args->data[0].of.i32;
  return NULL;
}

/* Calls call_indirect(index, arg); prints the result or "trap". */
static void call_indirect(const wasm_func_t* func, int32_t index,
                          int32_t arg) {
  wasm_val_t in[2] = {WASM_I32_VAL(index), WASM_I32_VAL(arg)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in);
  wasm_val_vec_t results = WASM_ARRAY_VEC(out);
  wasm_trap_t* trap = wasm_func_call(func, &args, &results);
  if (trap) {
    wasm_trap_delete(trap);
    printf("call_indirect(%" PRId32 ", %" PRId32 ") -> trap\n", index, arg);
  } else {
    printf("call_indirect(%" PRId32 ", %" PRId32 ") -> %" PRId32 "\n", index,
           arg, out[0].of.i32);
  }
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "table.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Instantiating module...\n");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    if (trap) print_and_delete_trap("> trap: ", trap);
    printf("> Error instantiating module!\n");
    return 1;
  }
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  if (exports.size != 3) { printf("> Error accessing exports!\n"); return 1; }
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  wasm_func_t* call_indirect_func = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* double_func = wasm_extern_as_func(exports.data[2]);
  if (!table || !call_indirect_func || !double_func) {
    printf("> Error accessing exports!\n");
    return 1;
  }
  /* The wrong kind gives NULL. */
  CHECK(wasm_extern_as_func(exports.data[0]) == NULL);
  CHECK(wasm_extern_as_table(exports.data[1]) == NULL);

  printf("Checking table...\n");
  wasm_tabletype_t* tt = wasm_table_type(table);
  const wasm_limits_t* limits = wasm_tabletype_limits(tt);
  printf("type: %s, min %" PRIu32 ", max %" PRIu32 "\n",
         wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF
             ? "funcref"
             : "other",
         limits->min, limits->max);
  wasm_tabletype_delete(tt);
  printf("size = %" PRIu32 "\n", wasm_table_size(table));
  call_indirect(call_indirect_func, 0, 5);
  call_indirect(call_indirect_func, 1, 5);
  call_indirect(call_indirect_func, 2, 5);

  wasm_ref_t* entry = wasm_table_get(table, 0);
  CHECK(entry != NULL);
  if (entry) {
    wasm_func_t* f = wasm_ref_as_func(entry);
    CHECK(f != NULL);
    if (f) {
      wasm_val_t in[1] = {WASM_I32_VAL(7)};
      wasm_val_t out[1] = {WASM_INIT_VAL};
      wasm_val_vec_t args = WASM_ARRAY_VEC(in);
      wasm_val_vec_t results = WASM_ARRAY_VEC(out);
      trap = wasm_func_call(f, &args, &results);
      CHECK(trap == NULL);
      if (trap) wasm_trap_delete(trap);
      printf("table[0](7) = %" PRId32 "\n", out[0].of.i32);
    }
    wasm_ref_delete(entry);
  }
  printf("get(5) is NULL: %s\n", wasm_table_get(table, 5) ? "no" : "yes");

  printf("Mutating table...\n");
  wasm_functype_t* i2i =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* triple = wasm_func_new(store, i2i, triple_callback);
  wasm_functype_delete(i2i);
  if (!triple) { printf("> Error creating function!\n"); return 1; }
  printf("set(1, host) -> %s\n",
         wasm_table_set(table, 1, wasm_func_as_ref(triple)) ? "true" : "false");
  printf("set(2, host) -> %s\n",
         wasm_table_set(table, 2, wasm_func_as_ref(triple)) ? "true" : "false");
  call_indirect(call_indirect_func, 1, 5);

  printf("Growing table...\n");
  printf("grow(3) -> %s\n", wasm_table_grow(table, 3, NULL) ? "true" : "false");
  printf("size = %" PRIu32 "\n", wasm_table_size(table));
  wasm_ref_t* empty = wasm_table_get(table, 4);
  printf("get(4) is NULL: %s\n", empty ? "no" : "yes");
  if (empty) wasm_ref_delete(empty);
  call_indirect(call_indirect_func, 4, 5);
  printf("set(4, double) -> %s\n",
         wasm_table_set(table, 4, wasm_func_as_ref(double_func)) ? "true"
                                                                  : "false");
  call_indirect(call_indirect_func, 4, 5);
  printf("set(4, null) -> %s\n",
         wasm_table_set(table, 4, NULL) ? "true" : "false");
  call_indirect(call_indirect_func, 4, 5);
  printf("grow(6) -> %s\n", wasm_table_grow(table, 6, NULL) ? "true" : "false");
  printf("grow(5) -> %s\n",
         wasm_table_grow(table, 5, wasm_func_as_ref(triple)) ? "true"
                                                              : "false");
  printf("size = %" PRIu32 "\n", wasm_table_size(table));
  call_indirect(call_indirect_func, 9, 2);

  printf("Creating a host table...\n");
  wasm_limits_t host_limits = {1, 2};
  wasm_tabletype_t* host_tt =
      wasm_tabletype_new(wasm_valtype_new_funcref(), &host_limits);
  wasm_table_t* host_table = wasm_table_new(store, host_tt, NULL);
  wasm_tabletype_delete(host_tt);
  if (!host_table) { printf("> Error creating table!\n"); return 1; }
  printf("size = %" PRIu32 "\n", wasm_table_size(host_table));
  printf("grow(1) -> %s\n",
         wasm_table_grow(host_table, 1, NULL) ? "true" : "false");
  printf("grow(1) -> %s\n",
         wasm_table_grow(host_table, 1, NULL) ? "true" : "false");
  printf("size = %" PRIu32 "\n", wasm_table_size(host_table));
  wasm_table_delete(host_table);

  printf("Shutting down...\n");
  wasm_func_delete(triple);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  if (failures) { printf("> %d checks failed\n", failures); return 1; }
  printf("Done.\n");
  return 0;
}
