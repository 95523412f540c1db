/// An exception tag (exception-handling proposal): an identity with a
/// parameter type. Tags can be defined, imported and exported; throwing and
/// catching are not executed by the interpreter yet.
public final class Tag {
    public let type: FuncType
    /// Canonical type id, compared when a tag is imported.
    let typeID: UInt32

    init(store: Store, type: FuncType) {
        self.type = type
        typeID = store.engine.types.intern(type)
    }
}
