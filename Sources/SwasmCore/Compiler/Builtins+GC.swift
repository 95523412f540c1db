extension Builtins {
    /// Whether the function `ref` (a `VMFuncRef`) has a type that is a
    /// subtype of canonical type `expected`: 1 or 0. Used by `call_indirect`
    /// when the ids differ and the expected type is not final.
    static let functionSubtypeEntry: @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UInt32) -> UInt32 = { raw, ref, expected in
        let vm = raw.assumingMemoryBound(to: VMContext.self)
        let actual = ref.assumingMemoryBound(to: VMFuncRef.self).pointee.typeID
        return store(vm).engine.types.isSubtype(actual, expected) ? 1 : 0
    }
}
