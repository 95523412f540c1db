/// The fixed-width SIMD instructions (v128) and relaxed SIMD.
///
/// Code formats (see `InterpreterTranslator`):
/// - simple ops `[op, dst]`: operand i at `fp + dst + 16*i`, result at `fp + dst`;
/// - loads and stores `[op, slot, offset, memWord]` (`SIMDExecutor+Memory`);
/// - extract/replace lane `[op, dst, lane]`;
/// - `i8x16.shuffle` `[op, dst, lanesLo, lanesHi]`.
///
/// Relaxed SIMD instructions take one fixed, deterministic behaviour:
/// relaxed_swizzle = swizzle, relaxed_trunc = trunc_sat, relaxed_madd/nmadd
/// unfused, relaxed_laneselect = bitselect, relaxed_min/max = min/max,
/// relaxed_q15mulr = q15mulr_sat, relaxed dot products treat both operands as
/// signed.
enum SIMDExecutor {
    typealias P = UnsafeMutableRawPointer

    /// Executes SIMD instruction `op` at `pc`; returns the next pc.
    @inline(never)
    static func execute(_ op: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ mem0: MemoryView,
                        _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) -> UnsafePointer<UInt64> {
        switch op {
        case 0x200...0x20B, 0x254...0x25D:
            try memory(op, pc, fp, mem0, vm)
            return pc + 4
        case 0x20D:
            shuffle(fp + Int(pc[1]), pc[2], pc[3])
            return pc + 4
        case 0x215...0x222:
            lane(op, fp + Int(pc[1]), Int(pc[2]))
            return pc + 3
        case 0x20E...0x214, 0x24D...0x253, 0x300, 0x309...0x30C:
            bitwise(op, fp + Int(pc[1]))
            return pc + 2
        case 0x241...0x24C, 0x25E, 0x25F, 0x267...0x26A, 0x274, 0x275, 0x27A, 0x294, 0x2E0...0x2FF, 0x301...0x310:
            float(op, fp + Int(pc[1]))
            return pc + 2
        default:
            integer(op, fp + Int(pc[1]))
            return pc + 2
        }
    }

    // MARK: Slot access

    /// Operand `i` of a simple instruction whose operands start at `p`.
    @inline(__always) static func load<V: SIMD>(_ p: P, _ i: Int, _: V.Type) -> V {
        p.loadUnaligned(fromByteOffset: i &* Slot.size, as: V.self)
    }

    @inline(__always) static func store<V: SIMD>(_ p: P, _ v: V) {
        p.storeBytes(of: v, as: V.self)
    }

    @inline(__always) static func unary<V: SIMD, R: SIMD>(_ p: P, _: V.Type, _ f: (V) -> R) {
        store(p, f(load(p, 0, V.self)))
    }

    @inline(__always) static func binary<V: SIMD, R: SIMD>(_ p: P, _: V.Type, _ f: (V, V) -> R) {
        store(p, f(load(p, 0, V.self), load(p, 1, V.self)))
    }

    @inline(__always) static func u32(_ p: P, _ i: Int) -> UInt32 { p.load(fromByteOffset: i &* Slot.size, as: UInt32.self) }

    // MARK: Splat, swizzle, shuffle, lanes, bitwise

    @inline(__always)
    static func bitwise(_ op: UInt16, _ p: P) {
        switch op {
        case 0x20E, 0x300: swizzle(p)                                                   // i8x16.swizzle, relaxed_swizzle
        case 0x20F: store(p, U8(repeating: UInt8(truncatingIfNeeded: u32(p, 0))))       // i8x16.splat
        case 0x210: store(p, SIMD8<UInt16>(repeating: UInt16(truncatingIfNeeded: u32(p, 0))))  // i16x8.splat
        case 0x211, 0x213: store(p, SIMD4<UInt32>(repeating: u32(p, 0)))               // i32x4/f32x4.splat
        case 0x212, 0x214: store(p, U64(repeating: p.load(as: UInt64.self)))           // i64x2/f64x2.splat
        case 0x24D: unary(p, U64.self) { ~$0 }                                          // v128.not
        case 0x24E: binary(p, U64.self) { $0 & $1 }                                     // v128.and
        case 0x24F: binary(p, U64.self) { $0 & ~$1 }                                    // v128.andnot
        case 0x250: binary(p, U64.self) { $0 | $1 }                                     // v128.or
        case 0x251: binary(p, U64.self) { $0 ^ $1 }                                     // v128.xor
        case 0x252, 0x309...0x30C:                                                      // bitselect, relaxed_laneselect
            let a = load(p, 0, U64.self), b = load(p, 1, U64.self), c = load(p, 2, U64.self)
            store(p, (a & c) | (b & ~c))
        case 0x253:                                                                     // v128.any_true
            let v = load(p, 0, U64.self)
            p.storeBytes(of: (v[0] | v[1]) != 0 ? 1 : 0, as: UInt32.self)
        default: break
        }
    }

    @inline(__always)
    static func swizzle(_ p: P) {
        let a = load(p, 0, SIMD16<UInt8>.self), s = load(p, 1, SIMD16<UInt8>.self)
        var r = SIMD16<UInt8>()
        for i in 0..<16 {
            let k = s[i]
            r[i] = k < 16 ? a[Int(k)] : 0
        }
        store(p, r)
    }

    @inline(__always)
    static func shuffle(_ p: P, _ lo: UInt64, _ hi: UInt64) {
        let a = load(p, 0, SIMD16<UInt8>.self), b = load(p, 1, SIMD16<UInt8>.self)
        var r = SIMD16<UInt8>()
        for i in 0..<16 {
            let k = Int(truncatingIfNeeded: ((i < 8 ? lo : hi) >> UInt64((i & 7) * 8)) & 0x1F)
            r[i] = k < 16 ? a[k] : b[k - 16]
        }
        store(p, r)
    }

    /// extract_lane / replace_lane: vector at `p`, replacement scalar at `p + 16`.
    @inline(__always)
    static func lane(_ op: UInt16, _ p: P, _ lane: Int) {
        switch op {
        case 0x215: p.storeBytes(of: UInt32(bitPattern: Int32(p.load(fromByteOffset: lane, as: Int8.self))), as: UInt32.self)
        case 0x216: p.storeBytes(of: UInt32(p.load(fromByteOffset: lane, as: UInt8.self)), as: UInt32.self)
        case 0x217: p.storeBytes(of: p.load(fromByteOffset: Slot.size, as: UInt8.self), toByteOffset: lane, as: UInt8.self)
        case 0x218: p.storeBytes(of: UInt32(bitPattern: Int32(p.load(fromByteOffset: lane &* 2, as: Int16.self))), as: UInt32.self)
        case 0x219: p.storeBytes(of: UInt32(p.load(fromByteOffset: lane &* 2, as: UInt16.self)), as: UInt32.self)
        case 0x21A: p.storeBytes(of: p.load(fromByteOffset: Slot.size, as: UInt16.self), toByteOffset: lane &* 2, as: UInt16.self)
        case 0x21B, 0x21F: p.storeBytes(of: p.load(fromByteOffset: lane &* 4, as: UInt32.self), as: UInt32.self)
        case 0x21C, 0x220: p.storeBytes(of: p.load(fromByteOffset: Slot.size, as: UInt32.self), toByteOffset: lane &* 4, as: UInt32.self)
        case 0x21D, 0x221: p.storeBytes(of: p.load(fromByteOffset: lane &* 8, as: UInt64.self), as: UInt64.self)
        case 0x21E, 0x222: p.storeBytes(of: p.load(fromByteOffset: Slot.size, as: UInt64.self), toByteOffset: lane &* 8, as: UInt64.self)
        default: break
        }
    }
}
