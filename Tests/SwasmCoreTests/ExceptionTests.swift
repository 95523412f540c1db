import Testing
@testable import SwasmCore

/// Exception handling (`try_table`, `throw`, `throw_ref`, exnref) on every
/// tier: catching in the same function and further up, payloads of every
/// value class, rethrowing, catch-all, exceptions reaching the host and
/// crossing host frames and module boundaries.
@Suite struct ExceptionTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]

    static func engine(_ strategy: ExecutionStrategy) -> Engine {
        var config = EngineConfig()
        config.strategy = strategy
        return Engine(config: config)
    }

    typealias M = CompilerTests

    // Instruction bytes.
    static let i32: UInt8 = 0x7F, i64: UInt8 = 0x7E, f64: UInt8 = 0x7C, v128: UInt8 = 0x7B, exnref: UInt8 = 0x69
    static func tryTable(_ blockType: UInt8, _ catches: [[UInt8]]) -> [UInt8] { [0x1F, blockType] + M.vec(catches) }
    static func catchTag(_ tag: UInt8, _ label: UInt8) -> [UInt8] { [0x00, tag, label] }
    static func catchRef(_ tag: UInt8, _ label: UInt8) -> [UInt8] { [0x01, tag, label] }
    static func catchAll(_ label: UInt8) -> [UInt8] { [0x02, label] }
    static func f64Const(_ v: Double) -> [UInt8] { [0x44] + (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
    static func v128Const(_ lo: UInt64, _ hi: UInt64) -> [UInt8] {
        [0xFD, 0x0C] + (0..<8).map { UInt8(truncatingIfNeeded: lo >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: hi >> (8 * $0)) }
    }
    static let payloadI64: UInt64 = 0x1122_3344_5566_7788

    /// Module "a": tags $e (i32) and $p (i32 i64 f64 v128), a host import
    /// `host.cb (i32)`, throwing functions and catchers (see each body).
    static let moduleA: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([
            M.funcType([i32], []),                   // 0: $e, throwI32, host.cb
            M.funcType([i32, i64, f64, v128], []),   // 1: $p
            M.funcType([i32], [i32]),                // 2
            M.funcType([i32], [i32, i64, f64, v128]),  // 3
            M.funcType([], [i32]),                   // 4
            M.funcType([], [i32, i64, f64, v128]),   // 5: block type of "payload"
            M.funcType([i32], [i64]),                // 6
            M.funcType([], [i32, exnref]),           // 7: what catch_ref $e passes
        ]))
        m.section(2, M.vec([M.name("host") + M.name("cb") + [0x00, 0]]))
        m.section(3, M.vec([[0], [0], [0], [3], [2], [6], [2], [4], [4], [2], [2], [2], [0]]))
        m.section(13, M.vec([[0x00, 0], [0x00, 1]]))
        m.section(7, M.vec([
            M.name("throwI32") + [0, 1], M.name("payload") + [0, 4], M.name("same") + [0, 5],
            M.name("locals") + [0, 6], M.name("rethrow") + [0, 7], M.name("all") + [0, 8],
            M.name("nullRef") + [0, 9], M.name("viaHost") + [0, 10], M.name("loop") + [0, 11],
            M.name("toFunction") + [0, 12], M.name("e") + [4, 0],
        ]))
        m.section(10, M.vec([
            // 1 throwI32(x): throw $e x
            M.body([0x20, 0, 0x08, 0]),
            // 2 inner(x): throw $p x, payloadI64, 2.5, (7, 9)
            M.body([0x20, 0, 0x42] + M.sleb(Int64(bitPattern: payloadI64)) + f64Const(2.5) + v128Const(7, 9) + [0x08, 1]),
            // 3 middle(x): inner(x)
            M.body([0x20, 0, 0x10, 2]),
            // 4 payload(x): catches $p from middle(x), two calls down.
            M.body([0x02, 5] + tryTable(0x40, [catchTag(1, 0)]) + [0x20, 0, 0x10, 3, 0x0B, 0x00, 0x0B]),
            // 5 same(x): throw $e x caught in the same function, + 100.
            M.body([0x02, i32] + tryTable(0x40, [catchTag(0, 0)]) + [0x20, 0, 0x08, 0, 0x0B, 0x41, 0x7F, 0x0F, 0x0B,
                                                                      0x41] + M.sleb(100) + [0x6A]),
            // 6 locals(x): i64 and f64 locals set before a caught call keep their values: x + 40 + 1,
            //   though the exception passes through clobber's frame, whose locals use the same registers.
            M.body([0x42, 40, 0x21, 1] + f64Const(1.5) + [0x21, 2, 0x02, i32] + tryTable(i32, [catchTag(0, 0)])
                   + [0x20, 0, 0x10, 13, 0x41, 0, 0x0B, 0x0B, 0xAD, 0x20, 1, 0x7C, 0x20, 2, 0xB0, 0x7C],
                   locals: [2, 1, i64, 1, f64]),
            // 7 rethrow(x): catch_ref $e, throw_ref the exnref, catch it again outside.
            M.body([0x02, i32] + tryTable(0x40, [catchTag(0, 0)]) + [0x02, 7] + tryTable(0x40, [catchRef(0, 0)])
                   + [0x20, 0, 0x08, 0, 0x0B, 0x00, 0x0B, 0x0A, 0x0B, 0x00, 0x0B]),
            // 8 all(): catch_all around throwI32(3) -> 77.
            M.body([0x02, 0x40] + tryTable(0x40, [catchAll(0)]) + [0x41, 3, 0x10, 1, 0x0B, 0x41, 1, 0x0F, 0x0B, 0x41] + M.sleb(77)),
            // 9 nullRef(): throw_ref of a null exnref traps.
            M.body([0xD0, exnref, 0x0A]),
            // 10 viaHost(x): host.cb(x) calls back into throwI32(x); caught here.
            M.body([0x02, i32] + tryTable(0x40, [catchTag(0, 0)]) + [0x20, 0, 0x10, 0, 0x0B, 0x41, 0x7F, 0x0F, 0x0B]),
            // 11 loop(x): a catch to a loop label passes the payload as the loop's param: retries up to max(x, 3).
            M.body([0x20, 0, 0x03, 0, 0x21, 1, 0x20, 1, 0x41, 3, 0x4F, 0x04, 0x40, 0x20, 1, 0x0F, 0x0B]
                   + tryTable(0x40, [catchTag(0, 0)]) + [0x20, 1, 0x41, 1, 0x6A, 0x10, 1, 0x0B, 0x00, 0x0B, 0x00],
                   locals: [1, 1, i32]),
            // 12 toFunction(x): a catch to the function's label makes the payload the result.
            M.body(tryTable(0x40, [catchTag(0, 0)]) + [0x20, 0, 0x10, 1, 0x0B, 0x41, 0x7B]),
            // 13 clobber(x): sets register locals to other values, then throwI32(x).
            M.body([0x42] + M.sleb(999) + [0x21, 1, 0x42] + M.sleb(888) + [0x21, 2] + f64Const(-7) + [0x21, 3, 0x20, 0, 0x10, 1],
                   locals: [2, 2, i64, 1, f64]),
        ]))
        return m.bytes
    }()

    /// Module "b": imports tag a.e (tag 0) and a.throwI32 (function 0), has
    /// its own tag of the same type (tag 1).
    static let moduleB: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([i32], []), M.funcType([i32], [i32])]))
        m.section(2, M.vec([M.name("a") + M.name("e") + [0x04, 0x00, 0], M.name("a") + M.name("throwI32") + [0x00, 0]]))
        m.section(3, M.vec([[1], [1], [0]]))
        m.section(13, M.vec([[0x00, 0]]))
        m.section(7, M.vec([M.name("cross") + [0, 1], M.name("identity") + [0, 2], M.name("throwImported") + [0, 3]]))
        m.section(10, M.vec([
            // cross(x): catches a's exception with the imported tag.
            M.body([0x02, i32] + tryTable(0x40, [catchTag(0, 0)]) + [0x20, 0, 0x10, 0, 0x0B, 0x41, 0x7F, 0x0F, 0x0B]),
            // identity(x): its own tag of the same type does not catch a's exception; catch_all does -> 1000.
            M.body([0x02, 0x40, 0x02, i32] + tryTable(0x40, [catchTag(1, 0), catchAll(1)])
                   + [0x20, 0, 0x10, 0, 0x0B, 0x41, 0x7F, 0x0F, 0x0B, 0x0F, 0x0B, 0x41] + M.sleb(1000)),
            // throwImported(x): throw a.e x.
            M.body([0x20, 0, 0x08, 0]),
        ]))
        return m.bytes
    }()

    /// Instance "a" in a new store (which the caller keeps alive), its host
    /// callback calling back into `throwI32`.
    static func instantiateA(_ strategy: ExecutionStrategy) throws -> (Store, Instance) {
        let engine = engine(strategy)
        let store = Store(engine: engine)
        var throwI32: Function?
        let cb = Function(store: store, type: FuncType(params: [.i32], results: [])) { _, slots in
            _ = try throwI32?.call([.i32(slots.load(as: UInt32.self))])
        }
        let a = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: moduleA), imports: [.function(cb)])
        throwI32 = try a.function("throwI32")
        return (store, a)
    }

    @Test(arguments: strategies) func caughtInSameFunction(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        #expect(try a.call("same", [.i32(5)]) == [.i32(105)])
        #expect(try a.call("toFunction", [.i32(8)]) == [.i32(8)])
    }

    @Test(arguments: strategies) func payloadCaughtTwoCallsUp(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        let results = try a.call("payload", [.i32(42)])
        #expect(results == [.i32(42), .i64(Self.payloadI64), .f64(Double(2.5).bitPattern), .v128(V128(lo: 7, hi: 9))])
    }

    @Test(arguments: strategies) func localsSurviveCatch(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        #expect(try a.call("locals", [.i32(1)]) == [.i64(42)])
    }

    @Test(arguments: strategies) func catchToLoopLabel(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        #expect(try a.call("loop", [.i32(0)]) == [.i32(3)])
        #expect(try a.call("loop", [.i32(10)]) == [.i32(10)])
    }

    @Test(arguments: strategies) func catchRefAndRethrow(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        #expect(try a.call("rethrow", [.i32(7)]) == [.i32(7)])
        do {
            _ = try a.call("nullRef", [])
            Issue.record("throw_ref of null did not trap")
        } catch let trap as Trap {
            #expect(trap.reason == .nullExceptionReference)
            #expect(trap.exception == nil)
        }
    }

    @Test(arguments: strategies) func catchAll(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        #expect(try a.call("all", []) == [.i32(77)])
    }

    @Test(arguments: strategies) func uncaughtReachesHost(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        guard case .tag(let tag)? = a.export("e") else {
            Issue.record("tag export missing")
            return
        }
        do {
            _ = try a.call("throwI32", [.i32(9)])
            Issue.record("no exception")
        } catch let trap as Trap {
            #expect(trap.reason == .uncaughtException)
            #expect(trap.message == "uncaught exception")
            #expect(trap.exception?.tag === tag)
            #expect(trap.exception?.values == [.i32(9)])
        }
        // The store is usable afterwards.
        #expect(try a.call("same", [.i32(1)]) == [.i32(101)])
    }

    @Test(arguments: strategies) func crossesHostFrame(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        #expect(try a.call("viaHost", [.i32(31)]) == [.i32(31)])
    }

    @Test(arguments: strategies) func crossesModuleBoundary(strategy: ExecutionStrategy) throws {
        let (store, a) = try Self.instantiateA(strategy)
        defer { withExtendedLifetime(store) {} }
        guard case .tag(let tag)? = a.export("e") else {
            Issue.record("tag export missing")
            return
        }
        let compiled = try CompiledModule(engine: store.engine, bytes: Self.moduleB)
        let b = try Instance(store: store, compiled: compiled, imports: [.tag(tag), .function(try a.function("throwI32"))])
        #expect(try b.call("cross", [.i32(12)]) == [.i32(12)])
        #expect(try b.call("identity", [.i32(12)]) == [.i32(1000)])
        do {
            _ = try b.call("throwImported", [.i32(4)])
            Issue.record("no exception")
        } catch let trap as Trap {
            #expect(trap.exception?.tag === tag)
        }
    }

    /// A host-created tag imported by a module, and a host function raising
    /// an exception of it that the wasm caller catches.
    @Test(arguments: strategies) func hostThrowsIntoWasm(strategy: ExecutionStrategy) throws {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([Self.i32], []), M.funcType([Self.i32], [Self.i32])]))
        m.section(2, M.vec([M.name("h") + M.name("t") + [0x04, 0x00, 0], M.name("h") + M.name("f") + [0x00, 0]]))
        m.section(3, M.vec([[1]]))
        m.section(7, M.vec([M.name("g") + [0, 1]]))
        m.section(10, M.vec([
            M.body([0x02, Self.i32] + Self.tryTable(0x40, [Self.catchTag(0, 0)]) + [0x20, 0, 0x10, 0, 0x0B, 0x41, 0x7F, 0x0F, 0x0B]),
        ]))
        let engine = Self.engine(strategy)
        let store = Store(engine: engine)
        let tag = Tag(store: store, parameters: [.i32])
        let f = Function(store: store, type: FuncType(params: [.i32], results: [])) { caller, slots in
            let doubled = slots.load(as: UInt32.self) * 2
            throw Trap(uncaught: try Exception(tag: tag, values: [.i32(doubled)], store: caller.store))
        }
        let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: m.bytes),
                                    imports: [.tag(tag), .function(f)])
        #expect(try instance.call("g", [.i32(21)]) == [.i32(42)])
    }

    @Test func validationRejectsMismatches() {
        // A catch whose label takes nothing, for a tag with an i32 payload.
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([Self.i32], []), M.funcType([], [])]))
        m.section(3, M.vec([[1]]))
        m.section(13, M.vec([[0x00, 0]]))
        m.section(10, M.vec([M.body([0x02, 0x40] + Self.tryTable(0x40, [Self.catchTag(0, 0)]) + [0x0B, 0x0B])]))
        #expect(moduleError(m.bytes) == "type mismatch")
        // throw of an unknown tag.
        #expect(moduleError(ModuleBytes.function(code: [0x08, 0])) == "unknown tag 0")
        // throw_ref of an i32.
        #expect(moduleError(ModuleBytes.function(code: [0x41, 0, 0x0A])) == "type mismatch")
    }
}
