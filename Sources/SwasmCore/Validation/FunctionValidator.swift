/// Type-checks one function body following the spec's validation algorithm
/// and hands every accepted instruction to a `CodeSink`. This is the only
/// place that decodes instruction bytes.
struct FunctionValidator<Sink: CodeSink> {
    /// One entry of the control stack.
    struct Frame {
        var kind: BlockKind
        var isElse = false
        var params: [ValueType]
        var results: [ValueType]
        /// Operand-stack height below the block's params.
        var height: Int
        /// After an unconditional branch: the operand stack is polymorphic.
        var unreachable = false
        /// Inside code that can never run (the block started in unreachable
        /// code): validated normally, but nothing is passed to the sink.
        var dead = false
        /// Height of `initializedLocals` when the block began.
        var initHeight = 0
        /// Types a branch to this label carries.
        var labelTypes: [ValueType] { kind == .loop ? params : results }
    }

    let module: Module
    let context: ModuleValidator.Context
    var sink: Sink
    var r: ByteReader
    var locals: [ValueType] = []
    /// Operand types; nil is the unknown type of unreachable code.
    var stack: [ValueType?] = []
    var frames: [Frame] = []
    /// Whether each local holds a value: false only for non-defaultable
    /// (non-nullable reference) locals not yet set on this path.
    var localInitialized: [Bool] = []
    /// Locals initialized inside the open blocks, innermost last.
    var initializedLocals: [Int] = []
    /// Highest operand-stack height reached, for frame sizing.
    var maxHeight = 0
    let bodyEnd: Int
    let sectionEnd: Int

    init(module: Module, context: ModuleValidator.Context, functionIndex: Int, sink: Sink, bytes: UnsafeBufferPointer<UInt8>) {
        self.module = module
        self.context = context
        self.sink = sink
        let body = module.bodies[functionIndex - module.importedFunctionCount]
        bodyEnd = body.code.upperBound
        sectionEnd = body.sectionEnd
        // Like the spec's reference decoder, instructions are read up to the
        // end of the module; running past the body is diagnosed afterwards.
        self.r = ByteReader(bytes: bytes, offset: body.code.lowerBound, limit: bytes.count, inSection: true)
        let type = module.functionType(functionIndex)
        locals = module.locals(of: functionIndex)
        frames.append(Frame(kind: .block, params: [], results: type.results, height: 0))
        localInitialized = locals.enumerated().map { i, t in
            if i < type.params.count { return true }
            if case .ref(let r) = t { return r.nullable }
            return true
        }
    }

    /// Forgets local initializations made inside the innermost block (at its `else` or `end`).
    mutating func resetLocalInitializations(to height: Int) {
        while initializedLocals.count > height { localInitialized[initializedLocals.removeLast()] = false }
    }

    // MARK: Operand stack

    @inline(__always) mutating func push(_ t: ValueType?) {
        sink.pushed(t, height: stack.count)
        stack.append(t)
        if stack.count > maxHeight { maxHeight = stack.count }
    }

    @inline(__always) mutating func pop() throws(WasmError) -> ValueType? {
        let frame = frames[frames.count - 1]
        if stack.count == frame.height {
            if frame.unreachable { return nil }
            throw invalid("type mismatch", r.offset)
        }
        return stack.removeLast()
    }

    @discardableResult
    @inline(__always) mutating func pop(_ expected: ValueType) throws(WasmError) -> ValueType? {
        let actual = try pop()
        if let actual, !isSubtype(actual, expected) { throw invalid("type mismatch", r.offset) }
        return actual ?? expected
    }

    mutating func pop(_ types: [ValueType]) throws(WasmError) {
        for t in types.reversed() { try pop(t) }
    }

    mutating func push(_ types: [ValueType]) {
        for t in types { push(t) }
    }

    /// Subtyping (`TypeHierarchy`).
    func isSubtype(_ a: ValueType, _ b: ValueType) -> Bool {
        context.hierarchy.isSubtype(a, b)
    }

    /// Pops a reference operand; returns its type (nil when unknown).
    mutating func popReference(_ start: Int) throws(WasmError) -> RefType? {
        let t = try pop()
        guard let t else { return nil }
        guard case .ref(let r) = t else { throw invalid("type mismatch", start) }
        return r
    }

    var height: Int { stack.count }
    var reachable: Bool {
        let f = frames[frames.count - 1]
        return !(f.unreachable || f.dead)
    }

    mutating func markUnreachable() {
        let h = frames[frames.count - 1].height
        stack.removeSubrange(h...)
        frames[frames.count - 1].unreachable = true
    }

    // MARK: Immediates and lookups

    mutating func blockType() throws(WasmError) -> FuncType {
        let offset = r.offset
        switch try ModuleDecoder.blockType(&r) {
        case .empty: return FuncType(params: [], results: [])
        case .value(let t):
            if case .ref(let ref) = t { try context.checkHeapType(ref.heapType, offset) }
            return FuncType(params: [], results: [t])
        case .index(let index):
            guard index >= 0, index < module.types.count else { throw invalid("unknown type", offset) }
            guard module.isFunctionType(UInt32(index)) else { throw invalid("type mismatch: not a function type", offset) }
            return module.types[Int(index)]
        }
    }

    mutating func label(_ depth: UInt32) throws(WasmError) -> Int {
        guard Int(depth) < frames.count else { throw invalid("unknown label", r.offset) }
        return Int(depth)
    }

    /// The function type of tag `index`.
    func tagType(_ index: UInt32, _ offset: Int) throws(WasmError) -> FuncType {
        guard Int(index) < module.tags.count else { throw invalid("unknown tag \(index)", offset) }
        return module.types[Int(module.tags[Int(index)])]
    }

    /// Reads one catch clause of a `try_table` and checks that what it
    /// passes fits its label (in the context around the `try_table`).
    mutating func catchClause() throws(WasmError) -> CatchClause {
        let offset = r.offset
        let kind = try r.readByte()
        guard kind <= 3 else { throw malformed("malformed catch clause", offset) }
        var tag: UInt32?
        var types: [ValueType] = []
        if kind <= 1 {
            let index = try r.readU32()
            types = try tagType(index, offset).params
            tag = index
        }
        let depth = try label(try r.readU32())
        if kind & 1 == 1 { types.append(.ref(RefType(nullable: false, heapType: .exn))) }
        let labelTypes = frames[frames.count - 1 - depth].labelTypes
        guard types.count == labelTypes.count, zip(types, labelTypes).allSatisfy({ isSubtype($0, $1) }) else {
            throw invalid("type mismatch", offset)
        }
        return CatchClause(tag: tag, passesReference: kind & 1 == 1, depth: depth)
    }

    /// Pops `types`; a mismatch is reported with the reference validator's
    /// detailed wording (what the instruction requires, what the stack has).
    mutating func popDescribed(_ types: [ValueType], _ offset: Int) throws(WasmError) {
        let frame = frames[frames.count - 1]
        let n = min(types.count, stack.count - frame.height)
        let actual = stack.suffix(n)
        let fits = (n == types.count || frame.unreachable)
            && zip(types.suffix(n), actual).allSatisfy { expected, t in t.map { isSubtype($0, expected) } ?? true }
        guard fits else {
            let required = types.map(\.description).joined(separator: " ")
            let has = actual.map { $0?.description ?? "_" }.joined(separator: " ")
            throw invalid("type mismatch: instruction requires [\(required)] but stack has [\(has)]", offset)
        }
        try pop(types)
    }

    mutating func memoryIndex(_ index: UInt32) throws(WasmError) -> MemoryType {
        guard Int(index) < module.memories.count else { throw invalid("unknown memory \(index)", r.offset) }
        return module.memories[Int(index)]
    }

    mutating func tableType(_ index: UInt32) throws(WasmError) -> TableType {
        guard Int(index) < module.tables.count else { throw invalid("unknown table \(index)", r.offset) }
        return module.tables[Int(index)]
    }

    /// Reads a memarg; returns (memory immediate, offset, memory type). The
    /// memory immediate is the index with bit 32 set for 64-bit memories.
    /// The checks come in the reference validator's order: alignment,
    /// memory, offset.
    mutating func memarg(naturalAlign: UInt32) throws(WasmError) -> (UInt64, UInt64, MemoryType) {
        let flagsOffset = r.offset
        let (align, memIndex, offset) = try r.readMemarg()
        guard align <= naturalAlign else { throw invalid("alignment must not be larger than natural", flagsOffset) }
        let mem = try memoryIndex(memIndex)
        guard mem.limits.is64 || offset <= UInt64(UInt32.max) else { throw invalid("offset out of range", flagsOffset) }
        return (UInt64(memIndex) | (mem.limits.is64 ? 1 << 32 : 0), offset, mem)
    }

    func addressType(_ mem: MemoryType) -> ValueType { mem.limits.is64 ? .i64 : .i32 }
    func addressType(_ table: TableType) -> ValueType { table.limits.is64 ? .i64 : .i32 }

    // MARK: Driver

    /// Validates the whole body; returns the sink with the translated code.
    mutating func run() throws(WasmError) -> Sink {
        for case .ref(let t) in locals { try context.checkHeapType(t.heapType, r.offset) }
        try sink.beginBlock(.block, type: FuncType(params: [], results: frames[0].results), height: 0, reachable: true)
        while !frames.isEmpty {
            guard r.offset < r.limit else { throw malformed("unexpected end of section or function", r.offset) }
            try step()
        }
        if r.offset > sectionEnd { throw malformed("section size mismatch", sectionEnd) }
        guard r.offset == bodyEnd else { throw malformed("END opcode expected", r.offset) }
        return sink
    }

    mutating func step() throws(WasmError) {
        let start = r.offset
        sink.at(offset: start)
        let byte = try r.readByte()
        try checkFeature(of: byte, at: start)
        switch byte {
        case 0x00:
            if reachable { try sink.instruction(0x00, 0, 0, height: height, pops: 0, pushes: 0) }
            markUnreachable()
        case 0x01:
            break
        case 0x02, 0x03, 0x04:
            let type = try blockType()
            if byte == 0x04 { try pop(.i32) }
            try pop(type.params)
            let kind: BlockKind = byte == 0x02 ? .block : byte == 0x03 ? .loop : .if
            let wasReachable = reachable
            let h = height
            try sink.beginBlock(kind, type: type, height: h, reachable: wasReachable)
            frames.append(Frame(kind: kind, params: type.params, results: type.results, height: h, dead: !wasReachable,
                                initHeight: initializedLocals.count))
            push(type.params)
        case 0x05:
            if frames.count == 1 { throw malformed("END opcode expected", start) }
            guard var frame = frames.last, frame.kind == .if, !frame.isElse else {
                throw invalid("else without if", start)
            }
            try pop(frame.results)
            guard height == frame.height else { throw invalid("type mismatch", start) }
            try sink.elseBlock(reachable: reachable)
            resetLocalInitializations(to: frame.initHeight)
            frames.removeLast()
            frame.isElse = true
            frame.unreachable = false
            frames.append(frame)
            push(frame.params)
        case 0x0B:
            let frame = frames[frames.count - 1]
            try pop(frame.results)
            guard height == frame.height else { throw invalid("type mismatch", start) }
            if frame.kind == .if && !frame.isElse && frame.params != frame.results {
                throw invalid("type mismatch", start)
            }
            try sink.endBlock(reachable: reachable)
            resetLocalInitializations(to: frame.initHeight)
            frames.removeLast()
            push(frame.results)
        case 0x08:
            let index = try r.readU32()
            let params = try tagType(index, start).params
            try popDescribed(params, start)
            try emit(ExtraOpcodes.throw, UInt64(index), 0, pops: params.count, pushes: 0)
            markUnreachable()
        case 0x0A:
            try pop(.ref(RefType(nullable: true, heapType: .exn)))
            try emit(ExtraOpcodes.throwRef, 0, 0, pops: 1, pushes: 0)
            markUnreachable()
        case 0x1F:
            let type = try blockType()
            let n = try r.readCount()
            var catches: [CatchClause] = []
            for _ in 0..<n { catches.append(try catchClause()) }
            try pop(type.params)
            let wasReachable = reachable
            let h = height
            try sink.beginTryTable(type: type, catches: catches, height: h, reachable: wasReachable)
            frames.append(Frame(kind: .block, params: type.params, results: type.results, height: h, dead: !wasReachable,
                                initHeight: initializedLocals.count))
            push(type.params)
        case 0x0C:
            let depth = try label(try r.readU32())
            let types = frames[frames.count - 1 - depth].labelTypes
            try pop(types)
            if reachable { try sink.branch(depth: depth, conditional: false, height: height + types.count) }
            markUnreachable()
        case 0x0D:
            let depth = try label(try r.readU32())
            try pop(.i32)
            let types = frames[frames.count - 1 - depth].labelTypes
            try pop(types)
            if reachable { try sink.branch(depth: depth, conditional: true, height: height + types.count + 1) }
            push(types)
        case 0x0E:
            let n = try r.readCount()
            var depths: [Int] = []
            depths.reserveCapacity(n)
            for _ in 0..<n { depths.append(try label(try r.readU32())) }
            let defaultDepth = try label(try r.readU32())
            try pop(.i32)
            let arity = frames[frames.count - 1 - defaultDepth].labelTypes.count
            let h = height
            for d in depths + [defaultDepth] {
                let types = frames[frames.count - 1 - d].labelTypes
                guard types.count == arity else { throw invalid("type mismatch", start) }
                // Check each label against the same operands without consuming them.
                let saved = stack
                try pop(types)
                stack = saved
            }
            if reachable { try sink.branchTable(depths: depths, defaultDepth: defaultDepth, height: h + 1) }
            markUnreachable()
        case 0x0F:
            try pop(frames[0].results)
            if reachable { try sink.returnFromFunction(height: height + frames[0].results.count) }
            markUnreachable()
        case 0x10:
            let index = try r.readU32()
            guard Int(index) < module.functionTypeIndices.count else { throw invalid("unknown function \(index)", start) }
            let type = module.functionType(Int(index))
            try pop(type.params)
            try emit(0x10, UInt64(index), 0, pops: type.params.count, pushes: type.results.count)
            push(type.results)
        case 0x11:
            let typeIndex = try r.readU32()
            let tableIndex = try r.readU32()
            let table = try tableType(tableIndex)
            guard Int(typeIndex) < module.types.count else { throw invalid("unknown type", start) }
            guard module.isFunctionType(typeIndex) else { throw invalid("type mismatch: not a function type", start) }
            guard isSubtype(.ref(table.elementType), .funcref) else { throw invalid("type mismatch", start) }
            let type = module.types[Int(typeIndex)]
            try pop(addressType(table))
            try pop(type.params)
            try emit(0x11, UInt64(typeIndex), UInt64(tableIndex), pops: type.params.count + 1, pushes: type.results.count)
            push(type.results)
        case 0x12, 0x13:
            // return_call, return_call_indirect (tail calls).
            let type: FuncType
            var a: UInt64 = 0, b: UInt64 = 0
            var extra = 0
            if byte == 0x12 {
                let index = try r.readU32()
                guard Int(index) < module.functionTypeIndices.count else { throw invalid("unknown function \(index)", start) }
                type = module.functionType(Int(index))
                a = UInt64(index)
            } else {
                let typeIndex = try r.readU32()
                let tableIndex = try r.readU32()
                let table = try tableType(tableIndex)
                guard Int(typeIndex) < module.types.count else { throw invalid("unknown type", start) }
                guard module.isFunctionType(typeIndex) else { throw invalid("type mismatch: not a function type", start) }
                guard isSubtype(.ref(table.elementType), .funcref) else { throw invalid("type mismatch", start) }
                type = module.types[Int(typeIndex)]
                try pop(addressType(table))
                a = UInt64(typeIndex)
                b = UInt64(tableIndex)
                extra = 1
            }
            guard type.results.count == frames[0].results.count,
                  zip(type.results, frames[0].results).allSatisfy({ isSubtype($0, $1) }) else {
                throw invalid("type mismatch", start)
            }
            try pop(type.params)
            try emit(UInt16(byte), a, b, pops: type.params.count + extra, pushes: 0)
            markUnreachable()
        case 0x14, 0x15:
            // call_ref, return_call_ref (typed function references).
            let typeIndex = try r.readU32()
            guard Int(typeIndex) < module.types.count else { throw invalid("unknown type", start) }
            guard module.isFunctionType(typeIndex) else { throw invalid("type mismatch: not a function type", start) }
            let type = module.types[Int(typeIndex)]
            try pop(.ref(RefType(nullable: true, heapType: .concrete(typeIndex))))
            try pop(type.params)
            if byte == 0x15 {
                guard type.results.count == frames[0].results.count,
                      zip(type.results, frames[0].results).allSatisfy({ isSubtype($0, $1) }) else {
                    throw invalid("type mismatch", start)
                }
                try emit(0x15, UInt64(typeIndex), 0, pops: type.params.count + 1, pushes: 0)
                markUnreachable()
            } else {
                try emit(0x14, UInt64(typeIndex), 0, pops: type.params.count + 1, pushes: type.results.count)
                push(type.results)
            }
        case 0xD4:
            let ref = try popReference(start)
            try emit(0xD4, 0, 0, pops: 1, pushes: 1)
            push(ref.map { .ref(RefType(nullable: false, heapType: $0.heapType)) })
        case 0xD5, 0xD6:
            // br_on_null, br_on_non_null.
            let depth = try label(try r.readU32())
            let ref = try popReference(start)
            var types = frames[frames.count - 1 - depth].labelTypes
            if byte == 0xD6 {
                guard let last = types.popLast(), case .ref(let target) = last else { throw invalid("type mismatch", start) }
                if let ref, !isSubtype(.ref(RefType(nullable: false, heapType: ref.heapType)), .ref(target)) {
                    throw invalid("type mismatch", start)
                }
            }
            try pop(types)
            if reachable {
                try sink.branchOnNull(depth: depth, onNull: byte == 0xD5, height: height + types.count + 1)
            }
            push(types)
            if byte == 0xD5 { push(ref.map { .ref(RefType(nullable: false, heapType: $0.heapType)) }) }
        case 0x1A:
            _ = try pop()
            try emit(0x1A, 0, 0, pops: 1, pushes: 0)
        case 0x1B, 0x1C:
            var type: ValueType?
            if byte == 0x1C {
                let n = try r.readCount()
                guard n == 1 else { throw invalid("invalid result arity", start) }
                type = try ModuleDecoder.valueType(&r)
                if case .ref(let t)? = type { try context.checkHeapType(t.heapType, start) }
                try pop(.i32)
                try pop(type!)
                try pop(type!)
            } else {
                try pop(.i32)
                let t1 = try pop()
                let t2 = try pop()
                if let t1, t1.isReference { throw invalid("type mismatch", start) }
                if let t2, t2.isReference { throw invalid("type mismatch", start) }
                if let t1, let t2, t1 != t2 { throw invalid("type mismatch", start) }
                type = t1 ?? t2
            }
            try emit(ExtraOpcodes.select, 0, 0, pops: 3, pushes: 1)
            push(type)
        case 0x20, 0x21, 0x22:
            let index = try r.readU32()
            guard Int(index) < locals.count else { throw invalid("unknown local \(index)", start) }
            let t = locals[Int(index)]
            if byte == 0x20 {
                guard localInitialized[Int(index)] else { throw invalid("uninitialized local \(index)", start) }
                try emit(0x20, UInt64(index), 0, pops: 0, pushes: 1)
                push(t)
            } else {
                try pop(t)
                if !localInitialized[Int(index)] {
                    localInitialized[Int(index)] = true
                    initializedLocals.append(Int(index))
                }
                try emit(UInt16(byte), UInt64(index), 0, pops: 1, pushes: byte == 0x22 ? 1 : 0)
                if byte == 0x22 { push(t) }
            }
        case 0x23, 0x24:
            let index = try r.readU32()
            guard Int(index) < module.globals.count else { throw invalid("unknown global \(index)", start) }
            let g = module.globals[Int(index)]
            if byte == 0x23 {
                try emit(0x23, UInt64(index), 0, pops: 0, pushes: 1)
                push(g.valueType)
            } else {
                guard g.mutable else { throw invalid("immutable global", start) }
                try pop(g.valueType)
                try emit(0x24, UInt64(index), 0, pops: 1, pushes: 0)
            }
        case 0x25, 0x26:
            let index = try r.readU32()
            let table = try tableType(index)
            if byte == 0x25 {
                try pop(addressType(table))
                try emit(0x25, UInt64(index), 0, pops: 1, pushes: 1)
                push(.ref(table.elementType))
            } else {
                try pop(.ref(table.elementType))
                try pop(addressType(table))
                try emit(0x26, UInt64(index), 0, pops: 2, pushes: 0)
            }
        case 0x28...0x3E:
            let access = Opcodes.memoryAccess[UInt16(byte)]!
            let (mem, offset, memType) = try memarg(naturalAlign: access.alignLog2)
            if access.isStore {
                try pop(access.type)
                try pop(addressType(memType))
                try emit(UInt16(byte), mem, offset, pops: 2, pushes: 0)
            } else {
                try pop(addressType(memType))
                try emit(UInt16(byte), mem, offset, pops: 1, pushes: 1)
                push(access.type)
            }
        case 0x3F, 0x40:
            let index = try r.readU32()
            let mem = try memoryIndex(index)
            let at = addressType(mem)
            if byte == 0x40 { try pop(at) }
            try emit(UInt16(byte), UInt64(index), 0, pops: byte == 0x40 ? 1 : 0, pushes: 1)
            push(at)
        case 0x41:
            let v = try r.readI32()
            if reachable { try sink.constant(.i32, V128(lo: UInt64(v), hi: 0), height: height) }
            push(.i32)
        case 0x42:
            let v = try r.readI64()
            if reachable { try sink.constant(.i64, V128(lo: v, hi: 0), height: height) }
            push(.i64)
        case 0x43:
            let v = try r.readFixed32()
            if reachable { try sink.constant(.f32, V128(lo: UInt64(v), hi: 0), height: height) }
            push(.f32)
        case 0x44:
            let v = try r.readFixed64()
            if reachable { try sink.constant(.f64, V128(lo: v, hi: 0), height: height) }
            push(.f64)
        case 0x45...0xC4:
            try simple(UInt16(byte), start)
        case 0xD0:
            let heap = try ModuleDecoder.heapType(&r)
            try context.checkHeapType(heap, start)
            if reachable { try sink.constant(.ref(RefType(heapType: heap)), V128(lo: 0, hi: 0), height: height) }
            push(.ref(RefType(nullable: true, heapType: heap)))
        case 0xD1:
            let t = try pop()
            if let t, !t.isReference { throw invalid("type mismatch", start) }
            try emit(0xD1, 0, 0, pops: 1, pushes: 1)
            push(.i32)
        case 0xD2:
            let index = try r.readU32()
            guard Int(index) < module.functionTypeIndices.count else { throw invalid("unknown function \(index)", start) }
            guard context.declaredFunctions.contains(index) else { throw invalid("undeclared function reference", start) }
            try emit(0xD2, UInt64(index), 0, pops: 0, pushes: 1)
            push(.ref(RefType(nullable: false, heapType: .concrete(module.functionTypeIndices[Int(index)]))))
        case 0xD3:
            try refEq(start)
        case 0xFB:
            try prefixFB(start)
        case 0xFC:
            try prefixFC(start)
        case 0xFD:
            try prefixFD(start)
        case 0xFE:
            try prefixFE(start)
        default:
            throw malformed("illegal opcode \(String(byte, radix: 16))", start)
        }
    }

    /// Passes an instruction on to the sink when it is reachable.
    @inline(__always) mutating func emit(_ op: UInt16, _ a: UInt64, _ b: UInt64, pops: Int, pushes: Int) throws(WasmError) {
        if reachable {
            try sink.instruction(op, a, b, height: height + pops, pops: pops, pushes: pushes)
        }
    }

    /// An instruction from the `Opcodes.simple` table.
    mutating func simple(_ op: UInt16, _ start: Int) throws(WasmError) {
        guard let sig = Opcodes.simple[Int(op)] else { throw malformed("illegal opcode", start) }
        try pop(sig.params)
        try emit(op, 0, 0, pops: sig.params.count, pushes: sig.result == nil ? 0 : 1)
        if let result = sig.result { push(result) }
    }

    mutating func prefixFC(_ start: Int) throws(WasmError) {
        let sub = try r.readU32()
        let op = Opcodes.prefixFC + UInt16(truncatingIfNeeded: min(sub, 0xFF))
        switch sub {
        case 0...7:
            try simple(op, start)
        case 8:
            let segment = try r.readU32()
            let mem = try r.readU32()
            let memType = try memoryIndex(mem)
            guard let count = module.dataCount else { throw malformed("data count section required", start) }
            guard segment < count else { throw invalid("unknown data segment \(segment)", start) }
            try pop(.i32)
            try pop(.i32)
            try pop(addressType(memType))
            try emit(op, UInt64(segment), UInt64(mem), pops: 3, pushes: 0)
        case 9:
            let segment = try r.readU32()
            guard let count = module.dataCount else { throw malformed("data count section required", start) }
            guard segment < count else { throw invalid("unknown data segment \(segment)", start) }
            try emit(op, UInt64(segment), 0, pops: 0, pushes: 0)
        case 10:
            let dst = try r.readU32()
            let src = try r.readU32()
            let dstType = try memoryIndex(dst)
            let srcType = try memoryIndex(src)
            let dt = addressType(dstType), st = addressType(srcType)
            try pop(dt.self == .i64 && st == .i64 ? .i64 : .i32)
            try pop(st)
            try pop(dt)
            try emit(op, UInt64(dst), UInt64(src), pops: 3, pushes: 0)
        case 11:
            let mem = try r.readU32()
            let at = addressType(try memoryIndex(mem))
            try pop(at)
            try pop(.i32)
            try pop(at)
            try emit(op, UInt64(mem), 0, pops: 3, pushes: 0)
        case 12:
            let segment = try r.readU32()
            let tableIndex = try r.readU32()
            let table = try tableType(tableIndex)
            guard Int(segment) < module.elements.count else { throw invalid("unknown elem segment \(segment)", start) }
            guard isSubtype(.ref(module.elements[Int(segment)].type), .ref(table.elementType)) else {
                throw invalid("type mismatch", start)
            }
            try pop(.i32)
            try pop(.i32)
            try pop(addressType(table))
            try emit(op, UInt64(segment), UInt64(tableIndex), pops: 3, pushes: 0)
        case 13:
            let segment = try r.readU32()
            guard Int(segment) < module.elements.count else { throw invalid("unknown elem segment \(segment)", start) }
            try emit(op, UInt64(segment), 0, pops: 0, pushes: 0)
        case 14:
            let dst = try r.readU32()
            let src = try r.readU32()
            let dstType = try tableType(dst)
            let srcType = try tableType(src)
            guard isSubtype(.ref(srcType.elementType), .ref(dstType.elementType)) else { throw invalid("type mismatch", start) }
            let dt = addressType(dstType), st = addressType(srcType)
            try pop(dt == .i64 && st == .i64 ? .i64 : .i32)
            try pop(st)
            try pop(dt)
            try emit(op, UInt64(dst), UInt64(src), pops: 3, pushes: 0)
        case 15:
            let index = try r.readU32()
            let table = try tableType(index)
            try pop(addressType(table))
            try pop(.ref(table.elementType))
            try emit(op, UInt64(index), 0, pops: 2, pushes: 1)
            push(addressType(table))
        case 16:
            let index = try r.readU32()
            let table = try tableType(index)
            try emit(op, UInt64(index), 0, pops: 0, pushes: 1)
            push(addressType(table))
        case 17:
            let index = try r.readU32()
            let table = try tableType(index)
            try pop(addressType(table))
            try pop(.ref(table.elementType))
            try pop(addressType(table))
            try emit(op, UInt64(index), 0, pops: 3, pushes: 0)
        case 19...22:
            try wideArithmetic(op)
        default:
            throw malformed("illegal opcode fc \(sub)", start)
        }
    }

    mutating func prefixFD(_ start: Int) throws(WasmError) {
        let sub = try r.readU32()
        guard let op = Opcodes.simd(sub) else { throw malformed("illegal opcode fd \(sub)", start) }
        if let access = Opcodes.memoryAccess[op] {
            let (mem, offset, memType) = try memarg(naturalAlign: access.alignLog2)
            if access.isStore {
                try pop(.v128)
                try pop(addressType(memType))
                try emit(op, mem, offset, pops: 2, pushes: 0)
            } else {
                try pop(addressType(memType))
                try emit(op, mem, offset, pops: 1, pushes: 1)
                push(.v128)
            }
            return
        }
        if let laneMem = Opcodes.laneMemoryOps[op] {
            let (mem, offset, memType) = try memarg(naturalAlign: laneMem.sizeLog2)
            let lane = try r.readByte()
            guard lane < 16 >> laneMem.sizeLog2 else { throw invalid("invalid lane index", start) }
            try pop(.v128)
            try pop(addressType(memType))
            try emit(op, mem | UInt64(lane) << 40, offset, pops: 2, pushes: laneMem.isStore ? 0 : 1)
            if !laneMem.isStore { push(.v128) }
            return
        }
        if let lane = Opcodes.laneOps[op] {
            let index = try r.readByte()
            guard index < lane.lanes else { throw invalid("invalid lane index", start) }
            if lane.replace {
                try pop(lane.scalar)
                try pop(.v128)
                try emit(op, UInt64(index), 0, pops: 2, pushes: 1)
                push(.v128)
            } else {
                try pop(.v128)
                try emit(op, UInt64(index), 0, pops: 1, pushes: 1)
                push(lane.scalar)
            }
            return
        }
        switch sub {
        case 12:
            let v = try r.readV128()
            if reachable { try sink.constant(.v128, v, height: height) }
            push(.v128)
        case 13:
            let lanes = try r.readV128()
            for i in 0..<16 {
                let byte = i < 8 ? (lanes.lo >> UInt64(i * 8)) & 0xFF : (lanes.hi >> UInt64((i - 8) * 8)) & 0xFF
                guard byte < 32 else { throw invalid("invalid lane index", start) }
            }
            try pop(.v128)
            try pop(.v128)
            try emit(op, lanes.lo, lanes.hi, pops: 2, pushes: 1)
            push(.v128)
        default:
            try simple(op, start)
        }
    }
}

extension ModuleDecoder {
    /// Heap-type reader shared with the validator.
    static func heapType(_ r: inout ByteReader) throws(WasmError) -> HeapType {
        let offset = r.offset
        let v = try r.readSLEB(33)
        switch v {
        case 0...: return .concrete(UInt32(v))
        default:
            if v >= -0x40, let heap = HeapType.shorthand(UInt8(truncatingIfNeeded: v) & 0x7F) { return heap }
            throw malformed("malformed heap type", offset)
        }
    }

    /// A block type as encoded: empty, one value type, or a type index (not yet checked).
    enum BlockTypeSyntax {
        case empty
        case value(ValueType)
        case index(Int64)
    }

    /// Block-type reader shared by the validator and `BodyScanner`.
    static func blockType(_ r: inout ByteReader) throws(WasmError) -> BlockTypeSyntax {
        switch r.offset < r.limit ? r.bytes[r.offset] : 0 {
        case 0x40:
            r.offset += 1
            return .empty
        case 0x7B...0x7F, 0x6A...0x74, 0x69, 0x63, 0x64: return .value(try valueType(&r))
        default: return .index(try r.readSLEB(33))
        }
    }

    /// Value-type reader shared with the validator.
    static func valueType(_ r: inout ByteReader) throws(WasmError) -> ValueType {
        let offset = r.offset
        let b = try r.readByte()
        switch b {
        case 0x7F: return .i32
        case 0x7E: return .i64
        case 0x7D: return .f32
        case 0x7C: return .f64
        case 0x7B: return .v128
        case _ where HeapType.shorthand(b) != nil: return .ref(RefType(heapType: HeapType.shorthand(b)!))
        case 0x63, 0x64: return .ref(RefType(nullable: b == 0x63, heapType: try heapType(&r)))
        default: throw malformed("malformed value type", offset)
        }
    }
}
