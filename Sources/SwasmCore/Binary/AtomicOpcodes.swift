/// The threads proposal's instructions (`0xFE sub`): their internal
/// opcodes (`base + sub`, in the shared numbering of `Opcodes`) and what
/// each one does, for the validator and every tier.
enum AtomicOpcodes {
    /// Internal opcode of `0xFE 0x00`; the instructions run up to `last`.
    static let base: UInt16 = 0x3A0
    static let last: UInt16 = base + 0x4E
    static let notify: UInt16 = base + 0x00, wait32: UInt16 = base + 0x01, wait64: UInt16 = base + 0x02
    static let fence: UInt16 = base + 0x03

    /// Read-modify-write operations, in the order of their opcode groups.
    enum RMW: Int {
        case add, sub, and, or, xor, xchg, cmpxchg
    }

    /// What an atomic instruction does.
    enum Kind: Equatable {
        case load, store, rmw(RMW), notify, wait, fence
    }

    /// One atomic instruction: its kind, operand type and access size (log2 bytes).
    struct Info: Equatable {
        var kind: Kind
        /// The value type it loads, stores or modifies (i32 for notify, the expected value's for wait).
        var type: ValueType
        var sizeLog2: UInt32
        var size: Int { 1 << Int(sizeLog2) }
    }

    /// Operand type and access size of the seven members of each load,
    /// store and read-modify-write group: i32, i64, i32 8-bit, i32 16-bit,
    /// i64 8-bit, i64 16-bit, i64 32-bit.
    static let groupShapes: [(ValueType, UInt32)] = [(.i32, 2), (.i64, 3), (.i32, 0), (.i32, 1), (.i64, 0), (.i64, 1), (.i64, 2)]

    /// The instruction `0xFE sub`, or nil when there is none.
    static func info(sub: UInt32) -> Info? {
        switch sub {
        case 0x00: return Info(kind: .notify, type: .i32, sizeLog2: 2)
        case 0x01: return Info(kind: .wait, type: .i32, sizeLog2: 2)
        case 0x02: return Info(kind: .wait, type: .i64, sizeLog2: 3)
        case 0x03: return Info(kind: .fence, type: .i32, sizeLog2: 0)
        case 0x10...0x4E:
            let group = Int(sub - 0x10) / 7
            let (type, size) = groupShapes[Int(sub - 0x10) % 7]
            let kind: Kind = group == 0 ? .load : group == 1 ? .store : .rmw(RMW(rawValue: group - 2)!)
            return Info(kind: kind, type: type, sizeLog2: size)
        default: return nil
        }
    }

    /// The instruction with internal opcode `op`, or nil when it is not atomic.
    static func info(_ op: UInt16) -> Info? {
        op >= base && op <= last ? table[Int(op - base)] : nil
    }

    private static let table: [Info?] = (0...UInt32(last - base)).map { info(sub: $0) }
}
