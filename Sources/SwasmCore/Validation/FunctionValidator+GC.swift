/// Validation of the GC instructions (`0xFB` prefix, and `ref.eq`). Each is
/// passed to the sink as internal opcode `GCOpcodes.base + sub` with its
/// immediates (type index, field index, segment, or an encoded heap type
/// and nullability for casts). `br_on_cast` and `br_on_cast_fail` reach the
/// sink as a test that keeps the reference (`GCOpcodes.castTestKeep`)
/// followed by a conditional branch.
extension FunctionValidator {
    /// Immediate word of a cast target: a type index, or an abstract heap
    /// type with bit 32 set (`GCExecutor.castTarget` decodes it).
    static func heapImmediate(_ heap: HeapType) -> UInt64 {
        if case .concrete(let x) = heap { return UInt64(x) }
        return 1 << 32 | UInt64(TypeHierarchy.abstractCode(heap))
    }

    private func structType(_ x: UInt32, _ offset: Int) throws(WasmError) -> [FieldType] {
        guard Int(x) < module.subTypes.count else { throw invalid("unknown type", offset) }
        guard let fields = module.structFields(x) else { throw invalid("type mismatch: not a struct type", offset) }
        return fields
    }

    private func arrayType(_ x: UInt32, _ offset: Int) throws(WasmError) -> FieldType {
        guard Int(x) < module.subTypes.count else { throw invalid("unknown type", offset) }
        guard let element = module.arrayElement(x) else { throw invalid("type mismatch: not an array type", offset) }
        return element
    }

    private func ref(_ x: UInt32, nullable: Bool = false) -> ValueType {
        .ref(RefType(nullable: nullable, heapType: .concrete(x)))
    }

    private mutating func dataSegment(_ start: Int) throws(WasmError) -> UInt32 {
        let segment = try r.readU32()
        guard let count = module.dataCount else { throw malformed("data count section required", start) }
        guard segment < count else { throw invalid("unknown data segment \(segment)", start) }
        return segment
    }

    private mutating func elemSegment(_ start: Int) throws(WasmError) -> UInt32 {
        let segment = try r.readU32()
        guard Int(segment) < module.elements.count else { throw invalid("unknown elem segment \(segment)", start) }
        return segment
    }

    private func numericElement(_ e: FieldType, _ start: Int) throws(WasmError) {
        if case .value(.ref) = e.storage { throw invalid("array type is not numeric or vector", start) }
    }

    /// Reads the data segment (`data`) or element segment an `array.new_*` or
    /// `array.init_*` copies from, and checks that its values fit the array's
    /// `element` type (and, for `init`, that the array is mutable).
    private mutating func arraySegment(data: Bool, element: FieldType, mutable: Bool, _ start: Int) throws(WasmError) -> UInt32 {
        let segment = data ? try dataSegment(start) : try elemSegment(start)
        if mutable { guard element.mutable else { throw invalid("immutable array", start) } }
        if data {
            try numericElement(element, start)
        } else {
            guard isSubtype(.ref(module.elements[Int(segment)].type), element.storage.unpacked) else { throw invalid("type mismatch", start) }
        }
        return segment
    }

    private mutating func readHeapType(_ start: Int) throws(WasmError) -> HeapType {
        let heap = try ModuleDecoder.heapType(&r)
        try context.checkHeapType(heap, start)
        return heap
    }

    /// `ref.eq`.
    mutating func refEq(_ start: Int) throws(WasmError) {
        let eqref = ValueType.ref(RefType(nullable: true, heapType: .eq))
        try pop(eqref)
        try pop(eqref)
        try emit(GCOpcodes.refEq, 0, 0, pops: 2, pushes: 1)
        push(.i32)
    }

    mutating func prefixFB(_ start: Int) throws(WasmError) {
        let sub = try r.readU32()
        let op = GCOpcodes.base + UInt16(truncatingIfNeeded: min(sub, 0xFF))
        switch sub {
        case GCOpcodes.structNew, GCOpcodes.structNewDefault:
            let x = try r.readU32()
            let fields = try structType(x, start)
            if sub == GCOpcodes.structNew {
                try pop(fields.map(\.storage.unpacked))
            } else {
                guard fields.allSatisfy({ $0.storage.unpacked.isDefaultable }) else { throw invalid("type mismatch", start) }
            }
            try emit(op, UInt64(x), 0, pops: sub == GCOpcodes.structNew ? fields.count : 0, pushes: 1)
            push(ref(x))
        case GCOpcodes.structGet, GCOpcodes.structGetS, GCOpcodes.structGetU, GCOpcodes.structSet:
            let x = try r.readU32()
            let y = try r.readU32()
            let fields = try structType(x, start)
            guard Int(y) < fields.count else { throw invalid("unknown field \(y)", start) }
            let field = fields[Int(y)]
            if sub == GCOpcodes.structSet {
                guard field.mutable else { throw invalid("immutable field", start) }
                try pop(field.storage.unpacked)
                try pop(ref(x, nullable: true))
                try emit(op, UInt64(x), UInt64(y), pops: 2, pushes: 0)
            } else {
                guard field.storage.isPacked == (sub != GCOpcodes.structGet) else { throw invalid("type mismatch: field is packed", start) }
                try pop(ref(x, nullable: true))
                try emit(op, UInt64(x), UInt64(y), pops: 1, pushes: 1)
                push(field.storage.unpacked)
            }
        case GCOpcodes.arrayNew, GCOpcodes.arrayNewDefault:
            let x = try r.readU32()
            let element = try arrayType(x, start)
            try pop(.i32)
            if sub == GCOpcodes.arrayNew {
                try pop(element.storage.unpacked)
            } else {
                guard element.storage.unpacked.isDefaultable else { throw invalid("type mismatch", start) }
            }
            try emit(op, UInt64(x), 0, pops: sub == GCOpcodes.arrayNew ? 2 : 1, pushes: 1)
            push(ref(x))
        case GCOpcodes.arrayNewFixed:
            let x = try r.readU32()
            let n = try r.readU32()
            let element = try arrayType(x, start)
            // `n` is the module's: pop what the stack holds (the rest is polymorphic in unreachable code) without allocating n types.
            let frame = frames[frames.count - 1], available = stack.count - frame.height
            if Int(n) > available && !frame.unreachable { throw invalid("type mismatch", r.offset) }
            for _ in 0..<min(Int(n), available) { try pop(element.storage.unpacked) }
            try emit(op, UInt64(x), UInt64(n), pops: Int(n), pushes: 1)
            push(ref(x))
        case GCOpcodes.arrayNewData, GCOpcodes.arrayNewElem:
            let x = try r.readU32()
            let element = try arrayType(x, start)
            let segment = try arraySegment(data: sub == GCOpcodes.arrayNewData, element: element, mutable: false, start)
            try pop([.i32, .i32])
            try emit(op, UInt64(x), UInt64(segment), pops: 2, pushes: 1)
            push(ref(x))
        case GCOpcodes.arrayGet, GCOpcodes.arrayGetS, GCOpcodes.arrayGetU:
            let x = try r.readU32()
            let element = try arrayType(x, start)
            guard element.storage.isPacked == (sub != GCOpcodes.arrayGet) else { throw invalid("type mismatch: array is packed", start) }
            try pop([ref(x, nullable: true), .i32])
            try emit(op, UInt64(x), 0, pops: 2, pushes: 1)
            push(element.storage.unpacked)
        case GCOpcodes.arraySet:
            let x = try r.readU32()
            let element = try arrayType(x, start)
            guard element.mutable else { throw invalid("immutable array", start) }
            try pop([ref(x, nullable: true), .i32, element.storage.unpacked])
            try emit(op, UInt64(x), 0, pops: 3, pushes: 0)
        case GCOpcodes.arrayLen:
            try pop(.ref(RefType(nullable: true, heapType: .array)))
            try emit(op, 0, 0, pops: 1, pushes: 1)
            push(.i32)
        case GCOpcodes.arrayFill:
            let x = try r.readU32()
            let element = try arrayType(x, start)
            guard element.mutable else { throw invalid("immutable array", start) }
            try pop([ref(x, nullable: true), .i32, element.storage.unpacked, .i32])
            try emit(op, UInt64(x), 0, pops: 4, pushes: 0)
        case GCOpcodes.arrayCopy:
            let x = try r.readU32()
            let y = try r.readU32()
            let destination = try arrayType(x, start)
            let source = try arrayType(y, start)
            guard destination.mutable else { throw invalid("immutable array", start) }
            guard context.hierarchy.isSubtype(FieldType(storage: source.storage, mutable: false),
                                              FieldType(storage: destination.storage, mutable: false)) else {
                throw invalid("array types do not match", start)
            }
            try pop([ref(x, nullable: true), .i32, ref(y, nullable: true), .i32, .i32])
            try emit(op, UInt64(x), UInt64(y), pops: 5, pushes: 0)
        case GCOpcodes.arrayInitData, GCOpcodes.arrayInitElem:
            let x = try r.readU32()
            let element = try arrayType(x, start)
            let segment = try arraySegment(data: sub == GCOpcodes.arrayInitData, element: element, mutable: true, start)
            try pop([ref(x, nullable: true), .i32, .i32, .i32])
            try emit(op, UInt64(x), UInt64(segment), pops: 4, pushes: 0)
        case GCOpcodes.refTest, GCOpcodes.refTestNull, GCOpcodes.refCast, GCOpcodes.refCastNull:
            let heap = try readHeapType(start)
            let nullable = sub == GCOpcodes.refTestNull || sub == GCOpcodes.refCastNull
            if let operand = try popReference(start), context.hierarchy.top(operand.heapType) != context.hierarchy.top(heap) {
                throw invalid("type mismatch", start)
            }
            try emit(op, Self.heapImmediate(heap), nullable ? 1 : 0, pops: 1, pushes: 1)
            let isTest = sub == GCOpcodes.refTest || sub == GCOpcodes.refTestNull
            push(isTest ? .i32 : .ref(RefType(nullable: nullable, heapType: heap)))
        case GCOpcodes.brOnCast, GCOpcodes.brOnCastFail:
            try branchOnCast(fail: sub == GCOpcodes.brOnCastFail, start)
        case GCOpcodes.anyConvertExtern, GCOpcodes.externConvertAny:
            let toAny = sub == GCOpcodes.anyConvertExtern
            let operand = try popReference(start)
            if let operand, context.hierarchy.top(operand.heapType) != (toAny ? .extern : .any) {
                throw invalid("type mismatch", start)
            }
            try emit(op, 0, 0, pops: 1, pushes: 1)
            push(.ref(RefType(nullable: operand?.nullable ?? false, heapType: toAny ? .any : .extern)))
        case GCOpcodes.refI31:
            try pop(.i32)
            try emit(op, 0, 0, pops: 1, pushes: 1)
            push(.ref(RefType(nullable: false, heapType: .i31)))
        case GCOpcodes.i31GetS, GCOpcodes.i31GetU:
            try pop(.ref(RefType(nullable: true, heapType: .i31)))
            try emit(op, 0, 0, pops: 1, pushes: 1)
            push(.i32)
        default:
            throw malformed("illegal opcode fb \(sub)", start)
        }
    }

    /// `br_on_cast` / `br_on_cast_fail` (`fail`) flags l ht1 ht2.
    private mutating func branchOnCast(fail: Bool, _ start: Int) throws(WasmError) {
        let flagsOffset = r.offset
        let flags = try r.readByte()
        guard flags <= 3 else { throw malformed("malformed cast flags", flagsOffset) }
        let depth = try label(try r.readU32())
        let source = RefType(nullable: flags & 1 != 0, heapType: try readHeapType(start))
        let target = RefType(nullable: flags & 2 != 0, heapType: try readHeapType(start))
        guard context.hierarchy.isSubtype(target, source) else { throw invalid("type mismatch", start) }
        // The type of what fails the cast: the source without what the target admits.
        let rest = RefType(nullable: source.nullable && !target.nullable, heapType: source.heapType)
        var labelTypes = frames[frames.count - 1 - depth].labelTypes
        guard case .ref(let labelRef)? = labelTypes.popLast(),
              context.hierarchy.isSubtype(fail ? rest : target, labelRef) else {
            throw invalid("type mismatch", start)
        }
        try pop(.ref(source))
        try pop(labelTypes)
        let h = height
        if reachable {
            let test = fail ? GCOpcodes.castFailTestKeep : GCOpcodes.castTestKeep
            let n = labelTypes.count
            try sink.instruction(test, Self.heapImmediate(target.heapType), target.nullable ? 1 : 0,
                                 height: h + n + 1, pops: 1, pushes: 2)
            try sink.branch(depth: depth, conditional: true, height: h + n + 2)
        }
        push(labelTypes)
        push(.ref(fail ? target : rest))
        maxHeight = max(maxHeight, stack.count + 1)
    }
}

extension TypeHierarchy {
    /// A small number for each abstract heap type (immediates, keys).
    static func abstractCode(_ heap: HeapType) -> Int {
        switch heap {
        case .func: return 0
        case .extern: return 1
        case .exn: return 2
        case .noexn: return 3
        case .any: return 4
        case .eq: return 5
        case .i31: return 6
        case .struct: return 7
        case .array: return 8
        case .none: return 9
        case .nofunc: return 10
        case .noextern: return 11
        case .concrete: return 12
        }
    }

    /// The abstract heap type of `abstractCode` `code`.
    static func abstractHeap(_ code: Int) -> HeapType {
        [.func, .extern, .exn, .noexn, .any, .eq, .i31, .struct, .array, .none, .nofunc, .noextern][code]
    }
}
