/// environ_get, environ_sizes_get.
extension WASI {
    static func registerEnviron(_ t: inout [String: WASIFunction]) {
        define(&t, "environ_get", "ii") { ctx, c in
            try writeStrings(ctx.environment, c.memory, ptrs: c.i32(0), buf: c.i32(1))
        }
        define(&t, "environ_sizes_get", "ii") { ctx, c in
            try writeSizes(ctx.environment, c.memory, count: c.i32(0), size: c.i32(1))
        }
    }
}
