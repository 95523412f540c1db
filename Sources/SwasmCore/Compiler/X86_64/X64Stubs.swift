/// The process-wide x86-64 stubs between the host and machine code: the
/// entry trampoline (host -> wasm), the trap stub (unwinds to the innermost
/// entry), the host trampoline (wasm -> host function) and `cpuid`. Wasm
/// functions and the host trampoline return eax = 0, or non-zero when an
/// exception is pending; the entry then returns `TrapCode.exception`.
struct X64Stubs {
    typealias Entry = @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer, UnsafeMutableRawPointer,
                                      UnsafeMutableRawPointer) -> UInt32
    typealias CPUID = @convention(c) (UInt32, UInt32, UnsafeMutablePointer<UInt32>) -> Void

    let entry: Entry
    let trapStub: UnsafeRawPointer
    let hostTrampoline: UnsafeRawPointer
    let cpuid: CPUID

    /// Generates and installs the stubs.
    static func make() throws(WasmError) -> X64Stubs {
        var a = X64Assembler()
        let vm = { (offset: Int) in X64Mem(.r15, Int32(offset)) }
        let entrySP = Int32(VMStoreContext.offsets.entrySP)

        // entry(vmctx rdi, code rsi, slots rdx, storeContext rcx) -> trap code
        let entryStart = a.position
        let exit = a.newLabel()
        a.push(.rbp); a.mov(.rbp, .rsp)
        for r in [GPR.rbx, .r12, .r13, .r14, .r15] { a.push(r) }
        a.pushMem(X64Mem(.rcx, entrySP))
        a.push(.rcx)
        a.alu(.sub, .reg(GPR.rsp.rawValue), imm: 8, w: true)
        a.store(X64Mem(.rcx, entrySP), .rsp)
        a.mov(.r15, .rdi)
        a.mov(.rax, .rsi)
        a.mov(.rdi, .rdx)
        a.mov(.rsi, .rdx)
        a.callIndirect(.reg(GPR.rax.rawValue))
        // Wasm code returns eax = 0, or non-zero with an exception pending.
        a.test(.rax, .rax, w: false)
        a.jcc(.e, exit)
        a.movImm(.rax, UInt64(TrapCode.exception))
        a.bind(exit)
        a.alu(.add, .reg(GPR.rsp.rawValue), imm: 8, w: true)
        a.pop(.rcx)
        a.popMem(X64Mem(.rcx, entrySP))
        for r in [GPR.r15, .r14, .r13, .r12, .rbx] { a.pop(r) }
        a.pop(.rbp)
        a.ret()

        // trap stub: edi = trap code, rsi = exact pc, rbp = the trapping frame, r15 = its VM context.
        let trapStart = a.position
        let trapLabel = a.newLabel()
        a.bind(trapLabel)
        a.mov(.rcx, .rbp)
        a.mov(.rdx, .rsi)
        a.mov(.rsi, .rdi, w: false)
        a.mov(.rdi, .r15)
        a.alu(.and, .reg(GPR.rsp.rawValue), imm: -16, w: true)
        a.load(.rax, vm(VMContext.offsets.builtins))
        a.callIndirect(.mem(X64Mem(.rax, Int32(Builtins.recordTrap * 8))))
        a.load(.rcx, vm(VMContext.offsets.storeContext))
        a.load(.rsp, X64Mem(.rcx, entrySP))
        a.jmp(exit)

        // host trampoline: rax = VMFuncRef, rdi = args, rsi = results, r15 = caller's VM context.
        let hostStart = a.position
        let hostTrap = a.newLabel()
        a.push(.rbp); a.mov(.rbp, .rsp)
        a.mov(.rcx, .r15)
        a.mov(.rdx, .rsi)
        a.mov(.rsi, .rdi)
        a.mov(.rdi, .rax)
        a.load(.rax, vm(VMContext.offsets.builtins))
        a.callIndirect(.mem(X64Mem(.rax, Int32(Builtins.hostCall * 8))))
        let hostReturn = a.newLabel()
        a.test(.rax, .rax, w: false)
        a.jcc(.e, hostReturn)
        // An exception returns to the wasm caller with eax != 0, like a wasm callee.
        a.alu(.cmp, .reg(GPR.rax.rawValue), imm: Int32(TrapCode.exception), w: false)
        a.jcc(.ne, hostTrap)
        a.bind(hostReturn)
        a.leave()
        a.ret()
        a.bind(hostTrap)
        a.mov(.rdi, .rax, w: false)
        a.load(.rsi, X64Mem(.rbp, 8))
        a.lea(.rsi, X64Mem(.rsi, -1))
        a.load(.rbp, X64Mem(.rbp))
        a.jmp(trapLabel)

        // cpuid(leaf edi, subleaf esi, out rdx[4])
        let cpuidStart = a.position
        a.push(.rbx)
        a.mov(.r8, .rdx)
        a.mov(.rax, .rdi, w: false)
        a.mov(.rcx, .rsi, w: false)
        a.emit8(0x0F); a.emit8(0xA2)
        a.store(X64Mem(.r8, 0), .rax, w: false)
        a.store(X64Mem(.r8, 4), .rbx, w: false)
        a.store(X64Mem(.r8, 8), .rcx, w: false)
        a.store(X64Mem(.r8, 12), .rdx, w: false)
        a.pop(.rbx)
        a.ret()

        a.resolveFixups()
        let p = try ExecutableMemory.install(a.bytes)
        return X64Stubs(entry: unsafeBitCast(p + entryStart, to: Entry.self),
                        trapStub: UnsafeRawPointer(p + trapStart),
                        hostTrampoline: UnsafeRawPointer(p + hostStart),
                        cpuid: unsafeBitCast(p + cpuidStart, to: CPUID.self))
    }
}
