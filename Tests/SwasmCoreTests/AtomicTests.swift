import Foundation
import Testing
@testable import SwasmCore

/// The threads proposal on every tier: atomic loads, stores and
/// read-modify-writes of every width, alignment and bounds traps (on the
/// guarded memory 0 and on a bounds-checked 64-bit memory), wait time-outs,
/// waits on unshared memories, and a notify that wakes a wait blocked on
/// another thread.
@Suite struct AtomicTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]
    typealias M = CompilerTests
    static let i32: UInt8 = 0x7F, i64: UInt8 = 0x7E

    static func engine(_ strategy: ExecutionStrategy) -> Engine {
        var config = EngineConfig()
        config.strategy = strategy
        return Engine(config: config)
    }

    /// `0xFE sub` with memarg (alignment log2, offset).
    static func atomic(_ sub: UInt8, align: UInt8, offset: UInt64 = 0) -> [UInt8] {
        [0xFE, sub, align] + ModuleBytes.uleb(offset)
    }

    static func get(_ locals: UInt8...) -> [UInt8] { locals.flatMap { [0x20, $0] } }

    /// Functions over a shared memory imported as `env.mem` (32-bit, 1 page).
    static let sharedModule: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([
            M.funcType([i32], [i32]),             // 0
            M.funcType([i32, i32], [i32]),        // 1
            M.funcType([i32, i64], [i64]),        // 2
            M.funcType([i32, i32, i32], [i32]),   // 3
            M.funcType([i32, i32, i64], [i32]),   // 4
            M.funcType([i32, i64, i64], [i32]),   // 5
            M.funcType([i32], [i64]),             // 6
        ]))
        m.section(2, M.vec([M.name("env") + M.name("mem") + [0x02, 0x03, 1, 1]]))
        let names = ["load8", "rmw8add", "rmw16or", "xchg64", "sub64", "and32off", "cmpxchg32", "cmpxchg8",
                     "wait32", "notify", "store16", "xor32of64", "wait64", "load64"]
        m.section(3, M.vec([[0], [1], [1], [2], [2], [1], [3], [3], [4], [1], [1], [2], [5], [6]]))
        m.section(7, M.vec(names.enumerated().map { M.name($0.element) + [0, UInt8($0.offset)] }))
        m.section(10, M.vec([
            M.body(get(0) + atomic(0x12, align: 0)),                                   // i32.atomic.load8_u
            M.body(get(0, 1) + atomic(0x20, align: 0)),                                // i32.atomic.rmw8.add_u
            M.body(get(0, 1) + atomic(0x36, align: 1)),                                // i32.atomic.rmw16.or_u
            M.body(get(0, 1) + atomic(0x42, align: 3)),                                // i64.atomic.rmw.xchg
            M.body(get(0, 1) + atomic(0x26, align: 3)),                                // i64.atomic.rmw.sub
            M.body(get(0, 1) + atomic(0x2C, align: 2, offset: 4)),                     // i32.atomic.rmw.and offset=4
            M.body(get(0, 1, 2) + atomic(0x48, align: 2)),                             // i32.atomic.rmw.cmpxchg
            M.body(get(0, 1, 2) + atomic(0x4A, align: 0)),                             // i32.atomic.rmw8.cmpxchg_u
            M.body(get(0, 1, 2) + atomic(0x01, align: 2)),                             // memory.atomic.wait32
            M.body(get(0, 1) + atomic(0x00, align: 2)),                                // memory.atomic.notify
            M.body(get(0, 1) + atomic(0x1A, align: 1) + [0xFE, 0x03, 0x00] + get(0) + atomic(0x13, align: 1)),  // store16; fence; load16_u
            M.body(get(0, 1) + atomic(0x40, align: 2)),                                // i64.atomic.rmw32.xor_u
            M.body(get(0, 1, 2) + atomic(0x02, align: 3)),                             // memory.atomic.wait64
            M.body(get(0) + atomic(0x11, align: 3) + [0x1A] + get(0) + atomic(0x11, align: 3)),  // i64.atomic.load (twice)
        ]))
        return m.bytes
    }()

    /// A shared 64-bit memory of 1 page (bounds-checked in machine code).
    static let memory64Module: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([i64, i64], [i64]), M.funcType([i64], [i32])]))
        m.section(3, M.vec([[0], [1], [1]]))
        m.section(5, M.vec([[0x07, 1, 1]]))
        m.section(7, M.vec([M.name("add64") + [0, 0], M.name("load32") + [0, 1], M.name("load32off8") + [0, 2]]))
        m.section(10, M.vec([
            M.body(get(0, 1) + atomic(0x1E + 1, align: 3)),     // i64.atomic.rmw.add
            M.body(get(0) + atomic(0x10, align: 2)),            // i32.atomic.load
            M.body(get(0) + atomic(0x10, align: 2, offset: 8)),
        ]))
        return m.bytes
    }()

    /// `memory.atomic.wait32` on an unshared memory (valid, traps when run).
    static let unsharedWait: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([], [i32])]))
        m.section(3, M.vec([[0]]))
        m.section(5, M.vec([[0x01, 1, 1]]))
        m.section(7, M.vec([M.name("wait") + [0, 0]]))
        m.section(10, M.vec([M.body([0x41, 0, 0x41, 0, 0x42, 0] + atomic(0x01, align: 2))]))
        return m.bytes
    }()

    /// An instance of `sharedModule` in `store` over `memory` (by default a new one of the store).
    static func sharedInstance(_ store: Store, memory: Memory? = nil) throws -> (Instance, Memory) {
        let mem = try memory ?? store.createMemory(MemoryType(limits: Limits(min: 1, max: 1, shared: true)))
        let instance = try Instance(store: store, compiled: CompiledModule(engine: store.engine, bytes: sharedModule), imports: [.memory(mem)])
        return (instance, mem)
    }

    @Test(arguments: strategies)
    func readModifyWriteOfEveryWidth(_ strategy: ExecutionStrategy) throws {
        let store = Store(engine: Self.engine(strategy))
        let (a, mem) = try Self.sharedInstance(store)
        mem.data.storeBytes(of: 0x1122_3344_5566_77F0 as UInt64, as: UInt64.self)
        #expect(try a.call("rmw8add", [.i32(0), .i32(0x1_0020)]) == [.i32(0xF0)])
        #expect(mem.data.load(as: UInt64.self) == 0x1122_3344_5566_7710)
        #expect(try a.call("load8", [.i32(0)]) == [.i32(0x10)])
        #expect(try a.call("rmw16or", [.i32(2), .i32(0xFFFF_0001)]) == [.i32(0x5566)])
        #expect(mem.data.load(as: UInt64.self) == 0x1122_3344_5567_7710)
        #expect(try a.call("xchg64", [.i32(0), .i64(7)]) == [.i64(0x1122_3344_5567_7710)])
        #expect(try a.call("sub64", [.i32(0), .i64(8)]) == [.i64(7)])
        #expect(mem.data.load(as: UInt64.self) == UInt64.max)
        #expect(try a.call("and32off", [.i32(0), .i32(0x0F0F_0F0F)]) == [.i32(0xFFFF_FFFF)])
        #expect(mem.data.load(as: UInt64.self) == 0x0F0F_0F0F_FFFF_FFFF)
        #expect(try a.call("xor32of64", [.i32(4), .i64(0xFFFF_FFFF_0000_00FF)]) == [.i64(0x0F0F_0F0F)])
        #expect(mem.data.load(as: UInt64.self) == 0x0F0F_0FF0_FFFF_FFFF)
        #expect(try a.call("store16", [.i32(8), .i32(0xABCD_1234)]) == [.i32(0x1234)])
        #expect(try a.call("load64", [.i32(0)]) == [.i64(0x0F0F_0FF0_FFFF_FFFF)])
    }

    @Test(arguments: strategies)
    func compareExchangeStoresOnlyOnMatch(_ strategy: ExecutionStrategy) throws {
        let store = Store(engine: Self.engine(strategy))
        let (a, mem) = try Self.sharedInstance(store)
        mem.data.storeBytes(of: 0x0000_0000_1111_1111 as UInt64, as: UInt64.self)
        #expect(try a.call("cmpxchg32", [.i32(0), .i32(5), .i32(9)]) == [.i32(0x1111_1111)])
        #expect(mem.data.load(as: UInt32.self) == 0x1111_1111)
        #expect(try a.call("cmpxchg32", [.i32(0), .i32(0x1111_1111), .i32(9)]) == [.i32(0x1111_1111)])
        #expect(mem.data.load(as: UInt32.self) == 9)
        // The narrow form compares the expected value's low byte and zero-extends the old value.
        #expect(try a.call("cmpxchg8", [.i32(1), .i32(0x7700), .i32(0xAB)]) == [.i32(0)])
        #expect(mem.data.load(as: UInt32.self) == 0xAB09)
        #expect(try a.call("cmpxchg8", [.i32(1), .i32(0x12), .i32(0xCD)]) == [.i32(0xAB)])
        #expect(mem.data.load(as: UInt32.self) == 0xAB09)
    }

    @Test(arguments: strategies)
    func misalignedAndOutOfBoundsAccessesTrap(_ strategy: ExecutionStrategy) throws {
        let store = Store(engine: Self.engine(strategy))
        let (a, _) = try Self.sharedInstance(store)
        #expect(trapMessage { try a.call("rmw16or", [.i32(1), .i32(0)]) } == "unaligned atomic")
        #expect(trapMessage { try a.call("xchg64", [.i32(4), .i64(0)]) } == "unaligned atomic")
        #expect(trapMessage { try a.call("and32off", [.i32(2), .i32(0)]) } == "unaligned atomic")
        #expect(trapMessage { try a.call("wait32", [.i32(2), .i32(0), .i64(0)]) } == "unaligned atomic")
        #expect(trapMessage { try a.call("and32off", [.i32(65532), .i32(0)]) } == "out of bounds memory access")
        #expect(trapMessage { try a.call("load8", [.i32(65536)]) } == "out of bounds memory access")
        #expect(try a.call("load8", [.i32(65535)]) == [.i32(0)])
    }

    @Test(arguments: strategies)
    func boundsCheckedMemory64(_ strategy: ExecutionStrategy) throws {
        let engine = Self.engine(strategy)
        let store = Store(engine: engine)
        let a = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: Self.memory64Module), imports: [])
        #expect(try a.call("add64", [.i64(65528), .i64(5)]) == [.i64(0)])
        #expect(try a.call("add64", [.i64(65528), .i64(5)]) == [.i64(5)])
        #expect(try a.call("load32", [.i64(65528)]) == [.i32(10)])
        #expect(try a.call("load32off8", [.i64(65520)]) == [.i32(10)])
        #expect(trapMessage { try a.call("load32", [.i64(65536)]) } == "out of bounds memory access")
        #expect(trapMessage { try a.call("load32", [.i64(65534)]) } == "unaligned atomic")
        #expect(trapMessage { try a.call("load32off8", [.i64(UInt64.max - 3)]) } == "out of bounds memory access")
        #expect(trapMessage { try a.call("add64", [.i64(1 << 40), .i64(0)]) } == "out of bounds memory access")
    }

    @Test(arguments: strategies)
    func waitReturnsNotEqualOrTimesOut(_ strategy: ExecutionStrategy) throws {
        let store = Store(engine: Self.engine(strategy))
        let (a, mem) = try Self.sharedInstance(store)
        mem.data.storeBytes(of: 0x0000_0001_0000_0005 as UInt64, as: UInt64.self)
        #expect(try a.call("wait32", [.i32(0), .i32(4), .i64(UInt64.max)]) == [.i32(1)])
        #expect(try a.call("wait32", [.i32(0), .i32(5), .i64(0)]) == [.i32(2)])
        #expect(try a.call("wait64", [.i32(0), .i64(5), .i64(0)]) == [.i32(1)])
        let start = DispatchTime.now().uptimeNanoseconds
        #expect(try a.call("wait64", [.i32(0), .i64(0x1_0000_0005), .i64(20_000_000)]) == [.i32(2)])
        #expect(DispatchTime.now().uptimeNanoseconds - start >= 20_000_000)
        #expect(try a.call("notify", [.i32(0), .i32(10)]) == [.i32(0)])
    }

    @Test(arguments: strategies)
    func waitOnUnsharedMemoryTraps(_ strategy: ExecutionStrategy) throws {
        let engine = Self.engine(strategy)
        let store = Store(engine: engine)
        let a = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: Self.unsharedWait), imports: [])
        #expect(trapMessage { try a.call("wait", []) } == "expected shared memory")
    }

    /// A thread blocks in `wait32` (store B); this thread notifies it through
    /// another instance (store A) of the same shared memory.
    @Test(arguments: strategies)
    func notifyWakesAWaiterOnAnotherThread(_ strategy: ExecutionStrategy) throws {
        let engine = Self.engine(strategy)
        let storeA = Store(engine: engine), storeB = Store(engine: engine)
        let (a, mem) = try Self.sharedInstance(storeA)
        let (b, _) = try Self.sharedInstance(storeB, memory: mem)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: [Value] = []
        let waiter = Thread {
            outcome = (try? b.call("wait32", [.i32(16), .i32(0), .i64(10_000_000_000)])) ?? []
            done.signal()
        }
        waiter.stackSize = 8 << 20
        waiter.start()
        var woken: [Value] = [.i32(0)]
        for _ in 0..<500 where woken == [.i32(0)] {
            usleep(2000)
            woken = try a.call("notify", [.i32(16), .i32(1)])
        }
        #expect(woken == [.i32(1)])
        #expect(done.wait(timeout: .now() + 15) == .success)
        #expect(outcome == [.i32(0)])
        withExtendedLifetime((storeA, storeB)) {}
    }
}
