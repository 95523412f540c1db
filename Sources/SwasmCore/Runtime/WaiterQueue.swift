import Glibc

/// The threads blocked in `memory.atomic.wait32/64` on one shared memory,
/// per address, in arrival order, for `memory.atomic.notify`. Thread-safe:
/// a value check and the enqueueing that follows it happen under the same
/// lock that `notify` takes, so a notification after a writer's store
/// cannot be missed.
final class WaiterQueue: @unchecked Sendable {
    /// One blocked thread.
    private final class Waiter {
        var condition = pthread_cond_t()
        var notified = false

        init() {
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(&condition, &attributes)
            pthread_condattr_destroy(&attributes)
        }

        deinit { pthread_cond_destroy(&condition) }
    }

    private var mutex = pthread_mutex_t()
    private var waiters: [UInt64: [Waiter]] = [:]

    /// Outcomes of `wait`, as the instructions return them.
    static let woken: UInt32 = 0, notEqual: UInt32 = 1, timedOut: UInt32 = 2

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// Blocks the calling thread on `address` until notified (`woken`) or
    /// until `timeout` nanoseconds pass (`timedOut`; negative waits
    /// forever), unless `holdsExpected` (called under the lock) is false
    /// (`notEqual`, without blocking).
    func wait(address: UInt64, timeout: Int64, holdsExpected: () -> Bool) -> UInt32 {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard holdsExpected() else { return Self.notEqual }
        if timeout == 0 { return Self.timedOut }
        let waiter = Waiter()
        waiters[address, default: []].append(waiter)
        if timeout < 0 {
            while !waiter.notified { pthread_cond_wait(&waiter.condition, &mutex) }
        } else {
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let total = Int64(deadline.tv_nsec) + timeout % 1_000_000_000
            deadline.tv_sec += Int(timeout / 1_000_000_000 + total / 1_000_000_000)
            deadline.tv_nsec = Int(total % 1_000_000_000)
            while !waiter.notified {
                if pthread_cond_timedwait(&waiter.condition, &mutex, &deadline) == ETIMEDOUT { break }
            }
        }
        if waiter.notified { return Self.woken }
        waiters[address]?.removeAll { $0 === waiter }
        if waiters[address]?.isEmpty == true { waiters[address] = nil }
        return Self.timedOut
    }

    /// Wakes up to `count` threads waiting on `address`, oldest first;
    /// returns how many it woke.
    func notify(address: UInt64, count: UInt32) -> UInt32 {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard var queue = waiters[address], count > 0 else { return 0 }
        let woken = queue.prefix(Int(min(UInt32(queue.count), count)))
        for waiter in woken {
            waiter.notified = true
            pthread_cond_signal(&waiter.condition)
        }
        queue.removeFirst(woken.count)
        waiters[address] = queue.isEmpty ? nil : queue
        return UInt32(woken.count)
    }
}
