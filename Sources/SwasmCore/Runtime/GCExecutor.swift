import Glibc

/// Executes the GC instructions on raw 16-byte slots, for every tier: the
/// interpreter calls it directly, constant expressions through
/// `Instance.evaluateBits`. An instruction's operands are in consecutive
/// slots from `slots`; its result replaces the first.
enum GCExecutor {
    @inline(__always) private static func slot(_ slots: UnsafeMutableRawPointer, _ k: Int) -> UnsafeMutableRawPointer {
        slots + k * Slot.size
    }

    @inline(__always) private static func u32(_ slots: UnsafeMutableRawPointer, _ k: Int) -> UInt32 {
        slot(slots, k).load(as: UInt32.self)
    }

    @inline(__always) private static func bits(_ slots: UnsafeMutableRawPointer, _ k: Int) -> UInt64 {
        slot(slots, k).load(as: UInt64.self)
    }

    @inline(__always) private static func setU32(_ slots: UnsafeMutableRawPointer, _ k: Int, _ v: UInt32) {
        slot(slots, k).storeBytes(of: UInt64(v), as: UInt64.self)
    }

    @inline(__always) private static func setBits(_ slots: UnsafeMutableRawPointer, _ k: Int, _ v: UInt64) {
        slot(slots, k).storeBytes(of: v, as: UInt64.self)
    }

    /// Executes GC instruction `op` (`GCOpcodes.base + sub`, or one of the
    /// internal GC opcodes) with immediates `a`, `b` in `instance`.
    static func execute(_ op: UInt16, _ a: UInt64, _ b: UInt64, _ slots: UnsafeMutableRawPointer, _ instance: Instance) throws(Trap) {
        let sub = UInt32(op - GCOpcodes.base)
        switch op {
        case GCOpcodes.refEq:
            setU32(slots, 0, bits(slots, 0) == bits(slots, 1) ? 1 : 0)
            return
        case GCOpcodes.castTestKeep, GCOpcodes.castFailTestKeep:
            let holds = test(bits(slots, 0), heap: a, nullable: b != 0, instance)
            setU32(slots, 1, holds == (op == GCOpcodes.castTestKeep) ? 1 : 0)
            return
        default:
            break
        }
        let types = instance.compiled.gcTypes
        switch sub {
        case GCOpcodes.structNew:
            setBits(slots, 0, try structNew(types[Int(a)], values: slots, instance.store))
        case GCOpcodes.structNewDefault:
            setBits(slots, 0, try instance.store.gcHeap.allocate(types[Int(a)]))
        case GCOpcodes.structGet, GCOpcodes.structGetS, GCOpcodes.structGetU:
            let object = try structObject(bits(slots, 0))
            let field = GCObject.info(object).pointee.fields[Int(b)]
            readField(GCObject.payload(object) + field.offset, size: field.size, signed: sub == GCOpcodes.structGetS, into: slots)
        case GCOpcodes.structSet:
            let object = try structObject(bits(slots, 0))
            let field = GCObject.info(object).pointee.fields[Int(b)]
            (GCObject.payload(object) + field.offset).copyMemory(from: slot(slots, 1), byteCount: field.size)
        case GCOpcodes.arrayNew:
            let length = u32(slots, 1)
            let array = try instance.store.gcHeap.allocate(types[Int(a)], length: length)
            fill(GCObject.pointer(array), from: 0, count: length, value: slots)
            setBits(slots, 0, array)
        case GCOpcodes.arrayNewDefault:
            setBits(slots, 0, try instance.store.gcHeap.allocate(types[Int(a)], length: u32(slots, 0)))
        case GCOpcodes.arrayNewFixed:
            setBits(slots, 0, try arrayNewFixed(types[Int(a)], count: Int(b), values: slots, instance.store))
        case GCOpcodes.arrayNewData:
            let info = types[Int(a)], length = u32(slots, 1)
            let source = try dataBytes(instance, segment: Int(b), offset: u32(slots, 0), bytes: UInt64(length) * UInt64(info.pointee.fields[0].size))
            let array = try instance.store.gcHeap.allocate(info, length: length)
            copyData(instance, source, to: GCObject.payload(GCObject.pointer(array)))
            setBits(slots, 0, array)
        case GCOpcodes.arrayNewElem:
            let length = u32(slots, 1)
            let source = try elements(instance, segment: Int(b), offset: u32(slots, 0), count: length)
            let array = try instance.store.gcHeap.allocate(types[Int(a)], length: length)
            let payload = GCObject.payload(GCObject.pointer(array))
            for (k, e) in source.enumerated() { payload.storeBytes(of: e, toByteOffset: k * 8, as: UInt64.self) }
            setBits(slots, 0, array)
        case GCOpcodes.arrayGet, GCOpcodes.arrayGetS, GCOpcodes.arrayGetU:
            let (object, size) = try arrayElement(bits(slots, 0), index: u32(slots, 1), count: 1)
            readField(GCObject.payload(object) + Int(u32(slots, 1)) * size, size: size, signed: sub == GCOpcodes.arrayGetS, into: slots)
        case GCOpcodes.arraySet:
            let (object, size) = try arrayElement(bits(slots, 0), index: u32(slots, 1), count: 1)
            (GCObject.payload(object) + Int(u32(slots, 1)) * size).copyMemory(from: slot(slots, 2), byteCount: size)
        case GCOpcodes.arrayLen:
            let ref = bits(slots, 0)
            guard ref != 0 else { throw Trap(.nullArrayReference) }
            setU32(slots, 0, GCObject.length(GCObject.pointer(ref)))
        case GCOpcodes.arrayFill:
            let (object, _) = try arrayElement(bits(slots, 0), index: u32(slots, 1), count: u32(slots, 3))
            fill(object, from: u32(slots, 1), count: u32(slots, 3), value: slot(slots, 2))
        case GCOpcodes.arrayCopy:
            let destinationRef = bits(slots, 0), sourceRef = bits(slots, 2)
            guard destinationRef != 0, sourceRef != 0 else { throw Trap(.nullArrayReference) }
            let count = u32(slots, 4)
            let (destination, size) = try arrayElement(destinationRef, index: u32(slots, 1), count: count)
            let (source, _) = try arrayElement(sourceRef, index: u32(slots, 3), count: count)
            memmove(GCObject.payload(destination) + Int(u32(slots, 1)) * size,
                    GCObject.payload(source) + Int(u32(slots, 3)) * size, Int(count) * size)
        case GCOpcodes.arrayInitData:
            let count = u32(slots, 3)
            let (object, size) = try arrayElement(bits(slots, 0), index: u32(slots, 1), count: count)
            let source = try dataBytes(instance, segment: Int(b), offset: u32(slots, 2), bytes: UInt64(count) * UInt64(size))
            copyData(instance, source, to: GCObject.payload(object) + Int(u32(slots, 1)) * size)
        case GCOpcodes.arrayInitElem:
            let count = u32(slots, 3)
            let (object, _) = try arrayElement(bits(slots, 0), index: u32(slots, 1), count: count)
            let source = try elements(instance, segment: Int(b), offset: u32(slots, 2), count: count)
            let payload = GCObject.payload(object) + Int(u32(slots, 1)) * 8
            for (k, e) in source.enumerated() { payload.storeBytes(of: e, toByteOffset: k * 8, as: UInt64.self) }
        case GCOpcodes.refTest, GCOpcodes.refTestNull:
            setU32(slots, 0, test(bits(slots, 0), heap: a, nullable: b != 0, instance) ? 1 : 0)
        case GCOpcodes.refCast, GCOpcodes.refCastNull:
            guard test(bits(slots, 0), heap: a, nullable: b != 0, instance) else { throw Trap(.castFailure) }
        case GCOpcodes.anyConvertExtern:
            setBits(slots, 0, GCRef.internalize(bits(slots, 0)))
        case GCOpcodes.externConvertAny:
            setBits(slots, 0, GCRef.externalize(bits(slots, 0)))
        case GCOpcodes.refI31:
            setBits(slots, 0, GCRef.i31(u32(slots, 0)))
        case GCOpcodes.i31GetS, GCOpcodes.i31GetU:
            let ref = bits(slots, 0)
            guard ref != 0 else { throw Trap(.nullI31Reference) }
            setU32(slots, 0, GCRef.i31Value(ref, signed: sub == GCOpcodes.i31GetS))
        default:
            fatalError("GC executor: unknown opcode \(op)")
        }
    }

    // MARK: Allocation

    /// A struct of `info` whose fields are the values in the slots at `values`.
    static func structNew(_ info: UnsafePointer<GCTypeInfo>, values: UnsafeMutableRawPointer, _ store: Store) throws(Trap) -> UInt64 {
        let ref = try store.gcHeap.allocate(info)
        let payload = GCObject.payload(GCObject.pointer(ref))
        for k in 0..<info.pointee.fieldCount {
            let field = info.pointee.fields[k]
            (payload + field.offset).copyMemory(from: slot(values, k), byteCount: field.size)
        }
        return ref
    }

    /// An array of `info` holding the `count` values in the slots at `values`.
    static func arrayNewFixed(_ info: UnsafePointer<GCTypeInfo>, count: Int, values: UnsafeMutableRawPointer,
                              _ store: Store) throws(Trap) -> UInt64 {
        let ref = try store.gcHeap.allocate(info, length: UInt32(count))
        let payload = GCObject.payload(GCObject.pointer(ref))
        let size = info.pointee.fields[0].size
        for k in 0..<count { (payload + k * size).copyMemory(from: slot(values, k), byteCount: size) }
        return ref
    }

    // MARK: Access

    private static func structObject(_ ref: UInt64) throws(Trap) -> UnsafeMutableRawPointer {
        guard ref != 0 else { throw Trap(.nullStructReference) }
        return GCObject.pointer(ref)
    }

    /// The array `ref` points to and its element size, after checking that
    /// elements `index ..< index + count` exist.
    private static func arrayElement(_ ref: UInt64, index: UInt32, count: UInt32) throws(Trap) -> (UnsafeMutableRawPointer, Int) {
        guard ref != 0 else { throw Trap(.nullArrayReference) }
        let object = GCObject.pointer(ref)
        guard UInt64(index) + UInt64(count) <= UInt64(GCObject.length(object)) else { throw Trap(.arrayOutOfBounds) }
        return (object, GCObject.info(object).pointee.fields[0].size)
    }

    /// Reads a field of `size` bytes at `p` into the slot at `destination`
    /// (packed fields sign- or zero-extended to an i32).
    private static func readField(_ p: UnsafeMutableRawPointer, size: Int, signed: Bool, into destination: UnsafeMutableRawPointer) {
        switch size {
        case 1:
            let v = signed ? UInt32(bitPattern: Int32(p.load(as: Int8.self))) : UInt32(p.load(as: UInt8.self))
            destination.storeBytes(of: UInt64(v), as: UInt64.self)
        case 2:
            let v = signed ? UInt32(bitPattern: Int32(p.load(as: Int16.self))) : UInt32(p.load(as: UInt16.self))
            destination.storeBytes(of: UInt64(v), as: UInt64.self)
        case 4:
            destination.storeBytes(of: UInt64(p.load(as: UInt32.self)), as: UInt64.self)
        case 8:
            destination.storeBytes(of: p.load(as: UInt64.self), as: UInt64.self)
        default:
            destination.copyMemory(from: p, byteCount: 16)
        }
    }

    /// Writes the value in the slot at `value` to elements `from ..< from + count` of `object`.
    private static func fill(_ object: UnsafeMutableRawPointer, from: UInt32, count: UInt32, value: UnsafeMutableRawPointer) {
        let size = GCObject.info(object).pointee.fields[0].size
        var p = GCObject.payload(object) + Int(from) * size
        for _ in 0..<count {
            p.copyMemory(from: value, byteCount: size)
            p += size
        }
    }

    // MARK: Segments

    /// The module byte range of `bytes` bytes at `offset` in data segment `segment`.
    private static func dataBytes(_ instance: Instance, segment: Int, offset: UInt32, bytes: UInt64) throws(Trap) -> Range<Int> {
        let range = instance.dataSegments[segment]
        guard UInt64(offset) + bytes <= UInt64(range.count) else { throw Trap(.memoryOutOfBounds) }
        let start = range.lowerBound + Int(offset)
        return start..<(start + Int(bytes))
    }

    private static func copyData(_ instance: Instance, _ range: Range<Int>, to destination: UnsafeMutableRawPointer) {
        guard !range.isEmpty else { return }
        instance.compiled.module.bytes.withUnsafeBytes { bytes in
            destination.copyMemory(from: bytes.baseAddress! + range.lowerBound, byteCount: range.count)
        }
    }

    /// `count` references at `offset` in element segment `segment`.
    private static func elements(_ instance: Instance, segment: Int, offset: UInt32, count: UInt32) throws(Trap) -> ArraySlice<UInt64> {
        let items = instance.elementSegments[segment]
        guard UInt64(offset) + UInt64(count) <= UInt64(items.count) else { throw Trap(.tableOutOfBounds) }
        return items[Int(offset)..<(Int(offset) + Int(count))]
    }

    // MARK: Casts

    /// Whether reference `ref` is of the reference type whose heap type is
    /// the immediate `heap` (`FunctionValidator.heapImmediate`).
    static func test(_ ref: UInt64, heap: UInt64, nullable: Bool, _ instance: Instance) -> Bool {
        if ref == 0 { return nullable }
        if heap >> 32 == 0 {
            let target = instance.compiled.gcTypes[Int(heap)].pointee
            if target.kind == .function {
                guard ref & GCRef.tagMask == 0, let f = UnsafePointer<VMFuncRef>(bitPattern: UInt(ref)) else { return false }
                return instance.store.engine.types.isSubtype(f.pointee.typeID, target.typeID)
            }
            return GCRef.isObject(ref) && GCObject.info(GCObject.pointer(ref)).pointee.isSubtype(of: target.typeID)
        }
        switch TypeHierarchy.abstractHeap(Int(heap & 0xFF)) {
        case .any, .func, .extern, .exn: return true
        case .eq: return GCRef.isI31(ref) || GCRef.isObject(ref)
        case .i31: return GCRef.isI31(ref)
        case .struct: return GCRef.objectKind(ref) == .structure
        case .array: return GCRef.objectKind(ref) == .array
        default: return false
        }
    }
}
