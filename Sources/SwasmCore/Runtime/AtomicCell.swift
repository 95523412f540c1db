import Synchronization

/// Sequentially consistent atomic access to an integer of this type at a
/// raw address (naturally aligned) of a linear memory, for the atomic
/// instructions of the portable tiers.
///
/// Every operation has one generic implementation on top of the one
/// primitive a width must supply, compare-exchange: `Atomic`'s methods
/// exist per storage width only (`Value.AtomicRepresentation ==
/// _AtomicNBitStorage`), so they cannot be called on a generic `Self`.
/// A load is a compare-exchange that leaves the value as it is; a store,
/// an exchange and the read-modify-writes are compare-exchange loops
/// (`AtomicCell.update`).
protocol AtomicCell: FixedWidthInteger, UnsignedInteger {
    /// Stores `desired` if the value is `expected`; returns the previous value either way.
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: Self, desired: Self) -> Self
}

extension AtomicCell {
    @inline(__always)
    static func atomicLoad(_ p: UnsafeMutableRawPointer) -> Self {
        atomicCompareExchange(p, expected: 0, desired: 0)
    }

    @inline(__always)
    static func atomicStore(_ p: UnsafeMutableRawPointer, _ value: Self) {
        _ = atomicExchange(p, value)
    }

    /// Stores `value`; returns the previous value.
    @inline(__always)
    static func atomicExchange(_ p: UnsafeMutableRawPointer, _ value: Self) -> Self {
        update(p, value) { _, new in new }
    }

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
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt8, desired: UInt8) -> UInt8 {
        p.assumingMemoryBound(to: Atomic<UInt8>.self).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
}

extension UInt16: AtomicCell {
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt16, desired: UInt16) -> UInt16 {
        p.assumingMemoryBound(to: Atomic<UInt16>.self).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
}

extension UInt32: AtomicCell {
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt32, desired: UInt32) -> UInt32 {
        p.assumingMemoryBound(to: Atomic<UInt32>.self).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
}

extension UInt64: AtomicCell {
    static func atomicCompareExchange(_ p: UnsafeMutableRawPointer, expected: UInt64, desired: UInt64) -> UInt64 {
        p.assumingMemoryBound(to: Atomic<UInt64>.self).pointee.compareExchange(expected: expected, desired: desired, ordering: .sequentiallyConsistent).original
    }
}
