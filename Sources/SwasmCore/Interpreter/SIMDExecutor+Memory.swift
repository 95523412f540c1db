/// SIMD loads and stores: `[op, slot, offset, memWord]`. The address is at
/// `fp + slot`; a store's (or lane access's) vector at `fp + slot + 16`;
/// a load's result goes to `fp + slot`. `memWord` holds the memory index
/// (low 32 bits), bit 32 for a 64-bit address, and the lane at bits 40–47.
extension SIMDExecutor {
    /// The effective address of an access of `size` bytes, or a trap.
    @inline(__always)
    static func address(_ pc: UnsafePointer<UInt64>, _ fp: P, _ size: UInt64, _ mem0: MemoryView,
                        _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) -> P {
        try MemoryView.address(fp.load(fromByteOffset: Int(pc[1]), as: UInt64.self), offset: pc[2], memWord: pc[3], size, mem0, vm)
    }

    @inline(__always)
    static func memory(_ op: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: P, _ mem0: MemoryView,
                       _ vm: UnsafeMutablePointer<VMContext>) throws(Trap) {
        let d = fp + Int(pc[1])
        switch op {
        case 0x200:                                                                       // v128.load
            let m = try address(pc, fp, 16, mem0, vm)
            store(d, m.loadUnaligned(as: SIMD2<UInt64>.self))
        case 0x201: store(d, SIMD8<Int16>(truncatingIfNeeded: try half(pc, fp, mem0, vm, SIMD8<Int8>.self)))      // v128.load8x8_s
        case 0x202: store(d, SIMD8<UInt16>(truncatingIfNeeded: try half(pc, fp, mem0, vm, SIMD8<UInt8>.self)))    // v128.load8x8_u
        case 0x203: store(d, SIMD4<Int32>(truncatingIfNeeded: try half(pc, fp, mem0, vm, SIMD4<Int16>.self)))     // v128.load16x4_s
        case 0x204: store(d, SIMD4<UInt32>(truncatingIfNeeded: try half(pc, fp, mem0, vm, SIMD4<UInt16>.self)))   // v128.load16x4_u
        case 0x205: store(d, SIMD2<Int64>(truncatingIfNeeded: try half(pc, fp, mem0, vm, SIMD2<Int32>.self)))     // v128.load32x2_s
        case 0x206: store(d, SIMD2<UInt64>(truncatingIfNeeded: try half(pc, fp, mem0, vm, SIMD2<UInt32>.self)))   // v128.load32x2_u
        case 0x207:                                                                       // v128.load8_splat
            let m = try address(pc, fp, 1, mem0, vm)
            store(d, SIMD16<UInt8>(repeating: m.load(as: UInt8.self)))
        case 0x208:                                                                       // v128.load16_splat
            let m = try address(pc, fp, 2, mem0, vm)
            store(d, SIMD8<UInt16>(repeating: m.loadUnaligned(as: UInt16.self)))
        case 0x209:                                                                       // v128.load32_splat
            let m = try address(pc, fp, 4, mem0, vm)
            store(d, SIMD4<UInt32>(repeating: m.loadUnaligned(as: UInt32.self)))
        case 0x20A:                                                                       // v128.load64_splat
            let m = try address(pc, fp, 8, mem0, vm)
            store(d, SIMD2<UInt64>(repeating: m.loadUnaligned(as: UInt64.self)))
        case 0x20B:                                                                       // v128.store
            let m = try address(pc, fp, 16, mem0, vm)
            m.storeBytes(of: load(d, 1, SIMD2<UInt64>.self), as: SIMD2<UInt64>.self)
        case 0x254: try loadLane(pc, fp, d, mem0, vm, UInt8.self)                        // v128.load8_lane
        case 0x255: try loadLane(pc, fp, d, mem0, vm, UInt16.self)                       // v128.load16_lane
        case 0x256: try loadLane(pc, fp, d, mem0, vm, UInt32.self)                       // v128.load32_lane
        case 0x257: try loadLane(pc, fp, d, mem0, vm, UInt64.self)                       // v128.load64_lane
        case 0x258: try storeLane(pc, fp, d, mem0, vm, UInt8.self)                       // v128.store8_lane
        case 0x259: try storeLane(pc, fp, d, mem0, vm, UInt16.self)                      // v128.store16_lane
        case 0x25A: try storeLane(pc, fp, d, mem0, vm, UInt32.self)                      // v128.store32_lane
        case 0x25B: try storeLane(pc, fp, d, mem0, vm, UInt64.self)                      // v128.store64_lane
        case 0x25C:                                                                       // v128.load32_zero
            let m = try address(pc, fp, 4, mem0, vm)
            store(d, SIMD4<UInt32>(m.loadUnaligned(as: UInt32.self), 0, 0, 0))
        case 0x25D:                                                                       // v128.load64_zero
            let m = try address(pc, fp, 8, mem0, vm)
            store(d, SIMD2<UInt64>(m.loadUnaligned(as: UInt64.self), 0))
        default: break
        }
    }

    /// Loads the 8 bytes of half a vector, to be widened lane by lane.
    @inline(__always)
    static func half<N: SIMD>(_ pc: UnsafePointer<UInt64>, _ fp: P, _ mem0: MemoryView,
                              _ vm: UnsafeMutablePointer<VMContext>, _: N.Type) throws(Trap) -> N {
        try address(pc, fp, 8, mem0, vm).loadUnaligned(as: N.self)
    }

    @inline(__always)
    static func loadLane<T: FixedWidthInteger>(_ pc: UnsafePointer<UInt64>, _ fp: P, _ d: P, _ mem0: MemoryView,
                                               _ vm: UnsafeMutablePointer<VMContext>, _: T.Type) throws(Trap) {
        let m = try address(pc, fp, UInt64(MemoryLayout<T>.size), mem0, vm)
        let lane = Int((pc[3] >> 40) & 0xFF)
        let v = m.loadUnaligned(as: T.self)
        store(d, load(d, 1, SIMD2<UInt64>.self))
        d.storeBytes(of: v, toByteOffset: lane &* MemoryLayout<T>.size, as: T.self)
    }

    @inline(__always)
    static func storeLane<T: FixedWidthInteger>(_ pc: UnsafePointer<UInt64>, _ fp: P, _ d: P, _ mem0: MemoryView,
                                                _ vm: UnsafeMutablePointer<VMContext>, _: T.Type) throws(Trap) {
        let m = try address(pc, fp, UInt64(MemoryLayout<T>.size), mem0, vm)
        let lane = Int((pc[3] >> 40) & 0xFF)
        m.storeBytes(of: d.load(fromByteOffset: Slot.size &+ lane &* MemoryLayout<T>.size, as: T.self), as: T.self)
    }
}
