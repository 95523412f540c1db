/// x86-64 code for the GC proposal's checks that are not runtime calls on slots.
extension X64 {
    /// After `call_indirect` compared the expected canonical id (ecx) with the
    /// callee's (`VMFuncRef` in rax) for a type that is not final: when they
    /// differ, asks the runtime whether the callee's type is a subtype, and
    /// traps when it is not. rax is preserved; all operand values are flushed.
    static func checkFunctionSubtype(_ l: inout Lowering<X64>) {
        let matched = l.asm.newLabel()
        l.asm.jcc(.e, matched)
        saveLocals(&l)
        // Two pushes keep the stack 16-byte aligned for the call.
        l.asm.push(.rax)
        l.asm.push(.rax)
        l.asm.mov(.rdi, vmctx)
        l.asm.mov(.rsi, .rax)
        l.asm.mov(.rdx, .rcx, w: false)
        callBuiltin(&l, Builtins.functionSubtype, checkTrap: false)
        l.asm.mov(.rcx, .rax, w: false)
        l.asm.pop(.rax)
        l.asm.pop(.rax)
        reloadLocals(&l)
        l.asm.test(.rcx, .rcx, w: false)
        l.asm.jcc(.e, l.trapLabel(TrapCode.indirectCallTypeMismatch))
        l.asm.bind(matched)
    }
}
