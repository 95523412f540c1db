import Glibc

/// fd_* functions.
extension WASI {
    /// Bytes of a `filestat` record (preview0's link count is 32 bits).
    static func filestatSize(_ version: WASIVersion) -> UInt64 { version == .preview0 ? 56 : 64 }

    static func writeFilestat(_ m: GuestMemory, _ a: UInt32, _ st: stat, _ version: WASIVersion) throws(Errno) {
        let p = try m.pointer(a, filestatSize(version))
        func ns(_ t: timespec) -> UInt64 { UInt64(bitPattern: Int64(t.tv_sec) &* 1_000_000_000 &+ Int64(t.tv_nsec)) }
        p.storeBytes(of: UInt64(st.st_dev), toByteOffset: 0, as: UInt64.self)
        p.storeBytes(of: UInt64(st.st_ino), toByteOffset: 8, as: UInt64.self)
        p.storeBytes(of: UInt64(WASIContext.filetype(st.st_mode)), toByteOffset: 16, as: UInt64.self)
        // From the link count on, preview0's fields sit 8 bytes earlier: a u32 count after the type byte.
        let shift = version == .preview0 ? 8 : 0
        if version == .preview0 {
            p.storeBytes(of: UInt32(clamping: st.st_nlink), toByteOffset: 20, as: UInt32.self)
        } else {
            p.storeBytes(of: UInt64(st.st_nlink), toByteOffset: 24, as: UInt64.self)
        }
        p.storeBytes(of: UInt64(bitPattern: Int64(st.st_size)), toByteOffset: 32 - shift, as: UInt64.self)
        p.storeBytes(of: ns(st.st_atim), toByteOffset: 40 - shift, as: UInt64.self)
        p.storeBytes(of: ns(st.st_mtim), toByteOffset: 48 - shift, as: UInt64.self)
        p.storeBytes(of: ns(st.st_ctim), toByteOffset: 56 - shift, as: UInt64.self)
    }

    /// Host timestamps for `futimens`/`utimensat` from WASI times and fstflags.
    static func timespecs(_ atim: UInt64, _ mtim: UInt64, _ fst: UInt32) throws(Errno) -> [timespec] {
        let flags = UInt16(truncatingIfNeeded: fst)
        guard fst & ~0xF == 0,
              !(flags & FSTFlags.atim != 0 && flags & FSTFlags.atimNow != 0),
              !(flags & FSTFlags.mtim != 0 && flags & FSTFlags.mtimNow != 0) else { throw .inval }
        func spec(_ t: UInt64, set: Bool, now: Bool) -> timespec {
            if now { return timespec(tv_sec: 0, tv_nsec: (1 << 30) - 1) }
            if set { return timespec(tv_sec: Int(t / 1_000_000_000), tv_nsec: Int(t % 1_000_000_000)) }
            return timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2)
        }
        return [spec(atim, set: flags & FSTFlags.atim != 0, now: flags & FSTFlags.atimNow != 0),
                spec(mtim, set: flags & FSTFlags.mtim != 0, now: flags & FSTFlags.mtimNow != 0)]
    }

    /// The host fd of a file-like (not directory) entry.
    static func fileFD(_ e: FDEntry) throws(Errno) -> Int32 {
        guard let h = e.hostFD else { throw .badf }
        return h
    }

    static func fdflags(_ e: FDEntry) -> UInt16 {
        guard let h = e.hostFD else { return e.flags }
        let fl = fcntl(h, F_GETFL)
        guard fl >= 0 else { return e.flags }
        var f: UInt16 = 0
        if fl & O_APPEND != 0 { f |= FDFlags.append }
        if fl & O_NONBLOCK != 0 { f |= FDFlags.nonblock }
        if fl & O_SYNC == O_SYNC { f |= FDFlags.sync | FDFlags.rsync } else if fl & O_DSYNC != 0 { f |= FDFlags.dsync }
        return f
    }

    static func read(_ e: FDEntry, _ iovs: [UnsafeMutableRawBufferPointer], offset: Int64?) throws(Errno) -> Int {
        switch e.backing {
        case .memory(let s):
            guard offset == nil else { throw .spipe }
            var total = 0
            for iov in iovs {
                let n = min(iov.count, s.bytes.count - s.position)
                if s.position >= s.bytes.count { break }
                if n == 0 { continue }  // an empty buffer first, as musl's stdio reads
                s.bytes.withUnsafeBytes { iov.baseAddress!.copyMemory(from: $0.baseAddress! + s.position, byteCount: n) }
                s.position += n
                total += n
            }
            return total
        case .host(let h, _):
            if e.filetype == FileType.directory { throw .isdir }
            let vecs = iovs.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
            return try vecs.withUnsafeBufferPointer { v throws(Errno) in
                if let offset { return try sys { preadv(h, v.baseAddress, Int32(v.count), Int(offset)) } }
                return try sys { readv(h, v.baseAddress, Int32(v.count)) }
            }
        }
    }

    static func write(_ e: FDEntry, _ iovs: [UnsafeMutableRawBufferPointer], offset: Int64?) throws(Errno) -> Int {
        switch e.backing {
        case .memory(let s):
            guard offset == nil else { throw .spipe }
            // Like the kernel, write at most 0x7ffff000 bytes per call.
            var total = 0
            for iov in iovs {
                let n = min(iov.count, 0x7fff_f000 - total)
                if !s.discard { s.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: iov[0..<n])) }
                total += n
                if total == 0x7fff_f000 { break }
            }
            return total
        case .host(let h, _):
            if e.filetype == FileType.directory { throw .isdir }
            let vecs = iovs.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
            return try vecs.withUnsafeBufferPointer { v throws(Errno) in
                if let offset {
                    // Linux ignores the offset of pwrite on O_APPEND files; WASI does not.
                    let fl = fcntl(h, F_GETFL)
                    if fl >= 0 && fl & O_APPEND != 0 {
                        _ = fcntl(h, F_SETFL, fl & ~O_APPEND)
                        defer { _ = fcntl(h, F_SETFL, fl) }
                        return try sys { pwritev(h, v.baseAddress, Int32(v.count), Int(offset)) }
                    }
                    return try sys { pwritev(h, v.baseAddress, Int32(v.count), Int(offset)) }
                }
                return try sys { writev(h, v.baseAddress, Int32(v.count)) }
            }
        }
    }

    /// Reads all entries of a directory, "." and ".." included.
    static func readDirectory(_ h: Int32) throws(Errno) -> [DirEntry] {
        let d = openat(h, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { throw Errno.fromHost() }
        guard let dir = fdopendir(d) else { close(d); throw Errno.fromHost() }
        defer { closedir(dir) }
        var result: [DirEntry] = []
        while true {
            errno = 0
            guard let ent = readdir(dir) else {
                if errno != 0 { throw Errno.fromHost() }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            var type: UInt8
            switch Int32(ent.pointee.d_type) {
            case Int32(DT_REG): type = FileType.regularFile
            case Int32(DT_DIR): type = FileType.directory
            case Int32(DT_LNK): type = FileType.symbolicLink
            case Int32(DT_CHR): type = FileType.characterDevice
            case Int32(DT_BLK): type = FileType.blockDevice
            case Int32(DT_SOCK): type = FileType.socketStream
            case Int32(DT_UNKNOWN):
                var st = stat()
                type = name.withUnsafeBufferPointer { _ in
                    let s = String(decoding: name, as: UTF8.self)
                    return fstatat(h, s, &st, AT_SYMLINK_NOFOLLOW) == 0 ? WASIContext.filetype(st.st_mode) : FileType.unknown
                }
            default: type = FileType.unknown
            }
            result.append(DirEntry(name: name, ino: UInt64(ent.pointee.d_ino), type: type))
        }
        return result
    }

    static func registerFD(_ t: inout [String: WASIFunction], _ version: WASIVersion) {
        define(&t, "fd_advise", "iIIi") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdAdvise)
            let advice: Int32
            switch c.i32(3) {
            case 0: advice = POSIX_FADV_NORMAL
            case 1: advice = POSIX_FADV_SEQUENTIAL
            case 2: advice = POSIX_FADV_RANDOM
            case 3: advice = POSIX_FADV_WILLNEED
            case 4: advice = POSIX_FADV_DONTNEED
            case 5: advice = POSIX_FADV_NOREUSE
            default: throw Errno.inval
            }
            guard Int64(bitPattern: c.i64(1)) >= 0, Int64(bitPattern: c.i64(2)) >= 0 else { throw Errno.inval }
            if e.filetype == FileType.directory { throw Errno.badf }
            guard let h = e.hostFD, e.filetype == FileType.regularFile else { return }
            let r = posix_fadvise(h, Int(c.i64(1)), Int(c.i64(2)), advice)
            if r != 0 { throw Errno.fromHost(r) }
        }
        define(&t, "fd_allocate", "iII") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdAllocate)
            guard e.filetype != FileType.directory else { throw Errno.badf }
            let h = try fileFD(e)
            let offset = Int64(bitPattern: c.i64(1)), len = Int64(bitPattern: c.i64(2))
            guard offset >= 0, len >= 0, offset <= Int64.max - len else { throw Errno.inval }
            var st = stat()
            _ = try sys { fstat(h, &st) }
            if offset + len > st.st_size { _ = try sys { ftruncate(h, Int(offset + len)) } }
        }
        define(&t, "fd_close", "i") { ctx, c in
            guard let e = ctx.fds.removeValue(forKey: c.i32(0)) else { throw Errno.badf }
            e.release()
            e.backing = .memory(MemoryStream(discard: true))
        }
        define(&t, "fd_datasync", "i") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdDatasync)
            guard let h = e.hostFD else { throw Errno.inval }
            _ = try sys { fdatasync(h) }
        }
        define(&t, "fd_sync", "i") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdSync)
            guard let h = e.hostFD else { throw Errno.inval }
            _ = try sys { fsync(h) }
        }
        define(&t, "fd_fdstat_get", "ii") { ctx, c in
            let e = try ctx.entry(c.i32(0))
            let p = try c.memory.pointer(c.i32(1), 24)
            p.storeBytes(of: UInt64(e.filetype), toByteOffset: 0, as: UInt64.self)
            p.storeBytes(of: fdflags(e), toByteOffset: 2, as: UInt16.self)
            p.storeBytes(of: e.rightsBase, toByteOffset: 8, as: UInt64.self)
            p.storeBytes(of: e.rightsInheriting, toByteOffset: 16, as: UInt64.self)
        }
        define(&t, "fd_fdstat_set_flags", "ii") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdFdstatSetFlags)
            let flags = UInt16(truncatingIfNeeded: c.i32(1))
            guard c.i32(1) & ~0x1F == 0 else { throw Errno.inval }
            guard let h = e.hostFD else { e.flags = flags; return }
            // Only append and nonblock can change after opening.
            let current = fdflags(e)
            let syncMask = FDFlags.dsync | FDFlags.rsync | FDFlags.sync
            if (flags & syncMask) != (current & syncMask) && flags & syncMask != 0 { throw Errno.notsup }
            var fl = try sys { fcntl(h, F_GETFL) }
            fl &= ~(O_APPEND | O_NONBLOCK)
            if flags & FDFlags.append != 0 { fl |= O_APPEND }
            if flags & FDFlags.nonblock != 0 { fl |= O_NONBLOCK }
            _ = try sys { fcntl(h, F_SETFL, fl) }
        }
        define(&t, "fd_fdstat_set_rights", "iII") { ctx, c in
            let e = try ctx.entry(c.i32(0))
            let base = c.i64(1), inheriting = c.i64(2)
            guard base & ~e.rightsBase == 0, inheriting & ~e.rightsInheriting == 0 else { throw Errno.notcapable }
            e.rightsBase = base
            e.rightsInheriting = inheriting
        }
        define(&t, "fd_filestat_get", "ii") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdFilestatGet)
            var st = stat()
            if let h = e.hostFD {
                _ = try sys { fstat(h, &st) }
            } else {
                st.st_mode = S_IFCHR
            }
            try writeFilestat(c.memory, c.i32(1), st, version)
            if e.hostFD == nil || e.filetype != WASIContext.filetype(st.st_mode) {
                try c.memory.store8(c.i32(1) + 16, e.filetype)
            }
        }
        define(&t, "fd_filestat_set_size", "iI") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdFilestatSetSize)
            guard e.filetype != FileType.directory else { throw Errno.badf }
            let h = try fileFD(e)
            guard Int64(bitPattern: c.i64(1)) >= 0 else { throw Errno.inval }
            _ = try sys { ftruncate(h, Int(Int64(bitPattern: c.i64(1)))) }
        }
        define(&t, "fd_filestat_set_times", "iIIi") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdFilestatSetTimes)
            let times = try timespecs(c.i64(1), c.i64(2), c.i32(3))
            guard let h = e.hostFD else { return }
            _ = try times.withUnsafeBufferPointer { p throws(Errno) in try sys { futimens(h, p.baseAddress) } }
        }
        define(&t, "fd_pread", "iiiIi") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdRead | Rights.fdSeek)
            let iovs = try c.memory.iovecs(c.i32(1), c.i32(2))
            _ = try c.memory.pointer(c.i32(4), 4)
            let offset = Int64(bitPattern: c.i64(3))
            guard offset >= 0 else { throw Errno.inval }
            let n = try read(e, iovs, offset: offset)
            try c.memory.store32(c.i32(4), UInt32(n))
        }
        define(&t, "fd_pwrite", "iiiIi") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdWrite | Rights.fdSeek)
            let iovs = try c.memory.iovecs(c.i32(1), c.i32(2))
            _ = try c.memory.pointer(c.i32(4), 4)
            let offset = Int64(bitPattern: c.i64(3))
            guard offset >= 0 else { throw Errno.inval }
            let n = try write(e, iovs, offset: offset)
            try c.memory.store32(c.i32(4), UInt32(n))
        }
        define(&t, "fd_read", "iiii") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdRead)
            let iovs = try c.memory.iovecs(c.i32(1), c.i32(2))
            _ = try c.memory.pointer(c.i32(3), 4)
            let n = try read(e, iovs, offset: nil)
            try c.memory.store32(c.i32(3), UInt32(n))
        }
        define(&t, "fd_write", "iiii") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdWrite)
            let iovs = try c.memory.iovecs(c.i32(1), c.i32(2))
            _ = try c.memory.pointer(c.i32(3), 4)
            let n = try write(e, iovs, offset: nil)
            try c.memory.store32(c.i32(3), UInt32(n))
        }
        define(&t, "fd_prestat_get", "ii") { ctx, c in
            let e = try ctx.entry(c.i32(0))
            guard let name = e.preopenPath else { throw Errno.badf }
            let p = try c.memory.pointer(c.i32(1), 8)
            p.storeBytes(of: UInt32(0), as: UInt32.self)
            p.storeBytes(of: UInt32(name.utf8.count), toByteOffset: 4, as: UInt32.self)
        }
        define(&t, "fd_prestat_dir_name", "iii") { ctx, c in
            let e = try ctx.entry(c.i32(0))
            guard let name = e.preopenPath else { throw Errno.badf }
            let bytes = Array(name.utf8)
            guard c.i32(2) >= UInt32(bytes.count) else { throw Errno.nametoolong }
            try c.memory.write(c.i32(1), bytes)
        }
        define(&t, "fd_readdir", "iiiIi") { ctx, c in
            let e = try ctx.entry(c.i32(0), Rights.fdReaddir)
            guard e.filetype == FileType.directory, let h = e.hostFD else { throw Errno.notdir }
            let buf = try c.memory.buffer(c.i32(1), c.i32(2))
            _ = try c.memory.pointer(c.i32(4), 4)
            let cookie = c.i64(3)
            if cookie == 0 || e.dirEntries == nil { e.dirEntries = try readDirectory(h) }
            let entries = e.dirEntries!
            var used = 0
            var index = cookie
            while index < UInt64(entries.count), used < buf.count {
                let ent = entries[Int(index)]
                var header = [UInt8](repeating: 0, count: 24)
                header.withUnsafeMutableBytes { p in
                    p.storeBytes(of: index + 1, toByteOffset: 0, as: UInt64.self)
                    p.storeBytes(of: ent.ino, toByteOffset: 8, as: UInt64.self)
                    p.storeBytes(of: UInt32(ent.name.count), toByteOffset: 16, as: UInt32.self)
                    p.storeBytes(of: ent.type, toByteOffset: 20, as: UInt8.self)
                }
                for byte in header + ent.name {
                    guard used < buf.count else { break }
                    buf[used] = byte
                    used += 1
                }
                index += 1
            }
            try c.memory.store32(c.i32(4), UInt32(used))
        }
        define(&t, "fd_renumber", "ii") { ctx, c in
            let from = c.i32(0), to = c.i32(1)
            guard let e = ctx.fds[from], let old = ctx.fds[to] else { throw Errno.badf }
            if from == to { return }
            ctx.fds[to] = e
            ctx.fds[from] = nil
            old.release()
            old.backing = .memory(MemoryStream(discard: true))
        }
        define(&t, "fd_seek", "iIii") { ctx, c in
            let e = try ctx.entry(c.i32(0))
            let offset = Int64(bitPattern: c.i64(1))
            let whence: Int32
            switch (c.i32(2), version) {
            case (0, .preview1), (2, .preview0): whence = SEEK_SET
            case (1, .preview1), (0, .preview0): whence = SEEK_CUR
            case (2, .preview1), (1, .preview0): whence = SEEK_END
            default: throw Errno.inval
            }
            let needed = offset == 0 && whence == SEEK_CUR ? Rights.fdTell : Rights.fdSeek
            if e.filetype == FileType.directory { throw Errno.badf }
            if e.rightsBase & needed == 0 { throw Errno.notcapable }
            _ = try c.memory.pointer(c.i32(3), 8)
            guard let h = e.hostFD else { throw Errno.spipe }
            let r = try sys { lseek(h, Int(offset), whence) }
            try c.memory.store64(c.i32(3), UInt64(r))
        }
        define(&t, "fd_tell", "ii") { ctx, c in
            let e = try ctx.entry(c.i32(0))
            if e.filetype == FileType.directory { throw Errno.badf }
            if e.rightsBase & Rights.fdTell == 0 { throw Errno.notcapable }
            _ = try c.memory.pointer(c.i32(1), 8)
            guard let h = e.hostFD else { throw Errno.spipe }
            let r = try sys { lseek(h, 0, SEEK_CUR) }
            try c.memory.store64(c.i32(1), UInt64(r))
        }
    }
}
