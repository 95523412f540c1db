/// Integer lane instructions (i8x16, i16x8, i32x4, i64x2) and the relaxed
/// integer ones.
extension SIMDExecutor {
    typealias I8 = SIMD16<Int8>
    typealias U8 = SIMD16<UInt8>
    typealias I16 = SIMD8<Int16>
    typealias U16 = SIMD8<UInt16>
    typealias I32 = SIMD4<Int32>
    typealias U32 = SIMD4<UInt32>
    typealias I64 = SIMD2<Int64>
    typealias U64 = SIMD2<UInt64>

    @inline(__always)
    static func integer(_ op: UInt16, _ p: P) {
        switch op {
        // MARK: Comparisons
        case 0x223: binary(p, I8.self) { lanes($0 .== $1) }                         // i8x16.eq
        case 0x224: binary(p, I8.self) { lanes($0 .!= $1) }                         // i8x16.ne
        case 0x225: binary(p, I8.self) { lanes($0 .< $1) }                          // i8x16.lt_s
        case 0x226: binary(p, U8.self) { lanes($0 .< $1) }                          // i8x16.lt_u
        case 0x227: binary(p, I8.self) { lanes($0 .> $1) }                          // i8x16.gt_s
        case 0x228: binary(p, U8.self) { lanes($0 .> $1) }                          // i8x16.gt_u
        case 0x229: binary(p, I8.self) { lanes($0 .<= $1) }                         // i8x16.le_s
        case 0x22A: binary(p, U8.self) { lanes($0 .<= $1) }                         // i8x16.le_u
        case 0x22B: binary(p, I8.self) { lanes($0 .>= $1) }                         // i8x16.ge_s
        case 0x22C: binary(p, U8.self) { lanes($0 .>= $1) }                         // i8x16.ge_u
        case 0x22D: binary(p, I16.self) { lanes($0 .== $1) }                        // i16x8.eq
        case 0x22E: binary(p, I16.self) { lanes($0 .!= $1) }                        // i16x8.ne
        case 0x22F: binary(p, I16.self) { lanes($0 .< $1) }                         // i16x8.lt_s
        case 0x230: binary(p, U16.self) { lanes($0 .< $1) }                         // i16x8.lt_u
        case 0x231: binary(p, I16.self) { lanes($0 .> $1) }                         // i16x8.gt_s
        case 0x232: binary(p, U16.self) { lanes($0 .> $1) }                         // i16x8.gt_u
        case 0x233: binary(p, I16.self) { lanes($0 .<= $1) }                        // i16x8.le_s
        case 0x234: binary(p, U16.self) { lanes($0 .<= $1) }                        // i16x8.le_u
        case 0x235: binary(p, I16.self) { lanes($0 .>= $1) }                        // i16x8.ge_s
        case 0x236: binary(p, U16.self) { lanes($0 .>= $1) }                        // i16x8.ge_u
        case 0x237: binary(p, I32.self) { lanes($0 .== $1) }                        // i32x4.eq
        case 0x238: binary(p, I32.self) { lanes($0 .!= $1) }                        // i32x4.ne
        case 0x239: binary(p, I32.self) { lanes($0 .< $1) }                         // i32x4.lt_s
        case 0x23A: binary(p, U32.self) { lanes($0 .< $1) }                         // i32x4.lt_u
        case 0x23B: binary(p, I32.self) { lanes($0 .> $1) }                         // i32x4.gt_s
        case 0x23C: binary(p, U32.self) { lanes($0 .> $1) }                         // i32x4.gt_u
        case 0x23D: binary(p, I32.self) { lanes($0 .<= $1) }                        // i32x4.le_s
        case 0x23E: binary(p, U32.self) { lanes($0 .<= $1) }                        // i32x4.le_u
        case 0x23F: binary(p, I32.self) { lanes($0 .>= $1) }                        // i32x4.ge_s
        case 0x240: binary(p, U32.self) { lanes($0 .>= $1) }                        // i32x4.ge_u
        case 0x2D6: binary(p, I64.self) { lanes($0 .== $1) }                        // i64x2.eq
        case 0x2D7: binary(p, I64.self) { lanes($0 .!= $1) }                        // i64x2.ne
        case 0x2D8: binary(p, I64.self) { lanes($0 .< $1) }                         // i64x2.lt_s
        case 0x2D9: binary(p, I64.self) { lanes($0 .> $1) }                         // i64x2.gt_s
        case 0x2DA: binary(p, I64.self) { lanes($0 .<= $1) }                        // i64x2.le_s
        case 0x2DB: binary(p, I64.self) { lanes($0 .>= $1) }                        // i64x2.ge_s

        // MARK: abs, neg, popcnt, all_true, bitmask
        case 0x260: unary(p, I8.self) { iabs($0) }                                  // i8x16.abs
        case 0x280: unary(p, I16.self) { iabs($0) }                                 // i16x8.abs
        case 0x2A0: unary(p, I32.self) { iabs($0) }                                 // i32x4.abs
        case 0x2C0: unary(p, I64.self) { iabs($0) }                                 // i64x2.abs
        case 0x261: unary(p, I8.self) { 0 &- $0 }                                   // i8x16.neg
        case 0x281: unary(p, I16.self) { 0 &- $0 }                                  // i16x8.neg
        case 0x2A1: unary(p, I32.self) { 0 &- $0 }                                  // i32x4.neg
        case 0x2C1: unary(p, I64.self) { 0 &- $0 }                                  // i64x2.neg
        case 0x262:                                                                 // i8x16.popcnt
            let v = load(p, 0, U8.self)
            var r = U8()
            for i in 0..<16 { r[i] = UInt8(truncatingIfNeeded: v[i].nonzeroBitCount) }
            store(p, r)
        case 0x263: allTrue(p, U8.self)                                             // i8x16.all_true
        case 0x283: allTrue(p, U16.self)                                            // i16x8.all_true
        case 0x2A3: allTrue(p, U32.self)                                            // i32x4.all_true
        case 0x2C3: allTrue(p, U64.self)                                            // i64x2.all_true
        case 0x264: bitmask(p, I8.self)                                             // i8x16.bitmask
        case 0x284: bitmask(p, I16.self)                                            // i16x8.bitmask
        case 0x2A4: bitmask(p, I32.self)                                            // i32x4.bitmask
        case 0x2C4: bitmask(p, I64.self)                                            // i64x2.bitmask

        // MARK: Narrow, extend
        case 0x265: binary(p, I16.self) { narrow($0, $1, I8.self) }                 // i8x16.narrow_i16x8_s
        case 0x266: binary(p, I16.self) { narrow($0, $1, U8.self) }                 // i8x16.narrow_i16x8_u
        case 0x285: binary(p, I32.self) { narrow($0, $1, I16.self) }                // i16x8.narrow_i32x4_s
        case 0x286: binary(p, I32.self) { narrow($0, $1, U16.self) }                // i16x8.narrow_i32x4_u
        case 0x287: unary(p, I8.self) { I16(truncatingIfNeeded: $0.lowHalf) }       // i16x8.extend_low_i8x16_s
        case 0x288: unary(p, I8.self) { I16(truncatingIfNeeded: $0.highHalf) }      // i16x8.extend_high_i8x16_s
        case 0x289: unary(p, U8.self) { U16(truncatingIfNeeded: $0.lowHalf) }       // i16x8.extend_low_i8x16_u
        case 0x28A: unary(p, U8.self) { U16(truncatingIfNeeded: $0.highHalf) }      // i16x8.extend_high_i8x16_u
        case 0x2A7: unary(p, I16.self) { I32(truncatingIfNeeded: $0.lowHalf) }      // i32x4.extend_low_i16x8_s
        case 0x2A8: unary(p, I16.self) { I32(truncatingIfNeeded: $0.highHalf) }     // i32x4.extend_high_i16x8_s
        case 0x2A9: unary(p, U16.self) { U32(truncatingIfNeeded: $0.lowHalf) }      // i32x4.extend_low_i16x8_u
        case 0x2AA: unary(p, U16.self) { U32(truncatingIfNeeded: $0.highHalf) }     // i32x4.extend_high_i16x8_u
        case 0x2C7: unary(p, I32.self) { I64(truncatingIfNeeded: $0.lowHalf) }      // i64x2.extend_low_i32x4_s
        case 0x2C8: unary(p, I32.self) { I64(truncatingIfNeeded: $0.highHalf) }     // i64x2.extend_high_i32x4_s
        case 0x2C9: unary(p, U32.self) { U64(truncatingIfNeeded: $0.lowHalf) }      // i64x2.extend_low_i32x4_u
        case 0x2CA: unary(p, U32.self) { U64(truncatingIfNeeded: $0.highHalf) }     // i64x2.extend_high_i32x4_u

        // MARK: Shifts (the count is taken modulo the lane width)
        case 0x26B: shift(p, U8.self) { $0 &<< $1 }                                 // i8x16.shl
        case 0x26C: shift(p, I8.self) { $0 &>> $1 }                                 // i8x16.shr_s
        case 0x26D: shift(p, U8.self) { $0 &>> $1 }                                 // i8x16.shr_u
        case 0x28B: shift(p, U16.self) { $0 &<< $1 }                                // i16x8.shl
        case 0x28C: shift(p, I16.self) { $0 &>> $1 }                                // i16x8.shr_s
        case 0x28D: shift(p, U16.self) { $0 &>> $1 }                                // i16x8.shr_u
        case 0x2AB: shift(p, U32.self) { $0 &<< $1 }                                // i32x4.shl
        case 0x2AC: shift(p, I32.self) { $0 &>> $1 }                                // i32x4.shr_s
        case 0x2AD: shift(p, U32.self) { $0 &>> $1 }                                // i32x4.shr_u
        case 0x2CB: shift(p, U64.self) { $0 &<< $1 }                                // i64x2.shl
        case 0x2CC: shift(p, I64.self) { $0 &>> $1 }                                // i64x2.shr_s
        case 0x2CD: shift(p, U64.self) { $0 &>> $1 }                                // i64x2.shr_u

        // MARK: Add, sub, mul
        case 0x26E: binary(p, U8.self) { $0 &+ $1 }                                 // i8x16.add
        case 0x271: binary(p, U8.self) { $0 &- $1 }                                 // i8x16.sub
        case 0x28E: binary(p, U16.self) { $0 &+ $1 }                                // i16x8.add
        case 0x291: binary(p, U16.self) { $0 &- $1 }                                // i16x8.sub
        case 0x295: binary(p, U16.self) { $0 &* $1 }                                // i16x8.mul
        case 0x2AE: binary(p, U32.self) { $0 &+ $1 }                                // i32x4.add
        case 0x2B1: binary(p, U32.self) { $0 &- $1 }                                // i32x4.sub
        case 0x2B5: binary(p, U32.self) { $0 &* $1 }                                // i32x4.mul
        case 0x2CE: binary(p, U64.self) { $0 &+ $1 }                                // i64x2.add
        case 0x2D1: binary(p, U64.self) { $0 &- $1 }                                // i64x2.sub
        case 0x2D5: binary(p, U64.self) { $0 &* $1 }                                // i64x2.mul
        case 0x26F: binary(p, I8.self) { saturate(wide($0, I16W.self) &+ wide($1, I16W.self), I8.self) }   // i8x16.add_sat_s
        case 0x270: binary(p, U8.self) { saturate(wide($0, I16W.self) &+ wide($1, I16W.self), U8.self) }   // i8x16.add_sat_u
        case 0x272: binary(p, I8.self) { saturate(wide($0, I16W.self) &- wide($1, I16W.self), I8.self) }   // i8x16.sub_sat_s
        case 0x273: binary(p, U8.self) { saturate(wide($0, I16W.self) &- wide($1, I16W.self), U8.self) }   // i8x16.sub_sat_u
        case 0x28F: binary(p, I16.self) { saturate(wide($0, I32W.self) &+ wide($1, I32W.self), I16.self) } // i16x8.add_sat_s
        case 0x290: binary(p, U16.self) { saturate(wide($0, I32W.self) &+ wide($1, I32W.self), U16.self) } // i16x8.add_sat_u
        case 0x292: binary(p, I16.self) { saturate(wide($0, I32W.self) &- wide($1, I32W.self), I16.self) } // i16x8.sub_sat_s
        case 0x293: binary(p, U16.self) { saturate(wide($0, I32W.self) &- wide($1, I32W.self), U16.self) } // i16x8.sub_sat_u

        // MARK: min, max, avgr
        case 0x276: binary(p, I8.self) { pointwiseMin($0, $1) }                     // i8x16.min_s
        case 0x277: binary(p, U8.self) { pointwiseMin($0, $1) }                     // i8x16.min_u
        case 0x278: binary(p, I8.self) { pointwiseMax($0, $1) }                     // i8x16.max_s
        case 0x279: binary(p, U8.self) { pointwiseMax($0, $1) }                     // i8x16.max_u
        case 0x296: binary(p, I16.self) { pointwiseMin($0, $1) }                    // i16x8.min_s
        case 0x297: binary(p, U16.self) { pointwiseMin($0, $1) }                    // i16x8.min_u
        case 0x298: binary(p, I16.self) { pointwiseMax($0, $1) }                    // i16x8.max_s
        case 0x299: binary(p, U16.self) { pointwiseMax($0, $1) }                    // i16x8.max_u
        case 0x2B6: binary(p, I32.self) { pointwiseMin($0, $1) }                    // i32x4.min_s
        case 0x2B7: binary(p, U32.self) { pointwiseMin($0, $1) }                    // i32x4.min_u
        case 0x2B8: binary(p, I32.self) { pointwiseMax($0, $1) }                    // i32x4.max_s
        case 0x2B9: binary(p, U32.self) { pointwiseMax($0, $1) }                    // i32x4.max_u
        case 0x27B:                                                                 // i8x16.avgr_u
            binary(p, U8.self) { U8(truncatingIfNeeded: (SIMD16<UInt16>(truncatingIfNeeded: $0) &+ SIMD16<UInt16>(truncatingIfNeeded: $1) &+ 1) &>> 1) }
        case 0x29B:                                                                 // i16x8.avgr_u
            binary(p, U16.self) { U16(truncatingIfNeeded: (SIMD8<UInt32>(truncatingIfNeeded: $0) &+ SIMD8<UInt32>(truncatingIfNeeded: $1) &+ 1) &>> 1) }

        // MARK: Pairwise, extending multiplication, dot products
        case 0x27C: unary(p, I8.self) { I16(truncatingIfNeeded: $0.evenHalf) &+ I16(truncatingIfNeeded: $0.oddHalf) }   // i16x8.extadd_pairwise_i8x16_s
        case 0x27D: unary(p, U8.self) { U16(truncatingIfNeeded: $0.evenHalf) &+ U16(truncatingIfNeeded: $0.oddHalf) }   // i16x8.extadd_pairwise_i8x16_u
        case 0x27E: unary(p, I16.self) { I32(truncatingIfNeeded: $0.evenHalf) &+ I32(truncatingIfNeeded: $0.oddHalf) }  // i32x4.extadd_pairwise_i16x8_s
        case 0x27F: unary(p, U16.self) { U32(truncatingIfNeeded: $0.evenHalf) &+ U32(truncatingIfNeeded: $0.oddHalf) }  // i32x4.extadd_pairwise_i16x8_u
        case 0x29C: binary(p, I8.self) { I16(truncatingIfNeeded: $0.lowHalf) &* I16(truncatingIfNeeded: $1.lowHalf) }    // i16x8.extmul_low_i8x16_s
        case 0x29D: binary(p, I8.self) { I16(truncatingIfNeeded: $0.highHalf) &* I16(truncatingIfNeeded: $1.highHalf) }  // i16x8.extmul_high_i8x16_s
        case 0x29E: binary(p, U8.self) { U16(truncatingIfNeeded: $0.lowHalf) &* U16(truncatingIfNeeded: $1.lowHalf) }    // i16x8.extmul_low_i8x16_u
        case 0x29F: binary(p, U8.self) { U16(truncatingIfNeeded: $0.highHalf) &* U16(truncatingIfNeeded: $1.highHalf) }  // i16x8.extmul_high_i8x16_u
        case 0x2BC: binary(p, I16.self) { I32(truncatingIfNeeded: $0.lowHalf) &* I32(truncatingIfNeeded: $1.lowHalf) }   // i32x4.extmul_low_i16x8_s
        case 0x2BD: binary(p, I16.self) { I32(truncatingIfNeeded: $0.highHalf) &* I32(truncatingIfNeeded: $1.highHalf) } // i32x4.extmul_high_i16x8_s
        case 0x2BE: binary(p, U16.self) { U32(truncatingIfNeeded: $0.lowHalf) &* U32(truncatingIfNeeded: $1.lowHalf) }   // i32x4.extmul_low_i16x8_u
        case 0x2BF: binary(p, U16.self) { U32(truncatingIfNeeded: $0.highHalf) &* U32(truncatingIfNeeded: $1.highHalf) } // i32x4.extmul_high_i16x8_u
        case 0x2DC: binary(p, I32.self) { I64(truncatingIfNeeded: $0.lowHalf) &* I64(truncatingIfNeeded: $1.lowHalf) }   // i64x2.extmul_low_i32x4_s
        case 0x2DD: binary(p, I32.self) { I64(truncatingIfNeeded: $0.highHalf) &* I64(truncatingIfNeeded: $1.highHalf) } // i64x2.extmul_high_i32x4_s
        case 0x2DE: binary(p, U32.self) { U64(truncatingIfNeeded: $0.lowHalf) &* U64(truncatingIfNeeded: $1.lowHalf) }   // i64x2.extmul_low_i32x4_u
        case 0x2DF: binary(p, U32.self) { U64(truncatingIfNeeded: $0.highHalf) &* U64(truncatingIfNeeded: $1.highHalf) } // i64x2.extmul_high_i32x4_u
        case 0x2BA:                                                                 // i32x4.dot_i16x8_s
            binary(p, I16.self) { a, b in
                let m = I32W(truncatingIfNeeded: a) &* I32W(truncatingIfNeeded: b)
                return m.evenHalf &+ m.oddHalf
            }
        case 0x282, 0x311:                                                          // i16x8.q15mulr_sat_s, relaxed_q15mulr_s
            binary(p, I16.self) { a, b in
                saturate((I32W(truncatingIfNeeded: a) &* I32W(truncatingIfNeeded: b) &+ 0x4000) &>> 15, I16.self)
            }
        case 0x312:                                                                 // i16x8.relaxed_dot_i8x16_i7x16_s
            binary(p, I8.self) { a, b in
                let m = I16W(truncatingIfNeeded: a) &* I16W(truncatingIfNeeded: b)
                return m.evenHalf &+ m.oddHalf
            }
        case 0x313:                                                                 // i32x4.relaxed_dot_i8x16_i7x16_add_s
            let m = SIMD16<Int32>(truncatingIfNeeded: load(p, 0, I8.self)) &* SIMD16<Int32>(truncatingIfNeeded: load(p, 1, I8.self))
            let pairs = m.evenHalf &+ m.oddHalf
            store(p, pairs.evenHalf &+ pairs.oddHalf &+ load(p, 2, I32.self))
        default: break
        }
    }

    /// Lanes of twice the width of i8x16 / i16x8 lanes.
    typealias I16W = SIMD16<Int16>
    typealias I32W = SIMD8<Int32>

    /// All-ones lanes where `m` is true.
    @inline(__always) static func lanes<S: SIMD>(_ m: SIMDMask<S>) -> S { unsafeBitCast(m, to: S.self) }

    /// Wrapping absolute value (the minimum stays the minimum).
    @inline(__always) static func iabs<V: SIMD>(_ a: V) -> V where V.Scalar: FixedWidthInteger & SignedInteger {
        a.replacing(with: 0 &- a, where: a .< 0)
    }

    @inline(__always) static func wide(_ a: I8, _: I16W.Type) -> I16W { I16W(truncatingIfNeeded: a) }
    @inline(__always) static func wide(_ a: U8, _: I16W.Type) -> I16W { I16W(truncatingIfNeeded: a) }
    @inline(__always) static func wide(_ a: I16, _: I32W.Type) -> I32W { I32W(truncatingIfNeeded: a) }
    @inline(__always) static func wide(_ a: U16, _: I32W.Type) -> I32W { I32W(truncatingIfNeeded: a) }

    /// Clamps wide lanes to the range of the narrow lanes and narrows them.
    @inline(__always) static func saturate(_ w: I16W, _: I8.Type) -> I8 {
        I8(truncatingIfNeeded: w.clamped(lowerBound: I16W(repeating: -128), upperBound: I16W(repeating: 127)))
    }
    @inline(__always) static func saturate(_ w: I16W, _: U8.Type) -> U8 {
        U8(truncatingIfNeeded: w.clamped(lowerBound: I16W(repeating: 0), upperBound: I16W(repeating: 255)))
    }
    @inline(__always) static func saturate(_ w: I32W, _: I16.Type) -> I16 {
        I16(truncatingIfNeeded: w.clamped(lowerBound: I32W(repeating: -32768), upperBound: I32W(repeating: 32767)))
    }
    @inline(__always) static func saturate(_ w: I32W, _: U16.Type) -> U16 {
        U16(truncatingIfNeeded: w.clamped(lowerBound: I32W(repeating: 0), upperBound: I32W(repeating: 65535)))
    }

    /// Saturating narrow of two vectors of signed lanes into one.
    @inline(__always) static func narrow<W: SIMD, N: SIMD>(_ a: W, _ b: W, _: N.Type) -> N
        where N.Scalar: FixedWidthInteger, W.Scalar: FixedWidthInteger {
        var r = N()
        let lo = W.Scalar(N.Scalar.min), hi = W.Scalar(N.Scalar.max)
        let n = W.scalarCount
        for i in 0..<n {
            r[i] = N.Scalar(truncatingIfNeeded: Swift.min(Swift.max(a[i], lo), hi))
            r[n &+ i] = N.Scalar(truncatingIfNeeded: Swift.min(Swift.max(b[i], lo), hi))
        }
        return r
    }

    @inline(__always) static func shift<V: SIMD>(_ p: P, _: V.Type, _ f: (V, V.Scalar) -> V) where V.Scalar: FixedWidthInteger {
        store(p, f(load(p, 0, V.self), V.Scalar(truncatingIfNeeded: u32(p, 1))))
    }

    @inline(__always) static func allTrue<V: SIMD>(_ p: P, _: V.Type) where V.Scalar: FixedWidthInteger {
        p.storeBytes(of: any(load(p, 0, V.self) .== 0) ? 0 : 1, as: UInt32.self)
    }

    @inline(__always) static func bitmask<V: SIMD>(_ p: P, _: V.Type) where V.Scalar: FixedWidthInteger & SignedInteger {
        let v = load(p, 0, V.self)
        var r: UInt32 = 0
        for i in 0..<V.scalarCount where v[i] < 0 { r |= 1 << UInt32(i) }
        p.storeBytes(of: r, as: UInt32.self)
    }
}
