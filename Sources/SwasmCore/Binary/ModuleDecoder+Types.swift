/// The type section with the GC proposal's forms: recursion groups (`rec`),
/// subtypes (`sub`, `sub final`) and struct and array types, and the
/// allocating GC instructions of constant expressions.
extension ModuleDecoder {
    /// Form bytes of the type section, as read by `readSLEB(7)`.
    private enum Form {
        static let function: Int64 = -0x20, structure: Int64 = -0x21, array: Int64 = -0x22
        static let sub: Int64 = -0x30, subFinal: Int64 = -0x31, rec: Int64 = -0x32
    }

    mutating func decodeTypes(_ s: inout ByteReader) throws(WasmError) {
        let n = try s.readCount()
        for _ in 0..<n {
            let start = module.subTypes.count
            if s.offset < s.limit, s.bytes[s.offset] == 0x4E {
                s.offset += 1
                let m = try s.readCount()
                for _ in 0..<m { try appendSubType(&s) }
            } else {
                try appendSubType(&s)
            }
            module.recGroups.append(start..<module.subTypes.count)
        }
    }

    /// Reads one subtype and records it (with its signature in `types`).
    private mutating func appendSubType(_ s: inout ByteReader) throws(WasmError) {
        let formOffset = s.offset
        var form = try s.readSLEB(7)
        var sub = SubType(composite: .structure([]))
        if form == Form.sub || form == Form.subFinal {
            sub.isFinal = form == Form.subFinal
            let count = try s.readCount()
            for _ in 0..<count { sub.supertypes.append(try s.readU32()) }
            form = try s.readSLEB(7)
        }
        switch form {
        case Form.function:
            let pn = try s.readCount()
            var params: [ValueType] = []
            params.reserveCapacity(pn)
            for _ in 0..<pn { params.append(try decodeValueType(&s)) }
            let rn = try s.readCount()
            var results: [ValueType] = []
            results.reserveCapacity(rn)
            for _ in 0..<rn { results.append(try decodeValueType(&s)) }
            sub.composite = .function(FuncType(params: params, results: results))
        case Form.structure:
            let count = try s.readCount()
            var fields: [FieldType] = []
            for _ in 0..<count { fields.append(try decodeFieldType(&s)) }
            sub.composite = .structure(fields)
        case Form.array:
            sub.composite = .array(try decodeFieldType(&s))
        default:
            throw malformed("malformed function type", formOffset)
        }
        module.subTypes.append(sub)
        module.types.append(sub.functionType ?? FuncType(params: [], results: []))
    }

    /// A field type: storage type (a value type, or packed i8 0x78 / i16 0x77) and mutability.
    private func decodeFieldType(_ s: inout ByteReader) throws(WasmError) -> FieldType {
        let storage: StorageType
        switch s.offset < s.limit ? s.bytes[s.offset] : 0 {
        case 0x78:
            s.offset += 1
            storage = .i8
        case 0x77:
            s.offset += 1
            storage = .i16
        default:
            storage = .value(try decodeValueType(&s))
        }
        let offset = s.offset
        let m = try s.readByte()
        guard m <= 1 else { throw malformed("malformed mutability", offset) }
        return FieldType(storage: storage, mutable: m == 1)
    }

    /// The constant GC instruction after a `0xFB` prefix, or nil when the
    /// instruction is not constant.
    static func gcConstInstruction(_ s: inout ByteReader) throws(WasmError) -> ConstInstruction? {
        let sub = try s.readU32()
        switch sub {
        case GCOpcodes.structNew: return .structNew(try s.readU32())
        case GCOpcodes.structNewDefault: return .structNewDefault(try s.readU32())
        case GCOpcodes.arrayNew: return .arrayNew(try s.readU32())
        case GCOpcodes.arrayNewDefault: return .arrayNewDefault(try s.readU32())
        case GCOpcodes.arrayNewFixed:
            let type = try s.readU32()
            return .arrayNewFixed(type, try s.readU32())
        case GCOpcodes.refI31: return .refI31
        case GCOpcodes.anyConvertExtern: return .anyConvertExtern
        case GCOpcodes.externConvertAny: return .externConvertAny
        default: return nil
        }
    }
}

/// Sub-opcodes of the `0xFB` (GC) prefix.
enum GCOpcodes {
    static let structNew: UInt32 = 0, structNewDefault: UInt32 = 1, structGet: UInt32 = 2, structGetS: UInt32 = 3
    static let structGetU: UInt32 = 4, structSet: UInt32 = 5
    static let arrayNew: UInt32 = 6, arrayNewDefault: UInt32 = 7, arrayNewFixed: UInt32 = 8, arrayNewData: UInt32 = 9
    static let arrayNewElem: UInt32 = 10, arrayGet: UInt32 = 11, arrayGetS: UInt32 = 12, arrayGetU: UInt32 = 13
    static let arraySet: UInt32 = 14, arrayLen: UInt32 = 15, arrayFill: UInt32 = 16, arrayCopy: UInt32 = 17
    static let arrayInitData: UInt32 = 18, arrayInitElem: UInt32 = 19
    static let refTest: UInt32 = 20, refTestNull: UInt32 = 21, refCast: UInt32 = 22, refCastNull: UInt32 = 23
    static let brOnCast: UInt32 = 24, brOnCastFail: UInt32 = 25
    static let anyConvertExtern: UInt32 = 26, externConvertAny: UInt32 = 27
    static let refI31: UInt32 = 28, i31GetS: UInt32 = 29, i31GetU: UInt32 = 30

    /// Internal opcode (passed to code sinks, and the interpreter's own) of
    /// GC sub-opcode `sub`: `base + sub`, in the range `base ... last`.
    static let base: UInt16 = 0x500
    /// The last internal opcode reserved for GC instructions (`base ... last`).
    static let last: UInt16 = 0x5FF
    /// `ref.eq` (internal opcode; it has a one-byte encoding, 0xD3).
    static let refEq: UInt16 = 0x540
    /// The test of `br_on_cast` / `br_on_cast_fail`: like `ref.test` but
    /// keeps the reference and pushes the i32 outcome above it (inverted
    /// for `br_on_cast_fail`); a `br_if` follows.
    static let castTestKeep: UInt16 = 0x541, castFailTestKeep: UInt16 = 0x542
}
