/// How a struct field or array element is stored: a value type, or a
/// packed integer (`i8`, `i16`) read as an i32.
public enum StorageType: Hashable, Sendable {
    case value(ValueType)
    case i8, i16

    /// The operand type of the field on the stack.
    public var unpacked: ValueType {
        if case .value(let t) = self { return t }
        return .i32
    }

    public var isPacked: Bool {
        if case .value = self { return false }
        return true
    }

    /// Bytes the field takes in an object (its alignment too).
    var byteSize: Int {
        switch self {
        case .i8: return 1
        case .i16: return 2
        case .value(.i32), .value(.f32): return 4
        case .value(.v128): return 16
        case .value: return 8
        }
    }
}

/// A struct field or array element type: its storage and mutability.
public struct FieldType: Hashable, Sendable {
    public var storage: StorageType
    public var mutable: Bool

    public init(storage: StorageType, mutable: Bool) {
        self.storage = storage
        self.mutable = mutable
    }
}

/// The shape of a defined type.
public enum CompositeType: Hashable, Sendable {
    case function(FuncType)
    case structure([FieldType])
    case array(FieldType)
}

/// One entry of the type section (GC): a composite type, whether it is
/// final, and its declared supertypes (type indices).
public struct SubType: Hashable, Sendable {
    public var isFinal: Bool
    public var supertypes: [UInt32]
    public var composite: CompositeType

    public init(isFinal: Bool = true, supertypes: [UInt32] = [], composite: CompositeType) {
        self.isFinal = isFinal
        self.supertypes = supertypes
        self.composite = composite
    }

    /// The function signature, or nil for struct and array types.
    public var functionType: FuncType? {
        if case .function(let f) = composite { return f }
        return nil
    }
}

extension HeapType {
    /// The top type of the hierarchy an abstract heap type belongs to
    /// (`.any`, `.func`, `.extern` or `.exn`); nil for concrete types, whose
    /// hierarchy depends on their definition.
    var abstractTop: HeapType? {
        switch self {
        case .any, .eq, .i31, .struct, .array, .none: return .any
        case .func, .nofunc: return .func
        case .extern, .noextern: return .extern
        case .exn, .noexn: return .exn
        case .concrete: return nil
        }
    }

    /// Whether this is an abstract heap type of the `any` hierarchy.
    public var isAnyHierarchy: Bool { abstractTop == .any }

    /// The heap type of a one-byte reference type shorthand (`anyref` is
    /// 0x6E, ...), or nil when `byte` is not one.
    static func shorthand(_ byte: UInt8) -> HeapType? {
        switch byte {
        case 0x70: return .func
        case 0x6F: return .extern
        case 0x69: return .exn
        case 0x74: return .noexn
        case 0x6E: return .any
        case 0x6D: return .eq
        case 0x6C: return .i31
        case 0x6B: return .struct
        case 0x6A: return .array
        case 0x71: return HeapType.none
        case 0x73: return .nofunc
        case 0x72: return .noextern
        default: return nil
        }
    }
}

extension Module {
    /// Whether type index `index` exists and is a function type.
    func isFunctionType(_ index: UInt32) -> Bool {
        Int(index) < subTypes.count && subTypes[Int(index)].functionType != nil
    }

    /// The struct fields of type index `index`, if it is a struct type.
    func structFields(_ index: UInt32) -> [FieldType]? {
        guard Int(index) < subTypes.count, case .structure(let fields) = subTypes[Int(index)].composite else { return nil }
        return fields
    }

    /// The element type of type index `index`, if it is an array type.
    func arrayElement(_ index: UInt32) -> FieldType? {
        guard Int(index) < subTypes.count, case .array(let field) = subTypes[Int(index)].composite else { return nil }
        return field
    }
}
