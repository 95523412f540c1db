/* serialize: compile once, serialize, deserialize, and run the result. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "example.h"
#include "wasm.h"

static wasm_trap_t* hello_callback(const wasm_val_vec_t* args,
                                   wasm_val_vec_t* results) {
  (void)results;
  printf("Calling back...\n");
  printf("> Hello %" PRId32 "!\n", args->data[0].of.i32);
  return NULL;
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "serialize.wasm", &binary) != 0) return 1;

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Serializing module...\n");
  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  if (serialized.size == 0) { printf("> Error serializing module!\n"); return 1; }
  wasm_module_delete(module);

  printf("Deserializing module...\n");
  wasm_module_t* deserialized = wasm_module_deserialize(store, &serialized);
  if (!deserialized) { printf("> Error deserializing module!\n"); return 1; }

  /* A damaged image is refused, not trusted. */
  wasm_byte_vec_t damaged;
  wasm_byte_vec_copy(&damaged, &serialized);
  for (size_t i = 0; i < damaged.size && i < 16; i++) damaged.data[i] ^= 0x5a;
  wasm_module_t* bad = wasm_module_deserialize(store, &damaged);
  printf("Damaged image refused: %s\n", bad ? "no" : "yes");
  if (bad) wasm_module_delete(bad);
  wasm_byte_vec_delete(&damaged);
  wasm_byte_vec_delete(&serialized);

  /* The deserialized module has the same interface. */
  wasm_importtype_vec_t import_types;
  wasm_module_imports(deserialized, &import_types);
  wasm_exporttype_vec_t export_types;
  wasm_module_exports(deserialized, &export_types);
  printf("Imports: %zu, exports: %zu\n", import_types.size, export_types.size);
  wasm_importtype_vec_delete(&import_types);
  wasm_exporttype_vec_delete(&export_types);

  printf("Creating callback...\n");
  wasm_functype_t* hello_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* hello_func = wasm_func_new(store, hello_type, hello_callback);
  wasm_functype_delete(hello_type);
  if (!hello_func) { printf("> Error creating callback!\n"); return 1; }

  printf("Instantiating deserialized module...\n");
  wasm_extern_t* externs[] = {wasm_func_as_extern(hello_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance =
      wasm_instance_new(store, deserialized, &imports, &trap);
  if (!instance) {
    if (trap) print_and_delete_trap("> trap: ", trap);
    printf("> Error instantiating module!\n");
    return 1;
  }
  wasm_func_delete(hello_func);

  printf("Extracting export...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  const wasm_func_t* run =
      exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!run) { printf("> Error accessing export!\n"); return 1; }

  printf("Calling export...\n");
  wasm_val_t in[1] = {WASM_I32_VAL(41)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in);
  wasm_val_vec_t results = WASM_ARRAY_VEC(out);
  trap = wasm_func_call(run, &args, &results);
  if (trap) {
    print_and_delete_trap("> trap: ", trap);
    printf("> Error calling function!\n");
    return 1;
  }
  printf("Result: %" PRId32 "\n", out[0].of.i32);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(deserialized);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
