import CWasmHeaders
import SwasmCore

@_cdecl("wasm_global_new")
public func wasm_global_new(_ store: OpaquePointer?, _ type: OpaquePointer?, _ value: UnsafePointer<wasm_val_t>?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self),
          case .global(let t)? = ExternTypeBox.of(type, kind: ExternTypeBox.global)?.coreType,
          let value, let v = CVal.value(value.pointee, as: t.valueType),
          let g = try? context.store.createGlobal(t, value: v) else { return nil }
    return retained(context.entity(.global(g)))
}

@_cdecl("wasm_global_type")
public func wasm_global_type(_ g: OpaquePointer?) -> OpaquePointer? {
    Entity.of(g, .global)?.global.map { retained(ExternTypeBox.make(.global($0.type))) }
}

/// The value; a reference comes back as an owned handle.
@_cdecl("wasm_global_get")
public func wasm_global_get(_ g: OpaquePointer?, _ out: UnsafeMutablePointer<wasm_val_t>?) {
    guard let out else { return }
    guard let e = Entity.of(g, .global), let global = e.global else { return out.pointee = wasm_val_t() }
    out.pointee = CVal.make(global.value, in: e.context)
}

/// Ignored for an immutable global or a value of the wrong type.
@_cdecl("wasm_global_set")
public func wasm_global_set(_ g: OpaquePointer?, _ value: UnsafePointer<wasm_val_t>?) {
    guard let global = Entity.of(g, .global)?.global,
          let value, let v = CVal.value(value.pointee, as: global.type.valueType) else { return }
    try? global.set(v)
}
