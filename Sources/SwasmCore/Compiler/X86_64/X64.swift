/// x86-64 (System V) instruction selection for `Lowering`.
///
/// Register roles: r15 = VM context, r14 = base of memory 0, rbp = frame
/// pointer, rsp = frame base (slot k at [rsp + 16k]); rax, rcx, rdx and
/// xmm0, xmm1 are scratch; the rest hold locals (`localGPRs`/`localFPRs`)
/// or operand-stack values. rbx, r12 and r13 are callee-saved in wasm code
/// as in System V; every other register is caller-saved.
/// The frame: [rbp-8] = results pointer, [rbp-16] = own VM context, below it
/// the callee-saved registers the function's locals use.
enum X64: TargetISA {
    typealias Assembler = X64Assembler

    /// Per-function patch positions.
    struct FunctionState: EmptyInitializable {
        var frameSizeField = 0
        /// The callee-saved registers holding locals, saved by the prologue (set there).
        var calleeSaved: [UInt8] = []
    }

    static let allocatableGPRs: [UInt8] = [3, 6, 7, 8, 9, 10, 11, 12, 13]
    static let allocatableFPRs: [UInt8] = Array(2...15)
    /// rbx, r12, r13 first: callee-saved, so they survive calls without stores.
    /// r10, r11, rsi, rdi stay for operands (calls use r11, rsi and rdi).
    static let localGPRs: [UInt8] = [3, 12, 13, 8, 9]
    static let localFPRs: [UInt8] = Array(8...15)
    static let calleeSavedGPRs: [UInt8] = [3, 12, 13]

    static let vmctx = GPR.r15, mem0 = GPR.r14
    static let resultsPointer = X64Mem(.rbp, -8), savedVMContext = X64Mem(.rbp, -16)

    @inline(__always) static func gpr(_ r: UInt8) -> GPR { GPR(rawValue: r)! }
    @inline(__always) static func slotMem(_ k: Int) -> X64Mem { X64Mem(.rsp, Int32(k * 16)) }
    static func vm(_ offset: Int) -> X64Mem { X64Mem(vmctx, Int32(offset)) }
    static func is64(_ t: ValueType) -> Bool { t != .i32 && t != .f32 }

    // MARK: Frame

    static func prologue(_ l: inout Lowering<X64>) {
        l.asm.push(.rbp)
        l.asm.mov(.rbp, .rsp)
        // sub rsp, imm32 (patched by `finish`)
        l.asm.op([0x81], reg: 5, rm: .reg(GPR.rsp.rawValue), w: true, immBytes: 4)
        l.isaState.frameSizeField = l.asm.position
        l.asm.emit32(0)
        l.asm.store(resultsPointer, .rsi)
        l.asm.store(savedVMContext, vmctx)
        l.asm.load(.rax, vm(VMContext.offsets.storeContext))
        l.asm.alu(.cmp, .rsp, X64Mem(.rax, Int32(VMStoreContext.offsets.stackLimit)), w: true)
        l.asm.jcc(.b, l.trapLabel(TrapCode.stackExhausted))
        l.isaState.calleeSaved = l.registerLocals.filter { isCalleeSaved(l, local: $0.local) }.map(\.reg)
        for (j, r) in l.isaState.calleeSaved.enumerated() { l.asm.store(calleeSaveArea(j), gpr(r)) }
        if !l.module.memories.isEmpty { l.asm.load(mem0, vm(VMContext.offsets.memory0Base)) }
        for (i, t) in l.type.params.enumerated() {
            if case .reg(let r) = l.localHomes[i] {
                load(&l, t, r, X64Mem(.rdi, Int32(i * 16)))
            } else if t == .v128 {
                l.asm.sse(0xF3, 0x6F, 0, .mem(X64Mem(.rdi, Int32(i * 16))))
                l.asm.sse(0xF3, 0x7F, 0, .mem(slotMem(i)))
            } else {
                l.asm.load(.rax, X64Mem(.rdi, Int32(i * 16)))
                l.asm.store(slotMem(i), .rax)
            }
        }
        let declared = l.locals.count - l.type.params.count
        if declared > 0 && declared <= 8 {
            for i in l.type.params.count..<l.locals.count where l.localHomes[i] == .slot(i) {
                l.asm.storeImm(slotMem(i), 0, w: true)
                if l.locals[i] == .v128 { l.asm.storeImm(X64Mem(.rsp, Int32(i * 16 + 8)), 0, w: true) }
            }
        } else if declared > 8 {
            l.asm.lea(.rdi, slotMem(l.type.params.count))
            l.asm.movImm(.rcx, UInt64(declared * 2))
            l.asm.alu(.xor, .rax, .rax, w: false)
            l.asm.emit8(0xF3); l.asm.emit8(0x48); l.asm.emit8(0xAB)  // rep stosq
        }
        for (r, i) in l.registerLocals where i >= l.type.params.count {
            if isFloatClass(l.locals[i]) { l.asm.sse(0x66, 0xEF, r, .reg(r)) } else { l.asm.alu(.xor, gpr(r), gpr(r), w: false) }
        }
        if l.options.meterFuel { consumeFuel(&l) }
    }

    static func finish(_ l: inout Lowering<X64>) {
        for site in l.trapSites {
            l.asm.bind(site.label)
            l.recordOffset(site.offset)
            if site.code == 0 {
                l.asm.mov(.rdi, .rax, w: false)  // code returned by a runtime call
            } else {
                l.asm.movImm(.rdi, UInt64(site.code))
            }
            l.asm.leaLabel(.rsi, site.label)
            l.asm.load(.rax, vm(VMContext.offsets.builtins))
            l.asm.jmpIndirect(.mem(X64Mem(.rax, Int32(Builtins.trapStub * 8))))
        }
        let saveArea = (l.isaState.calleeSaved.count * 8 + 15) & ~15
        let frameSize = l.maxSlot * 16 + 16 + saveArea
        l.asm.patch32(at: l.isaState.frameSizeField, UInt32(frameSize))
        l.asm.resolveFixups()
    }

    /// Where the prologue saves the `j`th callee-saved local register.
    static func calleeSaveArea(_ j: Int) -> X64Mem { X64Mem(.rbp, Int32(-24 - 8 * j)) }

    /// Gives the caller back its callee-saved registers (before `leave`).
    static func restoreCalleeSaved(_ l: inout Lowering<X64>) {
        for (j, r) in l.isaState.calleeSaved.enumerated() { l.asm.load(gpr(r), calleeSaveArea(j)) }
    }

    /// Writes the caller-saved local registers to their slots before a call.
    static func saveLocals(_ l: inout Lowering<X64>) {
        for (k, (r, i)) in l.registerLocals.enumerated() where !isCalleeSaved(l, local: i) && l.syncedLocals & (1 << UInt64(k)) == 0 {
            store(&l, l.locals[i], slotMem(i), r)
        }
    }

    /// Reloads the caller-saved local registers after a call.
    static func reloadLocals(_ l: inout Lowering<X64>) {
        for (r, i) in l.registerLocals where !isCalleeSaved(l, local: i) { load(&l, l.locals[i], r, slotMem(i)) }
        l.syncedLocals = ~0
    }

    static func isCalleeSaved(_ l: Lowering<X64>, local i: Int) -> Bool {
        if case .reg(let r) = l.localHomes[i], !isFloatClass(l.locals[i]) { return calleeSavedGPRs.contains(r) }
        return false
    }

    static func position(_ l: inout Lowering<X64>) -> Int { l.asm.position }
    static func newLabel(_ l: inout Lowering<X64>) -> Int { l.asm.newLabel() }
    static func bind(_ l: inout Lowering<X64>, _ label: Int) { l.asm.bind(label) }

    // MARK: Moves

    /// Loads a value of `type` from memory into register `r` of its class.
    static func load(_ l: inout Lowering<X64>, _ type: ValueType, _ r: UInt8, _ m: X64Mem) {
        switch type {
        case .i32: l.asm.load(gpr(r), m, w: false)
        case .f32: l.asm.sse(0xF3, 0x10, r, .mem(m))
        case .f64: l.asm.sse(0xF2, 0x10, r, .mem(m))
        case .v128: l.asm.sse(0xF3, 0x6F, r, .mem(m))
        default: l.asm.load(gpr(r), m)
        }
    }

    /// Stores register `r` holding a `type` value to memory.
    static func store(_ l: inout Lowering<X64>, _ type: ValueType, _ m: X64Mem, _ r: UInt8) {
        switch type {
        case .i32: l.asm.store(m, gpr(r), w: false)
        case .f32: l.asm.sse(0xF3, 0x11, r, .mem(m))
        case .f64: l.asm.sse(0xF2, 0x11, r, .mem(m))
        case .v128: l.asm.sse(0xF3, 0x7F, r, .mem(m))
        default: l.asm.store(m, gpr(r))
        }
    }

    static func move(_ l: inout Lowering<X64>, _ type: ValueType, from: ValueLoc, to: ValueLoc) {
        let float = isFloatClass(type)
        switch (from, to) {
        case (.reg(let s), .reg(let d)):
            if s == d { return }
            if float { l.asm.sse(nil, 0x28, d, .reg(s)) } else { l.asm.mov(gpr(d), gpr(s)) }
        case (.slot(let k), .reg(let d)):
            load(&l, type, d, slotMem(k))
        case (.imm(let v), .reg(let d)):
            if float {
                l.asm.movImm(.rax, v, keepFlags: true)
                l.asm.movToXMM(d, .reg(GPR.rax.rawValue), w: type == .f64)
            } else {
                l.asm.movImm(gpr(d), v, keepFlags: true)
            }
        case (.cond(let c), .reg(let d)):
            conditionToRegister(&l, c, d)
        case (.reg(let s), .slot(let k)):
            store(&l, type, slotMem(k), s)
        case (.slot(let j), .slot(let k)):
            if j == k { return }
            if type == .v128 {
                l.asm.sse(0xF3, 0x6F, 0, .mem(slotMem(j)))
                l.asm.sse(0xF3, 0x7F, 0, .mem(slotMem(k)))
            } else {
                l.asm.load(.rax, slotMem(j))
                l.asm.store(slotMem(k), .rax)
            }
        case (.imm(let v), .slot(let k)):
            if let i = Int32(exactly: Int64(bitPattern: v)) {
                l.asm.storeImm(slotMem(k), i, w: true)
            } else if !is64(type), let i = Int32(exactly: v) ?? Int32(exactly: Int64(bitPattern: v | 0xFFFF_FFFF_0000_0000)) {
                l.asm.storeImm(slotMem(k), i, w: false)
            } else {
                l.asm.movImm(.rax, v)
                l.asm.store(slotMem(k), .rax)
            }
        case (.cond(let c), .slot(let k)):
            conditionToRegister(&l, c, GPR.rax.rawValue)
            l.asm.store(slotMem(k), .rax, w: false)
        default:
            preconditionFailure("x64: bad move")
        }
    }

    static func conditionToRegister(_ l: inout Lowering<X64>, _ cond: UInt8, _ reg: UInt8) {
        l.asm.setcc(X64Cond(rawValue: cond)!, gpr(reg))
        l.asm.loadExtend(gpr(reg), .reg(reg), bytes: 1, signed: false, w: false)
    }

    static func loadVectorConstant(_ l: inout Lowering<X64>, _ bits: V128, _ reg: UInt8) {
        if bits.lo == 0 && bits.hi == 0 {
            l.asm.sse(0x66, 0xEF, reg, .reg(reg))  // pxor
            return
        }
        l.asm.movImm(.rax, bits.lo)
        l.asm.movToXMM(reg, .reg(GPR.rax.rawValue), w: true)
        l.asm.movImm(.rax, bits.hi)
        l.asm.movToXMM(0, .reg(GPR.rax.rawValue), w: true)
        l.asm.sse(0x66, 0x6C, reg, .reg(0))  // punpcklqdq
    }

    /// A register or memory operand for a value (constants go through `scratch`).
    static func operand(_ l: inout Lowering<X64>, _ v: StackValue, scratch: GPR = .rcx) -> X64RM {
        switch v.loc {
        case .reg(let r): return .reg(r)
        case .slot(let k): return .mem(slotMem(k))
        case .imm(let bits):
            if isFloatClass(v.type) {
                l.asm.movImm(.rax, bits)
                l.asm.movToXMM(1, .reg(GPR.rax.rawValue), w: v.type == .f64)
                return .reg(1)
            }
            l.asm.movImm(scratch, bits)
            return .reg(scratch.rawValue)
        case .cond(let c):
            conditionToRegister(&l, c, scratch.rawValue)
            return .reg(scratch.rawValue)
        }
    }

    // MARK: Branches

    static func jump(_ l: inout Lowering<X64>, _ label: Int) { l.asm.jmp(label) }

    /// Sets the flags from a boolean value; returns the condition under which it is true.
    static func test(_ l: inout Lowering<X64>, _ v: StackValue) -> X64Cond? {
        switch v.loc {
        case .cond(let c): return X64Cond(rawValue: c)!
        case .reg(let r): l.asm.test(gpr(r), gpr(r), w: false)
        case .slot(let k): l.asm.alu(.cmp, .mem(slotMem(k)), imm: 0, w: false)
        case .imm: return nil
        }
        return .ne
    }

    static func branchIfFalse(_ l: inout Lowering<X64>, _ condition: StackValue, to label: Int) {
        if case .imm(let v) = condition.loc {
            if UInt32(truncatingIfNeeded: v) == 0 { l.asm.jmp(label) }
            return
        }
        l.asm.jcc(test(&l, condition)!.inverted, label)
    }

    static func branchIfTrue(_ l: inout Lowering<X64>, _ condition: StackValue, to label: Int) {
        if case .imm(let v) = condition.loc {
            if UInt32(truncatingIfNeeded: v) != 0 { l.asm.jmp(label) }
            return
        }
        l.asm.jcc(test(&l, condition)!, label)
    }

    static func branchIfZero(_ l: inout Lowering<X64>, _ reg: UInt8, is64: Bool, isZero: Bool, to label: Int) {
        l.asm.test(gpr(reg), gpr(reg), w: is64)
        l.asm.jcc(isZero ? .e : .ne, label)
    }

    static func branchTable(_ l: inout Lowering<X64>, index: UInt8, targets: [Int]) {
        let n = targets.count - 1
        let i = gpr(index)
        l.asm.alu(.cmp, .reg(index), imm: Int32(truncatingIfNeeded: n), w: false)
        if n >= Int(Int32.max) { l.asm.jmp(targets[n]) }
        l.asm.jcc(.ae, targets[n])
        let table = l.asm.newLabel()
        l.asm.leaLabel(.rcx, table)
        l.asm.loadExtend(.rax, .mem(X64Mem(.rcx, index: i, scale: 4)), bytes: 4, signed: true, w: true)
        l.asm.alu(.add, .rax, .rcx, w: true)
        l.asm.jmpIndirect(.reg(GPR.rax.rawValue))
        l.asm.bind(table)
        let base = l.asm.position
        for t in targets.prefix(n) { l.asm.labelOffset(t, base: base) }
    }

    static func returnValues(_ l: inout Lowering<X64>, _ values: [StackValue]) {
        if !values.isEmpty { l.asm.load(.rdx, resultsPointer) }
        for (i, v) in values.enumerated() {
            let m = X64Mem(.rdx, Int32(i * 16))
            switch v.loc {
            case .reg(let r): store(&l, v.type, m, r)
            case .slot(let k):
                if v.type == .v128 {
                    l.asm.sse(0xF3, 0x6F, 0, .mem(slotMem(k)))
                    l.asm.sse(0xF3, 0x7F, 0, .mem(m))
                } else {
                    l.asm.load(.rax, slotMem(k))
                    l.asm.store(m, .rax)
                }
            case .imm(let bits):
                l.asm.movImm(.rax, bits)
                l.asm.store(m, .rax)
            case .cond(let c):
                conditionToRegister(&l, c, GPR.rax.rawValue)
                l.asm.store(m, .rax)
            }
        }
        restoreCalleeSaved(&l)
        l.asm.alu(.xor, .rax, .rax, w: false)  // no exception pending (see X64+Exceptions)
        l.asm.leave()
        l.asm.ret()
    }

    static func trap(_ l: inout Lowering<X64>, _ code: UInt32) {
        if code == TrapCode.unreachable {
            l.asm.ud2()
        } else {
            l.asm.jmp(l.trapLabel(code))
        }
    }

    // MARK: Runtime calls

    /// Calls builtin `index` (System V) and traps when it returns non-zero.
    static func callBuiltin(_ l: inout Lowering<X64>, _ index: Int, checkTrap: Bool = true) {
        l.asm.load(.rax, vm(VMContext.offsets.builtins))
        l.asm.callIndirect(.mem(X64Mem(.rax, Int32(index * 8))))
        if checkTrap {
            l.asm.test(.rax, .rax, w: false)
            l.asm.jcc(.ne, l.trapLabel(0))
        }
    }

    static func callSlotHelper(_ l: inout Lowering<X64>, _ op: UInt16, _ a: UInt64, _ b: UInt64, slot: Int) {
        saveLocals(&l)
        l.asm.mov(.rdi, vmctx)
        l.asm.movImm(.rsi, UInt64(op))
        l.asm.movImm(.rdx, a)
        l.asm.movImm(.rcx, b)
        l.asm.lea(.r8, slotMem(slot))
        callBuiltin(&l, Builtins.slotOperation)
        reloadLocals(&l)
    }

    static func consumeFuel(_ l: inout Lowering<X64>) {
        callSlotHelper(&l, IOp.fuel, 0, 0, slot: 0)
    }

    /// Restores the pinned registers after a call that may have changed them.
    static func reloadPinned(_ l: inout Lowering<X64>) {
        l.asm.load(vmctx, savedVMContext)
        if !l.module.memories.isEmpty { l.asm.load(mem0, vm(VMContext.offsets.memory0Base)) }
    }
}
