import Testing
@testable import SwasmCore

/// Instruction sequences the interpreter folds into one internal instruction
/// (an `i32.add`/`i32.shl` into a memory-0 access, a float multiplication
/// into the addition or subtraction using it) keep the separate
/// instructions' semantics: i32 wrap-around before the offset, bounds
/// traps, one rounding per operation. Checked on both tiers.
@Suite struct FusedInstructionTests {
    let engines = [CompilerTests.engine(.interpreter), CompilerTests.engine(.compiler)]

    static func get(_ i: UInt8) -> [UInt8] { [0x20, i] }
    static func i32(_ v: Int64) -> [UInt8] { [0x41] + CompilerTests.sleb(v) }
    static func f64(_ v: Double) -> [UInt8] { [0x44] + withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    static func f32(_ v: Float) -> [UInt8] { [0x43] + withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }

    /// The module `bytes` instantiated once on every engine, each with the
    /// store that owns it (an instance does not keep its store alive).
    func instances(_ bytes: [UInt8]) throws -> [(store: Store, instance: Instance)] {
        try engines.map { engine in
            let store = Store(engine: engine)
            return (store, try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: bytes), imports: []))
        }
    }

    /// The interpreter code of `bytes`: its words stamped with a specialized
    /// handler (opcode words; the stamp of `generic` is 0).
    func specializedWords(_ bytes: [UInt8]) throws -> [UInt64] {
        let code = try #require(try CompiledModule(engine: engines[0], bytes: bytes).code)
        return (0..<code.wordCount).map { code.words[$0] }.filter { $0 >> Handler.bit != 0 }
    }

    /// Runs `f` of a module with one memory page on every engine.
    func results(params: [UInt8], results: [UInt8], code: [UInt8], args: [Value]) throws -> [Result<[Value], Error>] {
        try instances(ModuleBytes.function(params: params, results: results, code: code, memory: true)).map { run in
            Result { try run.instance.call("f", args) }
        }
    }

    /// Runs `f(x, y)` (i32 params and result, one memory page) on every
    /// engine and checks it returns `want`, or traps out of bounds when nil.
    func expectI32(_ code: [UInt8], _ x: UInt32, _ y: UInt32, _ want: UInt32?) throws {
        for result in try results(params: [0x7F, 0x7F], results: [0x7F], code: code, args: [.i32(x), .i32(y)]) {
            if let want {
                #expect(try result.get() == [Value.i32(want)], "f(\(x), \(y))")
            } else {
                expectOutOfBounds(result, "f(\(x), \(y))")
            }
        }
    }

    /// Checks that `result` is the memory-out-of-bounds trap.
    func expectOutOfBounds(_ result: Result<[Value], Error>, _ label: String = "") {
        guard case .failure(let trap as Trap) = result else { Issue.record("\(label) no trap: \(result)"); return }
        #expect(trap.reason == Trap.Reason.memoryOutOfBounds, "\(label)")
    }

    /// `base + (i << 2)` in three orders; each variant stores `i` there (offset 4) and loads it back.
    @Test(arguments: [
        get(0) + get(1) + i32(2) + [0x74, 0x6A],                  // base + (i << 2)
        get(1) + i32(2) + [0x74] + get(0) + [0x6A],              // (i << 2) + base
        get(0) + i32(4) + [0x6A] + get(1) + i32(2) + [0x74, 0x6A, 0x41, 0x7C, 0x6A],  // (base + 4) + (i << 2) - 4
    ])
    func foldedAddresses(address: [UInt8]) throws {
        let code = address + Self.get(1) + [0x36, 2, 4] + address + [0x28, 2, 4]
        let cases: [(base: UInt32, i: UInt32, value: UInt32?)] = [
            (100, 7, 7),
            (0xFFFF_FFF0, 8, 8),        // the i32 sum wraps to 0x10: in bounds
            (65536 - 8, 1, nil),        // 65536 - 8 + 4 + 4 = 65536: out of bounds
            (0, 0x4000_0000, 0x4000_0000),  // i << 2 wraps to 0
        ]
        for c in cases { try expectI32(code, c.base, c.i, c.value) }
    }

    /// `a * b` then `+ c`, `c +`, `- c`, `c -`, for f32 and f64: the product
    /// is rounded before the addition (no fused multiply-add).
    @Test func foldedMultiplications() throws {
        // (1 + 2^-30)(1 - 2^-30) = 1 - 2^-60 rounds to 1 in f64; 2^-13 likewise in f32.
        let f64Args: [(Double, Double, Double)] = [(1 + 0x1p-30, 1 - 0x1p-30, -1), (3.5, -2.25, 0.125), (.infinity, 0, 1), (-0.0, 5, 0)]
        let f32Args: [(Float, Float, Float)] = [(1 + 0x1p-13, 1 - 0x1p-13, -1), (3.5, -2.25, 0.125), (-0.0, 5, 0)]
        let combine: [(op: UInt8, productFirst: Bool)] = [(0, true), (0, false), (1, true), (1, false)]  // add/sub
        for (op, productFirst) in combine {
            func body(_ mul: UInt8, _ addOrSub: UInt8) -> [UInt8] {
                let product = Self.get(0) + Self.get(1) + [mul]
                return (productFirst ? product + Self.get(2) : Self.get(2) + product) + [addOrSub + op]
            }
            for (a, b, c) in f64Args {
                let p = a * b
                let want = op == 0 ? (productFirst ? p + c : c + p) : (productFirst ? p - c : c - p)
                for result in try results(params: [0x7C, 0x7C, 0x7C], results: [0x7C], code: body(0xA2, 0xA0),
                                          args: [.f64(a.bitPattern), .f64(b.bitPattern), .f64(c.bitPattern)]) {
                    let got = try result.get()
                    #expect(got == [.f64(want.bitPattern)] || (want.isNaN && got.count == 1), "f64 \(a) \(b) \(c) op \(op) \(productFirst)")
                }
            }
            for (a, b, c) in f32Args {
                let p = a * b
                let want = op == 0 ? (productFirst ? p + c : c + p) : (productFirst ? p - c : c - p)
                for result in try results(params: [0x7D, 0x7D, 0x7D], results: [0x7D], code: body(0x94, 0x92),
                                          args: [.f32(a.bitPattern), .f32(b.bitPattern), .f32(c.bitPattern)]) {
                    #expect(try result.get() == [.f32(want.bitPattern)], "f32 \(a) \(b) \(c) op \(op) \(productFirst)")
                }
            }
        }
    }
    /// An `f64.load` folded into the f64 addition, subtraction or
    /// multiplication using it, as either operand: the operand order holds
    /// and an out-of-bounds load still traps.
    @Test func foldedF64Loads() throws {
        // f(address: i32, c: f64) -> f64 stores 2.5 at `address` and returns `load op c` or `c op load`.
        let store = Self.get(0) + Self.f64(2.5) + [0x39, 3, 0]
        for (op, combine) in [(UInt8(0xA0), { (a: Double, b: Double) in a + b }), (0xA1, { $0 - $1 }), (0xA2, { $0 * $1 })] {
            for loadFirst in [true, false] {
                let load = Self.get(0) + [0x2B, 3, 0]
                let code = store + (loadFirst ? load + Self.get(1) : Self.get(1) + load) + [op]
                let want = loadFirst ? combine(2.5, 4) : combine(4, 2.5)
                for result in try results(params: [0x7F, 0x7C], results: [0x7C], code: code, args: [.i32(8), .f64((4.0).bitPattern)]) {
                    #expect(try result.get() == [.f64(want.bitPattern)], "op \(op) load first \(loadFirst)")
                }
                let outOfBounds = Self.get(0) + [0x2B, 3, 0] + Self.get(1) + [op]
                for result in try results(params: [0x7F, 0x7C], results: [0x7C], code: outOfBounds, args: [.i32(65536 - 4), .f64(0)]) {
                    expectOutOfBounds(result)
                }
            }
        }
    }

    /// An `i32.add` whose sum a `br_if` or `if` tests, directly, through an
    /// i32 comparison (as either operand) or through eqz, is folded into the
    /// branch: the counter keeps its value and the loop runs as often. An
    /// add before a loop header stays out of the branch at the header.
    @Test func foldedLoopCounters() throws {
        let loop: [UInt8] = [0x03, 0x40], block: [UInt8] = [0x02, 0x40], end: [UInt8] = [0x0B]
        let count = Self.get(1) + Self.i32(1) + [0x6A, 0x21, 1]  // local 1 += 1
        let cases: [(name: String, code: [UInt8], want: [(n: Int32, result: Int32)])] = [
            ("tee, br_if", loop + count + Self.get(0) + Self.i32(-1) + [0x6A, 0x22, 0, 0x0D, 0] + end + Self.get(1),
             [(1, 1), (5, 5), (100, 100)]),
            ("sum lt_s n", loop + Self.get(1) + Self.i32(1) + [0x6A, 0x22, 1] + Self.get(0) + [0x48, 0x0D, 0] + end + Self.get(1),
             [(1, 1), (5, 5), (100, 100), (-3, 1)]),
            ("n gt_u sum", loop + Self.get(0) + Self.get(1) + Self.i32(1) + [0x6A, 0x22, 1, 0x4B, 0x0D, 0] + end + Self.get(1),
             [(1, 1), (5, 5), (100, 100)]),
            ("eqz exit", block + loop + Self.get(0) + Self.i32(-1) + [0x6A, 0x22, 0, 0x45, 0x0D, 1] + count + [0x0C, 0] + end + end + Self.get(1),
             [(1, 0), (5, 4), (100, 99)]),
            ("br_if on a sum", block + Self.get(0) + Self.i32(-5) + [0x6A, 0x0D, 0] + Self.i32(7) + [0x0F] + end + Self.i32(9),
             [(5, 7), (6, 9), (-5, 9)]),
            ("if on a sum", Self.get(0) + Self.i32(-5) + [0x6A, 0x04, 0x7F] + Self.i32(9) + [0x05] + Self.i32(7) + end,
             [(5, 7), (6, 9)]),
            ("add before the loop header", block + Self.get(0) + Self.i32(1) + [0x6A, 0x21, 0] + loop
                + Self.get(0) + Self.i32(10) + [0x4B, 0x0D, 1] + Self.get(0) + Self.i32(1) + [0x6A, 0x21, 0] + count + [0x0C, 0] + end + end
                + Self.get(1),
             [(0, 10), (9, 1), (20, 0)]),
        ]
        for c in cases {
            let bytes = ModuleBytes.function(params: [0x7F], results: [0x7F], locals: [1, 1, 0x7F], code: c.code)
            for (_, instance) in try instances(bytes) {
                for (n, want) in c.want {
                    #expect(try instance.call("f", [.i32(UInt32(bitPattern: n))]) == [.i32(UInt32(bitPattern: want))], "\(c.name) n=\(n)")
                }
            }
        }
    }

    /// Every i32 comparison folded into a branch (`br_if`, and `if`, which
    /// branches on the inverse) holds exactly when the comparison does: of
    /// two locals (> and >= run swapped), of a local and a constant at and
    /// around each extreme value (<= and >= run as < and > of the constant
    /// plus or minus one, except at the extreme), and of a sum and a constant.
    @Test func foldedComparisonsAtEveryBoundary() throws {
        let extremes: [UInt32] = [0x8000_0000, 0x8000_0001, 0xFFFF_FFFF, 0, 1, 0x7FFF_FFFE, 0x7FFF_FFFF, 0xFFFF_FFFE]
        func holds(_ op: UInt8, _ x: UInt32, _ y: UInt32) -> Bool {
            let (a, b) = (Int32(bitPattern: x), Int32(bitPattern: y))
            switch op {
            case 0x46: return x == y
            case 0x47: return x != y
            case 0x48: return a < b
            case 0x49: return x < y
            case 0x4A: return a > b
            case 0x4B: return x > y
            case 0x4C: return a <= b
            case 0x4D: return x <= y
            case 0x4E: return a >= b
            default: return x >= y
            }
        }
        let block: [UInt8] = [0x02, 0x40], end: [UInt8] = [0x0B]
        /// 1 when `condition` holds, by `br_if` out of a block, and by `if`.
        func branches(_ condition: [UInt8]) -> [[UInt8]] {
            [block + condition + [0x0D, 0] + Self.i32(0) + [0x0F] + end + Self.i32(1),
             condition + [0x04, 0x7F] + Self.i32(1) + [0x05] + Self.i32(0) + end]
        }
        for op: UInt8 in 0x46...0x4F {
            for code in branches(Self.get(0) + Self.get(1) + [op]) {
                for (_, instance) in try instances(ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7F], code: code)) {
                    for x in extremes { for y in extremes {
                        let want: UInt32 = holds(op, x, y) ? 1 : 0
                        #expect(try instance.call("f", [.i32(x), .i32(y)]) == [.i32(want)], "op \(op) x \(x) y \(y)")
                    } }
                }
            }
            for c in extremes {
                let constant = Self.i32(Int64(Int32(bitPattern: c)))
                let forms = branches(Self.get(0) + constant + [op]) + branches(Self.get(0) + Self.i32(1) + [0x6A] + constant + [op])
                for (n, code) in forms.enumerated() {
                    for (_, instance) in try instances(ModuleBytes.function(params: [0x7F], results: [0x7F], code: code)) {
                        for x in extremes {
                            let want: UInt32 = holds(op, n < 2 ? x : x &+ 1, c) ? 1 : 0
                            #expect(try instance.call("f", [.i32(x)]) == [.i32(want)], "op \(op) form \(n) x \(x) c \(c)")
                        }
                    }
                }
            }
        }
    }

    /// `i64.eq`, `i64.ne` and `i64.eqz` folded into a branch compare all 64
    /// bits (values equal in their low half differ), of two locals and of a
    /// local and a constant; the folds run on their specialized handlers.
    @Test func foldedI64EqualityBranches() throws {
        let values: [UInt64] = [0, 1, 1 << 32, 0xFFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 1 << 63]
        let block: [UInt8] = [0x02, 0x40], end: [UInt8] = [0x0B]
        func branch(_ condition: [UInt8]) -> [UInt8] {
            block + condition + [0x0D, 0] + Self.i32(0) + [0x0F] + end + Self.i32(1)
        }
        let i64One: [UInt8] = [0x42] + CompilerTests.sleb(1 << 32)  // i64.const 1 << 32
        let cases: [(name: String, code: [UInt8], want: (UInt64, UInt64) -> Bool)] = [
            ("eq", branch(Self.get(0) + Self.get(1) + [0x51]), { $0 == $1 }),
            ("ne", branch(Self.get(0) + Self.get(1) + [0x52]), { $0 != $1 }),
            ("eqz", branch(Self.get(0) + [0x50]), { x, _ in x == 0 }),
            ("ne 1 << 32", branch(Self.get(0) + i64One + [0x52]), { x, _ in x != 1 << 32 }),
            ("not eq", Self.get(0) + Self.get(1) + [0x51, 0x04, 0x7F] + Self.i32(1) + [0x05] + Self.i32(0) + end, { $0 == $1 }),
        ]
        for c in cases {
            let bytes = ModuleBytes.function(params: [0x7E, 0x7E], results: [0x7F], code: c.code)
            for (_, instance) in try instances(bytes) {
                for x in values { for y in values {
                    let want: UInt32 = c.want(x, y) ? 1 : 0
                    #expect(try instance.call("f", [.i64(x), .i64(y)]) == [.i32(want)], "\(c.name) x \(x) y \(y)")
                } }
            }
        }
        let stamps = try specializedWords(ModuleBytes.function(params: [0x7E, 0x7E], results: [0x7F], code: cases[1].code))
            .map { Handler.stamp(of: $0) }
        #expect(stamps.contains(.compareBranch64Slots1))
        let immediate = try specializedWords(ModuleBytes.function(params: [0x7E, 0x7E], results: [0x7F], code: cases[3].code))
            .map { Handler.stamp(of: $0) }
        #expect(immediate.contains(.compareBranch64Immediate1))
    }

    /// The interpreter reads the handler stamped on an instruction with
    /// `unsafeBitCast` (one jump table, no range check): every case's tag
    /// must be its raw value, and every raw value must fit the stamp's bits.
    @Test func handlerTagsAreRawValues() {
        #expect(MemoryLayout<Handler>.size == MemoryLayout<UInt16>.size)
        for handler in Handler.allCases {
            #expect(unsafeBitCast(handler, to: UInt16.self) == handler.rawValue, "\(handler)")
        }
        #expect(UInt64(Handler.allCases.count) <= 1 << (64 - Handler.bit))
    }

    /// Specialized memory-0 handlers: a constant stored at a local plus an
    /// offset, and a load and a store at a constant base plus a shifted
    /// index, read back and bounds-checked like the general ones.
    @Test func constantsAndConstantBases() throws {
        // f(a, i): mem[a + 4] = 0x1234_5678 (i32.store8 of it at a + 9), mem[64 + (i << 2)] = a,
        // then returns mem[a + 4] + mem8[a + 9] + mem[64 + (i << 2)].
        let code = Self.get(0) + Self.i32(0x1234_5678) + [0x36, 2, 4]
            + Self.get(0) + Self.i32(0x1234_5678) + [0x3A, 0, 9]
            + Self.i32(64) + Self.get(1) + Self.i32(2) + [0x74, 0x6A] + Self.get(0) + [0x36, 2, 0]
            + Self.get(0) + [0x28, 2, 4] + Self.get(0) + [0x2D, 0, 9] + [0x6A]
            + Self.i32(64) + Self.get(1) + Self.i32(2) + [0x74, 0x6A, 0x28, 2, 0, 0x6A]
        let cases: [(a: UInt32, i: UInt32, want: UInt32?)] = [
            (100, 3, 0x1234_5678 &+ 0x78 &+ 100),
            (65536 - 8, 0, nil),                 // a + 4 + 4 is past the end
            (200, 0x4000_0000 + 1, 0x1234_5678 &+ 0x78 &+ 200),  // the shifted index wraps: 64 + 4
            (300, (65536 - 64) / 4, nil),        // 64 + (i << 2) = 65536: past the end
        ]
        for c in cases { try expectI32(code, c.a, c.i, c.want) }
    }

    /// Two `local = local + constant` steps in a row become one instruction
    /// that keeps their order: the second sees the first's result.
    @Test func foldedStepPairs() throws {
        let step = { (local: UInt8, from: UInt8, by: Int64) -> [UInt8] in Self.get(from) + Self.i32(by) + [0x6A, 0x21, local] }
        // Loop n times over two steps, then return local 1 * 1000 + local 2.
        let result = Self.get(1) + Self.i32(1000) + [0x6C] + Self.get(2) + [0x6A]
        let counter = Self.get(0) + Self.i32(-1) + [0x6A, 0x22, 0, 0x0D, 0, 0x0B]
        let independent = [0x03, 0x40] + step(1, 1, 3) + step(2, 2, -5) + counter + result
        let chained = [0x03, 0x40] + step(1, 1, 3) + step(2, 1, 5) + counter + result
        for (code, want) in [(independent, { (n: Int32) in 3 * n * 1000 - 5 * n }), (chained, { (n: Int32) in 3 * n * 1000 + 3 * n + 5 })] {
            let bytes = ModuleBytes.function(params: [0x7F], results: [0x7F], locals: [1, 2, 0x7F], code: code)
            for (_, instance) in try instances(bytes) {
                for n: Int32 in [1, 7] {
                    #expect(try instance.call("f", [.i32(UInt32(bitPattern: n))]) == [.i32(UInt32(bitPattern: want(n)))], "n=\(n)")
                }
            }
        }
    }

    /// `x ^ (x << k)` and `x ^ (x >> k)` (xorshift and hash-finalizer
    /// steps) become one instruction on the interpreter, with the shift
    /// before or after the other operand, through a `local.tee`, and with
    /// an amount past the width taken modulo it; an `xor` with a shift of
    /// another value stays two instructions. Same results on both tiers.
    @Test(arguments: [false, true])
    func foldedXorShifts(wide: Bool) throws {
        let (shl, shrU, xor, const): (UInt8, UInt8, UInt8, UInt8) = wide ? (0x86, 0x88, 0x85, 0x42) : (0x74, 0x76, 0x73, 0x41)
        let width: Int64 = wide ? 64 : 32
        func c(_ v: Int64) -> [UInt8] { [const] + CompilerTests.sleb(v) }
        // f(x, y) (t): t = x ^ (x << 13); t = t ^ (t >> 7) (tee); t = (t << width + 6) ^ t; t ^ (y >> 3)
        let body: [UInt8] = Self.get(0) + c(13) + [shl] + Self.get(0) + [xor, 0x21, 2]
            + Self.get(2) + Self.get(2) + c(7) + [shrU, xor, 0x22, 2]
            + c(width + 6) + [shl] + Self.get(2) + [xor, 0x21, 2]
            + Self.get(2) + Self.get(1) + c(3) + [shrU, xor]
        let type: UInt8 = wide ? 0x7E : 0x7F
        let bytes = ModuleBytes.function(params: [type, type], results: [type], locals: [1, 1, type], code: body)
        func want(_ x: UInt64, _ y: UInt64) -> UInt64 {
            let mask: UInt64 = wide ? ~0 : 0xFFFF_FFFF
            var t = (x ^ x << 13) & mask
            t ^= t >> 7
            t = (t ^ t << 6) & mask
            return t ^ (y & mask) >> 3
        }
        let inputs: [(UInt64, UInt64)] = [(0x9E37_79B9_7F4A_7C15, 0xFFFF_FFFF_FFFF_FFFF), (1, 0x8000_0000), (0xDEAD_BEEF, 0)]
        for (_, instance) in try instances(bytes) {
            for (x, y) in inputs {
                let args: [Value] = wide ? [.i64(x), .i64(y)] : [.i32(UInt32(truncatingIfNeeded: x)), .i32(UInt32(truncatingIfNeeded: y))]
                let result: Value = wide ? .i64(want(x, y)) : .i32(UInt32(truncatingIfNeeded: want(x, y)))
                #expect(try instance.call("f", args) == [result], "x=\(x) y=\(y)")
            }
        }
        let folded = try specializedWords(bytes).filter { (IOp.xorShift..<IOp.xorShift + 4).contains(UInt16(truncatingIfNeeded: $0)) }
        #expect(folded.count == 3)
    }

    /// `x * m + a` and `(x >> k) & mask` of constants become one instruction
    /// each on the interpreter, with the constant on either side, i32
    /// wrap-around and a shift amount taken modulo 32; an addition of a
    /// product of two values stays apart. Same results on both tiers.
    @Test func foldedMultiplyAddsAndBitFields() throws {
        // f(x, y) = ((x * 1103515245 + 12345) >> 46 & 28) + (27 + y * 3) + (0xFF & (y >> 3)) + x * y + 7
        let body: [UInt8] = Self.get(0) + Self.i32(1103515245) + [0x6C] + Self.i32(12345) + [0x6A] + Self.i32(46) + [0x76] + Self.i32(28) + [0x71]
            + Self.i32(27) + Self.get(1) + Self.i32(3) + [0x6C, 0x6A, 0x6A]
            + Self.i32(0xFF) + Self.get(1) + Self.i32(3) + [0x76, 0x71, 0x6A]
            + Self.get(0) + Self.get(1) + [0x6C] + Self.i32(7) + [0x6A, 0x6A]
        func want(_ x: UInt32, _ y: UInt32) -> UInt32 {
            ((x &* 1103515245 &+ 12345) >> 14 & 28) &+ (27 &+ y &* 3) &+ (0xFF & (y >> 3)) &+ (x &* y &+ 7)
        }
        for (x, y): (UInt32, UInt32) in [(1, 2), (0xFFFF_FFFF, 0x8000_0001), (12345, 0xDEAD_BEEF)] {
            try expectI32(body, x, y, want(x, y))
        }
        let bytes = ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7F], code: body, memory: true)
        let words = try specializedWords(bytes)
        func count(_ op: UInt16) -> Int { words.filter { UInt16(truncatingIfNeeded: $0) == op }.count }
        #expect(count(IOp.mulAdd32) == 2)
        #expect(count(IOp.shiftAnd32) == 2)
    }

    /// A pair that hands the first instruction's result to the second in a
    /// register (`Handler.forwardedOperands`) forms only where the second
    /// reads that result: a multiply-add into one local next to a bit field
    /// of another, a load into a local next to a `br_table` on another, and
    /// an add into a local next to a load at another address stay two
    /// handlers and read their own operands.
    @Test func forwardingPairsOnlyWhereTheValueIsTheOperand() throws {
        // f(x, y): a = x * 1103515245 + 12345; ((y >> 3) & 0xFF) + a, then ((a >> 3) & 0xFF) + a
        let bitFields: [UInt8] = Self.get(0) + Self.i32(1103515245) + [0x6C] + Self.i32(12345) + [0x6A, 0x21, 2]
            + Self.get(1) + Self.i32(3) + [0x76] + Self.i32(0xFF) + [0x71] + Self.get(2) + [0x6A]
            + Self.get(2) + Self.i32(1103515245) + [0x6C] + Self.i32(12345) + [0x6A, 0x22, 2]
            + Self.i32(3) + [0x76] + Self.i32(0xFF) + [0x71] + Self.get(2) + [0x6A, 0x6A]
        let bitFieldModule = ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7F], locals: [1, 1, 0x7F], code: bitFields, memory: true)
        func want(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let a = x &* 1103515245 &+ 12345, b = a &* 1103515245 &+ 12345
            return ((y >> 3) & 0xFF) &+ a &+ ((b >> 3) & 0xFF) &+ b
        }
        for (_, instance) in try instances(bitFieldModule) {
            for (x, y): (UInt32, UInt32) in [(1, 0x700), (0xFFFF_FFFF, 8), (12345, 0xDEAD_BEEF)] {
                #expect(try instance.call("f", [.i32(x), .i32(y)]) == [.i32(want(x, y))], "f(\(x), \(y))")
            }
        }
        #expect(try specializedWords(bitFieldModule).filter { Handler.stamp(of: $0) == .pair26 }.count == 1)

        // f(i, s): v = mem[1024 + 4 i] (mem[1024 + 4 k] = 100 k + 5); br_table on s: v + 10, v + 20, v
        var table: [UInt8] = []
        for k in 0..<4 { table += Self.i32(Int64(1024 + 4 * k)) + Self.i32(Int64(100 * k + 5)) + [0x36, 2, 0] }
        let branch = table + [0x02, 0x40, 0x02, 0x40, 0x02, 0x40]
            + Self.get(0) + Self.i32(2) + [0x74] + Self.i32(1024) + [0x6A, 0x28, 2, 0, 0x21, 2]
            + Self.get(1) + [0x0E, 2, 0, 1, 2, 0x0B]
            + Self.get(2) + Self.i32(10) + [0x6A, 0x0F, 0x0B]
            + Self.get(2) + Self.i32(20) + [0x6A, 0x0F, 0x0B] + Self.get(2)
        let branchModule = ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7F], locals: [1, 1, 0x7F], code: branch, memory: true)
        for (_, instance) in try instances(branchModule) {
            for i: UInt32 in 0..<4 {
                for (s, extra): (UInt32, UInt32) in [(0, 10), (1, 20), (2, 0), (99, 0)] {
                    #expect(try instance.call("f", [.i32(i), .i32(s)]) == [.i32(100 * i + 5 + extra)], "f(\(i), \(s))")
                }
            }
        }
        #expect(try specializedWords(branchModule).allSatisfy { Handler.stamp(of: $0) != .pair10 })

        // f(x, y): mem_i64[16, 24, 32] = 5, 7, 9; a = x + 8; (i64.load(y + 8) + i64.load(a + 8)) * 100 + a
        let loads: [UInt8] = Self.i32(16) + [0x42, 5, 0x37, 3, 0] + Self.i32(24) + [0x42, 7, 0x37, 3, 0] + Self.i32(32) + [0x42, 9, 0x37, 3, 0]
            + Self.get(0) + Self.i32(8) + [0x6A, 0x21, 2] + Self.get(1) + [0x29, 3, 8]
            + Self.get(2) + Self.i32(8) + [0x6A, 0x29, 3, 0] + [0x7C, 0xA7] + Self.i32(100) + [0x6C] + Self.get(2) + [0x6A]
        let loadModule = ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7F], locals: [1, 1, 0x7F], code: loads, memory: true)
        for (_, instance) in try instances(loadModule) {
            #expect(try instance.call("f", [.i32(0), .i32(16)]) == [.i32(1208)], "a + 8 = 16 holds 5, y + 8 = 24 holds 7")
            #expect(try instance.call("f", [.i32(16), .i32(8)]) == [.i32(1424)], "a + 8 = 32 holds 9, y + 8 = 16 holds 5")
        }
    }

    /// The float chains of an n-body step (a difference squared, a sum of
    /// squares, `d2 * sqrt(d2)`, a step divided by it, velocities updated
    /// by products) run as pairs and triples that hand each result on in a
    /// register: every operation still rounds on its own, on both tiers.
    /// Two products next to each other where the second does not read the
    /// first stay apart.
    @Test func forwardedFloatChains() throws {
        // f(p, x, y): mem[p] = [1.5, -2.25, 0.75, 3.0] (bx, by, v, mass); dx = x - bx; dy = y - by;
        // d2 = y + (dx * dx + dy * dy); mag = 0.01 / (d2 * sqrt(d2)); v -= dx * mass * mag; v -= dy * x * mag;
        // returns v + d2 + mag + (x * y) * (y * dx)
        func store(_ offset: UInt8, _ v: Double) -> [UInt8] { Self.get(0) + Self.f64(v) + [0x39, 3, offset] }
        func load(_ offset: UInt8) -> [UInt8] { Self.get(0) + [0x2B, 3, offset] }
        let (p, x, y, dx, dy, d2, mag): (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 1, 2, 3, 4, 5, 6)
        var body = store(0, 1.5) + store(8, -2.25) + store(16, 0.75) + store(24, 3.0)
        body += Self.get(y)
        body += Self.get(x) + load(0) + [0xA1, 0x22, dx] + Self.get(dx) + [0xA2]
        body += Self.get(y) + load(8) + [0xA1, 0x22, dy] + Self.get(dy) + [0xA2, 0xA0, 0xA0, 0x21, d2]
        body += Self.f64(0.01) + Self.get(d2) + Self.get(d2) + [0x9F, 0xA2, 0xA3, 0x21, mag]
        body += Self.get(p) + load(16) + Self.get(dx) + load(24) + [0xA2] + Self.f64(0.01) + Self.get(d2) + Self.get(d2) + [0x9F, 0xA2, 0xA3]
        body += [0xA2, 0xA1, 0x39, 3, 16]
        body += Self.get(p) + load(16) + Self.get(dy) + Self.get(x) + [0xA2] + Self.get(mag) + [0xA2, 0xA1, 0x39, 3, 16]
        body += load(16) + Self.get(d2) + [0xA0] + Self.get(mag) + [0xA0]
        body += Self.get(x) + Self.get(y) + [0xA2] + Self.get(y) + Self.get(dx) + [0xA2, 0xA2, 0xA0]
        func want(_ x: Double, _ y: Double) -> Double {
            let dx = x - 1.5, dy = y - -2.25
            let d2 = y + (dx * dx + dy * dy)
            let mag = 0.01 / (d2 * d2.squareRoot())
            var v = 0.75
            v = v - dx * 3.0 * (0.01 / (d2 * d2.squareRoot()))
            v = v - dy * x * mag
            return v + d2 + mag + (x * y) * (y * dx)
        }
        let bytes = ModuleBytes.function(params: [0x7F, 0x7C, 0x7C], results: [0x7C], locals: [1, 4, 0x7C], code: body, memory: true)
        for (_, instance) in try instances(bytes) {
            for (x, y): (Double, Double) in [(4.0, 1.0), (-3.5, 7.25), (0.1, 0.2), (1.5, 2.25), (1e300, 3.0), (2.0, -50.0)] {
                let got = try instance.call("f", [.i32(64), .f64(x.bitPattern), .f64(y.bitPattern)])
                let expected = want(x, y)
                #expect(got == [.f64(expected.bitPattern)] || (expected.isNaN && got.count == 1), "f(\(x), \(y)) = \(got), want \(expected)")
            }
        }
        let stamps = Set(try specializedWords(bytes).compactMap { Handler.stamp(of: $0) })
        for forwarding: Handler in [.pair33, .pair56, .pair57, .pair58, .pair59] {
            #expect(stamps.contains(forwarding), "\(forwarding) \(Handler.pairs[Int(forwarding.rawValue - Handler.pair0.rawValue)])")
        }
    }

    /// Moving a value copies as many bytes as its type has: an i32 or f32
    /// argument with 4-byte loads and stores (an 8-byte load right after the
    /// 4-byte store that wrote the value would wait for that store to reach
    /// the cache), an i64 or f64 with 8; `select` of i32 likewise.
    @Test func copiesAtTheValueWidth() throws {
        // f(x: i32, y: i64, a: f32, b: f64) -> f64: x == 0 ? f64(a) + b + f64(y) : f(x - 1, y, a, b)
        let body: [UInt8] = Self.get(0) + [0x45, 0x04, 0x7C] + Self.get(2) + [0xBB] + Self.get(3) + [0xA0] + Self.get(1) + [0xB9, 0xA0]
            + [0x05] + Self.get(0) + Self.i32(1) + [0x6B] + Self.get(1) + Self.get(2) + Self.get(3) + [0x10, 0, 0x0B]
        let bytes = ModuleBytes.function(params: [0x7F, 0x7E, 0x7D, 0x7C], results: [0x7C], code: body)
        for (_, instance) in try instances(bytes) {
            let result = try instance.call("f", [.i32(3), .i64(5), .f32(Float(1.5).bitPattern), .f64(Double(2.25).bitPattern)])
            #expect(result == [.f64(Double(8.75).bitPattern)])
        }
        let words = try specializedWords(bytes)
        func count(_ op: UInt16) -> Int { words.filter { UInt16(truncatingIfNeeded: $0) == op }.count }
        #expect(count(IOp.copy32) == 1)  // a
        #expect(count(IOp.copy64) == 3)  // y, b and the if's f64 result
        #expect(count(IOp.copy128) == 0)

        // g(c: i32, x: i32, y: i64) -> i32: select(x, i32(y), c): a 4-byte select.
        let select = Self.get(1) + Self.get(2) + [0xA7] + Self.get(0) + [0x1B]
        let selectBytes = ModuleBytes.function(params: [0x7F, 0x7F, 0x7E], results: [0x7F], code: select)
        for (_, instance) in try instances(selectBytes) {
            #expect(try instance.call("f", [.i32(0), .i32(7), .i64(0x1_0000_0009)]) == [.i32(9)])
            #expect(try instance.call("f", [.i32(1), .i32(7), .i64(0x1_0000_0009)]) == [.i32(7)])
        }
        #expect(try specializedWords(selectBytes).contains { UInt16(truncatingIfNeeded: $0) == IOp.select32 })
    }

    /// Globals move at their width too: the specialized handlers copy an
    /// i32 or f32 global with 4-byte accesses, and wider ones (which take
    /// the general dispatch) keep all their bytes.
    @Test func globalsAtTheValueWidth() throws {
        // f(x: i32, y: i64, a: f32, b: f64) -> i64: g0 = x + 1; g1 = y; g2 = a; g3 = b;
        // returns u64(g0) + g1 + trunc(g2) + trunc(g3), each global read back.
        var m = ModuleBytes()
        m.section(1, [1, 0x60, 4, 0x7F, 0x7E, 0x7D, 0x7C, 1, 0x7E])
        m.section(3, [1, 0])
        m.section(6, [4, 0x7F, 1, 0x41, 0, 0x0B, 0x7E, 1, 0x42, 0, 0x0B, 0x7D, 1, 0x43, 0, 0, 0, 0, 0x0B,
                      0x7C, 1, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B])
        m.section(7, [1, 1, UInt8(ascii: "f"), 0, 0])
        let body: [UInt8] = [0] + Self.get(0) + Self.i32(1) + [0x6A, 0x24, 0] + Self.get(1) + [0x24, 1] + Self.get(2) + [0x24, 2]
            + Self.get(3) + [0x24, 3] + [0x23, 0, 0xAD, 0x23, 1, 0x7C, 0x23, 2, 0xAE, 0x7C, 0x23, 3, 0xB0, 0x7C, 0x0B]
        m.section(10, [1] + ModuleBytes.uleb(UInt64(body.count)) + body)
        let args: [Value] = [.i32(0xFFFF_FFFE), .i64(0x1_0000_0000_0005), .f32(Float(1.5).bitPattern), .f64(Double(2.5e9).bitPattern)]
        for (_, instance) in try instances(m.bytes) {
            #expect(try instance.call("f", args) == [.i64(0xFFFF_FFFF + 0x1_0000_0000_0005 + 1 + 2_500_000_000)])
        }
        // Specialized: the set and get of g0 and g2, each narrow.
        let specialized = try specializedWords(m.bytes).filter { [IOp.globalGet, IOp.globalSet].contains(UInt16(truncatingIfNeeded: $0)) }
        #expect(specialized.count == 4)
        #expect(specialized.allSatisfy { $0 & IOp.narrowGlobal != 0 })
    }

    /// A store followed by a loop counter's step runs as one pair handler
    /// until the step is folded into the loop's branch: the store must then
    /// run alone (its pair stamp undone), or the pair would run the step's
    /// handler on the branch's words.
    @Test func pairUndoneWhenSecondInstructionFolds() throws {
        // f(n, v): block { loop { mem[p + 16] = v; n -= 1 (tee); if n == 0 break; p += 4 } }; return mem[p + 16]
        let body: [UInt8] = [0x02, 0x40, 0x03, 0x40] + Self.get(2) + Self.get(1) + [0x36, 2, 16]
            + Self.get(0) + Self.i32(-1) + [0x6A, 0x22, 0, 0x45, 0x0D, 1]
            + Self.get(2) + Self.i32(4) + [0x6A, 0x21, 2, 0x0C, 0, 0x0B, 0x0B]
            + Self.get(2) + [0x28, 2, 16]
        let bytes = ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7F], locals: [1, 1, 0x7F], code: body, memory: true)
        for (_, instance) in try instances(bytes) {
            for n: UInt32 in [1, 5] {
                #expect(try instance.call("f", [.i32(n), .i32(77)]) == [.i32(77)], "n=\(n)")
            }
        }
    }

    /// The dispatch of a switch loop, `next = pc + 1; op = code[pc]; br_table`,
    /// runs as one handler (a pair whose second is the load-and-`br_table`
    /// pair) with each part's semantics: the ops run in order, and a `pc`
    /// past the memory traps in the load.
    @Test func switchLoopDispatchIsOneHandler() throws {
        // f(n) (pc, next, acc): code[256..] = [1, 2, 1, 0]; pc = n;
        // loop { next = pc + 1; switch code[pc] { 0: halt; 1: acc += 3; 2: acc *= 2 }; pc = next }; acc
        let op = Self.get(2) + [0x21, 1]
        let body: [UInt8] = Self.i32(1024) + Self.i32(1) + [0x36, 2, 0] + Self.i32(1028) + Self.i32(2) + [0x36, 2, 0]
            + Self.i32(1032) + Self.i32(1) + [0x36, 2, 0] + Self.get(0) + [0x21, 1]
            + [0x02, 0x40, 0x03, 0x40] + Self.get(1) + Self.i32(1) + [0x6A, 0x21, 2]
            + [0x02, 0x40, 0x02, 0x40, 0x02, 0x40] + Self.get(1) + Self.i32(2) + [0x74] + Self.i32(1024) + [0x6A, 0x28, 2, 0]
            + [0x0E, 3, 0, 1, 2, 0, 0x0B, 0x0C, 3, 0x0B]
            + Self.get(3) + Self.i32(3) + [0x6A, 0x21, 3] + op + [0x0C, 1, 0x0B]
            + Self.get(3) + Self.i32(2) + [0x6C, 0x21, 3] + op + [0x0C, 0, 0x0B, 0x0B] + Self.get(3)
        let bytes = ModuleBytes.function(params: [0x7F], results: [0x7F], locals: [1, 3, 0x7F], code: body, memory: true)
        for (_, instance) in try instances(bytes) {
            #expect(try instance.call("f", [.i32(0)]) == [.i32(9)])
            #expect(try instance.call("f", [.i32(1)]) == [.i32(3)])
            #expect(try instance.call("f", [.i32(3)]) == [.i32(0)])
            expectOutOfBounds(Result { try instance.call("f", [.i32(20000)]) })
        }
        let dispatch = try #require(Handler.pair(.i6A, .pair10))
        #expect(try specializedWords(bytes).filter { Handler.stamp(of: $0) == dispatch && UInt16(truncatingIfNeeded: $0) == 0x6A }.count == 1)
    }

    /// A pair whose second member is a pair takes in the instruction before
    /// even when that one was already paired with the next: `base + 64`,
    /// `i - 1` and the load of `(base + 64) + ((i - 1) << 3)` run as one
    /// handler, with each part's semantics (i32 wrap-around, a bounds trap in
    /// the load).
    @Test func tripleReplacesAPair() throws {
        // f(base, i): i64.load((base + 64) + ((i - 1) << 3)), after storing 8 * k + 7 at 64 + 8 * k for k < 8
        var body: [UInt8] = []
        for k in 0..<8 { body += Self.i32(Int64(64 + 8 * k)) + [0x42] + CompilerTests.sleb(Int64(8 * k + 7)) + [0x37, 3, 0] }
        body += Self.get(0) + Self.i32(64) + [0x6A] + Self.get(1) + Self.i32(-1) + [0x6A, 0x22, 1] + Self.i32(3) + [0x74, 0x6A, 0x29, 3, 0]
        let bytes = ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7E], code: body, memory: true)
        for (_, instance) in try instances(bytes) {
            for k: UInt32 in [0, 3, 7] {
                #expect(try instance.call("f", [.i32(0), .i32(k + 1)]) == [.i64(UInt64(8 * k + 7))], "k=\(k)")
            }
            #expect(try instance.call("f", [.i32(8), .i32(1)]) == [.i64(15)])
            expectOutOfBounds(Result { try instance.call("f", [.i32(65536 - 64 - 4), .i32(1)]) })
            #expect(try instance.call("f", [.i32(16), .i32(0)]) == [.i64(15)], "(i - 1) << 3 wraps to -8")
        }
        let triple = try #require(Handler.pair(.i6A, .pair13))
        #expect(try specializedWords(bytes).contains { Handler.stamp(of: $0) == triple })
    }

    /// A store followed by a loop latch whose add, tee and comparison of two
    /// locals fold into one branch: the store pairs with the folded branch
    /// (the instruction before the fold stays known), and the pair keeps
    /// each part's semantics, including a bounds trap partway through.
    @Test func storePairedWithFoldedLatch() throws {
        // f(p, n): loop { mem_i64[p + 16] = 5; p += 4 (tee); br_if p != n }; mem[n + 12] + mem[16] + 100 * mem[n + 16]
        let body: [UInt8] = [0x03, 0x40] + Self.get(0) + [0x42, 5, 0x37, 3, 16]
            + Self.get(0) + Self.i32(4) + [0x6A, 0x22, 0] + Self.get(1) + [0x47, 0x0D, 0, 0x0B]
            + Self.get(1) + [0x28, 2, 12] + Self.i32(0) + [0x28, 2, 16, 0x6A]
            + Self.get(1) + [0x28, 2, 16] + Self.i32(100) + [0x6C, 0x6A]
        for result in try results(params: [0x7F, 0x7F], results: [0x7F], code: body, args: [.i32(0), .i32(400)]) {
            #expect(try result.get() == [.i32(10)])
        }
        for result in try results(params: [0x7F, 0x7F], results: [0x7F], code: body, args: [.i32(0), .i32(65536)]) {
            expectOutOfBounds(result)
        }
    }

    /// Setting a local to zero is left out only where it already holds zero
    /// (a declared local not yet written, outside any loop): a parameter set
    /// to zero and a local reset to zero at the top of a loop still are.
    @Test func zeroedLocalsKeepTheirResets() throws {
        // f(p, n) (x, i): p = 0; x = 0; loop { x = 0; x += i; i += 1; br_if i < n }; x + p
        let body: [UInt8] = Self.i32(0) + [0x21, 0] + Self.i32(0) + [0x21, 2]
            + [0x03, 0x40] + Self.i32(0) + [0x21, 2] + Self.get(2) + Self.get(3) + [0x6A, 0x21, 2]
            + Self.get(3) + Self.i32(1) + [0x6A, 0x22, 3] + Self.get(1) + [0x49, 0x0D, 0, 0x0B]
            + Self.get(2) + Self.get(0) + [0x6A]
        let bytes = ModuleBytes.function(params: [0x7F, 0x7F], results: [0x7F], locals: [1, 2, 0x7F], code: body)
        for (_, instance) in try instances(bytes) {
            #expect(try instance.call("f", [.i32(100), .i32(5)]) == [.i32(4)])
        }
    }

    /// Float subtraction and division of a constant by a value (a constant
    /// first operand, which has handlers of its own) keep the operand order.
    @Test func constantFirstFloatOperands() throws {
        // f(x: f64, y: f32) = (10 - x) + (1 / x) + f64(3 - y) + f64(6 / y)
        let code = Self.f64(10) + Self.get(0) + [0xA1] + Self.f64(1) + Self.get(0) + [0xA3, 0xA0]
            + Self.f32(3) + Self.get(1) + [0x93, 0xBB, 0xA0] + Self.f32(6) + Self.get(1) + [0x95, 0xBB, 0xA0]
        for result in try results(params: [0x7C, 0x7D], results: [0x7C], code: code,
                                  args: [.f64((4.0).bitPattern), .f32(Float(2).bitPattern)]) {
            #expect(try result.get() == [.f64((10.25).bitPattern)])
        }
    }

    /// Memory-0 accesses at a constant address (static data): a store, a
    /// load, an f64 load folded into arithmetic with a local or a constant,
    /// and bounds traps.
    @Test func constantAddresses() throws {
        // f(x: i32, y: f64) -> f64: mem[40] = x; mem[48] = f64(mem[40]);
        // returns mem_f64[48] * y + mem_f64[48] * 0.25 + (100 - mem_f64[48])
        let load48 = Self.i32(48) + [0x2B, 3, 0]
        let code = Self.i32(32) + Self.get(0) + [0x36, 2, 8]
            + Self.i32(48) + Self.i32(32) + [0x28, 2, 8, 0xB7, 0x39, 3, 0]
            + load48 + Self.get(1) + [0xA2]
            + load48 + Self.f64(0.25) + [0xA2, 0xA0]
            + Self.f64(100) + load48 + [0xA1, 0xA0]
        for result in try results(params: [0x7F, 0x7C], results: [0x7C], code: code, args: [.i32(7), .f64((1.5).bitPattern)]) {
            #expect(try result.get() == [.f64((105.25).bitPattern)])
        }
        for outOfBounds in [Self.i32(65532) + [0x28, 2, 8, 0xB7], Self.i32(65532) + [0x2B, 3, 0] + Self.f64(2) + [0xA2]] {
            for result in try results(params: [0x7F, 0x7C], results: [0x7C], code: outOfBounds, args: [.i32(0), .f64(0)]) {
                expectOutOfBounds(result)
            }
        }
    }

    /// Every load and store of memory 0 reaches the memory's last byte and
    /// traps one byte further, its offset counted, with the address in a
    /// local and as a constant (the interpreter's handlers compare the
    /// access's end, the offset plus the size, with the length).
    @Test func accessesEndAtTheLastByte() throws {
        let zero: [UInt8: [UInt8]] = [0x7F: [0x41, 0], 0x7E: [0x42, 0], 0x7D: [0x43] + [UInt8](repeating: 0, count: 4),
                                      0x7C: [0x44] + [UInt8](repeating: 0, count: 8)]
        // (opcode, value type, access size log2)
        let loads: [(UInt8, UInt8, UInt8)] = [(0x28, 0x7F, 2), (0x29, 0x7E, 3), (0x2A, 0x7D, 2), (0x2B, 0x7C, 3),
                                             (0x2C, 0x7F, 0), (0x2D, 0x7F, 0), (0x2E, 0x7F, 1), (0x2F, 0x7F, 1),
                                             (0x30, 0x7E, 0), (0x31, 0x7E, 0), (0x32, 0x7E, 1), (0x33, 0x7E, 1),
                                             (0x34, 0x7E, 2), (0x35, 0x7E, 2)]
        let stores: [(UInt8, UInt8, UInt8)] = [(0x36, 0x7F, 2), (0x37, 0x7E, 3), (0x38, 0x7D, 2), (0x39, 0x7C, 3),
                                              (0x3A, 0x7F, 0), (0x3B, 0x7F, 1), (0x3C, 0x7E, 0), (0x3D, 0x7E, 1), (0x3E, 0x7E, 2)]
        for (op, type, align) in loads + stores {
            let isLoad = op <= 0x35
            let last = UInt32(65536 - 16 - (1 << align))
            for (address, arrives) in [(last, true), (last + 1, false)] {
                for operand in [Self.get(0), Self.i32(Int64(address))] {
                    let access = operand + (isLoad ? [] : zero[type]!) + [op, align, 16] + (isLoad ? [0x1A] : [])
                    for result in try results(params: [0x7F], results: [], code: access, args: [.i32(address)]) {
                        let label = "op 0x\(String(op, radix: 16)) at \(address)"
                        if arrives { #expect(try result.get() == [], "\(label)") } else { expectOutOfBounds(result, label) }
                    }
                }
            }
        }
    }

    /// `i32.wrap_i64` runs nothing in the interpreter: its result is the low
    /// half of the operand's slot. Each variant wraps an i64 whose high half
    /// is set (a param, a computed value kept in an i32 local, a constant)
    /// and reads the i32 back as an i64 and through `i32.eqz`.
    @Test(arguments: [
        get(0) + [0xA7],                                                           // wrap of a local
        get(0) + [0x42, 0x00, 0x85, 0xA7, 0x21, 1, 0x20, 1],                      // (x ^ 0), kept in an i32 local
        [0x42] + CompilerTests.sleb(0x7_0000_0000) + get(0) + [0x84, 0xA7],       // (0x7_0000_0000 | x)
    ])
    func wrapReadsTheLowHalf(wrapped: [UInt8]) throws {
        // f(x) = i64.extend_i32_u(wrap) * 2 + i32.eqz(wrap), for an i64 x.
        let code = wrapped + [0xAD, 0x42, 0x02, 0x7E] + wrapped + [0x45, 0xAD, 0x7C]
        for x: UInt64 in [0x1_0000_0000, 0xFFFF_FFFF_0000_0005, 0x8000_0000_8000_0000] {
            let low = x & 0xFFFF_FFFF
            let want = low * 2 + (low == 0 ? 1 : 0)
            let module = ModuleBytes.function(params: [0x7E], results: [0x7E], locals: [1, 1, 0x7F], code: code)
            for run in try instances(module) {
                #expect(try run.instance.call("f", [.i64(x)]) == [Value.i64(want)], "f(\(x))")
            }
        }
    }
}
