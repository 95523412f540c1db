import CWasmHeaders
import Glibc

/// The shape every `wasm_X_vec_t` shares: `{ size_t size; T* data; }`.
/// The vector families below are one generic implementation.
protocol CVector {
    associatedtype Element
    var size: Int { get set }
    var data: UnsafeMutablePointer<Element>! { get set }
    init(size: Int, data: UnsafeMutablePointer<Element>!)
}

extension wasm_byte_vec_t: CVector {}
extension wasm_val_vec_t: CVector {}
extension wasm_valtype_vec_t: CVector {}
extension wasm_functype_vec_t: CVector {}
extension wasm_globaltype_vec_t: CVector {}
extension wasm_tabletype_vec_t: CVector {}
extension wasm_memorytype_vec_t: CVector {}
extension wasm_tagtype_vec_t: CVector {}
extension wasm_externtype_vec_t: CVector {}
extension wasm_importtype_vec_t: CVector {}
extension wasm_exporttype_vec_t: CVector {}
extension wasm_frame_vec_t: CVector {}
extension wasm_extern_vec_t: CVector {}

/// Generic operations behind the `wasm_X_vec_*` functions. Storage comes
/// from calloc/free; a vector of size 0 has NULL data.
enum Vec {
    /// Zero-filled storage for `count` elements (NULL for 0).
    static func allocate<E>(_ count: Int, of _: E.Type) -> UnsafeMutablePointer<E>? {
        guard count > 0, let p = calloc(count, MemoryLayout<E>.stride) else { return nil }
        return p.bindMemory(to: E.self, capacity: count)
    }

    static func newEmpty<V: CVector>(_ out: UnsafeMutablePointer<V>?) {
        out?.pointee = V(size: 0, data: nil)
    }

    /// Elements are zero (NULL pointers, i32 0 values) rather than garbage.
    static func newUninitialized<V: CVector>(_ out: UnsafeMutablePointer<V>?, _ count: Int) {
        guard let out else { return }
        let data = allocate(count, of: V.Element.self)
        out.pointee = V(size: data == nil ? 0 : count, data: data)
    }

    /// Moves `count` elements from `source` (ownership transfers bitwise).
    static func new<V: CVector>(_ out: UnsafeMutablePointer<V>?, _ count: Int, _ source: UnsafePointer<V.Element>?) {
        guard let out else { return }
        guard let source, let data = allocate(count, of: V.Element.self) else {
            out.pointee = V(size: 0, data: nil)
            return
        }
        UnsafeMutableRawPointer(data).copyMemory(from: source, byteCount: count * MemoryLayout<V.Element>.stride)
        out.pointee = V(size: count, data: data)
    }

    /// A vector owning `elements`.
    static func make<V: CVector>(_ out: UnsafeMutablePointer<V>?, _ elements: [V.Element]) {
        elements.withUnsafeBufferPointer { new(out, $0.count, $0.baseAddress) }
    }

    /// Copies `source`, each element through `copyElement`.
    static func copy<V: CVector>(_ out: UnsafeMutablePointer<V>?, _ source: UnsafePointer<V>?,
                                 _ copyElement: (V.Element) -> V.Element = { $0 }) {
        guard let out else { return }
        guard let source, let src = source.pointee.data, let data = allocate(source.pointee.size, of: V.Element.self) else {
            out.pointee = V(size: 0, data: nil)
            return
        }
        for i in 0..<source.pointee.size { (data + i).initialize(to: copyElement(src[i])) }
        out.pointee = V(size: source.pointee.size, data: data)
    }

    /// Frees the storage after `deleteElement` on each element; leaves the vector empty.
    static func delete<V: CVector>(_ vector: UnsafeMutablePointer<V>?, _ deleteElement: ((V.Element) -> Void)? = nil) {
        guard let vector else { return }
        if let data = vector.pointee.data {
            if let deleteElement { for i in 0..<vector.pointee.size { deleteElement(data[i]) } }
            free(data)
        }
        vector.pointee = V(size: 0, data: nil)
    }

    /// The elements of a borrowed vector.
    static func elements<V: CVector>(_ vector: UnsafePointer<V>?) -> UnsafeBufferPointer<V.Element> {
        guard let vector, let data = vector.pointee.data else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: data, count: vector.pointee.size)
    }
}

/// Vectors of owned handles to objects of class `T`.
enum HandleVec<T: AnyObject> {
    static func copy<V: CVector>(_ out: UnsafeMutablePointer<V>?, _ source: UnsafePointer<V>?,
                                 _ copyObject: @escaping (T) -> T) where V.Element == OpaquePointer? {
        Vec.copy(out, source) { p in borrow(p, as: T.self).map { retained(copyObject($0)) } }
    }

    static func delete<V: CVector>(_ vector: UnsafeMutablePointer<V>?) where V.Element == OpaquePointer? {
        Vec.delete(vector) { release($0, as: T.self) }
    }

    /// A vector owning one new handle per object.
    static func make<V: CVector>(_ out: UnsafeMutablePointer<V>?, _ objects: [T]) where V.Element == OpaquePointer? {
        Vec.make(out, objects.map { retained($0) })
    }
}

// MARK: - Byte and value vectors

@_cdecl("wasm_byte_vec_new_empty") public func wasm_byte_vec_new_empty(_ out: UnsafeMutablePointer<wasm_byte_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_byte_vec_new_uninitialized") public func wasm_byte_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_byte_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_byte_vec_new") public func wasm_byte_vec_new(_ out: UnsafeMutablePointer<wasm_byte_vec_t>?, _ n: Int, _ src: UnsafePointer<wasm_byte_t>?) { Vec.new(out, n, src) }
@_cdecl("wasm_byte_vec_copy") public func wasm_byte_vec_copy(_ out: UnsafeMutablePointer<wasm_byte_vec_t>?, _ src: UnsafePointer<wasm_byte_vec_t>?) { Vec.copy(out, src) }
@_cdecl("wasm_byte_vec_delete") public func wasm_byte_vec_delete(_ v: UnsafeMutablePointer<wasm_byte_vec_t>?) { Vec.delete(v) }

@_cdecl("wasm_val_vec_new_empty") public func wasm_val_vec_new_empty(_ out: UnsafeMutablePointer<wasm_val_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_val_vec_new_uninitialized") public func wasm_val_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_val_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_val_vec_new") public func wasm_val_vec_new(_ out: UnsafeMutablePointer<wasm_val_vec_t>?, _ n: Int, _ src: UnsafePointer<wasm_val_t>?) { Vec.new(out, n, src) }
@_cdecl("wasm_val_vec_copy") public func wasm_val_vec_copy(_ out: UnsafeMutablePointer<wasm_val_vec_t>?, _ src: UnsafePointer<wasm_val_vec_t>?) { Vec.copy(out, src, CVal.copy) }
@_cdecl("wasm_val_vec_delete") public func wasm_val_vec_delete(_ v: UnsafeMutablePointer<wasm_val_vec_t>?) { Vec.delete(v, CVal.release) }

// MARK: - Type vectors (deep copies)

@_cdecl("wasm_valtype_vec_new_empty") public func wasm_valtype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_valtype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_valtype_vec_new_uninitialized") public func wasm_valtype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_valtype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_valtype_vec_new") public func wasm_valtype_vec_new(_ out: UnsafeMutablePointer<wasm_valtype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_valtype_vec_copy") public func wasm_valtype_vec_copy(_ out: UnsafeMutablePointer<wasm_valtype_vec_t>?, _ src: UnsafePointer<wasm_valtype_vec_t>?) { HandleVec<ValTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_valtype_vec_delete") public func wasm_valtype_vec_delete(_ v: UnsafeMutablePointer<wasm_valtype_vec_t>?) { HandleVec<ValTypeBox>.delete(v) }

@_cdecl("wasm_functype_vec_new_empty") public func wasm_functype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_functype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_functype_vec_new_uninitialized") public func wasm_functype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_functype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_functype_vec_new") public func wasm_functype_vec_new(_ out: UnsafeMutablePointer<wasm_functype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_functype_vec_copy") public func wasm_functype_vec_copy(_ out: UnsafeMutablePointer<wasm_functype_vec_t>?, _ src: UnsafePointer<wasm_functype_vec_t>?) { HandleVec<ExternTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_functype_vec_delete") public func wasm_functype_vec_delete(_ v: UnsafeMutablePointer<wasm_functype_vec_t>?) { HandleVec<ExternTypeBox>.delete(v) }

@_cdecl("wasm_globaltype_vec_new_empty") public func wasm_globaltype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_globaltype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_globaltype_vec_new_uninitialized") public func wasm_globaltype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_globaltype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_globaltype_vec_new") public func wasm_globaltype_vec_new(_ out: UnsafeMutablePointer<wasm_globaltype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_globaltype_vec_copy") public func wasm_globaltype_vec_copy(_ out: UnsafeMutablePointer<wasm_globaltype_vec_t>?, _ src: UnsafePointer<wasm_globaltype_vec_t>?) { HandleVec<ExternTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_globaltype_vec_delete") public func wasm_globaltype_vec_delete(_ v: UnsafeMutablePointer<wasm_globaltype_vec_t>?) { HandleVec<ExternTypeBox>.delete(v) }

@_cdecl("wasm_tabletype_vec_new_empty") public func wasm_tabletype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_tabletype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_tabletype_vec_new_uninitialized") public func wasm_tabletype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_tabletype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_tabletype_vec_new") public func wasm_tabletype_vec_new(_ out: UnsafeMutablePointer<wasm_tabletype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_tabletype_vec_copy") public func wasm_tabletype_vec_copy(_ out: UnsafeMutablePointer<wasm_tabletype_vec_t>?, _ src: UnsafePointer<wasm_tabletype_vec_t>?) { HandleVec<ExternTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_tabletype_vec_delete") public func wasm_tabletype_vec_delete(_ v: UnsafeMutablePointer<wasm_tabletype_vec_t>?) { HandleVec<ExternTypeBox>.delete(v) }

@_cdecl("wasm_memorytype_vec_new_empty") public func wasm_memorytype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_memorytype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_memorytype_vec_new_uninitialized") public func wasm_memorytype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_memorytype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_memorytype_vec_new") public func wasm_memorytype_vec_new(_ out: UnsafeMutablePointer<wasm_memorytype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_memorytype_vec_copy") public func wasm_memorytype_vec_copy(_ out: UnsafeMutablePointer<wasm_memorytype_vec_t>?, _ src: UnsafePointer<wasm_memorytype_vec_t>?) { HandleVec<ExternTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_memorytype_vec_delete") public func wasm_memorytype_vec_delete(_ v: UnsafeMutablePointer<wasm_memorytype_vec_t>?) { HandleVec<ExternTypeBox>.delete(v) }

@_cdecl("wasm_tagtype_vec_new_empty") public func wasm_tagtype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_tagtype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_tagtype_vec_new_uninitialized") public func wasm_tagtype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_tagtype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_tagtype_vec_new") public func wasm_tagtype_vec_new(_ out: UnsafeMutablePointer<wasm_tagtype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_tagtype_vec_copy") public func wasm_tagtype_vec_copy(_ out: UnsafeMutablePointer<wasm_tagtype_vec_t>?, _ src: UnsafePointer<wasm_tagtype_vec_t>?) { HandleVec<ExternTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_tagtype_vec_delete") public func wasm_tagtype_vec_delete(_ v: UnsafeMutablePointer<wasm_tagtype_vec_t>?) { HandleVec<ExternTypeBox>.delete(v) }

@_cdecl("wasm_externtype_vec_new_empty") public func wasm_externtype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_externtype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_externtype_vec_new_uninitialized") public func wasm_externtype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_externtype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_externtype_vec_new") public func wasm_externtype_vec_new(_ out: UnsafeMutablePointer<wasm_externtype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_externtype_vec_copy") public func wasm_externtype_vec_copy(_ out: UnsafeMutablePointer<wasm_externtype_vec_t>?, _ src: UnsafePointer<wasm_externtype_vec_t>?) { HandleVec<ExternTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_externtype_vec_delete") public func wasm_externtype_vec_delete(_ v: UnsafeMutablePointer<wasm_externtype_vec_t>?) { HandleVec<ExternTypeBox>.delete(v) }

@_cdecl("wasm_importtype_vec_new_empty") public func wasm_importtype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_importtype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_importtype_vec_new_uninitialized") public func wasm_importtype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_importtype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_importtype_vec_new") public func wasm_importtype_vec_new(_ out: UnsafeMutablePointer<wasm_importtype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_importtype_vec_copy") public func wasm_importtype_vec_copy(_ out: UnsafeMutablePointer<wasm_importtype_vec_t>?, _ src: UnsafePointer<wasm_importtype_vec_t>?) { HandleVec<ImportTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_importtype_vec_delete") public func wasm_importtype_vec_delete(_ v: UnsafeMutablePointer<wasm_importtype_vec_t>?) { HandleVec<ImportTypeBox>.delete(v) }

@_cdecl("wasm_exporttype_vec_new_empty") public func wasm_exporttype_vec_new_empty(_ out: UnsafeMutablePointer<wasm_exporttype_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_exporttype_vec_new_uninitialized") public func wasm_exporttype_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_exporttype_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_exporttype_vec_new") public func wasm_exporttype_vec_new(_ out: UnsafeMutablePointer<wasm_exporttype_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_exporttype_vec_copy") public func wasm_exporttype_vec_copy(_ out: UnsafeMutablePointer<wasm_exporttype_vec_t>?, _ src: UnsafePointer<wasm_exporttype_vec_t>?) { HandleVec<ExportTypeBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_exporttype_vec_delete") public func wasm_exporttype_vec_delete(_ v: UnsafeMutablePointer<wasm_exporttype_vec_t>?) { HandleVec<ExportTypeBox>.delete(v) }

// MARK: - Runtime object vectors (new handles to the same objects)

@_cdecl("wasm_frame_vec_new_empty") public func wasm_frame_vec_new_empty(_ out: UnsafeMutablePointer<wasm_frame_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_frame_vec_new_uninitialized") public func wasm_frame_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_frame_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_frame_vec_new") public func wasm_frame_vec_new(_ out: UnsafeMutablePointer<wasm_frame_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_frame_vec_copy") public func wasm_frame_vec_copy(_ out: UnsafeMutablePointer<wasm_frame_vec_t>?, _ src: UnsafePointer<wasm_frame_vec_t>?) { HandleVec<FrameBox>.copy(out, src) { $0.copy() } }
@_cdecl("wasm_frame_vec_delete") public func wasm_frame_vec_delete(_ v: UnsafeMutablePointer<wasm_frame_vec_t>?) { HandleVec<FrameBox>.delete(v) }

@_cdecl("wasm_extern_vec_new_empty") public func wasm_extern_vec_new_empty(_ out: UnsafeMutablePointer<wasm_extern_vec_t>?) { Vec.newEmpty(out) }
@_cdecl("wasm_extern_vec_new_uninitialized") public func wasm_extern_vec_new_uninitialized(_ out: UnsafeMutablePointer<wasm_extern_vec_t>?, _ n: Int) { Vec.newUninitialized(out, n) }
@_cdecl("wasm_extern_vec_new") public func wasm_extern_vec_new(_ out: UnsafeMutablePointer<wasm_extern_vec_t>?, _ n: Int, _ src: UnsafePointer<OpaquePointer?>?) { Vec.new(out, n, src) }
@_cdecl("wasm_extern_vec_copy") public func wasm_extern_vec_copy(_ out: UnsafeMutablePointer<wasm_extern_vec_t>?, _ src: UnsafePointer<wasm_extern_vec_t>?) { HandleVec<Entity>.copy(out, src) { $0 } }
@_cdecl("wasm_extern_vec_delete") public func wasm_extern_vec_delete(_ v: UnsafeMutablePointer<wasm_extern_vec_t>?) { HandleVec<Entity>.delete(v) }
