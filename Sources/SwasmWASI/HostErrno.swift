import Glibc

extension Errno {
    /// The WASI errno for a host `errno` value.
    static func fromHost(_ e: Int32 = Glibc.errno) -> Errno {
        switch e {
        case 0: return .success
        case E2BIG: return .toobig
        case EACCES: return .acces
        case EADDRINUSE: return Errno(3)
        case EADDRNOTAVAIL: return Errno(4)
        case EAFNOSUPPORT: return Errno(5)
        case EAGAIN: return .again
        case EALREADY: return Errno(7)
        case EBADF: return .badf
        case EBADMSG: return Errno(9)
        case EBUSY: return .busy
        case ECANCELED: return Errno(11)
        case ECHILD: return Errno(12)
        case ECONNABORTED: return Errno(13)
        case ECONNREFUSED: return Errno(14)
        case ECONNRESET: return Errno(15)
        case EDEADLK: return Errno(16)
        case EDESTADDRREQ: return Errno(17)
        case EDOM: return Errno(18)
        case EDQUOT: return Errno(19)
        case EEXIST: return .exist
        case EFAULT: return .fault
        case EFBIG: return .fbig
        case EHOSTUNREACH: return Errno(23)
        case EIDRM: return Errno(24)
        case EILSEQ: return .ilseq
        case EINPROGRESS: return Errno(26)
        case EINTR: return .intr
        case EINVAL: return .inval
        case EIO: return .io
        case EISCONN: return Errno(30)
        case EISDIR: return .isdir
        case ELOOP: return .loop
        case EMFILE: return .mfile
        case EMLINK: return .mlink
        case EMSGSIZE: return Errno(35)
        case EMULTIHOP: return Errno(36)
        case ENAMETOOLONG: return .nametoolong
        case ENETDOWN: return Errno(38)
        case ENETRESET: return Errno(39)
        case ENETUNREACH: return Errno(40)
        case ENFILE: return Errno(41)
        case ENOBUFS: return Errno(42)
        case ENODEV: return Errno(43)
        case ENOENT: return .noent
        case ENOEXEC: return Errno(45)
        case ENOLCK: return Errno(46)
        case ENOLINK: return Errno(47)
        case ENOMEM: return .nomem
        case ENOMSG: return Errno(49)
        case ENOPROTOOPT: return Errno(50)
        case ENOSPC: return .nospc
        case ENOSYS: return .nosys
        case ENOTCONN: return Errno(53)
        case ENOTDIR: return .notdir
        case ENOTEMPTY: return .notempty
        case ENOTRECOVERABLE: return Errno(56)
        case ENOTSOCK: return .notsock
        case ENOTSUP: return .notsup
        case ENOTTY: return .notty
        case ENXIO: return Errno(60)
        case EOVERFLOW: return .overflow
        case EOWNERDEAD: return Errno(62)
        case EPERM: return .perm
        case EPIPE: return .pipe
        case EPROTO: return Errno(65)
        case EPROTONOSUPPORT: return Errno(66)
        case EPROTOTYPE: return Errno(67)
        case ERANGE: return Errno(68)
        case EROFS: return .rofs
        case ESPIPE: return .spipe
        case ESRCH: return Errno(71)
        case ESTALE: return Errno(72)
        case ETIMEDOUT: return Errno(73)
        case ETXTBSY: return Errno(74)
        case EXDEV: return .xdev
        default: return .io
        }
    }
}

/// Calls a host function that returns -1 and sets errno on failure, retrying on EINTR.
@inline(__always) func sys<T: BinaryInteger>(_ body: () -> T) throws(Errno) -> T {
    while true {
        let r = body()
        if r >= 0 { return r }
        let e = errno
        if e == EINTR { continue }
        throw Errno.fromHost(e)
    }
}
