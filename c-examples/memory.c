/* memory: access and grow linear memory from the host and from wasm. */
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

/* Calls `func` with n i32 arguments; stores the i32 result (if any) in
 * *result. Returns false on a trap. */
static bool call_i32(const wasm_func_t* func, size_t n, const int32_t* in,
                     int32_t* result) {
  wasm_val_t args_buf[2];
  wasm_val_t out[1] = {WASM_INIT_VAL};
  for (size_t i = 0; i < n; i++) {
    args_buf[i].kind = WASM_I32;
    args_buf[i].of.i32 = in[i];
  }
  wasm_val_vec_t args = {n, args_buf};
  wasm_val_vec_t results = {wasm_func_result_arity(func), out};
  wasm_trap_t* trap = wasm_func_call(func, &args, &results);
  if (trap) {
    wasm_trap_delete(trap);
    return false;
  }
  if (result) *result = out[0].of.i32;
  return true;
}

static void load(const wasm_func_t* f, int32_t addr) {
  int32_t r = 0;
  if (call_i32(f, 1, &addr, &r))
    printf("load(0x%" PRIx32 ") = %" PRId32 "\n", (uint32_t)addr, r);
  else
    printf("load(0x%" PRIx32 ") -> trap\n", (uint32_t)addr);
}

static void store(const wasm_func_t* f, int32_t addr, int32_t value) {
  int32_t in[2] = {addr, value};
  if (call_i32(f, 2, in, NULL))
    printf("store(0x%" PRIx32 ", %" PRId32 ") ok\n", (uint32_t)addr, value);
  else
    printf("store(0x%" PRIx32 ", %" PRId32 ") -> trap\n", (uint32_t)addr,
           value);
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store_ = engine ? wasm_store_new(engine) : NULL;
  if (!store_) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "memory.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store_, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Instantiating module...\n");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance =
      wasm_instance_new(store_, module, &imports, &trap);
  if (!instance) {
    if (trap) print_and_delete_trap("> trap: ", trap);
    printf("> Error instantiating module!\n");
    return 1;
  }
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  if (exports.size != 4) { printf("> Error accessing exports!\n"); return 1; }
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t* size_func = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* load_func = wasm_extern_as_func(exports.data[2]);
  wasm_func_t* store_func = wasm_extern_as_func(exports.data[3]);
  if (!memory || !size_func || !load_func || !store_func) {
    printf("> Error accessing exports!\n");
    return 1;
  }
  CHECK(wasm_extern_as_memory(exports.data[1]) == NULL);

  printf("Checking memory...\n");
  wasm_memorytype_t* mt = wasm_memory_type(memory);
  const wasm_limits_t* limits = wasm_memorytype_limits(mt);
  printf("limits: min %" PRIu32 ", max %" PRIu32 "\n", limits->min,
         limits->max);
  wasm_memorytype_delete(mt);
  printf("pages = %" PRIu32 ", bytes = %zu\n", wasm_memory_size(memory),
         wasm_memory_data_size(memory));
  int32_t pages = 0;
  CHECK(call_i32(size_func, 0, NULL, &pages) && pages == 2);
  byte_t* data = wasm_memory_data(memory);
  printf("data[0x1000..0x1003] = %d %d %d %d\n", data[0x1000], data[0x1001],
         data[0x1002], data[0x1003]);
  load(load_func, 0x1000);
  load(load_func, 0x1003);
  load(load_func, 0x1ffff);
  load(load_func, 0x20000);
  load(load_func, -1);

  printf("Mutating memory...\n");
  store(store_func, 0x1002, 5);
  data = wasm_memory_data(memory);
  printf("data[0x1002] = %d\n", data[0x1002]);
  data[0x1004] = 9;
  load(load_func, 0x1004);
  store(store_func, 0x1ffff, 1);
  store(store_func, 0x20000, 1);

  printf("Growing memory...\n");
  printf("grow(1) -> %s\n", wasm_memory_grow(memory, 1) ? "true" : "false");
  printf("pages = %" PRIu32 ", bytes = %zu\n", wasm_memory_size(memory),
         wasm_memory_data_size(memory));
  CHECK(call_i32(size_func, 0, NULL, &pages) && pages == 3);
  load(load_func, 0x20000);
  store(store_func, 0x20000, 6);
  load(load_func, 0x20000);
  load(load_func, 0x30000);
  printf("grow(1) -> %s\n", wasm_memory_grow(memory, 1) ? "true" : "false");
  printf("grow(0) -> %s\n", wasm_memory_grow(memory, 0) ? "true" : "false");
  printf("pages = %" PRIu32 "\n", wasm_memory_size(memory));
  /* Data written before growing is still there. */
  data = wasm_memory_data(memory);
  printf("data[0x1002] = %d\n", data[0x1002]);

  printf("Creating a host memory...\n");
  wasm_limits_t host_limits = {0, 1};
  wasm_memorytype_t* host_mt = wasm_memorytype_new(&host_limits);
  wasm_memory_t* host_memory = wasm_memory_new(store_, host_mt);
  wasm_memorytype_delete(host_mt);
  if (!host_memory) { printf("> Error creating memory!\n"); return 1; }
  printf("pages = %" PRIu32 ", bytes = %zu\n", wasm_memory_size(host_memory),
         wasm_memory_data_size(host_memory));
  printf("grow(1) -> %s\n",
         wasm_memory_grow(host_memory, 1) ? "true" : "false");
  printf("grow(1) -> %s\n",
         wasm_memory_grow(host_memory, 1) ? "true" : "false");
  printf("pages = %" PRIu32 ", bytes = %zu\n", wasm_memory_size(host_memory),
         wasm_memory_data_size(host_memory));
  wasm_memory_delete(host_memory);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store_);
  wasm_engine_delete(engine);

  if (failures) { printf("> %d checks failed\n", failures); return 1; }
  printf("Done.\n");
  return 0;
}
