/// Translates a validated function body into the interpreter's internal
/// code: every operand is a frame slot (locals first, then the operand
/// stack, whose height is static), branch targets are resolved code
/// positions, and block results are moved into place at branches.
///
/// `local.get` emits nothing: numeric instructions, loads, stores and
/// conditional branches read the local's slot directly, and a `local.set`
/// right after an instruction that wrote a fresh value retargets that
/// instruction to write the local. Pending `local.get`s are copied to their
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
    /// (code position, module byte offset) of each instruction, for trap frames.
    var offsets: [(pc: Int32, offset: Int32)] = []
    private var currentOffset = 0
    /// Per operand height: the local whose slot holds the value (a pending
    /// `local.get`), or nil when the value is in its own slot.
    private var sources: [Int?] = []
    /// Code index of the destination word of the last instruction emitted,
    /// while no other code or branch target follows it.
    private var lastDestination: Int?

    /// Whether to emit `IOp.fuel` at function entry and loop headers.
    let meterFuel: Bool

    init(locals: [ValueType], resultCount: Int, meterFuel: Bool = false) {
        self.locals = locals
        self.resultCount = resultCount
        self.meterFuel = meterFuel
        code.reserveCapacity(64)
        if meterFuel { emit(UInt64(IOp.fuel)) }
    }

    /// Byte offset of the slot at operand height `h`.
    @inline(__always) func slot(_ h: Int) -> UInt64 { UInt64((locals.count + h) * Slot.size) }

    mutating func at(offset: Int) { currentOffset = offset }

    private mutating func emit(_ words: UInt64...) {
        if offsets.last?.pc != Int32(code.count) {
            offsets.append((Int32(code.count), Int32(truncatingIfNeeded: currentOffset)))
        }
        code.append(contentsOf: words)
        lastDestination = nil
    }

    /// Emits an instruction whose word 1 is a destination a `local.set` may retarget.
    private mutating func emitProducing(_ words: UInt64...) {
        if offsets.last?.pc != Int32(code.count) {
            offsets.append((Int32(code.count), Int32(truncatingIfNeeded: currentOffset)))
        }
        lastDestination = code.count + 1
        code.append(contentsOf: words)
    }

    private mutating func copy(to dst: UInt64, from src: UInt64) {
        if dst != src { emit(UInt64(IOp.copy128), dst, src) }
    }

    // MARK: Operand sources

    @inline(__always) func localSlot(_ local: Int) -> UInt64 { UInt64(local * Slot.size) }

    /// The slot operand height `h` is read from.
    func source(_ h: Int) -> UInt64 {
        if let local = sources[h] { return localSlot(local) }
        return slot(h)
    }

    /// Makes `sources` describe a stack of `height` values (new ones in their own slots).
    private mutating func track(height: Int) {
        if sources.count > height { sources.removeLast(sources.count - height) }
        while sources.count < height { sources.append(nil) }
    }

    /// Copies a pending `local.get` at height `h` into its own slot.
    private mutating func materialize(_ h: Int) {
        guard let local = sources[h] else { return }
        emit(UInt64(locals[local] == .v128 ? IOp.copy128 : IOp.copy64), slot(h), localSlot(local))
        sources[h] = nil
    }

    private mutating func materialize(_ heights: Range<Int>) {
        for h in heights { materialize(h) }
    }

    // MARK: Instructions

    mutating func instruction(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int, pushes: Int) {
        let base = height - pops
        let dst = slot(base)
        track(height: height)
        switch op {
        case 0x20:
            sources.append(Int(a))
            return
        case 0x21, 0x22:
            setLocal(Int(a), tee: op == 0x22)
            return
        case 0x45...0xC4, 0x100...0x107:
            emitProducing(UInt64(op), dst, source(base), source(height - 1))
        case 0x28...0x35:
            emitProducing(UInt64(op), dst, source(base), b, a)
        case 0x36...0x3E:
            emit(UInt64(op), source(base + 1), source(base), b, a)
        case 0x23:
            emitProducing(UInt64(IOp.globalGet), dst, a)
        case 0x24:
            emit(UInt64(IOp.globalSet), source(base), a)
        default:
            materialize(base..<height)
            emitGeneric(op, a, b, height: height, pops: pops)
        }
        track(height: base)
        for _ in 0..<pushes { sources.append(nil) }
    }

    /// `local.set`/`local.tee` of the top value.
    private mutating func setLocal(_ local: Int, tee: Bool) {
        let top = sources.count - 1
        let target = localSlot(local)
        if sources[top] != local {
            if sources[..<top].contains(local) {
                for h in 0..<top where sources[h] == local { materialize(h) }
            }
            if sources[top] == nil, let d = lastDestination, code[d] == slot(top) {
                code[d] = target
                lastDestination = nil
            } else {
                emit(UInt64(locals[local] == .v128 ? IOp.copy128 : IOp.copy64), target, source(top))
            }
        }
        if tee { sources[top] = local } else { sources.removeLast() }
    }

    /// Instructions whose operands are in their own slots.
    private mutating func emitGeneric(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int) {
        let base = height - pops
        let dst = slot(base)
        switch op {
        case 0x00: emit(UInt64(IOp.unreachable))
        case 0x1A: break
        case ExtraOpcodes.select: emit(UInt64(IOp.select128), dst, slot(base), slot(base + 1), slot(base + 2))
        case 0x24: emit(UInt64(IOp.globalSet), dst, a)
        case 0x25: emit(UInt64(IOp.tableGet), dst, a)
        case 0x26: emit(UInt64(IOp.tableSet), dst, a)
        case 0x3F: emit(UInt64(IOp.memorySize), dst, a)
        case 0x40: emit(UInt64(IOp.memoryGrow), dst, a)
        case 0x10: emit(UInt64(IOp.call), a, dst)
        case 0x11: emit(UInt64(IOp.callIndirect), a, b, dst, slot(height - 1))
        case 0x12: emit(UInt64(IOp.returnCall), a, dst)
        case 0x13: emit(UInt64(IOp.returnCallIndirect), a, b, dst, slot(height - 1))
        case 0xD1: emit(UInt64(IOp.refIsNull), dst, dst)
        case 0x14: emit(UInt64(IOp.callRef), a, dst, slot(height - 1))
        case 0x15: emit(UInt64(IOp.returnCallRef), a, dst, slot(height - 1))
        case 0xD4: emit(UInt64(IOp.refAsNonNull), dst)
        case 0xD2: emit(UInt64(IOp.refFunc), dst, a)
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
            } else if op == 0x20D {
                emit(UInt64(op), dst, a, b)
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
        } else {
            emitProducing(UInt64(IOp.const64), slot(height), bits.lo)
        }
        sources.append(nil)
    }

    // MARK: Control

    mutating func beginBlock(_ kind: BlockKind, type: FuncType, height: Int, reachable: Bool) {
        let params = type.params.count, results = type.results.count
        if reachable {
            // Every value in its own slot, so that all paths to a join agree.
            track(height: height + params + (kind == .if ? 1 : 0))
            materialize(0..<sources.count)
        }
        lastDestination = nil
        var label = Label(kind: kind, height: height, params: params, results: results, start: code.count)
        if kind == .if && reachable {
            emit(UInt64(IOp.brIfNot), slot(height + params), 0)
            label.elseFixup = code.count - 1
        }
        if kind == .loop && meterFuel { emit(UInt64(IOp.fuel)) }
        labels.append(label)
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
            code[f] = UInt64(code.count)
            labels[i].elseFixup = nil
        }
        lastDestination = nil
        track(height: labels[i].height)
        track(height: labels[i].height + labels[i].params)
    }

    mutating func endBlock(reachable: Bool) {
        let label = labels.removeLast()
        if reachable {
            track(height: label.height + label.results)
            materialize(label.height..<sources.count)
        }
        lastDestination = nil
        if let f = label.elseFixup { code[f] = UInt64(code.count) }
        for f in label.fixups { code[f] = UInt64(code.count) }
        if labels.isEmpty {
            // End of the function: results are at operand heights 0..<n.
            if reachable || !label.fixups.isEmpty { emitReturn(height: resultCount) }
        }
        track(height: label.height)
        track(height: label.height + label.results)
    }

    /// Moves the top `resultCount` values to slots 0..<n and returns.
    private mutating func emitReturn(height: Int) {
        // A result read from a local that an earlier result overwrites is copied out first.
        for h in (height - resultCount)..<height where (sources[h] ?? Int.max) < resultCount { materialize(h) }
        for i in 0..<resultCount {
            copy(to: UInt64(i * Slot.size), from: source(height - resultCount + i))
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
        for i in 0..<n { copy(to: slot(label.height + i), from: source(height - n + i)) }
        if label.kind == .loop {
            emit(UInt64(IOp.br), UInt64(label.start))
        } else {
            emit(UInt64(IOp.br), 0)
            labels[index].fixups.append(code.count - 1)
        }
    }

    /// Whether a branch needs more than a jump (moves, or it is a return).
    private func needsMoves(depth: Int, height: Int) -> Bool {
        let index = labels.count - 1 - depth
        if index == 0 { return true }
        let label = labels[index]
        guard label.arity > 0 else { return false }
        return label.height != height - label.arity || sources[(height - label.arity)..<height].contains { $0 != nil }
    }

    mutating func branch(depth: Int, conditional: Bool, height: Int) {
        track(height: height)
        lastDestination = nil
        guard conditional else {
            emitJump(depth: depth, height: height)
            return
        }
        let cond = source(height - 1)
        let valuesTop = height - 1
        if needsMoves(depth: depth, height: valuesTop) {
            emit(UInt64(IOp.brIfNot), cond, 0)
            let skip = code.count - 1
            emitJump(depth: depth, height: valuesTop)
            code[skip] = UInt64(code.count)
        } else {
            let index = labels.count - 1 - depth
            if labels[index].kind == .loop {
                emit(UInt64(IOp.brIf), cond, UInt64(labels[index].start))
            } else {
                emit(UInt64(IOp.brIf), cond, 0)
                labels[index].fixups.append(code.count - 1)
            }
        }
    }

    mutating func branchOnNull(depth: Int, onNull: Bool, height: Int) {
        track(height: height)
        lastDestination = nil
        let ref = source(height - 1)
        // Values the branch carries end below the reference (br_on_null) or with it.
        let valuesTop = onNull ? height - 1 : height
        let takenOp = onNull ? IOp.brIfNull : IOp.brIfNonNull
        let skipOp = onNull ? IOp.brIfNonNull : IOp.brIfNull
        let index = labels.count - 1 - depth
        if needsMoves(depth: depth, height: valuesTop) {
            emit(UInt64(skipOp), ref, 0)
            let skip = code.count - 1
            emitJump(depth: depth, height: valuesTop)
            code[skip] = UInt64(code.count)
        } else if labels[index].kind == .loop {
            emit(UInt64(takenOp), ref, UInt64(labels[index].start))
        } else {
            emit(UInt64(takenOp), ref, 0)
            labels[index].fixups.append(code.count - 1)
        }
    }

    mutating func branchTable(depths: [Int], defaultDepth: Int, height: Int) {
        let valuesTop = height - 1
        track(height: height)
        emit(UInt64(IOp.brTable), source(height - 1), UInt64(depths.count))
        let tableStart = code.count
        let all = depths + [defaultDepth]
        code.append(contentsOf: repeatElement(0, count: all.count))
        var stubs: [Int: Int] = [:]
        for (k, depth) in all.enumerated() {
            let index = labels.count - 1 - depth
            if needsMoves(depth: depth, height: valuesTop) {
                if let stub = stubs[depth] {
                    code[tableStart + k] = UInt64(stub)
                } else {
                    stubs[depth] = code.count
                    code[tableStart + k] = UInt64(code.count)
                    emitJump(depth: depth, height: valuesTop)
                }
            } else if labels[index].kind == .loop {
                code[tableStart + k] = UInt64(labels[index].start)
            } else {
                labels[index].fixups.append(tableStart + k)
            }
        }
    }

    mutating func returnFromFunction(height: Int) {
        track(height: height)
        emitReturn(height: height)
    }
}
