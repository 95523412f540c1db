import Glibc

extension Instance {
    /// Memory size/grow, table access, and the bulk memory and table
    /// instructions, shared by the tiers. `op` is the internal opcode; `a`
    /// and `b` its immediates (memory/table/segment indices); operands are
    /// the consecutive 16-byte slots at `p`, and a result replaces the first.
    func bulkOperation(_ op: UInt16, _ a: UInt64, _ b: UInt64, _ p: UnsafeMutableRawPointer) throws {
        func slot(_ i: Int) -> UnsafeMutableRawPointer { p + i * Slot.size }
        func address(_ p: UnsafeMutableRawPointer, _ is64: Bool) -> UInt64 {
            is64 ? p.load(as: UInt64.self) : UInt64(p.load(as: UInt32.self))
        }
        func store(_ p: UnsafeMutableRawPointer, _ v: UInt64, _ is64: Bool) {
            if is64 { p.storeBytes(of: v, as: UInt64.self) } else { p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self) }
        }
        switch op {
        case 0x3F:
            let mem = memories[Int(a)]
            store(p, mem.pageCount, mem.type.limits.is64)
        case 0x40:
            let mem = memories[Int(a)]
            let is64 = mem.type.limits.is64
            let result = mem.grow(by: address(p, is64)) ?? UInt64.max
            store(p, result, is64)
        case 0x25:
            let table = tables[Int(a)]
            let i = address(p, table.type.limits.is64)
            guard i < table.size else { throw Trap(.tableOutOfBounds) }
            p.storeBytes(of: table.vm.pointee.elements[Int(i)], as: UInt64.self)
        case 0x26:
            let table = tables[Int(a)]
            let i = address(p, table.type.limits.is64)
            guard i < table.size else { throw Trap(.tableOutOfBounds) }
            table.vm.pointee.elements[Int(i)] = p.load(fromByteOffset: Slot.size, as: UInt64.self)
        case ExtraOpcodes.tableSize:
            let table = tables[Int(a)]
            store(p, table.size, table.type.limits.is64)
        case ExtraOpcodes.memoryInit:
            let mem = Int(b)
            let is64 = memories[mem].type.limits.is64
            try memoryInit(memory: mem, segment: Int(a), destination: address(slot(0), is64),
                                    source: address(slot(1), false), count: address(slot(2), false))
        case ExtraOpcodes.dataDrop:
            dataSegments[Int(a)] = 0..<0
        case ExtraOpcodes.memoryCopy:
            let dst = memories[Int(a)], src = memories[Int(b)]
            let d64 = dst.type.limits.is64, s64 = src.type.limits.is64
            let d = address(slot(0), d64), s = address(slot(1), s64), n = address(slot(2), d64 && s64)
            guard d <= dst.byteCount, n <= dst.byteCount - d, s <= src.byteCount, n <= src.byteCount - s else {
                throw Trap(.memoryOutOfBounds)
            }
            memmove(dst.data + Int(d), src.data + Int(s), Int(n))
        case ExtraOpcodes.memoryFill:
            let mem = memories[Int(a)]
            let is64 = mem.type.limits.is64
            let d = address(slot(0), is64), value = slot(1).load(as: UInt8.self), n = address(slot(2), is64)
            guard d <= mem.byteCount, n <= mem.byteCount - d else { throw Trap(.memoryOutOfBounds) }
            memset(mem.data + Int(d), Int32(value), Int(n))
        case ExtraOpcodes.tableInit:
            let table = Int(b)
            let is64 = tables[table].type.limits.is64
            try tableInit(table: table, segment: Int(a), destination: address(slot(0), is64),
                                   source: address(slot(1), false), count: address(slot(2), false))
        case ExtraOpcodes.elemDrop:
            elementSegments[Int(a)] = []
        case ExtraOpcodes.tableCopy:
            let dst = tables[Int(a)], src = tables[Int(b)]
            let d64 = dst.type.limits.is64, s64 = src.type.limits.is64
            let d = address(slot(0), d64), s = address(slot(1), s64), n = address(slot(2), d64 && s64)
            guard d <= dst.size, n <= dst.size - d, s <= src.size, n <= src.size - s else { throw Trap(.tableOutOfBounds) }
            memmove(dst.vm.pointee.elements + Int(d), src.vm.pointee.elements + Int(s), Int(n) * 8)
        case ExtraOpcodes.tableGrow:
            let table = tables[Int(a)]
            let is64 = table.type.limits.is64
            let initial = slot(0).load(as: UInt64.self)
            let result = table.grow(by: address(slot(1), is64), initial: initial) ?? UInt64.max
            store(slot(0), is64 ? result : (result == UInt64.max ? UInt64(UInt32.max) : result), is64)
        case ExtraOpcodes.tableFill:
            let table = tables[Int(a)]
            let is64 = table.type.limits.is64
            let i = address(slot(0), is64), value = slot(1).load(as: UInt64.self), n = address(slot(2), is64)
            guard i <= table.size, n <= table.size - i else { throw Trap(.tableOutOfBounds) }
            (table.vm.pointee.elements + Int(i)).update(repeating: value, count: Int(n))
        default:
            throw Trap(.host("no bulk operation for opcode \(op)"))
        }
    }
}
