;; hostref: host references (externref) stored and passed by wasm.
(module
  (table $t (export "table") 4 externref)
  (global $g (export "global") (mut externref) (ref.null extern))
  (func (export "identity") (param externref) (result externref)
    local.get 0)
  (func (export "is_null") (param externref) (result i32)
    local.get 0
    ref.is_null)
  (func (export "table_set") (param i32 externref)
    local.get 0
    local.get 1
    table.set $t)
  (func (export "table_get") (param i32) (result externref)
    local.get 0
    table.get $t)
  (func (export "global_set") (param externref)
    local.get 0
    global.set $g)
  (func (export "global_get") (result externref)
    global.get $g))
