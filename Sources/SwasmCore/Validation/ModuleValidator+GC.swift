/// The GC proposal's module-level rules: the type section (recursion
/// groups, supertypes) and the allocating instructions of constant expressions.
extension ModuleValidator {
    /// Checks the type section and returns the module's type hierarchy.
    /// Type indices may point forward only inside their recursion group; a
    /// supertype must come earlier, must not be final, and the subtype's
    /// structure must match it.
    func validateTypeSection() throws(WasmError) -> TypeHierarchy {
        let m = module
        for group in m.recGroups {
            for i in group {
                let sub = m.subTypes[i]
                guard sub.supertypes.count <= 1 else { throw invalid("multiple supertypes") }
                for s in sub.supertypes where Int(s) >= i { throw invalid("unknown type") }
                for v in Self.valueTypes(of: sub.composite) {
                    if case .ref(let r) = v, case .concrete(let x) = r.heapType, Int(x) >= group.upperBound {
                        throw invalid("unknown type")
                    }
                }
            }
        }
        let hierarchy = TypeHierarchy(module: m)
        for (i, sub) in m.subTypes.enumerated() {
            guard let s = sub.supertypes.first else { continue }
            let parent = m.subTypes[Int(s)]
            guard !parent.isFinal, hierarchy.matches(sub.composite, parent.composite) else {
                throw invalid("sub type \(i) does not match super type \(s)")
            }
        }
        return hierarchy
    }

    /// Every value type a composite type mentions (packed fields aside).
    static func valueTypes(of composite: CompositeType) -> [ValueType] {
        switch composite {
        case .function(let f): return f.params + f.results
        case .structure(let fields): return fields.compactMap { if case .value(let v) = $0.storage { v } else { nil } }
        case .array(let field): return field.storage.isPacked ? [] : [field.storage.unpacked]
        }
    }

    /// Type-checks one allocating GC instruction of a constant expression.
    func checkGCConst(_ i: ConstInstruction, _ stack: inout [ValueType], _ context: Context) throws(WasmError) {
        func pop(_ t: ValueType) throws(WasmError) {
            guard let v = stack.popLast(), context.hierarchy.isSubtype(v, t) else { throw invalid("type mismatch") }
        }
        func popReference() throws(WasmError) -> RefType {
            guard case .ref(let r)? = stack.popLast() else { throw invalid("type mismatch") }
            return r
        }
        func element(_ x: UInt32) throws(WasmError) -> FieldType {
            guard let e = module.arrayElement(x) else { throw invalid("unknown type") }
            return e
        }
        func structure(_ x: UInt32) throws(WasmError) -> [FieldType] {
            guard let f = module.structFields(x) else { throw invalid("unknown type") }
            return f
        }
        var result = ValueType.i32
        switch i {
        case .structNew(let x):
            for f in try structure(x).reversed() { try pop(f.storage.unpacked) }
            result = .ref(RefType(nullable: false, heapType: .concrete(x)))
        case .structNewDefault(let x):
            guard try structure(x).allSatisfy({ $0.storage.unpacked.isDefaultable }) else { throw invalid("type mismatch") }
            result = .ref(RefType(nullable: false, heapType: .concrete(x)))
        case .arrayNew(let x):
            try pop(.i32)
            try pop(try element(x).storage.unpacked)
            result = .ref(RefType(nullable: false, heapType: .concrete(x)))
        case .arrayNewDefault(let x):
            guard try element(x).storage.unpacked.isDefaultable else { throw invalid("type mismatch") }
            try pop(.i32)
            result = .ref(RefType(nullable: false, heapType: .concrete(x)))
        case .arrayNewFixed(let x, let n):
            let t = try element(x).storage.unpacked
            for _ in 0..<n { try pop(t) }
            result = .ref(RefType(nullable: false, heapType: .concrete(x)))
        case .refI31:
            try pop(.i32)
            result = .ref(RefType(nullable: false, heapType: .i31))
        case .anyConvertExtern:
            let r = try popReference()
            guard context.hierarchy.top(r.heapType) == .extern else { throw invalid("type mismatch") }
            result = .ref(RefType(nullable: r.nullable, heapType: .any))
        case .externConvertAny:
            let r = try popReference()
            guard context.hierarchy.top(r.heapType) == .any else { throw invalid("type mismatch") }
            result = .ref(RefType(nullable: r.nullable, heapType: .extern))
        default:
            throw invalid("constant expression required")
        }
        stack.append(result)
    }
}

extension ValueType {
    /// Whether locals and fields of this type have a default value (all but non-nullable references).
    var isDefaultable: Bool {
        if case .ref(let r) = self { return r.nullable }
        return true
    }
}
