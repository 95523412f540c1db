import Testing
@testable import SwasmCore

/// References whose static type names a module's defined type (a type
/// index local to each module) are checked by canonical type where they
/// cross a boundary: table and global imports between modules, and values
/// the host passes to calls, globals and tables.
@Suite struct ReferenceTypeSafetyTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]
    typealias M = CompilerTests

    static let i32: UInt8 = 0x7F, i64: UInt8 = 0x7E, anyref: UInt8 = 0x6E

    /// A struct type of three i64s and a mutable anyref: `struct.get` of
    /// field 3 reads past the end of a smaller object.
    static let wideStruct = GCTests.structType([[i64, 0], [i64, 0], [i64, 0], [anyref, 1]])

    static func instantiate(_ store: Store, _ bytes: [UInt8], _ imports: [Extern] = []) throws -> Instance {
        try Instance(store: store, compiled: CompiledModule(engine: store.engine, bytes: bytes), imports: imports)
    }

    static func export(_ instance: Instance, _ name: String) throws -> Extern {
        guard let e = instance.export(name) else { throw WasmError(.other, "no export \(name)") }
        return e
    }

    /// Whether `body` throws an unlinkable `WasmError`.
    static func isUnlinkable(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch let error as WasmError {
            return error.kind == .unlinkable
        } catch {
            return false
        }
    }

    // MARK: Imports between modules

    /// Exports "g": an immutable `(ref null $s)` global, `$s` = struct {i32}.
    static let narrowGlobalExporter: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([GCTests.structType([[i32, 0]])]))
        m.section(6, M.vec([[0x63, 0, 0, 0x41, 1] + GCTests.gc(0, 0) + [0x0B]]))
        m.section(7, M.vec([M.name("g") + [3, 0]]))
        return m.bytes
    }()

    /// Imports "A"."g" as `(ref null $b)` (`wideStruct`, also type index 0)
    /// and exports "f", which reads field 3 of it.
    static let wideGlobalImporter: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([wideStruct, M.funcType([], [anyref])]))
        m.section(2, M.vec([M.name("A") + M.name("g") + [0x03, 0x63, 0, 0]]))
        m.section(3, M.vec([[1]]))
        m.section(7, M.vec([M.name("f") + [0, 0]]))
        m.section(10, M.vec([M.body([0x23, 0] + GCTests.gc(2, 0, 3))]))
        return m.bytes
    }()

    @Test(arguments: strategies)
    func globalOfAnotherStructTypeAtTheSameIndexDoesNotLink(_ strategy: ExecutionStrategy) throws {
        let store = Store(engine: M.engine(strategy))
        let a = try Self.instantiate(store, Self.narrowGlobalExporter)
        let g = try Self.export(a, "g")
        #expect(Self.isUnlinkable { _ = try Self.instantiate(store, Self.wideGlobalImporter, [g]) })
    }

    /// Exports "t": a table of `(ref null $ft)`, `$ft` = [] -> [i32].
    static let typedTableExporter: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType([], [i32])]))
        m.section(4, M.vec([[0x63, 0, 0x00, 1]]))
        m.section(7, M.vec([M.name("t") + [1, 0]]))
        return m.bytes
    }()

    /// Imports "A"."t" as a table of `(ref null 0)`, type 0 = `params` -> [i32].
    static func typedTableImporter(params: [UInt8]) -> [UInt8] {
        var m = ModuleBytes()
        m.section(1, M.vec([M.funcType(params, [i32])]))
        m.section(2, M.vec([M.name("A") + M.name("t") + [0x01, 0x63, 0, 0x00, 1]]))
        return m.bytes
    }

    @Test(arguments: strategies)
    func funcrefTableOfAnotherFunctionTypeDoesNotLink(_ strategy: ExecutionStrategy) throws {
        let store = Store(engine: M.engine(strategy))
        let a = try Self.instantiate(store, Self.typedTableExporter)
        let t = try Self.export(a, "t")
        _ = try Self.instantiate(store, Self.typedTableImporter(params: []), [t])
        #expect(Self.isUnlinkable { _ = try Self.instantiate(store, Self.typedTableImporter(params: [Self.i32]), [t]) })
    }

    /// Types 0 `$super` = open struct {i32} and 1 `$sub` = struct {i32, i64}
    /// below it; exports globals of `(ref null $sub)` holding {7, 0}:
    /// "c" immutable and "m" mutable.
    static let subtypeGlobalExporter: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([[0x50, 0] + GCTests.structType([[i32, 0]]),
                            [0x4F, 1, 0] + GCTests.structType([[i32, 0], [i64, 0]])]))
        let initializer: [UInt8] = [0x41, 7, 0x42, 0] + GCTests.gc(0, 1) + [0x0B]
        m.section(6, M.vec([[0x63, 1, 0] + initializer, [0x63, 1, 1] + initializer]))
        m.section(7, M.vec([M.name("c") + [3, 0], M.name("m") + [3, 1]]))
        return m.bytes
    }()

    /// Imports "A".`name` as a global of `(ref null $super)` (mutable or not)
    /// and exports "f", which reads its field 0.
    static func supertypeGlobalImporter(_ name: String, mutable: Bool) -> [UInt8] {
        var m = ModuleBytes()
        m.section(1, M.vec([[0x50, 0] + GCTests.structType([[i32, 0]]), M.funcType([], [i32])]))
        m.section(2, M.vec([M.name("A") + M.name(name) + [0x03, 0x63, 0, mutable ? 1 : 0]]))
        m.section(3, M.vec([[1]]))
        m.section(7, M.vec([M.name("f") + [0, 0]]))
        m.section(10, M.vec([M.body([0x23, 0] + GCTests.gc(2, 0, 0))]))
        return m.bytes
    }

    /// Imports "A"."c" as an immutable global of the abstract `heapType` (one byte).
    static func abstractGlobalImporter(_ heapType: UInt8) -> [UInt8] {
        var m = ModuleBytes()
        m.section(2, M.vec([M.name("A") + M.name("c") + [0x03, 0x63, heapType, 0]]))
        return m.bytes
    }

    @Test(arguments: strategies)
    func immutableGlobalOfASubtypeLinks(_ strategy: ExecutionStrategy) throws {
        let store = Store(engine: M.engine(strategy))
        let a = try Self.instantiate(store, Self.subtypeGlobalExporter)
        let c = try Self.export(a, "c"), m = try Self.export(a, "m")
        let b = try Self.instantiate(store, Self.supertypeGlobalImporter("c", mutable: false), [c])
        guard case .function(let f) = try Self.export(b, "f") else { throw WasmError(.other, "f is not a function") }
        #expect(try f.call([]) == [.i32(7)])
        _ = try Self.instantiate(store, Self.abstractGlobalImporter(0x6B), [c])  // structref
        _ = try Self.instantiate(store, Self.abstractGlobalImporter(Self.anyref), [c])
        #expect(Self.isUnlinkable { _ = try Self.instantiate(store, Self.abstractGlobalImporter(0x6A), [c]) })  // arrayref
        // A mutable global needs an equivalent type, not a subtype.
        #expect(Self.isUnlinkable { _ = try Self.instantiate(store, Self.supertypeGlobalImporter("m", mutable: true), [m]) })
        #expect(Self.isUnlinkable { _ = try Self.instantiate(store, Self.supertypeGlobalImporter("m", mutable: false), [m]) })
    }

    // MARK: Values from the host

    /// Types 0 `$A` = struct {i32}, 1 `$B` = `wideStruct`, 2 [] -> [anyref],
    /// 3 [(ref $B)] -> [anyref]. Exports "mkA" and "mkB" (new objects as
    /// anyref), "getB" (field 3 of its argument), tables "tb" of
    /// `(ref null $B)` and "tf" of `(ref null 2)`, and the mutable global
    /// "gb" of `(ref null $B)`.
    static let hostBoundaryModule: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([GCTests.structType([[i32, 0]]), wideStruct, M.funcType([], [anyref]),
                            [0x60, 1, 0x64, 1, 1, anyref]]))
        m.section(3, M.vec([[2], [2], [3]]))
        m.section(4, M.vec([[0x63, 1, 0x00, 2], [0x63, 2, 0x00, 2]]))
        m.section(6, M.vec([[0x63, 1, 1, 0xD0, 1, 0x0B]]))
        m.section(7, M.vec([M.name("mkA") + [0, 0], M.name("mkB") + [0, 1], M.name("getB") + [0, 2],
                            M.name("tb") + [1, 0], M.name("tf") + [1, 1], M.name("gb") + [3, 0]]))
        m.section(10, M.vec([M.body([0x41, 1] + GCTests.gc(0, 0)), M.body(GCTests.gc(1, 1)),
                             M.body([0x20, 0] + GCTests.gc(2, 1, 3))]))
        return m.bytes
    }()

    /// The exports of `hostBoundaryModule` instantiated in a new store.
    struct Boundary {
        let store: Store
        let mkA: Function, mkB: Function, getB: Function
        let tb: Table, tf: Table, gb: Global

        init(_ strategy: ExecutionStrategy) throws {
            store = Store(engine: M.engine(strategy))
            let i = try ReferenceTypeSafetyTests.instantiate(store, ReferenceTypeSafetyTests.hostBoundaryModule)
            guard case .function(let mkA)? = i.export("mkA"), case .function(let mkB)? = i.export("mkB"),
                  case .function(let getB)? = i.export("getB"), case .table(let tb)? = i.export("tb"),
                  case .table(let tf)? = i.export("tf"), case .global(let gb)? = i.export("gb") else {
                throw WasmError(.other, "missing export")
            }
            (self.mkA, self.mkB, self.getB, self.tb, self.tf, self.gb) = (mkA, mkB, getB, tb, tf, gb)
        }
    }

    @Test(arguments: strategies)
    func hostCallWithAStructOfAnotherTypeIsRejected(_ strategy: ExecutionStrategy) throws {
        let b = try Boundary(strategy)
        let a = try b.mkA.call([])[0]
        guard case .host(let message)? = GCTests.trapReason(b.getB, [a]) else {
            Issue.record("a struct of type $A passed as (ref $B) was not rejected")
            return
        }
        #expect(message.contains("argument 0"))
        #expect(GCTests.trapReason(b.getB, [.anyref(nil)]) != nil)  // null for a non-nullable parameter
        #expect(try b.getB.call([b.mkB.call([])[0]]) == [.anyref(nil)])
    }

    @Test(arguments: strategies)
    func wrongTypedValuesAreRejectedByGlobalsAndTables(_ strategy: ExecutionStrategy) throws {
        let b = try Boundary(strategy)
        let a = try b.mkA.call([])[0], wide = try b.mkB.call([])[0]

        #expect(throws: WasmError.self) { try b.gb.set(a) }
        #expect(throws: WasmError.self) { try b.gb.set(.anyref(AnyRef(i31: 5))) }
        try b.gb.set(wide)
        #expect(b.gb.value == wide)
        try b.gb.set(.anyref(nil))

        #expect(!b.tb.set(0, a))
        #expect(b.tb.set(0, wide))
        #expect(b.tb.get(0) == wide)
        #expect(b.tb.grow(by: 1, initial: a) == nil)
        #expect(b.tb.size == 2)
        #expect(b.tb.grow(by: 1, initial: wide) == 2)

        // A typed funcref table takes functions of its type (or a subtype) only.
        #expect(!b.tf.set(0, .funcref(b.getB)))
        #expect(b.tf.set(0, .funcref(b.mkA)))
        #expect(b.tf.grow(by: 1, initial: .funcref(b.getB)) == nil)
    }

    @Test(arguments: strategies)
    func hostCreatedGlobalsAndTablesCheckTheirValues(_ strategy: ExecutionStrategy) throws {
        let b = try Boundary(strategy)
        let array = RefType(heapType: .array)
        let wide = try b.mkB.call([])[0]
        #expect(throws: WasmError.self) {
            _ = try b.store.createGlobal(GlobalType(valueType: .ref(array), mutable: true), value: wide)
        }
        let g = try b.store.createGlobal(GlobalType(valueType: .ref(RefType(heapType: .struct)), mutable: true), value: wide)
        #expect(throws: WasmError.self) { try g.set(.anyref(AnyRef(i31: 1))) }
        #expect(throws: WasmError.self) {
            _ = try b.store.createGlobal(GlobalType(valueType: .ref(RefType(heapType: .concrete(1))), mutable: false), value: wide)
        }

        // A function of another store does not go into this store's table.
        let other = try Boundary(strategy)
        #expect(throws: WasmError.self) {
            _ = try b.store.createTable(TableType(elementType: .funcref, limits: Limits(min: 1)), initial: .funcref(other.mkA))
        }
        let t = try b.store.createTable(TableType(elementType: .funcref, limits: Limits(min: 1)), initial: .funcref(b.mkA))
        #expect(!t.set(0, .funcref(other.mkB)))
        #expect(t.set(0, .funcref(b.mkB)))
    }
}
