/// The abstract heap types a reference can point to.
public enum HeapType: Hashable, Sendable {
    case `func`
    case `extern`
    /// An exception (exception handling: `exnref`).
    case exn
    /// The bottom of the exception hierarchy: only the null reference (`nullexnref`).
    case noexn
    /// The GC hierarchy (Wasm 3.0): `any` above `eq`, above `i31`, `struct`
    /// and `array`; `none` is its bottom. `nofunc` and `noextern` are the
    /// bottoms of the function and extern hierarchies.
    case any, eq, i31, `struct`, array, none, nofunc, noextern
    /// A defined type (function, struct or array) of the module's type index.
    case concrete(UInt32)
}

/// A reference type: nullable or not, and what it refers to.
public struct RefType: Hashable, Sendable {
    public var nullable: Bool
    public var heapType: HeapType

    public init(nullable: Bool = true, heapType: HeapType) {
        self.nullable = nullable
        self.heapType = heapType
    }

    public static let funcref = RefType(heapType: .func)
    public static let externref = RefType(heapType: .extern)
    public static let exnref = RefType(heapType: .exn)
}

/// A WebAssembly value type.
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case i32, i64, f32, f64, v128
    case ref(RefType)

    public static let funcref = ValueType.ref(.funcref)
    public static let externref = ValueType.ref(.externref)
    public static let exnref = ValueType.ref(.exnref)

    public var isReference: Bool {
        if case .ref = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref(let r):
            switch r.heapType {
            case .func: return r.nullable ? "funcref" : "(ref func)"
            case .extern: return r.nullable ? "externref" : "(ref extern)"
            case .exn: return r.nullable ? "exnref" : "(ref exn)"
            case .noexn: return r.nullable ? "nullexnref" : "(ref noexn)"
            case .any: return r.nullable ? "anyref" : "(ref any)"
            case .eq: return r.nullable ? "eqref" : "(ref eq)"
            case .i31: return r.nullable ? "i31ref" : "(ref i31)"
            case .struct: return r.nullable ? "structref" : "(ref struct)"
            case .array: return r.nullable ? "arrayref" : "(ref array)"
            case .none: return r.nullable ? "nullref" : "(ref none)"
            case .nofunc: return r.nullable ? "nullfuncref" : "(ref nofunc)"
            case .noextern: return r.nullable ? "nullexternref" : "(ref noextern)"
            case .concrete(let i): return r.nullable ? "(ref null \(i))" : "(ref \(i))"
            }
        }
    }
}

/// A function signature.
public struct FuncType: Hashable, Sendable, CustomStringConvertible {
    public var params: [ValueType]
    public var results: [ValueType]

    public init(params: [ValueType], results: [ValueType]) {
        self.params = params
        self.results = results
    }

    public var description: String { "\(params) -> \(results)" }
}

/// Size limits of a memory (in pages) or a table (in elements).
public struct Limits: Hashable, Sendable {
    public var min: UInt64
    public var max: UInt64?
    /// True for memory64 / table64 (addresses are i64).
    public var is64: Bool
    public var shared: Bool

    public init(min: UInt64, max: UInt64? = nil, is64: Bool = false, shared: Bool = false) {
        self.min = min
        self.max = max
        self.is64 = is64
        self.shared = shared
    }

    /// Import subtyping: `self` (the provided object's current limits) fits `required`.
    public func isSubtype(of required: Limits) -> Bool {
        guard is64 == required.is64, shared == required.shared, min >= required.min else { return false }
        if let rmax = required.max {
            guard let max, max <= rmax else { return false }
        }
        return true
    }
}

/// The type of a linear memory.
public struct MemoryType: Hashable, Sendable {
    public var limits: Limits
    /// log2 of the page size (16 for the standard 64 KiB pages).
    public var pageSizeLog2: UInt8

    public init(limits: Limits, pageSizeLog2: UInt8 = 16) {
        self.limits = limits
        self.pageSizeLog2 = pageSizeLog2
    }
}

/// The type of a table.
public struct TableType: Hashable, Sendable {
    public var elementType: RefType
    public var limits: Limits

    public init(elementType: RefType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

/// The type of a global.
public struct GlobalType: Hashable, Sendable {
    public var valueType: ValueType
    public var mutable: Bool

    public init(valueType: ValueType, mutable: Bool) {
        self.valueType = valueType
        self.mutable = mutable
    }
}

/// The type of anything a module imports or exports.
public enum ExternType: Hashable, Sendable {
    case function(FuncType)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    /// An exception tag (exception handling): its parameters.
    case tag(FuncType)
}
