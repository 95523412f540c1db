/* abi_layout: the layout of every public type, the value of every public
 * enumerator and the signature of key functions, checked against the
 * standard wasm-c-api ABI on LP64 targets (x86-64 and arm64 Linux/macOS).
 *
 * Most checks are compile-time (_Static_assert, function pointer
 * assignments that only compile with the exact signature); the runtime part
 * repeats the layout checks so the result shows up in the test log. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "swasm.h"
#include "wasi.h"
#include "wasm.h"

#if !(UINTPTR_MAX == UINT64_MAX)
#error "abi_layout.c checks the LP64 layout; this target is not 64-bit"
#endif

#define SA(cond) _Static_assert(cond, #cond)

/* Basic types */
SA(sizeof(byte_t) == 1);
SA(sizeof(wasm_byte_t) == 1);
SA(sizeof(float32_t) == 4);
SA(sizeof(float64_t) == 8);
SA(sizeof(wasm_valkind_t) == 1);
SA(sizeof(wasm_mutability_t) == 1);
SA(sizeof(wasm_externkind_t) == 1);
SA(sizeof(wasm_table_size_t) == 4);
SA(sizeof(wasm_memory_pages_t) == 4);

/* Enumerators */
SA(WASM_I32 == 0 && WASM_I64 == 1 && WASM_F32 == 2 && WASM_F64 == 3);
SA(WASM_EXTERNREF == 128 && WASM_ANYREF == 128 && WASM_FUNCREF == 129);
SA(WASM_CONST == 0 && WASM_VAR == 1);
SA(WASM_EXTERN_FUNC == 0 && WASM_EXTERN_GLOBAL == 1 &&
   WASM_EXTERN_TABLE == 2 && WASM_EXTERN_MEMORY == 3 && WASM_EXTERN_TAG == 4);
SA(WASMTIME_WASI_DIR_PERMS_READ == 1 && WASMTIME_WASI_DIR_PERMS_WRITE == 2);
SA(WASMTIME_WASI_FILE_PERMS_READ == 1 && WASMTIME_WASI_FILE_PERMS_WRITE == 2);
SA(sizeof(wasi_dir_perms) == sizeof(size_t));
SA(sizeof(wasi_file_perms) == sizeof(size_t));
SA(SWASM_STRATEGY_AUTO == 0 && SWASM_STRATEGY_INTERPRETER == 1 &&
   SWASM_STRATEGY_COMPILER == 2);
SA(sizeof(swasm_strategy_t) == 4);

/* wasm_limits_t */
SA(sizeof(wasm_limits_t) == 8);
SA(offsetof(wasm_limits_t, min) == 0);
SA(offsetof(wasm_limits_t, max) == 4);

/* wasm_val_t */
SA(sizeof(wasm_val_t) == 16);
SA(_Alignof(wasm_val_t) == 8);
SA(offsetof(wasm_val_t, kind) == 0);
SA(offsetof(wasm_val_t, of) == 8);
SA(sizeof(((wasm_val_t*)0)->of) == 8);
SA(sizeof(((wasm_val_t*)0)->of.i32) == 4);
SA(sizeof(((wasm_val_t*)0)->of.i64) == 8);
SA(sizeof(((wasm_val_t*)0)->of.f32) == 4);
SA(sizeof(((wasm_val_t*)0)->of.f64) == 8);
SA(sizeof(((wasm_val_t*)0)->of.ref) == 8);

/* Every vector is { size_t size; T* data; } */
#define VEC_LAYOUT(T)                                   \
  SA(sizeof(T) == 16);                                  \
  SA(offsetof(T, size) == 0);                           \
  SA(offsetof(T, data) == 8);                           \
  SA(sizeof(((T*)0)->size) == sizeof(size_t));
VEC_LAYOUT(wasm_byte_vec_t)
VEC_LAYOUT(wasm_name_t)
VEC_LAYOUT(wasm_message_t)
VEC_LAYOUT(wasm_val_vec_t)
VEC_LAYOUT(wasm_valtype_vec_t)
VEC_LAYOUT(wasm_functype_vec_t)
VEC_LAYOUT(wasm_globaltype_vec_t)
VEC_LAYOUT(wasm_tabletype_vec_t)
VEC_LAYOUT(wasm_memorytype_vec_t)
VEC_LAYOUT(wasm_tagtype_vec_t)
VEC_LAYOUT(wasm_externtype_vec_t)
VEC_LAYOUT(wasm_importtype_vec_t)
VEC_LAYOUT(wasm_exporttype_vec_t)
VEC_LAYOUT(wasm_frame_vec_t)
VEC_LAYOUT(wasm_extern_vec_t)

/* Element types of vectors: values are stored inline, objects by pointer. */
SA(sizeof(*((wasm_byte_vec_t*)0)->data) == 1);
SA(sizeof(*((wasm_val_vec_t*)0)->data) == 16);
SA(sizeof(*((wasm_valtype_vec_t*)0)->data) == sizeof(void*));
SA(sizeof(*((wasm_extern_vec_t*)0)->data) == sizeof(void*));
SA(sizeof(*((wasm_frame_vec_t*)0)->data) == sizeof(void*));

/* Signatures: each assignment compiles only if the declaration matches the
 * standard signature exactly (C requires compatible function types). */
typedef void (*generic_fn)(void);

static void check_signatures(void) {
  void (*p0)(wasm_byte_vec_t*, size_t, const wasm_byte_t*) = wasm_byte_vec_new;
  void (*p1)(wasm_val_vec_t*, const wasm_val_vec_t*) = wasm_val_vec_copy;
  void (*p2)(wasm_valtype_vec_t*, size_t, wasm_valtype_t* const*) =
      wasm_valtype_vec_new;
  wasm_engine_t* (*p3)(wasm_config_t*) = wasm_engine_new_with_config;
  wasm_store_t* (*p4)(wasm_engine_t*) = wasm_store_new;
  wasm_valtype_t* (*p5)(wasm_valkind_t) = wasm_valtype_new;
  wasm_functype_t* (*p6)(wasm_valtype_vec_t*, wasm_valtype_vec_t*) =
      wasm_functype_new;
  const wasm_valtype_vec_t* (*p7)(const wasm_functype_t*) =
      wasm_functype_params;
  wasm_globaltype_t* (*p8)(wasm_valtype_t*, wasm_mutability_t) =
      wasm_globaltype_new;
  wasm_tabletype_t* (*p9)(wasm_valtype_t*, const wasm_limits_t*) =
      wasm_tabletype_new;
  wasm_memorytype_t* (*p10)(const wasm_limits_t*) = wasm_memorytype_new;
  wasm_importtype_t* (*p11)(wasm_name_t*, wasm_name_t*, wasm_externtype_t*) =
      wasm_importtype_new;
  wasm_module_t* (*p12)(wasm_store_t*, const wasm_byte_vec_t*) =
      wasm_module_new;
  bool (*p13)(wasm_store_t*, const wasm_byte_vec_t*) = wasm_module_validate;
  wasm_module_t* (*p14)(wasm_store_t*, const wasm_byte_vec_t*) =
      wasm_module_deserialize;
  void (*p15)(const wasm_module_t*, wasm_byte_vec_t*) = wasm_module_serialize;
  wasm_shared_module_t* (*p16)(const wasm_module_t*) = wasm_module_share;
  wasm_module_t* (*p17)(wasm_store_t*, const wasm_shared_module_t*) =
      wasm_module_obtain;
  wasm_func_t* (*p18)(wasm_store_t*, const wasm_functype_t*,
                      wasm_func_callback_t) = wasm_func_new;
  wasm_func_t* (*p19)(wasm_store_t*, const wasm_functype_t*,
                      wasm_func_callback_with_env_t, void*,
                      void (*)(void*)) = wasm_func_new_with_env;
  wasm_trap_t* (*p20)(const wasm_func_t*, const wasm_val_vec_t*,
                      wasm_val_vec_t*) = wasm_func_call;
  wasm_global_t* (*p21)(wasm_store_t*, const wasm_globaltype_t*,
                        const wasm_val_t*) = wasm_global_new;
  void (*p22)(const wasm_global_t*, wasm_val_t*) = wasm_global_get;
  wasm_table_t* (*p23)(wasm_store_t*, const wasm_tabletype_t*, wasm_ref_t*) =
      wasm_table_new;
  wasm_ref_t* (*p24)(const wasm_table_t*, wasm_table_size_t) = wasm_table_get;
  bool (*p25)(wasm_table_t*, wasm_table_size_t, wasm_ref_t*) = wasm_table_set;
  bool (*p26)(wasm_table_t*, wasm_table_size_t, wasm_ref_t*) =
      wasm_table_grow;
  byte_t* (*p27)(wasm_memory_t*) = wasm_memory_data;
  size_t (*p28)(const wasm_memory_t*) = wasm_memory_data_size;
  bool (*p29)(wasm_memory_t*, wasm_memory_pages_t) = wasm_memory_grow;
  wasm_instance_t* (*p30)(wasm_store_t*, const wasm_module_t*,
                          const wasm_extern_vec_t*, wasm_trap_t**) =
      wasm_instance_new;
  void (*p31)(const wasm_instance_t*, wasm_extern_vec_t*) =
      wasm_instance_exports;
  wasm_trap_t* (*p32)(wasm_store_t*, const wasm_message_t*) = wasm_trap_new;
  wasm_frame_t* (*p33)(const wasm_trap_t*) = wasm_trap_origin;
  struct wasm_instance_t* (*p34)(const wasm_frame_t*) = wasm_frame_instance;
  void (*p35)(wasm_func_t*, void*, void (*)(void*)) =
      wasm_func_set_host_info_with_finalizer;
  bool (*p36)(const wasm_ref_t*, const wasm_ref_t*) = wasm_ref_same;
  const wasm_func_t* (*p37)(const wasm_ref_t*) = wasm_ref_as_func_const;
  wasm_externkind_t (*p38)(const wasm_extern_t*) = wasm_extern_kind;
  bool (*p39)(wasi_config_t*, size_t, const char* []) = wasi_config_set_argv;
  bool (*p40)(wasi_config_t*, size_t, const char* [], const char* []) =
      wasi_config_set_env;
  bool (*p41)(wasi_config_t*, const char*, const char*, wasi_dir_perms,
              wasi_file_perms) = wasi_config_preopen_dir;
  void (*p42)(wasi_config_t*, wasm_byte_vec_t*) = wasi_config_set_stdin_bytes;
  wasi_env_t* (*p43)(wasm_store_t*, wasi_config_t*) = wasi_env_new;
  bool (*p44)(const wasm_store_t*, wasi_env_t*, const wasm_module_t*,
              wasm_extern_vec_t*) = wasi_get_imports;
  bool (*p45)(const wasi_env_t*, int*) = wasi_env_exit_code;
  bool (*p46)(wasm_config_t*, swasm_strategy_t) = swasm_config_set_strategy;
  void (*p47)(wasm_store_t*, uint64_t) = swasm_store_set_fuel;
  bool (*p48)(const wasm_store_t*, uint64_t*) = swasm_store_get_fuel;
  const char* (*p49)(void) = swasm_last_error;
  void (*p50)(wasm_store_t*, size_t) = swasm_store_set_memory_limit;
  void (*p51)(wasm_store_t*, size_t) = swasm_store_set_gc_heap_limit;
  generic_fn all[] = {
      (generic_fn)p0,  (generic_fn)p1,  (generic_fn)p2,  (generic_fn)p3,
      (generic_fn)p4,  (generic_fn)p5,  (generic_fn)p6,  (generic_fn)p7,
      (generic_fn)p8,  (generic_fn)p9,  (generic_fn)p10, (generic_fn)p11,
      (generic_fn)p12, (generic_fn)p13, (generic_fn)p14, (generic_fn)p15,
      (generic_fn)p16, (generic_fn)p17, (generic_fn)p18, (generic_fn)p19,
      (generic_fn)p20, (generic_fn)p21, (generic_fn)p22, (generic_fn)p23,
      (generic_fn)p24, (generic_fn)p25, (generic_fn)p26, (generic_fn)p27,
      (generic_fn)p28, (generic_fn)p29, (generic_fn)p30, (generic_fn)p31,
      (generic_fn)p32, (generic_fn)p33, (generic_fn)p34, (generic_fn)p35,
      (generic_fn)p36, (generic_fn)p37, (generic_fn)p38, (generic_fn)p39,
      (generic_fn)p40, (generic_fn)p41, (generic_fn)p42, (generic_fn)p43,
      (generic_fn)p44, (generic_fn)p45, (generic_fn)p46, (generic_fn)p47,
      (generic_fn)p48, (generic_fn)p49, (generic_fn)p50, (generic_fn)p51};
  size_t missing = 0;
  for (size_t i = 0; i < sizeof all / sizeof *all; i++)
    if (!all[i]) missing++;
  printf("%s signatures resolved (%zu missing)\n",
         missing ? "FAIL" : "PASS", missing);
}

static int passed, failed;

#define CHECK(cond)                                  \
  do {                                               \
    if (cond) {                                      \
      passed++;                                      \
      printf("PASS %s\n", #cond);                    \
    } else {                                         \
      failed++;                                      \
      printf("FAIL %s\n", #cond);                    \
    }                                                \
  } while (0)

int main(void) {
  check_signatures();
  CHECK(sizeof(wasm_val_t) == 16);
  CHECK(offsetof(wasm_val_t, of) == 8);
  CHECK(sizeof(wasm_limits_t) == 8);
  CHECK(sizeof(wasm_byte_vec_t) == 16);
  CHECK(offsetof(wasm_extern_vec_t, data) == 8);
  CHECK(MEMORY_PAGE_SIZE == 65536);
  CHECK(wasm_limits_max_default == 0xffffffffu);

  /* Values written through the union read back through the raw bytes the
   * way another engine's ABI would place them. */
  wasm_val_t v;
  unsigned char* raw = (unsigned char*)&v;
  v.kind = WASM_F64;
  v.of.i64 = INT64_C(0x0102030405060708);
  int64_t back;
  memcpy(&back, raw + 8, sizeof back);
  CHECK(raw[0] == WASM_F64);
  CHECK(back == INT64_C(0x0102030405060708));

  /* The static inline helpers produce the expected values. */
  wasm_val_t i = WASM_I32_VAL(-5);
  wasm_val_t r = WASM_REF_VAL(NULL);
  CHECK(i.kind == WASM_I32 && i.of.i32 == -5);
  CHECK(r.kind == WASM_EXTERNREF && r.of.ref == NULL);
  CHECK(wasm_valkind_is_num(WASM_F64) && !wasm_valkind_is_num(WASM_FUNCREF));
  CHECK(wasm_valkind_is_ref(WASM_EXTERNREF) && !wasm_valkind_is_ref(WASM_I64));
  int anchor = 0;
  wasm_val_t p;
  wasm_val_init_ptr(&p, &anchor);
  CHECK(p.kind == WASM_I64 && wasm_val_ptr(&p) == &anchor);

  printf("abi_layout: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
