/// Subtyping between the value types of one module (GC): the abstract
/// heap-type hierarchies (any ⊇ eq ⊇ i31/struct/array ⊇ none, func ⊇
/// nofunc, extern ⊇ noextern, exn ⊇ noexn) and the module's defined types,
/// which are equivalent when their canonical ids (iso-recursive, computed
/// here with a registry of the module's own) are equal, and subtypes along
/// their declared supertypes.
final class TypeHierarchy {
    let module: Module
    private let registry = TypeRegistry()
    /// Canonical id of each type index (module-local numbering).
    let ids: [UInt32]

    /// The hierarchy of `module`, whose type section's indices were checked.
    init(module: Module) {
        self.module = module
        ids = registry.intern(module: module)
    }

    /// The abstract heap type a defined type is directly below.
    func kind(of index: UInt32) -> HeapType {
        switch module.subTypes[Int(index)].composite {
        case .function: return .func
        case .structure: return .struct
        case .array: return .array
        }
    }

    /// The top of the hierarchy `heap` belongs to.
    func top(_ heap: HeapType) -> HeapType {
        if case .concrete(let i) = heap { return kind(of: i) == .func ? .func : .any }
        return heap.abstractTop!
    }

    /// The bottom of the hierarchy `heap` belongs to.
    func bottom(_ heap: HeapType) -> HeapType {
        Self.bottom(ofTop: top(heap))
    }

    func isSubtype(_ a: HeapType, _ b: HeapType) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case let (.concrete(x), .concrete(y)):
            return ids[Int(x)] == ids[Int(y)] || registry.isSubtype(ids[Int(x)], ids[Int(y)])
        case let (.concrete(x), _):
            let k = kind(of: x)
            return k == b || (k != .func && (b == .eq || b == .any))
        case (_, .concrete):
            return bottom(b) == a
        default:
            return Self.isSubtype(abstract: a, b)
        }
    }

    /// Subtyping between two abstract heap types (no module needed).
    static func isSubtype(abstract a: HeapType, _ b: HeapType) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.none, _), (.nofunc, _), (.noextern, _), (.noexn, _):
            return bottom(of: b) == a
        case (.i31, .eq), (.struct, .eq), (.array, .eq), (.i31, .any), (.struct, .any), (.array, .any), (.eq, .any):
            return true
        default:
            return false
        }
    }

    /// The bottom of the hierarchy whose top is `top`.
    static func bottom(ofTop top: HeapType) -> HeapType {
        switch top {
        case .func: return .nofunc
        case .extern: return .noextern
        case .exn: return .noexn
        default: return .none
        }
    }

    /// The bottom of the hierarchy an abstract heap type belongs to.
    static func bottom(of heap: HeapType) -> HeapType {
        bottom(ofTop: heap.abstractTop ?? .any)
    }

    func isSubtype(_ a: RefType, _ b: RefType) -> Bool {
        (b.nullable || !a.nullable) && isSubtype(a.heapType, b.heapType)
    }

    func isSubtype(_ a: ValueType, _ b: ValueType) -> Bool {
        if a == b { return true }
        guard case .ref(let ra) = a, case .ref(let rb) = b else { return false }
        return isSubtype(ra, rb)
    }

    /// Field subtyping: mutable fields are invariant, immutable ones covariant.
    func isSubtype(_ a: FieldType, _ b: FieldType) -> Bool {
        guard a.mutable == b.mutable else { return false }
        switch (a.storage, b.storage) {
        case (.i8, .i8), (.i16, .i16): return true
        case let (.value(x), .value(y)): return a.mutable ? isSubtype(x, y) && isSubtype(y, x) : isSubtype(x, y)
        default: return false
        }
    }

    /// Whether composite type `a` may declare `b` as its supertype.
    func matches(_ a: CompositeType, _ b: CompositeType) -> Bool {
        switch (a, b) {
        case let (.function(f), .function(g)):
            return f.params.count == g.params.count && f.results.count == g.results.count
                && zip(g.params, f.params).allSatisfy { isSubtype($0, $1) }
                && zip(f.results, g.results).allSatisfy { isSubtype($0, $1) }
        case let (.structure(f), .structure(g)):
            return f.count >= g.count && zip(f, g).allSatisfy { isSubtype($0, $1) }
        case let (.array(f), .array(g)):
            return isSubtype(f, g)
        default:
            return false
        }
    }
}
