import Testing
@testable import SwasmCore

/// The GC proposal on every tier: iso-recursive type equivalence across
/// modules, packed struct fields, array bounds, casts, i31 and
/// `br_on_cast` / `br_on_cast_fail`.
@Suite struct GCTests {
    static let strategies: [ExecutionStrategy] = [.interpreter, .compiler]
    typealias M = CompilerTests

    static let i32: UInt8 = 0x7F, i64: UInt8 = 0x7E, anyref: UInt8 = 0x6E

    /// Prefixed GC instruction `sub` with immediates.
    static func gc(_ sub: UInt8, _ immediates: UInt8...) -> [UInt8] { [0xFB, sub] + immediates }

    /// A final struct type with the given field encodings.
    static func structType(_ fields: [[UInt8]]) -> [UInt8] { [0x5F] + M.vec(fields) }

    /// Types: 0 struct {mut i8, mut i16, mut i32}, 1 array (mut i32), then
    /// the function types of the exports (see each body).
    static let module: [UInt8] = {
        var m = ModuleBytes()
        m.section(1, M.vec([
            structType([[0x78, 1], [0x77, 1], [i32, 1]]),  // 0
            [0x5E, i32, 1],                                 // 1
            M.funcType([i32], [i32, i32, i32, i32]),        // 2
            M.funcType([i32], [i32]),                       // 3
            M.funcType([i32], [i32, i32]),                  // 4
        ]))
        m.section(3, M.vec([[2], [3], [4], [3], [3], [3]]))
        m.section(7, M.vec([
            M.name("packed") + [0, 0], M.name("arrayGet") + [0, 1], M.name("i31") + [0, 2],
            M.name("cast") + [0, 3], M.name("brOnCast") + [0, 4], M.name("brOnCastFail") + [0, 5],
        ]))
        // A struct (param != 0) or an i31 (param == 0), as an anyref.
        let structOrI31: [UInt8] = [0x20, 0, 0x04, anyref] + gc(1, 0) + [0x05, 0x41, 5] + gc(28) + [0x0B]
        m.section(10, M.vec([
            // packed(x): a struct with both packed fields set to x; their get_s and get_u.
            M.body(gc(1, 0) + [0x21, 1]
                   + [0x20, 1, 0x20, 0] + gc(5, 0, 0) + [0x20, 1, 0x20, 0] + gc(5, 0, 1)
                   + [0x20, 1] + gc(3, 0, 0) + [0x20, 1] + gc(4, 0, 0)
                   + [0x20, 1] + gc(3, 0, 1) + [0x20, 1] + gc(4, 0, 1),
                   locals: [1, 1, 0x63, 0]),
            // arrayGet(i): element i of a 3-element array of 7s.
            M.body([0x41, 7, 0x41, 3] + gc(6, 1) + [0x20, 0] + gc(11, 1)),
            // i31(x): i31.get_s and i31.get_u of ref.i31 x.
            M.body([0x20, 0] + gc(28) + gc(29) + [0x20, 0] + gc(28) + gc(30)),
            // cast(x): ref.cast (ref 0) of a struct (x != 0) or an array; ref.is_null of the result.
            M.body([0x20, 0, 0x04, anyref] + gc(1, 0) + [0x05, 0x41, 1] + gc(7, 1) + [0x0B] + gc(22, 0) + [0xD1]),
            // brOnCast(x): 1 when br_on_cast to (ref 0) branches.
            M.body([0x02, 0x63, 0] + structOrI31 + gc(24, 1, 0, anyref, 0) + [0x1A, 0x41, 0, 0x0F, 0x0B, 0x1A, 0x41, 1]),
            // brOnCastFail(x): 1 when br_on_cast_fail to (ref 0) falls through.
            M.body([0x02, anyref] + structOrI31 + gc(25, 1, 0, anyref, 0) + [0x1A, 0x41, 1, 0x0F, 0x0B, 0x1A, 0x41, 0]),
        ]))
        return m.bytes
    }()

    static func instantiate(_ strategy: ExecutionStrategy) throws -> (Store, Instance) {
        let engine = CompilerTests.engine(strategy)
        let store = Store(engine: engine)
        return (store, try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: module), imports: []))
    }

    /// The trap reason of calling `f` with `args`, or nil when it returns.
    static func trapReason(_ f: Function, _ args: [Value]) -> Trap.Reason? {
        do {
            _ = try f.call(args)
            return nil
        } catch let trap as Trap {
            return trap.reason
        } catch {
            return .host("\(error)")
        }
    }

    @Test(arguments: strategies)
    func packedStructFields(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instantiate(strategy)
        _ = store
        let results = try instance.function("packed").call([.i32(0xFFFF_8080)])
        #expect(results == [.i32(0xFFFF_FF80), .i32(0x80), .i32(0xFFFF_8080), .i32(0x8080)])
        let small = try instance.function("packed").call([.i32(0x1234_5605)])
        #expect(small == [.i32(5), .i32(5), .i32(0x5605), .i32(0x5605)])
    }

    @Test(arguments: strategies)
    func arrayBounds(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instantiate(strategy)
        _ = store
        let get = try instance.function("arrayGet")
        #expect(try get.call([.i32(2)]) == [.i32(7)])
        #expect(Self.trapReason(get, [.i32(3)]) == .arrayOutOfBounds)
        #expect(Self.trapReason(get, [.i32(0xFFFF_FFFF)]) == .arrayOutOfBounds)
    }

    @Test(arguments: strategies)
    func i31RoundTrip(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instantiate(strategy)
        _ = store
        let i31 = try instance.function("i31")
        #expect(try i31.call([.i32(0x7FFF_FFFF)]) == [.i32(0xFFFF_FFFF), .i32(0x7FFF_FFFF)])
        #expect(try i31.call([.i32(0x4000_0000)]) == [.i32(0xC000_0000), .i32(0x4000_0000)])
        #expect(try i31.call([.i32(0x8000_0001)]) == [.i32(1), .i32(1)])
        #expect(try i31.call([.i32(0x3FFF_FFFF)]) == [.i32(0x3FFF_FFFF), .i32(0x3FFF_FFFF)])
    }

    @Test(arguments: strategies)
    func castFailureTraps(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instantiate(strategy)
        _ = store
        let cast = try instance.function("cast")
        #expect(try cast.call([.i32(1)]) == [.i32(0)])
        #expect(Self.trapReason(cast, [.i32(0)]) == .castFailure)
    }

    @Test(arguments: strategies)
    func branchOnCastBothWays(_ strategy: ExecutionStrategy) throws {
        let (store, instance) = try Self.instantiate(strategy)
        _ = store
        let onCast = try instance.function("brOnCast")
        let onCastFail = try instance.function("brOnCastFail")
        #expect(try onCast.call([.i32(1)]) == [.i32(1)])
        #expect(try onCast.call([.i32(0)]) == [.i32(0)])
        #expect(try onCastFail.call([.i32(1)]) == [.i32(1)])
        #expect(try onCastFail.call([.i32(0)]) == [.i32(0)])
    }

    // MARK: Type equivalence across modules

    /// A recursion group of a struct whose field refers to the function type
    /// after it, which takes the struct: `field` is the struct's field type.
    static func recGroup(field: [UInt8]) -> [UInt8] {
        [0x4E] + M.vec([structType([field + [1]]), [0x60, 1, 0x63, 0, 1, i32]])
    }

    /// Exports "f" of type 1 of the group, returning 42.
    static func exporter(field: [UInt8]) -> [UInt8] {
        var m = ModuleBytes()
        m.section(1, M.vec([recGroup(field: field)]))
        m.section(3, M.vec([[1]]))
        m.section(7, M.vec([M.name("f") + [0, 0]]))
        m.section(10, M.vec([M.body([0x41, 42])]))
        return m.bytes
    }

    /// Imports "a"."f" with type 1 of its own copy of the group and exports
    /// "g", which calls it with a null struct reference.
    static func importer(field: [UInt8]) -> [UInt8] {
        var m = ModuleBytes()
        m.section(1, M.vec([recGroup(field: field), M.funcType([], [i32])]))
        m.section(2, M.vec([M.name("a") + M.name("f") + [0x00, 1]]))
        m.section(3, M.vec([[2]]))
        m.section(7, M.vec([M.name("g") + [0, 1]]))
        m.section(10, M.vec([M.body([0xD0, 0, 0x10, 0])]))
        return m.bytes
    }

    @Test(arguments: strategies)
    func recursionGroupsAreEquivalentAcrossModules(_ strategy: ExecutionStrategy) throws {
        let engine = CompilerTests.engine(strategy)
        let store = Store(engine: engine)
        let refField: [UInt8] = [0x63, 1]
        let a = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: Self.exporter(field: refField)), imports: [])
        let f = try a.function("f")
        let sameGroup = try CompiledModule(engine: engine, bytes: Self.importer(field: refField))
        #expect(sameGroup.typeIDs[1] == f.typeID)
        let b = try Instance(store: store, compiled: sameGroup, imports: [.function(f)])
        #expect(try b.function("g").call([]) == [.i32(42)])

        // A group that differs in one field is another type: the import does not link.
        let otherGroup = try CompiledModule(engine: engine, bytes: Self.importer(field: [Self.i64]))
        #expect(otherGroup.typeIDs[1] != f.typeID)
        #expect(throws: WasmError.self) { _ = try Instance(store: store, compiled: otherGroup, imports: [.function(f)]) }
    }
}
