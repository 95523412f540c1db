import Glibc

/// How functions are executed.
public enum ExecutionStrategy: String, Sendable, CaseIterable {
    /// The compiler when this host's ISA has one, else the interpreter.
    case auto
    case interpreter
    case compiler

    /// The strategy `auto` resolves to on this host.
    public var resolved: ExecutionStrategy {
        guard self == .auto else { return self }
        return ExecutionStrategy.compiler.isAvailable ? .compiler : .interpreter
    }

    /// Whether this host can execute with the strategy.
    public var isAvailable: Bool {
        guard self == .compiler else { return true }
        #if arch(x86_64)
        return Builtins.stubs != nil
        #else
        return false
        #endif
    }
}

/// Engine-wide settings.
public struct EngineConfig: Sendable {
    public var strategy: ExecutionStrategy = .auto
    /// Deepest wasm call nesting before "call stack exhausted".
    public var maxCallDepth: Int = 20_000
    /// Bytes of value stack per store for the interpreter.
    public var maxValueStackBytes: Int = 64 << 20
    /// Native stack bytes machine code may use per call from the host
    /// (compiler tiers; the interpreter bounds `maxCallDepth` instead).
    public var maxWasmStackBytes: Int = 1 << 20
    /// Whether code meters fuel (see `Store.fuel`). Off by default: it costs speed.
    public var consumeFuel = false
    /// The proposals modules may use (decoding and validation reject the rest).
    public var features: Features = .default

    /// Defaults; `SWASM_STRATEGY=auto|interpreter|compiler` in the environment
    /// overrides the default tier (e.g. to run an unchanged C host on another tier).
    public init() {
        if let name = getenv("SWASM_STRATEGY"), let s = ExecutionStrategy(rawValue: String(cString: name)) {
            strategy = s
        }
    }
}

/// Compiles modules and owns what they share: configuration and canonical type ids.
/// Thread-safe.
public final class Engine: @unchecked Sendable {
    public let config: EngineConfig
    let types = TypeRegistry()

    public init(config: EngineConfig = EngineConfig()) {
        self.config = config
    }
}
