import Glibc

/// Interns the defined types of modules into canonical type ids shared by
/// every module of an engine, so that type checks compare integers.
///
/// Types are canonicalized iso-recursively (GC): a whole recursion group is
/// the unit of equivalence. A group is keyed by its structure, with each
/// reference to a type inside the group written as its position in the
/// group and each reference to an earlier type as that type's canonical id;
/// equal keys give the same ids. A type's id is its group's first id plus
/// its position. Each id also records its declared supertype (subtyping
/// checks walk that chain) and a raw `GCTypeInfo` for the runtime.
final class TypeRegistry: @unchecked Sendable {
    private struct Entry {
        var funcType: FuncType
        var supertype: UInt32?
        var isFinal: Bool
        var info: UnsafeMutablePointer<GCTypeInfo>
    }

    private var lock = pthread_mutex_t()
    private var groups: [[UInt64]: UInt32] = [:]
    private var entries: [Entry] = []

    init() { pthread_mutex_init(&lock, nil) }

    deinit {
        for e in entries { GCTypeInfo.destroy(e.info) }
        pthread_mutex_destroy(&lock)
    }

    /// The id of a function type outside any module (a host function): a
    /// final type alone in its group. Type indices it mentions are kept as
    /// they are.
    func intern(_ type: FuncType) -> UInt32 {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return internGroup([SubType(composite: .function(type))], 0..<1, ids: [], moduleless: true)
    }

    /// The canonical id of every type index of `module` (which must have
    /// passed type-section validation).
    func intern(module: Module) -> [UInt32] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        var ids: [UInt32] = []
        ids.reserveCapacity(module.subTypes.count)
        for group in module.recGroups {
            let first = internGroup(module.subTypes, group, ids: ids, moduleless: false)
            ids.append(contentsOf: (0..<UInt32(group.count)).map { first + $0 })
        }
        return ids
    }

    /// The signature of function type `id` (as the first module that defined it wrote it).
    func type(of id: UInt32) -> FuncType {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return entries[Int(id)].funcType
    }

    /// The runtime description of type `id` (valid as long as the engine).
    func info(_ id: UInt32) -> UnsafePointer<GCTypeInfo> {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return UnsafePointer(entries[Int(id)].info)
    }

    /// Whether `info` is the runtime description this registry made for its
    /// type id (false for a description from another engine's registry).
    func owns(_ info: UnsafePointer<GCTypeInfo>) -> Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let id = Int(info.pointee.typeID)
        return id < entries.count && UnsafePointer(entries[id].info) == info
    }

    /// Whether `id` is an id of this registry.
    func contains(_ id: UInt32) -> Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return Int(id) < entries.count
    }

    /// Whether type `a` is `b` or declares it as a (transitive) supertype.
    func isSubtype(_ a: UInt32, _ b: UInt32) -> Bool {
        if a == b { return true }
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        var t = entries[Int(a)].supertype
        while let s = t {
            if s == b { return true }
            t = entries[Int(s)].supertype
        }
        return false
    }

    /// Interns the group `types[range]`; `ids` holds the canonical ids of
    /// the types before it. Returns the group's first id. Caller holds the lock.
    private func internGroup(_ types: [SubType], _ range: Range<Int>, ids: [UInt32], moduleless: Bool) -> UInt32 {
        var key = TypeKey(group: range, ids: ids, moduleless: moduleless)
        for t in types[range] { key.add(t) }
        if let first = groups[key.tokens] { return first }
        let first = UInt32(entries.count)
        groups[key.tokens] = first
        for t in types[range] {
            var supertype: UInt32?
            if let s = t.supertypes.first {
                if range.contains(Int(s)) {
                    supertype = first + UInt32(Int(s) - range.lowerBound)
                } else if Int(s) < ids.count {
                    supertype = ids[Int(s)]
                }
            }
            let id = UInt32(entries.count)
            let info = GCTypeInfo.make(id: id, type: t, supertype: supertype.map { UnsafePointer(entries[Int($0)].info) })
            entries.append(Entry(funcType: t.functionType ?? FuncType(params: [], results: []), supertype: supertype,
                                 isFinal: t.isFinal, info: info))
        }
        return first
    }
}

/// The structural key of a recursion group (see `TypeRegistry`): a flat
/// list of tokens.
private struct TypeKey {
    let group: Range<Int>
    let ids: [UInt32]
    /// Type indices are not resolved (a host signature outside any module).
    let moduleless: Bool
    var tokens: [UInt64] = []

    init(group: Range<Int>, ids: [UInt32], moduleless: Bool) {
        self.group = group
        self.ids = ids
        self.moduleless = moduleless
    }

    mutating func add(_ t: SubType) {
        tokens.append(t.isFinal ? 1 : 0)
        tokens.append(UInt64(t.supertypes.count))
        for s in t.supertypes { addIndex(s) }
        switch t.composite {
        case .function(let f):
            tokens.append(0x100 | UInt64(f.params.count))
            f.params.forEach { add($0) }
            tokens.append(UInt64(f.results.count))
            f.results.forEach { add($0) }
        case .structure(let fields):
            tokens.append(0x200 | UInt64(fields.count))
            fields.forEach { add($0) }
        case .array(let field):
            tokens.append(0x300)
            add(field)
        }
    }

    /// A type index: its position in the group, or the id of an earlier type.
    mutating func addIndex(_ i: UInt32) {
        if moduleless {
            tokens.append(3 << 32 | UInt64(i))
        } else if group.contains(Int(i)) {
            tokens.append(1 << 32 | UInt64(Int(i) - group.lowerBound))
        } else if Int(i) < ids.count {
            tokens.append(2 << 32 | UInt64(ids[Int(i)]))
        } else {
            tokens.append(4 << 32 | UInt64(i))
        }
    }

    mutating func add(_ field: FieldType) {
        tokens.append(field.mutable ? 1 : 0)
        switch field.storage {
        case .i8: tokens.append(0x10)
        case .i16: tokens.append(0x11)
        case .value(let v): add(v)
        }
    }

    mutating func add(_ v: ValueType) {
        switch v {
        case .i32: tokens.append(0x20)
        case .i64: tokens.append(0x21)
        case .f32: tokens.append(0x22)
        case .f64: tokens.append(0x23)
        case .v128: tokens.append(0x24)
        case .ref(let r):
            tokens.append(r.nullable ? 0x31 : 0x30)
            if case .concrete(let i) = r.heapType {
                addIndex(i)
            } else {
                tokens.append(0x40 + UInt64(TypeHierarchy.abstractCode(r.heapType)))
            }
        }
    }
}
