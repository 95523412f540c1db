// cpp_host: a C++ host written against the standard wasm.h only.
// Usage: cpp_host path/to/host.wasm
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "wasm.h"

namespace {

template <typename T, void (*Delete)(T*)>
struct Deleter {
  void operator()(T* p) const { if (p) Delete(p); }
};
template <typename T, void (*Delete)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Delete>>;

using Engine = Owned<wasm_engine_t, wasm_engine_delete>;
using Store = Owned<wasm_store_t, wasm_store_delete>;
using Module = Owned<wasm_module_t, wasm_module_delete>;
using Func = Owned<wasm_func_t, wasm_func_delete>;
using FuncType = Owned<wasm_functype_t, wasm_functype_delete>;
using Instance = Owned<wasm_instance_t, wasm_instance_delete>;
using Trap = Owned<wasm_trap_t, wasm_trap_delete>;

int calls = 0;

wasm_trap_t* mul(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int32_t a = args->data[0].of.i32, b = args->data[1].of.i32;
  std::printf("callback mul(%d, %d)\n", a, b);
  ++calls;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = a * b;
  return nullptr;
}

std::string trap_text(const Trap& trap) {
  wasm_message_t msg;
  wasm_trap_message(trap.get(), &msg);
  std::string text(msg.data, msg.size);
  wasm_byte_vec_delete(&msg);
  return text;
}

int fail(const std::string& what) {
  std::printf("host: FAILED: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "host.wasm";
  std::ifstream file(path, std::ios::binary);
  if (!file) return fail("cannot open " + path);
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                          std::istreambuf_iterator<char>());

  Engine engine(wasm_engine_new());
  if (!engine) return fail("engine");
  Store store(wasm_store_new(engine.get()));
  if (!store) return fail("store");

  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, bytes.size(), bytes.data());
  Module module(wasm_module_new(store.get(), &binary));
  wasm_byte_vec_delete(&binary);
  if (!module) return fail("compile");

  FuncType type(wasm_functype_new_2_1(wasm_valtype_new_i32(),
                                      wasm_valtype_new_i32(),
                                      wasm_valtype_new_i32()));
  Func callback(wasm_func_new(store.get(), type.get(), mul));
  if (!callback) return fail("callback");

  wasm_extern_t* import_list[] = {wasm_func_as_extern(callback.get())};
  wasm_extern_vec_t imports = {1, import_list};
  wasm_trap_t* raw_trap = nullptr;
  Instance instance(
      wasm_instance_new(store.get(), module.get(), &imports, &raw_trap));
  Trap inst_trap(raw_trap);
  if (!instance) return fail("instantiate");

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance.get(), &exports);
  std::unique_ptr<wasm_extern_vec_t, void (*)(wasm_extern_vec_t*)> exports_guard(
      &exports, wasm_extern_vec_delete);

  wasm_exporttype_vec_t export_types;
  wasm_module_exports(module.get(), &export_types);
  std::string names;
  for (size_t i = 0; i < export_types.size; ++i) {
    const wasm_name_t* n = wasm_exporttype_name(export_types.data[i]);
    names += " " + std::string(n->data, n->size);
  }
  wasm_exporttype_vec_delete(&export_types);
  if (exports.size != 2) return fail("exports");
  const wasm_func_t* compute = wasm_extern_as_func(exports.data[1]);
  if (!compute || wasm_extern_as_func(exports.data[0]) != nullptr)
    return fail("export kinds");

  for (int32_t x : {7, -3}) {
    wasm_val_t in[1];
    in[0].kind = WASM_I32;
    in[0].of.i32 = x;
    wasm_val_t out[1];
    out[0].kind = WASM_I32;
    out[0].of.i32 = 0;
    wasm_val_vec_t args = {1, in};
    wasm_val_vec_t results = {1, out};
    Trap trap(wasm_func_call(compute, &args, &results));
    if (trap) return fail("trap: " + trap_text(trap));
    std::printf("compute(%d) = %d\n", x, out[0].of.i32);
    if (out[0].of.i32 != x * x + 1) return fail("wrong result");
  }
  if (calls != 2) return fail("callback count");
  std::printf("exports:%s\n", names.c_str());
  std::printf("host: ok\n");
  return 0;
}
