/// The runtime entry points machine code reaches through
/// `VMContext.builtins` (an array of code addresses, so generated code
/// holds no absolute addresses and can be serialized).
enum Builtins {
    /// Machine code: raise a trap (edi = code, rsi = pc) and unwind to the entry.
    static let trapStub = 0
    /// Swift: execute one instruction on operand slots (`slotOperation`).
    static let slotOperation = 1
    /// Machine code: the `VMFuncRef.code` of every host function.
    static let hostTrampoline = 2
    /// Swift: call a host function (`hostCall`).
    static let hostCall = 3
    /// Swift: build the trap with its frames (`recordTrap`).
    static let recordTrap = 4
    /// Swift: exceptions (`throwEntry`, `throwReferenceEntry`, `takeExceptionEntry`).
    static let throwException = 5, throwReference = 6, takeException = 7
    /// Swift: whether a function's type is a subtype of a non-final type (`functionSubtypeEntry`).
    static let functionSubtype = 8
    static let count = 9

    #if arch(x86_64)
    /// The stubs, generated on first use; nil when machine code cannot be installed.
    static let stubs: X64Stubs? = try? X64Stubs.make()
    #endif

    /// The table every VM context points to.
    static let table: UnsafePointer<UnsafeRawPointer> = {
        let t = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: count)
        let invalid = UnsafeRawPointer(bitPattern: 0x10)!
        t.initialize(repeating: invalid, count: count)
        t[slotOperation] = unsafeBitCast(slotOperationEntry, to: UnsafeRawPointer.self)
        t[hostCall] = unsafeBitCast(hostCallEntry, to: UnsafeRawPointer.self)
        t[recordTrap] = unsafeBitCast(recordTrapEntry, to: UnsafeRawPointer.self)
        t[throwException] = unsafeBitCast(throwEntry, to: UnsafeRawPointer.self)
        t[throwReference] = unsafeBitCast(throwReferenceEntry, to: UnsafeRawPointer.self)
        t[takeException] = unsafeBitCast(takeExceptionEntry, to: UnsafeRawPointer.self)
        t[functionSubtype] = unsafeBitCast(functionSubtypeEntry, to: UnsafeRawPointer.self)
        #if arch(x86_64)
        if let stubs {
            t[trapStub] = stubs.trapStub
            t[hostTrampoline] = stubs.hostTrampoline
        }
        #endif
        return UnsafePointer(t)
    }()

    @inline(__always) static func store(_ vm: UnsafeMutablePointer<VMContext>) -> Store {
        Unmanaged<Store>.fromOpaque(vm.pointee.store).takeUnretainedValue()
    }

    /// Keeps a trap for the entry to rethrow; returns `TrapCode.pending`.
    static func pend(_ error: Error, _ store: Store) -> UInt32 {
        store.pendingTrap = (error as? Trap) ?? Trap(.host("\(error)"))
        return TrapCode.pending
    }

    static let slotOperationEntry: @convention(c) (UnsafeMutableRawPointer, UInt32, UInt64, UInt64,
                                                   UnsafeMutableRawPointer) -> UInt32 = { raw, op, a, b, p in
        let vm = raw.assumingMemoryBound(to: VMContext.self)
        do {
            try slotOperation(vm, UInt16(op), a, b, p)
            return 0
        } catch {
            return pend(error, store(vm))
        }
    }

    /// Executes `op` with operands (and result) in the consecutive slots at
    /// `p`, sharing the interpreter's implementations of the instruction.
    static func slotOperation(_ vm: UnsafeMutablePointer<VMContext>, _ op: UInt16, _ a: UInt64, _ b: UInt64,
                              _ p: UnsafeMutableRawPointer) throws {
        switch op {
        case 0x45...0xC4, 0x100...0x107:
            try Numeric.execute(op, p, p, p + Slot.size)
        case 0x3F, 0x40, 0x25, 0x26, ExtraOpcodes.memoryInit...ExtraOpcodes.tableFill:
            let instance = Unmanaged<Instance>.fromOpaque(vm.pointee.instance).takeUnretainedValue()
            try instance.bulkOperation(op, a, b, p)
        case IOp.fuel:
            try store(vm).consumeFuel()
        case AtomicOpcodes.base...AtomicOpcodes.last:
            try AtomicExecutor.execute(op, p, offset: b, memory: a, vm)
        case WideArithmetic.add128...WideArithmetic.mulWideU:
            WideArithmetic.execute(op, p)
        case 0x200...0x3FF:
            // The interpreter's code words for the instruction, with its operands at offset 0.
            var words: (UInt64, UInt64, UInt64, UInt64) = (UInt64(op), 0, 0, 0)
            if Opcodes.memoryAccess[op] != nil || Opcodes.laneMemoryOps[op] != nil {
                words.2 = b; words.3 = a
            } else {
                words.2 = a; words.3 = b
            }
            let mem0 = vm.pointee.memory0Base != nil ? MemoryView(vm.pointee.memories[0]) : .empty
            try withUnsafePointer(to: &words) { w in
                try w.withMemoryRebound(to: UInt64.self, capacity: 4) { pc in
                    _ = try SIMDExecutor.execute(op, pc, p, mem0, vm)
                }
            }
        case GCOpcodes.base...GCOpcodes.last:
            let instance = Unmanaged<Instance>.fromOpaque(vm.pointee.instance).takeUnretainedValue()
            try GCExecutor.execute(op, a, b, p, instance)
        default:
            throw Trap(.host("compiler: no runtime implementation of opcode 0x\(String(op, radix: 16))"))
        }
    }

    static let hostCallEntry: @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer,
                                              UnsafeMutableRawPointer) -> UInt32 = { rawRef, args, results, rawVM in
        let ref = rawRef.assumingMemoryBound(to: VMFuncRef.self)
        let vm = rawVM.assumingMemoryBound(to: VMContext.self)
        let f = Unmanaged<Function>.fromOpaque(ref.pointee.function).takeUnretainedValue()
        let caller = Unmanaged<Instance>.fromOpaque(vm.pointee.instance).takeUnretainedValue()
        do {
            switch f.kind {
            case .host(let body): try body(Caller(store: f.store, instance: caller), args)
            case .wasm: try f.call(slots: args)
            }
            if args != results { results.copyMemory(from: args, byteCount: f.type.results.count * Slot.size) }
            return 0
        } catch {
            if let exception = (error as? Trap)?.exception {
                // A wasm exception crosses the host frame back into the calling wasm code.
                f.store.setPendingException(exception)
                return TrapCode.exception
            }
            return pend(error, f.store)
        }
    }

    static let recordTrapEntry: @convention(c) (UnsafeMutableRawPointer, UInt32, UInt, UInt) -> UInt32 = { raw, code, pc, fp in
        let vm = raw.assumingMemoryBound(to: VMContext.self)
        let store = store(vm)
        var trap: Trap
        if code == TrapCode.pending, let pending = store.pendingTrap {
            trap = pending
        } else {
            trap = Trap(TrapCode.reason(code) ?? .host("unknown trap \(code)"))
        }
        trap.frames += MachineCode.backtrace(pc: pc, fp: fp)
        store.pendingTrap = trap
        return TrapCode.pending
    }
}

/// CPU features generated code may use, detected at run time.
struct CPUFeatures: Equatable {
    var sse41 = false, ssse3 = false, popcnt = false, lzcnt = false, bmi1 = false

    /// What this CPU has.
    static let host: CPUFeatures = {
        var f = CPUFeatures()
        #if arch(x86_64)
        guard let stubs = Builtins.stubs else { return f }
        var r = [UInt32](repeating: 0, count: 4)
        stubs.cpuid(0, 0, &r)
        let maxLeaf = r[0]
        stubs.cpuid(1, 0, &r)
        f.ssse3 = r[2] & (1 << 9) != 0
        f.sse41 = r[2] & (1 << 19) != 0
        f.popcnt = r[2] & (1 << 23) != 0
        if maxLeaf >= 7 {
            stubs.cpuid(7, 0, &r)
            f.bmi1 = r[1] & (1 << 3) != 0
        }
        stubs.cpuid(0x8000_0000, 0, &r)
        if r[0] >= 0x8000_0001 {
            stubs.cpuid(0x8000_0001, 0, &r)
            f.lzcnt = r[2] & (1 << 5) != 0
        }
        #endif
        return f
    }()

    /// The features as a bit set (for serialized code headers).
    var bits: UInt32 {
        (sse41 ? 1 : 0) | (ssse3 ? 2 : 0) | (popcnt ? 4 : 0) | (lzcnt ? 8 : 0) | (bmi1 ? 16 : 0)
    }

    init() {}

    init(bits: UInt32) {
        sse41 = bits & 1 != 0; ssse3 = bits & 2 != 0; popcnt = bits & 4 != 0; lzcnt = bits & 8 != 0; bmi1 = bits & 16 != 0
    }

    /// Whether code needing `self` runs on a CPU with `other`.
    func isSubset(of other: CPUFeatures) -> Bool { bits & ~other.bits == 0 }
}
