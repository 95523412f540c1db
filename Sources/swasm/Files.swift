import Glibc

/// The bytes of the file at `path`, or nil (with `errno` telling why) when
/// it cannot be opened or read.
func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer {
        let saved = errno
        close(fd)
        errno = saved
    }
    return readToEnd(fd)
}

/// The bytes read from `fd` until end of file, or nil (with `errno` telling
/// why) when a read fails.
func readToEnd(_ fd: Int32) -> [UInt8]? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n == 0 { return bytes }
        if n < 0 {
            if errno == EINTR { continue }
            return nil
        }
        bytes.append(contentsOf: chunk[0..<n])
    }
}

/// Replaces the file at `path` with `bytes` atomically: writes a new file
/// (mode 0666 less the umask) in the same folder, syncs it and renames it
/// over `path`. Returns whether the file was written.
func writeFileAtomically(_ bytes: [UInt8], to path: String) -> Bool {
    let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    for attempt in 0..<100 {
        let temporary = "\(folder).swasm-\(getpid())-\(attempt).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if fd < 0 {
            if errno == EEXIST { continue }
            return false
        }
        defer { close(fd) }
        // fsync fails with EINVAL on files that cannot be synced (a fifo, a device).
        if writeAll(bytes, to: fd), bytes.isEmpty || fsync(fd) == 0 || errno == EINVAL, rename(temporary, path) == 0 {
            return true
        }
        unlink(temporary)
        return false
    }
    return false
}

/// Writes all of `bytes` to `fd`, retrying short and interrupted writes.
private func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}

/// The last component of a slash-separated path, trailing slashes ignored:
/// "a/b/" gives "b", "/" gives "/", "" gives "".
func lastPathComponent(_ path: String) -> String {
    guard let last = path.split(separator: "/").last else { return path.isEmpty ? "" : "/" }
    return String(last)
}
