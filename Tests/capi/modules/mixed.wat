;; mixed: a WASI import next to a host import.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "host" "other" (func $other))
  (memory (export "memory") 1)
  (func (export "_start") call $other))
