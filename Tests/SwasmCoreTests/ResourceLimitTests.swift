import Testing
@testable import SwasmCore

/// The store's GC heap limit (`Store.gcHeapLimit`) on every tier: GC
/// allocations and the exceptions kept for exnref values count against it,
/// and going beyond it traps "out of memory" instead of exhausting the host.
@Suite struct ResourceLimitTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]
    typealias M = CompilerTests
    static let i32: UInt8 = 0x7F, exnref: UInt8 = 0x69

    /// Type 0: array (mut i8). Exports: `huge()` allocates an array of
    /// 2^32 - 1 bytes; `megabytes()` allocates 1 MiB arrays forever;
    /// `sized(n)` allocates an array of n bytes and returns its length.
    static let gcModule: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([[0x5E, 0x78, 1], M.funcType([], []), M.funcType([i32], [i32])]))
        m.section(3, M.vec([[1], [1], [2]]))
        m.section(7, M.vec([M.name("huge") + [0, 0], M.name("megabytes") + [0, 1], M.name("sized") + [0, 2]]))
        let newDefault: [UInt8] = [0xFB, 7, 0]
        m.section(10, M.vec([
            M.body([0x41] + M.sleb(-1) + newDefault + [0x1A]),
            M.body([0x03, 0x40, 0x41] + M.sleb(1 << 20) + newDefault + [0x1A, 0x0C, 0, 0x0B]),
            M.body([0x20, 0] + newDefault + [0xFB, 15]),
        ]))
        return m.bytes
    }()

    /// Tag 0 of type [] -> []. `keepAll()` throws and catches with
    /// `catch_all_ref` forever, dropping each exnref; `dropAll(n)` throws
    /// and catches with `catch_all` n times.
    static let exceptionModule: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([], []), M.funcType([i32], [])]))
        m.section(3, M.vec([[0], [1]]))
        m.section(13, M.vec([[0, 0]]))
        m.section(7, M.vec([M.name("keepAll") + [0, 0], M.name("dropAll") + [0, 1]]))
        let throwTag: [UInt8] = [0x08, 0]
        m.section(10, M.vec([
            // loop { block (result exnref) { try_table (catch_all_ref 0) { throw 0 } unreachable } drop; br 0 }
            M.body([0x03, 0x40, 0x02, exnref, 0x1F, 0x40] + M.vec([[0x03, 0]]) + throwTag + [0x0B, 0x00, 0x0B, 0x1A, 0x0C, 0, 0x0B]),
            // loop { block { try_table (catch_all 0) { throw 0 } } n -= 1; br_if 0 (n) }
            M.body([0x03, 0x40, 0x02, 0x40, 0x1F, 0x40] + M.vec([[0x02, 0]]) + throwTag + [0x0B, 0x0B,
                    0x20, 0, 0x41, 1, 0x6B, 0x22, 0, 0x0D, 0, 0x0B]),
        ]))
        return m.bytes
    }()

    static func instance(_ bytes: [UInt8], _ strategy: ExecutionStrategy, limit: Int? = GCHeap.defaultLimit) throws -> (Store, Instance) {
        let store = Store(engine: M.engine(strategy))
        store.gcHeapLimit = limit
        let instance = try Instance(store: store, compiled: CompiledModule(engine: store.engine, bytes: bytes), imports: [])
        return (store, instance)
    }

    /// A 4 GiB `array.new_default` is over the default limit: it traps
    /// without allocating, and the store keeps working.
    @Test(arguments: strategies)
    func hugeArrayTrapsOutOfMemory(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instance(Self.gcModule, strategy)
        #expect(trapMessage { try instance.call("huge") } == "out of memory")
        #expect(store.gcHeap.usedBytes == 0)
        #expect(try instance.call("sized", [.i32(100)]) == [.i32(100)])
    }

    /// Arrays that fit are allocated up to the limit; the next one traps.
    @Test(arguments: strategies)
    func allocationsStopAtTheLimit(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instance(Self.gcModule, strategy, limit: 8 << 20)
        #expect(trapMessage { try instance.call("megabytes") } == "out of memory")
        #expect(store.gcHeap.usedBytes <= 8 << 20)
        #expect(store.gcHeap.usedBytes > 7 << 20)
        #expect(trapMessage { try instance.call("sized", [.i32(1 << 20)]) } == "out of memory")
        store.gcHeapLimit = nil
        #expect(try instance.call("sized", [.i32(1 << 20)]) == [.i32(1 << 20)])
    }

    /// Each exception a `catch_all_ref` passes on is kept by the store and
    /// counted: an endless loop of them stops at the limit.
    @Test(arguments: strategies)
    func keptExceptionsStopAtTheLimit(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instance(Self.exceptionModule, strategy, limit: 1 << 20)
        #expect(trapMessage { try instance.call("keepAll") } == "out of memory")
        #expect(store.gcHeap.usedBytes <= 1 << 20)
        #expect(store.exceptions.count > 1000)
    }

    /// Handlers that pass no exnref keep nothing.
    @Test(arguments: strategies)
    func handlersWithoutReferencesKeepNothing(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instance(Self.exceptionModule, strategy, limit: 1 << 10)
        #expect(try instance.call("dropAll", [.i32(10_000)]) == [])
        #expect(store.exceptions.isEmpty)
        #expect(store.gcHeap.usedBytes == 0)
    }
}
