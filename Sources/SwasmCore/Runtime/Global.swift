/// A global variable: a 16-byte cell shared by every instance that imports it.
public final class Global {
    public let type: GlobalType
    public let cell: UnsafeMutableRawPointer
    unowned(unsafe) let store: Store

    init(store: Store, type: GlobalType, value: Value) {
        self.store = store
        self.type = type
        cell = .allocate(byteCount: Slot.size, alignment: 16)
        Slot.write(cell, value, store: store)
    }

    deinit { cell.deallocate() }

    public var value: Value {
        get { Slot.read(cell, type.valueType) }
        set { Slot.write(cell, newValue, store: store) }
    }
}
