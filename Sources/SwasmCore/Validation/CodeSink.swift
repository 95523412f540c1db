/// Receives the instructions of a function body as the validator accepts
/// them, with the operand-stack height (number of values) before each one.
/// Each execution tier implements a sink to translate the body; a plain
/// validation uses `NullSink`. Instructions in unreachable code are not
/// passed on, except the structured control instructions, which carry a
/// `reachable` flag so the sink can keep its labels in step.
protocol CodeSink {
    /// The byte offset (in the module) of the instruction about to be passed on.
    mutating func at(offset: Int)
    /// Any instruction that pops `pops` values and pushes `pushes` values,
    /// identified by its internal opcode (see `Opcodes`) and up to two
    /// immediates whose meaning depends on the opcode.
    mutating func instruction(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int, pushes: Int) throws(WasmError)
    /// A constant of any value type (v128 uses both halves).
    mutating func constant(_ type: ValueType, _ bits: V128, height: Int) throws(WasmError)
    /// `block`, `loop` or `if` with its block type. `height` is the stack height below the block's params.
    mutating func beginBlock(_ kind: BlockKind, type: FuncType, height: Int, reachable: Bool) throws(WasmError)
    /// `else` of the innermost `if`; `reachable` tells whether the then-branch fell through.
    mutating func elseBlock(reachable: Bool) throws(WasmError)
    /// `end` of the innermost block (or of the function when it is the last).
    mutating func endBlock(reachable: Bool) throws(WasmError)
    /// `br`, `br_if` (`conditional`), relative label depth.
    mutating func branch(depth: Int, conditional: Bool, height: Int) throws(WasmError)
    /// `br_on_null` (`onNull`) or `br_on_non_null`: the reference is the top
    /// operand; the branch carries the values below it (and, for
    /// `br_on_non_null`, the reference itself).
    mutating func branchOnNull(depth: Int, onNull: Bool, height: Int) throws(WasmError)
    /// `br_table`.
    mutating func branchTable(depths: [Int], defaultDepth: Int, height: Int) throws(WasmError)
    /// `return` (also used for the function's implicit return by `endBlock`).
    mutating func returnFromFunction(height: Int) throws(WasmError)
    /// `try_table`: a block (its `end` arrives through `endBlock`) whose
    /// clauses catch the exceptions its body throws. `height` is the stack
    /// height below the block's params.
    mutating func beginTryTable(type: FuncType, catches: [CatchClause], height: Int, reachable: Bool) throws(WasmError)
    /// The validator pushed a value of `type` (nil: unknown, in unreachable
    /// code) at stack height `height`.
    mutating func pushed(_ type: ValueType?, height: Int)
}

extension CodeSink {
    /// Sinks that do not execute exceptions see a `try_table` as a plain block.
    mutating func beginTryTable(type: FuncType, catches: [CatchClause], height: Int, reachable: Bool) throws(WasmError) {
        try beginBlock(.block, type: type, height: height, reachable: reachable)
    }

    /// Most sinks do not need the operand types.
    mutating func pushed(_ type: ValueType?, height: Int) {}
}

/// One catch clause of a `try_table`.
struct CatchClause {
    /// Tag index (module tag index space); nil for `catch_all` and `catch_all_ref`.
    var tag: UInt32?
    /// Whether the label also receives the exnref (`catch_ref`, `catch_all_ref`).
    var passesReference: Bool
    /// Label depth, relative to the block around the `try_table`.
    var depth: Int
}

/// The kinds of structured control instruction.
enum BlockKind {
    case block, loop, `if`
}

/// A sink that discards everything: validation only.
struct NullSink: CodeSink {
    mutating func at(offset: Int) {}
    mutating func instruction(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int, pushes: Int) {}
    mutating func constant(_ type: ValueType, _ bits: V128, height: Int) {}
    mutating func beginBlock(_ kind: BlockKind, type: FuncType, height: Int, reachable: Bool) {}
    mutating func elseBlock(reachable: Bool) {}
    mutating func endBlock(reachable: Bool) {}
    mutating func branch(depth: Int, conditional: Bool, height: Int) {}
    mutating func branchTable(depths: [Int], defaultDepth: Int, height: Int) {}
    mutating func branchOnNull(depth: Int, onNull: Bool, height: Int) {}
    mutating func returnFromFunction(height: Int) {}
}

/// Internal opcodes of instructions that have no one-byte wasm encoding of their own.
enum ExtraOpcodes {
    /// `select` (both typed and untyped).
    static let select: UInt16 = 0x1B
    static let memoryInit: UInt16 = 0x108, dataDrop: UInt16 = 0x109, memoryCopy: UInt16 = 0x10A, memoryFill: UInt16 = 0x10B
    static let tableInit: UInt16 = 0x10C, elemDrop: UInt16 = 0x10D, tableCopy: UInt16 = 0x10E
    static let tableGrow: UInt16 = 0x10F, tableSize: UInt16 = 0x110, tableFill: UInt16 = 0x111
    /// `throw` (a = tag index; pops the tag's params) and `throw_ref` (pops the exnref).
    static let `throw`: UInt16 = 0x08, throwRef: UInt16 = 0x0A
}
