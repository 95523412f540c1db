;; loop: never returns unless fuel runs out.
(module
  (func (export "loop") (loop $l br $l)))
