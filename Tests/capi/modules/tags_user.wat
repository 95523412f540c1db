;; tags_user: imports the tag and the thrower of tags.wat and calls it.
(module
  (import "m" "e" (tag $e (param i32)))
  (import "m" "throw" (func $throw (param i32)))
  (func (export "call_throw") (param i32)
    local.get 0
    call $throw))
