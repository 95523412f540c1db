/// A global variable: a 16-byte cell shared by every instance that imports it.
public final class Global {
    public let type: GlobalType
    public let cell: UnsafeMutableRawPointer
    unowned(unsafe) let store: Store
    /// Canonical ids of the type indices `type` may mention: the defining
    /// module's `CompiledModule.typeIDs`, empty for a host-created global.
    let typeIDs: [UInt32]

    /// A global holding `value`, which the caller has checked against `type`.
    init(store: Store, type: GlobalType, value: Value, typeIDs: [UInt32]) {
        self.store = store
        self.type = type
        self.typeIDs = typeIDs
        cell = .allocate(byteCount: Slot.size, alignment: 16)
        Slot.write(cell, value, store: store)
    }

    deinit { cell.deallocate() }

    public var value: Value { Slot.read(cell, type.valueType, definedTypes: DefinedTypes(ids: typeIDs, registry: store.engine.types)) }

    /// Sets the value of a mutable global from the host; throws when the
    /// global is immutable or `newValue` is not of its type (see `Store.admits`).
    public func set(_ newValue: Value) throws(WasmError) {
        guard type.mutable else { throw WasmError(.other, "global is immutable") }
        guard store.admits(newValue, type.valueType, typeIDs: typeIDs) else {
            throw WasmError(.other, "value does not match the global's type \(type.valueType)")
        }
        Slot.write(cell, newValue, store: store)
    }
}
