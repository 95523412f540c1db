;; shared_def: defines and exports a shared memory.
(module
  (memory (export "m") 1 1 shared))
