;; global: globals imported from and exported to the host.
(module
  (import "host" "const_f32" (global $const_f32 f32))
  (import "host" "var_i64" (global $var_i64 (mut i64)))
  (global $own_i32 (export "own_i32") (mut i32) (i32.const 7))
  (global (export "const_f64") f64 (f64.const 2.5))
  (func (export "get_const_f32") (result f32) global.get $const_f32)
  (func (export "get_var_i64") (result i64) global.get $var_i64)
  (func (export "set_var_i64") (param i64) local.get 0 global.set $var_i64)
  (func (export "get_own_i32") (result i32) global.get $own_i32)
  (func (export "set_own_i32") (param i32) local.get 0 global.set $own_i32))
