/// What a host function sees of its caller.
public struct Caller {
    public let store: Store
    /// The calling instance, when the call came from wasm.
    public let instance: Instance?

    /// The caller's exported memory `name`, or its first memory.
    public func memory(_ name: String = "memory") -> Memory? {
        guard let instance else { return nil }
        if case .memory(let m)? = instance.export(name) { return m }
        return instance.memories.first
    }
}

/// A host function body. Arguments arrive in 16-byte slots at `slots`;
/// results are written to the same slots (the buffer holds
/// max(params, results) slots). Throw a `Trap` to trap.
public typealias HostFunctionBody = (Caller, UnsafeMutableRawPointer) throws -> Void

/// A function instance: defined in wasm or provided by the host.
public final class Function {
    enum Kind {
        /// Function `index` (module index space) of `instance`.
        case wasm(instance: Unmanaged<Instance>, index: Int)
        case host(HostFunctionBody)
    }

    public let type: FuncType
    let kind: Kind
    unowned(unsafe) let store: Store
    /// The raw reference machine code and tables use.
    let ref: UnsafeMutablePointer<VMFuncRef>

    /// A function of `type`; `typeID` is its canonical type id when known
    /// (a module's function), else the id of `type` alone.
    init(store: Store, type: FuncType, kind: Kind, typeID: UInt32? = nil) {
        self.store = store
        self.type = type
        self.kind = kind
        ref = .allocate(capacity: 1)
        ref.initialize(to: VMFuncRef(typeID: typeID ?? store.engine.types.intern(type), function: UnsafeMutableRawPointer(bitPattern: 1)!, code: nil, vmctx: nil))
        ref.pointee.function = Unmanaged.passUnretained(self).toOpaque()
        if case .host = kind { ref.pointee.code = Builtins.table[Builtins.hostTrampoline] }
    }

    deinit { ref.deallocate() }

    /// Creates a host function in `store`.
    public convenience init(store: Store, type: FuncType, body: @escaping HostFunctionBody) {
        self.init(store: store, type: type, kind: .host(body))
        store.adopt(self)
    }

    var typeID: UInt32 { ref.pointee.typeID }

    /// Reference bits of this function (see `Slot`).
    var refBits: UInt64 { UInt64(UInt(bitPattern: ref)) }

    /// The function a non-null funcref points to.
    @inline(__always) static func from(bits: UInt64) -> Function? {
        guard bits != 0, let p = UnsafeMutablePointer<VMFuncRef>(bitPattern: UInt(bits)) else { return nil }
        return Unmanaged<Function>.fromOpaque(p.pointee.function).takeUnretainedValue()
    }

    /// Canonical ids of the type indices `type` mentions: the defining
    /// module's, none for a host function.
    var typeIDs: [UInt32] {
        if case .wasm(let owner, _) = kind { return owner.takeUnretainedValue().compiled.typeIDs }
        return []
    }

    /// Whether the host may pass `value` as parameter `index` (see `Store.admits`).
    public func admits(_ value: Value, parameter index: Int) -> Bool {
        index < type.params.count && store.admits(value, type.params[index], typeIDs: typeIDs)
    }

    public var isHost: Bool {
        if case .host = kind { return true }
        return false
    }

    /// Calls the function with typed values.
    public func call(_ args: [Value]) throws -> [Value] {
        guard args.count == type.params.count else {
            throw Trap(.host("expected \(type.params.count) arguments, got \(args.count)"))
        }
        let n = max(args.count, type.results.count, 1)
        let slots = UnsafeMutableRawPointer.allocate(byteCount: n * Slot.size, alignment: 16)
        defer { slots.deallocate() }
        let ids = typeIDs
        for (i, (a, t)) in zip(args, type.params).enumerated() {
            guard store.admits(a, t, typeIDs: ids) else { throw Trap(.host("argument \(i) does not have type \(t)")) }
            Slot.write(slots + i * Slot.size, a, store: store)
        }
        try call(slots: slots)
        let definedTypes = DefinedTypes(ids: ids, registry: store.engine.types)
        return type.results.enumerated().map { Slot.read(slots + $0.offset * Slot.size, $0.element, definedTypes: definedTypes) }
    }

    /// Calls the function with raw slots (args in, results out), as `HostFunctionBody` describes.
    public func call(slots: UnsafeMutableRawPointer) throws {
        switch kind {
        case .host(let body):
            try body(Caller(store: store, instance: nil), slots)
        case .wasm:
            if let code = ref.pointee.code {
                try MachineCode.invoke(self, code: code, slots: slots)
            } else {
                try store.interpreter.invoke(self, slots: slots)
            }
        }
    }
}

extension Value {
    /// Whether the value can be passed where `type` is expected.
    public func matches(_ type: ValueType) -> Bool {
        switch (self, type) {
        case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
        case (.funcref(let f), .ref(let r)):
            switch r.heapType {
            case .func, .concrete: return f != nil || r.nullable
            case .nofunc: return f == nil && r.nullable
            default: return false
            }
        case (.externref(let o), .ref(let r)):
            if o == nil { return r.nullable && (r.heapType == .extern || r.heapType == .noextern) }
            return r.heapType == .extern
        case (.exnref(let e), .ref(let r)):
            if e == nil { return r.nullable && (r.heapType == .exn || r.heapType == .noexn) }
            return r.heapType == .exn
        case (.anyref(let a), .ref(let r)):
            guard let a else { return r.nullable && (r.heapType.abstractTop == .any || r.heapType.abstractTop == nil) }
            switch (r.heapType, a.kind) {
            case (.any, _), (.eq, .i31), (.eq, .structure), (.eq, .array), (.i31, .i31), (.struct, .structure),
                 (.array, .array), (.concrete, .structure), (.concrete, .array):
                return true
            default: return false
            }
        default: return false
        }
    }
}

/// Anything an instance can import or export.
public enum Extern {
    case function(Function)
    case table(Table)
    case memory(Memory)
    case global(Global)
    case tag(Tag)

    public var type: ExternType {
        switch self {
        case .function(let f): return .function(f.type)
        case .table(let t): return .table(t.currentType)
        case .memory(let m): return .memory(m.currentType)
        case .global(let g): return .global(g.type)
        case .tag(let t): return .tag(t.type)
        }
    }
}
