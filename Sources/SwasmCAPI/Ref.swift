import CWasmHeaders
import SwasmCore

/// A runtime object as C sees it: `wasm_ref_t` and every reference kind
/// (`wasm_func_t`, `wasm_extern_t`, `wasm_instance_t`, `wasm_module_t`,
/// `wasm_foreign_t`, `wasm_trap_t`, …) are pointers to one `Entity`, so the
/// `as_ref`/`as_extern` views return the same pointer. A store keeps one
/// entity per core object, so every handle to the same object is the same
/// pointer and shares its host info; the exception are the reference
/// arguments a host callback is lent (`init(lending:)`), each a handle of its
/// own, so that a result that is one of them is known to be the argument
/// itself. `wasm_X_same` compares `identity`.
final class Entity {
    enum Object {
        case function(Function)
        case global(Global)
        case table(Table)
        case memory(Memory)
        case instance(Instance)
        case module(CompiledModule)
        /// A host object; `payload` is what wasm sees as the externref when
        /// the object came from elsewhere than `wasm_foreign_new`.
        case foreign(payload: AnyObject?)
        case trap(Trap)
        case tag(Tag)
    }

    enum Kind { case function, global, table, memory, instance, module, foreign, trap, tag }

    let object: Object
    let hostInfo: HostInfo
    /// The store the object belongs to (module and trap objects outlive it).
    weak var context: StoreContext?
    /// For a handle lent to a host callback, the store's entity it stands for.
    let canonical: Entity?
    /// The entity that is the object's identity (what copies return).
    var identity: Entity { canonical ?? self }

    init(_ object: Object, context: StoreContext?) {
        self.object = object
        self.context = context
        canonical = nil
        hostInfo = HostInfo()
    }

    /// A handle of its own for `entity`'s object and host info, lent to a host
    /// callback as an argument and released when the callback returns.
    init(lending entity: Entity) {
        object = entity.object
        context = entity.context
        canonical = entity.identity
        hostInfo = entity.hostInfo
    }

    var kind: Kind {
        switch object {
        case .function: return .function
        case .global: return .global
        case .table: return .table
        case .memory: return .memory
        case .instance: return .instance
        case .module: return .module
        case .foreign: return .foreign
        case .trap: return .trap
        case .tag: return .tag
        }
    }

    var isExtern: Bool { [.function, .global, .table, .memory, .tag].contains(kind) }

    var function: Function? { if case .function(let f) = object { return f }; return nil }
    // Globals, tables and memories read their store (limits, references)
    // on every operation: once it is deleted, handles still held see none.
    var global: Global? { if case .global(let g) = object, context != nil { return g }; return nil }
    var table: Table? { if case .table(let t) = object, context != nil { return t }; return nil }
    var memory: Memory? { if case .memory(let m) = object, context != nil { return m }; return nil }
    var instance: Instance? { if case .instance(let i) = object { return i }; return nil }
    var module: CompiledModule? { if case .module(let m) = object { return m }; return nil }
    var trap: Trap? { if case .trap(let t) = object { return t }; return nil }

    /// The core extern, for function, global, table, memory and tag objects.
    var asExtern: Extern? {
        switch object {
        case .function(let f): return .function(f)
        case .global(let g): return .global(g)
        case .table(let t): return .table(t)
        case .memory(let m): return .memory(m)
        case .tag(let t): return .tag(t)
        default: return nil
        }
    }

    /// What wasm holds for this object as an externref.
    var externPayload: AnyObject {
        if case .foreign(let payload?) = object { return payload }
        return identity
    }

    /// The core value of a reference to `entity` (nil: null) in a slot of
    /// type `type`, or nil when the object cannot be stored there.
    static func value(_ entity: Entity?, as type: RefType) -> Value? {
        if type.heapType == .extern {
            guard entity != nil || type.nullable else { return nil }
            return .externref(entity?.externPayload)
        }
        if type.heapType == .exn || type.heapType == .noexn {
            guard let entity else { return type.nullable ? .exnref(nil) : nil }
            return (entity.externPayload as? Exception).map { .exnref($0) }
        }
        if type.heapType.isAnyHierarchy {
            guard let entity else { return type.nullable ? .anyref(nil) : nil }
            return (entity.externPayload as? AnyRef).map { .anyref($0) }
        }
        guard let entity else { return type.nullable ? .funcref(nil) : nil }
        if let any = entity.externPayload as? AnyRef { return .anyref(any) }
        return entity.function.map { .funcref($0) }
    }

    /// Sets host info. The finalizer of an object of a store also runs when
    /// the store is deleted; modules and traps outlive their store, and theirs
    /// runs when they die.
    func setHostInfo(_ data: UnsafeMutableRawPointer?, finalizer: CFinalizer?) {
        hostInfo.set(data, finalizer: finalizer)
        if finalizer != nil, kind != .module, kind != .trap { context?.track(hostInfo) }
    }

    /// The entity behind a handle if it is of `kind` (any extern kind for nil).
    static func of(_ p: OpaquePointer?, _ kind: Kind?) -> Entity? {
        guard let e = borrow(p, as: Entity.self) else { return nil }
        if let kind { return e.kind == kind ? e : nil }
        return e.isExtern ? e : nil
    }
}

/// The functions every reference kind shares (WASM_DECLARE_REF_BASE and
/// WASM_DECLARE_REF in wasm.h), for kind `kind` (nil: any extern; `.none`
/// for `wasm_ref_t` means any kind).
enum RefFamily {
    static func delete(_ p: OpaquePointer?) { release(p, as: Entity.self) }
    static func copy(_ p: OpaquePointer?) -> OpaquePointer? { borrow(p, as: Entity.self).map { retained($0.identity) } }
    static func same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool {
        guard let a = borrow(a, as: Entity.self), let b = borrow(b, as: Entity.self) else { return false }
        return a.identity === b.identity
    }
    static func hostInfo(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { borrow(p, as: Entity.self)?.hostInfo.data }
    static func setHostInfo(_ p: OpaquePointer?, _ data: UnsafeMutableRawPointer?, _ finalizer: CFinalizer? = nil) {
        borrow(p, as: Entity.self)?.setHostInfo(data, finalizer: finalizer)
    }
    /// `wasm_X_as_ref`: the same object.
    static func asRef(_ p: OpaquePointer?) -> OpaquePointer? { p }
    /// `wasm_ref_as_X`: the same object if it has the kind.
    static func refAs(_ p: OpaquePointer?, _ kind: Entity.Kind?) -> OpaquePointer? { Entity.of(p, kind) == nil ? nil : p }
}

// MARK: - wasm_ref_t

@_cdecl("wasm_ref_delete") public func wasm_ref_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_ref_copy") public func wasm_ref_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_ref_same") public func wasm_ref_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_ref_get_host_info") public func wasm_ref_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_ref_set_host_info") public func wasm_ref_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_ref_set_host_info_with_finalizer") public func wasm_ref_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }

// MARK: - wasm_func_t

@_cdecl("wasm_func_delete") public func wasm_func_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_func_copy") public func wasm_func_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_func_same") public func wasm_func_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_func_get_host_info") public func wasm_func_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_func_set_host_info") public func wasm_func_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_func_set_host_info_with_finalizer") public func wasm_func_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_func_as_ref") public func wasm_func_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_func_as_ref_const") public func wasm_func_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_func") public func wasm_ref_as_func(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .function) }
@_cdecl("wasm_ref_as_func_const") public func wasm_ref_as_func_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .function) }

// MARK: - wasm_global_t

@_cdecl("wasm_global_delete") public func wasm_global_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_global_copy") public func wasm_global_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_global_same") public func wasm_global_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_global_get_host_info") public func wasm_global_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_global_set_host_info") public func wasm_global_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_global_set_host_info_with_finalizer") public func wasm_global_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_global_as_ref") public func wasm_global_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_global_as_ref_const") public func wasm_global_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_global") public func wasm_ref_as_global(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .global) }
@_cdecl("wasm_ref_as_global_const") public func wasm_ref_as_global_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .global) }

// MARK: - wasm_table_t

@_cdecl("wasm_table_delete") public func wasm_table_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_table_copy") public func wasm_table_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_table_same") public func wasm_table_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_table_get_host_info") public func wasm_table_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_table_set_host_info") public func wasm_table_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_table_set_host_info_with_finalizer") public func wasm_table_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_table_as_ref") public func wasm_table_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_table_as_ref_const") public func wasm_table_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_table") public func wasm_ref_as_table(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .table) }
@_cdecl("wasm_ref_as_table_const") public func wasm_ref_as_table_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .table) }

// MARK: - wasm_memory_t

@_cdecl("wasm_memory_delete") public func wasm_memory_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_memory_copy") public func wasm_memory_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_memory_same") public func wasm_memory_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_memory_get_host_info") public func wasm_memory_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_memory_set_host_info") public func wasm_memory_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_memory_set_host_info_with_finalizer") public func wasm_memory_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_memory_as_ref") public func wasm_memory_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_memory_as_ref_const") public func wasm_memory_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_memory") public func wasm_ref_as_memory(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .memory) }
@_cdecl("wasm_ref_as_memory_const") public func wasm_ref_as_memory_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .memory) }

// MARK: - wasm_extern_t

@_cdecl("wasm_extern_delete") public func wasm_extern_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_extern_copy") public func wasm_extern_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_extern_same") public func wasm_extern_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_extern_get_host_info") public func wasm_extern_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_extern_set_host_info") public func wasm_extern_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_extern_set_host_info_with_finalizer") public func wasm_extern_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_extern_as_ref") public func wasm_extern_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_extern_as_ref_const") public func wasm_extern_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_extern") public func wasm_ref_as_extern(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, nil) }
@_cdecl("wasm_ref_as_extern_const") public func wasm_ref_as_extern_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, nil) }

// MARK: - wasm_instance_t

@_cdecl("wasm_instance_delete") public func wasm_instance_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_instance_copy") public func wasm_instance_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_instance_same") public func wasm_instance_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_instance_get_host_info") public func wasm_instance_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_instance_set_host_info") public func wasm_instance_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_instance_set_host_info_with_finalizer") public func wasm_instance_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_instance_as_ref") public func wasm_instance_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_instance_as_ref_const") public func wasm_instance_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_instance") public func wasm_ref_as_instance(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .instance) }
@_cdecl("wasm_ref_as_instance_const") public func wasm_ref_as_instance_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .instance) }

// MARK: - wasm_module_t

@_cdecl("wasm_module_delete") public func wasm_module_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_module_copy") public func wasm_module_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_module_same") public func wasm_module_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_module_get_host_info") public func wasm_module_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_module_set_host_info") public func wasm_module_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_module_set_host_info_with_finalizer") public func wasm_module_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_module_as_ref") public func wasm_module_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_module_as_ref_const") public func wasm_module_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_module") public func wasm_ref_as_module(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .module) }
@_cdecl("wasm_ref_as_module_const") public func wasm_ref_as_module_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .module) }

// MARK: - wasm_foreign_t

@_cdecl("wasm_foreign_delete") public func wasm_foreign_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_foreign_copy") public func wasm_foreign_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_foreign_same") public func wasm_foreign_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_foreign_get_host_info") public func wasm_foreign_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_foreign_set_host_info") public func wasm_foreign_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_foreign_set_host_info_with_finalizer") public func wasm_foreign_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_foreign_as_ref") public func wasm_foreign_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_foreign_as_ref_const") public func wasm_foreign_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_foreign") public func wasm_ref_as_foreign(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .foreign) }
@_cdecl("wasm_ref_as_foreign_const") public func wasm_ref_as_foreign_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .foreign) }

/// A new host object in `store`; wasm sees it as an externref.
@_cdecl("wasm_foreign_new")
public func wasm_foreign_new(_ store: OpaquePointer?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self) else { return nil }
    return retained(Entity(.foreign(payload: nil), context: context))
}

// MARK: - wasm_trap_t

@_cdecl("wasm_trap_delete") public func wasm_trap_delete(_ p: OpaquePointer?) { RefFamily.delete(p) }
@_cdecl("wasm_trap_copy") public func wasm_trap_copy(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.copy(p) }
@_cdecl("wasm_trap_same") public func wasm_trap_same(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Bool { RefFamily.same(a, b) }
@_cdecl("wasm_trap_get_host_info") public func wasm_trap_get_host_info(_ p: OpaquePointer?) -> UnsafeMutableRawPointer? { RefFamily.hostInfo(p) }
@_cdecl("wasm_trap_set_host_info") public func wasm_trap_set_host_info(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?) { RefFamily.setHostInfo(p, d) }
@_cdecl("wasm_trap_set_host_info_with_finalizer") public func wasm_trap_set_host_info_with_finalizer(_ p: OpaquePointer?, _ d: UnsafeMutableRawPointer?, _ f: CFinalizer?) { RefFamily.setHostInfo(p, d, f) }
@_cdecl("wasm_trap_as_ref") public func wasm_trap_as_ref(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_trap_as_ref_const") public func wasm_trap_as_ref_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.asRef(p) }
@_cdecl("wasm_ref_as_trap") public func wasm_ref_as_trap(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .trap) }
@_cdecl("wasm_ref_as_trap_const") public func wasm_ref_as_trap_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .trap) }
