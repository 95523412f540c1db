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

    /// The address of `size` bytes at address operand `raw` plus `offset`
    /// in the memory `memWord` names (index in the low 32 bits, bit 32 for
    /// a 64-bit address): memory 0 through the cached `mem0`, others through
    /// `vm`. Out of bounds of a cached length, it rechecks the current one
    /// before trapping.
    @_transparent
    static func address(_ raw: UInt64, offset: UInt64, memWord: UInt64, _ size: UInt64, _ mem0: MemoryView,
                        _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) -> UnsafeMutableRawPointer {
        let addr = memWord & (1 << 32) != 0 ? raw : raw & 0xFFFF_FFFF
        let index = Int(memWord & 0xFFFF_FFFF)
        let mem = index == 0 ? mem0 : MemoryView(vm.pointee.memories[index])
        let (ea, overflow) = addr.addingReportingOverflow(offset)
        guard !overflow, ea <= mem.length, mem.length - ea >= size else {
            if overflow { throw Trap(.memoryOutOfBounds) }
            return try recheckedAddress(ea, size, vm.pointee.memories[index])
        }
        return mem.base + Int(ea)
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

    /// Native stack bytes left free below an activation entered from the
    /// host, for the host functions it calls and the runtime (besides room
    /// for the levels of re-entry measured, `lastEntrySP`).
    static let nativeStackReserve = 64 << 10
    /// The stack pointer where the innermost activation entered from the
    /// host started (0 outside any).
    private var lastEntrySP: UInt = 0

    /// Calls wasm function `f` with arguments and results in 16-byte `slots`.
    func invoke(_ f: Function, slots: UnsafeMutableRawPointer) throws {
        guard case .wasm(let owner, let index) = f.kind else { return }
        let entry = owner.takeUnretainedValue().entries + index
        let fp = stackTop
        let frameBytes = entry.pointee.frameBytes
        // Each activation entered from the host takes native stack: a host
        // function calling back into wasm over and over runs out of it long
        // before `maxDepth`. Room is kept for two more levels as deep as the
        // last one (the activation's frame and the host's between them).
        let sp = StackBounds.current()
        let level = lastEntrySP > sp ? Int(lastEntrySP - sp) : 0
        guard stackEnd - fp >= frameBytes, depth < maxDepth,
              StackBounds.hasRoom(reserve: Self.nativeStackReserve + 2 * level) else {
            throw Trap(.stackExhausted)
        }
        fp.copyMemory(from: slots, byteCount: entry.pointee.paramCount * Slot.size)
        let savedTop = stackTop, savedEntrySP = lastEntrySP
        lastEntrySP = sp
        defer { stackTop = savedTop; lastEntrySP = savedEntrySP }
        try execute(entry, fp: fp)
        slots.copyMemory(from: fp, byteCount: entry.pointee.resultCount * Slot.size)
    }

    /// Code of a lone `ret`, used to leave a function after a host tail call.
    let returnSequence: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        p.initialize(to: Handler.stamp(UInt64(IOp.ret), .ret))
        return UnsafePointer(p)
    }()

    /// The function `call` or `return_call` `[op, function index, args]` calls.
    @inline(__always)
    func directCallee(_ pc: UnsafePointer<UInt64>, _ entry: UnsafeMutablePointer<FunctionEntry>) -> UnsafeMutablePointer<FunctionEntry> {
        entry.pointee.entries + Int(truncatingIfNeeded: pc[1])
    }

    /// The table and the element index (not yet checked against its size)
    /// of `call_indirect` `[op, type, table, args, index]`; the table word
    /// has bit 32 set for a table64, whose index is an i64.
    @inline(__always)
    func indirectElement(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                         _ vm: UnsafeMutablePointer<VMContext>) -> (table: UnsafeMutablePointer<VMTable>, index: UInt64) {
        let word = pc[2], at = Int(truncatingIfNeeded: pc[4])
        let index = word & (1 << 32) != 0 ? fp.slot(UInt64.self, at: at) : UInt64(fp.slot(UInt32.self, at: at))
        return (vm.pointee.tables[Int(truncatingIfNeeded: word & 0xFFFF_FFFF)], index)
    }

    /// The function `call_indirect` `[op, type, table, args, index]` calls, after its checks.
    @inline(__always)
    func indirectCallee(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                        _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) -> UnsafeMutablePointer<VMFuncRef> {
        let (table, index) = indirectElement(pc, fp, vm)
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

    /// The wasm function `call_indirect` calls when its element is set and
    /// of exactly the expected type; nil for anything the general dispatch
    /// must handle (a trap, a subtype, a host function).
    @inline(__always)
    func plainIndirectCallee(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                             _ vm: UnsafeMutablePointer<VMContext>) -> (entry: UnsafeMutablePointer<FunctionEntry>, code: UnsafePointer<UInt64>)? {
        let (table, index) = indirectElement(pc, fp, vm)
        guard index < table.pointee.size,
              let ref = UnsafeMutablePointer<VMFuncRef>(bitPattern: UInt(table.pointee.elements[Int(index)])),
              ref.pointee.typeID == vm.pointee.typeIDs[Int(truncatingIfNeeded: pc[1])],
              let code = ref.pointee.interpreterCode else { return nil }
        // `Instance` sets a funcref's interpreter code and entry together.
        return (ref.pointee.entry.unsafelyUnwrapped, code)
    }

    /// The function `call_ref` `[op, type, args, ref]` calls.
    @inline(__always)
    func referencedCallee(_ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer) throws(Trap) -> UnsafeMutablePointer<VMFuncRef> {
        let bits = fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[3]))
        guard let ref = UnsafeMutablePointer<VMFuncRef>(bitPattern: UInt(bits)) else { throw Trap(.nullFunctionReference) }
        return ref
    }

    /// Pushes the current frame and enters `callee` at `code`, its code (or
    /// runs it if it is a host function: no code). Returns whether memory 0
    /// may have changed: a host function ran (it may grow memory), or
    /// `callee` is of another instance.
    @inline(__always)
    func call(_ callee: UnsafeMutablePointer<FunctionEntry>, code: UnsafePointer<UInt64>?, args: UnsafeMutableRawPointer,
              returnPC: UnsafePointer<UInt64>, pc: inout UnsafePointer<UInt64>, fp: inout UnsafeMutableRawPointer,
              entry: inout UnsafeMutablePointer<FunctionEntry>) throws -> Bool {
        guard let calleeCode = code else {
            try callHostFunction(callee.pointee.function.takeUnretainedValue(), caller: entry.pointee.instance, args: args,
                                 frameEnd: fp + entry.pointee.frameBytes)
            pc = returnPC
            return true
        }
        guard depth < maxDepth, stackEnd - args >= callee.pointee.frameBytes else {
            throw Trap(.stackExhausted)
        }
        frames[depth] = CallFrame(pc: returnPC, fp: fp, entry: entry)
        depth &+= 1
        let otherInstance = callee.pointee.vmctx != entry.pointee.vmctx
        fp = args
        entry = callee
        pc = calleeCode
        zeroLocals(callee, args)
        return otherInstance
    }

    /// Replaces the current frame with a call to `callee` (return_call).
    @inline(__always)
    func tailCall(_ callee: UnsafeMutablePointer<FunctionEntry>, args: UnsafeMutableRawPointer,
                  pc: inout UnsafePointer<UInt64>, fp: inout UnsafeMutableRawPointer,
                  entry: inout UnsafeMutablePointer<FunctionEntry>) throws {
        guard let calleeCode = callee.pointee.code else {
            try callHostFunction(callee.pointee.function.takeUnretainedValue(), caller: entry.pointee.instance, args: args,
                                 frameEnd: fp + entry.pointee.frameBytes)
            fp.copyMemory(from: args, byteCount: callee.pointee.resultCount * Slot.size)
            pc = returnSequence
            return
        }
        guard stackEnd - fp >= callee.pointee.frameBytes else { throw Trap(.stackExhausted) }
        fp.copyMemory(from: args, byteCount: callee.pointee.paramCount * Slot.size)
        entry = callee
        pc = calleeCode
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

    /// Zeroes the declared locals (after the params) of `e`'s frame at `fp`:
    /// with stores when they are few, else with `memset`.
    @inline(__always) func zeroLocals(_ e: UnsafeMutablePointer<FunctionEntry>, _ fp: UnsafeMutableRawPointer) {
        let bytes = e.pointee.localBytes
        guard bytes > 0 else { return }
        let locals = fp + e.pointee.paramCount &* Slot.size
        // The first four slots by straight-line stores: LLVM turns a loop
        // here into a call to memset, which costs more than the stores for
        // the few locals most functions have.
        let zero = SIMD2<UInt64>()
        locals.storeBytes(of: zero, as: SIMD2<UInt64>.self)
        guard bytes > Slot.size else { return }
        locals.storeBytes(of: zero, toByteOffset: Slot.size, as: SIMD2<UInt64>.self)
        guard bytes > 2 * Slot.size else { return }
        locals.storeBytes(of: zero, toByteOffset: 2 * Slot.size, as: SIMD2<UInt64>.self)
        guard bytes > 3 * Slot.size else { return }
        locals.storeBytes(of: zero, toByteOffset: 3 * Slot.size, as: SIMD2<UInt64>.self)
        guard bytes > 4 * Slot.size else { return }
        memset(locals + 4 * Slot.size, 0, bytes - 4 * Slot.size)
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
        return TrapFrame(functionIndex: UInt32(index), functionOffset: module.functionOffset(offset, inFunction: index), moduleOffset: offset,
                         functionName: module.functionNames[UInt32(index)], instance: instance)
    }
}
