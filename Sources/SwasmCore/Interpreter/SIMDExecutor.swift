/// The fixed-width SIMD instructions (v128). Returns the next pc.
enum SIMDExecutor {
    @inline(never)
    static func execute(_ op: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ mem0: MemoryView,
                        _ vm: UnsafeMutablePointer<VMContext>) throws -> UnsafePointer<UInt64> {
        throw Trap(.host("SIMD instruction \(op - 0x200) is not implemented by the interpreter yet"))
    }
}
