;; coverage: one import and one export of every kind.
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "env" "g" (global $g (mut i32)))
  (import "env" "t" (table 1 3 funcref))
  (import "env" "m" (memory 1 2))
  (func (export "call_f") (param i32) (result i32) local.get 0 call $f)
  (func (export "get_g") (result i32) global.get $g)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (global (export "g2") i64 (i64.const 5))
  (table (export "t2") 2 funcref)
  (export "m2" (memory 0)))
