/// x86-64 selection of memory, global, reference and call instructions.
extension X64 {
    // MARK: Memory

    /// The address operand of an access of `size` bytes whose address is the
    /// value popped from the stack. 32-bit memory 0 relies on its guard
    /// region; everything else is checked against the current length.
    static func effectiveAddress(_ l: inout Lowering<X64>, memarg: UInt64, offset: UInt64, size: Int) -> X64Mem {
        let memory = Int(memarg & 0xFFFF_FFFF)
        let is64 = memarg & (1 << 32) != 0
        let address = l.stack[l.stack.count - 1]
        // Guard pages cannot catch accesses past a length that is not a multiple of the OS page.
        if memory == 0 && !is64 && l.options.guardedMemory && l.module.memories[0].pageSizeLog2 >= 12 {
            if case .imm(let v) = address.loc {
                let ea = (v & 0xFFFF_FFFF) + offset
                l.pop()
                if let d = Int32(exactly: ea) { return X64Mem(mem0, d) }
                l.asm.movImm(.rax, ea)
                return X64Mem(mem0, index: .rax)
            }
            let r = l.readRegister(l.stack.count - 1)
            l.pop()
            if let d = Int32(exactly: offset) { return X64Mem(mem0, index: gpr(r), d) }
            l.asm.movImm(.rax, offset)
            l.asm.alu(.add, .rax, gpr(r), w: true)
            return X64Mem(mem0, index: .rax)
        }
        // Checked: rax = address + offset + size must not exceed the length.
        move(&l, is64 ? .i64 : .i32, from: address.loc, to: .reg(GPR.rax.rawValue))
        l.pop()
        l.asm.load(.rdx, vm(VMContext.offsets.memories))
        l.asm.load(.rdx, X64Mem(.rdx, Int32(memory * 8)))
        let (end, overflow) = offset.addingReportingOverflow(UInt64(size))
        let oob = l.trapLabel(TrapCode.memoryOutOfBounds)
        if overflow {
            l.asm.jmp(oob)
        } else {
            l.asm.movImm(.rcx, end)
            l.asm.alu(.add, .rax, .rcx, w: true)
            l.asm.jcc(.b, oob)
        }
        l.asm.alu(.cmp, .rax, X64Mem(.rdx, Int32(VMMemory.offsets.length)), w: true)
        l.asm.jcc(.a, oob)
        l.asm.alu(.add, .rax, X64Mem(.rdx, Int32(VMMemory.offsets.base)), w: true)
        return X64Mem(.rax, Int32(-size))
    }

    static func memoryAccess(_ l: inout Lowering<X64>, _ op: UInt16, memarg: UInt64, offset: UInt64) {
        let access = Opcodes.memoryAccess[op]!
        if access.isStore {
            let size = [0x36: 4, 0x37: 8, 0x38: 4, 0x39: 8, 0x3A: 1, 0x3B: 2, 0x3C: 1, 0x3D: 2, 0x3E: 4, 0x20B: 16][Int(op)]!
            let value = l.readRegister(l.stack.count - 1)
            let v = l.stack.removeLast()
            let m = effectiveAddress(&l, memarg: memarg, offset: offset, size: size)
            switch op {
            case 0x38: l.asm.sse(0xF3, 0x11, value, .mem(m))
            case 0x39: l.asm.sse(0xF2, 0x11, value, .mem(m))
            case 0x20B: l.asm.sse(0xF3, 0x7F, value, .mem(m))
            default:
                if size >= 4 { l.asm.store(m, gpr(value), w: size == 8) } else { l.asm.storeNarrow(m, gpr(value), bytes: size) }
            }
            l.release(v.loc, float: isFloatClass(v.type))
            return
        }
        let size = [0x28: 4, 0x29: 8, 0x2A: 4, 0x2B: 8, 0x2C: 1, 0x2D: 1, 0x2E: 2, 0x2F: 2,
                    0x30: 1, 0x31: 1, 0x32: 2, 0x33: 2, 0x34: 4, 0x35: 4, 0x200: 16][Int(op)]!
        let m = effectiveAddress(&l, memarg: memarg, offset: offset, size: size)
        let r = l.allocate(float: isFloatClass(access.type))
        switch op {
        case 0x28: l.asm.load(gpr(r), m, w: false)
        case 0x29: l.asm.load(gpr(r), m)
        case 0x2A: l.asm.sse(0xF3, 0x10, r, .mem(m))
        case 0x2B: l.asm.sse(0xF2, 0x10, r, .mem(m))
        case 0x200: l.asm.sse(0xF3, 0x6F, r, .mem(m))
        case 0x35: l.asm.load(gpr(r), m, w: false)
        default:
            let signed = op == 0x2C || op == 0x2E || op == 0x30 || op == 0x32 || op == 0x34
            l.asm.loadExtend(gpr(r), .mem(m), bytes: size, signed: signed, w: access.type == .i64)
        }
        l.push(access.type, .reg(r))
    }

    static func memorySize(_ l: inout Lowering<X64>, _ memory: Int) {
        let t = l.module.memories[memory]
        let r = l.allocate(float: false)
        l.asm.load(.rax, vm(VMContext.offsets.memories))
        l.asm.load(.rax, X64Mem(.rax, Int32(memory * 8)))
        l.asm.load(gpr(r), X64Mem(.rax, Int32(VMMemory.offsets.length)))
        l.asm.shiftImm(5, gpr(r), UInt8(t.pageSizeLog2), w: true)
        l.push(t.limits.is64 ? .i64 : .i32, .reg(r))
    }

    // MARK: Globals

    static func globalCell(_ l: inout Lowering<X64>, _ index: Int) -> X64Mem {
        l.asm.load(.rax, vm(VMContext.offsets.globals))
        l.asm.load(.rax, X64Mem(.rax, Int32(index * 8)))
        return X64Mem(.rax)
    }

    static func globalGet(_ l: inout Lowering<X64>, _ index: Int) {
        let type = l.module.globals[index].valueType
        let r = l.allocate(float: isFloatClass(type))
        load(&l, type, r, globalCell(&l, index))
        l.push(type, .reg(r))
    }

    static func globalSet(_ l: inout Lowering<X64>, _ index: Int) {
        let r = l.readRegister(l.stack.count - 1)
        let v = l.pop()
        store(&l, v.type, globalCell(&l, index), r)
    }

    // MARK: References and select

    static func refIsNull(_ l: inout Lowering<X64>) {
        let v = l.stack[l.stack.count - 1]
        if case .imm(let bits) = v.loc {
            l.pop()
            l.push(.i32, .imm(bits == 0 ? 1 : 0))
            return
        }
        switch l.pop().loc {
        case .reg(let r): l.asm.test(gpr(r), gpr(r), w: true)
        case .slot(let k): l.asm.alu(.cmp, .mem(slotMem(k)), imm: 0, w: true)
        default: break
        }
        l.push(.i32, .cond(X64Cond.e.rawValue))
    }

    /// `select`: the condition may still be in the flags.
    static func select(_ l: inout Lowering<X64>) {
        let condition = l.stack.removeLast()
        let dst = l.intoRegister(l.stack.count - 2)
        let other = l.stack[l.stack.count - 1]
        let type = l.stack[l.stack.count - 2].type
        let float = isFloatClass(type)
        // Load the alternative before the flags are set (loads leave them alone).
        var alternative: X64RM
        switch other.loc {
        case .reg(let r): alternative = .reg(r)
        case .slot(let k): alternative = .mem(slotMem(k))
        default:
            if float {
                move(&l, type, from: other.loc, to: .reg(1))
                alternative = .reg(1)
            } else {
                move(&l, type, from: other.loc, to: .reg(GPR.rdx.rawValue))
                alternative = .reg(GPR.rdx.rawValue)
            }
        }
        if case .imm(let c) = condition.loc {
            if UInt32(truncatingIfNeeded: c) == 0 {
                switch alternative {
                case .reg(let r): move(&l, type, from: .reg(r), to: .reg(dst))
                case .mem(let m): load(&l, type, dst, m)
                }
            }
        } else {
            let cond = test(&l, condition)!
            l.release(condition.loc, float: false)
            if float {
                let skip = l.asm.newLabel()
                l.asm.jcc(cond, skip)
                switch alternative {
                case .reg(let r): move(&l, type, from: .reg(r), to: .reg(dst))
                case .mem(let m): load(&l, type, dst, m)
                }
                l.asm.bind(skip)
            } else {
                l.asm.cmov(cond.inverted, gpr(dst), alternative, w: type != .i32)
            }
        }
        l.release(condition.loc, float: false)
        l.pop()
    }

    // MARK: Calls

    /// Argument slots start at the first argument's canonical slot; results land there too.
    static func prepareCall(_ l: inout Lowering<X64>, params: Int, results: Int, tail: Bool) -> Int {
        l.flushAll()
        if !tail { saveLocals(&l) }
        let base = l.stack.count - params
        let first = l.slot(height: base)
        l.useSlot(first + max(params, results))
        return first
    }

    /// Replaces the arguments by the results (in their slots) after a call.
    static func finishCall(_ l: inout Lowering<X64>, params: Int, results: [ValueType], first: Int, direct: Bool = false) {
        if !(direct && l.options.directCalleesKeepPinned) { reloadPinned(&l) }
        reloadLocals(&l)
        checkException(&l)
        for _ in 0..<params { l.pop() }
        for (i, t) in results.enumerated() { l.push(t, .slot(first + i)) }
    }

    /// With the callee's `VMFuncRef` in rax: switch to its instance (host
    /// functions keep the caller's) and call or jump to its code.
    static func callThroughReference(_ l: inout Lowering<X64>, tail: Bool) {
        l.asm.load(.rcx, X64Mem(.rax, Int32(VMFuncRef.offsets.vmctx)))
        l.asm.test(.rcx, .rcx, w: true)
        l.asm.cmov(.ne, vmctx, .reg(GPR.rcx.rawValue), w: true)
        if tail {
            l.tailCallsThroughReference = true
            restoreCalleeSaved(&l)
            l.asm.leave()
            l.asm.jmpIndirect(.mem(X64Mem(.rax, Int32(VMFuncRef.offsets.code))))
        } else {
            l.asm.callIndirect(.mem(X64Mem(.rax, Int32(VMFuncRef.offsets.code))))
        }
    }

    /// Sets rdi/rsi for a call: normal calls pass their own slots for both;
    /// tail calls copy the arguments to the store's tail buffer and pass on
    /// their caller's results pointer.
    static func passArguments(_ l: inout Lowering<X64>, first: Int, params: [ValueType], tail: Bool) {
        guard tail else {
            l.asm.lea(.rdi, slotMem(first))
            l.asm.mov(.rsi, .rdi)
            return
        }
        l.asm.load(.rdi, vm(VMContext.offsets.storeContext))
        l.asm.load(.rdi, X64Mem(.rdi, Int32(VMStoreContext.offsets.tailArgs)))
        for (i, t) in params.enumerated() {
            if t == .v128 {
                l.asm.sse(0xF3, 0x6F, 0, .mem(slotMem(first + i)))
                l.asm.sse(0xF3, 0x7F, 0, .mem(X64Mem(.rdi, Int32(i * 16))))
            } else {
                l.asm.load(.rdx, slotMem(first + i))
                l.asm.store(X64Mem(.rdi, Int32(i * 16)), .rdx)
            }
        }
        l.asm.load(.rsi, resultsPointer)
    }

    /// Calls the `VMFuncRef` in rax (already checked) with the arguments at `first`.
    static func callCheckedReference(_ l: inout Lowering<X64>, _ type: FuncType, first: Int, tail: Bool) {
        l.asm.mov(.r11, .rax)  // all values are flushed: r11 is free
        passArguments(&l, first: first, params: type.params, tail: tail)
        l.asm.mov(.rax, .r11)
        callThroughReference(&l, tail: tail)
        if !tail { finishCall(&l, params: type.params.count, results: type.results, first: first) }
    }

    static func call(_ l: inout Lowering<X64>, function: Int, tail: Bool) {
        let type = l.module.functionType(function)
        let first = prepareCall(&l, params: type.params.count, results: type.results.count, tail: tail)
        if function < l.module.importedFunctionCount {
            passArguments(&l, first: first, params: type.params, tail: tail)
            l.asm.load(.rax, vm(VMContext.offsets.functions))
            l.asm.load(.rax, X64Mem(.rax, Int32(function * 8)))
            callThroughReference(&l, tail: tail)
        } else {
            passArguments(&l, first: first, params: type.params, tail: tail)
            if tail {
                restoreCalleeSaved(&l)
                l.asm.leave()
            }
            l.asm.emit8(tail ? 0xE9 : 0xE8)
            l.callFixups.append((l.asm.position, function))
            l.asm.emit32(0)
        }
        if !tail {
            finishCall(&l, params: type.params.count, results: type.results, first: first,
                       direct: function >= l.module.importedFunctionCount)
        }
    }

    static func callIndirect(_ l: inout Lowering<X64>, typeIndex: Int, table: Int, tail: Bool) {
        let type = l.module.types[typeIndex]
        let (index, _) = l.popToRegister()
        let first = prepareCall(&l, params: type.params.count, results: type.results.count, tail: tail)
        let i = gpr(index)
        let is64 = l.module.tables[table].limits.is64
        l.asm.load(.rax, vm(VMContext.offsets.tables))
        l.asm.load(.rax, X64Mem(.rax, Int32(table * 8)))
        if !is64 { l.asm.mov(i, i, w: false) }
        l.asm.alu(.cmp, i, X64Mem(.rax, Int32(VMTable.offsets.size)), w: true)
        l.asm.jcc(.ae, l.trapLabel(TrapCode.undefinedElement))
        l.asm.load(.rax, X64Mem(.rax, Int32(VMTable.offsets.elements)))
        l.asm.load(.rax, X64Mem(.rax, index: i, scale: 8))
        l.release(.reg(index), float: false)
        l.asm.test(.rax, .rax, w: true)
        l.asm.jcc(.e, l.trapLabel(TrapCode.uninitializedElement))
        l.asm.load(.rcx, vm(VMContext.offsets.typeIDs))
        l.asm.load(.rcx, X64Mem(.rcx, Int32(typeIndex * 4)), w: false)
        l.asm.alu(.cmp, .rcx, X64Mem(.rax, Int32(VMFuncRef.offsets.typeID)), w: false)
        if l.module.subTypes[typeIndex].isFinal {
            l.asm.jcc(.ne, l.trapLabel(TrapCode.indirectCallTypeMismatch))
        } else {
            checkFunctionSubtype(&l)
        }
        callCheckedReference(&l, type, first: first, tail: tail)
    }

    static func callRef(_ l: inout Lowering<X64>, typeIndex: Int, tail: Bool) {
        let type = l.module.types[typeIndex]
        let (ref, _) = l.popToRegister()
        let first = prepareCall(&l, params: type.params.count, results: type.results.count, tail: tail)
        l.asm.mov(.rax, gpr(ref))
        l.release(.reg(ref), float: false)
        l.asm.test(.rax, .rax, w: true)
        l.asm.jcc(.e, l.trapLabel(TrapCode.nullFunctionReference))
        callCheckedReference(&l, type, first: first, tail: tail)
    }
}
