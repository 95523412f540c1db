/// Bounds-checked access to the caller's linear memory. Every guest
/// pointer + length is checked against the current size; failures are EFAULT.
struct GuestMemory {
    let base: UnsafeMutableRawPointer?
    let size: UInt64

    static let none = GuestMemory(base: nil, size: 0)

    /// The host address of `length` bytes at guest address `address`.
    @inline(__always) func pointer(_ address: UInt32, _ length: UInt64) throws(Errno) -> UnsafeMutableRawPointer {
        guard let base, UInt64(address) + length <= size else { throw .fault }
        return base + Int(address)
    }

    func buffer(_ address: UInt32, _ length: UInt32) throws(Errno) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: try pointer(address, UInt64(length)), count: Int(length))
    }

    func load8(_ a: UInt32) throws(Errno) -> UInt8 { try pointer(a, 1).load(as: UInt8.self) }
    func load16(_ a: UInt32) throws(Errno) -> UInt16 { try pointer(a, 2).loadUnaligned(as: UInt16.self) }
    func load32(_ a: UInt32) throws(Errno) -> UInt32 { try pointer(a, 4).loadUnaligned(as: UInt32.self) }
    func load64(_ a: UInt32) throws(Errno) -> UInt64 { try pointer(a, 8).loadUnaligned(as: UInt64.self) }
    func store8(_ a: UInt32, _ v: UInt8) throws(Errno) { try pointer(a, 1).storeBytes(of: v, as: UInt8.self) }
    func store16(_ a: UInt32, _ v: UInt16) throws(Errno) { try pointer(a, 2).storeBytes(of: v, as: UInt16.self) }
    func store32(_ a: UInt32, _ v: UInt32) throws(Errno) { try pointer(a, 4).storeBytes(of: v, as: UInt32.self) }
    func store64(_ a: UInt32, _ v: UInt64) throws(Errno) { try pointer(a, 8).storeBytes(of: v, as: UInt64.self) }

    /// Copies `bytes` to guest memory.
    func write(_ a: UInt32, _ bytes: [UInt8]) throws(Errno) {
        let p = try pointer(a, UInt64(bytes.count))
        bytes.withUnsafeBytes { if let src = $0.baseAddress { p.copyMemory(from: src, byteCount: $0.count) } }
    }

    /// A guest string: UTF-8 without NUL bytes (EILSEQ / EINVAL otherwise).
    func string(_ a: UInt32, _ length: UInt32) throws(Errno) -> String {
        let buf = try buffer(a, length)
        if buf.contains(0) { throw .inval }
        guard let s = String(validating: buf, as: UTF8.self) else { throw .ilseq }
        return s
    }

    /// The buffers of an iovec / ciovec array.
    func iovecs(_ a: UInt32, _ count: UInt32) throws(Errno) -> [UnsafeMutableRawBufferPointer] {
        guard count <= 1024 else { throw .inval }
        _ = try pointer(a, UInt64(count) * 8)
        var result: [UnsafeMutableRawBufferPointer] = []
        result.reserveCapacity(Int(count))
        for i in 0..<count {
            let ptr = try load32(a + i * 8)
            let len = try load32(a + i * 8 + 4)
            result.append(try buffer(ptr, len))
        }
        return result
    }
}
