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
}
