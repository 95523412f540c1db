import Testing
@testable import SwasmCore

/// `ModuleImage`: serialized modules load, run and trap like the original,
/// and images for another engine or CPU, truncated or damaged are refused.
@Suite struct SerializationTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]

    /// Two (i32, i32) -> i32 functions over one page of memory:
    /// "div" is `i32.div_s`; "g" stores `div(a, b)` at address 16 and returns
    /// the loaded value + 10 (a call, a store and a load).
    static let module: [UInt8] = {
        let i32: UInt8 = 0x7F
        var m = ModuleBytes()
        m.section(1, [1, 0x60, 2, i32, i32, 1, i32])
        m.section(3, [2, 0, 0])
        m.section(5, [1, 0, 1])
        m.section(7, [2, 3] + Array("div".utf8) + [0, 0, 1, UInt8(ascii: "g"), 0, 1])
        let div: [UInt8] = [0, 0x20, 0, 0x20, 1, 0x6D, 0x0B]
        let g: [UInt8] = [0, 0x41, 16, 0x20, 0, 0x20, 1, 0x10, 0, 0x36, 2, 0,
                          0x41, 16, 0x28, 2, 0, 0x41, 10, 0x6A, 0x0B]
        m.section(10, [2, UInt8(div.count)] + div + [UInt8(g.count)] + g)
        return m.bytes
    }()

    static func engine(_ strategy: ExecutionStrategy, fuel: Bool = false) -> Engine {
        var config = EngineConfig()
        config.strategy = strategy
        config.consumeFuel = fuel
        return Engine(config: config)
    }

    /// An image of `module` made by an engine with `strategy`.
    static func image(_ strategy: ExecutionStrategy, fuel: Bool = false) throws -> [UInt8] {
        ModuleImage.serialize(try CompiledModule(engine: engine(strategy, fuel: fuel), bytes: module))
    }

    /// Why `image` does not load into `engine`, or nil when it loads.
    static func refusal(_ image: [UInt8], _ engine: Engine) -> WasmError? {
        do {
            _ = try ModuleImage.deserialize(image, engine: engine)
            return nil
        } catch {
            return error
        }
    }

    /// `image` with its header changed by `change` and the checksum recomputed.
    static func rewritten(_ image: [UInt8], _ change: (inout ModuleImage.Header) -> Void) throws -> [UInt8] {
        var (header, payload) = try ModuleImage.open(image)
        change(&header)
        return ModuleImage.assemble(header, payload: Array(payload))
    }

    @Test(arguments: strategies) func roundTripRunsAndTraps(strategy: ExecutionStrategy) throws {
        guard strategy.isAvailable else { return }
        let engine = Self.engine(strategy)
        let original = try CompiledModule(engine: engine, bytes: Self.module)
        let loaded = try ModuleImage.deserialize(ModuleImage.serialize(original), engine: engine)
        #expect(loaded.module.bytes == Self.module)
        #expect((loaded.machineCode != nil) == (strategy == .compiler))
        #expect(loaded.machineCode?.bytes == original.machineCode?.bytes)
        #expect(loaded.machineCode?.functionStarts == original.machineCode?.functionStarts)

        let store = Store(engine: engine)
        let instance = try Instance(store: store, compiled: loaded, imports: [])
        guard case .function(let div)? = instance.export("div"), case .function(let g)? = instance.export("g") else {
            Issue.record("missing exports")
            return
        }
        #expect(try div.call([.i32(7), .i32(2)]) == [.i32(3)])
        #expect(try g.call([.i32(100), .i32(7)]) == [.i32(24)])
        do {
            _ = try g.call([.i32(1), .i32(0)])
            Issue.record("no trap")
        } catch let t as Trap {
            #expect(t.reason == .integerDivideByZero)
            #expect(t.frames.map(\.functionIndex) == [0, 1])
        }
    }

    /// A compiler image's function bodies are not validated again: a body
    /// made invalid under a valid checksum still loads from the stored code.
    @Test func compilerImageSkipsValidation() throws {
        guard ExecutionStrategy.compiler.isAvailable else { return }
        let engine = Self.engine(.compiler)
        let original = try CompiledModule(engine: engine, bytes: Self.module)
        // `i32.const 10; i32.add` in "g" becomes `i32.const 10; i64.add`.
        var broken = Self.module
        let at = try #require(broken.indices.first { broken[$0...].starts(with: [0x41, 10, 0x6A]) })
        broken[at + 2] = 0x7C
        #expect(throws: WasmError.self) { _ = try CompiledModule(engine: engine, bytes: broken) }

        var payload: [UInt8] = []
        ModuleImage.append(&payload, broken)
        try #require(original.machineCode).encode(into: &payload)
        let header = try ModuleImage.open(ModuleImage.serialize(original)).header
        let loaded = try ModuleImage.deserialize(ModuleImage.assemble(header, payload: payload), engine: engine)
        let store = Store(engine: engine)
        let instance = try Instance(store: store, compiled: loaded, imports: [])
        guard case .function(let g)? = instance.export("g") else { Issue.record("no export"); return }
        #expect(try g.call([.i32(100), .i32(7)]) == [.i32(24)])
    }

    @Test func headerRoundTrips() throws {
        for strategy in Self.strategies where strategy.isAvailable {
            let image = try Self.image(strategy)
            #expect(try Self.rewritten(image) { _ in } == image)
        }
    }

    @Test func mismatchedStrategyIsRefused() throws {
        guard ExecutionStrategy.compiler.isAvailable else { return }
        let compiled = try Self.image(.compiler)
        let interpreted = try Self.image(.interpreter)
        #expect(Self.refusal(compiled, Self.engine(.interpreter))?.message
                == "serialized module was compiled for the compiler strategy, this engine uses interpreter")
        #expect(Self.refusal(interpreted, Self.engine(.compiler))?.message
                == "serialized module was compiled for the interpreter strategy, this engine uses compiler")
    }

    @Test func missingCPUFeaturesAreRefused() throws {
        guard ExecutionStrategy.compiler.isAvailable else { return }
        let image = try Self.image(.compiler)
        let lackingKnown = ~CPUFeatures.host.bits & CPUFeatures(bits: .max).bits
        // A known feature this CPU lacks when there is one, else a bit no CPU has.
        let missing = lackingKnown != 0 ? lackingKnown & (0 &- lackingKnown) : 1 << 31
        let needy = try Self.rewritten(image) { $0.features |= missing }
        let error = try #require(Self.refusal(needy, Self.engine(.compiler)))
        #expect(error.kind == .other)
        #expect(error.message.hasPrefix("serialized module needs CPU features "))
        #expect(error.message.hasSuffix(" that this CPU lacks"))
        #expect(error.message.contains("unknown bits 0x80000000") == (lackingKnown == 0))
    }

    @Test func otherEngineOrCPUIsRefused() throws {
        for strategy in Self.strategies where strategy.isAvailable {
            let image = try Self.image(strategy)
            let engine = Self.engine(strategy)
            let older = try Self.rewritten(image) { $0.engineVersion = "0.0.1" }
            #expect(Self.refusal(older, engine)?.message == "serialized module was made by swasm 0.0.1, this is swasm \(swasmVersion)")
            let foreign = try Self.rewritten(image) { $0.isa = "riscv64" }
            #expect(Self.refusal(foreign, engine)?.message
                    == "serialized module was compiled for riscv64, this host is \(ModuleImage.hostISA)")
        }
    }

    @Test func fuelSettingMustMatch() throws {
        guard ExecutionStrategy.compiler.isAvailable else { return }
        #expect(Self.refusal(try Self.image(.compiler), Self.engine(.compiler, fuel: true))?.message
                == "serialized module was compiled with fuel metering off, this engine has it on")
        #expect(Self.refusal(try Self.image(.compiler, fuel: true), Self.engine(.compiler)) != nil)
        #expect(Self.refusal(try Self.image(.compiler, fuel: true), Self.engine(.compiler, fuel: true)) == nil)
        #expect(Self.refusal(try Self.image(.interpreter), Self.engine(.interpreter, fuel: true)) == nil)
    }

    /// Machine code validated with a proposal the loading engine disables is
    /// refused (its bodies are not validated again); the interpreter's image
    /// is validated again under the loading engine's proposals.
    @Test func disabledProposalsAreRefused() throws {
        func engine(_ strategy: ExecutionStrategy, without disabled: Features) -> Engine {
            var config = EngineConfig()
            config.strategy = strategy
            config.features.subtract(disabled)
            return Engine(config: config)
        }
        if ExecutionStrategy.compiler.isAvailable {
            #expect(Self.refusal(try Self.image(.compiler), engine(.compiler, without: .simd))?.message
                    == "serialized module was validated with proposals this engine disables: simd")
            let image = ModuleImage.serialize(try CompiledModule(engine: engine(.compiler, without: .simd), bytes: Self.module))
            #expect(Self.refusal(image, Self.engine(.compiler)) == nil)
        }
        #expect(Self.refusal(try Self.image(.interpreter), engine(.interpreter, without: .simd)) == nil)
    }

    @Test(arguments: strategies) func truncatedImagesAreRefused(strategy: ExecutionStrategy) throws {
        guard strategy.isAvailable else { return }
        let image = try Self.image(strategy)
        let engine = Self.engine(strategy)
        for n in stride(from: 0, to: image.count, by: 97) {
            #expect(Self.refusal(Array(image[..<n]), engine)?.kind == .other, "prefix of \(n) bytes")
        }
        #expect(Self.refusal(image + [0], engine) != nil)
    }

    @Test(arguments: strategies) func flippedBytesAreRefused(strategy: ExecutionStrategy) throws {
        guard strategy.isAvailable else { return }
        let image = try Self.image(strategy)
        let engine = Self.engine(strategy)
        for i in image.indices {
            var damaged = image
            damaged[i] ^= 0x20
            #expect(Self.refusal(damaged, engine)?.kind == .other, "byte \(i) flipped")
        }
    }

    /// Payloads that do not parse are refused even under a valid checksum.
    @Test(arguments: strategies) func inconsistentPayloadsAreRefused(strategy: ExecutionStrategy) throws {
        guard strategy.isAvailable else { return }
        let engine = Self.engine(strategy)
        let (header, payload) = try ModuleImage.open(try Self.image(strategy))
        for bad in [Array(payload.dropLast()), Array(payload) + [0], []] {
            #expect(Self.refusal(ModuleImage.assemble(header, payload: bad), engine)?.kind == .other)
        }
    }

    @Test func compilerTablesMustFitTheModule() throws {
        guard ExecutionStrategy.compiler.isAvailable else { return }
        let engine = Self.engine(.compiler)
        let original = try CompiledModule(engine: engine, bytes: Self.module)
        let code = try #require(original.machineCode)
        var payload: [UInt8] = []
        ModuleImage.append(&payload, Self.module)
        let extra = try MachineCode(bytes: code.bytes, functionStarts: code.functionStarts + [code.functionStarts[1] + 1],
                                    offsets: code.offsets, importedFunctionCount: 0, assumesGuardedMemory: code.assumesGuardedMemory,
                                    tailSlots: code.tailSlots, features: code.features)
        extra.encode(into: &payload)
        let header = try ModuleImage.open(ModuleImage.serialize(original)).header
        #expect(Self.refusal(ModuleImage.assemble(header, payload: payload), engine)?.message
                == "serialized module is damaged (machine code tables do not match the module)")
    }
}
