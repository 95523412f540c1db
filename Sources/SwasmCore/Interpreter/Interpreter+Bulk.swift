extension Interpreter {
    /// Runs a bulk, table or memory-size instruction: `[op, dst, index]` for
    /// memory.size/grow and table.get/set/size, `[op, a, b, slots]` otherwise.
    @inline(never)
    func executeBulk(_ op: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ instance: Instance) throws {
        switch op {
        case IOp.memorySize: try instance.bulkOperation(0x3F, pc[2], 0, fp + Int(pc[1]))
        case IOp.memoryGrow: try instance.bulkOperation(0x40, pc[2], 0, fp + Int(pc[1]))
        case IOp.tableGet: try instance.bulkOperation(0x25, pc[2], 0, fp + Int(pc[1]))
        case IOp.tableSet: try instance.bulkOperation(0x26, pc[2], 0, fp + Int(pc[1]))
        case IOp.tableSize: try instance.bulkOperation(ExtraOpcodes.tableSize, pc[2], 0, fp + Int(pc[1]))
        default: try instance.bulkOperation(op, pc[1], pc[2], fp + Int(pc[3]))
        }
    }
}
