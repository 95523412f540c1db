import Testing
@testable import SwasmCore

/// Regression tests for failures other runtimes had, on the compiler tier,
/// and a differential test of the compiler against the interpreter.
@Suite struct CompilerTests {
    static func engine(_ strategy: ExecutionStrategy) -> Engine {
        var config = EngineConfig()
        config.strategy = strategy
        return Engine(config: config)
    }

    let compiler = CompilerTests.engine(.compiler)
    let interpreter = CompilerTests.engine(.interpreter)

    static func sleb(_ v: Int64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        while true {
            let b = UInt8(v & 0x7F)
            v >>= 7
            if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) { out.append(b); return out }
            out.append(b | 0x80)
        }
    }

    static func vec(_ items: [[UInt8]]) -> [UInt8] {
        ModuleBytes.uleb(UInt64(items.count)) + items.flatMap { $0 }
    }

    static func name(_ s: String) -> [UInt8] { ModuleBytes.uleb(UInt64(s.utf8.count)) + Array(s.utf8) }

    static func funcType(_ params: [UInt8], _ results: [UInt8]) -> [UInt8] {
        [0x60] + ModuleBytes.uleb(UInt64(params.count)) + params + ModuleBytes.uleb(UInt64(results.count)) + results
    }

    static func body(_ code: [UInt8], locals: [UInt8] = [0]) -> [UInt8] {
        let b = locals + code + [0x0B]
        return ModuleBytes.uleb(UInt64(b.count)) + b
    }

    // MARK: Regressions

    /// wasmtime panicked at 254+ results: 1000 results, called from wasm and from the host.
    @Test func thousandResultsFromWasmAndHost() throws {
        let n = 1000
        var m = ModuleBytes()
        m.section(1, Self.vec([Self.funcType([], [UInt8](repeating: 0x7F, count: n)), Self.funcType([], [0x7F])]))
        m.section(3, Self.vec([[0], [1]]))
        m.section(7, Self.vec([Self.name("many") + [0, 0], Self.name("alternating") + [0, 1]]))
        var many: [UInt8] = []
        for i in 0..<n { many += [0x41] + Self.sleb(Int64(i)) }
        // v0 - (v1 - (v2 - ... - v999)) = -500 for v_i = i: sensitive to every position.
        let alternating: [UInt8] = [0x10, 0] + [UInt8](repeating: 0x6B, count: n - 1)
        m.section(10, Self.vec([Self.body(many), Self.body(alternating)]))
        let store = Store(engine: compiler)
        let instance = try Instance(store: store, compiled: CompiledModule(engine: compiler, bytes: m.bytes), imports: [])
        let values = try instance.function("many").call([])
        #expect(values.count == n)
        #expect(values.enumerated().allSatisfy { $0.element == .i32(UInt32($0.offset)) })
        #expect(try instance.function("alternating").call([]) == [.i32(UInt32(bitPattern: -500))])
    }

    /// wazero compared module-local type indices: a table filled by one
    /// module, called through `call_indirect` from another that declares the
    /// same type at a different index.
    @Test func crossModuleCallIndirect() throws {
        var a = ModuleBytes()
        a.section(1, Self.vec([Self.funcType([0x7F], [0x7F])]))
        a.section(3, Self.vec([[0]]))
        a.section(4, Self.vec([[0x70, 0x00, 0x02]]))
        a.section(7, Self.vec([Self.name("t") + [1, 0], Self.name("inc") + [0, 0]]))
        a.section(9, Self.vec([[0x00, 0x41, 0x00, 0x0B] + Self.vec([[0]])]))
        a.section(10, Self.vec([Self.body([0x20, 0, 0x41, 1, 0x6A])]))

        var b = ModuleBytes()
        // Type 0 is a decoy; type 1 equals module A's type 0.
        b.section(1, Self.vec([Self.funcType([0x7C], [0x7C]), Self.funcType([0x7F], [0x7F])]))
        b.section(2, Self.vec([Self.name("a") + Self.name("t") + [1, 0x70, 0x00, 0x02],
                               Self.name("a") + Self.name("inc") + [0, 1]]))
        b.section(3, Self.vec([[1], [1], [1]]))
        b.section(7, Self.vec([Self.name("viaTable") + [0, 1], Self.name("wrongType") + [0, 2], Self.name("empty") + [0, 3]]))
        b.section(10, Self.vec([
            Self.body([0x20, 0, 0x41, 0, 0x11, 1, 0]),
            Self.body([0x44] + [UInt8](repeating: 0, count: 8) + [0x41, 0, 0x11, 0, 0, 0x1A, 0x41, 0]),
            Self.body([0x20, 0, 0x41, 1, 0x11, 1, 0]),
        ]))
        let store = Store(engine: compiler)
        let ia = try Instance(store: store, compiled: CompiledModule(engine: compiler, bytes: a.bytes), imports: [])
        guard case .table(let t)? = ia.export("t"), case .function(let inc)? = ia.export("inc") else {
            Issue.record("exports missing")
            return
        }
        let ib = try Instance(store: store, compiled: CompiledModule(engine: compiler, bytes: b.bytes),
                              imports: [.table(t), .function(inc)])
        #expect(try ib.function("viaTable").call([.i32(41)]) == [.i32(42)])
        for (name, reason) in [("wrongType", Trap.Reason.indirectCallTypeMismatch), ("empty", .uninitializedElement)] {
            do {
                _ = try ib.function(name).call([.i32(1)])
                Issue.record("\(name): no trap")
            } catch let trap as Trap {
                #expect(trap.reason == reason)
                #expect(trap.frames.first?.functionIndex == (name == "wrongType" ? 2 : 3))
            }
        }
    }

    /// A call into another instance and the return from it switch memory 0:
    /// each side reads its own memory, on both tiers, also after each grew its own.
    @Test func callsAcrossInstancesUseEachOwnMemory() throws {
        let grow: [UInt8] = [0x41, 1, 0x40, 0, 0x1A]
        let loadNewPage: [UInt8] = [0x41, 0, 0x28, 2, 0x80, 0x80, 0x04]
        let loadFirst: [UInt8] = [0x41, 0, 0x28, 2, 0]
        func data(_ byte: UInt8) -> [UInt8] { Self.vec([[0x00, 0x41, 0x00, 0x0B, 4, byte, byte, byte, byte]]) }
        // A: peek() = A.mem[0] + (grow A's memory; A.mem[65536]).
        var a = ModuleBytes()
        a.section(1, Self.vec([Self.funcType([], [0x7F])]))
        a.section(3, Self.vec([[0]]))
        a.section(5, Self.vec([[0x00, 0x01]]))
        a.section(7, Self.vec([Self.name("peek") + [0, 0]]))
        a.section(10, Self.vec([Self.body(loadFirst + grow + loadNewPage + [0x6A])]))
        a.section(11, data(0x11))
        // B: main() = peek() + B.mem[0] + (growB(); B.mem[65536]).
        var b = ModuleBytes()
        b.section(1, Self.vec([Self.funcType([], [0x7F]), Self.funcType([], [])]))
        b.section(2, Self.vec([Self.name("a") + Self.name("peek") + [0, 0]]))
        b.section(3, Self.vec([[0], [1]]))
        b.section(5, Self.vec([[0x00, 0x01]]))
        b.section(7, Self.vec([Self.name("main") + [0, 1]]))
        b.section(10, Self.vec([Self.body([0x10, 0] + loadFirst + [0x6A, 0x10, 2] + loadNewPage + [0x6A]), Self.body(grow)]))
        b.section(11, data(0x22))
        for engine in [compiler, interpreter] {
            let linked = try Self.link(a, exporting: "peek", to: b, on: engine)
            #expect(try linked.instance.function("main").call([]) == [.i32(0x3333_3333)], "\(engine.config.strategy)")
            withExtendedLifetime(linked.store) {}
        }
    }

    /// Instantiates `a`, then `b` with a's function export `name` as its
    /// only import; returns b's instance and the store that owns both (an
    /// instance does not keep its store alive).
    static func link(_ a: ModuleBytes, exporting name: String, to b: ModuleBytes, on engine: Engine) throws -> (store: Store, instance: Instance) {
        let store = Store(engine: engine)
        let ia = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: a.bytes), imports: [])
        guard case .function(let f)? = ia.export(name) else { throw WasmError(.other, "no function export \(name)") }
        return (store, try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: b.bytes), imports: [.function(f)]))
    }

    /// A tail call through a table into another instance returns to the
    /// direct caller with that instance's VM context in the pinned register:
    /// the caller must still read its own globals afterwards.
    @Test func tailCallIntoOtherInstanceReturnsToOwnContext() throws {
        var a = ModuleBytes()
        a.section(1, Self.vec([Self.funcType([], [0x7F])]))
        a.section(3, Self.vec([[0]]))
        a.section(6, Self.vec([[0x7F, 0x00, 0x41] + Self.sleb(111) + [0x0B]]))
        a.section(7, Self.vec([Self.name("g") + [0, 0]]))
        a.section(10, Self.vec([Self.body([0x23, 0])]))
        var b = ModuleBytes()
        b.section(1, Self.vec([Self.funcType([], [0x7F])]))
        b.section(2, Self.vec([Self.name("a") + Self.name("g") + [0, 0]]))
        b.section(3, Self.vec([[0], [0]]))
        b.section(4, Self.vec([[0x70, 0x00, 0x01]]))
        b.section(6, Self.vec([[0x7F, 0x00, 0x41] + Self.sleb(222) + [0x0B]]))
        b.section(7, Self.vec([Self.name("main") + [0, 2]]))
        b.section(9, Self.vec([[0x00, 0x41, 0x00, 0x0B] + Self.vec([[0]])]))
        // f = return_call_indirect table[0]; main = f() + own global.
        b.section(10, Self.vec([Self.body([0x41, 0, 0x13, 0, 0]), Self.body([0x10, 1, 0x23, 0, 0x6A])]))
        let linked = try Self.link(a, exporting: "g", to: b, on: compiler)
        #expect(try linked.instance.function("main").call([]) == [.i32(333)])
        withExtendedLifetime(linked.store) {}
    }

    /// A memory 0 without the guard reservation (address space ran out, or
    /// imported from elsewhere) gets the module's code with explicit bounds
    /// checks: accesses in range work, the ones past the end trap.
    @Test func unguardedMemoryGetsBoundsCheckedCode() throws {
        var m = ModuleBytes()
        m.section(1, Self.vec([Self.funcType([0x7F], [0x7F]), Self.funcType([0x7F, 0x7F], [])]))
        m.section(2, Self.vec([Self.name("m") + Self.name("mem") + [0x02, 0x00, 0x01]]))
        m.section(3, Self.vec([[0], [1]]))
        m.section(7, Self.vec([Self.name("load") + [0, 0], Self.name("store") + [0, 1]]))
        m.section(10, Self.vec([Self.body([0x20, 0, 0x28, 2, 0]), Self.body([0x20, 0, 0x20, 1, 0x36, 2, 0])]))
        let compiled = try CompiledModule(engine: compiler, bytes: m.bytes)
        let store = Store(engine: compiler)
        let memory = try Memory(store: store, type: MemoryType(limits: Limits(min: 1, max: nil)), reserveGuard: false)
        #expect(!memory.isGuarded)
        let instance = try Instance(store: store, compiled: compiled, imports: [.memory(memory)])
        #expect(try compiled.machineCode(for: instance) !== compiled.machineCode)
        _ = try instance.function("store").call([.i32(65532), .i32(0x1234_5678)])
        #expect(try instance.function("load").call([.i32(65532)]) == [.i32(0x1234_5678)])
        for address: UInt32 in [65533, 65536, 1 << 20, 0xFFFF_FFFF] {
            do {
                _ = try instance.function("load").call([.i32(address)])
                Issue.record("load at \(address): no trap")
            } catch let trap as Trap {
                #expect(trap.reason == .memoryOutOfBounds)
            }
        }
        withExtendedLifetime((store, memory)) {}
    }

    /// One function of several MB of machine code (branch and call ranges, patching).
    @Test func hugeFunction() throws {
        let repeats = 300_000
        var code: [UInt8] = []
        code.reserveCapacity(repeats * 6 + 4)
        for _ in 0..<repeats { code += [0x20, 0, 0x41, 1, 0x6A, 0x21, 0] }
        code += [0x20, 0]
        let bytes = ModuleBytes.function(params: [0x7F], results: [0x7F], code: code)
        let compiled = try CompiledModule(engine: compiler, bytes: bytes)
        #expect((compiled.machineCode?.size ?? 0) > 2 << 20)
        let store = Store(engine: compiler)
        let instance = try Instance(store: store, compiled: compiled, imports: [])
        #expect(try instance.function("f").call([.i32(5)]) == [.i32(UInt32(5 + repeats))])
        withExtendedLifetime(store) {}
    }

    /// Tens of thousands of functions, called directly and through a table.
    @Test func manyFunctions() throws {
        let n = 30_000
        var m = ModuleBytes()
        m.section(1, Self.vec([Self.funcType([], [0x7F]), Self.funcType([0x7F], [0x7F])]))
        m.section(3, Self.vec(Array(repeating: [0], count: n) + [[1]]))
        m.section(4, Self.vec([[0x70, 0x00] + ModuleBytes.uleb(UInt64(n))]))
        m.section(7, Self.vec([Self.name("main") + [0] + ModuleBytes.uleb(UInt64(n))]))
        m.section(9, Self.vec([[0x00, 0x41, 0x00, 0x0B] + Self.vec((0..<n).map { ModuleBytes.uleb(UInt64($0)) })]))
        var bodies = (0..<n).map { Self.body([0x41] + Self.sleb(Int64($0 * 3))) }
        // main(i) = f[n-1]() + table[i]()
        bodies.append(Self.body([0x10] + ModuleBytes.uleb(UInt64(n - 1)) + [0x20, 0, 0x11, 0, 0, 0x6A]))
        m.section(10, Self.vec(bodies))
        let store = Store(engine: compiler)
        let instance = try Instance(store: store, compiled: CompiledModule(engine: compiler, bytes: m.bytes), imports: [])
        let main = try instance.function("main")
        #expect(try main.call([.i32(12345)]) == [.i32(UInt32((n - 1) * 3 + 12345 * 3))])
        #expect(try main.call([.i32(0)]) == [.i32(UInt32((n - 1) * 3))])
        withExtendedLifetime(store) {}
    }

    // MARK: Differential

    /// relaxed_nmadd(+0, 1, -0) is -0 (c - a*b, not -(a*b) + c with a +0 negation) on both tiers.
    @Test func relaxedNmaddKeepsNegativeZero() throws {
        func v128(_ lane: Double) -> [UInt8] {
            let bits = lane.bitPattern
            let half = (0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) }
            return [0xFD, 0x0C] + half + half
        }
        let code = v128(0) + v128(1) + v128(-0.0) + [0xFD, 0x88, 0x02, 0xFD, 0x21, 0, 0xBD]
        let bytes = ModuleBytes.function(results: [0x7E], code: code)
        for engine in [interpreter, compiler] {
            let store = Store(engine: engine)
            let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: bytes), imports: [])
            #expect(try instance.function("f").call([]) == [.i64(0x8000_0000_0000_0000)])
            withExtendedLifetime(store) {}
        }
    }


    /// Locals kept in registers (more of each class than there are local
    /// registers, so the busiest are chosen) keep their values across direct
    /// and host calls, whose callees use every local register themselves.
    @Test func registerLocalsSurviveCalls() throws {
        let ints = 1...6, longs = 7...9, floats = 10...18
        func get(_ i: Int) -> [UInt8] { [0x20, UInt8(i)] }
        func set(_ i: Int) -> [UInt8] { [0x21, UInt8(i)] }
        func f64(_ v: Double) -> [UInt8] { [0x44] + (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }
        // helper(a: i64, b: f64) -> f64 writes all of its 6 i64 and 9 f64 locals.
        var helper: [UInt8] = []
        for k in 2...7 { helper += get(0) + [0x42, UInt8(k)] + [0x7E] + set(k) }  // i64.mul
        for k in 8...16 { helper += get(1) + f64(Double(k)) + [0xA2] + set(k) }  // f64.mul
        helper += f64(0)
        for k in 8...16 { helper += get(k) + [0xA0] }
        for k in 2...7 { helper += get(k) + [0xB9, 0xA0] }  // f64.convert_i64_s, add
        // main(n: i32) -> i64: a loop updating every local around calls to helper and to the host.
        var loop: [UInt8] = [0x03, 0x40]
        for k in ints { loop += get(k) + [0x41, 31, 0x6C] + get(0) + [0x41, UInt8(k), 0x6A, 0x6A] + set(k) }
        for k in longs { loop += get(k) + get(k - 6) + [0xAD, 0x7C] + set(k) }
        loop += get(7) + get(11) + [0x10, 1] + set(10)
        for k in floats { loop += get(k) + f64(0.5) + [0xA2] + get(k % 6 + 1) + [0xB7, 0xA0] + set(k) }
        loop += get(3) + [0x10, 0] + set(2)
        loop += get(0) + [0x41, 1, 0x6B, 0x22, 0, 0x0D, 0, 0x0B]
        var main = loop + [0x42, 0]
        for k in ints { main += get(k) + [0xAD, 0x85] }  // xor
        for k in longs { main += get(k) + [0x7C] }
        for k in floats { main += [0x42, 3, 0x7E] + get(k) + [0xBD, 0x85] }
        var m = ModuleBytes()
        m.section(1, Self.vec([Self.funcType([0x7F], [0x7F]), Self.funcType([0x7E, 0x7C], [0x7C]), Self.funcType([0x7F], [0x7E])]))
        m.section(2, Self.vec([Self.name("host") + Self.name("mix") + [0, 0]]))
        m.section(3, Self.vec([[1], [2]]))
        m.section(7, Self.vec([Self.name("main") + [0, 2]]))
        m.section(10, Self.vec([Self.body(helper, locals: [2, 6, 0x7E, 9, 0x7C]),
                                Self.body(main, locals: [3, 6, 0x7F, 3, 0x7E, 9, 0x7C])]))
        var results: [[Value]] = []
        for engine in [interpreter, compiler] {
            let store = Store(engine: engine)
            let mix = Function(store: store, type: FuncType(params: [.i32], results: [.i32])) { _, slots in
                slots.storeBytes(of: UInt64(slots.load(as: UInt32.self) &* 0x9E37 ^ 0x55), as: UInt64.self)
            }
            let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: m.bytes),
                                        imports: [.function(mix)])
            results.append(try [1, 2, 7, 100].flatMap { try instance.function("main").call([.i32($0)]) })
            withExtendedLifetime(store) {}
        }
        #expect(results[0] == results[1])
    }

    /// Random straight-line and branching i64/i32 code gives the same
    /// results and traps on both tiers.
    @Test func randomProgramsAgreeAcrossTiers() throws {
        var rng = SplitMix(seed: 0x5EED)
        for round in 0..<150 {
            let code = RandomProgram.generate(&rng)
            let bytes = ModuleBytes.function(params: [0x7E, 0x7E], results: [0x7E], locals: [1, 2, 0x7E], code: code)
            let storeA = Store(engine: interpreter), storeB = Store(engine: compiler)
            defer { withExtendedLifetime((storeA, storeB)) {} }
            let a = try Instance(store: storeA, compiled: CompiledModule(engine: interpreter, bytes: bytes), imports: [])
            let b = try Instance(store: storeB, compiled: CompiledModule(engine: compiler, bytes: bytes), imports: [])
            for _ in 0..<6 {
                let args: [Value] = [.i64(RandomProgram.interesting(&rng)), .i64(RandomProgram.interesting(&rng))]
                let expected = Result { try a.function("f").call(args) }
                let actual = Result { try b.function("f").call(args) }
                switch (expected, actual) {
                case (.success(let x), .success(let y)):
                    #expect(x == y, "round \(round) args \(args)")
                case (.failure(let x as Trap), .failure(let y as Trap)):
                    #expect(x.reason == y.reason, "round \(round) args \(args)")
                default:
                    Issue.record("round \(round) args \(args): interpreter \(expected), compiler \(actual)")
                }
            }
        }
    }
}

/// A small deterministic random number generator.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Generates valid function bodies of type (i64, i64) -> i64 with one more i64 local.
enum RandomProgram {
    static let edges: [UInt64] = [0, 1, 2, 63, 64, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
                                  UInt64(Int64.max), UInt64(bitPattern: Int64.min), UInt64.max, UInt64.max - 1]

    static func interesting(_ rng: inout SplitMix) -> UInt64 {
        rng.below(3) == 0 ? rng.next() : edges[rng.below(edges.count)]
    }

    /// A body leaving one i64 on the stack.
    static func generate(_ rng: inout SplitMix) -> [UInt8] {
        var code: [UInt8] = []
        var depth = 0
        func pushValue() {
            switch rng.below(4) {
            case 0: code += [0x42] + CompilerTests.sleb(Int64(bitPattern: interesting(&rng)))
            default: code += [0x20, UInt8(rng.below(3))]
            }
            depth += 1
        }
        let binary: [UInt8] = [0x7C, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A]
        let unary: [UInt8] = [0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4]
        let compares: [UInt8] = Array(0x51...0x5A)
        for _ in 0..<(8 + rng.below(30)) {
            if depth < 2 || rng.below(4) == 0 { pushValue(); continue }
            switch rng.below(9) {
            case 0, 1, 2, 3: code.append(binary[rng.below(binary.count)]); depth -= 1
            case 4: code.append(unary[rng.below(unary.count)])
            case 5: code += [compares[rng.below(compares.count)], 0xAD]; depth -= 1  // compare, extend_i32_u
            case 6: code += [0xA7, 0x41] + CompilerTests.sleb(Int64(rng.below(40))) + [0x6A, 0xAC]  // through i32
            case 7: code += [0x22, 2]  // local.tee
            default:
                // select on a comparison of the top value with a constant
                code += [0x20, UInt8(rng.below(3)), 0x42, UInt8(rng.below(64)), 0x53, 0x1B]
                depth -= 1
            }
        }
        while depth > 1 { code.append(0x7C); depth -= 1 }
        if depth == 0 { code += [0x20, 0] }
        return code
    }
}
