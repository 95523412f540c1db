/// Floating-point lane instructions (f32x4, f64x2), conversions between
/// float and integer lanes, and the relaxed float ones.
///
/// NaN results come from the host's arithmetic (a quiet NaN, canonical when
/// produced from non-NaN operands), as for the scalar instructions; `abs`,
/// `neg`, `pmin` and `pmax` work on the bits and never change a NaN.
extension SIMDExecutor {
    typealias F32 = SIMD4<Float>
    typealias F64 = SIMD2<Double>

    @inline(__always)
    static func float(_ op: UInt16, _ p: P) {
        switch op {
        // MARK: Comparisons
        case 0x241: binary(p, F32.self) { lanes($0 .== $1) }                        // f32x4.eq
        case 0x242: binary(p, F32.self) { lanes($0 .!= $1) }                        // f32x4.ne
        case 0x243: binary(p, F32.self) { lanes($0 .< $1) }                         // f32x4.lt
        case 0x244: binary(p, F32.self) { lanes($0 .> $1) }                         // f32x4.gt
        case 0x245: binary(p, F32.self) { lanes($0 .<= $1) }                        // f32x4.le
        case 0x246: binary(p, F32.self) { lanes($0 .>= $1) }                        // f32x4.ge
        case 0x247: binary(p, F64.self) { lanes($0 .== $1) }                        // f64x2.eq
        case 0x248: binary(p, F64.self) { lanes($0 .!= $1) }                        // f64x2.ne
        case 0x249: binary(p, F64.self) { lanes($0 .< $1) }                         // f64x2.lt
        case 0x24A: binary(p, F64.self) { lanes($0 .> $1) }                         // f64x2.gt
        case 0x24B: binary(p, F64.self) { lanes($0 .<= $1) }                        // f64x2.le
        case 0x24C: binary(p, F64.self) { lanes($0 .>= $1) }                        // f64x2.ge

        // MARK: Bits
        case 0x2E0: unary(p, U32.self) { $0 & 0x7FFF_FFFF }                         // f32x4.abs
        case 0x2E1: unary(p, U32.self) { $0 ^ 0x8000_0000 }                         // f32x4.neg
        case 0x2EC: unary(p, U64.self) { $0 & 0x7FFF_FFFF_FFFF_FFFF }               // f64x2.abs
        case 0x2ED: unary(p, U64.self) { $0 ^ 0x8000_0000_0000_0000 }               // f64x2.neg

        // MARK: Arithmetic
        case 0x2E3: unary(p, F32.self) { $0.squareRoot() }                          // f32x4.sqrt
        case 0x2E4: binary(p, F32.self) { $0 + $1 }                                 // f32x4.add
        case 0x2E5: binary(p, F32.self) { $0 - $1 }                                 // f32x4.sub
        case 0x2E6: binary(p, F32.self) { $0 * $1 }                                 // f32x4.mul
        case 0x2E7: binary(p, F32.self) { $0 / $1 }                                 // f32x4.div
        case 0x2EF: unary(p, F64.self) { $0.squareRoot() }                          // f64x2.sqrt
        case 0x2F0: binary(p, F64.self) { $0 + $1 }                                 // f64x2.add
        case 0x2F1: binary(p, F64.self) { $0 - $1 }                                 // f64x2.sub
        case 0x2F2: binary(p, F64.self) { $0 * $1 }                                 // f64x2.mul
        case 0x2F3: binary(p, F64.self) { $0 / $1 }                                 // f64x2.div
        case 0x305: ternary(p, F32.self) { $0 * $1 + $2 }                           // f32x4.relaxed_madd
        case 0x306: ternary(p, F32.self) { $2 - $0 * $1 }                        // f32x4.relaxed_nmadd
        case 0x307: ternary(p, F64.self) { $0 * $1 + $2 }                           // f64x2.relaxed_madd
        case 0x308: ternary(p, F64.self) { $2 - $0 * $1 }                        // f64x2.relaxed_nmadd

        // MARK: min, max
        case 0x2E8, 0x30D: lanewise(p, F32.self) { Numeric.fmin($0, $1) }           // f32x4.min, relaxed_min
        case 0x2E9, 0x30E: lanewise(p, F32.self) { Numeric.fmax($0, $1) }           // f32x4.max, relaxed_max
        case 0x2F4, 0x30F: lanewise(p, F64.self) { Numeric.fmin($0, $1) }           // f64x2.min, relaxed_min
        case 0x2F5, 0x310: lanewise(p, F64.self) { Numeric.fmax($0, $1) }           // f64x2.max, relaxed_max
        case 0x2EA: binary(p, F32.self) { a, b in a.replacing(with: b, where: b .< a) }   // f32x4.pmin
        case 0x2EB: binary(p, F32.self) { a, b in a.replacing(with: b, where: a .< b) }   // f32x4.pmax
        case 0x2F6: binary(p, F64.self) { a, b in a.replacing(with: b, where: b .< a) }   // f64x2.pmin
        case 0x2F7: binary(p, F64.self) { a, b in a.replacing(with: b, where: a .< b) }   // f64x2.pmax

        // MARK: Rounding
        case 0x267: unary(p, F32.self) { $0.rounded(.up) }                          // f32x4.ceil
        case 0x268: unary(p, F32.self) { $0.rounded(.down) }                        // f32x4.floor
        case 0x269: unary(p, F32.self) { $0.rounded(.towardZero) }                  // f32x4.trunc
        case 0x26A: unary(p, F32.self) { $0.rounded(.toNearestOrEven) }             // f32x4.nearest
        case 0x274: unary(p, F64.self) { $0.rounded(.up) }                          // f64x2.ceil
        case 0x275: unary(p, F64.self) { $0.rounded(.down) }                        // f64x2.floor
        case 0x27A: unary(p, F64.self) { $0.rounded(.towardZero) }                  // f64x2.trunc
        case 0x294: unary(p, F64.self) { $0.rounded(.toNearestOrEven) }             // f64x2.nearest

        // MARK: Conversions
        case 0x25E:                                                                 // f32x4.demote_f64x2_zero
            let v = load(p, 0, F64.self)
            store(p, F32(Float(v[0]), Float(v[1]), 0, 0))
        case 0x25F:                                                                 // f64x2.promote_low_f32x4
            let v = load(p, 0, F32.self)
            store(p, F64(Double(v[0]), Double(v[1])))
        case 0x2F8, 0x301:                                                          // i32x4.trunc_sat_f32x4_s, relaxed_trunc
            let v = load(p, 0, F32.self)
            var r = I32()
            for i in 0..<4 { r[i] = Numeric.saturateS32(Double(v[i])) }
            store(p, r)
        case 0x2F9, 0x302:                                                          // i32x4.trunc_sat_f32x4_u, relaxed_trunc
            let v = load(p, 0, F32.self)
            var r = U32()
            for i in 0..<4 { r[i] = Numeric.saturateU32(Double(v[i])) }
            store(p, r)
        case 0x2FA:                                                                 // f32x4.convert_i32x4_s
            let v = load(p, 0, I32.self)
            store(p, F32(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3])))
        case 0x2FB:                                                                 // f32x4.convert_i32x4_u
            let v = load(p, 0, U32.self)
            store(p, F32(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3])))
        case 0x2FC, 0x303:                                                          // i32x4.trunc_sat_f64x2_s_zero, relaxed
            let v = load(p, 0, F64.self)
            store(p, I32(Numeric.saturateS32(v[0]), Numeric.saturateS32(v[1]), 0, 0))
        case 0x2FD, 0x304:                                                          // i32x4.trunc_sat_f64x2_u_zero, relaxed
            let v = load(p, 0, F64.self)
            store(p, U32(Numeric.saturateU32(v[0]), Numeric.saturateU32(v[1]), 0, 0))
        case 0x2FE:                                                                 // f64x2.convert_low_i32x4_s
            let v = load(p, 0, I32.self)
            store(p, F64(Double(v[0]), Double(v[1])))
        case 0x2FF:                                                                 // f64x2.convert_low_i32x4_u
            let v = load(p, 0, U32.self)
            store(p, F64(Double(v[0]), Double(v[1])))
        default: break
        }
    }

    @inline(__always) static func ternary<V: SIMD>(_ p: P, _: V.Type, _ f: (V, V, V) -> V) {
        store(p, f(load(p, 0, V.self), load(p, 1, V.self), load(p, 2, V.self)))
    }

    /// Applies a scalar function lane by lane.
    @inline(__always) static func lanewise<V: SIMD>(_ p: P, _: V.Type, _ f: (V.Scalar, V.Scalar) -> V.Scalar) {
        let a = load(p, 0, V.self), b = load(p, 1, V.self)
        var r = V()
        for i in 0..<V.scalarCount { r[i] = f(a[i], b[i]) }
        store(p, r)
    }
}
