/*
 * swasm.h -- swasm's own additions to the standard C API (prefix swasm_).
 *
 * Everything here is optional: a host that only uses wasm.h never needs it.
 */

#ifndef SWASM_H
#define SWASM_H

#include "wasm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef SWASM_API_EXTERN
#define SWASM_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Errors and version                                                       */
/* ------------------------------------------------------------------------ */

/*
 * Text of the last failure, on the calling thread, of wasm_module_new,
 * wasm_module_validate, wasm_module_deserialize, wasm_instance_new,
 * wasi_env_new or wasi_get_imports; NULL if none failed yet. Decode and
 * validation errors give the byte offset. The text stays valid until the
 * next such call on the same thread; a successful call does not clear it.
 */
SWASM_API_EXTERN const char* swasm_last_error(void);

/* The library version, "MAJOR.MINOR.PATCH". */
SWASM_API_EXTERN const char* swasm_version(void);

/* ------------------------------------------------------------------------ */
/* Engine configuration (before wasm_engine_new_with_config)                */
/* ------------------------------------------------------------------------ */

typedef enum swasm_strategy_t {
  /* The compiler when this host CPU has one, else the interpreter. */
  SWASM_STRATEGY_AUTO = 0,
  /* The portable interpreter. */
  SWASM_STRATEGY_INTERPRETER = 1,
  /* Machine code (x86-64, arm64). */
  SWASM_STRATEGY_COMPILER = 2
} swasm_strategy_t;

/* Chooses the execution tier. false (config unchanged) if the strategy is
 * unknown or not available on this host. */
SWASM_API_EXTERN bool swasm_config_set_strategy(wasm_config_t* config,
                                                swasm_strategy_t strategy);

/* Enables or disables a WebAssembly proposal, by the name wasmtime's
 * `-W name=y|n` uses: "simd", "relaxed-simd", "reference-types",
 * "multi-memory", "memory64", "tail-call", "exceptions",
 * "function-references", "extended-const", "threads",
 * "custom-page-sizes", "wide-arithmetic". Modules using a disabled
 * proposal fail to decode or validate. By default every finished proposal
 * is on (threads included); "custom-page-sizes" and "wide-arithmetic" are
 * off. false (config unchanged) if the name is unknown. */
SWASM_API_EXTERN bool swasm_config_set_feature(wasm_config_t* config,
                                               const char* name, bool enable);

/* Whether the proposal called `name` is enabled in `config`; false for an
 * unknown name. */
SWASM_API_EXTERN bool swasm_config_feature_enabled(const wasm_config_t* config,
                                                   const char* name);

/* Largest native stack, in bytes, that wasm code may use per call from the
 * host; beyond it a call traps with "call stack exhausted". 0 restores the
 * default. */
SWASM_API_EXTERN void swasm_config_set_max_wasm_stack(wasm_config_t* config,
                                                      size_t bytes);

/* Deepest nesting of wasm calls; beyond it a call traps with "call stack
 * exhausted". 0 restores the default. */
SWASM_API_EXTERN void swasm_config_set_max_call_depth(wasm_config_t* config,
                                                      uint32_t depth);

/* Turns fuel metering on for every store of the engine (off by default,
 * as it costs speed). See swasm_store_set_fuel. */
SWASM_API_EXTERN void swasm_config_set_consume_fuel(wasm_config_t* config,
                                                    bool enable);

/* ------------------------------------------------------------------------ */
/* Store limits                                                             */
/* ------------------------------------------------------------------------ */

/* Caps the size of each linear memory of the store, in bytes: memory.grow
 * and wasm_memory_grow fail beyond it (memory.grow returns -1), and
 * instantiating a module whose initial memory is larger fails.
 * SIZE_MAX (the default) means no cap beyond the memory's own maximum. */
SWASM_API_EXTERN void swasm_store_set_memory_limit(wasm_store_t* store,
                                                   size_t max_bytes);

/* Caps the bytes the store's GC objects (structs and arrays) and the
 * exceptions it keeps for exnref values may take together: an allocation
 * beyond it traps with "out of memory". Nothing is freed before the store
 * is deleted. 4 GiB by default; SIZE_MAX means no cap. */
SWASM_API_EXTERN void swasm_store_set_gc_heap_limit(wasm_store_t* store,
                                                    size_t max_bytes);

/* Sets the fuel left in the store. Each executed wasm instruction costs
 * about one unit; at zero the running call traps with "all fuel consumed".
 * Ignored unless the engine was configured with swasm_config_set_consume_fuel. */
SWASM_API_EXTERN void swasm_store_set_fuel(wasm_store_t* store,
                                           uint64_t fuel);

/* Stores the fuel left in `*fuel`. false if fuel metering is off. */
SWASM_API_EXTERN bool swasm_store_get_fuel(const wasm_store_t* store,
                                           uint64_t* fuel);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SWASM_H */
