/// Validation of the threads proposal's atomic instructions (0xFE) and the
/// wide-arithmetic instructions (0xFC 19-22).
extension FunctionValidator {
    mutating func prefixFE(_ start: Int) throws(WasmError) {
        let sub = try r.readU32()
        guard let info = AtomicOpcodes.info(sub: sub) else { throw malformed("illegal opcode fe \(sub)", start) }
        let op = AtomicOpcodes.base + UInt16(sub)
        if info.kind == .fence {
            let flagsOffset = r.offset
            guard try r.readByte() == 0 else { throw malformed("malformed atomic fence flags", flagsOffset) }
            try emit(op, 0, 0, pops: 0, pushes: 0)
            return
        }
        let (mem, offset, memType) = try atomicMemarg(sizeLog2: info.sizeLog2)
        let address = addressType(memType)
        let pops: Int
        var result: ValueType? = info.type
        switch info.kind {
        case .load:
            try pop(address)
            pops = 1
        case .store:
            try pop(info.type)
            try pop(address)
            pops = 2
            result = nil
        case .rmw(.cmpxchg):
            try pop(info.type)
            try pop(info.type)
            try pop(address)
            pops = 3
        case .rmw:
            try pop(info.type)
            try pop(address)
            pops = 2
        case .notify:
            try pop(.i32)
            try pop(address)
            pops = 2
        case .wait:
            try pop(.i64)
            try pop(info.type)
            try pop(address)
            pops = 3
            result = .i32
        case .fence:
            preconditionFailure("fence has no memarg")
        }
        try emit(op, mem, offset, pops: pops, pushes: result == nil ? 0 : 1)
        if let result { push(result) }
    }

    /// Reads an atomic instruction's memarg: like `memarg`, but the
    /// alignment must be exactly the access size.
    mutating func atomicMemarg(sizeLog2: UInt32) throws(WasmError) -> (UInt64, UInt64, MemoryType) {
        let flagsOffset = r.offset
        let (align, memIndex, offset) = try r.readMemarg()
        guard align == sizeLog2 else { throw invalid("alignment must be equal to natural", flagsOffset) }
        let mem = try memoryIndex(memIndex)
        guard mem.limits.is64 || offset <= UInt64(UInt32.max) else { throw invalid("offset out of range", flagsOffset) }
        return (UInt64(memIndex) | (mem.limits.is64 ? 1 << 32 : 0), offset, mem)
    }

    /// `i64.add128`, `i64.sub128` (four i64 operands: low and high halves
    /// of two 128-bit values) and `i64.mul_wide_s/u` (two operands); each
    /// pushes the low and high halves of its 128-bit result.
    mutating func wideArithmetic(_ op: UInt16) throws(WasmError) {
        let operands = op <= WideArithmetic.sub128 ? 4 : 2
        for _ in 0..<operands { try pop(.i64) }
        try emit(op, 0, 0, pops: operands, pushes: 2)
        push(.i64)
        push(.i64)
    }
}
