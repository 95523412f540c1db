;; hello: the module calls a host function, then returns.
(module
  (import "host" "hello" (func $hello))
  (func (export "run")
    call $hello))
