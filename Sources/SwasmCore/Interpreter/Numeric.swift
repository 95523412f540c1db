/// Scalar numeric instructions. Operands are consecutive 16-byte slots
/// starting at `p`; the result replaces the first operand.
enum Numeric {
    @inline(__always) static func u32(_ p: UnsafeMutableRawPointer, _ i: Int = 0) -> UInt32 { p.load(fromByteOffset: i * Slot.size, as: UInt32.self) }
    @inline(__always) static func u64(_ p: UnsafeMutableRawPointer, _ i: Int = 0) -> UInt64 { p.load(fromByteOffset: i * Slot.size, as: UInt64.self) }
    @inline(__always) static func f32(_ p: UnsafeMutableRawPointer, _ i: Int = 0) -> Float { Float(bitPattern: u32(p, i)) }
    @inline(__always) static func f64(_ p: UnsafeMutableRawPointer, _ i: Int = 0) -> Double { Double(bitPattern: u64(p, i)) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: UInt32) { p.storeBytes(of: v, as: UInt32.self) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: UInt64) { p.storeBytes(of: v, as: UInt64.self) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: Bool) { p.storeBytes(of: v ? 1 : 0, as: UInt32.self) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: Float) { p.storeBytes(of: v.bitPattern, as: UInt32.self) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: Double) { p.storeBytes(of: v.bitPattern, as: UInt64.self) }

    @inline(__always)
    static func execute(_ op: UInt16, _ p: UnsafeMutableRawPointer) throws(Trap) {
        switch op {
        case 0x45: set(p, u32(p) == 0)                                  // i32.eqz
        case 0x46: set(p, u32(p) == u32(p, 1))                          // i32.eq
        case 0x47: set(p, u32(p) != u32(p, 1))                          // i32.ne
        case 0x48: set(p, Int32(bitPattern: u32(p)) < Int32(bitPattern: u32(p, 1)))   // i32.lt_s
        case 0x49: set(p, u32(p) < u32(p, 1))                           // i32.lt_u
        case 0x4A: set(p, Int32(bitPattern: u32(p)) > Int32(bitPattern: u32(p, 1)))   // i32.gt_s
        case 0x4B: set(p, u32(p) > u32(p, 1))                           // i32.gt_u
        case 0x4C: set(p, Int32(bitPattern: u32(p)) <= Int32(bitPattern: u32(p, 1)))  // i32.le_s
        case 0x4D: set(p, u32(p) <= u32(p, 1))                          // i32.le_u
        case 0x4E: set(p, Int32(bitPattern: u32(p)) >= Int32(bitPattern: u32(p, 1)))  // i32.ge_s
        case 0x4F: set(p, u32(p) >= u32(p, 1))                          // i32.ge_u
        case 0x50: set(p, u64(p) == 0)                                  // i64.eqz
        case 0x51: set(p, u64(p) == u64(p, 1))                          // i64.eq
        case 0x52: set(p, u64(p) != u64(p, 1))                          // i64.ne
        case 0x53: set(p, Int64(bitPattern: u64(p)) < Int64(bitPattern: u64(p, 1)))   // i64.lt_s
        case 0x54: set(p, u64(p) < u64(p, 1))                           // i64.lt_u
        case 0x55: set(p, Int64(bitPattern: u64(p)) > Int64(bitPattern: u64(p, 1)))   // i64.gt_s
        case 0x56: set(p, u64(p) > u64(p, 1))                           // i64.gt_u
        case 0x57: set(p, Int64(bitPattern: u64(p)) <= Int64(bitPattern: u64(p, 1)))  // i64.le_s
        case 0x58: set(p, u64(p) <= u64(p, 1))                          // i64.le_u
        case 0x59: set(p, Int64(bitPattern: u64(p)) >= Int64(bitPattern: u64(p, 1)))  // i64.ge_s
        case 0x5A: set(p, u64(p) >= u64(p, 1))                          // i64.ge_u
        case 0x5B: set(p, f32(p) == f32(p, 1))                          // f32.eq
        case 0x5C: set(p, f32(p) != f32(p, 1))                          // f32.ne
        case 0x5D: set(p, f32(p) < f32(p, 1))                           // f32.lt
        case 0x5E: set(p, f32(p) > f32(p, 1))                           // f32.gt
        case 0x5F: set(p, f32(p) <= f32(p, 1))                          // f32.le
        case 0x60: set(p, f32(p) >= f32(p, 1))                          // f32.ge
        case 0x61: set(p, f64(p) == f64(p, 1))                          // f64.eq
        case 0x62: set(p, f64(p) != f64(p, 1))                          // f64.ne
        case 0x63: set(p, f64(p) < f64(p, 1))                           // f64.lt
        case 0x64: set(p, f64(p) > f64(p, 1))                           // f64.gt
        case 0x65: set(p, f64(p) <= f64(p, 1))                          // f64.le
        case 0x66: set(p, f64(p) >= f64(p, 1))                          // f64.ge
        case 0x67: set(p, UInt32(u32(p).leadingZeroBitCount))          // i32.clz
        case 0x68: set(p, UInt32(u32(p).trailingZeroBitCount))         // i32.ctz
        case 0x69: set(p, UInt32(u32(p).nonzeroBitCount))              // i32.popcnt
        case 0x6A: set(p, u32(p) &+ u32(p, 1))                          // i32.add
        case 0x6B: set(p, u32(p) &- u32(p, 1))                          // i32.sub
        case 0x6C: set(p, u32(p) &* u32(p, 1))                          // i32.mul
        case 0x6D:                                                      // i32.div_s
            let a = Int32(bitPattern: u32(p)), b = Int32(bitPattern: u32(p, 1))
            if b == 0 { throw Trap(.integerDivideByZero) }
            if a == .min && b == -1 { throw Trap(.integerOverflow) }
            set(p, UInt32(bitPattern: a / b))
        case 0x6E:                                                      // i32.div_u
            let b = u32(p, 1)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(p, u32(p) / b)
        case 0x6F:                                                      // i32.rem_s
            let a = Int32(bitPattern: u32(p)), b = Int32(bitPattern: u32(p, 1))
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(p, b == -1 ? UInt32(0) : UInt32(bitPattern: a % b))
        case 0x70:                                                      // i32.rem_u
            let b = u32(p, 1)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(p, u32(p) % b)
        case 0x71: set(p, u32(p) & u32(p, 1))                           // i32.and
        case 0x72: set(p, u32(p) | u32(p, 1))                           // i32.or
        case 0x73: set(p, u32(p) ^ u32(p, 1))                           // i32.xor
        case 0x74: set(p, u32(p) &<< u32(p, 1))                         // i32.shl
        case 0x75: set(p, UInt32(bitPattern: Int32(bitPattern: u32(p)) &>> Int32(bitPattern: u32(p, 1))))  // i32.shr_s
        case 0x76: set(p, u32(p) &>> u32(p, 1))                         // i32.shr_u
        case 0x77: set(p, rotl(u32(p), u32(p, 1)))                      // i32.rotl
        case 0x78: set(p, rotl(u32(p), 32 &- (u32(p, 1) & 31)))         // i32.rotr
        case 0x79: set(p, UInt64(u64(p).leadingZeroBitCount))          // i64.clz
        case 0x7A: set(p, UInt64(u64(p).trailingZeroBitCount))         // i64.ctz
        case 0x7B: set(p, UInt64(u64(p).nonzeroBitCount))              // i64.popcnt
        case 0x7C: set(p, u64(p) &+ u64(p, 1))                          // i64.add
        case 0x7D: set(p, u64(p) &- u64(p, 1))                          // i64.sub
        case 0x7E: set(p, u64(p) &* u64(p, 1))                          // i64.mul
        case 0x7F:                                                      // i64.div_s
            let a = Int64(bitPattern: u64(p)), b = Int64(bitPattern: u64(p, 1))
            if b == 0 { throw Trap(.integerDivideByZero) }
            if a == .min && b == -1 { throw Trap(.integerOverflow) }
            set(p, UInt64(bitPattern: a / b))
        case 0x80:                                                      // i64.div_u
            let b = u64(p, 1)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(p, u64(p) / b)
        case 0x81:                                                      // i64.rem_s
            let a = Int64(bitPattern: u64(p)), b = Int64(bitPattern: u64(p, 1))
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(p, b == -1 ? UInt64(0) : UInt64(bitPattern: a % b))
        case 0x82:                                                      // i64.rem_u
            let b = u64(p, 1)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(p, u64(p) % b)
        case 0x83: set(p, u64(p) & u64(p, 1))                           // i64.and
        case 0x84: set(p, u64(p) | u64(p, 1))                           // i64.or
        case 0x85: set(p, u64(p) ^ u64(p, 1))                           // i64.xor
        case 0x86: set(p, u64(p) &<< u64(p, 1))                         // i64.shl
        case 0x87: set(p, UInt64(bitPattern: Int64(bitPattern: u64(p)) &>> Int64(bitPattern: u64(p, 1))))  // i64.shr_s
        case 0x88: set(p, u64(p) &>> u64(p, 1))                         // i64.shr_u
        case 0x89: set(p, rotl(u64(p), u64(p, 1)))                      // i64.rotl
        case 0x8A: set(p, rotl(u64(p), 64 &- (u64(p, 1) & 63)))         // i64.rotr
        case 0x8B: set(p, u32(p) & 0x7FFF_FFFF)                         // f32.abs
        case 0x8C: set(p, u32(p) ^ 0x8000_0000)                         // f32.neg
        case 0x8D: set(p, f32(p).rounded(.up))                          // f32.ceil
        case 0x8E: set(p, f32(p).rounded(.down))                        // f32.floor
        case 0x8F: set(p, f32(p).rounded(.towardZero))                  // f32.trunc
        case 0x90: set(p, f32(p).rounded(.toNearestOrEven))             // f32.nearest
        case 0x91: set(p, f32(p).squareRoot())                          // f32.sqrt
        case 0x92: set(p, f32(p) + f32(p, 1))                           // f32.add
        case 0x93: set(p, f32(p) - f32(p, 1))                           // f32.sub
        case 0x94: set(p, f32(p) * f32(p, 1))                           // f32.mul
        case 0x95: set(p, f32(p) / f32(p, 1))                           // f32.div
        case 0x96: set(p, fmin(f32(p), f32(p, 1)))                      // f32.min
        case 0x97: set(p, fmax(f32(p), f32(p, 1)))                      // f32.max
        case 0x98: set(p, (u32(p) & 0x7FFF_FFFF) | (u32(p, 1) & 0x8000_0000))  // f32.copysign
        case 0x99: set(p, u64(p) & 0x7FFF_FFFF_FFFF_FFFF)               // f64.abs
        case 0x9A: set(p, u64(p) ^ 0x8000_0000_0000_0000)               // f64.neg
        case 0x9B: set(p, f64(p).rounded(.up))                          // f64.ceil
        case 0x9C: set(p, f64(p).rounded(.down))                        // f64.floor
        case 0x9D: set(p, f64(p).rounded(.towardZero))                  // f64.trunc
        case 0x9E: set(p, f64(p).rounded(.toNearestOrEven))             // f64.nearest
        case 0x9F: set(p, f64(p).squareRoot())                          // f64.sqrt
        case 0xA0: set(p, f64(p) + f64(p, 1))                           // f64.add
        case 0xA1: set(p, f64(p) - f64(p, 1))                           // f64.sub
        case 0xA2: set(p, f64(p) * f64(p, 1))                           // f64.mul
        case 0xA3: set(p, f64(p) / f64(p, 1))                           // f64.div
        case 0xA4: set(p, fmin(f64(p), f64(p, 1)))                      // f64.min
        case 0xA5: set(p, fmax(f64(p), f64(p, 1)))                      // f64.max
        case 0xA6: set(p, (u64(p) & 0x7FFF_FFFF_FFFF_FFFF) | (u64(p, 1) & 0x8000_0000_0000_0000))  // f64.copysign
        case 0xA7: set(p, u32(p))                                       // i32.wrap_i64
        case 0xA8: set(p, UInt32(bitPattern: Int32(try truncate(Double(f32(p)), min: -2147483649.0, max: 2147483648.0))))  // i32.trunc_f32_s
        case 0xA9: set(p, UInt32(try truncate(Double(f32(p)), min: -1, max: 4294967296.0)))                             // i32.trunc_f32_u
        case 0xAA: set(p, UInt32(bitPattern: Int32(try truncate(f64(p), min: -2147483649.0, max: 2147483648.0))))  // i32.trunc_f64_s
        case 0xAB: set(p, UInt32(try truncate(f64(p), min: -1, max: 4294967296.0)))                               // i32.trunc_f64_u
        case 0xAC: set(p, UInt64(bitPattern: Int64(Int32(bitPattern: u32(p)))))  // i64.extend_i32_s
        case 0xAD: set(p, UInt64(u32(p)))                               // i64.extend_i32_u
        case 0xAE: set(p, UInt64(bitPattern: try truncateS64(Double(f32(p)))))  // i64.trunc_f32_s
        case 0xAF: set(p, try truncateU64(Double(f32(p))))               // i64.trunc_f32_u
        case 0xB0: set(p, UInt64(bitPattern: try truncateS64(f64(p))))  // i64.trunc_f64_s
        case 0xB1: set(p, try truncateU64(f64(p)))                      // i64.trunc_f64_u
        case 0xB2: set(p, Float(Int32(bitPattern: u32(p))))             // f32.convert_i32_s
        case 0xB3: set(p, Float(u32(p)))                                // f32.convert_i32_u
        case 0xB4: set(p, Float(Int64(bitPattern: u64(p))))             // f32.convert_i64_s
        case 0xB5: set(p, Float(u64(p)))                                // f32.convert_i64_u
        case 0xB6: set(p, Float(f64(p)))                                // f32.demote_f64
        case 0xB7: set(p, Double(Int32(bitPattern: u32(p))))            // f64.convert_i32_s
        case 0xB8: set(p, Double(u32(p)))                               // f64.convert_i32_u
        case 0xB9: set(p, Double(Int64(bitPattern: u64(p))))            // f64.convert_i64_s
        case 0xBA: set(p, Double(u64(p)))                               // f64.convert_i64_u
        case 0xBB: set(p, Double(f32(p)))                               // f64.promote_f32
        case 0xBC, 0xBE: set(p, u32(p))                                 // reinterpret 32
        case 0xBD, 0xBF: set(p, u64(p))                                 // reinterpret 64
        case 0xC0: set(p, UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: u32(p)))))    // i32.extend8_s
        case 0xC1: set(p, UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: u32(p)))))   // i32.extend16_s
        case 0xC2: set(p, UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: u64(p)))))    // i64.extend8_s
        case 0xC3: set(p, UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: u64(p)))))   // i64.extend16_s
        case 0xC4: set(p, UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: u64(p)))))   // i64.extend32_s
        case 0x100: set(p, UInt32(bitPattern: saturateS32(Double(f32(p)))))  // i32.trunc_sat_f32_s
        case 0x101: set(p, saturateU32(Double(f32(p))))                      // i32.trunc_sat_f32_u
        case 0x102: set(p, UInt32(bitPattern: saturateS32(f64(p))))          // i32.trunc_sat_f64_s
        case 0x103: set(p, saturateU32(f64(p)))                              // i32.trunc_sat_f64_u
        case 0x104: set(p, UInt64(bitPattern: saturateS64(Double(f32(p)))))  // i64.trunc_sat_f32_s
        case 0x105: set(p, saturateU64(Double(f32(p))))                      // i64.trunc_sat_f32_u
        case 0x106: set(p, UInt64(bitPattern: saturateS64(f64(p))))          // i64.trunc_sat_f64_s
        case 0x107: set(p, saturateU64(f64(p)))                              // i64.trunc_sat_f64_u
        default: break
        }
    }

    @inline(__always) static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 {
        let k = n & 31
        return k == 0 ? x : (x << k) | (x >> (32 - k))
    }

    @inline(__always) static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 {
        let k = n & 63
        return k == 0 ? x : (x << k) | (x >> (64 - k))
    }

    /// WebAssembly min: NaN if either is NaN, and -0 below +0.
    @inline(__always) static func fmin<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return a + b }
        if a == b { return a.sign == .minus ? a : b }
        return a < b ? a : b
    }

    /// WebAssembly max: NaN if either is NaN, and +0 above -0.
    @inline(__always) static func fmax<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return a + b }
        if a == b { return a.sign == .minus ? b : a }
        return a > b ? a : b
    }

    /// Truncates toward zero; traps unless min < x < max (exclusive bounds).
    @inline(__always) static func truncate(_ x: Double, min: Double, max: Double) throws(Trap) -> Int64 {
        if x.isNaN { throw Trap(.invalidConversion) }
        guard x > min, x < max else { throw Trap(.integerOverflow) }
        return Int64(x.rounded(.towardZero))
    }

    @inline(__always) static func truncateS64(_ x: Double) throws(Trap) -> Int64 {
        if x.isNaN { throw Trap(.invalidConversion) }
        guard x >= -9223372036854775808.0, x < 9223372036854775808.0 else { throw Trap(.integerOverflow) }
        return Int64(x)
    }

    @inline(__always) static func truncateU64(_ x: Double) throws(Trap) -> UInt64 {
        if x.isNaN { throw Trap(.invalidConversion) }
        guard x > -1, x < 18446744073709551616.0 else { throw Trap(.integerOverflow) }
        return UInt64(x)
    }

    @inline(__always) static func saturateS32(_ x: Double) -> Int32 {
        if x.isNaN { return 0 }
        if x <= -2147483648.0 { return .min }
        if x >= 2147483647.0 { return .max }
        return Int32(x)
    }

    @inline(__always) static func saturateU32(_ x: Double) -> UInt32 {
        if x.isNaN || x <= 0 { return 0 }
        if x >= 4294967295.0 { return .max }
        return UInt32(x)
    }

    @inline(__always) static func saturateS64(_ x: Double) -> Int64 {
        if x.isNaN { return 0 }
        if x <= -9223372036854775808.0 { return .min }
        if x >= 9223372036854775808.0 { return .max }
        return Int64(x)
    }

    @inline(__always) static func saturateU64(_ x: Double) -> UInt64 {
        if x.isNaN || x <= 0 { return 0 }
        if x >= 18446744073709551616.0 { return .max }
        return UInt64(x)
    }
}
