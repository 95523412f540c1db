/// Translates a validated function body into the interpreter's internal
/// code: every operand is a frame slot (locals first, then the operand
/// stack, whose height is static), branch targets are resolved code
/// positions, and block results are moved into place at branches.
///
/// `local.get` and scalar constants emit nothing: numeric instructions,
/// loads and stores read the local's slot or the constant (an immediate
/// code word, flagged in the opcode word: `IOp.immediate`) directly, a
/// `local.set` right after an instruction that wrote a fresh value retargets
/// that instruction to write the local, and an i32 comparison feeding a
/// branch becomes one compare-and-branch. Pending values are put in their
/// own slots where that is not possible (before the local changes, at block
/// boundaries, for other instructions).
struct InterpreterTranslator: CodeSink {
    /// A label of the control stack.
    struct Label {
        var kind: BlockKind
        /// Operand height below the block's params.
        var height: Int
        var params: Int
        var results: Int
        /// Code position of a loop's start.
        var start: Int
        /// Code words to patch with the end position.
        var fixups: [Int] = []
        /// Word of an `if`'s false-branch target, until its `else`.
        var elseFixup: Int?
        var arity: Int { kind == .loop ? params : results }
    }

    let locals: [ValueType]
    let resultCount: Int
    var code: [UInt64] = []
    var labels: [Label] = []
    /// How many of `labels` are loops.
    private var openLoops = 0
    /// (code position, module byte offset) of each instruction, for trap frames.
    var offsets: [(pc: Int32, offset: Int32)] = []
    /// Code indices of the branch-target words, each set once (`setTarget`);
    /// `InterpreterCode` turns their positions into addresses.
    private(set) var targets: [Int] = []
    private var currentOffset = 0
    /// Where an operand-stack value is until it is put in its own slot.
    enum Operand: Equatable {
        case own
        /// A pending `local.get`: the local's slot.
        case local(Int)
        /// A pending scalar constant.
        case constant(UInt64)
        /// A pending `i32.add` of a local and a constant (a base pointer plus
        /// a field offset), which a memory-0 access computes itself.
        case sum(local: Int, constant: UInt64)

        /// The local the value is read from while it is pending.
        var local: Int? {
            switch self {
            case .local(let l), .sum(let l, _): return l
            case .own, .constant: return nil
            }
        }
    }

    /// The operand of each stack height, counting the pending reads of each
    /// local, so that a `local.set` looks for them only when there are some.
    struct OperandSources {
        private var entries: [Operand] = []
        /// Per local: how many pending values (`.local`, `.sum`) read it.
        private var readers: [Int]

        init(localCount: Int) { readers = Array(repeating: 0, count: localCount) }

        var count: Int { entries.count }
        subscript(h: Int) -> Operand {
            get { entries[h] }
            set {
                counted(entries[h], -1)
                counted(newValue, 1)
                entries[h] = newValue
            }
        }
        subscript(r: Range<Int>) -> ArraySlice<Operand> { entries[r] }
        mutating func append(_ o: Operand) {
            counted(o, 1)
            entries.append(o)
        }
        mutating func removeLast(_ n: Int = 1) {
            for o in entries.suffix(n) { counted(o, -1) }
            entries.removeLast(n)
        }
        /// Whether a pending value reads `local`.
        func isRead(_ local: Int) -> Bool { readers[local] > 0 }
        private mutating func counted(_ o: Operand, _ delta: Int) {
            if let l = o.local { readers[l] += delta }
        }
    }
    private var sources: OperandSources
    /// The type of the value at each stack height (`pushed`).
    private var types: [ValueType?] = []
    /// Code index of the destination word of the last instruction emitted,
    /// while no other code or branch target follows it.
    private var lastDestination: Int?
    /// Code indices where the last few instructions emitted start, oldest
    /// first: taking the last ones back leaves the earlier ones known.
    private var starts: [Int] = []
    /// Where the last instruction emitted starts, and the one before it.
    private var lastStart: Int? { starts.last }
    private var priorStart: Int? { starts.count >= 2 ? starts[starts.count - 2] : nil }
    /// The latest code index a branch may target: instructions on both
    /// sides of it are never folded into one.
    private var joinPoint = 0
    /// The last instructions stamped with a pair handler (`Handler.pairs`)
    /// and where the last instruction it runs starts, to undo a stamp whose
    /// later instructions are taken back.
    private var recentPairs: [(first: Int, second: Int)] = []

    /// Per local: a declared local no `local.set`/`local.tee` has written
    /// yet, so still the zero every call starts it at.
    private var unwritten: [Bool]

    /// Whether to emit `IOp.fuel` at function entry and loop headers.
    let meterFuel: Bool
    /// Per table of the module: whether it is indexed with i64 (table64).
    let tables64: [Bool]

    /// The table word of a `call_indirect`: the index, and bit 32 for a
    /// table64, whose element index is read as an i64.
    func tableWord(_ table: UInt64) -> UInt64 {
        Int(table) < tables64.count && tables64[Int(table)] ? table | 1 << 32 : table
    }
    /// Per global of the module: whether it is an i32 or f32 (`IOp.narrowGlobal`).
    let narrowGlobals: [Bool]
    /// The opcode word of `global.get`/`global.set` `op` of global `index`.
    func globalWord(_ op: UInt16, _ index: UInt64) -> UInt64 {
        UInt64(op) | (Int(index) < narrowGlobals.count && narrowGlobals[Int(index)] ? IOp.narrowGlobal : 0)
    }
    /// The `try_table` handlers (Interpreter+Exceptions).
    var handlerTable = HandlerTableBuilder()

    init(locals: [ValueType], paramCount: Int, resultCount: Int, tables64: [Bool] = [], narrowGlobals: [Bool] = [],
         meterFuel: Bool = false) {
        self.locals = locals
        sources = OperandSources(localCount: locals.count)
        self.tables64 = tables64
        self.narrowGlobals = narrowGlobals
        unwritten = locals.indices.map { $0 >= paramCount }
        self.resultCount = resultCount
        self.meterFuel = meterFuel
        code.reserveCapacity(64)
        if meterFuel { emit(UInt64(IOp.fuel)) }
    }

    /// Byte offset of the slot at operand height `h`.
    @inline(__always) func slot(_ h: Int) -> UInt64 { UInt64((locals.count + h) * Slot.size) }

    mutating func at(offset: Int) { currentOffset = offset }

    mutating func emit(_ words: UInt64...) {
        emit(words)
    }

    mutating func emit(_ words: [UInt64]) {
        append(words)
        lastDestination = nil
    }

    /// Emits an instruction whose word 1 is a destination a `local.set` may retarget.
    private mutating func emitProducing(_ words: UInt64...) {
        lastDestination = code.count + 1
        append(words)
    }

    /// Appends an instruction's words, mapping its position to the current module offset.
    private mutating func append(_ words: [UInt64]) {
        if offsets.last?.pc != Int32(code.count) {
            offsets.append((Int32(code.count), Int32(truncatingIfNeeded: currentOffset)))
        }
        let handler = Handler.handler(for: words[0])
        if let first = lastStart, first >= joinPoint, let pair = Handler.pair(Handler.handler(for: code[first]), handler),
           forwards(pair, from: first, into: words[...]) {
            code[first] = Handler.stamp(code[first], pair)
            recentPairs.append((first, code.count))
            // A pair that is the second member of another pair takes the instruction before it in (a triple),
            // also when that instruction ran paired with the first member alone.
            if let prior = priorStart, prior >= joinPoint {
                let single = Handler.handler(for: code[prior]), stamped = Handler.stamp(of: code[prior])
                if stamped == single || stamped == Handler.pair(single, Handler.handler(for: code[first])),
                   let triple = Handler.pair(single, pair), forwards(triple, from: prior, into: code[first...]) {
                    code[prior] = Handler.stamp(code[prior], triple)
                    recentPairs.append((prior, code.count))
                }
            }
            if recentPairs.count > 4 { recentPairs.removeFirst(recentPairs.count - 4) }
        }
        if starts.count == 3 { starts.removeFirst() }
        starts.append(code.count)
        code.append(Handler.stamp(words[0], handler))
        code.append(contentsOf: words.dropFirst())
    }

    /// Whether pair (or triple) `handler` may run the instruction at `first`
    /// and the one after it, whose words are `next`: unless it forwards the
    /// first's result (`Handler.forwardedOperands`), only where those words
    /// are the first's destination.
    private func forwards(_ handler: Handler, from first: Int, into next: ArraySlice<UInt64>) -> Bool {
        guard let operands = Handler.forwardedOperands[handler] else { return true }
        return operands.allSatisfy { next.startIndex + $0 < next.endIndex && next[next.startIndex + $0] == code[first + 1] }
    }

    /// Drops the code from `start` (where the last or the one but last
    /// instruction begins) on, and the positions of instructions after it.
    /// A later instruction emitted at `start` takes over its module offset.
    private mutating func truncate(at start: Int) {
        for pair in recentPairs where pair.first < start && pair.second >= start {
            code[pair.first] = Handler.stamp(code[pair.first], Handler.handler(for: code[pair.first]))
        }
        recentPairs.removeAll { $0.second >= start }
        code.removeLast(code.count - start)
        while let last = offsets.last, last.pc > Int32(start) { offsets.removeLast() }
        starts.removeAll { $0 >= start }
        lastDestination = nil
    }

    /// Points the branch-target word at code index `word` to code position `position`.
    mutating func setTarget(_ word: Int, _ position: Int) {
        code[word] = UInt64(position)
        targets.append(word)
    }

    /// Points the branch-target word at code index `word` to label `index`:
    /// a loop's start now, a block's end when the block ends.
    mutating func setTarget(_ word: Int, label index: Int) {
        if labels[index].kind == .loop {
            setTarget(word, labels[index].start)
        } else {
            labels[index].fixups.append(word)
        }
    }

    /// Marks the current code position as a branch target.
    mutating func markJoin() {
        joinPoint = code.count
        lastDestination = nil
    }

    /// The copy that moves a value of `type`: as wide as the value, so that
    /// its load reads what the value's producer stored (nil, an unknown type, copies the whole slot).
    static func copyOp(_ type: ValueType?) -> UInt16 {
        if isNarrow(type) { return IOp.copy32 }
        return type == .v128 || type == nil ? IOp.copy128 : IOp.copy64
    }

    /// Whether values of `type` are 4 bytes (moved and selected with 4-byte accesses).
    static func isNarrow(_ type: ValueType?) -> Bool { type == .i32 || type == .f32 }

    /// Records the type of the value the validator pushed at `height`.
    mutating func pushed(_ type: ValueType?, height: Int) {
        if types.count <= height { types.append(contentsOf: repeatElement(nil, count: height + 1 - types.count)) }
        types[height] = type
    }

    // MARK: Operand sources

    @inline(__always) func localSlot(_ local: Int) -> UInt64 { UInt64(local * Slot.size) }

    /// The slot operand height `h` is read from (after `materialize` for constants).
    func source(_ h: Int) -> UInt64 {
        if case .local(let local) = sources[h] { return localSlot(local) }
        return slot(h)
    }

    /// Operand word `k` of an instruction for the value at height `h`: a
    /// slot, or the constant itself with word `k`'s immediate flag.
    func operand(_ h: Int, word k: Int) -> (word: UInt64, flag: UInt64) {
        if case .constant(let bits) = sources[h] { return (bits, IOp.immediate(word: k)) }
        return (source(h), 0)
    }

    /// The pending sum of the `i32.add` of the values at heights `h` and
    /// `h + 1` when one is a local and the other a constant.
    func pendingSum(_ h: Int) -> Operand? {
        switch (sources[h], sources[h + 1]) {
        case (.local(let l), .constant(let c)), (.constant(let c), .local(let l)): return .sum(local: l, constant: c & 0xFFFF_FFFF)
        default: return nil
        }
    }

    /// Whether the value at height `h` is a pending sum, which only a memory-0 access reads in place.
    func isSum(_ h: Int) -> Bool {
        if case .sum = sources[h] { return true }
        return false
    }

    /// Makes `sources` describe a stack of `height` values (new ones in their own slots).
    private mutating func track(height: Int) {
        if sources.count > height { sources.removeLast(sources.count - height) }
        while sources.count < height { sources.append(.own) }
    }

    /// After a join point: the values below `height` as they were, then
    /// `values` values in their own slots.
    private mutating func enterJoin(height: Int, values: Int) {
        track(height: height)
        track(height: height + values)
    }

    /// Writes the value at height `h` to slot `dst` (a local's or an operand's).
    private mutating func move(_ h: Int, to dst: UInt64) {
        switch sources[h] {
        case .own, .local:
            // The pushed type of a pending `local.get` is its local's.
            let src = source(h)
            if src != dst { emit(UInt64(Self.copyOp(types[h])), dst, src) }
        case .constant(let bits): emit(UInt64(IOp.const64), dst, bits)
        case .sum(let local, let c): emit(UInt64(0x6A) | IOp.immediate(word: 3), dst, localSlot(local), c)
        }
    }

    /// Puts a pending value at height `h` into its own slot.
    private mutating func materialize(_ h: Int) {
        guard sources[h] != .own else { return }
        move(h, to: slot(h))
        sources[h] = .own
    }

    /// Puts a pending constant or sum at height `h` into its own slot (for
    /// instructions that only read slots; a local's slot is read in place).
    private mutating func materializeUnlessLocal(_ h: Int) {
        if case .local = sources[h] { return }
        materialize(h)
    }

    private mutating func materialize(_ heights: Range<Int>) {
        for h in heights { materialize(h) }
    }

    // MARK: Instructions

    mutating func instruction(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int, pushes: Int) {
        let base = height - pops
        let dst = slot(base)
        track(height: height)
        // A pending sum is read in place only as a memory-0 address; `local.set`/`tee` and `drop` take it as it is.
        let readsSum = op == 0x21 || op == 0x22 || op == 0x1A || (a == 0 && (0x28...0x3E).contains(op))
        if op == 0x6A && isSum(base) && foldsShift(into: height - 1, other: base) {
            // x + (y << k) with x pending: the shift folds first, then x gets its slot.
            let term = foldShift(base: height - 1)
            materialize(base)
            emitProducing(UInt64(IOp.i32AddShifted) | term.flags, dst, slot(base), term.y)
            track(height: base)
            sources.append(.own)
            return
        }
        for h in base..<height where isSum(h) && !(readsSum && h == base) { materialize(h) }
        switch op {
        case 0x20:
            sources.append(.local(Int(a)))
            return
        case 0x21, 0x22:
            setLocal(Int(a), tee: op == 0x22)
            return
        case 0xA7:
            // i32.wrap_i64 keeps the low half of its operand's slot, all an i32 reader reads: nothing to run.
            if case .constant(let bits) = sources[base] { sources[base] = .constant(bits & 0xFFFF_FFFF) }
            return
        case 0x6A where pendingSum(base) != nil:
            let sum = pendingSum(base)!
            sources.removeLast(2)
            sources.append(sum)
            return
        case 0x6A where foldsShift(into: base, other: height - 1):
            let term = foldShift(base: base), x = operand(height - 1, word: 2)
            emitProducing(UInt64(IOp.i32AddShifted) | x.flag | term.flags, dst, x.word, term.y)
        case 0x6A where foldsShift(into: height - 1, other: base):
            let x = operand(base, word: 2), term = foldShift(base: height - 1)
            emitProducing(UInt64(IOp.i32AddShifted) | x.flag | term.flags, dst, x.word, term.y)
        case 0x6A where constantOperand(after: 0x6C, base: base) != nil, 0x71 where constantOperand(after: 0x76, base: base) != nil:
            // x * m + a, (x >> k) & mask: the multiplication or shift by a constant just computed folds in.
            let folded = constantOperand(after: op == 0x6A ? 0x6C : 0x76, base: base)!
            removeLastInstruction(words: 4)
            let k = op == 0x6A ? folded.k : folded.k & 31
            emitProducing(UInt64(op == 0x6A ? IOp.mulAdd32 : IOp.shiftAnd32), dst, folded.x, k, folded.constant & 0xFFFF_FFFF)
        case 0x73 where xorShiftVariant(base: base) != nil, 0x85 where xorShiftVariant(base: base) != nil:
            let variant = xorShiftVariant(base: base)!, shift = foldXorShift()
            emitProducing(UInt64(IOp.xorShift + variant), dst, shift.x, shift.amount)
        case 0xA0...0xA2 where foldsF64Load(into: height - 1, other: base):
            let x = operand(base, word: 2), load = foldLoad()
            emitProducing(UInt64(IOp.f64WithLoad + op - 0xA0) | x.flag | load.flags, dst, x.word, load.x, load.y, load.end)
        case 0xA0...0xA2 where foldsF64Load(into: base, other: height - 1):
            let load = foldLoad(), y = operand(height - 1, word: 2)
            emitProducing(UInt64(IOp.f64WithLoad + 3 + op - 0xA0) | y.flag | load.flags, dst, y.word, load.x, load.y, load.end)
        case _ where Self.multiplyFoldable(op) && foldsMultiply(into: base, other: height - 1, op: op):
            let product = foldMultiply(), c = operand(height - 1, word: 4)
            let variant: UInt16 = (op >= 0xA0 ? 4 : 0) + (op == 0x92 || op == 0xA0 ? 0 : 2)
            emitProducing(UInt64(IOp.fusedMultiply + variant) | product.flags | c.flag, dst, product.a, product.b, c.word)
        case _ where Self.multiplyFoldable(op) && foldsMultiply(into: height - 1, other: base, op: op):
            let c = operand(base, word: 4), product = foldMultiply()
            let variant: UInt16 = (op >= 0xA0 ? 4 : 0) + (op == 0x92 || op == 0xA0 ? 1 : 3)
            emitProducing(UInt64(IOp.fusedMultiply + variant) | product.flags | c.flag, dst, product.a, product.b, c.word)
        case 0x45...0xC4, 0x100...0x107:
            let x = operand(base, word: 2), y = operand(height - 1, word: 3)
            emitProducing(UInt64(op) | x.flag | y.flag, dst, x.word, y.word)
        case 0x28...0x35 where a == 0:
            let address = memory0Address(base)
            emitProducing(UInt64(IOp.memory0Access + op - 0x28) | address.flags, dst, address.x, address.y, Self.accessEnd(op, offset: b))
        case 0x36...0x3E where a == 0:
            let value = operand(base + 1, word: 1), address = memory0Address(base)
            emit(UInt64(IOp.memory0Access + op - 0x28) | value.flag | address.flags, value.word, address.x, address.y,
                 Self.accessEnd(op, offset: b))
        case 0x1A:
            break
        case 0x28...0x35:
            let address = operand(base, word: 2)
            emitProducing(UInt64(op) | address.flag, dst, address.word, b, a)
        case 0x36...0x3E:
            let value = operand(base + 1, word: 1), address = operand(base, word: 2)
            emit(UInt64(op) | value.flag | address.flag, value.word, address.word, b, a)
        case 0x23:
            emitProducing(globalWord(IOp.globalGet, a), dst, a)
        case 0x24:
            materializeUnlessLocal(base)
            emit(globalWord(IOp.globalSet, a), source(base), a)
        default:
            materialize(base..<height)
            emitGeneric(op, a, b, height: height, pops: pops)
        }
        track(height: base)
        for _ in 0..<pushes { sources.append(.own) }
    }

    /// The opcode word of the instruction that just wrote the fresh value at
    /// height `h`, if that is the last instruction emitted.
    private func producer(of h: Int) -> UInt64? {
        guard sources[h] == .own, let d = lastDestination, code[d] == slot(h) else { return nil }
        return code[d - 1]
    }

    /// Removes the last instruction (`words` long), which nothing reads but the one being emitted.
    private mutating func removeLastInstruction(words: Int) {
        truncate(at: code.count - words)
        if offsets.last?.pc == Int32(code.count) { offsets.removeLast() }
    }

    /// Whether the value at height `h`, an operand of an `i32.add` whose
    /// other operand at `other` emitted no code since, is an `i32.shl` by a
    /// constant that was just computed.
    private func foldsShift(into h: Int, other: Int) -> Bool {
        guard let word = producer(of: h), UInt16(truncatingIfNeeded: word) == 0x74, word & IOp.immediate(word: 3) != 0 else { return false }
        return other < h || sources[other] != .own
    }

    /// Removes the `i32.shl` by a constant that computed the value at height
    /// `h` and returns its shifted operand as word 3 of an `i32AddShifted`
    /// or memory-0 access, with the flags (immediate, shift) that go with it.
    private mutating func foldShift(base h: Int) -> (y: UInt64, flags: UInt64) {
        let d = lastDestination!
        let word = code[d - 1], y = code[d + 1], amount = code[d + 2] & 31
        removeLastInstruction(words: 4)
        return (y, (word & IOp.immediate(word: 2)) << 1 | amount << IOp.shiftBit)
    }

    /// The `IOp.xorShift` variant when the value at height `h`, an operand
    /// of an `xor` whose other operand at `other` emitted no code since, is
    /// a shift by a constant (i32/i64 `shl`, `shr_u`) just computed from a
    /// slot the other operand also reads: `x ^ (x << k)`.
    private func foldsXorShift(into h: Int, other: Int) -> UInt16? {
        guard let word = producer(of: h), other < h || sources[other] != .own,
              word & IOp.immediate(word: 3) != 0, word & IOp.immediate(word: 2) == 0 else { return nil }
        let variant: UInt16
        switch UInt16(truncatingIfNeeded: word) {
        case 0x74: variant = 0
        case 0x76: variant = 1
        case 0x86: variant = 2
        case 0x88: variant = 3
        default: return nil
        }
        if case .constant = sources[other] { return nil }
        return source(other) == code[lastDestination! + 1] ? variant : nil
    }

    /// The `IOp.xorShift` variant the `xor` of the values at heights `base`
    /// and `base + 1` folds into, with either operand the shift.
    private func xorShiftVariant(base: Int) -> UInt16? {
        foldsXorShift(into: base + 1, other: base) ?? foldsXorShift(into: base, other: base + 1)
    }

    /// When one operand of an i32 operation at heights `base` and `base + 1`
    /// is a constant and the other was just computed by `producerOp` of a
    /// slot and a constant: that constant operand, the slot and the producer's constant.
    private func constantOperand(after producerOp: UInt16, base: Int) -> (constant: UInt64, x: UInt64, k: UInt64)? {
        for (h, c) in [(base, base + 1), (base + 1, base)] {
            guard case .constant(let bits) = sources[c], let word = producer(of: h), UInt16(truncatingIfNeeded: word) == producerOp,
                  word & IOp.immediate(word: 3) != 0, word & IOp.immediate(word: 2) == 0 else { continue }
            let d = lastDestination!
            return (bits, code[d + 1], code[d + 2])
        }
        return nil
    }

    /// Removes the shift `foldsXorShift` found and returns its operand slot
    /// and its amount (reduced modulo the width).
    private mutating func foldXorShift() -> (x: UInt64, amount: UInt64) {
        let d = lastDestination!
        let is64 = UInt16(truncatingIfNeeded: code[d - 1]) >= 0x86
        let shift = (x: code[d + 1], amount: code[d + 2] & (is64 ? 63 : 31))
        removeLastInstruction(words: 4)
        return shift
    }

    /// Whether the value at height `h`, an operand of an f64 addition,
    /// subtraction or multiplication whose other operand at `other` emitted
    /// no code since, is an `f64.load` of memory 0 that was just computed.
    private func foldsF64Load(into h: Int, other: Int) -> Bool {
        guard let word = producer(of: h), UInt16(truncatingIfNeeded: word) == IOp.memory0Access + 0x2B - 0x28 else { return false }
        return other < h || sources[other] != .own
    }

    /// Removes the memory-0 load that was just emitted, keeping its
    /// position's module offset for the instruction replacing it (which
    /// cannot trap otherwise), and returns its address words and their
    /// flags, moved one word on (words 3 and 4), with the shift.
    private mutating func foldLoad() -> (x: UInt64, y: UInt64, end: UInt64, flags: UInt64) {
        let d = lastDestination!
        let word = code[d - 1]
        let operandFlags = (word & (IOp.immediate(word: 2) | IOp.immediate(word: 3))) << 1
        let load = (x: code[d + 1], y: code[d + 2], end: code[d + 3], flags: operandFlags | word & (31 << IOp.shiftBit))
        truncate(at: d - 1)
        return load
    }

    /// A memory-0 access's last word: its offset plus its size (the loads
    /// and stores 0x28 ... 0x3E access their natural alignment's bytes), so
    /// that the handler's bounds check and address share one sum.
    static func accessEnd(_ op: UInt16, offset: UInt64) -> UInt64 {
        offset + (1 << UInt64(Opcodes.memoryAccess[op]!.alignLog2))
    }

    /// Float additions and subtractions, which a multiplication computing one of their operands folds into.
    static func multiplyFoldable(_ op: UInt16) -> Bool { op == 0x92 || op == 0x93 || op == 0xA0 || op == 0xA1 }

    /// Whether the value at height `h`, an operand of float addition or
    /// subraction `op` whose other operand at `other` emitted no code since,
    /// is a multiplication of the same type that was just computed.
    private func foldsMultiply(into h: Int, other: Int, op: UInt16) -> Bool {
        guard let word = producer(of: h), UInt16(truncatingIfNeeded: word) == (op >= 0xA0 ? 0xA2 : 0x94) else { return false }
        return other < h || sources[other] != .own
    }

    /// Removes the multiplication that was just emitted and returns its operand words and their immediate flags.
    private mutating func foldMultiply() -> (a: UInt64, b: UInt64, flags: UInt64) {
        let d = lastDestination!
        let product = (a: code[d + 1], b: code[d + 2], flags: code[d - 1] & (IOp.immediate(word: 2) | IOp.immediate(word: 3)))
        removeLastInstruction(words: 4)
        return product
    }

    /// Words 2 and 3 (`x`, `y`) and the flags of a memory-0 access whose
    /// address is the value at height `h`: a pending sum, the operands of
    /// the instruction that just computed it (`foldAddress`), or the value and 0.
    private mutating func memory0Address(_ h: Int) -> (x: UInt64, y: UInt64, flags: UInt64) {
        if case .sum(let local, let c) = sources[h] { return (localSlot(local), c, IOp.immediate(word: 3)) }
        if let sum = foldAddress(h) { return sum }
        let address = operand(h, word: 2)
        return (address.word, 0, address.flag | IOp.immediate(word: 3))
    }

    /// When the address at height `h` was just computed by an `i32.add`
    /// (plain or with a shifted operand) or an `i32.shl` by a constant,
    /// removes that instruction and returns the operand words `x`, `y` and
    /// the flags (immediates, shift) of a memory-0 access that computes the
    /// address itself.
    private mutating func foldAddress(_ h: Int) -> (x: UInt64, y: UInt64, flags: UInt64)? {
        guard let word = producer(of: h) else { return nil }
        let d = lastDestination!
        let operandFlags = IOp.immediate(word: 2) | IOp.immediate(word: 3)
        switch UInt16(truncatingIfNeeded: word) {
        case 0x6A:
            let sum = (x: code[d + 1], y: code[d + 2], flags: word & operandFlags)
            removeLastInstruction(words: 4)
            return sum
        case IOp.i32AddShifted:
            let sum = (x: code[d + 1], y: code[d + 2], flags: word & (operandFlags | 31 << IOp.shiftBit))
            removeLastInstruction(words: 4)
            return sum
        case 0x74 where word & IOp.immediate(word: 3) != 0:
            let term = foldShift(base: h)
            return (0, term.y, IOp.immediate(word: 2) | term.flags)
        default:
            return nil
        }
    }

    /// `local.set`/`local.tee` of the top value.
    private mutating func setLocal(_ local: Int, tee: Bool) {
        let top = sources.count - 1
        if sources[top] == .constant(0), unwritten[local], openLoops == 0 {
            // Setting a local to the zero it holds, where no write can have come before: nothing to run.
            if !tee { sources.removeLast() }
            return
        }
        unwritten[local] = false
        let target = localSlot(local)
        if sources[top] != .local(local) {
            if sources.isRead(local) {
                for h in 0..<top where sources[h].local == local { materialize(h) }
            }
            if sources[top] == .own, let d = lastDestination, code[d] == slot(top) {
                code[d] = target
                lastDestination = nil
            } else {
                move(top, to: target)
            }
            if !tee { foldAddPair() }
        }
        if tee { sources[top] = .local(local) } else { sources.removeLast() }
    }

    /// When the last two instructions are `i32.add`s of a slot and a
    /// constant with no branch target between them (two induction variables
    /// stepped one after the other),
    /// makes them one `IOp.addPair`. Called after a `local.set` has given
    /// the second its final destination.
    private mutating func foldAddPair() {
        guard let second = lastStart, let first = priorStart, first >= joinPoint, second == first + 4, code.count == second + 4,
              UInt16(truncatingIfNeeded: code[first]) == 0x6A, UInt16(truncatingIfNeeded: code[second]) == 0x6A else { return }
        let operandFlags = IOp.immediate(word: 2) | IOp.immediate(word: 3)
        let flags = code[first] & operandFlags | (code[second] & operandFlags) << 3
        // Only local-plus-constant steps, the form the pair has a specialized handler for.
        guard flags == IOp.immediate(word: 3) | IOp.immediate(word: 6) else { return }
        let words = [code[first + 1], code[first + 2], code[first + 3], code[second + 1], code[second + 2], code[second + 3]]
        truncate(at: first)
        emit([UInt64(IOp.addPair) | flags] + words)
    }

    /// Instructions whose operands are in their own slots.
    private mutating func emitGeneric(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int) {
        let base = height - pops
        let dst = slot(base)
        switch op {
        case 0x00: emit(UInt64(IOp.unreachable))
        case 0x1A: break
        case ExtraOpcodes.select:
            emit(UInt64(Self.isNarrow(types[base]) ? IOp.select32 : IOp.select128), dst, slot(base), slot(base + 1), slot(base + 2))
        case 0x25: emit(UInt64(IOp.tableGet), dst, a)
        case 0x26: emit(UInt64(IOp.tableSet), dst, a)
        case 0x3F: emit(UInt64(IOp.memorySize), dst, a)
        case 0x40: emit(UInt64(IOp.memoryGrow), dst, a)
        case 0x10: emit(UInt64(IOp.call), a, dst)
        case 0x11: emit(UInt64(IOp.callIndirect), a, tableWord(b), dst, slot(height - 1))
        case 0x12: emit(UInt64(IOp.returnCall), a, dst)
        case 0x13: emit(UInt64(IOp.returnCallIndirect), a, tableWord(b), dst, slot(height - 1))
        case 0xD1: emit(UInt64(IOp.refIsNull), dst, dst)
        case 0x14: emit(UInt64(IOp.callRef), a, dst, slot(height - 1))
        case 0x15: emit(UInt64(IOp.returnCallRef), a, dst, slot(height - 1))
        case 0xD4: emit(UInt64(IOp.refAsNonNull), dst)
        case 0xD2: emit(UInt64(IOp.refFunc), dst, a)
        case ExtraOpcodes.throw: emit(UInt64(IOp.throwTag), a, dst)
        case ExtraOpcodes.throwRef: emit(UInt64(IOp.throwRef), dst)
        case ExtraOpcodes.tableSize: emit(UInt64(IOp.tableSize), dst, a)
        case ExtraOpcodes.memoryInit...ExtraOpcodes.tableFill:
            emit(UInt64(op), a, b, dst)
        default:
            if Opcodes.memoryAccess[op] != nil {
                // [op, dst or addr, offset, memory]; a store's value is in the next slot.
                emit(UInt64(op), dst, b, a)
            } else if Opcodes.laneMemoryOps[op] != nil {
                emit(UInt64(op), dst, b, a)
            } else if Opcodes.laneOps[op] != nil {
                emit(UInt64(op), dst, a)
            } else if AtomicOpcodes.info(op) != nil {
                emit(UInt64(IOp.atomic + op - AtomicOpcodes.base), dst, b, a)
            } else if op == 0x20D {
                emit(UInt64(op), dst, a, b)
            } else if op >= GCOpcodes.base && op <= GCOpcodes.last {
                // GC: [op, a, b, base]; operands in consecutive slots from base.
                emit(UInt64(op), a, b, dst)
            } else {
                // Simple instruction: operands are consecutive slots starting at dst.
                emit(UInt64(op), dst)
            }
        }
    }

    mutating func constant(_ type: ValueType, _ bits: V128, height: Int) {
        track(height: height)
        if type == .v128 {
            emitProducing(UInt64(IOp.const128), slot(height), bits.lo, bits.hi)
            sources.append(.own)
        } else {
            sources.append(.constant(bits.lo))
        }
    }

    // MARK: Control

    mutating func beginBlock(_ kind: BlockKind, type: FuncType, height: Int, reachable: Bool) {
        let params = type.params.count, results = type.results.count
        if reachable {
            // Every value in its own slot, so that all paths to a join agree.
            track(height: height + params + (kind == .if ? 1 : 0))
            materialize(0..<(height + params))
        }
        // A loop's start is a branch target; a block's start never is (its branches go to its end).
        if kind == .loop { markJoin() }
        var label = Label(kind: kind, height: height, params: params, results: results, start: code.count)
        if kind == .if && reachable {
            label.elseFixup = emitConditional(height + params, whenTrue: false)
        }
        if kind == .loop && meterFuel { emit(UInt64(IOp.fuel)) }
        labels.append(label)
        if kind == .loop { openLoops += 1 }
        track(height: height + params)
    }

    mutating func elseBlock(reachable: Bool) {
        let i = labels.count - 1
        if reachable {
            track(height: labels[i].height + labels[i].results)
            materialize(labels[i].height..<sources.count)
            emit(UInt64(IOp.br), 0)
            labels[i].fixups.append(code.count - 1)
        }
        if let f = labels[i].elseFixup {
            setTarget(f, code.count)
            labels[i].elseFixup = nil
        }
        markJoin()
        enterJoin(height: labels[i].height, values: labels[i].params)
    }

    mutating func endBlock(reachable: Bool) {
        closeTryTable()
        let label = labels.removeLast()
        if label.kind == .loop { openLoops -= 1 }
        if labels.isEmpty {
            // End of the function. Branches to the function's label return by
            // themselves, so only the fall-through arrives, its results where they are.
            if reachable {
                track(height: resultCount)
                emitReturn(height: resultCount)
            }
            markJoin()
            return
        }
        if reachable {
            track(height: label.height + label.results)
            materialize(label.height..<sources.count)
        }
        markJoin()
        if let f = label.elseFixup { setTarget(f, code.count) }
        for f in label.fixups { setTarget(f, code.count) }
        enterJoin(height: label.height, values: label.results)
    }

    /// Moves the top `resultCount` values to slots 0..<n and returns.
    private mutating func emitReturn(height: Int) {
        // A result read from a local that an earlier result overwrites is copied out first.
        for h in (height - resultCount)..<height {
            if let local = sources[h].local, local < resultCount { materialize(h) }
        }
        if resultCount == 1, sources[height - 1] == .own, let d = lastDestination, code[d] == slot(height - 1) {
            // The instruction that computed the only result writes it to the result slot.
            code[d] = 0
        } else {
            for i in 0..<resultCount { move(height - resultCount + i, to: UInt64(i * Slot.size)) }
        }
        emit(UInt64(IOp.ret))
    }

    /// Emits the moves and jump of a branch whose values end at `height`.
    private mutating func emitJump(depth: Int, height: Int) {
        let index = labels.count - 1 - depth
        if index == 0 {
            emitReturn(height: height)
            return
        }
        let label = labels[index]
        let n = label.arity
        for i in 0..<n { move(height - n + i, to: slot(label.height + i)) }
        emit(UInt64(IOp.br), 0)
        setTarget(code.count - 1, label: index)
    }

    /// Whether a branch needs more than a jump (moves, or it is a return).
    private func needsMoves(depth: Int, height: Int) -> Bool {
        let index = labels.count - 1 - depth
        if index == 0 { return true }
        let label = labels[index]
        guard label.arity > 0 else { return false }
        return label.height != height - label.arity || sources[(height - label.arity)..<height].contains { $0 != .own }
    }

    mutating func branch(depth: Int, conditional: Bool, height: Int) {
        track(height: height)
        guard conditional else {
            emitJump(depth: depth, height: height)
            return
        }
        let valuesTop = height - 1
        if needsMoves(depth: depth, height: valuesTop) {
            let skip = emitConditional(height - 1, whenTrue: false)
            emitJump(depth: depth, height: valuesTop)
            setTarget(skip, code.count)
            markJoin()
        } else {
            setTarget(emitConditional(height - 1, whenTrue: true), label: labels.count - 1 - depth)
        }
        lastDestination = nil
    }

    /// Emits a branch taken when the i32 at height `h` is nonzero
    /// (`whenTrue`) or zero, and returns the index of its target word. An
    /// i32 comparison or eqz (or i64 eq, ne or eqz) that just computed the
    /// value is folded in, and so is an `i32.add` computing the value
    /// compared (a loop counter).
    private mutating func emitConditional(_ h: Int, whenTrue: Bool) -> Int {
        if sources[h] == .own, let d = lastDestination, code[d] == slot(h) {
            let opWord = code[d - 1]
            let op = UInt16(truncatingIfNeeded: opWord)
            if (0x46...0x4F).contains(op) {
                let x = code[d + 1], y = code[d + 2]
                let k = op - 0x46
                let comparison = whenTrue ? k : IOp.inverseComparison[Int(k)]
                let xFlag = opWord & IOp.immediate(word: 2), yFlag = opWord & IOp.immediate(word: 3)
                if xFlag == 0, let target = foldAddIntoBranch(at: d - 1, result: x, comparison: comparison, other: (y, yFlag << 1)) {
                    return target
                }
                if yFlag == 0, let target = foldAddIntoBranch(at: d - 1, result: y, comparison: IOp.mirroredComparison[Int(comparison)],
                                                               other: (x, xFlag << 2)) {
                    return target
                }
                // The comparison's operand flags move from words 2, 3 to words 1, 2.
                truncate(at: d - 1)
                if xFlag == 0 && yFlag == 0 && IOp.isGreater(comparison) {
                    // x > y as y < x (and >= as <=): the specialized handlers compare two slots with < and <= only.
                    emit(UInt64(IOp.brIfEq + IOp.mirroredComparison[Int(comparison)]), y, x, 0)
                } else {
                    let (k, value) = yFlag != 0 ? IOp.strict(comparison, y) : (comparison, y)
                    emit(UInt64(IOp.brIfEq + k) | (xFlag | yFlag) >> 1, x, value, 0)
                }
                return code.count - 1
            }
            if op == 0x51 || op == 0x52 {
                let x = code[d + 1], y = code[d + 2]
                let flags = opWord & (IOp.immediate(word: 2) | IOp.immediate(word: 3))
                truncate(at: d - 1)
                emit(UInt64((op == 0x51) == whenTrue ? IOp.brIf64Eq : IOp.brIf64Ne) | flags >> 1, x, y, 0)
                return code.count - 1
            }
            if op == 0x50 && opWord & IOp.immediate(word: 2) == 0 {
                let x = code[d + 1]
                truncate(at: d - 1)
                emit(UInt64(whenTrue ? IOp.brIf64Eq : IOp.brIf64Ne) | IOp.immediate(word: 2), x, 0, 0)
                return code.count - 1
            }
            if op == 0x45 && opWord & IOp.immediate(word: 2) == 0 {
                let x = code[d + 1]
                if let target = foldAddIntoBranch(at: d - 1, result: x, comparison: whenTrue ? 0 : 1, other: (0, IOp.immediate(word: 4))) {
                    return target
                }
                truncate(at: d - 1)
                emit(UInt64(whenTrue ? IOp.brIfNot : IOp.brIf), x, 0)
                return code.count - 1
            }
        }
        materializeUnlessLocal(h)
        if let target = foldAddIntoBranch(at: code.count, result: source(h), comparison: whenTrue ? 1 : 0, other: (0, IOp.immediate(word: 4))) {
            return target
        }
        emit(UInt64(whenTrue ? IOp.brIf : IOp.brIfNot), source(h), 0)
        return code.count - 1
    }

    /// When the instruction just before code index `end` (the end of the
    /// code, or the start of a comparison emitted last) is an `i32.add`
    /// writing slot `result`, with no branch target since, replaces the
    /// code from that add on with one `IOp.addBranch`: the add, then a
    /// branch taken when comparison `comparison` (i32.eq ... i32.ge_u
    /// order) of the sum with `other` (word 4 and its immediate flag)
    /// holds. Returns the index of its target word.
    private mutating func foldAddIntoBranch(at end: Int, result: UInt64, comparison: UInt16,
                                            other: (word: UInt64, flag: UInt64)) -> Int? {
        let start = end == code.count ? lastStart : (end == lastStart ? priorStart : nil)
        guard let start, start >= joinPoint, end - start == 4, UInt16(truncatingIfNeeded: code[start]) == 0x6A,
              code[start + 1] == result else { return nil }
        let add = (word: code[start], x: code[start + 2], y: code[start + 3])
        truncate(at: start)
        let flags = add.word & (IOp.immediate(word: 2) | IOp.immediate(word: 3)) | other.flag
        let (k, value) = other.flag != 0 ? IOp.strict(comparison, other.word) : (comparison, other.word)
        emit(UInt64(IOp.addBranch + k) | flags, result, add.x, add.y, value, 0)
        return code.count - 1
    }

    mutating func branchOnNull(depth: Int, onNull: Bool, height: Int) {
        track(height: height)
        materializeUnlessLocal(height - 1)
        lastDestination = nil
        let ref = source(height - 1)
        // Values the branch carries end below the reference (br_on_null) or with it.
        let valuesTop = onNull ? height - 1 : height
        let takenOp = onNull ? IOp.brIfNull : IOp.brIfNonNull
        let skipOp = onNull ? IOp.brIfNonNull : IOp.brIfNull
        if needsMoves(depth: depth, height: valuesTop) {
            emit(UInt64(skipOp), ref, 0)
            let skip = code.count - 1
            emitJump(depth: depth, height: valuesTop)
            setTarget(skip, code.count)
            markJoin()
        } else {
            emit(UInt64(takenOp), ref, 0)
            setTarget(code.count - 1, label: labels.count - 1 - depth)
        }
    }

    mutating func branchTable(depths: [Int], defaultDepth: Int, height: Int) {
        let valuesTop = height - 1
        track(height: height)
        materializeUnlessLocal(height - 1)
        emit(UInt64(IOp.brTable), source(height - 1), UInt64(depths.count))
        let tableStart = code.count
        let all = depths + [defaultDepth]
        code.append(contentsOf: repeatElement(0, count: all.count))
        var stubs: [Int: Int] = [:]
        for (k, depth) in all.enumerated() {
            if needsMoves(depth: depth, height: valuesTop) {
                if let stub = stubs[depth] {
                    setTarget(tableStart + k, stub)
                } else {
                    stubs[depth] = code.count
                    setTarget(tableStart + k, code.count)
                    emitJump(depth: depth, height: valuesTop)
                }
            } else {
                setTarget(tableStart + k, label: labels.count - 1 - depth)
            }
        }
        markJoin()
    }

    mutating func returnFromFunction(height: Int) {
        track(height: height)
        emitReturn(height: height)
    }
}
