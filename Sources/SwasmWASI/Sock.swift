import Glibc

/// sock_accept, sock_recv, sock_send, sock_shutdown. Only host sockets
/// handed to the guest as preopened fds could be used; anything else is
/// EBADF (no such fd) or ENOTSOCK.
extension WASI {
    static func socket(_ ctx: WASIContext, _ fd: UInt32, _ rights: UInt64 = 0) throws(Errno) -> Int32 {
        let e = try ctx.entry(fd)
        guard e.filetype == FileType.socketStream || e.filetype == FileType.socketDgram, let h = e.hostFD else { throw .notsock }
        if e.rightsBase & rights != rights { throw .notcapable }
        return h
    }

    static func registerSock(_ t: inout [String: WASIFunction]) {
        define(&t, "sock_accept", "iii") { ctx, c in
            let h = try socket(ctx, c.i32(0), Rights.sockAccept)
            let flags = UInt16(truncatingIfNeeded: c.i32(1))
            guard flags & ~FDFlags.nonblock == 0 else { throw Errno.inval }
            _ = try c.memory.pointer(c.i32(2), 4)
            let n = try sys { accept(h, nil, nil) }
            _ = fcntl(n, F_SETFD, FD_CLOEXEC)
            if flags & FDFlags.nonblock != 0 { _ = fcntl(n, F_SETFL, fcntl(n, F_GETFL) | O_NONBLOCK) }
            let entry = FDEntry(backing: .host(fd: n, closeOnRelease: true), filetype: FileType.socketStream,
                                rightsBase: Rights.fdRead | Rights.fdWrite | Rights.pollFdReadwrite | Rights.sockShutdown | Rights.fdFilestatGet | Rights.fdFdstatSetFlags,
                                rightsInheriting: 0)
            try c.memory.store32(c.i32(2), ctx.allocate(entry))
        }
        define(&t, "sock_recv", "iiiiii") { ctx, c in
            let h = try socket(ctx, c.i32(0), Rights.fdRead)
            let iovs = try c.memory.iovecs(c.i32(1), c.i32(2))
            let riflags = c.i32(3)
            guard riflags & ~3 == 0 else { throw Errno.inval }
            _ = try c.memory.pointer(c.i32(4), 4)
            _ = try c.memory.pointer(c.i32(5), 2)
            var total = 0
            var flags: Int32 = 0
            if riflags & 1 != 0 { flags |= Int32(MSG_PEEK) }
            if riflags & 2 != 0 { flags |= Int32(MSG_WAITALL) }
            for iov in iovs where iov.count > 0 {
                let n = try sys { recv(h, iov.baseAddress, iov.count, flags) }
                total += n
                if n < iov.count { break }
            }
            try c.memory.store32(c.i32(4), UInt32(total))
            try c.memory.store16(c.i32(5), 0)
        }
        define(&t, "sock_send", "iiiii") { ctx, c in
            let h = try socket(ctx, c.i32(0), Rights.fdWrite)
            let iovs = try c.memory.iovecs(c.i32(1), c.i32(2))
            guard c.i32(3) == 0 else { throw Errno.inval }
            _ = try c.memory.pointer(c.i32(4), 4)
            var total = 0
            for iov in iovs where iov.count > 0 {
                let n = try sys { send(h, iov.baseAddress, iov.count, Int32(MSG_NOSIGNAL)) }
                total += n
                if n < iov.count { break }
            }
            try c.memory.store32(c.i32(4), UInt32(total))
        }
        define(&t, "sock_shutdown", "ii") { ctx, c in
            let h = try socket(ctx, c.i32(0), Rights.sockShutdown)
            let how: Int32
            switch c.i32(1) {
            case 1: how = Int32(SHUT_RD)
            case 2: how = Int32(SHUT_WR)
            case 3: how = Int32(SHUT_RDWR)
            default: throw Errno.inval
            }
            _ = try sys { shutdown(h, how) }
        }
    }
}
