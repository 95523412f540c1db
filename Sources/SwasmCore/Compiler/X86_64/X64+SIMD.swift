/// A legacy-SSE instruction `[prefix] [REX] 0F [38|3A] opcode /r`, with the
/// CPU feature it needs (SSE2 is the x86-64 baseline).
struct SSEOp {
    enum Feature { case sse2, ssse3, sse41 }

    let prefix: UInt8?
    /// 0 for the two-byte map `0F xx`, 0x38 or 0x3A for the three-byte maps.
    let map: UInt8
    let opcode: UInt8
    let feature: Feature

    init(_ prefix: UInt8?, _ opcode: UInt8, map: UInt8 = 0, _ feature: Feature = .sse2) {
        self.prefix = prefix
        self.map = map
        self.opcode = opcode
        self.feature = feature
    }

    private static func p66(_ opcode: UInt8) -> SSEOp { SSEOp(0x66, opcode) }
    private static func ps(_ opcode: UInt8) -> SSEOp { SSEOp(nil, opcode) }
    private static func ssse3(_ opcode: UInt8) -> SSEOp { SSEOp(0x66, opcode, map: 0x38, .ssse3) }
    private static func sse41(_ opcode: UInt8, map: UInt8 = 0x38) -> SSEOp { SSEOp(0x66, opcode, map: map, .sse41) }

    // Moves, lane insertion and extraction
    static let movaps = ps(0x28), movss = SSEOp(0xF3, 0x10), movsd = SSEOp(0xF2, 0x10)
    static let movqLoad = SSEOp(0xF3, 0x7E), movdLoad = p66(0x6E), movdStore = p66(0x7E)
    /// Loads of 64 bits into the low/high half of a register.
    static let movlps = ps(0x12), movhps = ps(0x16)
    /// The register form of 0F 16: the low half of the source to the high half.
    static let movlhps = ps(0x16)
    static let movlpsStore = ps(0x13), movhpsStore = ps(0x17)
    static let pinsrw = p66(0xC4), pextrw = p66(0xC5)
    static let pextrb = sse41(0x14, map: 0x3A), pextrd = sse41(0x16, map: 0x3A)
    static let pinsrb = sse41(0x20, map: 0x3A), insertps = sse41(0x21, map: 0x3A), pinsrd = sse41(0x22, map: 0x3A)
    static let pmovmskb = p66(0xD7), movmskps = ps(0x50), movmskpd = p66(0x50)
    static let ptest = sse41(0x17)

    // Shuffles and unpacks
    static let pshufd = p66(0x70), pshuflw = SSEOp(0xF2, 0x70), shufps = ps(0xC6), unpcklps = ps(0x14)
    static let pshufb = ssse3(0x00)
    static let punpcklbw = p66(0x60), punpcklwd = p66(0x61), punpckldq = p66(0x62), punpcklqdq = p66(0x6C)
    static let punpckhbw = p66(0x68), punpckhwd = p66(0x69), punpckhdq = p66(0x6A), punpckhqdq = p66(0x6D)
    static let packsswb = p66(0x63), packuswb = p66(0x67), packssdw = p66(0x6B), packusdw = sse41(0x2B)
    static let pmovsxbw = sse41(0x20), pmovsxwd = sse41(0x23), pmovsxdq = sse41(0x25)
    static let pmovzxbw = sse41(0x30), pmovzxwd = sse41(0x33), pmovzxdq = sse41(0x35)

    // Bitwise
    static let pand = p66(0xDB), pandn = p66(0xDF), por = p66(0xEB), pxor = p66(0xEF)
    static let andps = ps(0x54), andnps = ps(0x55), orps = ps(0x56), xorps = ps(0x57)

    // Integer arithmetic and comparison
    static let paddb = p66(0xFC), paddw = p66(0xFD), paddd = p66(0xFE), paddq = p66(0xD4)
    static let psubb = p66(0xF8), psubw = p66(0xF9), psubd = p66(0xFA), psubq = p66(0xFB)
    static let paddsb = p66(0xEC), paddsw = p66(0xED), paddusb = p66(0xDC), paddusw = p66(0xDD)
    static let psubsb = p66(0xE8), psubsw = p66(0xE9), psubusb = p66(0xD8), psubusw = p66(0xD9)
    static let pmullw = p66(0xD5), pmulhw = p66(0xE5), pmulhuw = p66(0xE4), pmuludq = p66(0xF4), pmaddwd = p66(0xF5)
    static let pmulld = sse41(0x40), pmuldq = sse41(0x28), pmulhrsw = ssse3(0x0B)
    static let pabsb = ssse3(0x1C), pabsw = ssse3(0x1D), pabsd = ssse3(0x1E)
    static let pavgb = p66(0xE0), pavgw = p66(0xE3)
    static let pminub = p66(0xDA), pmaxub = p66(0xDE), pminsw = p66(0xEA), pmaxsw = p66(0xEE)
    static let pminsb = sse41(0x38), pminsd = sse41(0x39), pminuw = sse41(0x3A), pminud = sse41(0x3B)
    static let pmaxsb = sse41(0x3C), pmaxsd = sse41(0x3D), pmaxuw = sse41(0x3E), pmaxud = sse41(0x3F)
    static let pcmpeqb = p66(0x74), pcmpeqw = p66(0x75), pcmpeqd = p66(0x76), pcmpeqq = sse41(0x29)
    static let pcmpgtb = p66(0x64), pcmpgtw = p66(0x65), pcmpgtd = p66(0x66)

    // Floating point
    static let addps = ps(0x58), mulps = ps(0x59), subps = ps(0x5C), minps = ps(0x5D), divps = ps(0x5E), maxps = ps(0x5F)
    static let addpd = p66(0x58), mulpd = p66(0x59), subpd = p66(0x5C), minpd = p66(0x5D), divpd = p66(0x5E), maxpd = p66(0x5F)
    static let sqrtps = ps(0x51), sqrtpd = p66(0x51), cmpps = ps(0xC2), cmppd = p66(0xC2)
    static let roundps = sse41(0x08, map: 0x3A), roundpd = sse41(0x09, map: 0x3A)
    static let cvtdq2ps = ps(0x5B), cvttps2dq = SSEOp(0xF3, 0x5B), cvtdq2pd = SSEOp(0xF3, 0xE6), cvttpd2dq = p66(0xE6)
    static let cvtps2pd = ps(0x5A), cvtpd2ps = p66(0x5A)
}

/// A packed shift, by an immediate (`66 0F group /digit ib`) or by the count
/// in the low quadword of an XMM register (`66 0F byRegister /r`).
struct SSEShift {
    let byRegister: UInt8
    let group: UInt8
    let digit: UInt8

    static let psllw = SSEShift(byRegister: 0xF1, group: 0x71, digit: 6)
    static let pslld = SSEShift(byRegister: 0xF2, group: 0x72, digit: 6)
    static let psllq = SSEShift(byRegister: 0xF3, group: 0x73, digit: 6)
    static let psrlw = SSEShift(byRegister: 0xD1, group: 0x71, digit: 2)
    static let psrld = SSEShift(byRegister: 0xD2, group: 0x72, digit: 2)
    static let psrlq = SSEShift(byRegister: 0xD3, group: 0x73, digit: 2)
    static let psraw = SSEShift(byRegister: 0xE1, group: 0x71, digit: 4)
    static let psrad = SSEShift(byRegister: 0xE2, group: 0x72, digit: 4)

    enum Amount {
        case immediate(UInt8)
        case register(UInt8)
    }
}

extension CPUFeatures {
    func has(_ feature: SSEOp.Feature) -> Bool {
        switch feature {
        case .sse2: return true
        case .ssse3: return ssse3
        case .sse41: return sse41
        }
    }
}

/// x86-64 selection of the SIMD instructions (0xFD prefix, relaxed SIMD).
///
/// Everything has an SSE2 form except rounding (SSE4.1), swizzle and
/// shuffles that do not move whole dwords (SSSE3); SSSE3/SSE4.1 forms are
/// used where `l.options.features` has them. Without the feature an
/// instruction returns false and runs through the runtime helper.
///
/// Operands are put in registers their entries own, so a sequence may
/// clobber the operands it consumes; xmm0 and xmm1 are scratch, rax and rcx
/// too. A vector result reuses an operand's register when there is one.
extension X64 {
    private static let xmm0: UInt8 = 0, xmm1: UInt8 = 1

    static func simd(_ l: inout Lowering<X64>, _ op: UInt16, _ a: UInt64, _ b: UInt64) -> Bool {
        let f = l.options.features
        if let o = simdBinary[op], f.has(o.feature) {
            let (x, y) = inRegisters(&l)
            emit(&l, o, x, y)
            produce(&l, pops: 2, x)
            return true
        }
        if let o = simdReversedBinary[op] {
            let (x, y) = inRegisters(&l)
            emit(&l, o, y, x)
            produce(&l, pops: 2, y)
            return true
        }
        if let unary = simdUnary[op], f.has(unary.op.feature) {
            let x = inRegister(&l)
            emit(&l, unary.op, x, x, imm: unary.imm)
            return true
        }
        switch op {
        case 0x201...0x20A, 0x254...0x25D: simdMemory(&l, op, memarg: a, offset: b)
        case 0x20D: return shuffle(&l, lo: a, hi: b)
        case 0x20E, 0x300: return swizzle(&l)
        case 0x20F...0x214: splat(&l, op)
        case 0x215, 0x216, 0x218, 0x219, 0x21B, 0x21D, 0x21F, 0x221: extractLane(&l, op, lane: Int(a))
        case 0x217, 0x21A, 0x21C, 0x21E, 0x220, 0x222: replaceLane(&l, op, lane: Int(a))
        case 0x223...0x240: integerLaneCompare(&l, log2: Int(op - 0x223) / 10, Int(op - 0x223) % 10)
        case 0x2D6...0x2DB: integerLaneCompare(&l, log2: 3, [0, 1, 2, 4, 6, 8][Int(op - 0x2D6)])
        case 0x241...0x24C: floatLaneCompare(&l, Int(op - 0x241) % 6, double: op >= 0x247)
        case 0x24D:
            let x = inRegister(&l)
            invert(&l, x)
        case 0x252, 0x309...0x30C: bitselect(&l)
        case 0x253: anyTrue(&l)
        case 0x263, 0x283, 0x2A3, 0x2C3: allTrue(&l, log2: Int(op - 0x263) / 0x20)
        case 0x264, 0x284, 0x2A4, 0x2C4: bitmask(&l, log2: Int(op - 0x264) / 0x20)
        case 0x260, 0x280, 0x2A0, 0x2C0: integerAbs(&l, log2: Int(op - 0x260) / 0x20)  // i64x2, or no SSSE3
        case 0x261, 0x281, 0x2A1, 0x2C1: integerNeg(&l, log2: Int(op - 0x261) / 0x20)
        case 0x262: popcount(&l)
        case 0x26B...0x26D, 0x28B...0x28D, 0x2AB...0x2AD, 0x2CB...0x2CD:
            shift(&l, log2: Int(op - 0x26B) / 0x20, kind: Int(op - 0x26B) % 0x20)
        case 0x287...0x28A, 0x2A7...0x2AA, 0x2C7...0x2CA:  // high halves, or low ones without SSE4.1
            let k = Int(op - 0x287) % 0x20
            let x = inRegister(&l)
            extend(&l, x, log2: Int(op - 0x287) / 0x20, high: k % 2 == 1, signed: k < 2)
        case 0x27C...0x27F: extaddPairwise(&l, op)
        case 0x29C...0x29F, 0x2BC...0x2BF, 0x2DC...0x2DF:
            extendedMultiply(&l, log2: Int(op - 0x29C) / 0x20, Int(op - 0x29C) % 0x20)
        case 0x282, 0x311: q15mulr(&l)
        // SSE2 forms of the table instructions that need SSE4.1 (min/max, narrow, mul).
        case 0x276, 0x278, 0x297, 0x299, 0x2B6...0x2B9: integerMinMax(&l, op)
        case 0x286: narrowUnsigned32(&l)
        case 0x2B5:
            let (x, y) = inRegisters(&l)
            produce(&l, pops: 2, multiply32(&l, x, y))
        case 0x2D5:
            let (x, y) = inRegisters(&l)
            multiply64(&l, x, y)
            produce(&l, pops: 2, x)
        case 0x2E0, 0x2E1, 0x2EC, 0x2ED: floatSign(&l, abs: op == 0x2E0 || op == 0x2EC, double: op >= 0x2EC)
        case 0x2E8, 0x2E9, 0x2F4, 0x2F5, 0x30D...0x310:
            floatMinMax(&l, isMin: [0x2E8, 0x2F4, 0x30D, 0x30F].contains(op), double: [0x2F4, 0x2F5, 0x30F, 0x310].contains(op))
        case 0x2F8, 0x2F9, 0x2FB...0x2FD, 0x2FF, 0x301...0x304: laneConversion(&l, op)
        case 0x305...0x308: relaxedMultiplyAdd(&l, negate: op == 0x306 || op == 0x308, double: op >= 0x307)
        case 0x312, 0x313: relaxedDot(&l, accumulate: op == 0x313)
        default: return false
        }
        return true
    }

    // MARK: Tables

    /// Instructions that are one SSE instruction `lhs = lhs op rhs`.
    static let simdBinary: [UInt16: SSEOp] = [
        0x24E: .pand, 0x250: .por, 0x251: .pxor,
        0x265: .packsswb, 0x266: .packuswb, 0x285: .packssdw, 0x286: .packusdw,
        0x26E: .paddb, 0x26F: .paddsb, 0x270: .paddusb, 0x271: .psubb, 0x272: .psubsb, 0x273: .psubusb,
        0x276: .pminsb, 0x277: .pminub, 0x278: .pmaxsb, 0x279: .pmaxub, 0x27B: .pavgb,
        0x28E: .paddw, 0x28F: .paddsw, 0x290: .paddusw, 0x291: .psubw, 0x292: .psubsw, 0x293: .psubusw,
        0x295: .pmullw, 0x296: .pminsw, 0x297: .pminuw, 0x298: .pmaxsw, 0x299: .pmaxuw, 0x29B: .pavgw,
        0x2AE: .paddd, 0x2B1: .psubd, 0x2B5: .pmulld,
        0x2B6: .pminsd, 0x2B7: .pminud, 0x2B8: .pmaxsd, 0x2B9: .pmaxud, 0x2BA: .pmaddwd,
        0x2CE: .paddq, 0x2D1: .psubq,
        0x2E4: .addps, 0x2E5: .subps, 0x2E6: .mulps, 0x2E7: .divps,
        0x2F0: .addpd, 0x2F1: .subpd, 0x2F2: .mulpd, 0x2F3: .divpd,
    ]

    /// Instructions that are one SSE instruction `rhs = rhs op lhs`: andnot
    /// is pandn; pmin/pmax are x86 min/max, which return the second operand
    /// when the lanes are equal or unordered.
    static let simdReversedBinary: [UInt16: SSEOp] = [
        0x24F: .pandn, 0x2EA: .minps, 0x2EB: .maxps, 0x2F6: .minpd, 0x2F7: .maxpd,
    ]

    /// Instructions that are one SSE instruction on their operand, with its immediate
    /// (rounding modes: nearest 0, floor 1, ceil 2, trunc 3; bit 3 suppresses inexact).
    static let simdUnary: [UInt16: (op: SSEOp, imm: UInt8?)] = [
        0x25E: (.cvtpd2ps, nil), 0x25F: (.cvtps2pd, nil), 0x2FA: (.cvtdq2ps, nil), 0x2FE: (.cvtdq2pd, nil),
        0x2E3: (.sqrtps, nil), 0x2EF: (.sqrtpd, nil),
        0x260: (.pabsb, nil), 0x280: (.pabsw, nil), 0x2A0: (.pabsd, nil),
        0x287: (.pmovsxbw, nil), 0x289: (.pmovzxbw, nil), 0x2A7: (.pmovsxwd, nil),
        0x2A9: (.pmovzxwd, nil), 0x2C7: (.pmovsxdq, nil), 0x2C9: (.pmovzxdq, nil),
        0x267: (.roundps, 0x0A), 0x268: (.roundps, 0x09), 0x269: (.roundps, 0x0B), 0x26A: (.roundps, 0x08),
        0x274: (.roundpd, 0x0A), 0x275: (.roundpd, 0x09), 0x27A: (.roundpd, 0x0B), 0x294: (.roundpd, 0x08),
    ]

    // MARK: Operands, results, encoding

    /// The register of the entry `depth` below the top of the stack, owned by that entry.
    static func inRegister(_ l: inout Lowering<X64>, _ depth: Int = 0) -> UInt8 {
        l.intoRegister(l.stack.count - 1 - depth)
    }

    /// The registers of the two top entries, the deeper one first.
    static func inRegisters(_ l: inout Lowering<X64>) -> (UInt8, UInt8) {
        let y = inRegister(&l, 0)
        return (inRegister(&l, 1), y)
    }

    /// Replaces the top `pops` entries with the value in register `r` (one of theirs).
    static func produce(_ l: inout Lowering<X64>, pops: Int, _ r: UInt8, _ type: ValueType = .v128) {
        for _ in 0..<pops { l.pop() }
        l.markUsed(r, float: isFloatClass(type))
        l.push(type, .reg(r))
    }

    /// Replaces the top entry with an i32 boolean in the flags.
    static func produceCondition(_ l: inout Lowering<X64>, _ c: X64Cond) {
        l.pop()
        l.push(.i32, .cond(c.rawValue))
    }

    static func emit(_ l: inout Lowering<X64>, _ o: SSEOp, _ reg: UInt8, _ rm: X64RM, imm: UInt8? = nil, w: Bool = false) {
        if o.map == 0 {
            l.asm.sse(o.prefix, o.opcode, reg, rm, imm: imm, w: w)
        } else {
            l.asm.sse3(o.prefix, o.map, o.opcode, reg, rm, imm: imm, w: w)
        }
    }

    static func emit(_ l: inout Lowering<X64>, _ o: SSEOp, _ reg: UInt8, _ rm: UInt8, imm: UInt8? = nil, w: Bool = false) {
        emit(&l, o, reg, .reg(rm), imm: imm, w: w)
    }

    static func shiftLanes(_ l: inout Lowering<X64>, _ s: SSEShift, _ x: UInt8, _ amount: SSEShift.Amount) {
        switch amount {
        case .immediate(let n): l.asm.sse(0x66, s.group, s.digit, .reg(x), imm: n)
        case .register(let c): l.asm.sse(0x66, s.byRegister, x, .reg(c))
        }
    }

    static func shiftLanes(_ l: inout Lowering<X64>, _ s: SSEShift, _ x: UInt8, _ n: Int) {
        shiftLanes(&l, s, x, .immediate(UInt8(n)))
    }

    static func copy(_ l: inout Lowering<X64>, _ dst: UInt8, _ src: UInt8) {
        if dst != src { emit(&l, .movaps, dst, src) }
    }

    /// `x = ~x` (uses xmm0).
    static func invert(_ l: inout Lowering<X64>, _ x: UInt8) {
        emit(&l, .pcmpeqd, xmm0, xmm0)
        emit(&l, .pxor, x, xmm0)
    }

    // MARK: Constants

    /// Sets every 32-bit lane of `x` to `value` (uses rax).
    static func splatConstant32(_ l: inout Lowering<X64>, _ x: UInt8, _ value: UInt32) {
        switch value {
        case 0: emit(&l, .pxor, x, x)
        case UInt32.max: emit(&l, .pcmpeqd, x, x)
        default:
            l.asm.movImm(.rax, UInt64(value))
            l.asm.movToXMM(x, .reg(GPR.rax.rawValue), w: false)
            emit(&l, .pshufd, x, x, imm: 0)
        }
    }

    /// Sets both 64-bit lanes of `x` to `value` (uses rax).
    static func splatConstant64(_ l: inout Lowering<X64>, _ x: UInt8, _ value: UInt64) {
        if value >> 32 == value & 0xFFFF_FFFF {
            splatConstant32(&l, x, UInt32(truncatingIfNeeded: value))
            return
        }
        l.asm.movImm(.rax, value)
        l.asm.movToXMM(x, .reg(GPR.rax.rawValue), w: true)
        emit(&l, .punpcklqdq, x, x)
    }

    /// Loads a 128-bit constant into `x`, with `temp` for the high half (uses rax).
    static func constant128(_ l: inout Lowering<X64>, _ x: UInt8, lo: UInt64, hi: UInt64, temp: UInt8) {
        if lo == hi {
            splatConstant64(&l, x, lo)
            return
        }
        l.asm.movImm(.rax, lo)
        l.asm.movToXMM(x, .reg(GPR.rax.rawValue), w: true)
        l.asm.movImm(.rax, hi)
        l.asm.movToXMM(temp, .reg(GPR.rax.rawValue), w: true)
        emit(&l, .punpcklqdq, x, temp)
    }

    /// Bytes as two little-endian 64-bit halves.
    static func packBytes(_ bytes: [UInt8]) -> (lo: UInt64, hi: UInt64) {
        var lo: UInt64 = 0, hi: UInt64 = 0
        for i in 0..<8 {
            lo |= UInt64(bytes[i]) << UInt64(i * 8)
            hi |= UInt64(bytes[i + 8]) << UInt64(i * 8)
        }
        return (lo, hi)
    }

    /// A lane of `bytes` bytes repeated over 64 bits.
    static func replicate(_ bits: UInt64, bytes: Int) -> UInt64 {
        if bytes == 8 { return bits }
        let mask: UInt64 = (1 << UInt64(bytes * 8)) - 1
        return (bits & mask) &* (UInt64.max / mask)
    }

    // MARK: Splat, lanes

    /// Copies lane 0 (of `bytes` bytes) of `x` to every lane (uses xmm0).
    static func broadcastLow(_ l: inout Lowering<X64>, _ x: UInt8, bytes: Int) {
        switch bytes {
        case 1 where l.options.features.ssse3:
            emit(&l, .pxor, xmm0, xmm0)
            emit(&l, .pshufb, x, xmm0)
        case 1, 2:
            if bytes == 1 { emit(&l, .punpcklbw, x, x) }
            emit(&l, .pshuflw, x, x, imm: 0)
            emit(&l, .pshufd, x, x, imm: 0)
        case 4: emit(&l, .pshufd, x, x, imm: 0)
        default: emit(&l, .punpcklqdq, x, x)
        }
    }

    static func splat(_ l: inout Lowering<X64>, _ op: UInt16) {
        let k = Int(op - 0x20F)  // i8 i16 i32 i64 f32 f64
        let bytes = [1, 2, 4, 8, 4, 8][k]
        if case .imm(let bits) = l.stack[l.stack.count - 1].loc {
            let v = replicate(bits, bytes: bytes)
            l.pop()
            let x = l.allocate(float: true)
            loadVectorConstant(&l, V128(lo: v, hi: v), x)
            l.push(.v128, .reg(x))
            return
        }
        let s = inRegister(&l)
        if k >= 4 {
            broadcastLow(&l, s, bytes: bytes)
            l.stack[l.stack.count - 1].type = .v128
            return
        }
        l.pop()
        let x = l.allocate(float: true)
        l.asm.movToXMM(x, .reg(s), w: bytes == 8)
        broadcastLow(&l, x, bytes: bytes)
        l.push(.v128, .reg(x))
    }

    static func extractLane(_ l: inout Lowering<X64>, _ op: UInt16, lane n: Int) {
        let x = inRegister(&l)
        let lane = UInt8(n)
        // f32/f64: move the lane to lane 0 in place; the other lanes of a scalar are don't-care.
        if op == 0x21F || op == 0x221 {
            if n != 0 { emit(&l, .pshufd, x, x, imm: op == 0x21F ? lane : 0xEE) }
            l.stack[l.stack.count - 1].type = op == 0x21F ? .f32 : .f64
            return
        }
        let sse41 = l.options.features.sse41
        l.pop()
        let r = l.allocate(float: false)
        switch op {
        case 0x215, 0x216:
            if sse41 {
                emit(&l, .pextrb, x, r, imm: lane)
            } else {
                emit(&l, .pextrw, r, x, imm: lane >> 1)
                if n & 1 != 0 { l.asm.shiftImm(5, gpr(r), 8, w: false) }
            }
            if op == 0x215 || !sse41 { l.asm.loadExtend(gpr(r), .reg(r), bytes: 1, signed: op == 0x215, w: false) }
        case 0x218, 0x219:
            emit(&l, .pextrw, r, x, imm: lane)
            if op == 0x218 { l.asm.loadExtend(gpr(r), .reg(r), bytes: 2, signed: true, w: false) }
        default:  // i32, i64
            let w = op == 0x21D
            if n == 0 {
                l.asm.movFromXMM(.reg(r), x, w: w)
            } else if sse41 {
                emit(&l, .pextrd, x, r, imm: lane, w: w)
            } else {
                emit(&l, .pshufd, xmm0, x, imm: w ? 0xEE : lane)
                l.asm.movFromXMM(.reg(r), xmm0, w: w)
            }
        }
        l.push(op == 0x21D ? .i64 : .i32, .reg(r))
    }

    static func replaceLane(_ l: inout Lowering<X64>, _ op: UInt16, lane n: Int) {
        let s = inRegister(&l, 0), x = inRegister(&l, 1)
        let lane = UInt8(n)
        let sse41 = l.options.features.sse41
        switch op {
        case 0x217:
            if sse41 { emit(&l, .pinsrb, x, s, imm: lane) } else { insertByte(&l, x, gpr(s), lane: n) }
        case 0x21A:
            emit(&l, .pinsrw, x, s, imm: lane)
        case 0x21C:
            if sse41 { emit(&l, .pinsrd, x, s, imm: lane) } else { insertDword(&l, x, gpr(s), lane: n) }
        case 0x21E:
            if sse41 {
                emit(&l, .pinsrd, x, s, imm: lane, w: true)
            } else {
                l.asm.movToXMM(xmm0, .reg(s), w: true)
                emit(&l, n == 0 ? .movsd : .punpcklqdq, x, xmm0)
            }
        case 0x220:
            if sse41 {
                emit(&l, .insertps, x, s, imm: lane << 4)
            } else if n == 0 {
                emit(&l, .movss, x, s)
            } else {
                l.asm.movFromXMM(.reg(GPR.rax.rawValue), s, w: false)
                insertDword(&l, x, .rax, lane: n)
            }
        default:  // f64: movsd merges the low half, movlhps sets the high half
            emit(&l, n == 0 ? .movsd : .movlhps, x, s)
        }
        l.pop()
    }

    /// Inserts the low byte of `src` (not rax) into lane `lane` of `x` with SSE2 (uses rax, rcx).
    static func insertByte(_ l: inout Lowering<X64>, _ x: UInt8, _ src: GPR, lane: Int) {
        emit(&l, .pextrw, GPR.rax.rawValue, x, imm: UInt8(lane >> 1))
        if lane & 1 == 0 {
            l.asm.alu(.and, .reg(GPR.rax.rawValue), imm: 0xFF00, w: false)
            l.asm.loadExtend(.rcx, .reg(src.rawValue), bytes: 1, signed: false, w: false)
        } else {
            l.asm.alu(.and, .reg(GPR.rax.rawValue), imm: 0xFF, w: false)
            if src != .rcx { l.asm.mov(.rcx, src, w: false) }
            l.asm.shiftImm(4, .rcx, 8, w: false)
        }
        l.asm.alu(.or, .rax, .rcx, w: false)
        emit(&l, .pinsrw, x, GPR.rax.rawValue, imm: UInt8(lane >> 1))
    }

    /// Inserts the low 32 bits of `src` into lane `lane` of `x` with SSE2 (uses rax, xmm0).
    static func insertDword(_ l: inout Lowering<X64>, _ x: UInt8, _ src: GPR, lane: Int) {
        if lane == 0 {
            l.asm.movToXMM(xmm0, .reg(src.rawValue), w: false)
            emit(&l, .movss, x, xmm0)
            return
        }
        emit(&l, .pinsrw, x, src.rawValue, imm: UInt8(lane * 2))
        if src != .rax { l.asm.mov(.rax, src, w: false) }
        l.asm.shiftImm(5, .rax, 16, w: false)
        emit(&l, .pinsrw, x, GPR.rax.rawValue, imm: UInt8(lane * 2 + 1))
    }

    // MARK: Shuffle, swizzle

    /// i8x16.shuffle: one unpack, pshufd or shufps when the pattern is one,
    /// else pshufb with a mask per operand (SSSE3).
    static func shuffle(_ l: inout Lowering<X64>, lo: UInt64, hi: UInt64) -> Bool {
        let lanes = (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? lo : hi) >> UInt64((i & 7) * 8)) }
        if let unpack = unpackInstruction(lanes) {
            let (x, y) = inRegisters(&l)
            emit(&l, unpack, x, y)
            produce(&l, pops: 2, x)
            return true
        }
        if let d = dwordLanes(lanes) {
            let fromY = d.map { $0 >= 4 }
            let imm = UInt8(d[0] & 3 | (d[1] & 3) << 2 | (d[2] & 3) << 4 | (d[3] & 3) << 6)
            if fromY.allSatisfy({ $0 == fromY[0] }) {
                let (x, y) = inRegisters(&l)
                let r = fromY[0] ? y : x
                if imm != 0xE4 { emit(&l, .pshufd, r, r, imm: imm) }
                produce(&l, pops: 2, r)
                return true
            }
            if fromY[0] == fromY[1] && fromY[2] == fromY[3] {
                // shufps takes the low two dwords from its destination, the high two from its source.
                let (x, y) = inRegisters(&l)
                let (dst, src) = fromY[0] ? (y, x) : (x, y)
                emit(&l, .shufps, dst, src, imm: imm)
                produce(&l, pops: 2, dst)
                return true
            }
        }
        guard l.options.features.ssse3 else { return false }
        // pshufb zeroes a lane whose mask byte has bit 7 set.
        let maskX = lanes.map { $0 < 16 ? $0 : 0x80 }, maskY = lanes.map { $0 >= 16 ? $0 - 16 : 0x80 }
        let (x, y) = inRegisters(&l)
        let usesX = lanes.contains { $0 < 16 }, usesY = lanes.contains { $0 >= 16 }
        for (r, mask, used) in [(x, maskX, usesX), (y, maskY, usesY)] where used {
            let (lo, hi) = packBytes(mask)
            constant128(&l, xmm0, lo: lo, hi: hi, temp: xmm1)
            emit(&l, .pshufb, r, xmm0)
        }
        if usesX && usesY { emit(&l, .por, x, y) }
        produce(&l, pops: 2, usesX ? x : y)
        return true
    }

    /// The punpckl*/punpckh* instruction that interleaves lanes like `lanes`, if any.
    static func unpackInstruction(_ lanes: [UInt8]) -> SSEOp? {
        let unpacks: [(low: SSEOp, high: SSEOp)] = [
            (.punpcklbw, .punpckhbw), (.punpcklwd, .punpckhwd), (.punpckldq, .punpckhdq), (.punpcklqdq, .punpckhqdq),
        ]
        for (log2, pair) in unpacks.enumerated() {
            let size = 1 << log2
            for high in [false, true] {
                // Element j of the result is element j/2 (of the chosen half) of x (j even) or y (j odd).
                let matches = lanes.indices.allSatisfy { i in
                    let j = i / size
                    return Int(lanes[i]) == (j % 2) * 16 + (j / 2 + (high ? 8 / size : 0)) * size + i % size
                }
                if matches { return high ? pair.high : pair.low }
            }
        }
        return nil
    }

    /// The source dword (0–7) of each result dword when the shuffle moves whole dwords.
    static func dwordLanes(_ lanes: [UInt8]) -> [Int]? {
        var dwords: [Int] = []
        for j in 0..<4 {
            let first = lanes[j * 4]
            guard first % 4 == 0, (1..<4).allSatisfy({ lanes[j * 4 + $0] == first + UInt8($0) }) else { return nil }
            dwords.append(Int(first / 4))
        }
        return dwords
    }

    /// i8x16.swizzle (SSSE3): adding 0x70 with unsigned saturation keeps
    /// indices 0–15 in the low nibble and sets bit 7 (a zero lane for pshufb) on the others.
    static func swizzle(_ l: inout Lowering<X64>) -> Bool {
        guard l.options.features.ssse3 else { return false }
        let (x, s) = inRegisters(&l)
        splatConstant32(&l, xmm0, 0x7070_7070)
        emit(&l, .paddusb, s, xmm0)
        emit(&l, .pshufb, x, s)
        produce(&l, pops: 2, x)
        return true
    }

    // MARK: Bitwise, tests

    /// v128.bitselect: (v1 & c) | (v2 & ~c) computed as ((v1 ^ v2) & c) ^ v2.
    static func bitselect(_ l: inout Lowering<X64>) {
        let c = inRegister(&l, 0), v2 = inRegister(&l, 1), v1 = inRegister(&l, 2)
        emit(&l, .pxor, v1, v2)
        emit(&l, .pand, v1, c)
        emit(&l, .pxor, v1, v2)
        produce(&l, pops: 3, v1)
    }

    static func anyTrue(_ l: inout Lowering<X64>) {
        let x = inRegister(&l)
        if l.options.features.sse41 {
            emit(&l, .ptest, x, x)
        } else {
            emit(&l, .pxor, xmm0, xmm0)
            emit(&l, .pcmpeqb, xmm0, x)
            emit(&l, .pmovmskb, GPR.rax.rawValue, xmm0)
            l.asm.alu(.cmp, .reg(GPR.rax.rawValue), imm: 0xFFFF, w: false)
        }
        produceCondition(&l, .ne)
    }

    static func allTrue(_ l: inout Lowering<X64>, log2: Int) {
        let x = inRegister(&l)
        // xmm0 = the lanes that are zero.
        emit(&l, .pxor, xmm0, xmm0)
        laneEquals(&l, xmm0, x, log2: log2, scratch: xmm1)
        if l.options.features.sse41 {
            emit(&l, .ptest, xmm0, xmm0)
        } else {
            emit(&l, .pmovmskb, GPR.rax.rawValue, xmm0)
            l.asm.test(.rax, .rax, w: false)
        }
        produceCondition(&l, .e)
    }

    static func bitmask(_ l: inout Lowering<X64>, log2: Int) {
        let x = inRegister(&l)
        l.pop()
        let r = l.allocate(float: false)
        switch log2 {
        case 0: emit(&l, .pmovmskb, r, x)
        case 1:
            // Signed saturation keeps each lane's sign in a byte.
            emit(&l, .packsswb, x, x)
            emit(&l, .pmovmskb, r, x)
            l.asm.loadExtend(gpr(r), .reg(r), bytes: 1, signed: false, w: false)
        case 2: emit(&l, .movmskps, r, x)
        default: emit(&l, .movmskpd, r, x)
        }
        l.push(.i32, .reg(r))
    }

    // MARK: Integer comparisons

    /// `x = (x == y)` in lanes of `1 << log2` bytes (i64x2 without SSE4.1 uses `scratch`).
    static func laneEquals(_ l: inout Lowering<X64>, _ x: UInt8, _ y: UInt8, log2: Int, scratch: UInt8) {
        if log2 < 3 {
            emit(&l, [SSEOp.pcmpeqb, .pcmpeqw, .pcmpeqd][log2], x, y)
        } else if l.options.features.sse41 {
            emit(&l, .pcmpeqq, x, y)
        } else {
            emit(&l, .pcmpeqd, x, y)
            emit(&l, .pshufd, scratch, x, imm: 0xB1)  // swap the dwords of each quadword
            emit(&l, .pand, x, scratch)
        }
    }

    /// Signed `x = (x > y)` in lanes of `1 << log2` bytes (i64x2 uses xmm0 and xmm1).
    static func laneGreater(_ l: inout Lowering<X64>, _ x: UInt8, _ y: UInt8, log2: Int) {
        if log2 < 3 {
            emit(&l, [SSEOp.pcmpgtb, .pcmpgtw, .pcmpgtd][log2], x, y)
            return
        }
        // The high dwords decide, unless they are equal: then the borrow of
        // y - x (which fills its high dword) says whether the low x is above.
        copy(&l, xmm0, y)
        emit(&l, .psubq, xmm0, x)
        copy(&l, xmm1, x)
        emit(&l, .pcmpeqd, xmm1, y)
        emit(&l, .pand, xmm0, xmm1)
        emit(&l, .pcmpgtd, x, y)
        emit(&l, .por, x, xmm0)
        emit(&l, .pshufd, x, x, imm: 0xF5)  // the high dword of each quadword
    }

    /// Lane comparisons; `k` counts eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u.
    static func integerLaneCompare(_ l: inout Lowering<X64>, log2: Int, _ k: Int) {
        var (x, y) = inRegisters(&l)
        if k < 2 {
            laneEquals(&l, x, y, log2: log2, scratch: xmm0)
            if k == 1 { invert(&l, x) }
            produce(&l, pops: 2, x)
            return
        }
        let unsigned = k % 2 == 1
        let relation = (k - 2) / 2  // lt gt le ge
        if unsigned, let minMax = unsignedMinMax(log2: log2, l.options.features) {
            // x <= y exactly when min(x, y) == x, x >= y when max(x, y) == x; lt and gt are their inverses.
            copy(&l, xmm0, x)
            emit(&l, relation == 1 || relation == 2 ? minMax.min : minMax.max, xmm0, y)
            laneEquals(&l, x, xmm0, log2: log2, scratch: xmm1)
            if relation < 2 { invert(&l, x) }
        } else {
            if unsigned { flipSignBits(&l, x, y, log2: log2) }
            // lt and ge compare the other way round; le and ge are the inverses of gt and lt.
            if relation == 0 || relation == 3 { swap(&x, &y) }
            laneGreater(&l, x, y, log2: log2)
            if relation >= 2 { invert(&l, x) }
        }
        produce(&l, pops: 2, x)
    }

    /// Unsigned min and max of the lane size, when the CPU has them.
    static func unsignedMinMax(log2: Int, _ f: CPUFeatures) -> (min: SSEOp, max: SSEOp)? {
        switch log2 {
        case 0: return (.pminub, .pmaxub)
        case 1 where f.sse41: return (.pminuw, .pmaxuw)
        case 2 where f.sse41: return (.pminud, .pmaxud)
        default: return nil
        }
    }

    /// Flips the sign bit of the 16- or 32-bit lanes of `x` and `y`, so signed comparisons order them unsigned (uses xmm1).
    static func flipSignBits(_ l: inout Lowering<X64>, _ x: UInt8, _ y: UInt8, log2: Int) {
        emit(&l, .pcmpeqd, xmm1, xmm1)
        shiftLanes(&l, log2 == 1 ? .psllw : .pslld, xmm1, (8 << log2) - 1)
        emit(&l, .pxor, x, xmm1)
        emit(&l, .pxor, y, xmm1)
    }

    /// f32x4/f64x2 eq ne lt gt le ge (`k` 0–5) with cmpps/cmppd: eq 0, lt 1,
    /// le 2, neq 4 (true when unordered); gt and ge are lt and le swapped.
    static func floatLaneCompare(_ l: inout Lowering<X64>, _ k: Int, double: Bool) {
        var (x, y) = inRegisters(&l)
        if k == 3 || k == 5 { swap(&x, &y) }
        emit(&l, double ? .cmppd : .cmpps, x, y, imm: [0, 4, 1, 1, 2, 2][k])
        produce(&l, pops: 2, x)
    }

    // MARK: Integer arithmetic

    static func integerNeg(_ l: inout Lowering<X64>, log2: Int) {
        let x = inRegister(&l)
        emit(&l, .pxor, xmm0, xmm0)
        emit(&l, [SSEOp.psubb, .psubw, .psubd, .psubq][log2], xmm0, x)
        copy(&l, x, xmm0)
    }

    /// abs without SSSE3 (and i64x2): min_u(x, -x) for bytes, max_s(x, -x)
    /// for words, (x ^ sign) - sign for dwords and quadwords.
    static func integerAbs(_ l: inout Lowering<X64>, log2: Int) {
        let x = inRegister(&l)
        switch log2 {
        case 0, 1:
            emit(&l, .pxor, xmm0, xmm0)
            emit(&l, log2 == 0 ? .psubb : .psubw, xmm0, x)
            emit(&l, log2 == 0 ? .pminub : .pmaxsw, x, xmm0)
        default:
            copy(&l, xmm0, x)
            shiftLanes(&l, .psrad, xmm0, 31)
            if log2 == 3 { emit(&l, .pshufd, xmm0, xmm0, imm: 0xF5) }
            emit(&l, .pxor, x, xmm0)
            emit(&l, log2 == 3 ? .psubq : .psubd, x, xmm0)
        }
    }

    /// i8x16.popcnt with SSE2: pairs, then nibbles, then bytes of bit counts.
    static func popcount(_ l: inout Lowering<X64>) {
        let x = inRegister(&l)
        splatConstant32(&l, xmm1, 0x5555_5555)
        copy(&l, xmm0, x)
        shiftLanes(&l, .psrlw, xmm0, 1)
        emit(&l, .pand, xmm0, xmm1)
        emit(&l, .psubb, x, xmm0)
        splatConstant32(&l, xmm1, 0x3333_3333)
        copy(&l, xmm0, x)
        shiftLanes(&l, .psrlw, xmm0, 2)
        emit(&l, .pand, xmm0, xmm1)
        emit(&l, .pand, x, xmm1)
        emit(&l, .paddb, x, xmm0)
        copy(&l, xmm0, x)
        shiftLanes(&l, .psrlw, xmm0, 4)
        emit(&l, .paddb, x, xmm0)
        splatConstant32(&l, xmm1, 0x0F0F_0F0F)
        emit(&l, .pand, x, xmm1)
    }

    /// Integer min/max without SSE4.1: psubusw for u16, else a compare and a blend.
    static func integerMinMax(_ l: inout Lowering<X64>, _ op: UInt16) {
        let (x, y) = inRegisters(&l)
        switch op {
        case 0x297:  // min_u = x - sat(x - y)
            copy(&l, xmm0, x)
            emit(&l, .psubusw, xmm0, y)
            emit(&l, .psubw, x, xmm0)
        case 0x299:  // max_u = sat(x - y) + y
            emit(&l, .psubusw, x, y)
            emit(&l, .paddw, x, y)
        default:
            let isMin = op == 0x276 || op == 0x2B6 || op == 0x2B7
            // xmm0 = the lanes to take from y: x > y for min, y > x for max.
            let (p, q) = isMin ? (x, y) : (y, x)
            copy(&l, xmm0, p)
            if op == 0x2B7 || op == 0x2B9 {
                emit(&l, .pcmpeqd, xmm1, xmm1)
                shiftLanes(&l, .pslld, xmm1, 31)
                emit(&l, .pxor, xmm0, xmm1)
                emit(&l, .pxor, xmm1, q)
                emit(&l, .pcmpgtd, xmm0, xmm1)
            } else {
                emit(&l, op < 0x280 ? .pcmpgtb : .pcmpgtd, xmm0, q)
            }
            copy(&l, xmm1, x)
            emit(&l, .pxor, xmm1, y)
            emit(&l, .pand, xmm1, xmm0)
            emit(&l, .pxor, x, xmm1)
        }
        produce(&l, pops: 2, x)
    }

    /// i32x4.mul with SSE2: pmuludq of the even lanes and of the odd lanes, interleaved; returns the result register.
    static func multiply32(_ l: inout Lowering<X64>, _ x: UInt8, _ y: UInt8) -> UInt8 {
        copy(&l, xmm0, x)
        emit(&l, .pmuludq, xmm0, y)
        shiftLanes(&l, .psrlq, x, 32)
        shiftLanes(&l, .psrlq, y, 32)
        emit(&l, .pmuludq, x, y)
        emit(&l, .pshufd, y, xmm0, imm: 0x08)
        emit(&l, .pshufd, x, x, imm: 0x08)
        emit(&l, .punpckldq, y, x)
        return y
    }

    /// `x = x * y` in 64-bit lanes: lo*lo + (hi*lo + lo*hi) << 32 (uses xmm0, xmm1).
    static func multiply64(_ l: inout Lowering<X64>, _ x: UInt8, _ y: UInt8) {
        copy(&l, xmm0, x)
        shiftLanes(&l, .psrlq, xmm0, 32)
        emit(&l, .pmuludq, xmm0, y)
        copy(&l, xmm1, y)
        shiftLanes(&l, .psrlq, xmm1, 32)
        emit(&l, .pmuludq, xmm1, x)
        emit(&l, .paddq, xmm0, xmm1)
        shiftLanes(&l, .psllq, xmm0, 32)
        emit(&l, .pmuludq, x, y)
        emit(&l, .paddq, x, xmm0)
    }

    /// extend_low/high_s/u of lanes of `1 << log2` bytes, in place (uses xmm0).
    static func extend(_ l: inout Lowering<X64>, _ x: UInt8, log2: Int, high: Bool, signed: Bool) {
        if !high && l.options.features.sse41 {
            let o = signed ? [SSEOp.pmovsxbw, .pmovsxwd, .pmovsxdq][log2] : [SSEOp.pmovzxbw, .pmovzxwd, .pmovzxdq][log2]
            emit(&l, o, x, x)
            return
        }
        let unpack = high ? [SSEOp.punpckhbw, .punpckhwd, .punpckhdq][log2] : [SSEOp.punpcklbw, .punpcklwd, .punpckldq][log2]
        if !signed {
            emit(&l, .pxor, xmm0, xmm0)
            emit(&l, unpack, x, xmm0)
        } else if log2 < 2 {
            // Each lane twice, then an arithmetic shift of the doubled lane.
            emit(&l, unpack, x, x)
            shiftLanes(&l, log2 == 0 ? .psraw : .psrad, x, 8 << log2)
        } else {
            copy(&l, xmm0, x)
            shiftLanes(&l, .psrad, xmm0, 31)
            emit(&l, unpack, x, xmm0)
        }
    }

    /// extadd_pairwise: the odd lanes shifted down plus the even lanes shifted up and down.
    static func extaddPairwise(_ l: inout Lowering<X64>, _ op: UInt16) {
        let x = inRegister(&l)
        let wide = op >= 0x27E, signed = op % 2 == 0
        let half = wide ? 16 : 8
        let right: SSEShift = wide ? (signed ? .psrad : .psrld) : (signed ? .psraw : .psrlw)
        copy(&l, xmm0, x)
        shiftLanes(&l, right, xmm0, half)
        shiftLanes(&l, wide ? .pslld : .psllw, x, half)
        shiftLanes(&l, right, x, half)
        emit(&l, wide ? .paddd : .paddw, x, xmm0)
    }

    /// extmul_low/high_s/u (`k` 0–3) from lanes of `1 << log2` bytes.
    static func extendedMultiply(_ l: inout Lowering<X64>, log2: Int, _ k: Int) {
        let (x, y) = inRegisters(&l)
        let high = k % 2 == 1, signed = k < 2
        switch log2 {
        case 0:
            extend(&l, x, log2: 0, high: high, signed: signed)
            extend(&l, y, log2: 0, high: high, signed: signed)
            emit(&l, .pmullw, x, y)
        case 1:
            // The low and high halves of the 32-bit products, interleaved.
            copy(&l, xmm0, x)
            emit(&l, signed ? .pmulhw : .pmulhuw, xmm0, y)
            emit(&l, .pmullw, x, y)
            emit(&l, high ? .punpckhwd : .punpcklwd, x, xmm0)
        default:
            if signed && !l.options.features.sse41 {
                extend(&l, x, log2: 2, high: high, signed: true)
                extend(&l, y, log2: 2, high: high, signed: true)
                multiply64(&l, x, y)
            } else {
                // The two source lanes to the even dwords, which pmuludq/pmuldq multiply.
                emit(&l, .pshufd, x, x, imm: high ? 0xFA : 0x50)
                emit(&l, .pshufd, y, y, imm: high ? 0xFA : 0x50)
                emit(&l, signed ? .pmuldq : .pmuludq, x, y)
            }
        }
        produce(&l, pops: 2, x)
    }

    /// i16x8.q15mulr_sat_s: pmulhrsw (SSSE3) with its one overflow,
    /// 0x8000 * 0x8000, saturated; else (x*y + 0x4000) >> 15 in 32 bits and a saturating pack.
    static func q15mulr(_ l: inout Lowering<X64>) {
        let (x, y) = inRegisters(&l)
        if l.options.features.ssse3 {
            emit(&l, .pmulhrsw, x, y)
            emit(&l, .pcmpeqd, xmm0, xmm0)
            shiftLanes(&l, .psllw, xmm0, 15)
            emit(&l, .pcmpeqw, xmm0, x)
            emit(&l, .pxor, x, xmm0)
        } else {
            copy(&l, xmm0, x)
            emit(&l, .pmullw, xmm0, y)
            emit(&l, .pmulhw, x, y)
            copy(&l, xmm1, xmm0)
            emit(&l, .punpcklwd, xmm0, x)
            emit(&l, .punpckhwd, xmm1, x)
            splatConstant32(&l, y, 0x4000)
            emit(&l, .paddd, xmm0, y)
            emit(&l, .paddd, xmm1, y)
            shiftLanes(&l, .psrad, xmm0, 15)
            shiftLanes(&l, .psrad, xmm1, 15)
            emit(&l, .packssdw, xmm0, xmm1)
            copy(&l, x, xmm0)
        }
        produce(&l, pops: 2, x)
    }

    /// i16x8.narrow_i32x4_u without packusdw: negative lanes to 0, then a
    /// bias of -32768 so packssdw saturates at the unsigned bounds, then the bias undone.
    static func narrowUnsigned32(_ l: inout Lowering<X64>) {
        let (x, y) = inRegisters(&l)
        emit(&l, .pcmpeqd, xmm1, xmm1)
        shiftLanes(&l, .pslld, xmm1, 15)
        copy(&l, xmm0, x)
        shiftLanes(&l, .psrad, xmm0, 31)
        emit(&l, .pandn, xmm0, x)
        emit(&l, .paddd, xmm0, xmm1)
        copy(&l, x, y)
        shiftLanes(&l, .psrad, x, 31)
        emit(&l, .pandn, x, y)
        emit(&l, .paddd, x, xmm1)
        emit(&l, .packssdw, xmm0, x)
        emit(&l, .pcmpeqd, xmm1, xmm1)
        shiftLanes(&l, .psllw, xmm1, 15)
        emit(&l, .pxor, xmm0, xmm1)
        copy(&l, x, xmm0)
        produce(&l, pops: 2, x)
    }

    /// Shifts (`kind`: shl, shr_s, shr_u) of lanes of `1 << log2` bytes by
    /// an i32 count taken modulo the lane width.
    static func shift(_ l: inout Lowering<X64>, log2: Int, kind: Int) {
        let bits = 8 << log2
        let x = inRegister(&l, 1)
        var count: Int? = nil
        let countValue = l.stack[l.stack.count - 1]
        if case .imm(let c) = countValue.loc {
            count = Int(c & UInt64(bits - 1))
            if count == 0 {
                l.pop()
                return
            }
        } else {
            move(&l, .i32, from: countValue.loc, to: .reg(GPR.rcx.rawValue))
            l.asm.alu(.and, .reg(GPR.rcx.rawValue), imm: Int32(bits - 1), w: false)
        }
        if log2 == 0 {
            shiftBytes(&l, x, kind: kind, count: count)
        } else {
            let amount: SSEShift.Amount
            if let count {
                amount = .immediate(UInt8(count))
            } else {
                l.asm.movToXMM(xmm0, .reg(GPR.rcx.rawValue), w: false)
                amount = .register(xmm0)
            }
            if log2 == 3 && kind == 1 {
                // No psraq: a logical shift, then the moved sign bit m = 1 << (63 - n) extended by (v ^ m) - m.
                emit(&l, .pcmpeqd, xmm1, xmm1)
                shiftLanes(&l, .psllq, xmm1, 63)
                shiftLanes(&l, .psrlq, xmm1, amount)
                shiftLanes(&l, .psrlq, x, amount)
                emit(&l, .pxor, x, xmm1)
                emit(&l, .psubq, x, xmm1)
            } else {
                let ops: [SSEShift] = [[.psllw, .pslld, .psllq], [.psraw, .psrad], [.psrlw, .psrld, .psrlq]][kind]
                shiftLanes(&l, ops[log2 - 1], x, amount)
            }
        }
        l.pop()
    }

    /// i8x16 shifts through 16-bit shifts. shl and shr_u mask off the bits
    /// that crossed from the neighbouring byte; shr_s shifts each byte in the
    /// high half of a 16-bit lane by count + 8 and packs. A count not known
    /// here is in ecx (uses rax, xmm0, xmm1).
    static func shiftBytes(_ l: inout Lowering<X64>, _ x: UInt8, kind: Int, count: Int?) {
        if kind == 1 {
            let amount: SSEShift.Amount
            if let count {
                amount = .immediate(UInt8(count + 8))
            } else {
                l.asm.alu(.add, .reg(GPR.rcx.rawValue), imm: 8, w: false)
                l.asm.movToXMM(xmm0, .reg(GPR.rcx.rawValue), w: false)
                amount = .register(xmm0)
            }
            copy(&l, xmm1, x)
            emit(&l, .punpckhbw, xmm1, xmm1)
            shiftLanes(&l, .psraw, xmm1, amount)
            emit(&l, .punpcklbw, x, x)
            shiftLanes(&l, .psraw, x, amount)
            emit(&l, .packsswb, x, xmm1)
            return
        }
        let op: SSEShift = kind == 0 ? .psllw : .psrlw
        if let count {
            let mask = kind == 0 ? (0xFF << count) & 0xFF : 0xFF >> count
            shiftLanes(&l, op, x, count)
            splatConstant32(&l, xmm1, UInt32(mask) * 0x0101_0101)
        } else {
            l.asm.movToXMM(xmm0, .reg(GPR.rcx.rawValue), w: false)
            shiftLanes(&l, op, x, .register(xmm0))
            l.asm.movImm(.rax, 0xFF)
            l.asm.shiftCL(kind == 0 ? 4 : 5, .rax, w: false)
            l.asm.loadExtend(.rax, .reg(GPR.rax.rawValue), bytes: 1, signed: false, w: false)
            l.asm.imulImm(.rax, .reg(GPR.rax.rawValue), 0x0101_0101, w: false)
            l.asm.movToXMM(xmm1, .reg(GPR.rax.rawValue), w: false)
            emit(&l, .pshufd, xmm1, xmm1, imm: 0)
        }
        emit(&l, .pand, x, xmm1)
    }

    // MARK: Float

    /// abs clears and neg flips the sign bits.
    static func floatSign(_ l: inout Lowering<X64>, abs: Bool, double: Bool) {
        let x = inRegister(&l)
        emit(&l, .pcmpeqd, xmm0, xmm0)
        if abs {
            shiftLanes(&l, double ? .psrlq : .psrld, xmm0, 1)
            emit(&l, .andps, x, xmm0)
        } else {
            shiftLanes(&l, double ? .psllq : .pslld, xmm0, double ? 63 : 31)
            emit(&l, .xorps, x, xmm0)
        }
    }

    /// Wasm min/max (and relaxed min/max). x86 min/max return the second
    /// operand when the lanes are equal or unordered, so both orders are
    /// combined: or (min) or xor-or-sub (max) makes -0 < +0 and keeps NaNs,
    /// then NaN lanes become the canonical NaN (sign, exponent and quiet bit).
    static func floatMinMax(_ l: inout Lowering<X64>, isMin: Bool, double: Bool) {
        let (x, y) = inRegisters(&l)
        let o: SSEOp = isMin ? (double ? .minpd : .minps) : (double ? .maxpd : .maxps)
        let unordered = 3 as UInt8
        let compare: SSEOp = double ? .cmppd : .cmpps
        copy(&l, xmm0, x)
        emit(&l, o, xmm0, y)
        emit(&l, o, y, x)
        if isMin {
            emit(&l, .orps, xmm0, y)
            emit(&l, compare, y, xmm0, imm: unordered)
            emit(&l, .orps, xmm0, y)
        } else {
            emit(&l, .xorps, y, xmm0)
            emit(&l, .orps, xmm0, y)
            emit(&l, double ? .subpd : .subps, xmm0, y)
            emit(&l, compare, y, xmm0, imm: unordered)
        }
        shiftLanes(&l, double ? .psrlq : .psrld, y, double ? 13 : 10)
        emit(&l, .andnps, y, xmm0)
        produce(&l, pops: 2, y)
    }

    /// relaxed_madd/nmadd, unfused like the interpreter: (±(x * y)) + z.
    static func relaxedMultiplyAdd(_ l: inout Lowering<X64>, negate: Bool, double: Bool) {
        let z = inRegister(&l, 0), y = inRegister(&l, 1), x = inRegister(&l, 2)
        emit(&l, double ? .mulpd : .mulps, x, y)
        if negate {
            emit(&l, .pcmpeqd, xmm0, xmm0)
            shiftLanes(&l, double ? .psllq : .pslld, xmm0, double ? 63 : 31)
            emit(&l, .xorps, x, xmm0)
        }
        emit(&l, double ? .addpd : .addps, x, z)
        produce(&l, pops: 3, x)
    }

    /// The relaxed dot products as the interpreter defines them (both
    /// operands signed): the odd and even bytes sign-extended to 16 bits,
    /// multiplied and summed in pairs (pmullw + paddw wraps to 16 bits;
    /// pmaddwd sums four products into 32 bits, plus the accumulator).
    static func relaxedDot(_ l: inout Lowering<X64>, accumulate: Bool) {
        let z: UInt8? = accumulate ? inRegister(&l, 0) : nil
        let top = accumulate ? 1 : 0
        let y = inRegister(&l, top), x = inRegister(&l, top + 1)
        for (r, odd) in [(x, xmm0), (y, xmm1)] {
            copy(&l, odd, r)
            shiftLanes(&l, .psraw, odd, 8)
            shiftLanes(&l, .psllw, r, 8)
            shiftLanes(&l, .psraw, r, 8)
        }
        if let z {
            emit(&l, .pmaddwd, x, y)
            emit(&l, .pmaddwd, xmm0, xmm1)
            emit(&l, .paddd, x, xmm0)
            emit(&l, .paddd, x, z)
            produce(&l, pops: 3, x)
        } else {
            emit(&l, .pmullw, x, y)
            emit(&l, .pmullw, xmm0, xmm1)
            emit(&l, .paddw, x, xmm0)
            produce(&l, pops: 2, x)
        }
    }

    // MARK: Conversions

    static func laneConversion(_ l: inout Lowering<X64>, _ op: UInt16) {
        let x = inRegister(&l)
        switch op {
        case 0x2F8, 0x301:  // i32x4.trunc_sat_f32x4_s
            // NaN lanes to 0; cvttps2dq gives 0x80000000 out of range, which
            // becomes 0x7FFFFFFF where the input was positive.
            copy(&l, xmm0, x)
            emit(&l, .cmpps, xmm0, x, imm: 0)
            emit(&l, .pand, x, xmm0)
            emit(&l, .pxor, xmm0, x)
            emit(&l, .cvttps2dq, x, x)
            emit(&l, .pand, xmm0, x)
            shiftLanes(&l, .psrad, xmm0, 31)
            emit(&l, .pxor, x, xmm0)
        case 0x2F9, 0x302:  // i32x4.trunc_sat_f32x4_u
            // NaN and negatives to 0; lanes from 2^31 convert as x - 2^31 added to 0x80000000.
            emit(&l, .pxor, xmm0, xmm0)
            emit(&l, .maxps, x, xmm0)
            emit(&l, .pcmpeqd, xmm0, xmm0)
            shiftLanes(&l, .psrld, xmm0, 1)
            emit(&l, .cvtdq2ps, xmm0, xmm0)  // 2^31
            copy(&l, xmm1, x)
            emit(&l, .subps, xmm1, xmm0)
            emit(&l, .cmpps, xmm0, xmm1, imm: 2)  // x >= 2^32
            emit(&l, .cvttps2dq, xmm1, xmm1)
            emit(&l, .pxor, xmm1, xmm0)  // 0x7FFFFFFF there
            copy(&l, xmm0, xmm1)
            shiftLanes(&l, .psrad, xmm0, 31)
            emit(&l, .pandn, xmm0, xmm1)  // below 2^31: 0
            emit(&l, .cvttps2dq, x, x)
            emit(&l, .paddd, x, xmm0)
        case 0x2FB:  // f32x4.convert_i32x4_u: the low 16 bits exactly, plus the high 16 bits halved, converted, doubled
            copy(&l, xmm0, x)
            shiftLanes(&l, .pslld, xmm0, 16)
            shiftLanes(&l, .psrld, xmm0, 16)
            emit(&l, .psubd, x, xmm0)
            emit(&l, .cvtdq2ps, xmm0, xmm0)
            shiftLanes(&l, .psrld, x, 1)
            emit(&l, .cvtdq2ps, x, x)
            emit(&l, .addps, x, x)
            emit(&l, .addps, x, xmm0)
        case 0x2FC, 0x303:  // i32x4.trunc_sat_f64x2_s_zero: clamp above (NaN to 0), cvttpd2dq saturates below
            copy(&l, xmm0, x)
            emit(&l, .cmppd, xmm0, x, imm: 0)
            splatConstant64(&l, xmm1, 2147483647.0.bitPattern)
            emit(&l, .andps, xmm0, xmm1)
            emit(&l, .minpd, x, xmm0)
            emit(&l, .cvttpd2dq, x, x)
        case 0x2FD, 0x304:  // i32x4.trunc_sat_f64x2_u_zero: clamp, then as trunc_sat_f32x4_u
            emit(&l, .pxor, xmm0, xmm0)
            emit(&l, .maxpd, x, xmm0)
            splatConstant64(&l, xmm1, 4294967295.0.bitPattern)
            emit(&l, .minpd, x, xmm1)
            splatConstant64(&l, xmm1, 2147483648.0.bitPattern)
            copy(&l, xmm0, x)
            emit(&l, .subpd, xmm0, xmm1)
            emit(&l, .cvttpd2dq, xmm0, xmm0)
            copy(&l, xmm1, xmm0)
            shiftLanes(&l, .psrad, xmm1, 31)
            emit(&l, .pandn, xmm1, xmm0)
            emit(&l, .cvttpd2dq, x, x)
            emit(&l, .paddd, x, xmm1)
        default:  // f64x2.convert_low_i32x4_u: 2^52 + u as a double's bits, minus 2^52
            splatConstant32(&l, xmm0, 0x4330_0000)
            emit(&l, .unpcklps, x, xmm0)
            shiftLanes(&l, .psllq, xmm0, 32)
            emit(&l, .subpd, x, xmm0)
        }
    }

    // MARK: Memory

    /// The SIMD loads and stores other than v128.load/store: extending,
    /// splatting and zero-extending loads, and lane loads and stores.
    static func simdMemory(_ l: inout Lowering<X64>, _ op: UInt16, memarg: UInt64, offset: UInt64) {
        let sse41 = l.options.features.sse41
        let lane = UInt8(truncatingIfNeeded: memarg >> 40)
        switch op {
        case 0x201...0x206:  // v128.load8x8_s ... load32x2_u
            let k = Int(op - 0x201), log2 = k / 2, signed = k % 2 == 0
            let m = effectiveAddress(&l, memarg: memarg, offset: offset, size: 8)
            let x = l.allocate(float: true)
            if sse41 {
                let o = signed ? [SSEOp.pmovsxbw, .pmovsxwd, .pmovsxdq][log2] : [SSEOp.pmovzxbw, .pmovzxwd, .pmovzxdq][log2]
                emit(&l, o, x, .mem(m))
            } else {
                emit(&l, .movqLoad, x, .mem(m))
                extend(&l, x, log2: log2, high: false, signed: signed)
            }
            l.push(.v128, .reg(x))
        case 0x207...0x20A, 0x25C, 0x25D:  // load splats, load32_zero, load64_zero
            let size = op >= 0x25C ? (op == 0x25C ? 4 : 8) : 1 << Int(op - 0x207)
            let m = effectiveAddress(&l, memarg: memarg, offset: offset, size: size)
            let x = l.allocate(float: true)
            switch size {
            case 1:
                l.asm.loadExtend(.rcx, .mem(m), bytes: 1, signed: false, w: false)
                l.asm.movToXMM(x, .reg(GPR.rcx.rawValue), w: false)
            case 2: emit(&l, .pinsrw, x, .mem(m), imm: 0)
            case 4: emit(&l, .movdLoad, x, .mem(m))
            default: emit(&l, .movqLoad, x, .mem(m))
            }
            if op < 0x25C { broadcastLow(&l, x, bytes: size) }
            l.push(.v128, .reg(x))
        case 0x254...0x257:  // v128.load8_lane ... load64_lane
            let log2 = Int(op - 0x254)
            let x = inRegister(&l)
            let v = l.stack.removeLast()  // keeps its register while the address is popped
            let m = effectiveAddress(&l, memarg: memarg, offset: offset, size: 1 << log2)
            switch log2 {
            case 0 where sse41: emit(&l, .pinsrb, x, .mem(m), imm: lane)
            case 0:
                l.asm.loadExtend(.rcx, .mem(m), bytes: 1, signed: false, w: false)
                insertByte(&l, x, .rcx, lane: Int(lane))
            case 1: emit(&l, .pinsrw, x, .mem(m), imm: lane)
            case 2 where sse41: emit(&l, .pinsrd, x, .mem(m), imm: lane)
            case 2:
                l.asm.load(.rcx, m, w: false)
                insertDword(&l, x, .rcx, lane: Int(lane))
            default: emit(&l, lane == 0 ? .movlps : .movhps, x, .mem(m))
            }
            l.push(v.type, v.loc)
        default:  // v128.store8_lane ... store64_lane
            let log2 = Int(op - 0x258)
            let x = inRegister(&l)
            let v = l.stack.removeLast()
            let m = effectiveAddress(&l, memarg: memarg, offset: offset, size: 1 << log2)
            switch log2 {
            case 0 where sse41: emit(&l, .pextrb, x, .mem(m), imm: lane)
            case 0, 1:
                emit(&l, .pextrw, GPR.rcx.rawValue, x, imm: lane >> (1 - log2))
                if log2 == 0 && lane & 1 != 0 { l.asm.shiftImm(5, .rcx, 8, w: false) }
                l.asm.storeNarrow(m, .rcx, bytes: 1 << log2)
            case 2 where lane == 0: emit(&l, .movdStore, x, .mem(m))
            case 2 where sse41: emit(&l, .pextrd, x, .mem(m), imm: lane)
            case 2:
                emit(&l, .pshufd, xmm0, x, imm: lane)
                emit(&l, .movdStore, xmm0, .mem(m))
            default: emit(&l, lane == 0 ? .movlpsStore : .movhpsStore, x, .mem(m))
            }
            l.release(v.loc, float: true)
        }
    }
}
