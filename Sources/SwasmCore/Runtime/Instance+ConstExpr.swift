/// Evaluation of constant expressions on raw slot values, including the
/// GC instructions that allocate (struct.new, array.new*, ref.i31) and the
/// extern/any conversions.
extension Instance {
    /// The value of `e` as raw slot bits (see `Slot`).
    func evaluateBits(_ e: ConstExpr) throws -> V128 {
        var stack: [V128] = []
        func push(_ lo: UInt64) { stack.append(V128(lo: lo, hi: 0)) }
        func pop() -> UInt64 { stack.removeLast().lo }
        /// Moves the top `n` values into 16-byte slots and runs `body` on them.
        func withTop<R>(_ n: Int, _ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
            let slots = UnsafeMutableRawPointer.allocate(byteCount: max(n, 1) * Slot.size, alignment: 16)
            defer { slots.deallocate() }
            for (k, v) in stack.suffix(n).enumerated() {
                slots.storeBytes(of: v.lo, toByteOffset: k * Slot.size, as: UInt64.self)
                slots.storeBytes(of: v.hi, toByteOffset: k * Slot.size + 8, as: UInt64.self)
            }
            stack.removeLast(n)
            return try body(slots)
        }
        let types = compiled.gcTypes
        for i in e.instructions {
            switch i {
            case .i32Const(let v): push(UInt64(v))
            case .i64Const(let v): push(v)
            case .f32Const(let v): push(UInt64(v))
            case .f64Const(let v): push(v)
            case .v128Const(let v): stack.append(v)
            case .refNull: push(0)
            case .refFunc(let f): push(functions[Int(f)].refBits)
            case .globalGet(let g):
                let cell = globals[Int(g)].cell
                stack.append(V128(lo: cell.load(as: UInt64.self), hi: cell.load(fromByteOffset: 8, as: UInt64.self)))
            case .i32Add: push(UInt64(UInt32(truncatingIfNeeded: pop() &+ pop())))
            case .i32Sub:
                let b = pop()
                push(UInt64(UInt32(truncatingIfNeeded: pop() &- b)))
            case .i32Mul: push(UInt64(UInt32(truncatingIfNeeded: pop() &* pop())))
            case .i64Add: push(pop() &+ pop())
            case .i64Sub:
                let b = pop()
                push(pop() &- b)
            case .i64Mul: push(pop() &* pop())
            case .structNew(let x):
                let info = types[Int(x)]
                push(try withTop(info.pointee.fieldCount) { try GCExecutor.structNew(info, values: $0, store) })
            case .structNewDefault(let x):
                push(try store.gcHeap.allocate(types[Int(x)]))
            case .arrayNew(let x):
                push(try withTop(2) { slots in
                    try GCExecutor.execute(GCOpcodes.base + UInt16(GCOpcodes.arrayNew), UInt64(x), 0, slots, self)
                    return slots.load(as: UInt64.self)
                })
            case .arrayNewDefault(let x):
                push(try store.gcHeap.allocate(types[Int(x)], length: UInt32(truncatingIfNeeded: pop())))
            case .arrayNewFixed(let x, let n):
                push(try withTop(Int(n)) { try GCExecutor.arrayNewFixed(types[Int(x)], count: Int(n), values: $0, store) })
            case .refI31: push(GCRef.i31(UInt32(truncatingIfNeeded: pop())))
            case .anyConvertExtern: push(GCRef.internalize(pop()))
            case .externConvertAny: push(GCRef.externalize(pop()))
            }
        }
        return stack[0]
    }
}
