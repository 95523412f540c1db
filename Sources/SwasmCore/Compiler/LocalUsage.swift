/// A first pass over a function that weighs how often each local is read
/// or written, uses inside loops counting more (8x per loop level, capped),
/// so the compiler can keep the busiest locals in registers. Only run for
/// functions with more locals than the ISA has registers for them.
struct LocalUsage: CodeSink {
    /// Weighted use count per local index.
    var weights: [Int]
    /// Kind of each open block, innermost last.
    private var blocks: [BlockKind] = []
    private var loopDepth = 0

    init(localCount: Int) {
        weights = Array(repeating: 0, count: localCount)
    }

    mutating func instruction(_ op: UInt16, _ a: UInt64, _ b: UInt64, height: Int, pops: Int, pushes: Int) {
        guard op >= 0x20 && op <= 0x22 else { return }
        weights[Int(a)] += 1 << (3 * min(loopDepth, 6))
    }

    mutating func beginBlock(_ kind: BlockKind, type: FuncType, height: Int, reachable: Bool) {
        blocks.append(kind)
        if kind == .loop { loopDepth += 1 }
    }

    mutating func endBlock(reachable: Bool) {
        if blocks.popLast() == .loop { loopDepth -= 1 }
    }

    mutating func at(offset: Int) {}
    mutating func constant(_ type: ValueType, _ bits: V128, height: Int) {}
    mutating func elseBlock(reachable: Bool) {}
    mutating func branch(depth: Int, conditional: Bool, height: Int) {}
    mutating func branchOnNull(depth: Int, onNull: Bool, height: Int) {}
    mutating func branchTable(depths: [Int], defaultDepth: Int, height: Int) {}
    mutating func returnFromFunction(height: Int) {}
}
