;; v128: a v128 global and a function taking and returning a v128, which
;; wasm_val_t cannot carry.
(module
  (global (export "g") v128 (v128.const i32x4 1 2 3 4))
  (func (export "f") (param v128) (result v128)
    local.get 0))
