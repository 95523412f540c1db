import Glibc

/// The machine code of every defined function of a module, installed in
/// executable memory, with what traps and frames need to map a PC back to
/// wasm. Immutable and shared by all instances of the module.
final class MachineCode: @unchecked Sendable {
    let code: UnsafeMutableRawPointer
    let size: Int
    /// Offset of each defined function's entry in `code`.
    let functionStarts: [Int]
    /// (code offset, module byte offset) per instruction, sorted by code offset.
    let offsets: [(pc: Int32, offset: Int32)]
    let importedFunctionCount: Int
    /// Whether code skips bounds checks on 32-bit memory 0 (guard regions required).
    let assumesGuardedMemory: Bool
    /// Most argument/result slots a `return_call` of this module passes.
    let tailSlots: Int
    let features: CPUFeatures

    /// The installed bytes (read back from executable memory, for serialization).
    var bytes: [UInt8] { Array(UnsafeRawBufferPointer(start: code, count: size)) }

    /// Installs compiled bytes.
    init(bytes: [UInt8], functionStarts: [Int], offsets: [(pc: Int32, offset: Int32)], importedFunctionCount: Int,
         assumesGuardedMemory: Bool, tailSlots: Int, features: CPUFeatures) throws(WasmError) {
        code = try ExecutableMemory.install(bytes)
        size = bytes.count
        self.functionStarts = functionStarts
        self.offsets = offsets
        self.importedFunctionCount = importedFunctionCount
        self.assumesGuardedMemory = assumesGuardedMemory
        self.tailSlots = tailSlots
        self.features = features
        CodeRegistry.add(self)
        TrapSignals.install()
    }

    deinit {
        CodeRegistry.remove(self)
        ExecutableMemory.release(code, byteCount: size)
    }

    /// Compiles every defined function of a validated module.
    static func compile(_ module: Module, context: ModuleValidator.Context, options: CompileOptions) throws(WasmError) -> MachineCode {
        #if arch(x86_64)
        guard Builtins.stubs != nil else { throw WasmError(.other, "cannot install machine code on this host") }
        var options = options
        options.directCalleesKeepPinned = true
        if let code = try compileFunctions(module, context: context, options: options) { return code }
        // A tail call through a reference can return to a direct caller with
        // another instance's VM context: start over, reloading after every call.
        options.directCalleesKeepPinned = false
        return try compileFunctions(module, context: context, options: options)!
        #else
        throw WasmError(.other, "no compiler backend for this CPU architecture")
        #endif
    }

    #if arch(x86_64)
    /// Compiles and installs every function; nil when `options.directCalleesKeepPinned` turns out not to hold.
    private static func compileFunctions(_ module: Module, context: ModuleValidator.Context,
                                         options: CompileOptions) throws(WasmError) -> MachineCode? {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var offsets: [(pc: Int32, offset: Int32)] = []
        var calls: [(at: Int, callee: Int)] = []
        var restart = false
        try module.bytes.withUnsafeBufferPointer { (buf) throws(WasmError) in
            for i in module.importedFunctionCount..<module.functionTypeIndices.count {
                while bytes.count % 16 != 0 { bytes.append(0xCC) }
                let start = bytes.count
                starts.append(start)
                let locals = module.locals(of: i)
                var weights: [Int]?
                if Lowering<X64>.hasMoreLocalsThanRegisters(locals) {
                    var usage = FunctionValidator(module: module, context: context, functionIndex: i,
                                                  sink: LocalUsage(localCount: locals.count), bytes: buf)
                    weights = try usage.run().weights
                }
                let lowering = Lowering<X64>(module: module, functionIndex: i, locals: locals, options: options, localWeights: weights)
                var validator = FunctionValidator(module: module, context: context, functionIndex: i, sink: lowering, bytes: buf)
                let out = try validator.run()
                if out.tailCallsThroughReference && options.directCalleesKeepPinned {
                    restart = true
                    return
                }
                guard bytes.count + out.asm.bytes.count < Int(Int32.max) else {
                    throw WasmError(.other, "module code exceeds 2 GiB")
                }
                bytes.append(contentsOf: out.asm.bytes)
                for o in out.offsets { offsets.append((o.pc + Int32(start), o.offset)) }
                for c in out.callFixups { calls.append((c.at + start, c.callee)) }
            }
        }
        if restart { return nil }
        for c in calls {
            let target = starts[c.callee - module.importedFunctionCount]
            let rel = UInt32(truncatingIfNeeded: target - (c.at + 4))
            for k in 0..<4 { bytes[c.at + k] = UInt8(truncatingIfNeeded: rel >> (8 * UInt32(k))) }
        }
        let tailSlots = module.types.map { max($0.params.count, $0.results.count) }.max() ?? 0
        return try MachineCode(bytes: bytes, functionStarts: starts, offsets: offsets,
                               importedFunctionCount: module.importedFunctionCount,
                               assumesGuardedMemory: options.guardedMemory, tailSlots: tailSlots, features: options.features)
    }
    #endif

    /// Whether this code relies on a guard region `instance`'s memory 0 does not have.
    func lacksGuard(in instance: Instance) -> Bool {
        guard assumesGuardedMemory, let m = instance.memories.first else { return false }
        return !m.type.limits.is64 && m.type.pageSizeLog2 >= 12 && !m.isGuarded
    }

    /// Points the instance's functions at their code.
    func attach(_ instance: Instance) throws {
        if lacksGuard(in: instance) {
            throw WasmError(.other, "compiled code needs memory 0 to have its guard reservation")
        }
        instance.store.reserveTailArguments(slots: tailSlots)
        for (k, start) in functionStarts.enumerated() {
            let f = instance.functions[importedFunctionCount + k]
            f.ref.pointee.code = UnsafeRawPointer(code + start)
        }
    }

    /// Defined-function index (in the module's function index space) and
    /// module byte offset of a PC in this code.
    func location(of pc: UInt) -> (function: Int, offset: Int)? {
        let rel = Int(pc) - Int(UInt(bitPattern: code))
        guard rel >= 0 && rel < size else { return nil }
        var lo = 0, hi = functionStarts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if functionStarts[mid] <= rel { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        var a = 0, b = offsets.count, best = 0
        while a < b {
            let mid = (a + b) / 2
            if Int(offsets[mid].pc) <= rel { best = Int(offsets[mid].offset); a = mid + 1 } else { b = mid }
        }
        return (importedFunctionCount + lo - 1, best)
    }

    /// The wasm frames of a trapped activation, innermost first: `pc` is
    /// exact for the first frame, return addresses after it.
    static func backtrace(pc: UInt, fp: UInt) -> [TrapFrame] {
        var frames: [TrapFrame] = []
        var pc = pc, fp = fp
        while frames.count < Interpreter.maxTraceFrames, fp != 0, let code = CodeRegistry.lookup(pc) {
            guard let (index, offset) = code.location(of: pc) else { break }
            let vm = UnsafeMutablePointer<VMContext>(bitPattern: UInt(bitPattern: UnsafeRawPointer(bitPattern: fp - 16)!.load(as: Int.self)))
            let instance = vm.map { Unmanaged<Instance>.fromOpaque($0.pointee.instance).takeUnretainedValue() }
            var frame = TrapFrame(functionIndex: UInt32(index), functionOffset: 0, moduleOffset: offset, instance: instance)
            if let module = instance?.module {
                frame.functionOffset = module.functionOffset(offset, inFunction: index)
                frame.functionName = module.functionNames[UInt32(index)]
            }
            frames.append(frame)
            let saved = UnsafeRawPointer(bitPattern: fp)!
            pc = saved.load(fromByteOffset: 8, as: UInt.self) &- 1
            fp = saved.load(as: UInt.self)
        }
        return frames
    }

    /// Calls compiled function `f` from the host with arguments and results in `slots`.
    static func invoke(_ f: Function, code: UnsafeRawPointer, slots: UnsafeMutableRawPointer) throws {
        #if arch(x86_64)
        let store = f.store
        let context = store.vmStore
        let outermost = context.pointee.entrySP == 0
        if outermost { context.pointee.stackLimit = StackBounds.limit(budget: store.engine.config.maxWasmStackBytes) }
        defer { if outermost { context.pointee.stackLimit = 0 } }
        let rc = Builtins.stubs!.entry(f.ref.pointee.vmctx!, code, slots, UnsafeMutableRawPointer(context))
        if rc == TrapCode.exception, let exception = store.takePendingException() {
            throw Trap(uncaught: exception)
        }
        if rc != 0 {
            let trap = store.pendingTrap ?? Trap(TrapCode.reason(rc) ?? .host("unknown trap"))
            store.pendingTrap = nil
            throw trap
        }
        #endif
    }
}

/// The machine code objects alive in the process, for mapping PCs to
/// functions when building trap frames (not used by the signal handler).
enum CodeRegistry {
    nonisolated(unsafe) private static var lock: pthread_mutex_t = {
        var m = pthread_mutex_t()
        pthread_mutex_init(&m, nil)
        return m
    }()
    /// Sorted by start address.
    nonisolated(unsafe) private static var codes: [(start: UInt, code: Unmanaged<MachineCode>)] = []

    static func add(_ c: MachineCode) {
        let start = UInt(bitPattern: c.code)
        pthread_mutex_lock(&lock)
        let i = codes.firstIndex { $0.start > start } ?? codes.count
        codes.insert((start, Unmanaged.passUnretained(c)), at: i)
        pthread_mutex_unlock(&lock)
    }

    static func remove(_ c: MachineCode) {
        let start = UInt(bitPattern: c.code)
        pthread_mutex_lock(&lock)
        codes.removeAll { $0.start == start }
        pthread_mutex_unlock(&lock)
    }

    static func lookup(_ pc: UInt) -> MachineCode? {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        var lo = 0, hi = codes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if codes[mid].start <= pc { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let c = codes[lo - 1].code.takeUnretainedValue()
        return pc < codes[lo - 1].start + UInt(c.size) ? c : nil
    }
}
