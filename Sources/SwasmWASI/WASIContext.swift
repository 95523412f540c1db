import Glibc

/// Where a standard stream of the guest goes.
public enum StdioSource {
    /// This process's own stream (fd 0, 1 or 2).
    case inherit
    /// A host file (stdin: opened for reading; stdout/stderr: created or truncated).
    case file(String)
    /// stdin only: reads these bytes, then end of file.
    case bytes([UInt8])
    /// Reads nothing (stdin) or drops everything written (stdout/stderr).
    case null
    /// stdout/stderr: kept in memory, see `WASIContext.captured(fd:)`.
    case capture
}

/// An in-memory stream: stdin bytes or captured output.
final class MemoryStream {
    var bytes: [UInt8]
    var position = 0
    let discard: Bool
    init(bytes: [UInt8] = [], discard: Bool = false) {
        self.bytes = bytes
        self.discard = discard
    }
}

/// One open file descriptor of the guest.
final class FDEntry {
    enum Backing {
        /// A host file descriptor; `closeOnRelease` is false for inherited stdio.
        case host(fd: Int32, closeOnRelease: Bool)
        case memory(MemoryStream)
    }

    var backing: Backing
    var filetype: UInt8
    var rightsBase: UInt64
    var rightsInheriting: UInt64
    /// fdflags the host cannot report (kept for memory streams).
    var flags: UInt16 = 0
    /// Guest name of a preopened directory.
    var preopenPath: String?
    /// Entries read by the last fd_readdir with cookie 0.
    var dirEntries: [DirEntry]?

    init(backing: Backing, filetype: UInt8, rightsBase: UInt64, rightsInheriting: UInt64) {
        self.backing = backing
        self.filetype = filetype
        self.rightsBase = rightsBase
        self.rightsInheriting = rightsInheriting
    }

    var hostFD: Int32? {
        if case .host(let fd, _) = backing { return fd }
        return nil
    }

    func release() {
        if case .host(let fd, true) = backing { close(fd) }
    }

    deinit { release() }
}

struct DirEntry {
    var name: [UInt8]
    var ino: UInt64
    var type: UInt8
}

/// The state of one WASI program: arguments, environment, preopened
/// directories and open files. Use one context per instance.
public final class WASIContext {
    public var arguments: [String]
    /// `KEY=VALUE` strings.
    public var environment: [String]
    /// The status passed to `proc_exit`, once the program called it.
    public internal(set) var exitCode: Int32?
    var fds: [UInt32: FDEntry] = [:]
    var nextFD: UInt32 = 3

    /// Creates a context. stdio defaults to nothing in, output dropped.
    public init(arguments: [String] = [], environment: [String] = [],
                stdin: StdioSource = .null, stdout: StdioSource = .null, stderr: StdioSource = .null) throws(Errno) {
        self.arguments = arguments
        self.environment = environment
        try setStdio(0, stdin)
        try setStdio(1, stdout)
        try setStdio(2, stderr)
    }

    /// Replaces stdin (0), stdout (1) or stderr (2).
    public func setStdio(_ fd: UInt32, _ source: StdioSource) throws(Errno) {
        let isInput = fd == 0
        let entry: FDEntry
        switch source {
        case .inherit:
            entry = FDEntry(backing: .host(fd: Int32(fd), closeOnRelease: false), filetype: FileType.characterDevice,
                            rightsBase: Rights.stream, rightsInheriting: 0)
            Self.describeHost(entry, Int32(fd))
        case .file(let path):
            let h = isInput ? Glibc.open(path, O_RDONLY | O_CLOEXEC) : Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard h >= 0 else { throw Errno.fromHost() }
            entry = FDEntry(backing: .host(fd: h, closeOnRelease: true), filetype: FileType.regularFile,
                            rightsBase: Rights.stream, rightsInheriting: 0)
            Self.describeHost(entry, h)
        case .bytes(let b):
            entry = FDEntry(backing: .memory(MemoryStream(bytes: b)), filetype: FileType.characterDevice,
                            rightsBase: Rights.stream, rightsInheriting: 0)
        case .null:
            entry = FDEntry(backing: .memory(MemoryStream(discard: true)), filetype: FileType.characterDevice,
                            rightsBase: Rights.stream, rightsInheriting: 0)
        case .capture:
            entry = FDEntry(backing: .memory(MemoryStream()), filetype: FileType.characterDevice,
                            rightsBase: Rights.stream, rightsInheriting: 0)
        }
        fds[fd] = entry
    }

    /// Sets filetype and rights of an entry from the host file it wraps.
    static func describeHost(_ entry: FDEntry, _ fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return }
        entry.filetype = filetype(st.st_mode)
        switch entry.filetype {
        case FileType.regularFile: entry.rightsBase = Rights.regularFile
        case FileType.directory: entry.rightsBase = Rights.directory; entry.rightsInheriting = Rights.all
        default: entry.rightsBase = Rights.stream
        }
    }

    /// What a stdout/stderr configured with `.capture` received.
    public func captured(fd: UInt32) -> [UInt8] {
        if case .memory(let s)? = fds[fd]?.backing { return s.bytes }
        return []
    }

    /// Makes host directory `hostPath` visible to the guest as `guestPath`,
    /// with the rights `permissions` give it and the files beneath.
    @discardableResult
    public func preopen(hostPath: String, guestPath: String, permissions: PreopenPermissions = .all) throws(Errno) -> UInt32 {
        let h = Glibc.open(hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard h >= 0 else { throw Errno.fromHost() }
        let (rights, inheriting) = permissions.rights
        return preopen(hostFD: h, guestPath: guestPath, rights: rights, inheriting: inheriting)
    }

    /// Adds an already open host directory (the context takes ownership).
    @discardableResult
    public func preopen(hostFD: Int32, guestPath: String, rights: UInt64 = Rights.directory, inheriting: UInt64 = Rights.all) -> UInt32 {
        let entry = FDEntry(backing: .host(fd: hostFD, closeOnRelease: true), filetype: FileType.directory,
                            rightsBase: rights, rightsInheriting: inheriting)
        entry.preopenPath = guestPath
        let fd = allocate(entry)
        return fd
    }


    func allocate(_ entry: FDEntry) -> UInt32 {
        while fds[nextFD] != nil { nextFD &+= 1 }
        let fd = nextFD
        fds[fd] = entry
        nextFD &+= 1
        return fd
    }

    /// The entry for `fd` with all of `rights`; EBADF / ENOTCAPABLE otherwise.
    func entry(_ fd: UInt32, _ rights: UInt64 = 0) throws(Errno) -> FDEntry {
        guard let e = fds[fd] else { throw .badf }
        if e.rightsBase & rights != rights { throw .notcapable }
        return e
    }

    /// The host fd of a directory entry with `rights`.
    func directory(_ fd: UInt32, _ rights: UInt64) throws(Errno) -> (FDEntry, Int32) {
        guard let e = fds[fd] else { throw .badf }
        guard e.filetype == FileType.directory, let h = e.hostFD else { throw .notdir }
        if e.rightsBase & rights != rights { throw .notcapable }
        return (e, h)
    }

    static func filetype(_ mode: mode_t) -> UInt8 {
        switch mode & S_IFMT {
        case S_IFREG: return FileType.regularFile
        case S_IFDIR: return FileType.directory
        case S_IFLNK: return FileType.symbolicLink
        case S_IFCHR: return FileType.characterDevice
        case S_IFBLK: return FileType.blockDevice
        case S_IFSOCK: return FileType.socketStream
        default: return FileType.unknown
        }
    }
}

/// What the guest may do in a preopened directory (`readDirectory`,
/// `writeDirectory`: list and look up entries; create, rename and remove them)
/// and with the files beneath it (`readFiles`, `writeFiles`), as wasmtime's
/// `DirPerms` and `FilePerms`.
public struct PreopenPermissions: Sendable, Equatable {
    public var readDirectory: Bool
    public var writeDirectory: Bool
    public var readFiles: Bool
    public var writeFiles: Bool

    public init(readDirectory: Bool = true, writeDirectory: Bool = true, readFiles: Bool = true, writeFiles: Bool = true) {
        self.readDirectory = readDirectory
        self.writeDirectory = writeDirectory
        self.readFiles = readFiles
        self.writeFiles = writeFiles
    }

    public static let all = PreopenPermissions()
    public static let readOnly = PreopenPermissions(writeDirectory: false, writeFiles: false)

    /// The preopen's rights, and those it passes on to what is opened beneath it.
    var rights: (base: UInt64, inheriting: UInt64) {
        if self == .all { return (Rights.directory, Rights.all) }
        var directory = Rights.pathOpen | Rights.fdFilestatGet | Rights.fdFdstatSetFlags | Rights.fdSync | Rights.fdAdvise
        if readDirectory { directory |= Rights.fdReaddir | Rights.pathReadlink | Rights.pathFilestatGet }
        if writeDirectory {
            directory |= Rights.pathCreateDirectory | Rights.pathCreateFile | Rights.pathLinkSource | Rights.pathLinkTarget
                | Rights.pathRenameSource | Rights.pathRenameTarget | Rights.pathSymlink | Rights.pathRemoveDirectory
                | Rights.pathUnlinkFile | Rights.pathFilestatSetTimes
        }
        if writeFiles { directory |= Rights.pathFilestatSetSize }  // opening with O_TRUNC
        var file = Rights.fdSeek | Rights.fdTell | Rights.fdAdvise | Rights.fdFilestatGet | Rights.fdFdstatSetFlags
            | Rights.pollFdReadwrite
        if readFiles { file |= Rights.fdRead }
        if writeFiles {
            file |= Rights.fdWrite | Rights.fdDatasync | Rights.fdSync | Rights.fdAllocate | Rights.fdFilestatSetSize
                | Rights.fdFilestatSetTimes
        }
        return (directory, directory | file)
    }
}
