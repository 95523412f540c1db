/// Opcodes of the interpreter's internal code. Values below 0x400 are the
/// shared internal wasm opcodes (`Opcodes`); the rest exist only here.
/// Operands are byte offsets of 16-byte slots from the frame pointer.
enum IOp {
    /// [op, dst, src]: copy 8 bytes.
    static let copy64: UInt16 = 0x400
    /// [op, dst, src]: copy 16 bytes.
    static let copy128: UInt16 = 0x401
    /// [op, dst, src]: copy 4 bytes (an i32 or f32: its producer's 4-byte
    /// store is then forwarded to the copy's load, which an 8-byte load of it
    /// would wait for).
    static let copy32: UInt16 = 0x41F
    /// [op, dst, imm]
    static let const64: UInt16 = 0x402
    /// [op, dst, lo, hi]
    static let const128: UInt16 = 0x403
    /// [op, target]
    static let br: UInt16 = 0x404
    /// [op, cond, target]
    static let brIf: UInt16 = 0x405
    /// [op, cond, target]
    static let brIfNot: UInt16 = 0x406
    /// [op, index, count, target × count, default target]
    static let brTable: UInt16 = 0x407
    /// [op]: results are in slots 0..<n.
    static let ret: UInt16 = 0x408
    /// [op, function index, arg base]
    static let call: UInt16 = 0x409
    /// [op, type index, table index, arg base, index slot]
    static let callIndirect: UInt16 = 0x40A
    /// [op, function index, arg base]
    static let returnCall: UInt16 = 0x40B
    /// [op, type index, table index, arg base, index slot]
    static let returnCallIndirect: UInt16 = 0x40C
    /// [op, dst, a, b, cond]: `select` of 4-byte values (i32, f32); of any values.
    static let select32: UInt16 = 0x40D
    static let select128: UInt16 = 0x40E
    /// [op, dst, global index]
    static let globalGet: UInt16 = 0x40F
    /// [op, src, global index]
    static let globalSet: UInt16 = 0x410
    /// [op, dst, function index]
    static let refFunc: UInt16 = 0x411
    /// [op, dst, src]
    static let refIsNull: UInt16 = 0x412
    /// [op]
    static let unreachable: UInt16 = 0x413
    /// [op, dst, memory]
    static let memorySize: UInt16 = 0x414
    /// [op, dst (= delta), memory]
    static let memoryGrow: UInt16 = 0x415
    /// [op, dst (= index), table]
    static let tableGet: UInt16 = 0x416
    /// [op, index slot, table]: value is the next slot.
    static let tableSet: UInt16 = 0x417
    /// [op, dst, table]
    static let tableSize: UInt16 = 0x418
    /// [op]: takes one unit of the store's fuel; emitted at function entry
    /// and loop headers only when the engine meters fuel.
    static let fuel: UInt16 = 0x41E
    /// [op, type index, arg base, ref slot]
    static let callRef: UInt16 = 0x419
    static let returnCallRef: UInt16 = 0x41A
    /// [op, slot]: traps when the reference in the slot is null.
    static let refAsNonNull: UInt16 = 0x41B
    /// [op, ref slot, target]
    static let brIfNull: UInt16 = 0x41C
    static let brIfNonNull: UInt16 = 0x41D
    /// [op, x, y, target]: branches when the i32 comparison holds; one
    /// opcode per comparison, in the order of i32.eq ... i32.ge_u.
    static let brIfEq: UInt16 = 0x420, brIfNe: UInt16 = 0x421, brIfLtS: UInt16 = 0x422, brIfLtU: UInt16 = 0x423
    static let brIfGtS: UInt16 = 0x424, brIfGtU: UInt16 = 0x425, brIfLeS: UInt16 = 0x426, brIfLeU: UInt16 = 0x427
    static let brIfGeS: UInt16 = 0x428, brIfGeU: UInt16 = 0x429
    /// [op, tag index, payload base]: throws an exception of the tag.
    static let throwTag: UInt16 = 0x42B
    /// [op, exnref slot]: rethrows the exception (traps when null).
    static let throwRef: UInt16 = 0x42C
    /// For each comparison (i32.eq ... i32.ge_u order), the one that holds exactly when it does not.
    static let inverseComparison: [UInt16] = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3]
    /// For each comparison, the one that holds for swapped operands (x < y exactly when y > x).
    static let mirroredComparison: [UInt16] = [0, 1, 4, 5, 2, 3, 8, 9, 6, 7]

    /// Whether comparison `k` is gt_s, gt_u, ge_s or ge_u.
    static func isGreater(_ k: UInt16) -> Bool { k == 4 || k == 5 || k == 8 || k == 9 }

    /// Comparison `k` with the i32 immediate `y` as the same test with a
    /// strict comparison where one exists: x <= c is x < c + 1 and x >= c
    /// is x > c - 1, unless c is the extreme value of its signedness (the
    /// specialized handlers compare with an immediate by eq, ne, <, > only).
    static func strict(_ k: UInt16, _ y: UInt64) -> (UInt16, UInt64) {
        let c = UInt32(truncatingIfNeeded: y)
        switch k {
        case 6 where Int32(bitPattern: c) != .max: return (2, UInt64(c &+ 1))
        case 7 where c != .max: return (3, UInt64(c &+ 1))
        case 8 where Int32(bitPattern: c) != .min: return (4, UInt64(c &- 1))
        case 9 where c != 0: return (5, UInt64(c &- 1))
        default: return (k, y)
        }
    }
    /// [op, dst, x, y, other, target]: i32 `dst = x + y`, then a branch when
    /// the comparison of the sum with `other` holds; one opcode per
    /// comparison, in the order of i32.eq ... i32.ge_u (a loop counter's
    /// update folded into the branch closing the loop).
    static let addBranch: UInt16 = 0x470
    /// [op, x, y, target]: branches when the i64 `x == y` (`brIf64Eq`) or
    /// `x != y` (`brIf64Ne`) holds; `i64.eqz` compares with an immediate 0.
    static let brIf64Eq: UInt16 = 0x480, brIf64Ne: UInt16 = 0x481
    /// [op, dst, x, y, dst2, x2, y2]: two i32 additions, `dst = x + y` and
    /// then `dst2 = x2 + y2` (two induction variables stepped together).
    static let addPair: UInt16 = 0x47A

    /// [op, dst or value, x, y, end]: a load or store of memory 0 (32-bit)
    /// at address `x + (y << shift) + offset` (i32 arithmetic before the
    /// offset; `shift` in the opcode word, `IOp.shift`), where `end` is the
    /// offset plus the access's size; the opcode is this plus (wasm opcode
    /// - 0x28), for the wasm loads and stores 0x28 ... 0x3E.
    static let memory0Access: UInt16 = 0x440
    /// [op, dst, other, address x, address y, end]: `f64.add`, `f64.sub`
    /// or `f64.mul` (this plus 0, 1, 2) whose `y` operand is an `f64.load`
    /// of memory 0 folded into it (address as in `memory0Access`, words 3
    /// and 4, with their flags and shift); plus 3, 4, 5: the load is `x`.
    static let f64WithLoad: UInt16 = 0x460
    /// [op, dst, x, y]: i32 `x + (y << shift)` (an `i32.shl` by a constant folded into an `i32.add`).
    static let i32AddShifted: UInt16 = 0x42A

    /// [op, dst, a, b, c]: a float multiplication folded into the addition or
    /// subtraction that uses it; `p = a * b` rounded, then `p + c`, `c + p`,
    /// `p - c` or `c - p` (this plus 0 ... 3) for f32, plus 4 ... 7 for f64.
    static let fusedMultiply: UInt16 = 0x430

    /// [op, dst, x, amount]: `x ^ (x << amount)`, `x ^ (x >> amount)` (logical)
    /// for i32 (this plus 0, 1) and i64 (plus 2, 3): a shift by a constant
    /// folded into the `xor` with its own operand (xorshift generators and
    /// hash finalizers).
    static let xorShift: UInt16 = 0x438
    /// [op, dst, x, m, a]: i32 `x * m + a` of constants `m` and `a` (a
    /// linear congruential step, an index scaled and offset).
    static let mulAdd32: UInt16 = 0x42E
    /// [op, dst, x, k, mask]: i32 `(x >> k) & mask` (logical shift) of
    /// constants `k` and `mask`: a bit field's extraction.
    static let shiftAnd32: UInt16 = 0x42F

    /// Flag in the opcode word of `globalGet` and `globalSet`: the global is
    /// an i32 or f32, copied with 4-byte accesses (an 8- or 16-byte read of
    /// a slot just written with 4 bytes waits for the write to reach the cache).
    static let narrowGlobal: UInt64 = 1 << 32
    /// Bit position of the shift amount (0 ... 31) in the opcode word of
    /// `memory0Access` and `i32AddShifted`.
    static let shiftBit: UInt64 = 24
    /// The shift amount in opcode word `word`.
    @inline(__always) static func shift(_ word: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: word >> shiftBit) & 31 }
    /// Flag in an instruction's first word: its word `k` holds a constant
    /// operand itself instead of a slot offset.
    @inline(__always) static func immediate(word k: Int) -> UInt64 { 1 << UInt64(15 + k) }
    /// Bulk operations [op, imm a, imm b, base] read their operands from three consecutive slots.
}

/// What the interpreter needs to call a function: its code and frame
/// shape, and which instance's context it runs in.
struct FunctionEntry {
    /// Start of the function's code; nil for host functions.
    var code: UnsafePointer<UInt64>?
    var paramCount: Int
    var resultCount: Int
    /// Bytes the frame needs (locals + operand stack, at least the results).
    var frameBytes: Int
    /// Bytes of the declared locals after the params (what a call zeroes).
    var localBytes: Int
    var instance: Unmanaged<Instance>
    /// `instance`'s entries, which its direct calls index.
    var entries: UnsafeMutablePointer<FunctionEntry>
    /// `instance`'s VM context (read on every call and return without touching the instance object).
    var vmctx: UnsafeMutablePointer<VMContext>
    var function: Unmanaged<Function>
    var compiled: UnsafePointer<CompiledFunction>?

    init(instance: Instance, index: Int) {
        let f = instance.functions[index]
        self.function = Unmanaged.passUnretained(f)
        paramCount = f.type.params.count
        resultCount = f.type.results.count
        let frameSlots: Int, localCount: Int
        if case .wasm(let owner, let i) = f.kind, let moduleCode = owner.takeUnretainedValue().compiled.code {
            let ownerInstance = owner.takeUnretainedValue()
            let c = moduleCode.functions + (i - ownerInstance.module.importedFunctionCount)
            code = UnsafePointer(moduleCode.words + c.pointee.start)
            frameSlots = c.pointee.frameSlots
            localCount = c.pointee.localCount
            self.instance = owner
            entries = ownerInstance.entries
            vmctx = ownerInstance.vmctx
            compiled = UnsafePointer(c)
        } else {
            code = nil
            frameSlots = max(paramCount, resultCount)
            localCount = paramCount
            self.instance = Unmanaged.passUnretained(instance)
            entries = instance.entries
            vmctx = instance.vmctx
            compiled = nil
        }
        frameBytes = frameSlots * Slot.size
        localBytes = (localCount - paramCount) * Slot.size
    }
}
