/// WASI preview1 constants and small value types (see the witx definitions
/// of `wasi_snapshot_preview1`).

/// A WASI error number. Host functions return it as their i32 result.
public struct Errno: Error, Equatable, CustomStringConvertible, Sendable {
    public let rawValue: UInt16
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    public static let success = Errno(0)
    public static let toobig = Errno(1)
    public static let acces = Errno(2)
    public static let again = Errno(6)
    public static let badf = Errno(8)
    public static let busy = Errno(10)
    public static let exist = Errno(20)
    public static let fault = Errno(21)
    public static let fbig = Errno(22)
    public static let ilseq = Errno(25)
    public static let intr = Errno(27)
    public static let inval = Errno(28)
    public static let io = Errno(29)
    public static let isdir = Errno(31)
    public static let loop = Errno(32)
    public static let mfile = Errno(33)
    public static let mlink = Errno(34)
    public static let nametoolong = Errno(37)
    public static let noent = Errno(44)
    public static let nomem = Errno(48)
    public static let nospc = Errno(51)
    public static let nosys = Errno(52)
    public static let notdir = Errno(54)
    public static let notempty = Errno(55)
    public static let notsock = Errno(57)
    public static let notsup = Errno(58)
    public static let notty = Errno(59)
    public static let overflow = Errno(61)
    public static let perm = Errno(63)
    public static let pipe = Errno(64)
    public static let rofs = Errno(69)
    public static let spipe = Errno(70)
    public static let xdev = Errno(75)
    public static let notcapable = Errno(76)

    public var description: String { "errno \(rawValue)" }
}

/// Rights bits (`rights` in witx).
public enum Rights {
    public static let fdDatasync: UInt64 = 1 << 0
    public static let fdRead: UInt64 = 1 << 1
    public static let fdSeek: UInt64 = 1 << 2
    public static let fdFdstatSetFlags: UInt64 = 1 << 3
    public static let fdSync: UInt64 = 1 << 4
    public static let fdTell: UInt64 = 1 << 5
    public static let fdWrite: UInt64 = 1 << 6
    public static let fdAdvise: UInt64 = 1 << 7
    public static let fdAllocate: UInt64 = 1 << 8
    public static let pathCreateDirectory: UInt64 = 1 << 9
    public static let pathCreateFile: UInt64 = 1 << 10
    public static let pathLinkSource: UInt64 = 1 << 11
    public static let pathLinkTarget: UInt64 = 1 << 12
    public static let pathOpen: UInt64 = 1 << 13
    public static let fdReaddir: UInt64 = 1 << 14
    public static let pathReadlink: UInt64 = 1 << 15
    public static let pathRenameSource: UInt64 = 1 << 16
    public static let pathRenameTarget: UInt64 = 1 << 17
    public static let pathFilestatGet: UInt64 = 1 << 18
    public static let pathFilestatSetSize: UInt64 = 1 << 19
    public static let pathFilestatSetTimes: UInt64 = 1 << 20
    public static let fdFilestatGet: UInt64 = 1 << 21
    public static let fdFilestatSetSize: UInt64 = 1 << 22
    public static let fdFilestatSetTimes: UInt64 = 1 << 23
    public static let pathSymlink: UInt64 = 1 << 24
    public static let pathRemoveDirectory: UInt64 = 1 << 25
    public static let pathUnlinkFile: UInt64 = 1 << 26
    public static let pollFdReadwrite: UInt64 = 1 << 27
    public static let sockShutdown: UInt64 = 1 << 28
    public static let sockAccept: UInt64 = 1 << 29
    public static let all: UInt64 = (1 << 30) - 1

    /// Rights that make sense on a regular file.
    public static let regularFile: UInt64 = fdDatasync | fdRead | fdSeek | fdFdstatSetFlags | fdSync | fdTell
        | fdWrite | fdAdvise | fdAllocate | fdFilestatGet | fdFilestatSetSize | fdFilestatSetTimes | pollFdReadwrite
    /// Rights that make sense on a directory.
    public static let directory: UInt64 = fdFdstatSetFlags | fdSync | fdDatasync | fdAdvise | pathCreateDirectory
        | pathCreateFile | pathLinkSource | pathLinkTarget | pathOpen | fdReaddir | pathReadlink | pathRenameSource
        | pathRenameTarget | pathFilestatGet | pathFilestatSetSize | pathFilestatSetTimes | fdFilestatGet
        | fdFilestatSetTimes | pathSymlink | pathRemoveDirectory | pathUnlinkFile
    /// Rights of a stream (terminal, pipe): no seek or tell, so `isatty` works.
    public static let stream: UInt64 = fdRead | fdWrite | fdFdstatSetFlags | fdFilestatGet | pollFdReadwrite
        | fdSync | fdDatasync | fdAdvise | fdFilestatSetSize | fdFilestatSetTimes
    /// Rights that need write access to the host file.
    static let writeAccess: UInt64 = fdWrite | fdDatasync | fdAllocate | fdFilestatSetSize
    /// Rights that need read access to the host file.
    static let readAccess: UInt64 = fdRead | fdReaddir
}

public enum FileType {
    public static let unknown: UInt8 = 0
    public static let blockDevice: UInt8 = 1
    public static let characterDevice: UInt8 = 2
    public static let directory: UInt8 = 3
    public static let regularFile: UInt8 = 4
    public static let socketDgram: UInt8 = 5
    public static let socketStream: UInt8 = 6
    public static let symbolicLink: UInt8 = 7
}

enum FDFlags {
    static let append: UInt16 = 1
    static let dsync: UInt16 = 2
    static let nonblock: UInt16 = 4
    static let rsync: UInt16 = 8
    static let sync: UInt16 = 16
}

enum OFlags {
    static let creat: UInt16 = 1
    static let directory: UInt16 = 2
    static let excl: UInt16 = 4
    static let trunc: UInt16 = 8
}

enum FSTFlags {
    static let atim: UInt16 = 1
    static let atimNow: UInt16 = 2
    static let mtim: UInt16 = 4
    static let mtimNow: UInt16 = 8
}

enum LookupFlags {
    static let symlinkFollow: UInt32 = 1
}
