import CWasmHeaders
import Glibc
import SwasmCore

/// The per-thread text behind `swasm_last_error` (a malloc'ed C string).
enum LastError {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    static func set(_ message: String) {
        let old = pthread_getspecific(key)
        pthread_setspecific(key, strdup(message))
        free(old)
    }

    static func set(_ error: Error) {
        if let e = error as? WasmError { set(e.description) } else if let t = error as? Trap { set(t.message) } else { set("\(error)") }
    }

    static var text: UnsafePointer<CChar>? {
        pthread_getspecific(key).map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }
    }
}

private let versionText: UnsafeMutablePointer<CChar> = strdup(swasmVersion)

@_cdecl("swasm_last_error")
public func swasm_last_error() -> UnsafePointer<CChar>? { LastError.text }

@_cdecl("swasm_version")
public func swasm_version() -> UnsafePointer<CChar>? { UnsafePointer(versionText) }

@_cdecl("swasm_config_set_strategy")
public func swasm_config_set_strategy(_ config: OpaquePointer?, _ strategy: swasm_strategy_t) -> Bool {
    guard let box = borrow(config, as: ConfigBox.self) else { return false }
    let s: ExecutionStrategy
    switch strategy {
    case SWASM_STRATEGY_AUTO: s = .auto
    case SWASM_STRATEGY_INTERPRETER: s = .interpreter
    case SWASM_STRATEGY_COMPILER: s = .compiler
    default: return false
    }
    guard s.isAvailable else { return false }
    box.config.strategy = s
    return true
}

@_cdecl("swasm_config_set_feature")
public func swasm_config_set_feature(_ config: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ enable: Bool) -> Bool {
    guard let box = borrow(config, as: ConfigBox.self), let name, let feature = Features(name: String(cString: name)) else {
        return false
    }
    if enable { box.config.features.insert(feature) } else { box.config.features.remove(feature) }
    return true
}

@_cdecl("swasm_config_feature_enabled")
public func swasm_config_feature_enabled(_ config: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Bool {
    guard let box = borrow(config, as: ConfigBox.self), let name, let feature = Features(name: String(cString: name)) else {
        return false
    }
    return box.config.features.contains(feature)
}

@_cdecl("swasm_config_set_max_wasm_stack")
public func swasm_config_set_max_wasm_stack(_ config: OpaquePointer?, _ bytes: Int) {
    borrow(config, as: ConfigBox.self)?.config.maxWasmStackBytes = bytes == 0 ? EngineConfig().maxWasmStackBytes : bytes
}

@_cdecl("swasm_config_set_max_call_depth")
public func swasm_config_set_max_call_depth(_ config: OpaquePointer?, _ depth: UInt32) {
    borrow(config, as: ConfigBox.self)?.config.maxCallDepth = depth == 0 ? EngineConfig().maxCallDepth : Int(depth)
}

@_cdecl("swasm_config_set_consume_fuel")
public func swasm_config_set_consume_fuel(_ config: OpaquePointer?, _ enable: Bool) {
    borrow(config, as: ConfigBox.self)?.config.consumeFuel = enable
}

@_cdecl("swasm_store_set_memory_limit")
public func swasm_store_set_memory_limit(_ store: OpaquePointer?, _ bytes: Int) {
    borrow(store, as: StoreContext.self)?.store.memoryLimit = bytes < 0 ? nil : bytes  // SIZE_MAX: no cap
}

@_cdecl("swasm_store_set_gc_heap_limit")
public func swasm_store_set_gc_heap_limit(_ store: OpaquePointer?, _ bytes: Int) {
    borrow(store, as: StoreContext.self)?.store.gcHeapLimit = bytes < 0 ? nil : bytes  // SIZE_MAX: no cap
}

@_cdecl("swasm_store_set_fuel")
public func swasm_store_set_fuel(_ store: OpaquePointer?, _ fuel: UInt64) {
    borrow(store, as: StoreContext.self)?.store.fuel = fuel
}

@_cdecl("swasm_store_get_fuel")
public func swasm_store_get_fuel(_ store: OpaquePointer?, _ fuel: UnsafeMutablePointer<UInt64>?) -> Bool {
    guard let left = borrow(store, as: StoreContext.self)?.store.fuel else { return false }
    fuel?.pointee = left
    return true
}
