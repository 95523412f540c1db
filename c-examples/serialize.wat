;; serialize: compiled once, serialized, loaded back and run.
(module
  (import "host" "hello" (func $hello (param i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $hello
    local.get 0
    i32.const 1
    i32.add))
