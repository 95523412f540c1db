import Testing
@testable import SwasmCore

@Suite struct ValidatorTests {
    let i32: UInt8 = 0x7F

    /// `array.new_fixed` with a count of 2^32 - 1 is rejected (or, in
    /// unreachable code, accepted) without allocating or popping that many types.
    @Test func hugeArrayNewFixedCountIsCheap() {
        func module(_ code: [UInt8]) -> [UInt8] {
            var m = ModuleBytes()
            m.section(1, [2, 0x5E, 0x7F, 0, 0x60, 0, 0])  // (type (array i32)) (type (func))
            m.section(3, [1, 1])
            let body = [0] + code + [0x0B]
            m.section(10, [1] + ModuleBytes.uleb(UInt64(body.count)) + body)
            return m.bytes
        }
        let newFixed: [UInt8] = [0xFB, 0x08, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x1A]
        #expect(moduleError(module([0x41, 1] + newFixed + [0x1A])) == "type mismatch")
        #expect(moduleError(module([0x00] + newFixed)) == nil)
    }

    @Test func acceptsWellTypedCode() {
        // (i32.add (local.get 0) (i32.const 1))
        #expect(moduleError(ModuleBytes.function(params: [i32], results: [i32], code: [0x20, 0, 0x41, 1, 0x6A])) == nil)
    }

    @Test func typeMismatch() {
        // i32.add on an i64 operand
        #expect(moduleError(ModuleBytes.function(results: [i32], code: [0x42, 1, 0x41, 1, 0x6A])) == "type mismatch")
        // missing result
        #expect(moduleError(ModuleBytes.function(results: [i32], code: [])) == "type mismatch")
        // leftover operand
        #expect(moduleError(ModuleBytes.function(code: [0x41, 1])) == "type mismatch")
    }

    @Test func unreachableIsPolymorphicOnlyInItsBlock() {
        // (unreachable) (i32.add) is valid: operands come from the polymorphic stack
        #expect(moduleError(ModuleBytes.function(results: [i32], code: [0x00, 0x6A])) == nil)
        // a nested block starts with its own, empty stack
        #expect(moduleError(ModuleBytes.function(code: [0x00, 0x02, 0x40, 0x6A, 0x1A, 0x0B])) == "type mismatch")
    }

    @Test func indicesAreChecked() {
        #expect(moduleError(ModuleBytes.function(code: [0x20, 3, 0x1A])) == "unknown local 3")
        #expect(moduleError(ModuleBytes.function(code: [0x0C, 2])) == "unknown label")
        #expect(moduleError(ModuleBytes.function(code: [0x10, 9])) == "unknown function 9")
        #expect(moduleError(ModuleBytes.function(code: [0x41, 0, 0x28, 2, 0, 0x1A])) == "unknown memory 0")
    }

    @Test func alignment() {
        #expect(moduleError(ModuleBytes.function(code: [0x41, 0, 0x28, 2, 0, 0x1A], memory: true)) == nil)
        #expect(moduleError(ModuleBytes.function(code: [0x41, 0, 0x28, 3, 0, 0x1A], memory: true)) == "alignment must not be larger than natural")
    }

    @Test func branchesCarryLabelTypes() {
        // (block (result i32) (br 0 (i32.const 1)))
        #expect(moduleError(ModuleBytes.function(results: [i32], code: [0x02, i32, 0x41, 1, 0x0C, 0, 0x0B])) == nil)
        // (block (result i32) (br 0))  — missing operand
        #expect(moduleError(ModuleBytes.function(results: [i32], code: [0x02, i32, 0x0C, 0, 0x0B])) == "type mismatch")
    }

    @Test func illegalOpcode() {
        #expect(moduleError(ModuleBytes.function(code: [0xFF]))?.hasPrefix("illegal opcode") == true)
    }
}
