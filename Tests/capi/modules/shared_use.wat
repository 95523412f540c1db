;; shared_use: imports a shared memory, re-exports it, and reads from it.
(module
  (import "env" "m" (memory 1 1 shared))
  (func (export "get") (param i32) (result i32)
    (i32.atomic.load (local.get 0)))
  (export "mem" (memory 0)))
