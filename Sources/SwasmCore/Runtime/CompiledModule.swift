import Glibc

/// A module validated and compiled for one engine's execution tier.
/// Immutable and shareable between threads; instantiated into stores.
public final class CompiledModule: @unchecked Sendable {
    public let module: Module
    public let engine: Engine
    /// Canonical type id of each module type index.
    let typeIDs: [UInt32]
    /// The runtime description of each module type index (GC objects, casts).
    let gcTypes: [UnsafePointer<GCTypeInfo>]
    /// Interpreter code (interpreter strategy).
    let code: InterpreterCode?
    /// Machine code (compiler strategy).
    let machineCode: MachineCode?
    /// The same functions compiled with explicit bounds checks on memory 0,
    /// made on first use by an instance whose memory 0 lacks the guard
    /// reservation `machineCode` relies on (address space ran out, or an
    /// imported memory without one).
    private var checkedMachineCode: MachineCode?
    private var checkedCodeLock = pthread_mutex_t()

    /// Decodes, validates and compiles `bytes`.
    public convenience init(engine: Engine, bytes: [UInt8]) throws(WasmError) {
        try self.init(engine: engine, module: try ModuleDecoder.decode(bytes, features: engine.config.features))
    }

    /// Validates and compiles a decoded module.
    public convenience init(engine: Engine, module: Module) throws(WasmError) {
        let strategy = try Self.availableStrategy(of: engine)
        let context = try ModuleValidator(module: module, features: engine.config.features).validateModule()
        if strategy == .compiler {
            let options = CompileOptions(meterFuel: engine.config.consumeFuel, guardedMemory: Memory.canReserveGuardRegions,
                                         features: .host)
            let machineCode = try MachineCode.compile(module, context: context, options: options)
            self.init(engine: engine, module: module, code: nil, machineCode: machineCode)
        } else {
            let code = try InterpreterCode.compile(module, context: context, meterFuel: engine.config.consumeFuel)
            self.init(engine: engine, module: module, code: code, machineCode: nil)
        }
    }

    /// Wraps machine code compiled earlier from `module` (a deserialized
    /// image) for a compiler-strategy engine, without validating or
    /// compiling anything.
    convenience init(engine: Engine, module: Module, machineCode: MachineCode) throws(WasmError) {
        guard try Self.availableStrategy(of: engine) == .compiler else {
            throw WasmError(.other, "machine code needs an engine with the compiler strategy")
        }
        self.init(engine: engine, module: module, code: nil, machineCode: machineCode)
    }

    private init(engine: Engine, module: Module, code: InterpreterCode?, machineCode: MachineCode?) {
        self.module = module
        self.engine = engine
        typeIDs = engine.types.intern(module: module)
        gcTypes = typeIDs.map { engine.types.info($0) }
        self.code = code
        self.machineCode = machineCode
        pthread_mutex_init(&checkedCodeLock, nil)
        if let machineCode { PerfMap.record(machineCode, module: module) }
    }

    deinit { pthread_mutex_destroy(&checkedCodeLock) }

    /// The machine code to attach to `instance` (nil on the interpreter tier):
    /// `machineCode`, or its bounds-checked variant when the instance's
    /// memory 0 has no guard region.
    func machineCode(for instance: Instance) throws(WasmError) -> MachineCode? {
        guard let code = machineCode, code.lacksGuard(in: instance) else { return machineCode }
        pthread_mutex_lock(&checkedCodeLock)
        defer { pthread_mutex_unlock(&checkedCodeLock) }
        if let checked = checkedMachineCode { return checked }
        let context = try ModuleValidator(module: module, features: engine.config.features).validateModule()
        let options = CompileOptions(meterFuel: engine.config.consumeFuel, guardedMemory: false, features: code.features)
        let checked = try MachineCode.compile(module, context: context, options: options)
        PerfMap.record(checked, module: module)
        checkedMachineCode = checked
        return checked
    }

    /// The engine's resolved strategy; throws when this host cannot run it.
    private static func availableStrategy(of engine: Engine) throws(WasmError) -> ExecutionStrategy {
        let strategy = engine.config.strategy.resolved
        guard strategy.isAvailable else {
            throw WasmError(.other, "execution strategy '\(strategy.rawValue)' is not available on this host")
        }
        return strategy
    }
}
