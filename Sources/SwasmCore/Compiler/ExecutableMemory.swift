import Glibc

/// All machine code of the process lives in one address range reserved up
/// front, so the signal handler can tell "our" PCs with two compares and no
/// locks. Pages are handed out first-fit, written, then made read+execute
/// (W^X: never writable and executable at once).
enum ExecutableMemory {
    /// Reserved bytes of address space (not memory: pages are committed as used).
    static let reservation = 1 << 30
    static let pageSize = 4096

    private static var lock = pthread_mutex_t()
    /// Free page ranges (start page, page count), sorted by start.
    private static var free: [(start: Int, count: Int)] = []
    /// Start of the reservation; 0 until the first allocation.
    nonisolated(unsafe) static var base: UInt = 0

    /// Whether `pc` lies in machine code of this process. Safe in a signal handler.
    @inline(__always) static func contains(_ pc: UInt) -> Bool {
        let b = base
        return b != 0 && pc >= b && pc < b + UInt(reservation)
    }

    private static let reserve: Void = {
        pthread_mutex_init(&lock, nil)
        let p = mmap(nil, reservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        if let p, p != MAP_FAILED {
            base = UInt(bitPattern: p)
            free = [(0, reservation / pageSize)]
        }
    }()

    /// Copies `bytes` into fresh executable pages; returns their address.
    static func install(_ bytes: [UInt8]) throws(WasmError) -> UnsafeMutableRawPointer {
        _ = reserve
        guard base != 0 else { throw WasmError(.other, "cannot reserve address space for machine code") }
        let pages = max((bytes.count + pageSize - 1) / pageSize, 1)
        pthread_mutex_lock(&lock)
        let slot = free.firstIndex { $0.count >= pages }
        var start = -1
        if let slot {
            start = free[slot].start
            if free[slot].count == pages { free.remove(at: slot) } else { free[slot] = (start + pages, free[slot].count - pages) }
        }
        pthread_mutex_unlock(&lock)
        guard start >= 0 else { throw WasmError(.other, "out of address space for machine code (\(reservation >> 20) MiB)") }
        let p = UnsafeMutableRawPointer(bitPattern: base + UInt(start * pageSize))!
        let size = pages * pageSize
        guard mprotect(p, size, PROT_READ | PROT_WRITE) == 0 else {
            release(p, byteCount: bytes.count)
            throw WasmError(.other, "cannot commit memory for machine code")
        }
        bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        guard mprotect(p, size, PROT_READ | PROT_EXEC) == 0 else {
            release(p, byteCount: bytes.count)
            throw WasmError(.other, "cannot make machine code executable")
        }
        return p
    }

    /// Returns pages from `install` to the pool (inaccessible again).
    static func release(_ p: UnsafeMutableRawPointer, byteCount: Int) {
        let pages = max((byteCount + pageSize - 1) / pageSize, 1)
        _ = mmap(p, pages * pageSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0)
        let start = Int(UInt(bitPattern: p) - base) / pageSize
        pthread_mutex_lock(&lock)
        var i = free.firstIndex { $0.start > start } ?? free.count
        free.insert((start, pages), at: i)
        if i + 1 < free.count, free[i].start + free[i].count == free[i + 1].start {
            free[i].count += free[i + 1].count
            free.remove(at: i + 1)
        }
        if i > 0, free[i - 1].start + free[i - 1].count == free[i].start {
            free[i - 1].count += free[i].count
            free.remove(at: i)
            i -= 1
        }
        pthread_mutex_unlock(&lock)
    }
}
