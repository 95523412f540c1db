/// Operand and result types of the "simple" instructions: those that only
/// pop operands and push at most one result, with no immediates. Keyed by
/// the internal opcode numbering shared by the validator and the tiers:
/// one-byte opcodes as themselves, `0xFC xx` as `0x100 + xx`, `0xFD xx`
/// as `0x200 + xx` (relaxed SIMD `0xFD 0x1xx` as `0x300 + xx`).
struct SimpleSignature {
    var params: [ValueType]
    var result: ValueType?
}

enum Opcodes {
    static let prefixFC: UInt16 = 0x100
    static let prefixFD: UInt16 = 0x200
    static let prefixRelaxed: UInt16 = 0x300
    static let count = 0x400

    /// Whether a byte starts some instruction this runtime decodes.
    static func isKnownOneByteOpcode(_ b: UInt8) -> Bool {
        switch b {
        case 0x00...0x05, 0x0B...0x15, 0x1A...0x1C, 0x20...0x26, 0x28...0xC4, 0xD0...0xD6, 0xFB...0xFE: return true
        default: return false
        }
    }

    /// Internal opcode for `0xFD sub`, or nil when sub is out of range.
    static func simd(_ sub: UInt32) -> UInt16? {
        if sub < 0x100 { return prefixFD + UInt16(sub) }
        if sub < 0x120 { return prefixRelaxed + UInt16(sub - 0x100) }
        return nil
    }

    /// The simple-instruction signatures, indexed by internal opcode.
    static let simple: [SimpleSignature?] = {
        var t = [SimpleSignature?](repeating: nil, count: count)
        func set(_ range: ClosedRange<Int>, _ params: [ValueType], _ result: ValueType?) {
            for op in range { t[op] = SimpleSignature(params: params, result: result) }
        }
        let (i32, i64, f32, f64, v) = (ValueType.i32, ValueType.i64, ValueType.f32, ValueType.f64, ValueType.v128)
        set(0x45...0x45, [i32], i32)
        set(0x46...0x4F, [i32, i32], i32)
        set(0x50...0x50, [i64], i32)
        set(0x51...0x5A, [i64, i64], i32)
        set(0x5B...0x60, [f32, f32], i32)
        set(0x61...0x66, [f64, f64], i32)
        set(0x67...0x69, [i32], i32)
        set(0x6A...0x78, [i32, i32], i32)
        set(0x79...0x7B, [i64], i64)
        set(0x7C...0x8A, [i64, i64], i64)
        set(0x8B...0x91, [f32], f32)
        set(0x92...0x98, [f32, f32], f32)
        set(0x99...0x9F, [f64], f64)
        set(0xA0...0xA6, [f64, f64], f64)
        set(0xA7...0xA7, [i64], i32)
        set(0xA8...0xA9, [f32], i32)
        set(0xAA...0xAB, [f64], i32)
        set(0xAC...0xAD, [i32], i64)
        set(0xAE...0xAF, [f32], i64)
        set(0xB0...0xB1, [f64], i64)
        set(0xB2...0xB3, [i32], f32)
        set(0xB4...0xB5, [i64], f32)
        set(0xB6...0xB6, [f64], f32)
        set(0xB7...0xB8, [i32], f64)
        set(0xB9...0xBA, [i64], f64)
        set(0xBB...0xBB, [f32], f64)
        set(0xBC...0xBC, [f32], i32)
        set(0xBD...0xBD, [f64], i64)
        set(0xBE...0xBE, [i32], f32)
        set(0xBF...0xBF, [i64], f64)
        set(0xC0...0xC1, [i32], i32)
        set(0xC2...0xC4, [i64], i64)
        // Saturating truncation (0xFC 0–7).
        set(0x100...0x101, [f32], i32)
        set(0x102...0x103, [f64], i32)
        set(0x104...0x105, [f32], i64)
        set(0x106...0x107, [f64], i64)
        // SIMD (0xFD): lanes, memory, shuffle and const are not simple.
        let fd = 0x200
        set(fd + 14...fd + 14, [v, v], v)                 // i8x16.swizzle
        set(fd + 15...fd + 17, [i32], v)                  // i8x16/i16x8/i32x4.splat
        set(fd + 18...fd + 18, [i64], v)
        set(fd + 19...fd + 19, [f32], v)
        set(fd + 20...fd + 20, [f64], v)
        set(fd + 35...fd + 76, [v, v], v)                 // comparisons
        set(fd + 77...fd + 77, [v], v)                    // v128.not
        set(fd + 78...fd + 81, [v, v], v)                 // and andnot or xor
        set(fd + 82...fd + 82, [v, v, v], v)              // bitselect
        set(fd + 83...fd + 83, [v], i32)                  // any_true
        set(fd + 94...fd + 98, [v], v)                    // demote promote abs neg popcnt
        set(fd + 99...fd + 100, [v], i32)                 // all_true bitmask
        set(fd + 101...fd + 102, [v, v], v)               // narrow
        set(fd + 103...fd + 106, [v], v)                  // f32x4 rounding
        set(fd + 107...fd + 109, [v, i32], v)             // i8x16 shifts
        set(fd + 110...fd + 115, [v, v], v)
        set(fd + 116...fd + 117, [v], v)
        set(fd + 118...fd + 121, [v, v], v)
        set(fd + 122...fd + 122, [v], v)
        set(fd + 123...fd + 123, [v, v], v)
        set(fd + 124...fd + 129, [v], v)                  // extadd_pairwise, i16x8 abs neg
        set(fd + 130...fd + 130, [v, v], v)               // q15mulr
        set(fd + 131...fd + 132, [v], i32)
        set(fd + 133...fd + 134, [v, v], v)
        set(fd + 135...fd + 138, [v], v)
        set(fd + 139...fd + 141, [v, i32], v)
        set(fd + 142...fd + 147, [v, v], v)
        set(fd + 148...fd + 148, [v], v)
        set(fd + 149...fd + 153, [v, v], v)
        set(fd + 155...fd + 159, [v, v], v)
        set(fd + 160...fd + 161, [v], v)
        set(fd + 163...fd + 164, [v], i32)
        set(fd + 167...fd + 170, [v], v)
        set(fd + 171...fd + 173, [v, i32], v)
        set(fd + 174...fd + 174, [v, v], v)
        set(fd + 177...fd + 177, [v, v], v)
        set(fd + 181...fd + 186, [v, v], v)
        set(fd + 188...fd + 191, [v, v], v)
        set(fd + 192...fd + 193, [v], v)
        set(fd + 195...fd + 196, [v], i32)
        set(fd + 199...fd + 202, [v], v)
        set(fd + 203...fd + 205, [v, i32], v)
        set(fd + 206...fd + 206, [v, v], v)
        set(fd + 209...fd + 209, [v, v], v)
        set(fd + 213...fd + 223, [v, v], v)
        set(fd + 224...fd + 225, [v], v)
        set(fd + 227...fd + 227, [v], v)
        set(fd + 228...fd + 235, [v, v], v)
        set(fd + 236...fd + 237, [v], v)
        set(fd + 239...fd + 239, [v], v)
        set(fd + 240...fd + 247, [v, v], v)
        set(fd + 248...fd + 255, [v], v)
        // Relaxed SIMD (0xFD 0x100–0x113).
        let rx = 0x300
        set(rx + 0...rx + 0, [v, v], v)
        set(rx + 1...rx + 4, [v], v)
        set(rx + 5...rx + 12, [v, v, v], v)
        set(rx + 13...rx + 18, [v, v], v)
        set(rx + 19...rx + 19, [v, v, v], v)
        return t
    }()

    /// Memory access instructions: value type and natural alignment (log2).
    struct MemoryAccess {
        var type: ValueType
        var alignLog2: UInt32
        var isStore: Bool
    }

    /// Scalar loads and stores, 0x28–0x3E, and the SIMD loads/stores.
    static let memoryAccess: [UInt16: MemoryAccess] = {
        var t: [UInt16: MemoryAccess] = [:]
        let loads: [(UInt16, ValueType, UInt32)] = [
            (0x28, .i32, 2), (0x29, .i64, 3), (0x2A, .f32, 2), (0x2B, .f64, 3),
            (0x2C, .i32, 0), (0x2D, .i32, 0), (0x2E, .i32, 1), (0x2F, .i32, 1),
            (0x30, .i64, 0), (0x31, .i64, 0), (0x32, .i64, 1), (0x33, .i64, 1), (0x34, .i64, 2), (0x35, .i64, 2),
            (0x200, .v128, 4), (0x201, .v128, 3), (0x202, .v128, 3), (0x203, .v128, 3), (0x204, .v128, 3),
            (0x205, .v128, 3), (0x206, .v128, 3), (0x207, .v128, 0), (0x208, .v128, 1), (0x209, .v128, 2),
            (0x20A, .v128, 3), (0x25C, .v128, 2), (0x25D, .v128, 3),
        ]
        for (op, type, align) in loads { t[op] = MemoryAccess(type: type, alignLog2: align, isStore: false) }
        let stores: [(UInt16, ValueType, UInt32)] = [
            (0x36, .i32, 2), (0x37, .i64, 3), (0x38, .f32, 2), (0x39, .f64, 3),
            (0x3A, .i32, 0), (0x3B, .i32, 1), (0x3C, .i64, 0), (0x3D, .i64, 1), (0x3E, .i64, 2),
            (0x20B, .v128, 4),
        ]
        for (op, type, align) in stores { t[op] = MemoryAccess(type: type, alignLog2: align, isStore: true) }
        return t
    }()

    /// SIMD lane instructions (extract/replace), by internal opcode: lane
    /// count, scalar type, and whether it replaces.
    static let laneOps: [UInt16: (lanes: UInt8, scalar: ValueType, replace: Bool)] = [
        0x215: (16, .i32, false), 0x216: (16, .i32, false), 0x217: (16, .i32, true),
        0x218: (8, .i32, false), 0x219: (8, .i32, false), 0x21A: (8, .i32, true),
        0x21B: (4, .i32, false), 0x21C: (4, .i32, true),
        0x21D: (2, .i64, false), 0x21E: (2, .i64, true),
        0x21F: (4, .f32, false), 0x220: (4, .f32, true),
        0x221: (2, .f64, false), 0x222: (2, .f64, true),
    ]

    /// SIMD load/store lane instructions (0xFD 84–91): access size log2.
    static let laneMemoryOps: [UInt16: (sizeLog2: UInt32, isStore: Bool)] = [
        0x254: (0, false), 0x255: (1, false), 0x256: (2, false), 0x257: (3, false),
        0x258: (0, true), 0x259: (1, true), 0x25A: (2, true), 0x25B: (3, true),
    ]
}
