/// A module validated and compiled for one engine's execution tier.
/// Immutable and shareable between threads; instantiated into stores.
public final class CompiledModule: @unchecked Sendable {
    public let module: Module
    public let engine: Engine
    /// Canonical type id of each module type index.
    let typeIDs: [UInt32]
    /// Interpreter code (interpreter strategy).
    let code: InterpreterCode?
    /// Machine code (compiler strategy).
    let machineCode: MachineCode?

    /// Decodes, validates and compiles `bytes`.
    public convenience init(engine: Engine, bytes: [UInt8]) throws(WasmError) {
        try self.init(engine: engine, module: try ModuleDecoder.decode(bytes))
    }

    /// Validates and compiles a decoded module.
    public init(engine: Engine, module: Module) throws(WasmError) {
        let strategy = engine.config.strategy.resolved
        guard strategy.isAvailable else {
            throw WasmError(.other, "execution strategy '\(strategy.rawValue)' is not available on this host")
        }
        let context = try ModuleValidator(module: module).validateModule()
        self.module = module
        self.engine = engine
        typeIDs = module.types.map { engine.types.intern($0) }
        if strategy == .compiler {
            let options = CompileOptions(meterFuel: engine.config.consumeFuel, guardedMemory: Memory.canReserveGuardRegions,
                                         features: .host)
            machineCode = try MachineCode.compile(module, context: context, options: options)
            code = nil
        } else {
            code = try InterpreterCode.compile(module, context: context, meterFuel: engine.config.consumeFuel)
            machineCode = nil
        }
    }
}
