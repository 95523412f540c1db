import Glibc

/// sched_yield.
extension WASI {
    static func registerSched(_ t: inout [String: WASIFunction]) {
        define(&t, "sched_yield", "") { _, _ in _ = Glibc.sched_yield() }
    }
}
