/// The raw reference bits of the GC proposal's values. Pointers are at
/// least 8-byte aligned, so the low three bits tag what a reference is, in
/// any hierarchy:
///
/// - `0`: null;
/// - bit 0 set: an i31, `value << 1 | 1`;
/// - bit 2 set: a GC object (struct or array), its address `| 4`;
/// - bit 1 set: a host object converted into the `any` hierarchy
///   (`any.convert_extern`), the externref's address `| 2`;
/// - no tag: a funcref's `VMFuncRef`, an externref's host object or an
///   exnref's `Exception`, as before GC.
///
/// So `extern.convert_any` and `any.convert_extern` only add or remove the
/// host tag, and converting back and forth keeps identity (`ref.eq`).
enum GCRef {
    static let i31Tag: UInt64 = 1, hostTag: UInt64 = 2, objectTag: UInt64 = 4
    static let tagMask: UInt64 = 7

    /// `ref.i31`: the low 31 bits of `value`.
    @inline(__always) static func i31(_ value: UInt32) -> UInt64 { UInt64(value & 0x7FFF_FFFF) << 1 | i31Tag }

    /// `i31.get_s` / `i31.get_u` of non-null i31 bits.
    @inline(__always) static func i31Value(_ bits: UInt64, signed: Bool) -> UInt32 {
        let v = UInt32(truncatingIfNeeded: bits >> 1) & 0x7FFF_FFFF
        return signed ? UInt32(bitPattern: Int32(bitPattern: v << 1) >> 1) : v
    }

    @inline(__always) static func isObject(_ bits: UInt64) -> Bool { bits & objectTag != 0 && bits & i31Tag == 0 }
    @inline(__always) static func isI31(_ bits: UInt64) -> Bool { bits & i31Tag != 0 }

    /// `extern.convert_any`.
    @inline(__always) static func externalize(_ bits: UInt64) -> UInt64 {
        bits & i31Tag == 0 && bits & hostTag != 0 ? bits & ~hostTag : bits
    }

    /// `any.convert_extern`.
    @inline(__always) static func internalize(_ bits: UInt64) -> UInt64 {
        bits == 0 || bits & (i31Tag | objectTag) != 0 ? bits : bits | hostTag
    }

    /// The kind of GC object `bits` points to, if it is one.
    static func objectKind(_ bits: UInt64) -> GCTypeInfo.Kind? {
        isObject(bits) ? GCObject.info(GCObject.pointer(bits)).pointee.kind : nil
    }
}

/// A non-null reference of the `any` hierarchy as the host sees it: an
/// i31, a GC object (struct or array, opaque to the host), or a host object
/// converted with `any.convert_extern`. Valid while its store lives; two
/// `AnyRef`s are equal when `ref.eq` would say so.
public final class AnyRef: Equatable {
    let bits: UInt64

    init(bits: UInt64) { self.bits = bits }

    /// The i31 reference of the low 31 bits of `value`.
    public convenience init(i31 value: Int32) {
        self.init(bits: GCRef.i31(UInt32(bitPattern: value)))
    }

    /// `object` converted into the `any` hierarchy (kept alive by `store`).
    public convenience init(host object: AnyObject, store: Store) {
        self.init(bits: GCRef.internalize(store.externBits(object)))
    }

    /// The kinds of `any` references.
    public enum Kind: Sendable {
        case i31, structure, array, host
    }

    public var kind: Kind {
        if GCRef.isI31(bits) { return .i31 }
        switch GCRef.objectKind(bits) {
        case .structure?: return .structure
        case .array?: return .array
        case .function?: preconditionFailure("no GC object has a function type")
        case nil: return .host
        }
    }

    /// The signed value of an i31 reference.
    public var i31Value: Int32? {
        GCRef.isI31(bits) ? Int32(bitPattern: GCRef.i31Value(bits, signed: true)) : nil
    }

    /// The host object of a converted externref.
    public var hostObject: AnyObject? {
        kind == .host ? Store.externObject(bits & ~GCRef.hostTag) : nil
    }

    public static func == (a: AnyRef, b: AnyRef) -> Bool { a.bits == b.bits }
}

/// What the host sees of an externref that holds a GC value converted with
/// `extern.convert_any` (an i31 or a GC object): an opaque object that
/// converts back to the same reference.
public final class ExternalizedAnyRef {
    /// The reference in the `any` hierarchy.
    public let value: AnyRef

    init(bits: UInt64) { value = AnyRef(bits: GCRef.internalize(bits)) }
}
