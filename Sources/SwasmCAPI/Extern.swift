import CWasmHeaders
import SwasmCore

/// `wasm_func_t`, `wasm_global_t`, `wasm_table_t` and `wasm_memory_t` are
/// `Entity` handles like `wasm_extern_t`, so the casts below return the
/// same pointer (NULL when the kind is wrong).

@_cdecl("wasm_extern_kind")
public func wasm_extern_kind(_ e: OpaquePointer?) -> wasm_externkind_t {
    switch Entity.of(e, nil)?.kind {
    case .global: return ExternTypeBox.global
    case .table: return ExternTypeBox.table
    case .memory: return ExternTypeBox.memory
    case .tag: return ExternTypeBox.tag
    default: return ExternTypeBox.function
    }
}

@_cdecl("wasm_extern_type")
public func wasm_extern_type(_ e: OpaquePointer?) -> OpaquePointer? {
    Entity.of(e, nil)?.asExtern.map { retained(ExternTypeBox.make($0.type)) }
}

@_cdecl("wasm_func_as_extern") public func wasm_func_as_extern(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .function) }
@_cdecl("wasm_global_as_extern") public func wasm_global_as_extern(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .global) }
@_cdecl("wasm_table_as_extern") public func wasm_table_as_extern(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .table) }
@_cdecl("wasm_memory_as_extern") public func wasm_memory_as_extern(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .memory) }
@_cdecl("wasm_func_as_extern_const") public func wasm_func_as_extern_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .function) }
@_cdecl("wasm_global_as_extern_const") public func wasm_global_as_extern_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .global) }
@_cdecl("wasm_table_as_extern_const") public func wasm_table_as_extern_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .table) }
@_cdecl("wasm_memory_as_extern_const") public func wasm_memory_as_extern_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .memory) }

@_cdecl("wasm_extern_as_func") public func wasm_extern_as_func(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .function) }
@_cdecl("wasm_extern_as_global") public func wasm_extern_as_global(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .global) }
@_cdecl("wasm_extern_as_table") public func wasm_extern_as_table(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .table) }
@_cdecl("wasm_extern_as_memory") public func wasm_extern_as_memory(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .memory) }
@_cdecl("wasm_extern_as_func_const") public func wasm_extern_as_func_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .function) }
@_cdecl("wasm_extern_as_global_const") public func wasm_extern_as_global_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .global) }
@_cdecl("wasm_extern_as_table_const") public func wasm_extern_as_table_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .table) }
@_cdecl("wasm_extern_as_memory_const") public func wasm_extern_as_memory_const(_ p: OpaquePointer?) -> OpaquePointer? { RefFamily.refAs(p, .memory) }
