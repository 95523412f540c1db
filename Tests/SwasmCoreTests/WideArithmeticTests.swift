import Testing
@testable import SwasmCore

/// The wide-arithmetic proposal on every tier, with operands from locals
/// and from constants (the compiler's immediate forms).
@Suite struct WideArithmeticTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]
    typealias M = CompilerTests
    static let i64: UInt8 = 0x7E

    static func const(_ v: UInt64) -> [UInt8] { [0x42] + M.sleb(Int64(bitPattern: v)) }

    static let module: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([i64, i64, i64, i64], [i64, i64]), M.funcType([i64, i64], [i64, i64])]))
        m.section(3, M.vec([[0], [0], [1], [1], [1]]))
        m.section(7, M.vec([M.name("add128") + [0, 0], M.name("sub128") + [0, 1], M.name("mulS") + [0, 2],
                            M.name("mulU") + [0, 3], M.name("addConst") + [0, 4]]))
        let args4: [UInt8] = [0x20, 0, 0x20, 1, 0x20, 2, 0x20, 3]
        m.section(10, M.vec([
            M.body(args4 + [0xFC, 19]),
            M.body(args4 + [0xFC, 20]),
            M.body([0x20, 0, 0x20, 1, 0xFC, 21]),
            M.body([0x20, 0, 0x20, 1, 0xFC, 22]),
            // (x0, x1) + (0xFFFF_FFFF_FFFF_FFFF, 0x1_0000_0000): a low constant beyond 32 bits.
            M.body([0x20, 0, 0x20, 1] + const(UInt64.max) + const(1 << 32) + [0xFC, 19]),
        ]))
        return m.bytes
    }()

    /// A store of a `strategy` engine with wide arithmetic enabled.
    static func store(_ strategy: ExecutionStrategy) -> Store {
        var config = EngineConfig()
        config.strategy = strategy
        config.features.insert(.wideArithmetic)
        return Store(engine: Engine(config: config))
    }

    static func instance(_ store: Store) throws -> Instance {
        try Instance(store: store, compiled: CompiledModule(engine: store.engine, bytes: module), imports: [])
    }

    static func call(_ instance: Instance, _ name: String, _ args: [UInt64]) throws -> [Value] {
        try instance.call(name, args.map { .i64($0) })
    }

    @Test(arguments: strategies)
    func additionAndSubtractionCarry(_ strategy: ExecutionStrategy) throws {
        let store = Self.store(strategy)
        let a = try Self.instance(store)
        #expect(try Self.call(a, "add128", [UInt64.max, 1, 1, 2]) == [.i64(0), .i64(4)])
        #expect(try Self.call(a, "add128", [UInt64.max, UInt64.max, 1, 0]) == [.i64(0), .i64(0)])
        #expect(try Self.call(a, "sub128", [0, 5, 1, 2]) == [.i64(UInt64.max), .i64(2)])
        #expect(try Self.call(a, "sub128", [0, 0, 1, 0]) == [.i64(UInt64.max), .i64(UInt64.max)])
        #expect(try Self.call(a, "addConst", [1, 7]) == [.i64(0), .i64(8 + (1 << 32))])
    }

    @Test(arguments: strategies)
    func fullWidthProducts(_ strategy: ExecutionStrategy) throws {
        let store = Self.store(strategy)
        let a = try Self.instance(store)
        #expect(try Self.call(a, "mulU", [UInt64.max, UInt64.max]) == [.i64(1), .i64(UInt64.max - 1)])
        #expect(try Self.call(a, "mulS", [UInt64.max, UInt64.max]) == [.i64(1), .i64(0)])
        #expect(try Self.call(a, "mulS", [UInt64(bitPattern: -3), 5]) == [.i64(UInt64(bitPattern: -15)), .i64(UInt64.max)])
        #expect(try Self.call(a, "mulU", [1 << 63, 4]) == [.i64(0), .i64(2)])
    }
}
