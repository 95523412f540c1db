/* start: a start function that traps makes instantiation fail with a trap
 * whose frames locate the fault. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "wasm.h"

static void print_frame(const char* label, const wasm_frame_t* frame) {
  printf("%s: func %" PRIu32 ", module offset 0x%zx, function offset %zu\n", label,
         wasm_frame_func_index(frame), wasm_frame_module_offset(frame), wasm_frame_func_offset(frame));
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "start.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Instantiating module...\n");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (instance) {
    printf("> Error: instantiation should have trapped!\n");
    wasm_instance_delete(instance);
    return 1;
  }
  if (!trap) {
    printf("> Error: no trap returned!\n");
    return 1;
  }
  printf("Instantiation failed with a trap.\n");

  wasm_message_t message;
  wasm_trap_message(trap, &message);
  bool terminated = message.size > 0 && message.data[message.size - 1] == '\0';
  printf("Message is NUL-terminated: %s\n", terminated ? "yes" : "no");
  printf("Message mentions unreachable: %s\n",
         terminated && strstr(message.data, "unreachable") ? "yes" : "no");
  wasm_byte_vec_delete(&message);

  wasm_frame_t* origin = wasm_trap_origin(trap);
  if (!origin) { printf("> Error: no origin frame!\n"); return 1; }
  print_frame("Origin", origin);
  wasm_frame_t* origin_copy = wasm_frame_copy(origin);
  if (!origin_copy) { printf("> Error copying frame!\n"); return 1; }
  print_frame("Origin copy", origin_copy);
  wasm_frame_delete(origin_copy);
  wasm_frame_delete(origin);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  printf("Trace has %zu frames:\n", trace.size);
  for (size_t i = 0; i < trace.size; i++) {
    char label[32];
    snprintf(label, sizeof label, "  #%zu", i);
    print_frame(label, trace.data[i]);
  }
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
