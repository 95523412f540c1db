import Glibc

extension Interpreter {
    /// Memory size/grow, table access, and the bulk memory and table
    /// instructions: the less frequent operations that work on runtime
    /// objects rather than raw slots.
    @inline(never)
    func executeBulk(_ op: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer, _ instance: Instance) throws {
        func slot(_ i: Int) -> UnsafeMutableRawPointer { fp + Int(pc[3]) + i * Slot.size }
        func address(_ p: UnsafeMutableRawPointer, _ is64: Bool) -> UInt64 {
            is64 ? p.load(as: UInt64.self) : UInt64(p.load(as: UInt32.self))
        }
        func store(_ p: UnsafeMutableRawPointer, _ v: UInt64, _ is64: Bool) {
            if is64 { p.storeBytes(of: v, as: UInt64.self) } else { p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self) }
        }
        switch op {
        case IOp.memorySize:
            let mem = instance.memories[Int(pc[2])]
            store(fp + Int(pc[1]), mem.pageCount, mem.type.limits.is64)
        case IOp.memoryGrow:
            let mem = instance.memories[Int(pc[2])]
            let is64 = mem.type.limits.is64
            let p = fp + Int(pc[1])
            let result = mem.grow(by: address(p, is64)) ?? UInt64.max
            store(p, result, is64)
        case IOp.tableGet:
            let table = instance.tables[Int(pc[2])]
            let p = fp + Int(pc[1])
            let i = address(p, table.type.limits.is64)
            guard i < table.size else { throw Trap(.tableOutOfBounds) }
            p.storeBytes(of: table.vm.pointee.elements[Int(i)], as: UInt64.self)
        case IOp.tableSet:
            let table = instance.tables[Int(pc[2])]
            let p = fp + Int(pc[1])
            let i = address(p, table.type.limits.is64)
            guard i < table.size else { throw Trap(.tableOutOfBounds) }
            table.vm.pointee.elements[Int(i)] = p.load(fromByteOffset: Slot.size, as: UInt64.self)
        case IOp.tableSize:
            let table = instance.tables[Int(pc[2])]
            store(fp + Int(pc[1]), table.size, table.type.limits.is64)
        case ExtraOpcodes.memoryInit:
            let mem = Int(pc[2])
            let is64 = instance.memories[mem].type.limits.is64
            try instance.memoryInit(memory: mem, segment: Int(pc[1]), destination: address(slot(0), is64),
                                    source: address(slot(1), false), count: address(slot(2), false))
        case ExtraOpcodes.dataDrop:
            instance.dataSegments[Int(pc[1])] = 0..<0
        case ExtraOpcodes.memoryCopy:
            let dst = instance.memories[Int(pc[1])], src = instance.memories[Int(pc[2])]
            let d64 = dst.type.limits.is64, s64 = src.type.limits.is64
            let d = address(slot(0), d64), s = address(slot(1), s64), n = address(slot(2), d64 && s64)
            guard d <= dst.byteCount, n <= dst.byteCount - d, s <= src.byteCount, n <= src.byteCount - s else {
                throw Trap(.memoryOutOfBounds)
            }
            memmove(dst.data + Int(d), src.data + Int(s), Int(n))
        case ExtraOpcodes.memoryFill:
            let mem = instance.memories[Int(pc[1])]
            let is64 = mem.type.limits.is64
            let d = address(slot(0), is64), value = slot(1).load(as: UInt8.self), n = address(slot(2), is64)
            guard d <= mem.byteCount, n <= mem.byteCount - d else { throw Trap(.memoryOutOfBounds) }
            memset(mem.data + Int(d), Int32(value), Int(n))
        case ExtraOpcodes.tableInit:
            let table = Int(pc[2])
            let is64 = instance.tables[table].type.limits.is64
            try instance.tableInit(table: table, segment: Int(pc[1]), destination: address(slot(0), is64),
                                   source: address(slot(1), false), count: address(slot(2), false))
        case ExtraOpcodes.elemDrop:
            instance.elementSegments[Int(pc[1])] = []
        case ExtraOpcodes.tableCopy:
            let dst = instance.tables[Int(pc[1])], src = instance.tables[Int(pc[2])]
            let d64 = dst.type.limits.is64, s64 = src.type.limits.is64
            let d = address(slot(0), d64), s = address(slot(1), s64), n = address(slot(2), d64 && s64)
            guard d <= dst.size, n <= dst.size - d, s <= src.size, n <= src.size - s else { throw Trap(.tableOutOfBounds) }
            memmove(dst.vm.pointee.elements + Int(d), src.vm.pointee.elements + Int(s), Int(n) * 8)
        case ExtraOpcodes.tableGrow:
            let table = instance.tables[Int(pc[1])]
            let is64 = table.type.limits.is64
            let initial = slot(0).load(as: UInt64.self)
            let result = table.grow(by: address(slot(1), is64), initial: initial) ?? UInt64.max
            store(slot(0), is64 ? result : (result == UInt64.max ? UInt64(UInt32.max) : result), is64)
        case ExtraOpcodes.tableFill:
            let table = instance.tables[Int(pc[1])]
            let is64 = table.type.limits.is64
            let i = address(slot(0), is64), value = slot(1).load(as: UInt64.self), n = address(slot(2), is64)
            guard i <= table.size, n <= table.size - i else { throw Trap(.tableOutOfBounds) }
            (table.vm.pointee.elements + Int(i)).update(repeating: value, count: Int(n))
        default:
            fatalError("interpreter: \(op) is not a bulk operation")
        }
    }
}
