import Glibc

/// Where one struct field (or an array's element) lies in an object's payload.
struct GCField {
    var offset: Int
    /// Bytes: 1 or 2 (packed), 4, 8 or 16; values are stored little-endian
    /// and read into a slot's low bytes.
    var size: Int
}

/// The raw runtime description of a canonical type (one per id, owned by
/// the engine's `TypeRegistry`): what GC objects of the type look like and
/// its declared supertype, for casts.
struct GCTypeInfo {
    enum Kind: UInt8 {
        case function, structure, array
    }

    var typeID: UInt32
    var kind: Kind
    var supertype: UnsafePointer<GCTypeInfo>?
    /// Struct fields, or the array element (one entry); none for functions.
    var fields: UnsafeMutablePointer<GCField>
    var fieldCount: Int
    /// Bytes of a struct's payload (an array's is length × element size).
    var payloadSize: Int

    /// Allocates the description of `type` with canonical id `id`.
    static func make(id: UInt32, type: SubType, supertype: UnsafePointer<GCTypeInfo>?) -> UnsafeMutablePointer<GCTypeInfo> {
        var layout: [GCField] = []
        var kind = Kind.function
        var end = 0
        switch type.composite {
        case .function:
            break
        case .structure(let fields):
            kind = .structure
            for f in fields {
                let size = f.storage.byteSize
                let offset = (end + size - 1) / size * size
                layout.append(GCField(offset: offset, size: size))
                end = offset + size
            }
        case .array(let element):
            kind = .array
            layout.append(GCField(offset: 0, size: element.storage.byteSize))
        }
        let fields = UnsafeMutablePointer<GCField>.allocate(capacity: max(layout.count, 1))
        fields.initialize(from: layout, count: layout.count)
        let info = UnsafeMutablePointer<GCTypeInfo>.allocate(capacity: 1)
        info.initialize(to: GCTypeInfo(typeID: id, kind: kind, supertype: supertype, fields: fields,
                                       fieldCount: layout.count, payloadSize: end))
        return info
    }

    static func destroy(_ info: UnsafeMutablePointer<GCTypeInfo>) {
        info.pointee.fields.deallocate()
        info.deallocate()
    }

    /// Whether this type is `id` or declares it as a (transitive) supertype.
    func isSubtype(of id: UInt32) -> Bool {
        if typeID == id { return true }
        var t = supertype
        while let s = t {
            if s.pointee.typeID == id { return true }
            t = s.pointee.supertype
        }
        return false
    }
}

/// The layout of a GC object: a 16-byte header (the `GCTypeInfo` pointer,
/// then an array's length as a UInt32), then the payload (struct fields at
/// their `GCField` offsets, or the array elements one after another).
enum GCObject {
    static let headerSize = 16

    /// The object a non-null, non-i31 reference of the `any` hierarchy
    /// points to (see `GCRef`).
    @inline(__always) static func pointer(_ bits: UInt64) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(bits & ~GCRef.tagMask))!
    }

    @inline(__always) static func info(_ object: UnsafeMutableRawPointer) -> UnsafePointer<GCTypeInfo> {
        object.load(as: UnsafePointer<GCTypeInfo>.self)
    }

    @inline(__always) static func length(_ object: UnsafeMutableRawPointer) -> UInt32 {
        object.load(fromByteOffset: 8, as: UInt32.self)
    }

    @inline(__always) static func payload(_ object: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        object + headerSize
    }
}

/// Owns the GC objects of one store. This first version is a store-lifetime
/// arena: objects are never collected while the store lives (so no
/// reference ever dangles), and all of them are freed with the store.
/// Because nothing is freed early, every byte is counted against `limit`
/// (GC objects, and the exceptions the store keeps alive for exnref
/// values): an allocation beyond it traps "out of memory" instead of
/// exhausting the host.
final class GCHeap {
    private var objects: [UnsafeMutableRawPointer] = []
    /// Largest payload one object may have (arrays beyond it trap "out of memory").
    static let maxPayload = 1 << 32
    /// The default of `limit`: 4 GiB.
    static let defaultLimit = 4 << 30
    /// Most bytes this heap may account for; `Int.max` for no cap.
    var limit = GCHeap.defaultLimit
    /// Bytes accounted for so far (objects with their headers, kept exceptions).
    private(set) var usedBytes = 0

    deinit {
        for o in objects { free(o) }
    }

    /// Accounts for `bytes` more, or traps "out of memory" (accounting for
    /// nothing) when that would exceed `limit`.
    func reserve(_ bytes: Int) throws(Trap) {
        guard bytes >= 0, bytes <= limit - usedBytes else { throw Trap(.outOfMemory) }
        usedBytes += bytes
    }

    /// Accounts for `bytes` more without checking the limit (for what a
    /// host hands to the store, which cannot trap).
    func charge(_ bytes: Int) {
        let (sum, overflow) = usedBytes.addingReportingOverflow(bytes)
        usedBytes = overflow ? .max : sum
    }

    /// A zeroed object of type `info` (with `length` elements for an
    /// array); returns its reference bits. Traps "out of memory" beyond
    /// `limit` or when the host has no memory for it, before touching any.
    func allocate(_ info: UnsafePointer<GCTypeInfo>, length: UInt32 = 0) throws(Trap) -> UInt64 {
        let payload = info.pointee.kind == .array ? Int(length) * info.pointee.fields[0].size : info.pointee.payloadSize
        guard payload <= Self.maxPayload else { throw Trap(.outOfMemory) }
        let bytes = GCObject.headerSize + payload
        try reserve(bytes)
        guard let object = Self.zeroedBlock(bytes) else {
            usedBytes -= bytes
            throw Trap(.outOfMemory)
        }
        object.storeBytes(of: info, as: UnsafePointer<GCTypeInfo>.self)
        object.storeBytes(of: length, toByteOffset: 8, as: UInt32.self)
        objects.append(object)
        return UInt64(UInt(bitPattern: object)) | GCRef.objectTag
    }

    /// `bytes` zeroed bytes aligned to 16 (the reference tag bits need 8),
    /// or nil when the host has none. `calloc` gets large blocks as fresh
    /// zero pages without writing them, so a big array costs no memory
    /// until it is used.
    private static func zeroedBlock(_ bytes: Int) -> UnsafeMutableRawPointer? {
        guard let block = calloc(1, bytes) else { return nil }
        if UInt(bitPattern: block) & 15 == 0 { return block }
        // malloc aligns to 16 on every 64-bit host Swift runs on; stay correct anyway.
        free(block)
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 16, bytes) == 0, let aligned = raw else { return nil }
        memset(aligned, 0, bytes)
        return aligned
    }
}
