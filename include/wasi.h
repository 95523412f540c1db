/*
 * wasi.h -- WASI (preview 1, `wasi_snapshot_preview1`) for swasm hosts.
 *
 * Configuration uses the same `wasi_config_*` names, signatures and
 * permission values as Wasmtime's C API, so configuration code written for
 * Wasmtime compiles unchanged. Binding WASI to a module that is instantiated
 * with plain `wasm_instance_new` uses Wasmer's names (`wasi_env_new`,
 * `wasi_get_imports`).
 *
 * Typical use:
 *
 *   wasi_config_t* cfg = wasi_config_new();
 *   wasi_config_inherit_stdout(cfg);
 *   wasi_env_t* env = wasi_env_new(store, cfg);        // takes cfg
 *   wasm_extern_vec_t imports;
 *   if (!wasi_get_imports(store, env, module, &imports)) ... error ...
 *   wasm_instance_t* inst = wasm_instance_new(store, module, &imports, &trap);
 *   ... call the "_start" export; a trap may just mean proc_exit ...
 *   int code;
 *   if (wasi_env_exit_code(env, &code)) ... the guest exited with `code` ...
 *   wasm_extern_vec_delete(&imports);
 *   wasm_instance_delete(inst);
 *   wasi_env_delete(env);
 *
 * All strings are NUL-terminated UTF-8 and are copied; the caller keeps
 * ownership of what it passes unless a comment says otherwise.
 */

#ifndef WASI_H
#define WASI_H

#include "wasm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef WASI_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__)
#define WASI_API_EXTERN __declspec(dllimport)
#else
#define WASI_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define own

/* ------------------------------------------------------------------------ */
/* Configuration (Wasmtime-compatible)                                      */
/* ------------------------------------------------------------------------ */

/* What a WASI program may see: arguments, environment, stdio, directories.
 * A new configuration grants nothing: empty argv and environment, stdin
 * empty, stdout/stderr discarded, no directories. */
typedef struct wasi_config_t wasi_config_t;

/* Creates an empty configuration. */
WASI_API_EXTERN own wasi_config_t* wasi_config_new(void);

/* Frees a configuration that was not passed to wasi_env_new. */
WASI_API_EXTERN void wasi_config_delete(own wasi_config_t* config);

/* Sets the program's argv (argv[0] is the program name by convention).
 * false if an argument is not valid UTF-8. */
WASI_API_EXTERN bool wasi_config_set_argv(wasi_config_t* config, size_t argc,
                                          const char* argv[]);

/* Gives the program this process's own argv. */
WASI_API_EXTERN void wasi_config_inherit_argv(wasi_config_t* config);

/* Sets the environment: `envc` pairs names[i]=values[i]. false if a name or
 * value is not valid UTF-8. */
WASI_API_EXTERN bool wasi_config_set_env(wasi_config_t* config, size_t envc,
                                         const char* names[],
                                         const char* values[]);

/* Gives the program this process's whole environment. */
WASI_API_EXTERN void wasi_config_inherit_env(wasi_config_t* config);

/* Reads stdin from the file at `path`. false if it cannot be opened for
 * reading. */
WASI_API_EXTERN bool wasi_config_set_stdin_file(wasi_config_t* config,
                                                const char* path);

/* Reads stdin from `binary`. Takes ownership of the vector's contents (the
 * vector is left empty). */
WASI_API_EXTERN void wasi_config_set_stdin_bytes(wasi_config_t* config,
                                                 wasm_byte_vec_t* binary);

/* Reads stdin from this process's stdin. */
WASI_API_EXTERN void wasi_config_inherit_stdin(wasi_config_t* config);

/* Writes stdout to the file at `path` (created or truncated). false if it
 * cannot be opened for writing. */
WASI_API_EXTERN bool wasi_config_set_stdout_file(wasi_config_t* config,
                                                 const char* path);

/* Writes stdout to this process's stdout. */
WASI_API_EXTERN void wasi_config_inherit_stdout(wasi_config_t* config);

/* Writes stderr to the file at `path` (created or truncated). false if it
 * cannot be opened for writing. */
WASI_API_EXTERN bool wasi_config_set_stderr_file(wasi_config_t* config,
                                                 const char* path);

/* Writes stderr to this process's stderr. */
WASI_API_EXTERN void wasi_config_inherit_stderr(wasi_config_t* config);

/* Permissions on a preopened directory itself (bit set). */
typedef size_t wasi_dir_perms;
enum wasi_dir_perms_flags {
  /* List and look up entries. */
  WASMTIME_WASI_DIR_PERMS_READ = 1,
  /* Create, rename and remove entries. */
  WASMTIME_WASI_DIR_PERMS_WRITE = 2,
};

/* Upper bound of permissions on files inside a preopened directory. */
typedef size_t wasi_file_perms;
enum wasi_file_perms_flags {
  WASMTIME_WASI_FILE_PERMS_READ = 1,
  WASMTIME_WASI_FILE_PERMS_WRITE = 2,
};

/* Makes the host directory `host_path` visible to the program as
 * `guest_path` (for instance "/" or "."), with the given permissions;
 * nothing outside it is reachable. false if `host_path` is not an openable
 * directory or a permission bit is unknown. */
WASI_API_EXTERN bool wasi_config_preopen_dir(wasi_config_t* config,
                                             const char* host_path,
                                             const char* guest_path,
                                             wasi_dir_perms dir_perms,
                                             wasi_file_perms file_perms);

/* ------------------------------------------------------------------------ */
/* Binding WASI to wasm_instance_new (Wasmer-compatible names)              */
/* ------------------------------------------------------------------------ */

/* The running state of one WASI program (open files, exit status) tied to
 * one store. Use one environment per instance. */
typedef struct wasi_env_t wasi_env_t;

/* Creates an environment in `store`, taking ownership of `config` (also on
 * failure). NULL on failure (for instance an unreadable stdin file); the
 * reason is available from swasm_last_error. */
WASI_API_EXTERN own wasi_env_t* wasi_env_new(wasm_store_t* store,
                                             own wasi_config_t* config);

/* Frees the environment and closes its files. Functions created by
 * wasi_get_imports stay callable but trap once the environment is gone. */
WASI_API_EXTERN void wasi_env_delete(own wasi_env_t* env);

/*
 * Fills `imports` (an uninitialized output vector; on success the caller
 * owns it and frees it with wasm_extern_vec_delete) with one extern per
 * import of `module`, in the module's import order, each a host function of
 * `env` implementing that WASI call. Imports from "wasi_snapshot_preview1"
 * and the older "wasi_unstable" are recognized.
 *
 * Returns false, and leaves `imports` empty (size 0, data NULL), if the
 * module has any import that is not a WASI function known to swasm or whose
 * type does not match; swasm_last_error names the import. Modules that mix
 * WASI with their own imports resolve each import with wasi_env_get_import
 * instead and supply the others themselves.
 */
WASI_API_EXTERN bool wasi_get_imports(const wasm_store_t* store,
                                      wasi_env_t* env,
                                      const wasm_module_t* module,
                                      own wasm_extern_vec_t* imports);

/* swasm: the extern implementing one import, or NULL if `import` is not a
 * WASI function known to swasm (or its type does not match). The function
 * lives in the store the environment was created in. */
WASI_API_EXTERN own wasm_extern_t* wasi_env_get_import(
    wasi_env_t* env, const wasm_importtype_t* import);

/*
 * swasm: true once the program called `proc_exit`, storing its status in
 * `*exit_code`; false while it has not exited. `proc_exit` ends the running
 * wasm call with a trap (message "exited with status N"), so a host that gets a
 * trap from `_start` asks here whether it was a normal exit.
 */
WASI_API_EXTERN bool wasi_env_exit_code(const wasi_env_t* env,
                                        int* exit_code);

#undef own

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASI_H */
