;; threads: a module compiled once and used from several threads.
(module
  (import "host" "scale" (func $scale (param i32) (result i32)))
  (func (export "work") (param $n i32) (result i32)
    (local $i i32)
    (local $sum i32)
    (block $done
      (loop $next
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        local.get $sum
        local.get $i
        i32.add
        local.set $sum
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $next))
    local.get $sum
    call $scale))
