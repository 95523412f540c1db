;; tags: exports a tag and a function throwing it; tags_user imports both
;; (tags linked from one instance to another through the C API).
(module
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32)
    local.get 0
    throw $e))
