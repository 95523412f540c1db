import Foundation
import Testing
@testable import SwasmCore

/// Growing a shared memory from several threads: concurrent growths all
/// take effect, and code running on another thread sees the new size
/// (the interpreter rechecks memory 0's current length before trapping).
@Suite struct SharedMemoryGrowTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]
    typealias M = CompilerTests
    static let i32: UInt8 = 0x7F

    /// Imports a shared memory `env.mem` (1 to 1000 pages). `grow(n)` is
    /// `memory.grow n`; `probe()` spins until the i32 at 0 (read
    /// atomically) is not 0, then returns the i32 at 70000 (page 2).
    static let module: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([i32], [i32]), M.funcType([], [i32])]))
        m.section(2, M.vec([M.name("env") + M.name("mem") + [0x02, 0x03, 1] + ModuleBytes.uleb(1000)]))
        m.section(3, M.vec([[0], [1]]))
        m.section(7, M.vec([M.name("grow") + [0, 0], M.name("probe") + [0, 1]]))
        m.section(10, M.vec([
            M.body([0x20, 0, 0x40, 0]),
            M.body([0x03, 0x40, 0x41, 0, 0xFE, 0x10, 2, 0, 0x45, 0x0D, 0, 0x0B] + [0x41] + M.sleb(70000) + [0x28, 2, 0]),
        ]))
        return m.bytes
    }()

    static func instance(_ store: Store, _ memory: Memory) throws -> Instance {
        try Instance(store: store, compiled: CompiledModule(engine: store.engine, bytes: module), imports: [.memory(memory)])
    }

    /// Runs `body` on a new thread; returns a semaphore signalled when it ends.
    static func spawn(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return done
    }

    /// Two threads, each with its own store and instance, grow one shared
    /// memory a page at a time: the final size is the sum of the growths.
    @Test(arguments: strategies)
    func concurrentGrowthsAllTakeEffect(_ strategy: ExecutionStrategy) throws {
        let engine = M.engine(strategy)
        let owner = Store(engine: engine)
        let memory = try owner.createMemory(MemoryType(limits: Limits(min: 1, max: 1000, shared: true)))
        let perThread = 400
        let stores = [Store(engine: engine), Store(engine: engine)]
        let instances = try stores.map { try Self.instance($0, memory) }
        nonisolated(unsafe) var failures = [0, 0]
        let done = (0..<2).map { k in
            let instance = instances[k]
            return Self.spawn {
                for _ in 0..<perThread where (try? instance.call("grow", [.i32(1)])) == [.i32(UInt32.max)] {
                    failures[k] += 1
                }
            }
        }
        for d in done { #expect(d.wait(timeout: .now() + 60) == .success) }
        #expect(failures == [0, 0])
        #expect(memory.pageCount == UInt64(1 + 2 * perThread))
        withExtendedLifetime((owner, stores)) {}
    }

    /// The host grows the shared memory from two threads at once.
    @Test func concurrentHostGrowthsAllTakeEffect() throws {
        let store = Store(engine: Engine())
        let memory = try store.createMemory(MemoryType(limits: Limits(min: 0, max: 2000, shared: true)))
        nonisolated(unsafe) let shared = memory
        let done = (0..<2).map { _ in
            Self.spawn { for _ in 0..<1000 { _ = shared.grow(by: 1) } }
        }
        for d in done { #expect(d.wait(timeout: .now() + 60) == .success) }
        #expect(memory.pageCount == 2000)
    }

    /// `probe` starts on another thread while the memory has one page; this
    /// thread then grows it, writes at 70000 and sets the flag: the probe
    /// reads the value instead of trapping out of bounds.
    @Test(arguments: strategies)
    func anotherThreadSeesTheGrowth(_ strategy: ExecutionStrategy) throws {
        let engine = M.engine(strategy)
        let store = Store(engine: engine), prober = Store(engine: engine)
        let memory = try store.createMemory(MemoryType(limits: Limits(min: 1, max: 1000, shared: true)))
        let instance = try Self.instance(prober, memory)
        nonisolated(unsafe) var outcome: Result<[Value], Error> = .success([])
        let done = Self.spawn { outcome = Result { try instance.call("probe") } }
        usleep(50_000)
        #expect(memory.grow(by: 1) == 1)
        (memory.data + 70000).storeBytes(of: 1234 as UInt32, as: UInt32.self)
        UInt32.atomicStore(memory.data, 1)
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(try outcome.get() == [.i32(1234)])
        withExtendedLifetime((store, prober)) {}
    }
}
