;; table: a funcref table shared between the module and the host.
(module
  (type $i2i (func (param i32) (result i32)))
  (table $t (export "table") 2 10 funcref)
  (func $double (type $i2i) local.get 0 i32.const 2 i32.mul)
  (func $negate (type $i2i) i32.const 0 local.get 0 i32.sub)
  (elem (i32.const 0) $double $negate)
  (func (export "call_indirect") (param i32 i32) (result i32)
    local.get 1
    local.get 0
    call_indirect $t (type $i2i))
  (func (export "double") (type $i2i) local.get 0 call $double))
