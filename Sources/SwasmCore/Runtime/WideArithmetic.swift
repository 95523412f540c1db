/// The wide-arithmetic proposal's instructions (`0xFC 19-22`): 128-bit
/// addition and subtraction of (low, high) i64 pairs and the full 128-bit
/// products of two i64. Their internal opcodes, and their semantics on
/// operand slots, shared by the interpreter and the compiler's runtime path.
enum WideArithmetic {
    static let add128: UInt16 = Opcodes.prefixFC + 19
    static let sub128: UInt16 = Opcodes.prefixFC + 20
    static let mulWideS: UInt16 = Opcodes.prefixFC + 21
    static let mulWideU: UInt16 = Opcodes.prefixFC + 22

    /// Whether `op` is one of these instructions.
    @inline(__always) static func contains(_ op: UInt16) -> Bool { op >= add128 && op <= mulWideU }

    /// Executes `op` on the 16-byte slots at `p`: the operands are in the
    /// consecutive slots from `p`, the low result goes to slot 0 and the
    /// high result to slot 1.
    static func execute(_ op: UInt16, _ p: UnsafeMutableRawPointer) {
        @inline(__always) func operand(_ k: Int) -> UInt64 { p.load(fromByteOffset: k * Slot.size, as: UInt64.self) }
        let (low, high): (UInt64, UInt64)
        switch op {
        case add128:
            let (l, carry) = operand(0).addingReportingOverflow(operand(2))
            low = l
            high = operand(1) &+ operand(3) &+ (carry ? 1 : 0)
        case sub128:
            let (l, borrow) = operand(0).subtractingReportingOverflow(operand(2))
            low = l
            high = operand(1) &- operand(3) &- (borrow ? 1 : 0)
        case mulWideS:
            let product = Int64(bitPattern: operand(0)).multipliedFullWidth(by: Int64(bitPattern: operand(1)))
            (low, high) = (product.low, UInt64(bitPattern: product.high))
        default:
            let product = operand(0).multipliedFullWidth(by: operand(1))
            (low, high) = (product.low, product.high)
        }
        p.storeBytes(of: low, as: UInt64.self)
        p.storeBytes(of: high, toByteOffset: Slot.size, as: UInt64.self)
    }
}
