/// Reads instruction sequences for their syntax alone, with the spec's
/// reference decoder's grammar and order of reads and checks, without
/// typing them.
///
/// The reference decoder reads each function body where it meets it in the
/// code section, so a malformed body is reported before anything after it,
/// even when the body's last instruction runs past the body into later
/// bytes. This runtime reads instructions later, in `FunctionValidator`;
/// when a module fails to decode after bodies were located, the decoder asks
/// this scanner whether one of them is malformed, and reports that instead.
/// The decoder also reads the rest of a constant expression with it when
/// the expression holds an instruction that is not constant.
struct BodyScanner {
    var r: ByteReader

    /// The first malformed-binary error in the bodies located so far, if any.
    static func firstError(in module: Module, bytes: UnsafeBufferPointer<UInt8>) -> WasmError? {
        for body in module.bodies {
            var scanner = BodyScanner(r: ByteReader(bytes: bytes, offset: body.code.lowerBound, inSection: true))
            do {
                try scanner.scan(until: body.code.upperBound)
            } catch {
                return error
            }
        }
        return nil
    }

    /// Reads one body's instructions up to its final `end`, which must be
    /// the body's last byte.
    mutating func scan(until end: Int) throws(WasmError) {
        let start = r.offset
        try scanExpression()
        guard r.offset == end else { throw malformed("section size mismatch", start) }
    }

    /// Reads instructions up to the `end` that closes the expression they are in.
    mutating func scanExpression() throws(WasmError) {
        // The open blocks, innermost last: whether each is an `if` still
        // open to an `else`.
        var blocks = [false]
        while let innermost = blocks.last {
            guard r.offset < r.limit else { throw malformed(r.endMessage, r.offset) }
            let offset = r.offset
            let op = try r.readByte()
            switch op {
            case 0x02, 0x03, 0x04:
                _ = try ModuleDecoder.blockType(&r)
                blocks.append(op == 0x04)
            case 0x05:
                guard innermost else { throw malformed("END opcode expected", offset) }
                blocks[blocks.count - 1] = false
            case 0x0B:
                blocks.removeLast()
            case 0x1F:
                _ = try ModuleDecoder.blockType(&r)
                let n = try r.readCount()
                for _ in 0..<n { try catchClause() }
                blocks.append(false)
            default:
                try immediates(of: op, at: offset)
            }
        }
    }

    /// One catch clause of `try_table`: its kind, then a tag index (unless
    /// it catches everything) and a label.
    mutating func catchClause() throws(WasmError) {
        let offset = r.offset
        switch try r.readByte() {
        case 0x00, 0x01:
            _ = try r.readU32()
            _ = try r.readU32()
        case 0x02, 0x03:
            _ = try r.readU32()
        default:
            throw malformed("malformed catch clause", offset)
        }
    }

    /// Reads the immediates of instruction `op` (other than block structure).
    mutating func immediates(of op: UInt8, at offset: Int) throws(WasmError) {
        switch op {
        case 0x00, 0x01, 0x0A, 0x0F, 0x1A, 0x1B, 0xD1, 0xD3, 0xD4:
            break
        case 0x08, 0x0C, 0x0D, 0x10, 0x12, 0x14, 0x15, 0x20...0x26, 0x3F, 0x40, 0xD2, 0xD5, 0xD6:
            _ = try r.readU32()
        case 0x11, 0x13:
            _ = try r.readU32()
            _ = try r.readU32()
        case 0x0E:
            let n = try r.readCount()
            for _ in 0...n { _ = try r.readU32() }
        case 0x1C:
            let n = try r.readCount()
            for _ in 0..<n { _ = try ModuleDecoder.valueType(&r) }
        case 0x28...0x3E:
            _ = try r.readMemarg()
        case 0x41: _ = try r.readI32()
        case 0x42: _ = try r.readI64()
        case 0x43: _ = try r.readFixed32()
        case 0x44: _ = try r.readFixed64()
        case 0x45...0xC4:
            guard Opcodes.simple[Int(op)] != nil else { throw malformed("illegal opcode", offset) }
        case 0xD0:
            _ = try ModuleDecoder.heapType(&r)
        case 0xFC:
            let sub = try r.readU32()
            switch sub {
            case 0...7, 19...22: break
            case 9, 11, 13, 15, 16, 17: _ = try r.readU32()
            case 8, 10, 12, 14:
                _ = try r.readU32()
                _ = try r.readU32()
            default: throw malformed("illegal opcode fc \(sub)", offset)
            }
        case 0xFB:
            try gcImmediates(at: offset)
        case 0xFD:
            let sub = try r.readU32()
            guard let simd = Opcodes.simd(sub) else { throw malformed("illegal opcode fd \(sub)", offset) }
            if Opcodes.memoryAccess[simd] != nil {
                _ = try r.readMemarg()
            } else if Opcodes.laneMemoryOps[simd] != nil {
                _ = try r.readMemarg()
                _ = try r.readByte()
            } else if Opcodes.laneOps[simd] != nil {
                _ = try r.readByte()
            } else if sub == 12 || sub == 13 {
                _ = try r.readV128()
            } else if Opcodes.simple[Int(simd)] == nil {
                throw malformed("illegal opcode", offset)
            }
        case 0xFE:
            let sub = try r.readU32()
            guard let atomic = AtomicOpcodes.info(sub: sub) else { throw malformed("illegal opcode fe \(sub)", offset) }
            if atomic.kind == .fence { _ = try r.readByte() } else { _ = try r.readMemarg() }
        default:
            throw malformed("illegal opcode \(String(op, radix: 16))", offset)
        }
    }
}
