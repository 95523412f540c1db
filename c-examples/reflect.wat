;; reflect: one export of every kind, for type introspection.
(module
  (import "host" "log" (func $log (param i32)))
  (func (export "func") (param i32 f32 i64) (result f64 i32)
    f64.const 1
    i32.const 2)
  (global (export "global") (mut f64) (f64.const 0))
  (table (export "table") 3 funcref)
  (memory (export "memory") 1 4)
  (func (export "log_it") (param i32) local.get 0 call $log))
