/// GC instructions on the compiler tier: each is one runtime call that
/// runs the interpreter's implementation (`GCExecutor`, through
/// `Builtins.slotOperation`) on the instruction's operand slots.
extension Lowering {
    mutating func lowerGC(_ op: UInt16, _ a: UInt64, _ b: UInt64, pops: Int, pushes: Int) {
        flushAll()
        let base = stack.count - pops
        useSlot(slot(height: base) + max(pops, pushes, 1))
        // The operands' types, before they are popped (a cast test keeps its reference).
        let operandType = pops > 0 ? stack[stack.count - pops].type : ValueType.i32
        ISA.callSlotHelper(&self, op, a, b, slot: slot(height: base))
        for _ in 0..<pops { pop() }
        if op == GCOpcodes.castTestKeep || op == GCOpcodes.castFailTestKeep {
            push(operandType, .slot(slot(height: base)))
            push(.i32, .slot(slot(height: base) + 1))
        } else if pushes == 1 {
            push(gcResultType(op, a, b), .slot(slot(height: base)))
        }
    }

    /// The type of the value GC instruction `op` pushes.
    func gcResultType(_ op: UInt16, _ a: UInt64, _ b: UInt64) -> ValueType {
        let sub = UInt32(op - GCOpcodes.base)
        switch sub {
        case GCOpcodes.structNew, GCOpcodes.structNewDefault, GCOpcodes.arrayNew, GCOpcodes.arrayNewDefault,
             GCOpcodes.arrayNewFixed, GCOpcodes.arrayNewData, GCOpcodes.arrayNewElem:
            return .ref(RefType(nullable: false, heapType: .concrete(UInt32(a))))
        case GCOpcodes.structGet, GCOpcodes.structGetS, GCOpcodes.structGetU:
            return module.structFields(UInt32(a))?[Int(b)].storage.unpacked ?? .i32
        case GCOpcodes.arrayGet, GCOpcodes.arrayGetS, GCOpcodes.arrayGetU:
            return module.arrayElement(UInt32(a))?.storage.unpacked ?? .i32
        case GCOpcodes.refCast, GCOpcodes.refCastNull:
            let heap = a >> 32 == 0 ? HeapType.concrete(UInt32(a)) : TypeHierarchy.abstractHeap(Int(a & 0xFF))
            return .ref(RefType(nullable: b != 0, heapType: heap))
        case GCOpcodes.anyConvertExtern: return .ref(RefType(heapType: .any))
        case GCOpcodes.externConvertAny: return .ref(RefType(heapType: .extern))
        case GCOpcodes.refI31: return .ref(RefType(nullable: false, heapType: .i31))
        default: return .i32
        }
    }
}
