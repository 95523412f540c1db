import Testing
@testable import SwasmCore

/// Per-proposal switches: the defaults, `-W`-style settings, and what the
/// decoder and validator reject when a proposal is off.
@Suite struct FeatureTests {
    typealias M = CompilerTests

    /// A module with the given memory section entries.
    static func memories(_ entries: [[UInt8]]) -> [UInt8] {
        var m = ModuleBytes()
        m.section(5, M.vec(entries))
        return m.bytes
    }

    static func error(_ bytes: [UInt8], _ features: Features) -> String? {
        do {
            _ = try Module.parse(bytes, features: features)
            return nil
        } catch {
            return (error as WasmError).message
        }
    }

    @Test func defaultsEnableFinishedProposalsOnly() {
        let d = EngineConfig().features
        #expect(d == .default)
        #expect(d.isSuperset(of: [.simd, .relaxedSimd, .referenceTypes, .multiMemory, .memory64, .tailCall,
                                  .exceptions, .functionReferences, .extendedConst, .threads, .gc]))
        #expect(!d.contains(.customPageSizes))
        #expect(!d.contains(.wideArithmetic))
    }

    @Test func settingsFollowWasmtimeSpelling() {
        var f = Features.default
        #expect((try? f.apply("wide-arithmetic,threads=n,memory64=no").get()) != nil)
        #expect(f.contains(.wideArithmetic) && !f.contains(.threads) && !f.contains(.memory64))
        #expect((try? f.apply("all=n,simd=y").get()) != nil)
        #expect(f == .simd)
        #expect((try? f.apply("no-such-thing=y").get()) == nil)
        #expect((try? f.apply("simd=maybe").get()) == nil)
        #expect(f == .simd)
    }

    @Test func limitsFlagsDependOnFeatures() {
        // Flag 0x08: a custom page size (log2 0).
        let custom = Self.memories([[0x08, 1, 0]])
        #expect(Self.error(custom, .default) == "malformed limits flags")
        #expect(Self.error(custom, Features.default.union(.customPageSizes)) == nil)
        // Flag 0x03: shared with a maximum.
        let shared = Self.memories([[0x03, 1, 2]])
        #expect(Self.error(shared, .default) == nil)
        #expect(Self.error(shared, Features.default.subtracting(.threads)) == "malformed limits flags")
        #expect(Self.error(Self.memories([[0x02, 1]]), .default) == "shared memory must have maximum")
        // Flag 0x04: a 64-bit memory.
        #expect(Self.error(Self.memories([[0x04, 1]]), Features.default.subtracting(.memory64)) == "malformed limits flags")
    }

    @Test func moduleLevelChecks() {
        let two = Self.memories([[0, 0], [0, 0]])
        #expect(Self.error(two, .default) == nil)
        #expect(Self.error(two, Features.default.subtracting(.multiMemory)) == "multiple memories")
        var tables = ModuleBytes()
        tables.section(4, M.vec([[0x70, 0, 0], [0x70, 0, 0]]))
        #expect(Self.error(tables.bytes, Features.default.subtracting(.referenceTypes)) == "multiple tables")
        // 2^32 one-byte pages do not fit a 32-bit memory's u32 page count.
        let huge = Self.memories([[0x08] + ModuleBytes.uleb(1 << 32) + [0]])
        #expect(Self.error(huge, .all)?.hasPrefix("memory size must be at most") == true)
        #expect(Self.error(Self.memories([[0x08] + ModuleBytes.uleb((1 << 32) - 1) + [0]]), .all) == nil)
    }

    @Test func instructionsOfDisabledProposalsAreRejected() {
        let atomicLoad = ModuleBytes.function(params: [0x7F], results: [0x7F], code: [0x20, 0, 0xFE, 0x10, 2, 0], memory: true)
        #expect(Self.error(atomicLoad, .default) == nil)
        #expect(Self.error(atomicLoad, Features.default.subtracting(.threads)) == "threads support is not enabled")
        let add128 = ModuleBytes.function(results: [0x7E, 0x7E], code: [0x42, 1, 0x42, 2, 0x42, 3, 0x42, 4, 0xFC, 19])
        #expect(Self.error(add128, .default) == "wide-arithmetic support is not enabled")
        #expect(Self.error(add128, Features.default.union(.wideArithmetic)) == nil)
        let returnCall = ModuleBytes.function(code: [0x12, 0])
        #expect(Self.error(returnCall, Features.default.subtracting(.tailCall)) == "tail-call support is not enabled")
        let v128 = ModuleBytes.function(params: [0x7B], code: [])
        #expect(Self.error(v128, Features.default.subtracting(.simd)) == "simd support is not enabled")
    }

    @Test func gcTypesAndInstructionsNeedGC() {
        var structType = ModuleBytes()
        structType.section(1, [1, 0x5F, 1, 0x7F, 0])  // (type (struct (field i32)))
        #expect(Self.error(structType.bytes, .default) == nil)
        #expect(Self.error(structType.bytes, Features.default.subtracting(.gc)) == "gc support is not enabled")
        var recGroup = ModuleBytes()
        recGroup.section(1, [1, 0x4E, 2, 0x60, 0, 0, 0x60, 0, 0])  // (rec (type (func)) (type (func)))
        #expect(Self.error(recGroup.bytes, Features.default.subtracting(.gc)) == "gc support is not enabled")
        let i31 = ModuleBytes.function(code: [0x41, 1, 0xFB, 0x1C, 0x1A])  // i32.const 1, ref.i31, drop
        #expect(Self.error(i31, .default) == nil)
        #expect(Self.error(i31, Features.default.subtracting(.gc)) == "gc support is not enabled")
    }

    @Test func atomicAlignmentMustBeNatural() {
        let underaligned = ModuleBytes.function(params: [0x7F], results: [0x7F], code: [0x20, 0, 0xFE, 0x10, 1, 0], memory: true)
        #expect(Self.error(underaligned, .default) == "alignment must be equal to natural")
        let noMemory = ModuleBytes.function(params: [0x7F], results: [0x7F], code: [0x20, 0, 0xFE, 0x10, 2, 0])
        #expect(Self.error(noMemory, .default)?.hasPrefix("unknown memory") == true)
        let fence = ModuleBytes.function(code: [0xFE, 0x03, 0x01])
        #expect(Self.error(fence, .default) != nil)
    }

    @Test func engineConfigurationReachesTheValidator() {
        var config = EngineConfig()
        config.features.remove(.multiMemory)
        let engine = Engine(config: config)
        #expect(throws: WasmError.self) { try CompiledModule(engine: engine, bytes: Self.memories([[0, 0], [0, 0]])) }
        #expect((try? CompiledModule(engine: Engine(), bytes: Self.memories([[0, 0], [0, 0]]))) != nil)
    }
}
