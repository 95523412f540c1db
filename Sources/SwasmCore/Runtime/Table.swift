/// A table of references (raw 8-byte reference bits, see `Slot`).
public final class Table {
    public let type: TableType
    public let vm: UnsafeMutablePointer<VMTable>
    var capacity: Int
    unowned(unsafe) let store: Store
    /// Canonical ids of the type indices `type` may mention: the defining
    /// module's `CompiledModule.typeIDs`, empty for a host-created table.
    let typeIDs: [UInt32]

    /// Most elements a table may have, whatever its type says.
    static let maxElements: UInt64 = 10_000_000

    /// A table of `type.limits.min` elements set to `initial` (bits the caller has checked).
    init(store: Store, type: TableType, initial: UInt64, typeIDs: [UInt32]) throws(WasmError) {
        self.store = store
        self.type = type
        self.typeIDs = typeIDs
        guard type.limits.min <= Self.maxElements else {
            throw WasmError(.other, "table of \(type.limits.min) elements exceeds the allowed size")
        }
        capacity = max(Int(type.limits.min), 1)
        let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        elements.initialize(repeating: initial, count: capacity)
        vm = .allocate(capacity: 1)
        vm.initialize(to: VMTable(elements: elements, size: type.limits.min))
    }

    deinit {
        vm.pointee.elements.deallocate()
        vm.deallocate()
    }

    public var size: UInt64 { vm.pointee.size }

    public var currentType: TableType {
        var t = type
        t.limits.min = size
        return t
    }

    /// Grows by `delta` elements set to `initial` from the host; returns the
    /// old size, or nil when it cannot grow or `initial` is not of the element type.
    public func grow(by delta: UInt64, initial: Value) -> UInt64? {
        guard let bits = store.referenceBits(initial, for: type.elementType, typeIDs: typeIDs) else { return nil }
        return grow(by: delta, initial: bits)
    }

    /// Grows by `delta` elements set to the reference bits `initial`;
    /// returns the old size, or nil on failure.
    func grow(by delta: UInt64, initial: UInt64) -> UInt64? {
        let old = size
        let (new, overflow) = old.addingReportingOverflow(delta)
        guard !overflow, new <= Self.maxElements else { return nil }
        if let max = type.limits.max, new > max { return nil }
        if new > UInt64(capacity) {
            let newCapacity = Int(Swift.max(new, UInt64(capacity) * 2))
            let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
            elements.moveInitialize(from: vm.pointee.elements, count: Int(old))
            vm.pointee.elements.deallocate()
            vm.pointee.elements = elements
            capacity = newCapacity
        }
        (vm.pointee.elements + Int(old)).initialize(repeating: initial, count: Int(delta))
        vm.pointee.size = new
        return old
    }

    /// The element at `index`, or nil when out of bounds.
    public func get(_ index: UInt64) -> Value? {
        guard index < size else { return nil }
        let bits = vm.pointee.elements[Int(index)]
        return Value.reference(bits: bits, type.elementType, definedTypes: DefinedTypes(ids: typeIDs, registry: store.engine.types))
    }

    /// Sets the element at `index`; false when out of bounds or the value's type does not fit.
    @discardableResult
    public func set(_ index: UInt64, _ value: Value) -> Bool {
        guard index < size, let bits = store.referenceBits(value, for: type.elementType, typeIDs: typeIDs) else { return false }
        vm.pointee.elements[Int(index)] = bits
        return true
    }
}
