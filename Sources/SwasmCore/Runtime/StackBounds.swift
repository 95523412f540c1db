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

    /// Per-thread cache of the thread's stack range (glibc reads
    /// /proc/self/maps to answer for the main thread, too slow for every call).
    private static let lowKey = newKey(), highKey = newKey()

    private static func newKey() -> pthread_key_t {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }

    /// Lowest address of the stack the caller runs on (0 when unknown: also
    /// when it runs on a stack of its own, such as a fiber's, outside the
    /// thread's).
    static func threadStackLow() -> UInt {
        var low = UInt(bitPattern: pthread_getspecific(lowKey))
        var high = UInt(bitPattern: pthread_getspecific(highKey))
        if low == 0 {
            var attr = pthread_attr_t()
            if let getattr = getAttributes, getattr(pthread_self(), &attr) == 0 {
                var addr: UnsafeMutableRawPointer?
                var size = 0
                if pthread_attr_getstack(&attr, &addr, &size) == 0, let addr {
                    low = UInt(bitPattern: addr)
                    high = low + UInt(size)
                }
                pthread_attr_destroy(&attr)
            }
            guard low != 0 else { return 0 }
            pthread_setspecific(lowKey, UnsafeRawPointer(bitPattern: low))
            pthread_setspecific(highKey, UnsafeRawPointer(bitPattern: high))
        }
        let sp = current()
        return sp > low && sp <= high ? low : 0
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

    /// The lowest stack pointer for a wasm activation starting here: `budget`
    /// bytes below, and `reserve` above the bottom of the thread's stack when
    /// it is known.
    static func limit(budget: Int) -> UInt {
        let sp = current()
        let byBudget = sp > UInt(budget) ? sp - UInt(budget) : 0
        let low = threadStackLow()
        return low == 0 ? byBudget : max(byBudget, low + UInt(reserve))
    }
}
