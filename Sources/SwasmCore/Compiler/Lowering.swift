/// Where a value of the operand stack lives while a function is compiled.
enum ValueLoc: Equatable {
    /// A register of the value's class (general purpose or float/vector).
    case reg(UInt8)
    /// A 16-byte frame slot: locals are slots `0..<locals`, operand height
    /// `h` has its canonical slot `locals + h`. A slot below `locals` on the
    /// stack is a not-yet-copied `local.get`.
    case slot(Int)
    /// A constant (i32/i64/f32/f64 bits, or a null reference).
    case imm(UInt64)
    /// An i32 boolean still in the condition flags (ISA condition code).
    case cond(UInt8)
}

/// One operand-stack entry.
struct StackValue {
    var type: ValueType
    var loc: ValueLoc
}

/// A structured-control label while compiling.
struct CompileLabel {
    var kind: BlockKind
    /// Operand height below the block's params.
    var height: Int
    var type: FuncType
    /// Branch target: the loop start, or the end of a block/if.
    var target: Int
    /// False-branch entry of an `if` until its `else`.
    var elseLabel: Int?
    var params: Int { type.params.count }
    var results: Int { type.results.count }
    var arity: Int { kind == .loop ? params : results }
}

/// Whether values of a type live in float/vector registers.
@inline(__always) func isFloatClass(_ t: ValueType) -> Bool {
    switch t {
    case .f32, .f64, .v128: return true
    default: return false
    }
}

/// The ISA-independent half of the compiler: a single pass over the
/// validated instruction stream that tracks where each operand-stack value
/// lives (register, frame slot, constant, flags), allocates registers and
/// spills under pressure, and lays out control flow. Everything the ISA
/// decides (instruction selection and encoding) goes through `ISA`.
///
/// Frame and calling convention, shared by all ISAs: every value has a
/// 16-byte slot; a call passes a pointer to the argument slots (which are
/// the caller's canonical operand slots) and a pointer where the callee
/// writes its results (the same slots). At every control-flow join all
/// operand values live in their canonical slots, so merges need no
/// reconciliation. The busiest numeric locals of each register class live in
/// registers of their own for the whole function (`localHomes`): callee-saved
/// ones are preserved by every callee, the others are written to their slots
/// around calls (`ISA.saveLocals` / `ISA.reloadLocals`).
struct Lowering<ISA: TargetISA>: CodeSink {
    let module: Module
    let functionIndex: Int
    let type: FuncType
    let locals: [ValueType]
    /// Where each local lives for the whole function: `.reg` or its own `.slot`.
    let localHomes: [ValueLoc]
    /// Registers that may hold operand values (the allocatable ones not holding locals), per class.
    let operandGPRs: [UInt8]
    let operandFPRs: [UInt8]
    /// The local registers, per class, as (register, local index).
    let registerLocals: [(reg: UInt8, local: Int)]
    let options: CompileOptions
    var asm: ISA.Assembler
    var stack: [StackValue] = []
    /// No stack entry below this height is a value in the flags (`.cond`),
    /// so `materializeConditions` need not look there (a scan of the whole
    /// stack at every instruction made compiling quadratic in its height).
    var lowestCondition = Int.max
    /// Every stack entry below this height is in its canonical slot, so
    /// `flushAll` need not look there.
    var lowestUnflushed = Int.max
    /// Per local: no stack entry below this height reads it (a pending
    /// `local.get`, the only way a local's home gets onto the stack).
    var lowestRead: [Int] = []
    var labels: [CompileLabel] = []
    /// Registers holding a stack value, per class.
    var usedGPR: UInt32 = 0
    var usedFPR: UInt32 = 0
    /// (machine code position, module byte offset) for trap frames.
    var offsets: [(pc: Int32, offset: Int32)] = []
    var currentOffset = 0
    /// Direct calls to patch once every function has an address: (rel32 position, callee).
    var callFixups: [(at: Int, callee: Int)] = []
    /// Out-of-line trap sites: (label, trap code, module offset).
    var trapSites: [(label: Int, code: UInt32, offset: Int)] = []
    /// Highest slot index used, for the frame size.
    var maxSlot = 0
    /// Whether the function tail-calls through a function reference (which
    /// may return to its caller with another instance's pinned registers).
    var tailCallsThroughReference = false
    /// Bit k set: register local k (of `registerLocals`) equals its slot on
    /// every path to here, so saving it before a call can be skipped.
    var syncedLocals: UInt64 = 0
    /// ISA-specific per-function state (e.g. patch positions).
    var isaState = ISA.FunctionState()
    /// The `try_table`s and exception targets (Lowering+Exceptions).
    var exceptionState = ExceptionLoweringState()

    /// `locals` are `module.locals(of: functionIndex)`; `localWeights` (from
    /// `LocalUsage`) ranks the locals competing for registers; without it
    /// the first locals of each class get them.
    init(module: Module, functionIndex: Int, locals: [ValueType], options: CompileOptions, localWeights: [Int]? = nil) {
        self.module = module
        self.functionIndex = functionIndex
        self.options = options
        type = module.functionType(functionIndex)
        self.locals = locals
        let (homes, registerLocals) = Self.localRegisters(locals, weights: localWeights)
        localHomes = homes
        lowestRead = Array(repeating: .max, count: locals.count)
        self.registerLocals = registerLocals
        let takenGPRs = registerLocals.filter { !isFloatClass(locals[$0.local]) }.map(\.reg)
        let takenFPRs = registerLocals.filter { isFloatClass(locals[$0.local]) }.map(\.reg)
        operandGPRs = ISA.allocatableGPRs.filter { !takenGPRs.contains($0) && !ISA.calleeSavedGPRs.contains($0) }
        operandFPRs = ISA.allocatableFPRs.filter { !takenFPRs.contains($0) }
        maxSlot = locals.count + type.results.count
        asm = ISA.Assembler()
        // The prologue's traps (stack exhaustion) are located at the first instruction.
        currentOffset = module.bodies[functionIndex - module.importedFunctionCount].code.lowerBound
        ISA.prologue(&self)
    }

    /// Whether a local of this type may live in a register (numeric values only).
    static func canLiveInRegister(_ t: ValueType) -> Bool {
        switch t {
        case .i32, .i64, .f32, .f64, .v128: return true
        default: return false
        }
    }

    /// Whether a function has more locals of a class than the ISA has local registers.
    static func hasMoreLocalsThanRegisters(_ locals: [ValueType]) -> Bool {
        let candidates = locals.filter(canLiveInRegister)
        let floats = candidates.filter(isFloatClass).count
        return candidates.count - floats > ISA.localGPRs.count || floats > ISA.localFPRs.count
    }

    /// The home of each local and the register locals: per class, the
    /// heaviest locals (by `weights`, unused ones never) or else the first
    /// ones get the ISA's local registers in its order of preference.
    static func localRegisters(_ locals: [ValueType], weights: [Int]?) -> ([ValueLoc], [(reg: UInt8, local: Int)]) {
        var homes = locals.indices.map { ValueLoc.slot($0) }
        var registerLocals: [(reg: UInt8, local: Int)] = []
        for float in [false, true] {
            var candidates = locals.indices.filter { canLiveInRegister(locals[$0]) && isFloatClass(locals[$0]) == float }
            if let weights {
                candidates = candidates.filter { weights[$0] > 0 }.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
            }
            for (r, i) in zip(float ? ISA.localFPRs : ISA.localGPRs, candidates) {
                homes[i] = .reg(r)
                registerLocals.append((r, i))
            }
        }
        return (homes, registerLocals)
    }

    // MARK: Slots and registers

    /// Canonical slot of operand height `h`.
    @inline(__always) func slot(height h: Int) -> Int { locals.count + h }

    mutating func useSlot(_ s: Int) { if s + 1 > maxSlot { maxSlot = s + 1 } }

    /// Whether `r` holds operand values (as opposed to a local, which entries only borrow).
    func isOperandRegister(_ r: UInt8, float: Bool) -> Bool { (float ? operandFPRs : operandGPRs).contains(r) }

    func isUsed(_ r: UInt8, float: Bool) -> Bool { (float ? usedFPR : usedGPR) & (1 << UInt32(r)) != 0 }

    mutating func markUsed(_ r: UInt8, float: Bool) {
        if float { usedFPR |= 1 << UInt32(r) } else { usedGPR |= 1 << UInt32(r) }
    }

    mutating func release(_ loc: ValueLoc, float: Bool) {
        if case .reg(let r) = loc {
            if float { usedFPR &= ~(1 << UInt32(r)) } else { usedGPR &= ~(1 << UInt32(r)) }
        }
    }

    /// A free register of the class, spilling the deepest register-held value when none is free.
    mutating func allocate(float: Bool) -> UInt8 {
        for r in float ? operandFPRs : operandGPRs where !isUsed(r, float: float) {
            markUsed(r, float: float)
            return r
        }
        for i in stack.indices {
            if case .reg(let r) = stack[i].loc, isFloatClass(stack[i].type) == float, isOperandRegister(r, float: float) {
                spill(i)
                markUsed(r, float: float)
                return r
            }
        }
        preconditionFailure("compiler: no register to spill")
    }

    /// Moves entry `i` to its canonical slot.
    mutating func spill(_ i: Int) {
        let v = stack[i]
        let target = slot(height: i)
        if case .slot(let s) = v.loc, s == target { return }
        useSlot(target)
        ISA.move(&self, v.type, from: v.loc, to: .slot(target))
        release(v.loc, float: isFloatClass(v.type))
        stack[i].loc = .slot(target)
    }

    /// Puts every operand in its canonical slot (before calls and control flow).
    mutating func flushAll() {
        if lowestUnflushed < stack.count {
            for i in lowestUnflushed..<stack.count { spill(i) }
        }
        lowestUnflushed = .max
    }

    /// Copies pending `local.get`s of `local` before the local changes.
    mutating func detachLocal(_ local: Int) {
        let from = lowestRead[local]
        lowestRead[local] = .max
        guard from < stack.count else { return }
        for i in from..<stack.count where stack[i].loc == localHomes[local] { intoRegister(i) }
    }

    /// Turns a value still in the flags into a register (before anything can clobber the flags).
    mutating func materializeConditions(keepTop: Bool = false) {
        guard lowestCondition < stack.count else {
            lowestCondition = .max
            return
        }
        for i in lowestCondition..<stack.count where !(keepTop && i == stack.count - 1) {
            if case .cond(let c) = stack[i].loc {
                let r = allocate(float: false)
                ISA.conditionToRegister(&self, c, r)
                stack[i].loc = .reg(r)
                lowestUnflushed = min(lowestUnflushed, i)
            }
        }
        lowestCondition = .max
        if keepTop, case .cond = stack[stack.count - 1].loc { lowestCondition = stack.count - 1 }
    }

    /// Ensures entry `i` is in a register this entry owns (one it may
    /// overwrite: not a local's), and returns it.
    @discardableResult
    mutating func intoRegister(_ i: Int) -> UInt8 {
        let v = stack[i]
        let float = isFloatClass(v.type)
        if case .reg(let r) = v.loc, isOperandRegister(r, float: float) { return r }
        let r = allocate(float: float)
        if case .cond(let c) = v.loc {
            ISA.conditionToRegister(&self, c, r)
        } else {
            ISA.move(&self, v.type, from: v.loc, to: .reg(r))
        }
        stack[i].loc = .reg(r)
        lowestUnflushed = min(lowestUnflushed, i)
        return r
    }

    /// A register holding entry `i` for reading only (it may be a local's).
    mutating func readRegister(_ i: Int) -> UInt8 {
        if case .reg(let r) = stack[i].loc { return r }
        return intoRegister(i)
    }

    mutating func push(_ type: ValueType, _ loc: ValueLoc) {
        if case .cond = loc { lowestCondition = min(lowestCondition, stack.count) }
        if loc != .slot(slot(height: stack.count)) { lowestUnflushed = min(lowestUnflushed, stack.count) }
        stack.append(StackValue(type: type, loc: loc))
    }

    /// Pops the top entry and frees its register (the caller may still read it
    /// until it allocates again).
    @discardableResult
    mutating func pop() -> StackValue {
        let v = stack.removeLast()
        release(v.loc, float: isFloatClass(v.type))
        return v
    }

    /// Pops the top entry, first putting it into a register; the register stays reserved.
    mutating func popToRegister() -> (UInt8, ValueType) {
        let r = intoRegister(stack.count - 1)
        let v = stack.removeLast()
        return (r, v.type)
    }

    /// Places a join point: other paths arrive here, so no local register is known to equal its slot.
    mutating func bind(_ label: Int) {
        syncedLocals = 0
        ISA.bind(&self, label)
    }

    /// A new label of the ISA's assembler.
    mutating func newLabel() -> Int { ISA.newLabel(&self) }

    /// A label that raises `code` when jumped to (code placed after the function).
    mutating func trapLabel(_ code: UInt32) -> Int {
        // Sites of the current instruction are the last ones: reuse one with the same code.
        for site in trapSites.reversed() {
            if site.offset != currentOffset { break }
            if site.code == code { return site.label }
        }
        let l = newLabel()
        trapSites.append((l, code, currentOffset))
        return l
    }

    /// Maps the current code position to module offset `offset` (default: the current instruction's).
    mutating func recordOffset(_ offset: Int? = nil) {
        let pc = Int32(ISA.position(&self))
        let value = Int32(truncatingIfNeeded: offset ?? currentOffset)
        if offsets.last?.pc == pc {
            offsets[offsets.count - 1].offset = value
        } else {
            offsets.append((pc, value))
        }
    }

    // MARK: CodeSink

    mutating func at(offset: Int) {
        currentOffset = offset
        recordOffset()
    }

    mutating func instruction(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int, pushes: Int) throws(WasmError) {
        switch op {
        case 0x00:
            ISA.trap(&self, TrapCode.unreachable)
            return
        case 0x1A:
            pop()
            return
        case 0x20:
            lowestRead[Int(a)] = min(lowestRead[Int(a)], stack.count)
            push(locals[Int(a)], localHomes[Int(a)])
            return
        case 0x21, 0x22:
            let local = Int(a)
            detachLocal(local)
            materializeConditions()
            let v = stack[stack.count - 1]
            ISA.move(&self, v.type, from: v.loc, to: localHomes[local])
            if let k = registerLocals.firstIndex(where: { $0.local == local }) { syncedLocals &= ~(1 << UInt64(k)) }
            if op == 0x21 { pop() }
            return
        default:
            break
        }
        // select and eqz consume a condition still in the flags; anything else needs it in a register.
        let consumesFlags = op == ExtraOpcodes.select || op == 0x45 || op == 0x50
        materializeConditions(keepTop: consumesFlags)
        if try ISA.lower(&self, op, a, b, pops: pops, pushes: pushes) { return }
        if op >= GCOpcodes.base && op <= GCOpcodes.last {
            lowerGC(op, a, b, pops: pops, pushes: pushes)
            return
        }
        try lowerThroughSlots(op, a, b, pops: pops, pushes: pushes)
    }

    /// The generic path: operands in their canonical slots, then one runtime
    /// call that executes the instruction on those slots (the ISA did not
    /// lower it inline). Used for rare instructions and as the SIMD fallback.
    mutating func lowerThroughSlots(_ op: UInt16, _ a: UInt64, _ b: UInt64, pops: Int, pushes: Int) throws(WasmError) {
        guard let resultType = resultType(op, a, b) ?? (pushes == 0 ? ValueType.i32 : nil) else {
            throw WasmError(.other, "compiler: no lowering for opcode 0x\(String(op, radix: 16))")
        }
        flushAll()
        let base = stack.count - pops
        useSlot(slot(height: base) + max(pops, pushes, 1))
        ISA.callSlotHelper(&self, op, a, b, slot: slot(height: base))
        for _ in 0..<pops { pop() }
        if pushes == 1 { push(resultType, .slot(slot(height: base))) }
    }

    /// Result type of an instruction that pushes one value, from the opcode tables.
    func resultType(_ op: UInt16, _ a: UInt64, _ b: UInt64) -> ValueType? {
        if let s = Opcodes.simple[Int(op)] { return s.result }
        if let m = Opcodes.memoryAccess[op], !m.isStore { return m.type }
        if let lane = Opcodes.laneOps[op] { return lane.replace ? .v128 : lane.scalar }
        if let lm = Opcodes.laneMemoryOps[op], !lm.isStore { return .v128 }
        if let atomic = AtomicOpcodes.info(op) { return atomic.kind == .wait ? .i32 : atomic.type }
        switch op {
        case 0x20D: return .v128
        case 0x3F, 0x40: return module.memories[Int(a)].limits.is64 ? .i64 : .i32
        case ExtraOpcodes.tableSize, ExtraOpcodes.tableGrow: return module.tables[Int(a)].limits.is64 ? .i64 : .i32
        case 0x25: return .ref(module.tables[Int(a)].elementType)
        default: return nil
        }
    }

    mutating func constant(_ type: ValueType, _ bits: V128, height: Int) throws(WasmError) {
        materializeConditions()
        if type == .v128 {
            let r = allocate(float: true)
            ISA.loadVectorConstant(&self, bits, r)
            push(.v128, .reg(r))
        } else {
            push(type, .imm(bits.lo))
        }
    }

    // MARK: Control

    mutating func beginBlock(_ kind: BlockKind, type: FuncType, height: Int, reachable: Bool) throws(WasmError) {
        var label = CompileLabel(kind: kind, height: height, type: type, target: newLabel())
        guard reachable && !labels.isEmpty else {
            labels.append(label)
            return
        }
        if kind == .if {
            let condition = stack[stack.count - 1]
            stack.removeLast()
            flushAll()
            let elseLabel = newLabel()
            ISA.branchIfFalse(&self, condition, to: elseLabel)
            release(condition.loc, float: false)
            label.elseLabel = elseLabel
        } else {
            flushAll()
        }
        if kind == .loop {
            bind(label.target)
            if options.meterFuel { ISA.consumeFuel(&self) }
        }
        labels.append(label)
    }

    mutating func elseBlock(reachable: Bool) throws(WasmError) {
        let i = labels.count - 1
        if reachable {
            moveResults(to: labels[i], count: labels[i].results)
            ISA.jump(&self, labels[i].target)
        }
        if let e = labels[i].elseLabel {
            bind(e)
            labels[i].elseLabel = nil
        }
        resetStack(to: labels[i], values: labels[i].type.params)
    }

    mutating func endBlock(reachable: Bool) throws(WasmError) {
        closeTryTable()
        let label = labels.removeLast()
        if labels.isEmpty {
            // Branches to the function's label return directly (see `jump`).
            if reachable { emitReturn() }
            emitExceptionHandlers()
            ISA.finish(&self)
            return
        }
        if reachable { moveResults(to: label, count: label.results) }
        if let e = label.elseLabel { bind(e) }
        if label.kind != .loop { bind(label.target) }
        resetStack(to: label, values: label.type.results)
    }

    /// After a label's join point: values below it as they were, its values in their slots.
    mutating func resetStack(to label: CompileLabel, values types: [ValueType]) {
        while stack.count > label.height { pop() }
        while stack.count < label.height { push(.i32, .slot(slot(height: stack.count))) }
        for t in types { push(t, .slot(slot(height: stack.count))) }
    }

    /// Moves the top `count` values (default: what a branch to the label
    /// carries) into the label's slots; a fallthrough carries the results.
    mutating func moveResults(to label: CompileLabel, count: Int? = nil) {
        let n = count ?? label.arity
        let first = stack.count - n
        for k in 0..<n {
            let v = stack[first + k]
            let target = slot(height: label.height + k)
            useSlot(target)
            if v.loc != .slot(target) {
                if case .cond(let c) = v.loc {
                    let r = allocate(float: false)
                    ISA.conditionToRegister(&self, c, r)
                    ISA.move(&self, .i32, from: .reg(r), to: .slot(target))
                    release(.reg(r), float: false)
                } else {
                    ISA.move(&self, v.type, from: v.loc, to: .slot(target))
                }
            }
        }
    }

    /// Unconditional jump to label `depth` with its values.
    mutating func jump(depth: Int) {
        let index = labels.count - 1 - depth
        if index == 0 {
            emitReturn()
            return
        }
        flushAll()
        moveResults(to: labels[index])
        ISA.jump(&self, labels[index].target)
    }

    /// Whether a branch to `depth` needs moves (or is a return).
    func needsMoves(depth: Int) -> Bool {
        let index = labels.count - 1 - depth
        if index == 0 { return true }
        let label = labels[index]
        let n = label.arity
        guard n > 0 else { return false }
        for k in 0..<n where stack[stack.count - n + k].loc != .slot(slot(height: label.height + k)) { return true }
        return false
    }

    mutating func branch(depth: Int, conditional: Bool, height: Int) throws(WasmError) {
        guard conditional else {
            jump(depth: depth)
            return
        }
        let condition = stack.removeLast()
        flushAll()
        if needsMoves(depth: depth) {
            let skip = newLabel()
            ISA.branchIfFalse(&self, condition, to: skip)
            release(condition.loc, float: false)
            jump(depth: depth)
            bind(skip)
        } else {
            ISA.branchIfTrue(&self, condition, to: labels[labels.count - 1 - depth].target)
            release(condition.loc, float: false)
        }
    }

    mutating func branchOnNull(depth: Int, onNull: Bool, height: Int) throws(WasmError) {
        flushAll()
        let ref = stack[stack.count - 1]
        let r = allocate(float: false)
        ISA.move(&self, ref.type, from: ref.loc, to: .reg(r))
        release(.reg(r), float: false)
        let skip = newLabel()
        // Skip the branch when the reference is non-null (br_on_null) or null (br_on_non_null).
        ISA.branchIfZero(&self, r, is64: true, isZero: !onNull, to: skip)
        if onNull {
            // The branch drops the null reference.
            stack.removeLast()
            jump(depth: depth)
            push(ref.type, ref.loc)
        } else {
            jump(depth: depth)
        }
        bind(skip)
        if !onNull { pop() }
    }

    mutating func branchTable(depths: [Int], defaultDepth: Int, height: Int) throws(WasmError) {
        let (index, _) = popToRegister()
        flushAll()
        let all = depths + [defaultDepth]
        var stubs: [Int: Int] = [:]
        var targets: [Int] = []
        for depth in all {
            if let s = stubs[depth] { targets.append(s); continue }
            let l = newLabel()
            stubs[depth] = l
            targets.append(l)
        }
        ISA.branchTable(&self, index: index, targets: targets)
        release(.reg(index), float: false)
        for depth in Set(all).sorted() {
            bind(stubs[depth]!)
            jump(depth: depth)
        }
    }

    mutating func returnFromFunction(height: Int) throws(WasmError) {
        emitReturn()
    }

    /// Writes the top results to the caller's result slots and returns.
    mutating func emitReturn() {
        materializeConditions()
        let n = type.results.count
        let values = Array(stack[(stack.count - n)...])
        ISA.returnValues(&self, values)
    }

}

/// Options that change generated code.
struct CompileOptions {
    /// Emit fuel checks at function entry and loop headers.
    var meterFuel = false
    /// 32-bit memories are reserved with guard regions (no bounds checks).
    var guardedMemory = true
    /// CPU features code may use.
    var features = CPUFeatures.host
    /// Direct calls return with the caller's pinned registers (VM context,
    /// memory base) intact: true unless the module tail-calls through references.
    var directCalleesKeepPinned = false
}

/// What an ISA provides to `Lowering`: instruction selection and encoding.
/// Types with an empty initial value.
protocol EmptyInitializable {
    init()
}

protocol TargetISA {
    associatedtype Assembler: EmptyInitializable
    associatedtype FunctionState: EmptyInitializable
    static var allocatableGPRs: [UInt8] { get }
    static var allocatableFPRs: [UInt8] { get }
    /// Allocatable registers that may hold locals instead, in order of preference.
    static var localGPRs: [UInt8] { get }
    static var localFPRs: [UInt8] { get }
    /// Local registers every callee preserves (only ever used for locals, saved by the prologue).
    static var calleeSavedGPRs: [UInt8] { get }
    static func prologue(_ l: inout Lowering<Self>)
    /// Resolves labels, emits trap stubs, patches the frame size.
    static func finish(_ l: inout Lowering<Self>)
    static func position(_ l: inout Lowering<Self>) -> Int
    static func newLabel(_ l: inout Lowering<Self>) -> Int
    static func bind(_ l: inout Lowering<Self>, _ label: Int)
    /// Moves a value to a register or slot (`to` is `.reg` or `.slot`). Leaves the flags alone.
    static func move(_ l: inout Lowering<Self>, _ type: ValueType, from: ValueLoc, to: ValueLoc)
    static func conditionToRegister(_ l: inout Lowering<Self>, _ cond: UInt8, _ reg: UInt8)
    static func loadVectorConstant(_ l: inout Lowering<Self>, _ bits: V128, _ reg: UInt8)
    static func jump(_ l: inout Lowering<Self>, _ label: Int)
    static func branchIfFalse(_ l: inout Lowering<Self>, _ condition: StackValue, to label: Int)
    static func branchIfTrue(_ l: inout Lowering<Self>, _ condition: StackValue, to label: Int)
    static func branchIfZero(_ l: inout Lowering<Self>, _ reg: UInt8, is64: Bool, isZero: Bool, to label: Int)
    static func branchTable(_ l: inout Lowering<Self>, index: UInt8, targets: [Int])
    static func returnValues(_ l: inout Lowering<Self>, _ values: [StackValue])
    static func trap(_ l: inout Lowering<Self>, _ code: UInt32)
    static func consumeFuel(_ l: inout Lowering<Self>)
    /// Calls the runtime to execute `op` on the slots starting at `slot`.
    static func callSlotHelper(_ l: inout Lowering<Self>, _ op: UInt16, _ a: UInt64, _ b: UInt64, slot: Int)
    /// Jumps to `label` when the pending exception's tag is the instance's tag `tag`.
    static func branchIfPendingTag(_ l: inout Lowering<Self>, tag: Int, to label: Int)
    /// Ends the pending exception's unwinding: its payload (`payload`) and
    /// exnref (`reference`) go to the slots from `slot`; reloads the local registers.
    static func takeException(_ l: inout Lowering<Self>, slot: Int, payload: Bool, reference: Bool)
    /// Returns from the function at once, telling the caller an exception is pending.
    static func propagateException(_ l: inout Lowering<Self>)
    /// Lowers an instruction inline; false when the ISA has no inline form.
    static func lower(_ l: inout Lowering<Self>, _ op: UInt16, _ a: UInt64, _ b: UInt64, pops: Int, pushes: Int) throws(WasmError) -> Bool
}
