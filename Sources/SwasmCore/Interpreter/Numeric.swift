/// Scalar numeric instructions on 16-byte slots.
enum Numeric {
    @inline(__always) static func u32(_ p: UnsafeMutableRawPointer) -> UInt32 { p.slot(UInt32.self) }
    @inline(__always) static func u64(_ p: UnsafeMutableRawPointer) -> UInt64 { p.slot(UInt64.self) }
    @inline(__always) static func f32(_ p: UnsafeMutableRawPointer) -> Float { Float(bitPattern: u32(p)) }
    @inline(__always) static func f64(_ p: UnsafeMutableRawPointer) -> Double { Double(bitPattern: u64(p)) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: UInt32) { p.setSlot(UInt32.self, v) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: UInt64) { p.setSlot(UInt64.self, v) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: Bool) { p.setSlot(UInt32.self, v ? 1 : 0) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: Float) { p.setSlot(UInt32.self, v.bitPattern) }
    @inline(__always) static func set(_ p: UnsafeMutableRawPointer, _ v: Double) { p.setSlot(UInt64.self, v.bitPattern) }

    /// Executes `op` on operands `x` and `y` (unary instructions read only
    /// `x`) and writes the result to `d`, which may alias either operand.
    @_transparent
    static func execute(_ op: UInt16, _ d: UnsafeMutableRawPointer, _ x: UnsafeMutableRawPointer, _ y: UnsafeMutableRawPointer) throws(Trap) {
        switch op {
        case 0x45: set(d, u32(x) == 0)                                  // i32.eqz
        case 0x46: set(d, u32(x) == u32(y))                          // i32.eq
        case 0x47: set(d, u32(x) != u32(y))                          // i32.ne
        case 0x48: set(d, Int32(bitPattern: u32(x)) < Int32(bitPattern: u32(y)))   // i32.lt_s
        case 0x49: set(d, u32(x) < u32(y))                           // i32.lt_u
        case 0x4A: set(d, Int32(bitPattern: u32(x)) > Int32(bitPattern: u32(y)))   // i32.gt_s
        case 0x4B: set(d, u32(x) > u32(y))                           // i32.gt_u
        case 0x4C: set(d, Int32(bitPattern: u32(x)) <= Int32(bitPattern: u32(y)))  // i32.le_s
        case 0x4D: set(d, u32(x) <= u32(y))                          // i32.le_u
        case 0x4E: set(d, Int32(bitPattern: u32(x)) >= Int32(bitPattern: u32(y)))  // i32.ge_s
        case 0x4F: set(d, u32(x) >= u32(y))                          // i32.ge_u
        case 0x50: set(d, u64(x) == 0)                                  // i64.eqz
        case 0x51: set(d, u64(x) == u64(y))                          // i64.eq
        case 0x52: set(d, u64(x) != u64(y))                          // i64.ne
        case 0x53: set(d, Int64(bitPattern: u64(x)) < Int64(bitPattern: u64(y)))   // i64.lt_s
        case 0x54: set(d, u64(x) < u64(y))                           // i64.lt_u
        case 0x55: set(d, Int64(bitPattern: u64(x)) > Int64(bitPattern: u64(y)))   // i64.gt_s
        case 0x56: set(d, u64(x) > u64(y))                           // i64.gt_u
        case 0x57: set(d, Int64(bitPattern: u64(x)) <= Int64(bitPattern: u64(y)))  // i64.le_s
        case 0x58: set(d, u64(x) <= u64(y))                          // i64.le_u
        case 0x59: set(d, Int64(bitPattern: u64(x)) >= Int64(bitPattern: u64(y)))  // i64.ge_s
        case 0x5A: set(d, u64(x) >= u64(y))                          // i64.ge_u
        case 0x5B: set(d, f32(x) == f32(y))                          // f32.eq
        case 0x5C: set(d, f32(x) != f32(y))                          // f32.ne
        case 0x5D: set(d, f32(x) < f32(y))                           // f32.lt
        case 0x5E: set(d, f32(x) > f32(y))                           // f32.gt
        case 0x5F: set(d, f32(x) <= f32(y))                          // f32.le
        case 0x60: set(d, f32(x) >= f32(y))                          // f32.ge
        case 0x61: set(d, f64(x) == f64(y))                          // f64.eq
        case 0x62: set(d, f64(x) != f64(y))                          // f64.ne
        case 0x63: set(d, f64(x) < f64(y))                           // f64.lt
        case 0x64: set(d, f64(x) > f64(y))                           // f64.gt
        case 0x65: set(d, f64(x) <= f64(y))                          // f64.le
        case 0x66: set(d, f64(x) >= f64(y))                          // f64.ge
        case 0x67: set(d, UInt32(u32(x).leadingZeroBitCount))          // i32.clz
        case 0x68: set(d, UInt32(u32(x).trailingZeroBitCount))         // i32.ctz
        case 0x69: set(d, UInt32(u32(x).nonzeroBitCount))              // i32.popcnt
        case 0x6A: set(d, u32(x) &+ u32(y))                          // i32.add
        case 0x6B: set(d, u32(x) &- u32(y))                          // i32.sub
        case 0x6C: set(d, u32(x) &* u32(y))                          // i32.mul
        case 0x6D:                                                      // i32.div_s
            let a = Int32(bitPattern: u32(x)), b = Int32(bitPattern: u32(y))
            if b == 0 { throw Trap(.integerDivideByZero) }
            if a == .min && b == -1 { throw Trap(.integerOverflow) }
            set(d, UInt32(bitPattern: a / b))
        case 0x6E:                                                      // i32.div_u
            let b = u32(y)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(d, u32(x) / b)
        case 0x6F:                                                      // i32.rem_s
            let a = Int32(bitPattern: u32(x)), b = Int32(bitPattern: u32(y))
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(d, b == -1 ? UInt32(0) : UInt32(bitPattern: a % b))
        case 0x70:                                                      // i32.rem_u
            let b = u32(y)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(d, u32(x) % b)
        case 0x71: set(d, u32(x) & u32(y))                           // i32.and
        case 0x72: set(d, u32(x) | u32(y))                           // i32.or
        case 0x73: set(d, u32(x) ^ u32(y))                           // i32.xor
        case 0x74: set(d, u32(x) &<< u32(y))                         // i32.shl
        case 0x75: set(d, UInt32(bitPattern: Int32(bitPattern: u32(x)) &>> Int32(bitPattern: u32(y))))  // i32.shr_s
        case 0x76: set(d, u32(x) &>> u32(y))                         // i32.shr_u
        case 0x77: set(d, rotl(u32(x), u32(y)))                      // i32.rotl
        case 0x78: set(d, rotl(u32(x), 32 &- (u32(y) & 31)))         // i32.rotr
        case 0x79: set(d, UInt64(u64(x).leadingZeroBitCount))          // i64.clz
        case 0x7A: set(d, UInt64(u64(x).trailingZeroBitCount))         // i64.ctz
        case 0x7B: set(d, UInt64(u64(x).nonzeroBitCount))              // i64.popcnt
        case 0x7C: set(d, u64(x) &+ u64(y))                          // i64.add
        case 0x7D: set(d, u64(x) &- u64(y))                          // i64.sub
        case 0x7E: set(d, u64(x) &* u64(y))                          // i64.mul
        case 0x7F:                                                      // i64.div_s
            let a = Int64(bitPattern: u64(x)), b = Int64(bitPattern: u64(y))
            if b == 0 { throw Trap(.integerDivideByZero) }
            if a == .min && b == -1 { throw Trap(.integerOverflow) }
            set(d, UInt64(bitPattern: a / b))
        case 0x80:                                                      // i64.div_u
            let b = u64(y)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(d, u64(x) / b)
        case 0x81:                                                      // i64.rem_s
            let a = Int64(bitPattern: u64(x)), b = Int64(bitPattern: u64(y))
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(d, b == -1 ? UInt64(0) : UInt64(bitPattern: a % b))
        case 0x82:                                                      // i64.rem_u
            let b = u64(y)
            if b == 0 { throw Trap(.integerDivideByZero) }
            set(d, u64(x) % b)
        case 0x83: set(d, u64(x) & u64(y))                           // i64.and
        case 0x84: set(d, u64(x) | u64(y))                           // i64.or
        case 0x85: set(d, u64(x) ^ u64(y))                           // i64.xor
        case 0x86: set(d, u64(x) &<< u64(y))                         // i64.shl
        case 0x87: set(d, UInt64(bitPattern: Int64(bitPattern: u64(x)) &>> Int64(bitPattern: u64(y))))  // i64.shr_s
        case 0x88: set(d, u64(x) &>> u64(y))                         // i64.shr_u
        case 0x89: set(d, rotl(u64(x), u64(y)))                      // i64.rotl
        case 0x8A: set(d, rotl(u64(x), 64 &- (u64(y) & 63)))         // i64.rotr
        case 0x8B: set(d, u32(x) & 0x7FFF_FFFF)                         // f32.abs
        case 0x8C: set(d, u32(x) ^ 0x8000_0000)                         // f32.neg
        case 0x8D: set(d, f32(x).rounded(.up))                          // f32.ceil
        case 0x8E: set(d, f32(x).rounded(.down))                        // f32.floor
        case 0x8F: set(d, f32(x).rounded(.towardZero))                  // f32.trunc
        case 0x90: set(d, f32(x).rounded(.toNearestOrEven))             // f32.nearest
        case 0x91: set(d, f32(x).squareRoot())                          // f32.sqrt
        case 0x92: set(d, f32(x) + f32(y))                           // f32.add
        case 0x93: set(d, f32(x) - f32(y))                           // f32.sub
        case 0x94: set(d, f32(x) * f32(y))                           // f32.mul
        case 0x95: set(d, f32(x) / f32(y))                           // f32.div
        case 0x96: set(d, fmin(f32(x), f32(y)))                      // f32.min
        case 0x97: set(d, fmax(f32(x), f32(y)))                      // f32.max
        case 0x98: set(d, (u32(x) & 0x7FFF_FFFF) | (u32(y) & 0x8000_0000))  // f32.copysign
        case 0x99: set(d, u64(x) & 0x7FFF_FFFF_FFFF_FFFF)               // f64.abs
        case 0x9A: set(d, u64(x) ^ 0x8000_0000_0000_0000)               // f64.neg
        case 0x9B: set(d, f64(x).rounded(.up))                          // f64.ceil
        case 0x9C: set(d, f64(x).rounded(.down))                        // f64.floor
        case 0x9D: set(d, f64(x).rounded(.towardZero))                  // f64.trunc
        case 0x9E: set(d, f64(x).rounded(.toNearestOrEven))             // f64.nearest
        case 0x9F: set(d, f64(x).squareRoot())                          // f64.sqrt
        case 0xA0: set(d, f64(x) + f64(y))                           // f64.add
        case 0xA1: set(d, f64(x) - f64(y))                           // f64.sub
        case 0xA2: set(d, f64(x) * f64(y))                           // f64.mul
        case 0xA3: set(d, f64(x) / f64(y))                           // f64.div
        case 0xA4: set(d, fmin(f64(x), f64(y)))                      // f64.min
        case 0xA5: set(d, fmax(f64(x), f64(y)))                      // f64.max
        case 0xA6: set(d, (u64(x) & 0x7FFF_FFFF_FFFF_FFFF) | (u64(y) & 0x8000_0000_0000_0000))  // f64.copysign
        case 0xA7: set(d, u32(x))                                       // i32.wrap_i64
        case 0xA8: set(d, UInt32(bitPattern: Int32(try truncate(Double(f32(x)), min: -2147483649.0, max: 2147483648.0))))  // i32.trunc_f32_s
        case 0xA9: set(d, UInt32(try truncate(Double(f32(x)), min: -1, max: 4294967296.0)))                             // i32.trunc_f32_u
        case 0xAA: set(d, UInt32(bitPattern: Int32(try truncate(f64(x), min: -2147483649.0, max: 2147483648.0))))  // i32.trunc_f64_s
        case 0xAB: set(d, UInt32(try truncate(f64(x), min: -1, max: 4294967296.0)))                               // i32.trunc_f64_u
        case 0xAC: set(d, UInt64(bitPattern: Int64(Int32(bitPattern: u32(x)))))  // i64.extend_i32_s
        case 0xAD: set(d, UInt64(u32(x)))                               // i64.extend_i32_u
        case 0xAE: set(d, UInt64(bitPattern: try truncateS64(Double(f32(x)))))  // i64.trunc_f32_s
        case 0xAF: set(d, try truncateU64(Double(f32(x))))               // i64.trunc_f32_u
        case 0xB0: set(d, UInt64(bitPattern: try truncateS64(f64(x))))  // i64.trunc_f64_s
        case 0xB1: set(d, try truncateU64(f64(x)))                      // i64.trunc_f64_u
        case 0xB2: set(d, Float(Int32(bitPattern: u32(x))))             // f32.convert_i32_s
        case 0xB3: set(d, Float(u32(x)))                                // f32.convert_i32_u
        case 0xB4: set(d, Float(Int64(bitPattern: u64(x))))             // f32.convert_i64_s
        case 0xB5: set(d, Float(u64(x)))                                // f32.convert_i64_u
        case 0xB6: set(d, Float(f64(x)))                                // f32.demote_f64
        case 0xB7: set(d, Double(Int32(bitPattern: u32(x))))            // f64.convert_i32_s
        case 0xB8: set(d, Double(u32(x)))                               // f64.convert_i32_u
        case 0xB9: set(d, Double(Int64(bitPattern: u64(x))))            // f64.convert_i64_s
        case 0xBA: set(d, Double(u64(x)))                               // f64.convert_i64_u
        case 0xBB: set(d, Double(f32(x)))                               // f64.promote_f32
        case 0xBC, 0xBE: set(d, u32(x))                                 // reinterpret 32
        case 0xBD, 0xBF: set(d, u64(x))                                 // reinterpret 64
        case 0xC0: set(d, UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: u32(x)))))    // i32.extend8_s
        case 0xC1: set(d, UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: u32(x)))))   // i32.extend16_s
        case 0xC2: set(d, UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: u64(x)))))    // i64.extend8_s
        case 0xC3: set(d, UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: u64(x)))))   // i64.extend16_s
        case 0xC4: set(d, UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: u64(x)))))   // i64.extend32_s
        case 0x100: set(d, UInt32(bitPattern: saturateS32(Double(f32(x)))))  // i32.trunc_sat_f32_s
        case 0x101: set(d, saturateU32(Double(f32(x))))                      // i32.trunc_sat_f32_u
        case 0x102: set(d, UInt32(bitPattern: saturateS32(f64(x))))          // i32.trunc_sat_f64_s
        case 0x103: set(d, saturateU32(f64(x)))                              // i32.trunc_sat_f64_u
        case 0x104: set(d, UInt64(bitPattern: saturateS64(Double(f32(x)))))  // i64.trunc_sat_f32_s
        case 0x105: set(d, saturateU64(Double(f32(x))))                      // i64.trunc_sat_f32_u
        case 0x106: set(d, UInt64(bitPattern: saturateS64(f64(x))))          // i64.trunc_sat_f64_s
        case 0x107: set(d, saturateU64(f64(x)))                              // i64.trunc_sat_f64_u
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
