import CWasmHeaders
import SwasmCore

@_cdecl("wasm_memory_new")
public func wasm_memory_new(_ store: OpaquePointer?, _ type: OpaquePointer?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self),
          case .memory(let t)? = ExternTypeBox.of(type, kind: ExternTypeBox.memory)?.coreType,
          let memory = try? context.store.createMemory(t) else { return nil }
    return retained(context.entity(.memory(memory)))
}

@_cdecl("wasm_memory_type")
public func wasm_memory_type(_ m: OpaquePointer?) -> OpaquePointer? {
    Entity.of(m, .memory)?.memory.map { retained(ExternTypeBox.make(.memory($0.currentType))) }
}

@_cdecl("wasm_memory_data")
public func wasm_memory_data(_ m: OpaquePointer?) -> UnsafeMutablePointer<byte_t>? {
    Entity.of(m, .memory)?.memory?.data.assumingMemoryBound(to: byte_t.self)
}

@_cdecl("wasm_memory_data_size")
public func wasm_memory_data_size(_ m: OpaquePointer?) -> Int { Int(Entity.of(m, .memory)?.memory?.byteCount ?? 0) }

@_cdecl("wasm_memory_size")
public func wasm_memory_size(_ m: OpaquePointer?) -> wasm_memory_pages_t {
    wasm_memory_pages_t(clamping: Entity.of(m, .memory)?.memory?.pageCount ?? 0)
}

@_cdecl("wasm_memory_grow")
public func wasm_memory_grow(_ m: OpaquePointer?, _ delta: wasm_memory_pages_t) -> Bool {
    Entity.of(m, .memory)?.memory?.grow(by: UInt64(delta)) != nil
}
