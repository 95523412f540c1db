extension BodyScanner {
    /// Reads the immediates of the GC instruction (`0xFB` prefix) whose prefix is at `offset`.
    mutating func gcImmediates(at offset: Int) throws(WasmError) {
        let sub = try r.readU32()
        switch sub {
        case GCOpcodes.arrayLen, GCOpcodes.anyConvertExtern, GCOpcodes.externConvertAny,
             GCOpcodes.refI31, GCOpcodes.i31GetS, GCOpcodes.i31GetU:
            break
        case GCOpcodes.structNew, GCOpcodes.structNewDefault, GCOpcodes.arrayNew, GCOpcodes.arrayNewDefault,
             GCOpcodes.arrayGet, GCOpcodes.arrayGetS, GCOpcodes.arrayGetU, GCOpcodes.arraySet, GCOpcodes.arrayFill:
            _ = try r.readU32()
        case GCOpcodes.structGet, GCOpcodes.structGetS, GCOpcodes.structGetU, GCOpcodes.structSet,
             GCOpcodes.arrayNewFixed, GCOpcodes.arrayNewData, GCOpcodes.arrayNewElem, GCOpcodes.arrayCopy,
             GCOpcodes.arrayInitData, GCOpcodes.arrayInitElem:
            _ = try r.readU32()
            _ = try r.readU32()
        case GCOpcodes.refTest, GCOpcodes.refTestNull, GCOpcodes.refCast, GCOpcodes.refCastNull:
            _ = try ModuleDecoder.heapType(&r)
        case GCOpcodes.brOnCast, GCOpcodes.brOnCastFail:
            _ = try r.readByte()
            _ = try r.readU32()
            _ = try ModuleDecoder.heapType(&r)
            _ = try ModuleDecoder.heapType(&r)
        default:
            throw malformed("illegal opcode fb \(sub)", offset)
        }
    }
}
