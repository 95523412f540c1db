/// An exception tag (exception handling): an identity with a parameter
/// type. Handlers compare tags by identity, so a tag imported and
/// re-exported is the same tag everywhere.
public final class Tag {
    public let type: FuncType
    /// Canonical type id, compared when a tag is imported.
    let typeID: UInt32

    init(store: Store, type: FuncType) {
        self.type = type
        typeID = store.engine.types.intern(type)
    }

    /// Creates a tag owned by `store` (for hosts that throw or catch wasm exceptions).
    public convenience init(store: Store, parameters: [ValueType]) {
        self.init(store: store, type: FuncType(params: parameters, results: []))
        store.tags.append(self)
    }

    /// The unretained address machine code compares (see `VMContext.tags`).
    var identity: UnsafeRawPointer { UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque()) }
}
