/// A host-side WebAssembly value. Inside the runtime values travel as raw
/// 16-byte slots (`Slot`); this enum is for the embedding API.
public enum Value: Equatable {
    case i32(UInt32)
    case i64(UInt64)
    /// Bit pattern of an f32.
    case f32(UInt32)
    /// Bit pattern of an f64.
    case f64(UInt64)
    case v128(V128)
    case funcref(Function?)
    case externref(AnyObject?)
    /// An exception reference (exception handling).
    case exnref(Exception?)
    /// A reference of the GC `any` hierarchy (anyref, eqref, structref, ...).
    case anyref(AnyRef?)

    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case let (.i32(x), .i32(y)): return x == y
        case let (.i64(x), .i64(y)): return x == y
        case let (.f32(x), .f32(y)): return x == y
        case let (.f64(x), .f64(y)): return x == y
        case let (.v128(x), .v128(y)): return x == y
        case let (.funcref(x), .funcref(y)): return x === y
        case let (.externref(x), .externref(y)): return x === y
        case let (.exnref(x), .exnref(y)): return x === y
        case let (.anyref(x), .anyref(y)): return x == y
        default: return false
        }
    }

    /// The zero / null value of a type.
    public static func zero(_ type: ValueType) -> Value { zero(type, definedTypes: nil) }

    /// The zero / null value of a type whose defined type indices `definedTypes` resolves (see `Slot.read`).
    static func zero(_ type: ValueType, definedTypes: DefinedTypes?) -> Value {
        switch type {
        case .i32: return .i32(0)
        case .i64: return .i64(0)
        case .f32: return .f32(0)
        case .f64: return .f64(0)
        case .v128: return .v128(V128(lo: 0, hi: 0))
        case .ref(let r): return Value.reference(bits: 0, r, definedTypes: definedTypes)
        }
    }
}

/// Raw 16-byte value slots: the representation shared by every tier and by
/// the host boundary. i32/f32 use the low 4 bytes, i64/f64 and references
/// the low 8, v128 all 16. A reference is 0 when null; a funcref is the
/// address of the function's `VMFuncRef`; an externref is an unretained
/// pointer to a host object kept alive by the store.
public enum Slot {
    public static let size = 16

    /// The value of `type` in the slot at `p`. `module` is the module whose
    /// type indices `type` uses: with it, a null reference of a defined
    /// struct or array type reads as `.anyref(nil)` (without it, a null of
    /// any defined type reads as `.funcref(nil)`).
    @inline(__always) public static func read(_ p: UnsafeMutableRawPointer, _ type: ValueType) -> Value {
        read(p, type, definedTypes: nil)
    }

    /// `read`, with `definedTypes` telling a null of a struct or array type from a null function reference.
    @inline(__always) static func read(_ p: UnsafeMutableRawPointer, _ type: ValueType, definedTypes: DefinedTypes?) -> Value {
        switch type {
        case .i32: return .i32(p.load(as: UInt32.self))
        case .i64: return .i64(p.load(as: UInt64.self))
        case .f32: return .f32(p.load(as: UInt32.self))
        case .f64: return .f64(p.load(as: UInt64.self))
        case .v128: return .v128(V128(lo: p.load(as: UInt64.self), hi: p.load(fromByteOffset: 8, as: UInt64.self)))
        case .ref(let r):
            return Value.reference(bits: p.load(as: UInt64.self), r, definedTypes: definedTypes)
        }
    }

    /// Stores `value` in the slot at `p` (an externref is kept alive by `store`).
    @inline(__always) public static func write(_ p: UnsafeMutableRawPointer, _ value: Value, store: Store) {
        p.storeBytes(of: 0, toByteOffset: 8, as: UInt64.self)
        switch value {
        case .i32(let v): p.storeBytes(of: UInt64(v), as: UInt64.self)
        case .i64(let v): p.storeBytes(of: v, as: UInt64.self)
        case .f32(let v): p.storeBytes(of: UInt64(v), as: UInt64.self)
        case .f64(let v): p.storeBytes(of: v, as: UInt64.self)
        case .v128(let v):
            p.storeBytes(of: v.lo, as: UInt64.self)
            p.storeBytes(of: v.hi, toByteOffset: 8, as: UInt64.self)
        case .funcref(let f): p.storeBytes(of: f?.refBits ?? 0, as: UInt64.self)
        case .externref(let o): p.storeBytes(of: store.externBits(o), as: UInt64.self)
        case .exnref(let e): p.storeBytes(of: store.exceptionBits(e), as: UInt64.self)
        case .anyref(let a): p.storeBytes(of: a?.bits ?? 0, as: UInt64.self)
        }
    }
}

extension Value {
    /// The reference value of raw reference bits held where `type` is
    /// expected; `definedTypes` resolves a defined type's index (see `Slot.read`).
    @inline(__always) static func reference(bits: UInt64, _ type: RefType, definedTypes: DefinedTypes? = nil) -> Value {
        switch type.heapType {
        case .extern, .noextern:
            if bits & (GCRef.i31Tag | GCRef.objectTag) != 0 { return .externref(ExternalizedAnyRef(bits: bits)) }
            return .externref(Store.externObject(bits))
        case .exn, .noexn: return .exnref(Exception.from(bits: bits))
        case .func, .nofunc: return .funcref(Function.from(bits: bits))
        case .any, .eq, .i31, .struct, .array, .none: return .anyref(bits == 0 ? nil : AnyRef(bits: bits))
        case .concrete(let index):
            // A defined type is a function type unless the bits point to a GC
            // object; a null is of the kind of the type when the module says it.
            if GCRef.isObject(bits) { return .anyref(AnyRef(bits: bits)) }
            if bits == 0, let definedTypes, !definedTypes.isFunction(index) { return .anyref(nil) }
            return .funcref(Function.from(bits: bits))
        }
    }
}

/// The kinds of a module's defined types, through its canonical type ids
/// and the engine's registry: whether a type index is a function type.
struct DefinedTypes {
    let ids: [UInt32]
    let registry: TypeRegistry

    /// Whether type index `index` is a function type (an index out of range counts as one).
    func isFunction(_ index: UInt32) -> Bool {
        guard Int(index) < ids.count else { return true }
        return registry.info(ids[Int(index)]).pointee.kind == .function
    }
}
