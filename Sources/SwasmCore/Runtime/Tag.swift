/// An exception tag (exception handling): an identity with a parameter
/// type. Handlers compare tags by identity, so a tag imported and
/// re-exported is the same tag everywhere.
public final class Tag {
    public let type: FuncType
    /// Canonical type id, compared when a tag is imported.
    let typeID: UInt32
    /// Canonical ids of the type indices `type` may mention: the defining
    /// module's `CompiledModule.typeIDs`, empty for a host-created tag.
    let typeIDs: [UInt32]

    /// A tag of `type`, whose canonical id is `typeID` (a module's tag: its
    /// type's id within its rec group, with the module's ids `typeIDs`) or,
    /// by default, the id of the type alone.
    init(store: Store, type: FuncType, typeID: UInt32? = nil, typeIDs: [UInt32] = []) {
        self.type = type
        self.typeID = typeID ?? store.engine.types.intern(type)
        self.typeIDs = typeIDs
    }

    /// Creates a tag owned by `store` (for hosts that throw or catch wasm exceptions).
    public convenience init(store: Store, parameters: [ValueType]) {
        self.init(store: store, type: FuncType(params: parameters, results: []))
        store.tags.append(self)
    }

    /// The unretained address machine code compares (see `VMContext.tags`).
    var identity: UnsafeRawPointer { UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque()) }
}
