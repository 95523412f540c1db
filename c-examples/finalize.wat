;; finalize: a small module instantiated many times.
(module
  (import "host" "tick" (func $tick (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $tick))
