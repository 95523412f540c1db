import Testing
@testable import SwasmCore

@Suite struct InstantiationTests {
    let engine = Engine()

    /// (import "env" "f" (func)) and nothing else.
    func importingModule() -> [UInt8] {
        var m = ModuleBytes()
        m.section(1, [1, 0x60, 0, 0])
        m.section(2, [1, 3] + Array("env".utf8) + [1, UInt8(ascii: "f"), 0, 0])
        return m.bytes
    }

    @Test func missingImportIsUnlinkable() throws {
        let compiled = try CompiledModule(engine: engine, bytes: importingModule())
        let store = Store(engine: engine)
        #expect(throws: WasmError.self) { _ = try Instance(store: store, compiled: compiled, imports: []) }
    }

    /// Functions, globals and unshared memories belong to their store: an
    /// import from another store is unlinkable; a shared memory links (threads).
    @Test func importsFromAnotherStoreAreUnlinkable() throws {
        let home = Store(engine: engine), other = Store(engine: engine)
        func error(_ bytes: [UInt8], _ ext: Extern) -> String? {
            do {
                _ = try Instance(store: home, compiled: CompiledModule(engine: engine, bytes: bytes), imports: [ext])
                return nil
            } catch {
                return (error as? WasmError)?.message ?? "\(error)"
            }
        }
        let f = Function(store: other, type: FuncType(params: [], results: [])) { _, _ in }
        #expect(error(importingModule(), .function(f))?.contains("another store") == true)
        #expect(error(importingModule(), .function(Function(store: home, type: FuncType(params: [], results: [])) { _, _ in })) == nil)
        var global = ModuleBytes()
        global.section(2, [1, 3] + Array("env".utf8) + [1, UInt8(ascii: "g"), 3, 0x7F, 0])
        let g = try other.createGlobal(GlobalType(valueType: .i32, mutable: false), value: .i32(1))
        #expect(error(global.bytes, .global(g))?.contains("another store") == true)
        func memoryModule(_ limits: [UInt8]) -> [UInt8] {
            var m = ModuleBytes()
            m.section(2, [1, 3] + Array("env".utf8) + [1, UInt8(ascii: "m"), 2] + limits)
            return m.bytes
        }
        let plain = try other.createMemory(MemoryType(limits: Limits(min: 1)))
        #expect(error(memoryModule([0, 1]), .memory(plain))?.contains("another store") == true)
        let shared = try other.createMemory(MemoryType(limits: Limits(min: 1, max: 2, shared: true)))
        #expect(error(memoryModule([3, 1, 2]), .memory(shared)) == nil)
    }

    @Test func importTypeMismatch() throws {
        let compiled = try CompiledModule(engine: engine, bytes: importingModule())
        let store = Store(engine: engine)
        let wrong = Function(store: store, type: FuncType(params: [.i32], results: [])) { _, _ in }
        do {
            _ = try Instance(store: store, compiled: compiled, imports: [.function(wrong)])
            Issue.record("instantiated with a mistyped import")
        } catch let e as WasmError {
            #expect(e.kind == .unlinkable)
            #expect(e.message.contains("incompatible import type"))
        }
        let memory = try store.createMemory(MemoryType(limits: Limits(min: 1)))
        #expect(throws: WasmError.self) { _ = try Instance(store: store, compiled: compiled, imports: [.memory(memory)]) }
    }

    @Test func outOfBoundsDataSegmentTraps() throws {
        var m = ModuleBytes()
        m.section(5, [1, 0, 1])
        m.section(11, [1, 0, 0x41] + ModuleBytes.uleb(65535) + [0x0B, 2, 1, 2])   // 2 bytes at 65535
        let compiled = try CompiledModule(engine: engine, bytes: m.bytes)
        let store = Store(engine: engine)
        do {
            _ = try Instance(store: store, compiled: compiled, imports: [])
            Issue.record("instantiated with an out-of-bounds segment")
        } catch let t as Trap {
            #expect(t.reason == .memoryOutOfBounds)
        }
    }

    @Test func callsAndTraps() throws {
        let i32: UInt8 = 0x7F
        // (func (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
        let bytes = ModuleBytes.function(params: [i32, i32], results: [i32], code: [0x20, 0, 0x20, 1, 0x6D])
        let store = Store(engine: engine)
        let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: bytes), imports: [])
        guard case .function(let f)? = instance.export("f") else { Issue.record("no export"); return }
        #expect(try f.call([.i32(7), .i32(2)]) == [.i32(3)])
        do {
            _ = try f.call([.i32(1), .i32(0)])
            Issue.record("no trap")
        } catch let t as Trap {
            #expect(t.message == "integer divide by zero")
            #expect(t.frames.first?.functionIndex == 0)
        }
    }

    /// A trap frame's function offset counts from the start of the body,
    /// its local declarations included (as other engines report
    /// `wasm_frame_func_offset`); the module offset is the instruction's.
    @Test func trapFrameOffsetsCountFromTheBodyStart() throws {
        // (func (local i32 i64) nop unreachable): body = [2, 1 i32, 1 i64] nop unreachable end
        let bytes = ModuleBytes.function(locals: [2, 1, 0x7F, 1, 0x7E], code: [0x01, 0x00])
        let bodyStart = try Module.parse(bytes).bodies[0].start
        for strategy in [ExecutionStrategy.interpreter, .compiler] {
            let (store, instance) = try instantiate(bytes, strategy)
            let t = try #require(try trapOf { try instance.call("f") }, "\(strategy): no trap")
            #expect(t.frames.first?.functionOffset == 6, "\(strategy)")
            #expect(t.frames.first?.moduleOffset == bodyStart + 6, "\(strategy)")
            withExtendedLifetime(store) {}
        }
    }

    /// Stack exhaustion is located at an instruction of the function on both
    /// tiers (machine code detects it in the prologue, before any).
    @Test func stackExhaustionOriginIsAnInstruction() throws {
        // (func (call 0)): the call is the body's first instruction, after its local count.
        let bytes = ModuleBytes.function(code: [0x10, 0])
        let instructionStart = try Module.parse(bytes).bodies[0].code.lowerBound
        for strategy in [ExecutionStrategy.interpreter, .compiler] {
            let (store, instance) = try instantiate(bytes, strategy)
            let t = try #require(try trapOf { try instance.call("f") }, "\(strategy): no trap")
            #expect(t.reason == .stackExhausted, "\(strategy)")
            #expect(t.frames.first?.moduleOffset == instructionStart, "\(strategy)")
            #expect(t.frames.first?.functionOffset == 1, "\(strategy)")
            withExtendedLifetime(store) {}
        }
    }

    @Test func deepRecursionIsATrap() throws {
        // (func (call 0))
        let bytes = ModuleBytes.function(code: [0x10, 0])
        let store = Store(engine: engine)
        let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: bytes), imports: [])
        guard case .function(let f)? = instance.export("f") else { return }
        do {
            _ = try f.call([])
            Issue.record("no trap")
        } catch let t as Trap {
            #expect(t.reason == .stackExhausted)
        }
    }

    /// `bytes` instantiated on `strategy`, with the store that owns it (an
    /// instance does not keep its store alive).
    func instantiate(_ bytes: [UInt8], _ strategy: ExecutionStrategy) throws -> (store: Store, instance: Instance) {
        let engine = CompilerTests.engine(strategy)
        let store = Store(engine: engine)
        return (store, try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: bytes), imports: []))
    }

    /// What a host function calls back: the export "f" of the instance it is
    /// imported by (weak: the instance holds the host function).
    final class Reentry {
        weak var function: Function?
    }

    /// A module importing host function "m" "h" (i32) -> i32 and exporting
    /// "f" of the same type with `body`, instantiated on `strategy` with an
    /// "h" that calls "f" again with its argument and returns its result.
    /// The store is returned too: an instance does not keep it alive.
    func reentrantInstance(body: [UInt8], _ strategy: ExecutionStrategy) throws -> (store: Store, instance: Instance) {
        typealias M = CompilerTests
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([0x7F], [0x7F])]))
        m.section(2, M.vec([M.name("m") + M.name("h") + [0x00, 0]]))
        m.section(3, M.vec([[0]]))
        m.section(7, M.vec([M.name("f") + [0x00, 1]]))
        m.section(10, M.vec([M.body(body)]))
        let engine = CompilerTests.engine(strategy)
        let store = Store(engine: engine)
        let reentry = Reentry()
        let h = Function(store: store, type: FuncType(params: [.i32], results: [.i32])) { _, slots in
            let results = try reentry.function!.call([.i32(slots.load(as: UInt32.self))])
            if case .i32(let r) = results[0] { slots.storeBytes(of: r, as: UInt32.self) }
        }
        let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: m.bytes), imports: [.function(h)])
        reentry.function = try instance.function("f")
        return (store, instance)
    }

    /// A host function calling back into wasm, which calls it again, over
    /// and over: each level takes native stack, and running out of it is a
    /// trap on both tiers, long before the call-depth limit (20,000 levels
    /// need more than the thread's 8 MiB).
    @Test func hostReentranceExhaustsTheStackWithATrap() throws {
        // (func (export "f") (param i32) (result i32)
        //   (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        //     (else (i32.add (call 0 (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
        let body: [UInt8] = [0x20, 0, 0x45, 0x04, 0x7F, 0x41, 0, 0x05, 0x20, 0, 0x41, 1, 0x6B, 0x10, 0, 0x41, 1, 0x6A, 0x0B]
        for strategy in [ExecutionStrategy.interpreter, .compiler] {
            let (store, instance) = try reentrantInstance(body: body, strategy)
            #expect(try instance.call("f", [.i32(10)]) == [.i32(10)], "\(strategy)")
            let t = try #require(try trapOf { try instance.call("f", [.i32(1_000_000)]) }, "\(strategy): no trap")
            #expect(t.reason == .stackExhausted, "\(strategy)")
            withExtendedLifetime(store) {}
        }
    }

    /// A trap deep in wasm -> host -> wasm calls has every wasm frame of
    /// every activation in its trace, innermost first, on both tiers.
    @Test func trapTraceCrossesHostFunctions() throws {
        // (func (export "f") (param i32) (result i32)
        //   (if (result i32) (i32.eqz (local.get 0)) (then unreachable) (else (call 0 (i32.sub (local.get 0) (i32.const 1))))))
        let body: [UInt8] = [0x20, 0, 0x45, 0x04, 0x7F, 0x00, 0x05, 0x20, 0, 0x41, 1, 0x6B, 0x10, 0, 0x0B]
        for strategy in [ExecutionStrategy.interpreter, .compiler] {
            let (store, instance) = try reentrantInstance(body: body, strategy)
            let t = try #require(try trapOf { try instance.call("f", [.i32(3)]) }, "\(strategy): no trap")
            #expect(t.reason == .unreachable, "\(strategy)")
            #expect(t.frames.map(\.functionIndex) == [1, 1, 1, 1], "\(strategy)")
            #expect(t.frames.first?.functionOffset == 6, "\(strategy)")
            withExtendedLifetime(store) {}
        }
    }

    /// `call_indirect` through a table64 reads the whole i64 index on both
    /// tiers: 2^32 is out of bounds, not element 0.
    @Test func table64CallIndirectReadsTheWholeIndex() throws {
        // (table $t i64 1 funcref) (elem (table $t) (i64.const 0) func $a)
        // (func $a (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
        // (func (export "ci") (param i64) (result i32) (call_indirect $t (type 0) (i32.const 10) (local.get 0)))
        // (func (export "rci") (param i64) (result i32) (return_call_indirect $t (type 0) (i32.const 10) (local.get 0)))
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7e, 0x01, 0x7f, 0x03, 0x04, 0x03, 0x00, 0x01, 0x01, 0x04, 0x04, 0x01, 0x70, 0x04, 0x01, 0x07, 0x0c, 0x02, 0x02, 0x63, 0x69, 0x00, 0x01, 0x03, 0x72, 0x63, 0x69, 0x00, 0x02, 0x09, 0x09, 0x01, 0x02, 0x00, 0x42, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x0a, 0x1d, 0x03, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x09, 0x00, 0x41, 0x0a, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b, 0x09, 0x00, 0x41, 0x0a, 0x20, 0x00, 0x13, 0x00, 0x00, 0x0b]
        for strategy in [ExecutionStrategy.interpreter, .compiler] {
            let (store, instance) = try instantiate(bytes, strategy)
            defer { withExtendedLifetime(store) {} }
            for name in ["ci", "rci"] {
                #expect(try instance.call(name, [.i64(0)]) == [.i32(11)], "\(strategy) \(name)")
                for index: UInt64 in [1, 1 << 32, .max] {
                    #expect(trapMessage { try instance.call(name, [.i64(index)]) } == "undefined element", "\(strategy) \(name) \(index)")
                }
            }
        }
    }

    /// With 1-byte pages a 32-bit memory holds at most 2^32 - 1 pages:
    /// growing one page past that fails on both tiers.
    @Test func oneBytePagesStopBelow4GiB() throws {
        // (memory 1 (pagesize 1)) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))) ...
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x04, 0x03, 0x00, 0x00, 0x00, 0x05, 0x04, 0x01, 0x08, 0x01, 0x00, 0x07, 0x1e, 0x03, 0x08, 0x67, 0x72, 0x6f, 0x77, 0x73, 0x69, 0x7a, 0x65, 0x00, 0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x01, 0x08, 0x67, 0x72, 0x6f, 0x77, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x02, 0x0a, 0x1e, 0x03, 0x09, 0x00, 0x20, 0x00, 0x40, 0x00, 0x1a, 0x3f, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x40, 0x00, 0x1a, 0x41, 0x00, 0x40, 0x00, 0x0b, 0x00, 0x0b, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x06, 0x04, 0x01, 0x00, 0x01, 0x6d]
        for strategy in [ExecutionStrategy.interpreter, .compiler] {
            var config = EngineConfig()
            config.strategy = strategy
            config.features.insert(.customPageSizes)
            let engine = Engine(config: config)
            let store = Store(engine: engine)
            let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: bytes), imports: [])
            #expect(try instance.call("grow", [.i32(0xFFFF_FFFF)]) == [.i32(0xFFFF_FFFF)], "\(strategy)")
            #expect(try instance.call("grow", [.i32(0)]) == [.i32(1)], "\(strategy)")
        }
    }

    @Test func manyResults() throws {
        // A function returning 1000 i32 values.
        var results = [UInt8](repeating: 0x7F, count: 1000)
        var code: [UInt8] = []
        for i in 0..<1000 { code += [0x41] + ModuleBytes.uleb(UInt64(i & 0x3F)) }
        let bytes = ModuleBytes.function(results: results, code: code)
        results.removeAll()
        let store = Store(engine: engine)
        let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: bytes), imports: [])
        guard case .function(let f)? = instance.export("f") else { return }
        let values = try f.call([])
        #expect(values.count == 1000)
        #expect(values[999] == .i32(999 & 0x3F))
    }
}
