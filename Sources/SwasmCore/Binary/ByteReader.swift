/// Reads the primitive encodings of the binary format (bytes, LEB128
/// integers, floats, names) from a byte buffer, tracking the offset.
struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset: Int
    /// One past the last readable byte: the module's end (sections and
    /// bodies are read from the whole module, as in the reference decoder),
    /// or the end of the custom section whose names are read.
    var limit: Int
    /// Whether this reader is inside a section (for the spec's error wording).
    var inSection: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0, limit: Int? = nil, inSection: Bool = false) {
        self.bytes = bytes
        self.offset = offset
        self.limit = limit ?? bytes.count
        self.inSection = inSection
    }

    var isAtEnd: Bool { offset >= limit }

    /// The error for running past `limit`: inside a section or function the
    /// spec calls it "unexpected end of section or function"; at top level
    /// "unexpected end".
    var endMessage: String { inSection ? "unexpected end of section or function" : "unexpected end" }

    @inline(__always) mutating func readByte() throws(WasmError) -> UInt8 {
        guard offset < limit else { throw malformed(endMessage, offset) }
        let b = bytes[offset]
        offset += 1
        return b
    }

    mutating func readBytes(_ count: Int) throws(WasmError) -> UnsafeBufferPointer<UInt8> {
        guard count >= 0, count <= limit - offset else { throw malformed(endMessage, offset) }
        let slice = UnsafeBufferPointer(rebasing: bytes[offset..<offset + count])
        offset += count
        return slice
    }

    /// One byte of a LEB128 number. Like the spec's reference decoder, a
    /// number may run past the section end (and is then diagnosed by its
    /// own rules, or as running past the section).
    @inline(__always) mutating func readLEBByte() throws(WasmError) -> UInt8 {
        guard offset < bytes.count else { throw malformed(endMessage, offset) }
        let b = bytes[offset]
        offset += 1
        return b
    }

    /// Checks that a LEB128 number ended inside the limit.
    @inline(__always) func checkLEBEnd() throws(WasmError) {
        if offset > limit { throw malformed(endMessage, limit) }
    }

    /// Unsigned LEB128 of at most `bits` bits. As in the reference decoder,
    /// a byte is only read while bits remain ("integer representation too
    /// long" otherwise), and a byte holding the last bits is checked for
    /// unused high bits before its continuation bit is looked at.
    @inline(__always) mutating func readULEB(_ bits: Int) throws(WasmError) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        let start = offset
        guard offset < limit else { throw malformed(endMessage, offset) }
        while true {
            let remaining = bits - shift
            if remaining <= 0 { throw malformed("integer representation too long", start) }
            let b = try readLEBByte()
            if remaining < 7 && UInt64(b & 0x7f) >> UInt64(remaining) != 0 {
                throw malformed("integer too large", start)
            }
            result |= UInt64(b & 0x7f) << UInt64(shift)
            if b & 0x80 == 0 {
                try checkLEBEnd()
                return result
            }
            shift += 7
        }
    }

    /// Signed LEB128 of at most `bits` bits, sign-extended to 64 bits; the
    /// checks come in the same order as in `readULEB`.
    @inline(__always) mutating func readSLEB(_ bits: Int) throws(WasmError) -> Int64 {
        var result: Int64 = 0
        var shift = 0
        let start = offset
        guard offset < limit else { throw malformed(endMessage, offset) }
        while true {
            let remaining = bits - shift
            if remaining <= 0 { throw malformed("integer representation too long", start) }
            let b = try readLEBByte()
            if remaining < 7 {
                // The unused high bits must all equal the sign bit.
                let signAndUnused = Int8(bitPattern: b << 1) >> Int8(remaining)
                if signAndUnused != 0 && signAndUnused != -1 { throw malformed("integer too large", start) }
            }
            result |= Int64(b & 0x7f) << Int64(shift)
            shift += 7
            if b & 0x80 == 0 {
                if shift < 64 && b & 0x40 != 0 { result |= -1 << Int64(shift) }
                try checkLEBEnd()
                return result
            }
        }
    }

    mutating func readU32() throws(WasmError) -> UInt32 { UInt32(try readULEB(32)) }

    mutating func readI32() throws(WasmError) -> UInt32 { UInt32(truncatingIfNeeded: try readSLEB(32)) }

    mutating func readI64() throws(WasmError) -> UInt64 { UInt64(bitPattern: try readSLEB(64)) }

    mutating func readFixed32() throws(WasmError) -> UInt32 {
        let b = try readBytes(4)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func readFixed64() throws(WasmError) -> UInt64 {
        let lo = UInt64(try readFixed32())
        let hi = UInt64(try readFixed32())
        return lo | hi << 32
    }

    mutating func readV128() throws(WasmError) -> V128 {
        let lo = try readFixed64()
        let hi = try readFixed64()
        return V128(lo: lo, hi: hi)
    }

    /// A memory instruction's immediates in the reference decoder's order:
    /// flags (below 0x80; bit 6 announces a memory index, the low six bits
    /// are the alignment exponent), the memory index, then the offset.
    mutating func readMemarg() throws(WasmError) -> (align: UInt32, memory: UInt32, offset: UInt64) {
        let flagsOffset = offset
        let flags = try readU32()
        guard flags < 0x80 else { throw malformed("malformed memop flags", flagsOffset) }
        let memory = flags & 0x40 != 0 ? try readU32() : 0
        return (flags & 0x3F, memory, try readULEB(64))
    }

    /// A length-prefixed UTF-8 name.
    mutating func readName() throws(WasmError) -> String {
        let start = offset
        let raw = try readBytes(try readCount())
        guard isValidUTF8(raw) else { throw malformed("malformed UTF-8 encoding", start) }
        return String(decoding: raw, as: UTF8.self)
    }

    /// A length (of a vector, name, byte string, section or function body).
    /// Like the reference decoder's `len32`, it must not exceed the bytes
    /// left counted from the start of the length itself.
    mutating func readCount() throws(WasmError) -> Int {
        let start = offset
        let n = Int(try readU32())
        if n > limit - start { throw malformed("length out of bounds", start) }
        return n
    }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, at most U+10FFFF).
func isValidUTF8(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = s.count
    while i < n {
        let b0 = s[i]
        if b0 < 0x80 { i += 1; continue }
        var need = 0
        var minCode: UInt32 = 0
        var code: UInt32 = 0
        if b0 & 0xE0 == 0xC0 { need = 1; minCode = 0x80; code = UInt32(b0 & 0x1F) }
        else if b0 & 0xF0 == 0xE0 { need = 2; minCode = 0x800; code = UInt32(b0 & 0x0F) }
        else if b0 & 0xF8 == 0xF0 { need = 3; minCode = 0x10000; code = UInt32(b0 & 0x07) }
        else { return false }
        if i + need >= n { return false }
        for k in 1...need {
            let b = s[i + k]
            if b & 0xC0 != 0x80 { return false }
            code = code << 6 | UInt32(b & 0x3F)
        }
        if code < minCode || code > 0x10FFFF || (0xD800...0xDFFF).contains(code) { return false }
        i += need + 1
    }
    return true
}
