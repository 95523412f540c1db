;; host: used by the C++, Rust and Python hosts.
;; compute(x) = host.mul(x, x) + 1
(module
  (import "host" "mul" (func $mul (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "compute") (param i32) (result i32)
    local.get 0
    local.get 0
    call $mul
    i32.const 1
    i32.add))
