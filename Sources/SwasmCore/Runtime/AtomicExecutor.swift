import Synchronization

/// The atomic instructions on operand slots, shared by the interpreter and
/// the compiler's runtime calls (`memory.atomic.wait32/64` and `notify`).
enum AtomicExecutor {
    /// Executes atomic instruction `op` (internal opcode, `AtomicOpcodes`)
    /// whose operands are in the consecutive slots at `p`; the result, if
    /// any, replaces the first.
    static func execute(_ op: UInt16, _ p: UnsafeMutableRawPointer, offset: UInt64, memory memWord: UInt64,
                        _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) {
        guard let info = AtomicOpcodes.info(op) else { preconditionFailure("not an atomic opcode") }
        if info.kind == .fence {
            atomicMemoryFence(ordering: .sequentiallyConsistent)
            return
        }
        let index = Int(memWord & 0xFFFF_FFFF)
        let address = try effectiveAddress(p, offset: offset, memWord: memWord, size: info.size, vm.pointee.memories[index])
        let cell = vm.pointee.memories[index].pointee.base + Int(address)
        @inline(__always) func operand(_ k: Int) -> UInt64 { p.load(fromByteOffset: k * Slot.size, as: UInt64.self) }
        let result: UInt64
        switch info.kind {
        case .notify:
            let memory = instance(vm).memories[index]
            let count = UInt32(truncatingIfNeeded: operand(1))
            result = UInt64(memory.waiters?.notify(address: address, count: count) ?? 0)
        case .wait:
            let memory = instance(vm).memories[index]
            guard let waiters = memory.waiters else { throw Trap(.expectedSharedMemory) }
            let expected = operand(1), timeout = Int64(bitPattern: operand(2))
            result = UInt64(waiters.wait(address: address, timeout: timeout) {
                info.size == 8 ? UInt64.atomicLoad(cell) == expected : UInt32.atomicLoad(cell) == UInt32(truncatingIfNeeded: expected)
            })
        default:
            switch info.size {
            case 1: result = UInt64(access(UInt8.self, info.kind, cell, operand(1), operand(2)))
            case 2: result = UInt64(access(UInt16.self, info.kind, cell, operand(1), operand(2)))
            case 4: result = UInt64(access(UInt32.self, info.kind, cell, operand(1), operand(2)))
            default: result = access(UInt64.self, info.kind, cell, operand(1), operand(2))
            }
        }
        if info.kind != .store { p.storeBytes(of: result, as: UInt64.self) }
    }

    /// The address an atomic access of `size` bytes reaches in memory `vmMemory`,
    /// after its checks: naturally aligned, then inside the memory.
    @inline(__always)
    static func effectiveAddress(_ p: UnsafeMutableRawPointer, offset: UInt64, memWord: UInt64, size: Int,
                                 _ vmMemory: UnsafeMutablePointer<VMMemory>) throws(Trap) -> UInt64 {
        let raw = p.load(as: UInt64.self)
        let address = memWord & (1 << 32) != 0 ? raw : raw & 0xFFFF_FFFF
        let (ea, overflow) = address.addingReportingOverflow(offset)
        guard !overflow else { throw Trap(.memoryOutOfBounds) }
        guard ea & UInt64(size - 1) == 0 else { throw Trap(.unalignedAtomic) }
        let length = vmMemory.currentLength
        guard ea <= length, length - ea >= UInt64(size) else { throw Trap(.memoryOutOfBounds) }
        return ea
    }

    /// A load, store or read-modify-write of a `T` at `cell` with operand
    /// `value` (and `replacement` for cmpxchg); returns the loaded or
    /// previous value, zero-extended.
    @inline(__always)
    static func access<T: AtomicCell>(_: T.Type, _ kind: AtomicOpcodes.Kind, _ cell: UnsafeMutableRawPointer,
                                      _ value: UInt64, _ replacement: UInt64) -> UInt64 {
        let v = T(truncatingIfNeeded: value)
        switch kind {
        case .load: return UInt64(T.atomicLoad(cell))
        case .store:
            T.atomicStore(cell, v)
            return 0
        case .rmw(.add): return UInt64(T.update(cell, v, &+))
        case .rmw(.sub): return UInt64(T.update(cell, v, &-))
        case .rmw(.and): return UInt64(T.update(cell, v, &))
        case .rmw(.or): return UInt64(T.update(cell, v, |))
        case .rmw(.xor): return UInt64(T.update(cell, v, ^))
        case .rmw(.xchg): return UInt64(T.atomicExchange(cell, v))
        case .rmw(.cmpxchg): return UInt64(T.atomicCompareExchange(cell, expected: v, desired: T(truncatingIfNeeded: replacement)))
        default: preconditionFailure("not a memory access")
        }
    }

    private static func instance(_ vm: UnsafeMutablePointer<VMContext>) -> Instance {
        Unmanaged<Instance>.fromOpaque(vm.pointee.instance).takeUnretainedValue()
    }
}
