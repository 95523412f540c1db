import Foundation
import Testing
@testable import SwasmCore

/// Testsuite modules, as they are and randomly mutated, instantiated and
/// every exported function called with zero arguments under a fuel limit,
/// on both tiers: traps and errors are fine, a crash or hang is not.
@Suite struct ExecutionFuzzTests {
    @Test func modulesExecuteCleanly() throws {
        let robustness = RobustnessTests()
        let modules = try robustness.modules()
        let step = Int(ProcessInfo.processInfo.environment["SWASM_FUZZ_STEP"] ?? "5") ?? 5
        var seed = UInt64(ProcessInfo.processInfo.environment["SWASM_FUZZ_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64.max)
        print("ExecutionFuzzTests seed \(seed)")
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        var instantiated = 0, calls = 0
        for strategy in [ExecutionStrategy.interpreter, .compiler] {
            var config = EngineConfig()
            config.strategy = strategy
            config.consumeFuel = true
            let engine = Engine(config: config)
            for (i, m) in modules.enumerated() where i % step == 0 && m.count > 8 {
                for round in 0..<3 {
                    var copy = m
                    if round > 0 {
                        for _ in 0..<(1 + Int(next() % 3)) {
                            copy[8 + Int(next() % UInt64(m.count - 8))] = UInt8(truncatingIfNeeded: next())
                        }
                    }
                    guard let compiled = try? CompiledModule(engine: engine, bytes: copy) else { continue }
                    let store = Store(engine: engine)
                    store.fuel = 20_000
                    guard let instance = try? Instance(store: store, compiled: compiled, imports: []) else { continue }
                    instantiated += 1
                    for (_, value) in instance.exports {
                        guard case .function(let f) = value else { continue }
                        store.fuel = 20_000
                        _ = try? f.call(f.type.params.map { Value.zero($0) })
                        calls += 1
                    }
                }
            }
        }
        print("ExecutionFuzzTests: \(modules.count) modules, \(instantiated) instances, \(calls) calls")
        #expect(modules.isEmpty || calls > 0)
    }
}
