/* reflect: print the import and export types of a module. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "example.h"
#include "wasm.h"

static const char* kind_name(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
  }
  return "?";
}

static void print_valtypes(const wasm_valtype_vec_t* types) {
  printf("[");
  for (size_t i = 0; i < types->size; i++)
    printf("%s%s", i ? ", " : "", kind_name(wasm_valtype_kind(types->data[i])));
  printf("]");
}

static void print_limits(const wasm_limits_t* limits) {
  printf("%" PRIu32 "..", limits->min);
  if (limits->max == wasm_limits_max_default) printf("none");
  else printf("%" PRIu32, limits->max);
}

static void print_externtype(const wasm_externtype_t* type) {
  switch (wasm_externtype_kind(type)) {
    case WASM_EXTERN_FUNC: {
      const wasm_functype_t* ft = wasm_externtype_as_functype_const(type);
      printf("func ");
      print_valtypes(wasm_functype_params(ft));
      printf(" -> ");
      print_valtypes(wasm_functype_results(ft));
      break;
    }
    case WASM_EXTERN_GLOBAL: {
      const wasm_globaltype_t* gt = wasm_externtype_as_globaltype_const(type);
      printf("global %s %s",
             wasm_globaltype_mutability(gt) == WASM_VAR ? "var" : "const",
             kind_name(wasm_valtype_kind(wasm_globaltype_content(gt))));
      break;
    }
    case WASM_EXTERN_TABLE: {
      const wasm_tabletype_t* tt = wasm_externtype_as_tabletype_const(type);
      printf("table %s ",
             kind_name(wasm_valtype_kind(wasm_tabletype_element(tt))));
      print_limits(wasm_tabletype_limits(tt));
      break;
    }
    case WASM_EXTERN_MEMORY: {
      const wasm_memorytype_t* mt = wasm_externtype_as_memorytype_const(type);
      printf("memory ");
      print_limits(wasm_memorytype_limits(mt));
      break;
    }
    default:
      printf("other");
  }
}

static void print_name(const wasm_name_t* name) {
  printf("%.*s", (int)name->size, name->data);
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = engine ? wasm_store_new(engine) : NULL;
  if (!store) { printf("> Error creating store!\n"); return 1; }

  wasm_byte_vec_t binary;
  if (load_wasm(argc, argv, "reflect.wasm", &binary) != 0) return 1;
  if (!wasm_module_validate(store, &binary)) {
    printf("> Module does not validate!\n");
    return 1;
  }
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) { printf("> Error compiling module!\n"); return 1; }

  printf("Imports:\n");
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  for (size_t i = 0; i < imports.size; i++) {
    printf("  ");
    print_name(wasm_importtype_module(imports.data[i]));
    printf(".");
    print_name(wasm_importtype_name(imports.data[i]));
    printf(": ");
    print_externtype(wasm_importtype_type(imports.data[i]));
    printf("\n");
  }

  printf("Exports:\n");
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  for (size_t i = 0; i < exports.size; i++) {
    printf("  ");
    print_name(wasm_exporttype_name(exports.data[i]));
    printf(": ");
    print_externtype(wasm_exporttype_type(exports.data[i]));
    printf("\n");
  }

  /* Type vectors can be copied; the copy is independent. */
  wasm_exporttype_vec_t copy;
  wasm_exporttype_vec_copy(&copy, &exports);
  wasm_exporttype_vec_delete(&exports);
  printf("Copied %zu export types, first is ", copy.size);
  if (copy.size > 0) print_name(wasm_exporttype_name(copy.data[0]));
  printf("\n");
  wasm_exporttype_vec_delete(&copy);
  wasm_importtype_vec_delete(&imports);

  /* Types built by the host print the same way. */
  printf("Host-built types:\n");
  wasm_functype_t* ft = wasm_functype_new_2_1(
      wasm_valtype_new_externref(), wasm_valtype_new_funcref(),
      wasm_valtype_new_f64());
  wasm_name_t module_name, field_name;
  wasm_name_new_from_string(&module_name, "env");
  wasm_name_new_from_string(&field_name, "f");
  wasm_importtype_t* it = wasm_importtype_new(
      &module_name, &field_name, wasm_functype_as_externtype(ft));
  printf("  ");
  print_name(wasm_importtype_module(it));
  printf(".");
  print_name(wasm_importtype_name(it));
  printf(": ");
  print_externtype(wasm_importtype_type(it));
  printf("\n");
  wasm_importtype_delete(it);

  wasm_limits_t limits = {1, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&limits);
  wasm_name_t export_name;
  wasm_name_new_from_string(&export_name, "mem");
  wasm_exporttype_t* et =
      wasm_exporttype_new(&export_name, wasm_memorytype_as_externtype(mt));
  printf("  ");
  print_name(wasm_exporttype_name(et));
  printf(": ");
  print_externtype(wasm_exporttype_type(et));
  printf("\n");
  wasm_exporttype_delete(et);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
