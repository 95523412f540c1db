import CWasmHeaders
import SwasmCore

/// Conversions between `wasm_val_t` (kind at 0, payload at 8; references
/// are owned `wasm_ref_t*`) and the core's `Value`.
enum CVal {
    static let i32 = wasm_valkind_t(WASM_I32.rawValue)
    static let i64 = wasm_valkind_t(WASM_I64.rawValue)
    static let f32 = wasm_valkind_t(WASM_F32.rawValue)
    static let f64 = wasm_valkind_t(WASM_F64.rawValue)
    static let externref = wasm_valkind_t(WASM_EXTERNREF.rawValue)
    static let funcref = wasm_valkind_t(WASM_FUNCREF.rawValue)
    /// Not in wasm.h; the value wasmtime uses for v128 in type reflection.
    static let v128: wasm_valkind_t = 4

    static func isRef(_ kind: wasm_valkind_t) -> Bool { kind >= externref }

    /// The value of `v` where `type` is expected, or nil when it does not fit.
    /// Reference values are accepted with either reference kind (WASM_REF_VAL
    /// always says EXTERNREF) and interpreted by `type`.
    static func value(_ v: wasm_val_t, as type: ValueType) -> Value? {
        switch type {
        case .i32: return v.kind == i32 ? .i32(UInt32(bitPattern: v.of.i32)) : nil
        case .i64: return v.kind == i64 ? .i64(UInt64(bitPattern: v.of.i64)) : nil
        case .f32: return v.kind == f32 ? .f32(v.of.f32.bitPattern) : nil
        case .f64: return v.kind == f64 ? .f64(v.of.f64.bitPattern) : nil
        case .v128: return nil
        case .ref(let r):
            guard isRef(v.kind) else { return nil }
            return Entity.value(borrow(v.of.ref, as: Entity.self), as: r)
        }
    }

    /// A C value for `value`; a non-null reference becomes an owned handle.
    static func make(_ value: Value, in context: StoreContext?) -> wasm_val_t {
        var v = wasm_val_t()
        switch value {
        case .i32(let x): v.kind = i32; v.of.i32 = Int32(bitPattern: x)
        case .i64(let x): v.kind = i64; v.of.i64 = Int64(bitPattern: x)
        case .f32(let x): v.kind = f32; v.of.f32 = Float(bitPattern: x)
        case .f64(let x): v.kind = f64; v.of.f64 = Double(bitPattern: x)
        case .v128: v.kind = v128  // no room for the value (see wasm.h)
        case .funcref(let f):
            v.kind = funcref
            v.of.ref = f.flatMap { f in context.map { retained($0.entity(f)) } }
        case .externref(let o):
            v.kind = externref
            v.of.ref = o.flatMap { o in context.map { retained($0.entity(externref: o)) } }
        case .exnref(let e):
            // wasm.h has no exception kind: an opaque reference that converts back to the exnref.
            v.kind = externref
            v.of.ref = e.flatMap { e in context.map { retained($0.entity(externref: e)) } }
        case .anyref(let a):
            // GC references (any hierarchy) are opaque references that convert back to the same value.
            v.kind = externref
            v.of.ref = a.flatMap { a in context.map { retained($0.entity(externref: a)) } }
        }
        return v
    }

    /// `wasm_val_copy`: duplicates the reference handle, if any.
    static func copy(_ v: wasm_val_t) -> wasm_val_t {
        if isRef(v.kind), let r = borrow(v.of.ref, as: Entity.self) {
            var c = v
            c.of.ref = retained(r.identity)
            return c
        }
        return v
    }

    /// A C value for an argument of a host callback: a reference is lent as
    /// a handle of its own (`Entity(lending:)`).
    static func makeArgument(_ value: Value, in context: StoreContext) -> wasm_val_t {
        var v = make(value, in: context)
        if isRef(v.kind), let canonical = borrow(v.of.ref, as: Entity.self) {
            v.of.ref = retained(Entity(lending: canonical))
            SwasmCAPI.release(OpaquePointer(Unmanaged.passUnretained(canonical).toOpaque()), as: Entity.self)
        }
        return v
    }

    /// `wasm_val_delete`: drops the reference handle, if any.
    static func release(_ v: wasm_val_t) {
        if isRef(v.kind) { SwasmCAPI.release(v.of.ref, as: Entity.self) }
    }
}

@_cdecl("wasm_val_delete")
public func wasm_val_delete(_ v: UnsafeMutablePointer<wasm_val_t>?) {
    guard let v else { return }
    CVal.release(v.pointee)
    if CVal.isRef(v.pointee.kind) { v.pointee.of.ref = nil }
}

@_cdecl("wasm_val_copy")
public func wasm_val_copy(_ out: UnsafeMutablePointer<wasm_val_t>?, _ v: UnsafePointer<wasm_val_t>?) {
    guard let out else { return }
    out.pointee = v.map { CVal.copy($0.pointee) } ?? wasm_val_t()
}
