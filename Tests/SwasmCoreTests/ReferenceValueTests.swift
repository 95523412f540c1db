import Testing
@testable import SwasmCore

/// Host values of null references of defined types: the kind of null
/// follows the type (a struct or array type's null is an `anyref`, a
/// function type's a `funcref`), read from a global and a function result.
@Suite struct ReferenceValueTests {
    typealias M = CompilerTests

    @Test(arguments: [ExecutionStrategy.interpreter, .compiler])
    func nullOfADefinedTypeHasTheTypesKind(strategy: ExecutionStrategy) throws {
        var m = ModuleBytes()
        // (type $s (struct (field (mut i32)))) (type $f (func (result (ref null $s)))) (type $g (func))
        m.section(1, M.vec([[0x5F] + M.vec([[0x7F, 1]]), [0x60, 0, 1, 0x63, 0], M.funcType([], [])]))
        m.section(3, [1, 1])
        // (global (export "s") (ref null $s) (ref.null $s)) (global (export "f") (ref null $g) (ref.null $g))
        m.section(6, [2, 0x63, 0, 0, 0xD0, 0, 0x0B, 0x63, 2, 0, 0xD0, 2, 0x0B])
        m.section(7, M.vec([M.name("s") + [3, 0], M.name("f") + [3, 1], M.name("get") + [0, 0]]))
        m.section(10, [1] + M.body([0xD0, 0]))
        let engine = CompilerTests.engine(strategy)
        let store = Store(engine: engine)
        let instance = try Instance(store: store, compiled: CompiledModule(engine: engine, bytes: m.bytes), imports: [])
        guard case .global(let s)? = instance.export("s"), case .global(let f)? = instance.export("f"),
              case .function(let get)? = instance.export("get") else {
            Issue.record("missing exports")
            return
        }
        #expect(s.value == .anyref(nil))
        #expect(f.value == .funcref(nil))
        #expect(try get.call([]) == [.anyref(nil)])
    }
}
