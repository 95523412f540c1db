/// Decodes the sections of a binary module into a `Module`. Function bodies
/// are located and their locals decoded here; their instructions are read by
/// the validator (`FunctionValidator`) through `InstructionReader`.
struct ModuleDecoder {
    var r: ByteReader
    let module: Module
    /// The proposals whose encodings are accepted (see `limitsFlags`).
    let features: Features

    static func decode(_ bytes: [UInt8], features: Features = .default) throws(WasmError) -> Module {
        let module = Module(bytes: bytes)
        try module.bytes.withUnsafeBufferPointer { (buf) throws(WasmError) in
            var decoder = ModuleDecoder(r: ByteReader(bytes: buf), module: module, features: features)
            do throws(WasmError) {
                try decoder.decodeModule()
            } catch {
                // The reference decoder reads each function body where it
                // meets it, so a malformed body precedes any later error.
                if let bodyError = BodyScanner.firstError(in: module, bytes: buf) { throw bodyError }
                throw error
            }
        }
        return module
    }

    /// Decodes the header and the sections in the reference decoder's order
    /// of reads and checks. A section's contents are read from the whole
    /// module, as there, so running past the section's end is diagnosed by
    /// what is read there, or else as a size mismatch.
    private mutating func decodeModule() throws(WasmError) {
        guard r.bytes.count >= 4 else { throw malformed("unexpected end", r.bytes.count) }
        guard try r.readFixed32() == 0x6D73_6100 else { throw malformed("magic header not detected", 0) }
        guard r.bytes.count >= 8 else { throw malformed("unexpected end", r.bytes.count) }
        guard try r.readFixed32() == 1 else { throw malformed("unknown binary version", 4) }

        var lastOrder = 0
        var functionCount: Int?
        while !r.isAtEnd {
            let idStart = r.offset
            let id = try r.readByte()
            if id != 0 {
                guard let order = Self.sectionOrder[Int(id)] else {
                    throw malformed("malformed section id", idStart)
                }
                guard order > lastOrder else { throw malformed("unexpected content after last section", idStart) }
                lastOrder = order
            }
            let size = try r.readCount()
            let start = r.offset
            let end = start + size
            var section = ByteReader(bytes: r.bytes, offset: start, inSection: true)
            switch id {
            case 0: try decodeCustom(&section, end: end)
            case 1: try decodeTypes(&section)
            case 2: try decodeImports(&section)
            case 3:
                let n = try section.readCount()
                functionCount = n
                for _ in 0..<n {
                    module.functionTypeIndices.append(try section.readU32())
                }
            case 4:
                let n = try section.readCount()
                for _ in 0..<n { module.tableDefinitions.append(try decodeTableDefinition(&section)) }
                module.tables += module.tableDefinitions.map(\.type)
            case 5:
                let n = try section.readCount()
                for _ in 0..<n { module.memories.append(try decodeMemoryType(&section)) }
            case 6:
                let n = try section.readCount()
                for _ in 0..<n {
                    let type = try decodeGlobalType(&section)
                    let initializer = try decodeConstExpr(&section)
                    module.globalDefinitions.append(GlobalDefinition(type: type, initializer: initializer))
                    module.globals.append(type)
                }
            case 7:
                let n = try section.readCount()
                for _ in 0..<n {
                    let name = try section.readName()
                    let kindOffset = section.offset
                    guard let kind = ExternKind(rawValue: try section.readByte()) else {
                        throw malformed("malformed export kind", kindOffset)
                    }
                    module.exports.append(Export(name: name, kind: kind, index: try section.readU32()))
                }
            case 8: module.start = try section.readU32()
            case 9: try decodeElements(&section)
            case 10: try decodeCode(&section, sectionEnd: end)
            case 11: try decodeData(&section)
            case 12: module.dataCount = try section.readU32()
            case 13:
                let n = try section.readCount()
                for _ in 0..<n { module.tags.append(try decodeTagType(&section)) }
            default: throw malformed("malformed section id", idStart)
            }
            guard section.offset == end else { throw malformed("section size mismatch", section.offset) }
            r.offset = end
        }
        if module.bodies.count != functionCount ?? 0 {
            throw malformed("function and code section have inconsistent lengths", r.offset)
        }
        if let count = module.dataCount, Int(count) != module.data.count {
            throw malformed("data count and data section have inconsistent lengths", r.offset)
        }
    }

    /// Required relative order of the non-custom sections, by section id.
    /// The data count section (12) sits between element (9) and code (10).
    static let sectionOrder: [Int: Int] = [
        1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13,
    ]

    // MARK: Types

    func decodeValueType(_ s: inout ByteReader) throws(WasmError) -> ValueType { try Self.valueType(&s) }

    func decodeRefType(_ s: inout ByteReader) throws(WasmError) -> RefType {
        let offset = s.offset
        let b = try s.readByte()
        if let heap = HeapType.shorthand(b) { return RefType(heapType: heap) }
        switch b {
        case 0x63, 0x64: return RefType(nullable: b == 0x63, heapType: try decodeHeapType(&s))
        default: throw malformed("malformed reference type", offset)
        }
    }

    func decodeHeapType(_ s: inout ByteReader) throws(WasmError) -> HeapType { try Self.heapType(&s) }

    func decodeLimits(_ s: inout ByteReader, memory: Bool) throws(WasmError) -> Limits {
        let offset = s.offset
        let flags = try s.readByte()
        guard flags & ~limitsFlags(memory: memory) == 0 else { throw malformed("malformed limits flags", offset) }
        let is64 = flags & 4 != 0
        // Read as 64-bit so that oversized 32-bit limits get the validator's "size" error.
        let min = try s.readULEB(64)
        var max: UInt64?
        if flags & 1 != 0 { max = try s.readULEB(64) }
        return Limits(min: min, max: max, is64: is64, shared: flags & 2 != 0)
    }

    /// The limits flag bits the enabled features define: bit 0 has-max;
    /// bit 1 shared (threads, memories only); bit 2 64-bit (memory64);
    /// bit 3 custom page size (custom-page-sizes, memories only). This is
    /// the decoder's only feature check: other proposals are checked by
    /// the validator.
    func limitsFlags(memory: Bool) -> UInt8 {
        var allowed: UInt8 = 0x01
        if memory && features.contains(.threads) { allowed |= 0x02 }
        if features.contains(.memory64) { allowed |= 0x04 }
        if memory && features.contains(.customPageSizes) { allowed |= 0x08 }
        return allowed
    }

    func decodeMemoryType(_ s: inout ByteReader) throws(WasmError) -> MemoryType {
        let flagsOffset = s.offset
        let limits = try decodeLimits(&s, memory: true)
        let hasCustomPageSize = s.bytes[flagsOffset] & 8 != 0
        var log2: UInt8 = 16
        if hasCustomPageSize {
            let v = try s.readU32()
            guard v == 0 || v == 16 else { throw malformed("invalid custom page size", flagsOffset) }
            log2 = UInt8(v)
        }
        return MemoryType(limits: limits, pageSizeLog2: log2)
    }

    func decodeTableType(_ s: inout ByteReader) throws(WasmError) -> TableType {
        let element = try decodeRefType(&s)
        return TableType(elementType: element, limits: try decodeLimits(&s, memory: false))
    }

    func decodeTableDefinition(_ s: inout ByteReader) throws(WasmError) -> TableDefinition {
        if s.offset + 1 < s.limit, s.bytes[s.offset] == 0x40, s.bytes[s.offset + 1] == 0x00 {
            s.offset += 2
            let type = try decodeTableType(&s)
            return TableDefinition(type: type, initializer: try decodeConstExpr(&s))
        }
        return TableDefinition(type: try decodeTableType(&s), initializer: nil)
    }

    /// A tag type: attribute 0 (exception) and a function type index.
    func decodeTagType(_ s: inout ByteReader) throws(WasmError) -> UInt32 {
        let offset = s.offset
        guard try s.readByte() == 0 else { throw malformed("malformed tag attribute", offset) }
        return try s.readU32()
    }

    func decodeGlobalType(_ s: inout ByteReader) throws(WasmError) -> GlobalType {
        let type = try decodeValueType(&s)
        let offset = s.offset
        let m = try s.readByte()
        guard m <= 1 else { throw malformed("malformed mutability", offset) }
        return GlobalType(valueType: type, mutable: m == 1)
    }

    // MARK: Imports

    mutating func decodeImports(_ s: inout ByteReader) throws(WasmError) {
        let n = try s.readCount()
        for _ in 0..<n {
            let moduleName = try s.readName()
            let name = try s.readName()
            let kindOffset = s.offset
            let kind = try s.readByte()
            let descriptor: ImportDescriptor
            switch kind {
            case 0:
                let t = try s.readU32()
                descriptor = .function(typeIndex: t)
                module.functionTypeIndices.append(t)
                module.importedFunctionCount += 1
            case 1:
                let t = try decodeTableType(&s)
                descriptor = .table(t)
                module.tables.append(t)
                module.importedTableCount += 1
            case 2:
                let m = try decodeMemoryType(&s)
                descriptor = .memory(m)
                module.memories.append(m)
                module.importedMemoryCount += 1
            case 3:
                let g = try decodeGlobalType(&s)
                descriptor = .global(g)
                module.globals.append(g)
                module.importedGlobalCount += 1
            case 4:
                let t = try decodeTagType(&s)
                descriptor = .tag(typeIndex: t)
                module.tags.append(t)
                module.importedTagCount += 1
            default:
                throw malformed("malformed import kind", kindOffset)
            }
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
        }
    }

    // MARK: Constant expressions

    func decodeConstExpr(_ s: inout ByteReader) throws(WasmError) -> ConstExpr {
        var out: [ConstInstruction] = []
        while true {
            let offset = s.offset
            let op = try s.readByte()
            switch op {
            case 0x0B: return ConstExpr(instructions: out)
            case 0x41: out.append(.i32Const(try s.readI32()))
            case 0x42: out.append(.i64Const(try s.readI64()))
            case 0x43: out.append(.f32Const(try s.readFixed32()))
            case 0x44: out.append(.f64Const(try s.readFixed64()))
            case 0xD0: out.append(.refNull(try decodeHeapType(&s)))
            case 0xD2: out.append(.refFunc(try s.readU32()))
            case 0x23: out.append(.globalGet(try s.readU32()))
            case 0x6A: out.append(.i32Add)
            case 0x6B: out.append(.i32Sub)
            case 0x6C: out.append(.i32Mul)
            case 0x7C: out.append(.i64Add)
            case 0x7D: out.append(.i64Sub)
            case 0x7E: out.append(.i64Mul)
            case 0xFD:
                let sub = try s.readU32()
                guard sub == 12 else { throw Self.nonConstant(op, at: offset, s) }
                out.append(.v128Const(try s.readV128()))
            case 0xFB:
                guard let instruction = try Self.gcConstInstruction(&s) else { throw Self.nonConstant(op, at: offset, s) }
                out.append(instruction)
            default:
                throw Self.nonConstant(op, at: offset, s)
            }
        }
    }

    /// The error for a constant expression holding the instruction `op` at
    /// `offset`, which is not constant. As in the reference decoder, the
    /// rest of the expression is read with the full instruction grammar
    /// first, so that a malformed encoding is reported as such.
    static func nonConstant(_ op: UInt8, at offset: Int, _ s: ByteReader) -> WasmError {
        var rest = BodyScanner(r: s)
        rest.r.offset = offset
        do {
            try rest.scanExpression()
        } catch {
            return error
        }
        // A known instruction that is not constant is invalid; an unknown byte is malformed.
        guard Opcodes.isKnownOneByteOpcode(op) else { return malformed("illegal opcode \(String(op, radix: 16))", offset) }
        return invalid("constant expression required", offset)
    }

    // MARK: Elements and data

    mutating func decodeElements(_ s: inout ByteReader) throws(WasmError) {
        let n = try s.readCount()
        for _ in 0..<n {
            let flagsOffset = s.offset
            let flags = try s.readU32()
            guard flags <= 7 else { throw malformed("malformed elements segment kind", flagsOffset) }
            var mode: ElementSegment.Mode
            if flags & 1 == 0 {
                let table = flags & 2 != 0 ? try s.readU32() : 0
                mode = .active(table: table, offset: try decodeConstExpr(&s))
            } else {
                mode = flags & 2 != 0 ? .declarative : .passive
            }
            let usesExprs = flags & 4 != 0
            var type = RefType.funcref
            if flags & 3 != 0 {
                if usesExprs {
                    type = try decodeRefType(&s)
                } else {
                    let kindOffset = s.offset
                    guard try s.readByte() == 0 else { throw malformed("malformed element kind", kindOffset) }
                }
            }
            let count = try s.readCount()
            var items: [ConstExpr] = []
            items.reserveCapacity(count)
            for _ in 0..<count {
                if usesExprs {
                    items.append(try decodeConstExpr(&s))
                } else {
                    items.append(ConstExpr(instructions: [.refFunc(try s.readU32())]))
                }
            }
            module.elements.append(ElementSegment(mode: mode, type: type, items: items))
        }
    }

    mutating func decodeData(_ s: inout ByteReader) throws(WasmError) {
        let n = try s.readCount()
        for _ in 0..<n {
            let flagsOffset = s.offset
            let flags = try s.readU32()
            var mode: DataSegment.Mode
            switch flags {
            case 0: mode = .active(memory: 0, offset: try decodeConstExpr(&s))
            case 1: mode = .passive
            case 2:
                let mem = try s.readU32()
                mode = .active(memory: mem, offset: try decodeConstExpr(&s))
            default: throw malformed("malformed data segment kind", flagsOffset)
            }
            let length = try s.readCount()
            let start = s.offset
            _ = try s.readBytes(length)
            module.data.append(DataSegment(mode: mode, range: start..<s.offset))
        }
    }

    // MARK: Code

    /// The function bodies: their locals are decoded here, and their
    /// instructions located. The count is checked against the function
    /// section after the last section, as in the reference decoder.
    mutating func decodeCode(_ s: inout ByteReader, sectionEnd: Int) throws(WasmError) {
        let n = try s.readCount()
        module.bodies.reserveCapacity(n)
        for _ in 0..<n {
            let size = try s.readCount()
            let start = s.offset
            let end = start + size
            var body = ByteReader(bytes: s.bytes, offset: start, inSection: true)
            let groups = try body.readCount()
            var locals: [(count: UInt32, type: ValueType)] = []
            var total: UInt64 = 0
            for _ in 0..<groups {
                let countOffset = body.offset
                let count = try body.readU32()
                total += UInt64(count)
                guard total <= 50_000 else { throw malformed("too many locals", countOffset) }
                locals.append((count, try decodeValueType(&body)))
            }
            guard body.offset <= end else { throw malformed("section size mismatch", start) }
            guard end <= s.limit else {
                // A body ending past the module's end (its size may count
                // the bytes of its own length) is read up to its error, as
                // the reference decoder does.
                var scanner = BodyScanner(r: body)
                try scanner.scan(until: end)
                throw malformed("section size mismatch", start)
            }
            module.bodies.append(FunctionBody(locals: locals, localCount: Int(total), start: start, code: body.offset..<end, sectionEnd: sectionEnd))
            s.offset = end
        }
    }

    // MARK: Custom sections

    /// A custom section ending at `end`: its name must fit inside it, and
    /// it inside the module.
    mutating func decodeCustom(_ s: inout ByteReader, end: Int) throws(WasmError) {
        let name = try s.readName()
        guard s.offset <= end, end <= s.limit else { throw malformed(s.endMessage, s.limit) }
        let range = s.offset..<end
        module.customSections.append(CustomSection(name: name, range: range))
        if name == "name" {
            // Names are debugging aids: a malformed name section is ignored, as the spec allows.
            var names = ByteReader(bytes: s.bytes, offset: s.offset, limit: end)
            module.functionNames = (try? Self.decodeFunctionNames(&names)) ?? [:]
        }
        s.offset = end
    }

    static func decodeFunctionNames(_ s: inout ByteReader) throws(WasmError) -> [UInt32: String] {
        var result: [UInt32: String] = [:]
        while !s.isAtEnd {
            let id = try s.readByte()
            let size = Int(try s.readU32())
            let end = s.offset + size
            guard end <= s.limit else { throw malformed("unexpected end", s.offset) }
            if id == 1 {
                let n = try s.readCount()
                for _ in 0..<n {
                    let index = try s.readU32()
                    result[index] = try s.readName()
                }
            }
            s.offset = end
        }
        return result
    }
}
