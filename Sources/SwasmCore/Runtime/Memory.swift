import Glibc
import Synchronization

/// A linear memory. 32-bit memories reserve their whole 4 GiB address range
/// plus a guard region up front (PROT_NONE) and make pages accessible as
/// they grow, so the base address never moves.
public final class Memory {
    public let type: MemoryType
    public let vm: UnsafeMutablePointer<VMMemory>
    let reservation: Int
    /// Whether the 4 GiB + guard reservation was made, so machine code may
    /// skip bounds checks; false for memory64 and when address space ran out.
    public let isGuarded: Bool
    /// Largest size in bytes this memory may reach (type max and store limit).
    let maxBytes: UInt64
    /// The store that created the memory: nil once it is deleted, which a
    /// shared memory outlives in the stores of other threads.
    private(set) weak var store: Store?
    /// The engine of that store (for a shared memory, of every store using it).
    let engine: Engine
    /// Threads blocked in `memory.atomic.wait32/64` (shared memories only).
    let waiters: WaiterQueue?
    /// Serializes growth: threads sharing a memory may grow it at once, and
    /// each growth must start from the size the previous one left. (Taken
    /// for unshared memories too, where it is never contended.)
    private let growLock = Mutex(())

    /// 4 GiB of addressable space plus a 4 GiB guard: any 32-bit address plus
    /// a 32-bit offset lands inside the reservation.
    static let reservation32 = 8 << 30
    /// Whether this process can currently reserve a guarded 32-bit memory
    /// (compiled code then omits bounds checks on memory 0).
    static let canReserveGuardRegions: Bool = {
        let p = mmap(nil, reservation32, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let p, p != MAP_FAILED else { return false }
        munmap(p, reservation32)
        return true
    }()

    /// Bytes reserved (at least the initial size) when `reservation32` is not available.
    static let fallbackReservation: UInt64 = 16 << 20

    /// `reserveGuard: false` skips the guarded reservation (as when address space ran out).
    init(store: Store, type: MemoryType, reserveGuard: Bool = true) throws(WasmError) {
        self.store = store
        engine = store.engine
        self.type = type
        waiters = type.limits.shared ? WaiterQueue() : nil
        let pageSize = UInt64(1) << UInt64(type.pageSizeLog2)
        // A 32-bit memory's page count is a u32 (with 1-byte pages, at most 2^32 - 1).
        let typeMax = type.limits.max ?? (type.limits.is64 ? UInt64(1) << 48 : min((UInt64(1) << 32) / pageSize, UInt64(UInt32.max)))
        let (byteMax, overflow) = typeMax.multipliedReportingOverflow(by: pageSize)
        var max = overflow ? UInt64.max : byteMax
        if let limit = store.memoryLimit { max = Swift.min(max, UInt64(limit)) }
        // memory64 is bounds-checked explicitly; reserve what it may use up to 16 GiB.
        max = Swift.min(max, UInt64(1) << 34)
        let initial = type.limits.min.multipliedReportingOverflow(by: pageSize)
        guard !initial.overflow, initial.partialValue <= max else {
            throw WasmError(.other, "memory of \(type.limits.min) pages exceeds the allowed size")
        }
        // Preferred: the whole guarded range. When the address space is short
        // (valgrind, ulimit -v, very many memories) fall back to a small
        // unguarded reservation; growth then stops at the reservation, as the
        // spec allows memory.grow to fail.
        var size = type.limits.is64 ? Int(max) + (1 << 16) : Self.reservation32
        var p = reserveGuard || type.limits.is64 ? mmap(nil, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) : MAP_FAILED
        isGuarded = !type.limits.is64 && p != MAP_FAILED
        if p == MAP_FAILED {
            let sysPage = 4096
            let modest = Swift.max(initial.partialValue, Swift.min(max, Self.fallbackReservation))
            size = Swift.max((Int(modest) + sysPage - 1) & ~(sysPage - 1), sysPage)
            p = mmap(nil, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            max = Swift.min(max, UInt64(size))
        }
        guard let p, p != MAP_FAILED else {
            throw WasmError(.other, "cannot reserve address space for a linear memory")
        }
        // Transparent huge pages where the kernel leaves them to madvise: a
        // guest spread over tens of MB then misses the TLB far less (int_hash
        // -6%). Only a 2 MiB-aligned range within the accessible part gets a
        // huge page, so a small memory still takes 4 KiB pages.
        madvise(p, size, MADV_HUGEPAGE)
        reservation = size
        maxBytes = max
        vm = .allocate(capacity: 1)
        vm.initialize(to: VMMemory(base: p, length: 0))
        guard setAccessible(bytes: initial.partialValue) else {
            munmap(p, reservation)
            vm.deallocate()
            throw WasmError(.other, "cannot allocate \(initial.partialValue) bytes of linear memory")
        }
    }

    deinit {
        munmap(vm.pointee.base, reservation)
        vm.deallocate()
    }

    /// Makes the first `bytes` bytes accessible, then publishes them as the
    /// length. Callers hold `growLock` (or own the memory alone, in `init`).
    private func setAccessible(bytes: UInt64) -> Bool {
        let old = vm.currentLength
        if bytes > old {
            let sysPage: UInt64 = 4096
            let start = old & ~(sysPage - 1)
            let end = (bytes + sysPage - 1) & ~(sysPage - 1)
            if end > start, mprotect(vm.pointee.base + Int(start), Int(end - start), PROT_READ | PROT_WRITE) != 0 {
                return false
            }
        }
        vm.publishLength(bytes)
        return true
    }

    public var pageSize: UInt64 { UInt64(1) << UInt64(type.pageSizeLog2) }
    public var data: UnsafeMutableRawPointer { vm.pointee.base }
    public var byteCount: UInt64 { vm.currentLength }
    public var pageCount: UInt64 { vm.currentLength >> UInt64(type.pageSizeLog2) }

    /// The current type (limits with the current size as minimum), for import matching.
    public var currentType: MemoryType {
        var t = type
        t.limits.min = pageCount
        return t
    }

    /// Grows by `delta` pages; returns the old size in pages, or nil on
    /// failure. Thread-safe: concurrent growths of a shared memory each
    /// take effect, one after the other.
    public func grow(by delta: UInt64) -> UInt64? {
        growLock.withLock { _ in growLocked(by: delta) }
    }

    /// `grow(by:)` under `growLock`.
    private func growLocked(by delta: UInt64) -> UInt64? {
        let old = pageCount
        let (newPages, o1) = old.addingReportingOverflow(delta)
        guard !o1 else { return nil }
        if let max = type.limits.max, newPages > max { return nil }
        let (newBytes, o2) = newPages.multipliedReportingOverflow(by: pageSize)
        guard !o2, newBytes <= maxBytes else { return nil }
        guard setAccessible(bytes: newBytes) else { return nil }
        return old
    }
}
