extension IOp {
    /// [op, operand base slot, offset, memory word]: the atomic instruction
    /// `0xFE sub` is `atomic + sub` (up to `atomic + 0x4E`); its operands
    /// are in consecutive slots from the base, its result goes to the base.
    /// The memory word is the memarg's (index, bit 32 for 64-bit memories).
    static let atomic: UInt16 = 0x4A0
    static let atomicLast: UInt16 = atomic + (AtomicOpcodes.last - AtomicOpcodes.base)
}
