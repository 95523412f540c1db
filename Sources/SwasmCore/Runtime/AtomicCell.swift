import Synchronization

/// Sequentially consistent atomic access to an integer of this type at a
/// raw address (naturally aligned) of a linear memory, for the atomic
/// instructions of the portable tiers. Read-modify-write operations other
/// than exchange are compare-exchange loops (`AtomicCell.update`).
protocol AtomicCell: FixedWidthInteger, UnsignedInteger {
    static func atomicLoad(_ p: UnsafeMutableRawPointer) -> Self
    static func atomicStore(_ p: UnsafeMutableRawPointer, _ value: Self)
    /// Stores `value`; returns the previous value.
    static func atomicExchange(_ p: UnsafeMutableRawPointer, _ value: Self) -> Self
    /// Stores `desired` if the value is `expected`; returns the previous value either way.
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: Self, desired: Self) -> Self
}

extension AtomicCell {
    /// Atomically replaces the value `v` by `combine(v, operand)`; returns `v`.
    @inline(__always)
    static func update(_ p: UnsafeMutableRawPointer, _ operand: Self, _ combine: (Self, Self) -> Self) -> Self {
        var old = atomicLoad(p)
        while true {
            let seen = atomicCompareExchange(p, expected: old, desired: combine(old, operand))
            if seen == old { return old }
            old = seen
        }
    }
}

extension UInt8: AtomicCell {
    static func atomicLoad(_ p: UnsafeMutableRawPointer) -> UInt8 { cell(p).pointee.load(ordering: .sequentiallyConsistent) }
    static func atomicStore(_ p: UnsafeMutableRawPointer, _ value: UInt8) { cell(p).pointee.store(value, ordering: .sequentiallyConsistent) }
    static func atomicExchange(_ p: UnsafeMutableRawPointer, _ value: UInt8) -> UInt8 {
        cell(p).pointee.exchange(value, ordering: .sequentiallyConsistent)
    }
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt8, desired: UInt8) -> UInt8 {
        cell(p).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
    private static func cell(_ p: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt8>> { p.assumingMemoryBound(to: Atomic<UInt8>.self) }
}

extension UInt16: AtomicCell {
    static func atomicLoad(_ p: UnsafeMutableRawPointer) -> UInt16 { cell(p).pointee.load(ordering: .sequentiallyConsistent) }
    static func atomicStore(_ p: UnsafeMutableRawPointer, _ value: UInt16) { cell(p).pointee.store(value, ordering: .sequentiallyConsistent) }
    static func atomicExchange(_ p: UnsafeMutableRawPointer, _ value: UInt16) -> UInt16 {
        cell(p).pointee.exchange(value, ordering: .sequentiallyConsistent)
    }
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt16, desired: UInt16) -> UInt16 {
        cell(p).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
    private static func cell(_ p: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt16>> { p.assumingMemoryBound(to: Atomic<UInt16>.self) }
}

extension UInt32: AtomicCell {
    static func atomicLoad(_ p: UnsafeMutableRawPointer) -> UInt32 { cell(p).pointee.load(ordering: .sequentiallyConsistent) }
    static func atomicStore(_ p: UnsafeMutableRawPointer, _ value: UInt32) { cell(p).pointee.store(value, ordering: .sequentiallyConsistent) }
    static func atomicExchange(_ p: UnsafeMutableRawPointer, _ value: UInt32) -> UInt32 {
        cell(p).pointee.exchange(value, ordering: .sequentiallyConsistent)
    }
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt32, desired: UInt32) -> UInt32 {
        cell(p).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
    private static func cell(_ p: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt32>> { p.assumingMemoryBound(to: Atomic<UInt32>.self) }
}

extension UInt64: AtomicCell {
    static func atomicLoad(_ p: UnsafeMutableRawPointer) -> UInt64 { cell(p).pointee.load(ordering: .sequentiallyConsistent) }
    static func atomicStore(_ p: UnsafeMutableRawPointer, _ value: UInt64) { cell(p).pointee.store(value, ordering: .sequentiallyConsistent) }
    static func atomicExchange(_ p: UnsafeMutableRawPointer, _ value: UInt64) -> UInt64 {
        cell(p).pointee.exchange(value, ordering: .sequentiallyConsistent)
    }
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt64, desired: UInt64) -> UInt64 {
        cell(p).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
    private static func cell(_ p: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt64>> { p.assumingMemoryBound(to: Atomic<UInt64>.self) }
}
