import Glibc

/// clock_res_get, clock_time_get.
extension WASI {
    static func hostClock(_ id: UInt32) throws(Errno) -> clockid_t {
        switch id {
        case 0: return CLOCK_REALTIME
        case 1: return CLOCK_MONOTONIC
        case 2: return CLOCK_PROCESS_CPUTIME_ID
        case 3: return CLOCK_THREAD_CPUTIME_ID
        default: throw .inval
        }
    }

    static func now(_ clock: clockid_t) throws(Errno) -> UInt64 {
        var ts = timespec()
        guard clock_gettime(clock, &ts) == 0 else { throw Errno.fromHost() }
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func registerClock(_ t: inout [String: WASIFunction]) {
        define(&t, "clock_res_get", "ii") { _, c in
            var ts = timespec()
            guard clock_getres(try hostClock(c.i32(0)), &ts) == 0 else { throw Errno.fromHost() }
            try c.memory.store64(c.i32(1), max(1, UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)))
        }
        define(&t, "clock_time_get", "iIi") { _, c in
            try c.memory.store64(c.i32(2), try now(try hostClock(c.i32(0))))
        }
    }
}
