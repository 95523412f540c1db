/// x86-64 selection of the threads proposal's atomic instructions and the
/// wide-arithmetic instructions. Atomic loads are plain loads, stores and
/// `xchg` use `xchg` (sequentially consistent without a fence), `add`/`sub`
/// `lock xadd`, `and`/`or`/`xor` a `lock cmpxchg` loop, `cmpxchg` `lock
/// cmpxchg`; `memory.atomic.wait32/64` and `notify` go to the runtime
/// (`AtomicExecutor`) through `Lowering.lowerThroughSlots`.
extension X64 {
    /// Lowers atomic instruction `op` inline; false for wait and notify.
    static func atomic(_ l: inout Lowering<X64>, _ op: UInt16, memarg: UInt64, offset: UInt64) -> Bool {
        let info = AtomicOpcodes.info(op)!
        let size = info.size
        switch info.kind {
        case .fence:
            l.asm.emit8(0x0F); l.asm.emit8(0xAE); l.asm.emit8(0xF0)  // mfence
        case .notify, .wait:
            return false
        case .load:
            let r = l.allocate(float: false)
            let m = atomicAddress(&l, memarg: memarg, offset: offset, size: size)
            if size >= 4 { l.asm.load(gpr(r), m, w: size == 8) } else { l.asm.loadExtend(gpr(r), .mem(m), bytes: size, signed: false, w: false) }
            l.push(info.type, .reg(r))
        case .store:
            let (v, _) = l.popToRegister()
            let m = atomicAddress(&l, memarg: memarg, offset: offset, size: size)
            exchange(&l, m, gpr(v), size: size)
            l.release(.reg(v), float: false)
        case .rmw(.cmpxchg):
            let (replacement, _) = l.popToRegister()
            let (expected, _) = l.popToRegister()
            let m = atomicAddress(&l, memarg: memarg, offset: offset, size: size)
            l.asm.mov(.rax, gpr(expected))
            lockedCompareExchange(&l, m, gpr(replacement), size: size)
            zeroExtend(&l, gpr(expected), from: .rax, size: size)
            l.release(.reg(replacement), float: false)
            l.push(info.type, .reg(expected))
        case .rmw(let rmw):
            let (v, _) = l.popToRegister()
            let m = atomicAddress(&l, memarg: memarg, offset: offset, size: size)
            switch rmw {
            case .add, .sub:
                if rmw == .sub { l.asm.group3(3, .reg(v), w: true) }  // neg: add the negation
                l.asm.emit8(0xF0)
                sized(&l, byteOpcode: [0x0F, 0xC0], opcode: [0x0F, 0xC1], reg: gpr(v), m, size: size)  // xadd
                zeroExtend(&l, gpr(v), from: gpr(v), size: size)
            case .xchg:
                exchange(&l, m, gpr(v), size: size)
                zeroExtend(&l, gpr(v), from: gpr(v), size: size)
            default:
                // rax = old value, rdx = old op v; retry until no other write intervened.
                if size >= 4 { l.asm.load(.rax, m, w: size == 8) } else { l.asm.loadExtend(.rax, .mem(m), bytes: size, signed: false, w: false) }
                let retry = l.asm.newLabel()
                l.asm.bind(retry)
                l.asm.mov(.rdx, .rax)
                l.asm.alu(rmw == .and ? .and : rmw == .or ? .or : .xor, .rdx, gpr(v), w: true)
                lockedCompareExchange(&l, m, .rdx, size: size)
                l.asm.jcc(.ne, retry)
                l.asm.mov(gpr(v), .rax)
            }
            l.push(info.type, .reg(v))
        }
        return true
    }

    /// The address of an atomic access of `size` bytes at the popped
    /// address operand plus `offset`, in rcx, after the checks: a carry
    /// past 64 bits or an access beyond the memory traps as out of bounds,
    /// an address that is not a multiple of `size` as unaligned (before the
    /// bounds check, which the guard region does for 32-bit memory 0).
    /// Clobbers rax and rdx.
    static func atomicAddress(_ l: inout Lowering<X64>, memarg: UInt64, offset: UInt64, size: Int) -> X64Mem {
        let memory = Int(memarg & 0xFFFF_FFFF)
        let is64 = memarg & (1 << 32) != 0
        let address = l.stack[l.stack.count - 1]
        move(&l, is64 ? .i64 : .i32, from: address.loc, to: .reg(GPR.rcx.rawValue))
        l.pop()
        let oob = l.trapLabel(TrapCode.memoryOutOfBounds)
        if !is64 { l.asm.mov(.rcx, .rcx, w: false) }
        if offset != 0 {
            if !is64, let imm = Int32(exactly: offset) {
                l.asm.alu(.add, .reg(GPR.rcx.rawValue), imm: imm, w: true)
            } else {
                l.asm.movImm(.rax, offset)
                l.asm.alu(.add, .rcx, .rax, w: true)
                if is64 { l.asm.jcc(.b, oob) }
            }
        }
        if size > 1 {
            l.asm.op([0xF7], reg: 0, rm: .reg(GPR.rcx.rawValue), immBytes: 4)  // test ecx, size - 1
            l.asm.emit32(UInt32(size - 1))
            l.asm.jcc(.ne, l.trapLabel(TrapCode.unalignedAtomic))
        }
        if memory == 0 && !is64 && l.options.guardedMemory && l.module.memories[0].pageSizeLog2 >= 12 {
            return X64Mem(mem0, index: .rcx)
        }
        l.asm.load(.rdx, vm(VMContext.offsets.memories))
        l.asm.load(.rdx, X64Mem(.rdx, Int32(memory * 8)))
        l.asm.mov(.rax, .rcx)
        l.asm.alu(.add, .reg(GPR.rax.rawValue), imm: Int32(size), w: true)
        l.asm.jcc(.b, oob)
        l.asm.alu(.cmp, .rax, X64Mem(.rdx, Int32(VMMemory.offsets.length)), w: true)
        l.asm.jcc(.a, oob)
        l.asm.alu(.add, .rcx, X64Mem(.rdx, Int32(VMMemory.offsets.base)), w: true)
        return X64Mem(.rcx)
    }

    /// `opcode reg, [m]` at operand size `size` (1: `byteOpcode`; 2: 0x66 prefix; 8: REX.W).
    static func sized(_ l: inout Lowering<X64>, byteOpcode: [UInt8], opcode: [UInt8], reg: GPR, _ m: X64Mem, size: Int) {
        switch size {
        case 1: l.asm.op(byteOpcode, reg: reg.rawValue, rm: .mem(m), byteRegs: true)
        case 2: l.asm.op(opcode, reg: reg.rawValue, rm: .mem(m), prefix: 0x66)
        default: l.asm.op(opcode, reg: reg.rawValue, rm: .mem(m), w: size == 8)
        }
    }

    /// `xchg [m], reg` (locked by the processor): stores reg, loads the old value into it.
    static func exchange(_ l: inout Lowering<X64>, _ m: X64Mem, _ reg: GPR, size: Int) {
        sized(&l, byteOpcode: [0x86], opcode: [0x87], reg: reg, m, size: size)
    }

    /// `lock cmpxchg [m], reg`: stores reg if [m] equals rax (at `size`); rax gets the old value.
    static func lockedCompareExchange(_ l: inout Lowering<X64>, _ m: X64Mem, _ reg: GPR, size: Int) {
        l.asm.emit8(0xF0)
        sized(&l, byteOpcode: [0x0F, 0xB0], opcode: [0x0F, 0xB1], reg: reg, m, size: size)
    }

    /// `dst` = the low `size` bytes of `src`, zero-extended.
    static func zeroExtend(_ l: inout Lowering<X64>, _ dst: GPR, from src: GPR, size: Int) {
        switch size {
        case 1, 2: l.asm.loadExtend(dst, .reg(src.rawValue), bytes: size, signed: false, w: false)
        case 4: l.asm.mov(dst, src, w: false)
        default: if dst != src { l.asm.mov(dst, src) }
        }
    }

    // MARK: Wide arithmetic

    /// `i64.add128`/`sub128` with `add`/`adc` or `sub`/`sbb`; `i64.mul_wide_s/u`
    /// with the one-operand `imul`/`mul` into rdx:rax.
    static func wideArithmetic(_ l: inout Lowering<X64>, _ op: UInt16) {
        let n = l.stack.count
        if op == WideArithmetic.add128 || op == WideArithmetic.sub128 {
            let low = l.intoRegister(n - 4), high = l.intoRegister(n - 3)
            let add = op == WideArithmetic.add128
            emitALU(&l, add ? .add : .sub, gpr(low), l.stack[n - 2], w: true)
            emitALU(&l, add ? .adc : .sbb, gpr(high), l.stack[n - 1], w: true)
            l.pop(); l.pop()
            return
        }
        move(&l, .i64, from: l.stack[n - 2].loc, to: .reg(GPR.rax.rawValue))
        let rhs = operand(&l, l.stack[n - 1])
        l.asm.group3(op == WideArithmetic.mulWideS ? 5 : 4, rhs, w: true)
        l.pop(); l.pop()
        let low = l.allocate(float: false)
        l.asm.mov(gpr(low), .rax)
        let high = l.allocate(float: false)
        l.asm.mov(gpr(high), .rdx)
        l.push(.i64, .reg(low))
        l.push(.i64, .reg(high))
    }
}
