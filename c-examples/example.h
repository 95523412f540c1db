/* Small helpers shared by the swasm C examples. */
#ifndef SWASM_EXAMPLE_H
#define SWASM_EXAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

/* Reads DIR/NAME (DIR = argv[1], or "." when absent) into `out`, which the
 * caller frees with wasm_byte_vec_delete. Returns 0 on success. */
static inline int load_wasm(int argc, char** argv, const char* name,
                     wasm_byte_vec_t* out) {
  const char* dir = argc > 1 ? argv[1] : ".";
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= sizeof path) {
    fprintf(stderr, "> path too long\n");
    return 1;
  }
  FILE* file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "> cannot open %s\n", path);
    return 1;
  }
  long size = -1;
  if (fseek(file, 0L, SEEK_END) == 0) size = ftell(file);
  if (size < 0 || fseek(file, 0L, SEEK_SET) != 0) {
    fprintf(stderr, "> cannot size %s\n", path);
    fclose(file);
    return 1;
  }
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  if (size > 0 && fread(out->data, (size_t)size, 1, file) != 1) {
    fprintf(stderr, "> cannot read %s\n", path);
    wasm_byte_vec_delete(out);
    fclose(file);
    return 1;
  }
  fclose(file);
  return 0;
}

/* Prints a trap's message to stdout (prefixed) and deletes the trap. */
static inline void print_and_delete_trap(const char* prefix, wasm_trap_t* trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  /* The message is NUL-terminated; print it without relying on that. */
  int len = (int)message.size;
  if (len > 0 && message.data[len - 1] == '\0') len--;
  printf("%s%.*s\n", prefix, len, message.data);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
}

/* Finds the export called `name` in `exports` using the module's export
 * types; returns a borrowed extern or NULL. */
static inline wasm_extern_t* find_export(const wasm_module_t* module,
                                  const wasm_extern_vec_t* exports,
                                  const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_t* found = NULL;
  size_t len = strlen(name);
  for (size_t i = 0; i < types.size && i < exports->size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == len && memcmp(n->data, name, len) == 0) {
      found = exports->data[i];
      break;
    }
  }
  wasm_exporttype_vec_delete(&types);
  return found;
}

#endif
