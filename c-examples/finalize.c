/* finalize: host info finalizers and function env finalizers run exactly
 * once, at the latest when the store is deleted. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "example.h"
#include "wasm.h"

#define ROUNDS 50

/* One counter per object and kind of finalizer. */
static int foreign_count[ROUNDS];
static int env_count[ROUNDS];
static int func_info_count[ROUNDS];
static int instance_count[ROUNDS];
static int calls;

static void bump(void* counter) { (*(int*)counter)++; }

static wasm_trap_t* tick_callback(void* env, const wasm_val_vec_t* args,
                                  wasm_val_vec_t* results) {
  (void)env;
  calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

/* Summarizes one counter array: how many ran, and whether each ran once. */
static void report(const char* what, const int* counts) {
  int ran = 0;
  bool once = true;
  for (int i = 0; i < ROUNDS; i++) {
    if (counts[i] > 0) ran++;
    if (counts[i] != 1) once = false;
  }
  printf("%s: %d of %d ran, each exactly once: %s\n", what, ran, ROUNDS,
         once ? "yes" : "no");
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "finalize.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  wasm_functype_t* tick_type =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());

  printf("Creating objects...\n");
  int wrong = 0;
  for (int i = 0; i < ROUNDS; i++) {
    wasm_foreign_t* foreign = wasm_foreign_new(store);
    if (!foreign) { printf("> Error creating foreign!\n"); return 1; }
    wasm_foreign_set_host_info_with_finalizer(foreign, &foreign_count[i], bump);
    if (wasm_foreign_get_host_info(foreign) != &foreign_count[i]) wrong++;

    wasm_func_t* tick = wasm_func_new_with_env(store, tick_type, tick_callback,
                                               &env_count[i], bump);
    if (!tick) { printf("> Error creating function!\n"); return 1; }
    wasm_func_set_host_info_with_finalizer(tick, &func_info_count[i], bump);

    wasm_extern_t* externs[] = {wasm_func_as_extern(tick)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t* trap = NULL;
    wasm_instance_t* instance =
        wasm_instance_new(store, module, &imports, &trap);
    if (!instance) {
      if (trap) print_and_delete_trap("> trap: ", trap);
      printf("> Error instantiating module!\n");
      return 1;
    }
    wasm_instance_set_host_info_with_finalizer(instance, &instance_count[i],
                                               bump);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t* run =
        exports.size == 2 ? wasm_extern_as_func(exports.data[1]) : NULL;
    if (!run) { printf("> Error accessing export!\n"); return 1; }
    wasm_val_t in[1] = {WASM_I32_VAL(i)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in);
    wasm_val_vec_t results = WASM_ARRAY_VEC(out);
    trap = wasm_func_call(run, &args, &results);
    if (trap) { print_and_delete_trap("> trap: ", trap); return 1; }
    if (out[0].of.i32 != 2 * i) wrong++;

    /* Drop every handle; the objects may live on inside the store. */
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(tick);
    wasm_foreign_delete(foreign);
  }
  wasm_functype_delete(tick_type);
  printf("Calls: %d, wrong results or host info: %d\n", calls, wrong);

  /* Host info without a finalizer is just stored. */
  wasm_foreign_t* plain = wasm_foreign_new(store);
  if (!plain) { printf("> Error creating foreign!\n"); return 1; }
  printf("Fresh host info is NULL: %s\n",
         wasm_foreign_get_host_info(plain) == NULL ? "yes" : "no");
  wasm_foreign_set_host_info(plain, &calls);
  printf("Host info stored: %s\n",
         wasm_foreign_get_host_info(plain) == &calls ? "yes" : "no");
  wasm_foreign_delete(plain);

  printf("Deleting store...\n");
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  report("Foreign finalizers", foreign_count);
  report("Function env finalizers", env_count);
  report("Function host info finalizers", func_info_count);
  report("Instance host info finalizers", instance_count);
  printf("Done.\n");
  return 0;
}
