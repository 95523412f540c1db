/*
 * wasm.h -- the standard WebAssembly C API, as implemented by swasm.
 *
 * This header is written for swasm. It follows the interface defined by the
 * WebAssembly/wasm-c-api project: every type has the same layout, every
 * enumerator the same value and every function the same name and signature,
 * so a host written against another engine's wasm.h compiles against this
 * file and links with -lswasm unchanged.
 *
 * Ownership conventions (the `own` marker below is documentation only):
 *   - `own T*` result: the caller receives ownership and must call the
 *     matching *_delete function.
 *   - `own T*` parameter: ownership moves from the caller to the callee.
 *   - `own wasm_xxx_vec_t* out`: the callee fills the vector, the caller then
 *     owns the vector and all of its elements.
 *   - A vector passed as `const wasm_xxx_vec_t*` is only borrowed.
 *   - Deleting a reference only drops that handle; the underlying object may
 *     live on while other handles or the store still use it.
 *
 * swasm extensions are declared in swasm.h, WASI in wasi.h.
 */

#ifndef WASM_H
#define WASM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <assert.h>

/* Hosts may predefine this (for instance to add visibility attributes). */
#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Basic machine types                                                      */
/* ------------------------------------------------------------------------ */

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

#ifdef __cplusplus
static_assert(sizeof(float) == 4, "wasm.h needs a 32-bit float");
static_assert(sizeof(double) == 8, "wasm.h needs a 64-bit double");
#else
_Static_assert(sizeof(float) == 4, "wasm.h needs a 32-bit float");
_Static_assert(sizeof(double) == 8, "wasm.h needs a 64-bit double");
#endif

/* Marks values whose ownership is transferred (see the top of this file). */
#define own

/* ------------------------------------------------------------------------ */
/* Declaration helpers                                                      */
/* ------------------------------------------------------------------------ */

/* An opaque, owned object type `wasm_NAME_t` with its destructor. */
#define WASM_DECLARE_OWN(name)                                               \
  typedef struct wasm_##name##_t wasm_##name##_t;                            \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);

/*
 * A vector `wasm_NAME_vec_t` = { size, data }. `ptr_or_none` is `*` for
 * vectors of object pointers and empty for vectors of plain values.
 */
#define WASM_DECLARE_VEC(name, ptr_or_none)                                  \
  typedef struct wasm_##name##_vec_t {                                       \
    size_t size;                                                             \
    wasm_##name##_t ptr_or_none* data;                                       \
  } wasm_##name##_vec_t;                                                     \
  WASM_API_EXTERN void wasm_##name##_vec_new_empty(                          \
      own wasm_##name##_vec_t* out);                                         \
  WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(                  \
      own wasm_##name##_vec_t* out, size_t);                                 \
  WASM_API_EXTERN void wasm_##name##_vec_new(                                \
      own wasm_##name##_vec_t* out, size_t,                                  \
      own wasm_##name##_t ptr_or_none const[]);                              \
  WASM_API_EXTERN void wasm_##name##_vec_copy(                               \
      own wasm_##name##_vec_t* out, const wasm_##name##_vec_t*);             \
  WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t*);

/* ------------------------------------------------------------------------ */
/* Byte vectors and names                                                   */
/* ------------------------------------------------------------------------ */

typedef byte_t wasm_byte_t;
WASM_DECLARE_VEC(byte, )

/* Names are byte vectors; they are not NUL-terminated unless stated. */
typedef wasm_byte_vec_t wasm_name_t;

#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

/* Makes a name from a C string, without the terminating NUL. */
static inline void wasm_name_new_from_string(own wasm_name_t* out,
                                             const char* s) {
  wasm_name_new(out, strlen(s), s);
}

/* Makes a name from a C string, keeping the terminating NUL. */
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out,
                                                const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

/* ------------------------------------------------------------------------ */
/* Configuration, engine, store                                             */
/* ------------------------------------------------------------------------ */

/* Engine settings; swasm.h adds setters (strategy, limits, fuel). */
WASM_DECLARE_OWN(config)
WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);

/* An engine compiles and owns code; it can be shared between threads. */
WASM_DECLARE_OWN(engine)
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);
/* Takes ownership of the config, even on failure. */
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(
    own wasm_config_t*);

/* A store holds all runtime objects; one thread at a time uses it. */
WASM_DECLARE_OWN(store)
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t*);

/* ------------------------------------------------------------------------ */
/* Types                                                                    */
/* ------------------------------------------------------------------------ */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum {
  WASM_CONST = 0,
  WASM_VAR = 1,
};

/* Limits of a table (elements) or memory (64 KiB pages). */
typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;

/* `max` value meaning "no maximum". */
static const uint32_t wasm_limits_max_default = 0xffffffff;

/* An owned, copyable type object with a vector type. */
#define WASM_DECLARE_TYPE(name)                                              \
  WASM_DECLARE_OWN(name)                                                     \
  WASM_DECLARE_VEC(name, *)                                                  \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(                   \
      const wasm_##name##_t*);

/* Value types */

WASM_DECLARE_TYPE(valtype)

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32 = 0,
  WASM_I64 = 1,
  WASM_F32 = 2,
  WASM_F64 = 3,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF = 129,
  /* Older spelling of WASM_EXTERNREF, still used by many hosts. */
  WASM_ANYREF = 128,
};
/* Type reflection reports a v128 as kind 4 (as wasmtime does). A wasm_val_t
 * cannot hold its 128 bits: wasm_func_call refuses a function with v128
 * parameters or results (a trap), wasm_func_new one with such a type (NULL),
 * and wasm_global_get of a v128 global gives kind 4 with no value. */

WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) {
  return k < WASM_EXTERNREF;
}
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) {
  return k >= WASM_EXTERNREF;
}
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

/* Function types */

WASM_DECLARE_TYPE(functype)

/* Takes ownership of both vectors (and their elements). */
WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(
    own wasm_valtype_vec_t* params, own wasm_valtype_vec_t* results);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(
    const wasm_functype_t*);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(
    const wasm_functype_t*);

/* Global types */

WASM_DECLARE_TYPE(globaltype)

WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(
    own wasm_valtype_t*, wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(
    const wasm_globaltype_t*);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(
    const wasm_globaltype_t*);

/* Table types */

WASM_DECLARE_TYPE(tabletype)

WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(
    own wasm_valtype_t*, const wasm_limits_t*);
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(
    const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(
    const wasm_tabletype_t*);

/* Memory types */

WASM_DECLARE_TYPE(memorytype)

WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(
    const wasm_limits_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(
    const wasm_memorytype_t*);

/* Tag types (exception handling) */

WASM_DECLARE_TYPE(tagtype)

WASM_API_EXTERN own wasm_tagtype_t* wasm_tagtype_new(own wasm_functype_t*);
WASM_API_EXTERN const wasm_functype_t* wasm_tagtype_functype(
    const wasm_tagtype_t*);

/* Extern types: the common view of the five kinds above. */

WASM_DECLARE_TYPE(externtype)

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
  WASM_EXTERN_FUNC = 0,
  WASM_EXTERN_GLOBAL = 1,
  WASM_EXTERN_TABLE = 2,
  WASM_EXTERN_MEMORY = 3,
  WASM_EXTERN_TAG = 4,
};

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(
    const wasm_externtype_t*);

/* Up-casts never fail; down-casts return NULL for the wrong kind. The
 * results are borrowed views of the same object, not new owners. */
WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(
    wasm_functype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(
    wasm_globaltype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(
    wasm_tabletype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(
    wasm_memorytype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tagtype_as_externtype(
    wasm_tagtype_t*);

WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(
    wasm_externtype_t*);
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(
    wasm_externtype_t*);
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(
    wasm_externtype_t*);
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(
    wasm_externtype_t*);
WASM_API_EXTERN wasm_tagtype_t* wasm_externtype_as_tagtype(
    wasm_externtype_t*);

WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(
    const wasm_functype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(
    const wasm_globaltype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(
    const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(
    const wasm_memorytype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tagtype_as_externtype_const(
    const wasm_tagtype_t*);

WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tagtype_t* wasm_externtype_as_tagtype_const(
    const wasm_externtype_t*);

/* Import types: (module name, field name, type). */

WASM_DECLARE_TYPE(importtype)

WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(
    own wasm_name_t* module, own wasm_name_t* name, own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(
    const wasm_importtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(
    const wasm_importtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(
    const wasm_importtype_t*);

/* Export types: (name, type). */

WASM_DECLARE_TYPE(exporttype)

WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(
    own wasm_name_t*, own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(
    const wasm_exporttype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(
    const wasm_exporttype_t*);

/* ------------------------------------------------------------------------ */
/* Values                                                                   */
/* ------------------------------------------------------------------------ */

struct wasm_ref_t;

/* A tagged value: 16 bytes on LP64, `kind` at offset 0, `of` at offset 8. */
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;

/* Releases the reference held by a reference-typed value (if any). */
WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);
/* Copies a value; a reference is duplicated (new owner). */
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t*);

WASM_DECLARE_VEC(val, )

/* ------------------------------------------------------------------------ */
/* References                                                               */
/* ------------------------------------------------------------------------ */

/*
 * Every runtime object is a reference: it can be copied (a new handle to the
 * same object), compared, and carry one word of host data with an optional
 * finalizer. The finalizer runs exactly once, when the object itself dies:
 * objects of a store (functions, globals, tables, memories, instances,
 * foreign objects) live as long as their store, so theirs run at
 * wasm_store_delete, or when the host info is replaced; modules and traps
 * die when their last handle is deleted.
 */
#define WASM_DECLARE_REF_BASE(name)                                          \
  WASM_DECLARE_OWN(name)                                                     \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(                   \
      const wasm_##name##_t*);                                               \
  WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t*,            \
                                          const wasm_##name##_t*);           \
  WASM_API_EXTERN void* wasm_##name##_get_host_info(const wasm_##name##_t*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t*, void*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(           \
      wasm_##name##_t*, void*, void (*)(void*));

/* A reference kind that can be viewed as a generic wasm_ref_t (and back;
 * the down-cast returns NULL when the reference is of another kind). */
#define WASM_DECLARE_REF(name)                                               \
  WASM_DECLARE_REF_BASE(name)                                                \
  WASM_API_EXTERN wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t*);        \
  WASM_API_EXTERN wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t*);          \
  WASM_API_EXTERN const wasm_ref_t* wasm_##name##_as_ref_const(              \
      const wasm_##name##_t*);                                               \
  WASM_API_EXTERN const wasm_##name##_t* wasm_ref_as_##name##_const(         \
      const wasm_ref_t*);

/* A reference kind with a thread-independent shared form:
 * `share` makes a token any thread may hold, `obtain` turns it back into an
 * object of the given store. */
#define WASM_DECLARE_SHARABLE_REF(name)                                      \
  WASM_DECLARE_REF(name)                                                     \
  WASM_DECLARE_OWN(shared_##name)                                            \
  WASM_API_EXTERN own wasm_shared_##name##_t* wasm_##name##_share(           \
      const wasm_##name##_t*);                                               \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_obtain(                 \
      wasm_store_t*, const wasm_shared_##name##_t*);

WASM_DECLARE_REF_BASE(ref)

/* ------------------------------------------------------------------------ */
/* Frames and traps                                                         */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_OWN(frame)
WASM_DECLARE_VEC(frame, *)
WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t*);

/* The instance the frame's function belongs to (borrowed; may be NULL). */
WASM_API_EXTERN struct wasm_instance_t* wasm_frame_instance(
    const wasm_frame_t*);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t*);
/* Byte offset of the instruction from the start of the function body. */
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t*);
/* Byte offset of the instruction from the start of the module binary. */
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t*);

/* Trap messages are NUL-terminated (the NUL is counted in `size`). */
typedef wasm_name_t wasm_message_t;

WASM_DECLARE_REF(trap)

WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store,
                                               const wasm_message_t*);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t*,
                                       own wasm_message_t* out);
/* The innermost frame, or NULL when the trap has no wasm frames. */
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t*);
/* All wasm frames, innermost first. */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t*,
                                     own wasm_frame_vec_t* out);

/* ------------------------------------------------------------------------ */
/* Foreign objects (host references)                                        */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(foreign)

WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t*);

/* ------------------------------------------------------------------------ */
/* Modules                                                                  */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_SHARABLE_REF(module)

/* Decodes, validates and compiles. NULL on error (see swasm_last_error). */
WASM_API_EXTERN own wasm_module_t* wasm_module_new(
    wasm_store_t*, const wasm_byte_vec_t* binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t*,
                                          const wasm_byte_vec_t* binary);

WASM_API_EXTERN void wasm_module_imports(const wasm_module_t*,
                                         own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t*,
                                         own wasm_exporttype_vec_t* out);

/* Serialized modules are specific to this engine version and host CPU. */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t*,
                                           own wasm_byte_vec_t* out);
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(
    wasm_store_t*, const wasm_byte_vec_t*);

/* ------------------------------------------------------------------------ */
/* Functions                                                                */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(func)

/* A host function: reads `args` (borrowed), writes every slot of the
 * preallocated `results` (owned: a reference result is a new handle, e.g.
 * from wasm_val_copy or wasm_ref_copy, which the engine deletes), returns
 * NULL on success or an owned trap to abort the call. A plain struct copy of
 * a reference argument into a result is tolerated: each reference argument
 * is a handle of its own for the call (copies of it are handles of the
 * object), so a result that is the argument's handle is deleted once. */
typedef own wasm_trap_t* (*wasm_func_callback_t)(
    const wasm_val_vec_t* args, own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(
    void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results);

WASM_API_EXTERN own wasm_func_t* wasm_func_new(wasm_store_t*,
                                               const wasm_functype_t*,
                                               wasm_func_callback_t);
/* `finalizer` (may be NULL) is called once with `env` when the function
 * object dies, with its store. */
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(
    wasm_store_t*, const wasm_functype_t* type, wasm_func_callback_with_env_t,
    void* env, void (*finalizer)(void*));

WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t*);

/* `results` must have result_arity slots (checked after the call: a call
 * that traps returns its trap whatever the room). Returns NULL or an owned
 * trap. */
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(const wasm_func_t*,
                                                const wasm_val_vec_t* args,
                                                wasm_val_vec_t* results);

/* ------------------------------------------------------------------------ */
/* Globals                                                                  */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(global)

WASM_API_EXTERN own wasm_global_t* wasm_global_new(wasm_store_t*,
                                                   const wasm_globaltype_t*,
                                                   const wasm_val_t*);
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t*);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t*,
                                     own wasm_val_t* out);
WASM_API_EXTERN void wasm_global_set(wasm_global_t*, const wasm_val_t*);

/* ------------------------------------------------------------------------ */
/* Tables                                                                   */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(table)

typedef uint32_t wasm_table_size_t;

WASM_API_EXTERN own wasm_table_t* wasm_table_new(wasm_store_t*,
                                                 const wasm_tabletype_t*,
                                                 wasm_ref_t* init);
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t*);
/* NULL for a null entry or an index out of range. */
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t*,
                                               wasm_table_size_t index);
/* false for an index out of range or a reference of the wrong type. */
WASM_API_EXTERN bool wasm_table_set(wasm_table_t*, wasm_table_size_t index,
                                    wasm_ref_t*);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t*);
/* false when the new size would pass the maximum. */
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t*, wasm_table_size_t delta,
                                     wasm_ref_t* init);

/* ------------------------------------------------------------------------ */
/* Memories                                                                 */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(memory)

typedef uint32_t wasm_memory_pages_t;

/* Bytes in one WebAssembly page. */
static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t*,
                                                   const wasm_memorytype_t*);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);
/* Base address; it may move when the memory grows. */
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t*);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t*);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);
/* false when the new size would pass the maximum or a store limit. */
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t*,
                                      wasm_memory_pages_t delta);

/* ------------------------------------------------------------------------ */
/* Externals                                                                */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(extern)
WASM_DECLARE_VEC(extern, *)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);

/* Borrowed views, as for extern types; down-casts return NULL for the
 * wrong kind. */
WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);

WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);

WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(
    const wasm_func_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(
    const wasm_global_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(
    const wasm_table_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(
    const wasm_memory_t*);

WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(
    const wasm_extern_t*);
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(
    const wasm_extern_t*);
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(
    const wasm_extern_t*);
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(
    const wasm_extern_t*);

/* ------------------------------------------------------------------------ */
/* Instances                                                                */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(instance)

/*
 * Instantiates `module` with `imports` given in the module's import order.
 * On failure returns NULL; if `trap` is not NULL it receives an owned trap
 * (a trapping start function, or a link error described as a trap), else
 * the reason is available from swasm_last_error.
 */
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(
    wasm_store_t*, const wasm_module_t*, const wasm_extern_vec_t* imports,
    own wasm_trap_t** trap);

/* The exports, in the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t*,
                                           own wasm_extern_vec_t* out);

/* ------------------------------------------------------------------------ */
/* Convenience                                                              */
/* ------------------------------------------------------------------------ */

#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) {
  return wasm_valtype_new(WASM_I32);
}
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) {
  return wasm_valtype_new(WASM_I64);
}
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) {
  return wasm_valtype_new(WASM_F32);
}
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) {
  return wasm_valtype_new(WASM_F64);
}
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_anyref(void) {
  return wasm_valtype_new(WASM_ANYREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}

/*
 * wasm_functype_new_P_R: a function type with P parameters and R results,
 * P in 0..3 and R in 0..2; takes ownership of every valtype passed.
 * (Internal helper: builds the vectors from small arrays.)
 */
static inline own wasm_functype_t* wasm_functype_new_from_arrays_(
    size_t np, wasm_valtype_t* const* ps, size_t nr,
    wasm_valtype_t* const* rs) {
  wasm_valtype_vec_t params, results;
  if (np == 0) wasm_valtype_vec_new_empty(&params);
  else wasm_valtype_vec_new(&params, np, ps);
  if (nr == 0) wasm_valtype_vec_new_empty(&results);
  else wasm_valtype_vec_new(&results, nr, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  return wasm_functype_new_from_arrays_(0, NULL, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_0(
    own wasm_valtype_t* p) {
  wasm_valtype_t* ps[1] = {p};
  return wasm_functype_new_from_arrays_(1, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_0(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  return wasm_functype_new_from_arrays_(2, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_0(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  return wasm_functype_new_from_arrays_(3, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_1(
    own wasm_valtype_t* r) {
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(0, NULL, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_1(
    own wasm_valtype_t* p, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(1, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_1(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(2, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_1(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3,
    own wasm_valtype_t* r) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(3, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_0_2(
    own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(0, NULL, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_2(
    own wasm_valtype_t* p, own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(1, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_2(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* r1,
    own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(2, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_2(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3,
    own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(3, ps, 2, rs);
}

/* Stores a host pointer in an integer value of pointer width. */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

/* Reads back a pointer stored by wasm_val_init_ptr. */
static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

/* Initializers for wasm_val_t (designated initializers: C99, C++20). */
#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#undef own

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM_H */
