import CWasmHeaders
import SwasmCore

/// `wasm_valtype_t`: a value kind.
final class ValTypeBox {
    let kind: wasm_valkind_t

    init(kind: wasm_valkind_t) { self.kind = kind }

    convenience init(_ type: ValueType) {
        switch type {
        case .i32: self.init(kind: CVal.i32)
        case .i64: self.init(kind: CVal.i64)
        case .f32: self.init(kind: CVal.f32)
        case .f64: self.init(kind: CVal.f64)
        case .v128: self.init(kind: CVal.v128)
        case .ref(let r):
            // wasm.h has two reference kinds: GC references (any hierarchy) travel as opaque externrefs.
            let opaque = r.heapType == .extern || r.heapType == .noextern || r.heapType.isAnyHierarchy
            self.init(kind: opaque ? CVal.externref : CVal.funcref)
        }
    }

    static func isValid(_ kind: wasm_valkind_t) -> Bool { kind <= CVal.v128 || kind == CVal.externref || kind == CVal.funcref }

    /// The core type (nullable references for the reference kinds).
    var type: ValueType {
        switch kind {
        case CVal.i32: return .i32
        case CVal.i64: return .i64
        case CVal.f32: return .f32
        case CVal.f64: return .f64
        case CVal.externref: return .externref
        case CVal.funcref: return .funcref
        default: return .v128
        }
    }

    func copy() -> ValTypeBox { ValTypeBox(kind: kind) }
}

/// `wasm_functype_t`, `wasm_globaltype_t`, `wasm_tabletype_t`,
/// `wasm_memorytype_t`, `wasm_tagtype_t` and their common view
/// `wasm_externtype_t`: one object, so the up- and down-casts return the
/// same pointer. Owns the C-side storage the accessors hand out.
final class ExternTypeBox {
    let kind: wasm_externkind_t
    /// Function types: owned vectors of owned valtypes.
    let params: UnsafeMutablePointer<wasm_valtype_vec_t>
    let results: UnsafeMutablePointer<wasm_valtype_vec_t>
    /// Global content / table element (a valtype) or a tag's functype; owned.
    let content: AnyObject?
    let mutability: wasm_mutability_t
    let limits: UnsafeMutablePointer<wasm_limits_t>

    private init(kind: wasm_externkind_t, params: wasm_valtype_vec_t = wasm_valtype_vec_t(),
                 results: wasm_valtype_vec_t = wasm_valtype_vec_t(), content: AnyObject? = nil,
                 mutability: wasm_mutability_t = 0, limits: wasm_limits_t = wasm_limits_t()) {
        self.kind = kind
        self.params = .allocate(capacity: 1)
        self.params.initialize(to: params)
        self.results = .allocate(capacity: 1)
        self.results.initialize(to: results)
        self.content = content
        self.mutability = mutability
        self.limits = .allocate(capacity: 1)
        self.limits.initialize(to: limits)
    }

    deinit {
        HandleVec<ValTypeBox>.delete(params)
        HandleVec<ValTypeBox>.delete(results)
        params.deallocate()
        results.deallocate()
        limits.deallocate()
    }

    static let function = wasm_externkind_t(WASM_EXTERN_FUNC.rawValue)
    static let global = wasm_externkind_t(WASM_EXTERN_GLOBAL.rawValue)
    static let table = wasm_externkind_t(WASM_EXTERN_TABLE.rawValue)
    static let memory = wasm_externkind_t(WASM_EXTERN_MEMORY.rawValue)
    static let tag = wasm_externkind_t(WASM_EXTERN_TAG.rawValue)

    /// A function type owning the two vectors.
    static func function(params: wasm_valtype_vec_t, results: wasm_valtype_vec_t) -> ExternTypeBox {
        ExternTypeBox(kind: function, params: params, results: results)
    }

    static func global(_ content: ValTypeBox, mutability: wasm_mutability_t) -> ExternTypeBox {
        ExternTypeBox(kind: global, content: content, mutability: mutability)
    }

    static func table(_ element: ValTypeBox, limits: wasm_limits_t) -> ExternTypeBox {
        ExternTypeBox(kind: table, content: element, limits: limits)
    }

    static func memory(limits: wasm_limits_t) -> ExternTypeBox {
        ExternTypeBox(kind: memory, limits: limits)
    }

    static func tag(_ function: ExternTypeBox) -> ExternTypeBox {
        ExternTypeBox(kind: tag, content: function)
    }

    /// The C form of a core type.
    static func make(_ type: ExternType) -> ExternTypeBox {
        switch type {
        case .function(let f):
            var p = wasm_valtype_vec_t(), r = wasm_valtype_vec_t()
            HandleVec<ValTypeBox>.make(&p, f.params.map(ValTypeBox.init))
            HandleVec<ValTypeBox>.make(&r, f.results.map(ValTypeBox.init))
            return function(params: p, results: r)
        case .global(let g):
            return global(ValTypeBox(g.valueType), mutability: g.mutable ? 1 : 0)
        case .table(let t):
            return table(ValTypeBox(.ref(t.elementType)), limits: cLimits(t.limits))
        case .memory(let m):
            return memory(limits: cLimits(m.limits))
        case .tag(let f):
            return tag(make(.function(f)))
        }
    }

    static func cLimits(_ l: Limits) -> wasm_limits_t {
        wasm_limits_t(min: UInt32(clamping: l.min), max: l.max.map { UInt32(clamping: $0) } ?? wasm_limits_max_default)
    }

    var coreLimits: Limits {
        let l = limits.pointee
        return Limits(min: UInt64(l.min), max: l.max == wasm_limits_max_default ? nil : UInt64(l.max))
    }

    /// Valtypes of a vector; nil if one is NULL.
    private static func types(_ v: UnsafePointer<wasm_valtype_vec_t>) -> [ValueType]? {
        var out: [ValueType] = []
        for p in Vec.elements(v) {
            guard let t = borrow(p, as: ValTypeBox.self) else { return nil }
            out.append(t.type)
        }
        return out
    }

    var valueContent: ValTypeBox? { content as? ValTypeBox }
    var functionContent: ExternTypeBox? { content as? ExternTypeBox }

    var funcType: FuncType? {
        guard kind == Self.function, let p = Self.types(params), let r = Self.types(results) else { return nil }
        return FuncType(params: p, results: r)
    }

    /// The core type; nil for tags and for malformed types.
    var coreType: ExternType? {
        switch kind {
        case Self.function: return funcType.map { .function($0) }
        case Self.global: return valueContent.map { .global(GlobalType(valueType: $0.type, mutable: mutability != 0)) }
        case Self.table:
            guard let e = valueContent, case .ref(let r) = e.type else { return nil }
            return .table(TableType(elementType: r, limits: coreLimits))
        case Self.memory: return .memory(MemoryType(limits: coreLimits))
        default: return nil
        }
    }

    /// A deep copy.
    func copy() -> ExternTypeBox {
        var p = wasm_valtype_vec_t(), r = wasm_valtype_vec_t()
        HandleVec<ValTypeBox>.copy(&p, params) { $0.copy() }
        HandleVec<ValTypeBox>.copy(&r, results) { $0.copy() }
        let c: AnyObject? = valueContent?.copy() ?? functionContent?.copy()
        return ExternTypeBox(kind: kind, params: p, results: r, content: c, mutability: mutability, limits: limits.pointee)
    }

    /// The box behind a handle if it has `kind`.
    static func of(_ p: OpaquePointer?, kind: wasm_externkind_t) -> ExternTypeBox? {
        guard let box = borrow(p, as: ExternTypeBox.self), box.kind == kind else { return nil }
        return box
    }
}

/// An owned name (byte vector) allocated for a type object.
func makeName(_ s: String) -> UnsafeMutablePointer<wasm_name_t> {
    let p = UnsafeMutablePointer<wasm_name_t>.allocate(capacity: 1)
    Vec.make(p, Array(s.utf8).map { wasm_byte_t(bitPattern: $0) })
    return p
}

/// Takes over the contents of a name passed as `own` (the caller's vector is left empty).
func takeName(_ name: UnsafeMutablePointer<wasm_name_t>?) -> UnsafeMutablePointer<wasm_name_t> {
    let p = UnsafeMutablePointer<wasm_name_t>.allocate(capacity: 1)
    p.initialize(to: name?.pointee ?? wasm_name_t())
    name?.pointee = wasm_name_t()
    return p
}

func freeName(_ p: UnsafeMutablePointer<wasm_name_t>) {
    Vec.delete(p)
    p.deallocate()
}

func copyName(_ p: UnsafeMutablePointer<wasm_name_t>) -> UnsafeMutablePointer<wasm_name_t> {
    let c = UnsafeMutablePointer<wasm_name_t>.allocate(capacity: 1)
    Vec.copy(c, p)
    return c
}

/// `wasm_importtype_t`: module name, field name, type.
final class ImportTypeBox {
    let module: UnsafeMutablePointer<wasm_name_t>
    let name: UnsafeMutablePointer<wasm_name_t>
    let type: ExternTypeBox

    init(module: UnsafeMutablePointer<wasm_name_t>, name: UnsafeMutablePointer<wasm_name_t>, type: ExternTypeBox) {
        self.module = module
        self.name = name
        self.type = type
    }

    deinit {
        freeName(module)
        freeName(name)
    }

    var moduleString: String { String(bytes: module.pointee.data, count: module.pointee.size) }
    var nameString: String { String(bytes: name.pointee.data, count: name.pointee.size) }

    func copy() -> ImportTypeBox { ImportTypeBox(module: copyName(module), name: copyName(name), type: type.copy()) }
}

/// `wasm_exporttype_t`: name, type.
final class ExportTypeBox {
    let name: UnsafeMutablePointer<wasm_name_t>
    let type: ExternTypeBox

    init(name: UnsafeMutablePointer<wasm_name_t>, type: ExternTypeBox) {
        self.name = name
        self.type = type
    }

    deinit { freeName(name) }

    func copy() -> ExportTypeBox { ExportTypeBox(name: copyName(name), type: type.copy()) }
}

// MARK: - Value types

@_cdecl("wasm_valtype_new")
public func wasm_valtype_new(_ kind: wasm_valkind_t) -> OpaquePointer? {
    ValTypeBox.isValid(kind) ? retained(ValTypeBox(kind: kind)) : nil
}

@_cdecl("wasm_valtype_kind")
public func wasm_valtype_kind(_ t: OpaquePointer?) -> wasm_valkind_t { borrow(t, as: ValTypeBox.self)?.kind ?? 0 }

@_cdecl("wasm_valtype_copy")
public func wasm_valtype_copy(_ t: OpaquePointer?) -> OpaquePointer? { borrow(t, as: ValTypeBox.self).map { retained($0.copy()) } }

@_cdecl("wasm_valtype_delete")
public func wasm_valtype_delete(_ t: OpaquePointer?) { release(t, as: ValTypeBox.self) }

// MARK: - Function types

@_cdecl("wasm_functype_new")
public func wasm_functype_new(_ params: UnsafeMutablePointer<wasm_valtype_vec_t>?, _ results: UnsafeMutablePointer<wasm_valtype_vec_t>?) -> OpaquePointer? {
    let p = params?.pointee ?? wasm_valtype_vec_t(), r = results?.pointee ?? wasm_valtype_vec_t()
    params?.pointee = wasm_valtype_vec_t()
    results?.pointee = wasm_valtype_vec_t()
    return retained(ExternTypeBox.function(params: p, results: r))
}

@_cdecl("wasm_functype_params")
public func wasm_functype_params(_ t: OpaquePointer?) -> UnsafePointer<wasm_valtype_vec_t>? {
    ExternTypeBox.of(t, kind: ExternTypeBox.function).map { UnsafePointer($0.params) }
}

@_cdecl("wasm_functype_results")
public func wasm_functype_results(_ t: OpaquePointer?) -> UnsafePointer<wasm_valtype_vec_t>? {
    ExternTypeBox.of(t, kind: ExternTypeBox.function).map { UnsafePointer($0.results) }
}

// MARK: - Global, table, memory and tag types

@_cdecl("wasm_globaltype_new")
public func wasm_globaltype_new(_ content: OpaquePointer?, _ mutability: wasm_mutability_t) -> OpaquePointer? {
    guard let c = borrow(content, as: ValTypeBox.self) else { return nil }
    release(content, as: ValTypeBox.self)
    return retained(ExternTypeBox.global(c, mutability: mutability))
}

@_cdecl("wasm_globaltype_content")
public func wasm_globaltype_content(_ t: OpaquePointer?) -> OpaquePointer? {
    ExternTypeBox.of(t, kind: ExternTypeBox.global)?.valueContent.map(unretained)
}

@_cdecl("wasm_globaltype_mutability")
public func wasm_globaltype_mutability(_ t: OpaquePointer?) -> wasm_mutability_t {
    ExternTypeBox.of(t, kind: ExternTypeBox.global)?.mutability ?? 0
}

@_cdecl("wasm_tabletype_new")
public func wasm_tabletype_new(_ element: OpaquePointer?, _ limits: UnsafePointer<wasm_limits_t>?) -> OpaquePointer? {
    guard let e = borrow(element, as: ValTypeBox.self) else { return nil }
    release(element, as: ValTypeBox.self)
    guard let limits, CVal.isRef(e.kind) else { return nil }
    return retained(ExternTypeBox.table(e, limits: limits.pointee))
}

@_cdecl("wasm_tabletype_element")
public func wasm_tabletype_element(_ t: OpaquePointer?) -> OpaquePointer? {
    ExternTypeBox.of(t, kind: ExternTypeBox.table)?.valueContent.map(unretained)
}

@_cdecl("wasm_tabletype_limits")
public func wasm_tabletype_limits(_ t: OpaquePointer?) -> UnsafePointer<wasm_limits_t>? {
    ExternTypeBox.of(t, kind: ExternTypeBox.table).map { UnsafePointer($0.limits) }
}

@_cdecl("wasm_memorytype_new")
public func wasm_memorytype_new(_ limits: UnsafePointer<wasm_limits_t>?) -> OpaquePointer? {
    limits.map { retained(ExternTypeBox.memory(limits: $0.pointee)) }
}

@_cdecl("wasm_memorytype_limits")
public func wasm_memorytype_limits(_ t: OpaquePointer?) -> UnsafePointer<wasm_limits_t>? {
    ExternTypeBox.of(t, kind: ExternTypeBox.memory).map { UnsafePointer($0.limits) }
}

@_cdecl("wasm_tagtype_new")
public func wasm_tagtype_new(_ function: OpaquePointer?) -> OpaquePointer? {
    guard let f = ExternTypeBox.of(function, kind: ExternTypeBox.function) else { return nil }
    release(function, as: ExternTypeBox.self)
    return retained(ExternTypeBox.tag(f))
}

@_cdecl("wasm_tagtype_functype")
public func wasm_tagtype_functype(_ t: OpaquePointer?) -> OpaquePointer? {
    ExternTypeBox.of(t, kind: ExternTypeBox.tag)?.functionContent.map(unretained)
}

// MARK: - Extern types and the casts between the views

@_cdecl("wasm_externtype_kind")
public func wasm_externtype_kind(_ t: OpaquePointer?) -> wasm_externkind_t { borrow(t, as: ExternTypeBox.self)?.kind ?? 0 }

/// The up-cast: the same object.
@inline(__always) func upcast(_ t: OpaquePointer?) -> OpaquePointer? { t }
/// The down-cast: the same object if it has `kind`.
@inline(__always) func downcast(_ t: OpaquePointer?, _ kind: wasm_externkind_t) -> OpaquePointer? {
    ExternTypeBox.of(t, kind: kind) == nil ? nil : t
}

@_cdecl("wasm_functype_as_externtype") public func wasm_functype_as_externtype(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_globaltype_as_externtype") public func wasm_globaltype_as_externtype(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_tabletype_as_externtype") public func wasm_tabletype_as_externtype(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_memorytype_as_externtype") public func wasm_memorytype_as_externtype(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_tagtype_as_externtype") public func wasm_tagtype_as_externtype(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_functype_as_externtype_const") public func wasm_functype_as_externtype_const(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_globaltype_as_externtype_const") public func wasm_globaltype_as_externtype_const(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_tabletype_as_externtype_const") public func wasm_tabletype_as_externtype_const(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_memorytype_as_externtype_const") public func wasm_memorytype_as_externtype_const(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }
@_cdecl("wasm_tagtype_as_externtype_const") public func wasm_tagtype_as_externtype_const(_ t: OpaquePointer?) -> OpaquePointer? { upcast(t) }

@_cdecl("wasm_externtype_as_functype") public func wasm_externtype_as_functype(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.function) }
@_cdecl("wasm_externtype_as_globaltype") public func wasm_externtype_as_globaltype(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.global) }
@_cdecl("wasm_externtype_as_tabletype") public func wasm_externtype_as_tabletype(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.table) }
@_cdecl("wasm_externtype_as_memorytype") public func wasm_externtype_as_memorytype(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.memory) }
@_cdecl("wasm_externtype_as_tagtype") public func wasm_externtype_as_tagtype(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.tag) }
@_cdecl("wasm_externtype_as_functype_const") public func wasm_externtype_as_functype_const(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.function) }
@_cdecl("wasm_externtype_as_globaltype_const") public func wasm_externtype_as_globaltype_const(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.global) }
@_cdecl("wasm_externtype_as_tabletype_const") public func wasm_externtype_as_tabletype_const(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.table) }
@_cdecl("wasm_externtype_as_memorytype_const") public func wasm_externtype_as_memorytype_const(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.memory) }
@_cdecl("wasm_externtype_as_tagtype_const") public func wasm_externtype_as_tagtype_const(_ t: OpaquePointer?) -> OpaquePointer? { downcast(t, ExternTypeBox.tag) }

// Copy and delete are the same for every view of an extern type.
@_cdecl("wasm_functype_copy") public func wasm_functype_copy(_ t: OpaquePointer?) -> OpaquePointer? { copyType(t) }
@_cdecl("wasm_globaltype_copy") public func wasm_globaltype_copy(_ t: OpaquePointer?) -> OpaquePointer? { copyType(t) }
@_cdecl("wasm_tabletype_copy") public func wasm_tabletype_copy(_ t: OpaquePointer?) -> OpaquePointer? { copyType(t) }
@_cdecl("wasm_memorytype_copy") public func wasm_memorytype_copy(_ t: OpaquePointer?) -> OpaquePointer? { copyType(t) }
@_cdecl("wasm_tagtype_copy") public func wasm_tagtype_copy(_ t: OpaquePointer?) -> OpaquePointer? { copyType(t) }
@_cdecl("wasm_externtype_copy") public func wasm_externtype_copy(_ t: OpaquePointer?) -> OpaquePointer? { copyType(t) }
@_cdecl("wasm_functype_delete") public func wasm_functype_delete(_ t: OpaquePointer?) { release(t, as: ExternTypeBox.self) }
@_cdecl("wasm_globaltype_delete") public func wasm_globaltype_delete(_ t: OpaquePointer?) { release(t, as: ExternTypeBox.self) }
@_cdecl("wasm_tabletype_delete") public func wasm_tabletype_delete(_ t: OpaquePointer?) { release(t, as: ExternTypeBox.self) }
@_cdecl("wasm_memorytype_delete") public func wasm_memorytype_delete(_ t: OpaquePointer?) { release(t, as: ExternTypeBox.self) }
@_cdecl("wasm_tagtype_delete") public func wasm_tagtype_delete(_ t: OpaquePointer?) { release(t, as: ExternTypeBox.self) }
@_cdecl("wasm_externtype_delete") public func wasm_externtype_delete(_ t: OpaquePointer?) { release(t, as: ExternTypeBox.self) }

func copyType(_ t: OpaquePointer?) -> OpaquePointer? { borrow(t, as: ExternTypeBox.self).map { retained($0.copy()) } }

// MARK: - Import and export types

@_cdecl("wasm_importtype_new")
public func wasm_importtype_new(_ module: UnsafeMutablePointer<wasm_name_t>?, _ name: UnsafeMutablePointer<wasm_name_t>?, _ type: OpaquePointer?) -> OpaquePointer? {
    let m = takeName(module), n = takeName(name)
    guard let t = borrow(type, as: ExternTypeBox.self) else {
        freeName(m)
        freeName(n)
        return nil
    }
    release(type, as: ExternTypeBox.self)
    return retained(ImportTypeBox(module: m, name: n, type: t))
}

@_cdecl("wasm_importtype_module")
public func wasm_importtype_module(_ t: OpaquePointer?) -> UnsafePointer<wasm_name_t>? { borrow(t, as: ImportTypeBox.self).map { UnsafePointer($0.module) } }

@_cdecl("wasm_importtype_name")
public func wasm_importtype_name(_ t: OpaquePointer?) -> UnsafePointer<wasm_name_t>? { borrow(t, as: ImportTypeBox.self).map { UnsafePointer($0.name) } }

@_cdecl("wasm_importtype_type")
public func wasm_importtype_type(_ t: OpaquePointer?) -> OpaquePointer? { borrow(t, as: ImportTypeBox.self).map { unretained($0.type) } }

@_cdecl("wasm_importtype_copy")
public func wasm_importtype_copy(_ t: OpaquePointer?) -> OpaquePointer? { borrow(t, as: ImportTypeBox.self).map { retained($0.copy()) } }

@_cdecl("wasm_importtype_delete")
public func wasm_importtype_delete(_ t: OpaquePointer?) { release(t, as: ImportTypeBox.self) }

@_cdecl("wasm_exporttype_new")
public func wasm_exporttype_new(_ name: UnsafeMutablePointer<wasm_name_t>?, _ type: OpaquePointer?) -> OpaquePointer? {
    let n = takeName(name)
    guard let t = borrow(type, as: ExternTypeBox.self) else {
        freeName(n)
        return nil
    }
    release(type, as: ExternTypeBox.self)
    return retained(ExportTypeBox(name: n, type: t))
}

@_cdecl("wasm_exporttype_name")
public func wasm_exporttype_name(_ t: OpaquePointer?) -> UnsafePointer<wasm_name_t>? { borrow(t, as: ExportTypeBox.self).map { UnsafePointer($0.name) } }

@_cdecl("wasm_exporttype_type")
public func wasm_exporttype_type(_ t: OpaquePointer?) -> OpaquePointer? { borrow(t, as: ExportTypeBox.self).map { unretained($0.type) } }

@_cdecl("wasm_exporttype_copy")
public func wasm_exporttype_copy(_ t: OpaquePointer?) -> OpaquePointer? { borrow(t, as: ExportTypeBox.self).map { retained($0.copy()) } }

@_cdecl("wasm_exporttype_delete")
public func wasm_exporttype_delete(_ t: OpaquePointer?) { release(t, as: ExportTypeBox.self) }
