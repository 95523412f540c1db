/* api_coverage: exercises every function family of wasm.h, wasi.h and
 * swasm.h, including the error paths, and ends with
 * "capi: N passed, M failed". Runs under valgrind with no leaks. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules.h"
#include "swasm.h"
#include "wasi.h"
#include "wasm.h"

static int passed, failed;

#define CHECK(name, cond)                          \
  do {                                             \
    if (cond) {                                    \
      passed++;                                    \
      printf("PASS %s\n", name);                   \
    } else {                                       \
      failed++;                                    \
      printf("FAIL %s (line %d: %s)\n", name, __LINE__, #cond); \
    }                                              \
  } while (0)

static void bytes_of(wasm_byte_vec_t* out, const unsigned char* data,
                     size_t size) {
  wasm_byte_vec_new(out, size, (const wasm_byte_t*)data);
}

/* The module of the `size` bytes at `data`, compiled in `store` (NULL if invalid). */
static wasm_module_t* module_of(wasm_store_t* store, const unsigned char* data,
                                size_t size) {
  wasm_byte_vec_t binary;
  bytes_of(&binary, data, size);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  return module;
}

static int callback_calls;
static int finalizer_calls;

static wasm_trap_t* add_one(const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  callback_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return NULL;
}

static int env_calls;

static wasm_trap_t* add_one_env(void* env, const wasm_val_vec_t* args,
                                wasm_val_vec_t* results) {
  (void)env;
  env_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return NULL;
}

static void bump(void* counter) { (*(int*)counter)++; }

/* Host functions returning their externref argument: as a copy they own
 * (wasm_val_copy, as upstream hostref.c does), and as a plain struct copy of
 * the borrowed argument (an ownership slip the engine tolerates). */
static wasm_trap_t* echo_copied(const wasm_val_vec_t* args,
                                wasm_val_vec_t* results) {
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

static wasm_trap_t* echo_aliased(const wasm_val_vec_t* args,
                                 wasm_val_vec_t* results) {
  results->data[0] = args->data[0];
  return NULL;
}

/* Keeps a copy of its argument in *env (a wasm_ref_t*) and returns the
 * argument itself, a plain struct copy: the kept copy stays valid. */
static wasm_trap_t* echo_keeping(void* env, const wasm_val_vec_t* args,
                                 wasm_val_vec_t* results) {
  *(wasm_ref_t**)env = wasm_ref_copy(args->data[0].of.ref);
  results->data[0] = args->data[0];
  return NULL;
}

/* Deletes the host's own handle to the argument's object (*env) and returns
 * an owned copy of the argument: the copy is released, nothing leaks. */
static wasm_trap_t* echo_dropping(void* env, const wasm_val_vec_t* args,
                                  wasm_val_vec_t* results) {
  wasm_ref_delete(*(wasm_ref_t**)env);
  *(wasm_ref_t**)env = NULL;
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

/* A host function that traps with "refused" (env is the store). */
static wasm_trap_t* refuse(void* env, const wasm_val_vec_t* args,
                           wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "refused");
  wasm_trap_t* trap = wasm_trap_new((wasm_store_t*)env, &msg);
  wasm_name_delete(&msg);
  return trap;
}

static void count_finalizer(void* p) {
  (void)p;
  finalizer_calls++;
}

static bool name_is(const wasm_name_t* name, const char* s) {
  return name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

/* ---------------------------------------------------------------------- */

static void test_vectors(void) {
  wasm_byte_vec_t empty, uninit, bytes, copy;
  wasm_byte_vec_new_empty(&empty);
  CHECK("byte_vec_new_empty", empty.size == 0);
  wasm_byte_vec_new_uninitialized(&uninit, 10);
  CHECK("byte_vec_new_uninitialized", uninit.size == 10 && uninit.data);
  wasm_byte_vec_new(&bytes, 3, "abc");
  wasm_byte_vec_copy(&copy, &bytes);
  CHECK("byte_vec_new/copy", copy.size == 3 && memcmp(copy.data, "abc", 3) == 0 &&
                                 copy.data != bytes.data);
  wasm_byte_vec_delete(&empty);
  wasm_byte_vec_delete(&uninit);
  wasm_byte_vec_delete(&bytes);
  wasm_byte_vec_delete(&copy);

  wasm_name_t name;
  wasm_name_new_from_string(&name, "hello");
  CHECK("name_new_from_string", name.size == 5);
  wasm_name_delete(&name);
  wasm_name_new_from_string_nt(&name, "hello");
  CHECK("name_new_from_string_nt", name.size == 6 && name.data[5] == '\0');
  wasm_name_delete(&name);

  wasm_val_t vals[2] = {WASM_I32_VAL(1), WASM_F64_VAL(2.0)};
  wasm_val_vec_t vv, vv2;
  wasm_val_vec_new(&vv, 2, vals);
  wasm_val_vec_copy(&vv2, &vv);
  CHECK("val_vec_new/copy", vv2.size == 2 && vv2.data[0].of.i32 == 1 &&
                                vv2.data[1].kind == WASM_F64);
  wasm_val_vec_delete(&vv);
  wasm_val_vec_delete(&vv2);
  wasm_val_vec_new_empty(&vv);
  wasm_val_vec_delete(&vv);
  wasm_val_vec_new_uninitialized(&vv, 4);
  CHECK("val_vec_new_uninitialized", vv.size == 4);
  wasm_val_vec_delete(&vv);

  /* Deleting an empty vector and a zeroed vector is harmless. */
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_extern_vec_delete(&none);
  wasm_frame_vec_t frames;
  wasm_frame_vec_new_empty(&frames);
  wasm_frame_vec_delete(&frames);
  CHECK("empty vec delete", true);

  wasm_val_t src = WASM_I64_VAL(-7), dst;
  wasm_val_copy(&dst, &src);
  CHECK("val_copy", dst.kind == WASM_I64 && dst.of.i64 == -7);
  wasm_val_delete(&dst);
}

static void test_types(void) {
  wasm_valtype_t* vt = wasm_valtype_new(WASM_F32);
  wasm_valtype_t* vt2 = wasm_valtype_copy(vt);
  CHECK("valtype_new/kind/copy",
        wasm_valtype_kind(vt) == WASM_F32 && wasm_valtype_kind(vt2) == WASM_F32);
  CHECK("valtype_is_num", wasm_valtype_is_num(vt) && !wasm_valtype_is_ref(vt));
  wasm_valtype_delete(vt2);
  wasm_valtype_t* ref = wasm_valtype_new_funcref();
  CHECK("valtype funcref", wasm_valtype_kind(ref) == WASM_FUNCREF &&
                               wasm_valtype_is_ref(ref));
  wasm_valtype_delete(ref);
  wasm_valtype_t* anyref = wasm_valtype_new_anyref();
  CHECK("valtype anyref == externref", wasm_valtype_kind(anyref) == WASM_EXTERNREF);
  wasm_valtype_delete(anyref);

  wasm_valtype_vec_t vts, vts2;
  wasm_valtype_t* arr[2] = {vt, wasm_valtype_new_i64()};
  wasm_valtype_vec_new(&vts, 2, arr);
  wasm_valtype_vec_copy(&vts2, &vts);
  CHECK("valtype_vec_copy", vts2.size == 2 && vts2.data[0] != vts.data[0] &&
                                wasm_valtype_kind(vts2.data[1]) == WASM_I64);
  wasm_valtype_vec_delete(&vts2);

  wasm_valtype_vec_t results;
  wasm_valtype_vec_new_empty(&results);
  wasm_functype_t* ft = wasm_functype_new(&vts, &results);
  CHECK("functype_params/results", wasm_functype_params(ft)->size == 2 &&
                                       wasm_functype_results(ft)->size == 0);
  wasm_functype_t* ft2 = wasm_functype_copy(ft);
  CHECK("functype_copy", wasm_functype_params(ft2)->size == 2);
  wasm_functype_t* fts_arr[1] = {ft2};
  wasm_functype_vec_t fts;
  wasm_functype_vec_new(&fts, 1, fts_arr);
  wasm_functype_vec_delete(&fts); /* deletes ft2 */

  wasm_functype_t* f33 = wasm_functype_new_3_2(
      wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32(),
      wasm_valtype_new_f64(), wasm_valtype_new_externref());
  CHECK("functype_new_3_2", wasm_functype_params(f33)->size == 3 &&
                                wasm_functype_results(f33)->size == 2);
  wasm_functype_delete(f33);

  wasm_globaltype_t* gt =
      wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_globaltype_t* gt2 = wasm_globaltype_copy(gt);
  CHECK("globaltype", wasm_globaltype_mutability(gt2) == WASM_VAR &&
                          wasm_valtype_kind(wasm_globaltype_content(gt2)) == WASM_I32);
  wasm_globaltype_delete(gt2);

  wasm_limits_t lim = {1, 5};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  wasm_tabletype_t* tt2 = wasm_tabletype_copy(tt);
  CHECK("tabletype", wasm_tabletype_limits(tt2)->min == 1 &&
                         wasm_tabletype_limits(tt2)->max == 5 &&
                         wasm_valtype_kind(wasm_tabletype_element(tt2)) == WASM_FUNCREF);
  wasm_tabletype_delete(tt2);

  wasm_limits_t mlim = {2, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&mlim);
  wasm_memorytype_t* mt2 = wasm_memorytype_copy(mt);
  CHECK("memorytype", wasm_memorytype_limits(mt2)->min == 2 &&
                          wasm_memorytype_limits(mt2)->max == wasm_limits_max_default);
  wasm_memorytype_delete(mt2);

  wasm_tagtype_t* tag = wasm_tagtype_new(wasm_functype_new_1_0(wasm_valtype_new_i32()));
  CHECK("tagtype", tag && wasm_functype_params(wasm_tagtype_functype(tag))->size == 1);
  wasm_tagtype_t* tag2 = wasm_tagtype_copy(tag);
  CHECK("tagtype as externtype",
        wasm_externtype_kind(wasm_tagtype_as_externtype_const(tag2)) == WASM_EXTERN_TAG &&
            wasm_externtype_as_tagtype(wasm_tagtype_as_externtype(tag2)) == tag2);
  wasm_tagtype_delete(tag2);
  wasm_tagtype_delete(tag);

  /* Extern type views: right kind gives the object, wrong kind NULL. */
  wasm_externtype_t* e_f = wasm_functype_as_externtype(ft);
  wasm_externtype_t* e_g = wasm_globaltype_as_externtype(gt);
  wasm_externtype_t* e_t = wasm_tabletype_as_externtype(tt);
  wasm_externtype_t* e_m = wasm_memorytype_as_externtype(mt);
  CHECK("externtype_kind", wasm_externtype_kind(e_f) == WASM_EXTERN_FUNC &&
                               wasm_externtype_kind(e_g) == WASM_EXTERN_GLOBAL &&
                               wasm_externtype_kind(e_t) == WASM_EXTERN_TABLE &&
                               wasm_externtype_kind(e_m) == WASM_EXTERN_MEMORY);
  CHECK("externtype_as_* right kind",
        wasm_externtype_as_functype(e_f) == ft &&
            wasm_externtype_as_globaltype(e_g) == gt &&
            wasm_externtype_as_tabletype(e_t) == tt &&
            wasm_externtype_as_memorytype(e_m) == mt);
  CHECK("externtype_as_* wrong kind",
        wasm_externtype_as_functype(e_g) == NULL &&
            wasm_externtype_as_globaltype(e_t) == NULL &&
            wasm_externtype_as_tabletype(e_m) == NULL &&
            wasm_externtype_as_memorytype(e_f) == NULL &&
            wasm_externtype_as_tagtype(e_f) == NULL);
  CHECK("externtype const views",
        wasm_externtype_as_functype_const(wasm_functype_as_externtype_const(ft)) == ft &&
            wasm_externtype_as_globaltype_const(wasm_globaltype_as_externtype_const(gt)) == gt &&
            wasm_externtype_as_tabletype_const(wasm_tabletype_as_externtype_const(tt)) == tt &&
            wasm_externtype_as_memorytype_const(wasm_memorytype_as_externtype_const(mt)) == mt &&
            wasm_externtype_as_tagtype_const(wasm_memorytype_as_externtype_const(mt)) == NULL);

  wasm_externtype_t* e_copy = wasm_externtype_copy(e_g);
  CHECK("externtype_copy", wasm_externtype_kind(e_copy) == WASM_EXTERN_GLOBAL);
  wasm_externtype_t* ets_arr[1] = {e_copy};
  wasm_externtype_vec_t ets;
  wasm_externtype_vec_new(&ets, 1, ets_arr);
  wasm_externtype_vec_delete(&ets);

  wasm_name_t mod_name, field;
  wasm_name_new_from_string(&mod_name, "m");
  wasm_name_new_from_string(&field, "f");
  wasm_importtype_t* it = wasm_importtype_new(&mod_name, &field, e_f); /* takes ft */
  wasm_importtype_t* it2 = wasm_importtype_copy(it);
  CHECK("importtype", name_is(wasm_importtype_module(it2), "m") &&
                          name_is(wasm_importtype_name(it2), "f") &&
                          wasm_externtype_kind(wasm_importtype_type(it2)) == WASM_EXTERN_FUNC);
  wasm_importtype_vec_t its;
  wasm_importtype_t* its_arr[2] = {it, it2};
  wasm_importtype_vec_new(&its, 2, its_arr);
  wasm_importtype_vec_delete(&its);

  wasm_name_t ename;
  wasm_name_new_from_string(&ename, "g");
  wasm_exporttype_t* et = wasm_exporttype_new(&ename, e_g); /* takes gt */
  wasm_exporttype_t* et2 = wasm_exporttype_copy(et);
  CHECK("exporttype", name_is(wasm_exporttype_name(et2), "g") &&
                          wasm_externtype_kind(wasm_exporttype_type(et2)) == WASM_EXTERN_GLOBAL);
  wasm_exporttype_delete(et);
  wasm_exporttype_delete(et2);
  wasm_exporttype_vec_t ets2;
  wasm_exporttype_vec_new_empty(&ets2);
  wasm_exporttype_vec_delete(&ets2);

  wasm_tabletype_delete(tt);
  wasm_memorytype_delete(mt);

  /* The remaining type vectors. */
  wasm_globaltype_vec_t gv;
  wasm_globaltype_vec_new_uninitialized(&gv, 1);
  gv.data[0] = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_CONST);
  wasm_globaltype_vec_t gv2;
  wasm_globaltype_vec_copy(&gv2, &gv);
  CHECK("globaltype_vec", gv2.size == 1 &&
                              wasm_globaltype_mutability(gv2.data[0]) == WASM_CONST);
  wasm_globaltype_vec_delete(&gv);
  wasm_globaltype_vec_delete(&gv2);
  wasm_tabletype_vec_t tv;
  wasm_tabletype_vec_new_empty(&tv);
  wasm_tabletype_vec_delete(&tv);
  wasm_memorytype_vec_t mv;
  wasm_memorytype_vec_new_empty(&mv);
  wasm_memorytype_vec_delete(&mv);
  wasm_tagtype_vec_t tgv;
  wasm_tagtype_vec_new_empty(&tgv);
  wasm_tagtype_vec_delete(&tgv);
}

/* Exercises the reference family of one object through its generic view. */
#define REF_FAMILY(kind, obj, other_ref)                                     \
  do {                                                                       \
    wasm_ref_t* r_ = wasm_##kind##_as_ref(obj);                              \
    CHECK(#kind "_as_ref/ref_as_" #kind, r_ && wasm_ref_as_##kind(r_) == obj); \
    CHECK(#kind "_as_ref_const", wasm_ref_as_##kind##_const(                 \
                                     wasm_##kind##_as_ref_const(obj)) == obj); \
    CHECK("ref_as_" #kind " wrong kind",                                     \
          wasm_ref_as_##kind(other_ref) == NULL);                            \
    wasm_##kind##_t* c_ = wasm_##kind##_copy(obj);                           \
    CHECK(#kind "_copy/same", c_ && wasm_##kind##_same(c_, obj));            \
    static int info_;                                                        \
    wasm_##kind##_set_host_info(obj, &info_);                                \
    CHECK(#kind "_host_info", wasm_##kind##_get_host_info(obj) == &info_);   \
    wasm_##kind##_set_host_info_with_finalizer(obj, &info_, count_finalizer);\
    wasm_##kind##_delete(c_);                                                \
  } while (0)

static void test_runtime(void) {
  wasm_config_t* config = wasm_config_new();
  CHECK("config_new", config != NULL);
  CHECK("swasm_config_set_strategy auto",
        swasm_config_set_strategy(config, SWASM_STRATEGY_AUTO));
  CHECK("swasm_config_set_strategy interpreter",
        swasm_config_set_strategy(config, SWASM_STRATEGY_INTERPRETER));
  CHECK("swasm_config_set_strategy invalid",
        !swasm_config_set_strategy(config, (swasm_strategy_t)99));
  swasm_config_set_max_wasm_stack(config, 1 << 20);
  swasm_config_set_max_call_depth(config, 10000);
  swasm_config_set_consume_fuel(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  CHECK("engine_new_with_config", engine != NULL);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK("store_new", store != NULL);
  CHECK("swasm_version", swasm_version() && swasm_version()[0]);

  /* Invalid binaries. */
  wasm_byte_vec_t garbage;
  wasm_byte_vec_new(&garbage, 8, "notwasm!");
  CHECK("module_validate garbage", !wasm_module_validate(store, &garbage));
  wasm_module_t* bad = wasm_module_new(store, &garbage);
  CHECK("module_new garbage -> NULL", bad == NULL);
  CHECK("swasm_last_error after failure",
        swasm_last_error() != NULL && swasm_last_error()[0] != '\0');
  if (bad) wasm_module_delete(bad);
  CHECK("module_deserialize garbage -> NULL",
        wasm_module_deserialize(store, &garbage) == NULL);
  wasm_byte_vec_delete(&garbage);

  wasm_byte_vec_t binary;
  bytes_of(&binary, coverage_wasm, sizeof coverage_wasm);
  CHECK("module_validate", wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK("module_new", module != NULL);
  if (!module) return;

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK("module_imports", imports.size == 4 &&
                              name_is(wasm_importtype_module(imports.data[0]), "env") &&
                              name_is(wasm_importtype_name(imports.data[3]), "m"));
  CHECK("module_exports", exports.size == 6 &&
                              name_is(wasm_exporttype_name(exports.data[5]), "m2"));
  wasm_importtype_vec_delete(&imports);
  wasm_exporttype_vec_delete(&exports);

  wasm_byte_vec_t image;
  wasm_module_serialize(module, &image);
  wasm_module_t* again = wasm_module_deserialize(store, &image);
  wasm_byte_vec_delete(&image);
  CHECK("module_serialize/deserialize", again != NULL);
  wasm_shared_module_t* shared = wasm_module_share(module);
  wasm_module_t* obtained = shared ? wasm_module_obtain(store, shared) : NULL;
  CHECK("module_share/obtain", shared && obtained);

  /* Missing imports and imports of the wrong kind fail cleanly. */
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &no_imports, &trap);
  CHECK("instance_new missing imports -> NULL", inst == NULL);
  CHECK("instance_new missing imports -> trap or error",
        trap != NULL || swasm_last_error() != NULL);
  if (trap) wasm_trap_delete(trap);
  if (inst) wasm_instance_delete(inst);

  /* Host objects for the imports. */
  wasm_functype_t* ft =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* func = wasm_func_new(store, ft, add_one);
  static int env_finalized;
  wasm_func_t* func_env =
      wasm_func_new_with_env(store, ft, add_one_env, &env_finalized, bump);
  CHECK("func_new_with_env", func_env != NULL);
  if (func_env) {
    wasm_val_t ein[1] = {WASM_I32_VAL(1)};
    wasm_val_t eout[1] = {WASM_INIT_VAL};
    wasm_val_vec_t eargs = WASM_ARRAY_VEC(ein), eres = WASM_ARRAY_VEC(eout);
    wasm_trap_t* etrap = wasm_func_call(func_env, &eargs, &eres);
    CHECK("func_call host with env", etrap == NULL && eout[0].of.i32 == 2);
    if (etrap) wasm_trap_delete(etrap);
    wasm_func_delete(func_env);
  }
  wasm_functype_delete(ft);
  CHECK("func_new", func != NULL);
  CHECK("func arity", wasm_func_param_arity(func) == 1 &&
                          wasm_func_result_arity(func) == 1);
  wasm_functype_t* got = wasm_func_type(func);
  CHECK("func_type", wasm_functype_params(got)->size == 1);
  wasm_functype_delete(got);

  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t gv = WASM_I32_VAL(41);
  wasm_global_t* global = wasm_global_new(store, gt, &gv);
  wasm_globaltype_delete(gt);
  CHECK("global_new", global != NULL);
  wasm_val_t wrong = WASM_I64_VAL(1);
  wasm_globaltype_t* gt_const = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_global_t* bad_global = wasm_global_new(store, gt_const, &wrong);
  CHECK("global_new wrong value kind -> NULL", bad_global == NULL);
  if (bad_global) wasm_global_delete(bad_global);
  wasm_globaltype_delete(gt_const);

  wasm_limits_t tl = {1, 3};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_table_t* table = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  CHECK("table_new", table != NULL);

  wasm_limits_t ml = {1, 2};
  wasm_memorytype_t* mt = wasm_memorytype_new(&ml);
  wasm_memory_t* memory = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK("memory_new", memory != NULL);
  if (!func || !global || !table || !memory) return;

  /* Wrong kind in the first slot. */
  wasm_extern_t* wrong_kinds[] = {wasm_global_as_extern(global),
                                  wasm_global_as_extern(global),
                                  wasm_table_as_extern(table),
                                  wasm_memory_as_extern(memory)};
  wasm_extern_vec_t wrong_vec = WASM_ARRAY_VEC(wrong_kinds);
  trap = NULL;
  inst = wasm_instance_new(store, module, &wrong_vec, &trap);
  CHECK("instance_new wrong import kind -> NULL", inst == NULL);
  if (trap) wasm_trap_delete(trap);
  if (inst) wasm_instance_delete(inst);

  wasm_extern_t* good[] = {wasm_func_as_extern(func), wasm_global_as_extern(global),
                           wasm_table_as_extern(table), wasm_memory_as_extern(memory)};
  wasm_extern_vec_t good_vec = WASM_ARRAY_VEC(good);
  trap = NULL;
  inst = wasm_instance_new(store, obtained ? obtained : module, &good_vec, &trap);
  CHECK("instance_new", inst != NULL && trap == NULL);
  if (trap) wasm_trap_delete(trap);
  if (!inst) return;

  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK("instance_exports", ex.size == 6);
  if (ex.size == 6) {
    CHECK("extern_kind", wasm_extern_kind(ex.data[0]) == WASM_EXTERN_FUNC &&
                             wasm_extern_kind(ex.data[3]) == WASM_EXTERN_GLOBAL &&
                             wasm_extern_kind(ex.data[4]) == WASM_EXTERN_TABLE &&
                             wasm_extern_kind(ex.data[5]) == WASM_EXTERN_MEMORY);
    wasm_externtype_t* ety = wasm_extern_type(ex.data[3]);
    CHECK("extern_type", wasm_externtype_kind(ety) == WASM_EXTERN_GLOBAL);
    wasm_externtype_delete(ety);
    CHECK("extern_as_* wrong kind -> NULL",
          wasm_extern_as_func(ex.data[3]) == NULL &&
              wasm_extern_as_global(ex.data[0]) == NULL &&
              wasm_extern_as_table(ex.data[5]) == NULL &&
              wasm_extern_as_memory(ex.data[4]) == NULL);
    CHECK("extern_as_*_const",
          wasm_extern_as_func_const(ex.data[0]) != NULL &&
              wasm_extern_as_global_const(ex.data[3]) != NULL &&
              wasm_extern_as_table_const(ex.data[4]) != NULL &&
              wasm_extern_as_memory_const(ex.data[5]) != NULL);
    const wasm_func_t* f0 = wasm_extern_as_func(ex.data[0]);
    CHECK("func_as_extern round trip",
          wasm_extern_as_func(wasm_func_as_extern(func)) == func &&
              wasm_func_as_extern_const(func) != NULL &&
              wasm_global_as_extern_const(global) != NULL &&
              wasm_table_as_extern_const(table) != NULL &&
              wasm_memory_as_extern_const(memory) != NULL);

    /* Calls, through wasm into the host callback. */
    wasm_val_t in[1] = {WASM_I32_VAL(9)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_ARRAY_VEC(out);
    trap = wasm_func_call(f0, &args, &res);
    CHECK("func_call through host", trap == NULL && out[0].of.i32 == 10 &&
                                        callback_calls == 1);
    if (trap) wasm_trap_delete(trap);
    /* Wrong argument count is refused with a trap, not a crash. */
    wasm_val_vec_t no_args = WASM_EMPTY_VEC;
    trap = wasm_func_call(f0, &no_args, &res);
    CHECK("func_call wrong arity -> trap", trap != NULL);
    if (trap) wasm_trap_delete(trap);
    /* Too little room for the results: the call runs (as the reference
     * implementation's does), then its missing room is the trap... */
    wasm_val_vec_t no_room = WASM_EMPTY_VEC;
    trap = wasm_func_call(f0, &args, &no_room);
    CHECK("func_call without result room runs, then -> trap",
          trap != NULL && callback_calls == 2);
    if (trap) wasm_trap_delete(trap);
    /* ...unless the call traps: then that trap, as upstream trap.c expects. */
    wasm_functype_t* rt =
        wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t* refusing = wasm_func_new_with_env(store, rt, refuse, store, NULL);
    wasm_functype_delete(rt);
    trap = refusing ? wasm_func_call(refusing, &args, &no_room) : NULL;
    wasm_message_t refused = WASM_EMPTY_VEC;
    if (trap) wasm_trap_message(trap, &refused);
    CHECK("func_call trapping without result room -> its own trap",
          refused.size == 8 && strcmp(refused.data, "refused") == 0);
    wasm_byte_vec_delete(&refused);
    if (trap) wasm_trap_delete(trap);
    if (refusing) wasm_func_delete(refusing);

    /* Globals. */
    wasm_val_t v;
    wasm_global_get(global, &v);
    CHECK("global_get", v.kind == WASM_I32 && v.of.i32 == 41);
    wasm_val_t nv = WASM_I32_VAL(5);
    wasm_global_set(global, &nv);
    const wasm_func_t* get_g = wasm_extern_as_func(ex.data[1]);
    out[0].of.i32 = 0;
    trap = wasm_func_call(get_g, &no_args, &res);
    CHECK("global_set visible to wasm", trap == NULL && out[0].of.i32 == 5);
    if (trap) wasm_trap_delete(trap);
    wasm_global_get(wasm_extern_as_global(ex.data[3]), &v);
    CHECK("exported const global", v.kind == WASM_I64 && v.of.i64 == 5);
    wasm_globaltype_t* gty = wasm_global_type(global);
    CHECK("global_type", wasm_globaltype_mutability(gty) == WASM_VAR);
    wasm_globaltype_delete(gty);

    /* Tables: out of range and beyond max. */
    CHECK("table_size", wasm_table_size(table) == 1);
    CHECK("table_get out of range -> NULL", wasm_table_get(table, 7) == NULL);
    CHECK("table_set out of range -> false",
          !wasm_table_set(table, 7, wasm_func_as_ref(func)));
    CHECK("table_set", wasm_table_set(table, 0, wasm_func_as_ref(func)));
    wasm_ref_t* entry = wasm_table_get(table, 0);
    CHECK("table_get", entry && wasm_ref_same(entry, wasm_func_as_ref(func)));
    if (entry) wasm_ref_delete(entry);
    CHECK("table_grow", wasm_table_grow(table, 2, NULL));
    CHECK("table_grow beyond max -> false", !wasm_table_grow(table, 1, NULL));
    wasm_tabletype_t* tty = wasm_table_type(table);
    CHECK("table_type", wasm_tabletype_limits(tty)->max == 3);
    wasm_tabletype_delete(tty);

    /* Memories: growth from wasm and from the host, beyond max. */
    const wasm_func_t* grow = wasm_extern_as_func(ex.data[2]);
    in[0].of.i32 = 1;
    trap = wasm_func_call(grow, &args, &res);
    CHECK("memory.grow from wasm", trap == NULL && out[0].of.i32 == 1);
    if (trap) wasm_trap_delete(trap);
    CHECK("memory_size", wasm_memory_size(memory) == 2 &&
                             wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
    CHECK("memory_grow beyond max -> false", !wasm_memory_grow(memory, 1));
    CHECK("memory_grow 0", wasm_memory_grow(memory, 0));
    CHECK("memory_data", wasm_memory_data(memory) != NULL);
    wasm_memorytype_t* mty = wasm_memory_type(memory);
    CHECK("memory_type", wasm_memorytype_limits(mty)->max == 2);
    wasm_memorytype_delete(mty);

    /* Reference families of every runtime object kind. */
    wasm_foreign_t* foreign = wasm_foreign_new(store);
    CHECK("foreign_new", foreign != NULL);
    wasm_ref_t* foreign_ref = wasm_foreign_as_ref(foreign);
    REF_FAMILY(func, func, foreign_ref);
    REF_FAMILY(global, global, foreign_ref);
    REF_FAMILY(table, table, foreign_ref);
    REF_FAMILY(memory, memory, foreign_ref);
    REF_FAMILY(instance, inst, foreign_ref);
    REF_FAMILY(module, module, foreign_ref);
    REF_FAMILY(extern, ex.data[0], foreign_ref);
    REF_FAMILY(foreign, foreign, wasm_func_as_ref(func));

    wasm_ref_t* rc = wasm_ref_copy(foreign_ref);
    CHECK("ref_copy/same", rc && wasm_ref_same(rc, foreign_ref) &&
                               !wasm_ref_same(rc, wasm_func_as_ref(func)));
    if (rc) wasm_ref_delete(rc);
    wasm_foreign_delete(foreign);

    /* Host info set through a generic reference belongs to the object. */
    wasm_foreign_t* other = wasm_foreign_new(store);
    wasm_ref_t* oref = other ? wasm_ref_copy(wasm_foreign_as_ref(other)) : NULL;
    static int ref_info;
    if (oref) {
      wasm_ref_set_host_info(oref, &ref_info);
      CHECK("ref_host_info", wasm_ref_get_host_info(oref) == &ref_info &&
                                 wasm_foreign_get_host_info(other) == &ref_info);
      wasm_ref_set_host_info_with_finalizer(oref, &ref_info, count_finalizer);
      wasm_ref_delete(oref);
    } else {
      CHECK("ref_host_info", false);
    }
    if (other) wasm_foreign_delete(other);

    /* The engine releases an echoed copy (else the object leaks: valgrind)
     * and not an echoed argument (else it is freed twice). */
    wasm_functype_t* et = wasm_functype_new_1_1(wasm_valtype_new_externref(),
                                                wasm_valtype_new_externref());
    wasm_func_t* echoes[2] = {wasm_func_new(store, et, echo_copied),
                              wasm_func_new(store, et, echo_aliased)};
    wasm_functype_delete(et);
    wasm_foreign_t* thing = wasm_foreign_new(store);
    for (int k = 0; k < 2; k++) {
      wasm_val_t ein[1] = {WASM_REF_VAL(wasm_foreign_as_ref(thing))};
      wasm_val_t eout[1] = {WASM_INIT_VAL};
      wasm_val_vec_t ea = WASM_ARRAY_VEC(ein), er = WASM_ARRAY_VEC(eout);
      wasm_trap_t* etrap = wasm_func_call(echoes[k], &ea, &er);
      CHECK(k == 0 ? "host echo of an owned copy" : "host echo of the argument",
            etrap == NULL && eout[0].of.ref &&
                wasm_ref_same(eout[0].of.ref, wasm_foreign_as_ref(thing)));
      if (etrap) wasm_trap_delete(etrap);
      wasm_val_delete(&eout[0]);
      wasm_func_delete(echoes[k]);
    }
    wasm_foreign_delete(thing);

    /* Keeping a copy of the argument, and dropping the host's own handle. */
    wasm_ref_t* kept = NULL;
    wasm_foreign_t* obj = wasm_foreign_new(store);
    wasm_ref_t* own_handle = wasm_ref_copy(wasm_foreign_as_ref(obj));
    et = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
    wasm_func_t* keeping = wasm_func_new_with_env(store, et, echo_keeping, &kept, NULL);
    wasm_func_t* dropping = wasm_func_new_with_env(store, et, echo_dropping, &own_handle, NULL);
    wasm_functype_delete(et);
    for (int k = 0; k < 2; k++) {
      wasm_val_t ein[1] = {WASM_REF_VAL(wasm_foreign_as_ref(obj))};
      wasm_val_t eout[1] = {WASM_INIT_VAL};
      wasm_val_vec_t ea = WASM_ARRAY_VEC(ein), er = WASM_ARRAY_VEC(eout);
      wasm_trap_t* etrap = wasm_func_call(k == 0 ? keeping : dropping, &ea, &er);
      CHECK(k == 0 ? "host keeps a copy of its argument" : "host drops its own handle, returns a copy",
            etrap == NULL && eout[0].of.ref &&
                wasm_ref_same(eout[0].of.ref, wasm_foreign_as_ref(obj)));
      if (etrap) wasm_trap_delete(etrap);
      wasm_val_delete(&eout[0]);
    }
    CHECK("kept copy is the object", kept && wasm_ref_same(kept, wasm_foreign_as_ref(obj)) && own_handle == NULL);
    if (kept) wasm_ref_delete(kept);
    wasm_func_delete(keeping);
    wasm_func_delete(dropping);
    wasm_foreign_delete(obj);
  }

  /* Traps and frames. */
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "custom");
  wasm_trap_t* t = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  CHECK("trap_new", t != NULL);
  if (t) {
    wasm_message_t back;
    wasm_trap_message(t, &back);
    CHECK("trap_message", back.size == 7 && strcmp(back.data, "custom") == 0);
    wasm_byte_vec_delete(&back);
    CHECK("trap_origin without frames -> NULL", wasm_trap_origin(t) == NULL);
    wasm_frame_vec_t trace;
    wasm_trap_trace(t, &trace);
    CHECK("trap_trace without frames", trace.size == 0);
    wasm_frame_vec_delete(&trace);
    wasm_trap_t* t2 = wasm_trap_copy(t);
    CHECK("trap_copy/same", t2 && wasm_trap_same(t, t2));
    wasm_trap_set_host_info(t2, &passed);
    CHECK("trap_host_info", wasm_trap_get_host_info(t2) == &passed);
    CHECK("trap_as_ref", wasm_ref_as_trap(wasm_trap_as_ref(t)) == t &&
                             wasm_ref_as_trap_const(wasm_trap_as_ref_const(t)) == t);
    wasm_trap_delete(t2);
    wasm_trap_delete(t);
  }

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(func);
  wasm_global_delete(global);
  wasm_table_delete(table);
  wasm_memory_delete(memory);
  if (obtained) wasm_module_delete(obtained);
  if (shared) wasm_shared_module_delete(shared);
  if (again) wasm_module_delete(again);
  wasm_module_delete(module);

  /* Fuel: the endless loop stops when fuel runs out. */
  wasm_module_t* loop_mod = module_of(store, loop_wasm, sizeof loop_wasm);
  CHECK("module_new loop", loop_mod != NULL);
  if (loop_mod) {
    swasm_store_set_fuel(store, 10000);
    uint64_t fuel = 0;
    CHECK("swasm_store_get_fuel", swasm_store_get_fuel(store, &fuel) && fuel == 10000);
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_instance_t* li = wasm_instance_new(store, loop_mod, &none, NULL);
    CHECK("instance_new loop (NULL trap out)", li != NULL);
    if (li) {
      wasm_extern_vec_t lex;
      wasm_instance_exports(li, &lex);
      wasm_val_vec_t a = WASM_EMPTY_VEC, r = WASM_EMPTY_VEC;
      wasm_trap_t* ft_trap =
          lex.size == 1 ? wasm_func_call(wasm_extern_as_func(lex.data[0]), &a, &r) : NULL;
      CHECK("fuel exhaustion traps", ft_trap != NULL);
      if (ft_trap) wasm_trap_delete(ft_trap);
      CHECK("fuel is used up", swasm_store_get_fuel(store, &fuel) && fuel < 10000);
      wasm_extern_vec_delete(&lex);
      wasm_instance_delete(li);
    }
    wasm_module_delete(loop_mod);
  }

  /* Store memory limit. */
  swasm_store_set_memory_limit(store, 2 * MEMORY_PAGE_SIZE);
  wasm_limits_t big = {1, 100};
  wasm_memorytype_t* bmt = wasm_memorytype_new(&big);
  wasm_memory_t* bm = wasm_memory_new(store, bmt);
  wasm_memorytype_delete(bmt);
  CHECK("memory_new under limit", bm != NULL);
  if (bm) {
    CHECK("memory_grow within store limit", wasm_memory_grow(bm, 1));
    CHECK("memory_grow beyond store limit -> false", !wasm_memory_grow(bm, 1));
    wasm_memory_delete(bm);
  }

  wasm_store_delete(store);
  /* 8 objects from REF_FAMILY plus the foreign above: each exactly once. */
  CHECK("host info finalizers ran exactly once", finalizer_calls == 9);
  CHECK("func env finalizer ran exactly once", env_finalized == 1 && env_calls == 1);
  wasm_engine_delete(engine);

  /* Default engine and store. */
  wasm_engine_t* e2 = wasm_engine_new();
  wasm_store_t* s2 = e2 ? wasm_store_new(e2) : NULL;
  CHECK("engine_new/store_new", e2 && s2);
  if (s2) {
    uint64_t fuel;
    CHECK("swasm_store_get_fuel without metering -> false",
          !swasm_store_get_fuel(s2, &fuel));
    wasm_store_delete(s2);
  }
  if (e2) wasm_engine_delete(e2);
  wasm_config_t* unused = wasm_config_new();
  wasm_config_delete(unused);
}

/* Proposal switches: a module with two memories needs "multi-memory". */
static void test_features(void) {
  static const char two_memories[] = "\0asm\1\0\0\0\5\5\2\0\0\0\0";
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, sizeof two_memories - 1, two_memories);

  wasm_config_t* config = wasm_config_new();
  CHECK("swasm_config_feature_enabled multi-memory default",
        swasm_config_feature_enabled(config, "multi-memory"));
  CHECK("swasm_config_feature_enabled wide-arithmetic default off",
        !swasm_config_feature_enabled(config, "wide-arithmetic"));
  CHECK("swasm_config_set_feature unknown",
        !swasm_config_set_feature(config, "no-such-proposal", true));
  CHECK("swasm_config_set_feature multi-memory off",
        swasm_config_set_feature(config, "multi-memory", false));
  CHECK("swasm_config_feature_enabled multi-memory off",
        !swasm_config_feature_enabled(config, "multi-memory"));
  CHECK("swasm_config_set_feature wide-arithmetic on",
        swasm_config_set_feature(config, "wide-arithmetic", true) &&
            swasm_config_feature_enabled(config, "wide-arithmetic"));
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK("module_validate without multi-memory",
        !wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK("module_new without multi-memory -> NULL", module == NULL);
  CHECK("swasm_last_error names multiple memories",
        swasm_last_error() && strstr(swasm_last_error(), "multiple memories"));
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  CHECK("module_validate with default features",
        wasm_module_validate(store, &binary));
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  wasm_byte_vec_delete(&binary);
}

static void test_wasi(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasi_config_t* cfg = wasi_config_new();
  CHECK("wasi_config_new", cfg != NULL);
  const char* argv[] = {"prog", "arg1"};
  CHECK("wasi_config_set_argv", wasi_config_set_argv(cfg, 2, argv));
  const char* names[] = {"A"};
  const char* values[] = {"1"};
  CHECK("wasi_config_set_env", wasi_config_set_env(cfg, 1, names, values));
  wasi_config_inherit_argv(cfg);
  wasi_config_inherit_env(cfg);
  wasm_byte_vec_t input;
  wasm_byte_vec_new(&input, 5, "input");
  wasi_config_set_stdin_bytes(cfg, &input);
  wasm_byte_vec_delete(&input); /* emptied by the call; deleting is safe */
  wasi_config_inherit_stdin(cfg);
  CHECK("wasi_config_set_stdin_file missing -> false",
        !wasi_config_set_stdin_file(cfg, "/nonexistent/stdin"));
  CHECK("wasi_config_set_stdout_file bad dir -> false",
        !wasi_config_set_stdout_file(cfg, "/nonexistent/dir/out"));
  CHECK("wasi_config_set_stderr_file bad dir -> false",
        !wasi_config_set_stderr_file(cfg, "/nonexistent/dir/err"));
  wasi_config_inherit_stdout(cfg);
  wasi_config_inherit_stderr(cfg);
  CHECK("wasi_config_preopen_dir",
        wasi_config_preopen_dir(cfg, ".", "/",
                                WASMTIME_WASI_DIR_PERMS_READ,
                                WASMTIME_WASI_FILE_PERMS_READ));
  CHECK("wasi_config_preopen_dir missing -> false",
        !wasi_config_preopen_dir(cfg, "/nonexistent/dir", "/x",
                                 WASMTIME_WASI_DIR_PERMS_READ,
                                 WASMTIME_WASI_FILE_PERMS_READ));
  wasi_config_t* unused = wasi_config_new();
  wasi_config_delete(unused);

  wasi_env_t* env = wasi_env_new(store, cfg);
  CHECK("wasi_env_new", env != NULL);
  if (!env) goto out;
  int code = -1;
  CHECK("wasi_env_exit_code before run -> false", !wasi_env_exit_code(env, &code));

  wasm_module_t* mixed = module_of(store, mixed_wasm, sizeof mixed_wasm);
  if (mixed) {
    wasm_extern_vec_t imps;
    CHECK("wasi_get_imports with a non-WASI import -> false",
          !wasi_get_imports(store, env, mixed, &imps));
    wasm_importtype_vec_t its;
    wasm_module_imports(mixed, &its);
    wasm_extern_t* e0 = its.size == 2 ? wasi_env_get_import(env, its.data[0]) : NULL;
    wasm_extern_t* e1 = its.size == 2 ? wasi_env_get_import(env, its.data[1]) : NULL;
    CHECK("wasi_env_get_import", e0 != NULL && e1 == NULL &&
                                     wasm_extern_kind(e0) == WASM_EXTERN_FUNC);
    if (e0) wasm_extern_delete(e0);
    if (e1) wasm_extern_delete(e1);
    wasm_importtype_vec_delete(&its);
    wasm_module_delete(mixed);
  }

  wasm_module_t* module = module_of(store, wasi_exit_wasm, sizeof wasi_exit_wasm);
  CHECK("module_new wasi_exit", module != NULL);
  if (module) {
    wasm_extern_vec_t imps;
    bool ok = wasi_get_imports(store, env, module, &imps);
    CHECK("wasi_get_imports", ok && imps.size == 1);
    if (ok) {
      wasm_trap_t* trap = NULL;
      wasm_instance_t* inst = wasm_instance_new(store, module, &imps, &trap);
      CHECK("instance_new with WASI imports", inst != NULL);
      if (trap) wasm_trap_delete(trap);
      if (inst) {
        wasm_extern_vec_t ex;
        wasm_instance_exports(inst, &ex);
        const wasm_func_t* start = ex.size == 2 ? wasm_extern_as_func(ex.data[1]) : NULL;
        wasm_val_vec_t a = WASM_EMPTY_VEC, r = WASM_EMPTY_VEC;
        trap = start ? wasm_func_call(start, &a, &r) : NULL;
        CHECK("proc_exit ends the call with a trap", trap != NULL);
        if (trap) wasm_trap_delete(trap);
        CHECK("wasi_env_exit_code", wasi_env_exit_code(env, &code) && code == 3);
        wasm_extern_vec_delete(&ex);
        wasm_instance_delete(inst);
      }
      wasm_extern_vec_delete(&imps);
    }
    wasm_module_delete(module);
  }
  wasi_env_delete(env);
out:
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* A tag export is an extern of kind TAG, and links into a module importing
 * it: the exception thrown through the import ends the call with a trap. */
static void test_tags(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m1 = module_of(store, tags_wasm, sizeof tags_wasm);
  wasm_module_t* m2 = module_of(store, tags_user_wasm, sizeof tags_user_wasm);
  wasm_instance_t* i1 = m1 ? wasm_instance_new(store, m1, NULL, NULL) : NULL;
  wasm_extern_vec_t ex = WASM_EMPTY_VEC;
  if (i1) wasm_instance_exports(i1, &ex);
  CHECK("tag export", ex.size == 2 && wasm_extern_kind(ex.data[0]) == WASM_EXTERN_TAG);
  wasm_externtype_t* et = ex.size == 2 ? wasm_extern_type(ex.data[0]) : NULL;
  CHECK("tag export type", et && wasm_externtype_kind(et) == WASM_EXTERN_TAG &&
                               wasm_externtype_as_tagtype(et) != NULL);
  if (et) wasm_externtype_delete(et);
  wasm_instance_t* i2 = NULL;
  if (m2 && ex.size == 2) {
    wasm_extern_vec_t imports = {2, ex.data};
    wasm_trap_t* trap = NULL;
    i2 = wasm_instance_new(store, m2, &imports, &trap);
    if (trap) wasm_trap_delete(trap);
  }
  CHECK("tag import links", i2 != NULL);
  if (i2) {
    wasm_extern_vec_t ex2;
    wasm_instance_exports(i2, &ex2);
    wasm_val_t in[1] = {WASM_I32_VAL(5)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_EMPTY_VEC;
    wasm_trap_t* trap = ex2.size == 1 ? wasm_func_call(wasm_extern_as_func(ex2.data[0]), &args, &res) : NULL;
    CHECK("exception through an imported tag -> trap", trap != NULL);
    if (trap) wasm_trap_delete(trap);
    wasm_extern_vec_delete(&ex2);
    wasm_instance_delete(i2);
  }
  wasm_extern_vec_delete(&ex);
  if (i1) wasm_instance_delete(i1);
  if (m2) wasm_module_delete(m2);
  if (m1) wasm_module_delete(m1);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* Limits whose minimum exceeds their maximum make no table or memory. */
static void test_bad_limits(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_limits_t lim = {5, 2};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  wasm_table_t* t = wasm_table_new(store, tt, NULL);
  CHECK("table_new min > max -> NULL", t == NULL);
  if (t) wasm_table_delete(t);
  wasm_tabletype_delete(tt);
  wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
  wasm_memory_t* m = wasm_memory_new(store, mt);
  CHECK("memory_new min > max -> NULL", m == NULL);
  if (m) wasm_memory_delete(m);
  wasm_memorytype_delete(mt);
  wasm_limits_t too_big = {0, 65537};
  mt = wasm_memorytype_new(&too_big);
  m = wasm_memory_new(store, mt);
  CHECK("memory_new beyond 65536 pages -> NULL", m == NULL);
  if (m) wasm_memory_delete(m);
  wasm_memorytype_delete(mt);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* v128 values do not fit wasm_val_t: calls and host functions that would
 * pass one are refused, a v128 global reads as kind 4 with no value. */
static void test_v128(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_of(store, v128_wasm, sizeof v128_wasm);
  wasm_instance_t* inst = module ? wasm_instance_new(store, module, NULL, NULL) : NULL;
  wasm_extern_vec_t ex = WASM_EMPTY_VEC;
  if (inst) wasm_instance_exports(inst, &ex);
  CHECK("v128 module", ex.size == 2);
  if (ex.size == 2) {
    wasm_val_t v = WASM_I32_VAL(7);
    wasm_global_get(wasm_extern_as_global(ex.data[0]), &v);
    CHECK("v128 global reads as kind 4", v.kind == 4);
    wasm_val_t in[1] = {WASM_I64_VAL(1)}, out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_ARRAY_VEC(out);
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(ex.data[1]), &args, &res);
    CHECK("wasm_func_call with v128 -> trap", trap != NULL);
    if (trap) wasm_trap_delete(trap);
    wasm_functype_t* ft = wasm_functype_new_1_0(wasm_valtype_new(4));
    wasm_func_t* f = wasm_func_new(store, ft, add_one);
    CHECK("wasm_func_new with v128 -> NULL", f == NULL);
    if (f) wasm_func_delete(f);
    wasm_functype_delete(ft);
  }
  wasm_extern_vec_delete(&ex);
  if (inst) wasm_instance_delete(inst);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* A shared memory outlives the store that made it: store B imports and
 * re-exports it, the defining store A is deleted, and store C still links
 * B's export and reads it (valgrind: no read of A's freed store). */
static void test_shared_memory_outlives_store(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* a = wasm_store_new(engine);
  wasm_store_t* b = wasm_store_new(engine);
  wasm_store_t* c = wasm_store_new(engine);
  wasm_module_t* def = module_of(a, shared_def_wasm, sizeof shared_def_wasm);
  wasm_module_t* use = module_of(b, shared_use_wasm, sizeof shared_use_wasm);
  wasm_instance_t* ia = def ? wasm_instance_new(a, def, NULL, NULL) : NULL;
  wasm_extern_vec_t exa = WASM_EMPTY_VEC, exb = WASM_EMPTY_VEC, exc = WASM_EMPTY_VEC;
  if (ia) wasm_instance_exports(ia, &exa);
  wasm_instance_t* ib = NULL;
  if (use && exa.size == 1) {
    wasm_extern_vec_t imports = {1, exa.data};
    ib = wasm_instance_new(b, use, &imports, NULL);
  }
  if (ib) wasm_instance_exports(ib, &exb);
  wasm_extern_vec_delete(&exa);
  if (ia) wasm_instance_delete(ia);
  if (def) wasm_module_delete(def);
  wasm_store_delete(a);
  wasm_instance_t* ic = NULL;
  if (exb.size == 2) {
    wasm_extern_vec_t imports = {1, &exb.data[1]};
    ic = wasm_instance_new(c, use, &imports, NULL);
  }
  CHECK("shared memory links after its defining store is deleted", ic != NULL);
  if (ic) {
    wasm_instance_exports(ic, &exc);
    wasm_val_t in[1] = {WASM_I32_VAL(0)}, out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_ARRAY_VEC(out);
    wasm_trap_t* trap = exc.size == 2 ? wasm_func_call(wasm_extern_as_func(exc.data[0]), &args, &res) : NULL;
    CHECK("and reads it", exc.size == 2 && trap == NULL && out[0].of.i32 == 0);
    if (trap) wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exc);
    wasm_instance_delete(ic);
  }
  wasm_extern_vec_delete(&exb);
  if (ib) wasm_instance_delete(ib);
  if (use) wasm_module_delete(use);
  wasm_store_delete(c);
  wasm_store_delete(b);
  wasm_engine_delete(engine);
}

/* Returns (an owned copy of) the function `env`. */
static wasm_trap_t* give_env_func(void* env, const wasm_val_vec_t* args,
                                  wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_FUNCREF;
  results->data[0].of.ref = wasm_ref_copy(wasm_func_as_ref((wasm_func_t*)env));
  return NULL;
}

/* A host function's result must belong to the function's store: a funcref
 * of another store is refused with a trap (wasm would keep it past that
 * store's deletion). */
static void test_cross_store_result(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* a = wasm_store_new(engine);
  wasm_store_t* b = wasm_store_new(engine);
  wasm_functype_t* ft =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* fa = wasm_func_new(a, ft, add_one);
  wasm_functype_delete(ft);
  wasm_functype_t* gt = wasm_functype_new_0_1(wasm_valtype_new_funcref());
  wasm_func_t* own = wasm_func_new_with_env(b, gt, give_env_func, fa, NULL);
  wasm_func_t* gb = wasm_func_new_with_env(b, gt, give_env_func, own, NULL);
  wasm_functype_delete(gt);
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, res = WASM_ARRAY_VEC(out);
  wasm_trap_t* trap = wasm_func_call(own, &none, &res);
  wasm_message_t msg = WASM_EMPTY_VEC;
  if (trap) wasm_trap_message(trap, &msg);
  CHECK("host result from another store -> trap",
        trap != NULL && msg.data && strstr(msg.data, "store"));
  wasm_byte_vec_delete(&msg);
  if (trap) wasm_trap_delete(trap);
  trap = wasm_func_call(gb, &none, &res);
  CHECK("host result from its own store", trap == NULL && out[0].of.ref &&
                                              wasm_ref_same(out[0].of.ref, wasm_func_as_ref(own)));
  if (trap) wasm_trap_delete(trap);
  wasm_val_delete(&out[0]);
  wasm_func_delete(gb);
  wasm_func_delete(own);
  wasm_func_delete(fa);
  wasm_store_delete(b);
  wasm_store_delete(a);
  wasm_engine_delete(engine);
}

/* Modules and traps outlive their store: their finalizers run when they die. */
static int lifetime_finalized;
static void count_lifetime(void* p) {
  (void)p;
  lifetime_finalized++;
}

static void test_finalizer_lifetimes(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_of(store, loop_wasm, sizeof loop_wasm);
  static int module_info, trap_info;
  if (module) wasm_module_set_host_info_with_finalizer(module, &module_info, count_lifetime);
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "gone");
  wasm_trap_t* trap = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  if (trap) wasm_trap_set_host_info_with_finalizer(trap, &trap_info, count_lifetime);
  if (trap) wasm_trap_delete(trap);
  CHECK("trap finalizer runs when the trap dies", lifetime_finalized == 1);
  wasm_store_delete(store);
  CHECK("module finalizer not run by its store's deletion",
        module && lifetime_finalized == 1 && wasm_module_get_host_info(module) == &module_info);
  if (module) wasm_module_delete(module);
  CHECK("module finalizer runs when the module dies", lifetime_finalized == 2);
  wasm_engine_delete(engine);
}

/* Handles the host still holds after their store is deleted fail cleanly
 * (valgrind: no read of the freed store). */
static void test_after_store(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_globaltype_t* gt =
      wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t seven = WASM_I32_VAL(7);
  wasm_global_t* g = wasm_global_new(store, gt, &seven);
  wasm_globaltype_delete(gt);
  wasm_limits_t lim = {1, 4};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  wasm_table_t* t = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
  wasm_memory_t* m = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  wasm_store_delete(store);

  wasm_val_t v = WASM_I32_VAL(1);
  wasm_global_set(g, &v);
  wasm_global_get(g, &v);
  CHECK("global after its store -> no value", v.of.i32 == 0);
  CHECK("table after its store -> fails",
        wasm_table_get(t, 0) == NULL && !wasm_table_set(t, 0, NULL) &&
            !wasm_table_grow(t, 1, NULL) && wasm_table_size(t) == 0);
  CHECK("memory after its store -> fails",
        !wasm_memory_grow(m, 1) && wasm_memory_data(m) == NULL &&
            wasm_memory_size(m) == 0);
  wasm_global_delete(g);
  wasm_table_delete(t);
  wasm_memory_delete(m);
  wasm_engine_delete(engine);
}

int main(void) {
  test_vectors();
  test_types();
  test_runtime();
  test_features();
  test_wasi();
  test_after_store();
  test_cross_store_result();
  test_tags();
  test_bad_limits();
  test_finalizer_lifetimes();
  test_v128();
  test_shared_memory_outlives_store();
  printf("capi: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
