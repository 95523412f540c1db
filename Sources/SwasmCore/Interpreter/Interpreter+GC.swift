extension Interpreter {
    /// A GC instruction `[op, a, b, base]` (see `GCExecutor`): operands in
    /// consecutive slots from `base`, the result in the first.
    @inline(never)
    func executeGC(_ op: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
                   _ vm: UnsafeMutablePointer<VMContext>) throws {
        let instance = Unmanaged<Instance>.fromOpaque(vm.pointee.instance).takeUnretainedValue()
        try GCExecutor.execute(op, pc[1], pc[2], fp + Int(truncatingIfNeeded: pc[3]), instance)
    }
}
