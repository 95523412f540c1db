/* hello: instantiate a module with one host function and call into it. */
#include <stdio.h>
#include <stdlib.h>

#include "example.h"
#include "wasm.h"

static wasm_trap_t* hello_callback(const wasm_val_vec_t* args,
                                   wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  printf("Calling back...\n");
  printf("> Hello World!\n");
  return NULL;
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  if (!engine) { printf("> Error creating engine!\n"); return 1; }
  wasm_store_t* store = wasm_store_new(engine);
  if (!store) { printf("> Error creating store!\n"); return 1; }

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "hello.wasm", &binary) != 0) return 1;

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Creating callback...\n");
  wasm_functype_t* hello_type = wasm_functype_new_0_0();
  wasm_func_t* hello_func = wasm_func_new(store, hello_type, hello_callback);
  wasm_functype_delete(hello_type);
  if (!hello_func) { printf("> Error creating callback!\n"); return 1; }

  printf("Instantiating module...\n");
  wasm_extern_t* externs[] = {wasm_func_as_extern(hello_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    if (trap) print_and_delete_trap("> trap: ", trap);
    printf("> Error instantiating module!\n");
    return 1;
  }
  wasm_func_delete(hello_func);

  printf("Extracting export...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  if (exports.size != 1) { printf("> Error accessing exports!\n"); return 1; }
  const wasm_func_t* run = wasm_extern_as_func(exports.data[0]);
  if (!run) { printf("> Error accessing export!\n"); return 1; }

  printf("Calling export...\n");
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  trap = wasm_func_call(run, &args, &results);
  if (trap) {
    print_and_delete_trap("> trap: ", trap);
    printf("> Error calling function!\n");
    return 1;
  }

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
