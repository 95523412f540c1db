import Glibc

/// Loads and stores of frame slots and code words that are always inlined.
/// In a function as large as the interpreter loop the optimizer leaves the
/// standard library's `load(fromByteOffset:as:)` and `storeBytes(of:...)`
/// as calls at some sites; these go through `pointee`, whose accessors are
/// transparent. Slots are 16-byte and code words 8-byte aligned.
extension UnsafeMutableRawPointer {
    /// The `T` at `offset` bytes from here.
    @_transparent func slot<T>(_: T.Type, at offset: Int = 0) -> T {
        UnsafeMutablePointer<T>(OpaquePointer(self + offset)).pointee
    }

    /// Writes `value` as a `T` at `offset` bytes from here.
    @_transparent func setSlot<T>(_: T.Type, _ value: T, at offset: Int = 0) {
        UnsafeMutablePointer<T>(OpaquePointer(self + offset)).pointee = value
    }

    /// The `T` at this address, which need not be aligned (a linear-memory
    /// load). A fixed-size `memcpy` that LLVM turns into one move, where the
    /// standard library's `loadUnaligned` stays a call in the interpreter loop.
    @_transparent func unalignedSlot<T: FixedWidthInteger>(_: T.Type) -> T {
        var value = T.zero
        memcpy(&value, self, MemoryLayout<T>.size)
        return value
    }
}
