/* threads: compile a module once, share it, and run it from several
 * threads, each with its own store. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "example.h"
#include "wasm.h"

#define THREADS 4
#define ITERATIONS 10

typedef struct {
  int id;
  wasm_engine_t* engine;
  const wasm_shared_module_t* shared;
  int32_t result;
  int ok;
} worker_t;

/* Multiplies by (thread id + 1); env points at the worker. */
static wasm_trap_t* scale_callback(void* env, const wasm_val_vec_t* args,
                                   wasm_val_vec_t* results) {
  const worker_t* w = (const worker_t*)env;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * (w->id + 1);
  return NULL;
}

static void* run_worker(void* arg) {
  worker_t* w = (worker_t*)arg;
  wasm_store_t* store = wasm_store_new(w->engine);
  if (!store) return NULL;
  wasm_module_t* module = wasm_module_obtain(store, w->shared);
  if (!module) { wasm_store_delete(store); return NULL; }

  wasm_functype_t* scale_type =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* scale =
      wasm_func_new_with_env(store, scale_type, scale_callback, w, NULL);
  wasm_functype_delete(scale_type);
  wasm_instance_t* instance = NULL;
  if (scale) {
    wasm_extern_t* externs[] = {wasm_func_as_extern(scale)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t* trap = NULL;
    instance = wasm_instance_new(store, module, &imports, &trap);
    if (trap) wasm_trap_delete(trap);
    wasm_func_delete(scale);
  }
  if (instance) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t* work =
        exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
    int good = work != NULL;
    for (int i = 0; good && i < ITERATIONS; i++) {
      wasm_val_t in[1] = {WASM_I32_VAL(100 + w->id)};
      wasm_val_t out[1] = {WASM_INIT_VAL};
      wasm_val_vec_t args = WASM_ARRAY_VEC(in);
      wasm_val_vec_t results = WASM_ARRAY_VEC(out);
      wasm_trap_t* trap = wasm_func_call(work, &args, &results);
      if (trap) {
        wasm_trap_delete(trap);
        good = 0;
      } else if (i > 0 && out[0].of.i32 != w->result) {
        good = 0;
      }
      w->result = out[0].of.i32;
    }
    w->ok = good;
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "threads.wasm", &binary) != 0) return 1;
  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Sharing module...\n");
  wasm_shared_module_t* shared = wasm_module_share(module);
  if (!shared) { printf("> Error sharing module!\n"); return 1; }
  /* The shared form outlives the module handle it came from. */
  wasm_module_delete(module);

  printf("Running %d threads...\n", THREADS);
  pthread_t threads[THREADS];
  worker_t workers[THREADS];
  for (int i = 0; i < THREADS; i++) {
    workers[i].id = i;
    workers[i].engine = engine;
    workers[i].shared = shared;
    workers[i].result = 0;
    workers[i].ok = 0;
    if (pthread_create(&threads[i], NULL, run_worker, &workers[i]) != 0) {
      printf("> Error creating thread!\n");
      return 1;
    }
  }
  for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);

  for (int i = 0; i < THREADS; i++)
    printf("Thread %d: %s, result %" PRId32 "\n", i,
           workers[i].ok ? "ok" : "FAILED", workers[i].result);

  printf("Shutting down...\n");
  wasm_shared_module_delete(shared);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
