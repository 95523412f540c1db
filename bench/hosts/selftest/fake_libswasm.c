/* fake_libswasm.c: a stand-in libswasm.so for checking swasm_host.py before
 * swasm exists. Built against the wasm.h symbols of wasmtime's C library
 * (the one shipped in the `wasmtime` pip wheel); it adds the swasm wasi.h /
 * swasm.h entry points with a WASI that only knows proc_exit (every other
 * WASI function traps). Enough for modules such as shootout-gimli that import
 * only bench.* and proc_exit. Build + use: see selftest.sh. Not part of swasm. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { size_t size; char *data; } wasm_byte_vec_t;
typedef struct { size_t size; void **data; } wasm_ptr_vec_t;
typedef struct { size_t size; void *data; } wasm_val_vec_t;
typedef void *(*wasm_func_callback_with_env_t)(void *env, const wasm_val_vec_t *, wasm_val_vec_t *);

extern void wasm_module_imports(const void *module, wasm_ptr_vec_t *out);
extern const wasm_byte_vec_t *wasm_importtype_module(const void *);
extern const wasm_byte_vec_t *wasm_importtype_name(const void *);
extern const void *wasm_importtype_type(const void *);
extern const void *wasm_externtype_as_functype_const(const void *);
extern void *wasm_func_new_with_env(void *store, const void *type, wasm_func_callback_with_env_t cb,
                                    void *env, void (*finalizer)(void *));
extern void *wasm_func_as_extern(void *);
extern void wasm_extern_vec_new_uninitialized(wasm_ptr_vec_t *out, size_t n);
extern void *wasm_trap_new(void *store, const wasm_byte_vec_t *message);
extern void wasm_byte_vec_new(wasm_byte_vec_t *out, size_t n, const char *data);
extern void wasm_byte_vec_delete(wasm_byte_vec_t *);

typedef struct { int argc; } wasi_config_t;
typedef struct { void *store; bool exited; int32_t code; } wasi_env_t;

wasi_config_t *wasi_config_new(void) { return calloc(1, sizeof(wasi_config_t)); }
bool wasi_config_set_argv(wasi_config_t *c, size_t argc, const char *argv[]) { (void)argv; c->argc = (int)argc; return true; }
void wasi_config_inherit_stdout(wasi_config_t *c) { (void)c; }
void wasi_config_inherit_stderr(wasi_config_t *c) { (void)c; }
bool wasi_config_set_stdout_file(wasi_config_t *c, const char *p) { (void)c; (void)p; return true; }
bool wasi_config_preopen_dir(wasi_config_t *c, const char *h, const char *g, size_t d, size_t f) {
    (void)c; (void)h; (void)g; (void)d; (void)f; return true;
}
wasi_env_t *wasi_env_new(void *store, wasi_config_t *c) {
    free(c);
    wasi_env_t *e = calloc(1, sizeof(wasi_env_t));
    e->store = store;
    return e;
}
bool wasi_env_exit_code(wasi_env_t *e, int32_t *code) { if (e->exited) *code = e->code; return e->exited; }
bool swasm_config_set_strategy(void *config, int s) { (void)config; return s >= 0 && s <= 2; }

static void *trap(void *store, const char *msg) {
    wasm_byte_vec_t m;
    wasm_byte_vec_new(&m, strlen(msg) + 1, msg);
    void *t = wasm_trap_new(store, &m);
    wasm_byte_vec_delete(&m);
    return t;
}
static void *proc_exit(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *res) {
    (void)res;
    wasi_env_t *e = env;
    e->exited = true;
    e->code = *(int32_t *)((char *)args->data + 8); /* wasm_val_t { kind; pad; of.i32 } */
    return trap(e->store, "proc_exit");
}
static void *unsupported(void *env, const wasm_val_vec_t *a, wasm_val_vec_t *r) {
    (void)a; (void)r;
    return trap(((wasi_env_t *)env)->store, "fake libswasm: WASI function not implemented");
}

bool wasi_get_imports(const void *store, wasi_env_t *env, const void *module, wasm_ptr_vec_t *out) {
    wasm_ptr_vec_t imps;
    wasm_module_imports(module, &imps);
    wasm_extern_vec_new_uninitialized(out, imps.size);
    for (size_t i = 0; i < imps.size; i++) {
        const wasm_byte_vec_t *m = wasm_importtype_module(imps.data[i]);
        const wasm_byte_vec_t *n = wasm_importtype_name(imps.data[i]);
        out->data[i] = NULL;
        if (m->size == 22 && !memcmp(m->data, "wasi_snapshot_preview1", 22)) {
            const void *ft = wasm_externtype_as_functype_const(wasm_importtype_type(imps.data[i]));
            bool is_exit = n->size == 9 && !memcmp(n->data, "proc_exit", 9);
            out->data[i] = wasm_func_as_extern(
                wasm_func_new_with_env((void *)store, ft, is_exit ? proc_exit : unsupported, env, NULL));
        }
    }
    return true;
}
