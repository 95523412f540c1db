/// The WebAssembly proposals an engine accepts beyond the Wasm 1.0 core
/// (plus the Wasm 2.0 features every engine has: multi-value, bulk memory,
/// sign extension, saturating conversions, mutable-global imports).
///
/// The decoder (`ModuleDecoder.limitsFlags`) and the validator
/// (`ModuleValidator.checkFeatures`, `FunctionValidator` through
/// `Features.required(byOpcode:sub:)`) reject what a disabled feature would
/// add, with the error the spec testsuite expects of an engine without it.
/// Names follow wasmtime's `-W name=y|n` spelling.
public struct Features: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Fixed-width SIMD: v128 values and the 0xFD instructions.
    public static let simd = Features(rawValue: 1 << 0)
    /// Relaxed SIMD (0xFD 0x100 ...).
    public static let relaxedSimd = Features(rawValue: 1 << 1)
    /// Reference types: funcref/externref values outside tables, more than
    /// one table, `ref.*`, `table.get/set/size/grow/fill`, typed `select`.
    public static let referenceTypes = Features(rawValue: 1 << 2)
    /// More than one memory.
    public static let multiMemory = Features(rawValue: 1 << 3)
    /// 64-bit memories and tables (limits flag 0x04).
    public static let memory64 = Features(rawValue: 1 << 4)
    /// `return_call`, `return_call_indirect`, `return_call_ref`.
    public static let tailCall = Features(rawValue: 1 << 5)
    /// Exception handling: tags, `throw`, `throw_ref`, `try_table`.
    public static let exceptions = Features(rawValue: 1 << 6)
    /// Typed function references: `call_ref`, `ref.as_non_null`, `br_on_null`, `br_on_non_null`.
    public static let functionReferences = Features(rawValue: 1 << 7)
    /// Arithmetic (`i32/i64.add/sub/mul`) in constant expressions.
    public static let extendedConst = Features(rawValue: 1 << 8)
    /// Shared memories (limits flag 0x02) and the atomic instructions (0xFE).
    public static let threads = Features(rawValue: 1 << 9)
    /// Memory page sizes other than 64 KiB (limits flag 0x08).
    public static let customPageSizes = Features(rawValue: 1 << 10)
    /// `i64.add128`, `i64.sub128`, `i64.mul_wide_s`, `i64.mul_wide_u`.
    public static let wideArithmetic = Features(rawValue: 1 << 11)
    /// Garbage collection: struct and array types, subtyping and recursive
    /// type groups, and the 0xFB instructions.
    public static let gc = Features(rawValue: 1 << 12)

    /// Every feature, by its command-line name.
    public static let named: [(name: String, feature: Features)] = [
        ("simd", .simd), ("relaxed-simd", .relaxedSimd), ("reference-types", .referenceTypes),
        ("multi-memory", .multiMemory), ("memory64", .memory64), ("tail-call", .tailCall),
        ("exceptions", .exceptions), ("function-references", .functionReferences),
        ("extended-const", .extendedConst), ("threads", .threads),
        ("custom-page-sizes", .customPageSizes), ("wide-arithmetic", .wideArithmetic), ("gc", .gc),
    ]

    /// Everything this runtime implements.
    public static let all = Features(named.map(\.feature))

    /// What a production engine enables: the finished proposals (Wasm 3.0
    /// and threads, which is at phase 4 and on by default in wasmtime;
    /// shared memories and atomics cost nothing to modules that do not use
    /// them). Proposals still in development (custom page sizes, wide
    /// arithmetic) are off.
    public static let `default`: Features = all.subtracting([.customPageSizes, .wideArithmetic])

    /// The feature called `name`, if any.
    public init?(name: String) {
        guard let entry = Self.named.first(where: { $0.name == name }) else { return nil }
        self = entry.feature
    }

    /// Applies settings like wasmtime's `-W` values: `name`, `name=y|n`
    /// (also `yes/no`, `true/false`, `1/0`), comma-separated; `all=y|n`
    /// sets every feature. Returns the unknown or malformed item on error.
    public mutating func apply(_ settings: String) -> Result<Void, FeatureSettingError> {
        for item in settings.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let enable: Bool
            switch parts.count == 2 ? parts[1].lowercased() : "y" {
            case "y", "yes", "true", "1", "on": enable = true
            case "n", "no", "false", "0", "off": enable = false
            default: return .failure(FeatureSettingError(item: String(item)))
            }
            let feature: Features
            if parts[0] == "all" {
                feature = .all
            } else if let f = Features(name: parts[0]) {
                feature = f
            } else {
                return .failure(FeatureSettingError(item: String(item)))
            }
            if enable { formUnion(feature) } else { subtract(feature) }
        }
        return .success(())
    }
}

/// A `-W` item that names no feature or has a value other than yes/no.
public struct FeatureSettingError: Error, CustomStringConvertible {
    public let item: String
    public var description: String {
        "unknown wasm feature setting '\(item)' (known: \(Features.named.map(\.name).joined(separator: ", ")), all)"
    }
}
