import CWasmHeaders
import SwasmCore

@_cdecl("wasm_table_new")
public func wasm_table_new(_ store: OpaquePointer?, _ type: OpaquePointer?, _ initial: OpaquePointer?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self),
          case .table(let t)? = ExternTypeBox.of(type, kind: ExternTypeBox.table)?.coreType,
          let v = Entity.value(borrow(initial, as: Entity.self), as: t.elementType),
          let table = try? context.store.createTable(t, initial: v) else { return nil }
    return retained(context.entity(.table(table)))
}

@_cdecl("wasm_table_type")
public func wasm_table_type(_ t: OpaquePointer?) -> OpaquePointer? {
    Entity.of(t, .table)?.table.map { retained(ExternTypeBox.make(.table($0.currentType))) }
}

/// An owned reference, or NULL for a null entry or an index out of range.
@_cdecl("wasm_table_get")
public func wasm_table_get(_ t: OpaquePointer?, _ index: wasm_table_size_t) -> OpaquePointer? {
    guard let e = Entity.of(t, .table), let value = e.table?.get(UInt64(index)) else { return nil }
    return CVal.make(value, in: e.context).of.ref
}

@_cdecl("wasm_table_set")
public func wasm_table_set(_ t: OpaquePointer?, _ index: wasm_table_size_t, _ ref: OpaquePointer?) -> Bool {
    guard let table = Entity.of(t, .table)?.table,
          let v = Entity.value(borrow(ref, as: Entity.self), as: table.type.elementType) else { return false }
    return table.set(UInt64(index), v)
}

@_cdecl("wasm_table_size")
public func wasm_table_size(_ t: OpaquePointer?) -> wasm_table_size_t {
    wasm_table_size_t(clamping: Entity.of(t, .table)?.table?.size ?? 0)
}

/// Grows by `delta` elements set to `initial`; false beyond the maximum.
@_cdecl("wasm_table_grow")
public func wasm_table_grow(_ t: OpaquePointer?, _ delta: wasm_table_size_t, _ initial: OpaquePointer?) -> Bool {
    guard let table = Entity.of(t, .table)?.table,
          let v = Entity.value(borrow(initial, as: Entity.self), as: table.type.elementType),
          UInt64(delta) + table.size <= UInt64(wasm_table_size_t.max) else { return false }
    return table.grow(by: UInt64(delta), initial: v) != nil
}
