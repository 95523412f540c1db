/// A 128-bit SIMD value, little-endian: `lo` holds bytes 0–7.
public struct V128: Hashable, Sendable {
    public var lo: UInt64
    public var hi: UInt64

    public init(lo: UInt64, hi: UInt64) {
        self.lo = lo
        self.hi = hi
    }
}

/// The kinds of things a module imports and exports (binary encoding values).
public enum ExternKind: UInt8, Sendable {
    case function = 0, table = 1, memory = 2, global = 3, tag = 4
}

/// What an import asks for.
public enum ImportDescriptor: Sendable {
    case function(typeIndex: UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    case tag(typeIndex: UInt32)
}

/// One entry of the import section.
public struct Import: Sendable {
    public var module: String
    public var name: String
    public var descriptor: ImportDescriptor
}

/// One entry of the export section.
public struct Export: Sendable {
    public var name: String
    public var kind: ExternKind
    public var index: UInt32
}

/// One instruction of a constant expression (global initializers, segment
/// offsets, element items), including the extended-const arithmetic.
public enum ConstInstruction: Sendable {
    case i32Const(UInt32), i64Const(UInt64), f32Const(UInt32), f64Const(UInt64), v128Const(V128)
    case refNull(HeapType), refFunc(UInt32), globalGet(UInt32)
    case i32Add, i32Sub, i32Mul, i64Add, i64Sub, i64Mul
    /// Allocating GC instructions (`0xFB` prefix): struct.new, array.new and
    /// their variants with the type index (and, for array.new_fixed, the
    /// count), ref.i31 and the extern/any conversions.
    case structNew(UInt32), structNewDefault(UInt32), arrayNew(UInt32), arrayNewDefault(UInt32)
    case arrayNewFixed(UInt32, UInt32), refI31, anyConvertExtern, externConvertAny
}

/// A constant expression, evaluated at instantiation.
public struct ConstExpr: Sendable {
    public var instructions: [ConstInstruction]
}

/// A global defined by the module.
public struct GlobalDefinition: Sendable {
    public var type: GlobalType
    public var initializer: ConstExpr
}

/// A table defined by the module, with an optional initializer for its elements.
public struct TableDefinition: Sendable {
    public var type: TableType
    public var initializer: ConstExpr?
}

/// An element segment.
public struct ElementSegment: Sendable {
    public enum Mode: Sendable {
        case passive
        case active(table: UInt32, offset: ConstExpr)
        case declarative
    }
    public var mode: Mode
    public var type: RefType
    public var items: [ConstExpr]
}

/// A data segment; `range` locates its bytes in the module binary.
public struct DataSegment: Sendable {
    public enum Mode: Sendable {
        case passive
        case active(memory: UInt32, offset: ConstExpr)
    }
    public var mode: Mode
    public var range: Range<Int>
}

/// A function body: declared locals and the location of its instructions.
public struct FunctionBody: Sendable {
    /// Run-length locals as declared: (count, type).
    public var locals: [(count: UInt32, type: ValueType)]
    public var localCount: Int
    /// Byte offset where the body begins (its local declarations, after its size).
    public var start: Int
    /// Byte range of the instruction sequence (after the locals), ending with `end`.
    public var code: Range<Int>
    /// End of the code section, for the spec's wording of truncated bodies.
    public var sectionEnd: Int
}

/// A custom section: name and byte range of its payload.
public struct CustomSection: Sendable {
    public var name: String
    public var range: Range<Int>
}

/// A decoded module: immutable, engine-independent, shareable between
/// threads. Produced by `ModuleDecoder`, checked by `ModuleValidator`.
public final class Module: @unchecked Sendable {
    public let bytes: [UInt8]
    /// The signature of each type index; an empty signature for struct and
    /// array types (their definitions are in `subTypes`).
    public internal(set) var types: [FuncType] = []
    /// The full definition of each type index (GC: `sub`, struct, array).
    public internal(set) var subTypes: [SubType] = []
    /// The recursion groups of the type section, as ranges of type indices.
    public internal(set) var recGroups: [Range<Int>] = []
    public internal(set) var imports: [Import] = []
    /// Type index of every function, imported ones first.
    public internal(set) var functionTypeIndices: [UInt32] = []
    public internal(set) var tables: [TableType] = []
    public internal(set) var tableDefinitions: [TableDefinition] = []
    public internal(set) var memories: [MemoryType] = []
    public internal(set) var globals: [GlobalType] = []
    public internal(set) var globalDefinitions: [GlobalDefinition] = []
    /// Type index of every exception tag, imported ones first.
    public internal(set) var tags: [UInt32] = []
    public internal(set) var exports: [Export] = []
    public internal(set) var start: UInt32?
    public internal(set) var elements: [ElementSegment] = []
    public internal(set) var dataCount: UInt32?
    public internal(set) var data: [DataSegment] = []
    public internal(set) var bodies: [FunctionBody] = []
    public internal(set) var customSections: [CustomSection] = []
    /// Function names from the "name" custom section, if present.
    public internal(set) var functionNames: [UInt32: String] = [:]
    public internal(set) var importedFunctionCount = 0
    public internal(set) var importedTableCount = 0
    public internal(set) var importedMemoryCount = 0
    public internal(set) var importedGlobalCount = 0
    public internal(set) var importedTagCount = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The signature of function `index` (imports first).
    public func functionType(_ index: Int) -> FuncType {
        types[Int(functionTypeIndices[index])]
    }

    /// The offset of module byte `offset` within defined function `index`'s
    /// body, counted from the body's start (its local declarations), as
    /// `wasm_frame_func_offset` reports it.
    func functionOffset(_ offset: Int, inFunction index: Int) -> Int {
        max(0, offset - bodies[index - importedFunctionCount].start)
    }

    /// The value types of a defined function's locals: its parameters, then its declared locals.
    func locals(of index: Int) -> [ValueType] {
        let body = bodies[index - importedFunctionCount]
        var locals = functionType(index).params
        locals.reserveCapacity(locals.count + body.localCount)
        for (count, t) in body.locals { locals.append(contentsOf: repeatElement(t, count: Int(count))) }
        return locals
    }

    /// The extern type of an import.
    public func externType(of imp: Import) -> ExternType {
        switch imp.descriptor {
        case .function(let t): return .function(types[Int(t)])
        case .table(let t): return .table(t)
        case .memory(let m): return .memory(m)
        case .global(let g): return .global(g)
        case .tag(let t): return .tag(types[Int(t)])
        }
    }

    /// The extern type of an export.
    public func externType(of exp: Export) -> ExternType {
        let i = Int(exp.index)
        switch exp.kind {
        case .function: return .function(functionType(i))
        case .table: return .table(tables[i])
        case .memory: return .memory(memories[i])
        case .global: return .global(globals[i])
        case .tag: return .tag(types[Int(tags[i])])
        }
    }

    /// Decodes and validates `bytes`, which may use `features`.
    public static func parse(_ bytes: [UInt8], features: Features = .default) throws(WasmError) -> Module {
        let module = try ModuleDecoder.decode(bytes, features: features)
        try ModuleValidator(module: module, features: features).validate()
        return module
    }
}
