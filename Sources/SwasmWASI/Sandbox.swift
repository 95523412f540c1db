import Glibc

/// Resolution of guest paths beneath a directory file descriptor.
///
/// Guest paths never reach anything outside the directory they are
/// relative to: absolute paths, `..` above the start and symlinks whose
/// targets leave it (absolute or relative, dangling or looping) fail with
/// ENOTCAPABLE (or ELOOP). On Linux 5.6+ `openat2(RESOLVE_BENEATH)` does the
/// checking in the kernel; elsewhere a component-wise walk opens each
/// directory with O_NOFOLLOW and expands symlinks itself.
public enum Sandbox {
    /// Linux generic values (the same on x86-64 and arm64).
    static let O_PATH_: Int32 = 0o10000000
    static let AT_EMPTY_PATH_: Int32 = 0x1000
    static let RESOLVE_NO_MAGICLINKS: UInt64 = 0x02
    static let RESOLVE_BENEATH: UInt64 = 0x08
    static let SYS_openat2: Int = 437
    static let maxSymlinks = 40

    /// Whether `openat2` is used. Starts true when the kernel supports it;
    /// tests may set it to false to exercise the portable walk.
    /// `SWASM_WASI_PORTABLE_RESOLVE=1` in the environment forces the walk.
    nonisolated(unsafe) public static var useOpenat2: Bool =
        openat2Available && getenv("SWASM_WASI_PORTABLE_RESOLVE").map { String(cString: $0) } != "1"

    private typealias SyscallFn = @convention(c) (Int, Int, Int, Int, Int) -> Int
    /// `syscall(2)` is variadic, which Swift cannot call directly; on the
    /// Linux ABIs we support, integer arguments are passed the same way.
    private static let syscallFn: SyscallFn? = {
        guard let p = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syscall") else { return nil }
        return unsafeBitCast(p, to: SyscallFn.self)
    }()

    static let openat2Available: Bool = {
        #if os(Linux)
        guard syscallFn != nil else { return false }
        let r = rawOpenat2(AT_FDCWD, ".", flags: O_PATH_ | O_CLOEXEC, mode: 0)
        if r >= 0 { close(r); return true }
        return errno != ENOSYS && errno != EPERM
        #else
        return false
        #endif
    }()

    /// openat2 with RESOLVE_BENEATH; returns the fd or -1 with errno set.
    static func rawOpenat2(_ dirfd: Int32, _ path: String, flags: Int32, mode: mode_t) -> Int32 {
        guard let fn = syscallFn else { errno = ENOSYS; return -1 }
        // struct open_how { u64 flags; u64 mode; u64 resolve; }
        var how: (UInt64, UInt64, UInt64) = (UInt64(UInt32(bitPattern: flags)), UInt64(mode), RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)
        return path.withCString { cpath in
            withUnsafeMutablePointer(to: &how) { hp in
                Int32(truncatingIfNeeded: fn(SYS_openat2, Int(dirfd), Int(bitPattern: cpath), Int(bitPattern: hp), 24))
            }
        }
    }

    static func mapResolveError(_ e: Int32) -> Errno {
        e == EXDEV ? .notcapable : Errno.fromHost(e)
    }

    /// Opens `path` beneath `dirfd` with host open `flags` (O_CLOEXEC is
    /// added). A final symlink is followed only when `follow` is set.
    public static func open(_ dirfd: Int32, _ path: String, flags: Int32, mode: mode_t = 0o666, follow: Bool) throws(Errno) -> Int32 {
        if path.isEmpty { throw .noent }
        if path.utf8.first == UInt8(ascii: "/") { throw .notcapable }
        var f = flags | O_CLOEXEC
        if !follow { f |= O_NOFOLLOW }
        if useOpenat2 {
            for _ in 0..<16 {
                // openat2 rejects a mode without O_CREAT.
                let fd = rawOpenat2(dirfd, path, flags: f, mode: f & O_CREAT != 0 ? mode : 0)
                if fd >= 0 { return fd }
                let e = errno
                if e == EINTR || e == EAGAIN { continue }
                throw mapResolveError(e)
            }
            throw .again
        }
        // O_CREAT|O_EXCL never follows a final symlink (it exists: EEXIST), as openat2 does.
        let exclusive = flags & (O_CREAT | O_EXCL) == O_CREAT | O_EXCL
        let w = try walk(dirfd, path, followFinal: follow && !exclusive)
        defer { w.release() }
        let fd = Glibc.openat(w.fd, w.name, f | O_NOFOLLOW, mode)
        if fd < 0 { throw Errno.fromHost() }
        return fd
    }

    /// The directory that holds the last component of `path`, and that
    /// component's name (possibly with a trailing "/", or "." when the path
    /// names a directory through "." or ".."). Call `release()` when done.
    public struct Parent {
        public let fd: Int32
        let owned: Bool
        public let name: String
        public func release() { if owned { close(fd) } }
    }

    /// Resolves everything but the last component of `path` beneath `dirfd`.
    /// The last component is not followed if it is a symlink. A last
    /// component with a trailing slash that names a symlink fails with ENOTDIR.
    public static func parent(_ dirfd: Int32, _ path: String) throws(Errno) -> Parent {
        if path.isEmpty { throw .noent }
        if path.utf8.first == UInt8(ascii: "/") { throw .notcapable }
        var trimmed = Substring(path)
        var trailing = false
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast(); trailing = true }
        let dirPart: Substring
        let last: Substring
        if let slash = trimmed.lastIndex(of: "/") {
            dirPart = trimmed[..<slash]
            last = trimmed[trimmed.index(after: slash)...]
        } else {
            dirPart = ""
            last = trimmed
        }
        if last == "." || last == ".." {
            // Names a directory: resolve it completely.
            let fd = try open(dirfd, path, flags: O_PATH_ | O_DIRECTORY, follow: true)
            return Parent(fd: fd, owned: true, name: ".")
        }
        let parent: Parent
        if dirPart.isEmpty {
            parent = Parent(fd: dirfd, owned: false, name: String(last))
        } else if useOpenat2 {
            let fd = try open(dirfd, String(dirPart), flags: O_PATH_ | O_DIRECTORY, follow: true)
            parent = Parent(fd: fd, owned: true, name: String(last))
        } else {
            let w = try walk(dirfd, String(dirPart) + "/.", followFinal: true)
            parent = Parent(fd: w.fd, owned: w.owned, name: String(last))
        }
        if trailing {
            var st = stat()
            if fstatat(parent.fd, parent.name, &st, AT_SYMLINK_NOFOLLOW) == 0 {
                if st.st_mode & S_IFMT == S_IFLNK { parent.release(); throw .notdir }
            }
            return Parent(fd: parent.fd, owned: parent.owned, name: parent.name + "/")
        }
        return parent
    }

    /// Result of the portable walk: the directory holding `name`.
    struct Walk {
        let fd: Int32
        let owned: Bool
        let name: String
        func release() { if owned { close(fd) } }
    }

    /// Component-wise resolution with O_NOFOLLOW. When `followFinal` is set,
    /// the returned `name` is not a symlink (or does not exist).
    static func walk(_ base: Int32, _ path: String, followFinal: Bool) throws(Errno) -> Walk {
        if path.isEmpty { throw .noent }
        if path.utf8.first == UInt8(ascii: "/") { throw .notcapable }
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed() as [String]
        var trailing = path.hasSuffix("/")
        var stack: [Int32] = []
        var links = 0
        func cleanup(keepTop: Bool) {
            for (i, fd) in stack.enumerated() where !(keepTop && i == stack.count - 1) { close(fd) }
        }
        func finish(_ name: String) -> Walk {
            cleanup(keepTop: true)
            return Walk(fd: stack.last ?? base, owned: !stack.isEmpty, name: name)
        }
        while let c = components.popLast() {
            let isLast = components.isEmpty
            let top = stack.last ?? base
            if c == "." { if isLast { return finish(".") }; continue }
            if c == ".." {
                guard let fd = stack.popLast() else { cleanup(keepTop: false); throw .notcapable }
                close(fd)
                if isLast { return finish(".") }
                continue
            }
            if isLast && !followFinal && !trailing { return finish(c) }
            var st = stat()
            if fstatat(top, c, &st, AT_SYMLINK_NOFOLLOW) != 0 {
                let e = errno
                if e == ENOENT && isLast { return finish(trailing ? c + "/" : c) }
                cleanup(keepTop: false)
                throw Errno.fromHost(e)
            }
            if st.st_mode & S_IFMT == S_IFLNK {
                links += 1
                guard links <= maxSymlinks else { cleanup(keepTop: false); throw .loop }
                var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlinkat(top, c, &buf, buf.count - 1)
                guard n >= 0 else { let e = errno; cleanup(keepTop: false); throw Errno.fromHost(e) }
                let target = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if target.isEmpty { cleanup(keepTop: false); throw .noent }
                if target.hasPrefix("/") { cleanup(keepTop: false); throw .notcapable }
                if isLast && target.hasSuffix("/") { trailing = true }
                let parts = target.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                components.append(contentsOf: parts.isEmpty ? ["."] : parts.reversed())
                continue
            }
            if isLast {
                if trailing && st.st_mode & S_IFMT != S_IFDIR { cleanup(keepTop: false); throw .notdir }
                return finish(c)
            }
            guard st.st_mode & S_IFMT == S_IFDIR else { cleanup(keepTop: false); throw .notdir }
            let fd = openat(top, c, O_PATH_ | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { let e = errno; cleanup(keepTop: false); throw Errno.fromHost(e) }
            stack.append(fd)
            trailing = trailing && true
        }
        return finish(".")
    }
}
