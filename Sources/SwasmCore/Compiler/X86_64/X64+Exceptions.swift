/// x86-64 selection of `throw`, `throw_ref` and the exception checks and
/// handler pieces `Lowering+Exceptions` lays out. A function returns with
/// eax = 0 normally and eax != 0 when an exception is pending.
extension X64 {
    /// After a call (locals and pinned registers already restored): an
    /// exception pending goes to the current exception target.
    static func checkException(_ l: inout Lowering<X64>) {
        l.asm.test(.rax, .rax, w: false)
        l.asm.jcc(.ne, l.exceptionTarget())
    }

    /// `throw` (tag `tag`, payload = the top `pops` values) or `throw_ref`
    /// (the top value): the runtime makes the exception pending, then the
    /// code goes to the exception target.
    static func throwException(_ l: inout Lowering<X64>, _ op: UInt16, tag: UInt64, pops: Int) {
        l.flushAll()
        saveLocals(&l)
        let first = l.slot(height: l.stack.count - pops)
        l.useSlot(first + max(pops, 1))
        l.asm.mov(.rdi, vmctx)
        if op == ExtraOpcodes.throw {
            l.asm.movImm(.rsi, tag)
            l.asm.lea(.rdx, slotMem(first))
            callBuiltin(&l, Builtins.throwException, checkTrap: false)
        } else {
            l.asm.lea(.rsi, slotMem(first))
            callBuiltin(&l, Builtins.throwReference)
        }
        l.asm.jmp(l.exceptionTarget())
        for _ in 0..<pops { l.pop() }
    }

    static func branchIfPendingTag(_ l: inout Lowering<X64>, tag: Int, to label: Int) {
        l.asm.load(.rax, vm(VMContext.offsets.storeContext))
        l.asm.load(.rax, X64Mem(.rax, Int32(VMStoreContext.offsets.pendingTag)))
        l.asm.load(.rcx, vm(VMContext.offsets.tags))
        l.asm.alu(.cmp, .rax, X64Mem(.rcx, Int32(tag * 8)), w: true)
        l.asm.jcc(.e, label)
    }

    static func takeException(_ l: inout Lowering<X64>, slot: Int, payload: Bool, reference: Bool) {
        l.asm.mov(.rdi, vmctx)
        l.asm.lea(.rsi, slotMem(slot))
        l.asm.movImm(.rdx, (payload ? 1 : 0) | (reference ? 2 : 0))
        callBuiltin(&l, Builtins.takeException, checkTrap: reference)
        reloadLocals(&l)
    }

    static func propagateException(_ l: inout Lowering<X64>) {
        restoreCalleeSaved(&l)
        l.asm.leave()
        l.asm.movImm(.rax, 1)
        l.asm.ret()
    }
}
