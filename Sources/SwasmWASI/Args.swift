/// args_get, args_sizes_get.
extension WASI {
    /// Writes NUL-terminated `strings` to `buf` and their addresses to `ptrs`.
    static func writeStrings(_ strings: [String], _ m: GuestMemory, ptrs: UInt32, buf: UInt32) throws(Errno) {
        let total = strings.reduce(0) { $0 + $1.utf8.count + 1 }
        _ = try m.pointer(ptrs, UInt64(strings.count) * 4)
        _ = try m.pointer(buf, UInt64(total))
        var offset = buf
        for (i, s) in strings.enumerated() {
            try m.store32(ptrs + UInt32(i) * 4, offset)
            try m.write(offset, Array(s.utf8) + [0])
            offset &+= UInt32(s.utf8.count + 1)  // 2^32 (wrapping to 0) after a last string ending memory
        }
    }

    static func writeSizes(_ strings: [String], _ m: GuestMemory, count: UInt32, size: UInt32) throws(Errno) {
        try m.store32(count, UInt32(strings.count))
        try m.store32(size, UInt32(strings.reduce(0) { $0 + $1.utf8.count + 1 }))
    }

    static func registerArgs(_ t: inout [String: WASIFunction]) {
        define(&t, "args_get", "ii") { ctx, c in
            try writeStrings(ctx.arguments, c.memory, ptrs: c.i32(0), buf: c.i32(1))
        }
        define(&t, "args_sizes_get", "ii") { ctx, c in
            try writeSizes(ctx.arguments, c.memory, count: c.i32(0), size: c.i32(1))
        }
    }
}
