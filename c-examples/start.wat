;; start: the start function traps, so instantiation fails with a trap.
(module
  (func $helper unreachable)
  (func $start call $helper)
  (start $start))
