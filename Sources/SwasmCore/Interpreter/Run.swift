/// The bodies of the interpreter's instructions that more than one of its
/// handlers share (the general one, testing operand flags at run time, and
/// those specialized for an operand form, `Handler`). All are
/// transparent, so that each handler's constant arguments (opcode,
/// comparison, operand kinds) fold away.
enum Run {
    /// Operand word `k` of the instruction at `pc`: a slot, or the constant
    /// in the word itself when the instruction flags it immediate (or when
    /// `kind`, known to a specialized handler, says which).
    @_transparent
    static func operand(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ k: Int, _ kind: OperandKind = .flagged) -> UnsafeMutableRawPointer {
        switch kind {
        case .slot: return fp + Int(truncatingIfNeeded: pc[k])
        case .immediate: return UnsafeMutableRawPointer(mutating: pc + k)
        case .flagged:
            return pc[0] & IOp.immediate(word: k) != 0 ? UnsafeMutableRawPointer(mutating: pc + k) : fp + Int(truncatingIfNeeded: pc[k])
        case .forwarded(let slot): return slot
        }
    }

    /// The slot the instruction at `pc` writes (word 1): what a pair
    /// forwards to the instruction after it (`OperandKind.forwarded`).
    @_transparent
    static func destination(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) -> OperandKind {
        .forwarded(fp + Int(truncatingIfNeeded: pc[1]))
    }

    /// `[op, dst, x, y]`: numeric instruction `op` (a constant: the
    /// specialized handler of one opcode) with `x` in a slot and `y` of `kind`.
    @_transparent
    static func numeric(_ op: UInt16, _ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ kind: OperandKind,
                        first: OperandKind = .slot) throws(Trap) {
        try Numeric.execute(op, fp + Int(truncatingIfNeeded: pc[1]), operand(pc, fp, 2, first), operand(pc, fp, 3, kind))
        pc += 4
    }

    /// `[op, dst, other, address x, address y, end]`: variant `k` of
    /// `IOp.f64WithLoad`, `other + loaded` ... `loaded * other`, of an f64
    /// loaded from memory 0. Returns the next instruction, or nil when
    /// `fallback` and the address is past the cached length (`address0`).
    @_transparent
    static func f64WithLoad(_ k: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ mem0: MemoryView,
                     _ vm: UnsafeMutablePointer<VMContext>, _ form: AddressForm = .flagged,
                     other: OperandKind = .flagged, fallback: Bool = false) throws(Trap) -> UnsafePointer<UInt64>? {
        guard let p = try address0(pc, fp, 8, mem0, vm, form, first: 3, fallback: fallback) else { return nil }
        let loaded = Double(bitPattern: p.unalignedSlot(UInt64.self))
        let x = operand(pc, fp, 2, other).slot(Double.self)
        let r: Double
        switch k {
        case 0: r = x + loaded
        case 1: r = x - loaded
        case 2: r = x * loaded
        case 3: r = loaded + x
        case 4: r = loaded - x
        default: r = loaded * x
        }
        fp.setSlot(Double.self, r, at: Int(truncatingIfNeeded: pc[1]))
        return pc + 6
    }

    /// `[op, dst, a, b, c]`: variant `k` of `IOp.fusedMultiply`, `a` and `b`
    /// read as `kind` unless given.
    @_transparent
    static func fusedMultiply(_ k: UInt16, _ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ kind: OperandKind = .flagged,
                              a: OperandKind? = nil, b: OperandKind? = nil) {
        if k < 4 {
            fusedMultiply(Float.self, k, pc, fp, kind, a: a, b: b)
        } else {
            fusedMultiply(Double.self, k &- 4, pc, fp, kind, a: a, b: b)
        }
        pc += 5
    }

    /// `p + c`, `c + p`, `p - c` or `c - p` (`k`) of the product `p = a * b`,
    /// each operation rounded as the separate instructions would.
    @_transparent
    static func fusedMultiply<F: BinaryFloatingPoint>(_: F.Type, _ k: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                                               _ kind: OperandKind, a: OperandKind?, b: OperandKind?) {
        let p = operand(pc, fp, 2, a ?? kind).slot(F.self) * operand(pc, fp, 3, b ?? kind).slot(F.self)
        let c = operand(pc, fp, 4, kind).slot(F.self)
        let r: F
        switch k {
        case 0: r = p + c
        case 1: r = c + p
        case 2: r = p - c
        default: r = c - p
        }
        fp.setSlot(F.self, r, at: Int(truncatingIfNeeded: pc[1]))
    }

    /// `[op, dst, src]`: copies the low 8 bytes of slot `src` to slot `dst`.
    @_transparent
    static func copy64(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) {
        fp.setSlot(UInt64.self, fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[2])), at: Int(truncatingIfNeeded: pc[1]))
        pc += 3
    }

    /// `[op, dst, src]`: copies the 4-byte value in slot `src` to slot `dst`.
    @_transparent
    static func copy32(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) {
        fp.setSlot(UInt32.self, fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[2])), at: Int(truncatingIfNeeded: pc[1]))
        pc += 3
    }

    /// `[op, dst, src]`: copies the whole 16-byte slot `src` to slot `dst`.
    @_transparent
    static func copy128(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) {
        copySlot(to: fp + Int(truncatingIfNeeded: pc[1]), from: fp + Int(truncatingIfNeeded: pc[2]))
        pc += 3
    }

    /// Copies a whole 16-byte slot (a frame slot or a global's cell).
    @_transparent
    static func copySlot(to d: UnsafeMutableRawPointer, from s: UnsafeMutableRawPointer) {
        d.setSlot(UInt64.self, s.slot(UInt64.self))
        d.setSlot(UInt64.self, s.slot(UInt64.self, at: 8), at: 8)
    }

    /// `[op, dst, bits]`: writes the 8-byte constant `bits` to slot `dst`.
    @_transparent
    static func const64(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) {
        fp.setSlot(UInt64.self, pc[2], at: Int(truncatingIfNeeded: pc[1]))
        pc += 3
    }

    /// `[op, dst, a, b, cond]`: `select`, where `dst` is a's slot and `b`
    /// replaces it when `cond` is 0; 4 bytes of it for `IOp.select32`.
    @_transparent
    static func select(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) {
        if fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[4])) == 0 {
            let dst = fp + Int(truncatingIfNeeded: pc[1]), b = fp + Int(truncatingIfNeeded: pc[3])
            if UInt16(truncatingIfNeeded: pc[0]) == IOp.select32 { dst.setSlot(UInt32.self, b.slot(UInt32.self)) } else { copySlot(to: dst, from: b) }
        }
        pc += 5
    }

    /// The branch target in word `k` of the instruction at `pc` (an address).
    @_transparent
    static func target(_ pc: UnsafePointer<UInt64>, _ k: Int) -> UnsafePointer<UInt64> {
        UnsafePointer(bitPattern: UInt(truncatingIfNeeded: pc[k])).unsafelyUnwrapped
    }

    /// `br_table` `[op, index slot, n, target 0 ... target n]`: the target
    /// the index picks, the last (default) for an index of n or more.
    @_transparent
    static func branchTable(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, index: OperandKind = .slot) -> UnsafePointer<UInt64> {
        let i = UInt64(operand(pc, fp, 1, index).slot(UInt32.self)), n = pc[2]
        return target(pc, 3 + Int(i < n ? i : n))
    }

    /// `[op, dst, x, y, dst2, x2, y2]`: `IOp.addPair`, with `y` and `y2` of `kind`.
    @_transparent
    static func addPair(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ slots: OperandKind, _ kind: OperandKind) {
        let sum = operand(pc, fp, 2, slots).slot(UInt32.self) &+ operand(pc, fp, 3, kind).slot(UInt32.self)
        fp.setSlot(UInt32.self, sum, at: Int(truncatingIfNeeded: pc[1]))
        let sum2 = operand(pc, fp, 5, slots).slot(UInt32.self) &+ operand(pc, fp, 6, kind).slot(UInt32.self)
        fp.setSlot(UInt32.self, sum2, at: Int(truncatingIfNeeded: pc[4]))
        pc += 7
    }

    /// `[op, dst, x, y]`: i32 `x + (y << shift)` (`IOp.i32AddShifted`).
    @_transparent
    static func i32AddShifted(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ kind: OperandKind,
                              x: OperandKind? = nil) {
        let sum = operand(pc, fp, 2, x ?? kind).slot(UInt32.self) &+ (operand(pc, fp, 3, kind).slot(UInt32.self) &<< IOp.shift(pc[0]))
        fp.setSlot(UInt32.self, sum, at: Int(truncatingIfNeeded: pc[1]))
        pc += 4
    }

    /// `[op, dst, x, amount]`: variant `k` of `IOp.xorShift`.
    @_transparent
    static func xorShift(_ k: UInt16, _ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, x: OperandKind = .slot) {
        let dst = Int(truncatingIfNeeded: pc[1]), source = operand(pc, fp, 2, x), amount = pc[3]
        switch k {
        case 0, 1:
            let x = source.slot(UInt32.self), n = UInt32(truncatingIfNeeded: amount)
            fp.setSlot(UInt32.self, x ^ (k == 0 ? x &<< n : x &>> n), at: dst)
        default:
            let x = source.slot(UInt64.self)
            fp.setSlot(UInt64.self, x ^ (k == 2 ? x &<< amount : x &>> amount), at: dst)
        }
        pc += 4
    }

    /// `[op, dst, x, m, a]`: `IOp.mulAdd32`.
    @_transparent
    static func mulAdd32(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) {
        let x = fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[2]))
        fp.setSlot(UInt32.self, x &* UInt32(truncatingIfNeeded: pc[3]) &+ UInt32(truncatingIfNeeded: pc[4]), at: Int(truncatingIfNeeded: pc[1]))
        pc += 5
    }

    /// `[op, dst, x, k, mask]`: `IOp.shiftAnd32`.
    @_transparent
    static func shiftAnd32(_ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, x kind: OperandKind = .slot) {
        let x = operand(pc, fp, 2, kind).slot(UInt32.self)
        fp.setSlot(UInt32.self, (x &>> UInt32(truncatingIfNeeded: pc[3])) & UInt32(truncatingIfNeeded: pc[4]), at: Int(truncatingIfNeeded: pc[1]))
        pc += 5
    }

    /// Whether i32 comparison `k` (in the order of i32.eq ... i32.ge_u) holds for `x` and `y`.
    @_transparent
    static func holds(_ k: UInt16, _ x: UInt32, _ y: UInt32) -> Bool {
        switch k {
        case 0: return x == y
        case 1: return x != y
        case 2: return Int32(bitPattern: x) < Int32(bitPattern: y)
        case 3: return x < y
        case 4: return Int32(bitPattern: x) > Int32(bitPattern: y)
        case 5: return x > y
        case 6: return Int32(bitPattern: x) <= Int32(bitPattern: y)
        case 7: return x <= y
        case 8: return Int32(bitPattern: x) >= Int32(bitPattern: y)
        default: return x >= y
        }
    }

    /// `[op, x, y, target]`: the next instruction, or the target when comparison `k` holds.
    @_transparent
    static func compareAndBranch(_ k: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                          x: OperandKind = .flagged, y: OperandKind = .flagged) -> UnsafePointer<UInt64> {
        let x = operand(pc, fp, 1, x).slot(UInt32.self), y = operand(pc, fp, 2, y).slot(UInt32.self)
        return holds(k, x, y) ? target(pc, 3) : pc + 4
    }

    /// `[op, x, y, target]`: the target when the i64 `x == y` (`k` 0) or
    /// `x != y` (`k` 1) holds, else the next instruction.
    @_transparent
    static func equalityBranch64(_ k: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                                 x: OperandKind = .flagged, y: OperandKind = .flagged) -> UnsafePointer<UInt64> {
        let equal = operand(pc, fp, 1, x).slot(UInt64.self) == operand(pc, fp, 2, y).slot(UInt64.self)
        return equal == (k == 0) ? target(pc, 3) : pc + 4
    }

    /// `[op, dst, x, y, other, target]`: writes `x + y` to `dst`, then the
    /// next instruction, or the target when comparison `k` of the sum and `other` holds.
    @_transparent
    static func addAndBranch(_ k: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                      x: OperandKind = .flagged, y: OperandKind = .flagged, other: OperandKind = .flagged) -> UnsafePointer<UInt64> {
        let sum = operand(pc, fp, 2, x).slot(UInt32.self) &+ operand(pc, fp, 3, y).slot(UInt32.self)
        fp.setSlot(UInt32.self, sum, at: Int(truncatingIfNeeded: pc[1]))
        return holds(k, sum, operand(pc, fp, 4, other).slot(UInt32.self)) ? target(pc, 5) : pc + 6
    }

    /// Memory access `k` (wasm opcode - 0x28: the loads 0x28 ... 0x35, then
    /// the stores 0x36 ... 0x3E): `[op, dst or value, address slot, offset,
    /// memory]`, or with `memory0` `[op, dst or value, x, y, end]` with
    /// the address operands of `form`. Returns false, having done nothing,
    /// when `fallback` and the address is past the cached length (`address0`).
    @_transparent @discardableResult
    static func access(_ k: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ mem0: MemoryView,
                _ vm: UnsafeMutablePointer<VMContext>, memory0: Bool, _ form: AddressForm = .flagged,
                value: OperandKind = .flagged, fallback: Bool = false, x: OperandKind? = nil) throws(Trap) -> Bool {
        switch k {
        case 0, 2: return try load(UInt32.self, into: UInt32.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i32/f32.load
        case 1, 3: return try load(UInt64.self, into: UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i64/f64.load
        case 4: return try load(Int8.self, into: UInt32.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i32.load8_s
        case 5: return try load(UInt8.self, into: UInt32.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i32.load8_u
        case 6: return try load(Int16.self, into: UInt32.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i32.load16_s
        case 7: return try load(UInt16.self, into: UInt32.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i32.load16_u
        case 8: return try load(Int8.self, into: UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i64.load8_s
        case 9: return try load(UInt8.self, into: UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i64.load8_u
        case 10: return try load(Int16.self, into: UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i64.load16_s
        case 11: return try load(UInt16.self, into: UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i64.load16_u
        case 12: return try load(Int32.self, into: UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i64.load32_s
        case 13: return try load(UInt32.self, into: UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, fallback: fallback, x: x)  // i64.load32_u
        case 14, 16, 22: return try store(UInt32.self, pc, fp, mem0, vm, memory0: memory0, form, value: value, fallback: fallback, x: x)  // i32/f32.store, i64.store32
        case 15, 17: return try store(UInt64.self, pc, fp, mem0, vm, memory0: memory0, form, value: value, fallback: fallback, x: x)  // i64/f64.store
        case 18, 20: return try store(UInt8.self, pc, fp, mem0, vm, memory0: memory0, form, value: value, fallback: fallback, x: x)  // i32/i64.store8
        default: return try store(UInt16.self, pc, fp, mem0, vm, memory0: memory0, form, value: value, fallback: fallback, x: x)  // i32/i64.store16
        }
    }

    /// A load of a `T`, widened (sign- or zero-extended by `T`'s signedness)
    /// to the slot type `R`: `[op, dst, address slot, offset, memory]`, or
    /// with `memory0` `[op, dst, x, y, end]` (see `address0`).
    @_transparent @discardableResult
    static func load<T: FixedWidthInteger, R: FixedWidthInteger>(_: T.Type, into _: R.Type, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                                                           _ mem0: MemoryView, _ vm: UnsafeMutablePointer<VMContext>,
                                                           memory0: Bool = false, _ form: AddressForm = .flagged,
                                                           fallback: Bool = false, x: OperandKind? = nil) throws(Trap) -> Bool {
        let size = UInt64(MemoryLayout<T>.size)
        guard let p = memory0 ? try address0(pc, fp, size, mem0, vm, form, fallback: fallback, x: x) : try address(pc, fp, size, mem0, vm) else {
            return false
        }
        fp.setSlot(R.self, R(truncatingIfNeeded: p.unalignedSlot(T.self)), at: Int(truncatingIfNeeded: pc[1]))
        return true
    }

    /// A store of the low `T` of the value: `[op, value slot, address slot,
    /// offset, memory]`, or with `memory0` `[op, value, x, y, end]`.
    @_transparent @discardableResult
    static func store<T: FixedWidthInteger>(_: T.Type, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                                     _ mem0: MemoryView, _ vm: UnsafeMutablePointer<VMContext>, memory0: Bool = false,
                                     _ form: AddressForm = .flagged, value kind: OperandKind = .flagged,
                                     fallback: Bool = false, x: OperandKind? = nil) throws(Trap) -> Bool {
        let value = operand(pc, fp, 1, kind).slot(T.self)
        let size = UInt64(MemoryLayout<T>.size)
        guard let p = memory0 ? try address0(pc, fp, size, mem0, vm, form, fallback: fallback, x: x) : try address(pc, fp, size, mem0, vm) else {
            return false
        }
        p.setSlot(T.self, value)
        return true
    }

    /// The effective address of a memory-0 access `[op, _, x, y, end]`: the
    /// i32 `x + (y << shift)` (an address operand and 0, or an `i32.add` or
    /// `i32.shl` folded into the access) plus the offset, where `end` is the
    /// offset plus `size` (one sum then gives both the end the bounds check
    /// compares and the address). Cannot overflow: both terms are below
    /// 2^32 + 16. Past the cached length it rechecks
    /// memory 0's current length (in `vm`) before trapping, or with
    /// `fallback` (a specialized handler) returns nil: the handler then
    /// leaves the instruction to the general dispatch, so that no handler
    /// but the general one has a trap path of its own.
    @_transparent
    static func address0(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ size: UInt64,
                  _ mem0: MemoryView, _ vm: UnsafeMutablePointer<VMContext>, _ form: AddressForm = .flagged,
                  first: Int = 2, fallback: Bool = false, x: OperandKind? = nil) throws(Trap) -> UnsafeMutableRawPointer? {
        let yValue = operand(pc, fp, first + 1, form.y).slot(UInt32.self)
        let y = form.shifted ? yValue &<< IOp.shift(pc[0]) : yValue
        let end = UInt64(operand(pc, fp, first, x ?? form.x).slot(UInt32.self) &+ y) &+ pc[first + 2]
        guard end <= mem0.length else {
            if fallback { return nil }
            return try MemoryView.recheckedAddress(end &- size, size, vm.pointee.memories[0])
        }
        return mem0.base + (Int(bitPattern: UInt(end)) &- Int(size))
    }

    /// The effective address of a load or store `[op, _, address slot, offset, memory]`.
    @_transparent
    static func address(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ size: UInt64, _ mem0: MemoryView,
                 _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) -> UnsafeMutableRawPointer {
        try MemoryView.address(operand(pc, fp, 2).slot(UInt64.self), offset: pc[3], memWord: pc[4], size, mem0, vm)
    }
}
