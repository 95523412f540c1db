;; memory: an exported linear memory of 2..3 pages with accessors.
(module
  (memory (export "memory") 2 3)
  (data (i32.const 0x1000) "\01\02\03\04")
  (func (export "size") (result i32) memory.size)
  (func (export "load") (param i32) (result i32)
    local.get 0
    i32.load8_u)
  (func (export "store") (param i32 i32)
    local.get 0
    local.get 1
    i32.store8))
