/* trap: traps from a host callback and from wasm code. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "wasm.h"

/* The callback raises a trap created in the store passed as its env. */
static wasm_trap_t* fail_callback(void* env, const wasm_val_vec_t* args,
                                  wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_store_t* store = (wasm_store_t*)env;
  printf("Calling back...\n");
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "boom from host");
  wasm_trap_t* trap = wasm_trap_new(store, &message);
  wasm_name_delete(&message);
  return trap;
}

/* Returns true if the trap message contains `text`. */
static bool message_contains(const wasm_trap_t* trap, const char* text) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  bool found = false;
  size_t n = strlen(text);
  for (size_t i = 0; i + n <= message.size && !found; i++)
    found = memcmp(message.data + i, text, n) == 0;
  wasm_byte_vec_delete(&message);
  return found;
}

static wasm_trap_t* call_div(const wasm_func_t* div, int32_t a, int32_t b,
                             int32_t* out) {
  wasm_val_t in[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in);
  wasm_val_vec_t results = WASM_ARRAY_VEC(res);
  wasm_trap_t* trap = wasm_func_call(div, &args, &results);
  *out = res[0].of.i32;
  return trap;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "trap.wasm", &binary) != 0) return 1;
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Creating callback...\n");
  wasm_functype_t* fail_type = wasm_functype_new_0_0();
  wasm_func_t* fail_func =
      wasm_func_new_with_env(store, fail_type, fail_callback, store, NULL);
  wasm_functype_delete(fail_type);
  if (!fail_func) { printf("> Error creating callback!\n"); return 1; }

  printf("Instantiating module...\n");
  wasm_extern_t* externs[] = {wasm_func_as_extern(fail_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    if (trap) print_and_delete_trap("> trap: ", trap);
    printf("> Error instantiating module!\n");
    return 1;
  }
  wasm_func_delete(fail_func);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  if (exports.size != 3) { printf("> Error accessing exports!\n"); return 1; }
  const wasm_func_t* call_host = wasm_extern_as_func(exports.data[0]);
  const wasm_func_t* unreachable = wasm_extern_as_func(exports.data[1]);
  const wasm_func_t* div = wasm_extern_as_func(exports.data[2]);
  if (!call_host || !unreachable || !div) {
    printf("> Error accessing exports!\n");
    return 1;
  }

  printf("Calling call_host...\n");
  wasm_val_vec_t no_args = WASM_EMPTY_VEC;
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  trap = wasm_func_call(call_host, &no_args, &no_results);
  if (!trap) { printf("> Error: no trap!\n"); return 1; }
  print_and_delete_trap("Trap: ", trap);

  printf("Calling unreachable...\n");
  trap = wasm_func_call(unreachable, &no_args, &no_results);
  if (!trap) { printf("> Error: no trap!\n"); return 1; }
  printf("Mentions unreachable: %s\n",
         message_contains(trap, "unreachable") ? "yes" : "no");
  wasm_frame_t* origin = wasm_trap_origin(trap);
  if (origin) {
    printf("Origin: func %" PRIu32 "\n", wasm_frame_func_index(origin));
    printf("Origin has an instance: %s\n",
           wasm_frame_instance(origin) != NULL ? "yes" : "no");
    wasm_frame_delete(origin);
  } else {
    printf("Origin: none\n");
  }
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  printf("Trace:");
  for (size_t i = 0; i < trace.size; i++)
    printf(" %" PRIu32, wasm_frame_func_index(trace.data[i]));
  printf("\n");
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  printf("Calling div...\n");
  int32_t q = 0;
  trap = call_div(div, 7, 2, &q);
  if (trap) { print_and_delete_trap("> trap: ", trap); return 1; }
  printf("div(7, 2) = %" PRId32 "\n", q);
  trap = call_div(div, 1, 0, &q);
  if (!trap) { printf("> Error: no trap!\n"); return 1; }
  printf("div(1, 0) traps, mentions divide by zero: %s\n",
         message_contains(trap, "divide by zero") ? "yes" : "no");
  wasm_trap_delete(trap);
  trap = call_div(div, INT32_MIN, -1, &q);
  if (!trap) { printf("> Error: no trap!\n"); return 1; }
  printf("div(INT32_MIN, -1) traps, mentions overflow: %s\n",
         message_contains(trap, "overflow") ? "yes" : "no");
  wasm_trap_delete(trap);

  printf("Creating a trap directly...\n");
  wasm_message_t text;
  wasm_name_new_from_string_nt(&text, "made by the host");
  trap = wasm_trap_new(store, &text);
  wasm_name_delete(&text);
  if (!trap) { printf("> Error creating trap!\n"); return 1; }
  wasm_frame_t* none = wasm_trap_origin(trap);
  printf("Has origin: %s\n", none ? "yes" : "no");
  if (none) wasm_frame_delete(none);
  /* A trap is a reference like any other runtime object. */
  wasm_ref_t* ref = wasm_trap_as_ref(trap);
  printf("Ref round-trip: %s\n", wasm_ref_as_trap(ref) == trap ? "yes" : "no");
  print_and_delete_trap("Trap: ", trap);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
