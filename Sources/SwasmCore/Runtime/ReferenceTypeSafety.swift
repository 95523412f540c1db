/// Type checks of references that cross a module or host boundary, where a
/// defined heap type (`.concrete(index)`) is an index local to the module
/// that wrote it: each side's indices are resolved through that module's
/// canonical type ids (`CompiledModule.typeIDs`). Code trusts the static
/// type of a reference (a struct field index is an offset into the object),
/// so whatever the host or another module supplies is checked here.
extension TypeRegistry {
    /// The abstract heap type directly above defined type `id`: func, struct or array.
    func kind(of id: UInt32) -> HeapType {
        switch info(id).pointee.kind {
        case .function: return .func
        case .structure: return .struct
        case .array: return .array
        }
    }

    /// The canonical id of type index `index` of a module whose ids are
    /// `typeIDs`, or nil when there is none in this registry.
    private func canonical(_ index: UInt32, _ typeIDs: [UInt32]) -> UInt32? {
        guard Int(index) < typeIDs.count, contains(typeIDs[Int(index)]) else { return nil }
        return typeIDs[Int(index)]
    }

    /// Whether heap type `a` (type indices resolved through `aIDs`) is a
    /// subtype of `b` (resolved through `bIDs`). A type index that does not
    /// resolve matches nothing.
    func isSubtype(_ a: HeapType, _ aIDs: [UInt32], _ b: HeapType, _ bIDs: [UInt32]) -> Bool {
        switch (a, b) {
        case let (.concrete(x), .concrete(y)):
            guard let x = canonical(x, aIDs), let y = canonical(y, bIDs) else { return false }
            return isSubtype(x, y)
        case let (.concrete(x), _):
            guard let x = canonical(x, aIDs) else { return false }
            let k = kind(of: x)
            return k == b || (k != .func && (b == .eq || b == .any))
        case let (_, .concrete(y)):
            guard let y = canonical(y, bIDs) else { return false }
            return a == (kind(of: y) == .func ? .nofunc : HeapType.none)
        default:
            return TypeHierarchy.isSubtype(abstract: a, b)
        }
    }

    /// Whether value type `a` (type indices resolved through `aIDs`) is a
    /// subtype of `b` (resolved through `bIDs`).
    func isSubtype(_ a: ValueType, _ aIDs: [UInt32], _ b: ValueType, _ bIDs: [UInt32]) -> Bool {
        guard case .ref(let x) = a, case .ref(let y) = b else { return a == b }
        return (y.nullable || !x.nullable) && isSubtype(x.heapType, aIDs, y.heapType, bIDs)
    }

    /// Whether value types `a` and `b` of two modules are equivalent (each a subtype of the other).
    func isEquivalent(_ a: ValueType, _ aIDs: [UInt32], _ b: ValueType, _ bIDs: [UInt32]) -> Bool {
        isSubtype(a, aIDs, b, bIDs) && isSubtype(b, bIDs, a, aIDs)
    }
}

extension Store {
    /// Whether the host may put `value` where `type`, which names no defined
    /// type, is expected (as a host function's result): `admits` without a
    /// module's type ids.
    public func admits(_ value: Value, _ type: ValueType) -> Bool {
        admits(value, type, typeIDs: [])
    }

    /// Whether the host may put `value` where `type` is expected; `typeIDs`
    /// are the canonical ids of the module that wrote `type` (empty when
    /// none did, so a defined type then admits only null). Beyond
    /// `Value.matches`, a function must belong to this store and, for a
    /// defined type, be of a subtype of it; a GC object must come from this
    /// engine and, for a defined type, its runtime type must be a subtype.
    func admits(_ value: Value, _ type: ValueType, typeIDs: [UInt32]) -> Bool {
        guard value.matches(type) else { return false }
        guard case .ref(let r) = type else { return true }
        switch value {
        case .funcref(let f?):
            guard f.store === self else { return false }
            guard case .concrete(let i) = r.heapType else { return true }
            return Int(i) < typeIDs.count && engine.types.isSubtype(f.typeID, typeIDs[Int(i)])
        case .anyref(let a?):
            return admits(bits: a.bits, r, typeIDs: typeIDs)
        case .externref(let converted as ExternalizedAnyRef):
            return admits(bits: converted.value.bits, RefType(heapType: .any), typeIDs: [])
        default:
            return true
        }
    }

    /// For non-null reference bits of the `any` hierarchy whose kind already
    /// fits `type`: whether a GC object comes from this engine and, when
    /// `type` is defined (an index into `typeIDs`), is of a subtype of it.
    func admits(bits: UInt64, _ type: RefType, typeIDs: [UInt32]) -> Bool {
        guard GCRef.isObject(bits) else { return true }
        let info = GCObject.info(GCObject.pointer(bits))
        guard engine.types.owns(info) else { return false }
        guard case .concrete(let i) = type.heapType else { return true }
        return Int(i) < typeIDs.count && info.pointee.isSubtype(of: typeIDs[Int(i)])
    }
}

extension ValueType {
    /// Whether this is a reference to a defined type (a module type index).
    var isDefinedReference: Bool {
        if case .ref(let r) = self, case .concrete = r.heapType { return true }
        return false
    }
}
