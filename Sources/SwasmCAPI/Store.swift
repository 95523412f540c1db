import CWasmHeaders
import SwasmCore

/// `wasm_store_t`: the core store plus what C needs on top of it: one
/// `Entity` per core object (so handles compare and share host info) and
/// the finalizers to run, at the latest, when the store is deleted.
final class StoreContext {
    let store: Store
    /// Keeps the engine alive as long as the store.
    let engineBox: EngineBox
    private var entities: [ObjectIdentifier: Entity] = [:]
    private var finalizers: [HostInfo] = []

    init(engine: EngineBox) {
        engineBox = engine
        store = Store(engine: engine.engine)
    }

    /// The one entity of the core object `key`, made by `make` the first time.
    func entity(_ key: AnyObject, _ make: () -> Entity.Object) -> Entity {
        let id = ObjectIdentifier(key)
        if let e = entities[id] { return e }
        let e = Entity(make(), context: self)
        entities[id] = e
        return e
    }

    func entity(_ f: Function) -> Entity { entity(f) { .function(f) } }
    func entity(_ i: Instance) -> Entity { entity(i) { .instance(i) } }

    func entity(_ e: Extern) -> Entity {
        switch e {
        case .function(let f): return entity(f)
        case .global(let g): return entity(g) { .global(g) }
        case .table(let t): return entity(t) { .table(t) }
        case .memory(let m): return entity(m) { .memory(m) }
        case .tag(let t): return entity(t) { .tag(t) }
        }
    }

    /// The entity of an object wasm holds as an externref.
    func entity(externref o: AnyObject) -> Entity {
        if let e = o as? Entity { return e }
        return entity(o) { .foreign(payload: o) }
    }

    /// Remembers host info whose finalizer must run by the time the store is deleted.
    func track(_ info: HostInfo) { finalizers.append(info) }

    /// `wasm_store_delete`: runs every pending finalizer exactly once and
    /// drops the entities (breaking their cycles with the core objects).
    func shutdown() {
        let pending = finalizers
        finalizers = []
        for f in pending { f.finalize() }
        let all = entities
        entities = [:]
        for e in all.values { e.hostInfo.finalize() }
    }
}

@_cdecl("wasm_store_new")
public func wasm_store_new(_ engine: OpaquePointer?) -> OpaquePointer? {
    guard let e = borrow(engine, as: EngineBox.self) else { return nil }
    return retained(StoreContext(engine: e))
}

@_cdecl("wasm_store_delete")
public func wasm_store_delete(_ store: OpaquePointer?) {
    borrow(store, as: StoreContext.self)?.shutdown()
    release(store, as: StoreContext.self)
}
