import Testing
@testable import SwasmCore

/// Host values of null references of defined types: the kind of null
/// follows the type (a struct or array type's null is an `anyref`).
@Suite struct ReferenceValueTests {
    typealias M = CompilerTests

    @Test func nullOfADefinedTypeHasTheTypesKind() throws {
        var m = ModuleBytes()
        m.section(1, M.vec([[0x5F] + M.vec([[0x7F, 1]]), M.funcType([], [])]))
        let module = try CompiledModule(engine: Engine(), bytes: m.bytes).module
        let structRef = ValueType.ref(RefType(heapType: .concrete(0)))
        let funcRef = ValueType.ref(RefType(heapType: .concrete(1)))
        #expect(Value.zero(structRef, in: module) == .anyref(nil))
        #expect(Value.zero(funcRef, in: module) == .funcref(nil))
        #expect(Value.zero(structRef) == .funcref(nil))
    }
}
