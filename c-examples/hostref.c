/* hostref: host objects passed to wasm as externref and back. */
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

/* Calls `func` with 0..2 arguments and 0..1 result; the result (owned by
 * the caller) is stored in *out when there is one. */
static void call(const wasm_func_t* func, size_t nargs, wasm_val_t* in,
                 wasm_val_t* out) {
  wasm_val_t dummy = WASM_INIT_VAL;
  wasm_val_vec_t args = {nargs, in};
  wasm_val_vec_t results = {wasm_func_result_arity(func), out ? out : &dummy};
  wasm_trap_t* trap = wasm_func_call(func, &args, &results);
  if (trap) {
    print_and_delete_trap("> unexpected trap: ", trap);
    failures++;
    if (out) *out = dummy;
  }
}

static wasm_val_t ref_val(wasm_ref_t* ref) {
  wasm_val_t v;
  v.kind = WASM_EXTERNREF;
  v.of.ref = ref;
  return v;
}

static wasm_val_t i32_val(int32_t i) {
  wasm_val_t v;
  v.kind = WASM_I32;
  v.of.i32 = i;
  return v;
}

/* Describes a reference relative to the host object `mine`. */
static const char* describe(const wasm_ref_t* ref, const wasm_ref_t* mine) {
  if (!ref) return "null";
  if (!wasm_ref_same(ref, mine)) return "another object";
  const wasm_foreign_t* f = wasm_ref_as_foreign_const(ref);
  if (!f) return "not a foreign";
  const int* info = (const int*)wasm_foreign_get_host_info(f);
  return info && *info == 42 ? "my object (host info 42)" : "my object (bad info)";
}

int main(int argc, char** argv) {
  static int host_data = 42;

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "hostref.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

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
  if (exports.size != 8) { printf("> Error accessing exports!\n"); return 1; }
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  wasm_global_t* global = wasm_extern_as_global(exports.data[1]);
  const wasm_func_t* identity = wasm_extern_as_func(exports.data[2]);
  const wasm_func_t* is_null = wasm_extern_as_func(exports.data[3]);
  const wasm_func_t* table_set = wasm_extern_as_func(exports.data[4]);
  const wasm_func_t* table_get = wasm_extern_as_func(exports.data[5]);
  const wasm_func_t* global_set = wasm_extern_as_func(exports.data[6]);
  const wasm_func_t* global_get = wasm_extern_as_func(exports.data[7]);
  if (!table || !global || !identity || !is_null || !table_set ||
      !table_get || !global_set || !global_get) {
    printf("> Error accessing exports!\n");
    return 1;
  }

  printf("Creating a host object...\n");
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  if (!foreign) { printf("> Error creating foreign object!\n"); return 1; }
  wasm_foreign_set_host_info(foreign, &host_data);
  wasm_ref_t* mine = wasm_foreign_as_ref(foreign);
  CHECK(wasm_ref_as_foreign(mine) != NULL);
  CHECK(wasm_ref_as_func(mine) == NULL);

  wasm_ref_t* copy = wasm_ref_copy(mine);
  printf("copy: %s\n", describe(copy, mine));
  if (copy) wasm_ref_delete(copy);

  printf("Passing through wasm...\n");
  wasm_val_t arg = ref_val(mine);
  wasm_val_t res = WASM_INIT_VAL;
  call(identity, 1, &arg, &res);
  printf("identity(obj): %s\n", describe(res.of.ref, mine));
  wasm_val_delete(&res);
  arg = ref_val(NULL);
  call(identity, 1, &arg, &res);
  printf("identity(null): %s\n", describe(res.of.ref, mine));
  wasm_val_delete(&res);

  arg = ref_val(mine);
  call(is_null, 1, &arg, &res);
  printf("is_null(obj) = %" PRId32 "\n", res.of.i32);
  arg = ref_val(NULL);
  call(is_null, 1, &arg, &res);
  printf("is_null(null) = %" PRId32 "\n", res.of.i32);

  printf("Storing in a table...\n");
  wasm_val_t set_args[2] = {i32_val(1), ref_val(mine)};
  call(table_set, 2, set_args, NULL);
  wasm_val_t index = i32_val(1);
  call(table_get, 1, &index, &res);
  printf("table_get(1) from wasm: %s\n", describe(res.of.ref, mine));
  wasm_val_delete(&res);
  wasm_ref_t* entry = wasm_table_get(table, 1);
  printf("table[1] from host: %s\n", describe(entry, mine));
  if (entry) wasm_ref_delete(entry);
  entry = wasm_table_get(table, 0);
  printf("table[0] from host: %s\n", describe(entry, mine));
  if (entry) wasm_ref_delete(entry);
  CHECK(wasm_table_set(table, 2, mine));
  index = i32_val(2);
  call(table_get, 1, &index, &res);
  printf("table_get(2) after host set: %s\n", describe(res.of.ref, mine));
  wasm_val_delete(&res);

  printf("Storing in a global...\n");
  arg = ref_val(mine);
  call(global_set, 1, &arg, NULL);
  wasm_val_t g;
  wasm_global_get(global, &g);
  printf("global from host: %s\n", describe(g.of.ref, mine));
  wasm_val_delete(&g);
  wasm_val_t null_val = ref_val(NULL);
  wasm_global_set(global, &null_val);
  call(global_get, 0, NULL, &res);
  printf("global from wasm after host reset: %s\n", describe(res.of.ref, mine));
  wasm_val_delete(&res);

  /* wasm_val_copy duplicates the reference. */
  wasm_val_t original = ref_val(mine);
  wasm_val_t duplicate;
  wasm_val_copy(&duplicate, &original);
  printf("val copy: %s\n", describe(duplicate.of.ref, mine));
  wasm_val_delete(&duplicate);

  printf("Shutting down...\n");
  wasm_foreign_delete(foreign);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  if (failures) { printf("> %d checks failed\n", failures); return 1; }
  printf("Done.\n");
  return 0;
}
