import Glibc

/// path_* functions. Every path is resolved beneath its directory fd (see `Sandbox`).
extension WASI {
    static func path(_ c: WASICall, _ ptr: Int, _ len: Int) throws(Errno) -> String {
        try c.memory.string(c.i32(ptr), c.i32(len))
    }

    /// Runs `body` with the parent directory and last component of `path`.
    static func withParent<T>(_ dir: Int32, _ path: String, _ body: (Int32, String) throws(Errno) -> T) throws(Errno) -> T {
        let p = try Sandbox.parent(dir, path)
        defer { p.release() }
        return try body(p.fd, p.name)
    }

    /// stat of `path` beneath `dir`, following a final symlink when `follow` is set.
    static func statPath(_ dir: Int32, _ path: String, follow: Bool) throws(Errno) -> stat {
        var st = stat()
        if follow {
            let fd = try Sandbox.open(dir, path, flags: Sandbox.O_PATH_, follow: true)
            defer { close(fd) }
            _ = try sys { fstat(fd, &st) }
        } else {
            try withParent(dir, path) { (p, name) throws(Errno) in _ = try sys { fstatat(p, name, &st, AT_SYMLINK_NOFOLLOW) } }
        }
        return st
    }

    static func registerPath(_ t: inout [String: WASIFunction], _ version: WASIVersion) {
        define(&t, "path_create_directory", "iii") { ctx, c in
            let (_, dir) = try ctx.directory(c.i32(0), Rights.pathCreateDirectory)
            let path = try path(c, 1, 2)
            try withParent(dir, path) { (p, name) throws(Errno) in _ = try sys { mkdirat(p, name, 0o777) } }
        }
        define(&t, "path_remove_directory", "iii") { ctx, c in
            let (_, dir) = try ctx.directory(c.i32(0), Rights.pathRemoveDirectory)
            let path = try path(c, 1, 2)
            try withParent(dir, path) { (p, name) throws(Errno) in
                if name == "." { throw Errno.inval }
                _ = try sys { unlinkat(p, name, AT_REMOVEDIR) }
            }
        }
        define(&t, "path_unlink_file", "iii") { ctx, c in
            let (_, dir) = try ctx.directory(c.i32(0), Rights.pathUnlinkFile)
            let path = try path(c, 1, 2)
            try withParent(dir, path) { (p, name) throws(Errno) in
                if name == "." { throw Errno.isdir }
                if name.hasSuffix("/") {
                    var st = stat()
                    if fstatat(p, name, &st, AT_SYMLINK_NOFOLLOW) == 0 {
                        throw st.st_mode & S_IFMT == S_IFDIR ? Errno.isdir : Errno.notdir
                    }
                }
                _ = try sys { unlinkat(p, name, 0) }
            }
        }
        define(&t, "path_filestat_get", "iiiii") { ctx, c in
            let (_, dir) = try ctx.directory(c.i32(0), Rights.pathFilestatGet)
            let path = try path(c, 2, 3)
            _ = try c.memory.pointer(c.i32(4), filestatSize(version))
            let st = try statPath(dir, path, follow: c.i32(1) & LookupFlags.symlinkFollow != 0)
            try writeFilestat(c.memory, c.i32(4), st, version)
        }
        define(&t, "path_filestat_set_times", "iiiiIIi") { ctx, c in
            let (_, dir) = try ctx.directory(c.i32(0), Rights.pathFilestatSetTimes)
            let path = try path(c, 2, 3)
            let times = try timespecs(c.i64(4), c.i64(5), c.i32(6))
            if c.i32(1) & LookupFlags.symlinkFollow != 0 {
                let fd = try Sandbox.open(dir, path, flags: Sandbox.O_PATH_, follow: true)
                defer { close(fd) }
                _ = try times.withUnsafeBufferPointer { tp throws(Errno) in
                    try sys { utimensat(fd, "", tp.baseAddress, Sandbox.AT_EMPTY_PATH_) }
                }
            } else {
                try withParent(dir, path) { (p, name) throws(Errno) in
                    _ = try times.withUnsafeBufferPointer { tp throws(Errno) in
                        try sys { utimensat(p, name, tp.baseAddress, AT_SYMLINK_NOFOLLOW) }
                    }
                }
            }
        }
        define(&t, "path_link", "iiiiiii") { ctx, c in
            let (_, oldDir) = try ctx.directory(c.i32(0), Rights.pathLinkSource)
            let oldPath = try path(c, 2, 3)
            let (_, newDir) = try ctx.directory(c.i32(4), Rights.pathLinkTarget)
            let newPath = try path(c, 5, 6)
            if c.i32(1) & LookupFlags.symlinkFollow != 0 {
                // Link to what the symlink resolves to (beneath the directory).
                let fd = try Sandbox.open(oldDir, oldPath, flags: Sandbox.O_PATH_, follow: true)
                defer { close(fd) }
                try withParent(newDir, newPath) { (np, nn) throws(Errno) in
                    _ = try sys { linkat(AT_FDCWD, "/proc/self/fd/\(fd)", np, nn, AT_SYMLINK_FOLLOW) }
                }
            } else {
                try withParent(oldDir, oldPath) { (op, on) throws(Errno) in
                    try withParent(newDir, newPath) { (np, nn) throws(Errno) in
                        _ = try sys { linkat(op, on, np, nn, 0) }
                    }
                }
            }
        }
        define(&t, "path_open", "iiiiiIIii") { ctx, c in
            let (dirEntry, dir) = try ctx.directory(c.i32(0), Rights.pathOpen)
            let path = try path(c, 2, 3)
            let oflags = UInt16(truncatingIfNeeded: c.i32(4))
            let base = c.i64(5), inheriting = c.i64(6)
            let fdflags = UInt16(truncatingIfNeeded: c.i32(7))
            _ = try c.memory.pointer(c.i32(8), 4)
            guard c.i32(4) & ~0xF == 0, c.i32(7) & ~0x1F == 0 else { throw Errno.inval }
            var needed = Rights.pathOpen
            if oflags & OFlags.creat != 0 { needed |= Rights.pathCreateFile }
            if oflags & OFlags.trunc != 0 { needed |= Rights.pathFilestatSetSize }
            if dirEntry.rightsBase & needed != needed { throw Errno.notcapable }
            let effectiveBase = base & dirEntry.rightsInheriting
            let effectiveInheriting = inheriting & dirEntry.rightsInheriting

            var flags: Int32 = 0
            if oflags & OFlags.creat != 0 { flags |= O_CREAT }
            if oflags & OFlags.directory != 0 { flags |= O_DIRECTORY }
            if oflags & OFlags.excl != 0 { flags |= O_EXCL }
            if oflags & OFlags.trunc != 0 { flags |= O_TRUNC }
            if fdflags & FDFlags.append != 0 { flags |= O_APPEND }
            if fdflags & FDFlags.dsync != 0 { flags |= O_DSYNC }
            if fdflags & FDFlags.nonblock != 0 { flags |= O_NONBLOCK }
            if fdflags & (FDFlags.rsync | FDFlags.sync) != 0 { flags |= O_SYNC }
            let wantsRead = effectiveBase & Rights.readAccess != 0
            let wantsWrite = effectiveBase & Rights.writeAccess != 0
                || fdflags & FDFlags.append != 0 || oflags & OFlags.trunc != 0
            if oflags & OFlags.directory != 0 {
                if effectiveBase & Rights.fdWrite != 0 { throw Errno.isdir }
                flags |= O_RDONLY
            } else if wantsWrite {
                flags |= wantsRead ? O_RDWR : O_WRONLY
            } else {
                flags |= O_RDONLY
            }
            let follow = c.i32(1) & LookupFlags.symlinkFollow != 0
            var h: Int32
            do {
                h = try Sandbox.open(dir, path, flags: flags, follow: follow)
            } catch let e as Errno where e == .isdir && flags & (O_WRONLY | O_RDWR) != 0 && oflags & (OFlags.creat | OFlags.trunc) == 0 {
                // A directory opened with rights that suggest writing: open it read-only.
                h = try Sandbox.open(dir, path, flags: (flags & ~(O_WRONLY | O_RDWR | O_APPEND)) | O_RDONLY, follow: follow)
            }
            var st = stat()
            if fstat(h, &st) != 0 { let e = Errno.fromHost(); close(h); throw e }
            let type = WASIContext.filetype(st.st_mode)
            let typeRights: UInt64
            switch type {
            case FileType.directory: typeRights = Rights.directory
            case FileType.regularFile: typeRights = Rights.regularFile
            default: typeRights = Rights.stream
            }
            let entry = FDEntry(backing: .host(fd: h, closeOnRelease: true), filetype: type,
                                rightsBase: effectiveBase & typeRights, rightsInheriting: effectiveInheriting)
            try c.memory.store32(c.i32(8), ctx.allocate(entry))
        }
        define(&t, "path_readlink", "iiiiii") { ctx, c in
            let (_, dir) = try ctx.directory(c.i32(0), Rights.pathReadlink)
            let path = try path(c, 1, 2)
            let buf = try c.memory.buffer(c.i32(3), c.i32(4))
            _ = try c.memory.pointer(c.i32(5), 4)
            let target: [UInt8] = try withParent(dir, path) { (p, name) throws(Errno) in
                var tmp = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = try sys { readlinkat(p, name, &tmp, tmp.count) }
                return tmp[0..<n].map { UInt8(bitPattern: $0) }
            }
            let n = min(target.count, buf.count)
            for i in 0..<n { buf[i] = target[i] }
            try c.memory.store32(c.i32(5), UInt32(n))
        }
        define(&t, "path_rename", "iiiiii") { ctx, c in
            let (_, oldDir) = try ctx.directory(c.i32(0), Rights.pathRenameSource)
            let oldPath = try path(c, 1, 2)
            let (_, newDir) = try ctx.directory(c.i32(3), Rights.pathRenameTarget)
            let newPath = try path(c, 4, 5)
            try withParent(oldDir, oldPath) { (op, on) throws(Errno) in
                try withParent(newDir, newPath) { (np, nn) throws(Errno) in
                    if on == "." || nn == "." { throw Errno.busy }
                    _ = try sys { renameat(op, on, np, nn) }
                }
            }
        }
        define(&t, "path_symlink", "iiiii") { ctx, c in
            let target = try path(c, 0, 1)
            // A symlink to an absolute path could never resolve inside the sandbox.
            if target.hasPrefix("/") { throw Errno.perm }
            let (_, dir) = try ctx.directory(c.i32(2), Rights.pathSymlink)
            let newPath = try path(c, 3, 4)
            try withParent(dir, newPath) { (p, name) throws(Errno) in
                _ = try sys { symlinkat(target, p, name) }
            }
        }
    }
}
