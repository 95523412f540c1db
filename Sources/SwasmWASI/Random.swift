import Glibc

/// random_get.
extension WASI {
    private typealias GetRandom = @convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int
    /// glibc's getrandom(2) wrapper (not exposed by the Glibc module).
    private static let getrandomFn: GetRandom? = {
        guard let p = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "getrandom") else { return nil }
        return unsafeBitCast(p, to: GetRandom.self)
    }()

    /// Fills `buffer` from the kernel's CSPRNG.
    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) throws(Errno) {
        guard let getrandom = getrandomFn else {
            let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Errno.fromHost() }
            defer { close(fd) }
            var done = 0
            while done < buffer.count {
                let n = try sys { Glibc.read(fd, buffer.baseAddress! + done, buffer.count - done) }
                if n == 0 { throw Errno.io }
                done += n
            }
            return
        }
        var done = 0
        while done < buffer.count {
            let n = getrandom(buffer.baseAddress! + done, buffer.count - done, 0)
            if n < 0 {
                if errno == EINTR { continue }
                throw Errno.fromHost()
            }
            done += n
        }
    }

    static func registerRandom(_ t: inout [String: WASIFunction]) {
        define(&t, "random_get", "ii") { _, c in
            let buf = try c.memory.buffer(c.i32(0), c.i32(1))
            if buf.count > 0 { try fillRandom(buf) }
        }
    }
}
