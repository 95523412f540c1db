import Glibc

/// The native stack range wasm may use: machine code runs on it, and each
/// interpreter activation entered from the host (a host function calling
/// back into wasm) takes a frame of it.
enum StackBounds {
    /// Bytes kept free below the limit for host calls, the runtime and signal handling.
    static let reserve = 256 << 10

    /// glibc's `pthread_getattr_np` (a GNU extension the Swift overlay does not import).
    private static let getAttributes: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32)? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        return unsafeBitCast(sym, to: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32).self)
    }()

    /// Per-thread cache of the lowest stack address (glibc reads
    /// /proc/self/maps to answer for the main thread, too slow for every call).
    private static let lowKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Lowest address of the calling thread's stack (0 when unknown).
    static func threadStackLow() -> UInt {
        if let cached = pthread_getspecific(lowKey) { return UInt(bitPattern: cached) }
        var attr = pthread_attr_t()
        var low: UInt = 0
        if let getattr = getAttributes, getattr(pthread_self(), &attr) == 0 {
            var addr: UnsafeMutableRawPointer?
            var size = 0
            if pthread_attr_getstack(&attr, &addr, &size) == 0, let addr { low = UInt(bitPattern: addr) }
            pthread_attr_destroy(&attr)
        }
        if low != 0 { pthread_setspecific(lowKey, UnsafeRawPointer(bitPattern: low)) }
        return low
    }

    /// The current stack pointer (near enough: an address in this frame).
    @inline(__always) static func current() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Whether more than `reserve` bytes of the calling thread's stack are
    /// left below here (true when the thread's stack is unknown).
    static func hasRoom(reserve: Int) -> Bool {
        let low = threadStackLow()
        return low == 0 || current() > low + UInt(reserve)
    }

    /// The lowest stack pointer for a wasm activation starting here.
    static func limit(budget: Int) -> UInt {
        let sp = current()
        let byBudget = sp > UInt(budget) ? sp - UInt(budget) : 0
        return max(byBudget, threadStackLow() + UInt(reserve))
    }
}
