import CWasmHeaders
import SwasmCore

/// `wasm_config_t`: engine settings collected before `wasm_engine_new_with_config`.
final class ConfigBox {
    var config = EngineConfig()
}

/// `wasm_engine_t`: the core engine (thread-safe, shared by stores and modules).
final class EngineBox {
    let engine: Engine

    init(_ config: EngineConfig) { engine = Engine(config: config) }
}

@_cdecl("wasm_config_new")
public func wasm_config_new() -> OpaquePointer? { retained(ConfigBox()) }

@_cdecl("wasm_config_delete")
public func wasm_config_delete(_ config: OpaquePointer?) { release(config, as: ConfigBox.self) }

@_cdecl("wasm_engine_new")
public func wasm_engine_new() -> OpaquePointer? { retained(EngineBox(EngineConfig())) }

@_cdecl("wasm_engine_new_with_config")
public func wasm_engine_new_with_config(_ config: OpaquePointer?) -> OpaquePointer? {
    let settings = borrow(config, as: ConfigBox.self)?.config ?? EngineConfig()
    release(config, as: ConfigBox.self)
    return retained(EngineBox(settings))
}

@_cdecl("wasm_engine_delete")
public func wasm_engine_delete(_ engine: OpaquePointer?) { release(engine, as: EngineBox.self) }
