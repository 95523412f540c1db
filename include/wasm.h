typedef int wasm_dummy_t;
