import Foundation
import Testing
@testable import SwasmCore

/// Every truncation of every spec testsuite module, and a corpus of
/// randomly mutated ones, must be rejected or accepted cleanly.
@Suite struct RobustnessTests {
    static var testsuite: String? {
        let shared = ProcessInfo.processInfo.environment["SWASM_SHARED"] ?? "../shared"
        let dir = "\(shared)/testsuite/json"
        return FileManager.default.fileExists(atPath: dir) ? dir : nil
    }

    func modules() throws -> [[UInt8]] {
        guard let dir = Self.testsuite else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw CocoaError(.fileNoSuchFile) }
            print("RobustnessTests: spec testsuite not found (set SWASM_SHARED); skipping")
            return []
        }
        var out: [[UInt8]] = []
        let e = FileManager.default.enumerator(atPath: dir)
        while let path = e?.nextObject() as? String {
            if path.hasSuffix(".wasm"), let data = FileManager.default.contents(atPath: "\(dir)/\(path)") { out.append([UInt8](data)) }
        }
        return out
    }

    /// Decodes, validates and compiles; any outcome but a crash is fine.
    func load(_ bytes: [UInt8], _ engine: Engine) {
        _ = try? CompiledModule(engine: engine, bytes: bytes)
    }

    @Test func truncations() throws {
        let engine = Engine()
        for m in try modules() {
            // Every prefix of small modules; 64 evenly spread prefixes of large ones.
            let step = max(1, m.count / 64)
            for n in stride(from: 0, to: m.count, by: step) { load(Array(m[..<n]), engine) }
        }
    }

    @Test func mutations() throws {
        let engine = Engine()
        var rng = SystemRandomNumberGenerator()
        var seed = UInt64.random(in: 0...UInt64.max, using: &rng)
        print("RobustnessTests.mutations seed \(seed)")
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        for m in try modules() where m.count > 8 {
            for _ in 0..<4 {
                var copy = m
                for _ in 0..<(1 + Int(next() % 4)) {
                    copy[8 + Int(next() % UInt64(m.count - 8))] = UInt8(truncatingIfNeeded: next())
                }
                load(copy, engine)
            }
        }
    }
}
