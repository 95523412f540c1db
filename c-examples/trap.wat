;; trap: traps raised by a host callback and by wasm code.
(module
  (import "host" "fail" (func $fail))
  (func (export "call_host") call $fail)
  (func $deep unreachable)
  (func (export "unreachable") call $deep)
  (func (export "div") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.div_s))
