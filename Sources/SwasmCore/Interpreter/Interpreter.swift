import Glibc

/// A saved caller state on the interpreter's call stack.
struct CallFrame {
    var pc: UnsafePointer<UInt64>
    var fp: UnsafeMutableRawPointer
    var entry: UnsafeMutablePointer<FunctionEntry>
}

/// Base and length of a linear memory, cached while executing.
struct MemoryView {
    var base: UnsafeMutableRawPointer
    var length: UInt64

    static let empty = MemoryView(base: UnsafeMutableRawPointer(bitPattern: 0x1000)!, length: 0)

    init(base: UnsafeMutableRawPointer, length: UInt64) {
        self.base = base
        self.length = length
    }

    init(_ vm: UnsafeMutablePointer<VMMemory>) {
        base = vm.pointee.base
        length = vm.currentLength
    }

    /// The address of `size` bytes at `ea` in `memory`, checked against its
    /// current length: the slow path of an access that failed the check
    /// against a view's cached length, which is stale once another thread
    /// grew a shared memory. Traps when still out of bounds.
    @inline(never)
    static func recheckedAddress(_ ea: UInt64, _ size: UInt64, _ memory: UnsafeMutablePointer<VMMemory>) throws(Trap) -> UnsafeMutableRawPointer {
        let length = memory.currentLength
        guard ea <= length, length - ea >= size else { throw Trap(.memoryOutOfBounds) }
        return memory.pointee.base + Int(bitPattern: UInt(ea))
    }
}

/// Executes the interpreter's internal code. One per store: it owns the
/// store's value stack and call stack. Wasm-to-wasm calls do not recurse on
/// the native stack; a host function calling back into wasm starts a new
/// activation above the current one.
final class Interpreter {
    unowned(unsafe) let store: Store
    let stackBase: UnsafeMutableRawPointer
    let stackEnd: UnsafeMutableRawPointer
    let stackBytes: Int
    /// Where the next activation's frame starts.
    var stackTop: UnsafeMutableRawPointer
    let frames: UnsafeMutablePointer<CallFrame>
    let maxDepth: Int
    var depth = 0

    init(store: Store) {
        self.store = store
        stackBytes = store.engine.config.maxValueStackBytes
        let p = mmap(nil, stackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        precondition(p != MAP_FAILED && p != nil, "cannot reserve the interpreter's value stack")
        stackBase = p!
        stackEnd = stackBase + stackBytes
        stackTop = stackBase
        maxDepth = store.engine.config.maxCallDepth
        frames = .allocate(capacity: maxDepth + 1)
    }

    deinit {
        munmap(stackBase, stackBytes)
        frames.deallocate()
        returnSequence.deallocate()
    }

    /// Calls wasm function `f` with arguments and results in 16-byte `slots`.
    func invoke(_ f: Function, slots: UnsafeMutableRawPointer) throws {
        guard case .wasm(let owner, let index) = f.kind else { return }
        let entry = owner.takeUnretainedValue().entries + index
        let fp = stackTop
        let frameBytes = entry.pointee.frameSlots * Slot.size
        guard stackEnd - fp >= frameBytes, depth < maxDepth else { throw Trap(.stackExhausted) }
        fp.copyMemory(from: slots, byteCount: entry.pointee.paramCount * Slot.size)
        let savedTop = stackTop
        defer { stackTop = savedTop }
        try execute(entry, fp: fp)
        slots.copyMemory(from: fp, byteCount: entry.pointee.resultCount * Slot.size)
    }

    /// Runs `entry` until it returns to this activation's caller.
    func execute(_ startEntry: UnsafeMutablePointer<FunctionEntry>, fp startFP: UnsafeMutableRawPointer) throws {
        let baseDepth = depth
        var entry = startEntry
        var fp = startFP
        var pc = entry.pointee.code!
        var code = pc
        var vm = entry.pointee.vmctx
        var mem0 = MemoryView.empty
        var hasMemory = vm.pointee.memory0Base != nil
        if hasMemory { mem0 = MemoryView(vm.pointee.memories[0]) }
        zeroLocals(entry, fp)
        depth += 1
        defer { depth = baseDepth }

        /// Reloads the per-instance state after a call or return.
        @inline(__always) func enter(_ e: UnsafeMutablePointer<FunctionEntry>) {
            vm = e.pointee.vmctx
            hasMemory = vm.pointee.memory0Base != nil
            mem0 = hasMemory ? MemoryView(vm.pointee.memories[0]) : .empty
        }

        while true {
            do {
                while true {
                    let op = UInt16(truncatingIfNeeded: pc[0])
                    // Numeric instructions, the most frequent, before the switch, whose
                    // cases are then all single values (one jump table).
                    if op &- 0x45 <= 0xC4 - 0x45 {
                        try Numeric.execute(op, fp + Int(truncatingIfNeeded: pc[1]), operand(pc, fp, 2), operand(pc, fp, 3))
                        pc += 4
                        continue
                    }
                    switch op {
                    // MARK: Memory
                    // Memory 0 (32-bit), address x + y: IOp.memory0Access + (wasm opcode - 0x28).
                    case 0x440: try load(UInt32.self, into: UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32.load
                    case 0x441: try load(UInt64.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.load
                    case 0x442: try load(UInt32.self, into: UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // f32.load
                    case 0x443: try load(UInt64.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // f64.load
                    case 0x444: try load(Int8.self, into: UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32.load8_s
                    case 0x445: try load(UInt8.self, into: UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32.load8_u
                    case 0x446: try load(Int16.self, into: UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32.load16_s
                    case 0x447: try load(UInt16.self, into: UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32.load16_u
                    case 0x448: try load(Int8.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.load8_s
                    case 0x449: try load(UInt8.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.load8_u
                    case 0x44A: try load(Int16.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.load16_s
                    case 0x44B: try load(UInt16.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.load16_u
                    case 0x44C: try load(Int32.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.load32_s
                    case 0x44D: try load(UInt32.self, into: UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.load32_u
                    case 0x44E, 0x450: try store(UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32/f32.store
                    case 0x44F, 0x451: try store(UInt64.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64/f64.store
                    case 0x452, 0x454: try store(UInt8.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32/i64.store8
                    case 0x453, 0x455: try store(UInt16.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i32/i64.store16
                    case 0x456: try store(UInt32.self, pc, fp, mem0, vm, memory0: true); pc += 5  // i64.store32
                    case 0x28: try load(UInt32.self, into: UInt32.self, pc, fp, mem0, vm); pc += 5  // i32.load
                    case 0x29: try load(UInt64.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // i64.load
                    case 0x2A: try load(UInt32.self, into: UInt32.self, pc, fp, mem0, vm); pc += 5  // f32.load
                    case 0x2B: try load(UInt64.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // f64.load
                    case 0x2C: try load(Int8.self, into: UInt32.self, pc, fp, mem0, vm); pc += 5  // i32.load8_s
                    case 0x2D: try load(UInt8.self, into: UInt32.self, pc, fp, mem0, vm); pc += 5  // i32.load8_u
                    case 0x2E: try load(Int16.self, into: UInt32.self, pc, fp, mem0, vm); pc += 5  // i32.load16_s
                    case 0x2F: try load(UInt16.self, into: UInt32.self, pc, fp, mem0, vm); pc += 5  // i32.load16_u
                    case 0x30: try load(Int8.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // i64.load8_s
                    case 0x31: try load(UInt8.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // i64.load8_u
                    case 0x32: try load(Int16.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // i64.load16_s
                    case 0x33: try load(UInt16.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // i64.load16_u
                    case 0x34: try load(Int32.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // i64.load32_s
                    case 0x35: try load(UInt32.self, into: UInt64.self, pc, fp, mem0, vm); pc += 5  // i64.load32_u
                    case 0x36, 0x38: try store(UInt32.self, pc, fp, mem0, vm); pc += 5  // i32/f32.store
                    case 0x37, 0x39: try store(UInt64.self, pc, fp, mem0, vm); pc += 5  // i64/f64.store
                    case 0x3A, 0x3C: try store(UInt8.self, pc, fp, mem0, vm); pc += 5  // i32/i64.store8
                    case 0x3B, 0x3D: try store(UInt16.self, pc, fp, mem0, vm); pc += 5  // i32/i64.store16
                    case 0x3E: try store(UInt32.self, pc, fp, mem0, vm); pc += 5  // i64.store32

                    // MARK: Numeric
                    case IOp.i32AddShifted:
                        let sum = operand(pc, fp, 2).slot(UInt32.self) &+ (operand(pc, fp, 3).slot(UInt32.self) &<< IOp.shift(pc[0]))
                        fp.setSlot(UInt32.self, sum, at: Int(truncatingIfNeeded: pc[1]))
                        pc += 4
                    case IOp.f64WithLoad + 0: pc = try f64WithLoad(pc, fp, mem0, vm) { $0 + $1 }
                    case IOp.f64WithLoad + 1: pc = try f64WithLoad(pc, fp, mem0, vm) { $0 - $1 }
                    case IOp.f64WithLoad + 2: pc = try f64WithLoad(pc, fp, mem0, vm) { $0 * $1 }
                    case IOp.f64WithLoad + 3: pc = try f64WithLoad(pc, fp, mem0, vm) { $1 + $0 }
                    case IOp.f64WithLoad + 4: pc = try f64WithLoad(pc, fp, mem0, vm) { $1 - $0 }
                    case IOp.f64WithLoad + 5: pc = try f64WithLoad(pc, fp, mem0, vm) { $1 * $0 }
                    case IOp.fusedMultiply + 0: fusedMultiply(Float.self, &pc, fp) { $0 + $1 }
                    case IOp.fusedMultiply + 1: fusedMultiply(Float.self, &pc, fp) { $1 + $0 }
                    case IOp.fusedMultiply + 2: fusedMultiply(Float.self, &pc, fp) { $0 - $1 }
                    case IOp.fusedMultiply + 3: fusedMultiply(Float.self, &pc, fp) { $1 - $0 }
                    case IOp.fusedMultiply + 4: fusedMultiply(Double.self, &pc, fp) { $0 + $1 }
                    case IOp.fusedMultiply + 5: fusedMultiply(Double.self, &pc, fp) { $1 + $0 }
                    case IOp.fusedMultiply + 6: fusedMultiply(Double.self, &pc, fp) { $0 - $1 }
                    case IOp.fusedMultiply + 7: fusedMultiply(Double.self, &pc, fp) { $1 - $0 }
                    case IOp.brIfEq: pc = compareAndBranch(pc, fp, code) { $0 == $1 }
                    case IOp.brIfNe: pc = compareAndBranch(pc, fp, code) { $0 != $1 }
                    case IOp.brIfLtS: pc = compareAndBranch(pc, fp, code) { Int32(bitPattern: $0) < Int32(bitPattern: $1) }
                    case IOp.brIfLtU: pc = compareAndBranch(pc, fp, code) { $0 < $1 }
                    case IOp.brIfGtS: pc = compareAndBranch(pc, fp, code) { Int32(bitPattern: $0) > Int32(bitPattern: $1) }
                    case IOp.brIfGtU: pc = compareAndBranch(pc, fp, code) { $0 > $1 }
                    case IOp.brIfLeS: pc = compareAndBranch(pc, fp, code) { Int32(bitPattern: $0) <= Int32(bitPattern: $1) }
                    case IOp.brIfLeU: pc = compareAndBranch(pc, fp, code) { $0 <= $1 }
                    case IOp.brIfGeS: pc = compareAndBranch(pc, fp, code) { Int32(bitPattern: $0) >= Int32(bitPattern: $1) }
                    case IOp.brIfGeU: pc = compareAndBranch(pc, fp, code) { $0 >= $1 }
                    case IOp.addBranch + 0: pc = addAndBranch(pc, fp, code) { $0 == $1 }
                    case IOp.addBranch + 1: pc = addAndBranch(pc, fp, code) { $0 != $1 }
                    case IOp.addBranch + 2: pc = addAndBranch(pc, fp, code) { Int32(bitPattern: $0) < Int32(bitPattern: $1) }
                    case IOp.addBranch + 3: pc = addAndBranch(pc, fp, code) { $0 < $1 }
                    case IOp.addBranch + 4: pc = addAndBranch(pc, fp, code) { Int32(bitPattern: $0) > Int32(bitPattern: $1) }
                    case IOp.addBranch + 5: pc = addAndBranch(pc, fp, code) { $0 > $1 }
                    case IOp.addBranch + 6: pc = addAndBranch(pc, fp, code) { Int32(bitPattern: $0) <= Int32(bitPattern: $1) }
                    case IOp.addBranch + 7: pc = addAndBranch(pc, fp, code) { $0 <= $1 }
                    case IOp.addBranch + 8: pc = addAndBranch(pc, fp, code) { Int32(bitPattern: $0) >= Int32(bitPattern: $1) }
                    case IOp.addBranch + 9: pc = addAndBranch(pc, fp, code) { $0 >= $1 }

                    // MARK: Control
                    case IOp.copy64:
                        fp.setSlot(UInt64.self, fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[2])), at: Int(truncatingIfNeeded: pc[1]))
                        pc += 3
                    case IOp.copy128:
                        let s = fp + Int(truncatingIfNeeded: pc[2]), d = fp + Int(truncatingIfNeeded: pc[1])
                        d.setSlot(UInt64.self, s.slot(UInt64.self))
                        d.setSlot(UInt64.self, s.slot(UInt64.self, at: 8), at: 8)
                        pc += 3
                    case IOp.const64:
                        fp.setSlot(UInt64.self, pc[2], at: Int(truncatingIfNeeded: pc[1]))
                        pc += 3
                    case IOp.const128:
                        fp.setSlot(UInt64.self, pc[2], at: Int(truncatingIfNeeded: pc[1]))
                        fp.setSlot(UInt64.self, pc[3], at: Int(truncatingIfNeeded: pc[1]) + 8)
                        pc += 4
                    case IOp.br:
                        pc = code + Int(truncatingIfNeeded: pc[1])
                    case IOp.brIf:
                        if fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[1])) != 0 { pc = code + Int(truncatingIfNeeded: pc[2]) } else { pc += 3 }
                    case IOp.brIfNot:
                        if fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[1])) == 0 { pc = code + Int(truncatingIfNeeded: pc[2]) } else { pc += 3 }
                    case IOp.brTable:
                        let i = UInt64(fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[1])))
                        let n = pc[2]
                        pc = code + Int(truncatingIfNeeded: pc[3 + Int(i < n ? i : n)])
                    case IOp.ret:
                        depth -= 1
                        if depth == baseDepth { return }
                        let frame = frames[depth]
                        pc = frame.pc
                        fp = frame.fp
                        entry = frame.entry
                        code = entry.pointee.code!
                        enter(entry)
                    case IOp.call, IOp.returnCall:
                        let callee = vm.pointee.functions[Int(truncatingIfNeeded: pc[1])].pointee.entry ?? (entry.pointee.instance.takeUnretainedValue().entries + Int(truncatingIfNeeded: pc[1]))
                        let args = fp + Int(truncatingIfNeeded: pc[2])
                        if op == IOp.returnCall {
                            try tailCall(callee, args: args, pc: &pc, fp: &fp, code: &code, entry: &entry)
                            enter(entry)
                        } else {
                            try call(callee, args: args, returnPC: pc + 3, pc: &pc, fp: &fp, code: &code, entry: &entry)
                            enter(entry)
                        }
                    case IOp.brIfNull:
                        if fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[1])) == 0 { pc = code + Int(truncatingIfNeeded: pc[2]) } else { pc += 3 }
                    case IOp.brIfNonNull:
                        if fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[1])) != 0 { pc = code + Int(truncatingIfNeeded: pc[2]) } else { pc += 3 }
                    case IOp.refAsNonNull:
                        guard fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[1])) != 0 else { throw Trap(.nullReference) }
                        pc += 2
                    case IOp.callIndirect, IOp.returnCallIndirect, IOp.callRef, IOp.returnCallRef:
                        // [op, type, table, args, index] or [op, type, args, ref]
                        let indirect = op == IOp.callIndirect || op == IOp.returnCallIndirect
                        let isTail = op == IOp.returnCallIndirect || op == IOp.returnCallRef
                        let ref = indirect ? try indirectCallee(pc, fp, vm) : try referencedCallee(pc, fp)
                        let args = fp + Int(indirect ? pc[3] : pc[2])
                        guard let callee = ref.pointee.entry else {
                            let f = Unmanaged<Function>.fromOpaque(ref.pointee.function).takeUnretainedValue()
                            try callHostFunction(f, caller: entry.pointee.instance, args: args, frameEnd: fp + entry.pointee.frameSlots * Slot.size)
                            if isTail {
                                // The host's results are the function's results.
                                fp.copyMemory(from: args, byteCount: f.type.results.count * Slot.size)
                                pc = returnSequence
                            } else {
                                pc += indirect ? 5 : 4
                            }
                            if hasMemory { mem0 = MemoryView(vm.pointee.memories[0]) }
                            continue
                        }
                        if isTail {
                            try tailCall(callee, args: args, pc: &pc, fp: &fp, code: &code, entry: &entry)
                            enter(entry)
                        } else {
                            try call(callee, args: args, returnPC: pc + (indirect ? 5 : 4), pc: &pc, fp: &fp, code: &code, entry: &entry)
                            enter(entry)
                        }
                    case IOp.select64, IOp.select128:
                        let c = fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[4]))
                        if c == 0 {
                            let s = fp + Int(truncatingIfNeeded: pc[3]), d = fp + Int(truncatingIfNeeded: pc[1])
                            d.setSlot(UInt64.self, s.slot(UInt64.self))
                            d.setSlot(UInt64.self, s.slot(UInt64.self, at: 8), at: 8)
                        }
                        pc += 5
                    case IOp.globalGet:
                        let cell = vm.pointee.globals[Int(truncatingIfNeeded: pc[2])]
                        let d = fp + Int(truncatingIfNeeded: pc[1])
                        d.setSlot(UInt64.self, cell.slot(UInt64.self))
                        d.setSlot(UInt64.self, cell.slot(UInt64.self, at: 8), at: 8)
                        pc += 3
                    case IOp.globalSet:
                        let cell = vm.pointee.globals[Int(truncatingIfNeeded: pc[2])]
                        let s = fp + Int(truncatingIfNeeded: pc[1])
                        cell.setSlot(UInt64.self, s.slot(UInt64.self))
                        cell.setSlot(UInt64.self, s.slot(UInt64.self, at: 8), at: 8)
                        pc += 3
                    case IOp.refFunc:
                        fp.setSlot(UInt64.self, UInt64(UInt(bitPattern: vm.pointee.functions[Int(truncatingIfNeeded: pc[2])])), at: Int(truncatingIfNeeded: pc[1]))
                        pc += 3
                    case IOp.refIsNull:
                        let v = fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[2]))
                        fp.setSlot(UInt32.self, v == 0 ? 1 : 0, at: Int(truncatingIfNeeded: pc[1]))
                        pc += 3
                    case IOp.unreachable:
                        throw Trap(.unreachable)
                    case IOp.throwTag, IOp.throwRef:
                        throw raise(op, pc, fp, entry)
                    case IOp.fuel:
                        try store.consumeFuel()
                        pc += 1
                    case IOp.memorySize, IOp.memoryGrow, IOp.tableGet, IOp.tableSet, IOp.tableSize,
                         0x108, 0x109, 0x10A, 0x10B, 0x10C, 0x10D, 0x10E, 0x10F, 0x110, 0x111:  // ExtraOpcodes.memoryInit ... tableFill
                        try executeBulk(op, pc, fp, entry.pointee.instance.takeUnretainedValue())
                        if hasMemory { mem0 = MemoryView(vm.pointee.memories[0]) }
                        pc += op >= ExtraOpcodes.memoryInit && op <= ExtraOpcodes.tableFill ? 4 : 3

                    default:
                        // SIMD first: the others below are rarer.
                        if op >= 0x200 && op <= 0x3FF {
                            pc = try SIMDExecutor.execute(op, pc, fp, mem0, vm)
                        } else if op >= 0x100 && op <= 0x107 {  // saturating truncations
                            try Numeric.execute(op, fp + Int(truncatingIfNeeded: pc[1]), operand(pc, fp, 2), operand(pc, fp, 3))
                            pc += 4
                        } else if op >= IOp.atomic && op <= IOp.atomicLast {
                            try AtomicExecutor.execute(op - IOp.atomic + AtomicOpcodes.base, fp + Int(truncatingIfNeeded: pc[1]), offset: pc[2], memory: pc[3], vm)
                            pc += 4
                        } else if WideArithmetic.contains(op) {
                            WideArithmetic.execute(op, fp + Int(truncatingIfNeeded: pc[1]))
                            pc += 2
                        } else if op >= GCOpcodes.base && op <= GCOpcodes.last {
                            try executeGC(op, pc, fp, vm)
                            pc += 4
                        } else {
                            fatalError("interpreter: unknown internal opcode \(op)")
                        }
                    }
                }
            } catch let raised {
                var error = raised
                if let exception = (error as? Trap)?.exception {
                    do throws(Trap) {
                        if let landing = try catchException(exception, pc: pc, fp: fp, entry: entry, baseDepth: baseDepth) {
                            (pc, fp, entry) = landing
                            code = entry.pointee.code!
                            enter(entry)
                            continue
                        }
                    } catch let outOfMemory {
                        error = outOfMemory
                    }
                }
                guard var trap = error as? Trap else { throw error }
                if trap.frames.isEmpty || trap.reason == .stackExhausted {
                    trap.frames = backtrace(pc: pc, entry: entry, baseDepth: baseDepth) + trap.frames
                }
                throw trap
            }
        }
    }

    /// Code of a lone `ret`, used to leave a function after a host tail call.
    let returnSequence: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        p.initialize(to: UInt64(IOp.ret))
        return UnsafePointer(p)
    }()

    /// The function `call_indirect` `[op, type, table, args, index]` calls, after its checks.
    @inline(__always)
    func indirectCallee(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                        _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) -> UnsafeMutablePointer<VMFuncRef> {
        let table = vm.pointee.tables[Int(truncatingIfNeeded: pc[2])]
        let index = UInt64(fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[4])))
        guard index < table.pointee.size else { throw Trap(.undefinedElement) }
        guard let ref = UnsafeMutablePointer<VMFuncRef>(bitPattern: UInt(table.pointee.elements[Int(index)])) else {
            throw Trap(.uninitializedElement)
        }
        let expected = vm.pointee.typeIDs[Int(truncatingIfNeeded: pc[1])]
        guard ref.pointee.typeID == expected || store.engine.types.isSubtype(ref.pointee.typeID, expected) else {
            throw Trap(.indirectCallTypeMismatch)
        }
        return ref
    }

    /// The function `call_ref` `[op, type, args, ref]` calls.
    @inline(__always)
    func referencedCallee(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) throws(Trap) -> UnsafeMutablePointer<VMFuncRef> {
        let bits = fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[3]))
        guard let ref = UnsafeMutablePointer<VMFuncRef>(bitPattern: UInt(bits)) else { throw Trap(.nullFunctionReference) }
        return ref
    }

    /// Pushes the current frame and enters `callee` (or runs it if it is a host function).
    @inline(__always)
    func call(_ callee: UnsafeMutablePointer<FunctionEntry>, args: UnsafeMutableRawPointer, returnPC: UnsafePointer<UInt64>,
              pc: inout UnsafePointer<UInt64>, fp: inout UnsafeMutableRawPointer, code: inout UnsafePointer<UInt64>,
              entry: inout UnsafeMutablePointer<FunctionEntry>) throws {
        guard let calleeCode = callee.pointee.code else {
            try callHostFunction(callee.pointee.function.takeUnretainedValue(), caller: entry.pointee.instance, args: args,
                                 frameEnd: fp + entry.pointee.frameSlots * Slot.size)
            pc = returnPC
            return
        }
        guard depth < maxDepth, stackEnd - args >= callee.pointee.frameSlots * Slot.size else {
            throw Trap(.stackExhausted)
        }
        frames[depth] = CallFrame(pc: returnPC, fp: fp, entry: entry)
        depth += 1
        fp = args
        entry = callee
        pc = calleeCode
        code = calleeCode
        zeroLocals(callee, args)
    }

    /// Replaces the current frame with a call to `callee` (return_call).
    @inline(__always)
    func tailCall(_ callee: UnsafeMutablePointer<FunctionEntry>, args: UnsafeMutableRawPointer,
                  pc: inout UnsafePointer<UInt64>, fp: inout UnsafeMutableRawPointer, code: inout UnsafePointer<UInt64>,
                  entry: inout UnsafeMutablePointer<FunctionEntry>) throws {
        guard let calleeCode = callee.pointee.code else {
            try callHostFunction(callee.pointee.function.takeUnretainedValue(), caller: entry.pointee.instance, args: args,
                                 frameEnd: fp + entry.pointee.frameSlots * Slot.size)
            fp.copyMemory(from: args, byteCount: callee.pointee.resultCount * Slot.size)
            pc = returnSequence
            return
        }
        guard stackEnd - fp >= callee.pointee.frameSlots * Slot.size else { throw Trap(.stackExhausted) }
        fp.copyMemory(from: args, byteCount: callee.pointee.paramCount * Slot.size)
        entry = callee
        pc = calleeCode
        code = calleeCode
        zeroLocals(callee, fp)
    }

    /// Calls a host function (or a wasm function reached without interpreter
    /// code) with its arguments in place at `args`; a wasm call it makes
    /// starts a new activation above `frameEnd`.
    @inline(never)
    func callHostFunction(_ f: Function, caller: Unmanaged<Instance>, args: UnsafeMutableRawPointer, frameEnd: UnsafeMutableRawPointer) throws {
        let savedTop = stackTop
        stackTop = frameEnd
        defer { stackTop = savedTop }
        switch f.kind {
        case .host(let body): try body(Caller(store: store, instance: caller.takeUnretainedValue()), args)
        case .wasm: try invoke(f, slots: args)
        }
    }

    @inline(__always) func zeroLocals(_ e: UnsafeMutablePointer<FunctionEntry>, _ fp: UnsafeMutableRawPointer) {
        let from = e.pointee.paramCount, to = e.pointee.localCount
        if to > from { (fp + from * Slot.size).initializeMemory(as: UInt8.self, repeating: 0, count: (to - from) * Slot.size) }
    }

    /// Operand word `k` of the instruction at `pc`: a slot, or the constant
    /// in the word itself when the instruction flags it immediate.
    @inline(__always)
    func operand(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ k: Int) -> UnsafeMutableRawPointer {
        pc[0] & IOp.immediate(word: k) != 0 ? UnsafeMutableRawPointer(mutating: pc + k) : fp + Int(truncatingIfNeeded: pc[k])
    }

    /// `[op, dst, other, address x, address y, offset]`: `combine(other,
    /// loaded)` of an f64 loaded from memory 0 (`IOp.f64WithLoad`).
    @inline(__always)
    func f64WithLoad(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ mem0: MemoryView,
                     _ vm: UnsafeMutablePointer<VMContext>, _ combine: (Double, Double) -> Double) throws(Trap) -> UnsafePointer<UInt64> {
        let p = try address0(pc, fp, 8, mem0, vm, first: 3)
        let loaded = Double(bitPattern: p.loadUnaligned(as: UInt64.self))
        let r = combine(operand(pc, fp, 2).slot(Double.self), loaded)
        fp.setSlot(Double.self, r, at: Int(truncatingIfNeeded: pc[1]))
        return pc + 6
    }

    /// `[op, dst, a, b, c]`: `combine(a * b, c)`, each operation rounded as the separate instructions would.
    @inline(__always)
    func fusedMultiply<F: BinaryFloatingPoint>(_: F.Type, _ pc: inout UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                                               _ combine: (F, F) -> F) {
        let p = operand(pc, fp, 2).slot(F.self) * operand(pc, fp, 3).slot(F.self)
        let r = combine(p, operand(pc, fp, 4).slot(F.self))
        fp.setSlot(F.self, r, at: Int(truncatingIfNeeded: pc[1]))
        pc += 5
    }

    /// `[op, x, y, target]`: the next instruction, or the target when `holds(x, y)`.
    @inline(__always)
    func compareAndBranch(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ code: UnsafePointer<UInt64>,
                          _ holds: (UInt32, UInt32) -> Bool) -> UnsafePointer<UInt64> {
        let x = operand(pc, fp, 1).slot(UInt32.self), y = operand(pc, fp, 2).slot(UInt32.self)
        return holds(x, y) ? code + Int(truncatingIfNeeded: pc[3]) : pc + 4
    }

    /// `[op, dst, x, y, other, target]`: writes `x + y` to `dst`, then the
    /// next instruction, or the target when `holds(sum, other)`.
    @inline(__always)
    func addAndBranch(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ code: UnsafePointer<UInt64>,
                      _ holds: (UInt32, UInt32) -> Bool) -> UnsafePointer<UInt64> {
        let sum = operand(pc, fp, 2).slot(UInt32.self) &+ operand(pc, fp, 3).slot(UInt32.self)
        fp.setSlot(UInt32.self, sum, at: Int(truncatingIfNeeded: pc[1]))
        return holds(sum, operand(pc, fp, 4).slot(UInt32.self)) ? code + Int(truncatingIfNeeded: pc[5]) : pc + 6
    }

    /// A load of a `T`, widened (sign- or zero-extended by `T`'s signedness)
    /// to the slot type `R`: `[op, dst, address slot, offset, memory]`, or
    /// with `memory0` `[op, dst, x, y, offset]` (see `address0`).
    @inline(__always)
    func load<T: FixedWidthInteger, R: FixedWidthInteger>(_: T.Type, into _: R.Type, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                                                           _ mem0: MemoryView, _ vm: UnsafeMutablePointer<VMContext>,
                                                           memory0: Bool = false) throws(Trap) {
        let size = UInt64(MemoryLayout<T>.size)
        let p = memory0 ? try address0(pc, fp, size, mem0, vm) : try address(pc, fp, size, mem0, vm)
        fp.setSlot(R.self, R(truncatingIfNeeded: p.loadUnaligned(as: T.self)), at: Int(truncatingIfNeeded: pc[1]))
    }

    /// A store of the low `T` of the value: `[op, value slot, address slot,
    /// offset, memory]`, or with `memory0` `[op, value, x, y, offset]`.
    @inline(__always)
    func store<T: FixedWidthInteger>(_: T.Type, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                                     _ mem0: MemoryView, _ vm: UnsafeMutablePointer<VMContext>, memory0: Bool = false) throws(Trap) {
        let value = operand(pc, fp, 1).slot(T.self)
        let size = UInt64(MemoryLayout<T>.size)
        let p = memory0 ? try address0(pc, fp, size, mem0, vm) : try address(pc, fp, size, mem0, vm)
        p.setSlot(T.self, value)
    }

    /// The effective address of a memory-0 access `[op, _, x, y, offset]`: the
    /// i32 `x + (y << shift)` (an address operand and 0, or an `i32.add` or
    /// `i32.shl` folded into the access) plus the offset. Cannot overflow:
    /// both terms are below 2^32. Past the cached length it rechecks
    /// memory 0's current length (in `vm`) before trapping.
    @inline(__always)
    func address0(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ size: UInt64,
                  _ mem0: MemoryView, _ vm: UnsafeMutablePointer<VMContext>, first: Int = 2) throws(Trap) -> UnsafeMutableRawPointer {
        let y = operand(pc, fp, first + 1).slot(UInt32.self) &<< IOp.shift(pc[0])
        let ea = UInt64(operand(pc, fp, first).slot(UInt32.self) &+ y) &+ pc[first + 2]
        guard ea &+ size <= mem0.length else { return try MemoryView.recheckedAddress(ea, size, vm.pointee.memories[0]) }
        return mem0.base + Int(bitPattern: UInt(ea))
    }

    /// The effective address of a load or store `[op, _, address slot,
    /// offset, memory]`; out of bounds of memory 0's cached length, it
    /// rechecks the current length before trapping.
    @inline(__always)
    func address(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ size: UInt64, _ mem0: MemoryView,
                 _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) -> UnsafeMutableRawPointer {
        let memWord = pc[4]
        let raw = operand(pc, fp, 2).slot(UInt64.self)
        let addr = memWord & (1 << 32) != 0 ? raw : raw & 0xFFFF_FFFF
        let index = Int(memWord & 0xFFFF_FFFF)
        let mem = index == 0 ? mem0 : MemoryView(vm.pointee.memories[index])
        let (ea, overflow) = addr.addingReportingOverflow(pc[3])
        guard !overflow, ea <= mem.length, mem.length - ea >= size else {
            if overflow { throw Trap(.memoryOutOfBounds) }
            return try MemoryView.recheckedAddress(ea, size, vm.pointee.memories[index])
        }
        return mem.base + Int(ea)
    }

    /// Deepest backtrace recorded for a trap (stack exhaustion can be 20,000 frames deep).
    static let maxTraceFrames = 1000

    /// Trap frames for the current call stack of this activation, innermost first.
    func backtrace(pc: UnsafePointer<UInt64>, entry: UnsafeMutablePointer<FunctionEntry>, baseDepth: Int) -> [TrapFrame] {
        var result: [TrapFrame] = [frame(pc: pc, entry: entry)]
        // frames[baseDepth + 1 ..< depth] hold this activation's callers.
        var d = depth - 1
        while d > baseDepth && result.count < Self.maxTraceFrames {
            let f = frames[d]
            result.append(frame(pc: f.pc - 1, entry: f.entry))
            d -= 1
        }
        return result
    }

    private func frame(pc: UnsafePointer<UInt64>, entry: UnsafeMutablePointer<FunctionEntry>) -> TrapFrame {
        let f = entry.pointee.function.takeUnretainedValue()
        guard case .wasm(let owner, let index) = f.kind, let compiled = entry.pointee.compiled else {
            return TrapFrame(functionIndex: 0, functionOffset: 0, moduleOffset: 0)
        }
        let instance = owner.takeUnretainedValue()
        let module = instance.module
        let codeIndex = pc - entry.pointee.code!
        let offset = compiled.pointee.moduleOffset(atCode: codeIndex, in: instance.compiled.code!)
        let bodyStart = module.bodies[index - module.importedFunctionCount].code.lowerBound
        return TrapFrame(functionIndex: UInt32(index), functionOffset: max(0, offset - bodyStart), moduleOffset: offset,
                         functionName: module.functionNames[UInt32(index)], instance: instance)
    }
}
